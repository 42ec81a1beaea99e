//! `apiassure import FILE [--dry-run]`: answers from a spreadsheet, in the
//! layout `questions --format csv` writes (columns `id`, `answer`, `note`,
//! `evidence`; others are ignored), as CSV or XLSX. Only rows whose answer,
//! note or links differ from the workspace change anything; each change is
//! journaled with the importer as who, after one entry naming the file and
//! its SHA-256, and printed. A blank answer cell never clears an answer.

use std::path::PathBuf;

use anyhow::{bail, Result};
use chrono::Utc;

use crate::model::journal::Change;
use crate::model::{Answer, AnswerValue};
use crate::workspace::{identity, Workspace, NO_IDENTITY};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The spreadsheet: .csv (UTF-8) or .xlsx (the first worksheet).
    pub file: PathBuf,
    /// Show what would change, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Who imports (default: $APIASSURE_USER, git's user.name, the login name).
    #[arg(long)]
    pub by: Option<String>,
}

/// One answer the sheet changes.
struct Planned {
    question: String,
    old: Option<Answer>,
    new: Answer,
}

pub fn run(ws: &Workspace, args: Args) -> Result<u8> {
    let Some(by) = identity(args.by.as_deref(), ws.root()) else {
        bail!("{NO_IDENTITY}");
    };
    crate::workspace::check_person(&by)?;
    let (sheet, bytes) = crate::sheet::read(&args.file)?;
    let name = args.file.display().to_string();
    let (Some(id_col), Some(answer_col)) = (sheet.column("id"), sheet.column("answer")) else {
        bail!(
            "{name}: the header row needs the columns id and answer (as `apiassure questions --format csv` writes them); found: {}",
            sheet.header.join(", ")
        );
    };
    let note_col = sheet.column("note");
    let evidence_col = sheet.column("evidence");
    let catalog = ws.catalog()?;
    let current = ws.answers()?;
    let now = Utc::now();
    let cell = |row: &[String], col: Option<usize>| -> Option<String> {
        col.and_then(|c| row.get(c)).map(|s| s.trim().to_string())
    };
    let mut plan: Vec<Planned> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (line, row) in &sheet.rows {
        let Some(id) = cell(row, Some(id_col)).filter(|s| !s.is_empty()) else {
            continue;
        };
        if catalog.question(&id).is_none() {
            problems.push(format!("row {line}: unknown question '{id}'"));
            continue;
        }
        if !seen.insert(id.clone()) {
            problems.push(format!("row {line}: {id} appears twice in the sheet"));
            continue;
        }
        let value_text = cell(row, Some(answer_col)).unwrap_or_default();
        if value_text.is_empty() {
            // A blank answer never clears one (use `apiassure answer --clear`).
            continue;
        }
        let value: AnswerValue = match value_text.parse() {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("row {line}: {id}: {e}"));
                continue;
            }
        };
        let old = current.answers.get(&id).cloned();
        let note = match cell(row, note_col) {
            Some(n) => n,
            None => old.as_ref().map(|a| a.note.clone()).unwrap_or_default(),
        };
        let evidence: Vec<String> = match cell(row, evidence_col) {
            Some(e) => e.split_whitespace().map(str::to_string).collect(),
            None => old.as_ref().map(|a| a.evidence.clone()).unwrap_or_default(),
        };
        let unchanged = old
            .as_ref()
            .is_some_and(|a| a.answer == value && a.note == note && a.evidence == evidence);
        if unchanged {
            continue;
        }
        if value == AnswerValue::Na && note.is_empty() {
            problems.push(format!("row {line}: {id}: na needs a note with the reason"));
            continue;
        }
        if value == AnswerValue::Accepted {
            problems.push(format!(
                "row {line}: {id}: an accepted risk needs an approver and an expiry: record it with `apiassure answer {id} accepted --note .. --approver .. --expires ..`"
            ));
            continue;
        }
        let mut new = old.clone().unwrap_or(Answer {
            answer: value,
            note: String::new(),
            evidence: Vec::new(),
            by: by.clone(),
            at: now,
            review_by: None,
            approval: None,
            acceptance: None,
            attachments: Vec::new(),
        });
        new.answer = value;
        new.note = note;
        new.evidence = evidence;
        new.by = by.clone();
        new.at = now;
        new.acceptance = None;
        plan.push(Planned {
            question: id,
            old,
            new,
        });
    }
    if !problems.is_empty() {
        for p in &problems {
            errln!("{name}: {p}");
        }
        bail!(
            "{name}: {} row(s) cannot be imported; nothing was changed (fix them and import again)",
            problems.len()
        );
    }
    for p in &plan {
        let was = p
            .old
            .as_ref()
            .map_or("(none)".to_string(), |a| a.answer.to_string());
        let note = if p.old.as_ref().is_some_and(|a| a.note != p.new.note)
            || (p.old.is_none() && !p.new.note.is_empty())
        {
            ", note changed"
        } else {
            ""
        };
        sayln!("{}: {was} -> {}{note}", p.question, p.new.answer);
    }
    let sha256 = crate::workspace::evidence::sha256_hex(&bytes);
    if args.dry_run {
        sayln!(
            "{} answer(s) would change; dry run: nothing written (SHA-256 of {name}: {sha256})",
            plan.len()
        );
        return Ok(0);
    }
    if plan.is_empty() {
        sayln!("nothing to change: the sheet says what the workspace says");
        return Ok(0);
    }
    let file = args
        .file
        .file_name()
        .map_or(name.clone(), |n| n.to_string_lossy().into_owned());
    let changed = plan.len();
    ws.update_answers_recorded(
        Some(&by),
        vec![Change::Import {
            file,
            sha256: sha256.clone(),
            changed,
        }],
        |set| {
            for p in plan {
                set.answers.insert(p.question, p.new);
            }
        },
    )?;
    sayln!("{changed} answer(s) imported from {name} (SHA-256 {sha256}), journaled as {by}");
    Ok(0)
}
