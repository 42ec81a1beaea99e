//! The cover: what was assessed, by whom, from which workspace state, and
//! the document-control block; then the limitations of the report.

use super::*;

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
        "{}\n{}\n{}\n{}",
        data.config.organisation.name,
        data.config.system.name,
        data.config.system.scope,
        data.frameworks.join(",")
    );
    for t in &data.config.targets {
        let _ = writeln!(basis, "target {}", t.url);
    }
    if let Some(p) = &data.period {
        let _ = writeln!(basis, "period {}..{}", p.period.start, p.period.end);
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
        for f in &a.attachments {
            let _ = writeln!(basis, "attachment {q} {} {}", f.sha256, f.name);
        }
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

pub(super) fn cover(data: &ReportData) -> Section {
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
        ("Document", document_id(data)),
        ("Version", version_label(data)),
        (
            "Classification",
            non_empty(&data.classification, "(none set)").to_string(),
        ),
        (
            "Period assessed",
            match &data.period {
                Some(p) => format!(
                    "{} (declared audit period: operating effectiveness in its own section; nothing outside it is counted there)",
                    p.period
                ),
                None => {
                    let p = period(data);
                    format!(
                        "{} to {} (no audit period declared: design at the report date)",
                        fmt_time(p.from),
                        fmt_time(p.to)
                    )
                }
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

    document_control(data, &mut s);

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

pub(super) fn limitations() -> Section {
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

/// The version this document is: a pack's number, or a working copy.
fn version_label(data: &ReportData) -> String {
    match (data.pack_version, data.packs.last()) {
        (Some(v), _) => format!("{v} (audit pack; the journal records it)"),
        (None, Some(last)) => format!(
            "working copy, not a recorded pack (the last pack is version {}, {})",
            last.version, last.document_id
        ),
        (None, None) => {
            "working copy, not a recorded pack (make one with apiassure report --pack)".into()
        }
    }
}

/// Revision history (earlier packs) and who approved this document.
fn document_control(data: &ReportData, s: &mut Section) {
    s.heading(2, "Document control");
    let id = document_id(data);
    if data.packs.is_empty() {
        s.paragraph("Revision history: no earlier audit packs are recorded in the journal.");
    } else {
        s.paragraph(
            "Revision history: the audit packs recorded in the journal before this document, \
             each with the SHA-256 of its SHA256SUMS file.",
        );
        let mut t = Table::new(&[
            ("Version", 0.8),
            ("Date", 1.5),
            ("Document", 2.2),
            ("Made by", 1.4),
            ("SHA256SUMS", 3.0),
        ])
        .mono(4);
        for p in &data.packs {
            t.row(vec![
                p.version.to_string(),
                fmt_time(p.at),
                format!(
                    "{}{}",
                    p.document_id,
                    if p.document_id == id {
                        " (this state)"
                    } else {
                        ""
                    }
                ),
                p.by.clone(),
                format!(
                    "{}{}",
                    p.sums_sha256,
                    if p.signed { " (signed)" } else { "" }
                ),
            ]);
        }
        s.table(t);
    }
    let approvals: Vec<_> = data
        .report_approvals
        .iter()
        .filter(|a| a.document_id == id)
        .collect();
    if approvals.is_empty() {
        s.paragraph(format!(
            "Approvals: none recorded for {id} (apiassure approve --report --role ROLE)."
        ));
    } else {
        s.paragraph(format!(
            "Approvals of {id}: {}.",
            approvals
                .iter()
                .map(|a| format!("{} as {}, {}", a.by, a.role, fmt_time(a.at)))
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
}
