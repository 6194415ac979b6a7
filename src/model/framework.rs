//! The framework as a whole, its metadata, and the axes packs are cut along:
//! levels, roles (with cross-walks to outside schemes) and age bands.

use schemars::JsonSchema;
use serde::Serialize;

use super::{Assessment, Blocks, CaseId, Date, Domain, Id, IdMap, OneOrMany, Packs, Refresher, Sp, Training, Wording};

/// One competency framework: the whole of one source file.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "framewright source")]
pub struct Framework {
    /// Title, publisher, version, dates and the framework's own narrative.
    pub framework: Meta,
    /// Levels, tiers or stages, in order.
    pub levels: Vec<Level>,
    /// Outside schemes that levels and roles are cross-walked to.
    #[serde(default)]
    pub schemes: Vec<Scheme>,
    /// Staff groups and roles, each aligned to a level.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Age bands or settings; none means every pack covers all ages.
    #[serde(default)]
    pub bands: Vec<Band>,
    /// Domains, holding topics and competency statements.
    pub domains: Vec<Domain>,
    /// The self-assessment: rating scale, columns and sign-off.
    pub assessment: Assessment,
    /// Training options that close gaps.
    #[serde(default)]
    pub training: Vec<Training>,
    /// How often training must be refreshed, per role or level.
    #[serde(default)]
    pub refreshers: Vec<Refresher>,
    /// Which packs to build, their file names and branding.
    pub packs: Packs,
    /// The fixed words of the packs (not part of the source itself: read
    /// from `templates/strings.toml` and `[packs] strings`).
    #[serde(skip)]
    #[schemars(skip)]
    pub wording: Wording,
    /// The source's own language when this is the framework translated
    /// into `framework.language` (`crate::translate::edition`); `None` for
    /// the source as written.
    #[serde(skip)]
    #[schemars(skip)]
    pub translated_from: Option<String>,
    /// The units (by id, `statement.<id>`) a translated framework still
    /// has in the source's language, having no translation made from the
    /// English the source has now; none for the source as written.
    #[serde(skip)]
    #[schemars(skip)]
    pub untranslated: std::collections::BTreeSet<String>,
    /// What changed since the previous edition (`[framework] previous`),
    /// when the source names one that could be read: not part of the
    /// source itself, but what the packs' "What changed" part and the
    /// download page tell their readers.
    #[serde(skip)]
    #[schemars(skip)]
    pub changes: Option<super::changes::Changes>,
}

/// `[framework]`: metadata and narrative.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Lower-case id used in file names and stored in every pack.
    pub id: Sp<Id>,
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Organisation that publishes the framework (the document author).
    pub publisher: String,
    /// Printed on every page and stored in every pack.
    pub version: String,
    /// Publication date.
    pub published: Date,
    /// Next review date, printed on every page.
    #[serde(default)]
    pub review: Option<Date>,
    /// BCP 47 language tag, e.g. en-GB.
    pub language: String,
    /// Where `language` is in the source, so a bad tag is reported there.
    #[serde(skip)]
    pub language_span: std::ops::Range<usize>,
    #[serde(default)]
    pub licence: Option<String>,
    #[serde(default)]
    pub contact: Option<String>,
    /// Logo (PNG, JPEG or SVG), relative to the source file.
    #[serde(default)]
    pub logo: Option<Sp<String>>,
    /// Alternative text for the logo; required with `logo`.
    #[serde(default)]
    pub logo_alt: Option<String>,
    #[serde(default)]
    pub introduction: Blocks,
    #[serde(default)]
    pub principles: Blocks,
    #[serde(default)]
    pub acknowledgements: Blocks,
    #[serde(default)]
    pub references: Blocks,
    /// The previous edition's source, relative to this file (e.g.
    /// "editions/london-1.0.toml"): `check` then warns about statements
    /// gone without a replacement and rewritten under the same version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Sp<String>>,
    /// The CASE identifier of the framework's CFDocument, kept from an import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<CaseId>,
}

