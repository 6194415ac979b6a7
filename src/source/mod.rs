//! From a file on disk to a validated [`Framework`]: read, parse TOML (with
//! spans), decode into the model, validate across the whole source. Every
//! step reports into one list of diagnostics, so all mistakes show at once.
//! A source naming its previous edition is compared with it ([`previous`]);
//! [`edition`] reads an edition named on the command line, a file or a git
//! revision of one, for `framewright diff`.

pub mod diagnostic;
pub mod edition;
pub mod given;
mod model_decode;
pub mod paths;
pub mod previous;
mod read;
mod role_title;
mod split_parse;
pub mod staff;
pub mod suggest;
mod syntax;
mod toml_decode;
pub mod translations;
mod validate;
mod wording;

use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use given::{SourceError, load_valid, named_or_default};
pub use paths::{ProjectFolder, ProjectPaths};
pub use read::{MAX_SOURCE_BYTES, UsageError};
pub(crate) use validate::is_language_tag;
pub use wording::{built_in as built_in_wording, load as load_wording, load_in as load_wording_in};

use crate::model::Framework;
use toml_decode::Decode;

/// A source file after loading: its text, what was wrong with it, and the
/// framework when it is valid.
#[derive(Debug)]
pub struct Loaded {
    pub path: PathBuf,
    pub text: String,
    pub paths: ProjectPaths,
    pub diagnostics: Vec<Diagnostic>,
    /// `Some` only when there are no errors (warnings allowed).
    pub framework: Option<Framework>,
}

impl Loaded {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// The diagnostics as text, with file, line, column and snippets.
    pub fn render_diagnostics(&self, color: bool) -> String {
        diagnostic::render(&self.path.display().to_string(), &self.text, &self.diagnostics, color)
    }
}

/// Checks that later steps make of a source that is otherwise valid (the
/// plan's: `crate::plan::check`), so the loader reports their findings with
/// its own and the source module needs nothing from them.
pub type Checks = fn(&Framework, &mut Diagnostics);

/// Loads and validates the source at `path`, then runs `checks` on it. A
/// path that cannot be used at all (missing, a folder) is a [`UsageError`];
/// everything else, including an unreadable or invalid file, comes back as a
/// [`Loaded`] with diagnostics.
pub fn load(path: &Path, checks: Checks) -> Result<Loaded, UsageError> {
    let paths = ProjectPaths::for_source(path);
    let mut loaded = Loaded { path: path.to_path_buf(), text: String::new(), paths, diagnostics: vec![], framework: None };
    match read::read_source(path)? {
        Ok(text) => loaded.text = text,
        Err(problem) => {
            loaded.diagnostics.push(Diagnostic::file_error(problem.to_string()));
            return Ok(loaded);
        }
    }
    let (framework, diagnostics) = parse(&loaded.text, &loaded.paths, checks);
    loaded.framework = framework;
    loaded.diagnostics = diagnostics;
    Ok(loaded)
}

/// Parses and validates source text, then runs `checks` on it; `paths`
/// locates the files it names. A source that names its previous edition
/// is compared with it (`previous`).
pub fn parse(text: &str, paths: &ProjectPaths, checks: Checks) -> (Option<Framework>, Vec<Diagnostic>) {
    parse_edition(text, paths, checks, true)
}

/// An earlier edition, as `previous` reads it: valid or `None`, without
/// following its own `previous` and without the later steps' checks.
fn earlier(text: &str, paths: &ProjectPaths) -> Option<Framework> {
    parse_edition(text, paths, |_, _| {}, false).0
}

fn parse_edition(text: &str, paths: &ProjectPaths, checks: Checks, follow_previous: bool) -> (Option<Framework>, Vec<Diagnostic>) {
    let mut d = Diagnostics::default();
    if text.trim().is_empty() {
        d.push(
            Diagnostic::file_error("the file is empty")
                .with_help("start from one of the sources in sources/ or the example in docs/source-format.md"),
        );
        return (None, d.into_sorted());
    }
    let (document, syntax_errors) = split_parse::parse(text);
    if !syntax_errors.is_empty() {
        // Decoding a tree the parser had to guess at would add confusing
        // follow-on errors: report every syntax error, then stop.
        for diagnostic in syntax::diagnostics(text) {
            d.push(diagnostic);
        }
        return (None, d.into_sorted());
    }
    let root = toml::Spanned::new(0..text.len(), toml::de::DeValue::Table(document.into_inner()));
    let mut framework = Framework::decode(&root, &mut d);
    if let Some(fw) = framework.as_mut() {
        let previous = fw.framework.previous.as_ref().filter(|_| follow_previous).and_then(|at| previous::load(at, paths, &mut d));
        let gone = previous.as_ref().map(|p| previous::gone(p, fw)).unwrap_or_default();
        validate::validate(fw, paths, &gone, &mut d);
        fw.wording = wording::load(paths, fw.packs.strings.as_ref(), &mut d);
        if !d.has_errors() {
            fw.changes = previous.as_ref().and_then(|p| previous::check(p, fw, &mut d));
            checks(fw, &mut d);
        }
    }
    let framework = if d.has_errors() { None } else { framework };
    (framework, d.into_sorted())
}
