//! The summary for the council (`summary.json`): aggregated counts only,
//! no names and no evidence text, and every count of 1 to 4 people
//! suppressed (written `null`), so no one can be picked out. Many
//! settings' summaries merge (`harvest --merge`) into the council's view
//! of local needs: counts of one framework and version add up; a count
//! suppressed in any summary stays suppressed in the merge, and the merged
//! counts are suppressed again.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::analysis::{Analysis, FrameworkAnalysis};
use crate::model::Branding;

/// Counts below this are suppressed.
pub const SUPPRESS_BELOW: u64 = 5;
/// Marks a file as a framewright summary (and its format's version).
pub const FORMAT: &str = "framewright-summary/1";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Summary {
    pub format: String,
    pub date: String,
    /// How many settings' summaries went into this one.
    pub summaries: u64,
    pub settings: Vec<String>,
    pub lang: String,
    #[serde(skip_deserializing, default = "branding")]
    pub branding: Branding,
    pub publisher: String,
    pub frameworks: Vec<FrameworkSummary>,
}

fn branding() -> Branding {
    Branding::default()
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FrameworkSummary {
    pub id: String,
    pub title: String,
    pub version: String,
    pub people: Option<u64>,
    pub completion: Vec<GroupCount>,
    pub domains: Vec<Cell>,
    pub statements: Vec<Cell>,
    pub training: Vec<Cell>,
    pub refreshers_overdue: Option<u64>,
}

/// People of one role and band, and how many completed their form.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct GroupCount {
    pub role: String,
    pub band: String,
    pub people: Option<u64>,
    pub complete: Option<u64>,
}

/// A domain, statement or training option: its count (ratings, or people
/// served), how many of them are below "met", and the share.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Cell {
    pub id: String,
    pub title: String,
    pub count: Option<u64>,
    pub below: Option<u64>,
    pub share_below: Option<f64>,
}

/// `n`, or nothing when it is 1 to 4 people.
fn suppress(n: u64) -> Option<u64> {
    (n == 0 || n >= SUPPRESS_BELOW).then_some(n)
}

fn share(below: Option<u64>, count: Option<u64>) -> Option<f64> {
    match (below, count) {
        (Some(b), Some(c)) if c > 0 => Some(((b as f64 / c as f64) * 1000.0).round() / 1000.0),
        _ => None,
    }
}

fn cell(id: String, title: String, count: u64, below: u64) -> Cell {
    let (count, below) = (suppress(count), suppress(below));
    Cell { id, title, count, below, share_below: share(below, count) }
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
    FrameworkSummary {
        id: fw.id.clone(),
        title: fw.title.clone(),
        version: fw.version.clone(),
        people: suppress(n(fw.people)),
        completion: fw
            .completion
            .iter()
            .map(|g| GroupCount {
                role: g.role.clone(),
                band: g.band.clone(),
                people: suppress(n(g.people)),
                complete: suppress(n(g.complete)),
            })
            .collect(),
        // Domain and statement cells count people: each rates a statement once.
        domains: fw.domains.iter().map(|d| cell(d.id.0.clone(), d.title.clone(), n(d.rated), n(d.below))).collect(),
        statements: fw.statements.iter().map(|s| cell(s.id.0.clone(), s.text.clone(), n(s.rated), n(s.below))).collect(),
        training: fw.training.iter().map(|t| cell(t.id.0.clone(), t.title.clone(), n(t.people), 0)).collect(),
        refreshers_overdue: suppress(n(fw.refreshers.iter().filter(|r| r.overdue).count())),
    }
}

/// Reads a summary, or says why it is not one.
pub fn read(path: &std::path::Path) -> Result<Summary, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let summary: Summary = serde_json::from_str(&text)
        .map_err(|e| format!("{}:{}:{}: not a framewright summary.json: {e}", path.display(), e.line(), e.column()))?;
    if summary.format != FORMAT {
        return Err(format!("{}: a summary in the format `{}`; this framewright reads `{FORMAT}`", path.display(), summary.format));
    }
    Ok(summary)
}

/// Adds two suppressed counts: unknown if either is.
fn add(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    Some(a? + b?)
}

