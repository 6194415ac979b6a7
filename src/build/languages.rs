//! The languages a source's packs are built in (`build --lang`, `[packs]
//! languages`), and listed in on the download page: in its own language
//! the source itself, in another the source translated
//! (`crate::translate::edition::load`); an entry `cy+en` builds bilingual
//! packs of the two.

use std::borrow::Cow;
use std::path::Path;

use super::Reporter;
use crate::model::{Framework, Packs};
use crate::source::ProjectPaths;
use crate::translate::edition::is_source_language;

/// The languages to build `fw`'s packs in: those `asked` on the command
/// line, else the source's `[packs] languages`, else the source's own.
pub fn wanted(asked: &[String], fw: &Framework) -> Vec<String> {
    let listed: Vec<String> = if asked.is_empty() { fw.packs.languages.iter().map(|l| l.value.clone()).collect() } else { asked.to_vec() };
    if listed.is_empty() { vec![fw.framework.language.clone()] } else { listed }
}

/// The languages other than the source's that `fw`'s download-page
/// listing names: those `asked` and those of its `[packs] languages`, so
/// a build of one keeps the others' files on the page.
pub fn listed(asked: &[String], fw: &Framework) -> Vec<String> {
    let mut listed: Vec<String> = Vec::new();
    // Bilingual entries (`cy+en`) are not listed: the listing knows one
    // language per file.
    let single = |entry: &String| Packs::edition_languages(entry).is_ok_and(|languages| languages.len() == 1);
    for language in wanted(asked, fw).into_iter().chain(wanted(&[], fw)).filter(single) {
        if !is_source_language(&language, fw) && !listed.contains(&language) {
            listed.push(language);
        }
    }
    listed
}

/// `fw`, read from `source`, in `language`: itself in its own language,
/// else translated, telling `reporter` how complete the translation is.
pub fn framework<'a>(
    fw: &'a Framework,
    source: &Path,
    paths: &ProjectPaths,
    language: &str,
    reporter: &dyn Reporter,
) -> Result<Cow<'a, Framework>, String> {
    if is_source_language(language, fw) {
        return Ok(Cow::Borrowed(fw));
    }
    let (translated, status) = crate::translate::edition::load(fw, source, paths, language)?;
    reporter.note(&format!("{}: {}", source.display(), status.describe(language)));
    Ok(Cow::Owned(translated))
}
