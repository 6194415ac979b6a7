//! CASE package (1.0 or 1.1, wrapped in `{"CFPackage": …}` or not) →
//! framewright source. The tree comes from `isChildOf` associations in
//! `sequenceNumber` order (then `humanCodingScheme`); identifiers are kept
//! as `case_id`; what framewright's extensions carried comes back as it was
//! written; what the source format has no place for is listed in the report
//! and, where it belongs to one item, kept as a comment beside it.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;

use serde_json_borrow::{ObjectAsVec as Map, Value as Json};
use toml::{Table, Value};

use super::model::EXTENSION_KEY;
use super::read::{Notes, Obj};
use crate::interop::draft::{self, DomainDraft, Draft, Entry, TopicDraft, UniqueIds, table, text};
use crate::model::{CaseId, Id, same_language};

/// A package read into a draft source.
pub struct Imported {
    pub draft: Draft,
    /// Warnings about the input (lenient reading), with their places.
    pub warnings: Vec<String>,
    /// What the source could not carry.
    pub lost: Vec<String>,
    pub items: usize,
}

/// The item types framewright itself writes for containers.
const CONTAINER_TYPES: [&str; 2] = ["domain", "topic"];
const SUBHEADING_TYPE: &str = "sub-heading";

/// Reads a package from JSON text; `Err` holds every error, each with its place.
///
/// The JSON (and the text, when it is a copy rather than the mapped file)
/// is freed before the statements are drafted, so the draft reuses that
/// memory: on this machine every fresh page costs 2–3 µs, a tenth of a
/// 10,000-item import (`docs/performance.md`).
pub fn import(text: Cow<str>, notes: Notes) -> Result<Imported, Vec<String>> {
    // Strings are borrowed from `text`: a 10,000-item package parses in a
    // third of the time and memory of a `serde_json::Value`.
    let root: Json = serde_json::from_str(&text).map_err(|e| {
        let what = e.to_string();
        let what = what.rsplit_once(" at line ").map_or(what.as_str(), |(w, _)| w).to_string();
        vec![format!(
            "{}:{}: not JSON: {what}; a CASE package is a JSON file such as a CASE API's CFPackages response",
            e.line(),
            e.column()
        )]
    })?;
    let read = read_package(&root, notes)?;
    drop(root);
    drop(text);
    Ok(read.finish())
}

/// Reads a package already parsed as JSON.
pub fn import_value(root: &Json, notes: Notes) -> Result<Imported, Vec<String>> {
    read_package(root, notes).map(Read::finish)
}

/// What is read from the JSON: everything but the statements' tables,
/// which [`Read::finish`] drafts from the items and their tree alone.
struct Read {
    reader: Reader,
    draft: Draft,
    items: Vec<Item>,
    tree: Tree,
    levels: Levels,
    /// Where the statements' entries go in the list of what was lost, so
    /// it reads in the order of the source.
    lost_at: usize,
}

impl Read {
    fn finish(self) -> Imported {
        let Read { mut reader, mut draft, items, tree, levels, lost_at } = self;
        let count = items.len();
        let mut builder = TreeBuilder {
            items,
            tree: &tree,
            levels,
            container_ids: UniqueIds::default(),
            statement_ids: UniqueIds::default(),
            renamed: 0,
            flattened: 0,
            unnamed: 0,
            mixed: 0,
        };
        draft.domains = builder.domains(&draft.framework);
        let after = reader.lost.split_off(lost_at);
        builder.report(&mut reader);
        for what in after {
            reader.lost(what);
        }
        Imported { draft, warnings: reader.notes.lines(), lost: reader.lost, items: count }
    }
}

