//! Evidence you can trust, end to end with the real binary: the scores and
//! conflicts only ever move for a reason the output explains. A target that
//! goes down keeps its last conclusive results (the failed attempt shows
//! beside them), an ad-hoc URL never counts, a partial run (`--only tls`)
//! updates only what it covers, old results go stale, `na` needs a reason,
//! someone must be named as answering, and `--fail-on` gates CI.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;

use serde_json::Value;

use crate::common::{stderr, stdout, TestContext};

/// An HTTP/1.1 API on loopback that serves data without asking for
/// credentials (auth.required fails), until `stop` is called: then the
/// port is closed and connections are refused.
struct LeakyApi {
    port: u16,
    down: Arc<AtomicBool>,
}

impl LeakyApi {
    fn start() -> LeakyApi {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let down = Arc::new(AtomicBool::new(false));
        let flag = down.clone();
        thread::spawn(move || {
            while !flag.load(Ordering::SeqCst) {
                let Ok((stream, _)) = listener.accept() else {
                    thread::sleep(std::time::Duration::from_millis(5));
                    continue;
                };
                let _ = stream.set_nonblocking(false);
                thread::spawn(move || serve(stream));
            }
            // Dropping the listener closes the port: connections are refused.
        });
        LeakyApi { port, down }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/v1/orders", self.port)
    }

    fn stop(&self) {
        self.down.store(true, Ordering::SeqCst);
        // Wait until the port refuses.
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
                return;
            }
            thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("the test API did not go down");
    }
}

fn serve(mut stream: std::net::TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    loop {
        let mut content_length = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                content_length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; content_length.min(1 << 16)];
        let _ = reader.read_exact(&mut body);
        let data = r#"{"orders":[{"id":1}]}"#;
        let resp = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{data}",
            data.len()
        );
        if stream.write_all(resp.as_bytes()).is_err() {
            return;
        }
    }
}

fn declare(ctx: &TestContext, name: &str, url: &str) {
    let cfg = ctx.read("apiassure.toml")
        + &format!("\n[[targets]]\nname = \"{name}\"\nurl = \"{url}\"\n");
    ctx.write("apiassure.toml", &cfg);
}

fn card(ctx: &TestContext) -> Value {
    serde_json::from_str(&ctx.ok(&["score", "--json"])).unwrap()
}

fn control<'a>(card: &'a Value, id: &str) -> &'a Value {
    card["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
}

/// What an auditor compares between two runs: every framework's score and
/// band, and the conflicts.
fn scores(card: &Value) -> (Vec<(String, Value, Value)>, Value) {
    (
        card["frameworks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["id"].as_str().unwrap().to_string(),
                    f["score"].clone(),
                    f["band"].clone(),
                )
            })
            .collect(),
        card["conflicts"].clone(),
    )
}

