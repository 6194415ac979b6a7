//! Live AcroForm fields spliced into a finished, tagged PDF.
//!
//! Its one job: given the bytes of a tagged PDF whose pages hold a
//! placeholder for each field (an image tagged as a `/Figure` whose alt
//! text starts with [`PREFIX`]) and the fields with their widgets' pages
//! and rectangles, write the PDF with those fields. It is a crate of its
//! own because it is a PDF editor with a small surface ([`finish`],
//! [`Field`], [`FieldFont`]) that knows nothing of frameworks, packs or
//! Typst: it builds beside the document compiler, not after it, and an
//! edit here recompiles only this crate.
//!
//! framewright's templates leave the placeholders
//! (`templates/parts/fields.typ`), because Typst cannot write form fields,
//! and framewright reads the fields from the laid-out pages. Then
//! [`finish`]:
//! 1. reads only the objects of the PDF it must change ([`original`])
//!    and adds an AcroForm with one widget per placeholder, each with
//!    appearance streams for every state ([`appearance`]) and text fields
//!    typed in an embedded font ([`font`]);
//! 2. ties every widget into the structure tree at its placeholder's place
//!    in the reading order ([`structure`]) and takes the placeholders'
//!    descriptions out of the page content ([`content`]);
//! 3. writes the file, copying what the fields left alone and editing the
//!    rest in place ([`edit`], [`splice`]).
//!
//! Every PDF passes through here, with fields or not, because the catalog
//! is rewritten anyway: its `/MarkInfo` loses Typst's `/Suspects false`,
//! which Poppler reports as an error.
//!
//! The result keeps the PDF/UA-1 and PDF/A-2a rules the file claims: no
//! `NeedAppearances`, no actions, the Print flag, an accessible name
//! (`/TU`) on every field, `/Tabs /S` on pages with fields.

mod appearance;
mod content;
mod edit;
mod field;
mod font;
mod glyph_names;
mod names;
mod original;
mod splice;
mod structure;

use std::collections::BTreeMap;

use pdf_writer::{Dict, Finish, Name, Rect, Ref, Str, TextStr};

pub use field::{Field, Kind, PREFIX, Widget};
pub use font::{Face, FieldFont};

use appearance::{Appearances, FONT_SIZE};
use font::PackFont;
use names::FieldTree;
use original::Original;
use splice::Output;
use structure::{Role, StructTree};

/// Field flags (ISO 32000-1 tables 226 and 228).
const MULTILINE: i32 = 1 << 12;
const NO_TOGGLE_TO_OFF: i32 = 1 << 14;
const RADIO: i32 = 1 << 15;
/// Annotation flag: print the field.
const PRINT: i32 = 1 << 2;
/// A button's caption when on: `4` is the check mark (✔) in ZapfDingbats,
/// the font viewers draw button captions in.
const TICK_CAPTION: &[u8] = b"4";
/// A button's default appearance: the caption in ZapfDingbats, sized to
/// the box (0), black. Viewers supply ZapfDingbats themselves (it is one
/// of the standard 14 fonts), so it is named here but not embedded.
const BUTTON_APPEARANCE: &[u8] = b"/ZaDb 0 Tf 0 g";

/// Finishes the tagged PDF Typst exported: adds `fields` (when there are
/// any) as live AcroForm fields typed in the face `font` gives, which is
/// asked for only then, and takes `/Suspects` out of the catalog's
/// `/MarkInfo`.
pub fn finish<'f>(pdf: &[u8], fields: &[Field], font: impl FnOnce() -> Result<&'f FieldFont, String>) -> Result<Vec<u8>, String> {
    let original = Original::read(pdf)?;
    let catalog_id = original.trailer.reference(b"Root").ok_or("the PDF has no catalog")?;
    let catalog = original.dict(catalog_id).ok_or("the PDF's catalog is unreadable")?;
    let mut out = Output::new(&original);
    let mut changes = Vec::new();
    if let Some(mark_info) = without_suspects(&original, &catalog, &mut out) {
        changes.push(("MarkInfo", Some(mark_info)));
    }
    if !fields.is_empty() {
        let acroform = add(&original, &catalog, &mut out, fields, font()?)?;
        changes.push(("AcroForm", Some(edit::reference(acroform.get()))));
    }
    out.replace(catalog_id, edit::rewrite(&catalog, &changes));
    Ok(out.finish())
}

/// The catalog's `/MarkInfo` without `/Suspects`, when it is written in
/// the catalog (a `/MarkInfo` of its own object is rewritten in place).
/// Typst writes `/Suspects false`, which is the default (ISO 32000-1,
/// table 321), and Poppler (pdfinfo, Evince, Okular) prints "Syntax Error:
/// Suspects object is wrong type" for it. `/Marked true`, which PDF/UA-1
/// and PDF/A-2a ask for, stays.
fn without_suspects(original: &Original, catalog: &original::Dict, out: &mut Output) -> Option<Vec<u8>> {
    let value = catalog.get(b"MarkInfo")?;
    match original::reference(value) {
        Some(id) => {
            let dict = original.dict(id)?;
            out.replace(id, edit::rewrite(&dict, &[("Suspects", None)]));
            None
        }
        None => Some(edit::rewrite(&original::parse_dict(value)?, &[("Suspects", None)])),
    }
}

