//! Page layout for the PDF: from a [`Document`] to A4 pages of positioned
//! text runs, rules and shaded boxes. Pure and free of printpdf, so tests can
//! check wrapping, pagination and the character set without PDF bytes;
//! `pdf.rs` only paints what this step decided.
//!
//! The PDF embeds DejaVu Sans, Sans Bold and Sans Mono (`fonts`), so text
//! is set exactly as typed: [`printable`] keeps every character the fonts
//! have, and writes one they lack (CJK, emoji) as its code point, `[U+65E5]`,
//! visibly in place; the layout then lists those characters in a closing
//! note. [`text_width`] measures with the same fonts' advance widths so lines
//! wrap before the margin. Coordinates are points with y growing downwards
//! from the top edge.

use std::cell::RefCell;
use std::collections::BTreeSet;

use super::fonts;
use super::model::{Block, Chart, ChartKind, Document, Section, Table};

pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
pub const MARGIN_X: f32 = 50.0;
/// First baseline area below the running header.
pub const CONTENT_TOP: f32 = 62.0;
/// Content stops here; the footer sits below.
pub const CONTENT_BOTTOM: f32 = PAGE_H - 55.0;
const HEADER_Y: f32 = 34.0;
const FOOTER_Y: f32 = PAGE_H - 28.0;

const BODY: f32 = 9.0;
const BODY_LEAD: f32 = 12.0;
const TABLE: f32 = 7.5;
const TABLE_LEAD: f32 = 9.5;
const CELL_PAD: f32 = 3.0;
const KV_LABEL: f32 = 120.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    Regular,
    Bold,
    Mono,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub x: f32,
    /// Baseline, from the top edge.
    pub y: f32,
    pub size: f32,
    pub font: Font,
    /// 0 black .. 1 white.
    pub gray: f32,
    /// Already passed through [`printable`].
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Text(TextRun),
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        width: f32,
        gray: f32,
    },
    /// A filled box; `y` is its top edge.
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        gray: f32,
    },
    /// A coloured box (charts); `rgb` 0-1.
    FillRgb {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        rgb: [f32; 3],
    },
    /// A clickable link over a text span; `y` is its top edge.
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        uri: String,
    },
    /// A polyline (chart series).
    Polyline {
        points: Vec<(f32, f32)>,
        width: f32,
        rgb: [f32; 3],
    },
}

/// Chart series colours: distinct in colour and in greyscale print.
pub const PALETTE: [[f32; 3]; 6] = [
    [0.12, 0.34, 0.62],
    [0.85, 0.45, 0.10],
    [0.20, 0.55, 0.25],
    [0.55, 0.20, 0.55],
    [0.75, 0.15, 0.15],
    [0.35, 0.35, 0.35],
];

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub ops: Vec<Op>,
}

impl Page {
    pub fn texts(&self) -> impl Iterator<Item = &TextRun> {
        self.ops.iter().filter_map(|op| match op {
            Op::Text(t) => Some(t),
            _ => None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// ASCII title (printpdf's own metadata); `full_title` is as typed.
    pub title: String,
    pub full_title: String,
    pub pages: Vec<Page>,
    /// Characters no embedded font has, shown as `[U+XXXX]` (and listed in
    /// the closing note).
    pub missing: Vec<char>,
    /// Section titles and the page (0-based) each starts on, for bookmarks.
    pub outline: Vec<(String, usize)>,
}

thread_local! {
    /// Characters [`printable`] could not set, collected while one layout runs.
    static MISSING: RefCell<BTreeSet<char>> = const { RefCell::new(BTreeSet::new()) };
    /// Every http(s) URL in the text laid out, so a line holding the start of
    /// one (a long link wraps) links to the whole of it.
    static URLS: RefCell<BTreeSet<String>> = const { RefCell::new(BTreeSet::new()) };
}

fn url_tokens(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.match_indices("http").filter_map(move |(i, _)| {
        let rest = &s[i..];
        if !(rest.starts_with("https://") || rest.starts_with("http://")) {
            return None;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ')' | '"' | '<' | '>'))
            .unwrap_or(rest.len());
        let token = rest[..end].trim_end_matches(['.', ':']);
        (token.len() > 8).then_some((i, token))
    })
}

/// Invisible or layout-only characters: dropped or set as a plain space.
fn invisible(c: char) -> Option<&'static str> {
    Some(match c {
        '\t' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\u{00A0}' => " ",
        '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\r' | '\u{00AD}' => "",
        c if c.is_control() && c != '\n' => "",
        _ => return None,
    })
}

/// Does every embedded font have `c`?
fn settable(c: char) -> bool {
    [Font::Regular, Font::Bold, Font::Mono]
        .iter()
        .all(|f| fonts::covers(*f, c))
}

/// Text as the embedded fonts set it: every character they have stays as
/// typed (Latin, Greek, Cyrillic, ✓ ✗ → “ ” —); one they lack becomes
/// `[U+65E5]` in place, never a silent `?` or a transliteration, and is
/// remembered for the closing note. Newlines are kept for wrapping.
pub fn printable(s: &str) -> String {
    URLS.with(|u| {
        let mut u = u.borrow_mut();
        for (_, url) in url_tokens(s) {
            u.insert(url.to_string());
        }
    });
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\n' || (c == ' ') {
            out.push(c);
        } else if let Some(t) = invisible(c) {
            out.push_str(t);
        } else if settable(c) {
            out.push(c);
        } else {
            MISSING.with(|m| m.borrow_mut().insert(c));
            out.push_str(&format!("[U+{:04X}]", c as u32));
        }
    }
    out
}

