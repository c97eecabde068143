//! The embedded fonts (DejaVu Sans, regular and bold; licence in `fonts/LICENSE`) and what
//! layout needs from them: which characters they can draw and how wide they are.

use krilla::Data;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};
use unicode_normalization::UnicodeNormalization;

use crate::ReportError;

static REGULAR: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

/// One font face: krilla's handle for drawing, skrifa's tables for measuring.
pub(super) struct Face {
    pub(super) font: Font,
    charmap: Charmap<'static>,
    metrics: GlyphMetrics<'static>,
    units_per_em: f32,
    /// Drawn for a character the face lacks (PDF/UA forbids the .notdef glyph).
    replacement: char,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face").finish_non_exhaustive()
    }
}

impl Face {
    fn load(bytes: &'static [u8]) -> Result<Self, ReportError> {
        let font = Font::new(Data::from(bytes), 0).ok_or(ReportError::Font)?;
        let font_ref = FontRef::new(bytes).map_err(|_| ReportError::Font)?;
        let units_per_em = f32::from(font_ref.metrics(Size::unscaled(), LocationRef::default()).units_per_em);
        let charmap = font_ref.charmap();
        let replacement = if has_glyph(&charmap, '\u{FFFD}') { '\u{FFFD}' } else { '?' };
        Ok(Face {
            font,
            metrics: font_ref.glyph_metrics(Size::unscaled(), LocationRef::default()),
            charmap,
            units_per_em,
            replacement,
        })
    }

    /// The text as it will be drawn: in NFC; control characters other than `\n` as spaces;
    /// invisible format characters (byte-order mark, zero-width and bidi controls, soft hyphen)
    /// left out; a noncharacter, a private-use character or one the face lacks as U+FFFD.
    /// PDF/UA refuses U+FEFF and U+FFFE outright, and a glyph that maps to no character.
    pub(super) fn clean_keeping_newlines(&self, text: &str) -> String {
        text.nfc()
            .filter(|c| !invisible(*c))
            .map(|c| {
                if c == '\n' {
                    c
                } else if c.is_control() {
                    ' '
                } else if !unusable(c) && has_glyph(&self.charmap, c) {
                    c
                } else {
                    self.replacement
                }
            })
            .collect()
    }

    /// Glyph id and advance (in ems) of a character of cleaned text.
    fn glyph(&self, c: char) -> (u32, f32) {
        let gid = self.charmap.map(c).or_else(|| self.charmap.map(self.replacement)).unwrap_or_default();
        let advance = self.metrics.advance_width(gid).unwrap_or(0.0) / self.units_per_em;
        (gid.to_u32(), advance)
    }

    /// Width of cleaned text at `size` points.
    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).1).sum::<f32>() * size
    }

    /// One glyph per character of cleaned text, each mapped back to its character.
    pub(super) fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        text.char_indices()
            .map(|(i, c)| {
                let (gid, advance) = self.glyph(c);
                KrillaGlyph::new(GlyphId::new(gid), advance, 0.0, 0.0, 0.0, i..i + c.len_utf8(), None)
            })
            .collect()
    }
}

/// Format characters that draw nothing.
fn invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Noncharacters and private-use characters: no meaning a reader could be given.
fn unusable(c: char) -> bool {
    let u = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&u) || u & 0xFFFE == 0xFFFE || (0xE000..=0xF8FF).contains(&u) || u >= 0xF_0000
}

fn has_glyph(charmap: &Charmap<'_>, c: char) -> bool {
    charmap.map(c).is_some_and(|g| g.to_u32() != 0)
}

/// The two faces a document uses.
#[derive(Debug)]
pub(super) struct Fonts {
    regular: Face,
    bold: Face,
}

impl Fonts {
    pub(super) fn load() -> Result<Self, ReportError> {
        Ok(Fonts { regular: Face::load(REGULAR)?, bold: Face::load(BOLD)? })
    }

    pub(super) fn face(&self, bold: bool) -> &Face {
        if bold { &self.bold } else { &self.regular }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welsh_letters_are_in_both_faces_and_decomposed_ones_are_composed() -> Result<(), ReportError> {
        let fonts = Fonts::load()?;
        for bold in [false, true] {
            let face = fonts.face(bold);
            assert_eq!(face.clean_keeping_newlines("ŵ ŷ â Ŵ Ŷ"), "ŵ ŷ â Ŵ Ŷ");
            assert_eq!(face.clean_keeping_newlines("w\u{0302}"), "ŵ");
        }
        Ok(())
    }

    #[test]
    fn controls_become_spaces_and_missing_characters_a_replacement() -> Result<(), ReportError> {
        let fonts = Fonts::load()?;
        let face = fonts.face(false);
        assert_eq!(face.clean_keeping_newlines("a\tb"), "a b");
        // A CJK ideograph is not in DejaVu Sans.
        assert_eq!(face.clean_keeping_newlines("a\u{4E00}b"), "a\u{FFFD}b");
        assert_eq!(face.clean_keeping_newlines("a\u{FEFF}b\u{200B}c\u{00AD}d"), "abcd");
        assert_eq!(face.clean_keeping_newlines("a\u{FFFE}b\u{E000}c"), "a\u{FFFD}b\u{FFFD}c");
        Ok(())
    }

    #[test]
    fn widths_come_from_the_font() -> Result<(), ReportError> {
        let fonts = Fonts::load()?;
        let face = fonts.face(false);
        let narrow = face.width("iiii", 10.0);
        let wide = face.width("WWWW", 10.0);
        assert!(narrow > 0.0 && wide > 2.0 * narrow, "{narrow} {wide}");
        assert!(fonts.face(true).width("WWWW", 10.0) > wide);
        Ok(())
    }
}
