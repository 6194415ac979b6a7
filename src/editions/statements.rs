//! Statements compared by stable id: a statement of the new edition is
//! added, or changed in wording, place, levels, bands or kind; one of the
//! old edition that the new lacks is replaced (a new statement's
//! `replaces` names it) or removed.

use std::collections::HashMap;

use super::words::{reworded, segments};
use crate::model::changes::{Change, ChangeKind, Item, union};
use crate::model::{Framework, Id, Kind, Sp, Statement};

/// A statement and where it is: its domain, and topic if any.
struct Placed<'a> {
    statement: &'a Statement,
    place: String,
}

fn placed(fw: &Framework) -> Vec<Placed<'_>> {
    let mut out = Vec::new();
    for domain in &fw.domains {
        out.extend(domain.statements.iter().map(|statement| Placed { statement, place: domain.id.value.0.clone() }));
        for topic in &domain.topics {
            let place = format!("{}/{}", domain.id.value, topic.id.value);
            out.extend(topic.statements.iter().map(|statement| Placed { statement, place: place.clone() }));
        }
    }
    out
}

fn ids(list: &[Sp<Id>]) -> impl Iterator<Item = &Id> {
    list.iter().map(|s| &s.value)
}

/// A list of ids as a person reads it, "1, 2".
fn listed(list: &[Sp<Id>]) -> String {
    ids(list).map(Id::as_str).collect::<Vec<_>>().join(", ")
}

fn same_set(a: &[Sp<Id>], b: &[Sp<Id>]) -> bool {
    let (mut a, mut b): (Vec<&Id>, Vec<&Id>) = (ids(a).collect(), ids(b).collect());
    a.sort();
    b.sort();
    a == b
}

fn kind_name(kind: Option<Kind>) -> String {
    kind.and_then(|k| Kind::ALL.iter().find(|(_, x)| *x == k)).map_or("none", |(name, _)| *name).to_string()
}

/// The statements' changes: those of `new`'s statements in its order,
/// then those gone from `old`, in its order.
pub(super) fn compare(old: &Framework, new: &Framework) -> Vec<Change> {
    let before = placed(old);
    let by_id: HashMap<&Id, &Placed> = before.iter().map(|p| (&p.statement.id.value, p)).collect();
    let after = placed(new);
    let mut out = Vec::new();
    for now in &after {
        let s = now.statement;
        let id = s.id.as_str();
        let Some(was) = by_id.get(&s.id.value) else {
            let mut added = Change::new(Item::Statement, id, ChangeKind::Added).values(None, Some(s.text.value.clone())).touching(
                true,
                union([], ids(&s.level)),
                union([], ids(&s.bands)),
            );
            added.replaces = ids(&s.replaces).cloned().collect();
            out.push(added);
            continue;
        };
        let w = was.statement;
        // Every change to one statement touches the packs of its levels
        // and bands in either edition.
        let (levels, bands) = (union(ids(&w.level), ids(&s.level)), union(ids(&w.bands), ids(&s.bands)));
        let change = |kind, before: String, after: String, affects| {
            Change::new(Item::Statement, id, kind).values(Some(before), Some(after)).touching(affects, levels.clone(), bands.clone())
        };
        if reworded(&w.text, &s.text) {
            let mut c = change(ChangeKind::Reworded, w.text.value.clone(), s.text.value.clone(), true);
            c.words = segments(&w.text, &s.text);
            out.push(c);
        }
        // Moved or re-kinded, a statement is still rated as it was: the
        // self-assessment's question is the same.
        if was.place != now.place {
            out.push(change(ChangeKind::Moved, was.place.clone(), now.place.clone(), false));
        }
        if !same_set(&w.level, &s.level) {
            out.push(change(ChangeKind::Relevelled, listed(&w.level), listed(&s.level), true));
        }
        if !same_set(&w.bands, &s.bands) {
            out.push(change(ChangeKind::Rebanded, listed(&w.bands), listed(&s.bands), true));
        }
        if w.kind != s.kind {
            out.push(change(ChangeKind::Rekinded, kind_name(w.kind), kind_name(s.kind), false));
        }
    }
    let now: HashMap<&Id, &Statement> = after.iter().map(|p| (&p.statement.id.value, p.statement)).collect();
    for was in before.iter().map(|p| p.statement).filter(|w| !now.contains_key(&w.id.value)) {
        let by: Vec<Id> = after
            .iter()
            .map(|p| p.statement)
            .filter(|s| ids(&s.replaces).any(|r| *r == was.id.value))
            .map(|s| s.id.value.clone())
            .collect();
        let kind = if by.is_empty() { ChangeKind::Removed } else { ChangeKind::Replaced };
        let mut gone = Change::new(Item::Statement, was.id.as_str(), kind).values(Some(was.text.value.clone()), None).touching(
            true,
            union(ids(&was.level), []),
            union(ids(&was.bands), []),
        );
        gone.replaced_by = by;
        out.push(gone);
    }
    out
}
