//! The document being built: the body's XML in order, the contents
//! entries, the content controls, links and images; a bilingual pack's
//! parts in its second language ([`Doc::in_language`]) or side by side
//! with the first ([`Doc::side_by_side`]); and, at the end, the
//! docx-rs package around it (styles, numbering, footer, section), which
//! [`Body::place`] fills with the body once [`super::patch`] has mended
//! what docx-rs wrote.
//!
//! Ids (bookmarks, hyperlink relationships, images) are numbered here, per
//! document, so packs rendered in parallel still come out byte-identical.

use std::fmt::Write;

use docx_rs::{Docx, LevelOverride, Numbering, XMLDocx};

use super::controls::Sdts;
use super::layout::{self, Page};
use super::measure::Measure;
use super::text::{paragraph, run, runs};
use super::wml::{self, Align, Cell, Hyperlink, Paragraph, Row, Rules, Run, VAlign, escape_into};
use crate::model::{Block, Blocks};
use crate::plan::PackPlan;
use crate::render::layout::{Layout, Sizes};

/// Heading levels the contents list shows (as `outline(depth: 2)`).
const CONTENTS_DEPTH: usize = 2;
/// Bookmark ids start high, clear of any a Word update adds.
const FIRST_BOOKMARK: usize = 1000;
/// The first numbering instance of a numbered list (1 is docx-rs's own,
/// the low ones are the definitions in `layout`).
const FIRST_LIST: usize = 10;
/// The room between the two columns of a bilingual pack set out side by
/// side (7 mm, as the PDF's `column-gutter`), half of it each cell's inner margin.
const GUTTER_HALF: usize = 198;
/// The inner margins of a table's cells, left and right, above and below.
const CELL_MARGINS: (usize, usize) = (layout::CELL_INSET, layout::CELL_INSET / 2);
/// Table borders: 0.6 pt (in eighths of a point), dark grey, as in the PDF.
const RULE: usize = 5;
const RULE_COLOUR: &str = "5A5A5A";
/// The relationship types of the parts the body refers to.
const HYPERLINK: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";
const IMAGE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";

struct ContentsEntry {
    level: usize,
    text: String,
    bookmark: String,
}

/// The body of a finished document, and what it refers to.
pub struct Body {
    xml: String,
    /// Web addresses of the links, for relationships `rIdLink1`, `rIdLink2`…
    links: Vec<String>,
    /// PNG images, for relationships `rIdImage1`…
    images: Vec<Vec<u8>>,
    /// Content controls a person fills.
    pub fields: usize,
}

pub struct Doc<'a> {
    pub plan: &'a PackPlan,
    sizes: &'a Sizes,
    /// Whether the part being written starts a page (the plan's `new_page`).
    pub new_page: bool,
    pub page: Page,
    /// Widths of table text in the brand font, for narrow columns.
    pub measure: Measure<'a>,
    pub sdts: Sdts,
    body: String,
    /// Where the contents list goes (a byte offset into `body`), once
    /// every heading is known.
    contents_at: Option<usize>,
    contents: Vec<ContentsEntry>,
    links: Vec<String>,
    lists: usize,
    /// Whether any paragraph is a list item.
    numbered: bool,
    images: Vec<Vec<u8>>,
    /// Where each block (a paragraph; a table with the paragraph after it)
    /// starts in `body`, while a part is being split into blocks.
    marks: Option<Vec<usize>>,
}

impl<'a> Doc<'a> {
    pub fn new(plan: &'a PackPlan, layout: &'a Layout, measure: Measure<'a>) -> Self {
        Self {
            plan,
            sizes: &layout.sizes,
            new_page: true,
            page: Page::of(plan.branding.paper, &layout.margins),
            measure,
            sdts: Sdts::default(),
            body: String::with_capacity(1 << 16),
            contents_at: None,
            contents: Vec::new(),
            links: Vec::new(),
            lists: 0,
            numbered: false,
            images: Vec::new(),
            marks: None,
        }
    }

    pub fn push(&mut self, paragraph: Paragraph) {
        self.mark();
        paragraph.write(&mut self.body);
    }

    /// Notes that a block starts here, if blocks are being noted.
    fn mark(&mut self) {
        if let Some(marks) = &mut self.marks {
            marks.push(self.body.len());
        }
    }

    /// Marks where the contents list goes.
    pub fn contents_here(&mut self) {
        self.contents_at = Some(self.body.len());
    }

    /// Writes a part in the second language of a bilingual pack: `write`
    /// with `plan` (that language's) as the pack's, its every run tagged
    /// with the language.
    pub fn in_language(&mut self, plan: &'a PackPlan, write: impl FnOnce(&mut Self)) {
        let blocks = self.blocks_of(plan, write);
        self.body.extend(blocks);
    }

