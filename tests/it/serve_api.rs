//! `framewright serve` end to end through its API, from the real binary,
//! on SQLite and on PostgreSQL: a lead opens a collection, staff send
//! answers files made from the served HTML edition, a filled PDF pack is
//! uploaded, the results are what `framewright harvest` makes of the same
//! files, and the summary reaches the council, which sees who has not sent.

use serde_json::{Value, json};

use crate::common::*;

crate::on_each_database!(a_collection_goes_from_share_link_to_the_council);

/// The level-2 PDF pack built by the CLI in the service's project, filled
/// by pypdf with `values` (a person returning it on paper's behalf).
fn filled_pdf(service: &Service, values: &std::collections::BTreeMap<String, String>) -> Vec<u8> {
    let out = service.project.path.join("packs");
    let source = format!("sources/{SOURCE}");
    run_in(&service.project.path, ["build", source.as_str(), "--level", "2", "--out", out.to_str().unwrap()]).assert_code(0);
    let pack = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("a PDF pack was built");
    let values_file = service.project.write("values.json", serde_json::to_vec(values).unwrap());
    let filled = service.project.path.join("filled.pdf");
    let filler = root().join("tests/clients/harvest_fill.py");
    tool_stdout("python3", [filler.as_os_str(), "pypdf".as_ref(), pack.as_os_str(), filled.as_os_str(), values_file.as_os_str()]);
    std::fs::read(filled).unwrap()
}

fn people(summary: &Value) -> i64 {
    summary["frameworks"][0]["people"].as_i64().unwrap_or_else(|| panic!("no count of people in {summary:#}"))
}

