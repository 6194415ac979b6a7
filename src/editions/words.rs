//! Two wordings of a statement, word by word. The difference itself is
//! `similar`'s (Myers' algorithm over words; see docs/dependencies.md):
//! this module only says what a word is, and how alike two wordings are.

use similar::{Algorithm, DiffOp, capture_diff_slices, get_diff_ratio};

use crate::model::changes::{Segment, SegmentKind};

/// Whether `new` words a statement differently from `old`: runs of white
/// space count as one space, so a source re-wrapped is not reworded.
pub fn reworded(old: &str, new: &str) -> bool {
    !old.split_whitespace().eq(new.split_whitespace())
}

/// `old` to `new`, word by word: the runs kept, removed and inserted, in
/// reading order (a replaced run is its removed words, then its inserted
/// ones). Words are what white space separates, punctuation included, so
/// the marked text reads back exactly as each wording.
pub fn segments(old: &str, new: &str) -> Vec<Segment> {
    let (a, b): (Vec<&str>, Vec<&str>) = (old.split_whitespace().collect(), new.split_whitespace().collect());
    let mut out: Vec<Segment> = Vec::new();
    let mut push = |kind: SegmentKind, words: &[&str]| {
        if words.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.kind == kind => {
                last.text.push(' ');
                last.text.push_str(&words.join(" "));
            }
            _ => out.push(Segment { kind, text: words.join(" ") }),
        }
    };
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        match op {
            DiffOp::Equal { old_index, len, .. } => push(SegmentKind::Kept, &a[old_index..old_index + len]),
            DiffOp::Delete { old_index, old_len, .. } => push(SegmentKind::Removed, &a[old_index..old_index + old_len]),
            DiffOp::Insert { new_index, new_len, .. } => push(SegmentKind::Inserted, &b[new_index..new_index + new_len]),
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                push(SegmentKind::Removed, &a[old_index..old_index + old_len]);
                push(SegmentKind::Inserted, &b[new_index..new_index + new_len]);
            }
        }
    }
    out
}

/// How alike two wordings are, 0 (no word shared) to 1 (the same words in
/// the same order): twice the words kept in order over the words of both
/// (`similar`'s ratio). Words are compared in lower case without the
/// punctuation around them, so "Recording," is "recording".
pub fn similarity(old: &str, new: &str) -> f64 {
    let words = |text: &str| -> Vec<String> {
        text.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()).filter(|w| !w.is_empty()).collect()
    };
    let (a, b) = (words(old), words(new));
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let ops = capture_diff_slices(Algorithm::Myers, &a, &b);
    f64::from(get_diff_ratio(&ops, a.len(), b.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(segments: &[Segment], without: SegmentKind) -> String {
        segments.iter().filter(|s| s.kind != without).map(|s| s.text.as_str()).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn the_segments_read_back_as_each_wording() {
        let (old, new) = (
            "Documentation and sharing of information regarding concerns.",
            "Recording, and sharing with the right people, information about concerns.",
        );
        let s = segments(old, new);
        assert_eq!(text(&s, SegmentKind::Inserted), old);
        assert_eq!(text(&s, SegmentKind::Removed), new);
        assert_eq!(s[0], Segment { kind: SegmentKind::Removed, text: "Documentation".into() });
        assert_eq!(s[1], Segment { kind: SegmentKind::Inserted, text: "Recording,".into() });
        assert_eq!(s[2], Segment { kind: SegmentKind::Kept, text: "and sharing".into() });
    }

    #[test]
    fn spacing_is_not_rewording() {
        assert!(!reworded("Using the Framework for", "Using the  Framework\n for"));
        assert!(reworded("Using the Framework", "Using a Framework"));
        assert_eq!(similarity("Using the Framework", "using the framework."), 1.0);
    }
}
