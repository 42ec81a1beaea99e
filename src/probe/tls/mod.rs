//! TLS evidence engine. No TLS library will offer SSLv3, EXPORT suites or one
//! chosen group on request, so hellos are built by hand ([`hello`]) and the
//! server's clear-text first flight is read without any cryptography
//! ([`parse`]). Suites and groups are enumerated by elimination
//! ([`enumerate`]); what only a full handshake shows (the TLS 1.3
//! certificate, a TLS 1.3 certificate request, whether a client without a
//! certificate is refused) comes from rustls ([`session`]). Every
//! certificate found is verified with webpki ([`cert`]), and the
//! observations become tls.* check results and `auth.mtls` ([`checks`]) and
//! an SSL Labs-style grade ([`grade`]).
//!
//! A scan resolves the host once (or takes `connect_to`), sends one
//! reachability hello (whose answer is reused), then runs every version in
//! parallel under the target's handshake semaphore, then the dependent tests
//! (groups, preference, fallback, full TLS 1.3 handshakes) in parallel.
//! Failures end up in the report, never as a panic; every handshake is
//! bounded by `timeout`.

pub mod cert;
mod checks;
mod conn;
pub mod enumerate;
pub mod grade;
pub mod hello;
pub mod parse;
pub mod session;
pub mod suites;

use crate::probe::ProbeError;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use rustls::pki_types::CertificateDer;

use crate::model::evidence::tls::{
    ClientAuthObservation, FallbackObservation, KexObservation, ProtocolObservation,
    SuiteObservation, TlsObservation,
};
pub use checks::{checks, checks_with_hsts};
pub use conn::HandshakeError;
use conn::Target;
use enumerate::{Fallback, VersionScan, SSL2, TLS_VERSIONS};
use hello::{HelloSpec, MAX_SUITES_PER_HELLO, TLS12, TLS13};
use parse::KexParams;
use session::KeyFamily;

#[derive(Debug, Clone)]
pub struct TlsOptions {
    /// Per connection and per read timeout.
    pub timeout: Duration,
    /// Extra trust anchors (from --ca-file / [probe].ca_file).
    pub extra_roots: Arc<Vec<CertificateDer<'static>>>,
    /// Handshakes one target may have in flight at once.
    pub handshake_concurrency: usize,
}

impl Default for TlsOptions {
    fn default() -> Self {
        TlsOptions {
            timeout: Duration::from_secs(5),
            extra_roots: Arc::new(Vec::new()),
            handshake_concurrency: 8,
        }
    }
}

/// Parse a PEM file of CA certificates; the error names the file and what to do.
pub fn load_ca_file(path: &std::path::Path) -> Result<Vec<CertificateDer<'static>>, ProbeError> {
    let data = crate::files::read(path, crate::files::cap::PEM)
        .map_err(|e| ProbeError::BadInput(format!("{}: {e}", path.display())))?;
    let certs: Vec<_> = rustls_pemfile::certs(&mut data.as_slice())
        .collect::<Result<_, _>>()
        .map_err(|e| {
            ProbeError::BadInput(format!(
                "{}: not a PEM certificate file: {e}",
                path.display()
            ))
        })?;
    if certs.is_empty() {
        return Err(ProbeError::BadInput(format!(
            "{}: no PEM certificates found; pass a file with -----BEGIN CERTIFICATE----- blocks",
            path.display()
        )));
    }
    Ok(certs)
}

/// Every accepted TLS suite (SSLv3..TLS 1.3) of an observation, without duplicates.
pub fn accepted_suites(report: &TlsObservation) -> Vec<&'static suites::Suite> {
    let mut out: Vec<&'static suites::Suite> = Vec::new();
    for p in &report.protocols {
        for name in &p.cipher_suites {
            if let Some(s) = suites::Suite::by_name(name) {
                if !out.iter().any(|o| o.code == s.code) {
                    out.push(s);
                }
            }
        }
    }
    out
}

const ALL_VERSIONS: [u16; 6] = [SSL2, 0x0300, 0x0301, 0x0302, TLS12, TLS13];

/// Scan one endpoint. Never panics and never hangs past the timeouts: failures
/// are recorded in the report.
pub async fn scan(host: &str, port: u16, opts: &TlsOptions) -> TlsObservation {
    scan_named(host, port, None, None, opts).await
}

