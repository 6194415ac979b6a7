//! The same person twice. A person is the same name with the same role
//! (the role pack's role, else the role written at sign-off), whatever
//! pack or edition they filled in; a personalised pack is its person's
//! even without a name. Two people who share a name but not a role are
//! two people. The copy signed off last is kept (on the current edition
//! when the dates are equal, then the later file in path order); the
//! others are reported as duplicates, or as superseded when they are an
//! older edition's assessment. Two different names on one personalised
//! pack are reported on both forms (both are kept: they are two people).

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;

use super::log::{Entry, Status};
use super::submission::Submission;

/// A name compared as people mean it: composed, case-folded, spaces collapsed.
pub fn normalise(name: &str) -> String {
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

    // Group by person: name and role, else the personalised pack; a form
    // with neither is its own group.
    let mut groups: BTreeMap<(String, String, String), Vec<usize>> = BTreeMap::new();
    for (i, s) in submissions.iter().enumerate() {
        let name = normalise(&s.person);
        let who = match (name.is_empty(), s.personalised) {
            (false, _) => (name, normalise(&s.role)),
            (true, true) => ("\u{0}pack".into(), s.identity.pack.clone()),
            (true, false) => ("\u{0}form".into(), i.to_string()),
        };
        groups.entry((s.identity.framework.clone(), who.0, who.1)).or_default().push(i);
    }
    let mut dropped: BTreeMap<usize, usize> = BTreeMap::new();
    for members in groups.values().filter(|m| m.len() > 1) {
        // Latest sign-off wins (`None` is earliest), then the current
        // edition, then the later file.
        let current = |i: usize| submissions[i].identity.version == submissions[i].current_version;
        let kept = *members.iter().max_by_key(|&&i| (submissions[i].signed_off, current(i), i)).expect("a group has members");
        for &i in members.iter().filter(|&&i| i != kept) {
            dropped.insert(i, kept);
        }
    }
    let kept_files: BTreeMap<usize, String> = dropped.values().map(|&k| (k, submissions[k].file.clone())).collect();
    let kept_versions: BTreeMap<usize, String> = dropped.values().map(|&k| (k, submissions[k].identity.version.clone())).collect();
    let mut kept = Vec::new();
    let mut duplicates = Vec::new();
    for (i, s) in submissions.into_iter().enumerate() {
        match dropped.get(&i) {
            Some(k) => {
                let mut entry = Entry::harvested(&s);
                let other = kept_files[k].clone();
                let who = if s.person.is_empty() { "the same person" } else { &s.person };
                if s.identity.version != kept_versions[k] {
                    entry.status = Status::Superseded;
                    entry.reason = format!(
                        "{who}'s assessment on version {} of the framework; the later one on version {} ({other}) counts, \
                         this one is kept in harvest.json but left out of the analysis",
                        s.identity.version, kept_versions[k]
                    );
                } else {
                    entry.status = Status::Duplicate;
                    entry.reason = format!(
                        "{who} again: {other} is kept (signed off later, or the later file); this copy is left out of the analysis"
                    );
                }
                entry.duplicate_of = Some(other);
                duplicates.push((s, entry));
            }
            None => kept.push(s),
        }
    }
    (kept, duplicates)
}
