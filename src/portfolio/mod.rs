//! The portfolio: one view over many workspaces (one per team or
//! repository), read as they are, one at a time, so memory holds one
//! workspace and the rows already summarised, never all of them.
//!
//! Per workspace: each framework's score, band and coverage, evidence
//! freshness, conflicts, overdue items, last probe, and what `verify` says
//! (a workspace edited outside the tool, or signed by a key nobody
//! trusts, stands out). Across the organisation: per framework the spread
//! (mean, worst, how many workspaces in each band), the weakest controls,
//! and the trend from each workspace's history.

pub mod parquet;
pub mod report;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::assessment::{Assessment, AssessmentError};
use crate::workspace::verify::{self, VerifyOptions};
use crate::workspace::Workspace;

/// The file that lists a portfolio's workspaces.
pub const PORTFOLIO_FILE: &str = "portfolio.toml";

/// Version of `portfolio --json` (schema: docs/schema/portfolio.schema.json).
pub const PORTFOLIO_JSON_VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum PortfolioError {
    #[error("{path}: {message}")]
    Input { path: PathBuf, message: String },
}

fn input(path: &Path, message: impl Into<String>) -> PortfolioError {
    PortfolioError::Input {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// One workspace of the portfolio, with the tags `portfolio.toml` gives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    #[serde(skip)]
    pub dir: PathBuf,
    /// The path as listed (or as given on the command line).
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PortfolioFile {
    #[serde(default, rename = "workspace")]
    workspaces: Vec<Listed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Listed {
    path: String,
    #[serde(default)]
    team: Option<String>,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    tier: Option<String>,
}

fn is_workspace(dir: &Path) -> bool {
    dir.join(crate::workspace::config::CONFIG_FILE).is_file()
}

/// The workspaces named by the arguments: a workspace folder, a folder
/// holding `portfolio.toml`, a portfolio file, or a folder whose
/// subfolders are workspaces. Each workspace once, in the order given.
pub fn members(args: &[PathBuf]) -> Result<Vec<Member>, PortfolioError> {
    let mut out: Vec<Member> = Vec::new();
    let mut seen: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    let mut push = |m: Member, out: &mut Vec<Member>| {
        let key = std::fs::canonicalize(&m.dir).unwrap_or_else(|_| m.dir.clone());
        if seen.insert(key) {
            out.push(m);
        }
    };
    for arg in args {
        let file = if arg.is_file() {
            Some(arg.clone())
        } else if arg.join(PORTFOLIO_FILE).is_file() && !is_workspace(arg) {
            Some(arg.join(PORTFOLIO_FILE))
        } else {
            None
        };
        if let Some(file) = file {
            let text = crate::files::read_text(&file, crate::files::cap::CONFIG)
                .map_err(|e| input(&file, e.to_string()))?;
            let listed: PortfolioFile = toml::from_str(&text).map_err(|e| {
                input(
                    &file,
                    format!(
                        "not a portfolio file ([[workspace]] path = \"...\", with optional team, owner, tier): {}",
                        e.message()
                    ),
                )
            })?;
            let base = file.parent().unwrap_or(Path::new("."));
            if listed.workspaces.is_empty() {
                return Err(input(&file, "lists no [[workspace]]"));
            }
            for l in listed.workspaces {
                push(
                    Member {
                        dir: base.join(&l.path),
                        path: l.path,
                        team: l.team,
                        owner: l.owner,
                        tier: l.tier,
                    },
                    &mut out,
                );
            }
            continue;
        }
        if is_workspace(arg) {
            push(plain(arg.clone()), &mut out);
            continue;
        }
        if arg.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(arg)
                .map_err(|e| input(arg, e.to_string()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_workspace(p))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(input(
                    arg,
                    "neither a workspace (apiassure.toml) nor a portfolio (portfolio.toml), and no subfolder is a workspace",
                ));
            }
            for p in found {
                push(plain(p), &mut out);
            }
            continue;
        }
        return Err(input(arg, "no such folder or file"));
    }
    Ok(out)
}

fn plain(dir: PathBuf) -> Member {
    Member {
        path: dir.display().to_string(),
        dir,
        team: None,
        owner: None,
        tier: None,
    }
}

/// One framework of one workspace.
#[derive(Debug, Clone, Serialize)]
pub struct FrameworkRow {
    pub id: String,
    pub name: String,
    pub score: Option<f64>,
    pub band: String,
    /// Questions answered, 0-100.
    pub coverage: f64,
    /// Expected check results current and conclusive, 0-100.
    pub evidence_coverage: Option<f64>,
    pub conflicts: usize,
}

/// What `verify` said.
#[derive(Debug, Clone, Default, Serialize)]
pub struct VerifyRow {
    pub ok: bool,
    pub problems: usize,
    /// The first problem, for the table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_problem: Option<String>,
    pub entries: usize,
    /// Fingerprints of the keys that signed entries.
    pub signers: Vec<String>,
}

/// A framework's movement over the workspace's history.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    pub framework: String,
    pub first_at: DateTime<Utc>,
    pub first: Option<f64>,
    pub last_at: DateTime<Utc>,
    pub last: Option<f64>,
    pub snapshots: usize,
}

/// One workspace, summarised.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    #[serde(flatten)]
    pub member: Member,
    pub organisation: String,
    pub system: String,
    pub frameworks: Vec<FrameworkRow>,
    pub conflicts: usize,
    /// Controls past their owner's due date, and answers past their review date.
    pub overdue: usize,
    pub evidence_expected: usize,
    pub evidence_current: usize,
    pub evidence_stale: usize,
    /// The newest current result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence_latest: Option<DateTime<Utc>>,
    /// The newest stored run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_probe: Option<DateTime<Utc>>,
    pub verify: VerifyRow,
    /// Workspaces this one inherits controls from.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inherits: Vec<String>,
    pub trends: Vec<Trend>,
    /// Why the workspace could not be read (then nothing else is filled).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Summary {
    fn failed(member: Member, error: String) -> Summary {
        Summary {
            member,
            organisation: String::new(),
            system: String::new(),
            frameworks: Vec::new(),
            conflicts: 0,
            overdue: 0,
            evidence_expected: 0,
            evidence_current: 0,
            evidence_stale: 0,
            evidence_latest: None,
            last_probe: None,
            verify: VerifyRow::default(),
            inherits: Vec::new(),
            trends: Vec::new(),
            error: Some(error),
        }
    }

    /// Needs attention: unreadable, `verify` problems, or conflicts.
    pub fn flagged(&self) -> bool {
        self.error.is_some() || !self.verify.ok || self.conflicts > 0
    }
}

