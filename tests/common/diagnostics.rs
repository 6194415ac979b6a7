//! Diagnostics parsed out of the output: message, file, line and column.

use std::path::PathBuf;

use super::*;

/// One rendered diagnostic: `error: MESSAGE` and its `┌─ file:LINE:COL`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diag {
    pub message: String,
    pub file: String,
    pub line: usize,
    pub col: usize,
    /// The `= help: …` text, if any.
    pub help: Option<String>,
    /// Every rendered line of the diagnostic, for looking at labels.
    pub lines: Vec<String>,
}

impl Diag {
    /// The (line, column, label) of each label drawn under the snippet:
    /// `primary` for `^^^` markers, secondary for `---`.
    pub fn labels(&self, primary: bool) -> Vec<(usize, usize, String)> {
        let marker = if primary { '^' } else { '-' };
        let mut current_line = 0;
        let mut out = Vec::new();
        for l in &self.lines {
            let Some((gutter, rest)) = l.split_once('│') else { continue };
            let content: String = rest.chars().skip(1).collect();
            if let Ok(n) = gutter.trim().parse::<usize>() {
                current_line = n;
                continue;
            }
            if !gutter.trim().is_empty() {
                continue;
            }
            let trimmed = content.trim_start();
            let indent = content.chars().count() - trimmed.chars().count();
            if trimmed.starts_with(marker) {
                let label = trimmed.trim_start_matches(marker).trim().to_string();
                out.push((current_line, indent + 1, label));
            }
        }
        out
    }
}

/// Every `error:` diagnostic with a location in `output`, in order.
/// Lines `error: …` not followed by a `┌─` line (the summary, whole-file
/// errors) are not included.
pub fn diagnostics(output: &str) -> Vec<Diag> {
    let lines: Vec<&str> = output.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(message) = lines[i].strip_prefix("error: ") else {
            i += 1;
            continue;
        };
        let Some(marker) = lines.get(i + 1).and_then(|l| l.trim().strip_prefix("┌─ ")) else {
            i += 1;
            continue;
        };
        let mut parts = marker.rsplitn(3, ':');
        let col = parts.next().and_then(|c| c.parse().ok()).unwrap_or_else(|| panic!("bad marker `{marker}`"));
        let line = parts.next().and_then(|c| c.parse().ok()).unwrap_or_else(|| panic!("bad marker `{marker}`"));
        let file = parts.next().unwrap_or_default().to_string();
        let mut j = i + 2;
        let mut block = vec![lines[i].to_string(), lines[i + 1].to_string()];
        let mut help = None;
        while j < lines.len() && !lines[j].starts_with("error: ") && !lines[j].starts_with("warning: ") {
            if let Some(h) = lines[j].trim().strip_prefix("= help: ") {
                help = Some(h.to_string());
            }
            block.push(lines[j].to_string());
            j += 1;
        }
        out.push(Diag { message: message.to_string(), file, line, col, help, lines: block });
        i = j;
    }
    out
}

/// The (message, line, column) triples of every located error in `output`.
pub fn triples(output: &str) -> Vec<(String, usize, usize)> {
    diagnostics(output).into_iter().map(|d| (d.message, d.line, d.col)).collect()
}

/// Number of lines starting with `error:` (located, whole-file and summary).
pub fn error_lines(output: &str) -> usize {
    output.lines().filter(|l| l.starts_with("error:")).count()
}

/// The sample sources in `sources/`, sorted.
pub fn sample_sources() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root().join("sources"))
        .expect("sources/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    found.sort();
    assert_eq!(found.len(), 4, "expected the four sample sources, found {found:?}");
    found
}

/// `framewright dump SOURCE` parsed as JSON (the run must succeed).
pub fn dump(source: &str) -> serde_json::Value {
    let r = run(["dump", source]);
    r.assert_code(0);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("dump of {source} is not JSON: {e}"))
}
