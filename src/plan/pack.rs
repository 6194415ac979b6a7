//! [`PackPlan`]: everything one pack contains, decided once (by
//! [`super::assemble`]). Both renderers
//! (and the stock Typst CLI, through `framewright plan`) read this data; none
//! of them filters statements, matches training or picks a refresher rule.

use serde::Serialize;

use super::changes::ChangesPlan;
use super::field::FieldKey;
#[cfg(doc)]
use super::field::SignoffMeaning;
use super::identity::Signature;
use super::wording::Piece;
use crate::model::{BilingualLayout, Blocks, Branding, Columns, Date, Id, Interval, Kind, SignoffKind, TrainingFormat};

/// One pack, fully decided.
#[derive(Clone, Debug, Serialize)]
pub struct PackPlan {
    /// What identifies the pack when a completed form comes back.
    pub identity: Signature,
    /// The document: its title, keywords, parts in order and footer.
    pub document: DocumentPlan,
    /// The pack's fixed words, resolved from `templates/strings.toml`:
    /// `text.<section>.<entry>` (entries about one item are in that item).
    pub text: std::collections::BTreeMap<String, serde_json::Value>,
    /// The cover's table (label, value) and its small print.
    pub cover: CoverPlan,
    /// "Which pack is mine?": roles, levels, example staff, cross-walks.
    pub roles: Option<TablePlan>,
    pub framework: FrameworkInfo,
    pub branding: Branding,
    pub pack: PackInfo,
    /// The levels the pack talks about: all of them in the full edition,
    /// else its own level and the levels it assumes.
    pub levels: Vec<LevelInfo>,
    pub domains: Vec<DomainPlan>,
    pub assessment: AssessmentPlan,
    /// Training options matched to this pack.
    pub training: Vec<TrainingPlan>,
    /// The refresher rule for this pack's reader (none in the full edition,
    /// which lists every rule in `refreshers`).
    pub refresher: Option<RefresherPlan>,
    pub refreshers: Vec<RefresherPlan>,
    /// The member of staff a personalised pack is for (`build --staff`).
    pub person: Option<PersonPlan>,
    /// What changed since the previous edition that concerns this pack
    /// (the part "What changed in this edition").
    pub changes: Option<ChangesPlan>,
    /// A bilingual pack's second language (`super::bilingual`); absent
    /// from the plan of a pack in one language, whose hash it leaves as it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alongside: Option<Box<Alongside>>,
}

/// The second language of a bilingual pack.
#[derive(Clone, Debug, Serialize)]
pub struct Alongside {
    pub layout: BilingualLayout,
    /// The pack in the second language, as it would be planned alone.
    pub plan: PackPlan,
}

impl PackPlan {
    /// The heading of the pack's part of `kind` (empty for a part it lacks
    /// or one without a heading).
    pub fn part(&self, kind: PartKind) -> &str {
        self.document.parts.iter().find(|p| p.kind == kind).and_then(|p| p.heading.as_deref()).unwrap_or_default()
    }

    /// The pack-level entry `key` of the wording (`"guide.intro"`), as
    /// resolved for this pack; a key the wording lacks prints as itself, so
    /// a mistake shows in the pack (and fails the tests) instead of vanishing.
    pub fn say<'a>(&'a self, key: &'a str) -> &'a str {
        let mut parts = key.split('.');
        let first = parts.next().and_then(|p| self.text.get(p));
        parts.try_fold(first, |v, p| Some(v.and_then(|v| v.get(p)))).flatten().and_then(|v| v.as_str()).unwrap_or(key)
    }
}

/// What the document is, in the order it is laid out.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentPlan {
    /// The document title (PDF title, Word core title): framework and pack.
    pub title: String,
    /// The pack title alone ("Level 2 · Primary"), or "Full framework".
    pub pack_title: String,
    /// Document keywords, ending with the pack's identity
    /// (`framewright:framework=…`, `:version=`, `:pack=`, `:plan=`).
    pub keywords: Vec<String>,
    /// The parts, in order, each with its heading.
    pub parts: Vec<PartPlan>,
    pub footer: FooterPlan,
}

