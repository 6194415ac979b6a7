//! The service's own pages: minijinja templates in `crates/serve/templates/`
//! (built into the binary), every word from the `[serve]` table of the
//! project's strings, everything shown escaped (autoescape on `.html`).

use axum::response::{Html, IntoResponse, Response};
use minijinja::value::Serde;
use minijinja::{Environment, Value};
use serde::Serialize;

use super::failure::Failure;

pub struct Pages {
    env: Environment<'static>,
    words: Value,
}

const TEMPLATES: &[(&str, &str)] = &[
    ("layout.html", include_str!("../../templates/layout.html")),
    ("sign_in.html", include_str!("../../templates/sign_in.html")),
    ("password.html", include_str!("../../templates/password.html")),
    ("home.html", include_str!("../../templates/home.html")),
    ("new_collection.html", include_str!("../../templates/new_collection.html")),
    ("collection.html", include_str!("../../templates/collection.html")),
    ("choose.html", include_str!("../../templates/choose.html")),
    ("council.html", include_str!("../../templates/council.html")),
    ("users.html", include_str!("../../templates/users.html")),
    ("message.html", include_str!("../../templates/message.html")),
    ("audit.html", include_str!("../../templates/audit.html")),
    ("download.html", include_str!("../../templates/download.html")),
    ("downloads.html", include_str!("../../templates/downloads.html")),
    ("unsubscribe.html", include_str!("../../templates/unsubscribe.html")),
];

/// The stylesheet of the service's pages (`/static/style.css`).
pub const STYLE: &str = include_str!("../../templates/style.css");

impl Pages {
    pub fn new(words: serde_json::Map<String, serde_json::Value>) -> Result<Pages, String> {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            env.add_template(name, source).map_err(|e| format!("the service's template {name}: {e}"))?;
        }
        env.add_filter("date", date);
        Ok(Pages { env, words: Value::from(Serde(words)) })
    }

    /// Page `name` with `data`, and the words as `t`.
    pub fn render(&self, name: &str, data: impl Serialize) -> Result<Response, Failure> {
        let template = self.env.get_template(name).map_err(Failure::internal)?;
        let html =
            template.render(minijinja::context! { t => self.words.clone(), ..Value::from(Serde(data)) }).map_err(Failure::internal)?;
        Ok(Html(html).into_response())
    }

    /// One word of the strings table, with `{{ … }}` slots filled from `data`.
    pub fn word(&self, key: &str, data: impl Serialize) -> String {
        let text = self.words.get_attr(key).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        self.env.render_str(&text, Serde(data)).unwrap_or(text)
    }
}

/// Seconds since 1970 as a date and time people read (UTC).
pub fn date(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| t.format(time::macros::format_description!("[day] [month repr:short] [year], [hour]:[minute] UTC")).ok())
        .unwrap_or_default()
}
