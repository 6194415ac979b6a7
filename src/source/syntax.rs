//! TOML syntax errors explained as the mistakes people make: curly quotes
//! pasted from Word, a Windows path with backslashes, a date written
//! "1 December 2026", a `"` inside a string, `[levels]` repeated where
//! `[[levels]]` was meant, text without quotes.
//!
//! The parser reports such a mistake in its own terms, and often several
//! times over (a `"` inside a string in an inline table gives five errors
//! on three lines). So each mistake that is recognised is reported once,
//! in the person's terms, and then *repaired* in a copy of the text with a
//! blank of the same length (offsets stay put); the copy is parsed again
//! for the mistakes that remain. Errors that are not recognised are
//! reported as the parser words them.

use std::ops::Range;

use toml::de::DeTable;

use super::diagnostic::Diagnostic;
use crate::model::dates;

/// Repairs tried before the remaining errors are reported as they are: one
/// parse per repair, and a file with hundreds of errors needs no more.
const MAX_REPAIRS: usize = 50;

/// What the parser's help says when a mistake is not recognised.
const SYNTAX_HELP: &str = "see https://toml.io for the syntax; strings need quotes, tables [name], lists [a, b]";

/// One parser error: where, and the parser's message.
#[derive(Clone)]
struct SyntaxError {
    span: Range<usize>,
    message: String,
}

/// A recognised mistake: how to report it, and the same-length text that
/// replaces `range` so the rest of the file can be parsed again.
struct Explained {
    diagnostic: Diagnostic,
    repair: Vec<(Range<usize>, String)>,
}

/// The syntax errors of `text` as diagnostics, or none if it parses.
pub fn diagnostics(text: &str) -> Vec<Diagnostic> {
    let mut repaired = text.to_string();
    let mut found = Vec::new();
    let mut errors = errors_of(text);
    let mut last_repair = None;
    while let Some(first) = errors.first() {
        let explained = explain(&repaired, first).filter(|_| found.len() < MAX_REPAIRS);
        // Each repair must be further on than the last, or the loop would not end.
        let progress = last_repair.is_none_or(|at| first.span.start > at);
        match explained {
            Some(Explained { diagnostic, repair }) if progress && !repair.is_empty() => {
                found.push(diagnostic);
                last_repair = Some(first.span.start);
                for (range, blank) in repair {
                    repaired.replace_range(range, &blank);
                }
                errors = errors_of(&repaired);
            }
            _ => {
                // Report the rest as they stand, recognised or not.
                found.extend(errors.iter().map(|e| explain(&repaired, e).map_or_else(|| plain(e), |x| x.diagnostic)));
                break;
            }
        }
    }
    found
}

/// The parser's errors for `text`, in the order of the file.
fn errors_of(text: &str) -> Vec<SyntaxError> {
    let (_, errors) = DeTable::parse_recoverable(text);
    let mut errors: Vec<SyntaxError> =
        errors.iter().map(|e| SyntaxError { span: e.span().unwrap_or(0..0), message: e.message().trim().to_string() }).collect();
    errors.sort_by_key(|e| e.span.start);
    errors
}

fn plain(e: &SyntaxError) -> Diagnostic {
    Diagnostic::error(e.span.clone(), format!("TOML syntax: {}", e.message)).with_help(SYNTAX_HELP)
}

/// The mistake behind `e`, if it is one people often make.
fn explain(text: &str, e: &SyntaxError) -> Option<Explained> {
    repeated_table(text, e)
        .or_else(|| unquoted(text, e))
        .or_else(|| curly_close(text, e))
        .or_else(|| backslash(text, e))
        .or_else(|| quote_inside(text, e))
}

/// The line around byte `at`, without its line break.
fn line_at(text: &str, at: usize) -> Range<usize> {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let end = if text[start..end].ends_with('\r') { end - 1 } else { end };
    start..end
}

/// A valid value of `len` bytes (a string of spaces) to stand in for a
/// mistake while the rest of the file is parsed again.
fn blank(len: usize) -> Option<String> {
    (len >= 2).then(|| format!("\"{}\"", " ".repeat(len - 2)))
}