/// `[[levels]]`: one level, tier or stage.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub id: Sp<Id>,
    pub name: String,
    /// Who works at this level, as printed above its statements.
    #[serde(default)]
    pub audience: Option<String>,
    #[serde(default)]
    pub description: Blocks,
    /// True: the capabilities of every earlier level are assumed at this one.
    #[serde(default)]
    pub cumulative: bool,
    /// With `cumulative`: this level's packs self-assess the assumed
    /// statements too, each marked with the level it comes from, so a level
    /// with no statements of its own still gets a pack.
    #[serde(default)]
    pub assess_assumed: bool,
    /// Scheme id → value(s), e.g. { group = ["2", "3"], icl = "2-3" }.
    #[serde(default)]
    pub crosswalk: IdMap<OneOrMany<String>>,
}

/// `[[schemes]]`: an outside scheme for cross-walks (Groups 1–8, Intercollegiate levels).
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    pub id: Sp<Id>,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// `[[roles]]`: a staff group or role, aligned to one level.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: Sp<Id>,
    pub name: String,
    /// The level this role aligns to.
    pub level: Sp<Id>,
    #[serde(default)]
    pub description: Blocks,
    /// Example job titles.
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub crosswalk: IdMap<OneOrMany<String>>,
}

/// `[[bands]]`: an age band or setting.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub id: Sp<Id>,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

impl Meta {
    /// The language part of its language tag ("en" of "en-GB"), as Typst wants it.
    pub fn lang(&self) -> String {
        primary_language(&self.language)
    }
}

impl Framework {
    /// Every statement, in source order (domains, then their topics).
    pub fn statements(&self) -> impl Iterator<Item = &super::Statement> {
        self.domains.iter().flat_map(|d| d.statements.iter().chain(d.topics.iter().flat_map(|t| t.statements.iter())))
    }

    pub fn statement(&self, id: &Id) -> Option<&super::Statement> {
        self.statements().find(|s| s.id.value == *id)
    }

    /// The levels a cumulative `level` assumes (those before it); none
    /// for a level that is not cumulative.
    pub fn assumed_by(&self, level: &Level) -> Vec<&Level> {
        if !level.cumulative {
            return Vec::new();
        }
        self.levels.iter().take_while(|l| l.id.value != level.id.value).collect()
    }

    pub fn level(&self, id: &Id) -> Option<&Level> {
        self.levels.iter().find(|l| l.id.value == *id)
    }

    pub fn role(&self, id: &Id) -> Option<&Role> {
        self.roles.iter().find(|r| r.id.value == *id)
    }

    pub fn band(&self, id: &Id) -> Option<&Band> {
        self.bands.iter().find(|b| b.id.value == *id)
    }
}

/// Whether two language tags name one language (`en` is `en-GB`'s).
pub fn same_language(a: &str, b: &str) -> bool {
    primary_language(a) == primary_language(b)
}

/// The language part of a language tag ("en" of "en-GB"), as Typst wants it.
pub fn primary_language(tag: &str) -> String {
    tag.split('-').next().unwrap_or_default().to_ascii_lowercase()
}

/// Orders versions as people number them ("1.10" after "1.9").
pub fn version_key(version: &str) -> Vec<(u64, String)> {
    let mut key = Vec::new();
    let mut digits = String::new();
    let mut rest = String::new();
    for c in version.chars().chain(std::iter::once('.')) {
        if c.is_ascii_digit() {
            if !rest.is_empty() {
                key.push((0, std::mem::take(&mut rest)));
            }
            digits.push(c);
        } else {
            if !digits.is_empty() {
                key.push((digits.parse().unwrap_or(u64::MAX), String::new()));
                digits.clear();
            }
            if c != '.' {
                rest.push(c);
            }
        }
    }
    if !rest.is_empty() {
        key.push((0, rest));
    }
    key
}
