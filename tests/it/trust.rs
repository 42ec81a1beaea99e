//! The trust chain under attack and under faults, with the real binary:
//! a lock or folder that is a link, a hand-edited ledger, a deleted
//! journal, terminal escapes from servers and teammates, writers beside
//! `verify`, abandoned `.part` files, a manifest cut short, a run dated in
//! the future, hostile configuration and names, and a YAML alias bomb.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::thread;

use serde_json::Value;

use apiassure::assessment::{store_run, Assessment};
use apiassure::checks::CheckId;
use apiassure::model::evidence::EVIDENCE_SCHEMA_VERSION;
use apiassure::model::{CheckOutcome, CheckResult, EvidenceRun, TargetEvidence};
use apiassure::workspace::Workspace;

use crate::common::{git, stderr, stdout, TestContext};

const URL: &str = "https://pay.acme.example/v1";

fn declare(ctx: &TestContext) {
    let cfg = ctx.read("apiassure.toml")
        + &format!("\n[[targets]]\nname = \"payments\"\nurl = \"{URL}\"\n");
    ctx.write("apiassure.toml", &cfg);
}

/// A run of the declared target with these results, dated `at`.
fn run_at(at: chrono::DateTime<chrono::Utc>, results: &[(CheckId, CheckOutcome)]) -> EvidenceRun {
    EvidenceRun {
        schema_version: EVIDENCE_SCHEMA_VERSION,
        run_id: String::new(),
        tool: "apiassure".into(),
        tool_version: "test".into(),
        started_at: at,
        finished_at: at,
        settings: Value::Null,
        targets: vec![TargetEvidence {
            url: URL.into(),
            name: Some("payments".into()),
            tls: None,
            http: None,
            traffic: None,
            checks: results
                .iter()
                .map(|(id, o)| CheckResult::new(*id, *o, format!("{id} said {o}")))
                .collect(),
            adhoc: false,
            probed_at: Some(at),
        }],
    }
}

/// Store a run as `probe` does: journaled, folded, snapshotted.
fn store(ctx: &TestContext, mut run: EvidenceRun) -> String {
    let ws = Workspace::open(ctx.path()).unwrap();
    let mut assessment = Assessment::load(&ws).unwrap();
    store_run(&ws, &mut assessment, &mut run).unwrap();
    run.run_id
}

fn verify_json(ctx: &TestContext, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["verify", "--json"];
    args.extend_from_slice(extra);
    let out = ctx.run(&args);
    let v: Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("{e}: {} {}", stdout(&out), stderr(&out)));
    (out.status.code().unwrap(), v)
}