#[test]
fn a_target_that_goes_down_or_an_adhoc_url_never_moves_scores_or_hides_a_conflict() {
    let api = LeakyApi::start();
    let other = LeakyApi::start();
    let ctx = TestContext::workspace();
    declare(&ctx, "orders", &api.url());
    ctx.ok(&["answer", "AUTHN-01.1", "yes"]);

    let first = ctx.run(&["probe", "--timeout", "2"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let before = card(&ctx);
    let authn = control(&before, "AUTHN-01");
    assert!(
        authn["conflict"].is_object(),
        "auth.required fails: {authn}"
    );
    assert_eq!(
        before["evidence"]["current"],
        before["evidence"]["expected"]
    );

    // The API goes down: every check errors, yet nothing moves.
    api.stop();
    let second = ctx.run(&["probe", "--timeout", "2"]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    let out = stdout(&second);
    assert!(out.contains("ERROR"), "{out}");
    assert!(
        out.contains("the earlier result stays current: fail"),
        "{out}"
    );
    let after_down = card(&ctx);
    assert_eq!(
        scores(&after_down),
        scores(&before),
        "a dead endpoint moved the scores"
    );
    let authn = control(&after_down, "AUTHN-01");
    let required = authn["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "auth.required")
        .unwrap();
    assert_eq!(required["result"], "fail");
    let attempt = required["last_attempt"].as_str().unwrap();
    assert!(
        attempt.contains("refused") || attempt.contains("connect"),
        "{attempt}"
    );
    assert!(after_down["evidence"]["failed_attempts"].as_u64().unwrap() > 0);
    let explained = ctx.ok(&["score", "--explain", "--framework", "owasp-api-2023"]);
    assert!(explained.contains("last attempt failed:"), "{explained}");

    // An ad-hoc URL is probed, stored marked ad hoc, and counts for nothing.
    let adhoc = ctx.run(&["probe", "--timeout", "2", &other.url()]);
    assert_eq!(adhoc.status.code(), Some(0), "{}", stderr(&adhoc));
    assert!(stderr(&adhoc).contains("is not declared in apiassure.toml"));
    assert!(stdout(&adhoc).contains("[ad hoc: not scored]"));
    let after_adhoc = card(&ctx);
    assert_eq!(scores(&after_adhoc), scores(&before));
    assert_eq!(after_adhoc["evidence"]["runs"], 3);
    assert_eq!(after_adhoc["evidence"]["targets"], 1);
}

#[test]
fn fail_on_gates_ci_on_current_results() {
    let api = LeakyApi::start();
    let ctx = TestContext::workspace();
    declare(&ctx, "orders", &api.url());
    let fail = ctx.run(&["probe", "--timeout", "2", "--fail-on", "fail"]);
    assert_eq!(fail.status.code(), Some(1), "{}", stderr(&fail));
    assert!(
        stderr(&fail).contains("fail-on fail: auth.required on orders: fail"),
        "{}",
        stderr(&fail)
    );
    // Nothing answered yes: no conflict yet.
    let conflict = ctx.run(&["probe", "--timeout", "2", "--fail-on", "conflict"]);
    assert_eq!(conflict.status.code(), Some(0), "{}", stderr(&conflict));
    ctx.ok(&["answer", "AUTHN-01.1", "yes"]);
    let conflict = ctx.run(&["probe", "--timeout", "2", "--fail-on", "conflict"]);
    assert_eq!(conflict.status.code(), Some(1), "{}", stderr(&conflict));
    // Down: the newest attempts failed, which `--fail-on error` reports.
    api.stop();
    let error = ctx.run(&["probe", "--timeout", "2", "--fail-on", "error"]);
    assert_eq!(error.status.code(), Some(1), "{}", stderr(&error));
    assert!(
        stderr(&error).contains("newest attempt failed"),
        "{}",
        stderr(&error)
    );
    // Bad input stays exit 2.
    let bad = ctx.run(&["probe", "--fail-on", "sometimes"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_partial_run_updates_only_the_checks_it_covers() {
    // An https target whose TLS port is closed: TLS checks error, HTTP
    // checks error. First a full run against a live HTTP API on another
    // declared target, then `--only tls` must leave its HTTP results be.
    let api = LeakyApi::start();
    let ctx = TestContext::workspace();
    declare(&ctx, "orders", &api.url());
    ctx.ok(&["probe", "--timeout", "2"]);
    let before = card(&ctx);
    // `--only tls` on an http target runs nothing for it: nothing changes.
    ctx.ok(&["probe", "--timeout", "2", "--only", "tls"]);
    let after = card(&ctx);
    assert_eq!(scores(&after), scores(&before));
    assert_eq!(after["evidence"]["current"], before["evidence"]["current"]);
    assert_eq!(after["evidence"]["runs"], 2);
}

#[test]
fn old_results_go_stale_stop_counting_and_block_ready() {
    use apiassure::model::evidence::EVIDENCE_SCHEMA_VERSION;
    use apiassure::model::{CheckOutcome, CheckResult, EvidenceRun, TargetEvidence};
    let ctx = TestContext::workspace();
    declare(&ctx, "orders", "http://127.0.0.1:9/v1");
    let ws = apiassure::workspace::Workspace::open(ctx.path()).unwrap();
    // A run from 200 days ago, built in the test: the product's clock is real.
    let old = chrono::Utc::now() - chrono::Duration::days(200);
    let mut run = EvidenceRun {
        schema_version: EVIDENCE_SCHEMA_VERSION,
        run_id: String::new(),
        tool: "apiassure".into(),
        tool_version: "test".into(),
        started_at: old,
        finished_at: old,
        settings: Value::Null,
        targets: vec![TargetEvidence {
            url: "http://127.0.0.1:9/v1".into(),
            name: Some("orders".into()),
            tls: None,
            http: None,
            traffic: None,
            checks: vec![
                CheckResult::new(
                    apiassure::checks::CheckId::AuthRequired,
                    CheckOutcome::Pass,
                    "401 with a challenge",
                ),
                CheckResult::new(
                    apiassure::checks::CheckId::HttpNosniff,
                    CheckOutcome::Fail,
                    "nosniff missing",
                ),
            ],
            adhoc: false,
            probed_at: Some(old),
        }],
    };
    // Stored as `probe` stores a run: recorded in the journal (a run file
    // nobody recorded never counts).
    let mut assessment = apiassure::assessment::Assessment::load(&ws).unwrap();
    apiassure::assessment::store_run(&ws, &mut assessment, &mut run).unwrap();
    let c = card(&ctx);
    assert_eq!(c["evidence"]["current"], 0);
    assert_eq!(c["evidence"]["stale"], 2);
    let required = control(&c, "AUTHN-01")["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["check"] == "auth.required")
        .unwrap()
        .clone();
    assert_eq!(required["stale"], true);
    assert!(required["points"].is_null(), "a stale pass earns nothing");
    let text = ctx.ok(&["score", "--explain"]);
    assert!(text.contains("stale, observed"), "{text}");
    // With evidence_max_age_days raised, the same results are current again.
    let cfg = ctx
        .read("apiassure.toml")
        .replace("evidence_max_age_days = 90", "evidence_max_age_days = 365");
    ctx.write("apiassure.toml", &cfg);
    let c = card(&ctx);
    assert_eq!(c["evidence"]["current"], 2);
    assert_eq!(c["evidence"]["stale"], 0);
}

#[test]
fn na_needs_a_reason_and_an_unexplained_one_is_not_assessed() {
    let ctx = TestContext::workspace();
    let out = ctx.run(&["answer", "AUTHN-01.1", "na"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("'na' needs a reason: add --note"),
        "{}",
        stderr(&out)
    );
    assert!(!ctx.read("answers.toml").contains("AUTHN-01.1"));
    ctx.ok(&["answer", "AUTHN-01.1", "na", "--note", "no user-facing API"]);
    let c = card(&ctx);
    assert!(c["unjustified_na"].as_array().unwrap().is_empty());
    // A hand edit that drops the reason makes it count as not assessed.
    let text = ctx
        .read("answers.toml")
        .replace("note = \"no user-facing API\"\n", "");
    ctx.write("answers.toml", &text);
    let c = card(&ctx);
    assert_eq!(c["unjustified_na"][0], "AUTHN-01.1");
    let q = &control(&c, "AUTHN-01")["questions"][0];
    assert_eq!(
        (q["not_assessed"].as_bool(), q["points"].as_f64()),
        (Some(true), Some(0.0))
    );
    assert!(ctx.ok(&["score"]).contains("n/a without a reason"));
}

#[test]
fn answering_every_question_na_without_reasons_reaches_no_band() {
    let ctx = TestContext::workspace();
    let ws = apiassure::workspace::Workspace::open(ctx.path()).unwrap();
    let catalog = ws.catalog().unwrap();
    ws.update_answers(|set| {
        for (_, q) in catalog.questions() {
            set.set(
                &q.id,
                apiassure::model::AnswerValue::Na,
                "tester",
                chrono::Utc::now(),
            );
        }
    })
    .unwrap();
    let c = card(&ctx);
    for f in c["frameworks"].as_array().unwrap() {
        assert_eq!(f["band"], "insufficient-coverage", "{}", f["id"]);
        assert_ne!(f["score"], 100.0, "{}", f["id"]);
    }
}

#[test]
fn someone_must_be_named_as_answering() {
    let ctx = TestContext::workspace();
    let home = tempfile::tempdir().unwrap();
    let nobody = |args: &[&str]| {
        ctx.cmd(args)
            .env_remove("APIASSURE_USER")
            .env_remove("USER")
            .env_remove("USERNAME")
            .env_remove("LOGNAME")
            .env("HOME", home.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", home.path().join("none"))
            .output()
            .unwrap()
    };
    let out = nobody(&["answer", "AUTHN-01.1", "yes"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("who is answering is not known"),
        "{}",
        stderr(&out)
    );
    assert!(!ctx.read("answers.toml").contains("AUTHN-01.1"));
    let out = nobody(&["answer", "AUTHN-01.1", "yes", "--by", "Dana Lee"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(ctx.read("answers.toml").contains("by = \"Dana Lee\""));
    // git's user.name and user.email are used when nothing else names anyone.
    if crate::common::tool_available("git", &["--version"], "apt-get install git") {
        std::fs::write(
            home.path().join("gitconfig"),
            "[user]\n\tname = Sam Roe\n\temail = sam@example.test\n",
        )
        .unwrap();
        let out = ctx
            .cmd(&["answer", "AUTHN-01.2", "no"])
            .env_remove("APIASSURE_USER")
            .env_remove("USER")
            .env("HOME", home.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", home.path().join("gitconfig"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(
            ctx.read("answers.toml")
                .contains("by = \"Sam Roe <sam@example.test>\""),
            "{}",
            ctx.read("answers.toml")
        );
    }
    // Re-answering keeps the earlier note and says whose answer changed.
    ctx.ok(&["answer", "AUTHN-01.3", "yes", "--note", "gateway policy"]);
    let out = ctx.ok(&["answer", "AUTHN-01.3", "partial", "--by", "Lee"]);
    assert!(out.contains("was yes by tester"), "{out}");
    assert!(out.contains("their note is kept"), "{out}");
    assert!(ctx
        .read("answers.toml")
        .contains("note = \"gateway policy\""));
}

#[test]
fn fail_under_accepts_scores_only() {
    let ctx = TestContext::workspace();
    for bad in ["--fail-under=180", "--fail-under=-1"] {
        let out = ctx.run(&["score", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(stderr(&out).contains("out of range"), "{}", stderr(&out));
    }
}

#[test]
fn a_missing_ledger_is_rebuilt_from_the_runs_and_saved_once() {
    let api = LeakyApi::start();
    let ctx = TestContext::workspace();
    declare(&ctx, "orders", &api.url());
    ctx.ok(&["probe", "--timeout", "2"]);
    let before = card(&ctx);
    // As after a fresh clone: the ledger is derived and not committed.
    std::fs::remove_file(ctx.file("evidence/ledger.json")).unwrap();
    let after = card(&ctx);
    assert_eq!(scores(&after), scores(&before));
    assert_eq!(after["evidence"]["current"], before["evidence"]["current"]);
    assert!(
        ctx.file("evidence/ledger.json").exists(),
        "saved for the next reader"
    );
    assert!(ctx.read(".gitignore").contains("evidence/ledger.json"));
}
