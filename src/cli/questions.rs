//! `apiassure questions`: the questionnaire on the command line.

use std::collections::HashSet;

use anyhow::{bail, Result};
use serde::Serialize;

use super::output::{self, Format, FormatArgs};
use crate::workspace::Workspace;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only questions without an answer.
    #[arg(long)]
    pub unanswered: bool,
    /// Only this control's questions.
    #[arg(long)]
    pub control: Option<String>,
    /// Only questions of controls this framework maps.
    #[arg(long)]
    pub framework: Option<String>,
    /// Only questions of controls this person owns (`apiassure assign`).
    #[arg(long, value_name = "PERSON")]
    pub owner: Option<String>,
    /// Only questions of controls you own (your identity, as `--by` finds it).
    #[arg(long, conflicts_with = "owner")]
    pub mine: bool,
    /// Only overdue questions: not assessed past their control's due date,
    /// or answered and past their review date.
    #[arg(long)]
    pub overdue: bool,
    /// table, json (docs/schema/questions.schema.json) or csv.
    #[command(flatten)]
    pub output: FormatArgs,
}

/// Version of `questions --json` (schema: docs/schema/questions.schema.json).
pub const QUESTIONS_JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    control: &'a str,
    domain: &'a str,
    text: &'a str,
    help: &'a str,
    answer: Option<&'a str>,
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    evidence: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    review_by: Option<chrono::NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    conflict: Option<Vec<Side<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<chrono::NaiveDate>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    overdue: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    approval: Option<&'a crate::model::answers::Approval>,
    #[serde(skip_serializing_if = "Option::is_none")]
    acceptance: Option<&'a crate::model::answers::Acceptance>,
    /// The workspace the answer comes from (`[[inherit]]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    inherited_from: Option<&'a str>,
}

/// One side of a merge conflict.
#[derive(Serialize)]
struct Side<'a> {
    answer: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    note: &'a str,
    by: &'a str,
    at: chrono::DateTime<chrono::Utc>,
}

