//! One person's data, at their request: found by the reference on their
//! receipt or by the name they signed with, exported (every version they
//! sent, with its reference and time) or erased (bodies deleted, the
//! results made again without them). A person is every submission that
//! shares a signed name or a staff-list person with what was asked for,
//! so a reference finds the earlier and later sends of the same person.

use std::collections::BTreeMap;
use std::sync::Arc;

use base64::Engine;
use serde::Deserialize;
use serde_json::json;

use crate::App;
use crate::results;
use crate::store::audit::Actor;
use crate::store::collections::Collection;
use crate::store::erasure::Stored;
use crate::web::failure::Failure;

/// The answers file's key of the name a person signs with: the sign-off
/// field `name` of every source (the library's `SignoffMeaning::Name`),
/// as the HTML edition's "Download my answers" writes it.
pub const SIGNED_NAME: &str = "signoff.name";

/// What a lead asks by: exactly one of the two.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Asked {
    #[serde(default)]
    pub reference: String,
    #[serde(default)]
    pub name: String,
}

/// What a person is found by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Query {
    Reference(String),
    Name(String),
}

impl Query {
    pub fn of(asked: &Asked) -> Result<Query, Failure> {
        match (asked.reference.trim(), asked.name.trim()) {
            (r, "") if !r.is_empty() => Ok(Query::Reference(r.to_string())),
            ("", n) if !n.is_empty() => Ok(Query::Name(n.to_string())),
            _ => Err(Failure::Bad("give either the reference on the person's receipt or the name they signed with".into())),
        }
    }

    /// For the audit log: how, never the name itself (the log outlives
    /// an erasure).
    fn how(&self) -> &'static str {
        match self {
            Query::Reference(_) => "found by reference",
            Query::Name(_) => "found by signed name",
        }
    }
}

/// The name signed in an answers file, if it is one and has one.
pub fn signed_name(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let name = value.get("answers")?.get(SIGNED_NAME)?.as_str()?;
    Some(name.to_string()).filter(|n| !n.trim().is_empty())
}

/// Names compared as people write them: case and spacing aside.
fn same_name(a: &str, b: &str) -> bool {
    let plain = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    plain(a) == plain(b)
}

/// The name of each submission: as signed in an answers file, else as the
/// harvest read it from a returned PDF or Word file (`harvested`, by id).
fn names(stored: &[Stored], harvested: &BTreeMap<i64, String>) -> BTreeMap<i64, String> {
    stored
        .iter()
        .filter_map(|s| {
            s.body.as_deref().and_then(signed_name).or_else(|| harvested.get(&s.submission.id).cloned()).map(|n| (s.submission.id, n))
        })
        .collect()
}

/// The submissions of one person that `query` finds, in arrival order.
pub fn find<'a>(stored: &'a [Stored], harvested: &BTreeMap<i64, String>, query: &Query) -> Vec<&'a Stored> {
    let names = names(stored, harvested);
    let name_of = |s: &Stored| names.get(&s.submission.id).map(String::as_str);
    let asked: Vec<&Stored> = match query {
        Query::Reference(r) => stored.iter().filter(|s| s.submission.reference == *r).collect(),
        Query::Name(n) => stored.iter().filter(|s| name_of(s).is_some_and(|m| same_name(m, n))).collect(),
    };
    let people: Vec<i64> = asked.iter().filter_map(|s| s.submission.person).collect();
    let signed: Vec<&str> = asked.iter().filter_map(|s| name_of(s)).collect();
    stored
        .iter()
        .filter(|s| {
            asked.iter().any(|a| a.submission.id == s.submission.id)
                || s.submission.person.is_some_and(|p| people.contains(&p))
                || name_of(s).is_some_and(|m| signed.iter().any(|n| same_name(m, n)))
        })
        .collect()
}

/// The names the harvest read from the collection's returned files, by
/// submission id (from its `harvest.json`: each file's `person`).
async fn harvested_names(app: &Arc<App>, collection: &Collection, stored: &[Stored]) -> Result<BTreeMap<i64, String>, Failure> {
    let returned = stored.iter().any(|s| s.body.as_deref().is_some_and(|b| serde_json::from_slice::<serde_json::Value>(b).is_err()));
    if !returned {
        return Ok(BTreeMap::new());
    }
    let folder = results::results(app, collection).await?;
    let log: serde_json::Value =
        std::fs::read(folder.join("harvest.json")).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
    let files = log.get("files").and_then(|f| f.as_array()).cloned().unwrap_or_default();
    Ok(files
        .iter()
        .filter_map(|f| {
            let file = f.get("file")?.as_str()?;
            let person = f.get("person")?.as_str()?;
            let id = std::path::Path::new(file).file_stem()?.to_str()?.parse().ok()?;
            Some((id, person.to_string()))
        })
        .collect())
}

/// The person's submissions in `collection`; nothing found is a 404.
async fn found(app: &Arc<App>, collection: &Collection, query: &Query) -> Result<Vec<Stored>, Failure> {
    let stored = app.db.stored(collection.id).await?;
    let harvested = if collection.erased.is_some() { BTreeMap::new() } else { harvested_names(app, collection, &stored).await? };
    let theirs: Vec<Stored> = find(&stored, &harvested, query).into_iter().cloned().collect();
    if theirs.is_empty() { Err(Failure::NotFound) } else { Ok(theirs) }
}

