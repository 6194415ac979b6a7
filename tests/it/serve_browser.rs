//! `framewright serve` in a real browser (issue 25): Debian's Chromium,
//! driven by `tests/clients/serve_check.mjs`, takes a lead from a password
//! link to a collection with a staff list, members of staff from the share
//! link through "Which pack is mine?" to a receipt (online, offline then
//! online, and from a personal link), the lead through an upload and the
//! results to sending the summary, and the council to the merged view;
//! axe-core finds no WCAG 2.2 A/AA violation on any page, and no page
//! breaks its Content-Security-Policy.

use crate::common::*;
use serde_json::{Value, json};

/// What staff type: markup that must stay text, Welsh, emoji.
const TYPED: [&str; 4] = [
    "<script>window.pwned = 1</script> Mae'r hyfforddiant yn dda 🙂",
    "Gweithio all-lein: ŵyr a gwŷr 👩🏽‍⚕️",
    "Ysgrifennwyd gan Siân: \"><img src=x onerror=\"window.pwned = 1\">",
    "Cadwyd, nid anfonwyd: Zoë Ó Briain",
];

/// The words of `[serve]` (and `[html]`) the pages must show.
fn words() -> toml::Table {
    toml::from_str(&std::fs::read_to_string(root().join("templates/strings.toml")).unwrap()).unwrap()
}

