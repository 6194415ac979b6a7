//! Completed PDF packs, read with lopdf as programs save them: incremental
//! updates (Acrobat, Firefox's pdf.js, PDFium), full rewrites with
//! cross-reference and object streams (qpdf, pikepdf, pypdf), several
//! generations of an object, encryption with an empty user password.
//!
//! The identity comes from the document information's keywords, else the
//! XMP packet; the answers from the AcroForm field tree, whose full names
//! are the field keys (`l1-01` → `rating` is `l1-01.rating`).

use std::collections::HashSet;

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

use super::{Form, FormIdentity, Unusable, put};
use crate::plan::field::FieldKey;

/// How deep a field tree may go; framewright's is two levels deep.
const MAX_DEPTH: usize = 32;

pub fn read(bytes: &[u8]) -> Result<Form, Unusable> {
    let doc = Document::load_mem_with_options(bytes, LoadOptions::default()).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword | lopdf::Error::AlreadyEncrypted => encrypted(),
        other => Unusable::Corrupt(format!("the PDF cannot be read ({other}); the file may be cut short or damaged: ask for it again")),
    })?;
    let mut form = Form::default();
    let locked = doc.trailer.get(b"Encrypt").is_ok();
    let catalog = match doc.catalog() {
        Ok(catalog) => catalog,
        Err(_) if locked => return Err(encrypted()),
        Err(e) => return Err(Unusable::Corrupt(format!("the PDF has no readable catalog ({e}); ask for the file again"))),
    };
    if locked {
        form.notes.push("the PDF is encrypted; it opened without a password".into());
    }
    if doc.xref_recovery.is_some() {
        form.notes.push("the PDF's cross-reference table was damaged and has been rebuilt; check its answers".into());
    }
    form.identity = identity(&doc, catalog);
    // A file cut short loses its trailer (and the identity it points to):
    // that is a damaged pack, not someone else's PDF.
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    let cut = memchr::memmem::find(tail, b"%%EOF").is_none();
    if form.identity.is_none() && (cut || doc.xref_recovery.is_some()) {
        return Err(Unusable::Corrupt("the PDF is cut short or damaged (its end is missing); ask for the file again".into()));
    }
    if let Some(acroform) = catalog.get(b"AcroForm").ok().and_then(|o| resolve_dict(&doc, o)) {
        let mut seen = HashSet::new();
        if let Ok(fields) = acroform.get(b"Fields").and_then(|f| doc.dereference(f)).and_then(|(_, f)| f.as_array()) {
            for field in fields {
                walk(&doc, field, "", None, 0, &mut seen, &mut form);
            }
        }
    }
    Ok(form)
}

fn encrypted() -> Unusable {
    Unusable::Encrypted("the PDF is encrypted with a password; ask the person to save it again without one".into())
}

fn resolve_dict<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    doc.dereference(object).ok().and_then(|(_, o)| o.as_dict().ok())
}

/// The keywords of the document information, else the XMP packet.
fn identity(doc: &Document, catalog: &Dictionary) -> Option<FormIdentity> {
    let info = doc.trailer.get(b"Info").ok().and_then(|o| resolve_dict(doc, o));
    let keywords = info.and_then(|i| i.get(b"Keywords").ok()).and_then(|k| text(doc, k));
    keywords.and_then(|k| FormIdentity::from_keywords(&k)).or_else(|| {
        let stream = catalog.get(b"Metadata").ok().and_then(|o| doc.dereference(o).ok()).and_then(|(_, o)| o.as_stream().ok())?;
        let content = stream.get_plain_content().ok()?;
        FormIdentity::from_keywords(&String::from_utf8_lossy(&content))
    })
}

/// A text string (PDFDocEncoding, UTF-16BE or UTF-8 with a byte order
/// mark) or a text stream, as Unicode.
fn text(doc: &Document, object: &Object) -> Option<String> {
    let (_, object) = doc.dereference(object).ok()?;
    match object {
        Object::String(..) => lopdf::decode_text_string(object).ok(),
        Object::Stream(stream) => {
            let bytes = stream.get_plain_content().ok()?;
            lopdf::decode_text_string(&Object::String(bytes, lopdf::StringFormat::Literal)).ok()
        }
        Object::Name(name) => Some(String::from_utf8_lossy(name).into_owned()),
        _ => None,
    }
}

/// Walks one node of the field tree. `prefix` is the full name of its
/// parent, `kind` the field type it inherits.
fn walk(doc: &Document, node: &Object, prefix: &str, kind: Option<&[u8]>, depth: usize, seen: &mut HashSet<ObjectId>, form: &mut Form) {
    let Ok((id, object)) = doc.dereference(node) else { return };
    if depth > MAX_DEPTH || id.is_some_and(|id| !seen.insert(id)) {
        return;
    }
    let Ok(dict) = object.as_dict() else { return };
    let partial = dict.get(b"T").ok().and_then(|t| text(doc, t));
    let name = match (&partial, prefix) {
        (Some(t), "") => t.clone(),
        (Some(t), p) => format!("{p}.{t}"),
        // A widget of its parent field, not a field of its own.
        (None, _) => return,
    };
    let kind = dict.get(b"FT").ok().and_then(|k| k.as_name().ok()).or(kind);
    let kids: Vec<&Object> =
        dict.get(b"Kids").and_then(|k| doc.dereference(k)).and_then(|(_, k)| k.as_array()).map(|a| a.iter().collect()).unwrap_or_default();
    let field_kids: Vec<&Object> = kids.iter().copied().filter(|k| resolve_dict(doc, k).is_some_and(|d| d.has(b"T"))).collect();
    if field_kids.is_empty() {
        if let Some(kind) = kind {
            form.fields += 1;
            terminal(doc, dict, &kids, &name, kind, form);
        }
    } else {
        for kid in field_kids {
            walk(doc, kid, &name, kind, depth + 1, seen, form);
        }
    }
}

/// A field that holds a value.
fn terminal(doc: &Document, dict: &Dictionary, widgets: &[&Object], name: &str, kind: &[u8], form: &mut Form) {
    let Ok(key) = name.parse::<FieldKey>() else {
        form.notes.push(format!("field `{name}` is not a framewright field; it was left out"));
        return;
    };
    let value = match kind {
        b"Btn" => button_value(doc, dict, widgets),
        _ => dict.get(b"V").ok().and_then(|v| text(doc, v)),
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
fn button_value(doc: &Document, dict: &Dictionary, widgets: &[&Object]) -> Option<String> {
    // A name, as the standard says; pypdf 7 writes the parent's `/V` as a
    // string holding the name with its slash ("/3").
    let state = |o: &Object| text(doc, o).map(|s| s.strip_prefix('/').map(str::to_string).unwrap_or(s));
    let on = |s: &String| s != "Off" && !s.is_empty();
    let chosen = dict.get(b"V").ok().and_then(state).filter(on).or_else(|| {
        let widget_dicts = widgets.iter().filter_map(|w| resolve_dict(doc, w));
        widget_dicts.chain(std::iter::once(dict)).find_map(|w| w.get(b"AS").ok().and_then(state).filter(on))
    })?;
    let options = dict.get(b"Opt").ok().and_then(|o| doc.dereference(o).ok()).and_then(|(_, o)| o.as_array().ok());
    match (options, chosen.parse::<usize>()) {
        (Some(options), Ok(index)) if index < options.len() => text(doc, &options[index]),
        _ => Some(chosen),
    }
}
