//! The framework text for this pack: domains, topics, and per level the
//! capabilities (assumed levels first, marked as such). The Word side of
//! `templates/parts/framework.typ`.

use super::doc::Doc;
use super::text::{plain, run, statement};
use super::wml::Paragraph;
use crate::plan::pack::{GroupPlan, StatementPlan};

/// "5.1 Safeguarding", or the title alone.
fn numbered(number: Option<&String>, title: &str) -> String {
    match number {
        Some(n) => format!("{n} {title}"),
        None => title.to_string(),
    }
}

fn group(doc: &mut Doc<'_>, g: &GroupPlan, level: usize) {
    let plan = doc.plan;
    doc.heading(level, &g.title, true);
    if let (Some(audience), false) = (&g.audience, g.assumed) {
        doc.push(Paragraph::new().add_run(run(audience).italic()));
    }
    doc.blocks(&g.intro, level + 1);
    if g.empty {
        doc.push(Paragraph::new().add_run(run(plan.say("framework.empty_level")).italic()));
    }
    let style = g.assumed.then_some("Assumed");
    for sub in &g.subgroups {
        if let Some(subheading) = &sub.subheading {
            doc.heading(level + 1, subheading, false);
        }
        let items = sub.statements.iter().map(|s: &StatementPlan| statement(plan, &s.text, s.additional_needs, None));
        doc.list(items, false, style);
    }
}

pub fn framework_text(doc: &mut Doc<'_>, heading: &str) {
    let plan = doc.plan;
    doc.heading(1, heading, true);
    if plan.domains.is_empty() {
        doc.push(plain(plan.say("framework.no_text")));
    }
    for d in &plan.domains {
        doc.heading(2, &numbered(d.number.as_ref(), &d.title), true);
        doc.blocks(&d.intro, 3);
        for s in &d.sections {
            let mut level = 3;
            if let Some(topic) = &s.topic {
                doc.heading(3, &numbered(topic.number.as_ref(), &topic.title), true);
                doc.blocks(&topic.intro, 4);
                level = 4;
            }
            for g in &s.groups {
                group(doc, g, level);
            }
        }
    }
}
