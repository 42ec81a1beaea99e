//! From workspace data to the report [`Document`]: what an auditor reads, in
//! the order they read it. Pure: no clock (the date comes in with the data),
//! no disk, no environment. Every number is taken from the [`Scorecard`], so
//! the report and `apiassure score` can never disagree.
//!
//! [`Scorecard`]: crate::scoring::Scorecard

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::model::{Chart, ChartKind, Document, Section, Table};
use super::{non_empty, ReportData};
use crate::model::Control;
use crate::scoring::{ControlScore, FrameworkScore};

mod appendix;
mod controls;
mod cover;
mod evidence;
mod frameworks;
mod history;
mod inventory;
mod period;
mod soa;
mod summary;

use appendix::{methodology, sign_off};
use controls::{controls, risk_register};
pub use cover::document_id;
use cover::{cover, limitations};
use evidence::evidence;
use frameworks::framework;
use history::history;
use period::operating_effectiveness;
use soa::statement_of_applicability;
use summary::summary;

pub const COVER: &str = "API security assessment report";
pub const SUMMARY: &str = "Executive summary";
pub const CONTROLS: &str = "Controls: attestations and evidence";
pub const EVIDENCE: &str = "Automated evidence";
pub const INVENTORY: &str = "API inventory from traffic";
pub const HISTORY: &str = "Score history";
pub const METHODOLOGY: &str = "Appendix: methodology";
pub const LIMITATIONS: &str = "Limitations of this report";
pub const SOA: &str = "ISO/IEC 27001:2022 Statement of Applicability";
pub const SIGN_OFF: &str = "Sign-off";

/// What an unanswered question shows instead of an answer.
pub const NOT_ASSESSED: &str = "not assessed";

/// How many of the lowest-scoring controls a framework's gap list shows.
const GAPS_SHOWN: usize = 10;

pub fn document(data: &ReportData) -> Document {
    let mut sections = vec![cover(data), limitations(), summary(data)];
    for f in frameworks(data) {
        sections.push(framework(data, f));
    }
    if let Some(s) = statement_of_applicability(data) {
        sections.push(s);
    }
    sections.push(controls(data));
    if let Some(s) = risk_register(data) {
        sections.push(s);
    }
    sections.push(evidence(data));
    if let Some(s) = inventory::inventory(data) {
        sections.push(s);
    }
    if let Some(s) = operating_effectiveness(data) {
        sections.push(s);
    }
    sections.push(history(data));
    sections.push(methodology());
    sections.push(sign_off(data));
    Document {
        title: COVER.to_string(),
        organisation: data.organisation().to_string(),
        date: data.generated_at.format("%Y-%m-%d").to_string(),
        classification: data.classification.clone(),
        sections,
    }
}

/// Framework scores in report order.
pub(super) fn frameworks(data: &ReportData) -> Vec<&FrameworkScore> {
    data.frameworks
        .iter()
        .filter_map(|id| data.card.framework(id))
        .collect()
}

pub use crate::scoring::fmt_score;

pub(super) fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

pub(super) fn fmt_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A control's score as printed: the Scorecard number, and why it may be 0.
pub fn control_score(c: &ControlScore) -> String {
    let score = fmt_score(c.score);
    if c.not_assessed > 0 && c.not_assessed == c.questions.len() {
        format!("{score} ({NOT_ASSESSED})")
    } else if c.not_assessed > 0 {
        format!("{score} ({} {NOT_ASSESSED})", c.not_assessed)
    } else {
        score
    }
}

/// The period the report covers: the declared audit period, else what the
/// assessment's inputs span (the earliest answer or probe run to the report
/// date).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Period {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

pub fn period(data: &ReportData) -> Period {
    if let Some(p) = &data.period {
        return Period {
            from: p.period.from(),
            to: p.period.until(),
        };
    }
    let earliest_answer = data.answers.answers.values().map(|a| a.at).min();
    let earliest_run = data.history.iter().map(|h| h.at).min();
    let from = [earliest_answer, earliest_run]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(data.generated_at);
    Period {
        from: from.min(data.generated_at),
        to: data.generated_at,
    }
}

/// Controls mapped by any requirement of `frameworks`, in catalog order.
pub(super) fn mapped_controls<'a>(data: &'a ReportData, frameworks: &[String]) -> Vec<&'a Control> {
    let ids: BTreeSet<&str> = frameworks
        .iter()
        .filter_map(|id| data.catalog.framework(id))
        .flat_map(|f| f.requirements.iter())
        .flat_map(|r| r.controls.iter().map(String::as_str))
        .collect();
    data.catalog
        .controls
        .iter()
        .filter(|c| ids.contains(c.id.as_str()))
        .collect()
}

#[cfg(test)]
mod tests;
