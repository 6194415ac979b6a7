//! The self-assessment: the rating scale, then one row per capability with
//! a check box per scale point and text controls for evidence and action.
//! The Word side of `templates/parts/assessment.typ`.

use super::controls::Field;
use super::doc::Doc;
use super::layout::mm;
use super::measure::Narrow;
use super::text::{run, statement};
use super::wml::{Align, Cell, Paragraph, Row, Run, VAlign};
use crate::plan::field::Choice;
use crate::plan::pack::{PartKind, RowPlan};

/// A row never splits across pages, unless its statement is longer than
/// this: the statement column holds about 40 characters a line, so 1,200
/// characters is some 30 lines, half an A4 page; kept whole, such a row
/// could leave most of a page empty or not fit on a page at all.
pub const SPLIT_AFTER_CHARS: usize = 1200;
/// Room to write evidence and action, as in the PDF (18 mm).
const ROW_HEIGHT_MM: f64 = 18.0;
/// The shading of the rows that name a domain or topic (Typst's luma(240)).
const CONTEXT_FILL: &str = "F0F0F0";

/// In a bilingual pack the form is there once, every text of it in both
/// languages ([`Doc::both`]); the widths are measured on the first's.
pub fn self_assessment(doc: &mut Doc<'_>, heading: &str) {
    let plan = doc.plan;
    let a = &plan.assessment;
    let kind = PartKind::Assessment;
    doc.heading_runs(1, doc.say_both(|p| p.part(kind)), heading, true);
    doc.blocks(&a.instructions, 2);
    if let Some(second) = &plan.alongside {
        doc.in_language(&second.plan, |doc| doc.blocks(&second.plan.assessment.instructions, 2));
    }
    doc.heading_runs(2, doc.say_both(|p| p.say("headings.scale")), plan.say("headings.scale"), true);
    let keys = ["assessment.scale_rating", "assessment.scale_label", "assessment.scale_meaning", "assessment.scale_met"];
    let headers = keys.map(|k| plan.say(k));
    let texts: Vec<[String; 4]> = a
        .scale
        .iter()
        .map(|s| {
            let met = plan.say(if s.met { "assessment.met" } else { "assessment.not_met" });
            [s.value.to_string(), s.label.clone(), s.description.clone().unwrap_or_default(), met.into()]
        })
        .collect();
    // Rating, label and met at least these widths, wider for a longer
    // word; the meaning takes the rest.
    let narrow = [(0, mm(18.0)), (1, mm(38.0)), (3, mm(16.0))].map(|(i, min)| Narrow {
        min,
        header: headers[i],
        cells: texts.iter().map(|row| row[i].as_str()).collect(),
        whole: 0,
    });
    let [value, label, met] = doc.measure.narrow(narrow, doc.page.text_width / 2);
    let widths = [value, label, doc.page.text_width.saturating_sub(value + label + met), met];
    let mut rows = vec![doc.header_row_runs(&widths, keys.iter().map(|k| doc.say_both(|p| p.say(k))).collect())];
    for (i, s) in a.scale.iter().enumerate() {
        let cells = [
            vec![run(&s.value.to_string())],
            doc.say_both(|p| &p.assessment.scale[i].label),
            doc.say_both(|p| p.assessment.scale[i].description.as_deref().unwrap_or_default()),
            doc.say_both(|p| p.say(if s.met { "assessment.met" } else { "assessment.not_met" })),
        ];
        rows.push(Row::new(widths.iter().zip(cells).map(|(w, runs)| Doc::cell(*w, vec![Paragraph::new().add_runs(runs)]))).cant_split());
    }
    doc.table(&widths, rows);

    doc.heading_runs(2, doc.say_both(|p| p.say("headings.ratings")), plan.say("headings.ratings"), true);
    grid(doc);
    doc.push(Paragraph::new().add_runs(doc.say_both(|p| p.say("assessment.legend"))).style("Small"));
}

/// The grid: capability, one column per scale point, evidence, action. A
/// full-width row names each domain or topic once, above its rows.
fn grid(doc: &mut Doc<'_>) {
    let a = &doc.plan.assessment;
    let n = a.scale.len();
    let [evidence, action] = doc
        .measure
        .narrow([Narrow::headed(mm(30.0), &a.columns.evidence), Narrow::headed(mm(26.0), &a.columns.action)], doc.page.text_width / 2);
    // The capability column keeps at least 40 mm: a long scale (up to ten
    // points fit at 9 mm) narrows its columns instead.
    let room = doc.page.text_width.saturating_sub(evidence + action + mm(40.0));
    let point = mm(9.0).min(room / n.max(1)).max(mm(5.0));
    let capability = doc.page.text_width.saturating_sub(n * point + evidence + action);
    let mut widths = vec![capability];
    widths.extend(std::iter::repeat_n(point, n));
    widths.extend([evidence, action]);

    let mut labels = vec![doc.say_both(|p| p.say("assessment.capability"))];
    labels.extend(a.scale.iter().map(|s| vec![run(&s.value.to_string())]));
    labels.extend([doc.say_both(|p| &p.assessment.columns.evidence), doc.say_both(|p| &p.assessment.columns.action)]);
    let mut rows = vec![doc.header_row_runs(&widths, labels)];
    for (i, r) in a.rows.iter().enumerate() {
        if i == 0 || a.rows[i - 1].context != r.context {
            let context = doc.say_both(|p| &p.assessment.rows[i].context);
            let heading = Paragraph::new().keep_next().add_runs(context.into_iter().map(Run::bold));
            let cell = Doc::cell(widths.iter().sum(), vec![heading]).grid_span(n + 3).shading(CONTEXT_FILL);
            rows.push(Row::new([cell]).cant_split());
        }
        rows.push(rating_row(doc, i, r, &widths));
    }
    doc.table(&widths, rows);
}

/// The row of `r`, row `i` of the grid.
fn rating_row(doc: &mut Doc<'_>, i: usize, r: &RowPlan, widths: &[usize]) -> Row {
    let a = &doc.plan.assessment;
    let language = &doc.plan.framework.language;
    let n = a.scale.len();
    let text = Paragraph::new().add_runs(doc.both(|p| {
        let r = &p.assessment.rows[i];
        statement(p, &r.text, r.additional_needs, r.from_level.as_deref())
    }));
    let mut cells = vec![Doc::cell(widths[0], vec![text])];
    for ((s, label), width) in a.scale.iter().zip(&r.rating_choices).zip(&widths[1..=n]) {
        let choice = Choice { key: r.rating_field.clone(), value: s.value.to_string() };
        let tick = doc.sdts.check_box(choice, label);
        let p = Paragraph::new().style("TableText").align(Align::Center).add_sdt(tick);
        cells.push(Cell::new(*width).vertical_align(VAlign::Center).add_paragraph(p));
    }
    for (field, label, width) in [(&r.evidence_field, &r.evidence_label, widths[n + 1]), (&r.action_field, &r.action_label, widths[n + 2])]
    {
        let control = doc.sdts.field(Field::Text, field, label, None, language, "TableText");
        cells.push(Cell::new(width).add_sdt(control));
    }
    let row = Row::new(cells).min_height(mm(ROW_HEIGHT_MM));
    if r.text.chars().count() > SPLIT_AFTER_CHARS { row } else { row.cant_split() }
}