/// Scan `host:port` but present `server_name` (SNI, certificate name check)
/// instead of the host, and connect to `connect_to` instead of resolving the
/// host (like curl's `--resolve`): one node of a cluster, a staging address
/// serving the production name.
pub async fn scan_named(
    host: &str,
    port: u16,
    server_name: Option<&str>,
    connect_to: Option<SocketAddr>,
    opts: &TlsOptions,
) -> TlsObservation {
    let started = Instant::now();
    let host_clean = host.trim_start_matches('[').trim_end_matches(']');
    let name = server_name
        .unwrap_or(host_clean)
        .trim_end_matches('.')
        .to_string();
    let sni = if name.parse::<IpAddr>().is_ok() {
        None
    } else {
        Some(name.clone())
    };
    let mut report = TlsObservation {
        host: host.to_string(),
        port,
        server_name: sni.clone(),
        ..Default::default()
    };
    let addr = match connect_to {
        Some(a) => a,
        None => match resolve(host_clean, port, opts.timeout).await {
            Ok(a) => a,
            Err(e) => return fail_all(report, e.to_string(), started, 0),
        },
    };
    report.address = Some(addr.to_string());
    let t = Target::new(addr, sni, opts.timeout, opts.handshake_concurrency);

    // Reachability: one TLS 1.2 hello with the first batch; its answer is reused.
    let first_batch: Vec<u16> = suites::candidates(TLS12)
        .into_iter()
        .take(MAX_SUITES_PER_HELLO)
        .collect();
    let pre = t
        .hello(&HelloSpec::new(TLS12, first_batch, t.sni.clone()))
        .await;
    if let Err(e) = &pre {
        if e.is_fatal() {
            return fail_all(report, e.to_string(), started, t.handshakes());
        }
    }
    let mut pre = Some(pre);
    let versions = ALL_VERSIONS.map(|v| {
        let first = if v == TLS12 { pre.take() } else { None };
        let t = &t;
        async move { enumerate::scan_version(t, v, first).await }
    });
    let scans: Vec<VersionScan> = join_all(versions).await;

    if !t.spoke_tls() {
        let reason = scans
            .iter()
            .find_map(|s| s.error.clone())
            .unwrap_or_else(|| {
                "the server closed every connection without a TLS answer".to_string()
            });
        return fail_all(
            report,
            format!("no TLS answer: {reason}"),
            started,
            t.handshakes(),
        );
    }

    let accepted = |v: u16| -> Vec<u16> {
        scans
            .iter()
            .find(|s| s.version == v)
            .map(|s| s.accepted.iter().map(|(c, _)| *c).collect())
            .unwrap_or_default()
    };
    let offered: Vec<u16> = TLS_VERSIONS
        .into_iter()
        .filter(|v| scans.iter().any(|s| s.version == *v && s.offered))
        .collect();

    if offered.is_empty() {
        report.sni_required = sni_refusal(&t, &scans).await;
    }
    for f in scans.iter().flat_map(|s| s.flights.iter()) {
        if f.warnings.contains(&parse::ALERT_UNRECOGNIZED_NAME) {
            let n = format!(
                "the server warned unrecognized_name for {name:?} and went on with its default certificate"
            );
            if !report.notes.contains(&n) {
                report.notes.push(n);
            }
        }
    }

    // TLS <= 1.2 groups: the highest version whose accepted suites use an EC group.
    let ec_version = offered
        .iter()
        .rev()
        .copied()
        .filter(|v| *v < TLS13)
        .find(|v| !enumerate::ec_suites(&accepted(*v)).is_empty());
    let groups12 = async {
        match ec_version {
            Some(v) => Some(
                enumerate::scan_groups(
                    &t,
                    v,
                    &enumerate::ec_suites(&accepted(v)),
                    suites::ec_groups_legacy(),
                )
                .await,
            ),
            None => None,
        }
    };
    let groups13 = async {
        if offered.contains(&TLS13) {
            Some(enumerate::scan_groups(&t, TLS13, &accepted(TLS13), suites::groups_tls13()).await)
        } else {
            None
        }
    };
    let preferences = join_all(
        offered
            .iter()
            .copied()
            .filter(|v| accepted(*v).len() >= 2)
            .map(|v| {
                let list = accepted(v);
                let t = &t;
                async move { (v, enumerate::server_preference(t, v, &list).await) }
            }),
    );
    let fallback_version = if offered.iter().any(|v| *v < TLS12) && offered.len() >= 2 {
        offered.get(offered.len() - 2).copied()
    } else {
        None
    };
    let fallback = async {
        match fallback_version {
            Some(v) => Some((v, enumerate::fallback_scsv(&t, v, &accepted(v)).await)),
            None => None,
        }
    };
    // Certificates: one per distinct leaf in the TLS <= 1.2 flights (the
    // suites select them); TLS 1.3 encrypts it, so full handshakes fetch it.
    let flights: Vec<(u16, &parse::ServerFlight)> = scans
        .iter()
        .rev()
        .filter(|s| s.version < TLS13 && s.version != SSL2)
        .flat_map(|s| s.flights.iter().map(move |f| (s.version, f)))
        .collect();
    // TLS 1.3 picks the certificate by the signature algorithms offered:
    // the server's default, then each key family not already seen in TLS
    // 1.2 (a server may hold a certificate it serves to TLS 1.3 only).
    let seen12: Vec<KeyFamily> = flights
        .iter()
        .filter_map(|(_, f)| f.certificates.first())
        .filter_map(|der| cert::describe(der).ok())
        .filter_map(|c| KeyFamily::of_key_type(&c.key_type))
        .collect();
    let families: Vec<KeyFamily> = if offered.contains(&TLS13) {
        std::iter::once(KeyFamily::Any)
            .chain(
                KeyFamily::SPECIFIC
                    .into_iter()
                    .filter(|f| !seen12.contains(f)),
            )
            .collect()
    } else {
        Vec::new()
    };
    let tls13_sessions = join_all(families.iter().map(|f| {
        let t = &t;
        let f = *f;
        async move { (f, session::handshake(t, true, f).await) }
    }));
    let (groups12, groups13, preferences, fallback, tls13_sessions) =
        tokio::join!(groups12, groups13, preferences, fallback, tls13_sessions);
    // Whether a client without a certificate gets in shows only in a full
    // handshake: TLS 1.3 told it above; TLS 1.2 needs one of its own.
    let requested12: Vec<u16> = scans
        .iter()
        .filter(|s| s.client_cert_requested)
        .map(|s| s.version)
        .collect();
    let tls12_session = if !requested12.is_empty() && offered.contains(&TLS12) {
        Some(session::handshake(&t, false, KeyFamily::Any).await)
    } else {
        None
    };
    // Assemble.
    let mut kex = KexObservation::default();
    for s in &scans {
        for n in &s.notes {
            if !report.notes.contains(n) {
                report.notes.push(n.clone());
            }
        }
        for (_, k) in &s.accepted {
            match k {
                Some(KexParams::DhBits(b)) if !kex.dh_bits.contains(b) => kex.dh_bits.push(*b),
                Some(KexParams::RsaBits(b)) if !kex.rsa_export_bits.contains(b) => {
                    kex.rsa_export_bits.push(*b)
                }
                _ => {}
            }
        }
    }
    kex.dh_bits.sort_unstable();
    if let Some(g) = groups12 {
        kex.groups = g.found.iter().map(|g| suites::group_name(*g)).collect();
        kex.errors
            .extend(g.error.map(|e| format!("TLS <= 1.2 groups: {e}")));
        report
            .notes
            .extend(g.note.map(|n| format!("TLS <= 1.2 groups: {n}")));
    }
    if let Some(g) = groups13 {
        kex.groups_tls13 = g.found.iter().map(|g| suites::group_name(*g)).collect();
        kex.errors
            .extend(g.error.map(|e| format!("TLS 1.3 groups: {e}")));
    }
    report.kex = kex;

    for s in &scans {
        let mut p = ProtocolObservation {
            version: enumerate::version_name(s.version).to_string(),
            offered: s.offered,
            error: s.error.clone(),
            ..Default::default()
        };
        if s.version == SSL2 {
            p.cipher_suites = s
                .ssl2_ciphers
                .iter()
                .map(|k| suites::ssl2_name(*k))
                .collect();
        } else {
            p.cipher_suites = s.accepted.iter().map(|(c, _)| suites::name(*c)).collect();
            p.suites = s
                .accepted
                .iter()
                .map(|(c, k)| SuiteObservation {
                    id: format!("0x{c:04X}"),
                    name: suites::name(*c),
                    kex: k.map(|k| match k {
                        KexParams::Group(g) => suites::group_name(g),
                        KexParams::DhBits(b) => format!("DH {b}"),
                        KexParams::RsaBits(b) => format!("RSA {b}"),
                    }),
                })
                .collect();
        }
        for (v, pref) in &preferences {
            if *v == s.version {
                match pref {
                    Ok(b) => p.server_preference = Some(*b),
                    Err(e) => report
                        .notes
                        .push(format!("{}: preference test inconclusive: {e}", p.version)),
                }
            }
        }
        report.protocols.push(p);
    }

    report.fallback_scsv = fallback.map(|(v, f)| {
        let version = enumerate::version_name(v).to_string();
        match f {
            Fallback::Refused => FallbackObservation {
                supported: Some(true),
                detail: format!(
                    "{version} hello with TLS_FALLBACK_SCSV refused with inappropriate_fallback"
                ),
                version,
            },
            Fallback::Accepted => FallbackObservation {
                supported: Some(false),
                detail: format!(
                    "{version} hello with TLS_FALLBACK_SCSV was accepted: downgrade not prevented"
                ),
                version,
            },
            Fallback::Inconclusive(why) => FallbackObservation {
                supported: None,
                detail: format!("{version} hello with TLS_FALLBACK_SCSV: {why}"),
                version,
            },
        }
    });

    let now = chrono::Utc::now().timestamp();
    let mut found: Vec<(Vec<Vec<u8>>, bool, String)> = Vec::new();
    let mut push = |chain: Vec<Vec<u8>>, ocsp: bool, source: String| {
        if !chain.is_empty() && !found.iter().any(|(c, ..)| c.first() == chain.first()) {
            found.push((chain, ocsp, source));
        }
    };
    for (v, f) in &flights {
        push(
            f.certificates.clone(),
            f.certificate_status.is_some(),
            format!(
                "{} handshake ({})",
                enumerate::version_name(*v),
                suites::name(f.hello.cipher_suite)
            ),
        );
    }
    let mut tls13_errors = Vec::new();
    for (family, s) in &tls13_sessions {
        match s {
            Ok(sess) => {
                if let Some((chain, ocsp)) = &sess.chain {
                    let source = match family {
                        KeyFamily::Any => "TLSv1.3 handshake".to_string(),
                        f => format!("TLSv1.3 handshake ({} signatures)", f.label()),
                    };
                    push(chain.clone(), *ocsp, source);
                }
            }
            Err(e) if *family == KeyFamily::Any => tls13_errors.push(e.to_string()),
            Err(_) => {} // no certificate of that family
        }
    }
    let mut certs = Vec::new();
    let mut cert_errors = Vec::new();
    for (chain, ocsp, source) in &found {
        match cert::analyze(chain, &name, &opts.extra_roots, *ocsp, source, now) {
            Ok(mut c) => {
                c.selected_by = c.chain.first().map(cert::key_label);
                certs.push(c);
            }
            Err(e) => cert_errors.push(format!("{source}: {e}")),
        }
    }
    if certs.len() == 1 {
        certs[0].selected_by = None;
    }
    if certs.is_empty() {
        report.certificate_error = Some(if let Some(e) = cert_errors.first() {
            e.clone()
        } else if let Some(e) = tls13_errors.first() {
            format!("TLS 1.3 certificate not checked: {e}")
        } else {
            "no handshake produced a certificate".into()
        });
    } else {
        if !cert_errors.is_empty() {
            report.notes.extend(cert_errors);
        }
        report.certificate = Some(certs[checks::worst_certificate(&report, &certs)].clone());
        if certs.len() > 1 {
            report.certificates = certs;
        }
    }

    // Mutual TLS.
    let mut versions: Vec<String> = requested12
        .iter()
        .map(|v| enumerate::version_name(*v).to_string())
        .collect();
    let seen13 = tls13_sessions
        .iter()
        .find_map(|(_, s)| s.as_ref().ok().and_then(|s| s.client_auth.clone()));
    if seen13.is_some() {
        versions.push("TLSv1.3".into());
    }
    let seen12 = tls12_session
        .as_ref()
        .and_then(|s| s.as_ref().ok())
        .and_then(|s| s.client_auth.clone());
    // The handshake that could tell decides; TLS 1.3 first.
    let decided = match (seen13, seen12) {
        (Some(a), Some(b)) if a.required.is_none() => Some(b),
        (a, b) => a.or(b),
    };
    if !versions.is_empty() {
        let mut obs = ClientAuthObservation {
            versions,
            ..Default::default()
        };
        match decided {
            Some(seen) => {
                obs.required = seen.required;
                obs.acceptable_cas = seen.acceptable_cas;
                obs.detail = seen.detail;
            }
            None => {
                obs.detail = match &tls12_session {
                    Some(Err(e)) => format!(
                        "the server requested a client certificate; whether it requires one could not be told: {e}"
                    ),
                    _ => "the server requested a client certificate; whether it requires one could not be told".into(),
                }
            }
        }
        report.client_auth = Some(obs);
    }

    report.handshakes = t.handshakes();
    report.duration_ms = started.elapsed().as_millis() as u64;
    report
}