fn read_package(root: &Json, mut notes: Notes) -> Result<Read, Vec<String>> {
    let package = match root {
        Json::Object(map) => map.get("CFPackage").unwrap_or(root),
        other => other,
    };
    let Json::Object(package) = package else {
        return Err(vec![format!("not a CASE package: the file holds {}, not an object with a CFDocument", super::read::kind_of(package))]);
    };
    let Some(document) = package.get("CFDocument").and_then(|d| Obj::new(d, "CFDocument".into(), &mut notes)) else {
        let keys: Vec<&str> = package.keys().take(8).collect();
        return Err(vec![format!(
            "not a CASE package: no CFDocument object (the top level has {}); export the framework from your CASE tool as a CFPackage",
            if keys.is_empty() { "no keys".to_string() } else { keys.join(", ") }
        )]);
    };
    let mut reader = Reader { notes, lost: Vec::new(), errors: Vec::new() };
    let (mut items, index) = reader.items(package);
    if items.is_empty() && reader.errors.is_empty() {
        reader
            .errors
            .push("the package has no CFItems: there is nothing to make statements of; export the framework with its items".into());
    }
    // A source is in one language, the document's (kept as `[framework] language`).
    if let Some(language) = document.text("language", &mut reader.notes) {
        for item in items.iter().filter(|i| i.language.as_deref().is_some_and(|l| !same_language(l, &language))) {
            reader.notes.warn(
                &format!("{}.language", item.place),
                format!(
                    "an item in another language than the document's (`{language}`): read as in `{language}` (a source is in one \
                     language; its translations are kept beside it, see docs/source-format.md)"
                ),
            );
        }
    }
    let (tree, links, replaced) = reader.tree(package, &document, &items, &index);
    for (origin, comment) in links {
        items[origin].comments.push(comment);
    }
    for (new, old) in replaced {
        items[new].replaces.push(old);
    }
    if !reader.errors.is_empty() {
        return Err(reader.errors);
    }
    let framework_ext = extension(package.get("extensions"));
    let (draft, levels, lost_at) = reader.draft(package, &document, &items, &tree, framework_ext);
    reader.unsupported(package);
    Ok(Read { reader, draft, items, tree, levels, lost_at })
}

/// One CFItem as read.
struct Item {
    place: String,
    key: String,
    case_id: Option<CaseId>,
    statement: Option<String>,
    code: Option<String>,
    item_type: Option<String>,
    keywords: Vec<String>,
    language: Option<String>,
    education: Vec<String>,
    /// What framewright's own export wrote in the item's extensions.
    ext: Option<Table>,
    /// Comment lines: CASE fields the source has no key for.
    comments: Vec<String>,
    /// The ids of earlier statements this item replaces (`replacedBy`
    /// associations from outside the package, as framewright exports them).
    replaces: Vec<String>,
}

/// A child of a tree node before sorting: (no sequence number, the
/// sequence number, its association's order in the file, its item index);
/// children compare by these, the code (naturally) coming before the order.
type ChildEntry = (bool, i64, usize, usize);

/// Where an `isChildOf` association puts an item: under the document
/// (`None`) or an item, with its sequence number and the association's order.
type Parent = (Option<usize>, Option<i64>, usize);

impl Item {
    fn type_is(&self, names: &[&str]) -> bool {
        self.item_type.as_deref().is_some_and(|t| names.iter().any(|n| t.eq_ignore_ascii_case(n)))
    }

    fn title(&self) -> String {
        self.statement.clone().or_else(|| self.code.clone()).unwrap_or_else(|| "Untitled".into())
    }
}

/// The children of the document and of each item (by index), in order.
struct Tree {
    top: Vec<usize>,
    under: Vec<Vec<usize>>,
}

struct Reader {
    notes: Notes,
    lost: Vec<String>,
    errors: Vec<String>,
}

/// The `framewright` object of an `extensions` value, if any.
fn extension<'a>(value: Option<&'a Json<'a>>) -> Option<&'a Map<'a>> {
    match value? {
        Json::Object(map) => map.get(EXTENSION_KEY)?.as_object(),
        _ => None,
    }
}

/// An identifier as compared: trimmed, lower case (borrowed when it is already).
fn normalise_id(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim();
    if trimmed.bytes().any(|b| b.is_ascii_uppercase()) { Cow::Owned(trimmed.to_ascii_lowercase()) } else { Cow::Borrowed(trimmed) }
}

/// `isChildOf`, `Is Child Of`, `ischildof` all name one type.
fn simplify(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphabetic).map(|c| c.to_ascii_lowercase()).collect()
}

