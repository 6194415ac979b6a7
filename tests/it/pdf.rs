//! The PDF packs, read back with real clients (Poppler, qpdf, the stock
//! Typst CLI):
//!
//! - every pack of every sample is a valid, tagged A4 PDF with the source's
//!   title, author, language, identity keywords and PDF/UA-1 + PDF/A-2a
//!   identification, using only the embedded fonts of `fonts/`;
//! - it holds exactly its plan's statements (`framewright plan` is the
//!   oracle) and none meant for other levels, bands or additional needs;
//! - the full Yorkshire edition holds every bullet of seed 003;
//! - hostile text prints as written and never breaks the layout;
//! - builds are byte-identical, and honour `SOURCE_DATE_EPOCH`;
//! - the templates compile with stock Typst from the plan JSON alone.
//!
//! Text comparisons use plain `pdftotext` (not -layout) with whitespace
//! collapsed on both sides; the only tolerance is what a line wrap does to
//! extracted text (see `crate::common::PdfText`), counted and printed separately.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use crate::common::*;
use serde_json::Value;

/// `pdfinfo`'s size of an A4 page.
const A4: &str = "595.276 x 841.89 pts (A4)";
/// The smaller side margin of a page (20 mm), in points.
const MARGIN_PT: f64 = 20.0 / 25.4 * 72.0;

/// How many texts were looked up, and how.
#[derive(Default, Debug)]
struct Stats {
    packs: usize,
    exact: usize,
    across_wrap: usize,
    absent: usize,
    other_band: usize,
    additional_needs_absent: usize,
}

impl std::fmt::Display for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} packs; {} texts found ({} exactly, {} only across a line wrap); {} statements of other packs checked absent \
             ({} for other bands, {} additional-needs)",
            self.packs,
            self.exact + self.across_wrap,
            self.exact,
            self.across_wrap,
            self.absent,
            self.other_band,
            self.additional_needs_absent
        )
    }
}

/// Looks `text` up; a miss is a problem named after `what`.
fn expect_text(pdf: &PdfText, text: &str, what: &str, stats: &mut Stats, problems: &mut Vec<String>) {
    match pdf.find(text) {
        Found::Exact => stats.exact += 1,
        Found::AcrossWrap => stats.across_wrap += 1,
        Found::Missing => problems.push(format!("{what}: missing `{}`", collapse(text))),
    }
}

/// One built pack, read back.
struct Pack {
    file: BuiltFile,
    plan: Value,
    text: PdfText,
}

/// Builds every pack of `source` into a temp dir and reads each back.
/// Returns the dir (kept alive), the dump and the packs; problems reading
/// a pack (a page without its footer) are pushed to `problems`.
fn build_sample(test: &str, source: &str, problems: &mut Vec<String>) -> (TempDir, Value, Vec<Pack>) {
    let dir = TempDir::new(test);
    let out = dir.path.join("out");
    let files = build_json(&root(), &[source, "--out", out.to_str().unwrap(), "--format", "pdf"], &[]);
    let dump = dump(source);

    // Exactly the PDFs the source defines, and nothing else in the folder.
    let expected: BTreeSet<String> = dump["pack_list"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["files"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_string()))
        .filter(|f| f.ends_with(".pdf"))
        .collect();
    let written: BTreeSet<String> = pack_files(&out).into_iter().collect();
    assert_eq!(written, expected, "{source}: the PDFs in the output folder");
    assert_eq!(files.len(), expected.len());

    let mut packs = Vec::new();
    for file in files {
        let plan = plan(source, &file.pack);
        match PdfText::read(&file.path, &footer_of(&plan)) {
            Ok(text) => packs.push(Pack { file, plan, text }),
            Err(e) => problems.push(e),
        }
    }
    (dir, dump, packs)
}

fn plan(source: &str, pack: &str) -> Value {
    plan_in(&root(), source, pack)
}

