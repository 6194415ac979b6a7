//! A framewright source being put together by an import: the tables of the
//! source format (in its key names) with the comments that explain where
//! each came from. [`super::toml_writer`] turns it into a commented file.

use toml::{Table, Value};

/// One table of the source (a level, a statement, …) and the comment lines
/// written above it.
#[derive(Clone, Debug, Default)]
pub struct Entry {
    pub comments: Vec<String>,
    pub table: Table,
}

impl Entry {
    pub fn new(table: Table) -> Self {
        Self { comments: Vec::new(), table }
    }

    pub fn with_comments(mut self, comments: Vec<String>) -> Self {
        self.comments = comments;
        self
    }
}

/// `[[domains.topics]]`: a topic and its statements.
#[derive(Clone, Debug, Default)]
pub struct TopicDraft {
    pub entry: Entry,
    pub statements: Vec<Entry>,
}

/// `[[domains]]`: a domain, its own statements, then its topics.
#[derive(Clone, Debug, Default)]
pub struct DomainDraft {
    pub entry: Entry,
    pub statements: Vec<Entry>,
    pub topics: Vec<TopicDraft>,
}

/// A whole source.
#[derive(Clone, Debug, Default)]
pub struct Draft {
    /// Comment lines at the top of the file (what it came from, the report).
    pub header: Vec<String>,
    pub framework: Table,
    pub levels: Vec<Entry>,
    pub schemes: Vec<Entry>,
    pub roles: Vec<Entry>,
    pub bands: Vec<Entry>,
    pub domains: Vec<DomainDraft>,
    pub assessment: Table,
    pub training: Vec<Entry>,
    pub refreshers: Vec<Entry>,
    pub packs: Table,
}

/// Builds a table from `(key, value)` pairs, leaving out `None`s, so an
/// import writes only the keys it has a value for.
pub fn table<const N: usize>(pairs: [(&str, Option<Value>); N]) -> Table {
    pairs.into_iter().filter_map(|(k, v)| v.map(|v| (k.to_string(), v))).collect()
}

/// A string value (every character kept), or `None` for a blank one.
pub fn text(s: &str) -> Option<Value> {
    (!s.trim().is_empty()).then(|| Value::String(s.to_string()))
}

/// A list of strings, or `None` when empty.
pub fn strings<S: AsRef<str>>(items: &[S]) -> Option<Value> {
    (!items.is_empty()).then(|| Value::Array(items.iter().map(|s| Value::String(s.as_ref().to_string())).collect()))
}

/// A TOML date value (`2025-09-01`, no quotes).
pub fn date(d: crate::model::Date) -> Value {
    Value::Datetime(toml::value::Datetime {
        date: Some(toml::value::Date { year: d.year, month: d.month, day: d.day }),
        time: None,
        offset: None,
    })
}

/// The assessment every import gets when its input has no rating scale:
/// framewright's usual four points, 3 and 4 counting as met.
pub fn default_assessment() -> Table {
    let point = |value: i64, label: &str, description: &str, met: bool| {
        Value::Table(table([
            ("value", Some(Value::Integer(value))),
            ("label", text(label)),
            ("description", text(description)),
            ("met", met.then_some(Value::Boolean(true))),
        ]))
    };
    table([(
        "scale",
        Some(Value::Array(vec![
            point(1, "Not yet", "I have not yet developed this", false),
            point(2, "Developing", "I have some knowledge or experience but need more support", false),
            point(3, "Competent", "I can show this in my practice", true),
            point(4, "Confident", "I can show this consistently and support others", true),
        ])),
    )])
}

/// `[packs]` building one pack per level (and band), in both formats.
pub fn default_packs() -> Table {
    let build = Value::Table(table([("levels", text("all"))]));
    table([("build", Some(Value::Array(vec![build])))])
}

/// A lower-case id made of `text` (letters, digits, `-`), at most 64 bytes,
/// or `None` when nothing usable is left.
pub fn slug(text: &str) -> Option<String> {
    let ascii = deunicode::deunicode(text).to_ascii_lowercase();
    let mut out = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    if out.len() > 48 {
        out.truncate(48);
        out = out.trim_end_matches('-').to_string();
    }
    (!out.is_empty()).then_some(out)
}

/// Hands out ids unique within one list: `base`, then `base-2`, `base-3`…
#[derive(Default)]
pub struct UniqueIds(std::collections::HashSet<String>);

impl UniqueIds {
    pub fn take(&mut self, base: impl Into<String>) -> String {
        let base = base.into();
        let mut candidate = base.clone();
        let mut n = 2;
        while self.0.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.0.insert(candidate.clone());
        candidate
    }
}
