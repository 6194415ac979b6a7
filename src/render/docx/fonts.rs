//! The fonts of a Word pack, embedded in it: on a machine without them,
//! Word and LibreOffice would otherwise substitute a font with wider
//! letters, and narrow table headings would break inside a word.
//!
//! What ECMA-376 Part 1 asks (§17.8.1 "Font Embedding", §17.8.3.3–6
//! `embedRegular`, `embedBold`, `embedItalic`, `embedBoldItalic`):
//!
//! - each face is a part `word/fonts/fontN.odttf` (content type
//!   `application/vnd.openxmlformats-officedocument.obfuscatedFont`),
//!   related to `word/fontTable.xml` (`word/_rels/fontTable.xml.rels`);
//! - the family's entry in the font table names each face with
//!   `w:embedRegular` (…) and the GUID `w:fontKey` it is obfuscated with
//!   (upper-case hex; the `ooxml` crate obfuscates the part,
//!   [`ooxml::EmbeddedFont`]);
//! - `w:embedTrueTypeFonts` in the settings, so Word keeps the fonts when
//!   it saves the pack again.
//!
//! The key is the start of the face's SHA-256, not a random GUID, so the
//! same fonts give a byte-identical pack.
//!
//! Which faces: the brand family's regular, bold, italic and bold italic,
//! and the complex-script family (Noto Sans Arabic) only in a pack whose
//! text has characters that only it has. A face is embedded whole (about
//! 25 KB each, compressed, for Atkinson Hyperlegible Next): Typst's
//! `subsetter` drops the `cmap` a word processor needs (its subsets are for
//! PDFs), no well-kept crate writes a standalone subset with the layout
//! tables, a subset to the pack's own characters would leave a person
//! filling in the form without the letters they type, and one that keeps a
//! typing repertoire saves only a quarter (`docs/word-packs.md` has the
//! figures). A face whose licence bits
//! (OS/2 `fsType`) allow only preview and print is named, not embedded:
//! Word would open the form read-only.
//!
//! The font table also tells a reader that ignores embedded fonts what to
//! substitute: the family class (`w:family`), PANOSE numbers (the face's
//! own, else those of a plain sans-serif, as framewright's fonts carry
//! none), pitch and the Unicode ranges and code pages the face covers.

use std::collections::BTreeSet;

use docx_rs::XMLDocx;
use ooxml::{Embedded, EmbeddedFont, replace_counted, take_text};
use ttf_parser::{Face, Permissions, Tag};
use typst::text::{Font, FontStyle, FontWeight};

use super::layout::{BOX_FONT, COMPLEX_FONT};
use super::wml::escape;
use crate::digest::sha256_hex;
use crate::render::fonts;

/// What a font-table entry embeds, in the schema's order: element, weight
/// and style.
const SLOTS: [(&str, FontWeight, FontStyle); 4] = [
    ("embedRegular", FontWeight::REGULAR, FontStyle::Normal),
    ("embedBold", FontWeight::BOLD, FontStyle::Normal),
    ("embedItalic", FontWeight::REGULAR, FontStyle::Italic),
    ("embedBoldItalic", FontWeight::BOLD, FontStyle::Italic),
];
/// Faces from this weight up stand for the bold slots.
const BOLD_FROM: u16 = 600;
/// PANOSE numbers of a plain sans-serif (Latin text, sans serif, medium),
/// for a family whose faces carry none.
const SANS_PANOSE: &str = "020B0604020202020204";
pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.obfuscatedFont";
const RELATIONSHIP: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font";
const FONT_TABLE_RELS: &str = "word/_rels/fontTable.xml.rels";
const ZOOM: &str = r#"<w:zoom w:percent="100" />"#;
const TYPES_END: &str = "</Types>";