/// Metadata, structure and fonts of one pack.
fn check_metadata(pack: &Pack, families: &[String], problems: &mut Vec<String>) {
    let path = &pack.file.path;
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let fw = &pack.plan["framework"];
    let id = &pack.plan["identity"];
    let mut problem = |p: String| problems.push(format!("{name}: {p}"));

    if let Err(e) = qpdf_check(path) {
        problem(e);
    }
    // Poppler finds nothing to complain about (it reported Typst's
    // `/Suspects false` as "Syntax Error: Suspects object is wrong type").
    let checked = tool("pdfinfo", [path]);
    if !checked.stderr.is_empty() {
        problem(format!("pdfinfo: {}", String::from_utf8_lossy(&checked.stderr).trim()));
    }

    let info = pdfinfo(path);
    let get = |k: &str| info.get(k).cloned().unwrap_or_default();
    if get("Tagged") != "yes" {
        problem(format!("Tagged: {}", get("Tagged")));
    }
    let pages: usize = get("Pages").parse().unwrap_or(0);
    if pages <= 1 || pages != pack.file.pages || pages != pack.text.pages.len() {
        problem(format!("{pages} pages; the build said {}, pdftotext read {}", pack.file.pages, pack.text.pages.len()));
    }
    let title = fw["title"].as_str().unwrap();
    if !get("Title").starts_with(&format!("{title} – ")) {
        problem(format!("Title `{}` does not start with `{title} – `", get("Title")));
    }
    if get("Author") != fw["publisher"].as_str().unwrap() {
        problem(format!("Author `{}` is not the publisher `{}`", get("Author"), fw["publisher"]));
    }
    let keywords: Vec<String> = get("Keywords").split(", ").map(str::to_string).collect();
    let hash = id["plan_hash"].as_str().unwrap();
    assert!(hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()), "plan hash `{hash}`");
    for expected in [
        format!("framewright:framework={}", id["framework_id"].as_str().unwrap()),
        format!("framewright:version={}", id["framework_version"].as_str().unwrap()),
        format!("framewright:pack={}", id["pack_id"].as_str().unwrap()),
        format!("framewright:plan={hash}"),
    ] {
        if !keywords.contains(&expected) {
            problem(format!("Keywords {keywords:?} lack `{expected}`"));
        }
    }
    let plan_keywords: Vec<&String> = keywords.iter().filter(|k| k.starts_with("framewright:plan=")).collect();
    if plan_keywords.len() != 1 {
        problem(format!("{} framewright:plan keywords", plan_keywords.len()));
    }

    let paper = if pack.plan["branding"]["paper"] == "us-letter" { "612 x 792 pts (letter)" } else { A4 };
    let sizes = page_sizes(path, pages);
    if sizes.len() != pages || sizes.iter().any(|s| s != paper) {
        problem(format!("page sizes {sizes:?}, expected {pages} × {paper}"));
    }

    let fonts = pdffonts(path);
    if fonts.is_empty() {
        problem("pdffonts lists no font".into());
    }
    for f in &fonts {
        let family = f.name.split('-').next().unwrap_or_default();
        if !f.embedded {
            problem(format!("font {} ({}) is not embedded", f.name, f.kind));
        }
        if !families.iter().any(|fam| fam == family) {
            problem(format!("font {} is not from fonts/ ({families:?})", f.name));
        }
    }

    let (catalog, xmp) = catalog_and_xmp(path);
    let language = fw["language"].as_str().unwrap();
    assert_eq!(language, "en-GB", "the samples are in British English");
    if literal_value(&catalog, "/Lang").as_deref() != Some(language) {
        problem(format!("catalog /Lang is not ({language}): {catalog}"));
    }
    if !catalog.contains("/MarkInfo << /Marked true >>") {
        problem(format!("catalog /MarkInfo is not << /Marked true >>: {catalog}"));
    }
    for (element, value) in [("pdfuaid:part", "1"), ("pdfaid:part", "2"), ("pdfaid:conformance", "A")] {
        let found = xmp_value(&xmp, element);
        if found.as_deref() != Some(value) {
            problem(format!("XMP {element} is {found:?}, expected {value}"));
        }
    }
    if !xmp.contains(&format!("<dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>")) {
        problem(format!("XMP dc:language is not {language}"));
    }

    let outside = words_outside_margins(path, MARGIN_PT);
    if !outside.is_empty() {
        problem(format!("{} words outside the margins, e.g. {:?}", outside.len(), &outside[..outside.len().min(5)]));
    }
}

/// Characters that are in the text but not seen: zero-width space,
/// non-joiner and joiner, word joiner, zero-width no-break space. Copying
/// or searching an address that holds one fails.
const INVISIBLE: [char; 5] = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'];

/// The invisible characters in the text of `path`, as pdftotext reads it.
fn invisible_characters(path: &Path) -> Vec<char> {
    pdftotext(path).chars().filter(|c| INVISIBLE.contains(c)).collect()
}

