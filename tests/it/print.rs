//! Print polish a council officer asked for: dates as people write them,
//! short packs that do not spend a page per part, no internal ids on the
//! cover, intervals as the source writes them, refresher notes in the full
//! edition, a landscape grid for workbooks, sign-off labels clear of their
//! lines; and what a trainer asked for: no page that holds only the end of
//! a part (`tests/clients/pdf_pages.py` reads where the lines are).

use std::path::Path;

use crate::common::*;
use serde_json::Value;

/// The London sample in a temporary project, edited by `edits`, built for
/// `args` into `out/`.
fn london(test: &str, edits: &[(&str, &str)], args: &[&str]) -> TempDir {
    let mut text = std::fs::read_to_string(root().join("sources/london-safeguarding.toml")).unwrap();
    for (from, to) in edits {
        text = replace_once(&text, from, to);
    }
    let dir = temp_project(test, &[("london.toml", &text)]);
    let mut all = vec!["build", "sources/london.toml", "--format", "pdf", "--out", "out"];
    all.extend(args);
    run_in(&dir.path, all).assert_code(0);
    dir
}

fn page_text(pdf: &Path, page: usize) -> String {
    let page = page.to_string();
    tool_stdout("pdftotext", ["-f", &page, "-l", &page, pdf.to_str().unwrap(), "-"])
}

#[test]
fn dates_read_as_people_write_them_and_the_cover_holds_no_ids() {
    let dir = london("print-dates", &[], &["--level", "1"]);
    let pdf = dir.path.join("out/london-safeguarding-level-1.pdf");
    let cover = page_text(&pdf, 1);
    assert!(cover.contains("1.0, published 1 January 2019") && cover.contains("1 January 2027"), "{cover}");
    assert!(!cover.contains("2019-01-01") && !cover.contains("2027-01-01"), "{cover}");
    assert!(!cover.contains("level-1") && !cover.contains("london-safeguarding"), "internal ids on the cover: {cover}");
    // The footer too, on every page.
    let text = pdftotext(&pdf);
    assert!(text.contains("Review date 1 January 2027") && !text.contains("2027-01-01"));
    // The identity is still in the metadata.
    assert!(pdfinfo(&pdf)["Keywords"].contains("framewright:pack=level-1"));
}

