//! The assessment folder: `apiassure.toml`, `answers.toml`, `evidence/`,
//! `history/` and optional catalog overlays (`frameworks/`, `questionnaires/`).
//!
//! Every write goes through [`atomic::write_atomic`] under the workspace lock,
//! and read-modify-write cycles re-read the file under the lock, so two
//! processes never lose each other's changes. A file that cannot be read is
//! reported with its path and position and is never overwritten.

pub mod atomic;
pub mod attachments;
pub mod config;
pub mod evidence;
pub mod history;
pub mod index;
pub mod journal;
pub mod lock;
pub mod signing;
pub mod verify;

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::catalog::{self, CatalogErrors};
use crate::diagnostics::offset_to_line_col;
use crate::files;
use crate::model::answers::ANSWERS_SCHEMA_VERSION;
use crate::model::journal::Change;
use crate::model::{Answer, AnswerSet, Catalog};
pub use config::Config;
pub use lock::WorkspaceLock;

pub const ANSWERS_FILE: &str = "answers.toml";

/// How long a writer waits for another process's lock before giving up.
pub const LOCK_WAIT: Duration = Duration::from_secs(3);

#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: schema_version {found} is not supported (this build reads {expected}); upgrade apiassure or restore the file from version control")]
    Schema {
        path: PathBuf,
        found: u32,
        expected: u32,
    },
    #[error("{path}: the workspace is locked by another apiassure process ({holder}); wait for it to finish and try again")]
    Locked { path: PathBuf, holder: String },
    #[error("{0} is not an apiassure workspace (no apiassure.toml): run `apiassure init {0}` or pass --workspace DIR")]
    NotAWorkspace(PathBuf),
    #[error("{path} already exists: apiassure will not overwrite it")]
    AlreadyExists { path: PathBuf },
    #[error("{0}")]
    Catalog(#[from] CatalogErrors),
    #[error("{0}")]
    Invalid(String),
    #[error("{path}: {source}")]
    Config {
        path: PathBuf,
        source: config::ConfigError,
    },
    #[error("{path}: {source}; the change is already in the journal, and the next change apiassure makes completes it (free space and run any command that changes the workspace)")]
    Pending { path: PathBuf, source: io::Error },
    #[error("{path}: the journal is gone (this clone recorded {entries} entries in it); apiassure will not start a new one over the data it covered: restore it from version control (git checkout -- journal)")]
    JournalRemoved { path: PathBuf, entries: usize },
}

/// How [`Workspace::current_ledger`] obtained the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerState {
    /// The stored file, whose hash the journal recorded.
    Vouched,
    /// The stored, vouched file with runs recorded since folded in.
    Extended,
    /// Rebuilt from the recorded run files.
    Rebuilt,
}

/// An opened workspace folder.
#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
}

impl Workspace {
    /// Open an existing workspace; it must contain `apiassure.toml`.
    pub fn open(root: impl Into<PathBuf>) -> Result<Workspace, WorkspaceError> {
        let root = root.into();
        if !root.join(config::CONFIG_FILE).is_file() {
            return Err(WorkspaceError::NotAWorkspace(root));
        }
        Ok(Workspace { root })
    }

