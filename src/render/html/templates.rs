//! The HTML templates of a project (`templates/html/`), read once per build
//! from the project itself, so a council web team's edits take effect.
//! Every template is auto-escaped as HTML: source text reaches the page as
//! text, never as markup or script, whatever file it is printed from.

use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use crate::render::RenderError;
use crate::source::ProjectFolder;

/// The folder of the HTML templates, in the project's templates folder.
const FOLDER: &str = "html";

/// The folder of the HTML templates of the project at `root`.
fn folder(root: &Path) -> PathBuf {
    ProjectFolder::Templates.under(root).join(FOLDER)
}

/// A project's HTML templates, parsed.
pub struct Templates {
    env: Environment<'static>,
    /// The files read, for incremental builds and `--watch`.
    files: Vec<PathBuf>,
}

impl Templates {
    /// Reads every file below `root/templates/html` as a template named by
    /// its path inside that folder (`pack.html`, `parts/cover.html`).
    pub fn load(root: &Path) -> Result<Self, String> {
        let dir = folder(root);
        if !dir.is_dir() {
            return Err(format!(
                "{} does not exist: the HTML edition is made from the templates there (copy framewright's templates/html/ \
                 into the project, or leave \"html\" out of [packs] formats)",
                dir.display()
            ));
        }
        let mut env = Environment::new();
        // Even CSS and script files are escaped as HTML: they are printed
        // inside the page, where a `<` from a variable must stay text.
        env.set_auto_escape_callback(|_| AutoEscape::Html);
        // A misspelt variable is a mistake to report, not an empty string.
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // Keep the template's text in errors, for the snippet.
        env.set_debug(true);
        let files = crate::files::under(&dir, &|_| false, crate::files::Listing::Files)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for file in &files {
            let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read the template {}: {e}", file.display()))?;
            let name = file.strip_prefix(&dir).unwrap_or(file).components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>();
            env.add_template_owned(name.join("/"), text).map_err(|e| template_error(root, &e))?;
        }
        Ok(Self { env, files })
    }

    /// Renders template `name` with `context`.
    pub fn render(&self, root: &Path, name: &str, context: minijinja::Value) -> Result<String, RenderError> {
        let template = self.env.get_template(name).map_err(|e| RenderError::Other(template_error(root, &e)))?;
        template.render(context).map_err(|e| RenderError::Template(template_error(root, &e)))
    }

    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }
}

/// A template mistake with its file, line and the lines around it.
fn template_error(root: &Path, error: &minijinja::Error) -> String {
    let mut text = String::new();
    let mut e: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(err) = e {
        match err.downcast_ref::<minijinja::Error>() {
            Some(m) => {
                let file = m.name().map(|n| folder(root).join(n).display().to_string()).unwrap_or_default();
                let at = m.line().map(|l| format!("{file}:{l}: ")).unwrap_or_default();
                text.push_str(&format!("error: {at}{}\n", m.detail().unwrap_or(&m.kind().to_string())));
                if let Some(info) = m.template_source().zip(m.line()) {
                    text.push_str(&snippet(info.0, info.1));
                }
            }
            None => text.push_str(&format!("caused by: {err}\n")),
        }
        e = err.source();
    }
    text
}

/// The lines around `line` (from 1) of `source`, numbered.
fn snippet(source: &str, line: usize) -> String {
    let first = line.saturating_sub(2).max(1);
    source
        .lines()
        .enumerate()
        .skip(first - 1)
        .take(line + 1 - first + 1)
        .map(|(i, l)| format!("{} {:>4} | {l}\n", if i + 1 == line { ">" } else { " " }, i + 1))
        .collect()
}
