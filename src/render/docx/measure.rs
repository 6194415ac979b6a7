//! How wide table text is, from the brand font's advance widths, so that
//! a narrow column is made wide enough for its longest word and its
//! heading never breaks inside one ("Duratio/n").
//!
//! Word and LibreOffice break a line at spaces and after hyphens, so the
//! pieces measured are the words split there. A piece is given a quarter
//! more room than the brand font needs: a reader whose program ignores the
//! embedded fonts sees a substitute, and DejaVu Sans Bold, the widest common
//! one, is up to 24 % wider than Atkinson Hyperlegible Next Bold for the
//! headings of a pack.

use ttf_parser::Face;
use typst::text::{Font, FontStyle, FontWeight};

use super::layout::CELL_INSET;
use crate::render::fonts;

/// The room a piece is given over its width in the brand font.
const SUBSTITUTE_ALLOWANCE: f64 = 1.25;
/// The width of a character the face lacks (or of every character, if
/// `fonts/` lacks the family), in ems: a wide letter of a sans-serif.
const UNKNOWN_EM: f64 = 0.65;

/// A narrow column of a table: at least `min` twips wide, and wider if its
/// `header` (bold) or one of its `cells` has a longer word; a cell of at
/// most `whole` words counts as one word (0: every cell breaks at spaces).
pub struct Narrow<'t> {
    pub min: usize,
    pub header: &'t str,
    pub cells: Vec<&'t str>,
    pub whole: usize,
}

impl<'t> Narrow<'t> {
    /// A column whose cells are form controls (nothing to measure but its
    /// heading).
    pub fn headed(min: usize, header: &'t str) -> Self {
        Self { min, header, cells: Vec::new(), whole: 0 }
    }
}

/// The regular and bold faces of the brand family.
pub struct Measure<'f> {
    regular: Option<Face<'f>>,
    bold: Option<Face<'f>>,
    /// The size of table text, in points.
    table_size: f64,
}

impl<'f> Measure<'f> {
    pub fn new(fonts: &'f [Font], family: &str, table_size: f64) -> Self {
        let face =
            |weight| fonts::face(fonts, family, weight, FontStyle::Normal).and_then(|font| Face::parse(font.data(), font.index()).ok());
        Self { regular: face(FontWeight::REGULAR), bold: face(FontWeight::BOLD), table_size }
    }

    /// The widths (twips) of `columns`. Each is wide enough for the longest
    /// word of its heading; if the columns then fit in `room`, also for the
    /// longest word of its cells.
    pub fn narrow<const N: usize>(&self, columns: [Narrow; N], room: usize) -> [usize; N] {
        let widths = self.narrow_all(&columns, room);
        std::array::from_fn(|i| widths[i])
    }

    /// [`Self::narrow`] for a table whose number of columns the source
    /// decides (the roles table's cross-walks).
    pub fn narrow_all(&self, columns: &[Narrow], room: usize) -> Vec<usize> {
        let headed: Vec<usize> = columns.iter().map(|c| c.min.max(self.cell_width(c.header, true))).collect();
        let filled: Vec<usize> =
            columns.iter().zip(&headed).map(|(c, h)| c.cells.iter().map(|t| self.value_width(t, c.whole)).fold(*h, usize::max)).collect();
        if filled.iter().sum::<usize>() <= room { filled } else { headed }
    }

    /// The width (twips) of a cell holding `text`: on one line if it has at
    /// most `whole` words, else its longest piece.
    fn value_width(&self, text: &str, whole: usize) -> usize {
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.len() > 1 && words.len() <= whole {
            self.piece_width([words.join(" ").as_str()], false)
        } else {
            self.cell_width(text, false)
        }
    }

    /// The width (twips) of a table cell that holds the longest piece of
    /// `text` on one line, in table text, with the allowance and the cell's
    /// inner margins.
    fn cell_width(&self, text: &str, bold: bool) -> usize {
        self.piece_width(text.split_whitespace().flat_map(|word| word.split_inclusive('-')), bold)
    }

    /// The width (twips) of a table cell that holds the longest of
    /// `pieces`, each on one line.
    fn piece_width<'p>(&self, pieces: impl IntoIterator<Item = &'p str>, bold: bool) -> usize {
        let face = if bold { self.bold.as_ref().or(self.regular.as_ref()) } else { self.regular.as_ref() };
        let size = self.table_size;
        let widest = pieces.into_iter().map(|piece| em_width(face, piece)).fold(0.0, f64::max);
        (widest * size * SUBSTITUTE_ALLOWANCE * 20.0).ceil() as usize + 2 * CELL_INSET
    }
}

/// The advance width of `text` in ems (no kerning: a little wider, if
/// anything).
fn em_width(face: Option<&Face>, text: &str) -> f64 {
    let Some(face) = face else { return text.chars().count() as f64 * UNKNOWN_EM };
    let em = f64::from(face.units_per_em());
    text.chars()
        .map(|c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).map_or(UNKNOWN_EM, |advance| f64::from(advance) / em))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_break_at_spaces_and_after_hyphens() {
        let m = Measure { regular: None, bold: None, table_size: 11.0 };
        let inset = 2 * CELL_INSET;
        // 11 pt, 0.65 em a character, a quarter more, in twips.
        let twips = |chars: usize| (chars as f64 * UNKNOWN_EM * 11.0 * SUBSTITUTE_ALLOWANCE * 20.0).ceil() as usize + inset;
        assert_eq!(m.cell_width("Duration", true), twips(8));
        assert_eq!(m.cell_width("Face-to-face", false), twips(5));
        assert_eq!(m.cell_width("How  often", true), twips(5));
        assert_eq!(m.cell_width("", true), inset);
    }

    #[test]
    fn cells_widen_columns_only_if_the_table_still_fits() {
        let m = Measure { regular: None, bold: None, table_size: 11.0 };
        let column = |cells| Narrow { min: 100, header: "Met?", cells, whole: 0 };
        let header = m.cell_width("Met?", true);
        let cell = m.cell_width("Sometimes", false);
        assert_eq!(m.narrow([column(vec!["Yes", "Sometimes"])], 10_000), [cell]);
        assert_eq!(m.narrow([column(vec!["Yes", "Sometimes"])], cell - 1), [header]);
        assert_eq!(m.narrow([Narrow::headed(5_000, "Met?")], 10_000), [5_000]);
        // Short values may be kept whole.
        let level = |whole| Narrow { min: 100, header: "Level", cells: vec!["Level 1", "Level 12 of many"], whole };
        assert_eq!(m.narrow([level(0)], 10_000), [m.cell_width("Level", true)]);
        assert_eq!(m.narrow([level(2)], 10_000), [m.piece_width(["Level 1"], false)]);
    }
}
