//! `framewright diff` and editions in the source (issue 26), from the CLI:
//! the London sample revised as a council officer would (version 2.0, two
//! statements reworded keeping their ids, one removed, two added) lists
//! exactly those ids by kind, on the terminal and in JSON (which the
//! committed `docs/diff.schema.json` validates); the old edition can be a
//! git revision; `replaces` turns a removal into a replacement; a source
//! naming its previous edition gets `check`'s warnings; and `--out` writes
//! the changes as a document (PDF, Word, web page) that lists the same ids
//! and passes the checks the harvest's reports pass.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::common::{
    TempDir, docx_text, pdftotext, python_json, replace_once, require_python_module, root, run, run_in, temp_project, tool_stdout,
};
use serde_json::Value;

const L2_01: &str = "Documentation and sharing of information regarding concerns.";
const L2_01_V2: &str = "Recording, and sharing with the right people, information about concerns.";
const L3_03: &str = "text = \"Working with complexity.\"";
const L3_03_V2: &str = "text = \"Working with complexity and uncertainty.\"";
const L2_07: &str = "Hearing the child's voice, and recording it in every concern raised.";
const L2_08: &str = "Knowing the local threshold document and how to use it.";

pub fn london() -> String {
    std::fs::read_to_string(root().join("sources/london-safeguarding.toml")).unwrap()
}

/// The line of statement `id` in `text`.
fn statement_line(text: &str, id: &str) -> String {
    text.lines().find(|l| l.contains(&format!("id = \"{id}\""))).unwrap().to_string()
}

/// London 2.0: l2-01 and l3-03 reworded, l2-06 removed (and from the
/// training options that closed it), l2-07 and l2-08 added at level 2;
/// `l2_07_extra` is added to l2-07's table (e.g. a `replaces`). The CASE
/// tests (`interop`) export it too.
pub fn revised(l2_07_extra: &str) -> String {
    let mut v2 = replace_once(&london(), "version = \"1.0\"", "version = \"2.0\"");
    v2 = replace_once(&v2, L2_01, L2_01_V2);
    v2 = replace_once(&v2, L3_03, L3_03_V2);
    let added = format!(
        "  {{ id = \"l2-07\", level = \"2\", kind = \"skill\", text = \"{L2_07}\"{l2_07_extra} }},\n  {{ id = \"l2-08\", level = \"2\", kind = \"knowledge\", text = \"{L2_08}\" }},"
    );
    v2 = replace_once(&v2, &statement_line(&v2, "l2-06"), &added).replace(", \"l2-06\"", "");
    assert!(!v2.contains("id = \"l2-06\"") && !v2.contains(", \"l2-06\""));
    v2
}

/// A project holding `v1.toml` and `v2.toml`.
fn project(test: &str, v2: &str) -> TempDir {
    temp_project(test, &[("v1.toml", &london()), ("v2.toml", v2)])
}

fn diff_json(dir: &Path, old: &str, new: &str) -> Value {
    let r = run_in(dir, ["diff", old, new, "--format", "json"]);
    r.assert_code(0);
    serde_json::from_str(&r.stdout).unwrap()
}

