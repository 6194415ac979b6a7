//! The harvest's reports, all from one [`Analysis`]: the training needs
//! analysis, planned once ([`plan`], a [`crate::plan::report::ReportPlan`])
//! and laid out as the report documents (`render::report`: a tagged PDF,
//! Word and a web page) and as the workbook for analysts
//! (`render::xlsx`); and the council's summary (`summary.json`, the exact
//! counts sent; and what is published of them, `summary-published.json`,
//! a PDF of one page per framework, `templates/summary.typ`, and the same
//! as a web page).

mod plan;

use std::path::Path;

use super::analysis::Analysis;
use super::publish::publish;
use super::summary::Summary;
use crate::model::{Format, Wording};
use crate::render::html::report as html;
use crate::render::report::{document, typeset};
use crate::render::xlsx;

/// The main template of the council's summary, in the project's `templates/`.
pub const SUMMARY_TEMPLATE: &str = "/templates/summary.typ";

/// The files of a report, by name, ready to write.
pub type Files = Vec<(&'static str, Vec<u8>)>;

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
    let report = plan::plan(worded.unwrap_or(analysis), wording);
    let ident = "framewright/report";
    Ok(vec![
        ("analysis.json", json(analysis)?),
        ("report.pdf", document(&report, root, Format::Pdf, ident)?),
        ("report.docx", document(&report, root, Format::Docx, ident)?),
        ("report.html", document(&report, root, Format::Html, ident)?),
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
