//! The harvest's reports, all from one [`Analysis`]: the training needs
//! analysis, planned once ([`plan`], a [`crate::plan::report::ReportPlan`])
//! and laid out as a tagged PDF (`templates/report.typ`, through the packs'
//! Typst pipeline), as Word (`render::docx::report`), as a web page
//! (`render::html::report`) and as the workbook for analysts
//! (`render::xlsx`); and the council's summary (`summary.json`, the exact
//! counts sent; and what is published of them, `summary-published.json`,
//! a PDF of one page per framework, `templates/summary.typ`, and the same
//! as a web page).

mod plan;

use std::path::Path;

use typst::foundations::Datetime;

use super::analysis::Analysis;
use super::publish::publish;
use super::summary::Summary;
use crate::model::{Date, Wording};
use crate::render::docx;
use crate::render::html::report as html;
use crate::render::pdf::PdfRenderer;
use crate::render::xlsx;

/// The main templates of the two PDF reports, in the project's `templates/`.
pub const REPORT_TEMPLATE: &str = "/templates/report.typ";
pub const SUMMARY_TEMPLATE: &str = "/templates/summary.typ";

/// The files of a report, by name, ready to write.
pub type Files = Vec<(&'static str, Vec<u8>)>;

pub(super) fn datetime(date: &str) -> Datetime {
    let d = crate::model::dates::parse(date).unwrap_or(Date { year: 1970, month: 1, day: 1 });
    Datetime::from_ymd_hms(i32::from(d.year), d.month, d.day, 0, 0, 0)
        .unwrap_or_else(|| Datetime::from_ymd_hms(1970, 1, 1, 0, 0, 0).expect("a date"))
}

/// Typesets `template` of the project at `root` with `data`.
fn typeset(root: &Path, template: &str, data: &impl serde::Serialize, date: &str, font: &str, ident: &str) -> Result<Vec<u8>, String> {
    let renderer = PdfRenderer::new(root, template, datetime(date), font)?;
    let mut data = serde_json::to_value(data).map_err(|e| e.to_string())?;
    // What people typed, made printable with the fonts (for the PDF only).
    renderer.printable(&mut data);
    let json = serde_json::to_vec(&data).map_err(|e| e.to_string())?;
    renderer.typeset(json, ident).map(|r| r.bytes).map_err(|e| format!("{template}: {e}"))
}

fn json(value: &impl serde::Serialize) -> Result<Vec<u8>, String> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|e| e.to_string())?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// `analysis.json`, `report.pdf`, `report.docx`, `report.html` and
/// `analysis.xlsx`, the reports worded with `wording` and made of `worded`
/// (the analysis in the language of the reports, `super::language`) when
/// given, else of `analysis` itself, which `analysis.json` always is.
pub fn analysis_files(root: &Path, analysis: &Analysis, worded: Option<&Analysis>, wording: &Wording) -> Result<Files, String> {
    let date = analysis.date.to_string();
    let report = plan::plan(worded.unwrap_or(analysis), wording);
    let stamp = docx::stamp(datetime(&date));
    Ok(vec![
        ("analysis.json", json(analysis)?),
        ("report.pdf", typeset(root, REPORT_TEMPLATE, &report, &date, &analysis.branding.font, "framewright/report")?),
        ("report.docx", docx::report::report(&report, root, &stamp)?),
        ("report.html", html::report(&report, root)?),
        ("analysis.xlsx", xlsx::workbook(&report, analysis.date)?),
    ])
}

/// `summary.json` (the exact counts, sent to the council, never
/// published), `summary-published.json` (what is published of them, small
/// counts hidden), and that typeset with `wording` as `summary.pdf` and
/// laid out as `summary.html`: those three of `worded` (the summary in the
/// language of the reports) when given; `summary.json` is always `summary`.
pub fn summary_files(root: &Path, summary: &Summary, worded: Option<&Summary>, wording: &Wording) -> Result<Files, String> {
    let published = publish(worded.unwrap_or(summary), wording);
    Ok(vec![
        ("summary.json", json(summary)?),
        ("summary-published.json", json(&published)?),
        ("summary.pdf", typeset(root, SUMMARY_TEMPLATE, &published, &summary.date, &summary.branding.font, "framewright/summary")?),
        ("summary.html", html::summary(&published, root)?),
    ])
}
