//! Page, type and styles: the Word side of `templates/parts/style.typ`,
//! with the margins and type sizes of the same `templates/layout.toml`
//! ([`Layout`](crate::render::layout::Layout)). Paragraph styles carry the formatting (Heading 1–6 with outline
//! levels, so Word's navigation pane and contents field work; Title; the
//! contents entries), so a person who edits the pack keeps the look.

use docx_rs::{
    AbstractNumbering, AlignmentType, BorderType, Footer, Level, LevelJc, LevelText, LineSpacing, LineSpacingType, NumPages, NumberFormat,
    PageMargin, PageNum, Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SpecialIndentType, Start,
    Style, StyleType, Tab, TabLeaderType, TabValueType,
};

use crate::model::{Branding, Paper};
use crate::plan::PackPlan;
use crate::plan::wording::Piece;
use crate::render::layout::{Margins, Sizes};

/// Millimetres to twentieths of a point (Word's unit for lengths).
pub fn mm(value: f64) -> usize {
    (value * 1440.0 / 25.4).round() as usize
}

/// Points to half-points (Word's unit for `w:sz`).
pub fn half_points(points: f64) -> usize {
    (points * 2.0).round() as usize
}

/// Font sizes in half-points that the layout does not set.
pub const SMALL: usize = 20;

/// The inner margin of a table cell, left and right (half of it above and
/// below): 5 pt, as `inset: 5pt` in the PDF.
pub const CELL_INSET: usize = 100;

/// Paragraph spacing after, and line spacing (240 = single).
const AFTER: u32 = 200;
const LINE: i32 = 288;

/// The font for right-to-left and other complex scripts, as in the PDF's
/// fallback list (the brand font has no Arabic).
pub const COMPLEX_FONT: &str = "Noto Sans Arabic";
/// The font Word itself uses for check-box glyphs.
pub const BOX_FONT: &str = "MS Gothic";
/// The character style of check boxes (the font above, 14 pt).
pub const BOX_STYLE: &str = "CheckBox";

/// Numbering definitions (docx-rs always writes its own number 1).
pub const BULLETS: usize = 2;
pub const ORDERED: usize = 3;

/// The page: A4 (or US Letter) with a generous inside margin, mirrored on
/// facing pages, so duplex printing and ring binding lose nothing.
pub struct Page {
    pub width: usize,
    pub height: usize,
    pub inside: usize,
    pub outside: usize,
    top: usize,
    bottom: usize,
    /// The width between the margins, which every table fills.
    pub text_width: usize,
}

impl Page {
    pub fn of(paper: Paper, margins: &Margins) -> Self {
        let (width, height) = match paper {
            Paper::A4 => (11906, 16838),
            Paper::UsLetter => (12240, 15840),
        };
        let (inside, outside) = (mm(margins.inside), mm(margins.outside));
        Self { width, height, inside, outside, top: mm(margins.top), bottom: mm(margins.bottom), text_width: width - inside - outside }
    }

    pub fn margin(&self) -> PageMargin {
        PageMargin::new()
            .top(self.top as i32)
            .bottom(self.bottom as i32)
            .left(self.inside as i32)
            .right(self.outside as i32)
            .header(mm(10.0) as i32)
            .footer(mm(10.0) as i32)
            .gutter(0)
    }
}

/// A source colour ("#1d4f91") as Word writes it ("1D4F91").
pub fn hex(colour: &str) -> String {
    colour.trim_start_matches('#').to_ascii_uppercase()
}

/// `colour` mixed with white: `share` 0.85 keeps 15 % of the colour
/// (Typst's `lighten(85%)`, used for the grid's header row).
pub fn lighten(colour: &str, share: f64) -> String {
    let rgb = u32::from_str_radix(colour.trim_start_matches('#'), 16).unwrap_or(0);
    let channel = |shift: u32| {
        let c = f64::from((rgb >> shift) & 0xff);
        (c + (255.0 - c) * share).round() as u32
    };
    format!("{:02X}{:02X}{:02X}", channel(16), channel(8), channel(0))
}

/// A single rule on one side of a paragraph (docx-rs's `set_border` would
/// draw the other three sides too). `size` is in eighths of a point.
fn rule(side: ParagraphBorderPosition, size: usize, colour: &str) -> ParagraphBorders {
    ParagraphBorders::with_empty().set(ParagraphBorder::new(side).val(BorderType::Single).size(size).space(6).color(hex(colour)))
}

pub fn fonts(branding: &Branding) -> RunFonts {
    RunFonts::new().ascii(&branding.font).hi_ansi(&branding.font).east_asia(&branding.font).cs(COMPLEX_FONT)
}

pub fn body_spacing() -> LineSpacing {
    LineSpacing::new().after(AFTER).line(LINE).line_rule(LineSpacingType::Auto)
}

