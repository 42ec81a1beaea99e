//! `apiassure history` and `apiassure log`: scores over time, and who
//! changed which answer when (from the journal).

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use super::{cell, fmt_score};
use crate::model::journal::{self, Change};
use crate::workspace::evidence::sha256_hex;
use crate::workspace::history::History;
use crate::workspace::Workspace;

/// Version of `history --json`.
pub const HISTORY_JSON_VERSION: u32 = 1;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this framework (repeatable).
    #[arg(long = "framework", value_name = "ID")]
    pub frameworks: Vec<String>,
    /// Only snapshots on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct Json<'a> {
    schema_version: u32,
    snapshots: Vec<SnapshotJson<'a>>,
}

#[derive(Serialize)]
struct SnapshotJson<'a> {
    id: String,
    at: chrono::DateTime<chrono::Utc>,
    trigger: &'a str,
    evidence: Option<&'a str>,
    frameworks: Vec<&'a crate::workspace::history::FrameworkPoint>,
}

/// A snapshot's id: the first 12 hex digits of its line's SHA-256 (the
/// hash the journal records).
pub fn snapshot_id(s: &crate::workspace::history::Snapshot) -> String {
    sha256_hex(History::line(s).as_bytes())[..12].to_string()
}

const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

pub fn run(ws: &Workspace, args: Args) -> Result<u8> {
    let mut snaps = ws.history().load()?;
    if let Some(since) = args.since {
        snaps.retain(|s| s.at.date_naive() >= since);
    }
    let keep = |id: &str| args.frameworks.is_empty() || args.frameworks.iter().any(|f| f == id);
    if args.json {
        let json = Json {
            schema_version: HISTORY_JSON_VERSION,
            snapshots: snaps
                .iter()
                .map(|s| SnapshotJson {
                    id: snapshot_id(s),
                    at: s.at,
                    trigger: &s.trigger,
                    evidence: s.evidence_run.as_deref(),
                    frameworks: s.frameworks.iter().filter(|f| keep(&f.id)).collect(),
                })
                .collect(),
        };
        outln!("{}", crate::cli::output::json_text(&json)?);
        return Ok(0);
    }
    if snaps.is_empty() {
        sayln!("No snapshots yet: one is taken after every probe run and on `apiassure score --record`.");
        return Ok(0);
    }
    let mut ids: Vec<String> = Vec::new();
    for s in &snaps {
        for f in &s.frameworks {
            if keep(&f.id) && !ids.contains(&f.id) {
                ids.push(f.id.clone());
            }
        }
    }
    sayln!(
        "{}  {:>6}  {:>6}  TREND ({} snapshots)",
        cell("FRAMEWORK", 16),
        "FIRST",
        "LAST",
        snaps.len()
    );
    for id in &ids {
        let series: Vec<Option<f64>> = snaps
            .iter()
            .map(|s| {
                s.frameworks
                    .iter()
                    .find(|f| &f.id == id)
                    .and_then(|f| f.score)
            })
            .collect();
        let spark: String = series
            .iter()
            .map(|v| match v {
                Some(v) => SPARKS[((v / 100.0) * 7.0).round().clamp(0.0, 7.0) as usize],
                None => ' ',
            })
            .collect();
        sayln!(
            "{}  {:>6}  {:>6}  {spark}",
            cell(id, 16),
            fmt_score(series.iter().flatten().next().copied()),
            fmt_score(series.iter().rev().flatten().next().copied())
        );
    }
    sayln!();
    sayln!(
        "{}  {}  {}  {}",
        cell("SNAPSHOT", 12),
        cell("WHEN", 20),
        cell("TRIGGER", 8),
        "SCORES"
    );
    for s in &snaps {
        let scores: Vec<String> = s
            .frameworks
            .iter()
            .filter(|f| keep(&f.id))
            .map(|f| format!("{} {}", f.id, fmt_score(f.score)))
            .collect();
        sayln!(
            "{}  {}  {}  {}",
            snapshot_id(s),
            cell(&s.at.format("%Y-%m-%d %H:%M UTC").to_string(), 20),
            cell(&s.trigger, 8),
            scores.join(", ")
        );
    }
    Ok(0)
}

#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// Only this question's answers (default: every change).
    pub question: Option<String>,
    #[arg(long)]
    pub json: bool,
}

pub fn log(ws: &Workspace, args: LogArgs) -> Result<u8> {
    let entries = ws.journal().entries()?;
    let order = journal::ordered(&entries);
    let selected: Vec<_> = order
        .into_iter()
        .filter(|e| match (&args.question, &e.change) {
            (None, _) => true,
            (Some(q), Change::Answer { question, .. }) => question == q,
            (Some(_), _) => false,
        })
        .collect();
    if args.json {
        outln!(
            "{}",
            crate::cli::output::json_text(&serde_json::json!({
                "schema_version": crate::model::journal::JOURNAL_SCHEMA_VERSION,
                "entries": selected,
            }))?
        );
        return Ok(0);
    }
    if selected.is_empty() {
        sayln!(
            "No recorded changes{}.",
            args.question
                .as_deref()
                .map_or(String::new(), |q| format!(" to {q}"))
        );
    }
    for e in selected {
        sayln!("{}", describe(e));
    }
    Ok(0)
}

