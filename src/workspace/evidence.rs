//! The evidence store: one JSON file per probe run under `evidence/`, and a
//! `MANIFEST.sha256` in the format of `sha256sum`, so an auditor can check
//! with standard tools (`cd evidence && sha256sum -c MANIFEST.sha256`) or with
//! `apiassure evidence verify` that no evidence file was changed afterwards.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{atomic, WorkspaceError};
use crate::files;
use crate::model::evidence::EVIDENCE_SCHEMA_VERSION;
use crate::model::EvidenceRun;

pub const EVIDENCE_DIR: &str = "evidence";
pub const MANIFEST_FILE: &str = "MANIFEST.sha256";

#[derive(Debug, Clone)]
pub struct EvidenceStore {
    dir: PathBuf,
}

/// Outcome of verifying one file against the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    Ok,
    /// The file's hash differs from the manifest.
    Modified {
        expected: String,
        actual: String,
    },
    /// Listed in the manifest but gone.
    Missing,
    /// An evidence file the manifest does not list.
    Unlisted,
}

impl EvidenceStore {
    pub fn new(dir: PathBuf) -> EvidenceStore {
        EvidenceStore { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn io(&self, path: &Path) -> impl FnOnce(std::io::Error) -> WorkspaceError {
        let path = path.to_path_buf();
        move |source| WorkspaceError::Io { path, source }
    }

    /// Save a run and record its hash. The caller holds the workspace lock.
    pub fn save_run(&self, run: &EvidenceRun) -> Result<PathBuf, WorkspaceError> {
        let name = format!("{}.json", run.run_id);
        let path = self.dir.join(&name);
        let mut bytes =
            serde_json::to_vec_pretty(run).map_err(|e| WorkspaceError::Invalid(e.to_string()))?;
        bytes.push(b'\n');
        atomic::write_atomic(&path, &bytes).map_err(self.io(&path))?;
        let mut manifest = self.manifest()?;
        manifest.insert(name, sha256_hex(&bytes));
        self.write_manifest(&manifest)?;
        Ok(path)
    }

    /// The manifest as file name -> hex SHA-256.
    pub fn manifest(&self) -> Result<BTreeMap<String, String>, WorkspaceError> {
        let path = self.dir.join(MANIFEST_FILE);
        if fs::symlink_metadata(&path).is_err() {
            return Ok(BTreeMap::new());
        }
        let text = files::read_text(&path, files::cap::MANIFEST).map_err(self.io(&path))?;
        let mut out = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let parsed = line.split_once("  ").filter(|(h, n)| {
                h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) && !n.is_empty()
            });
            match parsed {
                Some((hash, name)) => {
                    out.insert(name.to_string(), hash.to_ascii_lowercase());
                }
                None => {
                    return Err(WorkspaceError::Parse {
                        path,
                        line: i + 1,
                        column: 1,
                        message: format!(
                            "'{line}' is not a manifest line ('<sha256>  <file>'); restore the manifest from version control"
                        ),
                    })
                }
            }
        }
        Ok(out)
    }

    fn write_manifest(&self, manifest: &BTreeMap<String, String>) -> Result<(), WorkspaceError> {
        let path = self.dir.join(MANIFEST_FILE);
        let text: String = manifest
            .iter()
            .map(|(name, hash)| format!("{hash}  {name}\n"))
            .collect();
        atomic::write_atomic(&path, text.as_bytes()).map_err(self.io(&path))
    }

