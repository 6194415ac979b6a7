//! Personalised packs from a staff list (`build SOURCE --staff staff.csv`):
//! one pack per person with their name in the file name and the sign-off
//! pre-filled; bad rows reported by line and skipped only when asked.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

const LONDON: &str = "sources/london-safeguarding.toml";

/// Writes `csv` into a fresh temp dir and runs `build LONDON --staff` with
/// `extra` arguments, into `out` inside it.
fn build_staff(test: &str, csv: &str, extra: &[&str]) -> (TempDir, Run) {
    let dir = TempDir::new(test);
    let list = dir.write("staff.csv", csv);
    let out = dir.path.join("out");
    let mut args = vec!["build", LONDON, "--format", "pdf", "--staff", list.to_str().unwrap(), "--out", out.to_str().unwrap()];
    args.extend(extra);
    let r = run(args);
    (dir, r)
}

/// pypdf's reading of every field value of `pdf`.
fn field_values(pdf: &Path) -> Value {
    let script = root().join("tests/clients/pdf_forms.py");
    let out = tool_stdout("python3", [script.as_os_str(), "read".as_ref(), pdf.as_os_str()]);
    serde_json::from_str::<Value>(&out).unwrap()[0].clone()
}

#[test]
fn one_pack_per_person_with_the_sign_off_filled_in() {
    let csv = "Name,Email,Role,Level,Band,Setting,Line Manager\n\
               Siân Llwyd-Jones,sian@example.org,,2,,Ysgol y Graig,Alex Head\n\
               Sam Smith,,group-5,,,,Jo Lead\n\
               Sam Smith,sam.smith2@example.org,,1,,Hillside Academy,\n";
    let (dir, r) = build_staff("staff-good", csv, &[]);
    r.assert_code(0);
    let out = dir.path.join("out");
    assert_eq!(
        pack_files(&out),
        [
            "london-safeguarding-level-1-sam-smith-2.pdf",
            "london-safeguarding-level-2-sian-llwyd-jones.pdf",
            "london-safeguarding-role-group-5-sam-smith.pdf",
        ]
    );
    assert_eq!(summary(&r.stderr).built, 3);

    let sian = out.join("london-safeguarding-level-2-sian-llwyd-jones.pdf");
    let values = field_values(&sian);
    assert_eq!(values["signoff.name"], "Siân Llwyd-Jones");
    assert_eq!(values["signoff.setting"], "Ysgol y Graig");
    assert_eq!(values["signoff.line_manager"], "Alex Head");
    assert_eq!(values["signoff.date"], "None", "dates are left for the person");
    let cover = pdftotext(&sian);
    assert!(cover.contains("Prepared for") && cover.contains("Siân Llwyd-Jones"), "the cover names the person");
    assert!(cover.contains("Level 2"), "Siân's pack is the level 2 pack");

    // The Word pack of the same person has the same sign-off, in its
    // content controls.
    let r =
        run(["build", LONDON, "--format", "docx", "--staff", dir.path.join("staff.csv").to_str().unwrap(), "--out", out.to_str().unwrap()]);
    r.assert_code(0);
    let docx = out.join("london-safeguarding-level-2-sian-llwyd-jones.docx");
    let script = root().join("tests/clients/docx_forms.py");
    let read: Value = serde_json::from_str(&tool_stdout("python3", [script.as_os_str(), "read".as_ref(), docx.as_os_str()])).unwrap();
    let value = |key: &str| read["controls"].as_array().unwrap().iter().find(|c| c["key"] == key).map(|c| c["value"].clone());
    assert_eq!(value("signoff.name"), Some(Value::from("Siân Llwyd-Jones")), "{read}");
    assert_eq!(value("signoff.line_manager"), Some(Value::from("Alex Head")));

    // A person listed by role gets the role's name on the sign-off.
    let sam = field_values(&out.join("london-safeguarding-role-group-5-sam-smith.pdf"));
    assert_eq!(sam["signoff.name"], "Sam Smith");
    assert!(sam["signoff.role"].as_str().unwrap().starts_with("Group 5"), "{sam}");
    assert_eq!(sam["signoff.line_manager"], "Jo Lead");
}

/// Staff names and settings beyond Latin-1 (Welsh ŵ ŷ ẁ, Polish, Czech,
/// Hungarian, Turkish) print in the pre-filled sign-off fields as written,
/// not as `?` (Poppler's text includes the fields' appearance streams, and
/// the setting and line manager are nowhere else in the pack), and name
/// the pack by their transliteration (Łukasz is `lukasz`, not `ukasz`).
/// The first pack needs 18 characters beyond WinAnsi, so some sit on the
/// codes of carriage return and line feed; the second has a letter saved
/// decomposed (`y` and a combining circumflex), which prints as `ŷ`.
#[test]
fn prefilled_names_beyond_latin_1_print_as_written() {
    let csv = "Name,Email,Level,Setting,Line Manager\n\
               Łukasz Wróbel,l@example.org,2,Ysgol Gŵyr ĄąĆćĘęŃńŚśŹźŻż ẁ,Zoë Öztürk-Şahin\n\
               Gwenllian ap Rhŷs,,1,Škola Dvořák,Ödön Kővári Rhy\u{302}s\n";
    let (dir, r) = build_staff("staff-latin", csv, &[]);
    r.assert_code(0);
    let out = dir.path.join("out");
    for (pack, values) in [
        ("level-2-lukasz-wrobel", ["Łukasz Wróbel", "Ysgol Gŵyr ĄąĆćĘęŃńŚśŹźŻż ẁ", "Zoë Öztürk-Şahin"]),
        ("level-1-gwenllian-ap-rhys", ["Gwenllian ap Rhŷs", "Škola Dvořák", "Ödön Kővári Rhŷs"]),
    ] {
        let pdf = out.join(format!("london-safeguarding-{pack}.pdf"));
        qpdf_check(&pdf).unwrap();
        let text = pdftotext(&pdf);
        assert_eq!(text.matches(values[0]).count(), 2, "{pack}: the name is on the cover and in the sign-off:\n{text}");
        for value in &values[1..] {
            assert_eq!(text.matches(value).count(), 1, "{pack}: the sign-off shows {value:?}:\n{text}");
        }
        // The pack's id is in the metadata (no internal ids on the cover).
        assert!(pdfinfo(&pdf)["Keywords"].contains(&format!("framewright:pack={pack}")), "{pack}: the metadata names the pack");
        assert!(!text.contains(&format!("Pack {pack}")), "{pack}: no internal id on the cover");
        assert_eq!(field_values(&pdf)["signoff.setting"], values[1]);
    }
}