/// Latin letters outside Latin-1, folded to their base letter (metadata only).
const FOLD: &[(&str, &str)] = &[
    ("ĀĂĄ", "A"),
    ("āăą", "a"),
    ("ĆĈĊČ", "C"),
    ("ćĉċč", "c"),
    ("ĎĐ", "D"),
    ("ďđ", "d"),
    ("ĒĔĖĘĚ", "E"),
    ("ēĕėęě", "e"),
    ("ĜĞĠĢ", "G"),
    ("ĝğġģ", "g"),
    ("ĪĬĮİ", "I"),
    ("īĭįı", "i"),
    ("Ķ", "K"),
    ("ķ", "k"),
    ("ĹĻĽĿŁ", "L"),
    ("ĺļľŀł", "l"),
    ("ŃŅŇ", "N"),
    ("ńņň", "n"),
    ("ŌŎŐ", "O"),
    ("ōŏő", "o"),
    ("ŔŖŘ", "R"),
    ("ŕŗř", "r"),
    ("ŚŜŞȘ", "S"),
    ("śŝşș", "s"),
    ("ŢŤȚ", "T"),
    ("ţťț", "t"),
    ("ŪŬŮŰŲ", "U"),
    ("ūŭůűų", "u"),
    ("ŹŻ", "Z"),
    ("źż", "z"),
];

/// Plain ASCII for the PDF's metadata (printpdf writes the Info strings as
/// raw bytes, which viewers would show as mojibake): accents dropped, typographic
/// punctuation simplified, anything else `?`. The page text is exact.
pub fn ascii_fold(s: &str) -> String {
    const LATIN1: &str = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
    s.chars()
        .filter(|c| *c != '\n')
        .map(|c| match c as u32 {
            0x20..=0x7E => c.to_string(),
            0x2013 | 0x2014 => "-".into(),
            0x2018 | 0x2019 => "'".into(),
            0x201C | 0x201D => "\"".into(),
            n @ 0xC0..=0xFF => (LATIN1.as_bytes()[(n - 0xC0) as usize] as char).to_string(),
            _ => match FOLD.iter().find(|(set, _)| set.contains(c)) {
                Some((_, base)) => base.to_string(),
                None => "?".into(),
            },
        })
        .collect()
}

fn char_width(c: char, font: Font) -> f32 {
    fonts::advance(font, c).unwrap_or(0.6)
}

/// Width in points of `s` set in `font` at `size`.
pub fn text_width(s: &str, font: Font, size: f32) -> f32 {
    s.chars().map(|c| char_width(c, font)).sum::<f32>() * size
}

/// Break `text` into lines no wider than `width`: at spaces where possible,
/// inside a word (a hash, a URL) when the word alone is too wide. Newlines
/// in the text start new lines.
pub fn wrap(text: &str, font: Font, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if text_width(&candidate, font, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                line.push(c);
                if text_width(&line, font, size) > width && line.chars().count() > 1 {
                    line.pop();
                    // Prefer to break after a hyphen or path separator
                    // (`iso27001-` / `2022`), else wherever the width ends.
                    let cut = line
                        .char_indices()
                        .rev()
                        .find(|&(i, b)| "-/._".contains(b) && i + b.len_utf8() < line.len())
                        .map_or(line.len(), |(i, b)| i + b.len_utf8());
                    let rest = line.split_off(cut);
                    lines.push(std::mem::replace(&mut line, rest));
                    line.push(c);
                }
            }
        }
        lines.push(line);
    }
    lines
}

struct Cursor {
    pages: Vec<Page>,
    y: f32,
}

impl Cursor {
    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("at least one page")
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = CONTENT_TOP;
    }

    fn at_top(&self) -> bool {
        self.y <= CONTENT_TOP
    }

    /// Make room for `h` points, breaking the page if needed.
    fn ensure(&mut self, h: f32) {
        if self.y + h > CONTENT_BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, font: Font, text: &str) {
        if text.is_empty() {
            return;
        }
        for (i, token) in url_tokens(text) {
            // The whole URL this line starts (the rest may be wrapped below).
            let uri = URLS.with(|u| {
                u.borrow()
                    .range(token.to_string()..)
                    .take_while(|known| known.starts_with(token))
                    .max_by_key(|known| known.len())
                    .cloned()
            });
            let uri = uri.unwrap_or_else(|| token.to_string());
            let lx = x + text_width(&text[..i], font, size);
            let w = text_width(token, font, size);
            self.page().ops.push(Op::Link {
                x: lx,
                y: y - size,
                w,
                h: size * 1.25,
                uri,
            });
        }
        self.page().ops.push(Op::Text(TextRun {
            x,
            y,
            size,
            font,
            gray: 0.0,
            text: text.to_string(),
        }));
    }

    /// Wrapped lines at `x` within `width`, breaking pages between lines.
    fn lines(&mut self, x: f32, width: f32, size: f32, lead: f32, font: Font, text: &str) {
        for line in wrap(text, font, size, width) {
            self.ensure(lead);
            self.y += lead;
            self.text(x, self.y - (lead - size) * 0.6, size, font, &line);
        }
    }
}

