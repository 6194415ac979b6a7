//! Reads the wording of a source's packs: framewright's built-in
//! `templates/strings.toml`, then the project's copy of that file (what a
//! council edits beside its templates), then the file the source names with
//! `[packs] strings` (single entries changed for one source, e.g. a Welsh
//! edition). Each layer may only change entries the built-in file has, with
//! text; every mistake is reported with the file, line and column.

use std::collections::BTreeMap;

use minijinja::Environment;
use toml::de::{DeTable, DeValue};

use super::diagnostic::{Diagnostic, Diagnostics};
use super::suggest::nearest;
use super::{ProjectFolder, ProjectPaths};
use crate::model::{Sp, Wording};

/// The project's copy of the wording, in its templates folder.
const PROJECT_FILE: &str = "strings.toml";

/// The wording for a source whose `[packs] strings` is `own`. Problems in
/// another file are reported at `own` (or at the start of the source) with
/// that file's line and column in the message.
pub fn load(paths: &ProjectPaths, own: Option<&Sp<String>>, d: &mut Diagnostics) -> Wording {
    let mut entries = BTreeMap::new();
    // The built-in file is checked by a unit test below.
    flatten_into(&mut entries, Wording::BUILT_IN, &mut |_| {});
    let mut layers = vec![(ProjectFolder::Templates.under(&paths.root).join(PROJECT_FILE), 0..0)];
    if let Some(own) = own
        && let Ok(path) = paths.resolve(own)
    {
        layers.push((path, own.span.clone()));
    }
    for (path, span) in layers {
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            // The project file is optional; a named file that is missing is
            // reported by the path checks of `[packs]`.
            Err(_) => continue,
        };
        let name = path.display().to_string();
        let mut layer = BTreeMap::new();
        flatten_into(&mut layer, &text, &mut |problem| d.push(problem.at(&span, &name, &text)));
        for (key, (value, at)) in layer {
            let (key_at, at) = at;
            if !entries.contains_key(&key) {
                let hint =
                    nearest(&key, entries.keys().map(String::as_str), 0.8).map(|k| format!("did you mean `{k}`? ")).unwrap_or_default();
                let problem = Problem { offset: key_at, message: format!("`{key}` is not an entry of the wording") };
                d.push(
                    problem
                        .at(&span, &name, &text)
                        .with_help(format!("{hint}the entries are those of framewright's templates/strings.toml")),
                );
                continue;
            }
            if let Err(e) = compile(&key, &value) {
                d.push(Problem { offset: at, message: format!("`{key}` is not a valid template: {e}") }.at(&span, &name, &text));
                continue;
            }
            entries.insert(key, (value, (key_at, at)));
        }
    }
    Wording(entries.into_iter().map(|(k, (v, _))| (k, v)).collect())
}

/// framewright's own wording, with no project's or source's changes.
pub fn built_in() -> Wording {
    let mut entries = BTreeMap::new();
    flatten_into(&mut entries, Wording::BUILT_IN, &mut |_| {});
    Wording(entries.into_iter().map(|(k, (v, _))| (k, v)).collect())
}

/// Whether `template` compiles, for a mistake found while loading.
fn compile(name: &str, template: &str) -> Result<(), minijinja::Error> {
    Environment::new().template_from_named_str(name, template).map(|_| ())
}

/// A problem at a byte offset of a wording file.
struct Problem {
    offset: usize,
    message: String,
}

impl Problem {
    /// The diagnostic, placed at `span` of the source and naming the
    /// wording file's line and column.
    fn at(self, span: &std::ops::Range<usize>, name: &str, text: &str) -> Diagnostic {
        let before = &text[..self.offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic::error(span.clone(), format!("{name}:{line}:{column}: {}", self.message))
    }
}

/// Reads a wording file into `out` (`section.key` → text, and the offsets
/// of the key and of the value);
/// reports syntax errors and values that are not text.
fn flatten_into(out: &mut BTreeMap<String, (String, (usize, usize))>, text: &str, report: &mut dyn FnMut(Problem)) {
    let table = match DeTable::parse(text) {
        Ok(table) => table,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            report(Problem { offset, message: format!("TOML syntax: {}", e.message().trim()) });
            return;
        }
    };
    walk(out, table.get_ref(), "", report);
}

fn walk(out: &mut BTreeMap<String, (String, (usize, usize))>, table: &DeTable<'_>, prefix: &str, report: &mut dyn FnMut(Problem)) {
    for (key, value) in table {
        let path = format!("{prefix}{}", key.get_ref());
        match value.get_ref() {
            DeValue::String(s) => {
                out.insert(path, (s.to_string(), (key.span().start, value.span().start)));
            }
            DeValue::Table(inner) => walk(out, inner, &format!("{path}."), report),
            _ => report(Problem { offset: value.span().start, message: format!("`{path}` must be text in quotes") }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_wording_is_text_and_compiles() {
        let mut entries = BTreeMap::new();
        let mut problems = Vec::new();
        flatten_into(&mut entries, Wording::BUILT_IN, &mut |p| problems.push(p.message));
        assert!(problems.is_empty(), "{problems:?}");
        assert!(entries.len() > 60, "{}", entries.len());
        for (key, (value, _)) in &entries {
            compile(key, value).unwrap_or_else(|e| panic!("{key}: {e}"));
        }
    }
}
