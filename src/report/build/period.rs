//! "Operating effectiveness, START to END": whether the controls operated
//! over the declared audit period, from the probe runs, the recorded
//! activities and the answer changes in it (see `crate::period`).

use super::*;
use crate::period::{Effect, ExceptionKind, PeriodReport};

/// Rows a table of exceptions or gaps shows; the JSON report has them all.
const ROWS: usize = 200;

pub(super) fn operating_effectiveness(data: &ReportData) -> Option<Section> {
    let p = data.period.as_ref()?;
    let mut s = Section::new(format!("Operating effectiveness, {}", p.period), true);
    s.paragraph(format!(
        "Whether the controls operated from {} to {} (UTC, both days included), as the \
         workspace recorded it: every probe run the journal records in the period, every \
         occurrence of a periodic practice recorded with apiassure activity, and every \
         answer changed in the period. What happened outside the period is not counted. A \
         probe is a sample: a result shows how a target behaved when it was probed, not in \
         between; a silence longer than {} days between observations of a target is listed \
         as a monitoring gap. An exception is an interval in which a check failed or warned, \
         from its first such observation to the first later pass (or still open at the end), \
         or a slot of a periodic practice with no recorded occurrence.",
        p.period.start, p.period.end, p.max_gap_days
    ));
    let count = |e: Effect| p.controls.iter().filter(|c| c.status == e).count();
    let open = p.exceptions.iter().filter(|e| e.open).count();
    s.key_values(vec![
        (
            "Probe runs",
            format!(
                "{} in the period{}",
                p.runs,
                if p.runs_left_out > 0 {
                    format!(
                        "; {} left out (missing, or not what the journal recorded)",
                        p.runs_left_out
                    )
                } else {
                    String::new()
                }
            ),
        ),
        ("Observations", p.observations.to_string()),
        (
            "Controls",
            format!(
                "{} effective, {} effective with exceptions, {} not effective, {} not tested over the period; {} rest on answers only (no automated check or periodic practice)",
                count(Effect::Effective),
                count(Effect::EffectiveWithExceptions),
                count(Effect::NotEffective),
                count(Effect::NotTested),
                p.attested_only
            ),
        ),
        (
            "Exceptions",
            format!("{} ({open} still open at the end)", p.exceptions.len()),
        ),
        ("Monitoring gaps", p.gaps.len().to_string()),
        (
            "Answers changed",
            format!("{} in the period", p.design_changes.len()),
        ),
    ]);

    s.heading(2, "Controls over the period");
    let mut t = Table::new(&[
        ("Control", 1.1),
        ("Title", 2.6),
        ("Operated", 1.7),
        ("Why", 5.0),
    ]);
    for c in &p.controls {
        t.row(vec![
            c.control.clone(),
            c.title.clone(),
            c.status.label().to_string(),
            c.reason.clone(),
        ]);
    }
    s.table(t);

    exceptions(p, &mut s);
    gaps(p, &mut s);
    recurring(p, &mut s);
    design_changes(p, &mut s);
    Some(s)
}

fn exceptions(p: &PeriodReport, s: &mut Section) {
    s.heading(2, "Exceptions");
    if p.exceptions.is_empty() {
        s.paragraph(
            "None: no check failed or warned in the period and no periodic practice was missed.",
        );
        return;
    }
    if p.exceptions.len() > ROWS {
        s.paragraph(format!(
            "The first {ROWS} of {} exceptions by start; the JSON report lists them all.",
            p.exceptions.len()
        ));
    }
    let mut t = Table::new(&[
        ("Id", 1.45),
        ("What", 2.5),
        ("From", 1.3),
        ("To", 1.3),
        ("Days", 0.6),
        ("Management response", 3.2),
    ]);
    for e in p.exceptions.iter().take(ROWS) {
        let what = match e.kind {
            ExceptionKind::Check => format!(
                "{} {} on {}\n{}",
                e.result,
                e.check.as_deref().unwrap_or(""),
                e.target.as_deref().unwrap_or(""),
                e.summary
            ),
            ExceptionKind::MissedActivity => e.summary.clone(),
        };
        let response = e
            .responses
            .iter()
            .map(|r| format!("{} ({}, {})", r.text, r.by, r.at.format("%Y-%m-%d")))
            .collect::<Vec<_>>()
            .join("\n");
        t.row(vec![
            e.id.clone(),
            what,
            e.start.format("%Y-%m-%d %H:%M").to_string(),
            match e.end {
                Some(end) if !e.open => end.format("%Y-%m-%d %H:%M").to_string(),
                _ => "still open".into(),
            },
            format!("{}", e.duration_days),
            if response.is_empty() {
                "none (apiassure respond ID --text ...)".into()
            } else {
                response
            },
        ]);
    }
    s.table(t);
}

