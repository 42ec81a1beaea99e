//! A small local index of the journal: what a change needs (the heads, the
//! last operation, the recorded `apiassure.toml` hash, the recorded runs in
//! journal order and the recorded ledger hashes), so a change costs the same
//! at 100 entries and at 100,000 instead of re-reading every entry.
//!
//! It lives in `.apiassure/` (which ignores itself in git) and is derived, so
//! it is never believed on its word: every use checks it against the journal
//! folder (the folder unchanged since the index was written, or the same
//! number of entry files) and re-hashes the head entries it names; when that
//! fails it is rebuilt from the whole journal. A ledger hash it names is
//! confirmed by reading the journal entry that recorded it.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic;
use crate::files;
use crate::model::journal::{self, Change, Entry};

/// The local state folder (not committed).
pub const STATE_DIR: &str = ".apiassure";
const INDEX_FILE: &str = "journal-index.json";
const INDEX_SCHEMA_VERSION: u32 = 1;
/// Far above any real index (a run is ~200 bytes in it).
const INDEX_CAP: u64 = 64 << 20;

/// One entry the index points at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indexed {
    pub id: String,
    pub file: String,
}

/// A probe run the journal recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedRun {
    pub run_id: String,
    pub file: String,
    pub sha256: String,
    /// The journal entry that recorded it.
    pub entry: String,
}

/// The index. Built by [`JournalIndex::build`], kept current by
/// [`JournalIndex::appended`], checked by [`load`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct JournalIndex {
    pub schema_version: u32,
    /// Entry files in the journal folder.
    pub count: usize,
    /// The journal folder's modification time (ns) when the index was
    /// written: unchanged means no entry was added, removed or renamed.
    #[serde(default)]
    pub dir_mtime_ns: Option<u128>,
    pub heads: Vec<Indexed>,
    /// The entries the newest operation wrote, oldest first (what recovery
    /// of a killed process looks at).
    pub last_op: Vec<String>,
    /// The newest recorded hash of `apiassure.toml`.
    pub config_sha256: Option<String>,
    /// Recorded runs, in journal order.
    pub runs: Vec<RecordedRun>,
    /// Recorded ledger hashes and the entry file that recorded each.
    pub ledgers: BTreeMap<String, String>,
    /// Whether any entry was ever imported or written: a journal that had
    /// entries and now has none was removed, not never started.
    #[serde(default)]
    pub ever_recorded: bool,
    /// The size and modification time (ns) of `evidence/ledger.json` when a
    /// change last found it vouched for: unchanged, a change need not hash
    /// it again (readers always hash what they parse).
    #[serde(default)]
    pub ledger_stamp: Option<(u64, u128)>,
}

/// The size and modification time (ns) of a file, if it has them.
pub fn file_stamp(path: &Path) -> Option<(u64, u128)> {
    let meta = fs::symlink_metadata(path).ok()?;
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some((meta.len(), mtime))
}

impl JournalIndex {
    /// The index of a whole journal (entries with their file names). Entries
    /// whose content does not hash to their id are left out: they are
    /// forged or damaged, and `verify` names them.
    pub fn build(loaded: &[(String, Entry)], dir_mtime_ns: Option<u128>) -> JournalIndex {
        let files: BTreeMap<&str, &str> = loaded
            .iter()
            .map(|(f, e)| (e.id.as_str(), f.as_str()))
            .collect();
        let valid: Vec<Entry> = loaded
            .iter()
            .filter(|(_, e)| e.computed_id() == e.id)
            .map(|(_, e)| e.clone())
            .collect();
        let order = journal::ordered(&valid);
        let file_of = |id: &str| files.get(id).map(|f| f.to_string()).unwrap_or_default();
        let mut idx = JournalIndex {
            schema_version: INDEX_SCHEMA_VERSION,
            count: loaded.len(),
            dir_mtime_ns,
            heads: journal::heads(&valid)
                .into_iter()
                .map(|id| Indexed {
                    file: file_of(&id),
                    id,
                })
                .collect(),
            ever_recorded: !loaded.is_empty(),
            ..JournalIndex::default()
        };
        let last_op = last_operation(&order);
        idx.last_op = order
            .iter()
            .filter(|e| last_op.contains(e.id.as_str()))
            .map(|e| file_of(&e.id))
            .collect();
        for e in &order {
            idx.note(e, &file_of(&e.id));
        }
        idx
    }

