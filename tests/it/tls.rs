//! TLS engine accuracy on loopback servers: exact accepted suites per version
//! against what `openssl ciphers` says the server is configured with, the
//! certificate failure modes, error results for unreachable, non-TLS and
//! silent servers, and (when sslyze is installed) agreement with sslyze.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use crate::tls_support::{check, opts, scan, Leaf, Pki, RawServer, SServer};
use apiassure::model::evidence::tls::TlsObservation;
use apiassure::model::{CheckOutcome, CheckResult};
use apiassure::probe::tls::suites;

const LEGACY: &str = "ALL:@SECLEVEL=0";

fn codes(r: &TlsObservation, version: &str) -> Vec<u16> {
    let p = r
        .protocol(version)
        .unwrap_or_else(|| panic!("{version} missing"));
    let mut v: Vec<u16> = p
        .cipher_suites
        .iter()
        .map(|n| suites::Suite::by_name(n).expect("IANA name").code)
        .collect();
    v.sort_unstable();
    v
}

fn names(c: &[u16]) -> Vec<String> {
    c.iter().map(|c| suites::name(*c)).collect()
}

fn assert_versions(r: &TlsObservation, expected: &[(&str, bool)]) {
    assert_eq!(r.protocols.len(), 6);
    for (v, offered) in expected {
        let p = r.protocol(v).unwrap();
        assert_eq!(p.offered, *offered, "{v}: {p:?}");
        assert!(p.error.is_none(), "{v}: {:?}", p.error);
    }
}

#[tokio::test]
async fn legacy_server_all_versions_and_suites() {
    if !crate::tls_support::have_openssl() {
        return;
    }
    let pki = Pki::new();
    let (cert, key) = pki.leaf("legacy", &Leaf::default());
    let server = SServer::start(&cert, &key, &["-cipher", LEGACY]);
    let (r, c) = scan("localhost", server.port, &opts(Some(&pki))).await;
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(r.server_name.as_deref(), Some("localhost"));
    assert_versions(
        &r,
        &[
            ("SSLv2", false),
            ("SSLv3", false),
            ("TLSv1.0", true),
            ("TLSv1.1", true),
            ("TLSv1.2", true),
            ("TLSv1.3", true),
        ],
    );
    for (version, flag) in [
        ("TLSv1.0", "-tls1"),
        ("TLSv1.1", "-tls1_1"),
        ("TLSv1.2", "-tls1_2"),
    ] {
        let expected = crate::tls_support::expected_suites(LEGACY, flag);
        assert!(!expected.is_empty());
        assert_eq!(
            names(&codes(&r, version)),
            names(&expected),
            "{version} suites"
        );
    }
    assert_eq!(
        names(&codes(&r, "TLSv1.3")),
        names(&[0x1301, 0x1302, 0x1303])
    );
    assert!(r.kex.groups.contains(&"x25519".to_string()), "{:?}", r.kex);
    assert!(
        r.kex.groups_tls13.contains(&"secp256r1".to_string()),
        "{:?}",
        r.kex
    );
    assert!(!r.kex.dh_bits.is_empty());
    assert!(
        r.handshakes > 0 && r.handshakes < 400,
        "{} handshakes",
        r.handshakes
    );

    assert_eq!(check(&c, "tls.protocols").result, CheckOutcome::Warn);
    // ALL includes anonymous DH suites: insecure.
    let ciphers = check(&c, "tls.ciphers");
    assert_eq!(ciphers.result, CheckOutcome::Fail, "{ciphers:?}");
    assert!(ciphers
        .details
        .iter()
        .any(|d| d.contains("TLS_DH_anon_WITH_AES_128_CBC_SHA")));
    assert_eq!(
        check(&c, "tls.cert.chain").result,
        CheckOutcome::Pass,
        "{:?}",
        check(&c, "tls.cert.chain")
    );
    assert_eq!(check(&c, "tls.cert.key").result, CheckOutcome::Pass);
    assert_eq!(
        check(&c, "tls.fallback_scsv").result,
        CheckOutcome::Pass,
        "{:?}",
        r.fallback_scsv
    );
    let grade = check(&c, "tls.grade");
    assert_eq!(grade.result, CheckOutcome::Fail);
    assert!(
        grade.summary.starts_with("F:") && grade.summary.contains("TLS 1.0 enabled caps at B"),
        "{}",
        grade.summary
    );
    assert_eq!(check(&c, "tls.mozilla").result, CheckOutcome::Fail);
    assert_eq!(c.len(), 12);
    for x in &c {
        assert!(
            !x.summary.is_empty() && !x.details.is_empty() || x.id == "tls.fallback_scsv",
            "{x:?}"
        );
    }
}

