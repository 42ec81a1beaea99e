//! `apiassure verify`: recompute the journal's hash chain and every file's
//! hash, and name each file or entry that was changed, removed, added,
//! renamed or edited outside the tool. A process killed mid-write leaves a
//! recognisable state (the journal names a change the file does not show
//! yet, or a run still in its `.part` file): that is reported as an
//! interrupted write, not as tampering.

use std::collections::{BTreeMap, HashSet};

use super::evidence::sha256_hex;
use super::signing;
use super::{Workspace, WorkspaceError};
use crate::files;
use crate::model::journal::{self, Change, Entry};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, not wrong (a hand-edited configuration).
    Notice,
    /// A write that did not finish (a killed process); recoverable.
    Interrupted,
    /// Changed, removed, added or forged outside the tool.
    Problem,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// The file or entry concerned.
    pub subject: String,
    pub message: String,
}

/// Version of `verify --json` (schema: docs/schema/verify.schema.json).
pub const VERIFY_JSON_VERSION: u32 = 1;

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct VerifyReport {
    pub schema_version: u32,
    pub entries: usize,
    pub heads: Vec<String>,
    pub runs_checked: usize,
    pub snapshots_checked: usize,
    /// Public keys (fingerprints) that signed entries.
    pub signers: Vec<String>,
    pub findings: Vec<Finding>,
}

/// Whether none of `findings` is a problem (an interrupted write is not:
/// the next change completes it from the journal).
pub fn no_problem(findings: &[Finding]) -> bool {
    findings.iter().all(|f| f.severity != Severity::Problem)
}

impl Finding {
    pub fn new(
        severity: Severity,
        subject: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            severity,
            subject: subject.into(),
            message: message.into(),
        }
    }
}

impl VerifyReport {
    /// Nothing was changed outside the tool.
    pub fn ok(&self) -> bool {
        no_problem(&self.findings)
    }

    fn add(&mut self, severity: Severity, subject: impl Into<String>, message: impl Into<String>) {
        self.findings.push(Finding::new(severity, subject, message));
    }
}

/// What `verify` is asked to prove besides integrity.
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// When not empty, every probe run, snapshot and answer on disk must be
    /// covered by a signature of one of these public keys (base64).
    pub trust: Vec<String>,
    /// The journal must contain this entry id (or unique prefix): the
    /// workspace descends from the state a report described.
    pub head: Option<String>,
}

/// How long `verify` waits for a writer to finish before reading.
const VERIFY_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// The shortest `--head` prefix accepted: 12 hex digits (48 bits).
pub const HEAD_MIN_HEX: usize = 12;