/// Merges summaries (the first's look and language); frameworks are told
/// apart by id and version, rows by id (or role and band).
pub fn merge(mut parts: Vec<Summary>) -> Option<Summary> {
    let mut merged = parts.first()?.clone();
    merged.frameworks.clear();
    merged.summaries = 0;
    merged.settings.clear();
    merged.date = parts.iter().map(|p| p.date.clone()).max().unwrap_or_default();
    let mut frameworks: BTreeMap<(String, String), FrameworkSummary> = BTreeMap::new();
    for part in parts.drain(..) {
        merged.summaries += part.summaries;
        merged.settings.extend(part.settings);
        for fw in part.frameworks {
            match frameworks.get_mut(&(fw.id.clone(), fw.version.clone())) {
                None => {
                    frameworks.insert((fw.id.clone(), fw.version.clone()), fw);
                }
                Some(into) => merge_framework(into, fw),
            }
        }
    }
    merged.settings.sort();
    merged.settings.dedup();
    merged.frameworks = frameworks
        .into_values()
        .map(|mut fw| {
            fw.people = fw.people.and_then(suppress);
            for list in [&mut fw.domains, &mut fw.statements, &mut fw.training] {
                for c in list.iter_mut() {
                    *c = Cell { count: c.count.and_then(suppress), below: c.below.and_then(suppress), ..c.clone() };
                    c.share_below = share(c.below, c.count);
                }
            }
            fw.statements.sort_by(|a, b| b.share_below.unwrap_or(-1.0).total_cmp(&a.share_below.unwrap_or(-1.0)).then(a.id.cmp(&b.id)));
            fw
        })
        .collect();
    Some(merged)
}

fn merge_framework(into: &mut FrameworkSummary, fw: FrameworkSummary) {
    into.people = add(into.people, fw.people);
    into.refreshers_overdue = add(into.refreshers_overdue, fw.refreshers_overdue);
    for g in fw.completion {
        match into.completion.iter_mut().find(|x| x.role == g.role && x.band == g.band) {
            Some(x) => {
                x.people = add(x.people, g.people);
                x.complete = add(x.complete, g.complete);
            }
            None => into.completion.push(g),
        }
    }
    into.completion.sort_by(|a, b| (&a.role, &a.band).cmp(&(&b.role, &b.band)));
    for (list, more) in [(&mut into.domains, fw.domains), (&mut into.statements, fw.statements), (&mut into.training, fw.training)] {
        for c in more {
            match list.iter_mut().find(|x| x.id == c.id) {
                Some(x) => {
                    x.count = add(x.count, c.count);
                    x.below = add(x.below, c.below);
                }
                None => list.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(people: u64, rated: u64, below: u64) -> Summary {
        Summary {
            format: FORMAT.into(),
            date: "2025-01-01".into(),
            summaries: 1,
            settings: vec![format!("School {people}")],
            lang: "en".into(),
            branding: branding(),
            publisher: "P".into(),
            frameworks: vec![FrameworkSummary {
                id: "f".into(),
                title: "F".into(),
                version: "1".into(),
                people: suppress(people),
                completion: vec![],
                domains: vec![cell("d".into(), "D".into(), rated, below)],
                statements: vec![],
                training: vec![],
                refreshers_overdue: suppress(0),
            }],
        }
    }

    #[test]
    fn small_counts_are_suppressed_and_merges_add_up() {
        let small = summary(3, 3, 1);
        assert_eq!(small.frameworks[0].people, None);
        assert_eq!(small.frameworks[0].domains[0].count, None);
        let merged = merge(vec![summary(6, 12, 6), summary(10, 20, 5)]).unwrap();
        let fw = &merged.frameworks[0];
        assert_eq!(
            (fw.people, fw.domains[0].count, fw.domains[0].below, fw.domains[0].share_below),
            (Some(16), Some(32), Some(11), Some(0.344))
        );
        assert_eq!((merged.summaries, merged.settings.len()), (2, 2));
        // A part suppressed anywhere keeps the merged count unknown.
        let merged = merge(vec![summary(6, 12, 6), small]).unwrap();
        assert_eq!((merged.frameworks[0].people, merged.frameworks[0].domains[0].below), (None, None));
    }
}