const WIDTH: f32 = PAGE_W - 2.0 * MARGIN_X;

/// Lay the document out on A4 pages with running header and footer.
/// The contents page's title.
pub const CONTENTS: &str = "Contents";

/// Lay out the document with a contents page after the cover: a first pass
/// finds the page each section starts on, then the contents (whose own
/// length shifts the rest) is laid out with those numbers until they agree.
pub fn layout(doc: &Document) -> Layout {
    let mut pages: Vec<usize> = lay_out(doc, None).outline.iter().map(|(_, p)| *p).collect();
    let mut last = None;
    for _ in 0..4 {
        let l = lay_out(doc, Some(&pages));
        // The outline of the pass with contents: cover, contents, the rest.
        let found: Vec<usize> = l
            .outline
            .iter()
            .filter(|(t, _)| t != CONTENTS)
            .map(|(_, p)| *p)
            .collect();
        if found == pages {
            return l;
        }
        pages = found;
        last = Some(l);
    }
    last.unwrap_or_else(|| lay_out(doc, Some(&pages)))
}

/// One layout pass; `contents`: the 0-based start page of each section (and
/// the closing note), to print on a contents page after the cover.
fn lay_out(doc: &Document, contents: Option<&[usize]>) -> Layout {
    MISSING.with(|m| m.borrow_mut().clear());
    URLS.with(|u| u.borrow_mut().clear());
    // Collect every URL first, so a wrapped link's first line knows its end.
    for s in &doc.sections {
        printable(&s.title);
        for b in &s.blocks {
            match b {
                Block::Paragraph(t) | Block::Heading { text: t, .. } => {
                    printable(t);
                }
                Block::Bullets(items) => items.iter().for_each(|i| {
                    printable(i);
                }),
                Block::KeyValue(pairs) => pairs.iter().for_each(|(_, v)| {
                    printable(v);
                }),
                Block::Table(t) => t.rows.iter().flatten().for_each(|c| {
                    printable(c);
                }),
                Block::Chart(_) => {}
            }
        }
    }
    MISSING.with(|m| m.borrow_mut().clear());
    let mut c = Cursor {
        pages: vec![Page::default()],
        y: CONTENT_TOP,
    };
    let mut outline = Vec::new();
    let mut titles: Vec<String> = doc.sections.iter().map(|s| s.title.clone()).collect();
    titles.push("Characters not shown".into());
    for (i, section) in doc.sections.iter().enumerate() {
        let page = lay_section(&mut c, section, i == 0);
        outline.push((section.title.clone(), page));
        if let (0, Some(pages)) = (i, contents) {
            let mut t = Table::new(&[("Section", 6.0), ("Page", 1.0)]);
            for (title, page) in titles.iter().zip(pages).skip(1) {
                t.row(vec![title.clone(), (page + 1).to_string()]);
            }
            let toc = Section {
                title: CONTENTS.into(),
                new_page: true,
                blocks: vec![Block::Table(t)],
            };
            let page = lay_section(&mut c, &toc, false);
            outline.push((CONTENTS.into(), page));
        }
    }
    let org = printable(&doc.organisation);
    let date = printable(&doc.date);
    let mark = printable(&doc.classification);
    let missing: Vec<char> = MISSING.with(|m| m.borrow().iter().copied().collect());
    if !missing.is_empty() {
        let list: Vec<String> = missing
            .iter()
            .map(|c| format!("[U+{:04X}] {}", *c as u32, char_name(*c)))
            .collect();
        let note = Section {
            title: "Characters not shown".into(),
            new_page: false,
            blocks: vec![Block::Paragraph(format!(
                "The embedded fonts (DejaVu Sans) have no glyph for {} character(s) in this report, so each is written as its Unicode code point where it occurs. The text itself is unchanged in the JSON, CSV and Markdown reports and in the workspace files: {}.",
                missing.len(),
                list.join("; ")
            ))],
        };
        let page = lay_section(&mut c, &note, false);
        outline.push((note.title.clone(), page));
    }
    let total = c.pages.len();
    for (i, page) in c.pages.iter_mut().enumerate() {
        running_head(page, &org, &mark, &date, i + 1, total);
    }
    Layout {
        title: ascii_fold(&format!("{} - {}", doc.title, doc.organisation)),
        full_title: format!("{} \u{2013} {}", doc.title, doc.organisation),
        pages: c.pages,
        missing,
        outline,
    }
}

