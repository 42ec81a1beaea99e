//! Attestations: what a team says it does, one answer per question.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
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
    /// Not implemented, and the risk accepted by an approver until a date:
    /// scores as `no`, shown as an accepted risk rather than a gap to fix.
    Accepted,
}

impl AnswerValue {
    /// Points for scoring: yes 1, partial 0.5, no 0; `na` is left out (None).
    pub fn points(self) -> Option<f64> {
        match self {
            AnswerValue::Yes => Some(1.0),
            AnswerValue::Partial => Some(0.5),
            AnswerValue::No | AnswerValue::Accepted => Some(0.0),
            AnswerValue::Na => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AnswerValue::Yes => "yes",
            AnswerValue::Partial => "partial",
            AnswerValue::No => "no",
            AnswerValue::Na => "na",
            AnswerValue::Accepted => "accepted",
        }
    }

    /// The four answers anyone may give (`accepted` needs an approver and an
    /// expiry, so it is given with `answer ... accepted --approver --expires`).
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
#[error("'{0}' is not an answer: use yes, partial, no, na or accepted")]
pub struct ParseAnswerError(pub String);

impl FromStr for AnswerValue {
    type Err = ParseAnswerError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "yes" | "y" => Ok(AnswerValue::Yes),
            "partial" | "p" => Ok(AnswerValue::Partial),
            "no" | "n" => Ok(AnswerValue::No),
            "na" | "n/a" | "n-a" => Ok(AnswerValue::Na),
            "accepted" | "accept" | "risk-accepted" => Ok(AnswerValue::Accepted),
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
    /// When: an RFC 3339 string, or a native TOML datetime in `answers.toml`.
    #[serde(deserialize_with = "timestamp")]
    pub at: DateTime<Utc>,
    /// Review this answer by this date (otherwise `at` plus
    /// `[assessment].answer_review_days`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "optional_date"
    )]
    pub review_by: Option<NaiveDate>,
    /// Four-eyes approval: someone other than the answerer confirmed it.
    /// Any later change of the answer's substance voids it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<Approval>,
    /// For an `accepted` answer: who accepted the risk and until when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<Acceptance>,
    /// Evidence files stored in the workspace by content hash
    /// (`answer --attach`), in the order attached.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
}

/// An evidence file kept with an answer: stored as `attachments/<sha256>`,
/// described here so a changed or missing file is found by `verify`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// The file's name when attached (no folders).
    pub name: String,
    pub size: u64,
    pub sha256: String,
    pub by: String,
    #[serde(deserialize_with = "timestamp")]
    pub at: DateTime<Utc>,
    /// The period the evidence covers, e.g. `2026-01-01..2026-03-31`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covers: Option<String>,
}

/// Who approved an answer, when, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub by: String,
    #[serde(deserialize_with = "timestamp")]
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A risk accepted instead of fixed: who accepted it (management, not the
/// answerer) and the day the acceptance ends (then the question is due again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    pub approver: String,
    #[serde(deserialize_with = "date")]
    pub expires: NaiveDate,
}

fn date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    optional_date(d)?.ok_or_else(|| serde::de::Error::custom("a date like 2027-03-31"))
}

impl Answer {
    /// `na` needs a reason: without a note it counts as not assessed.
    pub fn is_unjustified_na(&self) -> bool {
        self.answer == AnswerValue::Na && self.note.trim().is_empty()
    }

    /// Whether this answer counts as an assessment on `today`: an `na`
    /// without a reason does not, nor does an `accepted` without its reason,
    /// approver and expiry, or one whose acceptance has expired (the
    /// question is due again).
    pub fn is_assessed(&self, today: NaiveDate) -> bool {
        match self.answer {
            AnswerValue::Na => !self.note.trim().is_empty(),
            AnswerValue::Accepted => {
                !self.note.trim().is_empty()
                    && self
                        .acceptance
                        .as_ref()
                        .is_some_and(|a| a.expires >= today && !a.approver.trim().is_empty())
            }
            _ => true,
        }
    }

    /// An accepted risk whose acceptance has ended.
    pub fn acceptance_expired(&self, today: NaiveDate) -> bool {
        self.answer == AnswerValue::Accepted
            && self.acceptance.as_ref().is_some_and(|a| a.expires < today)
    }

    /// The day this answer is due for review.
    pub fn review_date(&self, review_days: u32) -> NaiveDate {
        self.review_by.unwrap_or_else(|| {
            (self.at + chrono::Duration::days(i64::from(review_days))).date_naive()
        })
    }
}

/// A date as `2027-03-31` text or a native TOML date.
fn optional_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = Option<NaiveDate>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a date like 2027-03-31")
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
                .map(Some)
                .map_err(|e| E::custom(format!("'{v}' is not a date like 2027-03-31 ({e})")))
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            match map.next_entry::<String, String>()? {
                Some((_, text)) => self.visit_str(&text),
                None => Err(serde::de::Error::custom("an empty value is not a date")),
            }
        }
    }
    d.deserialize_any(Visitor)
}

/// Accept a timestamp as an RFC 3339 string or as a format's own datetime
/// (TOML hands a native datetime over as a one-entry map holding its text).
fn timestamp<'de, D: serde::Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = DateTime<Utc>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a date and time with a zone, like 2026-11-27T21:04:11Z")
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            DateTime::parse_from_rfc3339(v)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| E::custom(format!("'{v}' is not a date and time with a zone ({e})")))
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let Some((_, text)) = map.next_entry::<String, String>()? else {
                return Err(serde::de::Error::custom(
                    "an empty value is not a date and time",
                ));
            };
            self.visit_str(&text)
        }
    }
    d.deserialize_any(Visitor)
}

