//! From a [`TlsObservation`] to the tls.* check results. Each result says why in
//! its summary and lists what was observed in `details`; a scan that failed
//! gives `error` everywhere ("could not tell"), never `pass`.

use crate::checks::CheckId;
use crate::model::{CheckOutcome, CheckResult};

use super::grade::{self, MOZILLA_INTERMEDIATE_SUITES};
use super::suites::{self, Suite};
use super::TlsObservation;

const IDS: [CheckId; 12] = [
    CheckId::TlsProtocols,
    CheckId::TlsCiphers,
    CheckId::TlsPreference,
    CheckId::TlsKex,
    CheckId::TlsCertChain,
    CheckId::TlsCertKey,
    CheckId::TlsCertLifetime,
    CheckId::TlsOcspStapling,
    CheckId::TlsFallbackScsv,
    CheckId::TlsMozilla,
    CheckId::TlsGrade,
    CheckId::AuthMtls,
];

/// Every tls.* check result for a report.
pub fn checks(report: &TlsObservation) -> Vec<CheckResult> {
    checks_with_hsts(report, None)
}

/// Every tls.* check result, with the HSTS max-age the HTTP probe saw on the
/// same host (the grade's A+ needs it).
pub fn checks_with_hsts(report: &TlsObservation, hsts_max_age: Option<u64>) -> Vec<CheckResult> {
    if let Some(e) = &report.error {
        return IDS
            .iter()
            .map(|&id| {
                CheckResult::new(
                    id,
                    CheckOutcome::Error,
                    format!("Could not scan {}:{}: {e}", report.host, report.port),
                )
                .with_details(vec![format!("handshakes attempted: {}", report.handshakes)])
            })
            .collect();
    }
    if let Some(why) = &report.sni_required {
        // Refused for want of the right name: nothing about this address is known.
        return IDS
            .iter()
            .map(|&id| {
                CheckResult::new(id, CheckOutcome::Error, format!("Inconclusive: {why}"))
                    .with_details(protocol_details(report))
            })
            .collect();
    }
    if !report.protocols.iter().any(|p| p.offered) {
        // Nothing was negotiated: only the version verdict can be given.
        let mut out = vec![protocols(report)];
        let why = report
            .protocols
            .iter()
            .find_map(|p| p.error.clone())
            .map(|e| format!(": {e}"))
            .unwrap_or_default();
        out.extend(IDS[1..].iter().map(|&id| {
            CheckResult::new(
                id,
                CheckOutcome::Error,
                format!("No protocol version was negotiated{why}"),
            )
            .with_details(protocol_details(report))
        }));
        return out;
    }
    vec![
        protocols(report),
        ciphers(report),
        preference(report),
        kex(report),
        per_certificate(report, chain),
        per_certificate(report, key),
        per_certificate(report, lifetime),
        per_certificate(report, ocsp),
        fallback(report),
        per_certificate(report, mozilla),
        grade_check(report, hsts_max_age),
        mtls(report),
    ]
}

/// The report as if the server held only certificate `c`.
pub(crate) fn with_certificate(
    report: &TlsObservation,
    c: &crate::model::evidence::tls::CertificateObservation,
) -> TlsObservation {
    TlsObservation {
        certificate: Some(c.clone()),
        certificates: Vec::new(),
        ..report.clone()
    }
}

fn cert_label(c: &crate::model::evidence::tls::CertificateObservation) -> String {
    c.selected_by
        .clone()
        .or_else(|| c.chain.first().map(super::cert::key_label))
        .unwrap_or_else(|| "unknown".into())
}

