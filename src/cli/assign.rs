//! `apiassure assign CONTROL PERSON [--due DATE]`: who owns a control and by
//! when it must be done, journaled; `--clear` removes the owner. Owners and
//! due dates show in `questions` (`--owner`, `--mine`, `--overdue`), on the
//! TUI's Dashboard and in the reports.

use anyhow::{bail, Result};
use chrono::Utc;

use crate::model::owners::Assignment;
use crate::workspace::{identity, Workspace, NO_IDENTITY};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Control id, e.g. AUTHN-01 (see `apiassure catalog list`).
    pub control: String,
    /// Who owns it (a name as in `--by`).
    #[arg(required_unless_present = "clear")]
    pub owner: Option<String>,
    /// Done by this day (YYYY-MM-DD); after it, open questions are overdue.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub due: Option<chrono::NaiveDate>,
    /// Remove the owner and due date.
    #[arg(long, conflicts_with_all = ["owner", "due"])]
    pub clear: bool,
    /// Who assigns (default: $APIASSURE_USER, git's user.name, the login name).
    #[arg(long)]
    pub by: Option<String>,
}

pub fn run(ws: &Workspace, args: Args) -> Result<u8> {
    let catalog = ws.catalog()?;
    if catalog.control(&args.control).is_none() {
        bail!(
            "unknown control '{}': list them with `apiassure catalog list`",
            args.control
        );
    }
    let Some(by) = identity(args.by.as_deref(), ws.root()) else {
        bail!("{NO_IDENTITY}");
    };
    crate::workspace::check_person(&by)?;
    let new = match args.owner {
        Some(owner) if !args.clear => {
            let owner = owner.trim().to_string();
            if owner.is_empty() {
                bail!("give the owner's name");
            }
            Some(Assignment {
                owner,
                due: args.due,
                by: by.clone(),
                at: Utc::now(),
            })
        }
        _ => None,
    };
    let shown = new.as_ref().map(|a| {
        format!(
            "{}{}",
            a.owner,
            a.due.map(|d| format!(", due {d}")).unwrap_or_default()
        )
    });
    ws.assign(&args.control, new, &by)?;
    match shown {
        Some(s) => sayln!("{} assigned to {s}", args.control),
        None => sayln!("{} has no owner now", args.control),
    }
    Ok(0)
}
