//! The audit pack (issue: an auditor accepts it): applicability as
//! management's recorded decision, evidence files, one signed pack.

use serde_json::Value;

use crate::common::{stderr, stdout, TestContext};

fn soa_json(ctx: &TestContext) -> Value {
    let out = ctx.run(&["soa", "--json"]);
    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)))
}

fn row<'a>(st: &'a Value, id: &str) -> &'a Value {
    st["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap()
}

#[test]
fn na_answers_never_exclude_a_control() {
    let ctx = TestContext::workspace();
    // Every question of every control mapped to A.5.31 answered n/a with a
    // reason: the control is still undecided, never excluded.
    let st = soa_json(&ctx);
    let mapped = row(&st, "A.5.31")["proposal"].as_str().unwrap().to_string();
    let controls: Vec<String> = mapped
        .trim_start_matches("applicable: the API catalog maps ")
        .trim_end_matches(" to it")
        .split(", ")
        .map(str::to_string)
        .collect();
    let questions: Value = serde_json::from_str(&ctx.ok(&["questions", "--json"])).unwrap();
    let mut n = 0;
    for q in questions["questions"].as_array().unwrap() {
        let id = q["id"].as_str().unwrap();
        if controls.iter().any(|c| q["control"] == c.as_str()) {
            ctx.ok(&["answer", id, "na", "--note", "we are not regulated"]);
            n += 1;
        }
    }
    assert!(n > 0, "no questions mapped to A.5.31 ({mapped})");
    let st = soa_json(&ctx);
    let r = row(&st, "A.5.31");
    assert_eq!(r["applicable"], "not decided", "{r}");
    assert!(r["assessment"]
        .as_str()
        .unwrap()
        .contains("does not exclude"));
    assert!(st["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["applicable"] != "no"));
    assert_eq!(st["undecided"].as_array().unwrap().len(), 93);
    // Listing exits 1 while the statement is incomplete.
    assert_eq!(ctx.run(&["soa"]).status.code(), Some(1));
}

#[test]
fn a_decision_the_assessment_disagrees_with_is_a_conflict_not_replaced() {
    let ctx = TestContext::workspace();
    ctx.ok(&[
        "answer",
        "AUTHN-01.1",
        "yes",
        "--note",
        "gateway enforces it",
    ]);
    let out = ctx.ok(&[
        "soa",
        "A.8.5",
        "excluded",
        "--justification",
        "handled by the parent company",
    ]);
    assert!(out.contains("conflict: excluded, but"), "{out}");
    let st = soa_json(&ctx);
    let r = row(&st, "A.8.5");
    assert_eq!(r["applicable"], "no", "the decision stands");
    assert!(r["conflict"].as_str().unwrap().contains("AUTHN-01.1"));
    assert_eq!(st["conflicts"], serde_json::json!(["A.8.5"]));
    // "implemented" while the assessment scores low is a conflict too.
    ctx.ok(&[
        "soa",
        "A.8.5",
        "applicable",
        "--justification",
        "every API authenticates",
        "--status",
        "implemented",
    ]);
    let st = soa_json(&ctx);
    let r = row(&st, "A.8.5");
    assert_eq!(r["status"], "implemented");
    assert!(
        r["conflict"]
            .as_str()
            .unwrap()
            .starts_with("decided implemented, but the assessment scores"),
        "{r}"
    );
    // A status outside the catalog's proposal set for an unmapped control
    // is the decision, with no conflict.
    ctx.ok(&[
        "soa",
        "A.6.3",
        "applicable",
        "--justification",
        "training for API developers",
        "--status",
        "partially implemented",
    ]);
    let st = soa_json(&ctx);
    assert_eq!(row(&st, "A.6.3")["status"], "partially implemented");
    assert!(row(&st, "A.6.3").get("conflict").is_none());
}

#[test]
fn decisions_are_refused_without_a_justification_and_journaled_with_who() {
    let ctx = TestContext::workspace();
    let out = ctx.run(&["soa", "A.5.31", "excluded"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("needs a justification"),
        "{}",
        stderr(&out)
    );
    let out = ctx.run(&["soa", "A.9.9", "excluded", "--justification", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not an ISO/IEC 27001:2022 Annex A control"));
    let out = ctx.run(&[
        "soa",
        "A.7.1",
        "applicable",
        "--justification",
        "x",
        "--status",
        "mostly",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!ctx.file("soa.toml").exists());
    ctx.ok(&[
        "soa",
        "A.7.1",
        "excluded",
        "--justification",
        "no premises: hosted in a SOC 2 audited cloud",
    ]);
    let log = ctx.ok(&["log"]);
    assert!(
        log.contains("A.7.1: SoA decision excluded by tester"),
        "{log}"
    );
    assert!(ctx.run(&["verify"]).status.success());
    // A decision typed into soa.toml by hand is nobody's decision.
    let text = ctx.read("soa.toml");
    ctx.write(
        "soa.toml",
        &format!("{text}\n[controls.\"A.7.2\"]\napplicable = false\njustification = \"by hand\"\n"),
    );
    let out = ctx.run(&["verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("A.7.2: a decision (excluded) that no journal entry records"),
        "{}",
        stdout(&out)
    );
    // Withdrawn, it is undecided again.
    ctx.write("soa.toml", &text);
    ctx.ok(&["soa", "A.7.1", "--withdraw"]);
    assert_eq!(row(&soa_json(&ctx), "A.7.1")["applicable"], "not decided");
    assert!(ctx.run(&["verify"]).status.success());
}

#[test]
fn attached_files_are_stored_by_hash_and_verify_names_a_changed_or_missing_one() {
    let ctx = TestContext::workspace();
    ctx.write("policy.pdf", "%PDF-1.4 access control policy v3\n");
    ctx.write("review.csv", "user,role,kept\nana,admin,yes\n");
    let out = ctx.ok(&[
        "answer",
        "AUTHN-01.1",
        "yes",
        "--attach",
        "policy.pdf",
        "--attach",
        "review.csv",
        "--covers",
        "2026-01-01..2026-03-31",
    ]);
    let sha = |text: &str| {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(text.as_bytes()))
    };
    let policy_sha = sha("%PDF-1.4 access control policy v3\n");
    assert!(out.contains(&policy_sha), "{out}");
    assert_eq!(
        ctx.read(&format!("attachments/{policy_sha}")),
        "%PDF-1.4 access control policy v3\n"
    );
    // Re-answering keeps the files; the journal records them with the answer.
    ctx.ok(&[
        "answer",
        "AUTHN-01.1",
        "partial",
        "--note",
        "one gateway left",
    ]);
    let answers: toml::Value = toml::from_str(&ctx.read("answers.toml")).unwrap();
    let files = answers["answers"]["AUTHN-01.1"]["attachments"]
        .as_array()
        .unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["name"].as_str(), Some("policy.pdf"));
    assert_eq!(files[0]["by"].as_str(), Some("tester"));
    assert_eq!(files[0]["covers"].as_str(), Some("2026-01-01..2026-03-31"));
    assert!(ctx.run(&["verify"]).status.success());
    // The reports list each file with its hash.
    let json: Value =
        serde_json::from_str(&ctx.ok(&["report", "--format", "json", "-o", "-"])).unwrap();
    assert_eq!(
        json["answers"]["AUTHN-01.1"]["attachments"][0]["sha256"],
        policy_sha.as_str()
    );
    let md = ctx.ok(&["report", "--format", "md", "-o", "-"]);
    assert!(md.contains("Attached evidence files"), "{md}");
    assert!(md.contains(&policy_sha));
    // A changed file is named.
    ctx.write(
        &format!("attachments/{policy_sha}"),
        "%PDF-1.4 access control policy v4\n",
    );
    let out = ctx.run(&["verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("attachment policy.pdf was changed after it was attached"),
        "{}",
        stdout(&out)
    );
    // So is a missing one.
    std::fs::remove_file(ctx.file(&format!("attachments/{policy_sha}"))).unwrap();
    let out = ctx.run(&["verify"]);
    assert!(stdout(&out).contains("attachment policy.pdf is missing"));
    // Detached, the answer no longer names it.
    ctx.ok(&["answer", "AUTHN-01.1", "--detach", "policy.pdf"]);
    assert!(ctx.run(&["verify"]).status.success());
}

#[test]
fn an_attachment_over_the_cap_is_refused_with_the_setting_named() {
    let ctx = TestContext::workspace();
    let cfg = ctx.read("apiassure.toml");
    ctx.write(
        "apiassure.toml",
        &cfg.replace("attachment_max_mib = 25", "attachment_max_mib = 1"),
    );
    std::fs::write(ctx.file("big.bin"), vec![7u8; 1024 * 1024 + 1]).unwrap();
    let out = ctx.run(&["answer", "AUTHN-01.1", "yes", "--attach", "big.bin"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("big.bin") && err.contains("attachment_max_mib"),
        "{err}"
    );
    assert!(
        !ctx.file("attachments").exists()
            || std::fs::read_dir(ctx.file("attachments")).unwrap().count() == 0
    );
    assert!(!ctx.read("answers.toml").contains("AUTHN-01.1"));
    let out = ctx.run(&["answer", "AUTHN-01.1", "yes", "--attach", "nope.pdf"]);
    assert!(stderr(&out).contains("nope.pdf"));
}

/// The document id in every file of a pack (PDF text through pdftotext
/// when it is installed).
fn ids_in(dir: &std::path::Path) -> Vec<(String, String)> {
    let re = |text: &str| {
        let mut ids: Vec<String> = text
            .match_indices("APIA-")
            .map(|(i, _)| text[i..].chars().take(26).collect())
            .collect();
        ids.sort();
        ids.dedup();
        ids.join(" ")
    };
    let mut out = Vec::new();
    for f in [
        "report.html",
        "report.md",
        "report.json",
        "report.csv",
        "report.sarif",
        "report.ocsf.jsonl",
        "report.oscal.json",
    ] {
        let text = std::fs::read_to_string(dir.join(f)).unwrap();
        out.push((f.to_string(), re(&text)));
    }
    out
}

#[test]
fn a_signed_pack_shares_one_id_across_formats_and_packs_and_verify_catches_tampering() {
    let ctx = TestContext::workspace();
    ctx.ok(&["answer", "AUTHN-01.1", "yes", "--note", "gateway"]);
    ctx.write("policy.txt", "access policy\n");
    ctx.ok(&["answer", "AUTHN-01.2", "partial", "--attach", "policy.txt"]);
    let key = ctx.file("signing.key");
    let out = ctx.ok(&["keygen", key.to_str().unwrap()]);
    let public = out
        .lines()
        .find_map(|l| l.strip_prefix("Public key: "))
        .unwrap()
        .to_string();
    let signed = |args: &[&str]| {
        let out = ctx
            .cmd(args)
            .env("APIASSURE_SIGNING_KEY", &key)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    let first = signed(&["report", "--pack", "-o", "pack1"]);
    assert!(first.contains("version 1"), "{first}");
    let id = first
        .lines()
        .find_map(|l| l.strip_prefix("Document: "))
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    for (file, ids) in ids_in(&ctx.file("pack1")) {
        assert_eq!(ids, id, "{file}");
    }
    let json: Value = serde_json::from_str(&ctx.read("pack1/report.json")).unwrap();
    let head = json["report"]["journal_heads"][0]
        .as_str()
        .unwrap()
        .to_string();
    for f in [
        "report.csv",
        "report.sarif",
        "report.ocsf.jsonl",
        "report.oscal.json",
    ] {
        assert!(
            ctx.read(&format!("pack1/{f}")).contains(&head),
            "{f} lacks the journal head"
        );
    }
    // The attachment travels in the pack, named by its hash.
    let attached = std::fs::read_dir(ctx.file("pack1/attachments"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<Vec<_>>();
    assert_eq!(attached.len(), 1);
    assert!(attached[0].ends_with("-policy.txt"));

    // An approval of this state fills the sign-off; the next pack of the
    // same state keeps the id, is version 2 and lists version 1.
    let out = ctx
        .cmd(&["approve", "--report", "--role", "System owner"])
        .env("APIASSURE_USER", "Sam Owner")
        .env("APIASSURE_SIGNING_KEY", &key)
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains(&format!("report {id} approved by Sam Owner")),
        "{}",
        stderr(&out)
    );
    let second = signed(&["report", "--pack", "-o", "pack2"]);
    assert!(
        second.contains(&format!("Document: {id} version 2")),
        "{second}"
    );
    let md = ctx.read("pack2/report.md");
    let control = &md[md.find("Document control").unwrap()..];
    assert!(control.contains("| 1 |"), "{control}");
    let sign_off = &md[md.find("## Sign-off").unwrap()..];
    assert!(sign_off.contains("Sam Owner"), "{sign_off}");
    assert!(sign_off.contains("signed (key"), "{sign_off}");
    assert!(md.starts_with("**Confidential**"));
    assert!(ctx.ok(&["log"]).contains("audit pack version 2"));

    // The pack verifies offline, with the key given separately.
    let verify = |dir: &str, trust: &str| ctx.run(&["verify", "--pack", dir, "--trust", trust]);
    let out = verify("pack2", &public);
    assert!(out.status.success(), "{}", stdout(&out));
    // A key other than the trusted one fails.
    let other = ctx.file("other.key");
    let out = ctx.ok(&["keygen", other.to_str().unwrap()]);
    let other_public = out
        .lines()
        .find_map(|l| l.strip_prefix("Public key: "))
        .unwrap()
        .to_string();
    let out = verify("pack2", &other_public);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("not one of the trusted keys"));
    // openssl checks the same signature.
    if crate::common::tool_available("openssl", &["version"], "apt-get install openssl") {
        let ok = std::process::Command::new("openssl")
            .args([
                "pkeyutl",
                "-verify",
                "-pubin",
                "-inkey",
                "signing-key.pem",
                "-rawin",
                "-in",
                "SHA256SUMS",
                "-sigfile",
                "SHA256SUMS.sig",
            ])
            .current_dir(ctx.file("pack2"))
            .output()
            .unwrap();
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stdout)
        );
    }
    // A changed report, an added file or a re-signed list are all caught.
    let pdf = ctx.file("pack2/report.md");
    std::fs::write(&pdf, md.replace("Sam Owner", "Someone Else")).unwrap();
    std::fs::write(ctx.file("pack2/extra.txt"), "slipped in").unwrap();
    let out = verify("pack2", &public);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("report.md: changed"), "{text}");
    assert!(
        text.contains("extra.txt: not listed in SHA256SUMS"),
        "{text}"
    );
    // Never written over another pack.
    let out = ctx.run(&["report", "--pack", "-o", "pack1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not empty"));
}

/// Validate one OSCAL document in a trestle workspace (trestle wants its
/// model folder layout).
fn trestle_valid(tw: &std::path::Path, model: &str, file: &str, text: &str) {
    let dir = tw.join(format!("{model}s/apiassure"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    let out = std::process::Command::new("trestle")
        .args(["validate", "-f", path.to_str().unwrap()])
        .current_dir(tw)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && said.contains("VALID"),
        "{file}: {said}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pack_from_a_probed_api_carries_risks_poam_and_per_check_findings_its_tools_accept() {
    use crate::http_support::{serve, Req, Resp};
    // An API that serves data without credentials: a critical failure.
    let addr = serve(std::sync::Arc::new(|_req: &Req| {
        Resp::json(200, r#"{"accounts":[{"iban":"DE89370400440532013000"}]}"#)
    }))
    .await;
    let ctx = TestContext::workspace();
    let cfg = ctx.read("apiassure.toml");
    ctx.write(
        "apiassure.toml",
        &format!(
            "{cfg}\n[[targets]]\nurl = \"http://127.0.0.1:{}/v1/accounts\"\nname = \"payments\"\n",
            addr.port()
        ),
    );
    // Every question answered yes: without the evidence the bands read ready.
    let questions: Value = serde_json::from_str(&ctx.ok(&["questions", "--json"])).unwrap();
    let mut csv = String::from("id,answer\n");
    for q in questions["questions"].as_array().unwrap() {
        csv.push_str(&format!("{},yes\n", q["id"].as_str().unwrap()));
    }
    ctx.write("all-yes.csv", &csv);
    ctx.ok(&["import", "all-yes.csv"]);
    let out = ctx.run(&["probe", "--timeout", "3"]);
    assert!(out.status.code().is_some(), "{}", stderr(&out));
    let score: Value = serde_json::from_str(&ctx.ok(&["score", "--json"])).unwrap();
    let soc2 = score["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "soc2")
        .unwrap();
    assert_eq!(soc2["band"], "major-gaps", "{soc2}");
    assert!(
        soc2["band_reason"]
            .as_str()
            .unwrap()
            .contains("auth.required on payments"),
        "{soc2}"
    );

    ctx.ok(&["report", "--pack", "-o", "pack"]);
    let read = |f: &str| ctx.read(&format!("pack/{f}"));
    // OSCAL: the failing check is a risk, in the results and the POA&M; the
    // target is a subject; the answerer a party.
    let ar: Value = serde_json::from_str(&read("report.oscal.json")).unwrap();
    let result = &ar["assessment-results"]["results"][0];
    let risks = result["risks"].as_array().unwrap();
    assert!(risks
        .iter()
        .any(|r| r["title"] == "auth.required fails on payments"));
    assert_eq!(
        result["local-definitions"]["inventory-items"][0]["props"][1]["value"],
        format!("http://127.0.0.1:{}/v1/accounts", addr.port())
    );
    assert!(ar["assessment-results"]["metadata"]["parties"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "tester" && p["type"] == "person"));
    assert!(result["attestations"][0]["parts"][0]["parts"]
        .as_array()
        .is_some_and(|p| p.len() == 93));
    assert_eq!(
        ar["assessment-results"]["import-ap"]["href"],
        "oscal-assessment-plan.json"
    );
    let poam: Value = serde_json::from_str(&read("oscal-poam.json")).unwrap();
    assert!(!poam["plan-of-action-and-milestones"]["poam-items"]
        .as_array()
        .unwrap()
        .is_empty());
    // OCSF: per-check findings at their observation time beside the
    // per-requirement ones, and no organisation in a user object.
    let events: Vec<Value> = read("report.ocsf.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let check = events
        .iter()
        .find(|e| e["finding_info"]["title"] == "auth.required on payments")
        .expect("a per-check finding");
    assert_eq!(check["compliance"]["status"], "Fail");
    assert_eq!(check["severity"], "Critical");
    assert!(check["time"].as_i64().unwrap() < events[0]["time"].as_i64().unwrap() + 1);
    assert!(events
        .iter()
        .all(|e| e["resources"][0].get("owner").is_none()));

    if crate::common::tool_available("trestle", &["version"], "pip install compliance-trestle") {
        let tw = tempfile::tempdir().unwrap();
        let init = std::process::Command::new("trestle")
            .arg("init")
            .current_dir(tw.path())
            .output()
            .unwrap();
        assert!(init.status.success());
        trestle_valid(
            tw.path(),
            "catalog",
            "catalog.json",
            &read("oscal-catalog.json"),
        );
        trestle_valid(
            tw.path(),
            "profile",
            "profile.json",
            &read("oscal-profile.json"),
        );
        trestle_valid(
            tw.path(),
            "assessment-plan",
            "assessment-plan.json",
            &read("oscal-assessment-plan.json"),
        );
        trestle_valid(
            tw.path(),
            "assessment-result",
            "assessment-results.json",
            &read("report.oscal.json"),
        );
        trestle_valid(
            tw.path(),
            "plan-of-action-and-milestone",
            "plan-of-action-and-milestones.json",
            &read("oscal-poam.json"),
        );
    }
    if crate::common::tool_available(
        "python3",
        &["-c", "import py_ocsf_models"],
        "pip install py-ocsf-models",
    ) {
        let script = r#"
import json, sys
from py_ocsf_models.events.findings.compliance_finding import ComplianceFinding
n = 0
for line in open(sys.argv[1]):
    ComplianceFinding.model_validate(json.loads(line))
    n += 1
print(n)
"#;
        let out = std::process::Command::new("python3")
            .args([
                "-c",
                script,
                ctx.file("pack/report.ocsf.jsonl").to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            events.len().to_string()
        );
    }
}