fn gaps(p: &PeriodReport, s: &mut Section) {
    s.heading(2, "Monitoring gaps");
    if p.gaps.is_empty() {
        s.paragraph(format!(
            "None: every declared target was observed at least every {} days.",
            p.max_gap_days
        ));
        return;
    }
    let mut t = Table::new(&[("Target", 3.0), ("From", 2.0), ("To", 2.0), ("Days", 1.0)]);
    for g in p.gaps.iter().take(ROWS) {
        t.row(vec![
            format!("{}\n{}", g.target, g.url),
            fmt_time(g.from),
            fmt_time(g.to),
            format!("{}", g.days),
        ]);
    }
    s.table(t);
}

fn recurring(p: &PeriodReport, s: &mut Section) {
    s.heading(2, "Periodic practices");
    if p.recurring.is_empty() {
        s.paragraph("No control in the catalog or in [recurring] has a periodic practice.");
        return;
    }
    s.paragraph(
        "Expected occurrences (one per slot of the practice's frequency, counted from the \
         period's start; a slot that does not end within the period is not expected) against \
         those recorded with apiassure activity: the population an auditor samples from.",
    );
    let mut t = Table::new(&[
        ("Control", 2.4),
        ("Frequency", 1.2),
        ("Slot", 2.0),
        ("Recorded", 4.4),
    ]);
    for r in &p.recurring {
        if r.slots.is_empty() {
            t.row(vec![
                format!("{} {}", r.control, r.title),
                format!("{} ({})", r.frequency, r.source),
                "none due within the period".into(),
                String::new(),
            ]);
        }
        for slot in &r.slots {
            let recorded = if slot.occurrences.is_empty() {
                "MISSED: an exception".to_string()
            } else {
                slot.occurrences
                    .iter()
                    .map(|o| {
                        let files: Vec<String> = o
                            .attachments
                            .iter()
                            .map(|f| {
                                format!(
                                    "{} (SHA-256 {}…)",
                                    f.name,
                                    &f.sha256[..16.min(f.sha256.len())]
                                )
                            })
                            .collect();
                        format!(
                            "{} by {}: {}{}",
                            o.on,
                            o.by,
                            o.note,
                            if files.is_empty() {
                                String::new()
                            } else {
                                format!("; {}", files.join(", "))
                            }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            t.row(vec![
                format!("{} {}", r.control, r.title),
                format!("{} ({})", r.frequency, r.source),
                format!("{} to {}", slot.start, slot.end),
                recorded,
            ]);
        }
    }
    s.table(t);
}

fn design_changes(p: &PeriodReport, s: &mut Section) {
    s.heading(2, "Design changes in the period");
    if p.design_changes.is_empty() {
        s.paragraph("No answer changed in the period.");
        return;
    }
    let mut t = Table::new(&[
        ("Question", 2.0),
        ("Change", 2.5),
        ("By", 2.0),
        ("When", 2.0),
    ]);
    for d in p.design_changes.iter().take(ROWS) {
        t.row(vec![
            d.question.clone(),
            format!(
                "{} -> {}",
                d.old.as_deref().unwrap_or("(none)"),
                d.new.as_deref().unwrap_or("(cleared)")
            ),
            d.by.clone(),
            fmt_time(d.at),
        ]);
    }
    s.table(t);
}