fn a_collection_goes_from_share_link_to_the_council(database: Database) {
    let mut service = Service::new("serve-round-trip", database);
    service.add_account("lead@oak.example", "lead", Some("Oak School"));
    service.add_account("lead@elm.example", "lead", Some("Elm School"));
    let council_link = service.add_account("council@la.example", "council", None);
    let lead = Credentials::bearer(service.token("lead@oak.example"));
    let council_token = Credentials::bearer(service.token("council@la.example"));
    let anyone = Credentials::default();
    service.start(&[]);

    // createCollection: the share link names the port the server chose.
    let request = json!({ "title": "Autumn review", "framework": FRAMEWORK, "packs": ["level-2"], "expected": 10 });
    let created = service.json("POST", "/api/collections", &lead, &request).expect(201).json();
    let id = created["id"].as_i64().unwrap();
    let link = created["link"].as_str().unwrap();
    let share = link.strip_prefix(&service.base).unwrap_or_else(|| panic!("the link {link} is not on {}", service.base)).to_string();
    assert_eq!(created["setting"], "Oak School");
    assert_eq!(created["packs"], json!(["level-2"]));

    // The staff member's way in: the chooser, then the edition as built.
    let chooser = service.get(&share, &anyone).expect(200).text();
    assert!(chooser.contains("href=\"london-safeguarding-level-2.html\""), "{chooser}");
    assert!(!chooser.contains("level-1.html"), "the chooser offers a pack the collection does not use");
    let edition = service.get(&format!("{share}london-safeguarding-level-2.html"), &anyone).expect(200);
    let built = std::fs::read(service.data.join("site/london-safeguarding-level-2.html")).unwrap();
    assert!(edition.body == built, "the edition is not served byte for byte as built");
    let html = edition.text();
    let notice = service.get(&format!("{share}collection.json"), &anyone).expect(200).json();
    assert_eq!(notice["send"], "answers");

    // Ann sends twice (both kept, the later one counts), Bob once.
    let (ann_first, _) = answers_file(&html, "Ann Jones", 0, "First thoughts, sent too soon.");
    let (ann_second, ann) = answers_file(&html, "Ann Jones", 1, "Second thoughts: supervision notes and a course.");
    let (bob_text, bob) = answers_file(&html, "Bob Smith", 2, "Bob's case notes.");
    let mut references = Vec::new();
    for text in [&ann_first, &ann_second, &bob_text] {
        let sent = service.send("POST", &format!("{share}answers"), &anyone, &[("content-type", "application/json")], text.as_bytes());
        let sent = sent.expect(201).json();
        let reference = sent["reference"].as_str().unwrap_or_else(|| panic!("no reference in {sent}")).to_string();
        assert!(sent["received"].as_str().is_some_and(|r| r.starts_with("20")), "{sent}");
        assert!(!references.contains(&reference), "two sends got one reference");
        references.push(reference);
    }
    let listed = service.get(&format!("/api/collections/{id}/submissions"), &lead).expect(200).json();
    let listed_references: Vec<&str> = listed.as_array().unwrap().iter().map(|s| s["reference"].as_str().unwrap()).collect();
    assert_eq!(listed.as_array().unwrap().len(), 3, "{listed:#}");
    for reference in &references {
        assert!(listed_references.contains(&reference.as_str()), "{reference} is not listed: {listed:#}");
    }

    // The results of the three sends are made in the background once the
    // sends pause, before anyone asks (a folder per state: newest id, count, erased).
    let results = service.data.join("results").join(id.to_string());
    let made = || {
        let folders = std::fs::read_dir(&results).into_iter().flatten().flatten();
        folders
            .map(|f| f.path())
            .any(|f| f.file_name().is_some_and(|n| n.to_string_lossy().split('-').nth(1) == Some("3")) && f.join("harvest.json").is_file())
    };
    let waited = std::time::Instant::now();
    while !made() {
        assert!(waited.elapsed() < std::time::Duration::from_secs(120), "the results were not made in the background: {}", service.log());
        std::thread::sleep(std::time::Duration::from_millis(100));
    }

    // uploadReturns: Cara's pack, filled by pypdf.
    let (_, cara) = answers_file(&html, "Cara Diaz", 3, "Cara's evidence from the PDF.");
    let pdf = filled_pdf(&service, &cara);
    let (kind, body) = multipart(&[("files", Some("Cara Diaz.pdf"), &pdf)]);
    let uploaded = service.send("POST", &format!("/api/collections/{id}/returns"), &lead, &[("content-type", &kind)], &body);
    let uploaded = uploaded.expect(201).json();
    assert_eq!(uploaded["stored"].as_array().map(Vec::len), Some(1), "{uploaded:#}");

    // The results: Ann once, with her later answers; Bob and Cara as typed.
    let submissions = service.get(&format!("/api/collections/{id}/submissions"), &lead).expect(200).json();
    let mut submissions: Vec<Value> = submissions.as_array().unwrap().clone();
    submissions.sort_by_key(|s| s["id"].as_i64());
    assert_eq!(submissions.len(), 4);
    let csv = service.get(&format!("/api/collections/{id}/responses.csv"), &lead).expect(200).body;
    let csv_text = String::from_utf8(csv.clone()).unwrap();
    assert!(csv_text.contains("Second thoughts") && !csv_text.contains("First thoughts"), "Ann's later send is not the one counted");
    let summary = service.get(&format!("/api/collections/{id}/summary.json"), &lead).expect(200).json();
    assert_eq!(people(&summary), 3, "Ann, Bob and Cara, each once: {summary:#}");

    // exportResponses is what `framewright harvest` writes from the same
    // files, named as the service names them, given one by one.
    let returns = service.project.path.join("returns");
    std::fs::create_dir_all(&returns).unwrap();
    let bodies: Vec<&[u8]> = vec![ann_first.as_bytes(), ann_second.as_bytes(), bob_text.as_bytes(), &pdf];
    let mut names = Vec::new();
    for (submission, bytes) in submissions.iter().zip(&bodies) {
        let extension = if submission["file_name"].as_str().unwrap().ends_with(".pdf") { "pdf" } else { "json" };
        let name = format!("{:09}.{extension}", submission["id"].as_i64().unwrap());
        std::fs::write(returns.join(&name), bytes).unwrap();
        names.push(name);
    }
    let out = service.project.path.join("cli-results");
    let source = service.project.path.join("sources").join(SOURCE);
    let mut args: Vec<&str> = vec!["harvest"];
    args.extend(names.iter().map(String::as_str));
    args.extend(["--out", out.to_str().unwrap(), "--source", source.to_str().unwrap(), "--setting", "Oak School", "--expected", "10"]);
    run_in(&returns, &args).assert_code(0);
    let by_cli = std::fs::read(out.join("responses.csv")).unwrap();
    assert!(
        csv == by_cli,
        "exportResponses differs from `framewright harvest`:\n--- served:\n{csv_text}\n--- CLI:\n{}",
        String::from_utf8_lossy(&by_cli)
    );
    for (person, typed) in [("Ann Jones", &ann), ("Bob Smith", &bob), ("Cara Diaz", &cara)] {
        let harvest: Value = serde_json::from_slice(&std::fs::read(out.join("harvest.json")).unwrap()).unwrap();
        let read = harvested(&harvest, person);
        for (key, value) in typed.iter() {
            assert_eq!(read.get(key), Some(value), "{person}: {key}");
        }
    }

    // sendSummary, then the council's merged view of it.
    assert_eq!(service.get("/api/council/summary", &council_token).status, 404, "a summary before any was sent");
    service.send("POST", &format!("/api/collections/{id}/summary/send"), &lead, &[], b"").expect(201);
    let merged = service.get("/api/council/summary", &council_token).expect(200).json();
    assert_eq!(people(&merged), 3, "{merged:#}");
    assert_eq!(merged["summaries"], 1);
    let council = service.sign_in("council@la.example", &council_link);
    let page = service.get("/council", &council).expect(200).text();
    assert!(page.contains("<th scope=\"row\">Oak School</th>"), "Oak School's summary is not listed as sent:\n{page}");
    let missing = &page[page.find("</table>").expect("the council page's sections")..];
    assert!(missing.contains("<li>Elm School</li>"), "Elm School sent nothing and is not listed:\n{page}");
    assert!(!missing.contains("<li>Oak School</li>"), "Oak School sent its summary yet is listed as missing:\n{page}");
}
