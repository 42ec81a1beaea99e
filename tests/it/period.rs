//! The audit period: months simulated with libfaketime around the binary
//! (Debian `faketime`), a loopback API whose behaviour the test switches
//! between probes.

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde_json::Value;

use crate::common::{stderr, stdout, TestContext, BIN};
use crate::http_support::{serve, Req, Resp};

/// Run apiassure at a faked date and time (UTC).
fn at(ctx: &TestContext, when: &str, args: &[&str]) -> std::process::Output {
    Command::new("faketime")
        .arg(when)
        .arg(BIN)
        .args(args)
        .current_dir(ctx.path())
        .env("APIASSURE_WORKSPACE", ctx.path())
        .env("APIASSURE_USER", "tester")
        .env("NO_COLOR", "1")
        .env("TZ", "UTC")
        .output()
        .expect("run faketime")
}

fn ok_at(ctx: &TestContext, when: &str, args: &[&str]) -> String {
    let out = at(ctx, when, args);
    assert!(
        out.status.success(),
        "{when} apiassure {args:?}: {}",
        stderr(&out)
    );
    stdout(&out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn months_of_probes_and_activities_give_exceptions_gaps_and_missed_slots() {
    if !crate::common::tool_available(
        "faketime",
        &["2026-01-01", "true"],
        "apt-get install faketime",
    ) {
        return;
    }
    // Open: data without credentials (auth.required fails); closed: 401.
    let open = Arc::new(AtomicBool::new(true));
    let o = open.clone();
    let addr = serve(Arc::new(move |_req: &Req| {
        if o.load(Ordering::SeqCst) {
            Resp::json(200, r#"{"accounts":[1,2,3]}"#)
        } else {
            Resp::json(401, r#"{"error":"unauthorized"}"#).header("WWW-Authenticate", "Bearer")
        }
    }))
    .await;
    let ctx = TestContext::empty();
    ok_at(
        &ctx,
        "2025-12-20 09:00:00",
        &["init", "--org", "Acme", "--system", "Payments"],
    );
    let cfg = ctx.read("apiassure.toml");
    ctx.write(
        "apiassure.toml",
        &format!(
            "{cfg}\n[recurring]\n\"AUTHZ-04\" = \"monthly\"\n\n[[targets]]\nname = \"payments\"\nurl = \"http://127.0.0.1:{}/v1/accounts\"\n",
            addr.port()
        ),
    );
    let probe = |when: &str| {
        let out = at(&ctx, when, &["probe", "--timeout", "3"]);
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "{}",
            stderr(&out)
        );
    };
    ok_at(
        &ctx,
        "2026-01-02 08:00:00",
        &["answer", "AUTHN-01.1", "yes", "--note", "gateway"],
    );
    probe("2026-01-05 10:00:00"); // fails
    open.store(false, Ordering::SeqCst);
    probe("2026-01-08 10:00:00"); // passes three days later
                                  // Silence for 33 days, then a pass.
    probe("2026-02-10 10:00:00");
    probe("2026-03-01 10:00:00");
    probe("2026-03-25 10:00:00");
    // After the period ends: a failure that must not count.
    open.store(true, Ordering::SeqCst);
    probe("2026-04-02 10:00:00");
    // The monthly access review: January and March, not February.
    ctx.write("review-jan.csv", "user,kept\nana,yes\n");
    ok_at(
        &ctx,
        "2026-01-15 12:00:00",
        &[
            "activity",
            "AUTHZ-04",
            "--on",
            "2026-01-15",
            "--note",
            "January access review",
            "--attach",
            "review-jan.csv",
        ],
    );
    ok_at(
        &ctx,
        "2026-03-10 12:00:00",
        &[
            "activity",
            "AUTHZ-04",
            "--on",
            "2026-03-10",
            "--note",
            "March access review",
        ],
    );
    // An answer changed in the period.
    ok_at(
        &ctx,
        "2026-02-01 08:00:00",
        &["answer", "AUTHN-01.1", "partial"],
    );

    let period = "2026-01-01..2026-03-31";
    let json: Value = serde_json::from_str(&ok_at(
        &ctx,
        "2026-04-05 09:00:00",
        &["period", period, "--json"],
    ))
    .unwrap();
    // One exception of auth.required, with both dates.
    let exceptions = json["exceptions"].as_array().unwrap();
    let auth: Vec<&Value> = exceptions
        .iter()
        .filter(|e| e["check"] == "auth.required")
        .collect();
    assert_eq!(auth.len(), 1, "{auth:#?}");
    assert_eq!(auth[0]["result"], "fail");
    assert!(auth[0]["start"].as_str().unwrap().starts_with("2026-01-05"));
    assert!(auth[0]["end"].as_str().unwrap().starts_with("2026-01-08"));
    assert_eq!(auth[0]["open"], false);
    assert!((auth[0]["duration_days"].as_f64().unwrap() - 3.0).abs() < 0.2);
    // The failure after the end is not counted: auth.required is closed,
    // nothing starts after the end.
    assert!(exceptions
        .iter()
        .all(|e| !e["start"].as_str().unwrap().starts_with("2026-04")));
    // The 33-day silence is a gap (and none elsewhere: 30 days is the cadence).
    let gaps = json["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 1, "{gaps:#?}");
    assert!(
        gaps.iter()
            .any(|g| g["from"].as_str().unwrap().starts_with("2026-01-08")
                && g["to"].as_str().unwrap().starts_with("2026-02-10")),
        "{gaps:#?}"
    );
    // February's access review is missed.
    let missed: Vec<&Value> = exceptions
        .iter()
        .filter(|e| e["kind"] == "missed-activity")
        .collect();
    assert_eq!(missed.len(), 1, "{missed:#?}");
    assert!(missed[0]["start"]
        .as_str()
        .unwrap()
        .starts_with("2026-02-01"));
    let review = json["recurring"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["control"] == "AUTHZ-04")
        .unwrap();
    assert_eq!(review["frequency"], "monthly");
    assert_eq!(review["source"], "apiassure.toml");
    assert_eq!(review["slots"].as_array().unwrap().len(), 3);
    assert_eq!(
        review["slots"][0]["occurrences"][0]["attachments"][0]["name"],
        "review-jan.csv"
    );
    // Controls: AUTHN-01 is not effective (this API is plain http://, so
    // credentials in cleartext fail all period long: still open at the
    // end); AUTHZ-04 operated with one miss.
    let control = |id: &str| {
        json["controls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["control"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        control("AUTHN-01")["status"],
        "not-effective",
        "{}",
        control("AUTHN-01")
    );
    assert!(exceptions
        .iter()
        .any(|e| e["check"] == "auth.cleartext" && e["open"] == true));
    assert_eq!(control("AUTHZ-04")["status"], "effective-with-exceptions");
    // The design change is listed with who and when.
    assert!(json["design_changes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["question"] == "AUTHN-01.1" && d["new"] == "partial"));

    // Management responds to the exception; the reports carry it.
    let id = auth[0]["id"].as_str().unwrap().to_string();
    ok_at(
        &ctx,
        "2026-04-06 09:00:00",
        &[
            "respond",
            &id,
            "--text",
            "Gateway route added without policy; fixed in CHG-812",
            "--period",
            period,
        ],
    );
    let out = at(
        &ctx,
        "2026-04-06 09:01:00",
        &["respond", "EX-00000000", "--text", "x", "--period", period],
    );
    assert_eq!(out.status.code(), Some(2));
    let md = ok_at(
        &ctx,
        "2026-04-07 09:00:00",
        &["report", "--format", "md", "-o", "-", "--period", period],
    );
    let section = &md[md
        .find("Operating effectiveness, 2026-01-01 to 2026-03-31")
        .expect("the section")..];
    assert!(section.contains(&id), "{section}");
    assert!(section.contains("fixed in CHG-812"));
    assert!(section.contains("MISSED"));
    assert!(md.contains("declared audit period"));
    let report: Value = serde_json::from_str(&ok_at(
        &ctx,
        "2026-04-07 09:00:00",
        &["report", "--format", "json", "-o", "-", "--period", period],
    ))
    .unwrap();
    crate::schema::valid("report.schema.json", &report.to_string());
    assert_eq!(
        report["operating_effectiveness"]["exceptions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id.as_str())
            .unwrap()["responses"][0]["by"],
        "tester"
    );
    let oscal: Value = serde_json::from_str(&ok_at(
        &ctx,
        "2026-04-07 09:00:00",
        &["report", "--format", "oscal", "-o", "-", "--period", period],
    ))
    .unwrap();
    let result = &oscal["assessment-results"]["results"][0];
    assert_eq!(result["start"], "2026-01-01T00:00:00Z");
    assert_eq!(result["end"], "2026-04-01T00:00:00Z");
    // The same period from apiassure.toml.
    let cfg = ctx.read("apiassure.toml");
    ctx.write(
        "apiassure.toml",
        &cfg.replace(
            "[recurring]",
            &format!("[audit]\nperiod = \"{period}\"\n\n[recurring]"),
        ),
    );
    let again = ok_at(&ctx, "2026-04-07 09:00:00", &["period"]);
    assert!(again.contains(&id), "{again}");
}
