//! HTML output: the same [`Document`] as the PDF, as one self-contained file
//! (inline CSS, no scripts, no fonts, images or anything else fetched), with
//! a table of contents linking to each section and `http(s)` evidence links
//! made clickable. Every text is HTML-escaped.

use super::model::{Block, Document, Table};

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111;line-height:1.45}\
h1{border-bottom:2px solid #333}h2{border-bottom:1px solid #999;margin-top:2.5rem}\
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.5rem 0 1rem}\
th,td{border:1px solid #ccc;padding:.25rem .4rem;vertical-align:top;text-align:left}\
th{background:#eee}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}\
dt{font-weight:600}dd{margin:0}nav ol{columns:2}code{font-size:.9em}\
.classification{font-weight:700;text-transform:uppercase;letter-spacing:.05em;color:#a00}\
@media print{nav{display:none}h2{break-before:page}.classification{position:running(mark)}}";

pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<meta name=\"generator\" content=\"apiassure {}\">\n",
        env!("CARGO_PKG_VERSION")
    ));
    out.push_str(&format!(
        "<title>{} \u{2013} {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(&doc.title),
        esc(&doc.organisation)
    ));
    if !doc.classification.is_empty() {
        out.push_str(&format!(
            "<p class=\"classification\">{}</p>\n",
            esc(&doc.classification)
        ));
    }
    out.push_str("<nav><h2>Contents</h2><ol>\n");
    for (i, s) in doc.sections.iter().enumerate() {
        out.push_str(&format!(
            "<li><a href=\"#s{i}\">{}</a></li>\n",
            esc(&s.title)
        ));
    }
    out.push_str("</ol></nav>\n");
    for (i, s) in doc.sections.iter().enumerate() {
        let tag = if i == 0 { "h1" } else { "h2" };
        out.push_str(&format!(
            "<section id=\"s{i}\">\n<{tag}>{}</{tag}>\n",
            esc(&s.title)
        ));
        for b in &s.blocks {
            block(&mut out, b);
        }
        out.push_str("</section>\n");
    }
    out.push_str(&format!(
        "<footer><p>{}apiassure report \u{2013} {} \u{2013} {}</p></footer>\n</body>\n</html>\n",
        if doc.classification.is_empty() {
            String::new()
        } else {
            format!("{} \u{2013} ", esc(&doc.classification))
        },
        esc(&doc.organisation),
        esc(&doc.date)
    ));
    out
}

fn block(out: &mut String, b: &Block) {
    match b {
        Block::Heading { level, text } => {
            let n = (usize::from(*level) + 1).clamp(3, 6);
            out.push_str(&format!("<h{n}>{}</h{n}>\n", text_html(text)));
        }
        Block::Paragraph(text) => out.push_str(&format!("<p>{}</p>\n", text_html(text))),
        Block::KeyValue(pairs) => {
            out.push_str("<dl>\n");
            for (k, v) in pairs {
                out.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", esc(k), text_html(v)));
            }
            out.push_str("</dl>\n");
        }
        Block::Bullets(items) => {
            out.push_str("<ul>\n");
            for i in items {
                out.push_str(&format!("<li>{}</li>\n", text_html(i)));
            }
            out.push_str("</ul>\n");
        }
        Block::Table(t) => table(out, t),
        Block::Chart(c) => {
            out.push_str(&format!("<p><em>{}</em></p>\n", esc(&c.caption)));
            table(out, &c.table());
        }
    }
}

fn table(out: &mut String, t: &Table) {
    out.push_str("<table>\n<thead><tr>");
    for c in &t.columns {
        out.push_str(&format!("<th>{}</th>", esc(&c.title)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let mono = t.columns.get(i).is_some_and(|c| c.mono);
            let inner = text_html(cell);
            if mono {
                out.push_str(&format!("<td><code>{inner}</code></td>"));
            } else {
                out.push_str(&format!("<td>{inner}</td>"));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// Escape for element content and attribute values (valid XML too).
pub(crate) fn esc(s: &str) -> String {
    let s = crate::sanitize::text(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text with line breaks kept and http(s) URLs as links (the link opens in
/// the reader's browser only when clicked; nothing is loaded).
fn text_html(s: &str) -> String {
    let mut out = String::new();
    for (li, line) in s.split('\n').enumerate() {
        if li > 0 {
            out.push_str("<br>");
        }
        for (wi, word) in line.split(' ').enumerate() {
            if wi > 0 {
                out.push(' ');
            }
            let trimmed = word.trim_end_matches([',', ';', ')', '.']);
            let is_url = (trimmed.starts_with("https://") || trimmed.starts_with("http://"))
                && trimmed.len() > 8
                && !trimmed.contains(['"', '<', '>']);
            if is_url {
                let rest = &word[trimmed.len()..];
                out.push_str(&format!(
                    "<a href=\"{0}\" rel=\"noopener noreferrer\">{0}</a>{1}",
                    esc(trimmed),
                    esc(rest)
                ));
            } else {
                out.push_str(&esc(word));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_links_are_clickable() {
        assert_eq!(
            text_html("see https://wiki.example/a?b=1&c=2, then <script>"),
            "see <a href=\"https://wiki.example/a?b=1&amp;c=2\" rel=\"noopener noreferrer\">https://wiki.example/a?b=1&amp;c=2</a>, then &lt;script&gt;"
        );
        assert_eq!(text_html("a\nb"), "a<br>b");
        assert_eq!(text_html("javascript:alert(1)"), "javascript:alert(1)");
    }
}
