//! PDF output: paints a finished [`Layout`] with printpdf. The only file that
//! imports printpdf (pinned exactly in Cargo.toml because its API changes
//! between minor versions); every decision about what goes where was made by
//! the pure layout step, so this stays a thin translation.
//!
//! Fonts are the PDF built-ins (Helvetica, Helvetica-Bold, Courier), so the
//! file embeds no font data; printpdf encodes their text as WinAnsi, which
//! is why layout maps all text into that set first.

use printpdf::path::{PaintMode, WindingOrder};
use printpdf::{
    BuiltinFont, Color, Greyscale, IndirectFontRef, Line, Mm, PdfDocument, Point, Pt, Rect,
};

use super::layout::{Font, Layout, Op, PAGE_H, PAGE_W};

#[derive(Debug, thiserror::Error)]
#[error("cannot produce the PDF: {0}")]
pub struct PdfError(#[from] printpdf::Error);

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

pub fn render(layout: &Layout) -> Result<Vec<u8>, PdfError> {
    let (w, h) = (Mm::from(Pt(PAGE_W)), Mm::from(Pt(PAGE_H)));
    let (doc, first_page, first_layer) = PdfDocument::new(&layout.title, w, h, "report");
    let regular = doc.add_builtin_font(BuiltinFont::Helvetica)?;
    let bold = doc.add_builtin_font(BuiltinFont::HelveticaBold)?;
    let mono = doc.add_builtin_font(BuiltinFont::Courier)?;
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
    Ok(doc.save_to_bytes()?)
}
