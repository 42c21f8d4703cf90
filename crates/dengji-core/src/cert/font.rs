//! The one typeface of certificates, Noto Serif CJK SC (SIL OFL 1.1), compiled into the
//! binary so a certificate renders the same on every workstation; each PDF embeds only
//! the glyphs it uses. See `fonts/README.md` for how the file was made.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::error::{Error, Result};

const FONT: &[u8] = include_bytes!("../../fonts/NotoSerifCJKsc-Regular.otf");

/// Millimetres per PostScript point.
pub(super) const MM_PER_PT: f32 = 25.4 / 72.0;

pub(super) struct Face {
    pub(super) font: ParsedFont,
    units_per_em: f32,
}

/// The parsed face, once per process (~40 ms).
pub(super) fn face() -> Result<&'static Face> {
    static FACE: OnceLock<Option<Face>> = OnceLock::new();
    FACE.get_or_init(|| {
        let font = ParsedFont::from_bytes(FONT, 0, &mut Vec::new())?;
        let units_per_em = f32::from(font.pdf_font_metrics.units_per_em.max(1));
        Some(Face { font, units_per_em })
    })
    .as_ref()
    .ok_or_else(|| Error::CertRender("内置字体无法解析".into()))
}

impl Face {
    fn advance(&self, c: char) -> f32 {
        let gid = self.font.lookup_glyph_index(c as u32).unwrap_or(0);
        f32::from(self.font.get_horizontal_advance(gid)) / self.units_per_em
    }

    /// Width of `text` set at `size` points, in millimetres.
    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size * MM_PER_PT
    }

    /// Width of one character at `size` points, in millimetres.
    pub(super) fn char_width(&self, c: char, size: f32) -> f32 {
        self.advance(c) * size * MM_PER_PT
    }

    /// `text` with every character the font cannot draw (and every control character)
    /// written as `[U+XXXX]`: a certificate never shows an empty box where a rare
    /// character of a unit name or file name was, and still says which character it is.
    pub(super) fn printable(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if !c.is_control() && self.font.lookup_glyph_index(c as u32).is_some_and(|g| g != 0) {
                out.push(c);
            } else {
                out.push_str(&format!("[U+{:04X}]", c as u32));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_characters_are_drawn_and_missing_ones_named() {
        let face = face().unwrap();
        assert_eq!(face.printable("𠮷野家喆堃犇淼燚赟䶮"), "𠮷野家喆堃犇淼燚赟䶮");
        assert_eq!(face.printable("a\nb𪚥"), "a[U+000A]b[U+2A6A5]");
        let cjk = face.width("档", 10.0);
        assert!((cjk - 10.0 * MM_PER_PT).abs() < 0.01, "{cjk}");
        assert!(face.width("0123", 10.0) < 2.5 * cjk);
    }
}
