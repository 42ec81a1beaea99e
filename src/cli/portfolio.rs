//! `apiassure portfolio DIR...`: one view over many workspaces, read one
//! at a time: a table, JSON or CSV; a management report (PDF, HTML or
//! Markdown); Parquet tables for the data lake; or the TUI portfolio screen.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use chrono::Utc;

use crate::portfolio::{self, Rollup, Summary, View, PORTFOLIO_JSON_VERSION, WEAKEST};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table per workspace, the spread per framework, the weakest controls.
    Table,
    /// JSON (docs/schema/portfolio.schema.json).
    Json,
    /// One row per workspace and framework.
    Csv,
    /// The management report as PDF (needs -o FILE).
    Pdf,
    /// The management report as HTML (needs -o FILE).
    Html,
    /// The management report as Markdown (needs -o FILE).
    Md,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Export {
    /// Apache Parquet tables (docs/guide/portfolio.md lists their columns).
    Parquet,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Workspace folders, folders whose subfolders are workspaces, or
    /// portfolio files (`portfolio.toml`: [[workspace]] path, team, owner, tier).
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Output format (default: table).
    #[arg(long, value_enum, conflicts_with_all = ["json", "export"])]
    pub format: Option<Format>,
    /// Same as --format json.
    #[arg(long)]
    pub json: bool,
    /// Write tables for BI tools and query engines instead (needs -o DIR).
    #[arg(long, value_enum, requires = "output")]
    pub export: Option<Export>,
    /// Output file (report formats) or folder (--export).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Require each workspace's runs, snapshots and answers to be signed by
    /// one of these Ed25519 public keys (as `verify --trust`).
    #[arg(long, value_name = "PUBKEY")]
    pub trust: Vec<String>,
    /// Open the portfolio screen: pick a workspace and open its assessment.
    #[arg(long, conflicts_with_all = ["format", "json", "export"])]
    pub tui: bool,
}

pub fn run(args: Args) -> Result<u8> {
    let members = portfolio::members(&args.dirs)?;
    if args.tui {
        return crate::tui::portfolio::run(members, args.trust).map(|_| 0);
    }
    let mut rollup = Rollup::default();
    let mut exporter = match (args.export, &args.output) {
        (Some(Export::Parquet), Some(dir)) => Some(portfolio::parquet::Exporter::create(dir)?),
        _ => None,
    };
    let workspaces = portfolio::walk(&members, &args.trust, |summary, opened| {
        rollup.add(summary, opened.map(|o| o.assessment));
        if let Some(x) = exporter.as_mut() {
            x.add(summary, opened)?;
        }
        Ok(())
    })?;
    let view = View {
        schema_version: PORTFOLIO_JSON_VERSION,
        generated_at: Utc::now(),
        frameworks: rollup.spreads(),
        weakest_controls: rollup.weakest(WEAKEST),
        workspaces,
    };
    let flagged = view.workspaces.iter().filter(|w| w.flagged()).count();
    if let Some(x) = exporter {
        let dir = args.output.clone().unwrap_or_default();
        let written = x.finish(&view)?;
        sayln!(
            "{} Parquet tables written to {} ({} workspaces)",
            written.len(),
            dir.display(),
            view.workspaces.len()
        );
        for (name, rows) in written {
            sayln!("  {name}: {rows} rows");
        }
        return Ok(u8::from(flagged > 0));
    }
    let format = match (args.format, args.json) {
        (Some(f), _) => f,
        (None, true) => Format::Json,
        (None, false) => Format::Table,
    };
    match format {
        Format::Json => outln!("{}", crate::cli::output::json_text(&view)?),
        Format::Csv => print_csv(&view)?,
        Format::Table => print_table(&view)?,
        Format::Pdf | Format::Html | Format::Md => {
            let Some(out) = &args.output else {
                bail!("--format {format:?} writes a file: give -o FILE");
            };
            let doc = portfolio::report::document(&view);
            let bytes = match format {
                Format::Pdf => crate::report::pdf::render(
                    &crate::report::layout::layout(&doc),
                    &crate::report::pdf::Meta {
                        author: String::new(),
                        subject: portfolio::report::TITLE.to_string(),
                    },
                )?,
                Format::Html => crate::report::html::render(&doc).into_bytes(),
                _ => crate::report::markdown::render(&doc).into_bytes(),
            };
            crate::workspace::atomic::write_atomic(out, &bytes)
                .with_context(|| format!("{}: cannot write the report", out.display()))?;
            sayln!(
                "portfolio report of {} workspaces written to {} (SHA-256 {})",
                view.workspaces.len(),
                out.display(),
                crate::workspace::evidence::sha256_hex(&bytes)
            );
        }
    }
    Ok(u8::from(flagged > 0))
}

fn score(s: Option<f64>) -> String {
    s.map_or_else(|| "-".to_string(), |v| format!("{v:.1}"))
}

fn verify_text(w: &Summary) -> String {
    if let Some(e) = &w.error {
        return format!("UNREADABLE: {e}");
    }
    if w.verify.ok {
        "ok".to_string()
    } else {
        format!(
            "{} PROBLEM(S): {}",
            w.verify.problems,
            w.verify.first_problem.as_deref().unwrap_or("")
        )
    }
}

