//! Editions made visible (issue 23), from the CLI: the London sample's
//! level-2 packs go out at version 1.0, the source moves to 2.0 (one
//! statement reworded, one only re-wrapped, one removed, one added), and
//! returns on both editions are harvested against 2.0 with 1.0's source
//! beside it. analysis.json then says how many returns are on 1.0, which
//! answers were given to the earlier wording, who still has to rate the
//! new statement and who answered the removed one; responses.csv flags
//! each answer given to an earlier wording.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{TempDir, collapse, docx_text, pdftotext, replace_once, responses_csv, root, run_in, temp_project};
use serde_json::{Value, json};

const V1_L2_01: &str = "Documentation and sharing of information regarding concerns.";
const V2_L2_01: &str = "Recording, and sharing with the right people, information about concerns.";
const L2_06: &str = "Working with children and family members, including addressing lack of co-operation and superficial compliance within the context of role.";
const L2_07: &str = "Hearing the child's voice, and recording it in every concern raised.";

/// The London sample as 1.0 and 2.0: in 2.0 l2-01 is reworded, l2-02
/// re-wrapped (the same words), l2-06 removed (and from the training
/// options that closed it) and l2-07 added.
fn editions() -> (String, String) {
    let v1 = std::fs::read_to_string(root().join("sources/london-safeguarding.toml")).unwrap();
    let mut v2 = replace_once(&v1, "version = \"1.0\"", "version = \"2.0\"");
    v2 = replace_once(&v2, V1_L2_01, V2_L2_01);
    v2 = replace_once(&v2, "Using the Framework for the Assessment", "Using the  Framework\\n for the Assessment");
    let removed = v2.lines().find(|l| l.contains("id = \"l2-06\"")).unwrap().to_string();
    let added = format!("  {{ id = \"l2-07\", level = \"2\", kind = \"skill\", text = \"{L2_07}\" }},");
    v2 = replace_once(&v2, &removed, &added).replace(", \"l2-06\"", "");
    assert!(!v2.contains("l2-06"));
    (v1, v2)
}

/// A return on `version`: the ratings given by statement, and the sign-off.
fn answers(ratings: &[(&str, &str)], name: &str, date: &str) -> BTreeMap<String, String> {
    let mut values: BTreeMap<String, String> = ratings.iter().map(|(id, r)| (format!("{id}.rating"), r.to_string())).collect();
    values.insert("l2-01.evidence".into(), format!("Evidence of {name}"));
    values.insert("signoff.name".into(), name.into());
    values.insert("signoff.role".into(), "Group 2".into());
    values.insert("signoff.setting".into(), "Ysgol Gymraeg Llundain".into());
    values.insert("signoff.date".into(), date.into());
    values
}

/// The answers file of the HTML edition, as its "Download my answers" saves it.
fn answers_file(dir: &Path, name: &str, version: &str, values: &BTreeMap<String, String>) {
    let file = json!({
        "framewright": {"framework": "london-safeguarding", "version": version, "pack": "level-2"},
        "answers": values,
    });
    std::fs::write(dir.join(name), serde_json::to_vec(&file).unwrap()).unwrap();
}

/// Fills the PDF pack `src` into `dst` with pypdf (tests/clients/harvest_fill.py).
fn fill_with_pypdf(src: &Path, dst: &Path, values: &BTreeMap<String, String>) {
    let values_path = dst.with_extension("values.json");
    std::fs::write(&values_path, serde_json::to_vec(values).unwrap()).unwrap();
    let filler = root().join("tests/clients/harvest_fill.py");
    let out = std::process::Command::new("python3")
        .args([filler.as_path(), Path::new("pypdf"), src, dst, &values_path])
        .output()
        .expect("python3 runs (.ci/run installs it)");
    assert!(out.status.success(), "pypdf could not fill the pack: {}", String::from_utf8_lossy(&out.stderr));
    std::fs::remove_file(values_path).unwrap();
}

