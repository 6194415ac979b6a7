//! Translations kept beside a source (issue 27, parts 1 and 2): a sample's
//! texts go out as PO and as XLIFF 2.1, through translate-toolkit (the
//! converters and checks translators' pipelines use), come back filled in
//! with machine-made "Welsh" (test data, `tests/clients/translate_fill.py`)
//! and `check` reports the language complete; an English change shows as
//! out of date by id; unknown ids and changed placeholders are refused with
//! the file and line.

use std::path::Path;

use crate::common::*;

/// The multi-agency sample (bands, emphasis, roles, training, refreshers),
/// one statement given quotes, markup characters and a line break.
fn sample() -> String {
    let text = std::fs::read_to_string(root().join("sources/semh-multi-agency.toml")).unwrap();
    replace_once(
        &text,
        "text = \"Recognises that behaviour is a form of communication",
        "text = \"Says \\\"no\\\" & <means> it,\\nthen recognises that behaviour is a form of communication",
    )
}

const SOURCE: &str = "sources/semh.toml";
const STORE: &str = "sources/semh.cy.toml";

fn project(test: &str) -> TempDir {
    temp_project(test, &[("semh.toml", &sample())])
}

fn path(dir: &TempDir, name: &str) -> String {
    dir.path.join(name).display().to_string()
}

/// Runs a translate-toolkit command (or another tool), which must succeed.
fn toolkit(program: &str, args: &[&str]) -> String {
    require_python_module("translate", "translate-toolkit");
    tool_stdout(program, args)
}

fn fill(dir: &TempDir, from: &str, to: &str) -> u64 {
    let script = root().join("tests/clients/translate_fill.py");
    let filled = python_json([script.display().to_string(), path(dir, from), path(dir, to)]);
    filled["filled"].as_u64().unwrap()
}

/// `check`'s summary line for Welsh: (percent, current, total, missing, outdated).
fn welsh_status(stdout: &str) -> (usize, usize, usize, usize, usize) {
    let line = stdout.lines().find(|l| l.starts_with(STORE)).unwrap_or_else(|| panic!("no line for {STORE}:\n{stdout}"));
    let numbers: Vec<usize> = line.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).map(|s| s.parse().unwrap()).collect();
    // The file name's digits come first only if it has any; it has none.
    (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4])
}

/// The units of an extracted PO file: its `msgctxt`s.
fn po_ids(po: &str) -> Vec<String> {
    po.lines().filter_map(|l| l.strip_prefix("msgctxt \"")).map(|l| l.trim_end_matches('"').to_string()).collect()
}

