//! The audit pack: one folder an auditor can keep and check offline.
//!
//! `report --pack -o DIR` writes every format of one document (one document
//! id, one version), the attached evidence files, a `README.txt` that says
//! how to check it, and `SHA256SUMS` (the `sha256sum -c` format) over all of
//! them. With a signing key (`APIASSURE_SIGNING_KEY`), `SHA256SUMS.sig` is a
//! detached Ed25519 signature over `SHA256SUMS` (64 raw bytes) and
//! `signing-key.pem` the public key, so both `apiassure verify --pack DIR
//! --trust KEY` and `openssl pkeyutl -verify` check it. The pack is built in
//! a temporary folder, recorded in the journal (version, document id, the
//! hash of `SHA256SUMS`) and only then renamed into place.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use super::{render, Format, ReportData, ReportError};
use crate::model::journal::Change;
use crate::workspace::attachments::hash_file;
use crate::workspace::signing::{self, Signer};
use crate::workspace::verify::{Finding, Severity};
use crate::workspace::{Workspace, WorkspaceError};

pub const SUMS_FILE: &str = "SHA256SUMS";
pub const SIG_FILE: &str = "SHA256SUMS.sig";
pub const KEY_FILE: &str = "signing-key.pem";
pub const README_FILE: &str = "README.txt";
pub const ATTACHMENTS: &str = "attachments";
/// Every report format a pack holds, by file name.
pub const FORMATS: [Format; 8] = [
    Format::Pdf,
    Format::Html,
    Format::Md,
    Format::Json,
    Format::Csv,
    Format::Sarif,
    Format::Ocsf,
    Format::Oscal,
];

/// What a pack holds, once written.
#[derive(Debug, Clone)]
pub struct Written {
    pub dir: PathBuf,
    pub document_id: String,
    pub version: u32,
    pub files: usize,
    pub sums_sha256: String,
    /// Fingerprint of the key that signed `SHA256SUMS`.
    pub signed_by: Option<String>,
}

/// Why a pack cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("{}: the folder exists and is not empty: a pack is never written over another; choose a new folder", path.display())]
    NotEmpty { path: PathBuf },
    #[error("attachment {name} ({sha256}) of {question} is missing or changed in attachments/: run `apiassure verify`, restore it, then make the pack")]
    Attachment {
        question: String,
        name: String,
        sha256: String,
    },
    #[error("{}: cannot write the pack: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Report(#[from] ReportError),
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
}

fn write_err(path: &Path) -> impl FnOnce(io::Error) -> PackError + '_ {
    move |source| PackError::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Write the pack of the frameworks given (default: in scope) into `dir`.
