//! framewright source → CASE CFPackage. The tree (domains, topics,
//! sub-headings, statements) becomes CFItems joined by `isChildOf`
//! associations whose `sequenceNumber` is the source order; the rating
//! scale becomes a CFRubric; what CASE has no place for (levels, roles,
//! bands, cross-walks, training, refreshers, packs, narrative) travels in
//! 1.1 `extensions`, written from the source's own tables so an import gives
//! back exactly what was written. In 1.0 mode those are left out and listed.
//! A statement's `replaces` is also a `replacedBy` association from each
//! replaced statement of the previous edition (CASE 1.0 has the type).

use std::collections::HashMap;

use serde_json::{Map, Value as Json};
use toml::{Table, Value};

use super::model::*;
use crate::interop::ids;
use crate::model::{CaseId, Framework, Kind, Statement};

/// An exported package and, in 1.0 mode, what it had to leave out.
pub struct Exported {
    pub json: String,
    pub dropped: Vec<String>,
}

/// Keys of the source's tables that CASE fields carry; the rest of each
/// table goes into its `extensions`.
const DOCUMENT_KEYS: &[&str] = &["title", "publisher", "version", "language", "published", "review", "subtitle", "licence", "case_id"];
const CONTAINER_KEYS: &[&str] = &["title", "number", "statements", "topics", "case_id"];
const STATEMENT_KEYS: &[&str] = &["id", "text", "kind", "tags", "subheading", "case_id"];
/// Top-level sections kept whole in the package's extensions.
const SECTIONS: &[&str] = &["levels", "schemes", "roles", "bands", "assessment", "training", "refreshers", "packs"];

/// Exports `fw`, whose source text is `text`, as a CASE package.
pub fn export(fw: &Framework, text: &str, version: CaseVersion) -> Result<Exported, Vec<String>> {
    let raw: Table = toml::from_str(text).map_err(|e| vec![format!("the source could not be read again as TOML: {e}")])?;
    let mut writer = Writer::new(fw, version);
    writer.tree(fw, &raw);
    writer.check_unique()?;
    let package = writer.package(fw, &raw);
    let mut json = serde_json::to_string_pretty(&package).map_err(|e| vec![format!("could not write JSON: {e}")])?;
    json.push('\n');
    Ok(Exported { json, dropped: writer.dropped() })
}

struct Writer {
    version: CaseVersion,
    namespace: uuid::Uuid,
    doc: Link,
    when: String,
    language: String,
    items: Vec<Item>,
    associations: Vec<Association>,
    types_used: Vec<&'static str>,
    /// Every identifier written, with what it names, to refuse duplicates.
    seen: HashMap<String, String>,
    duplicates: Vec<String>,
    /// How many items lost an extension in 1.0 mode, by what they are.
    dropped_items: Vec<(&'static str, usize)>,
}

impl Writer {
    fn new(fw: &Framework, version: CaseVersion) -> Self {
        let id = ids::document(fw);
        let doc = Link { title: fw.framework.title.clone(), identifier: id.0.clone(), uri: ids::uri(&id) };
        let mut seen = HashMap::new();
        seen.insert(id.0, "the framework".to_string());
        Self {
            version,
            namespace: ids::framework_namespace(fw),
            doc,
            when: format!("{}T00:00:00+00:00", fw.framework.published),
            language: fw.framework.language.clone(),
            items: Vec::new(),
            associations: Vec::new(),
            types_used: Vec::new(),
            seen,
            duplicates: Vec::new(),
            dropped_items: Vec::new(),
        }
    }

    fn extension(&mut self, what: &'static str, value: Option<Json>) -> Option<Json> {
        let value = value?;
        if self.version == CaseVersion::V1_0 {
            match self.dropped_items.iter_mut().find(|(w, _)| *w == what) {
                Some((_, n)) => *n += 1,
                None => self.dropped_items.push((what, 1)),
            }
            return None;
        }
        let mut map = Map::new();
        map.insert(EXTENSION_KEY.into(), value);
        Some(Json::Object(map))
    }

