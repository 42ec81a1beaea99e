//! `apiassure diff [FROM] [TO]`: what moved between two score snapshots,
//! and why: controls that improved or regressed with the answers and check
//! results that moved them, checks that flipped per target, targets added
//! or removed, answers that went due and evidence that went stale.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{bail, Result};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::fmt_score;
use super::history::snapshot_id;
use crate::model::evidence::ledger::{Entry, Ledger};
use crate::model::journal::{self, Change};
use crate::model::CheckOutcome;
use crate::workspace::history::Snapshot;
use crate::workspace::Workspace;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Snapshot id (or prefix), date (YYYY-MM-DD: the last snapshot that day
    /// or before) or `last`; default: the second-newest snapshot. Or a git
    /// revision (`origin/main`, `HEAD`, a commit): the workspace as committed
    /// there, compared with the working tree now (TO is not given then).
    pub from: Option<String>,
    /// Same forms; default: the newest snapshot.
    pub to: Option<String>,
    #[arg(long)]
    pub json: bool,
    /// Exit 1 when a framework's score fell or a control regressed.
    #[arg(long)]
    pub fail_on_regression: bool,
}

#[derive(Debug, Serialize)]
struct Diff {
    schema_version: u32,
    from: String,
    to: String,
    from_at: DateTime<Utc>,
    to_at: DateTime<Utc>,
    frameworks: Vec<FrameworkMove>,
    controls: Vec<ControlMove>,
    checks: Vec<CheckFlip>,
    targets_added: Vec<String>,
    targets_removed: Vec<String>,
    answers_went_due: Vec<String>,
    evidence_went_stale: Vec<String>,
}

#[derive(Debug, Serialize)]
struct FrameworkMove {
    id: String,
    from: Option<f64>,
    to: Option<f64>,
    from_band: Option<String>,
    to_band: Option<String>,
}

#[derive(Debug, Serialize)]
struct ControlMove {
    id: String,
    from: Option<f64>,
    to: Option<f64>,
    regressed: bool,
    /// "AUTHN-01.1: no -> yes by dana, 2026-11-30"
    answers: Vec<String>,
    /// "auth.required on api: pass -> fail"
    checks: Vec<String>,
}

#[derive(Debug, Serialize)]
struct CheckFlip {
    target: String,
    check: String,
    from: Option<CheckOutcome>,
    to: Option<CheckOutcome>,
}

pub fn run(ws: &Workspace, args: Args) -> Result<u8> {
    if let (Some(rev), None) = (args.from.as_deref(), args.to.as_deref()) {
        let is_snapshot = rev == "last"
            || NaiveDate::parse_from_str(rev, "%Y-%m-%d").is_ok()
            || ws
                .history()
                .load()?
                .iter()
                .any(|s| snapshot_id(s).starts_with(rev));
        if !is_snapshot {
            if let Some(commit) = super::gitrev::resolve(ws.root(), rev) {
                return run_against_git(ws, &args, rev, &commit);
            }
        }
    }
    let snaps = ws.history().load()?;
    if snaps.len() < 2 && (args.from.is_none() || args.to.is_none()) {
        bail!("diff needs two snapshots and the history has {}: record one with `apiassure score --record` (every probe records one too)", snaps.len());
    }
    let pick = |spec: Option<&str>, default: usize| -> Result<usize> {
        let Some(spec) = spec else {
            return Ok(default);
        };
        if spec == "last" {
            return Ok(snaps.len() - 1);
        }
        if let Ok(day) = NaiveDate::parse_from_str(spec, "%Y-%m-%d") {
            return snaps
                .iter()
                .rposition(|s| s.at.date_naive() <= day)
                .ok_or_else(|| anyhow::anyhow!("no snapshot on or before {day}"));
        }
        let hits: Vec<usize> = (0..snaps.len())
            .filter(|&i| snapshot_id(&snaps[i]).starts_with(spec))
            .collect();
        match hits.as_slice() {
            [i] => Ok(*i),
            [] => bail!("no snapshot {spec:?}: `apiassure history` lists their ids"),
            _ => bail!("{spec:?} matches several snapshots: give more of the id"),
        }
    };
    let to = pick(args.to.as_deref(), snaps.len() - 1)?;
    let from = pick(args.from.as_deref(), to.saturating_sub(1))?;
    let (a, b) = (&snaps[from], &snaps[to]);
    // What the journal says changed in between, and the evidence at each time.
    let entries = ws.journal().entries()?;
    let changed: Vec<journal::Entry> = journal::ordered(&entries)
        .into_iter()
        .filter(|e| e.at > a.at && e.at <= b.at)
        .cloned()
        .collect();
    let ledger_a = ledger_at(ws, a.at)?;
    let ledger_b = ledger_at(ws, b.at)?;
    let sides = Sides {
        from: snapshot_id(a),
        to: snapshot_id(b),
        a,
        b,
        changed,
        ledger_a,
        ledger_b,
    };
    compare(ws, &args, sides)
}

