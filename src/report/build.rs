//! From workspace data to the report [`Document`]: what an auditor reads, in
//! the order they read it. Pure: no clock (the date comes in with the data),
//! no disk, no environment. Every number is taken from the [`Scorecard`], so
//! the report and `apiassure score` can never disagree.
//!
//! [`Scorecard`]: crate::scoring::Scorecard

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::model::{Document, Section, Table};
use super::{non_empty, ReportData};
use crate::model::evidence::http::HttpObservation;
use crate::model::evidence::tls::TlsObservation;
use crate::model::{CheckResult, Control, TargetEvidence};
use crate::scoring::{ControlScore, FrameworkScore};

pub const COVER: &str = "API security assessment report";
pub const SUMMARY: &str = "Executive summary";
pub const CONTROLS: &str = "Controls: attestations and evidence";
pub const EVIDENCE: &str = "Automated evidence";
pub const HISTORY: &str = "Score history";
pub const METHODOLOGY: &str = "Appendix: methodology";

/// What an unanswered question shows instead of an answer.
pub const NOT_ASSESSED: &str = "not assessed";

/// How many of the lowest-scoring controls a framework's gap list shows.
const GAPS_SHOWN: usize = 10;

pub fn document(data: &ReportData) -> Document {
    let mut sections = vec![cover(data), summary(data)];
    for f in frameworks(data) {
        sections.push(framework(data, f));
    }
    sections.push(controls(data));
    sections.push(evidence(data));
    sections.push(history(data));
    sections.push(methodology());
    Document {
        title: COVER.to_string(),
        organisation: data.organisation().to_string(),
        date: data.generated_at.format("%Y-%m-%d").to_string(),
        sections,
    }
}

/// Framework scores in report order.
fn frameworks(data: &ReportData) -> Vec<&FrameworkScore> {
    data.frameworks
        .iter()
        .filter_map(|id| data.card.framework(id))
        .collect()
}

pub use crate::scoring::fmt_score;

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn fmt_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A control's score as printed: the Scorecard number, and why it may be 0.
pub fn control_score(c: &ControlScore) -> String {
    let score = fmt_score(c.score);
    if c.not_assessed > 0 && c.not_assessed == c.questions.len() {
        format!("{score} ({NOT_ASSESSED})")
    } else if c.not_assessed > 0 {
        format!("{score} ({} {NOT_ASSESSED})", c.not_assessed)
    } else {
        score
    }
}

fn cover(data: &ReportData) -> Section {
    let mut s = Section::new(COVER, false);
    let cfg = &data.config;
    let names: Vec<String> = frameworks(data)
        .iter()
        .map(|f| {
            data.catalog
                .framework(&f.id)
                .map_or(f.name.clone(), |fw| format!("{} ({})", fw.name, fw.version))
        })
        .collect();
    let total = data.catalog.questions().count();
    let answered = data
        .catalog
        .questions()
        .filter(|(_, q)| data.answers.get(&q.id).is_some())
        .count();
    let mut pairs = vec![
        ("Organisation", data.organisation().to_string()),
        ("System", data.system().to_string()),
    ];
    if !cfg.system.description.trim().is_empty() {
        pairs.push(("Description", cfg.system.description.clone()));
    }
    pairs.extend([
        (
            "Scope",
            non_empty(&cfg.system.scope, "(not stated in apiassure.toml)").to_string(),
        ),
        (
            "Assessor",
            non_empty(&cfg.assessment.assessor, "(not stated in apiassure.toml)").to_string(),
        ),
        ("Report date", fmt_time(data.generated_at)),
        ("Tool", format!("apiassure {}", data.tool_version)),
        ("Frameworks", names.join("; ")),
        ("Questions answered", format!("{answered} of {total}")),
        (
            "Automated evidence",
            match &data.evidence {
                Some(run) => format!(
                    "run {} finished {} ({})",
                    run.run_id,
                    fmt_time(run.finished_at),
                    plural(run.targets.len(), "target")
                ),
                None => "none: scores rest on attestations only".to_string(),
            },
        ),
    ]);
    s.key_values(pairs);

    s.heading(2, "About the catalog");
    let reqs: Vec<_> = data
        .frameworks
        .iter()
        .filter_map(|id| data.catalog.framework(id))
        .flat_map(|f| f.requirements.iter())
        .collect();
    let editorial = reqs.iter().filter(|r| r.provenance == "editorial").count();
    s.paragraph(
        "Requirement ids and short titles identify requirements of the published standards; \
         the summaries are apiassure's own words, never the standards' text. Each requirement \
         maps to controls, and every mapping states its provenance: the published mapping it \
         follows (for example ENISA's ISO 27001 to NIS2 mapping or CSA CCM v4), or 'editorial' \
         where the link is apiassure's judgement without a published source.",
    );
    s.paragraph(format!(
        "Requirements covered: {}; mapped after a published source: {}; editorial: \
         {editorial}. Editorial mappings deserve the auditor's own review.",
        reqs.len(),
        reqs.len() - editorial
    ));
    s
}

