//! Why a request fails, as the visitor is told: JSON with a message for
//! scripts and the HTML edition's Send button, a page for a browser.
//! What went wrong inside (a database error) goes to the log, never to
//! the visitor. Requests axum turns away before a handler runs (a body
//! that is not JSON or too large, a collection number that is not a
//! number) get the same JSON, so every error of docs/openapi.json has one
//! shape.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;

use crate::App;

#[derive(Debug)]
pub enum Failure {
    /// No such thing, or nothing the caller may see (the same answer, so
    /// that nobody learns what exists).
    NotFound,
    /// Not signed in: a browser is sent to sign in.
    SignIn,
    /// A script without a valid token.
    Unauthorised,
    /// Signed in, but not allowed (or a form without its CSRF token).
    Forbidden,
    /// What was sent cannot be taken: says what to do.
    Bad(String),
    /// Too large.
    TooLarge(String),
    /// Too many requests: try again later.
    TooMany,
    /// The collection is not open.
    Closed(String),
    /// Our fault: logged, not shown.
    Internal(String),
}

impl Failure {
    pub fn internal(e: impl std::fmt::Display) -> Failure {
        Failure::Internal(e.to_string())
    }

    fn status(&self) -> StatusCode {
        match self {
            Failure::NotFound => StatusCode::NOT_FOUND,
            Failure::SignIn | Failure::Unauthorised => StatusCode::UNAUTHORIZED,
            Failure::Forbidden => StatusCode::FORBIDDEN,
            Failure::Bad(_) => StatusCode::BAD_REQUEST,
            Failure::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Failure::TooMany => StatusCode::TOO_MANY_REQUESTS,
            Failure::Closed(_) => StatusCode::CONFLICT,
            Failure::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub(crate) fn message(&self) -> &str {
        match self {
            Failure::NotFound => "not found",
            Failure::SignIn | Failure::Unauthorised => "sign in first, or send an API token (Authorization: Bearer …)",
            Failure::Forbidden => "not allowed",
            Failure::Bad(m) | Failure::TooLarge(m) | Failure::Closed(m) => m,
            Failure::TooMany => "too many requests: wait a minute and try again",
            Failure::Internal(_) => "something went wrong on the server; it is logged; try again later",
        }
    }
}

impl From<sqlx::Error> for Failure {
    fn from(e: sqlx::Error) -> Self {
        Failure::Internal(format!("database: {e}"))
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        if let Failure::Internal(why) = &self {
            eprintln!("framewright serve: {why}");
        }
        if matches!(self, Failure::SignIn) {
            return Redirect::to("/sign-in").into_response();
        }
        let mut response = (self.status(), Json(json!({ "message": self.message() }))).into_response();
        if matches!(self, Failure::Unauthorised) {
            response.headers_mut().insert("www-authenticate", axum::http::HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// A browser that asked for a page (its `Accept` names `text/html`: a link
/// followed, a form sent) and met a failure sees the message on a page of
/// the service; scripts and the HTML edition's Send, which ask for JSON,
/// get the JSON.
pub async fn as_page(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let browser = request.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|accept| accept.contains("text/html"));
    let response = next.run(request).await;
    let status = response.status();
    let json = response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !browser || !json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let Ok(body) = axum::body::to_bytes(response.into_body(), 64 * 1024).await else { return status.into_response() };
    let message =
        serde_json::from_slice::<serde_json::Value>(&body).ok().and_then(|v| v["message"].as_str().map(str::to_string)).unwrap_or_default();
    let heading = app.pages.word("failed_heading", json!({}));
    match app.pages.render("message.html", json!({ "heading": heading, "message": message })) {
        Ok(mut page) => {
            *page.status_mut() = status;
            page
        }
        Err(failure) => failure.into_response(),
    }
}

/// The most of a rejection's text kept as its message (axum's are a line).
const REJECTION_BYTES: usize = 4096;

/// Rewrites an error answered as plain text or nothing (axum's rejections) as `{"message": …}` with the same status and `Allow` header.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    // A page (the download page's form sent back with what to fix) is meant for a person, as it is.
    let kind = response.headers().get(header::CONTENT_TYPE).map(|v| v.as_bytes());
    let meant = kind.is_some_and(|k| k.starts_with(b"application/json") || k.starts_with(b"text/html"));
    if !(status.is_client_error() || status.is_server_error()) || meant {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text =
        axum::body::to_bytes(body, REJECTION_BYTES).await.map(|b| String::from_utf8_lossy(&b).trim().to_string()).unwrap_or_default();
    let message = if text.is_empty() { status.canonical_reason().unwrap_or("failed").to_lowercase() } else { text };
    let mut rewritten = (status, Json(json!({ "message": message }))).into_response();
    if let Some(allow) = parts.headers.get(header::ALLOW) {
        rewritten.headers_mut().insert(header::ALLOW, allow.clone());
    }
    rewritten
}
