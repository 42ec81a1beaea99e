//! Automated evidence: what probes observed and the check results drawn
//! from it, in the shapes stored in `evidence/<run>.json` (the schema
//! version beside them). [`tls`] and [`http`] hold the observations.

pub mod http;
pub mod ledger;
pub mod tls;
pub mod traffic;

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::checks::CheckId;

/// Current version of the evidence file format.
pub const EVIDENCE_SCHEMA_VERSION: u32 = 1;

/// Result of one automated check. `Error` means "could not tell", never "fine".
/// Ordered by severity (pass < info < error < warn < fail), so the worst of
/// several outcomes is their `max()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckOutcome {
    Pass,
    Info,
    Error,
    Warn,
    Fail,
}

impl CheckOutcome {
    /// Points for scoring: pass 1, warn 0.5, fail 0; `info` and `error` are left out.
    pub fn points(self) -> Option<f64> {
        match self {
            CheckOutcome::Pass => Some(1.0),
            CheckOutcome::Warn => Some(0.5),
            CheckOutcome::Fail => Some(0.0),
            CheckOutcome::Info | CheckOutcome::Error => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CheckOutcome::Pass => "pass",
            CheckOutcome::Warn => "warn",
            CheckOutcome::Fail => "fail",
            CheckOutcome::Info => "info",
            CheckOutcome::Error => "error",
        }
    }

    /// The worst of several outcomes, `None` for none.
    pub fn worst(outcomes: impl IntoIterator<Item = CheckOutcome>) -> Option<CheckOutcome> {
        outcomes.into_iter().max()
    }
}

impl fmt::Display for CheckOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One check's verdict on one target, with the reason and what it saw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    /// Check id from the registry in `crate::checks`, e.g. `tls.protocols`.
    pub id: CheckId,
    pub result: CheckOutcome,
    /// One sentence: the verdict and why.
    pub summary: String,
    /// Observations behind the verdict, one per line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
    /// Catalog controls this check gives evidence for (filled in by the runner).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<String>,
}

impl CheckResult {
    pub fn new(id: CheckId, result: CheckOutcome, summary: impl Into<String>) -> Self {
        CheckResult {
            id,
            result,
            summary: summary.into(),
            details: Vec::new(),
            controls: Vec::new(),
        }
    }

    pub fn with_details(mut self, details: Vec<String>) -> Self {
        self.details = details;
        self
    }
}

/// Everything observed about one declared target during a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetEvidence {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<tls::TlsObservation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<http::HttpObservation>,
    /// The inventory `apiassure traffic` built from access logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traffic: Option<traffic::TrafficObservation>,
    #[serde(default)]
    pub checks: Vec<CheckResult>,
    /// Probed from the command line without being declared in
    /// `apiassure.toml`: shown, stored, never scored.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub adhoc: bool,
    /// When this target's probes finished (older files: the run's finish).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probed_at: Option<DateTime<Utc>>,
}

/// One probe run: stored as `evidence/<run_id>.json` and hashed into the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceRun {
    pub schema_version: u32,
    pub run_id: String,
    pub tool: String,
    pub tool_version: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    /// Options that shaped the run (timeouts, active tests), for reproducibility.
    #[serde(default)]
    pub settings: serde_json::Value,
    pub targets: Vec<TargetEvidence>,
}

/// The time a run id (or its file name) starts with:
/// `20261201T194106.123456Z-000` is 2026-12-01 19:41:06.123456 UTC.
pub fn run_id_time(id: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let stamp = id.split('-').next()?;
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%S%.fZ")
        .ok()
        .map(|t| t.and_utc())
}
