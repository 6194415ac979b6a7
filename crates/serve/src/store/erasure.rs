//! Deleting what people typed while keeping the counts: a collection's
//! whole typed text once its retention period has passed, or one
//! person's submissions when they ask. A submission's row stays (its
//! reference and time, so a receipt can still be checked) with its body
//! and file name gone and `erased` set.

use super::{Db, Result, now};

/// A submission with its body (`None` once erased), for finding and
/// exporting one person's data.
#[derive(Clone, Debug)]
pub struct Stored {
    pub id: i64,
    pub reference: String,
    pub received: i64,
    pub kind: String,
    pub file_name: String,
    pub person: Option<i64>,
    pub erased: Option<i64>,
    pub body: Option<Vec<u8>>,
}

type StoredRow = (i64, String, i64, String, String, Option<i64>, Option<i64>, Option<Vec<u8>>);

const SECONDS_A_DAY: i64 = 86_400;

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
        let rows: Vec<StoredRow> = sqlx::query_as(
            "SELECT id, reference, received, kind, file_name, person, erased, body FROM submissions WHERE collection = $1 ORDER BY id",
        )
        .bind(collection)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, reference, received, kind, file_name, person, erased, body)| Stored {
                id,
                reference,
                received,
                kind,
                file_name,
                person,
                erased,
                body,
            })
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

    /// How many of a collection's submissions are erased: with the newest
    /// submission, what its results were made from.
    pub async fn erased_count(&self, collection: i64) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM submissions WHERE collection = $1 AND erased IS NOT NULL")
            .bind(collection)
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }
}
