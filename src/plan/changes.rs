//! The "What changed in this edition" part: the changes since the previous
//! edition (`Framework::changes`, `crate::editions::compare`'s list) that
//! concern one pack, each as a sentence from `[changes]` of the wording,
//! with a statement's wording before and after. The full edition lists
//! every change; a level or role pack those touching the levels it shows
//! (its own and those it assumes) and its band; a pack nothing concerns
//! has no such part. The same entries word `diff`'s changes document
//! (`plan::changes_document`), and [`lines`] the notice emailed of a new
//! edition to those who registered for a role's pack (`framewright serve`).
//!
//! A reworded statement is shown as its whole old wording, then its whole
//! new one, each labelled (`changes.was`, `changes.now`), with the words
//! that changed marked: read aloud or printed in black and white, the two
//! wordings still say what changed without the marks, which only help the
//! eye find the words.

use serde::Serialize;
use serde_json::json;

use super::wording::Speaker;
use crate::editions::{Change, ChangeKind, Changes, Item, SegmentKind};
use crate::model::{Framework, Id, Level};

/// The part's content.
#[derive(Clone, Debug, Serialize)]
pub struct ChangesPlan {
    /// "Version 2.0 replaces version 1.0. …": what the list is.
    pub intro: String,
    pub entries: Vec<ChangeEntry>,
}

/// One change, as the pack tells it.
#[derive(Clone, Debug, Serialize)]
pub struct ChangeEntry {
    /// What changed: "Statement l2-01".
    pub label: String,
    /// How it changed: "Reworded.", "Replaced by l2-07."
    pub sentence: String,
    /// Whether the self-assessment asks something else now.
    pub affects_assessment: bool,
    /// A statement's wording in the previous edition (reworded, removed,
    /// replaced), the words gone marked; empty otherwise.
    pub was: Vec<Run>,
    /// Its wording now (reworded, added), the words new marked.
    pub now: Vec<Run>,
}

/// A run of a wording: words, marked when they changed.
#[derive(Clone, Debug, Serialize)]
pub struct Run {
    pub text: String,
    pub marked: bool,
}

/// What concerns a pack: the full edition, or the levels it shows and its band.
pub enum Concern<'a> {
    Everything,
    Pack { levels: Vec<&'a Id>, band: Option<&'a Id> },
}

impl<'a> Concern<'a> {
    /// What concerns the packs of `level` of `fw`, in any band: the level
    /// and those it assumes (whose statements its packs print).
    pub fn level(fw: &'a Framework, level: &'a Level) -> Self {
        Concern::Pack { levels: fw.assumed_by(level).into_iter().chain([level]).map(|l| &l.id.value).collect(), band: None }
    }

    /// A change with no levels (or bands) in particular concerns every
    /// level (or band).
    fn takes(&self, c: &Change) -> bool {
        match self {
            Concern::Everything => true,
            Concern::Pack { levels, band } => {
                (c.levels.is_empty() || c.levels.iter().any(|l| levels.contains(&l)))
                    && (c.bands.is_empty() || band.is_none_or(|b| c.bands.contains(b)))
            }
        }
    }
}

/// The part for a pack that `concern` describes; `None` when no change
/// concerns it.
pub fn plan(changes: &Changes, concern: &Concern, say: &Speaker) -> Option<ChangesPlan> {
    let entries: Vec<ChangeEntry> = changes.changes.iter().filter(|c| concern.takes(c)).map(|c| entry(c, say)).collect();
    if entries.is_empty() {
        return None;
    }
    let facts = json!({ "old_version": changes.old_version, "count": entries.len() });
    Some(ChangesPlan { intro: say.say_with("changes.intro", facts), entries })
}

/// The changes that `concern` describes as lines of plain text (an
/// email's): each its label, its sentence and, when it does, that it
/// changes the self-assessment, as the part's list says them.
pub fn lines(changes: &Changes, concern: &Concern, say: &Speaker) -> Vec<String> {
    let affects = say.say("changes.affects");
    changes
        .changes
        .iter()
        .filter(|c| concern.takes(c))
        .map(|c| {
            let e = entry(c, say);
            if e.affects_assessment { format!("{} {} {affects}", e.label, e.sentence) } else { format!("{} {}", e.label, e.sentence) }
        })
        .collect()
}

/// Change `c` as a pack (and `diff`'s changes document) tells it.
pub fn entry(c: &Change, say: &Speaker) -> ChangeEntry {
    let ids: &[Id] = if c.kind == ChangeKind::Replaced { &c.replaced_by } else { &c.replaces };
    let facts = json!({
        "item": say.say(&format!("changes.items.{}", json!(c.item).as_str().unwrap_or_default())),
        "id": c.id,
        "field": c.field,
        "before": c.before,
        "after": c.after,
        "ids": ids,
    });
    let statement = c.item == Item::Statement;
    let whole = |text: &Option<String>| text.iter().map(|t| Run { text: t.clone(), marked: false }).collect::<Vec<_>>();
    let (was, now) = match c.kind {
        ChangeKind::Reworded => (runs(c, SegmentKind::Removed), runs(c, SegmentKind::Inserted)),
        ChangeKind::Added if statement => (Vec::new(), whole(&c.after)),
        ChangeKind::Removed | ChangeKind::Replaced if statement => (whole(&c.before), Vec::new()),
        _ => (Vec::new(), Vec::new()),
    };
    ChangeEntry {
        label: say.say_with("changes.label", &facts),
        sentence: say.say_with(&format!("changes.kinds.{}", c.kind.name()), &facts),
        affects_assessment: c.affects_assessment,
        was,
        now,
    }
}

/// One wording of a reworded statement: the kept runs and those of
/// `changed` (removed: the old wording; inserted: the new), marked, with
/// the spaces between runs unmarked.
fn runs(c: &Change, changed: SegmentKind) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for s in c.words.iter().filter(|s| s.kind == SegmentKind::Kept || s.kind == changed) {
        if !out.is_empty() {
            out.push(Run { text: " ".into(), marked: false });
        }
        out.push(Run { text: s.text.clone(), marked: s.kind == changed });
    }
    out
}
