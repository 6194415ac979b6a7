//! Helpers shared by the integration tests: running the binary, temporary
//! sources, a small valid base source with the bad variants derived from it,
//! and parsing diagnostics (message, line, column) out of the output.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The crate root (where `sources/` and `docs/` live).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What one run of framewright did.
#[derive(Debug)]
pub struct Run {
    /// The exit code; -1 if the process was killed by a signal.
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Fails with the whole output unless the exit code is `code`.
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "unexpected exit code\n--- stdout:\n{}\n--- stderr:\n{}", self.stdout, self.stderr);
        self
    }
}

/// Runs `framewright --color never ARGS…` in the crate root.
pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    run_in(&root(), args)
}

/// Runs `framewright --color never ARGS…` in `dir`.
pub fn run_in<I, S>(dir: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let output = Command::new(env!("CARGO_BIN_EXE_framewright"))
        .arg("--color")
        .arg("never")
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("framewright runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A fresh folder under the system temp dir, removed when dropped.
pub struct TempDir {
    pub path: PathBuf,
}

impl TempDir {
    /// `name` must be unique per test (tests run in parallel).
    pub fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("framewright-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp dir can be created");
        Self { path }
    }

    /// Writes `contents` to `name` inside the folder and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("parent folder can be created");
        }
        std::fs::write(&path, contents).expect("temp file can be written");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Writes `text` as `source.toml` in a fresh temp dir named after `test`,
/// runs `check source.toml` there (so the path in messages is `source.toml`)
/// and cleans up.
pub fn check_text(test: &str, text: &str) -> Run {
    let dir = TempDir::new(test);
    dir.write("source.toml", text);
    run_in(&dir.path, ["check", "source.toml"])
}

/// The path diagnostics name for sources run through [`check_text`].
pub const SOURCE_NAME: &str = "source.toml";

/// A small valid source: 2 levels, a scheme, 1 role, 2 bands, 1 domain with a
/// topic, 4 statements, a 3-point scale, 1 training option, 1 refresher and
/// packs. The bad cases below are derived from it by string replacement.
pub const BASE: &str = r#"[framework]
id = "test-fw"
title = "Test framework"
publisher = "Test publisher"
version = "1.0"
published = 2024-01-15
review = 2026-01-15
language = "en-GB"

[[levels]]
id = "L1"
name = "Level one"
crosswalk = { group = "1" }

[[levels]]
id = "L2"
name = "Level two"
cumulative = true

[[schemes]]
id = "group"
name = "Group"

[[roles]]
id = "lead"
name = "Lead practitioner"
level = "L2"

[[bands]]
id = "young"
name = "Young children"

[[bands]]
id = "older"
name = "Older children"

[[domains]]
id = "d1"
number = "1"
title = "Domain one"
statements = [
  { id = "s1", level = "L1", text = "Knows the basics." },
  { id = "s2", level = "L1", bands = ["young"], text = "Knows the young." },
]

[[domains.topics]]
id = "d1-1"
number = "1.1"
title = "Topic one"
statements = [
  { id = "s3", level = "L2", text = "Leads the team." },
  { id = "s4", level = "L2", bands = ["older"], additional_needs = true, kind = "skill", text = "Adapts for needs." },
]

[assessment]

[[assessment.scale]]
value = 1
label = "Not yet"

[[assessment.scale]]
value = 2
label = "Partly"

[[assessment.scale]]
value = 3
label = "Fully"
met = true

[[training]]
id = "t1"
title = "Intro course"
format = "e-learning"
levels = ["L1"]
statements = ["s1"]

[[refreshers]]
applies_to = "Everyone"
every = "3 years"

[packs]
formats = ["pdf"]

[[packs.build]]
levels = "all"
bands = "all"

[[packs.build]]
roles = ["lead"]
bands = ["older"]
additional_needs = true
"#;

/// The two `[[packs.build]]` entries at the end of [`BASE`].
pub const BUILDS: &str = "[[packs.build]]\nlevels = \"all\"\nbands = \"all\"\n\n[[packs.build]]\nroles = [\"lead\"]\nbands = [\"older\"]\nadditional_needs = true\n";

/// One bad variant of [`BASE`]: replacements applied in order, each `from`
/// occurring exactly once in the text it is applied to.
pub struct Case {
    pub name: &'static str,
    pub edits: &'static [(&'static str, &'static str)],
}

/// Every error case errors.rs checks in detail (bad_input.rs runs all of
/// them again to check that none panics).
pub const CASES: &[Case] = &[
    Case { name: "syntax_missing_quote", edits: &[("title = \"Test framework\"", "title = \"Test framework")] },
    Case {
        name: "syntax_two_errors",
        edits: &[("title = \"Test framework\"", "title = \"Test framework"), ("name = \"Group\"", "name = \"Group")],
    },
    Case { name: "unknown_key", edits: &[("title = \"Test framework\"", "titel = \"Test framework\"")] },
    Case { name: "missing_title", edits: &[("title = \"Test framework\"\n", "")] },
    Case { name: "missing_level_name", edits: &[("name = \"Level two\"\n", "")] },
    Case { name: "duplicate_statement", edits: &[("{ id = \"s3\"", "{ id = \"s1\"")] },
    Case { name: "duplicate_level", edits: &[("cumulative = true\n", "cumulative = true\n\n[[levels]]\nid = \"L1\"\nname = \"Level one again\"\n")] },
    Case { name: "unknown_level", edits: &[("name = \"Lead practitioner\"\nlevel = \"L2\"", "name = \"Lead practitioner\"\nlevel = \"L9\"")] },
    Case { name: "unknown_band", edits: &[("bands = [\"young\"], text", "bands = [\"yuong\"], text")] },
    Case { name: "unknown_role", edits: &[("roles = [\"lead\"]", "roles = [\"leed\"]")] },
    Case { name: "unknown_statement_in_training", edits: &[("statements = [\"s1\"]", "statements = [\"s9\"]")] },
    Case { name: "unknown_scheme", edits: &[("crosswalk = { group = \"1\" }", "crosswalk = { grp = \"1\" }")] },
    Case { name: "empty_statement_text", edits: &[("text = \"Leads the team.\"", "text = \"  \"")] },
    Case { name: "empty_pack", edits: &[("{ id = \"s3\", level = \"L2\", text", "{ id = \"s3\", level = \"L2\", bands = [\"older\"], text")] },
    Case { name: "logo_missing", edits: &[("language = \"en-GB\"\n", "language = \"en-GB\"\nlogo = \"images/logo.png\"\nlogo_alt = \"Test logo\"\n")] },
    Case { name: "logo_outside", edits: &[("language = \"en-GB\"\n", "language = \"en-GB\"\nlogo = \"../../etc/passwd\"\nlogo_alt = \"Test logo\"\n")] },
    Case { name: "template_missing", edits: &[("formats = [\"pdf\"]\n", "formats = [\"pdf\"]\ntemplate = \"templates/pack.typ\"\n")] },
    Case { name: "invalid_id", edits: &[("id = \"s2\"", "id = \"s.2\"")] },
    Case { name: "wrong_enum", edits: &[("format = \"e-learning\"", "format = \"elearning\"")] },
    Case { name: "string_for_date", edits: &[("published = 2024-01-15", "published = \"2024-01-15\"")] },
    Case {
        name: "pack_built_twice",
        edits: &[("bands = [\"older\"]\nadditional_needs = true\n", "bands = [\"older\"]\nadditional_needs = true\n\n[[packs.build]]\nlevels = [\"L1\"]\nbands = [\"young\"]\n")],
    },
    Case { name: "file_name_collision", edits: &[("formats = [\"pdf\"]\n", "formats = [\"pdf\"]\nfile_name = \"{{ framework }}-{{ level }}\"\n")] },
    Case { name: "datetime_for_date", edits: &[("published = 2024-01-15", "published = 2024-01-15T10:00:00Z")] },
    Case { name: "too_many_action_plan_rows", edits: &[("[assessment]\n", "[assessment]\naction_plan_rows = 51\n")] },
    Case {
        name: "two_default_refreshers",
        edits: &[("[[refreshers]]\n", "[[refreshers]]\napplies_to = \"Everyone else\"\nevery = \"1 year\"\n\n[[refreshers]]\n")],
    },
    Case { name: "empty_build", edits: &[(BUILDS, "build = []\n")] },
    Case { name: "missing_build", edits: &[(BUILDS, "")] },
    Case { name: "empty_selection", edits: &[("levels = \"all\"\nbands = \"all\"", "levels = \"all\"\nbands = []")] },
    Case { name: "bad_language", edits: &[("language = \"en-GB\"", "language = \"english\"")] },
    Case {
        name: "many_mistakes",
        edits: &[
            ("published = 2024-01-15", "published = \"2024-01-15\""),
            ("name = \"Level one\"\n", "name = \"Level one\"\nnmae = \"Level one\"\n"),
            ("crosswalk = { group = \"1\" }", "crosswalk = { grp = \"1\" }"),
            ("name = \"Lead practitioner\"\nlevel = \"L2\"", "name = \"Lead practitioner\"\nlevel = \"L9\""),
            ("{ id = \"s2\"", "{ id = \"s.2\""),
            ("text = \"Leads the team.\"", "text = \"\""),
            ("bands = [\"older\"], additional_needs", "bands = [\"oldre\"], additional_needs"),
            ("kind = \"skill\"", "kind = \"skil\""),
            ("value = 2", "value = 1"),
            ("format = \"e-learning\"", "format = \"elearning\""),
            ("statements = [\"s1\"]", "statements = [\"s9\"]"),
            ("every = \"3 years\"", "every = \"3 yrs\""),
            ("roles = [\"lead\"]", "roles = [\"leed\"]"),
        ],
    },
];

/// The source text of the case called `name`.
pub fn case_source(name: &str) -> String {
    let case = CASES.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no case `{name}`"));
    let mut text = BASE.to_string();
    for (from, to) in case.edits {
        text = replace_once(&text, from, to);
    }
    text
}

/// Replaces the single occurrence of `from`; fails if it occurs 0 or 2+ times.
pub fn replace_once(text: &str, from: &str, to: &str) -> String {
    let n = text.matches(from).count();
    assert_eq!(n, 1, "`{from}` occurs {n} times; a case must name a unique snippet");
    text.replacen(from, to, 1)
}

/// The 1-based (line, column) of the `nth` (0-based) occurrence of `needle`
/// in `text`; the column counts characters, as the diagnostics do.
pub fn nth_pos(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let (offset, _) = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("`{needle}` occurs fewer than {} times", nth + 1));
    pos_of_offset(text, offset)
}

/// The 1-based (line, column) of the only occurrence of `needle`.
pub fn pos(text: &str, needle: &str) -> (usize, usize) {
    let n = text.matches(needle).count();
    assert_eq!(n, 1, "`{needle}` occurs {n} times; name a unique snippet");
    nth_pos(text, needle, 0)
}

/// The 1-based (line, column) of the only occurrence of `needle`, moved
/// `skip` characters to the right (to point inside a snippet).
pub fn pos_in(text: &str, needle: &str, skip: usize) -> (usize, usize) {
    let (line, col) = pos(text, needle);
    (line, col + skip)
}

pub fn pos_of_offset(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

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
