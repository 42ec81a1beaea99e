//! Scoring tables computed by hand on a small catalog.

use chrono::Utc;

use super::*;
use crate::catalog::{load_sources, FileKind, SourceFile};
use crate::model::evidence::ledger::Ledger;
use crate::model::evidence::EVIDENCE_SCHEMA_VERSION;
use crate::model::{Answer, CheckResult, EvidenceRun, TargetEvidence};

/// Score with the run's targets as the declared ones, judged now.
fn score(catalog: &Catalog, answers: &AnswerSet, run: Option<&EvidenceRun>) -> Scorecard {
    super::score(catalog, answers, &input(run), &Policy::at(Utc::now()))
}

fn input(run: Option<&EvidenceRun>) -> EvidenceInput {
    let Some(run) = run else {
        return EvidenceInput::default();
    };
    let mut ledger = Ledger::default();
    ledger.fold_run(run);
    EvidenceInput {
        targets: run
            .targets
            .iter()
            .map(|t| TargetInput {
                label: t.url.clone(),
                url: t.url.clone(),
                tls: t.url.starts_with("https://"),
                openapi: false,
                oauth: false,
                checks: ledger
                    .targets
                    .get(&t.url)
                    .map(|e| e.checks.clone())
                    .unwrap_or_default(),
                counts_for: Default::default(),
            })
            .collect(),
        runs: 1,
        latest_run: Some(run.run_id.clone()),
    }
}

const QUESTIONNAIRE: &str = r#"
schema_version = 1
[domain]
id = "d"
title = "Domain"
[[controls]]
id = "C1"
title = "Transport"
objective = "o"
guidance = "g"
checks = ["tls.protocols"]
[[controls.questions]]
id = "C1.1"
text = "t"
help = "h"
[[controls.questions]]
id = "C1.2"
text = "t"
help = "h"
[[controls]]
id = "C2"
title = "Two"
objective = "o"
guidance = "g"
[[controls.questions]]
id = "C2.1"
text = "t"
help = "h"
[[controls.questions]]
id = "C2.2"
text = "t"
help = "h"
[[controls]]
id = "C3"
title = "Three"
objective = "o"
guidance = "g"
[[controls.questions]]
id = "C3.1"
text = "t"
help = "h"
"#;

const FRAMEWORK_F: &str = r#"
schema_version = 1
[framework]
id = "f"
name = "F"
[[requirements]]
id = "R1"
title = "r1"
summary = "s"
weight = 2
controls = ["C1"]
provenance = "editorial"
[[requirements]]
id = "R2"
title = "r2"
summary = "s"
weight = 1
controls = ["C2", "C3"]
provenance = "editorial"
"#;

const FRAMEWORK_G: &str = r#"
schema_version = 1
[framework]
id = "g"
name = "G"
[[requirements]]
id = "R1"
title = "r1"
summary = "s"
weight = 1
controls = ["C3"]
provenance = "editorial"
"#;

fn catalog() -> Catalog {
    let file = |name: &str, text: &str, kind| SourceFile {
        name: name.into(),
        text: text.into(),
        kind,
        layer: 0,
    };
    load_sources(&[
        file("q.toml", QUESTIONNAIRE, FileKind::Questionnaire),
        file("f.toml", FRAMEWORK_F, FileKind::Framework),
        file("g.toml", FRAMEWORK_G, FileKind::Framework),
    ])
    .unwrap()
}

fn answers(pairs: &[(&str, AnswerValue)]) -> AnswerSet {
    let mut set = AnswerSet::default();
    for (q, a) in pairs {
        set.answers.insert(
            q.to_string(),
            Answer {
                answer: *a,
                // `na` carries its reason, as the CLI and the TUI require.
                note: if *a == Na {
                    "not used here".into()
                } else {
                    String::new()
                },
                evidence: vec![],
                by: String::new(),
                at: Utc::now(),
                review_by: None,
                approval: None,
                acceptance: None,
                attachments: Vec::new(),
            },
        );
    }
    set
}

