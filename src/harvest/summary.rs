//! The summary a setting sends to the council (`summary.json`, format
//! `framewright-summary/2`): **exact** counts by the framework's own ids
//! (roles, bands, domains, statements, training options), never names or
//! anything a person typed. It is sent, not published: what is published
//! is [`super::publish`]'s view of it, with small counts suppressed.
//!
//! Many settings' summaries merge (`harvest --merge`) into the council's
//! view: exact counts add up, frameworks by id, statements by stable id
//! across editions, and suppression is applied once, to what is shown.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::analysis::{Analysis, FrameworkAnalysis};
use crate::model::{Branding, version_key};

/// Marks a file as a framewright summary (and its format's version).
pub const FORMAT: &str = "framewright-summary/2";
/// The first format, whose counts were suppressed before they were sent
/// (and so cannot be added up).
const FORMAT_1: &str = "framewright-summary/1";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Summary {
    pub format: String,
    pub date: String,
    /// How many settings' summaries went into this one.
    pub summaries: u64,
    pub settings: Vec<String>,
    pub lang: String,
    #[serde(skip_deserializing, default)]
    pub branding: Branding,
    pub publisher: String,
    pub frameworks: Vec<FrameworkSummary>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FrameworkSummary {
    pub id: String,
    /// The latest edition's title.
    pub title: String,
    /// The editions counted, oldest first.
    pub versions: Vec<String>,
    pub people: u64,
    /// People by the framework's role and band, and how many completed their form.
    pub completion: Vec<GroupCount>,
    /// The domains, by id (the latest edition's titles).
    pub domains: Vec<Domain>,
    pub statements: Vec<StatementCount>,
    pub training: Vec<TrainingCount>,
    /// People whose refresher training is overdue at the summary's date.
    pub refreshers_overdue: u64,
}

/// People of one role and band. `role` is the framework's role id (the
/// role pack's, or the sign-off's when it names a role of the framework),
/// `None` when the role is not given or not one of the framework's.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct GroupCount {
    pub role: Option<String>,
    pub role_name: Option<String>,
    pub band: Option<String>,
    pub band_name: Option<String>,
    pub people: u64,
    /// People who rated every statement.
    pub complete: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Domain {
    pub id: String,
    pub title: String,
}

/// A statement: how many people rated it, and how many below "met".
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct StatementCount {
    pub id: String,
    pub domain: Option<String>,
    pub text: String,
    pub rated: u64,
    pub below: u64,
    /// The editions whose forms rated it.
    pub versions: Vec<String>,
}

/// A training option: the people with a gap it closes.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TrainingCount {
    pub id: String,
    pub title: String,
    pub people: u64,
    /// The statements it closes a gap in.
    pub statements: Vec<String>,
}

pub fn summarise(analysis: &Analysis) -> Summary {
    let mut settings: Vec<String> = analysis.frameworks.iter().flat_map(|f| f.settings.clone()).collect();
    settings.sort();
    settings.dedup();
    Summary {
        format: FORMAT.into(),
        date: analysis.date.to_string(),
        summaries: 1,
        settings,
        lang: analysis.lang.clone(),
        branding: analysis.branding.clone(),
        publisher: analysis.publisher.clone(),
        frameworks: analysis.frameworks.iter().map(framework).collect(),
    }
}

fn framework(fw: &FrameworkAnalysis) -> FrameworkSummary {
    let n = |x: usize| x as u64;
    // The analysis keeps roles as typed; the summary only the framework's.
    let mut completion: Vec<GroupCount> = Vec::new();
    for g in &fw.completion {
        let role = g.role_id.as_ref().map(|r| r.0.clone());
        let band = g.band_id.as_ref().map(|b| b.0.clone());
        match completion.iter_mut().find(|x| x.role == role && x.band == band) {
            Some(x) => {
                x.people += n(g.people);
                x.complete += n(g.complete);
            }
            None => completion.push(GroupCount {
                role,
                role_name: g.role_id.as_ref().map(|_| g.role_name.clone()),
                band,
                band_name: g.band_id.as_ref().map(|_| g.band.clone()),
                people: n(g.people),
                complete: n(g.complete),
            }),
        }
    }
    sort_groups(&mut completion);
    let version = vec![fw.version.clone()];
    FrameworkSummary {
        id: fw.id.clone(),
        title: fw.title.clone(),
        versions: version.clone(),
        people: n(fw.people),
        completion,
        domains: fw.domains.iter().map(|d| Domain { id: d.id.0.clone(), title: d.title.clone() }).collect(),
        statements: fw
            .statements
            .iter()
            .map(|s| StatementCount {
                id: s.id.0.clone(),
                domain: s.domain_id.as_ref().map(|d| d.0.clone()),
                text: s.text.clone(),
                rated: n(s.rated),
                below: n(s.below),
                versions: version.clone(),
            })
            .collect(),
        training: fw
            .training
            .iter()
            .map(|t| TrainingCount {
                id: t.id.0.clone(),
                title: t.title.clone(),
                people: n(t.people),
                statements: t.statements.iter().map(|s| s.0.clone()).collect(),
            })
            .collect(),
        refreshers_overdue: n(fw.refreshers.iter().filter(|r| r.overdue).count()),
    }
}