/// Set FRAMEWRIGHT_SCREENSHOTS to a folder to keep a PNG of every page.
#[test]
fn staff_send_leads_collect_and_the_council_reads_in_chromium() {
    let source = std::fs::read_to_string(root().join("sources/school-staff-mental-health.toml")).unwrap();
    let mut service = Service::with_sources("serve-browser", Database::Sqlite, &[("school-staff-mental-health.toml", &source)]);
    let staff = service.project.write(
        "staff.csv",
        "name,email,job_title,role,band\nSiân Ŵyn Jones,sian@oak.example,Class teacher,teachers,primary\nBob Lee,bob@oak.example,,office-staff,primary\n",
    );
    let lead = service.add_account("lead@oak.example", "lead", Some("Oak School"));
    let council = service.add_account("council@county.example", "council", None);
    // A free port, known before the service starts: its public URL names
    // it, as http://localhost:PORT (Chromium keeps a `__Host-` Secure
    // cookie on localhost only).
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let origin = format!("http://localhost:{port}");
    service.start_on(&format!("127.0.0.1:{port}"), &["--public-url", &origin]);
    let job = json!({
        "origin": origin,
        "lead": { "email": "lead@oak.example", "password": "oak leaves in autumn", "link": format!("{origin}{lead}") },
        "council": { "email": "council@county.example", "password": "county hall steps", "link": format!("{origin}{council}") },
        "title": "Autumn term returns",
        "framework": "school-staff-mental-health",
        "staff_csv": staff,
        "values": TYPED,
        "screenshots": std::env::var("FRAMEWRIGHT_SCREENSHOTS").ok(),
    });
    let r = chromium_client("serve_check.mjs", &["puppeteer-core", "axe-core"], &job);
    assert_eq!(r["failed"], Value::Null, "the browser run stopped: {r:#}");
    let words = words();
    let t = &words["serve"];

    // Every page: no WCAG 2.2 A/AA violation (light and dark), fits 320 px.
    let pages = r["pages"].as_object().unwrap();
    let names: Vec<&str> = pages.keys().map(String::as_str).collect();
    for name in [
        "password",
        "sign-in",
        "home",
        "new-collection",
        "collection",
        "chooser",
        "edition-notice",
        "edition-receipt",
        "chooser-personal",
        "collection-uploaded",
        "results",
        "password-council",
        "council",
        "council-summary",
        "users",
        "not-found",
    ] {
        assert!(names.contains(&name), "{name} was not visited: {names:?}");
        let page = &pages[name];
        assert_eq!(page["axe"], json!([]), "{name} ({}): WCAG 2.2 A/AA violations", page["url"]);
        assert!(page["overflow_320"].as_i64().unwrap() <= 0, "{name} scrolls sideways at 320 CSS px: {page:#}");
    }
    assert_eq!(r["problems"], json!([]), "CSP violations, script errors or requests off the service");

    // The lead's collection: the share link and one link per person listed.
    let share = r["share"].as_str().unwrap();
    assert!(share.starts_with(&format!("{origin}/s/")), "{share}");
    let people: Vec<&str> = r["people"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(people, ["Siân Ŵyn Jones", "Bob Lee"]);
    assert_eq!(r["ticked"].as_array().unwrap().len(), 2, "{}", r["ticked"]);
    assert_eq!(r["chooser"].as_array().unwrap().len(), 2, "the chooser offers the two packs ticked: {}", r["chooser"]);
    assert!(pages["chooser"]["text"].as_str().unwrap().contains(t["choose_title"].as_str().unwrap()));
    // A link that opens nothing says so on a page, not in JSON.
    assert_eq!(r["not_found"]["status"], 404);
    let missing = pages["not-found"]["text"].as_str().unwrap();
    assert!(missing.contains(t["failed_heading"].as_str().unwrap()) && !missing.contains('{'), "{missing}");

    // Sent: the notice as the service words it, a receipt whose reference
    // the lead sees; what was typed stayed text.
    let first = &r["first"];
    assert!(first["notice"].as_str().unwrap().contains("Oak School"), "{}", first["notice"]);
    let reference = first["receipt"]["reference"].as_str().unwrap();
    assert!(!reference.is_empty() && first["receipt"]["visible"] == true, "{first:#}");
    assert_eq!(first["pwned"], false);
    assert!(first["received"].as_str().unwrap().contains(reference), "the lead's page lacks {reference}: {}", first["received"]);

    // Offline: queued, not received; online: received, with a receipt.
    let offline = &r["offline"];
    assert_eq!(offline["queued"]["reference"], "", "{offline:#}");
    let before = first["received"].as_str().unwrap().matches(t["kind_send"].as_str().unwrap()).count();
    assert_eq!(offline["received_while_offline"].as_str().unwrap().matches(t["kind_send"].as_str().unwrap()).count(), before);
    let late = offline["receipt"]["reference"].as_str().unwrap();
    assert!(!late.is_empty() && late != reference, "{offline:#}");
    assert!(offline["received"].as_str().unwrap().contains(late), "{}", offline["received"]);

    // A personal link: one pack, the person's name on it, sent.
    let personal = &r["personal"];
    assert_eq!(personal["chooser"].as_array().unwrap().len(), 1, "{personal:#}");
    assert!(pages["chooser-personal"]["text"].as_str().unwrap().contains(t["your_pack"].as_str().unwrap()));
    assert_eq!(personal["name"], "Siân Ŵyn Jones");
    assert!(!personal["receipt"]["reference"].as_str().unwrap().is_empty(), "{personal:#}");

    // The upload's log names the file under its own name; the results hold
    // what was typed online, offline and in the uploaded file.
    let log = r["upload"]["log"].as_array().unwrap();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0][0], r["upload"]["file"]);
    assert_eq!(r["csv"]["status"], 200);
    let csv = r["csv"]["text"].as_str().unwrap();
    for typed in TYPED {
        // CSV doubles quotes inside a quoted field.
        assert!(csv.contains(&typed.replace('"', "\"\"")), "responses.csv lacks {typed:?}:\n{csv}");
    }
    assert!(csv.contains("Siân Ŵyn Jones"), "{csv}");
    assert_eq!(r["pdf"]["status"], 200);
    assert_eq!(r["pdf"]["head"], "%PDF-");

    // The summary sent; the council sees the setting and the merged files.
    assert!(r["council"]["sent"].as_array().unwrap().contains(&json!("Oak School")), "{:#}", r["council"]);
    assert!(!r["council"]["files"].as_array().unwrap().is_empty());
    assert_eq!(r["council"]["merged"], 200);
    let merged = pages["council-summary"]["text"].as_str().unwrap();
    assert!(merged.contains("Oak School"), "the merged summary's page does not name the setting: {merged}");
    let returns = words["summary"]["returns"].as_str().unwrap().to_string();
    assert!(
        r["council"]["captions"].as_array().unwrap().iter().any(|c| c.as_str().unwrap().contains(&returns)),
        "the merged summary's page has no table of returns per setting: {}",
        r["council"]["captions"]
    );
}
