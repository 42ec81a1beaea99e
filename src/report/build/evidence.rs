//! The automated evidence: declared targets, what was probed, and the
//! integrity of the evidence files.

use super::*;

pub(super) fn evidence(data: &ReportData) -> Section {
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

    attachments(data, &mut s);

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

/// A size as people read it.
pub(super) fn fmt_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0)),
        b if b >= 1024 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{b} bytes"),
    }
}

/// Files attached to answers: each with its full SHA-256, who attached it
/// and when, the period it covers, and whether it still verifies.
fn attachments(data: &ReportData, s: &mut Section) {
    let rows: Vec<(&String, &crate::model::answers::Attachment)> = data
        .answers
        .answers
        .iter()
        .flat_map(|(q, a)| a.attachments.iter().map(move |f| (q, f)))
        .collect();
    s.heading(2, "Attached evidence files");
    if rows.is_empty() {
        s.paragraph(
            "No files are attached to answers: the answers' evidence is given as links, which an \
             external reader may not be able to open. Attach files with \
             `apiassure answer QUESTION --attach FILE`.",
        );
        return;
    }
    s.paragraph(format!(
        "{} attached to answers, stored in the workspace by SHA-256 (attachments/<sha256>) \
         and carried in the audit pack under attachments/. Check a file with sha256sum.",
        plural(rows.len(), "file")
    ));
    let mut t = Table::new(&[
        ("Question", 1.3),
        ("File", 2.0),
        ("Size", 0.9),
        ("SHA-256", 4.2),
        ("Attached", 1.8),
        ("Verifies now", 1.0),
    ])
    .mono(3);
    for (q, f) in rows {
        let ok = data.attachments_ok.get(&f.sha256).copied().unwrap_or(false);
        t.row(vec![
            q.clone(),
            f.name.clone(),
            fmt_size(f.size),
            f.sha256.clone(),
            format!(
                "{}, {}{}",
                f.by,
                fmt_time(f.at),
                f.covers
                    .as_ref()
                    .map(|c| format!("\ncovers {c}"))
                    .unwrap_or_default()
            ),
            if ok { "verified" } else { "MISSING OR CHANGED" }.to_string(),
        ]);
    }
    s.table(t);
}
