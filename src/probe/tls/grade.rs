//! Grading rules as pure functions of a [`TlsObservation`]: an SSL Labs-style
//! letter (SSL Labs Server Rating Guide 2009r and its 2014-2020 caps) and the
//! comparison with Mozilla's Server Side TLS 5.7 profiles. Kept apart from
//! the handshakes so the rules can be read and tested as a table.

use serde::{Deserialize, Serialize};

use super::suites::{self, KeyExchange, Suite};
use super::TlsObservation;

/// Letters best first; a cap can only lower the grade.
const LETTERS: [&str; 8] = ["A+", "A", "A-", "B", "C", "D", "E", "F"];

/// The letter when no certificate could be checked: never a grade.
pub const UNCHECKED: &str = "?";

/// How bad a grade is, for picking the worst of several: trust failures
/// and an unchecked certificate first, then the letter.
pub fn severity(g: &Grade) -> (bool, usize) {
    (
        matches!(g.letter.as_str(), "T" | "M" | UNCHECKED),
        rank(&g.letter_ignoring_trust),
    )
}

fn rank(letter: &str) -> usize {
    LETTERS
        .iter()
        .position(|l| *l == letter)
        .unwrap_or(LETTERS.len() - 1)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grade {
    /// A+ .. F, or T (not trusted) / M (name mismatch).
    pub letter: String,
    /// The letter the configuration earns when trust issues are ignored.
    pub letter_ignoring_trust: String,
    /// 0.3 protocol + 0.3 key exchange + 0.4 cipher.
    pub score: u32,
    pub protocol_score: u32,
    pub kex_score: u32,
    pub cipher_score: u32,
    /// Each cap applied, e.g. "TLS 1.0 enabled caps at B".
    pub caps: Vec<String>,
}

fn protocol_points(v: &str) -> u32 {
    match v {
        "SSLv2" => 0,
        "SSLv3" => 80,
        "TLSv1.0" => 90,
        "TLSv1.1" => 95,
        _ => 100,
    }
}

fn kex_points(bits: u32) -> u32 {
    match bits {
        0 => 0,
        1..=511 => 20,
        512..=1023 => 40,
        1024..=2047 => 80,
        2048..=4095 => 90,
        _ => 100,
    }
}

fn cipher_points(bits: u16) -> u32 {
    match bits {
        0 => 0,
        1..=127 => 20,
        128..=255 => 80,
        _ => 100,
    }
}

fn score_letter(score: u32) -> &'static str {
    match score {
        80.. => "A",
        65..=79 => "B",
        50..=64 => "C",
        35..=49 => "D",
        20..=34 => "E",
        _ => "F",
    }
}

/// RSA-equivalent strength of the certificate key.
fn cert_strength(report: &TlsObservation) -> Option<u32> {
    let leaf = report.certificate.as_ref()?.chain.first()?;
    Some(match leaf.key_type.as_str() {
        "RSA" | "RSA-PSS" | "DSA" => leaf.key_bits,
        "EC" => match leaf.key_bits {
            0..=223 => 1024,
            224..=255 => 2048,
            256..=383 => 3072,
            384..=520 => 7680,
            _ => 15360,
        },
        "Ed25519" => 3072,
        "Ed448" => 7680,
        _ => leaf.key_bits,
    })
}

/// Weakest key exchange, in RSA-equivalent bits, across accepted suites.
fn weakest_kex(report: &TlsObservation) -> u32 {
    let cert = cert_strength(report).unwrap_or(2048);
    let mut weakest = u32::MAX;
    for p in &report.protocols {
        if p.version == "SSLv2" && p.offered {
            weakest = weakest.min(if cert < 512 { cert } else { 512 });
        }
        for s in &p.suites {
            let Some(suite) = Suite::by_name(&s.name) else {
                continue;
            };
            let from_kex = s.kex.as_deref().and_then(|k| {
                if let Some(b) = k.strip_prefix("DH ") {
                    b.parse::<u32>().ok()
                } else if let Some(b) = k.strip_prefix("RSA ") {
                    b.parse::<u32>().ok()
                } else {
                    suites::group_code(k).map(suites::group_rsa_equivalent)
                }
            });
            let bits = if suite.is_anon() {
                0
            } else {
                match suite.key_exchange() {
                    KeyExchange::Rsa | KeyExchange::StaticDh | KeyExchange::StaticEcdh => cert,
                    KeyExchange::RsaExport => from_kex.unwrap_or(512),
                    _ => from_kex.map(|b| b.min(cert)).unwrap_or(cert),
                }
            };
            weakest = weakest.min(bits);
        }
    }
    for b in &report.kex.dh_bits {
        weakest = weakest.min(*b);
    }
    if weakest == u32::MAX {
        cert
    } else {
        weakest
    }
}

