//! Markdown output: the same [`Document`] as the PDF, for wikis, pull
//! requests and diffs between two assessments. GitHub-flavoured tables;
//! text keeps its Unicode (Markdown has no font limits).

use super::model::{Block, Document, Table};

pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    if !doc.classification.is_empty() {
        out.push_str(&format!("**{}**\n\n", inline(&doc.classification)));
    }
    for (i, s) in doc.sections.iter().enumerate() {
        let mark = if i == 0 { "#" } else { "##" };
        out.push_str(&format!("{mark} {}\n\n", inline(&s.title)));
        for b in &s.blocks {
            block(&mut out, b);
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    if !doc.classification.is_empty() {
        out.push_str(&format!("\n**{}**\n", inline(&doc.classification)));
    }
    out
}

fn block(out: &mut String, b: &Block) {
    match b {
        Block::Heading { level, text } => {
            let hashes = "#".repeat(usize::from(*level).clamp(2, 5) + 1);
            out.push_str(&format!("{hashes} {}\n\n", inline(text)));
        }
        Block::Paragraph(text) => out.push_str(&format!("{}\n\n", inline(text))),
        Block::KeyValue(pairs) => {
            for (k, v) in pairs {
                out.push_str(&format!("- **{}:** {}\n", inline(k), inline(v)));
            }
            out.push('\n');
        }
        Block::Bullets(items) => {
            for i in items {
                out.push_str(&format!("- {}\n", inline(i)));
            }
            out.push('\n');
        }
        Block::Table(t) => table(out, t),
        Block::Chart(c) => {
            out.push_str(&format!("*{}*\n\n", inline(&c.caption)));
            table(out, &c.table());
        }
    }
}

fn table(out: &mut String, t: &Table) {
    let head: Vec<String> = t.columns.iter().map(|c| cell(&c.title)).collect();
    out.push_str(&format!("| {} |\n", head.join(" | ")));
    out.push_str(&format!("|{}\n", " --- |".repeat(t.columns.len())));
    for row in &t.rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
}

/// Text on one line: line breaks (CR, CRLF, U+2028 and U+2029 included)
/// become spaces so a paragraph stays one and a note can never start a
/// heading or a quote of its own.
fn inline(s: &str) -> String {
    escape(&crate::sanitize::text(s).replace('\n', " "))
}

/// A table cell: pipes escaped, line breaks as `<br>` so the row stays one line.
fn cell(s: &str) -> String {
    escape(&crate::sanitize::text(s)).replace('\n', "<br>")
}

/// Escape what Markdown would read as markup or HTML in free text, with
/// backslashes so the source stays readable (`>= 90`, not `&gt;= 90`).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        // `<` starts HTML only when a tag could follow: `< 50` stays as it is.
        let tag = c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_alphabetic() || "/!?".contains(*n));
        let markup = matches!(c, '|' | '*' | '_' | '`' | '[' | ']' | '\\')
            || tag
            || (first && matches!(c, '>' | '#' | '-' | '+'));
        first = false;
        if markup {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_pipes_markup_and_newlines() {
        assert_eq!(cell("a|b\nc <d> *e*"), "a\\|b<br>c \\<d> \\*e\\*");
        assert_eq!(cell("# not a heading"), "\\# not a heading");
        assert_eq!(inline("one\ntwo_three"), "one two\\_three");
    }

    #[test]
    fn a_bare_cr_or_a_line_separator_never_starts_a_line() {
        for sep in ["\r", "\r\n", "\u{2028}", "\u{2029}"] {
            let note = format!("fine{sep}# Auditor sign-off{sep}> approved");
            let md = inline(&note);
            assert!(!md.contains(['\r', '\n', '\u{2028}', '\u{2029}']), "{md:?}");
            let c = cell(&note);
            assert!(!c.contains(['\r', '\n', '\u{2028}', '\u{2029}']), "{c:?}");
        }
        assert_eq!(inline("a\u{1b}]52;c;x\u{7}b"), "a\\\\x1b\\]52;c;x\\\\x07b");
    }
}
