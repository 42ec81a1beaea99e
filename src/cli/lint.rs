//! `apiassure lint [FILE...]`: the OpenAPI security review, for people (a
//! code review with the offending lines), for scripts (`--json`) and for
//! code scanning (`--format sarif`). Without files it reviews the local
//! OpenAPI documents the workspace's targets declare. No workspace is needed
//! for files: controls then come from the embedded catalog.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use serde_json::json;

use crate::design::{self, Finding, Severity};
use crate::model::Catalog;

/// Version of `lint --json` (schema: docs/schema/lint.schema.json).
pub const LINT_JSON_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LintFormat {
    /// A code review: each finding with its line.
    Table,
    /// JSON (docs/schema/lint.schema.json).
    Json,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Note,
    /// Never exit 1 for findings.
    Never,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// OpenAPI 3.0 / 3.1 or Swagger 2.0 documents, YAML or JSON (default:
    /// the local `openapi` files the workspace's targets declare).
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, conflicts_with = "json")]
    pub format: Option<LintFormat>,
    /// Same as --format json.
    #[arg(long)]
    pub json: bool,
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "SEVERITY")]
    pub fail_on: FailOn,
    /// The largest document read, in MiB (a document takes about 14 times
    /// its size in memory while it is reviewed).
    #[arg(long, value_name = "MIB", default_value_t = DEFAULT_MAX_MIB)]
    pub max_size: u64,
}

/// The default `--max-size`: GitHub's and Microsoft Graph's descriptions
/// (13-78 MB) are read whole.
pub const DEFAULT_MAX_MIB: u64 = crate::files::cap::OPENAPI >> 20;

/// A document's text, at most `max_mib` MiB; over it, the error says how
/// to raise the limit.
fn read_document(path: &Path, max_mib: u64) -> std::io::Result<String> {
    let cap = max_mib.saturating_mul(1 << 20);
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.is_file() && meta.len() > cap {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "{} MB, over the {max_mib} MiB limit: raise it with --max-size {} (about 14 times the document's size in memory)",
                    meta.len() / 1_000_000,
                    meta.len().div_ceil(1 << 20)
                ),
            ));
        }
    }
    crate::files::read_text(path, cap)
}

/// One reviewed document.
struct Reviewed {
    file: String,
    text: String,
    result: Result<Vec<Finding>, String>,
}

pub fn run(workspace: Option<&Path>, args: Args) -> Result<u8> {
    let format = match (args.format, args.json) {
        (Some(f), _) => f,
        (None, true) => LintFormat::Json,
        (None, false) => LintFormat::Table,
    };
    let ws = workspace.and_then(|w| crate::workspace::Workspace::open(w).ok());
    let catalog = match &ws {
        Some(ws) => ws.catalog()?,
        None => crate::catalog::load_embedded()?,
    };
    let files: Vec<(String, PathBuf)> = if args.files.is_empty() {
        let Some(ws) = &ws else {
            bail!("no files given and no workspace here: `apiassure lint openapi.yaml`, or run it in a workspace whose targets declare `openapi` files");
        };
        let mut out: Vec<(String, PathBuf)> = Vec::new();
        for t in ws.config()?.targets {
            let Some(doc) = t.openapi else { continue };
            if doc.starts_with("http://") || doc.starts_with("https://") {
                if !crate::cli::output::quiet() {
                    errln!("note: {doc} is a URL: `apiassure probe` fetches and reviews it; lint reviews files");
                }
                continue;
            }
            if !out.iter().any(|(d, _)| *d == doc) {
                out.push((doc.clone(), ws.root().join(&doc)));
            }
        }
        if out.is_empty() {
            bail!(
                "no targets in {} declare a local `openapi` file: give the files to review",
                ws.root().join("apiassure.toml").display()
            );
        }
        out
    } else {
        args.files
            .iter()
            .map(|p| (p.display().to_string(), p.clone()))
            .collect()
    };
    let reviewed: Vec<Reviewed> = files
        .into_iter()
        .map(|(file, path)| match read_document(&path, args.max_size) {
            Ok(text) => {
                let result = design::review_file(&text, Some(&path)).map_err(|e| e.to_string());
                // Only the table quotes source lines: the other formats do
                // not keep every document's text while the rest are read.
                let text = if format == LintFormat::Table {
                    text
                } else {
                    String::new()
                };
                Reviewed { file, text, result }
            }
            Err(e) => Reviewed {
                file,
                text: String::new(),
                result: Err(e.to_string()),
            },
        })
        .collect();

    match format {
        LintFormat::Json => outln!(
            "{}",
            crate::cli::output::json_text(&as_json(&reviewed, &catalog))?
        ),
        LintFormat::Sarif => {
            let docs: Vec<(String, Vec<Finding>)> = reviewed
                .iter()
                .filter_map(|r| r.result.as_ref().ok().map(|f| (r.file.clone(), f.clone())))
                .collect();
            outln!(
                "{}",
                crate::cli::output::json_text(&design::sarif::render(&docs))?
            )
        }
        LintFormat::Table => {
            if !crate::cli::output::quiet() {
                print_review(&reviewed, &catalog)?;
            }
        }
    }
    let unreadable: Vec<String> = reviewed
        .iter()
        .filter_map(|r| r.result.as_ref().err().map(|e| format!("{}: {e}", r.file)))
        .collect();
    if !unreadable.is_empty() {
        bail!("{}", unreadable.join("\n"));
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Note => Some(Severity::Note),
        FailOn::Never => None,
    };
    let reached = threshold.is_some_and(|t| {
        reviewed
            .iter()
            .filter_map(|r| r.result.as_ref().ok())
            .flatten()
            .any(|f| f.rule.severity >= t)
    });
    Ok(u8::from(reached))
}