    /// Create a workspace: writes a commented `apiassure.toml`, an empty
    /// answers file and a `.gitignore`. Refuses to overwrite a config.
    pub fn init(
        root: impl Into<PathBuf>,
        org: &str,
        system: &str,
    ) -> Result<Workspace, WorkspaceError> {
        let root = root.into();
        fs::create_dir_all(&root).map_err(|source| WorkspaceError::Io {
            path: root.clone(),
            source,
        })?;
        let ws = Workspace { root };
        let _lock = ws.lock()?;
        let cfg_path = ws.path(config::CONFIG_FILE);
        let template = config::template(org, system);
        if fs::symlink_metadata(&cfg_path).is_ok() {
            // An init that stopped half-way (a full disk) left exactly the
            // template and no journal: it may be repeated to finish.
            let unfinished = fs::read(&cfg_path).is_ok_and(|b| b == template.as_bytes())
                && index::entry_names(&ws.path(journal::JOURNAL_DIR)).is_ok_and(|n| n.is_empty());
            if !unfinished {
                return Err(WorkspaceError::AlreadyExists { path: cfg_path });
            }
        }
        let answers_path = ws.path(ANSWERS_FILE);
        if !answers_path.exists() {
            ws.write(
                &answers_path,
                render_answers(&AnswerSet::default()).as_bytes(),
            )?;
        }
        let gitignore = ws.path(".gitignore");
        if !gitignore.exists() {
            ws.write(
                &gitignore,
                b"# apiassure: lock, temporary files, reports, and the ledger (derived from\n\
                  # the run files and rebuilt when missing)\n\
                  .apiassure.lock\n.*.tmp\n*.part\nreports/\nevidence/ledger.json\n",
            )?;
        }
        let attributes = ws.path(".gitattributes");
        if !attributes.exists() {
            ws.write(
                &attributes,
                b"# apiassure: files that two branches both append to merge by keeping both\n\
                  # sides' lines (the journal is one file per entry and needs no rule).\n\
                  answers.toml merge=union\n\
                  history/scores.jsonl merge=union\n\
                  evidence/MANIFEST.sha256 merge=union\n",
            )?;
        }
        // The configuration last: its presence marks a workspace.
        ws.write(&cfg_path, template.as_bytes())?;
        ws.record(
            Vec::new(),
            &current_user_or_unknown(&ws),
            &AnswerSet::default(),
        )?;
        Ok(ws)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn lock(&self) -> Result<WorkspaceLock, WorkspaceError> {
        WorkspaceLock::acquire(&self.root, LOCK_WAIT)
    }

    fn write(&self, path: &Path, bytes: &[u8]) -> Result<(), WorkspaceError> {
        atomic::write_atomic(path, bytes).map_err(|source| WorkspaceError::Io {
            path: path.to_path_buf(),
            source,
        })
    }

    /// The embedded catalog with this workspace's overlays.
    pub fn catalog(&self) -> Result<Catalog, WorkspaceError> {
        Ok(catalog::load_with_overlay(&self.root)?)
    }

    pub fn config(&self) -> Result<Config, WorkspaceError> {
        let path = self.path(config::CONFIG_FILE);
        let text = read_text(&path, files::cap::CONFIG)?;
        let cfg: Config = parse_toml(&path, &text)?;
        if cfg.schema_version != config::CONFIG_SCHEMA_VERSION {
            return Err(WorkspaceError::Schema {
                path,
                found: cfg.schema_version,
                expected: config::CONFIG_SCHEMA_VERSION,
            });
        }
        cfg.validate()
            .map_err(|source| WorkspaceError::Config { path, source })?;
        Ok(cfg)
    }

    /// Read the answers; a missing file is an empty set.
    /// The Statement of Applicability decisions in `soa.toml`, if the
    /// workspace has one.
    pub fn soa(&self) -> Result<Option<crate::model::soa::Soa>, WorkspaceError> {
        use crate::model::soa::{Soa, SOA_FILE, SOA_SCHEMA_VERSION};
        let path = self.path(SOA_FILE);
        if fs::symlink_metadata(&path).is_err() {
            return Ok(None);
        }
        let text = read_text(&path, files::cap::CONFIG)?;
        let soa: Soa = parse_toml(&path, &text)?;
        if soa.schema_version != SOA_SCHEMA_VERSION {
            return Err(WorkspaceError::Schema {
                path,
                found: soa.schema_version,
                expected: SOA_SCHEMA_VERSION,
            });
        }
        Ok(Some(soa))
    }

    pub fn answers(&self) -> Result<AnswerSet, WorkspaceError> {
        let path = self.path(ANSWERS_FILE);
        // Only a path with nothing at all is "no answers yet": a dangling
        // symlink is an error, not an empty file to write over.
        if fs::symlink_metadata(&path).is_err() {
            return Ok(AnswerSet::default());
        }
        let text = read_text(&path, files::cap::ANSWERS)?;
        let set: AnswerSet = match parse_toml(&path, &text) {
            Ok(set) => set,
            // A git merge that kept both sides of a question (`merge=union`)
            // leaves a file that does not parse; the journal, whose entries
            // merged as separate files, says what each branch answered.
            Err(e) => match self.merged_answers()? {
                Some(merged) => return Ok(merged),
                None => return Err(e),
            },
        };
        if set.schema_version != ANSWERS_SCHEMA_VERSION {
            return Err(WorkspaceError::Schema {
                path,
                found: set.schema_version,
                expected: ANSWERS_SCHEMA_VERSION,
            });
        }
        Ok(set)
    }

    /// The answers after a git merge, from the journal, when it has several
    /// heads (see [`crate::model::journal::merged_answers`]).
    pub fn merged_answers(&self) -> Result<Option<AnswerSet>, WorkspaceError> {
        let idx = self.journal_index()?;
        if idx.heads.len() < 2 {
            return Ok(None);
        }
        Ok(crate::model::journal::merged_answers(
            &self.journal().entries()?,
        ))
    }

    /// Whether `answers.toml` parses as it is (a merged one may not).
    pub fn answers_parse_cleanly(&self) -> bool {
        let path = self.path(ANSWERS_FILE);
        if fs::symlink_metadata(&path).is_err() {
            return true;
        }
        read_text(&path, files::cap::ANSWERS)
            .and_then(|t| parse_toml::<AnswerSet>(&path, &t))
            .is_ok()
    }

    /// Who owns each control (`owners.toml`); a missing file is none.
    pub fn assignments(&self) -> Result<crate::model::owners::Assignments, WorkspaceError> {
        use crate::model::owners::{Assignments, OWNERS_FILE, OWNERS_SCHEMA_VERSION};
        let path = self.path(OWNERS_FILE);
        if fs::symlink_metadata(&path).is_err() {
            return Ok(Assignments::default());
        }
        let text = read_text(&path, files::cap::CONFIG)?;
        let set: Assignments = parse_toml(&path, &text)?;
        if set.schema_version != OWNERS_SCHEMA_VERSION {
            return Err(WorkspaceError::Schema {
                path,
                found: set.schema_version,
                expected: OWNERS_SCHEMA_VERSION,
            });
        }
        Ok(set)
    }

    /// Assign (or unassign, `None`) a control: lock, journal, write.
    pub fn assign(
        &self,
        control: &str,
        new: Option<crate::model::owners::Assignment>,
        by: &str,
    ) -> Result<(), WorkspaceError> {
        use crate::model::owners::OWNERS_FILE;
        let _lock = self.lock()?;
        self.recover()?;
        let mut set = self.assignments()?;
        let old = set.controls.get(control).cloned();
        if old == new {
            return Ok(());
        }
        if let Some(a) = &new {
            check_person(&a.owner)?;
        }
        crate::model::journal::put(&mut set.controls, control, new.clone());
        let body = toml::to_string_pretty(&set).expect("assignments serialize");
        let text = format!(
            "# apiassure owners: who owns each control and by when (set with `apiassure assign`).\n\n{body}"
        );
        self.record_then_write(
            Change::Assign {
                control: control.to_string(),
                old,
                new,
            },
            by,
            OWNERS_FILE,
            &text,
        )
    }

    /// Journal `change`, then write `file` (the caller holds the lock): a
    /// process killed in between leaves a change the journal names and
    /// `verify` reports, never a file change nobody recorded.
    fn record_then_write(
        &self,
        change: Change,
        by: &str,
        file: &str,
        text: &str,
    ) -> Result<(), WorkspaceError> {
        let answers = self.answers()?;
        self.record(vec![change], by, &answers)?;
        let path = self.path(file);
        atomic::write_atomic(&path, text.as_bytes())
            .map_err(|source| WorkspaceError::Pending { path, source })
    }

    /// Journal one change that writes no workspace file (a pack made, a
    /// report approved): lock, record.
    pub fn record_one(&self, change: Change, by: &str) -> Result<(), WorkspaceError> {
        self.record_one_if(change, by, |_| Ok(()))
    }

    /// [`Workspace::record_one`] when `still` accepts the journal as it is
    /// under the lock (a pack's version number not taken meanwhile).
    pub fn record_one_if(
        &self,
        change: Change,
        by: &str,
        still: impl FnOnce(&[crate::model::journal::Entry]) -> Result<(), WorkspaceError>,
    ) -> Result<(), WorkspaceError> {
        let _lock = self.lock()?;
        self.recover()?;
        still(&self.journal().entries()?)?;
        let answers = self.answers()?;
        self.record(vec![change], by, &answers)?;
        Ok(())
    }

    /// Record (or withdraw, `None`) a Statement of Applicability decision:
    /// lock, check it, journal it, write `soa.toml`. Returns false when the
    /// decision was already the recorded one.
    pub fn decide_soa(
        &self,
        control: &str,
        new: Option<crate::model::soa::SoaEntry>,
        by: &str,
    ) -> Result<bool, WorkspaceError> {
        use crate::model::soa::{Soa, SOA_FILE, SOA_SCHEMA_VERSION};
        let _lock = self.lock()?;
        self.recover()?;
        let mut soa = self.soa()?.unwrap_or(Soa {
            schema_version: SOA_SCHEMA_VERSION,
            ..Soa::default()
        });
        let old = soa.controls.get(control).cloned();
        let unchanged = match (&old, &new) {
            (Some(o), Some(n)) => o.same_decision(n),
            (None, None) => true,
            _ => false,
        };
        if unchanged {
            return Ok(false);
        }
        if let Some(d) = &new {
            d.check(control)
                .map_err(|e| WorkspaceError::Invalid(e.to_string()))?;
            if !d.owner.is_empty() {
                check_person(&d.owner)?;
            }
        }
        crate::model::journal::put(&mut soa.controls, control, new.clone());
        self.record_then_write(
            Change::Soa {
                control: control.to_string(),
                old,
                new,
            },
            by,
            SOA_FILE,
            &render_soa(&soa),
        )?;
        Ok(true)
    }

    /// Record one answer: lock, re-read, change, write atomically.
    pub fn set_answer(
        &self,
        question_id: &str,
        answer: Answer,
    ) -> Result<AnswerSet, WorkspaceError> {
        self.update_answers(|set| {
            set.answers.insert(question_id.to_string(), answer);
        })
    }

    /// Apply `change` to the answers under the lock and save them. Each
    /// question that changed gets a journal entry first (old and new
    /// value), then `answers.toml` is written.
    pub fn update_answers(
        &self,
        change: impl FnOnce(&mut AnswerSet),
    ) -> Result<AnswerSet, WorkspaceError> {
        self.update_answers_by(None, change)
    }

    /// [`Workspace::update_answers`], the journal naming `by` as who made
    /// the change (a resolution keeps the answer's own author).
    pub fn update_answers_by(
        &self,
        by: Option<&str>,
        change: impl FnOnce(&mut AnswerSet),
    ) -> Result<AnswerSet, WorkspaceError> {
        self.update_answers_recorded(by, Vec::new(), change)
    }

    /// [`Workspace::update_answers_by`], journaling `first` (an import's
    /// record of its file) before the answer entries, when anything changed.
    pub fn update_answers_recorded(
        &self,
        by: Option<&str>,
        first: Vec<Change>,
        change: impl FnOnce(&mut AnswerSet),
    ) -> Result<AnswerSet, WorkspaceError> {
        let _lock = self.lock()?;
        self.recover()?;
        let before = self.answers()?;
        let mut set = before.clone();
        change(&mut set);
        // A new answer settles a question's merge conflict.
        set.conflicts
            .retain(|q, _| set.answers.get(q) == before.answers.get(q));
        // A change of substance voids a four-eyes approval.
        for (q, a) in set.answers.iter_mut() {
            let same = before
                .answers
                .get(q)
                .is_some_and(|b| b.same_substance(a) && b.acceptance == a.acceptance);
            if !same
                && a.approval.is_some()
                && before.answers.get(q).map(|b| &b.approval) == Some(&a.approval)
            {
                a.approval = None;
            }
        }
        let changes = crate::model::journal::answer_changes(&before, &set);
        if changes.is_empty() {
            return Ok(set);
        }
        let by = by.map(str::to_string).unwrap_or_else(|| {
            changes
                .iter()
                .find_map(|c| match c {
                    Change::Answer { new: Some(a), .. } => Some(a.by.clone()),
                    _ => None,
                })
                .unwrap_or_default()
        });
        let mut all = first;
        all.extend(changes);
        self.record(all, &by, &before)?;
        let path = self.path(ANSWERS_FILE);
        atomic::write_atomic(&path, render_answers(&set).as_bytes())
            .map_err(|source| WorkspaceError::Pending { path, source })?;
        Ok(set)
    }

    /// The current-evidence ledger, believed only when the journal vouches
    /// for it (its SHA-256 is one a journal entry recorded, and it folds the
    /// recorded runs in their order); otherwise it is rebuilt from the run
    /// files the journal records. A hand-edited ledger is never scored.
    pub fn ledger(&self) -> Result<crate::model::evidence::ledger::Ledger, WorkspaceError> {
        let idx = self.journal_index_cached()?;
        let (ledger, state) = self.current_ledger(&idx)?;
        if state != LedgerState::Vouched {
            // Save what a later command can believe: a ledger whose hash the
            // journal recorded (a fresh clone rebuilds exactly that).
            let sha = evidence::ledger_sha256(&ledger);
            if self.ledger_vouched(&idx, &sha) {
                if let Ok(_lock) = WorkspaceLock::acquire(&self.root, Duration::ZERO) {
                    let _ = self.evidence().store_ledger(&ledger);
                }
            }
        }
        Ok(ledger)
    }

    /// The ledger the recorded runs give, and how it was obtained.
    pub fn current_ledger(
        &self,
        idx: &index::JournalIndex,
    ) -> Result<(crate::model::evidence::ledger::Ledger, LedgerState), WorkspaceError> {
        use crate::model::evidence::ledger::Ledger;
        let store = self.evidence();
        // The runs that count, in journal order, with their recorded hashes.
        // Without a journal (a workspace from before it) every run file counts.
        let order: Vec<(String, Option<String>)> = if idx.count == 0 {
            store.run_ids()?.into_iter().map(|id| (id, None)).collect()
        } else {
            idx.runs
                .iter()
                .map(|r| (r.run_id.clone(), Some(r.sha256.clone())))
                .collect()
        };
        fn runs(rest: &[(String, Option<String>)]) -> Vec<(&str, Option<&str>)> {
            rest.iter()
                .map(|(id, sha)| (id.as_str(), sha.as_deref()))
                .collect()
        }
        if let Some((sha, stored)) = store.stored_ledger()? {
            let prefix = stored.runs.len() <= order.len()
                && stored.runs.iter().zip(&order).all(|(a, (b, _))| a == b);
            if prefix && self.ledger_vouched(idx, &sha) {
                let rest = &order[stored.runs.len()..];
                if rest.is_empty() {
                    return Ok((stored, LedgerState::Vouched));
                }
                let (l, _) = store.fold_runs_checked(stored, runs(rest).into_iter())?;
                return Ok((l, LedgerState::Extended));
            }
        }
        let (l, _) = store.fold_runs_checked(Ledger::default(), runs(&order).into_iter())?;
        Ok((l, LedgerState::Rebuilt))
    }

    /// Whether the journal recorded `sha` as a ledger hash (the entry the
    /// index names is read and re-hashed: the index is not believed alone).
    fn ledger_vouched(&self, idx: &index::JournalIndex, sha: &str) -> bool {
        let Some(file) = idx.ledgers.get(sha) else {
            return false;
        };
        let Some(e) = index::read_entry(&self.path(journal::JOURNAL_DIR), file) else {
            return false;
        };
        e.computed_id() == e.id
            && match &e.change {
                Change::Probe { ledger_sha256, .. } => ledger_sha256.as_deref() == Some(sha),
                Change::Ledger { sha256, .. } => sha256 == sha,
                _ => false,
            }
    }

    pub fn journal(&self) -> journal::Journal {
        journal::Journal::new(self.path(journal::JOURNAL_DIR))
    }

    /// The journal index, checked against the journal folder, or rebuilt
    /// from the whole journal when it no longer matches.
    pub fn journal_index(&self) -> Result<index::JournalIndex, WorkspaceError> {
        let dir = self.path(journal::JOURNAL_DIR);
        if let Some(idx) = index::load(&self.root, &dir) {
            return Ok(idx);
        }
        let mtime = index::dir_mtime_ns(&dir);
        let (loaded, _bad) = self.journal().load_all()?;
        Ok(index::JournalIndex::build(&loaded, mtime))
    }

    /// [`Workspace::journal_index`], saving a rebuilt index when the lock is
    /// free at once (readers never wait for it).
    fn journal_index_cached(&self) -> Result<index::JournalIndex, WorkspaceError> {
        let dir = self.path(journal::JOURNAL_DIR);
        if let Some(idx) = index::load(&self.root, &dir) {
            return Ok(idx);
        }
        let idx = self.journal_index()?;
        if let Ok(_lock) = WorkspaceLock::acquire(&self.root, Duration::ZERO) {
            index::store(&self.root, &idx);
        }
        Ok(idx)
    }

    /// Append journal entries for `changes` (the caller holds the lock).
    /// The first entry ever also records what the workspace already held
    /// (answers `answers_now`, runs, snapshots, marked imported), any change
    /// to `apiassure.toml` since the last entry is recorded first, and so is
    /// a ledger that had to be rebuilt (after a merge). A journal that this
    /// clone saw and that is now gone is not started again: that would
    /// launder every edit made meanwhile.
    pub fn record(
        &self,
        changes: Vec<Change>,
        by: &str,
        answers_now: &AnswerSet,
    ) -> Result<Vec<crate::model::journal::Entry>, WorkspaceError> {
        check_person(by)?;
        for c in &changes {
            if let Change::Answer { new: Some(a), .. } = c {
                check_person(&a.by)?;
            }
        }
        let journal = self.journal();
        // The caller holds the lock, so a temporary file now is one a killed
        // process left behind. The journal folder is listed for them only
        // when it changed since the index was written (a killed writer
        // changed it): listing 100,000 names on every change is what the
        // index exists to avoid.
        let stored_index = index::load_raw(&self.root);
        if stored_index.as_ref().and_then(|i| i.dir_mtime_ns) != index::dir_mtime_ns(journal.dir())
        {
            journal.clean_stray();
        }
        for dir in [
            self.root.clone(),
            self.path("history"),
            self.path("evidence"),
            self.path("reports"),
        ] {
            clean_tmp(&dir);
        }
        let mut idx = self.journal_index()?;
        if idx.count == 0 {
            if let Some(seen) = stored_index.filter(|i| i.count > 0) {
                return Err(WorkspaceError::JournalRemoved {
                    path: self.path(journal::JOURNAL_DIR),
                    entries: seen.count,
                });
            }
        }
        self.recover_with(&idx)?;
        let mut pending: Vec<(Change, bool)> = Vec::new();
        // A merged answers.toml that does not parse is rewritten from the
        // journal, each conflict journaled first (the next entry ties the
        // merged heads together).
        let normalised = if idx.heads.len() > 1 && !self.answers_parse_cleanly() {
            self.merged_answers()?
        } else {
            None
        };
        if let Some(merged) = &normalised {
            for (q, sides) in &merged.conflicts {
                pending.push((
                    Change::Conflict {
                        question: q.clone(),
                        sides: sides.clone(),
                    },
                    false,
                ));
            }
        }
        if idx.count == 0 {
            pending.extend(self.import_changes(answers_now)?);
        }
        let config_sha = self.config_sha256()?;
        if idx.config_sha256.as_deref() != Some(config_sha.as_str()) {
            pending.push((Change::Config { sha256: config_sha }, false));
        }
        if idx.count > 0 {
            if let Some(c) = self.ledger_to_record(&mut idx)? {
                pending.push((c, false));
            }
        }
        pending.extend(changes.into_iter().map(|c| (c, false)));
        let signer = signing::Signer::from_env()?;
        let written = journal.append(
            idx.head_ids(),
            pending,
            by,
            chrono::Utc::now(),
            signer.as_ref(),
        )?;
        idx.appended(&written, index::dir_mtime_ns(journal.dir()));
        index::store(&self.root, &idx);
        if let Some(merged) = normalised {
            self.write(&self.path(ANSWERS_FILE), render_answers(&merged).as_bytes())?;
        }
        Ok(written)
    }

    /// What a workspace from before the journal already holds, as imported
    /// changes for its first entries.
    fn import_changes(
        &self,
        answers_now: &AnswerSet,
    ) -> Result<Vec<(Change, bool)>, WorkspaceError> {
        let mut pending = Vec::new();
        for (q, a) in &answers_now.answers {
            pending.push((
                Change::Answer {
                    question: q.clone(),
                    old: None,
                    new: Some(a.clone()),
                },
                true,
            ));
        }
        let store = self.evidence();
        for id in store.run_ids()? {
            let file = store.run_file(&id);
            let path = store.dir().join(&file);
            let bytes = files::read(&path, files::cap::EVIDENCE_RUN).map_err(|source| {
                WorkspaceError::Io {
                    path: path.clone(),
                    source,
                }
            })?;
            pending.push((
                Change::Probe {
                    run_id: id,
                    file,
                    sha256: evidence::sha256_hex(&bytes),
                    ledger_sha256: None,
                    sources: Vec::new(),
                },
                true,
            ));
        }
        for (trigger, sha) in self.history().line_hashes()? {
            pending.push((
                Change::Snapshot {
                    trigger,
                    line_sha256: sha,
                    line: String::new(),
                },
                true,
            ));
        }
        Ok(pending)
    }

    /// When the stored ledger is not one the journal vouches for (after a
    /// merge, or a hand edit), rebuild it, save it, and say what to record.
    fn ledger_to_record(
        &self,
        idx: &mut index::JournalIndex,
    ) -> Result<Option<Change>, WorkspaceError> {
        if idx.runs.is_empty() {
            return Ok(None);
        }
        let ledger_path = self.evidence().dir().join(evidence::LEDGER_FILE);
        // Unchanged since a change last found it vouched for: nothing to do
        // (and no 40 MB to hash on every answer of a large estate).
        let stamp = index::file_stamp(&ledger_path);
        if stamp.is_some() && stamp == idx.ledger_stamp {
            return Ok(None);
        }
        // The usual case, checked without reading the targets: the stored
        // ledger is one the journal recorded and folds every recorded run.
        if let Some((sha, runs)) = self.evidence().stored_ledger_head()? {
            if runs.len() == idx.runs.len()
                && runs.iter().zip(&idx.runs).all(|(a, r)| *a == r.run_id)
                && self.ledger_vouched(idx, &sha)
            {
                idx.ledger_stamp = stamp;
                return Ok(None);
            }
        }
        let (ledger, state) = self.current_ledger(idx)?;
        if state == LedgerState::Vouched {
            return Ok(None);
        }
        let sha = evidence::ledger_sha256(&ledger);
        self.evidence().store_ledger(&ledger)?;
        idx.ledger_stamp = index::file_stamp(&ledger_path);
        if self.ledger_vouched(idx, &sha) {
            return Ok(None);
        }
        Ok(Some(Change::Ledger {
            sha256: sha,
            runs: ledger.runs.len(),
        }))
    }

    /// Complete writes a killed process left half done. The journal is
    /// written first (a write-ahead log), so it rolls them forward: an answer
    /// the journal records but `answers.toml` lacks, a snapshot line, a run
    /// still in its `.part` file, a run missing from the manifest (a full
    /// disk). `.part` files of runs the journal never recorded are removed.
    /// Anything else that disagrees is left for `verify` to name. The caller
    /// holds the lock.
    pub fn recover(&self) -> Result<(), WorkspaceError> {
        self.recover_with(&self.journal_index()?)
    }

    fn recover_with(&self, idx: &index::JournalIndex) -> Result<(), WorkspaceError> {
        let store = self.evidence();
        // Killed or failed probes: what the journal records is completed,
        // the rest (no live writer holds it) removed.
        for part in evidence::part_files(store.dir()) {
            let file = &part[1..part.len() - ".part".len()];
            if let Some(r) = idx.run(file) {
                store.complete_part(file, &r.sha256)?;
            }
        }
        evidence::remove_abandoned_parts(store.dir(), |f| idx.run(f).is_some());
        if idx.count == 0 {
            return Ok(());
        }
        let jdir = self.path(journal::JOURNAL_DIR);
        let tail: Vec<crate::model::journal::Entry> = idx
            .last_op
            .iter()
            .filter_map(|f| index::read_entry(&jdir, f))
            .filter(|e| e.computed_id() == e.id)
            .collect();
        let order: Vec<&crate::model::journal::Entry> = tail.iter().collect();
        let mut file = self.answers()?;
        let fixes = verify::interrupted_answer_writes(&order, &file);
        if !fixes.is_empty() {
            for (q, value) in fixes {
                match value {
                    Some(a) => {
                        file.answers.insert(q, a);
                    }
                    None => {
                        file.answers.remove(&q);
                    }
                }
            }
            self.write(&self.path(ANSWERS_FILE), render_answers(&file).as_bytes())?;
        }
        if let Some(Change::Snapshot {
            line_sha256, line, ..
        }) = order.last().map(|e| &e.change)
        {
            let have = self.history().line_hashes()?;
            if !line.is_empty()
                && evidence::sha256_hex(line.as_bytes()) == *line_sha256
                && !have.iter().any(|(_, h)| h == line_sha256)
            {
                self.history().append_line(line)?;
            }
        }
        self.repair_manifest(idx)
    }

    /// Put back in `MANIFEST.sha256` every recorded run whose file is in
    /// place with its recorded hash but which the manifest lacks (its write
    /// was cut short): `sha256sum -c` would otherwise skip it silently.
    fn repair_manifest(&self, idx: &index::JournalIndex) -> Result<(), WorkspaceError> {
        let store = self.evidence();
        let mut manifest = store.manifest()?;
        let mut changed = false;
        for r in &idx.runs {
            if manifest.contains_key(&r.file) {
                continue;
            }
            let path = store.dir().join(&r.file);
            if let Ok(bytes) = files::read(&path, files::cap::EVIDENCE_RUN) {
                if evidence::sha256_hex(&bytes) == r.sha256 {
                    manifest.insert(r.file.clone(), r.sha256.clone());
                    changed = true;
                }
            }
        }
        if changed {
            store.write_manifest(&manifest)?;
        }
        Ok(())
    }

    /// SHA-256 of `apiassure.toml` as it is now.
    pub fn config_sha256(&self) -> Result<String, WorkspaceError> {
        let path = self.path(config::CONFIG_FILE);
        let bytes = files::read(&path, files::cap::CONFIG)
            .map_err(|source| WorkspaceError::Io { path, source })?;
        Ok(evidence::sha256_hex(&bytes))
    }

    pub fn evidence(&self) -> evidence::EvidenceStore {
        evidence::EvidenceStore::new(self.path(evidence::EVIDENCE_DIR))
    }

    pub fn history(&self) -> history::History {
        history::History::new(self.path(history::HISTORY_FILE))
    }
}

/// Render answers as TOML with a header; ordering comes from the BTreeMap.
/// `soa.toml` as apiassure writes it.
pub fn render_soa(soa: &crate::model::soa::Soa) -> String {
    let body = toml::to_string_pretty(soa).expect("SoA serializes");
    format!(
        "# apiassure Statement of Applicability: management's decisions, recorded with\n\
         # `apiassure soa CONTROL applicable|excluded --justification TEXT` (journaled).\n\n{body}"
    )
}

pub fn render_answers(set: &AnswerSet) -> String {
    let body = toml::to_string_pretty(set).expect("answers always serialize");
    // `at` as a native TOML datetime (what the README shows), not a string.
    let body: String = body
        .lines()
        .map(|line| {
            match line
                .strip_prefix("at = \"")
                .and_then(|r| r.strip_suffix('"'))
            {
                Some(ts) if ts.parse::<toml::value::Datetime>().is_ok() => format!("at = {ts}\n"),
                _ => format!("{line}\n"),
            }
        })
        .collect();
    format!(
        "# apiassure answers: one table per question id, kept in id order for clean diffs.\n\
         # answer = yes | partial | no | na; note, evidence links, who and when.\n\
         # Edit with `apiassure answer` or the TUI; hand edits are fine too.\n\n{body}"
    )
}

/// A bounded read of a regular file (see [`files::read`]); errors name the path.
pub(crate) fn read_text(path: &Path, cap: u64) -> Result<String, WorkspaceError> {
    files::read_text(path, cap).map_err(|source| WorkspaceError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Parse TOML, turning errors into `path:line:column: message`.
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
) -> Result<T, WorkspaceError> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|s| offset_to_line_col(text, s.start))
            .unwrap_or((1, 1));
        WorkspaceError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: format!(
                "{}; fix the file (it is left untouched)",
                e.message().trim()
            ),
        }
    })
}

