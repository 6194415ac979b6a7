//! The Word renderer: a [`PackPlan`] in, a `.docx` out, with the same parts
//! in the same order as the PDF templates (`templates/parts/*.typ`): cover,
//! contents, how to use, about, what changed, framework text, self-assessment, training,
//! action plan and sign-off, back matter. The module files mirror the
//! template files, so a change to one is easy to carry to the other.
//!
//! How a pack is made, and why in these steps:
//!
//! 1. [`doc::Doc`] writes the body (paragraphs, tables, content controls,
//!    links, the logo) with [`wml`], straight to XML in the schema's order,
//!    and sets up the package around it with docx-rs: styles, numbering,
//!    the footer, the page.
//! 2. docx-rs 0.4.22 cannot write `w:lang`, `w:updateFields` or a theme,
//!    and writes some property children out of the schema's order:
//!    [`patch`] adds what a pack says, [`ooxml::conform`] mends the XML of
//!    `Docx::build()`, and the body goes into its `document.xml`
//!    ([`doc::Body::place`]).
//! 3. [`props`] writes the core and custom properties from scratch (docx-rs
//!    keeps the core title, subject and keywords private and does not
//!    escape custom property values).
//! 4. [`fonts`] writes the font table and embeds the brand font (and the
//!    complex-script font where the text needs it), obfuscated, so the
//!    pack looks the same on a machine without them.
//! 5. [`ooxml::zip_embedding`] zips the parts, compressed, with a fixed
//!    timestamp. The package layer (`crates/ooxml`) is a crate of its own,
//!    shared with the harvest's Word report.
//!
//! A bilingual pack (`PackPlan::alongside`) sets each part out in its
//! first language and then its second, or the two side by side in a
//! borderless table, a paragraph beside its translation in each row
//! ([`doc::Doc::side_by_side`] says why), as the source's
//! `bilingual_layout` asks; the form and contents are there once.
//!
//! Word paginates a document itself when it opens it, so a `.docx` has no
//! page count of its own: [`Rendered::pages`] is 0. [`Rendered::fields`] is
//! the number of content controls a person fills in.

mod assessment;
mod changes;
mod controls;
mod cover;
mod doc;
mod fonts;
mod framework;
mod guide;
mod layout;
mod measure;
mod patch;
mod props;
pub mod report;
mod signoff;
mod text;
mod training;
mod wml;

use std::path::{Path, PathBuf};
use std::time::Instant;

use typst::foundations::Datetime;
use typst::text::Font;

use super::{RenderError, Rendered, Renderer, fonts as project_fonts};
use crate::model::{BilingualLayout, Format};
use crate::plan::PackPlan;
use crate::plan::pack::{PartKind, PartPlan};
use crate::render::layout::Layout;
use crate::source::ProjectFolder;

/// The build date as Word files are stamped with it (packs and the
/// harvest's report).
pub fn stamp(date: Datetime) -> ooxml::Stamp {
    ooxml::Stamp::new(
        date.year().unwrap_or(1970),
        date.month().unwrap_or(1),
        date.day().unwrap_or(1),
        date.hour().unwrap_or(0),
        date.minute().unwrap_or(0),
        date.second().unwrap_or(0),
    )
}

/// Writes `part` of `doc`'s plan.
fn write_part(doc: &mut doc::Doc<'_>, part: &PartPlan, logo: Option<&cover::Logo>) {
    let heading = part.heading.as_deref().unwrap_or_default();
    let plan = doc.plan;
    match part.kind {
        PartKind::Cover => cover::cover(doc, logo),
        PartKind::Contents => cover::contents(doc),
        PartKind::HowToUse => guide::how_to_use(doc, heading),
        PartKind::About => guide::about(doc, heading),
        PartKind::Changes => changes::changes(doc, heading),
        PartKind::Framework => framework::framework_text(doc, heading),
        PartKind::Assessment => assessment::self_assessment(doc, heading),
        PartKind::Training => training::training_options(doc, heading),
        PartKind::Signoff => signoff::action_plan_and_signoff(doc, heading),
        PartKind::Acknowledgements => guide::narrative(doc, heading, &plan.framework.acknowledgements),
        PartKind::References => guide::narrative(doc, heading, &plan.framework.references),
    }
}

