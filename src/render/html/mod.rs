//! The HTML renderer: a [`PackPlan`] in, one self-contained web page out
//! (the accessible HTML edition). It lays out the plan's parts in order with
//! the minijinja templates of the project's `templates/html/` (`pack.html`
//! and its parts), which print only the plan's words; style and script are
//! inline and the logo is a `data:` URL, so the page makes no network
//! request. The self-assessment is a form of real controls that keeps its
//! answers in the browser and saves them as an answers file, and, when
//! `framewright serve` serves the page with a `collection.json` beside it,
//! sends that file (see `docs/html-edition.md`); [`site`] makes the
//! download page and [`report`] the harvest's reports as web pages.

pub mod report;
pub mod site;
mod templates;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use base64::Engine as _;
use minijinja::Value;
use minijinja::value::Serde;

use super::{RenderError, Rendered, Renderer};
use crate::model::Format;
use crate::plan::PackPlan;
use crate::render::layout::Layout;
pub use templates::Templates;

/// The main template of a pack, inside `templates/html/`.
pub const PACK_TEMPLATE: &str = "pack.html";

/// Builds HTML packs; one per build, shared by all packs and threads.
pub struct HtmlRenderer {
    root: PathBuf,
    templates: Templates,
    /// The printed page's margins and type sizes, for the print rules.
    layout: Layout,
    /// Logos as `data:` URLs, by their path in the project; read once.
    logos: Mutex<HashMap<String, Result<String, String>>>,
}

impl HtmlRenderer {
    /// Reads the templates of `root/templates/html`.
    pub fn new(root: &Path) -> Result<Self, String> {
        Ok(Self { root: root.to_path_buf(), templates: Templates::load(root)?, layout: Layout::load(root)?, logos: Mutex::default() })
    }

    /// The logo at `path` (from the project root) as a `data:` URL.
    fn logo(&self, path: &str) -> Result<String, RenderError> {
        let mut logos = self.logos.lock().unwrap_or_else(|e| e.into_inner());
        let url = logos.entry(path.to_string()).or_insert_with(|| {
            let file = self.root.join(path.trim_start_matches('/'));
            let bytes = std::fs::read(&file).map_err(|e| format!("cannot use the logo {}: {e}", file.display()))?;
            let media = media_type(path, &bytes)
                .ok_or_else(|| format!("cannot use the logo {}: it is not a PNG, JPEG, GIF or SVG image", file.display()))?;
            Ok(format!("data:{media};base64,{}", base64::engine::general_purpose::STANDARD.encode(&bytes)))
        });
        url.clone().map_err(RenderError::Other)
    }
}

impl Renderer for HtmlRenderer {
    fn format(&self) -> Format {
        Format::Html
    }

    fn render(&self, plan: &PackPlan) -> Result<Rendered, RenderError> {
        let started = Instant::now();
        let logo = plan.framework.logo.as_deref().map(|path| self.logo(path)).transpose()?;
        let context = minijinja::context! {
            plan => Value::from(Serde(plan)),
            layout => Value::from(Serde(&self.layout)),
            logo => logo,
            generator => format!("framewright {}", env!("CARGO_PKG_VERSION")),
        };
        let page = self.templates.render(&self.root, PACK_TEMPLATE, context)?;
        let fields = fields(plan);
        // A web page has no pages: say what the form holds instead.
        let description = format!("{fields} form controls");
        Ok(Rendered {
            bytes: page.into_bytes(),
            pages: 0,
            fields,
            typeset: started.elapsed(),
            forms: std::time::Duration::ZERO,
            description,
        })
    }

    fn files_read(&self) -> Vec<PathBuf> {
        self.templates.files().to_vec()
    }
}

/// The form controls a person fills in: one radio button per scale point of
/// each row, its evidence and action boxes, the action plan and sign-off.
fn fields(plan: &PackPlan) -> usize {
    let a = &plan.assessment;
    a.rows.len() * (a.scale.len() + 2) + a.action_plan.len() * 3 + a.signoff.len()
}

/// The media type of the logo `path` whose contents are `bytes`.
fn media_type(path: &str, bytes: &[u8]) -> Option<&'static str> {
    if path.to_ascii_lowercase().ends_with(".svg") {
        return Some("image/svg+xml");
    }
    match image::guess_format(bytes).ok()? {
        image::ImageFormat::Png => Some("image/png"),
        image::ImageFormat::Jpeg => Some("image/jpeg"),
        image::ImageFormat::Gif => Some("image/gif"),
        _ => None,
    }
}
