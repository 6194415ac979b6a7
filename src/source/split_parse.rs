//! Parsing a large source on every core. The text is cut before each
//! `[[domains]]` header at the start of a line, the parts parse side by
//! side, and their tables are joined into the one tree a single parse would
//! have made, spans and all (`tests` compares the two). A cut proves itself:
//! a cut inside a multi-line string, array or inline table leaves its part
//! unfinished, which is a syntax error there. When any part has an error,
//! or a key other than `domains` is in two parts (a table defined twice, an
//! array of tables continued after the domains), the whole text is parsed
//! again in one piece, so the result and its syntax errors are always those
//! of one parse.
//!
//! Why: a 10,000-statement source (1.5 MB, what `import case` writes for
//! a 10,000-item package) takes 25–40 ms to parse on this machine's
//! 2 cores, most of the `check` that every import runs (`docs/performance.md`).

use std::borrow::Cow;
use std::ops::Range;

use rayon::prelude::*;
use toml::Spanned;
use toml::de::{DeTable, DeValue, Error};

/// Below this size one parse is quick enough (a council's framework is
/// 20–200 KB) and a thread would cost more than it saves.
const SPLIT_FROM: usize = 256 * 1024;

const DOMAINS: &str = "domains";

/// `DeTable::parse_recoverable`, on every core for a large text.
pub fn parse(text: &str) -> (Spanned<DeTable<'_>>, Vec<Error>) {
    if text.len() >= SPLIT_FROM
        && let Some(table) = parse_parts(text)
    {
        return (table, Vec::new());
    }
    DeTable::parse_recoverable(text)
}

/// The tree of `text` from its parts parsed side by side, or `None` when
/// there is nothing to cut or the parts cannot be joined.
fn parse_parts(text: &str) -> Option<Spanned<DeTable<'_>>> {
    let cuts = cuts(text);
    if cuts.is_empty() {
        return None;
    }
    let starts = std::iter::once(0).chain(cuts.iter().copied());
    let ends = cuts.iter().copied().chain([text.len()]);
    let bounds: Vec<Range<usize>> = starts.zip(ends).map(|(a, b)| a..b).collect();
    let parts: Vec<Option<Spanned<DeTable>>> = bounds
        .par_iter()
        .map(|part| {
            let (table, errors) = DeTable::parse_recoverable(&text[part.clone()]);
            errors.is_empty().then(|| {
                let span = table.span();
                Spanned::new(span, shift_table(table.into_inner(), part.start))
            })
        })
        .collect();
    // The whole text's span is what one parse gives the first part.
    let span = parts[0].as_ref()?.span();
    join(parts.into_iter().map(|p| p.map(Spanned::into_inner))).map(|table| Spanned::new(span, table))
}

/// Where the parts begin: every line (but a first one) that is a
/// `[[domains]]` header, perhaps indented, perhaps with a comment.
fn cuts(text: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let rest = line.trim_start_matches([' ', '\t']);
        if at > 0
            && let Some(after) = rest.strip_prefix("[[domains]]")
            && after.trim_start_matches([' ', '\t']).starts_with(['#', '\r', '\n'])
        {
            cuts.push(at);
        }
        at += line.len();
    }
    cuts
}

/// The first part's table with each later part's domains appended to the
/// list and its other tables added, or `None` when the parts cannot be
/// joined as one parse would have read them: a part with a syntax error,
/// domains in the first part (a cut at the start of the text, or an inline
/// `domains = [...]` that one parse would refuse to extend), or a key in
/// two parts.
fn join<'a>(mut parts: impl Iterator<Item = Option<DeTable<'a>>>) -> Option<DeTable<'a>> {
    let mut whole = parts.next()??;
    if whole.contains_key(DOMAINS) {
        return None;
    }
    let mut domains: Vec<Spanned<DeValue>> = Vec::new();
    for part in parts {
        for (key, value) in part? {
            if key.get_ref() == DOMAINS {
                let span = value.span();
                let DeValue::Array(list) = value.into_inner() else { return None };
                if domains.is_empty() {
                    // Keeps the key's place among the others; the list's
                    // span is its first header's, as in one parse.
                    whole.insert(key, Spanned::new(span, DeValue::Boolean(false)));
                }
                domains.extend(list);
            } else if whole.contains_key(key.get_ref().as_ref()) {
                return None;
            } else {
                whole.insert(key, value);
            }
        }
    }
    let slot = whole.get_mut(DOMAINS)?;
    *slot = Spanned::new(slot.span(), DeValue::Array(domains.into_iter().collect()));
    Some(whole)
}

