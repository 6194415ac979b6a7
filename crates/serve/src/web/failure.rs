//! Why a request fails, as the visitor is told: JSON with a message for
//! scripts and the HTML edition's Send button, a page for a browser.
//! What went wrong inside (a database error) goes to the log, never to
//! the visitor.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;

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

    fn message(&self) -> &str {
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
