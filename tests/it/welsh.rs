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

pub(crate) const SOURCE: &str = "sources/semh.toml";
pub(crate) const MARKER: &str = "[prawf cy] ";
pub(crate) const PACK: &str = "level-core-primary";

/// `po` with every unit of the source's own texts given its English after
/// [`MARKER`] as the translation; the wording's units are left to the
/// Welsh table, but for `wording.headings.contents`, which the source's
/// translation words its own way.
fn fill(po: &str) -> String {
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

/// The pack [`PACK`] of `dir/out` in `language`, filled by pypdf with the
/// answers `values` and harvested alone: what the harvest read of Person
/// W, and the rows of responses.csv, every column but the file's name (the
/// reworded column too, so a pack in another language counts as its
/// edition's, not as a changed pack).
fn harvested_pdf(
    dir: &TempDir,
    language: &str,
    values: &BTreeMap<String, String>,
) -> (BTreeMap<String, String>, Vec<BTreeMap<String, String>>) {
    let inbox = dir.path.join(format!("in-{language}"));
    std::fs::create_dir_all(&inbox).unwrap();
    crate::harvest::fill("pypdf", &file(dir, language, "pdf"), &inbox.join("filled.pdf"), values, &dir.path);
    let out = dir.path.join(format!("harvest-{language}"));
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
fn answers(dir: &TempDir) -> BTreeMap<String, String> {
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
    let values = answers(dir);
    let (english, english_rows) = harvested_pdf(dir, "en", &values);
    let (other, other_rows) = harvested_pdf(dir, language, &values);
    assert_eq!(other, english, "the `{language}` pack's answers");
    assert!(other.len() > 20, "{other:?}");
    assert_eq!(other_rows, english_rows, "responses.csv of the `{language}` pack");
}
