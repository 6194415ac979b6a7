//! The harvest's reports as web pages: the training needs analysis (a
//! [`ReportPlan`], `report.html`) for the school lead, and what is
//! published of the council's summary (`summary.html`), each one
//! self-contained page laid out by a template of the project's
//! `templates/html/` (`report.html`, `summary.html`) in the HTML edition's
//! style, printing only the words of its data.
//!
//! The pages have no script, their style is one inline `<style>` element
//! and no element has a `style` attribute: a server can allow them with a
//! Content-Security-Policy that names that element's hash and nothing else.
//! What the report's page adds to its plan is only where things are: an
//! anchor per heading, the contents as links to them (the PDF's outline:
//! levels 1 and 2), and each table's caption, the heading it sits under.

use std::path::Path;

use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;

use super::Templates;
use crate::plan::report::{Block, ReportPlan};
use crate::render::layout::Layout;

/// The templates of the two pages, inside `templates/html/`.
pub const REPORT_TEMPLATE: &str = "report.html";
pub const SUMMARY_TEMPLATE: &str = "summary.html";

/// The deepest heading the contents list, as in the PDF's outline.
const CONTENTS_DEPTH: u8 = 2;

/// A heading in the contents, with the headings below it.
#[derive(Debug, PartialEq, Serialize)]
struct Entry<'a> {
    anchor: String,
    text: &'a str,
    entries: Vec<Entry<'a>>,
}

/// `plan` as the bytes of `report.html`, with the templates of `root`.
pub fn report(plan: &ReportPlan, root: &Path) -> Result<Vec<u8>, String> {
    let context = minijinja::context! {
        plan => Value::from(Serde(plan)),
        anchors => anchors(&plan.blocks),
        captions => Value::from(Serde(captions(&plan.blocks))),
        contents => Value::from(Serde(contents(&plan.blocks))),
    };
    page(root, REPORT_TEMPLATE, context)
}

/// What is published of a summary (`summary-published.json`) as the bytes
/// of `summary.html`, with the templates of `root`.
pub fn summary(published: &impl Serialize, root: &Path) -> Result<Vec<u8>, String> {
    page(root, SUMMARY_TEMPLATE, minijinja::context! { data => Value::from(Serde(published)) })
}

/// Template `name` of `root`'s `templates/html/` with `context`, the
/// printed page's layout and the generator added.
fn page(root: &Path, name: &str, context: Value) -> Result<Vec<u8>, String> {
    let templates = Templates::load(root)?;
    let layout = Layout::load(root)?;
    let context = minijinja::context! {
        layout => Value::from(Serde(&layout)),
        generator => format!("framewright {}", env!("CARGO_PKG_VERSION")),
        ..context
    };
    let page = templates.render(root, name, context).map_err(|e| format!("{name}: {e}"))?;
    Ok(page.into_bytes())
}

/// The anchor of each heading block (by its place among the blocks, as a
/// heading's text may repeat), none for the other blocks.
fn anchors(blocks: &[Block]) -> Vec<Option<String>> {
    blocks.iter().enumerate().map(|(i, b)| matches!(b, Block::Heading { .. }).then(|| anchor(i))).collect()
}

fn anchor(index: usize) -> String {
    format!("part-{}", index + 1)
}

/// The caption of each table block (the heading it sits under), none for
/// the other blocks.
fn captions(blocks: &[Block]) -> Vec<Option<&str>> {
    let mut heading = None;
    blocks
        .iter()
        .map(|b| match b {
            Block::Heading { text, .. } => {
                heading = Some(text.as_str());
                None
            }
            Block::Table(_) => heading,
            _ => None,
        })
        .collect()
}

/// The headings down to [`CONTENTS_DEPTH`], each under the one before of
/// a higher level.
fn contents(blocks: &[Block]) -> Vec<Entry<'_>> {
    let mut top: Vec<Entry> = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let Block::Heading { level, text } = block else { continue };
        if *level > CONTENTS_DEPTH {
            continue;
        }
        let entry = Entry { anchor: anchor(i), text, entries: Vec::new() };
        match top.last_mut() {
            Some(parent) if *level > 1 => parent.entries.push(entry),
            _ => top.push(entry),
        }
    }
    top
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::report::Table;

    fn heading(level: u8, text: &str) -> Block {
        Block::Heading { level, text: text.into() }
    }

    fn table() -> Block {
        Block::Table(Table { columns: Vec::new(), rows: Vec::new() })
    }

    #[test]
    fn contents_nest_levels_1_and_2_and_tables_take_the_heading_above() {
        let para = Block::Para { text: "p".into() };
        let blocks = [heading(2, "Before"), heading(1, "A"), table(), heading(2, "B"), para, table(), heading(3, "C"), table()];
        let entry = |i: usize, text, entries| Entry { anchor: anchor(i), text, entries };
        assert_eq!(contents(&blocks), [entry(0, "Before", vec![]), entry(1, "A", vec![entry(3, "B", vec![])])]);
        assert_eq!(captions(&blocks), [None, None, Some("A"), None, None, Some("B"), None, Some("C")]);
        let anchored: Vec<usize> = anchors(&blocks).iter().enumerate().filter_map(|(i, a)| a.as_ref().map(|_| i)).collect();
        assert_eq!(anchored, [0, 1, 3, 6]);
    }
}
