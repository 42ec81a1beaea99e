//! The fonts every PDF embeds: DejaVu Sans, Sans Bold and Sans Mono
//! (Bitstream Vera licence, `assets/fonts/LICENSE`), which cover Latin,
//! Greek, Cyrillic and the common symbols (✓ ✗ → “ ” —), so text is set
//! exactly as typed. The PDF embeds only the glyphs used (subsetting).
//! Layout measures with the same fonts' advance widths.

use std::sync::OnceLock;

use super::layout::Font;

pub static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
pub static MONO: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansMono.ttf");

pub fn bytes(font: Font) -> &'static [u8] {
    match font {
        Font::Regular => REGULAR,
        Font::Bold => BOLD,
        Font::Mono => MONO,
    }
}

fn face(font: Font) -> &'static ttf_parser::Face<'static> {
    static FACES: OnceLock<[ttf_parser::Face<'static>; 3]> = OnceLock::new();
    let faces = FACES.get_or_init(|| {
        [REGULAR, BOLD, MONO]
            .map(|b| ttf_parser::Face::parse(b, 0).expect("the embedded fonts parse"))
    });
    &faces[font as usize]
}

/// Code points below this are looked up once and kept in a table (Latin,
/// Greek, Cyrillic, punctuation, arrows, symbols): layout asks millions of
/// times for a large report.
const TABLE: u32 = 0x2800;

fn lookup(font: Font, c: char) -> Option<(u16, f32)> {
    let f = face(font);
    let g = f.glyph_index(c).filter(|g| g.0 != 0)?;
    let w = f.glyph_hor_advance(g)?;
    Some((g.0, f32::from(w) / f32::from(f.units_per_em())))
}

/// A glyph id and its advance in em, by code point.
type Glyphs = Vec<Option<(u16, f32)>>;

fn table(font: Font) -> &'static [Option<(u16, f32)>] {
    static TABLES: OnceLock<[Glyphs; 3]> = OnceLock::new();
    let t = TABLES.get_or_init(|| {
        [Font::Regular, Font::Bold, Font::Mono].map(|f| {
            (0..TABLE)
                .map(|cp| char::from_u32(cp).and_then(|c| lookup(f, c)))
                .collect()
        })
    });
    &t[font as usize]
}

fn glyph_and_advance(font: Font, c: char) -> Option<(u16, f32)> {
    match table(font).get(c as usize) {
        Some(entry) => *entry,
        None => lookup(font, c),
    }
}

/// Does `font` have a glyph for `c`?
pub fn covers(font: Font, c: char) -> bool {
    glyph_and_advance(font, c).is_some()
}

/// The glyph id of `c` in `font` (what the PDF text operators carry).
pub fn glyph(font: Font, c: char) -> Option<u16> {
    glyph_and_advance(font, c).map(|(g, _)| g)
}

/// Advance width of `c` in `font`, in em (None: no glyph).
pub fn advance(font: Font, c: char) -> Option<f32> {
    glyph_and_advance(font, c).map(|(_, w)| w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fonts_cover_what_assessors_type() {
        for c in "✓✗→“”—ΔПроверено éß€Ωλ".chars() {
            for f in [Font::Regular, Font::Bold, Font::Mono] {
                assert!(covers(f, c), "{c:?} in {f:?}");
            }
        }
        assert!(!covers(Font::Regular, '日'));
        assert!(advance(Font::Mono, 'i') == advance(Font::Mono, 'W'));
    }
}
