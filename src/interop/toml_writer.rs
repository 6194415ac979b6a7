//! Writes a [`Draft`] as a commented framewright source, laid out like the
//! samples: one section per table, statements as one inline table a line,
//! keys in the order the format documents them, comments above what they
//! explain.

use std::fmt::Write;

use rayon::prelude::*;
use toml::{Table, Value};

use super::draft::{DomainDraft, Draft, Entry};

/// The order keys are written in, across every table of the format (the
/// order `docs/source-format.md` uses); keys not listed follow, sorted.
const KEY_ORDER: &[&str] = &[
    "id",
    "value",
    "label",
    "applies_to",
    "title",
    "name",
    "subtitle",
    "number",
    "publisher",
    "version",
    "published",
    "review",
    "language",
    "licence",
    "contact",
    "logo",
    "logo_alt",
    "audience",
    "level",
    "levels",
    "roles",
    "bands",
    "additional_needs",
    "subheading",
    "kind",
    "tags",
    "provider",
    "format",
    "duration",
    "cost",
    "link",
    "every",
    "refresh_every",
    "statements",
    "note",
    "description",
    "met",
    "cumulative",
    "crosswalk",
    "examples",
    "intro",
    "empty_levels",
    "level_intro",
    "instructions",
    "action_plan_rows",
    "file_name",
    "formats",
    "full_edition",
    "template",
    "primary",
    "accent",
    "font",
    "paper",
    "introduction",
    "principles",
    "acknowledgements",
    "references",
    "text",
    "case_id",
];

/// Keys whose tables (or lists of tables) are written as their own
/// sections (`[assessment.columns]`, `[[packs.build]]`) rather than inline.
const SECTION_KEYS: &[&str] = &["columns", "scale", "signoff", "branding", "build"];

/// An inline value longer than this is spread over several lines.
const LONG_LINE: usize = 100;

/// The source text of `draft`.
pub fn write(draft: &Draft) -> String {
    let mut out = String::new();
    comments(&mut out, "", &draft.header);
    section(&mut out, "framework", false, &[], &draft.framework);
    for (name, entries, note) in [
        ("schemes", &draft.schemes, "Outside schemes that levels and roles are cross-walked to"),
        ("levels", &draft.levels, "Levels, in order"),
        ("roles", &draft.roles, "Roles, each aligned to a level"),
        ("bands", &draft.bands, "Age bands or settings"),
    ] {
        entries_of(&mut out, name, note, entries);
    }
    if !draft.domains.is_empty() {
        rule(&mut out, "Domains, topics and statements");
    }
    // Each domain is written on its own, on every core (a 10,000-item
    // import writes 1.5 MB of them), and the texts joined in order.
    let domains: Vec<String> = draft
        .domains
        .par_iter()
        .map(|domain| {
            let mut text = String::new();
            domain_section(&mut text, domain);
            text
        })
        .collect();
    out.extend(domains);
    rule(&mut out, "The self-assessment");
    section(&mut out, "assessment", false, &[], &draft.assessment);
    entries_of(&mut out, "training", "Training options", &draft.training);
    entries_of(&mut out, "refreshers", "Refresher rules", &draft.refreshers);
    rule(&mut out, "Packs to build");
    section(&mut out, "packs", false, &[], &draft.packs);
    out
}

fn entries_of(out: &mut String, name: &str, note: &str, entries: &[Entry]) {
    if entries.is_empty() {
        return;
    }
    rule(out, note);
    for entry in entries {
        section(out, name, true, &entry.comments, &entry.table);
    }
}

fn domain_section(out: &mut String, domain: &DomainDraft) {
    section(out, "domains", true, &domain.entry.comments, &domain.entry.table);
    statements(out, &domain.statements);
    for topic in &domain.topics {
        section(out, "domains.topics", true, &topic.entry.comments, &topic.entry.table);
        statements(out, &topic.statements);
    }
}

/// `statements = [ … ]`, one inline table a line, each under its comments.
fn statements(out: &mut String, entries: &[Entry]) {
    if entries.is_empty() {
        return;
    }
    out.push_str("statements = [\n");
    for entry in entries {
        comments(out, "  ", &entry.comments);
        out.push_str("  ");
        inline_table(out, &entry.table);
        out.push_str(",\n");
    }
    out.push_str("]\n");
}

/// A horizontal rule with a heading comment, as the samples separate parts.
fn rule(out: &mut String, heading: &str) {
    let _ = write!(out, "\n# {}\n# {heading}\n", "-".repeat(75));
}

fn comments(out: &mut String, indent: &str, lines: &[String]) {
    for line in lines.iter().flat_map(|l| l.split('\n')) {
        let line: String = line.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        let line = line.trim_end();
        if line.is_empty() {
            let _ = writeln!(out, "{indent}#");
        } else {
            let _ = writeln!(out, "{indent}# {line}");
        }
    }
}

