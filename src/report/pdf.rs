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
use printpdf::{Color, Greyscale, IndirectFontRef, Line, Mm, PdfDocument, Point, Pt, Rect};

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
    let (doc, first_page, first_layer) = PdfDocument::new(&layout.title, w, h, "report");
    let doc = doc
        .with_author(super::layout::ascii_fold(&meta.author))
        .with_subject(super::layout::ascii_fold(&meta.subject))
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
                    let at = point(t.x, t.y);
                    layer.use_text(
                        t.text.clone(),
                        t.size,
                        Mm::from(at.x),
                        Mm::from(at.y),
                        font(t.font),
                    );
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
    unicode_info(&bytes, &layout.full_title, meta).ok_or(PdfError::Info)
}

/// printpdf writes the Info strings as raw bytes; rewrite title, author and
/// subject as UTF-16 (PDF 32000-1 7.9.2.2) so a Cyrillic or accented
/// assessor name is stored as typed.
fn unicode_info(bytes: &[u8], title: &str, meta: &Meta) -> Option<Vec<u8>> {
    use lopdf::{Object, StringFormat};
    let utf16 = |s: &str| {
        let mut out = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            out.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(out, StringFormat::Hexadecimal)
    };
    let mut doc = lopdf::Document::load_mem(bytes).ok()?;
    let info = doc.trailer.get(b"Info").ok()?.as_reference().ok()?;
    let dict = doc.get_object_mut(info).ok()?.as_dict_mut().ok()?;
    dict.set("Title", utf16(title));
    dict.set("Author", utf16(&meta.author));
    dict.set("Subject", utf16(&meta.subject));
    let mut out = Vec::with_capacity(bytes.len());
    doc.save_to(&mut out).ok()?;
    Some(out)
}
