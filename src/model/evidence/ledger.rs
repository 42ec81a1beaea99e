//! The evidence ledger: the current result of every (target, check) pair,
//! folded from every stored run. It is what scores use, so that a run that
//! covers some targets or some checks updates only those, and a failed
//! attempt never replaces a conclusive result.
//!
//! Rules, applied per (target URL, check id):
//! - the **current** result is the newest conclusive one (pass, warn, fail or
//!   info), newest by the order the journal recorded the runs in (a run's
//!   own clock never decides: a CI runner whose clock is a year ahead cannot
//!   make its result outrank every later one), then by the time the target
//!   was probed;
//! - an `error` newer than the current result is kept beside it as the
//!   **last attempt** ("last attempt failed: connection refused"); it never
//!   becomes current. A later conclusive result clears it;
//! - ad-hoc targets (probed from the command line, not declared) are never
//!   folded in.
//!
//! Runs are folded in journal order, each after the ones before it, so the
//! ledger rebuilt from the run files equals the one updated run by run:
//! anyone can recompute it, and its SHA-256 is what the journal records.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CheckOutcome, EvidenceRun, TargetEvidence};
use crate::model::checks::CheckId;

/// Current version of `evidence/ledger.json`.
pub const LEDGER_SCHEMA_VERSION: u32 = 1;

/// One check result as the ledger keeps it: where it came from and what it said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recorded {
    /// Shared: thousands of entries name the same few runs and often say
    /// the same thing (see [`Ledger::intern`]).
    pub run_id: Arc<str>,
    pub at: DateTime<Utc>,
    pub result: CheckOutcome,
    pub summary: Arc<str>,
}

impl Recorded {
    /// The total order "newer": by the rank of the run (its place in the
    /// journal), then by time, then by run id.
    fn newer_than(&self, other: &Recorded, rank: &HashMap<Arc<str>, usize>) -> bool {
        let r = |x: &Recorded| rank.get(&x.run_id).copied().unwrap_or(usize::MAX);
        (r(self), self.at, &self.run_id) > (r(other), other.at, &other.run_id)
    }
}

/// The state of one check on one target.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The newest conclusive result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Recorded>,
    /// The newest `error`, kept only while it is newer than `current`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt: Option<Recorded>,
}

impl Entry {
    fn fold(&mut self, rec: Recorded, rank: &HashMap<Arc<str>, usize>) {
        if rec.result == CheckOutcome::Error {
            let newer_than_current = self
                .current
                .as_ref()
                .is_none_or(|c| rec.newer_than(c, rank));
            let newer_than_attempt = self
                .attempt
                .as_ref()
                .is_none_or(|a| rec.newer_than(a, rank));
            if newer_than_current && newer_than_attempt {
                self.attempt = Some(rec);
            }
        } else if self
            .current
            .as_ref()
            .is_none_or(|c| rec.newer_than(c, rank))
        {
            if self
                .attempt
                .as_ref()
                .is_some_and(|a| !a.newer_than(&rec, rank))
            {
                self.attempt = None;
            }
            self.current = Some(rec);
        }
    }
}

/// Every check seen on one target.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TargetEntries {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub checks: BTreeMap<CheckId, Entry>,
}

/// The ledger: which runs it folds, and the entries by target URL.
///
/// Stored as JSON Lines (`evidence/ledger.json`): a [`LedgerHeader`] line,
/// then one [`LedgerLine`] per target, so that it is read and written a
/// target at a time and repeated strings are shared in memory.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    /// Run ids folded in, in the order they were folded (journal order).
    pub runs: Vec<String>,
    pub targets: BTreeMap<String, TargetEntries>,
    strings: HashSet<Arc<str>>,
    /// Each folded run's place in `runs`.
    rank: HashMap<Arc<str>, usize>,
}

impl PartialEq for Ledger {
    fn eq(&self, other: &Self) -> bool {
        self.runs == other.runs && self.targets == other.targets
    }
}

/// A run's verdicts without its observations: what a streamed run keeps
/// in memory, what the ledger folds and what `probe` prints. Summaries are
/// shared: thousands of targets often say the same thing.
#[derive(Debug, Clone, Default)]
pub struct RunVerdicts {
    pub run_id: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub targets: Vec<TargetVerdicts>,
    strings: HashSet<Arc<str>>,
}

#[derive(Debug, Clone)]
pub struct TargetVerdicts {
    pub url: String,
    pub name: Option<String>,
    pub adhoc: bool,
    pub probed_at: Option<DateTime<Utc>>,
    pub checks: Vec<Verdict>,
}