impl Reader {
    /// The items, and each one's place in that list by its identifier (as
    /// compared: [`normalise_id`]).
    fn items(&mut self, package: &Map) -> (Vec<Item>, HashMap<String, usize>) {
        let list = match package.get("CFItems") {
            Some(Json::Array(items)) => items.as_slice(),
            None | Some(Json::Null) => &[],
            Some(other) => {
                self.notes.warn("CFItems", format!("{} where the list of items was expected; no items read", super::read::kind_of(other)));
                &[]
            }
        };
        let mut items: Vec<Item> = Vec::with_capacity(list.len());
        let mut index: HashMap<String, usize> = HashMap::with_capacity(list.len());
        for (i, value) in list.iter().enumerate() {
            let Some(obj) = Obj::new(value, format!("CFItems[{i}]"), &mut self.notes) else {
                continue;
            };
            let place = &obj.place;
            let Some(identifier) = obj.id_text("identifier", &mut self.notes) else {
                self.errors.push(format!("{place}: the item has no identifier; give it one (a UUID) or remove it"));
                continue;
            };
            let key = normalise_id(&identifier).into_owned();
            if let Some(&first) = index.get(&key) {
                self.errors.push(format!(
                    "{place}: identifier {identifier} is also the identifier of {}; every item needs its own identifier",
                    items[first].place
                ));
                continue;
            }
            index.insert(key.clone(), items.len());
            let case_id = CaseId::parse(&identifier);
            if case_id.is_none() {
                self.notes.warn(&format!("{place}.identifier"), "an identifier that is not a UUID; not kept as case_id");
            }
            let mut comments = Vec::new();
            for (key, label, plural) in [
                ("abbreviatedStatement", "abbreviated statement", "abbreviated statements"),
                ("alternativeLabel", "alternative label", "alternative labels"),
                ("listEnumeration", "list enumeration", "list enumerations"),
                ("notes", "notes", "notes"),
                ("statusStartDate", "status start date", "status dates"),
                ("statusEndDate", "status end date", "status dates"),
            ] {
                if let Some(value) = obj.text(key, &mut self.notes) {
                    comments.push(format!("CASE {label}: {value}"));
                    self.lost(format!("item {plural} (kept as comments)"));
                }
            }
            if let Some(licence) = obj.object("licenseURI", &mut self.notes).and_then(|l| l.text("title", &mut self.notes)) {
                comments.push(format!("CASE licence: {licence}"));
                self.lost("item licences (kept as comments)".into());
            }
            let mut education = obj.texts("educationLevel", true, &mut self.notes);
            if education.is_empty() {
                // OpenSALT's own exports spell it this way.
                education = obj.texts("educationalLevel", true, &mut self.notes);
            }
            items.push(Item {
                key,
                case_id,
                statement: obj.text("fullStatement", &mut self.notes),
                code: obj.text("humanCodingScheme", &mut self.notes),
                item_type: obj.text("CFItemType", &mut self.notes),
                keywords: obj.texts("conceptKeywords", true, &mut self.notes),
                language: obj.text("language", &mut self.notes),
                education,
                ext: extension(obj.map.get("extensions")).map(from_object),
                comments,
                replaces: Vec::new(),
                place: obj.place,
            });
        }
        (items, index)
    }

    fn lost(&mut self, what: String) {
        if !self.lost.contains(&what) {
            self.lost.push(what);
        }
    }

