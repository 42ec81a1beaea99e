//! The audit period: whether controls *operated* from START to END, built
//! from what the workspace already keeps (every probe run the journal
//! records, every answer change, every recorded activity).
//!
//! For each declared target and check, the runs observed in the period give
//! the number of observations, the first and last, the results by outcome,
//! every **exception** (the maximal interval in which the result was fail or
//! warn, from its first such observation to the first later pass, or still
//! open) and every **monitoring gap** (a silence between conclusive
//! observations of a target longer than `[probe] max_gap_days`). Controls
//! whose practice is periodic (access reviews, key rotation, penetration
//! tests...) expect one recorded occurrence per slot of their frequency; a
//! slot without one is an exception too. What happened outside the period
//! is not counted.
//!
//! Runs are streamed one target line at a time, in time order, and only the
//! state of each (target, check) is kept, so a year of daily probes of many
//! targets is read in bounded memory. A run file that does not hash to what
//! the journal recorded is left out and counted.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::BufRead;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use serde::Serialize;

use crate::model::answers::Attachment;
use crate::model::journal::{self, Change, Entry};
use crate::model::{Catalog, CheckOutcome};
use crate::workspace::config::Config;
use crate::workspace::evidence::sha256_hex;
use crate::workspace::{Workspace, WorkspaceError};

/// A declared audit period: whole days, both ends included (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// A period that is not `START..END`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{given}' is not a period: give START..END as dates, e.g. 2026-01-01..2026-12-31 ({why})")]
pub struct PeriodError {
    given: String,
    why: String,
}

impl Period {
    pub fn parse(s: &str) -> Result<Period, PeriodError> {
        let err = |why: &str| PeriodError {
            given: s.to_string(),
            why: why.to_string(),
        };
        let (a, b) = s.trim().split_once("..").ok_or_else(|| err("no '..'"))?;
        let day = |x: &str| {
            NaiveDate::parse_from_str(x.trim(), "%Y-%m-%d").map_err(|e| err(&e.to_string()))
        };
        let (start, end) = (day(a)?, day(b)?);
        if start > end {
            return Err(err("it ends before it starts"));
        }
        Ok(Period { start, end })
    }

    /// The first instant of the period.
    pub fn from(&self) -> DateTime<Utc> {
        Utc.from_utc_datetime(&self.start.and_hms_opt(0, 0, 0).expect("midnight"))
    }

    /// The instant after its last day.
    pub fn until(&self) -> DateTime<Utc> {
        self.from() + Duration::days((self.end - self.start).num_days() + 1)
    }

    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        t >= self.from() && t < self.until()
    }
}

impl std::str::FromStr for Period {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Period, PeriodError> {
        Period::parse(s)
    }
}

impl Period {
    /// `START..END`, as it is written on the command line and in files.
    pub fn range(&self) -> String {
        format!("{}..{}", self.start, self.end)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} to {}", self.start, self.end)
    }
}

/// What kind of exception.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExceptionKind {
    /// A check failed or warned on a target.
    Check,
    /// A periodic practice was not recorded in one of its slots.
    MissedActivity,
}

/// Management's response to an exception.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    pub by: String,
    pub at: DateTime<Utc>,
    pub text: String,
}

/// An interval in which a control did not operate as designed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exception {
    /// `EX-` and 8 hex digits, stable for the same exception.
    pub id: String,
    pub kind: ExceptionKind,
    /// The controls it concerns.
    pub controls: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<String>,
    /// `fail`, `warn` (the worst seen) or `missed`.
    pub result: String,
    pub start: DateTime<Utc>,
    /// The first later pass (or the slot's end), None while still open.
    pub end: Option<DateTime<Utc>>,
    pub open: bool,
    /// Days from start to end (to the period's end while open).
    pub duration_days: f64,
    /// Failing or warning observations in it.
    pub observations: usize,
    pub summary: String,
    pub responses: Vec<Response>,
}

/// A silence longer than the expected cadence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    pub target: String,
    pub url: String,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub days: f64,
}

/// One check on one target over the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub target: String,
    pub url: String,
    pub check: String,
    pub observations: usize,
    pub first: DateTime<Utc>,
    pub last: DateTime<Utc>,
    pub pass: usize,
    pub warn: usize,
    pub fail: usize,
    /// Info and error results (not tested, or not scored).
    pub other: usize,
    pub exceptions: usize,
}

/// A recorded occurrence of a periodic practice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Occurrence {
    pub on: NaiveDate,
    pub note: String,
    pub by: String,
    pub recorded_at: DateTime<Utc>,
    pub attachments: Vec<Attachment>,
}

