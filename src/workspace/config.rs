//! `apiassure.toml`: who is assessed, against which frameworks, and which
//! targets probes may contact. Tokens are never stored here, only the names
//! of the environment variables that hold them.

use serde::{Deserialize, Serialize};

pub const CONFIG_FILE: &str = "apiassure.toml";
pub const CONFIG_SCHEMA_VERSION: u32 = 1;

/// Frameworks in scope when the config names none.
pub const DEFAULT_FRAMEWORKS: &[&str] = &[
    "iso27001-2022",
    "soc2",
    "gdpr",
    "nis2",
    "techdd",
    "owasp-api-2023",
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub schema_version: u32,
    #[serde(default)]
    pub organisation: Organisation,
    #[serde(default)]
    pub system: System,
    #[serde(default)]
    pub assessment: Assessment,
    #[serde(default)]
    pub probe: ProbeSettings,
    #[serde(default)]
    pub targets: Vec<Target>,
    #[serde(default)]
    pub authz: Vec<AuthzMatrix>,
    #[serde(default)]
    pub report: ReportSettings,
    #[serde(default)]
    pub audit: AuditSettings,
    /// How often a control's periodic practice must happen, overriding the
    /// catalog: `"AUTHZ-04" = "monthly"`.
    #[serde(default)]
    pub recurring: std::collections::BTreeMap<String, crate::model::catalog::Frequency>,
    /// Controls answered and evidenced by another workspace (a platform
    /// team's gateway), read from it, never copied here.
    #[serde(default)]
    pub inherit: Vec<Inherit>,
}

/// `[[inherit]] workspace = "../platform"`, `controls = ["GW-01", ...]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inherit {
    /// The workspace folder, relative to this one.
    pub workspace: String,
    /// Catalog control ids taken from it.
    pub controls: Vec<String>,
}

/// `[audit]`: the period an audit report covers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditSettings {
    /// `START..END` (dates, inclusive): what `report` assesses for
    /// operating effectiveness unless `--period` says otherwise.
    #[serde(default)]
    pub period: Option<String>,
}

/// `[report]`: how reports are marked, and how large an attached evidence
/// file may be.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSettings {
    /// The classification marking on every page ("Confidential" unless set).
    #[serde(default = "default_classification")]
    pub classification: String,
    /// The largest evidence file `answer --attach` stores, in MiB.
    #[serde(default = "default_attachment_max_mib")]
    pub attachment_max_mib: u64,
}

impl Default for ReportSettings {
    fn default() -> Self {
        ReportSettings {
            classification: default_classification(),
            attachment_max_mib: default_attachment_max_mib(),
        }
    }
}

fn default_classification() -> String {
    "Confidential".into()
}

