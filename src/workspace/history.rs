//! Score history: one JSON line per snapshot in `history/scores.jsonl`, taken
//! after each probe run and on `apiassure score --record`, so trends can be
//! charted and an auditor can see how the posture moved between assessments.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{atomic, WorkspaceError};
use crate::files;

pub const HISTORY_FILE: &str = "history/scores.jsonl";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub at: DateTime<Utc>,
    /// What caused the snapshot: `probe`, `score`, `tui`.
    pub trigger: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_run: Option<String>,
    pub answered: usize,
    pub conflicts: usize,
    pub frameworks: Vec<FrameworkPoint>,
    /// Every control's score (absent in older lines), for `diff`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<ControlPoint>,
    /// SHA-256 of what the scores rest on (every answer, every current
    /// check result, every score): a snapshot is taken only when it differs
    /// from the last one's (absent in older lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

impl Snapshot {
    /// Whether `self` records the same state as `other` (older lines without
    /// a state hash compare by their scores, counts and controls).
    pub fn same_state(&self, other: &Snapshot) -> bool {
        match (&self.state, &other.state) {
            (Some(a), Some(b)) => a == b,
            _ => {
                self.frameworks == other.frameworks
                    && self.controls == other.controls
                    && self.answered == other.answered
                    && self.conflicts == other.conflicts
                    && self.evidence_run == other.evidence_run
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlPoint {
    pub id: String,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrameworkPoint {
    pub id: String,
    pub score: Option<f64>,
    pub coverage: f64,
    /// Share of expected check results current (absent in older lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_coverage: Option<f64>,
    /// The status band (absent in older lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<String>,
}

#[derive(Debug, Clone)]
pub struct History {
    path: PathBuf,
}

impl History {
    pub fn new(path: PathBuf) -> History {
        History { path }
    }

    /// The newest snapshot, if any (a damaged last line is an error).
    pub fn last(&self) -> Result<Option<Snapshot>, WorkspaceError> {
        Ok(self.load()?.pop())
    }

    /// All snapshots, oldest first. A damaged line is an error naming it.
    pub fn load(&self) -> Result<Vec<Snapshot>, WorkspaceError> {
        let text = self.text()?;
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, line)| {
                serde_json::from_str(line).map_err(|e| WorkspaceError::Parse {
                    path: self.path.clone(),
                    line: i + 1,
                    column: e.column(),
                    message: format!("{e}; remove or repair this line"),
                })
            })
            .collect()
    }

    /// The file's text; a missing file is empty.
    fn text(&self) -> Result<String, WorkspaceError> {
        match files::read_text(&self.path, files::cap::HISTORY) {
            Ok(t) => Ok(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
            Err(source) => Err(WorkspaceError::Io {
                path: self.path.clone(),
                source,
            }),
        }
    }

    /// The line a snapshot is stored as (without the newline).
    pub fn line(snapshot: &Snapshot) -> String {
        serde_json::to_string(snapshot).expect("snapshot serializes")
    }

    /// (trigger, SHA-256) of every stored line, in order.
    pub fn line_hashes(&self) -> Result<Vec<(String, String)>, WorkspaceError> {
        let text = self.text()?;
        Ok(text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let trigger = serde_json::from_str::<Snapshot>(l)
                    .map(|s| s.trigger)
                    .unwrap_or_default();
                (trigger, super::evidence::sha256_hex(l.as_bytes()))
            })
            .collect())
    }

    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Append a snapshot (rewrites the file atomically). Caller holds the lock.
    pub fn append(&self, snapshot: &Snapshot) -> Result<(), WorkspaceError> {
        self.append_line(&History::line(snapshot))
    }

    /// Append one stored line as it is (completing an interrupted append).
    pub fn append_line(&self, line: &str) -> Result<(), WorkspaceError> {
        let mut text = self.text()?;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(line);
        text.push('\n');
        if let Some(dir) = self.path.parent() {
            files::ensure_real_dir(dir).map_err(|source| WorkspaceError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        atomic::write_atomic(&self.path, text.as_bytes()).map_err(|source| WorkspaceError::Io {
            path: self.path.clone(),
            source,
        })
    }
}