    /// Reads the associations: the tree from `isChildOf`, a `replacedBy`
    /// from an earlier edition's statement (not in the package, its title
    /// an id) as what its destination replaces, every other type kept as a
    /// comment on its origin. Reports dangling ends and cycles. Returns the
    /// tree, comments for the origins of the other associations, and the
    /// replaced ids by the item replacing them.
    #[allow(clippy::type_complexity)]
    fn tree(
        &mut self,
        package: &Map,
        document: &Obj,
        items: &[Item],
        index: &HashMap<String, usize>,
    ) -> (Tree, Vec<(usize, String)>, Vec<(usize, String)>) {
        let doc_text = document.text("identifier", &mut self.notes).unwrap_or_default();
        let doc_id = normalise_id(&doc_text);
        let list = match package.get("CFAssociations") {
            Some(Json::Array(list)) => list.as_slice(),
            _ => &[],
        };
        let mut parent_of: Vec<Option<Parent>> = vec![None; items.len()];
        let mut extra_parents = 0;
        let mut other_links: Vec<(usize, String)> = Vec::new();
        let mut other_kinds: Vec<String> = Vec::new();
        let mut replaced: Vec<(usize, String)> = Vec::new();
        for (n, value) in list.iter().enumerate() {
            let place = || format!("CFAssociations[{n}]");
            let Some(obj) = Obj::new(value, place(), &mut self.notes) else {
                continue;
            };
            let kind = obj.text("associationType", &mut self.notes).unwrap_or_default();
            // (the link's identifier as written, and its title)
            let end = |key: &str, notes: &mut Notes| -> Option<(Cow<'_, str>, Option<&Json<'_>>)> {
                let node = obj.object(key, notes)?;
                Some((node.id_text("identifier", notes)?, node.map.get("title")))
            };
            let (Some((origin, origin_title)), Some((written, title))) =
                (end("originNodeURI", &mut self.notes), end("destinationNodeURI", &mut self.notes))
            else {
                self.errors
                    .push(format!("{}: the association has no origin or no destination identifier; give it both or remove it", place()));
                continue;
            };
            let (origin, destination) = (normalise_id(&origin), normalise_id(&written));
            let origin_index = index.get(origin.as_ref()).copied();
            if kind == "isChildOf" || simplify(&kind) == "ischildof" {
                let Some(child) = origin_index else {
                    let what = if origin == doc_id { "the document itself" } else { "no item of this package" };
                    self.errors
                        .push(format!("{}: isChildOf association from {origin}, which is {what}; remove it or add the item", place()));
                    continue;
                };
                let parent = match index.get(destination.as_ref()) {
                    Some(&p) => Some(p),
                    None if destination == doc_id => None,
                    None => {
                        self.errors.push(format!(
                            "{}: isChildOf association from {} to {destination}, which is neither the document nor an item of this package (a dangling association); remove it or add the parent",
                            place(),
                            items[child].place
                        ));
                        continue;
                    }
                };
                let sequence = obj.integer("sequenceNumber", &mut self.notes);
                match &mut parent_of[child] {
                    Some(_) => extra_parents += 1,
                    slot => *slot = Some((parent, sequence, n)),
                }
            } else if let (true, None, Some(&new), Some(old)) = (
                simplify(&kind) == "replacedby",
                origin_index,
                index.get(destination.as_ref()),
                origin_title.and_then(Json::as_str).map(str::trim).filter(|t| Id::problem(t).is_none()),
            ) {
                replaced.push((new, old.to_string()));
            } else if let Some(origin) = origin_index {
                // Link titles are often empty in real packages (no warning for that),
                // and the identifier of another framework's item is often its code or URL.
                let target = match title.and_then(Json::as_str).map(str::trim).filter(|t| !t.is_empty() && *t != written) {
                    Some(title) => format!("{title} ({written})"),
                    None => written.into_owned(),
                };
                other_links.push((origin, format!("CASE association {kind} → {target}")));
                if !other_kinds.contains(&kind) {
                    other_kinds.push(kind);
                }
            } else if origin != doc_id {
                // Real exports keep associations of deleted items: skip them, with a warning.
                self.notes
                    .warn(&place(), format!("a dangling {kind} association: its origin {origin} is no item of this package; skipped"));
            }
        }
        if !other_kinds.is_empty() {
            self.lost(format!("associations other than isChildOf ({}; kept as comments on their origin)", other_kinds.join(", ")));
        }
        if extra_parents > 0 {
            self.lost(format!("{extra_parents} extra isChildOf parents (an item in several places keeps its first)"));
        }
        self.find_cycles(items, &parent_of);
        let mut top: Vec<ChildEntry> = Vec::new();
        let mut under: Vec<Vec<ChildEntry>> = vec![Vec::new(); items.len()];
        for (i, item) in items.iter().enumerate() {
            let (parent, sequence, order) = parent_of[i].unwrap_or_else(|| {
                self.notes.warn(&item.place, "an item with no isChildOf association; placed at the top level");
                (None, None, usize::MAX)
            });
            let entry = (sequence.is_none(), sequence.unwrap_or(0), order, i);
            match parent {
                Some(p) => under[p].push(entry),
                None => top.push(entry),
            }
        }
        let sorted = |mut kids: Vec<ChildEntry>| -> Vec<usize> {
            let code = |i: usize| items[i].code.as_deref().unwrap_or("");
            kids.sort_by(|a, b| {
                (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| natural_cmp(code(a.3), code(b.3))).then((a.2, a.3).cmp(&(b.2, b.3)))
            });
            kids.into_iter().map(|k| k.3).collect()
        };
        let tree = Tree { top: sorted(top), under: under.into_iter().map(sorted).collect() };
        (tree, other_links, replaced)
    }

    fn find_cycles(&mut self, items: &[Item], parent_of: &[Option<Parent>]) {
        let mut state = vec![0u8; items.len()]; // 0 unseen, 1 on the current path, 2 done
        let mut path = Vec::new();
        for start in 0..items.len() {
            path.clear();
            let mut at = Some(start);
            while let Some(i) = at {
                match state[i] {
                    2 => break,
                    1 => {
                        let from = path.iter().position(|p| *p == i).unwrap_or(0);
                        let cycle: Vec<String> =
                            path[from..].iter().chain([&i]).map(|p: &usize| format!("{} ({})", items[*p].key, items[*p].place)).collect();
                        self.errors.push(format!(
                            "isChildOf associations form a cycle: {}; an item cannot be inside itself, so remove one of these associations",
                            cycle.join(" is a child of ")
                        ));
                        break;
                    }
                    _ => {}
                }
                state[i] = 1;
                path.push(i);
                at = parent_of[i].and_then(|(p, _, _)| p);
            }
            for &p in &path {
                state[p] = 2;
            }
        }
    }

