//! `framewright build` as a daily tool: incremental rebuilds and the
//! manifest, quiet and verbose output, the lock against a second build,
//! builds killed at random moments, and file names that stay inside the
//! output folder.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::*;
use serde_json::Value;

/// `build ARGS… --message-format json` in `dir`: the status of every file
/// by file name.
fn statuses(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut all = vec!["build"];
    all.extend(args);
    all.extend(["--message-format", "json"]);
    let r = run_env(dir, &all, env);
    r.assert_code(0);
    r.stdout
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            let name = Path::new(v["path"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned();
            (name, v["status"].as_str().unwrap().to_string())
        })
        .collect()
}

fn count(statuses: &BTreeMap<String, String>, status: &str) -> usize {
    statuses.values().filter(|s| *s == status).count()
}

/// The manifest of `out`, by file name.
pub(crate) fn manifest(out: &Path) -> BTreeMap<String, Value> {
    let v: Value = serde_json::from_slice(&std::fs::read(out.join("manifest.json")).expect("manifest.json exists")).unwrap();
    v["files"].as_array().unwrap().iter().map(|e| (e["path"].as_str().unwrap().to_string(), e.clone())).collect()
}

/// Every manifest entry describes its file exactly (size and SHA-256).
pub(crate) fn assert_manifest_true(out: &Path) {
    for (name, entry) in manifest(out) {
        let bytes = std::fs::read(out.join(&name)).unwrap_or_else(|e| panic!("the manifest lists {name}, which is missing: {e}"));
        assert_eq!(entry["bytes"].as_u64(), Some(bytes.len() as u64), "{name}: size");
        assert_eq!(entry["sha256"].as_str().unwrap(), sha256_hex(&bytes), "{name}: SHA-256");
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    let out = tool_with_input("sha256sum", &["-"], bytes);
    out.split_whitespace().next().unwrap().to_string()
}

/// Runs `program ARGS` with `input` on stdin and returns its stdout.
fn tool_with_input(program: &str, args: &[&str], input: &[u8]) -> String {
    use std::io::Write;
    let mut child = Command::new(program).args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("coreutils");
    child.stdin.take().unwrap().write_all(input).unwrap();
    String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
}

#[test]
fn a_rebuild_skips_what_did_not_change_and_redoes_what_did() {
    let source = std::fs::read_to_string(root().join("sources/london-safeguarding.toml")).unwrap();
    let dir = temp_project("build-incremental", &[("london.toml", &source)]);
    let args = ["sources/london.toml", "--format", "pdf", "--out", "out"];
    let out = dir.path.join("out");

    let first = statuses(&dir.path, &args, &[]);
    assert_eq!(first.len(), 7);
    assert_eq!(count(&first, "built"), 7);
    let m = manifest(&out);
    assert_eq!(m.len(), 7);
    let level2 = &m["london-safeguarding-level-2.pdf"];
    assert_eq!(level2["pack"], "level-2");
    assert_eq!(level2["format"], "pdf");
    assert_eq!(level2["framework"], "london-safeguarding");
    assert_eq!(level2["framework_version"], "1.0");
    assert_eq!(level2["pages"], 7);
    assert_eq!(level2["fields"], 57);
    assert_eq!(level2["inputs"].as_str().unwrap().len(), 64);
    assert_manifest_true(&out);
    let before = std::fs::read(out.join("london-safeguarding-level-2.pdf")).unwrap();

    // Nothing changed: nothing is rebuilt, and the summary says so (56
    // pages: level 1 is short, so its first parts share a page, and a part
    // follows on where the one before ended high on its last page).
    assert_eq!(count(&statuses(&dir.path, &args, &[]), "up-to-date"), 7);
    let r = run_in(&dir.path, ["build", "sources/london.toml", "--format", "pdf", "--out", "out"]);
    r.assert_code(0);
    assert_eq!(summary(&r.stderr), Summary { built: 0, fresh: 7, failed: 0, pages: 56, fields: 312 });

    // A statement that only level 2 and later hold: those packs and the
    // full edition are rebuilt, the others are not.
    let edited = replace_once(
        &source,
        "Documentation and sharing of information regarding concerns.",
        "Recording and sharing information about concerns.",
    );
    dir.write("sources/london.toml", &edited);
    let after_edit = statuses(&dir.path, &args, &[]);
    let rebuilt: Vec<&str> = after_edit.iter().filter(|(_, s)| *s == "built").map(|(n, _)| n.as_str()).collect();
    assert!(rebuilt.contains(&"london-safeguarding-level-2.pdf") && rebuilt.contains(&"london-safeguarding-full.pdf"), "{after_edit:?}");
    assert!(after_edit["london-safeguarding-level-1.pdf"] == "up-to-date", "{after_edit:?}");
    assert_ne!(std::fs::read(out.join("london-safeguarding-level-2.pdf")).unwrap(), before);
    assert_manifest_true(&out);

    // A file changed or removed on disk is rebuilt; the rest stay.
    let mut tampered = std::fs::read(out.join("london-safeguarding-level-3.pdf")).unwrap();
    tampered.push(b'\n');
    std::fs::write(out.join("london-safeguarding-level-3.pdf"), tampered).unwrap();
    std::fs::remove_file(out.join("london-safeguarding-level-4.pdf")).unwrap();
    let repaired = statuses(&dir.path, &args, &[]);
    assert_eq!(count(&repaired, "built"), 2, "{repaired:?}");
    assert_eq!(repaired["london-safeguarding-level-3.pdf"], "built");
    assert_eq!(repaired["london-safeguarding-level-4.pdf"], "built");

    // A template change rebuilds every pack; so do a new build date and --force.
    let cover = dir.path.join("templates/parts/cover.typ");
    let mut text = std::fs::read_to_string(&cover).unwrap();
    text.push_str("\n// a designer's note\n");
    std::fs::write(&cover, text).unwrap();
    assert_eq!(count(&statuses(&dir.path, &args, &[]), "built"), 7);
    assert_eq!(count(&statuses(&dir.path, &args, &[("SOURCE_DATE_EPOCH", "1700000000")]), "built"), 7);
    assert_eq!(count(&statuses(&dir.path, &args, &[("SOURCE_DATE_EPOCH", "1700000000")]), "up-to-date"), 7);
    let mut forced = args.to_vec();
    forced.push("--force");
    assert_eq!(count(&statuses(&dir.path, &forced, &[("SOURCE_DATE_EPOCH", "1700000000")]), "built"), 7);
    assert_manifest_true(&out);
}

#[test]
fn quiet_prints_nothing_and_verbose_names_every_file() {
    let dir = TempDir::new("build-verbosity");
    let out = dir.path.join("out");
    let base = ["build", "sources/london-safeguarding.toml", "--format", "pdf", "--out", out.to_str().unwrap()];
    let quiet = run(base.iter().copied().chain(["--quiet"]));
    quiet.assert_code(0);
    assert_eq!(quiet.stderr, "", "quiet prints nothing on success");
    assert_eq!(quiet.stdout, "");

    let verbose = run(base.iter().copied().chain(["--verbose"]));
    verbose.assert_code(0);
    assert_eq!(verbose.stderr.matches("   fresh ").count(), 7, "{}", verbose.stderr);
    assert_eq!(summary(&verbose.stderr).fresh, 7);

    let normal = run(base.iter().copied().chain(["--force"]));
    normal.assert_code(0);
    assert_eq!(normal.stderr.matches("   built ").count(), 7, "{}", normal.stderr);
    assert!(normal.stderr.contains("(7 pages, 57 fields, "), "{}", normal.stderr);
    assert_eq!(summary(&normal.stderr), Summary { built: 7, fresh: 0, failed: 0, pages: 56, fields: 312 });
}

#[test]
fn a_second_build_into_the_same_folder_is_refused() {
    let dir = TempDir::new("build-lock");
    let out = dir.path.join("out");
    std::fs::create_dir_all(&out).unwrap();
    // Hold the lock as a running build would.
    let lock = std::fs::File::create(out.join(".framewright.lock")).unwrap();
    lock.lock().unwrap();
    let r = run(["build", "sources/london-safeguarding.toml", "--out", out.to_str().unwrap()]);
    r.assert_code(3);
    assert!(r.stderr.contains("another framewright build is writing to"), "{}", r.stderr);
    assert!(r.stderr.contains("--out"), "{}", r.stderr);
    assert_eq!(file_names(&out), [".framewright.lock"], "nothing was written");
    lock.unlock().unwrap();
    run(["build", "sources/london-safeguarding.toml", "--out", out.to_str().unwrap()]).assert_code(0);
}

/// Two builds started together into one folder: one builds, the other is
/// refused or (if the first finished) finds everything up to date; the
/// folder ends consistent either way.
#[test]
fn two_builds_at_once_do_not_corrupt_each_other() {
    let dir = TempDir::new("build-race");
    let out = dir.path.join("out");
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_framewright"))
            .current_dir(root())
            .args(["build", "sources/semh-multi-agency.toml", "--format", "pdf", "--out", out.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let codes: Vec<i32> = [a, b].into_iter().map(|c| c.wait_with_output().unwrap().status.code().unwrap()).collect();
    assert!(codes.contains(&0), "{codes:?}");
    assert!(codes.iter().all(|c| *c == 0 || *c == 3), "{codes:?}");
    assert_manifest_true(&out);

    // The second build surely starts while the first (25 packs, over a
    // second) holds the folder: it is refused and changes nothing.
    let first = Command::new(env!("CARGO_BIN_EXE_framewright"))
        .current_dir(root())
        .args(["build", "sources/semh-multi-agency.toml", "--format", "pdf", "--force", "--out", out.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let second = spawn().wait_with_output().unwrap();
    let first = first.wait_with_output().unwrap();
    assert_eq!(first.status.code(), Some(0));
    assert_eq!(second.status.code(), Some(3), "{}", String::from_utf8_lossy(&second.stderr));
    assert_manifest_true(&out);
    assert_eq!(manifest(&out).len(), file_names(&out).iter().filter(|n| n.ends_with(".pdf")).count());
}

/// Kills builds at random moments: every file is the old one or the new
/// one, never partial, and the manifest never describes a file wrongly.
#[test]
fn a_killed_build_leaves_old_or_new_files_and_a_true_manifest() {
    let dir = TempDir::new("build-kill");
    let out = dir.path.join("out");
    let reference = dir.path.join("reference");
    let build = |out: &Path, epoch: &str| {
        Command::new(env!("CARGO_BIN_EXE_framewright"))
            .current_dir(root())
            .env("SOURCE_DATE_EPOCH", epoch)
            .args([
                "build",
                "sources/london-safeguarding.toml",
                "sources/school-staff-mental-health.toml",
                "--format",
                "pdf",
                "--force",
                "--out",
            ])
            .arg(out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // The old files (one build date) and the new ones (another).
    assert!(build(&out, "1600000000").wait().unwrap().success());
    assert!(build(&reference, "1700000000").wait().unwrap().success());
    let old: BTreeMap<String, Vec<u8>> =
        file_names(&out).into_iter().filter(|n| n.ends_with(".pdf")).map(|n| (n.clone(), std::fs::read(out.join(&n)).unwrap())).collect();
    let new: BTreeMap<String, Vec<u8>> = old.keys().map(|n| (n.clone(), std::fs::read(reference.join(n)).unwrap())).collect();
    assert!(old.len() >= 10 && old.iter().all(|(n, b)| new[n] != *b), "the two builds differ in every file");

    // Deterministic "random" kill times between 0 and ~1.5 s.
    let mut seed: u64 = 0x2545F4914F6CDD1D;
    let mut kinds = BTreeMap::new();
    for attempt in 0..20 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_millis(seed % 1500);
        let epoch = if attempt % 2 == 0 { "1700000000" } else { "1600000000" };
        let mut child = build(&out, epoch);
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        for (name, old_bytes) in &old {
            let bytes = std::fs::read(out.join(name)).unwrap_or_else(|e| panic!("attempt {attempt}: {name} is gone: {e}"));
            let kind = if bytes == *old_bytes {
                "old"
            } else if bytes == new[name] {
                "new"
            } else {
                panic!("attempt {attempt} ({delay:?}): {name} is neither the old nor the new file ({} bytes)", bytes.len())
            };
            *kinds.entry(kind).or_insert(0) += 1;
        }
        assert_manifest_true(&out);
    }
    // A last, uninterrupted build cleans up and leaves everything current.
    assert!(build(&out, "1700000000").wait().unwrap().success());
    assert_manifest_true(&out);
    assert_no_tmp(&out);
    assert!(kinds.len() == 2, "kills landed before and after files were replaced: {kinds:?}");
}

/// File-name patterns cannot write outside the output folder, whatever
/// they render to.
#[test]
fn file_names_stay_inside_the_output_folder() {
    let long = "x".repeat(400);
    for (test, pattern, expect) in [
        ("names-parent", "../../{{ pack }}", "level-L1-young"),
        ("names-absolute", "/etc/{{ pack }}", "etc-level-L"),
        ("names-reserved", "CON", "_CON"),
        // TOML's escape for NUL: the pattern itself holds a NUL character.
        ("names-nul", "a\\u0000b/{{ pack }}", "a-b-level-L1-young"),
        ("names-long", long.as_str(), "xxxxxxxx"),
    ] {
        let source = replace_once(BASE, "formats = [\"pdf\"]\n", &format!("formats = [\"pdf\"]\nfile_name = \"{pattern}\"\n"));
        let source = replace_once(&source, BUILDS, "[[packs.build]]\nlevels = [\"L1\"]\nbands = [\"young\"]\n");
        let source = source.replace("[packs]\n", "[packs]\nfull_edition = false\n");
        let dir = temp_project(test, &[("base.toml", &source)]);
        let r = run_in(&dir.path, ["build", "sources/base.toml", "--out", "out"]);
        assert_ne!(r.code, 101, "{}", r.stderr);
        r.assert_code(0);
        let names = file_names(&dir.path.join("out"));
        let pdfs: Vec<&String> = names.iter().filter(|n| n.ends_with(".pdf")).collect();
        assert!(!pdfs.is_empty(), "{test}: {names:?}\n{}", r.stderr);
        for name in &pdfs {
            assert!(name.starts_with(expect), "{test}: {name} should start with {expect}");
            assert!(name.len() <= 130, "{test}: {name} is too long");
            assert!(!name.contains('/') && !name.contains('\\') && !name.starts_with('.'), "{test}: {name}");
        }
        // Nothing was written next to the project or the output folder.
        assert_eq!(file_names(&dir.path), ["fonts", "out", "sources", "templates"], "{test}");
    }

    // A pattern that leaves nothing of a name is an error, not a dot file.
    let source = replace_once(BASE, "formats = [\"pdf\"]\n", "formats = [\"pdf\"]\nfile_name = '..'\n");
    let dir = temp_project("names-dots", &[("base.toml", &source)]);
    let r = run_in(&dir.path, ["build", "sources/base.toml", "--out", "out"]);
    r.assert_code(1);
    assert!(r.stderr.contains("empty name"), "{}", r.stderr);
    assert!(file_names(&dir.path.join("out")).iter().all(|n| !n.ends_with(".pdf")), "nothing built");
}

/// On a terminal (a pseudo-terminal from `script`, util-linux) a progress
/// bar counts the files; through a pipe there are only plain lines.
#[test]
fn a_terminal_gets_a_progress_bar_and_a_pipe_plain_lines() {
    let dir = TempDir::new("build-progress");
    let out = dir.path.join("out");
    let command =
        format!("{} build sources/semh-multi-agency.toml --format pdf --out {}", env!("CARGO_BIN_EXE_framewright"), out.display());
    let tty = Command::new("script")
        .current_dir(root())
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("script (util-linux) runs a command on a pseudo-terminal");
    assert!(tty.status.success(), "{}", String::from_utf8_lossy(&tty.stderr));
    let shown = String::from_utf8_lossy(&tty.stdout);
    assert!(shown.contains("/25 files") && shown.contains("sources/semh-multi-agency.toml"), "no progress bar:\n{shown}");
    assert!(shown.contains('\u{1b}'), "a terminal gets redrawn lines");

    let piped = run(["build", "sources/semh-multi-agency.toml", "--format", "pdf", "--force", "--out", out.to_str().unwrap()]);
    piped.assert_code(0);
    assert!(!piped.stderr.contains('\u{1b}') && !piped.stderr.contains("/25 files"), "{}", piped.stderr);
    assert_eq!(piped.stderr.matches("   built ").count(), 25);
}

/// A template outside `templates/` and the files it imports count as
/// inputs too: editing an imported part rebuilds the packs.
#[test]
fn edits_to_a_custom_templates_imports_rebuild_the_packs() {
    let dir = custom_template_project("build-custom-template");
    let args = ["sources/london.toml", "--format", "pdf", "--out", "out"];
    assert_eq!(count(&statuses(&dir.path, &args, &[]), "built"), 7);
    assert_eq!(count(&statuses(&dir.path, &args, &[]), "up-to-date"), 7);
    add_designer_note(&dir.path);
    assert_eq!(count(&statuses(&dir.path, &args, &[]), "built"), 7, "an imported part changed");
    assert_eq!(count(&statuses(&dir.path, &args, &[]), "up-to-date"), 7);
}

/// Two sources sharing that template: an edit to an imported part rebuilds
/// the packs of both, not only those of the source built first (which
/// records the part as it now is).
#[test]
fn an_edited_import_rebuilds_every_source_that_shares_it() {
    let dir = custom_template_project("build-shared-import");
    let source = std::fs::read_to_string(dir.path.join("sources/london.toml")).unwrap();
    let other = replace_once(&source, "id = \"london-safeguarding\"", "id = \"london-copy\"");
    std::fs::write(dir.path.join("sources/other.toml"), other).unwrap();
    let args = ["--format", "pdf", "--out", "out"];
    assert_eq!(count(&statuses(&dir.path, &args, &[]), "built"), 14);
    assert_eq!(count(&statuses(&dir.path, &args, &[]), "up-to-date"), 14);
    add_designer_note(&dir.path);
    assert_eq!(count(&statuses(&dir.path, &args, &[]), "built"), 14, "both sources read the changed part");
    assert_eq!(count(&statuses(&dir.path, &args, &[]), "up-to-date"), 14);
}

/// Edits the part the custom template imports (`custom/parts/guide.typ`).
fn add_designer_note(project: &Path) {
    let guide = project.join("custom/parts/guide.typ");
    let text = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(&guide, text + "\n// a designer's note\n").unwrap();
}

/// Two sources of one run may not write the same file.
#[test]
fn two_sources_cannot_write_one_file() {
    let source = std::fs::read_to_string(root().join("sources/london-safeguarding.toml")).unwrap();
    let dir = temp_project("build-two-sources", &[("a.toml", &source), ("b.toml", &source)]);
    let r = run_in(&dir.path, ["build", "--format", "pdf", "--out", "out"]);
    r.assert_code(1);
    assert!(
        r.stderr.contains("london-safeguarding-level-1.pdf is also built by the framework `london-safeguarding` in this run"),
        "{}",
        r.stderr
    );
    assert_eq!(summary(&r.stderr).built, 7, "the first source is built, the second refused");
}

/// `--message-format json | head` stops reading early: no panic.
#[test]
fn a_closed_pipe_is_not_a_crash() {
    let dir = TempDir::new("build-pipe");
    let mut child = Command::new(env!("CARGO_BIN_EXE_framewright"))
        .current_dir(root())
        .args(["build", "sources/london-safeguarding.toml", "--format", "pdf", "--message-format", "json", "--out"])
        .arg(dir.path.join("out"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(pack_files(&dir.path.join("out")).len(), 7, "the build went on");
}
