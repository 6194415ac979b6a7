//! A framework's public download page (`/download/{framework}/`): every
//! pack's files as built. When the source asks downloaders to register
//! (`[packs.registration]`), the page first asks the fields it names, with
//! the consent text of the strings table and a box to tick; the
//! registration is stored and the next page holds the links, each
//! carrying the registration's secret (no cookie). Without it, a file is
//! not given; a source that asks nothing has its files free.
//!
//! The page's words are the listing's (the `[download]` table `build`'s
//! download page reads too); a framework built in several languages has
//! its page in each (`?lang=cy`), each linking to the others, and every
//! file link says its language.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Form;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::failure::Failure;
use super::headers::built_page_policy;
use crate::App;
use crate::library::{Language, Listing};
use crate::store::registrations::{Details, FIELDS};

/// The longest detail taken: a name, an address or an organisation.
const DETAIL_CHARS: usize = 200;

fn listing(app: &App, framework: &str) -> Result<Listing, Failure> {
    let catalogue = app.catalogue.read().map_err(Failure::internal)?;
    catalogue.framework(framework).cloned().ok_or(Failure::NotFound)
}

/// The page of links; for a source that asks downloaders to register,
/// the form first, unless the address carries a registration's secret
/// (a notice's link to the new edition, or the page kept from before).
pub async fn page(
    State(app): State<Arc<App>>,
    Path(framework): Path<String>,
    Query(Token { token, lang }): Query<Token>,
) -> Result<Response, Failure> {
    let listing = listing(&app, &framework)?;
    if listing.registration.is_empty() {
        return links(&app, &listing, None, lang.as_deref());
    }
    if let Some(token) = token
        && app.db.registered(&listing.framework.id, &token).await?
    {
        return links(&app, &listing, Some(&token), lang.as_deref());
    }
    form(&app, &listing, &BTreeMap::new(), None)
}

/// The framework and the registration whose link carries `token`.
async fn registrant(app: &App, framework: &str, token: Option<String>) -> Result<(Listing, i64, String), Failure> {
    let listing = listing(app, framework)?;
    let token = token.ok_or(Failure::NotFound)?;
    let id = app.db.registration(&listing.framework.id, &token).await?.ok_or(Failure::NotFound)?;
    Ok((listing, id, token))
}

/// A notice's "stop these emails" link: a page with a button, so that a
/// mail program fetching links ahead of its reader unsubscribes nobody.
pub async fn unsubscribe_page(
    State(app): State<Arc<App>>,
    Path(framework): Path<String>,
    Query(asked): Query<Token>,
) -> Result<Response, Failure> {
    let (listing, _, token) = registrant(&app, &framework, asked.token).await?;
    app.pages.render("unsubscribe.html", json!({ "title": title(&listing), "framework": listing.framework, "token": token }))
}

/// The button pressed, or a mail program's one-click unsubscribe (RFC
/// 8058: a POST to the link itself): no more notices.
pub async fn unsubscribe(
    State(app): State<Arc<App>>,
    Path(framework): Path<String>,
    Query(asked): Query<Token>,
) -> Result<Response, Failure> {
    let (listing, id, _) = registrant(&app, &framework, asked.token).await?;
    app.db.unsubscribe(id).await?;
    app.db.audit("a registrant", "unsubscribe from notices", &listing.framework.id).await?;
    let heading = app.pages.word("unsubscribe_heading", json!({}));
    let message = app.pages.word("unsubscribed", json!({ "framework": listing.framework.title }));
    app.pages.render("message.html", json!({ "heading": heading, "message": message }))
}

/// Stores a registration and answers with the page of links; a form that
/// misses a field, or whose consent box is not ticked, comes back with
/// what to put right.
pub async fn register(
    State(app): State<Arc<App>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    Path(framework): Path<String>,
    Form(given): Form<BTreeMap<String, String>>,
) -> Result<Response, Failure> {
    app.limits.send(from.ip())?;
    let listing = listing(&app, &framework)?;
    if listing.registration.is_empty() {
        return Err(Failure::NotFound);
    }
    match details(&listing, &given) {
        Ok(details) => {
            let token = app.db.add_registration(&listing.framework.id, &listing.framework.version, &details).await?;
            links(&app, &listing, Some(&token), None)
        }
        Err(wrong) => {
            let labels: Vec<String> = wrong.iter().map(|field| label(&app, &listing, field)).collect();
            let message = app.pages.word("register_check", json!({ "fields": labels.join("; ") }));
            let mut page = form(&app, &listing, &given, Some(&message))?;
            *page.status_mut() = StatusCode::BAD_REQUEST;
            Ok(page)
        }
    }
}

/// The details of a filled form, or the fields (and `consent`) to put right.
fn details(listing: &Listing, given: &BTreeMap<String, String>) -> Result<Details, Vec<String>> {
    let mut details = Details::default();
    let mut wrong = Vec::new();
    for field in &listing.registration {
        let value = given.get(field).map(|v| v.trim()).unwrap_or_default();
        let fits = match field.as_str() {
            "email" => value.contains('@') && !value.contains(char::is_whitespace),
            "role" => listing.roles.iter().any(|r| r.id == value),
            _ => !value.is_empty(),
        };
        match FIELDS.iter().position(|f| f == field) {
            Some(at) if fits && value.chars().count() <= DETAIL_CHARS => details[at] = Some(value.to_string()),
            _ => wrong.push(field.clone()),
        }
    }
    if given.get("consent").map(String::as_str) != Some("yes") {
        wrong.push("consent".into());
    }
    if wrong.is_empty() { Ok(details) } else { Err(wrong) }
}

