//! [`FieldKey`]: the name of one fillable field, the same in every format.
//!
//! This is the contract between the packs that go out and the harvest that
//! reads completed forms back: the PDF names its AcroForm fields with it
//! (`l1-01.rating`, a field hierarchy `l1-01` → `rating`), Word puts it in
//! each content control's tag and, as a second key that LibreOffice keeps,
//! at the end of the alias (`Evidence for l1-01 [l1-01.evidence]`), and the
//! HTML edition saves answers under it. Every key is made by [`FieldKey`]'s
//! `Display` and read back by its `FromStr`, nowhere else.
//!
//! | key | field |
//! |---|---|
//! | `<statement>.rating` | the rating of a statement (a radio group; in Word one check box per scale point, `<statement>.rating=<value>`) |
//! | `<statement>.evidence`, `<statement>.action` | the two write-in columns of a statement's row |
//! | `signoff.<id>` | a sign-off field of the source's `[[assessment.signoff]]` |
//! | `actionplan.<n>.action`, `.support`, `.date` | row `n` (from 1) of the action plan |
//!
//! Ids hold no `.` (see [`Id`]), and a statement may not be called `signoff`
//! or `actionplan` (validation refuses it), so every key reads back one way.
//!
//! A few sign-off ids mean more than their label: [`SignoffMeaning`].

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::model::Id;

/// The prefixes of the keys that do not name a statement; no statement may
/// take one of them as its id.
pub const RESERVED_IDS: [&str; 2] = [SIGNOFF, ACTION_PLAN];
const SIGNOFF: &str = "signoff";
const ACTION_PLAN: &str = "actionplan";

/// One fillable field of a pack.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldKey {
    /// How the person rates a statement.
    Rating(Id),
    /// The evidence they give for a statement.
    Evidence(Id),
    /// The action they will take on a statement.
    Action(Id),
    /// A sign-off field, by its id.
    Signoff(Id),
    /// A cell of the action plan: row (from 1) and column.
    ActionPlan(u32, ActionColumn),
}

/// The columns of the action plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActionColumn {
    /// What the person will do.
    Action,
    /// The support or training they need.
    Support,
    /// By when.
    Date,
}

impl ActionColumn {
    pub const ALL: [ActionColumn; 3] = [ActionColumn::Action, ActionColumn::Support, ActionColumn::Date];

    fn name(self) -> &'static str {
        match self {
            ActionColumn::Action => "action",
            ActionColumn::Support => "support",
            ActionColumn::Date => "date",
        }
    }
}

/// The sign-off ids with a meaning of their own (docs/source-format.md): a
/// personalised pack fills `name`, `email`, `job_title`, `role`, `setting`
/// and `line_manager` from the staff list; the harvest reads the person,
/// job title, role and setting of a form from those, dates it by `date`
/// (else by its first date field) and counts a refresher from
/// `last_training` where it is given. Any other id is a field like any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignoffMeaning {
    Name,
    Email,
    JobTitle,
    Role,
    Setting,
    LineManager,
    Date,
    LastTraining,
}

impl SignoffMeaning {
    pub const ALL: [SignoffMeaning; 8] =
        [Self::Name, Self::Email, Self::JobTitle, Self::Role, Self::Setting, Self::LineManager, Self::Date, Self::LastTraining];

    /// The sign-off id that has this meaning.
    pub fn id(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Email => "email",
            Self::JobTitle => "job_title",
            Self::Role => "role",
            Self::Setting => "setting",
            Self::LineManager => "line_manager",
            Self::Date => "date",
            Self::LastTraining => "last_training",
        }
    }

    /// The meaning of sign-off id `id`, if it has one.
    pub fn of(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.id() == id)
    }
}

impl FieldKey {
    /// The statement a key belongs to, for the keys of the rating grid.
    pub fn statement(&self) -> Option<&Id> {
        match self {
            FieldKey::Rating(id) | FieldKey::Evidence(id) | FieldKey::Action(id) => Some(id),
            FieldKey::Signoff(_) | FieldKey::ActionPlan(..) => None,
        }
    }
}

impl fmt::Display for FieldKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldKey::Rating(id) => write!(f, "{id}.rating"),
            FieldKey::Evidence(id) => write!(f, "{id}.evidence"),
            FieldKey::Action(id) => write!(f, "{id}.action"),
            FieldKey::Signoff(id) => write!(f, "{SIGNOFF}.{id}"),
            FieldKey::ActionPlan(row, column) => write!(f, "{ACTION_PLAN}.{row}.{}", column.name()),
        }
    }
}

/// Why a text is not a field key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotAFieldKey(pub String);

impl fmt::Display for NotAFieldKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a framewright field key", self.0)
    }
}

impl std::error::Error for NotAFieldKey {}

impl FromStr for FieldKey {
    type Err = NotAFieldKey;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let fail = || NotAFieldKey(text.to_string());
        let id = |s: &str| if Id::problem(s).is_none() { Ok(Id(s.to_string())) } else { Err(fail()) };
        let parts: Vec<&str> = text.split('.').collect();
        match parts.as_slice() {
            [SIGNOFF, field] => Ok(FieldKey::Signoff(id(field)?)),
            [ACTION_PLAN, row, column] => {
                let row: u32 = row.parse().ok().filter(|n| *n > 0 && !row.starts_with(['0', '+'])).ok_or_else(fail)?;
                let column = ActionColumn::ALL.into_iter().find(|c| c.name() == *column).ok_or_else(fail)?;
                Ok(FieldKey::ActionPlan(row, column))
            }
            [statement, column] if !RESERVED_IDS.contains(statement) => {
                let statement = id(statement)?;
                match *column {
                    "rating" => Ok(FieldKey::Rating(statement)),
                    "evidence" => Ok(FieldKey::Evidence(statement)),
                    "action" => Ok(FieldKey::Action(statement)),
                    _ => Err(fail()),
                }
            }
            _ => Err(fail()),
        }
    }
}