#[derive(Debug, Clone)]
pub struct Verdict {
    pub id: CheckId,
    pub result: CheckOutcome,
    pub summary: Arc<str>,
}

impl RunVerdicts {
    pub fn new(run_id: &str, started_at: DateTime<Utc>) -> RunVerdicts {
        RunVerdicts {
            run_id: run_id.to_string(),
            started_at,
            finished_at: started_at,
            ..RunVerdicts::default()
        }
    }

    /// Keep one target's verdicts.
    pub fn add(&mut self, t: &TargetEvidence) {
        let checks = t
            .checks
            .iter()
            .map(|c| Verdict {
                id: c.id,
                result: c.result,
                summary: Ledger::share(&mut self.strings, &c.summary),
            })
            .collect();
        self.targets.push(TargetVerdicts {
            url: t.url.clone(),
            name: t.name.clone(),
            adhoc: t.adhoc,
            probed_at: t.probed_at,
            checks,
        });
    }
}

/// The first line of the ledger file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerHeader {
    pub schema_version: u32,
    pub runs: Vec<String>,
}

/// One target's line in the ledger file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerLine {
    pub url: String,
    #[serde(flatten)]
    pub entries: TargetEntries,
}

impl Ledger {
    /// One shared copy of `s`.
    fn share(strings: &mut HashSet<Arc<str>>, s: &str) -> Arc<str> {
        if let Some(found) = strings.get(s) {
            return found.clone();
        }
        let arc: Arc<str> = Arc::from(s);
        strings.insert(arc.clone());
        arc
    }

    /// A ledger read from its file: the header's runs, in their order.
    pub fn with_runs(runs: Vec<String>) -> Ledger {
        let mut l = Ledger::default();
        for r in runs {
            l.mark_run(&r);
        }
        l
    }

    /// Add a target read from the file, sharing its repeated strings.
    pub fn insert_line(&mut self, line: LedgerLine) {
        let mut entries = line.entries;
        for e in entries.checks.values_mut() {
            for r in e.current.iter_mut().chain(e.attempt.iter_mut()) {
                r.run_id = Self::share(&mut self.strings, &r.run_id);
                r.summary = Self::share(&mut self.strings, &r.summary);
            }
        }
        self.targets.insert(line.url, entries);
    }

    /// Fold one target's results from run `run_id` (ad-hoc targets are skipped).
    pub fn fold_target(&mut self, run_id: &str, run_finished: DateTime<Utc>, t: &TargetEvidence) {
        if t.adhoc {
            return;
        }
        let at = t.probed_at.unwrap_or(run_finished);
        let checks = t
            .checks
            .iter()
            .map(|c| (c.id, c.result, c.summary.as_str()));
        self.fold_checks(run_id, &t.url, t.name.as_deref(), at, checks);
    }

    /// Fold a run's verdicts (what a streamed run keeps in memory).
    pub fn fold_verdicts(&mut self, run: &RunVerdicts) {
        for t in run.targets.iter().filter(|t| !t.adhoc) {
            let at = t.probed_at.unwrap_or(run.finished_at);
            let checks = t.checks.iter().map(|c| (c.id, c.result, &*c.summary));
            self.fold_checks(&run.run_id, &t.url, t.name.as_deref(), at, checks);
        }
        self.mark_run(&run.run_id);
    }

    fn fold_checks<'a>(
        &mut self,
        run_id: &str,
        url: &str,
        name: Option<&str>,
        at: DateTime<Utc>,
        checks: impl Iterator<Item = (CheckId, CheckOutcome, &'a str)>,
    ) {
        let run: Arc<str> = Self::share(&mut self.strings, run_id);
        if !self.rank.contains_key(&run) {
            // A run folds after everything folded before it.
            self.rank.insert(run.clone(), self.runs.len());
            self.runs.push(run_id.to_string());
        }
        let entries = self.targets.entry(url.to_string()).or_default();
        if let Some(n) = name {
            entries.name = Some(n.to_string());
        }
        for (id, result, summary) in checks {
            let summary = Self::share(&mut self.strings, summary);
            entries.checks.entry(id).or_default().fold(
                Recorded {
                    run_id: run.clone(),
                    at,
                    result,
                    summary,
                },
                &self.rank,
            );
        }
    }

    /// Note that `run_id` is folded in (after every run folded before).
    pub fn mark_run(&mut self, run_id: &str) {
        if !self.has_run(run_id) {
            let run: Arc<str> = Self::share(&mut self.strings, run_id);
            self.rank.insert(run, self.runs.len());
            self.runs.push(run_id.to_string());
        }
    }

