//! From workspace data to the report [`Document`]: what an auditor reads, in
//! the order they read it. Pure: no clock (the date comes in with the data),
//! no disk, no environment. Every number is taken from the [`Scorecard`], so
//! the report and `apiassure score` can never disagree.
//!
//! [`Scorecard`]: crate::scoring::Scorecard

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::model::{Chart, ChartKind, Document, Section, Table};
use super::{non_empty, ReportData};
use crate::model::Control;
use crate::scoring::{ControlScore, FrameworkScore};

pub const COVER: &str = "API security assessment report";
pub const SUMMARY: &str = "Executive summary";
pub const CONTROLS: &str = "Controls: attestations and evidence";
pub const EVIDENCE: &str = "Automated evidence";
pub const HISTORY: &str = "Score history";
pub const METHODOLOGY: &str = "Appendix: methodology";
pub const LIMITATIONS: &str = "Limitations of this report";
pub const SOA: &str = "ISO/IEC 27001:2022 Statement of Applicability";
pub const SIGN_OFF: &str = "Sign-off";

/// What an unanswered question shows instead of an answer.
pub const NOT_ASSESSED: &str = "not assessed";

/// How many of the lowest-scoring controls a framework's gap list shows.
const GAPS_SHOWN: usize = 10;

pub fn document(data: &ReportData) -> Document {
    let mut sections = vec![cover(data), limitations(), summary(data)];
    for f in frameworks(data) {
        sections.push(framework(data, f));
    }
    if let Some(s) = statement_of_applicability(data) {
        sections.push(s);
    }
    sections.push(controls(data));
    if let Some(s) = risk_register(data) {
        sections.push(s);
    }
    sections.push(evidence(data));
    sections.push(history(data));
    sections.push(methodology());
    sections.push(sign_off(data));
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

/// The period the assessment's inputs span: the earliest answer or probe
/// run to the report date.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Period {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

pub fn period(data: &ReportData) -> Period {
    let earliest_answer = data.answers.answers.values().map(|a| a.at).min();
    let earliest_run = data.history.iter().map(|h| h.at).min();
    let from = [earliest_answer, earliest_run]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(data.generated_at);
    Period {
        from: from.min(data.generated_at),
        to: data.generated_at,
    }
}

/// A document id an auditor can cite: derived from the assessment state the
/// report describes (organisation, system, frameworks and targets in scope,
/// every answer, every current check result, the SoA decisions), never from
/// the time it was generated, so every format and every regeneration of one
/// state share it and any other state differs. Approvals do not change it.
/// The date is that of the newest answer or result in the state.
pub fn document_id(data: &ReportData) -> String {
    use std::fmt::Write as _;
    let mut basis = String::new();
    let _ = writeln!(
        basis,
        "{}\n{}\n{}",
        data.config.organisation.name,
        data.config.system.name,
        data.frameworks.join(",")
    );
    for t in &data.config.targets {
        let _ = writeln!(basis, "target {}", t.url);
    }
    let mut newest: Option<DateTime<Utc>> = None;
    for (q, a) in &data.answers.answers {
        let _ = writeln!(
            basis,
            "answer {q} {} {:?} {:?} {} {} {:?} {:?}",
            a.answer,
            a.note,
            a.evidence,
            a.by,
            a.at.to_rfc3339(),
            a.review_by,
            a.acceptance
        );
        newest = newest.max(Some(a.at));
    }
    for (q, sides) in &data.answers.conflicts {
        let _ = writeln!(basis, "conflict {q} {}", sides.len());
    }
    for t in &data.evidence.targets {
        for (id, e) in &t.checks {
            if let Some(c) = &e.current {
                let _ = writeln!(
                    basis,
                    "result {} {id} {} {} {}",
                    t.url,
                    c.result,
                    c.run_id,
                    c.at.to_rfc3339()
                );
                newest = newest.max(Some(c.at));
            }
        }
    }
    if let Some(soa) = &data.soa {
        let _ = writeln!(
            basis,
            "soa {}",
            serde_json::to_string(soa).unwrap_or_default()
        );
    }
    let h = crate::workspace::evidence::sha256_hex(basis.as_bytes());
    format!(
        "APIA-{}-{}",
        newest.unwrap_or(data.generated_at).format("%Y%m%d"),
        &h[..12].to_ascii_uppercase()
    )
}

fn limitations() -> Section {
    let mut s = Section::new(LIMITATIONS, false);
    s.paragraph(
        "This report is a self-assessment with automated evidence, made with apiassure. It is \
         not an audit opinion, a certification or an attestation: the answers are the \
         organisation's own statements (with the notes and evidence links given for them), \
         and the automated evidence covers only the declared targets, at the times shown, \
         with the checks listed in the methodology. A score measures agreement with the \
         catalog's controls as mapped here; mappings marked 'editorial' are apiassure's \
         judgement and deserve the auditor's own review. Controls and requirements outside \
         the catalog are outside this assessment unless the Statement of Applicability says \
         otherwise.",
    );
    s
}

fn sign_off(data: &ReportData) -> Section {
    let mut s = Section::new(SIGN_OFF, true);
    s.paragraph(format!(
        "Document {} was generated on {} from the workspace state whose journal head is {}. \
         Those signing below confirm that the answers reflect the organisation's practice to \
         the best of their knowledge.",
        document_id(data),
        fmt_time(data.generated_at),
        data.journal_heads
            .first()
            .map_or("(no journal)", String::as_str)
    ));
    let mut t = Table::new(&[
        ("Role", 1.2),
        ("Name", 1.6),
        ("Signature", 1.6),
        ("Date", 0.9),
    ]);
    let assessor = non_empty(&data.config.assessment.assessor, "");
    for role in ["Assessor", "System owner", "Security or compliance lead"] {
        let name = if role == "Assessor" { assessor } else { "" };
        t.row(vec![role.into(), name.into(), String::new(), String::new()]);
    }
    s.table(t);
    s
}

fn statement_of_applicability(data: &ReportData) -> Option<Section> {
    let rows = super::soa::rows(data)?;
    let mut s = Section::new(SOA, true);
    let count = |a: &str| rows.iter().filter(|r| r.applicable == a).count();
    s.paragraph(format!(
        "All {} ISO/IEC 27001:2022 Annex A controls (short titles only; the control text is \
         ISO copyright). {} are applicable, {} excluded and {} not decided here. Controls the \
         API catalog maps are judged from this assessment (a control whose mapped questions \
         are all n/a is excluded with their reasons); the others come from the workspace's \
         soa.toml, or are listed as outside this assessment's scope.",
        rows.len(),
        count("yes"),
        count("no"),
        count("not decided")
    ));
    let mut t = Table::new(&[
        ("Control", 0.75),
        ("Title", 1.7),
        ("Applicable", 0.95),
        ("Justification", 2.0),
        ("Status", 1.3),
        ("Evidence", 1.5),
    ]);
    for r in rows {
        t.row(vec![
            r.id.to_string(),
            r.title.to_string(),
            r.applicable.to_string(),
            r.justification,
            r.status,
            r.evidence,
        ]);
    }
    s.table(t);
    Some(s)
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
        ("Document", format!("{} (version 1 of this workspace state)", document_id(data))),
        (
            "Period assessed",
            {
                let p = period(data);
                format!("{} to {}", fmt_time(p.from), fmt_time(p.to))
            },
        ),
        (
            "Journal head",
            if data.journal_heads.is_empty() {
                "(no journal)".to_string()
            } else {
                format!(
                    "{} (check later with: apiassure verify --head {})",
                    data.journal_heads.join(", "),
                    &data.journal_heads[0][..16.min(data.journal_heads[0].len())]
                )
            },
        ),
        (
            "Signing keys",
            if data.signers.is_empty() {
                "none: entries are not signed".to_string()
            } else {
                data.signers.join(", ")
            },
        ),
        ("Tool", format!("apiassure {}", data.tool_version)),
        (
            "Catalog",
            format!(
                "the catalog of apiassure {} with the workspace's overlays, if any: {} controls, {} questions, {} frameworks",
                data.tool_version,
                data.catalog.controls.len(),
                data.catalog.questions().count(),
                data.catalog.frameworks.len()
            ),
        ),
        ("Frameworks", names.join("; ")),
        ("Questions answered", format!("{answered} of {total}")),
        (
            "Automated evidence",
            {
                let e = &data.card.evidence;
                match e.latest {
                    Some(latest) => format!(
                        "{} of {} expected check results current on {} ({} stale, {} not verified); newest {}",
                        e.current,
                        e.expected,
                        plural(e.targets, "declared target"),
                        e.stale,
                        e.not_verified,
                        fmt_time(latest)
                    ),
                    None => "none: scores rest on attestations only".to_string(),
                }
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
        "Requirement ids identify requirements of the published standards; titles are the \
         standards' short titles, or apiassure's own labels where the publisher issues none \
         (SOC 2: marked 'label:'); the summaries are apiassure's own words, never the standards' \
         text. Each requirement maps to controls, and every mapping states its provenance: \
         'editorial' where the link is apiassure's judgement, or a published source below, in \
         which case the link was made in two steps: our control to the ISO/IEC 27001 control \
         it implements (editorial), then that ISO control to the requirement as the source \
         maps it.",
    );
    s.paragraph(format!(
        "Requirements covered: {}; mapped after a published source: {}; editorial: \
         {editorial}. Editorial mappings deserve the auditor's own review.",
        reqs.len(),
        reqs.len() - editorial
    ));
    let sources: Vec<&crate::model::catalog::Source> = data
        .frameworks
        .iter()
        .filter_map(|id| data.catalog.framework(id))
        .flat_map(|f| f.sources.iter())
        .collect();
    if !sources.is_empty() {
        let mut t = Table::new(&[
            ("Source", 2.0),
            ("Document and version", 4.0),
            ("Publisher, date, licence", 3.0),
            ("How it is used", 4.0),
        ]);
        for src in sources {
            t.row(vec![
                src.id.clone(),
                format!("{}, version {}", src.document, src.version),
                [
                    src.publisher.as_str(),
                    src.published.as_str(),
                    src.licence.as_str(),
                ]
                .iter()
                .filter(|x| !x.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", "),
                src.changes.clone(),
            ]);
        }
        s.table(t);
    }
    s
}

fn summary(data: &ReportData) -> Section {
    let mut s = Section::new(SUMMARY, true);
    let mut t = Table::new(&[
        ("Framework", 5.0),
        ("Score", 1.0),
        ("Band", 1.9),
        ("Coverage", 1.3),
        ("Answered", 1.3),
        ("Evidence", 1.3),
        ("Conflicts", 1.2),
    ]);
    for f in frameworks(data) {
        t.row(vec![
            f.name.clone(),
            fmt_score(f.score),
            f.band.label().to_string(),
            format!("{:.1}%", f.coverage),
            format!("{} of {}", f.questions_assessed, f.questions_total),
            f.evidence_coverage
                .map_or_else(|| "n/a".to_string(), |c| format!("{c:.1}%")),
            f.conflicts.to_string(),
        ]);
    }
    s.table(t);
    s.chart(Chart {
        kind: ChartKind::Bars,
        caption: "Per framework: score, answer coverage and evidence coverage (0-100)".into(),
        series: vec!["Score".into(), "Answered".into(), "Evidence current".into()],
        labels: frameworks(data).iter().map(|f| f.name.clone()).collect(),
        values: frameworks(data)
            .iter()
            .map(|f| vec![f.score, Some(f.coverage), f.evidence_coverage])
            .collect(),
    });
    if data.history.len() > 1 {
        let ids: Vec<&String> = data.frameworks.iter().collect();
        s.chart(Chart {
            kind: ChartKind::Lines,
            caption: format!(
                "Scores over time ({} snapshots from the history)",
                data.history.len()
            ),
            series: ids
                .iter()
                .map(|id| {
                    data.catalog
                        .framework(id)
                        .map_or(id.to_string(), |f| f.label().to_string())
                })
                .collect(),
            labels: data
                .history
                .iter()
                .map(|h| h.at.format("%Y-%m-%d %H:%M").to_string())
                .collect(),
            values: data
                .history
                .iter()
                .map(|h| {
                    ids.iter()
                        .map(|id| {
                            h.frameworks
                                .iter()
                                .find(|p| &&p.id == id)
                                .and_then(|p| p.score)
                        })
                        .collect()
                })
                .collect(),
        });
    }
    s.paragraph(
        "Score: weighted mean of the framework's requirements, 0-100. Coverage: share of the \
         framework's questions assessed (n/a counts only with a reason). Unanswered questions \
         and n/a without a reason score 0 and are shown as 'not assessed'. Evidence: share of \
         the expected check results (each cited check on each declared target) that are \
         current. Bands need at least 80% coverage and 80% of requirements scored, otherwise \
         'insufficient coverage': ready >= 90 (and no open conflict or stale evidence), minor \
         gaps >= 75, major gaps >= 50, not ready < 50.",
    );
    for f in frameworks(data) {
        if f.band == crate::scoring::Band::InsufficientCoverage
            || f.band_reason.starts_with("scores in the ready range")
        {
            s.paragraph(format!("Band of {}: {}.", f.name, f.band_reason));
        }
    }
    if !data.card.unjustified_na.is_empty() {
        s.paragraph(format!(
            "Answered n/a without a reason (counted as not assessed): {}.",
            data.card.unjustified_na.join(", ")
        ));
    }
    if !data.card.due_answers.is_empty() {
        s.paragraph(format!(
            "Due for review: {} past their review date ({}).",
            plural(data.card.due_answers.len(), "answer"),
            data.card
                .due_answers
                .iter()
                .map(|d| format!("{} due {}", d.question, d.due))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
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

    let ids: BTreeSet<&str> = mapped.iter().map(|c| c.id.as_str()).collect();
    let conflicted: Vec<&str> = data
        .card
        .conflicts
        .iter()
        .filter(|c| ids.contains(c.control.as_str()))
        .map(|c| c.control.as_str())
        .collect();
    if !conflicted.is_empty() {
        s.paragraph(format!(
            "Conflicts in this framework: {} (listed once, with the evidence, in the executive summary).",
            conflicted.join(", ")
        ));
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

/// Risks accepted instead of fixed: who accepted each, why, until when, and
/// whether the acceptance still holds. `None` when there are none.
fn risk_register(data: &ReportData) -> Option<Section> {
    let today = data.generated_at.date_naive();
    let accepted: Vec<(&String, &crate::model::Answer)> = data
        .answers
        .answers
        .iter()
        .filter(|(_, a)| a.answer == crate::model::AnswerValue::Accepted)
        .collect();
    if accepted.is_empty() {
        return None;
    }
    let mut s = Section::new("Risk acceptance register", true);
    s.paragraph(
        "Questions answered \"accepted\": the control is not implemented and the risk was \
         accepted by the approver named, until the date given. They score as not implemented \
         and are not listed as gaps to fix; once the acceptance ends the question is due again \
         and counts as not assessed.",
    );
    let mut t = Table::new(&[
        ("Question", 3.2),
        ("Why accepted", 4.0),
        ("Approver", 1.8),
        ("Until", 1.3),
        ("Status", 1.3),
    ]);
    for (q, a) in accepted {
        let (approver, until) = a
            .acceptance
            .as_ref()
            .map_or(("(none)".to_string(), "(none)".to_string()), |acc| {
                (acc.approver.clone(), acc.expires.to_string())
            });
        let status = if a.acceptance_expired(today) {
            "expired: due again"
        } else if a.is_assessed(today) {
            "in force"
        } else {
            "incomplete: not assessed"
        };
        let control = data
            .catalog
            .question(q)
            .map_or(String::new(), |(c, _)| format!(" ({})", c.id));
        t.row(vec![
            format!("{q}{control}"),
            a.note.clone(),
            approver,
            until,
            status.to_string(),
        ]);
    }
    s.table(t);
    Some(s)
}

fn controls(data: &ReportData) -> Section {
    let mut s = Section::new(CONTROLS, true);
    s.paragraph(
        "Per control: attested is the mean of its answered questions (unanswered count 0); \
         automated is the mean of the current results of its checks; the score is \
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
            (
                "Owner",
                match data.owners.get(&control.id) {
                    Some(a) => format!(
                        "{}{} (assigned by {}, {})",
                        a.owner,
                        a.due.map(|d| format!(", due {d}")).unwrap_or_default(),
                        a.by,
                        fmt_time(a.at)
                    ),
                    None => "not assigned".to_string(),
                },
            ),
            (
                "Evidence",
                match cs.evidence_oldest {
                    Some(oldest) => format!(
                        "{} of {} expected results current ({} stale); oldest observed {}",
                        cs.evidence_current,
                        cs.evidence_expected,
                        cs.evidence_stale,
                        fmt_time(oldest)
                    ),
                    None if cs.evidence_expected > 0 => format!(
                        "0 of {} expected results: not verified",
                        cs.evidence_expected
                    ),
                    None => "no automated checks apply".to_string(),
                },
            ),
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
                    let mut who = format!("{}\n{}", non_empty(&a.by, "(unknown)"), fmt_time(a.at));
                    if let Some(p) = &a.approval {
                        who.push_str(&format!("\napproved by {}, {}", p.by, fmt_time(p.at)));
                    }
                    let value = match &a.acceptance {
                        Some(acc) => {
                            format!("accepted risk (by {}, until {})", acc.approver, acc.expires)
                        }
                        None => a.answer.to_string(),
                    };
                    vec![format!("{}\n{}", q.id, q.text), value, note, who]
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
        let changes: Vec<String> = control
            .questions
            .iter()
            .filter_map(|q| data.answer_history.get(&q.id).map(|h| (q, h)))
            .filter(|(_, h)| h.len() > 1)
            .flat_map(|(q, h)| h.iter().map(move |line| format!("{}: {line}", q.id)))
            .collect();
        if !changes.is_empty() {
            s.paragraph("Answer history (from the journal):");
            s.bullets(changes);
        }
        if !cs.checks.is_empty() {
            let mut t = Table::new(&[
                ("Check", 2.0),
                ("Target", 2.2),
                ("Result", 1.0),
                ("Summary", 6.0),
            ]);
            for k in &cs.checks {
                let result = match k.result {
                    crate::model::CheckOutcome::Error => "not tested (error)".to_string(),
                    crate::model::CheckOutcome::Info => "info (not scored)".to_string(),
                    r if k.stale => format!("{r} (stale)"),
                    r => r.to_string(),
                };
                t.row(vec![
                    k.check.clone(),
                    k.target.clone(),
                    result,
                    k.summary.to_string(),
                ]);
            }
            s.table(t);
        }
        if !cs.evidence_issues.is_empty() {
            let mut issues = cs.evidence_issues.clone();
            if cs.evidence_issue_count > issues.len() {
                issues.push(format!(
                    "and {} more",
                    cs.evidence_issue_count - issues.len()
                ));
            }
            s.paragraph("Not tested or not current:");
            s.bullets(issues);
        }
        if cs.score.is_some_and(|v| v < 100.0) {
            let first = control
                .guidance
                .split("\n\n")
                .next()
                .unwrap_or("")
                .trim()
                .replace('\n', " ");
            if !first.is_empty() {
                s.paragraph(format!("Remediation: {first}"));
            }
        }
    }
    s
}

fn evidence(data: &ReportData) -> Section {
    let mut s = Section::new(EVIDENCE, true);
    let e = &data.card.evidence;
    if data.evidence.targets.is_empty() {
        s.paragraph(
            "No targets are declared in apiassure.toml: the scores rest on attestations only. \
             Declare [[targets]] and run `apiassure probe` to collect automated evidence.",
        );
    } else {
        s.paragraph(format!(
            "Current evidence is the newest conclusive result of each check on each declared \
             target, across all stored runs (evidence/ledger.json, recomputable from the run \
             files). A failed attempt never replaces an earlier conclusive result; it is shown \
             beside it. Results older than {} days are stale and no longer current. Raw \
             observations (TLS handshakes, HTTP exchanges) are in the run files listed under \
             Evidence integrity. Token values are never stored.",
            e.max_age_days
        ));
        s.key_values(vec![
            ("Declared targets", e.targets.to_string()),
            ("Runs stored", e.runs.to_string()),
            (
                "Expected results",
                format!("{} (each check on each target it applies to)", e.expected),
            ),
            ("Current", e.current.to_string()),
            ("Stale", e.stale.to_string()),
            ("Not verified", e.not_verified.to_string()),
            ("Newest attempt failed", e.failed_attempts.to_string()),
        ]);
        s.heading(2, "Scope: declared targets and what was probed");
        s.paragraph(
            "One row per declared target: its tags, how many current results it has of each \
             kind, and the failing or warning checks with their observation. Every result, \
             with the raw observations behind it, is in the run files below (referenced by \
             SHA-256, with how to verify them); apiassure evidence show prints a run.",
        );
        let mut t = Table::new(&[
            ("Target", 2.0),
            ("Tags", 1.0),
            ("Results", 1.5),
            ("TLS and certificate", 3.0),
            ("Failing and warning checks", 4.5),
        ]);
        for target in &data.evidence.targets {
            let declared = data.config.targets.iter().find(|d| d.url == target.url);
            let tags = declared.map_or(String::new(), |d| d.tags.join(", "));
            let (mut pass, mut warn, mut fail, mut other, mut untested) = (0, 0, 0, 0, 0);
            let mut key = Vec::new();
            for (id, entry) in &target.checks {
                match &entry.current {
                    Some(c) => {
                        match c.result {
                            crate::model::CheckOutcome::Pass => pass += 1,
                            crate::model::CheckOutcome::Warn => warn += 1,
                            crate::model::CheckOutcome::Fail => fail += 1,
                            _ => other += 1,
                        }
                        if matches!(
                            c.result,
                            crate::model::CheckOutcome::Fail | crate::model::CheckOutcome::Warn
                        ) {
                            let summary: String = c.summary.chars().take(160).collect();
                            let cut = if c.summary.chars().count() > 160 {
                                "…"
                            } else {
                                ""
                            };
                            key.push(format!("{} {id}: {summary}{cut}", c.result));
                        }
                    }
                    None => untested += 1,
                }
            }
            let results = if target.checks.is_empty() {
                "not probed yet".to_string()
            } else {
                format!("{pass} pass, {warn} warn, {fail} fail, {other} info/error, {untested} not tested")
            };
            t.row(vec![
                format!("{}\n{}", target.label, target.url),
                tags,
                results,
                data.tls_summaries
                    .get(&target.url)
                    .cloned()
                    .unwrap_or_else(|| {
                        "no TLS observation (an http:// target, or not scanned yet)".into()
                    }),
                if key.is_empty() {
                    "none".into()
                } else {
                    key.join("\n")
                },
            ]);
        }
        s.table(t);
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
        "Scores are pure functions of the catalog, the answers and the current evidence; \
         the same inputs always give the same numbers, and every number explains itself down \
         to the answers and check results behind it.",
    );
    let mut t = Table::new(&[("Input", 5.0), ("Points", 5.0)]);
    for (input, points) in [
        ("answer yes / partial / no", "1 / 0.5 / 0"),
        ("answer na with a reason", "left out"),
        (
            "no answer, or na without a reason",
            "0, reported as not assessed",
        ),
        ("check pass / warn / fail", "1 / 0.5 / 0"),
        ("check info / error", "left out, reported"),
        (
            "stale pass / stale warn or fail",
            "left out / still counted",
        ),
    ] {
        t.row(vec![input.to_string(), points.to_string()]);
    }
    s.table(t);
    s.bullets(vec![
        "Control: attested = mean of its questions; automated = mean of the current results of \
         its checks on the declared targets; score = min(attested, automated). Evidence can \
         lower an attestation but never raise it, and letting evidence go stale never raises a \
         score. A control whose questions are all n/a (with reasons) is left out."
            .to_string(),
        "Conflict: a question answered yes while a check of the same control failed. Evidence \
         wins, and the conflict is listed and counted per framework."
            .to_string(),
        "Requirement: mean of its mapped controls.".to_string(),
        "Framework: weighted mean of its requirements, 0-100, with answer coverage (share of \
         its questions assessed) and evidence coverage (share of expected check results \
         current). A band needs at least 80% answer coverage and 80% of requirements scored, \
         otherwise insufficient coverage: ready (>= 90, and no open conflict or stale \
         evidence), minor gaps (>= 75), major gaps (>= 50), not ready (< 50)."
            .to_string(),
        "Evidence integrity: each probe run is stored as evidence/<run-id>.json and its SHA-256 \
         is added to evidence/MANIFEST.sha256 (sha256sum format) at once."
            .to_string(),
    ]);
    s
}

#[cfg(test)]
mod tests;