/// The `(kind, id)` of every statement change.
fn statement_changes(json: &Value) -> BTreeSet<(String, String)> {
    let changes = json["changes"].as_array().unwrap();
    changes
        .iter()
        .filter(|c| c["item"] == "statement")
        .map(|c| (c["kind"].as_str().unwrap().into(), c["id"].as_str().unwrap().into()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    list.iter().map(|(k, i)| (k.to_string(), i.to_string())).collect()
}

/// The terminal output's groups: each heading and the ids listed under it.
fn groups(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        if let Some(heading) = line.strip_suffix("):").and_then(|l| l.rsplit_once(" (")).map(|(h, _)| h) {
            out.push((heading.to_string(), Vec::new()));
        } else if let Some(entry) = line.strip_prefix("  ").filter(|l| !l.starts_with(' ')) {
            let id = entry.split(" · ").next().unwrap().to_string();
            out.last_mut().expect("an entry under a heading").1.push(id);
        }
    }
    out
}

#[test]
fn the_revised_sample_lists_exactly_the_ids_changed_on_the_terminal_and_in_json() {
    let dir = project("diff-london", &revised(""));
    let json = diff_json(&dir.path, "sources/v1.toml", "sources/v2.toml");
    assert_eq!(json["framework"], "london-safeguarding");
    assert_eq!((json["old_version"].as_str(), json["new_version"].as_str()), (Some("1.0"), Some("2.0")));
    let expected = pairs(&[("reworded", "l2-01"), ("reworded", "l3-03"), ("removed", "l2-06"), ("added", "l2-07"), ("added", "l2-08")]);
    assert_eq!(statement_changes(&json), expected);

    let changes = json["changes"].as_array().unwrap();
    let of = |id: &str| changes.iter().find(|c| c["item"] == "statement" && c["id"] == id).unwrap();
    // The words that changed, which read back as each wording.
    let words = of("l2-01")["words"].as_array().unwrap();
    let read =
        |without: &str| words.iter().filter(|w| w["kind"] != without).map(|w| w["text"].as_str().unwrap()).collect::<Vec<_>>().join(" ");
    assert_eq!((read("inserted"), read("removed")), (L2_01.to_string(), L2_01_V2.to_string()));
    assert!(words.contains(&serde_json::json!({"kind": "removed", "text": "Documentation"})), "{words:?}");
    assert_eq!(
        of("l3-03")["words"],
        serde_json::json!([{"kind": "kept", "text": "Working with"}, {"kind": "removed", "text": "complexity."}, {"kind": "inserted", "text": "complexity and uncertainty."}])
    );
    for (id, level) in [("l2-01", "2"), ("l3-03", "3"), ("l2-06", "2"), ("l2-07", "2"), ("l2-08", "2")] {
        assert_eq!(of(id)["affects_assessment"], true, "{id}");
        assert_eq!(of(id)["levels"], serde_json::json!([level]), "{id}");
    }
    assert_eq!(
        of("l2-06")["before"].as_str().unwrap(),
        statement_line(&london(), "l2-06").split("text = \"").nth(1).unwrap().trim_end_matches("\" },")
    );
    // The training options that closed l2-06 changed too; nothing else did.
    let others: BTreeSet<(String, String, String)> = changes
        .iter()
        .filter(|c| c["item"] != "statement")
        .map(|c| (c["item"].as_str().unwrap().into(), c["id"].as_str().unwrap().into(), c["field"].as_str().unwrap_or("").into()))
        .collect();
    let training = |id: &str| ("training".to_string(), id.to_string(), "statements".to_string());
    assert_eq!(others, BTreeSet::from([training("l2-3-multi-agency"), training("shadow-designated-lead")]));

    let r = run_in(&dir.path, ["diff", "sources/v1.toml", "sources/v2.toml"]);
    r.assert_code(0);
    assert!(r.stdout.starts_with("london-safeguarding: 1.0 → 2.0: 7 changes, 5 affecting the self-assessment\n"), "{}", r.stdout);
    let listed = groups(&r.stdout);
    let ids = |heading: &str| listed.iter().find(|(h, _)| h == heading).map(|(_, ids)| ids.clone()).unwrap_or_default();
    assert_eq!(ids("Statements added"), ["l2-07", "l2-08"]);
    assert_eq!(ids("Statements removed"), ["l2-06"]);
    assert_eq!(ids("Statements reworded"), ["l2-01", "l3-03"]);
    assert_eq!(ids("Training options changed"), ["l2-3-multi-agency", "shadow-designated-lead"]);
    assert_eq!(listed.len(), 4, "{}", r.stdout);
    assert!(r.stdout.contains("[-Documentation-] {+Recording,+} and sharing"), "{}", r.stdout);
    assert!(r.stdout.contains("  l2-01 · level 2 · affects the self-assessment\n"), "{}", r.stdout);

    // The same edition twice: nothing changed.
    let same = run_in(&dir.path, ["diff", "sources/v1.toml", "sources/v1.toml"]);
    same.assert_code(0);
    assert_eq!(same.stdout, "london-safeguarding: 1.0 → 1.0: no changes\n");
}

#[test]
fn the_json_is_what_the_committed_schema_describes() {
    let r = run(["schema", "diff"]);
    r.assert_code(0);
    let committed = std::fs::read_to_string(root().join("docs/diff.schema.json")).unwrap();
    assert!(r.stdout == committed, "docs/diff.schema.json is stale: regenerate it with `framewright schema diff > docs/diff.schema.json`");
    let dir = project("diff-schema", &revised(", replaces = [\"l2-06\"]"));
    let out = run_in(&dir.path, ["diff", "sources/v1.toml", "sources/v2.toml", "--format", "json"]);
    out.assert_code(0);
    dir.write("changes.json", &out.stdout);
    let checker = root().join("tests/clients/json_schema_check.py");
    let report =
        python_json([checker.as_os_str(), root().join("docs/diff.schema.json").as_os_str(), dir.path.join("changes.json").as_os_str()]);
    assert_eq!(report["errors"], serde_json::json!([]), "{report}");
    assert!(report["checked"].as_u64().unwrap() > 5, "{report}");
    // A schema that cannot fail would say nothing: a change without its kind does not pass.
    let broken = out.stdout.replacen("\"kind\": \"reworded\"", "\"kind\": \"rewritten\"", 1);
    dir.write("broken.json", &broken);
    let report =
        python_json([checker.as_os_str(), root().join("docs/diff.schema.json").as_os_str(), dir.path.join("broken.json").as_os_str()]);
    assert_eq!(report["errors"].as_array().unwrap().len(), 1, "{report}");
}

#[test]
fn a_replaced_statement_is_reported_as_replaced_not_removed() {
    let dir = project("diff-replaces", &revised(", replaces = [\"l2-06\"]"));
    let json = diff_json(&dir.path, "sources/v1.toml", "sources/v2.toml");
    let expected = pairs(&[("reworded", "l2-01"), ("reworded", "l3-03"), ("replaced", "l2-06"), ("added", "l2-07"), ("added", "l2-08")]);
    assert_eq!(statement_changes(&json), expected);
    let changes = json["changes"].as_array().unwrap();
    let replaced = changes.iter().find(|c| c["id"] == "l2-06").unwrap();
    assert_eq!(replaced["replaced_by"], serde_json::json!(["l2-07"]));
    let added = changes.iter().find(|c| c["id"] == "l2-07").unwrap();
    assert_eq!(added["replaces"], serde_json::json!(["l2-06"]));
    let r = run_in(&dir.path, ["diff", "sources/v1.toml", "sources/v2.toml"]);
    assert!(
        r.stdout
            .contains("Statements replaced (1):\n  l2-06 · level 2 · affects the self-assessment\n      replaced by l2-07: Working with"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("Statements removed"), "{}", r.stdout);
}

#[test]
fn a_statement_cannot_replace_one_the_edition_still_has() {
    let v2 = revised(", replaces = [\"l2-05\"]");
    let dir = temp_project("diff-replaces-kept", &[("v2.toml", &v2)]);
    let r = run_in(&dir.path, ["check", "sources/v2.toml"]);
    r.assert_code(1);
    assert!(r.stderr.contains("error: statement `l2-07` replaces `l2-05`, which this edition still has"), "{}", r.stderr);
    assert!(r.stderr.contains("still defined here"), "{}", r.stderr);
}

#[test]
fn the_old_edition_can_be_a_git_revision() {
    let dir = temp_project("diff-git", &[("london.toml", &london())]);
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .current_dir(&dir.path)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "sources/london.toml"]);
    git(&["commit", "-q", "-m", "1.0"]);
    dir.write("sources/london.toml", revised(""));
    let from_git = diff_json(&dir.path, "HEAD:sources/london.toml", "sources/london.toml");
    dir.write("sources/v1.toml", london());
    let from_file = diff_json(&dir.path, "sources/v1.toml", "sources/london.toml");
    assert_eq!(from_git, from_file);
    assert_eq!(statement_changes(&from_git).len(), 5);

    let r = run_in(&dir.path, ["diff", "HEAD~3:sources/london.toml", "sources/london.toml"]);
    r.assert_code(2);
    assert!(r.stderr.starts_with("error: HEAD~3:sources/london.toml: git cannot show it ("), "{}", r.stderr);
    // A revision's mistakes are shown as the revision's, with line and column.
    dir.write("sources/london.toml", london().replacen("version = \"1.0\"", "version = 1", 1));
    git(&["add", "sources/london.toml"]);
    git(&["commit", "-q", "-m", "broken"]);
    let r = run_in(&dir.path, ["diff", "HEAD:sources/london.toml", "sources/v1.toml"]);
    r.assert_code(1);
    assert!(r.stderr.contains("HEAD:sources/london.toml:"), "{}", r.stderr);
    assert!(r.stderr.contains("error: HEAD:sources/london.toml has 1 error"), "{}", r.stderr);
}

