//! Certificate evidence: describe the chain as sent, then verify it with
//! webpki against the system roots (or the webpki-roots bundle when the system
//! has none) plus the user's CA file, keeping each failure reason apart
//! (expired, untrusted, self-signed, name mismatch) instead of one verdict.
//! TLS 1.3 encrypts the certificate, so there the chain comes from a full
//! handshake ([`super::session`]).

use crate::probe::ProbeError;
use std::sync::OnceLock;

use rustls::pki_types::{CertificateDer, ServerName, TrustAnchor, UnixTime};
use sha2::{Digest, Sha256};
use x509_parser::prelude::*;

use crate::model::evidence::tls::{CertInfo, CertificateObservation};

fn oid_name(oid: &str) -> String {
    match oid {
        "1.2.840.113549.1.1.1" => "RSA",
        "1.2.840.113549.1.1.2" => "md2WithRSAEncryption",
        "1.2.840.113549.1.1.4" => "md5WithRSAEncryption",
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.10" => "RSASSA-PSS",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.113549.1.1.14" => "sha224WithRSAEncryption",
        "1.2.840.10045.2.1" => "EC",
        "1.2.840.10045.4.1" => "ecdsa-with-SHA1",
        "1.2.840.10045.4.3.1" => "ecdsa-with-SHA224",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        "1.2.840.10040.4.1" => "DSA",
        "1.2.840.10040.4.3" => "dsa-with-sha1",
        "2.16.840.1.101.3.4.3.2" => "dsa-with-sha256",
        "1.3.101.112" => "Ed25519",
        "1.3.101.113" => "Ed448",
        "1.2.840.10045.3.1.7" => "P-256",
        "1.3.132.0.34" => "P-384",
        "1.3.132.0.35" => "P-521",
        "1.3.132.0.10" => "secp256k1",
        "1.2.840.10045.3.1.1" => "P-192",
        "1.3.132.0.33" => "P-224",
        other => return other.to_string(),
    }
    .to_string()
}

fn bit_len(be: &[u8]) -> u32 {
    match be.iter().position(|b| *b != 0) {
        Some(i) => (be.len() - i - 1) as u32 * 8 + (8 - be[i].leading_zeros()),
        None => 0,
    }
}

fn fmt_time(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|t| t.to_rfc3339())
        .unwrap_or_else(|| ts.to_string())
}

/// A certificate's key in a few words: `RSA 2048`, `ECDSA P-256`, `Ed25519`.
pub fn key_label(c: &CertInfo) -> String {
    match c.key_type.as_str() {
        "EC" => format!("ECDSA {}", c.curve.as_deref().unwrap_or("curve unknown")),
        "Ed25519" | "Ed448" => c.key_type.clone(),
        other => format!("{other} {}", c.key_bits),
    }
}

