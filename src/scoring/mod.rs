//! Scoring: pure functions from (catalog, answers, evidence) to scores that
//! explain themselves. No clock, no disk.
//!
//! Rules (also in the README, with a worked example):
//! - question: yes 1, partial 0.5, no 0; `na` is left out; unanswered counts 0
//!   and is reported as *not assessed*;
//! - check result: pass 1, warn 0.5, fail 0; `info` and `error` are left out
//!   but reported;
//! - control: attested = mean of its questions; automated = mean of its check
//!   results over every target of the evidence run; score = min(attested,
//!   automated), so evidence can lower an attestation but never raise it. A
//!   question answered `yes` while a check of the same control failed is a
//!   *conflict*;
//! - requirement: mean of its controls (n/a controls left out);
//! - framework: weighted mean of its requirements, 0-100, with coverage (share
//!   of its questions answered) and a status band.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::model::{
    AnswerSet, AnswerValue, Catalog, CheckOutcome, Control, EvidenceRun, Framework,
};

/// Status band of a framework or requirement score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Band {
    /// 90 and above.
    Ready,
    /// 75 to under 90.
    MinorGaps,
    /// 50 to under 75.
    MajorGaps,
    /// Under 50.
    NotReady,
    /// Nothing applicable to score.
    NotApplicable,
}

impl Band {
    pub fn of(score: Option<f64>) -> Band {
        match score {
            None => Band::NotApplicable,
            Some(s) if s >= 90.0 => Band::Ready,
            Some(s) if s >= 75.0 => Band::MinorGaps,
            Some(s) if s >= 50.0 => Band::MajorGaps,
            Some(_) => Band::NotReady,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Band::Ready => "ready",
            Band::MinorGaps => "minor gaps",
            Band::MajorGaps => "major gaps",
            Band::NotReady => "not ready",
            Band::NotApplicable => "n/a",
        }
    }
}

/// How one question contributed.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionScore {
    pub id: String,
    pub answer: Option<AnswerValue>,
    /// Points counted: None for `na`; 0 for unanswered.
    pub points: Option<f64>,
    pub not_assessed: bool,
}

/// One check result that reached a control.
#[derive(Debug, Clone, Serialize)]
pub struct CheckEvidence {
    pub check: String,
    pub target: String,
    pub result: CheckOutcome,
    pub summary: String,
    /// Points counted: None for info and error.
    pub points: Option<f64>,
}

/// An answer contradicted by evidence: evidence wins and the conflict shows.
#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    pub control: String,
    /// Questions answered `yes`.
    pub questions: Vec<String>,
    /// Failing check results, as `check on target: summary`.
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ControlScore {
    pub id: String,
    pub title: String,
    pub domain: String,
    /// 0-100, None when every question is `na`.
    pub score: Option<f64>,
    pub attested: Option<f64>,
    pub automated: Option<f64>,
    /// True when evidence pulled the score below the attestation.
    pub limited_by_evidence: bool,
    pub not_assessed: usize,
    pub questions: Vec<QuestionScore>,
    pub checks: Vec<CheckEvidence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<Conflict>,
    /// One line on why the control scores what it does.
    pub explanation: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequirementScore {
    pub id: String,
    pub title: String,
    pub weight: f64,
    pub score: Option<f64>,
    pub band: Band,
    pub provenance: String,
    pub controls: Vec<String>,
    pub explanation: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FrameworkScore {
    pub id: String,
    pub name: String,
    pub score: Option<f64>,
    /// Share of the framework's questions answered (including `na`), 0-100.
    pub coverage: f64,
    pub band: Band,
    pub questions_total: usize,
    pub questions_assessed: usize,
    pub conflicts: usize,
    pub requirements: Vec<RequirementScore>,
    pub explanation: String,
}

/// Which evidence run fed the scores.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceRef {
    pub run_id: String,
    pub finished_at: DateTime<Utc>,
    pub targets: usize,
    pub check_results: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    pub frameworks: Vec<FrameworkScore>,
    pub controls: Vec<ControlScore>,
    pub conflicts: Vec<Conflict>,
    pub evidence: Option<EvidenceRef>,
    /// Answers to question ids the catalog no longer has (kept, not scored).
    pub orphan_answers: Vec<String>,
}

impl Scorecard {
    pub fn control(&self, id: &str) -> Option<&ControlScore> {
        self.controls.iter().find(|c| c.id == id)
    }

    pub fn framework(&self, id: &str) -> Option<&FrameworkScore> {
        self.frameworks.iter().find(|f| f.id == id)
    }
}

fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Fraction 0..1 to a percentage rounded to two decimals.
fn pct(f: f64) -> f64 {
    (f * 10_000.0).round() / 100.0
}

fn fmt_pct(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".to_string(), |f| format!("{:.1}", f * 100.0))
}

/// A control that costs the most score: low score times the share of
/// framework weight that maps to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub control: usize,
    pub score: f64,
    pub impact: f64,
    pub frameworks: Vec<String>,
}