/// A short description of a character for the closing note: its script block.
fn char_name(c: char) -> &'static str {
    match c as u32 {
        0x3040..=0x30FF => "Japanese kana",
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => "CJK ideograph",
        0xAC00..=0xD7AF | 0x1100..=0x11FF => "Hangul",
        0x0600..=0x06FF | 0x0750..=0x077F => "Arabic",
        0x0590..=0x05FF => "Hebrew",
        0x0900..=0x097F => "Devanagari",
        0x0E00..=0x0E7F => "Thai",
        0x1F300..=0x1FAFF | 0x2600..=0x27BF => "emoji or pictograph",
        _ => "no glyph in the embedded fonts",
    }
}

/// `text` cut with an ellipsis to fit `width` (a running head has one line).
fn fit(text: &str, size: f32, width: f32) -> String {
    if text_width(text, Font::Regular, size) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if text_width(&format!("{out}{c}\u{2026}"), Font::Regular, size) > width {
            break;
        }
        out.push(c);
    }
    out.push('\u{2026}');
    out
}

fn running_head(page: &mut Page, org: &str, mark: &str, date: &str, n: usize, total: usize) {
    let size = 7.5;
    // The classification marking leads the header and the footer.
    let marked = |s: String| {
        if mark.is_empty() {
            s
        } else {
            format!("{} \u{2013} {s}", mark.to_uppercase())
        }
    };
    let date_w = text_width(date, Font::Regular, size);
    let head = fit(
        &marked(format!("apiassure report \u{2013} {org}")),
        size,
        WIDTH - date_w - 12.0,
    );
    let numbering = format!(" \u{2013} page {n} of {total}");
    let room = WIDTH - text_width(&numbering, Font::Regular, size);
    let foot = format!(
        "{}{numbering}",
        fit(
            &marked(format!("apiassure report \u{2013} {org}")),
            size,
            room
        )
    );
    let mut ops = vec![
        Op::Text(TextRun {
            x: MARGIN_X,
            y: HEADER_Y,
            size,
            font: Font::Regular,
            gray: 0.4,
            text: head,
        }),
        Op::Text(TextRun {
            x: PAGE_W - MARGIN_X - date_w,

            y: HEADER_Y,
            size,
            font: Font::Regular,
            gray: 0.4,
            text: date.to_string(),
        }),
        Op::Rule {
            x1: MARGIN_X,
            x2: PAGE_W - MARGIN_X,
            y: HEADER_Y + 5.0,
            width: 0.5,
            gray: 0.6,
        },
        Op::Rule {
            x1: MARGIN_X,
            x2: PAGE_W - MARGIN_X,
            y: FOOTER_Y - 11.0,
            width: 0.5,
            gray: 0.6,
        },
    ];
    ops.push(Op::Text(TextRun {
        x: (PAGE_W - text_width(&foot, Font::Regular, size)) / 2.0,
        y: FOOTER_Y,
        size,
        font: Font::Regular,
        gray: 0.4,
        text: foot,
    }));
    page.ops.extend(ops);
}

/// Lay out a section; returns the page (0-based) its title is on.
fn lay_section(c: &mut Cursor, s: &Section, first: bool) -> usize {
    if s.new_page && !c.at_top() {
        c.new_page();
    }
    let size = if first { 20.0 } else { 15.0 };
    c.ensure(size * 1.6 + 40.0);
    if !c.at_top() {
        c.y += 8.0;
    }
    let title_page = c.pages.len() - 1;
    c.lines(
        MARGIN_X,
        WIDTH,
        size,
        size * 1.3,
        Font::Bold,
        &printable(&s.title),
    );
    c.y += 4.0;
    let y = c.y;
    c.page().ops.push(Op::Rule {
        x1: MARGIN_X,
        x2: PAGE_W - MARGIN_X,
        y,
        width: 1.0,
        gray: 0.2,
    });
    c.y += 6.0;
    for (i, block) in s.blocks.iter().enumerate() {
        if let Block::Heading { level, .. } = block {
            // A heading stays with the start of what follows it.
            let size = heading_size(*level);
            let next = s.blocks.get(i + 1).map_or(0.0, min_height);
            c.ensure(size * 1.4 + 8.0 + next.max(2.0 * BODY_LEAD));
        }
        lay_block(c, block);
    }
    title_page
}

fn heading_size(level: u8) -> f32 {
    if level <= 2 {
        12.0
    } else {
        10.0
    }
}

