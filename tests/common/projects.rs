//! Projects and builds: temporary projects, built files, the summary.

use std::path::{Path, PathBuf};

use super::*;

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

/// A temporary project with the hostile fixture (every string that could
/// be taken for markup, right-to-left text, emoji) as
/// `sources/hostile.toml`, building .docx.
pub fn hostile_docx_project(test: &str) -> TempDir {
    let text = std::fs::read_to_string(root().join("tests/fixtures/hostile/sources/hostile.toml")).unwrap();
    temp_project(test, &[("hostile.toml", &replace_once(&text, "formats = [\"pdf\"]", "formats = [\"docx\"]"))])
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
            let (_, files) = row
                .split_once(" statements ")
                .or_else(|| row.split_once(" statement "))
                .unwrap_or_else(|| panic!("no statement count in `{row}`"));
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
    let header = lines.iter().rposition(|l| {
        l.split_whitespace().collect::<Vec<_>>() == ["built", "up", "to", "date", "failed", "pages", "form", "fields", "size", "time"]
    });
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
