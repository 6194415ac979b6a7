//! gettext PO files, which Poedit, Weblate and translate-toolkit read: an
//! entry per unit with the id as `msgctxt` (and again as the `#:`
//! reference, which translate-toolkit keeps through `po2xliff` and
//! `xliff2po` where it drops `msgctxt`), the English as `msgid`, the
//! context as `#.` comments. Strings use PO's C escapes, split after each
//! line break as gettext writes them.

use std::fmt::Write;

use super::exchange::{Exchange, Header, Offered, Outgoing};

/// The PO file for `units`.
pub fn write(header: &Header, units: &[Outgoing]) -> String {
    let mut out = format!("# Translations of {} into {}, from `framewright translate extract`.\n", header.source, header.language);
    let fields = [
        ("Project-Id-Version", header.project.as_str()),
        // Empty rather than a date: the same source extracts to the same bytes.
        ("PO-Revision-Date", ""),
        ("Last-Translator", ""),
        ("Language-Team", ""),
        ("Language", header.language.as_str()),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        (SOURCE_FIELD, header.source.as_str()),
    ];
    let header_text: String = fields.iter().map(|(k, v)| format!("{k}: {}\n", v.replace('\n', " "))).collect();
    out.push_str("msgid \"\"\n");
    string(&mut out, "msgstr", &header_text);
    for entry in units {
        out.push('\n');
        for (category, note) in entry.notes() {
            for (n, line) in note.lines().enumerate() {
                let _ = if n == 0 { writeln!(out, "#. {category}: {line}") } else { writeln!(out, "#.   {line}") };
            }
        }
        let _ = writeln!(out, "#: {}", entry.unit.id);
        string(&mut out, "msgctxt", &entry.unit.id);
        string(&mut out, "msgid", &entry.unit.english);
        string(&mut out, "msgstr", entry.translation.as_deref().unwrap_or_default());
    }
    out
}

/// The header field naming the source extracted from.
const SOURCE_FIELD: &str = "X-Framewright-Source";

