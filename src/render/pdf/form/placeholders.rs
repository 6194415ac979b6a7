//! Reads the form-field placeholders a template left in the layout
//! (`templates/parts/fields.typ`) and turns them into fields with page
//! rectangles. Positions come from Typst's introspector, so a field always
//! sits where the template put its box.

use std::collections::HashMap;

use serde::Deserialize;
use typst::diag::SourceDiagnostic;
use typst::foundations::{Content, Label, Selector};
use typst::introspection::{Introspector, MetadataElem, PagedPosition};
use typst::layout::Point;
use typst::utils::PicoStr;
use typst_layout::{PagedDocument, PagedIntrospector};

/// One fillable field: a text field, or a radio group with one button per
/// choice.
#[derive(Debug)]
pub struct Field {
    /// The stable name a completed form is read back by.
    pub name: String,
    /// The accessible name (`/TU`), read out by screen readers.
    pub label: String,
    pub kind: Kind,
    /// Pre-filled value: the text, or the chosen button's export value.
    pub value: Option<String>,
    pub widgets: Vec<Widget>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Radio,
    Text { multiline: bool },
}

/// Where one widget of a field goes.
#[derive(Debug)]
pub struct Widget {
    /// Zero-based page index.
    pub page: usize,
    /// `[left, bottom, right, top]` in PDF points (y up).
    pub rect: [f32; 4],
    /// The key in the placeholder's alt text: `name`, or `name=export` for
    /// a radio button. Finds the widget's structure element.
    pub key: String,
    /// A radio button's value (its appearance state name).
    pub export: Option<String>,
    /// What a radio button means, e.g. "3 Confident".
    pub option: Option<String>,
}

/// The placeholder's metadata as `form-field()` writes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    name: String,
    kind: String,
    label: String,
    export: Option<String>,
    option: Option<String>,
    value: Option<String>,
    /// `None` when the field fills the available width: the far corner
    /// then gives the width.
    width: Option<f64>,
    height: f64,
}

/// How far (in points) a placeholder's far corner may be from where its
/// size says before the field counts as transformed.
const TOLERANCE: f64 = 0.05;