/// One slot of a periodic practice: when it was due, what was recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Slot {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub occurrences: Vec<Occurrence>,
}

/// A control's periodic practice over the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recurring {
    pub control: String,
    pub title: String,
    pub frequency: &'static str,
    /// `catalog` or `apiassure.toml`.
    pub source: &'static str,
    pub slots: Vec<Slot>,
    pub missed: usize,
}

/// A control's operating effectiveness over the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    Effective,
    EffectiveWithExceptions,
    NotEffective,
    NotTested,
}

impl Effect {
    pub fn label(self) -> &'static str {
        match self {
            Effect::Effective => "effective",
            Effect::EffectiveWithExceptions => "effective with exceptions",
            Effect::NotEffective => "not effective",
            Effect::NotTested => "not tested over the period",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ControlEffect {
    pub control: String,
    pub title: String,
    pub status: Effect,
    pub reason: String,
    pub observations: usize,
    pub exceptions: usize,
    pub open_exceptions: usize,
}

/// An answer changed during the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DesignChange {
    pub question: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// Operating effectiveness over one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodReport {
    pub period: Period,
    pub max_gap_days: u32,
    /// Recorded runs read for the period, and those left out because their
    /// file is missing or does not hash to what the journal recorded.
    pub runs: usize,
    pub runs_left_out: usize,
    pub observations: usize,
    pub series: Vec<Series>,
    pub exceptions: Vec<Exception>,
    pub gaps: Vec<Gap>,
    pub recurring: Vec<Recurring>,
    pub controls: Vec<ControlEffect>,
    /// Controls with neither automated checks nor a periodic practice: their
    /// operation is not evidenced here (attestations only).
    pub attested_only: usize,
    pub design_changes: Vec<DesignChange>,
}

/// The state of one (target, check) while runs stream by.
struct State {
    series: Series,
    open: Option<Exception>,
}

/// A run id's start time (`20261201T194106.123456Z-000`).
fn run_time(id: &str) -> Option<DateTime<Utc>> {
    let stamp = id.get(..15)?;
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%S")
        .ok()
        .map(|t| Utc.from_utc_datetime(&t))
}

fn exception_id(parts: &[&str]) -> String {
    format!(
        "EX-{}",
        sha256_hex(parts.join("\n").as_bytes())[..8].to_ascii_uppercase()
    )
}

fn days(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    ((to - from).num_seconds() as f64 / 86_400.0 * 10.0).round() / 10.0
}

/// `n` months after `d` (the same day, or the month's last).
fn add_months(d: NaiveDate, n: u32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 + n as i32;
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
    (1..=d.day())
        .rev()
        .find_map(|day| NaiveDate::from_ymd_opt(y, m, day))
        .expect("a valid day")
}

/// Analyse `period` from the workspace's journal and recorded runs.
/// `now` bounds what can have been observed (a period ending in the future
/// is judged up to now).
pub fn analyse(
    ws: &Workspace,
    catalog: &Catalog,
    config: &Config,
    period: Period,
    now: DateTime<Utc>,
) -> Result<PeriodReport, WorkspaceError> {
    let entries = ws.journal().entries()?;
    let order: Vec<&Entry> = journal::ordered(&entries);
    let idx = ws.journal_index()?;
    let declared: HashMap<&str, &str> = config
        .targets
        .iter()
        .map(|t| (t.url.as_str(), t.label()))
        .collect();
    let max_gap = Duration::days(i64::from(config.probe.max_gap_days));
    let horizon = period.until().min(now.max(period.from()));

    // Runs in time order; a run started after the period cannot observe it.
    let mut runs: Vec<&crate::workspace::index::RecordedRun> = idx
        .runs
        .iter()
        .filter(|r| {
            // A run started a day before the period can still be probing
            // when it begins; earlier ones cannot.
            run_time(&r.run_id)
                .is_none_or(|t| t < period.until() && t >= period.from() - Duration::days(1))
        })
        .collect();
    runs.sort_by(|a, b| a.run_id.cmp(&b.run_id));
    let store = ws.evidence();
    let mut states: BTreeMap<(String, String), State> = BTreeMap::new();
    let mut last_seen: HashMap<String, DateTime<Utc>> = HashMap::new();
    let mut first_seen: HashMap<String, DateTime<Utc>> = HashMap::new();
    let mut gaps = Vec::new();
    let mut closed: Vec<Exception> = Vec::new();
    let (mut read, mut left_out, mut observations) = (0usize, 0usize, 0usize);
    for r in runs {
        let path = store.dir().join(&r.file);
        let Ok(bytes) = crate::files::read(&path, crate::files::cap::EVIDENCE_RUN) else {
            left_out += 1;
            continue;
        };
        if sha256_hex(&bytes) != r.sha256 {
            left_out += 1;
            continue;
        }
        let mut lines = crate::workspace::evidence::lines_of(&bytes).lines();
        let header = lines.next().and_then(|l| l.ok()).unwrap_or_default();
        let started: Option<DateTime<Utc>> = header
            .strip_suffix(',')
            .and_then(|h| serde_json::from_str::<serde_json::Value>(&format!("{h}}}")).ok())
            .and_then(|v| v["started_at"].as_str().map(str::to_string))
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|t| t.with_timezone(&Utc))
            .or_else(|| run_time(&r.run_id));
        let mut counted = false;
        for line in lines {
            let Ok(line) = line else { break };
            let t = line.trim_end().trim_end_matches(',');
            if !t.starts_with('{') {
                continue;
            }
            let Ok(target) = serde_json::from_str::<crate::model::TargetEvidence>(t) else {
                continue;
            };
            let Some(label) = declared.get(target.url.as_str()) else {
                continue;
            };
            let Some(at) = target.probed_at.or(started) else {
                continue;
            };
            if !period.contains(at) {
                continue;
            }
            counted = true;
            let conclusive = target
                .checks
                .iter()
                .any(|c| !matches!(c.result, CheckOutcome::Error));
            if conclusive {
                if let Some(prev) = last_seen.get(&target.url) {
                    if at - *prev > max_gap {
                        gaps.push(Gap {
                            target: label.to_string(),
                            url: target.url.clone(),
                            from: *prev,
                            to: at,
                            days: days(*prev, at),
                        });
                    }
                }
                last_seen.insert(target.url.clone(), at);
                first_seen.entry(target.url.clone()).or_insert(at);
            }
            for c in &target.checks {
                observations += 1;
                let key = (target.url.clone(), c.id.as_str().to_string());
                let st = states.entry(key).or_insert_with(|| State {
                    series: Series {
                        target: label.to_string(),
                        url: target.url.clone(),
                        check: c.id.as_str().to_string(),
                        observations: 0,
                        first: at,
                        last: at,
                        pass: 0,
                        warn: 0,
                        fail: 0,
                        other: 0,
                        exceptions: 0,
                    },
                    open: None,
                });
                let s = &mut st.series;
                s.observations += 1;
                s.last = at;
                match c.result {
                    CheckOutcome::Pass => {
                        s.pass += 1;
                        if let Some(mut ex) = st.open.take() {
                            ex.end = Some(at);
                            ex.open = false;
                            ex.duration_days = days(ex.start, at);
                            closed.push(ex);
                        }
                    }
                    CheckOutcome::Fail | CheckOutcome::Warn => {
                        if c.result == CheckOutcome::Fail {
                            s.fail += 1;
                        } else {
                            s.warn += 1;
                        }
                        match &mut st.open {
                            Some(ex) => {
                                ex.observations += 1;
                                if c.result == CheckOutcome::Fail {
                                    ex.result = "fail".into();
                                }
                            }
                            None => {
                                s.exceptions += 1;
                                st.open = Some(Exception {
                                    id: exception_id(&[
                                        &target.url,
                                        c.id.as_str(),
                                        &at.to_rfc3339(),
                                    ]),
                                    kind: ExceptionKind::Check,
                                    controls: Vec::new(),
                                    target: Some(label.to_string()),
                                    url: Some(target.url.clone()),
                                    check: Some(c.id.as_str().to_string()),
                                    result: c.result.to_string(),
                                    start: at,
                                    end: None,
                                    open: true,
                                    duration_days: 0.0,
                                    observations: 1,
                                    summary: c.summary.clone(),
                                    responses: Vec::new(),
                                });
                            }
                        }
                    }
                    _ => s.other += 1,
                }
            }
        }
        if counted {
            read += 1;
        }
    }
    // Exceptions still open at the end, and silences at either edge.
    let mut series = Vec::with_capacity(states.len());
    for (_, st) in states {
        if let Some(mut ex) = st.open {
            ex.open = true;
            ex.duration_days = days(ex.start, horizon);
            closed.push(ex);
        }
        series.push(st.series);
    }
    for t in &config.targets {
        let label = t.label().to_string();
        match (first_seen.get(&t.url), last_seen.get(&t.url)) {
            (Some(first), Some(last)) => {
                if *first - period.from() > max_gap {
                    gaps.push(Gap {
                        target: label.clone(),
                        url: t.url.clone(),
                        from: period.from(),
                        to: *first,
                        days: days(period.from(), *first),
                    });
                }
                if horizon - *last > max_gap {
                    gaps.push(Gap {
                        target: label,
                        url: t.url.clone(),
                        from: *last,
                        to: horizon,
                        days: days(*last, horizon),
                    });
                }
            }
            _ => {
                if horizon - period.from() > max_gap {
                    gaps.push(Gap {
                        target: label,
                        url: t.url.clone(),
                        from: period.from(),
                        to: horizon,
                        days: days(period.from(), horizon),
                    });
                }
            }
        }
    }
    gaps.sort_by(|a, b| a.url.cmp(&b.url).then(a.from.cmp(&b.from)));