/// The pack holds every statement and row of its plan (and marks
/// additional-needs ones), and no statement of the model its plan leaves out.
fn check_content(pack: &Pack, dump: &Value, stats: &mut Stats, problems: &mut Vec<String>) {
    let name = pack.file.path.file_name().unwrap().to_string_lossy().into_owned();
    let plan = &pack.plan;
    let text = &pack.text;
    stats.packs += 1;
    let invisible = invisible_characters(&pack.file.path);
    if !invisible.is_empty() {
        problems.push(format!("{name}: {} invisible characters in the text, e.g. U+{:04X}", invisible.len(), u32::from(invisible[0])));
    }

    let rows = plan["assessment"]["rows"].as_array().unwrap();
    for r in rows {
        expect_text(text, r["text"].as_str().unwrap(), &format!("{name}: row {}", r["statement"]), stats, problems);
    }
    let statements = plan_statements(plan);
    assert!(!statements.is_empty(), "{name}: the plan prints no statement");
    for s in &statements {
        let id = s["id"].as_str().unwrap();
        let t = s["text"].as_str().unwrap();
        expect_text(text, t, &format!("{name}: statement {id}"), stats, problems);
        if s["additional_needs"] == true {
            expect_text(text, &format!("{t} (additional needs)"), &format!("{name}: marker of {id}"), stats, problems);
        }
    }
    if plan["pack"]["kind"] == "full" {
        assert!(rows.is_empty(), "{name}: the full edition has no form");
    } else {
        assert!(!rows.is_empty(), "{name}: no self-assessment rows");
    }

    // Statements the plan leaves out must not be printed.
    let plan_text = collapse(&all_strings(plan).join("\n"));
    let band = plan["pack"]["band"]["id"].as_str();
    let with_needs = plan["pack"]["additional_needs"] == true;
    let is_full = plan["pack"]["kind"] == "full";
    let mut needs_printed = 0;
    for s in model_statements(dump) {
        let t = collapse(s["text"].as_str().unwrap());
        let needs = s["additional_needs"] == true;
        if plan_text.contains(&t) {
            if needs {
                needs_printed += 1;
            }
            continue;
        }
        stats.absent += 1;
        let bands: Vec<&str> = s["bands"].as_array().unwrap().iter().map(|b| b.as_str().unwrap()).collect();
        if band.is_some_and(|b| !bands.contains(&b)) {
            stats.other_band += 1;
        }
        if needs {
            stats.additional_needs_absent += 1;
        }
        if text.find(&t) != Found::Missing {
            problems.push(format!("{name}: prints statement {} that its plan leaves out: `{t}`", s["id"]));
        }
    }
    // Additional-needs statements: only in -additional-needs packs and the full edition.
    if !with_needs && !is_full && needs_printed > 0 {
        problems.push(format!("{name}: {needs_printed} additional-needs statements in a pack without them"));
    }
    if !is_full && with_needs != name.ends_with("-additional-needs.pdf") {
        problems.push(format!("{name}: additional_needs is {with_needs}"));
    }
}

/// Builds `source`, checks every pack, then runs `more` on the packs.
fn check_sample(test: &str, source: &str, more: impl FnOnce(&Value, &[Pack], &mut Stats, &mut Vec<String>)) -> Stats {
    let started = std::time::Instant::now();
    let mut problems = Vec::new();
    let (_dir, dump, packs) = build_sample(test, source, &mut problems);
    let families = font_families();
    assert_eq!(families, ["AtkinsonHyperlegibleNext", "NotoEmoji", "NotoSansArabic"]);
    let mut stats = Stats::default();
    for pack in &packs {
        check_metadata(pack, &families, &mut problems);
        check_content(pack, &dump, &mut stats, &mut problems);
    }
    more(&dump, &packs, &mut stats, &mut problems);
    eprintln!("{source}: {stats} in {:.1} s", started.elapsed().as_secs_f64());
    assert!(problems.is_empty(), "{source}: {} problems:\n{}", problems.len(), problems.join("\n"));
    stats
}

fn pack_named<'a>(packs: &'a [Pack], id: &str) -> &'a Pack {
    packs.iter().find(|p| p.file.pack == id).unwrap_or_else(|| panic!("no pack `{id}`"))
}

#[test]
fn london_safeguarding_packs() {
    let stats = check_sample("pdf-london", "sources/london-safeguarding.toml", |_, _, _, _| {});
    assert_eq!(stats.packs, 7);
}

#[test]
fn school_staff_packs() {
    let stats = check_sample("pdf-school", "sources/school-staff-mental-health.toml", |_, _, _, _| {});
    assert_eq!(stats.packs, 10);
    assert!(stats.other_band > 0, "the band check never ran");
}

