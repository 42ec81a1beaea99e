//! The ISO/IEC 27001:2022 Statement of Applicability section.

use super::*;

pub(super) fn statement_of_applicability(data: &ReportData) -> Option<Section> {
    let rows = crate::report::soa::rows(data)?;
    let mut s = Section::new(SOA, true);
    let count = |a: &str| rows.iter().filter(|r| r.applicable == a).count();
    s.paragraph(format!(
        "All {} ISO/IEC 27001:2022 Annex A controls (short titles only; the control text is \
         ISO copyright). {} are applicable, {} excluded and {} not decided here. Controls the \
         API catalog maps are judged from this assessment (a control whose mapped questions \
         are all n/a is excluded with their reasons); the others come from the workspace's \
         soa.toml, or are listed as outside this assessment's scope.",
        rows.len(),
        count("yes"),
        count("no"),
        count("not decided")
    ));
    let mut t = Table::new(&[
        ("Control", 0.75),
        ("Title", 1.7),
        ("Applicable", 0.95),
        ("Justification", 2.0),
        ("Status", 1.3),
        ("Evidence", 1.5),
    ]);
    for r in rows {
        t.row(vec![
            r.id.to_string(),
            r.title.to_string(),
            r.applicable.to_string(),
            r.justification,
            r.status,
            r.evidence,
        ]);
    }
    s.table(t);
    Some(s)
}
