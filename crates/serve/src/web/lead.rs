//! A lead's collections: opening one, uploading returned files, the
//! results as pages and downloads, and sending the setting's summary to
//! the council. A lead sees only their own setting's collections; anyone
//! else is told there is no such collection.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::caller::Caller;
use super::failure::Failure;
use super::headers::built_page_policy;
use crate::App;
use crate::results::{self, DOWNLOADS};
use crate::store::collections::{Collection, NewCollection};
use crate::store::{SECONDS_A_DAY, now};

/// How long typed text is kept after a collection closes, unless the lead says.
const RETENTION_DAYS: i64 = 365;

/// The collection `id`, if `caller` is a lead of its setting.
pub(super) async fn owned(app: &App, caller: &Caller, id: i64) -> Result<Collection, Failure> {
    let collection = app.db.collection(id).await?.ok_or(Failure::NotFound)?;
    match &caller.user.setting {
        Some(setting) if !caller.is_council() && *setting == collection.setting => Ok(collection),
        _ => Err(Failure::NotFound),
    }
}

fn lead_setting(caller: &Caller) -> Result<String, Failure> {
    match &caller.user.setting {
        Some(setting) if !caller.is_council() => Ok(setting.clone()),
        _ => Err(Failure::Forbidden),
    }
}

pub async fn new_page(caller: Caller, State(app): State<Arc<App>>) -> Result<Response, Failure> {
    lead_setting(&caller)?;
    let frameworks = app.catalogue.read().map_err(Failure::internal)?.frameworks.clone();
    let frameworks: Vec<_> = frameworks
        .iter()
        .map(|f| {
            json!({ "id": f.framework.id, "title": f.framework.title, "version": f.framework.version,
            "packs": f.packs.iter().filter(|p| p.html().is_some()).map(|p| json!({ "id": p.id, "title": p.title })).collect::<Vec<_>>() })
        })
        .collect();
    let today = time::OffsetDateTime::now_utc().date();
    app.pages.render(
        "new_collection.html",
        json!({ "user": caller.user, "csrf": caller.csrf, "frameworks": frameworks,
        "today": today.to_string(), "retention": RETENTION_DAYS }),
    )
}

/// A collection as a script asks for it (`createCollection`).
#[derive(Deserialize)]
pub struct CollectionRequest {
    title: String,
    framework: String,
    /// Pack ids; empty: every pack of the framework with an HTML edition.
    #[serde(default)]
    packs: Vec<String>,
    /// `YYYY-MM-DD`; default today.
    opens: Option<String>,
    /// `YYYY-MM-DD`; default 30 days on.
    closes: Option<String>,
    retention_days: Option<i64>,
    expected: Option<i64>,
    /// The staff list, as CSV text (the columns of `harvest --staff`).
    staff_csv: Option<String>,
}

/// Checks a request against the catalogue; the collection to store.
fn checked(app: &App, request: CollectionRequest) -> Result<NewCollection, Failure> {
    let catalogue = app.catalogue.read().map_err(Failure::internal)?;
    let framework = catalogue
        .framework(&request.framework)
        .ok_or_else(|| Failure::Bad(format!("framework {}: no such framework is served", request.framework)))?;
    let servable: Vec<&str> = framework.packs.iter().filter(|p| p.html().is_some()).map(|p| p.id.as_str()).collect();
    let packs = if request.packs.is_empty() { servable.iter().map(|p| p.to_string()).collect() } else { request.packs };
    if let Some(bad) = packs.iter().find(|p| !servable.contains(&p.as_str())) {
        return Err(Failure::Bad(format!("pack {bad}: the framework has no such pack with an HTML edition")));
    }
    let day = |text: Option<&str>, default: i64| -> Result<i64, Failure> {
        match text.map(str::trim).filter(|t| !t.is_empty()) {
            None => Ok(default),
            Some(t) => time::Date::parse(t, time::macros::format_description!("[year]-[month]-[day]"))
                .map(|d| d.midnight().assume_utc().unix_timestamp())
                .map_err(|_| Failure::Bad(format!("{t}: write dates as YYYY-MM-DD"))),
        }
    };
    let opens = day(request.opens.as_deref(), now() - now() % SECONDS_A_DAY)?;
    let closes = day(request.closes.as_deref(), opens + 30 * SECONDS_A_DAY)? + SECONDS_A_DAY - 1;
    let title = request.title.trim().to_string();
    if title.is_empty() || title.chars().count() > 200 || closes < opens {
        return Err(Failure::Bad(
            "give the collection a title (up to 200 characters) and a closing date on or after its opening date".into(),
        ));
    }
    let retention_days = request.retention_days.unwrap_or(RETENTION_DAYS);
    if !(1..=3650).contains(&retention_days) || request.expected.is_some_and(|n| !(1..=1_000_000).contains(&n)) {
        return Err(Failure::Bad("keep typed text between 1 and 3650 days; expect between 1 and a million staff".into()));
    }
    let staff = request.staff_csv.filter(|csv| !csv.trim().is_empty()).map(|csv| (csv.into_bytes(), Vec::new()));
    Ok(NewCollection { title, framework: request.framework, packs, opens, closes, retention_days, expected: request.expected, staff })
}

