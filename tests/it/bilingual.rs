//! Bilingual packs (issue 27, part 4), from the CLI: the multi-agency
//! sample with its machine-made "Welsh" test translation (see
//! [`crate::welsh`]; TEST DATA, NOT WELSH FOR OFFICIAL USE) built with
//! `build --lang cy+en`. Each pack, named `…-cy-en`, holds both languages,
//! Welsh first, every English text tagged as English: in the PDF's
//! structure (so a screen reader switches voice), in the Word file's runs
//! (`w:lang`), in the web page's `lang` attributes. The form is there once, each field named in both
//! languages; the packs pass the checks the English ones pass (PDF/UA and
//! PDF/A with page-validation, openxml-audit, axe-core); the web page's language switch
//! changes the language and keeps the answers; a bilingual PDF filled by
//! another program harvests into the same responses as the English one.

use serde_json::{Value, json};

use crate::common::*;
use crate::welsh::{MARKER, SOURCE, assert_audited, assert_harvests_as_english, file, translated_project, zip_part};

/// The project of [`translated_project`], its `[packs]` changed by `packs`
/// (say `bilingual_layout`), built for one level and band in `languages`.
fn built(test: &str, packs: &str, languages: &[&str]) -> TempDir {
    let dir = translated_project(test, |text| replace_once(&text, "[packs]\n", &format!("[packs]\n{packs}")));
    let mut args = vec!["build", SOURCE, "--level", "core", "--band", "primary", "--out", "out"];
    args.extend(languages.iter().flat_map(|l| ["--lang", l]));
    let r = run_in(&dir.path, args);
    r.assert_code(0);
    dir
}

/// What `tests/clients/pdf_languages.py` reads of a PDF's languages.
fn languages(pdf: &std::path::Path) -> Value {
    python_json([root().join("tests/clients/pdf_languages.py").as_os_str(), pdf.as_os_str()])
}

/// The PDF of `dir` in both languages: Welsh, then English tagged as
/// English; every field once, named in Welsh and in English; conforming.
fn assert_bilingual_pdf(dir: &TempDir) {
    let pdf = file(dir, "cy-en", "pdf");
    let text = tool_stdout("pdftotext", [pdf.to_str().unwrap(), "-"]);
    for (welsh, english) in [("Hunanasesiad", "Self-assessment"), ("Tudalen 1 o", "Page 1 of"), ("1 Medi 2027", "1 September 2027")] {
        let (Some(w), Some(e)) = (text.find(welsh), text.find(english)) else {
            panic!("the bilingual PDF lacks {welsh:?} or {english:?}:\n{text}")
        };
        assert!(w < e, "Welsh comes first: {welsh:?} before {english:?}");
    }
    assert!(text.contains(MARKER), "the source's texts in Welsh");

    let both = languages(&pdf);
    assert_eq!(both["catalog"], "cy", "the document's language");
    for kind in ["elements", "spans"] {
        assert!(both[kind]["en-GB"].as_u64().unwrap_or(0) > 10, "English {kind} say they are English: {}", both[kind]);
    }
    // Every field once, with the Welsh pack's name, then the English's.
    let (english, welsh) = (languages(&file(dir, "en", "pdf")), languages(&file(dir, "cy", "pdf")));
    let names = |v: &Value| v["tooltips"].as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&both), names(&english), "the same fields as the English pack");
    assert!(names(&both).len() > 60, "{}", both["tooltips"]);
    for (name, tu) in both["tooltips"].as_object().unwrap() {
        let expected = format!("{} / {}", welsh["tooltips"][name].as_str().unwrap(), english["tooltips"][name].as_str().unwrap());
        assert_eq!(tu.as_str().unwrap(), expected, "field {name} is named in both languages");
    }
    let verdicts = crate::conformance::validate(std::slice::from_ref(&pdf));
    assert_eq!(verdicts[&pdf], Vec::<String>::new(), "the bilingual PDF conforms to PDF/UA-1 and PDF/A-2a");
}

