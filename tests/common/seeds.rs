//! Seed 003 (the Yorkshire and Humber framework): its bullets.

use super::*;

/// The Yorkshire and Humber seed, as committed.
pub const SEED_003: &str = "tests/fixtures/seeds/003_8d229aca316d57f4.txt";
const SEED_FIRST: &str = "## **1. YOU AS A PROFESSIONAL**";
const SEED_END: &str = "## ACKNOWLEDGEMENTS";

/// Drops markdown emphasis and backslash escapes, collapses whitespace.
pub fn seed_normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '*' => {}
            '\\' => match chars.next() {
                Some('*') | None => {}
                Some(next) => out.push(next),
            },
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The bullets of the seed's framework body (from the first domain heading
/// to the acknowledgements), normalised.
pub fn seed_bullets() -> Vec<String> {
    let seed = std::fs::read_to_string(root().join(SEED_003)).expect("the seed fixture");
    let lines: Vec<&str> = seed.lines().collect();
    let start = lines.iter().position(|l| *l == SEED_FIRST).expect("the first domain heading");
    let end = lines.iter().position(|l| *l == SEED_END).expect("the acknowledgements heading");
    assert!(start < end);
    lines[start + 1..end].iter().filter_map(|l| l.trim().strip_prefix("- ")).map(seed_normalise).collect()
}
