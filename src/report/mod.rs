//! Report export: the assessment as a file an auditor can keep.
//!
//! The flow mirrors the rest of the program. [`ReportData::load`] is the only
//! step that touches the disk or the clock: it gathers config, catalog,
//! scorecard, the current evidence, manifest verification and history.
//! [`build::document`] turns that into a format-neutral [`model::Document`]
//! (pure, so the content can be tested without rendering). One file per
//! format renders it: [`pdf`] (through the pure [`layout`] step, the only
//! printpdf user), [`markdown`]; [`json`] and [`csv`] render the data itself
//! because machines want the numbers, not the prose.
//!
//! Nothing here reads the environment: evidence is already scrubbed of
//! tokens, and the report adds only what the workspace files hold.

pub mod build;
pub mod csv;
pub mod fonts;
pub mod html;
pub mod json;
pub mod junit;
pub mod layout;
pub mod markdown;
pub mod model;
pub mod ocsf;
pub mod oscal;
pub mod pack;
pub mod pdf;
pub mod sarif;
pub mod soa;

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::assessment::{Assessment, AssessmentError};
use crate::model::{AnswerSet, Catalog};
use crate::scoring::{EvidenceInput, Policy, Scorecard};
use crate::workspace::config::Config;
use crate::workspace::evidence::{sha256_hex, Verification};
use crate::workspace::history::Snapshot;
use crate::workspace::{atomic, Workspace};

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Assessment(#[from] AssessmentError),
    #[error(transparent)]
    Workspace(#[from] crate::workspace::WorkspaceError),
    #[error("cannot render the PDF: {0}")]
    Pdf(#[from] pdf::PdfError),
    #[error("cannot render the JSON report: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{}: cannot write the report: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Period(String),
    #[error("{}: not a regular file, so the report is not written there (a rename would replace it); use `-o -` for standard output", path.display())]
    NotRegular { path: PathBuf },
}

type Result<T> = std::result::Result<T, ReportError>;

/// Folder (inside the workspace) where reports go by default.
pub const REPORTS_DIR: &str = "reports";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Pdf,
    Html,
    Md,
    Json,
    Csv,
    /// SARIF 2.1.0: failing and warning checks per target, for code scanning.
    Sarif,
    /// OCSF Compliance Finding (class 2003) JSON lines, one per requirement.
    Ocsf,
    /// NIST OSCAL 1.2.1 assessment results.
    Oscal,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Md => "md",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Sarif => "sarif",
            Format::Ocsf => "ocsf.jsonl",
            Format::Oscal => "oscal.json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// One evidence file as the manifest lists it, and whether it verifies now.
#[derive(Debug, Clone, PartialEq)]
pub struct IntegrityRow {
    pub file: String,
    /// SHA-256 recorded in `evidence/MANIFEST.sha256` (empty for unlisted files).
    pub sha256: String,
    pub status: Verification,
}

impl IntegrityRow {
    pub fn status_label(&self) -> &'static str {
        match self.status {
            Verification::Ok => "verified",
            Verification::Modified { .. } => "MODIFIED",
            Verification::Missing => "MISSING",
            Verification::Unlisted => "not in manifest",
        }
    }
}

/// Everything a report shows, gathered once. Building and rendering from it
/// is pure.
#[derive(Debug, Clone)]
pub struct ReportData {
    pub generated_at: DateTime<Utc>,
    pub tool_version: String,
    pub config: Config,
    pub catalog: Catalog,
    pub card: Scorecard,
    /// Frameworks the report covers, in report order.
    pub frameworks: Vec<String>,
    pub answers: AnswerSet,
    /// Current evidence of the declared targets.
    pub evidence: EvidenceInput,
    /// The clock and freshness rules the scores used.
    pub policy: Policy,
    pub integrity: Vec<IntegrityRow>,
    pub history: Vec<Snapshot>,
    /// The journal's head(s) when the report was made: `verify --head`
    /// checks that a later workspace descends from this state.
    pub journal_heads: Vec<String>,
    /// Fingerprints of the keys that signed journal entries.
    pub signers: Vec<String>,
    /// Each question's recorded changes (from the journal).
    pub answer_history: std::collections::BTreeMap<String, Vec<String>>,
    /// Applicability decisions for Annex A controls outside the catalog.
    pub soa: Option<crate::model::soa::Soa>,
    /// Who owns each control, and by when.
    pub owners: crate::model::owners::Assignments,
    /// `apiassure.toml` as read (SARIF locates results at target stanzas).
    pub config_text: String,
    /// Packs recorded in the journal, oldest first (the revision history).
    pub packs: Vec<PackRecord>,
    /// The version this document is, when it is written as a pack.
    pub pack_version: Option<u32>,
    /// Report approvals recorded in the journal (`approve --report`).
    pub report_approvals: Vec<ReportApproval>,
    /// Operating effectiveness over the declared audit period, if any.
    pub period: Option<crate::period::PeriodReport>,
    /// Whether each attached file (by SHA-256) still verifies.
    pub attachments_ok: std::collections::BTreeMap<String, bool>,
    /// The classification marking on every page.
    pub classification: String,
    /// Per declared target URL, its TLS observation in one line (versions,
    /// suites, certificate), from the run its current TLS result came from.
    pub tls_summaries: std::collections::BTreeMap<String, String>,
    /// Per declared target URL, the API inventory from its access logs
    /// (`apiassure traffic`), from the run its current results came from.
    pub inventories:
        std::collections::BTreeMap<String, crate::model::evidence::traffic::TrafficObservation>,
    /// Controls inherited from other workspaces (`[[inherit]]`).
    pub inherited: Vec<crate::assessment::InheritedSource>,
}

/// An audit pack as the journal records it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PackRecord {
    pub version: u32,
    pub document_id: String,
    pub by: String,
    pub at: DateTime<Utc>,
    pub sums_sha256: String,
    pub signed: bool,
}

