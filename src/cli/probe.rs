//! `apiassure probe [URL...]`: collect live evidence from declared targets
//! and store it in the workspace. Exit 0 when the run completed, whatever it
//! found; 2 on bad input.

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
use crate::workspace::Workspace;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Targets to probe (default: the [[targets]] in apiassure.toml).
    pub urls: Vec<String>,
    /// Extra trust anchors (PEM) for internal CAs.
    #[arg(long, value_name = "PEM")]
    pub ca_file: Option<PathBuf>,
    /// Targets probed at once.
    #[arg(long, value_name = "N")]
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
    /// Print the run as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// No progress bar and no summary.
    #[arg(long)]
    pub quiet: bool,
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
    };
    // Every file the run reads or writes is read before the first
    // connection: a damaged workspace stops here, with nothing contacted.
    let mut assessment = Assessment::load(ws)?;
    ws.history().load()?;
    ws.evidence().manifest()?;
    let plan = runner::plan(ws.root(), &assessment.config, &req)?;
    if !args.quiet {
        for w in &plan.warnings {
            eprintln!("warning: {w}");
        }
    }

    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
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
                    ProbeEvent::Started { target, .. } => bar.set_message(target),
                    ProbeEvent::Finished { .. } => bar.inc(1),
                }
            }
        }
    };
    let cancel = CancellationToken::new();
    let run = runner::run_plan(&plan, &assessment.catalog, &events, &cancel)?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let path = assessment::store_run(ws, &mut assessment, &run)?;

    if args.json {
        outln!("{}", serde_json::to_string_pretty(&run)?);
    } else if !args.quiet {
        for t in &run.targets {
            outln!(
                "\n{}",
                t.name
                    .as_deref()
                    .map_or(t.url.clone(), |n| format!("{n} ({})", t.url))
            );
            for c in &t.checks {
                outln!(
                    "  {}  {}  {}",
                    cell(&marker(c.result), 5),
                    cell(c.id.as_str(), 18),
                    c.summary
                );
            }
        }
        let secs = (run.finished_at - run.started_at).num_milliseconds() as f64 / 1000.0;
        outln!(
            "\nRun {} finished in {secs:.1} s; evidence stored in {} (hash in evidence/MANIFEST.sha256).",
            run.run_id,
            path.display()
        );
        outln!("`apiassure score` now includes these results.");
    }
    Ok(0)
}

fn marker(r: CheckOutcome) -> String {
    r.as_str().to_uppercase()
}
