//! The report's content, checked on a small hand-made workspace (fixed
//! clock, so snapshots need no filters) and on the embedded catalog.

use chrono::{DateTime, TimeZone, Utc};

use super::*;
use crate::catalog::{load_sources, FileKind, SourceFile};
use crate::model::evidence::ledger::Ledger;
use crate::model::evidence::tls::{
    CertInfo, CertificateObservation, ProtocolObservation, TlsObservation,
};
use crate::model::evidence::EVIDENCE_SCHEMA_VERSION;
use crate::model::{Answer, AnswerSet, AnswerValue, CheckOutcome, CheckResult, EvidenceRun};
use crate::report::model::{Block, Document};
use crate::report::{markdown, IntegrityRow};
use crate::scoring;
use crate::workspace::config::Config;
use crate::workspace::evidence::Verification;
use crate::workspace::history::{FrameworkPoint, Snapshot};

const QUESTIONNAIRE: &str = r#"
schema_version = 1
[domain]
id = "transport"
title = "Transport security"
[[controls]]
id = "TLS-1"
title = "Encrypted transport"
objective = "o"
guidance = "g"
checks = ["tls.protocols"]
[[controls.questions]]
id = "TLS-1.1"
text = "Is every endpoint served over TLS 1.2 or newer only?"
help = "h"
[[controls.questions]]
id = "TLS-1.2"
text = "Are certificates renewed automatically?"
help = "h"
[[controls]]
id = "AUTH-1"
title = "Authentication"
objective = "o"
guidance = "g"
[[controls.questions]]
id = "AUTH-1.1"
text = "Do all endpoints require authentication?"
help = "h"
[[controls.questions]]
id = "AUTH-1.2"
text = "Is OAuth 2.0 used?"
help = "h"
"#;

const FRAMEWORK: &str = r#"
schema_version = 1
[framework]
id = "fx"
name = "Fixture Framework"
version = "2026"
description = "A framework for tests."
[[sources]]
id = "CSA CCM v4"
document = "Cloud Controls Matrix"
version = "4.0"
publisher = "Cloud Security Alliance"
licence = "test licence"
[[requirements]]
id = "FX.1"
title = "Transport | protection"
summary = "s"
weight = 2
controls = ["TLS-1"]
provenance = "CSA CCM v4"
provenance_note = "CEK-03"
[[requirements]]
id = "FX.2"
title = "Access"
summary = "s"
weight = 1
controls = ["AUTH-1"]
provenance = "editorial"
"#;

fn at(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 14, h, 30, 0).unwrap()
}

fn answer(value: AnswerValue, note: &str, evidence: &[&str]) -> Answer {
    Answer {
        answer: value,
        note: note.into(),
        evidence: evidence.iter().map(|s| s.to_string()).collect(),
        by: "dana".into(),
        at: at(9),
        review_by: None,
        approval: None,
        acceptance: None,
        attachments: Vec::new(),
    }
}

fn evidence_run() -> EvidenceRun {
    let tls = TlsObservation {
        host: "api.example.test".into(),
        port: 443,
        address: Some("127.0.0.1:443".into()),
        protocols: vec![
            ProtocolObservation {
                version: "TLSv1.0".into(),
                offered: true,
                cipher_suites: vec!["TLS_RSA_WITH_AES_128_CBC_SHA".into()],
                ..Default::default()
            },
            ProtocolObservation {
                version: "TLSv1.2".into(),
                offered: true,
                cipher_suites: vec!["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256".into()],
                ..Default::default()
            },
        ],
        certificate: Some(CertificateObservation {
            chain: vec![CertInfo {
                subject: "CN=api.example.test".into(),
                issuer: "CN=Test CA".into(),
                not_before: "2026-01-01".into(),
                not_after: "2026-12-31".into(),
                key_type: "EC".into(),
                curve: Some("P-256".into()),
                signature_algorithm: "ecdsa-with-SHA256".into(),
                sha256_fingerprint: "ab".repeat(32),
                ..Default::default()
            }],
            trusted: true,
            days_to_expiry: 292,
            name_checked: "api.example.test".into(),
            name_matches: true,
            roots: "webpki".into(),
            ..Default::default()
        }),
        ..Default::default()
    };
    EvidenceRun {
        schema_version: EVIDENCE_SCHEMA_VERSION,
        run_id: "20260314T100000Z-abcdef".into(),
        tool: "apiassure".into(),
        tool_version: "0.1.0".into(),
        started_at: at(10),
        finished_at: at(10),
        settings: serde_json::json!({"active": false}),
        targets: vec![crate::model::TargetEvidence {
            url: "https://api.example.test/v1".into(),
            name: Some("public-api".into()),
            tls: Some(tls),
            http: None,
            traffic: None,
            checks: vec![CheckResult::new(
                crate::checks::CheckId::TlsProtocols,
                CheckOutcome::Fail,
                "TLS 1.0 offered",
            )],
            adhoc: false,
            probed_at: None,
        }],
    }
}