#[tokio::test]
async fn cbc_and_static_rsa_with_server_order() {
    if !crate::tls_support::have_openssl() {
        return;
    }
    let pki = Pki::new();
    let (cert, key) = pki.leaf("cbc", &Leaf::default());
    let cipher =
        "AES256-SHA:ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:DHE-RSA-AES256-SHA256:@SECLEVEL=0";
    let server = SServer::start(
        &cert,
        &key,
        &["-cipher", cipher, "-no_tls1_3", "-serverpref"],
    );
    let (r, c) = scan("localhost", server.port, &opts(Some(&pki))).await;
    assert_versions(
        &r,
        &[
            ("SSLv3", false),
            ("TLSv1.0", true),
            ("TLSv1.1", true),
            ("TLSv1.2", true),
            ("TLSv1.3", false),
        ],
    );
    // Server order is enforced, so elimination returns the configured order.
    assert_eq!(
        r.protocol("TLSv1.2").unwrap().cipher_suites,
        vec![
            "TLS_RSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_128_CBC_SHA",
            "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"
        ]
    );
    assert_eq!(
        r.protocol("TLSv1.0").unwrap().cipher_suites,
        vec![
            "TLS_RSA_WITH_AES_256_CBC_SHA",
            "TLS_RSA_WITH_AES_128_CBC_SHA"
        ]
    );
    assert_eq!(r.protocol("TLSv1.2").unwrap().server_preference, Some(true));
    let ciphers = check(&c, "tls.ciphers");
    assert_eq!(ciphers.result, CheckOutcome::Warn, "{ciphers:?}");
    assert!(
        ciphers
            .details
            .iter()
            .any(|d| d.contains("TLS_RSA_WITH_AES_256_CBC_SHA: CBC, no forward secrecy")),
        "{ciphers:?}"
    );
    assert!(check(&c, "tls.preference")
        .summary
        .contains("enforces its own"));
    assert_eq!(check(&c, "tls.grade").summary.split(':').next(), Some("B"));
    assert_eq!(check(&c, "tls.grade").result, CheckOutcome::Warn);
    assert_eq!(check(&c, "tls.mozilla").result, CheckOutcome::Warn);
    let kex = check(&c, "tls.kex");
    assert_eq!(kex.result, CheckOutcome::Pass, "{kex:?}");
}

#[tokio::test]
async fn tls13_only_server() {
    if !crate::tls_support::have_openssl() {
        return;
    }
    let pki = Pki::new();
    let (cert, key) = pki.leaf("tls13", &Leaf::default());
    let all13 = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256";
    let server = SServer::start(&cert, &key, &["-tls1_3", "-ciphersuites", all13]);
    let (r, c) = scan("localhost", server.port, &opts(Some(&pki))).await;
    assert_versions(
        &r,
        &[
            ("SSLv2", false),
            ("SSLv3", false),
            ("TLSv1.0", false),
            ("TLSv1.1", false),
            ("TLSv1.2", false),
            ("TLSv1.3", true),
        ],
    );
    assert_eq!(
        codes(&r, "TLSv1.3"),
        vec![0x1301, 0x1302, 0x1303, 0x1304, 0x1305]
    );
    let cert = r
        .certificate
        .as_ref()
        .expect("certificate via the TLS 1.3 handshake");
    assert_eq!(cert.source, "TLSv1.3 handshake");
    assert!(cert.trusted && cert.name_matches, "{cert:?}");
    assert_eq!(check(&c, "tls.protocols").result, CheckOutcome::Pass);
    assert_eq!(check(&c, "tls.cert.chain").result, CheckOutcome::Pass);
    assert_eq!(check(&c, "tls.fallback_scsv").result, CheckOutcome::Info);
    assert!(r.kex.groups_tls13.contains(&"x25519".to_string()));
    // CCM suites are outside Mozilla intermediate.
    assert_eq!(check(&c, "tls.ciphers").result, CheckOutcome::Warn);
}

