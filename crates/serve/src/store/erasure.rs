//! Deleting what people typed while keeping the counts: a collection's
//! whole typed text once its retention period has passed, or one
//! person's submissions when they ask. A submission's row stays (its
//! reference and time, so a receipt can still be checked) with its body
//! and file name gone and `erased` set.

use std::collections::BTreeMap;

use super::collections::Submission;
use super::{Db, Result, SECONDS_A_DAY, now};

/// A submission with its body (`None` once erased), for finding and
/// exporting one person's data.
#[derive(Clone, Debug)]
pub struct Stored {
    pub submission: Submission,
    pub body: Option<Vec<u8>>,
}

impl Db {
    /// The collections whose retention period has passed by `at` and whose
    /// typed text is still kept.
    pub async fn due_for_erasure(&self, at: i64) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> =
            sqlx::query_as("SELECT id FROM collections WHERE erased IS NULL AND closes + retention_days * $1 < $2 ORDER BY id")
                .bind(SECONDS_A_DAY)
                .bind(at)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// Deletes a collection's typed text, its staff list and its people,
    /// keeping `summary` (its `summary.json`) for the lead to send, in one
    /// transaction: either all is gone and the counts kept, or nothing
    /// changed. The number of bodies deleted.
    pub async fn erase_collection(&self, collection: i64, summary: &str) -> Result<u64> {
        let at = now();
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO kept_counts (collection, kept, body) VALUES ($1, $2, $3)")
            .bind(collection)
            .bind(at)
            .bind(summary)
            .execute(&mut *tx)
            .await?;
        let erased =
            sqlx::query("UPDATE submissions SET body = NULL, file_name = '', erased = $1 WHERE collection = $2 AND erased IS NULL")
                .bind(at)
                .bind(collection)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        // Every row lets go of its person, who is deleted next.
        sqlx::query("UPDATE submissions SET person = NULL WHERE collection = $1").bind(collection).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM people WHERE collection = $1").bind(collection).execute(&mut *tx).await?;
        sqlx::query("UPDATE collections SET staff = NULL, erased = $1 WHERE id = $2").bind(at).bind(collection).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(erased)
    }

    /// The counts kept when the collection's typed text was deleted.
    pub async fn kept_counts(&self, collection: i64) -> Result<Option<String>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT body FROM kept_counts WHERE collection = $1").bind(collection).fetch_optional(&self.pool).await?;
        Ok(row.map(|(body,)| body))
    }

    /// Every submission of a collection with its body, in arrival order.
    pub async fn stored(&self, collection: i64) -> Result<Vec<Stored>> {
        let bodies: Vec<(i64, Option<Vec<u8>>)> =
            sqlx::query_as("SELECT id, body FROM submissions WHERE collection = $1").bind(collection).fetch_all(&self.pool).await?;
        let mut bodies: BTreeMap<i64, Option<Vec<u8>>> = bodies.into_iter().collect();
        Ok(self
            .submissions(collection)
            .await?
            .into_iter()
            .map(|submission| Stored { body: bodies.remove(&submission.id).flatten(), submission })
            .collect())
    }

    /// Deletes the bodies of submissions `ids` of `collection` (one
    /// person's, at their request), in one transaction.
    pub async fn erase_submissions(&self, collection: i64, ids: &[i64]) -> Result<()> {
        let at = now();
        let mut tx = self.pool.begin().await?;
        for id in ids {
            sqlx::query(
                "UPDATE submissions SET body = NULL, file_name = '', erased = $1 WHERE collection = $2 AND id = $3 AND erased IS NULL",
            )
            .bind(at)
            .bind(collection)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::PersonalPack;
    use crate::store::accounts::Role;
    use crate::store::collections::NewCollection;

    /// A SQLite database in a fresh folder, with a lead's collection that
    /// closed `closed_days_ago` days ago, kept `retention_days`, with a
    /// staff list of one person who sent once.
    async fn collection(closed_days_ago: i64, retention_days: i64) -> (tempfile::TempDir, Db, i64) {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let db = Db::open(None, folder.path()).await.expect("the database opens");
        let lead = db.add_user("lead@oak.example", Role::Lead, Some("Oak")).await.expect("added").expect("new");
        let closes = now() - closed_days_ago * SECONDS_A_DAY;
        let person = PersonalPack {
            name: "Ann Lee".into(),
            email: Some("ann@oak.example".into()),
            job_title: None,
            pack: "p-ann-lee".into(),
            file: "f-p-ann-lee.html".into(),
        };
        let new = NewCollection {
            title: "Autumn".into(),
            framework: "f".into(),
            packs: vec!["p".into()],
            opens: closes - 30 * SECONDS_A_DAY,
            closes,
            retention_days,
            expected: None,
            staff: Some((b"name\nAnn Lee\n".to_vec(), vec![person])),
        };
        let made = db.create_collection(lead.id, "Oak", &new).await.expect("created");
        let ann = db.people(made.id).await.expect("people")[0].id;
        db.add_submission(made.id, Some(ann), "send", "answers.json", b"{\"answers\": {}}").await.expect("stored");
        (folder, db, made.id)
    }

    #[tokio::test]
    async fn a_collection_is_due_only_once_its_retention_period_has_passed() {
        let (_folder, db, id) = collection(3, 2).await;
        assert_eq!(db.due_for_erasure(now()).await.expect("asked"), [id]);
        let (_folder, db, _) = collection(1, 2).await;
        assert!(db.due_for_erasure(now()).await.expect("asked").is_empty());
    }

    #[tokio::test]
    async fn erasing_a_collection_deletes_what_was_typed_and_keeps_the_counts() {
        let (_folder, db, id) = collection(3, 2).await;
        assert_eq!(db.erase_collection(id, "{\"people\": 1}").await.expect("erased"), 1);
        let stored = db.stored(id).await.expect("read");
        assert!(stored.iter().all(|s| s.body.is_none()
            && s.submission.erased.is_some()
            && s.submission.person.is_none()
            && s.submission.file_name.is_empty()));
        assert_eq!(stored[0].submission.reference.len(), "FW-".len() + 16, "the receipt's reference stays");
        assert!(db.people(id).await.expect("people").is_empty());
        assert!(db.staff_list(id).await.expect("staff").is_none());
        assert_eq!(db.kept_counts(id).await.expect("kept").as_deref(), Some("{\"people\": 1}"));
        assert!(db.collection(id).await.expect("read").is_some_and(|c| c.erased.is_some()));
        assert!(db.due_for_erasure(now()).await.expect("asked").is_empty(), "swept once");
    }

    #[tokio::test]
    async fn erasing_submissions_leaves_the_others() {
        let (_folder, db, id) = collection(0, 30).await;
        let (kept, _) = db.add_submission(id, None, "upload", "bo.json", b"{}").await.expect("stored");
        let first = db.stored(id).await.expect("read")[0].submission.id;
        db.erase_submissions(id, &[first]).await.expect("erased");
        let stored = db.stored(id).await.expect("read");
        assert!(stored[0].body.is_none() && stored[0].submission.erased.is_some());
        assert!(stored[1].body.is_some() && stored[1].submission.erased.is_none() && stored[1].submission.reference == kept);
        assert_eq!(db.submissions_state(id).await.expect("counted"), (stored[1].submission.id, 2, 1));
    }
}
