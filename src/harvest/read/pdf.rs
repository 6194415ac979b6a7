//! Completed PDF packs, read with hayro-syntax as programs save them:
//! incremental updates (Acrobat, Firefox's pdf.js, PDFium), full rewrites
//! with cross-reference and object streams (qpdf, pikepdf, pypdf), several
//! generations of an object, a damaged cross-reference table (rebuilt by
//! scanning), encryption with an empty user password.
//!
//! hayro-syntax (Typst's own PDF reader, already in the build) parses an
//! object only when it is asked for: a returned pack is ~7,500 objects,
//! two thirds of them structure elements, and the form needs the ~1,500 of
//! the field tree. Loading every object (lopdf, before) cost 45 ms a
//! pack; this reads one in a few (`docs/performance.md`).
//!
//! The identity comes from the document information's keywords, else the
//! XMP packet; the answers from the AcroForm field tree, whose full names
//! are the field keys (`l1-01` → `rating` is `l1-01.rating`).

use std::collections::HashSet;

use hayro_syntax::object::{Array, Dict, MaybeRef, Name, Object, ObjectIdentifier, Stream};
use hayro_syntax::{DecryptionError, LoadPdfError, Pdf};

use super::{Form, FormIdentity, Unusable, put};
use crate::plan::field::FieldKey;

/// How deep a field tree may go; framewright's is two levels deep.
const MAX_DEPTH: usize = 32;

pub fn read(bytes: &[u8]) -> Result<Form, Unusable> {
    let pdf = Pdf::new(bytes.to_vec()).map_err(|e| match e {
        LoadPdfError::Decryption(DecryptionError::PasswordProtected) => encrypted(),
        LoadPdfError::Decryption(e) => Unusable::Corrupt(format!("the PDF's encryption cannot be read ({e:?}); ask for the file again")),
        LoadPdfError::Invalid => Unusable::Corrupt("the PDF cannot be read; the file may be cut short or damaged: ask for it again".into()),
    })?;
    let mut form = Form::default();
    match last_trailer(bytes) {
        Some(trailer) if memchr::memmem::find(trailer, b"/Encrypt").is_some() => {
            form.notes.push("the PDF is encrypted; it opened without a password".into());
        }
        Some(_) => {}
        None => form.notes.push("the PDF's cross-reference table was damaged and has been rebuilt; check its answers".into()),
    }
    let catalog = pdf.xref().get::<Dict>(pdf.xref().root_id());
    form.identity = identity(&pdf, catalog.as_ref());
    // A file cut short loses its trailer (and the identity it points to):
    // that is a damaged pack, not someone else's PDF.
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if form.identity.is_none() && memchr::memmem::find(tail, b"%%EOF").is_none() {
        return Err(Unusable::Corrupt("the PDF is cut short or damaged (its end is missing); ask for the file again".into()));
    }
    let Some(catalog) = catalog else {
        return Err(Unusable::Corrupt("the PDF has no readable catalog; ask for the file again".into()));
    };
    if let Some(fields) = catalog.get::<Dict>(b"AcroForm").and_then(|a| a.get::<Array>(b"Fields")) {
        let mut seen = HashSet::new();
        for field in fields.raw_iter().filter_map(|f| resolve(&pdf, f)) {
            walk(&pdf, field, "", None, 0, &mut seen, &mut form);
        }
    }
    Ok(form)
}

fn encrypted() -> Unusable {
    Unusable::Encrypted("the PDF is encrypted with a password; ask the person to save it again without one".into())
}

