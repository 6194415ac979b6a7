//! Live form fields in the finished PDF.
//!
//! Typst cannot write form fields, so the templates leave placeholders
//! (`templates/parts/fields.typ`) and, after layout, framewright:
//! 1. reads each placeholder's name, kind and page position from the
//!    document's introspector ([`placeholders`]);
//! 2. adds an AcroForm with one widget per placeholder, each with
//!    appearance streams for every state ([`appearance`]) and text fields
//!    typed in an embedded font ([`font`]);
//! 3. ties every widget into the structure tree at its placeholder's place
//!    in the reading order ([`structure`]);
//! 4. writes the file, copying what the fields left alone ([`splice`]).
//!
//! The result keeps the PDF/UA-1 and PDF/A-2a rules the file claims: no
//! `NeedAppearances`, no actions, the Print flag, an accessible name
//! (`/TU`) on every field, `/Tabs /S` on pages with fields.

mod appearance;
mod font;
mod names;
mod placeholders;
mod splice;
mod structure;

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

pub use font::FieldFont;
pub use placeholders::{Field, Kind, collect};

use appearance::{Appearances, FONT_SIZE};
use names::FieldTree;
use structure::{Role, StructTree};

/// Field flags (ISO 32000-1 tables 226 and 228).
const MULTILINE: i64 = 1 << 12;
const NO_TOGGLE_TO_OFF: i64 = 1 << 14;
const RADIO: i64 = 1 << 15;
/// Annotation flag: print the field.
const PRINT: i64 = 1 << 2;

/// Adds `fields` to `pdf` as live AcroForm fields and returns the new file.
/// `pdf` must be the tagged PDF Typst exported for the same document.
pub fn add(pdf: &[u8], fields: &[Field], font: &FieldFont) -> Result<Vec<u8>, String> {
    let mut doc = Document::load_mem(pdf).map_err(|e| format!("cannot reopen the PDF to add form fields: {e}"))?;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let mut tree = StructTree::read(&doc)?;
    let font_id = font.embed(&mut doc);
    let mut appearances = Appearances::new(font_id);
    let mut names = FieldTree::default();
    for field in fields {
        let (parent, partial) = names.place(&mut doc, &field.name);
        let mut dict = Dictionary::from_iter([("T", text_string(&partial)), ("TU", text_string(&field.label))]);
        if let Some(parent) = parent {
            dict.set("Parent", Object::Reference(parent));
        }
        let id = match field.kind {
            Kind::Radio => radio_group(&mut doc, dict, field, &pages, &mut appearances, &mut tree)?,
            Kind::Text { multiline } => text_field(&mut doc, dict, field, multiline, &pages, font, &mut appearances, &mut tree)?,
        };
        names.attach(parent, id);
    }
    // The objects that existed and now change: the catalog, the pages with
    // fields and the parts of the structure tree the widgets join.
    let mut changed: BTreeSet<ObjectId> = tree.finish(&mut doc)?.into_iter().collect();
    changed.extend(fields.iter().flat_map(|f| &f.widgets).filter_map(|w| pages.get(w.page).copied()));
    let top_level = names.finish(&mut doc)?;
    let acroform = doc.add_object(Dictionary::from_iter([
        ("Fields", Object::Array(top_level)),
        ("DR", Object::Dictionary(Dictionary::from_iter([(
            "Font",
            Object::Dictionary(Dictionary::from_iter([(font::RESOURCE, Object::Reference(font_id))])),
        )]))),
        ("DA", default_appearance()),
    ]));
    let catalog = doc.trailer.get(b"Root").and_then(Object::as_reference).map_err(|e| e.to_string())?;
    doc.get_dictionary_mut(catalog).map_err(|e| e.to_string())?.set("AcroForm", Object::Reference(acroform));
    changed.insert(catalog);
    splice::save(pdf, &mut doc, &changed)
}