    /// Run ids in chronological order (ids start with a UTC timestamp).
    pub fn run_ids(&self) -> Result<Vec<String>, WorkspaceError> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.io(&self.dir)(e)),
        };
        let mut ids: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().to_string();
                let id = name.strip_suffix(".json")?;
                (!id.starts_with('.')).then(|| id.to_string())
            })
            .collect();
        ids.sort();
        Ok(ids)
    }

    pub fn load(&self, run_id: &str) -> Result<EvidenceRun, WorkspaceError> {
        let path = self.dir.join(format!("{run_id}.json"));
        let text = files::read_text(&path, files::cap::EVIDENCE_RUN).map_err(self.io(&path))?;
        let run: EvidenceRun = serde_json::from_str(&text).map_err(|e| WorkspaceError::Parse {
            path: path.clone(),
            line: e.line(),
            column: e.column(),
            message: format!("{e}; the evidence file is damaged: restore it from version control or re-run `apiassure probe`"),
        })?;
        if run.schema_version != EVIDENCE_SCHEMA_VERSION {
            return Err(WorkspaceError::Schema {
                path,
                found: run.schema_version,
                expected: EVIDENCE_SCHEMA_VERSION,
            });
        }
        Ok(run)
    }

    /// The most recent run, if any.
    pub fn latest(&self) -> Result<Option<EvidenceRun>, WorkspaceError> {
        match self.run_ids()?.last() {
            Some(id) => self.load(id).map(Some),
            None => Ok(None),
        }
    }

    /// Check every evidence file against the manifest.
    pub fn verify(&self) -> Result<Vec<(String, Verification)>, WorkspaceError> {
        let manifest = self.manifest()?;
        let mut out = Vec::new();
        for (name, expected) in &manifest {
            let path = self.dir.join(name);
            match files::read(&path, files::cap::EVIDENCE_RUN) {
                Ok(bytes) => {
                    let actual = sha256_hex(&bytes);
                    if &actual == expected {
                        out.push((name.clone(), Verification::Ok));
                    } else {
                        out.push((
                            name.clone(),
                            Verification::Modified {
                                expected: expected.clone(),
                                actual,
                            },
                        ));
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    out.push((name.clone(), Verification::Missing))
                }
                Err(e) => return Err(self.io(&path)(e)),
            }
        }
        for id in self.run_ids()? {
            let name = format!("{id}.json");
            if !manifest.contains_key(&name) {
                out.push((name, Verification::Unlisted));
            }
        }
        Ok(out)
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A sortable, unique run id: `20261127T204619Z-3f9a1c`.
pub fn new_run_id(at: chrono::DateTime<chrono::Utc>) -> String {
    format!(
        "{}-{:06x}",
        at.format("%Y%m%dT%H%M%SZ"),
        rand::random::<u32>() & 0xff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn run(id: &str) -> EvidenceRun {
        EvidenceRun {
            schema_version: EVIDENCE_SCHEMA_VERSION,
            run_id: id.to_string(),
            tool: "apiassure".into(),
            tool_version: "test".into(),
            started_at: Utc::now(),
            finished_at: Utc::now(),
            settings: serde_json::Value::Null,
            targets: vec![],
        }
    }

    #[test]
    fn manifest_detects_changes_missing_and_unlisted_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = EvidenceStore::new(dir.path().join("evidence"));
        store.save_run(&run("20260101T000000Z-000001")).unwrap();
        store.save_run(&run("20260102T000000Z-000002")).unwrap();
        assert!(store
            .verify()
            .unwrap()
            .iter()
            .all(|(_, v)| *v == Verification::Ok));
        assert_eq!(
            store.latest().unwrap().unwrap().run_id,
            "20260102T000000Z-000002"
        );

        let first = store.dir().join("20260101T000000Z-000001.json");
        let mut text = fs::read_to_string(&first).unwrap();
        text = text.replace("test", "tampered");
        fs::write(&first, text).unwrap();
        fs::remove_file(store.dir().join("20260102T000000Z-000002.json")).unwrap();
        fs::write(store.dir().join("20260103T000000Z-000003.json"), "{}").unwrap();
        let results = store.verify().unwrap();
        assert!(matches!(results[0].1, Verification::Modified { .. }));
        assert_eq!(results[1].1, Verification::Missing);
        assert_eq!(
            results[2],
            (
                "20260103T000000Z-000003.json".into(),
                Verification::Unlisted
            )
        );
    }
}
