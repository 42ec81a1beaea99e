//! What the HTTP probe observed about one target, as stored in evidence
//! files: the exchanges (credentials redacted), the operator's JWT claims,
//! rate-limit headers and bursts, the OpenAPI inventory and the
//! authorization matrix. Plain data; the probe fills it in
//! (`crate::probe::http`), checks and reports read it.

use serde::{Deserialize, Serialize};

use super::CheckOutcome;

/// A header as evidence shows it (credential values already redacted).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Header {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub value: String,
}

/// One request and its response, as kept in the evidence.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    /// Why the probe sent it, e.g. `baseline without credentials`.
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub method: String,
    /// Query credentials and known tokens replaced by `[REDACTED]`.
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub request_headers: Vec<Header>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// `HTTP/1.1` or `HTTP/2.0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default)]
    pub response_headers: Vec<Header>,
    /// Bytes of body read (at most `max_body_bytes`); the body is not kept.
    #[serde(default)]
    pub body_bytes: usize,
    #[serde(default)]
    pub body_truncated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default)]
    pub elapsed_ms: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HttpObservation {
    /// The target URL probed.
    #[serde(default)]
    pub url: String,
    /// Why the target could not be probed (TLS verification, connection).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Protocol of the baseline response (`HTTP/1.1`, `HTTP/2.0`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_version: Option<String>,
    /// Whether active tests ran.
    #[serde(default)]
    pub active: bool,
    #[serde(default)]
    pub exchanges: Vec<Exchange>,
    /// What the operator's JWT says (never the token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt: Option<JwtSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<RateLimitInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burst: Option<BurstSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openapi: Option<Inventory>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authz: Vec<AuthzCell>,
    /// The server asked for a client certificate in the handshake and
    /// refused the request without one in HTTP (what it answered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_cert_refusal: Option<String>,
    /// Every request the probe sent, in order: what it did, for the owner
    /// of the API to see (repeats in a row are one line with a count).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requests: Vec<SentRequest>,
    /// Well-known paths that served something they should not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exposure: Vec<Exposed>,
    /// The vulnerability-disclosure contact (RFC 9116), when served.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_txt: Option<SecurityTxt>,
}

/// One request the probe sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SentRequest {
    pub method: String,
    /// Credentials in the query replaced by `[REDACTED]`.
    pub url: String,
    /// `None` when no response came (refused, timed out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Sent this many times in a row (a burst).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub count: u32,
}

fn one() -> u32 {
    1
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

/// Something a well-known path served: what it is, never its content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exposed {
    pub path: String,
    pub status: u16,
    /// What was recognised, e.g. `Git repository metadata`.
    pub what: String,
    pub result: CheckOutcome,
    /// Names of the keys a secret file holds (never their values).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
}

/// `/.well-known/security.txt` as read (RFC 9116).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SecurityTxt {
    pub url: String,
    #[serde(default)]
    pub contacts: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy: Vec<String>,
}

/// What the report keeps about the operator's token.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct JwtSummary {
    #[serde(default)]
    pub alg: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typ: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aud: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    /// exp - iat (or exp - now without iat), seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifetime_secs: Option<i64>,
    #[serde(default)]
    pub expired: bool,
}

/// Rate-limit headers as seen, with the numbers we could read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RateLimitInfo {
    /// Dialects seen: "ietf", "ietf-legacy", "x-ratelimit", "retry-after".
    #[serde(default)]
    pub dialects: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining: Option<u64>,
    /// Seconds until the window resets (as the server states it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset: Option<u64>,
    /// Window in seconds from a policy (`w=` / `;w=`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<u64>,
    /// The raw headers, `name: value`.
    #[serde(default)]
    pub headers: Vec<String>,
}

/// What a burst observed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BurstSummary {
    /// Requests sent (including the one that got 429).
    #[serde(default)]
    pub sent: u32,
    #[serde(default)]
    pub limit: u32,
    /// Request number (1-based) that first got 429.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_429: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<String>,
    /// Status code -> count.
    #[serde(default)]
    pub statuses: std::collections::BTreeMap<String, u32>,
    #[serde(default)]
    pub errors: u32,
    #[serde(default)]
    pub elapsed_ms: u64,
}

impl RateLimitInfo {
    pub fn is_empty(&self) -> bool {
        self.dialects.is_empty()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    pub method: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// Effective requirements, one entry per alternative: `bearerAuth`,
    /// `apiKey + oauth2`, or `(anonymous)` for `{}`.
    #[serde(default)]
    pub security: Vec<String>,
    /// False when anyone may call it: no requirement, `security: []`, or `{}`.
    #[serde(default)]
    pub secured: bool,
    #[serde(default)]
    pub deprecated: bool,
    /// What probing a deprecated GET observed, e.g. `GET https://… -> 200`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probed: Option<String>,
    /// The deprecated operation still answers (not 404/410).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub still_served: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Inventory {
    /// File path or URL the document came from.
    #[serde(default)]
    pub source: String,
    /// The `openapi` field, e.g. `3.1.0`.
    #[serde(default)]
    pub openapi: String,
    #[serde(default)]
    pub title: String,
    /// `info.version`: the API's own version.
    #[serde(default)]
    pub version: String,
    /// Server URLs, variables substituted, relative ones resolved.
    #[serde(default)]
    pub servers: Vec<String>,
    #[serde(default)]
    pub operations: Vec<Operation>,
    /// Servers whose origin is not a declared target (shadow API candidates).
    #[serde(default)]
    pub undeclared_servers: Vec<String>,
    /// Declared endpoints the document does not describe.
    #[serde(default)]
    pub undocumented: Vec<String>,
}

/// What a status says about access.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthzAccess {
    Allowed,
    Denied,
    /// 3xx, 5xx and other codes: no verdict.
    Unclear,
    /// Not sent (unsafe method without --active, or the role's token is unset).
    #[default]
    NotRun,
    /// The request failed.
    Failed,
}

/// One endpoint x role.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthzCell {
    pub method: String,
    pub path: String,
    pub role: String,
    /// The matrix says this role must be allowed.
    pub expect_allow: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    pub access: AuthzAccess,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl AuthzCell {
    pub fn outcome(&self) -> CheckOutcome {
        match (self.expect_allow, self.access) {
            (false, AuthzAccess::Allowed) => CheckOutcome::Fail,
            (true, AuthzAccess::Denied) => CheckOutcome::Warn,
            (_, AuthzAccess::Allowed | AuthzAccess::Denied) => CheckOutcome::Pass,
            (_, AuthzAccess::Unclear | AuthzAccess::Failed) => CheckOutcome::Error,
            (_, AuthzAccess::NotRun) => CheckOutcome::Info,
        }
    }

    /// One line for the check details: request, expectation, outcome.
    pub fn line(&self) -> String {
        format!(
            "{} {} as {}: expected {}, got {}{}{}",
            self.method,
            self.path,
            self.role,
            if self.expect_allow { "allow" } else { "deny" },
            self.status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "-".into()),
            match self.access {
                AuthzAccess::Allowed => " (allowed)",
                AuthzAccess::Denied => " (denied)",
                AuthzAccess::Unclear => " (unclear)",
                AuthzAccess::NotRun => " (not run)",
                AuthzAccess::Failed => " (failed)",
            },
            self.note
                .as_deref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default()
        )
    }
}
