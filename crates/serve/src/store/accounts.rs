//! People who sign in (council administrators and setting leads), their
//! one-time password links, sessions and API tokens.

use super::{Db, Result, SECONDS_A_DAY, now};
use crate::secret;

/// What a person may do: see docs/serve.md, "Who sees what".
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads every setting's summary; creates accounts.
    Council,
    /// Runs collections for one setting.
    Lead,
}

impl Role {
    pub fn parse(word: &str) -> Option<Role> {
        match word {
            "council" => Some(Role::Council),
            "lead" => Some(Role::Lead),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Council => "council",
            Role::Lead => "lead",
        }
    }
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub setting: Option<String>,
}

type Row = (i64, String, String, Option<String>);
/// A row and the person's password hash.
type WithPassword = (i64, String, String, Option<String>, Option<String>);
/// A row and the session's CSRF token.
type WithCsrf = (i64, String, String, Option<String>, String);

fn user((id, email, role, setting): Row) -> Option<User> {
    Some(User { id, email, role: Role::parse(&role)?, setting })
}

/// How long a password link, a session and an idle session last.
pub const PASSWORD_LINK_SECONDS: i64 = 7 * 24 * 3600;
pub const SESSION_SECONDS: i64 = 8 * 3600;
/// How long an API token lasts unless `serve token create --days` says
/// otherwise (the same 90 days migration 4 gave tokens made before it),
/// and the longest it may.
pub const TOKEN_DAYS: i64 = 90;
pub const TOKEN_DAYS_MOST: i64 = 366;

impl Db {
    /// Adds a person; `Ok(None)` when the email is taken.
    pub async fn add_user(&self, email: &str, role: Role, setting: Option<&str>) -> Result<Option<User>> {
        let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE email = $1").bind(email).fetch_optional(&self.pool).await?;
        if taken.is_some() {
            return Ok(None);
        }
        let (id,): (i64,) = sqlx::query_as("INSERT INTO users (email, role, setting, created) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(email)
            .bind(role.as_str())
            .bind(setting)
            .bind(now())
            .fetch_one(&self.pool)
            .await?;
        Ok(Some(User { id, email: email.into(), role, setting: setting.map(str::to_string) }))
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<(User, Option<String>)>> {
        let row: Option<WithPassword> = sqlx::query_as("SELECT id, email, role, setting, password FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.and_then(|(id, email, role, setting, password)| Some((user((id, email, role, setting))?, password))))
    }

    pub async fn users(&self) -> Result<Vec<User>> {
        let rows: Vec<Row> = sqlx::query_as("SELECT id, email, role, setting FROM users ORDER BY email").fetch_all(&self.pool).await?;
        Ok(rows.into_iter().filter_map(user).collect())
    }

    /// The settings that have a lead: those the council expects a summary from.
    pub async fn settings(&self) -> Result<Vec<String>> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT DISTINCT setting FROM users WHERE role = 'lead' AND setting IS NOT NULL ORDER BY setting")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(|(s,)| s).collect())
    }

    /// A new one-time link for `user` to set a password: its secret.
    pub async fn password_link(&self, user: i64) -> Result<String> {
        let secret = secret::new();
        sqlx::query("INSERT INTO password_links (secret, user_id, expires) VALUES ($1, $2, $3)")
            .bind(secret::stored(&secret))
            .bind(user)
            .bind(now() + PASSWORD_LINK_SECONDS)
            .execute(&self.pool)
            .await?;
        Ok(secret)
    }

    /// The person a password link is for, if it is live.
    pub async fn password_link_user(&self, secret: &str) -> Result<Option<i64>> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT user_id FROM password_links WHERE secret = $1 AND expires > $2")
            .bind(secret::stored(secret))
            .bind(now())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|(id,)| id))
    }

    /// Sets the password of the link's person and spends the link (and
    /// every session the person had).
    pub async fn set_password(&self, secret: &str, user: i64, hash: &str) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE users SET password = $1 WHERE id = $2").bind(hash).bind(user).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM password_links WHERE secret = $1 OR user_id = $2")
            .bind(secret::stored(secret))
            .bind(user)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user).execute(&mut *tx).await?;
        tx.commit().await
    }

    /// A new session: its secret and CSRF token.
    pub async fn open_session(&self, user: i64) -> Result<(String, String)> {
        let (secret, csrf) = (secret::new(), secret::new());
        sqlx::query("DELETE FROM sessions WHERE expires <= $1").bind(now()).execute(&self.pool).await?;
        sqlx::query("INSERT INTO sessions (secret, user_id, csrf, expires) VALUES ($1, $2, $3, $4)")
            .bind(secret::stored(&secret))
            .bind(user)
            .bind(&csrf)
            .bind(now() + SESSION_SECONDS)
            .execute(&self.pool)
            .await?;
        Ok((secret, csrf))
    }

    /// The person of a live session, and its CSRF token.
    pub async fn session(&self, secret: &str) -> Result<Option<(User, String)>> {
        let row: Option<WithCsrf> = sqlx::query_as(
            "SELECT u.id, u.email, u.role, u.setting, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.secret = $1 AND s.expires > $2",
        )
        .bind(secret::stored(secret))
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|(id, email, role, setting, csrf)| Some((user((id, email, role, setting))?, csrf))))
    }

    pub async fn close_session(&self, secret: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE secret = $1").bind(secret::stored(secret)).execute(&self.pool).await.map(drop)
    }

    /// A new API token for `user`, valid for `days`: its secret, shown
    /// once, and when it expires.
    pub async fn create_token(&self, user: i64, days: i64) -> Result<(String, i64)> {
        let (secret, created) = (secret::new(), now());
        let expires = created + days * SECONDS_A_DAY;
        sqlx::query("INSERT INTO api_tokens (secret, user_id, created, expires) VALUES ($1, $2, $3, $4)")
            .bind(secret::stored(&secret))
            .bind(user)
            .bind(created)
            .bind(expires)
            .execute(&self.pool)
            .await?;
        Ok((secret, expires))
    }

    /// The person of an API token that has not expired.
    pub async fn token_user(&self, secret: &str) -> Result<Option<User>> {
        let row: Option<Row> = sqlx::query_as(
            "SELECT u.id, u.email, u.role, u.setting FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.secret = $1 AND t.expires > $2",
        )
        .bind(secret::stored(secret))
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(user))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_token_works_until_it_expires() {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let db = Db::open(None, folder.path()).await.expect("the database opens");
        let lead = db.add_user("lead@oak.example", Role::Lead, Some("Oak")).await.expect("added").expect("new");
        let (token, expires) = db.create_token(lead.id, 2).await.expect("made");
        assert!((expires - now() - 2 * SECONDS_A_DAY).abs() <= 5, "{expires}");
        assert_eq!(db.token_user(&token).await.expect("read").map(|u| u.id), Some(lead.id));
        sqlx::query("UPDATE api_tokens SET expires = $1").bind(now()).execute(&db.pool).await.expect("updated");
        assert!(db.token_user(&token).await.expect("read").is_none(), "an expired token still works");
        assert!(db.token_user("not a token").await.expect("read").is_none());
    }
}