/// A report approval as the journal records it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReportApproval {
    pub document_id: String,
    pub role: String,
    pub by: String,
    pub at: DateTime<Utc>,
    pub note: String,
    /// Fingerprint of the key whose valid signature the entry carries.
    pub signed_by_key: Option<String>,
}

/// The packs and report approvals the journal records, oldest first.
pub fn document_records(
    entries: &[crate::model::journal::Entry],
) -> (Vec<PackRecord>, Vec<ReportApproval>) {
    use crate::model::journal::Change;
    let mut packs = Vec::new();
    let mut approvals = Vec::new();
    for e in crate::model::journal::ordered(entries) {
        match &e.change {
            Change::Pack {
                document_id,
                version,
                sums_sha256,
                signed,
                ..
            } => packs.push(PackRecord {
                version: *version,
                document_id: document_id.clone(),
                by: e.by.clone(),
                at: e.at,
                sums_sha256: sums_sha256.clone(),
                signed: *signed,
            }),
            Change::ReportApproval {
                document_id,
                role,
                note,
            } => approvals.push(ReportApproval {
                document_id: document_id.clone(),
                role: role.clone(),
                by: e.by.clone(),
                at: e.at,
                note: note.clone(),
                signed_by_key: e
                    .signature
                    .as_ref()
                    .filter(|s| crate::workspace::signing::verify(s, e.id.as_bytes()))
                    .map(|s| crate::workspace::signing::fingerprint(&s.key)),
            }),
            _ => {}
        }
    }
    (packs, approvals)
}

