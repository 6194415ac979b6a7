//! [`Wording`]: the fixed words of a pack (headings, sentences, table
//! headers, field labels), as entries of `templates/strings.toml` after the
//! project's and the source's overrides. The plan resolves them for each
//! pack; no renderer holds words of its own.

use std::collections::BTreeMap;

/// Entries by `section.key` (`headings.contents`, `training.formats.e-learning`),
/// each a minijinja template.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Wording(pub BTreeMap<String, String>);

impl Wording {
    /// framewright's own wording: the `templates/strings.toml` it was built with.
    pub const BUILT_IN: &'static str = include_str!("../../templates/strings.toml");

    /// framewright's wording tables in other languages, by language
    /// (`templates/strings.LANG.toml`, the keys of the English one).
    pub const LANGUAGES: [(&'static str, &'static str); 1] = [("cy", include_str!("../../templates/strings.cy.toml"))];

    /// framewright's own table in `language` (its primary subtag: `cy` of
    /// `cy-GB`), if it has one.
    pub fn built_in_in(language: &str) -> Option<&'static str> {
        let primary = language.split('-').next().unwrap_or_default().to_ascii_lowercase();
        if primary == "en" {
            return Some(Self::BUILT_IN);
        }
        Self::LANGUAGES.iter().find(|(l, _)| *l == primary).map(|(_, text)| *text)
    }

    /// The languages framewright has wording in, for messages ("en, cy").
    pub fn languages() -> String {
        std::iter::once("en").chain(Self::LANGUAGES.iter().map(|(l, _)| *l)).collect::<Vec<_>>().join(", ")
    }
}
