//! The font text fields are typed in. PDF/A wants every font a viewer may
//! draw a field with to be embedded, and the fonts of the page content are
//! subsets of the glyphs it used, so one whole face is embedded for the
//! fields (framewright gives the branding font's regular face), as a
//! simple TrueType font in WinAnsi encoding (what every form filler
//! understands).
//!
//! WinAnsi has no ŵ, ŷ, Ł or ő, which staff names pre-filled in a
//! personalised pack may hold, so each pack's font also puts the Latin
//! characters beyond WinAnsi that its pre-filled values use on codes
//! WinAnsi leaves free, named by the Adobe Glyph List ([`glyph_names`]).

use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use pdf_writer::types::FontFlags;
use pdf_writer::{Filter, Finish, Name, Rect, Ref};
use unicode_normalization::UnicodeNormalization;

use super::glyph_names;
use super::splice::Output;

/// The resource name fields refer to in `/DA` and `/DR`.
pub const RESOURCE: &str = "FwText";

/// Codes no WinAnsi character uses, which a pack's extra characters take:
/// the five WinAnsi leaves undefined, then the control codes.
const FREE_CODES: [u8; 36] = [
    0x81, 0x8D, 0x8F, 0x90, 0x9D, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
    29, 30, 31,
];

/// A font face as the caller found it.
pub struct Face<'a> {
    /// The font file (a TrueType `.ttf`).
    pub data: &'a [u8],
    /// The face's index in the file.
    pub index: u32,
    /// Its family, which errors name.
    pub family: &'a str,
    /// Its PostScript name, the embedded font's name (without one, the
    /// family without spaces).
    pub post_script_name: Option<String>,
}

/// One whole font face, prepared once per build and embedded in every pack
/// that has fields.
pub struct FieldFont {
    /// The font file, and the face's index in it.
    data: Vec<u8>,
    index: u32,
    base_name: String,
    /// The compressed font program, and its length before compression.
    program: Vec<u8>,
    program_len: usize,
    /// Advance widths of codes 32..=255, in thousandths of an em.
    widths: Vec<i64>,
    /// Which of those codes the face has a glyph for (PDF/A forbids
    /// showing `.notdef`).
    drawable: Vec<bool>,
    /// Whether the face maps Unicode for Windows, without which a pack may
    /// not add characters to WinAnsi.
    windows_unicode: bool,
    bbox: [i64; 4],
    ascent: i64,
    descent: i64,
    cap_height: i64,
}

impl FieldFont {
    /// Prepares `face` for embedding.
    pub fn new(face: Face) -> Result<Self, String> {
        let Face { data, index, family, post_script_name } = face;
        let ttf = ttf_parser::Face::parse(data, index).map_err(|e| format!("cannot read the font \"{family}\": {e}"))?;
        if ttf.tables().glyf.is_none() || data.starts_with(b"ttcf") {
            return Err(format!("form fields need a TrueType (.ttf) face of \"{family}\"; put one in fonts/"));
        }
        let scale = |v: f64| thousandths(&ttf, v);
        let glyphs: Vec<Option<ttf_parser::GlyphId>> = (32u8..=255).map(|code| ttf.glyph_index(winansi(code))).collect();
        let widths = glyphs.iter().map(|g| scale(f64::from(ttf.glyph_hor_advance(g.unwrap_or_default()).unwrap_or(0)))).collect();
        // Codes WinAnsi leaves unused (0x81, 0x8D, …) never draw, even if
        // the face happens to have U+FFFD.
        let drawable: Vec<bool> = (32u8..=255).zip(&glyphs).map(|(code, g)| g.is_some() && winansi(code) != '\u{fffd}').collect();
        if !drawable[usize::from(b'?' - 32)] {
            return Err(format!("the font \"{family}\" has no `?`, which form fields show for characters it lacks; use another family"));
        }
        // PDF/A lets a simple TrueType font name further characters only
        // if its program maps Unicode for Windows (a (3,1) cmap).
        let windows_unicode = ttf
            .tables()
            .cmap
            .is_some_and(|cmap| cmap.subtables.into_iter().any(|s| s.platform_id == ttf_parser::PlatformId::Windows && s.encoding_id == 1));
        let b = ttf.global_bounding_box();
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(data).and_then(|()| encoder.flush()).map_err(|e| e.to_string())?;
        Ok(Self {
            data: data.to_vec(),
            index,
            base_name: post_script_name.unwrap_or_else(|| family.replace(' ', "")),
            program: encoder.finish().map_err(|e| e.to_string())?,
            program_len: data.len(),
            widths,
            drawable,
            windows_unicode,
            bbox: [b.x_min, b.y_min, b.x_max, b.y_max].map(|v| scale(f64::from(v))),
            ascent: scale(f64::from(ttf.ascender())),
            descent: scale(f64::from(ttf.descender())),
            cap_height: scale(f64::from(ttf.capital_height().unwrap_or(ttf.ascender()))),
        })
    }