/// All answers of a workspace, keyed by question id. A `BTreeMap` keeps the
/// file's order stable so that diffs show only what changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerSet {
    pub schema_version: u32,
    #[serde(default)]
    pub answers: BTreeMap<String, Answer>,
    /// Questions that two git branches answered differently and nobody has
    /// resolved yet: each side's answer, oldest first. They count as not
    /// assessed until `apiassure resolve` (or a new answer) settles them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub conflicts: BTreeMap<String, Vec<Answer>>,
}

impl Default for AnswerSet {
    fn default() -> Self {
        AnswerSet {
            schema_version: ANSWERS_SCHEMA_VERSION,
            answers: BTreeMap::new(),
            conflicts: BTreeMap::new(),
        }
    }
}

/// What an edit did, so callers can say so ("already there").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Changed,
    /// Nothing to change (the question has no answer yet, or the link is there).
    Unchanged,
}

impl Answer {
    /// The same answer in substance (value, note, links, review date),
    /// whoever gave it and whenever.
    pub fn same_substance(&self, other: &Answer) -> bool {
        self.answer == other.answer
            && self.note == other.note
            && self.evidence == other.evidence
            && self.review_by == other.review_by
            && self
                .attachments
                .iter()
                .map(|f| &f.sha256)
                .eq(other.attachments.iter().map(|f| &f.sha256))
    }
}

impl AnswerSet {
    pub fn get(&self, question_id: &str) -> Option<&Answer> {
        self.answers.get(question_id)
    }

    /// Answer a question; its note and links stay, who and when are updated.
    pub fn set(&mut self, question_id: &str, value: AnswerValue, by: &str, at: DateTime<Utc>) {
        let entry = self
            .answers
            .entry(question_id.to_string())
            .or_insert_with(|| Answer {
                answer: value,
                note: String::new(),
                evidence: Vec::new(),
                by: String::new(),
                at,
                review_by: None,
                approval: None,
                acceptance: None,
                attachments: Vec::new(),
            });
        entry.answer = value;
        entry.by = by.to_string();
        entry.at = at;
    }

    /// Remove a question's answer (it becomes *not assessed*).
    pub fn clear(&mut self, question_id: &str) -> Edit {
        match self.answers.remove(question_id) {
            Some(_) => Edit::Changed,
            None => Edit::Unchanged,
        }
    }

    /// Replace the note of an answered question.
    pub fn note(&mut self, question_id: &str, note: &str, by: &str, at: DateTime<Utc>) -> Edit {
        match self.answers.get_mut(question_id) {
            Some(a) => {
                a.note = note.to_string();
                a.by = by.to_string();
                a.at = at;
                Edit::Changed
            }
            None => Edit::Unchanged,
        }
    }

    /// Add an evidence link to an answered question; a link already there is
    /// not added twice.
    pub fn add_link(&mut self, question_id: &str, link: &str, by: &str, at: DateTime<Utc>) -> Edit {
        match self.answers.get_mut(question_id) {
            Some(a) if !a.evidence.iter().any(|l| l == link) => {
                a.evidence.push(link.to_string());
                a.by = by.to_string();
                a.at = at;
                Edit::Changed
            }
            _ => Edit::Unchanged,
        }
    }

    /// Remove an evidence link from an answered question.
    pub fn remove_link(
        &mut self,
        question_id: &str,
        link: &str,
        by: &str,
        at: DateTime<Utc>,
    ) -> Edit {
        match self.answers.get_mut(question_id) {
            Some(a) if a.evidence.iter().any(|l| l == link) => {
                a.evidence.retain(|l| l != link);
                a.by = by.to_string();
                a.at = at;
                Edit::Changed
            }
            _ => Edit::Unchanged,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_keep_what_they_do_not_touch() {
        let t0 = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
        let t1 = DateTime::<Utc>::from_timestamp(1_700_000_100, 0).unwrap();
        let mut set = AnswerSet::default();
        assert_eq!(set.note("Q.1", "n", "dana", t0), Edit::Unchanged);
        set.set("Q.1", AnswerValue::Yes, "dana", t0);
        assert_eq!(set.note("Q.1", "gateway policy", "dana", t0), Edit::Changed);
        assert_eq!(
            set.add_link("Q.1", "https://wiki/x", "dana", t0),
            Edit::Changed
        );
        assert_eq!(
            set.add_link("Q.1", "https://wiki/x", "dana", t0),
            Edit::Unchanged
        );
        assert_eq!(
            set.remove_link("Q.1", "https://wiki/y", "dana", t0),
            Edit::Unchanged
        );
        set.add_link("Q.1", "https://wiki/y", "dana", t0);
        assert_eq!(
            set.remove_link("Q.1", "https://wiki/y", "dana", t0),
            Edit::Changed
        );
        set.set("Q.1", AnswerValue::Partial, "lee", t1);
        let a = set.get("Q.1").unwrap();
        assert_eq!(
            (
                a.answer,
                a.note.as_str(),
                a.evidence.len(),
                a.by.as_str(),
                a.at
            ),
            (AnswerValue::Partial, "gateway policy", 1, "lee", t1)
        );
        assert_eq!(set.clear("Q.1"), Edit::Changed);
        assert_eq!(set.clear("Q.1"), Edit::Unchanged);
        assert!(set.get("Q.1").is_none());
    }
}