    /// The draft without its domains (which need only the items and the
    /// tree), the levels a statement gets, and where in the list of what
    /// was lost the domains' entries belong.
    fn draft(&mut self, package: &Map, document: &Obj, items: &[Item], tree: &Tree, ext: Option<&Map>) -> (Draft, Levels, usize) {
        let empty = Map::default();
        let ext = ext.unwrap_or(&empty);
        let mut draft = Draft { framework: self.framework(document, ext.get("framework")), ..Draft::default() };
        let levels = self.levels(ext, items, tree, &mut draft);
        let lost_at = self.lost.len();
        for (key, list) in [
            ("schemes", &mut draft.schemes),
            ("roles", &mut draft.roles),
            ("bands", &mut draft.bands),
            ("training", &mut draft.training),
            ("refreshers", &mut draft.refreshers),
        ] {
            if let Some(Json::Array(values)) = ext.get(key) {
                *list = values.iter().filter_map(|v| from_json(v).and_then(|v| v.as_table().cloned())).map(Entry::new).collect();
            }
        }
        draft.assessment = match ext.get("assessment").and_then(from_json) {
            Some(Value::Table(t)) => t,
            _ => self.rubric_assessment(package).unwrap_or_else(draft::default_assessment),
        };
        draft.packs = match ext.get("packs").and_then(from_json) {
            Some(Value::Table(t)) => t,
            _ => draft::default_packs(),
        };
        (draft, levels, lost_at)
    }

    fn framework(&mut self, document: &Obj, ext: Option<&Json>) -> Table {
        let mut t = match ext.and_then(from_json) {
            Some(Value::Table(t)) => t,
            _ => Table::new(),
        };
        let notes = &mut self.notes;
        let title = document.text("title", notes).unwrap_or_else(|| {
            notes.warn("CFDocument.title", "the document has no title; wrote \"Untitled framework\"");
            "Untitled framework".into()
        });
        if !t.contains_key("id") {
            let id = draft::slug(&title).unwrap_or_else(|| "imported".into());
            t.insert("id".into(), Value::String(id));
        }
        let publisher = document.text("publisher", notes).or_else(|| document.text("creator", notes)).unwrap_or_else(|| {
            notes.warn("CFDocument.creator", "the document names no creator or publisher; wrote \"Unknown publisher\"");
            "Unknown publisher".into()
        });
        let version = document.text("version", notes).unwrap_or_else(|| {
            notes.warn("CFDocument.version", "the document has no version; wrote \"1.0\"");
            "1.0".into()
        });
        let published =
            document.date("statusStartDate", notes).or_else(|| document.date("lastChangeDateTime", notes)).unwrap_or_else(|| {
                notes.warn("CFDocument.lastChangeDateTime", "the document has no usable date; wrote 2000-01-01 as the publication date");
                crate::model::Date { year: 2000, month: 1, day: 1 }
            });
        let language = document.text("language", notes).unwrap_or_else(|| {
            notes.warn("CFDocument.language", "the document has no language; wrote \"en\"");
            "en".into()
        });
        let licence = document.object("licenseURI", notes).and_then(|l| l.text("title", notes));
        let carried = table([
            ("title", Some(Value::String(title))),
            ("subtitle", document.text("description", notes).map(Value::String)),
            ("publisher", Some(Value::String(publisher))),
            ("version", Some(Value::String(version))),
            ("published", Some(draft::date(published))),
            ("review", document.date("statusEndDate", notes).map(draft::date)),
            ("language", Some(Value::String(language))),
            ("licence", licence.map(Value::String)),
            ("case_id", document.text("identifier", notes).and_then(|s| CaseId::parse(&s)).map(|c| Value::String(c.0))),
        ]);
        t.extend(carried);
        for (key, what) in [
            ("officialSourceURL", "official source URL"),
            ("adoptionStatus", "adoption status"),
            ("notes", "notes"),
            ("frameworkType", "framework type"),
        ] {
            if document.text(key, &mut self.notes).is_some() {
                self.lost(format!("the document's {what}"));
            }
        }
        t
    }

