//! The document being built: body items in order, the contents entries,
//! the content controls, and what [`super::patch`] must add afterwards.
//!
//! Ids that docx-rs would take from process-wide counters (bookmarks,
//! hyperlink relationships, images) are numbered here, per document, so
//! packs rendered in parallel still come out byte-identical.

use docx_rs::{
    AlignmentType, BorderType, Docx, FieldCharType, Hyperlink, HyperlinkData, HyperlinkType, InstrText, InstrToC, LevelOverride, Numbering,
    Paragraph, Run, Shading, StructuredDataTag, Table, TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellMargins,
    TableLayoutType, TableRow, VAlignType, WidthType,
};

use super::controls::Sdts;
use super::layout::{self, Page};
use super::measure::Measure;
use super::text::{escape, paragraph, run, runs};
use crate::model::{Block, Blocks};
use crate::plan::PackPlan;

/// Heading levels the contents list shows (as `outline(depth: 2)`).
const CONTENTS_DEPTH: usize = 2;
/// Bookmark ids start high, clear of any a Word update adds.
const FIRST_BOOKMARK: usize = 1000;
/// The first numbering instance of a numbered list (1 is docx-rs's own,
/// the low ones are the definitions in `layout`).
const FIRST_LIST: usize = 10;
/// Table borders: 0.6 pt (in eighths of a point), dark grey, as in the PDF.
const RULE: usize = 5;
const RULE_COLOUR: &str = "5A5A5A";
/// The placeholder row properties of a header row (a 1-twip minimum
/// height changes nothing), which `patch` turns into `w:tblHeader`.
const HEADER_ROW_HEIGHT: f32 = 1.0;

enum Item {
    // Boxed: docx-rs's paragraphs and tables are kilobytes each.
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
    /// Where the contents go, once every heading is known.
    Contents,
}

struct ContentsEntry {
    level: usize,
    text: String,
    bookmark: String,
}

/// What `patch` must write, counted while building.
pub struct Patches {
    /// The `w:sdtPr` of placeholder n, for the marker `framewright-sdt-n`.
    pub sdts: Vec<String>,
    /// Content controls a person fills.
    pub fields: usize,
    pub header_rows: usize,
    /// Alt text of each image, in document order.
    pub alt_texts: Vec<String>,
    /// The document language ("en-GB").
    pub language: String,
}

pub struct Doc<'a> {
    pub plan: &'a PackPlan,
    /// Whether the part being written starts a page (the plan's `new_page`).
    pub new_page: bool,
    pub page: Page,
    /// Widths of table text in the brand font, for narrow columns.
    pub measure: Measure<'a>,
    pub sdts: Sdts,
    items: Vec<Item>,
    contents: Vec<ContentsEntry>,
    header_rows: usize,
    links: usize,
    lists: usize,
    alt_texts: Vec<String>,
}

impl<'a> Doc<'a> {
    pub fn new(plan: &'a PackPlan, measure: Measure<'a>) -> Self {
        Self {
            plan,
            new_page: true,
            page: Page::of(plan.branding.paper),
            measure,
            sdts: Sdts::default(),
            items: Vec::new(),
            contents: Vec::new(),
            header_rows: 0,
            links: 0,
            lists: 0,
            alt_texts: Vec::new(),
        }
    }

    pub fn push(&mut self, paragraph: Paragraph) {
        self.items.push(Item::Paragraph(Box::new(paragraph)));
    }

    /// Marks where the contents list goes.
    pub fn contents_here(&mut self) {
        self.items.push(Item::Contents);
    }

