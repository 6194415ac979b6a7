//! Staff lists for personalised packs (`build --staff`): one person per row
//! of a CSV file. [`crate::plan::personal`] turns the people into packs.
//!
//! The first row names the columns (in any order, any case; spaces, `-` and
//! `_` are the same):
//!
//! | column | meaning |
//! |---|---|
//! | `name` | required: the person's name (sign-off, cover, file name) |
//! | `role` or `level` | required (one of them): a role id or level id of the source |
//! | `band` | the age band id; required when the source has bands |
//! | `email` | tells apart two people of the same name |
//! | `setting` | school, team or service (sign-off) |
//! | `line_manager` (or `manager`) | sign-off |
//! | `additional_needs` | `yes`/`no` (or `true`/`false`, `1`/`0`): the enhancements |
//!
//! Every bad row (no name, unknown role, level or band, the same person
//! twice) is reported with its line number. Other columns (an HR export
//! has many) are left out with a note, unless one looks like a misspelt
//! column of the table, which is an error saying which.

use std::collections::HashMap;
use std::path::Path;

use super::suggest::nearest;
use crate::model::{Framework, Id};

/// One member of staff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// The CSV line the person came from.
    pub line: u64,
    pub name: String,
    pub email: Option<String>,
    pub role: Option<Id>,
    pub level: Id,
    pub band: Option<Id>,
    pub setting: Option<String>,
    pub line_manager: Option<String>,
    pub additional_needs: bool,
}

/// A staff list as read: its people, the rows that cannot be used, and
/// notes on what was left out.
#[derive(Debug, Default)]
pub struct Staff {
    pub people: Vec<Person>,
    pub bad: Vec<BadRow>,
    pub notes: Vec<String>,
}

/// A row that cannot be built, and why.
#[derive(Debug)]
pub struct BadRow {
    pub line: u64,
    pub message: String,
}

/// The columns framewright reads, by their normalised header.
const COLUMNS: [&str; 8] = ["name", "email", "role", "level", "band", "setting", "line_manager", "additional_needs"];

/// Reads `path` against `fw`: the people, and the rows that are wrong. An
/// unreadable file or header is an `Err`.
pub fn read(path: &Path, fw: &Framework) -> Result<Staff, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let headers = reader.headers().map_err(|e| format!("cannot read the header row of {}: {e}", path.display()))?.clone();
    let mut columns: HashMap<&'static str, usize> = HashMap::new();
    let mut ignored = Vec::new();
    for (i, header) in headers.iter().enumerate() {
        let key = header.to_lowercase().replace([' ', '-'], "_");
        let key = if key == "manager" { "line_manager".to_string() } else { key };
        match COLUMNS.iter().find(|c| **c == key) {
            Some(c) => {
                if columns.insert(c, i).is_some() {
                    return Err(format!("{}: the column `{c}` appears twice in the header row; keep one", path.display()));
                }
            }
            None => match nearest(&key, COLUMNS, 0.75) {
                Some(n) => {
                    return Err(format!(
                        "{}: unknown column `{header}`; did you mean `{n}`? the columns are: {}",
                        path.display(),
                        COLUMNS.join(", ")
                    ));
                }
                None => ignored.push(format!("`{header}`")),
            },
        }
    }
    if !columns.contains_key("name") || !(columns.contains_key("role") || columns.contains_key("level")) {
        return Err(format!("{}: the header row needs a `name` column and a `role` or `level` column", path.display()));
    }

    let notes: Vec<String> = if ignored.is_empty() {
        Vec::new()
    } else {
        vec![format!("{}: the column(s) {} are not framewright's and were left out", path.display(), ignored.join(", "))]
    };
    let mut people = Vec::new();
    let mut bad = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                bad.push(BadRow { line, message: format!("cannot read the row: {e}") });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let cell = |name: &str| columns.get(name).and_then(|&i| record.get(i)).filter(|v| !v.is_empty()).map(str::to_string);
        match person(line, &cell, fw) {
            Ok(p) => {
                let key = p.email.clone().unwrap_or_else(|| p.name.clone()).to_lowercase();
                match seen.get(&key) {
                    Some(first) => bad.push(BadRow {
                        line,
                        message: format!(
                            "{} is already on line {first}; give each person one row (an `email` column tells apart people with one name)",
                            p.name
                        ),
                    }),
                    None => {
                        seen.insert(key, line);
                        people.push(p);
                    }
                }
            }
            Err(message) => bad.push(BadRow { line, message }),
        }
    }
    Ok(Staff { people, bad, notes })
}

/// One row as a person, or what is wrong with it.
fn person(line: u64, cell: &dyn Fn(&str) -> Option<String>, fw: &Framework) -> Result<Person, String> {
    let name = cell("name").ok_or("the name is missing")?;
    let id = |column: &str, known: Vec<&str>| -> Result<Option<Id>, String> {
        let Some(value) = cell(column) else { return Ok(None) };
        if known.contains(&value.as_str()) {
            return Ok(Some(Id(value)));
        }
        let help = match nearest(&value, known.iter().copied(), 0.75) {
            Some(n) => format!("did you mean `{n}`?"),
            None => format!("the {column}s are: {}", known.join(", ")),
        };
        Err(format!("unknown {column} `{value}` for {name}; {help}"))
    };
    let role = id("role", fw.roles.iter().map(|r| r.id.as_str()).collect())?;
    let level = id("level", fw.levels.iter().map(|l| l.id.as_str()).collect())?;
    let band = id("band", fw.bands.iter().map(|b| b.id.as_str()).collect())?;
    let level = match (&role, level) {
        (Some(role), level) => {
            let role_level = fw.role(role).map(|r| r.level.value.clone()).ok_or("the role has no level")?;
            if level.as_ref().is_some_and(|l| *l != role_level) {
                return Err(format!(
                    "{name}'s role `{role}` is at level `{role_level}`, not the level given; leave `level` empty for people with a role"
                ));
            }
            role_level
        }
        (None, Some(level)) => level,
        (None, None) => return Err(format!("{name} has neither a role nor a level")),
    };
    if band.is_none() && !fw.bands.is_empty() {
        let bands: Vec<&str> = fw.bands.iter().map(|b| b.id.as_str()).collect();
        return Err(format!("{name} has no band; this framework's packs are per age band: {}", bands.join(", ")));
    }
    let additional_needs = match cell("additional_needs").map(|v| v.to_lowercase()) {
        None => false,
        Some(v) if ["yes", "y", "true", "1"].contains(&v.as_str()) => true,
        Some(v) if ["no", "n", "false", "0"].contains(&v.as_str()) => false,
        Some(v) => return Err(format!("`additional_needs` is `{v}` for {name}; write yes or no")),
    };
    Ok(Person {
        line,
        name,
        email: cell("email"),
        role,
        level,
        band,
        setting: cell("setting"),
        line_manager: cell("line_manager"),
        additional_needs,
    })
}
