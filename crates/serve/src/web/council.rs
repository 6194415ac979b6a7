//! The council's view: the newest summary each setting sent, merged by
//! the library exactly as `harvest --merge … --settings FILE` merges them
//! (the settings listed being those with a lead), so settings that sent
//! nothing are named. Only counts, under the disclosure control the
//! summaries already carry: the council never sees a person's answers.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use super::caller::Caller;
use super::failure::Failure;
use super::headers::built_page_policy;
use crate::App;

/// The files of the merged summary a council may read or download: its
/// web page (returns and completion per setting, gaps, training, as
/// `summary.pdf` shows them) first.
const FILES: &[&str] = &["summary.html", "summary.json", "summary.pdf", "summary-published.json"];

/// Merges the summaries sent so far into a fresh folder; returns it with
/// what was merged (setting, when sent).
async fn merged(app: &Arc<App>) -> Result<(tempfile::TempDir, Vec<(String, i64)>), Failure> {
    let sent = app.db.latest_summaries().await?;
    let work = tempfile::Builder::new().prefix(".council-").tempdir_in(&app.data).map_err(Failure::internal)?;
    let mut files = Vec::new();
    for (i, (_, _, body)) in sent.iter().enumerate() {
        let path = work.path().join(format!("{i:06}.json"));
        std::fs::write(&path, body).map_err(Failure::internal)?;
        files.push(path);
    }
    let leads = app.db.settings().await?;
    let settings = (!leads.is_empty()).then(|| work.path().join("settings.csv"));
    if let Some(path) = &settings {
        let listed: Vec<String> = std::iter::once("setting".to_string()).chain(leads.iter().map(|s| csv_field(s))).collect();
        std::fs::write(path, listed.join("\n") + "\n").map_err(Failure::internal)?;
    }
    if !files.is_empty() {
        let (library, out) = (app.library.clone(), work.path().join("out"));
        tokio::task::spawn_blocking(move || library.merge(&files, settings.as_deref(), &out))
            .await
            .map_err(Failure::internal)?
            .map_err(Failure::Internal)?;
    }
    Ok((work, sent.into_iter().map(|(setting, at, _)| (setting, at)).collect()))
}

fn csv_field(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

pub(super) fn council_only(caller: &Caller) -> Result<(), Failure> {
    if caller.is_council() { Ok(()) } else { Err(Failure::NotFound) }
}

pub async fn page(caller: Caller, State(app): State<Arc<App>>) -> Result<Response, Failure> {
    council_only(&caller)?;
    let (work, sent) = merged(&app).await?;
    let summary: serde_json::Value = std::fs::read(work.path().join("out/summary-published.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let settings = app.db.settings().await?;
    let missing: Vec<&String> = settings.iter().filter(|s| !sent.iter().any(|(sender, _)| sender == *s)).collect();
    app.db.audit(&caller.actor(), "view council summary", "").await?;
    app.pages.render(
        "council.html",
        json!({ "user": caller.user, "csrf": caller.csrf, "sent": sent, "missing": missing, "summary": summary, "files": FILES }),
    )
}

async fn file(app: &Arc<App>, caller: &Caller, name: &str) -> Result<Response, Failure> {
    council_only(caller)?;
    if !FILES.contains(&name) {
        return Err(Failure::NotFound);
    }
    let (work, _) = merged(app).await?;
    let bytes = std::fs::read(work.path().join("out").join(name)).map_err(|_| Failure::NotFound)?;
    if name.ends_with(".html") {
        // A page to read, served as the library wrote it, under a policy
        // allowing only its own inline style.
        let html = String::from_utf8(bytes).map_err(Failure::internal)?;
        app.db.audit(&caller.actor(), "view council summary", name).await?;
        let policy = HeaderValue::from_str(&built_page_policy(&html)).map_err(Failure::internal)?;
        return Ok(([(header::CONTENT_SECURITY_POLICY, policy)], Html(html)).into_response());
    }
    app.db.audit(&caller.actor(), "export council summary", name).await?;
    let kind = if name.ends_with(".pdf") { "application/pdf" } else { "application/json" };
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")).map_err(Failure::internal)?;
    Ok(([(header::CONTENT_TYPE, HeaderValue::from_static(kind)), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
}

pub async fn download(caller: Caller, State(app): State<Arc<App>>, Path(name): Path<String>) -> Result<Response, Failure> {
    file(&app, &caller, &name).await
}

pub async fn summary_api(caller: Caller, State(app): State<Arc<App>>) -> Result<Response, Failure> {
    file(&app, &caller, "summary.json").await
}
