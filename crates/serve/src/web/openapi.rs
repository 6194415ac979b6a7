//! The API's description, docs/openapi.json, served as written at
//! `/api/openapi.json`. Its test holds it to the router: every route of
//! `mod.rs` under `/api/` and `/s/` is in the document with the same
//! methods, and the document has no other.

use axum::http::header;
use axum::response::IntoResponse;

pub const DOCUMENT: &str = include_str!("../../../../docs/openapi.json");

pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "public, max-age=3600")], DOCUMENT)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::DOCUMENT;

    /// The router, as written: `web/mod.rs` builds it.
    const ROUTER: &str = include_str!("mod.rs");
    const METHODS: &[&str] = &["get", "post", "put", "patch", "delete"];
    const DOCUMENTED: &[&str] = &["/api/", "/s/"];

    /// `(path, method)` of every `.route("PATH", get(…).post(…))` in
    /// `source`: each method is a call of `get`, `post`… by that bare name
    /// (not `lead::get_x(`) between the path and the next route.
    fn routes(source: &str) -> BTreeSet<(String, String)> {
        let mut out = BTreeSet::new();
        // As rustfmt may wrap a long route over lines.
        let flat = source.split_whitespace().collect::<Vec<_>>().join(" ").replace(".route( \"", ".route(\"");
        for chunk in flat.split(".route(\"").skip(1) {
            let Some((path, rest)) = chunk.split_once('"') else { continue };
            let handlers = rest.split(".layer(DefaultBodyLimit::max(FORM_BYTES))").next().unwrap_or(rest);
            let bytes = handlers.as_bytes();
            for method in METHODS {
                let call = format!("{method}(");
                let called = handlers
                    .match_indices(&call)
                    .any(|(at, _)| at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_' || bytes[at - 1] == b':'));
                if called {
                    out.insert((path.to_string(), method.to_string()));
                }
            }
        }
        out
    }

    fn documented(routes: BTreeSet<(String, String)>) -> BTreeSet<(String, String)> {
        routes.into_iter().filter(|(path, _)| DOCUMENTED.iter().any(|p| path.starts_with(p))).collect()
    }

    #[test]
    fn the_document_lists_exactly_the_routes_of_the_router() {
        let document: serde_json::Value = serde_json::from_str(DOCUMENT).expect("docs/openapi.json is JSON");
        assert_eq!(document["openapi"], "3.1.0");
        let paths = document["paths"].as_object().expect("the document has paths");
        let in_document: BTreeSet<(String, String)> = paths
            .iter()
            .flat_map(|(path, item)| {
                let item = item.as_object().expect("a path item is an object");
                METHODS.iter().filter(|m| item.contains_key(**m)).map(move |m| (path.clone(), m.to_string()))
            })
            .collect();
        let in_router = documented(routes(ROUTER));
        assert!(in_router.contains(&("/api/openapi.json".into(), "get".into())), "the router was read: {in_router:?}");
        assert_eq!(in_document, in_router, "docs/openapi.json and the router of web/mod.rs differ");
    }

    #[test]
    fn every_operation_has_an_id_and_json_errors() {
        let document: serde_json::Value = serde_json::from_str(DOCUMENT).unwrap();
        let mut ids = BTreeSet::new();
        for (path, item) in document["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                let id = operation["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path}: no operationId"));
                assert!(ids.insert(id.to_string()), "operationId {id} twice");
                for (status, response) in operation["responses"].as_object().unwrap() {
                    if status.starts_with('4') || status.starts_with('5') {
                        let name = response["$ref"].as_str().unwrap_or_default().rsplit('/').next().unwrap_or_default();
                        let schema = &document["components"]["responses"][name]["content"]["application/json"]["schema"]["$ref"];
                        assert_eq!(schema, "#/components/schemas/Error", "{method} {path} {status}: an error is {{message}}");
                    }
                }
            }
        }
        for id in [
            "createCollection",
            "submitAnswers",
            "listSubmissions",
            "uploadReturns",
            "exportResponses",
            "exportSummary",
            "sendSummary",
            "councilSummary",
            "listCollections",
        ] {
            assert!(ids.contains(id), "operationId {id} missing");
        }
    }

    #[test]
    fn routes_are_read_with_their_methods_only() {
        let source = r#".route("/a", get(x::get_all).post(post_it)).route("/b/{id}", post(lead::b).layer(DefaultBodyLimit::max(n))).route("/c", get(c))"#;
        let found: Vec<(String, String)> = routes(source).into_iter().collect();
        let want = [("/a", "get"), ("/a", "post"), ("/b/{id}", "post"), ("/c", "get")].map(|(p, m)| (p.to_string(), m.to_string()));
        assert_eq!(found, want);
    }
}
