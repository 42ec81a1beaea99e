//! Attestations: what a team says it does, one answer per question.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Current version of the answers file format.
pub const ANSWERS_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnswerValue {
    Yes,
    Partial,
    No,
    Na,
}

impl AnswerValue {
    /// Points for scoring: yes 1, partial 0.5, no 0; `na` is left out (None).
    pub fn points(self) -> Option<f64> {
        match self {
            AnswerValue::Yes => Some(1.0),
            AnswerValue::Partial => Some(0.5),
            AnswerValue::No => Some(0.0),
            AnswerValue::Na => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AnswerValue::Yes => "yes",
            AnswerValue::Partial => "partial",
            AnswerValue::No => "no",
            AnswerValue::Na => "na",
        }
    }

    pub const ALL: [AnswerValue; 4] = [
        AnswerValue::Yes,
        AnswerValue::Partial,
        AnswerValue::No,
        AnswerValue::Na,
    ];
}

impl fmt::Display for AnswerValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word that is not an answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an answer: use yes, partial, no or na")]
pub struct ParseAnswerError(pub String);

impl FromStr for AnswerValue {
    type Err = ParseAnswerError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "yes" | "y" => Ok(AnswerValue::Yes),
            "partial" | "p" => Ok(AnswerValue::Partial),
            "no" | "n" => Ok(AnswerValue::No),
            "na" | "n/a" | "n-a" => Ok(AnswerValue::Na),
            other => Err(ParseAnswerError(other.to_string())),
        }
    }
}

/// One question's answer with the context an auditor asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub answer: AnswerValue,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    pub at: DateTime<Utc>,
}

/// All answers of a workspace, keyed by question id. A `BTreeMap` keeps the
/// file's order stable so that diffs show only what changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerSet {
    pub schema_version: u32,
    #[serde(default)]
    pub answers: BTreeMap<String, Answer>,
}

impl Default for AnswerSet {
    fn default() -> Self {
        AnswerSet {
            schema_version: ANSWERS_SCHEMA_VERSION,
            answers: BTreeMap::new(),
        }
    }
}

impl AnswerSet {
    pub fn get(&self, question_id: &str) -> Option<&Answer> {
        self.answers.get(question_id)
    }
}
