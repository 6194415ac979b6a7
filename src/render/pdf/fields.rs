//! The form fields of a laid-out pack, for [`pdf_form`] to add to its PDF:
//! the placeholders a template left in the pages
//! (`templates/parts/fields.typ`), turned into fields with page
//! rectangles, and the face text fields are typed in. Each placeholder is
//! an invisible image of the field's size whose alt text describes the
//! field, so a field always sits exactly where the template put its box.

use std::collections::HashMap;

use pdf_form::{Field, FieldFont, Kind, PREFIX, Widget};
use serde::Deserialize;
use typst::diag::SourceDiagnostic;
use typst::layout::{Frame, FrameItem, Point, Size, Transform};
use typst::syntax::Span;
use typst::text::{Font, FontStyle, FontWeight};
use typst_layout::PagedDocument;

use crate::render::fonts;

/// The regular face of `family` among `fonts` (its upright face nearest
/// weight 400, else its first face), ready to embed for text fields.
pub fn field_font(fonts: &[Font], family: &str) -> Result<FieldFont, String> {
    let font = fonts::face(fonts, family, FontWeight::REGULAR, FontStyle::Normal)
        .or_else(|| fonts::family(fonts, family).next())
        .ok_or_else(|| format!("the font family \"{family}\" is not in fonts/; form fields need its regular face to embed"))?;
    FieldFont::new(pdf_form::Face { data: font.data(), index: font.index(), family, post_script_name: font.post_script_name() })
}

/// The field's description as `form-field()` writes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    name: String,
    kind: String,
    label: String,
    export: Option<String>,
    option: Option<String>,
    value: Option<String>,
}

/// A placeholder image as laid out.
struct Placed<'a> {
    /// Zero-based page index.
    page: usize,
    /// The alt text after [`PREFIX`].
    description: &'a str,
    span: Span,
    top_left: Point,
    size: Size,
    /// Whether it sits inside rotated, scaled or skewed content.
    transformed: bool,
}

/// Collects every field of `document`, in reading order, or every problem
/// with the placeholders (duplicate names, unknown kinds, fields inside
/// rotated or scaled content).
pub fn collect(document: &PagedDocument) -> Result<Vec<Field>, Vec<SourceDiagnostic>> {
    let mut placed = Vec::new();
    for (page, p) in document.pages().iter().enumerate() {
        find(&p.frame, Transform::identity(), page, &mut placed);
    }

    let mut fields: Vec<Field> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut first_page: HashMap<String, usize> = HashMap::new();
    let mut errors = Vec::new();
    for p in placed {
        let page = p.page;
        let fail = |message: String, hint: &str| SourceDiagnostic::error(p.span, message).with_hint(hint.to_string());
        let raw: Raw = match serde_json::from_str(p.description) {
            Ok(raw) => raw,
            Err(e) => {
                errors.push(fail(
                    format!("a form-field placeholder is malformed: {e}"),
                    "place fields with `form-field(..)` from templates/parts/fields.typ",
                ));
                continue;
            }
        };
        let (kind, key) = match kind_and_key(&raw) {
            Ok(ok) => ok,
            Err((message, hint)) => {
                errors.push(fail(message, hint));
                continue;
            }
        };
        if let Some(earlier) = first_page.insert(key.clone(), page) {
            let pages =
                if earlier == page { format!("both on page {}", page + 1) } else { format!("on pages {} and {}", earlier + 1, page + 1) };
            errors.push(fail(
                format!("the template places two fields named `{key}` ({pages})"),
                "field names must be unique; radio buttons of one group need different `export` values",
            ));
            continue;
        }
        if p.transformed {
            errors.push(fail(
                format!("the field `{key}` on page {} is inside rotated or scaled content", page + 1),
                "PDF form fields cannot be rotated or scaled: transform the content around the field, not the field",
            ));
            continue;
        }

        let page_height = document.pages()[page].frame.height().to_pt();
        let (x, y) = (p.top_left.x.to_pt(), p.top_left.y.to_pt());
        let (width, height) = (p.size.x.to_pt(), p.size.y.to_pt());
        let rect = [x, page_height - y - height, x + width, page_height - y].map(|v| v as f32);
        let widget = Widget { page, rect, key, alt: p.description.to_string(), export: raw.export.clone(), option: raw.option };
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

/// Appends the placeholder images in `frame` (drawn with `ts` on `page`)
/// to `placed`, in the order they were laid out.
fn find<'a>(frame: &'a Frame, ts: Transform, page: usize, placed: &mut Vec<Placed<'a>>) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let inner = ts.pre_concat(Transform::translate(pos.x, pos.y)).pre_concat(group.transform);
                find(&group.frame, inner, page, placed);
            }
            FrameItem::Image(image, size, span) => {
                if let Some(description) = image.alt().and_then(|alt| alt.strip_prefix(PREFIX)) {
                    placed.push(Placed {
                        page,
                        description,
                        span: *span,
                        top_left: pos.transform(ts),
                        size: *size,
                        transformed: !moves_only(ts),
                    });
                }
            }
            _ => {}
        }
    }
}

/// Whether `ts` only moves things (no rotation, scaling or skew, give or
/// take rounding).
fn moves_only(ts: Transform) -> bool {
    let near = |r: typst::layout::Ratio, v: f64| (r.get() - v).abs() < 1e-6;
    near(ts.sx, 1.0) && near(ts.sy, 1.0) && near(ts.kx, 0.0) && near(ts.ky, 0.0)
}

/// The field's kind and its key (`name`, or `name=export` for a radio
/// button), or what is wrong and a hint.
fn kind_and_key(raw: &Raw) -> Result<(Kind, String), (String, &'static str)> {
    let kind = match raw.kind.as_str() {
        "radio" => Kind::Radio,
        "text" => Kind::Text { multiline: false },
        "multiline" => Kind::Text { multiline: true },
        other => {
            return Err((format!("the field `{}` has the unknown kind `{other}`", raw.name), "use \"radio\", \"text\" or \"multiline\""));
        }
    };
    match (&kind, &raw.export) {
        (Kind::Radio, Some(export)) => Ok((kind, format!("{}={export}", raw.name))),
        (Kind::Radio, None) => {
            Err((format!("the radio button of `{}` has no `export` value", raw.name), "give each button its value, e.g. `export: \"3\"`"))
        }
        (Kind::Text { .. }, _) => Ok((kind, raw.name.clone())),
    }
}
