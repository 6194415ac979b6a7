//! "How to use this pack", "About your level" (or "About this framework")
//! and the full edition's back matter: the Word side of
//! `templates/parts/guide.typ` and `narrative.typ`.

use docx_rs::Paragraph;

use super::doc::Doc;
use super::text::{blocks, plain, run};
use crate::plan::pack::CrosswalkEntry;

pub fn how_to_use(doc: &mut Doc<'_>) {
    let p = &doc.plan.pack;
    doc.heading(1, "How to use this pack", true);
    if p.kind == "full" {
        doc.push(plain(
            "This is the full framework: every level, every age band and every capability. Staff use the pack for \
             their own level or role and age band, which holds a self-assessment form.",
        ));
        return;
    }
    doc.push(plain(
        "This pack holds the capabilities of the framework that apply to you, a self-assessment form and the \
         training that closes the gaps. Work through it in three steps, ideally with your line manager in \
         supervision, an appraisal or a one-to-one.",
    ));
    let who = format!(
        "Check the cover: it names the {}level{} this pack is for. The next section describes them.",
        if p.role.is_some() { "role and " } else { "" },
        if p.band.is_some() { " and the age band" } else { "" }
    );
    let steps = [
        ("Align.", who.as_str()),
        ("Self-assess.", "Rate yourself against each capability in the self-assessment, note your evidence, and the action you will take."),
        ("Train.", "Choose training options that close your gaps, agree an action plan and sign it off with your line manager."),
    ];
    doc.list(steps.iter().map(|(name, what)| vec![run(name).bold(), run(&format!(" {what}"))]), true, None);
}

/// "Equivalent to: Group 1, 2; Intercollegiate level 1."
fn crosswalk_line(doc: &mut Doc<'_>, entries: &[CrosswalkEntry]) {
    if !entries.is_empty() {
        let parts: Vec<String> = entries.iter().map(|e| format!("{} {}", e.scheme, e.values.join(", "))).collect();
        doc.push(plain(&format!("Equivalent to: {}.", parts.join("; "))));
    }
}

/// The audience of a level, in italics.
fn audience(doc: &mut Doc<'_>, audience: Option<&String>) {
    if let Some(a) = audience {
        doc.push(Paragraph::new().add_run(run(a).italic()));
    }
}

/// "A, B and C".
fn and_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

pub fn about(doc: &mut Doc<'_>) {
    let plan = doc.plan;
    let p = &plan.pack;
    let fw = &plan.framework;
    if p.kind == "full" {
        doc.heading(1, "About this framework", true);
        blocks(doc, &fw.introduction, 2);
        if !fw.principles.is_empty() {
            doc.heading(2, "Principles", true);
            blocks(doc, &fw.principles, 3);
        }
        doc.heading(2, "Levels", true);
        for level in &plan.levels {
            doc.heading(3, &level.name, false);
            audience(doc, level.audience.as_ref());
            blocks(doc, &level.description, 4);
            crosswalk_line(doc, &level.crosswalk);
        }
        return;
    }
    doc.heading(1, "About your level", true);
    if let Some(role) = &p.role {
        doc.heading(2, &role.name, true);
        blocks(doc, &role.description, 3);
        if !role.examples.is_empty() {
            doc.push(plain(&format!("Typical roles: {}.", role.examples.join(", "))));
        }
        crosswalk_line(doc, &role.crosswalk);
    }
    if let Some(level) = &p.level {
        doc.heading(2, &level.name, true);
        audience(doc, level.audience.as_ref());
        blocks(doc, &level.description, 3);
        crosswalk_line(doc, &level.crosswalk);
    }
    if let Some(band) = &p.band {
        doc.heading(2, &format!("Age band: {}", band.name), true);
        if let Some(description) = &band.description {
            doc.push(plain(description));
        }
    }
    if !p.assumed_levels.is_empty() {
        doc.heading(2, "What is assumed", true);
        let names: Vec<&str> = p.assumed_levels.iter().map(|l| l.name.as_str()).collect();
        doc.push(plain(&format!(
            "This level builds on the levels before it: the capabilities of {} are assumed. They are listed in the \
             framework text, marked \"assumed\", and are not part of your self-assessment.",
            and_list(&names)
        )));
    }
}

/// Acknowledgements and references (full edition).
pub fn back_matter(doc: &mut Doc<'_>) {
    let fw = &doc.plan.framework;
    for (title, narrative) in [("Acknowledgements", &fw.acknowledgements), ("References", &fw.references)] {
        if !narrative.is_empty() {
            doc.heading(1, title, true);
            blocks(doc, narrative, 2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::and_list;

    #[test]
    fn joins_names_with_a_final_and() {
        assert_eq!(and_list(&[]), "");
        assert_eq!(and_list(&["A"]), "A");
        assert_eq!(and_list(&["A", "B"]), "A and B");
        assert_eq!(and_list(&["A", "B", "C"]), "A, B and C");
    }
}
