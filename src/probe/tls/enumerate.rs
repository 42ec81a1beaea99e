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
    /// One flight per distinct leaf certificate (TLS <= 1.2), in the order
    /// met: a server with an RSA and an ECDSA certificate shows each with
    /// the suites that select it.
    pub flights: Vec<ServerFlight>,
    /// Some handshake carried a CertificateRequest (mutual TLS).
    pub client_cert_requested: bool,
    /// Alert descriptions that refused this version outright.
    pub refusals: Vec<u8>,
    pub notes: Vec<String>,
}

#[derive(Debug, Default)]
struct Batch {
    accepted: Vec<(u16, Option<KexParams>)>,
    flights: Vec<ServerFlight>,
    client_cert_requested: bool,
    refusals: Vec<u8>,
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
                out.client_cert_requested |= f.certificate_request;
                keep_flight(&mut out.flights, *f);
                remaining.retain(|c| *c != suite);
            }
            Ok(Response::Alert { description, .. }) => {
                if out.accepted.is_empty() {
                    out.refusals.push(description);
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

/// Keep a flight when it carries a leaf certificate not kept yet.
fn keep_flight(flights: &mut Vec<ServerFlight>, f: ServerFlight) {
    let Some(leaf) = f.certificates.first() else {
        return;
    };
    if !flights.iter().any(|k| k.certificates.first() == Some(leaf)) {
        flights.push(f);
    }
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
        for f in b.flights {
            keep_flight(&mut scan.flights, f);
        }
        scan.client_cert_requested |= b.client_cert_requested;
        scan.refusals.extend(b.refusals);
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

/// Groups accepted, by elimination, with the given (accepted, group-using)
/// suites. Returns the groups found and an error or a note.
///
/// With TLS <= 1.2 the offered groups also govern an ECDSA certificate's
/// curve (RFC 8422 5.1.1): once that curve is taken out of the offer, the
/// server refuses, and plain elimination would stop there. So on a refusal
/// the last group found (the one whose removal caused it) goes back at the
/// end of every further offer, and elimination goes on over the rest.
/// Groups found by [`scan_groups`].
#[derive(Debug, Default)]
pub struct GroupScan {
    pub found: Vec<u16>,
    /// Why the list may be incomplete.
    pub error: Option<String>,
    /// What could not be observed, though nothing failed.
    pub note: Option<String>,
}

impl GroupScan {
    fn failed(found: Vec<u16>, error: String) -> GroupScan {
        GroupScan {
            found,
            error: Some(error),
            note: None,
        }
    }
}

pub async fn scan_groups(
    t: &Target,
    version: u16,
    suites: &[u16],
    candidates: Vec<u16>,
) -> GroupScan {
    let mut remaining = candidates;
    let mut found = Vec::new();
    let suites: Vec<u16> = suites.iter().copied().take(MAX_SUITES_PER_HELLO).collect();
    // Only an ECDSA certificate's curve is governed by the offered groups.
    let ecdsa = version < TLS13 && suites.iter().any(|c| suites::name(*c).contains("_ECDSA_"));
    let mut anchor: Option<u16> = None;
    let offer = |groups: Vec<u16>| {
        let mut spec = HelloSpec::new(version, suites.clone(), t.sni.clone());
        spec.groups = groups;
        spec.status_request = false;
        spec
    };
    for _ in 0..=remaining.len() + 1 {
        if remaining.is_empty() {
            break;
        }
        let mut groups = remaining.clone();
        groups.extend(anchor);
        match t.hello(&offer(groups)).await {
            Ok(Response::Hello(f)) => {
                let group = match kex_of(&f) {
                    Some(KexParams::Group(g)) => g,
                    _ => {
                        return GroupScan::failed(
                            found,
                            "server answered without naming a group".into(),
                        )
                    }
                };
                if Some(group) == anchor {
                    // Every group left ranks below the anchor for this
                    // server, or is not supported: which, only its order tells.
                    let note = match group_preference(t, &offer, &found).await {
                        Some(false) | None => None,
                        Some(true) => Some(format!(
                                "note: groups the server ranks below {} (the certificate's curve) cannot be observed with TLS <= 1.2: a client must offer that curve, and the server then prefers it",
                                suites::group_name(group)
                            )),
                    };
                    return GroupScan {
                        found,
                        error: None,
                        note,
                    };
                }
                if !remaining.contains(&group) {
                    return GroupScan::failed(
                        found,
                        format!(
                            "server chose {} which was not offered",
                            suites::group_name(group)
                        ),
                    );
                }
                found.push(group);
                remaining.retain(|g| *g != group);
            }
            Ok(_) if ecdsa && anchor.is_none() && !found.is_empty() => {
                anchor = found.last().copied();
            }
            Ok(_) => break,
            Err(e) => return GroupScan::failed(found, e.to_string()),
        }
    }
    GroupScan {
        found,
        error: None,
        note: None,
    }
}

/// Whether the server picks groups by its own order: offer two accepted
/// groups reversed. `None` when there are not two to offer.
async fn group_preference(
    t: &Target,
    offer: &impl Fn(Vec<u16>) -> HelloSpec,
    found: &[u16],
) -> Option<bool> {
    if found.len() < 2 {
        return None;
    }
    let reversed: Vec<u16> = found.iter().rev().copied().collect();
    match t.hello(&offer(reversed.clone())).await {
        Ok(Response::Hello(f)) => match kex_of(&f) {
            Some(KexParams::Group(g)) => Some(g != reversed[0]),
            _ => None,
        },
        _ => None,
    }
}

/// Whether the server picks by its own order: offer the accepted suites
/// reversed; a client-order server takes the first one offered. A server
/// that prefers ChaCha20 only when the client does (OpenSSL's
/// PrioritizeChaCha) takes a first-offered ChaCha20 suite either way, so
/// when the first answer looks like client order and a ChaCha20 suite led,
/// the offer is repeated with the ChaCha20 suites last.
pub async fn server_preference(
    t: &Target,
    version: u16,
    accepted: &[u16],
) -> Result<bool, HandshakeError> {
    let mut offered: Vec<u16> = accepted.iter().rev().copied().collect();
    offered.truncate(MAX_SUITES_PER_HELLO);
    let server_order = picks_other_than_first(t, version, &offered).await?;
    let is_chacha = |c: &u16| suites::name(*c).contains("CHACHA20");
    if server_order || !is_chacha(&offered[0]) || offered.iter().all(is_chacha) {
        return Ok(server_order);
    }
    let (chacha, mut rest): (Vec<u16>, Vec<u16>) = offered.iter().partition(|c| is_chacha(c));
    rest.extend(chacha);
    picks_other_than_first(t, version, &rest).await
}

async fn picks_other_than_first(
    t: &Target,
    version: u16,
    offered: &[u16],
) -> Result<bool, HandshakeError> {
    let mut spec = HelloSpec::new(version, offered.to_vec(), t.sni.clone());
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
