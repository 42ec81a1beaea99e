//! A team on git branches: the same answer changed on two branches merges
//! without locking anyone out, every command still runs and names the
//! conflict with both sides, `resolve` settles it and `verify` passes again;
//! review dates are set from the command line.

use std::process::Command;

use serde_json::Value;

use crate::common::{git, stderr, stdout, TestContext};

/// Two branches that both changed AUTHN-01.1, merged on main.
fn conflicting_merge() -> Option<TestContext> {
    if !crate::common::tool_available("git", &["--version"], "apt-get install git") {
        return None;
    }
    let ctx = TestContext::workspace();
    let dir = ctx.path();
    ctx.ok(&["answer", "AUTHN-01.1", "yes", "--note", "gateway"]);
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "-A"],
        &["commit", "-q", "-m", "base"],
        &["checkout", "-q", "-b", "dana"],
    ] {
        assert!(git(dir, args).status.success(), "git {args:?}");
    }
    ctx.ok(&[
        "answer",
        "AUTHN-01.1",
        "partial",
        "--note",
        "legacy routes",
        "--by",
        "dana",
    ]);
    ctx.ok(&["answer", "AUTHN-01.2", "yes", "--by", "dana"]);
    assert!(git(dir, &["add", "-A"]).status.success());
    assert!(git(dir, &["commit", "-q", "-m", "dana"]).status.success());
    assert!(git(dir, &["checkout", "-q", "main"]).status.success());
    ctx.ok(&[
        "answer",
        "AUTHN-01.1",
        "no",
        "--note",
        "admin API open",
        "--by",
        "lee",
    ]);
    assert!(git(dir, &["add", "-A"]).status.success());
    assert!(git(dir, &["commit", "-q", "-m", "lee"]).status.success());
    let merge = git(dir, &["merge", "-q", "--no-edit", "dana"]);
    assert!(
        merge.status.success(),
        "{}",
        String::from_utf8_lossy(&merge.stderr)
    );
    Some(ctx)
}

fn conflict_of<'a>(questions: &'a Value, id: &str) -> Option<&'a Value> {
    questions["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == id)
        .and_then(|q| q.get("conflict"))
}

