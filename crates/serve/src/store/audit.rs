//! The audit log: who viewed, exported, erased or changed what, kept in
//! the database beside what it is about. Each event may belong to a
//! setting (the lead's who acted, or the collection's a sweep erased), so
//! that a lead reads their own setting's events and the council all.

use super::{Db, Result, now};

#[derive(Clone, Debug, serde::Serialize)]
pub struct Event {
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub setting: Option<String>,
}

/// Who acted, as the log names them, and the setting they act for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub setting: Option<String>,
}

impl From<&str> for Actor {
    fn from(name: &str) -> Actor {
        Actor { name: name.into(), setting: None }
    }
}

impl From<&String> for Actor {
    fn from(name: &String) -> Actor {
        Actor::from(name.as_str())
    }
}

impl From<&Actor> for Actor {
    fn from(actor: &Actor) -> Actor {
        actor.clone()
    }
}

impl std::fmt::Display for Actor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

/// The most events a page of the log shows.
pub const PAGE: i64 = 500;

type Row = (i64, String, String, String, Option<String>);

fn event((at, actor, action, target, setting): Row) -> Event {
    Event { at, actor, action, target, setting }
}

impl Db {
    pub async fn audit(&self, actor: impl Into<Actor>, action: &str, target: &str) -> Result<()> {
        let actor = actor.into();
        sqlx::query("INSERT INTO audit (at, actor, action, target, setting) VALUES ($1, $2, $3, $4, $5)")
            .bind(now())
            .bind(&actor.name)
            .bind(action)
            .bind(target)
            .bind(&actor.setting)
            .execute(&self.pool)
            .await
            .map(drop)
    }

    /// The newest `limit` events, newest first: every setting's, or one's.
    pub async fn audit_log(&self, setting: Option<&str>, limit: i64) -> Result<Vec<Event>> {
        let rows: Vec<Row> = match setting {
            None => {
                sqlx::query_as("SELECT at, actor, action, target, setting FROM audit ORDER BY id DESC LIMIT $1")
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?
            }
            Some(setting) => {
                sqlx::query_as("SELECT at, actor, action, target, setting FROM audit WHERE setting = $1 ORDER BY id DESC LIMIT $2")
                    .bind(setting)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        Ok(rows.into_iter().map(event).collect())
    }
}
