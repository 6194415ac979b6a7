//! Bilingual packs in Word and their returns (issue 27, parts 4 and 5),
//! from the CLI: the multi-agency sample with its machine-made "Welsh"
//! test translation (see [`crate::welsh`]; TEST DATA, NOT WELSH FOR
//! OFFICIAL USE), its `[packs]` asking for `languages = ["cy+en", "en"]`
//! in `bilingual_layout = "columns"`.
//!
//! The Word pack in two columns: each block of running text beside its
//! translation, Welsh on the left, every run tagged with its language, the
//! form once, the footer in both languages; python-docx reads it,
//! LibreOffice lays it out with the two languages on the same lines, the
//! ECMA-376 schemas and openxml-audit find nothing, and it is byte-identical
//! when built again.
//!
//! The returns: the bilingual Word pack filled as Word does (and re-saved
//! by LibreOffice), the bilingual PDF filled by pdf.js, and the answers
//! file saved from the bilingual web page each harvest into the same
//! answers and responses as the English pack given the same answers; and
//! `harvest --lang cy` writes its reports of bilingual returns in Welsh
//! with the figures of `--lang en`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use crate::common::*;
use crate::welsh::{
    Harvested, MARKER, SOURCE, assert_audited, assert_filled_harvests_as_english, file, harvested_inbox, translated_project, zip_part,
};

/// The translated sample built from its own `[packs]`, which ask for the
/// bilingual pack in two columns and the English one, for one level and
/// band, into `out_dir`.
fn built(test: &str) -> TempDir {
    let packs = "[packs]\nlanguages = [\"cy+en\", \"en\"]\nbilingual_layout = \"columns\"\n";
    let dir = translated_project(test, |text| replace_once(&text, "[packs]\n", packs));
    build(&dir, "out");
    dir
}

fn build(dir: &TempDir, out: &str) {
    run_in(&dir.path, ["build", SOURCE, "--level", "core", "--band", "primary", "--out", out]).assert_code(0);
}

/// What python-docx reads of the layout tables of a Word file (the
/// top-level tables of two equal grid columns without borders): each row's
/// cells, each as its text and the languages of its runs; and the
/// footer's paragraphs, each as its text and its runs' languages.
fn read_columns(docx: &Path) -> Value {
    let script = r#"
import json, sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
def langs(el):
    return sorted({r.find(qn("w:rPr") + "/" + qn("w:lang")).get(qn("w:val")) if r.find(qn("w:rPr") + "/" + qn("w:lang")) is not None else None
                   for r in el.iter(qn("w:r"))}, key=str)
def text(el):
    return "".join(t.text or "" for t in el.iter(qn("w:t")))
rows = []
for table in d.tables:
    tbl = table._tbl
    borders = tbl.tblPr.find(qn("w:tblBorders"))
    widths = {col.get(qn("w:w")) for col in tbl.tblGrid.findall(qn("w:gridCol"))}
    if len(tbl.tblGrid.findall(qn("w:gridCol"))) != 2 or len(widths) != 1 or borders is None or len(borders):
        continue
    for tr in tbl.tr_lst:
        rows.append([{"text": text(tc), "langs": langs(tc)} for tc in tr.tc_lst])
footer = [{"text": p.text, "langs": langs(p._p)} for p in d.sections[0].footer.paragraphs]
print(json.dumps({"rows": rows, "footer": footer}))
"#;
    python_json(["-c", script, docx.to_str().unwrap()])
}

/// The content controls of a Word file as `tests/clients/docx_forms.py`
/// reads them: kind and key, in order.
fn controls(docx: &Path) -> Vec<(String, String)> {
    let read = python_json([root().join("tests/clients/docx_forms.py").to_str().unwrap(), "read", docx.to_str().unwrap()]);
    read["controls"].as_array().unwrap().iter().map(|c| (c["kind"].as_str().unwrap().to_string(), c["key"].to_string())).collect()
}

/// `docx` converted by LibreOffice into `format` in `out` (its own
/// profile in `dir`): the converted file.
fn libreoffice(dir: &TempDir, docx: &Path, format: &str, out: &Path) -> std::path::PathBuf {
    let profile = format!("-env:UserInstallation=file://{}", dir.path.join("lo-profile").display());
    tool_stdout("soffice", [&profile, "--headless", "--convert-to", format, "--outdir", out.to_str().unwrap(), docx.to_str().unwrap()]);
    let extension = format.split(':').next().unwrap();
    out.join(docx.with_extension(extension).file_name().unwrap())
}

