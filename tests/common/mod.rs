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
    run_env(dir, args, &[])
}

/// Runs `framewright --color never ARGS…` in `dir` with extra environment
/// variables. `SOURCE_DATE_EPOCH` and `NO_COLOR` are removed from the
/// inherited environment (so a CI that sets them cannot change a build's
/// bytes or the output), then `env` is applied.
pub fn run_env<I, S>(dir: &Path, args: I, env: &[(&str, &str)]) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut command = Command::new(env!("CARGO_BIN_EXE_framewright"));
    command.arg("--color").arg("never").args(args).current_dir(dir).env_remove("NO_COLOR").env_remove("SOURCE_DATE_EPOCH");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("framewright runs");
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

// ---------------------------------------------------------------------------
// Seed 003 (the Yorkshire and Humber framework): its bullets.

/// The Yorkshire and Humber seed, as committed.
pub const SEED_003: &str = "tests/fixtures/seeds/003_8d229aca316d57f4.txt";
const SEED_FIRST: &str = "## **1. YOU AS A PROFESSIONAL**";
const SEED_END: &str = "## ACKNOWLEDGEMENTS";

/// Drops markdown emphasis and backslash escapes, collapses whitespace.
pub fn seed_normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '*' => {}
            '\\' => match chars.next() {
                Some('*') | None => {}
                Some(next) => out.push(next),
            },
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The bullets of the seed's framework body (from the first domain heading
/// to the acknowledgements), normalised.
pub fn seed_bullets() -> Vec<String> {
    let seed = std::fs::read_to_string(root().join(SEED_003)).expect("the seed fixture");
    let lines: Vec<&str> = seed.lines().collect();
    let start = lines.iter().position(|l| *l == SEED_FIRST).expect("the first domain heading");
    let end = lines.iter().position(|l| *l == SEED_END).expect("the acknowledgements heading");
    assert!(start < end);
    lines[start + 1..end].iter().filter_map(|l| l.trim().strip_prefix("- ")).map(seed_normalise).collect()
}

// ---------------------------------------------------------------------------
// Model and plan JSON.

/// An inline: a non-empty list of `{ "text", "style" }` objects.
fn is_inline(list: &[serde_json::Value]) -> bool {
    !list.is_empty()
        && list.iter().all(|v| {
            v.as_object().is_some_and(|o| {
                o.len() == 2 && o.get("text").is_some_and(serde_json::Value::is_string) && o.get("style").is_some_and(serde_json::Value::is_string)
            })
        })
}

/// Every string of a JSON value (dump or plan), with each inline joined
/// into one string.
pub fn all_strings(v: &serde_json::Value) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        use serde_json::Value;
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(items) if is_inline(items) => out.push(items.iter().map(|s| s["text"].as_str().unwrap()).collect()),
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            Value::Object(map) => map.values().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut out);
    out
}

/// Every statement of a `dump`, in source order.
pub fn model_statements(dump: &serde_json::Value) -> Vec<&serde_json::Value> {
    let mut out = Vec::new();
    for d in dump["domains"].as_array().unwrap() {
        out.extend(d["statements"].as_array().unwrap());
        for t in d["topics"].as_array().unwrap() {
            out.extend(t["statements"].as_array().unwrap());
        }
    }
    out
}

/// The statements a plan prints in its framework text (`domains`).
pub fn plan_statements(plan: &serde_json::Value) -> Vec<&serde_json::Value> {
    let mut out = Vec::new();
    for d in plan["domains"].as_array().unwrap() {
        for s in d["sections"].as_array().unwrap() {
            for g in s["groups"].as_array().unwrap() {
                for sub in g["subgroups"].as_array().unwrap() {
                    out.extend(sub["statements"].as_array().unwrap());
                }
            }
        }
    }
    out
}

/// `framewright plan SOURCE PACK` parsed as JSON (run in `dir`).
pub fn plan_in(dir: &Path, source: &str, pack: &str) -> serde_json::Value {
    let r = run_in(dir, ["plan", source, pack]);
    r.assert_code(0);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("plan of {source} {pack} is not JSON: {e}"))
}

