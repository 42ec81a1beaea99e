//! The ISO/IEC 27001:2022 Statement of Applicability: all 93 Annex A
//! controls, each with management's decision from `soa.toml` (applicable or
//! excluded, why, status, owner, who decided and when) or marked "not
//! decided". The catalog only *proposes*: for a control the API catalog maps,
//! the row shows the proposal, the answers and the score as supporting
//! evidence, and a decision the assessment disagrees with is a conflict,
//! shown beside the decision and never replacing it. `na` answers never
//! exclude a control.

use serde::Serialize;

use super::ReportData;
use crate::catalog::annex_a::ANNEX_A;
use crate::catalog::ISO_FRAMEWORK;
use crate::model::soa::{SoaEntry, SoaStatus};
use crate::model::AnswerValue;
use crate::scoring::{fmt_score, RequirementScore};

pub const NOT_DECIDED: &str = "not decided";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SoaRow {
    pub id: &'static str,
    pub title: &'static str,
    pub theme: &'static str,
    /// `yes`, `no`, or `not decided`.
    pub applicable: &'static str,
    /// Management's justification (empty while not decided).
    pub justification: String,
    /// The decided status, `excluded`, or `not decided`.
    pub status: String,
    pub owner: String,
    /// Who decided, and when (RFC 3339), empty while not decided.
    pub decided_by: String,
    pub decided_at: String,
    /// What the catalog proposes, and why: never a decision.
    pub proposal: String,
    /// The assessment's view (score and answers), for controls the API
    /// catalog maps; empty otherwise.
    pub assessment: String,
    /// Where the evidence is.
    pub evidence: String,
    /// Why the assessment disagrees with the decision, if it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<String>,
}

/// The Statement of Applicability and what it still lacks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statement {
    pub rows: Vec<SoaRow>,
    /// Controls nobody decided: while any remain the SoA is incomplete.
    pub undecided: Vec<&'static str>,
    /// Controls whose decision the assessment disagrees with.
    pub conflicts: Vec<&'static str>,
}

impl Statement {
    pub fn complete(&self) -> bool {
        self.undecided.is_empty()
    }

    pub fn count(&self, applicable: &str) -> usize {
        self.rows
            .iter()
            .filter(|r| r.applicable == applicable)
            .count()
    }
}

/// What the statement is made from.
pub struct Inputs<'a> {
    pub catalog: &'a crate::model::Catalog,
    pub card: &'a crate::scoring::Scorecard,
    pub answers: &'a crate::model::AnswerSet,
    pub soa: Option<&'a crate::model::soa::Soa>,
}

/// The statement, or None when the report does not cover ISO/IEC 27001.
pub fn statement(data: &ReportData) -> Option<Statement> {
    if !data.frameworks.iter().any(|f| f == ISO_FRAMEWORK) {
        return None;
    }
    statement_of(&Inputs {
        catalog: &data.catalog,
        card: &data.card,
        answers: &data.answers,
        soa: data.soa.as_ref(),
    })
}

/// The statement from its parts (the TUI has no report data), or None
/// when the catalog has no ISO/IEC 27001 framework.
pub fn statement_of(data: &Inputs) -> Option<Statement> {
    let fw = data.card.framework(ISO_FRAMEWORK)?;
    let rows: Vec<SoaRow> = ANNEX_A
        .iter()
        .map(|&(id, title, theme)| {
            let req = fw.requirements.iter().find(|r| r.id == id);
            let decision = data.soa.and_then(|s| s.get(id));
            row(data, (id, title, theme), req, decision)
        })
        .collect();
    let undecided = rows
        .iter()
        .filter(|r| r.applicable == NOT_DECIDED)
        .map(|r| r.id)
        .collect();
    let conflicts = rows
        .iter()
        .filter(|r| r.conflict.is_some())
        .map(|r| r.id)
        .collect();
    Some(Statement {
        rows,
        undecided,
        conflicts,
    })
}

/// What the mapped questions' answers say.
#[derive(Debug, Default)]
struct Answers {
    total: usize,
    yes: Vec<String>,
    partial: Vec<String>,
    no: Vec<String>,
    na: Vec<String>,
    open: usize,
}

fn answers(data: &Inputs, req: &RequirementScore) -> Answers {
    let mut out = Answers::default();
    for q in req
        .controls
        .iter()
        .filter_map(|c| data.catalog.control(c))
        .flat_map(|c| c.questions.iter())
    {
        out.total += 1;
        match data.answers.get(&q.id).map(|a| a.answer) {
            Some(AnswerValue::Yes) => out.yes.push(q.id.clone()),
            Some(AnswerValue::Partial) => out.partial.push(q.id.clone()),
            Some(AnswerValue::No) | Some(AnswerValue::Accepted) => out.no.push(q.id.clone()),
            Some(AnswerValue::Na) => out.na.push(q.id.clone()),
            None => out.open += 1,
        }
    }
    out
}

