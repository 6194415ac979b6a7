//! Decoding a parsed TOML tree into model types without stopping at the first
//! mistake.
//!
//! serde stops at the first error and cannot suggest a key, so each model
//! type implements [`Decode`] by reading its table through [`Table`]: every
//! key it asks for is remembered, so [`Table::finish`] can name unknown keys
//! and suggest the nearest known one. Every problem goes to [`Diagnostics`]
//! and decoding carries on with the rest of the file.

use std::ops::Range;

use rayon::prelude::*;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::{Diagnostic, Diagnostics};
use super::suggest::nearest;
use crate::model::{Date, Id, Interval, OneOrMany, Selection, Sp, dates};

/// A value of the parsed document, with its span.
pub type Node<'a> = &'a Spanned<DeValue<'a>>;

/// A model type that can be read from a TOML value.
///
/// Decoding is forgiving so that one run finds every mistake: a missing
/// required text becomes empty (after an error is reported), and a list
/// keeps its good items. Output is only ever produced from a source with no
/// errors, so these stand-ins never reach a pack.
pub trait Decode: Sized {
    /// Reads `node`; on failure, reports why and returns `None`.
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self>;
}

/// How a TOML value is called in "expected …, found …" messages.
pub fn describe(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number with a fraction",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(dt) => match (dt.date.is_some(), dt.time.is_some(), dt.offset.is_some()) {
            (true, false, _) => "a date",
            (false, true, _) => "a time",
            (true, true, false) => "a date and time",
            _ => "a date and time with an offset",
        },
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// Reports that `node` is not of the expected shape.
pub fn mismatch(node: Node<'_>, expected: &str, d: &mut Diagnostics) {
    d.push(
        Diagnostic::error(node.span(), format!("expected {expected}, found {}", describe(node.get_ref())))
            .with_label(format!("this should be {expected}")),
    );
}

/// Reads one TOML table, tracking which keys the model knows.
pub struct Table<'a> {
    entries: &'a DeTable<'a>,
    span: Range<usize>,
    /// The table as named in messages, e.g. "[framework]" or "a statement".
    name: &'static str,
    known: Vec<&'static str>,
}

impl<'a> Table<'a> {
    /// Opens `node` as a table, or reports that it is not one.
    pub fn open(node: Node<'a>, name: &'static str, d: &mut Diagnostics) -> Option<Self> {
        match node.get_ref() {
            DeValue::Table(entries) => Some(Self { entries, span: node.span(), name, known: Vec::new() }),
            _ => {
                mismatch(node, &format!("a table ({name})"), d);
                None
            }
        }
    }

    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// Whether the table has `key` (and remembers it as known).
    pub fn has(&mut self, key: &'static str) -> bool {
        self.known.push(key);
        self.entries.get(key).is_some()
    }

    fn node(&mut self, key: &'static str) -> Option<Node<'a>> {
        self.known.push(key);
        self.entries.get(key)
    }

    /// Where the value of `key` is in the source, if the table has it.
    pub fn span_of(&self, key: &str) -> Option<Range<usize>> {
        self.entries.get(key).map(|node| node.span())
    }

    /// The value of `key`, to look at its shape (does not count as reading it).
    pub fn node_of(&self, key: &str) -> Option<Node<'a>> {
        self.entries.get(key)
    }

    /// Reads a key that must be present.
    pub fn required<T: Decode>(&mut self, key: &'static str, d: &mut Diagnostics) -> Option<T> {
        match self.node(key) {
            Some(node) => T::decode(node, d),
            None => {
                let name = self.name;
                d.push(
                    Diagnostic::error(self.span.start..self.span.start, format!("missing `{key}` in {name}"))
                        .with_label(format!("{name} starts here"))
                        .with_help(format!("add `{key} = …` to {name}")),
                );
                None
            }
        }
    }

    /// Reads a text that must be present and not blank; reports either
    /// problem once and stands in an empty string.
    pub fn required_text(&mut self, key: &'static str, d: &mut Diagnostics) -> String {
        let node = self.entries.get(key);
        let text = self.required::<String>(key, d).unwrap_or_default();
        if let (Some(node), true) = (node, text.trim().is_empty())
            && matches!(node.get_ref(), DeValue::String(_))
        {
            d.push(
                Diagnostic::error(node.span(), format!("`{key}` in {} is empty", self.name))
                    .with_label("empty text")
                    .with_help(format!("write the {key}")),
            );
        }
        text
    }

    /// Reads a key that may be absent; `None` if absent or invalid (and then reported).
    pub fn optional<T: Decode>(&mut self, key: &'static str, d: &mut Diagnostics) -> Option<T> {
        self.node(key).and_then(|node| T::decode(node, d))
    }

