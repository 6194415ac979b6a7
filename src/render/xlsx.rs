//! A report plan's sheets as an Excel workbook for analysts: numbers stored
//! as numbers, shares as percentages, the header row frozen and
//! filterable, long text in wide columns. Stamped with the report's date,
//! never the clock.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use crate::model::Date;
use crate::plan::report::{ReportPlan, Value, ValueKind};

/// Column widths, in characters.
const WIDE: f64 = 60.0;
const NARROW: f64 = 16.0;

pub fn workbook(plan: &ReportPlan, date: Date) -> Result<Vec<u8>, String> {
    build(plan, date).map_err(|e| format!("cannot write analysis.xlsx: {e}"))
}

fn build(plan: &ReportPlan, date: Date) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(&plan.title)
            .set_author(&plan.publisher)
            .set_creation_datetime(&ExcelDateTime::from_ymd(date.year, date.month, date.day)?),
    );
    let bold = Format::new().set_bold();
    let share = Format::new().set_num_format("0%");
    for sheet in &plan.sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name)?;
        for (col, column) in sheet.columns.iter().enumerate() {
            let col = col as u16;
            ws.write_string_with_format(0, col, &column.header, &bold)?;
            ws.set_column_width(col, if column.kind == ValueKind::Prose { WIDE } else { NARROW })?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, (value, column)) in row.iter().zip(&sheet.columns).enumerate() {
                let c = c as u16;
                match value {
                    Value::Text(s) => ws.write_string(r, c, s)?,
                    Value::Number(x) if column.kind == ValueKind::Share => ws.write_number_with_format(r, c, *x, &share)?,
                    Value::Number(x) => ws.write_number(r, c, *x)?,
                };
            }
        }
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, sheet.rows.len().max(1) as u32, sheet.columns.len().saturating_sub(1) as u16)?;
    }
    book.save_to_buffer()
}