#[test]
fn semh_packs_keep_bands_and_additional_needs_apart() {
    let stats = check_sample("pdf-semh", "sources/semh-multi-agency.toml", |dump, packs, _, problems| {
        let needs: Vec<&Value> = model_statements(dump).into_iter().filter(|s| s["additional_needs"] == true).collect();
        assert!(!needs.is_empty());
        for pack in packs {
            let name = pack.file.path.file_name().unwrap().to_string_lossy().into_owned();
            let printed = plan_statements(&pack.plan).into_iter().filter(|s| s["additional_needs"] == true).count();
            let rows = pack.plan["assessment"]["rows"].as_array().unwrap().iter().filter(|r| r["additional_needs"] == true).count();
            match (pack.plan["pack"]["kind"].as_str().unwrap(), name.ends_with("-additional-needs.pdf")) {
                ("full", _) => {
                    if printed != needs.len() {
                        problems.push(format!("{name}: {printed} of {} additional-needs statements", needs.len()));
                    }
                }
                (_, true) => {
                    if printed == 0 || rows == 0 {
                        problems.push(format!("{name}: no additional-needs statement ({printed} printed, {rows} rows)"));
                    }
                }
                (_, false) => {
                    if printed + rows > 0 {
                        problems.push(format!("{name}: {printed} additional-needs statements, {rows} rows"));
                    }
                    // Every one of them is checked absent from the text.
                    for s in &needs {
                        if pack.text.contains(s["text"].as_str().unwrap()) {
                            problems.push(format!("{name}: prints additional-needs statement {}", s["id"]));
                        }
                    }
                }
            }
        }
    });
    assert_eq!(stats.packs, 25);
    assert!(stats.other_band > 0 && stats.additional_needs_absent > 0, "the band and additional-needs checks never ran: {stats}");
}

#[test]
fn yorkshire_packs_and_the_full_edition_hold_the_whole_seed() {
    let stats = check_sample("pdf-yorkshire", "sources/yorkshire-humber-pcf.toml", |dump, packs, stats, problems| {
        let full = pack_named(packs, "full");
        let bullets = seed_bullets();
        assert_eq!(bullets.len(), 814);
        for (i, b) in bullets.iter().enumerate() {
            expect_text(&full.text, b, &format!("yh-pcf-full.pdf: seed bullet {}", i + 1), stats, problems);
        }
        // Domain 5's list of issues: not statements but intro, printed as a list.
        let statements: BTreeSet<String> = model_statements(dump).iter().map(|s| collapse(s["text"].as_str().unwrap())).collect();
        let issues: Vec<&String> = bullets.iter().filter(|b| b.len() > 3 && b.as_bytes()[0] == b'0' && &b[2..3] == ")").collect();
        assert_eq!(issues.len(), 8, "{issues:?}");
        for issue in issues {
            assert!(!statements.contains(issue.as_str()), "`{issue}` is a statement");
            expect_text(&full.text, &format!("• {issue}"), "yh-pcf-full.pdf: domain 5 issue list", stats, problems);
        }
    });
    assert_eq!(stats.packs, 8);
}

/// The lookup behind every content check: what it tolerates and what not.
#[test]
fn text_lookup_tolerates_only_what_a_line_wrap_does() {
    let footer = "Title Version 1 · Review date 2026-01-01";
    // What pdftotext prints: `self-` at a line end joined to the next line,
    // a wrap after `/` kept as a line break, a footer on every page.
    let page = |body: &str, i: usize| format!("{body}\n\nTitle\nVersion 1 · Review date 2026-01-01\n\nPage {i} of 2\n\u{c}");
    let text = page("Alpha beta selfassessment and problems/\ndisorders.\nA statement that starts here and", 1) + &page("ends there.", 2);
    let pdf = PdfText::from_text(&text, footer).unwrap();
    assert_eq!(pdf.pages.len(), 2);
    assert_eq!(pdf.flat, "Alpha beta selfassessment and problems/ disorders. A statement that starts here and ends there.");
    assert_eq!(pdf.find("Alpha   beta"), Found::Exact);
    assert_eq!(pdf.find("A statement that starts here and ends there."), Found::Exact, "the footer between pages is gone");
    assert_eq!(pdf.find("self-assessment"), Found::AcrossWrap);
    assert_eq!(pdf.find("problems/disorders"), Found::AcrossWrap);
    assert_eq!(pdf.find("Alphabeta"), Found::Missing, "a space is never dropped");
    assert_eq!(pdf.find("problems disorders"), Found::Missing);
    assert_eq!(pdf.find("self-assessments"), Found::Missing);
    assert_eq!(pdf.find("Alpha beta self assessment"), Found::Missing);
    assert_eq!(pdf.find("Page 1 of 2"), Found::Missing);
    // A page without its footer is an error.
    let bare = page("One", 1) + "Two\n\u{c}";
    assert!(PdfText::from_text(&bare, footer).unwrap_err().contains("page 2 of 2 lacks the footer part `Title Version 1"));
}

// ---------------------------------------------------------------------------
// Determinism.

fn build_bytes(test: &str, env: &[(&str, &str)]) -> (TempDir, BTreeMap<String, Vec<u8>>) {
    let dir = TempDir::new(test);
    let out = dir.path.join("out");
    let files = build_json(&root(), &["sources/london-safeguarding.toml", "--out", out.to_str().unwrap(), "--format", "pdf"], env);
    let bytes =
        files.iter().map(|f| (f.path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&f.path).unwrap())).collect();
    (dir, bytes)
}

