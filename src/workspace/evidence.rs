//! The evidence store: one JSON file per probe run under `evidence/`, and a
//! `MANIFEST.sha256` in the format of `sha256sum`, so an auditor can check
//! with standard tools (`cd evidence && sha256sum -c MANIFEST.sha256`) or with
//! `apiassure evidence verify` that no evidence file was changed afterwards.
//!
//! Runs are stored gzip-compressed (`<run-id>.json.gz`, readable with
//! `zcat`): the targets of one run repeat the same structure, so a run
//! compresses 20 to 60 times and a year of daily probes stays small enough
//! to keep in git. The hash is of the stored (compressed) bytes; runs stored
//! uncompressed (`<run-id>.json`, before this layout) are read as they are.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::{atomic, WorkspaceError};
use crate::files;
use crate::model::evidence::ledger::{
    Ledger, LedgerHeader, LedgerLine, RunVerdicts, LEDGER_SCHEMA_VERSION,
};
use crate::model::evidence::EVIDENCE_SCHEMA_VERSION;
use crate::model::{EvidenceRun, TargetEvidence};

pub const EVIDENCE_DIR: &str = "evidence";
pub const MANIFEST_FILE: &str = "MANIFEST.sha256";
/// The current evidence per (target, check), derived from the run files.
pub const LEDGER_FILE: &str = "ledger.json";
/// The name of a run file written now.
pub const RUN_SUFFIX: &str = ".json.gz";
/// The name of a run file written before runs were compressed.
pub const PLAIN_RUN_SUFFIX: &str = ".json";

/// Whether `bytes` start like a gzip stream.
fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// The JSON of a run file's bytes (decompressed when gzip), at most `cap`.
fn run_json(bytes: &[u8], cap: u64) -> io::Result<std::borrow::Cow<'_, [u8]>> {
    if !is_gzip(bytes) {
        return Ok(std::borrow::Cow::Borrowed(bytes));
    }
    let mut out = Vec::new();
    io::Read::read_to_end(
        &mut io::Read::take(flate2::read::GzDecoder::new(bytes), cap.saturating_add(1)),
        &mut out,
    )?;
    if out.len() as u64 > cap {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "the run decompresses past the size limit",
        ));
    }
    Ok(std::borrow::Cow::Owned(out))
}

/// A run file read a line at a time (decompressed when gzip).
pub fn run_lines(path: &Path) -> io::Result<Box<dyn io::BufRead>> {
    let mut file = File::open(path)?;
    let mut magic = [0u8; 2];
    let n = io::Read::read(&mut file, &mut magic)?;
    io::Seek::seek(&mut file, io::SeekFrom::Start(0))?;
    let cap = files::cap::EVIDENCE_RUN;
    Ok(if n == 2 && is_gzip(&magic) {
        Box::new(io::BufReader::new(io::Read::take(
            flate2::read::GzDecoder::new(io::Read::take(file, cap)),
            cap,
        )))
    } else {
        Box::new(io::BufReader::new(io::Read::take(file, cap)))
    })
}

/// A run file's bytes read a line at a time (decompressed when gzip).
pub fn lines_of(bytes: &[u8]) -> Box<dyn io::BufRead + '_> {
    let cap = files::cap::EVIDENCE_RUN;
    if is_gzip(bytes) {
        Box::new(io::BufReader::new(io::Read::take(
            flate2::read::GzDecoder::new(bytes),
            cap,
        )))
    } else {
        Box::new(io::BufReader::new(bytes))
    }
}

