//! Registrations on a framework's download page: who downloaded it, as
//! the source's `[packs.registration]` asks, with when they consented.
//! The person's download links carry a secret stored as its SHA-256.

use serde::Serialize;

use super::{Db, Result, now};
use crate::secret;

/// The details a download page may ask, in the order of a
/// [`Registrant`]'s `details` and of the table's columns.
pub const FIELDS: [&str; 6] = ["name", "email", "organisation", "role", "job_title", "setting_type"];

/// The details given, by [`FIELDS`]; `None` where the source did not ask.
pub type Details = [Option<String>; FIELDS.len()];

#[derive(Clone, Debug, Serialize)]
pub struct Registrant {
    pub framework: String,
    pub consented: i64,
    pub details: Details,
}

/// A registrant to tell of a new edition.
#[derive(Clone, Debug)]
pub struct Due {
    pub id: i64,
    pub email: String,
    pub name: Option<String>,
    /// A role id of the framework, when the page asked it.
    pub role: Option<String>,
    /// The edition they have (unknown for those registered before
    /// editions were recorded).
    pub version: Option<String>,
}

/// What the council's counts of registrations are grouped by.
#[derive(Clone, Copy, Debug)]
pub enum Grouping {
    Role,
    Organisation,
}

type DueRow = (i64, String, Option<String>, Option<String>, Option<String>);
type Row = (String, i64, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>);

impl Db {
    /// Stores a registration for the edition `version` of `framework`;
    /// returns the secret of its download links.
    pub async fn add_registration(&self, framework: &str, version: &str, details: &Details) -> Result<String> {
        let token = secret::new();
        let [name, email, organisation, role, job_title, setting_type] = details;
        sqlx::query(
            "INSERT INTO registrations (framework, token, name, email, organisation, role, job_title, setting_type, consented, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(framework)
        .bind(secret::stored(&token))
        .bind(name.as_deref())
        .bind(email.as_deref())
        .bind(organisation.as_deref())
        .bind(role.as_deref())
        .bind(job_title.as_deref())
        .bind(setting_type.as_deref())
        .bind(now())
        .bind(version)
        .execute(&self.pool)
        .await?;
        Ok(token)
    }

    /// The registration for `framework` whose links carry `token`: the
    /// one it was given on registering, or one a notice carried.
    pub async fn registration(&self, framework: &str, token: &str) -> Result<Option<i64>> {
        let found: Option<(i64,)> = sqlx::query_as(
            "SELECT r.id FROM registrations r WHERE r.framework = $2 AND (r.token = $1 \
             OR EXISTS (SELECT 1 FROM registration_links l WHERE l.registration = r.id AND l.token = $1))",
        )
        .bind(secret::stored(token))
        .bind(framework)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.map(|(id,)| id))
    }

    /// Whether `token` is a registration's for `framework`.
    pub async fn registered(&self, framework: &str, token: &str) -> Result<bool> {
        Ok(self.registration(framework, token).await?.is_some())
    }

    /// The registrants of `framework` to tell of its edition `version`:
    /// those with an email address who have not unsubscribed and were
    /// neither registered on it nor told of it.
    pub async fn notices_due(&self, framework: &str, version: &str) -> Result<Vec<Due>> {
        let rows: Vec<DueRow> = sqlx::query_as(
            "SELECT id, email, name, role, version FROM registrations WHERE framework = $1 AND email IS NOT NULL \
             AND unsubscribed IS NULL AND (version IS NULL OR version <> $2) ORDER BY id",
        )
        .bind(framework)
        .bind(version)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(id, email, name, role, version)| Due { id, email, name, role, version }).collect())
    }

    /// A new secret for the links of a notice to registration `id`.
    pub async fn add_registration_link(&self, id: i64) -> Result<String> {
        let token = secret::new();
        sqlx::query("INSERT INTO registration_links (token, registration, created) VALUES ($1, $2, $3)")
            .bind(secret::stored(&token))
            .bind(id)
            .bind(now())
            .execute(&self.pool)
            .await?;
        Ok(token)
    }

    /// Records that registration `id` was told of `version`.
    pub async fn notified(&self, id: i64, version: &str) -> Result<()> {
        sqlx::query("UPDATE registrations SET version = $1 WHERE id = $2").bind(version).bind(id).execute(&self.pool).await.map(drop)
    }

    /// No more notices for registration `id` (asking twice keeps the first time).
    pub async fn unsubscribe(&self, id: i64) -> Result<()> {
        sqlx::query("UPDATE registrations SET unsubscribed = $1 WHERE id = $2 AND unsubscribed IS NULL")
            .bind(now())
            .bind(id)
            .execute(&self.pool)
            .await
            .map(drop)
    }

    /// Every registration, oldest first.
    pub async fn registrants(&self) -> Result<Vec<Registrant>> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT framework, consented, name, email, organisation, role, job_title, setting_type FROM registrations ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(framework, consented, name, email, organisation, role, job_title, setting_type)| Registrant {
                framework,
                consented,
                details: [name, email, organisation, role, job_title, setting_type],
            })
            .collect())
    }

    /// Deletes every registration given with `email` (as typed, case
    /// aside), at the person's request; returns how many there were.
    pub async fn erase_registrations(&self, email: &str) -> Result<u64> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM registration_links WHERE registration IN (SELECT id FROM registrations WHERE LOWER(email) = LOWER($1))")
            .bind(email.trim())
            .execute(&mut *tx)
            .await?;
        let done = sqlx::query("DELETE FROM registrations WHERE LOWER(email) = LOWER($1)").bind(email.trim()).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    /// How many registered for `framework`, by role or organisation (an
    /// empty text where the field was not asked), most first.
    pub async fn registration_counts(&self, framework: &str, by: Grouping) -> Result<Vec<(String, i64)>> {
        let sql = match by {
            Grouping::Role => {
                "SELECT COALESCE(role, ''), COUNT(*) FROM registrations WHERE framework = $1 \
                 GROUP BY COALESCE(role, '') ORDER BY COUNT(*) DESC, COALESCE(role, '')"
            }
            Grouping::Organisation => {
                "SELECT COALESCE(organisation, ''), COUNT(*) FROM registrations WHERE framework = $1 \
                 GROUP BY COALESCE(organisation, '') ORDER BY COUNT(*) DESC, COALESCE(organisation, '')"
            }
        };
        sqlx::query_as(sql).bind(framework).fetch_all(&self.pool).await
    }
}
