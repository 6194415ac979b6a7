//! Personalised packs from a staff list (`build SOURCE --staff staff.csv`):
//! one pack per person with their name in the file name and the sign-off
//! pre-filled; bad rows reported by line and skipped only when asked.

use std::path::Path;

use crate::common::*;
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

/// The words of every table cell of a Word file, as python-docx reads
/// them (the cover's details are a table).
fn docx_cells(docx: &Path) -> String {
    let script = "import docx, sys\n\
                  d = docx.Document(sys.argv[1])\n\
                  print('\\n'.join(c.text for t in d.tables for r in t.rows for c in r.cells))";
    tool_stdout("python3", ["-c".as_ref(), script.as_ref(), docx.as_os_str()])
}

/// An HR export as it comes: its own columns are left out with a note,
/// those that look like ours too ("Job grade", "Job role", "Bank"), and
/// the job title is printed under the name on the cover of the PDF, the
/// Word and the HTML pack; a person without one has no such line.
#[test]
fn an_hr_export_builds_with_the_job_title_on_every_format() {
    let csv = "Employee ID,Name,Job Title,Job grade,Job role,Department,Bank,Level\n\
               E1,Siân Llwyd-Jones,Deputy head & SENCo,G7,Leadership,Ysgol y Graig,Lloyds,2\n\
               E2,Sam Smith,,G2,Support,Office,HSBC,1\n";
    let (dir, r) = build_staff("staff-hr", csv, &["--format", "docx", "--format", "html"]);
    r.assert_code(0);
    assert!(
        r.stderr
            .contains("the column(s) `Employee ID`, `Job grade`, `Job role`, `Department`, `Bank` are not framewright's and were left out"),
        "{}",
        r.stderr
    );
    let out = dir.path.join("out");
    let pack = |person: &str, extension: &str| out.join(format!("london-safeguarding-level-{person}.{extension}"));

    let sian = collapse(&pdftotext(&pack("2-sian-llwyd-jones", "pdf")));
    assert!(sian.contains("Prepared for Siân Llwyd-Jones Job title Deputy head & SENCo"), "{sian}");
    let sam = collapse(&pdftotext(&pack("1-sam-smith", "pdf")));
    assert!(sam.contains("Prepared for Sam Smith") && !sam.contains("Job title"), "{sam}");

    let sian = collapse(&docx_cells(&pack("2-sian-llwyd-jones", "docx")));
    assert!(sian.contains("Prepared for Siân Llwyd-Jones Job title Deputy head & SENCo"), "{sian}");
    assert!(!docx_cells(&pack("1-sam-smith", "docx")).contains("Job title"));

    let sian = std::fs::read_to_string(pack("2-sian-llwyd-jones", "html")).unwrap();
    assert!(sian.contains("<dt>Job title</dt><dd>Deputy head &amp; SENCo</dd>"), "the HTML cover names the job title, escaped");
    assert!(!std::fs::read_to_string(pack("1-sam-smith", "html")).unwrap().contains("Job title"));
}

/// A role written as a job title is the role whose example (or name) it
/// is, in any case and number, with a note per title saying which; the
/// title typed is the person's job title unless the list gives one.
#[test]
fn a_role_given_as_a_job_title_is_the_role_whose_example_it_is() {
    let csv = "name,role,job_title\n\
               Ann Lee,Head teacher,\n\
               Bob Ray,head TEACHERS,Executive head teacher\n\
               Cat Dee,Group 6,\n\
               Dan Fox,Teacher,\n\
               Eve Ng,Head teacher,\n";
    let (dir, r) = build_staff("staff-titles", csv, &[]);
    r.assert_code(0);
    let list = dir.path.join("staff.csv");
    for note in [
        "rows 2 and 6: role \"Head teacher\" taken as \"group-6\" (example: Head teachers)",
        "row 3: role \"head TEACHERS\" taken as \"group-6\" (example: Head teachers)",
        "row 4: role \"Group 6\" taken as \"group-6\" (its name)",
        // Whole titles: a teacher is not a head teacher.
        "row 5: role \"Teacher\" taken as \"group-3\" (example: Teachers)",
    ] {
        assert!(r.stderr.contains(&format!("note: {}: {note}", list.display())), "{note}\n{}", r.stderr);
    }
    let out = dir.path.join("out");
    assert_eq!(
        pack_files(&out),
        [
            "london-safeguarding-role-group-3-dan-fox.pdf",
            "london-safeguarding-role-group-6-ann-lee.pdf",
            "london-safeguarding-role-group-6-bob-ray.pdf",
            "london-safeguarding-role-group-6-cat-dee.pdf",
            "london-safeguarding-role-group-6-eve-ng.pdf",
        ]
    );
    let cover = |person: &str| collapse(&pdftotext(&out.join(format!("london-safeguarding-role-{person}.pdf"))));
    assert!(cover("group-6-ann-lee").contains("Ann Lee Job title Head teacher Role Group 6"), "{}", cover("group-6-ann-lee"));
    assert!(cover("group-6-bob-ray").contains("Bob Ray Job title Executive head teacher Role Group 6"));
    assert!(!cover("group-6-cat-dee").contains("Job title"), "a role's name is not a job title");
    assert!(cover("group-3-dan-fox").contains("Dan Fox Job title Teacher Role Group 3"));
    assert!(
        field_values(&out.join("london-safeguarding-role-group-6-ann-lee.pdf"))["signoff.role"].as_str().unwrap().starts_with("Group 6")
    );
}

