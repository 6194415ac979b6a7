//! Welsh editions (issue 27, part 3), from the CLI: a sample translated
//! into "Welsh" (MACHINE-MADE TEST DATA, NOT WELSH FOR OFFICIAL USE: each
//! text of the source is its English after the marker `[prawf cy] `, made
//! with `translate extract` and a fill below, so every kind of unit is
//! covered) is built with `build --lang cy`; its packs, named `…-cy`, are
//! in Welsh throughout (the source's texts, framewright's Welsh wording,
//! Welsh dates), say `cy` in every format and pass the checks the English
//! packs pass (PDF/UA with page-validation, axe-core, openxml-audit); a
//! Welsh PDF filled by another program harvests into the same responses
//! as the English one. `harvest --lang cy` writes the reports in Welsh
//! with the figures of English ones (part 5), and `export case --lang cy`
//! carries the language into CASE and back (part 7).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::*;

pub(crate) const SOURCE: &str = "sources/semh.toml";
pub(crate) const MARKER: &str = "[prawf cy] ";
pub(crate) const PACK: &str = "level-core-primary";

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

/// A project with the multi-agency sample (`source`, its text changed by
/// `edit`) as [`SOURCE`] and its "Welsh" translation beside it.
pub(crate) fn translated_project(test: &str, edit: impl Fn(String) -> String) -> TempDir {
    let text = std::fs::read_to_string(root().join("sources/semh-multi-agency.toml")).unwrap();
    let dir = temp_project(test, &[("semh.toml", &edit(text))]);
    run_in(&dir.path, ["translate", "extract", SOURCE, "--lang", "cy", "--format", "po", "--out", "cy.po"]).assert_code(0);
    let po = std::fs::read_to_string(dir.path.join("cy.po")).unwrap();
    dir.write("cy-filled.po", fill(&po));
    run_in(&dir.path, ["translate", "import", "cy-filled.po"]).assert_code(0);
    dir
}

/// The project of [`translated_project`] built in Welsh and in English
/// for one level and band.
fn built(test: &str) -> (TempDir, Run) {
    let dir = translated_project(test, |text| text);
    let r = run_in(&dir.path, ["build", SOURCE, "--lang", "cy", "--lang", "en", "--level", "core", "--band", "primary", "--out", "out"]);
    r.assert_code(0);
    (dir, r)
}

/// The pack [`PACK`] of `dir/out` in `language` (`en`, `cy`, `cy-en`).
pub(crate) fn file(dir: &TempDir, language: &str, extension: &str) -> PathBuf {
    let suffix = if language == "en" { String::new() } else { format!("-{language}") };
    dir.path.join(format!("out/semh-multi-agency-{PACK}{suffix}.{extension}"))
}

/// openxml-audit finds nothing wrong with `docx` for Word 2019.
pub(crate) fn assert_audited(docx: &Path) {
    require_python_module("openxml_audit", "openxml-audit");
    let audit_dir = TempDir::new("language-audit");
    std::fs::copy(docx, audit_dir.path.join(docx.file_name().unwrap())).unwrap();
    let out = crate::docx::openxml_audit(&audit_dir.path, "office2019").wait_with_output().unwrap();
    let reports: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert_eq!((&reports[0]["valid"], &reports[0]["warning_count"]), (&json!(true), &json!(0)), "{}", reports[0]);
}

pub(crate) fn zip_part(path: &Path, name: &str) -> String {
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
    assert_audited(&docx);

    // HTML: lang="cy", axe-core and the browser's other findings.
    let html = file(&dir, "cy", "html");
    let results = crate::html::browser(&[json!({ "path": html, "kind": "pack", "values": [] })]);
    let result = &results[&html];
    crate::html::assert_clean(result, "the Welsh HTML");
    assert_eq!(result["lang"], "cy");
}

/// What a harvest read: Person W's answers, and the rows of responses.csv.
pub(crate) type Harvested = (BTreeMap<String, String>, Vec<BTreeMap<String, String>>);

/// The pack [`PACK`] of `dir/out` in `language` as an `extension` file,
/// filled by `filler` (as [`crate::harvest::fill`] names them) with the
/// answers `values` and harvested alone: see [`harvested_inbox`].
pub(crate) fn harvested_fill(dir: &TempDir, language: &str, filler: &str, extension: &str, values: &BTreeMap<String, String>) -> Harvested {
    let inbox = dir.path.join(format!("in-{language}-{filler}"));
    std::fs::create_dir_all(&inbox).unwrap();
    crate::harvest::fill(filler, &file(dir, language, extension), &inbox.join(format!("filled.{extension}")), values, &dir.path);
    harvested_inbox(dir, &inbox)
}

