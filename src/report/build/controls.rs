//! Controls: each control's answers, checks and history; and the register
//! of accepted risks.

use super::*;

/// Risks accepted instead of fixed: who accepted each, why, until when, and
/// whether the acceptance still holds. `None` when there are none.
pub(super) fn risk_register(data: &ReportData) -> Option<Section> {
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

pub(super) fn controls(data: &ReportData) -> Section {
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
        let source = data
            .inherited
            .iter()
            .find(|src| src.controls.contains(&control.id));
        if let Some(src) = source {
            s.paragraph(format!(
                "Inherited from the workspace {}{} at journal head {}: the answers below and the \
                 evidence of its targets are that workspace's, read-only and checked through its \
                 journal; this workspace's own answers to these questions are not used.",
                src.workspace,
                if src.system.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", src.system)
                },
                src.heads.join(" + ")
            ));
        }
        let mut t = Table::new(&[
            ("Question", 4.2),
            ("Answer", 1.3),
            ("Note and evidence", 4.0),
            ("By, when", 1.9),
        ]);
        for q in &control.questions {
            let answer = match source {
                Some(src) => src.answers.get(&q.id),
                None => data.answers.get(&q.id),
            };
            let row = match answer {
                Some(a) => {
                    let mut note = a.note.clone();
                    if !a.evidence.is_empty() {
                        if !note.is_empty() {
                            note.push('\n');
                        }
                        note.push_str(&format!("Evidence: {}", a.evidence.join(", ")));
                    }
                    for f in &a.attachments {
                        if !note.is_empty() {
                            note.push('\n');
                        }
                        note.push_str(&format!(
                            "Attached: {} ({}, SHA-256 {}…){}",
                            f.name,
                            super::evidence::fmt_size(f.size),
                            &f.sha256[..f.sha256.len().min(16)],
                            f.covers
                                .as_ref()
                                .map(|c| format!(", covers {c}"))
                                .unwrap_or_default()
                        ));
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
            check_table(&mut s, cs);
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

/// How many check results a control lists one per row; more are grouped
/// by check and result, so the PDF stays readable at any number of targets
/// (every result is in the JSON and CSV reports and the run files).
const CHECK_ROWS: usize = 24;

fn result_label(k: &crate::scoring::CheckEvidence) -> String {
    match k.result {
        crate::model::CheckOutcome::Error => "not tested (error)".to_string(),
        crate::model::CheckOutcome::Info => "info (not scored)".to_string(),
        r if k.stale => format!("{r} (stale)"),
        r => r.to_string(),
    }
}

fn check_table(s: &mut Section, cs: &ControlScore) {
    if cs.checks.len() <= CHECK_ROWS {
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
                result_label(k),
                k.summary.to_string(),
            ]);
        }
        s.table(t);
        return;
    }
    // Grouped: one row per check and result, worst first, naming a few
    // targets and showing one observation as an example.
    let mut groups: Vec<(String, String, Vec<&crate::scoring::CheckEvidence>)> = Vec::new();
    for k in &cs.checks {
        let label = result_label(k);
        match groups
            .iter_mut()
            .find(|(c, r, _)| *c == k.check && *r == label)
        {
            Some((_, _, v)) => v.push(k),
            None => groups.push((k.check.clone(), label, vec![k])),
        }
    }
    s.paragraph(format!(
        "{} check results on the declared targets{}, grouped by check and result; every \
         result is in the JSON and CSV reports.",
        cs.checks_total,
        if cs.checks_total > cs.checks.len() {
            format!(
                " (the {} that matter most are grouped here)",
                cs.checks.len()
            )
        } else {
            String::new()
        }
    ));
    let mut t = Table::new(&[
        ("Check", 2.0),
        ("Result", 1.0),
        ("Targets", 3.0),
        ("Example", 5.2),
    ]);
    for (check, label, ks) in groups {
        t.row(vec![
            check,
            label,
            super::evidence::some_names(ks.iter().map(|k| k.target.as_str()), ks.len(), 4),
            format!("{}: {}", ks[0].target, ks[0].summary),
        ]);
    }
    s.table(t);
}