/// The least of a block that must share the page with a heading above it:
/// a few lines of text, a whole first list item or key-value pair, a
/// table's header with its first row (up to six lines).
fn min_height(block: &Block) -> f32 {
    let lines =
        |text: &str, font: Font, width: f32| wrap(&printable(text), font, BODY, width).len();
    match block {
        Block::Heading { level, .. } => heading_size(*level) * 1.4 + 8.0,
        Block::Paragraph(t) => lines(t, Font::Regular, WIDTH).min(3) as f32 * BODY_LEAD,
        Block::Bullets(items) => items.first().map_or(0.0, |i| {
            lines(i, Font::Regular, WIDTH - 12.0).min(8) as f32 * BODY_LEAD
        }),
        Block::KeyValue(pairs) => pairs.first().map_or(0.0, |(k, v)| {
            lines(k, Font::Bold, KV_LABEL - 8.0)
                .max(lines(v, Font::Regular, WIDTH - KV_LABEL))
                .min(8) as f32
                * BODY_LEAD
        }),
        Block::Table(t) => {
            let cols = columns(t);
            let wrapped = |cells: &[String], header: bool| -> usize {
                cells
                    .iter()
                    .zip(&cols)
                    .zip(&t.columns)
                    .map(|((cell, (_, w)), col)| {
                        wrap(
                            &printable(cell),
                            cell_font(header, col.mono),
                            TABLE,
                            w - 2.0 * CELL_PAD,
                        )
                        .len()
                    })
                    .max()
                    .unwrap_or(1)
            };
            let titles: Vec<String> = t.columns.iter().map(|c| c.title.clone()).collect();
            let head = wrapped(&titles, true) as f32 * TABLE_LEAD + 2.0 * CELL_PAD;
            let first = t.rows.first().map_or(0.0, |r| {
                wrapped(r, false).min(6) as f32 * TABLE_LEAD + 2.0 * CELL_PAD
            });
            head + first
        }
        Block::Chart(_) => 4.0 * BODY_LEAD,
    }
}

fn lay_block(c: &mut Cursor, block: &Block) {
    match block {
        Block::Heading { level, text } => {
            let size = heading_size(*level);
            c.y += if *level <= 2 { 8.0 } else { 5.0 };
            c.lines(
                MARGIN_X,
                WIDTH,
                size,
                size * 1.3,
                Font::Bold,
                &printable(text),
            );
            c.y += 3.0;
        }
        Block::Paragraph(text) => {
            c.lines(
                MARGIN_X,
                WIDTH,
                BODY,
                BODY_LEAD,
                Font::Regular,
                &printable(text),
            );
            c.y += 5.0;
        }
        Block::Bullets(items) => {
            for item in items {
                let lines = wrap(&printable(item), Font::Regular, BODY, WIDTH - 12.0);
                // An item that fits on a page is never split across two.
                let h = lines.len() as f32 * BODY_LEAD;
                if h <= CONTENT_BOTTOM - CONTENT_TOP {
                    c.ensure(h);
                }
                for (i, line) in lines.iter().enumerate() {
                    c.ensure(BODY_LEAD);
                    c.y += BODY_LEAD;
                    let base = c.y - (BODY_LEAD - BODY) * 0.6;
                    if i == 0 {
                        c.text(MARGIN_X + 2.0, base, BODY, Font::Regular, "\u{2022}");
                    }
                    c.text(MARGIN_X + 12.0, base, BODY, Font::Regular, line);
                }
                c.y += 2.0;
            }
            c.y += 3.0;
        }
        Block::KeyValue(pairs) => {
            for (k, v) in pairs {
                let keys = wrap(&printable(k), Font::Bold, BODY, KV_LABEL - 8.0);
                let values = wrap(&printable(v), Font::Regular, BODY, WIDTH - KV_LABEL);
                let n = keys.len().max(values.len());
                let h = n as f32 * BODY_LEAD;
                if h <= CONTENT_BOTTOM - CONTENT_TOP {
                    c.ensure(h);
                }
                for i in 0..n {
                    c.ensure(BODY_LEAD);
                    c.y += BODY_LEAD;
                    let base = c.y - (BODY_LEAD - BODY) * 0.6;
                    if let Some(k) = keys.get(i) {
                        c.text(MARGIN_X, base, BODY, Font::Bold, k);
                    }
                    if let Some(v) = values.get(i) {
                        c.text(MARGIN_X + KV_LABEL, base, BODY, Font::Regular, v);
                    }
                }
                c.y += 1.5;
            }
            c.y += 5.0;
        }
        Block::Table(t) => lay_table(c, t),
        Block::Chart(chart) => lay_chart(c, chart),
    }
}

