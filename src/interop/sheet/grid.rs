//! A sheet of a workbook or a CSV file as rows of text, exactly as the
//! person typed it where the file keeps that: text cells as they are,
//! numbers without a spurious `.0`, dates as `YYYY-MM-DD`. Every cell
//! knows its place, `FILE!Sheet:Row:Column` (`FILE:Row:Column` for CSV).

use std::path::Path;

use calamine::{Data, Reader};

/// One sheet.
pub struct Grid {
    /// `FILE!Sheet` (or `FILE` for a CSV file).
    pub name: String,
    /// Rows from the sheet's first row, cells from column A.
    pub rows: Vec<Vec<String>>,
    /// Cells that held numbers, as (row, column): Excel may have changed
    /// what was typed there (`01` → `1`).
    pub numeric: Vec<(usize, usize)>,
}

impl Grid {
    /// The place of a cell (0-based row and column) for messages.
    pub fn place(&self, row: usize, col: usize) -> String {
        format!("{}:{}:{}", self.name, row + 1, column_letters(col))
    }

    /// The place of a row.
    pub fn row_place(&self, row: usize) -> String {
        format!("{}:{}", self.name, row + 1)
    }

    pub fn cell(&self, row: usize, col: usize) -> &str {
        self.rows.get(row).and_then(|r| r.get(col)).map_or("", |s| s.as_str())
    }
}

/// `A`, `B`, … `Z`, `AA`, …
pub fn column_letters(mut col: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Every sheet of a workbook, in order; `Err` says why it is not one.
pub fn read_workbook(path: &Path) -> Result<Vec<Grid>, String> {
    let shown = path.display();
    let mut workbook = calamine::open_workbook_auto(path)
        .map_err(|e| format!("{shown}: not a workbook that can be read ({e}); save it from Excel or LibreOffice as .xlsx, or as .csv"))?;
    let mut grids = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(|e| format!("{shown}!{name}: the sheet cannot be read ({e})"))?;
        let (top, left) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
        let mut rows = vec![Vec::new(); top];
        let mut numeric = Vec::new();
        for (r, row) in range.rows().enumerate() {
            let mut cells = vec![String::new(); left];
            for (c, cell) in row.iter().enumerate() {
                if matches!(cell, Data::Int(_) | Data::Float(_)) {
                    numeric.push((top + r, left + c));
                }
                cells.push(cell_text(cell));
            }
            rows.push(cells);
        }
        grids.push(Grid { name: format!("{shown}!{name}"), rows, numeric });
    }
    Ok(grids)
}

/// A CSV file (UTF-8, a byte-order mark allowed) as one grid.
pub fn read_csv(path: &Path) -> Result<Grid, String> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| format!("{shown}: {e}"))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("{shown}:{}: not CSV ({e})", i + 1))?;
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok(Grid { name: shown.to_string(), rows, numeric: Vec::new() })
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Data::DateTime(d) => serial_date(d.as_f64()).unwrap_or_else(|| number_text(d.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// A number as a person would write it: `3`, not `3.0`; `1.1`.
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 { format!("{}", f as i64) } else { f.to_string() }
}

/// An Excel date serial (days since 1899-12-30) as `YYYY-MM-DD`.
fn serial_date(serial: f64) -> Option<String> {
    let epoch = time::Date::from_calendar_date(1899, time::Month::December, 30).ok()?;
    let date = epoch.checked_add(time::Duration::days(serial.floor() as i64))?;
    Some(format!("{:04}-{:02}-{:02}", date.year(), date.month() as u8, date.day()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_numbers_and_dates() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(1.1), "1.1");
        assert_eq!(serial_date(45658.0).as_deref(), Some("2025-01-01"));
    }
}