/// The files of a dump's `pack_list` whose names end with `.EXTENSION`.
pub fn planned_files(dump: &serde_json::Value, extension: &str) -> std::collections::BTreeSet<String> {
    let suffix = format!(".{extension}");
    dump["pack_list"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["files"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_string()))
        .filter(|f| f.ends_with(&suffix))
        .collect()
}

/// `framewright dump SOURCE` parsed as JSON (run in `dir`).
pub fn dump_in(dir: &Path, source: &str) -> serde_json::Value {
    let r = run_in(dir, ["dump", source]);
    r.assert_code(0);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("dump of {source} is not JSON: {e}"))
}

// ---------------------------------------------------------------------------
// Projects and builds.

/// Copies the folder `from` into `to` (created), recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("cannot create {}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("cannot copy {}: {e}", entry.path().display()));
        }
    }
}

/// A temporary project named after `test`: the repository's `templates/`
/// and `fonts/` copied in, and each `(name, text)` of `sources` written to
/// `sources/NAME`. The embedded Typst serves only files inside the project
/// (the folder holding `sources/`), so a source outside the repository
/// needs its own copies.
pub fn temp_project(test: &str, sources: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new(test);
    copy_dir(&root().join("templates"), &dir.path.join("templates"));
    copy_dir(&root().join("fonts"), &dir.path.join("fonts"));
    std::fs::create_dir_all(dir.path.join("sources")).unwrap();
    for (name, text) in sources {
        dir.write(&format!("sources/{name}"), text);
    }
    dir
}

/// A temporary project whose `sources/london.toml` (the London sample)
/// uses a template outside `templates/`: a copy of the repository's
/// templates in `custom/`, main file `custom/pack.typ`.
pub fn custom_template_project(test: &str) -> TempDir {
    let source = std::fs::read_to_string(root().join("sources/london-safeguarding.toml")).unwrap();
    let source = replace_once(&source, "[packs]\n", "[packs]\ntemplate = \"../custom/pack.typ\"\n");
    let dir = temp_project(test, &[("london.toml", &source)]);
    copy_dir(&root().join("templates"), &dir.path.join("custom"));
    dir
}

/// The packs `framewright list SOURCE` (run in `dir`) shows: (pack id,
/// file names), in order, from its `Packs (N):` section.
pub fn listed_packs(dir: &Path, source: &str) -> Vec<(String, Vec<String>)> {
    let r = run_in(dir, ["list", source]);
    r.assert_code(0);
    let (head, rows) = r.stdout.split_once("\nPacks (").and_then(|(_, rest)| rest.split_once("):\n")).expect("a Packs section");
    let packs: Vec<(String, Vec<String>)> = rows
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(|row| {
            let id = row.split_whitespace().next().expect("a pack id").to_string();
            let (_, files) = row.split_once(" statements ").unwrap_or_else(|| panic!("no statement count in `{row}`"));
            (id, files.trim().split(", ").map(str::to_string).collect())
        })
        .collect();
    assert_eq!(head.parse::<usize>().ok(), Some(packs.len()), "the count of packs\n{}", r.stdout);
    packs
}

/// One file a build reported with `--message-format json`.
#[derive(Clone, Debug)]
pub struct BuiltFile {
    pub pack: String,
    pub path: PathBuf,
    pub pages: usize,
}

/// `framewright build ARGS… --message-format json` in `dir`: asserts it
/// exits 0 and that every reported file was built and exists.
pub fn build_json(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Vec<BuiltFile> {
    let mut all: Vec<&str> = vec!["build"];
    all.extend(args);
    all.extend(["--message-format", "json"]);
    let r = run_env(dir, &all, env);
    r.assert_code(0);
    let mut files = Vec::new();
    for line in r.stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
        assert_eq!(v["status"], "built", "{line}");
        let path = PathBuf::from(v["path"].as_str().unwrap());
        let path = if path.is_absolute() { path } else { dir.join(path) };
        assert!(path.is_file(), "{} was reported built but does not exist", path.display());
        files.push(BuiltFile { pack: v["pack"].as_str().unwrap().to_string(), path, pages: v["pages"].as_u64().unwrap() as usize });
    }
    assert!(!files.is_empty(), "the build reported no file\n{}", r.stderr);
    files
}