/// The last trailer as written: a `trailer` dictionary after a
/// cross-reference table, or the dictionary of a cross-reference stream,
/// found through `startxref`. `None` when `startxref` does not lead to
/// either, which is a damaged file (hayro-syntax then rebuilds the table
/// by scanning, without saying so).
fn last_trailer(bytes: &[u8]) -> Option<&[u8]> {
    let tail_start = bytes.len().saturating_sub(1024);
    let tail = &bytes[tail_start..];
    let at = memchr::memmem::rfind(tail, b"startxref")?;
    let digits = tail[at + b"startxref".len()..].trim_ascii_start();
    let digits = &digits[..digits.iter().take_while(|b| b.is_ascii_digit()).count()];
    let offset: usize = std::str::from_utf8(digits).ok()?.parse().ok()?;
    let section = bytes.get(offset..)?;
    if section.starts_with(b"xref") {
        let trailer = memchr::memmem::rfind(&tail[..at], b"trailer")?;
        Some(&tail[trailer..at])
    } else {
        let head = &section[..section.len().min(64)];
        let is_object = head.split(|b| b.is_ascii_whitespace()).filter(|w| !w.is_empty()).nth(2).is_some_and(|w| w.starts_with(b"obj"));
        let end = memchr::memmem::find(section, b"stream")?;
        is_object.then_some(&section[..end])
    }
}

/// The keywords of the document information, else the XMP packet.
fn identity(pdf: &Pdf, catalog: Option<&Dict>) -> Option<FormIdentity> {
    let keywords = pdf.metadata().keywords.as_deref().map(decode_text);
    keywords.and_then(|k| FormIdentity::from_keywords(&k)).or_else(|| {
        let content = catalog?.get::<Stream>(b"Metadata")?.decoded().ok()?;
        FormIdentity::from_keywords(&String::from_utf8_lossy(&content))
    })
}

/// A text string, a text stream or a name, as Unicode.
fn text(object: &Object) -> Option<String> {
    match object {
        Object::String(s) => Some(decode_text(s.as_bytes())),
        Object::Stream(stream) => stream.decoded().ok().map(|bytes| decode_text(&bytes)),
        Object::Name(name) => Some(String::from_utf8_lossy(name.as_ref()).into_owned()),
        _ => None,
    }
}

/// A text string's bytes (PDF 2.0, 7.9.2.2): UTF-16BE or UTF-8 after their
/// byte order marks, else PDFDocEncoding.
fn decode_text(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(b"\xFE\xFF") {
        let units: Vec<u16> = utf16.chunks_exact(2).map(|pair| u16::from_be_bytes([pair[0], pair[1]])).collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(utf8) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(utf8).into_owned();
    }
    bytes.iter().map(|&b| pdf_doc_char(b)).collect()
}

/// PDFDocEncoding (PDF 2.0, Annex D.2): Latin-1 but for the accents at
/// 0x18–0x1F, the punctuation and ligatures at 0x80–0x9E and the euro
/// sign at 0xA0; its two undefined codes become U+FFFD.
fn pdf_doc_char(byte: u8) -> char {
    const LOW: [char; 8] = ['˘', 'ˇ', 'ˆ', '˙', '˝', '˛', '˚', '˜'];
    const HIGH: [char; 32] = [
        '•', '†', '‡', '…', '—', '–', 'ƒ', '⁄', '‹', '›', '−', '‰', '„', '“', '”', '‘', '’', '‚', '™', 'ﬁ', 'ﬂ', 'Ł', 'Œ', 'Š', 'Ÿ', 'Ž',
        'ı', 'ł', 'œ', 'š', 'ž', '\u{FFFD}',
    ];
    match byte {
        0x18..=0x1F => LOW[usize::from(byte - 0x18)],
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        0xA0 => '€',
        0xAD => '\u{FFFD}',
        _ => char::from(byte),
    }
}

/// Resolves an array item or dictionary entry, telling which object it is
/// (for the cycle check).
fn resolve<'a>(pdf: &'a Pdf, item: MaybeRef<Object<'a>>) -> Option<(Option<ObjectIdentifier>, Dict<'a>)> {
    match item {
        MaybeRef::Ref(r) => pdf.xref().get::<Dict>(r.into()).map(|d| (Some(r.into()), d)),
        MaybeRef::NotRef(object) => object.into_dict().map(|d| (None, d)),
    }
}