fn shift_span(span: Range<usize>, by: usize) -> Range<usize> {
    span.start + by..span.end + by
}

fn shift_table(table: DeTable, by: usize) -> DeTable {
    if by == 0 {
        return table;
    }
    table.into_iter().map(|(key, value)| (shift_key(key, by), shift(value, by))).collect()
}

fn shift_key(key: Spanned<Cow<str>>, by: usize) -> Spanned<Cow<str>> {
    Spanned::new(shift_span(key.span(), by), key.into_inner())
}

fn shift(value: Spanned<DeValue>, by: usize) -> Spanned<DeValue> {
    let span = shift_span(value.span(), by);
    let value = match value.into_inner() {
        DeValue::Table(table) => DeValue::Table(shift_table(table, by)),
        DeValue::Array(list) => DeValue::Array(list.into_iter().map(|v| shift(v, by)).collect()),
        scalar => scalar,
    };
    Spanned::new(span, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The joined tree, spans included, is the one a single parse makes.
    fn assert_same(text: &str) {
        let (one, errors) = DeTable::parse_recoverable(text);
        assert!(errors.is_empty(), "{errors:?}");
        let parts = parse_parts(text).expect("the parts join");
        assert_eq!(format!("{parts:?}"), format!("{one:?}"));
    }

    /// The parts are refused, and `parse` gives what one parse gives.
    fn assert_refused(text: &str) {
        assert!(parse_parts(text).is_none());
        let padded = format!("{text}\n{}", "# padding\n".repeat(SPLIT_FROM / 10 + 1));
        assert_eq!(format!("{:?}", parse(&padded)), format!("{:?}", DeTable::parse_recoverable(&padded)));
    }

    const HEAD: &str = "[framework]\nid = \"f\"\n\n[[levels]]\nid = \"a\"\n";

    #[test]
    fn every_bundled_source_and_the_hostile_one_join_to_the_same_tree() {
        let root = env!("CARGO_MANIFEST_DIR");
        let sources = std::fs::read_dir(format!("{root}/sources")).unwrap().map(|e| e.unwrap().path());
        let mut cut = 0;
        for path in sources.chain([format!("{root}/tests/fixtures/hostile/sources/hostile.toml").into()]) {
            let text = std::fs::read_to_string(&path).unwrap();
            cut += cuts(&text).len();
            assert_same(&text);
        }
        assert!(cut >= 15, "{cut} cuts");
    }

    #[test]
    fn tables_after_the_domains_and_indented_headers_join() {
        assert_same(&format!(
            "{HEAD}[[domains]]\nid = \"d1\"\n[[domains.topics]]\nid = \"t\"\nstatements = [{{ id = \"s\", text = \"é\" }}]\n  [[domains]] # two\nid = \"d2\"\n[packs]\nbuild = []\n[[training]]\nid = \"x\"\n"
        ));
    }

    #[test]
    fn a_header_inside_a_string_or_an_array_is_not_a_cut() {
        assert_refused(&format!("{HEAD}[[domains]]\nid = \"d\"\ntext = \"\"\"\n[[domains]]\n\"\"\"\n"));
        assert_refused(&format!("{HEAD}[[domains]]\nid = \"d\"\nlist = [\n[[domains]]\n]\n"));
    }

    #[test]
    fn what_one_parse_refuses_is_not_joined() {
        // A table defined twice, an array of tables continued after the
        // domains, a static list of domains extended, a syntax error.
        assert_refused(&format!("{HEAD}[[domains]]\nid = \"d\"\n[framework]\nid = \"g\"\n"));
        assert_refused(&format!("{HEAD}[[domains]]\nid = \"d\"\n[[levels]]\nid = \"b\"\n"));
        assert_refused(&format!("domains = []\n{HEAD}[[domains]]\nid = \"d\"\n"));
        assert_refused(&format!("{HEAD}[[domains]]\nid = \"d\"\n[[domains]]\nid = = 2\n"));
    }
}
