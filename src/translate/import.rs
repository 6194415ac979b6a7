//! Brings a translated file back into the translations file beside the
//! source. Every unit is checked first and nothing is taken unless all
//! are sound: an id the source does not have (a typing slip, or a file
//! for another source) and a translation whose placeholders differ from
//! its English are refused with the line they are on. A unit translated
//! from English the source has changed since is taken with that older
//! English, so `check` reports it out of date until it is translated again.

use std::collections::{HashMap, HashSet};

use super::exchange::Exchange;
use super::placeholders;
use super::store::{Stored, Translations};
use super::units::Unit;
use crate::source::suggest::nearest;

/// What an import took.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// Units translated in the file, now in the store.
    pub taken: usize,
    /// Of those, the ids translated from English that has changed since.
    pub outdated: Vec<String>,
    /// Units the file leaves untranslated (or marks fuzzy).
    pub untranslated: usize,
}

/// Merges `exchange` into `translations`; `file` names it in messages
/// (`file:line: …`). On any refusal nothing is changed and every refusal
/// comes back.
pub fn merge(units: &[Unit], exchange: &Exchange, translations: &mut Translations, file: &str) -> Result<Imported, Vec<String>> {
    let by_id: HashMap<&str, &Unit> = units.iter().map(|u| (u.id.as_str(), u)).collect();
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    let mut imported = Imported::default();
    let mut taken = Vec::new();
    for offered in &exchange.units {
        let at = format!("{file}:{}", offered.line);
        let Some(unit) = by_id.get(offered.id.as_str()) else {
            let hint = nearest(&offered.id, units.iter().map(|u| u.id.as_str()), 0.8)
                .map(|id| format!(" (did you mean `{id}`?)"))
                .unwrap_or_default();
            problems.push(format!("{at}: `{}` is not a text of the source{hint}; was the file extracted from another source?", offered.id));
            continue;
        };
        if !seen.insert(offered.id.as_str()) {
            problems.push(format!("{at}: `{}` is in the file twice", offered.id));
            continue;
        }
        if offered.translation.is_empty() {
            imported.untranslated += 1;
            continue;
        }
        let (wanted, got) = (placeholders::of(&offered.english), placeholders::of(&offered.translation));
        if wanted != got {
            problems.push(format!(
                "{at}: `{}`: the translation changes the placeholders: the English has {wanted:?}, the translation {got:?}; keep each as it is",
                offered.id
            ));
            continue;
        }
        if offered.english != unit.english {
            imported.outdated.push(offered.id.clone());
        }
        taken.push(offered);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    imported.taken = taken.len();
    for offered in taken {
        let at = translations.units.get(&offered.id).map_or(0..0, |s| s.at.clone());
        translations.units.insert(offered.id.clone(), Stored { english: offered.english.clone(), text: offered.translation.clone(), at });
    }
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translate::exchange::Offered;

    fn unit(id: &str, english: &str) -> Unit {
        Unit { id: id.into(), english: english.into(), kind: String::new(), level: None, domain: None }
    }

    fn offered(id: &str, english: &str, translation: &str, line: usize) -> Offered {
        Offered { id: id.into(), english: english.into(), translation: translation.into(), line }
    }

    #[test]
    fn sound_units_are_taken_and_older_english_is_kept() {
        let units = [unit("a", "Hello {{ name }}"), unit("b", "Now"), unit("c", "Later")];
        let exchange = Exchange {
            units: vec![
                offered("a", "Hello {{ name }}", "Helo {{name}}", 3),
                offered("b", "Then", "Wedyn", 7),
                offered("c", "Later", "", 9),
            ],
            ..Exchange::default()
        };
        let mut store = Translations::default();
        let imported = merge(&units, &exchange, &mut store, "f.po").unwrap();
        assert_eq!(imported, Imported { taken: 2, outdated: vec!["b".into()], untranslated: 1 });
        assert_eq!(store.units["b"].english, "Then");
    }

    #[test]
    fn unknown_ids_and_changed_placeholders_are_refused_with_their_line() {
        let units = [unit("statement.s1", "Rate {{ statement }}")];
        let exchange = Exchange {
            units: vec![offered("statement.s2", "x", "y", 4), offered("statement.s1", "Rate {{ statement }}", "Sgôr {{ datganiad }}", 9)],
            ..Exchange::default()
        };
        let mut store = Translations::default();
        let problems = merge(&units, &exchange, &mut store, "f.po").unwrap_err();
        assert!(problems[0].starts_with("f.po:4: `statement.s2` is not a text"), "{problems:?}");
        assert!(problems[1].starts_with("f.po:9: `statement.s1`: the translation changes the placeholders"), "{problems:?}");
        assert!(store.units.is_empty());
    }
}