pub fn write(
    ws: &Workspace,
    dir: &Path,
    frameworks: &[String],
    period: Option<crate::period::Period>,
    by: &str,
) -> Result<Written, PackError> {
    if let Ok(meta) = dir.symlink_metadata() {
        let empty = meta.is_dir()
            && std::fs::read_dir(dir)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
        if !empty {
            return Err(PackError::NotEmpty {
                path: dir.to_path_buf(),
            });
        }
    }
    let signer = Signer::from_env()?;
    let mut data = ReportData::load_for(ws, frameworks, period)?;
    let version = data.packs.iter().map(|p| p.version).max().unwrap_or(0) + 1;
    data.pack_version = Some(version);
    let document_id = super::build::document_id(&data);

    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(write_err(&parent))?;
    let tmp = tempfile::Builder::new()
        .prefix(".apiassure-pack-")
        .tempdir_in(&parent)
        .map_err(write_err(&parent))?;
    let root = tmp.path();
    for format in FORMATS {
        let bytes = render(&data, format)?;
        let path = root.join(format!("report.{}", format.extension()));
        std::fs::write(&path, bytes).map_err(write_err(&path))?;
    }
    oscal_documents(&data, root)?;
    copy_attachments(ws, &data, root)?;
    std::fs::write(root.join(README_FILE), readme(&document_id, version))
        .map_err(write_err(&root.join(README_FILE)))?;
    if let Some(s) = &signer {
        let pem = signing::public_key_pem(&s.public_key()).unwrap_or_default();
        std::fs::write(root.join(KEY_FILE), pem).map_err(write_err(&root.join(KEY_FILE)))?;
    }
    let sums = sums(root).map_err(write_err(root))?;
    let files = sums.lines().count();
    std::fs::write(root.join(SUMS_FILE), &sums).map_err(write_err(&root.join(SUMS_FILE)))?;
    let signed_by = match &signer {
        Some(s) => {
            std::fs::write(root.join(SIG_FILE), s.sign_raw(sums.as_bytes()))
                .map_err(write_err(&root.join(SIG_FILE)))?;
            Some(signing::fingerprint(&s.public_key()))
        }
        None => None,
    };
    let sums_sha256 = crate::workspace::evidence::sha256_hex(sums.as_bytes());
    ws.record_one_if(
        Change::Pack {
            document_id: document_id.clone(),
            version,
            sums_sha256: sums_sha256.clone(),
            files,
            signed: signed_by.is_some(),
        },
        by,
        |entries| {
            let (packs, _) = super::document_records(entries);
            if packs.iter().any(|p| p.version >= version) {
                return Err(WorkspaceError::Invalid(format!(
                    "another audit pack took version {version} while this one was written: make the pack again"
                )));
            }
            Ok(())
        },
    )?;
    if dir.exists() {
        std::fs::remove_dir(dir).map_err(write_err(dir))?;
    }
    let kept = tmp.keep();
    std::fs::rename(&kept, dir).map_err(write_err(dir))?;
    Ok(Written {
        dir: dir.to_path_buf(),
        document_id,
        version,
        files,
        sums_sha256,
        signed_by,
    })
}

/// The OSCAL catalog, profile, assessment plan and (when risks are open)
/// POA&M the assessment results refer to.
fn oscal_documents(data: &ReportData, root: &Path) -> Result<(), PackError> {
    use super::oscal::{catalog, plan, poam, Ids};
    let ids = Ids::new(data);
    let mut docs = vec![
        (catalog::CATALOG_FILE, catalog::catalog(data, &ids)),
        (catalog::PROFILE_FILE, catalog::profile(data, &ids)),
        (plan::PLAN_FILE, plan::plan(data, &ids)),
    ];
    if let Some(p) = poam::poam(data, &ids) {
        docs.push((poam::POAM_FILE, p));
    }
    for (name, value) in docs {
        let mut bytes = serde_json::to_vec_pretty(&value).map_err(ReportError::from)?;
        bytes.push(b'\n');
        let text = String::from_utf8(bytes).unwrap_or_default();
        let path = root.join(name);
        std::fs::write(&path, crate::sanitize::json(&text).as_bytes()).map_err(write_err(&path))?;
    }
    Ok(())
}

/// The attached files, as `attachments/<sha256>-<name>`, each checked
/// against its hash as it is copied.
fn copy_attachments(ws: &Workspace, data: &ReportData, root: &Path) -> Result<(), PackError> {
    let mut done = BTreeSet::new();
    for (q, a) in &data.answers.answers {
        for f in &a.attachments {
            if !done.insert(f.sha256.clone()) {
                continue;
            }
            let src = ws.attachment_path(&f.sha256);
            let bad = || PackError::Attachment {
                question: q.clone(),
                name: f.name.clone(),
                sha256: f.sha256.clone(),
            };
            let dir = root.join(ATTACHMENTS);
            std::fs::create_dir_all(&dir).map_err(write_err(&dir))?;
            let dest = dir.join(pack_name(&f.sha256, &f.name));
            std::fs::copy(&src, &dest).map_err(|_| bad())?;
            match hash_file(&dest, u64::MAX) {
                Ok((h, _)) if h == f.sha256 => {}
                _ => return Err(bad()),
            }
        }
    }
    Ok(())
}

