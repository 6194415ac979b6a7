//! `framewright serve` killed with SIGKILL while 50 people send at once,
//! on SQLite and on PostgreSQL: every send acknowledged with a reference
//! is there after a restart on the same data, and the server starts
//! cleanly. And `serve backup` taken while sends run is a database that
//! opens and holds every send acknowledged before the backup began.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::common::*;

crate::on_each_database!(every_acknowledged_send_survives_kill_9);

const SENDERS: usize = 50;

/// A service with a lead's collection of level 2 open; the lead's API
/// token, the collection's id and share link, and an answers file for it.
fn collecting(test: &str, database: Database) -> (Service, Credentials, i64, String, String) {
    let mut service = Service::new(test, database);
    service.add_account("lead@oak.example", "lead", Some("Oak School"));
    let lead = Credentials::bearer(service.token("lead@oak.example"));
    // Every sender is on 127.0.0.1: no rate limit in the way.
    service.start(&["--sends-per-second", "100000"]);
    let created =
        service.json("POST", "/api/collections", &lead, &json!({ "title": "Autumn", "framework": FRAMEWORK, "packs": ["level-2"] }));
    let created = created.expect(201).json();
    let link = created["link"].as_str().unwrap().strip_prefix(&service.base).unwrap().to_string();
    let edition = service.get(&format!("{link}london-safeguarding-level-2.html"), &Credentials::default()).expect(200).text();
    let answers = answers_file(&edition, "Sam Sender", 0, "Evidence sent in a crowd.").0;
    (service, lead, created["id"].as_i64().unwrap(), link, answers)
}

/// Sends `answers` from `SENDERS` threads until `stop`; each reference
/// acknowledged (201) goes into `acknowledged`.
fn send_until(service: &Service, link: &str, answers: &str, stop: &AtomicBool, acknowledged: &Mutex<Vec<String>>) {
    std::thread::scope(|scope| {
        for _ in 0..SENDERS {
            scope.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    let headers = [("content-type", "application/json")];
                    match service.try_send("POST", &format!("{link}answers"), &Credentials::default(), &headers, answers.as_bytes()) {
                        Ok(reply) if reply.status == 201 => {
                            acknowledged.lock().unwrap().push(reply.json()["reference"].as_str().unwrap().to_string());
                        }
                        Ok(reply) => panic!("a send got {}: {}", reply.status, reply.text()),
                        // The server is gone: this send was never acknowledged.
                        Err(_) => return,
                    }
                }
            });
        }
    });
}

fn references(service: &Service, lead: &Credentials, id: i64) -> BTreeSet<String> {
    let listed = service.get(&format!("/api/collections/{id}/submissions"), lead).expect(200).json();
    listed.as_array().unwrap().iter().map(|s| s["reference"].as_str().unwrap().to_string()).collect()
}

fn every_acknowledged_send_survives_kill_9(database: Database) {
    let (mut service, lead, id, link, answers) = collecting("serve-kill", database);
    let acknowledged = Mutex::new(Vec::new());
    let stop = AtomicBool::new(false);
    let started = Instant::now();
    std::thread::scope(|scope| {
        scope.spawn(|| send_until(&service, &link, &answers, &stop, &acknowledged));
        // Mid-way: once a good number are in, and sends are in flight.
        while acknowledged.lock().unwrap().len() < 200 && started.elapsed() < Duration::from_secs(60) {
            std::thread::sleep(Duration::from_millis(20));
        }
        let pid = service.pid();
        tool_stdout("kill", ["-9", &pid.to_string()]);
        stop.store(true, Ordering::Relaxed);
    });
    service.kill();
    let acknowledged = acknowledged.into_inner().unwrap();
    assert!(acknowledged.len() >= 200, "only {} sends were acknowledged in a minute", acknowledged.len());

    service.start(&[]);
    let stored = references(&service, &lead, id);
    let lost: Vec<&String> = acknowledged.iter().filter(|r| !stored.contains(*r)).collect();
    assert!(lost.is_empty(), "{} of {} acknowledged sends were lost: {lost:?}", lost.len(), acknowledged.len());
    assert!(!service.log().contains("panicked"), "{}", service.log());
    // The restarted server takes sends again.
    let headers = [("content-type", "application/json")];
    service.send("POST", &format!("{link}answers"), &Credentials::default(), &headers, answers.as_bytes()).expect(201);
    assert_eq!(references(&service, &lead, id).len(), stored.len() + 1);
    eprintln!("serve kill -9 ({database:?}): {} sends acknowledged before the kill, {} stored", acknowledged.len(), stored.len());
}

#[test]
fn a_backup_taken_during_sends_holds_every_send_acknowledged_before_it() {
    let (service, lead, id, link, answers) = collecting("serve-backup", Database::Sqlite);
    let acknowledged = Mutex::new(Vec::new());
    let stop = AtomicBool::new(false);
    let backup = service.project.path.join("backup.db");
    let (before, after) = std::thread::scope(|scope| {
        scope.spawn(|| send_until(&service, &link, &answers, &stop, &acknowledged));
        while acknowledged.lock().unwrap().len() < 100 {
            std::thread::sleep(Duration::from_millis(20));
        }
        let before: BTreeSet<String> = acknowledged.lock().unwrap().iter().cloned().collect();
        service.cli(&["backup", backup.to_str().unwrap()]).assert_code(0);
        let after = acknowledged.lock().unwrap().len();
        stop.store(true, Ordering::Relaxed);
        (before, after)
    });
    assert!(after > before.len(), "no send ran while the backup was taken");
    let check = tool_stdout("sqlite3", [backup.to_str().unwrap(), "PRAGMA integrity_check"]);
    assert_eq!(check.trim(), "ok");
    let copied: BTreeSet<String> =
        tool_stdout("sqlite3", [backup.to_str().unwrap(), "SELECT reference FROM submissions"]).lines().map(str::to_string).collect();
    let missing: Vec<&String> = before.difference(&copied).collect();
    assert!(missing.is_empty(), "{} sends acknowledged before the backup are not in it: {missing:?}", missing.len());
    // Every reference in it is one the running server lists too.
    let live = references(&service, &lead, id);
    assert!(copied.is_subset(&live), "the backup holds sends the server does not list");
}
