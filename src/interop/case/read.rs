//! Lenient reading of real CASE packages: `null`s, empty strings, numbers
//! where text belongs, a string where a list belongs (and the reverse),
//! date-times without an offset, Windows-1252 files and mojibake. Each
//! oddity becomes a warning with its place (a JSON path such as
//! `CFItems[12].fullStatement`), counted once per kind so a 10,000-item
//! package does not print 10,000 lines.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json_borrow::{ObjectAsVec, Value};

use crate::model::Date;

/// Warnings of one import, grouped by kind.
#[derive(Default)]
pub struct Notes {
    /// kind → (first place, how many).
    seen: BTreeMap<String, (String, usize)>,
    order: Vec<String>,
}

impl Notes {
    pub fn warn(&mut self, place: &str, kind: impl Into<String>) {
        // One kind per field: `CFItems[3].notes` and `CFItems[9].notes` count together.
        let field = place
            .rsplit_once('.')
            .map_or(place, |(_, f)| f)
            .trim_end_matches(|c: char| c == ']' || c.is_ascii_digit())
            .trim_end_matches('[');
        let kind = format!("{field}\u{0}{}", kind.into());
        match self.seen.get_mut(&kind) {
            Some((_, n)) => *n += 1,
            None => {
                self.order.push(kind.clone());
                self.seen.insert(kind, (place.to_string(), 1));
            }
        }
    }

    /// One line per kind: `PLACE: WHAT (and N more like it)`.
    pub fn lines(&self) -> Vec<String> {
        self.order
            .iter()
            .map(|kind| {
                let (place, n) = &self.seen[kind];
                let kind = kind.split_once('\u{0}').map_or(kind.as_str(), |(_, k)| k);
                match n {
                    1 => format!("{place}: {kind}"),
                    n => format!("{place}: {kind} (and {} more like it)", n - 1),
                }
            })
            .collect()
    }
}

/// Reads the bytes of a package as text: UTF-8 (a byte-order mark
/// dropped; the text is the bytes, not a copy), else Windows-1252 with a
/// warning.
pub fn decode_bytes<'a>(bytes: &'a [u8], notes: &mut Notes) -> Cow<'a, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(e) => {
            notes.warn(
                &format!("byte {}", e.valid_up_to()),
                "the file is not UTF-8; read as Windows-1252 (save packages as UTF-8 to be sure every character is right)",
            );
            encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0
        }
    }
}

/// Text that was UTF-8 read as Windows-1252 (`Ã©` for `é`, `â€™` for `’`),
/// put right; `None` when `text` does not look like that. Each run of
/// non-ASCII characters is tried on its own, so a real `’` beside a
/// garbled one stays as it is.
pub fn repair_mojibake(text: &str) -> Option<String> {
    // Every mark is non-ASCII: most text is ASCII, and is done in one pass.
    if text.is_ascii() || !["Ã", "Â", "â€", "Å", "Ä"].iter().any(|m| text.contains(m)) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let mut changed = false;
    let mut flush = |run: &mut String, out: &mut String| {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(run);
        match std::str::from_utf8(&bytes) {
            Ok(fixed) if !unmappable && fixed != run.as_str() => {
                out.push_str(fixed);
                changed = true;
            }
            _ => out.push_str(run),
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii() {
            flush(&mut run, &mut out);
            out.push(c);
        } else {
            run.push(c);
        }
    }
    flush(&mut run, &mut out);
    changed.then_some(out)
}

/// A reader of one JSON object (parsed with its strings borrowed from the
/// file's text), reporting oddities under `place`.
pub struct Obj<'a> {
    pub map: &'a ObjectAsVec<'a>,
    pub place: String,
}

impl<'a> Obj<'a> {
    pub fn new(value: &'a Value<'a>, place: String, notes: &mut Notes) -> Option<Self> {
        match value {
            Value::Object(map) => Some(Self { map, place }),
            Value::Null => None,
            other => {
                notes.warn(&place, format!("{} where an object was expected; skipped", kind_of(other)));
                None
            }
        }
    }

    /// A text value: strings as they are (mojibake put right), numbers and
    /// booleans as their text, a list joined with "; "; `None` for a
    /// missing key, `null` or blank text.
    /// The place of `key` in this object, for a warning. Made only when one
    /// is given: a 10,000-item package reads a hundred thousand fields.
    fn at(&self, key: &str) -> String {
        format!("{}.{key}", self.place)
    }

    pub fn text(&self, key: &str, notes: &mut Notes) -> Option<String> {
        let text: Cow<str> = match self.map.get(key)? {
            Value::Str(s) => Cow::Borrowed(s.as_ref()),
            Value::Null => {
                notes.warn(&self.at(key), "null where text was expected; treated as absent");
                return None;
            }
            Value::Number(n) => {
                notes.warn(&self.at(key), "a number where text was expected; read as its text");
                Cow::Owned(n.to_string())
            }
            Value::Bool(b) => {
                notes.warn(&self.at(key), "true/false where text was expected; read as its text");
                Cow::Owned(b.to_string())
            }
            Value::Array(items) => {
                notes.warn(&self.at(key), "a list where one text was expected; its entries joined with \"; \"");
                Cow::Owned(items.iter().filter_map(scalar_text).collect::<Vec<_>>().join("; "))
            }
            Value::Object(_) => {
                notes.warn(&self.at(key), "an object where text was expected; ignored");
                return None;
            }
        };
        if text.trim().is_empty() {
            if !text.is_empty() || key != "description" {
                notes.warn(&self.at(key), "empty text; treated as absent");
            }
            return None;
        }
        Some(match repair_mojibake(&text) {
            Some(fixed) => {
                notes.warn(&self.at(key), "text that looks like UTF-8 read as Windows-1252 (mojibake, e.g. \"Ã©\" for \"é\"); put right");
                fixed
            }
            None => text.into_owned(),
        })
    }

