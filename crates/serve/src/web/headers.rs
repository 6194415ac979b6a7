//! The headers every response carries: a Content-Security-Policy (the
//! service's own pages allow only their own stylesheet; a built page,
//! which carries its style and script inline, allows exactly those, by
//! hash), and the rest of what keeps a page from being framed, sniffed or
//! leaking its address.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// For the service's own pages (no inline style or script at all).
const OWN_PAGES: &str =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

pub async fn secure(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(OWN_PAGES));
    }
    let fixed: [(HeaderName, &str); 4] = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The policy of a built page (an HTML edition, a report): its inline
/// `<style>` and `<script>` elements by hash, the data: images it embeds,
/// and sends to this service only.
pub fn built_page_policy(html: &str) -> String {
    let hashes = |tag: &str| -> String {
        inline_elements(html, tag)
            .into_iter()
            .map(|body| format!(" 'sha256-{}'", STANDARD.encode(Sha256::digest(body.as_bytes()))))
            .collect()
    };
    let scripts = hashes("script");
    let script_src = if scripts.is_empty() { " 'none'".to_string() } else { scripts };
    format!(
        "default-src 'none'; script-src{script_src}; style-src{}; img-src data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
        hashes("style")
    )
}

/// The text of every `<tag>…</tag>` element with no attributes.
fn inline_elements<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    html.match_indices(open.as_str())
        .filter_map(|(at, _)| {
            let start = at + open.len();
            html[start..].find(close.as_str()).map(|len| &html[start..start + len])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_built_page_allows_its_own_inline_elements_only() {
        let policy = built_page_policy("<style>a{}</style><p>x</p><script>go()</script>");
        let hash = |s: &str| STANDARD.encode(Sha256::digest(s.as_bytes()));
        assert!(policy.contains(&format!("script-src 'sha256-{}';", hash("go()"))), "{policy}");
        assert!(policy.contains(&format!("style-src 'sha256-{}';", hash("a{}"))), "{policy}");
        assert!(built_page_policy("<p>no script</p>").contains("script-src 'none'"));
    }
}
