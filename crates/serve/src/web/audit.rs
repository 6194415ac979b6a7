//! The audit log as a page: every event for the council, a lead's own
//! setting's for a lead, newest first.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use serde_json::json;

use super::caller::Caller;
use super::failure::Failure;
use crate::App;
use crate::store::audit::PAGE;

pub async fn page(caller: Caller, State(app): State<Arc<App>>) -> Result<Response, Failure> {
    let setting = match (&caller.user.setting, caller.is_council()) {
        (_, true) => None,
        (Some(setting), false) => Some(setting.as_str()),
        (None, false) => return Err(Failure::NotFound),
    };
    let events = app.db.audit_log(setting, PAGE).await?;
    app.db.audit(&caller.actor(), "view audit log", "").await?;
    app.pages.render("audit.html", json!({ "user": caller.user, "csrf": caller.csrf, "events": events, "limit": PAGE }))
}
