//! The ISO/IEC 27001:2022 Statement of Applicability section: management's
//! decisions, what the catalog proposes beside them, the conflicts and the
//! controls still undecided.

use super::*;

pub(super) fn statement_of_applicability(data: &ReportData) -> Option<Section> {
    let st = crate::report::soa::statement(data)?;
    let mut s = Section::new(SOA, true);
    s.paragraph(format!(
        "All {} ISO/IEC 27001:2022 Annex A controls (short titles only; the control text is \
         ISO copyright), with management's applicability decisions as recorded with \
         `apiassure soa` (who decided and when, from the journal). {} are applicable, {} \
         excluded and {} not decided. The API catalog only proposes: for the controls it maps, \
         the proposal, the answers and the score are shown as supporting evidence, never as \
         the decision, and n/a answers never exclude a control.",
        st.rows.len(),
        st.count("yes"),
        st.count("no"),
        st.undecided.len()
    ));
    if st.complete() {
        s.paragraph("The Statement of Applicability is complete: every control is decided.");
    } else {
        s.paragraph(format!(
            "The Statement of Applicability is INCOMPLETE: {} of {} controls are not decided \
             ({}). Record each with: apiassure soa CONTROL applicable|excluded --justification TEXT.",
            st.undecided.len(),
            st.rows.len(),
            st.undecided.join(", ")
        ));
    }
    if !st.conflicts.is_empty() {
        s.paragraph(format!(
            "Decisions the assessment disagrees with ({}): each stands as decided, and the \
             disagreement is for management and the auditor to weigh.",
            st.conflicts.len()
        ));
        s.bullets(
            st.rows
                .iter()
                .filter_map(|r| r.conflict.as_ref().map(|c| format!("{}: {c}", r.id)))
                .collect(),
        );
    }
    let mut t = Table::new(&[
        ("Control", 0.75),
        ("Title", 1.6),
        ("Decision", 1.5),
        ("Justification", 2.0),
        ("Catalog proposal and assessment", 2.0),
        ("Evidence", 1.5),
    ]);
    for r in st.rows {
        let mut decision = match r.applicable {
            "yes" => format!("applicable; {}", r.status),
            "no" => "excluded".to_string(),
            _ => NOT_DECIDED_LABEL.to_string(),
        };
        if !r.owner.is_empty() {
            decision.push_str(&format!("\nowner {}", r.owner));
        }
        if !r.decided_by.is_empty() {
            decision.push_str(&format!(
                "\nby {}{}",
                r.decided_by,
                r.decided_at
                    .get(..10)
                    .map(|d| format!(", {d}"))
                    .unwrap_or_default()
            ));
        }
        if let Some(c) = &r.conflict {
            decision.push_str(&format!("\nCONFLICT: {c}"));
        }
        let assessment = if r.assessment.is_empty() {
            r.proposal
        } else {
            format!("{}\n{}", r.proposal, r.assessment)
        };
        t.row(vec![
            r.id.to_string(),
            r.title.to_string(),
            decision,
            r.justification,
            assessment,
            r.evidence,
        ]);
    }
    s.table(t);
    Some(s)
}

const NOT_DECIDED_LABEL: &str = "NOT DECIDED";
