//! `apiassure catalog check` on broken fixtures: every error path names
//! file:line:column, quotes the bad value and exits 2.

use crate::common::{stderr, stdout, TestContext};

const QUESTIONNAIRE: &str = r#"schema_version = 1

[domain]
id = "authn"
title = "Authentication"

[[controls]]
id = "AUTHN-01"
title = "Strong authentication"
objective = "Only known callers reach the API."
guidance = "Use OAuth 2.0."
evidence = ["Gateway policy"]
owasp = ["API2:2023"]
checks = ["auth.required"]

[[controls.questions]]
id = "AUTHN-01.1"
text = "Do all endpoints require authentication?"
help = "Yes when every non-public endpoint returns 401 without credentials."

[[controls]]
id = "AUTHN-02"
title = "Token validation"
objective = "Tokens are checked."
guidance = "Validate iss, aud, exp."

[[controls.questions]]
id = "AUTHN-02.1"
text = "Are JWT claims validated?"
help = "Yes when iss, aud and exp are checked."
"#;

const FRAMEWORK: &str = r#"schema_version = 1

[framework]
id = "mini"
name = "Mini framework"

[[requirements]]
id = "M.1"
title = "Authentication"
summary = "Callers authenticate."
weight = 1.0
controls = ["AUTHN-01", "AUTHN-02"]
provenance = "editorial"
"#;

/// A standalone catalog with `q` and `f` as its two files; returns the
/// command's exit code and stderr.
fn check(q: &str, f: &str) -> (Option<i32>, String) {
    let ctx = TestContext::empty();
    ctx.write("cat/questionnaires/authn.toml", q);
    ctx.write("cat/frameworks/mini.toml", f);
    let out = ctx
        .cmd(&["catalog", "check", "--standalone", "cat"])
        .current_dir(ctx.path())
        .output()
        .unwrap();
    (out.status.code(), stderr(&out))
}

fn expect_error(q: &str, f: &str, expected: &str) {
    let (code, err) = check(q, f);
    assert_eq!(code, Some(2), "stderr: {err}");
    assert!(
        err.lines().any(|l| l == expected),
        "expected line\n  {expected}\nin\n{err}"
    );
}

#[test]
fn valid_fixture_passes() {
    let (code, err) = check(QUESTIONNAIRE, FRAMEWORK);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn toml_syntax_error_has_position() {
    let q = QUESTIONNAIRE.replace("title = \"Authentication\"", "title = \"Authentication");
    let (code, err) = check(&q, FRAMEWORK);
    assert_eq!(code, Some(2));
    assert!(err.starts_with("cat/questionnaires/authn.toml:5:"), "{err}");
}

#[test]
fn unknown_field_is_rejected_with_position() {
    let q = QUESTIONNAIRE.replace("owasp = [", "owsap = [");
    let (code, err) = check(&q, FRAMEWORK);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("cat/questionnaires/authn.toml:13:1: unknown field `owsap`"),
        "{err}"
    );
}

#[test]
fn unsupported_schema_version() {
    let f = FRAMEWORK.replace("schema_version = 1", "schema_version = 7");
    expect_error(
        QUESTIONNAIRE,
        &f,
        "cat/frameworks/mini.toml:1:18: schema_version 7 is not supported: this build reads version 1",
    );
}

#[test]
fn mapping_to_unknown_control() {
    let f = FRAMEWORK.replace("\"AUTHN-02\"]", "\"AUTHN-02\", \"SDLC-9\"]");
    expect_error(
        QUESTIONNAIRE,
        &f,
        "cat/frameworks/mini.toml:12:37: requirement 'M.1' maps to unknown control 'SDLC-9'",
    );
}

#[test]
fn control_not_reached_by_any_requirement() {
    let f = FRAMEWORK.replace(", \"AUTHN-02\"]", "]");
    expect_error(
        QUESTIONNAIRE,
        &f,
        "cat/questionnaires/authn.toml:22:6: control 'AUTHN-02' is not mapped by any framework requirement: map it or remove it",
    );
}

#[test]
fn duplicate_control_id() {
    let q = QUESTIONNAIRE
        .replace("id = \"AUTHN-02\"", "id = \"AUTHN-01\"")
        .replace("AUTHN-02.1", "AUTHN-01.9");
    expect_error(
        &q,
        FRAMEWORK,
        "cat/questionnaires/authn.toml:22:6: control id 'AUTHN-01' is defined twice (first at cat/questionnaires/authn.toml:8:6)",
    );
}

