//! The languages a source's packs are built in (`build --lang`, `[packs]
//! languages`), and listed in on the download page: in its own language
//! the source itself, in another the source translated
//! (`crate::translate::edition::load`).

use crate::model::Framework;
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
    for language in wanted(asked, fw).into_iter().chain(wanted(&[], fw)) {
        if !is_source_language(&language, fw) && !listed.contains(&language) {
            listed.push(language);
        }
    }
    listed
}