/// Framework roles first (by id), "role not given" last; then by band.
fn sort_groups(groups: &mut [GroupCount]) {
    groups.sort_by(|a, b| (a.role.is_none(), &a.role, &a.band).cmp(&(b.role.is_none(), &b.role, &b.band)));
}

/// Reads a summary, or says why it is not one (a summary of the first
/// format held suppressed counts, which cannot be added up honestly).
pub fn read(path: &std::path::Path) -> Result<Summary, String> {
    // A summary arrives from a setting: read no more of it than one can be.
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| std::io::Read::read_to_string(&mut std::io::Read::take(f, super::limits::SUMMARY_BYTES + 1), &mut text))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if text.len() as u64 > super::limits::SUMMARY_BYTES {
        return Err(format!(
            "{}: larger than the {} a summary.json can be; it was not written by framewright harvest: ask the setting for it again",
            path.display(),
            super::limits::size(super::limits::SUMMARY_BYTES)
        ));
    }
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{}:{}:{}: not a framewright summary.json: {e}", path.display(), e.line(), e.column()))?;
    match value.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        Some(FORMAT_1) => {
            return Err(format!(
                "{}: a summary made by an older framewright (`{FORMAT_1}`), whose counts of 1 to 4 were already hidden, \
                 so it cannot be added up into true totals; ask the setting to harvest its forms again with this \
                 framewright and send the new summary.json",
                path.display()
            ));
        }
        Some(other) => {
            return Err(format!("{}: a summary in the format `{other}`; this framewright reads `{FORMAT}`", path.display()));
        }
        None => return Err(format!("{}: not a framewright summary.json (it has no `format`)", path.display())),
    }
    serde_json::from_value(value).map_err(|e| format!("{}: not a framewright summary.json: {e}", path.display()))
}

/// Merges summaries (the first's look and language): exact counts add up.
/// Frameworks are told apart by id; the editions of one framework merge,
/// statements by stable id, and names (titles, roles, domains) are the
/// latest edition's.
pub fn merge(parts: Vec<Summary>) -> Option<Summary> {
    let mut merged = parts.first()?.clone();
    merged.frameworks.clear();
    merged.summaries = parts.iter().map(|p| p.summaries).sum();
    merged.settings = parts.iter().flat_map(|p| p.settings.clone()).collect();
    merged.settings.sort();
    merged.settings.dedup();
    merged.date = parts.iter().map(|p| p.date.clone()).max().unwrap_or_default();
    let mut by_id: BTreeMap<String, Vec<FrameworkSummary>> = BTreeMap::new();
    for fw in parts.into_iter().flat_map(|p| p.frameworks) {
        by_id.entry(fw.id.clone()).or_default().push(fw);
    }
    for (_, mut editions) in by_id {
        // Oldest first, so the latest edition's names are the last written.
        editions.sort_by_key(|f| f.versions.iter().map(|v| version_key(v)).max());
        let mut into = editions.remove(0);
        for fw in editions {
            merge_framework(&mut into, fw);
        }
        merged.frameworks.push(into);
    }
    Some(merged)
}

fn union(into: &mut Vec<String>, more: Vec<String>) {
    into.extend(more);
    into.sort_by_key(|v| version_key(v));
    into.dedup();
}

