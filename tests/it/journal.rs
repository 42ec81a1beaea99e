//! The audit trail with the real binary: every tampering is caught and
//! named, untouched, interrupted and merged workspaces are told apart, a
//! signed run edited without the key fails `--trust`, and two git branches
//! answering different questions merge without a conflict.

use std::process::Command;

use serde_json::Value;

use crate::common::{git, stderr, stdout, TestContext};

/// A workspace with answers, one probe run (an unreachable declared target:
/// quick and offline) and a recorded score.
fn assessed() -> TestContext {
    let ctx = TestContext::workspace();
    let port = crate::http_support::closed_port();
    let cfg = ctx.read("apiassure.toml")
        + &format!("\n[[targets]]\nname = \"api\"\nurl = \"http://127.0.0.1:{port}/v1\"\n");
    ctx.write("apiassure.toml", &cfg);
    ctx.ok(&["answer", "AUTHN-01.1", "yes", "--note", "gateway"]);
    ctx.ok(&["answer", "AUTHN-01.2", "no"]);
    ctx.ok(&["probe", "--quiet", "--timeout", "1"]);
    ctx.ok(&["score", "--record"]);
    ctx
}

fn verify(ctx: &TestContext) -> (i32, String) {
    let out = ctx.run(&["verify"]);
    (out.status.code().unwrap(), stdout(&out))
}

fn run_file(ctx: &TestContext) -> std::path::PathBuf {
    crate::common::run_files(ctx.path()).remove(0)
}