/// A title two roles give as an example is ambiguous: an error naming
/// both; a title no role gives is unknown, and says what would do.
#[test]
fn a_job_title_of_two_roles_is_an_error_naming_both() {
    let london = std::fs::read_to_string(root().join(LONDON)).unwrap();
    let twice = london.replace("\"Police officers\", \"Sports coaches\"]", "\"Police officers\", \"Sports coaches\", \"Head teachers\"]");
    assert_ne!(twice, london, "the sample's group-2 examples have moved");
    let dir = temp_project("staff-ambiguous", &[("london.toml", &twice)]);
    let list = dir.write("staff.csv", "name,role\nAnn Lee,head teacher\nBob Ray,Dinner lady\nCat Dee,Sports coach\n");
    let out = dir.path.join("out");
    let r = run([
        "build",
        dir.path.join("sources/london.toml").to_str().unwrap(),
        "--staff",
        list.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    r.assert_code(1);
    let at = |line: usize| format!("error: {}:{line}: ", list.display());
    let expected = [
        (
            2,
            "role \"head teacher\" for Ann Lee could be \"group-2\" (example: Head teachers) or \"group-6\" (example: Head teachers); write the role's id in the `role` column",
        ),
        (
            3,
            "unknown role `Dinner lady` for Bob Ray; the roles are: group-1, group-2, group-3, group-4, group-5, group-6, group-7, group-8 (or a job title among the roles' examples)",
        ),
    ];
    for (line, message) in expected {
        assert!(r.stderr.contains(&format!("{}{message}", at(line))), "line {line}: {message}\n{}", r.stderr);
    }
    assert!(r.stderr.contains("2 bad rows"), "{}", r.stderr);
    assert_eq!(pack_files(&out), Vec::<String>::new(), "nothing was built");
}

/// Packs built from a list with job titles harvest as personalised packs
/// do, and what harvest hands the reports carries each job title: from a
/// `job_title` sign-off field where the source has one (pre-filled in the
/// PDF and the Word pack alike), else from the staff list given to
/// `harvest --staff`, for returns and for people still to chase.
#[test]
fn job_titles_reach_the_harvest_from_the_sign_off_or_the_staff_list() {
    let csv =
        "name,role,job_title\nAnn Lee,Head teacher,\nBob Ray,group-3,Class teacher\nCat Dee,Caretakers and facilities staff,Site manager\n";
    let titles = [("Ann Lee", "Head teacher"), ("Bob Ray", "Class teacher"), ("Cat Dee", "Site manager")];
    // (person, format, job title) of each return harvest kept (and of
    // those it left out as duplicates, with `also`), sorted.
    let submissions = |json: &Value, also: &str| -> Vec<(String, String, String)> {
        let mut got: Vec<(String, String, String)> = json["submissions"]
            .as_array()
            .unwrap()
            .iter()
            .chain(json[also].as_array().into_iter().flatten())
            .map(|s| (s["person"].as_str().unwrap().into(), s["format"].as_str().unwrap().into(), s["job_title"].as_str().unwrap().into()))
            .collect();
        got.sort();
        got
    };

    // A source whose sign-off asks for the job title.
    let london = std::fs::read_to_string(root().join(LONDON)).unwrap();
    let field = "[[assessment.signoff]]\nid = \"job_title\"\nlabel = \"Job title\"\n\n[[assessment.signoff]]\nid = \"role\"\n";
    let asked = london.replace("[[assessment.signoff]]\nid = \"role\"\n", field);
    assert_ne!(asked, london, "the sample's sign-off has moved");
    let dir = temp_project("staff-harvest-signoff", &[("london.toml", &asked)]);
    let source = dir.path.join("sources/london.toml");
    let list = dir.write("staff.csv", csv);
    let packs = dir.path.join("packs");
    let r = run([
        "build",
        source.to_str().unwrap(),
        "--staff",
        list.to_str().unwrap(),
        "--format",
        "pdf",
        "--format",
        "docx",
        "--out",
        packs.to_str().unwrap(),
    ]);
    r.assert_code(0);
    assert_eq!(field_values(&packs.join("london-safeguarding-role-group-6-ann-lee.pdf"))["signoff.job_title"], "Head teacher");
    std::fs::remove_file(packs.join("manifest.json")).unwrap();
    let out = dir.path.join("harvest");
    let r = run_in(
        &dir.path,
        ["harvest", packs.to_str().unwrap(), "--source", source.to_str().unwrap(), "--no-reports", "--out", out.to_str().unwrap()],
    );
    r.assert_code(0);
    let json: Value = serde_json::from_slice(&std::fs::read(out.join("harvest.json")).unwrap()).unwrap();
    // Each person's PDF and Word returns are the same person: one is kept.
    let mut status: Vec<&str> = json["files"].as_array().unwrap().iter().map(|f| f["status"].as_str().unwrap()).collect();
    status.sort();
    assert_eq!(status, ["duplicate", "duplicate", "duplicate", "partly_completed", "partly_completed", "partly_completed"], "{}", r.stderr);
    let want: Vec<(String, String, String)> = titles
        .iter()
        .flat_map(|(person, title)| ["docx", "pdf"].map(|format| (person.to_string(), format.to_string(), title.to_string())))
        .collect();
    assert_eq!(submissions(&json, "duplicates"), want);

    // The sample's sign-off has no job title: the staff list gives it.
    let (dir, r) = build_staff("staff-harvest-list", csv, &[]);
    r.assert_code(0);
    let packs = dir.path.join("out");
    std::fs::remove_file(packs.join("manifest.json")).unwrap();
    std::fs::remove_file(packs.join("london-safeguarding-role-group-1-cat-dee.pdf")).unwrap();
    let list = dir.path.join("staff.csv");
    let out = dir.path.join("harvest");
    let r = run_in(
        &root(),
        ["harvest", packs.to_str().unwrap(), "--source", LONDON, "--staff", list.to_str().unwrap(), "--out", out.to_str().unwrap()],
    );
    r.assert_code(0);
    let json: Value = serde_json::from_slice(&std::fs::read(out.join("harvest.json")).unwrap()).unwrap();
    assert_eq!(submissions(&json, "none"), [want[1].clone(), want[3].clone()], "{}", r.stderr);
    let chase = &json["chase"][0];
    assert_eq!(
        (&chase["person"], &chase["job_title"], &chase["status"]),
        (&"Cat Dee".into(), &"Site manager".into(), &"not_returned".into())
    );
    let analysis: Value = serde_json::from_slice(&std::fs::read(out.join("analysis.json")).unwrap()).unwrap();
    let plans: Vec<(&str, &str)> = analysis["frameworks"][0]["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["person"].as_str().unwrap(), p["job_title"].as_str().unwrap()))
        .collect();
    assert_eq!(plans, titles[..2]);
    let mut responses = csv::Reader::from_path(out.join("responses.csv")).unwrap();
    let column = responses.headers().unwrap().iter().position(|h| h == "job_title").expect("responses.csv has a job_title column");
    let people: std::collections::BTreeSet<(String, String)> =
        responses.records().map(|r| r.unwrap()).map(|r| (r[1].to_string(), r[column].to_string())).collect();
    assert_eq!(people.into_iter().collect::<Vec<_>>(), titles[..2].iter().map(|(p, t)| (p.to_string(), t.to_string())).collect::<Vec<_>>());
    // The reports print them: on each person's plan, and beside the name to chase.
    let report = crate::common::collapse(&crate::common::pdftotext(&out.join("report.pdf")));
    for (person, title) in titles[..2].iter().chain([&("Cat Dee", "Site manager")]) {
        assert!(report.contains(person) && report.contains(title), "report.pdf does not name {person}, {title}: {report}");
    }
}
