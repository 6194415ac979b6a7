//! A first draft from a spreadsheet: framewright's template workbook, or
//! OpenSALT-style workbooks and CSV files (through the CASE import).

pub mod framewright;
pub mod grid;
pub mod opensalt;
pub mod template;

use std::path::Path;

use super::case::{import, read::Notes};
use super::{Failed, Report, draft::Draft};

/// Workbooks larger than this are refused before reading.
pub const MAX_SHEET_BYTES: u64 = 64 * 1024 * 1024;

/// Reads the workbook or CSV file at `path` into a draft source.
pub fn import_file(path: &Path) -> Result<(Draft, Report), Failed> {
    let shown = path.display().to_string();
    let size = std::fs::metadata(path).map_err(|e| Failed(vec![format!("{shown}: {e}")]))?.len();
    if size > MAX_SHEET_BYTES {
        return Err(Failed(vec![format!(
            "{shown}: the file is {:.1} MiB; framewright reads spreadsheets up to {} MiB",
            size as f64 / 1048576.0,
            MAX_SHEET_BYTES / 1048576
        )]));
    }
    let extension = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "imported".into());
    if extension == "csv" {
        let grid = grid::read_csv(path).map_err(|e| Failed(vec![e]))?;
        let (package, places) = opensalt::from_csv(&grid, &stem).map_err(Failed)?;
        return through_case(&package, &places, &shown);
    }
    if !["xlsx", "xlsm", "xlsb", "xls", "ods"].contains(&extension.as_str()) {
        return Err(Failed(vec![format!("{shown}: not a spreadsheet framewright reads; give an .xlsx workbook or a .csv file")]));
    }
    let grids = grid::read_workbook(path).map_err(|e| Failed(vec![e]))?;
    let find = |name: &str| grids.iter().find(|g| g.name.rsplit_once('!').is_some_and(|(_, n)| n.trim().eq_ignore_ascii_case(name)));
    if let Some(items) = find("CF Item") {
        let Some(doc) = find("CF Doc") else {
            return Err(Failed(vec![format!(
                "{shown}: a CF Item sheet but no CF Doc sheet; an OpenSALT workbook has both (CF Doc names the framework)"
            )]));
        };
        let (package, places) = opensalt::from_workbook(doc, items, find("CF Association")).map_err(Failed)?;
        return through_case(&package, &places, &shown);
    }
    match framewright::read(&grids, &shown) {
        Ok((mut draft, problems)) => {
            let report = Report { warnings: problems.warnings, lost: Vec::new() };
            draft.header = report.header(&format!("the workbook {}", file_name(path)));
            Ok((draft, report))
        }
        Err(problems) => Err(Failed(problems.errors)),
    }
}

/// Imports a package built from sheets, with messages naming sheet rows
/// instead of package positions.
fn through_case(package: &serde_json::Value, places: &opensalt::Places, shown: &str) -> Result<(Draft, Report), Failed> {
    let rename = |message: String| sheet_places(&message, places);
    let imported =
        import::import_value(&package.into(), Notes::default()).map_err(|errors| Failed(errors.into_iter().map(rename).collect()))?;
    let warnings = places.warnings.iter().cloned().chain(imported.warnings.into_iter().map(rename)).collect();
    let report = Report { warnings, lost: imported.lost };
    let mut draft = imported.draft;
    draft.header = report.header(&format!("the OpenSALT-style spreadsheet {} ({} items)", shown, imported.items));
    Ok((draft, report))
}

/// `message` with the package places the CASE import names
/// (`CFItems[4].notes`, `CFDocument.version`) turned into the sheet rows
/// they came from (`items.csv:6 (notes)`, `book.xlsx!CF Doc:2 (version)`).
fn sheet_places(message: &str, places: &opensalt::Places) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    loop {
        let next = ["CFItems[", "CFAssociations[", "CFDocument"].iter().filter_map(|key| rest.find(key).map(|at| (at, *key))).min();
        let Some((at, key)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at]);
        rest = &rest[at + key.len()..];
        let place = if key == "CFDocument" {
            // Only the document's own place, not a word such as CFDocumentURI.
            rest.starts_with(['.', ':']).then_some(places.document.as_str())
        } else {
            let list = if key == "CFItems[" { &places.items } else { &places.associations };
            let digits = rest.find(']').map(|end| (&rest[..end], end));
            match digits.and_then(|(n, end)| Some((list.get(n.parse::<usize>().ok()?)?, end))) {
                Some((place, end)) => {
                    rest = &rest[end + 1..];
                    Some(place.as_str())
                }
                None => None,
            }
        };
        let Some(place) = place else {
            out.push_str(key);
            continue;
        };
        out.push_str(place);
        // `.field` after the place becomes ` (field)`.
        if let Some(field) = rest.strip_prefix('.') {
            let end = field.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(field.len());
            if end > 0 {
                out.push_str(&format!(" ({})", &field[..end]));
                rest = &field[end..];
            }
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}
