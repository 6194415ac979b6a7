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

use crate::model::{Block, Blocks, Framework, Id, Inline, Level, Style};

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
    let mut c = Collect { units: Vec::new(), fw };
    c.meta();
    for level in &fw.levels {
        let at = Place { level: Some(level_label(level)), domain: None };
        let id = format!("level.{}", level.id.value);
        c.text(&format!("{id}.name"), &level.name, "level name", &at);
        c.opt(&format!("{id}.audience"), level.audience.as_deref(), "level audience", &at);
        c.blocks(&format!("{id}.description"), &level.description, "level description", &at);
    }
    for scheme in &fw.schemes {
        let id = format!("scheme.{}", scheme.id.value);
        c.text(&format!("{id}.name"), &scheme.name, "cross-walk scheme name", &Place::NONE);
        c.opt(&format!("{id}.description"), scheme.description.as_deref(), "cross-walk scheme description", &Place::NONE);
    }
    for role in &fw.roles {
        let at = c.at_levels(std::slice::from_ref(&role.level.value));
        let id = format!("role.{}", role.id.value);
        c.text(&format!("{id}.name"), &role.name, "role name", &at);
        c.blocks(&format!("{id}.description"), &role.description, "role description", &at);
        for (n, example) in role.examples.iter().enumerate() {
            c.text(&format!("{id}.example.{}", n + 1), example, "example job title of a role", &at);
        }
    }
    for band in &fw.bands {
        let id = format!("band.{}", band.id.value);
        c.text(&format!("{id}.name"), &band.name, "age band name", &Place::NONE);
        c.opt(&format!("{id}.description"), band.description.as_deref(), "age band description", &Place::NONE);
    }
    c.domains();
    c.assessment();
    c.training();
    for (n, refresher) in fw.refreshers.iter().enumerate() {
        let at = c.at_levels(&refresher.levels.iter().map(|l| l.value.clone()).collect::<Vec<_>>());
        let id = format!("refresher.{}", n + 1);
        c.text(&format!("{id}.applies_to"), &refresher.applies_to, "who a refresher rule is for", &at);
        c.opt(&format!("{id}.note"), refresher.note.as_deref(), "refresher note", &at);
    }
    for (key, text) in &fw.wording.0 {
        c.text(&format!("{WORDING}{key}"), text, "fixed wording of the packs (a template: keep each {{ … }})", &Place::NONE);
    }
    c.units
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

/// Where a text sits, for the translator's notes.
#[derive(Clone, Default)]
struct Place {
    level: Option<String>,
    domain: Option<String>,
}

impl Place {
    const NONE: Place = Place { level: None, domain: None };
}

fn level_label(level: &Level) -> String {
    format!("{} ({})", level.id.value, level.name)
}

struct Collect<'a> {
    units: Vec<Unit>,
    fw: &'a Framework,
}