/// The returns in `inbox` harvested alone: what the harvest read of
/// Person W, and the rows of responses.csv, every column but the file's
/// name (the reworded column too, so a pack in another language counts as
/// its edition's, not as a changed pack).
pub(crate) fn harvested_inbox(dir: &TempDir, inbox: &Path) -> Harvested {
    let out = dir.path.join(format!("harvest-{}", inbox.file_name().unwrap().to_str().unwrap()));
    let r = run_in(&dir.path, ["harvest", inbox.to_str().unwrap(), "--source", SOURCE, "--out", out.to_str().unwrap()]);
    r.assert_code(0);
    let json: Value = serde_json::from_slice(&std::fs::read(out.join("harvest.json")).unwrap()).unwrap();
    let (_, rows) = responses_csv(&out.join("responses.csv"));
    let rows = rows
        .into_values()
        .map(|mut row| {
            row.remove("file");
            row
        })
        .collect();
    (harvested(&json, "Person W"), rows)
}

/// Answers for every field of [`PACK`], from its plan.
pub(crate) fn answers(dir: &TempDir) -> BTreeMap<String, String> {
    let plan: Value = serde_json::from_str(&run_in(&dir.path, ["plan", SOURCE, PACK]).assert_code(0).stdout).unwrap();
    crate::harvest::answers(&plan, "Person W", "2025-02-11", false)
}

#[test]
fn a_welsh_pdf_filled_by_another_program_harvests_as_the_english_one_does() {
    let (dir, _) = built("welsh-harvest");
    assert_harvests_as_english(&dir, "cy");
}

/// The PDF of [`PACK`] in `language` and the English one, filled alike by
/// pypdf, harvest into the same answers and the same responses.csv.
pub(crate) fn assert_harvests_as_english(dir: &TempDir, language: &str) {
    assert_filled_harvests_as_english(dir, language, "pypdf", "pdf");
}

/// [`assert_harvests_as_english`] of the `extension` files filled by `filler`.
pub(crate) fn assert_filled_harvests_as_english(dir: &TempDir, language: &str, filler: &str, extension: &str) {
    let values = answers(dir);
    let (english, english_rows) = harvested_fill(dir, "en", filler, extension, &values);
    let (other, other_rows) = harvested_fill(dir, language, filler, extension, &values);
    assert_eq!(other, english, "the `{language}` pack's answers ({filler})");
    assert!(other.len() > 20, "{other:?}");
    assert_eq!(other_rows, english_rows, "responses.csv of the `{language}` pack");
}

