//! The Word packs, read back with real clients: LibreOffice (headless,
//! converting to PDF and saving again as .docx), Poppler (pdftotext,
//! pdftoppm), python-docx, openxml-audit, and a plain zip + XML reader
//! (`tests/clients/docx_forms.py`, standard library only, as a harvest script
//! would read returned forms):
//!
//! - every pack of every sample converts to PDF in LibreOffice, with its
//!   plan's statements and none of other levels, bands or additional
//!   needs, a contents list of headings, and the footer on every page;
//! - python-docx finds the heading styles, repeating header rows, rows
//!   that do not split, core properties, the language and A4 pages;
//! - the content controls fill as Word fills them and read back by tag and
//!   by the alias's key, which survives LibreOffice saving the file again;
//! - hostile text is verbatim in the XML and in LibreOffice's PDF;
//! - builds are byte-identical, compressed and dated by the build date;
//! - a logo carries its alt text; a broken logo fails only its packs and
//!   leaves the last good file; only an overlong statement's row splits;
//! - openxml-audit (for Word 2019 and Word 2007) and xmllint with the
//!   ECMA-376 transitional schemas find nothing in any pack, full edition
//!   or personalised pack of any sample, and do find a broken copy's faults.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::*;
use serde_json::{Value, json};

/// The reader and filler of content controls.
fn forms(args: &[&std::ffi::OsStr]) -> Value {
    let mut all = vec![root().join("tests/clients/docx_forms.py").into_os_string()];
    all.extend(args.iter().map(|a| a.to_os_string()));
    python_json(all)
}

/// The content controls of a .docx: [{kind, tag, key, value}].
fn controls(path: &Path) -> Vec<Value> {
    forms(&[std::ffi::OsStr::new("read"), path.as_os_str()])["controls"].as_array().unwrap().clone()
}

/// One built .docx, its source and its plan.
struct Pack {
    source: String,
    file: BuiltFile,
    plan: Value,
}

impl Pack {
    fn name(&self) -> String {
        self.file.path.file_name().unwrap().to_string_lossy().into_owned()
    }
}

/// Builds the .docx packs of `source` (in project `dir`) into `out`;
/// checks that exactly the .docx files the source defines were written.
fn build_docx(dir: &Path, source: &str, out: &Path, env: &[(&str, &str)]) -> Vec<Pack> {
    let files = build_json(dir, &[source, "--out", out.to_str().unwrap(), "--format", "docx"], env);
    let expected = planned_files(&dump_in(dir, source), "docx");
    let written: BTreeSet<String> = files.iter().map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(written, expected, "{source}: the .docx files");
    assert!(files.iter().all(|f| f.pages == 0), "Word paginates itself: a .docx reports 0 pages");
    files.into_iter().map(|file| Pack { source: source.to_string(), plan: plan_in(dir, source, &file.pack), file }).collect()
}

/// Every sample built as .docx into `dir/out`.
fn build_samples(dir: &TempDir) -> Vec<Pack> {
    let out = dir.path.join("out");
    sample_sources().iter().flat_map(|s| build_docx(&root(), s.strip_prefix(root()).unwrap().to_str().unwrap(), &out, &[])).collect()
}

/// The content controls a pack's plan asks for: key → kind.
fn expected_controls(plan: &Value) -> BTreeMap<String, &'static str> {
    let a = &plan["assessment"];
    let mut keys = BTreeMap::new();
    for r in a["rows"].as_array().unwrap() {
        for s in a["scale"].as_array().unwrap() {
            keys.insert(format!("{}={}", r["rating_field"].as_str().unwrap(), s["value"]), "checkbox");
        }
        keys.insert(r["evidence_field"].as_str().unwrap().to_string(), "text");
        keys.insert(r["action_field"].as_str().unwrap().to_string(), "text");
    }
    for f in a["signoff"].as_array().unwrap() {
        keys.insert(f["field"].as_str().unwrap().to_string(), if f["kind"] == "date" { "date" } else { "text" });
    }
    for r in a["action_plan"].as_array().unwrap() {
        for field in ["action_field", "support_field", "date_field"] {
            keys.insert(r[field].as_str().unwrap().to_string(), "text");
        }
    }
    keys
}

/// The outlined level-1 and level-2 headings of a pack, in order, as the
/// contents list shows them (what `outline(depth: 2)` lists in the PDF):
/// the parts and the words come from the plan.
fn contents_headings(plan: &Value) -> Vec<String> {
    let p = &plan["pack"];
    let say = |key: &str| key.split('.').fold(&plan["text"], |v, k| &v[k]).as_str().unwrap_or_else(|| panic!("no text {key}")).to_string();
    let has = |v: &Value| v.as_array().is_some_and(|a| !a.is_empty());
    let mut h = Vec::new();
    for part in plan["document"]["parts"].as_array().unwrap() {
        let kind = part["kind"].as_str().unwrap();
        if kind == "cover" || kind == "contents" {
            continue;
        }
        h.push(part["heading"].as_str().unwrap().to_string());
        match kind {
            "about" if p["kind"] == "full" => {
                if has(&plan["framework"]["principles"]) {
                    h.push(say("headings.principles"));
                }
                h.push(say("headings.levels"));
                if !plan["roles"].is_null() {
                    h.push(say("headings.roles"));
                }
            }
            "about" => {
                h.extend(["role", "level"].iter().filter_map(|who| p[who]["name"].as_str().map(String::from)));
                if !p["band"].is_null() {
                    h.push(say("headings.band"));
                }
                if has(&p["assumed_levels"]) {
                    h.push(say("headings.assumed"));
                }
                if !plan["roles"].is_null() {
                    h.push(say("headings.roles"));
                }
            }
            "framework" => h.extend(plan["domains"].as_array().unwrap().iter().map(|d| match d["number"].as_str() {
                Some(n) => format!("{n} {}", d["title"].as_str().unwrap()),
                None => d["title"].as_str().unwrap().to_string(),
            })),
            "assessment" => h.extend([say("headings.scale"), say("headings.ratings")]),
            "training" if !plan["refresher"].is_null() || has(&plan["refreshers"]) => h.push(say("headings.refresher")),
            "signoff" => {
                let a = &plan["assessment"];
                if has(&a["action_plan"]) {
                    h.push(say("headings.action_plan"));
                }
                if has(&a["signoff"]) {
                    h.push(say("headings.signoff"));
                }
            }
            _ => {}
        }
    }
    h
}