/// Controls ranked by lost score times the framework weight mapped to them:
/// for each framework in scope, a requirement's share of the total weight is
/// split evenly over its controls.
pub fn gaps(catalog: &Catalog, card: &Scorecard, scope: &[String]) -> Vec<Gap> {
    let mut gaps: Vec<Gap> = Vec::new();
    for (ci, control) in catalog.controls.iter().enumerate() {
        let Some(score) = card.control(&control.id).and_then(|c| c.score) else {
            continue;
        };
        if score >= 100.0 {
            continue;
        }
        let mut weight = 0.0;
        let mut frameworks = Vec::new();
        for fid in scope {
            let Some(fw) = catalog.framework(fid) else {
                continue;
            };
            let total: f64 = fw.requirements.iter().map(|r| r.weight).sum();
            if total <= 0.0 {
                continue;
            }
            let share: f64 = fw
                .requirements
                .iter()
                .filter(|r| r.controls.contains(&control.id))
                .map(|r| r.weight / total / r.controls.len() as f64)
                .sum();
            if share > 0.0 {
                weight += share;
                frameworks.push(fid.clone());
            }
        }
        if weight > 0.0 {
            gaps.push(Gap {
                control: ci,
                score,
                impact: weight * (100.0 - score),
                frameworks,
            });
        }
    }
    gaps.sort_by(|a, b| {
        b.impact
            .total_cmp(&a.impact)
            .then(a.control.cmp(&b.control))
    });
    gaps
}

/// A score as every view shows it: one decimal, `n/a` when nothing was scored.
pub fn fmt_score(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".to_string(), |s| format!("{s:.1}"))
}

/// How long ago `at` was, seen from `now`: `42 s`, `5 min`, `3 h`, `12 days`.
pub fn fmt_age(now: DateTime<Utc>, at: DateTime<Utc>) -> String {
    let secs = (now - at).num_seconds().max(0);
    match secs {
        s if s < 120 => format!("{s} s"),
        s if s < 7200 => format!("{} min", s / 60),
        s if s < 172_800 => format!("{} h", s / 3600),
        s => format!("{} days", s / 86_400),
    }
}

/// Score every framework of the catalog. Callers pick those in scope.
pub fn score(catalog: &Catalog, answers: &AnswerSet, evidence: Option<&EvidenceRun>) -> Scorecard {
    // Index check results by check id.
    let mut results: HashMap<&str, Vec<CheckEvidence>> = HashMap::new();
    if let Some(run) = evidence {
        for target in &run.targets {
            let label = target.name.clone().unwrap_or_else(|| target.url.clone());
            for r in &target.checks {
                results
                    .entry(r.id.as_str())
                    .or_default()
                    .push(CheckEvidence {
                        check: r.id.to_string(),
                        target: label.clone(),
                        result: r.result,
                        summary: r.summary.clone(),
                        points: r.result.points(),
                    });
            }
        }
    }

    let mut fractions: HashMap<&str, Option<f64>> = HashMap::new();
    let mut controls = Vec::with_capacity(catalog.controls.len());
    for control in &catalog.controls {
        let cs = score_control(control, answers, &results);
        fractions.insert(control.id.as_str(), cs.1);
        controls.push(cs.0);
    }

    let conflicts: Vec<Conflict> = controls.iter().filter_map(|c| c.conflict.clone()).collect();
    let frameworks = catalog
        .frameworks
        .iter()
        .map(|f| score_framework(catalog, f, answers, &fractions, &conflicts))
        .collect();

    let orphan_answers = answers
        .answers
        .keys()
        .filter(|id| catalog.question(id).is_none())
        .cloned()
        .collect();

    Scorecard {
        frameworks,
        controls,
        conflicts,
        evidence: evidence.map(|run| EvidenceRef {
            run_id: run.run_id.clone(),
            finished_at: run.finished_at,
            targets: run.targets.len(),
            check_results: run.targets.iter().map(|t| t.checks.len()).sum(),
        }),
        orphan_answers,
    }
}

