//! What changed in a pack (issue 26, part 2), from the CLI: the London
//! sample is kept as 1.0 in `sources/editions/`, and a 2.0 beside it names
//! it as its previous edition (l2-01 and l4-01 reworded keeping their ids,
//! l3-07 removed, l2-07 added, l5-05 added in place of l5-03). Built in
//! every format, a pack whose levels nothing touches has no "What
//! changed" part; a level pack lists exactly the changes to the levels it
//! shows (its own and those it assumes), the full edition all of them; a
//! reworded statement's changed words are marked; the download page says
//! what is new. The packs with the part pass the checks every pack passes:
//! PDF/UA-1 and PDF/A-2a (page-validation), the contents page, axe-core in
//! Chromium and the heading outline, the Nu HTML Checker, openxml-audit;
//! and they come out byte for byte the same when built again.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::common::*;
use crate::docx::{check_contents, openxml_audit};
use crate::html::{assert_clean, assert_heading_outline, assert_valid_html, browser};
use serde_json::{Value, json};

const SOURCE: &str = "sources/london-safeguarding.toml";
const PREVIOUS: &str = "editions/london-safeguarding-1.0.toml";
const PACK: &str = "london-safeguarding";
/// The part's heading and the start of its first line (templates/strings.toml).
const HEADING: &str = "What changed in this edition";
const INTRO: &str = "Version 2.0 replaces version 1.0.";
const NEXT_HEADING: &str = "The framework";

/// Replaces the whole line of `text` holding `id = "ID"` with `with` (the
/// empty string removes it).
fn swap_line(text: &str, id: &str, with: &str) -> String {
    let line = text.lines().find(|l| l.contains(&format!("id = \"{id}\""))).unwrap_or_else(|| panic!("no line for {id}"));
    replace_once(text, &format!("{line}\n"), with)
}

/// The sample as 1.0, and the 2.0 that names it as its previous edition.
fn editions() -> (String, String) {
    let v1 = std::fs::read_to_string(root().join(SOURCE)).unwrap();
    let mut v2 = replace_once(&v1, "version = \"1.0\"", &format!("version = \"2.0\"\nprevious = \"{PREVIOUS}\""));
    v2 = replace_once(
        &v2,
        "Documentation and sharing of information regarding concerns.",
        "Recording, and sharing with the right people, information about concerns.",
    );
    v2 = replace_once(&v2, "to promote effective inter-agency practice.", "to promote effective multi-agency practice & <learning>.");
    // The training options closed the statements gone: l3-07 is dropped, l5-05 takes l5-03's place.
    v2 = replace_once(&v2, ", \"l3-07\"]", "]");
    v2 = replace_once(&v2, "\"l5-02\", \"l5-03\"", "\"l5-02\", \"l5-05\"");
    v2 = swap_line(&v2, "l3-07", "");
    let l2_06 = v2.lines().find(|l| l.contains("id = \"l2-06\"")).unwrap().to_string();
    v2 = swap_line(
        &v2,
        "l2-06",
        &format!(
            "{l2_06}\n  {{ id = \"l2-07\", level = \"2\", kind = \"skill\", text = \"Hearing the child's voice, and recording it in every concern raised.\" }},\n"
        ),
    );
    v2 = swap_line(
        &v2,
        "l5-03",
        "  { id = \"l5-05\", level = \"5\", kind = \"knowledge\", replaces = [\"l5-03\"], text = \"Current policy, research and practice, and how they change local procedures.\" },\n",
    );
    (v1, v2)
}

/// The 2.0 project, built in every format into `output/`, and again into `again/`.
struct Built {
    dir: TempDir,
    out: PathBuf,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let (v1, v2) = editions();
        let dir = temp_project("whatchanged", &[("london-safeguarding.toml", &v2), (PREVIOUS, &v1)]);
        run_in(&dir.path, ["build", SOURCE]).assert_code(0);
        run_in(&dir.path, ["build", SOURCE, "--out", "again"]).assert_code(0);
        let out = dir.path.join("output");
        Built { dir, out }
    })
}