fn run(results: &[(&str, &str, CheckOutcome)]) -> EvidenceRun {
    let mut targets: Vec<TargetEvidence> = Vec::new();
    for (target, id, outcome) in results {
        let idx = match targets.iter().position(|t| t.url == *target) {
            Some(i) => i,
            None => {
                targets.push(TargetEvidence {
                    url: target.to_string(),
                    name: None,
                    tls: None,
                    http: None,
                    traffic: None,
                    checks: vec![],
                    adhoc: false,
                    probed_at: None,
                });
                targets.len() - 1
            }
        };
        targets[idx].checks.push(CheckResult::new(
            crate::checks::CheckId::parse(id).expect("a known check id"),
            *outcome,
            "seen",
        ));
    }
    EvidenceRun {
        schema_version: EVIDENCE_SCHEMA_VERSION,
        run_id: "r".into(),
        tool: "apiassure".into(),
        tool_version: "0".into(),
        started_at: Utc::now(),
        finished_at: Utc::now(),
        settings: serde_json::Value::Null,
        targets,
    }
}

use AnswerValue::{Na, No, Partial, Yes};

#[test]
fn answers_only_table() {
    let card = score(
        &catalog(),
        &answers(&[
            ("C1.1", Yes),
            ("C1.2", Partial),
            ("C2.1", No),
            ("C2.2", Na),
            ("C3.1", Yes),
        ]),
        None,
    );
    // C1 = (1 + 0.5) / 2; C2 = 0 (na left out); C3 = 1.
    assert_eq!(card.control("C1").unwrap().score, Some(75.0));
    assert_eq!(card.control("C2").unwrap().score, Some(0.0));
    assert_eq!(card.control("C3").unwrap().score, Some(100.0));
    let f = card.framework("f").unwrap();
    // R1 = 0.75 (weight 2), R2 = mean(0, 1) = 0.5 (weight 1): (1.5 + 0.5) / 3.
    assert_eq!(f.requirements[0].score, Some(75.0));
    assert_eq!(f.requirements[1].score, Some(50.0));
    assert_eq!(f.score, Some(66.67));
    assert_eq!(f.coverage, 100.0);
    assert_eq!(f.band, Band::MajorGaps);
    assert_eq!(card.framework("g").unwrap().score, Some(100.0));
    assert!(card.conflicts.is_empty());
}

#[test]
fn unanswered_counts_zero_and_is_not_assessed() {
    let card = score(&catalog(), &answers(&[("C1.1", Yes)]), None);
    let c1 = card.control("C1").unwrap();
    assert_eq!(c1.score, Some(50.0));
    assert_eq!(c1.not_assessed, 1);
    assert!(c1.questions[1].not_assessed);
    let g = card.framework("g").unwrap();
    assert_eq!(g.score, Some(0.0));
    assert_eq!(g.coverage, 0.0);
    assert_eq!(g.band, Band::InsufficientCoverage);
    // f: 1 of 5 questions answered.
    assert_eq!(card.framework("f").unwrap().coverage, 20.0);
}

#[test]
fn all_na_leaves_control_and_requirement_out() {
    let card = score(
        &catalog(),
        &answers(&[
            ("C1.1", Yes),
            ("C1.2", Yes),
            ("C2.1", Na),
            ("C2.2", Na),
            ("C3.1", Na),
        ]),
        None,
    );
    assert_eq!(card.control("C2").unwrap().score, None);
    let f = card.framework("f").unwrap();
    assert_eq!(f.requirements[1].score, None);
    assert_eq!(f.score, Some(100.0));
    // f: one requirement of two scored, g: none: too little for a band.
    assert_eq!(f.band, Band::InsufficientCoverage);
    let g = card.framework("g").unwrap();
    assert_eq!(g.score, None);
    assert_eq!(g.band, Band::InsufficientCoverage);
    assert!(
        g.band_reason.contains("0.0% of requirements scored"),
        "{}",
        g.band_reason
    );
}