/// Writes the font table of the pack (the brand family, the complex-script
/// family, the check-box font) with the faces of `brand` and of the
/// complex-script family that `fonts` holds embedded, and says what to add
/// to the package: the faces and their relationships.
pub fn embed<'f>(parts: &mut XMLDocx, fonts: &'f [Font], brand: &str) -> Result<Embedded<'f>, String> {
    let complex_needed = needs_complex_script(parts, fonts, brand);
    let mut faces: Vec<EmbeddedFont> = Vec::new();
    let mut rels = String::new();
    let mut entries = String::new();
    let complex = (!COMPLEX_FONT.eq_ignore_ascii_case(brand)).then_some((COMPLEX_FONT, complex_needed));
    for (family, embed) in [(brand, true)].into_iter().chain(complex) {
        let mut embeds = String::new();
        let added = if embed { family_faces(fonts, family, faces.len() + 1) } else { Vec::new() };
        for (element, face) in added {
            let n = faces.len() + 1;
            rels.push_str(&format!(r#"<Relationship Id="rIdFont{n}" Type="{RELATIONSHIP}" Target="fonts/font{n}.odttf" />"#));
            embeds.push_str(&format!(r#"<w:{element} r:id="rIdFont{n}" w:fontKey="{}" />"#, face.key));
            faces.push(face);
        }
        let face = fonts::family(fonts, family).next().and_then(|f| Face::parse(f.data(), f.index()).ok());
        entries.push_str(&entry(family, face.as_ref(), &embeds));
    }
    // Word's own entry for the font of its check boxes.
    entries.push_str(&format!(
        r#"<w:font w:name="{}"><w:charset w:val="80" /><w:family w:val="modern" /><w:pitch w:val="fixed" /></w:font>"#,
        escape(BOX_FONT)
    ));
    parts.font_table = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{entries}</w:fonts>"#
    )
    .into_bytes();
    if faces.is_empty() {
        return Ok(Embedded { fonts: faces, rels: None });
    }
    let types = take_text(&mut parts.content_type, "[Content_Types].xml")?;
    let default = format!(r#"<Default Extension="odttf" ContentType="{CONTENT_TYPE}" />{TYPES_END}"#);
    parts.content_type = replace_counted(&types, TYPES_END, 1, "content types", |_| default.clone())?.into_bytes();
    let settings = take_text(&mut parts.settings, "word/settings.xml")?;
    parts.settings = replace_counted(&settings, ZOOM, 1, "zoom setting", |_| format!("{ZOOM}<w:embedTrueTypeFonts />"))?.into_bytes();
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    );
    Ok(Embedded { fonts: faces, rels: Some((FONT_TABLE_RELS.into(), rels.into_bytes())) })
}

/// The faces of the brand family as every pack embeds them (the first parts
/// of its fonts), so the renderer can compress them before the first pack.
pub fn brand_faces<'f>(fonts: &'f [Font], brand: &str) -> Vec<EmbeddedFont<'f>> {
    family_faces(fonts, brand, 1).into_iter().map(|(_, face)| face).collect()
}

/// The faces of `family` a pack embeds, with the font-table element of
/// each, numbered from `first` (`word/fonts/fontN.odttf`).
fn family_faces<'f>(fonts: &'f [Font], family: &str, first: usize) -> Vec<(&'static str, EmbeddedFont<'f>)> {
    let slots = SLOTS.iter().filter_map(|(element, weight, style)| Some((*element, slot(fonts, family, *weight, *style)?)));
    slots
        .enumerate()
        .map(|(i, (element, font))| {
            (element, EmbeddedFont { part: format!("word/fonts/font{}.odttf", first + i), key: font_key(font.data()), data: font.data() })
        })
        .collect()
}

/// The face of `family` for a slot: the nearest weight in the slot's
/// style, if it is bold exactly when the slot is, and its licence lets a
/// document that embeds it be edited. Collections (`.ttc`) are not
/// embedded: a part holds one face.
fn slot<'a>(fonts: &'a [Font], family: &str, weight: FontWeight, style: FontStyle) -> Option<&'a Font> {
    let font = fonts::face(fonts, family, weight, style)?;
    let bold = |w: FontWeight| w.to_number() >= BOLD_FROM;
    if bold(font.info().variant.weight) != bold(weight) || font.data().starts_with(b"ttcf") {
        return None;
    }
    let face = Face::parse(font.data(), font.index()).ok()?;
    let editable = matches!(face.permissions(), Some(Permissions::Installable | Permissions::Editable));
    (editable && face.is_outline_embedding_allowed()).then_some(font)
}

/// Whether the pack's text (body, headers, footers) has a character the
/// complex-script family has and the brand family lacks (Arabic).
fn needs_complex_script(parts: &XMLDocx, fonts: &[Font], brand: &str) -> bool {
    let parse = |family: &str| fonts::family(fonts, family).next().and_then(|f| Face::parse(f.data(), f.index()).ok());
    let Some(complex) = parse(COMPLEX_FONT) else { return false };
    let brand = parse(brand);
    let mut chars = BTreeSet::new();
    for part in [&parts.document].into_iter().chain(&parts.headers).chain(&parts.footers) {
        match std::str::from_utf8(part) {
            Ok(text) => non_ascii(text, &mut chars),
            Err(_) => non_ascii(&String::from_utf8_lossy(part), &mut chars),
        }
    }
    chars.into_iter().any(|c| complex.glyph_index(c).is_some() && brand.as_ref().is_none_or(|b| b.glyph_index(c).is_none()))
}

