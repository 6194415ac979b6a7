//! `framewright serve`'s data protection, end to end on the real binary:
//! a collection past its retention period is swept by `serve sweep` (its
//! bodies gone from the database, its counts still in the council's
//! merge); one person's data is exported (exactly the versions they
//! sent) and erased (gone from responses.csv); the audit log lists each,
//! escaped; the chooser shows the privacy notice.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::common::*;

/// A running `framewright serve`, stopped when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(project: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_framewright"))
            .args(["serve", "--data", "data", "--listen", "127.0.0.1:0"])
            .current_dir(project)
            .stderr(Stdio::piped())
            .spawn()
            .expect("framewright serve starts");
        let mut lines = BufReader::new(child.stderr.take().expect("stderr is piped")).lines();
        let address = loop {
            let line = lines.next().expect("the server says where it listens before it stops").expect("stderr reads");
            if let Some(address) = line.strip_prefix("framewright serve: listening on ") {
                break address.trim().to_string();
            }
        };
        // Keep reading stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Server { child, address }
    }

    /// `method path` with a bearer token and an optional body of `kind`:
    /// the status and the body.
    fn call(&self, method: &str, path: &str, token: Option<&str>, body: Option<(&str, &[u8])>) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).expect("the server accepts");
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", self.address);
        if let Some(token) = token {
            head.push_str(&format!("Authorization: Bearer {token}\r\n"));
        }
        let (kind, bytes) = body.unwrap_or(("text/plain", b""));
        head.push_str(&format!("Content-Type: {kind}\r\nContent-Length: {}\r\n\r\n", bytes.len()));
        stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(bytes)).expect("the request is sent");
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("the response is read");
        let text = String::from_utf8_lossy(&response).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").expect("a response has a head");
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status line");
        let body = if head.to_ascii_lowercase().contains("transfer-encoding: chunked") { unchunked(body) } else { body.to_string() };
        (status, body)
    }

    fn json(&self, method: &str, path: &str, token: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
        let bytes = serde_json::to_vec(body).unwrap();
        let (status, text) = self.call(method, path, Some(token), Some(("application/json", &bytes)));
        (status, serde_json::from_str(&text).unwrap_or_else(|_| panic!("{method} {path}: not JSON ({status}): {text}")))
    }

    fn get(&self, path: &str, token: &str) -> (u16, String) {
        self.call("GET", path, Some(token), None)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn unchunked(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
    out
}

fn framewright(project: &Path, args: &[&str]) -> String {
    let run = run_in(project, args);
    run.assert_code(0);
    run.stdout.trim().to_string()
}

/// An answers file of the pack `edition`, as "Download my answers" saves
/// it, signed by `name`, with `typed` as evidence.
fn answers(edition: &str, name: &str, typed: &str) -> Vec<u8> {
    let attribute = |key: &str| {
        let start = edition.find(&format!("{key}=\"")).unwrap_or_else(|| panic!("the edition's body has {key}")) + key.len() + 2;
        edition[start..start + edition[start..].find('"').unwrap()].to_string()
    };
    let file = serde_json::json!({
        "framewright": { "framework": attribute("data-framework"), "version": attribute("data-version"),
            "pack": attribute("data-pack"), "plan": attribute("data-plan") },
        "answers": { "signoff.name": name, "signoff.date": "2026-01-05", "res-1-01.rating": "2", "res-1-01.evidence": typed }
    });
    serde_json::to_vec(&file).unwrap()
}

/// Multipart upload of answers files, as the lead's returns.
fn uploaded(files: &[(&str, Vec<u8>)]) -> (String, Vec<u8>) {
    let boundary = "framewright-test-boundary";
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/json\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Counts rows of the SQLite database with python3's sqlite3.
fn count(project: &Path, sql: &str) -> i64 {
    let script = format!("import sqlite3; print(sqlite3.connect('data/framewright.db').execute({sql:?}).fetchone()[0])");
    let output = Command::new("python3").arg("-c").arg(script).current_dir(project).output().expect("python3 runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).trim().parse().expect("a count")
}

#[test]
fn retention_export_erase_and_the_audit_log() {
    let source = std::fs::read_to_string(root().join("sources/school-staff-mental-health.toml")).unwrap();
    let project = temp_project("serve_privacy", &[("school-staff-mental-health.toml", &source)]);
    let dir = project.path.as_path();
    framewright(dir, &["serve", "user", "add", "lead@oak.example", "--role", "lead", "--setting", "Oak School", "--data", "data"]);
    framewright(dir, &["serve", "user", "add", "admin@council.example", "--role", "council", "--data", "data"]);
    let lead = framewright(dir, &["serve", "token", "create", "lead@oak.example", "--data", "data"]);
    let council = framewright(dir, &["serve", "token", "create", "admin@council.example", "--data", "data"]);
    let server = Server::start(dir);
    let pack = "level-stage-1-primary";
    let edition = std::fs::read_to_string(dir.join("data/site/school-staff-mental-health-level-stage-1-primary.html")).unwrap();

    // A collection that closed long ago, kept one day: its returns are uploaded.
    let old = serde_json::json!({ "title": "<b>Autumn</b> 2020", "framework": "school-staff-mental-health", "packs": [pack],
        "opens": "2020-09-01", "closes": "2020-10-01", "retention_days": 1,
        "staff_csv": "name,email,level,band\nAnn Lee,ann@oak.example,stage-1,primary\nBo Smith,bo@oak.example,stage-1,primary\n" });
    let (status, old) = server.json("POST", "/api/collections", &lead, &old);
    assert_eq!(status, 201, "{old}");
    let old_id = old["id"].as_i64().unwrap();
    let (kind, body) = uploaded(&[
        ("ann.json", answers(&edition, "Ann Lee", "old words of Ann")),
        ("bo.json", answers(&edition, "Bo Smith", "old words of Bo")),
    ]);
    let (status, said) = server.call("POST", &format!("/api/collections/{old_id}/returns"), Some(&lead), Some((&kind, &body)));
    assert_eq!(status, 201, "{said}");
    let personal = dir.join(format!("data/people/{old_id}"));
    assert!(personal.join("manifest.json").is_file(), "the staff list's personalised packs are built");
    // A process without them (another `serve` on the same database, or a
    // data folder restored without them) builds them again from the list.
    let db = dir.join("data/framewright.db");
    let query = format!("SELECT link || ' ' || file FROM people WHERE collection = {old_id} ORDER BY id LIMIT 1");
    let row = tool_stdout("sqlite3", [db.to_str().unwrap(), query.as_str()]);
    let (link, file) = row.trim().split_once(' ').expect("a person of the list");
    let ann = format!("/s/{link}/{file}");
    let (status, before) = server.call("GET", &ann, None, None);
    assert_eq!(status, 200, "{before}");
    assert!(before.contains("Ann Lee"), "the personalised pack names its person");
    std::fs::remove_dir_all(&personal).unwrap();
    assert_eq!(server.call("GET", &ann, None, None), (200, before), "built again, the same page");
    assert!(personal.join("manifest.json").is_file());

    let swept = framewright(dir, &["serve", "sweep", "--data", "data"]);
    assert!(swept.contains(&format!("collection {old_id}: deleted what was typed in 2 submissions")), "{swept}");
    let sql = |what: &str| count(dir, &what.replace("{id}", &old_id.to_string()));
    assert_eq!(sql("SELECT COUNT(*) FROM submissions WHERE collection = {id} AND body IS NOT NULL"), 0);
    assert_eq!(sql("SELECT COUNT(*) FROM submissions WHERE collection = {id} AND erased IS NOT NULL"), 2);
    assert_eq!(sql("SELECT COUNT(*) FROM collections WHERE id = {id} AND staff IS NULL AND erased IS NOT NULL"), 1);
    assert_eq!(sql("SELECT COUNT(*) FROM people WHERE collection = {id}"), 0);
    assert_eq!(sql("SELECT COUNT(*) FROM kept_counts WHERE collection = {id}"), 1);
    let results = dir.join(format!("data/results/{old_id}"));
    assert!(!results.exists(), "the results that held typed text are deleted");
    assert!(!personal.exists(), "the personalised packs, which carry names, are deleted");
    assert_eq!(framewright(dir, &["serve", "sweep", "--data", "data"]), "no collection is past its retention period");

    // After erasure: pages that would show typed text say so; the counts stay.
    let (status, page) = server.get(&format!("/collections/{old_id}/results/"), &lead);
    assert_eq!(status, 200);
    assert!(page.contains("retention period ended"), "{page}");
    let (status, said) = server.get(&format!("/api/collections/{old_id}/responses.csv"), &lead);
    assert_eq!(status, 409, "{said}");
    let (status, sent) = server.json("POST", &format!("/api/collections/{old_id}/summary/send"), &lead, &serde_json::json!({}));
    assert_eq!(status, 201, "{sent}");
    let (status, merged) = server.get("/api/council/summary", &council);
    assert_eq!(status, 200, "{merged}");
    let merged: serde_json::Value = serde_json::from_str(&merged).unwrap();
    assert_eq!(merged["frameworks"][0]["people"], 2, "the council's merge keeps the swept collection's counts: {merged}");

    // An open collection: Ann sends twice, Bo once, through the share link.
    let now = serde_json::json!({ "title": "Spring", "framework": "school-staff-mental-health", "packs": [pack] });
    let (status, now) = server.json("POST", "/api/collections", &lead, &now);
    assert_eq!(status, 201, "{now}");
    let now_id = now["id"].as_i64().unwrap();
    let link = now["link"].as_str().unwrap().split("/s/").nth(1).unwrap().trim_end_matches('/').to_string();
    let (_, chooser) = server.get(&format!("/s/{link}/"), &lead);
    assert!(chooser.contains("How your answers are used") && chooser.contains("kept for 365 days"), "{chooser}");
    let mut references = Vec::new();
    for (name, typed) in [("Ann Lee", "first words of Ann"), ("Bo Smith", "words of Bo"), ("ann  lee", "second words of Ann")] {
        let bytes = answers(&edition, name, typed);
        let (status, receipt) = server.call("POST", &format!("/s/{link}/answers"), None, Some(("application/json", &bytes)));
        assert_eq!(status, 201, "{receipt}");
        let receipt: serde_json::Value = serde_json::from_str(&receipt).unwrap();
        references.push(receipt["reference"].as_str().unwrap().to_string());
    }
    let (_, csv) = server.get(&format!("/api/collections/{now_id}/responses.csv"), &lead);
    assert!(csv.contains("second words of Ann") && csv.contains("words of Bo"), "{csv}");

    let (status, export) = server.get(&format!("/api/collections/{now_id}/people/export?name=Ann%20Lee"), &lead);
    assert_eq!(status, 200, "{export}");
    let export: serde_json::Value = serde_json::from_str(&export).unwrap();
    let versions = export["submissions"].as_array().unwrap();
    let exported: Vec<&str> = versions.iter().map(|v| v["reference"].as_str().unwrap()).collect();
    assert_eq!(exported, [references[0].as_str(), references[2].as_str()], "exactly the versions Ann sent");
    assert_eq!(versions[1]["answers_file"]["answers"]["res-1-01.evidence"], "second words of Ann");

    let (status, erased) =
        server.json("POST", &format!("/api/collections/{now_id}/people/erase"), &lead, &serde_json::json!({ "reference": references[2] }));
    assert_eq!(status, 200, "{erased}");
    assert_eq!(erased["erased"], serde_json::json!([references[0], references[2]]), "a reference erases every version of its person");
    let (_, csv) = server.get(&format!("/api/collections/{now_id}/responses.csv"), &lead);
    assert!(!csv.contains("words of Ann") && !csv.contains("Ann Lee") && csv.contains("words of Bo"), "{csv}");
    let (status, _) = server.get(&format!("/api/collections/{now_id}/people/export?name=Ann%20Lee"), &lead);
    assert_eq!(status, 404, "nothing of Ann is left to find by her name");

    // The audit log: the lead's lists their setting's events, the council's all, escaped.
    let (status, log) = server.get("/audit", &lead);
    assert_eq!(status, 200);
    for event in ["erase typed text, keep counts", "export a person&#x27;s data", "erase a person&#x27;s data", "&lt;b&gt;Autumn"] {
        assert!(log.contains(event), "the lead's audit log lacks {event}: {log}");
    }
    assert!(!log.contains("<b>Autumn"), "typed text is shown escaped");
    assert!(!log.contains(">sweep<"), "a lead sees their setting's events only");
    let (_, log) = server.get("/audit", &council);
    assert!(log.contains(">sweep<") && log.contains("erase a person&#x27;s data"), "{log}");
}
