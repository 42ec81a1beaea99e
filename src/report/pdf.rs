//! PDF output: paints a finished [`Layout`] with printpdf. The only file that
//! imports printpdf (pinned exactly in Cargo.toml because its API changes
//! between minor versions); every decision about what goes where was made by
//! the pure layout step, so this stays a thin translation.
//!
//! Fonts are DejaVu Sans, Sans Bold and Sans Mono, embedded as subsets
//! (only the glyphs used) with a ToUnicode map, so every character is shown
//! and extracted as typed. Each section start gets a bookmark; the Info
//! dictionary names title, author (the assessor), subject and producer.

use printpdf::path::{PaintMode, WindingOrder};
use printpdf::{Color, Greyscale, IndirectFontRef, Line, Mm, PdfDocument, Point, Pt, Rect, Rgb};

use super::layout::{Font, Layout, Op, PAGE_H, PAGE_W};

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("cannot produce the PDF: {0}")]
    Printpdf(#[from] printpdf::Error),
    #[error("cannot produce the PDF: its Info dictionary could not be written")]
    Info,
}

fn gray(level: f32) -> Color {
    Color::Greyscale(Greyscale::new(level, None))
}

/// Layout coordinates (points, y down from the top) to a PDF point.
fn point(x: f32, y: f32) -> Point {
    Point {
        x: Pt(x),
        y: Pt(PAGE_H - y),
    }
}

/// What the PDF's Info dictionary says about it (ASCII: see `ascii_fold`).
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub author: String,
    pub subject: String,
}

pub fn render(layout: &Layout, meta: &Meta) -> Result<Vec<u8>, PdfError> {
    let (w, h) = (Mm::from(Pt(PAGE_W)), Mm::from(Pt(PAGE_H)));
    let (doc, first_page, first_layer) =
        PdfDocument::new(placeholder("title", &layout.full_title), w, h, "report");
    // Info strings are written as placeholders of the right length and
    // replaced by UTF-16 hex strings afterwards (see `unicode_info`).
    let doc = doc
        .with_author(placeholder("author", &meta.author))
        .with_subject(placeholder("subject", &meta.subject))
        .with_creator(format!("apiassure {}", env!("CARGO_PKG_VERSION")))
        .with_producer(format!(
            "apiassure {} (printpdf 0.7)",
            env!("CARGO_PKG_VERSION")
        ));
    let embed = |f: Font| {
        doc.add_external_font_with_subsetting(std::io::Cursor::new(super::fonts::bytes(f)), true)
    };
    let regular = embed(Font::Regular)?;
    let bold = embed(Font::Bold)?;
    let mono = embed(Font::Mono)?;
    let font = |f: Font| -> &IndirectFontRef {
        match f {
            Font::Regular => &regular,
            Font::Bold => &bold,
            Font::Mono => &mono,
        }
    };

    for (i, page) in layout.pages.iter().enumerate() {
        let (p, l) = if i == 0 {
            (first_page, first_layer)
        } else {
            doc.add_page(w, h, "report")
        };
        // One bookmark per page at most (printpdf keys them by page): the
        // first section that starts here.
        if let Some((title, _)) = layout.outline.iter().find(|(_, pg)| *pg == i) {
            doc.add_bookmark(super::layout::ascii_fold(title), p);
        }
        let layer = doc.get_page(p).get_layer(l);
        // Colour is graphics state: set it only when it changes, which keeps
        // text-heavy pages small.
        let mut fill = None;
        for op in &page.ops {
            match op {
                Op::Text(t) => {
                    if fill != Some(t.gray) {
                        layer.set_fill_color(gray(t.gray));
                        fill = Some(t.gray);
                    }
                    // The same operators as printpdf's `use_text`, with glyph ids
                    // from our own font table: `use_text` clones the whole font
                    // for every call, which made large reports slow. The
                    // subsetter still finds the glyphs in these operators.
                    let at = point(t.x, t.y);
                    let gids: Vec<u8> = t
                        .text
                        .chars()
                        .filter_map(|c| super::fonts::glyph(t.font, c))
                        .flat_map(|g| g.to_be_bytes())
                        .collect();
                    layer.begin_text_section();
                    layer.set_font(font(t.font), t.size);
                    layer.set_text_cursor(Mm::from(at.x), Mm::from(at.y));
                    layer.add_operation(printpdf::lopdf::content::Operation::new(
                        "Tj",
                        vec![printpdf::lopdf::Object::String(
                            gids,
                            printpdf::lopdf::StringFormat::Hexadecimal,
                        )],
                    ));
                    layer.end_text_section();
                }
                Op::Rule {
                    x1,
                    x2,
                    y,
                    width,
                    gray: g,
                } => {
                    layer.set_outline_color(gray(*g));
                    layer.set_outline_thickness(*width);
                    layer.add_line(Line {
                        points: vec![(point(*x1, *y), false), (point(*x2, *y), false)],
                        is_closed: false,
                    });
                }
                Op::FillRgb { x, y, w, h, rgb } => {
                    layer.set_fill_color(Color::Rgb(Rgb::new(rgb[0], rgb[1], rgb[2], None)));
                    fill = None;
                    layer.add_rect(Rect {
                        ll: point(*x, *y + *h),
                        ur: point(*x + *w, *y),
                        mode: PaintMode::Fill,
                        winding: WindingOrder::NonZero,
                    });
                }
                Op::Link { x, y, w, h, uri } => {
                    layer.add_link_annotation(printpdf::LinkAnnotation::new(
                        Rect::new(
                            Mm::from(Pt(*x)),
                            Mm::from(Pt(PAGE_H - (*y + *h))),
                            Mm::from(Pt(*x + *w)),
                            Mm::from(Pt(PAGE_H - *y)),
                        ),
                        Some(printpdf::BorderArray::Solid([0.0, 0.0, 0.0])),
                        None,
                        printpdf::Actions::uri(uri.clone()),
                        None,
                    ));
                }
                Op::Polyline { points, width, rgb } => {
                    layer.set_outline_color(Color::Rgb(Rgb::new(rgb[0], rgb[1], rgb[2], None)));
                    layer.set_outline_thickness(*width);
                    layer.add_line(Line {
                        points: points.iter().map(|(x, y)| (point(*x, *y), false)).collect(),
                        is_closed: false,
                    });
                }
                Op::Fill {
                    x,
                    y,
                    w,
                    h,
                    gray: g,
                } => {
                    layer.set_fill_color(gray(*g));
                    fill = Some(*g);
                    layer.add_rect(Rect {
                        ll: point(*x, *y + *h),
                        ur: point(*x + *w, *y),
                        mode: PaintMode::Fill,
                        winding: WindingOrder::NonZero,
                    });
                }
            }
        }
    }
    let bytes = doc.save_to_bytes()?;
    let mut bytes = unicode_info(&bytes, &layout.full_title, meta).ok_or(PdfError::Info)?;
    tidy_catalog(&mut bytes);
    Ok(bytes)
}