/// Returns the control's score and its unrounded fraction.
fn score_control(
    control: &Control,
    answers: &AnswerSet,
    results: &HashMap<&str, Vec<CheckEvidence>>,
) -> (ControlScore, Option<f64>) {
    let questions: Vec<QuestionScore> = control
        .questions
        .iter()
        .map(|q| match answers.get(&q.id) {
            Some(a) => QuestionScore {
                id: q.id.clone(),
                answer: Some(a.answer),
                points: a.answer.points(),
                not_assessed: false,
            },
            None => QuestionScore {
                id: q.id.clone(),
                answer: None,
                points: Some(0.0),
                not_assessed: true,
            },
        })
        .collect();
    let attested = mean(questions.iter().filter_map(|q| q.points));
    let not_assessed = questions.iter().filter(|q| q.not_assessed).count();

    let checks: Vec<CheckEvidence> = control
        .checks
        .iter()
        .flat_map(|id| results.get(id.as_str()).into_iter().flatten().cloned())
        .collect();
    let automated = mean(checks.iter().filter_map(|c| c.points));

    let fraction = match (attested, automated) {
        (None, _) => None,
        (Some(a), None) => Some(a),
        (Some(a), Some(e)) => Some(a.min(e)),
    };
    let limited_by_evidence = matches!((attested, automated), (Some(a), Some(e)) if e < a);

    let yes: Vec<String> = questions
        .iter()
        .filter(|q| q.answer == Some(AnswerValue::Yes))
        .map(|q| q.id.clone())
        .collect();
    let failed: Vec<String> = checks
        .iter()
        .filter(|c| c.result == CheckOutcome::Fail)
        .map(|c| format!("{} on {}: {}", c.check, c.target, c.summary))
        .collect();
    let conflict = (!yes.is_empty() && !failed.is_empty()).then(|| Conflict {
        control: control.id.clone(),
        questions: yes,
        evidence: failed,
    });

    let answered = questions.len() - not_assessed;
    let mut explanation = match attested {
        None => format!("n/a: all {} questions answered n/a", questions.len()),
        Some(a) => format!(
            "attested {} ({answered} of {} questions answered{})",
            fmt_pct(Some(a)),
            questions.len(),
            if not_assessed > 0 {
                ", unanswered count 0"
            } else {
                ""
            }
        ),
    };
    let counted = checks.iter().filter(|c| c.points.is_some()).count();
    let uncounted = checks.len() - counted;
    match automated {
        Some(e) => explanation.push_str(&format!(
            "; automated {} ({counted} check results{})",
            fmt_pct(Some(e)),
            if uncounted > 0 {
                format!(", {uncounted} info/error not scored")
            } else {
                String::new()
            }
        )),
        None if !checks.is_empty() => explanation.push_str(&format!(
            "; {} check results, none scored (info/error)",
            checks.len()
        )),
        None if !control.checks.is_empty() => explanation.push_str("; no automated evidence yet"),
        None => {}
    }
    if limited_by_evidence {
        explanation.push_str("; evidence lowers the score");
    }
    if conflict.is_some() {
        explanation.push_str("; CONFLICT: answered yes but a check failed");
    }

    (
        ControlScore {
            id: control.id.clone(),
            title: control.title.clone(),
            domain: control.domain.clone(),
            score: fraction.map(pct),
            attested: attested.map(pct),
            automated: automated.map(pct),
            limited_by_evidence,
            not_assessed,
            questions,
            checks,
            conflict,
            explanation,
        },
        fraction,
    )
}

fn score_framework(
    catalog: &Catalog,
    framework: &Framework,
    answers: &AnswerSet,
    fractions: &HashMap<&str, Option<f64>>,
    conflicts: &[Conflict],
) -> FrameworkScore {
    let mut weighted = 0.0;
    let mut weights = 0.0;
    let mut requirements = Vec::with_capacity(framework.requirements.len());
    for req in &framework.requirements {
        let scored: Vec<f64> = req
            .controls
            .iter()
            .filter_map(|c| fractions.get(c.as_str()).copied().flatten())
            .collect();
        let fraction = mean(scored.iter().copied());
        if let Some(f) = fraction {
            weighted += f * req.weight;
            weights += req.weight;
        }
        let score = fraction.map(pct);
        requirements.push(RequirementScore {
            id: req.id.clone(),
            title: req.title.clone(),
            weight: req.weight,
            score,
            band: Band::of(score),
            provenance: req.provenance.clone(),
            controls: req.controls.clone(),
            explanation: format!(
                "mean of {} of {} mapped controls ({} n/a): {}",
                scored.len(),
                req.controls.len(),
                req.controls.len() - scored.len(),
                fmt_pct(fraction)
            ),
        });
    }
    let fraction = (weights > 0.0).then(|| weighted / weights);
    let score = fraction.map(pct);

    let control_ids: BTreeSet<&str> = framework
        .requirements
        .iter()
        .flat_map(|r| r.controls.iter().map(String::as_str))
        .collect();
    let question_ids: Vec<&str> = control_ids
        .iter()
        .filter_map(|c| catalog.control(c))
        .flat_map(|c| c.questions.iter().map(|q| q.id.as_str()))
        .collect();
    let assessed = question_ids
        .iter()
        .filter(|q| answers.get(q).is_some())
        .count();
    let coverage = if question_ids.is_empty() {
        0.0
    } else {
        pct(assessed as f64 / question_ids.len() as f64)
    };
    let conflict_count = conflicts
        .iter()
        .filter(|c| control_ids.contains(c.control.as_str()))
        .count();
    let applicable = requirements.iter().filter(|r| r.score.is_some()).count();

    FrameworkScore {
        id: framework.id.clone(),
        name: framework.name.clone(),
        score,
        coverage,
        band: Band::of(score),
        questions_total: question_ids.len(),
        questions_assessed: assessed,
        conflicts: conflict_count,
        explanation: format!(
            "weighted mean of {applicable} of {} requirements (weights {weights:.1}); {assessed} of {} questions answered",
            requirements.len(),
            question_ids.len()
        ),
        requirements,
    }
}

#[cfg(test)]
mod tests;