    // Controls citing each check.
    let mut cited: HashMap<&str, Vec<String>> = HashMap::new();
    for c in &catalog.controls {
        for k in &c.checks {
            cited.entry(k.as_str()).or_default().push(c.id.clone());
        }
    }
    for ex in &mut closed {
        if let Some(k) = &ex.check {
            ex.controls = cited.get(k.as_str()).cloned().unwrap_or_default();
        }
    }

    let recurring = recurring(catalog, config, &order, period);
    let mut exceptions = closed;
    for r in &recurring {
        for slot in r.slots.iter().filter(|s| s.occurrences.is_empty()) {
            let start = Utc.from_utc_datetime(&slot.start.and_hms_opt(0, 0, 0).expect("midnight"));
            let end = Utc.from_utc_datetime(
                &(slot.end + Duration::days(1))
                    .and_hms_opt(0, 0, 0)
                    .expect("midnight"),
            );
            exceptions.push(Exception {
                id: exception_id(&[&r.control, &slot.start.to_string()]),
                kind: ExceptionKind::MissedActivity,
                controls: vec![r.control.clone()],
                target: None,
                url: None,
                check: None,
                result: "missed".into(),
                start,
                end: Some(end),
                open: false,
                duration_days: days(start, end),
                observations: 0,
                summary: format!(
                    "no {} occurrence of {} recorded between {} and {}",
                    r.frequency, r.control, slot.start, slot.end
                ),
                responses: Vec::new(),
            });
        }
    }
    // Management responses, from the journal.
    for e in &order {
        if let Change::Response { exception, text } = &e.change {
            if let Some(ex) = exceptions.iter_mut().find(|x| &x.id == exception) {
                ex.responses.push(Response {
                    by: e.by.clone(),
                    at: e.at,
                    text: text.clone(),
                });
            }
        }
    }
    exceptions.sort_by(|a, b| a.start.cmp(&b.start).then(a.id.cmp(&b.id)));

