//! Renderers turn a [`PackPlan`] into file bytes (and, for the harvest's
//! reports, a [`crate::plan::report::ReportPlan`]: Word, the web page and
//! the workbook). They lay out what the plan says (its parts, headings and
//! words) and never decide what a pack contains or how it is worded. Each
//! backend lives in its own module and implements [`Renderer`]; [`start`]
//! is the one place a format becomes a renderer, so adding a format is its
//! module and one line there.
//! [`layout`] reads the margins and type sizes the PDF templates read too;
//! [`report`] makes a report plan's documents (PDF, Word, web page).

pub mod docx;
mod fonts;
pub mod html;
pub mod layout;
pub mod pdf;
pub mod report;
pub mod xlsx;

use std::path::Path;

use typst::foundations::Datetime;

use crate::model::Format;
use crate::plan::PackPlan;

/// What renderers are started with: the same for every format of a build.
pub struct Setup<'a> {
    /// The project folder (templates, fonts and the logo are read there).
    pub root: &'a Path,
    /// The Typst template, from the project root ("/templates/pack.typ").
    pub template: &'a str,
    /// The build date, stamped into every file.
    pub date: Datetime,
    /// The branding font family.
    pub font: &'a str,
}

/// One renderer for each of `formats` (each loads its fonts and templates
/// once, for every pack of the build).
pub fn start(formats: &[Format], setup: &Setup) -> Result<Vec<Box<dyn Renderer>>, String> {
    let mut renderers: Vec<Box<dyn Renderer>> = Vec::new();
    for format in Format::ALL.iter().map(|(_, f)| *f).filter(|f| formats.contains(f)) {
        renderers.push(match format {
            Format::Pdf => Box::new(pdf::PdfRenderer::new(setup.root, setup.template, setup.date, setup.font)?),
            Format::Docx => Box::new(docx::DocxRenderer::new(setup.root, setup.date, setup.font)?),
            Format::Html => Box::new(html::HtmlRenderer::new(setup.root)?),
        });
    }
    Ok(renderers)
}

/// A backend that turns one pack plan into one file. Shared by every thread
/// of a build, so it holds only what all packs share (fonts, templates).
pub trait Renderer: Sync {
    /// The format this renderer writes.
    fn format(&self) -> Format;
    /// Renders `plan` into the bytes of one file.
    fn render(&self, plan: &PackPlan) -> Result<Rendered, RenderError>;
    /// The project files the renders so far have read besides the plan,
    /// so an incremental build notices when one of them changes.
    fn files_read(&self) -> Vec<std::path::PathBuf> {
        Vec::new()
    }
    /// Frees what the renderer keeps between packs, for a process that
    /// lives on after a build (`build --watch`).
    fn release_caches(&self) {}
}

/// A rendered pack.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Fillable form fields (PDF AcroForm fields, Word content controls).
    pub fields: usize,
    /// Time spent in the typesetter itself (compile and export), for the
    /// benchmark's "framewright overhead" figure.
    pub typeset: std::time::Duration,
    /// Time spent adding form fields after typesetting (zero if none).
    pub forms: std::time::Duration,
    /// What the file holds, for the build's summary line ("12 pages, 300
    /// fields", "300 content controls").
    pub description: String,
}

/// Why a pack could not be rendered.
#[derive(Debug)]
pub enum RenderError {
    /// The template failed: rendered diagnostics naming the template file,
    /// line and column.
    Template(String),
    Other(String),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Template(text) => write!(f, "the template failed:\n{text}"),
            RenderError::Other(text) => f.write_str(text),
        }
    }
}
