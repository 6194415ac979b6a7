//! The font text fields are typed in. PDF/A wants every font a viewer may
//! draw a field with to be embedded, and Typst embeds only subsets of the
//! glyphs it used, so framewright embeds one whole face for the fields: the
//! branding font's regular face, as a simple TrueType font in WinAnsi
//! encoding (what every form filler understands).

use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use typst::text::{Font, FontStyle, FontWeight};

/// The resource name fields refer to in `/DA` and `/DR`.
pub const RESOURCE: &str = "FwText";

/// One whole font face, prepared once per build and embedded in every pack
/// that has fields.
pub struct FieldFont {
    base_name: String,
    /// The compressed font program, and its length before compression.
    program: Vec<u8>,
    program_len: usize,
    /// Advance widths of codes 32..=255, in thousandths of an em.
    widths: Vec<i64>,
    /// Which of those codes the face has a glyph for (PDF/A forbids
    /// showing `.notdef`).
    drawable: Vec<bool>,
    bbox: [i64; 4],
    ascent: i64,
    descent: i64,
    cap_height: i64,
}

impl FieldFont {
    /// The regular face of `family` among `fonts` (else its first face).
    pub fn new(fonts: &[Font], family: &str) -> Result<Self, String> {
        let in_family: Vec<&Font> = fonts.iter().filter(|f| f.info().family.eq_ignore_ascii_case(family)).collect();
        let regular = in_family.iter().find(|f| f.info().variant.weight == FontWeight::REGULAR && f.info().variant.style == FontStyle::Normal);
        let font = regular.or(in_family.first()).ok_or_else(|| {
            format!("the font family \"{family}\" is not in fonts/; form fields need its regular face to embed")
        })?;
        let ttf = ttf_parser::Face::parse(font.data(), font.index()).map_err(|e| format!("cannot read the font \"{family}\": {e}"))?;
        if ttf.tables().glyf.is_none() || font.data().starts_with(b"ttcf") {
            return Err(format!("form fields need a TrueType (.ttf) face of \"{family}\"; put one in fonts/"));
        }
        let units = f64::from(ttf.units_per_em());
        let scale = |v: f64| (v * 1000.0 / units).round() as i64;
        let glyphs: Vec<Option<ttf_parser::GlyphId>> = (32u8..=255).map(|code| ttf.glyph_index(winansi(code))).collect();
        let widths = glyphs.iter().map(|g| scale(f64::from(ttf.glyph_hor_advance(g.unwrap_or_default()).unwrap_or(0)))).collect();
        // Codes WinAnsi leaves unused (0x81, 0x8D, …) never draw, even if
        // the face happens to have U+FFFD.
        let drawable = (32u8..=255).zip(&glyphs).map(|(code, g)| g.is_some() && winansi(code) != '\u{fffd}').collect();
        let b = ttf.global_bounding_box();
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(font.data()).and_then(|()| encoder.flush()).map_err(|e| e.to_string())?;
        Ok(Self {
            base_name: font.post_script_name().unwrap_or_else(|| family.replace(' ', "")),
            program: encoder.finish().map_err(|e| e.to_string())?,
            program_len: font.data().len(),
            widths,
            drawable,
            bbox: [b.x_min, b.y_min, b.x_max, b.y_max].map(|v| scale(f64::from(v))),
            ascent: scale(f64::from(ttf.ascender())),
            descent: scale(f64::from(ttf.descender())),
            cap_height: scale(f64::from(ttf.capital_height().unwrap_or(ttf.ascender()))),
        })
    }

    /// Adds the font to `doc` and returns its font dictionary.
    pub fn embed(&self, doc: &mut Document) -> ObjectId {
        let mut program = Stream::new(
            Dictionary::from_iter([("Length1", Object::Integer(self.program_len as i64))]),
            self.program.clone(),
        );
        program.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let program = doc.add_object(program);
        let descriptor = doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"FontDescriptor".to_vec())),
            ("FontName", Object::Name(self.base_name.clone().into_bytes())),
            ("Flags", Object::Integer(32)),
            ("FontBBox", Object::Array(self.bbox.iter().map(|&v| Object::Integer(v)).collect())),
            ("ItalicAngle", Object::Integer(0)),
            ("Ascent", Object::Integer(self.ascent)),
            ("Descent", Object::Integer(self.descent)),
            ("CapHeight", Object::Integer(self.cap_height)),
            ("StemV", Object::Integer(80)),
            ("FontFile2", Object::Reference(program)),
        ]));
        doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"TrueType".to_vec())),
            ("BaseFont", Object::Name(self.base_name.clone().into_bytes())),
            ("FirstChar", Object::Integer(32)),
            ("LastChar", Object::Integer(255)),
            ("Widths", Object::Array(self.widths.iter().map(|&w| Object::Integer(w)).collect())),
            ("Encoding", Object::Name(b"WinAnsiEncoding".to_vec())),
            ("FontDescriptor", Object::Reference(descriptor)),
        ]))
    }

    /// `text` in the font's encoding; characters it cannot show become `?`.
    pub fn encode(&self, text: &str) -> Vec<u8> {
        text.chars()
            .map(|c| match u32::from(c) {
                0x20..=0x7E | 0xA0..=0xFF => c as u8,
                _ => (0x80..=0x9F).find(|&code| winansi(code) == c).unwrap_or(b'?'),
            })
            .map(|code| if self.drawable[usize::from(code - 32)] { code } else { b'?' })
            .collect()
    }
}

/// The character WinAnsiEncoding puts at `code` (ISO 8859-1 except
/// 0x80–0x9F, which hold typographic characters).
fn winansi(code: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{fffd}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{fffd}', 'Ž', '\u{fffd}',
        '\u{fffd}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{fffd}', 'ž', 'Ÿ',
    ];
    match code {
        0x80..=0x9F => HIGH[usize::from(code - 0x80)],
        _ => char::from(code),
    }
}