#[test]
fn a_po_file_goes_through_translate_toolkit_and_comes_back_complete() {
    let dir = project("translate-po");
    let r = run_in(&dir.path, ["translate", "extract", SOURCE, "--lang", "cy", "--format", "po", "--out", "cy.po"]);
    r.assert_code(0);
    let po = std::fs::read_to_string(dir.path.join("cy.po")).unwrap();
    let ids = po_ids(&po);
    // Every kind of text of the sample, the wording with it.
    for prefix in [
        "framework.title",
        "framework.introduction.",
        "level.",
        "role.",
        "band.",
        "domain.",
        "statement.",
        "scale.",
        "assessment.columns.",
        "signoff.",
        "training.",
        "refresher.",
        "wording.headings.contents",
    ] {
        assert!(ids.iter().any(|id| id.starts_with(prefix)), "no unit {prefix}… in\n{ids:?}");
    }
    assert!(ids.iter().any(|id| id.contains(".example.")), "role examples are units");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "each id once");
    // The English of the edited statement, escaped and split after its line break.
    assert!(po.contains("msgid \"\"\n\"Says \\\"no\\\" & <means> it,\\n\"\n\"then recognises"), "multi-line msgid:\n{po}");

    // gettext accepts it, with no warning.
    let checked = tool("msgfmt", ["--check", "-o", "/dev/null", &path(&dir, "cy.po")]);
    assert!(checked.status.success() && checked.stderr.is_empty(), "msgfmt --check: {}", String::from_utf8_lossy(&checked.stderr));

    // Through XLIFF 1.2 and back, as a translator's tool chain takes it.
    toolkit("po2xliff", &[path(&dir, "cy.po").as_str(), path(&dir, "cy.xlf").as_str()]);
    assert_eq!(fill(&dir, "cy.xlf", "cy-filled.xlf") as usize, ids.len());
    toolkit("xliff2po", &[path(&dir, "cy-filled.xlf").as_str(), path(&dir, "cy-back.po").as_str()]);
    // pofilter's checks of what translators break: none fails.
    let (back, failed) = (path(&dir, "cy-back.po"), path(&dir, "failed.po"));
    toolkit("pofilter", &["-t", "variables", "-t", "escapes", "-t", "newlines", "-t", "xmltags", back.as_str(), failed.as_str()]);
    let failed = std::fs::read_to_string(failed).unwrap_or_default();
    assert!(!failed.contains("#: "), "pofilter found problems:\n{failed}");

    let r = run_in(&dir.path, ["translate", "import", "cy-back.po"]);
    r.assert_code(0);
    assert!(r.stdout.contains(&format!("imported {} translated units", ids.len())), "{}", r.stdout);
    let store = std::fs::read_to_string(dir.path.join(STORE)).unwrap();
    assert!(store.contains("text = \"[prawf cy] Says \\\"no\\\" & <means> it,\\nthen recognises"), "the store keeps every character");

    let r = run_in(&dir.path, ["check", SOURCE]);
    r.assert_code(0);
    assert_eq!(welsh_status(&r.stdout), (100, ids.len(), ids.len(), 0, 0), "{}", r.stdout);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    // A translations file is not a source of its own.
    let r = run_in(&dir.path, ["check"]);
    r.assert_code(0);
    assert!(!r.stdout.contains("semh.cy.toml: ok"), "{}", r.stdout);

    // The English of one statement changes: that unit is out of date, by id, where the store holds it.
    let source = dir.path.join(SOURCE);
    let changed = replace_once(
        &std::fs::read_to_string(&source).unwrap(),
        "Knows that mental health and wellbeing sit on a continuum",
        "Knows that wellbeing sits on a continuum",
    );
    std::fs::write(&source, changed).unwrap();
    let r = run_in(&dir.path, ["check", SOURCE]);
    r.assert_code(0);
    assert_eq!(welsh_status(&r.stdout), (99, ids.len() - 1, ids.len(), 0, 1), "{}", r.stdout);
    let (line, _) = pos(&store, "[\"statement.um-c-02\"]");
    assert!(r.stderr.contains("warning: `statement.um-c-02` is out of date"), "{}", r.stderr);
    assert!(r.stderr.contains(&format!("┌─ {STORE}:{line}:")), "the warning names the store's line {line}:\n{}", r.stderr);
    assert_eq!(r.stderr.matches("warning:").count(), 1, "{}", r.stderr);
}

#[test]
fn xliff_is_valid_2_1_and_comes_back_through_translate_toolkit() {
    let dir = project("translate-xliff");
    let extract = |out: &str| run_in(&dir.path, ["translate", "extract", SOURCE, "--lang", "cy", "--format", "xliff", "--out", out]);
    extract("cy.xlf").assert_code(0);
    extract("again.xlf").assert_code(0);
    let xliff = std::fs::read(dir.path.join("cy.xlf")).unwrap();
    assert_eq!(xliff, std::fs::read(dir.path.join("again.xlf")).unwrap(), "the same source extracts to the same bytes");
    let schema = root().join("tests/schemas/xliff_core_2.0.xsd").display().to_string();
    validate_xliff(&schema, &path(&dir, "cy.xlf"));
    let text = String::from_utf8(xliff).unwrap();
    assert!(text.contains("<source>Says \"no\" &amp; &lt;means&gt; it,\nthen recognises"), "escaped, line break kept");
    assert!(text.contains("<note category=\"level\">"), "notes give the level");
    assert!(text.contains("<note category=\"domain\">"), "notes give the domain");
    assert!(
        text.contains("&lt;strong&gt;About this sample: &lt;/strong&gt;this is an &lt;em&gt;illustrative&lt;/em&gt;"),
        "emphasis as tags, escaped"
    );

    let units = text.matches("<unit ").count() as u64;
    assert_eq!(fill(&dir, "cy.xlf", "cy-filled.xlf"), units);
    validate_xliff(&schema, &path(&dir, "cy-filled.xlf"));
    run_in(&dir.path, ["translate", "import", "cy-filled.xlf"]).assert_code(0);
    let store = std::fs::read(dir.path.join(STORE)).unwrap();
    // The same file imported again writes the same bytes.
    run_in(&dir.path, ["translate", "import", "cy-filled.xlf", "--source", SOURCE]).assert_code(0);
    assert_eq!(store, std::fs::read(dir.path.join(STORE)).unwrap());
    let r = run_in(&dir.path, ["check", SOURCE]);
    r.assert_code(0);
    assert_eq!(welsh_status(&r.stdout), (100, units as usize, units as usize, 0, 0), "{}", r.stdout);

    // Extracted again, every unit carries its translation as the target.
    extract("next.xlf").assert_code(0);
    let next = std::fs::read_to_string(dir.path.join("next.xlf")).unwrap();
    assert_eq!(next.matches("<target>[prawf cy] ").count() as u64, units);
}

