//! `apiassure evidence list|verify|show`: the stored probe runs and their integrity.

use anyhow::Result;

use crate::workspace::evidence::Verification;
use crate::workspace::Workspace;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List stored probe runs, oldest first.
    List {
        /// Print JSON (schema: docs/schema/evidence-list.schema.json).
        #[arg(long)]
        json: bool,
    },
    /// Check every evidence file against evidence/MANIFEST.sha256 and the journal (exit 1 on any mismatch).
    Verify,
    /// Print one run's JSON (default: the latest).
    Show { run_id: Option<String> },
}

pub fn run(ws: &Workspace, cmd: Command) -> Result<u8> {
    let store = ws.evidence();
    match cmd {
        Command::List { json: true } => {
            let manifest = store.manifest()?;
            let mut runs = Vec::new();
            for id in store.run_ids()? {
                let run = store.load(&id)?;
                let file = format!("{id}.json");
                runs.push(serde_json::json!({
                    "run_id": id,
                    "file": format!("evidence/{file}"),
                    "sha256": manifest.get(&file),
                    "started_at": run.started_at,
                    "finished_at": run.finished_at,
                    "targets": run.targets.len(),
                    "adhoc_targets": run.targets.iter().filter(|t| t.adhoc).count(),
                    "check_results": run.targets.iter().map(|t| t.checks.len()).sum::<usize>(),
                }));
            }
            outln!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({
                    "schema_version": 1,
                    "runs": runs,
                }))?
            );
            Ok(0)
        }
        Command::List { json: false } => {
            let ids = store.run_ids()?;
            if ids.is_empty() {
                outln!("no evidence yet: run `apiassure probe`");
            }
            for id in ids {
                let run = store.load(&id)?;
                let checks: usize = run.targets.iter().map(|t| t.checks.len()).sum();
                outln!(
                    "{id}  {}  {} targets  {checks} check results",
                    run.finished_at.format("%Y-%m-%d %H:%M:%SZ"),
                    run.targets.len()
                );
            }
            Ok(0)
        }
        Command::Verify => {
            let results = store.verify()?;
            let mut bad = 0;
            for (name, v) in &results {
                match v {
                    Verification::Ok => outln!("ok        {name}"),
                    Verification::Modified { expected, actual } => {
                        bad += 1;
                        outln!("MODIFIED  {name} (manifest {expected}, file {actual})");
                    }
                    Verification::Missing => {
                        bad += 1;
                        outln!("MISSING   {name}");
                    }
                    Verification::Unlisted => {
                        bad += 1;
                        outln!("UNLISTED  {name} (not in the manifest)");
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
                outln!("JOURNAL   {}: {}", f.subject, f.message);
            }
            outln!("{} files checked, {bad} problem(s)", results.len());
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
            outln!("{}", serde_json::to_string_pretty(&run)?);
            Ok(0)
        }
    }
}
