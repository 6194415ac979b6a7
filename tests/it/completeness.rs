//! The Yorkshire and Humber source holds the whole of seed 003: every bullet
//! of the framework body is in the validated model `dump` prints.

use std::collections::HashSet;

use crate::common::*;
use serde_json::Value;

const SHARED_SEED: &str = "../shared/seeds/003_8d229aca316d57f4.txt";

/// The seed's bullet extraction lives in `common` (tests/it/pdf.rs uses it too).
fn normalise(text: &str) -> String {
    seed_normalise(text)
}

fn bullets() -> Vec<String> {
    seed_bullets()
}

fn dump_text(dump: &Value) -> String {
    normalise(&all_strings(dump).join("\n"))
}

#[test]
fn the_fixture_is_the_shared_seed() {
    let fixture = std::fs::read(root().join(SEED_003)).expect("the seed fixture");
    assert_eq!(fixture.len(), 151_195);
    let shared = root().join(SHARED_SEED);
    if shared.exists() {
        assert!(std::fs::read(&shared).unwrap() == fixture, "{SEED_003} differs from {SHARED_SEED}; copy it again");
    }
}

#[test]
fn normalise_drops_markup_only() {
    assert_eq!(normalise("**Bold** and *em*  text\\*\t\n x"), "Bold and em text x");
    assert_eq!(normalise("a \\- b \\_c\\_"), "a - b _c_");
    assert_eq!(normalise("  "), "");
}

#[test]
fn every_bullet_of_the_seed_is_in_the_source() {
    let bullets = bullets();
    assert!(bullets.len() >= 800, "only {} bullets: the seed was not read properly", bullets.len());
    assert_eq!(bullets.len(), 814);
    assert!(bullets.iter().all(|b| b.len() >= 3), "an empty bullet would match anything");

    let text = dump_text(&dump("sources/yorkshire-humber-pcf.toml"));
    let missing: Vec<&String> = bullets.iter().filter(|b| !text.contains(b.as_str())).collect();
    assert!(
        missing.is_empty(),
        "{} of {} bullets are not in the source, e.g.:\n{:#?}",
        missing.len(),
        bullets.len(),
        &missing[..missing.len().min(10)]
    );

    // The check can fail: an altered bullet is not found.
    let altered = format!("{} (altered)", bullets[100]);
    assert!(!text.contains(&altered));
    let altered = bullets[400].replacen(' ', "  x ", 1);
    assert!(!text.contains(&normalise(&altered)));
}

#[test]
fn the_yorkshire_model_has_the_seed_structure() {
    let dump = dump("sources/yorkshire-humber-pcf.toml");
    let domains = dump["domains"].as_array().unwrap();
    assert_eq!(domains.len(), 8);
    let numbers: Vec<&str> = domains.iter().map(|d| d["number"].as_str().unwrap()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5", "6", "7", "8"]);
    let topics = domains[4]["topics"].as_array().unwrap();
    assert_eq!(topics.len(), 8);
    let topic_numbers: Vec<&str> = topics.iter().map(|t| t["number"].as_str().unwrap()).collect();
    assert_eq!(topic_numbers, ["5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "5.8"]);
    for (i, d) in domains.iter().enumerate() {
        if i != 4 {
            assert!(d["topics"].as_array().unwrap().is_empty(), "only domain 5 has topics");
        }
    }

    let levels: Vec<&str> = dump["levels"].as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(levels, ["E", "1", "2", "3", "4", "5", "6"]);

    let mut ids = Vec::new();
    for d in domains {
        for s in d["statements"].as_array().unwrap() {
            ids.push(s["id"].as_str().unwrap());
        }
        for t in d["topics"].as_array().unwrap() {
            for s in t["statements"].as_array().unwrap() {
                ids.push(s["id"].as_str().unwrap());
            }
        }
    }
    assert_eq!(ids.len(), 802);
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), 802, "statement ids are unique");
}
