//! The changes document of `framewright diff --out`: what changed from one
//! edition to the next as a [`ReportPlan`], laid out by the report
//! documents (`render::report`) as a tagged PDF, Word and a web page in the
//! house style. Every word is from the strings table: the document's own
//! in `[diff]`, each change's line from `[changes]` (the sentences the
//! packs' "What changed" part says, `plan::changes`).
//!
//! After the cover and the contents: a summary (how many changes, and a
//! table of them by item and kind, with how many change the
//! self-assessment), then one section per kind of item (statements, the
//! rating scale, levels, roles, bands, training options, refresher rules)
//! holding a group per kind of change, in `diff`'s order. Each change says
//! whom it concerns (the levels and age bands whose packs it touches),
//! whether it changes the self-assessment and, for a statement, its old
//! and new wording, the changed words marked.

use serde_json::json;

use super::changes::entry;
use super::report::{Block, Cell, ChangeBlock, Column, ReportPlan, Table, Wording};
use super::wording::{Speaker, pieces};
use crate::editions::{Change, ChangeKind, Changes, Item};
use crate::model::Framework;

/// The changes document of `changes`, whose newer edition is `fw` (its
/// wording, look and date).
pub fn plan(fw: &Framework, changes: &Changes) -> ReportPlan {
    let meta = &fw.framework;
    let mut say = Speaker::new(&fw.wording, json!({}));
    let list = &changes.changes;
    let date_text = say.date(meta.published);
    say.set_facts(json!({
        "framework": meta.title,
        "old_version": changes.old_version,
        "new_version": changes.new_version,
        "version": changes.new_version,
        "date": date_text,
        "count": list.len(),
        "affecting": list.iter().filter(|c| c.affects_assessment).count(),
    }));
    let word = |key: &str| say.say(&format!("diff.{key}"));
    let title = word("title");

    let mut blocks = vec![Block::Heading { level: 1, text: word("summary") }, Block::Para { text: word("counts") }];
    let groups = groups(changes);
    if !groups.is_empty() {
        blocks.push(Block::Table(summary(&groups, &say)));
    }
    let mut items = groups.iter().map(|g| g.item).collect::<Vec<_>>();
    items.dedup();
    for item in items {
        blocks.push(Block::Heading { level: 1, text: say.say(&format!("diff.items.{}", key(item))) });
        for group in groups.iter().filter(|g| g.item == item) {
            let kind = say.say(&format!("diff.kinds.{}", group.kind.name()));
            blocks
                .push(Block::Heading { level: 2, text: say.say_with("diff.group", json!({ "kind": kind, "count": group.changes.len() })) });
            blocks.extend(group.changes.iter().map(|c| Block::Change(change(fw, c, &say))));
        }
    }

    ReportPlan {
        lang: meta.lang(),
        publisher: meta.publisher.clone(),
        branding: fw.packs.branding.clone(),
        keywords: vec![title.clone(), meta.id.value.to_string(), "framewright".into()],
        title,
        date: meta.published.to_string(),
        date_text,
        page: pieces(&say, "footer.page", &["page", "pages"]),
        cover: vec![word("cover")],
        contents: word("contents"),
        skip: word("skip"),
        blocks,
        sheets: Vec::new(),
    }
}

/// The changes of one item and kind, in the list's order.
struct Group<'a> {
    item: Item,
    kind: ChangeKind,
    changes: Vec<&'a Change>,
}

/// The list's groups: items in the order they come, each item's kinds in
/// [`ChangeKind::ALL`]'s order (as `diff` prints them).
fn groups(changes: &Changes) -> Vec<Group<'_>> {
    let mut items: Vec<Item> = changes.changes.iter().map(|c| c.item).collect();
    items.dedup();
    items
        .into_iter()
        .flat_map(|item| ChangeKind::ALL.into_iter().map(move |kind| (item, kind)))
        .map(|(item, kind)| Group { item, kind, changes: changes.changes.iter().filter(|c| c.item == item && c.kind == kind).collect() })
        .filter(|g| !g.changes.is_empty())
        .collect()
}

/// An item's key in the strings table (`statement`, `training`).
fn key(item: Item) -> String {
    json!(item).as_str().unwrap_or_default().to_string()
}

/// The summary table: a row per group, and the totals.
fn summary(groups: &[Group], say: &Speaker) -> Table {
    let word = |key: &str| say.say(&format!("diff.{key}"));
    let columns = vec![
        Column::wide(word("item")),
        Column::wide(word("kind")),
        Column::figures(word("changes")),
        Column::figures(word("affecting_column")),
    ];
    let affecting = |changes: &[&Change]| changes.iter().filter(|c| c.affects_assessment).count();
    let mut rows: Vec<Vec<Cell>> = groups
        .iter()
        .map(|g| {
            vec![
                Cell::from(say.say(&format!("diff.items.{}", key(g.item)))),
                Cell::from(say.say(&format!("diff.kinds.{}", g.kind.name()))),
                Cell::from(g.changes.len().to_string()),
                Cell::from(affecting(&g.changes).to_string()),
            ]
        })
        .collect();
    let all: Vec<&Change> = groups.iter().flat_map(|g| g.changes.iter().copied()).collect();
    let strong = |text: String| Cell { text, strong: true, ..Cell::default() };
    rows.push(vec![strong(word("total")), Cell::default(), strong(all.len().to_string()), strong(affecting(&all).to_string())]);
    Table { columns, rows }
}

/// One change as the document shows it: the packs' line for it, whom it
/// concerns, whether it changes the self-assessment, and a statement's
/// wordings.
fn change(fw: &Framework, c: &Change, say: &Speaker) -> ChangeBlock {
    let e = entry(c, say);
    // A level or band of the older edition only is named by its id.
    let levels: Vec<String> = c.levels.iter().map(|id| fw.level(id).map_or_else(|| id.to_string(), |l| l.name.clone())).collect();
    let bands: Vec<String> = c.bands.iter().map(|id| fw.band(id).map_or_else(|| id.to_string(), |b| b.name.clone())).collect();
    let concerns = json!({ "levels": levels, "bands": bands, "has_bands": !fw.bands.is_empty() });
    let wording = |label: &str, runs: Vec<super::changes::Run>| (!runs.is_empty()).then(|| Wording { label: say.say(label), runs });
    ChangeBlock {
        label: e.label,
        sentence: e.sentence,
        concerns: say.say_with("diff.concerns", concerns),
        affects: say.say(if c.affects_assessment { "changes.affects" } else { "diff.unaffected" }),
        was: wording("changes.was", e.was),
        now: wording("changes.now", e.now),
    }
}
