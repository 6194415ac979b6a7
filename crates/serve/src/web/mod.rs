//! The HTTP service: the routes, and the layers every request passes.
//!
//! - `caller`: who is asking (session or API token), and CSRF;
//! - `account`: signing in and out, passwords, accounts;
//! - `lead`: a lead's collections, uploads, results, sending the summary;
//! - `staff`: what a share link opens, and sending answers;
//! - `council`: every setting's summaries merged;
//! - `pages`, `headers`, `limits`, `failure`: the service's own pages,
//!   the headers of every response, rate limits, and errors;
//! - `openapi`: the API's description, docs/openapi.json, served.
//!
//! Browsers use the pages (forms, redirects); scripts use `/api/…`
//! (JSON, bearer tokens), both calling the same functions. The routes and
//! their rules are in docs/openapi.json, which a test (in `openapi`) checks
//! against this router.

mod account;
mod caller;
mod council;
pub mod failure;
mod headers;
mod lead;
pub mod limits;
mod openapi;
pub mod pages;
mod staff;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};

use crate::store::Db;
use crate::{App, Library};

/// The largest form or JSON body other than sends and uploads.
const FORM_BYTES: usize = 64 * 1024;
/// The most files one upload may hold.
pub const UPLOAD_FILES: usize = 500;

pub async fn serve(
    db: Db,
    data: PathBuf,
    library: Arc<dyn Library>,
    listen: SocketAddr,
    sends: u32,
    public_url: Option<String>,
) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let address = listener.local_addr().map_or(listen, |a| a);
    // The address bound (port 0 resolved), unless people reach it elsewhere.
    let public_url = public_url.unwrap_or_else(|| format!("http://{address}")).trim_end_matches('/').to_string();
    let site = data.join("site");
    let build = library.clone();
    let built = site.clone();
    let catalogue = tokio::task::spawn_blocking(move || build.build(&built)).await.map_err(|e| e.to_string())??;
    let pages = pages::Pages::new(library.words())?;
    let app = Arc::new(App {
        db,
        library,
        data,
        site,
        catalogue: RwLock::new(catalogue),
        pages,
        limits: limits::Limits::new(sends),
        harvesting: tokio::sync::Mutex::new(()),
        public_url,
    });
    eprintln!("framewright serve: listening on {address}");
    axum::serve(listener, router(app).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| e.to_string())
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
        .route("/collections/{id}/returns", post(lead::upload_form).layer(DefaultBodyLimit::max(upload)))
        .route("/collections/{id}/results/", get(lead::results_page))
        .route("/collections/{id}/results/{file}", get(lead::download))
        .route("/collections/{id}/send-summary", post(lead::send_summary_form))
        .route("/council", get(council::page))
        .route("/council/{file}", get(council::download))
        .route("/s/{link}/", get(staff::choose))
        .route("/s/{link}/collection.json", get(staff::collection_json))
        .route("/s/{link}/answers", post(staff::submit).layer(DefaultBodyLimit::max(answers)))
        .route("/s/{link}/{file}", get(staff::edition))
        .route("/api/collections", post(lead::create_api).get(lead::list_api))
        .route("/api/collections/{id}/submissions", get(lead::submissions_api))
        .route("/api/collections/{id}/returns", post(lead::upload_api).layer(DefaultBodyLimit::max(upload)))
        .route("/api/collections/{id}/responses.csv", get(lead::responses_api))
        .route("/api/collections/{id}/summary.json", get(lead::summary_api))
        .route("/api/collections/{id}/summary/send", post(lead::send_summary_api))
        .route("/api/council/summary", get(council::summary_api))
        .route("/api/openapi.json", get(openapi::document))
        .layer(DefaultBodyLimit::max(FORM_BYTES))
        .layer(axum::middleware::from_fn(failure::json_errors))
        .layer(axum::middleware::from_fn(headers::secure))
        .with_state(app)
}

async fn style() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], pages::STYLE)
}
