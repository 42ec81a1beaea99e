//! `apiassure evidence list|verify|show`: the stored probe runs and their integrity.

use anyhow::Result;

use super::output::{self, Format, FormatArgs};
use crate::workspace::evidence::Verification;
use crate::workspace::Workspace;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List stored probe runs, oldest first.
    List {
        /// table, json (docs/schema/evidence-list.schema.json) or csv.
        #[command(flatten)]
        output: FormatArgs,
    },
    /// Check every evidence file against evidence/MANIFEST.sha256 and the journal (exit 1 on any mismatch).
    Verify,
    /// Print one run's JSON (default: the latest).
    Show { run_id: Option<String> },
}

pub fn run(ws: &Workspace, cmd: Command) -> Result<u8> {
    let store = ws.evidence();
    match cmd {
        Command::List { output: out } => {
            let manifest = store.manifest()?;
            let mut runs = Vec::new();
            for id in store.run_ids()? {
                let run = store.load(&id)?;
                let file = store.run_file(&id);
                runs.push(RunRow {
                    sha256: manifest.get(&file).cloned(),
                    file: format!("evidence/{file}"),
                    run_id: id,
                    started_at: run.started_at,
                    finished_at: run.finished_at,
                    targets: run.targets.len(),
                    adhoc_targets: run.targets.iter().filter(|t| t.adhoc).count(),
                    check_results: run.targets.iter().map(|t| t.checks.len()).sum(),
                });
            }
            match out.format() {
                Format::Json => outln!(
                    "{}",
                    crate::cli::output::json_text(&serde_json::json!({
                        "schema_version": 1,
                        "runs": runs,
                    }))?
                ),
                Format::Csv => output::write(&output::csv(
                    &[
                        "run_id",
                        "file",
                        "sha256",
                        "started_at",
                        "finished_at",
                        "targets",
                        "adhoc_targets",
                        "check_results",
                    ],
                    runs.iter().map(|r| {
                        vec![
                            r.run_id.clone(),
                            r.file.clone(),
                            r.sha256.clone().unwrap_or_default(),
                            r.started_at.to_rfc3339(),
                            r.finished_at.to_rfc3339(),
                            r.targets.to_string(),
                            r.adhoc_targets.to_string(),
                            r.check_results.to_string(),
                        ]
                    }),
                ))?,
                Format::Table => {
                    if runs.is_empty() {
                        sayln!("no evidence yet: run `apiassure probe`");
                    }
                    for r in &runs {
                        sayln!(
                            "{}  {}  {} targets  {} check results",
                            r.run_id,
                            r.finished_at.format("%Y-%m-%d %H:%M:%SZ"),
                            r.targets,
                            r.check_results
                        );
                    }
                }
            }
            Ok(0)
        }
        Command::Verify => {
            let results = store.verify()?;
            let mut bad = 0;
            for (name, v) in &results {
                match v {
                    Verification::Ok => sayln!("ok        {name}"),
                    Verification::Modified { expected, actual } => {
                        bad += 1;
                        sayln!("MODIFIED  {name} (manifest {expected}, file {actual})");
                    }
                    Verification::Missing => {
                        bad += 1;
                        sayln!("MISSING   {name}");
                    }
                    Verification::Unlisted => {
                        bad += 1;
                        sayln!("UNLISTED  {name} (not in the manifest)");
                    }
                }
            }
            // The journal keeps each run's hash too: a manifest recomputed
            // after an edit does not hide it (the evidence part of `verify`).
            let full = crate::workspace::verify::verify(ws, &Default::default())?;
            for f in full
                .findings
                .iter()
                .filter(|f| f.subject.starts_with("evidence/"))
                .filter(|f| f.severity != crate::workspace::verify::Severity::Notice)
            {
                bad += 1;
                sayln!("JOURNAL   {}: {}", f.subject, f.message);
            }
            sayln!("{} files checked, {bad} problem(s)", results.len());
            Ok(if bad > 0 { 1 } else { 0 })
        }
        Command::Show { run_id } => {
            let run = match run_id {
                Some(id) => store.load(&id)?,
                None => match store.latest()? {
                    Some(r) => r,
                    None => anyhow::bail!("no evidence yet: run `apiassure probe`"),
                },
            };
            outln!("{}", crate::cli::output::json_text(&run)?);
            Ok(0)
        }
    }
}

#[derive(serde::Serialize)]
struct RunRow {
    run_id: String,
    file: String,
    sha256: Option<String>,
    started_at: chrono::DateTime<chrono::Utc>,
    finished_at: chrono::DateTime<chrono::Utc>,
    targets: usize,
    adhoc_targets: usize,
    check_results: usize,
}