/// Hashes what passes through to `inner`: the run writer hashes the
/// compressed bytes it stores.
struct Hashing<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

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

    /// The file a run is stored in: `<id>.json.gz`, or `<id>.json` for a
    /// run stored before runs were compressed.
    pub fn run_file(&self, id: &str) -> String {
        let plain = format!("{id}{PLAIN_RUN_SUFFIX}");
        if self.dir.join(&plain).exists() && !self.dir.join(format!("{id}{RUN_SUFFIX}")).exists() {
            plain
        } else {
            format!("{id}{RUN_SUFFIX}")
        }
    }

    fn run_path(&self, id: &str) -> PathBuf {
        self.dir.join(self.run_file(id))
    }

    /// Save a whole run outside any journal (tests and tools): the ledger
    /// is folded from the run files on disk.
    pub fn save_run(&self, run: &mut EvidenceRun) -> Result<PathBuf, WorkspaceError> {
        let ledger = self.fold_runs(&self.run_ids()?)?.0;
        Ok(self
            .save_run_recorded(run, ledger, &mut |_, _, _, _| Ok(()))?
            .path)
    }

    /// Save a whole run, giving it its final id (`run.run_id` is updated),
    /// folding it into `ledger` and calling `record` as
    /// [`RunWriter::finish_recorded`] does.
    pub fn save_run_recorded(
        &self,
        run: &mut EvidenceRun,
        ledger: Ledger,
        record: &mut RecordFn<'_>,
    ) -> Result<StoredRun, WorkspaceError> {
        let mut writer = RunWriter::begin(self, run)?;
        for t in &run.targets {
            writer.add(t)?;
        }
        run.run_id = writer.id().to_string();
        writer.finish_recorded(run.finished_at, ledger, record)
    }

    /// A ledger folded from the given runs, in that order. A run whose file
    /// does not hash to `expected` (when given) is left out and named.
    pub fn fold_runs(&self, ids: &[String]) -> Result<(Ledger, Vec<String>), WorkspaceError> {
        self.fold_runs_checked(Ledger::default(), ids.iter().map(|id| (id.as_str(), None)))
    }

    /// Fold runs into `ledger` in order; each `(run id, expected SHA-256)`.
    /// Runs whose file is missing or does not match are skipped and returned.
    pub fn fold_runs_checked<'a>(
        &self,
        mut ledger: Ledger,
        runs: impl Iterator<Item = (&'a str, Option<&'a str>)>,
    ) -> Result<(Ledger, Vec<String>), WorkspaceError> {
        let mut skipped = Vec::new();
        for (id, expected) in runs {
            let path = self.run_path(id);
            let bytes = match files::read(&path, files::cap::EVIDENCE_RUN) {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    skipped.push(id.to_string());
                    continue;
                }
                Err(e) => return Err(self.io(&path)(e)),
            };
            if expected.is_some_and(|sha| sha256_hex(&bytes) != sha) {
                skipped.push(id.to_string());
                continue;
            }
            ledger.fold_run(&self.parse_run(&path, &bytes)?);
        }
        Ok((ledger, skipped))
    }

    /// The stored ledger file: its SHA-256 and its content, `None` when it
    /// is missing, damaged or of another version.
    pub fn stored_ledger(&self) -> Result<Option<(String, Ledger)>, WorkspaceError> {
        let path = self.dir.join(LEDGER_FILE);
        match read_ledger(&path) {
            Ok(found) => Ok(found),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.io(&path)(e)),
        }
    }

    /// The stored ledger's SHA-256 and the runs its header names, without
    /// reading its targets (what a change checks on every write).
    pub fn stored_ledger_head(&self) -> Result<Option<(String, Vec<String>)>, WorkspaceError> {
        use std::io::BufRead;
        let path = self.dir.join(LEDGER_FILE);
        let meta = match fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.io(&path)(e)),
        };
        if !meta.is_file() || meta.len() > files::cap::LEDGER {
            return Ok(None);
        }
        let file = File::open(&path).map_err(self.io(&path))?;
        let mut reader = io::BufReader::new(file);
        let mut first = String::new();
        reader.read_line(&mut first).map_err(self.io(&path))?;
        let mut hasher = Sha256::new();
        hasher.update(first.as_bytes());
        io::copy(&mut reader, &mut HashSink(&mut hasher)).map_err(self.io(&path))?;
        let Ok(header) = serde_json::from_str::<LedgerHeader>(first.trim_end()) else {
            return Ok(None);
        };
        Ok(Some((hex::encode(hasher.finalize()), header.runs)))
    }

    /// Save a ledger (the caller holds the workspace lock).
    pub fn store_ledger(&self, ledger: &Ledger) -> Result<(), WorkspaceError> {
        let path = self.dir.join(LEDGER_FILE);
        files::ensure_real_dir(&self.dir).map_err(self.io(&self.dir))?;
        atomic::write_atomic_with(&path, |out| write_ledger(ledger, out)).map_err(self.io(&path))
    }

    /// Move a recorded run still in its `.part` file into place when its
    /// hash is the recorded one (a probe killed between the two steps).
    pub fn complete_part(&self, file: &str, sha256: &str) -> Result<bool, WorkspaceError> {
        let path = self.dir.join(file);
        let part = self.dir.join(format!(".{file}.part"));
        if path.exists() || !part.is_file() {
            return Ok(false);
        }
        let bytes = files::read(&part, files::cap::EVIDENCE_RUN).map_err(self.io(&part))?;
        if sha256_hex(&bytes) != sha256 {
            return Ok(false);
        }
        fs::rename(&part, &path).map_err(self.io(&path))?;
        let mut manifest = self.manifest()?;
        manifest.insert(file.to_string(), sha256.to_string());
        self.write_manifest(&manifest)?;
        Ok(true)
    }

    /// A `probe` may write here: the folder is a real folder or does not
    /// exist yet (it is never a link).
    pub fn check_writable(&self) -> Result<(), WorkspaceError> {
        match fs::symlink_metadata(&self.dir) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            _ => files::ensure_real_dir(&self.dir).map_err(self.io(&self.dir)),
        }
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

    pub fn write_manifest(
        &self,
        manifest: &BTreeMap<String, String>,
    ) -> Result<(), WorkspaceError> {
        let path = self.dir.join(MANIFEST_FILE);
        files::ensure_real_dir(&self.dir).map_err(self.io(&self.dir))?;
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
                let id = name
                    .strip_suffix(RUN_SUFFIX)
                    .or_else(|| name.strip_suffix(PLAIN_RUN_SUFFIX))?;
                is_run_id(id).then(|| id.to_string())
            })
            .collect();
        ids.sort();
        ids.dedup();
        Ok(ids)
    }

    pub fn load(&self, run_id: &str) -> Result<EvidenceRun, WorkspaceError> {
        let path = self.run_path(run_id);
        let bytes = files::read(&path, files::cap::EVIDENCE_RUN).map_err(self.io(&path))?;
        self.parse_run(&path, &bytes)
    }

    fn parse_run(&self, path: &Path, bytes: &[u8]) -> Result<EvidenceRun, WorkspaceError> {
        let path = path.to_path_buf();
        let json = run_json(bytes, files::cap::EVIDENCE_RUN).map_err(self.io(&path))?;
        let run: EvidenceRun = serde_json::from_slice(&json).map_err(|e| WorkspaceError::Parse {
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

    /// A run's header and an index of its targets (name, URL, worst result,
    /// number of checks), read a target line at a time without keeping the
    /// observations: what a list needs, in memory that stays small however
    /// large the run. Files in the layout [`RunWriter`] writes (one target
    /// per line) are streamed; any other layout is read whole once.
    pub fn run_index(&self, run_id: &str) -> Result<RunIndex, WorkspaceError> {
        use std::io::BufRead;
        let path = self.run_path(run_id);
        let meta = fs::symlink_metadata(&path).map_err(self.io(&path))?;
        if !meta.is_file() || meta.len() > files::cap::EVIDENCE_RUN {
            return Err(self.io(&path)(io::Error::new(
                io::ErrorKind::InvalidData,
                "not a regular run file within the size limit",
            )));
        }
        let mut lines = run_lines(&path).map_err(self.io(&path))?.lines();
        let first = lines
            .next()
            .transpose()
            .map_err(self.io(&path))?
            .unwrap_or_default();
        let header: Option<RunHead> = first
            .strip_suffix(',')
            .and_then(|h| serde_json::from_str(&format!("{h}}}")).ok());
        let streamed = header.and_then(|head| {
            let mut targets = Vec::new();
            let mut finished_at = None;
            for line in lines {
                let line = line.ok()?;
                let t = line.trim_end().trim_end_matches(',');
                if t.starts_with('{') {
                    let row: TargetHead = serde_json::from_str(t).ok()?;
                    targets.push(row.into_row());
                } else if let Some(v) = t.strip_prefix("\"finished_at\":") {
                    finished_at = serde_json::from_str::<DateTime<Utc>>(v.trim()).ok();
                }
            }
            Some(RunIndex {
                run_id: head.run_id,
                started_at: head.started_at,
                finished_at: finished_at.unwrap_or(head.started_at),
                targets,
            })
        });
        match streamed {
            Some(index) => Ok(index),
            None => {
                let run = self.load(run_id)?;
                Ok(RunIndex {
                    run_id: run.run_id.clone(),
                    started_at: run.started_at,
                    finished_at: run.finished_at,
                    targets: run.targets.iter().map(TargetRow::of).collect(),
                })
            }
        }
    }

    /// One target of a run, whole (observations included): the `index`-th
    /// target line, parsed alone.
    pub fn run_target(
        &self,
        run_id: &str,
        index: usize,
    ) -> Result<Option<TargetEvidence>, WorkspaceError> {
        use std::io::BufRead;
        let path = self.run_path(run_id);
        let mut seen = 0usize;
        // The first line is the run's header; targets follow, one a line.
        let lines = run_lines(&path).map_err(self.io(&path))?.lines();
        for line in lines.skip(1) {
            let line = line.map_err(self.io(&path))?;
            let t = line.trim_end().trim_end_matches(',');
            if !t.starts_with('{') {
                continue;
            }
            if seen == index {
                return match serde_json::from_str::<TargetEvidence>(t) {
                    Ok(target) => Ok(Some(target)),
                    // Another layout: read the whole run once.
                    Err(_) => Ok(self.load(run_id)?.targets.into_iter().nth(index)),
                };
            }
            seen += 1;
        }
        Ok(self.load(run_id)?.targets.into_iter().nth(index))
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
            let name = self.run_file(&id);
            if !manifest.contains_key(&name) {
                out.push((name, Verification::Unlisted));
            }
        }
        Ok(out)
    }
}

/// A writer that only hashes.
struct HashSink<'a>(&'a mut Sha256);