/// The paragraph styles every pack uses.
pub fn styles(branding: &Branding, sizes: &Sizes) -> Vec<Style> {
    let primary = hex(&branding.primary.0);
    let heading = |level: usize, size: usize| {
        let mut style = Style::new(format!("Heading{level}"), StyleType::Paragraph)
            .name(format!("heading {level}"))
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .outline_lvl(level - 1)
            .bold()
            .color(&primary)
            .size(size)
            .line_spacing(LineSpacing::new().before(if level == 1 { 0 } else { 240 }).after(120));
        // A part's heading starts a page or not as the plan says
        // (`Doc::heading`), so the style itself does not break.
        style.paragraph_property = style.paragraph_property.keep_next(true).keep_lines(true);
        style
    };
    let toc = |level: usize| {
        Style::new(format!("TOC{level}"), StyleType::Paragraph)
            .name(format!("toc {level}"))
            .based_on("Normal")
            .next("Normal")
            .indent(Some(((level - 1) * 360) as i32), None, None, None)
            .line_spacing(LineSpacing::new().after(80))
    };
    vec![
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .q_format(true)
            .bold()
            .color(&primary)
            .size(56)
            .line_spacing(LineSpacing::new().after(120).line(240).line_rule(LineSpacingType::Auto)),
        Style::new("Subtitle", StyleType::Paragraph).name("Subtitle").based_on("Normal").q_format(true).size(30),
        heading(1, half_points(sizes.headings[0])),
        heading(2, half_points(sizes.headings[1])),
        heading(3, half_points(sizes.headings[2])),
        heading(4, half_points(sizes.headings[3])),
        heading(5, half_points(sizes.headings[4])),
        heading(6, half_points(sizes.headings[4])),
        // Body-text outline level: "Contents" is not a heading of the pack.
        Style::new("TOCHeading", StyleType::Paragraph)
            .name("TOC Heading")
            .based_on("Heading1")
            .next("Normal")
            .q_format(true)
            .outline_lvl(9),
        toc(1),
        toc(2),
        Style::new("TableText", StyleType::Paragraph)
            .name("Table Text")
            .based_on("Normal")
            .size(half_points(sizes.table))
            .line_spacing(LineSpacing::new().after(0).line(252).line_rule(LineSpacingType::Auto)),
        Style::new("Quote", StyleType::Paragraph).name("Quote").based_on("Normal").q_format(true).italic().indent(
            Some(mm(8.0) as i32),
            None,
            Some(mm(8.0) as i32),
            None,
        ),
        // A statement's wording before and after, under its change.
        Style::new("Wording", StyleType::Paragraph).name("Wording").based_on("Normal").indent(Some(mm(8.0) as i32), None, None, None),
        Style::new("Small", StyleType::Paragraph).name("Small").based_on("Normal").size(SMALL),
        Style::new(BOX_STYLE, StyleType::Character)
            .name("Check Box")
            .fonts(RunFonts::new().ascii(BOX_FONT).hi_ansi(BOX_FONT).east_asia(BOX_FONT))
            .size(28),
        assumed(branding),
        Style::new("Footer", StyleType::Paragraph)
            .name("footer")
            .based_on("Normal")
            .size(half_points(sizes.footer))
            .line_spacing(LineSpacing::new().after(0).line(240).line_rule(LineSpacingType::Auto)),
    ]
}

/// Capabilities assumed from earlier levels: grey text beside a stripe in
/// the accent colour, as in the PDF.
fn assumed(branding: &Branding) -> Style {
    let mut style = Style::new("Assumed", StyleType::Paragraph).name("Assumed").based_on("Normal").color("3C3C3C");
    style.paragraph_property = style.paragraph_property.set_borders(rule(ParagraphBorderPosition::Left, 16, &branding.accent.0));
    style
}

/// Bullets and numbered lists: one level each, hanging indent.
pub fn numberings() -> Vec<AbstractNumbering> {
    let level = |format: &str, text: &str| {
        Level::new(0, Start::new(1), NumberFormat::new(format), LevelText::new(text), LevelJc::new("left")).indent(
            Some(mm(7.0) as i32),
            Some(SpecialIndentType::Hanging(mm(5.0) as i32)),
            None,
            None,
        )
    };
    vec![
        AbstractNumbering::new(BULLETS).add_level(level("bullet", "•")),
        AbstractNumbering::new(ORDERED).add_level(level("decimal", "%1.")),
    ]
}

/// The footer of every page: framework title, version, review date and
/// "Page X of Y", under a rule in the brand colour, as in the PDF.
pub fn footer(plan: &PackPlan, page: &Page) -> Footer {
    let ruled = |p: Paragraph| {
        let mut p = p;
        p.property = p.property.set_borders(rule(ParagraphBorderPosition::Top, 4, &plan.branding.primary.0));
        p
    };
    match &plan.alongside {
        // A bilingual pack's footer has each language's version and page
        // number, as the PDF's: its two long titles would not fit the
        // margin too. `super::patch` tags the second language's runs.
        Some(alongside) => Footer::new().add_paragraph(ruled(numbers(plan, page))).add_paragraph(numbers(&alongside.plan, page)),
        None => {
            let title = ruled(Paragraph::new().style("Footer").add_run(Run::new().add_text(&plan.framework.title)));
            Footer::new().add_paragraph(title).add_paragraph(numbers(plan, page))
        }
    }
}

/// The footer's line of `plan`'s version and, at the right margin, "Page X of Y".
fn numbers(plan: &PackPlan, page: &Page) -> Paragraph {
    let mut numbers =
        Paragraph::new().style("Footer").add_tab(Tab::new().val(TabValueType::Right).leader(TabLeaderType::None).pos(page.text_width));
    // "Page X of Y": the plan's text pieces as runs, its slots as fields.
    let mut current = Some(Run::new().add_text(&plan.document.footer.version).add_tab());
    for piece in &plan.document.footer.page {
        match piece {
            Piece::Text { text } => current = Some(current.take().unwrap_or_default().add_text(text)),
            Piece::Slot { slot } => {
                if let Some(run) = current.take() {
                    numbers = numbers.add_run(run);
                }
                numbers = if slot == "page" { numbers.add_page_num(PageNum::new()) } else { numbers.add_num_pages(NumPages::new()) };
            }
        }
    }
    if let Some(run) = current {
        numbers = numbers.add_run(run);
    }
    numbers.align(AlignmentType::Left)
}
