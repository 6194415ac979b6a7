//! The translatable texts of a framework, each with its stable id and the
//! context a translator needs. This is the one place ids are made: `check`,
//! `translate extract` and `translate import` (and the Welsh builds after
//! them) all read the list [`units`] returns, so an id cannot mean one text
//! to one command and another to the next.
//!
//! Ids are built from the source's own ids, which authors keep when they
//! reword (`statement.l3-04`, `level.L2.name`, `topic.t1.intro.2`), and
//! from the keys of the wording (`wording.headings.contents`). Source ids
//! never hold a dot, so the dots between the parts cannot be confused with
//! them. Narrative is split into its blocks, numbered from 1, and rules
//! that have no id (refreshers) are numbered in source order: inserting a
//! paragraph renumbers those after it, which `check` then reports as out
//! of date rather than silently pairing a translation with the wrong text.

use std::collections::HashMap;

use crate::model::{Assessment, Block, Blocks, Domain, Framework, Id, Inline, Level, Meta, Span, Style, Training};

/// One text to translate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// Stable id, e.g. `statement.l3-04`.
    pub id: String,
    /// The text as the source (or wording) has it now. Emphasis in
    /// narrative is written `<em>…</em>` and `<strong>…</strong>`, which a
    /// translation must keep (see [`super::placeholders`]).
    pub english: String,
    /// What sort of text it is ("statement (knowledge)", "level name").
    pub kind: String,
    /// The level it is about, as `id (name)`, when it belongs to levels.
    pub level: Option<String>,
    /// The domain (and topic) it sits in, as `id (title)`.
    pub domain: Option<String>,
}

/// Every translatable text of `fw` and of its wording, in source order
/// (the framework, levels, schemes, roles, bands, domains with their
/// topics and statements, the assessment, training, refreshers), then the
/// wording entries by key. Empty texts are left out: there is nothing to
/// translate.
pub fn units(fw: &Framework) -> Vec<Unit> {
    let mut units = Vec::new();
    walk(&mut fw.clone(), &mut |text| {
        let english = text.slot.text();
        if !english.trim().is_empty() {
            units.push(Unit {
                id: text.id.to_string(),
                english,
                kind: text.kind.to_string(),
                level: text.at.level.clone(),
                domain: text.at.domain.clone(),
            });
        }
    });
    units
}

/// One translatable text as [`walk`] finds it: its id, what it is, where
/// it sits, and the text itself, to read or to replace.
pub struct Text<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub at: &'a Place,
    pub slot: Slot<'a>,
}

/// Where a text is kept in the model: a plain string, or narrative with
/// emphasis.
pub enum Slot<'a> {
    Plain(&'a mut String),
    Inline(&'a mut Inline),
}

impl Slot<'_> {
    /// The text as a unit holds it (emphasis as tags, see [`inline_text`]).
    pub fn text(&self) -> String {
        match self {
            Slot::Plain(s) => (*s).clone(),
            Slot::Inline(inline) => inline_text(inline),
        }
    }

    /// Replaces the text with `text`, as a unit holds it.
    pub fn set(&mut self, text: &str) {
        match self {
            Slot::Plain(s) => **s = text.to_string(),
            Slot::Inline(inline) => **inline = parse_inline(text),
        }
    }
}