fn default_attachment_max_mib() -> u64 {
    25
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct System {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// What is in scope of the assessment, in the assessor's words.
    #[serde(default)]
    pub scope: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    #[serde(default)]
    pub assessor: String,
    /// Framework ids in scope; empty means all six built-in frameworks.
    #[serde(default)]
    pub frameworks: Vec<String>,
    /// An answer older than this many days is *due* for review (an
    /// answer's own `review_by` date, when set, decides instead).
    #[serde(default = "default_answer_review_days")]
    pub answer_review_days: u32,
    /// Four-eyes: an answer counts only once someone other than its
    /// answerer approved it (`apiassure approve`).
    #[serde(default)]
    pub require_approval: bool,
}

impl Default for Assessment {
    fn default() -> Self {
        Assessment {
            assessor: String::new(),
            frameworks: Vec::new(),
            answer_review_days: default_answer_review_days(),
            require_approval: false,
        }
    }
}

fn default_answer_review_days() -> u32 {
    365
}

impl Assessment {
    pub fn frameworks_in_scope(&self) -> Vec<String> {
        if self.frameworks.is_empty() {
            DEFAULT_FRAMEWORKS.iter().map(|s| s.to_string()).collect()
        } else {
            self.frameworks.clone()
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbeSettings {
    /// Targets probed at once.
    #[serde(default = "default_concurrency")]
    pub concurrency: usize,
    /// Per connection / request timeout, seconds.
    #[serde(default = "default_timeout")]
    pub timeout_secs: f64,
    /// Run active tests (bursts, forged tokens, malformed bodies).
    #[serde(default)]
    pub active: bool,
    /// Requests in a rate-limit burst; capped at `MAX_BURST`.
    #[serde(default = "default_burst")]
    pub burst_limit: u32,
    /// Extra trust anchors (PEM) for internal CAs, relative to the workspace.
    #[serde(default)]
    pub ca_file: Option<String>,
    /// A check result older than this many days is *stale*: it no longer
    /// counts as current evidence.
    #[serde(default = "default_evidence_max_age")]
    pub evidence_max_age_days: u32,
    /// Over an audit period, a silence longer than this many days between
    /// observations of a target is a monitoring gap.
    #[serde(default = "default_max_gap_days")]
    pub max_gap_days: u32,
}

fn default_evidence_max_age() -> u32 {
    90
}

fn default_max_gap_days() -> u32 {
    30
}

/// Hard cap on any burst, whatever the configuration says.
pub const MAX_BURST: u32 = 500;

fn default_concurrency() -> usize {
    16
}
fn default_timeout() -> f64 {
    10.0
}
fn default_burst() -> u32 {
    30
}

impl Default for ProbeSettings {
    fn default() -> Self {
        ProbeSettings {
            concurrency: default_concurrency(),
            timeout_secs: default_timeout(),
            active: false,
            burst_limit: default_burst(),
            ca_file: None,
            evidence_max_age_days: default_evidence_max_age(),
            max_gap_days: default_max_gap_days(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthScheme {
    #[default]
    Bearer,
    ApiKey,
    Basic,
}

/// A declared target: probes contact nothing else.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// URL of a representative endpoint, e.g. `https://api.example.com/v1/orders`.
    pub url: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Name of the environment variable holding this target's token.
    #[serde(default)]
    pub token_env: Option<String>,
    #[serde(default)]
    pub auth_scheme: AuthScheme,
    /// Header carrying the key when `auth_scheme = "api-key"`.
    #[serde(default)]
    pub api_key_header: Option<String>,
    /// Extra paths on the same origin to probe.
    #[serde(default)]
    pub paths: Vec<String>,
    /// OpenAPI document (file relative to the workspace, or URL) describing this API.
    #[serde(default)]
    pub openapi: Option<String>,
    /// OAuth 2.0 / OpenID Connect issuer whose metadata (RFC 8414, OIDC
    /// Discovery) and signing keys are checked. It must be on a declared
    /// target's origin; without it the target's own origin is tried.
    #[serde(default)]
    pub oauth_issuer: Option<String>,
    /// Port of the cleartext listener that `http.redirect` checks for an
    /// https target (default 80).
    #[serde(default)]
    pub http_port: Option<u16>,
    /// Connect to this address (`10.0.0.5` or `10.0.0.5:443`) instead of
    /// resolving the URL's host, still sending the host as the server name:
    /// one node of a cluster, or a staging address serving the real name.
    #[serde(default)]
    pub connect_to: Option<String>,
    /// Client certificate (PEM, with its chain) for servers that require
    /// mutual TLS, relative to the workspace; needs `client_key`.
    #[serde(default)]
    pub client_cert: Option<String>,
    /// Private key (PEM) of `client_cert`. Keep it out of version control.
    #[serde(default)]
    pub client_key: Option<String>,
}

/// A configuration every command refuses, whatever it does with the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The URL is shown without its user name and password.
    #[error("{target}: {field} '{shown}' was written with a user name or password (user:password@host); credentials never go in URLs (they would reach every report): remove them and name an environment variable with token_env")]
    CredentialsInUrl {
        target: String,
        field: &'static str,
        shown: String,
    },
}

impl Config {
    /// Rules every command enforces, whatever it does with the file: no
    /// URL carries a user name or password (it would be written into every
    /// report). The error never repeats the credential.
    pub fn validate(&self) -> Result<(), ConfigError> {
        for (i, t) in self.targets.iter().enumerate() {
            let urls = [
                ("url", Some(t.url.as_str())),
                ("openapi", t.openapi.as_deref()),
                ("oauth_issuer", t.oauth_issuer.as_deref()),
            ];
            for (field, value) in urls {
                let Some(v) = value else { continue };
                if let Ok(u) = url::Url::parse(v) {
                    if !u.username().is_empty() || u.password().is_some() {
                        let target = if t.name.is_empty() {
                            format!("target {}", i + 1)
                        } else {
                            format!("target '{}'", crate::sanitize::line(&t.name))
                        };
                        let mut shown = u.clone();
                        let _ = shown.set_username("");
                        let _ = shown.set_password(None);
                        return Err(ConfigError::CredentialsInUrl {
                            target,
                            field,
                            shown: shown.to_string(),
                        });
                    }
                }
            }
        }
        Ok(())
    }
}

impl Target {
    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            &self.url
        } else {
            &self.name
        }
    }
}

/// An authorization matrix: which roles may call which endpoints.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthzMatrix {
    /// Name (or URL) of the declared target the paths are relative to.
    pub target: String,
    #[serde(default)]
    pub roles: Vec<AuthzRole>,
    #[serde(default)]
    pub endpoints: Vec<AuthzEndpoint>,
}

impl AuthzMatrix {
    /// Whether this matrix belongs to `target` (named by name or URL).
    pub fn applies_to(&self, target: &Target) -> bool {
        self.target == target.name || self.target == target.url
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthzRole {
    pub name: String,
    /// Environment variable with this role's token; absent means anonymous.
    #[serde(default)]
    pub token_env: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthzEndpoint {
    #[serde(default = "default_method")]
    pub method: String,
    pub path: String,
    /// Roles that must be allowed; every other role must be denied.
    #[serde(default)]
    pub allow: Vec<String>,
}

fn default_method() -> String {
    "GET".to_string()
}

/// The commented `apiassure.toml` written by `apiassure init`.
pub fn template(org: &str, system: &str) -> String {
    let org = toml_string(org);
    let system = toml_string(system);
    format!(
        r#"# apiassure workspace: assessment-as-code. Keep this folder in git.
schema_version = 1

[organisation]
name = {org}

[system]
name = {system}
description = ""
# What the assessment covers, in your words (APIs, environments, exclusions).
scope = ""

[assessment]
# Who answers for this assessment (shown on reports).
assessor = ""
# Frameworks in scope. Built in: iso27001-2022, soc2, gdpr, nis2, techdd,
# owasp-api-2023. Add your own under frameworks/ (see README).
frameworks = ["iso27001-2022", "soc2", "gdpr", "nis2", "techdd", "owasp-api-2023"]
# Answers older than this many days are due for review (an answer's own
# review_by date decides instead).
answer_review_days = 365

[probe]
# Targets probed at once, and the per-connection timeout in seconds.
concurrency = 16
timeout_secs = 10
# Active tests send unusual traffic: a bounded request burst, forged
# (alg=none, expired) tokens, malformed bodies. Off unless you opt in here
# or with `apiassure probe --active`.
active = false
burst_limit = 30
# Extra trust anchors for internal CAs (PEM), relative to this folder.
# ca_file = "internal-ca.pem"
# Check results older than this many days are stale: no longer current.
evidence_max_age_days = 90

[report]
# The marking on every page of the reports.
classification = "Confidential"
# The largest evidence file `answer --attach` stores, in MiB.
attachment_max_mib = 25

# Targets: probes contact these and nothing else.
# [[targets]]
# name = "public-api"
# url = "https://api.example.com/v1/orders"     # a representative endpoint
# tags = ["production"]
# token_env = "APIASSURE_TOKEN_PUBLIC_API"      # the NAME of an env var; never the token
# auth_scheme = "bearer"                        # bearer | api-key | basic
# api_key_header = "X-API-Key"                  # for auth_scheme = "api-key"
# paths = ["/v1/customers"]                     # more endpoints on the same origin
# openapi = "openapi.yaml"                      # file or URL of the OpenAPI document (reviewed by probe and lint)
# oauth_issuer = "https://id.acme.example"       # OAuth / OIDC issuer whose metadata and keys are checked
# http_port = 80                                # cleartext port checked for the redirect to https
# connect_to = "10.0.0.5:443"                   # connect here, still sending the URL's host name (like curl --resolve)
# client_cert = "client.pem"                    # mutual TLS: client certificate (PEM) for the HTTP checks
# client_key = "client.key"                     # and its private key (PEM); never stored in evidence

# Authorization matrix: who may call what (BOLA / BFLA evidence).
# [[authz]]
# target = "public-api"
# roles = [
#   {{ name = "alice", token_env = "APIASSURE_TOKEN_ALICE" }},
#   {{ name = "bob", token_env = "APIASSURE_TOKEN_BOB" }},
# ]
# endpoints = [
#   {{ method = "GET", path = "/v1/orders/1001", allow = ["alice"] }},
# ]
"#
    )
}

/// A TOML basic string literal.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_parses_and_round_trips_names() {
        let text = template("Acme \"Labs\"", "Payments API");
        let cfg: Config = toml::from_str(&text).unwrap();
        assert_eq!(cfg.organisation.name, "Acme \"Labs\"");
        assert_eq!(cfg.system.name, "Payments API");
        assert_eq!(cfg.assessment.frameworks_in_scope().len(), 6);
        assert!(cfg.targets.is_empty());
    }
}