/// The two states a diff compares.
struct Sides<'a> {
    from: String,
    to: String,
    a: &'a Snapshot,
    b: &'a Snapshot,
    /// The answer changes between them, oldest first.
    changed: Vec<journal::Entry>,
    ledger_a: Ledger,
    ledger_b: Ledger,
}

/// `diff REV`: the workspace as committed at `rev` against the working
/// tree, both scored now, so a pull request can gate on what it changes
/// (`apiassure diff origin/main --fail-on-regression`).
fn run_against_git(ws: &Workspace, args: &Args, rev: &str, commit: &str) -> Result<u8> {
    let tree = super::gitrev::checkout_workspace(ws.root(), commit)?;
    let then = Workspace::open(tree.path())
        .map_err(|e| anyhow::anyhow!("{rev}: the workspace is not in that commit ({e})"))?;
    let now = Utc::now();
    let mut old = crate::assessment::Assessment::load(&then)?;
    old.policy.now = now;
    old.rescore();
    let mut new = crate::assessment::Assessment::load(ws)?;
    new.policy.now = now;
    new.rescore();
    let a = old.snapshot("git", now);
    let b = new.snapshot("git", now);
    let mut changed = Vec::new();
    let qs: BTreeSet<&String> = old
        .answers
        .answers
        .keys()
        .chain(new.answers.answers.keys())
        .collect();
    for q in qs {
        let (x, y) = (old.answers.answers.get(q), new.answers.answers.get(q));
        if x != y {
            let (by, at) = y
                .or(x)
                .map_or((String::new(), now), |a| (a.by.clone(), a.at));
            changed.push(journal::Entry::new(
                Vec::new(),
                at,
                &by,
                false,
                Change::Answer {
                    question: q.clone(),
                    old: x.cloned(),
                    new: y.cloned(),
                },
            ));
        }
    }
    let sides = Sides {
        from: format!("{rev} ({})", &commit[..12.min(commit.len())]),
        to: "working tree".to_string(),
        a: &a,
        b: &b,
        changed,
        ledger_a: then.ledger()?,
        ledger_b: ws.ledger()?,
    };
    compare(ws, args, sides)
}

fn compare(ws: &Workspace, args: &Args, sides: Sides<'_>) -> Result<u8> {
    let Sides {
        from,
        to,
        a,
        b,
        changed,
        ledger_a,
        ledger_b,
    } = sides;
    let catalog = ws.catalog()?;
    let config = ws.config()?;

    let frameworks: Vec<FrameworkMove> = b
        .frameworks
        .iter()
        .map(|f| {
            let old = a.frameworks.iter().find(|o| o.id == f.id);
            FrameworkMove {
                id: f.id.clone(),
                from: old.and_then(|o| o.score),
                to: f.score,
                from_band: old.and_then(|o| o.band.clone()),
                to_band: f.band.clone(),
            }
        })
        .collect();

    let label = |url: &str| {
        config
            .targets
            .iter()
            .find(|t| t.url == url)
            .map_or(url.to_string(), |t| t.label().to_string())
    };
    let mut checks = Vec::new();
    let urls: BTreeSet<&String> = ledger_a
        .targets
        .keys()
        .chain(ledger_b.targets.keys())
        .collect();
    for url in &urls {
        let empty = BTreeMap::new();
        let ea = ledger_a.targets.get(*url).map_or(&empty, |t| &t.checks);
        let eb = ledger_b.targets.get(*url).map_or(&empty, |t| &t.checks);
        let ids: BTreeSet<_> = ea.keys().chain(eb.keys()).collect();
        for id in ids {
            let ra = ea.get(id).and_then(current);
            let rb = eb.get(id).and_then(current);
            if ra != rb {
                checks.push(CheckFlip {
                    target: label(url),
                    check: id.to_string(),
                    from: ra,
                    to: rb,
                });
            }
        }
    }
    let targets_added: Vec<String> = ledger_b
        .targets
        .keys()
        .filter(|u| !ledger_a.targets.contains_key(*u))
        .map(|u| label(u))
        .collect();
    let targets_removed: Vec<String> = ledger_a
        .targets
        .keys()
        .filter(|u| !ledger_b.targets.contains_key(*u))
        .map(|u| label(u))
        .collect();

    let mut controls = Vec::new();
    for c in &b.controls {
        let old = a
            .controls
            .iter()
            .find(|o| o.id == c.id)
            .and_then(|o| o.score);
        if old == c.score {
            continue;
        }
        let control = catalog.control(&c.id);
        let questions: BTreeSet<&str> = control
            .map(|k| k.questions.iter().map(|q| q.id.as_str()).collect())
            .unwrap_or_default();
        let cited: BTreeSet<String> = control
            .map(|k| k.checks.iter().cloned().collect())
            .unwrap_or_default();
        let answers = changed
            .iter()
            .filter_map(|e| match &e.change {
                Change::Answer { question, old, new } if questions.contains(question.as_str()) => {
                    let v = |x: &Option<crate::model::Answer>| {
                        x.as_ref()
                            .map_or("(none)".to_string(), |a| a.answer.to_string())
                    };
                    Some(format!(
                        "{question}: {} -> {} by {}, {}",
                        v(old),
                        v(new),
                        e.by,
                        e.at.format("%Y-%m-%d")
                    ))
                }
                _ => None,
            })
            .collect();
        let moved_checks = checks
            .iter()
            .filter(|f| cited.contains(&f.check))
            .map(|f| {
                format!(
                    "{} on {}: {} -> {}",
                    f.check,
                    f.target,
                    outcome(f.from),
                    outcome(f.to)
                )
            })
            .collect();
        controls.push(ControlMove {
            id: c.id.clone(),
            from: old,
            to: c.score,
            regressed: c.score.unwrap_or(0.0) < old.unwrap_or(0.0),
            answers,
            checks: moved_checks,
        });
    }

    let review_days = config.assessment.answer_review_days;
    let answers_now = ws.answers()?;
    let answers_went_due = answers_now
        .answers
        .iter()
        .filter(|(_, ans)| {
            let due = ans.review_date(review_days);
            due >= a.at.date_naive() && due < b.at.date_naive()
        })
        .map(|(q, _)| q.clone())
        .collect();
    let max_age = chrono::Duration::days(i64::from(config.probe.evidence_max_age_days));
    let mut evidence_went_stale = Vec::new();
    for (url, t) in &ledger_b.targets {
        for (id, e) in &t.checks {
            if let Some(r) = &e.current {
                if a.at - r.at <= max_age && b.at - r.at > max_age {
                    evidence_went_stale.push(format!("{id} on {}", label(url)));
                }
            }
        }
    }

    let diff = Diff {
        schema_version: 1,
        from,
        to,
        from_at: a.at,
        to_at: b.at,
        frameworks,
        controls,
        checks,
        targets_added,
        targets_removed,
        answers_went_due,
        evidence_went_stale,
    };
    let regression = diff
        .frameworks
        .iter()
        .any(|f| f.to.unwrap_or(0.0) < f.from.unwrap_or(0.0))
        || diff.controls.iter().any(|c| c.regressed);
    if args.json {
        outln!("{}", crate::cli::output::json_text(&diff)?);
    } else {
        print(&diff, a, b)?;
    }
    Ok(u8::from(args.fail_on_regression && regression))
}

