//! The part "What changed in this edition": the Word side of
//! `templates/parts/changes.typ`. A change is a bulleted line (what, how),
//! and a statement's wordings follow it labelled "Was:" and "Now:", the
//! words gone struck through and the words new underlined.

use super::doc::Doc;
use super::text::run;
use super::wml::{Paragraph, Run};
use crate::plan::changes::Run as Words;

pub fn changes(doc: &mut Doc<'_>, heading: &str) {
    let plan = doc.plan;
    let Some(changes) = &plan.changes else { return };
    doc.heading(1, heading, true);
    doc.push(Paragraph::new().add_run(run(&changes.intro)));
    for entry in &changes.entries {
        let mut line = vec![run(&entry.label).bold(), run(&format!(" {}", entry.sentence))];
        if entry.affects_assessment {
            line.push(run(&format!(" {}", plan.say("changes.affects"))).italic());
        }
        doc.list(std::iter::once(line), false, None);
        for (label, words, mark) in
            [("changes.was", &entry.was, Run::strike as fn(Run) -> Run), ("changes.now", &entry.now, Run::underline)]
        {
            if words.is_empty() {
                continue;
            }
            let mut runs = vec![run(&format!("{} ", plan.say(label))).italic()];
            runs.extend(words.iter().map(|w: &Words| if w.marked { mark(run(&w.text)) } else { run(&w.text) }));
            doc.push(Paragraph::new().style("Wording").add_runs(runs));
        }
    }
}