/// Who is answering, from the first of: `explicit` (`--by`),
/// `APIASSURE_USER`, git's `user.name` (with `user.email`) for the
/// workspace folder, the login name. None when nothing names anyone.
pub fn identity(explicit: Option<&str>, root: &Path) -> Option<String> {
    let clean = |v: &str| {
        let v = v.trim();
        (!v.is_empty()).then(|| v.to_string())
    };
    if let Some(v) = explicit.and_then(clean) {
        return Some(v);
    }
    if let Some(v) = std::env::var("APIASSURE_USER")
        .ok()
        .as_deref()
        .and_then(clean)
    {
        return Some(v);
    }
    let git = |key: &str| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["config", "--get", key])
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| clean(&String::from_utf8_lossy(&o.stdout)))
    };
    if let Some(name) = git("user.name") {
        return Some(match git("user.email") {
            Some(email) => format!("{name} <{email}>"),
            None => name,
        });
    }
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|var| std::env::var(var).ok().as_deref().and_then(clean))
}

/// Remove `.NAME.*.tmp` files (never `.part` runs: verify reports those).
fn clean_tmp(dir: &Path) {
    if let Ok(rd) = fs::read_dir(dir) {
        for e in rd.filter_map(|e| e.ok()) {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') && name.ends_with(".tmp") && e.path().is_file() {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

fn current_user_or_unknown(ws: &Workspace) -> String {
    identity(None, ws.root()).unwrap_or_else(|| "unknown".to_string())
}

/// A person's name as the journal and the reports carry it: refused when it
/// holds control or bidirectional characters, or starts like a spreadsheet
/// formula (`=cmd|' /C calc'!A0` would run when a CSV export is opened).
pub fn check_person(name: &str) -> Result<(), WorkspaceError> {
    let bad = |why: &str| {
        Err(WorkspaceError::Invalid(format!(
            "the name '{}' is not accepted: {why}; give a plain name with --by NAME or APIASSURE_USER (e.g. \"Dana Lee <dana@acme.example>\")",
            crate::sanitize::line(name)
        )))
    };
    if !crate::sanitize::is_clean_line(name) {
        return bad("it holds control or bidirectional characters");
    }
    let trimmed = name.trim_start();
    if trimmed.starts_with(['=', '+', '-', '@']) {
        return bad("it starts like a spreadsheet formula (=, +, -, @)");
    }
    if name.chars().count() > 200 {
        return bad("it is longer than 200 characters");
    }
    Ok(())
}

/// What to say when [`identity`] finds no one.
pub const NO_IDENTITY: &str = "who is answering is not known, so nothing was saved: pass --by NAME, set APIASSURE_USER, or set git's user.name (git config --global user.name \"Dana Lee\")";

impl fmt::Display for Workspace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.root.display())
    }
}
