//! What the TLS probe observed about one endpoint, as stored in evidence
//! files: protocol versions, accepted suites, key exchange, the certificate
//! chain and what verification said. Plain data; the probe fills it in
//! (`crate::probe::tls`), checks and reports read it.

use serde::{Deserialize, Serialize};

/// One accepted suite and the key exchange seen when the server picked it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SuiteObservation {
    /// Code point, e.g. `0xC02F`.
    pub id: String,
    pub name: String,
    /// Group (`x25519`), DH prime size (`DH 2048`) or export RSA size (`RSA 512`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kex: Option<String>,
}

/// One protocol version.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProtocolObservation {
    /// `SSLv2`, `SSLv3`, `TLSv1.0`, `TLSv1.1`, `TLSv1.2` or `TLSv1.3`.
    pub version: String,
    pub offered: bool,
    /// Set when whether it is offered (or its full suite list) could not be determined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Accepted suites by IANA name, in the order the server picked them.
    #[serde(default)]
    pub cipher_suites: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suites: Vec<SuiteObservation>,
    /// Whether the server picks by its own order (tested with two or more suites).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_preference: Option<bool>,
}

/// Key exchange groups and parameters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KexObservation {
    /// ECDHE groups accepted with TLS <= 1.2 suites, in the order the server picked them.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Groups accepted in TLS 1.3 (key_share or HelloRetryRequest).
    #[serde(default)]
    pub groups_tls13: Vec<String>,
    /// Distinct DH prime sizes seen in DHE ServerKeyExchange messages.
    #[serde(default)]
    pub dh_bits: Vec<u32>,
    /// Temporary RSA key sizes of EXPORT key exchanges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rsa_export_bits: Vec<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}

/// TLS_FALLBACK_SCSV test (RFC 7507), run when a version below TLS 1.2 is offered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FallbackObservation {
    /// The lower version offered with the SCSV.
    pub version: String,
    /// `Some(true)`: refused with inappropriate_fallback; `Some(false)`: downgrade accepted.
    pub supported: Option<bool>,
    pub detail: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TlsObservation {
    pub host: String,
    pub port: u16,
    /// Set when the target could not be scanned at all (unreachable, not TLS, silent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Name sent as SNI and matched against the certificate (absent for IP literals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_name: Option<String>,
    /// Address connected to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// All six versions, oldest first.
    #[serde(default)]
    pub protocols: Vec<ProtocolObservation>,
    /// The certificate that decides the checks: the worst one when the
    /// server holds several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateObservation>,
    /// Every distinct certificate found (by the suites or signature
    /// algorithms that select it), when there is more than one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<CertificateObservation>,
    /// Set when the server asked for a client certificate (mutual TLS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_auth: Option<ClientAuthObservation>,
    /// Set when the server refused every handshake for want of the right
    /// server name: the scan of this address is inconclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sni_required: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_error: Option<String>,
    #[serde(default)]
    pub kex: KexObservation,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback_scsv: Option<FallbackObservation>,
    /// Observations that are neither findings nor errors (refusal alerts, odd answers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Connections opened for this scan.
    #[serde(default)]
    pub handshakes: u32,
    #[serde(default)]
    pub duration_ms: u64,
}

impl TlsObservation {
    pub fn protocol(&self, version: &str) -> Option<&ProtocolObservation> {
        self.protocols.iter().find(|p| p.version == version)
    }

    pub fn offered(&self, version: &str) -> bool {
        self.protocol(version).is_some_and(|p| p.offered)
    }

    /// Every certificate found: the list when the server holds several,
    /// else the one certificate.
    pub fn all_certificates(&self) -> Vec<&CertificateObservation> {
        if self.certificates.is_empty() {
            self.certificate.iter().collect()
        } else {
            self.certificates.iter().collect()
        }
    }
}

/// A request for a client certificate (CertificateRequest, RFC 8446 4.3.2,
/// RFC 5246 7.4.4): mutual TLS.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClientAuthObservation {
    /// `Some(true)`: a client without a certificate is refused;
    /// `Some(false)`: it is let in; `None`: could not tell.
    pub required: Option<bool>,
    /// Versions whose handshake carried the request.
    #[serde(default)]
    pub versions: Vec<String>,
    /// CAs the server names as acceptable issuers of client certificates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acceptable_cas: Vec<String>,
    pub detail: String,
    /// The handshake lets a client without a certificate through, but the
    /// HTTP layer refuses it (copied from the HTTP probe of the same target).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused_over_http: Option<String>,
}

/// One certificate of the chain, as sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CertInfo {
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    pub not_before: String,
    pub not_after: String,
    pub lifetime_days: i64,
    /// RSA, EC, Ed25519, Ed448, DSA or the algorithm OID.
    pub key_type: String,
    pub key_bits: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub curve: Option<String>,
    pub signature_algorithm: String,
    pub sha256_fingerprint: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subject_alt_names: Vec<String>,
    #[serde(default)]
    pub is_ca: bool,
    #[serde(default)]
    pub self_issued: bool,
    #[serde(skip)]
    pub(crate) not_before_ts: i64,
    #[serde(skip)]
    pub(crate) not_after_ts: i64,
}

/// The server certificate and what verification said about it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CertificateObservation {
    /// What selected this certificate when the server holds several:
    /// `ECDSA`, `RSA`, `RSA-PSS`, `EdDSA` (absent when there is one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected_by: Option<String>,
    /// Leaf first, in the order the server sent them.
    pub chain: Vec<CertInfo>,
    /// A path to a trust anchor exists and every check passed (dates included, name excluded).
    pub trusted: bool,
    /// Why verification failed, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_error: Option<String>,
    /// Expired or not yet valid, but otherwise chains to a trusted root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trusted_ignoring_dates: Option<bool>,
    pub self_signed: bool,
    pub expired: bool,
    pub not_yet_valid: bool,
    pub days_to_expiry: i64,
    /// The name checked against the certificate (the scanned host name or IP).
    pub name_checked: String,
    pub name_matches: bool,
    /// Each certificate is followed by its issuer.
    pub chain_in_order: bool,
    /// Whether the chain reaches a root: the last certificate sent is
    /// self-issued or issued by a trust anchor. `Some(false)` names the
    /// missing issuer in `missing_issuer`. (`None` only in evidence files
    /// written before this was always decided.)
    #[serde(default)]
    pub chain_complete: Option<bool>,
    /// Issuer of the last certificate sent, when it is neither sent nor a known root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_issuer: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chain_notes: Vec<String>,
    pub ocsp_stapled: bool,
    /// Which handshake the chain came from.
    pub source: String,
    /// Which trust store was used.
    pub roots: String,
}
