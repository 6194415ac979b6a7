//! Training options and refresher rules: how a pack's reader closes the gaps
//! the self-assessment shows, and how often they must do it again.

use schemars::JsonSchema;
use serde::Serialize;

use super::{Blocks, Id, Interval, Sp};

/// `[[training]]`: one training option.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Training {
    pub id: Sp<Id>,
    pub title: String,
    #[serde(default)]
    pub provider: Option<String>,
    pub format: TrainingFormat,
    #[serde(default)]
    pub duration: Option<String>,
    #[serde(default)]
    pub cost: Option<String>,
    /// Booking or information link (https://, http:// or mailto:).
    #[serde(default)]
    pub link: Option<Sp<String>>,
    #[serde(default)]
    pub description: Blocks,
    /// Levels it serves.
    #[serde(default)]
    pub levels: Vec<Sp<Id>>,
    /// Roles it serves.
    #[serde(default)]
    pub roles: Vec<Sp<Id>>,
    /// Bands it serves; all bands when left out (filled in by validation).
    #[serde(default)]
    pub bands: Vec<Sp<Id>>,
    /// Statements (competencies) it closes.
    #[serde(default)]
    pub statements: Vec<Sp<Id>>,
    #[serde(default)]
    pub refresh_every: Option<Interval>,
}

/// How a training option is delivered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TrainingFormat {
    ELearning,
    FaceToFace,
    Blended,
    Webinar,
    Shadowing,
    Presentation,
    SharedExpertise,
    Reading,
    Coaching,
    #[default]
    Other,
}

impl TrainingFormat {
    pub const ALL: [(&'static str, TrainingFormat); 10] = [
        ("e-learning", Self::ELearning),
        ("face-to-face", Self::FaceToFace),
        ("blended", Self::Blended),
        ("webinar", Self::Webinar),
        ("shadowing", Self::Shadowing),
        ("presentation", Self::Presentation),
        ("shared-expertise", Self::SharedExpertise),
        ("reading", Self::Reading),
        ("coaching", Self::Coaching),
        ("other", Self::Other),
    ];
}

/// `[[refreshers]]`: how often a group must refresh its training.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Refresher {
    /// Who the rule is for, as printed ("Everyone else").
    pub applies_to: String,
    #[serde(default)]
    pub levels: Vec<Sp<Id>>,
    #[serde(default)]
    pub roles: Vec<Sp<Id>>,
    pub every: Interval,
    #[serde(default)]
    pub note: Option<String>,
    /// Where this rule is in the source, for messages about it.
    #[serde(skip)]
    pub span: std::ops::Range<usize>,
}

impl Refresher {
    /// A rule naming no level and no role applies to everyone else.
    pub fn is_default(&self) -> bool {
        self.levels.is_empty() && self.roles.is_empty()
    }
}
