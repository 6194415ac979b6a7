//! Editions made visible. Returns of one framework can be on several
//! editions (v1.0 packs filled in after the source moved to v2.0); every
//! form is counted against the current edition by stable statement id
//! ([`super::submission`]). This says, per framework, how many of the
//! people counted are on each edition, and, for each older edition whose
//! source was given, what changed since by stable id and whom it touches:
//! the answers given to a wording that has changed, who still has to rate
//! the statements new in the current edition, and the answers to
//! statements since removed. What changed is [`crate::editions::compare`]'s,
//! the comparison `framewright diff` prints.
//!
//! An older edition is known by its source, given to `harvest --source`
//! beside the current one: a pack carries its edition's version, not its
//! words (see docs/harvest.md, "Editions").

use std::collections::BTreeMap;

use serde::Serialize;

use super::matching::{Source, Sources};
use super::submission::{Row, RowStatus, Submission, domain_of};
use crate::editions::{ChangeKind, Item, compare};
use crate::model::{Id, version_key};

/// The editions of one framework's returns, and what changed between them.
#[derive(Clone, Debug, Serialize)]
pub struct Editions {
    /// The version everything is counted against (the highest given).
    pub current: String,
    /// The people counted, by the edition of the form that counts for
    /// each: the current edition first (even with nobody), then older
    /// ones, newest first.
    pub returns: Vec<EditionReturns>,
    /// How many of them are on an older edition.
    pub older: usize,
    /// Statements worded differently now than in an older edition that
    /// people filled in, in the current edition's order.
    pub reworded: Vec<Reworded>,
    /// Statements of the current edition that an older edition people
    /// filled in did not have, in the current edition's order.
    pub added: Vec<Added>,
    /// Statements of an older edition people filled in that the current
    /// one no longer has, in that edition's order.
    pub removed: Vec<Removed>,
}

/// How many people counted filled in one edition.
#[derive(Clone, Debug, Serialize)]
pub struct EditionReturns {
    pub version: String,
    pub people: usize,
    /// Whether its source was given, so what changed since is known
    /// (always, for the current edition).
    pub source_given: bool,
}

/// A statement reworded since an older edition.
#[derive(Clone, Debug, Serialize)]
pub struct Reworded {
    pub statement: Id,
    pub domain: Option<Id>,
    /// The older edition, and the statement's wording in it and now.
    pub version: String,
    pub earlier: String,
    pub current: String,
    /// The answers given to the earlier wording: counted in the analysis,
    /// flagged `reworded` in responses.csv and harvest.json.
    pub answers: Vec<Answer>,
}

/// A statement new in the current edition, against one older edition.
#[derive(Clone, Debug, Serialize)]
pub struct Added {
    pub statement: Id,
    pub domain: Option<Id>,
    pub text: String,
    /// The older edition that did not have it.
    pub version: String,
    /// The people on that edition whose pack now holds it and whose form
    /// did not ask it: they still have to rate it.
    pub to_rate: Vec<Person>,
}

/// A statement of an older edition that the current one no longer has.
#[derive(Clone, Debug, Serialize)]
pub struct Removed {
    pub statement: Id,
    /// The older edition, and the statement's wording in it.
    pub version: String,
    pub text: String,
    /// The answers given to it (kept as `removed` rows, not counted).
    pub answers: Vec<Answer>,
}

/// One person counted, on an older edition.
#[derive(Clone, Debug, Serialize)]
pub struct Person {
    pub person: String,
    pub role: String,
    pub file: String,
}

/// One person's answer to a statement as an older edition worded it.
#[derive(Clone, Debug, Serialize)]
pub struct Answer {
    pub person: String,
    pub role: String,
    pub file: String,
    pub rating: Option<String>,
    pub met: Option<bool>,
}

fn person(s: &Submission) -> Person {
    Person { person: s.person.clone(), role: s.role.clone(), file: s.file.clone() }
}

/// The answer in `row`, if anything was written in it.
fn answer(s: &Submission, row: &Row) -> Option<Answer> {
    (row.rating.is_some() || row.evidence.is_some() || row.action.is_some()).then(|| Answer {
        person: s.person.clone(),
        role: s.role.clone(),
        file: s.file.clone(),
        rating: row.rating.clone(),
        met: row.met,
    })
}

/// The rows of `statement` with `status` on the forms of `on`.
fn rows<'a>(on: &'a [&'a Submission], statement: &'a Id, status: RowStatus) -> impl Iterator<Item = (&'a Submission, &'a Row)> {
    on.iter().flat_map(move |s| s.rows.iter().filter(move |r| r.statement == *statement && r.status == status).map(move |r| (*s, r)))
}

/// The editions of `people` (the forms counted of `current`'s framework).
pub fn editions(sources: &Sources, current: &Source, people: &[&Submission]) -> Editions {
    let fw = &current.fw;
    let version = &fw.framework.version;
    let mut by_version: BTreeMap<&str, Vec<&Submission>> = BTreeMap::from([(version.as_str(), Vec::new())]);
    for s in people {
        by_version.entry(s.identity.version.as_str()).or_default().push(s);
    }
    let mut versions: Vec<&str> = by_version.keys().copied().collect();
    versions.sort_by_key(|v| (*v != version.as_str(), std::cmp::Reverse(version_key(v))));
    let given = |v: &str| sources.editions(&fw.framework.id.value.0).into_iter().find(|s| s.fw.framework.version == v);
    let returns = versions
        .iter()
        .map(|v| EditionReturns { version: v.to_string(), people: by_version[v].len(), source_given: given(v).is_some() })
        .collect();

    let (mut reworded, mut added, mut removed) = (Vec::new(), Vec::new(), Vec::new());
    for older in versions.iter().skip(1).filter_map(|v| given(v)) {
        let on = &by_version[older.fw.framework.version.as_str()];
        let version = older.fw.framework.version.clone();
        for change in compare(&older.fw, fw).changes.into_iter().filter(|c| c.item == Item::Statement) {
            let id = Id(change.id);
            let (earlier, current) = (change.before.unwrap_or_default(), change.after.unwrap_or_default());
            match change.kind {
                ChangeKind::Reworded => reworded.push(Reworded {
                    domain: domain_of(fw, &id),
                    version: version.clone(),
                    earlier,
                    current,
                    answers: rows(on, &id, RowStatus::Current)
                        .filter(|(_, r)| r.reworded == Some(true))
                        .filter_map(|(s, r)| answer(s, r))
                        .collect(),
                    statement: id,
                }),
                ChangeKind::Added => added.push(Added {
                    domain: domain_of(fw, &id),
                    text: current,
                    version: version.clone(),
                    to_rate: rows(on, &id, RowStatus::NotInForm).map(|(s, _)| person(s)).collect(),
                    statement: id,
                }),
                // A statement replaced is gone all the same: its answers
                // are not counted against its successors.
                ChangeKind::Removed | ChangeKind::Replaced => removed.push(Removed {
                    version: version.clone(),
                    text: earlier,
                    answers: rows(on, &id, RowStatus::Removed).filter_map(|(s, r)| answer(s, r)).collect(),
                    statement: id,
                }),
                _ => {}
            }
        }
    }
    Editions { current: version.clone(), returns, older: people.len() - by_version[version.as_str()].len(), reworded, added, removed }
}
