//! Scoring: pure functions from (catalog, answers, evidence) to scores that
//! explain themselves. No clock, no disk.
//!
//! Rules (also in the README, with a worked example):
//! - question: yes 1, partial 0.5, no 0; `na` with a reason (a note) is left
//!   out; unanswered questions and `na` without a reason score 0 and are
//!   reported as *not assessed*;
//! - check result: pass 1, warn 0.5, fail 0; `info` and `error` are left out
//!   but reported. Results come from the evidence ledger: the current
//!   (newest conclusive) result of each check on each declared target. A
//!   result older than `evidence_max_age_days` is *stale*: it is not current
//!   (evidence coverage drops), a stale pass earns nothing, and a stale warn
//!   or fail still lowers the score, so letting evidence age never raises one;
//! - control: attested = mean of its questions; automated = mean of its check
//!   results over the declared targets; score = min(attested, automated), so
//!   evidence can lower an attestation but never raise it. A question
//!   answered `yes` while a check of the same control failed is a *conflict*;
//!   evidence coverage = current conclusive results / expected results (each
//!   cited check on each target it applies to: TLS checks on https targets,
//!   `openapi.*` / `oauth.*` checks on targets that declare the document or
//!   issuer, or where one was found and judged);
//! - requirement: mean of its controls (n/a controls left out);
//! - framework: weighted mean of its requirements, 0-100, with answer
//!   coverage (share of its questions assessed), evidence coverage and a
//!   status band. A band needs answer coverage of at least 80% and at least
//!   80% of the requirements scored (otherwise *insufficient coverage*);
//!   *ready* also needs no open conflict and no stale evidence.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::model::checks::{CheckId, Family};
use crate::model::evidence::ledger::Entry;
use crate::model::{AnswerSet, AnswerValue, Catalog, CheckOutcome, Control, Framework};

/// Share of questions assessed and of requirements scored a framework needs
/// before it gets a status band.
pub const BAND_MIN_COVERAGE: f64 = 80.0;

/// Lines of evidence problems kept per control (the count is always exact).
const ISSUES_SHOWN: usize = 25;

/// Check results listed per control, worst first, when there are more (with
/// thousands of targets); the scores always use every result.
pub const CHECKS_SHOWN: usize = 200;

/// Failing results quoted in a conflict.
const CONFLICT_EVIDENCE_SHOWN: usize = 25;

/// How far ahead of the reader's clock a result may be dated (clock skew
/// between machines) before it counts as dated in the future.
pub const FUTURE_TOLERANCE_MINUTES: i64 = 5;

/// What scores are measured against besides answers and evidence: the
/// clock and the freshness rules. Scoring never reads the clock itself.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub now: DateTime<Utc>,
    pub evidence_max_age_days: u32,
    pub answer_review_days: u32,
}

impl Policy {
    pub fn at(now: DateTime<Utc>) -> Policy {
        Policy {
            now,
            evidence_max_age_days: 90,
            answer_review_days: 365,
        }
    }

    /// Too old to count, or dated in the future (a probe whose clock was
    /// wrong): a result that claims to come from later than now proves
    /// nothing about now, and must never stay current forever.
    pub fn is_stale(&self, at: DateTime<Utc>) -> bool {
        at > self.now + chrono::Duration::minutes(FUTURE_TOLERANCE_MINUTES)
            || self.now - at > chrono::Duration::days(i64::from(self.evidence_max_age_days))
    }
}

/// The current evidence of the declared targets (from the ledger).
#[derive(Debug, Clone, Default)]
pub struct EvidenceInput {
    pub targets: Vec<TargetInput>,
    /// Runs stored, and the newest run id.
    pub runs: usize,
    pub latest_run: Option<String>,
}

