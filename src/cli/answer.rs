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
    /// yes, partial, no, na, or accepted (a risk accepted instead of fixed:
    /// needs --note with why, --approver and --expires).
    #[arg(value_parser = parse_answer, required_unless_present_any = ["clear", "remove_evidence", "review_by", "attach", "detach"])]
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
    /// Attach an evidence file (repeatable): stored in the workspace by its
    /// SHA-256 (attachments/), with its name, size, who and when; reports
    /// list it and the audit pack carries it.
    #[arg(long = "attach", value_name = "FILE")]
    pub attach: Vec<std::path::PathBuf>,
    /// The period the attached files cover, e.g. 2026-01-01..2026-03-31.
    #[arg(long, value_name = "START..END", requires = "attach")]
    pub covers: Option<crate::period::Period>,
    /// Remove an attachment from the answer, by file name or SHA-256 (the
    /// stored file stays: the journal names it).
    #[arg(long = "detach", value_name = "NAME|SHA256")]
    pub detach: Vec<String>,
    /// Who answers (default: $APIASSURE_USER, git's user.name, the login name).
    #[arg(long)]
    pub by: Option<String>,
    /// Due for review on this day (YYYY-MM-DD; default: the day answered
    /// plus [assessment].answer_review_days).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub review_by: Option<chrono::NaiveDate>,
    /// For `accepted`: who accepted the risk (not the answerer).
    #[arg(long, value_name = "NAME")]
    pub approver: Option<String>,
    /// For `accepted`: the last day the acceptance holds (YYYY-MM-DD); then
    /// the question is due again.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub expires: Option<chrono::NaiveDate>,
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
    if let Some(i) = ws
        .config()?
        .inherit
        .iter()
        .find(|i| i.controls.contains(&control.id))
    {
        bail!(
            "{} belongs to {}, which this workspace inherits from {} ([[inherit]] in {}): answer it in that workspace",
            question.id,
            control.id,
            i.workspace,
            ws.path(crate::workspace::config::CONFIG_FILE).display()
        );
    }
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
    let acceptance = if answer_value == AnswerValue::Accepted {
        let (Some(approver), Some(expires)) = (args.approver.as_deref(), args.expires) else {
            bail!(
                "'accepted' records a risk accepted instead of fixed: give --note with why, --approver NAME (who accepted it) and --expires YYYY-MM-DD"
            );
        };
        let note_given = args.note.as_deref().is_some_and(|n| !n.trim().is_empty())
            || existing.as_ref().is_some_and(|a| !a.note.trim().is_empty());
        if !note_given {
            bail!("'accepted' needs --note with why the risk is accepted");
        }
        crate::workspace::check_person(approver)?;
        if approver.trim() == by.trim() {
            bail!("the approver of an accepted risk must be someone other than the one answering ({by})");
        }
        if expires < Utc::now().date_naive() {
            bail!(
                "--expires {expires} is in the past: an acceptance must hold until a future date"
            );
        }
        Some(crate::model::answers::Acceptance {
            approver: approver.trim().to_string(),
            expires,
        })
    } else {
        if args.approver.is_some() || args.expires.is_some() {
            bail!("--approver and --expires go with 'accepted' only");
        }
        None
    };
    for d in &args.detach {
        let found = existing
            .as_ref()
            .is_some_and(|a| a.attachments.iter().any(|f| &f.name == d || &f.sha256 == d));
        if !found {
            bail!("{} has no attachment {d:?}: nothing removed", question.id);
        }
    }
    let at = Utc::now();
    let cap = ws.config()?.report.attachment_max_mib;
    let mut attached = Vec::new();
    for file in &args.attach {
        let stored = ws.store_attachment(file, cap)?;
        attached.push(crate::model::answers::Attachment {
            name: stored.name,
            size: stored.size,
            sha256: stored.sha256,
            by: by.clone(),
            at,
            covers: args.covers.map(|p| p.range()),
        });
    }
    let before = ws.answers()?.get(&question.id).cloned();
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
        if let Some(a) = set.answers.get_mut(&question.id) {
            if let Some(day) = args.review_by {
                a.review_by = Some(day);
            }
            a.acceptance = acceptance.clone();
            a.attachments
                .retain(|f| !args.detach.iter().any(|d| d == &f.name || d == &f.sha256));
            for f in &attached {
                if !a.attachments.iter().any(|x| x.sha256 == f.sha256) {
                    a.attachments.push(f.clone());
                }
            }
        }
    })?;
    sayln!(
        "{} {} = {}  ({})",
        control.id,
        question.id,
        answer_value,
        question.text
    );
    for f in &attached {
        sayln!(
            "  attached {} ({} bytes, SHA-256 {}){}",
            f.name,
            f.size,
            f.sha256,
            f.covers
                .as_ref()
                .map(|c| format!(", covers {c}"))
                .unwrap_or_default()
        );
    }
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
