//! The pack plan: which packs a source defines and what each one holds.
//! Renderers read the plan; they never decide content themselves.

pub mod naming;

use std::ops::Range;

use serde::Serialize;

use crate::model::{Format, Framework, Id, Selection, Statement};

/// Whom a pack is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "by", content = "id", rename_all = "lowercase")]
pub enum Audience {
    Level(Id),
    Role(Id),
    /// The full framework edition: every level, every band.
    Full,
}

/// One pack to build: its identity and the cut of the framework it covers.
#[derive(Clone, Debug, Serialize)]
pub struct PackSpec {
    /// Stable pack id, stored in the pack and used in file names.
    pub id: String,
    pub audience: Audience,
    /// The level whose statements the pack holds (a role's level for role packs).
    pub level: Option<Id>,
    pub band: Option<Id>,
    pub additional_needs: bool,
    pub formats: Vec<Format>,
    /// The `[[packs.build]]` entry that asked for this pack.
    #[serde(skip)]
    pub span: Range<usize>,
}

/// The pack id of the full framework edition.
pub const FULL_EDITION_ID: &str = "full";

impl PackSpec {
    /// "level E", "role group-5, band primary", for messages.
    pub fn describe(&self, fw: &Framework) -> String {
        let who = match &self.audience {
            Audience::Level(id) => format!("level `{id}`"),
            Audience::Role(id) => format!("role `{id}` (level `{}`)", fw.role(id).map_or("?", |r| r.level.as_str())),
            Audience::Full => "the full edition".into(),
        };
        match &self.band {
            Some(band) => format!("{who} and band `{band}`"),
            None => who,
        }
    }
}

/// Expands `[[packs.build]]` (levels or roles × bands) into packs, in
/// source order, followed by the full edition when asked for.
pub fn expand(fw: &Framework) -> Vec<PackSpec> {
    let mut specs = Vec::new();
    for build in &fw.packs.build {
        let audiences: Vec<(Audience, Id)> = match (&build.levels, &build.roles) {
            (Some(levels), _) => pick(levels, fw.levels.iter().map(|l| &l.id.value))
                .into_iter()
                .map(|id| (Audience::Level(id.clone()), id))
                .collect(),
            (None, Some(roles)) => pick(roles, fw.roles.iter().map(|r| &r.id.value))
                .into_iter()
                .filter_map(|id| fw.role(&id).map(|r| (Audience::Role(id.clone()), r.level.value.clone())))
                .collect(),
            (None, None) => Vec::new(),
        };
        let bands: Vec<Option<Id>> = if fw.bands.is_empty() {
            vec![None]
        } else {
            let all = Selection::All;
            pick(build.bands.as_ref().unwrap_or(&all), fw.bands.iter().map(|b| &b.id.value)).into_iter().map(Some).collect()
        };
        let formats = build.formats.clone().unwrap_or_else(|| fw.packs.formats.clone());
        for (audience, level) in &audiences {
            for band in &bands {
                let mut id = match audience {
                    Audience::Level(l) => format!("level-{l}"),
                    Audience::Role(r) => format!("role-{r}"),
                    Audience::Full => unreachable!("the full edition is not built from [[packs.build]]"),
                };
                if let Some(b) = band {
                    id.push_str(&format!("-{b}"));
                }
                if build.additional_needs {
                    id.push_str("-additional-needs");
                }
                specs.push(PackSpec {
                    id,
                    audience: audience.clone(),
                    level: Some(level.clone()),
                    band: band.clone(),
                    additional_needs: build.additional_needs,
                    formats: formats.clone(),
                    span: build.span.clone(),
                });
            }
        }
    }
    if fw.packs.full_edition {
        specs.push(PackSpec {
            id: FULL_EDITION_ID.into(),
            audience: Audience::Full,
            level: None,
            band: None,
            additional_needs: true,
            formats: fw.packs.formats.clone(),
            span: 0..0,
        });
    }
    specs
}

fn pick<'a>(selection: &Selection, all: impl Iterator<Item = &'a Id>) -> Vec<Id> {
    match selection {
        Selection::All => all.cloned().collect(),
        Selection::Some(ids) => ids.iter().map(|id| id.value.clone()).collect(),
    }
}

/// Whether statement `s` belongs to a pack for `level` (any level when
/// `None`), `band` (any band when `None`), with or without the
/// additional-needs enhancements.
pub fn statement_fits(s: &Statement, level: Option<&Id>, band: Option<&Id>, additional_needs: bool) -> bool {
    level.is_none_or(|l| s.level.iter().any(|sl| sl.value == *l))
        && band.is_none_or(|b| s.bands.iter().any(|sb| sb.value == *b))
        && (additional_needs || !s.additional_needs)
}

/// The statements a pack asks its reader to self-assess: those of its own
/// level (not the assumed ones of earlier levels), band and enhancement choice.
pub fn own_statements<'a>(fw: &'a Framework, spec: &'a PackSpec) -> impl Iterator<Item = &'a Statement> {
    fw.statements().filter(|s| statement_fits(s, spec.level.as_ref(), spec.band.as_ref(), spec.additional_needs))
}