#[test]
fn bad_editions_are_reported_with_file_and_place() {
    let broken = london().replacen("level = \"2\", kind = \"skill\"", "level = \"9\", kind = \"skill\"", 1);
    let dir = project("diff-bad", &broken);
    let r = run_in(&dir.path, ["diff", "sources/v1.toml", "sources/v2.toml"]);
    r.assert_code(1);
    assert!(r.stderr.contains("unknown level `9`"), "{}", r.stderr);
    assert!(r.stderr.contains("sources/v2.toml:"), "{}", r.stderr);
    let r = run_in(&dir.path, ["diff", "sources/v1.toml", "sources/missing.toml"]);
    r.assert_code(2);
    assert!(r.stderr.contains("sources/missing.toml: no such file"), "{}", r.stderr);
    let other = london().replacen("id = \"london-safeguarding\"", "id = \"another\"", 1);
    dir.write("sources/other.toml", &other);
    let r = run_in(&dir.path, ["diff", "sources/v1.toml", "sources/other.toml"]);
    r.assert_code(2);
    assert!(r.stderr.contains("two frameworks (`london-safeguarding` and `another`)"), "{}", r.stderr);
}

/// London 2.0 naming 1.0 as its previous edition, kept beside it.
fn with_previous(test: &str, v2: &str) -> TempDir {
    let v2 = replace_once(v2, "version = \"", "previous = \"editions/london-1.0.toml\"\nversion = \"");
    let dir = temp_project(test, &[("london.toml", &v2)]);
    dir.write("sources/editions/london-1.0.toml", london());
    dir
}

