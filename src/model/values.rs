//! Small value types shared by the whole model: spanned values, ids, dates,
//! colours, intervals and the "one or many" / "all or some" list shapes.
//!
//! Each serialises to the plain JSON the templates read and describes itself
//! to JSON Schema as what a person writes in the TOML source.

use std::borrow::Cow;
use std::fmt;
use std::ops::{Deref, Range};

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Serialize, Serializer};

/// A value with the bytes of the source it came from, so later checks can
/// point at it. Serialises (and describes itself) as the bare value.
#[derive(Clone, Debug)]
pub struct Sp<T> {
    pub value: T,
    pub span: Range<usize>,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Range<usize>) -> Self {
        Self { value, span }
    }
}

impl<T: Default> Default for Sp<T> {
    fn default() -> Self {
        Self::new(T::default(), 0..0)
    }
}

impl<T> Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Serialize> Serialize for Sp<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// A stable identifier: 1–64 of `A–Z a–z 0–9 - _`, starting with a letter or
/// digit. No dots, because a dot separates the parts of a PDF form-field name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Id(pub String);

impl Id {
    pub const PATTERN: &'static str = "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$";

    /// Why `text` is not a valid id, or `None` if it is.
    pub fn problem(text: &str) -> Option<&'static str> {
        let mut chars = text.chars();
        match chars.next() {
            None => Some("an id cannot be empty"),
            _ if text.trim() != text => Some("a space at the start or end of an id"),
            Some(c) if !c.is_ascii_alphanumeric() => Some("an id must start with a letter or a digit"),
            _ if text.len() > 64 => Some("an id is at most 64 characters long"),
            _ if !chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') => {
                Some("an id may only hold the letters A–Z and a–z, digits, `-` and `_`")
            }
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        "Id".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": Self::PATTERN,
            "description": "A stable id: letters, digits, `-` and `_`. Keep it when the text is reworded."
        })
    }
}

/// A CASE (1EdTech Competencies and Academic Standards Exchange) identifier:
/// a UUID in lower-case 8-4-4-4-12 form. Kept in a source that came from a
/// CASE package so that `framewright export case` gives the same identifiers
/// back instead of deriving new ones.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct CaseId(pub String);

impl CaseId {
    pub const PATTERN: &'static str = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    /// The identifier in canonical form, or `None` if `text` is not a UUID.
    pub fn parse(text: &str) -> Option<Self> {
        uuid::Uuid::try_parse(text.trim()).ok().map(|u| Self(u.hyphenated().to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl JsonSchema for CaseId {
    fn schema_name() -> Cow<'static, str> {
        "CaseId".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": Self::PATTERN,
            "description": "A CASE identifier (UUID) kept from an imported CASE package, so a re-export gives it back"
        })
    }
}

/// A calendar date (TOML local date such as `2015-03-01`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date", "description": "A TOML date without quotes, e.g. 2025-09-01" })
    }
}

/// An sRGB colour written `#rrggbb`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Colour(pub String);

impl Colour {
    pub const PATTERN: &'static str = "^#[0-9a-fA-F]{6}$";

    pub fn parse(text: &str) -> Option<Self> {
        let hex = text.strip_prefix('#')?;
        (hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit())).then(|| Self(text.to_ascii_lowercase()))
    }
}

impl JsonSchema for Colour {
    fn schema_name() -> Cow<'static, str> {
        "Colour".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": Self::PATTERN, "description": "A colour as #rrggbb" })
    }
}

/// A refresher interval, written "3 years" or "18 months": kept in months
/// for arithmetic, and printed as the source wrote it ("12 months" stays
/// "12 months", not "1 year").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Interval {
    pub months: u32,
    /// The number as written, in years when `years`, else in months.
    count: u32,
    years: bool,
}

impl Interval {
    pub const PATTERN: &'static str = "^[1-9][0-9]* (year|years|month|months)$";

    pub fn parse(text: &str) -> Option<Self> {
        let (number, unit) = text.trim().split_once(' ')?;
        let n: u32 = number.parse().ok().filter(|n| *n > 0 && *n <= 1200)?;
        match unit.trim() {
            "year" | "years" => Some(Self { months: n * 12, count: n, years: true }),
            "month" | "months" => Some(Self { months: n, count: n, years: false }),
            _ => None,
        }
    }

    /// The number as written, and whether it counts years (else months):
    /// what the wording's `dates.interval` says in its own language.
    pub fn as_written(&self) -> (u32, bool) {
        (self.count, self.years)
    }
}

/// The interval as the source writes it ("2 years"), for sources and data
/// files; packs and reports word it with `Speaker::interval`.
impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match (self.years, self.count) {
            (true, 1) => "year",
            (true, _) => "years",
            (false, 1) => "month",
            (false, _) => "months",
        };
        write!(f, "{} {unit}", self.count)
    }
}

impl Serialize for Interval {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Out {
            months: u32,
            text: String,
        }
        Out { months: self.months, text: self.to_string() }.serialize(s)
    }
}

impl JsonSchema for Interval {
    fn schema_name() -> Cow<'static, str> {
        "Interval".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": Self::PATTERN, "description": "\"N years\" or \"N months\"" })
    }
}

/// One value or a list of values in the source (`level = "2"` or
/// `level = ["2", "3"]`); always a list in the model.
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub struct OneOrMany<T>(pub Vec<T>);

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T> Deref for OneOrMany<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T: JsonSchema> JsonSchema for OneOrMany<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("OneOrMany_{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let one = generator.subschema_for::<T>();
        json_schema!({ "anyOf": [one, { "type": "array", "items": one, "minItems": 1 }] })
    }
}

/// `"all"` or a list of ids, as in `levels = "all"`.
#[derive(Clone, Debug)]
pub enum Selection {
    All,
    Some(Vec<Sp<Id>>),
}

impl Serialize for Selection {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Selection::All => s.serialize_str("all"),
            Selection::Some(ids) => ids.serialize(s),
        }
    }
}

impl JsonSchema for Selection {
    fn schema_name() -> Cow<'static, str> {
        "Selection".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let id = generator.subschema_for::<Id>();
        json_schema!({ "anyOf": [{ "const": "all" }, { "type": "array", "items": id, "minItems": 1 }] })
    }
}

/// A table keyed by ids of another list, in source order (a cross-walk keyed
/// by scheme, a level introduction keyed by level).
#[derive(Clone, Debug)]
pub struct IdMap<V>(pub Vec<(Sp<Id>, V)>);

impl<V> Default for IdMap<V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<V> IdMap<V> {
    pub fn get(&self, id: &Id) -> Option<&V> {
        self.0.iter().find(|(k, _)| k.value == *id).map(|(_, v)| v)
    }
}

impl<V: Serialize> Serialize for IdMap<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k.as_str(), v)))
    }
}

impl<V: JsonSchema> JsonSchema for IdMap<V> {
    fn schema_name() -> Cow<'static, str> {
        format!("IdMap_{}", V::schema_name()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let value = generator.subschema_for::<V>();
        json_schema!({ "type": "object", "propertyNames": { "pattern": Id::PATTERN }, "additionalProperties": value })
    }
}
