//! The summary a setting sends to the council (`summary.json`, format
//! `framewright-summary/2`): **exact** counts by the framework's own ids
//! (roles, bands, domains, statements, training options), never names or
//! anything a person typed. It is sent, not published: what is published
//! is [`super::publish`]'s view of it, with small counts suppressed.
//!
//! Many settings' summaries merge (`harvest --merge`) into the council's
//! view: exact counts add up, frameworks by id, statements by stable id
//! across editions, one row of returns per setting, and suppression is
//! applied once, to what is shown. Given the settings it expects
//! (`--settings`, read by [`read_settings`]), the council's view lists
//! those that sent nothing.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::analysis::{Analysis, FrameworkAnalysis, framework_role};
use super::chase::StaffList;
use super::dedupe::normalise;
use super::matching::Sources;
use crate::model::{Branding, Framework, version_key};

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
    /// The settings counted, by the names their summaries give.
    pub settings: Vec<String>,
    /// The settings the council expects that sent no summary; none when
    /// it gave no list of them.
    pub missing: Option<Vec<String>>,
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
    /// Per setting: the staff it expects forms from, and its people counted.
    pub returns: Vec<SettingReturns>,
    /// Per framework role, the people with a gap (the role's people are
    /// its completion groups').
    pub roles: Vec<RoleGaps>,
    /// People by the month their refresher training falls due, earliest
    /// first (the month, not the day: it is all the council plans by, and
    /// counts by month add up whatever date each setting harvested on).
    pub refreshers: Vec<DueMonth>,
}

/// One setting's returns of a framework.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SettingReturns {
    /// The setting's name (`harvest --setting`, else the one its staff
    /// list or its sign-offs give); none when they name several.
    pub setting: Option<String>,
    /// Staff expected to return a form (the staff list's people, or
    /// `harvest --expected`); none when the setting did not say.
    pub expected: Option<u64>,
    /// People counted (a person of the staff list or not).
    pub people: u64,
    /// People who rated every statement.
    pub complete: u64,
}

/// The people of one framework role (`None`: not given or not the
/// framework's) with a gap: at least one statement rated below "met".
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RoleGaps {
    pub role: Option<String>,
    pub role_name: Option<String>,
    pub with_gaps: u64,
}

/// People whose refresher falls due in `month` (`YYYY-MM`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct DueMonth {
    pub month: String,
    pub people: u64,
}

/// What a setting says of itself when it harvests: its name as the
/// council lists it, and how many staff it expects forms from.
#[derive(Clone, Debug, Default)]
pub struct Sender {
    pub setting: Option<String>,
    pub expected: Option<u64>,
}

impl Sender {
    /// `--setting`, else the one setting the staff list names;
    /// `--expected`, else the staff list's people.
    pub fn new(setting: Option<String>, expected: Option<u64>, staff: Option<&StaffList>) -> Self {
        Sender {
            setting: setting.or_else(|| staff.and_then(|s| one_name(s.settings()))),
            expected: expected.or_else(|| staff.map(StaffList::expected)),
        }
    }
}

/// The one name `names` agree on (case and spacing aside), if they do.
fn one_name<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut names = names.into_iter().map(str::trim).filter(|n| !n.is_empty());
    let first = names.next()?;
    names.all(|n| normalise(n) == normalise(first)).then(|| first.to_string())
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

/// The summary of one setting's harvest: `sources` tell the framework's
/// roles, `sender` the setting's name (else the one its sign-offs agree
/// on) and the staff it expects.
pub fn summarise(analysis: &Analysis, sources: &Sources, sender: &Sender) -> Summary {
    let signed = analysis.frameworks.iter().flat_map(|f| f.settings.iter().map(String::as_str));
    let setting = sender.setting.clone().or_else(|| one_name(signed));
    let source = |id: &str| sources.sources.iter().find(|s| s.fw.framework.id.value.0 == id).map(|s| &s.fw);
    Summary {
        format: FORMAT.into(),
        date: analysis.date.to_string(),
        summaries: 1,
        settings: setting.clone().into_iter().collect(),
        missing: None,
        lang: analysis.lang.clone(),
        branding: analysis.branding.clone(),
        publisher: analysis.publisher.clone(),
        frameworks: analysis
            .frameworks
            .iter()
            .map(|fw| framework(fw, source(&fw.id), Sender { setting: setting.clone(), expected: sender.expected }))
            .collect(),
    }
}