#[test]
fn check_warns_about_a_statement_gone_without_a_replacement() {
    let dir = with_previous("diff-previous", &revised(""));
    let r = run_in(&dir.path, ["check", "sources/london.toml"]);
    r.assert_code(0);
    assert!(r.stderr.contains("warning: statement `l2-06` of version 1.0 is gone without a replacement"), "{}", r.stderr);
    assert!(r.stderr.contains("add `replaces = [\"l2-06\"]`"), "{}", r.stderr);
    assert_eq!(r.stderr.matches("warning:").count(), 1, "{}", r.stderr);

    let dir = with_previous("diff-previous-replaced", &revised(", replaces = [\"l2-06\"]"));
    let r = run_in(&dir.path, ["check", "sources/london.toml"]);
    r.assert_code(0);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
}

#[test]
fn check_warns_about_a_rewrite_under_the_same_version_but_not_a_rewording() {
    let same_version = |text: &str| revised("").replacen("version = \"2.0\"", "version = \"1.0\"", 1).replacen(L3_03_V2, text, 1);
    // "Working with complexity." → "… and uncertainty.": a rewording.
    let dir = with_previous("diff-reworded", &same_version(L3_03_V2));
    let r = run_in(&dir.path, ["check", "sources/london.toml"]);
    r.assert_code(0);
    assert!(!r.stderr.contains("statement `l3-03` is rewritten"), "{}", r.stderr);
    // l2-01 keeps 4 of its 7 words among 10 new ones, under half of the
    // words of both (see REWORDING_LIMIT), and l3-03 written anew none.
    let dir = with_previous("diff-rewritten", &same_version("text = \"Leading multi-agency strategy meetings.\""));
    let r = run_in(&dir.path, ["check", "sources/london.toml"]);
    r.assert_code(0);
    for id in ["l2-01", "l3-03"] {
        assert!(r.stderr.contains(&format!("warning: statement `{id}` is rewritten, but the version is still 1.0")), "{id}: {}", r.stderr);
    }
    assert!(r.stderr.contains("Leading multi-agency strategy meetings."), "the warning points at the text: {}", r.stderr);
    assert!(r.stderr.contains("0 % of the words of version 1.0 kept"), "{}", r.stderr);
}

