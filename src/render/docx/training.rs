//! Training options matched to this pack, and the refresher rule: the Word
//! side of `templates/parts/training.typ`.

use super::doc::Doc;
use super::layout::mm;
use super::measure::Narrow;
use super::text::{plain, run};
use super::wml::{Paragraph, Row};

/// The room (mm) the option column keeps, whatever the others need.
const MIN_OPTION_MM: f64 = 40.0;

pub fn training_options(doc: &mut Doc<'_>, heading: &str) {
    let plan = doc.plan;
    let blank = plan.say("training.blank");
    doc.heading(1, heading, true);
    if plan.training.is_empty() {
        doc.push(plain(plan.say("training.none")));
    } else {
        doc.push(plain(plan.say("training.intro")));
        let headers =
            ["training.option", "training.format", "training.duration", "training.provider", "training.refresh"].map(|k| plan.say(k));
        let others: Vec<[&str; 4]> = plan
            .training
            .iter()
            .map(|t| {
                [
                    t.format_label.as_str(),
                    t.duration.as_deref().unwrap_or(blank),
                    t.provider.as_deref().unwrap_or(blank),
                    t.refresh_text.as_deref().unwrap_or(blank),
                ]
            })
            .collect();
        // Format, duration, provider, refresh: at least these widths, wider
        // for a longer word; the option takes the rest.
        let minimum = [mm(26.0), mm(22.0), mm(34.0), mm(24.0)];
        let narrow: [Narrow; 4] = std::array::from_fn(|i| Narrow {
            min: minimum[i],
            header: headers[i + 1],
            cells: others.iter().map(|row| row[i]).collect(),
            whole: 0,
        });
        let fixed = doc.measure.narrow(narrow, doc.page.text_width - mm(MIN_OPTION_MM));
        let mut widths = vec![doc.page.text_width.saturating_sub(fixed.iter().sum::<usize>())];
        widths.extend(fixed);
        let mut rows = vec![doc.header_row(&widths, &headers)];
        for (t, others) in plan.training.iter().zip(&others) {
            let mut option = vec![Paragraph::new().add_run(run(&t.title).bold())];
            if let Some(cost) = &t.cost_text {
                option.push(plain(cost));
            }
            if let Some(link) = &t.link {
                option.push(Paragraph::new().add_hyperlink(doc.link(link, link)));
            }
            let mut cells = vec![Doc::cell(widths[0], option)];
            cells.extend(others.iter().zip(&widths[1..]).map(|(text, w)| Doc::cell(*w, vec![plain(text)])));
            rows.push(Row::new(cells).cant_split());
        }
        doc.table(&widths, rows);
    }
    if let Some(rule) = &plan.refresher {
        doc.heading(2, plan.say("headings.refresher"), true);
        doc.push(plain(&rule.text));
    } else if !plan.refreshers.is_empty() {
        doc.heading(2, plan.say("headings.refresher"), true);
        // The full edition lists every rule with its note.
        let notes = plan.refreshers.iter().any(|r| r.note.is_some());
        let every = Narrow {
            min: mm(40.0),
            header: plan.say("training.rules_every"),
            cells: plan.refreshers.iter().map(|r| r.every_text.as_str()).collect(),
            whole: 0,
        };
        let [every] = doc.measure.narrow([every], doc.page.text_width / 2);
        let widths = if notes {
            let who = (doc.page.text_width - every) * 2 / 5;
            vec![who, every, doc.page.text_width - every - who]
        } else {
            vec![doc.page.text_width - every, every]
        };
        let mut headers = vec![plan.say("training.rules_who"), plan.say("training.rules_every")];
        headers.extend(notes.then(|| plan.say("training.rules_note")));
        let mut rows = vec![doc.header_row(&widths, &headers)];
        rows.extend(plan.refreshers.iter().map(|r| {
            let mut texts = vec![r.applies_to.as_str(), r.every_text.as_str()];
            texts.extend(notes.then(|| r.note.as_deref().unwrap_or(blank)));
            Row::new(texts.iter().zip(&widths).map(|(t, w)| Doc::cell(*w, vec![plain(t)]))).cant_split()
        }));
        doc.table(&widths, rows);
    }
}
