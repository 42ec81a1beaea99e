//! `apiassure answer QUESTION_ID yes|partial|no|na`: record one answer.

use anyhow::{bail, Result};
use chrono::Utc;

use crate::model::AnswerValue;
use crate::workspace::{identity, Workspace, NO_IDENTITY};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Question id, e.g. AUTHN-01.1 (see `apiassure questions`).
    pub question: String,
    /// yes, partial, no or na.
    #[arg(value_parser = parse_answer)]
    pub answer: AnswerValue,
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
    if args.answer == AnswerValue::Na && args.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
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
        set.set(&question.id, args.answer, &by, at);
        if let Some(note) = &args.note {
            set.note(&question.id, note, &by, at);
        }
        for link in &args.evidence {
            set.add_link(&question.id, link, &by, at);
        }
    })?;
    outln!(
        "{} {} = {}  ({})",
        control.id,
        question.id,
        args.answer,
        question.text
    );
    if let Some(prev) = before {
        let note = match &args.note {
            Some(_) if !prev.note.is_empty() => "; note replaced",
            None if !prev.note.is_empty() => "; their note is kept",
            _ => "",
        };
        outln!(
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