    /// Fold one entry's change into what the index keeps.
    fn note(&mut self, e: &Entry, file: &str) {
        match &e.change {
            Change::Config { sha256 } => self.config_sha256 = Some(sha256.clone()),
            Change::Probe {
                run_id,
                file: run_file,
                sha256,
                ledger_sha256,
                ..
            } => {
                self.runs.retain(|r| r.file != *run_file);
                self.runs.push(RecordedRun {
                    run_id: run_id.clone(),
                    file: run_file.clone(),
                    sha256: sha256.clone(),
                    entry: file.to_string(),
                });
                if let Some(l) = ledger_sha256 {
                    self.ledgers.insert(l.clone(), file.to_string());
                }
            }
            Change::Ledger { sha256, .. } => {
                self.ledgers.insert(sha256.clone(), file.to_string());
            }
            _ => {}
        }
    }

    /// The index after `written` (one operation, in order) was appended.
    pub fn appended(&mut self, written: &[Entry], dir_mtime_ns: Option<u128>) {
        if written.is_empty() {
            return;
        }
        self.count += written.len();
        self.dir_mtime_ns = dir_mtime_ns;
        self.ever_recorded = true;
        let last = written.last().expect("not empty");
        self.heads = vec![Indexed {
            id: last.id.clone(),
            file: last.file_name(),
        }];
        self.last_op = written.iter().map(Entry::file_name).collect();
        for e in written {
            self.note(e, &e.file_name());
        }
    }

    pub fn head_ids(&self) -> Vec<String> {
        self.heads.iter().map(|h| h.id.clone()).collect()
    }

    /// The recorded run for an evidence file name.
    pub fn run(&self, file: &str) -> Option<&RecordedRun> {
        self.runs.iter().rev().find(|r| r.file == file)
    }
}

/// The entry ids of the last operation: the single-parent chain of answer
/// entries ending at the newest entry (one `answer` or import writes its
/// answers as such a chain).
pub(crate) fn last_operation<'a>(order: &[&'a Entry]) -> std::collections::HashSet<&'a str> {
    use std::collections::{HashMap, HashSet};
    let mut out: HashSet<&str> = HashSet::new();
    let Some(newest) = order.last() else {
        return out;
    };
    let by_id: HashMap<&str, &Entry> = order.iter().map(|e| (e.id.as_str(), *e)).collect();
    let mut at = Some(*newest);
    while let Some(e) = at {
        if !matches!(e.change, Change::Answer { .. }) && !out.is_empty() {
            break;
        }
        out.insert(e.id.as_str());
        at = match e.parents.as_slice() {
            [p] => by_id.get(p.as_str()).copied(),
            _ => None,
        };
    }
    out
}

/// The journal folder's modification time in nanoseconds, if it has one.
pub fn dir_mtime_ns(dir: &Path) -> Option<u128> {
    let meta = fs::symlink_metadata(dir).ok()?;
    meta.modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_nanos())
}

/// Entry file names in the journal folder (names only: nothing is read).
pub fn entry_names(dir: &Path) -> io::Result<Vec<String>> {
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut names: Vec<String> = rd
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") && !n.starts_with('.'))
        .collect();
    names.sort();
    Ok(names)
}

fn index_path(root: &Path) -> PathBuf {
    root.join(STATE_DIR).join(INDEX_FILE)
}

/// The stored index as it is, unchecked: only to tell that this clone once
/// saw a journal (a journal that had entries and now has none was removed).
pub fn load_raw(root: &Path) -> Option<JournalIndex> {
    let text = files::read_text(&index_path(root), INDEX_CAP).ok()?;
    serde_json::from_str(&text).ok()
}

