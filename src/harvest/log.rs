//! The per-file log of a harvest: what became of every input, so a script
//! can check that each file is accounted for.

use serde::Serialize;

use super::read::{FileFormat, Unusable};
use super::submission::{RowStatus, Submission};
use crate::plan::identity::PackIdentity;

/// What became of one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Read, every statement rated.
    Read,
    /// Read, some statements not rated (the completion share says how many).
    PartlyCompleted,
    /// A form of another version of the framework, harvested by statement id.
    OlderVersion,
    /// The same person again; the other copy (signed off later) is kept.
    Duplicate,
    /// The same person's assessment on an older edition; the later one counts.
    Superseded,
    /// Not a framewright pack, or one whose framework or pack no source defines.
    Foreign,
    /// Cannot be opened: cut short, not a zip, not JSON.
    Corrupt,
    /// Opens, but its structure is broken or beyond a limit.
    Damaged,
    /// Needs a password.
    Encrypted,
    /// Printed or flattened to PDF: no fields left.
    Flattened,
}

impl Status {
    /// Whether the file gave nothing to harvest (the run then exits 1).
    pub fn unusable(self) -> bool {
        matches!(self, Status::Foreign | Status::Corrupt | Status::Damaged | Status::Encrypted | Status::Flattened)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Read => "read",
            Status::PartlyCompleted => "partly_completed",
            Status::OlderVersion => "older_version",
            Status::Duplicate => "duplicate",
            Status::Superseded => "superseded",
            Status::Foreign => "foreign",
            Status::Corrupt => "corrupt",
            Status::Damaged => "damaged",
            Status::Encrypted => "encrypted",
            Status::Flattened => "flattened",
        }
    }

    pub fn from_unusable(u: &Unusable) -> Self {
        match u {
            Unusable::Foreign(_) => Status::Foreign,
            Unusable::Corrupt(_) => Status::Corrupt,
            Unusable::Damaged(_) => Status::Damaged,
            Unusable::Encrypted(_) => Status::Encrypted,
            Unusable::Flattened(_) => Status::Flattened,
        }
    }
}

/// One input and what became of it.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub file: String,
    pub format: FileFormat,
    pub status: Status,
    /// Why, in words a person can act on.
    pub reason: String,
    pub identity: Option<PackIdentity>,
    pub person: Option<String>,
    /// Statements rated and asked, and the share (0–1, 3 decimals).
    pub rated: Option<usize>,
    pub total: Option<usize>,
    pub completion: Option<f64>,
    /// For a duplicate: the file kept instead.
    pub duplicate_of: Option<String>,
    pub mistakes: Vec<String>,
    pub notes: Vec<String>,
}

impl Entry {
    pub fn unusable(file: String, format: FileFormat, identity: Option<PackIdentity>, why: &Unusable) -> Self {
        Entry {
            file,
            format,
            status: Status::from_unusable(why),
            reason: why.reason().to_string(),
            identity,
            person: None,
            rated: None,
            total: None,
            completion: None,
            duplicate_of: None,
            mistakes: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The entry of a harvested form.
    pub fn harvested(s: &Submission) -> Self {
        let share = s.completion.share();
        let (status, reason) = if s.identity.version != s.current_version {
            let mut reason = format!(
                "built from version {} of the framework; the source is at version {}: answers were matched by statement id",
                s.identity.version, s.current_version
            );
            if !s.removed.is_empty() {
                reason.push_str(&format!("; {} answered statement(s) no longer in the pack: {}", s.removed.len(), join(&s.removed)));
            }
            if !s.not_in_form.is_empty() {
                reason.push_str(&format!("; {} current statement(s) the form did not ask: {}", s.not_in_form.len(), join(&s.not_in_form)));
            }
            let reworded: Vec<crate::model::Id> = s.rows.iter().filter(|r| r.reworded == Some(true)).map(|r| r.statement.clone()).collect();
            if !reworded.is_empty() {
                reason.push_str(&format!("; {} statement(s) asked in a wording reworded since: {}", reworded.len(), join(&reworded)));
            }
            if s.rows.iter().any(|r| r.status == RowStatus::Current && r.reworded.is_none()) {
                reason.push_str(&format!(
                    "; give version {}'s source with --source too, to flag statements reworded since",
                    s.identity.version
                ));
            }
            (Status::OlderVersion, reason)
        } else if s.completion.rated < s.completion.total {
            (Status::PartlyCompleted, format!("{} of {} statements rated ({:.0} %)", s.completion.rated, s.completion.total, share * 100.0))
        } else {
            (Status::Read, format!("all {} statements rated", s.completion.total))
        };
        Entry {
            file: s.file.clone(),
            format: s.format,
            status,
            reason,
            identity: Some(s.identity.clone()),
            person: Some(s.person.clone()),
            rated: Some(s.completion.rated),
            total: Some(s.completion.total),
            completion: Some((share * 1000.0).round() / 1000.0),
            duplicate_of: None,
            mistakes: s.mistakes.clone(),
            notes: s.notes.clone(),
        }
    }
}

fn join(ids: &[crate::model::Id]) -> String {
    ids.iter().map(|i| i.as_str()).collect::<Vec<_>>().join(", ")
}