/// One declared target and its ledger entries.
#[derive(Debug, Clone)]
pub struct TargetInput {
    pub label: String,
    pub url: String,
    /// TLS checks apply (an https target).
    pub tls: bool,
    /// The target declares an OpenAPI document (`openapi.*` checks apply).
    pub openapi: bool,
    /// The target declares an OAuth issuer (`oauth.*` checks apply).
    pub oauth: bool,
    pub checks: BTreeMap<CheckId, Entry>,
    /// Which controls this target's results count for: a workspace's own
    /// targets count for every control but those it inherits; an inherited
    /// workspace's targets only for the inherited ones.
    pub counts_for: ControlFilter,
}

/// The controls a target's evidence counts for.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum ControlFilter {
    #[default]
    All,
    Only(std::sync::Arc<BTreeSet<String>>),
    Except(std::sync::Arc<BTreeSet<String>>),
}

impl ControlFilter {
    pub fn allows(&self, control: &str) -> bool {
        match self {
            ControlFilter::All => true,
            ControlFilter::Only(s) => s.contains(control),
            ControlFilter::Except(s) => !s.contains(control),
        }
    }
}

impl TargetInput {
    /// Is a result of `id` expected of this target? TLS checks of https
    /// targets; document checks of targets that declare the document (or
    /// whose metadata was found and judged).
    fn applies(&self, id: CheckId) -> bool {
        if id.family() == Family::Tls {
            return self.tls;
        }
        // Traffic evidence is expected once the target's logs were read.
        if id.family() == Family::Traffic {
            return self.checks.get(&id).is_some_and(|e| e.current.is_some());
        }
        if id.needs_declaration() {
            let declared = if id.as_str().starts_with("oauth.") {
                self.oauth
            } else {
                self.openapi
            };
            return declared || self.checks.get(&id).is_some_and(|e| e.current.is_some());
        }
        true
    }
}

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
    /// Too few questions assessed or requirements scored for a band to mean
    /// anything (see [`BAND_MIN_COVERAGE`]).
    InsufficientCoverage,
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
            Band::InsufficientCoverage => "insufficient coverage",
        }
    }

    /// The label in narrow columns (at most 11 characters).
    pub fn short_label(self) -> &'static str {
        match self {
            Band::InsufficientCoverage => "incomplete",
            b => b.label(),
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
    pub summary: std::sync::Arc<str>,
    /// Points counted: None for info and error, and for a stale pass.
    pub points: Option<f64>,
    /// When the result was observed, and in which run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_id: Option<std::sync::Arc<str>>,
    /// Older than the evidence age limit: not current.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub stale: bool,
    /// A newer attempt that failed: "connection refused (2026-12-01)".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_attempt: Option<String>,
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
    /// The check results behind the automated score (at most
    /// [`CHECKS_SHOWN`], worst first, when there are more).
    pub checks: Vec<CheckEvidence>,
    /// How many check results there are in all.
    pub checks_total: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<Conflict>,
    /// Expected check results (cited checks x targets they apply to) and
    /// how many are current and conclusive; coverage 0-100.
    pub evidence_expected: usize,
    pub evidence_current: usize,
    pub evidence_coverage: Option<f64>,
    pub evidence_stale: usize,
    /// The oldest result behind the control's automated score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence_oldest: Option<DateTime<Utc>>,
    /// Stale, failed and missing results, by target and check (the first
    /// few; `evidence_issue_count` is exact).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence_issues: Vec<String>,
    pub evidence_issue_count: usize,
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
    /// Why the band is what it is (coverage, conflicts, stale evidence).
    pub band_reason: String,
    pub questions_total: usize,
    pub questions_assessed: usize,
    /// Share of requirements with a score, 0-100.
    pub requirements_scored: f64,
    /// Share of expected check results current and conclusive, 0-100;
    /// None when no control of the framework cites a check or no target is declared.
    pub evidence_coverage: Option<f64>,
    pub evidence_stale: usize,
    pub conflicts: usize,
    pub requirements: Vec<RequirementScore>,
    pub explanation: String,
}

