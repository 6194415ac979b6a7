//! The languages a source's packs are built in (`build --lang`, `[packs]
//! languages`), and the framework in each: the source itself in its own
//! language, else the source translated by the translations kept beside
//! it (`crate::translate::edition`) with framewright's wording in that
//! language.

use std::path::Path;

use crate::model::Framework;
use crate::source::{Diagnostics, ProjectPaths, translations};
use crate::translate::{self, Status, Translations};

/// The languages to build `fw`'s packs in: those `asked` on the command
/// line, else the source's `[packs] languages`, else the source's own.
pub fn wanted(asked: &[String], fw: &Framework) -> Vec<String> {
    let listed: Vec<String> = if asked.is_empty() { fw.packs.languages.iter().map(|l| l.value.clone()).collect() } else { asked.to_vec() };
    if listed.is_empty() { vec![fw.framework.language.clone()] } else { listed }
}

/// Whether `language` is the source's own (`en` is `en-GB`'s): its packs
/// are the source's, not a translation's.
pub fn is_source_language(language: &str, fw: &Framework) -> bool {
    let primary = |tag: &str| tag.split('-').next().unwrap_or_default().to_ascii_lowercase();
    primary(language) == primary(&fw.framework.language)
}

/// `english`, read from `source`, in `language` (not the source's own),
/// and how complete its translation is: the share of the source's texts
/// translated from the English they have now. The wording is not counted:
/// framewright's table in the language gives it where the translations
/// file does not.
pub fn translated(english: &Framework, source: &Path, paths: &ProjectPaths, language: &str) -> Result<(Framework, Status), String> {
    let mut d = Diagnostics::default();
    let wording = crate::source::load_wording_in(language, paths, english.packs.strings.as_ref(), &mut d)
        .ok_or_else(|| {
            format!("framewright has no wording in `{language}`; the languages it can build packs in: {}", crate::model::Wording::languages())
        })?;
    if let Some(problem) = d.into_sorted().into_iter().find(|d| d.is_error()) {
        return Err(format!("the wording in `{language}`: {}", problem.message));
    }
    let file = translations::file_for(source, language);
    let (store, problems) = Translations::read(&file)?;
    if problems.iter().any(|p| p.is_error()) {
        return Err(format!("{} has mistakes; `framewright check` shows them", file.display()));
    }
    let units: Vec<translate::Unit> = translate::units(english).into_iter().filter(|u| !u.id.starts_with(translate::units::WORDING)).collect();
    let status = translate::status::compare(&units, language, &store, &mut Diagnostics::default());
    Ok((translate::edition::framework(english, language, &store, wording), status))
}