    /// Adds one item and its `isChildOf` association; returns its link.
    fn item(&mut self, parent: &Link, sequence: i64, id: CaseId, what: String, content: ItemContent) -> Link {
        if let Some(first) = self.seen.insert(id.0.clone(), what.clone()) {
            self.duplicates.push(format!("CASE identifier {id} is used by {first} and by {what}; give each its own `case_id`"));
        }
        if !self.types_used.contains(&content.item_type) {
            self.types_used.push(content.item_type);
        }
        let link = Link { title: content.title, identifier: id.0.clone(), uri: ids::uri(&id) };
        let type_id = ids::global(&format!("item-type/{}", content.item_type));
        let association = ids::association(&id, "isChildOf", &CaseId(parent.identifier.clone()));
        self.items.push(Item {
            identifier: id.0.clone(),
            uri: link.uri.clone(),
            full_statement: content.statement,
            human_coding_scheme: content.code,
            item_type: content.item_type.to_string(),
            item_type_uri: Link { title: content.item_type.to_string(), identifier: type_id.0.clone(), uri: ids::uri(&type_id) },
            concept_keywords: content.keywords,
            language: self.language.clone(),
            last_change_date_time: self.when.clone(),
            extensions: content.extensions,
        });
        self.associations.push(Association {
            identifier: association.0.clone(),
            uri: ids::uri(&association),
            association_type: "isChildOf",
            sequence_number: Some(sequence),
            origin: link.clone(),
            destination: parent.clone(),
            last_change_date_time: self.when.clone(),
        });
        link
    }

    fn tree(&mut self, fw: &Framework, raw: &Table) {
        let doc = self.doc.clone();
        let raw_domains = raw_list(raw, "domains");
        for (i, domain) in fw.domains.iter().enumerate() {
            let raw_domain = raw_domains.get(i).copied();
            let id = ids::kept_or(domain.case_id.as_ref(), &self.namespace, &format!("domain/{}", domain.id.value));
            let ext = self.extension("domain and topic ids and narrative", rest_of(raw_domain, CONTAINER_KEYS));
            let content = ItemContent::container("Domain", &domain.title, domain.number.clone(), ext);
            let link = self.item(&doc, i as i64 + 1, id, format!("domain `{}`", domain.id.value), content);
            let mut sequence = self.statements(&link, &domain.statements, raw_domain, 0);
            let raw_topics = raw_domain.map(|t| raw_list(t, "topics")).unwrap_or_default();
            for (j, topic) in domain.topics.iter().enumerate() {
                let raw_topic = raw_topics.get(j).copied();
                let id = ids::kept_or(topic.case_id.as_ref(), &self.namespace, &format!("topic/{}", topic.id.value));
                let ext = self.extension("domain and topic ids and narrative", rest_of(raw_topic, CONTAINER_KEYS));
                let content = ItemContent::container("Topic", &topic.title, topic.number.clone(), ext);
                sequence += 1;
                let topic_link = self.item(&link, sequence, id, format!("topic `{}`", topic.id.value), content);
                self.statements(&topic_link, &topic.statements, raw_topic, 0);
            }
        }
    }

    /// The statements of one container, consecutive statements with one
    /// sub-heading under a "Sub-heading" item; returns the last sequence number used.
    fn statements(&mut self, parent: &Link, statements: &[Statement], raw_container: Option<&Table>, mut sequence: i64) -> i64 {
        let raw_statements = raw_container.map(|t| raw_list(t, "statements")).unwrap_or_default();
        let mut i = 0;
        while i < statements.len() {
            sequence += 1;
            match &statements[i].subheading {
                Some(heading) => {
                    let run = statements[i..].iter().take_while(|s| s.subheading.as_ref() == Some(heading)).count();
                    let parent_uuid = uuid::Uuid::parse_str(&parent.identifier).unwrap_or(self.namespace);
                    let id = ids::derive(&parent_uuid, &format!("subheading/{}", statements[i].id.value));
                    let content = ItemContent::container("Sub-heading", heading, None, None);
                    let what = format!("the sub-heading above statement `{}`", statements[i].id.value);
                    let link = self.item(parent, sequence, id, what, content);
                    for k in 0..run {
                        self.statement(&link, k as i64 + 1, &statements[i + k], raw_statements.get(i + k).copied());
                    }
                    i += run;
                }
                None => {
                    self.statement(parent, sequence, &statements[i], raw_statements.get(i).copied());
                    i += 1;
                }
            }
        }
        sequence
    }