    /// Fold a whole run.
    pub fn fold_run(&mut self, run: &EvidenceRun) {
        for t in &run.targets {
            self.fold_target(&run.run_id, run.finished_at, t);
        }
        self.mark_run(&run.run_id);
    }

    pub fn has_run(&self, run_id: &str) -> bool {
        self.rank.contains_key(run_id)
    }

    /// The newest time any result was recorded.
    pub fn latest(&self) -> Option<DateTime<Utc>> {
        self.targets
            .values()
            .flat_map(|t| t.checks.values())
            .flat_map(|e| e.current.iter().chain(e.attempt.iter()))
            .map(|r| r.at)
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CheckResult;

    fn target(url: &str, at: i64, results: &[(CheckId, CheckOutcome)]) -> TargetEvidence {
        TargetEvidence {
            url: url.into(),
            name: None,
            tls: None,
            http: None,
            traffic: None,
            checks: results
                .iter()
                .map(|(id, o)| CheckResult::new(*id, *o, format!("{o}")))
                .collect(),
            adhoc: false,
            probed_at: DateTime::from_timestamp(at, 0),
        }
    }

    const P: CheckId = CheckId::TlsProtocols;
    const H: CheckId = CheckId::HttpHsts;

    #[test]
    fn an_error_never_replaces_a_conclusive_result_and_shows_beside_it() {
        let mut l = Ledger::default();
        let t0 = DateTime::from_timestamp(0, 0).unwrap();
        l.fold_target(
            "r1",
            t0,
            &target("https://a", 100, &[(P, CheckOutcome::Fail)]),
        );
        l.fold_target(
            "r2",
            t0,
            &target("https://a", 200, &[(P, CheckOutcome::Error)]),
        );
        let e = &l.targets["https://a"].checks[&P];
        assert_eq!(e.current.as_ref().unwrap().result, CheckOutcome::Fail);
        assert_eq!(&*e.attempt.as_ref().unwrap().run_id, "r2");
        // A later conclusive result clears the failed attempt.
        l.fold_target(
            "r3",
            t0,
            &target("https://a", 300, &[(P, CheckOutcome::Pass)]),
        );
        let e = &l.targets["https://a"].checks[&P];
        assert_eq!(e.current.as_ref().unwrap().result, CheckOutcome::Pass);
        assert!(e.attempt.is_none());
    }

    #[test]
    fn partial_runs_update_only_what_they_cover_and_adhoc_is_ignored() {
        let mut l = Ledger::default();
        let t0 = DateTime::from_timestamp(0, 0).unwrap();
        l.fold_target(
            "r1",
            t0,
            &target(
                "https://a",
                100,
                &[(P, CheckOutcome::Pass), (H, CheckOutcome::Fail)],
            ),
        );
        l.fold_target(
            "r2",
            t0,
            &target("https://a", 200, &[(P, CheckOutcome::Warn)]),
        );
        let mut adhoc = target("https://b", 300, &[(P, CheckOutcome::Pass)]);
        adhoc.adhoc = true;
        l.fold_target("r3", t0, &adhoc);
        let a = &l.targets["https://a"].checks;
        assert_eq!(a[&P].current.as_ref().unwrap().result, CheckOutcome::Warn);
        assert_eq!(a[&H].current.as_ref().unwrap().result, CheckOutcome::Fail);
        assert!(!l.targets.contains_key("https://b"));
    }

    #[test]
    fn a_run_recorded_later_wins_whatever_its_clock_says() {
        let t0 = DateTime::from_timestamp(0, 0).unwrap();
        // r1 comes from a runner whose clock is a year ahead.
        let year = 365 * 86_400;
        let runs = [
            (
                "r1",
                target("https://a", 100 + year, &[(P, CheckOutcome::Fail)]),
            ),
            ("r2", target("https://a", 200, &[(P, CheckOutcome::Error)])),
            ("r3", target("https://a", 150, &[(P, CheckOutcome::Pass)])),
        ];
        let mut l = Ledger::default();
        for (id, t) in &runs {
            l.fold_target(id, t0, t);
        }
        assert_eq!(l.runs, ["r1", "r2", "r3"]);
        let e = &l.targets["https://a"].checks[&P];
        assert_eq!(&*e.current.as_ref().unwrap().run_id, "r3");
        assert_eq!(e.current.as_ref().unwrap().result, CheckOutcome::Pass);
        assert!(e.attempt.is_none(), "r2's error is older than r3's pass");
        // The same runs folded in the same order give the same ledger.
        let mut again = Ledger::with_runs(vec![]);
        for (id, t) in &runs {
            again.fold_target(id, t0, t);
        }
        assert_eq!(l, again);
    }
}