#[test]
fn a_reference_to_a_statement_gone_says_so_and_suggests_no_neighbour() {
    // The officer removed l2-06 but left it in a training option.
    let v2 = revised("").replacen("statements = [\"l2-01\", \"l2-02\"", "statements = [\"l2-06\", \"l2-01\", \"l2-02\"", 1);
    let dir = with_previous("diff-gone-reference", &v2);
    let r = run_in(&dir.path, ["check", "sources/london.toml"]);
    r.assert_code(1);
    assert!(r.stderr.contains("error: statement `l2-06` is gone from this edition"), "{}", r.stderr);
    assert!(r.stderr.contains("a statement of version 1.0 only"), "{}", r.stderr);
    assert!(!r.stderr.contains("did you mean"), "{}", r.stderr);
    let dir = with_previous(
        "diff-gone-replaced",
        &v2.replacen(&format!("text = \"{L2_07}\""), &format!("text = \"{L2_07}\", replaces = [\"l2-06\"]"), 1),
    );
    let r = run_in(&dir.path, ["check", "sources/london.toml"]);
    r.assert_code(1);
    assert!(r.stderr.contains("refer to what replaces it: `l2-07`"), "{}", r.stderr);
}

/// The `(label, id)` of every change a document's text lists: each change
/// starts with its item's name and id ("Statement l2-01:", "Training option
/// l2-3-multi-agency:"), as `[changes]` words it.
fn listed_changes(text: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for label in ["Statement", "Training option", "Rating", "Level", "Role", "Age band", "Refresher rule"] {
        for (at, _) in text.match_indices(&format!("{label} ")) {
            let rest = &text[at + label.len() + 1..];
            let id = rest.split_whitespace().next().unwrap_or_default();
            // A label at the start of a line or of the text, its id ending in ':'.
            let starts = at == 0 || text[..at].ends_with('\n');
            if let Some(id) = id.strip_suffix(':').filter(|_| starts) {
                out.insert((label.to_string(), id.to_string()));
            }
        }
    }
    out
}

/// The `(label, id)` of the changes in `diff --format json`.
fn json_changes(json: &Value) -> BTreeSet<(String, String)> {
    let label = |item: &str| match item {
        "statement" => "Statement",
        "training" => "Training option",
        other => panic!("the revised sample has no {other} change"),
    };
    let changes = json["changes"].as_array().unwrap();
    changes.iter().map(|c| (label(c["item"].as_str().unwrap()).to_string(), c["id"].as_str().unwrap().to_string())).collect()
}

