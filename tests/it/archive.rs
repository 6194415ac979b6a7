//! Earlier editions stay published (issue 26), from the CLI: the London
//! sample is built at 1.0, revised to 2.0 (version and one statement) and
//! built again. The 1.0 files are then in `output/archive/…/1.0/` byte for
//! byte, the 2.0 files in their place, the manifest true of both and the
//! download page links both (every link resolving), in Chromium (axe-core)
//! and the Nu HTML Checker. Building 2.0 again moves nothing; going back to
//! 1.0 loses neither edition; a different file already archived under the
//! same version stops the build before anything moves; file names carrying
//! the version work the same; builds killed while moving lose no file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::build::{assert_manifest_true, manifest};
use crate::common::*;
use crate::html::{assert_clean, assert_heading_outline, assert_valid_html, browser};
use serde_json::json;

const SOURCE: &str = "sources/london-safeguarding.toml";
const ARCHIVE_1: &str = "archive/london-safeguarding/1.0";
const ARCHIVE_2: &str = "archive/london-safeguarding/2.0";
const V1_STATEMENT: &str = "Documentation and sharing of information regarding concerns.";
const V2_STATEMENT: &str = "Recording, and sharing with the right people, information about concerns.";

/// A project with the London sample, its output folder, and the sample
/// as 1.0 and as 2.0 (one statement reworded).
struct Project {
    dir: TempDir,
    out: PathBuf,
    v1: String,
    v2: String,
}

/// The project of `test`, the sample's file names made by `file_name`.
fn project(test: &str, file_name: &str) -> Project {
    let v1 = std::fs::read_to_string(root().join(SOURCE)).unwrap();
    let v1 = replace_once(&v1, "file_name = \"{{ framework }}-{{ pack }}\"", &format!("file_name = \"{file_name}\""));
    let v2 = replace_once(&replace_once(&v1, "version = \"1.0\"", "version = \"2.0\""), V1_STATEMENT, V2_STATEMENT);
    let dir = temp_project(test, &[("london-safeguarding.toml", &v1)]);
    let out = dir.path.join("output");
    Project { dir, out, v1, v2 }
}

/// Builds the HTML and Word packs of the source as it is now in `dir`.
fn build(dir: &Path, source: &str) -> Run {
    std::fs::write(dir.join(SOURCE), source).unwrap();
    run_in(dir, ["build", SOURCE, "--format", "html", "--format", "docx"])
}

/// The pack files directly in `dir` (not the page), by name, with their bytes.
fn packs_in(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    file_names(dir)
        .into_iter()
        .filter(|n| (n.ends_with(".html") || n.ends_with(".docx")) && n != "index.html")
        .map(|n| (n.clone(), std::fs::read(dir.join(&n)).unwrap()))
        .collect()
}

/// The links of the download page, each checked to lead to a file.
fn page_links(out: &Path) -> BTreeSet<String> {
    let page = page_text(out);
    let main = &page[page.find("<main").unwrap()..];
    let links: BTreeSet<String> = main.split("href=\"").skip(1).map(|rest| rest[..rest.find('"').unwrap()].to_string()).collect();
    for link in &links {
        assert!(out.join(link).is_file(), "the download page links {link}, which is not a file");
    }
    links
}

/// The download page, with the `/` its escaping writes as `&#x2f;`.
fn page_text(out: &Path) -> String {
    std::fs::read_to_string(out.join("index.html")).unwrap().replace("&#x2f;", "/")
}

/// The names of `files` under `folder/`.
fn under(folder: &str, files: &BTreeMap<String, Vec<u8>>) -> BTreeSet<String> {
    files.keys().map(|n| format!("{folder}/{n}")).collect()
}

/// The manifest's paths with their framework version.
fn versions(out: &Path) -> BTreeMap<String, String> {
    manifest(out).into_iter().map(|(path, e)| (path, e["framework_version"].as_str().unwrap().to_string())).collect()
}