/// One line per journal entry: "AUTHN-01.1: no -> yes by dana, 2026-11-30 ...".
pub fn describe(e: &journal::Entry) -> String {
    let when = e.at.format("%Y-%m-%d %H:%M UTC");
    let id = short_hash(&e.id);
    let imported = if e.imported { " (imported)" } else { "" };
    match &e.change {
        Change::Answer { question, old, new } => {
            if let (Some(o), Some(n)) = (old, new) {
                if o.same_substance(n) && o.approval != n.approval {
                    if let Some(p) = &n.approval {
                        return format!("{when}  {id}  {question}: approved by {} (answered by {})", p.by, n.by);
                    }
                }
            }
            let val = |a: &Option<crate::model::Answer>| {
                a.as_ref()
                    .map_or("(none)".to_string(), |a| a.answer.to_string())
            };
            let note = new
                .as_ref()
                .filter(|n| old.as_ref().is_none_or(|o| o.note != n.note) && !n.note.is_empty())
                .map(|n| format!(", note \"{}\"", n.note.lines().next().unwrap_or("")))
                .unwrap_or_default();
            format!(
                "{when}  {id}  {question}: {} -> {} by {}{note}{imported}",
                val(old),
                val(new),
                e.by
            )
        }
        Change::Probe {
            run_id,
            sha256,
            sources,
            ..
        } => format!(
            "{when}  {id}  {} run {run_id} stored (SHA-256 {}){}{imported}",
            if sources.is_empty() {
                "probe".to_string()
            } else {
                format!(
                    "traffic ({})",
                    sources
                        .iter()
                        .map(|s| format!("{} {} bytes {}", s.file, s.bytes, short_hash(&s.sha256)))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
            short_hash(sha256),
            if e.signature.is_some() {
                ", signed"
            } else {
                ""
            }
        ),
        Change::Snapshot { trigger, .. } => {
            format!("{when}  {id}  score snapshot ({trigger}){imported}")
        }
        Change::Config { sha256 } => format!(
            "{when}  {id}  apiassure.toml recorded (SHA-256 {})",
            short_hash(sha256)
        ),
        Change::Merge => format!("{when}  {id}  merge of {} branches", e.parents.len()),
        Change::Inherit {
            workspace,
            heads,
            controls,
        } => format!(
            "{when}  {id}  {} inherited from {workspace} at journal head {}",
            controls.join(", "),
            heads
                .iter()
                .map(|h| short_hash(h))
                .collect::<Vec<_>>()
                .join(" + ")
        ),
        Change::Conflict { question, sides } => format!(
            "{when}  {id}  {question}: merge conflict between {} answers ({}); resolve with `apiassure resolve {question}`",
            sides.len(),
            sides
                .iter()
                .map(|a| format!("{} by {}", a.answer, a.by))
                .collect::<Vec<_>>()
                .join(" / ")
        ),
        Change::Assign { control, new, .. } => match new {
            Some(a) => format!(
                "{when}  {id}  {control} assigned to {}{} by {}",
                a.owner,
                a.due.map(|d| format!(", due {d}")).unwrap_or_default(),
                e.by
            ),
            None => format!("{when}  {id}  {control} unassigned by {}", e.by),
        },
        Change::Import {
            file,
            sha256,
            changed,
        } => format!(
            "{when}  {id}  import of {changed} answer change(s) from {file} (SHA-256 {}) by {}",
            short_hash(sha256),
            e.by
        ),
        Change::Soa { control, new, .. } => match new {
            Some(d) => format!(
                "{when}  {id}  {control}: SoA decision {}{} by {}",
                if d.applicable { "applicable" } else { "excluded" },
                d.status.map(|s| format!(" ({s})")).unwrap_or_default(),
                e.by
            ),
            None => format!("{when}  {id}  {control}: SoA decision withdrawn by {}", e.by),
        },
        Change::Activity {
            control, on, note, ..
        } => format!(
            "{when}  {id}  {control}: activity on {on} recorded by {} (\"{}\")",
            e.by,
            note.lines().next().unwrap_or("")
        ),
        Change::Response { exception, text } => format!(
            "{when}  {id}  {exception}: management response by {} (\"{}\")",
            e.by,
            text.lines().next().unwrap_or("")
        ),
        Change::Pack {
            document_id,
            version,
            sums_sha256,
            signed,
            ..
        } => format!(
            "{when}  {id}  audit pack version {version} of {document_id} written by {} (SHA256SUMS {}){}",
            e.by,
            short_hash(sums_sha256),
            if *signed { ", signed" } else { "" }
        ),
        Change::ReportApproval {
            document_id, role, ..
        } => format!(
            "{when}  {id}  report {document_id} approved by {} as {role}",
            e.by
        ),
        Change::Ledger { sha256, runs } => format!(
            "{when}  {id}  evidence ledger rebuilt from {runs} run(s) (SHA-256 {})",
            short_hash(sha256)
        ),
    }
}

/// The first 12 characters of a hash read from a journal file (which may
/// hold anything: never slice past its end).
fn short_hash(s: &str) -> &str {
    s.char_indices().nth(12).map_or(s, |(i, _)| &s[..i])
}
