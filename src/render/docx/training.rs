//! Training options matched to this pack, and the refresher rule: the Word
//! side of `templates/parts/training.typ`.

use docx_rs::{Paragraph, TableRow};

use super::doc::Doc;
use super::layout::mm;
use super::text::{or_dash, plain, run};

pub fn training_options(doc: &mut Doc<'_>) {
    let plan = doc.plan;
    doc.heading(1, "Training options", true);
    if plan.training.is_empty() {
        doc.push(plain("No training options are listed for this pack. Ask your line manager or workforce development team."));
    } else {
        doc.push(plain(&format!(
            "These options are matched to your level{}. Choose those that close the gaps your self-assessment shows.",
            if plan.pack.band.is_some() { " and age band" } else { "" }
        )));
        let fixed = [mm(26.0), mm(22.0), mm(34.0), mm(24.0)];
        let mut widths = vec![doc.page.text_width - fixed.iter().sum::<usize>()];
        widths.extend(fixed);
        let mut rows = vec![doc.header_row(&widths, &["Option", "Format", "Duration", "Provider", "Refresh"])];
        for t in &plan.training {
            let mut option = vec![Paragraph::new().add_run(run(&t.title).bold())];
            if let Some(cost) = &t.cost {
                option.push(plain(&format!("Cost: {cost}")));
            }
            if let Some(link) = &t.link {
                option.push(Paragraph::new().add_hyperlink(doc.link(link, link)));
            }
            let refresh = t.refresh_every.map_or("–".to_string(), |i| format!("Every {i}"));
            let others = [t.format_label, or_dash(t.duration.as_deref()), or_dash(t.provider.as_deref()), refresh.as_str()];
            let mut cells = vec![Doc::cell(widths[0], option)];
            cells.extend(others.iter().zip(&widths[1..]).map(|(text, w)| Doc::cell(*w, vec![plain(text)])));
            rows.push(TableRow::new(cells).cant_split());
        }
        doc.table(&widths, rows);
    }
    if let Some(rule) = &plan.refresher {
        doc.heading(2, "Refresher training", true);
        let note = rule.note.as_ref().map_or(String::new(), |n| format!(" {n}"));
        doc.push(plain(&format!("{}: refresh your training every {}.{note}", rule.applies_to, rule.every)));
    } else if !plan.refreshers.is_empty() {
        doc.heading(2, "Refresher training", true);
        let widths = [doc.page.text_width - mm(40.0), mm(40.0)];
        let mut rows = vec![doc.header_row(&widths, &["Who", "How often"])];
        rows.extend(plan.refreshers.iter().map(|r| {
            TableRow::new(vec![Doc::cell(widths[0], vec![plain(&r.applies_to)]), Doc::cell(widths[1], vec![plain(&format!("Every {}", r.every))])])
                .cant_split()
        }));
        doc.table(&widths, rows);
    }
}