fn findings(v: &Value) -> Vec<(String, String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["severity"].as_str().unwrap().to_string(),
                f["subject"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn problems(v: &Value) -> Vec<String> {
    findings(v)
        .into_iter()
        .filter(|(s, _, _)| s == "problem")
        .map(|(_, subject, m)| format!("{subject}: {m}"))
        .collect()
}

// ----- The lock and the folders never write through a link ---------------------

#[cfg(unix)]
#[test]
fn a_lock_that_is_a_link_never_truncates_its_target() {
    let ctx = TestContext::workspace();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join(".bashrc");
    let content = "export PATH=$HOME/bin:$PATH\nalias ll='ls -l'\n";
    std::fs::write(&victim, content).unwrap();
    let lock = ctx.file(".apiassure.lock");
    let _ = std::fs::remove_file(&lock);
    std::os::unix::fs::symlink(&victim, &lock).unwrap();
    for args in [
        &["answer", "AUTHN-01.1", "yes"][..],
        &["score", "--record"][..],
        &["verify"][..],
    ] {
        let out = ctx.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("symbolic link"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), content);
    // probe stops before contacting anything.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let cfg = ctx.read("apiassure.toml")
        + &format!("\n[[targets]]\nname = \"api\"\nurl = \"http://127.0.0.1:{port}/v1\"\n");
    ctx.write("apiassure.toml", &cfg);
    let out = ctx.run(&["probe", "--timeout", "1"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(listener.accept().is_err(), "no connection was made");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), content);
    // A hard link is refused too.
    std::fs::remove_file(&lock).unwrap();
    std::fs::hard_link(&victim, &lock).unwrap();
    let out = ctx.run(&["answer", "AUTHN-01.1", "yes"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), content);
}

#[cfg(unix)]
#[test]
fn workspace_folders_that_are_links_are_never_written_into() {
    let ctx = TestContext::workspace();
    let outside = tempfile::tempdir().unwrap();
    // journal/ moved elsewhere and replaced by a link to it.
    let moved = outside.path().join("journal");
    std::fs::rename(ctx.file("journal"), &moved).unwrap();
    std::os::unix::fs::symlink(&moved, ctx.file("journal")).unwrap();
    let before: Vec<_> = std::fs::read_dir(&moved).unwrap().collect();
    let out = ctx.run(&["answer", "AUTHN-01.1", "yes"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(&moved).unwrap().count(), before.len());
    // A history folder that is a link: a snapshot is refused, nothing lands there.
    std::fs::remove_file(ctx.file("journal")).unwrap();
    std::fs::rename(&moved, ctx.file("journal")).unwrap();
    let hist = outside.path().join("history");
    std::fs::create_dir(&hist).unwrap();
    let _ = std::fs::remove_dir_all(ctx.file("history"));
    std::os::unix::fs::symlink(&hist, ctx.file("history")).unwrap();
    let out = ctx.run(&["score", "--record"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(&hist).unwrap().count(), 0);
}

// ----- Nothing derived is trusted -----------------------------------------------

#[test]
fn a_hand_edited_ledger_changes_no_score_no_conflict_and_fails_verify() {
    let ctx = TestContext::workspace();
    declare(&ctx);
    // The answer says authentication is required; the evidence says no.
    ctx.ok(&["answer", "AUTHN-01.1", "yes", "--note", "gateway"]);
    store(
        &ctx,
        run_at(
            chrono::Utc::now(),
            &[
                (CheckId::AuthRequired, CheckOutcome::Fail),
                (CheckId::HttpHsts, CheckOutcome::Fail),
            ],
        ),
    );
    let card = |ctx: &TestContext| -> Value {
        let v: Value = serde_json::from_str(&ctx.ok(&["score", "--json"])).unwrap();
        serde_json::json!({
            "frameworks": v["frameworks"].as_array().unwrap().iter().map(|f| (f["id"].clone(), f["score"].clone())).collect::<Vec<_>>(),
            "conflicts": v["conflicts"],
            "evidence": v["evidence"]["current"],
        })
    };
    let before = card(&ctx);
    assert!(
        !before["conflicts"].as_array().unwrap().is_empty(),
        "the fixture must hold a conflict: {before}"
    );
    let md_before = ctx.ok(&["report", "--format", "md", "-o", "-"]);
    let (code, v) = verify_json(&ctx, &[]);
    assert_eq!(code, 0, "{:?}", problems(&v));

    let ledger = ctx.read("evidence/ledger.json");
    assert!(ledger.contains("\"fail\""), "{ledger}");
    ctx.write(
        "evidence/ledger.json",
        &ledger.replace("\"fail\"", "\"pass\""),
    );

    // verify recomputes the ledger and names the difference.
    let (code, v) = verify_json(&ctx, &[]);
    assert_eq!(code, 1);
    let p = problems(&v).join("\n");
    assert!(p.contains("evidence/ledger.json"), "{p}");
    assert!(
        p.contains("the ledger says pass, the runs say fail"),
        "names the difference: {p}"
    );
    let (code, _) = verify_json(&ctx, &["--trust", "AAAA"]);
    assert_eq!(code, 1);

    assert_eq!(card(&ctx), before, "the edit must not reach the scores");
    let md_after = ctx.ok(&["report", "--format", "md", "-o", "-"]);
    let strip = |s: &str| {
        s.lines()
            .filter(|l| !l.contains("Generated") && !l.contains("generated"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        strip(&md_after).matches("fail").count(),
        strip(&md_before).matches("fail").count()
    );
    // Reading rebuilt the ledger from the runs and saved the one the
    // journal recorded; verify passes again, and so after the next change.
    ctx.ok(&["answer", "AUTHN-01.2", "no"]);
    let (code, v) = verify_json(&ctx, &[]);
    assert_eq!(code, 0, "{:?}", problems(&v));
    assert!(ctx.read("evidence/ledger.json").contains("\"fail\""));
}

#[test]
fn a_run_file_nobody_recorded_never_counts() {
    let ctx = TestContext::workspace();
    declare(&ctx);
    let id = store(
        &ctx,
        run_at(
            chrono::Utc::now(),
            &[(CheckId::AuthRequired, CheckOutcome::Fail)],
        ),
    );
    // A forged run file, later than the real one, saying pass.
    let text = crate::common::read_run(&ctx.file(&format!("evidence/{id}.json.gz")));
    let forged_id = "20991231T000000.000000Z-000";
    crate::common::write_run(
        &ctx.file(&format!("evidence/{forged_id}.json.gz")),
        &text.replace(&id, forged_id).replace("\"fail\"", "\"pass\""),
    );
    std::fs::remove_file(ctx.file("evidence/ledger.json")).unwrap();
    let v: Value = serde_json::from_str(&ctx.ok(&["score", "--json"])).unwrap();
    let s = v.to_string();
    assert!(!s.contains(forged_id), "the forged run is not scored");
    let (code, v) = verify_json(&ctx, &[]);
    assert_eq!(code, 1);
    assert!(problems(&v).join("\n").contains("added outside the tool"));
}

// ----- The journal cannot be removed to disarm verify ------------------------

#[test]
fn deleting_the_journal_fails_verify_with_and_without_trust() {
    let ctx = TestContext::workspace();
    let key = ctx.file("ci.key");
    let out = ctx.ok(&["keygen", key.to_str().unwrap()]);
    let public = out
        .split_whitespace()
        .find(|w| w.len() == 44 && w.ends_with('='))
        .unwrap_or_else(|| panic!("no public key in: {out}"))
        .to_string();
    let signed = |args: &[&str]| {
        let out = ctx
            .cmd(args)
            .env("APIASSURE_SIGNING_KEY", &key)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    };
    signed(&["answer", "AUTHN-01.1", "yes", "--note", "gateway"]);
    signed(&["score", "--record"]);
    let (code, v) = verify_json(&ctx, &["--trust", &public]);
    assert_eq!(code, 0, "{:?}", problems(&v));

    // An answer changed without the key is not covered by a trusted signature.
    ctx.ok(&["answer", "AUTHN-01.2", "no"]);
    let (code, v) = verify_json(&ctx, &["--trust", &public]);
    assert_eq!(code, 1);
    assert!(
        problems(&v)
            .join("\n")
            .contains("AUTHN-01.2: not covered by a signature"),
        "{:?}",
        problems(&v)
    );

    // Remove every journal entry, then edit an answer.
    for e in std::fs::read_dir(ctx.file("journal")).unwrap() {
        std::fs::remove_file(e.unwrap().path()).unwrap();
    }
    let answers = ctx
        .read("answers.toml")
        .replace("answer = \"no\"", "answer = \"yes\"");
    ctx.write("answers.toml", &answers);
    for trust in [vec!["--trust", public.as_str()], vec![]] {
        let (code, v) = verify_json(&ctx, &trust);
        assert_eq!(code, 1, "{trust:?}");
        assert!(
            problems(&v)
                .join("\n")
                .contains("journal is missing or empty"),
            "{trust:?}: {:?}",
            problems(&v)
        );
    }
    // And the next change does not quietly start a new journal over it.
    let out = ctx.run(&["answer", "AUTHN-01.3", "yes"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the journal is gone"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn verify_head_needs_twelve_hex_digits() {
    let ctx = TestContext::workspace();
    let v: Value = serde_json::from_str(&ctx.ok(&["verify", "--json"])).unwrap();
    let head = v["heads"][0].as_str().unwrap().to_string();
    for short in [&head[..1], &head[..11], "zzzzzzzzzzzz"] {
        let out = ctx.run(&["verify", "--head", short]);
        assert_eq!(out.status.code(), Some(2), "{short}");
        assert!(
            stderr(&out).contains("at least 12 hex digits"),
            "{}",
            stderr(&out)
        );
    }
    ctx.ok(&["verify", "--head", &head[..12]]);
}

// ----- Terminal escapes never reach a terminal or a text report --------------

/// Characters that steer a terminal or reorder text.
fn hostile_chars(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| {
            (c.is_control() && *c != '\n' && *c != '\t' && *c != '\r')
                || matches!(*c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

const HOSTILE_NOTE: &str =
    "ok\u{1b}]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\u{7}\u{1b}[2J\u{1b}[HAll controls verified by auditor\u{9b}31m\u{202e}gnp.exe\u{2066}x";

/// A server whose headers and bodies carry escapes and bidi overrides.
fn escaping_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut len = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        len = v.trim().parse().unwrap_or(0);
                    }
                    if line == "\r\n" {
                        break;
                    }
                }
                let mut body = vec![0; len.min(1 << 16)];
                let _ = reader.read_exact(&mut body);
                let json = "{\"data\":\"\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[31mred\",\"title\":\"\u{202e}txt.exe\"}";
                let resp = format!(
                    "HTTP/1.1 200 OK\r\nServer: nginx \u{202e}1.25\u{9b}2J\r\nX-Powered-By: PHP\u{2066}8\r\nWWW-Authenticate: Bearer realm=\"\u{202e}api\"\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{json}",
                    json.len()
                );
                let _ = stream.write_all(resp.as_bytes());
            });
        }
    });
    port
}

#[test]
fn no_escape_or_bidi_override_reaches_a_terminal_or_a_text_report() {
    let ctx = TestContext::workspace();
    let port = escaping_server();
    let cfg = ctx.read("apiassure.toml")
        + &format!(
            "\n[[targets]]\nname = \"esc\u{202e}api\"\nurl = \"http://127.0.0.1:{port}/v1\"\n"
        );
    ctx.write("apiassure.toml", &cfg);
    ctx.ok(&["answer", "AUTHN-01.1", "yes", "--note", HOSTILE_NOTE]);
    let probe = ctx.run(&["probe", "--timeout", "5"]);
    assert!(
        probe.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&probe)
    );
    let mut outputs = vec![
        ("probe stdout".to_string(), stdout(&probe)),
        ("probe stderr".to_string(), stderr(&probe)),
    ];
    for args in [
        &["questions", "--control", "AUTHN-01"][..],
        &["questions", "--control", "AUTHN-01", "--format", "csv"][..],
        &["questions", "--control", "AUTHN-01", "--json"][..],
        &["score", "--explain"][..],
        &["score", "--json", "--explain"][..],
        &["log", "AUTHN-01.1"][..],
        &["log", "--json"][..],
        &["evidence", "show"][..],
        &["evidence", "list"][..],
        &["verify"][..],
        &["report", "--format", "md", "-o", "-"][..],
        &["report", "--format", "html", "-o", "-"][..],
        &["report", "--format", "csv", "-o", "-"][..],
        &["report", "--format", "json", "-o", "-"][..],
    ] {
        let out = ctx.run(args);
        outputs.push((format!("{args:?} stdout"), stdout(&out)));
        outputs.push((format!("{args:?} stderr"), stderr(&out)));
    }
    // An error message quoting a hostile value.
    let out = ctx.run(&["answer", "X\u{1b}]52;c;eA==\u{7}", "yes"]);
    assert_eq!(out.status.code(), Some(2));
    outputs.push(("error".to_string(), stderr(&out)));
    // An argument the command line itself refuses (clap quotes it back).
    let out = ctx.run(&["answer", "AUTHN-01.1", "\u{1b}]52;c;eA==\u{7}\u{202e}"]);
    assert_eq!(out.status.code(), Some(2));
    outputs.push(("clap error".to_string(), stderr(&out)));
    for (what, text) in &outputs {
        let bad = hostile_chars(text);
        assert!(bad.is_empty(), "{what} carries {bad:?}:\n{text}");
    }
    let log = &outputs
        .iter()
        .find(|(w, _)| w.starts_with("[\"log\", \"AUTHN-01.1\"] stdout"))
        .unwrap()
        .1;
    assert!(
        log.contains("\\x1b]52;c;"),
        "shown as a visible escape: {log}"
    );
    // JSON keeps the original text: parsed back, the note is unchanged.
    let json = &outputs
        .iter()
        .find(|(w, _)| w.contains("\"--json\"] stdout") && w.contains("questions"))
        .unwrap()
        .1;
    let v: Value = serde_json::from_str(json).unwrap();
    assert!(v.to_string().contains("\\u001b]52;c;"), "{v}");
    let note_back = v["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "AUTHN-01.1")
        .and_then(|q| q["note"].as_str())
        .map(str::to_string);
    assert_eq!(
        note_back.as_deref(),
        Some(HOSTILE_NOTE),
        "JSON keeps the original text"
    );
    // The stored answer keeps the original text.
    let stored = Workspace::open(ctx.path()).unwrap().answers().unwrap();
    assert_eq!(stored.get("AUTHN-01.1").unwrap().note, HOSTILE_NOTE);
}

// ----- Faults: writers beside verify, killed probes, a manifest cut short ------

#[test]
fn verify_beside_busy_writers_never_reports_tampering() {
    let ctx = TestContext::workspace();
    declare(&ctx);
    ctx.ok(&["answer", "AUTHN-01.1", "yes"]);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let stop = stop.clone();
            let root = ctx.path().to_path_buf();
            thread::spawn(move || {
                let mut i = 0;
                while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                    let value = if i % 2 == 0 { "yes" } else { "no" };
                    let q = if w == 0 { "AUTHN-01.1" } else { "AUTHN-01.2" };
                    let _ = std::process::Command::new(crate::common::BIN)
                        .args(["answer", q, value, "--note", &format!("round {i}")])
                        .env("APIASSURE_WORKSPACE", &root)
                        .env("APIASSURE_USER", format!("writer{w}"))
                        .output();
                    i += 1;
                }
                i
            })
        })
        .collect();
    let mut checks = 0;
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(4) {
        let (code, v) = verify_json(&ctx, &[]);
        assert_eq!(
            code,
            0,
            "verify saw a write in progress: {:?}",
            findings(&v)
        );
        checks += 1;
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let writes: usize = writers.into_iter().map(|w| w.join().unwrap()).sum();
    assert!(
        checks >= 3 && writes >= 3,
        "{checks} verifies, {writes} writes"
    );
}

#[test]
fn part_files_of_killed_probes_are_listed_then_removed_by_the_next_change() {
    let ctx = TestContext::workspace();
    declare(&ctx);
    // What kill -9 during `probe` leaves: a .part file no process holds.
    ctx.write(
        "evidence/.20261201T000000.000000Z-000.json.part",
        "{\"schema_version\":1, \"targets\": [\n",
    );
    ctx.write("evidence/.20261201T000001.000000Z-000.json.part", "{");
    // A probe still writing: its file is locked by a live process.
    ctx.write("evidence/.20261201T000002.000000Z-000.json.part", "{");
    let live = std::fs::OpenOptions::new()
        .write(true)
        .open(ctx.file("evidence/.20261201T000002.000000Z-000.json.part"))
        .unwrap();
    live.try_lock().unwrap();
    let (code, v) = verify_json(&ctx, &[]);
    assert_eq!(code, 0, "not tampering: {:?}", findings(&v));
    let listed: Vec<_> = findings(&v)
        .into_iter()
        .filter(|(_, s, _)| s.ends_with(".part"))
        .collect();
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert!(listed
        .iter()
        .any(|(_, _, m)| m.contains("killed or failed probe")));
    ctx.ok(&["answer", "AUTHN-01.1", "yes"]);
    assert!(!ctx
        .file("evidence/.20261201T000000.000000Z-000.json.part")
        .exists());
    assert!(!ctx
        .file("evidence/.20261201T000001.000000Z-000.json.part")
        .exists());
    assert!(
        ctx.file("evidence/.20261201T000002.000000Z-000.json.part")
            .exists(),
        "a live probe's file is left alone"
    );
    drop(live);
}

#[test]
fn a_manifest_cut_short_fails_verify_until_the_next_change_repairs_it() {
    let ctx = TestContext::workspace();
    declare(&ctx);
    let id = store(
        &ctx,
        run_at(
            chrono::Utc::now(),
            &[(CheckId::HttpHsts, CheckOutcome::Fail)],
        ),
    );
    let manifest = ctx.read("evidence/MANIFEST.sha256");
    assert!(manifest.contains(&id));
    // A full disk while the manifest was written: the line never landed.
    let short: String = manifest
        .lines()
        .filter(|l| !l.contains(&id))
        .map(|l| format!("{l}\n"))
        .collect();
    ctx.write("evidence/MANIFEST.sha256", &short);
    let (code, v) = verify_json(&ctx, &[]);
    assert_eq!(code, 1);
    assert!(
        problems(&v)
            .join("\n")
            .contains("missing from evidence/MANIFEST.sha256"),
        "{:?}",
        problems(&v)
    );
    ctx.ok(&["answer", "AUTHN-01.1", "yes"]);
    assert!(ctx.read("evidence/MANIFEST.sha256").contains(&id));
    let (code, v) = verify_json(&ctx, &[]);
    assert_eq!(code, 0, "{:?}", problems(&v));
}

#[test]
fn a_run_dated_in_the_future_never_outranks_a_later_one() {
    let ctx = TestContext::workspace();
    declare(&ctx);
    let now = chrono::Utc::now();
    // A CI runner whose clock is a year ahead records a pass...
    let future = store(
        &ctx,
        run_at(
            now + chrono::Duration::days(365),
            &[(CheckId::HttpHsts, CheckOutcome::Pass)],
        ),
    );
    // ...then a correct runner finds the header missing.
    store(
        &ctx,
        run_at(now, &[(CheckId::HttpHsts, CheckOutcome::Fail)]),
    );
    let out = ctx.run(&["score", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("run {future} is dated")),
        "score names it: {}",
        stderr(&out)
    );
    let card: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let checks = card.to_string();
    assert!(
        !checks.contains("http.hsts said pass") || checks.contains("http.hsts said fail"),
        "{checks}"
    );
    let ws = Workspace::open(ctx.path()).unwrap();
    let ledger = ws.ledger().unwrap();
    let cur = ledger.targets[URL].checks[&CheckId::HttpHsts]
        .current
        .clone()
        .unwrap();
    assert_eq!(
        cur.result,
        CheckOutcome::Fail,
        "the later-recorded run wins"
    );
    let (_, v) = verify_json(&ctx, &[]);
    assert!(
        findings(&v)
            .iter()
            .any(|(s, subj, m)| s == "notice" && subj.contains(&future) && m.contains("after now")),
        "{:?}",
        findings(&v)
    );
    // Alone, a future-dated result is stale, not current.
    let ctx2 = TestContext::workspace();
    declare(&ctx2);
    store(
        &ctx2,
        run_at(
            now + chrono::Duration::days(365),
            &[(CheckId::HttpHsts, CheckOutcome::Pass)],
        ),
    );
    let card: Value = serde_json::from_str(&ctx2.ok(&["score", "--json"])).unwrap();
    assert_eq!(card["evidence"]["current"], 0, "{}", card["evidence"]);
}

// ----- Configuration, names and documents a hostile contributor controls ------

#[test]
fn a_password_in_a_configured_url_is_refused_by_every_command() {
    let ctx = TestContext::workspace();
    let cfg = ctx.read("apiassure.toml")
        + "\n[[targets]]\nname = \"api\"\nurl = \"http://svc:Hunter2Secret@127.0.0.1:9/v1\"\n";
    ctx.write("apiassure.toml", &cfg);
    for args in [
        &["score"][..],
        &["report", "--format", "md", "-o", "-"][..],
        &["report", "--format", "oscal", "-o", "-"][..],
        &["probe"][..],
        &["score", "--json"][..],
    ] {
        let out = ctx.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let all = stdout(&out) + &stderr(&out);
        assert!(all.contains("user name or password"), "{args:?}: {all}");
        assert!(!all.contains("Hunter2Secret"), "{args:?}: {all}");
    }
}

#[test]
fn a_configuration_cannot_pick_which_secret_leaves_the_machine() {
    let ctx = TestContext::workspace();
    let cfg = ctx.read("apiassure.toml")
        + "\n[[targets]]\nname = \"api\"\nurl = \"http://127.0.0.1:9/v1\"\ntoken_env = \"CI_DEPLOY_SECRET\"\n";
    ctx.write("apiassure.toml", &cfg);
    let out = ctx
        .cmd(&["probe", "--timeout", "1"])
        .env("CI_DEPLOY_SECRET", "deploy-key-Zq93")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("APIASSURE_TOKEN_"), "{err}");
    assert!(!err.contains("deploy-key-Zq93"), "{err}");
    // Allowed from outside the workspace, it is read.
    let out = ctx
        .cmd(&["probe", "--timeout", "1", "--quiet"])
        .env("CI_DEPLOY_SECRET", "deploy-key-Zq93")
        .env("APIASSURE_SECRET_ENV_ALLOW", "OTHER, CI_DEPLOY_SECRET")
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&out)
    );
}

