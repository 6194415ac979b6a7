//! Diagnostics: what went wrong in a source, where, and what to do about it.
//!
//! Every check in `source` pushes [`Diagnostic`]s into one list instead of
//! returning at the first problem, so a person fixing a file sees all of its
//! mistakes in one run. Rendering (with file, line, column and a snippet) is
//! left to `codespan-reporting`, the same crate the Typst CLI uses.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};

/// How bad a diagnostic is: errors make the source invalid, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in a source file.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// The bytes of the source the problem is about (none for whole-file problems).
    pub span: Option<Range<usize>>,
    /// A short label printed under the snippet.
    pub label: String,
    /// Other places that explain the problem ("first defined here").
    pub related: Vec<(Range<usize>, String)>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(span: Range<usize>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, Some(span), message)
    }

    pub fn warning(span: Range<usize>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, Some(span), message)
    }

    /// A problem with the file as a whole (unreadable, too large, …).
    pub fn file_error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, None, message)
    }

    /// A warning about the file as a whole (a translation it lacks).
    pub fn file_warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, None, message)
    }

    fn new(severity: Severity, span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        Self { severity, message: message.into(), span, label: String::new(), related: vec![], help: None }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_related(mut self, span: Range<usize>, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A collector the checks push into; kept separate from the model so every
/// decoder and validator can report without stopping.
#[derive(Default, Debug)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    /// Adds `other`'s diagnostics after these, in their order.
    pub fn append(&mut self, mut other: Diagnostics) {
        self.list.append(&mut other.list);
    }

    /// Where the diagnostics so far point.
    pub fn spans(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.list.iter().filter_map(|d| d.span.clone())
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    /// All diagnostics, ordered by their place in the file so the output
    /// reads top to bottom.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.list.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        self.list
    }
}

/// Renders diagnostics for one file as text, with `path:line:column`, a
/// snippet and the help line. `color` adds terminal colours.
pub fn render(path: &str, text: &str, diagnostics: &[Diagnostic], color: bool) -> String {
    let file = SimpleFile::new(path, text);
    let config = Config::default();
    let mut out = String::new();
    for d in diagnostics {
        let report = to_report(d, text);
        let rendered = if color {
            let mut buffer = codespan_reporting::term::termcolor::Buffer::ansi();
            term::emit_to_write_style(&mut buffer, &config, &file, &report)
                .map(|()| String::from_utf8_lossy(buffer.as_slice()).into_owned())
        } else {
            term::emit_into_string(&config, &file, &report)
        };
        // Rendering only fails for spans outside the file, which `to_report` clamps.
        out.push_str(&rendered.unwrap_or_else(|e| format!("{path}: {} ({e})\n", d.message)));
    }
    out
}

/// Spans are clamped to the file and cut to their first line: a table's
/// span covers its whole body, but the reader needs only its header.
fn to_report(d: &Diagnostic, text: &str) -> Report<()> {
    let clamp = |r: &Range<usize>| {
        let start = r.start.min(text.len());
        let end = r.end.clamp(start, text.len());
        let first_line_end = text.get(start..end).and_then(|s| s.find('\n')).map_or(end, |n| start + n);
        start..first_line_end
    };
    let mut labels = Vec::new();
    if let Some(span) = &d.span {
        labels.push(Label::primary((), clamp(span)).with_message(&d.label));
    }
    for (span, message) in &d.related {
        labels.push(Label::secondary((), clamp(span)).with_message(message));
    }
    let report = match d.severity {
        Severity::Error => Report::error(),
        Severity::Warning => Report::warning(),
    };
    let notes = d.help.iter().map(|h| format!("help: {h}")).collect();
    report.with_message(&d.message).with_labels(labels).with_notes(notes)
}