fn summary(data: &ReportData) -> Section {
    let mut s = Section::new(SUMMARY, true);
    let mut t = Table::new(&[
        ("Framework", 4.8),
        ("Score", 1.2),
        ("Band", 1.6),
        ("Coverage", 1.4),
        ("Answered", 1.5),
        ("Conflicts", 1.3),
    ]);
    for f in frameworks(data) {
        t.row(vec![
            f.name.clone(),
            fmt_score(f.score),
            f.band.label().to_string(),
            format!("{:.1}%", f.coverage),
            format!("{} of {}", f.questions_assessed, f.questions_total),
            f.conflicts.to_string(),
        ]);
    }
    s.table(t);
    s.paragraph(
        "Score: weighted mean of the framework's requirements, 0-100. Coverage: share of the \
         framework's questions answered (n/a included). Unanswered questions count 0 and are \
         shown as 'not assessed'. Bands: ready >= 90, minor gaps >= 75, major gaps >= 50, \
         not ready < 50.",
    );
    let not_assessed: usize = data.card.controls.iter().map(|c| c.not_assessed).sum();
    let total = data.catalog.questions().count();
    s.paragraph(format!(
        "{not_assessed} of {total} questions in the catalog are not assessed."
    ));
    if data.card.conflicts.is_empty() {
        s.paragraph("No conflicts: no question answered 'yes' is contradicted by a failed check.");
    } else {
        s.paragraph(format!(
            "Conflicts: {}. A conflict is a question answered 'yes' while an automated \
             check of the same control failed. Evidence wins: the control scores at most its \
             automated result.",
            plural(data.card.conflicts.len(), "control")
        ));
        s.bullets(
            data.card
                .conflicts
                .iter()
                .map(|c| format!("{}: {}", c.control, c.evidence.join("; ")))
                .collect(),
        );
    }
    if !data.card.orphan_answers.is_empty() {
        s.paragraph(format!(
            "Kept but not scored: answers to questions the catalog no longer has: {}.",
            data.card.orphan_answers.join(", ")
        ));
    }
    s
}