/// Describe one DER certificate.
pub fn describe(der: &[u8]) -> Result<CertInfo, ProbeError> {
    let (_, cert) = X509Certificate::from_der(der)
        .map_err(|e| ProbeError::Certificate(format!("cannot parse certificate: {e}")))?;
    let spki = cert.public_key();
    let key_oid = spki.algorithm.algorithm.to_id_string();
    // An RSA-PSS key (RFC 4055) is an RSA modulus restricted to PSS signatures.
    let is_pss = key_oid == "1.2.840.113549.1.1.10";
    let key_type = if is_pss {
        "RSA-PSS".to_string()
    } else {
        oid_name(&key_oid)
    };
    let (key_bits, curve) = match spki.parsed() {
        Ok(x509_parser::public_key::PublicKey::RSA(rsa)) => (bit_len(rsa.modulus), None),
        _ if is_pss => {
            let data = &spki.subject_public_key.data;
            match x509_parser::public_key::RSAPublicKey::from_der(data) {
                Ok((_, rsa)) => (bit_len(rsa.modulus), None),
                Err(_) => (0, None),
            }
        }
        Ok(x509_parser::public_key::PublicKey::EC(point)) => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|o| oid_name(&o.to_id_string()));
            let bits = match curve.as_deref() {
                Some("P-256") | Some("secp256k1") => 256,
                Some("P-384") => 384,
                Some("P-521") => 521,
                Some("P-224") => 224,
                Some("P-192") => 192,
                _ => point.key_size() as u32,
            };
            (bits, curve)
        }
        Ok(x509_parser::public_key::PublicKey::DSA(y)) => (bit_len(y), None),
        _ if key_type == "Ed25519" => (256, None),
        _ if key_type == "Ed448" => (448, None),
        _ => (0, None),
    };
    let mut san = Vec::new();
    if let Ok(Some(ext)) = cert.subject_alternative_name() {
        for name in &ext.value.general_names {
            match name {
                GeneralName::DNSName(d) => san.push(format!("DNS:{d}")),
                GeneralName::IPAddress(ip) => match ip.len() {
                    4 => san.push(format!(
                        "IP:{}",
                        std::net::Ipv4Addr::new(ip[0], ip[1], ip[2], ip[3])
                    )),
                    16 => {
                        let mut a = [0u8; 16];
                        a.copy_from_slice(ip);
                        san.push(format!("IP:{}", std::net::Ipv6Addr::from(a)));
                    }
                    _ => {}
                },
                _ => {}
            }
        }
    }
    let nb = cert.validity().not_before.timestamp();
    let na = cert.validity().not_after.timestamp();
    Ok(CertInfo {
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        serial: cert.raw_serial_as_string(),
        not_before: fmt_time(nb),
        not_after: fmt_time(na),
        lifetime_days: (na - nb) / 86_400,
        key_type,
        key_bits,
        curve,
        signature_algorithm: oid_name(&cert.signature_algorithm.algorithm.to_id_string()),
        sha256_fingerprint: hex::encode(Sha256::digest(der)),
        subject_alt_names: san,
        is_ca: cert.is_ca(),
        self_issued: cert.subject().as_raw() == cert.issuer().as_raw(),
        not_before_ts: nb,
        not_after_ts: na,
    })
}

struct Roots {
    anchors: Vec<TrustAnchor<'static>>,
    label: String,
}

/// System roots (loaded once per process), else the bundled Mozilla roots.
fn base_roots() -> &'static Roots {
    static ROOTS: OnceLock<Roots> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let native = rustls_native_certs::load_native_certs();
        let anchors: Vec<TrustAnchor<'static>> = native
            .certs
            .iter()
            .filter_map(|c| {
                webpki::anchor_from_trusted_cert(c)
                    .ok()
                    .map(|a| a.to_owned())
            })
            .collect();
        if anchors.is_empty() {
            Roots {
                anchors: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
                label: format!(
                    "webpki-roots ({} roots)",
                    webpki_roots::TLS_SERVER_ROOTS.len()
                ),
            }
        } else {
            Roots {
                label: format!("system ({} roots)", anchors.len()),
                anchors,
            }
        }
    })
}

fn webpki_reason(e: &webpki::Error) -> String {
    use webpki::Error as E;
    match e {
        E::UnknownIssuer => "no path to a trusted root (unknown issuer)".into(),
        E::CertExpired => "certificate expired".into(),
        E::CertNotValidYet => "certificate not yet valid".into(),
        E::CaUsedAsEndEntity => "a CA certificate is served as the end-entity certificate".into(),
        E::UnsupportedSignatureAlgorithm | E::UnsupportedSignatureAlgorithmForPublicKey => {
            "signature algorithm not accepted (MD5, SHA-1 or an RSA key under 2048 bits in the chain)".into()
        }
        E::InvalidSignatureForPublicKey => "a signature in the chain does not verify".into(),
        E::RequiredEkuNotFound => "certificate not valid for TLS server authentication (extended key usage)".into(),
        other => format!("{other:?}"),
    }
}

/// A chain refused because an issuing certificate's key is too weak: ring
/// (like browsers) verifies RSA signatures only with keys of 2048 bits or
/// more, so a 1024-bit intermediate makes every signature it made fail to
/// verify. Say that, not "a signature does not verify".
fn weak_issuer_reason(e: &webpki::Error, infos: &[CertInfo]) -> Option<String> {
    use webpki::Error as E;
    if !matches!(
        e,
        E::InvalidSignatureForPublicKey
            | E::UnsupportedSignatureAlgorithmForPublicKey
            | E::UnsupportedSignatureAlgorithm
    ) {
        return None;
    }
    let weak: Vec<String> = infos
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, c)| c.key_type.starts_with("RSA") && c.key_bits < 2048)
        .map(|(i, c)| format!("#{i} '{}' has an RSA key of {} bits", c.subject, c.key_bits))
        .collect();
    (!weak.is_empty()).then(|| {
        format!(
            "the chain is refused because an issuing key is too weak: {} (clients verify signatures only with RSA keys of 2048 bits or more)",
            weak.join("; ")
        )
    })
}

