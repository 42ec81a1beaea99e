//! `apiassure resolve [QUESTION] [--keep N | VALUE [--note TEXT]]`: settle a
//! question two git branches answered differently. Without a question it
//! lists every conflict with its sides (value, note, who, when); `--keep N`
//! takes side N as it was given, a value answers anew. Until resolved, a
//! conflicting question counts as not assessed and `verify` fails.

use anyhow::{bail, Result};
use chrono::Utc;

use crate::model::{Answer, AnswerValue};
use crate::workspace::{identity, Workspace, NO_IDENTITY};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The question in conflict (default: list every conflict).
    pub question: Option<String>,
    /// A new answer instead of either side: yes, partial, no or na.
    #[arg(value_parser = parse_answer, conflicts_with = "keep")]
    pub answer: Option<AnswerValue>,
    /// Keep side N as it was given (1 is the oldest; `apiassure resolve` lists them).
    #[arg(long, value_name = "N")]
    pub keep: Option<usize>,
    /// The note for a new answer (required for `na`).
    #[arg(long, requires = "answer")]
    pub note: Option<String>,
    /// Who resolves (default: $APIASSURE_USER, git's user.name, the login name).
    #[arg(long)]
    pub by: Option<String>,
}

fn parse_answer(s: &str) -> Result<AnswerValue, crate::model::answers::ParseAnswerError> {
    s.parse()
}

/// One side as a line: "1: yes by dana, 2026-12-01 10:00 UTC, note: ...".
pub fn describe_side(i: usize, a: &Answer) -> String {
    let note = if a.note.is_empty() {
        String::new()
    } else {
        format!(", note: {}", a.note.lines().next().unwrap_or(""))
    };
    format!(
        "{}: {} by {}, {}{note}",
        i + 1,
        a.answer,
        a.by,
        a.at.format("%Y-%m-%d %H:%M UTC")
    )
}

pub fn run(ws: &Workspace, args: Args) -> Result<u8> {
    let set = ws.answers()?;
    let Some(q) = args.question else {
        if set.conflicts.is_empty() {
            sayln!("no merge conflicts");
            return Ok(0);
        }
        for (q, sides) in &set.conflicts {
            outln!("{q}: answered differently on two branches");
            for (i, a) in sides.iter().enumerate() {
                outln!("  {}", describe_side(i, a));
            }
        }
        sayln!("Resolve each with `apiassure resolve QUESTION --keep N` or `apiassure resolve QUESTION yes|partial|no|na --note TEXT`.");
        return Ok(1);
    };
    let Some(sides) = set.conflicts.get(&q).cloned() else {
        bail!("{q} is not in conflict (`apiassure resolve` lists the conflicts)");
    };
    let Some(by) = identity(args.by.as_deref(), ws.root()) else {
        bail!("{NO_IDENTITY}");
    };
    crate::workspace::check_person(&by)?;
    let chosen = match (args.keep, args.answer) {
        (Some(n), None) => match sides.get(n.wrapping_sub(1)) {
            Some(a) => a.clone(),
            None => bail!("{q} has {} sides: --keep 1 to {}", sides.len(), sides.len()),
        },
        (None, Some(value)) => {
            let note = args.note.unwrap_or_default();
            if value == AnswerValue::Na && note.trim().is_empty() {
                bail!("`na` needs --note with the reason the question does not apply");
            }
            Answer {
                answer: value,
                note,
                evidence: Vec::new(),
                by: by.clone(),
                at: Utc::now(),
                review_by: None,
                approval: None,
                acceptance: None,
                attachments: Vec::new(),
            }
        }
        _ => bail!("give --keep N to keep a side, or a new answer (yes, partial, no or na)"),
    };
    let shown = chosen.answer;
    ws.update_answers_by(Some(&by), |set| {
        set.conflicts.remove(&q);
        set.answers.insert(q.clone(), chosen);
    })?;
    sayln!("{q} resolved: {shown} (by {by}; the journal keeps both sides)");
    Ok(0)
}