/// The contents page holds every outlined heading, in order, as text.
pub(crate) fn check_contents(name: &str, plan: &Value, text: &PdfText, problems: &mut Vec<String>) {
    let title = plan["text"]["headings"]["contents"].as_str().unwrap();
    let Some(page) = text.pages.iter().find(|p| p.starts_with(&format!("{title}\n"))) else {
        problems.push(format!("{name}: no page starts with `{title}`"));
        return;
    };
    let flat = collapse(page);
    let mut from = 0;
    for heading in contents_headings(plan) {
        match flat[from..].find(&collapse(&heading)) {
            Some(at) => from += at + heading.len(),
            None => problems.push(format!("{name}: the contents lack `{heading}` (in order): {flat}")),
        }
    }
    if text.flat.contains("TOC \\o") || text.flat.contains("PAGEREF") {
        problems.push(format!("{name}: a field code is printed"));
    }
}

#[test]
fn sample_packs_open_in_libreoffice_with_their_statements_only() {
    let started = std::time::Instant::now();
    let dir = TempDir::new("docx-samples");
    let packs = build_samples(&dir);
    assert_eq!(packs.len(), 50);
    let pdfs = soffice_convert(&packs.iter().map(|p| p.file.path.clone()).collect::<Vec<_>>(), "pdf", &dir.path.join("pdf"));

    let mut problems = Vec::new();
    let (mut found, mut absent, mut other_band) = (0, 0, 0);
    let mut dumps: BTreeMap<String, Value> = BTreeMap::new();
    for (pack, pdf) in packs.iter().zip(&pdfs) {
        let name = pack.name();
        let plan = &pack.plan;
        let text = match PdfText::read(pdf, &footer_of(plan)) {
            Ok(t) => t,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        check_contents(&name, plan, &text, &mut problems);
        // A printed tick box per scale point of every row.
        let (rows, points) = (plan["assessment"]["rows"].as_array().unwrap().len(), plan["assessment"]["scale"].as_array().unwrap().len());
        let boxes = text.flat.matches('\u{2610}').count();
        if boxes != rows * points {
            problems.push(format!("{name}: {boxes} tick boxes printed for {rows} rows of {points} points"));
        }
        let mut expect = |t: &str, what: &str| {
            if text.contains(t) {
                found += 1;
            } else {
                problems.push(format!("{name}: {what}: missing `{}`", collapse(t)));
            }
        };
        for r in plan["assessment"]["rows"].as_array().unwrap() {
            expect(r["text"].as_str().unwrap(), "grid row");
        }
        for s in plan_statements(plan) {
            let t = s["text"].as_str().unwrap();
            expect(t, "statement");
            if s["additional_needs"] == true {
                expect(&format!("{t} (additional needs)"), "additional-needs marker");
            }
        }
        // Statements the plan leaves out are not printed.
        let dump = dumps.entry(pack.source.clone()).or_insert_with(|| dump(&pack.source));
        let plan_text = collapse(&all_strings(plan).join("\n"));
        let band = plan["pack"]["band"]["id"].as_str();
        for s in model_statements(dump) {
            let t = collapse(s["text"].as_str().unwrap());
            if plan_text.contains(&t) {
                continue;
            }
            absent += 1;
            if band.is_some_and(|b| !s["bands"].as_array().unwrap().iter().any(|x| x == b)) {
                other_band += 1;
            }
            if text.find(&t) != Found::Missing {
                problems.push(format!("{name}: prints statement {} that its plan leaves out", s["id"]));
            }
        }
        if pack.file.pack == "full" && plan["identity"]["framework_id"] == "yh-pcf" {
            for (i, b) in seed_bullets().iter().enumerate() {
                if !text.contains(b) {
                    problems.push(format!("{name}: seed bullet {} missing: `{b}`", i + 1));
                }
            }
        }
    }

    // The grid page of one pack, rendered: ink in the tick-box columns.
    let (pack, pdf) = packs.iter().zip(&pdfs).find(|(p, _)| p.name() == "london-safeguarding-level-3.docx").unwrap();
    let text = PdfText::read(pdf, &footer_of(&pack.plan)).unwrap();
    let page = text.pages.iter().position(|p| p.contains("Your ratings") && p.contains("Capability")).expect("a grid page") + 1;
    let (w, h, pixels) = render_gray(pdf, page, 50, &dir.path);
    assert!((413..=414).contains(&w) && (584..=585).contains(&h), "not A4 at 50 dpi: {w} × {h}");
    let dark = |x0: usize, x1: usize| (0..h).flat_map(|y| (x0..x1).map(move |x| (x, y))).filter(|&(x, y)| pixels[y * w + x] < 128).count();
    assert!(dark(w / 2, w - 30) > 200, "page {page}: the grid's right half (tick boxes, evidence, action) is empty");

    eprintln!(
        "{} packs: {found} texts found, {absent} statements of other packs checked absent ({other_band} of other bands), {:.1} s",
        packs.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(other_band > 0, "the band check never ran");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// python-docx: per file, the heading styles with their outline levels,
/// the headings used, every table's header and split flags, core
/// properties, the document language and the page size.
const STRUCTURE: &str = r#"
import json, sys, docx
from docx.oxml.ns import qn
out = {}
for path in sys.argv[1:]:
    d = docx.Document(path)
    styles = {}
    for s in d.styles:
        if s.type == 1 and s.name.startswith("Heading"):
            lvl = s.element.pPr.find(qn("w:outlineLvl")) if s.element.pPr is not None else None
            styles[s.name] = None if lvl is None else int(lvl.get(qn("w:val")))
    used = sorted({p.style.name for p in d.paragraphs if p.style.name.startswith("Heading")})
    def flag(row, name):
        pr = row._tr.trPr
        return pr is not None and pr.find(qn(name)) is not None
    tables = [{"first": [c.text for c in t.rows[0].cells], "rows": len(t.rows),
               "header": [flag(r, "w:tblHeader") for r in t.rows],
               "cant_split": [flag(r, "w:cantSplit") for r in t.rows]} for t in d.tables]
    lang = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    cp = d.core_properties
    s = d.sections[0]
    out[path] = {"styles": styles, "used": used, "tables": tables,
                 "lang": None if lang is None else lang.get(qn("w:val")),
                 "core": {"title": cp.title, "author": cp.author, "subject": cp.subject, "keywords": cp.keywords, "language": cp.language},
                 "page_mm": [round(s.page_width.mm), round(s.page_height.mm)]}
print(json.dumps(out))
"#;

#[test]
fn python_docx_finds_styles_header_rows_properties_and_language() {
    require_python_module("docx", "python-docx");
    let dir = TempDir::new("docx-structure");
    let packs = build_samples(&dir);
    let mut args = vec!["-c".to_string(), STRUCTURE.to_string()];
    args.extend(packs.iter().map(|p| p.file.path.display().to_string()));
    let all = python_json(&args);
    let mut problems = Vec::new();
    for pack in &packs {
        let name = pack.name();
        let info = &all[pack.file.path.display().to_string()];
        let mut problem = |p: String| problems.push(format!("{name}: {p}"));
        for level in 1..=3 {
            if info["styles"][format!("Heading {level}")] != json!(level - 1) {
                problem(format!("Heading {level} has outline level {}", info["styles"][format!("Heading {level}")]));
            }
        }
        let used: Vec<&str> = info["used"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        if !used.starts_with(&["Heading 1", "Heading 2", "Heading 3"]) {
            problem(format!("headings used: {used:?}"));
        }
        let fw = &pack.plan["framework"];
        let id = &pack.plan["identity"];
        let core = &info["core"];
        if !core["title"].as_str().unwrap().starts_with(&format!("{} – ", fw["title"].as_str().unwrap())) {
            problem(format!("title {}", core["title"]));
        }
        if core["author"] != fw["publisher"] || core["language"] != fw["language"] || info["lang"] != fw["language"] {
            problem(format!("author {}, language {} / {}", core["author"], core["language"], info["lang"]));
        }
        if core["subject"] != fw["subtitle"] {
            problem(format!("subject {}", core["subject"]));
        }
        if !core["keywords"].as_str().unwrap().contains(&format!("framewright:plan={}", id["plan_hash"].as_str().unwrap())) {
            problem(format!("keywords {}", core["keywords"]));
        }
        if info["page_mm"] != json!([210, 297]) {
            problem(format!("page {}", info["page_mm"]));
        }
        // Every table with a header row repeats it and only it; every row
        // of these samples stays whole.
        let tables = info["tables"].as_array().unwrap();
        let with_header: Vec<&Value> = tables.iter().filter(|t| t["header"][0] == true).collect();
        for t in tables {
            let header: Vec<bool> = t["header"].as_array().unwrap().iter().map(|v| v == true).collect();
            if header.iter().skip(1).any(|h| *h) {
                problem(format!("a row below the first repeats as a header: {}", t["first"]));
            }
            if t["cant_split"].as_array().unwrap().iter().any(|v| v != true) {
                problem(format!("a row may split in the table headed {}", t["first"]));
            }
        }
        let grid = with_header.iter().find(|t| t["first"][0] == "Capability");
        let rows = pack.plan["assessment"]["rows"].as_array().unwrap().len();
        match (grid, pack.file.pack.as_str()) {
            (None, "full") => {}
            (Some(g), pack_id) if pack_id != "full" => {
                let contexts: BTreeSet<&str> =
                    pack.plan["assessment"]["rows"].as_array().unwrap().iter().map(|r| r["context"].as_str().unwrap()).collect();
                if g["rows"].as_u64().unwrap() as usize != 1 + rows + contexts.len() {
                    problem(format!("grid of {} rows for {rows} statements in {} sections", g["rows"], contexts.len()));
                }
            }
            (g, _) => problem(format!("grid: {g:?}")),
        }
        // Roles, rating scale and grid, training, action plan, the full edition's refresher rules.
        let plan = &pack.plan;
        let count = |v: &Value| usize::from(!v.as_array().unwrap().is_empty());
        let headed = usize::from(!plan["roles"].is_null())
            + 2 * count(&plan["assessment"]["rows"])
            + count(&plan["training"])
            + count(&plan["assessment"]["action_plan"])
            + if plan["refresher"].is_null() { count(&plan["refreshers"]) } else { 0 };
        if with_header.len() != headed {
            problem(format!("{} tables with a repeating header row, expected {headed}", with_header.len()));
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn content_controls_fill_and_read_back_by_tag_and_by_the_alias_key() {
    let dir = TempDir::new("docx-forms");
    let out = dir.path.join("out");
    let packs: Vec<Pack> = build_docx(&root(), "sources/semh-multi-agency.toml", &out, &[])
        .into_iter()
        .filter(|p| p.file.pack == "level-enhanced-primary-additional-needs" || p.file.pack == "full")
        .collect();
    assert_eq!(packs.len(), 2);
    let mut fills = Vec::new();
    for pack in &packs {
        let name = pack.name();
        let expected = expected_controls(&pack.plan);
        let found = controls(&pack.file.path);
        let by_tag: BTreeMap<String, &str> =
            found.iter().map(|c| (c["tag"].as_str().unwrap().to_string(), c["kind"].as_str().unwrap())).collect();
        assert_eq!(found.len(), expected.len(), "{name}: controls (tags must be unique)");
        assert_eq!(by_tag, expected, "{name}: tags and kinds");
        for c in &found {
            assert_eq!(c["key"], c["tag"], "{name}: the alias's key is the tag");
            assert!(c["value"] == false || c["value"] == "", "{name}: a control is not empty: {c}");
        }
        if pack.file.pack == "full" {
            assert!(found.is_empty(), "the full edition has no form");
            continue;
        }
        assert!(expected.values().any(|k| *k == "date"), "{name}: the sign-off has a date picker");

        // Fill every control: tick one point per row, type into the rest.
        let scale: Vec<i64> = pack.plan["assessment"]["scale"].as_array().unwrap().iter().map(|s| s["value"].as_i64().unwrap()).collect();
        let mut values = serde_json::Map::new();
        for (i, r) in pack.plan["assessment"]["rows"].as_array().unwrap().iter().enumerate() {
            let id = r["statement"].as_str().unwrap();
            values.insert(format!("{}={}", r["rating_field"].as_str().unwrap(), scale[i % scale.len()]), json!(true));
            values.insert(r["evidence_field"].as_str().unwrap().into(), json!(format!("Evidence <&> \"{id}\" ŵ")));
            values.insert(r["action_field"].as_str().unwrap().into(), json!(format!("Plan for {id}\nthen review")));
        }
        for (key, kind) in &expected {
            if !values.contains_key(key) && *kind != "checkbox" {
                let value = if *kind == "date" { "2025-03-04".to_string() } else { format!("Typed into {key}: مرحبا 🙂") };
                values.insert(key.clone(), json!(value));
            }
        }
        let values_file = dir.write(&format!("{}.json", pack.file.pack), serde_json::to_vec(&values).unwrap());
        let filled = dir.path.join(format!("filled-{name}"));
        let n = tool_stdout(
            "python3",
            [
                root().join("tests/clients/docx_forms.py").as_os_str(),
                "fill".as_ref(),
                pack.file.path.as_os_str(),
                filled.as_os_str(),
                values_file.as_os_str(),
            ],
        );
        assert_eq!(n.trim(), values.len().to_string());

        // Read back by tag and, ignoring tags, by the alias's key.
        let back = controls(&filled);
        for key_field in ["tag", "key"] {
            let mut read: BTreeMap<String, Value> = BTreeMap::new();
            for c in &back {
                read.insert(c[key_field].as_str().unwrap().to_string(), c["value"].clone());
            }
            assert_eq!(read.len(), expected.len(), "{name}: keys by {key_field}");
            for (key, kind) in &expected {
                let want = values.get(key).cloned().unwrap_or(json!(false));
                assert_eq!(read[key], want, "{name}: {key} ({kind}) read by {key_field}");
            }
        }
        fills.push((pack, filled, values, expected));
    }

    // LibreOffice saves the filled form again: tags are gone, the alias
    // keys are all still there, with the values.
    let (pack, filled, values, expected) = fills.pop().unwrap();
    let saved = soffice_convert(&[filled], "docx:MS Word 2007 XML", &dir.path.join("resaved"));
    let back = controls(&saved[0]);
    let mut first: BTreeMap<String, Value> = BTreeMap::new();
    for c in &back {
        let key = c["tag"].as_str().or(c["key"].as_str()).unwrap_or_else(|| panic!("a control lost both keys: {c}"));
        // LibreOffice 7.4 splits a control whose text mixes scripts into
        // several with the same alias; the first holds the whole text.
        first.entry(key.to_string()).or_insert_with(|| c["value"].clone());
    }
    assert_eq!(first.keys().collect::<BTreeSet<_>>(), expected.keys().collect::<BTreeSet<_>>(), "{}: keys after LibreOffice", pack.name());
    for (key, kind) in &expected {
        let want = values.get(key).cloned().unwrap_or(json!(false));
        // LibreOffice 7.4 moves a line break out of a content control.
        let want = match want {
            Value::String(s) => json!(s.replace('\n', "")),
            other => other,
        };
        assert_eq!(first[key], want, "{key} ({kind}) after LibreOffice saved the form");
    }
}

// ---------------------------------------------------------------------------
// Hostile text.

/// Texts of the plan a pack prints: titles, names, statements, narrative.
fn printed_texts(plan: &Value) -> Vec<String> {
    let fw = &plan["framework"];
    let mut texts = vec![fw["title"].as_str().unwrap().to_string(), fw["publisher"].as_str().unwrap().to_string()];
    for v in [&plan["pack"]["role"]["name"], &plan["pack"]["level"]["name"]] {
        texts.extend(v.as_str().map(String::from));
    }
    for d in plan["domains"].as_array().unwrap() {
        texts.push(d["title"].as_str().unwrap().into());
        texts.extend(all_strings(&d["intro"]));
    }
    texts.extend(all_strings(&fw["introduction"]));
    texts.extend(plan_statements(plan).iter().map(|s| s["text"].as_str().unwrap().to_string()));
    texts.extend(plan["training"].as_array().unwrap().iter().map(|t| t["title"].as_str().unwrap().to_string()));
    texts.retain(|t| t != "paragraph");
    texts
}

/// Whether `needle`, which holds Arabic, is in `text` as pdftotext reads
/// LibreOffice's PDF. Two defects outside framewright change how Arabic
/// extracts (the print is right): Noto Sans Arabic draws a dotted letter as
/// a base glyph plus a dots glyph, which pdftotext may read as two words
/// (`في` as `ف ي`), and LibreOffice maps a lam–alef ligature back to its
/// letters in visual order (alef first). So spaces are ignored and either
/// order of lam–alef is accepted.
fn arabic_found(text: &PdfText, needle: &str) -> bool {
    let hay = text.without_spaces();
    let needle: String = needle.chars().filter(|c| !c.is_whitespace()).collect();
    let chars: Vec<char> = needle.chars().collect();
    let mut swapped = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\u{644}' && chars.get(i + 1).is_some_and(|c| matches!(c, '\u{622}' | '\u{623}' | '\u{625}' | '\u{627}')) {
            swapped.extend([chars[i + 1], chars[i]]);
            i += 2;
        } else {
            swapped.push(chars[i]);
            i += 1;
        }
    }
    hay.contains(&needle) || hay.contains(&swapped.into_iter().collect::<String>())
}

/// Whether the words of `needle` stand in `text` in order with at most as
/// many other words between them: how pdftotext reads a table cell that
/// wraps, line by line across the row, interleaved with the other cells.
fn in_wrapped_cell(text: &PdfText, needle: &str) -> bool {
    let hay: Vec<&str> = text.flat.split(' ').collect();
    let words: Vec<&str> = needle.split_whitespace().collect();
    let Some(first) = words.first() else { return true };
    hay.iter().enumerate().filter(|(_, w)| *w == first).any(|(start, _)| {
        let (mut at, limit) = (start, (start + 2 * words.len()).min(hay.len()));
        words.iter().all(|w| match hay[at..limit].iter().position(|h| h == w) {
            Some(i) => {
                at += i + 1;
                true
            }
            None => false,
        })
    })
}

fn is_arabic(text: &str) -> bool {
    text.chars().any(|c| ('\u{600}'..='\u{6ff}').contains(&c))
}

/// The two tolerances above: what they accept, and what not.
#[test]
fn arabic_and_table_cell_lookups_tolerate_only_their_defects() {
    let page = |body: &str| format!("{body}\n\nT\nVersion 1\n\nPage 1 of 1\n\u{c}");
    let text = PdfText::from_text(
        &page("Option Format\nTraining #set page(width: 1pt) E-learning\n$x$ 🙂 <label>\nمرحبا بكم ف ي اإلطار"),
        "T Version 1",
    )
    .unwrap();
    assert!(in_wrapped_cell(&text, "Training #set page(width: 1pt) $x$ 🙂 <label>"));
    assert!(!in_wrapped_cell(&text, "Training $x$ #set"), "words out of order");
    assert!(!in_wrapped_cell(&text, "Option Training <label>"), "too far apart");
    assert!(arabic_found(&text, "مرحبا بكم في الإطار"));
    assert!(!arabic_found(&text, "مرحبا بكم في الطار"), "a missing letter");
    assert!(!arabic_found(&text, "بكم مرحبا"), "words swapped");
}

#[test]
fn hostile_text_is_verbatim_in_the_xml_and_in_libreoffice() {
    let project = hostile_docx_project("docx-hostile");
    let out = project.path.join("out");
    let packs = build_docx(&project.path, "sources/hostile.toml", &out, &[]);
    assert_eq!(packs.len(), 6);
    let pdfs = soffice_convert(&packs.iter().map(|p| p.file.path.clone()).collect::<Vec<_>>(), "pdf", &project.path.join("pdf"));
    let word = format!("LONGWORD{}ENDEND", "abcdefghijklmnopqrstuvwxyz".repeat(11));
    let mut problems = Vec::new();
    let mut checked: BTreeSet<String> = BTreeSet::new();
    let (mut arabic, mut in_cells) = (0, 0);
    for (pack, pdf) in packs.iter().zip(&pdfs) {
        let name = pack.name();
        let paragraphs: Vec<String> = forms(&["text".as_ref(), pack.file.path.as_os_str()])
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect();
        let xml_text = paragraphs.join("\n");
        let text = PdfText::read(pdf, &footer_of(&pack.plan)).unwrap_or_else(|e| panic!("{e}"));
        let raw = pdftotext_raw(pdf);
        for t in printed_texts(&pack.plan) {
            if !xml_text.contains(&t) {
                problems.push(format!("{name}: not verbatim in document.xml: `{t}`"));
            }
            if t.contains(&word) {
                if !text.without_spaces().contains(&word) {
                    problems.push(format!("{name}: the 300-character word is cut or altered"));
                }
            } else if text.contains(&t) || raw.contains(&collapse(&t)) {
                checked.insert(t);
            } else if in_wrapped_cell(&text, &t) {
                in_cells += 1;
                checked.insert(t);
            } else if is_arabic(&t) && arabic_found(&text, &t) {
                arabic += 1;
                checked.insert(t);
            } else {
                problems.push(format!("{name}: LibreOffice's PDF lacks `{t}`"));
            }
        }
        let core = &forms(&["read".as_ref(), pack.file.path.as_os_str()])["core"];
        if core["creator"] != "Publisher <label> @ref"
            || !core["title"].as_str().unwrap().starts_with("Hostile #set page(width: 1pt) $x$ *bold* framework – ")
        {
            problems.push(format!("{name}: core properties {core}"));
        }
    }
    // The check covered every kind of hostile text.
    let all: String = checked.iter().cloned().collect();
    for c in ['#', '$', '*', '_', '<', '>', '@', '\\', '[', ']', '/', '"', '\'', 'ŵ', 'م', '🙂'] {
        assert!(all.contains(c), "no checked text holds `{c}`");
    }
    eprintln!(
        "hostile: {} distinct texts checked; {arabic} Arabic ones found only with the Arabic tolerance, {in_cells} only as a wrapped table cell",
        checked.len()
    );
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

// ---------------------------------------------------------------------------
// Reproducible, compressed output.

fn zip_entries(bytes: &[u8]) -> Vec<(String, zip::CompressionMethod, zip::DateTime)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let f = archive.by_index(i).unwrap();
            (f.name().to_string(), f.compression(), f.last_modified().unwrap_or_default())
        })
        .collect()
}

fn read_all(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    pack_files(dir).into_iter().map(|n| (n.clone(), std::fs::read(dir.join(n)).unwrap())).collect()
}

#[test]
fn builds_are_byte_identical_compressed_and_stamped_with_the_build_date() {
    let dir = TempDir::new("docx-determinism");
    let build = |name: &str, env: &[(&str, &str)]| {
        let out = dir.path.join(name);
        for s in sample_sources() {
            build_json(&root(), &[s.to_str().unwrap(), "--out", out.to_str().unwrap(), "--format", "docx"], env);
        }
        read_all(&out)
    };
    let a = build("a", &[]);
    let b = build("b", &[]);
    assert_eq!(a.len(), 50);
    assert_eq!(a, b, "two identical builds differ");
    let epoch = [("SOURCE_DATE_EPOCH", "1700000000")];
    let c = build("c", &epoch);
    assert_eq!(c, build("d", &epoch), "two builds with SOURCE_DATE_EPOCH differ");

    for (name, bytes) in &a {
        assert_ne!(bytes, &c[name], "{name}: SOURCE_DATE_EPOCH changed nothing");
        let entries = zip_entries(bytes);
        assert_eq!(entries[0].0, "[Content_Types].xml", "{name}");
        for (entry, method, _) in &entries {
            assert_eq!(*method, zip::CompressionMethod::Deflated, "{name}: {entry} is not compressed");
        }
    }
    // London's publication date without SOURCE_DATE_EPOCH, the epoch with it.
    let stamp = |t: &zip::DateTime| (t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second());
    let level1 = "london-safeguarding-level-1.docx";
    assert!(zip_entries(&a[level1]).iter().all(|(_, _, t)| stamp(t) == (2019, 1, 1, 0, 0, 0)));
    assert!(zip_entries(&c[level1]).iter().all(|(_, _, t)| stamp(t) == (2023, 11, 14, 22, 13, 20)));
    let core = forms(&["read".as_ref(), dir.path.join("c").join(level1).as_os_str()])["core"].clone();
    assert_eq!((core["created"].as_str(), core["modified"].as_str()), (Some("2023-11-14T22:13:20Z"), Some("2023-11-14T22:13:20Z")));
    // Compressed: the whole Yorkshire edition (802 statements) stays small,
    // besides the fonts every pack embeds.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&a["yh-pcf-full.docx"])).unwrap();
    let mut parts = 0;
    for i in 0..archive.len() {
        let f = archive.by_index(i).unwrap();
        parts += if f.name().starts_with("word/fonts/") { 0 } else { f.compressed_size() };
    }
    assert!(parts < 150_000, "yh-pcf-full.docx holds {parts} bytes of compressed parts besides its fonts");
}

// ---------------------------------------------------------------------------
// Logo, bad input, long rows.

/// [`BASE`] building .docx, with `edit` applied.
fn base_docx(edits: &[(&str, &str)]) -> String {
    let mut text = replace_once(BASE, "formats = [\"pdf\"]", "formats = [\"docx\"]");
    for (from, to) in edits {
        text = replace_once(&text, from, to);
    }
    text
}

const WITH_LOGO: (&str, &str) =
    ("language = \"en-GB\"\n", "language = \"en-GB\"\nlogo = \"../logo.img\"\nlogo_alt = \"Crest of <Test> & Co\"\n");

/// A 40 × 20 image in `format`.
fn logo_bytes(format: image::ImageFormat) -> Vec<u8> {
    let img = image::RgbImage::from_fn(40, 20, |x, _| image::Rgb([(x * 6) as u8, 80, 160]));
    let mut bytes = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut bytes), format).unwrap();
    bytes
}

#[test]
fn the_logo_carries_its_alt_text() {
    for format in [image::ImageFormat::Png, image::ImageFormat::Jpeg] {
        let project = temp_project(&format!("docx-logo-{}", format.extensions_str()[0]), &[("base.toml", &base_docx(&[WITH_LOGO]))]);
        project.write("logo.img", logo_bytes(format));
        let packs = build_docx(&project.path, "sources/base.toml", &project.path.join("out"), &[]);
        for pack in &packs {
            let bytes = std::fs::read(&pack.file.path).unwrap();
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
            let media: Vec<String> = archive.file_names().filter(|n| n.starts_with("word/media/")).map(String::from).collect();
            assert_eq!(media.len(), 1, "{}: media {media:?}", pack.name());
            let mut png = Vec::new();
            std::io::Read::read_to_end(&mut archive.by_name(&media[0]).unwrap(), &mut png).unwrap();
            assert!(png.starts_with(b"\x89PNG"), "the logo is stored as PNG");
            let mut document = String::new();
            std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut document).unwrap();
            assert_eq!(document.matches(r#"descr="Crest of &lt;Test&gt; &amp; Co""#).count(), 1, "{}: alt text", pack.name());
        }
    }
}

#[test]
fn a_link_with_markup_characters_stays_a_working_link() {
    let url = r#"https://example.org/book?course=1&who="all"<now>"#;
    let source = base_docx(&[("format = \"e-learning\"\n", &format!("format = \"e-learning\"\nlink = '{url}'\n"))]);
    let project = temp_project("docx-link", &[("base.toml", &source)]);
    let packs = build_docx(&project.path, "sources/base.toml", &project.path.join("out"), &[]);
    let pack = packs.iter().find(|p| p.file.pack == "level-L1-young").unwrap();
    let script = r#"
import json, sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
rels = ET.fromstring(z.read("word/_rels/document.xml.rels"))
links = {r.get("Id"): r.get("Target") for r in rels if r.get("TargetMode") == "External"}
doc = ET.fromstring(z.read("word/document.xml"))
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
used = [h.get(R) for h in doc.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}hyperlink") if h.get(R)]
print(json.dumps({"links": links, "used": used}))
"#;
    let found = python_json(["-c", script, pack.file.path.to_str().unwrap()]);
    assert_eq!(found["links"], json!({ "rIdLink1": url }), "the relationship's target is the URL, as written");
    assert_eq!(found["used"], json!(["rIdLink1"]), "the hyperlink in the training table uses it");
    let text: Vec<Value> = forms(&["text".as_ref(), pack.file.path.as_os_str()]).as_array().unwrap().clone();
    assert!(text.iter().any(|p| p == url), "the link's text is the URL");
}

#[test]
fn a_broken_logo_fails_its_packs_and_keeps_the_last_good_files() {
    let project = temp_project("docx-bad-logo", &[("base.toml", &base_docx(&[WITH_LOGO]))]);
    project.write("logo.img", logo_bytes(image::ImageFormat::Png));
    let out = project.path.join("out");
    let good = build_docx(&project.path, "sources/base.toml", &out, &[]);
    let before = read_all(&out);
    assert_eq!(before.len(), good.len());

    project.write("logo.img", b"not an image at all");
    let r = run_in(&project.path, ["build", "sources/base.toml", "--out", out.to_str().unwrap(), "--format", "docx"]);
    assert_ne!(r.code, 101, "framewright panicked:\n{}", r.stderr);
    r.assert_code(1);
    assert!(r.stderr.contains("cannot use the logo") && r.stderr.contains("logo.img"), "{}", r.stderr);
    let summary = summary(&r.stderr);
    assert_eq!((summary.built, summary.failed), (0, good.len()), "{}", r.stderr);
    assert_eq!(read_all(&out), before, "a failed build changed the last good files");
    assert_no_tmp(&project.path);
}

#[test]
fn only_the_row_of_a_very_long_statement_may_split() {
    let long = format!("A very long capability: {}.", "the practitioner explains the plan to the family and records it ".repeat(20));
    assert!(long.chars().count() > 1200);
    let source = base_docx(&[("text = \"Knows the basics.\"", &format!("text = \"{long}\""))]);
    let project = temp_project("docx-long-row", &[("base.toml", &source)]);
    let packs = build_docx(&project.path, "sources/base.toml", &project.path.join("out"), &[]);
    let pack = packs.iter().find(|p| p.file.pack == "level-L1-young").unwrap();
    let script = r#"
import json, sys, docx
from docx.oxml.ns import qn
grid = [t for t in docx.Document(sys.argv[1]).tables if t.rows[0].cells[0].text == "Capability"][0]
print(json.dumps([[r.cells[0].text, r._tr.trPr is not None and r._tr.trPr.find(qn("w:cantSplit")) is not None] for r in grid.rows]))
"#;
    require_python_module("docx", "python-docx");
    let rows = python_json(["-c", script, pack.file.path.to_str().unwrap()]);
    let rows: Vec<(String, bool)> = rows.as_array().unwrap().iter().map(|r| (r[0].as_str().unwrap().to_string(), r[1] == true)).collect();
    assert_eq!(rows.len(), 4, "header, section row, two statements: {rows:?}");
    for (text, cant_split) in &rows {
        assert_eq!(*cant_split, text != &long, "row `{}…`", &text[..text.len().min(30)]);
    }
    // LibreOffice lays it out, the long statement whole.
    let pdf = soffice_convert(std::slice::from_ref(&pack.file.path), "pdf", &project.path.join("pdf"));
    let text = PdfText::read(&pdf[0], &footer_of(&pack.plan)).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains(&long), "the long statement is not printed whole");
}

// ---------------------------------------------------------------------------
// Schema findings: none, in two independent readings of the schema.

/// Every Word file the samples give: the packs and full edition of each
/// sample, and a personalised pack (`build --staff`) of each, in `dir`.
fn every_sample_docx(dir: &TempDir) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = build_samples(dir).into_iter().map(|p| p.file.path).collect();
    assert_eq!(files.len(), 50);
    for source in sample_sources() {
        let source = source.strip_prefix(root()).unwrap().to_str().unwrap().to_string();
        let pack = dump(&source)["pack_list"][0].clone();
        let id = |key: &str| pack[key].as_str().unwrap_or_default().to_string();
        let (role, level) = if pack["audience"]["by"] == "role" { (id("role"), String::new()) } else { (String::new(), id("level")) };
        let csv = format!(
            "Name,Email,Role,Level,Band,Setting,Line Manager\nSiân Llwyd-Jones,sian@example.org,{role},{level},{},Ysgol y Graig,Alex Head & <Co>\n",
            id("band")
        );
        let list = dir.write(&format!("staff-{}.csv", files.len()), csv);
        let out = dir.path.join("staff");
        let built =
            build_json(&root(), &[&source, "--format", "docx", "--staff", list.to_str().unwrap(), "--out", out.to_str().unwrap()], &[]);
        assert_eq!(built.len(), 1, "{source}: one personalised pack");
        files.push(built[0].path.clone());
    }
    files
}