/// Builds `.docx` packs; one per build, shared by all packs and threads.
pub struct DocxRenderer {
    /// The project folder: the plan names the logo relative to it.
    root: PathBuf,
    date: ooxml::Stamp,
    /// The faces of the project's `fonts/`, embedded and measured.
    fonts: Vec<Font>,
    /// The embedded faces, compressed once for all packs.
    shared: ooxml::SharedParts,
    /// The margins and type sizes, from the project's templates.
    layout: Layout,
}

impl DocxRenderer {
    /// `root` is the project folder, `date` the build date (stamped into
    /// the core properties and the zip entries), `brand` the branding font
    /// family.
    pub fn new(root: &Path, date: Datetime, brand: &str) -> Result<Self, String> {
        let fonts = project_fonts::load(&ProjectFolder::Fonts.under(root))?;
        let date = stamp(date);
        // Every pack embeds the brand's faces: compress them now, once,
        // not in whichever packs come first.
        let shared = ooxml::SharedParts::default();
        for face in fonts::brand_faces(&fonts, brand) {
            shared.get(&face, &date).map_err(|e| format!("cannot compress the font \"{brand}\" for Word packs: {e}"))?;
        }
        Ok(Self { root: root.to_path_buf(), date, fonts, shared, layout: Layout::load(root)? })
    }
}

impl Renderer for DocxRenderer {
    fn format(&self) -> Format {
        Format::Docx
    }

    fn render(&self, plan: &PackPlan) -> Result<Rendered, RenderError> {
        let started = Instant::now();
        let logo = match &plan.framework.logo {
            Some(path) => Some(cover::Logo::load(&self.root, path)?),
            None => None,
        };
        let measure = measure::Measure::new(&self.fonts, &plan.branding.font, self.layout.sizes.table);
        let mut doc = doc::Doc::new(plan, &self.layout, measure);
        for part in &plan.document.parts {
            doc.new_page = part.new_page;
            // A bilingual pack sets each part out in the first language
            // and then in the second, or the two side by side, as the
            // source asks; its form and contents are there once, every
            // text in both, and each language has a cover of its own.
            let alongside =
                plan.alongside.as_ref().filter(|_| !matches!(part.kind, PartKind::Contents | PartKind::Assessment | PartKind::Signoff));
            let Some(alongside) = alongside else {
                write_part(&mut doc, part, logo.as_ref());
                continue;
            };
            let second = &alongside.plan;
            let other = second.document.parts.iter().find(|p| p.kind == part.kind).unwrap_or(part);
            if alongside.layout == BilingualLayout::Columns && part.kind != PartKind::Cover {
                doc.side_by_side(second, |doc| write_part(doc, part, logo.as_ref()), |doc| write_part(doc, other, logo.as_ref()));
            } else {
                write_part(&mut doc, part, logo.as_ref());
                doc.in_language(second, |doc| write_part(doc, other, logo.as_ref()));
            }
        }
        let (docx, body) = doc.finish();
        let fields = body.fields;

        let mut parts = docx.build();
        patch::apply(&mut parts, plan).map_err(RenderError::Other)?;
        body.place(&mut parts).map_err(RenderError::Other)?;
        let fonts = fonts::embed(&mut parts, &self.fonts, &plan.branding.font).map_err(RenderError::Other)?;
        parts.doc_props.core = props::core(plan, &self.date);
        parts.doc_props.custom = props::custom(plan);
        let bytes = ooxml::zip_embedding(parts, fonts, &self.shared, &self.date)
            .map_err(|e| RenderError::Other(format!("cannot write the .docx: {e}")))?;
        // Word paginates a .docx itself: say what it holds instead of pages.
        let description = format!("{fields} content controls");
        Ok(Rendered { bytes, pages: 0, fields, typeset: started.elapsed(), forms: std::time::Duration::ZERO, description })
    }
}
