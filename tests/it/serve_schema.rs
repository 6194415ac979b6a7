//! The HTTP API against its description: `framewright serve` started on a
//! loopback port with a lead and a collection, and schemathesis (PyPI)
//! generating requests from docs/openapi.json, valid and not, checking
//! that none gets a server error and every answer has a status, content
//! type and body the document gives.

use std::path::Path;
use std::process::Command;

use crate::common::*;
use serde_json::{Value, json};

/// Requests schemathesis makes per operation and phase: enough to reach
/// every status, few enough to finish in seconds.
const EXAMPLES: &str = "60";

/// schemathesis over docs/openapi.json as `token`'s holder, with path
/// parameters fixed by `config` (or generated, without); what it said.
fn schemathesis(dir: &Path, base: &str, token: &str, config: &Path) -> std::process::Output {
    let document = root().join("docs/openapi.json");
    Command::new("schemathesis")
        .arg("--config-file")
        .arg(config)
        .args(["run", document.to_str().unwrap(), "--url", base])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"])
        .args(["--max-examples", EXAMPLES, "--seed", "25", "--workers", "2", "--generation-database", "none", "--no-color"])
        // The coverage phase is left out: on Debian's Python 3.11 it stops
        // inside schemathesis (a SystemError from CPython's ast), whatever the API.
        .args(["--phases", "examples,fuzzing"])
        .current_dir(dir)
        .output()
        .expect("schemathesis runs (pip install schemathesis: .ci/run installs it)")
}

fn assert_passed(output: &std::process::Output, what: &str, server: &Service) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "schemathesis found {what} off docs/openapi.json:\n{stdout}\n{}\n--- server:\n{}",
        String::from_utf8_lossy(&output.stderr),
        server.log()
    );
    assert!(stdout.contains("passed"), "schemathesis ran no test:\n{stdout}");
}

crate::on_each_database!(schemathesis_finds_the_api_as_documented);

fn schemathesis_finds_the_api_as_documented(database: Database) {
    let dir = TempDir::new("serve-api");
    for folder in ["sources", "templates", "fonts"] {
        copy_dir(&root().join(folder), &dir.path.join(folder));
    }
    let mut server = Service::in_project("serve-api", database, dir);
    server.add_account("lead@example.org", "lead", Some("Oak School"));
    server.add_account("council@example.org", "council", None);
    let lead = server.token("lead@example.org");
    let council = server.token("council@example.org");
    server.start(&[]);

    let open = || -> Value {
        let body = json!({"title": "Autumn term", "framework": "london-safeguarding"});
        server.json("POST", "/api/collections", &Credentials::bearer(&lead), &body).expect(201).json()
    };
    // The lead's collection, and another whose share link takes the
    // generated sends: their answers hold control characters, which the
    // library's report.pdf cannot show yet (a known bug: the harvest then
    // fails, and with it every result of the collection holding them).
    let (collection, sent_to) = (open(), open());
    let link = sent_to["link"].as_str().unwrap();
    assert!(link.starts_with(&format!("{}/s/", server.base)), "the link is where the server listens: {link}");
    let secret = link.trim_end_matches('/').rsplit('/').next().unwrap();

    // Real collection numbers and links, so that requests reach the
    // handlers' work (sends stored, results harvested, the summary sent)
    // rather than stopping at 404.
    let dir = &server.project;
    let real = dir.write("real.toml", format!("[parameters]\n\"path.id\" = {}\n\"path.link\" = \"{secret}\"\n", collection["id"]));
    let output = schemathesis(&dir.path, &server.base, &lead, &real);
    assert_passed(&output, "the lead's API and the share link", &server);

    // Generated numbers and links (someone else's, or nothing), and the
    // council's token: 404s, 403s and the merged summary.
    let generated = dir.write("generated.toml", "");
    let output = schemathesis(&dir.path, &server.base, &council, &generated);
    assert_passed(&output, "the council's view and unknown collections", &server);

    let document = server.get("/api/openapi.json", &Credentials::default());
    assert_eq!(
        (document.status, document.text().as_str()),
        (200, include_str!("../../docs/openapi.json")),
        "the server serves the document as written"
    );
}