/// Why a server that spoke TLS but accepted no version is inconclusive
/// rather than "TLS 1.2 and 1.3 not offered": it wants another name. Every
/// suite and group is offered, so a server that answers with alerts to all
/// of them refuses the name (or the lack of one), not the offer.
async fn sni_refusal(t: &Target, scans: &[VersionScan]) -> Option<String> {
    let modern: Vec<u8> = scans
        .iter()
        .filter(|s| s.version >= TLS12)
        .flat_map(|s| s.refusals.iter().copied())
        .collect();
    let mut alerts: Vec<String> = modern.iter().map(|d| enumerate::alert_name(*d)).collect();
    alerts.sort();
    alerts.dedup();
    let alerts = alerts.join(", ");
    if !modern.iter().any(|d| *d != parse::ALERT_PROTOCOL_VERSION) {
        return None;
    }
    const HOW: &str = "scan it by a name it serves (the target URL's host), with connect_to or --resolve when that name does not lead to this address";
    let Some(name) = t.sni.as_deref() else {
        return Some(format!(
            "the server refused every handshake sent without a server name (SNI; {alerts}): it serves named hosts only; {HOW}"
        ));
    };
    if modern.contains(&parse::ALERT_UNRECOGNIZED_NAME) {
        return Some(format!(
            "the server does not recognise the name {name:?} ({alerts}) and refused every handshake: it serves other names at this address; {HOW}"
        ));
    }
    // Strict SNI without the alert for it (handshake_failure, say): one
    // hello without a name tells.
    let batch: Vec<u16> = suites::candidates(TLS12)
        .into_iter()
        .take(MAX_SUITES_PER_HELLO)
        .collect();
    match t.hello(&HelloSpec::new(TLS12, batch, None)).await {
        Ok(parse::Response::Hello(_)) => Some(format!(
            "the server refused every handshake for the name {name:?} ({alerts}) but answers one without a name: it does not serve that name here (strict SNI); {HOW}"
        )),
        _ => None,
    }
}

