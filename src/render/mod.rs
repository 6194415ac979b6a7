//! Renderers turn a [`PackPlan`](crate::plan::PackPlan) into file bytes. They
//! typeset what the plan says and never decide what a pack contains.

pub mod pdf;

/// A rendered pack.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Time spent in the typesetter itself (compile and export), for the
    /// benchmark's "framewright overhead" figure.
    pub typeset: std::time::Duration,
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