/// Walks one node of the field tree. `prefix` is the full name of its
/// parent, `kind` the field type it inherits.
fn walk<'a>(
    pdf: &'a Pdf,
    (id, dict): (Option<ObjectIdentifier>, Dict<'a>),
    prefix: &str,
    kind: Option<&[u8]>,
    depth: usize,
    seen: &mut HashSet<ObjectIdentifier>,
    form: &mut Form,
) {
    if depth > MAX_DEPTH || id.is_some_and(|id| !seen.insert(id)) {
        return;
    }
    let partial = dict.get::<Object>(b"T").as_ref().and_then(text);
    let name = match (&partial, prefix) {
        (Some(t), "") => t.clone(),
        (Some(t), p) => format!("{p}.{t}"),
        // A widget of its parent field, not a field of its own.
        (None, _) => return,
    };
    let own_kind = dict.get::<Name>(b"FT");
    let kind = own_kind.as_ref().map(|n| n.as_ref()).or(kind);
    let kids: Vec<(Option<ObjectIdentifier>, Dict)> =
        dict.get::<Array>(b"Kids").map(|a| a.raw_iter().filter_map(|k| resolve(pdf, k)).collect()).unwrap_or_default();
    let (field_kids, widgets): (Vec<_>, Vec<_>) = kids.into_iter().partition(|(_, kid)| kid.contains_key(b"T"));
    if !field_kids.is_empty() {
        for kid in field_kids {
            walk(pdf, kid, &name, kind, depth + 1, seen, form);
        }
    } else if let Some(kind) = kind {
        form.fields += 1;
        let widgets: Vec<Dict> = widgets.into_iter().map(|(_, w)| w).collect();
        terminal(&dict, &widgets, &name, kind, form);
    }
}

/// A field that holds a value.
fn terminal(dict: &Dict, widgets: &[Dict], name: &str, kind: &[u8], form: &mut Form) {
    let Ok(key) = name.parse::<FieldKey>() else {
        form.notes.push(format!("field `{name}` is not a framewright field; it was left out"));
        return;
    };
    let value = match kind {
        b"Btn" => button_value(dict, widgets),
        _ => dict.get::<Object>(b"V").as_ref().and_then(text),
    };
    form.present.insert(key.clone());
    if let Some(value) = value {
        put(form, key, value);
    }
}

/// The chosen state of a radio group or check box: its `/V` (the on-state
/// name, which framewright makes the scale value; an index into `/Opt`
/// when the field has one; a string from fillers that write one), else
/// the state of the widget that is on.
fn button_value(dict: &Dict, widgets: &[Dict]) -> Option<String> {
    // A name, as the standard says; pypdf 7 writes the parent's `/V` as a
    // string holding the name with its slash ("/3").
    let state =
        |d: &Dict, key: &[u8]| d.get::<Object>(key).as_ref().and_then(text).map(|s| s.strip_prefix('/').map(str::to_string).unwrap_or(s));
    let on = |s: &String| s != "Off" && !s.is_empty();
    let chosen =
        state(dict, b"V").filter(on).or_else(|| widgets.iter().chain(std::iter::once(dict)).find_map(|w| state(w, b"AS").filter(on)))?;
    let options: Option<Vec<Object>> = dict.get::<Array>(b"Opt").map(|a| a.iter::<Object>().collect());
    match (options, chosen.parse::<usize>()) {
        (Some(options), Ok(index)) if index < options.len() => text(&options[index]),
        _ => Some(chosen),
    }
}

#[cfg(test)]
mod tests {
    use super::decode_text;

    #[test]
    fn text_strings_decode_by_their_byte_order_mark_else_as_pdf_doc_encoding() {
        assert_eq!(decode_text(b"\xFE\xFF\x00Z\x00\xEB\xD8\x3D\xDE\x42"), "Zë🙂");
        assert_eq!(decode_text("\u{FEFF}Łukasz".as_bytes()), "Łukasz");
        assert_eq!(decode_text(b"\x80 \x93\x94 \xA0 caf\xE9 \x18"), "• ﬁﬂ € café ˘");
    }
}