/// `pdfinfo -isodates` prints UTC as `Z` (older Poppler: `+00`, `+00:00`).
fn assert_utc(date: &str, expected: &str) {
    let zone = date.strip_prefix(expected).unwrap_or_else(|| panic!("date `{date}`, expected {expected}"));
    assert!(["Z", "+00", "+00:00", "+0000"].contains(&zone), "date `{date}` is not UTC");
}

#[test]
fn builds_are_byte_identical_and_honour_source_date_epoch() {
    let (a_dir, a) = build_bytes("pdf-determinism-a", &[]);
    let (_b_dir, b) = build_bytes("pdf-determinism-b", &[]);
    assert_eq!(a.len(), 7);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{name} differs between two identical builds");
    }
    // Without SOURCE_DATE_EPOCH the date is the publication date.
    let published = dump("sources/london-safeguarding.toml")["framework"]["published"].as_str().unwrap().to_string();
    let info = pdfinfo(&a_dir.path.join("out/london-safeguarding-level-1.pdf"));
    assert_utc(&info["CreationDate"], &format!("{published}T00:00:00"));
    assert_utc(&info["ModDate"], &format!("{published}T00:00:00"));

    let epoch = [("SOURCE_DATE_EPOCH", "1700000000")];
    let (c_dir, c) = build_bytes("pdf-determinism-c", &epoch);
    let (_d_dir, d) = build_bytes("pdf-determinism-d", &epoch);
    for (name, bytes) in &c {
        assert!(bytes == &d[name], "{name} differs between two builds with SOURCE_DATE_EPOCH");
        assert!(bytes != &a[name], "{name}: SOURCE_DATE_EPOCH changed nothing");
    }
    let path = c_dir.path.join("out/london-safeguarding-level-1.pdf");
    let info = pdfinfo(&path);
    assert_utc(&info["CreationDate"], "2023-11-14T22:13:20");
    assert_utc(&info["ModDate"], "2023-11-14T22:13:20");
    let (_, xmp) = catalog_and_xmp(&path);
    assert_eq!(xmp_value(&xmp, "xmp:CreateDate").as_deref(), Some("2023-11-14T22:13:20+00:00"));
}

// ---------------------------------------------------------------------------
// Hostile text.

const HOSTILE_SOURCE: &str = "tests/fixtures/hostile/sources/hostile.toml";

/// Every hostile string of the fixture but the Arabic ones and the long word.
const HOSTILE: &[&str] = &[
    "Hostile #set page(width: 1pt) $x$ *bold* framework",
    "Publisher <label> @ref",
    "Level two ] // not a comment",
    "Lead #set page(width: 1pt) /* not a comment */ 🙂",
    "Domain one $x$ <label>",
    "Domain narrative: #set page(width: 1pt) then */ and a lone \\ here.",
    "Mae'r fframwaith yn cefnogi gwŷr a gwragedd ŵyr",
    "#set page(width: 1pt)",
    "Maths stays text: $x$ and $ y = 2 $.",
    "Strong stays text: *bold* words.",
    "Emphasis stays text: _x_ words.",
    "A label stays text: <label> here.",
    "A reference stays text: @ref here.",
    "A lone backslash \\ stays.",
    "A closing bracket ] stays.",
    "A line comment // stays.",
    "A block comment /* inside */ stays.",
    "An emoji 🙂 stays.",
    "#{ panic(\"evaluated\") } [#strong[x]] #import \"@preview/foo:0.1.0\"",
    "Older only: #set page(width: 1pt) for older children.",
    "Training #set page(width: 1pt) $x$ 🙂 <label>",
    "Narrative: #set page(width: 1pt) and $x$ and *bold* and _x_ and <label> and @ref.",
];

/// The Arabic strings (see `arabic_text_extracts_verbatim`).
const ARABIC: &[&str] = &["مرحبا بكم في الإطار", "Narrative right-to-left: مرحبا بكم في الإطار"];

/// The 300-character word of statement s14.
fn long_word() -> String {
    let word = format!("LONGWORD{}ENDEND", "abcdefghijklmnopqrstuvwxyz".repeat(11));
    assert_eq!(word.chars().count(), 300);
    word
}

/// The hostile fixture built in a temp project: (project, dump, packs).
fn build_hostile(test: &str) -> (TempDir, Value, Vec<Pack>) {
    let text = std::fs::read_to_string(root().join(HOSTILE_SOURCE)).expect("the hostile fixture");
    let dir = temp_project(test, &[("hostile.toml", &text)]);
    let files = build_json(&dir.path, &["sources/hostile.toml", "--out", "out"], &[]);
    assert_eq!(files.len(), 6);
    let dump = dump_in(&dir.path, "sources/hostile.toml");
    let packs = files
        .into_iter()
        .map(|file| {
            let plan = plan_in(&dir.path, "sources/hostile.toml", &file.pack);
            let text = PdfText::read(&file.path, &footer_of(&plan)).unwrap_or_else(|e| panic!("{e}"));
            Pack { file, plan, text }
        })
        .collect();
    (dir, dump, packs)
}