    /// Levels: from framewright's extension, else one per education level
    /// the statements (items without children) name, else one level for
    /// everything. A level only a container names would have no statements
    /// (and its pack none), so containers' education levels are not read.
    /// Returns the level ids to give a statement that names none.
    fn levels(&mut self, ext: &Map, items: &[Item], tree: &Tree, draft: &mut Draft) -> Levels {
        if let Some(Json::Array(values)) = ext.get("levels") {
            draft.levels = values.iter().filter_map(|v| from_json(v).and_then(|v| v.as_table().cloned())).map(Entry::new).collect();
            return Levels { by_education: HashMap::new(), all: vec![] };
        }
        let mut by_education = HashMap::new();
        let mut ids = UniqueIds::default();
        for item in items.iter().zip(&tree.under).filter(|(_, kids)| kids.is_empty()).map(|(item, _)| item) {
            for level in &item.education {
                if !by_education.contains_key(level) {
                    let id = ids.take(id_from(level).unwrap_or_else(|| "level".into()));
                    draft
                        .levels
                        .push(Entry::new(table([("id", text(&id)), ("name", Some(Value::String(format!("Education level {level}"))))])));
                    by_education.insert(level.clone(), id);
                }
            }
        }
        if draft.levels.is_empty() {
            draft.levels.push(
                Entry::new(table([("id", text("general")), ("name", text("General"))]))
                    .with_comments(vec!["The package names no education levels: every statement is at this one level.".into()]),
            );
            return Levels { by_education, all: vec!["general".into()] };
        }
        let all = draft.levels.iter().filter_map(|e| e.table.get("id").and_then(Value::as_str).map(str::to_string)).collect();
        Levels { by_education, all }
    }

    /// The first rubric's first criterion's levels as the rating scale
    /// (scores as values, qualities as labels), when it has at least two.
    fn rubric_assessment(&mut self, package: &Map) -> Option<Table> {
        let rubric = package.get("CFRubrics")?.as_array()?.first()?;
        let rubric = Obj::new(rubric, "CFRubrics[0]".into(), &mut self.notes)?;
        let criterion = rubric.map.get("CFRubricCriteria")?.as_array()?.first()?;
        let criterion = Obj::new(criterion, "CFRubrics[0].CFRubricCriteria[0]".into(), &mut self.notes)?;
        let levels = criterion.map.get("CFRubricCriterionLevels")?.as_array()?;
        let mut points = Vec::new();
        for (i, level) in levels.iter().enumerate() {
            let Some(level) = Obj::new(level, format!("{}.CFRubricCriterionLevels[{i}]", criterion.place), &mut self.notes) else {
                continue;
            };
            let value =
                level.integer("score", &mut self.notes).or_else(|| level.integer("position", &mut self.notes)).unwrap_or(i as i64 + 1);
            let label = level.text("quality", &mut self.notes).unwrap_or_else(|| format!("Level {}", i + 1));
            points.push((value, label, level.text("description", &mut self.notes)));
        }
        if points.len() < 2 {
            return None;
        }
        points.sort_by_key(|p| p.0);
        let top = points.last().map(|p| p.0);
        self.lost("which rubric levels count as met (the highest is marked met)".into());
        let scale = points
            .into_iter()
            .map(|(value, label, description)| {
                Value::Table(table([
                    ("value", Some(Value::Integer(value))),
                    ("label", Some(Value::String(label))),
                    ("description", description.map(Value::String)),
                    ("met", (Some(value) == top).then_some(Value::Boolean(true))),
                ]))
            })
            .collect();
        Some(table([("scale", Some(Value::Array(scale)))]))
    }

    /// Lists what the package holds that the source has no place for.
    fn unsupported(&mut self, package: &Map) {
        if let Some(Json::Object(defs)) = package.get("CFDefinitions") {
            for key in ["CFConcepts", "CFSubjects", "CFAssociationGroupings"] {
                if defs.get(key).and_then(Json::as_array).is_some_and(|a| !a.is_empty()) {
                    self.lost(format!("CFDefinitions {key}"));
                }
            }
        }
        if package.get("CFRubrics").and_then(Json::as_array).is_some_and(|r| r.len() > 1) {
            self.lost("rubrics after the first".into());
        }
        if let Some(Json::Object(ext)) = package.get("extensions") {
            for key in ext.keys().filter(|k| *k != EXTENSION_KEY) {
                self.lost(format!("package extension `{key}`"));
            }
        }
    }
}

struct Levels {
    by_education: HashMap<String, String>,
    /// Levels of a statement that names none (empty: the extension says).
    all: Vec<String>,
}

/// Walks the tree into domains, topics, sub-headings and statements. It
/// owns the items: a statement's text and extension move into its table.
struct TreeBuilder<'a> {
    items: Vec<Item>,
    tree: &'a Tree,
    levels: Levels,
    container_ids: UniqueIds,
    statement_ids: UniqueIds,
    renamed: usize,
    flattened: usize,
    unnamed: usize,
    /// Domains whose topics became sub-headings to keep the order.
    mixed: usize,
}

impl<'a> TreeBuilder<'a> {
    /// What the walk could not keep, for the report.
    fn report(&self, reader: &mut Reader) {
        if self.renamed > 0 {
            reader.lost(format!("{} humanCodingScheme values that are not framewright ids (the statement id is made from them; the code itself is not kept)", self.renamed));
        }
        if self.mixed > 0 {
            reader.lost(format!(
                "the topics of {} domain(s) that list statements after topics (they became sub-headings, so the order is kept)",
                self.mixed
            ));
        }
        if self.flattened > 0 {
            reader.lost(format!(
                "{} item(s) nested deeper than domain › topic › sub-heading (their statements keep the path as their sub-heading)",
                self.flattened
            ));
        }
    }