#[test]
fn an_untouched_workspace_verifies_and_each_tampering_is_named() {
    let ctx = assessed();
    let (code, out) = verify(&ctx);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 problem(s), 0 interrupted"), "{out}");
    assert!(out.contains("journal head: "), "{out}");

    // Flip results and recompute the manifest: the journal still knows.
    let ctx2 = assessed();
    let file = run_file(&ctx2);
    let text = crate::common::read_run(&file);
    crate::common::write_run(&file, &text.replace("\"error\"", "\"pass\""));
    let sums = Command::new("sha256sum")
        .arg(file.file_name().unwrap())
        .current_dir(ctx2.file("evidence"))
        .output()
        .unwrap();
    std::fs::write(ctx2.file("evidence/MANIFEST.sha256"), &sums.stdout).unwrap();
    let (code, out) = verify(&ctx2);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("changed after it was recorded"), "{out}");
    assert!(
        out.contains("the manifest was recomputed to match"),
        "{out}"
    );
    let ev = ctx2.run(&["evidence", "verify"]);
    assert_eq!(
        ev.status.code(),
        Some(1),
        "evidence verify is the evidence part: {}",
        stdout(&ev)
    );

    // A hand edit of an answer keeps the old who and when: named.
    let ctx3 = assessed();
    let answers = ctx3
        .read("answers.toml")
        .replace("answer = \"no\"", "answer = \"yes\"");
    ctx3.write("answers.toml", &answers);
    let (code, out) = verify(&ctx3);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("AUTHN-01.2: edited outside apiassure: the journal says no by tester"),
        "{out}"
    );

    // An edited history line.
    let ctx4 = assessed();
    let hist = ctx4.read("history/scores.jsonl");
    let edited = hist.replacen("\"score\":", "\"score\":9", 1);
    assert_ne!(hist, edited);
    ctx4.write("history/scores.jsonl", &edited);
    let (code, out) = verify(&ctx4);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("history/scores.jsonl: line 1: not in the journal"),
        "{out}"
    );

    // A run deleted, renamed, or added by hand.
    let ctx5 = assessed();
    std::fs::remove_file(run_file(&ctx5)).unwrap();
    let (code, out) = verify(&ctx5);
    assert_eq!(code, 1);
    assert!(out.contains("removed: the journal recorded it"), "{out}");

    let ctx6 = assessed();
    let f = run_file(&ctx6);
    std::fs::rename(
        &f,
        ctx6.file("evidence/20990101T000000.000000Z-000.json.gz"),
    )
    .unwrap();
    let (code, out) = verify(&ctx6);
    assert_eq!(code, 1);
    assert!(
        out.contains("renamed to evidence/20990101T000000.000000Z-000.json.gz"),
        "{out}"
    );

    let ctx7 = assessed();
    std::fs::copy(
        run_file(&ctx7),
        ctx7.file("evidence/20990101T000000.000000Z-001.json.gz"),
    )
    .unwrap();
    let (code, out) = verify(&ctx7);
    assert_eq!(code, 1);
    assert!(out.contains("added outside the tool"), "{out}");

    // A journal entry edited, or removed from the middle of the chain.
    let ctx8 = assessed();
    let entries: Vec<_> = std::fs::read_dir(ctx8.file("journal"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let mut sorted = entries.clone();
    sorted.sort();
    let middle = &sorted[sorted.len() / 2];
    let text = std::fs::read_to_string(middle).unwrap();
    std::fs::write(
        middle,
        text.replace("\"by\": \"tester\"", "\"by\": \"mallory\""),
    )
    .unwrap();
    let (code, out) = verify(&ctx8);
    assert_eq!(code, 1);
    assert!(out.contains("was edited after it was written"), "{out}");
    std::fs::remove_file(middle).unwrap();
    let (code, out) = verify(&ctx8);
    assert_eq!(code, 1);
    assert!(
        out.contains("which is not in the journal: an entry was removed"),
        "{out}"
    );
}

#[test]
fn interrupted_writes_are_told_apart_from_tampering_and_completed_by_the_next_change() {
    let ctx = assessed();
    // A process killed after the journal entry, before answers.toml: the
    // change is recorded, then the old file is put back.
    let before = ctx.read("answers.toml");
    ctx.ok(&["answer", "AUTHN-01.2", "partial"]);
    ctx.write("answers.toml", &before);
    let (code, out) = verify(&ctx);
    assert_eq!(code, 0, "recoverable, not wrong: {out}");
    assert!(out.contains("INTERRUPTED"), "{out}");
    assert!(out.contains("does not show yet"), "{out}");
    assert!(!out.contains("PROBLEM"), "{out}");
    // The next change, to another question, rolls it forward.
    ctx.ok(&["answer", "VULN-01.1", "yes"]);
    assert!(ctx.read("answers.toml").contains("answer = \"partial\""));
    let (code, out) = verify(&ctx);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("INTERRUPTED"), "{out}");

    // A snapshot recorded but not appended.
    ctx.ok(&["score", "--record"]);
    let hist = ctx.read("history/scores.jsonl");
    let lines: Vec<&str> = hist.lines().collect();
    ctx.write(
        "history/scores.jsonl",
        &(lines[..lines.len() - 1].join("\n") + "\n"),
    );
    let (code, out) = verify(&ctx);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("INTERRUPTED") && out.contains("not in the file yet"),
        "{out}"
    );
    ctx.ok(&["answer", "VULN-01.2", "no"]);
    assert_eq!(
        ctx.read("history/scores.jsonl").lines().count(),
        lines.len()
    );

    // A run recorded but still in its .part file.
    let run = run_file(&ctx);
    let name = run.file_name().unwrap().to_string_lossy().to_string();
    std::fs::rename(&run, ctx.file(&format!("evidence/.{name}.part"))).unwrap();
    let (code, out) = verify(&ctx);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("still there"), "{out}");
    ctx.ok(&["answer", "AUTHN-01.3", "no"]);
    assert!(run.exists(), "the next change moves the run into place");
    let (code, out) = verify(&ctx);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("INTERRUPTED"), "{out}");
}

