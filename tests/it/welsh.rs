//! Welsh editions (issue 27, part 3), from the CLI: a sample translated
//! into "Welsh" (MACHINE-MADE TEST DATA, NOT WELSH FOR OFFICIAL USE: each
//! text of the source is its English after the marker `[prawf cy] `, made
//! with `translate extract` and a fill below, so every kind of unit is
//! covered) is built with `build --lang cy`; its packs, named `…-cy`, are
//! in Welsh throughout (the source's texts, framewright's Welsh wording,
//! Welsh dates), say `cy` in every format and pass the checks the English
//! packs pass (PDF/UA with page-validation, axe-core, openxml-audit); a
//! Welsh PDF filled by another program harvests into the same responses
//! as the English one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::*;

const SOURCE: &str = "sources/semh.toml";
const MARKER: &str = "[prawf cy] ";
const PACK: &str = "level-core-primary";

/// `po` with every unit of the source's own texts given its English after
/// [`MARKER`] as the translation; the wording's units are left to the
/// Welsh table, but for `wording.headings.contents`, which the source's
/// translation words its own way.
pub fn fill(po: &str) -> String {
    po.split("\n\n")
        .map(|entry| {
            let Some(id) = entry.lines().find_map(|l| l.strip_prefix("msgctxt \"")).map(|l| l.trim_end_matches('"')) else {
                return entry.to_string();
            };
            let (Some(msgid), Some(msgstr)) = (entry.find("\nmsgid "), entry.find("\nmsgstr ")) else { return entry.to_string() };
            let english = &entry[msgid + "\nmsgid ".len()..msgstr];
            let text = match id {
                "wording.headings.contents" => "\"Cynnwys y pecyn\"".to_string(),
                _ if id.starts_with("wording.") => return entry.to_string(),
                _ => format!("\"{MARKER}\"\n{english}"),
            };
            format!("{}\nmsgstr {text}", &entry[..msgstr])
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A project with the multi-agency sample and its "Welsh" translation
/// beside it, built in Welsh and in English for one level and band.
fn built(test: &str) -> (TempDir, Run) {
    let text = std::fs::read_to_string(root().join("sources/semh-multi-agency.toml")).unwrap();
    let dir = temp_project(test, &[("semh.toml", &text)]);
    run_in(&dir.path, ["translate", "extract", SOURCE, "--lang", "cy", "--format", "po", "--out", "cy.po"]).assert_code(0);
    let po = std::fs::read_to_string(dir.path.join("cy.po")).unwrap();
    dir.write("cy-filled.po", fill(&po));
    run_in(&dir.path, ["translate", "import", "cy-filled.po"]).assert_code(0);
    let r = run_in(&dir.path, ["build", SOURCE, "--lang", "cy", "--lang", "en", "--level", "core", "--band", "primary", "--out", "out"]);
    r.assert_code(0);
    (dir, r)
}

fn file(dir: &TempDir, language: &str, extension: &str) -> PathBuf {
    let suffix = if language == "en" { String::new() } else { format!("-{language}") };
    dir.path.join(format!("out/semh-multi-agency-{PACK}{suffix}.{extension}"))
}

fn zip_part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    std::io::read_to_string(zip.by_name(name).unwrap()).unwrap()
}

#[test]
fn a_welsh_build_is_welsh_in_every_format_and_passes_the_checks_of_the_packs() {
    let (dir, r) = built("welsh-build");
    assert!(r.stderr.contains("`cy` 100% translated"), "the build says how complete Welsh is:\n{}", r.stderr);
    for extension in ["pdf", "docx", "html"] {
        assert!(file(&dir, "en", extension).is_file(), "the English {extension} keeps its name");
        assert!(file(&dir, "cy", extension).is_file(), "the Welsh {extension} says its language in its name");
    }

    // PDF: the catalog's /Lang, Welsh words and dates, PDF/UA-1 and PDF/A-2a.
    let pdf = file(&dir, "cy", "pdf");
    let (catalog, _) = catalog_and_xmp(&pdf);
    assert_eq!(literal_value(&catalog, "/Lang").as_deref(), Some("cy"), "{catalog}");
    let text = tool_stdout("pdftotext", [pdf.to_str().unwrap(), "-"]);
    for welsh in ["Cynnwys y pecyn", "Hunanasesiad", "Tudalen 1 o", "1 Medi 2027", MARKER] {
        assert!(text.contains(welsh), "the Welsh PDF has no {welsh:?}:\n{text}");
    }
    for english in ["Self-assessment", "How to use this pack", "September"] {
        assert!(!text.contains(english), "the Welsh PDF still says {english:?}");
    }
    let verdicts = crate::conformance::validate(std::slice::from_ref(&pdf));
    assert_eq!(verdicts[&pdf], Vec::<String>::new(), "the Welsh PDF conforms to PDF/UA-1 and PDF/A-2a");

    // Word: w:lang of the run defaults and the core properties; openxml-audit.
    let docx = file(&dir, "cy", "docx");
    assert!(zip_part(&docx, "word/styles.xml").contains(r#"<w:lang w:val="cy""#), "w:lang of the Welsh Word file");
    assert!(zip_part(&docx, "docProps/core.xml").contains("<dc:language>cy</dc:language>"), "the Welsh Word file's language");
    assert!(zip_part(&docx, "word/document.xml").contains("Hunanasesiad"), "the Welsh Word file's wording");
    require_python_module("openxml_audit", "openxml-audit");
    let audit_dir = TempDir::new("welsh-audit");
    std::fs::copy(&docx, audit_dir.path.join("cy.docx")).unwrap();
    let out = crate::docx::openxml_audit(&audit_dir.path, "office2019").wait_with_output().unwrap();
    let reports: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert_eq!((&reports[0]["valid"], &reports[0]["warning_count"]), (&json!(true), &json!(0)), "{}", reports[0]);

    // HTML: lang="cy", axe-core and the browser's other findings.
    let html = file(&dir, "cy", "html");
    let results = crate::html::browser(&[json!({ "path": html, "kind": "pack", "values": [] })]);
    let result = &results[&html];
    crate::html::assert_clean(result, "the Welsh HTML");
    assert_eq!(result["lang"], "cy");
}

#[test]
fn a_welsh_pdf_filled_by_another_program_harvests_as_the_english_one_does() {
    let (dir, _) = built("welsh-harvest");
    let plan: Value = serde_json::from_str(&run_in(&dir.path, ["plan", SOURCE, PACK]).assert_code(0).stdout).unwrap();
    let values = crate::harvest::answers(&plan, "Person W", "2025-02-11", false);
    let mut harvested_by = BTreeMap::new();
    let mut rows_by = BTreeMap::new();
    for language in ["en", "cy"] {
        let inbox = dir.path.join(format!("in-{language}"));
        std::fs::create_dir_all(&inbox).unwrap();
        crate::harvest::fill("pypdf", &file(&dir, language, "pdf"), &inbox.join("filled.pdf"), &values, &dir.path);
        let out = dir.path.join(format!("harvest-{language}"));
        let r = run_in(&dir.path, ["harvest", inbox.to_str().unwrap(), "--source", SOURCE, "--out", out.to_str().unwrap()]);
        r.assert_code(0);
        let json: Value = serde_json::from_slice(&std::fs::read(out.join("harvest.json")).unwrap()).unwrap();
        harvested_by.insert(language, harvested(&json, "Person W"));
        // Every column but the file's name: the reworded column too, so a
        // Welsh pack counts as its edition's, not as a changed pack.
        let (_, rows) = responses_csv(&out.join("responses.csv"));
        let rows: Vec<BTreeMap<String, String>> = rows
            .into_values()
            .map(|mut row| {
                row.remove("file");
                row
            })
            .collect();
        rows_by.insert(language, rows);
    }
    assert_eq!(harvested_by["cy"], harvested_by["en"], "the Welsh pack's answers");
    assert!(harvested_by["cy"].len() > 20, "{:?}", harvested_by["cy"]);
    assert_eq!(rows_by["cy"], rows_by["en"], "responses.csv of the Welsh pack");
}

/// The `[download]` words of the wording table `file` (templates/…).
fn download_words(file: &str) -> toml::Table {
    let table: toml::Table = std::fs::read_to_string(root().join("templates").join(file)).unwrap().parse().unwrap();
    table["download"].as_table().unwrap().clone()
}

#[test]
fn the_download_page_lists_each_pack_in_both_languages_and_is_written_in_each() {
    let (dir, r) = built("welsh-page");
    let out = dir.path.join("out");
    let manifest: Value = serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let files: Vec<String> = manifest["files"].as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap().to_string()).collect();
    // Two packs (the level's, and with the additional-needs enhancements), three formats, two languages.
    assert_eq!(files.len(), 12, "{files:?}");
    let tag = |file: &str| if file.rsplit_once('.').unwrap().0.ends_with("-cy") { "cy" } else { "en-GB" };
    let (english, welsh) = (download_words("strings.toml"), download_words("strings.cy.toml"));
    let pages = [("index.html", &english, "index.cy.html", "cy", &welsh), ("index.cy.html", &welsh, "index.html", "en-GB", &english)];
    let mut jobs = Vec::new();
    for (page, words, other, other_tag, other_words) in pages {
        assert!(r.stderr.contains(&format!("wrote {} (the download page)", Path::new("out").join(page).display())), "{}", r.stderr);
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let text = |key: &str| words[key].as_str().unwrap().to_string();
        assert!(html.contains(&format!("<html lang=\"{}\">", text("language"))), "{page}: the page's language");
        assert!(html.contains(&format!("<h1>{}</h1>", text("title").replace('\'', "&#x27;"))), "{page}: worded from its table");
        assert_eq!(html.matches("<tr data-pack").count(), 2, "{page}: each pack listed once");
        for file in &files {
            let table = if tag(file) == "cy" { &welsh } else { &english };
            let (tag, name) = (tag(file), table["language_name"].as_str().unwrap());
            let link = format!("<a href=\"{file}\" hreflang=\"{tag}\">");
            assert_eq!(html.matches(&link).count(), 1, "{page}: {link}");
            let after = &html[html.find(&link).unwrap()..];
            let label = format!("<span lang=\"{tag}\">{name}</span></a>");
            assert!(after[..after.find("</a>").unwrap() + 4].ends_with(&label), "{page}: {file} says its language: {label}");
        }
        let name = other_words["language_name"].as_str().unwrap();
        let switch = format!("<a href=\"{other}\" hreflang=\"{other_tag}\" lang=\"{other_tag}\">{name}</a>");
        assert!(html.contains(&switch), "{page} offers {other}: {switch}");
        assert!(html.contains(&format!("<link rel=\"alternate\" hreflang=\"{other_tag}\" href=\"{other}\">")), "{page}");
        jobs.push(json!({ "path": out.join(page), "kind": "index", "values": [] }));
    }

    // axe-core and the browser's other findings, and the Nu HTML Checker, as for the English page.
    let results = crate::html::browser(&jobs);
    for job in &jobs {
        let path = PathBuf::from(job["path"].as_str().unwrap());
        let result = &results[&path];
        crate::html::assert_clean(result, &path.display().to_string());
        crate::html::assert_heading_outline(result["headings"].as_array().unwrap(), &path.display().to_string());
        let links: std::collections::BTreeSet<&str> = result["links"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
        assert_eq!(links, files.iter().map(String::as_str).collect(), "{}: every file, and nothing else", path.display());
    }
    crate::html::assert_valid_html(&[out.join("index.html"), out.join("index.cy.html")]);

    // The same folder again gives the same bytes.
    let again = ["build", SOURCE, "--lang", "cy", "--lang", "en", "--level", "core", "--band", "primary", "--out", "again"];
    run_in(&dir.path, again).assert_code(0);
    for page in ["index.html", "index.cy.html"] {
        assert!(
            std::fs::read(out.join(page)).unwrap() == std::fs::read(dir.path.join("again").join(page)).unwrap(),
            "{page} is reproducible"
        );
    }

    // A new version archives the earlier edition's files in both languages,
    // each once, and both pages list it under "earlier editions" in their words.
    let source = dir.path.join(SOURCE);
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, replace_once(&text, "version = \"2.0\"", "version = \"3.0\"")).unwrap();
    let r = run_in(
        &dir.path,
        ["build", SOURCE, "--lang", "cy", "--lang", "en", "--level", "core", "--band", "primary", "--format", "html", "--out", "out"],
    );
    r.assert_code(0);
    assert!(r.stderr.contains(&format!("version 2.0 ({} files)", files.len())), "{}", r.stderr);
    for file in &files {
        assert!(out.join("archive/semh-multi-agency/2.0").join(file).is_file(), "{file} archived");
    }
    for (page, words) in [("index.html", &english), ("index.cy.html", &welsh)] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains(&format!("<h3>{}</h3>", words["earlier"].as_str().unwrap())), "{page}");
        for file in &files {
            // The page escapes the path's slashes.
            let link = format!("<a href=\"archive&#x2f;semh-multi-agency&#x2f;2.0&#x2f;{file}\" hreflang=");
            assert_eq!(html.matches(&link).count(), 1, "{page}: {file}");
        }
    }
}