/// `value` as a TOML string: in double quotes, or in single quotes when it
/// holds a double quote (and no single one), else with `\"` escapes.
fn quoted(value: &str) -> String {
    if !value.contains('"') && !value.contains('\\') {
        format!("\"{value}\"")
    } else if !value.contains('\'') {
        format!("'{value}'")
    } else {
        format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// The key of the `key = value` that `value_start` is the value of, for
/// showing the corrected line.
fn key_before(text: &str, value_start: usize) -> Option<&str> {
    let line = line_at(text, value_start);
    let before = text[line.start..value_start].trim_end().strip_suffix('=')?;
    let key = before.rsplit(['{', ',']).next()?.trim();
    (!key.is_empty()).then_some(key)
}

/// `key = value` when the key is known, else the value alone.
fn assignment(text: &str, value_start: usize, value: &str) -> String {
    match key_before(text, value_start) {
        Some(key) => format!("{key} = {value}"),
        None => value.to_string(),
    }
}

const CURLY_QUOTES: [char; 6] = ['“', '”', '„', '‘', '’', '‚'];

/// A value the parser read as unquoted text: in curly quotes (pasted from
/// Word), a date in another form, or text without quotes.
fn unquoted(text: &str, e: &SyntaxError) -> Option<Explained> {
    if !e.message.starts_with("string values must be quoted") {
        return None;
    }
    let value = text.get(e.span.clone())?.trim_end();
    let span = e.span.start..e.span.start + value.len();
    let repair = vec![(span.clone(), blank(span.len())?)];
    let diagnostic = if value.starts_with(CURLY_QUOTES) {
        let inner = value.trim_matches(|c: char| CURLY_QUOTES.contains(&c) || c.is_whitespace());
        Diagnostic::error(span.start..span.start + value.chars().next()?.len_utf8(), "curly quotes are not TOML quotes")
            .with_label("a curly quote, as Word types it")
            .with_help(format!("use straight quotes (\" or '): {}", assignment(text, span.start, &quoted(inner))))
    } else if let Some(date) = dates::read_loosely(value) {
        Diagnostic::error(span.clone(), format!("`{value}` is not written as a TOML date"))
            .with_label("a date is written YYYY-MM-DD")
            .with_help(format!("write {}", assignment(text, span.start, &date.to_string())))
    } else {
        Diagnostic::error(span.clone(), "text needs quotes")
            .with_label("not a number, date, true or false")
            .with_help(format!("put text in quotes: {}", assignment(text, span.start, &quoted(value))))
    };
    Some(Explained { diagnostic, repair })
}

/// A string opened with a straight quote and closed with a curly one:
/// the parser finds no end to it.
fn curly_close(text: &str, e: &SyntaxError) -> Option<Explained> {
    if !e.message.contains("string") {
        return None;
    }
    let line = line_at(text, e.span.start);
    let before = text[line.start..e.span.start.min(line.end)].trim_end();
    let curly = before.chars().next_back().filter(|c| CURLY_QUOTES.contains(c))?;
    let at = line.start + before.len() - curly.len_utf8();
    let open = text[line.start..at].rfind(['"', '\'']).map(|i| line.start + i)?;
    let quote = &text[open..=open];
    let inner = &text[open + 1..at];
    let mut repair_text = format!("{quote}{}", " ".repeat(inner.len()));
    repair_text.push_str(quote);
    repair_text.push_str(&" ".repeat(curly.len_utf8() - 1));
    let diagnostic = Diagnostic::error(at..at + curly.len_utf8(), "this string ends with a curly quote")
        .with_label("a curly quote, as Word types it; TOML needs a straight one")
        .with_help(format!("end the string with a straight quote: {}", assignment(text, open, &quoted(inner))));
    Some(Explained { diagnostic, repair: vec![(open..at + curly.len_utf8(), repair_text)] })
}

/// The basic string (`"…"`) on `e`'s line that holds `e`: where it opens
/// and where its closing quote is (the last `"` on the line before a
/// comment, comma or bracket that ends the value).
fn basic_string_around(text: &str, at: usize) -> Option<(usize, usize)> {
    let line = line_at(text, at);
    let mut open = None;
    let mut i = line.start;
    // Find the string that is open at `at`, reading strings from the line start.
    while i < at.min(line.end) {
        match text.as_bytes()[i] {
            b'"' if open.is_none() => open = Some(i),
            b'\\' if open.is_some() => i += 1,
            b'"' => open = None,
            b'\'' if open.is_none() => i = text[i + 1..line.end].find('\'').map_or(line.end, |j| i + 1 + j),
            b'#' if open.is_none() => return None,
            _ => {}
        }
        i += 1;
    }
    let open = open?;
    let close = closing_quote(text, at, line.end)?;
    Some((open, close))
}

/// The `"` at or after `from` (before `end`) that is followed by the end of
/// the value: spaces, then a comma, a bracket, a comment or the line end.
fn closing_quote(text: &str, from: usize, end: usize) -> Option<usize> {
    let mut i = from;
    while i < end {
        let rest = &text[i..end];
        let quote = rest.find('"')? + i;
        let after = text[quote + 1..end].trim_start();
        if after.is_empty() || after.starts_with([',', '}', ']', '#']) {
            return Some(quote);
        }
        i = quote + 1;
    }
    None
}

/// A backslash in a basic string that starts no escape TOML knows: a
/// Windows path (`"assets\logo.png"`), or a backslash meant as itself.
fn backslash(text: &str, e: &SyntaxError) -> Option<Explained> {
    if !e.message.contains("escape") && !e.message.contains("unicode") {
        return None;
    }
    let (open, close) = basic_string_around(text, e.span.start)?;
    let inner = &text[open + 1..close];
    let slash = text[open..e.span.start].rfind('\\').map(|i| open + i)?;
    let is_path = inner.contains(":\\") || inner.rsplit('\\').next().is_some_and(|last| last.contains('.') && !last.contains(' '));
    let diagnostic = if is_path {
        let forward = inner.replace('\\', "/");
        let absolute = forward.as_bytes().get(1) == Some(&b':') || forward.starts_with('/');
        let help = if absolute {
            format!(
                "use / between folders, and write the path from the source file's folder, e.g. {}",
                assignment(text, open, &quoted(forward.rsplit('/').next().unwrap_or(&forward)))
            )
        } else {
            format!("use / between folders: {}", assignment(text, open, &quoted(&forward)))
        };
        Diagnostic::error(slash..slash + 1, "a path with backslashes").with_label("`\\` starts an escape in a TOML string").with_help(help)
    } else {
        let escape = text[slash..].chars().take(2).collect::<String>();
        Diagnostic::error(slash..slash + escape.len(), format!("`{escape}` is not an escape TOML knows"))
            .with_label("`\\` starts an escape in a \"…\" string")
            .with_help(format!("write \\\\ for a backslash, or use single quotes, which take text as written: '{inner}'"))
    };
    Some(Explained { diagnostic, repair: vec![(open..close + 1, blank(close + 1 - open)?)] })
}

/// A `"` inside a `"…"` string, which ends the string early: the parser
/// then finds text where it expected the end of the value.
fn quote_inside(text: &str, e: &SyntaxError) -> Option<Explained> {
    let line = line_at(text, e.span.start);
    let at = e.span.start;
    if at <= line.start || at >= line.end || text.as_bytes()[at - 1] != b'"' {
        return None;
    }
    // The string that ended at `at - 1` opened at the last quote before it
    // that starts a value (after `=`, `[` or `,`).
    let before = &text[line.start..at - 1];
    let open = line.start + before.rfind('"')?;
    let starts_value = text[line.start..open].trim_end().ends_with(['=', '[', ',']);
    let close = closing_quote(text, at, line.end)?;
    if !starts_value || close <= at {
        return None;
    }
    let inner = &text[open + 1..close];
    let escaped = format!("\"{}\"", inner.replace('"', "\\\""));
    let mut help = format!("write \\\" for a quote inside a string: {}", assignment(text, open, &escaped));
    if !inner.contains('\'') {
        help.push_str(&format!(", or use single quotes: '{inner}'"));
    }
    let diagnostic = Diagnostic::error(at - 1..at, "a `\"` inside a string ends it early")
        .with_label("the string ends here, not at the end of the text")
        .with_help(help);
    Some(Explained { diagnostic, repair: vec![(open..close + 1, blank(close + 1 - open)?)] })
}

/// `[levels]` written for every level where `[[levels]]` was meant (or
/// for some of them): the second header defines the table again, and every
/// key under it is a duplicate. One error names every single-bracket
/// header; each is repaired to a table of its own so its keys are not
/// reported.
fn repeated_table(text: &str, e: &SyntaxError) -> Option<Explained> {
    if !e.message.starts_with("duplicate key") {
        return None;
    }
    let line = line_at(text, e.span.start);
    let header = text[line.start..line.end].trim();
    let name = header.trim_start_matches('[').trim_end_matches(']').trim();
    if !header.starts_with('[') || !header.ends_with(']') || name.is_empty() {
        return None;
    }
    let single = format!("[{name}]");
    let headers: Vec<Range<usize>> = lines_with(text, &single).collect();
    let (first, others) = headers.split_first()?;
    let mut diagnostic = Diagnostic::error(first.clone(), format!("a list of tables needs `[[{name}]]`, not `{single}`"))
        .with_label("one table, not an entry of a list")
        .with_help(format!("write [[{name}]] (double brackets) before each entry"));
    for again in others {
        diagnostic = diagnostic.with_related(again.clone(), "and here");
    }
    let mut repair = Vec::new();
    for (n, header) in headers.iter().enumerate() {
        // A name of the same length no source uses: `[levels]` → `[_0____]`.
        let inner = header.start + 1..header.end - 1;
        let tag = format!("_{n}");
        let padding = inner.len().checked_sub(tag.len())?;
        repair.push((inner, tag + &"_".repeat(padding)));
    }
    Some(Explained { diagnostic, repair })
}

/// The ranges of the lines of `text` that read `line` (ignoring spaces around it).
fn lines_with<'t>(text: &'t str, line: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
    let mut start = 0;
    text.split_inclusive('\n').filter_map(move |l| {
        let at = start;
        start += l.len();
        let offset = l.len() - l.trim_start().len();
        (l.trim() == line).then(|| at + offset..at + offset + line.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<(String, String)> {
        diagnostics(text).into_iter().map(|d| (d.message, d.help.unwrap_or_default())).collect()
    }

    #[test]
    fn a_valid_file_has_none() {
        assert!(diagnostics("a = \"b\"\n[[levels]]\nid = \"1\"\n[[levels]]\nid = \"2\"\n").is_empty());
    }

    #[test]
    fn each_mistake_is_reported_once_and_the_rest_still_found() {
        let text = "a = “x”\nb = \"c\\d.png\"\nc = \"say \"hi\" now\"\nd = 1 June 2026\ne = \nf = \"g\"\n";
        let found = messages(text);
        assert_eq!(found.len(), 5, "{found:?}");
        assert_eq!(found[0].0, "curly quotes are not TOML quotes");
        assert_eq!(found[0].1, "use straight quotes (\" or '): a = \"x\"");
        assert_eq!(found[1], ("a path with backslashes".into(), "use / between folders: b = \"c/d.png\"".into()));
        assert_eq!(found[2].0, "a `\"` inside a string ends it early");
        assert_eq!(found[3].1, "write d = 2026-06-01");
        assert!(found[4].0.starts_with("TOML syntax: "), "{found:?}");
    }

    #[test]
    fn a_single_header_among_double_ones_is_found() {
        for text in ["[levels]\nid = \"1\"\n[[levels]]\nid = \"2\"\n", "[[levels]]\nid = \"1\"\n[levels]\nid = \"2\"\n"] {
            let found = messages(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].0, "a list of tables needs `[[levels]]`, not `[levels]`");
        }
    }

    #[test]
    fn repeated_headers_name_each_place_once() {
        let text = "[levels]\nid = \"1\"\n[levels]\nid = \"2\"\n[levels]\nid = \"3\"\n";
        let found = diagnostics(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "a list of tables needs `[[levels]]`, not `[levels]`");
        assert_eq!(found[0].span, Some(0..8));
        assert_eq!(found[0].related.iter().map(|r| r.0.clone()).collect::<Vec<_>>(), [18..26, 36..44]);
    }
}