pub fn verify(ws: &Workspace, opts: &VerifyOptions) -> Result<VerifyReport, WorkspaceError> {
    if let Some(head) = &opts.head {
        if head.len() < HEAD_MIN_HEX || !head.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(WorkspaceError::Invalid(format!(
                "--head '{}': give at least {HEAD_MIN_HEX} hex digits of the journal head (a report prints all 64)",
                crate::sanitize::line(head)
            )));
        }
    }
    // One consistent state: writers finish before verify reads, and wait
    // while it does. A workspace nobody can write (a read-only mount, a
    // folder without the lock file and without permission to create it)
    // needs no lock.
    let _lock = match super::WorkspaceLock::acquire_shared(ws.root(), VERIFY_WAIT) {
        Ok(l) => Some(l),
        Err(WorkspaceError::Io { source, .. })
            if matches!(
                source.kind(),
                std::io::ErrorKind::NotFound
                    | std::io::ErrorKind::PermissionDenied
                    | std::io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            None
        }
        Err(e) => return Err(e),
    };
    let mut report = VerifyReport {
        schema_version: VERIFY_JSON_VERSION,
        ..VerifyReport::default()
    };
    let (loaded, bad) = ws.journal().load_all()?;
    for b in bad {
        report.add(
            Severity::Problem,
            format!("journal/{}", b.file),
            format!("{}: the file was edited or is not an entry", b.reason),
        );
    }
    let mut entries: Vec<Entry> = Vec::new();
    for (file, e) in loaded {
        let subject = format!("journal/{file}");
        if e.computed_id() != e.id {
            report.add(
                Severity::Problem,
                &subject,
                format!(
                    "entry {} was edited after it was written: its content no longer hashes to its id",
                    short(&e.id)
                ),
            );
            continue;
        }
        if file != e.file_name() {
            report.add(
                Severity::Problem,
                &subject,
                format!(
                    "entry {} was renamed (its name should be {})",
                    short(&e.id),
                    e.file_name()
                ),
            );
        }
        if let Some(sig) = &e.signature {
            if !signing::verify(sig, e.id.as_bytes()) {
                report.add(
                    Severity::Problem,
                    &subject,
                    format!("entry {}: the signature does not verify", short(&e.id)),
                );
            } else {
                let fp = signing::fingerprint(&sig.key);
                if !report.signers.contains(&fp) {
                    report.signers.push(fp);
                }
            }
        }
        entries.push(e);
    }
    let ids: HashSet<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    for e in &entries {
        for p in &e.parents {
            if !ids.contains(p.as_str()) {
                report.add(
                    Severity::Problem,
                    format!("journal/{}", e.file_name()),
                    format!(
                        "entry {} names parent {} which is not in the journal: an entry was removed or edited",
                        short(&e.id),
                        short(p)
                    ),
                );
            }
        }
    }
    report.entries = entries.len();
    report.heads = journal::heads(&entries);
    let order = journal::ordered(&entries);
    let newest_id = order.last().map(|e| e.id.clone());

    check_present(ws, &order, &mut report)?;
    check_answers(ws, &order, opts, &mut report)?;
    check_runs(ws, &order, opts, &mut report)?;
    check_history(ws, &order, newest_id.as_deref(), opts, &mut report)?;
    check_config(ws, &order, &mut report)?;
    check_owners(ws, &order, &mut report);
    check_soa(ws, &order, &mut report);
    check_attachments(ws, &mut report);
    check_ledger(ws, &order, &mut report)?;

    if let Some(head) = &opts.head {
        let matches: Vec<&str> = entries
            .iter()
            .map(|e| e.id.as_str())
            .filter(|id| id.starts_with(head.as_str()))
            .collect();
        match matches.len() {
            1 => {}
            0 => report.add(
                Severity::Problem,
                "journal",
                format!("the journal does not contain {head}: this workspace does not descend from that state (entries were removed or rewritten)"),
            ),
            _ => report.add(
                Severity::Problem,
                "journal",
                format!("{head} matches several entries: give more of the hash"),
            ),
        }
    }
    report
        .findings
        .sort_by_key(|f| std::cmp::Reverse(f.severity));
    Ok(report)
}

fn short(id: &str) -> &str {
    id.char_indices().nth(12).map_or(id, |(i, _)| &id[..i])
}

/// Whether `e` carries a valid signature by one of the trusted keys.
fn trusted_signature(e: &Entry, trust: &[String]) -> bool {
    e.signature
        .as_ref()
        .is_some_and(|s| trust.contains(&s.key) && signing::verify(s, e.id.as_bytes()))
}