/// What the summary cannot say of its setting, for the person harvesting.
pub fn unnamed_note(summary: &Summary) -> Option<String> {
    summary.settings.is_empty().then(|| {
        "the summary names no setting (the sign-offs name none, or several): pass --setting NAME, as the council \
         lists it, so the council can tell whose returns these are"
            .to_string()
    })
}

fn framework(fw: &FrameworkAnalysis, source: Option<&Framework>, sender: Sender) -> FrameworkSummary {
    let n = |x: usize| x as u64;
    // Roles as the framework names them, read the way the analysis reads them.
    let role_of = |written: &str| source.and_then(|f| framework_role(f, written)).map(|r| (r.id.value.0.clone(), r.name.clone()));
    let mut roles: Vec<RoleGaps> = Vec::new();
    // Every role with people has its row, with a gap or not.
    let mut add = |written: &str, gaps: bool| {
        let (role, role_name) = role_of(written).unzip();
        match roles.iter_mut().find(|r| r.role == role) {
            Some(r) => r.with_gaps += u64::from(gaps),
            None => roles.push(RoleGaps { role, role_name, with_gaps: u64::from(gaps) }),
        }
    };
    fw.completion.iter().for_each(|g| add(&g.role, false));
    fw.plans.iter().for_each(|p| add(&p.role, !p.gaps.is_empty()));
    sort_roles(&mut roles);
    let mut refreshers: BTreeMap<String, u64> = BTreeMap::new();
    // Those with no date to count from are the people left over.
    for due in fw.refreshers.iter().filter_map(|r| r.due) {
        *refreshers.entry(format!("{:04}-{:02}", due.year, due.month)).or_default() += 1;
    }
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
        returns: vec![SettingReturns {
            setting: sender.setting,
            expected: sender.expected,
            people: n(fw.people),
            complete: n(fw.completion.iter().map(|g| g.complete).sum()),
        }],
        roles,
        refreshers: refreshers.into_iter().map(|(month, people)| DueMonth { month, people }).collect(),
    }
}

/// Framework roles first (by id), "role not given" last; then by band.
fn sort_groups(groups: &mut [GroupCount]) {
    groups.sort_by(|a, b| (a.role.is_none(), &a.role, &a.band).cmp(&(b.role.is_none(), &b.role, &b.band)));
}

/// Framework roles first (by id), "role not given" last.
fn sort_roles(roles: &mut [RoleGaps]) {
    roles.sort_by(|a, b| (a.role.is_none(), &a.role).cmp(&(b.role.is_none(), &b.role)));
}

/// Named settings by name (case and spacing aside), unnamed ones after, as sent.
fn sort_returns(returns: &mut [SettingReturns]) {
    returns.sort_by_cached_key(|r| (r.setting.is_none(), r.setting.as_deref().map(normalise)));
}

/// The settings the council expects, from `path`: one name a line (blank
/// lines and lines starting with `#` left out), or a CSV file whose
/// header has a `setting` column (an export of the council's list).
pub fn read_settings(path: &Path) -> Result<Vec<String>, String> {
    let text = read_limited(path, "a list of settings can be: give one setting's name a line")?;
    let mut csv = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(true).from_reader(text.as_bytes());
    let column = csv.headers().ok().and_then(|h| h.iter().position(|c| c.eq_ignore_ascii_case("setting")));
    let names: Vec<String> = match column {
        Some(column) => {
            let mut names = Vec::new();
            for (i, record) in csv.records().enumerate() {
                let record = record.map_err(|e| format!("{}:{}: not a CSV row: {e}", path.display(), i + 2))?;
                names.extend(record.get(column).map(str::to_string));
            }
            names
        }
        None => text.lines().map(str::trim).filter(|l| !l.starts_with('#')).map(str::to_string).collect(),
    };
    let mut seen = std::collections::HashSet::new();
    let names: Vec<String> = names.into_iter().filter(|n| !n.is_empty() && seen.insert(normalise(n))).collect();
    if names.is_empty() {
        return Err(format!("{}: names no setting (give one setting's name a line, or a CSV with a `setting` column)", path.display()));
    }
    Ok(names)
}