pub fn run(ws: &Workspace, args: Args) -> Result<u8> {
    let catalog = ws.catalog()?;
    let mut answers = ws.answers()?;
    // Inherited controls are answered by their source (read and verified
    // as the scores read it); nothing is written here.
    let config = ws.config()?;
    let inherited = crate::assessment::inherited_sources(ws, &config, &catalog)?;
    let source_of = |q: &str| -> Option<&str> {
        let (c, _) = catalog.question(q)?;
        inherited
            .iter()
            .find(|s| s.controls.contains(&c.id))
            .map(|s| s.workspace.as_str())
    };
    for s in &inherited {
        for c in &s.controls {
            if let Some(control) = catalog.control(c) {
                for q in &control.questions {
                    answers.answers.remove(&q.id);
                }
            }
        }
        for (q, a) in &s.answers {
            answers.answers.insert(q.clone(), a.clone());
        }
    }
    let review_days = config.assessment.answer_review_days;
    let owners = ws.assignments()?;
    let today = chrono::Utc::now().date_naive();
    let owner_filter: Option<String> = if args.mine {
        match crate::workspace::identity(None, ws.root()) {
            Some(me) => Some(me),
            None => bail!("{}", crate::workspace::NO_IDENTITY),
        }
    } else {
        args.owner.clone()
    };
    // Overdue: not assessed past the control's due date, or past review.
    let is_overdue = |control: &str, q: &str| match answers.get(q) {
        Some(a) if a.is_assessed(today) => a.review_date(review_days) < today,
        _ => owners.past_due(control, today),
    };
    if let Some(c) = &args.control {
        if catalog.control(c).is_none() {
            bail!("unknown control '{c}': see `apiassure catalog list`");
        }
    }
    let in_framework: Option<HashSet<&str>> = match &args.framework {
        None => None,
        Some(f) => match catalog.framework(f) {
            None => bail!("unknown framework '{f}': see `apiassure catalog list`"),
            Some(fw) => Some(
                fw.requirements
                    .iter()
                    .flat_map(|r| r.controls.iter().map(String::as_str))
                    .collect(),
            ),
        },
    };
    let rows: Vec<Row> = catalog
        .questions()
        .filter(|(c, _)| args.control.as_deref().is_none_or(|id| c.id == id))
        .filter(|(c, _)| {
            in_framework
                .as_ref()
                .is_none_or(|s| s.contains(c.id.as_str()))
        })
        .filter(|(_, q)| !args.unanswered || answers.get(&q.id).is_none())
        .filter(|(c, _)| {
            owner_filter.as_deref().is_none_or(|who| {
                owners
                    .get(&c.id)
                    .is_some_and(|a| a.owner.eq_ignore_ascii_case(who.trim()))
            })
        })
        .filter(|(c, q)| !args.overdue || is_overdue(&c.id, &q.id))
        .map(|(c, q)| {
            let a = answers.get(&q.id);
            Row {
                id: &q.id,
                control: &c.id,
                domain: &c.domain,
                text: &q.text,
                help: &q.help,
                answer: a.map(|a| a.answer.as_str()),
                note: a.map(|a| a.note.as_str()).filter(|n| !n.is_empty()),
                by: a.map(|a| a.by.as_str()).filter(|b| !b.is_empty()),
                at: a.map(|a| a.at),
                evidence: a.map_or(&[][..], |a| a.evidence.as_slice()),
                review_by: a.map(|a| a.review_date(review_days)),
                owner: owners.get(&c.id).map(|o| o.owner.as_str()),
                due: owners.get(&c.id).and_then(|o| o.due),
                overdue: is_overdue(&c.id, &q.id),
                approval: a.and_then(|a| a.approval.as_ref()),
                acceptance: a.and_then(|a| a.acceptance.as_ref()),
                inherited_from: source_of(&q.id),
                conflict: answers.conflicts.get(&q.id).map(|sides| {
                    sides
                        .iter()
                        .map(|s| Side {
                            answer: s.answer.as_str(),
                            note: &s.note,
                            by: &s.by,
                            at: s.at,
                        })
                        .collect()
                }),
            }
        })
        .collect();
    let format = args.output.format();
    if format == Format::Csv {
        output::write(&output::csv(
            &[
                "id", "control", "domain", "text", "answer", "note", "evidence", "by", "at",
            ],
            rows.iter().map(|r| {
                vec![
                    r.id.to_string(),
                    r.control.to_string(),
                    r.domain.to_string(),
                    r.text.to_string(),
                    r.answer.unwrap_or_default().to_string(),
                    r.note.unwrap_or_default().to_string(),
                    r.evidence.join(" "),
                    r.by.unwrap_or_default().to_string(),
                    r.at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                ]
            }),
        ))?;
        return Ok(0);
    }
    if format == Format::Json {
        outln!(
            "{}",
            crate::cli::output::json_text(&serde_json::json!({
                "schema_version": QUESTIONS_JSON_VERSION,
                "questions": rows,
            }))?
        );
        return Ok(0);
    }
    let mut current = "";
    for row in &rows {
        if row.control != current {
            current = row.control;
            let title = catalog
                .control(row.control)
                .map_or("", |c| c.title.as_str());
            let owner = match (row.owner, row.due) {
                (Some(o), Some(d)) => format!("  [owner {o}, due {d}]"),
                (Some(o), None) => format!("  [owner {o}]"),
                _ => String::new(),
            };
            sayln!("\n{}  {}{owner}", row.control, title);
        }
        sayln!(
            "  {:<12} [{:^7}] {}{}{}",
            row.id,
            row.answer.unwrap_or(" "),
            row.text,
            if row.overdue { "  (overdue)" } else { "" },
            row.inherited_from
                .map(|w| format!("  (inherited from {w})"))
                .unwrap_or_default()
        );
        if let Some(sides) = &row.conflict {
            let shown: Vec<String> = sides
                .iter()
                .enumerate()
                .map(|(i, s)| format!("{}: {} by {}", i + 1, s.answer, s.by))
                .collect();
            sayln!(
                "               merge conflict ({}): not assessed until `apiassure resolve {}`",
                shown.join(" / "),
                row.id
            );
        }
    }
    sayln!(
        "\n{} questions shown; answer with `apiassure answer ID yes|partial|no|na [--note ..] [--evidence ..]`",
        rows.len()
    );
    Ok(0)
}
