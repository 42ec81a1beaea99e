//! The ISO/IEC 27001:2022 Statement of Applicability: all 93 Annex A
//! controls, each applicable or excluded with its justification, its
//! implementation status and where the evidence is. Controls the API catalog
//! covers are judged from the assessment (an ISO requirement whose every
//! question is `na` is excluded, with the answers' reasons); the others come
//! from the workspace's `soa.toml`, or are listed as outside this
//! assessment's scope, never omitted.

use serde::Serialize;

use super::ReportData;
use crate::catalog::annex_a::ANNEX_A;
use crate::catalog::ISO_FRAMEWORK;
use crate::scoring::fmt_score;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SoaRow {
    pub id: &'static str,
    pub title: &'static str,
    pub theme: &'static str,
    /// `yes`, `no`, or `not decided` (outside the catalog and not in soa.toml).
    pub applicable: &'static str,
    pub justification: String,
    pub status: String,
    /// Where the evidence is: this report's sections and controls, or what
    /// soa.toml names.
    pub evidence: String,
    /// `assessment` (scored here), `soa.toml`, or `outside scope`.
    pub source: &'static str,
}

/// The 93 rows, or None when the report does not cover ISO/IEC 27001.
pub fn rows(data: &ReportData) -> Option<Vec<SoaRow>> {
    if !data.frameworks.iter().any(|f| f == ISO_FRAMEWORK) {
        return None;
    }
    let fw = data.card.framework(ISO_FRAMEWORK)?;
    let out = ANNEX_A
        .iter()
        .map(|&(id, title, theme)| {
            if let Some(req) = fw.requirements.iter().find(|r| r.id == id) {
                return assessed(data, id, title, theme, req);
            }
            match data.soa.as_ref().and_then(|s| s.controls.get(id)) {
                Some(e) => SoaRow {
                    id,
                    title,
                    theme,
                    applicable: if e.applicable { "yes" } else { "no" },
                    justification: if e.justification.trim().is_empty() {
                        "(no justification given in soa.toml)".into()
                    } else {
                        e.justification.clone()
                    },
                    status: if !e.applicable {
                        "excluded".into()
                    } else if e.status.trim().is_empty() {
                        "not stated".into()
                    } else {
                        e.status.clone()
                    },
                    evidence: if e.evidence.trim().is_empty() {
                        "soa.toml".into()
                    } else {
                        format!("{} (soa.toml)", e.evidence)
                    },
                    source: "soa.toml",
                },
                None => SoaRow {
                    id,
                    title,
                    theme,
                    applicable: "not decided",
                    justification: "Outside this assessment's scope: not in the API catalog; decide it in the ISMS's SoA or soa.toml.".into(),
                    status: "not assessed".into(),
                    evidence: "none in this report".into(),
                    source: "outside scope",
                },
            }
        })
        .collect();
    Some(out)
}

fn assessed(
    data: &ReportData,
    id: &'static str,
    title: &'static str,
    theme: &'static str,
    req: &crate::scoring::RequirementScore,
) -> SoaRow {
    let controls: Vec<_> = req
        .controls
        .iter()
        .filter_map(|c| data.card.control(c))
        .collect();
    let questions: Vec<_> = controls.iter().flat_map(|c| c.questions.iter()).collect();
    let not_assessed = questions.iter().filter(|q| q.not_assessed).count();
    let evidence = format!(
        "ISO/IEC 27001 requirements table, {id}; control details {}",
        req.controls.join(", ")
    );
    let Some(score) = req.score else {
        // Every mapped question is n/a with a reason: excluded, and why.
        let mut reasons: Vec<String> = questions
            .iter()
            .filter_map(|q| data.answers.get(&q.id))
            .map(|a| a.note.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect();
        reasons.sort();
        reasons.dedup();
        return SoaRow {
            id,
            title,
            theme,
            applicable: "no",
            justification: if reasons.is_empty() {
                "every mapped question answered n/a".into()
            } else {
                format!("n/a: {}", reasons.join("; "))
            },
            status: "excluded".into(),
            evidence,
            source: "assessment",
        };
    };
    let accepted: Vec<String> = questions
        .iter()
        .filter_map(|q| data.answers.get(&q.id).map(|a| (q, a)))
        .filter_map(|(q, a)| {
            a.acceptance
                .as_ref()
                .filter(|_| a.answer == crate::model::AnswerValue::Accepted)
                .map(|acc| {
                    format!(
                        "{} accepted by {} until {}",
                        q.id, acc.approver, acc.expires
                    )
                })
        })
        .collect();
    let accepted = if accepted.is_empty() {
        String::new()
    } else {
        format!("; risk accepted: {}", accepted.join(", "))
    };
    let status = if not_assessed > 0 {
        format!(
            "not fully assessed ({not_assessed} of {} questions open), scores {}",
            questions.len(),
            fmt_score(Some(score))
        )
    } else if score >= 90.0 {
        format!("implemented ({})", fmt_score(Some(score)))
    } else if score >= 50.0 {
        format!("partially implemented ({})", fmt_score(Some(score)))
    } else {
        format!("not implemented ({})", fmt_score(Some(score)))
    };
    let status = format!("{status}{accepted}");
    SoaRow {
        id,
        title,
        theme,
        applicable: "yes",
        justification:
            "An API programme must meet it: the assessed API catalog maps controls to it.".into(),
        status,
        evidence,
        source: "assessment",
    }
}