async fn create(app: &App, caller: &Caller, request: CollectionRequest) -> Result<Collection, Failure> {
    let setting = lead_setting(caller)?;
    let mut new = checked(app, request)?;
    // A staff list: each person's personalised pack, built before the
    // collection is stored so that a bad list stores nothing.
    let mut built = None;
    if let Some((csv, people)) = &mut new.staff {
        let (work, made) = app.build_people(&new.framework, csv).await?;
        (*people, built) = (made, Some(work));
    }
    let collection = app.db.create_collection(caller.user.id, &setting, &new).await?;
    if let Some(work) = &built {
        app.place_people(work, collection.id)?;
    }
    app.db.audit(&caller.actor(), "open collection", &format!("{} ({})", collection.id, collection.title)).await?;
    Ok(collection)
}

/// The browser's form: fields and an optional staff list file.
pub async fn create_form(caller: Caller, State(app): State<Arc<App>>, mut form: Multipart) -> Result<Response, Failure> {
    let mut fields = serde_json::Map::new();
    let mut packs = Vec::new();
    while let Some(field) = form.next_field().await.map_err(|e| Failure::Bad(e.body_text()))? {
        let name = field.name().unwrap_or_default().to_string();
        let text = field.text().await.map_err(|e| Failure::Bad(e.body_text()))?;
        match name.as_str() {
            "packs" => packs.push(text),
            "retention_days" | "expected" => {
                if let Ok(n) = text.trim().parse::<i64>() {
                    fields.insert(name, n.into());
                }
            }
            "staff" => {
                fields.insert("staff_csv".into(), text.into());
            }
            _ => {
                fields.insert(name, text.into());
            }
        }
    }
    fields.insert("packs".into(), packs.into());
    let request: CollectionRequest = serde_json::from_value(fields.into()).map_err(|e| Failure::Bad(e.to_string()))?;
    let collection = create(&app, &caller, request).await?;
    Ok(Redirect::to(&format!("/collections/{}", collection.id)).into_response())
}

pub async fn create_api(caller: Caller, State(app): State<Arc<App>>, Json(request): Json<CollectionRequest>) -> Result<Response, Failure> {
    let collection = create(&app, &caller, request).await?;
    Ok((StatusCode::CREATED, Json(described(&app, &collection))).into_response())
}

/// A collection for a script: with its share link.
fn described(app: &App, collection: &Collection) -> serde_json::Value {
    let mut value = serde_json::to_value(collection).unwrap_or_default();
    value["link"] = format!("{}/s/{}/", app.public_url, collection.link).into();
    value
}

pub async fn list_api(caller: Caller, State(app): State<Arc<App>>) -> Result<Response, Failure> {
    let setting = lead_setting(&caller)?;
    let collections = app.db.collections(Some(&setting)).await?;
    Ok(Json(collections.iter().map(|c| described(&app, c)).collect::<Vec<_>>()).into_response())
}

/// The collection page's address after an upload names what it stored
/// (`?uploaded=FW-…,FW-…`): the form's answer is a redirect there, so a
/// reload shows the upload's log again and posts nothing twice.
#[derive(Deserialize)]
pub struct AfterUpload {
    uploaded: Option<String>,
}

pub async fn collection_page(
    caller: Caller,
    State(app): State<Arc<App>>,
    Path(id): Path<i64>,
    Query(after): Query<AfterUpload>,
) -> Result<Response, Failure> {
    let collection = owned(&app, &caller, id).await?;
    app.db.audit(&caller.actor(), "view collection", &id.to_string()).await?;
    let upload = match after.uploaded {
        Some(references) => {
            let references: Vec<String> = references.split(',').take(super::UPLOAD_FILES).map(String::from).collect();
            Some(outcome(&app, &collection, &references).await?)
        }
        None => None,
    };
    page(&app, &caller, collection, upload).await
}