#[test]
fn a_new_edition_archives_the_last_and_the_page_links_both() {
    let Project { dir, out, v1, v2 } = project("archive-editions", "{{ framework }}-{{ pack }}");
    build(&dir.path, &v1).assert_code(0);
    let first = packs_in(&out);
    assert!(first.len() >= 10, "{:?}", first.keys());
    assert!(!out.join("archive").exists(), "a first build archived something");

    // 2.0: 1.0 moves to the archive as it was; 2.0 takes its names.
    let r = build(&dir.path, &v2);
    r.assert_code(0);
    assert!(
        r.stderr.contains(&format!("note: archived london-safeguarding version 1.0 ({} files) in output/{ARCHIVE_1}", first.len())),
        "{}",
        r.stderr
    );
    assert_eq!(packs_in(&out.join(ARCHIVE_1)), first, "the archive holds 1.0 byte for byte");
    let second = packs_in(&out);
    assert_eq!(second.keys().collect::<Vec<_>>(), first.keys().collect::<Vec<_>>());
    let level2 = "london-safeguarding-level-2.html";
    let text = String::from_utf8(second[level2].clone()).unwrap();
    assert!(text.contains("Recording, and sharing with the right people") && !text.contains(V1_STATEMENT), "{level2} is not 2.0");
    assert!(String::from_utf8_lossy(&first[level2]).contains(V1_STATEMENT));
    assert_manifest_true(&out);
    let recorded = versions(&out);
    let want: BTreeMap<String, String> = second
        .keys()
        .map(|n| (n.clone(), "2.0".to_string()))
        .chain(under(ARCHIVE_1, &first).into_iter().map(|p| (p, "1.0".into())))
        .collect();
    assert_eq!(recorded, want, "the manifest lists both editions with their versions");
    let links = page_links(&out);
    assert_eq!(links, recorded.keys().cloned().collect(), "the page links every file of both editions");
    let page = page_text(&out);
    let earlier = page.find("<h3>Earlier editions</h3>").expect("an earlier editions heading");
    assert!(page[earlier..].contains("Version 1.0, published") && !page[earlier..].contains("Version 2.0"), "{}", &page[earlier..]);
    assert!(page[earlier..].contains(&format!("href=\"{ARCHIVE_1}/{level2}\"")));

    // 2.0 again: nothing moves, nothing is written.
    let index = std::fs::read(out.join("index.html")).unwrap();
    let manifest_json = std::fs::read(out.join("manifest.json")).unwrap();
    let r = build(&dir.path, &v2);
    r.assert_code(0);
    assert!(!r.stderr.contains("note:") && !r.stderr.contains("built output/"), "{}", r.stderr);
    assert_eq!(packs_in(&out.join(ARCHIVE_1)), first);
    assert_eq!(packs_in(&out), second);
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), index);
    assert_eq!(std::fs::read(out.join("manifest.json")).unwrap(), manifest_json);

    // The same inputs from scratch: the same page and manifest, byte for byte.
    std::fs::remove_dir_all(&out).unwrap();
    build(&dir.path, &v1).assert_code(0);
    build(&dir.path, &v2).assert_code(0);
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), index, "the page differs from scratch");
    assert_eq!(std::fs::read(out.join("manifest.json")).unwrap(), manifest_json, "the manifest differs from scratch");

    // Back to 1.0: 2.0 is archived, the archived 1.0 left alone (said).
    let r = build(&dir.path, &v1);
    r.assert_code(0);
    assert!(r.stderr.contains(&format!("note: archived london-safeguarding version 2.0 ({} files) in output/{ARCHIVE_2}", second.len())));
    assert!(r.stderr.contains(&format!("note: output/{ARCHIVE_1} holds an earlier build of this version")), "{}", r.stderr);
    assert_eq!(packs_in(&out.join(ARCHIVE_2)), second);
    assert_eq!(packs_in(&out.join(ARCHIVE_1)), first);
    assert_eq!(packs_in(&out), first, "1.0 again, as built the first time");
    assert_manifest_true(&out);
    let links = page_links(&out);
    let want: BTreeSet<String> = first.keys().cloned().chain(under(ARCHIVE_2, &second)).collect();
    assert_eq!(links, want, "the page links the current 1.0 and the archived 2.0 (not the archived copy of 1.0)");

    // Forward again: the same 1.0 files are already archived; nothing is lost.
    let r = build(&dir.path, &v2);
    r.assert_code(0);
    assert!(r.stderr.contains(&format!("note: output/{ARCHIVE_2} holds an earlier build")), "{}", r.stderr);
    assert_eq!(packs_in(&out.join(ARCHIVE_1)), first);
    assert_eq!(packs_in(&out.join(ARCHIVE_2)), second);
    assert_eq!(packs_in(&out), second);
    assert_eq!(page_links(&out), recorded.keys().cloned().collect::<BTreeSet<_>>());

    // Another 1.0 (same version, other words) cannot be archived over the
    // first: the build of 2.0 stops before anything moves.
    let other = replace_once(&v1, V1_STATEMENT, "Documentation of concerns, shared.");
    build(&dir.path, &other).assert_code(0);
    let other_files = packs_in(&out);
    let r = build(&dir.path, &v2);
    assert_ne!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("holds another file of london-safeguarding version 1.0; nothing was moved or built"), "{}", r.stderr);
    assert_eq!(packs_in(&out), other_files, "the files of the other 1.0 moved");
    assert_eq!(packs_in(&out.join(ARCHIVE_1)), first, "the archived 1.0 changed");
    assert_eq!(packs_in(&out.join(ARCHIVE_2)), second, "the archived 2.0 changed");
    assert_manifest_true(&out);
    assert_no_tmp(&out);
}

