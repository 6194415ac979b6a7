//! What a share link opens: the packs of its collection to choose from
//! ("Which pack is mine?"), each pack's HTML edition exactly as built, the
//! `collection.json` that shows the edition's Send button (the contract
//! in docs/html-edition.md), and sending. A link can only add answers to
//! its own collection; it reads nothing anyone sent.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use super::failure::Failure;
use super::headers::built_page_policy;
use super::limits::Client;
use crate::App;
use crate::store::collections::Opened;
use crate::store::now;

async fn open(app: &App, link: &str) -> Result<Opened, Failure> {
    app.db.open_link(link).await?.ok_or(Failure::NotFound)
}

fn is_open(opened: &Opened) -> bool {
    let t = now();
    opened.collection.opens <= t && t <= opened.collection.closes && opened.collection.erased.is_none()
}

pub async fn choose(State(app): State<Arc<App>>, Path(link): Path<String>) -> Result<Response, Failure> {
    let opened = open(&app, &link).await?;
    let catalogue = app.catalogue.read().map_err(Failure::internal)?.clone();
    let listing = catalogue.framework(&opened.collection.framework).ok_or(Failure::NotFound)?;
    let packs: Vec<_> = match &opened.person {
        // A personalised link opens the person's own pack only.
        Some(person) => vec![json!({ "title": person.name, "href": person.file, "job_titles": person.job_title })],
        None => listing
            .packs
            .iter()
            .filter(|p| opened.collection.packs.contains(&p.id))
            .filter_map(|p| {
                let who = p.who.split_once(':').map(|(_, id)| id).unwrap_or_default();
                let role = listing.roles.iter().find(|r| r.id == who);
                let level = listing.levels.iter().find(|l| l.id == who);
                Some(json!({ "title": p.title, "href": p.html()?, "role": role.map(|r| &r.name),
                    "job_titles": role.and_then(|r| r.examples_text.as_ref()), "audience": level.and_then(|l| l.audience.as_ref()) }))
            })
            .collect(),
    };
    let notice = privacy_notice(&app, &opened);
    app.pages.render(
        "choose.html",
        json!({ "collection": opened.collection, "framework": listing.framework, "packs": packs,
        "person": opened.person.as_ref().map(|p| &p.name), "open": is_open(&opened), "notice": notice }),
    )
}

/// The privacy notice, shown on the chooser and by the HTML edition
/// before it sends.
fn privacy_notice(app: &App, opened: &Opened) -> String {
    let c = &opened.collection;
    app.pages.word("privacy_notice", json!({ "setting": c.setting, "retention_days": c.retention_days }))
}

/// Tells the HTML edition where to send, and the privacy notice to show
/// first; 404 when the collection is not open (the page then offers
/// downloading only, as offline).
pub async fn collection_json(State(app): State<Arc<App>>, Path(link): Path<String>) -> Result<Response, Failure> {
    let opened = open(&app, &link).await?;
    if !is_open(&opened) {
        return Err(Failure::NotFound);
    }
    let notice = privacy_notice(&app, &opened);
    Ok(Json(json!({ "send": "answers", "notice": notice })).into_response())
}

/// A pack's HTML edition, byte for byte as the library built it.
pub async fn edition(State(app): State<Arc<App>>, Path((link, file)): Path<(String, String)>) -> Result<Response, Failure> {
    let opened = open(&app, &link).await?;
    let path = match &opened.person {
        Some(person) if person.file == file => app.people_site_of(&opened.collection).await?.join(&file),
        Some(_) => return Err(Failure::NotFound),
        None => {
            let catalogue = app.catalogue.read().map_err(Failure::internal)?;
            let listing = catalogue.framework(&opened.collection.framework).ok_or(Failure::NotFound)?;
            if !listing.packs.iter().any(|p| opened.collection.packs.contains(&p.id) && p.html() == Some(file.as_str())) {
                return Err(Failure::NotFound);
            }
            app.site.join(&file)
        }
    };
    let html = tokio::fs::read_to_string(path).await.map_err(|_| Failure::NotFound)?;
    let policy = HeaderValue::from_str(&built_page_policy(&html)).map_err(Failure::internal)?;
    Ok(([(header::CONTENT_SECURITY_POLICY, policy)], Html(html)).into_response())
}

/// `submitAnswers`: the answers file exactly as "Download my answers"
/// saves it. Acknowledged (201, with the reference) only once committed.
pub async fn submit(State(app): State<Arc<App>>, Client(from): Client, Path(link): Path<String>, body: Bytes) -> Result<Response, Failure> {
    app.limits.send(from)?;
    let opened = app.db.open_link_to_send(&link).await?.ok_or(Failure::NotFound)?;
    if !is_open(&opened) {
        return Err(Failure::Closed("this collection is not open for answers; download your answers and give them to your lead".into()));
    }
    check_answers(&opened, &body)?;
    let person = opened.person.as_ref().map(|p| p.id);
    let (reference, received) = app.db.add_submission(opened.collection.id, person, "send", "answers.json", &body).await?;
    app.stale.changed(opened.collection.id);
    let received = time::OffsetDateTime::from_unix_timestamp(received)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default();
    Ok((StatusCode::CREATED, Json(json!({ "reference": reference, "received": received }))).into_response())
}

/// An answers file of one of the collection's packs: JSON with the
/// identity the HTML edition writes, and answers as text. The harvest's
/// readers check the rest when the results are made; this keeps what is
/// stored to what could be a send.
fn check_answers(opened: &Opened, body: &[u8]) -> Result<(), Failure> {
    let bad = |why: &str| Failure::Bad(format!("not an answers file of this collection: {why}; send it from the pack's page"));
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|_| bad("not JSON"))?;
    let identity = value.get("framewright").ok_or_else(|| bad("no framewright identity"))?;
    if identity.get("framework").and_then(|f| f.as_str()) != Some(opened.collection.framework.as_str()) {
        return Err(bad("another framework's"));
    }
    let pack = identity.get("pack").and_then(|p| p.as_str()).unwrap_or_default();
    let allowed = match &opened.person {
        Some(person) => person.pack == pack,
        None => opened.collection.packs.iter().any(|p| p == pack),
    };
    if !allowed {
        return Err(bad("a pack this collection does not use"));
    }
    let answers = value.get("answers").and_then(|a| a.as_object()).ok_or_else(|| bad("no answers"))?;
    if !answers.values().all(|v| v.is_string()) {
        return Err(bad("answers must be text"));
    }
    Ok(())
}