/// A copy of `docx` (as `name` in `dir`) that breaks the schema three ways:
/// a paragraph's properties out of order, an undeclared attribute and no
/// theme relationship; what the checks below must find.
fn broken_copy(docx: &Path, dir: &Path, name: &str) -> PathBuf {
    let bytes = std::fs::read(docx).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let path = dir.join(name);
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut text = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut text).unwrap();
        let mut text = String::from_utf8(text).unwrap_or_default();
        match entry.name() {
            "word/document.xml" => {
                text = text.replacen("<w:pPr><w:pStyle ", r#"<w:pPr><w:jc w:val="left" /><w:pStyle "#, 1);
                text = text.replacen("<w:gridCol ", r#"<w:gridCol w:type="dxa" "#, 1);
            }
            "word/_rels/document.xml.rels" => text = text.replace("relationships/theme", "relationships/themeless"),
            _ => {}
        }
        writer.start_file(entry.name(), zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut writer, text.as_bytes()).unwrap();
    }
    writer.finish().unwrap();
    path
}

/// openxml-audit's report on every .docx under `dir`, for Word `format`.
pub(crate) fn openxml_audit(dir: &Path, format: &str) -> std::process::Child {
    std::process::Command::new("openxml-audit")
        .args(["-o", "json", "-m", "0", "-r", "-f", format])
        .arg(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run openxml-audit ({e}): pip install openxml-audit==0.8.0 (.ci/run installs it)"))
}

#[test]
fn openxml_audit_finds_nothing_in_any_pack_for_word_2019_and_2007() {
    require_python_module("openxml_audit", "openxml-audit");
    let dir = TempDir::new("docx-audit");
    let files = every_sample_docx(&dir);
    let broken = dir.path.join("broken");
    std::fs::create_dir_all(&broken).unwrap();
    broken_copy(&files[0], &broken, "broken.docx");

    // Both formats at once: each takes about a second a pack.
    let runs: Vec<_> = ["office2019", "office2007"].into_iter().map(|f| (f, openxml_audit(&dir.path, f))).collect();
    for (format, child) in runs {
        let out = child.wait_with_output().unwrap();
        let reports: Vec<Value> = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("openxml-audit printed no JSON ({e}):\n{}", String::from_utf8_lossy(&out.stderr)));
        assert_eq!(reports.len(), files.len() + 1, "{format}: a report for every file");
        let mut findings = Vec::new();
        for report in &reports {
            let file = report["file"].as_str().unwrap();
            if file.ends_with("broken.docx") {
                // Not vacuous: the broken copy's three defects are found.
                let found: Vec<&str> = report["errors"].as_array().unwrap().iter().map(|e| e["description"].as_str().unwrap()).collect();
                assert!(found.iter().any(|d| d.contains("Unexpected element 'pStyle'")), "{format}: {found:?}");
                assert!(found.iter().any(|d| d.contains("'type' attribute is not declared")), "{format}: {found:?}");
                assert!(found.iter().any(|d| d.contains("relationships/theme' is missing")), "{format}: {found:?}");
                continue;
            }
            assert!(files.iter().any(|f| f.to_str() == Some(file)), "{format}: a report on {file}");
            for finding in report["errors"].as_array().unwrap() {
                findings.push(format!("{file} {} {}: {}", finding["part_uri"], finding["path"], finding["description"]));
            }
            assert_eq!(report["warning_count"], 0, "{format}: {file}: {report}");
            assert_eq!(report["valid"], true, "{format}: {file}: {report}");
        }
        assert!(findings.is_empty(), "{format}: {} findings:\n{}", findings.len(), findings.join("\n"));
    }
}

