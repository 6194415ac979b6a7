//! The translations file kept beside a source, `NAME.LANG.toml` beside
//! `NAME.toml` (named by `crate::source::translations`): a table per
//! unit, keyed by its id, holding the translation and the English it was
//! made from. Keeping the English itself rather than a hash lets `check`
//! say a translation is out of date and a reviewer see what it was made
//! from, in a file that reads and diffs like the source.
//!
//! ```toml
//! ["statement.l3-04"]
//! english = "Recognise the signs of neglect"
//! text = "Adnabod arwyddion esgeulustod"
//! ```

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use super::units::Unit;
use crate::source::Diagnostic;

/// One translated unit as the file holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    /// The English the translation was made from.
    pub english: String,
    /// The translation.
    pub text: String,
    /// Where its table header is in the file, for messages.
    pub at: Range<usize>,
}

/// A translations file as read: its text (for messages) and its units by id.
#[derive(Debug, Default)]
pub struct Translations {
    pub path: PathBuf,
    pub text: String,
    pub units: BTreeMap<String, Stored>,
}

impl Translations {
    /// Reads `path`; a file that does not exist is an empty set of
    /// translations. Mistakes in it come back as diagnostics placed in
    /// its text; the units that are well formed are kept.
    pub fn read(path: &Path) -> Result<(Self, Vec<Diagnostic>), String> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        let mut problems = Vec::new();
        let units = parse(&text, &mut problems);
        Ok((Self { path: path.to_path_buf(), text, units }, problems))
    }

    /// The file's new text: the units of `units` it holds, in that order
    /// (the source's), then any it holds for texts the source no longer
    /// has, by id, so nothing a translator made is lost by an import.
    pub fn render(&self, source_name: &str, language: &str, units: &[Unit]) -> String {
        let mut out = format!(
            "# Translations of {source_name} into `{language}`, kept by `framewright translate import`.\n\
             # Each unit holds the translation (`text`) and the English it was made from\n\
             # (`english`): `framewright check` reports units whose English has changed since.\n"
        );
        let known: std::collections::HashSet<&str> = units.iter().map(|u| u.id.as_str()).collect();
        let in_source = units.iter().filter_map(|u| self.units.get_key_value(&u.id));
        let left_over = self.units.iter().filter(|(id, _)| !known.contains(id.as_str()));
        for (id, stored) in in_source.chain(left_over) {
            out.push_str("\n[");
            crate::interop::toml_writer::string_text(&mut out, id);
            out.push_str("]\nenglish = ");
            crate::interop::toml_writer::string_text(&mut out, &stored.english);
            out.push_str("\ntext = ");
            crate::interop::toml_writer::string_text(&mut out, &stored.text);
            out.push('\n');
        }
        out
    }
}

/// The units of a translations file's text; what is wrong goes to `problems`.
fn parse(text: &str, problems: &mut Vec<Diagnostic>) -> BTreeMap<String, Stored> {
    let mut units = BTreeMap::new();
    let table = match DeTable::parse(text) {
        Ok(table) => table,
        Err(e) => {
            let at = e.span().unwrap_or(0..0);
            problems.push(Diagnostic::error(at, format!("TOML syntax: {}", e.message().trim())));
            return units;
        }
    };
    for (key, value) in table.get_ref() {
        let id = key.get_ref().to_string();
        let at = key.span();
        let DeValue::Table(fields) = value.get_ref() else {
            problems.push(Diagnostic::error(at, format!("`{id}` must be a table with `english` and `text`")));
            continue;
        };
        let mut english = None;
        let mut translation = None;
        for (field, value) in fields {
            let slot = match &**field.get_ref() {
                "english" => &mut english,
                "text" => &mut translation,
                other => {
                    problems.push(
                        Diagnostic::error(field.span(), format!("`{id}` has an unknown key `{other}`"))
                            .with_help("a unit holds only `english` and `text`"),
                    );
                    continue;
                }
            };
            match value.get_ref() {
                DeValue::String(s) => *slot = Some(s.to_string()),
                _ => problems.push(Diagnostic::error(value.span(), format!("`{id}.{}` must be text in quotes", field.get_ref()))),
            }
        }
        match (english, translation) {
            (Some(english), Some(text)) => {
                units.insert(id, Stored { english, text, at });
            }
            _ => problems.push(Diagnostic::error(at, format!("`{id}` needs both `english` and `text`"))),
        }
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_written_reads_back_the_same() {
        let stored = |english: &str, text: &str| Stored { english: english.into(), text: text.into(), at: 0..0 };
        let mut translations = Translations::default();
        translations.units.insert("statement.s1".into(), stored("Say \"no\"\nthen\tact \\ now", "Dweud \"na\"\nwedyn"));
        translations.units.insert("gone.unit".into(), stored("Old", "Hen"));
        let unit = Unit { id: "statement.s1".into(), english: String::new(), kind: String::new(), level: None, domain: None };
        let text = translations.render("x.toml", "cy", &[unit]);
        assert!(text.find("statement.s1").unwrap() < text.find("gone.unit").unwrap(), "source order first:\n{text}");
        let mut problems = Vec::new();
        let read = parse(&text, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        let pairs =
            |m: &BTreeMap<String, Stored>| m.iter().map(|(k, v)| (k.clone(), v.english.clone(), v.text.clone())).collect::<Vec<_>>();
        assert_eq!(pairs(&read), pairs(&translations.units));
    }
}
