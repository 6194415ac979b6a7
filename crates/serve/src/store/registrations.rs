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

/// What the council's counts of registrations are grouped by.
#[derive(Clone, Copy, Debug)]
pub enum Grouping {
    Role,
    Organisation,
}

type Row = (String, i64, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>);

impl Db {
    /// Stores a registration; returns the secret of its download links.
    pub async fn add_registration(&self, framework: &str, details: &Details) -> Result<String> {
        let token = secret::new();
        let [name, email, organisation, role, job_title, setting_type] = details;
        sqlx::query(
            "INSERT INTO registrations (framework, token, name, email, organisation, role, job_title, setting_type, consented) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
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
        .execute(&self.pool)
        .await?;
        Ok(token)
    }

    /// Whether `token` is a registration's for `framework`.
    pub async fn registered(&self, framework: &str, token: &str) -> Result<bool> {
        let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM registrations WHERE token = $1 AND framework = $2")
            .bind(secret::stored(token))
            .bind(framework)
            .fetch_optional(&self.pool)
            .await?;
        Ok(found.is_some())
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
