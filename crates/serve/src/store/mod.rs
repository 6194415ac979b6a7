//! The database: SQLite in the data folder by default (nothing to
//! install), PostgreSQL for a council or a region running several
//! `serve` processes on one database. One pool of sqlx's `Any` driver, so
//! every query is written once, with `$1` parameters both understand, and
//! always with parameters: nothing anyone typed is ever spliced into SQL.
//!
//! Durability: SQLite runs in WAL mode with `synchronous = FULL`, so a
//! commit is on disk before it returns; PostgreSQL commits are durable
//! by default. A send is acknowledged only after its commit returns.
//!
//! Sends and uploads are stored by one task, [`writer`], which commits
//! all those waiting at once (group commit: one flush for many sends,
//! each acknowledged after that commit); reads use the pool (on SQLite,
//! WAL readers do not wait for the writer).
//!
//! - [`migrations`]: the schema, applied in order at start;
//! - [`accounts`]: people who sign in, sessions, API tokens;
//! - [`collections`]: collections, their people, submissions, summaries;
//! - [`erasure`]: typed text deleted, counts kept (retention, one person);
//! - [`registrations`]: who registered on a framework's download page;
//! - [`writer`]: sends and uploads stored, many to a commit;
//! - [`audit`]: who viewed, exported or erased what.

pub mod accounts;
pub mod audit;
pub mod collections;
pub mod erasure;
mod migrations;
pub mod registrations;
mod writer;

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

/// Which database the pool talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    /// The queue to the task that stores sends and uploads ([`writer`]).
    writer: tokio::sync::mpsc::Sender<writer::Job>,
    pub kind: Kind,
}

/// A database error, said for the log (never shown to a visitor).
pub type Result<T> = std::result::Result<T, sqlx::Error>;

/// The database file inside the data folder.
pub const SQLITE_FILE: &str = "framewright.db";

impl Db {
    /// Opens `url` (`postgres://…`), or else the SQLite database in
    /// `data`, and brings its schema up to date.
    pub async fn open(url: Option<&str>, data: &Path) -> std::result::Result<Db, String> {
        sqlx::any::install_default_drivers();
        let (url, kind) = match url {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => (url.to_string(), Kind::Postgres),
            Some(other) => {
                return Err(format!("--database {other}: give a postgres:// address, or leave it out for SQLite in the data folder"));
            }
            None => {
                std::fs::create_dir_all(data).map_err(|e| format!("{}: cannot create the data folder: {e}", data.display()))?;
                (format!("sqlite://{}?mode=rwc", data.join(SQLITE_FILE).display()), Kind::Sqlite)
            }
        };
        let options: AnyConnectOptions = url.parse().map_err(|e| format!("the database address: {e}"))?;
        // The writer's connections: on SQLite one of its own (one connection
        // writes at a time); PostgreSQL's pool takes writers side by side.
        let (pool, writer) = match kind {
            Kind::Sqlite => (connect(&options, kind, 8).await?, connect(&options, kind, 1).await?),
            Kind::Postgres => {
                let pool = connect(&options, kind, 16).await?;
                (pool.clone(), pool)
            }
        };
        let db = Db { pool, writer: writer::start(writer), kind };
        db.migrate().await.map_err(|e| format!("cannot bring the database's schema up to date: {e}"))?;
        Ok(db)
    }

    /// Applies the migrations not yet applied, each in its transaction.
    /// Several processes starting at once on PostgreSQL take turns (an
    /// advisory lock); SQLite's write lock does the same.
    async fn migrate(&self) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        if self.kind == Kind::Postgres {
            conn.execute("SELECT pg_advisory_lock(7163542)").await?;
        }
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied BIGINT NOT NULL)").await?;
        for (version, sql) in migrations::MIGRATIONS {
            let done: Option<(i64,)> =
                sqlx::query_as("SELECT version FROM schema_migrations WHERE version = $1").bind(version).fetch_optional(&mut *conn).await?;
            if done.is_some() {
                continue;
            }
            let mut tx = sqlx::Connection::begin(&mut *conn).await?;
            for statement in self.dialect(sql).split(";\n").map(str::trim).filter(|s| !s.is_empty()) {
                tx.execute(statement).await?;
            }
            sqlx::query("INSERT INTO schema_migrations (version, applied) VALUES ($1, $2)")
                .bind(version)
                .bind(now())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        if self.kind == Kind::Postgres {
            conn.execute("SELECT pg_advisory_unlock(7163542)").await?;
        }
        Ok(())
    }

    fn dialect(&self, sql: &str) -> String {
        let (id, bytes) = match self.kind {
            Kind::Sqlite => ("INTEGER PRIMARY KEY AUTOINCREMENT", "BLOB"),
            Kind::Postgres => ("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "BYTEA"),
        };
        sql.replace("{id}", id).replace("{bytes}", bytes)
    }

    /// A consistent copy of the SQLite database at `dest`, taken while the
    /// service runs (`VACUUM INTO` reads one snapshot). PostgreSQL is
    /// backed up with its own tools (`pg_dump`), as docs/serve.md says.
    pub async fn backup(&self, dest: &Path) -> std::result::Result<(), String> {
        if self.kind == Kind::Postgres {
            return Err("a PostgreSQL database is backed up with pg_dump (docs/serve.md, \"Backups\")".into());
        }
        if dest.exists() {
            return Err(format!("{}: already exists; name a new file for the copy", dest.display()));
        }
        sqlx::query("VACUUM INTO $1")
            .bind(dest.display().to_string())
            .execute(&self.pool)
            .await
            .map_err(|e| format!("{}: {e}", dest.display()))?;
        Ok(())
    }
}

/// A pool of up to `connections` to the database, each set up for
/// durability (see the module's header) as it opens.
async fn connect(options: &AnyConnectOptions, kind: Kind, connections: u32) -> std::result::Result<AnyPool, String> {
    AnyPoolOptions::new()
        .max_connections(connections)
        .acquire_timeout(Duration::from_secs(30))
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if kind == Kind::Sqlite {
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                    )
                    .await?;
                }
                Ok(())
            })
        })
        .connect_with(options.clone())
        .await
        .map_err(|e| format!("cannot open the database: {e}"))
}

pub const SECONDS_A_DAY: i64 = 86_400;

/// Seconds since 1970, the service's clock for every stored time.
pub fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}
