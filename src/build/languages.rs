//! The languages a source's packs are built in (`build --lang`, `[packs]
//! languages`), and listed in on the download page: in its own language
//! the source itself, in another the source translated
//! (`crate::translate::edition::load`); an entry `cy+en` builds bilingual
//! packs of the two, listed on the page in each language's listing.

use std::borrow::Cow;
use std::path::Path;

use super::Reporter;
use crate::model::{Framework, Packs};
use crate::plan::Edition;
use crate::source::ProjectPaths;
use crate::translate::edition::is_source_language;

/// The languages to build `fw`'s packs in: those `asked` on the command
/// line, else the source's `[packs] languages`, else the source's own.
pub fn wanted(asked: &[String], fw: &Framework) -> Vec<String> {
    let listed: Vec<String> = if asked.is_empty() { fw.packs.languages.iter().map(|l| l.value.clone()).collect() } else { asked.to_vec() };
    if listed.is_empty() { vec![fw.framework.language.clone()] } else { listed }
}

/// The entries (a language, or two for bilingual packs) other than the
/// source's own language that `fw`'s download-page listing names: those
/// `asked` and those of its `[packs] languages`, so a build of one keeps
/// the others' files on the page.
pub fn listed(asked: &[String], fw: &Framework) -> Vec<String> {
    let mut listed: Vec<String> = Vec::new();
    for entry in wanted(asked, fw).into_iter().chain(wanted(&[], fw)) {
        if !is_source_language(&entry, fw) && !listed.contains(&entry) {
            listed.push(entry);
        }
    }
    listed
}

/// `fw`, read from `source`, in each language of `entry` (`cy`, `cy+en`),
/// as [`framework`] gives it: the languages asked, and the frameworks.
pub fn frameworks<'a, 'e>(
    fw: &'a Framework,
    source: &Path,
    paths: &ProjectPaths,
    entry: &'e str,
    reporter: Option<&dyn Reporter>,
) -> Result<(Vec<&'e str>, Vec<Cow<'a, Framework>>), String> {
    let asked = Packs::edition_languages(entry)?;
    let frameworks = asked.iter().map(|language| framework(fw, source, paths, language, reporter)).collect::<Result<_, _>>()?;
    Ok((asked, frameworks))
}

/// `fw`, read from `source`, in `language`: itself in its own language,
/// else translated, telling `reporter` (if any) how complete the
/// translation is.
pub fn framework<'a>(
    fw: &'a Framework,
    source: &Path,
    paths: &ProjectPaths,
    language: &str,
    reporter: Option<&dyn Reporter>,
) -> Result<Cow<'a, Framework>, String> {
    if is_source_language(language, fw) {
        return Ok(Cow::Borrowed(fw));
    }
    let (translated, status) = crate::translate::edition::load(fw, source, paths, language)?;
    if let Some(reporter) = reporter {
        reporter.note(&format!("{}: {}", source.display(), status.describe(language)));
    }
    Ok(Cow::Owned(translated))
}

/// What the file names of the packs of `frameworks` (the languages `asked`
/// of one entry) say of their language: `cy-en` for a bilingual pack,
/// the language of a translation, nothing for the source's own.
pub fn named(asked: &[&str], frameworks: &[Cow<Framework>]) -> Option<String> {
    match frameworks {
        [fw] => crate::plan::naming::language(fw).map(String::from),
        _ => Some(asked.join("-")),
    }
}

/// The edition of `frameworks` (those of one entry): packs in the first
/// language, with the second alongside for bilingual packs.
pub fn edition<'a>(frameworks: &'a [Cow<Framework>]) -> Edition<'a> {
    Edition { fw: &frameworks[0], alongside: frameworks.get(1).map(|fw| &**fw) }
}
