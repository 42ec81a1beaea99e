//! The methodology appendix and the sign-off.

use super::*;

pub(super) fn methodology() -> Section {
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
        "Evidence integrity: each probe run is stored as evidence/<run-id>.json.gz (gzip-compressed JSON) and its SHA-256 \
         is added to evidence/MANIFEST.sha256 (sha256sum format) at once."
            .to_string(),
    ]);
    s
}

pub(super) fn sign_off(data: &ReportData) -> Section {
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
    let id = document_id(data);
    let approvals: Vec<&crate::report::ReportApproval> = data
        .report_approvals
        .iter()
        .filter(|a| a.document_id == id)
        .collect();
    if !approvals.is_empty() {
        s.paragraph(
            "Approvals recorded with apiassure approve --report: the journal entry names who \
             approved and when, and carries an Ed25519 signature when the approver signs.",
        );
    }
    let mut t = Table::new(&[
        ("Role", 1.2),
        ("Name", 1.6),
        ("Signature", 1.6),
        ("Date", 0.9),
    ]);
    let mut roles: Vec<String> = ["Assessor", "System owner", "Security or compliance lead"]
        .iter()
        .map(|r| r.to_string())
        .collect();
    for a in &approvals {
        if !roles.iter().any(|r| r.eq_ignore_ascii_case(&a.role)) {
            roles.push(a.role.clone());
        }
    }
    let assessor = non_empty(&data.config.assessment.assessor, "");
    for role in roles {
        let given: Vec<&&crate::report::ReportApproval> = approvals
            .iter()
            .filter(|a| a.role.eq_ignore_ascii_case(&role))
            .collect();
        if given.is_empty() {
            let name = if role == "Assessor" { assessor } else { "" };
            // Room to sign by hand.
            t.row(vec![role, name.into(), "\n\n".into(), String::new()]);
            continue;
        }
        for a in given {
            t.row(vec![
                role.clone(),
                a.by.clone(),
                match &a.signed_by_key {
                    Some(fp) => format!("approved in apiassure, signed (key {fp})"),
                    None => "approved in apiassure (journal entry, unsigned)".into(),
                },
                a.at.format("%Y-%m-%d").to_string(),
            ]);
        }
    }
    s.table(t);
    s
}