    /// A heading in style "Heading N". `outlined` headings of the first
    /// levels are bookmarked and listed in the contents, as in the PDF.
    pub fn heading(&mut self, level: usize, text: &str, outlined: bool) {
        let level = level.clamp(1, 6);
        let mut p = Paragraph::new().style(&format!("Heading{level}"));
        if level == 1 && self.new_page {
            // A new part starts a page, as `pagebreak(weak: true)` in the PDF.
            p = p.page_break_before(true);
        }
        if outlined && level <= CONTENTS_DEPTH {
            let id = FIRST_BOOKMARK + self.contents.len();
            let bookmark = format!("_Toc{id}");
            p = p.add_bookmark_start(id, &bookmark).add_run(run(text)).add_bookmark_end(id);
            self.contents.push(ContentsEntry { level, text: text.to_string(), bookmark });
        } else {
            p = p.add_run(run(text));
        }
        self.push(p);
    }

    /// Narrative blocks. `level` is the heading level of headings inside
    /// the narrative, so the heading hierarchy never skips a level.
    pub fn blocks(&mut self, items: &Blocks, level: usize) {
        for block in &items.0 {
            match block {
                Block::Paragraph { text } => self.push(paragraph(text)),
                Block::Heading { text } => self.heading(level, text, false),
                Block::List { items, ordered } => self.list(items.iter().map(runs), *ordered, None),
                Block::Quote { text, source } => {
                    self.push(paragraph(text).style("Quote"));
                    if let Some(source) = source {
                        self.push(Paragraph::new().style("Quote").align(AlignmentType::Right).add_run(run(&format!("— {source}"))));
                    }
                }
            }
        }
    }

    /// A bulleted or numbered list, one paragraph per item (in paragraph
    /// `style`, if any); each numbered list counts from 1.
    pub fn list(&mut self, items: impl Iterator<Item = Vec<Run>>, ordered: bool, style: Option<&str>) {
        let num = if ordered {
            self.lists += 1;
            FIRST_LIST + self.lists - 1
        } else {
            layout::BULLETS
        };
        for runs in items {
            let p = runs.into_iter().fold(layout::list_item(num), Paragraph::add_run);
            self.push(match style {
                Some(style) => p.style(style),
                None => p,
            });
        }
    }

    /// A link to `url` showing `text`. The relationship id is numbered
    /// here (docx-rs would take it from a process-wide counter).
    pub fn link(&mut self, url: &str, text: &str) -> Hyperlink {
        self.links += 1;
        let link = HyperlinkData::External { rid: format!("rIdLink{}", self.links), path: escape(url) };
        Hyperlink { link, history: None, children: Vec::new() }
            .add_run(run(text).color(layout::hex(&self.plan.branding.primary.0)).underline("single"))
    }

    /// An inline image; its alt text is added by `patch`.
    pub fn image(&mut self, pic: docx_rs::Pic, alt: &str) -> Run {
        self.alt_texts.push(alt.to_string());
        Run::new().add_image(pic.id(format!("rIdImage{}", self.alt_texts.len())))
    }

    /// A cell of `width` twips holding `paragraphs` (table text style).
    pub fn cell(width: usize, paragraphs: Vec<Paragraph>) -> TableCell {
        paragraphs.into_iter().fold(TableCell::new().width(width, WidthType::Dxa), |cell, p| cell.add_paragraph(p.style("TableText")))
    }

    /// A header row: bold text on a tinted background, repeated at the top
    /// of every page the table runs onto, never split.
    pub fn header_row(&mut self, widths: &[usize], labels: &[&str]) -> TableRow {
        self.header_rows += 1;
        let fill = layout::lighten(&self.plan.branding.primary.0, 0.85);
        let cells = widths
            .iter()
            .zip(labels)
            .map(|(w, label)| {
                Self::cell(*w, vec![Paragraph::new().add_run(run(label).bold())])
                    .shading(Shading::new().fill(&fill))
                    .vertical_align(VAlignType::Bottom)
            })
            .collect();
        TableRow::new(cells).cant_split().row_height(HEADER_ROW_HEIGHT)
    }