fn framework(data: &ReportData, f: &FrameworkScore) -> Section {
    let mut s = Section::new(f.name.clone(), true);
    let fw = data.catalog.framework(&f.id);
    if let Some(fw) = fw {
        if !fw.description.is_empty() {
            s.paragraph(fw.description.clone());
        }
    }
    s.key_values(vec![
        ("Framework id", f.id.clone()),
        (
            "Version",
            fw.map(|fw| fw.version.clone()).unwrap_or_default(),
        ),
        (
            "Score",
            format!("{} ({})", fmt_score(f.score), f.band.label()),
        ),
        (
            "Coverage",
            format!(
                "{:.1}% ({} of {} questions answered)",
                f.coverage, f.questions_assessed, f.questions_total
            ),
        ),
        ("Conflicts", f.conflicts.to_string()),
        ("How", f.explanation.clone()),
    ]);

    s.heading(2, "Requirements");
    let mut t = Table::new(&[
        ("Id", 1.3),
        ("Title", 3.4),
        ("Score", 1.0),
        ("Band", 1.3),
        ("Weight", 1.0),
        ("Controls", 2.2),
        ("Mapping provenance", 2.6),
    ]);
    for r in &f.requirements {
        let note = fw
            .and_then(|fw| fw.requirements.iter().find(|q| q.id == r.id))
            .map(|q| q.provenance_note.as_str())
            .unwrap_or("");
        let provenance = if note.is_empty() {
            r.provenance.clone()
        } else {
            format!("{} ({note})", r.provenance)
        };
        t.row(vec![
            r.id.clone(),
            r.title.clone(),
            fmt_score(r.score),
            r.band.label().to_string(),
            format!("{}", r.weight),
            r.controls.join(", "),
            provenance,
        ]);
    }
    s.table(t);

    s.heading(2, "Gaps: lowest-scoring controls");
    let mapped = mapped_controls(data, std::slice::from_ref(&f.id));
    let mut gaps: Vec<&ControlScore> = mapped
        .iter()
        .filter_map(|c| data.card.control(&c.id))
        .filter(|c| c.score.is_some_and(|v| v < 100.0))
        .collect();
    gaps.sort_by(|a, b| {
        a.score
            .partial_cmp(&b.score)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.id.cmp(&b.id))
    });
    if gaps.is_empty() {
        s.paragraph("No gaps: every applicable mapped control scores 100.");
    } else {
        if gaps.len() > GAPS_SHOWN {
            s.paragraph(format!(
                "The {GAPS_SHOWN} lowest of {} controls scoring under 100; the section \
                 '{CONTROLS}' lists them all.",
                gaps.len()
            ));
        }
        let mut t = Table::new(&[
            ("Control", 1.3),
            ("Title", 3.0),
            ("Score", 1.8),
            ("Why", 5.0),
        ]);
        for c in gaps.into_iter().take(GAPS_SHOWN) {
            t.row(vec![
                c.id.clone(),
                c.title.clone(),
                control_score(c),
                c.explanation.clone(),
            ]);
        }
        s.table(t);
    }

    s.heading(2, "Conflicts: answers contradicted by evidence");
    let ids: BTreeSet<&str> = mapped.iter().map(|c| c.id.as_str()).collect();
    let conflicts: Vec<_> = data
        .card
        .conflicts
        .iter()
        .filter(|c| ids.contains(c.control.as_str()))
        .collect();
    if conflicts.is_empty() {
        s.paragraph("None.");
    } else {
        s.paragraph("Evidence wins: each control below scores at most its automated result.");
        let mut t = Table::new(&[
            ("Control", 1.3),
            ("Answered yes", 2.0),
            ("Failed checks", 5.5),
            ("Score now", 1.5),
        ]);
        for c in conflicts {
            t.row(vec![
                c.control.clone(),
                c.questions.join(", "),
                c.evidence.join("\n"),
                data.card
                    .control(&c.control)
                    .map_or_else(String::new, |cs| fmt_score(cs.score)),
            ]);
        }
        s.table(t);
    }
    s
}

/// Controls mapped by any requirement of `frameworks`, in catalog order.
fn mapped_controls<'a>(data: &'a ReportData, frameworks: &[String]) -> Vec<&'a Control> {
    let ids: BTreeSet<&str> = frameworks
        .iter()
        .filter_map(|id| data.catalog.framework(id))
        .flat_map(|f| f.requirements.iter())
        .flat_map(|r| r.controls.iter().map(String::as_str))
        .collect();
    data.catalog
        .controls
        .iter()
        .filter(|c| ids.contains(c.id.as_str()))
        .collect()
}