#[test]
fn a_bilingual_word_pack_in_columns_sets_each_block_beside_its_translation() {
    let dir = built("bilingual-word-columns");
    let docx = file(&dir, "cy-en", "docx");
    let read = read_columns(&docx);

    // Side by side: Welsh on the left, English on the right, each run
    // tagged; a block and its translation in one row (the test Welsh of a
    // source text is its English after the marker).
    let rows = read["rows"].as_array().unwrap();
    let pairs: Vec<(&Value, &Value)> = rows.iter().filter_map(|r| Some((r.get(0)?, r.get(1)?))).collect();
    assert!(pairs.len() > 40, "the running text in rows of two cells: {}", pairs.len());
    for (welsh, english) in &pairs {
        assert_eq!(welsh["langs"], json!(["cy"]), "every run on the left is Welsh: {welsh}");
        assert_eq!(english["langs"], json!(["en-GB"]), "every run on the right is English: {english}");
    }
    let text = |v: &Value| v["text"].as_str().unwrap().to_string();
    let beside = |w: &str, e: &str| pairs.iter().any(|(l, r)| text(l) == w && text(r) == e);
    for (welsh, english) in [("Y fframwaith", "The framework"), ("Sut i ddefnyddio'r pecyn hwn", "How to use this pack")] {
        assert!(beside(welsh, english), "the part heading {welsh:?} beside {english:?}");
    }
    let aligned = pairs.iter().filter(|(l, r)| !text(r).is_empty() && text(l) == format!("{MARKER}{}", text(r))).count();
    assert!(aligned > 30, "each statement beside its translation: {aligned} of {} rows", pairs.len());
    // A table (the roles) is set across both columns, Welsh above English.
    let across: Vec<&Value> = rows.iter().filter(|r| r.as_array().unwrap().len() == 1).collect();
    assert!(!across.is_empty(), "no table across both columns");
    for row in across {
        assert_eq!(row[0]["langs"], json!(["cy", "en-GB"]), "{row}");
    }

    // The footer in both languages, Welsh first, the English tagged.
    let footer: Vec<(String, Value)> = read["footer"].as_array().unwrap().iter().map(|p| (text(p), p["langs"].clone())).collect();
    assert_eq!(footer.len(), 2, "{footer:?}");
    assert!(footer[0].0.starts_with("Fersiwn 2.0") && footer[0].0.contains("Tudalen"), "{footer:?}");
    assert!(footer[1].0.starts_with("Version 2.0") && footer[1].0.contains("Page"), "{footer:?}");
    assert_eq!(footer[1].1, json!(["en-GB"]), "the English line says it is English");

    // The form once, each control titled in both languages, as the English pack's.
    let english = file(&dir, "en", "docx");
    assert_eq!(controls(&docx), controls(&english), "the same content controls as the English pack, once each");
    let body = zip_part(&docx, "word/document.xml");
    let title = body.split("<w:alias w:val=\"").nth(1).map(|t| &t[..t.find('"').unwrap()]).unwrap();
    assert!(title.contains(" / "), "a control titled in both languages: {title}");

    // LibreOffice lays the two out on the same lines, Welsh on the left.
    let pdf = libreoffice(&dir, &docx, "pdf", &dir.path.join("lo"));
    let layout = tool_stdout("pdftotext", ["-layout", pdf.to_str().unwrap(), "-"]);
    let left_of = |w: &str, e: &str| layout.lines().any(|l| l.find(w).is_some_and(|at| l[at + w.len()..].contains(e)));
    assert!(left_of("Y fframwaith", "The framework"), "the part headings side by side, Welsh on the left:\n{layout}");
    assert!(left_of("[prawf cy] Understands that", "Understands that"), "a statement beside its translation:\n{layout}");

    // The schemas, openxml-audit, and the same bytes again.
    let report = python_json([root().join("tests/clients/ooxml_schema.py").to_str().unwrap(), docx.to_str().unwrap()]);
    assert_eq!(report["errors"], json!({}), "xmllint --schema wml.xsd: {report:#}");
    assert_audited(&docx);
    build(&dir, "again");
    let again = dir.path.join("again").join(docx.file_name().unwrap());
    assert!(std::fs::read(&docx).unwrap() == std::fs::read(again).unwrap(), "the bilingual Word pack is reproducible");
}

/// The answers file the web page of [`crate::welsh::PACK`] in `language`
/// saves once the browser has answered its whole form by keyboard, typing
/// `typed`, signed by Person W.
fn saved_answers(dir: &TempDir, language: &str, typed: &[&str]) -> Value {
    let html = file(dir, language, "html");
    let results = crate::html::browser(&[json!({ "path": html, "kind": "pack", "values": typed })]);
    let mut saved = results[&html]["downloaded"].clone();
    assert!(saved.is_object(), "the {language} page saved no answers file: {}", results[&html]);
    saved["answers"]["signoff.name"] = json!("Person W");
    saved
}

