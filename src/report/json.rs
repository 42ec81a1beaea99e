//! JSON output: the Scorecard with its full explanation tree plus the report
//! metadata, for tools that post-process an assessment (dashboards, GRC
//! imports). The scorecard keeps the shape `apiassure score --json` prints.

use super::ReportError;
use serde::Serialize;

use super::ReportData;
use crate::scoring::Scorecard;
use crate::workspace::history::Snapshot;

/// Version of the JSON report's shape.
/// 2: the Statement of Applicability became management's decisions
/// (`rows`, `undecided`, `conflicts`); document control was added.
pub const REPORT_JSON_VERSION: u32 = 2;

#[derive(Serialize)]
struct Report<'a> {
    schema_version: u32,
    report: Meta<'a>,
    scorecard: Scorecard,
    integrity: Vec<Integrity<'a>>,
    history: &'a [Snapshot],
    /// Every answer as recorded: value, note, evidence links, who, when.
    answers: &'a std::collections::BTreeMap<String, crate::model::Answer>,
    /// Each question's recorded changes, from the journal.
    answer_history: &'a std::collections::BTreeMap<String, Vec<String>>,
    /// Per declared target, the current result of every check with what
    /// was observed and when (the raw observations are in the run files).
    observations: Vec<TargetObservations<'a>>,
    /// The ISO/IEC 27001:2022 Statement of Applicability (all 93 Annex A
    /// controls), when the report covers ISO 27001.
    #[serde(skip_serializing_if = "Option::is_none")]
    statement_of_applicability: Option<super::soa::Statement>,
    /// Operating effectiveness over the declared audit period.
    #[serde(skip_serializing_if = "Option::is_none")]
    operating_effectiveness: Option<&'a crate::period::PeriodReport>,
    /// Controls inherited from other workspaces, with the answers used.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    inherited: Vec<Inherited<'a>>,
}

#[derive(Serialize)]
struct Inherited<'a> {
    workspace: &'a str,
    system: &'a str,
    journal_heads: &'a [String],
    controls: &'a [String],
    answers: &'a std::collections::BTreeMap<String, crate::model::Answer>,
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
    /// The journal head(s) the report describes (`verify --head` checks it).
    journal_heads: &'a [String],
    period: super::build::Period,
    /// The classification marking ("Confidential" unless configured).
    classification: &'a str,
    /// This document's version when written as an audit pack, else null.
    version: Option<u32>,
    /// The audit packs the journal records (the revision history).
    revision_history: &'a [super::PackRecord],
    /// Approvals of this document id (`approve --report`).
    approvals: Vec<&'a super::ReportApproval>,
}

#[derive(Serialize)]
struct TargetObservations<'a> {
    target: &'a str,
    url: &'a str,
    checks: Vec<Observation<'a>>,
    /// The API inventory from the target's access logs, when read.
    #[serde(skip_serializing_if = "Option::is_none")]
    inventory: Option<&'a crate::model::evidence::traffic::TrafficObservation>,
}

#[derive(Serialize)]
struct Observation<'a> {
    check: &'static str,
    /// pass, warn, fail, info; `not tested` when no conclusive result exists.
    result: String,
    summary: Option<&'a str>,
    observed_at: Option<String>,
    run_id: Option<&'a str>,
    stale: bool,
    /// The newest attempt, when it failed after the current result.
    last_failed_attempt: Option<&'a str>,
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
        schema_version: REPORT_JSON_VERSION,
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
            journal_heads: &data.journal_heads,
            period: super::build::period(data),
            classification: &data.classification,
            version: data.pack_version,
            revision_history: &data.packs,
            approvals: {
                let id = super::build::document_id(data);
                data.report_approvals
                    .iter()
                    .filter(|a| a.document_id == id)
                    .collect()
            },
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
        answers: &data.answers.answers,
        answer_history: &data.answer_history,
        inherited: data
            .inherited
            .iter()
            .map(|i| Inherited {
                workspace: &i.workspace,
                system: &i.system,
                journal_heads: &i.heads,
                controls: &i.controls,
                answers: &i.answers,
            })
            .collect(),
        observations: data
            .evidence
            .targets
            .iter()
            .map(|t| TargetObservations {
                target: &t.label,
                url: &t.url,
                inventory: data.inventories.get(&t.url),
                checks: t
                    .checks
                    .iter()
                    .map(|(id, e)| Observation {
                        check: id.as_str(),
                        result: e
                            .current
                            .as_ref()
                            .map_or_else(|| "not tested".to_string(), |c| c.result.to_string()),
                        summary: e.current.as_ref().map(|c| &*c.summary),
                        observed_at: e.current.as_ref().map(|c| c.at.to_rfc3339()),
                        run_id: e.current.as_ref().map(|c| &*c.run_id),
                        stale: e
                            .current
                            .as_ref()
                            .is_some_and(|c| data.policy_is_stale(c.at)),
                        last_failed_attempt: e.attempt.as_ref().map(|a| &*a.summary),
                    })
                    .collect(),
            })
            .collect(),
        statement_of_applicability: super::soa::statement(data),
        operating_effectiveness: data.period.as_ref(),
    };
    let mut bytes = serde_json::to_vec_pretty(&report)?;
    bytes.push(b'\n');
    Ok(bytes)
}