    fn statement(&mut self, parent: &Link, sequence: i64, s: &Statement, raw: Option<&Table>) {
        let id = ids::kept_or(s.case_id.as_ref(), &self.namespace, &format!("statement/{}", s.id.value));
        let item_type = match s.kind {
            Some(Kind::Knowledge) => "Knowledge",
            Some(Kind::Skill) => "Skill",
            Some(Kind::Value) => "Value",
            None => "Competency",
        };
        let extensions = self.extension("statement levels, bands and additional-needs flags", rest_of(raw, STATEMENT_KEYS));
        let content = ItemContent {
            title: s.id.value.to_string(),
            statement: s.text.value.clone(),
            code: Some(s.id.value.to_string()),
            item_type,
            keywords: s.tags.clone(),
            extensions,
        };
        let link = self.item(parent, sequence, id, format!("statement `{}`", s.id.value), content);
        for old in &s.replaces {
            self.replaced_by(&old.value, &link);
        }
    }

    /// A `replacedBy` association from the previous edition's statement
    /// `old`, not in this package, to `new`. The old item is identified as
    /// its edition's export identified it: by the identifier derived from
    /// its id (unless that statement kept a `case_id` from an import),
    /// titled with the id, so an import can name it in `replaces`.
    fn replaced_by(&mut self, old: &crate::model::Id, new: &Link) {
        let from = ids::derive(&self.namespace, &format!("statement/{old}"));
        let association = ids::association(&from, "replacedBy", &CaseId(new.identifier.clone()));
        self.associations.push(Association {
            identifier: association.0.clone(),
            uri: ids::uri(&association),
            association_type: "replacedBy",
            sequence_number: None,
            origin: Link { title: old.to_string(), identifier: from.0.clone(), uri: ids::uri(&from) },
            destination: new.clone(),
            last_change_date_time: self.when.clone(),
        });
    }

    fn check_unique(&self) -> Result<(), Vec<String>> {
        if self.duplicates.is_empty() { Ok(()) } else { Err(self.duplicates.clone()) }
    }

    fn package(&mut self, fw: &Framework, raw: &Table) -> Package {
        let meta = &fw.framework;
        let license = meta.licence.as_ref().map(|text| {
            let id = ids::derive(&self.namespace, "licence");
            License {
                identifier: id.0.clone(),
                uri: ids::uri(&id),
                title: text.clone(),
                license_text: text.clone(),
                last_change_date_time: self.when.clone(),
            }
        });
        let document = Document {
            identifier: self.doc.identifier.clone(),
            uri: self.doc.uri.clone(),
            case_version: (self.version == CaseVersion::V1_1).then_some("1.1"),
            creator: meta.publisher.clone(),
            title: meta.title.clone(),
            last_change_date_time: self.when.clone(),
            publisher: Some(meta.publisher.clone()),
            description: meta.subtitle.clone(),
            language: Some(meta.language.clone()),
            version: Some(meta.version.clone()),
            status_start_date: Some(meta.published.to_string()),
            status_end_date: meta.review.map(|d| d.to_string()),
            license_uri: license.as_ref().map(|l| Link { title: l.title.clone(), identifier: l.identifier.clone(), uri: l.uri.clone() }),
        };
        let item_types = ITEM_TYPES
            .iter()
            .filter(|(title, _)| self.types_used.contains(title))
            .map(|(title, description)| {
                let id = ids::global(&format!("item-type/{title}"));
                ItemType {
                    identifier: id.0.clone(),
                    uri: ids::uri(&id),
                    title: title.to_string(),
                    description: description.to_string(),
                    hierarchy_code: title.to_ascii_lowercase(),
                    type_code: title.to_ascii_lowercase(),
                    last_change_date_time: self.when.clone(),
                }
            })
            .collect();
        let rubric = self.rubric(fw);
        let mut sections = Map::new();
        if let Some(rest) = rest_of(raw.get("framework").and_then(Value::as_table), DOCUMENT_KEYS) {
            sections.insert("framework".into(), rest);
        }
        for key in SECTIONS {
            if let Some(value) = raw.get(*key) {
                sections.insert(key.to_string(), to_json(value));
            }
        }
        let extensions = self.extension(
            "the framework's levels, roles, bands, cross-walks, training, refreshers, packs and narrative",
            Some(Json::Object(sections)),
        );
        Package {
            document,
            items: std::mem::take(&mut self.items),
            associations: std::mem::take(&mut self.associations),
            definitions: Definitions { item_types, licenses: license.into_iter().collect() },
            rubrics: vec![rubric],
            extensions,
        }
    }