impl Built {
    fn file(&self, pack: &str, extension: &str) -> PathBuf {
        self.out.join(format!("{PACK}-{pack}.{extension}"))
    }
}

/// The ids the part lists in `text` (a pack as text): the words ending in
/// ":" from the part's first line up to the next part's heading, other
/// than the labels of the wordings and the count that ends the first line
/// ("(6):"); `None` when the pack has no part.
fn listed(text: &str) -> Option<BTreeSet<String>> {
    let text = squeeze(text);
    let start = text.find(INTRO)?;
    let part = &text[start..];
    let part = &part[..part.find(&format!("\n{NEXT_HEADING}\n")).unwrap_or_else(|| panic!("no `{NEXT_HEADING}` after the part: {part}"))];
    let ids = part
        .split_whitespace()
        .filter_map(|w| w.strip_suffix(':'))
        .filter(|w| !["Was", "Now"].contains(w) && !w.starts_with('('))
        .map(String::from);
    Some(ids.collect())
}

/// A pack's text in each format: pdftotext, python-docx, the HTML page
/// without its tags (one line per element).
fn texts(b: &Built, pack: &str) -> [(&'static str, String); 3] {
    let html = std::fs::read_to_string(b.file(pack, "html")).unwrap();
    let html: String = html.split('<').map(|piece| piece.split_once('>').map_or(piece, |(_, text)| text)).collect::<Vec<_>>().join("\n");
    [("pdf", pdftotext(&b.file(pack, "pdf"))), ("docx", docx_text(&b.file(pack, "docx"))), ("html", html)]
}

fn ids(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn each_pack_lists_only_the_changes_that_concern_it() {
    let b = built();
    let level_2 = ["l2-01", "l2-07"];
    let level_4 = ["l2-01", "l2-07", "l3-07", "designated-lead-update", "l4-01", "strategic-briefing"];
    let full = ["l2-01", "l2-07", "l3-07", "designated-lead-update", "l4-01", "strategic-briefing", "l5-03", "l5-05"];
    let expected: [(&str, Option<&[&str]>); 4] =
        [("level-1", None), ("level-2", Some(&level_2)), ("level-4", Some(&level_4)), ("full", Some(&full))];
    for (pack, want) in expected {
        for (format, text) in texts(b, pack) {
            let found = listed(&text);
            assert_eq!(found, want.map(ids), "{pack}.{format}: the ids of the part");
            assert_eq!(text.contains(HEADING), want.is_some(), "{pack}.{format}: the part's heading");
        }
    }
}

#[test]
fn reworded_words_are_marked_and_labelled_in_every_format() {
    let b = built();
    let html = std::fs::read_to_string(b.file("level-2", "html")).unwrap();
    assert!(html.contains("<em>Was:</em> <del>Documentation</del> and sharing <del>of</del> information"), "the old wording");
    assert!(html.contains("<em>Now:</em> <ins>Recording,</ins> and sharing <ins>with the right people,</ins>"), "the new wording");
    // Source text stays text.
    let html = std::fs::read_to_string(b.file("level-4", "html")).unwrap();
    assert!(html.contains("<ins>multi-agency practice &amp; &lt;learning&gt;.</ins>"), "source text escaped");
    let marks = python_json([
        "-c",
        "import docx, json, sys\nruns = [r for p in docx.Document(sys.argv[1]).paragraphs for r in p.runs]\nprint(json.dumps({'strike': [r.text for r in runs if r.font.strike], 'underline': [r.text for r in runs if r.font.underline]}))",
        b.file("level-2", "docx").to_str().unwrap(),
    ]);
    assert_eq!(marks["strike"], json!(["Documentation", "of", "regarding"]), "Word: the words gone");
    assert_eq!(marks["underline"], json!(["Recording,", "with the right people,", "about"]), "Word: the words new");
    let pdf = collapse(&pdftotext(&b.file("level-2", "pdf")));
    assert!(pdf.contains("Was: Documentation and sharing of information regarding concerns."), "PDF: the old wording");
    assert!(pdf.contains("Now: Recording, and sharing with the right people, information about concerns."), "PDF: the new wording");
}

#[test]
fn the_download_page_says_what_is_new() {
    let b = built();
    let page = std::fs::read_to_string(b.out.join("index.html")).unwrap();
    assert!(page.contains("<h3>New in version 2.0</h3>"), "{page}");
    assert!(
        page.contains("Version 2.0 replaces version 1.0: 8 changes, 6 of them to the self-assessment (2 statements new, 2 removed or replaced, 2 reworded)."),
        "{page}"
    );
    // A source without a previous edition says nothing of the kind.
    let (v1, _) = editions();
    let dir = temp_project("whatchanged-v1", &[("london-safeguarding.toml", &v1)]);
    run_in(&dir.path, ["build", SOURCE, "--format", "html", "--level", "2"]).assert_code(0);
    let page = std::fs::read_to_string(dir.path.join("output/index.html")).unwrap();
    assert!(!page.contains("New in version"), "{page}");
    let pack = std::fs::read_to_string(dir.path.join(format!("output/{PACK}-level-2.html"))).unwrap();
    assert!(!pack.contains(HEADING));
}

#[test]
fn packs_with_the_part_pass_the_checks_of_every_pack_and_build_the_same_twice() {
    let b = built();
    let packs = ["level-2", "level-4", "full"];

    // The same input, the same bytes.
    for name in file_names(&b.out).iter().filter(|n| *n != "manifest.json") {
        assert!(std::fs::read(b.out.join(name)).unwrap() == std::fs::read(b.dir.path.join("again").join(name)).unwrap(), "{name} differs");
    }

    // PDF/UA-1 and PDF/A-2a, and a contents page listing the part.
    let pdfs: Vec<PathBuf> = packs.iter().map(|p| b.file(p, "pdf")).collect();
    for (file, problems) in crate::conformance::validate(&pdfs) {
        assert!(problems.is_empty(), "{}: {problems:#?}", file.display());
    }
    let mut problems = Vec::new();
    for pack in packs {
        let plan = plan_in(&b.dir.path, SOURCE, pack);
        assert!(plan["document"]["parts"].as_array().unwrap().iter().any(|p| p["kind"] == "changes"), "{pack}: no part in the plan");
        let text = PdfText::read(&b.file(pack, "pdf"), &footer_of(&plan)).unwrap();
        check_contents(pack, &plan, &text, &mut problems);
    }
    assert!(problems.is_empty(), "{problems:#?}");

    // HTML: axe-core in Chromium, the heading outline, the Nu HTML Checker.
    let index = b.out.join("index.html");
    let mut jobs: Vec<Value> = packs.iter().map(|p| json!({ "path": b.file(p, "html"), "kind": "pack", "values": [] })).collect();
    jobs.push(json!({ "path": index, "kind": "index", "values": [] }));
    let results: BTreeMap<PathBuf, Value> = browser(&jobs);
    for (path, r) in &results {
        let what = path.display().to_string();
        assert_clean(r, &what);
        assert_heading_outline(r["headings"].as_array().unwrap(), &what);
    }
    let mut html: Vec<PathBuf> = packs.iter().map(|p| b.file(p, "html")).collect();
    html.push(index);
    assert_valid_html(&html);

    // Word: openxml-audit finds nothing.
    require_python_module("openxml_audit", "openxml-audit");
    let words = TempDir::new("whatchanged-docx");
    for pack in packs {
        std::fs::copy(b.file(pack, "docx"), words.path.join(format!("{pack}.docx"))).unwrap();
    }
    let out = openxml_audit(&words.path, "office2019").wait_with_output().unwrap();
    let reports: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reports.len(), packs.len());
    for report in &reports {
        assert_eq!(report["valid"], true, "{report:#}");
        assert_eq!(report["warning_count"], 0, "{report:#}");
    }
}

/// The part's ids are found only between its first line and the next
/// part: the finder cannot pass on a pack that prints ids elsewhere.
#[test]
fn the_finder_reads_only_the_part() {
    assert_eq!(listed("Contents\nlevel-1:\n"), None);
    let text = format!("{HEADING}\n{INTRO} The changes (1):\n• Statement l2-01: Reworded.\nWas: a\nNow: b\n{NEXT_HEADING}\nl9-99: x\n");
    assert_eq!(listed(&text), Some(ids(&["l2-01"])));
}

/// A translations file holding each `(id, english, welsh)` of `units`.
fn welsh_file(units: &[(&str, &str, &str)]) -> String {
    units.iter().map(|(id, english, welsh)| format!("[\"{id}\"]\nenglish = \"{english}\"\ntext = \"{welsh}\"\n\n")).collect()
}

/// A Welsh pack words its changes from the two editions' Welsh
/// translations, marking the Welsh words that changed; a statement whose
/// earlier Welsh is not there keeps both its English wordings (never one
/// language marked against the other).
#[test]
fn a_welsh_pack_tells_what_changed_in_the_words_of_its_translations() {
    let (v1, v2) = editions();
    let was =
        ("statement.l2-01", "Documentation and sharing of information regarding concerns.", "Dogfennu a rhannu gwybodaeth am bryderon.");
    let now = (
        "statement.l2-01",
        "Recording, and sharing with the right people, information about concerns.",
        "Cofnodi, a rhannu gyda phobl briodol, wybodaeth am bryderon.",
    );
    let added = (
        "statement.l2-07",
        "Hearing the child's voice, and recording it in every concern raised.",
        "Clywed llais y plentyn ym mhob pryder.",
    );
    let previous_welsh = "editions/london-safeguarding-1.0.cy.toml";
    let dir = temp_project(
        "whatchanged-cy",
        &[
            ("london-safeguarding.toml", &v2),
            (PREVIOUS, &v1),
            (previous_welsh, &welsh_file(&[was])),
            ("london-safeguarding.cy.toml", &welsh_file(&[now, added])),
        ],
    );
    let pack = |out: &str| {
        run_in(&dir.path, ["build", SOURCE, "--lang", "cy", "--format", "html", "--level", "2", "--out", out]).assert_code(0);
        std::fs::read_to_string(dir.path.join(format!("{out}/{PACK}-level-2-cy.html"))).unwrap()
    };
    let html = pack("both");
    assert!(html.contains("<em>Cynt:</em> <del>Dogfennu</del> a rhannu <del>gwybodaeth</del> am bryderon."), "the Welsh of 1.0: {html}");
    assert!(html.contains("<em>Nawr:</em> <ins>Cofnodi,</ins> a rhannu <ins>gyda phobl briodol, wybodaeth</ins> am bryderon."), "{html}");
    assert!(html.contains("Clywed llais y plentyn ym mhob pryder."), "the added statement in Welsh");
    assert!(!html.contains("Documentation") && !html.contains("Hearing the child"), "English left in the Welsh part");

    std::fs::remove_file(dir.path.join("sources").join(previous_welsh)).unwrap();
    let html = pack("alone");
    assert!(html.contains("<em>Cynt:</em> <del>Documentation</del> and sharing <del>of</del> information"), "{html}");
    assert!(html.contains("<em>Nawr:</em> <ins>Recording,</ins> and sharing <ins>with the right people,</ins>"), "{html}");
    assert!(html.contains("Clywed llais y plentyn ym mhob pryder."), "an added statement needs only this edition's Welsh");
}
