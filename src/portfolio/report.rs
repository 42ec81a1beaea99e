//! The portfolio's management report: the organisation's posture per
//! framework, the workspaces that need attention, the weakest controls and
//! every workspace's scores, in the document model every report format
//! renders (PDF, HTML, Markdown).

use crate::report::model::{Document, Section, Table};

use super::{Summary, View};

pub const TITLE: &str = "API security portfolio";

fn score(s: Option<f64>) -> String {
    s.map_or_else(|| "-".to_string(), |v| format!("{v:.1}"))
}

fn change(c: Option<f64>) -> String {
    match c {
        Some(v) if v > 0.05 => format!("+{v:.1}"),
        Some(v) if v < -0.05 => format!("{v:.1}"),
        Some(_) => "0.0".to_string(),
        None => "-".to_string(),
    }
}

fn verify_text(w: &Summary) -> String {
    if let Some(e) = &w.error {
        return format!("cannot be read: {e}");
    }
    if w.verify.ok {
        format!("verifies ({} journal entries)", w.verify.entries)
    } else {
        format!(
            "{} problem(s): {}",
            w.verify.problems,
            w.verify.first_problem.as_deref().unwrap_or("")
        )
    }
}

pub fn document(view: &View) -> Document {
    let mut summary = Section::new("API security portfolio: organisation posture", false);
    let unreadable = view.workspaces.iter().filter(|w| w.error.is_some()).count();
    let not_verified = view
        .workspaces
        .iter()
        .filter(|w| w.error.is_none() && !w.verify.ok)
        .count();
    summary.paragraph(format!(
        "{} workspaces read on {}, one per team or API. Each workspace's numbers are its own \
         scores (apiassure score), recomputable from its files; the figures here are their mean \
         and worst. A workspace whose journal does not verify was changed outside the tool: its \
         numbers are shown but are not evidence until apiassure verify passes there.",
        view.workspaces.len(),
        view.generated_at.format("%Y-%m-%d %H:%M UTC")
    ));
    summary.key_values(vec![
        ("Workspaces", view.workspaces.len().to_string()),
        ("Not verifying", not_verified.to_string()),
        ("Unreadable", unreadable.to_string()),
        (
            "With conflicts",
            view.workspaces
                .iter()
                .filter(|w| w.conflicts > 0)
                .count()
                .to_string(),
        ),
        (
            "With overdue items",
            view.workspaces
                .iter()
                .filter(|w| w.overdue > 0)
                .count()
                .to_string(),
        ),
    ]);
    let mut t = Table::new(&[
        ("Framework", 2.6),
        ("Workspaces", 1.6),
        ("Mean", 0.9),
        ("Worst", 0.9),
        ("Change", 0.9),
        ("Bands", 3.6),
    ]);
    for s in &view.frameworks {
        t.row(vec![
            s.name.clone(),
            format!("{} ({} scored)", s.workspaces, s.scored),
            score(s.mean),
            score(s.worst),
            change(s.mean_change),
            s.bands
                .iter()
                .map(|(b, n)| format!("{b} {n}"))
                .collect::<Vec<_>>()
                .join(", "),
        ]);
    }
    summary.table(t);
    summary.paragraph(
        "Change: the mean, over the workspaces that have a history, of each one's score at its \
         last snapshot minus its first.",
    );

    let mut attention = Section::new("Workspaces that need attention", false);
    let flagged: Vec<&Summary> = view
        .workspaces
        .iter()
        .filter(|w| w.flagged() || w.overdue > 0)
        .collect();
    if flagged.is_empty() {
        attention.paragraph("Every workspace verifies and has no conflicts or overdue items.");
    } else {
        let mut t = Table::new(&[
            ("Workspace", 2.6),
            ("Team", 1.4),
            ("Verify", 4.0),
            ("Conflicts", 1.0),
            ("Overdue", 1.0),
        ]);
        for w in flagged {
            t.row(vec![
                w.member.path.clone(),
                w.member.team.clone().unwrap_or_default(),
                verify_text(w),
                w.conflicts.to_string(),
                w.overdue.to_string(),
            ]);
        }
        attention.table(t);
    }

    let mut weakest = Section::new("Weakest controls", false);
    weakest.paragraph(
        "The controls with the lowest mean score across the workspaces that score them: where a \
         shared fix (a platform control, a paved road) helps most teams.",
    );
    let mut t = Table::new(&[
        ("Control", 1.2),
        ("Title", 5.0),
        ("Mean", 0.9),
        ("Under 50", 1.4),
    ]);
    for c in &view.weakest_controls {
        t.row(vec![
            c.control.clone(),
            c.title.clone(),
            format!("{:.1}", c.mean),
            format!("{} of {}", c.below_50, c.scored),
        ]);
    }
    weakest.table(t);

    let mut all = Section::new("Every workspace", true);
    for w in &view.workspaces {
        all.heading(
            2,
            if w.system.is_empty() {
                w.member.path.clone()
            } else {
                format!("{} ({})", w.system, w.member.path)
            },
        );
        let mut kv = vec![
            ("Team", w.member.team.clone().unwrap_or_else(|| "-".into())),
            (
                "Owner",
                w.member.owner.clone().unwrap_or_else(|| "-".into()),
            ),
            ("Tier", w.member.tier.clone().unwrap_or_else(|| "-".into())),
            ("Verify", verify_text(w)),
            (
                "Last probe",
                w.last_probe
                    .map_or_else(|| "never".into(), |t| t.format("%Y-%m-%d").to_string()),
            ),
            (
                "Evidence",
                format!(
                    "{} of {} expected results current, {} stale",
                    w.evidence_current, w.evidence_expected, w.evidence_stale
                ),
            ),
        ];
        if !w.inherits.is_empty() {
            kv.push(("Inherits from", w.inherits.join(", ")));
        }
        all.key_values(kv);
        if w.frameworks.is_empty() {
            continue;
        }
        let mut t = Table::new(&[
            ("Framework", 2.6),
            ("Score", 0.9),
            ("Band", 1.8),
            ("Answered", 1.1),
            ("Evidence", 1.1),
            ("Change", 0.9),
        ]);
        for f in &w.frameworks {
            let trend = w.trends.iter().find(|t| t.framework == f.id);
            t.row(vec![
                f.name.clone(),
                score(f.score),
                f.band.clone(),
                format!("{:.0}%", f.coverage),
                f.evidence_coverage
                    .map_or_else(|| "-".into(), |e| format!("{e:.0}%")),
                change(trend.and_then(|t| Some(t.last? - t.first?))),
            ]);
        }
        all.table(t);
    }
    Document {
        title: TITLE.to_string(),
        organisation: view
            .workspaces
            .iter()
            .find(|w| !w.organisation.is_empty())
            .map(|w| w.organisation.clone())
            .unwrap_or_default(),
        date: view.generated_at.format("%Y-%m-%d").to_string(),
        classification: "Confidential".to_string(),
        sections: vec![summary, attention, weakest, all],
    }
}