    /// The rating scale as one rubric with one criterion whose levels are
    /// the scale's points.
    fn rubric(&self, fw: &Framework) -> Rubric {
        let rubric_id = ids::derive(&self.namespace, "rubric");
        let criterion_id = ids::derive(&self.namespace, "rubric/criterion");
        let instructions: Vec<String> = fw.assessment.instructions.0.iter().map(block_text).collect();
        let levels = fw
            .assessment
            .scale
            .iter()
            .enumerate()
            .map(|(i, point)| {
                let id = ids::derive(&self.namespace, &format!("rubric/level/{}", point.value.value));
                CriterionLevel {
                    identifier: id.0.clone(),
                    uri: ids::uri(&id),
                    quality: point.label.clone(),
                    description: point.description.clone(),
                    score: point.value.value,
                    position: i as i64 + 1,
                    rubric_criterion_id: criterion_id.0.clone(),
                    last_change_date_time: self.when.clone(),
                }
            })
            .collect();
        Rubric {
            identifier: rubric_id.0.clone(),
            uri: ids::uri(&rubric_id),
            title: "Self-assessment".into(),
            description: (!instructions.is_empty()).then(|| instructions.join("\n\n")),
            last_change_date_time: self.when.clone(),
            criteria: vec![Criterion {
                identifier: criterion_id.0.clone(),
                uri: ids::uri(&criterion_id),
                category: "Rating".into(),
                description: "How far the person's practice meets each competency statement".into(),
                position: 1,
                rubric_id: rubric_id.0,
                last_change_date_time: self.when.clone(),
                levels,
            }],
        }
    }

    fn dropped(&self) -> Vec<String> {
        self.dropped_items.iter().map(|(what, n)| if *n == 1 { what.to_string() } else { format!("{what} ({n} items)") }).collect()
    }
}

/// What one CFItem says.
struct ItemContent {
    title: String,
    statement: String,
    code: Option<String>,
    item_type: &'static str,
    keywords: Vec<String>,
    extensions: Option<Json>,
}

impl ItemContent {
    fn container(item_type: &'static str, title: &str, number: Option<String>, extensions: Option<Json>) -> Self {
        Self { title: title.to_string(), statement: title.to_string(), code: number, item_type, keywords: Vec::new(), extensions }
    }
}

fn raw_list<'a>(table: &'a Table, key: &str) -> Vec<&'a Table> {
    table.get(key).and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_table).collect()).unwrap_or_default()
}

/// The keys of `table` that CASE fields do not carry, as JSON; `None` when none are left.
fn rest_of(table: Option<&Table>, carried: &[&str]) -> Option<Json> {
    let rest: Map<String, Json> =
        table?.iter().filter(|(k, _)| !carried.contains(&k.as_str())).map(|(k, v)| (k.clone(), to_json(v))).collect();
    (!rest.is_empty()).then_some(Json::Object(rest))
}

/// A TOML value as JSON (dates as their TOML text).
pub fn to_json(value: &Value) -> Json {
    match value {
        Value::String(s) => Json::String(s.clone()),
        Value::Integer(i) => Json::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map(Json::Number).unwrap_or(Json::Null),
        Value::Boolean(b) => Json::Bool(*b),
        Value::Datetime(d) => Json::String(d.to_string()),
        Value::Array(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Table(t) => Json::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
    }
}

/// A narrative block as plain text (the rubric's description).
fn block_text(block: &crate::model::Block) -> String {
    use crate::model::Block;
    match block {
        Block::Paragraph { text } => text.to_plain(),
        Block::Heading { text } => text.clone(),
        Block::List { items, .. } => items.iter().map(|i| format!("- {}", i.to_plain())).collect::<Vec<_>>().join("\n"),
        Block::Quote { text, source } => match source {
            Some(s) => format!("\"{}\" ({s})", text.to_plain()),
            None => format!("\"{}\"", text.to_plain()),
        },
    }
}
