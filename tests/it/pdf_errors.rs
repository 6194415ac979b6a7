//! What a PDF build does when something outside the source is wrong: a
//! template mistake, missing or broken fonts, an output folder that cannot
//! be made, a template that asks for a package, an unknown pack. Each run
//! exits with the documented code, says what is wrong and where, writes no
//! file, keeps the previous good file and leaves no temporary file behind.

use std::path::{Path, PathBuf};

use crate::common::*;

/// The cover line the template-typo tests break.
const COVER_TITLE: &str = "#text(size: 28pt, weight: \"bold\", fill: primary, fw.title)";

/// A temp project with the repository's templates and fonts and the small
/// valid [`BASE`] source as `sources/base.toml`; returns it and its out dir.
fn project(test: &str) -> (TempDir, PathBuf) {
    let dir = temp_project(test, &[("base.toml", BASE)]);
    let out = dir.path.join("out");
    (dir, out)
}

/// `framewright build sources/base.toml --out OUT` in the project.
fn build(dir: &Path, out: &Path) -> Run {
    run_in(dir, ["build".as_ref(), "sources/base.toml".as_ref(), "--out".as_ref(), out.as_os_str()])
}

/// Fails unless `r` exited 1, did not panic and built nothing.
fn assert_failed(r: &Run) {
    assert_ne!(r.code, 101, "framewright panicked:\n{}", r.stderr);
    r.assert_code(1);
    assert_eq!(summary(&r.stderr).built, 0, "{}", r.stderr);
}

/// Replaces the title on the cover with `with`; returns (line, column) of `at` in the new file.
fn break_cover(dir: &Path, with: &str, at: &str) -> (usize, usize) {
    let path = dir.join("templates/parts/cover.typ");
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = replace_once(&text, COVER_TITLE, with);
    std::fs::write(&path, &broken).unwrap();
    pos(&broken, at)
}