#[test]
fn names_with_controls_or_formula_prefixes_are_refused() {
    let ctx = TestContext::workspace();
    for name in [
        "=cmd|' /C calc'!A0",
        "  +SUM(A1)",
        "dana\u{1b}[2J",
        "eve\u{202e}",
    ] {
        let out = ctx.run(&["answer", "AUTHN-01.1", "yes", "--by", name]);
        assert_eq!(out.status.code(), Some(2), "{name:?}");
        assert!(stderr(&out).contains("is not accepted"), "{}", stderr(&out));
        let out = ctx
            .cmd(&["answer", "AUTHN-01.1", "yes"])
            .env("APIASSURE_USER", name)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name:?}");
    }
    assert!(!ctx.read("answers.toml").contains("AUTHN-01.1"));
    ctx.ok(&[
        "answer",
        "AUTHN-01.1",
        "yes",
        "--by",
        "Dana Lee <dana@acme.example>",
    ]);
}

#[test]
fn a_yaml_alias_bomb_is_refused_for_its_document_only() {
    let ctx = TestContext::workspace();
    let mut bomb = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\nx-big: &s \"{}\"\npaths:\n  /a:\n    x-many:\n",
        "x".repeat(205_000)
    );
    for _ in 0..100_000 {
        bomb.push_str("      - *s\n");
    }
    ctx.write("bomb.yaml", &bomb);
    let out = ctx.run(&["lint", "bomb.yaml"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("MiB of text") || stdout(&out).contains("MiB of text"));
    let healthy_port = crate::http_support::closed_port();
    let cfg = ctx.read("apiassure.toml")
        + &format!(
            "\n[[targets]]\nname = \"bombed\"\nurl = \"http://127.0.0.1:{healthy_port}/a\"\nopenapi = \"bomb.yaml\"\n\
             \n[[targets]]\nname = \"healthy\"\nurl = \"http://127.0.0.1:{healthy_port}/b\"\n"
        );
    ctx.write("apiassure.toml", &cfg);
    let out = ctx.run(&["probe", "--timeout", "1", "--json"]);
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "the run goes on: {}",
        stderr(&out)
    );
    let runs: Vec<_> = std::fs::read_dir(ctx.file("evidence"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        runs.iter()
            .any(|n| n.starts_with("20") && n.ends_with(".json.gz")),
        "a run is stored: {runs:?}"
    );
    assert!(!runs.iter().any(|n| n.ends_with(".part")), "{runs:?}");
    let show = ctx.ok(&["evidence", "show"]);
    assert!(show.contains("healthy"), "{show}");
}

