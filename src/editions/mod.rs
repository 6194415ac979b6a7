//! Editions: what changed from one edition of a framework to the next,
//! compared by stable id. [`compare`] takes two validated frameworks and
//! returns [`Changes`], a typed list that `framewright diff` prints (and
//! writes as JSON, `docs/editions.md`), that `check` reads for its warnings
//! about a previous edition (`src/source/previous.rs`), and that harvest
//! counts returns against (`src/harvest/editions.rs`): one comparison for
//! all of them.
//!
//! - `crate::model::changes`: the types of the list (in the model, which
//!   carries a source's changes since its previous edition to the plan),
//!   each change with whether it affects the self-assessment and the
//!   levels and bands it touches.
//! - [`statements`]: statements added, removed, replaced, reworded, moved,
//!   re-levelled, re-banded, re-kinded.
//! - [`items`]: the rest, field by field: levels, roles, bands, the rating
//!   scale, training options and refresher rules.
//! - [`words`]: the word-level difference of two wordings, and how alike
//!   they are.

mod items;
mod statements;
pub mod words;

pub use crate::model::changes::{Change, ChangeKind, Changes, Item, Segment, SegmentKind};
pub use words::{reworded, similarity};

use crate::model::Framework;

/// What changed from `old` to `new`, two editions of one framework: the
/// statements first (in `new`'s order, then those gone in `old`'s), then
/// the rating scale, levels, roles, bands, training options and refresher
/// rules. The same two editions always give the same list.
pub fn compare(old: &Framework, new: &Framework) -> Changes {
    let mut list = statements::compare(old, new);
    items::compare(old, new, &mut list);
    Changes {
        framework: new.framework.id.value.clone(),
        old_version: old.framework.version.clone(),
        new_version: new.framework.version.clone(),
        changes: list,
    }
}

/// Whether statement `id`, in both editions, is worded differently in
/// `new` than in `old` (see [`reworded`]); false when either lacks it.
pub fn reworded_between(old: &Framework, new: &Framework, id: &crate::model::Id) -> bool {
    match (old.statement(id), new.statement(id)) {
        (Some(o), Some(n)) => reworded(&o.text, &n.text),
        _ => false,
    }
}
