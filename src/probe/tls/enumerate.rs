//! Enumeration by elimination: offer every candidate, note what the server
//! picks, take it out, offer the rest again, until the server refuses. That
//! costs accepted + 1 handshakes per batch of at most 128 candidates, instead
//! of one handshake per candidate. The same loop finds named groups (TLS 1.2:
//! ServerKeyExchange curve; TLS 1.3: key_share or HelloRetryRequest group).

use futures_util::future::join_all;

use super::conn::{HandshakeError, Target};
use super::hello::{HelloSpec, MAX_SUITES_PER_HELLO, TLS12, TLS13};
use super::parse::{self, KexParams, Response, ServerFlight, Ssl2Response};
use super::suites::{self, Suite};

/// Wire code used for SSLv2 in this module (SSLv2 has its own hello format).
pub const SSL2: u16 = 0x0002;

/// What one version's enumeration found.
#[derive(Debug, Default)]
pub struct VersionScan {
    pub version: u16,
    pub offered: bool,
    pub error: Option<String>,
    /// Accepted suites in the order the server picked them, with the key
    /// exchange parameters seen in that handshake.
    pub accepted: Vec<(u16, Option<KexParams>)>,
    /// SSLv2 cipher kinds (SSLv2 only).
    pub ssl2_ciphers: Vec<u32>,
    /// First complete flight that carried a certificate (TLS <= 1.2).
    pub flight: Option<ServerFlight>,
    pub notes: Vec<String>,
}

#[derive(Debug, Default)]
struct Batch {
    accepted: Vec<(u16, Option<KexParams>)>,
    flight: Option<ServerFlight>,
    error: Option<HandshakeError>,
    notes: Vec<String>,
}

pub fn version_name(v: u16) -> &'static str {
    match v {
        SSL2 => "SSLv2",
        0x0300 => "SSLv3",
        0x0301 => "TLSv1.0",
        0x0302 => "TLSv1.1",
        0x0303 => "TLSv1.2",
        0x0304 => "TLSv1.3",
        _ => "unknown",
    }
}

pub fn version_code(name: &str) -> Option<u16> {
    [SSL2, 0x0300, 0x0301, 0x0302, 0x0303, 0x0304]
        .into_iter()
        .find(|v| version_name(*v) == name)
}

pub fn alert_name(d: u8) -> String {
    let n = match d {
        0 => "close_notify",
        10 => "unexpected_message",
        20 => "bad_record_mac",
        22 => "record_overflow",
        40 => "handshake_failure",
        42 => "bad_certificate",
        47 => "illegal_parameter",
        50 => "decode_error",
        51 => "decrypt_error",
        70 => "protocol_version",
        71 => "insufficient_security",
        80 => "internal_error",
        86 => "inappropriate_fallback",
        90 => "user_canceled",
        109 => "missing_extension",
        110 => "unsupported_extension",
        112 => "unrecognized_name",
        120 => "no_application_protocol",
        _ => return format!("alert {d}"),
    };
    format!("alert {n} ({d})")
}

/// Key exchange parameters of a flight for the suite it chose.
fn kex_of(flight: &ServerFlight) -> Option<KexParams> {
    if flight.hello.version() >= TLS13 {
        return flight.hello.key_share_group.map(KexParams::Group);
    }
    let suite = Suite::by_code(flight.hello.cipher_suite)?;
    let ske = flight.server_key_exchange.as_ref()?;
    parse::parse_server_key_exchange(ske, suite.key_exchange())
        .ok()
        .flatten()
}

/// Eliminate over one batch. `first` is an answer already obtained for the
/// full batch (the reachability probe), reused to save a handshake.
async fn eliminate(
    t: &Target,
    version: u16,
    mut remaining: Vec<u16>,
    first: Option<Result<Response, HandshakeError>>,
) -> Batch {
    let mut out = Batch::default();
    let mut first = first;
    for _ in 0..=remaining.len() {
        if remaining.is_empty() {
            break;
        }
        let answer = match first.take() {
            Some(a) => a,
            None => {
                t.hello(&HelloSpec::new(version, remaining.clone(), t.sni.clone()))
                    .await
            }
        };
        match answer {
            Ok(Response::Hello(f)) => {
                let got = f.hello.version();
                if got != version {
                    out.notes.push(format!(
                        "a {} hello was answered with {} (0x{got:04x})",
                        version_name(version),
                        version_name(got)
                    ));
                    break;
                }
                let suite = f.hello.cipher_suite;
                if !remaining.contains(&suite) {
                    out.notes.push(format!(
                        "server chose {} which was not offered",
                        suites::name(suite)
                    ));
                    break;
                }
                out.accepted.push((suite, kex_of(&f)));
                if out.flight.is_none() && !f.certificates.is_empty() {
                    out.flight = Some(*f);
                }
                remaining.retain(|c| *c != suite);
            }
            Ok(Response::Alert { description, .. }) => {
                if out.accepted.is_empty() {
                    out.notes.push(format!(
                        "{} refused with {}",
                        version_name(version),
                        alert_name(description)
                    ));
                }
                break;
            }
            Ok(Response::Closed) => {
                if out.accepted.is_empty() {
                    out.notes.push(format!(
                        "{} hello: connection closed without an answer",
                        version_name(version)
                    ));
                }
                break;
            }
            Err(e) => {
                out.error = Some(e);
                break;
            }
        }
    }
    out
}