/// Run a certificate check on each certificate the server holds; the worst
/// verdict decides and the others are listed.
fn per_certificate(
    report: &TlsObservation,
    check: fn(&TlsObservation) -> CheckResult,
) -> CheckResult {
    if report.certificates.len() < 2 {
        return check(report);
    }
    let results: Vec<(String, CheckResult)> = report
        .certificates
        .iter()
        .map(|c| (cert_label(c), check(&with_certificate(report, c))))
        .collect();
    let worst = results
        .iter()
        .enumerate()
        .rev()
        .max_by_key(|(_, (_, r))| r.result)
        .map(|(i, _)| i)
        .unwrap_or(0);
    let (label, r) = &results[worst];
    let mut details = vec![format!(
        "{} certificates; the worst verdict decides",
        results.len()
    )];
    for (i, (l, other)) in results.iter().enumerate() {
        if i != worst {
            details.push(format!(
                "{l} certificate: {}: {}",
                other.result, other.summary
            ));
        }
    }
    details.extend(r.details.iter().cloned());
    result(
        r.id,
        r.result,
        format!("{label} certificate: {}", r.summary),
        details,
    )
}

/// Index of the certificate that decides the checks: the worst chain, key
/// and lifetime verdicts, then the worst grade; the first on a tie.
pub fn worst_certificate(
    report: &TlsObservation,
    certs: &[crate::model::evidence::tls::CertificateObservation],
) -> usize {
    let badness = |c| {
        let r = with_certificate(report, c);
        let mut outcomes = [chain(&r).result, key(&r).result, lifetime(&r).result];
        outcomes.sort_unstable_by(|a, b| b.cmp(a));
        let g = grade::grade(&r, None).map(|g| grade::severity(&g));
        (outcomes, g)
    };
    certs
        .iter()
        .enumerate()
        .rev()
        .max_by_key(|(_, c)| badness(c))
        .map(|(i, _)| i)
        .unwrap_or(0)
}

fn mtls(report: &TlsObservation) -> CheckResult {
    let id = CheckId::AuthMtls;
    let Some(a) = &report.client_auth else {
        return result(
            id,
            CheckOutcome::Info,
            "No client certificate requested: authentication must come from the API (OAuth 2.0, API keys)".into(),
            vec!["no CertificateRequest in any handshake".into()],
        );
    };
    let mut details = vec![
        format!("CertificateRequest in {}", a.versions.join(", ")),
        a.detail.clone(),
    ];
    if !a.acceptable_cas.is_empty() {
        details.push(format!(
            "acceptable client CAs: {}",
            a.acceptable_cas.join("; ")
        ));
    }
    if let Some(http) = &a.refused_over_http {
        details.push(format!("HTTP: {http}"));
        if a.required != Some(true) {
            return result(
                id,
                CheckOutcome::Pass,
                "Mutual TLS required: the handshake lets a client without a certificate through, and HTTP refuses it".into(),
                details,
            );
        }
    }
    match a.required {
        Some(true) => result(
            id,
            CheckOutcome::Pass,
            "Mutual TLS required: a client without a certificate is refused".into(),
            details,
        ),
        Some(false) => result(
            id,
            CheckOutcome::Info,
            "Client certificate requested but optional: a client without one is let in, so authentication rests on the API".into(),
            details,
        ),
        None => result(
            id,
            CheckOutcome::Info,
            "Client certificate requested; whether it is required could not be told".into(),
            details,
        ),
    }
}

fn result(
    id: CheckId,
    outcome: CheckOutcome,
    summary: String,
    details: Vec<String>,
) -> CheckResult {
    CheckResult::new(id, outcome, summary).with_details(details)
}

fn protocol_details(report: &TlsObservation) -> Vec<String> {
    report
        .protocols
        .iter()
        .map(|p| match (&p.error, p.offered) {
            (Some(e), true) => format!("{}: offered ({e})", p.version),
            (Some(e), false) => format!("{}: unknown ({e})", p.version),
            (None, true) => format!("{}: offered", p.version),
            (None, false) => format!("{}: not offered", p.version),
        })
        .collect()
}

