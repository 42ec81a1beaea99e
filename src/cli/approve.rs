//! `apiassure approve QUESTION [--note TEXT]`: four-eyes approval of an
//! answer by someone other than its answerer, journaled with who and when.
//! Any later change of the answer's substance voids it; with
//! `[assessment] require_approval = true` unapproved answers count as not
//! assessed.

use anyhow::{bail, Result};
use chrono::Utc;

use crate::model::answers::Approval;
use crate::workspace::{identity, Workspace, NO_IDENTITY};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Question id, e.g. AUTHN-01.1.
    pub question: String,
    /// Why, or what was checked.
    #[arg(long)]
    pub note: Option<String>,
    /// Who approves (default: $APIASSURE_USER, git's user.name, the login name).
    #[arg(long)]
    pub by: Option<String>,
}

pub fn run(ws: &Workspace, args: Args) -> Result<u8> {
    let q = args.question;
    let Some(by) = identity(args.by.as_deref(), ws.root()) else {
        bail!("{NO_IDENTITY}");
    };
    crate::workspace::check_person(&by)?;
    let answers = ws.answers()?;
    let Some(answer) = answers.get(&q) else {
        if answers.conflicts.contains_key(&q) {
            bail!("{q} is in a merge conflict: resolve it first (`apiassure resolve {q}`)");
        }
        bail!("{q} has no answer to approve");
    };
    if answer.by.trim() == by.trim() {
        bail!(
            "{q} was answered by {by}: an approval needs a second person (four eyes), not the answerer"
        );
    }
    if answer.approval.as_ref().is_some_and(|p| p.by == by) {
        sayln!("{q} is already approved by {by}");
        return Ok(0);
    }
    let approval = Approval {
        by: by.clone(),
        at: Utc::now(),
        note: args.note.unwrap_or_default(),
    };
    ws.update_answers_by(Some(&by), |set| {
        if let Some(a) = set.answers.get_mut(&q) {
            a.approval = Some(approval);
        }
    })?;
    sayln!("{q} approved by {by} (answered by {})", answer.by);
    Ok(0)
}
