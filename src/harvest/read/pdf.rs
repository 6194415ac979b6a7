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
//!
//! A file made to hurt is refused before hayro-syntax parses it (nesting
//! too deep, [`super::nesting`]), and no stream is inflated past the
//! limits of [`crate::harvest::limits`]. A form whose field tree loops,
//! goes too deep or points at nothing is "damaged", not "flattened": the
//! person is asked for the file again, not for the filled-in form.

use std::cell::RefCell;
use std::collections::HashSet;
use std::io::Read;

use hayro_syntax::object::{Array, Dict, MaybeRef, Name, Object, ObjectIdentifier, Stream};
use hayro_syntax::{DecryptionError, LoadPdfError, Pdf};

use super::{Form, Unusable, nesting, put};
use crate::harvest::limits::{self, Budget};
use crate::plan::field::FieldKey;
use crate::plan::identity::PackIdentity;

/// How deep a field tree may go; framewright's is two levels deep.
const MAX_DEPTH: usize = 32;

/// Text held in a stream with a filter other than plain Flate is decoded
/// only when its data is at most this long: no filter turns 4 KiB into
/// more than a few megabytes.
const SMALL_ENCODED: u64 = 4096;

/// One PDF being read: what it has inflated so far, a limit it broke, and
/// the first thing found broken in its field tree.
struct Reader<'a> {
    pdf: &'a Pdf,
    budget: Budget,
    /// A limit broken on the way: the whole file is refused with it.
    refused: RefCell<Option<Unusable>>,
    /// The field tree loops, goes too deep or points at nothing.
    broken: RefCell<Option<String>>,
}

pub fn read(bytes: &[u8]) -> Result<Form, Unusable> {
    let budget = Budget::default();
    nesting::check(bytes, &budget)?;
    let pdf = Pdf::new(bytes.to_vec()).map_err(|e| match e {
        LoadPdfError::Decryption(DecryptionError::PasswordProtected) => encrypted(),
        LoadPdfError::Decryption(e) => Unusable::Corrupt(format!("the PDF's encryption cannot be read ({e:?}); ask for the file again")),
        LoadPdfError::Invalid => Unusable::Corrupt("the PDF cannot be read; the file may be cut short or damaged: ask for it again".into()),
    })?;
    let reader = Reader { pdf: &pdf, budget, refused: RefCell::new(None), broken: RefCell::new(None) };
    let mut form = Form::default();
    match sections(bytes) {
        Sections::Sound(trailer) => {
            if memchr::memmem::find(trailer, b"/Encrypt").is_some() {
                form.notes.push("the PDF is encrypted; it opened without a password".into());
            }
        }
        Sections::Damaged => {
            reader.breaks("its cross-reference table was damaged");
            form.notes.push("the PDF's cross-reference table was damaged and has been rebuilt; check its answers".into());
        }
        Sections::Loop => {
            reader.breaks("its cross-reference sections loop back on themselves");
            form.notes.push("the PDF's cross-reference sections loop back on themselves; check its answers".into());
        }
    }
    let catalog = pdf.xref().get::<Dict>(pdf.xref().root_id());
    form.identity = reader.identity(catalog.as_ref());
    // A file cut short loses its trailer (and the identity it points to):
    // that is a damaged pack, not someone else's PDF.
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if form.identity.is_none() && memchr::memmem::find(tail, b"%%EOF").is_none() {
        return Err(Unusable::Corrupt("the PDF is cut short or damaged (its end is missing); ask for the file again".into()));
    }
    let Some(catalog) = catalog else {
        return Err(Unusable::Corrupt("the PDF has no readable catalog; ask for the file again".into()));
    };
    let fields = catalog.get::<Dict>(b"AcroForm").and_then(|a| a.get::<Array>(b"Fields"));
    let listed = fields.as_ref().is_some_and(|f| f.raw_iter().next().is_some());
    if let Some(fields) = fields {
        let mut seen = HashSet::new();
        for field in fields.raw_iter() {
            match reader.resolve(field) {
                Some(field) => reader.walk(field, "", None, 0, &mut seen, &mut form),
                None => reader.breaks("a field it lists is missing"),
            }
        }
    }
    if let Some(why) = reader.refused.take() {
        return Err(why);
    }
    // No field found although the form lists some, or in a file whose
    // structure is broken: damaged, not flattened (`super::read` decides).
    let broken = reader.broken.take();
    if form.fields == 0 {
        form.broken = broken.or_else(|| listed.then(|| "its fields cannot be found".into()));
    } else if let Some(what) = broken.filter(|_| form.notes.is_empty()) {
        form.notes.push(format!("part of the PDF's form is damaged ({what}); the answers that could be read were kept"));
    }
    Ok(form)
}

fn encrypted() -> Unusable {
    Unusable::Encrypted("the PDF is encrypted with a password; ask the person to save it again without one".into())
}