/// Adds the characters of `text` beyond ASCII to `chars`. The biggest pack
/// is a megabyte of XML with few such characters: runs of ASCII are passed
/// over a block at a time (`is_ascii` tests a word at once), and only
/// blocks with another byte are decoded.
fn non_ascii(text: &str, chars: &mut BTreeSet<char>) {
    const BLOCK: usize = 64;
    let mut at = 0;
    while at < text.len() {
        let end = (at + BLOCK).min(text.len());
        if text.as_bytes()[at..end].is_ascii() {
            at = end;
            continue;
        }
        // `at` is a character's start: decode up to the first one at or
        // after the block's end.
        for (i, c) in text[at..].char_indices() {
            if at + i >= end {
                at += i;
                break;
            }
            if !c.is_ascii() {
                chars.insert(c);
            }
        }
        at = at.max(end);
    }
}

/// The font-table entry of `family` (facts from one of its faces, if
/// `fonts/` has it), embedding `embeds`. Children in the schema's order.
fn entry(family: &str, face: Option<&Face>, embeds: &str) -> String {
    let os2 = face.and_then(|f| f.raw_face().table(Tag::from_bytes(b"OS/2"))).unwrap_or_default();
    let be32 = |at: usize| os2.get(at..at + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    let panose = os2.get(32..42).filter(|p| p.iter().any(|b| *b != 0));
    let class = os2.get(30).copied().unwrap_or(0);
    let panose_hex = panose.map_or_else(|| SANS_PANOSE.to_string(), |p| p.iter().map(|b| format!("{b:02X}")).collect());
    let pitch = if face.is_some_and(Face::is_monospaced) { "fixed" } else { "variable" };
    let mut xml = format!(
        r#"<w:font w:name="{}"><w:panose1 w:val="{panose_hex}" /><w:charset w:val="00" /><w:family w:val="{}" /><w:pitch w:val="{pitch}" />"#,
        escape(family),
        family_class(panose, class)
    );
    // Unicode ranges (OS/2 offset 42) and code pages (offset 78, version 1 on).
    if let (Some(u0), Some(u1), Some(u2), Some(u3), Some(c0), Some(c1)) = (be32(42), be32(46), be32(50), be32(54), be32(78), be32(82)) {
        xml.push_str(&format!(
            r#"<w:sig w:usb0="{u0:08X}" w:usb1="{u1:08X}" w:usb2="{u2:08X}" w:usb3="{u3:08X}" w:csb0="{c0:08X}" w:csb1="{c1:08X}" />"#
        ));
    }
    xml.push_str(embeds);
    xml.push_str("</w:font>");
    xml
}

/// Word's family class from the PANOSE numbers, else the OS/2 family
/// class; a face that says neither is taken for a sans-serif, as
/// framewright's fonts are.
fn family_class(panose: Option<&[u8]>, class: u8) -> &'static str {
    match (panose.map(|p| (p[0], p[1])), class) {
        (Some((2, 11..=13)), _) => "swiss",
        (Some((2, _)), _) | (None, 1..=7) => "roman",
        (Some((3, _)), _) | (None, 10) => "script",
        (Some((4, _)), _) | (None, 9 | 12) => "decorative",
        _ => "swiss",
    }
}

/// The key of a face: a GUID from its SHA-256, in upper-case hex
/// (`{8-4-4-4-12}`), as readers expect.
fn font_key(data: &[u8]) -> String {
    let hex = sha256_hex(data)[..32].to_ascii_uppercase();
    format!("{{{}-{}-{}-{}-{}}}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_guids_from_the_font() {
        let key = font_key(b"font");
        assert_eq!(key.len(), 38);
        assert!(key.starts_with('{') && key.ends_with('}') && key.matches('-').count() == 4);
        assert_eq!(key, key.to_ascii_uppercase());
        assert_eq!(key, font_key(b"font"));
        assert_ne!(key, font_key(b"fonts"));
    }

    #[test]
    fn finds_every_character_beyond_ascii_across_blocks() {
        let mut text = "a".repeat(63);
        text.push_str("é—x");
        text.push_str(&"b".repeat(200));
        text.push_str("مرحبا");
        let mut chars = BTreeSet::new();
        non_ascii(&text, &mut chars);
        let expected: BTreeSet<char> = "é—مرحبا".chars().collect();
        assert_eq!(chars, expected);
        let mut none = BTreeSet::new();
        non_ascii(&"plain ".repeat(100), &mut none);
        assert!(none.is_empty());
    }

    #[test]
    fn names_the_family_class() {
        assert_eq!(family_class(None, 0), "swiss");
        assert_eq!(family_class(Some(&[2, 11, 6, 4, 2, 2, 2, 2, 2, 4]), 0), "swiss");
        assert_eq!(family_class(Some(&[2, 2, 6, 3, 5, 4, 5, 2, 3, 4]), 0), "roman");
        assert_eq!(family_class(None, 1), "roman");
        assert_eq!(family_class(None, 8), "swiss");
        assert_eq!(family_class(Some(&[3, 1, 1, 1, 1, 1, 1, 1, 1, 1]), 0), "script");
    }
}