/// The counts in `build`'s summary table (on stderr).
#[derive(Debug, PartialEq, Eq)]
pub struct Summary {
    pub built: usize,
    pub fresh: usize,
    pub failed: usize,
    pub pages: usize,
    pub fields: usize,
}

/// Reads the summary table `build` prints last; fails if there is none.
pub fn summary(stderr: &str) -> Summary {
    let lines: Vec<&str> = stderr.lines().collect();
    let header = lines.iter().rposition(|l| l.split_whitespace().collect::<Vec<_>>() == ["built", "up", "to", "date", "failed", "pages", "form", "fields", "size", "time"]);
    let row = header.and_then(|i| lines.get(i + 1)).unwrap_or_else(|| panic!("no summary table in:\n{stderr}"));
    let n: Vec<usize> = row.split_whitespace().take(5).map(|v| v.parse().unwrap_or_else(|_| panic!("bad summary row: {row}"))).collect();
    Summary { built: n[0], fresh: n[1], failed: n[2], pages: n[3], fields: n[4] }
}

/// The names of the files in `dir`, sorted (none if it does not exist).
pub fn file_names(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut names: Vec<String> = entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// The pack files (.pdf, .docx) in `dir`, sorted: what a build wrote,
/// without its manifest and lock file.
pub fn pack_files(dir: &Path) -> Vec<String> {
    file_names(dir).into_iter().filter(|n| n.ends_with(".pdf") || n.ends_with(".docx")).collect()
}

/// Fails if a temporary file of an atomic write is left anywhere under `dir`.
pub fn assert_no_tmp(dir: &Path) {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "tmp") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(dir, &mut found);
    assert!(found.is_empty(), "temporary files left behind: {found:?}");
}

// ---------------------------------------------------------------------------
// Real PDF clients: Poppler, qpdf, Python's `typst`.

/// Runs an external program; fails with an install hint if it is missing.
pub fn tool<I, S>(program: &str, args: I) -> std::process::Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(program).args(args).output().unwrap_or_else(|e| {
        let package = match program {
            "qpdf" => "qpdf",
            "python3" => "python3",
            _ => "poppler-utils",
        };
        panic!("cannot run `{program}` ({e}): install {package} (apt-get install {package}; .ci/run does this)")
    })
}

/// Runs a program that must succeed and returns its stdout (lossy UTF-8).
pub fn tool_stdout<I, S>(program: &str, args: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(|a| a.as_ref().to_os_string()).collect();
    let out = tool(program, &args);
    assert!(
        out.status.success(),
        "`{program} {args:?}` failed ({})\n--- stdout:\n{}\n--- stderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `pdfinfo -isodates FILE` as key → value (keys as printed, e.g. "Page size").
pub fn pdfinfo(path: &Path) -> std::collections::BTreeMap<String, String> {
    let text = tool_stdout("pdfinfo", [std::ffi::OsStr::new("-isodates"), path.as_os_str()]);
    text.lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// The size line of every page, from `pdfinfo -f 1 -l N` ("595.276 x 841.89 pts (A4)").
pub fn page_sizes(path: &Path, pages: usize) -> Vec<String> {
    let text = tool_stdout(
        "pdfinfo",
        [std::ffi::OsStr::new("-f"), "1".as_ref(), "-l".as_ref(), pages.to_string().as_ref(), path.as_os_str()],
    );
    text.lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size:"))
        .map(|l| l.split_once(" size:").unwrap().1.trim().to_string())
        .collect()
}

/// One row of `pdffonts`.
#[derive(Debug)]
pub struct FontRow {
    /// The font name without the subset tag ("AtkinsonHyperlegibleNext-Bold").
    pub name: String,
    pub kind: String,
    pub embedded: bool,
}

/// The fonts `pdffonts` lists. Columns are read from the right, since a
/// long name pushes the others out of their columns.
pub fn pdffonts(path: &Path) -> Vec<FontRow> {
    let text = tool_stdout("pdffonts", [path]);
    let mut lines = text.lines();
    assert!(lines.next().is_some_and(|l| l.starts_with("name")), "pdffonts header:\n{text}");
    assert!(lines.next().is_some_and(|l| l.starts_with("---")), "pdffonts header:\n{text}");
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let t: Vec<&str> = l.split_whitespace().collect();
            assert!(t.len() >= 8, "unexpected pdffonts row `{l}`");
            let n = t.len();
            let name = t[0].split_once('+').map_or(t[0], |(_, rest)| rest).to_string();
            FontRow { name, kind: t[1..n - 6].join(" "), embedded: t[n - 5] == "yes" }
        })
        .collect()
}

/// The families of the fonts in `fonts/` as they are named in a PDF
/// ("AtkinsonHyperlegibleNext"), from the file names (`Family_400Regular.ttf`).
pub fn font_families() -> Vec<String> {
    let mut families = std::collections::BTreeSet::new();
    for dir in std::fs::read_dir(root().join("fonts")).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let name = file.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".ttf") || name.ends_with(".otf") {
                families.insert(name.split('_').next().unwrap().to_string());
            }
        }
    }
    families.into_iter().collect()
}

