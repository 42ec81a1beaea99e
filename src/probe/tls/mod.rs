//! TLS evidence engine. No TLS library will offer SSLv3, EXPORT suites or one
//! chosen group on request, so hellos are built by hand ([`hello`]) and the
//! server's clear-text first flight is read without any cryptography
//! ([`parse`]). Suites and groups are enumerated by elimination
//! ([`enumerate`]), the certificate is verified with webpki ([`cert`]), and
//! the observations become tls.* check results ([`checks`]) and an SSL
//! Labs-style grade ([`grade`]).
//!
//! A scan resolves the host once, sends one reachability hello (whose answer
//! is reused), then runs every version in parallel under the target's
//! handshake semaphore, then the dependent tests (groups, preference,
//! fallback, TLS 1.3 certificate) in parallel. Failures end up in the report,
//! never as a panic; every handshake is bounded by `timeout`.

pub mod cert;
mod checks;
mod conn;
pub mod enumerate;
pub mod grade;
pub mod hello;
pub mod parse;
pub mod suites;

use crate::probe::ProbeError;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use rustls::pki_types::CertificateDer;

use crate::model::evidence::tls::{
    FallbackObservation, KexObservation, ProtocolObservation, SuiteObservation, TlsObservation,
};
pub use checks::{checks, checks_with_hsts};
pub use conn::HandshakeError;
use conn::Target;
use enumerate::{Fallback, VersionScan, SSL2, TLS_VERSIONS};
use hello::{HelloSpec, MAX_SUITES_PER_HELLO, TLS12, TLS13};
use parse::KexParams;

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
    scan_named(host, port, None, opts).await
}

/// Scan `host:port` but present `server_name` (SNI, certificate name check)
/// instead of the host: for scanning one node of a cluster by IP, say.
pub async fn scan_named(
    host: &str,
    port: u16,
    server_name: Option<&str>,
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
    let addr = match resolve(host_clean, port, opts.timeout).await {
        Ok(a) => a,
        Err(e) => return fail_all(report, e.to_string(), started, 0),
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
    let cert_flight = scans
        .iter()
        .rev()
        .filter(|s| s.version < TLS13 && s.version != SSL2)
        .find_map(|s| s.flight.as_ref().map(|f| (s.version, f)));
    let tls13_chain = async {
        if cert_flight.is_none() && offered.contains(&TLS13) {
            Some(cert::fetch_tls13(&t).await)
        } else {
            None
        }
    };
    let (groups12, groups13, preferences, fallback, tls13_chain) =
        tokio::join!(groups12, groups13, preferences, fallback, tls13_chain);

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
    if let Some((found, err)) = groups12 {
        kex.groups = found.iter().map(|g| suites::group_name(*g)).collect();
        kex.errors
            .extend(err.map(|e| format!("TLS <= 1.2 groups: {e}")));
    }
    if let Some((found, err)) = groups13 {
        kex.groups_tls13 = found.iter().map(|g| suites::group_name(*g)).collect();
        kex.errors
            .extend(err.map(|e| format!("TLS 1.3 groups: {e}")));
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
    let chain = match (cert_flight, tls13_chain) {
        (Some((v, f)), _) => Some(Ok((
            f.certificates.clone(),
            f.certificate_status.is_some(),
            format!("{} handshake", enumerate::version_name(v)),
        ))),
        (None, Some(Ok((c, ocsp)))) => Some(Ok((c, ocsp, "TLSv1.3 handshake".to_string()))),
        (None, Some(Err(e))) => Some(Err(format!("TLS 1.3 certificate: {e}"))),
        (None, None) => None,
    };
    match chain {
        Some(Ok((c, ocsp, source))) => {
            match cert::analyze(&c, &name, &opts.extra_roots, ocsp, &source, now) {
                Ok(r) => report.certificate = Some(r),
                Err(e) => report.certificate_error = Some(e.to_string()),
            }
        }
        Some(Err(e)) => report.certificate_error = Some(e),
        None => report.certificate_error = Some("no handshake produced a certificate".into()),
    }

    report.handshakes = t.handshakes();
    report.duration_ms = started.elapsed().as_millis() as u64;
    report
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