#[test]
fn a_signed_run_edited_without_the_key_fails_trust() {
    let ctx = TestContext::workspace();
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("ci.key");
    let out = ctx.ok(&["keygen", key.to_str().unwrap()]);
    let public = out
        .lines()
        .find_map(|l| l.strip_prefix("Public key: "))
        .unwrap()
        .to_string();
    let port = crate::http_support::closed_port();
    let cfg = ctx.read("apiassure.toml")
        + &format!("\n[[targets]]\nname = \"api\"\nurl = \"http://127.0.0.1:{port}/v1\"\n");
    ctx.write("apiassure.toml", &cfg);
    let signed = ctx
        .cmd(&["probe", "--quiet", "--timeout", "1"])
        .env("APIASSURE_SIGNING_KEY", &key)
        .output()
        .unwrap();
    assert!(signed.status.success(), "{}", stderr(&signed));
    let out = ctx.run(&["verify", "--trust", &public]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("signed by key fingerprints"),
        "{}",
        stdout(&out)
    );

    // A run stored without the key is not trusted.
    let unsigned = ctx.run(&["probe", "--quiet", "--timeout", "1"]);
    assert!(unsigned.status.success());
    let out = ctx.run(&["verify", "--trust", &public]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("not signed by the trusted key"),
        "{}",
        stdout(&out)
    );

    // Forging: edit the signed run and rewrite its journal entry's hash
    // without the key: the entry no longer verifies.
    let journal: Vec<_> = std::fs::read_dir(ctx.file("journal"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let probe_entry = journal
        .iter()
        .find(|p| {
            let t = std::fs::read_to_string(p).unwrap();
            t.contains("\"kind\": \"probe\"") && t.contains("\"signature\"")
        })
        .unwrap();
    let mut v: Value =
        serde_json::from_str(&std::fs::read_to_string(probe_entry).unwrap()).unwrap();
    v["change"]["sha256"] = Value::from("00".repeat(32));
    std::fs::write(probe_entry, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let out = ctx.run(&["verify", "--trust", &public]);
    assert_eq!(out.status.code(), Some(1));

    // --head: a state the journal contains, and one it does not.
    let (_, text) = verify(&ctx);
    let head = text
        .lines()
        .find_map(|l| l.strip_prefix("journal head: "))
        .map(|h| h[..16].to_string());
    if let Some(head) = head {
        let out = ctx.run(&["verify", "--head", &head]);
        assert!(
            !stdout(&out).contains("does not contain"),
            "{}",
            stdout(&out)
        );
    }
    let out = ctx.run(&["verify", "--head", "ffffffffffff"]);
    assert!(
        stdout(&out).contains("does not contain ffffffffffff"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn two_branches_answering_different_questions_merge_without_conflict() {
    if !crate::common::tool_available("git", &["--version"], "apt-get install git") {
        return;
    }
    let ctx = TestContext::workspace();
    let dir = ctx.path();
    ctx.ok(&["answer", "AUTHN-01.1", "yes"]);
    ctx.ok(&["score", "--record"]);
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "-A"],
        &["commit", "-q", "-m", "round 1"],
        &["checkout", "-q", "-b", "dana"],
    ] {
        assert!(git(dir, args).status.success(), "git {args:?}");
    }
    ctx.ok(&["answer", "AUTHN-01.2", "partial", "--by", "dana"]);
    ctx.ok(&["answer", "VULN-01.1", "yes", "--by", "dana"]);
    ctx.ok(&["score", "--record"]);
    assert!(git(dir, &["add", "-A"]).status.success());
    assert!(git(dir, &["commit", "-q", "-m", "dana"]).status.success());
    assert!(git(dir, &["checkout", "-q", "main"]).status.success());
    ctx.ok(&["answer", "AUTHN-01.3", "no", "--by", "lee"]);
    ctx.ok(&["answer", "CRYPTO-01.1", "yes", "--by", "lee"]);
    ctx.ok(&["score", "--record"]);
    assert!(git(dir, &["add", "-A"]).status.success());
    assert!(git(dir, &["commit", "-q", "-m", "lee"]).status.success());
    let merge = git(dir, &["merge", "-q", "--no-edit", "dana"]);
    assert!(
        merge.status.success(),
        "merge conflict: {}{}",
        String::from_utf8_lossy(&merge.stdout),
        String::from_utf8_lossy(&merge.stderr)
    );
    let (code, out) = verify(&ctx);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("journal heads: "),
        "two branches, two heads: {out}"
    );
    let answers = ctx.read("answers.toml");
    for q in [
        "AUTHN-01.1",
        "AUTHN-01.2",
        "AUTHN-01.3",
        "VULN-01.1",
        "CRYPTO-01.1",
    ] {
        assert!(answers.contains(q), "{q} lost in the merge");
    }
    // The next change ties both heads together.
    ctx.ok(&["answer", "AUTHN-01.4", "yes"]);
    let (code, out) = verify(&ctx);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("journal head: "), "{out}");
    let log = ctx.ok(&["log", "AUTHN-01.2"]);
    assert!(
        log.contains("AUTHN-01.2: (none) -> partial by dana"),
        "{log}"
    );
}

#[test]
fn three_rounds_read_as_history() {
    let ctx = TestContext::workspace();
    ctx.ok(&["answer", "AUTHN-01.1", "no"]);
    ctx.ok(&["score", "--record"]);
    ctx.ok(&["answer", "AUTHN-01.1", "partial", "--note", "rollout 50%"]);
    ctx.ok(&["score", "--record"]);
    ctx.ok(&["answer", "AUTHN-01.1", "yes", "--note", "all routes"]);
    ctx.ok(&["score", "--record"]);
    let json: Value = serde_json::from_str(&ctx.ok(&["history", "--json"])).unwrap();
    assert_eq!(json["schema_version"], 1);
    let snaps = json["snapshots"].as_array().unwrap();
    assert_eq!(snaps.len(), 3);
    let owasp = |s: &Value| {
        s["frameworks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == "owasp-api-2023")
            .unwrap()["score"]
            .as_f64()
            .unwrap()
    };
    assert!(owasp(&snaps[0]) < owasp(&snaps[1]) && owasp(&snaps[1]) < owasp(&snaps[2]));
    let table = ctx.ok(&["history", "--framework", "owasp-api-2023"]);
    assert!(table.contains("owasp-api-2023"), "{table}");
    assert!(table.contains("3 snapshots"), "{table}");
    let log = ctx.ok(&["log", "AUTHN-01.1"]);
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 3, "{log}");
    assert!(
        lines[1].contains("AUTHN-01.1: no -> partial by tester, note \"rollout 50%\""),
        "{log}"
    );
    assert!(lines[2].contains("partial -> yes"), "{log}");
}

#[test]
fn diff_names_the_control_and_the_answer_that_moved_it() {
    let ctx = TestContext::workspace();
    ctx.ok(&["answer", "AUTHN-01.1", "no"]);
    ctx.ok(&["score", "--record"]);
    ctx.ok(&["answer", "AUTHN-01.1", "yes", "--by", "dana"]);
    ctx.ok(&["score", "--record"]);
    let out = ctx.ok(&["diff"]);
    assert!(out.contains("Improved:"), "{out}");
    assert!(out.contains("AUTHN-01 "), "{out}");
    assert!(
        out.contains("answer AUTHN-01.1: no -> yes by dana"),
        "{out}"
    );
    let json: Value = serde_json::from_str(&ctx.ok(&["diff", "--json"])).unwrap();
    let moved = json["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "AUTHN-01")
        .unwrap();
    assert_eq!(moved["regressed"], false);
    // Going back is a regression, which CI can gate on.
    ctx.ok(&["answer", "AUTHN-01.1", "partial"]);
    ctx.ok(&["score", "--record"]);
    let out = ctx.run(&["diff", "--fail-on-regression"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("Regressed:"), "{}", stdout(&out));
    // From the first snapshot to the last by id and by `last`.
    let hist: Value = serde_json::from_str(&ctx.ok(&["history", "--json"])).unwrap();
    let first = hist["snapshots"][0]["id"].as_str().unwrap().to_string();
    let out = ctx.ok(&["diff", &first, "last"]);
    assert!(
        out.contains("no -> yes") && out.contains("yes -> partial"),
        "{out}"
    );
    let bad = ctx.run(&["diff", "zzzz"]);
    assert_eq!(bad.status.code(), Some(2));
}
