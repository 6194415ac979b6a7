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
//! The download page, built and served, lists each bilingual file under its
//! pack on the page in each language, saying both languages in the page's
//! (part 6).

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::common::*;
use crate::on_each_database;
use crate::serve_register::links;
use crate::welsh::{MARKER, SOURCE, assert_audited, assert_harvests_as_english, download_words, file, translated_project, zip_part};

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

/// What a link to a Welsh-and-English file ends with on the download page
/// worded by `words` (a `[download]` table): its `bilingual` entry naming
/// `language_cy` and `language_en`, after the file's size.
fn welsh_and_english(words: &toml::Table) -> String {
    let word = |key: &str| words[key].as_str().unwrap().to_string();
    let both = word("bilingual").replace("{{ first }}", &word("language_cy")).replace("{{ second }}", &word("language_en"));
    format!(" · {both}")
}

/// The words of the link that opens with `link` on `page`.
fn link_text<'a>(page: &'a str, link: &str) -> &'a str {
    let at = page.find(link).unwrap_or_else(|| panic!("no {link} on the page:\n{page}")) + link.len();
    &page[at..at + page[at..].find("</a>").unwrap()]
}

/// The download page (part 6), built from `[packs] languages = ["cy+en",
/// "cy", "en"]`: each page (`index.html`, `index.cy.html`) lists each
/// bilingual file once under its pack, with the first language's
/// `hreflang`, its format and size, and both languages named in the
/// page's language; "find your pack" gives it with the pack's other
/// files; both pages pass axe-core and the Nu checker. A later `build
/// --lang en` alone leaves both pages as they were; a bilingual file
/// removed by hand then leaves them.
#[test]
fn the_download_page_lists_each_bilingual_file_in_every_language() {
    let dir = built("bilingual-page", "languages = [\"cy+en\", \"cy\", \"en\"]\n", &[]);
    let out = dir.path.join("out");
    let manifest: Value = serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let files: Vec<String> = manifest["files"].as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap().to_string()).collect();
    let bilingual: Vec<&String> = files.iter().filter(|f| f.rsplit_once('.').unwrap().0.ends_with("-cy-en")).collect();
    // Two packs (the level's, and with the additional-needs enhancements), three formats, three editions.
    assert_eq!((files.len(), bilingual.len()), (18, 6), "{files:?}");
    let (english, welsh) = (download_words("strings.toml"), download_words("strings.cy.toml"));
    let pages = [("index.html", &english), ("index.cy.html", &welsh)];
    let mut jobs = Vec::new();
    for (page, words) in pages {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        for name in &bilingual {
            let link = format!("<a href=\"{name}\" hreflang=\"cy\">");
            assert_eq!(html.matches(&link).count(), 1, "{page}: {link}");
            let text = link_text(&html, &link);
            let bytes = std::fs::metadata(out.join(name)).unwrap().len();
            let kb = bytes.div_ceil(1000);
            let size = if kb < 1000 { format!(", {kb} KB") } else { format!(", {:.1} MB", bytes as f64 / 1_000_000.0) };
            let format = words[&format!("format_{}", name.rsplit('.').next().unwrap())].as_str().unwrap();
            assert!(text.starts_with(format) && text.contains(&size), "{page}: {name} gives its format and size ({size}): {text}");
            assert!(text.ends_with(&welsh_and_english(words)), "{page}: {name} says its languages in the page's: {text}");
        }
        jobs.push(json!({ "path": out.join(page), "kind": "index", "values": [] }));
    }

    // In the browser: axe-core and its other findings, every file linked and
    // nothing else, and "find your pack" (the level for the second band,
    // the pack of PACK) gives the pack's files in each edition.
    let pack: BTreeSet<String> = ["en", "cy", "cy-en"]
        .iter()
        .flat_map(|language| ["pdf", "docx", "html"].map(|extension| file(&dir, language, extension)))
        .map(|path| path.file_name().unwrap().to_str().unwrap().to_string())
        .collect();
    let results = crate::html::browser(&jobs);
    for job in &jobs {
        let path = PathBuf::from(job["path"].as_str().unwrap());
        let (result, what) = (&results[&path], path.display().to_string());
        crate::html::assert_clean(result, &what);
        crate::html::assert_heading_outline(result["headings"].as_array().unwrap(), &what);
        let strings = |list: &Value| list.as_array().unwrap().iter().map(|l| l.as_str().unwrap().to_string()).collect::<BTreeSet<_>>();
        assert_eq!(strings(&result["links"]), files.iter().cloned().collect(), "{what}: every file, and nothing else");
        assert_eq!(strings(&result["found"][0]["links"]), pack, "{what}: find your pack ({})", result["found"]);
    }
    crate::html::assert_valid_html(&[out.join("index.html"), out.join("index.cy.html")]);

    // English alone: the bilingual files (and the Welsh) stay listed.
    let read = |page: &str| std::fs::read(out.join(page)).unwrap();
    let before = pages.map(|(page, _)| read(page));
    let english_only = ["build", SOURCE, "--lang", "en", "--level", "core", "--band", "primary", "--out", "out"];
    run_in(&dir.path, english_only).assert_code(0);
    assert!(pages.map(|(page, _)| read(page)) == before, "a build of English alone changed the download pages");
    // A bilingual file removed by hand is left off.
    std::fs::remove_file(out.join(bilingual[0])).unwrap();
    run_in(&dir.path, english_only).assert_code(0);
    for (page, _) in pages {
        let html = String::from_utf8(read(page)).unwrap();
        assert!(!html.contains(&format!("href=\"{}\"", bilingual[0])), "{page} still links the removed {}", bilingual[0]);
        assert!(html.contains(&format!("href=\"{}\"", bilingual[1])), "{page} no longer links {}", bilingual[1]);
    }
}

