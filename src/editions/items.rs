//! Everything but statements, compared item by item and field by field:
//! levels, roles, bands and training options by id, points of the rating
//! scale by value, refresher rules by whom they are for (they have no id).
//! A field is compared as the JSON `framewright dump` writes, so what
//! counts as a change is what the source says, not how it is spelled.

use serde::Serialize;
use serde_json::Value;

use crate::model::changes::{Change, ChangeKind, Item, union};
use crate::model::{Framework, Id, Refresher, Sp};

/// One item present in an edition: its key, and the fields to compare.
struct Entry<'a> {
    key: String,
    /// `(source key, value)`, each compared with the other edition's.
    fields: Vec<(&'static str, Value)>,
    /// The levels and bands of this edition's item that a change touches.
    levels: Vec<&'a Id>,
    bands: Vec<&'a Id>,
}

fn json(value: &impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A field's value as a person reads it: a list joined with ", ", a
/// cross-walk as "scheme: value; …", narrative as its words.
fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(", "),
        // A block of narrative: its words without its kind and styles.
        Value::Object(map) if map.contains_key("kind") || map.contains_key("style") => map
            .iter()
            .filter(|(k, _)| !["kind", "style", "ordered"].contains(&k.as_str()))
            .map(|(_, v)| text(v))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
        Value::Object(map) => map.iter().map(|(k, v)| format!("{k}: {}", text(v))).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

fn ids(list: &[Sp<Id>]) -> Vec<&Id> {
    list.iter().map(|s| &s.value).collect()
}

/// The levels of `roles` (ids of `fw`'s roles), for what a rule or option
/// that names roles touches.
fn levels_of<'a>(fw: &'a Framework, roles: &[Sp<Id>]) -> Vec<&'a Id> {
    roles.iter().filter_map(|r| fw.role(&r.value)).map(|r| &r.level.value).collect()
}

/// Compares the entries of one kind of item, pushing a change for each
/// item added or removed and each field changed. `affects` says which
/// changes alter the self-assessment: given `None` for an item added or
/// removed, else the field's key.
fn compare_entries(item: Item, old: Vec<Entry>, new: Vec<Entry>, affects: impl Fn(Option<&str>) -> bool, out: &mut Vec<Change>) {
    for n in &new {
        let Some(o) = old.iter().find(|o| o.key == n.key) else {
            let after = n.fields.first().map(|(_, v)| text(v));
            out.push(Change::new(item, &n.key, ChangeKind::Added).values(None, after).touching(
                affects(None),
                union([], n.levels.iter().copied()),
                union([], n.bands.iter().copied()),
            ));
            continue;
        };
        let levels = union(o.levels.iter().copied(), n.levels.iter().copied());
        let bands = union(o.bands.iter().copied(), n.bands.iter().copied());
        for ((field, was), (_, now)) in o.fields.iter().zip(&n.fields).filter(|((_, a), (_, b))| a != b) {
            // A role's level is its own kind of change, as a statement's is.
            let kind = if item == Item::Role && *field == "level" { ChangeKind::Relevelled } else { ChangeKind::Changed };
            let mut c = Change::new(item, &n.key, kind).values(Some(text(was)), Some(text(now))).touching(
                affects(Some(*field)),
                levels.clone(),
                bands.clone(),
            );
            if kind == ChangeKind::Changed {
                c.field = Some(field.to_string());
            }
            out.push(c);
        }
    }
    for o in old.iter().filter(|o| !new.iter().any(|n| n.key == o.key)) {
        let before = o.fields.first().map(|(_, v)| text(v));
        out.push(Change::new(item, &o.key, ChangeKind::Removed).values(before, None).touching(
            affects(None),
            union(o.levels.iter().copied(), []),
            union(o.bands.iter().copied(), []),
        ));
    }
}

fn scale(fw: &Framework) -> Vec<Entry<'_>> {
    // The scale is on every pack's self-assessment: it touches every level.
    let all: Vec<&Id> = fw.levels.iter().map(|l| &l.id.value).collect();
    let fields =
        |p: &crate::model::ScalePoint| vec![("label", json(&p.label)), ("description", json(&p.description)), ("met", json(&p.met))];
    fw.assessment.scale.iter().map(|p| Entry { key: p.value.to_string(), fields: fields(p), levels: all.clone(), bands: vec![] }).collect()
}

