//! The download page (`output/index.html`): every framework built into an
//! output folder, from their [`Listing`](crate::plan::listing::Listing)s,
//! laid out by the project's `templates/html/index.html`. Self-contained
//! like the packs: style and script inline, links to the files beside it.

use std::path::Path;

use minijinja::Value;
use minijinja::value::Serde;

use super::templates::Templates;
use crate::render::layout::Layout;

/// The page's template, inside `templates/html/`.
pub const TEMPLATE: &str = "index.html";

/// The page for `frameworks` (listings as JSON, in page order), with the
/// templates of the project at `root`. The page's own words (title, skip
/// link) are those of the first framework.
pub fn index(root: &Path, frameworks: &[serde_json::Value]) -> Result<Vec<u8>, String> {
    let templates = Templates::load(root)?;
    let layout = Layout::load(root)?;
    let context = minijinja::context! {
        layout => Value::from(Serde(&layout)),
        page => Value::from(Serde(frameworks.first().map(|f| &f["text"]))),
        frameworks => Value::from(Serde(frameworks)),
        generator => format!("framewright {}", env!("CARGO_PKG_VERSION")),
    };
    templates.render(root, TEMPLATE, context).map(String::into_bytes).map_err(|e| e.to_string())
}