impl Serialize for FieldKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// From the text [`Serialize`] writes: how a harvest's worker processes
/// and shards hand read forms back.
impl<'de> serde::Deserialize<'de> for FieldKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// One choice of a field that has several: a Word rating check box stands
/// for one scale point of its statement (`l1-01.rating=3`, the export value
/// of the PDF's radio button).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Choice {
    pub key: FieldKey,
    /// The scale value as the source writes it.
    pub value: String,
}

impl fmt::Display for Choice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.key, self.value)
    }
}

impl FromStr for Choice {
    type Err = NotAFieldKey;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (key, value) = text.split_once('=').ok_or_else(|| NotAFieldKey(text.to_string()))?;
        let key: FieldKey = key.parse().map_err(|_| NotAFieldKey(text.to_string()))?;
        let valid = !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if valid { Ok(Choice { key, value: value.to_string() }) } else { Err(NotAFieldKey(text.to_string())) }
    }
}

/// What a Word control's tag or alias names: a field, or one choice of it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ControlKey {
    Field(FieldKey),
    Choice(Choice),
}

impl fmt::Display for ControlKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ControlKey::Field(key) => key.fmt(f),
            ControlKey::Choice(choice) => choice.fmt(f),
        }
    }
}

impl FromStr for ControlKey {
    type Err = NotAFieldKey;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.contains('=') { text.parse().map(ControlKey::Choice) } else { text.parse().map(ControlKey::Field) }
    }
}

impl ControlKey {
    /// The alias of a Word control: what a person reads, then the key in
    /// brackets, the second key that survives a LibreOffice save.
    pub fn alias(&self, label: &str) -> String {
        format!("{label} [{self}]")
    }

    /// The key at the end of an alias made by [`ControlKey::alias`], if any.
    pub fn from_alias(alias: &str) -> Option<Self> {
        let inner = alias.trim_end().strip_suffix(']')?;
        let open = inner.rfind('[')?;
        inner[open + 1..].parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> Id {
        Id(s.into())
    }

    #[test]
    fn every_key_reads_back_as_written() {
        let keys = [
            FieldKey::Rating(id("l1-01")),
            FieldKey::Evidence(id("5_1-a")),
            FieldKey::Action(id("E")),
            FieldKey::Signoff(id("line_manager")),
            FieldKey::ActionPlan(12, ActionColumn::Support),
            FieldKey::ActionPlan(1, ActionColumn::Date),
        ];
        let texts: Vec<String> = keys.iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            ["l1-01.rating", "5_1-a.evidence", "E.action", "signoff.line_manager", "actionplan.12.support", "actionplan.1.date"]
        );
        for (key, text) in keys.iter().zip(&texts) {
            assert_eq!(&text.parse::<FieldKey>().unwrap(), key);
        }
    }

    #[test]
    fn anything_else_is_not_a_key() {
        for text in [
            "",
            "l1-01",
            "l1-01.score",
            "a.b.rating",
            ".rating",
            "signoff.",
            "signoff.rating.x",
            "actionplan.rating",
            "actionplan.0.action",
            "actionplan.01.action",
            "actionplan.+1.action",
            "actionplan.1.when",
            "actionplan.x.action",
            "bad id.rating",
            "l1-01.rating=3",
        ] {
            assert!(text.parse::<FieldKey>().is_err(), "{text:?} parsed");
        }
        // A statement may be called like a sign-off field, and a sign-off
        // field like a column; only the two reserved words are taken.
        assert_eq!("name.rating".parse::<FieldKey>().unwrap(), FieldKey::Rating(id("name")));
        assert_eq!("signoff.rating".parse::<FieldKey>().unwrap(), FieldKey::Signoff(id("rating")));
    }

    #[test]
    fn choices_and_aliases_carry_the_key() {
        let choice: Choice = "l1-01.rating=3".parse().unwrap();
        assert_eq!(choice, Choice { key: FieldKey::Rating(id("l1-01")), value: "3".into() });
        assert_eq!(choice.to_string(), "l1-01.rating=3");
        assert!("l1-01.rating=".parse::<Choice>().is_err());
        assert!("l1-01.rating=3 4".parse::<Choice>().is_err());
        assert!("l1-01.rating".parse::<Choice>().is_err());

        let control = ControlKey::Choice(choice);
        let alias = control.alias("Rating of l1-01: 3 Competent [draft]");
        assert_eq!(alias, "Rating of l1-01: 3 Competent [draft] [l1-01.rating=3]");
        assert_eq!(ControlKey::from_alias(&alias), Some(control));
        assert_eq!(
            ControlKey::from_alias("Evidence for l1-01 [l1-01.evidence] "),
            Some(ControlKey::Field(FieldKey::Evidence(id("l1-01"))))
        );
        assert_eq!(ControlKey::from_alias("Evidence for l1-01"), None);
        assert_eq!(ControlKey::from_alias("[not a key]"), None);
    }
}