/// `diff --out` from the CLI: the changes document as a PDF, a Word
/// document and a web page, each listing exactly the changes `diff` finds
/// (and the reworded words marked); the PDF passes PDF/UA-1 (page-validation),
/// the Word document openxml-audit and the WML schema, the web page axe-core
/// in Chromium and the Nu HTML Checker; a second run writes the same bytes;
/// another extension is refused, naming the three.
#[test]
fn the_changes_document_lists_exactly_the_changes_in_every_format_and_passes_their_checks() {
    let dir = project("diff-document", &revised(""));
    let expected = json_changes(&diff_json(&dir.path, "sources/v1.toml", "sources/v2.toml"));
    assert_eq!(expected.len(), 7, "{expected:?}");
    let write = |name: &str| {
        let r = run_in(&dir.path, ["diff", "sources/v1.toml", "sources/v2.toml", "--out", name]);
        r.assert_code(0);
        assert_eq!(r.stdout, format!("wrote {name}: 7 changes\n"));
        std::fs::read(dir.path.join(name)).unwrap()
    };
    let files = ["changes.pdf", "changes.docx", "changes.html"];
    let first: Vec<Vec<u8>> = files.iter().map(|f| write(f)).collect();
    for (name, bytes) in files.iter().zip(&first) {
        assert!(write(name) == *bytes, "a second run wrote a different {name}");
    }
    let path = |name: &str| dir.path.join(name);

    // What each lists: exactly the changes, the title, a reworded statement's wordings.
    let pdf = pdftotext(&path("changes.pdf"));
    let word = docx_text(&path("changes.docx"));
    let html = String::from_utf8(first[2].clone()).unwrap();
    // The page's text: what its elements hold, each tag a line break.
    let page = html.split('<').map(|piece| piece.split_once('>').map_or(piece, |(_, text)| text)).collect::<Vec<_>>().join("\n");
    for (name, text) in [("changes.pdf", &pdf), ("changes.docx", &word), ("changes.html", &page)] {
        assert_eq!(listed_changes(text), expected, "{name}:\n{text}");
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("What changed: London Competency Framework 1.0 to 2.0"), "{name}: no title:\n{text}");
        assert!(flat.contains("For Level 2. This changes the self-assessment."), "{name}:\n{text}");
    }
    let flat_pdf = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat_pdf.contains(&format!("Was: {L2_01}")) && flat_pdf.contains(&format!("Now: {L2_01_V2}")), "{pdf}");
    assert!(
        html.contains("<em>Was:</em> <del>Documentation</del> and sharing <del>of</del> information <del>regarding</del> concerns.")
            && html.contains("<em>Now:</em> <ins>Recording,</ins> and sharing"),
        "changes.html does not mark the words that changed"
    );
    // Word: the words gone struck through, the words new underlined.
    let marks = python_json([
        "-c",
        "import json, sys, docx\nd = docx.Document(sys.argv[1])\n\
         runs = [r for p in d.paragraphs for r in p.runs]\n\
         print(json.dumps({'struck': [r.text for r in runs if r.font.strike], 'underlined': [r.text for r in runs if r.font.underline]}))",
        path("changes.docx").to_str().unwrap(),
    ]);
    assert_eq!(marks["struck"], serde_json::json!(["Documentation", "of", "regarding", "complexity."]), "{marks}");
    assert_eq!(
        marks["underlined"],
        serde_json::json!(["Recording,", "with the right people,", "about", "complexity and uncertainty."]),
        "{marks}"
    );

    // PDF/UA-1 and PDF/A-2a, as the packs and the harvest's reports.
    for (file, problems) in crate::conformance::validate(&[path("changes.pdf")]) {
        assert!(problems.is_empty(), "{}: {problems:#?}", file.display());
    }
    // Word: openxml-audit and the WML schema, as the harvest's report.
    require_python_module("openxml_audit", "openxml-audit");
    for format in ["office2019", "office2007"] {
        let audit = tool_stdout("openxml-audit", ["-o", "json", "-m", "0", "-f", format, path("changes.docx").to_str().unwrap()]);
        let audit: Value = serde_json::from_str(&audit).unwrap();
        assert_eq!((&audit[0]["errors"], &audit[0]["valid"]), (&serde_json::json!([]), &serde_json::json!(true)), "{format}: {audit:#}");
    }
    let schema = python_json([root().join("tests/clients/ooxml_schema.py").to_str().unwrap(), path("changes.docx").to_str().unwrap()]);
    assert_eq!(schema["errors"], serde_json::json!({}), "xmllint --schema wml.xsd: {schema:#}");
    // The web page: valid HTML, and axe-core in Chromium finds nothing.
    crate::html::assert_valid_html(&[path("changes.html")]);
    let seen = crate::html::browser(&[serde_json::json!({ "path": path("changes.html"), "kind": "report" })]);
    let r = &seen[&path("changes.html")];
    crate::html::assert_clean(r, "changes.html");
    assert_eq!(r["lang"], "en");

    // Another extension: a usage error naming the three, and no file.
    let r = run_in(&dir.path, ["diff", "sources/v1.toml", "sources/v2.toml", "--out", "changes.txt"]);
    r.assert_code(2);
    assert!(
        r.stderr.contains("--out changes.txt") && r.stderr.contains(".pdf") && r.stderr.contains(".docx") && r.stderr.contains(".html"),
        "{}",
        r.stderr
    );
    assert!(!path("changes.txt").exists());
}