fn lay_chart(c: &mut Cursor, chart: &Chart) {
    const SMALL: f32 = 7.0;
    let legend_h = 12.0;
    match chart.kind {
        ChartKind::Bars => {
            let n = chart.series.len().max(1) as f32;
            let row_h = n * 6.0 + 6.0;
            let label_w = 150.0;
            let x0 = MARGIN_X + label_w;
            let w = WIDTH - label_w - 28.0;
            c.ensure(BODY_LEAD + legend_h + row_h * chart.labels.len().min(3) as f32);
            c.lines(
                MARGIN_X,
                WIDTH,
                BODY,
                BODY_LEAD,
                Font::Bold,
                &printable(&chart.caption),
            );
            legend(c, chart, SMALL);
            for (label, vals) in chart.labels.iter().zip(&chart.values) {
                c.ensure(row_h);
                let top = c.y + 3.0;
                let lines = wrap(&printable(label), Font::Regular, SMALL, label_w - 6.0);
                for (i, l) in lines.iter().take(2).enumerate() {
                    c.text(
                        MARGIN_X,
                        top + SMALL + i as f32 * (SMALL + 1.5),
                        SMALL,
                        Font::Regular,
                        l,
                    );
                }
                for (j, v) in vals.iter().enumerate() {
                    let y = top + j as f32 * 6.0;
                    c.page().ops.push(Op::Fill {
                        x: x0,
                        y,
                        w,
                        h: 5.0,
                        gray: 0.93,
                    });
                    if let Some(v) = v {
                        let bw = (w * (*v as f32 / 100.0)).clamp(0.0, w);
                        c.page().ops.push(Op::FillRgb {
                            x: x0,
                            y,
                            w: bw,
                            h: 5.0,
                            rgb: PALETTE[j % PALETTE.len()],
                        });
                    }
                    let text = v.map_or_else(|| "n/a".to_string(), |v| format!("{v:.0}"));
                    c.text(x0 + w + 3.0, y + 4.6, 5.5, Font::Regular, &text);
                }
                c.y += row_h;
            }
            c.y += 6.0;
        }
        ChartKind::Lines => {
            let plot_h = 110.0;
            let axis_w = 22.0;
            c.ensure(BODY_LEAD + legend_h + plot_h + 24.0);
            c.lines(
                MARGIN_X,
                WIDTH,
                BODY,
                BODY_LEAD,
                Font::Bold,
                &printable(&chart.caption),
            );
            legend(c, chart, SMALL);
            let top = c.y + 6.0;
            let x0 = MARGIN_X + axis_w;
            let w = WIDTH - axis_w;
            for pct in [0.0f32, 25.0, 50.0, 75.0, 100.0] {
                let y = top + plot_h * (1.0 - pct / 100.0);
                c.page().ops.push(Op::Rule {
                    x1: x0,
                    x2: x0 + w,
                    y,
                    width: if pct == 0.0 { 0.8 } else { 0.3 },
                    gray: if pct == 0.0 { 0.3 } else { 0.8 },
                });
                c.text(
                    MARGIN_X,
                    y + 2.5,
                    SMALL,
                    Font::Regular,
                    &format!("{pct:.0}"),
                );
            }
            let n = chart.labels.len();
            let x_at = |i: usize| {
                if n <= 1 {
                    x0 + w / 2.0
                } else {
                    x0 + w * i as f32 / (n - 1) as f32
                }
            };
            for j in 0..chart.series.len() {
                let points: Vec<(f32, f32)> = chart
                    .values
                    .iter()
                    .enumerate()
                    .filter_map(|(i, vals)| {
                        vals.get(j).copied().flatten().map(|v| {
                            (
                                x_at(i),
                                top + plot_h * (1.0 - (v as f32).clamp(0.0, 100.0) / 100.0),
                            )
                        })
                    })
                    .collect();
                let rgb = PALETTE[j % PALETTE.len()];
                if points.len() == 1 {
                    let (x, y) = points[0];
                    c.page().ops.push(Op::FillRgb {
                        x: x - 1.5,
                        y: y - 1.5,
                        w: 3.0,
                        h: 3.0,
                        rgb,
                    });
                } else if points.len() > 1 {
                    c.page().ops.push(Op::Polyline {
                        points,
                        width: 1.2,
                        rgb,
                    });
                }
            }
            let base = top + plot_h + 10.0;
            if let (Some(first), Some(last)) = (chart.labels.first(), chart.labels.last()) {
                c.text(x0, base, SMALL, Font::Regular, &printable(first));
                if n > 1 {
                    let lw = text_width(&printable(last), Font::Regular, SMALL);
                    c.text(x0 + w - lw, base, SMALL, Font::Regular, &printable(last));
                }
            }
            c.y = base + 10.0;
        }
    }
}

/// One legend line: a colour swatch and the series name, side by side.
fn legend(c: &mut Cursor, chart: &Chart, size: f32) {
    c.y += 4.0;
    let mut x = MARGIN_X;
    for (j, name) in chart.series.iter().enumerate() {
        let name = printable(name);
        let w = text_width(&name, Font::Regular, size) + 16.0;
        if x + w > MARGIN_X + WIDTH {
            c.y += size + 4.0;
            x = MARGIN_X;
        }
        let y = c.y;
        c.page().ops.push(Op::FillRgb {
            x,
            y,
            w: 8.0,
            h: 6.0,
            rgb: PALETTE[j % PALETTE.len()],
        });
        c.text(x + 11.0, c.y + 5.5, size, Font::Regular, &name);
        x += w + 6.0;
    }
    c.y += size + 5.0;
}