#[test]
fn evidence_lowers_never_raises_and_conflicts_show() {
    let all_yes = answers(&[
        ("C1.1", Yes),
        ("C1.2", Partial),
        ("C2.1", Yes),
        ("C2.2", Yes),
        ("C3.1", Yes),
    ]);
    // Two targets: fail + pass = 0.5 automated; attested 0.75 -> 0.5.
    let evidence = run(&[
        ("https://a", "tls.protocols", CheckOutcome::Fail),
        ("https://b", "tls.protocols", CheckOutcome::Pass),
        ("https://b", "http.hsts", CheckOutcome::Fail),
    ]);
    let card = score(&catalog(), &all_yes, Some(&evidence));
    let c1 = card.control("C1").unwrap();
    assert_eq!(c1.attested, Some(75.0));
    assert_eq!(c1.automated, Some(50.0));
    assert_eq!(c1.score, Some(50.0));
    assert!(c1.limited_by_evidence);
    let conflict = c1.conflict.as_ref().expect("yes + fail is a conflict");
    assert_eq!(conflict.questions, vec!["C1.1".to_string()]);
    assert_eq!(conflict.evidence.len(), 1);
    assert!(conflict.evidence[0].starts_with("tls.protocols on https://a"));
    // A check no control cites does not touch scores.
    assert_eq!(card.control("C2").unwrap().checks.len(), 0);
    assert_eq!(card.framework("f").unwrap().conflicts, 1);
    assert_eq!(card.framework("g").unwrap().conflicts, 0);
    // f = (2 * 0.5 + 1 * 1) / 3
    assert_eq!(card.framework("f").unwrap().score, Some(66.67));

    // Passing evidence cannot raise a partial attestation.
    let pass = run(&[("https://a", "tls.protocols", CheckOutcome::Pass)]);
    let partial = answers(&[("C1.1", Partial), ("C1.2", Partial)]);
    let card = score(&catalog(), &partial, Some(&pass));
    assert_eq!(card.control("C1").unwrap().score, Some(50.0));
    assert!(!card.control("C1").unwrap().limited_by_evidence);
}

#[test]
fn info_and_error_results_are_reported_not_scored() {
    let evidence = run(&[
        ("https://a", "tls.protocols", CheckOutcome::Error),
        ("https://b", "tls.protocols", CheckOutcome::Info),
        ("https://c", "tls.protocols", CheckOutcome::Warn),
    ]);
    let card = score(
        &catalog(),
        &answers(&[("C1.1", Yes), ("C1.2", Yes)]),
        Some(&evidence),
    );
    let c1 = card.control("C1").unwrap();
    assert_eq!(c1.checks.len(), 3);
    assert_eq!(c1.automated, Some(50.0));
    assert_eq!(c1.score, Some(50.0));
    assert!(c1.conflict.is_none(), "warn is no contradiction");
    assert!(
        c1.explanation
            .contains("2 info/error/stale pass not scored"),
        "{}",
        c1.explanation
    );
}

#[test]
fn orphan_answers_are_kept_and_reported() {
    let card = score(&catalog(), &answers(&[("GONE.1", Yes)]), None);
    assert_eq!(card.orphan_answers, vec!["GONE.1".to_string()]);
}

