//! Translations of a source, kept beside it and exchanged with translators
//! in the formats their tools read (issue 27, parts 1 and 2).
//!
//! [`units`] lists every translatable text of a framework and its wording
//! with a stable id: the one place ids are made. [`store`] reads and writes
//! the translations file beside the source (`NAME.LANG.toml`, named by
//! `crate::source::translations`), each unit holding the English it was
//! translated from; [`status`] compares it with the source for `check`
//! (missing, out of date, how complete). [`exchange`] is what the two
//! formats share, [`xliff`] and [`po`] write and read them ([`write`] and
//! [`read`] pick the one), and
//! [`import`] merges a file coming back into the store, refusing unknown
//! ids and changed [`placeholders`].
//!
//! A Welsh build reads a language with [`translated`]: every unit's text in
//! that language where the translation is of the English the source has
//! now, the English otherwise; [`edition`] puts those texts into the
//! model by id ([`units::walk`]) to give the framework in that language.

pub mod edition;
pub mod exchange;
pub mod import;
pub mod placeholders;
pub mod po;
pub mod status;
pub mod store;
pub mod units;
pub mod xliff;

use std::collections::BTreeMap;
use std::path::Path;

pub use exchange::{Exchange, Format, Header, Outgoing};
pub use status::Status;
pub use store::{Stored, Translations};
pub use units::{Unit, units};

/// Each unit's text in the language of `translations`: the translation
/// when it was made from the English `units` have now, else the English
/// (which `check` reports). Keyed by unit id.
pub fn translated(units: &[Unit], translations: &Translations) -> BTreeMap<String, String> {
    units.iter().map(|unit| (unit.id.clone(), translation(unit, translations).unwrap_or(&unit.english).to_string())).collect()
}

/// The translation of `unit` in `translations`, if it was made from the
/// English the unit has now.
pub fn translation<'a>(unit: &Unit, translations: &'a Translations) -> Option<&'a str> {
    translations.units.get(&unit.id).filter(|s| s.english == unit.english).map(|s| s.text.as_str())
}

/// The largest XLIFF or PO file `translate import` reads: one holds each
/// text of a source twice (the English and its translation) with its
/// notes and markup, so four times the largest source, and a stray huge
/// file is refused before it fills the memory.
pub const MAX_EXCHANGE_BYTES: u64 = 4 * crate::source::MAX_SOURCE_BYTES;

/// Reads an XLIFF or PO file (told apart by its content: XML starts with
/// `<`); a problem comes back as `file:line: message`.
pub fn read(path: &Path) -> Result<Exchange, String> {
    let mut text = String::new();
    // At most one byte past the limit: enough to know the file is too large.
    std::fs::File::open(path)
        .and_then(|file| std::io::Read::read_to_string(&mut std::io::Read::take(file, MAX_EXCHANGE_BYTES + 1), &mut text))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if text.len() as u64 > MAX_EXCHANGE_BYTES {
        return Err(format!(
            "{}: larger than the {} MiB a translation file can be; import the XLIFF or PO file `framewright translate extract` \
             wrote, translated (extract it again if this is not that file)",
            path.display(),
            MAX_EXCHANGE_BYTES / 1048576
        ));
    }
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let read = if text.trim_start().starts_with('<') { xliff::read(text) } else { po::read(text) };
    read.map_err(|(line, message)| format!("{}:{line}: {message}", path.display()))
}

/// Writes `units` in `format`.
pub fn write(format: Format, header: &Header, units: &[Outgoing]) -> String {
    match format {
        Format::Xliff => xliff::write(header, units),
        Format::Po => po::write(header, units),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_falls_back_to_the_english_where_its_translation_is_missing_or_out_of_date() {
        let unit =
            |id: &str, english: &str| Unit { id: id.into(), english: english.into(), kind: String::new(), level: None, domain: None };
        let units = [unit("a", "One"), unit("b", "Two"), unit("c", "Three")];
        let mut translations = Translations::default();
        translations.units.insert("a".into(), Stored { english: "One".into(), text: "Un".into(), at: 0..0 });
        translations.units.insert("b".into(), Stored { english: "Two, once".into(), text: "Dau".into(), at: 0..0 });
        let text = translated(&units, &translations);
        assert_eq!((text["a"].as_str(), text["b"].as_str(), text["c"].as_str()), ("Un", "Two", "Three"));
    }
}