fn validate_xliff(schema: &str, file: &str) {
    let out = tool("xmllint", ["--noout", "--schema", schema, file]);
    assert!(out.status.success(), "{file} is not valid XLIFF 2: {}", String::from_utf8_lossy(&out.stderr));
}

/// The 1-based line an entry of a PO file starts on (its first comment).
fn entry_line(po: &str, msgctxt: &str) -> usize {
    let lines: Vec<&str> = po.lines().collect();
    let at = lines.iter().position(|l| *l == format!("msgctxt \"{msgctxt}\"")).unwrap_or_else(|| panic!("no {msgctxt}"));
    let start = lines[..at].iter().rposition(|l| l.is_empty()).map_or(0, |blank| blank + 1);
    start + 1
}

/// Sets the `msgstr` of entry `msgctxt` (single-line English) to `text`.
fn translate_entry(po: &str, msgctxt: &str, text: &str) -> String {
    let from = po.find(&format!("msgctxt \"{msgctxt}\"\n")).unwrap();
    let at = from + po[from..].find("msgstr \"\"").unwrap();
    format!("{}msgstr \"{text}\"{}", &po[..at], &po[at + "msgstr \"\"".len()..])
}

#[test]
fn unknown_ids_and_changed_placeholders_are_refused_with_file_and_line() {
    let dir = project("translate-refused");
    run_in(&dir.path, ["translate", "extract", SOURCE, "--lang", "cy", "--format", "po", "--out", "cy.po"]).assert_code(0);
    let po = std::fs::read_to_string(dir.path.join("cy.po")).unwrap();
    let rating = "wording.assessment.rating_field";
    assert!(po[po.find(&format!("msgctxt \"{rating}\"")).unwrap()..].lines().nth(1).unwrap().contains("{{ statement }}"));
    let po = translate_entry(&po, rating, "Sgôr {{ datganiad }}");
    let po = translate_entry(&po, "statement.um-c-01", "Yn deall");
    let po = po.replacen("msgctxt \"statement.um-c-01\"", "msgctxt \"statement.um-c-99\"", 1);
    std::fs::write(dir.path.join("bad.po"), &po).unwrap();
    let r = run_in(&dir.path, ["translate", "import", "bad.po"]);
    r.assert_code(1);
    let unknown = entry_line(&po, "statement.um-c-99");
    let placeholder = entry_line(&po, rating);
    assert!(r.stderr.contains(&format!("error: bad.po:{unknown}: `statement.um-c-99` is not a text of the source")), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("error: bad.po:{placeholder}: `{rating}`: the translation changes the placeholders")),
        "{}",
        r.stderr
    );
    assert!(!Path::new(&path(&dir, STORE)).exists(), "nothing is written when anything is refused");

    // The same in XLIFF: the line of the <unit>.
    run_in(&dir.path, ["translate", "extract", SOURCE, "--lang", "cy", "--format", "xliff", "--out", "cy.xlf"]).assert_code(0);
    let xliff = std::fs::read_to_string(dir.path.join("cy.xlf")).unwrap().replacen("<unit id=\"band.", "<unit id=\"bnad.", 1);
    std::fs::write(dir.path.join("bad.xlf"), &xliff).unwrap();
    let (line, _) = pos(&xliff, "<unit id=\"bnad.");
    let r = run_in(&dir.path, ["translate", "import", "bad.xlf"]);
    r.assert_code(1);
    assert!(r.stderr.contains(&format!("error: bad.xlf:{line}: `bnad.")), "{}", r.stderr);
}