fn trusted_names(trust: &[String]) -> String {
    trust
        .iter()
        .map(|k| signing::fingerprint(k))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A journal that is missing or empty while the workspace holds answers,
/// runs or snapshots vouches for nothing: deleting it must not disarm
/// `verify`. An import (the journal started over existing data) is named.
fn check_present(
    ws: &Workspace,
    order: &[&Entry],
    report: &mut VerifyReport,
) -> Result<(), WorkspaceError> {
    if order.is_empty() {
        let answers = ws.answers().map(|a| a.answers.len()).unwrap_or(0);
        let runs = ws.evidence().run_ids()?.len();
        let snapshots = ws.history().line_hashes().map(|l| l.len()).unwrap_or(0);
        if answers + runs + snapshots > 0 {
            report.add(
                Severity::Problem,
                "journal",
                format!(
                    "the journal is missing or empty while the workspace holds {answers} answer(s), {runs} run(s) and {snapshots} snapshot(s): nothing vouches for them (restore journal/ from version control)"
                ),
            );
        }
        return Ok(());
    }
    let imported: Vec<&&Entry> = order.iter().filter(|e| e.imported).collect();
    if let Some(first) = imported.first() {
        report.add(
            Severity::Notice,
            "journal",
            format!(
                "the journal started on {} over {} existing item(s) (imported by {}): what happened before that is not covered",
                first.at.format("%Y-%m-%d %H:%M UTC"),
                imported.len(),
                first.by
            ),
        );
    }
    Ok(())
}

/// Recompute the ledger from the recorded run files, in journal order, and
/// compare it with `evidence/ledger.json`: a ledger the journal never
/// recorded that says something else was edited.
fn check_ledger(
    ws: &Workspace,
    order: &[&Entry],
    report: &mut VerifyReport,
) -> Result<(), WorkspaceError> {
    use crate::model::evidence::ledger::Ledger;
    let store = ws.evidence();
    let Some((sha, stored)) = store.stored_ledger()? else {
        return Ok(());
    };
    let vouched = order.iter().any(|e| match &e.change {
        Change::Probe { ledger_sha256, .. } => ledger_sha256.as_deref() == Some(sha.as_str()),
        Change::Ledger { sha256, .. } => *sha256 == sha,
        _ => false,
    });
    if vouched {
        return Ok(());
    }
    let recorded: Vec<(&str, Option<&str>)> = if order.is_empty() {
        Vec::new()
    } else {
        let mut seen = HashSet::new();
        let mut runs: Vec<(&str, Option<&str>)> = Vec::new();
        for e in order.iter().rev() {
            if let Change::Probe {
                run_id,
                file,
                sha256,
                ..
            } = &e.change
            {
                if seen.insert(file.as_str()) {
                    runs.push((run_id.as_str(), Some(sha256.as_str())));
                }
            }
        }
        runs.reverse();
        runs
    };
    let ids: Vec<String>;
    let runs = if order.is_empty() {
        ids = store.run_ids()?;
        ids.iter().map(|i| (i.as_str(), None)).collect()
    } else {
        recorded
    };
    let (rebuilt, _) = store.fold_runs_checked(Ledger::default(), runs.into_iter())?;
    if rebuilt == stored {
        return Ok(());
    }
    let mut diffs = Vec::new();
    let urls: std::collections::BTreeSet<&String> = stored
        .targets
        .keys()
        .chain(rebuilt.targets.keys())
        .collect();
    for url in urls {
        let a = stored.targets.get(url);
        let b = rebuilt.targets.get(url);
        let checks: std::collections::BTreeSet<_> = a
            .iter()
            .flat_map(|t| t.checks.keys())
            .chain(b.iter().flat_map(|t| t.checks.keys()))
            .collect();
        for c in checks {
            let said = |t: Option<&crate::model::evidence::ledger::TargetEntries>| {
                t.and_then(|t| t.checks.get(c))
                    .and_then(|e| e.current.as_ref())
                    .map_or("nothing".to_string(), |r| r.result.to_string())
            };
            let (x, y) = (said(a), said(b));
            if x != y {
                diffs.push(format!("{url} {c}: the ledger says {x}, the runs say {y}"));
            }
        }
    }
    let shown = diffs.len().min(10);
    let mut message = "edited outside apiassure: it is not a ledger the journal recorded, and it differs from the one the recorded runs give".to_string();
    if !diffs.is_empty() {
        message.push_str(&format!(" ({})", diffs[..shown].join("; ")));
        if diffs.len() > shown {
            message.push_str(&format!(" and {} more", diffs.len() - shown));
        }
    }
    message.push_str("; apiassure never scores it (it rebuilds the ledger from the runs), and the next change rewrites it");
    report.add(Severity::Problem, "evidence/ledger.json", message);
    Ok(())
}

fn check_answers(
    ws: &Workspace,
    order: &[&Entry],
    opts: &VerifyOptions,
    report: &mut VerifyReport,
) -> Result<(), WorkspaceError> {
    if order.is_empty() {
        return Ok(());
    }
    let owned: Vec<Entry> = order.iter().map(|e| (*e).clone()).collect();
    let actual = match ws.answers() {
        Ok(a) => a,
        Err(e) => {
            report.add(Severity::Problem, "answers.toml", e.to_string());
            return Ok(());
        }
    };
    // Just after a git merge that left answers.toml unparsable, the answers
    // are the merge of the branches' journals; after the next change the
    // journal records each conflict and replays to the file again.
    let merged_view = journal::heads(&owned).len() > 1 && !ws.answers_parse_cleanly();
    let expected = if merged_view {
        journal::merged_answers(&owned).unwrap_or_else(|| journal::replay_answers(&owned))
    } else {
        journal::replay_answers(&owned)
    };
    for (q, sides) in &actual.conflicts {
        report.add(
            Severity::Problem,
            "answers.toml",
            format!(
                "{q}: merge conflict, two branches answered it differently ({}): it counts as not assessed until resolved (`apiassure resolve {q} --keep N`, or answer it again)",
                sides
                    .iter()
                    .enumerate()
                    .map(|(i, a)| format!("{}: {} by {} at {}", i + 1, a.answer, a.by, a.at.format("%Y-%m-%d %H:%M UTC")))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        );
    }
    if expected.conflicts != actual.conflicts {
        report.add(
            Severity::Problem,
            "answers.toml",
            "the merge conflicts listed differ from the ones the journal records (edited outside apiassure)",
        );
    }
    if !opts.trust.is_empty() {
        let mut setter: BTreeMap<&str, &Entry> = BTreeMap::new();
        for e in order {
            if let Change::Answer { question, .. } = &e.change {
                setter.insert(question.as_str(), *e);
            }
        }
        for q in actual.answers.keys() {
            if !setter
                .get(q.as_str())
                .is_some_and(|e| trusted_signature(e, &opts.trust))
            {
                report.add(
                    Severity::Problem,
                    "answers.toml",
                    format!(
                        "{q}: not covered by a signature of the trusted key(s) {}",
                        trusted_names(&opts.trust)
                    ),
                );
            }
        }
    }
    let interrupted_qs: HashSet<String> = interrupted_answer_writes(order, &actual)
        .into_iter()
        .map(|(q, _)| q)
        .collect();
    let questions: std::collections::BTreeSet<&String> = expected
        .answers
        .keys()
        .chain(actual.answers.keys())
        .collect();
    for q in questions {
        let want = expected.answers.get(q);
        let got = actual.answers.get(q);
        if want == got {
            continue;
        }
        let interrupted = interrupted_qs.contains(q.as_str());
        let describe = |a: Option<&crate::model::Answer>| match a {
            Some(a) => format!(
                "{} by {} at {}",
                a.answer,
                a.by,
                a.at.format("%Y-%m-%d %H:%M:%S UTC")
            ),
            None => "no answer".to_string(),
        };
        if interrupted {
            report.add(
                Severity::Interrupted,
                "answers.toml",
                format!(
                    "{q}: the journal records a change to {} that answers.toml does not show yet (a process was stopped mid-write); the next change completes it",
                    describe(want)
                ),
            );
        } else {
            report.add(
                Severity::Problem,
                "answers.toml",
                format!(
                    "{q}: edited outside apiassure: the journal says {}, the file says {}",
                    describe(want),
                    describe(got)
                ),
            );
        }
    }
    Ok(())
}

/// Questions whose newest journal entry belongs to the last operation and
/// whose file value is still that entry's old value: the journal was written,
/// `answers.toml` was not (a killed process). Returns the journal's value.
pub(crate) fn interrupted_answer_writes(
    order: &[&Entry],
    actual: &crate::model::AnswerSet,
) -> Vec<(String, Option<crate::model::Answer>)> {
    let last_op = super::index::last_operation(order);
    let mut last: BTreeMap<&str, &Entry> = BTreeMap::new();
    for e in order {
        if let Change::Answer { question, .. } = &e.change {
            last.insert(question.as_str(), e);
        }
    }
    last.into_iter()
        .filter_map(|(q, e)| match &e.change {
            Change::Answer { old, new, .. }
                if last_op.contains(e.id.as_str())
                    && actual.answers.get(q) != new.as_ref()
                    && actual.answers.get(q) == old.as_ref() =>
            {
                Some((q.to_string(), new.clone()))
            }
            _ => None,
        })
        .collect()
}

fn check_runs(
    ws: &Workspace,
    order: &[&Entry],
    opts: &VerifyOptions,
    report: &mut VerifyReport,
) -> Result<(), WorkspaceError> {
    let store = ws.evidence();
    let mut recorded: BTreeMap<String, (String, &Entry)> = BTreeMap::new();
    for e in order {
        if let Change::Probe { file, sha256, .. } = &e.change {
            recorded.insert(file.clone(), (sha256.clone(), *e));
        }
    }
    let on_disk: Vec<String> = store
        .run_ids()?
        .into_iter()
        .map(|id| store.run_file(&id))
        .collect();
    let mut disk_hash: BTreeMap<String, String> = BTreeMap::new();
    for f in &on_disk {
        let path = store.dir().join(f);
        match files::read(&path, files::cap::EVIDENCE_RUN) {
            Ok(b) => {
                disk_hash.insert(f.clone(), sha256_hex(&b));
            }
            Err(e) => report.add(Severity::Problem, format!("evidence/{f}"), e.to_string()),
        }
    }
    let manifest = store.manifest().unwrap_or_default();
    report.runs_checked = disk_hash.len();
    let mut renamed_to: HashSet<String> = HashSet::new();
    for (file, (sha, entry)) in &recorded {
        let subject = format!("evidence/{file}");
        match disk_hash.get(file) {
            Some(actual) if actual == sha => {}
            Some(actual) => {
                let manifest_note = if manifest.get(file) == Some(actual) {
                    " (the manifest was recomputed to match: the journal keeps the original hash)"
                } else {
                    ""
                };
                report.add(
                    Severity::Problem,
                    subject,
                    format!("changed after it was recorded: the journal has SHA-256 {}, the file {}{manifest_note}", short(sha), short(actual)),
                );
            }
            None => {
                let part = store.dir().join(format!(".{file}.part"));
                if part.exists() {
                    report.add(
                        Severity::Interrupted,
                        subject,
                        "recorded, but the probe was stopped before the file was moved into place (its .part file is still there): run the probe again",
                    );
                } else if let Some((other, _)) = disk_hash
                    .iter()
                    .find(|(f, h)| *h == sha && !recorded.contains_key(*f))
                {
                    renamed_to.insert(other.clone());
                    report.add(
                        Severity::Problem,
                        subject,
                        format!("renamed to evidence/{other} outside the tool"),
                    );
                } else {
                    report.add(
                        Severity::Problem,
                        subject,
                        format!(
                            "removed: the journal recorded it at {}",
                            entry.at.format("%Y-%m-%d %H:%M UTC")
                        ),
                    );
                }
            }
        }
        if !opts.trust.is_empty() && !trusted_signature(entry, &opts.trust) {
            report.add(
                Severity::Problem,
                format!("evidence/{file}"),
                format!(
                    "not signed by the trusted key(s) {}: it was not produced (or was altered) outside the pipeline holding that key",
                    trusted_names(&opts.trust)
                ),
            );
        }
        if disk_hash.get(file) == Some(sha) && manifest.get(file) != Some(sha) {
            report.add(
                Severity::Problem,
                subject_of(file),
                "recorded and in place, but missing from evidence/MANIFEST.sha256 (its write was cut short, e.g. by a full disk): `sha256sum -c` would skip it; the next change apiassure makes repairs the manifest",
            );
        }
        if let Some(dated) = crate::model::evidence::run_id_time(file) {
            if dated > chrono::Utc::now() + chrono::Duration::minutes(5) {
                report.add(
                    Severity::Notice,
                    subject_of(file),
                    format!(
                        "dated {}, after now: the clock of the machine that probed was wrong; the run never outranks a run recorded after it, and its results count as stale",
                        dated.format("%Y-%m-%d %H:%M UTC")
                    ),
                );
            }
        }
    }
    for f in disk_hash.keys() {
        if !recorded.contains_key(f) && !renamed_to.contains(f) && !order.is_empty() {
            report.add(
                Severity::Problem,
                format!("evidence/{f}"),
                "added outside the tool: no journal entry records this run",
            );
        }
    }
    for part in super::evidence::part_files(store.dir()) {
        let file = &part[1..part.len() - ".part".len()];
        if recorded.contains_key(file) {
            continue;
        }
        let size = std::fs::symlink_metadata(store.dir().join(&part))
            .map(|m| m.len())
            .unwrap_or(0);
        let live = super::evidence::part_in_use(&store.dir().join(&part));
        report.add(
            Severity::Interrupted,
            format!("evidence/{part}"),
            if live {
                format!("a probe is writing this run now ({size} bytes so far)")
            } else {
                format!("left by a killed or failed probe ({size} bytes), never recorded: the next change apiassure makes removes it")
            },
        );
    }
    // Runs the journal does not cover (a workspace without a journal):
    // the manifest is all there is.
    for (f, status) in store.verify()? {
        if !recorded.contains_key(&f)
            && matches!(status, super::evidence::Verification::Modified { .. })
        {
            report.add(
                Severity::Problem,
                format!("evidence/{f}"),
                "does not match evidence/MANIFEST.sha256",
            );
        }
    }
    Ok(())
}

fn subject_of(file: &str) -> String {
    format!("evidence/{file}")
}

fn check_history(
    ws: &Workspace,
    order: &[&Entry],
    newest: Option<&str>,
    opts: &VerifyOptions,
    report: &mut VerifyReport,
) -> Result<(), WorkspaceError> {
    let lines = ws.history().line_hashes()?;
    report.snapshots_checked = lines.len();
    if order.is_empty() {
        return Ok(());
    }
    let mut recorded: Vec<(&str, &Entry)> = order
        .iter()
        .filter_map(|e| match &e.change {
            Change::Snapshot { line_sha256, .. } => Some((line_sha256.as_str(), *e)),
            _ => None,
        })
        .collect();
    for (i, (_, sha)) in lines.iter().enumerate() {
        match recorded.iter().position(|(s, _)| s == sha) {
            Some(pos) => {
                let (_, e) = recorded.remove(pos);
                if !opts.trust.is_empty() && !trusted_signature(e, &opts.trust) {
                    report.add(
                        Severity::Problem,
                        "history/scores.jsonl",
                        format!(
                            "line {}: not covered by a signature of the trusted key(s) {}",
                            i + 1,
                            trusted_names(&opts.trust)
                        ),
                    );
                }
            }
            None => report.add(
                Severity::Problem,
                "history/scores.jsonl",
                format!(
                    "line {}: not in the journal (edited or added outside the tool)",
                    i + 1
                ),
            ),
        }
    }
    for (_, e) in recorded {
        if Some(e.id.as_str()) == newest {
            report.add(
                Severity::Interrupted,
                "history/scores.jsonl",
                format!("the snapshot recorded at {} is not in the file yet (a process was stopped mid-write)", e.at.format("%Y-%m-%d %H:%M:%S UTC")),
            );
        } else {
            report.add(
                Severity::Problem,
                "history/scores.jsonl",
                format!(
                    "the snapshot recorded at {} is missing (removed or edited)",
                    e.at.format("%Y-%m-%d %H:%M:%S UTC")
                ),
            );
        }
    }
    Ok(())
}

/// Every file an answer attaches is in `attachments/` and still hashes to
/// what the answer (and so the journal) recorded; a stored file no answer
/// names is a notice.
fn check_attachments(ws: &Workspace, report: &mut VerifyReport) {
    use super::attachments::{State, ATTACHMENTS_DIR};
    let Ok(answers) = ws.answers() else { return };
    let mut named = HashSet::new();
    for (q, a) in &answers.answers {
        for f in &a.attachments {
            named.insert(f.sha256.clone());
            let subject = format!("{ATTACHMENTS_DIR}/{}", f.sha256);
            match ws.attachment_state(&f.sha256) {
                State::Ok => {}
                State::Missing => report.add(
                    Severity::Problem,
                    subject,
                    format!("{q}: attachment {} is missing (restore it from version control or the pack it was sent in)", f.name),
                ),
                State::Changed { sha256 } => report.add(
                    Severity::Problem,
                    subject,
                    format!(
                        "{q}: attachment {} was changed after it was attached: it now hashes to {}",
                        f.name,
                        short(&sha256)
                    ),
                ),
            }
        }
    }
    if let Ok(dir) = std::fs::read_dir(ws.path(ATTACHMENTS_DIR)) {
        for e in dir.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') && !named.contains(&name) {
                report.add(
                    Severity::Notice,
                    format!("{ATTACHMENTS_DIR}/{name}"),
                    "no current answer attaches this file (detached, or an answer changed)",
                );
            }
        }
    }
}

