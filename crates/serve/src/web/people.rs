//! A person's data at their request, asked of their setting's lead: the
//! collection page's forms and the API (`/api/collections/{id}/people/…`)
//! call the same functions of [`crate::person`].

use std::sync::Arc;

use axum::Json;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::caller::Caller;
use super::failure::Failure;
use super::lead::owned;
use crate::App;
use crate::person::{self, Asked};

/// Every version the person sent, as a JSON file to hand them.
pub async fn export(
    caller: Caller,
    State(app): State<Arc<App>>,
    Path(id): Path<i64>,
    Query(asked): Query<Asked>,
) -> Result<Response, Failure> {
    let collection = owned(&app, &caller, id).await?;
    let query = person::Query::of(&asked)?;
    let document = person::export(&app, &caller.actor(), &collection, &query).await?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"person-{id}.json\"")).map_err(Failure::internal)?;
    Ok(([(header::CONTENT_DISPOSITION, disposition)], Json(document)).into_response())
}

async fn erase(app: &Arc<App>, caller: &Caller, id: i64, asked: &Asked) -> Result<Vec<String>, Failure> {
    let collection = owned(app, caller, id).await?;
    let query = person::Query::of(asked)?;
    person::erase(app, &caller.actor(), &collection, &query).await
}

pub async fn erase_api(
    caller: Caller,
    State(app): State<Arc<App>>,
    Path(id): Path<i64>,
    Json(asked): Json<Asked>,
) -> Result<Response, Failure> {
    let erased = erase(&app, &caller, id, &asked).await?;
    Ok(Json(json!({ "erased": erased })).into_response())
}

pub async fn erase_form(
    caller: Caller,
    State(app): State<Arc<App>>,
    Path(id): Path<i64>,
    Form(asked): Form<Asked>,
) -> Result<Response, Failure> {
    let erased = erase(&app, &caller, id, &asked).await?;
    let message = app.pages.word("person_erased", json!({ "count": erased.len(), "references": erased.join(", ") }));
    app.pages.render(
        "message.html",
        json!({ "user": caller.user, "csrf": caller.csrf, "heading": app.pages.word("person_heading", json!({})), "message": message,
        "back": format!("/collections/{id}") }),
    )
}
