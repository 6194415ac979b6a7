//! Who is asking: a person signed in (a session cookie) or a script (an
//! API token, `Authorization: Bearer …`). A request that changes
//! anything on a session must carry the session's CSRF token, in the
//! `X-CSRF-Token` header or the form's `csrf` query parameter (the
//! service's forms put it in their action, so that uploads carry it too);
//! a token-bearing script has no ambient cookie to abuse, so needs none.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};

use super::failure::Failure;
use crate::App;
use crate::secret;
use crate::store::accounts::{Role, User};
use crate::store::audit::Actor;

/// The session cookie. `__Host-` binds it to this host and path `/`, sent
/// only over HTTPS (and, as browsers allow, to http://localhost).
pub const SESSION_COOKIE: &str = "__Host-framewright";

pub struct Caller {
    pub user: User,
    /// The session's CSRF token, for the forms of the page (none for a script).
    pub csrf: Option<String>,
}

impl Caller {
    pub fn is_council(&self) -> bool {
        self.user.role == Role::Council
    }

    /// What the audit log calls them, and the setting a lead acts for.
    pub fn actor(&self) -> Actor {
        let setting = if self.is_council() { None } else { self.user.setting.clone() };
        Actor { name: format!("{} ({})", self.user.email, self.user.role.as_str()), setting }
    }
}

/// The value of cookie `name` in the request.
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn query_csrf(parts: &Parts) -> Option<&str> {
    parts.uri.query()?.split('&').filter_map(|pair| pair.split_once('=')).find(|(k, _)| *k == "csrf").map(|(_, v)| v)
}

impl FromRequestParts<Arc<App>> for Caller {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Failure> {
        let api = parts.uri.path().starts_with("/api/");
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let token = value.to_str().ok().and_then(|v| v.strip_prefix("Bearer ")).ok_or(Failure::Unauthorised)?;
            let user = app.db.token_user(token.trim()).await?.ok_or(Failure::Unauthorised)?;
            return Ok(Caller { user, csrf: None });
        }
        let not_in = if api { Failure::Unauthorised } else { Failure::SignIn };
        let Some(session) = cookie_value(&parts.headers, SESSION_COOKIE) else { return Err(not_in) };
        let Some((user, csrf)) = app.db.session(session).await? else { return Err(not_in) };
        if !matches!(parts.method, Method::GET | Method::HEAD) {
            let given = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).or_else(|| query_csrf(parts));
            if !given.is_some_and(|g| secret::same(g, &csrf)) {
                return Err(Failure::Forbidden);
            }
        }
        Ok(Caller { user, csrf: Some(csrf) })
    }
}