/// The evidence behind the scores, counted per (declared target, check).
#[derive(Debug, Clone, Default, Serialize)]
pub struct EvidenceSummary {
    pub runs: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest_run: Option<String>,
    /// The newest result's time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest: Option<DateTime<Utc>>,
    pub targets: usize,
    /// Checks x the declared targets they apply to.
    pub expected: usize,
    pub current: usize,
    pub stale: usize,
    /// No conclusive result at all (never probed, or every attempt failed).
    pub not_verified: usize,
    /// Results whose newest attempt failed (the earlier result stays current).
    pub failed_attempts: usize,
    pub max_age_days: u32,
}

/// An answer past its review date.
#[derive(Debug, Clone, Serialize)]
pub struct DueAnswer {
    pub question: String,
    pub due: NaiveDate,
    pub by: String,
}

/// Version of the scorecard's JSON form (`score --json`; schema:
/// docs/schema/score.schema.json).
pub const SCORE_JSON_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    pub schema_version: u32,
    pub frameworks: Vec<FrameworkScore>,
    pub controls: Vec<ControlScore>,
    pub conflicts: Vec<Conflict>,
    pub evidence: EvidenceSummary,
    /// Answers to question ids the catalog no longer has (kept, not scored).
    pub orphan_answers: Vec<String>,
    /// `na` answers without a reason: counted as not assessed.
    pub unjustified_na: Vec<String>,
    /// Answers past their review date (still counted; shown for review).
    pub due_answers: Vec<DueAnswer>,
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
    /// Framework points the control carries: its share of each framework's
    /// weight in scope, summed, times 100.
    pub weight: f64,
    /// Points a score of 100 would add, summed over the frameworks in scope.
    pub impact: f64,
    /// Questions of the control not assessed yet.
    pub open: usize,
    pub frameworks: Vec<String>,
}

/// What to work on next: controls with questions still open (most framework
/// weight first) and fully answered controls that score below 100 (most
/// points to recover first).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Worklist {
    pub answer_next: Vec<Gap>,
    pub fix_next: Vec<Gap>,
}

