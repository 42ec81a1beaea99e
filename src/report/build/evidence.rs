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
        scope_table(data, &mut s);
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

/// How many targets the scope table lists one per row; more are grouped
/// by their failing and warning checks.
const TARGET_ROWS: usize = 40;

/// How many groups of targets the PDF shows, worst first.
const GROUP_ROWS: usize = 150;

/// `n` names, the first `show` of them, and how many more.
pub(super) fn some_names<'a>(
    names: impl Iterator<Item = &'a str>,
    n: usize,
    show: usize,
) -> String {
    let shown: Vec<&str> = names.take(show).collect();
    let mut out = format!("{}: {}", plural(n, "target"), shown.join(", "));
    if n > shown.len() {
        out.push_str(&format!(" and {} more", n - shown.len()));
    }
    out
}

/// The failing and warning checks of a target: (check, result).
type Findings = Vec<(String, String)>;

/// Per target: counts by result and the failing and warning checks.
struct TargetRow<'a> {
    target: &'a crate::scoring::TargetInput,
    counts: [usize; 5],
    /// (check, result, summary) of each failing or warning check.
    key: Vec<(String, String, String)>,
}

fn target_rows(data: &ReportData) -> Vec<TargetRow<'_>> {
    use crate::model::CheckOutcome;
    data.evidence
        .targets
        .iter()
        .map(|target| {
            let mut counts = [0usize; 5];
            let mut key = Vec::new();
            for (id, entry) in &target.checks {
                match &entry.current {
                    Some(c) => {
                        counts[match c.result {
                            CheckOutcome::Pass => 0,
                            CheckOutcome::Warn => 1,
                            CheckOutcome::Fail => 2,
                            _ => 3,
                        }] += 1;
                        if matches!(c.result, CheckOutcome::Fail | CheckOutcome::Warn) {
                            let summary: String = c.summary.chars().take(160).collect();
                            let cut = if c.summary.chars().count() > 160 {
                                "…"
                            } else {
                                ""
                            };
                            key.push((
                                id.to_string(),
                                c.result.to_string(),
                                format!("{summary}{cut}"),
                            ));
                        }
                    }
                    None => counts[4] += 1,
                }
            }
            TargetRow {
                target,
                counts,
                key,
            }
        })
        .collect()
}

fn counts_text(c: &[usize; 5], probed: bool) -> String {
    if !probed {
        return "not probed yet".to_string();
    }
    format!(
        "{} pass, {} warn, {} fail, {} info/error, {} not tested",
        c[0], c[1], c[2], c[3], c[4]
    )
}

fn scope_table(data: &ReportData, s: &mut Section) {
    let rows = target_rows(data);
    if rows.len() <= TARGET_ROWS {
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
        for r in rows {
            let declared = data.config.targets.iter().find(|d| d.url == r.target.url);
            t.row(vec![
                format!("{}\n{}", r.target.label, r.target.url),
                declared.map_or(String::new(), |d| d.tags.join(", ")),
                counts_text(&r.counts, !r.target.checks.is_empty()),
                tls_text(data, &r.target.url),
                if r.key.is_empty() {
                    "none".into()
                } else {
                    r.key
                        .iter()
                        .map(|(id, res, sum)| format!("{res} {id}: {sum}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                },
            ]);
        }
        s.table(t);
        return;
    }
    // Grouped: targets with the same failing and warning checks share a row.
    let mut groups: Vec<(Findings, Vec<TargetRow>)> = Vec::new();
    for r in rows {
        let k: Vec<(String, String)> = r
            .key
            .iter()
            .map(|(c, res, _)| (c.clone(), res.clone()))
            .collect();
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, v)) => v.push(r),
            None => groups.push((k, vec![r])),
        }
    }
    groups.sort_by(|(a, av), (b, bv)| {
        let fails = |k: &Findings| k.iter().filter(|(_, r)| r == "fail").count();
        fails(b)
            .cmp(&fails(a))
            .then(b.len().cmp(&a.len()))
            .then(bv.len().cmp(&av.len()))
    });
    let failing: usize = groups
        .iter()
        .filter(|(k, _)| !k.is_empty())
        .map(|(_, v)| v.len())
        .sum();
    s.paragraph(format!(
        "{} declared targets, grouped by the checks that fail or warn on them ({} groups; \
         {failing} targets with a failing or warning check). Each row names the targets \
         (up to 20 where something fails or warns), sums their results and shows one \
         observation of each finding as an example. The per-target results are in the JSON \
         and CSV reports and the run files below (referenced by SHA-256).",
        data.evidence.targets.len(),
        groups.len()
    ));
    let mut t = Table::new(&[
        ("Targets", 3.0),
        ("Results", 1.6),
        ("TLS and certificate", 2.4),
        ("Failing and warning checks (example)", 5.0),
    ]);
    for (key, members) in groups.iter().take(GROUP_ROWS) {
        let mut sum = [0usize; 5];
        for m in members {
            for (i, c) in m.counts.iter().enumerate() {
                sum[i] += c;
            }
        }
        let tls: Vec<String> = members
            .iter()
            .map(|m| tls_text(data, &m.target.url))
            .collect();
        let tls = if tls.iter().all(|x| *x == tls[0]) {
            tls[0].clone()
        } else {
            "differs between these targets: see the JSON report".into()
        };
        let first = &members[0];
        t.row(vec![
            some_names(
                members.iter().map(|m| m.target.label.as_str()),
                members.len(),
                if key.is_empty() { 3 } else { 20 },
            ),
            counts_text(&sum, members.iter().any(|m| !m.target.checks.is_empty())),
            tls,
            if key.is_empty() {
                "none".into()
            } else {
                first
                    .key
                    .iter()
                    .map(|(id, res, sum)| {
                        format!("{res} {id} (e.g. {}): {sum}", first.target.label)
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            },
        ]);
    }
    s.table(t);
    if groups.len() > GROUP_ROWS {
        let rest = &groups[GROUP_ROWS..];
        s.paragraph(format!(
            "And {} more groups of {} targets in all, each with its own combination of \
             findings: the JSON and CSV reports list every target.",
            rest.len(),
            rest.iter().map(|(_, v)| v.len()).sum::<usize>()
        ));
    }
}

fn tls_text(data: &ReportData, url: &str) -> String {
    data.tls_summaries
        .get(url)
        .cloned()
        .unwrap_or_else(|| "no TLS observation (an http:// target, or not scanned yet)".into())
}