/// A workspace's data: TLS-1 answered yes but failing its check (a
/// conflict), AUTH-1 half answered with a non-ASCII note.
fn fixture() -> ReportData {
    let file = |name: &str, text: &str, kind| SourceFile {
        name: name.into(),
        text: text.into(),
        kind,
        layer: 0,
    };
    let catalog = load_sources(&[
        file("q.toml", QUESTIONNAIRE, FileKind::Questionnaire),
        file("fx.toml", FRAMEWORK, FileKind::Framework),
    ])
    .unwrap();
    let mut answers = AnswerSet::default();
    answers.answers.insert(
        "TLS-1.1".into(),
        answer(AnswerValue::Yes, "", &["https://wiki.example.test/tls"]),
    );
    answers.answers.insert(
        "TLS-1.2".into(),
        answer(AnswerValue::Partial, "cert-manager on prod", &[]),
    );
    answers.answers.insert(
        "AUTH-1.1".into(),
        answer(AnswerValue::Yes, "Geprüft ✓ – 日本 | gateway", &[]),
    );
    let run = evidence_run();
    let mut ledger = Ledger::default();
    ledger.fold_run(&run);
    let evidence = scoring::EvidenceInput {
        targets: vec![scoring::TargetInput {
            label: "public-api".into(),
            url: "https://api.example.test/v1".into(),
            tls: true,
            openapi: false,
            oauth: false,
            checks: ledger.targets["https://api.example.test/v1"].checks.clone(),
            counts_for: Default::default(),
        }],
        runs: 1,
        latest_run: Some(run.run_id.clone()),
    };
    // Judged a few hours after the run: the evidence is current.
    let policy = scoring::Policy::at(at(12));
    let card = scoring::score(&catalog, &answers, &evidence, &policy);
    let mut config = Config::default();
    config.organisation.name = "Acme Zürich".into();
    config.system.name = "Payments API".into();
    config.system.scope = "Public API v1".into();
    config.assessment.assessor = "Dana".into();
    ReportData {
        period: None,
        packs: Vec::new(),
        pack_version: None,
        report_approvals: Vec::new(),
        attachments_ok: Default::default(),
        classification: "Confidential".into(),
        generated_at: at(12),
        tool_version: "0.1.0".into(),
        config,
        catalog,
        card,
        frameworks: vec!["fx".into()],
        answers,
        evidence,
        policy,
        integrity: vec![IntegrityRow {
            file: "20260314T100000Z-abcdef.json".into(),
            sha256: "cd".repeat(32),
            status: Verification::Ok,
        }],
        history: vec![Snapshot {
            at: at(11),
            trigger: "probe".into(),
            evidence_run: Some("20260314T100000Z-abcdef".into()),
            answered: 3,
            conflicts: 1,
            frameworks: vec![FrameworkPoint {
                id: "fx".into(),
                score: Some(25.0),
                coverage: 75.0,
                evidence_coverage: Some(100.0),
                band: Some("not ready".into()),
            }],
            controls: vec![],
            state: None,
        }],
        journal_heads: vec!["ab".repeat(32)],
        signers: vec![],
        answer_history: Default::default(),
        soa: None,
        owners: Default::default(),
        config_text: String::new(),
        tls_summaries: Default::default(),
        inventories: Default::default(),
        inherited: Vec::new(),
    }
}