impl Write for HashSink<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A run as lists show it: its times and, per target, a row.
#[derive(Debug, Clone, PartialEq)]
pub struct RunIndex {
    pub run_id: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub targets: Vec<TargetRow>,
}

/// One target of a run, without its observations.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetRow {
    pub url: String,
    pub name: Option<String>,
    pub adhoc: bool,
    pub worst: Option<crate::model::CheckOutcome>,
    pub checks: usize,
}

impl TargetRow {
    pub fn of(t: &TargetEvidence) -> TargetRow {
        TargetRow {
            url: t.url.clone(),
            name: t.name.clone(),
            adhoc: t.adhoc,
            worst: crate::model::CheckOutcome::worst(t.checks.iter().map(|c| c.result)),
            checks: t.checks.len(),
        }
    }

    /// The name, or the URL when there is none.
    pub fn label(&self) -> &str {
        match &self.name {
            Some(n) if !n.is_empty() => n,
            _ => &self.url,
        }
    }
}

/// The header fields of a run file's first line.
#[derive(serde::Deserialize)]
struct RunHead {
    run_id: String,
    started_at: DateTime<Utc>,
}

/// A target line read for the index: observations are skipped unparsed
/// into values (serde ignores the fields not named here).
#[derive(serde::Deserialize)]
struct TargetHead {
    url: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    adhoc: bool,
    #[serde(default)]
    checks: Vec<CheckHead>,
}

