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
            "concurrency 0 is out of range",
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
    assert!(ctx.file(&format!("evidence/{run_id}.json")).exists());
    assert!(ctx
        .read("evidence/MANIFEST.sha256")
        .contains(&format!("  {run_id}.json")));
    assert!(ctx
        .ok(&["evidence", "verify"])
        .contains("1 files checked, 0 problem(s)"));
    let score = ctx.ok(&["score"]);
    assert!(
        score.contains(&format!("Evidence: run {run_id} (1 targets")),
        "{score}"
    );
    let card: Value = serde_json::from_str(&ctx.ok(&["score", "--json"])).unwrap();
    assert_eq!(card["evidence"]["run_id"], run_id);
    // history got a snapshot
    assert!(ctx
        .read("history/scores.jsonl")
        .contains("\"trigger\":\"probe\""));
}