fn cap(current: &mut &'static str, to: &'static str, caps: &mut Vec<String>, why: String) {
    caps.push(format!("{why} caps at {to}"));
    if rank(to) > rank(current) {
        *current = to;
    }
}

/// Grade a report; `None` when the scan failed. `hsts_max_age` comes from the
/// HTTP probe: A+ needs HSTS of at least six months.
pub fn grade(report: &TlsObservation, hsts_max_age: Option<u64>) -> Option<Grade> {
    if report.error.is_some() || !report.protocols.iter().any(|p| p.offered) {
        return None;
    }
    if report.certificates.len() > 1 {
        // Each certificate graded as if it were the only one; the worst decides.
        let mut worst: Option<(Grade, String)> = None;
        for c in &report.certificates {
            let g = grade_one(&super::checks::with_certificate(report, c), hsts_max_age)?;
            if worst
                .as_ref()
                .is_none_or(|(w, _)| severity(&g) > severity(w))
            {
                let label = c.selected_by.clone().unwrap_or_default();
                worst = Some((g, label));
            }
        }
        return worst.map(|(mut g, label)| {
            g.caps.push(format!(
                "graded with the {label} certificate, the worst of {}",
                report.certificates.len()
            ));
            g
        });
    }
    grade_one(report, hsts_max_age)
}

