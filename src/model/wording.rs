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
}