fn tables<'a>(doc: &'a Document, section: &str) -> Vec<&'a Table> {
    doc.section(section)
        .unwrap_or_else(|| panic!("section {section:?}"))
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

#[test]
fn sections_come_in_reading_order() {
    let doc = document(&fixture());
    let titles: Vec<&str> = doc.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            COVER,
            LIMITATIONS,
            SUMMARY,
            "Fixture Framework",
            CONTROLS,
            EVIDENCE,
            HISTORY,
            METHODOLOGY,
            SIGN_OFF
        ]
    );
    assert_eq!(doc.organisation, "Acme Zürich");
    assert_eq!(doc.date, "2026-03-14");
}

#[test]
fn numbers_are_the_scorecards() {
    let data = fixture();
    let doc = document(&data);
    let f = data.card.framework("fx").unwrap();
    let summary = tables(&doc, SUMMARY)[0];
    assert_eq!(
        summary.rows[0][..4],
        [
            "Fixture Framework".to_string(),
            fmt_score(f.score),
            f.band.label().to_string(),
            format!("{:.1}%", f.coverage)
        ]
    );
    let reqs = tables(&doc, "Fixture Framework")[0];
    for (row, r) in reqs.rows.iter().zip(&f.requirements) {
        assert_eq!(row[0], r.id);
        assert_eq!(row[2], fmt_score(r.score));
    }
    assert_eq!(reqs.rows[0][6], "CSA CCM v4 (CEK-03)");
    assert_eq!(reqs.rows[1][6], "editorial");
    // Hand check: TLS-1 attested 75 but its only check failed: 0; AUTH-1 50.
    assert_eq!(reqs.rows[0][2], "0.0");
    assert_eq!(reqs.rows[1][2], "50.0");
    assert_eq!(fmt_score(f.score), "16.7");
}

#[test]
fn unanswered_questions_read_not_assessed() {
    let doc = document(&fixture());
    let rows: Vec<&Vec<String>> = tables(&doc, CONTROLS)
        .into_iter()
        .flat_map(|t| &t.rows)
        .collect();
    let unanswered = rows.iter().find(|r| r[0].starts_with("AUTH-1.2")).unwrap();
    assert_eq!(unanswered[1], NOT_ASSESSED);
    let answered = rows.iter().find(|r| r[0].starts_with("TLS-1.1")).unwrap();
    assert_eq!(answered[1], "yes");
    assert!(answered[2].contains("https://wiki.example.test/tls"));
    assert_eq!(answered[3], "dana\n2026-03-14 09:30 UTC");
    let text = doc.plain_text();
    assert!(text.contains("Score: 50.0 (1 not assessed)"), "{text}");
}

