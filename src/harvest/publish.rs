//! What is published of a summary (`summary.pdf`, and its data as
//! `summary-published.json`): the tables of each framework with the
//! disclosure control of [`super::disclosure`] applied once, to what is
//! shown, and the words of the strings table's `[summary]` section.
//!
//! The tables and how a reader can relate them (each a line of
//! [`Cells`]):
//!
//! - completion: people per role and band, adding up to all people; the
//!   people who completed their form per group, adding up to all who did
//!   (each at most its group);
//! - statements: people who rated each, and of them how many are below
//!   "met" (hidden together, as the share gives one from the other);
//! - domains: the ratings and the ratings below "met" of their statements,
//!   which add up to the domain's;
//! - training options: people with a gap the option closes (at most the
//!   people below "met" on the statements it closes, and hidden whenever
//!   it closes only one and that one is hidden);
//! - returns per setting: the people each setting counted, adding up to
//!   all people, and its completed forms, adding up to all who completed
//!   (the staff each setting expects is its own figure, shown as given);
//! - gaps per role: a role's people (its completion groups' sum) and how
//!   many of them have a gap (at most its people);
//! - refreshers by when they fall due (overdue, in the next 3 months, in
//!   3 to 6, in 6 to 12, later, no date known), adding up to all people.
//!
//! Rankings are among shown cells only: a hidden statement or option is
//! listed after the ranked ones, by id, never by its hidden value.

use serde::Serialize;

use super::disclosure::Cells;
use super::summary::{FrameworkSummary, Summary};
use crate::model::{Branding, Wording};
use crate::plan::wording::{Piece, Speaker, pieces};

#[derive(Clone, Debug, Serialize)]
pub struct Published {
    pub lang: String,
    pub publisher: String,
    pub branding: Branding,
    pub date: String,
    pub summaries: u64,
    pub settings: Vec<String>,
    /// The settings expected that sent nothing (none: no list was given),
    /// and the sentence saying so (empty without a list).
    pub missing: Option<Vec<String>>,
    pub missing_note: String,
    /// The `[summary]` words, rendered.
    pub text: serde_json::Value,
    /// The date as people write it, and the footer's "page X of Y".
    pub date_text: String,
    pub page: Vec<Piece>,
    pub frameworks: Vec<PublishedFramework>,
}

/// A count as published: `None` when hidden.
type Shown = Option<u64>;

