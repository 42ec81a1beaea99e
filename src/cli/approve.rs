//! `apiassure approve QUESTION [--note TEXT]`: four-eyes approval of an
//! answer by someone other than its answerer, journaled with who and when.
//! Any later change of the answer's substance voids it; with
//! `[assessment] require_approval = true` unapproved answers count as not
//! assessed.
//!
//! `apiassure approve --report --role ROLE [--document ID]`: approval of the
//! report of the current assessment state (its document id), journaled
//! (and signed with `APIASSURE_SIGNING_KEY`); it fills the report's
//! sign-off block. A change to the state gives a new document id, which
//! needs its own approval.

use anyhow::{bail, Result};
use chrono::Utc;

use crate::model::answers::Approval;
use crate::workspace::{identity, Workspace, NO_IDENTITY};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Question id, e.g. AUTHN-01.1.
    #[arg(required_unless_present = "report")]
    pub question: Option<String>,
    /// Approve the report of the current state instead of an answer.
    #[arg(long, conflicts_with = "question", requires = "role")]
    pub report: bool,
    /// With --report: the role approving, as the sign-off block names it
    /// ("System owner", "Security or compliance lead", "Assessor", ...).
    #[arg(long, value_name = "ROLE", requires = "report")]
    pub role: Option<String>,
    /// With --report: the document id approved (default: the current
    /// state's, for the frameworks in scope); it must be the current
    /// state's or a recorded pack's.
    #[arg(long, value_name = "ID", requires = "report")]
    pub document: Option<String>,
    /// Why, or what was checked.
    #[arg(long)]
    pub note: Option<String>,
    /// Who approves (default: $APIASSURE_USER, git's user.name, the login name).
    #[arg(long)]
    pub by: Option<String>,
}

pub fn run(ws: &Workspace, args: Args) -> Result<u8> {
    let Some(by) = identity(args.by.as_deref(), ws.root()) else {
        bail!("{NO_IDENTITY}");
    };
    crate::workspace::check_person(&by)?;
    if args.report {
        return approve_report(ws, &by, args);
    }
    let Some(q) = args.question else {
        bail!("give the question to approve, or --report");
    };
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

fn approve_report(ws: &Workspace, by: &str, args: Args) -> Result<u8> {
    use crate::model::journal::Change;
    let role = args.role.unwrap_or_default().trim().to_string();
    if role.is_empty() {
        bail!("--role needs the role approving, e.g. \"System owner\"");
    }
    crate::workspace::check_person(&role)?;
    let data = crate::report::ReportData::load(ws, &[])?;
    let current = crate::report::build::document_id(&data);
    let id = match args.document {
        None => current.clone(),
        Some(id) => {
            let id = id.trim().to_string();
            if id != current && !data.packs.iter().any(|p| p.document_id == id) {
                bail!(
                    "{id} is neither the current state's document id ({current}) nor a recorded pack's: approve what you read"
                );
            }
            id
        }
    };
    if data
        .report_approvals
        .iter()
        .any(|a| a.document_id == id && a.by == by && a.role.eq_ignore_ascii_case(&role))
    {
        sayln!("{id} is already approved by {by} as {role}");
        return Ok(0);
    }
    ws.record_one(
        Change::ReportApproval {
            document_id: id.clone(),
            role: role.clone(),
            note: args.note.unwrap_or_default(),
        },
        by,
    )?;
    let signed = crate::workspace::signing::Signer::from_env()?
        .map(|s| {
            format!(
                ", signed by key {}",
                crate::workspace::signing::fingerprint(&s.public_key())
            )
        })
        .unwrap_or_default();
    sayln!("report {id} approved by {by} as {role}{signed}");
    Ok(0)
}