    /// A table of fixed column `widths` (twips), as wide as the text.
    pub fn table(&mut self, widths: &[usize], rows: Vec<TableRow>) {
        let border = |position| TableBorder::new(position).border_type(BorderType::Single).size(RULE).color(RULE_COLOUR);
        let borders = [
            TableBorderPosition::Top,
            TableBorderPosition::Left,
            TableBorderPosition::Bottom,
            TableBorderPosition::Right,
            TableBorderPosition::InsideH,
            TableBorderPosition::InsideV,
        ]
        .into_iter()
        .fold(TableBorders::new(), |b, p| b.set(border(p)));
        self.push_table(Table::new(rows).set_borders(borders), widths);
    }

    /// A table without borders (the cover's details, the sign-off block).
    pub fn plain_table(&mut self, widths: &[usize], rows: Vec<TableRow>) {
        self.push_table(Table::without_borders(rows), widths);
    }

    fn push_table(&mut self, table: Table, widths: &[usize]) {
        let inset = layout::CELL_INSET;
        let table = table
            .set_grid(widths.to_vec())
            .width(widths.iter().sum(), WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(inset / 2, inset, inset / 2, inset));
        self.items.push(Item::Table(Box::new(table)));
        // Word merges two adjacent tables into one: keep a paragraph between.
        self.push(Paragraph::new().style("Small"));
    }

    /// The contents: a TOC field over headings 1–2 whose result is already
    /// the list of entries, each a link to its heading, so LibreOffice
    /// (which does not update fields on opening) shows them. Page numbers
    /// are left to Word, which rebuilds the field when it opens the pack
    /// (the field is dirty and the settings ask for `updateFields`): only
    /// a layout engine knows them.
    fn contents_list(&mut self) -> StructuredDataTag {
        let instr = InstrToC::new().heading_styles_range(1, CONTENTS_DEPTH).hyperlink().hide_tab_and_page_numbers_in_webview();
        let mut sdt = self.sdts.contents();
        for (i, entry) in self.contents.iter().enumerate() {
            let mut p = Paragraph::new().style(&format!("TOC{}", entry.level));
            if i == 0 {
                p = p.add_run(
                    Run::new()
                        .add_field_char(FieldCharType::Begin, true)
                        .add_instr_text(InstrText::TOC(instr.clone()))
                        .add_field_char(FieldCharType::Separate, false),
                );
            }
            let link = Hyperlink::new(&entry.bookmark, HyperlinkType::Anchor).add_run(run(&entry.text));
            sdt = sdt.add_paragraph(p.add_hyperlink(link));
        }
        sdt.add_paragraph(Paragraph::new().add_run(Run::new().add_field_char(FieldCharType::End, false)))
    }

    /// The docx-rs document and what `patch` must add to its parts.
    pub fn finish(mut self) -> (Docx, Patches) {
        let plan = self.plan;
        let mut docx = Docx::new()
            .page_size(self.page.width as u32, self.page.height as u32)
            .page_margin(self.page.margin())
            .footer(layout::footer(plan, &self.page))
            .default_fonts(layout::fonts(&plan.branding))
            .default_size(layout::BODY)
            .default_line_spacing(layout::body_spacing());
        for style in layout::styles(&plan.branding) {
            docx = docx.add_style(style);
        }
        for numbering in layout::numberings() {
            docx = docx.add_abstract_numbering(numbering);
        }
        docx = docx.add_numbering(Numbering::new(layout::BULLETS, layout::BULLETS));
        for n in 0..self.lists {
            docx = docx.add_numbering(Numbering::new(FIRST_LIST + n, layout::ORDERED).add_override(LevelOverride::new(0).start(1)));
        }
        for item in std::mem::take(&mut self.items) {
            docx = match item {
                Item::Paragraph(p) => docx.add_paragraph(*p),
                Item::Table(t) => docx.add_table(*t),
                Item::Contents => {
                    let contents = self.contents_list();
                    docx.add_structured_data_tag(contents)
                }
            };
        }
        let patches = Patches {
            sdts: self.sdts.props,
            fields: self.sdts.fields,
            header_rows: self.header_rows,
            alt_texts: self.alt_texts,
            language: plan.framework.language.clone(),
        };
        (docx, patches)
    }
}
