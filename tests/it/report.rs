//! `apiassure report` end to end: the real binary on a temp workspace with
//! answers (one note in non-ASCII text), every format written, and the PDF's
//! text read back with pdftotext when the machine has it.

use std::process::Command;

use apiassure::workspace::evidence::sha256_hex;
use serde_json::Value;

use crate::common::{stdout, TestContext};

const FRAMEWORKS: &[&str] = &[
    "ISO/IEC 27001:2022 Annex A",
    "SOC 2 Trust Services Criteria",
    "GDPR",
    "NIS2 Directive (EU) 2022/2555",
    "OWASP API Security Top 10 2023",
];

fn assessed() -> TestContext {
    let ctx = TestContext::workspace();
    ctx.ok(&[
        "answer",
        "AUTHN-01.1",
        "yes",
        "--note",
        "Geprüft ✓ – alle Routen; 日本語 note",
        "--evidence",
        "https://wiki.acme.example/gateway",
    ]);
    ctx.ok(&["answer", "AUTHN-01.2", "partial"]);
    ctx.ok(&["answer", "CRYPTO-01.1", "no"]);
    ctx
}

/// `Report: PATH` and `SHA-256: HEX` from the command's output.
fn written(out: &str) -> (String, String) {
    let path = out
        .lines()
        .find_map(|l| l.strip_prefix("Report: "))
        .expect("report path printed");
    let sha = out
        .lines()
        .find_map(|l| l.strip_prefix("SHA-256: "))
        .expect("sha printed");
    (path.to_string(), sha.to_string())
}

#[test]
fn pdf_report_has_the_organisation_frameworks_and_scores() {
    let ctx = assessed();
    let out = ctx.ok(&["report"]);
    let (path, sha) = written(&out);
    assert!(
        path.contains("reports/apiassure-report-") && path.ends_with(".pdf"),
        "{path}"
    );
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(sha, sha256_hex(&bytes));

    let score: Value = serde_json::from_str(&ctx.ok(&["score", "--json"])).unwrap();
    if !crate::common::tool_available("pdftotext", &["-v"], "apt-get install poppler-utils") {
        return;
    }
    let text_path = ctx.file("report.txt");
    let status = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg(&text_path)
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(&text_path).unwrap();
    assert!(text.contains("Acme"), "org name");
    // Each framework's summary row carries the score `apiassure score` gives
    // (the summary proper, after the contents page lists its title).
    let summary_at = text
        .match_indices("Executive summary")
        .nth(1)
        .map(|(i, _)| i)
        .expect("the contents page and the summary");
    let summary = &text[summary_at..];
    for f in score["frameworks"].as_array().unwrap() {
        let name = f["name"].as_str().unwrap();
        let expected = format!("{:.1}", f["score"].as_f64().unwrap());
        // A long name wraps in its cell: the row starts with its first words.
        let head = name
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        let row = summary
            .lines()
            .find(|l| l.starts_with(&head))
            .unwrap_or_else(|| panic!("no summary row for {name}"));
        assert!(
            row.split_whitespace().any(|c| c == expected),
            "{name}: {expected} not in {row}"
        );
    }
    for name in FRAMEWORKS {
        assert!(text.contains(name), "framework {name}");
    }
    for needle in ["A.8.5", "AUTHN-01.1", "not assessed"] {
        assert!(text.contains(needle), "{needle}");
    }
    // The note is shown as typed; what the embedded fonts lack is named by
    // code point in place and listed at the end.
    assert!(text.contains("Geprüft ✓ – alle Routen;"), "note");
    assert!(
        text.contains("[U+65E5][U+672C][U+8A9E] note"),
        "note, marked in place"
    );
    assert!(text.contains("Characters not shown"), "closing note");
    assert!(
        text.contains("[U+8A9E] CJK ideograph"),
        "closing note lists it"
    );
    assert!(text.contains("page 1 of "));
}

