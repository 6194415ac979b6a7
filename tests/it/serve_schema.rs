//! The HTTP API against its description: `framewright serve` started on a
//! loopback port with a lead and a collection, and schemathesis (PyPI)
//! generating requests from docs/openapi.json, valid and not, checking
//! that none gets a server error and every answer has a status, content
//! type and body the document gives.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::common::*;
use serde_json::Value;

/// The server has built every HTML edition by then, on a busy machine.
const START: Duration = Duration::from_secs(180);
/// Requests schemathesis makes per operation and phase: enough to reach
/// every status, few enough to finish in seconds.
const EXAMPLES: &str = "60";

/// A `framewright serve` process, stopped when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `framewright serve ARGS… --data DATA` in `dir`, checking it exits 0; its stdout.
fn serve_command(dir: &Path, args: &[&str]) -> String {
    let data = dir.join("data");
    let mut all = vec!["serve"];
    all.extend(args);
    all.extend(["--data", data.to_str().unwrap()]);
    run_in(dir, all).assert_code(0).stdout.trim().to_string()
}

/// Starts the server on a free loopback port of `dir`'s project; returns
/// once it says where it listens.
fn start(dir: &Path) -> Server {
    let data = dir.join("data");
    let mut child = Command::new(env!("CARGO_BIN_EXE_framewright"))
        .args(["serve", "--data", data.to_str().unwrap(), "--listen", "127.0.0.1:0"])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("framewright serve starts");
    let stderr = child.stderr.take().unwrap();
    let (tell, told) = mpsc::channel();
    // Reads every line the server writes, so that it never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            eprintln!("server: {line}");
            if let Some(address) = line.strip_prefix("framewright serve: listening on ") {
                let _ = tell.send(address.to_string());
            }
        }
    });
    let address = told.recv_timeout(START).expect("the server says where it listens");
    Server { child, address }
}

/// One HTTP/1.1 request; the status and the body.
fn request(address: &str, method: &str, path: &str, token: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).expect("the server accepts connections");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").expect("an HTTP answer");
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status line");
    (status, body.to_string())
}

/// schemathesis over docs/openapi.json as `token`'s holder, with path
/// parameters fixed by `config` (or generated, without); what it said.
fn schemathesis(dir: &Path, address: &str, token: &str, config: &Path) -> std::process::Output {
    let document = root().join("docs/openapi.json");
    Command::new("schemathesis")
        .arg("--config-file")
        .arg(config)
        .args(["run", document.to_str().unwrap(), "--url", &format!("http://{address}")])
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

fn assert_passed(output: &std::process::Output, what: &str) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "schemathesis found {what} off docs/openapi.json:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("passed"), "schemathesis ran no test:\n{stdout}");
}

#[test]
fn schemathesis_finds_the_api_as_documented() {
    let dir = TempDir::new("serve-api");
    for folder in ["sources", "templates", "fonts"] {
        copy_dir(&root().join(folder), &dir.path.join(folder));
    }
    serve_command(&dir.path, &["user", "add", "lead@example.org", "--role", "lead", "--setting", "Oak School"]);
    serve_command(&dir.path, &["user", "add", "council@example.org", "--role", "council"]);
    let lead = serve_command(&dir.path, &["token", "create", "lead@example.org"]);
    let council = serve_command(&dir.path, &["token", "create", "council@example.org"]);
    let server = start(&dir.path);

    let open = || -> Value {
        let (status, body) =
            request(&server.address, "POST", "/api/collections", &lead, r#"{"title": "Autumn term", "framework": "london-safeguarding"}"#);
        assert_eq!(status, 201, "createCollection: {body}");
        serde_json::from_str(&body).unwrap()
    };
    // The lead's collection, and another whose share link takes the
    // generated sends: their answers hold control characters, which the
    // library's report.pdf cannot show yet (a known bug: the harvest then
    // fails, and with it every result of the collection holding them).
    let (collection, sent_to) = (open(), open());
    let link = sent_to["link"].as_str().unwrap();
    assert!(link.starts_with(&format!("http://{}/s/", server.address)), "the link is where the server listens: {link}");
    let secret = link.trim_end_matches('/').rsplit('/').next().unwrap();

    // Real collection numbers and links, so that requests reach the
    // handlers' work (sends stored, results harvested, the summary sent)
    // rather than stopping at 404.
    let real = dir.write("real.toml", format!("[parameters]\n\"path.id\" = {}\n\"path.link\" = \"{secret}\"\n", collection["id"]));
    let output = schemathesis(&dir.path, &server.address, &lead, &real);
    assert_passed(&output, "the lead's API and the share link");

    // Generated numbers and links (someone else's, or nothing), and the
    // council's token: 404s, 403s and the merged summary.
    let generated = dir.write("generated.toml", "");
    let output = schemathesis(&dir.path, &server.address, &council, &generated);
    assert_passed(&output, "the council's view and unknown collections");

    let (status, body) = request(&server.address, "GET", "/api/openapi.json", "", "");
    assert_eq!((status, body.as_str()), (200, include_str!("../../docs/openapi.json")), "the server serves the document as written");
}