/// With the version in the file names, each edition has names of its own:
/// the top of the folder holds only the current one's.
#[test]
fn file_names_can_carry_the_version() {
    let Project { dir, out, v1, v2 } = project("archive-named", "{{ framework }}-{{ version }}-{{ pack }}");
    build(&dir.path, &v1).assert_code(0);
    let first = packs_in(&out);
    assert!(first.contains_key("london-safeguarding-1.0-level-2.html") && first.keys().all(|n| n.contains("-1.0-")), "{:?}", first.keys());

    build(&dir.path, &v2).assert_code(0);
    let second = packs_in(&out);
    assert!(
        second.contains_key("london-safeguarding-2.0-level-2.html") && second.keys().all(|n| n.contains("-2.0-")),
        "{:?}",
        second.keys()
    );
    assert_eq!(packs_in(&out.join(ARCHIVE_1)), first, "the archive holds 1.0 byte for byte, under its names");
    assert_manifest_true(&out);
    let want: BTreeSet<String> = second.keys().cloned().chain(under(ARCHIVE_1, &first)).collect();
    assert_eq!(page_links(&out), want);

    let r = build(&dir.path, &v2);
    r.assert_code(0);
    assert!(!r.stderr.contains("note:"), "{}", r.stderr);
    assert_eq!(packs_in(&out), second);
    assert_eq!(packs_in(&out.join(ARCHIVE_1)), first);
}

/// The page with three editions passes the download page's checks: no
/// axe-core violation (light and dark), a heading outline, no request, no
/// sideways scroll at 320 px, valid HTML; its links are the files.
#[test]
fn a_page_with_earlier_editions_passes_in_a_browser_and_the_checker() {
    let Project { dir, out, v1, v2 } = project("archive-page", "{{ framework }}-{{ pack }}");
    let v3 = replace_once(&v2, "version = \"2.0\"", "version = \"2.1\"");
    for source in [&v1, &v2, &v3] {
        build(&dir.path, source).assert_code(0);
    }
    let index = out.join("index.html");
    let page = std::fs::read_to_string(&index).unwrap();
    let (newer, older) = (page.find("Version 2.0, published").unwrap(), page.find("Version 1.0, published").unwrap());
    assert!(page.find("Version 2.1, published").unwrap() < newer && newer < older, "editions newest first");

    let r = &browser(&[json!({ "path": index, "kind": "index", "values": [] })])[&index];
    assert_clean(r, "index.html with earlier editions");
    assert_heading_outline(r["headings"].as_array().unwrap(), "index.html with earlier editions");
    let links: BTreeSet<String> = r["links"].as_array().unwrap().iter().map(|l| l.as_str().unwrap().to_string()).collect();
    assert_eq!(links, manifest(&out).into_keys().collect::<BTreeSet<_>>(), "the browser's links are the folder's files");
    assert_eq!(links, page_links(&out));
    assert_valid_html(&[index]);
}

/// Builds of 2.0 killed at moments spread over the build, each over the
/// same 1.0 folder: every 1.0 file is, byte for byte, in its place or in
/// the archive, and the manifest describes only files on disk; the next
/// build finishes the move and the folder is as if never interrupted.
#[test]
fn a_killed_build_loses_no_earlier_file() {
    let Project { dir, out, v1, v2 } = project("archive-kill", "{{ framework }}-{{ pack }}");
    let pristine = dir.path.join("pristine");
    build(&dir.path, &v1).assert_code(0);
    let first = packs_in(&out);
    copy_dir(&out, &pristine);
    build(&dir.path, &v2).assert_code(0);
    let finished_page = std::fs::read(out.join("index.html")).unwrap();
    let second = packs_in(&out);

    let mut seen = BTreeSet::new();
    for attempt in 0..12 {
        // Dense where the move happens, early in the build.
        let delay = Duration::from_millis(attempt * attempt * 10);
        std::fs::remove_dir_all(&out).unwrap();
        copy_dir(&pristine, &out);
        let mut child = Command::new(env!("CARGO_BIN_EXE_framewright"))
            .current_dir(&dir.path)
            .args(["build", SOURCE, "--format", "html", "--format", "docx"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let archived = packs_in(&out.join(ARCHIVE_1));
        for (name, bytes) in &first {
            let in_place = std::fs::read(out.join(name)).is_ok_and(|b| b == *bytes);
            let kept = archived.get(name) == Some(bytes);
            assert!(in_place || kept, "attempt {attempt} ({delay:?}): 1.0's {name} is neither in place nor archived");
            seen.insert(match (in_place, kept) {
                (true, false) => "in place",
                (true, true) => "both",
                _ => "archived",
            });
        }
        for (name, bytes) in &archived {
            assert_eq!(Some(bytes), first.get(name), "attempt {attempt}: {name} in the archive is not 1.0's");
        }
        assert_manifest_true(&out);

        let r = build(&dir.path, &v2);
        r.assert_code(0);
        assert_eq!(packs_in(&out.join(ARCHIVE_1)), first, "attempt {attempt}: the archive after the next build");
        assert_eq!(packs_in(&out), second, "attempt {attempt}: 2.0 after the next build");
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), finished_page, "attempt {attempt}: the page after the next build");
        assert_manifest_true(&out);
        assert_no_tmp(&out);
    }
    assert!(seen.contains("in place") && seen.contains("archived"), "kills landed before and after the move: {seen:?}");
}
