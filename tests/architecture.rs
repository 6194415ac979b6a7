//! The module graph runs one way: no top-level module of `src/` imports a
//! module that imports it back (directly or round a ring), and neither do
//! the files of the Word renderer, which share helpers downward only; the
//! workspace's crates (`crates/`) depend on nothing of framewright's.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::root;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The code of a file without comments and tests: what it really uses.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let before_tests = text.split("#[cfg(test)]").next().unwrap_or_default();
    before_tests.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The names that follow `prefix` in `text` (`crate::plan::…` → `plan`).
fn targets(text: &str, prefix: &str) -> BTreeSet<String> {
    text.match_indices(prefix)
        .map(|(i, _)| text[i + prefix.len()..].chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect::<String>())
        .filter(|name| !name.is_empty())
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A cycle of `graph`, if it has one.
fn cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(node: &str, graph: &Graph, path: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            return Some(path[at..].iter().cloned().chain([node.to_string()]).collect());
        }
        if !done.insert(node.to_string()) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

/// Top-level modules of `src/` and what each imports of the others.
fn module_graph() -> Graph {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph = Graph::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        let module = relative.components().next().unwrap().as_os_str().to_str().unwrap().trim_end_matches(".rs").to_string();
        if module == "lib" || module == "main" {
            continue;
        }
        let used: Vec<String> = targets(&code(&file), "crate::").into_iter().filter(|t| *t != module).collect();
        graph.entry(module).or_default().extend(used);
    }
    graph
}

/// The modules of `src/render/docx` and which siblings each imports (a
/// module with a folder of its own counts with the files in it, whose
/// `super::` is the module itself).
fn docx_graph() -> Graph {
    let dir = root().join("src/render/docx");
    let mut graph = Graph::new();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let path = entry.path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        let used: BTreeSet<String> = if path.is_dir() {
            let mut files = Vec::new();
            rust_files(&path, &mut files);
            files.iter().flat_map(|f| targets(&code(f), "super::super::")).collect()
        } else {
            targets(&code(&path), "super::")
        };
        graph.entry(name.clone()).or_default().extend(used.into_iter().filter(|m| *m != name && m != "super"));
    }
    graph
}

#[test]
fn the_modules_of_src_import_one_way() {
    let graph = module_graph();
    assert!(graph.contains_key("plan") && graph["plan"].contains("model"), "the graph was read: {graph:?}");
    assert_eq!(cycle(&graph), None, "{graph:?}");
    // The inputs know nothing of what is made from them.
    for (module, later) in
        [("model", ["source", "plan", "render", "build", "cli"].as_slice()), ("source", &["plan", "render", "build", "cli"])]
    {
        let used: Vec<&String> = graph.get(module).into_iter().flatten().filter(|m| later.contains(&m.as_str())).collect();
        assert!(used.is_empty(), "{module} imports {used:?}");
    }
}

#[test]
fn the_word_renderer_shares_helpers_downward() {
    let graph = docx_graph();
    assert!(graph["assessment"].contains("doc"), "the graph was read: {graph:?}");
    assert_eq!(cycle(&graph), None, "{graph:?}");
}

/// The crates of the workspace (`crates/`) stand alone: none depends on
/// framewright or on Typst, so each builds beside them, and each says what
/// it does and why it is separate.
#[test]
fn the_workspace_crates_stand_alone() {
    let mut crates = Vec::new();
    for entry in std::fs::read_dir(root().join("crates")).unwrap().flatten() {
        let manifest: toml::Table = std::fs::read_to_string(entry.path().join("Cargo.toml")).unwrap().parse().unwrap();
        let name = manifest["package"]["name"].as_str().unwrap().to_string();
        let dependencies = manifest.get("dependencies").and_then(|d| d.as_table()).cloned().unwrap_or_default();
        let inward: Vec<&String> = dependencies.keys().filter(|d| *d == "framewright" || d.starts_with("typst")).collect();
        assert!(inward.is_empty(), "{name} depends on {inward:?}");
        let lib = std::fs::read_to_string(entry.path().join("src/lib.rs")).unwrap();
        assert!(lib.starts_with("//!") && lib.contains("one job"), "{name}: src/lib.rs opens with what its one job is");
        crates.push(name);
    }
    assert!(crates.iter().any(|c| c == "framewright-pdf-form") && crates.iter().any(|c| c == "framewright-ooxml"), "read: {crates:?}");
}

#[test]
fn the_cycle_finder_finds_rings() {
    let ring: Graph = [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")].iter().fold(Graph::new(), |mut g, (from, to)| {
        g.entry(from.to_string()).or_default().insert(to.to_string());
        g
    });
    assert_eq!(cycle(&ring), Some(["a", "b", "c", "a"].map(String::from).to_vec()));
    let mut line = ring.clone();
    line.get_mut("c").unwrap().clear();
    assert_eq!(cycle(&line), None);
}