fn protocols(report: &TlsObservation) -> CheckResult {
    let details = protocol_details(report);
    let offered: Vec<&str> = report
        .protocols
        .iter()
        .filter(|p| p.offered)
        .map(|p| p.version.as_str())
        .collect();
    let unknown: Vec<&str> = report
        .protocols
        .iter()
        .filter(|p| !p.offered && p.error.is_some())
        .map(|p| p.version.as_str())
        .collect();
    let ancient: Vec<&str> = offered
        .iter()
        .copied()
        .filter(|v| *v == "SSLv2" || *v == "SSLv3")
        .collect();
    let old: Vec<&str> = offered
        .iter()
        .copied()
        .filter(|v| *v == "TLSv1.0" || *v == "TLSv1.1")
        .collect();
    let modern = report.offered("TLSv1.2") || report.offered("TLSv1.3");
    let id = CheckId::TlsProtocols;
    if !ancient.is_empty() {
        return result(
            id,
            CheckOutcome::Fail,
            format!(
                "{} offered: broken protocol versions",
                ancient.join(" and ")
            ),
            details,
        );
    }
    if !modern {
        if !unknown.is_empty() {
            return result(
                id,
                CheckOutcome::Error,
                format!(
                    "Could not tell whether {} are offered, and TLS 1.2+ was not seen",
                    unknown.join(", ")
                ),
                details,
            );
        }
        return result(
            id,
            CheckOutcome::Fail,
            "Neither TLS 1.2 nor TLS 1.3 is offered".into(),
            details,
        );
    }
    if !old.is_empty() {
        return result(
            id,
            CheckOutcome::Warn,
            format!(
                "{} offered alongside TLS 1.2+: deprecated versions (RFC 8996; SSL Labs caps at B)",
                old.join(" and ")
            ),
            details,
        );
    }
    if !unknown.is_empty() {
        return result(
            id,
            CheckOutcome::Error,
            format!("Could not tell whether {} are offered", unknown.join(", ")),
            details,
        );
    }
    result(
        id,
        CheckOutcome::Pass,
        format!("Only {} offered", offered.join(" and ")),
        details,
    )
}

fn suite_problems(s: &Suite) -> (Option<String>, Option<String>) {
    let mut fail = Vec::new();
    if s.is_null_cipher() {
        fail.push("NULL cipher");
    }
    if s.is_anon() {
        fail.push("anonymous");
    }
    if s.is_export() {
        fail.push("EXPORT");
    }
    if s.is_des() {
        fail.push("DES");
    }
    if s.is_rc4() {
        fail.push("RC4");
    }
    if s.is_3des() {
        fail.push("3DES");
    }
    if s.bits() < 112 && !s.is_null_cipher() {
        fail.push("under 112 bits");
    }
    let mut warn = Vec::new();
    if s.is_cbc() {
        warn.push("CBC");
    }
    if !s.key_exchange().forward_secret() {
        warn.push("no forward secrecy");
    }
    if !MOZILLA_INTERMEDIATE_SUITES.contains(&s.name) {
        warn.push("not in Mozilla intermediate");
    }
    (
        (!fail.is_empty()).then(|| format!("{}: {}", s.name, fail.join(", "))),
        (!warn.is_empty()).then(|| format!("{}: {}", s.name, warn.join(", "))),
    )
}