/// `qpdf --check FILE`: fails unless qpdf finds no error.
pub fn qpdf_check(path: &Path) -> Result<(), String> {
    let out = tool("qpdf", [std::ffi::OsStr::new("--check"), path.as_os_str()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    if out.status.success() && stdout.contains("No syntax or stream encoding errors found") {
        Ok(())
    } else {
        Err(format!("qpdf --check {} ({}):\n{stdout}{}", path.display(), out.status, String::from_utf8_lossy(&out.stderr)))
    }
}

/// An object of the PDF as qpdf prints it (`--show-object`); `stream`
/// prints a stream's decoded data instead.
pub fn qpdf_object(path: &Path, object: &str, stream: bool) -> String {
    let mut args = vec![format!("--show-object={object}")];
    if stream {
        args.push("--filtered-stream-data".into());
    }
    args.push(path.display().to_string());
    tool_stdout("qpdf", &args)
}

/// The object number `KEY N 0 R` refers to in a dictionary printed by qpdf.
pub fn object_ref(dict: &str, key: &str) -> Option<String> {
    let rest = dict.split_once(&format!("{key} "))?.1;
    let mut words = rest.split_whitespace();
    let (n, g, r) = (words.next()?, words.next()?, words.next()?);
    (r.starts_with('R') && n.parse::<u32>().is_ok()).then(|| format!("{n},{g}"))
}

/// The document catalog and the decoded XMP metadata stream.
pub fn catalog_and_xmp(path: &Path) -> (String, String) {
    let trailer = qpdf_object(path, "trailer", false);
    let root = object_ref(&trailer, "/Root").unwrap_or_else(|| panic!("no /Root in the trailer: {trailer}"));
    let catalog = qpdf_object(path, &root, false);
    let metadata = object_ref(&catalog, "/Metadata").unwrap_or_else(|| panic!("no /Metadata in the catalog: {catalog}"));
    (catalog.clone(), qpdf_object(path, &metadata, true))
}

/// The value of `/KEY (…)` (a literal string) in a dictionary printed by qpdf.
pub fn literal_value(dict: &str, key: &str) -> Option<String> {
    let rest = dict.split_once(&format!("{key} ("))?.1;
    Some(rest.split_once(')')?.0.to_string())
}

/// The text of an XMP element `<NAME>…</NAME>` (the first one).
pub fn xmp_value(xmp: &str, name: &str) -> Option<String> {
    let rest = xmp.split_once(&format!("<{name}>"))?.1;
    Some(rest.split_once(&format!("</{name}>"))?.0.to_string())
}

/// Plain `pdftotext FILE -` (not -layout): pages separated by form feeds.
pub fn pdftotext(path: &Path) -> String {
    tool_stdout("pdftotext", [path.as_os_str(), std::ffi::OsStr::new("-")])
}

/// `pdftotext -raw FILE -`, collapsed: text in content-stream order, in
/// which a table cell that wraps stays whole (plain mode reads a table row
/// line by line across the cells).
pub fn pdftotext_raw(path: &Path) -> String {
    collapse(&tool_stdout("pdftotext", [std::ffi::OsStr::new("-raw"), path.as_os_str(), "-".as_ref()]))
}

/// Characters removed before comparing: those that only mark a break
/// opportunity or join words (zero-width space, word joiner, soft hyphen),
/// and the direction marks pdftotext puts around right-to-left text.
pub const SOFT_BREAKS: [char; 10] =
    ['\u{200B}', '\u{2060}', '\u{00AD}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}'];

/// All whitespace collapsed to single spaces, soft breaks removed, trimmed.
pub fn collapse(text: &str) -> String {
    text.chars().filter(|c| !SOFT_BREAKS.contains(c)).collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Like [`collapse`], but a run of whitespace holding a line break becomes
/// one `\n`, so a match can tell a line wrap from a space.
pub fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending: Option<char> = None;
    for c in text.chars().filter(|c| !SOFT_BREAKS.contains(c)) {
        if c.is_whitespace() {
            let newline = c == '\n' || c == '\r' || c == '\u{c}';
            pending = Some(if newline || pending == Some('\n') { '\n' } else { ' ' });
        } else {
            if let Some(p) = pending.take()
                && !out.is_empty()
            {
                out.push(p);
            }
            out.push(c);
        }
    }
    out
}

/// Matches `needle` (collapsed) at `hay[start..]` (squeezed), allowing only
/// what a line wrap does to text: a space in the needle matches a space or a
/// line break; a line break in the text may stand for nothing (a wrap after
/// `/` or a dash); a hyphen of the needle inside a word may be missing
/// (pdftotext joins `self-` at a line end with the next line). Returns the
/// end of the match.
fn match_at(hay: &[char], needle: &[char], start: usize) -> Option<usize> {
    let (mut i, mut j) = (start, 0);
    while j < needle.len() {
        let n = needle[j];
        let h = *hay.get(i)?;
        if n == ' ' {
            if h != ' ' && h != '\n' {
                return None;
            }
            i += 1;
            j += 1;
        } else if h == n {
            i += 1;
            j += 1;
        } else if h == '\n' && j > 0 {
            i += 1;
        } else if n == '-' && j > 0 && needle[j - 1] != ' ' && needle.get(j + 1).is_some_and(|c| *c != ' ') {
            j += 1;
        } else {
            return None;
        }
    }
    Some(i)
}

/// How a text was found in a PDF.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// Exactly, once whitespace is collapsed on both sides.
    Exact,
    /// Only by letting a line wrap stand for nothing or drop a hyphen.
    AcrossWrap,
    Missing,
}

/// The text of a PDF, for looking statements up: pdftotext's plain output
/// with each page's footer (framework title, version, review date and
/// "Page X of Y") removed, so a statement that runs over a page break is
/// one run of text again.
#[derive(Debug)]
pub struct PdfText {
    /// Squeezed text of each page, footer removed.
    pub pages: Vec<String>,
    /// The pages joined by line breaks, as characters.
    chars: Vec<char>,
    /// The pages with all whitespace collapsed to spaces.
    pub flat: String,
}

impl PdfText {
    /// Reads `path`; `footer` is the footer's first two lines (title,
    /// version and review date). Every page must carry the footer and its
    /// "Page X of Y", else this returns an error naming the page.
    pub fn read(path: &Path, footer: &str) -> Result<Self, String> {
        Self::from_text(&pdftotext(path), footer).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn from_text(text: &str, footer: &str) -> Result<Self, String> {
        let mut raw: Vec<&str> = text.split('\u{c}').collect();
        if raw.last().is_some_and(|p| p.trim().is_empty()) {
            raw.pop();
        }
        let n = raw.len();
        let footer: Vec<char> = collapse(footer).chars().collect();
        let mut pages = Vec::with_capacity(n);
        for (i, page) in raw.iter().enumerate() {
            let mut chars: Vec<char> = squeeze(page).chars().collect();
            for part in [footer.clone(), format!("Page {} of {n}", i + 1).chars().collect()] {
                let found = (0..chars.len()).rev().find_map(|s| match_at(&chars, &part, s).map(|e| (s, e)));
                let Some((s, e)) = found else {
                    return Err(format!("page {} of {n} lacks the footer part `{}`:\n{}", i + 1, part.iter().collect::<String>(), squeeze(page)));
                };
                chars.splice(s..e, ['\n']);
            }
            pages.push(squeeze(&chars.into_iter().collect::<String>()));
        }
        let joined = pages.join("\n");
        Ok(Self { flat: collapse(&joined), chars: joined.chars().collect(), pages })
    }

    /// Where `needle` is: exactly, across a line wrap, or not at all.
    pub fn find(&self, needle: &str) -> Found {
        let needle = collapse(needle);
        if self.flat.contains(&needle) {
            return Found::Exact;
        }
        let needle: Vec<char> = needle.chars().collect();
        let Some(&first) = needle.first() else { return Found::Exact };
        let found = (0..self.chars.len()).filter(|&s| self.chars[s] == first).any(|s| match_at(&self.chars, &needle, s).is_some());
        if found { Found::AcrossWrap } else { Found::Missing }
    }

    pub fn contains(&self, needle: &str) -> bool {
        self.find(needle) != Found::Missing
    }

    /// All the text with every whitespace and soft break removed.
    pub fn without_spaces(&self) -> String {
        self.flat.chars().filter(|c| !c.is_whitespace()).collect()
    }
}

/// The footer lines of a plan's packs: "TITLE Version V · Review date R".
pub fn footer_of(plan: &serde_json::Value) -> String {
    let fw = &plan["framework"];
    let mut footer = format!("{} Version {}", fw["title"].as_str().unwrap(), fw["version"].as_str().unwrap());
    if let Some(review) = fw["review"].as_str() {
        footer.push_str(&format!(" · Review date {review}"));
    }
    footer
}

/// Words whose box leaves the text area: `pdftotext -bbox`, checked
/// against the page width minus the smaller side margin (`margin` pt) on
/// each side, with 1 pt for glyph overshoot. Returns "page N: word (xMin–xMax)".
pub fn words_outside_margins(path: &Path, margin: f64) -> Vec<String> {
    let html = tool_stdout("pdftotext", [std::ffi::OsStr::new("-bbox"), path.as_os_str(), "-".as_ref()]);
    let attr = |tag: &str, name: &str| -> f64 {
        let rest = tag.split_once(&format!("{name}=\"")).unwrap_or_else(|| panic!("no {name} in {tag}")).1;
        rest.split_once('"').unwrap().0.parse().unwrap()
    };
    let mut out = Vec::new();
    for (p, page) in html.split("<page ").skip(1).enumerate() {
        let width = attr(page, "width");
        for word in page.split("<word ").skip(1) {
            let (tag, rest) = word.split_once('>').unwrap();
            let text = rest.split_once("</word>").map_or(rest, |(t, _)| t);
            let (x0, x1) = (attr(tag, "xMin"), attr(tag, "xMax"));
            if x0 < margin - 1.0 || x1 > width - margin + 1.0 {
                out.push(format!("page {}: `{text}` ({x0:.1}–{x1:.1} of {width:.1})", p + 1));
            }
        }
    }
    out
}

/// Renders page `page` of `path` as an 8-bit grey image (`pdftoppm -gray`,
/// binary PGM) into `dir` and returns (width, height, pixels).
pub fn render_gray(path: &Path, page: usize, dpi: u32, dir: &Path) -> (usize, usize, Vec<u8>) {
    let prefix = dir.join(format!("page{page}"));
    let p = page.to_string();
    let d = dpi.to_string();
    tool_stdout(
        "pdftoppm",
        [std::ffi::OsStr::new("-gray"), "-r".as_ref(), d.as_ref(), "-f".as_ref(), p.as_ref(), "-l".as_ref(), p.as_ref(), path.as_os_str(), prefix.as_os_str()],
    );
    let stem = format!("page{page}-");
    let file = file_names(dir).into_iter().find(|n| n.starts_with(&stem) && n.ends_with(".pgm")).expect("pdftoppm wrote a .pgm");
    let bytes = std::fs::read(dir.join(file)).unwrap();
    parse_pgm(&bytes)
}

/// A binary PGM (P5, maxval < 256): (width, height, pixels).
pub fn parse_pgm(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes[i] == b'#' {
            while bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P5", "not a binary PGM");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    assert!(fields[3].parse::<u32>().unwrap() < 256, "16-bit PGM");
    let pixels = bytes[i + 1..].to_vec();
    assert_eq!(pixels.len(), w * h, "PGM size");
    (w, h, pixels)
}

/// The stock Typst 0.15 CLI (`typst` on the PATH), or a loud failure
/// saying how to install it: the stock-Typst test must not be skipped.
pub fn require_typst_cli() -> &'static str {
    let install = "install it: cargo install --locked typst-cli@0.15.1 (.ci/run does this)";
    match Command::new("typst").arg("--version").output() {
        Ok(o) if o.status.success() => {
            let version = String::from_utf8_lossy(&o.stdout).to_string();
            assert!(version.starts_with("typst 0.15."), "the stock Typst CLI is {version}; framewright embeds 0.15: {install}");
            "typst"
        }
        _ => panic!("the stock Typst CLI (`typst`) is not on the PATH; {install}"),
    }
}

/// Fails loudly unless Python 3 can import `module` (installed with `pip
/// install PIP`); returns the installed version of its distribution. Tests
/// that need a Python client must not be skipped when it is missing.
pub fn require_python_module(module: &str, pip: &str) -> String {
    let dist = pip.split("==").next().unwrap_or(pip);
    let script = format!("import importlib.metadata, {module}; print(importlib.metadata.version('{dist}'))");
    match Command::new("python3").args(["-c", &script]).output() {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().to_string(),
        Ok(o) => panic!(
            "the Python package `{dist}` is missing: pip install {pip} (.ci/run installs it)\n{}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => panic!("cannot run python3 ({e}): install Python 3, then pip install {pip} (.ci/run installs it)"),
    }
}

/// Runs `python3 SCRIPT ARGS…` (a file, or `-c` code), which must succeed
/// and print JSON.
pub fn python_json<I, S>(args: I) -> serde_json::Value
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = tool_stdout("python3", args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("python printed no JSON ({e}):\n{out}"))
}

// ---------------------------------------------------------------------------
// LibreOffice.

/// Converts `files` with headless LibreOffice in one run (it takes about
/// 2 s to start, so files are batched) into `outdir`, with `filter` ("pdf",
/// or "docx:MS Word 2007 XML"). Each run has its own profile, so runs may
/// overlap. LibreOffice also sees the fonts of `fonts/` (as on the machine
/// of a reader who installed them), so what it prints does not depend on
/// the fonts of the machine running the tests. Fails, naming the file,
/// unless every file was converted.
pub fn soffice_convert(files: &[PathBuf], filter: &str, outdir: &Path) -> Vec<PathBuf> {
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let profile = std::env::temp_dir().join(format!("framewright-lo-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&profile).unwrap();
    let fonts_conf = profile.join("fonts.conf");
    std::fs::write(
        &fonts_conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n\
             <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n<dir>{}</dir>\n<cachedir>{}</cachedir>\n</fontconfig>\n",
            root().join("fonts").display(),
            profile.join("fontconfig").display()
        ),
    )
    .unwrap();
    let mut args: Vec<std::ffi::OsString> = vec![
        "--headless".into(),
        format!("-env:UserInstallation=file://{}", profile.display()).into(),
        "--convert-to".into(),
        filter.into(),
        "--outdir".into(),
        outdir.as_os_str().into(),
    ];
    args.extend(files.iter().map(|f| f.as_os_str().to_os_string()));
    let out = Command::new("soffice").args(&args).env("FONTCONFIG_FILE", &fonts_conf).output().unwrap_or_else(|e| {
        panic!("cannot run `soffice` ({e}): install LibreOffice (apt-get install --no-install-recommends libreoffice-writer-nogui; .ci/run does this)")
    });
    let _ = std::fs::remove_dir_all(&profile);
    let extension = filter.split(':').next().unwrap_or(filter);
    files
        .iter()
        .map(|f| {
            let converted = outdir.join(f.file_stem().unwrap()).with_extension(extension);
            assert!(
                out.status.success() && converted.is_file(),
                "LibreOffice did not convert {} to {filter} ({}):\n{}{}",
                f.display(),
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            converted
        })
        .collect()
}
