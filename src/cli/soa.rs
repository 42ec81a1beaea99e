//! `apiassure soa`: the Statement of Applicability as management's decision.
//!
//! `apiassure soa CONTROL applicable|excluded --justification TEXT [--status
//! STATUS] [--owner PERSON]` records a decision (journaled with who and
//! when, written to `soa.toml`); `--withdraw` removes one. Without a
//! decision, `apiassure soa` lists all 93 Annex A controls: the decisions,
//! what the catalog proposes beside them, the conflicts, and the controls
//! still undecided (exit 1 while the statement is incomplete or in
//! conflict, so CI can hold a release on it).

use anyhow::{bail, Result};
use chrono::Utc;

use crate::catalog::annex_a::ANNEX_A;
use crate::model::soa::{SoaEntry, SoaStatus};
use crate::report::soa::{statement_of, Inputs, Statement, NOT_DECIDED};
use crate::workspace::{identity, Workspace, NO_IDENTITY};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Applicability {
    Applicable,
    Excluded,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Annex A control id, e.g. A.8.5; without it, list the statement.
    pub control: Option<String>,
    /// The decision.
    #[arg(value_enum)]
    pub decision: Option<Applicability>,
    /// Why the control applies or is excluded (required for every decision).
    #[arg(long, value_name = "TEXT")]
    pub justification: Option<String>,
    /// Implementation status of an applicable control.
    #[arg(long, value_name = "STATUS")]
    pub status: Option<SoaStatus>,
    /// Who owns the control.
    #[arg(long, value_name = "PERSON")]
    pub owner: Option<String>,
    /// Where the evidence is (a document, a ticket, a record).
    #[arg(long, value_name = "TEXT")]
    pub evidence: Option<String>,
    /// Withdraw the control's decision (it is undecided again).
    #[arg(long, conflicts_with_all = ["decision", "justification", "status", "owner", "evidence"])]
    pub withdraw: bool,
    /// Who decides (default: $APIASSURE_USER, git's user.name, the login name).
    #[arg(long)]
    pub by: Option<String>,
    /// List only the controls not decided yet.
    #[arg(long, conflicts_with = "control")]
    pub undecided: bool,
    /// Print the statement as JSON.
    #[arg(long, conflicts_with = "control")]
    pub json: bool,
}

pub fn run(ws: &Workspace, args: Args) -> Result<u8> {
    match args.control.clone() {
        Some(control) => decide(ws, &control, args),
        None => list(ws, &args),
    }
}

fn decide(ws: &Workspace, control: &str, args: Args) -> Result<u8> {
    let control = control.trim();
    if !ANNEX_A.iter().any(|(id, _, _)| *id == control) {
        bail!(
            "'{control}' is not an ISO/IEC 27001:2022 Annex A control id (A.5.1 to A.8.34): list them with `apiassure soa`"
        );
    }
    let Some(by) = identity(args.by.as_deref(), ws.root()) else {
        bail!("{NO_IDENTITY}");
    };
    crate::workspace::check_person(&by)?;
    if args.withdraw {
        if ws.decide_soa(control, None, &by)? {
            sayln!("{control}: decision withdrawn; the control is not decided now");
        } else {
            sayln!("{control} had no decision");
        }
        return Ok(0);
    }
    let Some(decision) = args.decision else {
        bail!("say whether {control} is applicable or excluded: apiassure soa {control} applicable|excluded --justification TEXT");
    };
    let entry = SoaEntry {
        applicable: decision == Applicability::Applicable,
        justification: args.justification.unwrap_or_default().trim().to_string(),
        status: args.status,
        evidence: args.evidence.unwrap_or_default().trim().to_string(),
        owner: args.owner.unwrap_or_default().trim().to_string(),
        by: by.clone(),
        at: Some(Utc::now()),
    };
    let shown = format!(
        "{control}: {}{}",
        if entry.applicable {
            "applicable"
        } else {
            "excluded"
        },
        entry.status.map(|s| format!(", {s}")).unwrap_or_default()
    );
    if !ws.decide_soa(control, Some(entry), &by)? {
        sayln!("{shown} (unchanged)");
        return Ok(0);
    }
    sayln!("{shown}, decided by {by}");
    // Say at once when the assessment disagrees.
    if let Ok(Some(st)) = statement(ws) {
        if let Some(c) = st
            .rows
            .into_iter()
            .find(|r| r.id == control)
            .and_then(|r| r.conflict)
        {
            sayln!("conflict: {c} (the decision stands; the report shows both)");
        }
    }
    Ok(0)
}

/// The statement from the assessment and `soa.toml` (no report is built:
/// no evidence files hashed, no period read).
fn statement(ws: &Workspace) -> Result<Option<Statement>> {
    let a = crate::assessment::Assessment::load(ws)?;
    let soa = ws.soa()?;
    Ok(statement_of(&Inputs {
        catalog: &a.catalog,
        card: &a.card,
        answers: &a.answers,
        soa: soa.as_ref(),
    }))
}

fn list(ws: &Workspace, args: &Args) -> Result<u8> {
    let Some(st) = statement(ws)? else {
        bail!("the catalog has no ISO/IEC 27001 framework to state applicability for");
    };
    let code = u8::from(!st.complete() || !st.conflicts.is_empty());
    if args.json {
        outln!("{}", crate::cli::output::json_text(&st)?);
        return Ok(code);
    }
    for r in st
        .rows
        .iter()
        .filter(|r| !args.undecided || r.applicable == NOT_DECIDED)
    {
        let decision = match r.applicable {
            "yes" => format!("applicable, {}", r.status),
            "no" => "excluded".to_string(),
            _ => NOT_DECIDED.to_uppercase(),
        };
        outln!(
            "{} {} {}",
            super::cell(r.id, 7),
            super::cell(r.title, 44),
            decision
        );
        if !r.justification.is_empty() {
            outln!("        why: {}", r.justification);
        }
        if r.applicable == NOT_DECIDED && !r.assessment.is_empty() {
            outln!("        proposed: {}; {}", r.proposal, r.assessment);
        }
        if let Some(c) = &r.conflict {
            outln!("        CONFLICT: {c}");
        }
    }
    sayln!(
        "{} applicable, {} excluded, {} not decided, {} in conflict{}",
        st.count("yes"),
        st.count("no"),
        st.undecided.len(),
        st.conflicts.len(),
        if st.complete() {
            ""
        } else {
            ": the statement is incomplete"
        }
    );
    Ok(code)
}
