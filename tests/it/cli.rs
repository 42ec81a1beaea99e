//! The command line as a user meets it: init, answer, questions, score (table,
//! JSON, CI gate, explanation), catalog list, evidence verify.

use std::collections::BTreeSet;

use apiassure::model::{Answer, AnswerValue};
use apiassure::workspace::Workspace;
use chrono::Utc;
use serde_json::Value;

use crate::common::{stderr, stdout, TestContext};

fn answer_all(ctx: &TestContext, value: AnswerValue) {
    let ws = Workspace::open(ctx.path()).unwrap();
    let catalog = ws.catalog().unwrap();
    ws.update_answers(|set| {
        for (_, q) in catalog.questions() {
            set.answers.insert(
                q.id.clone(),
                Answer {
                    answer: value,
                    note: if value == AnswerValue::Na {
                        "out of scope for this test".into()
                    } else {
                        String::new()
                    },
                    evidence: vec![],
                    by: "tester".into(),
                    at: Utc::now(),
                    review_by: None,
                    approval: None,
                    acceptance: None,
                    attachments: Vec::new(),
                },
            );
        }
    })
    .unwrap();
}

fn scores(ctx: &TestContext) -> Vec<(String, Option<f64>)> {
    let v: Value = serde_json::from_str(&ctx.ok(&["score", "--json"])).unwrap();
    v["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["id"].as_str().unwrap().to_string(), f["score"].as_f64()))
        .collect()
}

#[test]
fn all_yes_scores_100_and_one_no_lowers_exactly_the_mapped_frameworks() {
    let ctx = TestContext::workspace();
    answer_all(&ctx, AnswerValue::Yes);
    let all = scores(&ctx);
    assert_eq!(all.len(), 6);
    assert!(all.iter().all(|(_, s)| *s == Some(100.0)), "{all:?}");

    let ws = Workspace::open(ctx.path()).unwrap();
    let catalog = ws.catalog().unwrap();
    for control in ["AUTHN-01", "VULN-01"] {
        let mapped: BTreeSet<String> = catalog
            .requirements_for_control(control)
            .into_iter()
            .map(|(f, _)| f.id.clone())
            .collect();
        assert!(!mapped.is_empty());
        let question = format!("{control}.1");
        ctx.ok(&["answer", &question, "no"]);
        for (id, score) in scores(&ctx) {
            if mapped.contains(&id) {
                assert!(
                    score.unwrap() < 100.0,
                    "{id} should drop after {question} = no"
                );
            } else {
                assert_eq!(score, Some(100.0), "{id} does not map {control}");
            }
        }
        ctx.ok(&["answer", &question, "yes"]);
    }
}

#[test]
fn score_json_has_the_documented_shape() {
    let ctx = TestContext::workspace();
    ctx.ok(&["answer", "AUTHN-01.1", "partial"]);
    let v: Value =
        serde_json::from_str(&ctx.ok(&["score", "--json", "--framework", "soc2"])).unwrap();
    let fws = v["frameworks"].as_array().unwrap();
    assert_eq!(fws.len(), 1);
    let soc2 = &fws[0];
    assert_eq!(soc2["id"], "soc2");
    assert!(soc2["name"].is_string());
    assert!(soc2["score"].is_number());
    assert!(soc2["coverage"].as_f64().unwrap() > 0.0);
    let req = &soc2["requirements"][0];
    assert!(req["id"].is_string() && req["score"].is_number() || req["score"].is_null());
    assert!(req["controls"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c.is_string()));
    // the explanation tree reaches answers
    let control = v["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "AUTHN-01")
        .unwrap();
    assert_eq!(control["questions"][0]["answer"], "partial");
    assert_eq!(control["questions"][0]["points"], 0.5);
    assert_eq!(v["evidence"]["targets"], 0);
    assert!(v["evidence"]["latest"].is_null());
}

#[test]
fn fail_under_gates_ci() {
    let ctx = TestContext::workspace();
    let out = ctx.run(&["score", "--fail-under", "50"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("under 50: iso27001-2022 0.0"),
        "{}",
        stderr(&out)
    );
    answer_all(&ctx, AnswerValue::Yes);
    let out = ctx.run(&["score", "--fail-under", "100"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn format_csv_and_json_on_the_listing_commands_and_quiet_keeps_only_data() {
    let ctx = TestContext::workspace();
    ctx.ok(&[
        "answer",
        "AUTHN-01.1",
        "yes",
        "--note",
        "Gateway, \"OAuth\" only",
        "--evidence",
        "https://wiki/authn",
    ]);
    let csv = ctx.ok(&["score", "--format", "csv"]);
    let mut lines = csv.split("\r\n");
    assert!(lines
        .next()
        .unwrap()
        .starts_with("framework_id,framework,score,band"));
    assert!(
        csv.contains("\r\niso27001-2022,ISO/IEC 27001:2022 Annex A,"),
        "{csv}"
    );
    assert_eq!(
        csv.matches("\r\n").count(),
        7,
        "header and six frameworks:\n{csv}"
    );
    let csv = ctx.ok(&["questions", "--format", "csv", "--control", "AUTHN-01"]);
    assert!(
        csv.starts_with("id,control,domain,text,answer,note,evidence,by,at\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains(",yes,\"Gateway, \"\"OAuth\"\" only\",https://wiki/authn,"),
        "RFC 4180 quoting:\n{csv}"
    );
    let csv = ctx.ok(&["evidence", "list", "--format", "csv"]);
    assert_eq!(
        csv,
        "run_id,file,sha256,started_at,finished_at,targets,adhoc_targets,check_results\r\n"
    );
    // --json and --format json are the same; both at once is a usage error.
    assert_eq!(
        ctx.ok(&["score", "--json"]),
        ctx.ok(&["score", "--format", "json"])
    );
    let out = ctx.run(&["score", "--json", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
    // --quiet: no table, no confirmation; data and gate reasons stay.
    assert_eq!(ctx.ok(&["--quiet", "score"]), "");
    assert_eq!(ctx.ok(&["answer", "AUTHN-01.2", "no", "-q"]), "");
    assert!(ctx
        .ok(&["-q", "score", "--format", "csv"])
        .starts_with("framework_id,"));
    let out = ctx.run(&["-q", "score", "--fail-under", "90"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("under 90:"), "{}", stderr(&out));
}

#[test]
fn score_table_and_explanation_read_well() {
    let ctx = TestContext::workspace();
    ctx.ok(&[
        "answer",
        "AUTHN-01.1",
        "yes",
        "--note",
        "Gateway enforces OAuth 2.0",
        "--evidence",
        "https://wiki/authn",
    ]);
    let out = ctx.ok(&["score"]);
    assert!(
        out.contains("Evidence: no declared targets (add [[targets]] to apiassure.toml, then run `apiassure probe`)"),
        "{out}"
    );
    assert!(out.contains("FRAMEWORK"));
    for id in [
        "iso27001-2022",
        "soc2",
        "gdpr",
        "nis2",
        "techdd",
        "owasp-api-2023",
    ] {
        assert!(out.contains(id), "{id} missing in\n{out}");
    }
    let explained = ctx.ok(&["score", "--explain", "--framework", "owasp-api-2023"]);
    assert!(explained.contains("API2:2023"), "{explained}");
    assert!(explained.contains("AUTHN-01.1 [yes]"), "{explained}");
    assert!(explained.contains("[not assessed]"), "{explained}");
}

#[test]
fn answer_keeps_notes_and_links_and_rejects_bad_input() {
    let ctx = TestContext::workspace();
    ctx.ok(&[
        "answer",
        "AUTHN-01.1",
        "partial",
        "--note",
        "Überprüfung läuft ✓",
        "--evidence",
        "JIRA-1",
    ]);
    ctx.ok(&["answer", "AUTHN-01.1", "yes", "--evidence", "JIRA-2"]);
    let text = ctx.read("answers.toml");
    assert!(text.contains("answer = \"yes\""), "{text}");
    assert!(text.contains("note = \"Überprüfung läuft ✓\""), "{text}");
    assert!(
        text.contains("\"JIRA-1\"") && text.contains("\"JIRA-2\""),
        "{text}"
    );
    assert!(text.contains("by = \"tester\""), "{text}");

    let out = ctx.run(&["answer", "authn-01.1", "yes"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown question 'authn-01.1' (did you mean 'AUTHN-01.1'?)"),
        "{}",
        stderr(&out)
    );
    let out = ctx.run(&["answer", "AUTHN-01.1", "maybe"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("'maybe' is not an answer: use yes, partial, no, na or accepted"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn answers_file_is_stable_and_sorted() {
    let ctx = TestContext::workspace();
    ctx.ok(&["answer", "VULN-01.1", "yes"]);
    ctx.ok(&["answer", "AUTHN-01.2", "no"]);
    ctx.ok(&[
        "answer",
        "AUTHN-01.1",
        "na",
        "--note",
        "no public endpoints",
    ]);
    let text = ctx.read("answers.toml");
    let a = text.find("AUTHN-01.1").unwrap();
    let b = text.find("AUTHN-01.2").unwrap();
    let c = text.find("VULN-01.1").unwrap();
    assert!(a < b && b < c, "{text}");
}

#[test]
fn questions_lists_and_filters() {
    let ctx = TestContext::workspace();
    ctx.ok(&["answer", "AUTHN-01.1", "yes"]);
    let all: Value = serde_json::from_str(&ctx.ok(&["questions", "--json"])).unwrap();
    assert_eq!(all["schema_version"], 1);
    let all = all["questions"].clone();
    let open: Value =
        serde_json::from_str(&ctx.ok(&["questions", "--json", "--unanswered"])).unwrap();
    let open = open["questions"].clone();
    assert_eq!(
        all.as_array().unwrap().len(),
        open.as_array().unwrap().len() + 1
    );
    let one: Value =
        serde_json::from_str(&ctx.ok(&["questions", "--json", "--control", "AUTHN-01"])).unwrap();
    let one = one["questions"].clone();
    assert!(one
        .as_array()
        .unwrap()
        .iter()
        .all(|q| q["control"] == "AUTHN-01"));
    assert_eq!(one[0]["answer"], "yes");
    let out = ctx.run(&["questions", "--framework", "nope"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn catalog_list_json_has_the_documented_shape() {
    let ctx = TestContext::empty();
    let v: Value = serde_json::from_str(&ctx.ok(&["catalog", "list", "--json"])).unwrap();
    let fws = v["frameworks"].as_array().unwrap();
    let ids: Vec<&str> = fws.iter().map(|f| f["id"].as_str().unwrap()).collect();
    for id in [
        "iso27001-2022",
        "soc2",
        "gdpr",
        "nis2",
        "techdd",
        "owasp-api-2023",
    ] {
        assert!(ids.contains(&id), "{id}");
    }
    let req = &fws[0]["requirements"][0];
    assert!(req["id"].is_string() && req["title"].is_string() && req["controls"].is_array());
    let controls = v["controls"].as_array().unwrap();
    assert!(controls.len() >= 40);
    let c = &controls[0];
    for key in ["id", "title", "domain", "questions", "checks"] {
        assert!(!c[key].is_null(), "{key}");
    }
    assert!(c["questions"][0]["id"].is_string() && c["questions"][0]["text"].is_string());
}

#[test]
fn embedded_catalog_meets_the_catalog_bar() {
    let catalog = apiassure::catalog::load_embedded().expect("embedded catalog is valid");
    assert!(catalog.controls.len() >= 40);
    for c in &catalog.controls {
        assert!(
            c.questions.len() >= 2,
            "{} has fewer than two questions",
            c.id
        );
        assert!(
            !c.evidence.is_empty(),
            "{} says nothing about evidence",
            c.id
        );
    }
    let expect = |fw: &str, ids: &[&str]| {
        let f = catalog
            .framework(fw)
            .unwrap_or_else(|| panic!("{fw} missing"));
        let have: BTreeSet<&str> = f.requirements.iter().map(|r| r.id.as_str()).collect();
        for id in ids {
            assert!(have.contains(id), "{fw} lacks {id}");
        }
    };
    expect(
        "iso27001-2022",
        &[
            "A.5.9", "A.5.14", "A.5.15", "A.5.17", "A.5.18", "A.8.2", "A.8.3", "A.8.5", "A.8.8",
            "A.8.9", "A.8.12", "A.8.15", "A.8.16", "A.8.20", "A.8.21", "A.8.24", "A.8.25",
            "A.8.26", "A.8.27", "A.8.28", "A.8.29", "A.8.30", "A.8.31", "A.8.32", "A.8.33",
            "A.8.34",
        ],
    );
    expect(
        "soc2",
        &[
            "CC3.2", "CC6.1", "CC6.2", "CC6.3", "CC6.6", "CC6.7", "CC6.8", "CC7.1", "CC7.2",
            "CC7.3", "CC7.4", "CC7.5", "CC8.1", "CC9.2", "C1.1", "PI1.2", "PI1.3", "PI1.4",
        ],
    );
    expect(
        "gdpr",
        &[
            "Art.5(1)(f)",
            "Art.24",
            "Art.25",
            "Art.28",
            "Art.30",
            "Art.32(1)(a)",
            "Art.32(1)(b)",
            "Art.32(1)(c)",
            "Art.32(1)(d)",
            "Art.33",
            "Art.34",
            "Art.35",
        ],
    );
    let mut nis2: Vec<String> = ('a'..='j').map(|l| format!("Art.21(2)({l})")).collect();
    nis2.push("Art.20".into());
    nis2.push("Art.23".into());
    expect("nis2", &nis2.iter().map(String::as_str).collect::<Vec<_>>());
    let owasp: Vec<String> = (1..=10).map(|i| format!("API{i}:2023")).collect();
    expect(
        "owasp-api-2023",
        &owasp.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert!(catalog.framework("techdd").unwrap().requirements.len() >= 8);
    // Every known check gives evidence for at least one control.
    for check in apiassure::checks::CHECKS {
        assert!(
            !catalog.controls_for_check(check.id.as_str()).is_empty(),
            "{} cited by no control",
            check.id
        );
    }
}

#[test]
fn evidence_verify_on_an_empty_workspace() {
    let ctx = TestContext::workspace();
    let out = ctx.ok(&["evidence", "verify"]);
    assert!(out.contains("0 files checked, 0 problem(s)"), "{out}");
    let out = ctx.run(&["evidence", "show"]);
    assert_eq!(out.status.code(), Some(2));
    let _ = stdout(&out);
}

/// Like git: from a subfolder, the nearest apiassure.toml above is the workspace.
#[test]
fn the_workspace_is_found_from_a_subfolder() {
    let ctx = TestContext::workspace();
    std::fs::create_dir_all(ctx.file("docs/deep")).unwrap();
    let out = std::process::Command::new(crate::common::BIN)
        .args(["answer", "AUTHN-01.1", "yes"])
        .current_dir(ctx.file("docs/deep"))
        .env_remove("APIASSURE_WORKSPACE")
        .env("APIASSURE_USER", "tester")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(ctx.read("answers.toml").contains("AUTHN-01.1"));
}

#[test]
fn tui_without_a_terminal_says_so() {
    let ctx = TestContext::workspace();
    let out = ctx.run(&["tui"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("needs a terminal"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn completions_and_man_page_are_generated() {
    let ctx = TestContext::empty();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = ctx.run(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        assert!(stdout(&out).contains("apiassure"), "{shell}");
    }
    let man = ctx.run(&["man"]);
    assert!(man.status.success());
    assert!(stdout(&man).contains(".TH apiassure"), "{}", stdout(&man));
}

#[test]
fn answers_can_be_cleared_and_links_removed_and_duplicates_are_named() {
    let ctx = TestContext::workspace();
    ctx.ok(&[
        "answer",
        "AUTHN-01.1",
        "yes",
        "--evidence",
        "JIRA-1",
        "--evidence",
        "JIRA-2",
    ]);
    let out = ctx.ok(&["answer", "AUTHN-01.1", "yes", "--evidence", "JIRA-1"]);
    assert!(out.contains("already there"), "{out}");
    ctx.ok(&["answer", "AUTHN-01.1", "--remove-evidence", "JIRA-1"]);
    let text = ctx.read("answers.toml");
    assert!(
        !text.contains("JIRA-1") && text.contains("JIRA-2"),
        "{text}"
    );
    let out = ctx.run(&["answer", "AUTHN-01.1", "--remove-evidence", "JIRA-9"]);
    assert_eq!(out.status.code(), Some(2));
    let out = ctx.ok(&["answer", "AUTHN-01.1", "--clear"]);
    assert!(out.contains("cleared"), "{out}");
    assert!(!ctx.read("answers.toml").contains("AUTHN-01.1"));
    let log = ctx.ok(&["log", "AUTHN-01.1"]);
    assert!(log.contains("yes -> (none)"), "{log}");
    let out = ctx.run(&["answer", "AUTHN-01.1"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an answer, --clear or --remove-evidence is required"
    );
}