#[test]
fn every_pack_is_valid_against_the_ecma_376_transitional_schemas() {
    let dir = TempDir::new("docx-xsd");
    let files = every_sample_docx(&dir);
    let script = root().join("tests/clients/ooxml_schema.py");
    let mut args = vec![script.into_os_string()];
    args.extend(files.iter().map(|f| f.clone().into_os_string()));
    let report = python_json(&args);
    assert_eq!(report["errors"], json!({}), "xmllint --schema wml.xsd: {report:#}");
    // Document, styles, numbering, settings, font table and the footer of every file.
    assert_eq!(report["parts"], 6 * files.len(), "{report}");
    assert_eq!(report["validated"], report["parts"], "{report}");

    // Not vacuous: the broken copy's order and attribute are found.
    let broken = broken_copy(&files[0], &dir.path, "broken.docx");
    let script = root().join("tests/clients/ooxml_schema.py");
    let report = python_json([script.as_os_str(), broken.as_os_str()]);
    let errors = report["errors"][format!("{}!word/document.xml", broken.display())].as_array().cloned().unwrap_or_default();
    let text = errors.iter().map(|e| e.as_str().unwrap()).collect::<Vec<_>>().join("\n");
    assert!(text.contains("pStyle': This element is not expected"), "{report:#}");
    assert!(text.contains("attribute '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}type' is not allowed"), "{report:#}");
}

