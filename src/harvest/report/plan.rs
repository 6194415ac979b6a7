//! The training needs analysis as a [`ReportPlan`]: the findings of an
//! [`Analysis`] in reading order, worded with the strings table's
//! `[report]` section. What each section shows, and why:
//!
//! - returns on older editions, when there are any: answers given to a
//!   wording changed since, who still has to rate what is new;
//! - completion by role (and age band, only when the framework has bands);
//! - gaps per domain, as a chart and a table;
//! - the statements under their domain's heading, ranked by the number of
//!   people below "met" (a share alone puts one person's rating first);
//! - the training that closes the most gaps, the refreshers due (from the
//!   last training where a person gave it, else from their sign-off; a
//!   person with neither is listed to be asked, never dropped);
//! - one plan per person; then the returns to chase.
//!
//! The sheets of the workbook hold the same findings as figures.

use std::collections::BTreeSet;

use serde_json::json;

use crate::harvest::analysis::{Analysis, DatedFrom, FrameworkAnalysis, GroupCompletion, PersonPlan, RefresherDue};
use crate::harvest::chase::Chase;
use crate::harvest::editions::Answer;
use crate::model::{Date, Id, Interval, Wording};
use crate::plan::report::{Bar, Block, Cell, Column, ReportPlan, Sheet, SheetColumn, Table, Value, ValueKind};
use crate::plan::wording::{Speaker, pieces};

/// The report of `analysis`, worded with `wording`.
pub fn plan(analysis: &Analysis, wording: &Wording) -> ReportPlan {
    let frameworks: Vec<&str> = analysis.frameworks.iter().map(|f| f.title.as_str()).collect();
    let facts = |date: &str| json!({ "date": date, "people": analysis.people, "frameworks": frameworks });
    let mut speaker = Speaker::new(wording, facts(""));
    let date_text = speaker.date(analysis.date);
    speaker.set_facts(facts(&date_text));
    let say = Say { speaker };

    let mut blocks = Vec::new();
    for fw in &analysis.frameworks {
        framework(&mut blocks, &say, fw);
    }
    chase(&mut blocks, &say, &analysis.chase);
    ReportPlan {
        lang: analysis.lang.clone(),
        publisher: analysis.publisher.clone(),
        branding: analysis.branding.clone(),
        title: say.word("title"),
        keywords: vec![say.word("title"), "framewright".into()],
        date: analysis.date.to_string(),
        date_text,
        page: pieces(&say.speaker, "footer.page", &["page", "pages"]),
        cover: vec![frameworks.join(" · "), say.word("cover")],
        contents: say.word("contents"),
        skip: say.word("skip"),
        blocks,
        sheets: sheets(analysis, &say),
    }
}

/// The `[report]` entries.
struct Say {
    speaker: Speaker,
}

impl Say {
    fn word(&self, key: &str) -> String {
        self.speaker.say(&format!("report.{key}"))
    }

    fn with(&self, key: &str, facts: serde_json::Value) -> String {
        self.speaker.say_with(&format!("report.{key}"), facts)
    }

    fn percent(&self, share: f64) -> String {
        self.with("percent", json!({ "value": (share * 100.0).round() as i64 }))
    }

    fn date(&self, date: Date) -> String {
        self.speaker.date(date)
    }

    /// A refresher interval as the analysis holds it (the source's
    /// "2 years"), in the report's language.
    fn interval(&self, every: &str) -> String {
        Interval::parse(every).map_or_else(|| every.to_string(), |every| self.speaker.interval(every))
    }

    fn sheet(&self, key: &str) -> String {
        self.word(&format!("sheets.{key}"))
    }
}

fn heading(blocks: &mut Vec<Block>, level: u8, text: String) {
    blocks.push(Block::Heading { level, text });
}

fn para(blocks: &mut Vec<Block>, text: String) {
    blocks.push(Block::Para { text });
}

/// The name of a completion group's role: the framework's role's name, else
/// what the sign-off says, else the words for none given.
fn role_name(g: &GroupCompletion, say: &Say) -> String {
    match (&g.role_id, g.role.is_empty()) {
        (Some(_), _) => g.role_name.clone(),
        (None, false) => g.role.clone(),
        (None, true) => say.word("role_not_given"),
    }
}

