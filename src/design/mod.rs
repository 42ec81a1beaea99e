//! Design evidence: what the API's own contract promises, read from its
//! OpenAPI document (every operation, not the one endpoint a probe sees).
//!
//! `located` parses YAML or JSON with positions, `rules` names the rules,
//! `lint` applies them, `sarif` writes findings for code scanning. Findings
//! are summarised per rule family into check results (`openapi.*`), which
//! the catalog's controls cite like any probe check, so a weak design lowers
//! an answer and a contradicted `yes` shows as a conflict.

pub mod lint;
pub mod located;
pub mod oauth;
pub mod refs;
pub mod rules;
pub mod sarif;
pub mod swagger;

use crate::model::checks::CheckId;
use crate::model::{Catalog, CheckOutcome, CheckResult};

pub use lint::{Finding, LintError};
pub use rules::{Rule, Severity, RULES};

/// Why a document could not be reviewed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("not valid YAML or JSON at {0}")]
    Parse(#[from] located::ParseError),
    #[error("{0}")]
    NotOpenapi(#[from] LintError),
}

/// Parse and review a document read from `path`, following its references
/// to files in the same folder tree (see [`refs`]).
pub fn review_file(
    text: &str,
    path: Option<&std::path::Path>,
) -> Result<Vec<Finding>, DocumentError> {
    let doc = located::parse(text)?;
    review_located(doc, path)
}

/// Review a parsed document, following its references (see [`refs`]).
pub fn review_located(
    doc: located::Located,
    path: Option<&std::path::Path>,
) -> Result<Vec<Finding>, DocumentError> {
    let bundle = refs::bundle(doc, path);
    let findings = lint::lint(&bundle.doc)?;
    Ok(bundle.finish(findings))
}

/// The checks the rules feed, in report order.
pub fn checks() -> Vec<CheckId> {
    let mut ids: Vec<CheckId> = RULES.iter().map(|r| r.check).collect();
    ids.sort_by_key(|id| id.rank());
    ids.dedup();
    ids
}

/// One check result per rule family: fail on any error finding, warn on any
/// warning, pass when the family found nothing. Details name each finding
/// with its place (`source:line:column`), so the evidence file says where.
pub fn check_results(source: &str, findings: &[Finding]) -> Vec<CheckResult> {
    checks()
        .into_iter()
        .map(|id| {
            let mine: Vec<&Finding> = findings.iter().filter(|f| f.rule.check == id).collect();
            let worst = mine.iter().map(|f| f.rule.severity).max();
            let outcome = match worst {
                Some(Severity::Error) => CheckOutcome::Fail,
                Some(Severity::Warning) => CheckOutcome::Warn,
                _ => CheckOutcome::Pass,
            };
            let owasp: Vec<&str> = {
                let mut o: Vec<&str> = rules::RULES
                    .iter()
                    .filter(|r| r.check == id)
                    .map(|r| r.owasp)
                    .collect();
                o.dedup();
                o
            };
            let summary = if mine.is_empty() {
                format!(
                    "{source}: no {} findings ({}).",
                    id.def().title.trim_start_matches("OpenAPI: "),
                    owasp.join(", ")
                )
            } else {
                const SHOWN: usize = 3;
                let mut listed: Vec<String> = mine
                    .iter()
                    .take(SHOWN)
                    .map(|f| format!("{} at line {}:{}", f.rule.id, f.pos.line, f.pos.column))
                    .collect();
                if mine.len() > SHOWN {
                    listed.push(format!("{} more", mine.len() - SHOWN));
                }
                format!(
                    "{source}: {} finding{}: {} ({}).",
                    mine.len(),
                    if mine.len() == 1 { "" } else { "s" },
                    listed.join(", "),
                    owasp.join(", ")
                )
            };
            let details = mine
                .iter()
                .map(|f| {
                    format!(
                        "{} {}:{}:{} {}: {}",
                        f.rule.severity.as_str(),
                        source,
                        f.pos.line,
                        f.pos.column,
                        f.rule.id,
                        f.message
                    )
                })
                .collect();
            CheckResult::new(id, outcome, summary).with_details(details)
        })
        .collect()
}

/// The catalog controls a check is evidence for (those citing it).
pub fn controls_for(catalog: &Catalog, check: CheckId) -> Vec<String> {
    catalog
        .controls
        .iter()
        .filter(|c| c.checks.iter().any(|k| k == check.as_str()))
        .map(|c| c.id.clone())
        .collect()
}