#[tokio::test]
async fn expired_certificate() {
    if !crate::tls_support::have_openssl() {
        return;
    }
    let pki = Pki::new();
    let leaf = Leaf {
        dates: Some(("20200101000000Z", "20200601000000Z")),
        ..Default::default()
    };
    let (cert, key) = pki.leaf("expired", &leaf);
    let server = SServer::start(&cert, &key, &[]);
    let (r, c) = scan("localhost", server.port, &opts(Some(&pki))).await;
    let cert = r.certificate.as_ref().unwrap();
    assert!(
        cert.expired && !cert.trusted && cert.days_to_expiry < 0,
        "{cert:?}"
    );
    assert_eq!(
        cert.trusted_ignoring_dates,
        Some(true),
        "only the dates are wrong"
    );
    let chain = check(&c, "tls.cert.chain");
    assert_eq!(chain.result, CheckOutcome::Fail);
    assert!(
        chain.summary.contains("expired") && !chain.summary.contains("not trusted"),
        "{}",
        chain.summary
    );
    assert!(check(&c, "tls.grade").summary.starts_with('T'));
}

#[tokio::test]
async fn host_name_mismatch() {
    if !crate::tls_support::have_openssl() {
        return;
    }
    let pki = Pki::new();
    let leaf = Leaf {
        name: "other.example",
        san: "DNS:other.example",
        ..Default::default()
    };
    let (cert, key) = pki.leaf("mismatch", &leaf);
    let server = SServer::start(&cert, &key, &[]);
    let (r, c) = scan("localhost", server.port, &opts(Some(&pki))).await;
    let cert = r.certificate.as_ref().unwrap();
    assert!(cert.trusted && !cert.name_matches, "{cert:?}");
    let chain = check(&c, "tls.cert.chain");
    assert_eq!(chain.result, CheckOutcome::Fail);
    assert!(
        chain.summary.contains("not valid for \"localhost\""),
        "{}",
        chain.summary
    );
    assert!(
        check(&c, "tls.grade").summary.starts_with("M "),
        "{}",
        check(&c, "tls.grade").summary
    );
}

#[tokio::test]
async fn self_signed_certificate() {
    if !crate::tls_support::have_openssl() {
        return;
    }
    let pki = Pki::new();
    let (cert, key) = pki.self_signed("self");
    let server = SServer::start(&cert, &key, &[]);
    // The test CA is trusted, but it did not sign this certificate.
    let (r, c) = scan("127.0.0.1", server.port, &opts(Some(&pki))).await;
    assert_eq!(r.server_name, None, "no SNI for an IP literal");
    let cert = r.certificate.as_ref().unwrap();
    assert!(
        cert.self_signed && !cert.trusted && cert.name_matches,
        "{cert:?}"
    );
    let chain = check(&c, "tls.cert.chain");
    assert_eq!(chain.result, CheckOutcome::Fail);
    assert!(chain.summary.contains("self-signed"), "{}", chain.summary);
    assert!(check(&c, "tls.grade").summary.starts_with("T "));
}

#[tokio::test]
async fn weak_key_and_sha1_signature() {
    if !crate::tls_support::have_openssl() {
        return;
    }
    let pki = Pki::new();
    let leaf = Leaf {
        bits: 1024,
        md: "sha1",
        ..Default::default()
    };
    let (cert, key) = pki.leaf("weak", &leaf);
    let server = SServer::start(&cert, &key, &["-cipher", LEGACY]);
    let (r, c) = scan("localhost", server.port, &opts(Some(&pki))).await;
    let leaf = &r.certificate.as_ref().unwrap().chain[0];
    assert_eq!((leaf.key_type.as_str(), leaf.key_bits), ("RSA", 1024));
    assert_eq!(leaf.signature_algorithm, "sha1WithRSAEncryption");
    let key = check(&c, "tls.cert.key");
    assert_eq!(key.result, CheckOutcome::Fail);
    assert!(
        key.summary.contains("sha1WithRSAEncryption") && key.summary.contains("1024"),
        "{}",
        key.summary
    );
    // webpki refuses SHA-1 signatures: the chain is not trusted either.
    assert_eq!(check(&c, "tls.cert.chain").result, CheckOutcome::Fail);
}

fn assert_all_errors(c: &[CheckResult], needle: &str) {
    assert_eq!(c.len(), 12);
    for x in c {
        assert_eq!(x.result, CheckOutcome::Error, "{x:?}");
        assert!(
            x.summary.contains(needle),
            "{needle:?} not in {:?}",
            x.summary
        );
    }
}

#[tokio::test]
async fn closed_port_is_an_error() {
    let port = crate::tls_support::free_port();
    let started = Instant::now();
    let (r, c) = scan("127.0.0.1", port, &opts(None)).await;
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(r.protocols.iter().all(|p| !p.offered && p.error.is_some()));
    assert_all_errors(&c, "cannot connect");
}

