//! The HTML edition and the download page, in a real browser: Debian's
//! Chromium driven by `tests/clients/html_check.mjs` (puppeteer-core,
//! axe-core), and the Nu HTML Checker (`vnu-jar`, on the machine's Java).
//! For every HTML file of every sample (and of the hostile source): no
//! WCAG 2.2 A/AA violation, valid HTML, no network request, the whole form
//! answered with the keyboard alone and downloaded as an answers file with
//! every value typed, the form with JavaScript off, and the pack's
//! statements (and no other band's) on the page. The harvest's web
//! reports are checked with the same client and checker
//! (`tests/it/harvest.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::common::*;
use serde_json::{Value, json};

/// What the keyboard types: the hostile source's strings (markup, Typst,
/// right-to-left, Welsh, emoji) and HTML that must stay text.
const TYPED: [&str; 8] = [
    "</textarea><script>window.pwned = 1</script>",
    "Mae'r fframwaith yn cefnogi gwŷr a gwragedd ŵyr",
    "مرحبا بكم في الإطار",
    "An emoji 🙂 and 👩🏽‍⚕️ stay",
    "\"><img src=x onerror=\"window.pwned = 1\"> & &amp; {{ 7 * 7 }}",
    "#set page(width: 1pt) $x$ *bold* _x_ <label> @ref \\ ] //",
    "Zoë Ó Briain, Łukasz, ŵŷ",
    "'single' \"double\" `back`",
];

/// Statements added to the hostile source that HTML must print as text.
const HTML_HOSTILE: [(&str, &str); 3] = [
    ("h01", "</li></ul><script>window.pwned = 1</script><b>not bold</b>"),
    ("h02", "\"><img src=x onerror=\"window.pwned = 1\"> &amp; &lt;tag&gt; {{ 7 * 7 }} {% raw %}"),
    ("h03", "<!-- not a comment --> <style>body{display:none}</style>"),
];

/// One built file, as `build --message-format json` reported it.
#[derive(Clone, Debug)]
struct Built {
    source: String,
    pack: String,
    path: PathBuf,
}

/// Every sample built in every format, and the hostile source in HTML, into
/// one folder (once per test run): what the tests below look at.
struct Fixture {
    dir: TempDir,
    out: PathBuf,
    html: Vec<Built>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let hostile = std::fs::read_to_string(root().join("tests/fixtures/hostile/sources/hostile.toml")).unwrap();
        let hostile = replace_once(&hostile, "formats = [\"pdf\"]", "formats = [\"html\"]");
        let extra: String =
            HTML_HOSTILE.iter().map(|(id, text)| format!("  {{ id = \"{id}\", level = \"L1\", text = '{text}' }},\n")).collect();
        let hostile = replace_once(&hostile, "  { id = \"s15\"", &format!("{extra}  {{ id = \"s15\""));
        let mut sources: Vec<(String, String)> =
            ["london-safeguarding", "school-staff-mental-health", "semh-multi-agency", "yorkshire-humber-pcf"]
                .iter()
                .map(|s| (format!("{s}.toml"), std::fs::read_to_string(root().join(format!("sources/{s}.toml"))).unwrap()))
                .collect();
        sources.push(("hostile.toml".into(), hostile));
        let refs: Vec<(&str, &str)> = sources.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        let dir = temp_project("html-fixture", &refs);
        let r = run_in(&dir.path, ["build", "--out", "output", "--message-format", "json"]);
        r.assert_code(0);
        let mut html = Vec::new();
        for line in r.stdout.lines() {
            let v: Value = serde_json::from_str(line).unwrap();
            assert_eq!(v["status"], "built", "{line}");
            if v["format"] == "html" {
                let path = PathBuf::from(v["path"].as_str().unwrap());
                html.push(Built {
                    source: v["source"].as_str().unwrap().into(),
                    pack: v["pack"].as_str().unwrap().into(),
                    path: dir.path.join(path),
                });
            }
        }
        let out = dir.path.join("output");
        Fixture { dir, out, html }
    })
}