    /// Reports every key the model did not ask for, with the nearest known key.
    pub fn finish(self, d: &mut Diagnostics) {
        for (key, _) in self.entries.iter() {
            let key_text = key.get_ref().as_ref();
            if self.known.contains(&key_text) {
                continue;
            }
            let help = match nearest(key_text, self.known.iter().copied(), 0.8) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("the keys of {} are: {}", self.name, self.known.join(", ")),
            };
            d.push(
                Diagnostic::error(key.span(), format!("unknown key `{key_text}` in {}", self.name))
                    .with_label("not a known key")
                    .with_help(help),
            );
        }
    }
}

impl Decode for String {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        match node.get_ref() {
            DeValue::String(s) => {
                let text = dedent(s);
                if text.lines().any(|line| line.starts_with('\t')) {
                    d.push(
                        Diagnostic::warning(node.span(), "a line of this text starts with a tab, which prints as a gap")
                            .with_label("lines indented in different ways")
                            .with_help(
                                "indent every line of a multi-line string the same way (the common indent is removed), or not at all",
                            ),
                    );
                }
                Some(text)
            }
            _ => {
                mismatch(node, "a string", d);
                None
            }
        }
    }
}

/// A multi-line string as people mean it when they indent it to line up
/// with the source around it: the indent its lines share (tabs or spaces)
/// is removed, and so is the blank line before an indented closing `"""`.
/// A first line that follows the opening quotes directly is not indented,
/// so it does not count.
fn dedent(text: &str) -> String {
    if !text.contains('\n') {
        return text.to_string();
    }
    let mut lines: Vec<&str> = text.split('\n').collect();
    if lines.len() > 1 && lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    fn indent_of(line: &str) -> &str {
        &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
    }
    let counted = if indent_of(lines[0]).is_empty() { &lines[1..] } else { &lines[..] };
    let common = counted.iter().filter(|l| !l.trim().is_empty()).map(|l| indent_of(l)).reduce(|a, b| {
        let shared = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
        &a[..shared]
    });
    let common = common.unwrap_or_default();
    let out: Vec<&str> = lines.iter().map(|l| l.strip_prefix(common).unwrap_or(l.trim_start_matches([' ', '\t']))).collect();
    out.join("\n")
}

impl Decode for bool {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        match node.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                mismatch(node, "true or false", d);
                None
            }
        }
    }
}

impl Decode for i64 {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let parsed = match node.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok(),
            _ => None,
        };
        if parsed.is_none() {
            mismatch(node, "a whole number", d);
        }
        parsed
    }
}

impl Decode for u32 {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let n = i64::decode(node, d)?;
        let fits = u32::try_from(n).ok();
        if fits.is_none() {
            d.push(Diagnostic::error(node.span(), format!("{n} is out of range")).with_label("expected 0 or more"));
        }
        fits
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        match node.get_ref() {
            // Keep the items that decode; the others are reported and dropped, so
            // the whole-source checks still run on the rest.
            DeValue::Array(items) => Some(items.iter().filter_map(|item| T::decode(item, d)).collect()),
            DeValue::Table(_) => one_table_for_a_list(node, d),
            _ => {
                mismatch(node, "a list", d);
                None
            }
        }
    }
}

/// A list whose entries are decoded on every core when it is long (the
/// domains of a 10,000-statement source), each with its own diagnostics,
/// joined in order: the same entries and report as [`Vec`]'s one pass.
pub struct Parallel<T>(pub Vec<T>);

/// How many bytes of source a list's entries span before they are decoded
/// side by side; a council's framework (20–200 KB) decodes in a millisecond.
const PARALLEL_FROM: usize = 128 * 1024;

impl<T: Decode + Send> Decode for Parallel<T> {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let DeValue::Array(items) = node.get_ref() else {
            return Vec::decode(node, d).map(Parallel);
        };
        let spread = match (items.first(), items.last()) {
            (Some(first), Some(last)) => last.span().start.saturating_sub(first.span().start),
            _ => 0,
        };
        if spread < PARALLEL_FROM {
            return Vec::decode(node, d).map(Parallel);
        }
        let decoded: Vec<(Option<T>, Diagnostics)> = items
            .par_iter()
            .map(|item| {
                let mut own = Diagnostics::default();
                (T::decode(item, &mut own), own)
            })
            .collect();
        let mut list = Vec::with_capacity(decoded.len());
        for (value, own) in decoded {
            d.append(own);
            list.extend(value);
        }
        Some(Parallel(list))
    }
}

/// `[levels]` written where `[[levels]]` was meant (a table, not a list of
/// them): reported once, and read as a list of that one table when it is
/// one, so everything that refers to it is not reported as well.
fn one_table_for_a_list<T: Decode>(node: Node<'_>, d: &mut Diagnostics) -> Option<Vec<T>> {
    d.push(
        Diagnostic::error(node.span(), "expected a list, found a table")
            .with_label("this opens one table, not an entry of a list")
            .with_help("write the header with double brackets, [[…]], before each entry of the list"),
    );
    let mut item = Diagnostics::default();
    let decoded = T::decode(node, &mut item);
    // A list of texts or ids given a table says so once, above.
    if item.spans().any(|span| span == node.span()) {
        return None;
    }
    item.into_sorted().into_iter().for_each(|x| d.push(x));
    decoded.map(|one| vec![one])
}