#[test]
fn a_conflicting_merge_keeps_every_command_running_and_resolves() {
    let Some(ctx) = conflicting_merge() else {
        return;
    };
    // Every command still runs.
    let out = ctx.run(&["score", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("AUTHN-01.1"),
        "score names it: {}",
        stderr(&out)
    );
    let q: Value = serde_json::from_str(&ctx.ok(&["questions", "--json"])).unwrap();
    crate::schema::valid("questions.schema.json", &ctx.ok(&["questions", "--json"]));
    let sides = conflict_of(&q, "AUTHN-01.1").expect("AUTHN-01.1 in conflict");
    let sides = sides.as_array().unwrap();
    assert_eq!(sides.len(), 2);
    let said: Vec<(&str, &str, &str)> = sides
        .iter()
        .map(|s| {
            (
                s["answer"].as_str().unwrap(),
                s["by"].as_str().unwrap(),
                s["note"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        said.contains(&("partial", "dana", "legacy routes")),
        "{said:?}"
    );
    assert!(said.contains(&("no", "lee", "admin API open")), "{said:?}");
    let entry = q["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == "AUTHN-01.1")
        .unwrap();
    assert!(
        entry["answer"].is_null(),
        "not assessed until resolved: {entry}"
    );
    // The other branch's answer to another question came through.
    assert!(conflict_of(&q, "AUTHN-01.2").is_none());
    let table = ctx.ok(&["questions", "--control", "AUTHN-01"]);
    assert!(table.contains("merge conflict (1: "), "{table}");
    let ws = apiassure::workspace::Workspace::open(ctx.path()).unwrap();
    let started = apiassure::tui::App::load_in_background(ws.clone(), chrono::Utc::now()).unwrap();
    let status = started
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(
        status.contains("AUTHN-01.1"),
        "the TUI says so at start: {status}"
    );
    let app = apiassure::tui::App::load(ws, chrono::Utc::now()).unwrap();
    assert!(app.assessment.answers.get("AUTHN-01.1").is_none());
    assert_eq!(app.assessment.answers.get("AUTHN-01.2").unwrap().by, "dana");
    // verify names the conflict and fails until it is resolved.
    let out = ctx.run(&["verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("AUTHN-01.1: merge conflict"),
        "{}",
        stdout(&out)
    );
    assert!(!stdout(&out).contains("edited outside"), "{}", stdout(&out));
    let listed = ctx.run(&["resolve"]);
    assert_eq!(listed.status.code(), Some(1));
    let listed = stdout(&listed);
    assert!(
        listed.contains("partial by dana") && listed.contains("no by lee"),
        "{listed}"
    );
    // Another change first: the merged file is normalised, the conflict kept.
    ctx.ok(&["answer", "AUTHN-01.3", "yes"]);
    assert!(ctx
        .read("answers.toml")
        .contains("[[conflicts.\"AUTHN-01.1\"]]"));
    let out = ctx.run(&["verify"]);
    assert_eq!(out.status.code(), Some(1));
    let lee = if said[0].1 == "lee" { "1" } else { "2" };
    let out = ctx.ok(&["resolve", "AUTHN-01.1", "--keep", lee, "--by", "cara"]);
    assert!(out.contains("resolved: no"), "{out}");
    let out = ctx.run(&["verify"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let q: Value = serde_json::from_str(&ctx.ok(&["questions", "--json"])).unwrap();
    let entry = q["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == "AUTHN-01.1")
        .unwrap()
        .clone();
    assert_eq!(entry["answer"], "no");
    assert_eq!(entry["by"], "lee", "the kept side keeps its author");
    let log = ctx.ok(&["log"]);
    assert!(log.contains("merge conflict between 2 answers"), "{log}");
}

#[test]
fn a_conflict_resolved_with_a_new_answer() {
    let Some(ctx) = conflicting_merge() else {
        return;
    };
    let out = ctx.run(&["resolve", "AUTHN-01.1", "na"]);
    assert_eq!(out.status.code(), Some(2), "na needs a note");
    ctx.ok(&[
        "resolve",
        "AUTHN-01.1",
        "partial",
        "--note",
        "agreed in review",
    ]);
    let out = ctx.run(&["verify"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let answers = ctx.read("answers.toml");
    assert!(
        answers.contains("agreed in review") && !answers.contains("conflicts"),
        "{answers}"
    );
    // Answering a conflicting question anew settles it too.
    let Some(ctx) = conflicting_merge() else {
        return;
    };
    ctx.ok(&["answer", "AUTHN-01.1", "yes", "--note", "fixed"]);
    assert_eq!(ctx.run(&["verify"]).status.code(), Some(0));
}

#[test]
fn review_dates_are_set_from_the_command_line() {
    let ctx = TestContext::workspace();
    ctx.ok(&["answer", "AUTHN-01.1", "yes", "--review-by", "2027-03-31"]);
    let q: Value = serde_json::from_str(&ctx.ok(&["questions", "--json"])).unwrap();
    let entry = q["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == "AUTHN-01.1")
        .unwrap();
    assert_eq!(entry["review_by"], "2027-03-31");
    // On its own, for an existing answer; a bad date is bad input.
    ctx.ok(&["answer", "AUTHN-01.1", "--review-by", "2027-06-30"]);
    assert!(ctx.read("answers.toml").contains("2027-06-30"));
    assert_eq!(
        ctx.run(&["answer", "AUTHN-01.1", "--review-by", "next year"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(ctx.run(&["verify"]).status.code(), Some(0));
}

fn question<'a>(q: &'a Value, id: &str) -> &'a Value {
    q["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == id)
        .unwrap()
}

fn framework_score(ctx: &TestContext, id: &str) -> f64 {
    let v: Value = serde_json::from_str(&ctx.ok(&["score", "--json"])).unwrap();
    v["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap()["score"]
        .as_f64()
        .unwrap_or(0.0)
}

#[test]
fn four_eyes_approval_by_another_person_voided_by_a_change() {
    let ctx = TestContext::workspace();
    ctx.ok(&["answer", "AUTHN-01.1", "yes", "--by", "dana"]);
    let out = ctx.run(&["approve", "AUTHN-01.1", "--by", "dana"]);
    assert_eq!(out.status.code(), Some(2), "the answerer cannot approve");
    assert!(stderr(&out).contains("second person"), "{}", stderr(&out));
    ctx.ok(&[
        "approve",
        "AUTHN-01.1",
        "--by",
        "lee",
        "--note",
        "checked the gateway policy",
    ]);
    let q: Value = serde_json::from_str(&ctx.ok(&["questions", "--json"])).unwrap();
    crate::schema::valid("questions.schema.json", &ctx.ok(&["questions", "--json"]));
    assert_eq!(question(&q, "AUTHN-01.1")["approval"]["by"], "lee");
    assert_eq!(
        question(&q, "AUTHN-01.1")["by"],
        "dana",
        "the answerer stays"
    );
    let md = ctx.ok(&["report", "--format", "md", "-o", "-"]);
    assert!(md.contains("approved by lee"), "reports show the approval");
    let log = ctx.ok(&["log", "AUTHN-01.1"]);
    assert!(log.contains("by lee"), "journaled: {log}");
    assert_eq!(ctx.run(&["verify"]).status.code(), Some(0));
    // A later change of substance voids it.
    ctx.ok(&["answer", "AUTHN-01.1", "partial", "--by", "dana"]);
    let q: Value = serde_json::from_str(&ctx.ok(&["questions", "--json"])).unwrap();
    assert!(question(&q, "AUTHN-01.1").get("approval").is_none());
    // require_approval: unapproved answers count as not assessed.
    let before = framework_score(&ctx, "owasp-api-2023");
    ctx.ok(&["answer", "AUTHN-01.1", "yes", "--by", "dana"]);
    let with_yes = framework_score(&ctx, "owasp-api-2023");
    assert!(with_yes > before);
    let cfg = ctx
        .read("apiassure.toml")
        .replace("[assessment]\n", "[assessment]\nrequire_approval = true\n");
    assert!(cfg.contains("require_approval = true"), "{cfg}");
    ctx.write("apiassure.toml", &cfg);
    let unapproved = framework_score(&ctx, "owasp-api-2023");
    assert!(unapproved < with_yes, "{unapproved} < {with_yes}");
    ctx.ok(&["approve", "AUTHN-01.1", "--by", "lee"]);
    assert_eq!(framework_score(&ctx, "owasp-api-2023"), with_yes);
}

#[test]
fn an_accepted_risk_scores_as_not_implemented_and_is_registered() {
    let ctx = TestContext::workspace();
    for args in [
        &[
            "answer",
            "AUTHN-01.1",
            "accepted",
            "--note",
            "legacy partner API",
        ][..],
        &[
            "answer",
            "AUTHN-01.1",
            "accepted",
            "--approver",
            "cfo",
            "--expires",
            "2099-01-01",
        ],
        &[
            "answer",
            "AUTHN-01.1",
            "accepted",
            "--note",
            "x",
            "--approver",
            "tester",
            "--expires",
            "2099-01-01",
        ],
        &[
            "answer",
            "AUTHN-01.1",
            "accepted",
            "--note",
            "x",
            "--approver",
            "cfo",
            "--expires",
            "2001-01-01",
        ],
        &["answer", "AUTHN-01.1", "yes", "--approver", "cfo"],
    ] {
        let out = ctx.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    ctx.ok(&["answer", "AUTHN-01.1", "no"]);
    let as_no = framework_score(&ctx, "owasp-api-2023");
    ctx.ok(&[
        "answer",
        "AUTHN-01.1",
        "accepted",
        "--note",
        "legacy partner API, retired in Q3",
        "--approver",
        "Chief Risk Officer",
        "--expires",
        "2099-06-30",
    ]);
    assert_eq!(
        framework_score(&ctx, "owasp-api-2023"),
        as_no,
        "scores as not implemented"
    );
    let q: Value = serde_json::from_str(&ctx.ok(&["questions", "--json"])).unwrap();
    crate::schema::valid("questions.schema.json", &ctx.ok(&["questions", "--json"]));
    let a = question(&q, "AUTHN-01.1");
    assert_eq!(a["answer"], "accepted");
    assert_eq!(a["acceptance"]["approver"], "Chief Risk Officer");
    let md = ctx.ok(&["report", "--format", "md", "-o", "-"]);
    assert!(md.contains("Risk acceptance register"), "{md}");
    assert!(
        md.contains("Chief Risk Officer") && md.contains("2099-06-30") && md.contains("in force")
    );
    crate::schema::valid("score.schema.json", &ctx.ok(&["score", "--json"]));
    assert_eq!(ctx.run(&["verify"]).status.code(), Some(0));
    // Once the acceptance ends, the question is due again: not assessed.
    let answers = ctx.read("answers.toml").replace("2099-06-30", "2020-01-01");
    ctx.write("answers.toml", &answers);
    let v: Value = serde_json::from_str(&ctx.ok(&["score", "--json"])).unwrap();
    let authn = v["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "AUTHN-01")
        .unwrap();
    assert!(authn["not_assessed"].as_u64().unwrap() >= 4, "{authn}");
    let md = ctx.ok(&["report", "--format", "md", "-o", "-"]);
    assert!(md.contains("expired: due again"), "{md}");
}

#[test]
fn answers_come_in_from_a_spreadsheet_and_only_changes_are_journaled() {
    let ctx = TestContext::workspace();
    ctx.ok(&[
        "answer",
        "AUTHN-01.1",
        "yes",
        "--note",
        "gateway",
        "--by",
        "dana",
    ]);
    ctx.ok(&["answer", "AUTHN-01.2", "no", "--by", "dana"]);
    let csv = ctx.ok(&["questions", "--control", "AUTHN-01", "--format", "csv"]);
    // The compliance lead edits two rows in the spreadsheet.
    let edited: String = csv
        .split("\r\n")
        .map(|line| {
            if line.starts_with("AUTHN-01.2,") {
                line.replacen(",no,", ",partial,", 1).replacen(
                    ",,",
                    ",\"mTLS for partners, OAuth for apps\",",
                    1,
                )
            } else if line.starts_with("AUTHN-01.3,") {
                line.replacen(",,", ",yes,", 1)
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\r\n");
    ctx.write("answers-review.csv", &edited);
    let entries_before = std::fs::read_dir(ctx.file("journal")).unwrap().count();
    let out = ctx.ok(&["import", "answers-review.csv", "--dry-run", "--by", "lead"]);
    assert!(
        out.contains("AUTHN-01.2: no -> partial, note changed"),
        "{out}"
    );
    assert!(out.contains("AUTHN-01.3: (none) -> yes"), "{out}");
    assert!(
        !out.contains("AUTHN-01.1"),
        "unchanged rows are not touched: {out}"
    );
    assert_eq!(
        std::fs::read_dir(ctx.file("journal")).unwrap().count(),
        entries_before,
        "a dry run writes nothing"
    );
    ctx.ok(&["import", "answers-review.csv", "--by", "lead"]);
    let q: Value = serde_json::from_str(&ctx.ok(&["questions", "--json"])).unwrap();
    assert_eq!(question(&q, "AUTHN-01.2")["answer"], "partial");
    assert_eq!(
        question(&q, "AUTHN-01.2")["note"],
        "mTLS for partners, OAuth for apps"
    );
    assert_eq!(question(&q, "AUTHN-01.2")["by"], "lead");
    assert_eq!(question(&q, "AUTHN-01.1")["by"], "dana", "untouched");
    let sha = apiassure::workspace::evidence::sha256_hex(edited.as_bytes());
    let log = ctx.ok(&["log"]);
    assert!(
        log.contains(&format!(
            "import of 2 answer change(s) from answers-review.csv (SHA-256 {})",
            &sha[..12]
        )),
        "{log}"
    );
    assert_eq!(ctx.run(&["verify"]).status.code(), Some(0));
    // Importing the same sheet again changes nothing.
    let out = ctx.ok(&["import", "answers-review.csv", "--by", "lead"]);
    assert!(out.contains("nothing to change"), "{out}");
    // A bad row stops the whole import, naming the row.
    ctx.write("bad.csv", "id,answer\nAUTHN-01.1,maybe\nNOPE-1,yes\n");
    let out = ctx.run(&["import", "bad.csv"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("row 2: AUTHN-01.1") && err.contains("row 3: unknown question 'NOPE-1'"),
        "{err}"
    );
}

#[test]
fn answers_come_in_from_an_xlsx_workbook() {
    if !crate::common::tool_available("python3", &["--version"], "apt-get install python3") {
        return;
    }
    let ctx = TestContext::workspace();
    let path = ctx.file("review.xlsx");
    // A minimal workbook as spreadsheet programs write it (shared strings).
    let script = r#"
import sys, zipfile
rows = [["id", "answer", "note"], ["AUTHN-01.1", "yes", "Gateway enforces OAuth 2.0"], ["AUTHN-01.2", "na", "No partner API"]]
strings = [c for r in rows for c in r]
sst = "".join(f"<si><t>{s}</t></si>" for s in strings)
cells = ""
k = 0
for i, r in enumerate(rows, 1):
    cells += f'<row r="{i}">'
    for j, _ in enumerate(r):
        cells += f'<c r="{"ABC"[j]}{i}" t="s"><v>{k}</v></c>'
        k += 1
    cells += "</row>"
z = zipfile.ZipFile(sys.argv[1], "w")
z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Answers" sheetId="1" r:id="rId1"/></sheets></workbook>')
z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{sst}</sst>')
z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{cells}</sheetData></worksheet>')
z.close()
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    ctx.ok(&["import", "review.xlsx", "--by", "lead"]);
    let q: Value = serde_json::from_str(&ctx.ok(&["questions", "--json"])).unwrap();
    assert_eq!(question(&q, "AUTHN-01.1")["answer"], "yes");
    assert_eq!(question(&q, "AUTHN-01.2")["answer"], "na");
    assert_eq!(question(&q, "AUTHN-01.2")["note"], "No partner API");
    ctx.write("broken.xlsx", "not a zip");
    let out = ctx.run(&["import", "broken.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("broken.xlsx"), "{}", stderr(&out));
}

#[test]
fn owners_and_due_dates_filter_questions_and_show_everywhere() {
    let ctx = TestContext::workspace();
    assert_eq!(
        ctx.run(&["assign", "NOPE-99", "dana"]).status.code(),
        Some(2)
    );
    assert_eq!(
        ctx.run(&["assign", "AUTHN-01", "dana", "--due", "soon"])
            .status
            .code(),
        Some(2)
    );
    ctx.ok(&[
        "assign",
        "AUTHN-01",
        "dana",
        "--due",
        "2020-01-31",
        "--by",
        "lead",
    ]);
    ctx.ok(&[
        "assign",
        "CRYPTO-01",
        "lee",
        "--due",
        "2099-12-31",
        "--by",
        "lead",
    ]);
    ctx.ok(&["answer", "AUTHN-01.1", "yes", "--by", "dana"]);
    let q: Value =
        serde_json::from_str(&ctx.ok(&["questions", "--json", "--owner", "dana"])).unwrap();
    crate::schema::valid(
        "questions.schema.json",
        &ctx.ok(&["questions", "--json", "--owner", "dana"]),
    );
    let ids: Vec<&str> = q["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    assert!(
        !ids.is_empty() && ids.iter().all(|i| i.starts_with("AUTHN-01.")),
        "{ids:?}"
    );
    assert_eq!(question(&q, "AUTHN-01.2")["owner"], "dana");
    assert_eq!(question(&q, "AUTHN-01.2")["due"], "2020-01-31");
    // Overdue: AUTHN-01's open questions (its answered one is not due).
    let q: Value = serde_json::from_str(&ctx.ok(&["questions", "--json", "--overdue"])).unwrap();
    let overdue: Vec<&str> = q["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    assert!(overdue.contains(&"AUTHN-01.2"), "{overdue:?}");
    assert!(
        !overdue.contains(&"AUTHN-01.1"),
        "answered, not due for review"
    );
    assert!(
        !overdue.iter().any(|i| i.starts_with("CRYPTO-01")),
        "{overdue:?}"
    );
    // --mine is the caller's identity.
    let mine = ctx
        .cmd(&["questions", "--mine", "--json"])
        .env("APIASSURE_USER", "lee")
        .output()
        .unwrap();
    let mine: Value = serde_json::from_str(&stdout(&mine)).unwrap();
    assert!(mine["questions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["id"].as_str().unwrap().starts_with("CRYPTO-01")));
    let table = ctx.ok(&["questions", "--control", "AUTHN-01"]);
    assert!(
        table.contains("[owner dana, due 2020-01-31]") && table.contains("(overdue)"),
        "{table}"
    );
    let md = ctx.ok(&["report", "--format", "md", "-o", "-"]);
    assert!(
        md.contains("dana, due 2020-01-31 (assigned by lead"),
        "reports list owners"
    );
    assert!(ctx
        .ok(&["log"])
        .contains("AUTHN-01 assigned to dana, due 2020-01-31 by lead"));
    assert_eq!(ctx.run(&["verify"]).status.code(), Some(0));
    // A hand edit of owners.toml is named by verify.
    let owners = ctx
        .read("owners.toml")
        .replace("owner = \"dana\"", "owner = \"eve\"");
    ctx.write("owners.toml", &owners);
    let out = ctx.run(&["verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("AUTHN-01: edited outside apiassure"),
        "{}",
        stdout(&out)
    );
    ctx.ok(&["assign", "AUTHN-01", "--clear"]);
    // The TUI's Dashboard shows overdue work by owner.
    let ws = apiassure::workspace::Workspace::open(ctx.path()).unwrap();
    let app = apiassure::tui::App::load(ws, chrono::Utc::now()).unwrap();
    let by = app.overdue_by_owner();
    assert!(
        by.iter().all(|(who, _)| who != "dana" && who != "eve"),
        "{by:?}"
    );
}
