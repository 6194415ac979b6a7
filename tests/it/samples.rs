//! The sample sources: each passes `check`, and `list`/`dump` show exactly
//! the packs its `[[packs.build]]` entries ask for, with resolved defaults.

use std::collections::BTreeSet;

use crate::common::*;
use serde_json::Value;

fn ids(list: &Value) -> Vec<String> {
    list.as_array().expect("a list").iter().map(|v| v["id"].as_str().expect("an id").to_string()).collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().expect("a list").iter().map(|s| s.as_str().expect("a string").to_string()).collect()
}

/// The statements a pack holds, recomputed from the dump: its level (any
/// for the full edition), its band (any when none) and enhancement choice.
fn own_count(dump: &Value, pack: &Value) -> usize {
    model_statements(dump)
        .into_iter()
        .filter(|s| pack["level"].as_str().is_none_or(|l| strings(&s["level"]).iter().any(|x| x == l)))
        .filter(|s| pack["band"].as_str().is_none_or(|b| strings(&s["bands"]).iter().any(|x| x == b)))
        .filter(|s| pack["additional_needs"].as_bool().unwrap() || !s["additional_needs"].as_bool().unwrap())
        .count()
}

/// The pack ids of `source` from `dump`, after checking that `list` shows
/// the same packs with the same statement counts and file names.
fn pack_ids(source: &str) -> Vec<String> {
    let dump = dump(source);
    let packs = dump["pack_list"].as_array().unwrap();
    let framework_id = dump["framework"]["id"].as_str().unwrap();

    let r = run(["list", source]);
    r.assert_code(0);
    assert_eq!(r.stderr, "");
    let listing = r.stdout.split_once("\nPacks (").map(|(_, rest)| rest).expect("a Packs section");
    let (count, rows) = listing.split_once("):\n").unwrap();
    assert_eq!(count.parse::<usize>().unwrap(), packs.len(), "{source}");
    let rows: Vec<&str> = rows.lines().collect();
    assert_eq!(rows.len(), packs.len(), "{source}: one line per pack\n{}", r.stdout);

    for (row, pack) in rows.iter().zip(packs) {
        let id = pack["id"].as_str().unwrap();
        let mut words = row.split_whitespace();
        assert_eq!(words.next(), Some(id), "{source}: {row}");
        let n: usize = words.next().unwrap().parse().unwrap();
        assert_eq!(n, own_count(&dump, pack), "{source}: statements of {id}");
        assert!(n > 0, "{source}: pack {id} is empty");
        assert_eq!(words.next(), Some(if n == 1 { "statement" } else { "statements" }));
        let files: Vec<String> =
            pack["formats"].as_array().unwrap().iter().map(|f| format!("{framework_id}-{id}.{}", f.as_str().unwrap())).collect();
        assert_eq!(strings(&pack["files"]), files, "{source}: files of {id}");
        assert_eq!(words.collect::<Vec<_>>().join(" "), files.join(", "), "{source}: {row}");
    }
    ids(&dump["pack_list"])
}

#[test]
fn every_sample_passes_check() {
    let expected = [
        ("london-safeguarding.toml", "5 levels, 1 domain, 24 statements, 7 packs"),
        ("school-staff-mental-health.toml", "3 levels, 3 domains, 51 statements, 10 packs"),
        ("semh-multi-agency.toml", "3 levels, 5 domains, 120 statements, 25 packs"),
        ("yorkshire-humber-pcf.toml", "7 levels, 8 domains, 802 statements, 8 packs"),
    ];
    let samples = sample_sources();
    let names: Vec<String> = samples.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(names, expected.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>());
    for (name, summary) in expected {
        let source = format!("sources/{name}");
        let r = run(["check", source.as_str()]);
        r.assert_code(0);
        assert_eq!(r.stdout, format!("{source}: ok ({summary})\n"));
        assert_eq!(r.stderr, "", "{source} has no warnings");
    }
    // With no argument, `check` takes every source in sources/.
    let r = run(["check"]);
    r.assert_code(0);
    let want: String = expected.iter().map(|(n, s)| format!("sources/{n}: ok ({s})\n")).collect();
    assert_eq!(r.stdout, want);
}