    let controls = control_effects(catalog, &series, &exceptions, &gaps, &recurring);
    let attested_only = catalog
        .controls
        .iter()
        .filter(|c| c.checks.is_empty() && !recurring.iter().any(|r| r.control == c.id))
        .count();
    let design_changes = design_changes(&order, period);
    Ok(PeriodReport {
        period,
        max_gap_days: config.probe.max_gap_days,
        runs: read,
        runs_left_out: left_out,
        observations,
        series,
        exceptions,
        gaps,
        recurring,
        controls,
        attested_only,
        design_changes,
    })
}

/// Periodic practices: the catalog's frequency, or the workspace's
/// `[recurring]` override; slots from the period's start, whole slots only.
fn recurring(
    catalog: &Catalog,
    config: &Config,
    order: &[&Entry],
    period: Period,
) -> Vec<Recurring> {
    let mut out = Vec::new();
    for c in &catalog.controls {
        let (freq, source) = match (config.recurring.get(&c.id), c.frequency) {
            (Some(f), _) => (*f, "apiassure.toml"),
            (None, Some(f)) => (f, "catalog"),
            (None, None) => continue,
        };
        let mut slots = Vec::new();
        let mut start = period.start;
        loop {
            let next = add_months(start, freq.months());
            let end = next - Duration::days(1);
            if end > period.end {
                break;
            }
            slots.push(Slot {
                start,
                end,
                occurrences: Vec::new(),
            });
            start = next;
        }
        for e in order {
            if let Change::Activity {
                control,
                on,
                note,
                attachments,
            } = &e.change
            {
                if control != &c.id {
                    continue;
                }
                if let Some(slot) = slots.iter_mut().find(|s| s.start <= *on && *on <= s.end) {
                    slot.occurrences.push(Occurrence {
                        on: *on,
                        note: note.clone(),
                        by: e.by.clone(),
                        recorded_at: e.at,
                        attachments: attachments.clone(),
                    });
                }
            }
        }
        let missed = slots.iter().filter(|s| s.occurrences.is_empty()).count();
        out.push(Recurring {
            control: c.id.clone(),
            title: c.title.clone(),
            frequency: freq.as_str(),
            source,
            slots,
            missed,
        });
    }
    out
}