/// The keys of `table` in the format's order (written for every one of
/// 10,000 statements, so compared without allocating).
fn ordered(table: &Table) -> Vec<(&String, &Value)> {
    let rank = |k: &str| KEY_ORDER.iter().position(|o| *o == k).unwrap_or(KEY_ORDER.len());
    let mut keys: Vec<(usize, &String, &Value)> = table.iter().map(|(k, v)| (rank(k), k, v)).collect();
    keys.sort_unstable_by(|(ra, a, _), (rb, b, _)| ra.cmp(rb).then_with(|| a.cmp(b)));
    keys.into_iter().map(|(_, k, v)| (k, v)).collect()
}

fn is_section(key: &str, value: &Value) -> bool {
    SECTION_KEYS.contains(&key)
        && match value {
            Value::Table(_) => true,
            Value::Array(items) => !items.is_empty() && items.iter().all(Value::is_table),
            _ => false,
        }
}

/// `[name]` or `[[name]]` with its keys, then its sub-sections.
fn section(out: &mut String, name: &str, array: bool, notes: &[String], table: &Table) {
    out.push('\n');
    comments(out, "", notes);
    let _ = if array { writeln!(out, "[[{name}]]") } else { writeln!(out, "[{name}]") };
    let keys = ordered(table);
    for (key, value) in keys.iter().filter(|(k, v)| !is_section(k, v)) {
        key_text(out, key);
        out.push_str(" = ");
        value_text(out, value, 0);
        out.push('\n');
    }
    for (key, value) in keys.iter().filter(|(k, v)| is_section(k, v)) {
        let mut path = format!("{name}.");
        key_text(&mut path, key);
        match value {
            Value::Table(t) => section(out, &path, false, &[], t),
            Value::Array(items) => {
                for item in items.iter().filter_map(Value::as_table) {
                    section(out, &path, true, &[], item);
                }
            }
            _ => {}
        }
    }
}

/// A bare key when TOML allows one, else a quoted key.
fn key_text(out: &mut String, key: &str) {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        out.push_str(key);
    } else {
        string_text(out, key);
    }
}

/// A basic string with TOML escapes; every character kept (also the
/// translations files of `crate::translate::store`).
pub(crate) fn string_text(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    // Most text has nothing to escape: no quote, backslash or control
    // character (the C1 controls, U+0080–U+009F, start with byte C2).
    if !s.bytes().any(|b| matches!(b, b'"' | b'\\' | 0..=0x1F | 0x7F | 0xC2)) {
        out.push_str(s);
        out.push('"');
        return;
    }
    crate::escape::backslashed(out, s, |out, c| {
        let _ = write!(out, "\\u{:04X}", c as u32);
    });
    out.push('"');
}

fn inline_table(out: &mut String, table: &Table) {
    if table.is_empty() {
        out.push_str("{}");
        return;
    }
    out.push_str("{ ");
    for (i, (k, v)) in ordered(table).into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        key_text(out, k);
        out.push_str(" = ");
        value_text(out, v, usize::MAX);
    }
    out.push_str(" }");
}

/// A value on one line, or, for a long list at `depth` (not inside an
/// inline table, where `depth` is `usize::MAX`), one item a line.
fn value_text(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::String(s) => string_text(out, s),
        Value::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => {
            let text = f.to_string();
            out.push_str(&text);
            if !text.contains(['.', 'e', 'n', 'i']) {
                out.push_str(".0");
            }
        }
        Value::Boolean(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Datetime(d) => {
            let _ = write!(out, "{d}");
        }
        Value::Table(t) => inline_table(out, t),
        Value::Array(items) => {
            let start = out.len();
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                value_text(out, item, usize::MAX);
            }
            out.push(']');
            let spread = depth != usize::MAX && (items.iter().any(Value::is_table) || out.len() - start > LONG_LINE);
            if !spread || items.is_empty() {
                return;
            }
            out.truncate(start);
            out.push_str("[\n");
            for item in items {
                out.push_str("  ");
                value_text(out, item, usize::MAX);
                out.push_str(",\n");
            }
            out.push(']');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::draft::{table, text};

    #[test]
    fn strings_keep_every_character_and_parse_back() {
        let tricky = "Quote \" backslash \\ tab\t newline\n bell\u{7} emoji 🙂 Welsh ŵ";
        let draft = Draft { framework: table([("title", text(tricky)), ("id", text("x"))]), ..Draft::default() };
        let written = write(&draft);
        let parsed: Table = toml::from_str(&written).unwrap();
        assert_eq!(parsed["framework"]["title"].as_str(), Some(tricky));
        assert!(written.find("id = ").unwrap() < written.find("title = ").unwrap(), "keys in the format's order");
    }

    #[test]
    fn text_without_escapes_is_copied_and_controls_are_escaped() {
        for (value, written) in [
            ("plain words £ © ŵ 🙂", "\"plain words £ © ŵ 🙂\""),
            ("delete \u{7f} and C1 \u{85}", "\"delete \\u007F and C1 \\u0085\""),
            ("", "\"\""),
        ] {
            let mut out = String::new();
            string_text(&mut out, value);
            assert_eq!(out, written);
            assert_eq!(toml::from_str::<Table>(&format!("x = {out}")).unwrap()["x"].as_str(), Some(value));
        }
    }
}
