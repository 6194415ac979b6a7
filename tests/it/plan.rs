//! The pack plan of each sample source, read through `framewright plan`:
//! which statements a pack holds (own and assumed), the self-assessment
//! rows and field names, matched training and the refresher rule.

use crate::common::{dump, model_statements, root, run};
use serde_json::Value;

fn plan(source: &str, pack: &str) -> Value {
    let r = run(["plan", &format!("sources/{source}.toml"), pack]);
    r.assert_code(0);
    serde_json::from_str(&r.stdout).expect("plan is JSON")
}

fn sample(source: &str) -> Value {
    dump(&root().join(format!("sources/{source}.toml")).display().to_string())
}

fn has(list: &Value, id: &str) -> bool {
    list.as_array().unwrap().iter().any(|v| v == id)
}

/// (level id, assumed, number of statements) of every group, in order.
fn groups(plan: &Value) -> Vec<(String, bool, usize)> {
    let mut out = Vec::new();
    for d in plan["domains"].as_array().unwrap() {
        for s in d["sections"].as_array().unwrap() {
            for g in s["groups"].as_array().unwrap() {
                let n = g["subgroups"].as_array().unwrap().iter().map(|sg| sg["statements"].as_array().unwrap().len()).sum();
                out.push((g["level"]["id"].as_str().unwrap().to_string(), g["assumed"].as_bool().unwrap(), n));
            }
        }
    }
    out
}

fn row_ids(plan: &Value) -> Vec<String> {
    plan["assessment"]["rows"].as_array().unwrap().iter().map(|r| r["statement"].as_str().unwrap().to_string()).collect()
}

#[test]
fn london_role_pack_assumes_earlier_levels_and_gets_the_two_year_rule() {
    let p = plan("london-safeguarding", "role-group-5");
    assert_eq!(p["pack"]["kind"], "role");
    assert_eq!(p["pack"]["level"]["id"], "3");
    let assumed: Vec<&str> = p["pack"]["assumed_levels"].as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(assumed, ["1", "2"]);
    assert_eq!(groups(&p), [("1".into(), true, 5), ("2".into(), true, 6), ("3".into(), false, 7)]);
    // Only the reader's own level is self-assessed.
    assert_eq!(row_ids(&p).len(), 7);
    assert!(row_ids(&p).iter().all(|id| id.starts_with("l3-")), "{:?}", row_ids(&p));
    assert_eq!(p["refresher"]["applies_to"], "Named and designated leads for child protection");
    assert_eq!(p["refresher"]["every"]["months"], 24);
    // Field names are built from the statement ids.
    let row = &p["assessment"]["rows"][0];
    let id = row["statement"].as_str().unwrap();
    assert_eq!(row["rating_field"], format!("{id}.rating"));
    assert_eq!(row["evidence_field"], format!("{id}.evidence"));
    assert_eq!(row["action_field"], format!("{id}.action"));
    assert_eq!(p["assessment"]["signoff"][0]["field"], "signoff.name");
    assert_eq!(p["assessment"]["action_plan"].as_array().unwrap().len(), 5);
}

#[test]
fn london_level_packs_get_the_default_three_year_rule() {
    for level in 1..=5 {
        let p = plan("london-safeguarding", &format!("level-{level}"));
        assert_eq!(p["refresher"]["applies_to"], "Everyone else");
        assert_eq!(p["refresher"]["every"]["months"], 36);
        assert_eq!(p["pack"]["assumed_levels"].as_array().unwrap().len(), level - 1);
    }
}

#[test]
fn semh_packs_hold_exactly_their_level_band_and_enhancement_choice() {
    let d = sample("semh-multi-agency");
    let all = model_statements(&d);
    for (pack, additional) in [("level-core-primary", false), ("level-core-primary-additional-needs", true)] {
        let p = plan("semh-multi-agency", pack);
        let expected: Vec<String> = all
            .iter()
            .filter(|s| has(&s["level"], "core") && has(&s["bands"], "primary"))
            .filter(|s| additional || !s["additional_needs"].as_bool().unwrap())
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(row_ids(&p), expected, "{pack}");
        let enhancements = p["assessment"]["rows"].as_array().unwrap().iter().filter(|r| r["additional_needs"] == true).count();
        assert_eq!(enhancements > 0, additional, "{pack}");
    }
}