fn framework(blocks: &mut Vec<Block>, say: &Say, fw: &FrameworkAnalysis) {
    heading(blocks, 1, fw.title.clone());
    para(blocks, say.with("about", json!({ "version": fw.version, "people": fw.people, "settings": fw.settings })));
    editions(blocks, say, fw);

    heading(blocks, 2, say.word("completion"));
    let bands = fw.completion.iter().any(|g| g.band_id.is_some());
    let mut columns = vec![Column::wide(say.word("role"))];
    if bands {
        columns.push(Column::wide(say.word("band")));
    }
    columns.extend([Column::figures(say.word("people")), Column::figures(say.word("complete")), Column::figures(say.word("rated"))]);
    let rows = fw
        .completion
        .iter()
        .map(|g| {
            let mut row = vec![Cell::from(role_name(g, say))];
            if bands {
                row.push(Cell::from(g.band.clone()));
            }
            row.extend([g.people.to_string(), g.complete.to_string(), say.percent(g.share)].map(Cell::from));
            row
        })
        .collect();
    blocks.push(Block::Table(Table { columns, rows }));

    heading(blocks, 2, say.word("domains"));
    para(blocks, say.word("domains_intro"));
    let bars: Vec<Bar> =
        fw.domains.iter().map(|d| Bar { label: d.title.clone(), share: d.share_below, text: say.percent(d.share_below) }).collect();
    let alt = format!("{}: {}", say.word("chart"), bars.iter().map(|b| format!("{} {}", b.label, b.text)).collect::<Vec<_>>().join("; "));
    blocks.push(Block::Chart { alt, bars });
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::wide(say.word("domain")),
            Column::figures(say.word("ratings")),
            Column::figures(say.word("below")),
            Column::figures(say.word("share")),
            Column::figures(say.word("people_with_gap")),
        ],
        rows: fw
            .domains
            .iter()
            .map(|d| {
                vec![d.title.clone(), d.rated.to_string(), d.below.to_string(), say.percent(d.share_below), d.people.to_string()]
                    .into_iter()
                    .map(Cell::from)
                    .collect()
            })
            .collect(),
    }));

    statements(blocks, say, fw);
    training(blocks, say, fw);
    refreshers(blocks, say, &fw.refreshers);
    heading(blocks, 2, say.word("plans"));
    // The answers each person gave to an earlier wording, by file and statement.
    let earlier: BTreeSet<(&str, &Id)> =
        fw.editions.reworded.iter().flat_map(|r| r.answers.iter().map(move |a| (a.file.as_str(), &r.statement))).collect();
    for p in &fw.plans {
        plan_of(blocks, say, p, &earlier);
    }
}

/// Returns on older editions: how many, the answers given to a wording
/// changed since, who still has to rate what is new, what was removed.
/// Nothing when every return is on the current edition.
fn editions(blocks: &mut Vec<Block>, say: &Say, fw: &FrameworkAnalysis) {
    let e = &fw.editions;
    if e.older == 0 {
        return;
    }
    heading(blocks, 2, say.word("editions"));
    let counts: Vec<String> =
        e.returns.iter().map(|r| say.with("edition_count", json!({ "version": r.version, "people": r.people }))).collect();
    para(blocks, say.with("editions_returns", json!({ "older": e.older, "people": fw.people, "current": e.current, "counts": counts })));
    for r in e.returns.iter().filter(|r| !r.source_given && r.version != e.current) {
        para(blocks, say.with("edition_unknown", json!({ "version": r.version })));
    }
    let answered = |answers: &[Answer]| -> String {
        let each: Vec<String> = answers.iter().map(|a| say.with("answer", json!({ "person": a.person, "rating": a.rating }))).collect();
        each.join("; ")
    };
    let reworded: Vec<_> = e.reworded.iter().filter(|r| !r.answers.is_empty()).collect();
    if !reworded.is_empty() {
        heading(blocks, 3, say.word("reworded"));
        para(blocks, say.word("reworded_intro"));
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::text(say.word("statement")),
                Column::wide(say.word("earlier")),
                Column::wide(say.word("current")),
                Column::wide(say.word("answered_by")),
            ],
            rows: reworded
                .iter()
                .map(|r| {
                    vec![
                        Cell::from(r.statement.0.clone()),
                        Cell {
                            text: r.earlier.clone(),
                            note: Some(say.with("earlier_version", json!({ "version": r.version }))),
                            strong: false,
                        },
                        Cell::from(r.current.clone()),
                        Cell::from(answered(&r.answers)),
                    ]
                })
                .collect(),
        }));
    }
    let added: Vec<_> = e.added.iter().filter(|a| !a.to_rate.is_empty()).collect();
    if !added.is_empty() {
        heading(blocks, 3, say.with("added", json!({ "current": e.current })));
        para(blocks, say.word("added_intro"));
        blocks.push(Block::Table(Table {
            columns: vec![Column::text(say.word("statement")), Column::wide(say.word("capability")), Column::wide(say.word("to_rate"))],
            rows: added
                .iter()
                .map(|a| {
                    let people: Vec<&str> = a.to_rate.iter().map(|p| p.person.as_str()).collect();
                    vec![a.statement.0.clone(), a.text.clone(), people.join("; ")].into_iter().map(Cell::from).collect()
                })
                .collect(),
        }));
    }
    let removed: Vec<_> = e.removed.iter().filter(|r| !r.answers.is_empty()).collect();
    if !removed.is_empty() {
        heading(blocks, 3, say.word("removed"));
        para(blocks, say.word("removed_intro"));
        blocks.push(Block::Table(Table {
            columns: vec![Column::text(say.word("statement")), Column::wide(say.word("earlier")), Column::wide(say.word("answered_by"))],
            rows: removed
                .iter()
                .map(|r| {
                    vec![
                        Cell::from(r.statement.0.clone()),
                        Cell {
                            text: r.text.clone(),
                            note: Some(say.with("earlier_version", json!({ "version": r.version }))),
                            strong: false,
                        },
                        Cell::from(answered(&r.answers)),
                    ]
                })
                .collect(),
        }));
    }
}