fn control_effects(
    catalog: &Catalog,
    series: &[Series],
    exceptions: &[Exception],
    gaps: &[Gap],
    recurring: &[Recurring],
) -> Vec<ControlEffect> {
    let mut out = Vec::new();
    for c in &catalog.controls {
        let rec = recurring.iter().find(|r| r.control == c.id);
        if c.checks.is_empty() && rec.is_none() {
            continue;
        }
        let mine: Vec<&Series> = series
            .iter()
            .filter(|s| c.checks.contains(&s.check))
            .collect();
        let obs: usize = mine.iter().map(|s| s.pass + s.warn + s.fail).sum();
        let bad: usize = mine.iter().map(|s| s.warn + s.fail).sum();
        let exs: Vec<&Exception> = exceptions
            .iter()
            .filter(|e| e.controls.contains(&c.id))
            .collect();
        let open = exs.iter().filter(|e| e.open).count();
        let urls: std::collections::BTreeSet<&str> = mine.iter().map(|s| s.url.as_str()).collect();
        let my_gaps = gaps
            .iter()
            .filter(|g| urls.contains(g.url.as_str()))
            .count();
        let expected = rec.map_or(0, |r| r.slots.len());
        let missed = rec.map_or(0, |r| r.missed);
        let mut why = Vec::new();
        if !c.checks.is_empty() {
            why.push(format!(
                "{obs} conclusive observations of {} ({bad} fail or warn)",
                c.checks.join(", ")
            ));
        }
        if let Some(r) = rec {
            why.push(format!(
                "{} of {expected} {} occurrences recorded",
                expected - missed,
                r.frequency
            ));
        }
        let check_exceptions = exs
            .iter()
            .filter(|e| e.kind == ExceptionKind::Check)
            .count();
        if check_exceptions > 0 {
            why.push(format!("{check_exceptions} exceptions ({open} still open)"));
        }
        if my_gaps > 0 {
            why.push(format!("{my_gaps} monitoring gaps"));
        }
        let status = if obs == 0 && expected == 0 {
            why = vec![if c.checks.is_empty() {
                format!(
                    "no {} occurrence was due within the period",
                    rec.map_or("", |r| r.frequency)
                )
            } else {
                format!(
                    "no conclusive observation of {} in the period",
                    c.checks.join(", ")
                )
            }];
            Effect::NotTested
        } else if open > 0 || (obs > 0 && bad * 2 > obs) || (expected > 0 && missed == expected) {
            Effect::NotEffective
        } else if !exs.is_empty() || my_gaps > 0 {
            Effect::EffectiveWithExceptions
        } else {
            Effect::Effective
        };
        out.push(ControlEffect {
            control: c.id.clone(),
            title: c.title.clone(),
            status,
            reason: why.join("; "),
            observations: obs,
            exceptions: exs.len(),
            open_exceptions: open,
        });
    }
    out
}

/// Answers changed during the period (substance, not approvals).
fn design_changes(order: &[&Entry], period: Period) -> Vec<DesignChange> {
    let mut out = Vec::new();
    for e in order {
        if e.imported || !period.contains(e.at) {
            continue;
        }
        if let Change::Answer { question, old, new } = &e.change {
            if let (Some(o), Some(n)) = (old, new) {
                if o.same_substance(n) {
                    continue;
                }
            }
            out.push(DesignChange {
                question: question.clone(),
                old: old.as_ref().map(|a| a.answer.to_string()),
                new: new.as_ref().map(|a| a.answer.to_string()),
                by: e.by.clone(),
                at: e.at,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_bound_whole_days() {
        let p = Period::parse("2026-01-01..2026-03-31").unwrap();
        assert!(p.contains(Utc.with_ymd_and_hms(2026, 3, 31, 23, 59, 59).unwrap()));
        assert!(!p.contains(Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap()));
        assert!(Period::parse("2026-03-31..2026-01-01").is_err());
        assert!(Period::parse("2026").is_err());
    }

    #[test]
    fn months_roll_over_to_the_last_day() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        assert_eq!(
            add_months(d, 1),
            NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()
        );
        assert_eq!(
            add_months(d, 12),
            NaiveDate::from_ymd_opt(2027, 1, 31).unwrap()
        );
    }
}
