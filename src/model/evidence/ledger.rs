//! The evidence ledger: the current result of every (target, check) pair,
//! folded from every stored run. It is what scores use, so that a run that
//! covers some targets or some checks updates only those, and a failed
//! attempt never replaces a conclusive result.
//!
//! Rules, applied per (target URL, check id):
//! - the **current** result is the newest conclusive one (pass, warn, fail or
//!   info), newest by the time the target was probed, then by run id;
//! - an `error` newer than the current result is kept beside it as the
//!   **last attempt** ("last attempt failed: connection refused"); it never
//!   becomes current. A later conclusive result clears it;
//! - ad-hoc targets (probed from the command line, not declared) are never
//!   folded in.
//!
//! Folding is order-independent (each entry keeps the newest by a total
//! order), so the ledger rebuilt from all runs equals the one updated run by
//! run: anyone can recompute it from the run files.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CheckOutcome, EvidenceRun, TargetEvidence};
use crate::model::checks::CheckId;

/// Current version of `evidence/ledger.json`.
pub const LEDGER_SCHEMA_VERSION: u32 = 1;

/// One check result as the ledger keeps it: where it came from and what it said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recorded {
    pub run_id: String,
    pub at: DateTime<Utc>,
    pub result: CheckOutcome,
    pub summary: String,
}

impl Recorded {
    /// The total order "newer": by time, then by run id.
    fn newer_than(&self, other: &Recorded) -> bool {
        (self.at, &self.run_id) > (other.at, &other.run_id)
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
    fn fold(&mut self, rec: Recorded) {
        if rec.result == CheckOutcome::Error {
            let newer_than_current = self.current.as_ref().is_none_or(|c| rec.newer_than(c));
            let newer_than_attempt = self.attempt.as_ref().is_none_or(|a| rec.newer_than(a));
            if newer_than_current && newer_than_attempt {
                self.attempt = Some(rec);
            }
        } else if self.current.as_ref().is_none_or(|c| rec.newer_than(c)) {
            if self.attempt.as_ref().is_some_and(|a| !a.newer_than(&rec)) {
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    pub schema_version: u32,
    /// Run ids folded in, sorted.
    pub runs: Vec<String>,
    pub targets: BTreeMap<String, TargetEntries>,
}

impl Default for Ledger {
    fn default() -> Self {
        Ledger {
            schema_version: LEDGER_SCHEMA_VERSION,
            runs: Vec::new(),
            targets: BTreeMap::new(),
        }
    }
}

impl Ledger {
    /// Fold one target's results from run `run_id` (ad-hoc targets are skipped).
    pub fn fold_target(&mut self, run_id: &str, run_finished: DateTime<Utc>, t: &TargetEvidence) {
        if t.adhoc {
            return;
        }
        let at = t.probed_at.unwrap_or(run_finished);
        let entries = self.targets.entry(t.url.clone()).or_default();
        if t.name.is_some() {
            entries.name = t.name.clone();
        }
        for c in &t.checks {
            entries.checks.entry(c.id).or_default().fold(Recorded {
                run_id: run_id.to_string(),
                at,
                result: c.result,
                summary: c.summary.clone(),
            });
        }
    }

    /// Note that `run_id` is folded in.
    pub fn mark_run(&mut self, run_id: &str) {
        if let Err(i) = self.runs.binary_search_by(|r| r.as_str().cmp(run_id)) {
            self.runs.insert(i, run_id.to_string());
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
        self.runs
            .binary_search_by(|r| r.as_str().cmp(run_id))
            .is_ok()
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
        assert_eq!(e.attempt.as_ref().unwrap().run_id, "r2");
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
    fn folding_order_does_not_matter() {
        let t0 = DateTime::from_timestamp(0, 0).unwrap();
        let runs = [
            ("r1", target("https://a", 100, &[(P, CheckOutcome::Fail)])),
            ("r2", target("https://a", 200, &[(P, CheckOutcome::Error)])),
            ("r3", target("https://a", 150, &[(P, CheckOutcome::Pass)])),
            ("r4", target("https://a", 200, &[(P, CheckOutcome::Warn)])),
        ];
        let mut forward = Ledger::default();
        for (id, t) in &runs {
            forward.fold_target(id, t0, t);
        }
        let mut backward = Ledger::default();
        for (id, t) in runs.iter().rev() {
            backward.fold_target(id, t0, t);
        }
        assert_eq!(forward, backward);
        let e = &forward.targets["https://a"].checks[&P];
        // Same second: the later run id wins; r2's error is not newer than r4.
        assert_eq!(e.current.as_ref().unwrap().run_id, "r4");
        assert!(e.attempt.is_none());
    }
}