/// The README's worked example, number for number.
#[test]
fn readme_worked_example() {
    let q =
        |id: &str| format!("[[controls.questions]]\nid = \"{id}\"\ntext = \"t\"\nhelp = \"h\"\n");
    let mut questionnaire = String::from(
        "schema_version = 1\n[domain]\nid = \"d\"\ntitle = \"D\"\n\
         [[controls]]\nid = \"X\"\ntitle = \"x\"\nobjective = \"o\"\nguidance = \"g\"\n\
         checks = [\"tls.protocols\", \"tls.ciphers\", \"http.hsts\"]\n",
    );
    for id in ["X.1", "X.2", "X.3"] {
        questionnaire.push_str(&q(id));
    }
    questionnaire
        .push_str("[[controls]]\nid = \"Y\"\ntitle = \"y\"\nobjective = \"o\"\nguidance = \"g\"\n");
    questionnaire.push_str(&q("Y.1"));
    questionnaire
        .push_str("[[controls]]\nid = \"Z\"\ntitle = \"z\"\nobjective = \"o\"\nguidance = \"g\"\n");
    for i in 1..=5 {
        questionnaire.push_str(&q(&format!("Z.{i}")));
    }
    let framework = "schema_version = 1\n[framework]\nid = \"f\"\nname = \"F\"\n\
        [[requirements]]\nid = \"R1\"\ntitle = \"r\"\nsummary = \"s\"\nweight = 2\ncontrols = [\"X\", \"Y\"]\nprovenance = \"editorial\"\n\
        [[requirements]]\nid = \"R2\"\ntitle = \"r\"\nsummary = \"s\"\nweight = 1\ncontrols = [\"Z\"]\nprovenance = \"editorial\"\n";
    let catalog = load_sources(&[
        SourceFile {
            name: "q.toml".into(),
            text: questionnaire,
            kind: FileKind::Questionnaire,
            layer: 0,
        },
        SourceFile {
            name: "f.toml".into(),
            text: framework.into(),
            kind: FileKind::Framework,
            layer: 0,
        },
    ])
    .unwrap();
    let set = answers(&[
        ("X.1", Yes),
        ("X.2", Yes),
        ("X.3", Partial),
        ("Y.1", Yes),
        ("Z.1", Yes),
        ("Z.2", Yes),
        ("Z.3", No),
        ("Z.4", No),
        ("Z.5", No),
    ]);
    let evidence = run(&[
        ("https://a", "tls.protocols", CheckOutcome::Pass),
        ("https://b", "tls.protocols", CheckOutcome::Warn),
        ("https://a", "tls.ciphers", CheckOutcome::Pass),
        ("https://b", "tls.ciphers", CheckOutcome::Pass),
        ("https://a", "http.hsts", CheckOutcome::Fail),
        ("https://b", "http.hsts", CheckOutcome::Error),
    ]);
    let card = score(&catalog, &set, Some(&evidence));
    let x = card.control("X").unwrap();
    assert_eq!(x.attested, Some(83.33));
    assert_eq!(x.automated, Some(70.0));
    assert_eq!(x.score, Some(70.0));
    assert!(x.conflict.is_some());
    assert_eq!((x.evidence_current, x.evidence_expected), (5, 6));
    let f = card.framework("f").unwrap();
    assert_eq!(f.requirements[0].score, Some(85.0));
    assert_eq!(f.requirements[1].score, Some(40.0));
    assert_eq!(f.score, Some(70.0));
    assert_eq!(f.coverage, 100.0);
    assert_eq!(f.band, Band::MajorGaps);
    // 7 of 9 answered (77.8%): no band, whatever the score.
    let mut fewer = set.clone();
    fewer.clear("Z.4");
    fewer.clear("Z.5");
    let card = score(&catalog, &fewer, Some(&evidence));
    assert_eq!(
        card.framework("f").unwrap().band,
        Band::InsufficientCoverage
    );
}

