//! `apiassure answer QUESTION_ID yes|partial|no|na`: record one answer;
//! `--clear` removes it, `--remove-evidence LINK` drops a link.

use anyhow::{bail, Result};
use chrono::Utc;

use crate::model::AnswerValue;
use crate::workspace::{identity, Workspace, NO_IDENTITY};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Question id, e.g. AUTHN-01.1 (see `apiassure questions`).
    pub question: String,
    /// yes, partial, no or na.
    #[arg(value_parser = parse_answer, required_unless_present_any = ["clear", "remove_evidence", "review_by"])]
    pub answer: Option<AnswerValue>,
    /// Remove the answer: the question is not assessed again (the journal keeps the old one).
    #[arg(long, conflicts_with_all = ["answer", "note", "evidence"])]
    pub clear: bool,
    /// Remove an evidence link from the answer (repeatable).
    #[arg(long = "remove-evidence", value_name = "LINK")]
    pub remove_evidence: Vec<String>,
    /// Note for the auditor (replaces the previous note; kept when omitted).
    /// Required for `na`: the reason it does not apply.
    #[arg(long)]
    pub note: Option<String>,
    /// Link to evidence (ticket, policy, dashboard); repeat for several. Added to earlier links.
    #[arg(long = "evidence", value_name = "LINK")]
    pub evidence: Vec<String>,
    /// Who answers (default: $APIASSURE_USER, git's user.name, the login name).
    #[arg(long)]
    pub by: Option<String>,
    /// Due for review on this day (YYYY-MM-DD; default: the day answered
    /// plus [assessment].answer_review_days).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub review_by: Option<chrono::NaiveDate>,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|e| format!("'{s}' is not a date like 2027-03-31 ({e})"))
}

fn parse_answer(s: &str) -> Result<AnswerValue, crate::model::answers::ParseAnswerError> {
    s.parse()
}

pub fn run(ws: &Workspace, args: Args) -> Result<u8> {
    let catalog = ws.catalog()?;
    let Some((control, question)) = catalog.question(&args.question) else {
        let hint = catalog
            .questions()
            .map(|(_, q)| q.id.as_str())
            .find(|id| id.eq_ignore_ascii_case(&args.question))
            .map(|id| format!(" (did you mean '{id}'?)"))
            .unwrap_or_default();
        bail!(
            "unknown question '{}'{hint}: list the ids with `apiassure questions`",
            args.question
        );
    };
    for link in &args.evidence {
        if link.trim().is_empty() {
            bail!("--evidence needs a link or a document reference, not an empty value");
        }
    }
    let Some(by) = identity(args.by.as_deref(), ws.root()) else {
        bail!("{NO_IDENTITY}");
    };
    crate::workspace::check_person(&by)?;
    let existing = ws.answers()?.get(&question.id).cloned();
    if args.clear {
        if existing.is_none() {
            sayln!("{} has no answer to clear", question.id);
            return Ok(0);
        }
        ws.update_answers(|set| {
            set.clear(&question.id);
        })?;
        sayln!(
            "{} cleared: not assessed (the journal keeps the earlier answer)",
            question.id
        );
        return Ok(0);
    }
    for link in &args.remove_evidence {
        if !existing.as_ref().is_some_and(|a| a.evidence.contains(link)) {
            bail!(
                "{} has no evidence link {link:?}: nothing removed",
                question.id
            );
        }
    }
    let Some(answer_value) = args.answer.or(existing.as_ref().map(|a| a.answer)) else {
        bail!(
            "{} has no answer yet: give one (yes, partial, no or na)",
            question.id
        );
    };
    for link in &args.evidence {
        if existing.as_ref().is_some_and(|a| a.evidence.contains(link)) {
            sayln!(
                "{}: evidence link {link:?} is already there (not added twice)",
                question.id
            );
        }
    }
    if answer_value == AnswerValue::Na && args.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        let kept = ws
            .answers()?
            .get(&question.id)
            .is_some_and(|a| !a.note.trim().is_empty());
        if !kept {
            bail!(
                "'na' needs a reason: add --note \"why {} does not apply\" (it goes into the Statement of Applicability; an unexplained n/a counts as not assessed)",
                question.id
            );
        }
    }
    let before = ws.answers()?.get(&question.id).cloned();
    let at = Utc::now();
    ws.update_answers(|set| {
        for link in &args.remove_evidence {
            set.remove_link(&question.id, link, &by, at);
        }
        set.set(&question.id, answer_value, &by, at);
        if let Some(note) = &args.note {
            set.note(&question.id, note, &by, at);
        }
        for link in &args.evidence {
            set.add_link(&question.id, link, &by, at);
        }
        if let (Some(day), Some(a)) = (args.review_by, set.answers.get_mut(&question.id)) {
            a.review_by = Some(day);
        }
    })?;
    sayln!(
        "{} {} = {}  ({})",
        control.id,
        question.id,
        answer_value,
        question.text
    );
    if let Some(prev) = before {
        let note = match &args.note {
            Some(_) if !prev.note.is_empty() => "; note replaced",
            None if !prev.note.is_empty() => "; their note is kept",
            _ => "",
        };
        sayln!(
            "  was {} by {} at {}{note}",
            prev.answer,
            if prev.by.is_empty() {
                "(unknown)"
            } else {
                &prev.by
            },
            prev.at.format("%Y-%m-%d %H:%M UTC")
        );
    }
    Ok(0)
}