/// All suites a server accepts for one version (TLS family or SSLv3).
pub async fn scan_version(
    t: &Target,
    version: u16,
    first: Option<Result<Response, HandshakeError>>,
) -> VersionScan {
    if version == SSL2 {
        return scan_sslv2(t).await;
    }
    let candidates = suites::candidates(version);
    let mut first = first;
    let batches = candidates
        .chunks(MAX_SUITES_PER_HELLO)
        .enumerate()
        .map(|(i, b)| {
            let pre = if i == 0 { first.take() } else { None };
            eliminate(t, version, b.to_vec(), pre)
        });
    let batches = join_all(batches).await;
    let mut scan = VersionScan {
        version,
        ..Default::default()
    };
    let mut errors = Vec::new();
    for b in batches {
        scan.accepted.extend(b.accepted);
        if scan.flight.is_none() {
            scan.flight = b.flight;
        }
        scan.notes.extend(b.notes);
        if let Some(e) = b.error {
            errors.push(e.to_string());
        }
    }
    scan.offered = !scan.accepted.is_empty();
    if !errors.is_empty() {
        errors.dedup();
        scan.error = Some(if scan.offered {
            format!("suite list may be incomplete: {}", errors.join("; "))
        } else {
            errors.join("; ")
        });
    }
    scan
}

async fn scan_sslv2(t: &Target) -> VersionScan {
    let mut scan = VersionScan {
        version: SSL2,
        ..Default::default()
    };
    match t.sslv2().await {
        Ok(Ssl2Response::Hello { ciphers, .. }) => {
            scan.offered = true;
            scan.ssl2_ciphers = ciphers;
        }
        Ok(Ssl2Response::Refused(why)) => scan.notes.push(format!("SSLv2 refused: {why}")),
        Err(e) => scan.error = Some(e.to_string()),
    }
    scan
}

/// Groups accepted, by elimination, with the given (accepted, group-using) suites.
pub async fn scan_groups(
    t: &Target,
    version: u16,
    suites: &[u16],
    candidates: Vec<u16>,
) -> (Vec<u16>, Option<String>) {
    let mut remaining = candidates;
    let mut found = Vec::new();
    let suites: Vec<u16> = suites.iter().copied().take(MAX_SUITES_PER_HELLO).collect();
    for _ in 0..=remaining.len() {
        if remaining.is_empty() {
            break;
        }
        let mut spec = HelloSpec::new(version, suites.clone(), t.sni.clone());
        spec.groups = remaining.clone();
        spec.status_request = false;
        match t.hello(&spec).await {
            Ok(Response::Hello(f)) => {
                let group = match kex_of(&f) {
                    Some(KexParams::Group(g)) => g,
                    _ => return (found, Some("server answered without naming a group".into())),
                };
                if !remaining.contains(&group) {
                    return (
                        found,
                        Some(format!(
                            "server chose {} which was not offered",
                            suites::group_name(group)
                        )),
                    );
                }
                found.push(group);
                remaining.retain(|g| *g != group);
            }
            Ok(_) => break,
            Err(e) => return (found, Some(e.to_string())),
        }
    }
    (found, None)
}

/// Whether the server picks by its own order: offer the accepted suites
/// reversed; a client-order server takes the first one offered.
pub async fn server_preference(
    t: &Target,
    version: u16,
    accepted: &[u16],
) -> Result<bool, HandshakeError> {
    let mut offered: Vec<u16> = accepted.iter().rev().copied().collect();
    offered.truncate(MAX_SUITES_PER_HELLO);
    let mut spec = HelloSpec::new(version, offered.clone(), t.sni.clone());
    spec.status_request = false;
    match t.hello(&spec).await {
        Ok(Response::Hello(f)) if f.hello.version() == version => {
            Ok(f.hello.cipher_suite != offered[0])
        }
        Ok(Response::Hello(f)) => Err(HandshakeError::Unexpected(format!(
            "answered with {}",
            version_name(f.hello.version())
        ))),
        Ok(Response::Alert { description, .. }) => {
            Err(HandshakeError::Unexpected(alert_name(description)))
        }
        Ok(Response::Closed) => Err(HandshakeError::Unexpected("connection closed".into())),
        Err(e) => Err(e),
    }
}

/// Outcome of the TLS_FALLBACK_SCSV test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fallback {
    /// Alert inappropriate_fallback: downgrade protection works.
    Refused,
    /// The server completed the downgraded hello.
    Accepted,
    Inconclusive(String),
}

/// Offer `version` (below the server's best) with TLS_FALLBACK_SCSV (RFC 7507).
pub async fn fallback_scsv(t: &Target, version: u16, suites: &[u16]) -> Fallback {
    let mut spec = HelloSpec::new(
        version,
        suites
            .iter()
            .copied()
            .take(MAX_SUITES_PER_HELLO - 1)
            .collect(),
        t.sni.clone(),
    );
    spec.fallback_scsv = true;
    spec.status_request = false;
    match t.hello(&spec).await {
        Ok(Response::Alert { description, .. })
            if description == parse::ALERT_INAPPROPRIATE_FALLBACK =>
        {
            Fallback::Refused
        }
        Ok(Response::Hello(f)) if f.hello.version() == version => Fallback::Accepted,
        Ok(Response::Hello(f)) => {
            Fallback::Inconclusive(format!("answered with {}", version_name(f.hello.version())))
        }
        Ok(Response::Alert { description, .. }) => {
            Fallback::Inconclusive(format!("answered {}", alert_name(description)))
        }
        Ok(Response::Closed) => Fallback::Inconclusive("connection closed without an alert".into()),
        Err(e) => Fallback::Inconclusive(e.to_string()),
    }
}

/// Suites whose ServerKeyExchange names an EC group.
pub fn ec_suites(accepted: &[u16]) -> Vec<u16> {
    accepted
        .iter()
        .copied()
        .filter(|c| Suite::by_code(*c).is_some_and(|s| s.key_exchange().uses_ec_group()))
        .collect()
}

pub const TLS_VERSIONS: [u16; 5] = [0x0300, 0x0301, 0x0302, TLS12, TLS13];