#[test]
fn duplicate_question_id() {
    let q = QUESTIONNAIRE.replace("AUTHN-02.1", "AUTHN-01.1");
    expect_error(
        &q,
        FRAMEWORK,
        "cat/questionnaires/authn.toml:22:6: question id 'AUTHN-01.1' of control 'AUTHN-02' is already used by control 'AUTHN-01'",
    );
}

#[test]
fn duplicate_requirement_id() {
    let f = format!(
        "{FRAMEWORK}\n[[requirements]]\nid = \"M.1\"\ntitle = \"Again\"\nsummary = \"s\"\nweight = 1\ncontrols = [\"AUTHN-01\"]\nprovenance = \"editorial\"\n"
    );
    expect_error(
        QUESTIONNAIRE,
        &f,
        "cat/frameworks/mini.toml:16:6: requirement id 'M.1' is used twice in framework 'mini' (first at line 8)",
    );
}

#[test]
fn unknown_check_id() {
    let q = QUESTIONNAIRE.replace("\"auth.required\"", "\"auth.requried\"");
    expect_error(
        &q,
        FRAMEWORK,
        "cat/questionnaires/authn.toml:14:11: control 'AUTHN-01' cites unknown check 'auth.requried' (known checks: `apiassure catalog list` or README)",
    );
}

#[test]
fn unknown_owasp_item() {
    let q = QUESTIONNAIRE.replace("\"API2:2023\"", "\"API11:2023\"");
    expect_error(
        &q,
        FRAMEWORK,
        "cat/questionnaires/authn.toml:13:10: control 'AUTHN-01' cites unknown OWASP item 'API11:2023': use API1:2023 .. API10:2023",
    );
}

#[test]
fn weights_must_be_sane() {
    for (bad, shown) in [("0", "0"), ("-2", "-2"), ("11", "11"), ("nan", "NaN")] {
        let f = FRAMEWORK.replace("weight = 1.0", &format!("weight = {bad}"));
        expect_error(
            QUESTIONNAIRE,
            &f,
            &format!("cat/frameworks/mini.toml:11:10: requirement 'M.1' has weight '{shown}': use a number above 0 and at most 10"),
        );
    }
}

#[test]
fn requirement_without_controls() {
    let f = FRAMEWORK.replace("controls = [\"AUTHN-01\", \"AUTHN-02\"]", "controls = []");
    let (code, err) = check(QUESTIONNAIRE, &f);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("cat/frameworks/mini.toml:12:12: requirement 'M.1' maps no controls: list at least one control id"),
        "{err}"
    );
}

#[test]
fn empty_texts_and_missing_questions() {
    let q = QUESTIONNAIRE.replace("objective = \"Tokens are checked.\"", "objective = \"  \"");
    expect_error(
        &q,
        FRAMEWORK,
        "cat/questionnaires/authn.toml:24:13: control objective is empty: write one",
    );
    let cut = QUESTIONNAIRE
        .split("\n[[controls.questions]]\nid = \"AUTHN-02.1\"")
        .next()
        .unwrap();
    expect_error(
        cut,
        FRAMEWORK,
        "cat/questionnaires/authn.toml:22:6: control 'AUTHN-02' has no questions: add at least one [[controls.questions]]",
    );
}

#[test]
fn all_problems_are_reported_at_once() {
    let q = QUESTIONNAIRE
        .replace("\"auth.required\"", "\"nope\"")
        .replace("\"API2:2023\"", "\"API0\"");
    let f = FRAMEWORK.replace("weight = 1.0", "weight = 0");
    let (code, err) = check(&q, &f);
    assert_eq!(code, Some(2));
    assert!(err.contains("3 problem(s)"), "{err}");
}