#[test]
fn mistakes_in_a_translations_file_are_errors_at_their_line() {
    let dir = project("translate-store");
    let check = |store: &str| {
        dir.write(STORE, store);
        let r = run_in(&dir.path, ["check", SOURCE]);
        r.assert_code(1);
        diagnostics(&r.stderr).into_iter().map(|d| (d.message, d.file, d.line)).collect::<Vec<_>>()
    };
    let misspelt = "[\"statement.um-c-01\"]\nenglish = \"x\"\ntxet = \"y\"\n";
    let found = check(misspelt);
    let unknown = found.iter().find(|(m, ..)| m.contains("unknown key `txet`")).unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!((unknown.1.as_str(), unknown.2), (STORE, 3));
    // A translation that lost a placeholder of its English would break the Welsh packs.
    let lost = "# test data\n\n[\"wording.assessment.rating_field\"]\nenglish = \"Rating for {{ statement }}: {{ text }}\"\ntext = \"Sgôr: {{ text }}\"\n";
    let found = check(lost);
    let placeholder = found.iter().find(|(m, ..)| m.contains("does not keep the placeholders")).unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!((placeholder.1.as_str(), placeholder.2), (STORE, 3));
}

#[test]
fn an_oversized_translation_file_is_refused_naming_it_and_what_to_do() {
    let dir = project("translate-oversized");
    // The limit docs/source-format.md gives: four times the largest source.
    let limit: u64 = 64 * 1024 * 1024;
    // A PO file, then zero bytes: sparse, so the test writes no 64 MiB to disk.
    let file = std::fs::File::create(dir.path.join("huge.po")).unwrap();
    std::io::Write::write_all(&mut &file, b"msgid \"\"\nmsgstr \"\"\n").unwrap();
    file.set_len(limit + 1).unwrap();
    let r = run_in(&dir.path, ["translate", "import", "huge.po"]);
    r.assert_code(1);
    assert!(r.stderr.contains("huge.po: larger than the 64 MiB a translation file can be"), "{}", r.stderr);
    assert!(r.stderr.contains("framewright translate extract"), "{}", r.stderr);
    assert!(!Path::new(&path(&dir, STORE)).exists());
}

#[test]
fn check_counts_the_wording_the_welsh_table_has_as_translated_as_the_build_does() {
    let dir = project("translate-wording");
    run_in(&dir.path, ["translate", "extract", SOURCE, "--lang", "cy", "--format", "po", "--out", "cy.po"]).assert_code(0);
    let po = std::fs::read_to_string(dir.path.join("cy.po")).unwrap();
    let ids = po_ids(&po);
    assert!(ids.iter().filter(|id| id.starts_with("wording.")).count() > 100, "the wording's units go out too");
    // The source's own texts translated, and one wording unit; the rest of the wording left to the Welsh table.
    dir.write("cy-filled.po", crate::welsh::fill(&po));
    run_in(&dir.path, ["translate", "import", "cy-filled.po"]).assert_code(0);
    // One statement left untranslated: the only unit missing.
    let store = std::fs::read_to_string(dir.path.join(STORE)).unwrap();
    let at = store.find("[\"statement.um-c-02\"]").unwrap();
    let end = store[at..].find("\n\n").map_or(store.len(), |e| at + e + 2);
    dir.write(STORE, format!("{}{}", &store[..at], &store[end..]));

    let r = run_in(&dir.path, ["check", SOURCE]);
    r.assert_code(0);
    assert_eq!(welsh_status(&r.stdout), (99, ids.len() - 1, ids.len(), 1, 0), "{}", r.stdout);
    assert!(!r.stderr.contains("`wording."), "no wording unit is missing:\n{}", r.stderr);
    assert_eq!(r.stderr.matches("warning:").count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("`statement.um-c-02` has no translation"), "{}", r.stderr);

    // The build's note gives the same figures.
    let r = run_in(&dir.path, ["build", SOURCE, "--lang", "cy", "--format", "html", "--level", "core", "--band", "primary"]);
    r.assert_code(0);
    let note = format!("`cy` 99% translated ({} of {} texts; the rest in English)", ids.len() - 1, ids.len());
    assert!(r.stderr.contains(&note), "{note} in:\n{}", r.stderr);
}