#[tokio::test]
async fn plain_http_server_is_an_error() {
    let server = RawServer::start(crate::tls_support::answer_http);
    let (r, c) = scan("127.0.0.1", server.port, &opts(None)).await;
    assert!(
        r.error
            .as_deref()
            .unwrap_or("")
            .contains("not a TLS server"),
        "{:?}",
        r.error
    );
    assert_all_errors(&c, "HTTP/1.1 400");
}

#[tokio::test]
async fn silent_server_times_out() {
    let server = RawServer::start(crate::tls_support::stay_silent);
    let mut o = opts(None);
    o.timeout = Duration::from_millis(800);
    let started = Instant::now();
    let (_, c) = scan("127.0.0.1", server.port, &o).await;
    let took = started.elapsed();
    assert!(took < Duration::from_millis(2500), "took {took:?}");
    assert_all_errors(&c, "no answer within 0.8 s");
}

#[tokio::test]
async fn server_that_hangs_up_is_an_error() {
    let server = RawServer::start(crate::tls_support::hang_up);
    let (_, c) = scan("127.0.0.1", server.port, &opts(None)).await;
    assert_all_errors(&c, "no TLS answer");
}

#[tokio::test]
async fn hostile_answers_do_not_panic() {
    for handler in [
        crate::tls_support::huge_record as fn(_),
        crate::tls_support::truncated_hello,
    ] {
        let server = RawServer::start(handler);
        let (r, c) = scan("127.0.0.1", server.port, &opts(None)).await;
        assert!(r.protocols.iter().all(|p| !p.offered), "{r:?}");
        assert!(c.iter().all(|x| x.result == CheckOutcome::Error), "{c:?}");
    }
}

/// Compare with sslyze on the legacy server when sslyze is installed (CI pip-installs it).
#[tokio::test]
async fn agrees_with_sslyze() {
    if !crate::common::tool_available("sslyze", &["--help"], "pip install sslyze") {
        return;
    }
    if !crate::tls_support::have_openssl() {
        return;
    }
    let pki = Pki::new();
    let (cert, key) = pki.leaf("xcheck", &Leaf::default());
    let server = SServer::start(&cert, &key, &["-cipher", LEGACY]);
    let (r, _) = scan("127.0.0.1", server.port, &opts(Some(&pki))).await;
    let out = pki.path("sslyze.json");
    let status = std::process::Command::new("sslyze")
        .arg(format!("--json_out={}", out.display()))
        .args([
            "--sslv2",
            "--sslv3",
            "--tlsv1",
            "--tlsv1_1",
            "--tlsv1_2",
            "--tlsv1_3",
        ])
        .arg(format!("127.0.0.1:{}", server.port))
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run sslyze");
    assert!(status.success());
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let result = &json["server_scan_results"][0]["scan_result"];
    for (ours, key) in [
        ("SSLv2", "ssl_2_0_cipher_suites"),
        ("SSLv3", "ssl_3_0_cipher_suites"),
        ("TLSv1.0", "tls_1_0_cipher_suites"),
        ("TLSv1.1", "tls_1_1_cipher_suites"),
        ("TLSv1.2", "tls_1_2_cipher_suites"),
        ("TLSv1.3", "tls_1_3_cipher_suites"),
    ] {
        let res = &result[key]["result"];
        let list = |field: &str| -> BTreeSet<String> {
            res[field]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|c| c["cipher_suite"]["name"].as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (accepted, rejected) = (
            list("accepted_cipher_suites"),
            list("rejected_cipher_suites"),
        );
        let tested: BTreeSet<String> = accepted.union(&rejected).cloned().collect();
        let mine: BTreeSet<String> = r
            .protocol(ours)
            .unwrap()
            .cipher_suites
            .iter()
            .cloned()
            .collect();
        // Compare on what sslyze tested; its OpenSSL builds lack some suites.
        let mine_tested: BTreeSet<String> = mine
            .iter()
            .filter(|s| tested.contains(*s))
            .cloned()
            .collect();
        assert_eq!(
            mine_tested, accepted,
            "{ours}: accepted suites differ from sslyze"
        );
        let untested: Vec<&String> = mine.difference(&tested).collect();
        if !untested.is_empty() {
            eprintln!("{ours}: not tested by sslyze, found by apiassure: {untested:?}");
        }
    }
}
