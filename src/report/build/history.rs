//! Score history from the snapshots.

use super::*;

pub(super) fn history(data: &ReportData) -> Section {
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