/// The statements under their domain's heading (in the framework's order
/// of domains), each domain's ranked as the analysis ranks them.
fn statements(blocks: &mut Vec<Block>, say: &Say, fw: &FrameworkAnalysis) {
    heading(blocks, 2, say.word("statements"));
    para(blocks, say.word("statements_intro"));
    let mut domains: Vec<(Option<&str>, &str)> = fw.domains.iter().map(|d| (Some(d.id.as_str()), d.title.as_str())).collect();
    for s in &fw.statements {
        let key = (s.domain_id.as_ref().map(|d| d.as_str()), s.domain.as_str());
        if !domains.iter().any(|(id, _)| *id == key.0) {
            domains.push(key);
        }
    }
    for (id, title) in domains {
        let rows: Vec<Vec<Cell>> = fw
            .statements
            .iter()
            .filter(|s| s.domain_id.as_ref().map(|d| d.as_str()) == id)
            .map(|s| {
                let below = say.with("below_share", json!({ "count": s.below, "share": say.percent(s.share_below) }));
                vec![s.id.0.clone(), s.text.clone(), s.rated.to_string(), below].into_iter().map(Cell::from).collect()
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        if !title.is_empty() {
            heading(blocks, 3, title.to_string());
        }
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::text(say.word("statement")),
                Column::wide(say.word("capability")),
                Column::figures(say.word("rated")),
                Column::figures(say.word("below")),
            ],
            rows,
        }));
    }
}

fn training(blocks: &mut Vec<Block>, say: &Say, fw: &FrameworkAnalysis) {
    heading(blocks, 2, say.word("training"));
    if fw.training.is_empty() {
        return para(blocks, say.word("training_none"));
    }
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::wide(say.word("option")),
            Column::text(say.word("format")),
            Column::figures(say.word("gaps_closed")),
            Column::figures(say.word("people_served")),
        ],
        rows: fw
            .training
            .iter()
            .map(|t| {
                vec![
                    Cell { text: t.title.clone(), note: t.provider.clone(), strong: false },
                    Cell::from(say.speaker.say(&format!("training.formats.{}", t.format))),
                    Cell::from(t.gaps.to_string()),
                    Cell::from(t.people.to_string()),
                ]
            })
            .collect(),
    }));
}

/// Where a refresher is counted from, as the report says it.
fn dated_from(r: &RefresherDue, say: &Say) -> String {
    let since = r.since.map(|d| say.date(d)).unwrap_or_default();
    match r.from {
        DatedFrom::LastTraining => say.with("from_training", json!({ "date": since })),
        DatedFrom::SelfAssessment => say.with("from_signoff", json!({ "date": since })),
        DatedFrom::Unknown => say.word("from_unknown"),
    }
}

fn due(r: &RefresherDue, say: &Say) -> Cell {
    match r.due {
        Some(due) if r.overdue => Cell { text: say.with("overdue", json!({ "due": say.date(due) })), note: None, strong: true },
        Some(due) => Cell::from(say.date(due)),
        None => Cell { text: say.word("due_unknown"), note: None, strong: true },
    }
}

