//! `apiassure report`: write the audit report (PDF by default) and print its
//! path and SHA-256, so the file handed to an auditor can be identified later.

use std::path::PathBuf;

use anyhow::Result;

use crate::report::{self, Format};
use crate::workspace::Workspace;

#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Pdf)]
    pub format: Format,
    /// Where to write the report, `-` for standard output (default:
    /// reports/apiassure-report-<date and time>.<ext> in the workspace, never overwritten).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only this framework (repeatable); default: the frameworks in scope.
    #[arg(long = "framework", value_name = "ID")]
    pub frameworks: Vec<String>,
}

pub fn run(ws: &Workspace, args: Args) -> Result<u8> {
    if args.output.as_deref() == Some(std::path::Path::new("-")) {
        let (bytes, _) = report::build(ws, args.format, &args.frameworks)?;
        let mut out = std::io::stdout().lock();
        std::io::Write::write_all(&mut out, &bytes)?;
        std::io::Write::flush(&mut out)?;
        if !super::output::quiet() {
            errln!(
                "SHA-256: {}",
                crate::workspace::evidence::sha256_hex(&bytes)
            );
        }
        return Ok(0);
    }
    let (path, sha256) = report::export_frameworks(ws, args.format, args.output, &args.frameworks)?;
    sayln!("Report: {}", path.display());
    sayln!("SHA-256: {sha256}");
    Ok(0)
}