/// "Which pack is mine?" in Word takes the PDF's column widths
/// (`templates/parts/guide.typ`): the level and cross-walk columns as wide
/// as their values need, the role and the example staff sharing the rest
/// one part to two. (The examples had a quarter of the width, as much as
/// the role, and the London level-2 table ran over three pages in
/// LibreOffice.)
#[test]
fn the_roles_table_gives_the_example_staff_the_room_the_pdf_does() {
    require_python_module("docx", "python-docx");
    let dir = TempDir::new("docx-roles-widths");
    let out = dir.path.join("out");
    run(["build", "sources/london-safeguarding.toml", "--level", "2", "--format", "docx", "--out", out.to_str().unwrap()]).assert_code(0);
    let plan = plan_in(&root(), "sources/london-safeguarding.toml", "level-2");
    let headers: Vec<&str> = plan["roles"]["headers"].as_array().unwrap().iter().map(|h| h.as_str().unwrap()).collect();
    let examples = plan["text"]["roles"]["examples"].as_str().unwrap();
    let script = r#"
import json, sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
print(json.dumps([{"first": [c.text for c in t.rows[0].cells],
                   "grid": [int(g.get(qn("w:w"))) for g in t._tbl.tblGrid.findall(qn("w:gridCol"))]} for t in d.tables]))
"#;
    let docx = out.join("london-safeguarding-level-2.docx");
    let tables = python_json(["-c", script, docx.to_str().unwrap()]);
    let table = tables.as_array().unwrap().iter().find(|t| t["first"] == json!(headers)).expect("the roles table");
    let grid: Vec<u64> = table["grid"].as_array().unwrap().iter().map(|w| w.as_u64().unwrap()).collect();
    let total: u64 = grid.iter().sum();
    let e = headers.iter().position(|h| *h == examples).unwrap();
    let (role, staff) = (grid[0], grid[e]);
    assert!(staff.abs_diff(2 * role) <= 2, "example staff {staff} twips, twice the role's {role}: {grid:?}");
    assert!(staff * 100 / total >= 30, "example staff keep at least 30 % of the width: {grid:?}");
    assert!(grid.iter().enumerate().all(|(i, w)| i == e || *w < staff), "the examples are the widest column: {grid:?}");
}
