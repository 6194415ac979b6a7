//! Plan text into Word runs and paragraphs: the Word side of
//! `templates/parts/text.typ`. Source text always goes into `w:t` as text
//! (docx-rs escapes it), so `<`, `&`, `#` or `*` print as written; emphasis
//! comes only from the spans of an `Inline`.

use std::borrow::Cow;

use docx_rs::{BreakType, Paragraph, Run};

use crate::model::{Inline, Style};
use crate::plan::PackPlan;

/// Escapes text for XML that framewright writes itself (attribute values
/// and element text). Characters XML 1.0 cannot hold are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in clean(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` without the characters XML 1.0 forbids (C0 controls other than
/// tab, line feed and carriage return; U+FFFE, U+FFFF): a document holding
/// one does not open. They cannot be printed anyway.
fn clean(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if text.chars().all(allowed) { Cow::Borrowed(text) } else { Cow::Owned(text.chars().filter(|c| allowed(*c)).collect()) }
}

/// A run of plain text; a line break in the source is a line break in
/// Word, a tab a tab.
pub fn run(text: &str) -> Run {
    let mut run = Run::new();
    for (i, line) in clean(text).split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        for (j, part) in line.split('\t').enumerate() {
            if j > 0 {
                run = run.add_tab();
            }
            run = run.add_text(part.trim_end_matches('\r'));
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
    runs(inline).into_iter().fold(Paragraph::new(), Paragraph::add_run)
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

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(escape(r#"a <b> & "c" 'd'"#), "a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;");
        assert_eq!(escape("bell\u{7} tab\t ok \u{fffe}"), "bell tab\t ok ");
        assert_eq!(escape("مرحبا 🙂 ŵ"), "مرحبا 🙂 ŵ");
    }
}