fn json_file(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

/// The people of a list of the `editions` object (answers, to_rate).
fn people(list: &Value) -> Vec<&str> {
    list.as_array().unwrap().iter().map(|p| p["person"].as_str().unwrap()).collect()
}

#[test]
fn a_mixed_edition_harvest_says_what_is_old_and_who_must_rate_what() {
    let (v1, v2) = editions();
    let project = temp_project("editions-mixed", &[("v1.toml", &v1), ("v2.toml", &v2)]);
    let dir = &project.path;
    run_in(dir, ["build", "sources/v1.toml", "--level", "2", "--format", "pdf", "--out", "v1-packs"]).assert_code(0);
    let returns = dir.join("returns");
    std::fs::create_dir_all(&returns).unwrap();
    let old = [("l2-01", "1"), ("l2-02", "4"), ("l2-03", "3"), ("l2-04", "3"), ("l2-05", "2"), ("l2-06", "2")];
    let new = [("l2-01", "4"), ("l2-02", "3"), ("l2-03", "3"), ("l2-04", "3"), ("l2-05", "4"), ("l2-07", "1")];
    // Two people on the 1.0 pack: one in a PDF filled by pypdf, one in the HTML edition.
    fill_with_pypdf(
        &dir.join("v1-packs/london-safeguarding-level-2.pdf"),
        &returns.join("ann.pdf"),
        &answers(&old, "Ann Ashby", "2025-02-01"),
    );
    answers_file(&returns, "bo.json", "1.0", &answers(&[("l2-01", "3"), ("l2-06", "1")], "Bo Bryn", "2025-02-03"));
    // One on 2.0, and one who filled both: the 2.0 form counts, the 1.0 one is superseded.
    answers_file(&returns, "cy.json", "2.0", &answers(&new, "Cy Cole", "2025-09-01"));
    answers_file(&returns, "dee-1.json", "1.0", &answers(&old, "Dee Dunn", "2025-02-02"));
    answers_file(&returns, "dee-2.json", "2.0", &answers(&new, "Dee Dunn", "2025-09-02"));

    // 1.0's source first: the current edition is the highest version, not the first given.
    let r = run_in(dir, ["harvest", "returns", "--source", "sources/v1.toml", "sources/v2.toml", "--out", "out"]);
    r.assert_code(0);
    let analysis = json_file(&dir.join("out/analysis.json"));
    let frameworks = analysis["frameworks"].as_array().unwrap();
    assert_eq!(frameworks.len(), 1);
    assert_eq!(frameworks[0]["version"], "2.0");
    let editions = &frameworks[0]["editions"];
    assert_eq!(editions["current"], "2.0");
    assert_eq!(
        editions["returns"],
        json!([{"version": "2.0", "people": 2, "source_given": true}, {"version": "1.0", "people": 2, "source_given": true}])
    );
    assert_eq!(editions["older"], 2);
    // Reworded: l2-01 only (l2-02 was only re-wrapped), with both
    // wordings and the answers given to the earlier one, as rated.
    let reworded = editions["reworded"].as_array().unwrap();
    assert_eq!(reworded.len(), 1, "{editions:#}");
    let l2_01 = &reworded[0];
    assert_eq!(
        (&l2_01["statement"], &l2_01["version"], &l2_01["earlier"], &l2_01["current"]),
        (&json!("l2-01"), &json!("1.0"), &json!(V1_L2_01), &json!(V2_L2_01))
    );
    let ratings: Vec<(&str, &str, bool)> = l2_01["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["person"].as_str().unwrap(), a["rating"].as_str().unwrap(), a["met"].as_bool().unwrap()))
        .collect();
    assert_eq!(ratings, [("Ann Ashby", "1", false), ("Bo Bryn", "3", true)]);
    // New in 2.0: the two people counted on 1.0 still have to rate it
    // (Dee's 2.0 form counts, and rated it).
    let added = editions["added"].as_array().unwrap();
    assert_eq!(added.len(), 1, "{editions:#}");
    assert_eq!((&added[0]["statement"], &added[0]["text"], &added[0]["version"]), (&json!("l2-07"), &json!(L2_07), &json!("1.0")));
    assert_eq!(people(&added[0]["to_rate"]), ["Ann Ashby", "Bo Bryn"]);
    // Removed in 2.0: who answered it on 1.0.
    let removed = editions["removed"].as_array().unwrap();
    assert_eq!(removed.len(), 1, "{editions:#}");
    assert_eq!((&removed[0]["statement"], &removed[0]["text"]), (&json!("l2-06"), &json!(L2_06)));
    assert_eq!(people(&removed[0]["answers"]), ["Ann Ashby", "Bo Bryn"]);

    // The report says so, in the PDF and in Word alike: how many returns
    // are old, the answers to check, who still has to rate what.
    let pdf = collapse(&pdftotext(&dir.join("out/report.pdf")));
    let word = collapse(&docx_text(&dir.join("out/report.docx")));
    for (name, text) in [("report.pdf", &pdf), ("report.docx", &word)] {
        for said in [
            "2 of 4 returns are on an older edition than 2.0 (2.0: 2; 1.0: 2).",
            "Answers given to a reworded statement",
            "Ann Ashby (1); Bo Bryn (3)",
            "Still to rate: statements new in 2.0",
            "Statements removed since",
            "earlier wording",
        ] {
            assert!(text.contains(said), "{name} does not say {said:?}");
        }
    }

    // responses.csv: the flag is the last column, and says which answers
    // were given to an earlier wording.
    let (header, rows) = responses_csv(&dir.join("out/responses.csv"));
    assert_eq!(header.last().map(String::as_str), Some("job_title"));
    assert_eq!(&header[header.len() - 2], "reworded");
    assert_eq!(&header[header.len() - 3], "signed_off", "the columns before them are as they were");
    let flag = |person: &str, id: &str| {
        let row = &rows[&(person.to_string(), id.to_string())];
        (row["status"].as_str().to_string(), row["reworded"].as_str().to_string())
    };
    let pair = |status: &str, reworded: &str| (status.to_string(), reworded.to_string());
    assert_eq!(flag("Ann Ashby", "l2-01"), pair("current", "yes"));
    assert_eq!(flag("Bo Bryn", "l2-01"), pair("current", "yes"));
    assert_eq!(flag("Ann Ashby", "l2-02"), pair("current", "no"), "re-wrapped is not reworded");
    assert_eq!(flag("Ann Ashby", "l2-07"), pair("not_in_form", ""));
    assert_eq!(flag("Ann Ashby", "l2-06"), pair("removed", ""));
    assert_eq!(flag("Cy Cole", "l2-01"), pair("current", "no"));
    assert_eq!(flag("Dee Dunn", "l2-01"), pair("current", "no"), "Dee's 2.0 form is the one in responses.csv");
    let harvest = json_file(&dir.join("out/harvest.json"));
    let reason = |file: &str| {
        let entry = harvest["files"].as_array().unwrap().iter().find(|f| f["file"].as_str().unwrap().ends_with(file));
        (entry.unwrap()["status"].as_str().unwrap().to_string(), entry.unwrap()["reason"].as_str().unwrap().to_string())
    };
    assert_eq!(reason("ann.pdf").0, "older_version");
    assert!(reason("ann.pdf").1.contains("1 statement(s) asked in a wording reworded since: l2-01"), "{}", reason("ann.pdf").1);
    assert_eq!(reason("dee-1.json").0, "superseded");

    // With 2.0's source alone, the returns on 1.0 are still counted and
    // told apart, but what was reworded cannot be known: nothing is
    // flagged either way, and the log says which source to give.
    let r = run_in(dir, ["harvest", "returns", "--source", "sources/v2.toml", "--out", "out-v2"]);
    r.assert_code(0);
    let editions = &json_file(&dir.join("out-v2/analysis.json"))["frameworks"][0]["editions"];
    assert_eq!(
        editions["returns"],
        json!([{"version": "2.0", "people": 2, "source_given": true}, {"version": "1.0", "people": 2, "source_given": false}])
    );
    assert_eq!((&editions["reworded"], &editions["added"], &editions["removed"]), (&json!([]), &json!([]), &json!([])));
    let (_, rows) = responses_csv(&dir.join("out-v2/responses.csv"));
    assert_eq!(rows[&("Ann Ashby".to_string(), "l2-01".to_string())]["reworded"], "");
    assert_eq!(rows[&("Cy Cole".to_string(), "l2-01".to_string())]["reworded"], "no");
    let harvest = json_file(&dir.join("out-v2/harvest.json"));
    let ann = harvest["files"].as_array().unwrap().iter().find(|f| f["file"].as_str().unwrap().ends_with("ann.pdf")).unwrap();
    assert!(ann["reason"].as_str().unwrap().contains("give version 1.0's source with --source too"), "{ann:#}");
}

#[test]
fn two_sources_of_one_edition_are_refused_by_name() {
    let (v1, _) = editions();
    let project = temp_project("editions-same", &[("a.toml", &v1), ("b.toml", &v1)]);
    std::fs::create_dir_all(project.path.join("returns")).unwrap();
    answers_file(&project.path.join("returns"), "ann.json", "1.0", &answers(&[("l2-01", "1")], "Ann Ashby", "2025-02-01"));
    let r = run_in(&project.path, ["harvest", "returns", "--source", "sources/a.toml", "sources/b.toml", "--out", "out"]);
    r.assert_code(2);
    assert!(
        r.stderr.contains("sources/a.toml and sources/b.toml are both version 1.0 of the framework `london-safeguarding`"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_staff_list_is_chased_against_the_current_edition_with_an_older_one_given() {
    let (v1, v2) = editions();
    let project = TempDir::new("editions-staff");
    project.write("sources/v1.toml", &v1);
    project.write("sources/v2.toml", &v2);
    project.write("staff.csv", "name,role\nAnn Ashby,group-2\nEve Evans,group-3\n");
    std::fs::create_dir_all(project.path.join("returns")).unwrap();
    answers_file(&project.path.join("returns"), "ann.json", "1.0", &answers(&[("l2-01", "1")], "Ann Ashby", "2025-02-01"));
    let args = ["harvest", "returns", "--source", "sources/v1.toml", "sources/v2.toml", "--staff", "staff.csv", "--no-reports"];
    let r = run_in(&project.path, args.into_iter().chain(["--out", "out"]));
    r.assert_code(0);
    let chase = &json_file(&project.path.join("out/harvest.json"))["chase"];
    let chased: Vec<(&str, &str)> =
        chase.as_array().unwrap().iter().map(|c| (c["person"].as_str().unwrap(), c["status"].as_str().unwrap())).collect();
    assert_eq!(chased, [("Eve Evans", "not_returned")]);
}

#[test]
fn check_does_not_take_a_removed_statement_for_a_typo_of_its_neighbour() {
    let (_, v2) = editions();
    // 2.0 with a training option still closing the removed l2-06.
    let stale = replace_once(&v2, "statements = [\"l2-03\", \"l3-01\"", "statements = [\"l2-03\", \"l2-06\", \"l3-01\"");
    let project = TempDir::new("editions-check");
    project.write("sources/v2.toml", &stale);
    let r = run_in(&project.path, ["check", "sources/v2.toml"]);
    r.assert_code(1);
    assert!(r.stderr.contains("unknown statement `l2-06`"), "{}", r.stderr);
    assert!(!r.stderr.contains("did you mean"), "l2-05 and l2-07 are other statements, not what l2-06 was misspelt from:\n{}", r.stderr);
    assert!(r.stderr.contains("the statement ids are: l1-01"), "{}", r.stderr);
}