#[derive(serde::Deserialize)]
struct CheckHead {
    result: crate::model::CheckOutcome,
}

impl TargetHead {
    fn into_row(self) -> TargetRow {
        TargetRow {
            worst: crate::model::CheckOutcome::worst(self.checks.iter().map(|c| c.result)),
            checks: self.checks.len(),
            url: self.url,
            name: self.name,
            adhoc: self.adhoc,
        }
    }
}

/// What a run's journal entry records once the file is complete:
/// `(run id, file name, file SHA-256, ledger SHA-256)`.
pub type RecordFn<'a> = dyn FnMut(&str, &str, &str, &str) -> Result<(), WorkspaceError> + 'a;

/// Write the ledger a target per line: the bytes whose SHA-256 the journal
/// records, so [`ledger_sha256`] and [`EvidenceStore::store_ledger`] agree.
fn write_ledger(ledger: &Ledger, out: &mut impl Write) -> io::Result<()> {
    let header = LedgerHeader {
        schema_version: LEDGER_SCHEMA_VERSION,
        runs: ledger.runs.clone(),
    };
    serde_json::to_writer(&mut *out, &header)?;
    out.write_all(b"\n")?;
    /// A [`LedgerLine`] by reference, for writing.
    #[derive(serde::Serialize)]
    struct Line<'a> {
        url: &'a str,
        #[serde(flatten)]
        entries: &'a crate::model::evidence::ledger::TargetEntries,
    }
    for (url, entries) in &ledger.targets {
        serde_json::to_writer(&mut *out, &Line { url, entries })?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// SHA-256 of the ledger as [`EvidenceStore::store_ledger`] writes it,
/// computed without holding the bytes.
pub fn ledger_sha256(ledger: &Ledger) -> String {
    let mut hasher = Sha256::new();
    write_ledger(ledger, &mut HashSink(&mut hasher)).expect("hashing never fails");
    hex::encode(hasher.finalize())
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A run id: the start time to the microsecond and a sequence number for
/// runs started in the same microsecond, `20261201T194106.123456Z-000`.
/// Ids sort in start order; [`RunWriter::begin`] picks the sequence.
pub fn new_run_id(at: DateTime<Utc>, seq: u32) -> String {
    format!("{}-{seq:03}", at.format("%Y%m%dT%H%M%S%.6fZ"))
}

/// Read the ledger a line at a time, hashing what is read. `Ok(None)` when
/// it is damaged or of another version: it is derived data, rebuilt from the
/// run files.
fn read_ledger(path: &Path) -> io::Result<Option<(String, Ledger)>> {
    use std::io::BufRead;
    let meta = fs::symlink_metadata(path)?;
    if !meta.is_file() || meta.len() > files::cap::LEDGER {
        return Ok(None);
    }
    struct Hashing<R> {
        inner: R,
        hasher: Sha256,
    }
    impl<R: io::Read> io::Read for Hashing<R> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.inner.read(buf)?;
            self.hasher.update(&buf[..n]);
            Ok(n)
        }
    }
    let mut reader = io::BufReader::new(Hashing {
        inner: io::Read::take(File::open(path)?, files::cap::LEDGER),
        hasher: Sha256::new(),
    });
    let mut lines = (&mut reader).lines();
    let Some(first) = lines.next().transpose()? else {
        return Ok(None);
    };
    let header: LedgerHeader = match serde_json::from_str(&first) {
        Ok(h) => h,
        Err(_) => return Ok(None),
    };
    if header.schema_version != LEDGER_SCHEMA_VERSION {
        return Ok(None);
    }
    let mut ledger = Ledger::with_runs(header.runs);
    for line in lines {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<LedgerLine>(&line) {
            Ok(l) => ledger.insert_line(l),
            Err(_) => return Ok(None),
        }
    }
    let sha = hex::encode(reader.into_inner().hasher.finalize());
    Ok(Some((sha, ledger)))
}