/// The status the assessment's score suggests (never applied: shown).
fn suggested(score: f64) -> SoaStatus {
    if score >= 90.0 {
        SoaStatus::Implemented
    } else if score >= 50.0 {
        SoaStatus::PartiallyImplemented
    } else {
        SoaStatus::NotImplemented
    }
}

fn row(
    data: &Inputs,
    (id, title, theme): (&'static str, &'static str, &'static str),
    req: Option<&RequirementScore>,
    decision: Option<&SoaEntry>,
) -> SoaRow {
    let mapped = req.map(|r| (r, answers(data, r)));
    let (proposal, assessment) = match &mapped {
        Some((r, a)) => {
            let proposal = format!(
                "applicable: the API catalog maps {} to it",
                r.controls.join(", ")
            );
            let mut view = match r.score {
                Some(s) => format!("scores {} (suggests {})", fmt_score(Some(s)), suggested(s)),
                None => "not scored".to_string(),
            };
            view.push_str(&format!(
                "; answers: {} yes, {} partial, {} no, {} n/a, {} open of {}",
                a.yes.len(),
                a.partial.len(),
                a.no.len(),
                a.na.len(),
                a.open,
                a.total
            ));
            if !a.na.is_empty() && a.na.len() == a.total {
                view.push_str("; every mapped question is n/a, which does not exclude the control: management decides");
            }
            (proposal, view)
        }
        None => (
            "none: outside the API catalog; management decides".to_string(),
            String::new(),
        ),
    };
    let report_evidence = req.map(|r| {
        format!(
            "this report: ISO/IEC 27001 requirements table, {id}; controls {}",
            r.controls.join(", ")
        )
    });
    let Some(d) = decision else {
        return SoaRow {
            id,
            title,
            theme,
            applicable: NOT_DECIDED,
            justification: String::new(),
            status: NOT_DECIDED.into(),
            owner: String::new(),
            decided_by: String::new(),
            decided_at: String::new(),
            proposal,
            assessment,
            evidence: report_evidence.unwrap_or_else(|| "none".into()),
            conflict: None,
        };
    };
    let conflict = mapped.as_ref().and_then(|(r, a)| disagreement(d, r, a));
    let evidence = [
        (!d.evidence.trim().is_empty()).then(|| d.evidence.clone()),
        report_evidence,
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("; ");
    SoaRow {
        id,
        title,
        theme,
        applicable: if d.applicable { "yes" } else { "no" },
        justification: d.justification.clone(),
        status: if !d.applicable {
            "excluded".into()
        } else {
            d.status
                .map_or_else(|| "not stated".to_string(), |s| s.to_string())
        },
        owner: d.owner.clone(),
        decided_by: d.by.clone(),
        decided_at: d.at.map(|t| t.to_rfc3339()).unwrap_or_default(),
        proposal,
        assessment,
        evidence: if evidence.is_empty() {
            "none given".into()
        } else {
            evidence
        },
        conflict,
    }
}

/// Where a decision and the assessment disagree.
fn disagreement(d: &SoaEntry, r: &RequirementScore, a: &Answers) -> Option<String> {
    if !d.applicable {
        let said: Vec<&str> = a
            .yes
            .iter()
            .chain(a.partial.iter())
            .map(String::as_str)
            .collect();
        return (!said.is_empty()).then(|| {
            format!(
                "excluded, but {} of its mapped answers say it is implemented ({})",
                said.len(),
                said.join(", ")
            )
        });
    }
    if a.total > 0 && a.na.len() == a.total {
        return Some("applicable, but every mapped question is answered n/a".into());
    }
    let all_yes = a.total > 0 && a.yes.len() == a.total;
    match (d.status?, r.score) {
        (SoaStatus::Implemented, Some(s)) if s < 90.0 => Some(format!(
            "decided implemented, but the assessment scores {}{}",
            fmt_score(Some(s)),
            if a.no.is_empty() {
                String::new()
            } else {
                format!(" (answered no: {})", a.no.join(", "))
            }
        )),
        (SoaStatus::PartiallyImplemented, _) if all_yes => Some(format!(
            "decided partially implemented, but every mapped answer is yes{}",
            r.score
                .map(|s| format!(" (scores {})", fmt_score(Some(s))))
                .unwrap_or_default()
        )),
        (SoaStatus::NotImplemented | SoaStatus::Planned, Some(s)) if s >= 90.0 => Some(format!(
            "decided {}, but the assessment scores {}",
            d.status?,
            fmt_score(Some(s))
        )),
        _ => None,
    }
}