/// The collection's page, with what an upload made of its files.
async fn page(app: &App, caller: &Caller, collection: Collection, upload: Option<serde_json::Value>) -> Result<Response, Failure> {
    let submissions = app.db.submissions(collection.id).await?;
    let people: Vec<_> = app
        .db
        .people(collection.id)
        .await?
        .into_iter()
        .map(|p| {
            let sent = submissions.iter().any(|s| s.person == Some(p.id));
            json!({ "name": p.name, "job_title": p.job_title, "link": format!("{}/s/{}/", app.public_url, p.link), "sent": sent })
        })
        .collect();
    app.pages.render(
        "collection.html",
        json!({ "user": caller.user, "csrf": caller.csrf, "titles": app.framework_titles(), "collection": collection,
        "link": format!("{}/s/{}/", app.public_url, collection.link), "submissions": submissions, "people": people,
        "downloads": DOWNLOADS, "upload": upload }),
    )
}

pub async fn submissions_api(caller: Caller, State(app): State<Arc<App>>, Path(id): Path<i64>) -> Result<Response, Failure> {
    owned(&app, &caller, id).await?;
    Ok(Json(app.db.submissions(id).await?).into_response())
}

/// Stores each uploaded file; the references stored, in upload order.
async fn upload(app: &Arc<App>, caller: &Caller, id: i64, mut form: Multipart) -> Result<Vec<String>, Failure> {
    let collection = owned(app, caller, id).await?;
    if collection.erased.is_some() {
        return Err(Failure::Closed(app.pages.word("erased_results", json!({}))));
    }
    let limit = app.library.file_limit();
    let mut stored = Vec::new();
    while let Some(field) = form.next_field().await.map_err(|e| Failure::Bad(e.body_text()))? {
        let Some(name) = field.file_name().map(str::to_string) else { continue };
        let lower = name.to_ascii_lowercase();
        if !(lower.ends_with(".pdf") || lower.ends_with(".docx") || lower.ends_with(".json")) {
            return Err(Failure::Bad(format!("{name}: upload returned packs as PDF, Word (.docx) or answers files (.json)")));
        }
        let bytes = field.bytes().await.map_err(|e| Failure::Bad(e.body_text()))?;
        if bytes.len() > limit {
            return Err(Failure::TooLarge(format!("{name}: larger than any returned pack ({} bytes at most)", limit)));
        }
        if stored.len() >= super::UPLOAD_FILES {
            return Err(Failure::TooLarge(format!("upload at most {} files at once", super::UPLOAD_FILES)));
        }
        let (reference, _) = app.db.add_submission(collection.id, None, "upload", &name, &bytes).await?;
        stored.push(reference);
    }
    app.db.audit(&caller.actor(), "upload returns", &format!("{id}: {} files", stored.len())).await?;
    Ok(stored)
}

/// What the harvest made of the uploaded files `references` of
/// `collection` (others' references are not its files and show nothing):
/// each file stored, and the harvest's log of it under the name it had.
async fn outcome(app: &Arc<App>, collection: &Collection, references: &[String]) -> Result<serde_json::Value, Failure> {
    let folder = results::results(app, collection).await?;
    let log: serde_json::Value =
        std::fs::read(folder.join("harvest.json")).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
    let mut uploaded: Vec<_> = app.db.submissions(collection.id).await?.into_iter().filter(|s| references.contains(&s.reference)).collect();
    uploaded.sort_by_key(|s| references.iter().position(|r| *r == s.reference));
    let stored: Vec<serde_json::Value> = uploaded.iter().map(|s| json!({ "file": s.file_name, "reference": s.reference })).collect();
    let names: std::collections::HashMap<String, &str> =
        uploaded.iter().map(|s| (results::input_name(s.id, &s.file_name), s.file_name.as_str())).collect();
    let files: Vec<serde_json::Value> = log["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let name = names.get(entry["file"].as_str()?)?;
            let mut entry = entry.clone();
            entry["file"] = (*name).into();
            Some(entry)
        })
        .collect();
    Ok(json!({ "stored": stored, "files": files }))
}

pub async fn upload_form(caller: Caller, State(app): State<Arc<App>>, Path(id): Path<i64>, form: Multipart) -> Result<Response, Failure> {
    let stored = upload(&app, &caller, id, form).await?;
    Ok(Redirect::to(&format!("/collections/{id}?uploaded={}", stored.join(","))).into_response())
}

