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

/// Does `font` have a glyph for `c`?
pub fn covers(font: Font, c: char) -> bool {
    face(font).glyph_index(c).is_some_and(|g| g.0 != 0)
}

/// Advance width of `c` in `font`, in em (None: no glyph).
pub fn advance(font: Font, c: char) -> Option<f32> {
    let f = face(font);
    let g = f.glyph_index(c)?;
    let w = f.glyph_hor_advance(g)?;
    Some(f32::from(w) / f32::from(f.units_per_em()))
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
