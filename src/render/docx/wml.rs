//! The body of a pack in WordprocessingML, written straight to XML: runs,
//! paragraphs, links, content controls, cells, rows and tables.
//!
//! Why not docx-rs for the body: it builds a tree of structs of a kilobyte
//! and more each (every builder call moves one), serialises it through a
//! generic writer, and writes property children out of the schema's order,
//! so its XML had to be reordered afterwards. For the largest pack (1,752
//! content controls, 1 MB of XML) that was 30 of its 40 ms. Here each
//! builder keeps its properties as a few fields and its content as XML
//! already written, and writes itself once, when it is added to its
//! parent, with the children of every property element in the order of
//! ECMA-376 Part 1 (`pPr` §17.3.1.26, `rPr` §17.3.2.28, `tblPr` §17.4.60,
//! `trPr` §17.4.82, `tcPr` §17.4.70). docx-rs still writes the package
//! around the body (styles, numbering, settings, footer, section).
//!
//! Text is always escaped here (`w:t` and attribute values): source text
//! is data, never markup.

use std::borrow::Cow;
use std::fmt::Write;

/// Escapes text for XML that framewright writes itself (attribute values
/// and element text). Characters XML 1.0 cannot hold are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// [`escape`], appending to `out`. Text without a character to escape or
/// drop (nearly all of it) is copied in one piece.
pub fn escape_into(out: &mut String, text: &str) {
    let special = |b: &u8| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'') || *b < 0x20 || *b == 0xEF;
    if !text.as_bytes().iter().any(special) {
        out.push_str(text);
        return;
    }
    for c in clean(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

/// `text` without the characters XML 1.0 forbids (C0 controls other than
/// tab, line feed and carriage return; U+FFFE, U+FFFF): a document holding
/// one does not open. They cannot be printed anyway.
fn clean(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if text.chars().all(allowed) { Cow::Borrowed(text) } else { Cow::Owned(text.chars().filter(|c| allowed(*c)).collect()) }
}

/// The `w:lang` of text in `lang`.
fn language(lang: &str) -> String {
    format!(r#"<w:lang w:val="{}" />"#, escape(lang))
}

/// `xml`, written by this module, with every run in `lang`: a `w:lang`
/// ends each run's properties, where [`Run::write`] puts it (nothing it
/// writes comes after it in `rPr`). For a part of a bilingual pack set
/// out in its second language, whose runs are made where the part is.
pub fn in_language(xml: &str, lang: &str) -> String {
    let tag = language(lang);
    let mut out = String::with_capacity(xml.len() + xml.len() / 8);
    let mut rest = xml;
    while let Some(at) = rest.find("<w:r>") {
        let (before, run) = rest.split_at(at + "<w:r>".len());
        out.push_str(before);
        rest = match run.strip_prefix("<w:rPr>").and_then(|props| props.find("</w:rPr>").map(|end| props.split_at(end))) {
            Some((props, after)) if !props.contains("<w:lang ") => {
                out.push_str("<w:rPr>");
                out.push_str(props);
                out.push_str(&tag);
                after
            }
            Some(_) => run,
            None => {
                out.push_str("<w:rPr>");
                out.push_str(&tag);
                out.push_str("</w:rPr>");
                run
            }
        };
    }
    out.push_str(rest);
    out
}

/// A paragraph's alignment (`w:jc`).
#[derive(Clone, Copy)]
pub enum Align {
    Center,
    Right,
}

/// A cell's vertical alignment (`w:vAlign`).
#[derive(Clone, Copy)]
pub enum VAlign {
    Center,
    Bottom,
}

/// A run: text with one set of character properties.
#[derive(Default)]
pub struct Run {
    style: Option<&'static str>,
    bold: bool,
    italic: bool,
    color: Option<String>,
    /// In half-points.
    size: Option<usize>,
    underline: bool,
    strike: bool,
    /// The run's language (`w:lang`), where it is not the document's.
    lang: Option<String>,
    content: String,
}

impl Run {
    pub fn new() -> Self {
        Self::default()
    }

    /// Text, escaped; characters XML cannot hold are dropped.
    pub fn text(mut self, text: &str) -> Self {
        self.content.push_str(r#"<w:t xml:space="preserve">"#);
        escape_into(&mut self.content, text);
        self.content.push_str("</w:t>");
        self
    }

    /// A line break within the paragraph.
    pub fn line_break(mut self) -> Self {
        self.content.push_str(r#"<w:br w:type="textWrapping" />"#);
        self
    }

    pub fn tab(mut self) -> Self {
        self.content.push_str("<w:tab />");
        self
    }

    /// Content that is not text (a drawing, a field character), written
    /// by the caller.
    pub fn xml(mut self, xml: &str) -> Self {
        self.content.push_str(xml);
        self
    }

    /// A character style.
    pub fn style(mut self, style: &'static str) -> Self {
        self.style = Some(style);
        self
    }

    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    pub fn italic(mut self) -> Self {
        self.italic = true;
        self
    }

    /// A colour as Word writes it ("1D4F91").
    pub fn color(mut self, color: &str) -> Self {
        self.color = Some(color.to_string());
        self
    }

    /// The size in half-points.
    pub fn size(mut self, size: usize) -> Self {
        self.size = Some(size);
        self
    }

    pub fn underline(mut self) -> Self {
        self.underline = true;
        self
    }

    pub fn strike(mut self) -> Self {
        self.strike = true;
        self
    }

    /// The run's language, where it is not the document's (a bilingual
    /// pack's second language).
    pub fn lang(mut self, lang: &str) -> Self {
        self.lang = Some(lang.to_string());
        self
    }

    fn write(self, out: &mut String) {
        out.push_str("<w:r>");
        if self.style.is_some()
            || self.bold
            || self.italic
            || self.color.is_some()
            || self.size.is_some()
            || self.underline
            || self.strike
            || self.lang.is_some()
        {
            out.push_str("<w:rPr>");
            if let Some(style) = self.style {
                let _ = write!(out, r#"<w:rStyle w:val="{style}" />"#);
            }
            if self.bold {
                out.push_str("<w:b /><w:bCs />");
            }
            if self.italic {
                out.push_str("<w:i /><w:iCs />");
            }
            if self.strike {
                out.push_str("<w:strike />");
            }
            if let Some(color) = &self.color {
                let _ = write!(out, r#"<w:color w:val="{color}" />"#);
            }
            if let Some(size) = self.size {
                let _ = write!(out, r#"<w:sz w:val="{size}" /><w:szCs w:val="{size}" />"#);
            }
            if self.underline {
                out.push_str(r#"<w:u w:val="single" />"#);
            }
            if let Some(lang) = &self.lang {
                out.push_str(&language(lang));
            }
            out.push_str("</w:rPr>");
        }
        out.push_str(&self.content);
        out.push_str("</w:r>");
    }
}

/// A paragraph: properties, then runs, links, bookmarks and inline
/// content controls in order.
#[derive(Default)]
pub struct Paragraph {
    style: Option<String>,
    keep_next: bool,
    page_break_before: bool,
    /// A list's numbering instance (level 0).
    numbering: Option<usize>,
    /// A rule down the left side: width in eighths of a point, colour.
    left_rule: Option<(usize, String)>,
    /// Space above, in twips.
    before: Option<usize>,
    align: Option<Align>,
    content: String,
}

impl Paragraph {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn style(mut self, style: &str) -> Self {
        self.style = Some(style.to_string());
        self
    }

    /// Kept on the page of the next paragraph.
    pub fn keep_next(mut self) -> Self {
        self.keep_next = true;
        self
    }

    pub fn page_break_before(mut self, on: bool) -> Self {
        self.page_break_before = on;
        self
    }

    /// An item of the list numbered by instance `num`.
    pub fn numbering(mut self, num: usize) -> Self {
        self.numbering = Some(num);
        self
    }

    /// A single rule on the left, `size` in eighths of a point.
    pub fn left_rule(mut self, size: usize, color: &str) -> Self {
        self.left_rule = Some((size, color.to_string()));
        self
    }

    /// Space above the paragraph, in twips.
    pub fn space_before(mut self, twips: usize) -> Self {
        self.before = Some(twips);
        self
    }

    pub fn align(mut self, align: Align) -> Self {
        self.align = Some(align);
        self
    }

    pub fn add_run(mut self, run: Run) -> Self {
        run.write(&mut self.content);
        self
    }

    pub fn add_runs(self, runs: impl IntoIterator<Item = Run>) -> Self {
        runs.into_iter().fold(self, Self::add_run)
    }

    pub fn add_hyperlink(mut self, link: Hyperlink) -> Self {
        link.write(&mut self.content);
        self
    }

    /// An inline content control (a check box).
    pub fn add_sdt(mut self, sdt: Sdt) -> Self {
        sdt.write(&mut self.content);
        self
    }

    /// `run` inside bookmark `id` called `name` (a link target).
    pub fn add_bookmarked(mut self, id: usize, name: &str, runs: Vec<Run>) -> Self {
        let _ = write!(self.content, r#"<w:bookmarkStart w:id="{id}" w:name=""#);
        escape_into(&mut self.content, name);
        self.content.push_str(r#"" />"#);
        runs.into_iter().for_each(|run| run.write(&mut self.content));
        let _ = write!(self.content, r#"<w:bookmarkEnd w:id="{id}" />"#);
        self
    }

    pub fn write(self, out: &mut String) {
        out.push_str("<w:p><w:pPr>");
        if let Some(style) = &self.style {
            out.push_str(r#"<w:pStyle w:val=""#);
            escape_into(out, style);
            out.push_str(r#"" />"#);
        }
        if self.keep_next {
            out.push_str("<w:keepNext />");
        }
        if self.page_break_before {
            out.push_str("<w:pageBreakBefore />");
        }
        if let Some(num) = self.numbering {
            let _ = write!(out, r#"<w:numPr><w:ilvl w:val="0" /><w:numId w:val="{num}" /></w:numPr>"#);
        }
        if let Some((size, color)) = &self.left_rule {
            let _ = write!(out, r#"<w:pBdr><w:left w:val="single" w:space="6" w:sz="{size}" w:color="{color}" /></w:pBdr>"#);
        }
        if let Some(before) = self.before {
            let _ = write!(out, r#"<w:spacing w:before="{before}" />"#);
        }
        match self.align {
            Some(Align::Center) => out.push_str(r#"<w:jc w:val="center" />"#),
            Some(Align::Right) => out.push_str(r#"<w:jc w:val="right" />"#),
            None => {}
        }
        out.push_str("</w:pPr>");
        out.push_str(&self.content);
        out.push_str("</w:p>");
    }
}

/// A link: to a web address (an external relationship `rid`) or to a
/// bookmark in the document.
pub struct Hyperlink {
    open: String,
    content: String,
}

impl Hyperlink {
    /// A link through relationship `rid`, which names the address.
    pub fn external(rid: &str) -> Self {
        let mut open = String::from(r#"<w:hyperlink r:id=""#);
        escape_into(&mut open, rid);
        open.push_str(r#"" w:history="1">"#);
        Self { open, content: String::new() }
    }

    /// A link to bookmark `name`.
    pub fn internal(name: &str) -> Self {
        let mut open = String::from(r#"<w:hyperlink w:anchor=""#);
        escape_into(&mut open, name);
        open.push_str(r#"" w:history="1">"#);
        Self { open, content: String::new() }
    }

    pub fn add_run(mut self, run: Run) -> Self {
        run.write(&mut self.content);
        self
    }

    fn write(self, out: &mut String) {
        out.push_str(&self.open);
        out.push_str(&self.content);
        out.push_str("</w:hyperlink>");
    }
}

/// A content control (`w:sdt`): its properties, written by the caller
/// (`controls`), and runs (inline) or paragraphs (block-level).
pub struct Sdt {
    props: String,
    content: String,
}

impl Sdt {
    /// A control with `props`, a whole `w:sdtPr` element.
    pub fn new(props: String) -> Self {
        Self { props, content: String::new() }
    }

    pub fn add_run(mut self, run: Run) -> Self {
        run.write(&mut self.content);
        self
    }

    pub fn add_paragraph(mut self, paragraph: Paragraph) -> Self {
        paragraph.write(&mut self.content);
        self
    }

    pub fn write(self, out: &mut String) {
        out.push_str("<w:sdt>");
        out.push_str(&self.props);
        out.push_str("<w:sdtContent>");
        out.push_str(&self.content);
        out.push_str("</w:sdtContent></w:sdt>");
    }
}

/// A table cell of a fixed width.
pub struct Cell {
    /// In twips.
    width: usize,
    span: Option<usize>,
    /// A rule along the bottom: width in eighths of a point, colour.
    bottom_rule: Option<(usize, &'static str)>,
    fill: Option<String>,
    valign: Option<VAlign>,
    content: String,
}

impl Cell {
    /// An empty cell `width` twips wide.
    pub fn new(width: usize) -> Self {
        Self { width, span: None, bottom_rule: None, fill: None, valign: None, content: String::new() }
    }

    /// Spans `columns` grid columns.
    pub fn grid_span(mut self, columns: usize) -> Self {
        self.span = Some(columns);
        self
    }

    /// A background colour ("F0F0F0").
    pub fn shading(mut self, fill: &str) -> Self {
        self.fill = Some(fill.to_string());
        self
    }

    pub fn vertical_align(mut self, valign: VAlign) -> Self {
        self.valign = Some(valign);
        self
    }

    /// A single rule along the bottom, `size` in eighths of a point.
    pub fn bottom_rule(mut self, size: usize, color: &'static str) -> Self {
        self.bottom_rule = Some((size, color));
        self
    }

    pub fn add_paragraph(mut self, paragraph: Paragraph) -> Self {
        paragraph.write(&mut self.content);
        self
    }

    /// Block-level content (paragraphs, tables) written by this module.
    /// The last of it must be a paragraph: a cell cannot end in a table.
    pub fn add_blocks(mut self, xml: &str) -> Self {
        self.content.push_str(xml);
        self
    }

    /// A block-level content control.
    pub fn add_sdt(mut self, sdt: Sdt) -> Self {
        sdt.write(&mut self.content);
        self
    }

    fn write(self, out: &mut String) {
        let _ = write!(out, r#"<w:tc><w:tcPr><w:tcW w:w="{}" w:type="dxa" />"#, self.width);
        if let Some(span) = self.span {
            let _ = write!(out, r#"<w:gridSpan w:val="{span}" />"#);
        }
        if let Some((size, color)) = self.bottom_rule {
            let _ = write!(out, r#"<w:tcBorders><w:bottom w:val="single" w:sz="{size}" w:space="0" w:color="{color}" /></w:tcBorders>"#);
        }
        if let Some(fill) = &self.fill {
            let _ = write!(out, r#"<w:shd w:val="clear" w:color="auto" w:fill="{fill}" />"#);
        }
        match self.valign {
            Some(VAlign::Center) => out.push_str(r#"<w:vAlign w:val="center" />"#),
            Some(VAlign::Bottom) => out.push_str(r#"<w:vAlign w:val="bottom" />"#),
            None => {}
        }
        out.push_str("</w:tcPr>");
        out.push_str(&self.content);
        out.push_str("</w:tc>");
    }
}

/// A table row.
pub struct Row {
    cant_split: bool,
    /// A minimum height, in twips.
    height: Option<usize>,
    /// Repeated at the top of each page the table runs onto.
    header: bool,
    content: String,
}

impl Row {
    pub fn new(cells: impl IntoIterator<Item = Cell>) -> Self {
        let mut content = String::new();
        for cell in cells {
            cell.write(&mut content);
        }
        Self { cant_split: false, height: None, header: false, content }
    }

    /// Never split across pages.
    pub fn cant_split(mut self) -> Self {
        self.cant_split = true;
        self
    }

    /// At least `twips` high.
    pub fn min_height(mut self, twips: usize) -> Self {
        self.height = Some(twips);
        self
    }

    pub fn header(mut self) -> Self {
        self.header = true;
        self
    }

    fn write(self, out: &mut String) {
        out.push_str("<w:tr><w:trPr>");
        if self.cant_split {
            out.push_str("<w:cantSplit />");
        }
        if let Some(height) = self.height {
            let _ = write!(out, r#"<w:trHeight w:val="{height}" w:hRule="atLeast" />"#);
        }
        if self.header {
            out.push_str("<w:tblHeader />");
        }
        out.push_str("</w:trPr>");
        out.push_str(&self.content);
        out.push_str("</w:tr>");
    }
}

/// A table's rules: every border and inside line, `size` in eighths of a
/// point, or none.
pub struct Rules {
    pub size: usize,
    pub color: &'static str,
}

/// A table of fixed column `widths` (twips), as wide as they add up to,
/// with cell margins of `h` twips left and right and `v` above and below.
pub fn table(out: &mut String, widths: &[usize], rules: Option<Rules>, (h, v): (usize, usize), rows: Vec<Row>) {
    let _ = write!(out, r#"<w:tbl><w:tblPr><w:tblW w:w="{}" w:type="dxa" /><w:jc w:val="left" />"#, widths.iter().sum::<usize>());
    match rules {
        Some(Rules { size, color }) => {
            out.push_str("<w:tblBorders>");
            for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
                let _ = write!(out, r#"<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="{color}" />"#);
            }
            out.push_str("</w:tblBorders>");
        }
        None => out.push_str("<w:tblBorders />"),
    }
    let _ = write!(
        out,
        r#"<w:tblLayout w:type="fixed" /><w:tblCellMar><w:top w:w="{v}" w:type="dxa" /><w:left w:w="{h}" w:type="dxa" /><w:bottom w:w="{v}" w:type="dxa" /><w:right w:w="{h}" w:type="dxa" /></w:tblCellMar></w:tblPr><w:tblGrid>"#
    );
    for width in widths {
        let _ = write!(out, r#"<w:gridCol w:w="{width}" />"#);
    }
    out.push_str("</w:tblGrid>");
    for row in rows {
        row.write(out);
    }
    out.push_str("</w:tbl>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(escape(r#"a <b> & "c" 'd'"#), "a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;");
        assert_eq!(escape("bell\u{7} tab\t ok \u{fffe}"), "bell tab\t ok ");
        assert_eq!(escape("مرحبا 🙂 ŵ"), "مرحبا 🙂 ŵ");
    }

    #[test]
    fn writes_properties_in_the_schemas_order_and_escapes_text() {
        let mut out = String::new();
        Paragraph::new()
            .align(Align::Center)
            .space_before(340)
            .style("Title")
            .page_break_before(true)
            .add_run(Run::new().underline().size(26).color("1D4F91").italic().bold().style("CheckBox").text("a <b> & \"c\"\u{7}"))
            .write(&mut out);
        assert_eq!(
            out,
            concat!(
                r#"<w:p><w:pPr><w:pStyle w:val="Title" /><w:pageBreakBefore /><w:spacing w:before="340" /><w:jc w:val="center" /></w:pPr>"#,
                r#"<w:r><w:rPr><w:rStyle w:val="CheckBox" /><w:b /><w:bCs /><w:i /><w:iCs /><w:color w:val="1D4F91" /><w:sz w:val="26" /><w:szCs w:val="26" /><w:u w:val="single" /></w:rPr>"#,
                r#"<w:t xml:space="preserve">a &lt;b&gt; &amp; &quot;c&quot;</w:t></w:r></w:p>"#
            )
        );
    }

    #[test]
    fn runs_are_put_in_a_language_at_the_end_of_their_properties() {
        let mut xml = String::new();
        Paragraph::new()
            .add_run(Run::new().text("a"))
            .add_run(Run::new().bold().text("b"))
            .add_run(Run::new().lang("cy").text("c"))
            .write(&mut xml);
        let tagged = in_language(&xml, "en-GB");
        assert_eq!(
            tagged,
            xml.replacen("<w:r><w:t", r#"<w:r><w:rPr><w:lang w:val="en-GB" /></w:rPr><w:t"#, 1).replacen(
                "<w:bCs /></w:rPr>",
                r#"<w:bCs /><w:lang w:val="en-GB" /></w:rPr>"#,
                1
            )
        );
        assert!(tagged.contains(r#"<w:lang w:val="cy" /></w:rPr>"#), "a run with its own language keeps it: {tagged}");
    }

    #[test]
    fn writes_a_table_with_its_grid_rows_and_cells() {
        let mut out = String::new();
        let cell = Cell::new(100).vertical_align(VAlign::Bottom).shading("F0F0F0").bottom_rule(5, "000000").grid_span(2);
        table(&mut out, &[40, 60], None, (100, 50), vec![Row::new([cell]).header().min_height(624).cant_split()]);
        assert_eq!(
            out,
            concat!(
                r#"<w:tbl><w:tblPr><w:tblW w:w="100" w:type="dxa" /><w:jc w:val="left" /><w:tblBorders /><w:tblLayout w:type="fixed" />"#,
                r#"<w:tblCellMar><w:top w:w="50" w:type="dxa" /><w:left w:w="100" w:type="dxa" /><w:bottom w:w="50" w:type="dxa" /><w:right w:w="100" w:type="dxa" /></w:tblCellMar></w:tblPr>"#,
                r#"<w:tblGrid><w:gridCol w:w="40" /><w:gridCol w:w="60" /></w:tblGrid>"#,
                r#"<w:tr><w:trPr><w:cantSplit /><w:trHeight w:val="624" w:hRule="atLeast" /><w:tblHeader /></w:trPr>"#,
                r#"<w:tc><w:tcPr><w:tcW w:w="100" w:type="dxa" /><w:gridSpan w:val="2" /><w:tcBorders><w:bottom w:val="single" w:sz="5" w:space="0" w:color="000000" /></w:tcBorders>"#,
                r#"<w:shd w:val="clear" w:color="auto" w:fill="F0F0F0" /><w:vAlign w:val="bottom" /></w:tcPr></w:tc></w:tr></w:tbl>"#
            )
        );
    }
}