#[test]
fn semh_builds_every_level_and_band_with_and_without_additional_needs() {
    let dump = dump("sources/semh-multi-agency.toml");
    let levels = ids(&dump["levels"]);
    let bands = ids(&dump["bands"]);
    assert_eq!(levels, ["core", "enhanced", "targeted"]);
    assert_eq!(bands, ["early-years", "primary", "secondary", "college"]);
    let mut want = Vec::new();
    for suffix in ["", "-additional-needs"] {
        for l in &levels {
            for b in &bands {
                want.push(format!("level-{l}-{b}{suffix}"));
            }
        }
    }
    want.push("full".into());
    let got = pack_ids("sources/semh-multi-agency.toml");
    assert_eq!(got.len(), 25);
    assert_eq!(got, want);
    for pack in dump["pack_list"].as_array().unwrap() {
        let id = pack["id"].as_str().unwrap();
        if id == "full" {
            assert_eq!(pack["audience"], serde_json::json!({ "by": "full" }));
            assert_eq!((pack["level"].clone(), pack["band"].clone()), (Value::Null, Value::Null));
            assert_eq!(pack["additional_needs"], true);
            continue;
        }
        let level = pack["level"].as_str().unwrap();
        let band = pack["band"].as_str().unwrap();
        let an = pack["additional_needs"].as_bool().unwrap();
        assert_eq!(id, format!("level-{level}-{band}{}", if an { "-additional-needs" } else { "" }));
        assert_eq!(pack["audience"], serde_json::json!({ "by": "level", "id": level }));
    }
    // Each additional-needs pack holds more than its plain twin.
    let r = run(["list", "sources/semh-multi-agency.toml"]);
    let count = |id: &str| -> usize {
        let row = r.stdout.lines().find(|l| l.split_whitespace().next() == Some(id)).unwrap();
        row.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    for l in &levels {
        for b in &bands {
            let plain = count(&format!("level-{l}-{b}"));
            let enhanced = count(&format!("level-{l}-{b}-additional-needs"));
            assert!(enhanced > plain, "{l} {b}: {enhanced} <= {plain}");
        }
    }
    assert_eq!(count("full"), 120);
}

#[test]
fn yorkshire_builds_one_pack_per_level() {
    let want = ["level-E", "level-1", "level-2", "level-3", "level-4", "level-5", "level-6", "full"];
    assert_eq!(pack_ids("sources/yorkshire-humber-pcf.toml"), want);
    let dump = dump("sources/yorkshire-humber-pcf.toml");
    assert_eq!(ids(&dump["bands"]), Vec::<String>::new());
    for pack in dump["pack_list"].as_array().unwrap() {
        assert_eq!(pack["band"], Value::Null);
        assert_eq!(strings(&pack["formats"]), ["pdf", "docx", "html"]);
    }
}

#[test]
fn london_builds_levels_and_the_group_5_role() {
    let want = ["level-1", "level-2", "level-3", "level-4", "level-5", "role-group-5", "full"];
    assert_eq!(pack_ids("sources/london-safeguarding.toml"), want);
    let dump = dump("sources/london-safeguarding.toml");
    let role = dump["pack_list"].as_array().unwrap().iter().find(|p| p["id"] == "role-group-5").unwrap();
    assert_eq!(role["audience"], serde_json::json!({ "by": "role", "id": "group-5" }));
    // A role pack holds the statements of the role's level.
    let role_level = dump["roles"].as_array().unwrap().iter().find(|r| r["id"] == "group-5").unwrap()["level"].clone();
    assert_eq!(role_level, "3");
    assert_eq!(role["level"], "3");
}

#[test]
fn school_staff_builds_three_stages_by_three_settings() {
    let mut want = Vec::new();
    for l in ["stage-1", "stage-2", "stage-3"] {
        for b in ["primary", "secondary", "college"] {
            want.push(format!("level-{l}-{b}"));
        }
    }
    want.push("full".into());
    assert_eq!(pack_ids("sources/school-staff-mental-health.toml"), want);
}

#[test]
fn statements_and_training_without_bands_get_every_band() {
    let path = root().join("sources/semh-multi-agency.toml");
    let source: toml::Value = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let dump = dump("sources/semh-multi-agency.toml");
    let all = ["early-years", "primary", "secondary", "college"];

    // Which statements the source leaves without `bands`.
    let mut without = BTreeSet::new();
    let mut with = BTreeSet::new();
    for d in source["domains"].as_array().unwrap() {
        let own = d.get("statements").and_then(|s| s.as_array()).into_iter().flatten();
        let topics = d.get("topics").and_then(|t| t.as_array()).into_iter().flatten();
        let in_topics = topics.flat_map(|t| t.get("statements").and_then(|s| s.as_array()).into_iter().flatten());
        for s in own.chain(in_topics) {
            let id = s["id"].as_str().unwrap().to_string();
            if s.get("bands").is_some() {
                with.insert(id)
            } else {
                without.insert(id)
            };
        }
    }
    assert!(without.len() >= 10, "the sample has statements for all bands: {without:?}");
    assert!(without.contains("um-c-01"));
    assert!(with.contains("um-c-ey-01"));
    let mut seen = 0;
    for s in model_statements(&dump) {
        let id = s["id"].as_str().unwrap();
        let bands = strings(&s["bands"]);
        if without.contains(id) {
            assert_eq!(bands, all, "statement {id} without `bands` applies to every band");
            seen += 1;
        } else {
            assert!(!bands.is_empty() && bands.len() < 4 || bands == all, "{id}: {bands:?}");
        }
    }
    assert_eq!(seen, without.len());
    let um_c_ey_01 = model_statements(&dump).into_iter().find(|s| s["id"] == "um-c-ey-01").unwrap();
    assert_eq!(strings(&um_c_ey_01["bands"]), ["early-years"]);

    // The same for training options, and the other resolved defaults.
    let source_training = source["training"].as_array().unwrap();
    let dump_training = dump["training"].as_array().unwrap();
    assert_eq!(source_training.len(), dump_training.len());
    assert_eq!(dump_training.len(), 16);
    for (src, out) in source_training.iter().zip(dump_training) {
        assert_eq!(src["id"].as_str(), out["id"].as_str());
        let want = match src.get("bands") {
            Some(b) => b.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect(),
            None => all.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        };
        assert_eq!(strings(&out["bands"]), want, "training {}", src["id"]);
    }
    let um_c_01 = model_statements(&dump).into_iter().find(|s| s["id"] == "um-c-01").unwrap();
    assert_eq!(um_c_01["additional_needs"], false);
    assert_eq!(um_c_01["level"], serde_json::json!(["core"]));
    assert_eq!(um_c_01["subheading"], Value::Null);
}

#[test]
fn dump_resolves_the_defaults_of_packs_and_assessment() {
    // Yorkshire leaves formats, full_edition and columns to their defaults.
    let dump = dump("sources/yorkshire-humber-pcf.toml");
    assert_eq!(strings(&dump["packs"]["formats"]), ["pdf", "docx", "html"]);
    assert_eq!(dump["packs"]["full_edition"], true);
    assert_eq!(dump["framewright_version"], env!("CARGO_PKG_VERSION"));
    let base = {
        let dir = TempDir::new("dump_resolves_the_defaults");
        dir.write("source.toml", BASE);
        let r = run_in(&dir.path, ["dump", "source.toml"]);
        r.assert_code(0);
        serde_json::from_str::<Value>(&r.stdout).unwrap()
    };
    assert_eq!(base["packs"]["file_name"], "{{ framework }}-{{ pack }}");
    assert_eq!(base["packs"]["branding"]["paper"], "a4");
    assert_eq!(base["assessment"]["action_plan_rows"], 5);
    assert_eq!(base["assessment"]["columns"], serde_json::json!({ "evidence": "Evidence", "action": "Action needed" }));
    assert_eq!(base["refreshers"][0]["every"], serde_json::json!({ "months": 36, "text": "3 years" }));
    assert_eq!(strings(&base["training"][0]["bands"]), ["young", "older"]);
    assert_eq!(
        ids(&base["pack_list"]),
        ["level-L1-young", "level-L1-older", "level-L2-young", "level-L2-older", "role-lead-older-additional-needs", "full"]
    );
}
