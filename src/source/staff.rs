//! Staff lists for personalised packs (`build --staff`): one person per row
//! of a CSV file. [`crate::plan::personal`] turns the people into packs.
//!
//! The first row names the columns (in any order, any case; spaces, `-` and
//! `_` are the same):
//!
//! | column | meaning |
//! |---|---|
//! | `name` | required: the person's name (sign-off, cover, file name) |
//! | `role` or `level` | required (one of them): a role id or level id of the source, or for `role` a job title the source gives as a role's example ([`super::role_title`]) |
//! | `band` | the age band id; required when the source has bands |
//! | `email` | tells apart two people of the same name |
//! | `job_title` | cover and sign-off; else the title given as the role |
//! | `setting` | school, team or service (sign-off) |
//! | `line_manager` (or `manager`) | sign-off |
//! | `additional_needs` | `yes`/`no` (or `true`/`false`, `1`/`0`): the enhancements |
//!
//! Every bad row (no name, unknown or ambiguous role, unknown level or
//! band, the same person twice) is reported with its line number; a role
//! taken from a job title gets a note saying which. Other columns (an HR
//! export has many) are left out with a note, unless one is a misspelling
//! of a column of the table, which is an error saying which.

use std::collections::HashMap;
use std::path::Path;

use super::role_title::{self, TitleMatch};
use super::suggest::nearest;
use crate::model::{Framework, Id};

/// One member of staff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// The CSV line the person came from.
    pub line: u64,
    pub name: String,
    pub email: Option<String>,
    /// As the person's employer calls their post ("Head teacher").
    pub job_title: Option<String>,
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
const COLUMNS: [&str; 9] = ["name", "email", "job_title", "role", "level", "band", "setting", "line_manager", "additional_needs"];

/// Whether `header` is a misspelling of one of [`COLUMNS`] (which one):
/// at most one edit in five letters ("levle", "emial", "job_titel"). An
/// HR export's own columns ("Job grade", "Job role", "Bank") are further
/// from ours than that, and are left out rather than refused.
fn misspelt(header: &str) -> Option<&'static str> {
    COLUMNS.into_iter().find(|c| strsim::normalized_damerau_levenshtein(c, header) >= 0.8)
}

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
            None => match misspelt(&key) {
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

    let mut notes: Vec<String> = if ignored.is_empty() {
        Vec::new()
    } else {
        vec![format!("{}: the column(s) {} are not framewright's and were left out", path.display(), ignored.join(", "))]
    };
    let mut people = Vec::new();
    let mut bad = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    // One note per title and role, with every line it was taken on.
    let mut titles: Vec<(String, Vec<u64>)> = Vec::new();
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
            Ok((p, taken)) => {
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
                        if let Some(note) = taken {
                            match titles.iter_mut().find(|(n, _)| *n == note) {
                                Some((_, lines)) => lines.push(line),
                                None => titles.push((note, vec![line])),
                            }
                        }
                    }
                }
            }
            Err(message) => bad.push(BadRow { line, message }),
        }
    }
    notes.extend(titles.into_iter().map(|(note, lines)| format!("{}: {}: {note}", path.display(), rows(&lines))));
    Ok(Staff { people, bad, notes })
}

/// "row 4", "rows 4 and 7", "rows 4, 7 and 9".
fn rows(lines: &[u64]) -> String {
    let numbers: Vec<String> = lines.iter().map(u64::to_string).collect();
    match numbers.split_last() {
        Some((last, [])) => format!("row {last}"),
        Some((last, rest)) => format!("rows {} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// A role given by its name or an example rather than its id.
struct ByTitle {
    /// What was taken as what ("role \"Head teacher\" taken as …").
    note: String,
    /// The title typed, when it is one of the role's examples (a job
    /// title, unlike the role's name).
    job_title: Option<String>,
}

/// The role of a `role` cell: a role id, else the role whose name or
/// example the cell is ([`role_title`]).
fn role_of(value: &str, name: &str, fw: &Framework) -> Result<(Id, Option<ByTitle>), String> {
    if let Some(role) = fw.roles.iter().find(|r| r.id.value.as_str() == value) {
        return Ok((role.id.value.clone(), None));
    }
    let how = |m: &TitleMatch| match m.example {
        Some(example) => format!("\"{}\" (example: {example})", m.role.id.value),
        None => format!("\"{}\" (its name)", m.role.id.value),
    };
    match role_title::matches(value, &fw.roles).as_slice() {
        [] => {
            let ids: Vec<&str> = fw.roles.iter().map(|r| r.id.as_str()).collect();
            Err(unknown("role", value, name, &ids, " (or a job title among the roles' examples)"))
        }
        [m] => {
            let note = format!("role \"{value}\" taken as {}", how(m));
            Ok((m.role.id.value.clone(), Some(ByTitle { note, job_title: m.example.map(|_| value.to_string()) })))
        }
        several => {
            let roles: Vec<String> = several.iter().map(how).collect();
            Err(format!("role \"{value}\" for {name} could be {}; write the role's id in the `role` column", roles.join(" or ")))
        }
    }
}

/// The error for a value of `column` that is not one of `known`.
fn unknown(column: &str, value: &str, name: &str, known: &[&str], or: &str) -> String {
    let help = match nearest(value, known.iter().copied(), 0.75) {
        Some(n) => format!("did you mean `{n}`?"),
        None => format!("the {column}s are: {}{or}", known.join(", ")),
    };
    format!("unknown {column} `{value}` for {name}; {help}")
}

/// One row as a person, or what is wrong with it; with a note when the
/// role was given as a job title.
fn person(line: u64, cell: &dyn Fn(&str) -> Option<String>, fw: &Framework) -> Result<(Person, Option<String>), String> {
    let name = cell("name").ok_or("the name is missing")?;
    let id = |column: &str, known: Vec<&str>| -> Result<Option<Id>, String> {
        let Some(value) = cell(column) else { return Ok(None) };
        if known.contains(&value.as_str()) {
            return Ok(Some(Id(value)));
        }
        Err(unknown(column, &value, &name, &known, ""))
    };
    let (role, by_title) = match cell("role") {
        Some(value) => role_of(&value, &name, fw).map(|(role, by_title)| (Some(role), by_title))?,
        None => (None, None),
    };
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
    let person = Person {
        line,
        name,
        email: cell("email"),
        // The title typed as the role is the person's job title unless
        // the list gives one.
        job_title: cell("job_title").or_else(|| by_title.as_ref().and_then(|t| t.job_title.clone())),
        role,
        level,
        band,
        setting: cell("setting"),
        line_manager: cell("line_manager"),
        additional_needs,
    };
    Ok((person, by_title.map(|t| t.note)))
}