/// One part of a pack.
#[derive(Clone, Debug, Serialize)]
pub struct PartPlan {
    pub kind: PartKind,
    /// The part's level-1 heading (none for the cover).
    pub heading: Option<String>,
    /// Whether the part starts a page. A short pack runs its first parts
    /// on (contents, how to use it, about), so it does not spend a page on each.
    pub new_page: bool,
}

/// The parts a pack can have. Each renderer has one function per kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    Cover,
    Contents,
    HowToUse,
    About,
    Changes,
    Framework,
    Assessment,
    Training,
    Signoff,
    Acknowledgements,
    References,
}

/// The footer of every page.
#[derive(Clone, Debug, Serialize)]
pub struct FooterPlan {
    /// "Version 2 · Review date 2027-01-01".
    pub version: String,
    /// "Page X of Y" with the numbers as slots `page` and `pages`.
    pub page: Vec<Piece>,
}

/// A table of text: its header row and rows.
#[derive(Clone, Debug, Serialize)]
pub struct TablePlan {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The cover's table and small print.
#[derive(Clone, Debug, Serialize)]
pub struct CoverPlan {
    pub rows: Vec<CoverRow>,
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CoverRow {
    pub label: String,
    pub value: String,
}

/// Who a personalised pack is for; the sign-off fields are pre-filled from
/// it (see [`SignoffPlan::value`]).
#[derive(Clone, Debug, Serialize)]
pub struct PersonPlan {
    pub name: String,
    pub email: Option<String>,
    pub job_title: Option<String>,
    /// The role's name, for people listed by role.
    pub role: Option<String>,
    pub setting: Option<String>,
    pub line_manager: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FrameworkInfo {
    pub title: String,
    pub subtitle: Option<String>,
    pub publisher: String,
    pub version: String,
    pub published: Date,
    pub review: Option<Date>,
    pub language: String,
    /// The language part of `language` ("en"), as Typst's `text(lang:)` wants it.
    pub lang: String,
    /// The region part ("GB"), if any.
    pub region: Option<String>,
    pub licence: Option<String>,
    pub contact: Option<String>,
    /// The logo as a path from the project root ("/assets/logo.png").
    pub logo: Option<String>,
    pub logo_alt: Option<String>,
    /// The framework's own narrative: only in the full edition, so that
    /// a member of staff gets a short pack.
    pub introduction: Blocks,
    pub principles: Blocks,
    pub acknowledgements: Blocks,
    pub references: Blocks,
}

#[derive(Clone, Debug, Serialize)]
pub struct PackInfo {
    pub id: String,
    /// "level", "role" or "full".
    pub kind: &'static str,
    /// The reader's level (a role's level for role packs).
    pub level: Option<LevelInfo>,
    pub role: Option<RoleInfo>,
    pub band: Option<BandInfo>,
    pub additional_needs: bool,
    /// Levels whose capabilities this pack assumes (cumulative levels).
    pub assumed_levels: Vec<LevelRef>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LevelRef {
    pub id: Id,
    pub name: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct LevelInfo {
    pub id: Id,
    pub name: String,
    pub audience: Option<String>,
    pub description: Blocks,
    pub cumulative: bool,
    pub crosswalk: Vec<CrosswalkEntry>,
    /// "Equivalent to: Group 1, 2; …", when there is a cross-walk.
    pub crosswalk_text: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RoleInfo {
    pub id: Id,
    pub name: String,
    pub description: Blocks,
    pub examples: Vec<String>,
    pub crosswalk: Vec<CrosswalkEntry>,
    /// "Typical roles: …", when the role lists examples.
    pub examples_text: Option<String>,
    pub crosswalk_text: Option<String>,
}

/// One cross-walk value, with the scheme's name resolved.
#[derive(Clone, Debug, Serialize)]
pub struct CrosswalkEntry {
    pub scheme: String,
    pub values: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct BandInfo {
    pub id: Id,
    pub name: String,
    pub description: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DomainPlan {
    pub id: Id,
    pub number: Option<String>,
    pub title: String,
    pub intro: Blocks,
    /// The domain's own statements (topic `None`) and then its topics.
    pub sections: Vec<SectionPlan>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SectionPlan {
    pub topic: Option<TopicInfo>,
    /// One group per level, in level order: assumed levels first.
    pub groups: Vec<GroupPlan>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TopicInfo {
    pub id: Id,
    pub number: Option<String>,
    pub title: String,
    pub intro: Blocks,
}

/// The statements of one level within a domain or topic.
#[derive(Clone, Debug, Serialize)]
pub struct GroupPlan {
    pub level: LevelRef,
    /// The group's heading: the level's name, or "Assumed from …".
    pub title: String,
    pub audience: Option<String>,
    /// True when these are capabilities assumed from an earlier level.
    pub assumed: bool,
    /// True when the source declares this level deliberately empty here.
    pub empty: bool,
    pub intro: Blocks,
    pub subgroups: Vec<SubgroupPlan>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SubgroupPlan {
    pub subheading: Option<String>,
    pub statements: Vec<StatementPlan>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StatementPlan {
    pub id: Id,
    pub text: String,
    pub kind: Option<Kind>,
    pub tags: Vec<String>,
    pub additional_needs: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct AssessmentPlan {
    pub instructions: Blocks,
    pub scale: Vec<ScaleInfo>,
    pub columns: Columns,
    /// One row per statement the reader rates (none in the full edition).
    pub rows: Vec<RowPlan>,
    pub signoff: Vec<SignoffPlan>,
    pub action_plan: Vec<ActionRowPlan>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ScaleInfo {
    pub value: i64,
    pub label: String,
    pub description: Option<String>,
    pub met: bool,
    /// The point as a choice ("3 Competent").
    pub option: String,
}

/// A self-assessment row and the names of its form fields.
#[derive(Clone, Debug, Serialize)]
pub struct RowPlan {
    pub statement: Id,
    pub text: String,
    /// Where the statement sits, e.g. "5.1 Safeguarding".
    pub context: String,
    pub additional_needs: bool,
    /// "(from Level 1)" for a statement assumed from an earlier level,
    /// when the pack self-assesses those too.
    pub from_level: Option<String>,
    /// Whether `text` is still in the source's language in a pack in
    /// another (no translation of it): the PDF's Welsh hyphenation leaves
    /// it alone. Not part of the plan's data.
    #[serde(skip)]
    pub untranslated: bool,
    pub rating_field: FieldKey,
    pub evidence_field: FieldKey,
    pub action_field: FieldKey,
    /// Accessible names of the fields (PDF `/TU`, Word alias, HTML label).
    pub rating_label: String,
    /// One per scale point, for formats with a control per point (Word).
    pub rating_choices: Vec<String>,
    pub evidence_label: String,
    pub action_label: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct SignoffPlan {
    pub id: Id,
    pub label: String,
    pub kind: SignoffKind,
    pub field: FieldKey,
    /// The field's accessible name.
    pub field_label: String,
    /// Pre-filled in personalised packs: the sign-off fields whose ids
    /// mean a detail of the person ([`SignoffMeaning`]) take it.
    pub value: Option<String>,
}

/// One row of the action plan; its fields are named `actionplan.<n>.<column>`.
#[derive(Clone, Debug, Serialize)]
pub struct ActionRowPlan {
    pub number: u32,
    pub action_field: FieldKey,
    pub support_field: FieldKey,
    pub date_field: FieldKey,
    pub action_label: String,
    pub support_label: String,
    pub date_label: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct TrainingPlan {
    pub id: Id,
    pub title: String,
    pub provider: Option<String>,
    pub format: TrainingFormat,
    /// The format as printed ("Face-to-face").
    pub format_label: String,
    pub duration: Option<String>,
    pub cost: Option<String>,
    pub link: Option<String>,
    pub description: Blocks,
    pub refresh_every: Option<Interval>,
    /// "Cost: …", when there is a cost.
    pub cost_text: Option<String>,
    /// "Every 2 years", when the option must be refreshed.
    pub refresh_text: Option<String>,
    /// The pack's statements this option closes.
    pub closes: Vec<Id>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RefresherPlan {
    pub applies_to: String,
    pub every: Interval,
    pub note: Option<String>,
    /// "Every 3 years".
    pub every_text: String,
    /// The rule as a sentence, for the pack it applies to.
    pub text: String,
}
