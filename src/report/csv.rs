//! CSV output for the auditor's spreadsheet: one row per framework
//! requirement, mapped control and question, the grain at which auditors
//! sample ("requirement X is met by control Y; question Z was answered yes by
//! Dana on ..., with this note and this evidence"). Filter by framework, sort
//! by score, pivot by control. Check results of the control are summarised
//! on each of its rows.
//!
//! RFC 4180 quoting with CRLF line ends; numbers are plain decimals and empty
//! when not applicable. Cells that a spreadsheet would run as a formula
//! (starting with `=`, `+`, `-`, `@`) get a leading `'`: probe summaries can
//! quote server-controlled text.

use super::build::NOT_ASSESSED;
use super::ReportData;

const HEADER: &[&str] = &[
    "framework_id",
    "framework",
    "requirement_id",
    "requirement_title",
    "requirement_score",
    "requirement_band",
    "requirement_weight",
    "mapping_provenance",
    "control_id",
    "control_title",
    "control_score",
    "attested",
    "automated",
    "conflict",
    "question_id",
    "question",
    "answer",
    "question_points",
    "note",
    "evidence_links",
    "answered_by",
    "answered_at",
    "check_results",
    "document_id",
    "journal_head",
    "period",
];

/// The rows, after a UTF-8 byte-order mark so that Excel opens umlauts and
/// other non-ASCII text as typed. Each row carries the document id and the
/// journal head, tying the sheet to the workspace state it describes.
pub fn render(data: &ReportData) -> String {
    let mut out = String::from("\u{feff}");
    let document_id = super::build::document_id(data);
    let head = data.journal_heads.join(" ");
    let period = data
        .period
        .as_ref()
        .map(|p| format!("{}..{}", p.period.start, p.period.end))
        .unwrap_or_default();
    line(&mut out, HEADER.iter().map(|s| s.to_string()));
    for fid in &data.frameworks {
        let Some(f) = data.card.framework(fid) else {
            continue;
        };
        for r in &f.requirements {
            for cid in &r.controls {
                let Some(c) = data.card.control(cid) else {
                    continue;
                };
                let checks: Vec<String> = c
                    .checks
                    .iter()
                    .map(|k| format!("{} on {}={}", k.check, k.target, k.result))
                    .collect();
                for q in &c.questions {
                    let answer = data.answers.get(&q.id);
                    let text = data
                        .catalog
                        .question(&q.id)
                        .map_or(String::new(), |(_, q)| q.text.clone());
                    line(
                        &mut out,
                        [
                            f.id.clone(),
                            f.name.clone(),
                            r.id.clone(),
                            r.title.clone(),
                            num(r.score),
                            r.band.label().to_string(),
                            r.weight.to_string(),
                            r.provenance.clone(),
                            c.id.clone(),
                            c.title.clone(),
                            num(c.score),
                            num(c.attested),
                            num(c.automated),
                            if c.conflict.is_some() { "yes" } else { "no" }.to_string(),
                            q.id.clone(),
                            text,
                            q.answer.map_or(NOT_ASSESSED, |a| a.as_str()).to_string(),
                            q.points.map_or_else(String::new, |p| format!("{p}")),
                            answer.map_or(String::new(), |a| a.note.clone()),
                            answer.map_or(String::new(), |a| a.evidence.join(" ")),
                            answer.map_or(String::new(), |a| a.by.clone()),
                            answer.map_or(String::new(), |a| a.at.to_rfc3339()),
                            checks.join("; "),
                            document_id.clone(),
                            head.clone(),
                            period.clone(),
                        ],
                    );
                }
            }
        }
    }
    out
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(String::new, |v| format!("{v:.2}"))
}

fn line(out: &mut String, cells: impl IntoIterator<Item = String>) {
    let cells: Vec<String> = cells.into_iter().map(|c| quote(&c)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// One CSV field: defused if a spreadsheet could run it as a formula,
/// quoted when it holds a comma, quote, line break or edge whitespace.
/// Formula triggers follow OWASP's CSV-injection list: `=`, `+`, `-`, `@`,
/// TAB and CR, also after leading spaces. Control and bidirectional
/// characters become visible escapes (a line break stays one).
pub fn quote(field: &str) -> String {
    const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
    let risky = field.starts_with(TRIGGERS)
        || field
            .trim_start_matches([' ', '\u{a0}'])
            .starts_with(TRIGGERS);
    let field = crate::sanitize::text(field);
    let field = if risky {
        format!("'{field}")
    } else {
        field.into_owned()
    };
    let needs = field.contains([',', '"', '\n', '\r'])
        || field.starts_with(char::is_whitespace)
        || field.ends_with(char::is_whitespace);
    if needs {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_as_rfc_4180_and_formulas_defused() {
        let cases = [
            ("plain", "plain"),
            ("", ""),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("cr\rlf", "\"cr\nlf\""),
            ("\t=HYPERLINK(\"x\")", "\"'\t=HYPERLINK(\"\"x\"\")\""),
            ("\r=1+1", "\"'\n=1+1\""),
            ("   =1+1", "'   =1+1"),
            ("\u{a0}@SUM(A1)", "'\u{a0}@SUM(A1)"),
            ("esc\u{1b}[2J", "esc\\x1b[2J"),
            (" padded", "\" padded\""),
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("+1", "'+1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("Zürich 日本", "Zürich 日本"),
        ];
        for (input, expected) in cases {
            assert_eq!(quote(input), expected, "input {input:?}");
        }
    }
}
