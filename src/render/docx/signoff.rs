//! The action plan and the sign-off block, as text and date controls with
//! room to write by hand: the Word side of `templates/parts/signoff.typ`.

use super::controls::Field;
use super::doc::Doc;
use super::layout::mm;
use super::measure::Narrow;
use super::text::plain;
use super::wml::{Cell, Paragraph, Row, Run, VAlign};
use crate::model::SignoffKind;
use crate::plan::pack::PartKind;

/// In a bilingual pack there once, every text of it in both languages
/// ([`Doc::both`]); the widths are measured on the first's.
pub fn action_plan_and_signoff(doc: &mut Doc<'_>, heading: &str) {
    let plan = doc.plan;
    let a = &plan.assessment;
    let language = &plan.framework.language;
    doc.heading_runs(1, doc.say_both(|p| p.part(PartKind::Signoff)), heading, true);
    if !a.action_plan.is_empty() {
        doc.heading_runs(2, doc.say_both(|p| p.say("headings.action_plan")), plan.say("headings.action_plan"), true);
        let keys = ["signoff.number", "signoff.action", "signoff.support", "signoff.date"];
        let labels = keys.map(|k| plan.say(k));
        // The number and the date: at least these widths, wider for a
        // longer heading word; the action and the support share the rest.
        let [number, by_when] =
            doc.measure.narrow([Narrow::headed(mm(14.0), labels[0]), Narrow::headed(mm(28.0), labels[3])], doc.page.text_width / 2);
        let half = (doc.page.text_width - number - by_when) / 2;
        let widths = [number, half, doc.page.text_width - number - by_when - half, by_when];
        let mut rows = vec![doc.header_row_runs(&widths, keys.iter().map(|k| doc.say_both(|p| p.say(k))).collect())];
        for r in &a.action_plan {
            let mut cells = vec![Doc::cell(widths[0], vec![plain(&r.number.to_string())])];
            let fields = [(&r.action_field, &r.action_label), (&r.support_field, &r.support_label), (&r.date_field, &r.date_label)];
            for ((field, label), width) in fields.into_iter().zip(&widths[1..]) {
                let control = doc.sdts.field(Field::Text, field, label, None, language, "TableText");
                cells.push(Cell::new(*width).add_sdt(control));
            }
            rows.push(Row::new(cells).cant_split().min_height(mm(16.0)));
        }
        doc.table(&widths, rows);
    }
    if !a.signoff.is_empty() {
        doc.heading_runs(2, doc.say_both(|p| p.say("headings.signoff")), plan.say("headings.signoff"), true);
        let widths = [mm(45.0), doc.page.text_width - mm(45.0)];
        let mut rows = Vec::new();
        for (i, f) in a.signoff.iter().enumerate() {
            let field = match f.kind {
                SignoffKind::Text => Field::Text,
                SignoffKind::Date => Field::Date,
            };
            let control = doc.sdts.field(field, &f.field, &f.field_label, f.value.as_deref(), language, "TableText");
            let label = doc.say_both(|p| &p.assessment.signoff[i].label);
            let label =
                Doc::cell(widths[0], vec![Paragraph::new().add_runs(label.into_iter().map(Run::bold))]).vertical_align(VAlign::Bottom);
            // A line to write on, 0.6 pt black.
            let value = Cell::new(widths[1]).vertical_align(VAlign::Bottom).bottom_rule(5, "000000").add_sdt(control);
            rows.push(Row::new([label, value]).cant_split().min_height(mm(11.0)));
        }
        doc.plain_table(&widths, rows);
    }
}