fn rfc3339(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

/// Every version the person sent, as a JSON document for them; audited
/// as `actor`'s.
pub async fn export(app: &Arc<App>, actor: &Actor, collection: &Collection, query: &Query) -> Result<serde_json::Value, Failure> {
    let theirs = found(app, collection, query).await?;
    let versions: Vec<serde_json::Value> = theirs
        .iter()
        .map(|Stored { submission: s, body }| {
            let answers = body.as_deref().and_then(|b| serde_json::from_slice::<serde_json::Value>(b).ok());
            let file = match (&answers, body) {
                (None, Some(body)) => Some(base64::engine::general_purpose::STANDARD.encode(body)),
                _ => None,
            };
            json!({ "reference": s.reference, "received": rfc3339(s.received), "kind": s.kind, "file_name": s.file_name,
                "erased": s.erased.map(rfc3339), "answers_file": answers, "file_base64": file })
        })
        .collect();
    app.db
        .audit(actor, "export a person's data", &format!("collection {}: {} ({})", collection.id, references(&theirs), query.how()))
        .await?;
    Ok(json!({ "collection": { "id": collection.id, "title": collection.title, "setting": collection.setting },
        "submissions": versions }))
}

/// Erases the person's submissions; the references erased now.
pub async fn erase(app: &Arc<App>, actor: &Actor, collection: &Collection, query: &Query) -> Result<Vec<String>, Failure> {
    let theirs = found(app, collection, query).await?;
    let kept: Vec<&Stored> = theirs.iter().filter(|s| s.submission.erased.is_none()).collect();
    app.db.erase_submissions(collection.id, &kept.iter().map(|s| s.submission.id).collect::<Vec<_>>()).await?;
    results::forget(app, collection.id).await?;
    let erased: Vec<String> = kept.iter().map(|s| s.submission.reference.clone()).collect();
    app.db.audit(actor, "erase a person's data", &format!("collection {}: {} ({})", collection.id, erased.join(", "), query.how())).await?;
    Ok(erased)
}

fn references(stored: &[Stored]) -> String {
    stored.iter().map(|s| s.submission.reference.as_str()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::collections::Submission;

    fn sent(id: i64, person: Option<i64>, name: &str) -> Stored {
        let body = json!({ "framewright": {}, "answers": { SIGNED_NAME: name, "l1-01.rating": "3" } });
        let submission = Submission {
            id,
            reference: format!("FW-{id}"),
            received: id,
            kind: "send".into(),
            file_name: "answers.json".into(),
            person,
            erased: None,
        };
        Stored { submission, body: Some(serde_json::to_vec(&body).unwrap_or_default()) }
    }

    fn ids(found: &[&Stored]) -> Vec<i64> {
        found.iter().map(|s| s.submission.id).collect()
    }

    #[test]
    fn a_name_finds_every_version_whatever_its_case_and_spacing() {
        let stored = [sent(1, None, "Ann Lee"), sent(2, None, "Bo Smith"), sent(3, None, "  ann   LEE ")];
        assert_eq!(ids(&find(&stored, &BTreeMap::new(), &Query::Name("Ann Lee".into()))), [1, 3]);
        assert!(find(&stored, &BTreeMap::new(), &Query::Name("Ann".into())).is_empty());
    }

    #[test]
    fn a_reference_finds_the_persons_other_sends_by_name_and_by_staff_list() {
        let stored = [sent(1, Some(7), "Ann Lee"), sent(2, None, "Bo Smith"), sent(3, None, "Ann Lee"), sent(4, Some(7), "A. Lee")];
        assert_eq!(ids(&find(&stored, &BTreeMap::new(), &Query::Reference("FW-3".into()))), [1, 3]);
        assert_eq!(ids(&find(&stored, &BTreeMap::new(), &Query::Reference("FW-1".into()))), [1, 3, 4]);
        assert!(find(&stored, &BTreeMap::new(), &Query::Reference("FW-9".into())).is_empty());
    }

    #[test]
    fn a_returned_file_is_found_by_the_name_the_harvest_read() {
        let mut upload = sent(5, None, "");
        upload.body = Some(b"%PDF-1.7".to_vec());
        let stored = [sent(1, None, "Ann Lee"), upload];
        let harvested = BTreeMap::from([(5, "ANN LEE".to_string())]);
        assert_eq!(ids(&find(&stored, &harvested, &Query::Name("ann lee".into()))), [1, 5]);
    }

    #[test]
    fn one_of_reference_or_name_is_asked() {
        let asked = |reference: &str, name: &str| Query::of(&Asked { reference: reference.into(), name: name.into() });
        assert_eq!(asked(" FW-1 ", "").ok(), Some(Query::Reference("FW-1".into())));
        assert_eq!(asked("", "Ann").ok(), Some(Query::Name("Ann".into())));
        assert!(asked("FW-1", "Ann").is_err());
        assert!(asked("", " ").is_err());
    }
}