impl Collect<'_> {
    fn text(&mut self, id: &str, english: &str, kind: &str, at: &Place) {
        if english.trim().is_empty() {
            return;
        }
        self.units.push(Unit {
            id: id.to_string(),
            english: english.to_string(),
            kind: kind.to_string(),
            level: at.level.clone(),
            domain: at.domain.clone(),
        });
    }

    fn opt(&mut self, id: &str, english: Option<&str>, kind: &str, at: &Place) {
        if let Some(english) = english {
            self.text(id, english, kind, at);
        }
    }

    /// A unit per paragraph, heading, quotation (and its source) and list item.
    fn blocks(&mut self, id: &str, blocks: &Blocks, what: &str, at: &Place) {
        for (n, block) in blocks.0.iter().enumerate() {
            let id = format!("{id}.{}", n + 1);
            match block {
                Block::Paragraph { text } => self.text(&id, &inline_text(text), &format!("{what}: paragraph"), at),
                Block::Heading { text } => self.text(&id, text, &format!("{what}: heading"), at),
                Block::List { items, .. } => {
                    for (m, item) in items.iter().enumerate() {
                        self.text(&format!("{id}.{}", m + 1), &inline_text(item), &format!("{what}: list item"), at);
                    }
                }
                Block::Quote { text, source } => {
                    self.text(&id, &inline_text(text), &format!("{what}: quotation"), at);
                    self.opt(&format!("{id}.source"), source.as_deref(), &format!("{what}: source of the quotation"), at);
                }
            }
        }
    }

    /// The levels named by `ids`, for the notes; none when there are none.
    fn at_levels(&self, ids: &[Id]) -> Place {
        let labels: Vec<String> = ids.iter().map(|id| self.fw.level(id).map_or_else(|| id.to_string(), level_label)).collect();
        Place { level: (!labels.is_empty()).then(|| labels.join(", ")), domain: None }
    }

    fn meta(&mut self) {
        let fw = self.fw;
        let meta = &fw.framework;
        let none = &Place::NONE;
        self.text("framework.title", &meta.title, "title of the framework", none);
        self.opt("framework.subtitle", meta.subtitle.as_deref(), "subtitle of the framework", none);
        self.text("framework.publisher", &meta.publisher, "publisher (an organisation's name)", none);
        self.opt("framework.licence", meta.licence.as_deref(), "licence", none);
        self.opt("framework.logo_alt", meta.logo_alt.as_deref(), "alternative text of the logo", none);
        self.blocks("framework.introduction", &meta.introduction, "introduction", none);
        self.blocks("framework.principles", &meta.principles, "principles", none);
        self.blocks("framework.acknowledgements", &meta.acknowledgements, "acknowledgements", none);
        self.blocks("framework.references", &meta.references, "references", none);
    }

    fn domains(&mut self) {
        let fw = self.fw;
        for domain in &fw.domains {
            let label = format!("{} ({})", domain.id.value, domain.title);
            let at = Place { level: None, domain: Some(label.clone()) };
            let id = format!("domain.{}", domain.id.value);
            self.text(&format!("{id}.title"), &domain.title, "domain title", &at);
            self.blocks(&format!("{id}.intro"), &domain.intro, "domain introduction", &at);
            self.level_intros(&id, &domain.level_intro.0, &at);
            self.statements(&domain.statements, &at);
            for topic in &domain.topics {
                let at = Place { level: None, domain: Some(format!("{label} › {} ({})", topic.id.value, topic.title)) };
                let id = format!("topic.{}", topic.id.value);
                self.text(&format!("{id}.title"), &topic.title, "topic title", &at);
                self.blocks(&format!("{id}.intro"), &topic.intro, "topic introduction", &at);
                self.level_intros(&id, &topic.level_intro.0, &at);
                self.statements(&topic.statements, &at);
            }
        }
    }

    fn level_intros(&mut self, id: &str, intros: &[(crate::model::Sp<Id>, Blocks)], at: &Place) {
        for (level, blocks) in intros {
            let at = Place { level: self.at_levels(std::slice::from_ref(&level.value)).level, domain: at.domain.clone() };
            self.blocks(&format!("{id}.level_intro.{}", level.value), blocks, "text above a level's statements", &at);
        }
    }

    fn statements(&mut self, statements: &[crate::model::Statement], at: &Place) {
        for s in statements {
            let levels: Vec<Id> = s.level.iter().map(|l| l.value.clone()).collect();
            let at = Place { level: self.at_levels(&levels).level, domain: at.domain.clone() };
            let kind = match s.kind {
                Some(kind) => {
                    format!("competency statement ({})", crate::model::Kind::ALL.iter().find(|(_, k)| *k == kind).map_or("", |(n, _)| n))
                }
                None => "competency statement".to_string(),
            };
            self.text(&format!("statement.{}", s.id.value), &s.text.value, &kind, &at);
            self.opt(&format!("statement.{}.subheading", s.id.value), s.subheading.as_deref(), "sub-heading above statements", &at);
        }
    }

    fn assessment(&mut self) {
        let fw = self.fw;
        let a = &fw.assessment;
        let none = &Place::NONE;
        self.blocks("assessment.instructions", &a.instructions, "instructions of the self-assessment", none);
        for point in &a.scale {
            let id = format!("scale.{}", point.value.value);
            self.text(&format!("{id}.label"), &point.label, "rating scale: label of a point", none);
            self.opt(&format!("{id}.description"), point.description.as_deref(), "rating scale: what a point means", none);
        }
        self.text("assessment.columns.evidence", &a.columns.evidence, "heading of the evidence column", none);
        self.text("assessment.columns.action", &a.columns.action, "heading of the action column", none);
        for field in &a.signoff {
            self.text(&format!("signoff.{}.label", field.id.value), &field.label, "sign-off field label", none);
        }
    }

    fn training(&mut self) {
        let fw = self.fw;
        for t in &fw.training {
            let at = self.at_levels(&t.levels.iter().map(|l| l.value.clone()).collect::<Vec<_>>());
            let id = format!("training.{}", t.id.value);
            self.text(&format!("{id}.title"), &t.title, "training option title", &at);
            self.opt(&format!("{id}.provider"), t.provider.as_deref(), "training provider (an organisation's name)", &at);
            self.opt(&format!("{id}.duration"), t.duration.as_deref(), "training duration", &at);
            self.opt(&format!("{id}.cost"), t.cost.as_deref(), "training cost", &at);
            self.blocks(&format!("{id}.description"), &t.description, "training description", &at);
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
    }
}
