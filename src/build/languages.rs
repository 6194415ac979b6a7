//! The languages a source's packs are built in (`build --lang`, `[packs]
//! languages`): in its own language the source itself, in another the
//! source translated (`crate::translate::edition::load`); an entry
//! `cy+en` builds bilingual packs of the two.

use std::borrow::Cow;
use std::path::Path;

use super::Reporter;
use crate::model::Framework;
use crate::source::ProjectPaths;

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
    reporter.note(&format!(
        "{}: `{language}` {}% translated ({} of {} texts of the source; the rest in English)",
        source.display(),
        status.percent(),
        status.current,
        status.total
    ));
    Ok(Cow::Owned(translated))
}
