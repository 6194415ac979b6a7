//! The same person twice: the same name on the same pack, or the same
//! personalised pack. The copy signed off last is kept (the later file,
//! in path order, when the dates are equal or missing); the others are
//! reported as duplicates. Two different names on one personalised pack
//! are reported on both forms (both are kept: they are two people).

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;

use super::log::{Entry, Status};
use super::submission::Submission;

/// A name compared as people mean it: composed, case-folded, spaces collapsed.
fn normalise(name: &str) -> String {
    name.nfc().collect::<String>().to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits `submissions` (in file order) into those kept and the
/// duplicates, with a log entry for each duplicate; adds a mistake to the
/// forms of a personalised pack signed by two people.
pub fn dedupe(mut submissions: Vec<Submission>) -> (Vec<Submission>, Vec<(Submission, Entry)>) {
    // Two people on one personalised pack.
    let mut names: BTreeMap<(String, String), Vec<(usize, String)>> = BTreeMap::new();
    for (i, s) in submissions.iter().enumerate().filter(|(_, s)| s.personalised) {
        names.entry((s.identity.framework.clone(), s.identity.pack.clone())).or_default().push((i, s.person.clone()));
    }
    for ((_, pack), people) in &names {
        let mut distinct: Vec<&str> = people.iter().map(|(_, n)| n.as_str()).filter(|n| !n.is_empty()).collect();
        distinct.sort_by_key(|n| normalise(n));
        distinct.dedup_by_key(|n| normalise(n));
        if distinct.len() > 1 {
            let message = format!("two people on one personalised pack `{pack}`: {}; each is kept", distinct.join(" and "));
            for (i, _) in people {
                submissions[*i].mistakes.push(message.clone());
            }
        }
    }

    // Group by person and pack; without a name a form is its own group.
    let mut groups: BTreeMap<(String, String, String), Vec<usize>> = BTreeMap::new();
    for (i, s) in submissions.iter().enumerate() {
        let name = normalise(&s.person);
        let who = if name.is_empty() { format!("\u{0}{i}") } else { name };
        groups.entry((s.identity.framework.clone(), s.identity.pack.clone(), who)).or_default().push(i);
    }
    let mut dropped: BTreeMap<usize, usize> = BTreeMap::new();
    for members in groups.values().filter(|m| m.len() > 1) {
        // Latest sign-off wins; `None` is earliest; ties go to the later file.
        let kept = *members.iter().max_by_key(|&&i| (submissions[i].signed_off, i)).expect("a group has members");
        for &i in members.iter().filter(|&&i| i != kept) {
            dropped.insert(i, kept);
        }
    }
    let kept_files: BTreeMap<usize, String> = dropped.values().map(|&k| (k, submissions[k].file.clone())).collect();
    let mut kept = Vec::new();
    let mut duplicates = Vec::new();
    for (i, s) in submissions.into_iter().enumerate() {
        match dropped.get(&i) {
            Some(k) => {
                let mut entry = Entry::harvested(&s);
                let other = kept_files[k].clone();
                entry.status = Status::Duplicate;
                entry.reason = format!(
                    "{} on pack `{}` again: {other} is kept (signed off later, or the later file); this copy is left out of the analysis",
                    if s.person.is_empty() { "the same person" } else { &s.person },
                    s.identity.pack
                );
                entry.duplicate_of = Some(other);
                duplicates.push((s, entry));
            }
            None => kept.push(s),
        }
    }
    (kept, duplicates)
}
