//! Signing in and out, setting a password from a one-time link, and the
//! council administrator's page of accounts.

use std::sync::Arc;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::caller::{Caller, SESSION_COOKIE, cookie_value};
use super::failure::Failure;
use super::limits::Client;
use crate::App;
use crate::store::accounts::{Role, SESSION_SECONDS};

/// The shortest password taken (NCSC: length over complexity).
const PASSWORD_MIN: usize = 12;

pub async fn home(caller: Result<Caller, Failure>, State(app): State<Arc<App>>) -> Result<Response, Failure> {
    let caller = caller?;
    if caller.is_council() {
        return Ok(Redirect::to("/council").into_response());
    }
    let collections = app.db.collections(caller.user.setting.as_deref()).await?;
    let titles = app.framework_titles();
    app.pages.render("home.html", json!({ "user": caller.user, "csrf": caller.csrf, "collections": collections, "titles": titles }))
}

pub async fn sign_in_page(State(app): State<Arc<App>>) -> Result<Response, Failure> {
    app.pages.render("sign_in.html", json!({}))
}

#[derive(Deserialize)]
pub struct SignIn {
    email: String,
    password: String,
}

pub async fn sign_in(State(app): State<Arc<App>>, Client(from): Client, Form(form): Form<SignIn>) -> Result<Response, Failure> {
    app.limits.sign_in(from)?;
    let found = app.db.user_by_email(&form.email.trim().to_lowercase()).await?;
    let password = form.password;
    // Verified off the async threads: Argon2id takes tens of milliseconds by design.
    let verified = tokio::task::spawn_blocking(move || match found {
        Some((user, Some(hash))) => {
            PasswordHash::new(&hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok()).then_some(user)
        }
        _ => None,
    })
    .await
    .map_err(Failure::internal)?;
    let Some(user) = verified else {
        let message = app.pages.word("sign_in_failed", json!({}));
        return app.pages.render("sign_in.html", json!({ "message": message }));
    };
    let (secret, _) = app.db.open_session(user.id).await?;
    app.db.audit(&format!("{} ({})", user.email, user.role.as_str()), "sign in", "").await?;
    let mut response = Redirect::to("/").into_response();
    let cookie = format!("{SESSION_COOKIE}={secret}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age={SESSION_SECONDS}");
    response.headers_mut().insert(header::SET_COOKIE, HeaderValue::from_str(&cookie).map_err(Failure::internal)?);
    Ok(response)
}

pub async fn sign_out(caller: Caller, State(app): State<Arc<App>>, headers: HeaderMap) -> Result<Response, Failure> {
    if let Some(secret) = cookie_value(&headers, SESSION_COOKIE) {
        app.db.close_session(secret).await?;
    }
    app.db.audit(&caller.actor(), "sign out", "").await?;
    let mut response = Redirect::to("/sign-in").into_response();
    let gone = format!("{SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
    response.headers_mut().insert(header::SET_COOKIE, HeaderValue::from_str(&gone).map_err(Failure::internal)?);
    Ok(response)
}

pub async fn password_page(State(app): State<Arc<App>>, Path(secret): Path<String>) -> Result<Response, Failure> {
    app.db.password_link_user(&secret).await?.ok_or(Failure::NotFound)?;
    app.pages.render("password.html", json!({ "secret": secret }))
}

#[derive(Deserialize)]
pub struct NewPassword {
    password: String,
    repeat: String,
}

pub async fn set_password(
    State(app): State<Arc<App>>,
    Path(secret): Path<String>,
    Form(form): Form<NewPassword>,
) -> Result<Response, Failure> {
    let user = app.db.password_link_user(&secret).await?.ok_or(Failure::NotFound)?;
    let problem = if form.password.chars().count() < PASSWORD_MIN {
        Some(app.pages.word("password_short", json!({ "min": PASSWORD_MIN })))
    } else if form.password != form.repeat {
        Some(app.pages.word("password_differs", json!({})))
    } else {
        None
    };
    if let Some(message) = problem {
        return app.pages.render("password.html", json!({ "secret": secret, "message": message }));
    }
    let password = form.password;
    let hash = tokio::task::spawn_blocking(move || {
        let salt = SaltString::encode_b64(&crate::secret::random::<16>()).map_err(|e| e.to_string())?;
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
    })
    .await
    .map_err(Failure::internal)?
    .map_err(Failure::Internal)?;
    app.db.set_password(&secret, user, &hash).await?;
    app.db.audit(&format!("account {user}"), "set password", "").await?;
    Ok(Redirect::to("/sign-in").into_response())
}

pub async fn users_page(caller: Caller, State(app): State<Arc<App>>) -> Result<Response, Failure> {
    if !caller.is_council() {
        return Err(Failure::NotFound);
    }
    let users = app.db.users().await?;
    app.pages.render("users.html", json!({ "user": caller.user, "csrf": caller.csrf, "users": users }))
}

#[derive(Deserialize)]
pub struct NewUser {
    email: String,
    role: String,
    #[serde(default)]
    setting: String,
}

/// A council administrator adds an account; the page shows the one-time
/// link to pass on.
pub async fn add_user(caller: Caller, State(app): State<Arc<App>>, Form(form): Form<NewUser>) -> Result<Response, Failure> {
    if !caller.is_council() {
        return Err(Failure::NotFound);
    }
    let role = Role::parse(&form.role).ok_or_else(|| Failure::Bad("role: council or lead".into()))?;
    let email = form.email.trim().to_lowercase();
    let setting = Some(form.setting.trim()).filter(|s| !s.is_empty());
    if !email.contains('@') || (role == Role::Lead && setting.is_none()) {
        return Err(Failure::Bad("give an email address, and for a lead the setting they collect for".into()));
    }
    let added = app.db.add_user(&email, role, setting).await?;
    let message = match added {
        Some(user) => {
            let secret = app.db.password_link(user.id).await?;
            app.db.audit(&caller.actor(), "add account", &format!("{email} ({})", role.as_str())).await?;
            app.pages.word("account_added", json!({ "email": email, "link": format!("{}/password/{secret}", app.public_url) }))
        }
        None => app.pages.word("account_exists", json!({ "email": email })),
    };
    let users = app.db.users().await?;
    app.pages.render("users.html", json!({ "user": caller.user, "csrf": caller.csrf, "users": users, "message": message }))
}