#[test]
fn the_base_project_builds() {
    let (dir, out) = project("pdf-errors-base");
    let r = build(&dir.path, &out);
    r.assert_code(0);
    let mut expected: Vec<String> = dump_in(&dir.path, "sources/base.toml")["pack_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["files"][0].as_str().unwrap().to_string())
        .collect();
    expected.sort();
    assert_eq!(pack_files(&out), expected);
    assert_eq!(expected.len(), 6);
    assert_no_tmp(&dir.path);
}

#[test]
fn a_template_typo_names_the_template_line_and_column_and_writes_nothing() {
    let (dir, out) = project("pdf-errors-typo");
    let (line, col) = break_cover(&dir.path, "#text(size: 28pt, weight: \"bold\", fill: primary, nosuchvar)", "nosuchvar");
    let r = build(&dir.path, &out);
    assert_failed(&r);
    let diags = diagnostics(&r.stderr);
    assert!(!diags.is_empty(), "no located diagnostic:\n{}", r.stderr);
    for d in &diags {
        assert_eq!((d.file.as_str(), d.line, d.col), ("templates/parts/cover.typ", line, col), "{}", r.stderr);
        assert_eq!(d.message, "unknown variable: nosuchvar", "{}", r.stderr);
    }
    // Every pack fails and is named; the shared template error is shown once.
    assert_eq!(r.stderr.matches("the template failed").count(), 1, "{}", r.stderr);
    assert_eq!(r.stderr.matches("the same error as above").count(), 5, "{}", r.stderr);
    assert!(r.stderr.contains(&format!("templates/parts/cover.typ:{line}:{col}")), "{}", r.stderr);
    assert_eq!((summary(&r.stderr).built, summary(&r.stderr).failed), (0, 6), "{}", r.stderr);
    assert_eq!(pack_files(&out), Vec::<String>::new(), "a failed build wrote files");
    assert_no_tmp(&dir.path);
}

#[test]
fn a_failed_build_keeps_the_previous_file() {
    let (dir, out) = project("pdf-errors-keep");
    build(&dir.path, &out).assert_code(0);
    let before: Vec<(String, Vec<u8>)> = pack_files(&out).into_iter().map(|n| (n.clone(), std::fs::read(out.join(&n)).unwrap())).collect();
    assert_eq!(before.len(), 6);

    break_cover(&dir.path, "#text(fill: primary, fw.titel)", "titel");
    let r = build(&dir.path, &out);
    assert_failed(&r);
    assert!(r.stderr.contains("dictionary does not contain key \"titel\""), "{}", r.stderr);
    let after: Vec<(String, Vec<u8>)> = pack_files(&out).into_iter().map(|n| (n.clone(), std::fs::read(out.join(&n)).unwrap())).collect();
    assert!(before == after, "the previous files changed: {:?}", after.iter().map(|(n, _)| n).collect::<Vec<_>>());
    assert_no_tmp(&dir.path);
}

#[test]
fn a_missing_fonts_folder_is_a_clear_error() {
    let (dir, out) = project("pdf-errors-nofonts");
    std::fs::remove_dir_all(dir.path.join("fonts")).unwrap();
    let r = build(&dir.path, &out);
    assert_failed(&r);
    let fonts = dir.path.canonicalize().unwrap().join("fonts");
    assert!(r.stderr.contains(&format!("error: sources/base.toml: cannot read the fonts folder {}", fonts.display())), "{}", r.stderr);
    assert_eq!(pack_files(&out), Vec::<String>::new());
    assert_no_tmp(&dir.path);

    // An empty fonts folder says so too.
    std::fs::create_dir(dir.path.join("fonts")).unwrap();
    let r = build(&dir.path, &out);
    assert_failed(&r);
    assert!(r.stderr.contains(&format!("no fonts in {}", fonts.display())), "{}", r.stderr);
}

/// Deterministic bytes that are no font (an LCG; no `rand` needed).
fn noise(n: usize) -> Vec<u8> {
    let mut x: u32 = 0x2545_f491;
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn a_corrupt_font_file_is_named() {
    let (dir, out) = project("pdf-errors-badfont");
    dir.write("fonts/x.ttf", noise(4096));
    let r = build(&dir.path, &out);
    assert_failed(&r);
    let font = dir.path.canonicalize().unwrap().join("fonts/x.ttf");
    assert!(r.stderr.contains(&format!("{} is not a font Typst can read", font.display())), "{}", r.stderr);
    assert_eq!(pack_files(&out), Vec::<String>::new());
    assert_no_tmp(&dir.path);

    // Also inside a family folder.
    std::fs::remove_file(dir.path.join("fonts/x.ttf")).unwrap();
    dir.write("fonts/noto-emoji/Broken_400Regular.otf", noise(100));
    let r = build(&dir.path, &out);
    assert_failed(&r);
    assert!(r.stderr.contains("fonts/noto-emoji/Broken_400Regular.otf is not a font"), "{}", r.stderr);
}

#[test]
fn an_output_folder_under_a_file_cannot_be_created() {
    let (dir, _) = project("pdf-errors-outfile");
    let file = dir.write("not-a-folder", "x");
    let out = file.join("packs");
    let r = build(&dir.path, &out);
    assert_ne!(r.code, 101, "framewright panicked:\n{}", r.stderr);
    r.assert_code(1);
    // The folder is refused before anything is built.
    assert_eq!(r.stderr.trim_end(), format!("error: cannot create the output folder {}: Not a directory (os error 20)", out.display()));
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
    assert_no_tmp(&dir.path);
}

#[test]
fn a_template_importing_a_package_says_it_builds_offline() {
    let (dir, out) = project("pdf-errors-package");
    dir.write("templates/custom.typ", "#import \"@preview/foo:0.1.0\": bar\n#include \"pack.typ\"\n");
    let source = replace_once(BASE, "formats = [\"pdf\"]\n", "formats = [\"pdf\"]\ntemplate = \"../templates/custom.typ\"\n");
    dir.write("sources/base.toml", source);
    let r = build(&dir.path, &out);
    assert_failed(&r);
    let diags = diagnostics(&r.stderr);
    assert_eq!(diags.len(), 1, "{}", r.stderr);
    assert_eq!(r.stderr.matches("the same error as above").count(), 5, "{}", r.stderr);
    for d in &diags {
        assert_eq!((d.file.as_str(), d.line, d.col), ("templates/custom.typ", 1, 9), "{}", r.stderr);
        assert!(d.message.contains("package @preview/foo:0.1.0 is not available"), "{}", d.message);
        assert!(d.message.contains("framewright builds offline and never downloads packages"), "{}", d.message);
    }
    assert_eq!(pack_files(&out), Vec::<String>::new());
    assert_no_tmp(&dir.path);
}

#[test]
fn plan_of_an_unknown_pack_lists_the_packs() {
    let source = "sources/london-safeguarding.toml";
    let r = run(["plan", source, "nonexistent-pack"]);
    r.assert_code(2);
    assert_eq!(r.stdout, "");
    let ids: Vec<String> = dump(source)["pack_list"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids.len(), 7);
    assert_eq!(r.stderr.trim_end(), format!("error: {source} defines no pack `nonexistent-pack`; its packs are: {}", ids.join(", ")));
}

/// Replaces the one `from` in `templates/parts/assessment.typ` with `to`.
fn edit_assessment(dir: &Path, from: &str, to: &str) {
    let path = dir.join("templates/parts/assessment.typ");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, replace_once(&text, from, to)).unwrap();
}

/// Fails unless `r` failed every pack that has a form with located
/// form-field errors (in the field placeholder template) whose messages all
/// contain `message` and name a field of the base source. Only the full
/// edition, which has no form, is built.
fn assert_field_errors(r: &Run, out: &Path, message: &str, help: &str) {
    assert_ne!(r.code, 101, "framewright panicked:\n{}", r.stderr);
    r.assert_code(1);
    assert_eq!((summary(&r.stderr).built, summary(&r.stderr).failed), (1, 5), "{}", r.stderr);
    let diags = diagnostics(&r.stderr);
    assert!(!diags.is_empty(), "no located diagnostic:\n{}", r.stderr);
    for d in &diags {
        assert_eq!(d.file, "templates/parts/fields.typ", "{}", r.stderr);
        assert!(d.message.contains(message), "{}", d.message);
        assert!(["`s1.", "`s2.", "`s3.", "`s4."].iter().any(|id| d.message.contains(id)), "the error names the field: {}", d.message);
    }
    assert!(r.stderr.contains(help), "{}", r.stderr);
    assert_eq!(pack_files(out), ["test-fw-full.pdf"], "a failed build wrote files");
    assert_no_tmp(out.parent().unwrap());
}

#[test]
fn two_fields_with_one_name_are_a_template_error() {
    let (dir, out) = project("forms-duplicate");
    edit_assessment(&dir.path, "write-in(r.evidence_field, r.evidence_label)", "write-in(r.action_field, r.evidence_label)");
    let r = build(&dir.path, &out);
    assert_field_errors(&r, &out, "the template places two fields named", "field names must be unique");
    assert!(r.stderr.contains(".action` (both on page"), "{}", r.stderr);
}

#[test]
fn a_field_of_unknown_kind_is_a_template_error() {
    let (dir, out) = project("forms-kind");
    edit_assessment(&dir.path, "form-field(field, \"multiline\",", "form-field(field, \"checkbox\",");
    let r = build(&dir.path, &out);
    assert_field_errors(&r, &out, "has the unknown kind `checkbox`", "use \"radio\", \"text\" or \"multiline\"");
}

#[test]
fn rotated_or_scaled_fields_are_a_template_error() {
    for (test, transform) in [("forms-rotate", "rotate(90deg, tick-box(r, s))"), ("forms-scale", "scale(150%, tick-box(r, s))")] {
        let (dir, out) = project(test);
        edit_assessment(&dir.path, "a.scale.map(s => tick-box(r, s))", &format!("a.scale.map(s => {transform})"));
        let r = build(&dir.path, &out);
        assert_field_errors(&r, &out, "is inside rotated or scaled content", "PDF form fields cannot be rotated or scaled");
        assert!(r.stderr.contains(".rating=1` on page"), "{}", r.stderr);
    }
}