/// Runs the browser client over `jobs` and returns its report, by path.
pub(crate) fn browser(jobs: &[Value]) -> BTreeMap<PathBuf, Value> {
    let Value::Array(results) = chromium_client("html_check.mjs", &["puppeteer-core", "axe-core", "pdfjs-dist"], &Value::from(jobs)) else {
        panic!("html_check.mjs printed no array of results")
    };
    results.into_iter().map(|r| (PathBuf::from(r["path"].as_str().unwrap()), r)).collect()
}

fn squeeze_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One `h1`, first; no heading more than one level below the one before.
pub(crate) fn assert_heading_outline(levels: &[Value], what: &str) {
    let levels: Vec<u64> = levels.iter().map(|l| l.as_u64().unwrap()).collect();
    assert_eq!(levels.first(), Some(&1), "{what}: the first heading is not the h1: {levels:?}");
    assert_eq!(levels.iter().filter(|l| **l == 1).count(), 1, "{what}: not exactly one h1: {levels:?}");
    for pair in levels.windows(2) {
        assert!(pair[1] <= pair[0] + 1, "{what}: a heading level is skipped ({} after {}): {levels:?}", pair[1], pair[0]);
    }
}

/// The browser's common findings: axe, network, errors, 320 px.
pub(crate) fn assert_clean(r: &Value, what: &str) {
    assert_eq!(r["axe"], json!([]), "{what}: axe-core WCAG 2.2 A/AA violations");
    assert_eq!(r["axe_dark"], json!([]), "{what}: colour contrast in dark mode");
    assert_eq!(r["requests"], json!([]), "{what}: the page made network requests");
    assert_eq!(r["errors"], json!([]), "{what}: script errors");
    assert!(r["overflow_320"].as_i64().unwrap() <= 0, "{what}: scrolls sideways at 320 px by {}", r["overflow_320"]);
}

/// The field keys of a plan, with the value each takes when left empty.
fn field_keys(plan: &Value) -> BTreeSet<String> {
    let a = &plan["assessment"];
    let mut keys = BTreeSet::new();
    for r in a["rows"].as_array().unwrap() {
        for k in ["rating_field", "evidence_field", "action_field"] {
            keys.insert(r[k].as_str().unwrap().to_string());
        }
    }
    for f in a["signoff"].as_array().unwrap() {
        keys.insert(f["field"].as_str().unwrap().to_string());
    }
    for r in a["action_plan"].as_array().unwrap() {
        for k in ["action_field", "support_field", "date_field"] {
            keys.insert(r[k].as_str().unwrap().to_string());
        }
    }
    keys
}

/// The statements of the source that a pack must not show: those of the
/// pack's level in other bands (and, for a pack without the enhancements,
/// the additional-needs ones), unless the same text is also the pack's.
fn foreign_statements(dump: &Value, plan: &Value) -> Vec<String> {
    let Some(band) = plan["pack"]["band"]["id"].as_str() else { return Vec::new() };
    let own: BTreeSet<String> = plan_statements(plan).iter().map(|s| squeeze_spaces(s["text"].as_str().unwrap())).collect();
    model_statements(dump)
        .into_iter()
        .filter(|s| {
            let bands: Vec<&str> = s["bands"].as_array().unwrap().iter().map(|b| b.as_str().unwrap()).collect();
            !bands.contains(&band)
        })
        .map(|s| squeeze_spaces(s["text"].as_str().unwrap()))
        .filter(|text| !own.contains(text) && !own.iter().any(|o| o.contains(text.as_str())))
        .collect()
}

