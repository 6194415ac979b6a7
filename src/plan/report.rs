//! The plan of a report: what the harvest's training needs analysis (or
//! `diff`'s changes document, `plan::changes_document`) says, in order,
//! with every word already chosen (from the strings table's `[report]`
//! section, or `[diff]`), for the renderers to lay out side by side: the
//! PDF (`templates/report.typ`), Word (`render::docx::report`), the web
//! page (`render::html::report`) and the workbook's sheets
//! (`render::xlsx`). None of them adds a word or decides a column; so the
//! PDF, the Word report and the web page cannot drift apart.
//!
//! Text here is plain text (source text and what people typed among it):
//! each renderer escapes it for its format.

use serde::Serialize;

use super::changes::Run;
use super::wording::Piece;
use crate::model::Branding;

#[derive(Clone, Debug, Serialize)]
pub struct ReportPlan {
    pub lang: String,
    pub publisher: String,
    pub branding: Branding,
    pub title: String,
    pub keywords: Vec<String>,
    /// The report's date, `YYYY-MM-DD` (the document's date), and as people write it.
    pub date: String,
    pub date_text: String,
    /// The footer's "page X of Y", the typesetter filling the slots.
    pub page: Vec<Piece>,
    /// The lines under the title on the cover.
    pub cover: Vec<String>,
    /// The heading of the contents list.
    pub contents: String,
    /// The web page's link past the cover and contents to the report.
    pub skip: String,
    pub blocks: Vec<Block>,
    /// The same findings as sheets of figures, for analysts.
    #[serde(skip)]
    pub sheets: Vec<Sheet>,
}

/// One thing on the page, in reading order. A level-1 heading starts a page.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Heading {
        level: u8,
        text: String,
    },
    Para {
        text: String,
    },
    /// Horizontal bars, each as long as its share, its figure written out
    /// (`alt` and the figures make it read the same unseen).
    Chart {
        alt: String,
        bars: Vec<Bar>,
    },
    Table(Table),
    /// A change between two editions (`diff`'s changes document).
    Change(ChangeBlock),
}

/// A change: its line ("Statement l2-01:" "Reworded."), whom it concerns,
/// whether it changes the self-assessment, and a statement's wording
/// before and after, the changed words marked (struck through in the old,
/// underlined in the new, as in the packs' "What changed" part).
#[derive(Clone, Debug, Serialize)]
pub struct ChangeBlock {
    pub label: String,
    pub sentence: String,
    pub concerns: String,
    pub affects: String,
    pub was: Option<Wording>,
    pub now: Option<Wording>,
}

/// A wording, labelled ("Was:", "Now:"), in runs.
#[derive(Clone, Debug, Serialize)]
pub struct Wording {
    pub label: String,
    pub runs: Vec<Run>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Bar {
    pub label: String,
    /// 0 to 1.
    pub share: f64,
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Column {
    pub header: String,
    /// Figures: aligned to the end of the cell.
    pub figures: bool,
    /// Takes the width the other columns leave (text that wraps); the
    /// others are as wide as their content needs.
    pub fill: bool,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Cell {
    pub text: String,
    /// A second, smaller line (a training option's provider).
    pub note: Option<String>,
    /// Stands out (a refresher overdue, a total).
    pub strong: bool,
}

impl Column {
    pub fn text(header: String) -> Self {
        Self { header, figures: false, fill: false }
    }

    pub fn wide(header: String) -> Self {
        Self { header, figures: false, fill: true }
    }

    pub fn figures(header: String) -> Self {
        Self { header, figures: true, fill: false }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Self { text, ..Self::default() }
    }
}

/// A sheet of the workbook: named columns and rows of values.
#[derive(Clone, Debug)]
pub struct Sheet {
    pub name: String,
    pub columns: Vec<SheetColumn>,
    pub rows: Vec<Vec<Value>>,
}

#[derive(Clone, Debug)]
pub struct SheetColumn {
    pub header: String,
    pub kind: ValueKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// Short text or an id.
    Text,
    /// Long text (a statement, a title): a wide column.
    Prose,
    Count,
    /// 0 to 1, shown as a percentage.
    Share,
}

#[derive(Clone, Debug)]
pub enum Value {
    Text(String),
    Number(f64),
}
