//! Every JSON the CLI prints carries `schema_version` and validates against
//! its JSON Schema in `docs/schema/`, on a workspace with answers, a probe
//! run, snapshots and journal entries.

use serde_json::Value;

use crate::common::TestContext;

fn schema(name: &str) -> jsonschema::Validator {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/schema")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&value).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn valid(name: &str, doc: &str) {
    let v: Value = serde_json::from_str(doc).unwrap_or_else(|e| panic!("{name}: {e}\n{doc}"));
    let validator = schema(name);
    let errors: Vec<String> = validator
        .iter_errors(&v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name}:\n{}", errors.join("\n"));
    assert!(
        v["schema_version"].is_number(),
        "{name} has no schema_version"
    );
}

#[test]
fn every_json_output_matches_its_schema() {
    let ctx = TestContext::workspace();
    let port = crate::http_support::closed_port();
    let cfg = ctx.read("apiassure.toml")
        + &format!("\n[[targets]]\nname = \"api\"\nurl = \"http://127.0.0.1:{port}/v1\"\n");
    ctx.write("apiassure.toml", &cfg);
    ctx.ok(&["answer", "AUTHN-01.1", "yes", "--note", "gateway"]);
    ctx.ok(&["answer", "AUTHN-01.2", "na", "--note", "no partners"]);
    ctx.ok(&["score", "--record"]);
    ctx.ok(&["probe", "--quiet", "--timeout", "1"]);
    ctx.ok(&["answer", "AUTHN-01.3", "no"]);
    ctx.ok(&["score", "--record"]);
    valid("score.schema.json", &ctx.ok(&["score", "--json"]));
    valid("questions.schema.json", &ctx.ok(&["questions", "--json"]));
    valid(
        "evidence-list.schema.json",
        &ctx.ok(&["evidence", "list", "--json"]),
    );
    valid("history.schema.json", &ctx.ok(&["history", "--json"]));
    valid("diff.schema.json", &ctx.ok(&["diff", "--json"]));
    valid("verify.schema.json", &ctx.ok(&["verify", "--json"]));
    valid("log.schema.json", &ctx.ok(&["log", "--json"]));
    valid("log.schema.json", &ctx.ok(&["log", "AUTHN-01.1", "--json"]));
    ctx.ok(&[
        "answer",
        "AUTHN-01.1",
        "partial",
        "--evidence",
        "https://wiki/gw",
    ]);
    let questions = ctx.ok(&["questions", "--format", "json"]);
    valid("questions.schema.json", &questions);
    assert!(
        questions.contains("\"https://wiki/gw\""),
        "links are in the JSON"
    );
    // The JSON report, with an attachment, an SoA decision, a pack and an
    // approval in its document control.
    ctx.write("policy.txt", "policy");
    ctx.ok(&[
        "answer",
        "AUTHN-01.1",
        "--attach",
        "policy.txt",
        "--covers",
        "2026-01-01..2026-06-30",
    ]);
    ctx.ok(&[
        "soa",
        "A.7.1",
        "excluded",
        "--justification",
        "cloud hosted",
    ]);
    ctx.ok(&["report", "--pack", "-o", "pack"]);
    ctx.ok(&[
        "approve",
        "--report",
        "--role",
        "System owner",
        "--by",
        "Sam",
    ]);
    valid("report.schema.json", &ctx.read("pack/report.json"));
    let now = ctx.ok(&["report", "--format", "json", "-o", "-"]);
    valid("report.schema.json", &now);
    let v: Value = serde_json::from_str(&now).unwrap();
    assert_eq!(v["report"]["revision_history"][0]["version"], 1);
    assert_eq!(v["report"]["approvals"][0]["by"], "Sam");
    // It rejects a report whose SoA lost a control.
    let mut broken = v.clone();
    broken["statement_of_applicability"]["rows"]
        .as_array_mut()
        .unwrap()
        .pop();
    assert!(!schema("report.schema.json").is_valid(&broken));
}

#[test]
fn a_schema_rejects_what_it_should() {
    let bad = r#"{"schema_version": 1, "questions": [{"id": "X"}]}"#;
    let v: Value = serde_json::from_str(bad).unwrap();
    assert!(!schema("questions.schema.json").is_valid(&v));
}