#[test]
fn an_init_cut_short_can_be_repeated() {
    let ctx = TestContext::empty();
    ctx.ok(&["init", "--org", "Acme", "--system", "Payments API"]);
    // What a full disk after the configuration was written leaves behind.
    std::fs::remove_dir_all(ctx.file("journal")).unwrap();
    let _ = std::fs::remove_dir_all(ctx.file(".apiassure"));
    std::fs::remove_file(ctx.file("answers.toml")).unwrap();
    ctx.ok(&["init", "--org", "Acme", "--system", "Payments API"]);
    let (code, v) = verify_json(&ctx, &[]);
    assert_eq!(code, 0, "{:?}", problems(&v));
    // A real workspace is never initialised over.
    let out = ctx.run(&["init", "--org", "Acme", "--system", "Payments API"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Two branches that both stored probe runs merge; the ledger each clone
/// kept is no longer the one the merged runs give: it is rebuilt (never
/// believed), the next change records the rebuilt ledger, and the local
/// journal index notices the entries git brought.
#[test]
fn after_a_merge_of_two_probing_branches_the_ledger_is_rebuilt_and_recorded() {
    if !crate::common::tool_available("git", &["--version"], "apt-get install git") {
        return;
    }
    let ctx = TestContext::workspace();
    declare(&ctx);
    let dir = ctx.path();
    let now = chrono::Utc::now();
    store(
        &ctx,
        run_at(
            now - chrono::Duration::hours(3),
            &[(CheckId::HttpHsts, CheckOutcome::Pass)],
        ),
    );
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "-A"],
        &["commit", "-q", "-m", "base"],
        &["checkout", "-q", "-b", "ci"],
    ] {
        assert!(git(dir, args).status.success(), "git {args:?}");
    }
    store(
        &ctx,
        run_at(
            now - chrono::Duration::hours(2),
            &[(CheckId::HttpHsts, CheckOutcome::Fail)],
        ),
    );
    assert!(git(dir, &["add", "-A"]).status.success());
    assert!(git(dir, &["commit", "-q", "-m", "ci probe"])
        .status
        .success());
    assert!(git(dir, &["checkout", "-q", "main"]).status.success());
    store(
        &ctx,
        run_at(
            now - chrono::Duration::hours(1),
            &[(CheckId::AuthRequired, CheckOutcome::Pass)],
        ),
    );
    assert!(git(dir, &["add", "-A"]).status.success());
    assert!(git(dir, &["commit", "-q", "-m", "main probe"])
        .status
        .success());
    let merge = git(dir, &["merge", "-q", "--no-edit", "ci"]);
    assert!(
        merge.status.success(),
        "{}",
        String::from_utf8_lossy(&merge.stderr)
    );

    let (code, v) = verify_json(&ctx, &[]);
    assert_eq!(code, 0, "{:?}", problems(&v));
    let ws = Workspace::open(ctx.path()).unwrap();
    let ledger = ws.ledger().unwrap();
    assert_eq!(
        ledger.runs.len(),
        3,
        "all three runs count: {:?}",
        ledger.runs
    );
    let hsts = ledger.targets[URL].checks[&CheckId::HttpHsts]
        .current
        .clone()
        .unwrap();
    assert_eq!(hsts.result, CheckOutcome::Fail, "the newer ci run");
    assert!(ledger.targets[URL]
        .checks
        .contains_key(&CheckId::AuthRequired));
    ctx.ok(&["answer", "AUTHN-01.1", "yes"]);
    let log = ctx.ok(&["log"]);
    assert!(
        log.contains("evidence ledger rebuilt from 3 run(s)"),
        "{log}"
    );
    let (code, v) = verify_json(&ctx, &[]);
    assert_eq!(code, 0, "{:?}", problems(&v));
    assert_eq!(
        v["heads"].as_array().unwrap().len(),
        1,
        "the change tied both heads"
    );
}

#[test]
fn smaller_faults_say_what_happened_once_and_clean_up() {
    let ctx = TestContext::workspace();
    // A temporary file a killed `report` left in reports/ goes with the next change.
    ctx.write(
        "reports/.apiassure-report-2026.pdf.4242.99.tmp",
        "%PDF-1.7 half",
    );
    ctx.ok(&["answer", "AUTHN-01.1", "yes"]);
    assert!(!ctx
        .file("reports/.apiassure-report-2026.pdf.4242.99.tmp")
        .exists());

    // An I/O error says its reason once.
    let answers = ctx.file("answers.toml");
    let kept = std::fs::read(&answers).unwrap();
    std::fs::remove_file(&answers).unwrap();
    std::fs::create_dir(&answers).unwrap();
    let out = ctx.run(&["score"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.matches("not a regular file").count(), 1, "{err}");
    std::fs::remove_dir(&answers).unwrap();
    std::fs::write(&answers, kept).unwrap();

    // A held lock names its holder, and the waiting command says so.
    let held = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(ctx.file(".apiassure.lock"))
        .unwrap();
    held.try_lock().unwrap();
    {
        use std::io::{Seek, Write as _};
        let mut f = &held;
        f.seek(std::io::SeekFrom::Start(0)).unwrap();
        f.write_all(b"pid 4242 (apiassure probe) since 2026-12-04T10:00:00Z")
            .unwrap();
    }
    let out = ctx.run(&["answer", "AUTHN-01.2", "yes"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("pid 4242 (apiassure probe)"),
        "{}",
        stderr(&out)
    );
    drop(held);
}

/// A critical failure (data served without credentials) caps the band of
/// every framework that maps it at "major gaps", whatever the score, and the
/// band reason names it.
#[test]
fn a_critical_failure_caps_the_band_and_names_it() {
    use apiassure::model::evidence::ledger::Ledger;
    use apiassure::scoring::Band;
    let catalog = apiassure::catalog::load_embedded().unwrap();
    let mut answers = apiassure::model::AnswerSet::default();
    for (_, q) in catalog.questions() {
        answers.set(
            &q.id,
            apiassure::model::AnswerValue::Yes,
            "tester",
            chrono::Utc::now(),
        );
    }
    let mut config: apiassure::workspace::Config =
        toml::from_str(&apiassure::workspace::config::template("Acme", "Payments")).unwrap();
    config.targets.push(apiassure::workspace::config::Target {
        name: "payments".into(),
        url: URL.into(),
        ..Default::default()
    });
    let score_with = |outcome: CheckOutcome| {
        let mut ledger = Ledger::default();
        ledger.fold_run(&run_at(
            chrono::Utc::now(),
            &[
                (CheckId::AuthRequired, outcome),
                (CheckId::HttpHsts, CheckOutcome::Pass),
            ],
        ));
        apiassure::assessment::Assessment::from_parts(
            catalog.clone(),
            config.clone(),
            answers.clone(),
            ledger,
            chrono::Utc::now(),
        )
    };
    let warned = score_with(CheckOutcome::Warn);
    let failed = score_with(CheckOutcome::Fail);
    let mut capped = 0;
    for f in &failed.card.frameworks {
        let before = warned.card.framework(&f.id).unwrap();
        if matches!(before.band, Band::Ready | Band::MinorGaps) && f.score.unwrap_or(0.0) >= 75.0 {
            assert_eq!(f.band, Band::MajorGaps, "{}: {}", f.id, f.band_reason);
            assert!(
                f.band_reason.contains("critical failure: auth.required on"),
                "{}",
                f.band_reason
            );
            capped += 1;
        }
    }
    assert!(capped >= 1, "the fixture must reach a band the cap lowers");
}
