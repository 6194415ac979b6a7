//! `framewright diff` and editions in the source (issue 26), from the CLI:
//! the London sample revised as a council officer would (version 2.0, two
//! statements reworded keeping their ids, one removed, two added) lists
//! exactly those ids by kind, on the terminal and in JSON (which the
//! committed `docs/diff.schema.json` validates); the old edition can be a
//! git revision; `replaces` turns a removal into a replacement; and a
//! source naming its previous edition gets `check`'s warnings.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::common::{TempDir, python_json, replace_once, root, run, run_in, temp_project};
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