fn ciphers(report: &TlsObservation) -> CheckResult {
    let id = CheckId::TlsCiphers;
    let mut details: Vec<String> = report
        .protocols
        .iter()
        .filter(|p| p.offered)
        .map(|p| {
            format!(
                "{} ({} suites): {}",
                p.version,
                p.cipher_suites.len(),
                p.cipher_suites.join(", ")
            )
        })
        .collect();
    details.extend(
        report
            .protocols
            .iter()
            .filter_map(|p| p.error.as_ref().map(|e| format!("{}: {e}", p.version))),
    );
    let mut fails = Vec::new();
    let mut warns = Vec::new();
    if report.offered("SSLv2") {
        fails.push("SSLv2 ciphers (all broken)".to_string());
    }
    for s in super::accepted_suites(report) {
        let (f, w) = suite_problems(s);
        fails.extend(f);
        warns.extend(w);
    }
    if super::accepted_suites(report).is_empty() && !report.offered("SSLv2") {
        return result(
            id,
            CheckOutcome::Error,
            "No cipher suite was accepted, so none could be judged".into(),
            details,
        );
    }
    let incomplete = report.protocols.iter().any(|p| p.error.is_some());
    if !fails.is_empty() {
        let n = fails.len();
        details.extend(fails.into_iter().map(|f| format!("insecure: {f}")));
        details.extend(warns.into_iter().map(|w| format!("weak: {w}")));
        return result(id, CheckOutcome::Fail, format!("{n} insecure suites accepted (NULL, anonymous, EXPORT, DES, RC4, 3DES or < 112-bit)"), details);
    }
    if !warns.is_empty() {
        let n = warns.len();
        details.extend(warns.into_iter().map(|w| format!("weak: {w}")));
        return result(
            id,
            CheckOutcome::Warn,
            format!("{n} suites outside Mozilla intermediate (CBC, static RSA or other)"),
            details,
        );
    }
    if incomplete {
        return result(id, CheckOutcome::Error, "Accepted suites are all in Mozilla intermediate, but some versions could not be fully enumerated".into(), details);
    }
    result(
        id,
        CheckOutcome::Pass,
        "Every accepted suite is in Mozilla's intermediate list".into(),
        details,
    )
}

fn preference(report: &TlsObservation) -> CheckResult {
    let id = CheckId::TlsPreference;
    let tested: Vec<(&str, bool)> = report
        .protocols
        .iter()
        .filter_map(|p| p.server_preference.map(|b| (p.version.as_str(), b)))
        .collect();
    let details: Vec<String> = tested
        .iter()
        .map(|(v, b)| {
            format!(
                "{v}: {}",
                if *b {
                    "server order enforced"
                } else {
                    "client order followed"
                }
            )
        })
        .collect();
    if tested.is_empty() {
        return result(
            id,
            CheckOutcome::Info,
            "Not tested: no version accepts two or more suites".into(),
            details,
        );
    }
    let server: Vec<&str> = tested.iter().filter(|(_, b)| *b).map(|(v, _)| *v).collect();
    let summary = if server.len() == tested.len() {
        "The server enforces its own suite order".to_string()
    } else if server.is_empty() {
        "The server follows the client's suite order (fine when every suite is strong; Mozilla does not require server order)".to_string()
    } else {
        format!(
            "The server enforces its own suite order on {} only",
            server.join(", ")
        )
    };
    result(id, CheckOutcome::Info, summary, details)
}