/// Run file stems start with a date; `ledger.json` and temporary files do not.
fn is_run_id(stem: &str) -> bool {
    stem.len() >= 16 && stem.as_bytes()[..8].iter().all(u8::is_ascii_digit)
}

/// A run being written: the header first, then each target as it finishes,
/// so a probe of many targets never holds them all in memory. Written to a
/// hidden `.ID.json.part` file created exclusively (which also reserves the
/// id), renamed into place by [`RunWriter::finish`].
pub struct RunWriter {
    store: EvidenceStore,
    id: String,
    part: PathBuf,
    out: Option<flate2::write::GzEncoder<Hashing<io::BufWriter<File>>>>,
    /// The finished file, kept open (and locked) until it is in place.
    held: Option<File>,
    /// The journal records this run: its `.part` file must survive a failure.
    recorded: bool,
    targets: usize,
    /// What the ledger and the summary need: verdicts without observations.
    verdicts: RunVerdicts,
}

/// A stored run: its file and its verdicts (observations stay in the file).
#[derive(Debug)]
pub struct StoredRun {
    pub id: String,
    pub path: PathBuf,
    pub sha256: String,
    pub summary: RunVerdicts,
    /// The ledger with this run folded in, as saved (so callers need not
    /// read it again).
    pub ledger: Ledger,
}

