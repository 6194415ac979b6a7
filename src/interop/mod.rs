//! Interoperability: CASE (1EdTech Competencies and Academic Standards
//! Exchange) packages out and in, and a first draft of a source from a
//! spreadsheet. Imports build a [`draft::Draft`] (the source's tables with
//! comments), write it as commented TOML and check it with the same
//! validator as `framewright check` before anything is written.

pub mod case;
pub mod draft;
pub mod ids;
pub mod sheet;
pub mod toml_writer;

use std::path::Path;

use crate::source::{self, ProjectPaths};

/// Why an import or export produced nothing: every problem, each with its place.
#[derive(Debug)]
pub struct Failed(pub Vec<String>);

/// What an import found worth telling: warnings about the input and what
/// the source could not carry.
#[derive(Debug, Default)]
pub struct Report {
    pub warnings: Vec<String>,
    pub lost: Vec<String>,
}

impl Report {
    /// The report as text, one line per point.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for w in &self.warnings {
            out.push_str(&format!("warning: {w}\n"));
        }
        for l in &self.lost {
            out.push_str(&format!("not kept: {l}\n"));
        }
        out
    }

    /// The comment lines an imported source starts with.
    pub fn header(&self, origin: &str) -> Vec<String> {
        let mut lines = vec![
            format!("Imported by framewright {} from {origin}.", env!("CARGO_PKG_VERSION")),
            "Check the framework details, levels and pack definitions, then run `framewright check`.".into(),
        ];
        if !self.lost.is_empty() {
            lines.push(String::new());
            lines.push("What this source could not carry:".into());
            lines.extend(self.lost.iter().map(|l| format!("- {l}")));
        }
        if !self.warnings.is_empty() {
            lines.push(String::new());
            lines.push(format!("{} warning(s) while reading; see the import report.", self.warnings.len()));
        }
        lines
    }
}

/// Writes `draft` as source text and checks it as `framewright check`
/// would, for a file at `out` (so relative paths resolve from there). The
/// draft is freed before the check so that the check reuses its memory.
pub fn finish(draft: draft::Draft, out: Option<&Path>) -> Result<String, Failed> {
    let text = toml_writer::write(&draft);
    drop(draft);
    if text.len() as u64 > source::MAX_SOURCE_BYTES {
        return Err(Failed(vec![format!(
            "the imported source would be {:.1} MiB; framewright reads sources up to {} MiB, so split the framework into several",
            text.len() as f64 / 1048576.0,
            source::MAX_SOURCE_BYTES / 1048576
        )]));
    }
    let at = out.unwrap_or(Path::new("sources/imported.toml"));
    let (framework, diagnostics) = source::parse(&text, &ProjectPaths::for_source(at), crate::plan::check);
    if framework.is_none() {
        let shown = source::diagnostic::render(&at.display().to_string(), &text, &diagnostics, false);
        return Err(Failed(vec![format!(
            "the imported source does not pass `framewright check`; this is a framewright bug, please report it:\n{shown}"
        )]));
    }
    Ok(text)
}

/// Writes `bytes` to `out` through a temporary file and a rename (never a
/// half-written file), or to stdout when `out` is `None`.
pub fn write_output(out: Option<&Path>, bytes: &[u8]) -> Result<(), String> {
    match out {
        Some(path) => crate::files::write_atomically(path, bytes, true),
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(bytes).and_then(|()| stdout.flush()).map_err(|e| format!("cannot write to stdout: {e}"))
        }
    }
}
