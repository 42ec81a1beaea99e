//! TUI tests: snapshots of every screen rendered into ratatui's `TestBackend`
//! on a small fixture catalog and workspace, flows driven by feeding key
//! events through the keymap and `App::update` (as gitui's tests do), and an
//! end-to-end run of the real binary inside tmux.
//!
//! Snapshots hold no timestamps or temp paths: the fixture uses fixed dates,
//! the App's clock is fixed, and the header shows the organisation, not a path.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use apiassure::assessment::Assessment;
use apiassure::model::evidence::EVIDENCE_SCHEMA_VERSION;
use apiassure::model::{AnswerValue, CheckOutcome, CheckResult, EvidenceRun, TargetEvidence};
use apiassure::tui::app::{App, Popup};
use apiassure::tui::keymap;
use apiassure::tui::{view, Action};
use apiassure::workspace::history::{FrameworkPoint, Snapshot};
use apiassure::workspace::Workspace;
use chrono::{DateTime, TimeZone, Utc};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const CONFIG: &str = r#"
schema_version = 1
[organisation]
name = "Acme"
[system]
name = "Payments API"
[assessment]
frameworks = ["fw-a", "fw-b"]
[[targets]]
name = "public-api"
url = "https://api.example.com/v1/orders"
"#;

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
}

fn catalog() -> apiassure::model::Catalog {
    crate::common::fixture_catalog()
}

fn run() -> EvidenceRun {
    let check = |id: &str, result, summary: &str| {
        CheckResult::new(
            apiassure::checks::CheckId::parse(id).unwrap(),
            result,
            summary,
        )
    };
    EvidenceRun {
        schema_version: EVIDENCE_SCHEMA_VERSION,
        run_id: "20260301T100000Z-00000a".into(),
        tool: "apiassure".into(),
        tool_version: "test".into(),
        started_at: at(1, 9),
        finished_at: at(1, 10),
        settings: serde_json::Value::Null,
        targets: vec![TargetEvidence {
            url: "https://api.example.com/v1/orders".into(),
            name: Some("public-api".into()),
            tls: None,
            http: None,
            traffic: None,
            checks: vec![
                check(
                    "tls.protocols",
                    CheckOutcome::Fail,
                    "TLS 1.0 and SSLv3 offered",
                )
                .with_details(vec!["offered: SSLv3, TLSv1.0, TLSv1.2".into()]),
                check(
                    "http.hsts",
                    CheckOutcome::Pass,
                    "max-age 31536000 with includeSubDomains",
                ),
                check(
                    "auth.required",
                    CheckOutcome::Pass,
                    "401 without credentials",
                ),
            ],
            adhoc: false,
            probed_at: None,
        }],
    }
}

fn history() -> Vec<Snapshot> {
    let snap = |day, a: f64, b: f64, answered| Snapshot {
        at: at(day, 12),
        trigger: "score".into(),
        evidence_run: None,
        answered,
        conflicts: 0,
        frameworks: vec![
            FrameworkPoint {
                id: "fw-a".into(),
                score: Some(a),
                coverage: answered as f64 * 20.0,
                evidence_coverage: None,
                band: None,
            },
            FrameworkPoint {
                id: "fw-b".into(),
                score: Some(b),
                coverage: answered as f64 * 20.0,
                evidence_coverage: None,
                band: None,
            },
        ],
        controls: vec![],
        state: None,
    };
    vec![
        snap(2, 10.0, 0.0, 1),
        snap(3, 35.0, 20.0, 2),
        snap(4, 50.0, 25.0, 3),
    ]
}

/// A temp workspace with the fixture config; `answers` are written first.
struct Fixture {
    dir: tempfile::TempDir,
    app: App,
}

impl Fixture {
    fn new(answers: &[(&str, AnswerValue, &str)], with_evidence: bool) -> Fixture {
        Fixture::with_runs(answers, with_evidence, Vec::new())
    }

    /// [`Fixture::new`] with more runs after the standard one.
    fn with_runs(
        answers: &[(&str, AnswerValue, &str)],
        with_evidence: bool,
        more: Vec<EvidenceRun>,
    ) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::init(dir.path(), "Acme", "Payments API").unwrap();
        std::fs::write(ws.path("apiassure.toml"), CONFIG).unwrap();
        for (q, v, note) in answers {
            ws.update_answers(|set| {
                set.answers.insert(
                    q.to_string(),
                    apiassure::model::Answer {
                        answer: *v,
                        note: note.to_string(),
                        evidence: Vec::new(),
                        by: "tester".into(),
                        at: at(5, 9),
                        review_by: None,
                        approval: None,
                        acceptance: None,
                        attachments: Vec::new(),
                    },
                );
            })
            .unwrap();
        }
        let config = ws.config().unwrap();
        let answers = ws.answers().unwrap();
        let (mut runs, hist) = if with_evidence {
            (vec![run()], history())
        } else {
            (vec![], vec![])
        };
        runs.extend(more);
        let mut ledger = apiassure::model::evidence::ledger::Ledger::default();
        for r in &runs {
            ledger.fold_run(r);
        }
        let assessment = Assessment::from_parts(catalog(), config, answers, ledger, at(5, 10));
        let mut app = App::from_parts(ws, assessment, runs, hist, at(5, 10));
        app.color = true;
        app.user = Some("tester".into());
        Fixture { dir, app }
    }

    fn standard() -> Fixture {
        Fixture::new(
            &[
                ("AUTHN-01.1", AnswerValue::Yes, ""),
                ("CRYPTO-01.1", AnswerValue::Yes, "TLS 1.2+ only at the edge"),
            ],
            true,
        )
    }

    fn key(&mut self, code: KeyCode) {
        self.key_mod(code, KeyModifiers::NONE);
    }

    fn key_mod(&mut self, code: KeyCode, mods: KeyModifiers) {
        let action = apiassure::tui::to_action(&self.app, Event::Key(KeyEvent::new(code, mods)));
        if let Some(a) = action {
            self.app.update(a);
        }
    }

    fn keys(&mut self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    fn render(&self, w: u16, h: u16) -> String {
        render(&self.app, w, h)
    }

    fn disk_answer(&self, q: &str) -> Option<apiassure::model::Answer> {
        Workspace::open(self.dir.path())
            .unwrap()
            .answers()
            .unwrap()
            .answers
            .get(q)
            .cloned()
    }
}

