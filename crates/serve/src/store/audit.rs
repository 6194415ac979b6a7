//! The audit log: who viewed, exported, erased or changed what, kept in
//! the database beside what it is about.

use super::{Db, Result, now};

#[derive(Clone, Debug, serde::Serialize)]
pub struct Event {
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub target: String,
}

impl Db {
    pub async fn audit(&self, actor: &str, action: &str, target: &str) -> Result<()> {
        sqlx::query("INSERT INTO audit (at, actor, action, target) VALUES ($1, $2, $3, $4)")
            .bind(now())
            .bind(actor)
            .bind(action)
            .bind(target)
            .execute(&self.pool)
            .await
            .map(drop)
    }

    /// The newest `limit` events, newest first.
    pub async fn audit_log(&self, limit: i64) -> Result<Vec<Event>> {
        let rows: Vec<(i64, String, String, String)> =
            sqlx::query_as("SELECT at, actor, action, target FROM audit ORDER BY id DESC LIMIT $1")
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(|(at, actor, action, target)| Event { at, actor, action, target }).collect())
    }
}