#[test]
fn every_html_file_passes_in_a_real_browser() {
    let f = fixture();
    let mut jobs: Vec<Value> = f.html.iter().map(|b| json!({ "path": b.path, "kind": "pack", "values": TYPED })).collect();
    let index = f.out.join("index.html");
    jobs.push(json!({ "path": index, "kind": "index", "values": [] }));
    let results = browser(&jobs);
    assert_eq!(results.len(), jobs.len());

    let mut dumps: BTreeMap<String, Value> = BTreeMap::new();
    let mut forms = 0;
    let mut all_typed: Vec<String> = Vec::new();
    let mut downloaded: Vec<(&Built, Value)> = Vec::new();
    for b in &f.html {
        let what = format!("{} ({})", b.path.display(), b.pack);
        let r = &results[&b.path];
        let plan = plan_in(&f.dir.path, &b.source, &b.pack);
        let dump = dumps.entry(b.source.clone()).or_insert_with(|| dump_in(&f.dir.path, &b.source));
        assert_clean(r, &what);
        assert_heading_outline(r["headings"].as_array().unwrap(), &what);
        assert_eq!(r["lang"], plan["framework"]["language"], "{what}: lang");
        assert_eq!(r["title"], plan["document"]["title"], "{what}: title");
        assert_eq!(r["scripts"], 1, "{what}: only framewright's own script");
        let text = squeeze_spaces(r["text"].as_str().unwrap());
        for part in plan["document"]["parts"].as_array().unwrap() {
            if let Some(heading) = part["heading"].as_str() {
                assert!(text.contains(&squeeze_spaces(heading)), "{what}: the heading `{heading}` is not on the page");
            }
        }
        for s in plan_statements(&plan) {
            let statement = squeeze_spaces(s["text"].as_str().unwrap());
            assert!(text.contains(&statement), "{what}: the statement {} is not on the page as written: {statement}", s["id"]);
        }
        for foreign in foreign_statements(dump, &plan) {
            assert!(!text.contains(&foreign), "{what}: a statement of another band is on the page: {foreign}");
        }

        // The form, with JavaScript off: every control, no buttons, and it prints.
        let keys = field_keys(&plan);
        let scale = plan["assessment"]["scale"].as_array().unwrap().len();
        let rows = plan["assessment"]["rows"].as_array().unwrap().len();
        let controls = rows * (scale + 2)
            + plan["assessment"]["signoff"].as_array().unwrap().len()
            + plan["assessment"]["action_plan"].as_array().unwrap().len() * 3;
        let no_js = &r["no_js"];
        assert_eq!(no_js["controls"], controls, "{what}: form controls with JavaScript off");
        assert_eq!(no_js["tools_hidden"], true, "{what}: the buttons show without JavaScript");
        assert!(no_js["printed_pages"].as_u64().unwrap() >= 1, "{what}: printing with JavaScript off");
        if keys.is_empty() {
            assert!(r.get("typed").is_none(), "{what}: a pack without a form was filled in");
            continue;
        }
        forms += 1;
        assert!(
            squeeze_spaces(no_js["text"].as_str().unwrap()).contains(&squeeze_spaces(plan["text"]["html"]["no_script"].as_str().unwrap()))
        );
        assert_eq!(r["tools_visible"], true, "{what}: the buttons are hidden with JavaScript on");
        assert_eq!(r["send_hidden"], true, "{what}: Send or a receipt shows on a page opened from disk");
        assert!(text.contains(plan["text"]["html"]["download"].as_str().unwrap()), "{what}: no download button");

        // The keyboard run reached every field and the answers file holds
        // exactly what was typed, under the plan's keys and identity.
        let typed = r["typed"].as_object().unwrap_or_else(|| panic!("{what}: the keyboard run typed nothing"));
        let typed_keys: BTreeSet<String> = typed.keys().cloned().collect();
        assert_eq!(typed_keys, keys, "{what}: the fields the keyboard reached");
        let scale_values: Vec<String> = plan["assessment"]["scale"].as_array().unwrap().iter().map(|s| s["value"].to_string()).collect();
        for (key, value) in typed {
            if key.ends_with(".rating") {
                assert!(scale_values.contains(&value.as_str().unwrap().to_string()), "{what}: {key} = {value}");
            }
        }
        let file = &r["downloaded"];
        assert!(file.is_object(), "{what}: \"Download my answers\" saved no file");
        let identity = &plan["identity"];
        assert_eq!(
            file["framewright"],
            json!({ "framework": identity["framework_id"], "version": identity["framework_version"], "pack": identity["pack_id"], "plan": identity["plan_hash"] }),
            "{what}: the identity in the answers file"
        );
        assert_eq!(file["answers"].as_object().unwrap(), typed, "{what}: the answers file");
        all_typed.extend(typed.values().map(|v| v.as_str().unwrap().to_string()));
        downloaded.push((b, file.clone()));
        assert_eq!(r["restored"].as_object().unwrap(), typed, "{what}: a reload did not bring the answers back");
        assert_eq!(r["restored_status"], plan["text"]["html"]["restored"], "{what}");
        assert_eq!(r["pwned"], false, "{what}: typed text ran as script");
    }
    assert!(forms >= 40, "only {forms} packs had a form");
    for value in TYPED {
        assert!(all_typed.iter().any(|v| v.starts_with(value)), "`{value}` was never typed and downloaded");
    }

    harvest_answers_files(&f.dir.path, &downloaded);

    // The hostile strings show as written and none became an element.
    let hostile: Vec<&Built> = f.html.iter().filter(|b| b.source.ends_with("hostile.toml")).collect();
    assert!(!hostile.is_empty());
    let l1 = hostile.iter().find(|b| b.pack == "level-L1-young").expect("the hostile level-L1-young pack");
    let text = squeeze_spaces(results[&l1.path]["text"].as_str().unwrap());
    for (id, statement) in HTML_HOSTILE {
        assert!(text.contains(&squeeze_spaces(statement)), "the hostile statement {id} is not shown as written");
    }
    let page = std::fs::read_to_string(&l1.path).unwrap();
    assert!(
        !page.contains("<b>not bold</b>") && !page.contains("<img src=x") && !page.contains("<style>body"),
        "source text became markup"
    );

    // The download page.
    let r = &results[&index];
    assert_clean(r, "index.html");
    assert_heading_outline(r["headings"].as_array().unwrap(), "index.html");
    check_index_links(&f.out, r);
}

