//! A [`ReportPlan`] as a Word document: the blocks of the plan in order,
//! with the packs' heading styles, page and colours, a level-1 heading
//! starting a page as in the PDF, and tables with real column widths
//! (figures and short text as wide as their content needs, measured in the
//! brand font as the packs' narrow columns are; text that wraps sharing
//! the rest), whose rows do not split across pages. A chart is written as
//! its figures, which say the same; a change as the packs' "What changed"
//! part writes it.

use std::path::Path;

use docx_rs::{AlignmentType, BreakType, Docx, Paragraph, Run, Style, StyleType, Table, TableCell, TableLayoutType, TableRow, WidthType};

use super::layout::{self, Page, mm};
use super::measure::{Measure, Narrow};
use crate::plan::report::{Block, Cell, ChangeBlock, ReportPlan, Wording};
use crate::render::fonts;
use crate::render::layout::Layout;
use crate::source::ProjectFolder;

/// The least a column of wrapping text is given.
const MIN_FILL_MM: f64 = 30.0;
/// Short values of up to this many words stay on one line.
const WHOLE_WORDS: usize = 3;
/// How far a statement's wording is set in under its change's line.
const WORDING_INDENT_MM: f64 = 4.0;
/// The size (half-points) of a cell's note.
const NOTE: usize = layout::SMALL;

/// `plan` as the bytes of a `.docx`, with the fonts of `root`'s `fonts/`
/// measured for the column widths.
pub fn report(plan: &ReportPlan, root: &Path, stamp: &ooxml::Stamp) -> Result<Vec<u8>, String> {
    let faces = fonts::load(&ProjectFolder::Fonts.under(root))?;
    let layout = Layout::load(root)?;
    let measure = Measure::new(&faces, &plan.branding.font, layout.sizes.table);
    let page = Page::of(plan.branding.paper, &layout.margins);
    let table_size = layout::half_points(layout.sizes.table);
    let mut docx = Docx::new()
        .page_size(page.width as u32, page.height as u32)
        .page_margin(page.margin())
        .default_fonts(layout::fonts(&plan.branding))
        .default_size(layout::half_points(layout.sizes.body));
    for style in layout::styles(&plan.branding, &layout.sizes) {
        docx = docx.add_style(style);
    }
    docx = docx.add_style(Style::new("Cover", StyleType::Paragraph).name("Cover").based_on("Normal").size(30));
    docx = docx.add_paragraph(lines(&plan.title).style("Title"));
    for line in &plan.cover {
        docx = docx.add_paragraph(lines(line).style("Cover"));
    }
    for block in &plan.blocks {
        docx = match block {
            Block::Heading { level, text } => {
                docx.add_paragraph(lines(text).style(&format!("Heading{level}")).page_break_before(*level == 1))
            }
            Block::Para { text } => docx.add_paragraph(lines(text)),
            Block::Chart { bars, .. } => {
                bars.iter().fold(docx, |docx, bar| docx.add_paragraph(lines(&format!("{}: {}", bar.label, bar.text))))
            }
            Block::Table(table) => docx.add_table(self::table(table, &measure, &page, table_size)),
            Block::Change(change) => self::change(docx, change),
        };
    }
    let mut parts = docx.build();
    super::patch::language(&mut parts, &plan.lang)?;
    ooxml::conform(&mut parts)?;
    ooxml::zip(parts, stamp).map_err(|e| format!("cannot write report.docx: {e}"))
}

/// How a changed word of a wording is marked.
type Mark = fn(Run) -> Run;

/// A change as the packs' "What changed" part shows it (`docx::changes`):
/// its line, whom it concerns, then a statement's wordings labelled, the
/// words gone struck through and the words new underlined.
fn change(docx: Docx, change: &ChangeBlock) -> Docx {
    let line = Paragraph::new().add_run(run(&change.label).bold()).add_run(run(&format!(" {}", change.sentence))).keep_next(true);
    let about = Paragraph::new().add_run(run(&format!("{} ", change.concerns))).add_run(run(&change.affects).italic());
    let marked: [(&Option<Wording>, Mark); 2] = [(&change.was, Run::strike), (&change.now, |r| r.underline("single"))];
    marked.into_iter().fold(docx.add_paragraph(line).add_paragraph(about), |docx, (wording, mark)| {
        let Some(wording) = wording else { return docx };
        let runs = wording.runs.iter().map(|r| if r.marked { mark(run(&r.text)) } else { run(&r.text) });
        let p = runs.fold(Paragraph::new().add_run(run(&format!("{} ", wording.label)).italic()), Paragraph::add_run);
        docx.add_paragraph(p.indent(Some(mm(WORDING_INDENT_MM) as i32), None, None, None))
    })
}

/// A paragraph of `text`, its line breaks kept as line breaks.
fn lines(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text))
}

fn run(text: &str) -> Run {
    text.split('\n').enumerate().fold(Run::new(), |run, (i, line)| {
        let run = if i > 0 { run.add_break(BreakType::TextWrapping) } else { run };
        run.add_text(line)
    })
}

/// The widths (twips) of `table`'s columns on `page`.
fn widths(table: &crate::plan::report::Table, measure: &Measure, page: &Page) -> Vec<usize> {
    let fills = table.columns.iter().filter(|c| c.fill).count();
    let narrow: Vec<Narrow> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.fill)
        .map(|(i, c)| Narrow {
            min: 0,
            header: &c.header,
            cells: table.rows.iter().map(|r| r[i].text.as_str()).collect(),
            whole: WHOLE_WORDS,
        })
        .collect();
    let room = page.text_width.saturating_sub(fills * mm(MIN_FILL_MM));
    let mut narrow = measure.narrow_all(&narrow, room).into_iter();
    let left = page.text_width.saturating_sub(narrow.as_slice().iter().sum());
    let fill = left.checked_div(fills).unwrap_or_default();
    table.columns.iter().map(|c| if c.fill { fill } else { narrow.next().unwrap_or_default() }).collect()
}

fn table(table: &crate::plan::report::Table, measure: &Measure, page: &Page, size: usize) -> Table {
    let widths = widths(table, measure, page);
    let cell = |cell: &Cell, width: usize, figures: bool, header: bool| {
        let mut main = run(&cell.text).size(size);
        if header || cell.strong {
            main = main.bold();
        }
        let mut p = Paragraph::new().add_run(main);
        if let Some(note) = &cell.note {
            p = p.add_run(Run::new().add_break(BreakType::TextWrapping).add_text(note).size(NOTE));
        }
        if figures {
            p = p.align(AlignmentType::Right);
        }
        TableCell::new().width(width, WidthType::Dxa).add_paragraph(p)
    };
    let header =
        TableRow::new(table.columns.iter().zip(&widths).map(|(c, w)| cell(&Cell::from(c.header.clone()), *w, c.figures, true)).collect())
            .cant_split();
    let rows = table.rows.iter().map(|row| {
        TableRow::new(row.iter().zip(&table.columns).zip(&widths).map(|((x, c), w)| cell(x, *w, c.figures, false)).collect()).cant_split()
    });
    Table::new(std::iter::once(header).chain(rows).collect())
        .set_grid(widths.clone())
        .layout(TableLayoutType::Fixed)
        .width(widths.iter().sum(), WidthType::Dxa)
}
