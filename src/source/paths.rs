//! Paths named in a source (logo, template): where they resolve and the
//! rule that they stay inside the project, so a shared source cannot make
//! framewright read arbitrary files; and the names of a project's folders
//! ([`ProjectFolder`]).

use std::path::{Component, Path, PathBuf};

use super::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Sp;

/// The folders a project holds besides its sources, which `new` copies, a
/// build hashes and watches, and the renderers read: the one place their
/// names are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectFolder {
    /// `templates/`: the Typst and HTML templates and `strings.toml`.
    Templates,
    /// `fonts/`: the only fonts used, with their licences.
    Fonts,
}

impl ProjectFolder {
    pub const ALL: [ProjectFolder; 2] = [ProjectFolder::Templates, ProjectFolder::Fonts];

    pub fn name(self) -> &'static str {
        match self {
            ProjectFolder::Templates => "templates",
            ProjectFolder::Fonts => "fonts",
        }
    }

    /// The folder in the project at `root`.
    pub fn under(self, root: &Path) -> PathBuf {
        root.join(self.name())
    }

    /// Whether `relative`, a path from the project root with `/` between
    /// folders ("templates/pack.typ"), is inside this folder.
    pub fn holds(self, relative: &str) -> bool {
        relative.strip_prefix(self.name()).is_some_and(|rest| rest.starts_with('/'))
    }
}

/// Where a source's relative paths start and where they must stay.
#[derive(Clone, Debug)]
pub struct ProjectPaths {
    /// The folder of the source file: relative paths start here.
    pub source_dir: PathBuf,
    /// The project: the folder holding `sources/`, or the source's own
    /// folder when it is not in a folder named `sources`.
    pub root: PathBuf,
}

impl ProjectPaths {
    pub fn for_source(source: &Path) -> Self {
        let source_dir = source.parent().map(Path::to_path_buf).unwrap_or_default();
        let source_dir = if source_dir.as_os_str().is_empty() { PathBuf::from(".") } else { source_dir };
        let source_dir = source_dir.canonicalize().unwrap_or(source_dir);
        let root = match (source_dir.file_name(), source_dir.parent()) {
            (Some(name), Some(parent)) if name == "sources" => parent.to_path_buf(),
            _ => source_dir.clone(),
        };
        Self { source_dir, root }
    }

    /// Resolves `relative` against the source folder, without touching the
    /// file system, so a path that climbs out is caught even if it does not exist.
    pub fn resolve(&self, relative: &str) -> Result<PathBuf, &'static str> {
        let path = Path::new(relative);
        if path.is_absolute() || relative.starts_with('\\') || relative.contains(':') {
            return Err("an absolute path: write it relative to the source file");
        }
        let mut resolved = self.source_dir.clone();
        for component in path.components() {
            match component {
                Component::Normal(part) => resolved.push(part),
                Component::ParentDir => {
                    resolved.pop();
                }
                Component::CurDir => {}
                Component::RootDir | Component::Prefix(_) => return Err("an absolute path"),
            }
        }
        if !resolved.starts_with(&self.root) {
            return Err("a path outside the project folder");
        }
        // A symbolic link inside the project may still point outside it.
        match resolved.canonicalize() {
            Ok(real) if !real.starts_with(&self.root) => Err("a link to a file outside the project folder"),
            _ => Ok(resolved),
        }
    }

    /// `relative` as a path from the project root ("/assets/logo.png"), the
    /// form Typst and the stock Typst CLI (`--root`) resolve; `None` if it
    /// leaves the project.
    pub fn project_relative(&self, relative: &str) -> Option<String> {
        let resolved = self.resolve(relative).ok()?;
        let inside = resolved.strip_prefix(&self.root).ok()?;
        let parts: Vec<String> = inside.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        Some(format!("/{}", parts.join("/")))
    }

    /// Checks that `path` (a `what`, e.g. "logo") resolves inside the project
    /// and names an existing file.
    pub fn check_file(&self, path: &Sp<String>, what: &str, d: &mut Diagnostics) {
        let root = self.root.display();
        if path.contains('\\') {
            // A Windows path in a literal string ('assets\logo.png'); in a
            // "…" string the backslash is a TOML syntax error (`syntax`).
            d.push(
                Diagnostic::error(path.span.clone(), format!("the {what} path `{}` has backslashes", path.value))
                    .with_label("`\\` is not a folder separator here")
                    .with_help(format!("use / between folders: '{}'", path.replace('\\', "/"))),
            );
            return;
        }
        match self.resolve(path) {
            Err(problem) => d.push(
                Diagnostic::error(path.span.clone(), format!("the {what} path `{}` leaves the project", path.value))
                    .with_label(problem)
                    .with_help(format!("keep the {what} inside {root} and refer to it relative to the source file")),
            ),
            Ok(resolved) if !resolved.is_file() => d.push(
                Diagnostic::error(path.span.clone(), format!("the {what} file `{}` does not exist", path.value))
                    .with_label(format!("looked for {}", resolved.display()))
                    .with_help(format!("paths are relative to the source file's folder ({})", self.source_dir.display())),
            ),
            Ok(_) => {}
        }
    }
}
