//! `framewright export case`, `import case` and `import sheet`, driven
//! through the CLI: every sample exports to a package that a JSON Schema
//! validator (jsonschema, Draft 2019-09, formats checked) accepts for CASE
//! 1.1 and 1.0; identifiers are UUID v5 and do not move when text is
//! reworded; export → import → export gives the same package and the same
//! model; real-world oddities import with warnings; bad input fails with
//! its place and writes nothing; the template workbook, filled with
//! openpyxl as a person would, gives back the source's statements; a
//! statement's `replaces` travels as a `replacedBy` association.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/case").join(name)
}

fn python(args: &[&str]) -> (bool, String) {
    let out = Command::new("python3").args(args).output().expect("python3 runs (bash .ci/run installs what the tests need)");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

/// The official 1EdTech CASE 1.1 JSON Schema and real packages and
/// spreadsheets from public repositories, committed with their origins
/// (tests/fixtures/case/real/README.md).
fn real_fixtures() -> PathBuf {
    root().join("tests/fixtures/case/real")
}

/// Validates a package file with jsonschema; panics with the validator's
/// findings. A 1.1 package is validated against the official schema too.
pub(crate) fn assert_valid(version: &str, package: &Path) {
    let checker = root().join("tests/clients/case_check.py");
    let official = real_fixtures().join("case-v1p1-cfpackage.json");
    let mut args = vec![checker.to_str().unwrap(), version, package.to_str().unwrap()];
    if version == "1.1" {
        args.push(official.to_str().unwrap());
    }
    let (ok, output) = python(&args);
    assert!(ok && output.trim_end().ends_with("ok"), "{} is not a valid CASE {version} package:\n{output}", package.display());
}

fn export(dir: &Path, source: &Path, version: &str, out: &str) -> (Run, Value) {
    let r = run_in(dir, ["export", "case", source.to_str().unwrap(), "--case-version", version, "--out", out]);
    r.assert_code(0);
    let json = std::fs::read_to_string(dir.join(out)).expect("the package was written");
    (r, serde_json::from_str(&json).expect("the package is JSON"))
}

fn keys_anywhere(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                found.push(k.clone());
                keys_anywhere(v, found);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| keys_anywhere(v, found)),
        _ => {}
    }
}

fn items_of_type<'a>(package: &'a Value, item_type: &str) -> Vec<&'a Value> {
    package["CFItems"].as_array().unwrap().iter().filter(|i| i["CFItemType"] == item_type).collect()
}

#[test]
fn every_sample_exports_a_valid_case_1_1_and_1_0_package() {
    let dir = TempDir::new("interop-export");
    for source in sample_sources() {
        let model = dump(source.to_str().unwrap());
        let (_, package) = export(&dir.path, &source, "1.1", "v11.json");
        assert_valid("1.1", &dir.path.join("v11.json"));
        assert_eq!(package["CFDocument"]["caseVersion"], "1.1");
        assert_eq!(package["CFDocument"]["title"], model["framework"]["title"]);
        assert_eq!(
            package["CFDocument"]["lastChangeDateTime"],
            format!("{}T00:00:00+00:00", model["framework"]["published"].as_str().unwrap())
        );

        // Every statement is one item, its id the human coding scheme, its text the full statement, in source order.
        let statements = model_statements(&model);
        let exported: Vec<&Value> = package["CFItems"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| ["Competency", "Knowledge", "Skill", "Value"].contains(&i["CFItemType"].as_str().unwrap()))
            .collect();
        assert_eq!(exported.len(), statements.len(), "{}", source.display());
        for (item, statement) in exported.iter().zip(&statements) {
            assert_eq!(item["humanCodingScheme"], statement["id"]);
            assert_eq!(item["fullStatement"], statement["text"]);
        }
        let domains = model["domains"].as_array().unwrap();
        assert_eq!(items_of_type(&package, "Domain").len(), domains.len());
        assert_eq!(items_of_type(&package, "Topic").len(), domains.iter().map(|d| d["topics"].as_array().unwrap().len()).sum::<usize>());

        // One isChildOf per item; sequence numbers 1..n under each parent; every identifier a v5 UUID.
        let associations = package["CFAssociations"].as_array().unwrap();
        assert_eq!(associations.len(), package["CFItems"].as_array().unwrap().len());
        let mut by_parent: std::collections::BTreeMap<String, Vec<i64>> = Default::default();
        for a in associations {
            assert_eq!(a["associationType"], "isChildOf");
            by_parent
                .entry(a["destinationNodeURI"]["identifier"].as_str().unwrap().to_string())
                .or_default()
                .push(a["sequenceNumber"].as_i64().unwrap());
        }
        for (parent, sequence) in by_parent {
            assert_eq!(sequence, (1..=sequence.len() as i64).collect::<Vec<_>>(), "sequence under {parent}");
        }
        for item in package["CFItems"].as_array().unwrap() {
            assert_eq!(&item["identifier"].as_str().unwrap()[14..15], "5", "a v5 UUID: {}", item["identifier"]);
        }
        // The rating scale is the rubric's levels.
        let levels = &package["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"];
        let scale = model["assessment"]["scale"].as_array().unwrap();
        assert_eq!(levels.as_array().unwrap().len(), scale.len());
        for (level, point) in levels.as_array().unwrap().iter().zip(scale) {
            assert_eq!(level["quality"], point["label"]);
            assert_eq!(level["score"], point["value"]);
        }
        // Levels, bands and training travel in the 1.1 extensions.
        let ext = &package["extensions"]["framewright"];
        assert_eq!(ext["levels"].as_array().unwrap().len(), model["levels"].as_array().unwrap().len());
        assert_eq!(ext["training"].as_array().map_or(0, Vec::len), model["training"].as_array().unwrap().len());

        // CASE 1.0: valid, no key CASE 1.1 added, and what was left out is listed.
        let (run10, package10) = export(&dir.path, &source, "1.0", "v10.json");
        assert_valid("1.0", &dir.path.join("v10.json"));
        let mut keys = Vec::new();
        keys_anywhere(&package10, &mut keys);
        for only11 in ["extensions", "caseVersion", "frameworkType", "subject", "subjectURI", "targetType"] {
            assert!(!keys.iter().any(|k| k == only11), "1.0 package of {} has `{only11}`", source.display());
        }
        assert!(run10.stderr.contains("left out: the framework's levels, roles, bands"), "{}", run10.stderr);
        assert!(run10.stderr.contains("left out: statement levels, bands and additional-needs flags"), "{}", run10.stderr);
        assert_eq!(package10["CFItems"].as_array().unwrap().len(), package["CFItems"].as_array().unwrap().len());
    }
}