/// The cross-reference sections as written, found through `startxref`
/// and each trailer's `/Prev`.
enum Sections<'b> {
    /// The last trailer: a `trailer` dictionary after a cross-reference
    /// table, or the dictionary of a cross-reference stream.
    Sound(&'b [u8]),
    /// `startxref` leads nowhere: hayro-syntax rebuilds the table by
    /// scanning, without saying so.
    Damaged,
    /// A `/Prev` leads back to a section already read.
    Loop,
}

/// Real files chain a few sections (one per incremental save).
const MAX_SECTIONS: usize = 256;

fn sections(bytes: &[u8]) -> Sections<'_> {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    let Some(at) = memchr::memmem::rfind(tail, b"startxref") else { return Sections::Damaged };
    let Some(offset) = number_after(&tail[at + b"startxref".len()..]) else { return Sections::Damaged };
    let Some(last) = trailer_at(bytes, offset) else { return Sections::Damaged };
    let mut seen = vec![offset];
    let mut trailer = last;
    while let Some(prev) = memchr::memmem::find(trailer, b"/Prev").and_then(|at| number_after(&trailer[at + b"/Prev".len()..])) {
        if seen.contains(&prev) || seen.len() > MAX_SECTIONS {
            return Sections::Loop;
        }
        seen.push(prev);
        // A `/Prev` that leads nowhere is left to hayro-syntax, which reads what it can.
        let Some(next) = trailer_at(bytes, prev) else { break };
        trailer = next;
    }
    Sections::Sound(last)
}

