//! The workspace's `soa.toml`: applicability decisions for the ISO/IEC
//! 27001:2022 Annex A controls the API catalog does not cover (physical
//! security, most people controls...), so the Statement of Applicability
//! lists all 93 with a justification each.
//!
//! ```toml
//! schema_version = 1
//! [controls."A.7.1"]
//! applicable = false
//! justification = "No premises of our own: hosted in AWS eu-west-1 (SOC 2 report on file)"
//! [controls."A.6.3"]
//! applicable = true
//! status = "implemented"            # implemented | partially implemented | not implemented | planned
//! evidence = "Security awareness programme SEC-TRN-2, LMS records"
//! ```

use std::collections::BTreeMap;

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

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SoaEntry {
    pub applicable: bool,
    #[serde(default)]
    pub justification: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub evidence: String,
}
