//! `framewright serve`'s data protection, end to end on the real binary:
//! a collection past its retention period is swept by `serve sweep` (its
//! bodies gone from the database, its counts still in the council's
//! merge); one person's data is exported (exactly the versions they
//! sent) and erased (gone from responses.csv); the audit log lists each,
//! escaped; the chooser shows the privacy notice.

use crate::common::*;
use crate::on_each_database;

on_each_database!(retention_export_erase_and_the_audit_log);

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
    let parts: Vec<(&str, Option<&str>, &[u8])> = files.iter().map(|(name, bytes)| ("files", Some(*name), bytes.as_slice())).collect();
    multipart(&parts)
}

fn retention_export_erase_and_the_audit_log(database: Database) {
    let source = std::fs::read_to_string(root().join("sources/school-staff-mental-health.toml")).unwrap();
    let mut server = Service::with_sources("serve_privacy", database, &[("school-staff-mental-health.toml", &source)]);
    server.add_account("lead@oak.example", "lead", Some("Oak School"));
    server.add_account("admin@council.example", "council", None);
    let lead = Credentials::bearer(server.token("lead@oak.example"));
    let council = Credentials::bearer(server.token("admin@council.example"));
    server.start(&[]);
    let anyone = Credentials::default();
    let data = server.data.clone();
    let pack = "level-stage-1-primary";
    let edition = std::fs::read_to_string(data.join("site/school-staff-mental-health-level-stage-1-primary.html")).unwrap();

    // A collection that closed long ago, kept one day: its returns are uploaded.
    let old = serde_json::json!({ "title": "<b>Autumn</b> 2020", "framework": "school-staff-mental-health", "packs": [pack],
        "opens": "2020-09-01", "closes": "2020-10-01", "retention_days": 1,
        "staff_csv": "name,email,level,band\nAnn Lee,ann@oak.example,stage-1,primary\nBo Smith,bo@oak.example,stage-1,primary\n" });
    let old = server.json("POST", "/api/collections", &lead, &old).expect(201).json();
    let old_id = old["id"].as_i64().unwrap();
    let (kind, body) = uploaded(&[
        ("ann.json", answers(&edition, "Ann Lee", "old words of Ann")),
        ("bo.json", answers(&edition, "Bo Smith", "old words of Bo")),
    ]);
    server.send("POST", &format!("/api/collections/{old_id}/returns"), &lead, &[("content-type", &kind)], &body).expect(201);
    let personal = data.join(format!("people/{old_id}"));
    assert!(personal.join("manifest.json").is_file(), "the staff list's personalised packs are built");
    // A process without them (another `serve` on the same database, or a
    // data folder restored without them) builds them again from the list.
    let row = server.sql(&format!("SELECT link || ' ' || file FROM people WHERE collection = {old_id} ORDER BY id LIMIT 1"));
    let (link, file) = row.trim().split_once(' ').expect("a person of the list");
    let ann = format!("/s/{link}/{file}");
    let before = server.get(&ann, &anyone).expect(200).text();
    assert!(before.contains("Ann Lee"), "the personalised pack names its person");
    std::fs::remove_dir_all(&personal).unwrap();
    let again = server.get(&ann, &anyone);
    assert_eq!((again.status, again.text()), (200, before), "built again, the same page");
    assert!(personal.join("manifest.json").is_file());

    let swept = server.cli_stdout(&["sweep"]);
    assert!(swept.contains(&format!("collection {old_id}: deleted what was typed in 2 submissions")), "{swept}");
    let sql = |what: &str| -> i64 { server.sql(&what.replace("{id}", &old_id.to_string())).trim().parse().expect("a count") };
    assert_eq!(sql("SELECT COUNT(*) FROM submissions WHERE collection = {id} AND body IS NOT NULL"), 0);
    assert_eq!(sql("SELECT COUNT(*) FROM submissions WHERE collection = {id} AND erased IS NOT NULL"), 2);
    assert_eq!(sql("SELECT COUNT(*) FROM collections WHERE id = {id} AND staff IS NULL AND erased IS NOT NULL"), 1);
    assert_eq!(sql("SELECT COUNT(*) FROM people WHERE collection = {id}"), 0);
    assert_eq!(sql("SELECT COUNT(*) FROM kept_counts WHERE collection = {id}"), 1);
    let results = data.join(format!("results/{old_id}"));
    assert!(!results.exists(), "the results that held typed text are deleted");
    assert!(!personal.exists(), "the personalised packs, which carry names, are deleted");
    assert_eq!(server.cli_stdout(&["sweep"]), "no collection is past its retention period");

    // After erasure: pages that would show typed text say so; the counts stay.
    let page = server.get(&format!("/collections/{old_id}/results/"), &lead).expect(200).text();
    assert!(page.contains("retention period ended"), "{page}");
    server.get(&format!("/api/collections/{old_id}/responses.csv"), &lead).expect(409);
    server.json("POST", &format!("/api/collections/{old_id}/summary/send"), &lead, &serde_json::json!({})).expect(201);
    let merged = server.get("/api/council/summary", &council).expect(200).json();
    assert_eq!(merged["frameworks"][0]["people"], 2, "the council's merge keeps the swept collection's counts: {merged}");

    // An open collection: Ann sends twice, Bo once, through the share link.
    let now = serde_json::json!({ "title": "Spring", "framework": "school-staff-mental-health", "packs": [pack] });
    let now = server.json("POST", "/api/collections", &lead, &now).expect(201).json();
    let now_id = now["id"].as_i64().unwrap();
    let link = now["link"].as_str().unwrap().split("/s/").nth(1).unwrap().trim_end_matches('/').to_string();
    let chooser = server.get(&format!("/s/{link}/"), &lead).text();
    assert!(chooser.contains("How your answers are used") && chooser.contains("kept for 365 days"), "{chooser}");
    let mut references = Vec::new();
    for (name, typed) in [("Ann Lee", "first words of Ann"), ("Bo Smith", "words of Bo"), ("ann  lee", "second words of Ann")] {
        let bytes = answers(&edition, name, typed);
        let receipt =
            server.send("POST", &format!("/s/{link}/answers"), &anyone, &[("content-type", "application/json")], &bytes).expect(201).json();
        references.push(receipt["reference"].as_str().unwrap().to_string());
    }
    let csv = server.get(&format!("/api/collections/{now_id}/responses.csv"), &lead).text();
    assert!(csv.contains("second words of Ann") && csv.contains("words of Bo"), "{csv}");

    let export = server.get(&format!("/api/collections/{now_id}/people/export?name=Ann%20Lee"), &lead).expect(200).json();
    let versions = export["submissions"].as_array().unwrap();
    let exported: Vec<&str> = versions.iter().map(|v| v["reference"].as_str().unwrap()).collect();
    assert_eq!(exported, [references[0].as_str(), references[2].as_str()], "exactly the versions Ann sent");
    assert_eq!(versions[1]["answers_file"]["answers"]["res-1-01.evidence"], "second words of Ann");

    let erased = server
        .json("POST", &format!("/api/collections/{now_id}/people/erase"), &lead, &serde_json::json!({ "reference": references[2] }))
        .expect(200)
        .json();
    assert_eq!(erased["erased"], serde_json::json!([references[0], references[2]]), "a reference erases every version of its person");
    let csv = server.get(&format!("/api/collections/{now_id}/responses.csv"), &lead).text();
    assert!(!csv.contains("words of Ann") && !csv.contains("Ann Lee") && csv.contains("words of Bo"), "{csv}");
    let status = server.get(&format!("/api/collections/{now_id}/people/export?name=Ann%20Lee"), &lead).status;
    assert_eq!(status, 404, "nothing of Ann is left to find by her name");

    // The audit log: the lead's lists their setting's events, the council's all, escaped.
    let log = server.get("/audit", &lead).expect(200).text();
    for event in ["erase typed text, keep counts", "export a person&#x27;s data", "erase a person&#x27;s data", "&lt;b&gt;Autumn"] {
        assert!(log.contains(event), "the lead's audit log lacks {event}: {log}");
    }
    assert!(!log.contains("<b>Autumn"), "typed text is shown escaped");
    assert!(!log.contains(">sweep<"), "a lead sees their setting's events only");
    let log = server.get("/audit", &council).text();
    assert!(log.contains(">sweep<") && log.contains("erase a person&#x27;s data"), "{log}");
}
