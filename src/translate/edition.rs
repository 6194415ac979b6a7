//! A framework in another language: the validated English model with
//! every translatable text replaced, by unit id, by its translation, and
//! the wording in that language. The plan and every renderer read it as
//! they read the English, so a Welsh pack needs nothing of them but this.
//! [`load`] reads what it needs beside a source, for `build --lang` and
//! for `harvest` (which plans a returned Welsh pack to know it unchanged).

use std::collections::HashMap;
use std::path::Path;

use super::Status;
use super::Unit;
use super::store::Translations;
use super::units::{self, WORDING};
use crate::editions::words::segments;
use crate::editions::{ChangeKind, Changes, Item};
use crate::model::{Framework, Wording};
use crate::source::{Diagnostics, ProjectPaths, translations};

/// `english` in `language`: each text its translation where `translations`
/// has one made from the English the source has now, else the English
/// (which `check` reports); the wording `wording` (framewright's table in
/// that language with the project's and the source's changes), each entry
/// of it replaced by the source's own translation of that entry where it
/// has one. The language of the packs becomes `language`.
pub fn framework(english: &Framework, language: &str, translations: &Translations, wording: Wording) -> Framework {
    let units = units::units(english);
    let text = super::translated(&units, translations);
    let english_of: std::collections::HashMap<&str, &str> = units.iter().map(|u| (u.id.as_str(), u.english.as_str())).collect();
    let mut fw = english.clone();
    fw.wording = wording;
    fw.translated_from = Some(std::mem::replace(&mut fw.framework.language, language.to_string()));
    units::walk(&mut fw, &mut |mut unit| {
        let (Some(text), Some(english)) = (text.get(unit.id), english_of.get(unit.id)) else { return };
        // A wording entry not translated by the source keeps the table's
        // words in the language rather than going back to the English.
        if unit.id.starts_with(WORDING) && text == english {
            return;
        }
        unit.slot.set(text);
    });
    let source_texts = units.iter().filter(|u| !u.id.starts_with(WORDING));
    fw.untranslated = source_texts.filter(|u| super::translation(u, translations).is_none()).map(|u| u.id.clone()).collect();
    fw
}

/// `english`, read from `source`, in `language` (not the source's own),
/// and how complete its translation is, as `check` counts it: the share of
/// the source's texts translated from the English they have now, a
/// wording entry translated where framewright's table in the language
/// (or the project's) has it.
pub fn load(english: &Framework, source: &Path, paths: &ProjectPaths, language: &str) -> Result<(Framework, Status), String> {
    let mut d = Diagnostics::default();
    let wording =
        crate::source::load_wording_in(language, paths, english.packs.strings.as_ref(), &mut d).ok_or_else(|| no_wording(language))?;
    if let Some(problem) = d.into_sorted().into_iter().find(|d| d.is_error()) {
        return Err(format!("the wording in `{language}`: {}", problem.message));
    }
    let file = translations::file_for(source, language);
    let (store, problems) = Translations::read(&file)?;
    if problems.iter().any(|p| p.is_error()) {
        return Err(format!("{} has mistakes; `framewright check` shows them", file.display()));
    }
    let status = super::status::compare(&super::units(english), language, &store, Some(&wording), &mut Diagnostics::default());
    let mut translated = framework(english, language, &store, wording);
    if let Some(changes) = translated.changes.as_mut() {
        let previous = crate::source::previous::read(english, paths).and_then(|(path, previous)| {
            let (store, _) = Translations::read(&translations::file_for(&path, language)).ok()?;
            Some(statement_translations(&previous, &store))
        });
        reword(changes, &statement_translations(english, &store), &previous.unwrap_or_default());
    }
    Ok((translated, status))
}

/// The statement changes of an edition (found comparing the English) in
/// the translation's words: each wording from its edition's translation
/// (`now` of this one's statements, `was` of the previous one's, by id),
/// a reworded statement marked word by word anew. A wording without a
/// translation made from the English it has stays English, and a
/// reworded statement stays English unless both its wordings are
/// translated, so marks never compare one language with another.
fn reword(changes: &mut Changes, now: &HashMap<String, String>, was: &HashMap<String, String>) {
    for c in changes.changes.iter_mut().filter(|c| c.item == Item::Statement) {
        match (c.kind, was.get(&c.id), now.get(&c.id)) {
            (ChangeKind::Reworded, Some(before), Some(after)) => {
                c.words = segments(before, after);
                (c.before, c.after) = (Some(before.clone()), Some(after.clone()));
            }
            (ChangeKind::Added, _, Some(after)) => c.after = Some(after.clone()),
            (ChangeKind::Removed | ChangeKind::Replaced, Some(before), _) => c.before = Some(before.clone()),
            _ => {}
        }
    }
}

/// The statements of `fw` that `store` translates from the English they
/// have, by statement id.
fn statement_translations(fw: &Framework, store: &Translations) -> HashMap<String, String> {
    let units: HashMap<String, Unit> = units::units(fw).into_iter().map(|unit| (unit.id.clone(), unit)).collect();
    fw.statements()
        .filter_map(|s| {
            let unit = units.get(&format!("statement.{}", s.id.value))?;
            Some((s.id.value.to_string(), super::translation(unit, store)?.to_string()))
        })
        .collect()
}

/// Why nothing can be made in `language`: framewright has no wording table in it.
pub fn no_wording(language: &str) -> String {
    format!("framewright has no wording in `{language}`; the languages it can build packs in: {}", crate::model::Wording::languages())
}

/// Whether `language` is `fw`'s own: its texts are the source's, not a
/// translation's.
pub fn is_source_language(language: &str, fw: &Framework) -> bool {
    crate::model::same_language(language, &fw.framework.language)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translate::Stored;

    #[test]
    fn texts_are_replaced_by_id_and_untranslated_wording_keeps_the_table() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let paths = crate::source::ProjectPaths { source_dir: root.join("sources"), root: root.to_path_buf() };
        let text = include_str!("../../sources/school-staff-mental-health.toml");
        let english = crate::source::parse(text, &paths, crate::plan::check).0.expect("a valid sample");
        let stored = |english: &str, text: &str| Stored { english: english.into(), text: text.into(), at: 0..0 };
        let units = units::units(&english);
        let title = units.iter().find(|u| u.id == "framework.title").expect("a title");
        let mut translations = Translations::default();
        translations.units.insert("framework.title".into(), stored(&title.english, "Fframwaith <em>prawf</em>"));
        let table = Wording(english.wording.0.keys().map(|k| (k.clone(), format!("cy:{k}"))).collect());
        let welsh = framework(&english, "cy", &translations, table);
        assert_eq!(welsh.framework.title, "Fframwaith <em>prawf</em>");
        assert_eq!(
            (welsh.framework.language.as_str(), welsh.translated_from.as_deref()),
            ("cy", Some(english.framework.language.as_str()))
        );
        assert!(welsh.wording.0.iter().all(|(k, v)| *v == format!("cy:{k}")));
        assert_eq!(welsh.levels[0].name, english.levels[0].name, "an untranslated text stays English");
        let level_name = format!("level.{}.name", english.levels[0].id.value);
        assert!(welsh.untranslated.contains(&level_name) && !welsh.untranslated.contains("framework.title"), "it is known to be English");
        assert!(!welsh.untranslated.iter().any(|id| id.starts_with(WORDING)), "the wording is the table's, in Welsh");
    }
}
