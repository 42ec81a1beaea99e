//! `apiassure probe [URL...]`: collect live evidence from declared targets
//! and store it in the workspace. Exit 0 when the run completed, whatever it
//! found (or 1 when `--fail-on` is reached); 2 on bad input.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use tokio_util::sync::CancellationToken;

use super::cell;
use crate::assessment::{self, Assessment};
use crate::model::CheckOutcome;
use crate::probe::runner::{self, ProbeEvent, ProbeRequest};
use crate::workspace::evidence::RunWriter;
use crate::workspace::Workspace;
use chrono::Utc;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Targets to probe (default: the [[targets]] in apiassure.toml).
    pub urls: Vec<String>,
    /// Extra trust anchors (PEM) for internal CAs.
    #[arg(long, value_name = "PEM")]
    pub ca_file: Option<PathBuf>,
    /// Targets probed at once (1 to 256).
    #[arg(long, value_name = "N",
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=runner::MAX_CONCURRENCY as u64))]
    pub concurrency: Option<usize>,
    /// Per connection / request timeout in seconds.
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<f64>,
    /// Run active tests: bounded request burst, forged tokens, malformed bodies.
    #[arg(long)]
    pub active: bool,
    /// Only this family of checks (default: all).
    #[arg(long, value_enum)]
    pub only: Option<runner::Family>,
    /// Connect to ADDRESS for HOST:PORT, still sending HOST as the server
    /// name (like curl); repeatable. Overrides a target's connect_to.
    #[arg(long, value_name = "HOST:PORT:ADDRESS")]
    pub resolve: Vec<crate::probe::identity::Resolve>,
    /// What to print on stdout: a table for people, the stored run as JSON,
    /// a short JSON summary, JUnit XML for CI test tabs, or SARIF 2.1.0 of
    /// the current failing and warning checks for code scanning.
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "json")]
    pub format: Option<ProbeFormat>,
    /// Same as --format json.
    #[arg(long)]
    pub json: bool,
    /// Exit 1 when a current result on a declared target reaches this level
    /// (error: a check's newest attempt failed; warn: warn or fail; fail;
    /// conflict: an answer contradicted by evidence).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
}

/// `probe --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProbeFormat {
    Table,
    Json,
    Summary,
    Junit,
    Sarif,
}

/// Version of `probe --format summary` (schema: docs/schema/probe-summary.schema.json).
pub const SUMMARY_VERSION: u32 = 1;

/// The `--fail-on` levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warn,
    Fail,
    Conflict,
}