    /// What `write` writes with `plan` as the pack's, taken out of the
    /// body, block by block, every run tagged with `plan`'s language.
    fn blocks_of(&mut self, plan: &'a PackPlan, write: impl FnOnce(&mut Self)) -> Vec<String> {
        let (first, start) = (std::mem::replace(&mut self.plan, plan), self.body.len());
        let outer = self.marks.replace(Vec::new());
        write(self);
        let marks = std::mem::replace(&mut self.marks, outer).unwrap_or_default();
        let written = self.body.split_off(start);
        self.plan = first;
        let ends = marks.iter().skip(1).map(|m| m - start).chain([written.len()]);
        marks.iter().map(|m| m - start).zip(ends).map(|(a, b)| wml::in_language(&written[a..b], &plan.framework.language)).collect()
    }

    /// Writes a part of a bilingual pack in two columns, the pack's first
    /// language on the left (`first` writes it) and its second, `second`'s,
    /// on the right: a borderless table of two columns, each block (a
    /// paragraph, or a table) beside its translation in a row of its own,
    /// so the two stay level however much longer one language runs. (Word
    /// section columns would flow each language on from where the other
    /// ends, and a single row would let them drift apart over the pages.)
    /// A table (the roles, the training options) is too wide for half a
    /// page: its row is one cell across both columns, the first
    /// language's table above the second's. Where a part has more blocks
    /// in one language (a narrative translated into more paragraphs), the
    /// rows pair the blocks in order and the longer language's last ones
    /// have a row to themselves. Every run is tagged with its language.
    pub fn side_by_side(&mut self, second: &'a PackPlan, first: impl FnOnce(&mut Self), other: impl FnOnce(&mut Self)) {
        let (width, new_page) = (self.page.text_width, self.new_page);
        // The tables inside fill the cell across both columns.
        self.page.text_width = width - 2 * GUTTER_HALF;
        // A page break before a paragraph in a table is not honoured
        // (Word): the part's page starts before its table.
        self.new_page = false;
        let left = self.blocks_of(self.plan, first);
        let right = self.blocks_of(second, other);
        (self.page.text_width, self.new_page) = (width, new_page);
        if left.is_empty() && right.is_empty() {
            return; // A table has at least a row.
        }
        if new_page {
            self.push(Paragraph::new().style("Small").page_break_before(true));
        }
        let column = width / 2;
        let empty = spacer();
        let rows = (0..left.len().max(right.len()))
            .map(|i| {
                let (l, r) = (left.get(i).unwrap_or(&empty), right.get(i).unwrap_or(&empty));
                if l.starts_with("<w:tbl>") || r.starts_with("<w:tbl>") {
                    Row::new([Cell::new(2 * column).grid_span(2).add_blocks(l).add_blocks(r)])
                } else {
                    Row::new([Cell::new(column).add_blocks(l), Cell::new(column).add_blocks(r)])
                }
            })
            .collect();
        // No margin above and below: the paragraphs' own spacing parts the rows.
        self.push_table(&[column, column], None, (GUTTER_HALF, 0), rows);
    }

