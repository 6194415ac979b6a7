//! The wording of the packs: one table (`templates/strings.toml`), which a
//! project edits and a source overrides entry by entry; every format prints
//! exactly its words; mistakes in a wording file are reported with that
//! file's line and column.

use crate::common::*;
use serde_json::Value;

/// The London sample in a temporary project, its `[packs]` given `strings`.
fn project(test: &str, wording: Option<&str>) -> TempDir {
    let source = std::fs::read_to_string(root().join("sources/london-safeguarding.toml")).unwrap();
    let source = match wording {
        Some(_) => replace_once(&source, "[packs]\n", "[packs]\nstrings = \"cy.toml\"\n"),
        None => source,
    };
    let dir = temp_project(test, &[("london.toml", &source)]);
    if let Some(text) = wording {
        dir.write("sources/cy.toml", text);
    }
    dir
}

fn heading(plan: &Value, kind: &str) -> String {
    let parts = plan["document"]["parts"].as_array().unwrap();
    let part = parts.iter().find(|p| p["kind"] == kind).unwrap_or_else(|| panic!("no part {kind}"));
    part["heading"].as_str().unwrap().to_string()
}

#[test]
fn a_source_changes_single_entries_for_its_packs_in_every_format() {
    let wording = "[headings]\ncontents = \"Cynnwys\"\ntraining = \"Hyfforddiant\"\n\n[assessment]\nrating_field = \"Sgôr {{ statement }}\"\ncolumn_field = \"{{ column }} ({{ statement }})\"\n";
    let dir = project("wording-source", Some(wording));
    let plan = plan_in(&dir.path, "sources/london.toml", "level-2");
    assert_eq!(heading(&plan, "contents"), "Cynnwys");
    assert_eq!(heading(&plan, "training"), "Hyfforddiant");
    assert_eq!(plan["text"]["headings"]["contents"], "Cynnwys");
    // Entries the file leaves alone keep the project's wording.
    assert_eq!(heading(&plan, "how_to_use"), "How to use this pack");
    let row = &plan["assessment"]["rows"][0];
    assert_eq!(row["rating_label"], format!("Sgôr {}", row["statement"].as_str().unwrap()));

    let out = dir.path.join("out");
    let r = run_in(&dir.path, ["build", "sources/london.toml", "--level", "2", "--out", out.to_str().unwrap()]);
    r.assert_code(0);
    let text = pdftotext(&out.join("london-safeguarding-level-2.pdf"));
    assert!(text.contains("Cynnwys") && text.contains("Hyfforddiant"), "the PDF prints the wording");
    assert!(!text.contains("Training options"), "the PDF keeps no word of its own");
    let docx = std::fs::read(out.join("london-safeguarding-level-2.docx")).unwrap();
    let document = zip_entry(&docx, "word/document.xml");
    assert!(document.contains(">Cynnwys<") && document.contains(">Hyfforddiant<"), "the Word pack prints the wording");
    assert!(!document.contains("Training options"));
    let id = row["statement"].as_str().unwrap();
    assert_eq!(row["evidence_label"], format!("Evidence ({id})"));
    assert!(document.contains(&format!("\"Evidence ({id}) [{id}.evidence]\"")), "Word labels come from the wording");
}

#[test]
fn a_projects_wording_file_is_the_wording_of_its_packs() {
    let dir = project("wording-project", None);
    let path = dir.path.join("templates/strings.toml");
    let text =
        std::fs::read_to_string(&path).unwrap().replace("how_to_use = \"How to use this pack\"", "how_to_use = \"Using this workbook\"");
    std::fs::write(&path, text).unwrap();
    let plan = plan_in(&dir.path, "sources/london.toml", "level-1");
    assert_eq!(heading(&plan, "how_to_use"), "Using this workbook");
    // A project whose file lacks an entry (an older copy) keeps framewright's.
    let shortened: String =
        std::fs::read_to_string(&path).unwrap().lines().filter(|l| !l.starts_with("contents =")).collect::<Vec<_>>().join("\n");
    std::fs::write(&path, shortened).unwrap();
    let plan = plan_in(&dir.path, "sources/london.toml", "level-1");
    assert_eq!(heading(&plan, "contents"), "Contents");
}

#[test]
fn mistakes_in_a_wording_file_name_its_line_and_column() {
    let wording = "[headings]\ncontnets = \"Cynnwys\"\ntraining = 3\n\n[guide]\nintro = \"{% if full %}unclosed\"\n";
    let dir = project("wording-bad", Some(wording));
    let r = run_in(&dir.path, ["check", "sources/london.toml"]);
    r.assert_code(1);
    let cy = dir.path.join("sources/cy.toml").canonicalize().unwrap().display().to_string();
    for (expected, line, column) in [
        ("`headings.contnets` is not an entry of the wording", 2, 1),
        ("`headings.training` must be text in quotes", 3, 12),
        ("`guide.intro` is not a valid template", 6, 9),
    ] {
        let wanted = format!("{cy}:{line}:{column}: {expected}");
        assert!(r.stderr.contains(&wanted), "wanted `{wanted}` in:\n{}", r.stderr);
    }
    assert!(r.stderr.contains("did you mean `headings.contents`?"), "{}", r.stderr);
    assert_eq!(error_lines(&r.stderr), 4, "every mistake once, and the summary: {}", r.stderr);
    assert!(r.stderr.contains("has 3 errors"), "{}", r.stderr);
}

#[test]
fn source_text_is_never_read_as_wording() {
    let source = std::fs::read_to_string(root().join("sources/london-safeguarding.toml")).unwrap();
    let source = source.replacen("title = \"", "title = \"{{ 7 * 7 }} {% if x %}", 1);
    let dir = temp_project("wording-data", &[("london.toml", &source)]);
    let plan = plan_in(&dir.path, "sources/london.toml", "level-1");
    let title = plan["document"]["title"].as_str().unwrap();
    assert!(title.starts_with("{{ 7 * 7 }} {% if x %}"), "{title}");
    let version = plan["cover"]["rows"].as_array().unwrap().iter().find(|r| r["label"] == "Version").unwrap();
    assert!(version["value"].as_str().unwrap().contains(", published "), "{version}");
}
