//! Collections, the people of their staff lists, what was sent or
//! uploaded to them, and the summaries their settings sent on.

use serde::Serialize;
use sqlx::AnyPool;

use super::writer::{self, Job, NewSubmission, Receipt};
use super::{Db, Result, now};
use crate::library::PersonalPack;
use crate::secret;

#[derive(Clone, Debug, Serialize)]
pub struct Collection {
    pub id: i64,
    pub owner: i64,
    pub setting: String,
    pub title: String,
    pub framework: String,
    pub packs: Vec<String>,
    #[serde(skip)]
    pub link: String,
    pub opens: i64,
    pub closes: i64,
    pub retention_days: i64,
    pub expected: Option<i64>,
    pub created: i64,
    pub erased: Option<i64>,
}

/// What a lead asks for when opening a collection.
#[derive(Clone, Debug)]
pub struct NewCollection {
    pub title: String,
    pub framework: String,
    pub packs: Vec<String>,
    pub opens: i64,
    pub closes: i64,
    pub retention_days: i64,
    pub expected: Option<i64>,
    /// The staff list (CSV) and its people's packs, each given a link.
    pub staff: Option<(Vec<u8>, Vec<PersonalPack>)>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub job_title: Option<String>,
    pub pack: String,
    pub file: String,
    #[serde(skip)]
    pub link: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Submission {
    pub id: i64,
    pub reference: String,
    pub received: i64,
    pub kind: String,
    pub file_name: String,
    pub person: Option<i64>,
    pub erased: Option<i64>,
}

/// Where a share link leads: a collection, and the person whose
/// personalised link it is.
#[derive(Clone)]
pub struct Opened {
    pub collection: Collection,
    pub person: Option<Person>,
}

type CollectionRow = (i64, i64, String, String, String, String, String, i64, i64, i64, Option<i64>, i64, Option<i64>);
const COLLECTION: &str =
    "SELECT id, owner, setting, title, framework, packs, link, opens, closes, retention_days, expected, created, erased FROM collections";

type SubmissionRow = (i64, String, i64, String, String, Option<i64>, Option<i64>);
type PersonRow = (i64, String, Option<String>, Option<String>, String, String, String);
const PERSON: &str = "id, name, email, job_title, pack, file, link";

fn person((id, name, email, job_title, pack, file, link): PersonRow) -> Person {
    Person { id, name, email, job_title, pack, file, link }
}

fn collection(row: CollectionRow) -> Collection {
    let (id, owner, setting, title, framework, packs, link, opens, closes, retention_days, expected, created, erased) = row;
    let packs = serde_json::from_str(&packs).unwrap_or_default();
    Collection { id, owner, setting, title, framework, packs, link, opens, closes, retention_days, expected, created, erased }
}

impl Db {
    pub async fn create_collection(&self, owner: i64, setting: &str, new: &NewCollection) -> Result<Collection> {
        let mut tx = self.pool.begin().await?;
        let packs = serde_json::to_string(&new.packs).unwrap_or_else(|_| "[]".into());
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO collections (owner, setting, title, framework, packs, link, opens, closes, retention_days, staff, expected, created) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(owner)
        .bind(setting)
        .bind(&new.title)
        .bind(&new.framework)
        .bind(packs)
        .bind(secret::new())
        .bind(new.opens)
        .bind(new.closes)
        .bind(new.retention_days)
        .bind(new.staff.as_ref().map(|(csv, _)| csv.clone()))
        .bind(new.expected)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        for person in new.staff.iter().flat_map(|(_, people)| people) {
            sqlx::query("INSERT INTO people (collection, link, name, email, job_title, pack, file) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .bind(id)
                .bind(secret::new())
                .bind(&person.name)
                .bind(&person.email)
                .bind(&person.job_title)
                .bind(&person.pack)
                .bind(&person.file)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(self.collection(id).await?.expect("the collection just made"))
    }

    pub async fn collection(&self, id: i64) -> Result<Option<Collection>> {
        collection_in(&self.pool, id).await
    }

    /// The collections of one setting, newest first (every setting's for `None`).
    pub async fn collections(&self, setting: Option<&str>) -> Result<Vec<Collection>> {
        let rows: Vec<CollectionRow> = match setting {
            Some(s) => sqlx::query_as(&format!("{COLLECTION} WHERE setting = $1 ORDER BY id DESC")).bind(s).fetch_all(&self.pool).await?,
            None => sqlx::query_as(&format!("{COLLECTION} ORDER BY id DESC")).fetch_all(&self.pool).await?,
        };
        Ok(rows.into_iter().map(collection).collect())
    }

    /// The staff list a collection was opened with.
    pub async fn staff_list(&self, id: i64) -> Result<Option<Vec<u8>>> {
        let row: Option<(Option<Vec<u8>>,)> =
            sqlx::query_as("SELECT staff FROM collections WHERE id = $1").bind(id).fetch_optional(&self.pool).await?;
        Ok(row.and_then(|(s,)| s))
    }

    /// What a share link (a collection's, or a person's) opens.
    pub async fn open_link(&self, link: &str) -> Result<Option<Opened>> {
        open_link_in(&self.pool, link).await
    }

    /// The same, looked up by the task that stores sends ([`super::writer`]),
    /// in turn with them.
    pub async fn open_link_to_send(&self, link: &str) -> Result<Option<Opened>> {
        writer::ask(&self.writer, |reply| Job::Open(link.to_string(), reply)).await
    }

    pub async fn people(&self, collection: i64) -> Result<Vec<Person>> {
        let rows: Vec<PersonRow> = sqlx::query_as(&format!("SELECT {PERSON} FROM people WHERE collection = $1 ORDER BY id"))
            .bind(collection)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(person).collect())
    }

    /// Stores one thing sent or uploaded; its reference once committed
    /// (with others waiting, by [`super::writer`]).
    pub async fn add_submission(&self, collection: i64, person: Option<i64>, kind: &str, file_name: &str, body: &[u8]) -> Result<Receipt> {
        let new = NewSubmission { collection, person, kind: kind.into(), file_name: file_name.into(), body: body.to_vec() };
        writer::ask(&self.writer, |reply| Job::Store(new, reply)).await
    }

    /// Every submission of a collection, in the order they arrived.
    pub async fn submissions(&self, collection: i64) -> Result<Vec<Submission>> {
        let rows: Vec<SubmissionRow> = sqlx::query_as(
            "SELECT id, reference, received, kind, file_name, person, erased FROM submissions WHERE collection = $1 ORDER BY id",
        )
        .bind(collection)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, reference, received, kind, file_name, person, erased)| Submission {
                id,
                reference,
                received,
                kind,
                file_name,
                person,
                erased,
            })
            .collect())
    }

    /// The bodies of a collection's submissions not erased, in arrival
    /// order, with their ids.
    pub async fn submission_bodies(&self, collection: i64) -> Result<Vec<(i64, String, Vec<u8>)>> {
        sqlx::query_as("SELECT id, file_name, body FROM submissions WHERE collection = $1 AND erased IS NULL ORDER BY id")
            .bind(collection)
            .fetch_all(&self.pool)
            .await
    }

    /// What a collection's results are made from: its newest submission's
    /// id, how many it has, and how many of them are erased (a send, an
    /// upload or an erasure changes it).
    pub async fn submissions_state(&self, collection: i64) -> Result<(i64, i64, i64)> {
        sqlx::query_as("SELECT COALESCE(MAX(id), 0), COUNT(*), COUNT(erased) FROM submissions WHERE collection = $1")
            .bind(collection)
            .fetch_one(&self.pool)
            .await
    }

    pub async fn add_summary(&self, collection: i64, setting: &str, body: &str) -> Result<()> {
        sqlx::query("INSERT INTO summaries (collection, setting, sent, body) VALUES ($1, $2, $3, $4)")
            .bind(collection)
            .bind(setting)
            .bind(now())
            .bind(body)
            .execute(&self.pool)
            .await
            .map(drop)
    }

    /// The newest summary of each collection: what the council merges.
    pub async fn latest_summaries(&self) -> Result<Vec<(String, i64, String)>> {
        sqlx::query_as(
            "SELECT s.setting, s.sent, s.body FROM summaries s \
             WHERE s.id = (SELECT MAX(t.id) FROM summaries t WHERE t.collection = s.collection) ORDER BY s.setting, s.collection",
        )
        .fetch_all(&self.pool)
        .await
    }
}

pub(super) async fn open_link_in(pool: &AnyPool, link: &str) -> Result<Option<Opened>> {
    let row: Option<CollectionRow> = sqlx::query_as(&format!("{COLLECTION} WHERE link = $1")).bind(link).fetch_optional(pool).await?;
    if let Some(row) = row {
        return Ok(Some(Opened { collection: collection(row), person: None }));
    }
    let found: Option<(i64,)> = sqlx::query_as("SELECT collection FROM people WHERE link = $1").bind(link).fetch_optional(pool).await?;
    let Some((collection_id,)) = found else { return Ok(None) };
    let row: PersonRow = sqlx::query_as(&format!("SELECT {PERSON} FROM people WHERE link = $1")).bind(link).fetch_one(pool).await?;
    let collection = collection_in(pool, collection_id).await?;
    Ok(collection.map(|collection| Opened { collection, person: Some(person(row)) }))
}

async fn collection_in(pool: &AnyPool, id: i64) -> Result<Option<Collection>> {
    let row: Option<CollectionRow> = sqlx::query_as(&format!("{COLLECTION} WHERE id = $1")).bind(id).fetch_optional(pool).await?;
    Ok(row.map(collection))
}
