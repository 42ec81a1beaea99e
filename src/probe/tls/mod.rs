//! TLS evidence. CONTRACT STUB: the handshake engine replaces this file and
//! keeps these signatures (`TlsOptions`, `TlsReport`, `scan`, `checks`).

use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::CertificateDer;
use serde::{Deserialize, Serialize};

use crate::model::{CheckOutcome, CheckResult};

#[derive(Debug, Clone)]
pub struct TlsOptions {
    /// Per connection and per read timeout.
    pub timeout: Duration,
    /// Extra trust anchors (from --ca-file / [probe].ca_file).
    pub extra_roots: Arc<Vec<CertificateDer<'static>>>,
    /// Handshakes one target may have in flight at once.
    pub handshake_concurrency: usize,
}

/// Parse a PEM file of CA certificates; the error names the file and what to do.
pub fn load_ca_file(path: &std::path::Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let data = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let certs: Vec<_> = rustls_pemfile::certs(&mut data.as_slice())
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{}: not a PEM certificate file: {e}", path.display()))?;
    if certs.is_empty() {
        return Err(format!(
            "{}: no PEM certificates found; pass a file with -----BEGIN CERTIFICATE----- blocks",
            path.display()
        ));
    }
    Ok(certs)
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TlsReport {
    pub host: String,
    pub port: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Scan one endpoint. Never panics and never hangs past the timeouts: failures
/// are recorded in the report.
pub async fn scan(host: &str, port: u16, opts: &TlsOptions) -> TlsReport {
    let _ = opts;
    TlsReport {
        host: host.to_string(),
        port,
        error: Some("TLS engine not built yet".into()),
    }
}

/// Every tls.* check result for a report.
pub fn checks(report: &TlsReport) -> Vec<CheckResult> {
    vec![CheckResult::new(
        "tls.protocols",
        CheckOutcome::Error,
        report.error.clone().unwrap_or_default(),
    )]
}