/// Lists the settings of `expected` that sent nothing in `summary`, and
/// returns the settings counted that `expected` does not name (a name
/// written two ways, most likely).
pub fn expect(summary: &mut Summary, expected: &[String]) -> Vec<String> {
    let sent: Vec<String> = summary.settings.iter().map(|s| normalise(s)).collect();
    let listed: Vec<String> = expected.iter().map(|s| normalise(s)).collect();
    summary.missing = Some(expected.iter().zip(&listed).filter(|(_, n)| !sent.contains(n)).map(|(s, _)| s.clone()).collect());
    summary.settings.iter().zip(&sent).filter(|(_, n)| !listed.contains(n)).map(|(s, _)| s.clone()).collect()
}

/// Reads a summary, or says why it is not one (a summary of the first
/// format held suppressed counts, which cannot be added up honestly).
pub fn read(path: &Path) -> Result<Summary, String> {
    // A summary arrives from a setting: read no more of it than one can be.
    let text = read_limited(path, "a summary.json can be; it was not written by framewright harvest: ask the setting for it again")?;
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

/// The text of `path`, read no further than the 16 MiB a summary (or a
/// list of settings) can be; past it, the error says "larger than the
/// 16 MiB `what`".
fn read_limited(path: &Path, what: &str) -> Result<String, String> {
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| std::io::Read::read_to_string(&mut std::io::Read::take(f, super::limits::SUMMARY_BYTES + 1), &mut text))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if text.len() as u64 > super::limits::SUMMARY_BYTES {
        return Err(format!("{}: larger than the {} {what}", path.display(), super::limits::size(super::limits::SUMMARY_BYTES)));
    }
    Ok(text)
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
    merged.settings.sort_by_cached_key(|s| normalise(s));
    merged.settings.dedup_by_key(|s| normalise(s));
    // A setting missing from one merge and counted in another has sent.
    let sent: Vec<String> = merged.settings.iter().map(|s| normalise(s)).collect();
    let missing: Option<Vec<String>> = parts.iter().filter_map(|p| p.missing.clone()).reduce(|a, b| a.into_iter().chain(b).collect());
    merged.missing = missing.map(|mut m| {
        m.sort_by_cached_key(|s| normalise(s));
        m.dedup_by_key(|s| normalise(s));
        m.retain(|s| !sent.contains(&normalise(s)));
        m
    });
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
    for r in fw.returns {
        let same = |x: &SettingReturns| x.setting.is_some() && x.setting.as_deref().map(normalise) == r.setting.as_deref().map(normalise);
        match into.returns.iter_mut().find(|x| same(x)) {
            // The same setting sent twice (a harvest per key stage, say).
            Some(x) => {
                x.expected = x.expected.zip(r.expected).map(|(a, b)| a + b);
                x.people += r.people;
                x.complete += r.complete;
            }
            None => into.returns.push(r),
        }
    }
    sort_returns(&mut into.returns);
    for r in fw.roles {
        match into.roles.iter_mut().find(|x| x.role == r.role) {
            Some(x) => {
                x.with_gaps += r.with_gaps;
                x.role_name = r.role_name;
            }
            None => into.roles.push(r),
        }
    }
    sort_roles(&mut into.roles);
    for d in fw.refreshers {
        match into.refreshers.iter_mut().find(|x| x.month == d.month) {
            Some(x) => x.people += d.people,
            None => into.refreshers.push(d),
        }
    }
    into.refreshers.sort_by(|a, b| a.month.cmp(&b.month));
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
            missing: None,
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
                returns: vec![SettingReturns {
                    setting: Some(setting.into()),
                    expected: Some(groups.iter().map(|g| g.1).sum::<u64>() + 1),
                    people: groups.iter().map(|g| g.1).sum(),
                    complete: groups.iter().map(|g| g.2).sum(),
                }],
                // Those below "met" on the first statement have a gap.
                roles: groups
                    .iter()
                    .map(|&(role, people, _)| RoleGaps {
                        role: role.map(String::from),
                        role_name: role.map(|r| format!("Role {r}")),
                        with_gaps: people.min(statements.first().map_or(0, |s| s.2)),
                    })
                    .collect(),
                refreshers: vec![DueMonth { month: "2025-02".into(), people: 1 }],
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
        assert_eq!((fw.people, &fw.versions, fw.title.as_str()), (12, &vec!["1.0".to_string(), "2.0".into()], "F 2.0"));
        assert_eq!(fw.refreshers, [DueMonth { month: "2025-02".into(), people: 3 }]);
        let returns: Vec<(Option<&str>, Option<u64>, u64, u64)> =
            fw.returns.iter().map(|r| (r.setting.as_deref(), r.expected, r.people, r.complete)).collect();
        assert_eq!(returns, [(Some("A"), Some(5), 4, 1), (Some("B"), Some(3), 2, 2), (Some("C"), Some(7), 6, 5)]);
        let gaps: Vec<(Option<&str>, u64)> = fw.roles.iter().map(|r| (r.role.as_deref(), r.with_gaps)).collect();
        assert_eq!(gaps, [(Some("g1"), 4), (Some("g2"), 0), (None, 1)]);
        let group = |role: Option<&str>| fw.completion.iter().find(|g| g.role.as_deref() == role).map(|g| (g.people, g.complete));
        assert_eq!((group(Some("g1")), group(Some("g2")), group(None)), (Some((5, 3)), Some((6, 5)), Some((1, 0))));
        assert_eq!(fw.completion.last().unwrap().role, None, "role not given comes last");
        let s1 = fw.statements.iter().find(|s| s.id == "s1").unwrap();
        assert_eq!((s1.rated, s1.below, s1.versions.len()), (12, 4, 2));
        assert_eq!(fw.training[0].people, 4);
        assert_eq!((merged.summaries, merged.settings.len()), (3, 3));
    }

    #[test]
    fn settings_that_sent_nothing_are_listed_and_a_setting_sent_twice_is_one_row() {
        let a = summary("St Mary's", "1.0", &[(Some("g1"), 3, 1)], &[("s1", 3, 1)]);
        let again = summary("st  mary's", "1.0", &[(Some("g1"), 2, 2)], &[("s1", 2, 1)]);
        let mut merged = merge(vec![a, again]).unwrap();
        let expected = ["St Mary's".to_string(), "Oak Hill".into(), "Elm Road".into()];
        assert_eq!(expect(&mut merged, &expected), Vec::<String>::new());
        assert_eq!(merged.missing, Some(vec!["Oak Hill".to_string(), "Elm Road".into()]));
        let returns = &merged.frameworks[0].returns;
        assert_eq!((returns.len(), returns[0].expected, returns[0].people), (1, Some(7), 5));
        // Merged again with Oak Hill's summary: only Elm Road is missing.
        let oak = summary("Oak Hill", "1.0", &[(Some("g1"), 6, 6)], &[("s1", 6, 0)]);
        let area = merge(vec![merged, oak]).unwrap();
        assert_eq!(area.missing, Some(vec!["Elm Road".to_string()]));
        let mut area = area;
        assert_eq!(expect(&mut area, &["Oak Hill".to_string()]), ["St Mary's"], "a setting not on the list is told");
    }

    #[test]
    fn a_list_of_settings_is_lines_or_a_csv_with_a_setting_column() {
        let dir = std::env::temp_dir().join(format!("framewright-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let lines = dir.join("settings.txt");
        std::fs::write(&lines, "# Our schools\nSt Mary's, Hull\n\n  Oak Hill  \nOAK HILL\n").unwrap();
        assert_eq!(read_settings(&lines).unwrap(), ["St Mary's, Hull", "Oak Hill"]);
        let csv = dir.join("settings.csv");
        std::fs::write(&csv, "URN,Setting,Phase\n1001,\"St Mary's, Hull\",Primary\n1002,Oak Hill,Secondary\n").unwrap();
        assert_eq!(read_settings(&csv).unwrap(), ["St Mary's, Hull", "Oak Hill"]);
        std::fs::write(&lines, "# nothing\n\n").unwrap();
        assert!(read_settings(&lines).unwrap_err().contains("names no setting"));
        std::fs::remove_dir_all(&dir).unwrap();
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