/// `keyword "…"`, split into one quoted line per line of `s` when it has
/// more than one.
fn string(out: &mut String, keyword: &str, s: &str) {
    let lines: Vec<&str> = s.split_inclusive('\n').collect();
    if lines.len() <= 1 {
        let _ = writeln!(out, "{keyword} \"{}\"", escape(s));
        return;
    }
    let _ = writeln!(out, "{keyword} \"\"");
    for line in lines {
        let _ = writeln!(out, "\"{}\"", escape(line));
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // PO's octal escapes are bytes: the C0 controls and DEL take one; the
    // C1 controls stay as their UTF-8 characters.
    crate::escape::backslashed(&mut out, s, |out, c| match u8::try_from(c) {
        Ok(byte) if byte < 0x80 => {
            let _ = write!(out, "\\{byte:03o}");
        }
        _ => out.push(c),
    });
    out
}

/// The entries of a PO file, with the line each starts on. Fuzzy entries
/// (a translator's unconfirmed guess) and obsolete ones (`#~`) are not
/// translations yet and are left out.
pub fn read(text: &str) -> Result<Exchange, (usize, String)> {
    let mut exchange = Exchange::default();
    let mut entry = Entry::default();
    let mut field: Option<Field> = None;
    for (n, raw) in text.lines().enumerate().map(|(n, l)| (n + 1, l.trim())) {
        if raw.is_empty() {
            continue;
        }
        if raw.starts_with('#') || raw.starts_with("msg") {
            // A comment after a field, or a keyword already given, starts the next entry.
            let keyword = raw.split([' ', '"']).next().unwrap_or_default();
            let repeated = match keyword {
                "msgctxt" => entry.context.is_some() || entry.id.is_some(),
                "msgid" => entry.id.is_some(),
                _ => false,
            };
            if (raw.starts_with('#') && field.is_some()) || repeated {
                entry.finish(&mut exchange);
                field = None;
            }
        }
        entry.line.get_or_insert(n);
        if let Some(comment) = raw.strip_prefix('#') {
            match comment.chars().next() {
                Some(',') => entry.fuzzy |= comment[1..].split(',').any(|f| f.trim() == "fuzzy"),
                Some(':') => entry.references.extend(comment[1..].split_whitespace().map(str::to_string)),
                Some('~') => entry.obsolete = true,
                _ => {}
            }
            continue;
        }
        let (keyword, rest) = match raw.find('"') {
            Some(at) if raw.starts_with("msg") => (raw[..at].trim(), &raw[at..]),
            Some(0) => ("", raw),
            _ => return Err((n, format!("cannot read this line of a PO file: {raw:?}"))),
        };
        let value = unquote(rest).ok_or_else(|| (n, format!("a string here is not closed or has an unknown escape: {raw:?}")))?;
        let slot = match keyword {
            "" => field.ok_or_else(|| (n, "a continued string with nothing before it".to_string()))?,
            "msgctxt" => Field::Context,
            "msgid" => Field::Id,
            "msgstr" | "msgstr[0]" => Field::Str,
            "msgid_plural" => return Err((n, "plural forms are not used by framewright; remove msgid_plural".to_string())),
            other if other.starts_with("msgstr[") => continue,
            other => return Err((n, format!("unknown keyword `{other}`"))),
        };
        field = Some(slot);
        let target = match slot {
            Field::Context => &mut entry.context,
            Field::Id => &mut entry.id,
            Field::Str => &mut entry.str,
        };
        target.get_or_insert_with(String::new).push_str(&value);
    }
    entry.finish(&mut exchange);
    Ok(exchange)
}

#[derive(Clone, Copy)]
enum Field {
    Context,
    Id,
    Str,
}

#[derive(Default)]
struct Entry {
    line: Option<usize>,
    context: Option<String>,
    id: Option<String>,
    str: Option<String>,
    references: Vec<String>,
    fuzzy: bool,
    obsolete: bool,
}

impl Entry {
    /// Adds the entry read so far to `exchange` (the header's fields to its
    /// language and source) and starts the next.
    fn finish(&mut self, exchange: &mut Exchange) {
        let entry = std::mem::take(self);
        let Some(english) = entry.id.filter(|_| !entry.obsolete) else { return };
        let translation = entry.str.unwrap_or_default();
        if english.is_empty() && entry.context.is_none() {
            for line in translation.lines() {
                match line.split_once(':') {
                    Some(("Language", v)) if !v.trim().is_empty() => exchange.language = Some(v.trim().to_string()),
                    Some((SOURCE_FIELD, v)) if !v.trim().is_empty() => exchange.source = Some(v.trim().to_string()),
                    _ => {}
                }
            }
            return;
        }
        // The id is the context; a file that lost its contexts (through
        // translate-toolkit's XLIFF 1.2) still has it as the reference.
        let id = entry.context.or_else(|| (entry.references.len() == 1).then(|| entry.references[0].clone())).unwrap_or_default();
        let translation = if entry.fuzzy { String::new() } else { translation };
        exchange.units.push(Offered { id, english, translation, line: entry.line.unwrap_or(1) });
    }
}

/// The text of a quoted PO string, its escapes read; `None` if it is not
/// one quoted string.
fn unquote(s: &str) -> Option<String> {
    let inner = s.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'a' => out.push('\u{7}'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{C}'),
                'v' => out.push('\u{B}'),
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                d @ '0'..='7' => {
                    let mut value = d.to_digit(8)?;
                    for _ in 0..2 {
                        match chars.peek().and_then(|c| c.to_digit(8)) {
                            Some(digit) => {
                                value = value * 8 + digit;
                                chars.next();
                            }
                            None => break,
                        }
                    }
                    out.push(char::from_u32(value)?);
                }
                _ => return None,
            },
            '"' => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translate::units::Unit;

    #[test]
    fn every_character_comes_back_as_it_went() {
        let english = "Line \"one\"\nline\ttwo \\ {{ x }}\r\u{1}end\n";
        let unit = Unit { id: "statement.s1".into(), english: english.into(), kind: "k".into(), level: None, domain: Some("d".into()) };
        let out = Outgoing { unit, translation: Some("Llinell\nun".into()), previous: None };
        let header =
            Header { language: "cy".into(), source_language: "en-GB".into(), source: "a \"b\".toml".into(), project: "x 1".into() };
        let text = write(&header, &[out]);
        let read = read(&text).unwrap();
        assert_eq!(read.language.as_deref(), Some("cy"));
        assert_eq!(read.source.as_deref(), Some("a \"b\".toml"));
        assert_eq!(read.units.len(), 1);
        assert_eq!((read.units[0].id.as_str(), read.units[0].english.as_str()), ("statement.s1", english));
        assert_eq!(read.units[0].translation, "Llinell\nun");
        assert_eq!(read.units[0].line, text.lines().position(|l| l.starts_with("#. kind")).unwrap() + 1);
    }
}