/// `soa.toml` against the decisions the journal records: a decision typed
/// into the file by hand is nobody's recorded decision.
fn check_soa(ws: &Workspace, order: &[&Entry], report: &mut VerifyReport) {
    let actual = match ws.soa() {
        Ok(a) => a.unwrap_or_default(),
        Err(e) => {
            report.add(Severity::Problem, "soa.toml", e.to_string());
            return;
        }
    };
    compare_recorded(
        "soa.toml",
        &journal::replay_soa(order).controls,
        &actual.controls,
        |d| {
            d.map_or("no decision".to_string(), |d| {
                format!(
                    "{}{}",
                    if d.applicable {
                        "applicable"
                    } else {
                        "excluded"
                    },
                    d.status.map(|s| format!(" ({s})")).unwrap_or_default()
                )
            })
        },
        Some("apiassure soa"),
        report,
    );
}

/// `owners.toml` against the assignments the journal records.
fn check_owners(ws: &Workspace, order: &[&Entry], report: &mut VerifyReport) {
    if order.is_empty() {
        return;
    }
    let actual = match ws.assignments() {
        Ok(a) => a,
        Err(e) => {
            report.add(Severity::Problem, "owners.toml", e.to_string());
            return;
        }
    };
    compare_recorded(
        "owners.toml",
        &journal::replay_assignments(order).controls,
        &actual.controls,
        |a| {
            a.map_or("no owner".to_string(), |a| {
                format!(
                    "{}{}",
                    a.owner,
                    a.due.map(|d| format!(" due {d}")).unwrap_or_default()
                )
            })
        },
        None,
        report,
    );
}

