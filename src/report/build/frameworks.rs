//! One section per framework: its requirements, with scores and mapping
//! provenance, and its lowest-scoring controls.

use super::*;

pub(super) fn framework(data: &ReportData, f: &FrameworkScore) -> Section {
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
