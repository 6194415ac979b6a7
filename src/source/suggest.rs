//! "Did you mean …?": the known name nearest to a mistyped one.

/// The candidate most like `text` (Jaro–Winkler), if it is at least
/// `threshold` alike (0–1); typos score above 0.8, unrelated words below.
pub fn nearest<'a>(text: &str, candidates: impl IntoIterator<Item = &'a str>, threshold: f64) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(c, text), c))
        .filter(|(score, _)| *score > threshold)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