/// A per-control file against what the journal says it holds: each control
/// whose entry differs is a problem, shown both ways. With `command`, an
/// entry no journal entry records is named as typed in by hand.
fn compare_recorded<V: PartialEq>(
    file: &str,
    expected: &BTreeMap<String, V>,
    actual: &BTreeMap<String, V>,
    show: impl Fn(Option<&V>) -> String,
    command: Option<&str>,
    report: &mut VerifyReport,
) {
    let controls: std::collections::BTreeSet<&String> =
        expected.keys().chain(actual.keys()).collect();
    for c in controls {
        let (want, got) = (expected.get(c), actual.get(c));
        if want == got {
            continue;
        }
        let message = match (want, command) {
            (None, Some(cmd)) => format!(
                "{c}: a decision ({}) that no journal entry records: typed into the file by hand; record it with `{cmd} {c} ...`",
                show(got)
            ),
            _ => format!(
                "{c}: edited outside apiassure: the journal says {}, the file says {}",
                show(want),
                show(got)
            ),
        };
        report.add(Severity::Problem, file, message);
    }
}

fn check_config(
    ws: &Workspace,
    order: &[&Entry],
    report: &mut VerifyReport,
) -> Result<(), WorkspaceError> {
    let recorded = order.iter().rev().find_map(|e| match &e.change {
        Change::Config { sha256 } => Some(sha256.clone()),
        _ => None,
    });
    if let Some(sha) = recorded {
        if ws.config_sha256()? != sha {
            report.add(
                Severity::Notice,
                "apiassure.toml",
                "changed since apiassure last recorded it (editing it by hand is normal; the next change apiassure makes records it)",
            );
        }
    }
    Ok(())
}