/// `harvest --lang cy` (issue 27, part 5): a Welsh pack and an English
/// pack, both filled by pypdf, harvested together into reports worded from
/// the Welsh table with the source's texts from its translation, Welsh
/// dates and `cy` in every format; PDF/UA as the English reports; the same
/// figures as `--lang en`, and the same analysis.json and summary.json.
#[test]
fn harvest_writes_its_reports_in_the_language_asked_with_the_same_figures() {
    let (dir, _) = built("welsh-reports");
    let plan: Value = serde_json::from_str(&run_in(&dir.path, ["plan", SOURCE, PACK]).assert_code(0).stdout).unwrap();
    let inbox = dir.path.join("in");
    std::fs::create_dir_all(&inbox).unwrap();
    for (language, person, date) in [("cy", "Person W", "2025-02-11"), ("en", "Person E", "2025-02-10")] {
        let values = crate::harvest::answers(&plan, person, date, false);
        crate::harvest::fill("pypdf", &file(&dir, language, "pdf"), &inbox.join(format!("{language}.pdf")), &values, &dir.path);
    }
    let harvest = |language: &str| {
        let out = dir.path.join(format!("harvest-{language}"));
        let args = ["harvest", inbox.to_str().unwrap(), "--source", SOURCE, "--lang", language, "--out", out.to_str().unwrap()];
        let stderr = run_in(&dir.path, args).assert_code(0).stderr.clone();
        (out, stderr)
    };
    let ((cy, stderr), (en, _)) = (harvest("cy"), harvest("en"));
    assert!(stderr.contains("`cy` 100% translated"), "harvest says how complete the Welsh is:\n{stderr}");
    for kept in ["analysis.json", "summary.json", "responses.csv", "harvest.json"] {
        assert!(std::fs::read(cy.join(kept)).unwrap() == std::fs::read(en.join(kept)).unwrap(), "{kept} depends on the language");
    }

    let words = |key: &str, language: &str| -> String {
        let table = std::fs::read_to_string(root().join(format!("templates/strings{language}.toml"))).unwrap();
        let table: toml::Table = toml::from_str(&table).unwrap();
        let (section, entry) = key.split_once('.').unwrap();
        table[section][entry].as_str().unwrap().to_string()
    };
    let report = collapse(&pdftotext(&cy.join("report.pdf")));
    let summary = collapse(&pdftotext(&cy.join("summary.pdf")));
    for key in ["report.title", "report.completion", "report.domains", "report.plans"] {
        assert!(report.contains(&words(key, ".cy")), "report.pdf has no Welsh {key}:\n{report}");
        assert!(!report.contains(&words(key, "")), "report.pdf still has the English {key}");
    }
    assert!(summary.contains(&words("summary.title", ".cy")), "summary.pdf has no Welsh title:\n{summary}");
    for (name, text) in [("report.pdf", &report), ("summary.pdf", &summary)] {
        assert!(text.contains(MARKER.trim()), "{name} does not take the source's texts from the translation:\n{text}");
        assert!(text.contains("11 Chwefror 2025") && !text.contains("February"), "{name} is not dated in Welsh:\n{text}");
    }
    for pdf in ["report.pdf", "summary.pdf"] {
        let (catalog, _) = catalog_and_xmp(&cy.join(pdf));
        assert_eq!(literal_value(&catalog, "/Lang").as_deref(), Some("cy"), "{pdf}: {catalog}");
    }
    let pdfs = [cy.join("report.pdf"), cy.join("summary.pdf")];
    for (pdf, problems) in crate::conformance::validate(&pdfs) {
        assert_eq!(problems, Vec::<String>::new(), "{} conforms to PDF/UA-1 and PDF/A-2a", pdf.display());
    }
    assert!(zip_part(&cy.join("report.docx"), "word/styles.xml").contains(r#"<w:lang w:val="cy""#), "w:lang of the Welsh report");
    for html in ["report.html", "summary.html"] {
        assert!(std::fs::read_to_string(cy.join(html)).unwrap().contains(r#"<html lang="cy""#), "{html} says it is Welsh");
    }

    // The same figures: every number of every sheet of the workbook, in order.
    let figures = |out: &Path| {
        python_json([
            "-c",
            "import json, sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\n\
             print(json.dumps([[[c for c in row if isinstance(c, (int, float))] for row in ws.iter_rows(values_only=True)] for ws in wb]))",
            out.join("analysis.xlsx").to_str().unwrap(),
        ])
    };
    let (welsh, english) = (figures(&cy), figures(&en));
    assert_eq!(welsh, english, "the Welsh report's figures");
    assert!(welsh.to_string().matches(|c: char| c.is_ascii_digit()).count() > 20, "the workbook holds figures: {welsh}");
}

/// CASE (issue 27, part 7): `export case --lang cy` writes the Welsh
/// edition, its texts from the translation and `cy` as the language of the
/// document and of every item, valid CASE 1.1; `import case` keeps the
/// document's language as `[framework] language`, and exporting the
/// import gives the same texts and languages back. An item in another
/// language than its document's is read as the document's, with a warning.
#[test]
fn a_welsh_edition_exports_to_case_in_welsh_and_imports_keeping_its_language() {
    let dir = translated_project("welsh-case", |text| text);
    let r = run_in(&dir.path, ["export", "case", SOURCE, "--lang", "cy", "--out", "cy.json"]);
    r.assert_code(0);
    assert!(r.stderr.contains("`cy` 100% translated"), "export says how complete the Welsh is:\n{}", r.stderr);
    crate::interop::assert_valid("1.1", &dir.path.join("cy.json"));
    let read = |name: &str| -> Value { serde_json::from_str(&std::fs::read_to_string(dir.path.join(name)).unwrap()).unwrap() };
    let languages = |package: &Value| -> Vec<String> {
        let items = package["CFItems"].as_array().unwrap().iter();
        std::iter::once(&package["CFDocument"]).chain(items).map(|i| i["language"].as_str().unwrap().to_string()).collect()
    };
    let texts = |package: &Value| -> Vec<String> {
        let items = package["CFItems"].as_array().unwrap().iter();
        std::iter::once(&package["CFDocument"]["title"])
            .chain(items.map(|i| &i["fullStatement"]))
            .map(|t| t.as_str().unwrap().to_string())
            .collect()
    };
    let welsh = read("cy.json");
    assert!(languages(&welsh).len() > 10 && languages(&welsh).iter().all(|l| l == "cy"), "{:?}", languages(&welsh));
    assert!(texts(&welsh).iter().all(|t| t.starts_with(MARKER)), "every text is the translation's: {:?}", texts(&welsh));
    run_in(&dir.path, ["export", "case", SOURCE, "--out", "en.json"]).assert_code(0);
    let english = read("en.json");
    assert!(languages(&english).iter().all(|l| l == "en-GB") && !texts(&english).iter().any(|t| t.contains(MARKER)), "the English edition");

    let r = run_in(&dir.path, ["import", "case", "cy.json", "--out", "sources/imported.toml"]);
    r.assert_code(0);
    assert!(dump_in(&dir.path, "sources/imported.toml")["framework"]["language"] == "cy", "the document's language is kept");
    run_in(&dir.path, ["export", "case", "sources/imported.toml", "--out", "again.json"]).assert_code(0);
    let again = read("again.json");
    assert_eq!((languages(&again), texts(&again)), (languages(&welsh), texts(&welsh)), "export → import → export in Welsh");

    let mut mixed = welsh.clone();
    mixed["CFItems"][0]["language"] = json!("en-GB");
    dir.write("mixed.json", serde_json::to_string(&mixed).unwrap());
    let r = run_in(&dir.path, ["import", "case", "mixed.json", "--out", "sources/mixed.toml"]);
    r.assert_code(0);
    assert!(r.stderr.contains("another language than the document's (`cy`)"), "{}", r.stderr);
    assert!(dump_in(&dir.path, "sources/mixed.toml")["framework"]["language"] == "cy");
}

/// The `[download]` words of the wording table `file` (templates/…).
pub(crate) fn download_words(file: &str) -> toml::Table {
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