/// Column left edges and widths for a table spanning the text width.
fn columns(t: &Table) -> Vec<(f32, f32)> {
    let total: f32 = t.columns.iter().map(|col| col.width).sum();
    let mut x = MARGIN_X;
    t.columns
        .iter()
        .map(|col| {
            let w = WIDTH * col.width / total;
            let out = (x, w);
            x += w;
            out
        })
        .collect()
}

fn lay_table(c: &mut Cursor, t: &Table) {
    let cols = columns(t);
    let wrap_row = |cells: &[String], header: bool| -> Vec<Vec<String>> {
        cells
            .iter()
            .zip(&cols)
            .zip(&t.columns)
            .map(|((cell, (_, w)), col)| {
                let font = cell_font(header, col.mono);
                wrap(&printable(cell), font, TABLE, w - 2.0 * CELL_PAD)
            })
            .collect()
    };
    let titles: Vec<String> = t.columns.iter().map(|col| col.title.clone()).collect();
    let head = wrap_row(&titles, true);
    let head_lines = head.iter().map(Vec::len).max().unwrap_or(1);
    let head_h = head_lines as f32 * TABLE_LEAD + 2.0 * CELL_PAD;

    let draw_head = |c: &mut Cursor| {
        let y = c.y;
        c.page().ops.push(Op::Fill {
            x: MARGIN_X,
            y,
            w: WIDTH,
            h: head_h,
            gray: 0.88,
        });
        draw_cells(c, &cols, t, &head, 0, head_lines, true);
        c.y += head_h;
    };

    let first_row = t.rows.first().map(|r| wrap_row(r, false));
    let first_h = first_row
        .as_ref()
        .map_or(0.0, |r| row_lines(r) as f32 * TABLE_LEAD + 2.0 * CELL_PAD);
    c.ensure(head_h + first_h.min(6.0 * TABLE_LEAD));
    draw_head(c);

    for row in &t.rows {
        let cells = wrap_row(row, false);
        let lines = row_lines(&cells);
        let full_h = lines as f32 * TABLE_LEAD + 2.0 * CELL_PAD;
        let page_room = CONTENT_BOTTOM - CONTENT_TOP - head_h;
        // A row that fits on a page is never split; a taller one continues
        // on the next page under a repeated header.
        if c.y + full_h > CONTENT_BOTTOM && full_h <= page_room {
            c.new_page();
            draw_head(c);
        }
        let mut start = 0;
        while start < lines {
            let room = ((CONTENT_BOTTOM - c.y - 2.0 * CELL_PAD) / TABLE_LEAD).floor() as usize;
            if room == 0 {
                c.new_page();
                draw_head(c);
                continue;
            }
            let end = (start + room).min(lines);
            draw_cells(c, &cols, t, &cells, start, end, false);
            c.y += (end - start) as f32 * TABLE_LEAD + 2.0 * CELL_PAD;
            let y = c.y;
            c.page().ops.push(Op::Rule {
                x1: MARGIN_X,
                x2: PAGE_W - MARGIN_X,
                y,
                width: 0.4,
                gray: 0.75,
            });
            start = end;
        }
    }
    c.y += 8.0;
}

fn cell_font(header: bool, mono: bool) -> Font {
    if header {
        Font::Bold
    } else if mono {
        Font::Mono
    } else {
        Font::Regular
    }
}

fn row_lines(cells: &[Vec<String>]) -> usize {
    cells.iter().map(Vec::len).max().unwrap_or(1).max(1)
}