fn merge_framework(into: &mut FrameworkSummary, fw: FrameworkSummary) {
    into.title = fw.title;
    union(&mut into.versions, fw.versions);
    into.people += fw.people;
    into.refreshers_overdue += fw.refreshers_overdue;
    for g in fw.completion {
        match into.completion.iter_mut().find(|x| x.role == g.role && x.band == g.band) {
            Some(x) => {
                x.people += g.people;
                x.complete += g.complete;
                x.role_name = g.role_name;
                x.band_name = g.band_name;
            }
            None => into.completion.push(g),
        }
    }
    sort_groups(&mut into.completion);
    // The latest edition's domains first, in its order, then any it dropped.
    let mut domains = fw.domains;
    for d in std::mem::take(&mut into.domains) {
        if !domains.iter().any(|x| x.id == d.id) {
            domains.push(d);
        }
    }
    into.domains = domains;
    for s in fw.statements {
        match into.statements.iter_mut().find(|x| x.id == s.id) {
            Some(x) => {
                x.rated += s.rated;
                x.below += s.below;
                x.text = s.text;
                x.domain = s.domain;
                union(&mut x.versions, s.versions);
            }
            None => into.statements.push(s),
        }
    }
    for t in fw.training {
        match into.training.iter_mut().find(|x| x.id == t.id) {
            Some(x) => {
                x.people += t.people;
                x.title = t.title;
                x.statements.extend(t.statements);
                x.statements.sort();
                x.statements.dedup();
            }
            None => into.training.push(t),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn summary(setting: &str, version: &str, groups: &[(Option<&str>, u64, u64)], statements: &[(&str, u64, u64)]) -> Summary {
        Summary {
            format: FORMAT.into(),
            date: "2025-01-01".into(),
            summaries: 1,
            settings: vec![setting.into()],
            lang: "en".into(),
            branding: Branding::default(),
            publisher: "P".into(),
            frameworks: vec![FrameworkSummary {
                id: "f".into(),
                title: format!("F {version}"),
                versions: vec![version.into()],
                people: groups.iter().map(|g| g.1).sum(),
                completion: groups
                    .iter()
                    .map(|&(role, people, complete)| GroupCount {
                        role: role.map(String::from),
                        role_name: role.map(|r| format!("Role {r}")),
                        band: None,
                        band_name: None,
                        people,
                        complete,
                    })
                    .collect(),
                domains: vec![Domain { id: "d".into(), title: "D".into() }],
                statements: statements
                    .iter()
                    .map(|&(id, rated, below)| StatementCount {
                        id: id.into(),
                        domain: Some("d".into()),
                        text: id.to_uppercase(),
                        rated,
                        below,
                        versions: vec![version.into()],
                    })
                    .collect(),
                // Everyone below "met" on the first statement needs the option.
                training: vec![TrainingCount {
                    id: "t".into(),
                    title: "T".into(),
                    people: statements.first().map_or(0, |s| s.2),
                    statements: vec!["s1".into()],
                }],
                refreshers_overdue: 1,
            }],
        }
    }

    #[test]
    fn merges_add_exact_counts_across_editions() {
        let a = summary("A", "1.0", &[(Some("g1"), 3, 1), (None, 1, 0)], &[("s1", 4, 3), ("old", 4, 1)]);
        let b = summary("B", "2.0", &[(Some("g1"), 2, 2)], &[("s1", 2, 1), ("new", 2, 2)]);
        let c = summary("C", "1.0", &[(Some("g2"), 6, 5)], &[("s1", 6, 0)]);
        let merged = merge(vec![a, b, c]).unwrap();
        assert_eq!(merged.frameworks.len(), 1, "two editions of one framework are one area");
        let fw = &merged.frameworks[0];
        assert_eq!(
            (fw.people, fw.refreshers_overdue, &fw.versions, fw.title.as_str()),
            (12, 3, &vec!["1.0".to_string(), "2.0".into()], "F 2.0")
        );
        let group = |role: Option<&str>| fw.completion.iter().find(|g| g.role.as_deref() == role).map(|g| (g.people, g.complete));
        assert_eq!((group(Some("g1")), group(Some("g2")), group(None)), (Some((5, 3)), Some((6, 5)), Some((1, 0))));
        assert_eq!(fw.completion.last().unwrap().role, None, "role not given comes last");
        let s1 = fw.statements.iter().find(|s| s.id == "s1").unwrap();
        assert_eq!((s1.rated, s1.below, s1.versions.len()), (12, 4, 2));
        assert_eq!(fw.training[0].people, 4);
        assert_eq!((merged.summaries, merged.settings.len()), (3, 3));
    }

    #[test]
    fn versions_order_as_numbered() {
        let mut v = vec!["1.10", "1.9", "2.0", "1.0a", "1.0"];
        v.sort_by_key(|v| version_key(v));
        assert_eq!(v, ["1.0", "1.0a", "1.9", "1.10", "2.0"]);
    }

    #[test]
    fn a_summary_of_the_first_format_is_refused() {
        let dir = std::env::temp_dir().join(format!("framewright-summary-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("summary.json");
        std::fs::write(&path, r#"{"format": "framewright-summary/1", "frameworks": []}"#).unwrap();
        let message = read(&path).unwrap_err();
        assert!(message.contains("harvest its forms again"), "{message}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