fn label(app: &App, listing: &Listing, field: &str) -> String {
    let key = if field == "consent" { "register_agree".to_string() } else { format!("register_{field}") };
    app.pages.word(&key, json!({ "publisher": listing.framework.publisher }))
}

fn form(app: &App, listing: &Listing, given: &BTreeMap<String, String>, message: Option<&str>) -> Result<Response, Failure> {
    let fields: Vec<Value> = listing
        .registration
        .iter()
        .map(|field| {
            let (kind, autocomplete) = match field.as_str() {
                "name" => ("text", "name"),
                "email" => ("email", "email"),
                "organisation" => ("text", "organization"),
                "job_title" => ("text", "organization-title"),
                "role" => ("select", "off"),
                _ => ("text", "off"),
            };
            json!({ "name": field, "label": label(app, listing, field), "kind": kind, "autocomplete": autocomplete,
                "value": given.get(field).map(|v| v.trim()).unwrap_or_default() })
        })
        .collect();
    let publisher = json!({ "publisher": listing.framework.publisher });
    app.pages.render(
        "download.html",
        json!({ "title": title(listing), "framework": listing.framework, "form": fields, "roles": listing.roles,
            "max": DETAIL_CHARS, "message": message, "hint": app.pages.word("register_hint", &publisher),
            "consent": app.pages.word("register_consent", &publisher), "agree": label(app, listing, "consent") }),
    )
}

fn title(listing: &Listing) -> String {
    listing.word("serve_title", &listing.framework.title)
}

/// The page of links, worded in language `lang` where the framework is
/// built in it (else in its own), with a link to the page in each other
/// language its files are in.
fn links(app: &App, listing: &Listing, token: Option<&str>, lang: Option<&str>) -> Result<Response, Failure> {
    let shown = listing.in_language(lang);
    let packs: Vec<_> = shown.all_packs().collect();
    let earlier: Vec<Value> = listing
        .earlier
        .iter()
        .map(|e| {
            let e = e.in_language(lang);
            json!({ "caption": e.word("serve_edition", &e.framework.version), "packs": e.all_packs().collect::<Vec<_>>() })
        })
        .collect();
    let languages: Vec<&Language> = if listing.languages.len() > 1 {
        listing.languages.iter().filter(|l| l.tag != shown.framework.language).collect()
    } else {
        Vec::new()
    };
    app.pages.render(
        "download.html",
        json!({ "title": title(shown), "framework": shown.framework, "w": shown.text, "packs": packs, "earlier": earlier,
            "token": token, "languages": languages, "several": listing.languages.len() > 1 }),
    )
}

#[derive(Deserialize)]
pub struct Token {
    token: Option<String>,
    /// The language to show the download page in.
    lang: Option<String>,
}

/// One built file of the framework's packs, byte for byte; with the
/// secret of a registration when the source asks downloaders to register.
pub async fn file(
    State(app): State<Arc<App>>,
    Path((framework, name)): Path<(String, String)>,
    Query(Token { token, .. }): Query<Token>,
) -> Result<Response, Failure> {
    send_file(&app, &framework, &name, token).await
}

/// A file of an earlier edition, as the site's archive keeps it
/// (`/download/{framework}/archive/…`, its path in the site).
pub async fn archived(
    State(app): State<Arc<App>>,
    Path((framework, rest)): Path<(String, String)>,
    Query(Token { token, .. }): Query<Token>,
) -> Result<Response, Failure> {
    send_file(&app, &framework, &format!("archive/{rest}"), token).await
}

/// The built file `name` of the framework's current or earlier editions,
/// if the listing names it (so no other path of the site is reachable).
async fn send_file(app: &App, framework: &str, name: &str, token: Option<String>) -> Result<Response, Failure> {
    let listing = listing(app, framework)?;
    let editions = std::iter::once(&listing).chain(&listing.earlier);
    let built = editions.flat_map(Listing::all_packs).flat_map(|p| &p.files).find(|f| f.name == name).ok_or(Failure::NotFound)?;
    if !listing.registration.is_empty() {
        let token = token.ok_or(Failure::NotFound)?;
        if !app.db.registered(&listing.framework.id, &token).await? {
            return Err(Failure::NotFound);
        }
    }
    let bytes = tokio::fs::read(app.site.join(&built.name)).await.map_err(|_| Failure::NotFound)?;
    if built.format == "html" {
        let html = String::from_utf8(bytes).map_err(Failure::internal)?;
        let policy = HeaderValue::from_str(&built_page_policy(&html)).map_err(Failure::internal)?;
        return Ok(([(header::CONTENT_SECURITY_POLICY, policy)], Html(html)).into_response());
    }
    let kind = match built.format.as_str() {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    };
    // Saved under its own name, not its path in the archive.
    attachment(built.name.rsplit('/').next().unwrap_or(&built.name), kind, bytes)
}

/// `bytes` to be saved as file `name` (a name the service chose).
pub fn attachment(name: &str, kind: &'static str, bytes: Vec<u8>) -> Result<Response, Failure> {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")).map_err(Failure::internal)?;
    Ok(([(header::CONTENT_TYPE, HeaderValue::from_static(kind)), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
}
