//! The framework's body: domains, topics, and the competency statements that
//! self-assessments and returned forms refer to by id.

use schemars::JsonSchema;
use serde::Serialize;

use super::{Blocks, CaseId, Id, IdMap, OneOrMany, Sp};

/// `[[domains]]`: a domain, with statements and/or topics.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    pub id: Sp<Id>,
    /// As printed, e.g. "5".
    #[serde(default)]
    pub number: Option<String>,
    pub title: String,
    /// Narrative shown before the statements.
    #[serde(default)]
    pub intro: Blocks,
    /// Levels deliberately without statements here.
    #[serde(default)]
    pub empty_levels: Vec<Sp<Id>>,
    /// Level id → text printed above that level's statements.
    #[serde(default)]
    pub level_intro: IdMap<Blocks>,
    #[serde(default)]
    pub statements: Vec<Statement>,
    #[serde(default)]
    pub topics: Vec<Topic>,
    /// The CASE identifier of its CFItem, kept from an import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<CaseId>,
}

/// `[[domains.topics]]`: a topic inside a domain (e.g. 5.1 Safeguarding).
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub id: Sp<Id>,
    #[serde(default)]
    pub number: Option<String>,
    pub title: String,
    #[serde(default)]
    pub intro: Blocks,
    #[serde(default)]
    pub empty_levels: Vec<Sp<Id>>,
    #[serde(default)]
    pub level_intro: IdMap<Blocks>,
    #[serde(default)]
    pub statements: Vec<Statement>,
    /// The CASE identifier of its CFItem, kept from an import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<CaseId>,
}

/// One competency statement.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// Stable id, unique in the framework; keep it when rewording.
    pub id: Sp<Id>,
    /// The statement, plain text.
    pub text: Sp<String>,
    /// Level id(s) the statement belongs to.
    pub level: OneOrMany<Sp<Id>>,
    /// Band ids it applies to; all bands when left out (filled in by validation).
    #[serde(default)]
    pub bands: Vec<Sp<Id>>,
    /// An enhancement for children and young people with additional needs.
    #[serde(default)]
    pub additional_needs: bool,
    /// Groups statements under a sub-heading within their level.
    #[serde(default)]
    pub subheading: Option<String>,
    #[serde(default)]
    pub kind: Option<Kind>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Ids of statements of the previous edition this one replaces (a
    /// merge names several; a split is several statements naming one).
    /// They are not ids of this edition, so they are not checked against
    /// it; an id both here and replaced is an error.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<Sp<Id>>,
    /// The CASE identifier of its CFItem, kept from an import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<CaseId>,
}

/// What sort of capability a statement describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Knowledge,
    Skill,
    Value,
}

impl Kind {
    pub const ALL: [(&'static str, Kind); 3] = [("knowledge", Kind::Knowledge), ("skill", Kind::Skill), ("value", Kind::Value)];
}