/// The web page of `dir` passes axe-core and the browser's other checks,
/// says it is Welsh, marks its English, and its language switch shows one
/// language or both and keeps what was typed.
fn assert_bilingual_html(dir: &TempDir) {
    let html = file(dir, "cy-en", "html");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains(r#"lang="en-GB" data-language="second""#), "English marked as English");
    let results = crate::html::browser(&[json!({ "path": html, "kind": "pack", "values": [] })]);
    let result = &results[&html];
    crate::html::assert_clean(result, "the bilingual HTML");
    assert_eq!(result["lang"], "cy");

    let typed = "Tystiolaeth / evidence";
    let job = json!({ "path": html, "value": typed, "screenshot": null });
    let switched = chromium_client("language_switch.mjs", &["puppeteer-core"], &job);
    let labels: Vec<(&str, &str)> =
        switched["buttons"].as_array().unwrap().iter().map(|b| (b["show"].as_str().unwrap(), b["label"].as_str().unwrap())).collect();
    assert_eq!(labels[..2], [("first", "Cymraeg"), ("second", "English")], "{}", switched["buttons"]);
    let seen: Vec<(&str, bool, bool, &str, &str)> = switched["after"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let s = |k: &str| a[k].as_str().unwrap();
            (s("show"), a["first"].as_bool().unwrap(), a["second"].as_bool().unwrap(), s("value"), s("pressed"))
        })
        .collect();
    assert_eq!(
        seen,
        [("second", false, true, typed, "true"), ("first", true, false, typed, "true"), ("both", true, true, typed, "true")],
        "each language alone, then both, the answer kept throughout"
    );
    assert_eq!(switched["stored"], typed, "the answer kept in the browser");
}

/// The Word file of `dir`: Welsh (its default), English runs tagged as
/// English, each content control once, titled in both languages, as the
/// English pack's; openxml-audit finds nothing.
fn assert_bilingual_docx(dir: &TempDir) {
    let docx = file(dir, "cy-en", "docx");
    assert!(zip_part(&docx, "word/styles.xml").contains(r#"<w:lang w:val="cy""#), "the document's language");
    let body = zip_part(&docx, "word/document.xml");
    assert!(body.matches(r#"<w:lang w:val="en-GB" />"#).count() > 100, "English runs say they are English");
    let (w, e) = (body.find("Hunanasesiad").expect("Welsh"), body.find("Self-assessment").expect("English"));
    assert!(w < e, "Welsh comes first");
    let tags = |xml: &str| xml.split("<w:tag w:val=\"").skip(1).map(|t| t[..t.find('"').unwrap()].to_string()).collect::<Vec<_>>();
    let english = zip_part(&file(dir, "en", "docx"), "word/document.xml");
    assert_eq!(tags(&body), tags(&english), "the same content controls as the English pack, once each");
    assert!(tags(&body).len() > 100);
    let title = body.split("<w:alias w:val=\"").nth(1).map(|t| &t[..t.find('"').unwrap()]).unwrap();
    assert!(title.contains(" / ") && title.contains("Rating for"), "a control titled in both languages: {title}");
    assert_audited(&docx);
}

#[test]
fn a_bilingual_pack_has_both_languages_welsh_first_and_passes_the_checks_of_the_packs() {
    let dir = built("bilingual-parts", "", &["cy+en", "cy", "en"]);
    assert_bilingual_pdf(&dir);
    assert_bilingual_docx(&dir);
    assert_bilingual_html(&dir);
}

#[test]
fn a_bilingual_pack_in_two_columns_passes_the_same_checks() {
    let dir = built("bilingual-columns", "bilingual_layout = \"columns\"\n", &["cy+en", "cy", "en"]);
    assert_bilingual_pdf(&dir);
    let page = std::fs::read_to_string(file(&dir, "cy-en", "html")).unwrap();
    assert!(page.contains(r#"class="part pair columns"#), "the web page's parts side by side");
    assert_bilingual_html(&dir);
}

#[test]
fn a_bilingual_pdf_filled_by_another_program_harvests_as_the_english_one_does() {
    let dir = built("bilingual-harvest", "", &["cy+en", "en"]);
    assert_harvests_as_english(&dir, "cy-en");
}

#[test]
fn a_language_entry_that_is_not_one_language_nor_two_is_refused() {
    let dir = translated_project("bilingual-refused", |text| text);
    let text = std::fs::read_to_string(dir.path.join(SOURCE)).unwrap();
    dir.write(SOURCE, replace_once(&text, "[packs]\n", "[packs]\nlanguages = [\"cy+cy\"]\n"));
    let r = run_in(&dir.path, ["check", SOURCE]);
    r.assert_code(1);
    assert!(r.stderr.contains("`cy+cy` is neither a language nor a pair of two"), "{}", r.stderr);
    dir.write(SOURCE, text);
    let r = run_in(&dir.path, ["build", SOURCE, "--lang", "cy+en+fr", "--out", "out"]);
    assert_ne!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("`cy+en+fr` is neither a language nor a pair of two"), "{}", r.stderr);
}
