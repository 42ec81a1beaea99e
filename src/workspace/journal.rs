//! The journal on disk: `journal/`, one file per entry. One file per entry
//! means two git branches never touch the same journal file, so they merge
//! without conflicts; the next change made after a merge names both heads
//! as its parents and ties the branches together.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::signing::Signer;
use super::WorkspaceError;
use crate::files;
use crate::model::journal::{Change, Entry};

pub const JOURNAL_DIR: &str = "journal";

/// Largest journal entry file read (an answer with a long note).
const ENTRY_CAP: u64 = 4 << 20;

#[derive(Debug, Clone)]
pub struct Journal {
    dir: PathBuf,
}

/// Entries with their file names, and the files that are not entries.
pub type Loaded = (Vec<(String, Entry)>, Vec<BadEntry>);

/// A journal file that could not be read as an entry.
#[derive(Debug, Clone)]
pub struct BadEntry {
    pub file: String,
    pub reason: String,
}

impl Journal {
    pub fn new(dir: PathBuf) -> Journal {
        Journal { dir }
    }

    /// Every entry with its file name, and the files that are not entries.
    pub fn load_all(&self) -> Result<Loaded, WorkspaceError> {
        let names = super::index::entry_names(&self.dir).map_err(|source| WorkspaceError::Io {
            path: self.dir.clone(),
            source,
        })?;
        let mut good = Vec::new();
        let mut bad = Vec::new();
        for name in names {
            let path = self.dir.join(&name);
            match files::read_text(&path, ENTRY_CAP) {
                Ok(text) => match serde_json::from_str::<Entry>(&text) {
                    Ok(e) => good.push((name, e)),
                    Err(e) => bad.push(BadEntry {
                        file: name,
                        reason: format!("not a journal entry ({e})"),
                    }),
                },
                Err(e) => bad.push(BadEntry {
                    file: name,
                    reason: e.to_string(),
                }),
            }
        }
        Ok((good, bad))
    }

    /// The entries, for commands that only read (a damaged file is skipped;
    /// `verify` names it).
    pub fn entries(&self) -> Result<Vec<Entry>, WorkspaceError> {
        Ok(self.load_all()?.0.into_iter().map(|(_, e)| e).collect())
    }

    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// Append `changes` in order, each the child of the one before; the
    /// first names every current head (`heads`). Signed when a signer is
    /// given. The caller holds the workspace lock.
    pub fn append(
        &self,
        heads: Vec<String>,
        changes: Vec<(Change, bool)>,
        by: &str,
        at: DateTime<Utc>,
        signer: Option<&Signer>,
    ) -> Result<Vec<Entry>, WorkspaceError> {
        files::ensure_real_dir(&self.dir).map_err(|source| WorkspaceError::Io {
            path: self.dir.clone(),
            source,
        })?;
        let mut parents = heads;
        let mut out = Vec::new();
        for (change, imported) in changes {
            let mut entry = Entry::new(parents, at, by, imported, change);
            if let Some(s) = signer {
                entry.signature = Some(s.sign(entry.id.as_bytes()));
            }
            self.write(&entry)?;
            parents = vec![entry.id.clone()];
            out.push(entry);
        }
        Ok(out)
    }

    fn write(&self, entry: &Entry) -> Result<(), WorkspaceError> {
        let path = self.dir.join(entry.file_name());
        let mut bytes = serde_json::to_vec_pretty(entry).expect("an entry serializes");
        bytes.push(b'\n');
        // Exclusive create: an entry file is never replaced.
        let tmp = self.dir.join(format!(".{}.tmp", entry.file_name()));
        let io = |source| WorkspaceError::Io {
            path: path.clone(),
            source,
        };
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(io)?;
        f.write_all(&bytes).map_err(io)?;
        f.sync_all().map_err(io)?;
        drop(f);
        if path.exists() {
            let _ = fs::remove_file(&tmp);
            return Err(WorkspaceError::AlreadyExists { path });
        }
        fs::rename(&tmp, &path).map_err(io)?;
        if let Ok(d) = fs::File::open(&self.dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    /// Remove temporary files left by a killed process (never entries).
    pub fn clean_stray(&self) {
        if let Ok(rd) = fs::read_dir(&self.dir) {
            for e in rd.filter_map(|e| e.ok()) {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') && name.ends_with(".tmp") {
                    let _ = fs::remove_file(e.path());
                }
            }
        }
    }
}