/// Adds `fields` to the file being written as live AcroForm fields and
/// returns the AcroForm for the catalog.
fn add<'a>(
    original: &Original<'a>,
    catalog: &original::Dict<'a>,
    out: &mut Output<'a>,
    fields: &[Field],
    font: &FieldFont,
) -> Result<Ref, String> {
    let pages = pages(original, catalog)?;
    let mut tree = StructTree::read(original, catalog)?;
    let texts = fields.iter().filter(|f| matches!(f.kind, Kind::Text { .. })).filter_map(|f| f.value.as_deref());
    let font = font.for_values(texts);
    let font_id = font.embed(out);
    let mut appearances = Appearances::new(font_id);
    let mut names = FieldTree::default();
    let mut annotations: BTreeMap<usize, Vec<Ref>> = BTreeMap::new();
    for field in fields {
        let (parent, partial) = names.place(out, &field.name);
        let named = Named { partial: &partial, label: &field.label, parent };
        let mut place = Placing { out, pages: &pages, tree: &mut tree, annotations: &mut annotations };
        let id = match field.kind {
            Kind::Radio => radio_group(&mut place, named, field, &mut appearances)?,
            Kind::Text { multiline } => text_field(&mut place, named, field, multiline, &font, &mut appearances)?,
        };
        names.attach(parent, id);
    }
    tree.finish(out);
    for (page, widgets) in annotations {
        update_page(original, out, &pages[page], &widgets)?;
    }
    let top_level = names.finish(out);
    let acroform = out.alloc();
    let mut form = out.object(acroform).indirect(acroform).dict();
    form.insert(Name(b"Fields")).array().items(top_level);
    form.insert(Name(b"DR")).dict().insert(Name(b"Font")).dict().pair(Name(font::RESOURCE.as_bytes()), font_id);
    form.pair(Name(b"DA"), Str(default_appearance().as_bytes()));
    form.finish();
    Ok(acroform)
}

/// What names a field: its partial name, accessible name and parent.
struct Named<'n> {
    partial: &'n str,
    label: &'n str,
    parent: Option<Ref>,
}

impl Named<'_> {
    fn write(&self, dict: &mut Dict) {
        dict.pair(Name(b"T"), TextStr(self.partial)).pair(Name(b"TU"), TextStr(self.label));
        if let Some(parent) = self.parent {
            dict.pair(Name(b"Parent"), parent);
        }
    }
}

/// Where widgets go: the file, its pages, the structure tree and each
/// page's new annotations.
struct Placing<'p, 'a> {
    out: &'p mut Output<'a>,
    pages: &'p [(u32, original::Dict<'a>)],
    tree: &'p mut StructTree<'a>,
    /// New annotations by page index.
    annotations: &'p mut BTreeMap<usize, Vec<Ref>>,
}

impl Placing<'_, '_> {
    /// Numbers a new widget on `widget`'s page, ties it into the structure
    /// tree and the page's annotations; returns it and its `/StructParent`.
    fn widget(&mut self, widget: &Widget, role: Role) -> Result<(Ref, u32, i32), String> {
        let page = self
            .pages
            .get(widget.page)
            .ok_or_else(|| format!("a form field is on page {}, which the PDF does not have", widget.page + 1))?
            .0;
        let id = self.out.alloc();
        let struct_parent = self.tree.tie(self.out, widget, id, page, role)?;
        self.annotations.entry(widget.page).or_default().push(id);
        Ok((id, page, struct_parent))
    }
}

/// What every widget has: its rectangle, page, the Print flag and its
/// place in the parent tree.
fn widget_entries(dict: &mut Dict, rect: [f32; 4], page: u32, struct_parent: i32) {
    dict.pair(Name(b"Type"), Name(b"Annot"))
        .pair(Name(b"Subtype"), Name(b"Widget"))
        .pair(Name(b"Rect"), Rect::new(rect[0], rect[1], rect[2], rect[3]))
        .pair(Name(b"P"), Ref::new(page as i32))
        .pair(Name(b"F"), PRINT)
        .pair(Name(b"StructParent"), struct_parent);
}