on_each_database!(the_served_download_page_lists_bilingual_files_behind_the_same_registration);

/// `framewright serve`'s download page of a framework built in Welsh and
/// English together and in English (`[packs] languages`; no translations
/// file: the source's texts stay English, the wording is framewright's
/// Welsh table) whose source asks downloaders to register: the form
/// first, no file; once registered, each bilingual file linked with the
/// registration's secret, `hreflang="cy"` and both languages named in
/// the page's language, on the English page and on the Welsh one
/// (`?lang=cy`); no bilingual file without the secret.
fn the_served_download_page_lists_bilingual_files_behind_the_same_registration(database: Database) {
    let source = crate::serve_register::source("both-fw", "[packs.registration]\nfields = [\"name\", \"email\"]\n");
    let source = replace_once(&source, "formats = [\"pdf\", \"html\"]", "formats = [\"html\"]\nlanguages = [\"cy+en\", \"en\"]");
    let mut server = Service::with_sources("serve_bilingual", database, &[("both.toml", &source)]);
    server.start(&[]);
    let anyone = Credentials::default();
    let form = server.get("/download/both-fw/", &anyone).expect(200).text();
    assert!(form.contains("name=\"consent\"") && !form.contains(".html"), "the form first, no file:\n{form}");

    let registered = [("name", "Reader"), ("email", "reader@example.org"), ("consent", "yes")];
    let english = server.post_form("/download/both-fw/", &anyone, &registered).expect(200).text();
    let files: Vec<String> = links(&english).into_iter().filter(|l| l.contains("-cy-en.html?token=")).collect();
    assert!(!files.is_empty(), "no bilingual file listed:\n{english}");
    let token = files[0].split_once("?token=").unwrap().1;
    let welsh = server.get(&format!("/download/both-fw/?lang=cy&token={token}"), &anyone).expect(200).text();
    let pages = [(&english, download_words("strings.toml")), (&welsh, download_words("strings.cy.toml"))];
    for (page, words) in &pages {
        for file in &files {
            let text = link_text(page, &format!("<a href=\"{file}\" hreflang=\"cy\">"));
            assert!(text.ends_with(&welsh_and_english(words)), "{file} says its languages in the page's: {text}");
        }
    }
    for file in &files {
        assert_eq!(server.get(file, &anyone).status, 200, "{file}");
        assert_eq!(server.get(file.split('?').next().unwrap(), &anyone).status, 404, "{file} without the registration's secret");
    }
}
