//! `apiassure lint`: each rule on a document with one planted problem (and
//! nothing else found), a hardened document with no findings, the JSON and
//! SARIF outputs validated against their schemas, and the exit codes.

use serde_json::Value;

use crate::common::{stderr, stdout, TestContext};

fn clean() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openapi/clean.yaml"),
    )
    .unwrap()
}

/// The rules `lint --json` reports for `doc`, sorted and deduplicated.
fn rules_found(ctx: &TestContext, doc: &str) -> Vec<String> {
    ctx.write("api.yaml", doc);
    let out = ctx.run(&["lint", "api.yaml", "--json", "--fail-on", "never"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mut rules: Vec<String> = v["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    rules.sort();
    rules.dedup();
    rules
}

fn planted(from: &str, to: &str) -> String {
    let doc = clean();
    assert!(doc.contains(from), "the fixture lacks {from:?}");
    doc.replacen(from, to, 1)
}

#[test]
fn a_hardened_document_has_no_findings() {
    let ctx = TestContext::empty();
    assert_eq!(rules_found(&ctx, &clean()), Vec::<String>::new());
}

/// A planted case from `tests/fixtures/openapi/planted.json`, applied to
/// the hardened document (the Spectral comparison script reads the same file).
fn apply(case: &Value) -> String {
    let mut doc = clean();
    for e in case["edits"].as_array().unwrap() {
        let (from, to) = (e["from"].as_str().unwrap(), e["to"].as_str().unwrap());
        assert!(
            doc.contains(from),
            "{}: the fixture lacks {from:?}",
            case["name"]
        );
        doc = if e["all"] == true {
            doc.replace(from, to)
        } else {
            doc.replacen(from, to, 1)
        };
    }
    doc
}

#[test]
fn each_rule_finds_its_planted_problem_and_nothing_else() {
    let ctx = TestContext::empty();
    let fixture: Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/openapi/planted.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut failures = Vec::new();
    let mut covered = std::collections::BTreeSet::new();
    for case in fixture["cases"].as_array().unwrap() {
        let expected: Vec<String> = case["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap().to_string())
            .collect();
        let found = rules_found(&ctx, &apply(case));
        covered.extend(expected.iter().cloned());
        if found != expected {
            failures.push(format!(
                "{}: expected {expected:?}, found {found:?}",
                case["name"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for rule in apiassure::design::RULES {
        assert!(covered.contains(rule.id), "no planted case for {}", rule.id);
    }
}

#[test]
fn findings_carry_pointer_line_column_owasp_and_controls_and_match_the_schema() {
    let ctx = TestContext::empty();
    let doc = planted(
        "                reason: {type: string, maxLength: 500}\n",
        "                reason: {type: string}\n",
    );
    ctx.write("api.yaml", &doc);
    let out = ctx.run(&["lint", "api.yaml", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "warnings do not fail by default"
    );
    let text = stdout(&out);
    crate::schema::valid("lint.schema.json", &text);
    let v: Value = serde_json::from_str(&text).unwrap();
    let f = &v["documents"][0]["findings"][0];
    assert_eq!(f["rule"], "openapi.schema.unbounded-string");
    assert_eq!(f["severity"], "warning");
    assert_eq!(
        f["pointer"],
        "/paths/~1admin~1refunds/post/requestBody/content/application~1json/schema/properties/reason"
    );
    let line = doc
        .lines()
        .position(|l| l.contains("reason: {type: string}"))
        .unwrap()
        + 1;
    assert_eq!(f["line"], line);
    assert_eq!(f["column"], 17);
    assert_eq!(f["owasp"], "API4:2023");
    let controls: Vec<&str> = f["controls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(
        controls.contains(&"RATE-02") && controls.contains(&"INPUT-01"),
        "{controls:?}"
    );
    // --fail-on warning turns it into a gate; an error fails by default.
    assert_eq!(
        ctx.run(&["lint", "api.yaml", "--fail-on", "warning"])
            .status
            .code(),
        Some(1)
    );
    ctx.write(
        "bad.yaml",
        &planted(
            "  - url: https://api.example.com/v2\n",
            "  - url: http://api.example.com/v2\n",
        ),
    );
    assert_eq!(ctx.run(&["lint", "bad.yaml"]).status.code(), Some(1));
}

#[test]
fn the_table_reads_like_a_code_review() {
    let ctx = TestContext::empty();
    ctx.write(
        "api.yaml",
        &planted(
            "        - oauth: [orders:admin]\n",
            "        - oauth: [orders:write]\n",
        ),
    );
    let out = ctx.ok(&["lint", "api.yaml"]);
    let line = clean()
        .lines()
        .position(|l| l.starts_with("  /admin/refunds:"))
        .unwrap()
        + 2;
    assert!(
        out.contains(&format!("api.yaml:{line}:5: warning [openapi.security.admin-same] POST /admin/refunds needs only what POST /orders needs")),
        "{out}"
    );
    assert!(
        out.contains("    post:"),
        "the offending line is quoted:\n{out}"
    );
    assert!(
        out.contains("evidence for AUTHZ-01, AUTHZ-02, SDLC-03"),
        "{out}"
    );
    assert!(out.contains("0 error(s), 1 warning(s)"), "{out}");
}

#[test]
fn sarif_is_valid_and_located_in_the_document() {
    let ctx = TestContext::empty();
    ctx.write(
        "api docs.yaml",
        &planted("        enum: [https]\n", "        enum: [https, http]\n"),
    );
    let out = ctx.run(&["lint", "api docs.yaml", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1), "an error finding fails");
    let text = stdout(&out);
    let v: Value = serde_json::from_str(&text).unwrap();
    crate::common::assert_valid_sarif(&v);
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), apiassure::design::RULES.len());
    assert!(
        rules
            .iter()
            .all(|r| r["help"]["text"].is_string()
                && r["properties"]["security-severity"].is_string())
    );
    let r = &run["results"][0];
    assert_eq!(r["ruleId"], "openapi.servers.http");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "api%20docs.yaml");
    let line = clean()
        .lines()
        .position(|l| l.contains("{scheme}://sandbox"))
        .unwrap()
        + 1;
    assert_eq!(loc["region"]["startLine"], line);
    assert!(
        r["partialFingerprints"]["apiassureFinding/v1"]
            .as_str()
            .unwrap()
            .len()
            == 64
    );
    // The fingerprint survives lines moving above the finding.
    ctx.write(
        "api docs.yaml",
        &format!(
            "# a new comment\n{}",
            planted("        enum: [https]\n", "        enum: [https, http]\n")
        ),
    );
    let moved: Value = serde_json::from_str(&stdout(&ctx.run(&[
        "lint",
        "api docs.yaml",
        "--format",
        "sarif",
    ])))
    .unwrap();
    assert_eq!(
        moved["runs"][0]["results"][0]["partialFingerprints"],
        r["partialFingerprints"]
    );
    assert_eq!(
        moved["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        line + 1
    );
}

#[test]
fn bad_documents_get_clear_errors() {
    let ctx = TestContext::empty();
    ctx.write("swagger.yaml", "swagger: '1.2'\napis: []\n");
    let out = ctx.run(&["lint", "swagger.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("swagger.yaml: swagger \"1.2\" is not 2.0"),
        "{}",
        stderr(&out)
    );
    ctx.write("broken.yaml", "openapi: 3.1.0\npaths: {a: [1, 2}\n");
    let out = ctx.run(&["lint", "broken.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("broken.yaml: not valid YAML or JSON at line 2"),
        "{}",
        stderr(&out)
    );
    let out = ctx.run(&["lint", "missing.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.yaml"), "{}", stderr(&out));
    let out = ctx.run(&["lint"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no files given and no workspace"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn json_documents_are_located_too() {
    let ctx = TestContext::empty();
    ctx.write(
        "api.json",
        "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\", \"version\": \"1\"},\n  \"servers\": [{\"url\": \"http://api.test/v1\"}],\n  \"security\": [{\"k\": []}],\n  \"paths\": {},\n  \"components\": {\"securitySchemes\": {\"k\": {\"type\": \"http\", \"scheme\": \"bearer\"}}}\n}\n",
    );
    let v: Value =
        serde_json::from_str(&ctx.ok(&["lint", "api.json", "--json", "--fail-on", "never"]))
            .unwrap();
    let f = &v["documents"][0]["findings"][0];
    assert_eq!(f["rule"], "openapi.servers.http");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(4), Some(16))
    );
}

#[test]
fn probe_reviews_the_declared_document_and_the_findings_lower_the_controls() {
    let ctx = TestContext::workspace();
    let port = crate::http_support::closed_port();
    ctx.write(
        "openapi.yaml",
        &planted(
            "                reason: {type: string, maxLength: 500}\n",
            "                reason: {type: string}\n",
        ),
    );
    let cfg = ctx.read("apiassure.toml")
        + &format!("\n[[targets]]\nname = \"orders\"\nurl = \"http://127.0.0.1:{port}/v2/orders\"\nopenapi = \"openapi.yaml\"\n");
    ctx.write("apiassure.toml", &cfg);
    ctx.ok(&["answer", "RATE-02.1", "yes"]);
    ctx.ok(&["probe", "--quiet", "--timeout", "1"]);
    let run: Value = serde_json::from_str(&ctx.ok(&["evidence", "show"])).unwrap();
    let checks = run["targets"][0]["checks"].as_array().unwrap();
    let get = |id: &str| {
        checks
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    // The document is reviewed even though the API is down.
    assert_eq!(get("openapi.resources")["result"], "warn");
    assert_eq!(get("openapi.auth")["result"], "pass");
    let line = ctx
        .read("openapi.yaml")
        .lines()
        .position(|l| l.contains("reason: {type: string}"))
        .unwrap()
        + 1;
    assert!(
        get("openapi.resources")["details"][0]
            .as_str()
            .unwrap()
            .contains(&format!(
                "openapi.yaml:{line}:17 openapi.schema.unbounded-string"
            )),
        "{}",
        get("openapi.resources")
    );
    let explain = ctx.ok(&["score", "--explain", "--framework", "owasp-api-2023"]);
    assert!(
        explain.contains(&format!("openapi.resources on orders: warn (openapi.yaml: 1 finding: openapi.schema.unbounded-string at line {line}:17")),
        "{explain}"
    );
    // A target without a document is not expected to have design evidence.
    let score: Value = serde_json::from_str(&ctx.ok(&["score", "--json"])).unwrap();
    let rate02 = score["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "RATE-02")
        .unwrap();
    assert_eq!(rate02["evidence_expected"], 1);
    assert_eq!(rate02["automated"], 50.0);
}

#[test]
fn swagger_2_documents_are_reviewed_and_located_as_written() {
    let ctx = TestContext::empty();
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/openapi/swagger2.yaml"),
    )
    .unwrap();
    ctx.write("gw.yaml", &text);
    let out = ctx.run(&["lint", "gw.yaml", "--json", "--fail-on", "never"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let findings = v["documents"][0]["findings"].as_array().unwrap();
    let at = |rule: &str| -> Vec<(u64, String)> {
        findings
            .iter()
            .filter(|f| f["rule"] == rule)
            .map(|f| {
                (
                    f["line"].as_u64().unwrap(),
                    f["pointer"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1;
    assert_eq!(
        at("openapi.servers.http"),
        vec![(line_of("schemes: [http"), "/schemes/0".to_string())]
    );
    assert_eq!(at("openapi.security.missing")[0].0, line_of("security: []"));
    assert_eq!(
        at("openapi.params.credential-in-query")[0].0,
        line_of("name: access_token")
    );
    let sensitive = at("openapi.schema.sensitive-response");
    assert_eq!(sensitive[0].0, line_of("password: {type: string}"));
    assert!(
        sensitive[0].1.starts_with("/definitions/User"),
        "{sensitive:?}"
    );
    // A document that cannot be reviewed never reads like a clean one.
    ctx.write("old.yaml", "swagger: \"1.2\"\napis: []\n");
    let out = ctx.run(&["lint", "gw.yaml", "old.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let table = stdout(&out);
    assert!(table.contains("old.yaml: cannot review"), "{table}");
    assert!(
        table.contains("in 1 document(s) reviewed; 1 NOT reviewed"),
        "{table}"
    );
}

#[test]
fn references_to_files_beside_the_document_are_followed_and_others_named() {
    let ctx = TestContext::empty();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openapi/multi");
    for rel in [
        "api.yaml",
        "paths/users.yaml",
        "paths/admin.yaml",
        "schemas/user.yaml",
        "schemas/problem.yaml",
    ] {
        ctx.write(
            &format!("spec/{rel}"),
            &std::fs::read_to_string(src.join(rel)).unwrap(),
        );
    }
    // A reference through a symbolic link to a file elsewhere.
    ctx.write("elsewhere/secret.yaml", "type: string\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        ctx.file("elsewhere/secret.yaml"),
        ctx.file("spec/schemas/linked.yaml"),
    )
    .unwrap();
    let api = ctx.read("spec/api.yaml").replace(
        "components:\n",
        "  /linked:\n    get:\n      operationId: linked\n      responses:\n        \"200\": {description: x, content: {application/json: {schema: {$ref: \"schemas/linked.yaml\"}}}}\ncomponents:\n",
    );
    ctx.write("spec/api.yaml", &api);
    let out = ctx.run(&["lint", "spec/api.yaml", "--json", "--fail-on", "never"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let findings = v["documents"][0]["findings"].as_array().unwrap();
    let has = |rule: &str, text: &str| {
        findings
            .iter()
            .any(|f| f["rule"] == rule && f["message"].as_str().unwrap().contains(text))
    };
    // Behind the references: an unsecured admin DELETE, an open request
    // body and a password in a response, each naming its file.
    assert!(
        has("openapi.security.missing", "in paths/admin.yaml#/adminUser"),
        "{findings:#?}"
    );
    assert!(has(
        "openapi.schema.mass-assignment",
        "in schemas/user.yaml#/UserInput"
    ));
    assert!(has(
        "openapi.schema.sensitive-response",
        "in schemas/user.yaml#/User"
    ));
    // Not followed, and named: remote, outside the tree, through a link.
    assert!(has(
        "openapi.refs.not-followed",
        "https://schemas.example.com/partner.json"
    ));
    assert!(has(
        "openapi.refs.not-followed",
        "outside the document's folder tree"
    ));
    #[cfg(unix)]
    assert!(has("openapi.refs.not-followed", "through a symbolic link"));
    // The found problems are located where the $ref brought them in.
    let admin = findings
        .iter()
        .find(|f| f["rule"] == "openapi.security.missing")
        .unwrap();
    let line = api
        .lines()
        .position(|l| l.contains("/admin/users/{userId}:"))
        .unwrap()
        + 1;
    assert_eq!(admin["line"].as_u64().unwrap() as usize, line);
}