pub fn run(ws: &Workspace, args: Args) -> Result<u8> {
    let timeout = match args.timeout {
        Some(t) if !(t > 0.0 && t <= runner::MAX_TIMEOUT_SECS) => {
            return Err(runner::ProbeError::BadInput(format!(
                "--timeout {t} is out of range: use more than 0 and at most {} seconds",
                runner::MAX_TIMEOUT_SECS
            ))
            .into())
        }
        Some(t) => Some(Duration::from_secs_f64(t)),
        None => None,
    };
    let req = ProbeRequest {
        urls: args.urls,
        active: args.active.then_some(true),
        concurrency: args.concurrency,
        timeout,
        ca_file: args.ca_file,
        only: args.only,
        resolve: args.resolve,
    };
    // Every file the run reads or writes is read before the first
    // connection: a damaged workspace stops here, with nothing contacted.
    // A lock that cannot be taken (a link, another writer) stops the run
    // before anything is contacted, not after every target was probed.
    drop(ws.lock()?);
    let mut assessment = Assessment::load(ws)?;
    ws.history().load()?;
    ws.evidence().manifest()?;
    ws.evidence().check_writable()?;
    let plan = runner::plan(ws.root(), &assessment.config, &req)?;
    if !super::output::quiet() {
        for w in &plan.warnings {
            errln!("warning: {w}");
        }
        for t in plan.targets.iter().filter(|t| t.adhoc) {
            errln!(
                "note: {} is not declared in apiassure.toml: it is probed and stored marked ad hoc, and does not count toward scores. To count it, declare it:\n  [[targets]]\n  url = \"{}\"",
                t.target.url, t.target.url
            );
        }
    }

    let bar = (!super::output::quiet() && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(plan.targets.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} targets  {wide_msg}")
                .expect("static template")
                .progress_chars("=> "),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    });
    let events = {
        let bar = bar.clone();
        move |e: ProbeEvent| {
            if let Some(bar) = &bar {
                match e {
                    ProbeEvent::Started { target, .. } => {
                        bar.set_message(crate::sanitize::line(&target).into_owned())
                    }
                    ProbeEvent::Finished { .. } => bar.inc(1),
                }
            }
        }
    };
    let cancel = CancellationToken::new();
    // Each target's evidence goes to disk as soon as it is done: memory does
    // not grow with the number of targets.
    assessment.release_evidence();
    let header = runner::run_header(&plan, Utc::now());
    let mut writer = RunWriter::begin(&ws.evidence(), &header)?;
    runner::run_plan_streaming(&plan, &assessment.catalog, &events, &cancel, &mut |t| {
        writer.add(&t).map_err(runner::ProbeError::from)
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let stored = assessment::finish_run(ws, &mut assessment, writer, Utc::now())?;
    let run = &stored.summary;

    let format = match (args.format, args.json) {
        (Some(f), _) => f,
        (None, true) => ProbeFormat::Json,
        (None, false) => ProbeFormat::Table,
    };
    if format == ProbeFormat::Summary {
        outln!(
            "{}",
            crate::cli::output::json_text(&summary(&stored, &assessment))?
        );
    } else if format == ProbeFormat::Junit {
        super::output::write(&crate::report::junit::probe(run))?;
    } else if format == ProbeFormat::Sarif {
        let (bytes, _) = crate::report::build(ws, crate::report::Format::Sarif, &[], None)?;
        super::output::write(&String::from_utf8_lossy(&bytes))?;
    } else if format == ProbeFormat::Json {
        // The run as stored, a target per line, each line through the JSON
        // sanitiser (the same values, no raw C1 or bidirectional character).
        use std::io::{BufRead, Write as _};
        let file = crate::workspace::evidence::run_lines(&stored.path)?;
        let mut out = std::io::stdout().lock();
        for line in file.lines() {
            out.write_all(crate::sanitize::json(&line?).as_bytes())?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
    } else if !super::output::quiet() {
        let declared: std::collections::HashMap<&str, &crate::scoring::TargetInput> = assessment
            .evidence
            .targets
            .iter()
            .map(|d| (d.url.as_str(), d))
            .collect();
        for t in &run.targets {
            sayln!(
                "\n{}{}",
                t.name
                    .as_deref()
                    .map_or(t.url.clone(), |n| format!("{n} ({})", t.url)),
                if t.adhoc {
                    "  [ad hoc: not scored]"
                } else {
                    ""
                }
            );
            let kept = declared.get(t.url.as_str());
            for c in &t.checks {
                sayln!(
                    "  {}  {}  {}",
                    cell(&marker(c.result), 5),
                    cell(c.id.as_str(), 18),
                    c.summary
                );
                if c.result != CheckOutcome::Error || t.adhoc {
                    continue;
                }
                if let Some(cur) = kept
                    .and_then(|k| k.checks.get(&c.id))
                    .and_then(|e| e.current.as_ref())
                {
                    sayln!(
                        "  {}  {}  the earlier result stays current: {} from {} (run {})",
                        cell("", 5),
                        cell("", 18),
                        cur.result,
                        cur.at.format("%Y-%m-%d %H:%M UTC"),
                        cur.run_id
                    );
                }
            }
        }
        let secs = (run.finished_at - run.started_at).num_milliseconds() as f64 / 1000.0;
        sayln!(
            "\nRun {} finished in {secs:.1} s; evidence stored in {} (hash in evidence/MANIFEST.sha256).",
            stored.id,
            stored.path.display()
        );
        let e = &assessment.card.evidence;
        sayln!(
            "Current evidence: {} of {} expected results on {} declared targets ({} stale, {} not verified, {} with a failed newest attempt). `apiassure score` shows the scores.",
            e.current,
            e.expected,
            e.targets,
            e.stale,
            e.not_verified,
            e.failed_attempts
        );
    }
    Ok(match args.fail_on {
        Some(level) => {
            let reached = fail_on_reached(&assessment, level);
            for line in reached.iter().take(20) {
                errln!("fail-on {}: {line}", level_name(level));
            }
            if reached.len() > 20 {
                errln!("fail-on: and {} more", reached.len() - 20);
            }
            u8::from(!reached.is_empty())
        }
        None => 0,
    })
}

/// The short machine summary of a stored run: what CI needs to decide and
/// link, without the observations (those stay in the run file).
fn summary(
    stored: &crate::workspace::evidence::StoredRun,
    assessment: &Assessment,
) -> serde_json::Value {
    use std::collections::BTreeMap;
    let run = &stored.summary;
    let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
    let targets: Vec<serde_json::Value> = run
        .targets
        .iter()
        .map(|t| {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            let mut problems = Vec::new();
            for c in &t.checks {
                *counts.entry(c.result.as_str()).or_default() += 1;
                *totals.entry(c.result.as_str()).or_default() += 1;
                if matches!(
                    c.result,
                    CheckOutcome::Fail | CheckOutcome::Warn | CheckOutcome::Error
                ) {
                    problems.push(serde_json::json!({
                        "check": c.id.as_str(),
                        "result": c.result.as_str(),
                        "summary": &*c.summary,
                    }));
                }
            }
            serde_json::json!({
                "name": t.name,
                "url": t.url,
                "adhoc": t.adhoc,
                "results": counts,
                "problems": problems,
            })
        })
        .collect();
    let e = &assessment.card.evidence;
    serde_json::json!({
        "schema_version": SUMMARY_VERSION,
        "run_id": stored.id,
        "file": stored.path.file_name().map(|n| n.to_string_lossy().into_owned()),
        "sha256": stored.sha256,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "results": totals,
        "targets": targets,
        "current_evidence": {
            "current": e.current,
            "expected": e.expected,
            "stale": e.stale,
            "not_verified": e.not_verified,
            "failed_attempts": e.failed_attempts,
        },
        "conflicts": assessment.card.conflicts.len(),
    })
}

fn level_name(level: FailOn) -> &'static str {
    match level {
        FailOn::Error => "error",
        FailOn::Warn => "warn",
        FailOn::Fail => "fail",
        FailOn::Conflict => "conflict",
    }
}

/// What reaches `level` among the current results of the declared targets.
pub fn fail_on_reached(assessment: &Assessment, level: FailOn) -> Vec<String> {
    if level == FailOn::Conflict {
        return assessment
            .card
            .conflicts
            .iter()
            .map(|c| {
                format!(
                    "{}: answered yes ({}) but {}",
                    c.control,
                    c.questions.join(", "),
                    c.evidence.join("; ")
                )
            })
            .collect();
    }
    let threshold = match level {
        FailOn::Error => CheckOutcome::Error,
        FailOn::Warn => CheckOutcome::Warn,
        _ => CheckOutcome::Fail,
    };
    let mut out = Vec::new();
    for t in &assessment.evidence.targets {
        for (id, e) in &t.checks {
            if let Some(c) = e.current.as_ref().filter(|c| c.result >= threshold) {
                out.push(format!("{id} on {}: {} ({})", t.label, c.result, c.summary));
            }
            if level == FailOn::Error {
                if let Some(a) = &e.attempt {
                    out.push(format!(
                        "{id} on {}: newest attempt failed ({})",
                        t.label, a.summary
                    ));
                }
            }
        }
    }
    out
}

fn marker(r: CheckOutcome) -> String {
    r.as_str().to_uppercase()
}