/// A workspace open for the callers that want more than the summary (the
/// Parquet export reads answers and check results from it).
pub struct Opened<'a> {
    pub ws: &'a Workspace,
    pub assessment: &'a Assessment,
    pub history: &'a [crate::workspace::history::Snapshot],
}

/// Read and summarise each member in turn, handing each open workspace to
/// `each` before it is dropped. A workspace that cannot be read becomes a
/// summary with its error, never the end of the walk.
pub fn walk(
    members: &[Member],
    trust: &[String],
    mut each: impl FnMut(&Summary, Option<&Opened<'_>>) -> std::io::Result<()>,
) -> std::io::Result<Vec<Summary>> {
    let mut out = Vec::with_capacity(members.len());
    for m in members {
        let summary = match summarise(m, trust) {
            Ok((summary, ws, assessment, history)) => {
                each(
                    &summary,
                    Some(&Opened {
                        ws: &ws,
                        assessment: &assessment,
                        history: &history,
                    }),
                )?;
                summary
            }
            Err(e) => {
                let s = Summary::failed(m.clone(), e.to_string());
                each(&s, None)?;
                s
            }
        };
        out.push(summary);
    }
    Ok(out)
}

type Loaded = (
    Summary,
    Workspace,
    Assessment,
    Vec<crate::workspace::history::Snapshot>,
);

fn summarise(m: &Member, trust: &[String]) -> Result<Loaded, AssessmentError> {
    let ws = Workspace::open(&m.dir)?;
    let assessment = Assessment::load(&ws)?;
    let history = ws.history().load()?;
    let report = verify::verify(
        &ws,
        &VerifyOptions {
            trust: trust.to_vec(),
            head: None,
        },
    )?;
    let problems: Vec<&verify::Finding> = report
        .findings
        .iter()
        .filter(|f| f.severity == verify::Severity::Problem)
        .collect();
    let card = &assessment.card;
    let frameworks: Vec<FrameworkRow> = assessment
        .scope
        .iter()
        .filter_map(|id| card.framework(id))
        .map(|f| FrameworkRow {
            id: f.id.clone(),
            name: f.name.clone(),
            score: f.score,
            band: f.band.label().to_string(),
            coverage: f.coverage,
            evidence_coverage: f.evidence_coverage,
            conflicts: f.conflicts,
        })
        .collect();
    let today = assessment.policy.now.date_naive();
    let owners = ws.assignments()?;
    let overdue = assessment
        .catalog
        .controls
        .iter()
        .filter(|c| owners.past_due(&c.id, today))
        .count()
        + card.due_answers.len();
    let last_probe = assessment
        .evidence
        .latest_run
        .as_deref()
        .and_then(crate::model::evidence::run_id_time);
    let trends = frameworks
        .iter()
        .filter_map(|f| trend(&history, &f.id))
        .collect();
    let summary = Summary {
        member: m.clone(),
        organisation: assessment.config.organisation.name.clone(),
        system: assessment.config.system.name.clone(),
        frameworks,
        conflicts: card.conflicts.len(),
        overdue,
        evidence_expected: card.evidence.expected,
        evidence_current: card.evidence.current,
        evidence_stale: card.evidence.stale,
        evidence_latest: card.evidence.latest,
        last_probe,
        verify: VerifyRow {
            ok: problems.is_empty(),
            problems: problems.len(),
            first_problem: problems
                .first()
                .map(|f| format!("{}: {}", f.subject, f.message)),
            entries: report.entries,
            signers: report.signers.clone(),
        },
        inherits: assessment
            .inherited
            .iter()
            .map(|s| s.workspace.clone())
            .collect(),
        trends,
        error: None,
    };
    Ok((summary, ws, assessment, history))
}

fn trend(history: &[crate::workspace::history::Snapshot], framework: &str) -> Option<Trend> {
    let points: Vec<(DateTime<Utc>, Option<f64>)> = history
        .iter()
        .filter_map(|s| {
            s.frameworks
                .iter()
                .find(|f| f.id == framework)
                .map(|f| (s.at, f.score))
        })
        .collect();
    let (first, last) = (points.first()?, points.last()?);
    Some(Trend {
        framework: framework.to_string(),
        first_at: first.0,
        first: first.1,
        last_at: last.0,
        last: last.1,
        snapshots: points.len(),
    })
}

/// One framework across the organisation.
#[derive(Debug, Clone, Serialize)]
pub struct Spread {
    pub framework: String,
    pub name: String,
    /// Workspaces with the framework in scope.
    pub workspaces: usize,
    /// Of those, with a score.
    pub scored: usize,
    pub mean: Option<f64>,
    pub worst: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub worst_workspace: Option<String>,
    /// Workspaces per band label.
    pub bands: BTreeMap<String, usize>,
    /// Mean change of the score over each workspace's history.
    pub mean_change: Option<f64>,
}

/// A control across the organisation.
#[derive(Debug, Clone, Serialize)]
pub struct WeakControl {
    pub control: String,
    pub title: String,
    pub mean: f64,
    pub scored: usize,
    /// Workspaces where it scores under 50.
    pub below_50: usize,
}

/// The organisation's view, built one workspace at a time.
#[derive(Debug, Default)]
pub struct Rollup {
    spreads: BTreeMap<String, SpreadAcc>,
    order: Vec<String>,
    controls: BTreeMap<String, (String, f64, usize, usize)>,
}

#[derive(Debug, Default)]
struct SpreadAcc {
    name: String,
    workspaces: usize,
    sum: f64,
    scored: usize,
    worst: Option<(f64, String)>,
    bands: BTreeMap<String, usize>,
    change_sum: f64,
    changes: usize,
}

impl Rollup {
    /// Fold in one workspace (its summary and, when it could be read, its
    /// control scores).
    pub fn add(&mut self, s: &Summary, assessment: Option<&Assessment>) {
        for f in &s.frameworks {
            if !self.spreads.contains_key(&f.id) {
                self.order.push(f.id.clone());
            }
            let acc = self.spreads.entry(f.id.clone()).or_default();
            acc.name = f.name.clone();
            acc.workspaces += 1;
            *acc.bands.entry(f.band.clone()).or_default() += 1;
            if let Some(score) = f.score {
                acc.sum += score;
                acc.scored += 1;
                if acc.worst.as_ref().is_none_or(|(w, _)| score < *w) {
                    acc.worst = Some((score, s.member.path.clone()));
                }
            }
            if let Some(t) = s.trends.iter().find(|t| t.framework == f.id) {
                if let (Some(a), Some(b)) = (t.first, t.last) {
                    acc.change_sum += b - a;
                    acc.changes += 1;
                }
            }
        }
        if let Some(a) = assessment {
            for c in &a.card.controls {
                let Some(score) = c.score else { continue };
                let e = self
                    .controls
                    .entry(c.id.clone())
                    .or_insert_with(|| (c.title.clone(), 0.0, 0, 0));
                e.1 += score;
                e.2 += 1;
                if score < 50.0 {
                    e.3 += 1;
                }
            }
        }
    }

    pub fn spreads(&self) -> Vec<Spread> {
        self.order
            .iter()
            .map(|id| {
                let a = &self.spreads[id];
                Spread {
                    framework: id.clone(),
                    name: a.name.clone(),
                    workspaces: a.workspaces,
                    scored: a.scored,
                    mean: (a.scored > 0).then(|| a.sum / a.scored as f64),
                    worst: a.worst.as_ref().map(|(w, _)| *w),
                    worst_workspace: a.worst.as_ref().map(|(_, p)| p.clone()),
                    bands: a.bands.clone(),
                    mean_change: (a.changes > 0).then(|| a.change_sum / a.changes as f64),
                }
            })
            .collect()
    }

    /// The `n` controls with the lowest mean score across workspaces.
    pub fn weakest(&self, n: usize) -> Vec<WeakControl> {
        let mut all: Vec<WeakControl> = self
            .controls
            .iter()
            .map(|(id, (title, sum, scored, below))| WeakControl {
                control: id.clone(),
                title: title.clone(),
                mean: sum / *scored as f64,
                scored: *scored,
                below_50: *below,
            })
            .collect();
        all.sort_by(|a, b| {
            a.mean
                .total_cmp(&b.mean)
                .then_with(|| b.below_50.cmp(&a.below_50))
                .then_with(|| a.control.cmp(&b.control))
        });
        all.truncate(n);
        all
    }
}

/// The whole view, as `portfolio --json` prints it.
#[derive(Debug, Serialize)]
pub struct View {
    pub schema_version: u32,
    pub generated_at: DateTime<Utc>,
    pub workspaces: Vec<Summary>,
    pub frameworks: Vec<Spread>,
    pub weakest_controls: Vec<WeakControl>,
}

/// How many weakest controls the view lists.
pub const WEAKEST: usize = 10;