/// A radio group: one field and one widget per button.
fn radio_group(place: &mut Placing, named: Named, field: &Field, appearances: &mut Appearances) -> Result<Ref, String> {
    let parent = place.out.alloc();
    let mut kids = Vec::new();
    for widget in &field.widgets {
        let export = widget.export.as_deref().unwrap_or("On");
        let size = size(widget.rect);
        let on = appearances.ticked(place.out, size);
        let off = appearances.unticked(place.out, size);
        let chosen = field.value.as_deref() == Some(export);
        let (id, page, struct_parent) = place.widget(widget, Role::RadioButton { checked: chosen })?;
        let mut dict = place.out.object(id).indirect(id).dict();
        widget_entries(&mut dict, widget.rect, page, struct_parent);
        dict.pair(Name(b"Parent"), parent);
        dict.pair(Name(b"AS"), Name(if chosen { export } else { "Off" }.as_bytes()));
        // What a viewer that redraws the fields (NeedAppearances, which
        // pypdf sets when it fills a form) draws when the button is on: a
        // ZapfDingbats tick, as the appearance streams draw one. No border
        // or background colour: the template draws the box in the page.
        dict.insert(Name(b"MK")).dict().pair(Name(b"CA"), Str(TICK_CAPTION));
        let mut states = dict.insert(Name(b"AP")).dict();
        let mut normal = states.insert(Name(b"N")).dict();
        normal.pair(Name(export.as_bytes()), on).pair(Name(b"Off"), off);
        normal.finish();
        states.finish();
        dict.finish();
        kids.push(id);
    }
    let mut dict = place.out.object(parent).indirect(parent).dict();
    named.write(&mut dict);
    dict.pair(Name(b"FT"), Name(b"Btn")).pair(Name(b"Ff"), RADIO | NO_TOGGLE_TO_OFF);
    dict.pair(Name(b"DA"), Str(BUTTON_APPEARANCE));
    dict.pair(Name(b"V"), Name(field.value.as_deref().unwrap_or("Off").as_bytes()));
    dict.insert(Name(b"Kids")).array().items(kids);
    dict.finish();
    Ok(parent)
}

/// A text field: one dictionary that is both the field and its widget.
fn text_field(
    place: &mut Placing,
    named: Named,
    field: &Field,
    multiline: bool,
    font: &PackFont,
    appearances: &mut Appearances,
) -> Result<Ref, String> {
    let widget = field.widgets.first().ok_or_else(|| format!("the field `{}` has no widget", field.name))?;
    let appearance = match field.value.as_deref() {
        Some(value) => appearances.text(place.out, font, size(widget.rect), value),
        None => appearances.blank(place.out, size(widget.rect)),
    };
    let (id, page, struct_parent) = place.widget(widget, Role::Text)?;
    let mut dict = place.out.object(id).indirect(id).dict();
    widget_entries(&mut dict, widget.rect, page, struct_parent);
    named.write(&mut dict);
    dict.pair(Name(b"FT"), Name(b"Tx")).pair(Name(b"DA"), Str(default_appearance().as_bytes()));
    if multiline {
        dict.pair(Name(b"Ff"), MULTILINE);
    }
    if let Some(value) = &field.value {
        dict.pair(Name(b"V"), TextStr(value));
    }
    dict.insert(Name(b"AP")).dict().pair(Name(b"N"), appearance);
    dict.finish();
    Ok(id)
}

/// Adds `widgets` to the annotations of `page` (after any links Typst
/// made), makes its tab order follow the structure and takes the field
/// descriptions out of its content.
fn update_page(pdf: &Original, out: &mut Output, (page, dict): &(u32, original::Dict), widgets: &[Ref]) -> Result<(), String> {
    content::strip_descriptions(pdf, out, dict)?;
    let mut annots: Vec<Vec<u8>> = match dict.get(b"Annots") {
        Some(value) => pdf.resolve_array(value).ok_or("a page's annotations are unreadable")?.into_iter().map(<[u8]>::to_vec).collect(),
        None => Vec::new(),
    };
    annots.extend(widgets.iter().map(|w| edit::reference(w.get())));
    let value = edit::rewrite(dict, &[("Annots", Some(edit::array(annots.iter().map(Vec::as_slice)))), ("Tabs", Some(edit::name("S")))]);
    out.replace(*page, value);
    Ok(())
}

/// The page objects in order, from the catalog's page tree: number and
/// dictionary (read once; pages with fields are rewritten from it).
fn pages<'a>(pdf: &Original<'a>, catalog: &original::Dict<'a>) -> Result<Vec<(u32, original::Dict<'a>)>, String> {
    let unreadable = || "the PDF's page tree is unreadable".to_string();
    let mut pages = Vec::new();
    let mut stack = vec![catalog.reference(b"Pages").ok_or_else(unreadable)?];
    let mut seen = std::collections::HashSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            return Err(unreadable());
        }
        let node = pdf.dict(id).ok_or_else(unreadable)?;
        if node.is(b"Type", b"Pages") {
            let kids = pdf.resolve_array(node.get(b"Kids").ok_or_else(unreadable)?).ok_or_else(unreadable)?;
            stack.extend(kids.into_iter().rev().map(|k| original::reference(k).ok_or_else(unreadable)).collect::<Result<Vec<_>, _>>()?);
        } else {
            pages.push((id, node));
        }
    }
    Ok(pages)
}

fn size(rect: [f32; 4]) -> [f32; 2] {
    [rect[2] - rect[0], rect[3] - rect[1]]
}

fn default_appearance() -> String {
    format!("/{} {FONT_SIZE} Tf 0 g", font::RESOURCE)
}
