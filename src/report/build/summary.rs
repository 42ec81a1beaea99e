//! The executive summary: each framework's score and band, conflicts and
//! what is not assessed.

use super::*;

pub(super) fn summary(data: &ReportData) -> Section {
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