fn grade_one(report: &TlsObservation, hsts_max_age: Option<u64>) -> Option<Grade> {
    let offered: Vec<&str> = report
        .protocols
        .iter()
        .filter(|p| p.offered)
        .map(|p| p.version.as_str())
        .collect();
    let best = offered
        .iter()
        .map(|v| protocol_points(v))
        .max()
        .unwrap_or(0);
    let worst = offered
        .iter()
        .map(|v| protocol_points(v))
        .min()
        .unwrap_or(0);
    let protocol_score = (best + worst) / 2;

    let weakest = weakest_kex(report);
    let kex_score = kex_points(weakest);

    let suites = super::accepted_suites(report);
    let mut bits: Vec<u16> = suites.iter().map(|s| s.bits()).collect();
    if report.offered("SSLv2") {
        bits.push(40);
    }
    let strongest = bits.iter().copied().max().unwrap_or(0);
    let weakest_cipher = bits.iter().copied().min().unwrap_or(0);
    let cipher_score = (cipher_points(strongest) + cipher_points(weakest_cipher)) / 2;

    let score = (3 * protocol_score + 3 * kex_score + 4 * cipher_score) / 10;
    let mut letter = score_letter(score);
    let mut caps = Vec::new();

    if report.offered("SSLv2") {
        cap(&mut letter, "F", &mut caps, "SSLv2 enabled".into());
    }
    if report.offered("SSLv3") {
        cap(&mut letter, "C", &mut caps, "SSLv3 enabled (POODLE)".into());
    }
    for v in ["TLSv1.0", "TLSv1.1"] {
        if report.offered(v) {
            cap(
                &mut letter,
                "B",
                &mut caps,
                format!("{} enabled", v.replace("TLSv", "TLS ")),
            );
        }
    }
    if !report.offered("TLSv1.2") && !report.offered("TLSv1.3") {
        cap(&mut letter, "C", &mut caps, "no TLS 1.2 or 1.3".into());
    }
    let named = |pred: &dyn Fn(&Suite) -> bool| -> Vec<&str> {
        suites.iter().filter(|s| pred(s)).map(|s| s.name).collect()
    };
    let broken = named(&|s| {
        s.is_export() || s.is_anon() || s.is_null_cipher() || s.is_des() || s.bits() < 112
    });
    if !broken.is_empty() {
        let more = if broken.len() > 2 {
            format!(" and {} more", broken.len() - 2)
        } else {
            String::new()
        };
        cap(
            &mut letter,
            "F",
            &mut caps,
            format!(
                "insecure suites ({}{more})",
                broken[..broken.len().min(2)].join(", ")
            ),
        );
    }
    let rc4 = named(&|s| s.is_rc4());
    if !rc4.is_empty() {
        cap(&mut letter, "C", &mut caps, "RC4".into());
    }
    let tdes = named(&|s| s.is_3des());
    if !tdes.is_empty() {
        cap(
            &mut letter,
            "C",
            &mut caps,
            "3DES (64-bit block, Sweet32)".into(),
        );
    }
    if let Some(min_dh) = report.kex.dh_bits.iter().min() {
        if *min_dh < 1024 {
            cap(
                &mut letter,
                "F",
                &mut caps,
                format!("DH parameters of {min_dh} bits (Logjam)"),
            );
        } else if *min_dh < 2048 {
            cap(
                &mut letter,
                "B",
                &mut caps,
                format!("DH parameters of {min_dh} bits"),
            );
        }
    }
    if let Some(leaf) = report.certificate.as_ref().and_then(|c| c.chain.first()) {
        let rsa = leaf.key_type == "RSA" || leaf.key_type == "RSA-PSS";
        if rsa && leaf.key_bits < 1024 {
            cap(
                &mut letter,
                "F",
                &mut caps,
                format!("RSA key of {} bits", leaf.key_bits),
            );
        } else if rsa && leaf.key_bits < 2048 {
            cap(
                &mut letter,
                "B",
                &mut caps,
                format!("RSA key of {} bits", leaf.key_bits),
            );
        }
    }
    if !suites.is_empty() && !suites.iter().any(|s| s.key_exchange().forward_secret()) {
        cap(&mut letter, "B", &mut caps, "no forward secrecy".into());
    }
    if !suites.is_empty() && !suites.iter().any(|s| s.is_aead()) {
        cap(&mut letter, "B", &mut caps, "no AEAD suite".into());
    }
    if report
        .fallback_scsv
        .as_ref()
        .is_some_and(|f| f.supported == Some(false))
    {
        cap(
            &mut letter,
            "A-",
            &mut caps,
            "no TLS_FALLBACK_SCSV downgrade protection".into(),
        );
    }
    if letter == "A" && caps.is_empty() && hsts_max_age.is_some_and(|a| a >= 15_552_000) {
        letter = "A+";
    }

    let letter_ignoring_trust = letter.to_string();
    let mut final_letter = letter.to_string();
    match &report.certificate {
        None => {
            final_letter = UNCHECKED.into();
            caps.push(format!(
                "certificate not checked ({}): no grade",
                report
                    .certificate_error
                    .as_deref()
                    .unwrap_or("no certificate was obtained")
            ));
        }
        Some(c) if !c.name_matches => {
            final_letter = "M".into();
            caps.push(format!(
                "certificate not valid for {:?}: grade M",
                c.name_checked
            ));
        }
        Some(c) if !c.trusted => {
            final_letter = "T".into();
            caps.push(format!(
                "certificate not trusted ({}): grade T",
                c.trust_error.as_deref().unwrap_or("untrusted")
            ));
        }
        _ => {}
    }
    Some(Grade {
        letter: final_letter,
        letter_ignoring_trust,
        score,
        protocol_score,
        kex_score,
        cipher_score,
        caps,
    })
}

/// Mozilla Server Side TLS 5.7, intermediate profile: TLS 1.3 suites plus these (IANA names).
pub const MOZILLA_INTERMEDIATE_SUITES: &[&str] = &[
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
];

/// Mozilla modern profile: TLS 1.3 only, these suites.
pub const MOZILLA_MODERN_SUITES: &[&str] = &[
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
];

const MOZILLA_GROUPS: &[&str] = &["x25519", "secp256r1", "secp384r1"];

#[derive(Debug, Clone, PartialEq)]
pub struct MozillaVerdict {
    /// "modern" or "intermediate" when met.
    pub profile: Option<&'static str>,
    /// Deviations from the intermediate profile (or from modern when intermediate is met).
    pub deviations: Vec<String>,
    /// Outside even Mozilla's "old" profile (SSLv2/3, broken suites, tiny keys).
    pub outside_old: bool,
}