/// Served with a collection.json beside it (by a stand-in for `framewright
/// serve` in html_check.mjs), the page shows Send; the privacy notice comes
/// first, as text, in an accessible modal dialog; confirmed, the answers
/// file goes byte for byte as "Download my answers" saves it, once, and
/// the receipt shows and downloads; a refusal shows the server's message;
/// offline the answers wait, and go when the connection is back (past a
/// busy server) or on the next visit. Set FRAMEWRIGHT_SCREENSHOTS to a
/// folder to look at the page, the notice and the receipt.
#[test]
fn a_served_page_sends_the_answers_and_queues_them_offline() {
    let london = std::fs::read_to_string(root().join("sources/london-safeguarding.toml")).unwrap();
    let london = replace_once(&london, "formats = [\"pdf\", \"docx\", \"html\"]", "formats = [\"html\"]");
    let dir = temp_project("html-send", &[("london.toml", &london)]);
    run_in(&dir.path, ["build", "sources/london.toml", "--level", "1"]).assert_code(0);
    let path = dir.path.join("output/london-safeguarding-level-1.html");
    let html = &plan_in(&dir.path, "sources/london.toml", "level-1")["text"]["html"];
    let msg = |key: &str| html[key].as_str().unwrap_or_else(|| panic!("no html.{key} in the plan")).to_string();
    let notice = "Your answers go to Example School's training lead.\nThey are kept for 12 months. <b>not bold</b>";
    let reject = "This collection closed on 1 December <i>2026</i>.";
    let reference = "R-<img src=x onerror=window.pwned=1>-";
    let received = "2026-12-06T12:34:56Z";
    let job = json!({
        "path": path, "kind": "send", "notice": notice, "reject_message": reject, "reference": reference, "received": received,
        "values": [TYPED[0], TYPED[2], TYPED[3]], "screenshots": std::env::var_os("FRAMEWRIGHT_SCREENSHOTS").map(PathBuf::from),
    });
    let r = &browser(&[job])[&path];
    assert_eq!(r["errors"], json!([]), "script errors");
    assert_eq!(r["requests"], json!([]), "requests off the page's server");

    // Served without collection.json: no Send, no receipt, nothing said.
    assert_eq!(r["plain"]["send_visible"], false, "Send shows with no collection.json");
    assert_eq!(r["plain"]["receipt_visible"], false);
    assert_eq!(r["plain"]["status"], "", "a page with no collection.json said something");
    assert_eq!(r["send_shown"], true, "no Send button beside a collection.json");

    // The notice, before anything goes; Escape sends nothing.
    assert_eq!(r["dialog_opened"], true, "Send opened no notice");
    assert_eq!(r["escaped"], json!({ "open": false, "focus_on_send": true, "posts": 0 }), "Escape on the notice");
    let d = &r["dialog"];
    assert_eq!((&d["open"], &d["modal"], &d["focus_inside"]), (&json!(true), &json!(true), &json!(true)), "the notice is a modal dialog");
    assert_eq!(d["heading"], msg("notice_heading").as_str());
    assert_eq!(d["notice"], notice, "the collection's notice, as text");
    assert_eq!(d["notice_elements"], 0, "the notice became markup");
    assert!(d["overflow_320"].as_i64().unwrap() <= 0, "the notice scrolls sideways at 320 px");
    assert_eq!(r["axe_dialog"], json!([]), "axe-core WCAG 2.2 A/AA violations with the notice open");
    assert_eq!(r["axe_dialog_dark"], json!([]), "colour contrast in dark mode with the notice open");

    // Sent once, byte for byte the answers file; the receipt.
    let posts = r["posts"].as_array().unwrap();
    let downloaded = r["downloaded"].as_str().expect("\"Download my answers\" saved no file");
    assert!(downloaded.contains(&serde_json::to_string(TYPED[0]).unwrap()[1..]), "the download lacks what was typed");
    assert_eq!(r["reopened_in_flight"], false, "Send opened the notice while a send was in flight");
    let first = &posts[0];
    assert_eq!(first["status"], 201);
    assert_eq!(first["body"], downloaded, "what was sent is not the answers file");
    assert_eq!(first["content_type"], "application/json");
    assert_eq!(posts[1]["mode"], "reject", "a send in flight went twice: {posts:#?}");
    let sent = &r["sent"];
    let one = format!("{reference}1");
    assert_eq!(sent["status"], msg("sent").replace("{reference}", &one));
    assert_eq!((&sent["receipt_visible"], &sent["reference"], &sent["received"]), (&json!(true), &json!(one), &json!(received)));
    let receipt: Value = serde_json::from_str(r["receipt_file"].as_str().expect("no receipt file")).unwrap();
    let sent_file: Value = serde_json::from_str(downloaded).unwrap();
    assert_eq!(receipt, json!({ "reference": one, "received": received, "sent": sent_file }), "the receipt file");

    // Refused: the server's words, nothing waits.
    assert_eq!(r["rejected"]["status"], reject);
    assert_eq!(r["rejected"]["outbox"], Value::Null, "a refused send was queued");

    // Offline: queued, nothing reached the server; online, a busy server
    // (503) keeps it queued; then the same bytes arrive and the receipt shows.
    let changed = r["changed"].as_str().unwrap();
    assert_ne!(changed, downloaded);
    assert_eq!(r["offline"]["status"], msg("queued"));
    assert_eq!(r["offline"]["outbox"], changed, "the outbox holds the answers file");
    assert_eq!(r["offline"]["posts"], 0, "a send reached the server while offline");
    assert_eq!(r["busy"]["status"], msg("queued"));
    // The timer would go after 5 s; the connection coming back goes at once.
    assert!(r["online_retry_ms"].as_u64().unwrap() < 3000, "back online, the answers waited {} ms", r["online_retry_ms"]);
    let after: Vec<(&Value, &Value)> = posts[2..4].iter().map(|p| (&p["status"], &p["body"])).collect();
    assert_eq!(after, [(&json!(503), &json!(changed)), (&json!(201), &json!(changed))], "back online");
    let two = format!("{reference}2");
    assert_eq!((&r["online"]["reference"], &r["online"]["outbox"]), (&json!(two), &Value::Null), "the receipt of the queued send");
    assert_eq!(r["online"]["status"], msg("sent").replace("{reference}", &two));

    // Left queued: the next visit sends it; the one after shows its receipt.
    let left = r["left"].as_str().unwrap();
    assert_eq!(r["left_outbox"], left);
    let next: Vec<(&Value, &Value)> = posts[4..].iter().map(|p| (&p["status"], &p["body"])).collect();
    assert_eq!(next, [(&json!(503), &json!(left)), (&json!(201), &json!(left))], "the next visit");
    let three = format!("{reference}3");
    assert_eq!((&r["next_visit"]["reference"], &r["next_visit"]["outbox"]), (&json!(three), &Value::Null));
    let later = &r["later_visit"];
    assert_eq!((&later["receipt_visible"], &later["reference"], &later["posts"]), (&json!(true), &json!(three), &json!(0)));
    for state in ["sent", "rejected", "online", "next_visit", "later_visit"] {
        assert_eq!(r[state]["pwned"], false, "{state}: the server's words ran as script");
    }
}