/// The buffer as text, one line per row, trailing spaces trimmed.
fn render(app: &App, w: u16, h: u16) -> String {
    let mut app_sized = Terminal::new(TestBackend::new(w, h)).unwrap();
    app_sized.draw(|f| view::draw(app, f)).unwrap();
    let buf = app_sized.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut skip = 0usize;
        for x in 0..w {
            let sym = buf[(x, y)].symbol();
            if skip > 0 {
                skip -= 1;
                continue;
            }
            line.push_str(sym);
            skip = ratatui::text::Span::raw(sym).width().saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn sized(f: &mut Fixture, w: u16, h: u16) {
    f.app.update(Action::Resize(w, h));
}

// ----- Snapshots ----------------------------------------------------------------

/// The sizes every screen is designed for: the common 80x24 first, and a
/// large terminal.
const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

/// Snapshot `name` at every size in [`SIZES`], driving a fresh fixture with
/// `setup` for each, and check `expect` holds on every rendering.
fn snapshot_screen(
    name: &str,
    make: impl Fn() -> Fixture,
    setup: impl Fn(&mut Fixture),
    expect: &[&str],
) {
    for (w, h) in SIZES {
        let mut f = make();
        sized(&mut f, w, h);
        setup(&mut f);
        // Journal entries made during the test carry the real date: redact it.
        let mut screen = f.render(w, h);
        let today = chrono::Utc::now().date_naive();
        for d in [today, today.pred_opt().unwrap_or(today)] {
            screen = screen.replace(&d.format("%Y-%m-%d").to_string(), "YYYY-MM-DD");
        }
        for needle in expect {
            assert!(
                screen.contains(needle),
                "{name} at {w}x{h} lacks {needle:?}:\n{screen}"
            );
        }
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
    }
}

#[test]
fn snapshot_dashboard() {
    snapshot_screen(
        "dashboard",
        Fixture::standard,
        |_| {},
        &[
            "Answer next (not assessed)",
            "Open",
            "Worth",
            "Fix next (answered, weak)",
            "Score",
            "Gain",
        ],
    );
}

#[test]
fn snapshot_dashboard_without_evidence() {
    snapshot_screen(
        "dashboard_without_evidence",
        || Fixture::new(&[], false),
        |_| {},
        &["no evidence yet"],
    );
}

#[test]
fn snapshot_assess() {
    snapshot_screen(
        "assess",
        Fixture::standard,
        |f| f.keys("2"),
        // The selected question's help is on screen at every size.
        &["▶ [  ---  ] AUTHN-01.2", "help:", "L link", "? help"],
    );
}

#[test]
fn snapshot_evidence() {
    snapshot_screen(
        "evidence",
        Fixture::standard,
        |f| f.keys("3"),
        &["public-api", "tls.protocols"],
    );
}

/// A run of `apiassure traffic`: the inventory from the access logs.
fn traffic_run() -> EvidenceRun {
    use apiassure::model::evidence::traffic::{
        Endpoint, EndpointKind, LogSource, StatusCounts, TrafficObservation,
    };
    let endpoint = |method: &str, template: &str, kind, requests, s2xx, s401| Endpoint {
        method: method.into(),
        template: template.into(),
        kind,
        version: apiassure::traffic::template::version_of(template),
        requests,
        served: requests,
        first_seen: Some(at(2, 8)),
        last_seen: Some(at(4, 20)),
        status: StatusCounts {
            s2xx,
            s401,
            ..StatusCounts::default()
        },
        sunset: None,
    };
    let inventory = TrafficObservation {
        sources: vec![LogSource {
            file: "access.log.gz".into(),
            bytes: 48_113,
            sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
            format: "combined".into(),
            gzip: true,
            records: 12_040,
            skipped: 0,
            other_hosts: 0,
        }],
        openapi: Some("openapi.yaml".into()),
        documented_versions: vec!["v2".into()],
        documented_operations: 3,
        requests: 12_040,
        first_seen: Some(at(2, 8)),
        last_seen: Some(at(4, 20)),
        status: StatusCounts {
            s2xx: 11_800,
            s401: 240,
            ..StatusCounts::default()
        },
        endpoints: vec![
            endpoint(
                "GET",
                "/v2/orders/{orderId}",
                EndpointKind::Documented,
                11_000,
                10_900,
                100,
            ),
            endpoint(
                "GET",
                "/v1/orders/{id}",
                EndpointKind::UndocumentedVersion,
                600,
                600,
                0,
            ),
            endpoint(
                "GET",
                "/v2/internal/export",
                EndpointKind::Shadow,
                40,
                40,
                0,
            ),
            endpoint(
                "DELETE",
                "/v2/orders/{orderId}",
                EndpointKind::Deprecated,
                400,
                260,
                140,
            ),
        ],
        not_served_requests: 0,
        not_served_templates: 0,
        unused: vec!["GET /v2/customers".into()],
        overflow: 0,
    };
    let mut checks = apiassure::traffic::checks::evaluate(&inventory, at(5, 10).date_naive());
    checks.retain(|c| c.id.as_str() == "inventory.shadow");
    EvidenceRun {
        schema_version: EVIDENCE_SCHEMA_VERSION,
        run_id: "20260304T210000Z-00000b".into(),
        tool: "apiassure traffic".into(),
        tool_version: "test".into(),
        started_at: at(4, 21),
        finished_at: at(4, 21),
        settings: serde_json::Value::Null,
        targets: vec![TargetEvidence {
            url: "https://api.example.com/v1/orders".into(),
            name: Some("public-api".into()),
            tls: None,
            http: None,
            traffic: Some(inventory),
            checks,
            adhoc: false,
            probed_at: Some(at(4, 21)),
        }],
    }
}

#[test]
fn snapshot_evidence_traffic_inventory() {
    snapshot_screen(
        "evidence_traffic",
        || {
            Fixture::with_runs(
                &[("AUTHN-01.1", AnswerValue::Yes, "")],
                true,
                vec![traffic_run()],
            )
        },
        |f| f.keys("3"),
        &["inventory.shadow", "API inventory from traffic"],
    );
}

#[test]
fn snapshot_evidence_before_the_first_run() {
    snapshot_screen(
        "evidence_before_first_run",
        || Fixture::new(&[], false),
        |f| f.keys("3"),
        &["public-api", "not probed yet"],
    );
}

#[test]
fn snapshot_frameworks_and_drill_down() {
    snapshot_screen(
        "frameworks",
        Fixture::standard,
        |f| f.keys("4"),
        &["Framework A", "A.1", "Status"],
    );
    snapshot_screen(
        "frameworks_drill",
        Fixture::standard,
        |f| {
            f.keys("4");
            f.key(KeyCode::Down);
            f.key(KeyCode::Enter);
        },
        &["Why A.2 scores what it does", "▶ CRYPTO-01"],
    );
    let mut f = Fixture::standard();
    f.keys("4");
    f.key(KeyCode::Down);
    f.key(KeyCode::Enter);
    f.key(KeyCode::Backspace);
    assert!(!f.render(120, 24).contains("Why A.2"));
}

#[test]
fn snapshot_history() {
    snapshot_screen(
        "history",
        Fixture::standard,
        |f| f.keys("5"),
        &["Framework A", "50.0"],
    );
}

#[test]
fn snapshot_history_empty() {
    snapshot_screen(
        "history_empty",
        || Fixture::new(&[], false),
        |f| f.keys("5"),
        &["apiassure score --record"],
    );
}

#[test]
fn snapshot_popups() {
    snapshot_screen(
        "link_input",
        Fixture::standard,
        |f| {
            f.keys("2");
            f.key(KeyCode::Up);
            f.keys("L");
            f.app
                .update(Action::Paste("https://wiki.example/gw-7".into()));
        },
        &["Evidence link for AUTHN-01.1", "Enter: add · Esc: cancel"],
    );
    snapshot_screen(
        "unlink",
        Fixture::standard,
        |f| {
            f.keys("2");
            f.key(KeyCode::Up);
            for link in ["https://wiki.example/a", "https://wiki.example/b"] {
                f.keys("L");
                f.app.update(Action::Paste(link.into()));
                f.key(KeyCode::Enter);
            }
            f.keys("D");
            f.key(KeyCode::Down);
        },
        &[
            "Remove an evidence link from AUTHN-01.1",
            "https://wiki.example/b",
        ],
    );
    snapshot_screen(
        "search",
        Fixture::standard,
        |f| f.keys("2/A.2"),
        &["Search: 1 match", "CRYPTO-01"],
    );
}

#[test]
fn snapshot_help_is_built_from_the_keymap() {
    let mut f = Fixture::standard();
    sized(&mut f, 120, 60);
    f.keys("?");
    let screen = f.render(120, 60);
    for b in keymap::KEYMAP.iter().take(12) {
        assert!(
            screen.contains(b.description),
            "help lacks '{}'",
            b.description
        );
    }
    assert!(screen.contains("export the audit report"));
    insta::assert_snapshot!(screen);
    f.key(KeyCode::Esc);
    assert!(f.app.popup.is_none());
    snapshot_screen(
        "help",
        Fixture::standard,
        |f| f.keys("?"),
        &["Everywhere", "quit"],
    );
}

#[test]
fn snapshot_note_editor() {
    snapshot_screen(
        "note_editor",
        Fixture::standard,
        |f| {
            f.keys("2");
            // AUTHN-01.1 is answered: move back to it and open the editor.
            f.key(KeyCode::Up);
            f.keys("e");
            f.app.update(Action::Paste(
                "Gateway policy GW-7\nÜberprüfung ✓ 日本".into(),
            ));
        },
        &["Note for AUTHN-01.1", "Überprüfung ✓ 日本", "Ctrl-S: save"],
    );
}

#[test]
fn snapshot_tiny_terminal() {
    let mut f = Fixture::standard();
    sized(&mut f, 40, 10);
    let screen = f.render(40, 10);
    assert!(screen.contains("too small"), "{screen}");
    insta::assert_snapshot!(screen);
    // Keys and clicks on a tiny screen must not panic either.
    f.keys("2jjkk");
    f.app.update(Action::Click { column: 3, row: 3 });
}

// ----- Flows ------------------------------------------------------------------------

#[test]
fn assess_opens_on_the_first_unanswered_question() {
    let f = Fixture::standard();
    assert_eq!(f.app.selected_question_id(), Some("AUTHN-01.2"));
}

#[test]
fn answers_are_saved_at_once_and_scores_update() {
    let mut f = Fixture::standard();
    f.keys("2");
    let before = f.app.assessment.card.framework("fw-a").unwrap().score;
    for (key, value) in [
        ('y', AnswerValue::Yes),
        ('p', AnswerValue::Partial),
        ('n', AnswerValue::No),
        ('a', AnswerValue::Na),
    ] {
        f.keys(&key.to_string());
        assert_eq!(
            f.disk_answer("AUTHN-01.2").unwrap().answer,
            value,
            "after '{key}'"
        );
        assert_eq!(
            f.app.assessment.answers.get("AUTHN-01.2").unwrap().answer,
            value
        );
    }
    // n/a asks for its reason at once; typed and saved, it is justified.
    assert!(
        f.app.popup.is_some(),
        "n/a without a note opens the note editor"
    );
    f.keys("no partner integrations");
    f.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let a = f.disk_answer("AUTHN-01.2").unwrap();
    assert_eq!(
        (a.answer, a.note.as_str()),
        (AnswerValue::Na, "no partner integrations")
    );
    f.keys("y");
    let after = f.app.assessment.card.framework("fw-a").unwrap().score;
    assert!(after > before, "{before:?} -> {after:?}");
    assert!(f.app.answers_changed);
}

#[test]
fn the_selected_answer_shows_who_answered_when_and_its_history() {
    let mut f = Fixture::standard();
    // AUTHN-01.2 is selected (the first unanswered question).
    f.keys("2");
    f.keys("n");
    f.keys("y");
    let screen = f.render(120, 40);
    assert!(screen.contains("by tester, "), "{screen}");
    assert!(screen.contains("was: (none) -> no by tester"), "{screen}");
    assert_eq!(f.app.answer_log["AUTHN-01.2"].len(), 2);
}

#[test]
fn without_an_identity_nothing_is_saved() {
    let mut f = Fixture::standard();
    f.app.user = None;
    f.keys("2");
    f.keys("y");
    assert!(f.disk_answer("AUTHN-01.2").is_none());
    let status = f
        .app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.contains("who is answering is not known"), "{status}");
}

#[test]
fn note_editor_handles_unicode_cursor_moves_and_saves() {
    let mut f = Fixture::standard();
    f.keys("2y");
    f.keys("e");
    assert!(matches!(f.app.popup, Some(Popup::Note { .. })));
    f.keys("Überprüfung ✓ 日本");
    f.key(KeyCode::Left);
    f.key(KeyCode::Left);
    f.key(KeyCode::Backspace); // removes the space before 日本
    f.key(KeyCode::Home);
    f.keys(">");
    f.key(KeyCode::End);
    f.key(KeyCode::Enter);
    f.keys("zweite Zeile");
    f.key(KeyCode::Up); // column 12 of ">Überprüfung ✓日本", before the space
    f.key(KeyCode::Right);
    f.key(KeyCode::Delete); // deletes '✓'
    f.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(f.app.popup.is_none());
    let saved = f.disk_answer("AUTHN-01.2").unwrap();
    assert_eq!(saved.note, ">Überprüfung 日本\nzweite Zeile");
    assert_eq!(saved.answer, AnswerValue::Yes);
}

#[test]
fn note_editor_cancels_with_esc_or_ctrl_c_and_saves_with_ctrl_s() {
    let mut f = Fixture::standard();
    f.keys("2ye");
    f.keys("draft");
    f.key_mod(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(f.disk_answer("AUTHN-01.2").unwrap().note, "");
    f.keys("e");
    f.keys("also a draft");
    f.key(KeyCode::Esc);
    assert!(f.app.popup.is_none());
    assert_eq!(f.disk_answer("AUTHN-01.2").unwrap().note, "", "Esc cancels");
    f.keys("e");
    f.keys("kept");
    f.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(f.disk_answer("AUTHN-01.2").unwrap().note, "kept");
}

#[test]
fn clear_and_undo_restore_answers_and_nothing_changes_while_too_small() {
    let mut f = Fixture::standard();
    f.keys("2y");
    assert_eq!(
        f.disk_answer("AUTHN-01.2").unwrap().answer,
        AnswerValue::Yes
    );
    f.keys("c");
    assert!(f.disk_answer("AUTHN-01.2").is_none(), "c clears");
    f.keys("z");
    assert_eq!(
        f.disk_answer("AUTHN-01.2").unwrap().answer,
        AnswerValue::Yes,
        "z undoes the clear"
    );
    f.keys("z");
    assert!(f.disk_answer("AUTHN-01.2").is_none(), "z undoes the answer");
    f.keys("z");
    let status = f.app.status.as_ref().unwrap().text.clone();
    assert!(status.contains("nothing to undo"), "{status}");
    // At 40x10 the screen says it is too small, and `y` records nothing.
    f.app.update(apiassure::tui::action::Action::Resize(40, 10));
    f.keys("y");
    assert!(f.disk_answer("AUTHN-01.2").is_none());
    let status = f.app.status.as_ref().unwrap().text.clone();
    assert!(status.contains("too small"), "{status}");
}

#[test]
fn notes_and_links_need_an_answer_first() {
    let mut f = Fixture::standard();
    f.keys("2e");
    assert!(f.app.popup.is_none());
    assert!(f
        .app
        .status
        .as_ref()
        .unwrap()
        .text
        .contains("answer the question first"));
    f.keys("pL");
    f.keys("https://wiki.example/gw");
    f.key(KeyCode::Enter);
    assert_eq!(
        f.disk_answer("AUTHN-01.2").unwrap().evidence,
        vec!["https://wiki.example/gw"]
    );
    let screen = f.render(120, 40);
    assert!(screen.contains("link: https://wiki.example/gw"), "{screen}");
}

#[test]
fn next_unanswered_and_navigation() {
    let mut f = Fixture::standard();
    f.keys("2u");
    assert_eq!(f.app.selected_question_id(), Some("AUTHN-02.1"));
    f.keys("u");
    assert_eq!(f.app.selected_question_id(), Some("CRYPTO-01.2"));
    f.keys("u");
    assert_eq!(
        f.app.selected_question_id(),
        Some("AUTHN-01.2"),
        "wraps around"
    );
    f.keys("G"); // last question of the control
    assert_eq!(f.app.selected_question_id(), Some("AUTHN-01.2"));
    f.keys("g");
    assert_eq!(f.app.selected_question_id(), Some("AUTHN-01.1"));
    f.key(KeyCode::Tab); // to the tree: j moves by control, G to the last
    f.keys("j");
    assert_eq!(f.app.selected_question_id(), Some("AUTHN-02.1"));
    f.keys("G");
    assert_eq!(f.app.selected_question_id(), Some("CRYPTO-01.2"));
}

#[test]
fn search_is_incremental_enter_jumps_and_esc_restores() {
    let mut f = Fixture::standard();
    f.keys("2/");
    f.keys("hsts");
    assert_eq!(
        f.app.selected_question_id(),
        Some("CRYPTO-01.2"),
        "previewed while typing"
    );
    f.key(KeyCode::Esc);
    assert_eq!(
        f.app.selected_question_id(),
        Some("AUTHN-01.2"),
        "Esc restores"
    );
    f.keys("/");
    f.keys("token");
    let screen = f.render(120, 30);
    assert!(screen.contains("Search: 2 matches"), "{screen}");
    f.key(KeyCode::Down);
    f.key(KeyCode::Enter);
    assert!(f.app.popup.is_none());
    assert_eq!(f.app.selected_question_id(), Some("AUTHN-02.1"));
}

#[test]
fn search_finds_requirement_ids_owasp_ids_notes_and_words_in_any_order() {
    let mut f = Fixture::standard();
    f.keys("2/");
    // A requirement id of fw-a maps CRYPTO-01: the control is a hit.
    f.keys("a.2");
    let labels: Vec<String> = match &f.app.popup {
        Some(apiassure::tui::app::Popup::Search(s)) => {
            s.hits.iter().map(|h| h.label.clone()).collect()
        }
        _ => panic!("search popup"),
    };
    assert!(
        labels.iter().any(|l| l.starts_with("CRYPTO-01 ")),
        "{labels:?}"
    );
    f.key(KeyCode::Esc);
    // A word of a saved note (the standard fixture notes CRYPTO-01.1).
    f.keys("/");
    f.keys("EDGE tls");
    let screen = f.render(120, 30);
    assert!(screen.contains("Search: 1 match "), "{screen}");
    f.key(KeyCode::Enter);
    assert_eq!(f.app.selected_question_id(), Some("CRYPTO-01.1"));
}

#[test]
fn before_the_first_run_the_evidence_screen_lists_the_declared_targets() {
    let mut f = Fixture::new(&[], false);
    f.keys("3");
    let screen = f.render(120, 30);
    assert!(screen.contains("No probe runs yet: press r"), "{screen}");
    assert!(screen.contains("public-api"), "{screen}");
    assert!(screen.contains("not probed yet"), "{screen}");
}

#[test]
fn filter_cycles_through_frameworks_in_scope() {
    let mut f = Fixture::standard();
    f.keys("2f");
    assert_eq!(f.app.assess.filter.as_deref(), Some("fw-a"));
    f.keys("f");
    assert_eq!(f.app.assess.filter.as_deref(), Some("fw-b"));
    assert_eq!(f.app.visible_controls().len(), 1);
    assert_eq!(f.app.selected_question_id(), Some("CRYPTO-01.2"));
    let screen = f.render(120, 30);
    assert!(!screen.contains("AUTHN-01 "), "{screen}");
    // After the frameworks: the controls you own, then the overdue ones.
    f.keys("f");
    assert_eq!(f.app.assess.filter.as_deref(), Some("@mine"));
    f.keys("f");
    assert_eq!(f.app.assess.filter.as_deref(), Some("@overdue"));
    f.keys("f");
    assert_eq!(f.app.assess.filter, None);
}

#[test]
fn save_errors_show_in_the_status_line_and_keep_the_change() {
    let mut f = Fixture::standard();
    f.keys("2");
    let answers = f.dir.path().join("answers.toml");
    std::fs::remove_file(&answers).unwrap();
    std::fs::create_dir(&answers).unwrap();
    f.keys("n");
    let status = f.app.status.clone().unwrap();
    assert!(
        status.text.contains("could not save answers.toml"),
        "{status:?}"
    );
    assert_eq!(
        f.app.assessment.answers.get("AUTHN-01.2").unwrap().answer,
        AnswerValue::No
    );
    assert_eq!(f.app.unsaved(), 1);
    // Quitting asks first; the repair lets the next change save both.
    f.keys("q");
    assert!(!f.app.quit);
    std::fs::remove_dir(&answers).unwrap();
    f.keys("u");
    f.keys("y");
    assert_eq!(f.app.unsaved(), 0);
    assert_eq!(f.disk_answer("AUTHN-01.2").unwrap().answer, AnswerValue::No);
    assert_eq!(
        f.disk_answer("AUTHN-02.1").unwrap().answer,
        AnswerValue::Yes
    );
    f.keys("q");
    assert!(f.app.quit);
}

#[test]
fn quitting_after_changes_records_a_tui_snapshot() {
    let mut f = Fixture::standard();
    f.app.on_quit().unwrap();
    assert!(
        f.app.ws.history().load().unwrap().is_empty(),
        "no change, no snapshot"
    );
    f.keys("2y");
    f.app.on_quit().unwrap();
    let hist = f.app.ws.history().load().unwrap();
    assert_eq!(hist.len(), 1);
    assert_eq!(hist[0].trigger, "tui");
    assert_eq!(hist[0].frameworks.len(), 2);
}

#[test]
fn worklist_separates_answer_next_from_fix_next_and_enter_opens_the_question() {
    let mut f = Fixture::standard();
    // Answer AUTHN-02 fully and weakly: it moves from "answer next" to "fix next".
    f.keys("2");
    f.app.select_control(1, Some(0));
    assert_eq!(f.app.selected_question_id(), Some("AUTHN-02.1"));
    f.keys("n1");
    let w = &f.app.worklist;
    let ids = |gaps: &[apiassure::scoring::Gap]| -> Vec<String> {
        gaps.iter()
            .map(|g| f.app.assessment.catalog.controls[g.control].id.clone())
            .collect()
    };
    assert_eq!(ids(&w.answer_next), ["CRYPTO-01", "AUTHN-01"], "by weight");
    assert_eq!(ids(&w.fix_next), ["AUTHN-02"]);
    assert!(w.answer_next.iter().all(|g| g.open == 1));
    assert_eq!(w.fix_next[0].score, 0.0);
    let screen = f.render(80, 24);
    assert!(screen.contains("AUTHN-02  Token validation"), "{screen}");
    assert!(screen.contains("+33.3"), "gain shown:\n{screen}");
    // Enter on the first answer-next item opens its first open question.
    f.key(KeyCode::Enter);
    assert_eq!(f.app.screen, apiassure::tui::Screen::Assess);
    assert_eq!(f.app.selected_question_id(), Some("CRYPTO-01.2"));
    // The fix-next item opens the question answered below yes.
    f.keys("1jjj");
    f.key(KeyCode::Enter);
    assert_eq!(f.app.selected_question_id(), Some("AUTHN-02.1"));
}

#[test]
fn why_view_enter_opens_the_selected_control_in_assess() {
    let mut f = Fixture::standard();
    f.keys("4");
    // A.1 maps AUTHN-01 and AUTHN-02: select the second and open it.
    f.key(KeyCode::Enter);
    f.key(KeyCode::Down);
    let screen = f.render(120, 40);
    assert!(screen.contains("▶ AUTHN-02"), "{screen}");
    f.key(KeyCode::Enter);
    assert_eq!(f.app.screen, apiassure::tui::Screen::Assess);
    assert_eq!(f.app.selected_question_id(), Some("AUTHN-02.1"));
}

#[test]
fn links_are_refused_twice_and_can_be_removed_and_restored() {
    let mut f = Fixture::standard();
    f.keys("2");
    f.key(KeyCode::Up);
    for _ in 0..2 {
        f.keys("L");
        f.app
            .update(Action::Paste("https://wiki.example/gw".into()));
        f.key(KeyCode::Enter);
    }
    let status = f.app.status.as_ref().unwrap().text.clone();
    assert!(
        status.contains("already links https://wiki.example/gw"),
        "{status}"
    );
    assert!(
        f.app.popup.is_some(),
        "the input stays open to correct the link"
    );
    f.key(KeyCode::Esc);
    assert_eq!(f.disk_answer("AUTHN-01.1").unwrap().evidence.len(), 1);
    f.keys("D");
    f.key(KeyCode::Enter);
    assert!(f.disk_answer("AUTHN-01.1").unwrap().evidence.is_empty());
    f.keys("z");
    assert_eq!(
        f.disk_answer("AUTHN-01.1").unwrap().evidence,
        ["https://wiki.example/gw"]
    );
    // Without links, D says so instead of opening an empty chooser.
    f.key(KeyCode::Down);
    f.keys("pD");
    assert!(f.app.popup.is_none());
    let status = f.app.status.as_ref().unwrap().text.clone();
    assert!(status.contains("no evidence links to remove"), "{status}");
}

#[test]
fn dashboard_gap_opens_in_assess() {
    let mut f = Fixture::standard();
    let first = f.app.worklist.get(0).unwrap().control;
    f.key(KeyCode::Enter);
    assert_eq!(f.app.screen, apiassure::tui::Screen::Assess);
    assert_eq!(f.app.assess.control, first);
}

#[test]
fn x_exports_the_pdf_report_in_the_background() {
    let mut f = Fixture::standard();
    // The report reads the workspace from disk: give it the built-in frameworks.
    std::fs::write(
        f.dir.path().join("apiassure.toml"),
        apiassure::workspace::config::template("Acme", "Payments API"),
    )
    .unwrap();
    f.keys("x");
    assert_eq!(
        f.app.status.as_ref().unwrap().text,
        "writing the PDF report…"
    );
    let start = Instant::now();
    let mut done = None;
    while done.is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "report did not finish"
        );
        for a in f.app.poll_background() {
            if matches!(a, Action::ExportDone(_)) {
                done = Some(());
            }
            f.app.update(a);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = f.app.status.clone().unwrap().text;
    assert!(status.starts_with("report written: "), "{status}");
    let reports: Vec<_> = std::fs::read_dir(f.dir.path().join("reports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(reports.len(), 1);
    assert!(std::fs::read(&reports[0]).unwrap().starts_with(b"%PDF"));
}

#[test]
fn probe_without_targets_explains_what_to_do() {
    let mut f = Fixture::standard();
    f.app.assessment.config.targets.clear();
    f.keys("3r");
    assert!(f
        .app
        .status
        .as_ref()
        .unwrap()
        .text
        .contains("no targets declared"));
    assert!(f.app.probe.is_none());
}

#[test]
fn mouse_clicks_select_rows_and_tabs() {
    let mut f = Fixture::standard();
    sized(&mut f, 120, 30);
    f.keys("2");
    // Row 0 is the tab bar, row 1 the tree's border; row 2 is the first
    // domain, row 5 the second domain and row 6 CRYPTO-01.
    f.app.update(Action::Click { column: 5, row: 6 });
    assert_eq!(
        f.app.assessment.catalog.controls[f.app.assess.control].id,
        "CRYPTO-01"
    );
    f.app.update(Action::Scroll {
        column: 5,
        row: 6,
        delta: -1,
    });
    assert_eq!(
        f.app.assessment.catalog.controls[f.app.assess.control].id,
        "AUTHN-02"
    );
    let tab = view::tab_at(40).unwrap();
    f.app.update(Action::Click { column: 40, row: 0 });
    assert_eq!(f.app.screen, tab);
}

#[test]
fn no_color_uses_no_colors() {
    let mut f = Fixture::standard();
    f.app.color = false;
    for screen in ["1", "2", "3", "4", "5"] {
        f.keys(screen);
        let mut term = Terminal::new(TestBackend::new(120, 30)).unwrap();
        term.draw(|fr| view::draw(&f.app, fr)).unwrap();
        let buf = term.backend().buffer();
        for cell in buf.content() {
            assert_eq!(cell.fg, ratatui::style::Color::Reset, "screen {screen}");
            assert_eq!(cell.bg, ratatui::style::Color::Reset, "screen {screen}");
        }
    }
}

#[test]
fn observed_evidence_renders_any_json_as_a_tree() {
    let value = serde_json::json!({
        "host": "api.example.com",
        "protocols": ["TLSv1.2", "TLSv1.3"],
        "certificate": { "subject": "CN=api.example.com", "days_left": 41 },
        "headers": [{ "name": "strict-transport-security", "value": "max-age=31536000" }],
        "ok": true
    });
    let mut lines = Vec::new();
    apiassure::tui::screens::evidence::json_tree(&view::Theme::new(false), &value, 0, &mut lines);
    let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    insta::assert_snapshot!(text.join("\n"));
}

// ----- End to end in tmux -----------------------------------------------------------

fn tmux_available() -> bool {
    crate::common::tool_available("tmux", &["-V"], "apt-get install tmux")
}

fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux").args(args).output().expect("tmux runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Run the real binary (with `env` and `args`) in `dir` inside a detached
/// tmux session of `size` columns and rows, drive it with `steps`, and always kill the
/// session, re-raising any failure afterwards.
fn in_tmux<T>(
    tag: &str,
    dir: &Path,
    env: &str,
    args: &str,
    size: (u16, u16),
    steps: impl FnOnce(&str) -> T,
) -> T {
    let session = format!("apiassure-e2e-{tag}-{}", std::process::id());
    let cmd = format!(
        "cd '{}' && {env} '{}' {args}; echo EXITED-$?; sleep 5",
        dir.display(),
        env!("CARGO_BIN_EXE_apiassure")
    );
    tmux(&[
        "new-session",
        "-d",
        "-s",
        &session,
        "-x",
        &size.0.to_string(),
        "-y",
        &size.1.to_string(),
        &cmd,
    ]);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| steps(&session)));
    tmux(&["kill-session", "-t", &session]);
    result.unwrap_or_else(|e| std::panic::resume_unwind(e))
}

fn wait_for(session: &str, needle: &str) -> String {
    let start = Instant::now();
    loop {
        let screen = tmux(&["capture-pane", "-p", "-t", session]);
        if screen.contains(needle) {
            return screen;
        }
        if start.elapsed() > Duration::from_secs(20) {
            panic!("'{needle}' did not appear; screen:\n{screen}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn init_workspace(dir: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_apiassure"))
        .args(["init", "--org", "Acme", "--system", "Payments API"])
        .arg(dir)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn e2e_tmux_answer_is_saved() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    init_workspace(dir.path());
    let result = in_tmux(
        "answer",
        dir.path(),
        "APIASSURE_USER=e2e",
        "",
        (80, 24),
        |session| {
            // The terminal most people have: every framework label, the
            // worklist headings and the whole hint line are on screen.
            let screen = wait_for(session, "q quit");
            for needle in [
                "ISO 27001",
                "SOC 2",
                "GDPR",
                "NIS2",
                "Tech DD",
                "OWASP API",
                "Answer next (not assessed)",
                "Open  Worth",
            ] {
                assert!(screen.contains(needle), "{needle}:\n{screen}");
            }
            tmux(&["send-keys", "-t", session, "2"]);
            wait_for(session, "▶ [  ---  ] ");
            // The frame may be captured half drawn under load: wait for its last row.
            let screen = wait_for(session, "f filter · ? help");
            assert!(screen.contains("help:"), "the help is in view:\n{screen}");
            assert!(
                screen.contains("f filter · ? help"),
                "hints wrap, not cut:\n{screen}"
            );
            let first = screen
                .lines()
                .find_map(|l| l.split("▶ [  ---  ] ").nth(1))
                .and_then(|rest| rest.split_whitespace().next())
                .expect("a selected unanswered question")
                .to_string();
            tmux(&["send-keys", "-t", session, "y"]);
            wait_for(session, "(saved)");
            tmux(&["send-keys", "-t", session, "q"]);
            wait_for(session, "EXITED-0");
            first
        },
    );
    let first = result;
    let answers = std::fs::read_to_string(dir.path().join("answers.toml")).unwrap();
    assert!(
        answers.contains(&format!("[answers.\"{first}\"]\nanswer = \"yes\"")),
        "{answers}"
    );
    assert!(answers.contains("by = \"e2e\""), "{answers}");
    let history = std::fs::read_to_string(dir.path().join("history/scores.jsonl")).unwrap();
    assert!(history.contains("\"trigger\":\"tui\""), "{history}");
}

#[test]
fn e2e_tmux_offers_to_create_a_workspace() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    in_tmux("init", dir.path(), "", "tui", (120, 30), |session| {
        wait_for(session, "Create one? [y/N]");
        tmux(&["send-keys", "-t", session, "y"]);
        wait_for(session, "Frameworks in scope");
        tmux(&["send-keys", "-t", session, "q"]);
        wait_for(session, "EXITED-0");
    });
    assert!(dir.path().join("apiassure.toml").is_file());
}

#[test]
fn probe_runs_in_the_background_and_reloads_evidence() {
    let mut f = Fixture::standard();
    // A closed loopback port: the probe finishes fast with error results.
    f.app.assessment.config.targets = vec![apiassure::workspace::config::Target {
        name: "closed".into(),
        url: "http://127.0.0.1:9/v1".into(),
        ..Default::default()
    }];
    let config = std::fs::read_to_string(f.dir.path().join("apiassure.toml")).unwrap();
    let config = config.replace("https://api.example.com/v1/orders", "http://127.0.0.1:9/v1");
    std::fs::write(f.dir.path().join("apiassure.toml"), config).unwrap();
    sized(&mut f, 120, 30);
    f.keys("3r");
    assert!(f.app.probe.is_some());
    let screen = f.render(120, 30);
    assert!(screen.contains("Probe running (Esc cancels)"), "{screen}");
    let start = Instant::now();
    while f.app.probe.is_some() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "probe did not finish"
        );
        for a in f.app.poll_background() {
            f.app.update(a);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = f.app.status.clone().unwrap().text;
    assert!(status.starts_with("probe finished"), "{status}");
    // The stored run replaces the fixture's in-memory one and is selected.
    assert_eq!(f.app.runs.len(), 1);
    assert_ne!(f.app.runs[0].run_id, "20260301T100000Z-00000a");
    assert_eq!(
        f.app.runs[0].targets.as_ref().unwrap()[0].url,
        "http://127.0.0.1:9/v1"
    );
    assert!(f.app.history.iter().any(|s| s.trigger == "probe"));
}

#[test]
fn without_a_terminal_the_bare_command_prints_the_score_table() {
    let dir = tempfile::tempdir().unwrap();
    init_workspace(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_apiassure"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("FRAMEWORK") && stdout.contains("ANSWERED"),
        "{stdout}"
    );
}

#[test]
fn no_escape_or_bidi_override_reaches_a_tui_cell() {
    let hostile =
        "ok\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{1b}[HAll controls verified by auditor\u{9b}2J\u{202e}gnp.exe\u{2066}x\rfake line";
    let mut f = Fixture::new(&[("AUTHN-01.1", AnswerValue::Yes, hostile)], true);
    // A server that answered with escapes in what becomes the summary and details.
    let mut r = run();
    r.targets[0].name = Some("public\u{202e}-api".into());
    r.targets[0].checks[0].summary = format!("TLS 1.0 offered {hostile}");
    r.targets[0].checks[0].details = vec![format!("server said {hostile}")];
    let mut ledger = apiassure::model::evidence::ledger::Ledger::default();
    ledger.fold_run(&r);
    let ws = Workspace::open(f.dir.path()).unwrap();
    let assessment = Assessment::from_parts(
        catalog(),
        ws.config().unwrap(),
        ws.answers().unwrap(),
        ledger,
        at(5, 10),
    );
    f.app = App::from_parts(ws, assessment, vec![r], history(), at(5, 10));
    f.app.user = Some("tester".into());
    let mut seen_escape = false;
    for (w, h) in [(80, 24), (120, 40)] {
        sized(&mut f, w, h);
        for screen in ["1", "2", "3", "4", "5"] {
            f.keys(screen);
            for _ in 0..3 {
                let text = f.render(w, h);
                let bad: Vec<char> = text
                    .chars()
                    .filter(|c| {
                        (c.is_control() && *c != '\n')
                            || matches!(*c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
                    })
                    .collect();
                assert!(bad.is_empty(), "screen {screen} {w}x{h}: {bad:?}\n{text}");
                seen_escape |= text.contains("\\x1b]52;c;");
                f.key(KeyCode::Down);
                f.key(KeyCode::Tab);
            }
        }
    }
    assert!(
        seen_escape,
        "the hostile text is shown as a visible escape somewhere"
    );
}

#[test]
fn quitting_retries_unsaved_answers_before_discarding_them() {
    let mut f = Fixture::standard();
    f.keys("2");
    // A failing disk: answers.toml cannot be read or replaced for now.
    let answers = f.dir.path().join("answers.toml");
    let kept = std::fs::read(&answers).unwrap();
    std::fs::remove_file(&answers).unwrap();
    std::fs::create_dir(&answers).unwrap();
    f.keys("n");
    assert_eq!(f.app.unsaved(), 1, "the change is pending");
    // The disk has room again before the user quits.
    std::fs::remove_dir(&answers).unwrap();
    std::fs::write(&answers, kept).unwrap();
    f.keys("q");
    assert_eq!(f.app.unsaved(), 0, "saved by the retry");
    assert!(f.app.quit, "nothing at stake: the first q quits");
    assert_eq!(
        f.disk_answer("AUTHN-01.2").map(|a| a.answer),
        Some(AnswerValue::No)
    );
}

#[test]
fn undo_after_an_na_with_its_reason_restores_the_question_and_follows_it() {
    let mut f = Fixture::standard();
    f.keys("2");
    let qid = f.app.selected_question_id().unwrap().to_string();
    assert!(f.disk_answer(&qid).is_none());
    f.keys("a");
    f.keys("only internal");
    f.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let saved = f.disk_answer(&qid).expect("saved");
    assert_eq!(saved.answer, AnswerValue::Na);
    assert_eq!(saved.note, "only internal");
    // Move away, then undo: the whole n/a goes, and the cursor comes back.
    f.key(KeyCode::Down);
    f.key(KeyCode::Down);
    assert_ne!(f.app.selected_question_id(), Some(qid.as_str()));
    f.keys("z");
    assert!(
        f.disk_answer(&qid).is_none(),
        "not half-answered: {:?}",
        f.disk_answer(&qid)
    );
    assert_eq!(f.app.selected_question_id(), Some(qid.as_str()));
}

#[test]
fn e2e_tmux_a_target_added_while_running_is_probed() {
    if !tmux_available() {
        return;
    }
    // A loopback API that counts the requests it gets.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = s.write_all(
                b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    });
    let dir = tempfile::tempdir().unwrap();
    init_workspace(dir.path());
    in_tmux(
        "reload",
        dir.path(),
        "APIASSURE_USER=e2e",
        "",
        (120, 40),
        |session| {
            wait_for(session, "q quit");
            tmux(&["send-keys", "-t", session, "3"]);
            std::thread::sleep(Duration::from_millis(300));
            // A teammate declares a target while the TUI runs.
            let cfg = dir.path().join("apiassure.toml");
            let mut text = std::fs::read_to_string(&cfg).unwrap();
            text.push_str(&format!(
                "\n[[targets]]\nname = \"late-api\"\nurl = \"http://127.0.0.1:{port}/v1\"\n"
            ));
            std::fs::write(&cfg, text).unwrap();
            wait_for(session, "reloaded (1 declared target");
            wait_for(session, "late-api");
            tmux(&["send-keys", "-t", session, "r"]);
            let start = Instant::now();
            while hits.load(std::sync::atomic::Ordering::SeqCst) == 0 {
                assert!(
                    start.elapsed() < Duration::from_secs(20),
                    "the added target was never probed:\n{}",
                    tmux(&["capture-pane", "-p", "-t", session])
                );
                std::thread::sleep(Duration::from_millis(100));
            }
            tmux(&["send-keys", "-t", session, "q"]);
            wait_for(session, "EXITED-");
        },
    );
}

#[test]
fn the_assess_filter_reaches_mine_and_overdue_and_the_dashboard_counts_overdue() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::init(dir.path(), "Acme", "Payments API").unwrap();
    let assign = |control: &str, owner: &str, due: &str| {
        ws.assign(
            control,
            Some(apiassure::model::owners::Assignment {
                owner: owner.into(),
                due: Some(chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d").unwrap()),
                by: "lead".into(),
                at: Utc::now(),
            }),
            "lead",
        )
        .unwrap();
    };
    assign("AUTHN-01", "tester", "2020-01-31");
    assign("CRYPTO-01", "lee", "2099-01-31");
    let mut app = App::load(ws, Utc::now()).unwrap();
    app.user = Some("tester".into());
    app.update(Action::Resize(120, 40));
    let screen = render(&app, 120, 40);
    assert!(screen.contains("Overdue: tester 4"), "{screen}");
    app.update(Action::Show(apiassure::tui::Screen::Assess));
    let mut reached = Vec::new();
    for _ in 0..12 {
        if let Some(a) = apiassure::tui::to_action(
            &app,
            Event::Key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::NONE)),
        ) {
            app.update(a);
        }
        let ids: Vec<String> = app
            .visible_controls()
            .iter()
            .map(|&i| app.assessment.catalog.controls[i].id.clone())
            .collect();
        let screen = render(&app, 120, 40);
        if screen.contains("· mine") {
            assert_eq!(ids, ["AUTHN-01"], "mine");
            reached.push("mine");
        }
        if screen.contains("· overdue") {
            assert!(
                ids.contains(&"AUTHN-01".to_string()) && !ids.contains(&"CRYPTO-01".to_string()),
                "{ids:?}"
            );
            reached.push("overdue");
        }
    }
    assert!(
        reached.contains(&"mine") && reached.contains(&"overdue"),
        "{reached:?}"
    );
}