fn draw_cells(
    c: &mut Cursor,
    cols: &[(f32, f32)],
    t: &Table,
    cells: &[Vec<String>],
    start: usize,
    end: usize,
    header: bool,
) {
    let top = c.y + CELL_PAD;
    for ((lines, (x, _)), col) in cells.iter().zip(cols).zip(&t.columns) {
        let font = cell_font(header, col.mono);
        for (i, line) in lines.iter().enumerate().take(end).skip(start) {
            let base = top + (i - start + 1) as f32 * TABLE_LEAD - (TABLE_LEAD - TABLE) * 0.6;
            c.text(x + CELL_PAD, base, TABLE, font, line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::Section;

    #[test]
    fn text_is_kept_as_typed_and_missing_glyphs_are_named() {
        let cases = [
            ("plain ASCII", "plain ASCII"),
            ("Zürich café naïve ß Ø Łódź", "Zürich café naïve ß Ø Łódź"),
            ("en – em — “quotes” … € •", "en – em — “quotes” … € •"),
            ("✓ — Δ Проверено ✗ → ≥", "✓ — Δ Проверено ✗ → ≥"),
            ("日本", "[U+65E5][U+672C]"),
            ("zero\u{200B}width\ttab", "zerowidth tab"),
            ("two\nlines", "two\nlines"),
        ];
        MISSING.with(|m| m.borrow_mut().clear());
        for (input, expected) in cases {
            assert_eq!(printable(input), expected, "input {input:?}");
        }
        let missing: Vec<char> = MISSING.with(|m| m.borrow().iter().copied().collect());
        assert_eq!(missing, ['日', '本']);
    }

    #[test]
    fn metadata_title_is_plain_ascii() {
        assert_eq!(
            ascii_fold("Acme Zürich – Ørsted 日本"),
            "Acme Zurich - Orsted ??"
        );
    }

    #[test]
    fn widths_follow_the_embedded_fonts() {
        // DejaVu Sans: "Hello" is 2.924 em... measured from the font itself.
        let hello = text_width("Hello", Font::Regular, 10.0);
        assert!(hello > 25.0 && hello < 32.0, "{hello}");
        assert!(text_width("W", Font::Bold, 10.0) > text_width("i", Font::Bold, 10.0));
        assert!(
            (text_width("abc", Font::Mono, 10.0) - 3.0 * text_width("i", Font::Mono, 10.0)).abs()
                < 1e-4
        );
    }

    #[test]
    fn wrap_breaks_at_spaces_and_inside_long_words() {
        let lines = wrap("the quick brown fox jumps", Font::Regular, 10.0, 60.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.join(" "), "the quick brown fox jumps");
        let hash = "a".repeat(64);
        let lines = wrap(&hash, Font::Mono, 10.0, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), hash);
        for line in &lines {
            assert!(text_width(line, Font::Mono, 10.0) <= 100.0);
        }
        assert_eq!(wrap("a\n\nb", Font::Regular, 10.0, 100.0), ["a", "", "b"]);
        assert_eq!(
            wrap("iso27001-2022", Font::Bold, 7.5, 42.0),
            ["iso27001-", "2022"]
        );
        let url = "https://wiki.example.test/security/gateway-policy";
        let lines = wrap(url, Font::Regular, 8.0, 80.0);
        assert_eq!(lines.concat(), url);
        assert_eq!(
            lines,
            [
                "https://wiki.",
                "example.test/",
                "security/gateway-",
                "policy"
            ]
        );
    }

    fn long_doc() -> Document {
        let mut s = Section::new("Section", true);
        for i in 0..40 {
            s.heading(2, format!("Heading {i}"));
            s.paragraph("word ".repeat(80));
            let mut t = Table::new(&[("Id", 1.0), ("Text", 4.0), ("Hash", 4.0)]).mono(2);
            for j in 0..5 {
                t.row(vec![
                    format!("R{j}"),
                    "cell text that wraps ".repeat(j + 1),
                    "f".repeat(64),
                ]);
            }
            s.table(t);
        }
        let mut tall = Table::new(&[("Tall", 1.0)]);
        tall.row(vec!["line\n".repeat(150)]);
        s.table(tall);
        Document {
            title: "T".into(),
            organisation: "Ørsted 日本".into(),
            date: "2026-01-01".into(),
            classification: "Confidential".into(),
            sections: vec![Section::new("Cover", false), s],
        }
    }

    #[test]
    fn a_long_organisation_name_is_cut_in_the_running_head() {
        let mut doc = long_doc();
        doc.organisation = "Very Long Organisation Name ".repeat(10);
        let layout = layout(&doc);
        let page = &layout.pages[0];
        let texts: Vec<&TextRun> = page.texts().collect();
        for t in &texts {
            assert!(t.x + text_width(&t.text, t.font, t.size) <= PAGE_W - MARGIN_X + 0.01);
        }
        let total = layout.pages.len();
        assert!(texts.iter().any(|t| t
            .text
            .ends_with(&format!("\u{2026} \u{2013} page 1 of {total}"))));
    }

    #[test]
    fn pages_stay_inside_margins_without_overlap_and_count_themselves() {
        let layout = layout(&long_doc());
        let total = layout.pages.len();
        assert!(total > 5, "{total}");
        for (n, page) in layout.pages.iter().enumerate() {
            let footer = format!(
                "CONFIDENTIAL \u{2013} apiassure report \u{2013} Ørsted [U+65E5][U+672C] \u{2013} page {} of {total}",
                n + 1
            );
            assert!(page.texts().any(|t| t.text == footer), "page {n}");
            let texts: Vec<&TextRun> = page.texts().collect();
            for t in &texts {
                let w = text_width(&t.text, t.font, t.size);
                assert!(
                    t.x >= MARGIN_X - 0.01 && t.x + w <= PAGE_W - MARGIN_X + 0.01,
                    "{t:?}"
                );
                assert!(t.y > 0.0 && t.y < PAGE_H, "{t:?}");
                assert!(t.text.chars().all(|c| c == ' ' || settable(c)), "{t:?}");
            }
            for (i, a) in texts.iter().enumerate() {
                for b in &texts[i + 1..] {
                    let overlap_x = a.x < b.x + text_width(&b.text, b.font, b.size)
                        && b.x < a.x + text_width(&a.text, a.font, a.size);
                    let overlap_y = a.y - a.size * 0.75 < b.y && b.y - b.size * 0.75 < a.y;
                    assert!(!(overlap_x && overlap_y), "page {n}: {a:?} overlaps {b:?}");
                }
            }
        }
    }
}