#[test]
fn hostile_text_prints_as_written() {
    let (_dir, dump, packs) = build_hostile("pdf-hostile-text");
    let model = all_strings(&dump);
    let word = long_word();
    for s in HOSTILE.iter().chain(ARABIC) {
        assert!(model.iter().any(|m| m == s), "the fixture lacks `{s}`");
    }
    assert!(model.iter().any(|m| m.contains(&word)), "the fixture lacks the long word");

    let mut problems = Vec::new();
    let mut stats = Stats { packs: packs.len(), ..Stats::default() };
    let mut checked = BTreeSet::new();
    let mut word_checked = 0;
    for pack in &packs {
        let name = pack.file.path.file_name().unwrap().to_string_lossy().into_owned();
        let strings = all_strings(&pack.plan);
        let mut raw: Option<String> = None;
        for s in HOSTILE {
            if strings.iter().any(|p| p.contains(s)) {
                checked.insert(*s);
                // pdftotext's plain mode reads a table row line by line, so
                // a table cell that wraps comes out in pieces: such a cell is
                // looked up in content-stream order (-raw) instead.
                if pack.text.find(s) == Found::Missing {
                    let raw = raw.get_or_insert_with(|| {
                        collapse(&tool_stdout("pdftotext", [std::ffi::OsStr::new("-raw"), pack.file.path.as_os_str(), "-".as_ref()]))
                    });
                    if raw.contains(&collapse(s)) {
                        eprintln!("note: {name}: `{s}` is whole only in content-stream order (a wrapped table cell)");
                        stats.exact += 1;
                        continue;
                    }
                }
                expect_text(&pack.text, s, &name, &mut stats, &mut problems);
            } else {
                // Not this pack's (another band, level or role): not printed.
                stats.absent += 1;
                if pack.text.find(s) != Found::Missing {
                    problems.push(format!("{name}: prints `{s}`, which its plan leaves out"));
                }
            }
        }
        // The long word: whole once line breaks are removed (a word cut off
        // at the page edge would be missing letters), and it breaks without
        // putting invisible characters into the text.
        if strings.iter().any(|p| p.contains(&word)) {
            word_checked += 1;
            let invisible = invisible_characters(&pack.file.path);
            if !invisible.is_empty() {
                problems.push(format!("{name}: {} invisible characters in the text", invisible.len()));
            }
            if !pack.text.without_spaces().contains(&word) {
                problems.push(format!("{name}: the 300-character word is cut or altered"));
            } else if !pack.text.flat.contains(&word) {
                eprintln!("note: {name}: the 300-character word is broken across lines (it is wider than a line)");
            }
        } else if pack.text.without_spaces().contains(&word[..40]) {
            problems.push(format!("{name}: prints the long word, which its plan leaves out"));
        }
        // Metadata carries the hostile title and publisher as text.
        let info = pdfinfo(&pack.file.path);
        if !info["Title"].starts_with(&format!("{} – ", HOSTILE[0])) {
            problems.push(format!("{name}: Title `{}`", info["Title"]));
        }
        if info["Author"] != HOSTILE[1] {
            problems.push(format!("{name}: Author `{}`", info["Author"]));
        }
        let (_, xmp) = catalog_and_xmp(&pack.file.path);
        if !xmp.contains("<rdf:li>Publisher &lt;label&gt; @ref</rdf:li>") {
            problems.push(format!("{name}: XMP does not carry the escaped publisher"));
        }
        // Arabic and emoji are typeset with their fallback fonts, not missing glyphs.
        let fonts: Vec<String> = pdffonts(&pack.file.path).into_iter().map(|f| f.name).collect();
        if strings.iter().any(|p| ARABIC.iter().any(|a| p.contains(a))) && !fonts.iter().any(|f| f.starts_with("NotoSansArabic-")) {
            problems.push(format!("{name}: Arabic text but no Noto Sans Arabic in {fonts:?}"));
        }
        if strings.iter().any(|p| p.contains('🙂')) && !fonts.iter().any(|f| f.starts_with("NotoEmoji-")) {
            problems.push(format!("{name}: an emoji but no Noto Emoji in {fonts:?}"));
        }
    }
    let unchecked: Vec<&&str> = HOSTILE.iter().filter(|s| !checked.contains(*s)).collect();
    assert!(unchecked.is_empty(), "no pack prints {unchecked:?}");
    assert_eq!(word_checked, 3, "the long word is in level-L1-young, level-L2-young (assumed from L1) and the full edition");
    eprintln!("hostile: {stats}");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn hostile_packs_stay_a4_inside_the_margins_and_valid() {
    let (_dir, _dump, packs) = build_hostile("pdf-hostile-layout");
    let mut problems = Vec::new();
    for pack in &packs {
        let name = pack.file.path.file_name().unwrap().to_string_lossy().into_owned();
        let sizes = page_sizes(&pack.file.path, pack.file.pages);
        assert_eq!(sizes.len(), pack.file.pages, "{name}");
        if let Some((i, s)) = sizes.iter().enumerate().find(|(_, s)| *s != A4) {
            problems.push(format!("{name}: page {} is {s}", i + 1));
        }
        if let Err(e) = qpdf_check(&pack.file.path) {
            problems.push(e);
        }
        let outside = words_outside_margins(&pack.file.path, MARGIN_PT);
        if !outside.is_empty() {
            problems.push(format!("{name}: {} words outside the margins, e.g. {:?}", outside.len(), &outside[..outside.len().min(3)]));
        }
        if pdfinfo(&pack.file.path)["Tagged"] != "yes" {
            problems.push(format!("{name}: not tagged"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn hostile_grid_page_is_not_blank() {
    let (dir, _dump, packs) = build_hostile("pdf-hostile-grid");
    let pack = pack_named(&packs, "level-L1-young");
    let page = pack
        .text
        .pages
        .iter()
        .position(|p| p.contains("Your ratings") && p.contains("Capability"))
        .expect("a page with the self-assessment grid")
        + 1;
    let (w, h, pixels) = render_gray(&pack.file.path, page, 30, &dir.path);
    // A4 (210 × 297 mm) at 30 dpi, give or take rounding.
    assert!((248..=249).contains(&w) && (350..=351).contains(&h), "{w} × {h} pixels");
    let inked = pixels.iter().filter(|&&p| p < 250).count();
    let share = inked as f64 / pixels.len() as f64;
    assert!(share > 0.01 && share < 0.5, "page {page}: {:.2}% of pixels are inked", share * 100.0);
    // Ink in the grid's tick-box columns, not only in the text column: the
    // right half of the text area has lines too.
    let right_half = (0..h).flat_map(|y| (w / 2..w - 20).map(move |x| (x, y))).filter(|&(x, y)| pixels[y * w + x] < 128).count();
    assert!(right_half > 100, "page {page}: the grid's right half is empty ({right_half} dark pixels)");
}

/// Known defect, outside framewright: Noto Sans Arabic draws a dotted
/// letter as a dotless base glyph plus a dots glyph (its `ccmp` feature),
/// and Typst 0.15's PDF export maps both glyphs to the letter (the
/// ToUnicode map gives both the letter; only clusters kept in one text run
/// get an /ActualText span), so pdftotext reads `مرحبا بكم في الإطار` as
/// `ي الإطار` + `مرحببا ببكم فف ي`: doubled letters, and the dots, set
/// on their own baseline, split the line. Copy-and-paste and assistive
/// technology get the same text. The print is right; stock Typst 0.15.2
/// does the same; turning `ccmp` off fixes the text but breaks the shapes.
#[test]
#[ignore = "Typst 0.15 maps Noto Sans Arabic's decomposed dot glyphs to the letter twice (see the doc comment)"]
fn arabic_text_extracts_verbatim() {
    let (_dir, _dump, packs) = build_hostile("pdf-hostile-arabic");
    for pack in &packs {
        let strings = all_strings(&pack.plan);
        for a in ARABIC {
            if strings.iter().any(|s| s.contains(a)) {
                assert!(pack.text.contains(a), "{}: `{a}` reads as:\n{}", pack.file.pack, pack.text.flat);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The templates with stock Typst.

/// Compiles `templates/pack.typ` of the project `dir` with the stock Typst
/// CLI, reading `/output/plan.json`: the command the README gives template
/// authors.
fn stock_typst(dir: &Path, output: &Path) {
    let out = Command::new(require_typst_cli())
        .current_dir(dir)
        .args(["compile", "--root", ".", "--font-path", "fonts", "--ignore-system-fonts", "--pdf-standard", "ua-1,a-2a"])
        .args(["--input", "data=/output/plan.json", "templates/pack.typ"])
        .arg(output)
        .output()
        .expect("typst runs");
    assert!(out.status.success(), "stock Typst failed:\n{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn templates_compile_with_stock_typst_from_the_plan() {
    let mut problems = Vec::new();
    for source in sample_sources() {
        let source = source.strip_prefix(root()).unwrap().to_str().unwrap().to_string();
        let dump = dump(&source);
        let id = dump["framework"]["id"].as_str().unwrap().to_string();
        // The first level pack (the simplest selection to build alone).
        let spec = dump["pack_list"].as_array().unwrap().iter().find(|p| p["level"].is_string() && p["role"].is_null()).unwrap().clone();
        let pack = spec["id"].as_str().unwrap();
        let plan = plan(&source, pack);

        let dir = temp_project(&format!("pdf-stock-{id}"), &[]);
        dir.write("output/plan.json", serde_json::to_vec(&plan).unwrap());
        let stock = dir.path.join("output/stock.pdf");
        stock_typst(&dir.path, &stock);
        assert!(std::fs::read(&stock).unwrap().starts_with(b"%PDF-"), "{source}: stock Typst wrote no PDF");
        if let Err(e) = qpdf_check(&stock) {
            problems.push(e);
        }

        // framewright's own build of the same pack, for the page count.
        let out = dir.path.join("fw");
        let mut args = vec![source.as_str(), "--format", "pdf", "--out", out.to_str().unwrap(), "--level", spec["level"].as_str().unwrap()];
        if let Some(band) = spec["band"].as_str() {
            args.extend(["--band", band]);
        }
        let built = build_json(&root(), &args, &[]);
        let ours = built.iter().find(|f| f.pack == pack).unwrap_or_else(|| panic!("{source}: {pack} not built"));

        let text = PdfText::read(&stock, &footer_of(&plan)).unwrap_or_else(|e| panic!("{e}"));
        let mut stats = Stats::default();
        let name = format!("{id} {pack} (stock Typst)");
        for r in plan["assessment"]["rows"].as_array().unwrap() {
            expect_text(&text, r["text"].as_str().unwrap(), &name, &mut stats, &mut problems);
        }
        for s in plan_statements(&plan) {
            expect_text(&text, s["text"].as_str().unwrap(), &name, &mut stats, &mut problems);
        }
        let info = pdfinfo(&stock);
        if info["Pages"] != ours.pages.to_string() {
            problems.push(format!("{name}: {} pages, framewright made {}", info["Pages"], ours.pages));
        }
        if !info["Keywords"].contains(&format!("framewright:plan={}", plan["identity"]["plan_hash"].as_str().unwrap())) {
            problems.push(format!("{name}: keywords {}", info["Keywords"]));
        }
        eprintln!("{name}: {} pages, {} texts found", info["Pages"], stats.exact + stats.across_wrap);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The contact a council writes: a long email address and web address.
/// Every pack shows both whole, as links (the email's to `mailto:`), and
/// breaks them, where a line needs it, without putting invisible characters
/// into the text, so copying or searching an address finds it.
#[test]
fn addresses_are_whole_links_without_invisible_characters() {
    const EMAIL: &str = "safeguarding.children.partnership@westhampton-council.gov.uk";
    const URL: &str = "https://www.westhampton-council.gov.uk/safeguarding-children-partnership-resources/levels";
    const LONG: &str = "childrenandfamiliessafeguardingpartnershipboard@westhampton.gov.uk";
    let source = std::fs::read_to_string(root().join("sources/school-staff-mental-health.toml")).unwrap();
    let contact = format!("contact = \"Safeguarding team: {EMAIL} or {LONG}, 01234 567890, or see {URL}.\"");
    let source = replace_once(&source, "contact = \"school.wellbeing@example.org\"", &contact);
    let dir = temp_project("pdf-addresses", &[("school.toml", &source)]);
    let files = build_json(&dir.path, &["sources/school.toml", "--format", "pdf", "--out", "out"], &[]);
    assert_eq!(files.len(), 10);
    const LINKS: &str = r#"
import json, sys, pikepdf
print(json.dumps([str(a.A.URI) for page in pikepdf.open(sys.argv[1]).pages for a in page.obj.get("/Annots", [])
                  if a.get("/Subtype") == "/Link" and "/A" in a and "/URI" in a.A]))
"#;
    for file in &files {
        let name = file.path.file_name().unwrap().to_string_lossy().into_owned();
        let raw = pdftotext(&file.path);
        let invisible: Vec<char> = raw.chars().filter(|c| INVISIBLE.contains(c)).collect();
        assert!(invisible.is_empty(), "{name}: invisible characters {invisible:?} in the text");
        let text = squeeze(&raw);
        for address in [EMAIL, URL, LONG] {
            // Whole, or broken only by a line break.
            let found = text.contains(address) || text.replace('\n', "").contains(address);
            assert!(found, "{name}: `{address}` is not in the text whole:\n{}", &text[..text.len().min(3000)]);
        }
        let links = python_json(["-c", LINKS, file.path.to_str().unwrap()]);
        let links: Vec<&str> = links.as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
        for uri in [format!("mailto:{EMAIL}"), format!("mailto:{LONG}"), URL.to_string()] {
            assert_eq!(links.iter().filter(|l| **l == uri).count(), 1, "{name}: one link to {uri} in {links:?}");
        }
    }
}
