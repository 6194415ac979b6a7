//! Welsh hyphenation in the PDF packs' narrow places (issue 27, part 3).
//!
//! Typst hyphenates with the `hypher` crate, which has no Welsh patterns,
//! and the packs set `hyphenate: false` anyway: text is ragged right, and
//! a word split across lines is harder to read for readers with dyslexia,
//! who recognise a word by its shape. The exception is the self-assessment
//! grid's statement column, about 70 mm wide beside the tick boxes and
//! write-in boxes: long Welsh words there left many lines half empty
//! (`docs/packs.md`, "Hyphenation", has the figures). So the copy of the
//! plan Typst reads gets soft hyphens (U+00AD) in the grid's Welsh
//! statements, at the break points of the TeX patterns `hyph-cy` (through
//! the `hyphenation` crate), and Typst breaks a line there, with a hyphen,
//! only where the word would not fit. Text stays data: only characters are
//! added, never markup. The plan itself (its hash, `framewright plan`, the
//! Word and HTML editions, the field names) keeps every text as written.

use std::borrow::Cow;
use std::sync::LazyLock;

use hyphenation::{Hyphenator, Language, Load, Standard};

use crate::plan::PackPlan;

/// The soft hyphen: a break opportunity that shows a hyphen only where the
/// line breaks, and that text extraction drops there (PDF 1.7, 14.8.2.2.3).
const SOFT_HYPHEN: char = '\u{ad}';

/// Words shorter than this are left whole: a short word fits on the next
/// line without leaving much of a gap, and every split costs the reader.
const SHORTEST_WORD: usize = 8;

/// The Welsh patterns (`hyph-cy`), embedded in the binary by the
/// `hyphenation` crate and read on first use.
static WELSH: LazyLock<Standard> =
    LazyLock::new(|| Standard::from_embedded(Language::Welsh).expect("the hyphenation crate embeds its Welsh dictionary"));

/// `plan` as Typst should typeset it: the grid's statements in each of its
/// Welsh plans (one, or two in a bilingual pack) with soft hyphens. A plan
/// with no Welsh in it is borrowed as it is.
pub fn for_typesetting(plan: &PackPlan) -> Cow<'_, PackPlan> {
    let welsh = |p: &PackPlan| p.framework.lang == "cy";
    if !welsh(plan) && !plan.alongside.as_ref().is_some_and(|a| welsh(&a.plan)) {
        return Cow::Borrowed(plan);
    }
    let mut plan = plan.clone();
    // A statement without a translation is still English: Welsh break
    // points would split its words wrongly.
    let grid = |p: &mut PackPlan| {
        p.assessment.rows.iter_mut().filter(|row| !row.untranslated).for_each(|row| row.text = welsh_soft_hyphens(&row.text))
    };
    if welsh(&plan) {
        grid(&mut plan);
    }
    if let Some(second) = plan.alongside.as_mut().map(|a| &mut a.plan).filter(|p| welsh(p)) {
        grid(second);
    }
    Cow::Owned(plan)
}

/// `text` with a soft hyphen at each `hyph-cy` break point of its long
/// lower-case words. Words with a capital (names, acronyms, a sentence's
/// first word) are left whole, and so are addresses, which are links whose
/// target must stay as written.
fn welsh_soft_hyphens(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for token in text.split_inclusive(char::is_whitespace) {
        if token.contains("://") || token.contains('@') || token.starts_with("www.") {
            out.push_str(token);
            continue;
        }
        let mut rest = token;
        while !rest.is_empty() {
            let end = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
            let (word, after) = rest.split_at(end);
            push_word(&mut out, word);
            let gap = after.find(char::is_alphabetic).unwrap_or(after.len());
            out.push_str(&after[..gap]);
            rest = &after[gap..];
        }
    }
    out
}

/// Appends `word` (letters only) with its soft hyphens, if it takes any.
fn push_word(out: &mut String, word: &str) {
    if word.chars().count() < SHORTEST_WORD || word.chars().any(char::is_uppercase) {
        out.push_str(word);
        return;
    }
    let mut from = 0;
    for at in WELSH.hyphenate(word).breaks {
        out.push_str(&word[from..at]);
        out.push(SOFT_HYPHEN);
        from = at;
    }
    out.push_str(&word[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text with its soft hyphens shown as hyphens.
    fn shown(text: &str) -> String {
        welsh_soft_hyphens(text).replace(SOFT_HYPHEN, "-")
    }

    /// The expected breaks were worked out apart from the crate, with
    /// Liang's algorithm run by hand over `hyph-cy` with its margins (two
    /// letters before a break, three after).
    #[test]
    fn long_welsh_words_break_where_the_welsh_patterns_allow() {
        for (word, breaks) in [
            ("gwasanaethau", "gwas-an-aethau"),
            ("cyfeillgarwch", "cyf-eill-gar-wch"),
            ("amddiffynnol", "am-ddiffyn-nol"),
            ("galwedigaethol", "galw-ed-ig-aethol"),
            ("cyfrinachedd", "cyf-rin-ach-edd"),
            ("rheoleiddio", "rhe-ol-eiddio"),
        ] {
            assert_eq!(shown(word), breaks);
        }
    }

    #[test]
    fn welsh_digraphs_are_never_split() {
        for word in ["cyfeillgarwch", "amddiffynnol", "cynhesrwydd", "uwchgyfeirio", "galwedigaethol"] {
            let pieces = shown(word);
            for digraph in ["ch", "dd", "ff", "ng", "ll", "ph", "rh", "th"] {
                assert!(!pieces.contains(&format!("{}-{}", &digraph[..1], &digraph[1..])), "{word}: {pieces}");
            }
        }
    }

    #[test]
    fn short_and_capitalised_words_and_addresses_stay_whole() {
        let text = "Yn cofnodi'r pryder: Cyfrinachedd, ADD, https://llyw.cymru/gwasanaethau a gwybodaeth@enghraifft.cymru.";
        assert_eq!(welsh_soft_hyphens(text), text);
    }

    #[test]
    fn only_soft_hyphens_are_added() {
        let text = "Yn defnyddio strategaethau syml i'r plentyn â chynhesrwydd, 999 (ADD) — a'r teuluoedd.";
        let hyphenated = welsh_soft_hyphens(text);
        assert!(hyphenated.contains(SOFT_HYPHEN), "{hyphenated}");
        assert_eq!(hyphenated.replace(SOFT_HYPHEN, ""), text);
    }
}