/// Byte-for-byte replacements that keep every offset (and so the
/// cross-reference table) valid: the document's language in the catalog
/// (`/Lang`, PDF 32000-1 14.9.2; the layout printpdf names there is the
/// default anyway), and no empty `GTS_PDFXVersion` in the Info dictionary,
/// which made readers report a PDF/X conformance the file does not claim.
fn tidy_catalog(bytes: &mut [u8]) {
    let swap = |bytes: &mut [u8], from: &[u8], to: &str| {
        let mut with = to.as_bytes().to_vec();
        with.resize(from.len(), b' ');
        if let Some(at) = bytes.windows(from.len()).position(|w| w == from) {
            bytes[at..at + from.len()].copy_from_slice(&with);
        }
    };
    swap(
        bytes,
        b"/Type/Catalog/PageLayout/OneColumn",
        "/Type/Catalog/Lang(en)",
    );
    swap(bytes, b"/GTS_PDFXVersion()", "");
}

/// A literal printpdf writes as `(apiassure-info-<field>-xxx...)`, long
/// enough for `value` as a UTF-16 hex string.
fn placeholder(field: &str, value: &str) -> String {
    let hex_len = 2 + 4 + 4 * value.encode_utf16().count();
    let prefix = format!("apiassure-info-{field}-");
    format!(
        "{prefix}{}",
        "x".repeat(hex_len.saturating_sub(prefix.len() + 2).max(1))
    )
}

/// printpdf writes the Info strings as raw bytes; put title, author and
/// subject back as UTF-16 hex strings (PDF 32000-1 7.9.2.2) in place of the
/// placeholders, padded with the whitespace hex strings allow, so every
/// byte offset (and the cross-reference table) stays valid. A Cyrillic or
/// accented assessor name is then stored as typed.
fn unicode_info(bytes: &[u8], title: &str, meta: &Meta) -> Option<Vec<u8>> {
    let mut out = bytes.to_vec();
    for (field, value) in [
        ("title", title),
        ("author", meta.author.as_str()),
        ("subject", meta.subject.as_str()),
    ] {
        let literal = format!("({})", placeholder(field, value));
        let mut hex = String::from("<FEFF");
        for unit in value.encode_utf16() {
            hex.push_str(&format!("{unit:04X}"));
        }
        let pad = literal.len().checked_sub(hex.len() + 1)?;
        hex.push_str(&" ".repeat(pad));
        hex.push('>');
        let needle = literal.as_bytes();
        let mut found = false;
        let mut i = 0;
        while let Some(pos) = out[i..].windows(needle.len()).position(|w| w == needle) {
            let at = i + pos;
            out[at..at + needle.len()].copy_from_slice(hex.as_bytes());
            i = at + needle.len();
            found = true;
        }
        if !found {
            return None;
        }
    }
    Some(out)
}
