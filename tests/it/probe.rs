//! The probe runner end to end: bad input exits 2 before contacting anyone;
//! a completed run exits 0 whatever it found, is stored with its hash, feeds
//! the scores and a history snapshot; unreachable hosts give `error`, never `pass`.

use std::net::TcpListener;

use serde_json::Value;

use crate::common::{stderr, TestContext};

/// A loopback port with nothing listening.
pub fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[test]
fn no_targets_is_bad_input() {
    let ctx = TestContext::workspace();
    let out = ctx.run(&["probe"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no targets: declare [[targets]] in"),
        "{}",
        stderr(&out)
    );
    assert!(!ctx.file("evidence").exists());
}

#[test]
fn bad_urls_and_options_are_bad_input() {
    let ctx = TestContext::workspace();
    for (args, msg) in [
        (
            vec!["probe", "ftp://127.0.0.1/"],
            "only http:// and https:// targets can be probed",
        ),
        (vec!["probe", "not a url"], "'not a url' is not a URL"),
        (
            vec!["probe", "--concurrency", "0", "https://127.0.0.1/"],
            "0 is not in 1..=256",
        ),
        (
            vec!["probe", "--timeout", "0", "https://127.0.0.1/"],
            "--timeout 0 is out of range",
        ),
        (
            vec!["probe", "--ca-file", "missing.pem", "https://127.0.0.1/"],
            "missing.pem",
        ),
    ] {
        let out = ctx.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(msg), "{args:?}: {}", stderr(&out));
    }
    ctx.write("bad.pem", "not a certificate\n");
    let out = ctx.run(&[
        "probe",
        "--ca-file",
        ctx.file("bad.pem").to_str().unwrap(),
        "https://127.0.0.1/",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bad.pem: no PEM certificates found"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unreachable_target_completes_with_errors_and_is_stored() {
    let ctx = TestContext::workspace();
    let url = format!("https://127.0.0.1:{}/v1/health", closed_port());
    let out = ctx.run(&["probe", "--json", "--timeout", "2", &url]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let run: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        run["run_id"].is_string()
            && run["started_at"].is_string()
            && run["finished_at"].is_string()
    );
    let target = &run["targets"][0];
    assert_eq!(target["url"], url.as_str());
    let checks = target["checks"].as_array().unwrap();
    assert!(!checks.is_empty());
    let tls: Vec<&Value> = checks
        .iter()
        .filter(|c| c["id"].as_str().unwrap().starts_with("tls."))
        .collect();
    assert!(!tls.is_empty());
    assert!(tls.iter().all(|c| c["result"] == "error"), "{tls:?}");
    assert!(checks.iter().all(|c| c["result"] != "pass"), "{checks:?}");

    // stored, hashed, verifiable, and used by score
    let run_id = run["run_id"].as_str().unwrap();
    assert!(ctx.file(&format!("evidence/{run_id}.json.gz")).exists());
    assert!(ctx
        .read("evidence/MANIFEST.sha256")
        .contains(&format!("  {run_id}.json.gz")));
    assert!(ctx
        .ok(&["evidence", "verify"])
        .contains("1 files checked, 0 problem(s)"));
    // An ad-hoc URL (not declared) is stored marked so and never scored.
    assert_eq!(target["adhoc"], true);
    assert!(
        stderr(&out).contains("is not declared in apiassure.toml"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("[[targets]]"), "{}", stderr(&out));
    let card: Value = serde_json::from_str(&ctx.ok(&["score", "--json"])).unwrap();
    assert_eq!(card["evidence"]["runs"], 1);
    assert_eq!(card["evidence"]["targets"], 0);
    assert_eq!(card["evidence"]["current"], 0);
    // history got a snapshot
    assert!(ctx
        .read("history/scores.jsonl")
        .contains("\"trigger\":\"probe\""));
}

/// The whole chain on loopback: a well-configured HTTPS API (rustls, ECDSA,
/// HSTS two years) and a leaky cleartext one, probed by the real binary
/// with a token from the environment. Results carry their controls, the
/// good API earns A+, and the leaky API's failures contradict a `yes`
/// answer, which `score` reports as a conflict that lowers the score.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probe_feeds_controls_scores_and_conflicts() {
    use std::sync::atomic::AtomicUsize;
    use std::sync::Arc;

    use base64::Engine;

    use crate::http::{good_api, leaky_api, redirector};
    use crate::http_support::{distinctive_jwt, pki, serve, serve_tls};

    let token = distinctive_jwt(3600);
    let pki = pki();
    let good = serve_tls(good_api(token.clone(), 20), &pki).await;
    let cleartext = serve(redirector(good.port(), 308)).await;
    let leaky = serve(leaky_api(token.clone(), Arc::new(AtomicUsize::new(0)))).await;

    let ctx = TestContext::workspace();
    let pem = format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        base64::engine::general_purpose::STANDARD.encode(pki.ca.as_ref())
    );
    ctx.write("internal-ca.pem", &pem);
    let cfg = ctx.read("apiassure.toml").replace("# ca_file = \"internal-ca.pem\"", "ca_file = \"internal-ca.pem\"")
        + &format!(
            "\n[[targets]]\nname = \"orders\"\nurl = \"https://127.0.0.1:{}/v1/orders\"\nhttp_port = {}\n\
             token_env = \"APIASSURE_TOKEN_TEST_ORDERS\"\n\n\
             [[targets]]\nname = \"legacy\"\nurl = \"http://127.0.0.1:{}/api/data\"\n",
            good.port(),
            cleartext.port(),
            leaky.port()
        );
    ctx.write("apiassure.toml", &cfg);
    for q in ["AUTHN-01.1", "AUTHN-01.2", "AUTHN-01.3", "AUTHN-01.4"] {
        ctx.ok(&["answer", q, "yes"]);
    }

    let mut cmd = ctx.cmd(&["probe", "--active", "--json", "--timeout", "5"]);
    cmd.env("APIASSURE_TOKEN_TEST_ORDERS", &token);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let run: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Targets are stored as they finish: put them in config order.
    let mut targets = run["targets"].as_array().unwrap().clone();
    targets.sort_by_key(|t| t["name"] != "orders");
    assert_eq!(targets.len(), 2);
    let check = |t: usize, id: &str| -> Value {
        targets[t]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("{id} missing on target {t}"))
            .clone()
    };
    for c in targets.iter().flat_map(|t| t["checks"].as_array().unwrap()) {
        assert!(
            !c["controls"].as_array().unwrap().is_empty(),
            "{} maps to no control",
            c["id"]
        );
    }
    // The good API: TLS 1.2 + 1.3 only, trusted through the CA file, A+ with HSTS.
    let protocols: Vec<&str> = targets[0]["tls"]["protocols"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["offered"] == true)
        .map(|p| p["version"].as_str().unwrap())
        .collect();
    assert_eq!(protocols, ["TLSv1.2", "TLSv1.3"]);
    assert_eq!(check(0, "tls.protocols")["result"], "pass");
    assert_eq!(
        check(0, "tls.cert.chain")["result"],
        "pass",
        "{}",
        check(0, "tls.cert.chain")
    );
    let grade = check(0, "tls.grade");
    assert!(
        grade["summary"].as_str().unwrap().starts_with("A+"),
        "{grade}"
    );
    assert_eq!(check(0, "auth.required")["result"], "pass");
    assert_eq!(check(0, "http.redirect")["result"], "pass");
    // The leaky API: data without credentials, served in cleartext.
    assert_eq!(check(1, "auth.required")["result"], "fail");
    assert_eq!(check(1, "http.redirect")["result"], "fail");
    assert!(targets[1]["tls"].is_null());

    // The report's evidence appendix sums up each https target's TLS
    // observation from the run its current result came from.
    let md = ctx.ok(&["report", "--format", "md", "-o", "-"]);
    assert!(
        md.contains("versions TLSv1.2, TLSv1.3") || md.contains("versions TLSv1.3"),
        "{md}"
    );
    assert!(
        md.contains("SHA-256 "),
        "certificate fingerprint in the appendix"
    );

    // Scores: AUTHN-01 was attested yes; evidence fails it -> conflict, lower score.
    let card: Value = serde_json::from_str(&ctx.ok(&["score", "--json"])).unwrap();
    let authn = card["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "AUTHN-01")
        .unwrap();
    assert!(authn["conflict"]["questions"]
        .as_array()
        .unwrap()
        .contains(&Value::from("AUTHN-01.1")));
    assert_eq!(authn["attested"], 100.0);
    let automated = authn["automated"].as_f64().unwrap();
    assert!(automated < 100.0);
    assert_eq!(authn["score"].as_f64().unwrap(), automated, "evidence wins");
    assert!(authn["limited_by_evidence"].as_bool().unwrap());
    let table = ctx.ok(&["score"]);
    assert!(
        table.contains("Conflicts (answered yes, evidence failed; evidence wins):"),
        "{table}"
    );
    assert!(
        table.contains(
            "AUTHN-01: AUTHN-01.1, AUTHN-01.2, AUTHN-01.3, AUTHN-01.4 vs auth.required on legacy"
        ),
        "{table}"
    );
}