#[test]
fn ready_needs_coverage_no_conflict_and_no_stale_evidence() {
    let all_yes = answers(&[
        ("C1.1", Yes),
        ("C1.2", Yes),
        ("C2.1", Yes),
        ("C2.2", Yes),
        ("C3.1", Yes),
    ]);
    // Everything passes and is fresh: ready.
    let pass = run(&[("https://a", "tls.protocols", CheckOutcome::Pass)]);
    let card = score(&catalog(), &all_yes, Some(&pass));
    let f = card.framework("f").unwrap();
    assert_eq!((f.band, f.score), (Band::Ready, Some(100.0)));
    assert_eq!(f.evidence_coverage, Some(100.0));

    // The same pass, 200 days old: stale, earns nothing, blocks ready.
    let mut old = pass.clone();
    for t in &mut old.targets {
        t.probed_at = Some(Utc::now() - chrono::Duration::days(200));
    }
    let card = score(&catalog(), &all_yes, Some(&old));
    let f = card.framework("f").unwrap();
    assert_eq!(
        f.score,
        Some(100.0),
        "attested only: the stale pass is not counted"
    );
    assert_eq!(f.band, Band::MinorGaps);
    assert!(
        f.band_reason.contains("1 stale check results"),
        "{}",
        f.band_reason
    );
    assert_eq!(f.evidence_coverage, Some(0.0));
    let c1 = card.control("C1").unwrap();
    assert_eq!((c1.evidence_current, c1.evidence_stale), (0, 1));

    // A stale fail still lowers the score: ageing never raises one.
    let mut old_fail = run(&[("https://a", "tls.protocols", CheckOutcome::Fail)]);
    for t in &mut old_fail.targets {
        t.probed_at = Some(Utc::now() - chrono::Duration::days(200));
    }
    let fresh_fail = run(&[("https://a", "tls.protocols", CheckOutcome::Fail)]);
    let stale_score = score(&catalog(), &all_yes, Some(&old_fail))
        .framework("f")
        .unwrap()
        .score;
    let fresh_score = score(&catalog(), &all_yes, Some(&fresh_fail))
        .framework("f")
        .unwrap()
        .score;
    assert_eq!(stale_score, fresh_score);

    // Coverage under 80%: no band at all, whatever the score.
    let few = answers(&[("C1.1", Yes), ("C1.2", Yes), ("C2.1", Yes)]);
    let f = score(&catalog(), &few, Some(&pass))
        .framework("f")
        .unwrap()
        .clone();
    assert_eq!(f.band, Band::InsufficientCoverage);
    assert!(
        f.band_reason.contains("60.0% of questions assessed"),
        "{}",
        f.band_reason
    );
}

#[test]
fn na_without_a_reason_counts_as_not_assessed() {
    let mut set = answers(&[("C1.1", Yes), ("C1.2", Yes)]);
    set.set("C3.1", Na, "x", Utc::now());
    let card = score(&catalog(), &set, None);
    assert_eq!(card.unjustified_na, vec!["C3.1".to_string()]);
    let c3 = card.control("C3").unwrap();
    assert_eq!((c3.score, c3.not_assessed), (Some(0.0), 1));
    set.note("C3.1", "no third party", "x", Utc::now());
    let card = score(&catalog(), &set, None);
    assert_eq!(card.control("C3").unwrap().score, None);
    assert!(card.unjustified_na.is_empty());
}

#[test]
fn answers_past_their_review_date_are_due() {
    let mut set = answers(&[("C1.1", Yes), ("C1.2", Yes)]);
    set.answers.get_mut("C1.1").unwrap().at = Utc::now() - chrono::Duration::days(400);
    set.answers.get_mut("C1.2").unwrap().review_by =
        Some((Utc::now() - chrono::Duration::days(1)).date_naive());
    let card = score(&catalog(), &set, None);
    let due: Vec<&str> = card
        .due_answers
        .iter()
        .map(|d| d.question.as_str())
        .collect();
    assert_eq!(due, ["C1.1", "C1.2"]);
}

#[test]
fn a_critical_question_answered_no_caps_the_band_and_is_named() {
    let catalog = crate::catalog::load_embedded().unwrap();
    let mut answers = AnswerSet::default();
    for (_, q) in catalog.questions() {
        answers.set(&q.id, AnswerValue::Yes, "dana", Utc::now());
    }
    let before = score(&catalog, &answers, None);
    let soc2 = |card: &Scorecard| card.framework("soc2").unwrap().clone();
    assert_eq!(soc2(&before).band, Band::Ready);
    // One critical question answered no: the score barely moves, the band
    // drops to major gaps and says why.
    answers.set("AUTHN-01.1", AnswerValue::No, "dana", Utc::now());
    let after = soc2(&score(&catalog, &answers, None));
    assert!(after.score.unwrap() > 90.0, "{:?}", after.score);
    assert_eq!(after.band, Band::MajorGaps);
    assert!(
        after.band_reason.contains("AUTHN-01.1 answered no"),
        "{}",
        after.band_reason
    );
    // A non-critical no does not cap.
    answers.set("AUTHN-01.1", AnswerValue::Yes, "dana", Utc::now());
    answers.set("AUTHN-01.2", AnswerValue::No, "dana", Utc::now());
    assert_ne!(soc2(&score(&catalog, &answers, None)).band, Band::MajorGaps);
}
