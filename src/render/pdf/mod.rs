//! The PDF renderer: typesets a [`PackPlan`] with the embedded Typst and
//! exports a tagged PDF that claims PDF/UA-1 and PDF/A-2a; the form fields
//! the templates placed ([`fields`]) are added by the `pdf_form` crate
//! (`crates/pdf-form`), which every PDF passes through. [`hyphenate`] puts
//! soft hyphens into the Welsh text of the narrow grid column before Typst
//! reads the plan.

mod fields;
mod hyphenate;
mod world;

use std::path::Path;
use std::sync::OnceLock;

use typst::WorldExt;
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use world::Engine;
pub use world::PLAN_PATH;

use super::{RenderError, Rendered, Renderer, fonts};
use crate::model::Format;
use crate::plan::PackPlan;
use crate::source::{Diagnostic, ProjectFolder, diagnostic};

/// The default template, relative to the project root.
pub const DEFAULT_TEMPLATE: &str = "/templates/pack.typ";

/// Frees what typesetting keeps between packs (Typst's memoisation cache).
/// Each pack empties it before it starts, so a process that ends after its
/// last pack never pays for it; one that lives on, such as `build --watch`
/// between rounds, calls this.
pub fn release_memory() {
    comemo::evict(0);
}

/// Builds PDFs; one per build, shared by all packs and threads.
pub struct PdfRenderer {
    engine: Engine,
    timestamp: Timestamp,
    /// The family form fields are typed in, and the face made from it the
    /// first time a pack has fields (a build of full editions needs none).
    font_family: String,
    field_font: OnceLock<Result<pdf_form::FieldFont, String>>,
}

impl PdfRenderer {
    /// `root` is the project folder (with `templates/` and `fonts/`),
    /// `template` the main template inside it, `date` the build date and
    /// `font` the family form fields are typed in.
    pub fn new(root: &Path, template: &str, date: Datetime, font: &str) -> Result<Self, String> {
        let fonts = fonts::load(&ProjectFolder::Fonts.under(root))?;
        let engine = Engine::new(root, template, fonts, date)?;
        Ok(Self { engine, timestamp: Timestamp::new_utc(date), font_family: font.to_string(), field_font: OnceLock::new() })
    }

    /// Makes every string in `data` printable with the project's fonts: a
    /// character no face has (a tab, a control character, a private-use
    /// character, a script the fonts lack) stops the export of a tagged
    /// PDF, so what people typed could cost a whole report. Spacing
    /// characters become a space, the rest U+FFFD (or `?` where no face
    /// has that either). Only the PDF's copy: the harvest's CSV, workbook,
    /// Word and web reports keep every character as typed.
    pub fn printable(&self, data: &mut serde_json::Value) {
        let fonts = self.engine.fonts();
        let shown = |c: char| c == '\n' || fonts.iter().any(|f| f.info().coverage.contains(c as u32));
        let stand_in = if shown('\u{FFFD}') { '\u{FFFD}' } else { '?' };
        printable_in(data, &|c| {
            if shown(c) {
                c
            } else if c.is_whitespace() {
                ' '
            } else {
                stand_in
            }
        });
    }
}

fn printable_in(value: &mut serde_json::Value, map: &dyn Fn(char) -> char) {
    match value {
        serde_json::Value::String(text) if text.chars().any(|c| map(c) != c) => *text = text.chars().map(map).collect(),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| printable_in(v, map)),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(|v| printable_in(v, map)),
        _ => {}
    }
}

impl Renderer for PdfRenderer {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn release_caches(&self) {
        release_memory();
    }

    /// Typesets `plan` and exports it as PDF bytes.
    fn render(&self, plan: &PackPlan) -> Result<Rendered, RenderError> {
        let json = serde_json::to_vec(&hyphenate::for_typesetting(plan)).map_err(|e| RenderError::Other(e.to_string()))?;
        self.typeset(json, &format!("{}/{}", plan.identity.id.framework, plan.identity.id.pack))
    }

    fn files_read(&self) -> Vec<std::path::PathBuf> {
        self.engine.files_read()
    }
}

