//! HTTP evidence. CONTRACT STUB: the HTTP probes replace this file and keep
//! these signatures (`HttpOptions`, `HttpInput`, `HttpReport`, `probe`).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::CertificateDer;
use serde::{Deserialize, Serialize};

use crate::model::CheckResult;
use crate::probe::secret::Secret;
use crate::workspace::config::{AuthzMatrix, Target};

#[derive(Debug, Clone)]
pub struct HttpOptions {
    pub timeout: Duration,
    /// Run active tests (burst, forged tokens, malformed bodies).
    pub active: bool,
    /// Requests in the rate-limit burst (already capped by the runner).
    pub burst_limit: u32,
    pub extra_roots: Arc<Vec<CertificateDer<'static>>>,
    /// Response bodies are read up to this many bytes.
    pub max_body_bytes: usize,
}

/// Each role's name and token.
pub type RoleTokens = Vec<(String, Option<Secret>)>;

/// One target and what the operator declared about it.
#[derive(Debug)]
pub struct HttpInput<'a> {
    pub target: &'a Target,
    /// The target's token, from the env var named by `token_env`.
    pub token: Option<Secret>,
    /// Authorization matrices for this target, with each role's token resolved.
    pub authz: Vec<(&'a AuthzMatrix, RoleTokens)>,
    /// Every declared target: redirects are followed only within these, and
    /// OpenAPI servers are compared with them.
    pub declared: &'a [Target],
    /// Workspace folder, for OpenAPI files given by relative path.
    pub workspace_root: &'a Path,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct HttpReport {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Probe one target over HTTP. Never panics; failures become `error` results.
pub async fn probe(input: &HttpInput<'_>, opts: &HttpOptions) -> (HttpReport, Vec<CheckResult>) {
    let _ = (input, opts);
    (HttpReport::default(), Vec::new())
}