/// One line on a TLS observation: versions offered, suites, certificate.
pub fn tls_summary(t: &crate::model::evidence::tls::TlsObservation) -> String {
    if let Some(e) = &t.error {
        return format!("not scanned: {e}");
    }
    let offered: Vec<&crate::model::evidence::tls::ProtocolObservation> =
        t.protocols.iter().filter(|p| p.offered).collect();
    let mut parts = vec![format!(
        "versions {}",
        if offered.is_empty() {
            "none".to_string()
        } else {
            offered
                .iter()
                .map(|p| p.version.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }
    )];
    let suites: Vec<String> = offered
        .iter()
        .map(|p| format!("{} {}", p.version, p.cipher_suites.len()))
        .collect();
    if !suites.is_empty() {
        parts.push(format!("suites {}", suites.join(", ")));
    }
    if let Some(why) = &t.sni_required {
        parts.push(format!("inconclusive: {why}"));
    }
    let certs = t.all_certificates();
    for c in &certs {
        if let Some(leaf) = c.chain.first() {
            let fp = &leaf.sha256_fingerprint;
            parts.push(format!(
                "certificate {} issued by {}, {} {} bits, expires {}, SHA-256 {fp}{}",
                leaf.subject,
                leaf.issuer,
                leaf.key_type,
                leaf.key_bits,
                leaf.not_after,
                if c.trusted { "" } else { " (not trusted)" }
            ));
        }
    }
    if certs.is_empty() {
        if let Some(e) = &t.certificate_error {
            parts.push(format!("certificate not read: {e}"));
        }
    }
    if let Some(a) = &t.client_auth {
        parts.push(format!(
            "client certificate {}",
            match (a.required, &a.refused_over_http) {
                (Some(true), _) => "required (mutual TLS)",
                (_, Some(_)) => "required in HTTP (mutual TLS)",
                (Some(false), None) => "requested, optional",
                (None, None) => "requested",
            }
        ));
    }
    parts.join("; ")
}

/// What each declared target's current result of `check` was drawn from:
/// `take` applied to the target in the run that result came from (each
/// run read at most once across calls sharing `runs`).
fn current_observations<T>(
    evidence: &crate::scoring::EvidenceInput,
    store: &crate::workspace::evidence::EvidenceStore,
    runs: &mut std::collections::HashMap<String, Option<crate::model::EvidenceRun>>,
    check: crate::model::checks::CheckId,
    take: impl Fn(&crate::model::evidence::TargetEvidence) -> Option<T>,
) -> std::collections::BTreeMap<String, T> {
    let mut out = std::collections::BTreeMap::new();
    for t in &evidence.targets {
        let Some(cur) = t.checks.get(&check).and_then(|e| e.current.as_ref()) else {
            continue;
        };
        let run = runs
            .entry(cur.run_id.to_string())
            .or_insert_with(|| store.load(&cur.run_id).ok());
        if let Some(v) = run
            .as_ref()
            .and_then(|r| r.targets.iter().find(|x| x.url == t.url))
            .and_then(&take)
        {
            out.insert(t.url.clone(), v);
        }
    }
    out
}

impl ReportData {
    /// Gather a workspace's data. `frameworks` narrows the report; empty means
    /// the frameworks in scope.
    pub fn load(ws: &Workspace, frameworks: &[String]) -> Result<ReportData> {
        Self::load_for(ws, frameworks, None)
    }

    /// [`ReportData::load`] over an audit period: `period`, else the
    /// workspace's `[audit] period`, else none.
    pub fn load_for(
        ws: &Workspace,
        frameworks: &[String],
        period: Option<crate::period::Period>,
    ) -> Result<ReportData> {
        let assessment = Assessment::load(ws)?;
        let period = match period {
            Some(p) => Some(p),
            None => match &assessment.config.audit.period {
                Some(s) => Some(crate::period::Period::parse(s).map_err(|e| {
                    ReportError::Period(format!(
                        "{}: [audit] period: {e}",
                        ws.path(crate::workspace::config::CONFIG_FILE).display()
                    ))
                })?),
                None => None,
            },
        };
        let period = match period {
            Some(p) => Some(crate::period::analyse(
                ws,
                &assessment.catalog,
                &assessment.config,
                p,
                Utc::now(),
            )?),
            None => None,
        };
        let selected = assessment.select_frameworks(frameworks)?;
        let Assessment {
            config,
            catalog,
            answers,
            evidence,
            card,
            policy,
            ..
        } = assessment;
        let entries = ws.journal().entries()?;
        let mut signers: Vec<String> = entries
            .iter()
            .filter_map(|e| e.signature.as_ref())
            .map(|s| crate::workspace::signing::fingerprint(&s.key))
            .collect();
        signers.sort();
        signers.dedup();
        let store = ws.evidence();
        let manifest = store.manifest()?;
        let integrity = store
            .verify()?
            .into_iter()
            .map(|(file, status)| IntegrityRow {
                sha256: manifest.get(&file).cloned().unwrap_or_default(),
                file,
                status,
            })
            .collect();
        // Runs read once for both lookups.
        let mut runs = std::collections::HashMap::new();
        let tls_summaries = current_observations(
            &evidence,
            &store,
            &mut runs,
            crate::model::checks::CheckId::TlsProtocols,
            |x| x.tls.as_ref().map(tls_summary),
        );
        let inventories = current_observations(
            &evidence,
            &store,
            &mut runs,
            crate::model::checks::CheckId::InventoryMonitoring,
            |x| x.traffic.clone(),
        );
        let attachments_ok = answers
            .answers
            .values()
            .flat_map(|a| a.attachments.iter())
            .map(|f| {
                (
                    f.sha256.clone(),
                    ws.attachment_state(&f.sha256) == crate::workspace::attachments::State::Ok,
                )
            })
            .collect();
        let classification = config.report.classification.trim().to_string();
        let (packs, report_approvals) = document_records(&entries);
        Ok(ReportData {
            period,
            packs,
            pack_version: None,
            report_approvals,
            attachments_ok,
            classification,
            generated_at: Utc::now(),
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            config,
            catalog,
            card,
            frameworks: selected,
            answers,
            evidence,
            policy,
            integrity,
            history: ws.history().load()?,
            journal_heads: crate::model::journal::heads(&entries),
            signers,
            answer_history: crate::model::journal::answer_history(&entries),
            soa: ws.soa()?,
            owners: ws.assignments()?,
            tls_summaries,
            inventories,
            inherited: assessment.inherited.clone(),
            config_text: crate::files::read_text(
                &ws.path(crate::workspace::config::CONFIG_FILE),
                crate::files::cap::CONFIG,
            )
            .unwrap_or_default(),
        })
    }

    /// Older than the evidence age limit at the time the scores were made.
    pub fn policy_is_stale(&self, at: DateTime<Utc>) -> bool {
        self.policy.now - at > chrono::Duration::days(i64::from(self.policy.evidence_max_age_days))
    }

    /// The organisation's name, or a placeholder so headers never read blank.
    pub fn organisation(&self) -> &str {
        non_empty(&self.config.organisation.name, "(organisation not set)")
    }

    pub fn system(&self) -> &str {
        non_empty(&self.config.system.name, "(system not set)")
    }
}

pub(crate) fn non_empty<'a>(s: &'a str, fallback: &'a str) -> &'a str {
    if s.trim().is_empty() {
        fallback
    } else {
        s
    }
}

/// Render the report in `format`. The JSON-based formats escape the
/// characters JSON leaves raw (DEL, C1, bidirectional controls) as
/// `\uXXXX`: the same values, safe wherever the file is shown.
pub fn render(data: &ReportData, format: Format) -> Result<Vec<u8>> {
    let bytes = render_raw(data, format)?;
    Ok(match format {
        Format::Json | Format::Sarif | Format::Ocsf | Format::Oscal => {
            match String::from_utf8(bytes) {
                Ok(text) => crate::sanitize::json(&text).into_owned().into_bytes(),
                Err(e) => e.into_bytes(),
            }
        }
        _ => bytes,
    })
}

fn render_raw(data: &ReportData, format: Format) -> Result<Vec<u8>> {
    Ok(match format {
        Format::Pdf => pdf::render(
            &layout::layout(&build::document(data)),
            &pdf::Meta {
                author: data.config.assessment.assessor.clone(),
                subject: format!(
                    "API security assessment of {} ({})",
                    data.system(),
                    data.frameworks.join(", ")
                ),
            },
        )?,
        Format::Html => html::render(&build::document(data)).into_bytes(),
        Format::Md => markdown::render(&build::document(data)).into_bytes(),
        Format::Json => json::render(data)?,
        Format::Csv => csv::render(data).into_bytes(),
        Format::Sarif => {
            let mut b = serde_json::to_vec_pretty(&sarif::render(data))?;
            b.push(b'\n');
            b
        }
        Format::Ocsf => ocsf::render(data).into_bytes(),
        Format::Oscal => {
            let mut b = serde_json::to_vec_pretty(&oscal::render(data))?;
            b.push(b'\n');
            b
        }
    })
}

/// Where a report goes when no path is given: date and time (UTC) in the
/// name, and a counter when that name is taken, so a report handed to an
/// auditor is never overwritten.
pub fn default_output(ws: &Workspace, format: Format, at: DateTime<Utc>) -> PathBuf {
    let stem = format!("apiassure-report-{}", at.format("%Y-%m-%dT%H%M%SZ"));
    let dir = ws.path(REPORTS_DIR);
    let mut path = dir.join(format!("{stem}.{}", format.extension()));
    let mut n = 2;
    while path.symlink_metadata().is_ok() {
        path = dir.join(format!("{stem}-{n}.{}", format.extension()));
        n += 1;
    }
    path
}

/// Build and write a report of the frameworks in scope; returns its path.
/// The TUI's export key calls this.
pub fn export(ws: &Workspace, format: Format, output: Option<PathBuf>) -> Result<PathBuf> {
    export_frameworks(ws, format, output, &[], None).map(|(path, _)| path)
}

/// Build and write a report; returns its path and the file's SHA-256.
pub fn export_frameworks(
    ws: &Workspace,
    format: Format,
    output: Option<PathBuf>,
    frameworks: &[String],
    period: Option<crate::period::Period>,
) -> Result<(PathBuf, String)> {
    let (bytes, generated_at) = build(ws, format, frameworks, period)?;
    if output.is_none() {
        // The workspace's own reports/ folder is never a link to elsewhere.
        let dir = ws.path(REPORTS_DIR);
        crate::files::ensure_real_dir(&dir).map_err(|source| ReportError::Write {
            path: dir.clone(),
            source,
        })?;
    }
    let path = output.unwrap_or_else(|| default_output(ws, format, generated_at));
    write(&path, &bytes)?;
    Ok((path, sha256_hex(&bytes)))
}

/// Build a report in memory (for `-o -`); returns its bytes and when it was made.
pub fn build(
    ws: &Workspace,
    format: Format,
    frameworks: &[String],
    period: Option<crate::period::Period>,
) -> Result<(Vec<u8>, DateTime<Utc>)> {
    let data = ReportData::load_for(ws, frameworks, period)?;
    Ok((render(&data, format)?, data.generated_at))
}

/// Reports go through an atomic rename, which replaces whatever is at the
/// path: only a regular file (or nothing) may be there.
fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Ok(meta) = path.symlink_metadata() {
        if !meta.file_type().is_file() {
            return Err(ReportError::NotRegular {
                path: path.to_path_buf(),
            });
        }
    }
    atomic::write_atomic(path, bytes).map_err(|source| ReportError::Write {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tls_summary_tests {
    use crate::model::evidence::tls::{
        CertInfo, CertificateObservation, ProtocolObservation, TlsObservation,
    };

    #[test]
    fn one_line_names_versions_suites_and_the_certificate() {
        let t = TlsObservation {
            protocols: vec![
                ProtocolObservation {
                    version: "TLSv1.2".into(),
                    offered: true,
                    cipher_suites: vec!["A".into(), "B".into()],
                    ..Default::default()
                },
                ProtocolObservation {
                    version: "TLSv1.1".into(),
                    offered: false,
                    ..Default::default()
                },
            ],
            certificate: Some(CertificateObservation {
                chain: vec![CertInfo {
                    subject: "CN=api.acme.test".into(),
                    issuer: "CN=Acme CA".into(),
                    not_after: "2027-01-01T00:00:00Z".into(),
                    key_type: "EC".into(),
                    key_bits: 256,
                    sha256_fingerprint: "AB:CD:EF:01:23:45:67:89:AB:CD".into(),
                    ..Default::default()
                }],
                trusted: true,
                ..Default::default()
            }),
            ..Default::default()
        };
        let s = super::tls_summary(&t);
        assert_eq!(
            s,
            "versions TLSv1.2; suites TLSv1.2 2; certificate CN=api.acme.test issued by CN=Acme CA, EC 256 bits, expires 2027-01-01T00:00:00Z, SHA-256 AB:CD:EF:01:23:45:67:89:AB:CD"
        );
    }
}
