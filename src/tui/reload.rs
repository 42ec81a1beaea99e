//! Workspace files changed by someone else while the TUI runs: a teammate's
//! `git pull`, an editor on `apiassure.toml`, a `probe` or `answer` in another
//! terminal. Each tick compares the files' modification time and size with
//! what was last read (a few `stat` calls) and reloads what changed, so a
//! target added to `apiassure.toml` is shown and probed without a restart,
//! and answers and owners pulled from git show at once.

use std::path::Path;
use std::time::SystemTime;

use super::app::{App, Level};
use crate::workspace::config::CONFIG_FILE;
use crate::workspace::ANSWERS_FILE;

/// What a file looked like when it was last read.
pub type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let m = std::fs::symlink_metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// The stamps of the watched files: the configuration, the answers and the
/// owners.
pub fn stamps(root: &Path) -> [Stamp; 3] {
    [
        stamp(&root.join(CONFIG_FILE)),
        stamp(&root.join(ANSWERS_FILE)),
        stamp(&root.join(crate::model::owners::OWNERS_FILE)),
    ]
}

impl App {
    /// Reload the files that changed since they were last read.
    pub(crate) fn reload_changed_files(&mut self) {
        let now = stamps(self.ws.root());
        if now == self.file_stamps {
            return;
        }
        let config_changed = now[0] != self.file_stamps[0];
        if now[2] != self.file_stamps[2] {
            match self.ws.assignments() {
                Ok(o) => self.owners = o,
                Err(e) => self.set_status(Level::Error, e.to_string()),
            }
        }
        let answers_or_config = now[..2] != self.file_stamps[..2];
        self.file_stamps = now;
        if !answers_or_config {
            return;
        }
        if config_changed {
            match self.ws.config() {
                Ok(cfg) => {
                    let targets = cfg.targets.len();
                    self.assessment.config = cfg;
                    if let Err(e) = self.assessment.refresh(&self.ws) {
                        self.set_status(Level::Error, e.to_string());
                        return;
                    }
                    // The evidence was just read: a start-up read is stale.
                    self.evidence_loading = None;
                    self.set_status(
                        Level::Info,
                        format!("apiassure.toml changed: reloaded ({targets} declared target(s))"),
                    );
                }
                Err(e) => self.set_status(
                    Level::Error,
                    format!("apiassure.toml changed and cannot be read ({e}); still using the version read before"),
                ),
            }
        } else if self.pending.is_empty() {
            // Answers changed elsewhere (our own saves land here too: cheap).
            if let Err(e) = self.assessment.refresh(&self.ws) {
                self.set_status(Level::Error, e.to_string());
                return;
            }
            self.evidence_loading = None;
        } else {
            return;
        }
        self.reload_answer_log();
        self.worklist = self.assessment.worklist();
    }
}
