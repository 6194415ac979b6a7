//! The analysis as an Excel workbook for council analysts: one sheet per
//! view, numbers stored as numbers, the header row frozen and filterable.
//! Stamped with the report's date, never the clock.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::harvest::analysis::Analysis;

/// One cell of a sheet.
enum Cell {
    Text(String),
    Number(f64),
}

fn t(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn n(x: impl Into<f64>) -> Cell {
    Cell::Number(x.into())
}

fn count(x: usize) -> Cell {
    Cell::Number(x as f64)
}

/// A sheet: its name, header and rows.
struct Sheet {
    name: &'static str,
    header: &'static [&'static str],
    rows: Vec<Vec<Cell>>,
}

pub fn workbook(analysis: &Analysis) -> Result<Vec<u8>, String> {
    build(analysis).map_err(|e| format!("cannot write analysis.xlsx: {e}"))
}

fn sheets(analysis: &Analysis) -> Vec<Sheet> {
    let fws = &analysis.frameworks;
    let mut completion = Vec::new();
    let mut statements = Vec::new();
    let mut domains = Vec::new();
    let mut training = Vec::new();
    let mut refreshers = Vec::new();
    let mut people = Vec::new();
    for fw in fws {
        let f = || t(fw.id.clone());
        for g in &fw.completion {
            completion.push(vec![
                f(),
                t(&g.role),
                t(&g.band),
                count(g.people),
                count(g.complete),
                count(g.rated),
                count(g.total),
                n(g.share),
            ]);
        }
        for (rank, s) in fw.statements.iter().enumerate() {
            statements.push(vec![
                f(),
                count(rank + 1),
                t(s.id.0.clone()),
                t(&s.text),
                t(&s.domain),
                count(s.rated),
                count(s.below),
                n(s.share_below),
            ]);
        }
        for d in &fw.domains {
            domains.push(vec![f(), t(d.id.0.clone()), t(&d.title), count(d.rated), count(d.below), n(d.share_below), count(d.people)]);
        }
        for x in &fw.training {
            let closes: Vec<&str> = x.statements.iter().map(|s| s.as_str()).collect();
            training.push(vec![f(), t(x.id.0.clone()), t(&x.title), t(&x.format), count(x.gaps), count(x.people), t(closes.join(", "))]);
        }
        for r in &fw.refreshers {
            refreshers.push(vec![
                f(),
                t(&r.person),
                t(&r.role),
                t(r.signed_off.to_string()),
                t(&r.every),
                t(r.due.to_string()),
                t(if r.overdue { "yes" } else { "no" }),
            ]);
        }
        for p in &fw.plans {
            let gaps: Vec<&str> = p.gaps.iter().map(|g| g.statement.as_str()).collect();
            let options: Vec<&str> = p.training.iter().map(|x| x.title.as_str()).collect();
            people.push(vec![
                f(),
                t(&p.person),
                t(&p.role),
                t(&p.band),
                t(&p.setting),
                n(p.completion),
                count(p.gaps.len()),
                t(gaps.join(", ")),
                t(options.join("; ")),
                t(p.refresher_due.map(|d| d.to_string()).unwrap_or_default()),
                t(&p.file),
            ]);
        }
    }
    vec![
        Sheet {
            name: "Completion",
            header: &["framework", "role", "band", "people", "completed", "rated", "asked", "share rated"],
            rows: completion,
        },
        Sheet {
            name: "Statements",
            header: &["framework", "rank", "statement", "text", "domain", "rated", "below met", "share below met"],
            rows: statements,
        },
        Sheet {
            name: "Domains",
            header: &["framework", "domain", "title", "ratings", "below met", "share below met", "people with a gap"],
            rows: domains,
        },
        Sheet {
            name: "Training",
            header: &["framework", "training", "title", "format", "gaps closed", "people served", "statements"],
            rows: training,
        },
        Sheet { name: "Refreshers", header: &["framework", "person", "role", "signed off", "every", "due", "overdue"], rows: refreshers },
        Sheet {
            name: "People",
            header: &[
                "framework",
                "person",
                "role",
                "band",
                "setting",
                "share rated",
                "gaps",
                "gap statements",
                "training",
                "refresher due",
                "file",
            ],
            rows: people,
        },
        Sheet {
            name: "Returns to chase",
            header: &["person", "setting", "status", "what to do", "file"],
            rows: analysis
                .chase
                .iter()
                .map(|c| {
                    vec![t(&c.person), t(&c.setting), t(c.status.replace('_', " ")), t(&c.reason), t(c.file.clone().unwrap_or_default())]
                })
                .collect(),
        },
    ]
}

fn build(analysis: &Analysis) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let d = analysis.date;
    book.set_properties(
        &DocProperties::new()
            .set_title("Training needs analysis")
            .set_author(&analysis.publisher)
            .set_creation_datetime(&ExcelDateTime::from_ymd(d.year, d.month, d.day)?),
    );
    let bold = Format::new().set_bold();
    let share = Format::new().set_num_format("0%");
    for sheet in sheets(analysis) {
        let ws: &mut Worksheet = book.add_worksheet();
        ws.set_name(sheet.name)?;
        for (col, title) in sheet.header.iter().enumerate() {
            ws.write_string_with_format(0, col as u16, *title, &bold)?;
            ws.set_column_width(col as u16, if title.contains("text") || *title == "title" { 60 } else { 16 })?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) => ws.write_string(r, c, s)?,
                    Cell::Number(x) if sheet.header[c as usize].starts_with("share") => ws.write_number_with_format(r, c, *x, &share)?,
                    Cell::Number(x) => ws.write_number(r, c, *x)?,
                };
            }
        }
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, sheet.rows.len().max(1) as u32, sheet.header.len() as u16 - 1)?;
    }
    book.save_to_buffer()
}