/// Visits every translatable text of `fw` (empty ones too) in the order
/// of [`units`], with its id: the one walk both listing the units and
/// putting a translation in their place follow, so the two cannot part.
pub fn walk(fw: &mut Framework, visit: &mut dyn FnMut(Text<'_>)) {
    let labels: HashMap<Id, String> = fw.levels.iter().map(|l| (l.id.value.clone(), level_label(l))).collect();
    let mut w = Walk { visit, labels };
    w.meta(&mut fw.framework);
    for level in &mut fw.levels {
        let at = Place { level: Some(level_label(level)), domain: None };
        let id = format!("level.{}", level.id.value);
        w.text(&format!("{id}.name"), &mut level.name, "level name", &at);
        w.opt(&format!("{id}.audience"), &mut level.audience, "level audience", &at);
        w.blocks(&format!("{id}.description"), &mut level.description, "level description", &at);
    }
    for scheme in &mut fw.schemes {
        let id = format!("scheme.{}", scheme.id.value);
        w.text(&format!("{id}.name"), &mut scheme.name, "cross-walk scheme name", &Place::NONE);
        w.opt(&format!("{id}.description"), &mut scheme.description, "cross-walk scheme description", &Place::NONE);
    }
    for role in &mut fw.roles {
        let at = w.at_levels(std::slice::from_ref(&role.level.value));
        let id = format!("role.{}", role.id.value);
        w.text(&format!("{id}.name"), &mut role.name, "role name", &at);
        w.blocks(&format!("{id}.description"), &mut role.description, "role description", &at);
        for (n, example) in role.examples.iter_mut().enumerate() {
            w.text(&format!("{id}.example.{}", n + 1), example, "example job title of a role", &at);
        }
    }
    for band in &mut fw.bands {
        let id = format!("band.{}", band.id.value);
        w.text(&format!("{id}.name"), &mut band.name, "age band name", &Place::NONE);
        w.opt(&format!("{id}.description"), &mut band.description, "age band description", &Place::NONE);
    }
    w.domains(&mut fw.domains);
    w.assessment(&mut fw.assessment);
    w.training(&mut fw.training);
    for (n, refresher) in fw.refreshers.iter_mut().enumerate() {
        let at = w.at_levels(&refresher.levels.iter().map(|l| l.value.clone()).collect::<Vec<_>>());
        let id = format!("refresher.{}", n + 1);
        w.text(&format!("{id}.applies_to"), &mut refresher.applies_to, "who a refresher rule is for", &at);
        w.opt(&format!("{id}.note"), &mut refresher.note, "refresher note", &at);
    }
    for (key, text) in &mut fw.wording.0 {
        w.text(&format!("{WORDING}{key}"), text, "fixed wording of the packs (a template: keep each {{ … }})", &Place::NONE);
    }
}

/// The prefix of the ids of wording entries.
pub const WORDING: &str = "wording.";

/// Narrative as one unit's text: plain spans as they are, emphasis
/// between `<em>` or `<strong>` tags.
pub fn inline_text(inline: &Inline) -> String {
    inline
        .0
        .iter()
        .map(|span| match span.style {
            Style::Plain => span.text.clone(),
            Style::Em => format!("<em>{}</em>", span.text),
            Style::Strong => format!("<strong>{}</strong>", span.text),
        })
        .collect()
}

/// Narrative back from a unit's text: the reverse of [`inline_text`]. A
/// tag out of place (which `check` reports as a changed placeholder) is
/// read as far as it makes sense, never as markup of its own.
pub fn parse_inline(text: &str) -> Inline {
    const TAGS: [(&str, Style); 4] =
        [("<em>", Style::Em), ("</em>", Style::Plain), ("<strong>", Style::Strong), ("</strong>", Style::Plain)];
    let mut spans = Vec::new();
    let mut style = Style::Plain;
    let mut current = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        match TAGS.iter().find(|(tag, _)| rest.starts_with(tag)) {
            Some((tag, next)) => {
                if !current.is_empty() {
                    spans.push(Span { text: std::mem::take(&mut current), style });
                }
                style = *next;
                rest = &rest[tag.len()..];
            }
            None => {
                let c = rest.chars().next().unwrap_or_default();
                current.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if !current.is_empty() {
        spans.push(Span { text: current, style });
    }
    Inline(spans)
}

/// Where a text sits, for the translator's notes.
#[derive(Clone, Default)]
pub struct Place {
    pub level: Option<String>,
    pub domain: Option<String>,
}

impl Place {
    const NONE: Place = Place { level: None, domain: None };
}

fn level_label(level: &Level) -> String {
    format!("{} ({})", level.id.value, level.name)
}

struct Walk<'v> {
    visit: &'v mut dyn FnMut(Text<'_>),
    /// The levels' labels as they were before the walk changed any name.
    labels: HashMap<Id, String>,
}

impl Walk<'_> {
    fn text(&mut self, id: &str, text: &mut String, kind: &str, at: &Place) {
        (self.visit)(Text { id, kind, at, slot: Slot::Plain(text) });
    }

    fn opt(&mut self, id: &str, text: &mut Option<String>, kind: &str, at: &Place) {
        if let Some(text) = text {
            self.text(id, text, kind, at);
        }
    }

    fn inline(&mut self, id: &str, inline: &mut Inline, kind: &str, at: &Place) {
        (self.visit)(Text { id, kind, at, slot: Slot::Inline(inline) });
    }

    /// A unit per paragraph, heading, quotation (and its source) and list item.
    fn blocks(&mut self, id: &str, blocks: &mut Blocks, what: &str, at: &Place) {
        for (n, block) in blocks.0.iter_mut().enumerate() {
            let id = format!("{id}.{}", n + 1);
            match block {
                Block::Paragraph { text } => self.inline(&id, text, &format!("{what}: paragraph"), at),
                Block::Heading { text } => self.text(&id, text, &format!("{what}: heading"), at),
                Block::List { items, .. } => {
                    for (m, item) in items.iter_mut().enumerate() {
                        self.inline(&format!("{id}.{}", m + 1), item, &format!("{what}: list item"), at);
                    }
                }
                Block::Quote { text, source } => {
                    self.inline(&id, text, &format!("{what}: quotation"), at);
                    self.opt(&format!("{id}.source"), source, &format!("{what}: source of the quotation"), at);
                }
            }
        }
    }

    /// The levels named by `ids`, for the notes; none when there are none.
    fn at_levels(&self, ids: &[Id]) -> Place {
        let labels: Vec<String> = ids.iter().map(|id| self.labels.get(id).cloned().unwrap_or_else(|| id.to_string())).collect();
        Place { level: (!labels.is_empty()).then(|| labels.join(", ")), domain: None }
    }

    fn meta(&mut self, meta: &mut Meta) {
        let none = &Place::NONE;
        self.text("framework.title", &mut meta.title, "title of the framework", none);
        self.opt("framework.subtitle", &mut meta.subtitle, "subtitle of the framework", none);
        self.text("framework.publisher", &mut meta.publisher, "publisher (an organisation's name)", none);
        self.opt("framework.licence", &mut meta.licence, "licence", none);
        self.opt("framework.logo_alt", &mut meta.logo_alt, "alternative text of the logo", none);
        self.blocks("framework.introduction", &mut meta.introduction, "introduction", none);
        self.blocks("framework.principles", &mut meta.principles, "principles", none);
        self.blocks("framework.acknowledgements", &mut meta.acknowledgements, "acknowledgements", none);
        self.blocks("framework.references", &mut meta.references, "references", none);
    }

    fn domains(&mut self, domains: &mut [Domain]) {
        for domain in domains {
            let label = format!("{} ({})", domain.id.value, domain.title);
            let at = Place { level: None, domain: Some(label.clone()) };
            let id = format!("domain.{}", domain.id.value);
            self.text(&format!("{id}.title"), &mut domain.title, "domain title", &at);
            self.blocks(&format!("{id}.intro"), &mut domain.intro, "domain introduction", &at);
            self.level_intros(&id, &mut domain.level_intro.0, &at);
            self.statements(&mut domain.statements, &at);
            for topic in &mut domain.topics {
                let at = Place { level: None, domain: Some(format!("{label} › {} ({})", topic.id.value, topic.title)) };
                let id = format!("topic.{}", topic.id.value);
                self.text(&format!("{id}.title"), &mut topic.title, "topic title", &at);
                self.blocks(&format!("{id}.intro"), &mut topic.intro, "topic introduction", &at);
                self.level_intros(&id, &mut topic.level_intro.0, &at);
                self.statements(&mut topic.statements, &at);
            }
        }
    }

    fn level_intros(&mut self, id: &str, intros: &mut [(crate::model::Sp<Id>, Blocks)], at: &Place) {
        for (level, blocks) in intros {
            let at = Place { level: self.at_levels(std::slice::from_ref(&level.value)).level, domain: at.domain.clone() };
            self.blocks(&format!("{id}.level_intro.{}", level.value), blocks, "text above a level's statements", &at);
        }
    }

    fn statements(&mut self, statements: &mut [crate::model::Statement], at: &Place) {
        for s in statements {
            let levels: Vec<Id> = s.level.iter().map(|l| l.value.clone()).collect();
            let at = Place { level: self.at_levels(&levels).level, domain: at.domain.clone() };
            let kind = match s.kind {
                Some(kind) => {
                    format!("competency statement ({})", crate::model::Kind::ALL.iter().find(|(_, k)| *k == kind).map_or("", |(n, _)| n))
                }
                None => "competency statement".to_string(),
            };
            self.text(&format!("statement.{}", s.id.value), &mut s.text.value, &kind, &at);
            self.opt(&format!("statement.{}.subheading", s.id.value), &mut s.subheading, "sub-heading above statements", &at);
        }
    }

    fn assessment(&mut self, a: &mut Assessment) {
        let none = &Place::NONE;
        self.blocks("assessment.instructions", &mut a.instructions, "instructions of the self-assessment", none);
        for point in &mut a.scale {
            let id = format!("scale.{}", point.value.value);
            self.text(&format!("{id}.label"), &mut point.label, "rating scale: label of a point", none);
            self.opt(&format!("{id}.description"), &mut point.description, "rating scale: what a point means", none);
        }
        self.text("assessment.columns.evidence", &mut a.columns.evidence, "heading of the evidence column", none);
        self.text("assessment.columns.action", &mut a.columns.action, "heading of the action column", none);
        for field in &mut a.signoff {
            self.text(&format!("signoff.{}.label", field.id.value), &mut field.label, "sign-off field label", none);
        }
    }

    fn training(&mut self, training: &mut [Training]) {
        for t in training {
            let at = self.at_levels(&t.levels.iter().map(|l| l.value.clone()).collect::<Vec<_>>());
            let id = format!("training.{}", t.id.value);
            self.text(&format!("{id}.title"), &mut t.title, "training option title", &at);
            self.opt(&format!("{id}.provider"), &mut t.provider, "training provider (an organisation's name)", &at);
            self.opt(&format!("{id}.duration"), &mut t.duration, "training duration", &at);
            self.opt(&format!("{id}.cost"), &mut t.cost, "training cost", &at);
            self.blocks(&format!("{id}.description"), &mut t.description, "training description", &at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_is_kept_as_tags_around_its_words() {
        let inline = Inline(vec![
            crate::model::Span { text: "Act ".into(), style: Style::Plain },
            crate::model::Span { text: "now".into(), style: Style::Strong },
            crate::model::Span { text: ", ".into(), style: Style::Plain },
            crate::model::Span { text: "always".into(), style: Style::Em },
        ]);
        assert_eq!(inline_text(&inline), "Act <strong>now</strong>, <em>always</em>");
        assert_eq!(parse_inline(&inline_text(&inline)), inline);
    }
}