impl RunWriter {
    /// Reserve an id for a run started at `header.started_at` and write the
    /// header. Needs no lock: the exclusive create decides between writers.
    pub fn begin(store: &EvidenceStore, header: &EvidenceRun) -> Result<RunWriter, WorkspaceError> {
        files::ensure_real_dir(&store.dir).map_err(store.io(&store.dir))?;
        let mut seq = 0;
        let (id, part, file) = loop {
            let id = new_run_id(header.started_at, seq);
            let part = store.dir.join(format!(".{id}{RUN_SUFFIX}.part"));
            if store.dir.join(format!("{id}{RUN_SUFFIX}")).exists()
                || store.dir.join(format!("{id}{PLAIN_RUN_SUFFIX}")).exists()
            {
                seq += 1;
                continue;
            }
            match OpenOptions::new().write(true).create_new(true).open(&part) {
                Ok(f) => {
                    // Marks the file as being written: clean-ups leave it alone.
                    let _ = f.try_lock();
                    break (id, part, f);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && seq < 999 => seq += 1,
                Err(e) => return Err(store.io(&part)(e)),
            }
        };
        let header = EvidenceRun {
            run_id: id.clone(),
            targets: Vec::new(),
            ..header.clone()
        };
        let mut head =
            serde_json::to_value(&header).map_err(|e| WorkspaceError::Invalid(e.to_string()))?;
        if let Some(map) = head.as_object_mut() {
            map.remove("targets");
            map.remove("finished_at");
        }
        let mut text = head.to_string();
        text.pop(); // the closing brace: targets and the finish time follow
        text.push_str(",\n\"targets\": [\n");
        let mut w = RunWriter {
            store: store.clone(),
            id,
            part,
            // Fixed header fields (no name, no time): the same run is the
            // same bytes.
            out: Some(flate2::GzBuilder::new().mtime(0).write(
                Hashing {
                    inner: io::BufWriter::new(file),
                    hasher: Sha256::new(),
                },
                flate2::Compression::default(),
            )),
            held: None,
            recorded: false,
            verdicts: RunVerdicts::new(&header.run_id, header.started_at),
            targets: 0,
        };
        w.write(text.as_bytes())?;
        Ok(w)
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), WorkspaceError> {
        let out = self.out.as_mut().expect("writer open until finish");
        out.write_all(bytes).map_err(self.store.io(&self.part))
    }

    /// Append one target's evidence.
    pub fn add(&mut self, t: &TargetEvidence) -> Result<(), WorkspaceError> {
        let mut line = if self.targets == 0 {
            String::new()
        } else {
            ",\n".to_string()
        };
        line.push_str(
            &serde_json::to_string(t).map_err(|e| WorkspaceError::Invalid(e.to_string()))?,
        );
        self.write(line.as_bytes())?;
        self.targets += 1;
        // Verdicts only: observations and details stay in the file.
        self.verdicts.add(t);
        Ok(())
    }

    /// Close the file, rename it into place, record its hash in the manifest
    /// and fold it into `ledger` (the current ledger, checked by the
    /// caller). The caller holds the workspace lock.
    pub fn finish(
        self,
        finished_at: DateTime<Utc>,
        ledger: Ledger,
    ) -> Result<StoredRun, WorkspaceError> {
        self.finish_recorded(finished_at, ledger, &mut |_, _, _, _| Ok(()))
    }

    /// [`RunWriter::finish`], calling `record(run_id, file, sha256,
    /// ledger_sha256)` once the file is complete and before it is moved into
    /// place, so the journal names a run, and the ledger it leads to, before
    /// either appears (a process killed in between leaves a recorded run
    /// whose `.part` file is still there: an interrupted write that the next
    /// change completes). Until the journal records it, a failure removes
    /// the `.part` file.
    pub fn finish_recorded(
        mut self,
        finished_at: DateTime<Utc>,
        mut ledger: Ledger,
        record: &mut RecordFn<'_>,
    ) -> Result<StoredRun, WorkspaceError> {
        let tail = format!(
            "\n],\n\"finished_at\": {}\n}}\n",
            serde_json::to_string(&finished_at).expect("a time serializes")
        );
        self.write(tail.as_bytes())?;
        let out = self.out.take().expect("writer open until finish");
        let hashing = out.finish().map_err(self.store.io(&self.part))?;
        let sha256 = hex::encode(hashing.hasher.finalize());
        // The file stays open (and locked) until it is in place, so no
        // clean-up of abandoned `.part` files takes it for one.
        let file = hashing
            .inner
            .into_inner()
            .map_err(|e| self.store.io(&self.part)(e.into_error()))?;
        file.sync_all().map_err(self.store.io(&self.part))?;
        self.held = Some(file);
        let name = format!("{}{RUN_SUFFIX}", self.id);
        let path = self.store.dir.join(&name);
        // Folding takes the verdicts in memory instead of re-reading the run.
        let mut summary = std::mem::take(&mut self.verdicts);
        summary.finished_at = finished_at;
        ledger.fold_verdicts(&summary);
        let ledger_sha = ledger_sha256(&ledger);
        record(&self.id, &name, &sha256, &ledger_sha)?;
        self.recorded = true;
        fs::rename(&self.part, &path).map_err(self.store.io(&path))?;
        if let Ok(d) = File::open(&self.store.dir) {
            let _ = d.sync_all();
        }
        self.held = None;
        let mut manifest = self.store.manifest()?;
        manifest.insert(name, sha256.clone());
        self.store.write_manifest(&manifest)?;
        self.store.store_ledger(&ledger)?;
        Ok(StoredRun {
            id: self.id.clone(),
            path,
            sha256,
            summary,
            ledger,
        })
    }
}

impl Drop for RunWriter {
    /// An abandoned run (cancelled, failed, or refused by a full disk before
    /// the journal recorded it) leaves no partial file behind.
    fn drop(&mut self) {
        self.out = None;
        self.held = None;
        if !self.recorded {
            let _ = fs::remove_file(&self.part);
        }
    }
}

/// Remove `.ID.json.part` files no live probe is writing and the journal
/// does not record (`recorded(file)` says which it does): what killed or
/// failed probes left. A live writer holds a lock on its file. Returns the
/// files removed. The caller holds the workspace lock.
pub fn remove_abandoned_parts(dir: &Path, recorded: impl Fn(&str) -> bool) -> Vec<String> {
    let mut removed = Vec::new();
    for name in part_files(dir) {
        let file = name
            .strip_prefix('.')
            .and_then(|n| n.strip_suffix(".part"))
            .unwrap_or_default();
        if recorded(file) {
            continue;
        }
        let path = dir.join(&name);
        if part_in_use(&path) {
            continue;
        }
        if fs::remove_file(&path).is_ok() {
            removed.push(name);
        }
    }
    removed
}

/// The `.ID.json.part` files in the evidence folder.
pub fn part_files(dir: &Path) -> Vec<String> {
    let Ok(rd) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<String> = rd
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.starts_with('.') && (n.ends_with(".json.part") || n.ends_with(".json.gz.part"))
        })
        .collect();
    out.sort();
    out
}