#[test]
fn semh_training_is_matched_to_level_band_or_statements() {
    let d = sample("semh-multi-agency");
    let p = plan("semh-multi-agency", "level-enhanced-secondary");
    let rows = row_ids(&p);
    let matched: Vec<&str> = p["training"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    for t in d["training"].as_array().unwrap() {
        let id = t["id"].as_str().unwrap();
        let band_ok = has(&t["bands"], "secondary");
        let closes = t["statements"].as_array().unwrap().iter().any(|s| rows.iter().any(|r| r == s.as_str().unwrap()));
        let names_level = has(&t["levels"], "enhanced");
        let expected = band_ok && (closes || names_level);
        assert_eq!(matched.contains(&id), expected, "training {id}");
    }
    assert!(!matched.is_empty());
    for t in p["training"].as_array().unwrap() {
        for s in t["closes"].as_array().unwrap() {
            assert!(rows.iter().any(|r| r == s.as_str().unwrap()), "closes a statement outside the pack");
        }
    }
}

#[test]
fn yorkshire_level_4_is_empty_by_design_in_most_domains() {
    let p = plan("yorkshire-humber-pcf", "level-4");
    assert_eq!(row_ids(&p), ["d5-1-4-01"]);
    let mut empty_sections = 0;
    for d in p["domains"].as_array().unwrap() {
        for s in d["sections"].as_array().unwrap() {
            for g in s["groups"].as_array().unwrap() {
                if g["level"]["id"] == "4" && g["empty"] == true {
                    empty_sections += 1;
                    assert!(g["subgroups"].as_array().unwrap().is_empty());
                }
            }
        }
    }
    assert_eq!(empty_sections, 14, "every domain or topic except 5.1 declares level 4 empty");
}

#[test]
fn yorkshire_subheadings_group_statements_in_source_order() {
    let p = plan("yorkshire-humber-pcf", "level-1");
    let d5 = p["domains"].as_array().unwrap().iter().find(|d| d["id"] == "d5").unwrap();
    let neglect = d5["sections"].as_array().unwrap().iter().find(|s| s["topic"]["number"] == "5.2").unwrap();
    let own = neglect["groups"].as_array().unwrap().iter().find(|g| g["assumed"] == false).unwrap();
    let subheadings: Vec<&str> = own["subgroups"].as_array().unwrap().iter().map(|s| s["subheading"].as_str().unwrap_or("")).collect();
    assert_eq!(subheadings, ["Assessment and Service Provision", "Overcoming Practice and Organisational Barriers"]);
}

#[test]
fn school_staff_stage_packs_assume_earlier_stages() {
    let p = plan("school-staff-mental-health", "level-stage-3-secondary");
    let assumed: Vec<&str> = p["pack"]["assumed_levels"].as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(assumed, ["stage-1", "stage-2"]);
    assert!(groups(&p).iter().any(|(l, a, _)| l == "stage-1" && *a));
    assert!(groups(&p).iter().filter(|(_, a, _)| !a).all(|(l, _, _)| l == "stage-3"));
    assert_eq!(p["pack"]["band"]["id"], "secondary");
}

#[test]
fn full_edition_has_every_statement_and_no_form() {
    for source in ["london-safeguarding", "semh-multi-agency", "school-staff-mental-health", "yorkshire-humber-pcf"] {
        let d = sample(source);
        let p = plan(source, "full");
        let printed: usize = groups(&p).iter().map(|(_, _, n)| n).sum();
        assert_eq!(printed, model_statements(&d).len(), "{source}");
        assert!(row_ids(&p).is_empty());
        assert!(p["assessment"]["signoff"].as_array().unwrap().is_empty());
        assert_eq!(p["training"].as_array().unwrap().len(), d["training"].as_array().unwrap().len());
        assert_eq!(p["refreshers"].as_array().unwrap().len(), d["refreshers"].as_array().unwrap().len());
        assert!(p["refresher"].is_null());
    }
}

#[test]
fn plan_hash_is_stable_and_covers_the_content() {
    let a = plan("london-safeguarding", "level-1");
    let b = plan("london-safeguarding", "level-1");
    let hash = a["identity"]["plan_hash"].as_str().unwrap();
    assert_eq!(hash.len(), 64);
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(a["identity"]["plan_hash"], b["identity"]["plan_hash"]);
    assert_ne!(a["identity"]["plan_hash"], plan("london-safeguarding", "level-2")["identity"]["plan_hash"]);
    assert_eq!(a["identity"]["framework_id"], "london-safeguarding");
    assert_eq!(a["identity"]["pack_id"], "level-1");
    assert_eq!(a["identity"]["file_stem"], "london-safeguarding-level-1");
}

#[test]
fn every_pack_says_which_pack_is_whose() {
    let source = sample("london-safeguarding");
    let roles = source["roles"].as_array().unwrap();
    for pack in ["level-1", "role-group-5", "full"] {
        let p = plan("london-safeguarding", pack);
        let table = &p["roles"];
        let headers: Vec<&str> = table["headers"].as_array().unwrap().iter().map(|h| h.as_str().unwrap()).collect();
        assert_eq!(
            headers[..3],
            [&p["text"]["roles"]["role"], &p["text"]["roles"]["level"], &p["text"]["roles"]["examples"]].map(|v| v.as_str().unwrap())
        );
        // One column per scheme the roles are cross-walked to, by its name.
        let schemes: Vec<&str> = source["schemes"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
        assert_eq!(headers[3..], schemes[..], "{pack}");
        let rows = table["rows"].as_array().unwrap();
        assert_eq!(rows.len(), roles.len(), "{pack}: every role, in every pack");
        for (row, role) in rows.iter().zip(roles) {
            assert_eq!(row[0], role["name"]);
            let level = source["levels"].as_array().unwrap().iter().find(|l| l["id"] == role["level"]).unwrap();
            assert_eq!(row[1], level["name"]);
            let examples: Vec<&str> = role["examples"].as_array().unwrap().iter().map(|e| e.as_str().unwrap()).collect();
            assert_eq!(row[2], examples.join(", "));
        }
    }
    // Group 5 is cross-walked to group 5 and, through its level, to the
    // intercollegiate levels 3-4.
    let p = plan("london-safeguarding", "level-3");
    let group5 = p["roles"]["rows"].as_array().unwrap().iter().find(|r| r[0] == "Group 5").unwrap().clone();
    assert_eq!(group5.as_array().unwrap()[3..], [Value::from("5"), Value::from("3-4")]);
}

/// The London sample with `extra` after `id = "<level>"` in its level table,
/// in a temporary project.
fn london_with(test: &str, level: &str, extra: &str) -> crate::common::TempDir {
    let text = std::fs::read_to_string(root().join("sources/london-safeguarding.toml")).unwrap();
    let text =
        crate::common::replace_once(&text, &format!("[[levels]]\nid = \"{level}\"\n"), &format!("[[levels]]\nid = \"{level}\"\n{extra}\n"));
    crate::common::temp_project(test, &[("london.toml", &text)])
}

#[test]
fn a_level_can_self_assess_what_it_assumes() {
    let before = plan("london-safeguarding", "level-3");
    let dir = london_with("assess-assumed", "3", "assess_assumed = true");
    let after = crate::common::plan_in(&dir.path, "sources/london.toml", "level-3");
    let (old, new) = (row_ids(&before), row_ids(&after));
    let level = |l: &str| -> Vec<String> {
        let p = plan("london-safeguarding", &format!("level-{l}"));
        row_ids(&p)
    };
    let (one, two) = (level("1"), level("2"));
    // Every statement of levels 1 and 2 is rated too, and the level's own.
    for id in one.iter().chain(&two).chain(&old) {
        assert!(new.contains(id), "{id} is not rated");
    }
    assert_eq!(new.len(), one.len() + two.len() + old.len());
    for r in after["assessment"]["rows"].as_array().unwrap() {
        let id = r["statement"].as_str().unwrap().to_string();
        let from = r["from_level"].as_str();
        let expected = if one.contains(&id) {
            Some("(from Level 1)")
        } else if two.contains(&id) {
            Some("(from Level 2)")
        } else {
            None
        };
        assert_eq!(from, expected, "{id}");
    }
    assert!(after["text"]["guide"]["assumed"].as_str().unwrap().contains("you rate them too"));
    assert!(before["text"]["guide"]["assumed"].as_str().unwrap().contains("are not part of your self-assessment"));
    // The build entry can ask for it for its packs alone.
    let text = std::fs::read_to_string(root().join("sources/london-safeguarding.toml")).unwrap();
    let text = crate::common::replace_once(
        &text,
        "[[packs.build]]\nroles = [\"group-5\"]\n",
        "[[packs.build]]\nroles = [\"group-5\"]\nassess_assumed = true\n",
    );
    let dir = crate::common::temp_project("assess-assumed-entry", &[("london.toml", &text)]);
    assert_eq!(row_ids(&crate::common::plan_in(&dir.path, "sources/london.toml", "role-group-5")).len(), new.len());
    assert_eq!(row_ids(&crate::common::plan_in(&dir.path, "sources/london.toml", "level-3")), old);
}

#[test]
fn a_level_with_no_statements_of_its_own_gets_a_pack_when_it_rates_what_it_assumes() {
    // Move level 5's statements to level 4: level 5 then has none.
    let text = std::fs::read_to_string(root().join("sources/london-safeguarding.toml")).unwrap();
    let emptied = text.replace("level = \"5\"", "level = \"4\"");
    let dir = crate::common::temp_project("empty-level", &[("london.toml", &emptied)]);
    let r = crate::common::run_in(&dir.path, ["check", "sources/london.toml"]);
    r.assert_code(1);
    assert!(r.stderr.contains("pack `level-5` would be empty") && r.stderr.contains("assess_assumed = true"), "{}", r.stderr);
    let fixed = crate::common::replace_once(&emptied, "[[levels]]\nid = \"5\"\n", "[[levels]]\nid = \"5\"\nassess_assumed = true\n");
    let dir = crate::common::temp_project("empty-level-assessed", &[("london.toml", &fixed)]);
    let p = crate::common::plan_in(&dir.path, "sources/london.toml", "level-5");
    let rows = p["assessment"]["rows"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["from_level"].is_string()), "every row comes from an earlier level");
}
