//! The cover and the contents: the Word side of `templates/parts/cover.typ`
//! and the template's `outline`.

use std::io::Cursor;
use std::path::Path;

use super::doc::Doc;
use super::layout::{self, mm};
use super::text::{plain, run};
use super::wml::{Paragraph, Row};
use crate::plan::pack::PartKind;
use crate::render::RenderError;

/// English Metric Units per millimetre (drawings are sized in EMU).
const EMU_PER_MM: f64 = 36_000.0;
/// The logo's height on the cover, as in the PDF.
const LOGO_HEIGHT_MM: f64 = 22.0;

/// The source's logo as PNG.
pub struct Logo {
    png: Vec<u8>,
    width: u32,
    height: u32,
}

impl Logo {
    /// Reads `path` (from the project root, as the plan gives it): PNG as
    /// it is, JPEG or GIF converted to PNG.
    pub fn load(root: &Path, path: &str) -> Result<Self, RenderError> {
        let file = root.join(path.trim_start_matches('/'));
        let fail = |e: &dyn std::fmt::Display| RenderError::Other(format!("cannot use the logo {}: {e}", file.display()));
        let bytes = std::fs::read(&file).map_err(|e| fail(&e))?;
        let reader = image::ImageReader::new(Cursor::new(&bytes)).with_guessed_format().map_err(|e| fail(&e))?;
        if reader.format() == Some(image::ImageFormat::Png) {
            let (width, height) = reader.into_dimensions().map_err(|e| fail(&e))?;
            return Ok(Self { png: bytes, width, height });
        }
        let decoded = reader.decode().map_err(|e| fail(&format!("{e} (the Word packs take a PNG, JPEG or GIF logo)")))?;
        let mut png = Vec::new();
        decoded.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png).map_err(|e| fail(&e))?;
        Ok(Self { width: decoded.width(), height: decoded.height(), png })
    }

    /// The size in EMU at the cover's logo height (narrower than the text).
    fn size(&self, max_width_mm: f64) -> (u32, u32) {
        let aspect = f64::from(self.width.max(1)) / f64::from(self.height.max(1));
        let height_mm = LOGO_HEIGHT_MM.min(max_width_mm / aspect);
        let (w, h) = (height_mm * aspect * EMU_PER_MM, height_mm * EMU_PER_MM);
        (w.round() as u32, h.round() as u32)
    }
}

pub fn cover(doc: &mut Doc<'_>, logo: Option<&Logo>) {
    let plan = doc.plan;
    let fw = &plan.framework;
    let primary = layout::hex(&plan.branding.primary.0);
    if let Some(logo) = logo {
        let text_mm = doc.page.text_width as f64 * 25.4 / 1440.0;
        let size = logo.size(text_mm);
        let image = doc.image(logo.png.clone(), size, fw.logo_alt.as_deref().unwrap_or_default());
        doc.push(Paragraph::new().add_run(image));
    }
    // The title block, with the accent stripe down its left side.
    let accent = layout::hex(&plan.branding.accent.0);
    let stripe = |p: Paragraph| p.left_rule(24, &accent);
    doc.push(stripe(Paragraph::new().style("Title").space_before(mm(18.0)).add_run(run(&fw.title))));
    if let Some(subtitle) = &fw.subtitle {
        doc.push(stripe(Paragraph::new().style("Subtitle").add_run(run(subtitle))));
    }

    let widths = [mm(38.0), doc.page.text_width - mm(38.0)];
    let size = 26; // 13 pt
    let rows = plan
        .cover
        .rows
        .iter()
        .map(|row| {
            Row::new([
                Doc::cell(widths[0], vec![Paragraph::new().add_run(run(&row.label).bold().color(&primary).size(size))]),
                Doc::cell(widths[1], vec![Paragraph::new().add_run(run(&row.value).size(size))]),
            ])
            .cant_split()
        })
        .collect();
    doc.push(Paragraph::new().space_before(mm(6.0)));
    doc.plain_table(&widths, rows);

    for (i, line) in plan.cover.notes.iter().enumerate() {
        let mut para = plain(line).style("Small");
        if i == 0 {
            para = para.space_before(mm(30.0));
        }
        doc.push(para);
    }
}

/// The contents heading and list (on a page of its own: the heading
/// style starts a page).
pub fn contents(doc: &mut Doc<'_>) {
    let heading = doc.say_both(|p| p.part(PartKind::Contents));
    doc.push(Paragraph::new().add_runs(heading).style("TOCHeading").page_break_before(doc.new_page));
    doc.contents_here();
}