#[test]
fn conflicts_and_evidence_show_where_an_auditor_looks() {
    let doc = document(&fixture());
    // Conflicts are listed once, in the summary; the framework points there.
    let summary = Document {
        sections: vec![doc.section(SUMMARY).unwrap().clone()],
        ..doc.clone()
    }
    .plain_text();
    assert!(
        summary.contains("TLS-1") && summary.contains("TLS 1.0 offered"),
        "{summary}"
    );
    let fw = Document {
        sections: vec![doc.section("Fixture Framework").unwrap().clone()],
        ..doc.clone()
    }
    .plain_text();
    assert!(
        fw.contains("Conflicts in this framework: TLS-1 (listed once"),
        "{fw}"
    );
    assert!(
        !fw.contains("TLS 1.0 offered"),
        "not repeated per framework"
    );
    let evidence = doc.section(EVIDENCE).unwrap();
    let text = Document {
        sections: vec![evidence.clone()],
        ..doc.clone()
    }
    .plain_text();
    for needle in [
        "Declared targets: 1",
        "Current: 1",
        "public-api\nhttps://api.example.test/v1",
        "fail tls.protocols: TLS 1.0 offered",
        &format!(
            "20260314T100000Z-abcdef.json | {} | verified",
            "cd".repeat(32)
        ),
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn every_framework_of_the_embedded_catalog_matches_the_scorecard() {
    let catalog = crate::catalog::load_embedded().unwrap();
    let mut answers = AnswerSet::default();
    for (i, (_, q)) in catalog.questions().enumerate().filter(|(i, _)| i % 3 != 0) {
        let value = AnswerValue::ALL[i % 4];
        answers.answers.insert(q.id.clone(), answer(value, "", &[]));
    }
    let card = scoring::score(
        &catalog,
        &answers,
        &scoring::EvidenceInput::default(),
        &scoring::Policy::at(at(12)),
    );
    let mut data = fixture();
    data.frameworks = catalog.frameworks.iter().map(|f| f.id.clone()).collect();
    data.catalog = catalog;
    data.card = card;
    data.answers = answers;
    let doc = document(&data);
    let summary = tables(&doc, SUMMARY)[0];
    assert_eq!(summary.rows.len(), data.frameworks.len());
    for (row, id) in summary.rows.iter().zip(&data.frameworks) {
        let f = data.card.framework(id).unwrap();
        assert_eq!(row[0], f.name);
        assert_eq!(row[1], fmt_score(f.score));
        assert_eq!(row[6], f.conflicts.to_string());
        let reqs = tables(&doc, &f.name)[0];
        let scores: Vec<&str> = reqs.rows.iter().map(|r| r[2].as_str()).collect();
        let expected: Vec<String> = f.requirements.iter().map(|r| fmt_score(r.score)).collect();
        assert_eq!(scores, expected, "{id}");
    }
    let not_assessed = data
        .card
        .controls
        .iter()
        .map(|c| c.not_assessed)
        .sum::<usize>();
    assert!(not_assessed > 0);
    assert!(doc.plain_text().contains(&format!(
        "{not_assessed} of {} questions",
        data.catalog.questions().count()
    )));
}

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!(markdown::render(&document(&fixture())));
}

#[test]
fn pdf_renders_the_fixture() {
    let bytes = crate::report::render(&fixture(), crate::report::Format::Pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
}

#[test]
fn the_document_id_is_the_state_not_the_time() {
    let a = fixture();
    let mut later = fixture();
    later.generated_at += chrono::Duration::days(3);
    later.journal_heads = vec!["cd".repeat(32)];
    assert_eq!(
        crate::report::build::document_id(&a),
        crate::report::build::document_id(&later),
        "regenerated later (and after a pack or approval entry): the same id"
    );
    let mut changed = fixture();
    if let Some(ans) = changed.answers.answers.values_mut().next() {
        ans.note.push_str(" (revised)");
    }
    assert_ne!(
        crate::report::build::document_id(&a),
        crate::report::build::document_id(&changed)
    );
}

#[test]
fn csv_has_a_row_per_requirement_control_and_question() {
    let text = crate::report::csv::render(&fixture());
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    // FX.1 -> TLS-1 (1 question), FX.2 -> AUTH-1 (2 questions).
    assert!(
        lines[0].starts_with("\u{feff}framework_id,framework,requirement_id,"),
        "a UTF-8 byte-order mark first, for Excel"
    );
    assert!(lines[0].ends_with(",question_id,question,answer,question_points,note,evidence_links,answered_by,answered_at,check_results,document_id,journal_head,period"));
    let rows = &lines[1..];
    assert!(
        rows.iter().all(|l| l.starts_with("fx,Fixture Framework,")),
        "{text}"
    );
    let tls = rows
        .iter()
        .find(|l| l.contains(",TLS-1.1,"))
        .expect("TLS-1.1 row");
    assert!(
        tls.contains(",TLS-1,Encrypted transport,0.00,75.00,0.00,yes,"),
        "{tls}"
    );
    assert!(tls.contains("https://wiki.example.test/tls"), "{tls}");
    assert!(tls.contains(",dana,2026-03-14T09:30:00+00:00,"), "{tls}");
    assert!(
        tls.contains("tls.protocols on public-api=fail,APIA-"),
        "{tls}"
    );
    assert!(
        tls.ends_with(&format!("{},", "ab".repeat(32))),
        "the journal head, then no audit period: {tls}"
    );
    let open = rows
        .iter()
        .find(|l| l.contains(",AUTH-1.2,"))
        .expect("AUTH-1.2 row");
    assert!(open.contains(",not assessed,0,"), "{open}");
}

#[test]
fn json_holds_metadata_and_only_the_frameworks_reported() {
    let mut data = fixture();
    data.card.frameworks.push(data.card.frameworks[0].clone());
    data.card.frameworks[1].id = "other".into();
    let v: serde_json::Value =
        serde_json::from_slice(&crate::report::json::render(&data).unwrap()).unwrap();
    assert_eq!(v["report"]["organisation"], "Acme Zürich");
    assert_eq!(v["report"]["evidence_run"], "20260314T100000Z-abcdef");
    assert_eq!(v["report"]["generated_at"], "2026-03-14T12:30:00+00:00");
    let frameworks = v["scorecard"]["frameworks"].as_array().unwrap();
    assert_eq!(frameworks.len(), 1);
    assert_eq!(
        frameworks[0]["score"],
        data.card.frameworks[0].score.unwrap()
    );
    assert_eq!(v["integrity"][0]["status"], "verified");
    assert_eq!(v["history"][0]["trigger"], "probe");
}

#[test]
fn the_pdf_names_its_language_and_claims_no_pdf_x() {
    let bytes = crate::report::render(&fixture(), crate::report::Format::Pdf).unwrap();
    let find = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(find(b"/Lang(en)"), "the catalog names the language");
    assert!(!find(b"GTS_PDFXVersion"), "no empty PDF/X version");
    assert!(bytes.starts_with(b"%PDF-"));
}

/// The fixture with `n` declared targets: every tenth fails TLS, the others
/// pass it.
fn fixture_with_targets(n: usize) -> ReportData {
    let mut data = fixture();
    let mut runs = Vec::new();
    for i in 0..n {
        let mut run = evidence_run();
        let url = format!("https://api{i:05}.example.test/v1");
        run.run_id = format!("20260314T1000{i:05}Z-abcdef");
        run.targets[0].url = url.clone();
        if i % 10 != 0 {
            run.targets[0].checks = vec![CheckResult::new(
                crate::checks::CheckId::TlsProtocols,
                CheckOutcome::Pass,
                "TLS 1.2 and 1.3 only",
            )];
        }
        runs.push(run);
    }
    let mut ledger = Ledger::default();
    for r in &runs {
        ledger.fold_run(r);
    }
    data.evidence.targets = runs
        .iter()
        .enumerate()
        .map(|(i, r)| scoring::TargetInput {
            label: format!("t{i:05}"),
            url: r.targets[0].url.clone(),
            tls: true,
            openapi: false,
            oauth: false,
            checks: ledger.targets[&r.targets[0].url].checks.clone(),
            counts_for: Default::default(),
        })
        .collect();
    data.card = scoring::score(&data.catalog, &data.answers, &data.evidence, &data.policy);
    data
}

#[test]
fn many_targets_are_grouped_so_the_pdf_stays_readable() {
    let small = document(&fixture_with_targets(12));
    let rows = |doc: &Document| -> usize {
        tables(doc, EVIDENCE)
            .first()
            .map(|t| t.rows.len())
            .unwrap_or(0)
    };
    assert_eq!(rows(&small), 12, "a few targets: one row each");
    let big_data = fixture_with_targets(3000);
    let big = document(&big_data);
    // Two groups: the 300 failing TLS, the 2,700 passing.
    assert_eq!(rows(&big), 2);
    let t = tables(&big, EVIDENCE)[0];
    assert!(
        t.rows[0][0].starts_with("300 targets: t00000, t00010"),
        "{:?}",
        t.rows[0][0]
    );
    assert!(t.rows[0][0].ends_with("and 280 more"), "{:?}", t.rows[0][0]);
    assert!(
        t.rows[0][3].contains("fail tls.protocols"),
        "{:?}",
        t.rows[0][3]
    );
    assert!(
        t.rows[1][0].starts_with("2700 targets"),
        "{:?}",
        t.rows[1][0]
    );
    // The controls section groups the results of one check too.
    let control_rows: usize = tables(&big, CONTROLS).iter().map(|t| t.rows.len()).sum();
    assert!(control_rows < 40, "{control_rows}");
    let pages = crate::report::layout::layout(&big).pages.len();
    assert!(pages < 60, "{pages} pages for 3,000 targets");
}