fn refreshers(blocks: &mut Vec<Block>, say: &Say, refreshers: &[RefresherDue]) {
    heading(blocks, 2, say.word("refreshers"));
    if refreshers.is_empty() {
        return para(blocks, say.word("refreshers_none"));
    }
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::wide(say.word("person")),
            Column::wide(say.word("role")),
            Column::text(say.word("from")),
            Column::text(say.word("every")),
            Column::text(say.word("due")),
        ],
        rows: refreshers
            .iter()
            .map(|r| {
                vec![
                    Cell::from(r.person.clone()),
                    Cell::from(r.role.clone()),
                    Cell::from(dated_from(r, say)),
                    Cell::from(say.interval(&r.every)),
                    due(r, say),
                ]
            })
            .collect(),
    }));
}

fn plan_of(blocks: &mut Vec<Block>, say: &Say, p: &PersonPlan, earlier: &BTreeSet<(&str, &Id)>) {
    heading(blocks, 3, if p.person.is_empty() { say.word("name_not_given") } else { p.person.clone() });
    let due = p.refresher_due.map(|d| say.date(d));
    para(
        blocks,
        say.with(
            "plan_about",
            json!({ "job_title": p.job_title, "role": p.role, "band": p.band, "setting": p.setting, "rated": say.percent(p.completion), "due": due }),
        ),
    );
    if p.gaps.is_empty() {
        para(blocks, say.word("plan_none"));
    } else {
        let blank = say.word("blank");
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::text(say.word("statement")),
                Column::wide(say.word("capability")),
                Column::text(say.word("rating")),
                Column::wide(say.word("action")),
            ],
            rows: p
                .gaps
                .iter()
                .map(|g| {
                    let action = g.action.clone().unwrap_or_else(|| blank.clone());
                    let note = earlier.contains(&(p.file.as_str(), &g.statement)).then(|| say.word("earlier_answer"));
                    vec![
                        Cell { text: g.statement.0.clone(), note, strong: false },
                        Cell::from(g.text.clone()),
                        Cell::from(g.rating.clone()),
                        Cell::from(action),
                    ]
                })
                .collect(),
        }));
    }
    if !p.training.is_empty() {
        let options: Vec<String> =
            p.training.iter().map(|t| say.with("plan_option", json!({ "title": t.title, "closes": t.closes }))).collect();
        para(blocks, say.with("plan_training", json!({ "training": options })));
    }
    if !p.not_rated.is_empty() {
        para(blocks, say.with("not_rated", json!({ "statements": p.not_rated })));
    }
}

/// The status of a return to chase, as the report says it.
fn status(c: &Chase, say: &Say) -> String {
    say.word(&format!("statuses.{}", c.status))
}

/// The last part of a file's path (the folder is the lead's own).
fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_string()
}

fn chase(blocks: &mut Vec<Block>, say: &Say, chase: &[Chase]) {
    if chase.is_empty() {
        return;
    }
    heading(blocks, 1, say.word("chase"));
    para(blocks, say.word("chase_intro"));
    let blank = say.word("blank");
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::wide(say.word("person")),
            Column::text(say.word("status")),
            Column::wide(say.word("what_to_do")),
            Column::text(say.word("file")),
        ],
        rows: chase
            .iter()
            .map(|c| {
                let person = if c.person.is_empty() { blank.clone() } else { c.person.clone() };
                let file = c.file.as_deref().map_or_else(|| blank.clone(), file_name);
                let job_title = Some(c.job_title.clone()).filter(|t| !t.is_empty());
                vec![
                    Cell { text: person, note: job_title, strong: false },
                    Cell::from(status(c, say)),
                    Cell::from(c.reason.clone()),
                    Cell::from(file),
                ]
            })
            .collect(),
    }));
}

