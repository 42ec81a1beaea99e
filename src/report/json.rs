//! JSON output: the Scorecard with its full explanation tree plus the report
//! metadata, for tools that post-process an assessment (dashboards, GRC
//! imports). The scorecard keeps the shape `apiassure score --json` prints.

use super::ReportError;
use serde::Serialize;

use super::ReportData;
use crate::scoring::Scorecard;
use crate::workspace::history::Snapshot;

#[derive(Serialize)]
struct Report<'a> {
    report: Meta<'a>,
    scorecard: Scorecard,
    integrity: Vec<Integrity<'a>>,
    history: &'a [Snapshot],
    /// The ISO/IEC 27001:2022 Statement of Applicability (all 93 Annex A
    /// controls), when the report covers ISO 27001.
    #[serde(skip_serializing_if = "Option::is_none")]
    statement_of_applicability: Option<Vec<super::soa::SoaRow>>,
}

#[derive(Serialize)]
struct Meta<'a> {
    generated_at: String,
    tool: &'static str,
    tool_version: &'a str,
    organisation: &'a str,
    system: &'a str,
    scope: &'a str,
    assessor: &'a str,
    frameworks: &'a [String],
    evidence_run: Option<&'a str>,
    document_id: String,
    period: super::build::Period,
}

#[derive(Serialize)]
struct Integrity<'a> {
    file: &'a str,
    sha256: &'a str,
    status: &'static str,
}

pub fn render(data: &ReportData) -> Result<Vec<u8>, ReportError> {
    let mut card = data.card.clone();
    card.frameworks.retain(|f| data.frameworks.contains(&f.id));
    card.frameworks
        .sort_by_key(|f| data.frameworks.iter().position(|s| s == &f.id));
    let report = Report {
        report: Meta {
            generated_at: data.generated_at.to_rfc3339(),
            tool: "apiassure",
            tool_version: &data.tool_version,
            organisation: &data.config.organisation.name,
            system: &data.config.system.name,
            scope: &data.config.system.scope,
            assessor: &data.config.assessment.assessor,
            frameworks: &data.frameworks,
            evidence_run: data.card.evidence.latest_run.as_deref(),
            document_id: super::build::document_id(data),
            period: super::build::period(data),
        },
        scorecard: card,
        integrity: data
            .integrity
            .iter()
            .map(|r| Integrity {
                file: &r.file,
                sha256: &r.sha256,
                status: r.status_label(),
            })
            .collect(),
        history: &data.history,
        statement_of_applicability: super::soa::rows(data),
    };
    let mut bytes = serde_json::to_vec_pretty(&report)?;
    bytes.push(b'\n');
    Ok(bytes)
}