#[test]
fn bad_rows_stop_the_build_and_are_named_by_line() {
    let csv = "name,email,role,level,band,setting,line_manager\n\
               Ann Lee,ann@example.org,,2,,,\n\
               Bob Ray,,,teachr,,,\n\
               ,nobody@example.org,,1,,,\n\
               Ann Lee,ann@example.org,,3,,,\n\
               Cat Dee,,grup-5,,,,\n\
               Dan Fox,,,,,,\n";
    let (dir, r) = build_staff("staff-bad", csv, &[]);
    r.assert_code(1);
    let list = dir.path.join("staff.csv");
    let at = |line: usize| format!("error: {}:{line}: ", list.display());
    let expected = [
        (3, "unknown level `teachr` for Bob Ray; the levels are: 1, 2, 3, 4, 5"),
        (4, "the name is missing"),
        (5, "Ann Lee is already on line 2"),
        (6, "unknown role `grup-5` for Cat Dee; did you mean `group-5`?"),
        (7, "Dan Fox has neither a role nor a level"),
    ];
    for (line, message) in expected {
        assert!(r.stderr.contains(&format!("{}{message}", at(line))), "line {line}: {message}\n{}", r.stderr);
    }
    assert!(r.stderr.contains("5 bad rows"), "{}", r.stderr);
    assert!(r.stderr.contains("--skip-bad-rows to build the other 1"), "{}", r.stderr);
    assert_eq!(pack_files(&dir.path.join("out")), Vec::<String>::new(), "nothing was built");

    // With --skip-bad-rows the good row is built and the others are warnings.
    let out = dir.path.join("out");
    let r = run(["build", LONDON, "--format", "pdf", "--staff", list.to_str().unwrap(), "--skip-bad-rows", "--out", out.to_str().unwrap()]);
    r.assert_code(0);
    assert_eq!(r.stderr.matches("skipped: ").count(), 5, "{}", r.stderr);
    assert_eq!(pack_files(&out), ["london-safeguarding-level-2-ann-lee.pdf"]);
}

#[test]
fn unknown_columns_and_wrong_use_are_clear_errors() {
    let (_dir, r) = build_staff("staff-columns", "name,levle,band\nAnn,1,\n", &[]);
    r.assert_code(1);
    assert!(r.stderr.contains("unknown column `levle`; did you mean `level`?"), "{}", r.stderr);

    let (_dir, r) = build_staff("staff-twice", "name,level,Name\nAnn,1,Bob\n", &[]);
    r.assert_code(1);
    assert!(r.stderr.contains("the column `name` appears twice"), "{}", r.stderr);

    let r = run(["build", LONDON, "--staff", "/nonexistent/staff.csv"]);
    r.assert_code(2);
    assert!(r.stderr.contains("the staff list /nonexistent/staff.csv does not exist"), "{}", r.stderr);

    let (_dir, r) = build_staff("staff-no-role", "name,email\nAnn,a@b.c\n", &[]);
    r.assert_code(1);
    assert!(r.stderr.contains("needs a `name` column and a `role` or `level` column"), "{}", r.stderr);

    let r = run(["build", LONDON, "sources/semh-multi-agency.toml", "--staff", "staff.csv"]);
    r.assert_code(2);
    assert!(r.stderr.contains("name exactly one source file"), "{}", r.stderr);

    let r = run(["build", LONDON, "--skip-bad-rows"]);
    r.assert_code(2);
}

/// Staff names become file names only as folded, slugged ASCII.
#[test]
fn staff_names_cannot_escape_the_output_folder() {
    let long = "Anne ".repeat(100);
    let csv = format!("name,level\n../../etc/passwd,1\nCON,1\n/root/x,1\n{long},1\nC:\\Windows\\System32,1\n");
    let (dir, r) = build_staff("staff-unsafe", &csv, &[]);
    r.assert_code(0);
    let names = pack_files(&dir.path.join("out"));
    assert_eq!(names.len(), 5, "{names:?}");
    for name in &names {
        assert!(name.starts_with("london-safeguarding-level-1-"), "{name}");
        assert!(name.len() <= 130, "{name}");
        assert!(!name.contains(['/', '\\', ':']), "{name}");
    }
    assert!(names.contains(&"london-safeguarding-level-1-etc-passwd.pdf".to_string()), "{names:?}");
    assert!(names.contains(&"london-safeguarding-level-1-con.pdf".to_string()), "{names:?}");
    assert_eq!(file_names(&dir.path), ["out", "staff.csv"], "nothing written outside the output folder");
}
