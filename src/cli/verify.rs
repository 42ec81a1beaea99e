//! `apiassure verify [--trust PUBKEY] [--head HASH] [--json]`: recompute the
//! journal's hash chain and every file's hash; exit 1 when anything does
//! not hold.

use anyhow::Result;

use crate::workspace::signing;
use crate::workspace::verify::{self, Severity, VerifyOptions};
use crate::workspace::Workspace;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Require every probe run, snapshot and answer on disk to be covered by
    /// a signature of this Ed25519 public key (base64, as `apiassure keygen`
    /// prints it). Repeat for several trusted keys.
    #[arg(long, value_name = "PUBKEY")]
    pub trust: Vec<String>,
    /// Require the journal to contain this entry (a head printed on a
    /// report; at least 12 hex digits).
    #[arg(long, value_name = "HASH")]
    pub head: Option<String>,
    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
    /// Check an audit pack instead of the workspace: every file against
    /// SHA256SUMS, nothing added, and the signature (with --trust, by one of
    /// those keys). Needs no workspace.
    #[arg(long, value_name = "DIR", conflicts_with = "head")]
    pub pack: Option<std::path::PathBuf>,
}

/// `apiassure verify --pack DIR`.
pub fn run_pack(dir: &std::path::Path, args: &Args) -> Result<u8> {
    let report = crate::report::pack::verify(dir, &args.trust)?;
    if args.json {
        outln!("{}", crate::cli::output::json_text(&report)?);
        return Ok(u8::from(!report.ok()));
    }
    print_findings(&report.findings)?;
    let problems = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Problem)
        .count();
    sayln!(
        "{} files checked against SHA256SUMS; {problems} problem(s){}{}",
        report.files_checked,
        report
            .document_id
            .as_ref()
            .map(|d| format!("; document {d}"))
            .unwrap_or_default(),
        report
            .signed_by
            .as_ref()
            .map(|k| format!("; signed by key {k}"))
            .unwrap_or_default()
    );
    Ok(u8::from(!report.ok()))
}

pub fn run(ws: &Workspace, args: Args) -> Result<u8> {
    let report = verify::verify(
        ws,
        &VerifyOptions {
            trust: args.trust,
            head: args.head,
        },
    )?;
    if args.json {
        outln!("{}", crate::cli::output::json_text(&report)?);
    } else {
        print_findings(&report.findings)?;
        let problems = report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Problem)
            .count();
        let interrupted = report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Interrupted)
            .count();
        sayln!(
            "{} journal entries, {} runs, {} snapshots checked; {problems} problem(s), {interrupted} interrupted write(s)",
            report.entries,
            report.runs_checked,
            report.snapshots_checked
        );
        sayln!(
            "journal head{}: {}",
            if report.heads.len() == 1 { "" } else { "s" },
            if report.heads.is_empty() {
                "(empty journal)".to_string()
            } else {
                report.heads.join(", ")
            }
        );
        if !report.signers.is_empty() {
            sayln!("signed by key fingerprints: {}", report.signers.join(", "));
        }
    }
    Ok(u8::from(!report.ok()))
}

/// `apiassure keygen FILE`: make an Ed25519 signing key.
#[derive(Debug, clap::Args)]
pub struct KeygenArgs {
    /// Where to write the private key (never overwritten; mode 0600).
    pub file: std::path::PathBuf,
}

pub fn keygen(args: KeygenArgs) -> Result<u8> {
    let key = signing::Signer::generate(&args.file)?;
    sayln!("Signing key written to {}", args.file.display());
    sayln!("Public key: {}", key.public_key());
    sayln!("Fingerprint: {}", signing::fingerprint(&key.public_key()));
    sayln!(
        "Sign with: export {}={}   Check with: apiassure verify --trust {}",
        signing::SIGNING_KEY_ENV,
        args.file.display(),
        key.public_key()
    );
    Ok(0)
}

/// One line per finding, the severity first.
fn print_findings(findings: &[verify::Finding]) -> Result<()> {
    for f in findings {
        let label = match f.severity {
            Severity::Problem => "PROBLEM    ",
            Severity::Interrupted => "INTERRUPTED",
            Severity::Notice => "notice     ",
        };
        sayln!("{label}  {}: {}", f.subject, f.message);
    }
    Ok(())
}
