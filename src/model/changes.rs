//! The list `crate::editions::compare` returns: one [`Change`] per thing that changed, flat
//! and typed, so a person's terminal, a changes document and a script
//! read the same facts. Its JSON form is `framewright diff --format json`;
//! `framewright schema diff` prints its JSON Schema
//! (`docs/diff.schema.json`).

use schemars::JsonSchema;
use serde::Serialize;

use super::Id;

/// What changed between two editions of one framework.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(title = "framewright diff")]
pub struct Changes {
    /// The framework's id (`[framework] id` of the newer edition).
    pub framework: Id,
    /// The version of the edition compared from.
    pub old_version: String,
    /// The version of the edition compared to.
    pub new_version: String,
    /// Every change: statements first, then the rating scale, levels,
    /// roles, bands, training options and refresher rules.
    pub changes: Vec<Change>,
}

impl Changes {
    /// The changes to statements of `kind`.
    pub fn statements(&self, kind: ChangeKind) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.item == Item::Statement && c.kind == kind)
    }
}

/// One change to one item.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Change {
    pub item: Item,
    /// The item's stable id; a scale point's value; a refresher rule's
    /// `applies_to` (rules have no id).
    pub id: String,
    pub kind: ChangeKind,
    /// With `changed`: the source key that changed (`name`, `examples`,
    /// `crosswalk`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The old edition's value as text (a statement's wording, a list
    /// joined with ", "); absent for `added`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// The new edition's value as text; absent for `removed` and `replaced`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// With `reworded`: the wording word by word, each run of words kept,
    /// removed or inserted; the kept and removed runs read as `before`, the
    /// kept and inserted ones as `after`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<Segment>,
    /// With `replaced`: the statements of the new edition that say they
    /// replace this one (`replaces`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaced_by: Vec<Id>,
    /// With `added`: the statements of the old edition this one replaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<Id>,
    /// Whether a self-assessment asks something else now: which statements
    /// it holds, their wording, the rating scale, which level a role rates.
    pub affects_assessment: bool,
    /// The levels whose packs the change touches (ids of either edition,
    /// the new edition's order first); empty: none in particular.
    pub levels: Vec<Id>,
    /// The bands whose packs it touches; empty: none in particular, or a
    /// framework without bands.
    pub bands: Vec<Id>,
}

/// What a change is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Item {
    Statement,
    /// A point of the rating scale.
    Scale,
    Level,
    Role,
    Band,
    /// A training option.
    Training,
    /// A refresher rule.
    Refresher,
}

impl Item {
    /// The item's name in the singular, as a person reads it.
    pub fn noun(self) -> &'static str {
        match self {
            Item::Statement => "statement",
            Item::Scale => "rating",
            Item::Level => "level",
            Item::Role => "role",
            Item::Band => "band",
            Item::Training => "training option",
            Item::Refresher => "refresher rule",
        }
    }
}

/// How an item changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// New in the new edition.
    Added,
    /// Gone from the new edition, and nothing says it replaces it.
    Removed,
    /// Gone from the new edition, replaced by the statements in `replaced_by`.
    Replaced,
    /// A statement's wording changed (more than its spacing).
    Reworded,
    /// A statement is in another domain or topic (`before`, `after`:
    /// `domain` or `domain/topic`).
    Moved,
    /// A statement's levels, or a role's level, changed.
    Relevelled,
    /// A statement's bands changed.
    Rebanded,
    /// A statement's kind (knowledge, skill, value) changed.
    Rekinded,
    /// Another field of the item changed (`field` says which).
    Changed,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 9] = [
        ChangeKind::Added,
        ChangeKind::Removed,
        ChangeKind::Replaced,
        ChangeKind::Reworded,
        ChangeKind::Moved,
        ChangeKind::Relevelled,
        ChangeKind::Rebanded,
        ChangeKind::Rekinded,
        ChangeKind::Changed,
    ];

    /// The kind's name, as in the JSON.
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Replaced => "replaced",
            ChangeKind::Reworded => "reworded",
            ChangeKind::Moved => "moved",
            ChangeKind::Relevelled => "relevelled",
            ChangeKind::Rebanded => "rebanded",
            ChangeKind::Rekinded => "rekinded",
            ChangeKind::Changed => "changed",
        }
    }
}

impl Change {
    /// A change of `kind` to `item` `id`, touching nothing yet.
    pub(crate) fn new(item: Item, id: impl Into<String>, kind: ChangeKind) -> Self {
        Change {
            item,
            id: id.into(),
            kind,
            field: None,
            before: None,
            after: None,
            words: Vec::new(),
            replaced_by: Vec::new(),
            replaces: Vec::new(),
            affects_assessment: false,
            levels: Vec::new(),
            bands: Vec::new(),
        }
    }

    pub(crate) fn values(mut self, before: Option<String>, after: Option<String>) -> Self {
        self.before = before;
        self.after = after;
        self
    }

    pub(crate) fn touching(mut self, affects_assessment: bool, levels: Vec<Id>, bands: Vec<Id>) -> Self {
        self.affects_assessment = affects_assessment;
        self.levels = levels;
        self.bands = bands;
        self
    }
}

/// The ids of `new`, then those of `old` it lacks: what a change touches
/// in either edition, each once.
pub(crate) fn union<'a>(old: impl IntoIterator<Item = &'a Id>, new: impl IntoIterator<Item = &'a Id>) -> Vec<Id> {
    let mut out: Vec<Id> = Vec::new();
    for id in new.into_iter().chain(old) {
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}

/// A run of words of a wording: kept, removed or inserted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Segment {
    pub kind: SegmentKind,
    /// The words, one space between them.
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SegmentKind {
    /// In both wordings.
    Kept,
    /// Only in the old wording.
    Removed,
    /// Only in the new wording.
    Inserted,
}