/// A file name safe on every system: the hash, then the original name with
/// anything but letters, digits, dot, dash and underscore replaced.
pub fn pack_name(sha256: &str, name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    let clean = clean.trim_start_matches('.');
    format!("{sha256}-{clean}")
}

/// `SHA256SUMS` over every file under `root` (sorted, `/` separators).
fn sums(root: &Path) -> io::Result<String> {
    let mut files = Vec::new();
    walk(root, root, &mut files)?;
    files.sort();
    let mut out = String::new();
    for rel in files {
        let (h, _) = hash_file(&root.join(&rel), u64::MAX)?;
        out.push_str(&format!("{h}  {rel}\n"));
    }
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let path = e.path();
        let ty = e.file_type()?;
        if ty.is_dir() {
            walk(root, &path, out)?;
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push(rel);
        }
    }
    Ok(())
}

fn readme(document_id: &str, version: u32) -> String {
    format!(
        "apiassure audit pack: document {document_id}, version {version}\n\
         \n\
         report.pdf         the report for people (also report.html and report.md)\n\
         report.json        the assessment as data (schema: docs/schema/report.schema.json)\n\
         report.csv         one row per requirement and control, for spreadsheets\n\
         report.sarif       failing and warning checks, SARIF 2.1.0\n\
         report.ocsf.jsonl  OCSF 1.x Compliance Findings and per-check findings\n\
         report.oscal.json  NIST OSCAL assessment results; oscal-catalog.json,\n\
         \x20                  oscal-profile.json, oscal-assessment-plan.json and\n\
         \x20                  (with open risks) oscal-poam.json beside it\n\
         attachments/       evidence files attached to answers, named <sha256>-<name>\n\
         SHA256SUMS         the SHA-256 of every file above\n\
         SHA256SUMS.sig     (when signed) an Ed25519 signature over SHA256SUMS, 64 raw bytes\n\
         signing-key.pem    (when signed) the public key that made it\n\
         \n\
         Check the pack:\n\
         \x20 sha256sum -c SHA256SUMS\n\
         \x20 openssl pkeyutl -verify -pubin -inkey signing-key.pem -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig\n\
         \x20 apiassure verify --pack . --trust PUBLIC_KEY\n\
         Compare the key with the one the organisation gave you separately: a pack\n\
         signed by any other key proves nothing about who made it.\n"
    )
}

/// What `verify --pack` found.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct PackReport {
    pub files_checked: usize,
    /// Fingerprint of the key whose signature over SHA256SUMS verifies.
    pub signed_by: Option<String>,
    pub document_id: Option<String>,
    pub findings: Vec<Finding>,
}

impl PackReport {
    pub fn ok(&self) -> bool {
        crate::workspace::verify::no_problem(&self.findings)
    }

    fn add(&mut self, severity: Severity, subject: impl Into<String>, message: impl Into<String>) {
        self.findings.push(Finding::new(severity, subject, message));
    }
}

