//! Who owns each control and by when it must be done: `owners.toml`, one
//! table per control, set with `apiassure assign` and journaled like answers.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub const OWNERS_FILE: &str = "owners.toml";
pub const OWNERS_SCHEMA_VERSION: u32 = 1;

/// One control's owner and due date, with who assigned it and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    pub owner: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// Every control's assignment, keyed by control id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignments {
    pub schema_version: u32,
    #[serde(default)]
    pub controls: BTreeMap<String, Assignment>,
}

impl Default for Assignments {
    fn default() -> Self {
        Assignments {
            schema_version: OWNERS_SCHEMA_VERSION,
            controls: BTreeMap::new(),
        }
    }
}

impl Assignments {
    pub fn get(&self, control: &str) -> Option<&Assignment> {
        self.controls.get(control)
    }

    /// Whether `control` is past its due date on `today`.
    pub fn past_due(&self, control: &str, today: NaiveDate) -> bool {
        self.get(control)
            .and_then(|a| a.due)
            .is_some_and(|d| d < today)
    }
}
