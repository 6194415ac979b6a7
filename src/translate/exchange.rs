//! What the two formats translators use (`xliff`, `po`) share: the units going out with their context and the translation so
//! far, and the units coming back with the English they were made from and
//! the line they are on, for messages.

use super::store::Translations;
use super::units::Unit;

/// The formats `translate extract` writes and `translate import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// XLIFF 2.1.
    Xliff,
    /// A gettext PO file.
    Po,
}

/// What a file says about itself.
#[derive(Clone, Debug)]
pub struct Header {
    /// The language translated into (`cy`).
    pub language: String,
    /// The source's language (`en-GB`).
    pub source_language: String,
    /// The source file, as named to `extract`: where `import` takes it back.
    pub source: String,
    /// `id version` of the framework, for PO's `Project-Id-Version`.
    pub project: String,
}

/// One unit going out.
#[derive(Clone, Debug)]
pub struct Outgoing {
    pub unit: Unit,
    /// The translation, when there is one of the English as it is now.
    pub translation: Option<String>,
    /// A translation of older English, `(english, translation)`, shown
    /// to the translator as a note to start from.
    pub previous: Option<(String, String)>,
}

impl Outgoing {
    /// Every unit of the source with what `translations` holds for it.
    pub fn all(units: &[Unit], translations: &Translations) -> Vec<Outgoing> {
        units
            .iter()
            .map(|unit| {
                let stored = translations.units.get(&unit.id);
                let current = stored.filter(|s| s.english == unit.english);
                Outgoing {
                    unit: unit.clone(),
                    translation: current.map(|s| s.text.clone()),
                    previous: stored.filter(|_| current.is_none()).map(|s| (s.english.clone(), s.text.clone())),
                }
            })
            .collect()
    }

    /// The notes on its context, by category: kind, level, domain, and a
    /// translation of older English.
    pub fn notes(&self) -> Vec<(&'static str, String)> {
        let mut notes = vec![("kind", self.unit.kind.clone())];
        notes.extend(self.unit.level.clone().map(|l| ("level", l)));
        notes.extend(self.unit.domain.clone().map(|d| ("domain", d)));
        notes.extend(self.previous.as_ref().map(|(english, text)| ("previous", format!("translated before from {english:?} as {text:?}"))));
        notes
    }
}

/// A file of translations coming back.
#[derive(Debug, Default)]
pub struct Exchange {
    /// The language it says it is in.
    pub language: Option<String>,
    /// The source it says it was extracted from.
    pub source: Option<String>,
    pub units: Vec<Offered>,
}

/// One unit coming back.
#[derive(Clone, Debug)]
pub struct Offered {
    pub id: String,
    /// The English the translator saw.
    pub english: String,
    /// Empty when not translated.
    pub translation: String,
    /// Where the unit starts in the file, from 1.
    pub line: usize,
}