/// Check a pack: every listed file present with its hash, nothing added,
/// and the signature over `SHA256SUMS`; with `trust`, signed by one of
/// those keys.
pub fn verify(dir: &Path, trust: &[String]) -> Result<PackReport, PackError> {
    let mut report = PackReport::default();
    let sums_path = dir.join(SUMS_FILE);
    let sums =
        crate::files::read(&sums_path, 64 * 1024 * 1024).map_err(|source| PackError::Write {
            path: sums_path.clone(),
            source,
        })?;
    let text = String::from_utf8_lossy(&sums).into_owned();
    let mut listed = BTreeSet::new();
    for (n, line) in text.lines().enumerate() {
        let Some((hash, rel)) = line.split_once("  ").or_else(|| line.split_once(" *")) else {
            report.add(
                Severity::Problem,
                SUMS_FILE,
                format!("line {}: not a `SHA256  FILE` line", n + 1),
            );
            continue;
        };
        let safe = !rel.starts_with('/')
            && !rel.contains('\\')
            && rel.split('/').all(|c| !c.is_empty() && c != "..");
        if !safe {
            report.add(
                Severity::Problem,
                SUMS_FILE,
                format!(
                    "line {}: {} is not a path inside the pack",
                    n + 1,
                    crate::sanitize::line(rel)
                ),
            );
            continue;
        }
        listed.insert(rel.to_string());
        report.files_checked += 1;
        let path = dir.join(rel);
        let regular = path
            .symlink_metadata()
            .map(|m| m.file_type().is_file())
            .unwrap_or(false);
        if !regular {
            report.add(Severity::Problem, rel, "listed in SHA256SUMS but missing");
            continue;
        }
        match hash_file(&path, u64::MAX) {
            Ok((h, _)) if h.eq_ignore_ascii_case(hash) => {}
            Ok(_) => report.add(
                Severity::Problem,
                rel,
                "changed: its SHA-256 is not the one SHA256SUMS lists",
            ),
            Err(e) => report.add(Severity::Problem, rel, format!("cannot read: {e}")),
        }
    }
    let mut present = Vec::new();
    walk(dir, dir, &mut present).map_err(write_err(dir))?;
    for rel in present {
        if rel != SUMS_FILE && rel != SIG_FILE && !listed.contains(&rel) {
            report.add(
                Severity::Problem,
                &rel,
                "not listed in SHA256SUMS: added after the pack was made",
            );
        }
    }
    check_signature(dir, &sums, trust, &mut report);
    report.document_id = crate::files::read(&dir.join("report.json"), 512 << 20)
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|v| v["report"]["document_id"].as_str().map(str::to_string));
    report
        .findings
        .sort_by_key(|f| std::cmp::Reverse(f.severity));
    Ok(report)
}

fn check_signature(dir: &Path, sums: &[u8], trust: &[String], report: &mut PackReport) {
    // Both are tiny: whatever else is there is not read whole.
    let sig = crate::files::read(&dir.join(SIG_FILE), 4096).ok();
    let key = crate::files::read_text(&dir.join(KEY_FILE), 16 * 1024)
        .ok()
        .and_then(|pem| signing::public_key_from_pem(&pem));
    match (sig, key) {
        (None, _) => {
            if !trust.is_empty() {
                report.add(
                    Severity::Problem,
                    SIG_FILE,
                    "the pack is not signed, and --trust asks for a signature",
                );
            } else {
                report.add(
                    Severity::Notice,
                    SIG_FILE,
                    "the pack is not signed: the hashes prove it is whole, not who made it",
                );
            }
        }
        (Some(_), None) => report.add(
            Severity::Problem,
            KEY_FILE,
            "SHA256SUMS.sig is there but signing-key.pem is missing or not an Ed25519 public key",
        ),
        (Some(sig), Some(key)) => {
            let fp = signing::fingerprint(&key);
            if !signing::verify_raw(&key, sums, &sig) {
                report.add(
                    Severity::Problem,
                    SIG_FILE,
                    format!(
                        "the signature over SHA256SUMS does not verify with the pack's key {fp}"
                    ),
                );
            } else if !trust.is_empty() && !trust.contains(&key) {
                report.add(
                    Severity::Problem,
                    SIG_FILE,
                    format!("signed by key {fp}, which is not one of the trusted keys"),
                );
            } else {
                report.signed_by = Some(fp.clone());
                if trust.is_empty() {
                    report.add(
                        Severity::Notice,
                        SIG_FILE,
                        format!("signed by key {fp}; pass --trust KEY to require the key you were given"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_names_keep_the_hash_and_drop_path_tricks() {
        assert_eq!(pack_name("ab", "../../etc/passwd"), "ab-_.._etc_passwd");
        assert_eq!(
            pack_name("ab", "Prüfbericht Q1.pdf"),
            "ab-Prüfbericht_Q1.pdf"
        );
    }
}