/// What harvest reads of the answers file saved from the web page in
/// `language`, and the file.
fn harvested_html(dir: &TempDir, language: &str, typed: &[&str]) -> (Harvested, Value) {
    let saved = saved_answers(dir, language, typed);
    let inbox = dir.path.join(format!("in-{language}-html"));
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(inbox.join("answers.json"), serde_json::to_vec_pretty(&saved).unwrap()).unwrap();
    (harvested_inbox(dir, &inbox), saved)
}

/// What harvest reads of the Word pack in `language` filled as Word does
/// with `values` and saved again by LibreOffice (which drops the
/// controls' tags).
fn harvested_resaved(dir: &TempDir, language: &str, values: &BTreeMap<String, String>) -> Harvested {
    let staging = dir.path.join(format!("staging-{language}"));
    std::fs::create_dir_all(&staging).unwrap();
    let filled = staging.join(file(dir, language, "docx").file_name().unwrap());
    crate::harvest::fill("word", &file(dir, language, "docx"), &filled, values, &dir.path);
    let inbox = dir.path.join(format!("in-{language}-resaved"));
    libreoffice(dir, &filled, "docx:MS Word 2007 XML", &inbox);
    harvested_inbox(dir, &inbox)
}

#[test]
fn bilingual_returns_of_every_format_harvest_as_english_ones_and_into_welsh_reports() {
    let dir = built("bilingual-returns");
    // Word as Word fills it, and the PDF as pdf.js does.
    assert_filled_harvests_as_english(&dir, "cy-en", "word", "docx");
    assert_filled_harvests_as_english(&dir, "cy-en", "pdfjs", "pdf");

    // Word filled, then opened and saved again by LibreOffice.
    let values = crate::welsh::answers(&dir);
    let (resaved, english) = (harvested_resaved(&dir, "cy-en", &values), harvested_resaved(&dir, "en", &values));
    assert_eq!(resaved, english, "the bilingual Word pack re-saved by LibreOffice");
    assert!(resaved.0.len() > 20, "{:?}", resaved.0);

    // The answers file saved from each web page, answered alike.
    let typed = ["Tystiolaeth: arsylwi yn y dosbarth", "Evidence: observed in class"];
    let ((both, both_file), (english, english_file)) = (harvested_html(&dir, "cy-en", &typed), harvested_html(&dir, "en", &typed));
    assert_eq!(both_file["answers"], english_file["answers"], "the two pages save the same answers under the same keys");
    assert_eq!(both, english, "the answers file of the bilingual page");
    assert!(both.0.len() > 20, "{:?}", both.0);

    // `harvest --lang cy` of bilingual returns of every format: reports in
    // Welsh, the same figures and responses as `--lang en`.
    let inbox = dir.path.join("in-all");
    std::fs::create_dir_all(&inbox).unwrap();
    let plan: Value = serde_json::from_str(&run_in(&dir.path, ["plan", SOURCE, crate::welsh::PACK]).assert_code(0).stdout).unwrap();
    for (filler, extension, person, date) in [("word", "docx", "Person D", "2025-02-11"), ("pdfjs", "pdf", "Person P", "2025-02-12")] {
        let values = crate::harvest::answers(&plan, person, date, false);
        crate::harvest::fill(filler, &file(&dir, "cy-en", extension), &inbox.join(format!("filled.{extension}")), &values, &dir.path);
    }
    let mut saved = both_file.clone();
    saved["answers"]["signoff.date"] = json!("2025-02-13");
    std::fs::write(inbox.join("answers.json"), serde_json::to_vec_pretty(&saved).unwrap()).unwrap();
    let harvest = |language: &str| {
        let out = dir.path.join(format!("harvest-all-{language}"));
        run_in(&dir.path, ["harvest", inbox.to_str().unwrap(), "--source", SOURCE, "--lang", language, "--out", out.to_str().unwrap()])
            .assert_code(0);
        out
    };
    let (cy, en) = (harvest("cy"), harvest("en"));
    let json: Value = serde_json::from_slice(&std::fs::read(cy.join("harvest.json")).unwrap()).unwrap();
    assert_eq!(json["counts"]["read"], 3, "{:#}", json["files"]);
    for kept in ["analysis.json", "summary.json", "responses.csv", "harvest.json"] {
        assert!(std::fs::read(cy.join(kept)).unwrap() == std::fs::read(en.join(kept)).unwrap(), "{kept} depends on the language");
    }
    for pdf in ["report.pdf", "summary.pdf"] {
        let (catalog, _) = catalog_and_xmp(&cy.join(pdf));
        assert_eq!(literal_value(&catalog, "/Lang").as_deref(), Some("cy"), "{pdf}: {catalog}");
        let text = collapse(&pdftotext(&cy.join(pdf)));
        assert!(text.contains(MARKER.trim()), "{pdf} does not take the source's texts from the translation:\n{text}");
        assert!(text.contains("Chwefror 2025") && !text.contains("February"), "{pdf} is not dated in Welsh:\n{text}");
    }
}
