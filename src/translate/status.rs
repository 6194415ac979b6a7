//! How complete a language is: each unit of the source compared with the
//! translations file, giving the diagnostics `check` prints (placed in the
//! translations file, by id) and the figures of its summary line, and
//! those of the note a build in that language prints.

use super::placeholders;
use super::store::Translations;
use super::units::{Unit, WORDING};
use crate::model::Wording;
use crate::source::{Diagnostic, Diagnostics};

/// One language of one source, unit by unit.
#[derive(Debug, Default)]
pub struct Status {
    /// Units of the source.
    pub total: usize,
    /// Units translated from the English the source has now.
    pub current: usize,
    /// Ids with no translation.
    pub missing: Vec<String>,
    /// Ids translated from English that has changed since.
    pub outdated: Vec<String>,
    /// Ids the file holds that the source no longer has.
    pub orphaned: Vec<String>,
}

impl Status {
    /// Whole percent of the units translated and up to date; a source
    /// without units is complete.
    pub fn percent(&self) -> usize {
        (self.current * 100).checked_div(self.total).unwrap_or(100)
    }

    /// How complete the language `language` is, in a line for the person
    /// building or harvesting.
    pub fn describe(&self, language: &str) -> String {
        format!("`{language}` {}% translated ({} of {} texts; the rest in English)", self.percent(), self.current, self.total)
    }
}

/// Compares `translations` (into `language`) with `units`, pushing a
/// warning for each missing, out-of-date or left-over unit and an error
/// for a translation that lost a placeholder of its English. A unit of
/// the wording the file does not translate counts as translated when
/// `table`, the wording in that language (framewright's table with the
/// project's changes), has its entry: the packs take it from there. So
/// `check` and the build's note give the same figures.
pub fn compare(units: &[Unit], language: &str, translations: &Translations, table: Option<&Wording>, d: &mut Diagnostics) -> Status {
    let mut status = Status { total: units.len(), ..Status::default() };
    let name = translations.path.display();
    let in_table = |id: &str| id.strip_prefix(WORDING).is_some_and(|key| table.is_some_and(|t| t.0.contains_key(key)));
    for unit in units {
        let Some(stored) = translations.units.get(&unit.id) else {
            if in_table(&unit.id) {
                status.current += 1;
                continue;
            }
            d.push(
                Diagnostic::file_warning(format!("{name}: `{}` has no translation into `{language}`", unit.id))
                    .with_help(format!("the English: {:?}", unit.english)),
            );
            status.missing.push(unit.id.clone());
            continue;
        };
        if placeholders::of(&stored.text) != placeholders::of(&stored.english) {
            d.push(
                Diagnostic::error(
                    stored.at.clone(),
                    format!("`{}`: the translation does not keep the placeholders of its English", unit.id),
                )
                .with_help(format!("keep each of {:?}", placeholders::of(&stored.english))),
            );
        }
        if stored.english == unit.english {
            status.current += 1;
        } else {
            d.push(
                Diagnostic::warning(
                    stored.at.clone(),
                    format!("`{}` is out of date: its English has changed since it was translated", unit.id),
                )
                .with_label("translated from older English")
                .with_help(format!("the English now reads {:?}; translate it again and update `english`", unit.english)),
            );
            status.outdated.push(unit.id.clone());
        }
    }
    let known: std::collections::HashSet<&str> = units.iter().map(|u| u.id.as_str()).collect();
    for (id, stored) in &translations.units {
        if !known.contains(id.as_str()) {
            d.push(
                Diagnostic::warning(stored.at.clone(), format!("`{id}` is not a text of the source any more"))
                    .with_help("remove it, or keep it until the text comes back"),
            );
            status.orphaned.push(id.clone());
        }
    }
    status
}