/// Verify and describe a chain. `name` is the host the client asked for.
pub fn analyze(
    chain: &[Vec<u8>],
    name: &str,
    extra_roots: &[CertificateDer<'static>],
    ocsp_stapled: bool,
    source: &str,
    now: i64,
) -> Result<CertificateObservation, ProbeError> {
    let Some(leaf_der) = chain.first() else {
        return Err(ProbeError::Certificate(
            "the server sent no certificate".into(),
        ));
    };
    let infos: Vec<CertInfo> = chain
        .iter()
        .map(|d| describe(d))
        .collect::<Result<_, _>>()?;
    let leaf = &infos[0];
    let base = base_roots();
    let extra: Vec<TrustAnchor<'static>> = extra_roots
        .iter()
        .filter_map(|c| {
            webpki::anchor_from_trusted_cert(c)
                .ok()
                .map(|a| a.to_owned())
        })
        .collect();
    let combined;
    let anchors: &[TrustAnchor<'static>] = if extra.is_empty() {
        &base.anchors
    } else {
        combined = base
            .anchors
            .iter()
            .cloned()
            .chain(extra.iter().cloned())
            .collect::<Vec<_>>();
        &combined
    };
    let roots = if extra.is_empty() {
        base.label.clone()
    } else {
        format!("{} + {} from the CA file", base.label, extra.len())
    };

    let leaf_cert = CertificateDer::from(leaf_der.as_slice());
    let intermediates: Vec<CertificateDer<'_>> = chain[1..]
        .iter()
        .map(|d| CertificateDer::from(d.as_slice()))
        .collect();
    let mut report = CertificateObservation {
        name_checked: name.to_string(),
        expired: now > leaf.not_after_ts,
        not_yet_valid: now < leaf.not_before_ts,
        days_to_expiry: (leaf.not_after_ts - now).div_euclid(86_400),
        ocsp_stapled,
        source: source.to_string(),
        roots,
        chain_in_order: true,
        ..Default::default()
    };
    let ee = webpki::EndEntityCert::try_from(&leaf_cert).map_err(|e| {
        ProbeError::Certificate(format!("leaf certificate rejected by webpki: {e:?}"))
    })?;
    let verify_at = |ts: i64| {
        ee.verify_for_usage(
            webpki::ALL_VERIFICATION_ALGS,
            anchors,
            &intermediates,
            UnixTime::since_unix_epoch(std::time::Duration::from_secs(ts.max(0) as u64)),
            webpki::KeyUsage::server_auth(),
            None,
            None,
        )
        .map(|_| ())
    };
    match verify_at(now) {
        Ok(()) => report.trusted = true,
        Err(e) => {
            report.trust_error =
                Some(weak_issuer_reason(&e, &infos).unwrap_or_else(|| webpki_reason(&e)));
            if matches!(
                e,
                webpki::Error::CertExpired | webpki::Error::CertNotValidYet
            ) {
                // Would the chain be trusted inside its validity window?
                let from = infos.iter().map(|c| c.not_before_ts).max().unwrap_or(0);
                let until = infos.iter().map(|c| c.not_after_ts).min().unwrap_or(0);
                let ok = from < until && verify_at(from + 1).is_ok();
                report.trusted_ignoring_dates = Some(ok);
                if !ok {
                    if let Err(e2) = verify_at(from + 1) {
                        report.trust_error = Some(format!(
                            "{}; also {}",
                            webpki_reason(&e),
                            webpki_reason(&e2)
                        ));
                    }
                }
            }
        }
    }
    report.self_signed = !report.trusted && leaf.self_issued && chain.len() == 1;
    if report.self_signed {
        report.trust_error = Some("self-signed certificate".into());
    }
    report.name_matches = match ServerName::try_from(name.to_string()) {
        Ok(sn) => ee.verify_is_valid_for_subject_name(&sn).is_ok(),
        Err(_) => false,
    };

    // Chain order: each certificate followed by its issuer.
    for i in 0..infos.len().saturating_sub(1) {
        if infos[i].issuer != infos[i + 1].subject {
            report.chain_in_order = false;
            report.chain_notes.push(format!(
                "certificate {} ('{}') is not followed by its issuer",
                i, infos[i].subject
            ));
        }
    }
    for (i, c) in infos.iter().enumerate().skip(1) {
        if now > c.not_after_ts {
            report.chain_notes.push(format!(
                "chain certificate {i} ('{}') expired on {}",
                c.subject, c.not_after
            ));
        }
    }
    // Completeness: the last certificate sent is a root itself, or its
    // issuer is a trust anchor; otherwise an intermediate (or a private
    // root) is missing, and we name it.
    // Completeness: follow the issuers from the leaf through the
    // certificates sent (in any order); the top of that path must be a root
    // itself or be issued by a trust anchor, otherwise an intermediate (or
    // a private root) is missing, and we name it.
    let mut top = 0;
    let mut visited = vec![0];
    while let Some(next) = (0..infos.len()).find(|j| {
        !visited.contains(j) && !infos[top].self_issued && infos[*j].subject == infos[top].issuer
    }) {
        visited.push(next);
        top = next;
    }
    let issuer_known = report.trusted
        || report.trusted_ignoring_dates == Some(true)
        || infos[top].self_issued
        || issuer_is_anchor(&chain[top], anchors);
    report.chain_complete = Some(issuer_known);
    if !issuer_known {
        report.missing_issuer = Some(infos[top].issuer.clone());
        report.chain_notes.push(format!(
            "the issuer '{}' of '{}' is neither in the chain sent nor a known root: an intermediate is missing, or the CA is private (pass its root with --ca-file)",
            infos[top].issuer, infos[top].subject
        ));
    }
    report.chain = infos;
    Ok(report)
}

/// Whether the issuer of `der` is the subject of one of the trust anchors.
fn issuer_is_anchor(der: &[u8], anchors: &[TrustAnchor<'_>]) -> bool {
    let Ok((_, cert)) = X509Certificate::from_der(der) else {
        return false;
    };
    // webpki keeps the anchor's subject without the outer SEQUENCE header.
    let issuer = strip_der_header(cert.issuer().as_raw());
    anchors.iter().any(|a| a.subject.as_ref() == issuer)
}

/// The content of one DER TLV (tag, length, value), or the input when it is not one.
fn strip_der_header(tlv: &[u8]) -> &[u8] {
    let Some(&first_len) = tlv.get(1) else {
        return tlv;
    };
    let header = if first_len < 0x80 {
        2
    } else {
        2 + (first_len & 0x7F) as usize
    };
    tlv.get(header..).unwrap_or(tlv)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_weak_issuing_key_is_named_as_the_reason_the_chain_is_refused() {
        let info = |subject: &str, bits: u32| CertInfo {
            subject: subject.into(),
            key_type: "RSA".into(),
            key_bits: bits,
            ..Default::default()
        };
        let chain = [info("api.example", 2048), info("Acme Issuing CA", 1024)];
        let why = weak_issuer_reason(&webpki::Error::InvalidSignatureForPublicKey, &chain)
            .expect("named");
        assert!(
            why.contains("#1 'Acme Issuing CA' has an RSA key of 1024 bits"),
            "{why}"
        );
        assert!(!why.contains("does not verify"), "{why}");
        let strong = [info("api.example", 2048), info("Acme Issuing CA", 4096)];
        assert!(
            weak_issuer_reason(&webpki::Error::InvalidSignatureForPublicKey, &strong).is_none()
        );
        assert!(weak_issuer_reason(&webpki::Error::UnknownIssuer, &chain).is_none());
    }

    use super::*;

    #[test]
    fn garbage_is_an_error() {
        assert!(describe(&[0x30, 0x03, 1, 2, 3]).is_err());
        assert!(analyze(&[], "x", &[], false, "test", 0).is_err());
        assert!(analyze(&[vec![0xFF; 10]], "x", &[], false, "test", 0).is_err());
    }
}