/// A radio group: one field (`named`: its `/T`, `/TU`, `/Parent`) and one
/// widget per button.
fn radio_group(doc: &mut Document, mut named: Dictionary, field: &Field, pages: &[ObjectId], appearances: &mut Appearances, tree: &mut StructTree) -> Result<ObjectId, String> {
    let state = |v: &str| Object::Name(v.as_bytes().to_vec());
    named.set("FT", Object::Name(b"Btn".to_vec()));
    named.set("Ff", Object::Integer(RADIO | NO_TOGGLE_TO_OFF));
    named.set("V", field.value.as_deref().map_or(state("Off"), state));
    let parent = doc.add_object(named);
    let mut kids = Vec::new();
    for widget in &field.widgets {
        let export = widget.export.as_deref().unwrap_or("On");
        let size = size(widget.rect);
        let on = appearances.ticked(doc, size);
        let off = appearances.unticked(doc, size);
        let chosen = field.value.as_deref() == Some(export);
        let mut dict = widget_dict(widget.rect, page(pages, widget.page)?);
        dict.set("Parent", Object::Reference(parent));
        dict.set("AS", state(if chosen { export } else { "Off" }));
        let states = Dictionary::from_iter([(export, Object::Reference(on)), ("Off", Object::Reference(off))]);
        dict.set("AP", Object::Dictionary(Dictionary::from_iter([("N", Object::Dictionary(states))])));
        let id = place(doc, dict, widget, pages, Role::RadioButton, tree)?;
        kids.push(Object::Reference(id));
    }
    doc.get_dictionary_mut(parent).map_err(|e| e.to_string())?.set("Kids", Object::Array(kids));
    Ok(parent)
}

/// A text field: one dictionary that is both the field (`named`: its
/// `/T`, `/TU`, `/Parent`) and its widget.
fn text_field(
    doc: &mut Document,
    named: Dictionary,
    field: &Field,
    multiline: bool,
    pages: &[ObjectId],
    font: &FieldFont,
    appearances: &mut Appearances,
    tree: &mut StructTree,
) -> Result<ObjectId, String> {
    let widget = field.widgets.first().ok_or_else(|| format!("the field `{}` has no widget", field.name))?;
    let appearance = match field.value.as_deref() {
        Some(value) => appearances.text(doc, font, size(widget.rect), value),
        None => appearances.blank(doc, size(widget.rect)),
    };
    let mut dict = widget_dict(widget.rect, page(pages, widget.page)?);
    dict.extend(&named);
    dict.set("FT", Object::Name(b"Tx".to_vec()));
    dict.set("DA", default_appearance());
    if multiline {
        dict.set("Ff", Object::Integer(MULTILINE));
    }
    if let Some(value) = &field.value {
        dict.set("V", text_string(value));
    }
    dict.set("AP", Object::Dictionary(Dictionary::from_iter([("N", Object::Reference(appearance))])));
    place(doc, dict, widget, pages, Role::Text, tree)
}

/// What every widget has: its rectangle, page and the Print flag.
fn widget_dict(rect: [f32; 4], page: ObjectId) -> Dictionary {
    Dictionary::from_iter([
        ("Type", Object::Name(b"Annot".to_vec())),
        ("Subtype", Object::Name(b"Widget".to_vec())),
        ("Rect", Object::Array(rect.iter().map(|&v| Object::Real(v)).collect())),
        ("P", Object::Reference(page)),
        ("F", Object::Integer(PRINT)),
    ])
}

/// Adds the widget `dict` to the document, its page's annotations and the
/// structure tree.
fn place(
    doc: &mut Document,
    mut dict: Dictionary,
    widget: &placeholders::Widget,
    pages: &[ObjectId],
    role: Role,
    tree: &mut StructTree,
) -> Result<ObjectId, String> {
    let page_id = page(pages, widget.page)?;
    let id = doc.new_object_id();
    let struct_parent = tree.tie(doc, widget, id, page_id, role)?;
    dict.set("StructParent", Object::Integer(struct_parent));
    doc.objects.insert(id, Object::Dictionary(dict));
    let page = doc.get_dictionary_mut(page_id).map_err(|e| e.to_string())?;
    page.set("Tabs", Object::Name(b"S".to_vec()));
    match page.get_mut(b"Annots") {
        Ok(Object::Array(annots)) => annots.push(Object::Reference(id)),
        _ => page.set("Annots", Object::Array(vec![Object::Reference(id)])),
    }
    Ok(id)
}

fn page(pages: &[ObjectId], index: usize) -> Result<ObjectId, String> {
    pages.get(index).copied().ok_or_else(|| format!("a form field is on page {}, which the PDF does not have", index + 1))
}

fn size(rect: [f32; 4]) -> [f32; 2] {
    [rect[2] - rect[0], rect[3] - rect[1]]
}

fn default_appearance() -> Object {
    Object::string_literal(format!("/{} {FONT_SIZE} Tf 0 g", font::RESOURCE))
}

/// A PDF text string: plain when ASCII, else UTF-16BE with a byte-order
/// mark, so Welsh, Arabic and emoji survive.
fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}
