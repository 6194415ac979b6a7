//! The pack plan: which packs a source defines and what each one holds.
//! Renderers read the plan; they never decide content themselves.
//!
//! - [`pack`]: what a pack's plan holds ([`PackPlan`] and its parts)
//! - [`assemble`]: a pack's plan made from the source and a [`PackSpec`]
//!   (with `document`: its title, keywords, parts, footer and cover)
//! - [`bilingual`]: a bilingual pack's plan, the pack planned in each
//!   language, with its form named in both
//! - [`changes`]: the part "What changed in this edition", from the
//!   changes since the previous edition that concern the pack
//! - [`changes_document`]: `diff --out`'s changes document, a
//!   [`report::ReportPlan`] of every change between two editions
//! - [`identity`]: the identity every pack carries, written and read back
//!   in every format
//! - [`field`]: the name of every fillable field, and the sign-off ids with
//!   a meaning
//! - [`wording`], [`naming`], [`listing`], [`personal`]: the words, the file
//!   names, the download page's listing, personalised packs

pub mod assemble;
pub mod bilingual;
pub mod changes;
pub mod changes_document;
mod check;
mod document;
pub mod field;
pub mod identity;
pub mod listing;
pub mod naming;
pub mod pack;
pub mod personal;
pub mod report;
pub mod wording;

pub use bilingual::Edition;
pub use check::check;
pub use pack::PackPlan;

use std::ops::Range;

use serde::Serialize;

use crate::model::{Format, Framework, Id, Level, Selection, Statement};
use crate::source::staff::Person;

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
    /// Self-assess the statements of the levels this one assumes too.
    pub assess_assumed: bool,
    pub formats: Vec<Format>,
    /// The `[[packs.build]]` entry that asked for this pack.
    #[serde(skip)]
    pub span: Range<usize>,
    /// The file name without extension, from `[packs] file_name` (the pack
    /// id when the pattern fails, which `check` reports).
    #[serde(skip)]
    pub file_stem: String,
    /// The member of staff of a personalised pack (`build --staff`).
    #[serde(skip)]
    pub person: Option<Person>,
}

/// The pack id of the full framework edition.
pub const FULL_EDITION_ID: &str = "full";

impl PackSpec {
    /// The spec with its file stem worked out: the one place file names are made.
    pub fn named(self, fw: &Framework) -> Self {
        let language = naming::language(fw);
        self.named_in(fw, language)
    }

    /// The spec named as a pack in `language` (`"cy-en"` for a bilingual
    /// pack; `None`: the source's own language, which names say nothing of).
    pub fn named_in(mut self, fw: &Framework, language: Option<&str>) -> Self {
        self.file_stem = naming::file_stem_in(fw, &self, language).unwrap_or_else(|_| naming::safe_stem(&self.id));
        self
    }

    /// The file this pack is written to in `format`.
    pub fn file_name(&self, format: Format) -> String {
        format!("{}.{}", self.file_stem, format.extension())
    }

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
            (Some(levels), _) => {
                pick(levels, fw.levels.iter().map(|l| &l.id.value)).into_iter().map(|id| (Audience::Level(id.clone()), id)).collect()
            }
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
                specs.push(
                    PackSpec {
                        id: pack_id(audience, band.as_ref(), build.additional_needs),
                        audience: audience.clone(),
                        level: Some(level.clone()),
                        band: band.clone(),
                        additional_needs: build.additional_needs,
                        assess_assumed: build.assess_assumed || fw.level(level).is_some_and(|l| l.assess_assumed),
                        formats: formats.clone(),
                        span: build.span.clone(),
                        file_stem: String::new(),
                        person: None,
                    }
                    .named(fw),
                );
            }
        }
    }
    if fw.packs.full_edition {
        specs.push(
            PackSpec {
                id: FULL_EDITION_ID.into(),
                audience: Audience::Full,
                level: None,
                band: None,
                additional_needs: true,
                assess_assumed: false,
                formats: fw.packs.formats.clone(),
                span: 0..0,
                file_stem: String::new(),
                person: None,
            }
            .named(fw),
        );
    }
    specs
}

