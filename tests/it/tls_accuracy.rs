//! Server shapes that real deployments have and that a one-certificate,
//! one-name view gets wrong: two certificates (RSA and ECDSA), mutual TLS
//! (required and optional, TLS 1.2 and 1.3), servers that refuse unknown
//! names, TLS 1.3 with finite-field groups only, RSA-PSS and EdDSA keys, a
//! chain without its intermediate, groups behind an ECDSA certificate, and
//! ChaCha20 preferred only when the client prefers it. Each on loopback
//! (`openssl s_server`, nginx).

use std::sync::Arc;
use std::time::Duration;

use crate::tls_support::{check, opts, scan, Leaf, Nginx, Pki, SServer};
use apiassure::model::CheckOutcome;
use apiassure::probe::tls::{self, TlsOptions};

/// A certificate for api.example.test only (not for localhost or 127.0.0.1).
fn api_leaf(pki: &Pki) -> (std::path::PathBuf, std::path::PathBuf) {
    pki.leaf(
        "api",
        &Leaf {
            name: "api.example.test",
            san: "DNS:api.example.test",
            ..Default::default()
        },
    )
}

const EC: &[&str] = &["ec", "-pkeyopt", "ec_paramgen_curve:P-256"];

fn expired() -> Option<(&'static str, &'static str)> {
    Some(("20200101000000Z", "20200601000000Z"))
}

#[tokio::test]
async fn expired_rsa_behind_valid_ecdsa_decides() {
    if !crate::tls_support::have_openssl() {
        return;
    }
    let pki = Pki::new();
    let (rsa, rsa_key) = pki.leaf(
        "rsa",
        &Leaf {
            dates: expired(),
            ..Default::default()
        },
    );
    let (ec, ec_key) = pki.leaf(
        "ec",
        &Leaf {
            key: Some(EC),
            ..Default::default()
        },
    );
    // TLS 1.2 and 1.3; TLS 1.3 only; and TLS 1.2 with ECDSA suites only, so
    // the RSA certificate is served to TLS 1.3 clients alone.
    let ecdsa12 = ["-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"];
    for versions in [&[][..], &["-tls1_3"][..], &ecdsa12[..]] {
        let mut extra = vec![
            "-dcert",
            ec.to_str().unwrap(),
            "-dkey",
            ec_key.to_str().unwrap(),
        ];
        extra.extend_from_slice(versions);
        let server = SServer::start(&rsa, &rsa_key, &extra);
        let (r, c) = scan("localhost", server.port, &opts(Some(&pki))).await;
        let labels: Vec<_> = r
            .certificates
            .iter()
            .map(|c| c.selected_by.clone().unwrap_or_default())
            .collect();
        assert_eq!(
            r.certificates.len(),
            2,
            "{versions:?}: {labels:?} {:?}",
            r.certificate_error
        );
        assert!(
            labels.contains(&"RSA 2048".to_string()) && labels.contains(&"ECDSA P-256".to_string()),
            "{labels:?}"
        );
        let decisive = r.certificate.as_ref().unwrap();
        assert!(
            decisive.expired,
            "the expired RSA certificate decides: {decisive:?}"
        );
        let chain = check(&c, "tls.cert.chain");
        assert_eq!(chain.result, CheckOutcome::Fail, "{chain:?}");
        assert!(
            chain.summary.starts_with("RSA 2048 certificate") && chain.summary.contains("expired"),
            "{}",
            chain.summary
        );
        assert!(
            chain
                .details
                .iter()
                .any(|d| d.starts_with("ECDSA P-256 certificate: pass")),
            "{:?}",
            chain.details
        );
        let grade = check(&c, "tls.grade");
        assert!(
            grade.summary.starts_with('T'),
            "never A with an expired certificate: {}",
            grade.summary
        );
    }
}

