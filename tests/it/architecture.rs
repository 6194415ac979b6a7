//! The module graph runs one way: no top-level module of `src/` imports a
//! module that imports it back (directly or round a ring), and neither do
//! the modules inside any module (`plan::pack` and `plan::document`, the
//! files of the Word renderer), which share helpers downward only; the
//! workspace's crates (`crates/`) depend on nothing of framewright's.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::root;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The code of a file without comments and tests: what it really uses.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let before_tests = text.split("#[cfg(test)]").next().unwrap_or_default();
    before_tests.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The module paths `text` names, resolved from inside module `here`
/// (`["plan", "pack"]`): `crate::a::b`, `super::b`, `self::b`, with
/// `{…}` groups opened (`super::{document, Audience}` names both).
fn paths(text: &str, here: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let ident = |at: usize| text[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').count();
    let mut at = 0;
    while at < text.len() {
        let len = ident(at);
        // A path starts at a whole word: `crate`, `super` or `self`.
        let starts = len > 0 && (at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_' || bytes[at - 1] == b':'));
        let word = &text[at..at + len];
        if starts && ["crate", "super", "self"].contains(&word) && text[at + len..].starts_with("::") {
            let base: Vec<String> = match word {
                "crate" => Vec::new(),
                "super" => here[..here.len().saturating_sub(1)].to_vec(),
                _ => here.to_vec(),
            };
            at = tail(text, at + len + 2, base, &mut out);
        } else {
            at += len.max(1);
            while !text.is_char_boundary(at) {
                at += 1;
            }
        }
    }
    out
}

/// Reads the rest of a path from `at` (just after a `::`) onto `base`,
/// pushing every path it names; where it ends.
fn tail(text: &str, mut at: usize, mut base: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    loop {
        let rest = &text[at..];
        if let Some(group) = rest.strip_prefix('{') {
            // Each item of the group, split at the commas of this level.
            let (mut depth, mut item_start) = (0, at + 1);
            for (i, c) in group.char_indices() {
                let here = at + 1 + i;
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        item(text, item_start, here, &base, out);
                        return here + 1;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        item(text, item_start, here, &base, out);
                        item_start = here + 1;
                    }
                    _ => {}
                }
            }
            return text.len();
        }
        let len = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').count();
        if len == 0 {
            out.push(base);
            return at;
        }
        let name = &rest[..len];
        if name == "super" {
            base.pop();
        } else {
            base.push(name.to_string());
        }
        at += len;
        if !text[at..].starts_with("::") {
            out.push(base);
            return at;
        }
        at += 2;
    }
}

/// One item of a `{…}` group (`document`, `pack::{A, B}`, `self`).
fn item(text: &str, from: usize, to: usize, base: &[String], out: &mut Vec<Vec<String>>) {
    let trimmed = text[from..to].trim_start();
    let from = to - trimmed.len();
    if trimmed.starts_with("self") && !trimmed[4..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
        out.push(base.to_vec());
    } else if !trimmed.trim().is_empty() {
        tail(&text[..to], from, base.to_vec(), out);
    }
}

/// The module path of a file of `src/` (`plan/pack.rs` → `plan::pack`,
/// `harvest/read/mod.rs` → `harvest::read`).
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_str().unwrap().to_string()).collect();
    let file = parts.pop().unwrap();
    let stem = file.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" && stem != "main" {
        parts.push(stem.to_string());
    }
    parts
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

/// Every file of `src/` (but `lib.rs` and `main.rs`, which only declare)
/// with its module path and the module paths it uses.
fn uses() -> Vec<(Vec<String>, Vec<Vec<String>>)> {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .iter()
        .filter(|f| f.parent() != Some(src.as_path()) || !["lib.rs", "main.rs"].contains(&f.file_name().unwrap().to_str().unwrap()))
        .map(|file| {
            let here = module_path(file.strip_prefix(&src).unwrap());
            let used = paths(&code(file), &here);
            (here, used)
        })
        .collect()
}

/// The modules inside module `parent` (`[]` for the crate, `["plan"]`) and
/// which of their siblings each imports, counting the files of a module's
/// own folder with it; the parent's own file (`mod.rs`) declares them and
/// is left out.
fn graph_in(parent: &[String], uses: &[(Vec<String>, Vec<Vec<String>>)]) -> Graph {
    let mut graph = Graph::new();
    for (here, used) in uses {
        if here.len() <= parent.len() || !here.starts_with(parent) {
            continue;
        }
        let child = &here[parent.len()];
        let siblings = used.iter().filter(|p| p.len() > parent.len() && p.starts_with(parent)).map(|p| p[parent.len()].clone());
        graph.entry(child.clone()).or_default().extend(siblings.filter(|s| s != child));
    }
    // Only modules are nodes: `super::Audience` names an item, not a sibling.
    let nodes: BTreeSet<String> = graph.keys().cloned().collect();
    graph.values_mut().for_each(|used| used.retain(|m| nodes.contains(m)));
    graph
}

/// Every module that has modules inside it: the crate and each folder.
fn parents(uses: &[(Vec<String>, Vec<Vec<String>>)]) -> BTreeSet<Vec<String>> {
    uses.iter().flat_map(|(here, _)| (0..here.len()).map(|n| here[..n].to_vec())).collect()
}

#[test]
fn the_modules_of_src_import_one_way() {
    let uses = uses();
    let graph = graph_in(&[], &uses);
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

/// Inside every folder of `src/` too, modules share helpers downward only.
#[test]
fn the_modules_inside_every_module_import_one_way() {
    let uses = uses();
    let parents = parents(&uses);
    let in_module = |path: &str| graph_in(&path.split("::").map(String::from).collect::<Vec<_>>(), &uses);
    // The graphs were read: `super::…`, `super::super::…`, `crate::…` and
    // `{…}` groups all count.
    assert!(parents.len() > 10, "{parents:?}");
    assert!(in_module("plan")["assemble"].is_superset(&["document", "pack", "field"].map(String::from).into()), "{:?}", in_module("plan"));
    assert!(in_module("render::docx")["assessment"].contains("doc"), "{:?}", in_module("render::docx"));
    assert!(in_module("harvest")["read"].contains("limits"), "{:?}", in_module("harvest"));
    let rings: Vec<String> = parents
        .iter()
        .filter(|p| !p.is_empty())
        .filter_map(|parent| cycle(&graph_in(parent, &uses)).map(|ring| format!("inside {}: {}", parent.join("::"), ring.join(" → "))))
        .collect();
    assert!(rings.is_empty(), "{rings:#?}");
}

#[test]
fn paths_are_read_as_rust_resolves_them() {
    let here = ["plan", "pack"].map(String::from);
    let found = paths("use super::{document, field::{A, B}, Audience};\nuse crate::model::Id; x.self_check(); super::super::cli", &here);
    let names: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    assert_eq!(names, ["plan::document", "plan::field::A", "plan::field::B", "plan::Audience", "model::Id", "cli"]);
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

/// The tests: the modules of the test binary, their shared helpers and the clients they
/// drive (with the clients' npm manifest).
fn test_paths() -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    paths_under(&root().join("tests/it"), false, &|p| has_extension(p, &["rs"]), &mut paths);
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
    assert_named(test_paths(), &["tests/it/architecture.rs", "tests/clients/pdf_forms.py"], "tests; add each with what it checks");
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