#[test]
fn workspace_overlay_adds_a_framework_and_overrides_a_control() {
    let ctx = TestContext::workspace();
    ctx.write(
        "frameworks/internal.toml",
        "schema_version = 1\n[framework]\nid = \"internal\"\nname = \"Internal API policy\"\n\
         [[requirements]]\nid = \"P-1\"\ntitle = \"Auth everywhere\"\nsummary = \"s\"\nweight = 2\n\
         controls = [\"AUTHN-01\"]\nprovenance = \"editorial\"\n",
    );
    let out = ctx.ok(&["catalog", "check"]);
    assert!(out.starts_with("catalog ok: 7 frameworks"), "{out}");
    let list = ctx.ok(&["catalog", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert!(v["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["id"] == "internal"));

    // The new framework scores once it is in scope.
    let cfg = ctx.read("apiassure.toml").replace(
        "frameworks = [\"iso27001-2022\"",
        "frameworks = [\"internal\", \"iso27001-2022\"",
    );
    ctx.write("apiassure.toml", &cfg);
    let card: serde_json::Value = serde_json::from_str(&ctx.ok(&["score", "--json"])).unwrap();
    assert_eq!(card["frameworks"][0]["id"], "internal");

    // A broken overlay is reported against the workspace file.
    ctx.write(
        "frameworks/internal.toml",
        "schema_version = 1\n[framework]\nid = \"internal\"\n",
    );
    let out = ctx.run(&["score"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("frameworks/internal.toml:"),
        "{}",
        stderr(&out)
    );
    let _ = stdout(&out);
}

#[test]
fn a_published_provenance_must_name_a_declared_source_with_document_and_version() {
    let f = FRAMEWORK.replace(
        "provenance = \"editorial\"",
        "provenance = \"some-mapping\"",
    );
    expect_error(
        QUESTIONNAIRE,
        &f,
        "cat/frameworks/mini.toml:13:14: requirement 'M.1' has provenance 'some-mapping', which names no [[sources]] entry of this file (known: none); use 'editorial' or declare the source with its document and version",
    );
    // Declared without a version: refused.
    let no_version = f.replace(
        "[[requirements]]",
        "[[sources]]\nid = \"some-mapping\"\ndocument = \"A mapping\"\n\n[[requirements]]",
    );
    let (code, err) = check(QUESTIONNAIRE, &no_version);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("missing field `version`"), "{err}");
    // Declared whole: accepted.
    let whole = f.replace(
        "[[requirements]]",
        "[[sources]]\nid = \"some-mapping\"\ndocument = \"A mapping\"\nversion = \"1.0\"\n\n[[requirements]]",
    );
    let (code, err) = check(QUESTIONNAIRE, &whole);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn with_iso_27001_in_the_catalog_every_control_must_reach_it() {
    // A second framework maps AUTHN-02; the ISO one does not.
    let iso = FRAMEWORK
        .replace("id = \"mini\"", "id = \"iso27001-2022\"")
        .replace(", \"AUTHN-02\"]", "]");
    let ctx = TestContext::empty();
    ctx.write("cat/questionnaires/authn.toml", QUESTIONNAIRE);
    ctx.write("cat/frameworks/iso.toml", &iso);
    ctx.write("cat/frameworks/mini.toml", FRAMEWORK);
    let out = ctx
        .cmd(&["catalog", "check", "--standalone", "cat"])
        .current_dir(ctx.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("control 'AUTHN-02' reaches no iso27001-2022 requirement"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_embedded_catalog_names_its_sources_and_labels_soc2_titles() {
    let catalog = apiassure::catalog::load_embedded().unwrap();
    let iso = catalog.framework("iso27001-2022").unwrap();
    for c in &catalog.controls {
        assert!(
            iso.requirements.iter().any(|r| r.controls.contains(&c.id)),
            "{} reaches no ISO requirement",
            c.id
        );
    }
    for f in &catalog.frameworks {
        for r in &f.requirements {
            if r.provenance != "editorial" {
                let src = f.sources.iter().find(|s| s.id == r.provenance).unwrap();
                assert!(!src.document.is_empty() && !src.version.is_empty());
                assert!(
                    r.provenance_note.starts_with("Editorial, then"),
                    "{} {}: the first step is always editorial",
                    f.id,
                    r.id
                );
            }
        }
    }
    let soc2 = catalog.framework("soc2").unwrap();
    assert!(soc2
        .requirements
        .iter()
        .all(|r| r.title.starts_with("label: ")));
    let nis2 = catalog.framework("nis2").unwrap();
    let j = nis2
        .requirements
        .iter()
        .find(|r| r.id == "Art.21(2)(j)")
        .unwrap();
    assert!(
        !j.controls.iter().any(|c| c.starts_with("CRYPTO")),
        "TLS is (h), not (j)"
    );
    let a826 = iso.requirements.iter().find(|r| r.id == "A.8.26").unwrap();
    assert_eq!(a826.controls, ["SDLC-02", "SDLC-04"]);
    let art23 = nis2.requirements.iter().find(|r| r.id == "Art.23").unwrap();
    assert!(art23
        .summary
        .contains("not later than one month after the incident notification"));
}