#[tokio::test]
async fn mutual_tls_required_and_optional() {
    if !crate::tls_support::have_openssl() {
        return;
    }
    let pki = Pki::new();
    let (cert, key) = pki.leaf("srv", &Leaf::default());
    let ca = pki.path("ca.pem");
    let ca = ca.to_str().unwrap();
    // (s_server flags, required, versions with a request, auth.mtls)
    type Case<'a> = (&'a [&'a str], Option<bool>, &'a [&'a str], CheckOutcome);
    let cases: &[Case] = &[
        (
            &["-Verify", "1"],
            Some(true),
            &["TLSv1.2", "TLSv1.3"],
            CheckOutcome::Pass,
        ),
        (
            &["-Verify", "1", "-tls1_2"],
            Some(true),
            &["TLSv1.2"],
            CheckOutcome::Pass,
        ),
        (
            &["-Verify", "1", "-tls1_3"],
            Some(true),
            &["TLSv1.3"],
            CheckOutcome::Pass,
        ),
        (
            &["-verify", "1"],
            Some(false),
            &["TLSv1.2", "TLSv1.3"],
            CheckOutcome::Info,
        ),
        (
            &["-verify", "1", "-tls1_3"],
            Some(false),
            &["TLSv1.3"],
            CheckOutcome::Info,
        ),
    ];
    for (flags, required, versions, outcome) in cases {
        let mut extra = flags.to_vec();
        extra.extend(["-CAfile", ca, "-verify_return_error"]);
        // `openssl s_server` serves one connection at a time; on a loaded
        // machine the certificate request can be missed once. A second
        // server is asked before calling it a failure.
        let mut attempt = 0;
        let (r, c) = loop {
            let server = SServer::start(&cert, &key, &extra);
            let (r, c) = scan("localhost", server.port, &opts(Some(&pki))).await;
            attempt += 1;
            if r.client_auth.is_some() || attempt == 3 {
                break (r, c);
            }
        };
        let a = r
            .client_auth
            .as_ref()
            .unwrap_or_else(|| panic!("{flags:?}: no client auth seen"));
        assert_eq!(a.required, *required, "{flags:?}: {a:?}");
        assert_eq!(a.versions, *versions, "{flags:?}: {a:?}");
        assert!(
            a.acceptable_cas
                .iter()
                .any(|n| n.contains("apiassure test CA")),
            "{flags:?}: {a:?}"
        );
        let m = check(&c, "auth.mtls");
        assert_eq!(m.result, *outcome, "{flags:?}: {m:?}");
        // The TLS verdicts do not suffer: the handshakes still tell everything.
        assert_eq!(
            check(&c, "tls.protocols").result,
            CheckOutcome::Pass,
            "{flags:?}"
        );
        assert_eq!(
            check(&c, "tls.cert.chain").result,
            CheckOutcome::Pass,
            "{flags:?}"
        );
    }
    let server = SServer::start(&cert, &key, &[]);
    let (r, c) = scan("localhost", server.port, &opts(Some(&pki))).await;
    assert!(r.client_auth.is_none());
    assert_eq!(check(&c, "auth.mtls").result, CheckOutcome::Info);
}

#[tokio::test]
async fn unknown_name_is_inconclusive_and_connect_to_checks_the_real_name() {
    if !crate::tls_support::have_openssl() {
        return;
    }
    let pki = Pki::new();
    let (cert, key) = api_leaf(&pki);
    // Fatal alert for any other name.
    let server = SServer::start(
        &cert,
        &key,
        &[
            "-servername",
            "api.example.test",
            "-cert2",
            cert.to_str().unwrap(),
            "-key2",
            key.to_str().unwrap(),
            "-servername_fatal",
        ],
    );
    let (r, c) = scan("localhost", server.port, &opts(Some(&pki))).await;
    let why = r.sni_required.as_deref().expect("refused for the name");
    assert!(
        why.contains("unrecognized_name") && why.contains("localhost"),
        "{why}"
    );
    for x in &c {
        assert_eq!(x.result, CheckOutcome::Error, "{x:?}");
        assert!(!x.summary.contains("not offered"), "{}", x.summary);
    }
    // The same server by its own name, at the loopback address.
    let addr = format!("127.0.0.1:{}", server.port).parse().unwrap();
    let r = tls::scan_named(
        "api.example.test",
        server.port,
        None,
        Some(addr),
        &opts(Some(&pki)),
    )
    .await;
    let c = tls::checks(&r);
    assert!(r.sni_required.is_none(), "{r:?}");
    let seen = r.certificate.as_ref().unwrap();
    assert!(seen.name_matches && seen.trusted, "{seen:?}");
    assert_eq!(check(&c, "tls.cert.chain").result, CheckOutcome::Pass);

    // The default warning alert: the handshake goes on with the default certificate.
    let server = SServer::start(
        &cert,
        &key,
        &[
            "-servername",
            "api.example.test",
            "-cert2",
            cert.to_str().unwrap(),
            "-key2",
            key.to_str().unwrap(),
        ],
    );
    let (r, _) = scan("localhost", server.port, &opts(Some(&pki))).await;
    assert!(r.offered("TLSv1.2") && r.sni_required.is_none(), "{r:?}");
    assert!(
        r.notes.iter().any(|n| n.contains("unrecognized_name")),
        "{:?}",
        r.notes
    );
}

#[tokio::test]
async fn tls13_with_finite_field_groups_only() {
    if !crate::tls_support::have_openssl() {
        return;
    }
    let pki = Pki::new();
    let (cert, key) = pki.leaf("ff", &Leaf::default());
    let server = SServer::start(&cert, &key, &["-tls1_3", "-groups", "ffdhe2048:ffdhe3072"]);
    let (r, c) = scan("localhost", server.port, &opts(Some(&pki))).await;
    assert_eq!(
        r.kex.groups_tls13,
        vec!["ffdhe2048", "ffdhe3072"],
        "{:?}",
        r.kex
    );
    let cert = r
        .certificate
        .as_ref()
        .unwrap_or_else(|| panic!("{:?}", r.certificate_error));
    assert!(
        cert.trusted && cert.source.starts_with("TLSv1.3"),
        "{cert:?}"
    );
    assert_eq!(check(&c, "tls.cert.chain").result, CheckOutcome::Pass);
    assert!(check(&c, "tls.grade").summary.starts_with('A'));
}

#[tokio::test]
async fn rsa_pss_and_eddsa_keys() {
    if !crate::tls_support::have_openssl() {
        return;
    }
    let pki = Pki::new();
    let cases: &[(&[&str], &str, u32)] = &[
        (&["rsa-pss"], "RSA-PSS", 2048),
        (&["ed25519"], "Ed25519", 256),
        (&["ed448"], "Ed448", 448),
    ];
    for (args, kind, bits) in cases {
        let (cert, key) = pki.leaf(
            &kind.to_ascii_lowercase(),
            &Leaf {
                key: Some(args),
                ..Default::default()
            },
        );
        for versions in [&[][..], &["-tls1_3"][..]] {
            let server = SServer::start(&cert, &key, versions);
            let (r, c) = scan("localhost", server.port, &opts(Some(&pki))).await;
            let cert = r
                .certificate
                .as_ref()
                .unwrap_or_else(|| panic!("{kind} {versions:?}: {:?}", r.certificate_error));
            let leaf = &cert.chain[0];
            assert_eq!(
                (leaf.key_type.as_str(), leaf.key_bits),
                (*kind, *bits),
                "{versions:?}"
            );
            assert!(cert.trusted, "{kind}: {cert:?}");
            let k = check(&c, "tls.cert.key");
            assert_eq!(k.result, CheckOutcome::Pass, "{kind} {versions:?}: {k:?}");
            assert!(
                check(&c, "tls.grade").summary.starts_with('A'),
                "{kind}: {:?}",
                check(&c, "tls.grade")
            );
        }
    }
}

#[tokio::test]
async fn chain_completeness_names_the_missing_issuer() {
    if !crate::tls_support::have_openssl() {
        return;
    }
    let pki = Pki::new();
    let int = pki.intermediate("int");
    let (cert, key) = pki.leaf(
        "leaf",
        &Leaf {
            issuer: Some("int"),
            ..Default::default()
        },
    );
    let server = SServer::start(&cert, &key, &[]);
    let (r, c) = scan("localhost", server.port, &opts(Some(&pki))).await;
    let cert_obs = r.certificate.as_ref().unwrap();
    assert_eq!(cert_obs.chain_complete, Some(false));
    assert!(
        cert_obs
            .missing_issuer
            .as_deref()
            .is_some_and(|i| i.contains("intermediate int")),
        "{cert_obs:?}"
    );
    let chain = check(&c, "tls.cert.chain");
    assert_eq!(chain.result, CheckOutcome::Fail);
    assert!(
        chain
            .summary
            .contains("issuer 'CN=apiassure test intermediate int' not sent"),
        "{}",
        chain.summary
    );

    let server = SServer::start(&cert, &key, &["-cert_chain", int.to_str().unwrap()]);
    let (r, c) = scan("localhost", server.port, &opts(Some(&pki))).await;
    let cert_obs = r.certificate.as_ref().unwrap();
    assert_eq!(cert_obs.chain_complete, Some(true));
    assert!(cert_obs.trusted && cert_obs.missing_issuer.is_none());
    assert_eq!(check(&c, "tls.cert.chain").result, CheckOutcome::Pass);

    // A private root sent with the chain, out of order (root before the
    // intermediate), to a client that does not trust it: the chain is
    // complete, the trust fails on its own.
    let bundle = pki.path("root-then-int.pem");
    std::fs::write(
        &bundle,
        std::fs::read_to_string(pki.path("ca.pem")).unwrap()
            + &std::fs::read_to_string(&int).unwrap(),
    )
    .unwrap();
    let server = SServer::start(&cert, &key, &["-cert_chain", bundle.to_str().unwrap()]);
    let untrusting = TlsOptions {
        extra_roots: Arc::new(Vec::new()),
        ..opts(Some(&pki))
    };
    let (r, c) = scan("localhost", server.port, &untrusting).await;
    let cert_obs = r.certificate.as_ref().unwrap();
    assert!(
        !cert_obs.trusted && !cert_obs.chain_in_order,
        "{cert_obs:?}"
    );
    assert_eq!(cert_obs.chain_complete, Some(true), "{cert_obs:?}");
    assert!(cert_obs.missing_issuer.is_none());
    assert_eq!(check(&c, "tls.cert.chain").result, CheckOutcome::Fail);

    // A self-signed leaf is complete (nothing is missing) and fails on trust.
    let (ss, ss_key) = pki.self_signed("ss");
    let server = SServer::start(&ss, &ss_key, &[]);
    let (r, _) = scan("localhost", server.port, &opts(Some(&pki))).await;
    assert_eq!(r.certificate.as_ref().unwrap().chain_complete, Some(true));
}

#[tokio::test]
async fn every_tls12_group_behind_an_ecdsa_certificate() {
    if !crate::tls_support::have_openssl() {
        return;
    }
    let pki = Pki::new();
    let (cert, key) = pki.leaf(
        "ec",
        &Leaf {
            key: Some(EC),
            ..Default::default()
        },
    );
    // Client order: every group shows, though none works without P-256 in the offer.
    let server = SServer::start(
        &cert,
        &key,
        &["-tls1_2", "-groups", "X25519:P-256:P-384:P-521"],
    );
    let (r, _) = scan("localhost", server.port, &opts(Some(&pki))).await;
    let mut groups = r.kex.groups.clone();
    groups.sort();
    assert_eq!(
        groups,
        vec!["secp256r1", "secp384r1", "secp521r1", "x25519"],
        "{:?}",
        r.kex
    );
    assert!(r.kex.errors.is_empty(), "{:?}", r.kex.errors);
    // Server order with P-256 second: what ranks below it is never
    // negotiated with TLS 1.2 (a client must offer P-256, which then wins),
    // and the note says so instead of an error.
    let server = SServer::start(
        &cert,
        &key,
        &[
            "-tls1_2",
            "-serverpref",
            "-groups",
            "X25519:P-256:P-384:P-521",
        ],
    );
    let (r, _) = scan("localhost", server.port, &opts(Some(&pki))).await;
    assert_eq!(r.kex.groups, vec!["x25519", "secp256r1"], "{:?}", r.kex);
    assert!(r.kex.errors.is_empty(), "{:?}", r.kex.errors);
    assert!(
        r.notes.iter().any(|n| n.contains("below secp256r1")),
        "{:?}",
        r.notes
    );
    // Server order with the certificate's curve last: all of them show.
    let server = SServer::start(
        &cert,
        &key,
        &[
            "-tls1_2",
            "-serverpref",
            "-groups",
            "P-521:P-384:X25519:P-256",
        ],
    );
    let (r, _) = scan("localhost", server.port, &opts(Some(&pki))).await;
    assert_eq!(
        r.kex.groups,
        vec!["secp521r1", "secp384r1", "x25519", "secp256r1"],
        "{:?}",
        r.kex
    );
}

#[tokio::test]
async fn server_preference_with_chacha_priority() {
    if !crate::tls_support::have_openssl() {
        return;
    }
    let pki = Pki::new();
    let (cert, key) = pki.leaf("cc", &Leaf::default());
    let suites =
        "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305";
    let cases: &[(&[&str], bool)] = &[
        (&["-serverpref", "-prioritize_chacha"], true),
        (&["-serverpref"], true),
        (&[], false),
    ];
    for (flags, server_order) in cases {
        let mut extra = vec!["-tls1_2", "-cipher", suites];
        extra.extend_from_slice(flags);
        let server = SServer::start(&cert, &key, &extra);
        let (r, _) = scan("localhost", server.port, &opts(Some(&pki))).await;
        let p = r.protocol("TLSv1.2").unwrap();
        assert_eq!(p.cipher_suites.len(), 3, "{p:?}");
        assert_eq!(
            p.server_preference,
            Some(*server_order),
            "{flags:?}: {p:?} {:?}",
            r.notes
        );
    }
}

#[tokio::test]
async fn nginx_that_serves_named_hosts_only() {
    if !crate::tls_support::have_openssl() || !crate::tls_support::have_nginx() {
        return;
    }
    let pki = Pki::new();
    let (cert, key) = api_leaf(&pki);
    let nginx = Nginx::start(&format!(
        "server {{ listen 127.0.0.1:{{port}} ssl default_server; ssl_reject_handshake on; }}\n\
         server {{ listen 127.0.0.1:{{port}} ssl; server_name api.example.test;\n\
           ssl_certificate {}; ssl_certificate_key {};\n\
           location / {{ return 200 '{{\"ok\":true}}'; }} }}",
        cert.display(),
        key.display()
    ));
    // By address: no server name is sent, and every handshake is refused.
    let (r, c) = scan("127.0.0.1", nginx.port, &opts(Some(&pki))).await;
    let why = r.sni_required.as_deref().expect("refused without a name");
    assert!(why.contains("without a server name"), "{why}");
    assert!(c.iter().all(|x| x.result == CheckOutcome::Error), "{c:#?}");
    // By a name it does not serve.
    let (r, _) = scan("localhost", nginx.port, &opts(Some(&pki))).await;
    assert!(
        r.sni_required
            .as_deref()
            .is_some_and(|w| w.contains("\"localhost\"")),
        "{r:?}"
    );
    // By its name, at that address.
    let addr = format!("127.0.0.1:{}", nginx.port).parse().unwrap();
    let r = tls::scan_named(
        "api.example.test",
        nginx.port,
        None,
        Some(addr),
        &opts(Some(&pki)),
    )
    .await;
    // (nginx 1.22's default ssl_protocols stop at TLS 1.2.)
    assert!(r.sni_required.is_none() && r.offered("TLSv1.2"), "{r:?}");
    assert!(r
        .certificate
        .as_ref()
        .is_some_and(|c| c.trusted && c.name_matches));
}

/// nginx with `ssl_verify_client on` requests a certificate in the
/// handshake, completes it without one, and refuses in HTTP (400).
fn mtls_nginx(pki: &Pki) -> Nginx {
    let (cert, key) = pki.leaf("srv", &Leaf::default());
    Nginx::start(&format!(
        "server {{ listen 127.0.0.1:{{port}} ssl; server_name localhost;\n\
           ssl_certificate {}; ssl_certificate_key {};\n\
           ssl_client_certificate {}; ssl_verify_client on;\n\
           add_header Strict-Transport-Security \"max-age=63072000; includeSubDomains\" always;\n\
           location / {{ return 200 '{{\"ok\":true}}'; }} }}",
        cert.display(),
        key.display(),
        pki.path("ca.pem").display()
    ))
}

#[test]
fn mutual_tls_behind_nginx_end_to_end() {
    if !crate::tls_support::have_openssl() || !crate::tls_support::have_nginx() {
        return;
    }
    let pki = Pki::new();
    let nginx = mtls_nginx(&pki);
    let (client, client_key) = pki.leaf(
        "client",
        &Leaf {
            name: "payments-service",
            san: "DNS:payments-service",
            eku: "clientAuth",
            ..Default::default()
        },
    );
    let ctx = crate::common::TestContext::workspace();
    std::fs::copy(pki.path("ca.pem"), ctx.file("ca.pem")).unwrap();
    let url = format!("https://localhost:{}/v1/orders", nginx.port);
    let run = |extra: &str| -> serde_json::Value {
        ctx.write(
            "apiassure.toml",
            &format!(
                "schema_version = 1\n\n[probe]\nca_file = \"ca.pem\"\ntimeout_secs = 5\n\n[[targets]]\nname = \"api\"\nurl = \"{url}\"\nhttp_port = {}\n{extra}",
                crate::probe::closed_port()
            ),
        );
        let out = ctx.run(&["probe", "--json"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            crate::common::stderr(&out)
        );
        serde_json::from_str(&crate::common::stdout(&out)).unwrap()
    };
    let check = |v: &serde_json::Value, id: &str| -> serde_json::Value {
        v["targets"][0]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("no {id}"))
            .clone()
    };
    // Without a client certificate: the cause is named, and mTLS is evidence.
    let v = run("");
    let m = check(&v, "auth.mtls");
    assert_eq!(m["result"], "pass", "{m}");
    assert!(
        m["summary"].as_str().unwrap().contains("HTTP refuses"),
        "{m}"
    );
    let h = check(&v, "http.hsts");
    assert_eq!(h["result"], "error", "{h}");
    let why = h["summary"].as_str().unwrap();
    assert!(
        why.contains("requires a client certificate") && why.contains("client_cert"),
        "{why}"
    );
    assert!(!why.contains("TLS verification failed"), "{why}");
    // With one: the HTTP checks run, and the refusal without it is still evidence.
    std::fs::copy(&client, ctx.file("client.pem")).unwrap();
    std::fs::copy(&client_key, ctx.file("client.key")).unwrap();
    let v = run("client_cert = \"client.pem\"\nclient_key = \"client.key\"\n");
    assert_eq!(
        check(&v, "http.hsts")["result"],
        "pass",
        "{}",
        check(&v, "http.hsts")
    );
    assert_eq!(check(&v, "auth.mtls")["result"], "pass");
    // The key never reaches the evidence.
    let key_text = std::fs::read_to_string(&client_key).unwrap();
    let key_b64: String = key_text
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    for f in walk(&ctx.file("evidence")) {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        assert!(
            !text.contains(&key_b64[..40]),
            "{} holds the key",
            f.display()
        );
    }
    // A bad pair is refused before anything is contacted, naming the file.
    let out = {
        ctx.write(
            "apiassure.toml",
            &format!("schema_version = 1\n\n[[targets]]\nurl = \"{url}\"\nclient_cert = \"client.pem\"\n"),
        );
        ctx.run(&["probe"])
    };
    assert_eq!(out.status.code(), Some(2));
    assert!(crate::common::stderr(&out).contains("client_cert and client_key go together"));
    ctx.write(
        "apiassure.toml",
        &format!("schema_version = 1\n\n[[targets]]\nurl = \"{url}\"\nclient_cert = \"client.pem\"\nclient_key = \"nope.key\"\n"),
    );
    let out = ctx.run(&["probe"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        crate::common::stderr(&out).contains("nope.key"),
        "{}",
        crate::common::stderr(&out)
    );
}

#[test]
fn resolve_option_connects_to_the_address_with_the_name() {
    if !crate::tls_support::have_openssl() {
        return;
    }
    let pki = Pki::new();
    let (cert, key) = api_leaf(&pki);
    let server = SServer::start(&cert, &key, &[]);
    let ctx = crate::common::TestContext::workspace();
    let ca = pki.path("ca.pem");
    let url = format!("https://api.example.test:{}/", server.port);
    let resolve = format!("api.example.test:{}:127.0.0.1", server.port);
    let out = ctx.run(&[
        "probe",
        "--only",
        "tls",
        "--json",
        "--ca-file",
        ca.to_str().unwrap(),
        "--resolve",
        &resolve,
        &url,
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        crate::common::stderr(&out)
    );
    let v: serde_json::Value = serde_json::from_str(&crate::common::stdout(&out)).unwrap();
    let t = &v["targets"][0];
    assert_eq!(
        t["tls"]["address"],
        format!("127.0.0.1:{}", server.port),
        "{t}"
    );
    assert_eq!(t["tls"]["certificate"]["name_matches"], true);
    let out = ctx.run(&["probe", "--resolve", "api.example.test:443", &url]);
    assert_eq!(out.status.code(), Some(2));
    assert!(crate::common::stderr(&out).contains("HOST:PORT:ADDRESS"));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[tokio::test]
async fn no_grade_when_the_certificate_could_not_be_checked() {
    if !crate::tls_support::have_openssl() {
        return;
    }
    let pki = Pki::new();
    let (cert, key) = pki.leaf("ccm", &Leaf::default());
    // TLS 1.3 with a CCM suite only: no full handshake can complete here.
    let server = SServer::start(
        &cert,
        &key,
        &["-tls1_3", "-ciphersuites", "TLS_AES_128_CCM_SHA256"],
    );
    let (r, c) = scan("localhost", server.port, &opts(Some(&pki))).await;
    assert!(r.offered("TLSv1.3") && r.certificate.is_none(), "{r:?}");
    let why = r.certificate_error.as_deref().unwrap();
    assert!(why.contains("not checked"), "{why}");
    let g = check(&c, "tls.grade");
    assert_eq!(g.result, CheckOutcome::Error, "{g:?}");
    assert!(
        g.summary
            .starts_with("No grade: the certificate was not checked"),
        "{}",
        g.summary
    );
    assert_eq!(check(&c, "tls.cert.chain").result, CheckOutcome::Error);
}

/// A rustls server whose certificate resolver knows one name and serves a
/// default certificate to clients that send none, refusing other names
/// without the unrecognized_name alert (strict SNI as proxies do it).
#[derive(Debug)]
struct StrictSni(Arc<rustls::sign::CertifiedKey>);

impl rustls::server::ResolvesServerCert for StrictSni {
    fn resolve(
        &self,
        hello: rustls::server::ClientHello<'_>,
    ) -> Option<Arc<rustls::sign::CertifiedKey>> {
        match hello.server_name() {
            None | Some("api.example.test") => Some(self.0.clone()),
            Some(_) => None,
        }
    }
}

#[tokio::test]
async fn strict_sni_without_the_alert_is_inconclusive_too() {
    let pki = crate::http_support::pki();
    let key = rustls::crypto::ring::sign::any_supported_type(
        &rustls::pki_types::PrivateKeyDer::Pkcs8(pki.key.clone_key()),
    )
    .unwrap();
    let certified = Arc::new(rustls::sign::CertifiedKey::new(vec![pki.leaf.clone()], key));
    let cfg = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_cert_resolver(Arc::new(StrictSni(certified)));
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(cfg));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((s, _)) = listener.accept().await {
            let a = acceptor.clone();
            tokio::spawn(async move {
                let _ = a.accept(s).await;
            });
        }
    });
    let o = TlsOptions {
        timeout: Duration::from_secs(5),
        extra_roots: Arc::new(vec![pki.ca.clone()]),
        handshake_concurrency: 8,
    };
    let r = tls::scan("localhost", port, &o).await;
    let why = r
        .sni_required
        .as_deref()
        .unwrap_or_else(|| panic!("{r:#?}"));
    assert!(
        why.contains("strict SNI") && why.contains("\"localhost\""),
        "{why}"
    );
    assert!(tls::checks(&r)
        .iter()
        .all(|c| c.result == CheckOutcome::Error));
    // By address, without a name, it answers: a normal scan.
    let r = tls::scan("127.0.0.1", port, &o).await;
    assert!(r.sni_required.is_none() && r.offered("TLSv1.3"), "{r:?}");
}

#[tokio::test]
async fn dh_parameter_sizes_are_measured() {
    if !crate::tls_support::have_openssl() {
        return;
    }
    let pki = Pki::new();
    let (cert, key) = pki.leaf("dh", &Leaf::default());
    for (group, bits, kex, capped) in [
        ("dh_rfc5114:1", 1024, CheckOutcome::Warn, true),
        ("group:ffdhe3072", 3072, CheckOutcome::Pass, false),
    ] {
        let params = pki.path(&format!("dh{bits}.pem"));
        let out = crate::tls_support::openssl()
            .args([
                "genpkey",
                "-genparam",
                "-algorithm",
                "DH",
                "-pkeyopt",
                group,
                "-out",
            ])
            .arg(&params)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let server = SServer::start(
            &cert,
            &key,
            &[
                "-tls1_2",
                "-cipher",
                "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:@SECLEVEL=0",
                "-dhparam",
                params.to_str().unwrap(),
            ],
        );
        let (r, c) = scan("localhost", server.port, &opts(Some(&pki))).await;
        assert_eq!(r.kex.dh_bits, vec![bits], "{:?}", r.kex);
        assert_eq!(
            check(&c, "tls.kex").result,
            kex,
            "{:?}",
            check(&c, "tls.kex")
        );
        let grade = check(&c, "tls.grade");
        assert_eq!(
            grade
                .summary
                .contains(&format!("DH parameters of {bits} bits caps at B")),
            capped,
            "{}",
            grade.summary
        );
    }
}