fn current(e: &Entry) -> Option<CheckOutcome> {
    e.current.as_ref().map(|r| r.result)
}

fn outcome(o: Option<CheckOutcome>) -> &'static str {
    o.map_or("(none)", CheckOutcome::as_str)
}

/// The ledger folded from the runs finished by `at`.
fn ledger_at(ws: &Workspace, at: DateTime<Utc>) -> Result<Ledger> {
    let store = ws.evidence();
    let mut ledger = Ledger::default();
    for id in store.run_ids()? {
        let run = store.load(&id)?;
        if run.finished_at <= at {
            ledger.fold_run(&run);
        }
    }
    Ok(ledger)
}

fn print(d: &Diff, a: &Snapshot, b: &Snapshot) -> Result<()> {
    sayln!(
        "From {} ({}, {}) to {} ({}, {})",
        d.from,
        a.at.format("%Y-%m-%d %H:%M UTC"),
        a.trigger,
        d.to,
        b.at.format("%Y-%m-%d %H:%M UTC"),
        b.trigger
    );
    sayln!();
    for f in &d.frameworks {
        let delta = match (f.from, f.to) {
            (Some(x), Some(y)) => format!("{:+.1}", y - x),
            _ => String::new(),
        };
        let band = match (&f.from_band, &f.to_band) {
            (Some(x), Some(y)) if x != y => format!("  ({x} -> {y})"),
            _ => String::new(),
        };
        sayln!(
            "  {:<16} {:>6} -> {:>6}  {:>6}{band}",
            f.id,
            fmt_score(f.from),
            fmt_score(f.to),
            delta
        );
    }
    if d.controls.is_empty() {
        sayln!("\nNo control score moved.");
    }
    for (title, regressed) in [("Regressed", true), ("Improved", false)] {
        let list: Vec<&ControlMove> = d
            .controls
            .iter()
            .filter(|c| c.regressed == regressed)
            .collect();
        if list.is_empty() {
            continue;
        }
        sayln!("\n{title}:");
        for c in list {
            sayln!("  {} {} -> {}", c.id, fmt_score(c.from), fmt_score(c.to));
            for a in &c.answers {
                sayln!("    answer {a}");
            }
            for k in &c.checks {
                sayln!("    check  {k}");
            }
        }
    }
    if !d.checks.is_empty() {
        sayln!("\nChecks that flipped:");
        for f in &d.checks {
            sayln!(
                "  {} on {}: {} -> {}",
                f.check,
                f.target,
                outcome(f.from),
                outcome(f.to)
            );
        }
    }
    for (title, list) in [
        ("Targets added", &d.targets_added),
        ("Targets removed", &d.targets_removed),
        ("Answers that went due", &d.answers_went_due),
        ("Evidence that went stale", &d.evidence_went_stale),
    ] {
        if !list.is_empty() {
            sayln!("\n{title}: {}", list.join(", "));
        }
    }
    Ok(())
}