#[test]
fn markdown_json_and_csv_go_where_asked() {
    let ctx = assessed();
    let md = ctx.file("out/report.md");
    let (path, _) = written(&ctx.ok(&[
        "report",
        "--format",
        "md",
        "--output",
        md.to_str().unwrap(),
        "--framework",
        "soc2",
    ]));
    assert_eq!(path, md.display().to_string());
    let text = ctx.read("out/report.md");
    assert!(text.starts_with("**Confidential**\n\n# API security assessment report"));
    assert!(text.contains("## SOC 2 Trust Services Criteria"));
    assert!(!text.contains("## GDPR"), "only the framework asked for");
    assert!(text.contains("Geprüft ✓ – alle Routen; 日本語 note"));

    let json = ctx.file("r.json");
    ctx.ok(&["report", "--format", "json", "-o", json.to_str().unwrap()]);
    let v: Value = serde_json::from_str(&ctx.read("r.json")).unwrap();
    assert_eq!(v["schema_version"], 2);
    assert_eq!(v["report"]["organisation"], "Acme");
    assert_eq!(v["scorecard"]["frameworks"].as_array().unwrap().len(), 6);
    // Notes, who and when, and the answer history are in the JSON too.
    let a = &v["answers"]["AUTHN-01.1"];
    assert_eq!(a["note"], "Geprüft ✓ – alle Routen; 日本語 note");
    assert_eq!(a["by"], "tester");
    assert_eq!(a["evidence"][0], "https://wiki.acme.example/gateway");
    assert!(v["answer_history"]["AUTHN-01.1"].is_array());
    assert!(v["observations"].is_array());

    let csv = ctx.file("r.csv");
    ctx.ok(&["report", "--format", "csv", "-o", csv.to_str().unwrap()]);
    let text = ctx.read("r.csv");
    let text = text
        .strip_prefix('\u{feff}')
        .expect("UTF-8 byte-order mark")
        .to_string();
    let mut lines = text.split("\r\n");
    assert!(lines
        .next()
        .unwrap()
        .starts_with("framework_id,framework,requirement_id"));
    // One row per requirement x control x question, with note, link, who and when.
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let row = text
        .split("\r\n")
        .find(|l| l.starts_with("iso27001-2022,") && l.contains(",AUTHN-01.1,"))
        .expect("a row for AUTHN-01.1 under ISO 27001");
    assert!(
        row.contains(
            ",yes,1,Geprüft ✓ – alle Routen; 日本語 note,https://wiki.acme.example/gateway,tester,"
        ),
        "{row}"
    );
    assert!(col("answered_at") > col("answered_by"));
    let unanswered = text
        .split("\r\n")
        .find(|l| l.contains(",AUTHN-01.3,"))
        .unwrap();
    assert!(unanswered.contains(",not assessed,0,"), "{unanswered}");
}

