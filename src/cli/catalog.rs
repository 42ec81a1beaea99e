//! `apiassure catalog check|list`.

use std::path::{Path, PathBuf};

use anyhow::Result;
use serde_json::json;

use crate::catalog;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Validate a catalog: unique ids, resolving mappings, reached controls, known checks, sane weights.
    Check {
        /// Folder with frameworks/ and questionnaires/ (default: the workspace). Checked on top of the embedded catalog.
        dir: Option<PathBuf>,
        /// Check the folder's files alone, without the embedded catalog.
        #[arg(long)]
        standalone: bool,
    },
    /// List frameworks, requirements, controls and questions.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(workspace: &Path, cmd: Command) -> Result<u8> {
    match cmd {
        Command::Check { dir, standalone } => {
            let dir = dir.unwrap_or_else(|| workspace.to_path_buf());
            let result = if standalone {
                catalog::load_dir_only(&dir)
            } else {
                catalog::load_with_overlay(&dir)
            };
            match result {
                Ok(cat) => {
                    sayln!(
                        "catalog ok: {} frameworks, {} requirements, {} domains, {} controls, {} questions",
                        cat.frameworks.len(),
                        cat.frameworks.iter().map(|f| f.requirements.len()).sum::<usize>(),
                        cat.domains.len(),
                        cat.controls.len(),
                        cat.questions().count()
                    );
                    Ok(0)
                }
                Err(errors) => {
                    for d in &errors.0 {
                        errln!("{d}");
                    }
                    errln!("catalog check failed: {} problem(s)", errors.0.len());
                    Ok(2)
                }
            }
        }
        Command::List { json } => {
            // Outside a workspace the embedded catalog is listed.
            let cat = catalog::load_with_overlay(workspace)?;
            if json {
                let value = json!({
                    "frameworks": cat.frameworks.iter().map(|f| json!({
                        "id": f.id,
                        "name": f.name,
                        "version": f.version,
                        "description": f.description,
                        "requirements": f.requirements,
                    })).collect::<Vec<_>>(),
                    "domains": cat.domains,
                    "controls": cat.controls,
                    "checks": crate::checks::CHECKS.iter().map(|c| json!({
                        "id": c.id, "title": c.title, "rule": c.rule, "active": c.active,
                    })).collect::<Vec<_>>(),
                });
                outln!("{}", crate::cli::output::json_text(&value)?);
            } else {
                for f in &cat.frameworks {
                    sayln!(
                        "{}  {} ({} requirements)",
                        f.id,
                        f.name,
                        f.requirements.len()
                    );
                }
                sayln!();
                for d in &cat.domains {
                    sayln!("{}  {}", d.id, d.title);
                    for c in cat.controls_in_domain(&d.id) {
                        sayln!(
                            "  {:<10} {} [{} questions{}]",
                            c.id,
                            c.title,
                            c.questions.len(),
                            if c.checks.is_empty() {
                                String::new()
                            } else {
                                format!("; checks: {}", c.checks.join(", "))
                            }
                        );
                    }
                }
            }
            Ok(0)
        }
    }
}
