//! The workspace's `soa.toml`: the Statement of Applicability as management
//! decided it. ISO/IEC 27001:2022 clause 6.1.3 d) makes applicability a
//! decision with a justification, so every entry is one: applicable or
//! excluded, why, the implementation status, an owner, who decided and
//! when. `apiassure soa` records a decision in the journal and writes it
//! here; the catalog and the answers only *propose* (see
//! `report::soa`), and a decision they disagree with is shown as a
//! conflict, never replaced.
//!
//! ```toml
//! schema_version = 1
//! [controls."A.7.1"]
//! applicable = false
//! justification = "No premises of our own: hosted in AWS eu-west-1 (SOC 2 report on file)"
//! by = "Dana Lee"
//! at = "2026-11-02T09:00:00Z"
//! [controls."A.8.5"]
//! applicable = true
//! justification = "Every API authenticates its callers"
//! status = "partially implemented"   # implemented | partially implemented | planned | not implemented
//! owner = "Platform team"
//! ```

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const SOA_FILE: &str = "soa.toml";
pub const SOA_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Soa {
    pub schema_version: u32,
    #[serde(default)]
    pub controls: BTreeMap<String, SoaEntry>,
}

impl Soa {
    pub fn get(&self, control: &str) -> Option<&SoaEntry> {
        self.controls.get(control)
    }
}

/// Where an applicable control stands. The four values ISO auditors read in
/// a Statement of Applicability; free text is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SoaStatus {
    #[serde(rename = "implemented")]
    Implemented,
    #[serde(rename = "partially implemented")]
    PartiallyImplemented,
    #[serde(rename = "planned")]
    Planned,
    #[serde(rename = "not implemented")]
    NotImplemented,
}

impl SoaStatus {
    pub const ALL: [SoaStatus; 4] = [
        SoaStatus::Implemented,
        SoaStatus::PartiallyImplemented,
        SoaStatus::Planned,
        SoaStatus::NotImplemented,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SoaStatus::Implemented => "implemented",
            SoaStatus::PartiallyImplemented => "partially implemented",
            SoaStatus::Planned => "planned",
            SoaStatus::NotImplemented => "not implemented",
        }
    }

    /// Parse a status as written on the command line (`partially-implemented`
    /// and `partially implemented` alike).
    pub fn parse(s: &str) -> Option<SoaStatus> {
        let norm = s.trim().to_ascii_lowercase().replace(['-', '_'], " ");
        SoaStatus::ALL.into_iter().find(|v| v.label() == norm)
    }
}

/// A status that is not one of the four.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a status: use one of \"implemented\", \"partially implemented\", \"planned\", \"not implemented\"")]
pub struct UnknownStatus(pub String);

impl std::str::FromStr for SoaStatus {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<SoaStatus, UnknownStatus> {
        SoaStatus::parse(s).ok_or_else(|| UnknownStatus(s.to_string()))
    }
}

impl fmt::Display for SoaStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One decision.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SoaEntry {
    pub applicable: bool,
    #[serde(default)]
    pub justification: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<SoaStatus>,
    /// Where the evidence is, in the organisation's own words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evidence: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// Who decided (recorded by `apiassure soa`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<Utc>>,
}

/// Why a decision cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("{0}: an exclusion needs a justification (--justification TEXT): ISO/IEC 27001 6.1.3 d) asks why each control is excluded")]
    ExclusionUnjustified(String),
    #[error("{0}: a decision needs a justification (--justification TEXT): why the control is applicable")]
    InclusionUnjustified(String),
    #[error("{0}: an excluded control has no implementation status; drop --status")]
    StatusOnExclusion(String),
}

impl SoaEntry {
    /// The rules every recorded decision meets.
    pub fn check(&self, control: &str) -> Result<(), DecisionError> {
        if self.justification.trim().is_empty() {
            return Err(if self.applicable {
                DecisionError::InclusionUnjustified(control.to_string())
            } else {
                DecisionError::ExclusionUnjustified(control.to_string())
            });
        }
        if !self.applicable && self.status.is_some() {
            return Err(DecisionError::StatusOnExclusion(control.to_string()));
        }
        Ok(())
    }

    /// The same decision, whoever recorded it when.
    pub fn same_decision(&self, other: &SoaEntry) -> bool {
        self.applicable == other.applicable
            && self.justification == other.justification
            && self.status == other.status
            && self.evidence == other.evidence
            && self.owner == other.owner
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_with_dashes_or_spaces_and_free_text_is_refused() {
        assert_eq!(
            SoaStatus::parse("partially-implemented"),
            Some(SoaStatus::PartiallyImplemented)
        );
        assert_eq!(SoaStatus::parse(" Planned "), Some(SoaStatus::Planned));
        assert_eq!(SoaStatus::parse("mostly done"), None);
        assert_eq!(
            "mostly done".parse::<SoaStatus>(),
            Err(UnknownStatus("mostly done".into()))
        );
        let bad: Result<Soa, _> = toml::from_str(
            "schema_version = 1\n[controls.\"A.6.3\"]\napplicable = true\nstatus = \"mostly\"\n",
        );
        assert!(bad.is_err());
    }

    #[test]
    fn an_exclusion_without_a_justification_is_refused() {
        let e = SoaEntry {
            applicable: false,
            justification: "  ".into(),
            ..SoaEntry::default()
        };
        assert_eq!(
            e.check("A.5.31"),
            Err(DecisionError::ExclusionUnjustified("A.5.31".into()))
        );
        let ok = SoaEntry {
            justification: "No premises".into(),
            ..e
        };
        assert!(ok.check("A.7.1").is_ok());
    }
}