#[test]
fn unknown_framework_is_an_error_naming_it() {
    let ctx = assessed();
    let out = ctx.run(&["report", "--framework", "pci"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown framework 'pci'"), "{err}");
    assert!(stdout(&out).is_empty());
}

#[test]
fn evidence_integrity_shows_a_file_changed_after_the_run() {
    use apiassure::model::evidence::EVIDENCE_SCHEMA_VERSION;
    use apiassure::model::{CheckOutcome, CheckResult, EvidenceRun, TargetEvidence};
    use apiassure::workspace::Workspace;

    let ctx = assessed();
    let ws = Workspace::open(ctx.path()).unwrap();
    let now = chrono::Utc::now();
    let run = EvidenceRun {
        schema_version: EVIDENCE_SCHEMA_VERSION,
        run_id: "20260101T000000Z-000001".into(),
        tool: "apiassure".into(),
        tool_version: "test".into(),
        started_at: now,
        finished_at: now,
        settings: Value::Null,
        targets: vec![TargetEvidence {
            url: "https://api.acme.example/v1".into(),
            name: Some("public-api".into()),
            tls: None,
            http: None,
            traffic: None,
            checks: vec![CheckResult::new(
                apiassure::checks::CheckId::HttpHsts,
                CheckOutcome::Fail,
                "Strict-Transport-Security missing",
            )],
            adhoc: false,
            probed_at: None,
        }],
    };
    let cfg = ctx.read("apiassure.toml")
        + "\n[[targets]]\nname = \"public-api\"\nurl = \"https://api.acme.example/v1\"\n";
    ctx.write("apiassure.toml", &cfg);
    let mut run = run;
    // Stored as `probe` stores a run: recorded in the journal (a run file
    // nobody recorded never counts).
    let mut assessment = apiassure::assessment::Assessment::load(&ws).unwrap();
    apiassure::assessment::store_run(&ws, &mut assessment, &mut run).unwrap();
    let name = format!("{}.json.gz", run.run_id);
    let md = ctx.file("before.md");
    ctx.ok(&["report", "--format", "md", "-o", md.to_str().unwrap()]);
    let before = ctx.read("before.md");
    assert!(before.contains(&format!("| {name} |")), "{before}");
    assert!(before.contains("| verified |"), "{before}");
    assert!(before.contains("Strict-Transport-Security missing"));

    let file = ctx.file(&format!("evidence/{name}"));
    let text = crate::common::read_run(&file);
    crate::common::write_run(&file, &text.replace("missing", "present"));
    let md = ctx.file("after.md");
    ctx.ok(&["report", "--format", "md", "-o", md.to_str().unwrap()]);
    assert!(ctx.read("after.md").contains("| MODIFIED |"));
}

/// `-o` only replaces a regular file; `-o -` writes to standard output; the
/// default name never overwrites an earlier report.
#[test]
fn report_output_never_replaces_what_is_not_a_regular_file() {
    let ctx = TestContext::workspace();
    let keep = ctx.file("keep.txt");
    std::fs::write(&keep, "precious").unwrap();
    let link = ctx.file("link.md");
    std::os::unix::fs::symlink(&keep, &link).unwrap();
    let out = ctx.run(&["report", "--format", "md", "-o", link.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        crate::common::stdout(&out)
    );
    assert!(crate::common::stderr(&out).contains("not a regular file"));
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&keep).unwrap(), "precious");

    let out = ctx.run(&["report", "--format", "md", "-o", "-"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        crate::common::stdout(&out).starts_with("**Confidential**\n\n# "),
        "{}",
        crate::common::stdout(&out)
    );
    assert!(!ctx.file("-").exists());

    ctx.ok(&["report", "--format", "csv"]);
    ctx.ok(&["report", "--format", "csv"]);
    let reports = std::fs::read_dir(ctx.file("reports")).unwrap().count();
    assert_eq!(reports, 2, "the second report overwrote the first");
}

#[test]
fn pdf_sets_text_as_typed_embeds_its_fonts_and_has_bookmarks() {
    let ctx = TestContext::workspace();
    let cfg = ctx
        .read("apiassure.toml")
        .replace("assessor = \"\"", "assessor = \"Анна Петрова\"");
    ctx.write("apiassure.toml", &cfg);
    ctx.ok(&["answer", "AUTHN-01.1", "yes", "--note", "✓ — Δ Проверено"]);
    let long = "https://wiki.acme.example/security/policies/api-gateway/authentication-standard-v3";
    ctx.ok(&["answer", "AUTHN-01.2", "yes", "--evidence", long]);
    ctx.ok(&["report", "-o", "r.pdf"]);
    let pdf = ctx.file("r.pdf");
    for tool in ["pdftotext", "pdffonts", "pdftoppm", "pdfinfo"] {
        if !crate::common::tool_available(tool, &["-v"], "apt-get install poppler-utils") {
            return;
        }
    }
    let run = |cmd: &str, args: &[&str]| {
        let out = Command::new(cmd).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{cmd}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let p = pdf.to_str().unwrap();
    let text = run("pdftotext", &[p, "-"]);
    assert!(
        text.contains("✓ — Δ Проверено"),
        "the note exactly as typed"
    );
    assert!(text.contains("Анна Петрова"), "the assessor as typed");
    assert!(!text.contains("??"), "no character silently replaced");
    // Every font embedded, with a Unicode map for text extraction.
    let fonts = run("pdffonts", &[p]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(
            (cols[n - 5], cols[n - 3]),
            ("yes", "yes"),
            "embedded, uni: {row}"
        );
    }
    let info = run("pdfinfo", &[p]);
    assert!(info.contains("Author:          Анна Петрова"), "{info}");
    assert!(info.contains("Producer:        apiassure"), "{info}");
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // Every page renders.
    let prefix = ctx.file("page");
    run(
        "pdftoppm",
        &["-r", "20", "-png", p, prefix.to_str().unwrap()],
    );
    let rendered = std::fs::read_dir(ctx.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("page")
        })
        .count();
    assert_eq!(rendered, pages);
    // Bookmarks: the outline has an entry per section start.
    let doc = lopdf::Document::load(&pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let outlines = catalog
        .get(b"Outlines")
        .and_then(|o| o.as_reference())
        .unwrap();
    let count = doc
        .get_dictionary(outlines)
        .unwrap()
        .get(b"Count")
        .and_then(|c| c.as_i64())
        .unwrap_or(0);
    assert!(count >= 5, "{count} bookmarks");
    // Evidence links are clickable, to the whole URL even where it wraps.
    let mut uris = Vec::new();
    for (_, page) in doc.get_pages() {
        let Ok(annots) = doc.get_dictionary(page).and_then(|p| p.get(b"Annots")) else {
            continue;
        };
        let list = match annots {
            lopdf::Object::Array(a) => a.clone(),
            lopdf::Object::Reference(r) => doc
                .get_object(*r)
                .and_then(|o| o.as_array())
                .cloned()
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        for a in list {
            let dict = match &a {
                lopdf::Object::Reference(r) => doc.get_dictionary(*r).ok(),
                lopdf::Object::Dictionary(d) => Some(d),
                _ => None,
            };
            if let Some(uri) = dict
                .and_then(|d| d.get(b"A").ok())
                .and_then(|a| match a {
                    lopdf::Object::Dictionary(d) => d.get(b"URI").ok().cloned(),
                    lopdf::Object::Reference(r) => doc
                        .get_dictionary(*r)
                        .ok()
                        .and_then(|d| d.get(b"URI").ok().cloned()),
                    _ => None,
                })
                .and_then(|u| {
                    u.as_str()
                        .ok()
                        .map(|b| String::from_utf8_lossy(b).into_owned())
                })
            {
                uris.push(uri);
            }
        }
    }
    assert!(uris.iter().any(|u| u == long), "{uris:?}");
}

#[test]
fn the_statement_of_applicability_lists_all_93_annex_a_controls() {
    let ctx = assessed();
    ctx.ok(&["answer", "AUTHN-01.3", "na", "--note", "no such endpoints"]);
    ctx.ok(&[
        "soa",
        "A.7.1",
        "excluded",
        "--justification",
        "No premises of our own: hosted in a SOC 2 audited cloud",
    ]);
    ctx.ok(&[
        "soa",
        "A.6.1",
        "applicable",
        "--justification",
        "Staff with API access are screened",
        "--status",
        "implemented",
        "--evidence",
        "Awareness programme SEC-TRN-2",
    ]);
    let json: Value =
        serde_json::from_str(&ctx.ok(&["report", "--format", "json", "-o", "-"])).unwrap();
    let soa = json["statement_of_applicability"]["rows"]
        .as_array()
        .unwrap();
    assert_eq!(soa.len(), 93);
    let row = |id: &str| soa.iter().find(|r| r["id"] == id).unwrap();
    assert_eq!(row("A.7.1")["applicable"], "no");
    assert_eq!(row("A.7.1")["decided_by"], "tester");
    assert!(row("A.7.1")["justification"]
        .as_str()
        .unwrap()
        .contains("SOC 2 audited cloud"));
    assert_eq!(row("A.6.1")["status"], "implemented");
    // The catalog proposes, it never decides: A.8.5 is mapped but undecided.
    assert_eq!(row("A.8.5")["applicable"], "not decided");
    assert!(row("A.8.5")["proposal"]
        .as_str()
        .unwrap()
        .starts_with("applicable: the API catalog maps"));
    assert_eq!(row("A.7.4")["applicable"], "not decided");
    let undecided = json["statement_of_applicability"]["undecided"]
        .as_array()
        .unwrap();
    assert_eq!(undecided.len(), 91);
    assert!(json["report"]["document_id"]
        .as_str()
        .unwrap()
        .starts_with("APIA-"));
    // The PDF has it too, with every control.
    ctx.ok(&["report", "-o", "r.pdf"]);
    if !crate::common::tool_available("pdftotext", &["-v"], "apt-get install poppler-utils") {
        return;
    }
    let out = Command::new("pdftotext")
        .arg(ctx.file("r.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Statement of Applicability"));
    for (id, _, _) in apiassure::catalog::annex_a::ANNEX_A {
        assert!(text.contains(id), "{id} missing from the PDF");
    }
    for needle in [
        "INCOMPLETE",
        "Limitations of this report",
        "not an audit opinion",
        "Sign-off",
        "Period assessed",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
    // A malformed soa.toml is an error naming the file.
    ctx.write(
        "soa.toml",
        "schema_version = 1\n[controls.\"A.7.1\"]\napplicable = \"maybe\"\n",
    );
    let out = ctx.run(&["report", "-o", "x.pdf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        crate::common::stderr(&out).contains("soa.toml"),
        "{}",
        crate::common::stderr(&out)
    );
}

#[test]
fn html_sarif_and_ocsf_outputs() {
    let ctx = assessed();
    let port = crate::http_support::closed_port();
    // A document with a cleartext server and an unsecured operation: the
    // design checks fail even though the API itself is down.
    ctx.write(
        "openapi.yaml",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nservers: [{url: 'http://api.example.com/v1'}]\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n",
    );
    let cfg = ctx.read("apiassure.toml")
        + &format!("\n[[targets]]\nname = \"api\"\nurl = \"http://127.0.0.1:{port}/v1\"\nopenapi = \"openapi.yaml\"\n");
    ctx.write("apiassure.toml", &cfg);
    ctx.ok(&["probe", "--quiet", "--timeout", "1"]);

    // HTML: one self-contained file, nothing fetched, text as typed, links clickable.
    let html = ctx.ok(&["report", "--format", "html", "-o", "-"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Geprüft ✓ – alle Routen; 日本語 note"));
    assert!(html.contains("<a href=\"https://wiki.acme.example/gateway\""));
    for external in [
        "<script", "<link", "<img", "<iframe", "src=", "@import", "url(",
    ] {
        assert!(!html.contains(external), "external reference {external}");
    }
    assert!(html.contains("Statement of Applicability"));

    // SARIF: valid against the OASIS schema, located at the target's stanza.
    let sarif: Value =
        serde_json::from_str(&ctx.ok(&["report", "--format", "sarif", "-o", "-"])).unwrap();
    crate::common::assert_valid_sarif(&sarif);
    let run = &sarif["runs"][0];
    assert_eq!(
        run["tool"]["driver"]["rules"].as_array().unwrap().len(),
        apiassure::model::checks::CHECKS.len()
    );
    let results = run["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "openapi.transport" && r["level"] == "error"),
        "{results:?}"
    );
    let line = cfg
        .lines()
        .position(|l| l.starts_with("url = \"http://127.0.0.1"))
        .unwrap()
        + 1;
    for r in results {
        assert!(
            matches!(r["level"].as_str(), Some("error" | "warning")),
            "{r}"
        );
        assert_eq!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            line
        );
        assert_eq!(
            r["partialFingerprints"]["apiassureCheck/v1"]
                .as_str()
                .unwrap()
                .len(),
            64
        );
    }

    // OCSF: one Compliance Finding per requirement of each framework, then
    // one per current check result.
    let ocsf = ctx.ok(&[
        "report",
        "--format",
        "ocsf",
        "-o",
        "-",
        "--framework",
        "iso27001-2022",
    ]);
    let events: Vec<Value> = ocsf
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let catalog = apiassure::catalog::load_embedded().unwrap();
    let iso = catalog.framework("iso27001-2022").unwrap();
    let per_requirement = events
        .iter()
        .filter(|e| e["metadata"]["log_name"] == "apiassure assessment")
        .count();
    assert_eq!(per_requirement, iso.requirements.len());
    assert!(events[per_requirement..]
        .iter()
        .all(|e| e["metadata"]["log_name"] == "apiassure probe"));
    for e in &events {
        assert_eq!(e["class_uid"], 2003);
        assert_eq!(e["type_uid"], 200301);
        assert!(matches!(
            e["compliance"]["status"].as_str(),
            Some("Pass" | "Warning" | "Fail" | "Other")
        ));
        assert!(e["time"].is_i64());
    }
}

#[test]
fn oscal_assessment_results_pass_trestle_validate() {
    let ctx = assessed();
    ctx.ok(&[
        "answer",
        "AUTHN-01.2",
        "yes",
        "--evidence",
        "https://wiki.acme.example/oauth",
    ]);
    let text = ctx.ok(&["report", "--format", "oscal", "-o", "-"]);
    let v: Value = serde_json::from_str(&text).unwrap();
    let ar = &v["assessment-results"];
    assert_eq!(ar["metadata"]["oscal-version"], "1.2.1");
    let result = &ar["results"][0];
    let obs = result["observations"].as_array().unwrap();
    let answer = obs
        .iter()
        .find(|o| o["title"] == "AUTHN-01.2: answered yes")
        .unwrap();
    assert_eq!(
        answer["methods"],
        serde_json::json!(["INTERVIEW", "EXAMINE"])
    );
    assert_eq!(
        answer["relevant-evidence"][0]["href"],
        "https://wiki.acme.example/oauth"
    );
    assert!(answer["expires"].is_string() && answer["collected"].is_string());
    let findings = result["findings"].as_array().unwrap();
    let selected = result["reviewed-controls"]["control-selections"][0]["include-controls"]
        .as_array()
        .unwrap();
    assert_eq!(findings.len(), selected.len());
    assert!(findings.iter().all(|f| matches!(
        f["target"]["status"]["state"].as_str(),
        Some("satisfied" | "not-satisfied")
    )));
    // The same inputs give the same document (v5 UUIDs); trestle accepts it.
    if !crate::common::tool_available("trestle", &["version"], "pip install compliance-trestle") {
        return;
    }
    let tw = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new("trestle")
            .args(args)
            .current_dir(tw.path())
            .output()
            .unwrap()
    };
    assert!(run(&["init"]).status.success());
    let dir = tw.path().join("assessment-results/apiassure");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("assessment-results.json");
    std::fs::write(&file, &text).unwrap();
    let out = run(&["validate", "-f", file.to_str().unwrap()]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success() && said.contains("VALID"), "{said}");
    // And it would say so if it were not: a finding without its target.
    let mut broken = v.clone();
    broken["assessment-results"]["results"][0]["findings"][0]
        .as_object_mut()
        .unwrap()
        .remove("target");
    std::fs::write(&file, serde_json::to_string(&broken).unwrap()).unwrap();
    let out = run(&["validate", "-f", file.to_str().unwrap()]);
    assert!(
        !out.status.success(),
        "trestle accepted a finding without a target"
    );
}
