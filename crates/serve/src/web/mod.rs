//! The HTTP service: the routes, and the layers every request passes.
//!
//! - `caller`: who is asking (session or API token), and CSRF;
//! - `account`: signing in and out, passwords, accounts;
//! - `lead`: a lead's collections, uploads, results, sending the summary;
//! - `staff`: what a share link opens, and sending answers;
//! - `council`: every setting's summaries merged;
//! - `people`: one person's data exported or erased, at their request;
//! - `audit`: the audit log, the council's whole, a lead's own setting's;
//! - `download`: a framework's public download page, registering
//!   downloaders when its source asks, and its files;
//! - `registrants`: the council's counts of who downloaded, and the CSV;
//! - `pages`, `headers`, `limits`, `failure`: the service's own pages,
//!   the headers of every response, rate limits, and errors;
//! - `openapi`: the API's description, docs/openapi.json, served.
//!
//! Browsers use the pages (forms, redirects); scripts use `/api/…`
//! (JSON, bearer tokens), both calling the same functions. The routes and
//! their rules are in docs/openapi.json, which a test (in `openapi`) checks
//! against this router.

mod account;
mod audit;
mod caller;
mod council;
mod download;
pub mod failure;
mod headers;
mod lead;
pub mod limits;
mod openapi;
pub mod pages;
mod people;
mod registrants;
mod staff;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::middleware::from_fn_with_state;
use axum::response::IntoResponse;
use axum::routing::{get, post};

use crate::App;

/// The largest form or JSON body other than sends and uploads.
const FORM_BYTES: usize = 64 * 1024;
/// The most files one upload may hold.
pub const UPLOAD_FILES: usize = 500;

pub async fn serve(app: Arc<App>, listener: tokio::net::TcpListener) -> Result<(), String> {
    axum::serve(listener, router(app).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(stopped())
        .await
        .map_err(|e| e.to_string())
}

/// Ctrl-C, or SIGTERM (what systemd and Kubernetes send): requests in
/// flight finish; a send is acknowledged only once committed, so nothing
/// acknowledged is lost however the process ends.
async fn stopped() {
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => drop(signal.recv().await),
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = term => {}
    }
}

fn router(app: Arc<App>) -> Router {
    let answers = app.library.answers_limit();
    let upload = app.library.file_limit().saturating_mul(4);
    Router::new()
        .route("/", get(account::home))
        .route("/static/style.css", get(style))
        .route("/sign-in", get(account::sign_in_page).post(account::sign_in))
        .route("/sign-out", post(account::sign_out))
        .route("/password/{secret}", get(account::password_page).post(account::set_password))
        .route("/users", get(account::users_page).post(account::add_user))
        .route("/collections/new", get(lead::new_page))
        .route("/collections", post(lead::create_form))
        .route("/collections/{id}", get(lead::collection_page))
        .route(
            "/collections/{id}/returns",
            post(lead::upload_form).layer(DefaultBodyLimit::max(upload)).layer(from_fn_with_state(upload, limits::declared_length)),
        )
        .route("/collections/{id}/results/", get(lead::results_page))
        .route("/collections/{id}/results/{file}", get(lead::download))
        .route("/collections/{id}/send-summary", post(lead::send_summary_form))
        .route("/council", get(council::page))
        .route("/council/{file}", get(council::download))
        .route("/s/{link}/", get(staff::choose))
        .route("/s/{link}/collection.json", get(staff::collection_json))
        .route(
            "/s/{link}/answers",
            post(staff::submit).layer(DefaultBodyLimit::max(answers)).layer(from_fn_with_state(answers, limits::declared_length)),
        )
        .route("/s/{link}/{file}", get(staff::edition))
        .route("/api/collections", post(lead::create_api).get(lead::list_api))
        .route("/api/collections/{id}/submissions", get(lead::submissions_api))
        .route(
            "/api/collections/{id}/returns",
            post(lead::upload_api).layer(DefaultBodyLimit::max(upload)).layer(from_fn_with_state(upload, limits::declared_length)),
        )
        .route("/api/collections/{id}/responses.csv", get(lead::responses_api))
        .route("/api/collections/{id}/summary.json", get(lead::summary_api))
        .route("/api/collections/{id}/summary/send", post(lead::send_summary_api))
        .route("/api/council/summary", get(council::summary_api))
        .route("/audit", get(audit::page))
        .route("/collections/{id}/people/export", get(people::export))
        .route("/collections/{id}/people/erase", post(people::erase_form))
        .route("/api/collections/{id}/people/export", get(people::export))
        .route("/api/collections/{id}/people/erase", post(people::erase_api))
        .route("/download/{framework}/", get(download::page).post(download::register))
        .route("/download/{framework}/unsubscribe", get(download::unsubscribe_page).post(download::unsubscribe))
        .route("/download/{framework}/{file}", get(download::file))
        .route("/download/{framework}/archive/{*path}", get(download::archived))
        .route("/council/downloads", get(registrants::page))
        .route("/council/downloads.csv", get(registrants::csv))
        .route("/council/downloads/erase", post(registrants::erase))
        .route("/council/downloads/notify", post(registrants::notify))
        .route("/api/openapi.json", get(openapi::document))
        .layer(DefaultBodyLimit::max(FORM_BYTES))
        .layer(axum::middleware::from_fn(failure::json_errors))
        .layer(axum::middleware::from_fn_with_state(app.clone(), failure::as_page))
        .layer(axum::middleware::from_fn(headers::secure))
        .with_state(app)
}

async fn style() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], pages::STYLE)
}