/// The decimal number at the start of `text` (after white space).
fn number_after(text: &[u8]) -> Option<usize> {
    let digits = text.trim_ascii_start();
    let digits = &digits[..digits.iter().take_while(|b| b.is_ascii_digit()).count()];
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// The trailer of the cross-reference section at `offset`.
fn trailer_at(bytes: &[u8], offset: usize) -> Option<&[u8]> {
    let section = bytes.get(offset..)?;
    if section.starts_with(b"xref") {
        let start = memchr::memmem::find(section, b"trailer")?;
        let end = memchr::memmem::find(&section[start..], b"startxref").map_or(section.len(), |e| start + e);
        Some(&section[start..end])
    } else {
        let head = &section[..section.len().min(64)];
        let is_object = head.split(|b| b.is_ascii_whitespace()).filter(|w| !w.is_empty()).nth(2).is_some_and(|w| w.starts_with(b"obj"));
        let end = memchr::memmem::find(section, b"stream")?;
        is_object.then_some(&section[..end])
    }
}

impl<'a> Reader<'a> {
    fn breaks(&self, what: &str) {
        self.broken.borrow_mut().get_or_insert_with(|| what.to_string());
    }

    /// The keywords of the document information, else the XMP packet.
    fn identity(&self, catalog: Option<&Dict>) -> Option<PackIdentity> {
        let keywords = self.pdf.metadata().keywords.as_deref().map(decode_text);
        keywords.and_then(|k| PackIdentity::from_keywords(&k)).or_else(|| {
            let content = self.decoded(&catalog?.get::<Stream>(b"Metadata")?, "the XMP metadata")?;
            PackIdentity::from_keywords(&String::from_utf8_lossy(&content))
        })
    }

    /// A stream's content, never inflated past the limits: a Flate stream
    /// (what every form filler writes) is inflated here with a cap; other
    /// filters, which no form filler uses for text, are decoded only when
    /// their data is too small to blow up. Past a limit the whole file is
    /// refused.
    fn decoded(&self, stream: &Stream, what: &str) -> Option<Vec<u8>> {
        let raw = stream.raw_data();
        let cap = self.budget.left().min(limits::STREAM_INFLATED);
        let dict = stream.dict();
        let flate = |name: &Name| matches!(name.as_ref(), b"FlateDecode" | b"Fl");
        let only_flate = dict.get::<Name>(b"Filter").is_some_and(|n| flate(&n))
            || dict.get::<Array>(b"Filter").is_some_and(|a| a.iter::<Name>().map(|n| flate(&n)).eq([true]));
        let bytes = match () {
            () if !dict.contains_key(b"Filter") => Some(raw.to_vec()),
            () if only_flate && !dict.contains_key(b"DecodeParms") => {
                let mut out = Vec::new();
                flate2::read::ZlibDecoder::new(&raw[..]).take(cap + 1).read_to_end(&mut out).ok().map(|_| out)
            }
            () if (raw.len() as u64) <= SMALL_ENCODED => stream.decoded().ok().map(|d| d.into_owned()),
            () => None,
        };
        let too_far = bytes.as_ref().map_or(raw.len() as u64 > SMALL_ENCODED, |b| b.len() as u64 > cap);
        if too_far || !self.budget.take(bytes.as_ref().map_or(0, |b| b.len() as u64)) {
            self.refused.borrow_mut().get_or_insert_with(|| Unusable::inflates_too_far(what));
            return None;
        }
        bytes
    }

    /// A text string, a text stream or a name, as Unicode.
    fn text(&self, object: &Object, what: &str) -> Option<String> {
        match object {
            Object::String(s) => Some(decode_text(s.as_bytes())),
            Object::Stream(stream) => self.decoded(stream, what).map(|bytes| decode_text(&bytes)),
            Object::Name(name) => Some(String::from_utf8_lossy(name.as_ref()).into_owned()),
            _ => None,
        }
    }

    /// Resolves an array item or dictionary entry, telling which object it
    /// is (for the cycle check).
    fn resolve(&self, item: MaybeRef<Object<'a>>) -> Option<(Option<ObjectIdentifier>, Dict<'a>)> {
        match item {
            MaybeRef::Ref(r) => self.pdf.xref().get::<Dict>(r.into()).map(|d| (Some(r.into()), d)),
            MaybeRef::NotRef(object) => object.into_dict().map(|d| (None, d)),
        }
    }

    /// Walks one node of the field tree. `prefix` is the full name of its
    /// parent, `kind` the field type it inherits.
    fn walk(
        &self,
        (id, dict): (Option<ObjectIdentifier>, Dict<'a>),
        prefix: &str,
        kind: Option<&[u8]>,
        depth: usize,
        seen: &mut HashSet<ObjectIdentifier>,
        form: &mut Form,
    ) {
        if depth > MAX_DEPTH {
            return self.breaks(&format!("its field tree is more than {MAX_DEPTH} levels deep"));
        }
        if id.is_some_and(|id| !seen.insert(id)) {
            return self.breaks("its field tree loops back on itself");
        }
        let partial = dict.get::<Object>(b"T").as_ref().and_then(|t| self.text(t, "a field name"));
        let name = match (&partial, prefix) {
            (Some(t), "") => t.clone(),
            (Some(t), p) => format!("{p}.{t}"),
            // A widget of its parent field, not a field of its own.
            (None, _) => return,
        };
        let own_kind = dict.get::<Name>(b"FT");
        let kind = own_kind.as_ref().map(|n| n.as_ref()).or(kind);
        let kids: Vec<(Option<ObjectIdentifier>, Dict)> =
            dict.get::<Array>(b"Kids").map(|a| a.raw_iter().filter_map(|k| self.resolve(k)).collect()).unwrap_or_default();
        let (field_kids, widgets): (Vec<_>, Vec<_>) = kids.into_iter().partition(|(_, kid)| kid.contains_key(b"T"));
        if !field_kids.is_empty() {
            for kid in field_kids {
                self.walk(kid, &name, kind, depth + 1, seen, form);
            }
        } else if let Some(kind) = kind {
            form.fields += 1;
            let widgets: Vec<Dict> = widgets.into_iter().map(|(_, w)| w).collect();
            self.terminal(&dict, &widgets, &name, kind, form);
        }
    }

    /// A field that holds a value.
    fn terminal(&self, dict: &Dict, widgets: &[Dict], name: &str, kind: &[u8], form: &mut Form) {
        let Ok(key) = name.parse::<FieldKey>() else {
            form.notes.push(format!("field `{name}` is not a framewright field; it was left out"));
            return;
        };
        let value = match kind {
            b"Btn" => self.button_value(dict, widgets),
            // A line break as the filler typed it (PDFium writes CR LF,
            // Acrobat CR) is a line break.
            _ => dict
                .get::<Object>(b"V")
                .as_ref()
                .and_then(|v| self.text(v, &format!("the value of `{name}`")))
                .map(|t| if t.contains('\r') { t.replace("\r\n", "\n").replace('\r', "\n") } else { t }),
        };
        form.present.insert(key.clone());
        if let Some(value) = value {
            put(form, key, value);
        }
    }

    /// The chosen state of a radio group or check box: its `/V` (the
    /// on-state name, which framewright makes the scale value; an index
    /// into `/Opt` when the field has one; a string from fillers that
    /// write one), else the state of the widget that is on.
    fn button_value(&self, dict: &Dict, widgets: &[Dict]) -> Option<String> {
        // A name, as the standard says; pypdf 7 writes the parent's `/V` as
        // a string holding the name with its slash ("/3").
        let state = |d: &Dict, key: &[u8]| {
            let text = d.get::<Object>(key).as_ref().and_then(|o| self.text(o, "a box's state"))?;
            Some(text.strip_prefix('/').map(str::to_string).unwrap_or(text))
        };
        let on = |s: &String| s != "Off" && !s.is_empty();
        let chosen = state(dict, b"V")
            .filter(on)
            .or_else(|| widgets.iter().chain(std::iter::once(dict)).find_map(|w| state(w, b"AS").filter(on)))?;
        let options: Option<Vec<Object>> = dict.get::<Array>(b"Opt").map(|a| a.iter::<Object>().collect());
        match (options, chosen.parse::<usize>()) {
            (Some(options), Ok(index)) if index < options.len() => self.text(&options[index], "a box's option"),
            _ => Some(chosen),
        }
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