#[test]
fn a_short_pack_runs_its_first_parts_on() {
    let dir = london("print-compact", &[], &["--level", "1"]);
    let plan = plan_in(&dir.path, "sources/london.toml", "level-1");
    let parts: Vec<(&str, bool)> = plan["document"]["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["kind"].as_str().unwrap(), p["new_page"].as_bool().unwrap()))
        .collect();
    assert_eq!(parts[..5], [("cover", true), ("contents", true), ("how_to_use", false), ("about", false), ("framework", true)]);
    // Contents, how to use it and about share the second page.
    let second = page_text(&dir.path.join("out/london-safeguarding-level-1.pdf"), 2);
    let h = &plan["text"]["headings"];
    for heading in [h["contents"].as_str().unwrap(), "How to use this pack", "About your level"] {
        assert!(second.contains(heading), "page 2 lacks {heading}: {second}");
    }
    // A long pack keeps a page per part.
    let long = plan_in(&root(), "sources/yorkshire-humber-pcf.toml", "level-5");
    assert!(long["document"]["parts"].as_array().unwrap().iter().all(|p| p["new_page"] == true));
}

#[test]
fn intervals_print_as_written_and_the_full_edition_keeps_every_note() {
    let note = "Refresh sooner after a serious case review.";
    let dir = london(
        "print-intervals",
        &[(
            "applies_to = \"Everyone else\"\nevery = \"3 years\"\n",
            &format!("applies_to = \"Everyone else\"\nevery = \"12 months\"\nnote = \"{note}\"\n"),
        )],
        &["--level", "1"],
    );
    let plan = plan_in(&dir.path, "sources/london.toml", "level-1");
    assert_eq!(plan["refresher"]["every_text"], "Every 12 months");
    assert!(pdftotext(&dir.path.join("out/london-safeguarding-level-1.pdf")).contains("every 12 months"));
    let r = run_in(&dir.path, ["build", "sources/london.toml", "--format", "pdf", "--out", "out"]);
    r.assert_code(0);
    let full = collapse(&pdftotext(&dir.path.join("out/london-safeguarding-full.pdf")));
    assert!(full.contains(note) && full.contains("Every 12 months") && full.contains("Every 2 years"), "the full edition's rules");
}

#[test]
fn a_landscape_grid_turns_only_the_grid_pages() {
    let dir = london("print-landscape", &[("[packs.branding]\n", "[packs.branding]\ngrid = \"landscape\"\n")], &["--level", "3"]);
    let pdf = dir.path.join("out/london-safeguarding-level-3.pdf");
    let script = r#"
import json, sys, pypdf
r = pypdf.PdfReader(sys.argv[1])
pages = []
for p in r.pages:
    rects = [a.get_object()["/Rect"] for a in p.get("/Annots", []) if a.get_object().get("/FT") or a.get_object().get("/Parent")]
    pages.append({"w": float(p.mediabox.width), "h": float(p.mediabox.height),
                  "fields": len(rects), "inside": all(0 <= float(x[0]) and float(x[2]) <= float(p.mediabox.width) and float(x[3]) <= float(p.mediabox.height) for x in rects)})
print(json.dumps(pages))
"#;
    let pages = python_json(["-c", script, pdf.to_str().unwrap()]);
    let pages = pages.as_array().unwrap();
    let wide: Vec<&Value> = pages.iter().filter(|p| p["w"].as_f64() > p["h"].as_f64()).collect();
    assert!(!wide.is_empty() && wide.len() < pages.len(), "some pages, not all, are landscape");
    // Every rating, evidence and action field is on a landscape page, inside it.
    let rows = plan_in(&dir.path, "sources/london.toml", "level-3")["assessment"]["rows"].as_array().unwrap().len();
    let on_wide: u64 = wide.iter().map(|p| p["fields"].as_u64().unwrap()).sum();
    assert_eq!(on_wide as usize, rows * 6, "4 tick boxes, evidence and action per row");
    assert!(pages.iter().all(|p| p["inside"] == true));
}

#[test]
fn a_long_signoff_label_stays_clear_of_its_line() {
    let label = "Line manager or supervisor who agreed this self-assessment and its action plan";
    let dir = london("print-signoff", &[("label = \"Line manager\"", &format!("label = \"{label}\""))], &["--level", "1"]);
    let pdf = dir.path.join("out/london-safeguarding-level-1.pdf");
    // Where the label's words are (Poppler) and where the field is (pypdf).
    let script = r#"
import json, re, subprocess, sys, pypdf
pdf = sys.argv[1]
r = pypdf.PdfReader(pdf)
for n, p in enumerate(r.pages):
    for a in p.get("/Annots", []):
        a = a.get_object()
        parent = a.get("/Parent")
        if a.get("/T") == "line_manager" or (parent and parent.get_object().get("/T") == "line_manager"):
            x0, y0, x1, y1 = [float(v) for v in a["/Rect"]]
            h = float(p.mediabox.height)
            html = subprocess.run(["pdftotext", "-bbox", "-f", str(n + 1), "-l", str(n + 1), pdf, "-"], capture_output=True, text=True).stdout
            words = [(w, float(a1), float(b1), float(a2), float(b2)) for a1, b1, a2, b2, w in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', html)]
            print(json.dumps({"field": [x0, h - y1, x1, h - y0], "words": words}))
            sys.exit(0)
print("{}")
"#;
    let found = python_json(["-c", script, pdf.to_str().unwrap()]);
    let field: Vec<f64> = found["field"].as_array().expect("the line_manager field").iter().map(|v| v.as_f64().unwrap()).collect();
    let label_words = ["supervisor", "agreed", "self-assessment", "action", "plan"];
    for word in found["words"].as_array().unwrap().iter().filter(|w| label_words.contains(&w[0].as_str().unwrap())) {
        let x_max = word[3].as_f64().unwrap();
        assert!(x_max + 2.0 < field[0], "`{}` runs into the line: ends at {x_max}, the line starts at {}", word[0], field[0]);
    }
}

/// A page's lines of text as Poppler sees them (`tests/clients/pdf_pages.py`).
struct Page {
    height: f64,
    lines: Vec<(String, f64, f64)>,
}

/// Every page of `files`, by file.
fn pages_of(files: &[std::path::PathBuf]) -> std::collections::BTreeMap<String, Vec<Page>> {
    let script = root().join("tests/clients/pdf_pages.py");
    let mut args = vec![script.into_os_string()];
    args.extend(files.iter().map(|f| f.clone().into_os_string()));
    let json = python_json(args);
    json.as_object()
        .unwrap()
        .iter()
        .map(|(file, pages)| {
            let pages = pages
                .as_array()
                .unwrap()
                .iter()
                .map(|p| Page {
                    height: p["height"].as_f64().unwrap(),
                    lines: p["lines"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|l| (l["text"].as_str().unwrap().to_string(), l["top"].as_f64().unwrap(), l["bottom"].as_f64().unwrap()))
                        .collect(),
                })
                .collect();
            (file.clone(), pages)
        })
        .collect()
}

/// The page's top and bottom margins (`templates/parts/style.typ`), in points.
const TOP_MARGIN: f64 = 24.0 / 25.4 * 72.0;
const BOTTOM_MARGIN: f64 = 26.0 / 25.4 * 72.0;

/// No page of a sample PDF holds only the end of a part, such as a list's
/// last bullet or a table's last row, with the next part starting on the
/// page after: a trainer printing 30 workbooks would print that nearly
/// empty page 30 times. Precisely, a page is *widowed* when
/// - no part begins on it (none of its lines is a part's heading from the
///   plan: it holds the end of a part begun on an earlier page),
/// - its text ends within the top quarter of the text area (between the
///   top and bottom margins; the footer is below), and
/// - the next page begins with a part's heading.
///
/// The templates let a part follow on the same page when the one before
/// ended in the top third of the page, so such a page cannot arise.
#[test]
fn no_page_holds_only_the_end_of_a_part() {
    let dir = TempDir::new("print-widows");
    let out = dir.path.join("out");
    let mut files = Vec::new();
    let mut headings = std::collections::BTreeMap::new();
    for source in sample_sources() {
        let source = format!("sources/{}", source.file_name().unwrap().to_string_lossy());
        for file in build_json(&root(), &[source.as_str(), "--format", "pdf", "--out", out.to_str().unwrap()], &[]) {
            let plan = plan_in(&root(), &source, &file.pack);
            let parts: Vec<String> =
                plan["document"]["parts"].as_array().unwrap().iter().filter_map(|p| p["heading"].as_str().map(str::to_string)).collect();
            headings.insert(file.path.to_string_lossy().into_owned(), parts);
            files.push(file.path);
        }
    }
    let pages = pages_of(&files);
    assert_eq!(pages.len(), files.len());
    let mut widowed = Vec::new();
    let mut tails = 0;
    for (file, pages) in &pages {
        let parts = &headings[file];
        let body = |p: &Page| p.lines.iter().filter(|l| l.1 < p.height - BOTTOM_MARGIN).cloned().collect::<Vec<_>>();
        let starts_part = |p: &Page| body(p).first().is_some_and(|l| parts.contains(&l.0));
        for (i, page) in pages.iter().enumerate().skip(1) {
            let lines = body(page);
            if lines.is_empty() || lines.iter().any(|l| parts.contains(&l.0)) {
                continue;
            }
            tails += 1;
            let area = page.height - TOP_MARGIN - BOTTOM_MARGIN;
            let filled = (lines.last().unwrap().2 - TOP_MARGIN) / area;
            if filled < 0.25 && pages.get(i + 1).is_some_and(starts_part) {
                let name = std::path::Path::new(file).file_name().unwrap().to_string_lossy().into_owned();
                let text: Vec<&str> = lines.iter().map(|l| l.0.as_str()).collect();
                widowed.push(format!("{name}, page {} ({:.0} % filled): {}", i + 1, filled * 100.0, text.join(" / ")));
            }
        }
    }
    let in_files = widowed.iter().map(|w| w.split_once(", page").unwrap().0).collect::<std::collections::BTreeSet<_>>().len();
    eprintln!(
        "{} sample PDFs, {} pages holding only the end of a part, {} widowed (in {in_files} PDFs)",
        files.len(),
        tails,
        widowed.len()
    );
    assert!(widowed.is_empty(), "{} widowed pages:\n{}", widowed.len(), widowed.join("\n"));
}