fn kex(report: &TlsObservation) -> CheckResult {
    let id = CheckId::TlsKex;
    let k = &report.kex;
    let mut details = Vec::new();
    if !k.groups.is_empty() {
        details.push(format!(
            "ECDHE groups (TLS <= 1.2): {}",
            k.groups.join(", ")
        ));
    }
    if !k.groups_tls13.is_empty() {
        details.push(format!("TLS 1.3 groups: {}", k.groups_tls13.join(", ")));
    }
    if !k.dh_bits.is_empty() {
        details.push(format!(
            "DH prime sizes: {}",
            k.dh_bits
                .iter()
                .map(|b| format!("{b} bits"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !k.rsa_export_bits.is_empty() {
        details.push(format!("EXPORT RSA keys: {:?} bits", k.rsa_export_bits));
    }
    details.extend(k.errors.iter().cloned());
    let mut fails = Vec::new();
    let mut warns = Vec::new();
    for b in &k.dh_bits {
        if *b < 1024 {
            fails.push(format!("DH {b} bits"));
        } else if *b < 2048 {
            warns.push(format!("DH {b} bits"));
        }
    }
    for b in &k.rsa_export_bits {
        fails.push(format!("EXPORT RSA {b} bits"));
    }
    for g in k.groups.iter().chain(&k.groups_tls13) {
        let eq = suites::group_code(g)
            .map(suites::group_rsa_equivalent)
            .unwrap_or(3072);
        if eq < 1024 {
            fails.push(format!("group {g}"));
        } else if eq < 2048 {
            warns.push(format!("group {g} (about {eq}-bit RSA strength)"));
        }
    }
    let ephemeral = super::accepted_suites(report)
        .iter()
        .any(|s| s.key_exchange().forward_secret());
    if !fails.is_empty() {
        return result(
            id,
            CheckOutcome::Fail,
            format!("Weak key exchange: {}", fails.join(", ")),
            details,
        );
    }
    if !warns.is_empty() {
        return result(
            id,
            CheckOutcome::Warn,
            format!("Key exchange below 2048-bit strength: {}", warns.join(", ")),
            details,
        );
    }
    if !ephemeral {
        return result(
            id,
            CheckOutcome::Warn,
            "No ephemeral (EC)DHE key exchange: no forward secrecy".into(),
            details,
        );
    }
    if k.groups.is_empty() && k.groups_tls13.is_empty() && k.dh_bits.is_empty() {
        return result(
            id,
            CheckOutcome::Error,
            "Ephemeral suites are accepted but no group or DH size could be read".into(),
            details,
        );
    }
    result(
        id,
        CheckOutcome::Pass,
        "Key exchange uses strong groups (X25519, P-256, P-384 or DH >= 2048)".into(),
        details,
    )
}

fn cert_missing(id: CheckId, report: &TlsObservation) -> CheckResult {
    let why = report
        .certificate_error
        .clone()
        .unwrap_or_else(|| "no certificate was obtained".into());
    result(
        id,
        CheckOutcome::Error,
        format!("No certificate to judge: {why}"),
        Vec::new(),
    )
}

fn chain(report: &TlsObservation) -> CheckResult {
    let id = CheckId::TlsCertChain;
    let Some(c) = &report.certificate else {
        return cert_missing(id, report);
    };
    let mut details: Vec<String> = c
        .chain
        .iter()
        .enumerate()
        .map(|(i, x)| {
            format!(
                "#{i} subject '{}' issuer '{}' valid {} .. {} sha256 {}",
                x.subject, x.issuer, x.not_before, x.not_after, x.sha256_fingerprint
            )
        })
        .collect();
    if let Some(leaf) = c.chain.first() {
        details.push(format!("names: {}", leaf.subject_alt_names.join(", ")));
    }
    details.push(format!(
        "checked name {:?} against {}; from the {}",
        c.name_checked, c.roots, c.source
    ));
    details.extend(c.chain_notes.iter().cloned());
    let mut fails = Vec::new();
    if c.expired {
        fails.push(format!("expired {} days ago", -c.days_to_expiry));
    }
    if c.not_yet_valid {
        fails.push("not yet valid".to_string());
    }
    if c.self_signed {
        fails.push("self-signed".to_string());
    } else if !c.trusted {
        match (c.trusted_ignoring_dates, &c.trust_error) {
            (Some(true), _) => {}
            (_, Some(e)) => fails.push(match &c.missing_issuer {
                Some(i) => format!("not trusted: {e}; chain incomplete: issuer '{i}' not sent"),
                None => format!("not trusted: {e}"),
            }),
            (_, None) => fails.push("not trusted".into()),
        }
    }
    if !c.name_matches {
        fails.push(format!("not valid for {:?}", c.name_checked));
    }
    if !fails.is_empty() {
        return result(
            id,
            CheckOutcome::Fail,
            format!("Certificate {}", fails.join("; ")),
            details,
        );
    }
    let mut warns = Vec::new();
    if !c.chain_in_order {
        warns.push("chain sent out of order".to_string());
    }
    if c.chain_complete == Some(false) {
        warns.push("chain incomplete".to_string());
    }
    if c.days_to_expiry < 30 {
        warns.push(format!("expires in {} days", c.days_to_expiry));
    }
    if !warns.is_empty() {
        return result(
            id,
            CheckOutcome::Warn,
            format!("Certificate trusted, but {}", warns.join("; ")),
            details,
        );
    }
    result(
        id,
        CheckOutcome::Pass,
        format!(
            "Certificate trusted, valid for {:?}, expires in {} days",
            c.name_checked, c.days_to_expiry
        ),
        details,
    )
}

fn weak_signature(alg: &str) -> bool {
    let a = alg.to_ascii_lowercase();
    a.contains("md5") || a.contains("md2") || a.contains("sha1")
}

fn key(report: &TlsObservation) -> CheckResult {
    let id = CheckId::TlsCertKey;
    let Some(c) = &report.certificate else {
        return cert_missing(id, report);
    };
    let Some(leaf) = c.chain.first() else {
        return cert_missing(id, report);
    };
    let key = match &leaf.curve {
        Some(curve) => format!("{} {curve}", leaf.key_type),
        None => format!("{} {} bits", leaf.key_type, leaf.key_bits),
    };
    let mut details = vec![format!(
        "leaf key {key}, signed with {}",
        leaf.signature_algorithm
    )];
    // Signatures that matter: every certificate but a self-signed root at the end.
    let weak_sigs: Vec<String> = c
        .chain
        .iter()
        .enumerate()
        .filter(|(i, x)| !(x.self_issued && *i > 0) && weak_signature(&x.signature_algorithm))
        .map(|(i, x)| format!("#{i} '{}' signed with {}", x.subject, x.signature_algorithm))
        .collect();
    details.extend(weak_sigs.iter().cloned());
    // Every certificate's key, the worst decides (a self-signed root sent
    // at the end is a trust anchor, not judged here).
    let mut worst_key: Option<(CheckOutcome, String)> = None;
    for (i, x) in c.chain.iter().enumerate() {
        if x.self_issued && i > 0 {
            continue;
        }
        let Some((outcome, why)) = key_verdict(x) else {
            continue;
        };
        let why = if i == 0 {
            why
        } else {
            format!("{why} in #{i} '{}'", x.subject)
        };
        if i > 0 {
            details.push(format!("weak key: {why}"));
        }
        if worst_key.as_ref().is_none_or(|(o, _)| outcome > *o) {
            worst_key = Some((outcome, why));
        }
    }
    if let Some((CheckOutcome::Fail, why)) = &worst_key {
        return result(id, CheckOutcome::Fail, why.clone(), details);
    }
    if !weak_sigs.is_empty() {
        let mut s = format!("Weak certificate signature ({})", weak_sigs.join("; "));
        if let Some((_, why)) = &worst_key {
            s.push_str(&format!(" and {why}"));
        }
        return result(id, CheckOutcome::Fail, s, details);
    }
    if let Some((outcome, why)) = worst_key {
        return result(id, outcome, why, details);
    }
    result(
        id,
        CheckOutcome::Pass,
        format!("{key} signed with {}", leaf.signature_algorithm),
        details,
    )
}

/// One certificate's key judged on its own: fail under 1024 bits (RSA),
/// warn under 2048 (RSA, RSA-PSS), under 256 (EC), and DSA.
fn key_verdict(x: &crate::model::evidence::tls::CertInfo) -> Option<(CheckOutcome, String)> {
    let is_rsa = x.key_type == "RSA" || x.key_type == "RSA-PSS";
    if is_rsa && x.key_bits < 1024 {
        return Some((
            CheckOutcome::Fail,
            format!("RSA key of {} bits (< 1024)", x.key_bits),
        ));
    }
    if is_rsa && x.key_bits < 2048 {
        return Some((
            CheckOutcome::Warn,
            format!("{} key of {} bits (< 2048)", x.key_type, x.key_bits),
        ));
    }
    if x.key_type == "EC" && x.key_bits < 256 {
        return Some((
            CheckOutcome::Warn,
            format!("EC key of {} bits (< 256)", x.key_bits),
        ));
    }
    if x.key_type == "DSA" {
        return Some((CheckOutcome::Warn, "DSA certificate key".into()));
    }
    None
}

fn lifetime(report: &TlsObservation) -> CheckResult {
    let id = CheckId::TlsCertLifetime;
    let Some(leaf) = report.certificate.as_ref().and_then(|c| c.chain.first()) else {
        return cert_missing(id, report);
    };
    let details = vec![format!(
        "valid {} .. {} ({} days)",
        leaf.not_before, leaf.not_after, leaf.lifetime_days
    )];
    if leaf.lifetime_days > 398 {
        return result(
            id,
            CheckOutcome::Warn,
            format!(
                "Lifetime of {} days exceeds 398 (CA/Browser Forum)",
                leaf.lifetime_days
            ),
            details,
        );
    }
    result(
        id,
        CheckOutcome::Pass,
        format!("Lifetime of {} days (at most 398)", leaf.lifetime_days),
        details,
    )
}

fn ocsp(report: &TlsObservation) -> CheckResult {
    let id = CheckId::TlsOcspStapling;
    let Some(c) = &report.certificate else {
        return cert_missing(id, report);
    };
    let details = vec![format!("status_request sent in the {}", c.source)];
    if c.ocsp_stapled {
        result(
            id,
            CheckOutcome::Info,
            "The server staples an OCSP response".into(),
            details,
        )
    } else {
        result(
            id,
            CheckOutcome::Info,
            "No OCSP response stapled".into(),
            details,
        )
    }
}

fn fallback(report: &TlsObservation) -> CheckResult {
    let id = CheckId::TlsFallbackScsv;
    let below12: Vec<&str> = ["SSLv3", "TLSv1.0", "TLSv1.1"]
        .into_iter()
        .filter(|v| report.offered(v))
        .collect();
    match &report.fallback_scsv {
        None if below12.is_empty() => result(
            id,
            CheckOutcome::Info,
            "Not applicable: no version below TLS 1.2 is offered".into(),
            Vec::new(),
        ),
        None => result(
            id,
            CheckOutcome::Info,
            format!(
                "Not applicable: {} is the only version offered",
                below12.join(", ")
            ),
            Vec::new(),
        ),
        Some(f) => match f.supported {
            Some(true) => result(
                id,
                CheckOutcome::Pass,
                "Downgrade refused: the server honours TLS_FALLBACK_SCSV".into(),
                vec![f.detail.clone()],
            ),
            Some(false) => result(
                id,
                CheckOutcome::Warn,
                format!(
                    "{} is accepted and the server ignores TLS_FALLBACK_SCSV (RFC 7507)",
                    below12.join(", ")
                ),
                vec![f.detail.clone()],
            ),
            None => result(
                id,
                CheckOutcome::Error,
                format!("Fallback test inconclusive: {}", f.detail),
                vec![f.detail.clone()],
            ),
        },
    }
}

fn mozilla(report: &TlsObservation) -> CheckResult {
    let id = CheckId::TlsMozilla;
    let v = grade::mozilla(report);
    let mut details = v.deviations.clone();
    details.push("HSTS is judged by http.hsts".into());
    match v.profile {
        Some(p) => result(
            id,
            CheckOutcome::Pass,
            format!("Meets Mozilla's {p} profile"),
            details,
        ),
        None if v.outside_old => result(
            id,
            CheckOutcome::Fail,
            format!(
                "{} deviations from Mozilla intermediate, some outside even the old profile",
                v.deviations.len()
            ),
            details,
        ),
        None => result(
            id,
            CheckOutcome::Warn,
            format!(
                "{} deviations from Mozilla intermediate",
                v.deviations.len()
            ),
            details,
        ),
    }
}

fn grade_check(report: &TlsObservation, hsts_max_age: Option<u64>) -> CheckResult {
    let id = CheckId::TlsGrade;
    let Some(g) = grade::grade(report, hsts_max_age) else {
        return result(
            id,
            CheckOutcome::Error,
            "No grade: no protocol version was accepted".into(),
            protocol_details(report),
        );
    };
    if g.letter == grade::UNCHECKED {
        let why = report
            .certificate_error
            .as_deref()
            .unwrap_or("no certificate was obtained");
        return result(
            id,
            CheckOutcome::Error,
            format!(
                "No grade: the certificate was not checked ({why}); the configuration alone would earn {}",
                g.letter_ignoring_trust
            ),
            g.caps.clone(),
        );
    }
    let mut details = vec![format!(
        "score {} = 0.3 x protocol {} + 0.3 x key exchange {} + 0.4 x cipher {}",
        g.score, g.protocol_score, g.kex_score, g.cipher_score
    )];
    details.extend(g.caps.iter().cloned());
    details.push(match hsts_max_age {
        Some(age) => format!("HSTS max-age {age} seen by http.hsts (A+ needs at least 15552000)"),
        None => "A+ also needs HSTS (see http.hsts)".into(),
    });
    let outcome = match g.letter.as_str() {
        "A+" | "A" | "A-" => CheckOutcome::Pass,
        "B" => CheckOutcome::Warn,
        _ => CheckOutcome::Fail,
    };
    let why = if g.caps.is_empty() {
        format!("score {}", g.score)
    } else {
        g.caps.join("; ")
    };
    let summary = match g.letter.as_str() {
        "T" | "M" => format!(
            "{} (would be {} otherwise): {why}",
            g.letter, g.letter_ignoring_trust
        ),
        l => format!("{l}: {why}"),
    };
    result(id, outcome, summary, details)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_scan_gives_errors_for_every_check() {
        let r = TlsObservation {
            host: "h".into(),
            port: 1,
            error: Some("cannot connect: refused".into()),
            ..Default::default()
        };
        let c = checks(&r);
        assert_eq!(c.len(), IDS.len());
        assert!(c
            .iter()
            .all(|c| c.result == CheckOutcome::Error && c.summary.contains("refused")));
        assert_eq!(
            IDS.to_vec(),
            CheckId::of_family(crate::checks::Family::Tls).collect::<Vec<_>>(),
            "every TLS check of the registry, in registry order"
        );
    }

    #[test]
    fn every_certificates_key_is_judged_and_the_worst_decides() {
        use crate::model::evidence::tls::{CertInfo, CertificateObservation};
        let cert = |subject: &str, bits: u32, self_issued: bool| CertInfo {
            subject: subject.into(),
            key_type: "RSA".into(),
            key_bits: bits,
            signature_algorithm: "sha256WithRSAEncryption".into(),
            self_issued,
            ..Default::default()
        };
        let obs = |chain: Vec<CertInfo>| TlsObservation {
            host: "h".into(),
            port: 443,
            certificate: Some(CertificateObservation {
                chain,
                ..Default::default()
            }),
            ..Default::default()
        };
        let r = key(&obs(vec![
            cert("leaf", 2048, false),
            cert("Weak Intermediate", 1024, false),
        ]));
        assert_eq!(r.result, CheckOutcome::Warn, "{r:?}");
        assert!(
            r.summary.contains("1024 bits") && r.summary.contains("'Weak Intermediate'"),
            "{}",
            r.summary
        );
        let r = key(&obs(vec![
            cert("leaf", 2048, false),
            cert("Tiny", 512, false),
        ]));
        assert_eq!(r.result, CheckOutcome::Fail, "{r:?}");
        // A self-signed root sent at the end is a trust anchor, not judged.
        let r = key(&obs(vec![
            cert("leaf", 2048, false),
            cert("Old Root", 1024, true),
        ]));
        assert_eq!(r.result, CheckOutcome::Pass, "{r:?}");
    }
}
