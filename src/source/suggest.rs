//! "Did you mean …?": the known name nearest to a mistyped one.

/// The candidate most like `text` (Jaro–Winkler), if it is at least
/// `threshold` alike (0–1); typos score above 0.8, unrelated words below.
/// A candidate that is `text` with other numbers is never suggested (see
/// [`other_number`]).
pub fn nearest<'a>(text: &str, candidates: impl IntoIterator<Item = &'a str>, threshold: f64) -> Option<&'a str> {
    candidates
        .into_iter()
        .filter(|c| !other_number(text, c))
        .map(|c| (strsim::jaro_winkler(c, text), c))
        .filter(|(score, _)| *score > threshold)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Whether `a` and `b` are the same name numbered differently (`l2-07`
/// and `l2-08`, `level-2` and `level-3`). They differ by a character, yet
/// one is not a typo of the other: they are two items of a numbered list,
/// and the id of a statement removed from a new edition is not a
/// misspelling of its neighbour's. Numbers are compared by value, so
/// `l2-7` is still taken for `l2-07`.
fn other_number(a: &str, b: &str) -> bool {
    let (a, b) = (numbered(a), numbered(b));
    a.0 == b.0 && a.1 != b.1
}

/// The name's text outside its numbers, and its numbers (leading zeros
/// dropped).
fn numbered(name: &str) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut numbers: Vec<String> = Vec::new();
    let mut in_number = false;
    for c in name.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                numbers.push(String::new());
                text.push('#');
            }
            numbers.last_mut().expect("a number was started").push(c);
        } else {
            text.push(c);
        }
        in_number = c.is_ascii_digit();
    }
    let numbers = numbers.iter().map(|n| n.trim_start_matches('0').to_string()).collect();
    (text, numbers)
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn a_typo_is_suggested() {
        assert_eq!(nearest("l2-7", ["l2-07", "l3-01"], 0.75), Some("l2-07"));
        assert_eq!(nearest("saefguarding", ["safeguarding", "l2-01"], 0.75), Some("safeguarding"));
        assert_eq!(nearest("l2-O7", ["l2-07"], 0.75), Some("l2-07"));
    }

    #[test]
    fn another_number_of_the_same_name_is_not() {
        // l2-07 was removed: l2-08 and l2-06 are other statements.
        assert_eq!(nearest("l2-07", ["l2-06", "l2-08", "l3-07"], 0.75), None);
        assert_eq!(nearest("level-2", ["level-3"], 0.75), None);
    }
}