/// Collects every field of `document`, in reading order, or every problem
/// with the placeholders (duplicate names, unknown kinds, fields inside
/// rotated or scaled content).
pub fn collect(document: &PagedDocument) -> Result<Vec<Field>, Vec<SourceDiagnostic>> {
    let introspector = document.introspector();
    let query = |name: &str| match Label::new(PicoStr::intern(name)) {
        Some(label) => introspector.query(&Selector::Label(label)),
        None => Default::default(),
    };
    let ends = end_markers(introspector, query("formfield-end"));

    let mut fields: Vec<Field> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut first_page: HashMap<String, usize> = HashMap::new();
    let mut errors = Vec::new();
    for start in query("formfield") {
        let span = start.span();
        let Some(meta) = start.to_packed::<MetadataElem>() else { continue };
        let raw: Raw = match serde_json::to_value(&meta.value).and_then(serde_json::from_value) {
            Ok(raw) => raw,
            Err(e) => {
                errors.push(
                    SourceDiagnostic::error(span, format!("a `<formfield>` placeholder is malformed: {e}"))
                        .with_hint("place fields with `form-field(..)` from templates/parts/fields.typ"),
                );
                continue;
            }
        };
        let Some(position) = start.location().and_then(|l| introspector.position(l)) else {
            errors.push(SourceDiagnostic::error(span, format!("the field `{}` was placed but not laid out on any page", raw.name)));
            continue;
        };
        let page = position.page.get() - 1;
        let fail = |message: String, hint: &str| SourceDiagnostic::error(span, message).with_hint(hint.to_string());

        let (kind, key) = match kind_and_key(&raw) {
            Ok(ok) => ok,
            Err((message, hint)) => {
                errors.push(fail(message, hint));
                continue;
            }
        };
        if let Some(earlier) = first_page.insert(key.clone(), page) {
            let pages = if earlier == page { format!("both on page {}", page + 1) } else { format!("on pages {} and {}", earlier + 1, page + 1) };
            errors.push(fail(
                format!("the template places two fields named `{key}` ({pages})"),
                "field names must be unique; radio buttons of one group need different `export` values",
            ));
            continue;
        }
        let measured = ends.get(&key).filter(|end| end.page == position.page).and_then(|end| size(position.point, end.point, raw.width, raw.height));
        let Some((width, height)) = measured else {
            errors.push(fail(
                format!("the field `{key}` on page {} is inside rotated or scaled content", page + 1),
                "PDF form fields cannot be rotated or scaled: transform the content around the field, not the field",
            ));
            continue;
        };

        let page_height = document.pages().get(page).map_or(0.0, |p| p.frame.height().to_pt());
        let (x, y) = (position.point.x.to_pt(), position.point.y.to_pt());
        let rect = [x, page_height - y - height, x + width, page_height - y].map(|v| v as f32);
        let widget = Widget { page, rect, key, export: raw.export.clone(), option: raw.option };
        match by_name.get(&raw.name) {
            Some(&i) if fields[i].kind == Kind::Radio && kind == Kind::Radio => {
                let field = &mut fields[i];
                field.widgets.push(widget);
                if field.value.is_none() {
                    field.value = raw.value;
                }
            }
            Some(_) => errors.push(fail(
                format!("the template places two fields named `{}`", raw.name),
                "field names must be unique; only radio buttons of one group share a name",
            )),
            None => {
                by_name.insert(raw.name.clone(), fields.len());
                fields.push(Field { name: raw.name, label: raw.label, kind, value: raw.value, widgets: vec![widget] });
            }
        }
    }
    if errors.is_empty() { Ok(fields) } else { Err(errors) }
}

/// The far-corner markers' positions, by field key.
fn end_markers(introspector: &PagedIntrospector, markers: impl IntoIterator<Item = Content>) -> HashMap<String, PagedPosition> {
    let mut ends = HashMap::new();
    for end in markers {
        let key = end.to_packed::<MetadataElem>().and_then(|m| m.value.clone().cast::<String>().ok());
        if let (Some(key), Some(position)) = (key, end.location().and_then(|l| introspector.position(l))) {
            ends.entry(key).or_insert(position);
        }
    }
    ends
}

/// The field's kind and its key (`name`, or `name=export` for a radio
/// button), or what is wrong and a hint.
fn kind_and_key(raw: &Raw) -> Result<(Kind, String), (String, &'static str)> {
    let kind = match raw.kind.as_str() {
        "radio" => Kind::Radio,
        "text" => Kind::Text { multiline: false },
        "multiline" => Kind::Text { multiline: true },
        other => return Err((format!("the field `{}` has the unknown kind `{other}`", raw.name), "use \"radio\", \"text\" or \"multiline\"")),
    };
    match (&kind, &raw.export) {
        (Kind::Radio, Some(export)) => Ok((kind, format!("{}={export}", raw.name))),
        (Kind::Radio, None) => Err((format!("the radio button of `{}` has no `export` value", raw.name), "give each button its value, e.g. `export: \"3\"`")),
        (Kind::Text { .. }, _) => Ok((kind, raw.name.clone())),
    }
}

/// The placeholder's size, if `end` is where `start` plus its size puts it,
/// as it is unless the placeholder was rotated, scaled or skewed. A field of
/// `width: None` fills its container and takes its width from `end`.
fn size(start: Point, end: Point, width: Option<f64>, height: f64) -> Option<(f64, f64)> {
    let (dx, dy) = ((end.x - start.x).to_pt(), (end.y - start.y).to_pt());
    let width_fits = width.map_or(dx > 0.0, |w| (dx - w).abs() < TOLERANCE);
    (width_fits && (dy - height).abs() < TOLERANCE).then_some((dx, height))
}