    fn children(&self, i: usize) -> &'a [usize] {
        &self.tree.under[i]
    }

    fn is_container(&self, i: usize) -> bool {
        let item = &self.items[i];
        item.type_is(&CONTAINER_TYPES) || (!self.children(i).is_empty() && !item.type_is(&[SUBHEADING_TYPE]))
    }

    fn is_topic(&self, i: usize) -> bool {
        self.is_container(i) && !self.items[i].type_is(&[SUBHEADING_TYPE])
    }

    fn domains(&mut self, framework: &Table) -> Vec<DomainDraft> {
        let mut domains = Vec::new();
        let mut loose = Vec::new();
        for &i in &self.tree.top {
            if self.is_container(i) {
                let entry = self.container(i);
                let mut domain = DomainDraft { entry, ..Default::default() };
                let kids = self.children(i);
                // framewright prints a domain's statements before its topics: when
                // a statement follows a topic here, the topics become sub-headings
                // so the order stays the package's.
                let first_topic = kids.iter().position(|&j| self.is_topic(j));
                let mixed = first_topic.is_some_and(|f| kids[f..].iter().any(|&j| !self.is_topic(j)));
                self.mixed += usize::from(mixed);
                for &j in kids {
                    if self.is_topic(j) && !mixed {
                        let entry = self.container(j);
                        let mut statements = Vec::new();
                        for &k in self.children(j) {
                            self.collect(k, &[], &mut statements);
                        }
                        domain.topics.push(TopicDraft { entry, statements });
                    } else {
                        self.collect(j, &[], &mut domain.statements);
                    }
                }
                domains.push(domain);
            } else {
                self.collect(i, &[], &mut loose);
            }
        }
        if !loose.is_empty() {
            let title = framework.get("title").and_then(Value::as_str).unwrap_or("Statements").to_string();
            let id = self.container_ids.take("statements");
            let entry = Entry::new(table([("id", text(&id)), ("title", Some(Value::String(title)))])).with_comments(vec![
                "The package's top-level statements: CASE puts them under the document, framewright in a domain.".into(),
            ]);
            domains.push(DomainDraft { entry, statements: loose, topics: vec![] });
        }
        domains
    }

    fn container(&mut self, i: usize) -> Entry {
        let item = &self.items[i];
        let mut t = item.ext.clone().unwrap_or_default();
        if !t.contains_key("id") {
            let base = item.code.as_deref().and_then(id_from).or_else(|| draft::slug(&item.title())).unwrap_or_else(|| "domain".into());
            t.insert("id".into(), Value::String(self.container_ids.take(base)));
        } else if let Some(id) = t.get("id").and_then(Value::as_str) {
            self.container_ids.take(id);
        }
        t.insert("title".into(), Value::String(item.title()));
        if let Some(code) = &item.code {
            t.insert("number".into(), Value::String(code.clone()));
        }
        if let Some(c) = &item.case_id {
            t.insert("case_id".into(), Value::String(c.0.clone()));
        }
        Entry::new(t).with_comments(item.comments.clone())
    }

    /// Item `i` and everything under it as statements: an item with
    /// children is a sub-heading over them (nested ones joined with " › "),
    /// and what it carried that the source has no key for (notes, links…)
    /// goes in the comments of its first statement.
    fn collect(&mut self, i: usize, headings: &[String], out: &mut Vec<Entry>) {
        let kids = self.children(i);
        if kids.is_empty() {
            let entry = self.statement(i, headings);
            out.push(entry);
            return;
        }
        if !headings.is_empty() {
            self.flattened += 1;
        }
        let title = self.items[i].title();
        let mut path = headings.to_vec();
        path.push(title.clone());
        let first = out.len();
        for &k in kids {
            self.collect(k, &path, out);
        }
        let item = &self.items[i];
        if let Some(entry) = out.get_mut(first).filter(|_| !item.comments.is_empty()) {
            let carried = item.comments.iter().map(|c| format!("the sub-heading \"{title}\": {c}"));
            entry.comments.splice(0..0, carried);
        }
    }

    /// Item `i` (a leaf, so visited once) as a statement; its text,
    /// extension, tags and comments move into the entry.
    fn statement(&mut self, i: usize, headings: &[String]) -> Entry {
        let item = &mut self.items[i];
        let mut t = item.ext.take().unwrap_or_default();
        let base = match item.code.as_deref() {
            Some(code) if Id::problem(code).is_none() => code.to_string(),
            Some(code) => {
                self.renamed += 1;
                id_from(code).unwrap_or_else(|| "s".into())
            }
            None => {
                self.unnamed += 1;
                format!("s{:04}", self.unnamed)
            }
        };
        t.insert("id".into(), Value::String(self.statement_ids.take(base)));
        t.insert("text".into(), Value::String(item.statement.take().or_else(|| item.code.clone()).unwrap_or_else(|| "(no text)".into())));
        if !t.contains_key("level") {
            let levels: Vec<&String> = if item.education.is_empty() {
                self.levels.all.iter().collect()
            } else {
                item.education.iter().filter_map(|e| self.levels.by_education.get(e)).collect()
            };
            t.insert(
                "level".into(),
                match levels.as_slice() {
                    [one] => Value::String(one.to_string()),
                    many => Value::Array(many.iter().map(|l| Value::String(l.to_string())).collect()),
                },
            );
        }
        if !headings.is_empty() {
            t.insert("subheading".into(), Value::String(headings.join(" › ")));
        }
        for (name, kind) in [("knowledge", "knowledge"), ("skill", "skill"), ("value", "value")] {
            if item.type_is(&[name]) {
                t.insert("kind".into(), Value::String(kind.into()));
            }
        }
        let mut comments = std::mem::take(&mut item.comments);
        if let Some(other) =
            item.item_type.as_deref().filter(|t| !["competency", "knowledge", "skill", "value"].contains(&t.to_ascii_lowercase().as_str()))
        {
            comments.push(format!("CASE item type: {other}"));
        }
        if !item.keywords.is_empty() {
            t.insert("tags".into(), Value::Array(std::mem::take(&mut item.keywords).into_iter().map(Value::String).collect()));
        }
        // framewright's 1.1 extensions carry `replaces` already.
        if !item.replaces.is_empty() && !t.contains_key("replaces") {
            t.insert("replaces".into(), Value::Array(std::mem::take(&mut item.replaces).into_iter().map(Value::String).collect()));
        }
        if let Some(c) = item.case_id.take() {
            t.insert("case_id".into(), Value::String(c.0));
        }
        Entry::new(t).with_comments(comments)
    }
}

