//! A source's previous edition (`[framework] previous`, a source file
//! relative to this one): read so that `check` can say what the new
//! edition dropped or rewrote. A statement gone without a statement that
//! `replaces` it, or rewritten beyond rewording under the same version, is
//! warned about; a reference to a statement gone is told so, never offered
//! a neighbour's id. The previous edition's own mistakes are not this
//! source's: they are one warning here, and `check` on that file lists them.

use std::collections::HashMap;
use std::path::PathBuf;

use super::diagnostic::{Diagnostic, Diagnostics};
use super::paths::ProjectPaths;
use super::read::read_source;
use crate::editions::{ChangeKind, Changes, compare, similarity};
use crate::model::{Framework, Id, Sp};

/// Below this share of words kept (`editions::similarity`: twice the words
/// kept in order over the words of both wordings), a new wording is taken
/// for another statement, not a rewording. Measured on the four samples'
/// 59,015 pairs of distinct statements of one level: median 0.11, 99th
/// percentile 0.38, 99.4 % below 0.5; one word changed in any statement of
/// the London sample keeps 0.67 or more. Half sits between, and is what a
/// reader means by "most of the words changed".
pub const REWORDING_LIMIT: f64 = 0.5;

/// The edition `fw` (read with `paths`) names as its previous, and the
/// file it is in: what a translation of `fw` words its changes from.
/// `None` when it names none or it cannot be read (`check` warns of that).
pub fn read(fw: &Framework, paths: &ProjectPaths) -> Option<(PathBuf, Framework)> {
    let path = paths.resolve(&fw.framework.previous.as_ref()?.value).ok().filter(|p| p.is_file())?;
    let Ok(Ok(text)) = read_source(&path) else { return None };
    let previous = super::earlier(&text, &ProjectPaths::for_source(&path))?;
    Some((path, previous))
}

/// The statements of the previous edition this one no longer has.
#[derive(Debug, Default)]
pub struct Gone {
    /// The previous edition's version.
    pub version: String,
    /// Each id gone, with the statements of this edition that replace it
    /// (none: removed).
    pub ids: HashMap<String, Vec<Id>>,
}

/// Reads the edition `previous` names; `None` (with a warning) if it cannot
/// be read or is not valid. It is read without following its own
/// `previous`: only one edition back is compared.
pub(super) fn load(previous: &Sp<String>, paths: &ProjectPaths, d: &mut Diagnostics) -> Option<Framework> {
    paths.check_file(previous, "previous edition", d);
    let path = paths.resolve(previous).ok().filter(|p| p.is_file())?;
    let warn = |problem: String| {
        Diagnostic::warning(previous.span.clone(), format!("the previous edition `{}` could not be compared", previous.value))
            .with_label(problem)
            .with_help(format!("run `framewright check {}` and correct it, or remove `previous`", path.display()))
    };
    let problem = match read_source(&path) {
        Ok(Ok(text)) => match super::earlier(&text, &ProjectPaths::for_source(&path)) {
            Some(fw) => return Some(fw),
            None => "it has errors".to_string(),
        },
        Ok(Err(problem)) => problem.to_string(),
        Err(problem) => problem.0,
    };
    d.push(warn(problem));
    None
}

/// What this edition (`fw`, not yet validated) dropped of `previous`.
pub(super) fn gone(previous: &Framework, fw: &Framework) -> Gone {
    let ids = previous
        .statements()
        .filter(|s| fw.statement(&s.id.value).is_none())
        .map(|s| {
            let by: Vec<Id> =
                fw.statements().filter(|n| n.replaces.iter().any(|r| r.value == s.id.value)).map(|n| n.id.value.clone()).collect();
            (s.id.value.0.clone(), by)
        })
        .collect();
    Gone { version: previous.framework.version.clone(), ids }
}

/// The warnings about what changed since `previous`, for a valid `fw`;
/// returns what changed (none when `previous` is of another framework).
pub(super) fn check(previous: &Framework, fw: &Framework, d: &mut Diagnostics) -> Option<Changes> {
    let at = fw.framework.previous.as_ref()?;
    let (old, new) = (&previous.framework, &fw.framework);
    if old.id.value != new.id.value {
        d.push(
            Diagnostic::warning(at.span.clone(), format!("the previous edition is of another framework (`{}`)", old.id.value))
                .with_help(format!("name an earlier edition of `{}`", new.id.value)),
        );
        return None;
    }
    let changes = compare(previous, fw);
    for removed in changes.statements(ChangeKind::Removed) {
        d.push(
            Diagnostic::warning(at.span.clone(), format!("statement `{}` of version {} is gone without a replacement", removed.id, old.version))
                .with_label(format!("`{}` is in this edition", at.value))
                .with_help(format!(
                    "if a statement of this edition takes its place, add `replaces = [\"{}\"]` to it; if it is removed on purpose, nothing needs doing",
                    removed.id
                )),
        );
    }
    if old.version == new.version {
        rewritten(&changes, fw, d);
    }
    Some(changes)
}

/// The warnings about statements rewritten beyond rewording while the
/// version stayed the same.
fn rewritten(changes: &Changes, fw: &Framework, d: &mut Diagnostics) {
    let version = &fw.framework.version;
    for c in changes.statements(ChangeKind::Reworded) {
        let (Some(before), Some(after)) = (&c.before, &c.after) else { continue };
        let kept = similarity(before, after);
        if kept >= REWORDING_LIMIT {
            continue;
        }
        let Some(s) = fw.statement(&Id(c.id.clone())) else { continue };
        d.push(
            Diagnostic::warning(s.text.span.clone(), format!("statement `{}` is rewritten, but the version is still {version}", c.id))
                .with_label(format!("{:.0} % of the words of version {version} kept", kept * 100.0))
                .with_help(
                    "forms already returned answered the old words: raise `version` for a new edition, or give a new statement a new id",
                ),
        );
    }
}