fn print_table(view: &View) -> Result<()> {
    let fw: Vec<&str> = view
        .frameworks
        .iter()
        .map(|f| f.framework.as_str())
        .collect();
    let mut header = format!("{:<28} {:<14}", "WORKSPACE", "TEAM");
    for f in &fw {
        header.push_str(&format!(" {:>14}", crate::cli::cell(f, 14)));
    }
    header.push_str("  CONFL OVERDUE  LAST PROBE  VERIFY");
    outln!("{header}");
    for w in &view.workspaces {
        let mut line = format!(
            "{:<28} {:<14}",
            crate::cli::cell(&w.member.path, 28),
            crate::cli::cell(w.member.team.as_deref().unwrap_or("-"), 14)
        );
        for f in &fw {
            let cell = w.frameworks.iter().find(|x| x.id == *f).map_or_else(
                || "-".to_string(),
                |x| format!("{} {}", score(x.score), band_mark(&x.band)),
            );
            line.push_str(&format!(" {cell:>14}"));
        }
        line.push_str(&format!(
            "  {:>5} {:>7}  {:<10}  {}",
            w.conflicts,
            w.overdue,
            w.last_probe
                .map_or_else(|| "never".to_string(), |t| t.format("%Y-%m-%d").to_string()),
            verify_text(w)
        ));
        outln!("{line}");
    }
    outln!();
    outln!(
        "{:<16} {:>10} {:>7} {:>7}  {:<44} BANDS",
        "FRAMEWORK",
        "WORKSPACES",
        "MEAN",
        "WORST",
        "WORST WORKSPACE"
    );
    for s in &view.frameworks {
        outln!(
            "{:<16} {:>10} {:>7} {:>7}  {:<44} {}",
            crate::cli::cell(&s.framework, 16),
            s.workspaces,
            score(s.mean),
            score(s.worst),
            crate::cli::cell(s.worst_workspace.as_deref().unwrap_or("-"), 44),
            s.bands
                .iter()
                .map(|(b, n)| format!("{b} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if !view.weakest_controls.is_empty() {
        outln!();
        outln!("Weakest controls across the portfolio (mean score, workspaces under 50):");
        for c in &view.weakest_controls {
            outln!(
                "  {:<10} {:>5.1}  {:>4} of {:<4} {}",
                c.control,
                c.mean,
                c.below_50,
                c.scored,
                c.title
            );
        }
    }
    let flagged: Vec<&Summary> = view
        .workspaces
        .iter()
        .filter(|w| !w.verify.ok || w.error.is_some())
        .collect();
    if !flagged.is_empty() {
        outln!();
        outln!(
            "{} workspace(s) do not verify or cannot be read: their numbers are not evidence until `apiassure verify` passes there.",
            flagged.len()
        );
    }
    Ok(())
}

fn band_mark(band: &str) -> &'static str {
    match band {
        "ready" => "R",
        "minor gaps" => "m",
        "major gaps" => "M",
        "not ready" => "X",
        "insufficient coverage" => "?",
        _ => "-",
    }
}

fn csv_cell(s: &str) -> String {
    // Cells a spreadsheet would run as a formula are quoted with a leading '.
    let s = if s.starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn print_csv(view: &View) -> Result<()> {
    outln!("workspace,team,owner,tier,organisation,system,framework,score,band,coverage,evidence_coverage,conflicts,overdue,last_probe,verify_ok,verify_problems,error");
    for w in &view.workspaces {
        let rows: Vec<Option<&portfolio::FrameworkRow>> = if w.frameworks.is_empty() {
            vec![None]
        } else {
            w.frameworks.iter().map(Some).collect()
        };
        for f in rows {
            let cells = [
                w.member.path.clone(),
                w.member.team.clone().unwrap_or_default(),
                w.member.owner.clone().unwrap_or_default(),
                w.member.tier.clone().unwrap_or_default(),
                w.organisation.clone(),
                w.system.clone(),
                f.map(|f| f.id.clone()).unwrap_or_default(),
                f.and_then(|f| f.score)
                    .map(|s| format!("{s:.1}"))
                    .unwrap_or_default(),
                f.map(|f| f.band.clone()).unwrap_or_default(),
                f.map(|f| format!("{:.1}", f.coverage)).unwrap_or_default(),
                f.and_then(|f| f.evidence_coverage)
                    .map(|s| format!("{s:.1}"))
                    .unwrap_or_default(),
                w.conflicts.to_string(),
                w.overdue.to_string(),
                w.last_probe.map(|t| t.to_rfc3339()).unwrap_or_default(),
                w.verify.ok.to_string(),
                w.verify.problems.to_string(),
                w.error.clone().unwrap_or_default(),
            ];
            outln!(
                "{}",
                cells
                    .iter()
                    .map(|c| csv_cell(c))
                    .collect::<Vec<_>>()
                    .join(",")
            );
        }
    }
    Ok(())
}
