//! The council's view of who downloaded its frameworks: for each framework
//! whose source asks downloaders to register, the registrations by role
//! (every role of the framework, those nobody chose at zero) and by
//! organisation; every registrant as CSV; and erasing a registrant's
//! details when they ask (the consent text promises it). All audited.

use std::sync::Arc;

use axum::extract::{Form, State};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::caller::Caller;
use super::council::council_only;
use super::download::attachment;
use super::failure::Failure;
use crate::library::Listing;
use crate::store::registrations::{FIELDS, Grouping, Registrant};
use crate::{App, notices};

pub async fn page(caller: Caller, State(app): State<Arc<App>>) -> Result<Response, Failure> {
    council_only(&caller)?;
    let listings: Vec<Listing> = {
        let catalogue = app.catalogue.read().map_err(Failure::internal)?;
        catalogue.frameworks.iter().filter(|l| !l.registration.is_empty()).cloned().collect()
    };
    let mut frameworks = Vec::new();
    for listing in &listings {
        frameworks.push(framework_counts(&app, listing).await?);
    }
    app.db.audit(&caller.actor(), "view downloads", "").await?;
    app.pages.render(
        "downloads.html",
        json!({ "user": caller.user, "csrf": caller.csrf, "frameworks": frameworks, "mail": app.mailer.is_some() }),
    )
}

/// One framework's counts, as the page shows them.
async fn framework_counts(app: &App, listing: &Listing) -> Result<Value, Failure> {
    let id = &listing.framework.id;
    let asks = |field: &str| listing.registration.iter().any(|f| f == field);
    let roles = app.db.registration_counts(id, Grouping::Role).await?;
    let total: i64 = roles.iter().map(|(_, n)| n).sum();
    let by_role = asks("role").then(|| by_role(listing, &roles));
    let by_organisation = if asks("organisation") { Some(app.db.registration_counts(id, Grouping::Organisation).await?) } else { None };
    let due = app.db.notices_due(id, &listing.framework.version).await?.len();
    let notices = asks("email").then(|| app.pages.word("notices_due", json!({ "count": due, "version": listing.framework.version })));
    Ok(json!({ "id": id, "title": listing.framework.title, "registered": app.pages.word("downloads_registered", json!({ "count": total })),
        "by_role": by_role, "by_organisation": by_organisation, "notices": notices, "due": due }))
}

/// Every role of the framework with its count (zero when nobody chose
/// it), in the framework's order, then any role chosen that the source
/// no longer has, by its id.
fn by_role(listing: &Listing, counts: &[(String, i64)]) -> Vec<(String, i64)> {
    let count = |id: &str| counts.iter().find(|(role, _)| role == id).map_or(0, |(_, n)| *n);
    let known = |id: &str| listing.roles.iter().any(|r| r.id == id);
    let listed = listing.roles.iter().map(|r| (r.name.clone(), count(&r.id)));
    let gone = counts.iter().filter(|(id, _)| !id.is_empty() && !known(id)).cloned();
    listed.chain(gone).collect()
}

/// Every registrant, oldest first: when they consented, the framework, and
/// each field a download page may ask (empty where it was not asked).
pub async fn csv(caller: Caller, State(app): State<Arc<App>>) -> Result<Response, Failure> {
    council_only(&caller)?;
    let registrants = app.db.registrants().await?;
    let bytes = registrants_csv(&registrants).map_err(Failure::internal)?;
    app.db.audit(&caller.actor(), "export registrants", "registrants.csv").await?;
    attachment("registrants.csv", "text/csv; charset=utf-8", bytes)
}

#[derive(Deserialize)]
pub struct Notify {
    framework: String,
}

/// Emails the framework's registrants who have not been told of the
/// edition now served ([`crate::notices`]).
pub async fn notify(caller: Caller, State(app): State<Arc<App>>, Form(asked): Form<Notify>) -> Result<Response, Failure> {
    council_only(&caller)?;
    let mailer = app.mailer.as_ref().ok_or_else(|| Failure::Bad(app.pages.word("notices_off", json!({}))))?;
    let outcome = notices::send(&app, mailer, &asked.framework, &caller.actor()).await?;
    let message = app.pages.word(
        "notices_sent",
        json!({ "count": outcome.sent, "version": outcome.version, "failed": outcome.failed.len(), "refused": outcome.failed }),
    );
    app.pages.render(
        "message.html",
        json!({ "user": caller.user, "csrf": caller.csrf, "heading": app.pages.word("notices_heading", json!({})), "message": message,
        "back": "/council/downloads" }),
    )
}

#[derive(Deserialize)]
pub struct Erase {
    email: String,
}

/// Deletes the registrations given with an email address: the person's
/// details and the download links they were sent (which stop working).
/// The audit log counts them and does not keep the address.
pub async fn erase(caller: Caller, State(app): State<Arc<App>>, Form(asked): Form<Erase>) -> Result<Response, Failure> {
    council_only(&caller)?;
    if !asked.email.contains('@') {
        return Err(Failure::Bad(app.pages.word("registrant_erase_email", json!({}))));
    }
    let count = app.db.erase_registrations(&asked.email).await?;
    app.db.audit(&caller.actor(), "erase registrant", &format!("{count} registrations")).await?;
    app.pages.render(
        "message.html",
        json!({ "user": caller.user, "csrf": caller.csrf, "heading": app.pages.word("registrant_erase_heading", json!({})),
        "message": app.pages.word("registrant_erased", json!({ "count": count })), "back": "/council/downloads" }),
    )
}

/// RFC 4180 with CRLF line ends, as `responses.csv`; every cell made
/// [`inert`].
fn registrants_csv(registrants: &[Registrant]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    out.write_record(["consented", "framework"].iter().chain(&FIELDS))?;
    for r in registrants {
        let consented = time::OffsetDateTime::from_unix_timestamp(r.consented)
            .ok()
            .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
            .unwrap_or_default();
        let details = r.details.iter().map(|d| d.as_deref().unwrap_or_default());
        out.write_record([consented.as_str(), r.framework.as_str()].into_iter().chain(details).map(inert))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

/// A cell a spreadsheet would read as a formula (starting = + - @, or a
/// tab or carriage return, which some read the same way) starts with `'`
/// instead, so that opening the export runs nothing a downloader typed.
fn inert(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_that_a_spreadsheet_would_run_is_quoted() {
        for hostile in ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)", "\tx"] {
            assert_eq!(inert(hostile), format!("'{hostile}"));
        }
        assert_eq!(inert("Oak School"), "Oak School");
        let r = Registrant { framework: "f".into(), consented: 0, details: [Some("=1+1".into()), None, None, None, None, None] };
        let text = String::from_utf8(registrants_csv(&[r]).unwrap()).unwrap();
        assert_eq!(
            text,
            "consented,framework,name,email,organisation,role,job_title,setting_type\r\n1970-01-01T00:00:00Z,f,'=1+1,,,,,\r\n"
        );
    }
}