/// The stored index if it still describes `journal_dir`; `None` when it is
/// missing, damaged, of another version or out of date.
pub fn load(root: &Path, journal_dir: &Path) -> Option<JournalIndex> {
    let path = index_path(root);
    let text = files::read_text(&path, INDEX_CAP).ok()?;
    let mut idx: JournalIndex = serde_json::from_str(&text).ok()?;
    if idx.schema_version != INDEX_SCHEMA_VERSION {
        return None;
    }
    let mtime = dir_mtime_ns(journal_dir);
    if mtime.is_none() || mtime != idx.dir_mtime_ns {
        let count = entry_names(journal_dir).ok()?.len();
        if count != idx.count {
            return None;
        }
        idx.dir_mtime_ns = mtime;
    }
    for head in &idx.heads {
        let entry = read_entry(journal_dir, &head.file)?;
        if entry.id != head.id || entry.computed_id() != entry.id {
            return None;
        }
    }
    Some(idx)
}

/// One journal entry by file name, if it reads and parses.
pub fn read_entry(journal_dir: &Path, file: &str) -> Option<Entry> {
    if file.contains(['/', '\\']) || file.starts_with('.') {
        return None;
    }
    let text = files::read_text(&journal_dir.join(file), 4 << 20).ok()?;
    serde_json::from_str(&text).ok()
}

/// Save the index (the caller holds the workspace lock). Best effort: the
/// index is a cache, and a workspace whose state folder cannot be written
/// (read-only, or `.apiassure` is a link) works without it.
pub fn store(root: &Path, idx: &JournalIndex) {
    let dir = root.join(STATE_DIR);
    if files::ensure_real_dir(&dir).is_err() {
        return;
    }
    let ignore = dir.join(".gitignore");
    if fs::symlink_metadata(&ignore).is_err() {
        let _ = atomic::write_atomic(
            &ignore,
            b"# apiassure's local state (an index of the journal): never committed\n*\n",
        );
    }
    if let Ok(bytes) = serde_json::to_vec(idx) {
        let _ = atomic::write_atomic(&index_path(root), &bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn entry(parents: Vec<String>, s: i64, change: Change) -> Entry {
        Entry::new(
            parents,
            DateTime::from_timestamp(1_800_000_000 + s, 0).unwrap(),
            "ci",
            false,
            change,
        )
    }

    #[test]
    fn build_and_append_agree() {
        let a = entry(
            vec![],
            0,
            Change::Config {
                sha256: "c1".into(),
            },
        );
        let b = entry(
            vec![a.id.clone()],
            1,
            Change::Probe {
                run_id: "r1".into(),
                file: "r1.json".into(),
                sha256: "s1".into(),
                ledger_sha256: Some("l1".into()),
                sources: Vec::new(),
            },
        );
        let c = entry(
            vec![b.id.clone()],
            2,
            Change::Ledger {
                sha256: "l2".into(),
                runs: 1,
            },
        );
        let named = |es: &[&Entry]| {
            es.iter()
                .map(|e| (e.file_name(), (*e).clone()))
                .collect::<Vec<_>>()
        };
        let whole = JournalIndex::build(&named(&[&a, &b, &c]), Some(7));
        let mut grown = JournalIndex::build(&named(&[&a]), None);
        grown.appended(&[b.clone(), c.clone()], Some(7));
        assert_eq!(whole.heads, grown.heads);
        assert_eq!(whole.runs, grown.runs);
        assert_eq!(whole.ledgers, grown.ledgers);
        assert_eq!(whole.config_sha256.as_deref(), Some("c1"));
        assert_eq!(whole.count, 3);
        assert_eq!(whole.ledgers["l1"], b.file_name());
        // A forged entry (content edited, id kept) is not indexed.
        let mut forged = c.clone();
        forged.change = Change::Ledger {
            sha256: "evil".into(),
            runs: 1,
        };
        let idx = JournalIndex::build(&named(&[&a, &b, &forged]), None);
        assert!(!idx.ledgers.contains_key("evil"));
    }
}