/// The loop closes: `harvest` takes the answers files the browser saved,
/// matches each to its pack and reads back every non-empty value typed.
fn harvest_answers_files(project: &Path, downloaded: &[(&Built, Value)]) {
    let inbox = project.join("answers");
    std::fs::create_dir_all(&inbox).unwrap();
    // The keyboard run types the same words into every pack, so every
    // sign-off would be one person (the same name and role), whom harvest
    // rightly counts once; here each file is its own person.
    let downloaded: Vec<(&Built, Value)> = downloaded
        .iter()
        .map(|(b, file)| {
            let mut file = file.clone();
            if let Some(name) = file["answers"].get_mut("signoff.name").filter(|n| n.as_str().is_some_and(|n| !n.is_empty())) {
                *name = Value::String(format!("{} [{}]", name.as_str().unwrap(), b.pack));
            }
            (*b, file)
        })
        .collect();
    for (b, file) in &downloaded {
        let name = format!("{}.json", b.path.file_stem().unwrap().to_str().unwrap());
        std::fs::write(inbox.join(name), serde_json::to_vec_pretty(file).unwrap()).unwrap();
    }
    let r = run_in(project, ["harvest", "answers", "--out", "harvested"]);
    r.assert_code(0);
    let json: Value = serde_json::from_slice(&std::fs::read(project.join("harvested/harvest.json")).unwrap()).unwrap();
    let submissions = json["submissions"].as_array().unwrap();
    assert_eq!(submissions.len(), downloaded.len(), "every answers file is one submission");
    for (b, file) in &downloaded {
        let name = format!("{}.json", b.path.file_stem().unwrap().to_str().unwrap());
        let s = submissions
            .iter()
            .find(|s| s["file"].as_str().unwrap().ends_with(&name))
            .unwrap_or_else(|| panic!("{name} was not harvested: {json:#}"));
        assert_eq!(s["identity"]["pack"], b.pack.as_str(), "{name}: matched to another pack");
        let typed: BTreeMap<String, String> = file["answers"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        assert_eq!(submission_values(s), typed, "{name}: what harvest read back");
    }
}

/// Every file in the folder is linked from the page with its size (and a
/// PDF with its page count), every link leads to a file, and "find your
/// pack" shows the files of the pack chosen.
fn check_index_links(out: &Path, r: &Value) {
    let manifest: Value = serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let files: BTreeMap<String, &Value> =
        manifest["files"].as_array().unwrap().iter().map(|e| (e["path"].as_str().unwrap().to_string(), e)).collect();
    let links: BTreeSet<String> = r["links"].as_array().unwrap().iter().map(|l| l.as_str().unwrap().to_string()).collect();
    assert_eq!(links, files.keys().cloned().collect::<BTreeSet<_>>(), "the page links every file in the folder, and nothing else");
    let text = squeeze_spaces(r["text"].as_str().unwrap());
    for e in files.values() {
        if e["format"] == "pdf" {
            assert!(text.contains(&format!("PDF, {} pages, ", e["pages"])), "no page count for {}", e["path"]);
        }
    }
    let found = r["found"].as_array().unwrap();
    assert_eq!(found.len(), 5, "a finder per framework: {found:?}");
    for f in found {
        let (kind, id) = f["who"].as_str().unwrap().split_once(':').expect("a role or level was chosen");
        let band = f["band"].as_str().unwrap();
        let mut pack = format!("{kind}-{id}");
        if !band.is_empty() {
            pack = format!("{pack}-{band}");
        }
        let framework = f["framework"].as_str().unwrap().strip_prefix("fw-").unwrap();
        let shown: Vec<&str> = f["links"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
        let want: Vec<&str> = files
            .values()
            .filter(|e| e["framework"] == framework && e["pack"] == pack.as_str())
            .map(|e| e["path"].as_str().unwrap())
            .collect();
        assert!(!want.is_empty(), "no files of {framework} {pack}");
        assert_eq!(shown.iter().copied().collect::<BTreeSet<_>>(), want.into_iter().collect(), "find your pack: {f}");
    }
}

#[test]
fn every_html_file_is_valid_html() {
    let f = fixture();
    let mut files: Vec<PathBuf> = f.html.iter().map(|b| b.path.clone()).collect();
    files.push(f.out.join("index.html"));
    assert_valid_html(&files);
}

/// The Nu HTML Checker finds no error in `files`.
pub(crate) fn assert_valid_html(files: &[PathBuf]) {
    let jar = root().join("tests/clients/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(jar.is_file(), "the Nu HTML Checker is not installed: run `npm ci --prefix tests/clients` (.ci/run does this)");
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--format", "json", "--errors-only"])
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run java ({e}): apt-get install default-jre-headless (.ci/run does this)"));
    let report: Value = serde_json::from_slice(&out.stderr)
        .unwrap_or_else(|e| panic!("vnu printed no JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    let errors: Vec<String> = report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| format!("{}:{}: {}", m["url"].as_str().unwrap_or_default(), m["lastLine"], m["message"].as_str().unwrap_or_default()))
        .collect();
    assert!(errors.is_empty(), "the Nu HTML Checker found errors in {} files:\n{}", files.len(), errors.join("\n"));
    assert!(out.status.success());
}

/// The templates hold no word: every text outside tags, template code and
/// comments is punctuation. Words come from the plan and the wording.
#[test]
fn the_html_templates_hold_no_words() {
    let dir = root().join("templates/html");
    let mut checked = 0;
    for file in walk(&dir) {
        if file.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let mut rest = strip(&text, "{#", "#}");
        for (open, close) in [("{%", "%}"), ("{{", "}}"), ("<script>", "</script>"), ("<style>", "</style>"), ("<", ">")] {
            rest = strip(&rest, open, close);
        }
        let words: Vec<&str> = rest.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).collect();
        assert!(words.is_empty(), "{} holds words of its own: {words:?}", file.display());
        checked += 1;
    }
    assert!(checked >= 10, "{checked} templates");
}

fn strip(text: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        match rest[start..].find(close) {
            Some(end) => rest = &rest[start + end + close.len()..],
            None => panic!("`{open}` without `{close}`"),
        }
        out.push(' ');
    }
    out.push_str(rest);
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { out.extend(walk(&path)) } else { out.push(path) }
    }
    out.sort();
    out
}

/// A council's edits to the templates and the wording take effect, a change
/// rebuilds the HTML files, and a template mistake names its file and line.
#[test]
fn the_project_templates_and_wording_make_the_page() {
    // An SVG logo (the HTML edition shows one, as the PDF does).
    let london = std::fs::read_to_string(root().join("sources/london-safeguarding.toml")).unwrap();
    let london = replace_once(&london, "formats = [\"pdf\", \"docx\", \"html\"]", "formats = [\"html\"]");
    let london = replace_once(&london, "[framework]\n", "[framework]\nlogo = \"../assets/logo.svg\"\nlogo_alt = \"The council's logo\"\n");
    let dir = temp_project("html-templates", &[("london.toml", &london)]);
    dir.write(
        "assets/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"80\" height=\"40\"><rect width=\"80\" height=\"40\" fill=\"#1d4f91\"/></svg>\n",
    );
    let args = ["build", "sources/london.toml", "--format", "html", "--level", "1"];
    run_in(&dir.path, args).assert_code(0);
    let page = dir.path.join("output/london-safeguarding-level-1.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Download my answers"));
    // (minijinja escapes `/` and `'` too; a browser reads them back.)
    assert!(
        html.contains("<img class=\"logo\" src=\"data:image&#x2f;svg+xml;base64,PHN2Zy")
            && html.contains("alt=\"The council&#x27;s logo\""),
        "the logo"
    );

    dir.write("templates/strings.toml", "[html]\ndownload = \"Lawrlwytho fy atebion\"\n");
    let cover = dir.path.join("templates/html/parts/cover.html");
    let text = std::fs::read_to_string(&cover).unwrap();
    dir.write("templates/html/parts/cover.html", text.replace("<header class=\"cover\">", "<header class=\"cover council-edit\">"));
    let r = run_in(&dir.path, ["build", "sources/london.toml", "--format", "html", "--level", "1", "-v"]);
    r.assert_code(0);
    assert!(r.stderr.contains("built ") && !r.stderr.contains("fresh"), "the edits did not rebuild the page:\n{}", r.stderr);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Lawrlwytho fy atebion") && !html.contains("Download my answers"), "the wording override");
    assert!(html.contains("council-edit"), "the edited template");

    dir.write("templates/html/parts/cover.html", "<header>\n{{ plan.no_such_thing.title }}\n</header>\n");
    let r = run_in(&dir.path, args);
    r.assert_code(1);
    assert!(r.stderr.contains("parts/cover.html:2"), "the mistake's file and line:\n{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&page).unwrap(), html, "a failed build replaced the last good page");
}

/// The download page: the same folder always gives the same bytes; a build
/// of one source keeps the other frameworks; a file removed by hand loses
/// its link; a pack may not be written over it.
#[test]
fn the_download_page_covers_the_folder_and_is_reproducible() {
    let sources: Vec<(String, String)> = ["london-safeguarding", "school-staff-mental-health"]
        .iter()
        .map(|s| (format!("{s}.toml"), std::fs::read_to_string(root().join(format!("sources/{s}.toml"))).unwrap()))
        .collect();
    let refs: Vec<(&str, &str)> = sources.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let dir = temp_project("html-index", &refs);
    let r = run_in(&dir.path, ["build", "--format", "html", "--format", "docx"]);
    r.assert_code(0);
    assert!(r.stderr.contains("wrote output/index.html (the download page)"), "{}", r.stderr);
    let index = dir.path.join("output/index.html");
    let first = std::fs::read(&index).unwrap();
    let page = String::from_utf8(first.clone()).unwrap();
    assert!(page.contains("London Competency Framework") && page.contains("Mental Health Training Competency Framework for School Staff"));
    assert!(page.contains("href=\"london-safeguarding-level-1.docx\"") && page.contains("href=\"london-safeguarding-level-1.html\""));

    // Again, and again from scratch: the same bytes.
    let r = run_in(&dir.path, ["build", "--format", "html", "--format", "docx"]);
    r.assert_code(0);
    assert!(!r.stderr.contains("download page"), "an unchanged page was written again:\n{}", r.stderr);
    assert_eq!(std::fs::read(&index).unwrap(), first);
    let pages = |dir: &Path| -> BTreeMap<String, Vec<u8>> {
        file_names(dir).into_iter().filter(|n| n.ends_with(".html")).map(|n| (n.clone(), std::fs::read(dir.join(&n)).unwrap())).collect()
    };
    let before = pages(&dir.path.join("output"));
    assert!(before.len() > 10);
    std::fs::remove_dir_all(dir.path.join("output")).unwrap();
    run_in(&dir.path, ["build", "--format", "html", "--format", "docx"]).assert_code(0);
    assert_eq!(std::fs::read(&index).unwrap(), first, "a fresh build gave another page");
    assert!(pages(&dir.path.join("output")) == before, "a fresh build gave other HTML files");

    // One source built: both frameworks stay; a removed file loses its link.
    std::fs::remove_file(dir.path.join("output/school-staff-mental-health-full.docx")).unwrap();
    run_in(&dir.path, ["build", "sources/london-safeguarding.toml", "--format", "html"]).assert_code(0);
    let page = std::fs::read_to_string(&index).unwrap();
    assert!(page.contains("Mental Health Training Competency Framework for School Staff"), "a build of one source dropped the other");
    assert!(!page.contains("school-staff-mental-health-full.docx") && page.contains("school-staff-mental-health-full.html"));
    assert_no_tmp(&dir.path);

    // A pack file may not take the page's name.
    let pattern = "file_name = \"{% if pack == 'level-1' %}index{% else %}{{ pack }}{% endif %}\"";
    let named = replace_once(&sources[0].1, "file_name = \"{{ framework }}-{{ pack }}\"", pattern);
    let dir = temp_project("html-index-name", &[("london-safeguarding.toml", &named)]);
    let r = run_in(&dir.path, ["build", "--format", "html", "--level", "1"]);
    r.assert_code(1);
    assert!(r.stderr.contains("index.html, the download page"), "{}", r.stderr);
}
