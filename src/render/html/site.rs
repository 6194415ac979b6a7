//! The download page (`output/index.html`): every framework built into an
//! output folder, from their [`Listing`](crate::plan::listing::Listing)s,
//! laid out by the project's `templates/html/index.html`. Self-contained
//! like the packs: style and script inline, links to the files beside it.
//! A folder with packs in several languages has the page in each
//! ([`Language`]), each linking to the others.

use std::path::Path;

use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;

use super::templates::Templates;
use crate::render::layout::Layout;

/// The page's template, inside `templates/html/`.
pub const TEMPLATE: &str = "index.html";

/// A language the page is written in.
#[derive(Clone, Debug, Serialize)]
pub struct Language {
    /// Its tag, for `hreflang`.
    pub tag: String,
    /// Its name in itself, as the page in it says it.
    pub name: String,
    /// The page's file name in this language.
    pub file: String,
}

/// The page's own words in language `tag`: the `[download]` words of the
/// first of `frameworks` listed in that language, else of the first.
pub fn words<'a>(frameworks: &'a [serde_json::Value], tag: &str) -> Option<&'a serde_json::Value> {
    let first = frameworks.iter().find(|f| f["framework"]["language"] == tag).or(frameworks.first());
    first.map(|f| &f["text"])
}

/// The page in `language` for `frameworks` (listings as JSON, worded in
/// that language where they can be, in page order), offering itself in
/// each of `languages`, with the templates of the project at `root`, its
/// own words (title, skip link) from [`words`].
pub fn index(root: &Path, frameworks: &[serde_json::Value], language: &Language, languages: &[Language]) -> Result<Vec<u8>, String> {
    let templates = Templates::load(root)?;
    let layout = Layout::load(root)?;
    let context = minijinja::context! {
        layout => Value::from(Serde(&layout)),
        page => Value::from(Serde(words(frameworks, &language.tag))),
        frameworks => Value::from(Serde(frameworks)),
        language => Value::from(Serde(language)),
        languages => Value::from(Serde(languages)),
        generator => format!("framewright {}", env!("CARGO_PKG_VERSION")),
    };
    templates.render(root, TEMPLATE, context).map(String::into_bytes).map_err(|e| e.to_string())
}
