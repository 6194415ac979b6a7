//! The languages a source's packs are built in (`build --lang`, `[packs]
//! languages`): in its own language the source itself, in another the
//! source translated (`crate::translate::edition::load`).

use crate::model::Framework;

/// The languages to build `fw`'s packs in: those `asked` on the command
/// line, else the source's `[packs] languages`, else the source's own.
pub fn wanted(asked: &[String], fw: &Framework) -> Vec<String> {
    let listed: Vec<String> = if asked.is_empty() { fw.packs.languages.iter().map(|l| l.value.clone()).collect() } else { asked.to_vec() };
    if listed.is_empty() { vec![fw.framework.language.clone()] } else { listed }
}