/// Whether a live probe holds the lock on a `.part` file.
pub fn part_in_use(path: &Path) -> bool {
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    match opts.open(path) {
        Ok(f) => matches!(f.try_lock(), Err(std::fs::TryLockError::WouldBlock)),
        Err(_) => false,
    }
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
        let mut first = run("x");
        let mut second = run("x");
        let first_path = store.save_run(&mut first).unwrap();
        let second_path = store.save_run(&mut second).unwrap();
        assert!(first.run_id < second.run_id, "ids follow start time");
        assert!(store
            .verify()
            .unwrap()
            .iter()
            .all(|(_, v)| *v == Verification::Ok));
        assert_eq!(store.latest().unwrap().unwrap().run_id, second.run_id);

        // Stored compressed, readable as JSON once decompressed.
        assert!(first_path.to_string_lossy().ends_with(".json.gz"));
        let stored = fs::read(&first_path).unwrap();
        let text = String::from_utf8(run_json(&stored, u64::MAX).unwrap().into_owned()).unwrap();
        assert!(text.contains("\"targets\""));
        let mut tampered = stored.clone();
        let last = tampered.len() - 9;
        tampered[last] ^= 1;
        fs::write(&first_path, tampered).unwrap();
        fs::remove_file(&second_path).unwrap();
        fs::write(store.dir().join("20990103T000000Z-000003.json"), "{}").unwrap();
        let results = store.verify().unwrap();
        assert!(matches!(results[0].1, Verification::Modified { .. }));
        assert_eq!(results[1].1, Verification::Missing);
        assert_eq!(
            results[2],
            (
                "20990103T000000Z-000003.json".into(),
                Verification::Unlisted
            )
        );
    }

    #[test]
    fn runs_in_the_same_microsecond_get_ordered_distinct_ids() {
        let dir = tempfile::tempdir().unwrap();
        let store = EvidenceStore::new(dir.path().join("evidence"));
        let at = Utc::now();
        let ids: Vec<String> = (0..5)
            .map(|_| {
                let mut r = run("x");
                r.started_at = at;
                store.save_run(&mut r).unwrap();
                r.run_id
            })
            .collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, ids, "distinct, and sorted in the order stored");
        assert_eq!(store.run_ids().unwrap(), ids);
        assert!(
            ids[0].ends_with("-000") && ids[4].ends_with("-004"),
            "{ids:?}"
        );
    }

    #[test]
    fn the_ledger_is_rebuilt_when_missing_and_a_run_file_is_never_a_ledger() {
        let dir = tempfile::tempdir().unwrap();
        let store = EvidenceStore::new(dir.path().join("evidence"));
        let mut r = run("x");
        r.targets.push(TargetEvidence {
            url: "https://a".into(),
            name: None,
            tls: None,
            http: None,
            traffic: None,
            checks: vec![crate::model::CheckResult::new(
                crate::checks::CheckId::HttpHsts,
                crate::model::CheckOutcome::Fail,
                "missing",
            )],
            adhoc: false,
            probed_at: None,
        });
        store.save_run(&mut r).unwrap();
        let (sha, from_file) = store.stored_ledger().unwrap().unwrap();
        fs::remove_file(store.dir().join(LEDGER_FILE)).unwrap();
        let rebuilt = store.fold_runs(&store.run_ids().unwrap()).unwrap().0;
        assert_eq!(from_file, rebuilt);
        assert_eq!(
            sha,
            ledger_sha256(&rebuilt),
            "the hash read is the hash written"
        );
        assert_eq!(rebuilt.runs, vec![r.run_id.clone()]);
        assert_eq!(store.run_ids().unwrap(), vec![r.run_id]);
    }
}