    /// An identifier: like [`Obj::text`], but borrowed from the file's
    /// text when it is a string (identifiers are compared, not repaired).
    pub fn id_text(&self, key: &str, notes: &mut Notes) -> Option<Cow<'a, str>> {
        match self.map.get(key)? {
            Value::Str(s) if !s.trim().is_empty() => Some(Cow::Borrowed(s.as_ref())),
            _ => self.text(key, notes).map(Cow::Owned),
        }
    }

    /// A list of texts: a list as it is, one string as a list of one (split
    /// at `|` or `,` when `split` is true, as spreadsheets write keywords).
    pub fn texts(&self, key: &str, split: bool, notes: &mut Notes) -> Vec<String> {
        let items: Vec<String> = match self.map.get(key) {
            None | Some(Value::Null) => return Vec::new(),
            Some(Value::Array(items)) => items.iter().filter_map(scalar_text).collect(),
            Some(Value::Str(s)) => {
                notes.warn(&self.at(key), "one text where a list was expected; read as a list");
                if split { s.split(['|', ',']).map(str::to_string).collect() } else { vec![s.to_string()] }
            }
            Some(other) => {
                notes.warn(&self.at(key), format!("{} where a list was expected; read as its text", kind_of(other)));
                scalar_text(other).into_iter().collect()
            }
        };
        items.into_iter().map(|s| repair_mojibake(&s).unwrap_or(s).trim().to_string()).filter(|s| !s.is_empty()).collect()
    }

    pub fn object(&self, key: &str, notes: &mut Notes) -> Option<Obj<'a>> {
        Obj::new(self.map.get(key)?, format!("{}.{key}", self.place), notes)
    }

    /// An integer (a number, or text holding one).
    pub fn integer(&self, key: &str, notes: &mut Notes) -> Option<i64> {
        match self.map.get(key)? {
            Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.round() as i64)),
            Value::Str(s) => {
                let n = s.trim().parse().ok();
                notes.warn(
                    &self.at(key),
                    if n.is_some() { "a number written as text; read as a number" } else { "text where a number was expected; ignored" },
                );
                n
            }
            Value::Null => None,
            other => {
                notes.warn(&self.at(key), format!("{} where a number was expected; ignored", kind_of(other)));
                None
            }
        }
    }

    /// The date of a date or date-time value; a date-time without an offset
    /// is read as UTC, with a warning.
    pub fn date(&self, key: &str, notes: &mut Notes) -> Option<Date> {
        let text = self.text(key, notes)?;
        let date = parse_date(&text);
        match &date {
            None => notes.warn(&self.at(key), format!("`{text}` is not a date; ignored")),
            Some(_) if text.len() > 10 && !has_offset(&text[10..]) => {
                notes.warn(&self.at(key), "a date-time without a time-zone offset; read as UTC")
            }
            Some(_) => {}
        }
        date
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Str(s) => Some(s.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::Str(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// `YYYY-MM-DD` at the start of `text` (a date or a date-time).
pub fn parse_date(text: &str) -> Option<Date> {
    let head = text.trim().get(..10)?;
    let mut parts = head.split('-');
    let year: u16 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    let valid = time::Month::try_from(month).ok().and_then(|m| time::Date::from_calendar_date(year as i32, m, day).ok());
    valid.map(|_| Date { year, month, day })
}

fn has_offset(time: &str) -> bool {
    time.ends_with('Z') || time.ends_with('z') || time.rfind(['+', '-']).is_some_and(|i| i > 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_is_put_right_and_real_text_left_alone() {
        assert_eq!(repair_mojibake("CafÃ© â€œquotedâ€\u{9d}").as_deref(), Some("Café “quoted”"));
        assert_eq!(repair_mojibake("Café “quoted” Ãrd"), None);
        assert_eq!(repair_mojibake("neglectâ€™s impact on a child’s life").as_deref(), Some("neglect’s impact on a child’s life"));
        assert_eq!(repair_mojibake("plain"), None);
    }

    #[test]
    fn dates_with_and_without_offsets() {
        assert_eq!(parse_date("2017-11-03T23:00:33+00:00"), Some(Date { year: 2017, month: 11, day: 3 }));
        assert_eq!(parse_date("2019-02-05 20:56:58"), Some(Date { year: 2019, month: 2, day: 5 }));
        assert_eq!(parse_date("2019-02-30"), None);
        assert!(has_offset("T10:00:00-05:00") && has_offset("T10:00:00Z") && !has_offset("T10:00:00") && !has_offset(" 20:56:58"));
    }
}