pub async fn upload_api(caller: Caller, State(app): State<Arc<App>>, Path(id): Path<i64>, form: Multipart) -> Result<Response, Failure> {
    let stored = upload(&app, &caller, id, form).await?;
    let collection = owned(&app, &caller, id).await?;
    Ok((StatusCode::CREATED, Json(outcome(&app, &collection, &stored).await?)).into_response())
}

/// The analysis as a page: the library's `report.html`, as harvest writes it.
pub async fn results_page(caller: Caller, State(app): State<Arc<App>>, Path(id): Path<i64>) -> Result<Response, Failure> {
    let collection = owned(&app, &caller, id).await?;
    if collection.erased.is_some() {
        let message = app.pages.word("erased_results", json!({}));
        let heading = app.pages.word("results_heading", json!({}));
        return app.pages.render(
            "message.html",
            json!({ "user": caller.user, "csrf": caller.csrf, "heading": heading, "message": message,
            "back": format!("/collections/{id}") }),
        );
    }
    let folder = results::results(&app, &collection).await?;
    let html = std::fs::read_to_string(folder.join("report.html")).map_err(Failure::internal)?;
    app.db.audit(&caller.actor(), "view results", &id.to_string()).await?;
    let policy = HeaderValue::from_str(&built_page_policy(&html)).map_err(Failure::internal)?;
    Ok(([(header::CONTENT_SECURITY_POLICY, policy)], Html(html)).into_response())
}

/// A results file, as `harvest` writes it.
async fn export(app: &Arc<App>, caller: &Caller, id: i64, file: &str) -> Result<Response, Failure> {
    if !DOWNLOADS.contains(&file) {
        return Err(Failure::NotFound);
    }
    let collection = owned(app, caller, id).await?;
    let bytes = match (collection.erased, file) {
        (Some(_), "summary.json") => summary(app, &collection).await?.into_bytes(),
        (Some(_), _) => return Err(Failure::Closed(app.pages.word("erased_results", json!({})))),
        (None, _) => std::fs::read(results::results(app, &collection).await?.join(file)).map_err(|_| Failure::NotFound)?,
    };
    app.db.audit(&caller.actor(), "export", &format!("{id}: {file}")).await?;
    let kind = match file.rsplit('.').next() {
        Some("csv") => "text/csv; charset=utf-8",
        Some("pdf") => "application/pdf",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/json",
    };
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")).map_err(Failure::internal)?;
    Ok(([(header::CONTENT_TYPE, HeaderValue::from_static(kind)), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
}

pub async fn download(caller: Caller, State(app): State<Arc<App>>, Path((id, file)): Path<(i64, String)>) -> Result<Response, Failure> {
    export(&app, &caller, id, &file).await
}

pub async fn responses_api(caller: Caller, State(app): State<Arc<App>>, Path(id): Path<i64>) -> Result<Response, Failure> {
    export(&app, &caller, id, "responses.csv").await
}

pub async fn summary_api(caller: Caller, State(app): State<Arc<App>>, Path(id): Path<i64>) -> Result<Response, Failure> {
    export(&app, &caller, id, "summary.json").await
}

/// The collection's `summary.json`: from its results, or once its typed
/// text is deleted, the counts kept then.
async fn summary(app: &Arc<App>, collection: &Collection) -> Result<String, Failure> {
    if collection.erased.is_some() {
        return app
            .db
            .kept_counts(collection.id)
            .await?
            .ok_or_else(|| Failure::Internal(format!("collection {}: no kept counts", collection.id)));
    }
    let folder = results::results(app, collection).await?;
    std::fs::read_to_string(folder.join("summary.json")).map_err(Failure::internal)
}

/// Sends the setting's `summary.json` (what docs/harvest.md says a
/// setting sends, and nothing else) to the council's view.
async fn send_summary(app: &Arc<App>, caller: &Caller, id: i64) -> Result<(), Failure> {
    let collection = owned(app, caller, id).await?;
    let body = summary(app, &collection).await?;
    app.db.add_summary(collection.id, &collection.setting, &body).await?;
    app.db.audit(&caller.actor(), "send summary", &id.to_string()).await?;
    Ok(())
}

pub async fn send_summary_form(caller: Caller, State(app): State<Arc<App>>, Path(id): Path<i64>) -> Result<Response, Failure> {
    send_summary(&app, &caller, id).await?;
    Ok(Redirect::to(&format!("/collections/{id}")).into_response())
}

pub async fn send_summary_api(caller: Caller, State(app): State<Arc<App>>, Path(id): Path<i64>) -> Result<Response, Failure> {
    send_summary(&app, &caller, id).await?;
    Ok((StatusCode::CREATED, Json(json!({ "sent": true }))).into_response())
}