#[derive(Clone, Debug, Serialize)]
pub struct PublishedFramework {
    pub id: String,
    pub title: String,
    pub versions: Vec<String>,
    /// The line under the heading (versions, people, settings, date).
    pub about: String,
    pub people: Shown,
    pub completion: Vec<Group>,
    /// People who completed their form, over every group.
    pub complete: Shown,
    pub domains: Vec<DomainRow>,
    /// Shown statements ranked by people below "met" (then share, then
    /// id), then the hidden ones by id.
    pub statements: Vec<StatementRow>,
    /// How many statements are hidden, and the sentence saying so.
    pub hidden_statements: usize,
    pub hidden_note: String,
    pub training: Vec<TrainingRow>,
    /// One row per setting, then the total of them all.
    pub returns: Vec<ReturnsRow>,
    pub returns_total: ReturnsRow,
    pub roles: Vec<RoleRow>,
    /// The refreshers by when they fall due, adding up to all people.
    pub refreshers: Vec<RefresherRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ReturnsRow {
    /// The setting's name, the words for an unnamed one, or for the total.
    pub setting: String,
    /// The staff it expects (its own figure; none when not given).
    pub expected: Option<u64>,
    pub people: Shown,
    pub complete: Shown,
    /// People counted of the staff expected.
    pub share_returned: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RoleRow {
    pub role: Option<String>,
    pub name: String,
    pub people: Shown,
    /// People with at least one statement below "met".
    pub with_gaps: Shown,
    pub share_with_gaps: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RefresherRow {
    /// `overdue`, `months_3`, `months_6`, `months_12`, `later` or `unknown`.
    pub when: &'static str,
    pub name: String,
    pub people: Shown,
}

#[derive(Clone, Debug, Serialize)]
pub struct Group {
    /// The framework's role id, none for "role not given".
    pub role: Option<String>,
    /// The role's name, or the words for "role not given".
    pub name: String,
    pub band: Option<String>,
    pub people: Shown,
    pub complete: Shown,
}

#[derive(Clone, Debug, Serialize)]
pub struct DomainRow {
    pub id: String,
    pub title: String,
    pub rated: Shown,
    pub below: Shown,
    pub share_below: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StatementRow {
    pub id: String,
    /// The domain's id and title.
    pub domain: Option<String>,
    pub domain_title: Option<String>,
    pub text: String,
    pub versions: Vec<String>,
    pub rated: Shown,
    pub below: Shown,
    pub share_below: Option<f64>,
    /// 1 for the most people below "met"; none when hidden.
    pub rank: Option<usize>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TrainingRow {
    pub id: String,
    pub title: String,
    /// The statements it closes a gap in (what the source says of it).
    pub statements: Vec<String>,
    pub people: Shown,
    pub rank: Option<usize>,
}

fn share(below: Shown, rated: Shown) -> Option<f64> {
    match (below, rated) {
        (Some(b), Some(r)) if r > 0 => Some(((b as f64 / r as f64) * 1000.0).round() / 1000.0),
        _ => None,
    }
}

/// The published view of `summary`, worded with `wording`.
pub fn publish(summary: &Summary, wording: &Wording) -> Published {
    let date = crate::model::dates::parse(&summary.date);
    let facts = |marker: &str, date_text: &str| {
        serde_json::json!({
            "summaries": summary.summaries,
            "settings": summary.settings,
            "date": date_text,
            "suppressed": marker,
        })
    };
    let mut speaker = Speaker::new(wording, facts("", &summary.date));
    let date_text = date.map_or_else(|| summary.date.clone(), |d| speaker.date(d));
    let marker = speaker.say("summary.suppressed");
    speaker.set_facts(facts(&marker, &date_text));
    let text = serde_json::to_value(speaker.section("summary")).unwrap_or_default();
    let not_given = speaker.say("summary.role_not_given");
    let missing_note = summary
        .missing
        .as_ref()
        .map_or_else(String::new, |names| speaker.say_with("summary.missing", serde_json::json!({ "names": names })));
    let month = date.map(|d| i64::from(d.year) * 12 + i64::from(d.month) - 1);
    Published {
        lang: summary.lang.clone(),
        publisher: summary.publisher.clone(),
        branding: summary.branding.clone(),
        date: summary.date.clone(),
        summaries: summary.summaries,
        settings: summary.settings.clone(),
        missing: summary.missing.clone(),
        missing_note,
        text,
        page: pieces(&speaker, "footer.page", &["page", "pages"]),
        frameworks: summary.frameworks.iter().map(|fw| framework(fw, &speaker, &marker, &not_given, month)).collect(),
        date_text,
    }
}

/// When a refresher falls due, from the summary's month (`now`, counted
/// in months since year 0): the bands of [`RefresherRow::when`].
const DUE_BANDS: [&str; 6] = ["overdue", "months_3", "months_6", "months_12", "later", "unknown"];

fn due_band(month: &str, now: Option<i64>) -> usize {
    let due = month
        .split_once('-')
        .and_then(|(y, m)| Some(y.parse::<i64>().ok()? * 12 + m.parse::<i64>().ok().filter(|m| (1..=12).contains(m))? - 1));
    match due.zip(now).map(|(due, now)| due - now) {
        Some(..0) => 0,
        Some(0..3) => 1,
        Some(3..6) => 2,
        Some(6..12) => 3,
        Some(_) => 4,
        None => 5,
    }
}

fn framework(fw: &FrameworkSummary, speaker: &Speaker, marker: &str, not_given: &str, now: Option<i64>) -> PublishedFramework {
    let mut cells = Cells::default();
    let everyone = cells.cell(fw.people);
    cells.primary(everyone, fw.people);
    // Every row listed (a group, a statement rated, an option needed) has someone in it.
    let listed = |cells: &mut Cells, cell: usize| cells.at_least(cell, 1);
    listed(&mut cells, everyone);

    // Completion: groups add up to everyone, and completes to all who completed.
    let groups: Vec<(usize, usize)> = fw.completion.iter().map(|g| (cells.cell(g.people), cells.cell(g.complete))).collect();
    let complete = cells.cell(fw.completion.iter().map(|g| g.complete).sum());
    for (g, &(people, done)) in fw.completion.iter().zip(&groups) {
        listed(&mut cells, people);
        cells.primary(people, fw.people);
        cells.primary(done, g.people);
        cells.at_most(done, people);
        cells.at_most(people, everyone);
    }
    cells.primary(complete, fw.people);
    cells.at_most(complete, everyone);
    cells.sum(everyone, groups.iter().map(|g| g.0).collect());
    cells.sum(complete, groups.iter().map(|g| g.1).collect());

    // Returns per setting: its people and completed forms, as a group's.
    let returns: Vec<(usize, usize)> = fw.returns.iter().map(|r| (cells.cell(r.people), cells.cell(r.complete))).collect();
    for (r, &(people, done)) in fw.returns.iter().zip(&returns) {
        listed(&mut cells, people);
        cells.primary(people, fw.people);
        cells.primary(done, r.people);
        cells.at_most(done, people);
        cells.at_most(people, everyone);
    }
    cells.sum(everyone, returns.iter().map(|r| r.0).collect());
    cells.sum(complete, returns.iter().map(|r| r.1).collect());

    // Gaps per role: the role's people are its groups', those with a gap
    // a count of them.
    let roles: Vec<(usize, usize)> = fw
        .roles
        .iter()
        .map(|r| {
            let of_role: Vec<usize> = (0..groups.len()).filter(|&i| fw.completion[i].role == r.role).collect();
            let size: u64 = of_role.iter().map(|&i| fw.completion[i].people).sum();
            let (people, with_gaps) = (cells.cell(size), cells.cell(r.with_gaps));
            // Shown or hidden as a row: those with a gap bound the people.
            cells.together(vec![people, with_gaps]);
            listed(&mut cells, people);
            cells.primary(people, fw.people);
            cells.primary(with_gaps, size);
            cells.at_most(with_gaps, people);
            cells.at_most(people, everyone);
            cells.sum(people, of_role.iter().map(|&i| groups[i].0).collect());
            (people, with_gaps)
        })
        .collect();

    // Refreshers: everyone falls in one band.
    let mut due = [0u64; DUE_BANDS.len()];
    for d in &fw.refreshers {
        due[due_band(&d.month, now)] += d.people;
    }
    due[DUE_BANDS.len() - 1] += fw.people.saturating_sub(due.iter().sum());
    let refreshers: Vec<usize> = due.iter().map(|&n| cells.cell(n)).collect();
    for &cell in &refreshers {
        cells.primary(cell, fw.people);
        cells.at_most(cell, everyone);
    }
    cells.sum(everyone, refreshers.clone());

    // Statements, and their domains' totals.
    let statements: Vec<(usize, usize)> = fw.statements.iter().map(|s| (cells.cell(s.rated), cells.cell(s.below))).collect();
    for (s, &(rated, below)) in fw.statements.iter().zip(&statements) {
        cells.together(vec![rated, below]);
        listed(&mut cells, rated);
        cells.primary(below, s.rated);
        cells.at_most(below, rated);
        cells.at_most(rated, everyone);
    }
    let mut domain_ids: Vec<String> = fw.domains.iter().map(|d| d.id.clone()).collect();
    for s in &fw.statements {
        if let Some(d) = &s.domain
            && !domain_ids.contains(d)
        {
            domain_ids.push(d.clone());
        }
    }
    let domains: Vec<(String, usize, usize)> = domain_ids
        .iter()
        .filter_map(|id| {
            let members: Vec<usize> =
                (0..fw.statements.len()).filter(|&i| fw.statements[i].domain.as_deref() == Some(id.as_str())).collect();
            if members.is_empty() {
                return None;
            }
            let rated: u64 = members.iter().map(|&i| fw.statements[i].rated).sum();
            let below: u64 = members.iter().map(|&i| fw.statements[i].below).sum();
            let (r, b) = (cells.cell(rated), cells.cell(below));
            cells.together(vec![r, b]);
            listed(&mut cells, r);
            cells.primary(b, rated);
            cells.at_most(b, r);
            // A hidden statement hides its domain's totals before another statement.
            cells.sum_total_first(r, members.iter().map(|&i| statements[i].0).collect());
            cells.sum_total_first(b, members.iter().map(|&i| statements[i].1).collect());
            Some((id.clone(), r, b))
        })
        .collect();

    // Training options and refreshers: people within everyone.
    let training: Vec<usize> = fw.training.iter().map(|t| cells.cell(t.people)).collect();
    // The statements' "below" cells of an option: everyone it serves has
    // a gap in one of them.
    let closes = |t: &super::summary::TrainingCount| -> Vec<usize> {
        t.statements.iter().filter_map(|id| fw.statements.iter().position(|s| s.id == *id)).map(|i| statements[i].1).collect()
    };
    for (t, &cell) in fw.training.iter().zip(&training) {
        listed(&mut cells, cell);
        cells.primary(cell, fw.people);
        cells.at_most(cell, everyone);
        let below = closes(t);
        if !below.is_empty() {
            cells.at_most_sum(cell, below);
        }
    }
    cells.protect();
    // An option closing one statement only tells of that statement's gaps.
    for (t, &cell) in fw.training.iter().zip(&training) {
        if let [one] = closes(t).as_slice()
            && cells.is_hidden(*one)
        {
            cells.hide(cell);
        }
    }
    cells.protect();

    let completion = fw
        .completion
        .iter()
        .zip(&groups)
        .map(|(g, &(people, done))| Group {
            role: g.role.clone(),
            name: g.role_name.clone().filter(|_| g.role.is_some()).unwrap_or_else(|| not_given.to_string()),
            band: g.band_name.clone(),
            people: cells.shown(people),
            complete: cells.shown(done),
        })
        .collect();
    let title_of = |id: &str| fw.domains.iter().find(|d| d.id == id).map_or_else(|| id.to_string(), |d| d.title.clone());
    let domains = domains
        .into_iter()
        .map(|(id, r, b)| DomainRow {
            title: title_of(&id),
            id,
            rated: cells.shown(r),
            below: cells.shown(b),
            share_below: share(cells.shown(b), cells.shown(r)),
        })
        .collect();

    let mut rows: Vec<StatementRow> = fw
        .statements
        .iter()
        .zip(&statements)
        .map(|(s, &(rated, below))| StatementRow {
            id: s.id.clone(),
            domain: s.domain.clone(),
            domain_title: s.domain.as_ref().map(|d| title_of(d)),
            text: s.text.clone(),
            versions: s.versions.clone(),
            rated: cells.shown(rated),
            below: cells.shown(below),
            share_below: share(cells.shown(below), cells.shown(rated)),
            rank: None,
        })
        .collect();
    // Shown first, ranked; hidden after, by id (never by their value).
    rows.sort_by(|a, b| {
        (a.below.is_none(), std::cmp::Reverse(a.below), std::cmp::Reverse(a.share_below.map(|x| (x * 1000.0) as u64)), &a.id).cmp(&(
            b.below.is_none(),
            std::cmp::Reverse(b.below),
            std::cmp::Reverse(b.share_below.map(|x| (x * 1000.0) as u64)),
            &b.id,
        ))
    });
    for (i, row) in rows.iter_mut().filter(|r| r.below.is_some()).enumerate() {
        row.rank = Some(i + 1);
    }
    let hidden_statements = rows.iter().filter(|r| r.below.is_none()).count();

    let mut training: Vec<TrainingRow> = fw
        .training
        .iter()
        .zip(&training)
        .map(|(t, &cell)| TrainingRow {
            id: t.id.clone(),
            title: t.title.clone(),
            statements: t.statements.clone(),
            people: cells.shown(cell),
            rank: None,
        })
        .collect();
    training.sort_by(|a, b| {
        (a.people.is_none(), std::cmp::Reverse(a.people), &a.title, &a.id).cmp(&(
            b.people.is_none(),
            std::cmp::Reverse(b.people),
            &b.title,
            &b.id,
        ))
    });
    for (i, row) in training.iter_mut().filter(|r| r.people.is_some()).enumerate() {
        row.rank = Some(i + 1);
    }

    let returns_row = |setting: String, expected: Option<u64>, people: Shown, complete: Shown| ReturnsRow {
        setting,
        expected,
        people,
        complete,
        share_returned: share(people, expected.filter(|&e| e > 0)),
    };
    let returns_total = returns_row(
        speaker.say("summary.total"),
        fw.returns.iter().map(|r| r.expected).sum(),
        cells.shown(everyone),
        cells.shown(complete),
    );
    let returns = fw
        .returns
        .iter()
        .zip(&returns)
        .map(|(r, &(people, done))| {
            let name = r.setting.clone().unwrap_or_else(|| speaker.say("summary.setting_not_named"));
            returns_row(name, r.expected, cells.shown(people), cells.shown(done))
        })
        .collect();
    let roles = fw
        .roles
        .iter()
        .zip(&roles)
        .map(|(r, &(people, with_gaps))| RoleRow {
            role: r.role.clone(),
            name: r.role_name.clone().filter(|_| r.role.is_some()).unwrap_or_else(|| not_given.to_string()),
            people: cells.shown(people),
            with_gaps: cells.shown(with_gaps),
            share_with_gaps: share(cells.shown(with_gaps), cells.shown(people)),
        })
        .collect();
    let refreshers = DUE_BANDS
        .iter()
        .zip(&refreshers)
        .map(|(&when, &cell)| RefresherRow { when, name: speaker.say(&format!("summary.due_{when}")), people: cells.shown(cell) })
        .collect();

    let shown = |n: Shown| n.map_or_else(|| marker.to_string(), |n| n.to_string());
    let people = cells.shown(everyone);
    PublishedFramework {
        id: fw.id.clone(),
        title: fw.title.clone(),
        versions: fw.versions.clone(),
        about: speaker.say_with("summary.about", serde_json::json!({ "versions": fw.versions, "people": shown(people) })),
        people,
        completion,
        complete: cells.shown(complete),
        domains,
        statements: rows,
        hidden_note: speaker.say_with("summary.hidden_statements", serde_json::json!({ "count": hidden_statements })),
        hidden_statements,
        training,
        returns,
        returns_total,
        roles,
        refreshers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harvest::summary::merge;
    use crate::harvest::summary::tests::summary;
    use crate::source::built_in_wording as built_in;

    #[test]
    fn small_counts_and_what_gives_them_away_are_hidden() {
        // A setting of 6: one person of g2, who did not finish.
        let small = summary("A", "1.0", &[(Some("g1"), 5, 5), (Some("g2"), 1, 0)], &[("s1", 6, 2), ("s2", 6, 0), ("s3", 6, 6)]);
        let published = publish(&small, &built_in());
        let fw = &published.frameworks[0];
        assert_eq!(fw.people, Some(6));
        let g2 = fw.completion.iter().find(|g| g.role.as_deref() == Some("g2")).unwrap();
        assert_eq!((g2.people, g2.complete), (None, None), "a group of one shows nothing, not even its 0");
        let g1 = fw.completion.iter().find(|g| g.role.as_deref() == Some("g1")).unwrap();
        assert_eq!(g1.people, None, "5 of 6 would give the other group's 1");
        // s1 (2 below) is hidden, and unranked, after the shown ones, ranked
        // by people below met.
        let order: Vec<(&str, Option<usize>)> = fw.statements.iter().map(|s| (s.id.as_str(), s.rank)).collect();
        assert_eq!(order, [("s3", Some(1)), ("s2", Some(2)), ("s1", None)]);
        assert_eq!(fw.hidden_statements, 1);
        // The domain's totals would give s1 away with the other two: they go.
        assert_eq!((fw.domains[0].rated, fw.domains[0].below, fw.domains[0].share_below), (None, None, None));
        assert!(fw.about.contains(if fw.people.is_some() { "6 people" } else { "[c] people" }), "{}", fw.about);
        assert!(published.text["legend"].as_str().unwrap().starts_with(published.text["suppressed"].as_str().unwrap()));
    }

    #[test]
    fn refreshers_fall_in_bands_by_month_from_the_summarys_month() {
        let march_2025 = Some(2025 * 12 + 2);
        let bands: Vec<&str> = ["2025-02", "2025-03", "2025-05", "2025-06", "2025-08", "2025-09", "2026-02", "2026-03", "2025-13", "soon"]
            .iter()
            .map(|m| DUE_BANDS[due_band(m, march_2025)])
            .collect();
        assert_eq!(
            bands,
            ["overdue", "months_3", "months_3", "months_6", "months_6", "months_12", "months_12", "later", "unknown", "unknown"]
        );
        assert_eq!(DUE_BANDS[due_band("2025-03", None)], "unknown", "no date to count from");
    }

    #[test]
    fn a_merged_cell_is_exact_or_hidden() {
        let a = summary("A", "1.0", &[(Some("g1"), 3, 3)], &[("s1", 3, 1)]);
        let b = summary("B", "1.0", &[(Some("g1"), 4, 4)], &[("s1", 4, 1)]);
        let c = summary("C", "1.0", &[(Some("g1"), 9, 8)], &[("s1", 9, 3)]);
        let published = publish(&merge(vec![a, b, c]).unwrap(), &built_in());
        let fw = &published.frameworks[0];
        // 16 people, 5 below met: shown exactly although each part is small.
        assert_eq!((fw.people, fw.statements[0].rated, fw.statements[0].below), (Some(16), Some(16), Some(5)));
        // 15 of 16 completed: the one who did not is hidden, in the group and the total.
        assert_eq!((fw.completion[0].people, fw.completion[0].complete, fw.complete), (Some(16), None, None));
        assert_eq!(fw.training[0].people, Some(5));
    }
}