impl PdfRenderer {
    /// Typesets the renderer's main template with `data` (JSON) served
    /// where the pack template finds its plan, as a tagged PDF with the
    /// same standards and any form fields it places. Packs come through
    /// here; so do other documents with their own main template, such as
    /// the harvest's reports (`templates/report.typ`), whose data is not a
    /// plan. `ident` seeds the PDF's file identifier.
    pub fn typeset(&self, data: Vec<u8>, ident: &str) -> Result<Rendered, RenderError> {
        let world = self.engine.world(data);
        // Empty Typst's memoisation cache of the packs before this one.
        // Packs share almost no layout (every element's location differs),
        // and keeping results for later packs made a full build slower and
        // twice as big (`docs/performance.md`). Emptying it before a pack,
        // not after, leaves the last pack's cache to the operating system
        // at exit, where freeing it costs nothing, as it does for a
        // one-pack build.
        release_memory();
        let started = std::time::Instant::now();
        let Warned { output, warnings: _ } = typst::compile::<PagedDocument>(&world);
        let document = output.map_err(|errors| self.template_error(&world, &errors))?;
        let standards = PdfStandards::new(&[PdfStandard::Ua_1, PdfStandard::A_2a])
            .map_err(|e| RenderError::Other(format!("PDF standards: {}", e.message())))?;
        let options = PdfOptions {
            ident: Smart::Custom(ident.to_string()),
            creator: Smart::Custom(Some(format!("framewright {}", env!("CARGO_PKG_VERSION")))),
            timestamp: Some(self.timestamp),
            standards,
            ..PdfOptions::default()
        };
        let bytes = typst_pdf::pdf(&document, &options).map_err(|errors| self.template_error(&world, &errors))?;
        let typeset = started.elapsed();
        let forms_started = std::time::Instant::now();
        let fields = fields::collect(&document).map_err(|errors| self.template_error(&world, &errors))?;
        let font =
            || self.field_font.get_or_init(|| fields::field_font(self.engine.fonts(), &self.font_family)).as_ref().map_err(String::clone);
        let bytes = pdf_form::finish(&bytes, &fields, font).map_err(RenderError::Other)?;
        let forms = forms_started.elapsed();
        let (pages, fields) = (document.pages().len(), fields.iter().map(|f| f.widgets.len()).sum());
        Ok(Rendered { bytes, pages, fields, typeset, forms, description: format!("{pages} pages, {fields} fields") })
    }

    /// Turns Typst's errors into diagnostics that name the template file,
    /// line and column.
    fn template_error(&self, world: &world::PackWorld<'_>, errors: &[SourceDiagnostic]) -> RenderError {
        let mut text = String::new();
        for error in errors {
            let mut message = error.message.to_string();
            let help = error.hints.iter().map(|h| h.v.to_string()).collect::<Vec<_>>().join("; ");
            let located = error.span.id().and_then(|id| Some((self.engine.source_text(id)?, world.range(error.span)?)));
            match located {
                Some(((path, source), range)) => {
                    let mut d = Diagnostic::error(range, message);
                    if !help.is_empty() {
                        d = d.with_help(help);
                    }
                    text.push_str(&diagnostic::render(&path, &source, &[d], false));
                }
                None => {
                    if !help.is_empty() {
                        message = format!("{message} (hint: {help})");
                    }
                    text.push_str(&format!("error: {message}\n"));
                }
            }
        }
        RenderError::Template(text)
    }
}

#[cfg(test)]
mod printable_tests {
    use super::printable_in;

    #[test]
    fn every_string_is_mapped_and_nothing_else() {
        let mut data = serde_json::json!({ "name": "Amy\tLee", "rows": [{ "text": "a\u{1}b", "n": 3 }], "ok": "plain" });
        printable_in(&mut data, &|c| if c.is_control() && c != '\n' { if c.is_whitespace() { ' ' } else { '?' } } else { c });
        assert_eq!(data, serde_json::json!({ "name": "Amy Lee", "rows": [{ "text": "a?b", "n": 3 }], "ok": "plain" }));
    }
}
