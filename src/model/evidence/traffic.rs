//! What `apiassure traffic` found in access logs, as stored in evidence:
//! endpoint templates with counts, first and last seen and status classes,
//! reconciled with the OpenAPI document. Only templates and aggregates: no
//! client address, user agent, user id or query-string value is ever kept.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One log file read: what it was, so the result can be recomputed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LogSource {
    /// The file name as given (no content of the file).
    pub file: String,
    pub bytes: u64,
    /// SHA-256 of the file's bytes as stored (compressed when gzip).
    pub sha256: String,
    /// `combined`, `common`, `w3c`, `alb`, `json`, `har`.
    pub format: String,
    #[serde(default)]
    pub gzip: bool,
    /// Records read (lines, or HAR entries).
    pub records: u64,
    /// Records that were not requests this reader understands (their
    /// content is never repeated: it may hold personal data).
    #[serde(default)]
    pub skipped: u64,
    /// Requests for another host than the target's (when the log names hosts).
    #[serde(default)]
    pub other_hosts: u64,
}

/// How many responses of each class an endpoint gave.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    #[serde(rename = "2xx")]
    pub s2xx: u64,
    #[serde(rename = "3xx")]
    pub s3xx: u64,
    #[serde(rename = "401")]
    pub s401: u64,
    #[serde(rename = "403")]
    pub s403: u64,
    #[serde(rename = "404")]
    pub s404: u64,
    #[serde(rename = "429")]
    pub s429: u64,
    /// Other 4xx (400, 405, 410, 422 ...).
    #[serde(rename = "4xx")]
    pub s4xx: u64,
    #[serde(rename = "5xx")]
    pub s5xx: u64,
    /// Status codes outside 100-599, or `-`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub other: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl StatusCounts {
    pub fn add(&mut self, status: u16) {
        match status {
            200..=299 => self.s2xx += 1,
            300..=399 => self.s3xx += 1,
            401 => self.s401 += 1,
            403 => self.s403 += 1,
            404 => self.s404 += 1,
            429 => self.s429 += 1,
            400..=499 => self.s4xx += 1,
            500..=599 => self.s5xx += 1,
            _ => self.other += 1,
        }
    }

    pub fn merge(&mut self, o: &StatusCounts) {
        self.s2xx += o.s2xx;
        self.s3xx += o.s3xx;
        self.s401 += o.s401;
        self.s403 += o.s403;
        self.s404 += o.s404;
        self.s429 += o.s429;
        self.s4xx += o.s4xx;
        self.s5xx += o.s5xx;
        self.other += o.other;
    }

    pub fn total(&self) -> u64 {
        self.s2xx
            + self.s3xx
            + self.s401
            + self.s403
            + self.s404
            + self.s429
            + self.s4xx
            + self.s5xx
            + self.other
    }

    /// Authentication and authorization refusals (401 and 403).
    pub fn auth_failures(&self) -> u64 {
        self.s401 + self.s403
    }
}

/// What an observed endpoint is, against the OpenAPI document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EndpointKind {
    /// An operation of the document.
    Documented,
    /// An operation the document marks `deprecated`, still called.
    Deprecated,
    /// Answered, but not in the document (a shadow endpoint).
    Shadow,
    /// Answered under an API version the document does not describe.
    UndocumentedVersion,
    /// Never answered as an existing endpoint (404, 405, 410, 501 only):
    /// scanners and typos, not an API.
    NotServed,
    /// No document to compare with.
    Unreconciled,
}

impl EndpointKind {
    /// The order views list endpoints in: findings first (shadow, old
    /// version, deprecated), then the rest.
    pub fn finding_rank(self) -> u8 {
        match self {
            EndpointKind::Shadow => 0,
            EndpointKind::UndocumentedVersion => 1,
            EndpointKind::Deprecated => 2,
            EndpointKind::Unreconciled => 3,
            EndpointKind::Documented => 4,
            EndpointKind::NotServed => 5,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EndpointKind::Documented => "documented",
            EndpointKind::Deprecated => "deprecated",
            EndpointKind::Shadow => "shadow",
            EndpointKind::UndocumentedVersion => "undocumented-version",
            EndpointKind::NotServed => "not-served",
            EndpointKind::Unreconciled => "unreconciled",
        }
    }
}

/// One endpoint template seen in traffic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Endpoint {
    pub method: String,
    /// `/v2/users/{id}`: the document's path when it matched (with the
    /// server's base path), else the generalised request path.
    pub template: String,
    pub kind: EndpointKind,
    /// `v1`, `v2` ... when the path carries a version segment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    pub requests: u64,
    /// Requests answered as an existing endpoint (not 404/405/410/501).
    pub served: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<DateTime<Utc>>,
    pub status: StatusCounts,
    /// The document's sunset date for a deprecated operation (`x-sunset`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sunset: Option<String>,
}

/// The inventory built from traffic.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrafficObservation {
    pub sources: Vec<LogSource>,
    /// The OpenAPI document reconciled against, when one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openapi: Option<String>,
    /// API versions the document describes (`v2`).
    #[serde(default)]
    pub documented_versions: Vec<String>,
    /// Operations the document describes.
    #[serde(default)]
    pub documented_operations: u64,
    pub requests: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<DateTime<Utc>>,
    pub status: StatusCounts,
    /// Every served endpoint, most requested first (not-served ones are
    /// only counted below).
    pub endpoints: Vec<Endpoint>,
    /// Requests to paths that were never served (404/405/410/501 only).
    #[serde(default)]
    pub not_served_requests: u64,
    #[serde(default)]
    pub not_served_templates: u64,
    /// Documented operations never seen (`GET /v2/pets/{id}`).
    #[serde(default)]
    pub unused: Vec<String>,
    /// Requests folded into `{other}` once the template limit was reached.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub overflow: u64,
}