impl Worklist {
    pub fn from_gaps(gaps: Vec<Gap>) -> Worklist {
        let (mut answer_next, fix_next): (Vec<Gap>, Vec<Gap>) =
            gaps.into_iter().partition(|g| g.open > 0);
        answer_next.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then(a.control.cmp(&b.control))
        });
        Worklist {
            answer_next,
            fix_next,
        }
    }

    pub fn len(&self) -> usize {
        self.answer_next.len() + self.fix_next.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`th item, answer-next items first.
    pub fn get(&self, i: usize) -> Option<&Gap> {
        self.answer_next
            .get(i)
            .or_else(|| self.fix_next.get(i.checked_sub(self.answer_next.len())?))
    }
}

/// Controls ranked by lost score times the framework weight mapped to them:
/// for each framework in scope, a requirement's share of the total weight is
/// split evenly over its controls.
pub fn gaps(catalog: &Catalog, card: &Scorecard, scope: &[String]) -> Vec<Gap> {
    let mut gaps: Vec<Gap> = Vec::new();
    for (ci, control) in catalog.controls.iter().enumerate() {
        let Some(cs) = card.control(&control.id) else {
            continue;
        };
        let Some(score) = cs.score else {
            continue;
        };
        if score >= 100.0 && cs.not_assessed == 0 {
            continue;
        }
        // What keeps it under 100 is a risk accepted, not a gap to fix.
        let only_accepted = cs.not_assessed == 0
            && cs.automated.is_none_or(|a| a >= 100.0)
            && cs.questions.iter().all(|q| {
                q.points.is_none_or(|p| p >= 1.0)
                    || q.answer == Some(crate::model::AnswerValue::Accepted)
            });
        if only_accepted {
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
                weight: weight * 100.0,
                impact: weight * (100.0 - score),
                open: cs.not_assessed,
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
pub fn score(
    catalog: &Catalog,
    answers: &AnswerSet,
    evidence: &EvidenceInput,
    policy: &Policy,
) -> Scorecard {
    // An accepted risk without its reason, approver and expiry, or past its
    // expiry, is no assessment: the question is open again.
    let today = policy.now.date_naive();
    let effective;
    let answers = if answers
        .answers
        .values()
        .any(|a| a.answer == crate::model::AnswerValue::Accepted && !a.is_assessed(today))
    {
        let mut set = answers.clone();
        set.answers
            .retain(|_, a| a.answer != crate::model::AnswerValue::Accepted || a.is_assessed(today));
        effective = set;
        &effective
    } else {
        answers
    };
    let mut fractions: HashMap<&str, Option<f64>> = HashMap::new();
    let mut controls = Vec::with_capacity(catalog.controls.len());
    for control in &catalog.controls {
        let cs = score_control(control, answers, evidence, policy);
        fractions.insert(control.id.as_str(), cs.1);
        controls.push(cs.0);
    }

    let conflicts: Vec<Conflict> = controls.iter().filter_map(|c| c.conflict.clone()).collect();
    let frameworks = catalog
        .frameworks
        .iter()
        .map(|f| score_framework(catalog, f, answers, &fractions, &controls, &conflicts))
        .collect();

    let orphan_answers = answers
        .answers
        .keys()
        .filter(|id| catalog.question(id).is_none())
        .cloned()
        .collect();
    let unjustified_na = answers
        .answers
        .iter()
        .filter(|(id, a)| a.is_unjustified_na() && catalog.question(id).is_some())
        .map(|(id, _)| id.clone())
        .collect();
    let today = policy.now.date_naive();
    let due_answers = answers
        .answers
        .iter()
        .filter(|(id, _)| catalog.question(id).is_some())
        .filter_map(|(id, a)| {
            let due = a.review_date(policy.answer_review_days);
            (due < today).then(|| DueAnswer {
                question: id.clone(),
                due,
                by: a.by.clone(),
            })
        })
        .collect();

    Scorecard {
        schema_version: SCORE_JSON_VERSION,
        frameworks,
        controls,
        conflicts,
        evidence: summarize(catalog, evidence, policy),
        orphan_answers,
        unjustified_na,
        due_answers,
    }
}

/// Count every (declared target, check of the catalog) pair once.
fn summarize(catalog: &Catalog, evidence: &EvidenceInput, policy: &Policy) -> EvidenceSummary {
    let cited: BTreeSet<CheckId> = catalog
        .controls
        .iter()
        .flat_map(|c| c.checks.iter())
        .filter_map(|id| CheckId::parse(id))
        .collect();
    let mut sum = EvidenceSummary {
        runs: evidence.runs,
        latest_run: evidence.latest_run.clone(),
        targets: evidence.targets.len(),
        max_age_days: policy.evidence_max_age_days,
        ..EvidenceSummary::default()
    };
    for t in &evidence.targets {
        // Checks cited by the controls this target counts for.
        let own: BTreeSet<CheckId>;
        let cited = match &t.counts_for {
            ControlFilter::All => &cited,
            filter => {
                own = catalog
                    .controls
                    .iter()
                    .filter(|c| filter.allows(&c.id))
                    .flat_map(|c| c.checks.iter())
                    .filter_map(|id| CheckId::parse(id))
                    .collect();
                &own
            }
        };
        for id in cited.iter().copied().filter(|id| t.applies(*id)) {
            sum.expected += 1;
            let entry = t.checks.get(&id);
            if let Some(a) = entry.and_then(|e| e.attempt.as_ref()) {
                sum.failed_attempts += 1;
                sum.latest = sum.latest.max(Some(a.at));
            }
            match entry.and_then(|e| e.current.as_ref()) {
                Some(c) => {
                    sum.latest = sum.latest.max(Some(c.at));
                    if policy.is_stale(c.at) {
                        sum.stale += 1;
                    } else {
                        sum.current += 1;
                    }
                }
                None => sum.not_verified += 1,
            }
        }
    }
    sum
}

/// A control's check results as they are scored: every one counts in the
/// aggregates, the first failing ones are quoted for a conflict, and the
/// worst [`CHECKS_SHOWN`] (fail, warn, error, info, pass; stale before
/// fresh; then in the order seen) are kept, trimmed as they come so memory
/// stays bounded however many targets there are.
#[derive(Default)]
struct Collected {
    kept: Vec<CheckEvidence>,
    total: usize,
    points_sum: f64,
    points_n: usize,
    fail_count: usize,
    failed: Vec<String>,
}

impl Collected {
    fn push(&mut self, c: CheckEvidence) {
        self.total += 1;
        if let Some(p) = c.points {
            self.points_sum += p;
            self.points_n += 1;
        }
        if c.result == CheckOutcome::Fail {
            self.fail_count += 1;
            if self.failed.len() < CONFLICT_EVIDENCE_SHOWN {
                self.failed.push(format!(
                    "{} on {}: {}{}",
                    c.check,
                    c.target,
                    c.summary,
                    if c.stale { " (stale)" } else { "" }
                ));
            }
        }
        self.kept.push(c);
        if self.kept.len() >= 2 * CHECKS_SHOWN {
            self.trim();
        }
    }

    /// Keep the worst CHECKS_SHOWN (a stable sort: ties stay in order seen).
    fn trim(&mut self) {
        self.kept
            .sort_by_key(|c| (std::cmp::Reverse(c.result), !c.stale));
        self.kept.truncate(CHECKS_SHOWN);
    }

    fn finish(mut self) -> Vec<CheckEvidence> {
        if self.total > CHECKS_SHOWN {
            self.trim();
        }
        self.kept
    }
}

/// Returns the control's score and its unrounded fraction.
fn score_control(
    control: &Control,
    answers: &AnswerSet,
    evidence: &EvidenceInput,
    policy: &Policy,
) -> (ControlScore, Option<f64>) {
    let questions: Vec<QuestionScore> = control
        .questions
        .iter()
        .map(|q| match answers.get(&q.id) {
            // `na` without a reason is not an assessment.
            Some(a) if a.is_unjustified_na() => QuestionScore {
                id: q.id.clone(),
                answer: Some(a.answer),
                points: Some(0.0),
                not_assessed: true,
            },
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

    // Every result counts in the aggregates; only the worst CHECKS_SHOWN are
    // kept (so a control over 10,000 targets holds 200 results, not 10,000).
    let mut checks = Collected::default();
    let mut issues: Vec<String> = Vec::new();
    let mut issue_count = 0usize;
    let (mut expected, mut current, mut stale) = (0usize, 0usize, 0usize);
    let mut oldest: Option<DateTime<Utc>> = None;
    // The line is written only when it will be shown: with thousands of
    // targets never probed, formatting every one is most of the cost.
    let mut issue = |line: &dyn Fn() -> String| {
        issue_count += 1;
        if issues.len() < ISSUES_SHOWN {
            issues.push(line());
        }
    };
    for id in control.checks.iter().filter_map(|id| CheckId::parse(id)) {
        for t in evidence
            .targets
            .iter()
            .filter(|t| t.applies(id) && t.counts_for.allows(&control.id))
        {
            expected += 1;
            let entry = t.checks.get(&id);
            let attempt = entry
                .and_then(|e| e.attempt.as_ref())
                .map(|a| format!("{} ({})", a.summary, a.at.format("%Y-%m-%d")));
            match entry.and_then(|e| e.current.as_ref()) {
                Some(c) => {
                    let is_stale = policy.is_stale(c.at);
                    if is_stale {
                        stale += 1;
                        issue(&|| {
                            format!(
                                "{id} on {}: stale, observed {} (older than {} days)",
                                t.label,
                                c.at.format("%Y-%m-%d"),
                                policy.evidence_max_age_days
                            )
                        });
                    } else {
                        current += 1;
                    }
                    if let Some(a) = &attempt {
                        issue(&|| format!("{id} on {}: last attempt failed: {a}", t.label));
                    }
                    oldest = Some(oldest.map_or(c.at, |o| o.min(c.at)));
                    // A stale pass earns nothing; a stale warn or fail still counts.
                    let points = match c.result.points() {
                        Some(p) if is_stale && p >= 1.0 => None,
                        other => other,
                    };
                    checks.push(CheckEvidence {
                        check: id.to_string(),
                        target: t.label.clone(),
                        result: c.result,
                        summary: c.summary.clone(),
                        points,
                        at: Some(c.at),
                        run_id: Some(c.run_id.clone()),
                        stale: is_stale,
                        last_attempt: attempt,
                    });
                }
                None => match (entry.and_then(|e| e.attempt.as_ref()), attempt) {
                    (Some(a), Some(text)) => {
                        issue(&|| {
                            format!(
                                "{id} on {}: not verified, last attempt failed: {text}",
                                t.label
                            )
                        });
                        checks.push(CheckEvidence {
                            check: id.to_string(),
                            target: t.label.clone(),
                            result: CheckOutcome::Error,
                            summary: a.summary.clone(),
                            points: None,
                            at: Some(a.at),
                            run_id: Some(a.run_id.clone()),
                            stale: false,
                            last_attempt: None,
                        });
                    }
                    _ => issue(&|| format!("{id} on {}: not verified (never probed)", t.label)),
                },
            }
        }
    }
    let automated = (checks.points_n > 0).then(|| checks.points_sum / checks.points_n as f64);

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
    let fail_count = checks.fail_count;
    let mut failed: Vec<String> = std::mem::take(&mut checks.failed);
    if fail_count > failed.len() {
        failed.push(format!(
            "and {} more failing results",
            fail_count - failed.len()
        ));
    }
    let conflict = (!yes.is_empty() && !failed.is_empty()).then(|| Conflict {
        control: control.id.clone(),
        questions: yes,
        evidence: failed,
    });

    let answered = questions.len() - not_assessed;
    let unjustified = questions
        .iter()
        .filter(|q| q.not_assessed && q.answer.is_some())
        .count();
    let mut explanation = match attested {
        None => format!(
            "n/a: all {} questions answered n/a with a reason",
            questions.len()
        ),
        Some(a) => format!(
            "attested {} ({answered} of {} questions assessed{}{})",
            fmt_pct(Some(a)),
            questions.len(),
            if not_assessed > 0 {
                "; unanswered questions score 0"
            } else {
                ""
            },
            if unjustified > 0 {
                format!("; {unjustified} n/a without a reason counted as not assessed")
            } else {
                String::new()
            }
        ),
    };
    let counted = checks.points_n;
    let uncounted = checks.total - counted;
    match automated {
        Some(e) => explanation.push_str(&format!(
            "; automated {} ({counted} check results{})",
            fmt_pct(Some(e)),
            if uncounted > 0 {
                format!(", {uncounted} info/error/stale pass not scored")
            } else {
                String::new()
            }
        )),
        None if checks.total > 0 => explanation.push_str(&format!(
            "; {} check results, none scored (info/error/stale pass)",
            checks.total
        )),
        None if !control.checks.is_empty() && evidence.targets.is_empty() => {
            explanation.push_str("; no declared targets, so no automated evidence")
        }
        None if !control.checks.is_empty() => explanation.push_str("; no automated evidence yet"),
        None => {}
    }
    if expected > 0 {
        explanation.push_str(&format!(
            "; evidence coverage {current} of {expected} current"
        ));
        if stale > 0 {
            explanation.push_str(&format!(", {stale} stale"));
        }
    }
    if limited_by_evidence {
        explanation.push_str("; evidence lowers the score");
    }
    if conflict.is_some() {
        explanation.push_str("; CONFLICT: answered yes but a check failed");
    }
    let checks_total = checks.total;
    let checks = checks.finish();

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
            checks_total,
            conflict,
            evidence_expected: expected,
            evidence_current: current,
            evidence_coverage: (expected > 0).then(|| pct(current as f64 / expected as f64)),
            evidence_stale: stale,
            evidence_oldest: oldest,
            evidence_issues: issues,
            evidence_issue_count: issue_count,
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
    controls: &[ControlScore],
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
        .filter(|q| answers.get(q).is_some_and(|a| !a.is_unjustified_na()))
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
    let requirements_scored = if requirements.is_empty() {
        0.0
    } else {
        pct(applicable as f64 / requirements.len() as f64)
    };
    let in_framework = || {
        controls
            .iter()
            .filter(|c| control_ids.contains(c.id.as_str()))
    };
    let expected: usize = in_framework().map(|c| c.evidence_expected).sum();
    let current: usize = in_framework().map(|c| c.evidence_current).sum();
    let stale: usize = in_framework().map(|c| c.evidence_stale).sum();
    let evidence_coverage = (expected > 0).then(|| pct(current as f64 / expected as f64));

    let (band, band_reason) = if coverage < BAND_MIN_COVERAGE
        || requirements_scored < BAND_MIN_COVERAGE
    {
        (
            Band::InsufficientCoverage,
            format!(
                "insufficient coverage: {coverage:.1}% of questions assessed and {requirements_scored:.1}% of requirements scored; a band needs {BAND_MIN_COVERAGE:.0}% of each"
            ),
        )
    } else {
        match Band::of(score) {
            Band::Ready if conflict_count > 0 || stale > 0 => (
                Band::MinorGaps,
                format!(
                    "scores in the ready range, but not ready: {}",
                    [
                        (conflict_count > 0).then(|| format!("{conflict_count} open conflicts")),
                        (stale > 0).then(|| format!("{stale} stale check results")),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" and ")
                ),
            ),
            b => (b, format!("{} by score", b.label())),
        }
    };
    // A current critical failure caps the band at "major gaps", and says so.
    let mut critical: Vec<String> = in_framework()
        .flat_map(|c| c.checks.iter())
        .filter(|k| {
            k.result == CheckOutcome::Fail
                && !k.stale
                && CheckId::parse(&k.check).is_some_and(CheckId::is_critical)
        })
        .map(|k| format!("{} on {}", k.check, k.target))
        .collect();
    // So does a critical question answered no.
    critical.extend(
        control_ids
            .iter()
            .filter_map(|c| catalog.control(c))
            .flat_map(|c| c.questions.iter())
            .filter(|q| {
                q.critical
                    && answers
                        .get(&q.id)
                        .is_some_and(|a| a.answer == AnswerValue::No)
            })
            .map(|q| format!("{} answered no", q.id)),
    );
    critical.sort();
    critical.dedup();
    let (band, band_reason) =
        if !critical.is_empty() && matches!(band, Band::Ready | Band::MinorGaps) {
            (
                Band::MajorGaps,
                format!(
                    "capped at major gaps by a critical failure: {} ({band_reason} otherwise)",
                    critical.join(", ")
                ),
            )
        } else if !critical.is_empty() {
            (
                band,
                format!("{band_reason}; critical failure: {}", critical.join(", ")),
            )
        } else {
            (band, band_reason)
        };

    FrameworkScore {
        id: framework.id.clone(),
        name: framework.name.clone(),
        score,
        coverage,
        band,
        band_reason,
        questions_total: question_ids.len(),
        questions_assessed: assessed,
        requirements_scored,
        evidence_coverage,
        evidence_stale: stale,
        conflicts: conflict_count,
        explanation: format!(
            "weighted mean of {applicable} of {} requirements (weights {weights:.1}); {assessed} of {} questions assessed; evidence coverage {}",
            requirements.len(),
            question_ids.len(),
            match evidence_coverage {
                Some(c) => format!("{c:.1}% ({current} of {expected} current)"),
                None => "n/a".to_string(),
            }
        ),
        requirements,
    }
}

#[cfg(test)]
mod tests;