async fn resolve(host: &str, port: u16, timeout: Duration) -> Result<SocketAddr, ProbeError> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, port));
    }
    let found = tokio::time::timeout(timeout, tokio::net::lookup_host((host, port)))
        .await
        .map_err(|_| {
            ProbeError::Resolve(format!(
                "cannot resolve {host:?}: no answer within {:.1} s",
                timeout.as_secs_f64()
            ))
        })?
        .map_err(|e| ProbeError::Resolve(format!("cannot resolve {host:?}: {e}")))?;
    let addrs: Vec<SocketAddr> = found.collect();
    addrs
        .iter()
        .find(|a| a.is_ipv4())
        .or(addrs.first())
        .copied()
        .ok_or_else(|| ProbeError::Resolve(format!("cannot resolve {host:?}: no addresses")))
}

fn fail_all(
    mut report: TlsObservation,
    error: String,
    started: Instant,
    handshakes: u32,
) -> TlsObservation {
    report.protocols = ALL_VERSIONS
        .iter()
        .map(|v| ProtocolObservation {
            version: enumerate::version_name(*v).to_string(),
            offered: false,
            error: Some(error.clone()),
            ..Default::default()
        })
        .collect();
    report.error = Some(error);
    report.handshakes = handshakes;
    report.duration_ms = started.elapsed().as_millis() as u64;
    report
}