    /// The font as a pack whose pre-filled field values are `values` uses
    /// it: WinAnsi, and the characters beyond it those values need that
    /// have a glyph name and a glyph in the face, in order of first use,
    /// on [`FREE_CODES`] while they last (any more show as `?`).
    pub fn for_values<'v>(&self, values: impl Iterator<Item = &'v str>) -> PackFont<'_> {
        let mut extras: Vec<Extra> = Vec::new();
        let face = ttf_parser::Face::parse(&self.data, self.index);
        let Some(ttf) = face.ok().filter(|_| self.windows_unicode) else {
            return PackFont { font: self, extras };
        };
        for c in values.flat_map(|v| v.nfc()) {
            if extras.len() == FREE_CODES.len() || winansi_code(c).is_some() || extras.iter().any(|e| e.char == c) {
                continue;
            }
            let (Some(name), Some(glyph)) = (glyph_names::name(c), ttf.glyph_index(c)) else { continue };
            let width = thousandths(&ttf, f64::from(ttf.glyph_hor_advance(glyph).unwrap_or(0)));
            extras.push(Extra { code: FREE_CODES[extras.len()], char: c, name, width });
        }
        PackFont { font: self, extras }
    }
}

/// A character beyond WinAnsi, on a free code of one pack's font.
struct Extra {
    code: u8,
    char: char,
    name: &'static str,
    width: i64,
}

/// The field font of one pack: [`FieldFont`] with the pack's extra
/// characters.
pub struct PackFont<'f> {
    font: &'f FieldFont,
    extras: Vec<Extra>,
}

impl PackFont<'_> {
    /// Adds the font to `out` and returns its font dictionary.
    pub fn embed(&self, out: &mut Output) -> Ref {
        let f = self.font;
        let (program, descriptor, font) = (out.alloc(), out.alloc(), out.alloc());
        let bbox = f.bbox.map(|v| v as f32);
        out.object(program).stream(program, &f.program).filter(Filter::FlateDecode).pair(Name(b"Length1"), f.program_len as i32);
        out.object(descriptor)
            .font_descriptor(descriptor)
            .name(Name(f.base_name.as_bytes()))
            .flags(FontFlags::NON_SYMBOLIC)
            .bbox(Rect::new(bbox[0], bbox[1], bbox[2], bbox[3]))
            .italic_angle(0.0)
            .ascent(f.ascent as f32)
            .descent(f.descent as f32)
            .cap_height(f.cap_height as f32)
            .stem_v(80.0)
            .font_file2(program);
        let first = self.extras.iter().map(|e| e.code).min().unwrap_or(32).min(32);
        let width = |code: u8| match self.extras.iter().find(|e| e.code == code) {
            Some(extra) => extra.width,
            None if code < 32 => 0,
            None => f.widths[usize::from(code - 32)],
        };
        let mut dict = out.object(font).indirect(font).dict();
        dict.pair(Name(b"Type"), Name(b"Font"))
            .pair(Name(b"Subtype"), Name(b"TrueType"))
            .pair(Name(b"BaseFont"), Name(f.base_name.as_bytes()))
            .pair(Name(b"FirstChar"), i32::from(first))
            .pair(Name(b"LastChar"), 255);
        dict.insert(Name(b"Widths")).array().items((first..=255).map(|code| width(code) as i32));
        if self.extras.is_empty() {
            dict.pair(Name(b"Encoding"), Name(b"WinAnsiEncoding"));
        } else {
            let mut encoding = dict.insert(Name(b"Encoding")).dict();
            encoding.pair(Name(b"Type"), Name(b"Encoding")).pair(Name(b"BaseEncoding"), Name(b"WinAnsiEncoding"));
            let mut differences = encoding.insert(Name(b"Differences")).array();
            for extra in &self.extras {
                differences.item(i32::from(extra.code)).item(Name(extra.name.as_bytes()));
            }
        }
        dict.pair(Name(b"FontDescriptor"), descriptor);
        dict.finish();
        font
    }

    /// `text` in the font's encoding; characters it cannot show become `?`.
    /// Composed first, so a `y` followed by a combining circumflex (as some
    /// spreadsheets save it) prints as the one letter `ŷ`.
    pub fn encode(&self, text: &str) -> Vec<u8> {
        text.nfc()
            .map(|c| match winansi_code(c) {
                Some(code) if self.font.drawable[usize::from(code - 32)] => code,
                Some(_) => b'?',
                None => self.extras.iter().find(|e| e.char == c).map_or(b'?', |e| e.code),
            })
            .collect()
    }
}

/// `value` in font units as thousandths of an em, as PDF font metrics are.
fn thousandths(ttf: &ttf_parser::Face, value: f64) -> i64 {
    (value * 1000.0 / f64::from(ttf.units_per_em())).round() as i64
}

/// The WinAnsi code of `c`, if WinAnsi has it.
fn winansi_code(c: char) -> Option<u8> {
    match u32::from(c) {
        0x20..=0x7E | 0xA0..=0xFF => Some(c as u8),
        _ => (0x80..=0x9F).find(|&code| winansi(code) == c),
    }
}

/// The character WinAnsiEncoding puts at `code` (ISO 8859-1 except
/// 0x80–0x9F, which hold typographic characters).
fn winansi(code: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{fffd}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{fffd}', 'Ž', '\u{fffd}', '\u{fffd}', '‘', '’', '“',
        '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{fffd}', 'ž', 'Ÿ',
    ];
    match code {
        0x80..=0x9F => HIGH[usize::from(code - 0x80)],
        _ => char::from(code),
    }
}
