//! Reads the wording of a source's packs: framewright's built-in
//! `templates/strings.toml`, then the project's copy of that file (what a
//! council edits beside its templates), then the file the source names with
//! `[packs] strings` (single entries changed for one source, e.g. a Welsh
//! edition). Each layer may only change entries the built-in file has, with
//! text; every mistake is reported with the file, line and column.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

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
    let own = own.and_then(|own| Some((paths.resolve(own).ok()?, own.span.clone())));
    layered(Wording::BUILT_IN, ProjectFolder::Templates.under(&paths.root).join(PROJECT_FILE), own, d)
}

/// The wording in `language` (`cy`): framewright's table for it
/// (`templates/strings.cy.toml`), then the project's `strings.cy.toml`
/// beside its `strings.toml`, then the file beside the source's `[packs]
/// strings` named the same way (`words.toml` → `words.cy.toml`): the
/// layers of [`load`], each in that language. `None` when framewright has
/// no table for `language`.
pub fn load_in(language: &str, paths: &ProjectPaths, own: Option<&Sp<String>>, d: &mut Diagnostics) -> Option<Wording> {
    let built_in = Wording::built_in_in(language)?;
    let own = own.and_then(|own| Some((crate::source::translations::file_for(&paths.resolve(own).ok()?, language), own.span.clone())));
    let project = crate::source::translations::file_for(&ProjectFolder::Templates.under(&paths.root).join(PROJECT_FILE), language);
    Some(layered(built_in, project, own, d))
}

/// The entries of `built_in`, changed by those of the file `project` (if
/// there is one) and then of `own` (a file and where the source names it).
fn layered(built_in: &str, project: PathBuf, own: Option<(PathBuf, Range<usize>)>, d: &mut Diagnostics) -> Wording {
    let mut entries = BTreeMap::new();
    // The built-in files are checked by unit tests below.
    flatten_into(&mut entries, built_in, &mut |_| {});
    let mut layers = vec![(project, 0..0)];
    layers.extend(own);
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

    fn entries(text: &str) -> BTreeMap<String, String> {
        let mut entries = BTreeMap::new();
        let mut problems = Vec::new();
        flatten_into(&mut entries, text, &mut |p| problems.push(p.message));
        assert!(problems.is_empty(), "{problems:?}");
        entries.into_iter().map(|(k, (v, _))| (k, v)).collect()
    }

    #[test]
    fn the_built_in_wording_is_text_and_compiles() {
        let entries = entries(Wording::BUILT_IN);
        assert!(entries.len() > 60, "{}", entries.len());
        for (key, value) in &entries {
            compile(key, value).unwrap_or_else(|e| panic!("{key}: {e}"));
        }
    }

    #[test]
    fn each_language_table_has_the_english_keys_and_placeholders_and_compiles() {
        let english = entries(Wording::BUILT_IN);
        for (language, text) in Wording::LANGUAGES {
            let table = entries(text);
            let keys = |t: &BTreeMap<String, String>| t.keys().cloned().collect::<Vec<_>>();
            assert_eq!(keys(&table), keys(&english), "the keys of the `{language}` table");
            for (key, value) in &table {
                compile(key, value).unwrap_or_else(|e| panic!("{language} {key}: {e}"));
                let placeholders = crate::translate::placeholders::of;
                assert_eq!(placeholders(value), placeholders(&english[key]), "the placeholders of `{key}` in `{language}`");
            }
        }
    }
}
