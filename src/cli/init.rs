//! `apiassure init`: create a workspace.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::workspace::Workspace;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to create the workspace in (default: --workspace).
    pub dir: Option<PathBuf>,
    /// Organisation name for reports.
    #[arg(long)]
    pub org: Option<String>,
    /// Name of the system or API product under assessment.
    #[arg(long)]
    pub system: Option<String>,
}

pub fn run(workspace: &Path, args: Args) -> Result<u8> {
    let dir = args.dir.unwrap_or_else(|| workspace.to_path_buf());
    let ws = Workspace::init(
        &dir,
        args.org.as_deref().unwrap_or(""),
        args.system.as_deref().unwrap_or(""),
    )?;
    let catalog = ws.catalog()?;
    sayln!("Created an apiassure workspace in {}", ws.root().display());
    sayln!(
        "  apiassure.toml  organisation, scope, frameworks and probe targets (edit it)\n  answers.toml    your answers ({} questions in {} controls to go)",
        catalog.questions().count(),
        catalog.controls.len()
    );
    sayln!("Next: `apiassure` for the interactive assessment, or `apiassure questions` and `apiassure answer ID yes`.");
    Ok(0)
}
