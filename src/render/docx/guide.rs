//! "How to use this pack", "About your level" (or "About this framework")
//! and the full edition's narrative parts: the Word side of
//! `templates/parts/guide.typ` and `narrative.typ`.

use super::doc::Doc;
use super::layout::mm;
use super::measure::Narrow;
use super::text::{plain, run};
use super::wml::{Paragraph, Row};
use crate::model::Blocks;

/// The least room (mm) of the roles table's level and cross-walk columns,
/// and the room the role and example columns keep between them, whatever
/// those need.
const MIN_NARROW_MM: f64 = 12.0;
const MIN_FLEXIBLE_MM: f64 = 60.0;

pub fn how_to_use(doc: &mut Doc<'_>, heading: &str) {
    let plan = doc.plan;
    doc.heading(1, heading, true);
    doc.push(plain(plan.say("guide.intro")));
    if plan.pack.kind == "full" {
        return;
    }
    let steps = [("guide.align", "guide.align_text"), ("guide.assess", "guide.assess_text"), ("guide.train", "guide.train_text")];
    doc.list(steps.iter().map(|(name, what)| vec![run(plan.say(name)).bold(), run(&format!(" {}", plan.say(what)))]), true, None);
}

/// A line of text, if there is one.
fn line(doc: &mut Doc<'_>, text: Option<&String>) {
    if let Some(text) = text {
        doc.push(plain(text));
    }
}

/// The audience of a level, in italics.
fn audience(doc: &mut Doc<'_>, audience: Option<&String>) {
    if let Some(a) = audience {
        doc.push(Paragraph::new().add_run(run(a).italic()));
    }
}

pub fn about(doc: &mut Doc<'_>, heading: &str) {
    let plan = doc.plan;
    let p = &plan.pack;
    let fw = &plan.framework;
    doc.heading(1, heading, true);
    if p.kind == "full" {
        doc.blocks(&fw.introduction, 2);
        if !fw.principles.is_empty() {
            doc.heading(2, plan.say("headings.principles"), true);
            doc.blocks(&fw.principles, 3);
        }
        doc.heading(2, plan.say("headings.levels"), true);
        for level in &plan.levels {
            doc.heading(3, &level.name, false);
            audience(doc, level.audience.as_ref());
            doc.blocks(&level.description, 4);
            line(doc, level.crosswalk_text.as_ref());
        }
        roles_table(doc);
        return;
    }
    if let Some(role) = &p.role {
        doc.heading(2, &role.name, true);
        doc.blocks(&role.description, 3);
        line(doc, role.examples_text.as_ref());
        line(doc, role.crosswalk_text.as_ref());
    }
    if let Some(level) = &p.level {
        doc.heading(2, &level.name, true);
        audience(doc, level.audience.as_ref());
        doc.blocks(&level.description, 3);
        line(doc, level.crosswalk_text.as_ref());
    }
    if let Some(band) = &p.band {
        doc.heading(2, plan.say("headings.band"), true);
        line(doc, band.description.as_ref());
    }
    if !p.assumed_levels.is_empty() {
        doc.heading(2, plan.say("headings.assumed"), true);
        doc.push(plain(plan.say("guide.assumed")));
    }
    roles_table(doc);
}

/// "Which pack is mine?": roles, levels, example staff and cross-walks,
/// with the PDF's widths (`templates/parts/guide.typ`): the level and
/// cross-walk columns as wide as their widest short value (a level's name)
/// or, for longer text, their widest word; the role and the examples share
/// the rest, one part to two.
fn roles_table(doc: &mut Doc<'_>) {
    let plan = doc.plan;
    let Some(table) = &plan.roles else { return };
    doc.heading(2, plan.say("headings.roles"), true);
    doc.push(plain(plan.say("roles.intro")));
    let examples = plan.say("roles.examples");
    // The share of the free width a column takes: none for a narrow one.
    let share = |i: usize| match i {
        0 => 1,
        _ if table.headers[i] == examples => 2,
        _ => 0,
    };
    let n = table.headers.len();
    let shares: usize = (0..n).map(share).sum();
    let narrow: Vec<Narrow> = (0..n)
        .filter(|i| share(*i) == 0)
        .map(|i| Narrow {
            min: mm(MIN_NARROW_MM),
            header: &table.headers[i],
            cells: table.rows.iter().map(|r| r.get(i).map_or("", String::as_str)).collect(),
            whole: 3,
        })
        .collect();
    let narrow = doc.measure.narrow_all(&narrow, doc.page.text_width.saturating_sub(mm(MIN_FLEXIBLE_MM)));
    let free = doc.page.text_width.saturating_sub(narrow.iter().sum());
    let mut narrow = narrow.into_iter();
    let widths: Vec<usize> =
        (0..n).map(|i| if share(i) > 0 { free * share(i) / shares } else { narrow.next().unwrap_or_default() }).collect();
    let labels: Vec<&str> = table.headers.iter().map(String::as_str).collect();
    let mut rows = vec![doc.header_row(&widths, &labels)];
    rows.extend(
        table.rows.iter().map(|row| Row::new(row.iter().zip(&widths).map(|(text, w)| Doc::cell(*w, vec![plain(text)]))).cant_split()),
    );
    doc.table(&widths, rows);
}

/// A part that is the framework's own narrative (acknowledgements,
/// references: full edition).
pub fn narrative(doc: &mut Doc<'_>, heading: &str, narrative: &Blocks) {
    doc.heading(1, heading, true);
    doc.blocks(narrative, 2);
}
