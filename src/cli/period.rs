//! The audit period from the command line:
//!
//! - `apiassure period [START..END] [--json]`: operating effectiveness over
//!   the period (default: `[audit] period`): each control's status, every
//!   exception with its id, monitoring gaps and periodic practices.
//! - `apiassure activity CONTROL --on DATE --note TEXT [--attach FILE]...`:
//!   record an occurrence of a control's periodic practice (journaled).
//! - `apiassure respond EXCEPTION --text TEXT`: management's response to an
//!   exception (journaled, shown with it in the reports).

use anyhow::{bail, Result};

use crate::model::journal::Change;
use crate::period::{self, Period};
use crate::workspace::{identity, Workspace, NO_IDENTITY};

/// The period given, or `[audit] period`.
pub fn period_or_config(ws: &Workspace, given: Option<Period>) -> Result<Option<Period>> {
    if given.is_some() {
        return Ok(given);
    }
    match ws.config()?.audit.period {
        Some(s) => {
            Ok(Some(Period::parse(&s).map_err(|e| {
                anyhow::anyhow!("apiassure.toml [audit] period: {e}")
            })?))
        }
        None => Ok(None),
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The period, START..END (default: [audit] period in apiassure.toml).
    #[arg(value_name = "START..END")]
    pub period: Option<Period>,
    /// Print the whole analysis as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ws: &Workspace, args: Args) -> Result<u8> {
    let Some(p) = period_or_config(ws, args.period)? else {
        bail!("give the period (apiassure period 2026-01-01..2026-12-31) or set [audit] period in apiassure.toml");
    };
    let config = ws.config()?;
    let catalog = ws.catalog()?;
    let report = period::analyse(ws, &catalog, &config, p, chrono::Utc::now())?;
    if args.json {
        outln!("{}", crate::cli::output::json_text(&report)?);
        return Ok(0);
    }
    outln!("Operating effectiveness, {p}");
    outln!(
        "{} runs read ({} left out: missing or changed), {} observations; a silence over {} days is a gap",
        report.runs,
        report.runs_left_out,
        report.observations,
        report.max_gap_days
    );
    for c in &report.controls {
        outln!(
            "  {} {} {}: {}",
            super::cell(&c.control, 9),
            super::cell(c.status.label(), 26),
            super::cell(&c.title, 34),
            c.reason
        );
    }
    if report.attested_only > 0 {
        outln!(
            "  ({} controls have neither automated checks nor a periodic practice: their operation rests on the answers)",
            report.attested_only
        );
    }
    if !report.exceptions.is_empty() {
        outln!("Exceptions:");
        for e in &report.exceptions {
            let what = match (&e.target, &e.check) {
                (Some(t), Some(k)) => format!("{k} on {t}"),
                _ => e.controls.join(", "),
            };
            let end = match e.end {
                Some(t) if !e.open => t.format("%Y-%m-%d %H:%M").to_string(),
                _ => "still open".into(),
            };
            outln!(
                "  {}  {} {}  {} to {} ({} days){}",
                e.id,
                e.result,
                what,
                e.start.format("%Y-%m-%d %H:%M"),
                end,
                e.duration_days,
                if e.responses.is_empty() {
                    String::new()
                } else {
                    format!("; response by {}", e.responses[e.responses.len() - 1].by)
                }
            );
        }
    }
    if !report.gaps.is_empty() {
        outln!("Monitoring gaps:");
        for g in &report.gaps {
            outln!(
                "  {}  {} to {} ({} days)",
                g.target,
                g.from.format("%Y-%m-%d"),
                g.to.format("%Y-%m-%d"),
                g.days
            );
        }
    }
    Ok(0)
}

#[derive(Debug, clap::Args)]
pub struct ActivityArgs {
    /// Control id, e.g. AUTHZ-04 (its periodic practice: an access review).
    pub control: String,
    /// The day it happened (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub on: chrono::NaiveDate,
    /// What was done.
    #[arg(long, value_name = "TEXT")]
    pub note: String,
    /// A file that shows it (repeatable), stored by SHA-256.
    #[arg(long = "attach", value_name = "FILE")]
    pub attach: Vec<std::path::PathBuf>,
    /// Who records it (default: $APIASSURE_USER, git's user.name, the login name).
    #[arg(long)]
    pub by: Option<String>,
}

pub fn activity(ws: &Workspace, args: ActivityArgs) -> Result<u8> {
    let catalog = ws.catalog()?;
    if catalog.control(&args.control).is_none() {
        bail!(
            "unknown control '{}': list them with `apiassure catalog list`",
            args.control
        );
    }
    if args.note.trim().is_empty() {
        bail!("--note needs what was done");
    }
    let Some(by) = identity(args.by.as_deref(), ws.root()) else {
        bail!("{NO_IDENTITY}");
    };
    crate::workspace::check_person(&by)?;
    let now = chrono::Utc::now();
    if args.on > now.date_naive() {
        bail!("--on {} is in the future: record what happened", args.on);
    }
    let cap = ws.config()?.report.attachment_max_mib;
    let mut attachments = Vec::new();
    for f in &args.attach {
        let s = ws.store_attachment(f, cap)?;
        attachments.push(crate::model::answers::Attachment {
            name: s.name,
            size: s.size,
            sha256: s.sha256,
            by: by.clone(),
            at: now,
            covers: None,
        });
    }
    let n = attachments.len();
    ws.record_one(
        Change::Activity {
            control: args.control.clone(),
            on: args.on,
            note: args.note.trim().to_string(),
            attachments,
        },
        &by,
    )?;
    sayln!(
        "{}: activity on {} recorded by {by}{}",
        args.control,
        args.on,
        if n > 0 {
            format!(" with {n} file(s)")
        } else {
            String::new()
        }
    );
    Ok(0)
}

#[derive(Debug, clap::Args)]
pub struct RespondArgs {
    /// The exception id, as `apiassure period` and the reports show it (EX-...).
    pub exception: String,
    /// Management's response: cause, remediation, risk accepted until when.
    #[arg(long, value_name = "TEXT")]
    pub text: String,
    /// The period the exception belongs to (default: [audit] period).
    #[arg(long, value_name = "START..END")]
    pub period: Option<Period>,
    /// Who responds (default: $APIASSURE_USER, git's user.name, the login name).
    #[arg(long)]
    pub by: Option<String>,
}

pub fn respond(ws: &Workspace, args: RespondArgs) -> Result<u8> {
    let id = args.exception.trim().to_ascii_uppercase();
    if args.text.trim().is_empty() {
        bail!("--text needs the response");
    }
    let Some(by) = identity(args.by.as_deref(), ws.root()) else {
        bail!("{NO_IDENTITY}");
    };
    crate::workspace::check_person(&by)?;
    // The exception must exist in the period it is answered for.
    if let Some(p) = period_or_config(ws, args.period)? {
        let report = period::analyse(ws, &ws.catalog()?, &ws.config()?, p, chrono::Utc::now())?;
        if !report.exceptions.iter().any(|e| e.id == id) {
            bail!("{id} is not an exception of {p}: list them with `apiassure period`");
        }
    } else {
        bail!("give --period START..END (or set [audit] period) so the exception can be found");
    }
    ws.record_one(
        Change::Response {
            exception: id.clone(),
            text: args.text.trim().to_string(),
        },
        &by,
    )?;
    sayln!("{id}: response recorded by {by}");
    Ok(0)
}