fn controls(data: &ReportData) -> Section {
    let mut s = Section::new(CONTROLS, true);
    s.paragraph(
        "Per control: attested is the mean of its answered questions (unanswered count 0); \
         automated is the mean of its check results in the latest evidence run; the score is \
         the lower of the two. Answers show who gave them and when, with their notes and \
         evidence links.",
    );
    let controls = mapped_controls(data, &data.frameworks);
    let mut domain = "";
    for control in controls {
        let Some(cs) = data.card.control(&control.id) else {
            continue;
        };
        if control.domain != domain {
            domain = &control.domain;
            let title = data
                .catalog
                .domain(domain)
                .map_or(domain.to_string(), |d| d.title.clone());
            s.heading(2, title);
        }
        s.heading(3, format!("{} {}", control.id, control.title));
        let mapped: Vec<String> = data
            .catalog
            .requirements_for_control(&control.id)
            .into_iter()
            .filter(|(f, _)| data.frameworks.contains(&f.id))
            .map(|(f, r)| format!("{} {}", f.id, r.id))
            .collect();
        s.key_values(vec![
            ("Score", control_score(cs)),
            ("Attested", fmt_score(cs.attested)),
            (
                "Automated",
                match cs.automated {
                    Some(_) => fmt_score(cs.automated),
                    None if control.checks.is_empty() => "no automated checks".to_string(),
                    None if cs.checks.is_empty() => {
                        format!("no results yet for {}", control.checks.join(", "))
                    }
                    None => "only info or error results (not scored)".to_string(),
                },
            ),
            ("Requirements", mapped.join(", ")),
            ("Why", cs.explanation.clone()),
        ]);
        let mut t = Table::new(&[
            ("Question", 4.2),
            ("Answer", 1.3),
            ("Note and evidence", 4.0),
            ("By, when", 1.9),
        ]);
        for q in &control.questions {
            let row = match data.answers.get(&q.id) {
                Some(a) => {
                    let mut note = a.note.clone();
                    if !a.evidence.is_empty() {
                        if !note.is_empty() {
                            note.push('\n');
                        }
                        note.push_str(&format!("Evidence: {}", a.evidence.join(", ")));
                    }
                    vec![
                        format!("{}\n{}", q.id, q.text),
                        a.answer.to_string(),
                        note,
                        format!("{}\n{}", non_empty(&a.by, "(unknown)"), fmt_time(a.at)),
                    ]
                }
                None => vec![
                    format!("{}\n{}", q.id, q.text),
                    NOT_ASSESSED.to_string(),
                    String::new(),
                    String::new(),
                ],
            };
            t.row(row);
        }
        s.table(t);
        if !cs.checks.is_empty() {
            let mut t = Table::new(&[
                ("Check", 2.0),
                ("Target", 2.2),
                ("Result", 1.0),
                ("Summary", 6.0),
            ]);
            for k in &cs.checks {
                t.row(vec![
                    k.check.clone(),
                    k.target.clone(),
                    k.result.to_string(),
                    k.summary.clone(),
                ]);
            }
            s.table(t);
        }
    }
    s
}

fn evidence(data: &ReportData) -> Section {
    let mut s = Section::new(EVIDENCE, true);
    match &data.evidence {
        None => s.paragraph(
            "No probe run is stored in this workspace: the scores rest on attestations only. \
             Run `apiassure probe` to collect automated evidence.",
        ),
        Some(run) => {
            s.paragraph(
                "The latest probe run feeds the scores. Token values are never stored: \
                 credential headers are redacted and every stored text is scrubbed of tokens.",
            );
            s.key_values(vec![
                ("Run id", run.run_id.clone()),
                ("Tool", format!("{} {}", run.tool, run.tool_version)),
                ("Started", fmt_time(run.started_at)),
                ("Finished", fmt_time(run.finished_at)),
                ("Settings", settings(&run.settings)),
                ("Targets", run.targets.len().to_string()),
                (
                    "Check results",
                    run.targets
                        .iter()
                        .map(|t| t.checks.len())
                        .sum::<usize>()
                        .to_string(),
                ),
            ]);
            for target in &run.targets {
                target_section(&mut s, target);
            }
        }
    }

    s.heading(2, "Evidence integrity");
    s.paragraph(
        "SHA-256 of each evidence file as recorded in evidence/MANIFEST.sha256 when the run was \
         stored, and whether the file still matches it when this report was made. Check \
         independently with: cd evidence && sha256sum -c MANIFEST.sha256",
    );
    if data.integrity.is_empty() {
        s.paragraph("No evidence files.");
    } else {
        let mut t = Table::new(&[("File", 2.9), ("SHA-256", 6.4), ("Verifies now", 1.2)]).mono(1);
        for row in &data.integrity {
            t.row(vec![
                row.file.clone(),
                row.sha256.clone(),
                row.status_label().to_string(),
            ]);
        }
        s.table(t);
    }
    s
}

fn settings(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Object(map) if !map.is_empty() => map
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join(", "),
        serde_json::Value::Null => "(not recorded)".to_string(),
        other => other.to_string(),
    }
}

fn target_section(s: &mut Section, target: &TargetEvidence) {
    let title = match &target.name {
        Some(name) => format!("Target {name} ({})", target.url),
        None => format!("Target {}", target.url),
    };
    s.heading(2, title);
    s.table(check_table(&target.checks));
    if let Some(tls) = &target.tls {
        s.heading(3, "TLS observations");
        s.key_values(tls_pairs(tls));
    }
    if let Some(http) = &target.http {
        s.heading(3, "HTTP observations");
        http_blocks(s, http);
    }
}