/// The workbook: one sheet per view, a row per item of every framework.
fn sheets(analysis: &Analysis, say: &Say) -> Vec<Sheet> {
    use ValueKind::{Count, Prose, Share, Text};
    let column = |key: &str, kind| SheetColumn { header: say.sheet(key), kind };
    let t = |s: &str| Value::Text(s.to_string());
    let n = |x: usize| Value::Number(x as f64);
    let date = |d: Option<Date>| Value::Text(d.map(|d| d.to_string()).unwrap_or_default());
    let fws = &analysis.frameworks;
    let every = |f: &dyn Fn(&FrameworkAnalysis) -> Vec<Vec<Value>>| fws.iter().flat_map(f).collect::<Vec<_>>();
    vec![
        Sheet {
            name: say.sheet("completion"),
            columns: vec![
                column("framework", Text),
                column("role", Text),
                column("band", Text),
                column("people_count", Count),
                column("completed", Count),
                column("rated", Count),
                column("asked", Count),
                column("share_rated", Share),
            ],
            rows: every(&|fw| {
                fw.completion
                    .iter()
                    .map(|g| {
                        vec![
                            t(&fw.id),
                            t(&role_name(g, say)),
                            t(&g.band),
                            n(g.people),
                            n(g.complete),
                            n(g.rated),
                            n(g.total),
                            Value::Number(g.share),
                        ]
                    })
                    .collect()
            }),
        },
        Sheet {
            name: say.sheet("statements"),
            columns: vec![
                column("framework", Text),
                column("rank", Count),
                column("statement", Text),
                column("text", Prose),
                column("domain", Prose),
                column("rated", Count),
                column("below", Count),
                column("share_below", Share),
            ],
            rows: every(&|fw| {
                fw.statements
                    .iter()
                    .enumerate()
                    .map(|(rank, s)| {
                        vec![
                            t(&fw.id),
                            n(rank + 1),
                            t(&s.id.0),
                            t(&s.text),
                            t(&s.domain),
                            n(s.rated),
                            n(s.below),
                            Value::Number(s.share_below),
                        ]
                    })
                    .collect()
            }),
        },
        Sheet {
            name: say.sheet("domains"),
            columns: vec![
                column("framework", Text),
                column("domain", Text),
                column("title", Prose),
                column("ratings", Count),
                column("below", Count),
                column("share_below", Share),
                column("people_with_gap", Count),
            ],
            rows: every(&|fw| {
                fw.domains
                    .iter()
                    .map(|d| vec![t(&fw.id), t(&d.id.0), t(&d.title), n(d.rated), n(d.below), Value::Number(d.share_below), n(d.people)])
                    .collect()
            }),
        },
        Sheet {
            name: say.sheet("training"),
            columns: vec![
                column("framework", Text),
                column("training_id", Text),
                column("title", Prose),
                column("format", Text),
                column("gaps_closed", Count),
                column("people_served", Count),
                column("statements_closed", Text),
            ],
            rows: every(&|fw| {
                fw.training
                    .iter()
                    .map(|x| {
                        let closes: Vec<&str> = x.statements.iter().map(|s| s.as_str()).collect();
                        vec![t(&fw.id), t(&x.id.0), t(&x.title), t(&x.format), n(x.gaps), n(x.people), t(&closes.join(", "))]
                    })
                    .collect()
            }),
        },
        Sheet {
            name: say.sheet("refreshers"),
            columns: vec![
                column("framework", Text),
                column("person", Text),
                column("role", Text),
                column("dated_from", Text),
                column("every", Text),
                column("due", Text),
                column("overdue", Text),
            ],
            rows: every(&|fw| {
                fw.refreshers
                    .iter()
                    .map(|r| {
                        let overdue = say.sheet(if r.overdue { "yes" } else { "no" });
                        vec![
                            t(&fw.id),
                            t(&r.person),
                            t(&r.role),
                            t(&dated_from(r, say)),
                            t(&say.interval(&r.every)),
                            date(r.due),
                            t(&overdue),
                        ]
                    })
                    .collect()
            }),
        },
        Sheet {
            name: say.sheet("people"),
            columns: vec![
                column("framework", Text),
                column("person", Text),
                column("job_title", Text),
                column("role", Text),
                column("band", Text),
                column("setting", Text),
                column("share_rated", Share),
                column("gaps", Count),
                column("gap_statements", Text),
                column("training_list", Prose),
                column("refresher_due", Text),
                column("file", Text),
            ],
            rows: every(&|fw| {
                fw.plans
                    .iter()
                    .map(|p| {
                        let gaps: Vec<&str> = p.gaps.iter().map(|g| g.statement.as_str()).collect();
                        let options: Vec<&str> = p.training.iter().map(|x| x.title.as_str()).collect();
                        vec![
                            t(&fw.id),
                            t(&p.person),
                            t(&p.job_title),
                            t(&p.role),
                            t(&p.band),
                            t(&p.setting),
                            Value::Number(p.completion),
                            n(p.gaps.len()),
                            t(&gaps.join(", ")),
                            t(&options.join("; ")),
                            date(p.refresher_due),
                            t(&p.file),
                        ]
                    })
                    .collect()
            }),
        },
        Sheet {
            name: say.sheet("chase"),
            columns: vec![
                column("person", Text),
                column("job_title", Text),
                column("setting", Text),
                column("status", Text),
                column("what_to_do", Prose),
                column("file", Text),
            ],
            rows: analysis
                .chase
                .iter()
                .map(|c| {
                    vec![
                        t(&c.person),
                        t(&c.job_title),
                        t(&c.setting),
                        t(&status(c, say)),
                        t(&c.reason),
                        t(c.file.as_deref().unwrap_or_default()),
                    ]
                })
                .collect(),
        },
    ]
}