fn levels(fw: &Framework) -> Vec<Entry<'_>> {
    fw.levels
        .iter()
        .map(|l| Entry {
            key: l.id.value.0.clone(),
            fields: vec![
                ("name", json(&l.name)),
                ("audience", json(&l.audience)),
                ("description", json(&l.description)),
                ("cumulative", json(&l.cumulative)),
                ("assess_assumed", json(&l.assess_assumed)),
                ("crosswalk", json(&l.crosswalk)),
            ],
            levels: vec![&l.id.value],
            bands: vec![],
        })
        .collect()
}

fn roles(fw: &Framework) -> Vec<Entry<'_>> {
    fw.roles
        .iter()
        .map(|r| Entry {
            key: r.id.value.0.clone(),
            fields: vec![
                ("name", json(&r.name)),
                ("level", json(&r.level)),
                ("description", json(&r.description)),
                ("examples", json(&r.examples)),
                ("crosswalk", json(&r.crosswalk)),
            ],
            levels: vec![&r.level.value],
            bands: vec![],
        })
        .collect()
}

fn bands(fw: &Framework) -> Vec<Entry<'_>> {
    fw.bands
        .iter()
        .map(|b| Entry {
            key: b.id.value.0.clone(),
            fields: vec![("name", json(&b.name)), ("description", json(&b.description))],
            levels: vec![],
            bands: vec![&b.id.value],
        })
        .collect()
}

fn training(fw: &Framework) -> Vec<Entry<'_>> {
    fw.training
        .iter()
        .map(|t| Entry {
            key: t.id.value.0.clone(),
            fields: vec![
                ("title", json(&t.title)),
                ("provider", json(&t.provider)),
                ("format", json(&t.format)),
                ("duration", json(&t.duration)),
                ("cost", json(&t.cost)),
                ("link", json(&t.link)),
                ("description", json(&t.description)),
                ("levels", json(&t.levels)),
                ("roles", json(&t.roles)),
                ("bands", json(&t.bands)),
                ("statements", json(&t.statements)),
                ("refresh_every", json(&t.refresh_every.as_ref().map(ToString::to_string))),
            ],
            levels: ids(&t.levels).into_iter().chain(levels_of(fw, &t.roles)).collect(),
            bands: ids(&t.bands),
        })
        .collect()
}

/// Whom a rule is for, as its key: its levels and roles, sorted.
fn whom(r: &Refresher) -> String {
    let mut ids: Vec<&str> = r.levels.iter().map(|l| l.as_str()).collect();
    ids.sort();
    let mut roles: Vec<&str> = r.roles.iter().map(|l| l.as_str()).collect();
    roles.sort();
    format!("{}|{}", ids.join(","), roles.join(","))
}

fn refresher_entries(fw: &Framework) -> Vec<Entry<'_>> {
    fw.refreshers
        .iter()
        .map(|r| Entry {
            key: whom(r),
            fields: vec![("applies_to", json(&r.applies_to)), ("every", json(&r.every.to_string())), ("note", json(&r.note))],
            levels: ids(&r.levels).into_iter().chain(levels_of(fw, &r.roles)).collect(),
            bands: vec![],
        })
        .collect()
}

/// Refresher rules, compared by whom they are for and shown by their
/// `applies_to` (the new edition's, else the old one's).
fn refreshers(old: &Framework, new: &Framework, out: &mut Vec<Change>) {
    let start = out.len();
    compare_entries(Item::Refresher, refresher_entries(old), refresher_entries(new), |_| false, out);
    for c in &mut out[start..] {
        if let Some(r) = new.refreshers.iter().chain(&old.refreshers).find(|r| whom(r) == c.id) {
            c.id = r.applies_to.clone();
        }
    }
}

/// The changes to everything but statements, appended to `out`.
pub(super) fn compare(old: &Framework, new: &Framework, out: &mut Vec<Change>) {
    // Every change to the scale changes how people rate.
    compare_entries(Item::Scale, scale(old), scale(new), |_| true, out);
    // A level added or removed is a self-assessment more or less; so is
    // one that now assumes (and maybe rates) the earlier levels.
    compare_entries(Item::Level, levels(old), levels(new), |f| matches!(f, None | Some("cumulative" | "assess_assumed")), out);
    // A role rates its level's statements: another level is another assessment.
    compare_entries(Item::Role, roles(old), roles(new), |f| f == Some("level"), out);
    // Statements are cut by band: a band added or removed changes which
    // statements a pack holds.
    compare_entries(Item::Band, bands(old), bands(new), |f| f.is_none(), out);
    compare_entries(Item::Training, training(old), training(new), |_| false, out);
    refreshers(old, new, out);
}