fn check_table(checks: &[CheckResult]) -> Table {
    let mut t = Table::new(&[("Check", 2.2), ("Result", 1.1), ("Summary", 8.0)]);
    for c in checks {
        t.row(vec![
            c.id.to_string(),
            c.result.to_string(),
            c.summary.clone(),
        ]);
    }
    t
}

fn tls_pairs(tls: &TlsObservation) -> Vec<(&'static str, String)> {
    let mut pairs = vec![(
        "Endpoint",
        match &tls.address {
            Some(addr) => format!("{}:{} ({addr})", tls.host, tls.port),
            None => format!("{}:{}", tls.host, tls.port),
        },
    )];
    if let Some(e) = &tls.error {
        pairs.push(("Error", e.clone()));
        return pairs;
    }
    let offered: Vec<&str> = tls
        .protocols
        .iter()
        .filter(|p| p.offered)
        .map(|p| p.version.as_str())
        .collect();
    let refused: Vec<&str> = tls
        .protocols
        .iter()
        .filter(|p| !p.offered && p.error.is_none())
        .map(|p| p.version.as_str())
        .collect();
    pairs.push(("Protocols offered", list_or_none(&offered)));
    pairs.push(("Protocols refused", list_or_none(&refused)));
    for p in tls.protocols.iter().filter(|p| p.offered) {
        let label: &'static str = match p.version.as_str() {
            "SSLv2" => "Suites SSLv2",
            "SSLv3" => "Suites SSLv3",
            "TLSv1.0" => "Suites TLSv1.0",
            "TLSv1.1" => "Suites TLSv1.1",
            "TLSv1.2" => "Suites TLSv1.2",
            "TLSv1.3" => "Suites TLSv1.3",
            _ => "Suites",
        };
        pairs.push((label, list_or_none(&p.cipher_suites)));
    }
    let mut groups: Vec<&String> = tls.kex.groups.iter().collect();
    for g in &tls.kex.groups_tls13 {
        if !groups.contains(&g) {
            groups.push(g);
        }
    }
    pairs.push(("Key exchange groups", list_or_none(&groups)));
    if !tls.kex.dh_bits.is_empty() {
        pairs.push((
            "DH sizes",
            tls.kex
                .dh_bits
                .iter()
                .map(|b| format!("{b} bits"))
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    match (&tls.certificate, &tls.certificate_error) {
        (Some(cert), _) => {
            if let Some(leaf) = cert.chain.first() {
                pairs.push(("Certificate subject", leaf.subject.clone()));
                pairs.push(("Certificate issuer", leaf.issuer.clone()));
                pairs.push((
                    "Valid",
                    format!(
                        "{} to {} ({} days left)",
                        leaf.not_before, leaf.not_after, cert.days_to_expiry
                    ),
                ));
                pairs.push((
                    "Key",
                    match &leaf.curve {
                        Some(curve) => format!(
                            "{} {curve}, signed {}",
                            leaf.key_type, leaf.signature_algorithm
                        ),
                        None => format!(
                            "{} {} bits, signed {}",
                            leaf.key_type, leaf.key_bits, leaf.signature_algorithm
                        ),
                    },
                ));
                pairs.push(("SHA-256 fingerprint", leaf.sha256_fingerprint.clone()));
                if !leaf.subject_alt_names.is_empty() {
                    pairs.push(("Names", leaf.subject_alt_names.join(", ")));
                }
            }
            pairs.push((
                "Trust",
                match &cert.trust_error {
                    Some(e) => format!("not trusted: {e}"),
                    None if cert.trusted => format!("trusted ({})", cert.roots),
                    None => "not trusted".to_string(),
                },
            ));
            pairs.push((
                "Name check",
                format!(
                    "{} {}",
                    cert.name_checked,
                    if cert.name_matches {
                        "matches"
                    } else {
                        "does NOT match"
                    }
                ),
            ));
            pairs.push(("Chain length", cert.chain.len().to_string()));
        }
        (None, Some(e)) => pairs.push(("Certificate", format!("not obtained: {e}"))),
        (None, None) => {}
    }
    if let Some(f) = &tls.fallback_scsv {
        pairs.push(("Fallback SCSV", format!("{}: {}", f.version, f.detail)));
    }
    pairs
}

fn list_or_none<S: AsRef<str>>(items: &[S]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items
            .iter()
            .map(|s| s.as_ref())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn http_blocks(s: &mut Section, http: &HttpObservation) {
    let mut pairs = vec![("URL", http.url.clone())];
    if let Some(v) = &http.http_version {
        pairs.push(("Protocol", v.clone()));
    }
    if let Some(e) = &http.error {
        pairs.push(("Error", e.clone()));
    }
    pairs.push((
        "Active tests",
        if http.active { "run" } else { "not run" }.to_string(),
    ));
    pairs.push(("Requests recorded", http.exchanges.len().to_string()));
    s.key_values(pairs);
    let Some(first) = http
        .exchanges
        .iter()
        .find(|e| e.status.is_some() && !e.response_headers.is_empty())
    else {
        return;
    };
    s.paragraph(format!(
        "Response headers seen on '{}' ({} {}, status {}):",
        first.purpose,
        first.method,
        first.url,
        first.status.unwrap_or_default()
    ));
    let mut t = Table::new(&[("Header", 2.5), ("Value", 8.0)]);
    for h in &first.response_headers {
        t.row(vec![h.name.clone(), h.value.clone()]);
    }
    s.table(t);
}

fn history(data: &ReportData) -> Section {
    let mut s = Section::new(HISTORY, true);
    if data.history.is_empty() {
        s.paragraph(
            "No score snapshots yet: one is taken after every probe run and on \
             `apiassure score --record`.",
        );
        return s;
    }
    s.paragraph(
        "Framework scores at each snapshot (history/scores.jsonl), oldest first; n/a where the \
         framework was not in scope then.",
    );
    let mut columns: Vec<(&str, f32)> = vec![
        ("When", 2.4),
        ("Trigger", 1.2),
        ("Answered", 1.3),
        ("Conflicts", 1.3),
    ];
    columns.extend(data.frameworks.iter().map(|id| (id.as_str(), 1.4)));
    let mut t = Table::new(&columns);
    for snap in &data.history {
        let mut row = vec![
            fmt_time(snap.at),
            snap.trigger.clone(),
            snap.answered.to_string(),
            snap.conflicts.to_string(),
        ];
        row.extend(data.frameworks.iter().map(|id| {
            fmt_score(
                snap.frameworks
                    .iter()
                    .find(|p| &p.id == id)
                    .and_then(|p| p.score),
            )
        }));
        t.row(row);
    }
    s.table(t);
    s
}

fn methodology() -> Section {
    let mut s = Section::new(METHODOLOGY, true);
    s.paragraph(
        "Scores are pure functions of the catalog, the answers and the latest evidence run; \
         the same inputs always give the same numbers, and every number explains itself down \
         to the answers and check results behind it.",
    );
    let mut t = Table::new(&[("Input", 5.0), ("Points", 5.0)]);
    for (input, points) in [
        ("answer yes / partial / no", "1 / 0.5 / 0"),
        ("answer na", "left out"),
        ("no answer", "0, reported as not assessed"),
        ("check pass / warn / fail", "1 / 0.5 / 0"),
        ("check info / error", "left out, reported"),
    ] {
        t.row(vec![input.to_string(), points.to_string()]);
    }
    s.table(t);
    s.bullets(vec![
        "Control: attested = mean of its questions; automated = mean of its check results over \
         all targets of the latest evidence run; score = min(attested, automated). Evidence can \
         lower an attestation but never raise it. A control whose questions are all n/a is \
         left out."
            .to_string(),
        "Conflict: a question answered yes while a check of the same control failed. Evidence \
         wins, and the conflict is listed and counted per framework."
            .to_string(),
        "Requirement: mean of its mapped controls.".to_string(),
        "Framework: weighted mean of its requirements, 0-100, with coverage (share of its \
         questions answered, n/a included) and a band: ready (>= 90), minor gaps (>= 75), \
         major gaps (>= 50), not ready (< 50)."
            .to_string(),
        "Evidence integrity: each probe run is stored as evidence/<run-id>.json and its SHA-256 \
         is added to evidence/MANIFEST.sha256 (sha256sum format) at once."
            .to_string(),
    ]);
    s
}

#[cfg(test)]
mod tests;