#[test]
fn the_evidence_screen_reads_runs_lazily_and_filters_targets() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::init(dir.path(), "Acme", "Payments API").unwrap();
    let mut cfg = std::fs::read_to_string(ws.path("apiassure.toml")).unwrap();
    for (name, tag) in [
        ("orders", "prod"),
        ("payments", "prod"),
        ("sandbox", "test"),
    ] {
        cfg.push_str(&format!(
            "\n[[targets]]\nname = \"{name}\"\nurl = \"https://{name}.example/v1\"\ntags = [\"{tag}\"]\n"
        ));
    }
    std::fs::write(ws.path("apiassure.toml"), cfg).unwrap();
    let mut run = run();
    run.run_id = String::new();
    run.targets = ["orders", "payments", "sandbox"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut t = run.targets[0].clone();
            t.url = format!("https://{name}.example/v1");
            t.name = Some(name.to_string());
            t.checks[0].result = if i == 1 {
                CheckOutcome::Fail
            } else {
                CheckOutcome::Pass
            };
            t.checks[0].details = vec![format!("observed on {name}")];
            t
        })
        .collect();
    let mut assessment = Assessment::load(&ws).unwrap();
    apiassure::assessment::store_run(&ws, &mut assessment, &mut run).unwrap();

    let mut app = App::load(ws, Utc::now()).unwrap();
    app.user = Some("tester".into());
    app.update(Action::Resize(120, 40));
    assert!(
        app.runs[0].targets.is_none() && app.runs[0].whole.is_none(),
        "nothing of the run is read before the Evidence screen shows it"
    );
    app.update(Action::Show(apiassure::tui::Screen::Evidence));
    assert_eq!(app.runs[0].targets.as_ref().unwrap().len(), 3);
    // The selected target's observations are read from its line of the run.
    app.update(Action::NextPane);
    let shown = render(&app, 120, 40);
    assert!(shown.contains("observed on orders"), "{shown}");
    app.update(Action::Down);
    let shown = render(&app, 120, 40);
    assert!(shown.contains("observed on payments"), "{shown}");
    // `/` finds targets by tag, result or name.
    let filter = |app: &mut App, text: &str| {
        app.update(Action::Search);
        for c in text.chars() {
            app.update(Action::Input(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )));
        }
        app.update(Action::InputSave);
    };
    filter(&mut app, "tag:test");
    assert_eq!(app.visible_targets().len(), 1);
    assert!(render(&app, 120, 40).contains("observed on sandbox"));
    app.update(Action::Search);
    for _ in 0..8 {
        app.update(Action::Input(KeyEvent::new(
            KeyCode::Backspace,
            KeyModifiers::NONE,
        )));
    }
    for c in "result:fail".chars() {
        app.update(Action::Input(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
    app.update(Action::InputSave);
    let visible = app.visible_targets();
    assert_eq!(visible.len(), 1, "{visible:?}");
    assert!(render(&app, 120, 40).contains("Targets 1 of 3"));
    filter(&mut app, " pay");
    assert!(render(&app, 120, 40).contains("observed on payments"));
}

#[test]
fn the_first_frame_comes_before_the_evidence_and_shows_no_score_until_it() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::init(dir.path(), "Acme", "Payments API").unwrap();
    let mut cfg = std::fs::read_to_string(ws.path("apiassure.toml")).unwrap();
    cfg.push_str("\n[[targets]]\nname = \"orders\"\nurl = \"https://orders.example/v1\"\n");
    std::fs::write(ws.path("apiassure.toml"), cfg).unwrap();
    ws.update_answers(|set| {
        set.set("AUTHN-01.1", AnswerValue::Yes, "tester", Utc::now());
    })
    .unwrap();
    let mut r = run();
    r.run_id = String::new();
    r.targets[0].url = "https://orders.example/v1".into();
    r.targets[0].name = Some("orders".into());
    let mut assessment = Assessment::load(&ws).unwrap();
    apiassure::assessment::store_run(&ws, &mut assessment, &mut r).unwrap();
    let full = App::load(ws.clone(), Utc::now()).unwrap();

    let mut app = App::load_in_background(ws, Utc::now()).unwrap();
    app.update(Action::Resize(120, 40));
    assert!(app.evidence_pending());
    let first = render(&app, 120, 40);
    assert!(first.contains("reading…"), "{first}");
    assert!(
        !first.contains("insufficient"),
        "no band before the evidence: {first}"
    );
    let start = Instant::now();
    while app.evidence_pending() {
        for a in app.poll_background() {
            app.update(a);
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the evidence never came"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let scored = render(&app, 120, 40);
    assert!(!scored.contains("reading…"), "{scored}");
    // Exactly the scores a blocking load computes.
    let score = |a: &App| {
        a.assessment
            .card
            .frameworks
            .iter()
            .map(|f| (f.id.clone(), f.score))
            .collect::<Vec<_>>()
    };
    assert_eq!(score(&app), score(&full));
    assert_eq!(
        app.assessment.card.evidence.current,
        full.assessment.card.evidence.current
    );
}

#[test]
fn owners_assigned_elsewhere_show_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::init(dir.path(), "Acme", "Payments API").unwrap();
    let mut app = App::load(ws.clone(), Utc::now()).unwrap();
    assert!(app.owners.get("AUTHN-01").is_none());
    // A teammate's `apiassure assign` (or a git pull) while the TUI runs.
    std::thread::sleep(Duration::from_millis(20));
    ws.assign(
        "AUTHN-01",
        Some(apiassure::model::owners::Assignment {
            owner: "dana".into(),
            due: None,
            by: "lead".into(),
            at: Utc::now(),
        }),
        "lead",
    )
    .unwrap();
    app.update(Action::Tick(Utc::now()));
    assert_eq!(
        app.owners.get("AUTHN-01").map(|a| a.owner.as_str()),
        Some("dana")
    );
}

// ----- Statement of Applicability ------------------------------------------------

/// A workspace on the embedded catalog with ISO/IEC 27001 in scope.
fn iso_fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::init(dir.path(), "Acme", "Payments API").unwrap();
    std::fs::write(
        ws.path("apiassure.toml"),
        "schema_version = 1\n[organisation]\nname = \"Acme\"\n[system]\nname = \"Payments API\"\n[assessment]\nframeworks = [\"iso27001-2022\"]\n",
    )
    .unwrap();
    ws.update_answers(|set| {
        set.set("AUTHN-01.1", AnswerValue::Yes, "tester", at(5, 9));
    })
    .unwrap();
    let assessment = Assessment::from_parts(
        apiassure::catalog::load_embedded().unwrap(),
        ws.config().unwrap(),
        ws.answers().unwrap(),
        Default::default(),
        at(5, 10),
    );
    let mut app = App::from_parts(ws, assessment, vec![], vec![], at(5, 10));
    app.color = true;
    app.user = Some("tester".into());
    Fixture { dir, app }
}

#[test]
fn snapshot_soa() {
    snapshot_screen(
        "soa",
        iso_fixture,
        |f| f.keys("6"),
        &["A.5.1", "NOT DECIDED", "Catalog proposes"],
    );
}

#[test]
fn the_soa_screen_records_decisions_with_a_required_justification() {
    let mut f = iso_fixture();
    sized(&mut f, 120, 40);
    f.keys("6");
    // A.8.5, secure authentication: excluding needs a reason.
    let row = apiassure::catalog::annex_a::ANNEX_A
        .iter()
        .position(|(id, _, _)| *id == "A.8.5")
        .unwrap();
    for _ in 0..row {
        f.key(KeyCode::Down);
    }
    f.keys("x");
    f.key(KeyCode::Enter);
    assert!(f.render(120, 40).contains("needs a justification"));
    assert!(!f.dir.path().join("soa.toml").exists());
    f.keys("Handled by the parent company");
    f.key(KeyCode::Enter);
    let soa = Workspace::open(f.dir.path())
        .unwrap()
        .soa()
        .unwrap()
        .unwrap();
    let d = &soa.controls["A.8.5"];
    assert!(!d.applicable);
    assert_eq!(d.justification, "Handled by the parent company");
    assert_eq!(d.by, "tester");
    // The assessment disagrees (a mapped answer says yes): shown, not replaced.
    let screen = f.render(120, 40);
    assert!(screen.contains("Conflict: excluded, but"), "{screen}");
    // Status needs an applicable decision; then it steps through the four.
    f.keys("s");
    assert!(f.render(120, 40).contains("decide it applicable first"));
    f.keys("a");
    f.key(KeyCode::Enter); // the earlier justification is kept as typed
    f.keys("s");
    let soa = Workspace::open(f.dir.path())
        .unwrap()
        .soa()
        .unwrap()
        .unwrap();
    assert_eq!(
        soa.controls["A.8.5"].status,
        Some(apiassure::model::soa::SoaStatus::Implemented)
    );
    assert!(Workspace::open(f.dir.path())
        .map(
            |ws| apiassure::workspace::verify::verify(&ws, &Default::default())
                .unwrap()
                .ok()
        )
        .unwrap());
    f.keys("w");
    let soa = Workspace::open(f.dir.path())
        .unwrap()
        .soa()
        .unwrap()
        .unwrap();
    assert!(!soa.controls.contains_key("A.8.5"));
}

#[test]
fn a_file_is_attached_from_the_assess_screen() {
    let mut f = Fixture::standard();
    sized(&mut f, 120, 40);
    std::fs::write(f.dir.path().join("review.csv"), "user,kept\nana,yes\n").unwrap();
    f.keys("2");
    // The first unanswered question is selected: attaching needs an answer.
    f.keys("A");
    assert!(f.app.popup.is_none());
    f.keys("y");
    f.keys("A");
    f.keys("review.csv");
    f.key(KeyCode::Enter);
    let q = f.app.selected_question_id().unwrap().to_string();
    let a = f.disk_answer(&q).unwrap();
    assert_eq!(a.attachments.len(), 1);
    assert_eq!(a.attachments[0].name, "review.csv");
    assert!(f.render(120, 40).contains("file: review.csv"));
    // A missing file is an error on the status line, nothing attached.
    f.keys("A");
    f.keys("nope.pdf");
    f.key(KeyCode::Enter);
    assert!(f.render(120, 40).contains("nope.pdf"));
    assert_eq!(f.disk_answer(&q).unwrap().attachments.len(), 1);
}

#[test]
fn snapshot_history_with_the_period_timeline() {
    use apiassure::period::{Exception, ExceptionKind, Period, PeriodReport};
    let exception = |id: &str, check: &str, from: (u32, u32), to: Option<(u32, u32)>| Exception {
        id: id.into(),
        kind: ExceptionKind::Check,
        controls: vec!["AUTHN-01".into()],
        target: Some("public-api".into()),
        url: Some("https://api.example.com/v1/orders".into()),
        check: Some(check.into()),
        result: "fail".into(),
        start: Utc
            .with_ymd_and_hms(2026, from.0, from.1, 10, 0, 0)
            .unwrap(),
        end: to.map(|(m, d)| Utc.with_ymd_and_hms(2026, m, d, 10, 0, 0).unwrap()),
        open: to.is_none(),
        duration_days: 3.0,
        observations: 2,
        summary: "Data served without credentials".into(),
        responses: Vec::new(),
    };
    let report = PeriodReport {
        period: Period::parse("2026-01-01..2026-03-31").unwrap(),
        max_gap_days: 30,
        runs: 12,
        runs_left_out: 0,
        observations: 240,
        series: Vec::new(),
        exceptions: vec![
            exception("EX-0A1B2C3D", "auth.required", (1, 5), Some((1, 8))),
            exception("EX-11223344", "tls.protocols", (3, 1), None),
        ],
        gaps: Vec::new(),
        recurring: Vec::new(),
        controls: Vec::new(),
        attested_only: 0,
        design_changes: Vec::new(),
    };
    snapshot_screen(
        "history_timeline",
        Fixture::standard,
        |f| {
            f.keys("5");
            f.app.period_view = Some(report.clone());
        },
        &["Exceptions, 2026-01-01 to 2026-03-31", "EX-0A1B2C3D", "▶"],
    );
}

#[test]
fn an_occurrence_of_a_periodic_practice_is_recorded_from_the_assess_screen() {
    let mut f = Fixture::standard();
    sized(&mut f, 120, 40);
    f.keys("2");
    f.keys("R");
    assert!(f.render(120, 40).contains("Record an occurrence of"));
    // The editor starts with today's date; a bad date is refused.
    for _ in 0..11 {
        f.key(KeyCode::Backspace);
    }
    f.keys("yesterday access review");
    f.key(KeyCode::Enter);
    assert!(f.render(120, 40).contains("is not a date"));
    f.keys("R");
    f.keys("Q1 access review: 3 accounts removed");
    f.key(KeyCode::Enter);
    let entries = Workspace::open(f.dir.path())
        .unwrap()
        .journal()
        .entries()
        .unwrap();
    assert!(entries.iter().any(|e| matches!(
        &e.change,
        apiassure::model::journal::Change::Activity { note, on, .. }
            if note == "Q1 access review: 3 accounts removed" && *on == at(5, 10).date_naive()
    )));
}