fn controls(catalog: &Catalog, f: &Finding) -> Vec<String> {
    design::controls_for(catalog, f.rule.check)
}

fn as_json(reviewed: &[Reviewed], catalog: &Catalog) -> serde_json::Value {
    let documents: Vec<serde_json::Value> = reviewed
        .iter()
        .map(|r| match &r.result {
            Ok(findings) => json!({
                "file": r.file,
                "findings": findings.iter().map(|f| json!({
                    "rule": f.rule.id,
                    "severity": f.rule.severity.as_str(),
                    "message": f.message,
                    "pointer": f.pointer,
                    "line": f.pos.line,
                    "column": f.pos.column,
                    "owasp": f.rule.owasp,
                    "check": f.rule.check.as_str(),
                    "controls": controls(catalog, f),
                })).collect::<Vec<_>>(),
            }),
            Err(e) => json!({"file": r.file, "findings": [], "error": e}),
        })
        .collect();
    json!({"schema_version": LINT_JSON_VERSION, "documents": documents})
}

fn print_review(reviewed: &[Reviewed], catalog: &Catalog) -> Result<()> {
    let (mut errors, mut warnings, mut notes) = (0, 0, 0);
    for r in reviewed {
        let findings = match &r.result {
            Ok(f) => f,
            Err(e) => {
                outln!("{}: cannot review: {e}\n", r.file);
                continue;
            }
        };
        let lines: Vec<&str> = r.text.lines().collect();
        for f in findings {
            match f.rule.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Note => notes += 1,
            }
            outln!(
                "{}:{}:{}: {} [{}] {}",
                r.file,
                f.pos.line,
                f.pos.column,
                f.rule.severity.as_str(),
                f.rule.id,
                f.message
            );
            if let Some(src) = lines.get(f.pos.line as usize - 1) {
                let src: String = src.chars().take(120).collect();
                outln!("  {:>5} | {src}", f.pos.line);
                outln!(
                    "        | {}^",
                    " ".repeat((f.pos.column as usize).saturating_sub(1).min(120))
                );
            }
            let cs = controls(catalog, f);
            outln!(
                "  {} · {}{}\n",
                f.rule.title,
                f.rule.owasp,
                if cs.is_empty() {
                    String::new()
                } else {
                    format!(" · evidence for {}", cs.join(", "))
                }
            );
        }
        if findings.is_empty() {
            outln!("{}: no findings", r.file);
        }
    }
    let failed = reviewed.iter().filter(|r| r.result.is_err()).count();
    outln!(
        "{errors} error(s), {warnings} warning(s), {notes} note(s) in {} document(s) reviewed{}",
        reviewed.len() - failed,
        if failed > 0 {
            format!("; {failed} NOT reviewed (see above): their problems are unknown, not absent")
        } else {
            String::new()
        }
    );
    Ok(())
}
