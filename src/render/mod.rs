//! Renderers turn a [`PackPlan`] into file bytes. They typeset what the plan
//! says and never decide what a pack contains. Each backend lives in its own
//! module and implements [`Renderer`]; `build` picks one per [`Format`].

pub mod docx;
pub mod pdf;

use crate::model::Format;
use crate::plan::PackPlan;

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