/// The id of a level or role pack: `level-2`, `role-lead-older`,
/// `level-core-primary-additional-needs`.
pub fn pack_id(audience: &Audience, band: Option<&Id>, additional_needs: bool) -> String {
    let mut id = match audience {
        Audience::Level(l) => format!("level-{l}"),
        Audience::Role(r) => format!("role-{r}"),
        Audience::Full => FULL_EDITION_ID.to_string(),
    };
    if let Some(b) = band {
        id.push_str(&format!("-{b}"));
    }
    if additional_needs {
        id.push_str("-additional-needs");
    }
    id
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

/// The statements a pack asks its reader to self-assess, in source order:
/// those of its own level, band and enhancement choice and, when it
/// self-assesses what it assumes, those of the levels before a cumulative
/// level, each with the earlier level it comes from.
pub fn assessed_statements<'a>(fw: &'a Framework, spec: &'a PackSpec) -> impl Iterator<Item = (&'a Statement, Option<&'a Level>)> {
    let own = spec.level.as_ref().and_then(|id| fw.level(id));
    let assumed: Vec<&Level> = match own {
        Some(level) if level.cumulative && spec.assess_assumed => fw.levels.iter().take_while(|l| l.id.value != level.id.value).collect(),
        _ => Vec::new(),
    };
    let fits = move |s: &Statement, level: Option<&Id>| statement_fits(s, level, spec.band.as_ref(), spec.additional_needs);
    fw.statements().filter_map(move |s| {
        if fits(s, spec.level.as_ref()) {
            Some((s, None))
        } else {
            assumed.iter().find(|l| fits(s, Some(&l.id.value))).map(|l| (s, Some(*l)))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::check;
    use super::*;
    use crate::source::{ProjectPaths, parse};

    /// Two levels, three bands, two roles; statements chosen so each filter
    /// changes the result.
    const SOURCE: &str = r#"
[framework]
id = "plan-test"
title = "Plan test"
publisher = "Tests"
version = "2"
published = 2025-01-01
language = "en-GB"

[[levels]]
id = "core"
name = "Core"

[[levels]]
id = "lead"
name = "Lead"
cumulative = true

[[roles]]
id = "teacher"
name = "Teachers"
level = "core"

[[roles]]
id = "dsl"
name = "Safeguarding leads"
level = "lead"

[[bands]]
id = "ey"
name = "Early years"

[[bands]]
id = "pr"
name = "Primary"

[[bands]]
id = "se"
name = "Secondary"

[[domains]]
id = "d1"
title = "One"
statements = [
  { id = "c-all", level = "core", text = "Core, every band." },
  { id = "c-ey", level = "core", bands = ["ey"], text = "Core, early years." },
  { id = "c-pr-se", level = "core", bands = ["pr", "se"], text = "Core, primary and secondary." },
  { id = "c-ey-an", level = "core", bands = ["ey"], additional_needs = true, text = "Core, early years, additional needs." },
]

[[domains.topics]]
id = "d1-1"
title = "One point one"
statements = [
  { id = "l-all", level = "lead", text = "Lead, every band." },
  { id = "l-se-an", level = "lead", bands = ["se"], additional_needs = true, text = "Lead, secondary, additional needs." },
  { id = "both", level = ["core", "lead"], bands = ["pr"], text = "Core and lead, primary." },
]

[assessment]
scale = [{ value = 1, label = "No" }, { value = 2, label = "Yes", met = true }]

[packs]
formats = ["pdf", "docx"]

[[packs.build]]
levels = "all"
bands = ["ey", "pr"]

[[packs.build]]
levels = ["lead"]
bands = ["se"]
additional_needs = true
formats = ["docx"]

[[packs.build]]
roles = "all"
bands = ["pr"]
"#;

    fn framework(text: &str) -> Framework {
        let dir = std::env::temp_dir();
        let paths = ProjectPaths { source_dir: dir.clone(), root: dir };
        let (fw, diagnostics) = parse(text, &paths, check);
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert!(messages.is_empty(), "{messages:?}");
        fw.expect("the test source is valid")
    }

    fn own(fw: &Framework, spec: &PackSpec) -> Vec<String> {
        assessed_statements(fw, spec).map(|(s, _)| s.id.value.0.clone()).collect()
    }

    fn spec<'a>(specs: &'a [PackSpec], id: &str) -> &'a PackSpec {
        specs.iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no pack {id}"))
    }

    #[test]
    fn expand_gives_pack_ids_in_source_order_with_the_full_edition_last() {
        let fw = framework(SOURCE);
        let ids: Vec<String> = expand(&fw).into_iter().map(|s| s.id).collect();
        assert_eq!(
            ids,
            [
                "level-core-ey",
                "level-core-pr",
                "level-lead-ey",
                "level-lead-pr",
                "level-lead-se-additional-needs",
                "role-teacher-pr",
                "role-dsl-pr",
                FULL_EDITION_ID,
            ]
        );
    }

    #[test]
    fn expand_fills_level_band_formats_and_audience() {
        let fw = framework(SOURCE);
        let specs = expand(&fw);
        let core_ey = spec(&specs, "level-core-ey");
        assert_eq!(core_ey.audience, Audience::Level(Id("core".into())));
        assert_eq!(core_ey.level, Some(Id("core".into())));
        assert_eq!(core_ey.band, Some(Id("ey".into())));
        assert!(!core_ey.additional_needs);
        assert_eq!(core_ey.formats, [Format::Pdf, Format::Docx]);

        let an = spec(&specs, "level-lead-se-additional-needs");
        assert!(an.additional_needs);
        assert_eq!(an.formats, [Format::Docx], "an entry's formats override [packs] formats");

        let full = specs.last().unwrap();
        assert_eq!((full.audience.clone(), full.level.clone(), full.band.clone()), (Audience::Full, None, None));
        assert!(full.additional_needs);
        assert_eq!(full.formats, [Format::Pdf, Format::Docx]);
        assert_eq!(full.describe(&fw), "the full edition");
    }

    #[test]
    fn role_packs_use_the_roles_level() {
        let fw = framework(SOURCE);
        let specs = expand(&fw);
        let teacher = spec(&specs, "role-teacher-pr");
        assert_eq!(teacher.audience, Audience::Role(Id("teacher".into())));
        assert_eq!(teacher.level, Some(Id("core".into())));
        assert_eq!(own(&fw, teacher), ["c-all", "c-pr-se", "both"]);
        let dsl = spec(&specs, "role-dsl-pr");
        assert_eq!(dsl.level, Some(Id("lead".into())));
        assert_eq!(own(&fw, dsl), ["l-all", "both"]);
        assert_eq!(dsl.describe(&fw), "role `dsl` (level `lead`) and band `pr`");
        // A role pack holds exactly what its level's pack for the band holds.
        assert_eq!(own(&fw, dsl), own(&fw, spec(&specs, "level-lead-pr")));
    }

    #[test]
    fn own_statements_filter_by_level_and_band() {
        let fw = framework(SOURCE);
        let specs = expand(&fw);
        assert_eq!(own(&fw, spec(&specs, "level-core-ey")), ["c-all", "c-ey"]);
        assert_eq!(own(&fw, spec(&specs, "level-core-pr")), ["c-all", "c-pr-se", "both"]);
        // Only the level's own statements: `lead` is cumulative, but core's are assumed, not repeated.
        assert_eq!(own(&fw, spec(&specs, "level-lead-ey")), ["l-all"]);
        assert_eq!(own(&fw, spec(&specs, "level-lead-pr")), ["l-all", "both"]);
    }

    #[test]
    fn additional_needs_statements_only_in_additional_needs_packs() {
        let fw = framework(SOURCE);
        let specs = expand(&fw);
        assert_eq!(own(&fw, spec(&specs, "level-lead-se-additional-needs")), ["l-all", "l-se-an"]);
        // c-ey-an is early years and core, but the plain pack leaves it out.
        assert!(!own(&fw, spec(&specs, "level-core-ey")).contains(&"c-ey-an".to_string()));
        let mut with = spec(&specs, "level-core-ey").clone();
        with.additional_needs = true;
        assert_eq!(own(&fw, &with), ["c-all", "c-ey", "c-ey-an"]);
        // The full edition holds everything, enhancements included.
        assert_eq!(own(&fw, specs.last().unwrap()), ["c-all", "c-ey", "c-pr-se", "c-ey-an", "l-all", "l-se-an", "both"]);
    }

    #[test]
    fn without_bands_one_pack_per_level_and_no_full_edition_when_off() {
        let text = SOURCE
            .replace("[[bands]]\nid = \"ey\"\nname = \"Early years\"\n", "")
            .replace("[[bands]]\nid = \"pr\"\nname = \"Primary\"\n", "")
            .replace("[[bands]]\nid = \"se\"\nname = \"Secondary\"\n", "")
            .replace(", bands = [\"ey\"]", "")
            .replace(", bands = [\"pr\", \"se\"]", "")
            .replace(", bands = [\"se\"]", "")
            .replace(", bands = [\"pr\"]", "")
            .replace("bands = [\"ey\", \"pr\"]\n", "")
            .replace("bands = [\"se\"]\n", "")
            .replace("bands = [\"pr\"]\n", "")
            .replace("formats = [\"pdf\", \"docx\"]\n", "formats = [\"pdf\", \"docx\"]\nfull_edition = false\n");
        assert!(!text.contains("bands"), "{text}");
        let fw = framework(&text);
        let specs = expand(&fw);
        let ids: Vec<&str> = specs.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["level-core", "level-lead", "level-lead-additional-needs", "role-teacher", "role-dsl"]);
        assert!(specs.iter().all(|s| s.band.is_none()));
        assert_eq!(own(&fw, &specs[0]), ["c-all", "c-ey", "c-pr-se", "both"]);
        assert_eq!(own(&fw, &specs[2]), ["l-all", "l-se-an", "both"]);
        assert_eq!(own(&fw, &specs[4]), own(&fw, &specs[1]));
    }

    #[test]
    fn statement_fits_checks_each_axis() {
        let fw = framework(SOURCE);
        let s = fw.statements().find(|s| s.id.value.0 == "c-ey-an").unwrap();
        let (core, lead, ey, pr) = (Id("core".into()), Id("lead".into()), Id("ey".into()), Id("pr".into()));
        assert!(statement_fits(s, Some(&core), Some(&ey), true));
        assert!(!statement_fits(s, Some(&core), Some(&ey), false));
        assert!(!statement_fits(s, Some(&lead), Some(&ey), true));
        assert!(!statement_fits(s, Some(&core), Some(&pr), true));
        assert!(statement_fits(s, None, None, true));
        // Filled-in default: a statement without `bands` has every band.
        let all = fw.statements().find(|s| s.id.value.0 == "c-all").unwrap();
        let bands: Vec<&str> = all.bands.iter().map(|b| b.as_str()).collect();
        assert_eq!(bands, ["ey", "pr", "se"]);
    }
}