// ---------------------------------------------------------------------------
// docs/architecture.md names every module of the crate (and of any
// workspace crate under crates/), every test and every test client, and
// names nothing that does not exist. Paths are written from the repository
// root in backticks: a file `src/harvest/read/pdf.rs`, a module folder
// `src/harvest/read/` (with the slash).
// ---------------------------------------------------------------------------

const ARCHITECTURE_DOC: &str = "docs/architecture.md";

/// The files in `dir` that `keep` accepts and, when `folders`, every
/// folder below it with the files inside, as paths from the repository
/// root with `/` (a folder ends in `/`).
fn paths_under(dir: &Path, folders: bool, keep: &dyn Fn(&Path) -> bool, out: &mut BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for path in entries.flatten().map(|e| e.path()) {
        let relative = path.strip_prefix(root()).unwrap().to_str().unwrap().replace('\\', "/");
        if path.is_dir() {
            if folders {
                out.insert(format!("{relative}/"));
                paths_under(&path, folders, keep, out);
            }
        } else if keep(&path) {
            out.insert(relative);
        }
    }
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| extensions.contains(&e))
}

/// The modules: every `.rs` file and folder under `src/` and under each
/// `crates/NAME/src/`.
fn module_paths() -> BTreeSet<String> {
    let mut crate_sources = vec![root().join("src")];
    if let Ok(crates) = std::fs::read_dir(root().join("crates")) {
        crate_sources.extend(crates.flatten().map(|c| c.path().join("src")));
    }
    let mut paths = BTreeSet::new();
    for src in crate_sources {
        paths_under(&src, true, &|p| has_extension(p, &["rs"]), &mut paths);
    }
    paths
}

/// The tests: the test binaries, their shared helpers and the clients they
/// drive (with the clients' npm manifest).
fn test_paths() -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    paths_under(&root().join("tests"), false, &|p| has_extension(p, &["rs"]), &mut paths);
    paths_under(&root().join("tests/common"), false, &|p| has_extension(p, &["rs"]), &mut paths);
    paths_under(&root().join("tests/clients"), false, &|p| has_extension(p, &["py", "mjs", "json"]), &mut paths);
    paths
}

/// The inline code spans of a Markdown text, fenced blocks left out.
fn code_spans(markdown: &str) -> Vec<&str> {
    let mut in_fence = false;
    let mut spans = Vec::new();
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence {
            spans.extend(line.split('`').skip(1).step_by(2));
        }
    }
    spans
}

/// The paths of this repository's code that the architecture page names.
fn named_paths() -> BTreeSet<String> {
    let doc = std::fs::read_to_string(root().join(ARCHITECTURE_DOC)).unwrap();
    code_spans(&doc)
        .into_iter()
        .filter(|s| ["src/", "crates/", "tests/"].iter().any(|top| s.starts_with(top)))
        .filter(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || "_.-/".contains(c)))
        .map(str::to_string)
        .collect()
}

/// Fails unless the architecture page names every path of `expected`,
/// which must hold `known` (so a walk that found nothing cannot pass).
fn assert_named(expected: BTreeSet<String>, known: &[&str], what: &str) {
    assert!(known.iter().all(|k| expected.contains(*k)), "the walk found {known:?}: {expected:?}");
    let named = named_paths();
    let missing: Vec<&String> = expected.difference(&named).collect();
    assert!(missing.is_empty(), "{ARCHITECTURE_DOC} does not name these {what}: {missing:#?}");
}

#[test]
fn the_architecture_doc_names_every_module() {
    assert_named(module_paths(), &["src/plan/field.rs", "src/harvest/read/"], "modules; add each with one line on its job");
}

#[test]
fn the_architecture_doc_names_every_test_and_client() {
    assert_named(test_paths(), &["tests/architecture.rs", "tests/clients/pdf_forms.py"], "tests; add each with what it checks");
}

#[test]
fn the_architecture_doc_names_only_what_exists() {
    let named = named_paths();
    assert!(named.contains("src/main.rs"), "{ARCHITECTURE_DOC} was read: {named:?}");
    let gone: Vec<&String> =
        named.iter().filter(|p| if p.ends_with('/') { !root().join(p).is_dir() } else { !root().join(p).is_file() }).collect();
    assert!(gone.is_empty(), "{ARCHITECTURE_DOC} names what does not exist; remove or correct: {gone:#?}");
}

#[test]
fn the_code_spans_of_markdown_are_found() {
    let text = "a `src/a.rs` b `x`\n```text\n`src/in_fence.rs`\n```\n`tests/b.rs`";
    assert_eq!(code_spans(text), ["src/a.rs", "x", "tests/b.rs"]);
}

#[test]
fn the_readme_links_every_doc() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut docs = BTreeSet::new();
    paths_under(&root().join("docs"), false, &|p| has_extension(p, &["md"]), &mut docs);
    assert!(docs.contains(ARCHITECTURE_DOC), "docs/ was read: {docs:?}");
    let unlinked: Vec<&String> = docs.iter().filter(|d| !readme.contains(&format!("]({d})"))).collect();
    assert!(unlinked.is_empty(), "README.md does not link these pages: {unlinked:#?}");
}