pub fn mozilla(report: &TlsObservation) -> MozillaVerdict {
    let mut dev = Vec::new();
    let mut outside_old = false;
    for v in ["SSLv2", "SSLv3"] {
        if report.offered(v) {
            dev.push(format!("{v} offered"));
            outside_old = true;
        }
    }
    for v in ["TLSv1.0", "TLSv1.1"] {
        if report.offered(v) {
            dev.push(format!(
                "{v} offered (intermediate allows TLS 1.2 and 1.3 only)"
            ));
        }
    }
    if !report.offered("TLSv1.2") {
        dev.push("TLSv1.2 not offered".into());
    }
    if !report.offered("TLSv1.3") {
        dev.push("TLSv1.3 not offered".into());
    }
    for s in super::accepted_suites(report) {
        if !MOZILLA_INTERMEDIATE_SUITES.contains(&s.name) {
            dev.push(format!("suite {} is not in the intermediate list", s.name));
            if s.is_insecure() && !s.is_3des() {
                outside_old = true;
            }
        }
    }
    for g in report.kex.groups.iter().chain(&report.kex.groups_tls13) {
        let hybrid = g.contains("MLKEM") || g.contains("Kyber");
        if !MOZILLA_GROUPS.contains(&g.as_str()) && !hybrid && !g.starts_with("ffdhe") {
            dev.push(format!(
                "group {g} is not one of x25519, secp256r1, secp384r1"
            ));
        }
    }
    for b in &report.kex.dh_bits {
        if *b < 2048 {
            dev.push(format!(
                "DH parameters of {b} bits (intermediate: ffdhe2048 or larger)"
            ));
            if *b < 1024 {
                outside_old = true;
            }
        }
    }
    let mut leaf_is_ecdsa = false;
    if let Some(leaf) = report.certificate.as_ref().and_then(|c| c.chain.first()) {
        match leaf.key_type.as_str() {
            "RSA" | "RSA-PSS" if leaf.key_bits < 2048 => {
                dev.push(format!("RSA key of {} bits (at least 2048)", leaf.key_bits));
                outside_old = true;
            }
            "RSA" | "RSA-PSS" => {}
            "EC" if matches!(leaf.curve.as_deref(), Some("P-256") | Some("P-384")) => {
                leaf_is_ecdsa = true
            }
            other => dev.push(format!(
                "certificate key {other} {} (RSA or ECDSA P-256/P-384)",
                leaf.key_bits
            )),
        }
        let sig = leaf.signature_algorithm.to_ascii_lowercase();
        if sig.contains("sha1") || sig.contains("md5") || sig.contains("md2") {
            dev.push(format!(
                "certificate signed with {}",
                leaf.signature_algorithm
            ));
            outside_old = true;
        }
        if leaf.lifetime_days > 366 {
            dev.push(format!(
                "certificate lifetime {} days (at most 366)",
                leaf.lifetime_days
            ));
        }
    }
    if !dev.is_empty() {
        return MozillaVerdict {
            profile: None,
            deviations: dev,
            outside_old,
        };
    }
    // Intermediate met; modern as well?
    let modern = !report.offered("TLSv1.2")
        && super::accepted_suites(report)
            .iter()
            .all(|s| MOZILLA_MODERN_SUITES.contains(&s.name))
        && leaf_is_ecdsa;
    MozillaVerdict {
        profile: Some(if modern { "modern" } else { "intermediate" }),
        deviations: Vec::new(),
        outside_old: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::evidence::tls::{
        CertInfo, CertificateObservation, FallbackObservation, ProtocolObservation,
        SuiteObservation, TlsObservation,
    };

    fn report(versions: &[(&str, &[u16])], rsa_bits: u32, sig: &str) -> TlsObservation {
        let mut r = TlsObservation::default();
        for v in ["SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"] {
            let suites: &[u16] = versions
                .iter()
                .find(|(n, _)| *n == v)
                .map(|(_, s)| *s)
                .unwrap_or(&[]);
            r.protocols.push(ProtocolObservation {
                version: v.into(),
                offered: !suites.is_empty(),
                cipher_suites: suites.iter().map(|c| suites::name(*c)).collect(),
                suites: suites
                    .iter()
                    .map(|c| SuiteObservation {
                        id: format!("0x{c:04X}"),
                        name: suites::name(*c),
                        kex: Some("x25519".into()),
                    })
                    .collect(),
                ..Default::default()
            });
        }
        r.certificate = Some(CertificateObservation {
            chain: vec![CertInfo {
                key_type: "RSA".into(),
                key_bits: rsa_bits,
                signature_algorithm: sig.into(),
                lifetime_days: 90,
                ..Default::default()
            }],
            trusted: true,
            name_matches: true,
            ..Default::default()
        });
        r
    }

    const MODERN12: &[u16] = &[0xC02F, 0xC030, 0xCCA8];
    const TLS13: &[u16] = &[0x1301, 0x1302, 0x1303];

    /// (versions with their suites, RSA bits, expected letter, expected cap substring)
    type Case<'a> = (&'a [(&'a str, &'a [u16])], u32, &'a str, &'a str);

    #[test]
    fn grading_table() {
        // (versions, rsa bits, expected letter, a cap substring)
        let cases: &[Case] = &[
            (&[("TLSv1.2", MODERN12), ("TLSv1.3", TLS13)], 2048, "A", ""),
            (
                &[("TLSv1.0", &[0xC013]), ("TLSv1.2", MODERN12)],
                2048,
                "B",
                "TLS 1.0 enabled caps at B",
            ),
            (&[("TLSv1.2", &[0xC02F, 0x000A])], 2048, "C", "3DES"),
            (
                &[("TLSv1.2", &[0xC02F, 0x0003])],
                2048,
                "F",
                "insecure suites",
            ),
            (&[("TLSv1.2", MODERN12)], 1024, "B", "RSA key of 1024 bits"),
            (
                &[("TLSv1.2", &[0x002F, 0x009C])],
                2048,
                "B",
                "no forward secrecy",
            ),
            (&[("TLSv1.2", &[0xC013, 0xC014])], 2048, "B", "no AEAD"),
            (
                &[("SSLv3", &[0x002F]), ("TLSv1.2", MODERN12)],
                2048,
                "C",
                "SSLv3",
            ),
            (&[("TLSv1.0", &[0xC013])], 2048, "C", "no TLS 1.2"),
        ];
        for (versions, bits, letter, why) in cases {
            let g = grade(&report(versions, *bits, "sha256WithRSAEncryption"), None).unwrap();
            assert_eq!(g.letter, *letter, "{versions:?}: {g:?}");
            assert!(
                why.is_empty() || g.caps.iter().any(|c| c.contains(why)),
                "{why:?} not in {:?}",
                g.caps
            );
        }
    }

    #[test]
    fn trust_and_hsts() {
        let mut r = report(
            &[("TLSv1.2", MODERN12), ("TLSv1.3", TLS13)],
            2048,
            "sha256WithRSAEncryption",
        );
        assert_eq!(grade(&r, Some(31_536_000)).unwrap().letter, "A+");
        r.fallback_scsv = Some(FallbackObservation {
            supported: Some(false),
            ..Default::default()
        });
        assert_eq!(grade(&r, Some(31_536_000)).unwrap().letter, "A-");
        r.certificate.as_mut().unwrap().trusted = false;
        let g = grade(&r, None).unwrap();
        assert_eq!(
            (g.letter.as_str(), g.letter_ignoring_trust.as_str()),
            ("T", "A-")
        );
        r.certificate.as_mut().unwrap().name_matches = false;
        assert_eq!(grade(&r, None).unwrap().letter, "M");
        r.error = Some("down".into());
        assert!(grade(&r, None).is_none());
    }

    #[test]
    fn mozilla_profiles() {
        let r = report(
            &[("TLSv1.2", MODERN12), ("TLSv1.3", TLS13)],
            2048,
            "sha256WithRSAEncryption",
        );
        assert_eq!(mozilla(&r).profile, Some("intermediate"));
        let r = report(
            &[
                ("TLSv1.0", &[0x002F]),
                ("TLSv1.2", MODERN12),
                ("TLSv1.3", TLS13),
            ],
            2048,
            "sha256WithRSAEncryption",
        );
        let m = mozilla(&r);
        assert_eq!(m.profile, None);
        assert!(!m.outside_old);
        assert!(m.deviations.iter().any(|d| d.contains("TLSv1.0")));
        assert!(m
            .deviations
            .iter()
            .any(|d| d.contains("TLS_RSA_WITH_AES_128_CBC_SHA")));
        let r = report(&[("TLSv1.2", MODERN12)], 1024, "sha1WithRSAEncryption");
        assert!(mozilla(&r).outside_old);
    }
}
