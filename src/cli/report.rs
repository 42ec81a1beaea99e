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
    /// Write the audit pack into the folder given with -o: every format with
    /// one document id, the attached files, SHA256SUMS and (with
    /// APIASSURE_SIGNING_KEY) its detached Ed25519 signature; recorded in
    /// the journal with a version number.
    #[arg(long, requires = "output", conflicts_with = "format")]
    pub pack: bool,
    /// The audit period, START..END (dates, inclusive): adds the operating
    /// effectiveness section (default: [audit] period in apiassure.toml).
    #[arg(long, value_name = "START..END")]
    pub period: Option<crate::period::Period>,
    /// Who makes the pack (default: $APIASSURE_USER, git's user.name, the login name).
    #[arg(long, requires = "pack")]
    pub by: Option<String>,
}

pub fn run(ws: &Workspace, args: Args) -> Result<u8> {
    if args.pack {
        let Some(dir) = args.output.as_deref() else {
            anyhow::bail!("--pack needs -o DIR: the folder to write the pack into");
        };
        let Some(by) = crate::workspace::identity(args.by.as_deref(), ws.root()) else {
            anyhow::bail!("{}", crate::workspace::NO_IDENTITY);
        };
        crate::workspace::check_person(&by)?;
        let w = report::pack::write(ws, dir, &args.frameworks, args.period, &by)?;
        sayln!("Pack: {}", w.dir.display());
        sayln!("Document: {} version {}", w.document_id, w.version);
        sayln!("Files: {} (SHA256SUMS SHA-256 {})", w.files, w.sums_sha256);
        match &w.signed_by {
            Some(fp) => sayln!("Signed: SHA256SUMS.sig by key {fp}"),
            None => sayln!(
                "Not signed: set {} to sign SHA256SUMS",
                crate::workspace::signing::SIGNING_KEY_ENV
            ),
        }
        return Ok(0);
    }
    if args.output.as_deref() == Some(std::path::Path::new("-")) {
        let (bytes, _) = report::build(ws, args.format, &args.frameworks, args.period)?;
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
    let (path, sha256) =
        report::export_frameworks(ws, args.format, args.output, &args.frameworks, args.period)?;
    sayln!("Report: {}", path.display());
    sayln!("SHA-256: {sha256}");
    Ok(0)
}
