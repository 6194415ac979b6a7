//! A report plan ([`ReportPlan`]) as a document in the house style, the
//! one way the harvest's training needs analysis and `diff`'s changes
//! document are made: a tagged PDF (`templates/report.typ`, through the
//! packs' Typst pipeline), Word (`render::docx::report`) and a web page
//! (`render::html::report`).
//!
//! - [`root`]: where their templates and fonts are read (the project's, or
//!   a temporary copy of framewright's own).

pub mod root;

use std::path::Path;

use typst::foundations::Datetime;

use super::docx;
use super::html::report as html;
use super::pdf::PdfRenderer;
use crate::model::{Date, Format};
use crate::plan::report::ReportPlan;

/// The main template of the report documents, in the project's `templates/`.
pub const TEMPLATE: &str = "/templates/report.typ";

/// `date` (`YYYY-MM-DD`) as the documents' date; 1970-01-01 when unreadable.
pub fn datetime(date: &str) -> Datetime {
    let d = crate::model::dates::parse(date).unwrap_or(Date { year: 1970, month: 1, day: 1 });
    Datetime::from_ymd_hms(i32::from(d.year), d.month, d.day, 0, 0, 0)
        .unwrap_or_else(|| Datetime::from_ymd_hms(1970, 1, 1, 0, 0, 0).expect("a date"))
}

/// Typesets `template` of the project at `root` with `data`, dated `date`
/// in font `font`; `ident` seeds the PDF's file identifier.
pub fn typeset(root: &Path, template: &str, data: &impl serde::Serialize, date: &str, font: &str, ident: &str) -> Result<Vec<u8>, String> {
    let renderer = PdfRenderer::new(root, template, datetime(date), font)?;
    let mut data = serde_json::to_value(data).map_err(|e| e.to_string())?;
    // What people typed, made printable with the fonts (for the PDF only).
    renderer.printable(&mut data);
    let json = serde_json::to_vec(&data).map_err(|e| e.to_string())?;
    renderer.typeset(json, ident).map(|r| r.bytes).map_err(|e| format!("{template}: {e}"))
}

/// `plan` as the bytes of a document in `format`, with the templates and
/// fonts of `root`; `ident` seeds the PDF's file identifier.
pub fn document(plan: &ReportPlan, root: &Path, format: Format, ident: &str) -> Result<Vec<u8>, String> {
    match format {
        Format::Pdf => typeset(root, TEMPLATE, plan, &plan.date, &plan.branding.font, ident),
        Format::Docx => docx::report::report(plan, root, &docx::stamp(datetime(&plan.date))),
        Format::Html => html::report(plan, root),
    }
}