impl<T: Decode> Decode for Sp<T> {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        T::decode(node, d).map(|value| Sp::new(value, node.span()))
    }
}

/// Any string is read as an id: whether it is a well-formed one is
/// checked with the whole source in view (`validate`), where a
/// definition's bad id is reported once and a reference can be matched to
/// what it meant (the id with a stray space, a level's name for its id),
/// without the item it names dropping out and causing false errors.
impl Decode for Id {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        String::decode(node, d).map(Id)
    }
}

impl Decode for Date {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let date = match node.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.date,
            _ => None,
        };
        match date {
            Some(date) => Some(Date { year: date.year, month: date.month, day: date.day }),
            None => {
                let hint = match node.get_ref() {
                    DeValue::String(s) => match dates::read_loosely(s) {
                        Some(date) if date.to_string() == s.trim() => format!("write the date without quotes: {date}"),
                        Some(date) => format!("write the date as YYYY-MM-DD, without quotes: {date}"),
                        None => "write the date as YYYY-MM-DD, without quotes, e.g. 2025-09-01".into(),
                    },
                    DeValue::Datetime(toml::value::Datetime { date: Some(date), .. }) => {
                        format!("write only the date, without a time: {date}")
                    }
                    _ => "write a date such as 2025-09-01, without quotes".into(),
                };
                d.push(
                    Diagnostic::error(node.span(), format!("expected a date, found {}", describe(node.get_ref())))
                        .with_label("this should be a date")
                        .with_help(hint),
                );
                None
            }
        }
    }
}

impl Decode for Interval {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let text = String::decode(node, d)?;
        let interval = Interval::parse(&text);
        if interval.is_none() {
            d.push(
                Diagnostic::error(node.span(), format!("`{text}` is not an interval"))
                    .with_label("expected \"N years\" or \"N months\"")
                    .with_help("write e.g. \"3 years\" or \"18 months\""),
            );
        }
        interval
    }
}

impl<T: Decode> Decode for OneOrMany<T> {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        match node.get_ref() {
            DeValue::Array(items) if items.is_empty() => {
                d.push(Diagnostic::error(node.span(), "this list is empty").with_help("name at least one value"));
                None
            }
            DeValue::Array(_) => Vec::<T>::decode(node, d).map(OneOrMany),
            _ => T::decode(node, d).map(|one| OneOrMany(vec![one])),
        }
    }
}

impl Decode for Selection {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        match node.get_ref() {
            DeValue::String(s) if s == "all" => Some(Selection::All),
            // An empty list would silently build no packs.
            DeValue::Array(items) if items.is_empty() => {
                d.push(
                    Diagnostic::error(node.span(), "this list is empty")
                        .with_label("selects nothing")
                        .with_help("name at least one id, or write \"all\""),
                );
                None
            }
            DeValue::Array(_) => Vec::<Sp<Id>>::decode(node, d).map(Selection::Some),
            _ => {
                mismatch(node, "\"all\" or a list of ids", d);
                None
            }
        }
    }
}

/// Reads a string that must be one of `choices` (an enum in the model).
pub fn decode_choice<T: Copy>(node: Node<'_>, choices: &[(&str, T)], d: &mut Diagnostics) -> Option<T> {
    let text = String::decode(node, d)?;
    if let Some((_, value)) = choices.iter().find(|(name, _)| *name == text) {
        return Some(*value);
    }
    let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
    let mut diagnostic =
        Diagnostic::error(node.span(), format!("`{text}` is not one of: {}", names.join(", "))).with_label("unknown value");
    if let Some(n) = nearest(&text, names.iter().copied(), 0.7) {
        diagnostic = diagnostic.with_help(format!("did you mean \"{n}\"?"));
    }
    d.push(diagnostic);
    None
}

#[cfg(test)]
mod tests {
    use super::dedent;

    #[test]
    fn multi_line_strings_lose_the_indent_their_lines_share() {
        assert_eq!(dedent("\tFirst line\n\tsecond line.\n\t"), "First line\nsecond line.");
        assert_eq!(dedent("First line\n    second line\n      indented more\n    "), "First line\nsecond line\n  indented more");
        assert_eq!(dedent("\t\tOne\n\n\t\tTwo"), "One\n\nTwo");
        // Tabs on one line and spaces on another share no indent: kept (and warned about).
        assert_eq!(dedent("\tTab\n    spaces"), "\tTab\n    spaces");
        assert_eq!(dedent("no newline\t"), "no newline\t");
    }
}