/// An id made of `text` keeping its case (`L.1.4` → `L-1-4`), or `None`.
fn id_from(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in deunicode::deunicode(text).chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    out.truncate(60);
    (!out.is_empty() && Id::problem(&out).is_none()).then_some(out)
}

/// Compares codes naturally, so `1.10` comes after `1.9`: runs of digits
/// compare as numbers (`01` as `1`).
fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let run = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
                let (ra, rb) = (run(a), run(b));
                fn number(s: &[u8]) -> (usize, &[u8]) {
                    let s = &s[s.iter().take_while(|c| **c == b'0').count()..];
                    (s.len(), s)
                }
                let order = number(&a[..ra]).cmp(&number(&b[..rb]));
                if order != Ordering::Equal {
                    return order;
                }
                (a, b) = (&a[ra..], &b[rb..]);
            }
            (Some(x), Some(y)) if x != y => return x.cmp(y),
            _ => (a, b) = (&a[1..], &b[1..]),
        }
    }
}

/// A JSON value as TOML (`null`s dropped).
pub fn from_json(value: &Json) -> Option<Value> {
    Some(match value {
        Json::Null => return None,
        Json::Bool(b) => Value::Boolean(*b),
        Json::Number(n) => n.as_i64().map(Value::Integer).or_else(|| n.as_f64().map(Value::Float))?,
        Json::Str(s) => Value::String(s.to_string()),
        Json::Array(items) => Value::Array(items.iter().filter_map(from_json).collect()),
        Json::Object(map) => Value::Table(from_object(map)),
    })
}

/// A JSON object as a TOML table (`null`s dropped).
fn from_object(map: &Map) -> Table {
    map.iter().filter_map(|(k, v)| from_json(v).map(|v| (k.to_string(), v))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_sort_naturally_and_become_ids() {
        assert_eq!(natural_cmp("1.9", "1.10"), Ordering::Less);
        assert_eq!(natural_cmp("A.10", "A.9"), Ordering::Greater);
        assert_eq!(natural_cmp("B.2", "B.2"), Ordering::Equal);
        assert_eq!(natural_cmp("01", "1"), Ordering::Equal);
        assert_eq!(natural_cmp("L.9-10.2", "L.9-10.10"), Ordering::Less);
        assert_eq!(id_from("L.1.4").as_deref(), Some("L-1-4"));
        assert_eq!(id_from("..."), None);
    }
}
