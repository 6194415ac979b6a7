//! Plan text into Word runs and paragraphs: the Word side of
//! `templates/parts/text.typ`. Source text always goes into `w:t` as text
//! (escaped), so `<`, `&`, `#` or `*` print as written; emphasis comes only
//! from the spans of an `Inline`.

use super::wml::{Paragraph, Run};

use crate::model::{Inline, Style};
use crate::plan::PackPlan;

/// A run of plain text; a line break in the source is a line break in
/// Word, a tab a tab. Carriage returns are dropped: LibreOffice cannot
/// read one in `w:t`.
pub fn run(text: &str) -> Run {
    let mut run = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.line_break();
        }
        for (j, part) in line.split('\t').enumerate() {
            if j > 0 {
                run = run.tab();
            }
            run = if part.contains('\r') { run.text(&part.replace('\r', "")) } else { run.text(part) };
        }
    }
    run
}

/// The spans of an inline, each a run in its style.
pub fn runs(inline: &Inline) -> Vec<Run> {
    inline
        .0
        .iter()
        .map(|span| match span.style {
            Style::Plain => run(&span.text),
            Style::Em => run(&span.text).italic(),
            Style::Strong => run(&span.text).bold(),
        })
        .collect()
}

/// A paragraph of one inline.
pub fn paragraph(inline: &Inline) -> Paragraph {
    Paragraph::new().add_runs(runs(inline))
}

/// A paragraph of plain text.
pub fn plain(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text))
}

/// A statement's runs, followed in italics by the plan's mark when it is an
/// enhancement for additional needs and by `from` (the earlier level it
/// comes from, in the grid).
pub fn statement(plan: &PackPlan, text: &str, additional_needs: bool, from: Option<&str>) -> Vec<Run> {
    let mut runs = vec![run(text)];
    let marks = additional_needs.then(|| plan.say("framework.additional_needs")).into_iter().chain(from);
    runs.extend(marks.map(|mark| run(&format!(" {mark}")).italic()));
    runs
}