#[test]
fn export_is_byte_identical_and_identifiers_survive_rewording() {
    let dir = TempDir::new("interop-stable");
    let original = root().join("sources/london-safeguarding.toml");
    let first = run(["export", "case", original.to_str().unwrap()]);
    first.assert_code(0);
    let second = run(["export", "case", original.to_str().unwrap()]);
    assert_eq!(first.stdout, second.stdout, "two exports of one source differ");

    let model = dump(original.to_str().unwrap());
    let statement = model_statements(&model)[3].clone();
    let old_text = statement["text"].as_str().unwrap();
    let source = std::fs::read_to_string(&original).unwrap();
    let reworded = replace_once(&source, old_text, "Reworded: knows what to do and who to tell.");
    let reworded_path = dir.write("reworded.toml", reworded);
    let after = run(["export", "case", reworded_path.to_str().unwrap()]);
    after.assert_code(0);
    let before: Value = serde_json::from_str(&first.stdout).unwrap();
    let after: Value = serde_json::from_str(&after.stdout).unwrap();
    let ids =
        |p: &Value| p["CFItems"].as_array().unwrap().iter().map(|i| i["identifier"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    let assoc_ids = |p: &Value| {
        p["CFAssociations"].as_array().unwrap().iter().map(|i| i["identifier"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&before), ids(&after), "rewording a statement changed identifiers");
    assert_eq!(assoc_ids(&before), assoc_ids(&after));
    assert_eq!(before["CFDocument"]["identifier"], after["CFDocument"]["identifier"]);
    let item = |p: &Value| {
        p["CFItems"].as_array().unwrap().iter().find(|i| i["humanCodingScheme"] == statement["id"]).unwrap()["fullStatement"].clone()
    };
    assert_eq!(item(&before), statement["text"]);
    assert_eq!(item(&after), "Reworded: knows what to do and who to tell.");
}

/// The model without what an import adds (CASE identifiers kept as `case_id`).
fn without_case_ids(mut value: Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("case_id");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut value);
    value
}

#[test]
fn export_import_export_is_lossless_for_every_sample() {
    let dir = TempDir::new("interop-round-trip");
    std::fs::create_dir_all(dir.path.join("sources")).unwrap();
    for source in sample_sources() {
        let name = source.file_stem().unwrap().to_str().unwrap();
        let (_, first) = export(&dir.path, &source, "1.1", "first.json");
        let imported = format!("sources/{name}.toml");
        let r = run_in(&dir.path, ["import", "case", "first.json", "--out", &imported, "--report", "report.txt"]);
        r.assert_code(0);
        assert!(r.stderr.contains("it passes `framewright check`"), "{}", r.stderr);
        run_in(&dir.path, ["check", &imported]).assert_code(0);
        let text = std::fs::read_to_string(dir.path.join(&imported)).unwrap();
        assert!(text.starts_with("# Imported by framewright"), "the source is commented:\n{}", &text[..200.min(text.len())]);
        // The framework is the same framework...
        let original_model = dump(source.to_str().unwrap());
        let imported_model = dump_in(&dir.path, &imported);
        assert_eq!(without_case_ids(imported_model.clone()), without_case_ids(original_model), "{name}: the model changed");
        // ...with the identifiers kept, so the package comes back byte for byte.
        let (_, second) = export(&dir.path, &dir.path.join(&imported), "1.1", "second.json");
        assert_eq!(first, second, "{name}: export → import → export changed the package");
        let first_bytes = std::fs::read(dir.path.join("first.json")).unwrap();
        assert_eq!(first_bytes, std::fs::read(dir.path.join("second.json")).unwrap());
        assert_eq!(imported_model["framework"]["case_id"], first["CFDocument"]["identifier"]);
    }
}

#[test]
fn a_package_with_real_world_oddities_imports_with_warnings() {
    let dir = TempDir::new("interop-quirks");
    std::fs::create_dir_all(dir.path.join("sources")).unwrap();
    let r = run_in(
        &dir.path,
        ["import", "case", fixture("quirks.json").to_str().unwrap(), "--out", "sources/quirks.toml", "--report", "report.txt"],
    );
    r.assert_code(0);
    let report = std::fs::read_to_string(dir.path.join("report.txt")).unwrap();
    for expected in [
        "CFDocument.version: a number where text was expected",
        "CFDocument.lastChangeDateTime: a date-time without a time-zone offset; read as UTC",
        "CFItems[1].notes: null where text was expected",
        "CFItems[5].fullStatement: text that looks like UTF-8 read as Windows-1252",
        "CFItems[8].conceptKeywords: one text where a list was expected",
        "not kept: associations other than isChildOf",
        "not kept: CFDefinitions CFSubjects",
        "not kept: the document's adoption status",
    ] {
        assert!(report.contains(expected), "the report lacks `{expected}`:\n{report}");
    }
    assert!(r.stderr.contains(&report), "the report is also on stderr");
    let model = dump_in(&dir.path, "sources/quirks.toml");
    assert_eq!(model["framework"]["title"], "Example quirky safeguarding framework");
    assert_eq!(model["framework"]["version"], "2");
    assert_eq!(model["framework"]["published"], "2021-06-01");
    // Order from sequenceNumber, then humanCodingScheme (A.9 before A.10).
    let domains: Vec<&str> = model["domains"].as_array().unwrap().iter().map(|d| d["title"].as_str().unwrap()).collect();
    assert_eq!(domains, ["Safeguarding", "Communication"]);
    let ids: Vec<&str> = model_statements(&model).iter().map(|s| s["id"].as_str().unwrap()).collect();
    // B lists a statement (B.2) after a topic (B.1): the topic becomes a sub-heading so the order stays.
    assert_eq!(ids, ["B-1-1", "B-1-2", "B-1-3-1", "B-2", "A-9", "A-10"]);
    let statements = model_statements(&model);
    assert_eq!(statements[0]["text"], "Recognises signs of neglect’s impact on a child’s development.");
    assert_eq!(statements[0]["kind"], "knowledge");
    assert_eq!(statements[0]["subheading"], "Recognising abuse and neglect");
    assert_eq!(statements[3]["text"], "B.2", "an item without fullStatement keeps its code as text");
    assert_eq!(statements[2]["subheading"], "Recognising abuse and neglect › Online harm");
    assert_eq!(statements[2]["tags"], serde_json::json!(["online", "grooming"]));
    assert!(report.contains("not kept: the topics of 1 domain(s) that list statements after topics"), "{report}");
    // Education levels became levels, typed text kept ("01", not 1).
    let levels: Vec<&str> = model["levels"].as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(levels, ["01", "02", "KG"]);
    assert_eq!(statements[0]["level"], serde_json::json!(["01", "02"]));
    // The rubric's levels, sorted by score, are the scale; the highest counts as met.
    let scale: Vec<(&str, bool)> = model["assessment"]["scale"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["label"].as_str().unwrap(), p["met"].as_bool().unwrap()))
        .collect();
    assert_eq!(scale, [("Beginning", false), ("Developing", false), ("Secure", true)]);
    // Identifiers kept; what has no key kept as comments beside its statement.
    assert_eq!(statements[0]["case_id"], "ea7c162e-776f-5c66-9f54-8bfed4e614f5");
    let text = std::fs::read_to_string(dir.path.join("sources/quirks.toml")).unwrap();
    assert!(text.contains("# CASE association exactMatchOf → LSCP 3.2 (6b1f8d3e-1111-4a2b-9c3d-000000000001)"), "{text}");
    assert!(text.contains("# CASE abbreviated statement: Referral route"));
}

#[test]
fn bad_packages_fail_with_their_place_and_write_nothing() {
    let dir = TempDir::new("interop-bad-case");
    let quirks = std::fs::read_to_string(fixture("quirks.json")).unwrap();
    let package: Value = serde_json::from_str(&quirks).unwrap();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut p = package.clone();
        f(&mut p["CFPackage"]);
        serde_json::to_string_pretty(&p).unwrap()
    };
    let item_id = |p: &Value, i: usize| p["CFItems"][i]["identifier"].clone();
    let cases: Vec<(&str, String, &str)> = vec![
        ("not-json.json", "{\n  \"CFDocument\": {,\n}".into(), "not-json.json:2:18: not JSON"),
        (
            "not-case.json",
            "{\"name\": \"a list of pets\", \"pets\": []}".into(),
            "not a CASE package: no CFDocument object (the top level has name, pets)",
        ),
        ("array.json", "[1, 2]".into(), "not a CASE package: the file holds a list"),
        (
            "cycle.json",
            with(&|p| {
                // B.1 (item 4) becomes a child of B.1.3 (item 7), which is inside B.1.
                let (child, parent) = (item_id(p, 4), item_id(p, 7));
                let a = p["CFAssociations"].as_array_mut().unwrap().iter_mut().find(|a| a["originNodeURI"]["identifier"] == child).unwrap();
                a["destinationNodeURI"]["identifier"] = parent;
            }),
            "isChildOf associations form a cycle",
        ),
        (
            "duplicate.json",
            with(&|p| {
                let first = item_id(p, 1);
                p["CFItems"][2]["identifier"] = first;
            }),
            "CFItems[2]: identifier",
        ),
        (
            "dangling.json",
            with(&|p| {
                p["CFAssociations"][3]["destinationNodeURI"]["identifier"] = "11111111-2222-4333-8444-555555555555".into();
            }),
            "CFAssociations[3]: isChildOf association from CFItems[1] to 11111111-2222-4333-8444-555555555555, which is neither the document nor an item of this package (a dangling association)",
        ),
    ];
    for (name, content, expected) in cases {
        let input = dir.write(name, content);
        let out = dir.path.join(format!("{name}.toml"));
        let r = run_in(&dir.path, ["import", "case", input.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        assert_eq!(r.code, 1, "{name}: {}", r.stderr);
        assert!(r.stderr.contains(expected), "{name}: expected `{expected}` in:\n{}", r.stderr);
        assert!(r.stderr.contains("nothing was written"), "{name}");
        assert!(!out.exists(), "{name}: a file was written");
        let leftovers: Vec<_> =
            std::fs::read_dir(&dir.path).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().ends_with(".tmp")).collect();
        assert!(leftovers.is_empty(), "{name}: temporary files left");
    }
    let cycle = run_in(&dir.path, ["import", "case", "cycle.json"]);
    assert!(cycle.stderr.contains("is a child of"), "the cycle is spelled out: {}", cycle.stderr);
    // A missing file or a folder is a usage error.
    assert_eq!(run_in(&dir.path, ["import", "case", "missing.json"]).code, 2);
    assert_eq!(run_in(&dir.path, ["import", "case", "."]).code, 2);
}

#[test]
fn ten_megabytes_of_items_import_or_fail_clearly() {
    let dir = TempDir::new("interop-huge");
    let doc = "d0000000-0000-4000-8000-000000000000";
    let mut items = Vec::new();
    let mut associations = Vec::new();
    let filler = "Knows and applies the local safeguarding procedures in every setting they work in. ".repeat(6);
    let mut n = 0;
    while items.iter().map(|s: &String| s.len()).sum::<usize>() < 10 * 1024 * 1024 {
        let id = format!("00000000-0000-4000-8000-{n:012}");
        items.push(format!(r#"{{"identifier":"{id}","uri":"urn:uuid:{id}","fullStatement":"{n}: {filler}","humanCodingScheme":"S.{n}","lastChangeDateTime":"2024-01-01T00:00:00Z"}}"#));
        associations.push(format!(
            r#"{{"identifier":"10000000-0000-4000-8000-{n:012}","uri":"urn:x","associationType":"isChildOf","sequenceNumber":{n},"originNodeURI":{{"identifier":"{id}","title":"","uri":"urn:x"}},"destinationNodeURI":{{"identifier":"{doc}","title":"","uri":"urn:x"}},"lastChangeDateTime":"2024-01-01T00:00:00Z"}}"#
        ));
        n += 1;
    }
    let package = format!(
        r#"{{"CFDocument":{{"identifier":"{doc}","uri":"urn:x","creator":"Big","title":"Big framework","lastChangeDateTime":"2024-01-01T00:00:00Z"}},"CFItems":[{}],"CFAssociations":[{}]}}"#,
        items.join(","),
        associations.join(",")
    );
    dir.write("big.json", &package);
    let r = run_in(&dir.path, ["import", "case", "big.json", "--out", "big.toml"]);
    assert_ne!(r.code, 101, "panicked: {}", r.stderr);
    match r.code {
        0 => {
            let model = dump_in(&dir.path, "big.toml");
            assert_eq!(model_statements(&model).len(), n);
        }
        1 => {
            assert!(r.stderr.contains("framewright reads sources up to 16 MiB, so split the framework"), "{}", r.stderr);
            assert!(!dir.path.join("big.toml").exists());
        }
        code => panic!("exit {code}: {}", r.stderr),
    }
}

#[test]
fn opensalt_style_csv_imports_in_order() {
    let dir = TempDir::new("interop-csv");
    let r = run_in(&dir.path, ["import", "sheet", fixture("opensalt-items.csv").to_str().unwrap(), "--out", "items.toml"]);
    r.assert_code(0);
    let model = dump_in(&dir.path, "items.toml");
    let domains: Vec<&str> = model["domains"].as_array().unwrap().iter().map(|d| d["title"].as_str().unwrap()).collect();
    assert_eq!(domains, ["Early help", "Working with families"]);
    let statements: Vec<(&str, &str)> =
        model_statements(&model).iter().map(|s| (s["id"].as_str().unwrap(), s["text"].as_str().unwrap())).collect();
    assert_eq!(
        statements,
        [
            ("EH-1-10", "Completes an early help assessment with the family."),
            ("EH-01", "Knows the local early help offer."),
            ("WF-2", "Shares information safely and lawfully."),
            ("WF-1", "Engages parents and carers as partners."),
        ]
    );
    let levels: Vec<&str> = model["levels"].as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(levels, ["01", "02"], "education levels as typed (01, not 1)");
    assert_eq!(model_statements(&model)[2]["tags"], serde_json::json!(["gdpr", "consent"]));
    assert_eq!(model_statements(&model)[0]["kind"], "skill");

    // A CSV without the statement column says which column to add.
    dir.write("no-statement.csv", "Identifier,Human Coding Scheme\n,A\n");
    let r = run_in(&dir.path, ["import", "sheet", "no-statement.csv"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no-statement.csv:1: no `fullStatement` column"), "{}", r.stderr);
    // A parent that is not there is named with its row; the item goes to the top, as OpenSALT does.
    dir.write("bad-parent.csv", "fullStatement,Human Coding Scheme,Is Child Of\nTop,A,\nChild,A.1,Z\n");
    let r = run_in(&dir.path, ["import", "sheet", "bad-parent.csv", "--out", "bad-parent.toml"]);
    r.assert_code(0);
    assert!(r.stderr.contains("warning: bad-parent.csv:3: \"Is Child Of\" names `Z`, which is no item's human coding scheme or identifier; the item is placed at the top level"), "{}", r.stderr);
    assert_eq!(model_statements(&dump_in(&dir.path, "bad-parent.toml")).len(), 2);
}

#[test]
fn opensalt_style_workbook_imports_with_its_association_sheet() {
    let dir = TempDir::new("interop-opensalt-xlsx");
    let script = r#"
import sys, openpyxl
wb = openpyxl.Workbook()
doc = wb.active; doc.title = "CF Doc"
doc.append(["identifier", "creator", "title", "lastChangeDate", "officialSourceURL", "publisher", "description", "subject", "language", "version"])
doc.append(["9f0b7a8e-1d2c-4e3f-8a9b-0c1d2e3f4a5b", "Example Council", "Sheet framework", "2024-03-01 10:00:00", None, None, None, None, "en", "3"])
items = wb.create_sheet("CF Item")
items.append(["identifier", "fullStatement", "humanCodingScheme", "smartLevel", "listEnumeration", "abbreviatedStatement", "conceptKeywords", "notes", "language", "educationLevel", "CFItemType"])
items.append(["11111111-0000-4000-8000-000000000001", "Communication", "C", "2", None, None, None, None, "en", None, "Domain"])
items.append(["11111111-0000-4000-8000-000000000002", "Safeguarding", "S", "1", None, None, None, None, "en", None, "Domain"])
items.append(["11111111-0000-4000-8000-000000000003", "Listens well.", "C.1", "2.2", None, None, None, None, "en", 1, "Competency"])
items.append(["11111111-0000-4000-8000-000000000004", "Speaks plainly.", "C.2", "2.1", None, None, None, None, "en", "01", "Competency"])
items.append(["11111111-0000-4000-8000-000000000005", "Knows the procedures.", "S.1", "1.1", None, None, None, None, "en", "01", "Competency"])
assoc = wb.create_sheet("CF Association")
assoc.append(["identifier", "originNodeURI", "originNodeIdentifier", "originNodeHumanCodingScheme", "associationType", "destinationNodeURI", "destinationNodeIdentifier", "destinationNodeHumanCodingScheme"])
for child, parent in [("1", "9f0b7a8e-1d2c-4e3f-8a9b-0c1d2e3f4a5b"), ("2", "9f0b7a8e-1d2c-4e3f-8a9b-0c1d2e3f4a5b"), ("3", "11111111-0000-4000-8000-000000000001"), ("4", "11111111-0000-4000-8000-000000000001"), ("5", "11111111-0000-4000-8000-000000000002")]:
    assoc.append([None, None, "11111111-0000-4000-8000-00000000000" + child, None, "Is Child Of", None, parent, None])
assoc.append([None, None, "11111111-0000-4000-8000-000000000005", "S.1", "Is Related To", None, "22222222-0000-4000-8000-000000000009", "X.9"])
wb.save(sys.argv[1])
"#;
    let script_path = dir.write("make.py", script);
    let book = dir.path.join("opensalt.xlsx");
    let (ok, output) = python(&[script_path.to_str().unwrap(), book.to_str().unwrap()]);
    assert!(ok, "{output}");
    let r = run_in(&dir.path, ["import", "sheet", "opensalt.xlsx", "--out", "opensalt.toml"]);
    r.assert_code(0);
    let model = dump_in(&dir.path, "opensalt.toml");
    assert_eq!(model["framework"]["version"], "3");
    assert_eq!(model["framework"]["case_id"], "9f0b7a8e-1d2c-4e3f-8a9b-0c1d2e3f4a5b");
    let statements: Vec<&str> = model_statements(&model).iter().map(|s| s["text"].as_str().unwrap()).collect();
    assert_eq!(statements, ["Knows the procedures.", "Speaks plainly.", "Listens well."], "smart levels give the order");
    assert!(!r.stderr.contains("CFItems[") && !r.stderr.contains("CFAssociations["), "places name sheet rows: {}", r.stderr);
    let text = std::fs::read_to_string(dir.path.join("opensalt.toml")).unwrap();
    assert!(text.contains("# CASE association Is Related To → X.9"), "{text}");
}

#[test]
fn the_template_round_trips_every_samples_statements() {
    let dir = TempDir::new("interop-template");
    let r = run_in(&dir.path, ["import", "sheet", "--template", "template.xlsx"]);
    r.assert_code(0);
    let first = std::fs::read(dir.path.join("template.xlsx")).unwrap();
    run_in(&dir.path, ["import", "sheet", "--template", "again.xlsx"]).assert_code(0);
    assert_eq!(first, std::fs::read(dir.path.join("again.xlsx")).unwrap(), "the template is byte-identical");
    let (ok, sheets) = python(&[
        "-c",
        "import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]); print(wb.sheetnames); ws=wb['Statements']; print([c.value for c in ws[1]]); print([(d.sqref, d.formula1) for d in ws.data_validations.dataValidation if d.type == 'list'])",
        dir.path.join("template.xlsx").to_str().unwrap(),
    ]);
    assert!(ok, "{sheets}");
    assert!(sheets.contains("['Instructions', 'Framework', 'Levels', 'Roles', 'Bands', 'Statements', 'Scale', 'Training']"), "{sheets}");
    assert!(sheets.contains("Levels!$A$2:$A$500") && sheets.contains("Bands!$A$2:$A$500"), "level and band drop-downs: {sheets}");

    let filler = root().join("tests/clients/fill_template.py");
    for source in sample_sources() {
        let name = source.file_stem().unwrap().to_str().unwrap();
        let original = dump(source.to_str().unwrap());
        let dump_path = dir.write(&format!("{name}.json"), serde_json::to_string(&original).unwrap());
        let filled = dir.path.join(format!("{name}.xlsx"));
        let (ok, output) = python(&[
            filler.to_str().unwrap(),
            dir.path.join("template.xlsx").to_str().unwrap(),
            dump_path.to_str().unwrap(),
            filled.to_str().unwrap(),
        ]);
        assert!(ok, "{output}");
        let out = format!("{name}.toml");
        let r = run_in(&dir.path, ["import", "sheet", filled.to_str().unwrap(), "--out", &out]);
        r.assert_code(0);
        let imported = dump_in(&dir.path, &out);
        let fields = ["id", "text", "level", "bands", "kind", "tags", "additional_needs", "subheading"];
        let pick =
            |m: &Value| -> Vec<Vec<Value>> { model_statements(m).iter().map(|s| fields.iter().map(|f| s[*f].clone()).collect()).collect() };
        assert_eq!(pick(&imported), pick(&original), "{name}: the statements differ after the template round trip");
        assert_eq!(imported["framework"]["title"], original["framework"]["title"]);
        assert_eq!(imported["levels"].as_array().unwrap().len(), original["levels"].as_array().unwrap().len());
    }
}

#[test]
fn bad_workbooks_name_sheet_row_and_column() {
    let dir = TempDir::new("interop-bad-sheet");
    dir.write("fake.xlsx", "this is not a workbook");
    let r = run_in(&dir.path, ["import", "sheet", "fake.xlsx", "--out", "fake.toml"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("fake.xlsx: not a workbook that can be read"), "{}", r.stderr);
    assert!(!dir.path.join("fake.toml").exists());

    run_in(&dir.path, ["import", "sheet", "--template", "template.xlsx"]).assert_code(0);
    let script = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
f = wb["Framework"]
for row in range(2, f.max_row + 1):
    value = {"title": "Draft", "publisher": "Us", "version": "0.1", "published": "2025-13-40"}.get(f.cell(row, 1).value)
    if value: f.cell(row, 2).value = value
wb["Levels"].append(["core", "Core"])
s = wb["Statements"]
s.cell(2, 1).value = "Knowing"; s.cell(2, 5).value = "Knows things."; s.cell(2, 6).value = "cor"
s.cell(3, 5).value = "Knows more."; s.cell(3, 6).value = "core"; s.cell(3, 8).value = "wisdom"
if sys.argv[3] == "drop-level":
    s.delete_cols(6)
wb.save(sys.argv[2])
"#;
    let script_path = dir.write("fill.py", script);
    let template = dir.path.join("template.xlsx");
    let (ok, output) =
        python(&[script_path.to_str().unwrap(), template.to_str().unwrap(), dir.path.join("bad.xlsx").to_str().unwrap(), "keep"]);
    assert!(ok, "{output}");
    let r = run_in(&dir.path, ["import", "sheet", "bad.xlsx", "--out", "bad.toml"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for expected in [
        "bad.xlsx!Framework:7:B: `2025-13-40` is not a date; write it as YYYY-MM-DD",
        "bad.xlsx!Statements:2:F: `cor` is no level on the Levels sheet; did you mean `core`?",
        "bad.xlsx!Statements:3:H: `wisdom` is not a kind",
    ] {
        assert!(r.stderr.contains(expected), "expected `{expected}` in:\n{}", r.stderr);
    }
    assert!(!dir.path.join("bad.toml").exists());
    let (ok, output) =
        python(&[script_path.to_str().unwrap(), template.to_str().unwrap(), dir.path.join("nolevel.xlsx").to_str().unwrap(), "drop-level"]);
    assert!(ok, "{output}");
    let r = run_in(&dir.path, ["import", "sheet", "nolevel.xlsx"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("nolevel.xlsx!Statements:1: no `Level` column; add a column headed Level"), "{}", r.stderr);
}

/// The packages (`case`) and spreadsheets (`sheet`) of `dir`, by name.
fn real_inputs(dir: &Path) -> Vec<(PathBuf, &'static str)> {
    let mut inputs: Vec<(PathBuf, &'static str)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?.to_string();
            match path.extension()?.to_str()? {
                "json" if !name.starts_with("case-v1p") => Some((path, "case")),
                "xlsx" | "csv" => Some((path, "sheet")),
                _ => None,
            }
        })
        .collect();
    inputs.sort();
    inputs
}

#[test]
fn the_committed_official_schema_is_1edtechs_and_refuses_what_the_binding_forbids() {
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(real_fixtures().join("case-v1p1-cfpackage.json")).unwrap()).unwrap();
    assert_eq!(schema["$id"], "https://purl.imsglobal.org/spec/case/v1p1/schema/json/case_v1p1_cfpackage-jsonschema1.json");
    assert_eq!(schema["$defs"]["CFPckgItem"]["additionalProperties"], false);
    // A real OpenSALT quirk (CFDocumentURI on an item as a string) and a
    // non-UUID identifier in an otherwise valid export: the official schema says no.
    let dir = TempDir::new("interop-official-schema");
    let (_, mut package) = export(&dir.path, &root().join("sources/london-safeguarding.toml"), "1.1", "good.json");
    package["CFItems"][0]["CFDocumentURI"] = "http://example.org/doc".into();
    package["CFAssociations"][0]["identifier"] = "not-a-uuid".into();
    let bad = dir.write("bad.json", serde_json::to_string(&package).unwrap());
    let checker = root().join("tests/clients/case_check.py");
    let official = real_fixtures().join("case-v1p1-cfpackage.json");
    let (ok, output) = python(&[checker.to_str().unwrap(), "1.1", bad.to_str().unwrap(), official.to_str().unwrap()]);
    assert!(!ok, "{output}");
    assert!(
        output.contains("official schema: CFItems/0: Additional properties are not allowed ('CFDocumentURI' was unexpected)"),
        "{output}"
    );
    assert!(output.contains("official schema: CFAssociations/0/identifier: 'not-a-uuid' is not a 'uuid'"), "{output}");
}

/// The package a spreadsheet describes, read by tests/clients/opensalt_sheet.py
/// (OpenSALT's rules, in Python, not framewright's reading).
fn sheet_as_package(path: &Path) -> Value {
    let reader = root().join("tests/clients/opensalt_sheet.py");
    let (ok, output) = python(&[reader.to_str().unwrap(), path.to_str().unwrap()]);
    assert!(ok, "{output}");
    serde_json::from_str(&output).unwrap_or_else(|e| panic!("{e}: {output}"))
}

#[test]
fn real_public_packages_and_spreadsheets_import_in_order() {
    // Committed real data (tests/fixtures/case/real/README.md says where each
    // file comes from), plus any folder named by FRAMEWRIGHT_CASE_FIXTURES.
    let committed = real_inputs(&real_fixtures());
    assert!(committed.iter().filter(|i| i.1 == "case").count() >= 6, "{committed:?}");
    assert!(committed.iter().filter(|i| i.1 == "sheet").count() >= 6, "{committed:?}");
    let extra = std::env::var_os("FRAMEWRIGHT_CASE_FIXTURES").map(|d| real_inputs(Path::new(&d))).unwrap_or_default();
    let dir = TempDir::new("interop-real");
    std::fs::create_dir_all(dir.path.join("sources")).unwrap();
    for (path, kind) in committed.iter().chain(&extra) {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let out = format!("sources/{}.toml", path.file_stem().unwrap().to_string_lossy());
        let r = run_in(&dir.path, ["import", kind, path.to_str().unwrap(), "--out", &out, "--report", "report.txt"]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        assert!(r.stderr.contains("it passes `framewright check`"), "{name}: {}", r.stderr);
        run_in(&dir.path, ["check", &out]).assert_code(0);
        let model = dump_in(&dir.path, &out);
        let report = std::fs::read_to_string(dir.path.join("report.txt")).unwrap();
        let package = if *kind == "case" {
            let text = std::fs::read_to_string(path).unwrap();
            let package: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
            package.get("CFPackage").cloned().unwrap_or(package)
        } else {
            // Places name sheet rows, never package positions.
            assert!(
                !report.contains("CFItems[") && !report.contains("CFAssociations[") && !report.contains("CFDocument"),
                "{name}: {report}"
            );
            sheet_as_package(path)
        };
        assert_keeps_every_item_in_order(&name, &package, &model);
    }
}

#[test]
fn real_packages_keep_their_characters_order_and_links() {
    let dir = TempDir::new("interop-real-details");
    std::fs::create_dir_all(dir.path.join("sources")).unwrap();
    let import = |kind: &str, name: &str| -> (Run, Value, String) {
        let out = format!("sources/{name}.toml");
        let r = run_in(&dir.path, ["import", kind, real_fixtures().join(name).to_str().unwrap(), "--out", &out]);
        r.assert_code(0);
        let text = std::fs::read_to_string(dir.path.join(&out)).unwrap();
        (r, dump_in(&dir.path, &out), text)
    };
    let texts =
        |model: &Value| -> Vec<String> { model_statements(model).iter().map(|s| s["text"].as_str().unwrap().to_string()).collect() };

    // OpenSALT's sequence-number test: the second item says it comes first.
    let (_, model, _) = import("case", "SequenceNumberFramework.json");
    assert_eq!(texts(&model), ["Second added item, but should be first", "First Added Item"]);
    // A character outside the Basic Multilingual Plane, in the title and a statement.
    let (_, model, _) = import("case", "Utf8TestFramework.json");
    assert_eq!(model["framework"]["title"], "UTF8 \u{1d451} Test");
    assert_eq!(texts(&model), ["Item \u{1d451} 1"]);
    // Markdown with Windows line ends, a table and TeX, character for character.
    let (_, model, _) = import("case", "MarkdownFramework.json");
    assert!(texts(&model).contains(&"This contains a _table_ in markdown:\r\n\r\n| Column 1 | Column 2 |\r\n| --- | --- |\r\n| data 1 | data 2|\r\n\r\n Here is a math equation $x = {-b \\pm \\sqrt{b^2-4ac} \\over 2a}$".to_string()), "{:?}", texts(&model));
    // An early OpenSALT export: links to other frameworks kept as comments, all four kinds in one report line.
    let (r, model, text) = import("case", "opensalt-framework-20c5134f-423d-4097-a971-3dd5152bf507.json");
    assert_eq!(model["framework"]["title"], "What Standards Could Be");
    assert!(
        r.stderr.contains(
            "not kept: associations other than isChildOf (exactMatchOf, precedes, exemplar, isRelatedTo; kept as comments on their origin)"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.matches("associations other than isChildOf").count(), 1, "{}", r.stderr);
    assert!(text.contains("# CASE association exactMatchOf → "), "{text}");
    // Education levels typed as text stay as typed ("06", not 6).
    let levels: Vec<&str> = model["levels"].as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert!(levels.contains(&"06") && levels.contains(&"07"), "{levels:?}");

    // OpenSALT's CCSS ELA workbook: 1,189 items, the tree from its association sheet.
    let (r, model, _) = import("sheet", "OpenSalt-Testing.xlsx");
    let levels: Vec<&str> = model["levels"].as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(levels.len(), 13, "KG and grades 01 to 12, no level only a heading names: {levels:?}");
    assert!(levels.contains(&"KG") && levels.contains(&"01") && levels.contains(&"12"), "{levels:?}");
    assert!(!r.stderr.contains("CFDocument"), "{}", r.stderr);
    // An OpenSALT CSV: the "Is Related To" column becomes comments, "Is Child Of" the tree.
    let (r, _, text) = import("sheet", "sample_case.csv");
    assert!(text.contains("# CASE association isRelatedTo → CCSS.Math.Content.HSF-IF.C.8b"), "{text}");
    // Items that became sub-headings keep what they carried, on their first statement.
    assert!(
        text.contains("# the sub-heading \"Students understand operations on fractions.\": CASE association isRelatedTo → http://asn.jesandco.org/resources/S1143417"),
        "{text}"
    );
    assert!(
        text.contains("# the sub-heading \"Students understand that fractions are closed under the four operations\": CASE association exemplar → https://www.opened.com/video/classify-and-order-real-numbers-using-subsets/801540"),
        "{text}"
    );
    assert!(r.stderr.contains("sample_case.csv:2 (identifier): an identifier that is not a UUID; not kept as case_id"), "{}", r.stderr);
    // A parent that is not in the file: named with its row, the item goes to the top.
    let (r, model, _) = import("sheet", "sequenceNumber.csv");
    assert!(
        r.stderr.contains("sequenceNumber.csv:2: \"Is Child Of\" names `C`, which is no item's human coding scheme or identifier"),
        "{}",
        r.stderr
    );
    assert_eq!(
        texts(&model),
        ["Forms and sources of energy", "Learning progression on understanding and applying the knowledge that in a closed system"]
    );
}

/// Sorts `1.10` after `1.9`.
fn natural(code: &str) -> Vec<(u8, u64, String)> {
    let mut parts = Vec::new();
    let mut rest = code;
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            parts.push((0, rest[..digits].parse().unwrap_or(u64::MAX), String::new()));
            rest = &rest[digits..];
        } else {
            let other = rest.len() - rest.trim_start_matches(|c: char| !c.is_ascii_digit()).len();
            parts.push((1, 0, rest[..other].to_string()));
            rest = &rest[other..];
        }
    }
    parts
}

/// Every item of `package` is in the imported model (a domain or topic
/// title, a statement, or part of a sub-heading), and the statements are
/// the package's leaves in its order: a walk of its isChildOf tree by
/// sequence number, then human coding scheme, then file order (items
/// without a parent last at the top, as the import places them), with the
/// same texts and, where the package's identifier is a UUID, the same
/// `case_id`.
fn assert_keeps_every_item_in_order(name: &str, package: &Value, model: &Value) {
    let items = package["CFItems"].as_array().cloned().unwrap_or_default();
    let text_of = |item: &Value| item["fullStatement"].as_str().or(item["humanCodingScheme"].as_str()).unwrap_or("").trim().to_string();
    let mut found: std::collections::HashSet<String> = Default::default();
    for domain in model["domains"].as_array().unwrap() {
        found.insert(domain["title"].as_str().unwrap().to_string());
        for topic in domain["topics"].as_array().unwrap() {
            found.insert(topic["title"].as_str().unwrap().to_string());
        }
    }
    for s in model_statements(model) {
        found.insert(s["text"].as_str().unwrap().trim().to_string());
        if let Some(heading) = s["subheading"].as_str() {
            found.extend(heading.split(" › ").map(str::to_string));
        }
    }
    for item in &items {
        assert!(found.contains(&text_of(item)), "{name}: item `{}` is missing", text_of(item));
    }
    // The leaves in tree order.
    let doc = package["CFDocument"]["identifier"].as_str().unwrap().to_lowercase();
    let mut children: Children = Default::default();
    let by_id: std::collections::HashMap<String, &Value> =
        items.iter().map(|i| (i["identifier"].as_str().unwrap().to_lowercase(), i)).collect();
    let mut has_parent = std::collections::HashSet::new();
    for (n, a) in package["CFAssociations"].as_array().cloned().unwrap_or_default().iter().enumerate() {
        let kind: String =
            a["associationType"].as_str().unwrap_or("").chars().filter(char::is_ascii_alphabetic).collect::<String>().to_lowercase();
        let child = a["originNodeURI"]["identifier"].as_str().unwrap_or("").to_lowercase();
        if kind != "ischildof" || !by_id.contains_key(&child) || !has_parent.insert(child.clone()) {
            continue;
        }
        // OpenSALT exports have written sequence numbers as text.
        let seq = a["sequenceNumber"].as_i64().or_else(|| a["sequenceNumber"].as_str().and_then(|s| s.trim().parse().ok()));
        let code = natural(by_id[&child]["humanCodingScheme"].as_str().unwrap_or(""));
        children.entry(a["destinationNodeURI"]["identifier"].as_str().unwrap().to_lowercase()).or_default().push((
            seq.is_none(),
            seq.unwrap_or(0),
            code,
            n,
            child,
        ));
    }
    for item in &items {
        let id = item["identifier"].as_str().unwrap().to_lowercase();
        if !has_parent.contains(&id) {
            let code = natural(item["humanCodingScheme"].as_str().unwrap_or(""));
            children.entry(doc.clone()).or_default().push((true, 0, code, usize::MAX, id));
        }
    }
    fn walk(at: &str, children: &mut Children, out: &mut Vec<String>) {
        let Some(mut kids) = children.remove(at) else {
            out.push(at.to_string());
            return;
        };
        kids.sort();
        for kid in kids {
            walk(&kid.4, children, out);
        }
    }
    let mut leaves = Vec::new();
    walk(&doc, &mut children, &mut leaves);
    let leaves: Vec<&Value> = leaves
        .iter()
        .filter_map(|l| by_id.get(l).copied())
        .filter(|i| !["domain", "topic"].contains(&i["CFItemType"].as_str().unwrap_or("").to_lowercase().as_str()))
        .collect();
    let statements = model_statements(model);
    let got: Vec<String> = statements.iter().map(|s| s["text"].as_str().unwrap().trim().to_string()).collect();
    let expected: Vec<String> = leaves.iter().map(|i| text_of(i)).collect();
    assert_eq!(got, expected, "{name}: the statements are not the package's leaves in its order");
    for (statement, leaf) in statements.iter().zip(&leaves) {
        let id = leaf["identifier"].as_str().unwrap();
        if let Some(kept) = statement["case_id"].as_str().filter(|_| !id.starts_with("row-")) {
            assert_eq!(kept, id.to_lowercase(), "{name}: the statement `{}` lost its identifier", text_of(leaf));
        }
    }
}

/// Children of a CASE tree node, as sorted: (no sequence number, the
/// number, the code as natural-sort keys, order in the file, identifier).
type Children = std::collections::HashMap<String, Vec<(bool, i64, Vec<(u8, u64, String)>, usize, String)>>;

/// Editions (issue 26): London 2.0, whose l2-07 replaces 1.0's l2-06,
/// exports its version and a `replacedBy` association from the item 1.0's
/// export gave l2-06 to l2-07's, in both CASE versions (1.0 has no
/// extensions: the association alone carries it); the import gives
/// `replaces` back, and the package comes back the same.
#[test]
fn a_replaced_statement_travels_as_replaced_by_and_comes_back() {
    let dir = temp_project(
        "interop-replaced-by",
        &[("v1.toml", &crate::diff::london()), ("v2.toml", &crate::diff::revised(", replaces = [\"l2-06\"]"))],
    );
    let (_, v1) = export(&dir.path, &dir.path.join("sources/v1.toml"), "1.1", "v1.json");
    let old_item = v1["CFItems"].as_array().unwrap().iter().find(|i| i["humanCodingScheme"] == "l2-06").unwrap();
    for version in ["1.1", "1.0"] {
        let (_, package) = export(&dir.path, &dir.path.join("sources/v2.toml"), version, "v2.json");
        assert_valid(version, &dir.path.join("v2.json"));
        assert_eq!(package["CFDocument"]["version"], "2.0");
        let new_item = package["CFItems"].as_array().unwrap().iter().find(|i| i["humanCodingScheme"] == "l2-07").unwrap();
        let replaced: Vec<&Value> =
            package["CFAssociations"].as_array().unwrap().iter().filter(|a| a["associationType"] == "replacedBy").collect();
        assert_eq!(replaced.len(), 1, "{version}: {replaced:?}");
        assert_eq!(replaced[0]["originNodeURI"]["identifier"], old_item["identifier"], "{version}: the old item is 1.0's l2-06");
        assert_eq!(replaced[0]["originNodeURI"]["title"], "l2-06");
        assert_eq!(replaced[0]["destinationNodeURI"]["identifier"], new_item["identifier"]);

        let r = run_in(&dir.path, ["import", "case", "v2.json", "--out", "sources/imported.toml"]);
        r.assert_code(0);
        assert!(!r.stderr.contains("dangling"), "{version}: {}", r.stderr);
        let model = dump_in(&dir.path, "sources/imported.toml");
        let l2_07 = model_statements(&model).into_iter().find(|s| s["id"] == "l2-07").unwrap().clone();
        assert_eq!(l2_07["replaces"], serde_json::json!(["l2-06"]), "{version}");
        // 1.0 carries no framework id, so the imported source has another
        // namespace; 1.1's comes back exactly.
        if version == "1.1" {
            let (_, again) = export(&dir.path, &dir.path.join("sources/imported.toml"), version, "again.json");
            assert_eq!(again["CFAssociations"], package["CFAssociations"], "export → import → export changed the associations");
        }
    }
}
