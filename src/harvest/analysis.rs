//! The training needs analysis of a harvest, per framework: who completed
//! their form (by role and band), which statements most people are below
//! the "met" line on, the gaps per domain, the training options that close
//! the most gaps and how many people each serves, the refresher dates due,
//! and one training plan per person. The report templates, the workbook
//! and the Word report all read this one structure.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::Harvest;
use super::editions;
use super::matching::Sources;
use super::submission::{RowStatus, Submission};
use crate::model::dates::{self, add_months};
use crate::model::{Branding, Date, Framework, Id, Role};
use crate::plan::field::SignoffMeaning;

#[derive(Clone, Debug, Serialize)]
pub struct Analysis {
    /// The date the report is about (refreshers due before it are overdue).
    pub date: Date,
    /// People harvested, over every framework.
    pub people: usize,
    /// The look of the report: the first framework's branding, publisher and language.
    pub branding: Branding,
    pub publisher: String,
    pub lang: String,
    pub frameworks: Vec<FrameworkAnalysis>,
    /// Returns to chase: files that could not be used, people with no return.
    pub chase: Vec<super::chase::Chase>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FrameworkAnalysis {
    pub id: String,
    pub title: String,
    pub version: String,
    pub publisher: String,
    pub people: usize,
    /// The settings named in the sign-offs, sorted.
    pub settings: Vec<String>,
    pub completion: Vec<GroupCompletion>,
    /// Every statement rated by someone, most below the "met" line first.
    pub statements: Vec<StatementGap>,
    pub domains: Vec<DomainGap>,
    /// Training options that close at least one gap, those closing the most first.
    pub training: Vec<TrainingNeed>,
    pub refreshers: Vec<RefresherDue>,
    pub plans: Vec<PersonPlan>,
    /// The editions the people counted filled in, and what changed since.
    pub editions: editions::Editions,
}

/// Completion of the forms of one role and band.
#[derive(Clone, Debug, Serialize)]
pub struct GroupCompletion {
    pub role: String,
    /// The framework's role the group is (the role pack's, or the one the
    /// sign-off names by id or name), and its name; none when the role
    /// written is not one of the framework's.
    pub role_id: Option<Id>,
    pub role_name: String,
    pub band: String,
    pub band_id: Option<Id>,
    pub people: usize,
    /// People who rated every statement.
    pub complete: usize,
    pub rated: usize,
    pub total: usize,
    pub share: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct StatementGap {
    pub id: Id,
    pub text: String,
    pub domain: String,
    pub domain_id: Option<Id>,
    /// People who rated it, and how many of them below the "met" line.
    pub rated: usize,
    pub below: usize,
    pub share_below: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct DomainGap {
    pub id: Id,
    pub title: String,
    /// Ratings given in the domain, and how many below the "met" line.
    pub rated: usize,
    pub below: usize,
    pub share_below: f64,
    /// People with at least one gap in the domain.
    pub people: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct TrainingNeed {
    pub id: Id,
    pub title: String,
    pub format: String,
    pub provider: Option<String>,
    /// Gaps (person × statement) it closes, and the people with one.
    pub gaps: usize,
    pub people: usize,
    pub statements: Vec<Id>,
}

/// When a person's refresher training is due: counted from the last
/// training they gave at sign-off (the well-known sign-off id
/// `last_training`), else from the date they signed off the
/// self-assessment; with neither readable, `since` and `due` are none and
/// the person is still listed, to be asked.
#[derive(Clone, Debug, Serialize)]
pub struct RefresherDue {
    pub person: String,
    pub role: String,
    pub from: DatedFrom,
    pub since: Option<Date>,
    pub every: String,
    pub due: Option<Date>,
    pub overdue: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DatedFrom {
    LastTraining,
    SelfAssessment,
    Unknown,
}

#[derive(Clone, Debug, Serialize)]
pub struct PersonPlan {
    pub person: String,
    /// Empty when neither the sign-off nor the staff list gives one.
    pub job_title: String,
    pub role: String,
    pub band: String,
    pub setting: String,
    pub file: String,
    pub completion: f64,
    pub gaps: Vec<PersonGap>,
    /// Statements asked but not rated.
    pub not_rated: Vec<Id>,
    pub training: Vec<PersonTraining>,
    pub refresher_due: Option<Date>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PersonGap {
    pub statement: Id,
    pub text: String,
    pub rating: String,
    pub action: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PersonTraining {
    pub id: Id,
    pub title: String,
    pub closes: Vec<Id>,
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { ((part as f64 / whole as f64) * 1000.0).round() / 1000.0 }
}

/// The date a report is about: `SOURCE_DATE_EPOCH` when set, else the
/// latest sign-off date harvested, else the earliest publication date of
/// the sources; never the clock, so the same inputs give the same report.
pub fn report_date(harvest: &Harvest, sources: &Sources) -> Date {
    let from_env = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok())
        .map(|t| Date { year: t.year() as u16, month: u8::from(t.month()), day: t.day() });
    from_env
        .or_else(|| harvest.submissions.iter().filter_map(|s| s.signed_off).max())
        .or_else(|| sources.sources.iter().map(|s| s.fw.framework.published).min())
        .unwrap_or_default()
}

pub fn analyse(harvest: &Harvest, sources: &Sources, date: Date) -> Analysis {
    let mut frameworks = Vec::new();
    let ids: BTreeSet<&str> = harvest.submissions.iter().map(|s| s.identity.framework.as_str()).collect();
    for id in ids {
        let Some(source) = sources.current(id) else { continue };
        let people: Vec<&Submission> = harvest.submissions.iter().filter(|s| s.identity.framework == id).collect();
        frameworks.push(framework(&source.fw, &people, date, editions::editions(sources, source, &people)));
    }
    let first = frameworks.first().and_then(|f| sources.current(&f.id)).or(sources.sources.first());
    Analysis {
        date,
        people: harvest.submissions.len(),
        branding: first.map_or_else(Branding::default, |s| s.fw.packs.branding.clone()),
        publisher: first.map(|s| s.fw.framework.publisher.clone()).unwrap_or_default(),
        lang: first.map(|s| s.fw.framework.lang()).unwrap_or_else(|| "en".into()),
        frameworks,
        chase: harvest.chase.clone(),
    }
}

fn statement_text(fw: &Framework, id: &Id) -> String {
    fw.statements().find(|s| s.id.value == *id).map(|s| s.text.value.clone()).unwrap_or_default()
}

/// The framework's role `written` names: its id or its name, or one of its
/// example job titles when only one role has it (case and spaces aside).
/// Anything else is not a role of the framework.
pub fn framework_role<'f>(fw: &'f Framework, written: &str) -> Option<&'f Role> {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let written = norm(written);
    if written.is_empty() {
        return None;
    }
    if let Some(role) = fw.roles.iter().find(|r| norm(r.id.value.as_str()) == written || norm(&r.name) == written) {
        return Some(role);
    }
    let by_example: Vec<&Role> = fw.roles.iter().filter(|r| r.examples.iter().any(|e| norm(e) == written)).collect();
    match by_example.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// `s`'s refresher, if their pack has a refresher rule.
fn refresher(s: &Submission, date: Date) -> Option<RefresherDue> {
    let every = s.refresh_every?;
    let trained = s.signoff.get(SignoffMeaning::LastTraining.id()).and_then(|d| dates::parse(d));
    let (from, since) = match (trained, s.signed_off) {
        (Some(d), _) => (DatedFrom::LastTraining, Some(d)),
        (None, Some(d)) => (DatedFrom::SelfAssessment, Some(d)),
        (None, None) => (DatedFrom::Unknown, None),
    };
    let due = since.map(|d| add_months(d, every.months));
    Some(RefresherDue {
        person: s.person.clone(),
        role: s.role.clone(),
        from,
        since,
        every: every.to_string(),
        due,
        overdue: due.is_some_and(|d| d < date),
    })
}

fn framework(fw: &Framework, people: &[&Submission], date: Date, editions: editions::Editions) -> FrameworkAnalysis {
    let meta = &fw.framework;
    let domain_title = |id: &Id| fw.domains.iter().find(|d| d.id.value == *id).map(|d| d.title.clone()).unwrap_or_default();

    let mut groups: BTreeMap<(String, String), GroupCompletion> = BTreeMap::new();
    for s in people {
        // Empty when not given: the report words that.
        let role = s.role.clone();
        let band = s.band_name.clone().unwrap_or_default();
        let matched = framework_role(fw, &s.role);
        let g = groups.entry((role.clone(), band.clone())).or_insert(GroupCompletion {
            role,
            role_id: matched.map(|r| r.id.value.clone()),
            role_name: matched.map(|r| r.name.clone()).unwrap_or_default(),
            band,
            band_id: s.band.clone(),
            people: 0,
            complete: 0,
            rated: 0,
            total: 0,
            share: 0.0,
        });
        g.people += 1;
        g.complete += usize::from(s.completion.rated == s.completion.total);
        g.rated += s.completion.rated;
        g.total += s.completion.total;
    }
    let completion = groups
        .into_values()
        .map(|mut g| {
            g.share = share(g.rated, g.total);
            g
        })
        .collect();

    // Ratings of current statements, by statement and by domain.
    let mut by_statement: BTreeMap<Id, (usize, usize, Option<Id>)> = BTreeMap::new();
    let mut by_domain: BTreeMap<Id, (usize, usize, BTreeSet<usize>)> = BTreeMap::new();
    for (person, s) in people.iter().enumerate() {
        for row in s.rows.iter().filter(|r| r.status == RowStatus::Current) {
            let Some(met) = row.met else { continue };
            let e = by_statement.entry(row.statement.clone()).or_insert((0, 0, row.domain.clone()));
            e.0 += 1;
            e.1 += usize::from(!met);
            if let Some(domain) = &row.domain {
                let d = by_domain.entry(domain.clone()).or_default();
                d.0 += 1;
                d.1 += usize::from(!met);
                if !met {
                    d.2.insert(person);
                }
            }
        }
    }
    let mut statements: Vec<StatementGap> = by_statement
        .into_iter()
        .map(|(id, (rated, below, domain))| StatementGap {
            text: statement_text(fw, &id),
            domain: domain.as_ref().map(domain_title).unwrap_or_default(),
            domain_id: domain,
            id,
            rated,
            below,
            share_below: share(below, rated),
        })
        .collect();
    // By the number of people below "met": one person's rating at 100 %
    // is not the biggest gap of a school of sixty.
    statements.sort_by(|a, b| b.below.cmp(&a.below).then(b.share_below.total_cmp(&a.share_below)).then(a.id.cmp(&b.id)));
    // Domains in source order.
    let domains = fw
        .domains
        .iter()
        .filter_map(|d| {
            let (rated, below, who) = by_domain.get(&d.id.value)?;
            Some(DomainGap {
                id: d.id.value.clone(),
                title: d.title.clone(),
                rated: *rated,
                below: *below,
                share_below: share(*below, *rated),
                people: who.len(),
            })
        })
        .collect();

    // Every training option of the source, against everyone's gaps.
    let mut training: Vec<TrainingNeed> = fw
        .training
        .iter()
        .filter_map(|t| {
            let closes: BTreeSet<&Id> = t.statements.iter().map(|s| &s.value).collect();
            let fits_band = |s: &Submission| s.band.as_ref().is_none_or(|b| t.bands.is_empty() || t.bands.iter().any(|tb| tb.value == *b));
            let mut gaps = 0;
            let mut served = 0;
            let mut statements = BTreeSet::new();
            for s in people.iter().filter(|s| fits_band(s)) {
                let closed: Vec<&Id> = s.gaps().map(|r| &r.statement).filter(|id| closes.contains(id)).collect();
                gaps += closed.len();
                served += usize::from(!closed.is_empty());
                statements.extend(closed.into_iter().cloned());
            }
            (gaps > 0).then(|| TrainingNeed {
                id: t.id.value.clone(),
                title: t.title.clone(),
                format: serde_json::to_value(t.format).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
                provider: t.provider.clone(),
                gaps,
                people: served,
                statements: statements.into_iter().collect(),
            })
        })
        .collect();
    training.sort_by(|a, b| b.gaps.cmp(&a.gaps).then(b.people.cmp(&a.people)).then(a.id.cmp(&b.id)));

    let mut refreshers: Vec<RefresherDue> = people.iter().filter_map(|s| refresher(s, date)).collect();
    // Undated last, to be asked; then soonest due first.
    refreshers.sort_by(|a, b| (a.due.is_none(), a.due, &a.person).cmp(&(b.due.is_none(), b.due, &b.person)));

    let mut plans: Vec<PersonPlan> = people
        .iter()
        .map(|s| PersonPlan {
            person: s.person.clone(),
            job_title: s.job_title.clone(),
            role: s.role.clone(),
            band: s.band_name.clone().unwrap_or_default(),
            setting: s.setting.clone(),
            file: s.file.clone(),
            completion: share(s.completion.rated, s.completion.total),
            gaps: s
                .gaps()
                .map(|r| PersonGap {
                    statement: r.statement.clone(),
                    text: statement_text(fw, &r.statement),
                    rating: r.rating.clone().unwrap_or_default(),
                    action: r.action.clone(),
                })
                .collect(),
            not_rated: s.rows.iter().filter(|r| r.status == RowStatus::Current && r.met.is_none()).map(|r| r.statement.clone()).collect(),
            training: s
                .training
                .iter()
                .map(|t| PersonTraining { id: t.id.clone(), title: t.title.clone(), closes: t.closes.clone() })
                .collect(),
            refresher_due: refresher(s, date).and_then(|r| r.due),
        })
        .collect();
    plans.sort_by(|a, b| a.person.cmp(&b.person).then(a.file.cmp(&b.file)));
    let settings: BTreeSet<String> = people.iter().map(|s| s.setting.clone()).filter(|s| !s.is_empty()).collect();

    FrameworkAnalysis {
        id: meta.id.value.0.clone(),
        title: meta.title.clone(),
        version: meta.version.clone(),
        publisher: meta.publisher.clone(),
        people: people.len(),
        settings: settings.into_iter().collect(),
        completion,
        statements,
        domains,
        training,
        refreshers,
        plans,
        editions,
    }
}