    /// The runs `get` makes of the pack's plan; in a bilingual pack (whose
    /// form is there once) followed, on a new line, by those of the second
    /// language's plan, tagged with that language.
    pub fn both(&self, get: impl Fn(&'a PackPlan) -> Vec<Run>) -> Vec<Run> {
        let mut runs = get(self.plan);
        if let Some(second) = &self.plan.alongside {
            runs.push(Run::new().line_break());
            runs.extend(get(&second.plan).into_iter().map(|r| r.lang(&second.plan.framework.language)));
        }
        runs
    }

    /// [`Doc::both`] of a text.
    pub fn say_both(&self, get: impl Fn(&'a PackPlan) -> &'a str) -> Vec<Run> {
        self.both(|plan| vec![run(get(plan))])
    }

    /// A heading in style "Heading N". `outlined` headings of the first
    /// levels are bookmarked and listed in the contents, as in the PDF.
    pub fn heading(&mut self, level: usize, text: &str, outlined: bool) {
        self.heading_runs(level, vec![run(text)], text, outlined);
    }

    /// A heading of `runs`, listed in the contents as `text`.
    pub fn heading_runs(&mut self, level: usize, runs: Vec<Run>, text: &str, outlined: bool) {
        let level = level.clamp(1, 6);
        let mut p = Paragraph::new().style(&format!("Heading{level}"));
        if level == 1 && self.new_page {
            // A new part starts a page, as `pagebreak(weak: true)` in the PDF.
            p = p.page_break_before(true);
        }
        if outlined && level <= CONTENTS_DEPTH {
            let id = FIRST_BOOKMARK + self.contents.len();
            let bookmark = format!("_Toc{id}");
            p = p.add_bookmarked(id, &bookmark, runs);
            self.contents.push(ContentsEntry { level, text: text.to_string(), bookmark });
        } else {
            p = p.add_runs(runs);
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
                        self.push(Paragraph::new().style("Quote").align(Align::Right).add_run(run(&format!("— {source}"))));
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
            self.numbered = true;
            let p = Paragraph::new().numbering(num).add_runs(runs);
            self.push(match style {
                Some(style) => p.style(style),
                None => p,
            });
        }
    }

    /// A link to `url` showing `text`. The relationship id is numbered
    /// here, in document order.
    pub fn link(&mut self, url: &str, text: &str) -> Hyperlink {
        self.links.push(url.to_string());
        Hyperlink::external(&format!("rIdLink{}", self.links.len()))
            .add_run(run(text).color(&layout::hex(&self.plan.branding.primary.0)).underline())
    }

    /// An inline PNG image of `width` × `height` EMU described by `alt`.
    pub fn image(&mut self, png: Vec<u8>, (width, height): (u32, u32), alt: &str) -> Run {
        self.images.push(png);
        let (n, id) = (self.images.len(), image_id(self.images.len()));
        let mut xml = format!(
            r#"<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{width}" cy="{height}" /><wp:effectExtent b="0" l="0" r="0" t="0" /><wp:docPr id="{n}" name="Picture {n}" descr=""#
        );
        escape_into(&mut xml, alt);
        let _ = write!(
            xml,
            r#"" /><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1" /></wp:cNvGraphicFramePr><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name="" /><pic:cNvPicPr><a:picLocks noChangeAspect="1" noChangeArrowheads="1" /></pic:cNvPicPr></pic:nvPicPr><pic:blipFill><a:blip r:embed="{id}" /><a:srcRect /><a:stretch><a:fillRect /></a:stretch></pic:blipFill><pic:spPr bwMode="auto"><a:xfrm rot="0"><a:off x="0" y="0" /><a:ext cx="{width}" cy="{height}" /></a:xfrm><a:prstGeom prst="rect"><a:avLst /></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>"#
        );
        Run::new().xml(&xml)
    }

    /// A cell of `width` twips holding `paragraphs` (table text style).
    pub fn cell(width: usize, paragraphs: Vec<Paragraph>) -> Cell {
        paragraphs.into_iter().fold(Cell::new(width), |cell, p| cell.add_paragraph(p.style("TableText")))
    }

    /// A header row: bold text on a tinted background, repeated at the top
    /// of every page the table runs onto, never split.
    pub fn header_row(&mut self, widths: &[usize], labels: &[&str]) -> Row {
        self.header_row_runs(widths, labels.iter().map(|label| vec![run(label)]).collect())
    }

    /// [`Doc::header_row`] of labels made of runs.
    pub fn header_row_runs(&mut self, widths: &[usize], labels: Vec<Vec<Run>>) -> Row {
        let fill = layout::lighten(&self.plan.branding.primary.0, 0.85);
        let cells = widths.iter().zip(labels).map(|(w, label)| {
            let p = Paragraph::new().add_runs(label.into_iter().map(Run::bold));
            Self::cell(*w, vec![p]).shading(&fill).vertical_align(VAlign::Bottom)
        });
        Row::new(cells).cant_split().header()
    }

    /// A table of fixed column `widths` (twips), as wide as the text.
    pub fn table(&mut self, widths: &[usize], rows: Vec<Row>) {
        self.push_table(widths, Some(Rules { size: RULE, color: RULE_COLOUR }), CELL_MARGINS, rows);
    }

    /// A table without borders (the cover's details, the sign-off block).
    pub fn plain_table(&mut self, widths: &[usize], rows: Vec<Row>) {
        self.push_table(widths, None, CELL_MARGINS, rows);
    }

    /// A table and the paragraph after it, one block.
    fn push_table(&mut self, widths: &[usize], rules: Option<Rules>, margins: (usize, usize), rows: Vec<Row>) {
        self.mark();
        wml::table(&mut self.body, widths, rules, margins, rows);
        // Word merges two adjacent tables into one, and a table cell
        // cannot end in a table: keep a paragraph after each.
        self.body.push_str(&spacer());
    }

    /// The contents: a TOC field over headings 1–2 whose result is already
    /// the list of entries, each a link to its heading, so LibreOffice
    /// (which does not update fields on opening) shows them. Page numbers
    /// are left to Word, which rebuilds the field when it opens the pack
    /// (the field is dirty and the settings ask for `updateFields`): only
    /// a layout engine knows them.
    fn contents_list(&mut self) -> String {
        let mut sdt = self.sdts.contents();
        // The field starts in the first entry (or, with none, in the
        // paragraph that ends it).
        let mut begin = Some(Run::new().xml(&format!(
            r#"<w:fldChar w:fldCharType="begin" w:dirty="true" /><w:instrText>TOC \o &quot;1-{CONTENTS_DEPTH}&quot; \h \z</w:instrText><w:fldChar w:fldCharType="separate" w:dirty="false" />"#
        )));
        for entry in &self.contents {
            let p = Paragraph::new().style(&format!("TOC{}", entry.level)).add_runs(begin.take());
            sdt = sdt.add_paragraph(p.add_hyperlink(Hyperlink::internal(&entry.bookmark).add_run(run(&entry.text))));
        }
        let end = Paragraph::new().add_runs(begin).add_run(Run::new().xml(r#"<w:fldChar w:fldCharType="end" w:dirty="false" />"#));
        let mut xml = String::new();
        sdt.add_paragraph(end).write(&mut xml);
        xml
    }

    /// The docx-rs package around the body (styles, numbering, footer,
    /// page), and the body.
    pub fn finish(mut self) -> (Docx, Body) {
        let plan = self.plan;
        let mut docx = Docx::new()
            .page_size(self.page.width as u32, self.page.height as u32)
            .page_margin(self.page.margin())
            .footer(layout::footer(plan, &self.page))
            .default_fonts(layout::fonts(&plan.branding))
            .default_size(layout::half_points(self.sizes.body))
            .default_line_spacing(layout::body_spacing());
        for style in layout::styles(&plan.branding, self.sizes) {
            docx = docx.add_style(style);
        }
        for numbering in layout::numberings() {
            docx = docx.add_abstract_numbering(numbering);
        }
        docx = docx.add_numbering(Numbering::new(layout::BULLETS, layout::BULLETS));
        for n in 0..self.lists {
            docx = docx.add_numbering(Numbering::new(FIRST_LIST + n, layout::ORDERED).add_override(LevelOverride::new(0).start(1)));
        }
        // docx-rs relates numbering.xml to the document only when it saw a
        // list (Word Online refuses the relationship without one).
        docx.document_rels.has_numberings |= self.numbered;
        if let Some(at) = self.contents_at {
            let contents = self.contents_list();
            self.body.insert_str(at, &contents);
        }
        (docx, Body { xml: self.body, links: self.links, images: self.images, fields: self.sdts.fields })
    }
}

impl Body {
    /// Puts the body into the (empty) body of docx-rs's `document.xml`,
    /// and the relationships of its links and images, and the images, into
    /// the package.
    pub fn place(self, parts: &mut XMLDocx) -> Result<(), String> {
        let document = ooxml::take_text(&mut parts.document, "word/document.xml")?;
        let mut with_body = String::with_capacity(document.len() + self.xml.len());
        let at = document.find("<w:body>").ok_or("docx-rs output changed: no <w:body> in word/document.xml")? + "<w:body>".len();
        with_body.push_str(&document[..at]);
        with_body.push_str(&self.xml);
        with_body.push_str(&document[at..]);
        parts.document = with_body.into_bytes();

        let mut relationships = String::new();
        for n in 1..=self.images.len() {
            let id = image_id(n);
            let _ = write!(relationships, r#"<Relationship Id="{id}" Type="{IMAGE}" Target="media/{id}.png" />"#);
        }
        for (n, url) in self.links.iter().enumerate() {
            let _ = write!(relationships, r#"<Relationship Id="rIdLink{}" Type="{HYPERLINK}" Target=""#, n + 1);
            escape_into(&mut relationships, url);
            relationships.push_str(r#"" TargetMode="External" />"#);
        }
        let rels = ooxml::take_text(&mut parts.document_rels, "word/_rels/document.xml.rels")?;
        let end = "</Relationships>";
        parts.document_rels = ooxml::replace_counted(&rels, end, 1, "relationships", |_| format!("{relationships}{end}"))?.into_bytes();
        parts.media.extend(self.images.into_iter().enumerate().map(|(i, png)| (image_id(i + 1), png)));
        Ok(())
    }
}

/// The small empty paragraph after a table.
fn spacer() -> String {
    let mut xml = String::new();
    Paragraph::new().style("Small").write(&mut xml);
    xml
}

/// The relationship id of the `n`th image (from 1), also its file name in
/// `word/media/`.
fn image_id(n: usize) -> String {
    format!("rIdImage{n}")
}
