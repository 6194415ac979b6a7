//! The CASE 1.1 CFPackage as framewright writes it: serde types in the
//! order and with the key names of the 1EdTech JSON binding. Optional keys
//! are left out rather than written as `null` (the binding forbids nulls).
//! Reading is lenient and goes through `serde_json::Value` instead (see
//! `read.rs`), because real packages break these rules.

use serde::Serialize;
use serde_json::Value;

/// Which CASE version to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CaseVersion {
    #[value(name = "1.1")]
    V1_1,
    #[value(name = "1.0")]
    V1_0,
}

#[derive(Serialize)]
pub struct Package {
    #[serde(rename = "CFDocument")]
    pub document: Document,
    #[serde(rename = "CFItems")]
    pub items: Vec<Item>,
    #[serde(rename = "CFAssociations")]
    pub associations: Vec<Association>,
    #[serde(rename = "CFDefinitions")]
    pub definitions: Definitions,
    #[serde(rename = "CFRubrics")]
    pub rubrics: Vec<Rubric>,
    /// 1.1 only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Value>,
}

/// A reference to a CASE object of this package.
#[derive(Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub identifier: String,
    pub uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    pub identifier: String,
    pub uri: String,
    /// 1.1 only: always "1.1" when written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case_version: Option<&'static str>,
    pub creator: String,
    pub title: String,
    pub last_change_date_time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_start_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_end_date: Option<String>,
    #[serde(rename = "licenseURI", skip_serializing_if = "Option::is_none")]
    pub license_uri: Option<Link>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub identifier: String,
    pub uri: String,
    pub full_statement: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub human_coding_scheme: Option<String>,
    #[serde(rename = "CFItemType")]
    pub item_type: String,
    #[serde(rename = "CFItemTypeURI")]
    pub item_type_uri: Link,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub concept_keywords: Vec<String>,
    pub language: String,
    pub last_change_date_time: String,
    /// 1.1 only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Association {
    pub identifier: String,
    pub uri: String,
    pub association_type: &'static str,
    /// The place among the destination's children (`isChildOf` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<i64>,
    #[serde(rename = "originNodeURI")]
    pub origin: Link,
    #[serde(rename = "destinationNodeURI")]
    pub destination: Link,
    pub last_change_date_time: String,
}

#[derive(Serialize)]
pub struct Definitions {
    #[serde(rename = "CFItemTypes")]
    pub item_types: Vec<ItemType>,
    #[serde(rename = "CFLicenses", skip_serializing_if = "Vec::is_empty")]
    pub licenses: Vec<License>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemType {
    pub identifier: String,
    pub uri: String,
    pub title: String,
    pub description: String,
    pub hierarchy_code: String,
    pub type_code: String,
    pub last_change_date_time: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct License {
    pub identifier: String,
    pub uri: String,
    pub title: String,
    pub license_text: String,
    pub last_change_date_time: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rubric {
    pub identifier: String,
    pub uri: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub last_change_date_time: String,
    #[serde(rename = "CFRubricCriteria")]
    pub criteria: Vec<Criterion>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Criterion {
    pub identifier: String,
    pub uri: String,
    pub category: String,
    pub description: String,
    pub position: i64,
    pub rubric_id: String,
    pub last_change_date_time: String,
    #[serde(rename = "CFRubricCriterionLevels")]
    pub levels: Vec<CriterionLevel>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CriterionLevel {
    pub identifier: String,
    pub uri: String,
    pub quality: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub score: i64,
    pub position: i64,
    pub rubric_criterion_id: String,
    pub last_change_date_time: String,
}

/// The `CFItemType` titles framewright writes, with what each means.
pub const ITEM_TYPES: [(&str, &str); 7] = [
    ("Domain", "A domain of the framework: a top-level group of topics and statements"),
    ("Topic", "A topic inside a domain"),
    ("Sub-heading", "A sub-heading grouping statements within a domain or topic"),
    ("Competency", "A competency statement"),
    ("Knowledge", "A competency statement about knowledge"),
    ("Skill", "A competency statement about a skill"),
    ("Value", "A competency statement about values"),
];

/// The key under which framewright keeps what CASE has no place for, in
/// every `extensions` object it writes.
pub const EXTENSION_KEY: &str = "framewright";
