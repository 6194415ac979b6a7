//! `framewright harvest`: packs filled by programs that are not ours
//! (pypdf, pikepdf, PDFium, pdf.js; Word-style edits and LibreOffice
//! re-saves) come back with every character typed, and broken, foreign,
//! encrypted, flattened and older files each get their log entry. The
//! fillers are in `tests/clients/` (harvest_fill.py, pdfjs_fill.mjs,
//! docx_forms.py).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::common::{Run, TempDir, collapse, harvested, pdfinfo, pdftotext, python_json, root, run, run_in, tool_stdout};
use serde_json::{Value, json};

const SOURCE: &str = "sources/london-safeguarding.toml";
const WELSH: &str = "Rwy'n gallu dangos tystiolaeth o hyfforddiant diogelu — ŵ ŷ â ẁ.";
const ARABIC: &str = "أستطيع أن أشرح كيف أحمي الأطفال.";
const EMOJI: &str = "Supervision notes 📝 and a certificate 🎓 ✅";
const LINES: &str = "First line of evidence.\nSecond line, after a break.\n\nAfter an empty line.";

fn long_answer() -> String {
    ("Case records, supervision notes and a reflective log. ".repeat(40))[..2000].to_string()
}

/// Runs a program and fails with its output unless it succeeds.
fn tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("cannot run {program} ({e}); .ci/run installs it"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The level-2 packs of the sample, built once for every test here.
struct Packs {
    _dir: TempDir,
    pdf: PathBuf,
    docx: PathBuf,
    plan: Value,
}

fn packs() -> &'static Packs {
    static PACKS: OnceLock<Packs> = OnceLock::new();
    PACKS.get_or_init(|| {
        let dir = TempDir::new("harvest-packs");
        let out = dir.path.join("out");
        run(["build", SOURCE, "--level", "2", "--out", out.to_str().unwrap()]).assert_code(0);
        let manifest: Value = serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
        let text = manifest.to_string();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        let pdf = files.iter().find(|p| p.extension().is_some_and(|x| x == "pdf")).unwrap().clone();
        let stem = pdf.file_stem().unwrap().to_str().unwrap().to_string();
        let docx = out.join(format!("{stem}.docx"));
        assert!(docx.is_file(), "no Word twin of {stem}");
        // The pack id of the file, from the manifest.
        let entry = manifest["files"]
            .as_array()
            .map(|a| a.iter().find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(&format!("{stem}.pdf")))).cloned());
        let pack = entry.flatten().and_then(|e| e["pack"].as_str().map(str::to_string)).unwrap_or_else(|| panic!("{stem} not in {text}"));
        let plan = run(["plan", SOURCE, &pack]);
        plan.assert_code(0);
        let plan: Value = serde_json::from_str(&plan.stdout).unwrap();
        Packs { _dir: dir, pdf, docx, plan }
    })
}

/// What a person types into a pack: a rating for every row (every scale
/// point used), evidence in Welsh, Arabic, emoji, with line breaks and of
/// 2,000 characters, an action, and the sign-off.
/// Without `multiline`, leaves out line breaks and emoji, for PDFium: typing into a
/// field, its form filler turns a character the field's font lacks into a
/// private-use code (📝 becomes U+F4DD), which is what Chrome saves.
pub(crate) fn answers(plan: &Value, name: &str, date: &str, multiline: bool) -> BTreeMap<String, String> {
    let scale: Vec<String> = plan["assessment"]["scale"].as_array().unwrap().iter().map(|p| p["value"].to_string()).collect();
    let texts = [
        WELSH.to_string(),
        ARABIC.to_string(),
        if multiline { EMOJI.to_string() } else { "No emoji.".into() },
        if multiline { LINES.to_string() } else { "One line.".into() },
        long_answer(),
    ];
    let mut values = BTreeMap::new();
    for (i, row) in plan["assessment"]["rows"].as_array().unwrap().iter().enumerate() {
        values.insert(row["rating_field"].as_str().unwrap().to_string(), scale[i % scale.len()].clone());
        values.insert(row["evidence_field"].as_str().unwrap().to_string(), texts[i % texts.len()].clone());
        values.insert(row["action_field"].as_str().unwrap().to_string(), format!("Action {i}: book the course ✔"));
    }
    for field in plan["assessment"]["signoff"].as_array().unwrap() {
        let key = field["field"].as_str().unwrap().to_string();
        let value = match field["id"].as_str().unwrap() {
            "name" => name.to_string(),
            "role" => "Teaching assistant".to_string(),
            "setting" => "Ysgol Gymraeg Llundain".to_string(),
            "date" => date.to_string(),
            "review_date" => "2026-03-12".to_string(),
            other => format!("{other} of {name}"),
        };
        values.insert(key, value);
    }
    values.insert("actionplan.1.action".into(), "Shadow the designated lead".into());
    values
}

/// Fills `src` into `dst` with `filler` (pypdf, pikepdf, pdfium, pdfjs or word).
pub(crate) fn fill(filler: &str, src: &Path, dst: &Path, values: &BTreeMap<String, String>, scratch: &Path) {
    let values_path = scratch.join(format!("{}.values.json", dst.file_name().unwrap().to_string_lossy()));
    let values_json: BTreeMap<&String, Value> = values.iter().map(|(k, v)| (k, Value::String(v.clone()))).collect();
    let clients = root().join("tests/clients");
    let (s, d, v) = (src.to_str().unwrap(), dst.to_str().unwrap(), values_path.to_str().unwrap());
    match filler {
        "pdfjs" => {
            std::fs::write(&values_path, serde_json::to_vec(&values_json).unwrap()).unwrap();
            tool("node", &[clients.join("pdfjs_fill.mjs").to_str().unwrap(), s, d, v]);
        }
        "word" => {
            // Word's boxes: one tick per rating, on the box of the value.
            let mut word: BTreeMap<String, Value> = BTreeMap::new();
            for (k, value) in values {
                if k.ends_with(".rating") {
                    word.insert(format!("{k}={value}"), Value::Bool(true));
                } else {
                    word.insert(k.clone(), Value::String(value.clone()));
                }
            }
            std::fs::write(&values_path, serde_json::to_vec(&word).unwrap()).unwrap();
            tool("python3", &[clients.join("docx_forms.py").to_str().unwrap(), "fill", s, d, v]);
        }
        tool_name => {
            std::fs::write(&values_path, serde_json::to_vec(&values_json).unwrap()).unwrap();
            tool("python3", &[clients.join("harvest_fill.py").to_str().unwrap(), tool_name, s, d, v]);
        }
    }
}

fn harvest(dir: &Path, args: &[&str]) -> (Run, Value) {
    let out = dir.join("harvest");
    let mut all = vec!["harvest"];
    all.extend_from_slice(args);
    let source = root().join(SOURCE);
    all.extend(["--out", out.to_str().unwrap(), "--source", source.to_str().unwrap()]);
    let r = run_in(&root(), all);
    assert_ne!(r.code, 101, "harvest panicked: {}", r.stderr);
    let json = std::fs::read(out.join("harvest.json")).map(|b| serde_json::from_slice(&b).unwrap()).unwrap_or(Value::Null);
    (r, json)
}

/// One row of responses.csv: column → value.
type Record = BTreeMap<String, String>;

/// responses.csv as records keyed by (person, statement).
fn responses(dir: &Path) -> (Vec<String>, BTreeMap<(String, String), Record>) {
    let bytes = std::fs::read(dir.join("harvest/responses.csv")).unwrap();
    assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "responses.csv starts with a byte order mark");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let mut rows = BTreeMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        let row: BTreeMap<String, String> = header.iter().cloned().zip(record.iter().map(str::to_string)).collect();
        rows.insert((row["person"].clone(), row["statement"].clone()), row);
    }
    (header, rows)
}

fn assert_same(expected: &BTreeMap<String, String>, got: &BTreeMap<String, String>, who: &str) {
    let mut wrong = Vec::new();
    for (key, value) in expected {
        match got.get(key) {
            Some(v) if v == value => {}
            other => wrong.push(format!("{key}: typed {value:?}, harvested {other:?}")),
        }
    }
    assert!(wrong.is_empty(), "{who}: {} of {} values differ:\n{}", wrong.len(), expected.len(), wrong.join("\n"));
}

#[test]
fn pdf_packs_filled_by_four_other_programs_come_back_exactly() {
    let packs = packs();
    let dir = TempDir::new("harvest-pdf-clients");
    let inputs = dir.path.join("returned");
    std::fs::create_dir_all(&inputs).unwrap();
    let fillers = [("pypdf", "Ann Jones"), ("pikepdf", "Zoë Ó Briain"), ("pdfium", "Gwenllïan ap Rhys"), ("pdfjs", "فاطمة الزهراء")];
    let mut typed = BTreeMap::new();
    for (i, (filler, person)) in fillers.iter().enumerate() {
        let values = answers(&packs.plan, person, &format!("2025-03-1{i}"), *filler != "pdfium");
        fill(filler, &packs.pdf, &inputs.join(format!("{filler}.pdf")), &values, &dir.path);
        typed.insert(*person, values);
    }
    let (r, json) = harvest(&dir.path, &[inputs.to_str().unwrap()]);
    r.assert_code(0);
    assert_eq!(json["counts"]["read"], 4, "{:#}", json["files"]);
    for file in json["files"].as_array().unwrap() {
        assert_eq!(file["notes"], json!([]), "a clean save has nothing to note: {file:#}");
    }
    let (header, rows) = responses(&dir.path);
    for column in ["file", "person", "role", "level", "band", "setting", "statement", "rating", "met", "evidence", "action", "signed_off"] {
        assert!(header.iter().any(|h| h == column), "responses.csv has no column {column}: {header:?}");
    }
    let scale = packs.plan["assessment"]["scale"].as_array().unwrap();
    for (person, values) in &typed {
        assert_same(values, &harvested(&json, person), person);
        // The same values in responses.csv, with `met` from the scale.
        for row in packs.plan["assessment"]["rows"].as_array().unwrap() {
            let id = row["statement"].as_str().unwrap();
            let csv = &rows[&(person.to_string(), id.to_string())];
            assert_eq!(csv["rating"], values[&format!("{id}.rating")]);
            assert_eq!(csv["evidence"], values[&format!("{id}.evidence")]);
            assert_eq!(csv["action"], values[&format!("{id}.action")]);
            let met = scale.iter().find(|p| csv["rating"].parse::<i64>().ok() == p["value"].as_i64()).unwrap()["met"].as_bool().unwrap();
            assert_eq!(csv["met"], if met { "yes" } else { "no" });
            assert_eq!(csv["setting"], "Ysgol Gymraeg Llundain");
            assert!(csv["signed_off"].starts_with("2025-03-1"), "{csv:?}");
        }
    }
    assert_reports_hold_the_analysis(&dir.path.join("harvest"));
    // The originals are untouched, and a second run writes the same bytes.
    let first: Vec<Vec<u8>> =
        ["responses.csv", "harvest.json", "report.pdf", "report.docx", "analysis.xlsx", "summary.json", "summary.pdf"]
            .iter()
            .map(|f| std::fs::read(dir.path.join("harvest").join(f)).unwrap_or_else(|e| panic!("{f}: {e}")))
            .collect();
    harvest(&dir.path, &[inputs.to_str().unwrap()]).0.assert_code(0);
    let second: Vec<Vec<u8>> =
        ["responses.csv", "harvest.json", "report.pdf", "report.docx", "analysis.xlsx", "summary.json", "summary.pdf"]
            .iter()
            .map(|f| std::fs::read(dir.path.join("harvest").join(f)).unwrap())
            .collect();
    assert!(first == second, "a second harvest of the same files wrote different bytes");
}

/// The training needs analysis as the school reads it (report.pdf by
/// Poppler, report.docx by its paragraphs, analysis.xlsx by openpyxl) and
/// the council's summary.pdf say what analysis.json holds: every domain
/// with its share below "met", every person's plan, no invisible
/// characters in the PDFs' text.
fn assert_reports_hold_the_analysis(out: &Path) {
    let analysis: Value = serde_json::from_slice(&std::fs::read(out.join("analysis.json")).unwrap()).unwrap();
    let report = pdftotext(&out.join("report.pdf"));
    let summary = pdftotext(&out.join("summary.pdf"));
    for (name, text) in [("report.pdf", &report), ("summary.pdf", &summary)] {
        let hidden: Vec<char> = text.chars().filter(|c| matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')).collect();
        assert!(hidden.is_empty(), "{name} holds invisible characters: {hidden:?}");
    }
    let report = collapse(&report);
    // The Word report meets the schema like the packs (tests/it/docx.rs).
    let word_report = out.join("report.docx");
    for format in ["office2019", "office2007"] {
        let audit = tool_stdout("openxml-audit", ["-o", "json", "-m", "0", "-f", format, word_report.to_str().unwrap()]);
        let audit: Value = serde_json::from_str(&audit).unwrap();
        assert_eq!((&audit[0]["errors"], &audit[0]["valid"]), (&json!([]), &json!(true)), "openxml-audit {format}: {audit:#}");
    }
    let schema = python_json([root().join("tests/clients/ooxml_schema.py").to_str().unwrap(), word_report.to_str().unwrap()]);
    assert_eq!(schema["errors"], json!({}), "xmllint --schema wml.xsd: {schema:#}");
    assert_eq!(schema["validated"], schema["parts"], "{schema}");
    let frameworks = analysis["frameworks"].as_array().unwrap().len();
    let pages: usize = pdfinfo(&out.join("summary.pdf"))["Pages"].parse().unwrap();
    assert!((frameworks..=2 * frameworks).contains(&pages), "the council's summary is a page or two per framework, not {pages}");
    // Dates as people write them: the harvest's date is 2025-03-1x.
    let date = analysis["date"].as_str().unwrap();
    let written = format!("{} March 2025", date.strip_prefix("2025-03-").unwrap().trim_start_matches('0'));
    assert!(report.contains(&written) && collapse(&summary).contains(&written), "the reports do not date themselves {written}");
    assert!(!report.contains(date), "report.pdf prints the date as {date}");
    let word = collapse(&crate::common::docx_text(&out.join("report.docx")));
    let workbook = python_json([
        "-c",
        "import json, sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\n\
         print(json.dumps({ws.title: [[c for c in row] for row in ws.iter_rows(values_only=True)] for ws in wb}, default=str))",
        out.join("analysis.xlsx").to_str().unwrap(),
    ]);
    for fw in analysis["frameworks"].as_array().unwrap() {
        let title = fw["title"].as_str().unwrap();
        assert!(report.contains(title) && word.contains(title) && collapse(&summary).contains(title), "{title} is missing from a report");
        for domain in fw["domains"].as_array().unwrap() {
            let share = format!("{} %", (domain["share_below"].as_f64().unwrap() * 100.0).round());
            let line = format!("{} {share}", domain["title"].as_str().unwrap());
            assert!(report.contains(&line), "report.pdf does not show `{line}`");
            assert!(word.contains(domain["title"].as_str().unwrap()), "report.docx has no domain {}", domain["title"]);
        }
        for plan in fw["plans"].as_array().unwrap() {
            let person = plan["person"].as_str().unwrap();
            assert!(word.contains(person), "report.docx has no training plan for {person}");
            // Poppler, PDFium and pypdf all read Noto Sans Arabic's dotted
            // letters back as two glyphs out of order (the print is right,
            // see `arabic_found` in tests/it/docx.rs): Arabic names are checked
            // in the Word report and the workbook only.
            if !person.chars().any(|c| ('\u{600}'..='\u{6FF}').contains(&c)) {
                assert!(report.contains(person), "report.pdf has no training plan for {person}");
            }
        }
        // Columns: framework, rank, statement, … and framework, person, ….
        let statements = workbook["Statements"].as_array().unwrap();
        assert_eq!(statements.len(), fw["statements"].as_array().unwrap().len() + 1, "a row per statement under the header");
        for s in fw["statements"].as_array().unwrap() {
            assert!(statements.iter().any(|row| row[2] == s["id"] && row[0] == fw["id"]), "analysis.xlsx has no row for {}", s["id"]);
        }
        let people = workbook["People"].as_array().unwrap();
        assert_eq!(people.len(), fw["plans"].as_array().unwrap().len() + 1, "a row per person under the header");
        for plan in fw["plans"].as_array().unwrap() {
            assert!(people.iter().any(|row| row[1] == plan["person"]), "analysis.xlsx has no row for {}", plan["person"]);
        }
    }
}

#[test]
fn word_packs_filled_as_word_does_and_resaved_by_libreoffice_come_back() {
    let packs = packs();
    let dir = TempDir::new("harvest-word");
    let inputs = dir.path.join("returned");
    std::fs::create_dir_all(&inputs).unwrap();
    let word_values = answers(&packs.plan, "Siân Evans", "2025-04-01", true);
    fill("word", &packs.docx, &inputs.join("word.docx"), &word_values, &dir.path);
    // LibreOffice opens Word's file and saves it again (dropping the tags).
    let lo_values = answers(&packs.plan, "Rhodri Morgan", "2025-04-02", false);
    let staging = dir.path.join("staging");
    std::fs::create_dir_all(&staging).unwrap();
    fill("word", &packs.docx, &staging.join("libreoffice.docx"), &lo_values, &dir.path);
    let profile = format!("-env:UserInstallation=file://{}", dir.path.join("lo-profile").display());
    let resaved = dir.path.join("resaved");
    tool(
        "soffice",
        &[
            &profile,
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            resaved.to_str().unwrap(),
            staging.join("libreoffice.docx").to_str().unwrap(),
        ],
    );
    std::fs::copy(resaved.join("libreoffice.docx"), inputs.join("libreoffice.docx")).unwrap();
    let (r, json) = harvest(&dir.path, &[inputs.to_str().unwrap()]);
    r.assert_code(0);
    assert_eq!(json["counts"]["read"], 2, "{:#}", json["files"]);
    assert_same(&word_values, &harvested(&json, "Siân Evans"), "Word");
    assert_same(&lo_values, &harvested(&json, "Rhodri Morgan"), "LibreOffice");
}

#[test]
fn a_word_row_with_two_ticks_is_a_reported_mistake_and_placeholders_are_not_answers() {
    let packs = packs();
    let dir = TempDir::new("harvest-word-mistakes");
    let rows = packs.plan["assessment"]["rows"].as_array().unwrap();
    let first = rows[0]["statement"].as_str().unwrap();
    let values = json!({ format!("{first}.rating=1"): true, format!("{first}.rating=2"): true, "signoff.name": "Tom Two-Ticks" });
    let values_path = dir.write("values.json", values.to_string());
    let filled = dir.path.join("in/two.docx");
    std::fs::create_dir_all(filled.parent().unwrap()).unwrap();
    tool(
        "python3",
        &[
            root().join("tests/clients/docx_forms.py").to_str().unwrap(),
            "fill",
            packs.docx.to_str().unwrap(),
            filled.to_str().unwrap(),
            values_path.to_str().unwrap(),
        ],
    );
    // Word shows the placeholder in an empty control and says so.
    let bytes = std::fs::read(&filled).unwrap();
    let rewritten = rewrite_zip(&bytes, "word/document.xml", |xml| {
        let second = rows[1]["evidence_field"].as_str().unwrap();
        let start = xml.find(&format!("<w:tag w:val=\"{second}\"")).unwrap_or_else(|| panic!("no control tagged {second}"));
        let end = start + xml[start..].find("/>").unwrap() + 2;
        format!("{}<w:showingPlcHdr/>{}", &xml[..end], &xml[end..])
    });
    std::fs::write(&filled, rewritten).unwrap();
    let (r, json) = harvest(&dir.path, &[dir.path.join("in").to_str().unwrap()]);
    r.assert_code(0);
    let entry = &json["files"][0];
    assert_eq!(entry["status"], "partly_completed", "{entry:#}");
    let mistakes = entry["mistakes"].to_string();
    assert!(mistakes.contains(&format!("{first}.rating: 2 boxes ticked (1, 2)")), "{mistakes}");
    let values = harvested(&json, "Tom Two-Ticks");
    assert!(!values.contains_key(&format!("{first}.rating")), "a rating was guessed: {values:?}");
    assert!(!values.keys().any(|k| k.ends_with(".evidence")), "placeholder text became an answer: {values:?}");
}

fn rewrite_zip(bytes: &[u8], name: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        let file_name = file.name().to_string();
        if file_name == name {
            data = edit(std::str::from_utf8(&data).unwrap()).into_bytes();
        }
        out.start_file(file_name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn every_broken_foreign_or_older_file_gets_its_log_entry_and_the_good_ones_are_harvested() {
    let packs = packs();
    let dir = TempDir::new("harvest-mixed");
    let inputs = dir.path.join("mixed");
    std::fs::create_dir_all(inputs.join("sub")).unwrap();
    let good = inputs.join("sub/good.pdf");
    fill("pypdf", &packs.pdf, &good, &answers(&packs.plan, "Good Person", "2025-05-01", true), &dir.path);
    // A duplicate of the same person, signed off earlier.
    fill("pikepdf", &packs.pdf, &inputs.join("early.pdf"), &answers(&packs.plan, "Good Person", "2025-01-01", true), &dir.path);
    // A PDF that is not a pack.
    tool("qpdf", &["--empty", inputs.join("foreign.pdf").to_str().unwrap()]);
    // Cut short.
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(inputs.join("truncated.pdf"), &bytes[..bytes.len() / 3]).unwrap();
    // A damaged cross-reference table (`startxref` points nowhere), another
    // person's: the table is rebuilt, the answers are read, with a note.
    let at = bytes.windows(9).rposition(|w| w == b"startxref").unwrap();
    let mut damaged = [&bytes[..at], b"startxref\n123\n%%EOF\n".as_slice()].concat();
    let name = damaged.windows(11).position(|w| w == b"Good Person").expect("the name is stored as written");
    damaged[name..name + 11].copy_from_slice(b"Dai Damaged");
    std::fs::write(inputs.join("damaged.pdf"), damaged).unwrap();
    // Encrypted with a password.
    tool("qpdf", &["--encrypt", "secret", "owner", "256", "--", good.to_str().unwrap(), inputs.join("encrypted.pdf").to_str().unwrap()]);
    // Encrypted without a user password: opens, and is read.
    tool(
        "qpdf",
        &[
            "--encrypt",
            "",
            "owner",
            "256",
            "--",
            inputs.join("early.pdf").to_str().unwrap(),
            inputs.join("open-encrypted.pdf").to_str().unwrap(),
        ],
    );
    // Flattened: the answers are drawn into the page, the fields are gone.
    tool(
        "qpdf",
        &["--flatten-annotations=all", "--remove-restrictions", good.to_str().unwrap(), inputs.join("flattened.pdf").to_str().unwrap()],
    );
    // A zip that is not a Word document, and an empty file.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("hello.txt", zip::write::SimpleFileOptions::default()).unwrap();
    std::io::Write::write_all(&mut zip, b"hello").unwrap();
    std::fs::write(inputs.join("not-word.docx"), zip.finish().unwrap().into_inner()).unwrap();
    std::fs::write(inputs.join("empty.pdf"), b"").unwrap();
    // A pack built from an older version of the source: one statement it
    // asked about is gone now, and the current source has one it lacks.
    let old = older_pack(&dir);
    let old_plan: Value =
        serde_json::from_str(&run(["plan", old.1.to_str().unwrap(), packs.plan["identity"]["pack_id"].as_str().unwrap()]).stdout).unwrap();
    fill("pypdf", &old.0, &inputs.join("older.pdf"), &answers(&old_plan, "Olwen Older", "2024-06-01", true), &dir.path);

    let (r, json) = harvest(&dir.path, &[inputs.to_str().unwrap()]);
    r.assert_code(1);
    let status = statuses(&json);
    let expect = |file: &str, want: &str, words: &str| expect_status(&status, file, want, words);
    assert_eq!(status.len(), 11, "{status:#?}");
    expect("damaged.pdf", "read", "rated");
    expect("good.pdf", "read", "rated");
    expect("early.pdf", "duplicate", "good.pdf");
    expect("open-encrypted.pdf", "duplicate", "good.pdf");
    expect("foreign.pdf", "foreign", "not made by framewright");
    expect("truncated.pdf", "corrupt", "cut short");
    expect("encrypted.pdf", "encrypted", "password");
    expect("flattened.pdf", "flattened", "no answers, flattened");
    expect("not-word.docx", "foreign", "not a Word document");
    expect("empty.pdf", "foreign", "empty");
    expect("older.pdf", "older_version", "version 0.9");
    expect("older.pdf", "older_version", "no longer in the pack: retired-statement");
    expect("older.pdf", "older_version", "did not ask: ");
    assert!(r.stderr.contains("truncated.pdf: corrupt"), "{}", r.stderr);
    let notes = |file: &str| {
        json["files"].as_array().unwrap().iter().find(|f| f["file"].as_str().unwrap().ends_with(file)).unwrap()["notes"].clone()
    };
    assert_eq!(notes("damaged.pdf"), json!(["the PDF's cross-reference table was damaged and has been rebuilt; check its answers"]));
    assert_eq!(notes("open-encrypted.pdf"), json!(["the PDF is encrypted; it opened without a password"]));
    assert_eq!(notes("good.pdf"), json!([]));
    // The good files are harvested, the older one by statement id.
    let people: Vec<&str> = json["submissions"].as_array().unwrap().iter().map(|s| s["person"].as_str().unwrap()).collect();
    assert_eq!(people, ["Dai Damaged", "Olwen Older", "Good Person"]);
    let (_, rows) = responses(&dir.path);
    assert_eq!(rows[&("Olwen Older".to_string(), "retired-statement".to_string())]["status"], "removed");
    assert!(rows.iter().any(|((p, _), r)| p == "Olwen Older" && r["status"] == "not_in_form"));
    assert!(
        rows.contains_key(&("Good Person".to_string(), packs.plan["assessment"]["rows"][0]["statement"].as_str().unwrap().to_string()))
    );
}

/// A copy of the sample source at version 0.9 with one statement retired
/// (its id changed), and the level-2 PDF pack built from it.
fn older_pack(dir: &TempDir) -> (PathBuf, PathBuf) {
    let packs = packs();
    let text = std::fs::read_to_string(root().join(SOURCE)).unwrap();
    let first = packs.plan["assessment"]["rows"][0]["statement"].as_str().unwrap();
    let version = text.lines().find(|l| l.starts_with("version = ")).unwrap();
    let old = text.replacen(version, "version = \"0.9\"", 1).replace(&format!("id = \"{first}\""), "id = \"retired-statement\"");
    assert_ne!(old, text);
    let project = dir.path.join("old-project");
    copy_dir(&root().join("templates"), &project.join("templates"));
    copy_dir(&root().join("fonts"), &project.join("fonts"));
    if root().join("assets").is_dir() {
        copy_dir(&root().join("assets"), &project.join("assets"));
    }
    let source = project.join("sources/old.toml");
    std::fs::create_dir_all(source.parent().unwrap()).unwrap();
    std::fs::write(&source, old.replace(&format!("\"{first}\""), "\"retired-statement\"")).unwrap();
    let out = project.join("out");
    run_in(&project, ["build", "sources/old.toml", "--level", "2", "--format", "pdf", "--out", "out"]).assert_code(0);
    let mut pdfs: Vec<PathBuf> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "pdf")).collect();
    pdfs.sort();
    let stem = packs.pdf.file_name().unwrap();
    let pdf = pdfs.into_iter().find(|p| p.file_name() == Some(stem)).expect("the same pack from the older source");
    (pdf, source)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// `values` saved at `name` in `dir` as the HTML edition's "Download my
/// answers" saves them, for the sample's level-2 pack.
fn answers_file(dir: &TempDir, name: &str, values: &BTreeMap<String, String>) {
    let identity = &packs().plan["identity"];
    let file = json!({
        "framewright": {"framework": identity["framework_id"], "version": identity["framework_version"], "pack": identity["pack_id"], "plan": identity["plan_hash"]},
        "answers": values,
    });
    dir.write(name, serde_json::to_vec_pretty(&file).unwrap());
}

#[test]
fn the_answers_file_of_the_html_edition_is_read_and_summaries_merge() {
    let packs = packs();
    let dir = TempDir::new("harvest-json");
    let mut people = Vec::new();
    for i in 0..6 {
        let values = answers(&packs.plan, &format!("Person {i}"), &format!("2025-02-1{i}"), true);
        answers_file(&dir, &format!("in/person-{i}.json"), &values);
        people.push(values);
    }
    let (r, json) = harvest(&dir.path, &[dir.path.join("in").to_str().unwrap()]);
    r.assert_code(0);
    assert_same(&people[3], &harvested(&json, "Person 3"), "answers file");
    let summary: Value = serde_json::from_slice(&std::fs::read(dir.path.join("harvest/summary.json")).unwrap()).unwrap();
    let text = summary.to_string();
    assert!(!text.contains("Person 3") && !text.contains(WELSH), "the council summary holds names or evidence");
    assert_eq!(summary["frameworks"][0]["people"], 6);
    // Two settings' summaries merge into one view: counts add up.
    let merged = dir.path.join("merged");
    let a = dir.path.join("harvest/summary.json");
    let r = run(["harvest", "--merge", a.to_str().unwrap(), a.to_str().unwrap(), "--out", merged.to_str().unwrap()]);
    r.assert_code(0);
    let merged: Value = serde_json::from_slice(&std::fs::read(merged.join("summary.json")).unwrap()).unwrap();
    assert_eq!(merged["frameworks"][0]["people"], 12);
    assert_eq!(merged["summaries"], 2);
    assert!(dir.path.join("merged/summary.pdf").is_file());
}

#[test]
fn usage_errors_exit_2() {
    let dir = TempDir::new("harvest-usage");
    let r = run(["harvest", "--out", dir.path.to_str().unwrap()]);
    r.assert_code(2);
    let r = run(["harvest", "no-such-folder", "--out", dir.path.to_str().unwrap()]);
    r.assert_code(2);
    assert!(r.stderr.contains("no-such-folder"), "{}", r.stderr);
    // A number of staff belongs to one framework's source.
    let r = run_in(&root(), ["harvest", dir.path.to_str().unwrap(), "--expected", "12", "--out", dir.path.join("out").to_str().unwrap()]);
    r.assert_code(2);
    assert!(r.stderr.contains("--expected counts the staff of one framework"), "{}", r.stderr);
    // The council's list of settings must be there and name one.
    let summary = dir.write("summary.json", "{}");
    let list = dir.write("settings.txt", "# none yet\n");
    for (file, words) in [(dir.path.join("no-list.txt"), "cannot read"), (list, "names no setting")] {
        let r = run(["harvest", "--merge", summary.to_str().unwrap(), "--settings", file.to_str().unwrap(), "--out", "out"]);
        r.assert_code(2);
        assert!(r.stderr.contains(words) && r.stderr.contains(file.to_str().unwrap()), "{}", r.stderr);
    }
}

/// The harvest's status and reason for each input, by file name.
fn statuses(json: &Value) -> BTreeMap<String, (String, String)> {
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let name = Path::new(f["file"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned();
            (name, (f["status"].as_str().unwrap().to_string(), f["reason"].as_str().unwrap().to_string()))
        })
        .collect()
}

/// Fails unless `file` has the status `want` and its reason says `words`.
fn expect_status(status: &BTreeMap<String, (String, String)>, file: &str, want: &str, words: &str) {
    let (got, reason) = status.get(file).unwrap_or_else(|| panic!("{file} is not in harvest.json: {status:#?}"));
    assert_eq!(got, want, "{file}: {reason}");
    assert!(reason.contains(words), "{file}: the reason {reason:?} does not say {words:?}");
}

#[test]
fn files_made_to_hurt_cost_only_themselves() {
    let packs = packs();
    let dir = TempDir::new("harvest-hostile");
    let inputs = dir.path.join("returned");
    let identity = &packs.plan["identity"];
    let id = json!({"framework": identity["framework_id"], "version": identity["framework_version"], "pack": identity["pack_id"]});
    let id_path = dir.path.join("identity.json");
    std::fs::write(&id_path, id.to_string()).unwrap();
    let script = root().join("tests/clients/hostile_returns.py");
    tool("python3", &[script.to_str().unwrap(), id_path.to_str().unwrap(), packs.docx.to_str().unwrap(), inputs.to_str().unwrap()]);
    let good = answers(&packs.plan, "Gwen Good", "2025-05-01", true);
    fill("pypdf", &packs.pdf, &inputs.join("good.pdf"), &good, &dir.path);
    // A named pipe among the returns would wait for a writer for ever.
    tool("mkfifo", &[inputs.join("pipe.pdf").to_str().unwrap()]);

    // The peak memory of the harvest and every worker it waited for.
    let out = dir.path.join("harvest");
    let started = std::time::Instant::now();
    let measured = Command::new("python3")
        .args([
            "-c",
            "import resource, subprocess, sys\n\
             r = subprocess.run(sys.argv[1:], capture_output=True)\n\
             sys.stdout.buffer.write(r.stdout); sys.stderr.buffer.write(r.stderr)\n\
             print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n\
             sys.exit(r.returncode if r.returncode >= 0 else 128 - r.returncode)",
            env!("CARGO_BIN_EXE_framewright"),
            "harvest",
            inputs.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--source",
            root().join(SOURCE).to_str().unwrap(),
        ])
        .current_dir(root())
        .output()
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&measured.stderr).into_owned();
    assert_eq!(measured.status.code(), Some(1), "every hostile file is unusable, nothing takes the run down:\n{stderr}");
    let peak_kib: u64 = stderr.lines().last().unwrap().trim().parse().unwrap();
    assert!(peak_kib < 1024 * 1024, "peak memory {peak_kib} KiB");
    assert!(seconds < 120.0, "{seconds:.1} s for a dozen files");

    let json: Value = serde_json::from_slice(&std::fs::read(out.join("harvest.json")).unwrap()).unwrap();
    let status = statuses(&json);
    let expect = |file: &str, want: &str, words: &str| expect_status(&status, file, want, words);
    assert_eq!(status.len(), 15, "every file accounted for: {status:#?}");
    expect("pipe.pdf", "foreign", "not a regular file");
    expect("good.pdf", "read", "rated");
    expect("pdf-deep-fields.pdf", "damaged", "nested deeper than 64 levels");
    expect("pdf-deep-value.pdf", "damaged", "nested deeper than 64 levels");
    expect("pdf-deep-objstm.pdf", "damaged", "nested deeper than 64 levels");
    // Past the nesting scan (an ASCIIHex object stream): the worker dies on
    // it, alone.
    expect("pdf-deep-objstm-hex.pdf", "damaged", "crashed framewright's reader");
    expect("pdf-value-bomb.pdf", "damaged", "inflates to more than 16 MiB");
    expect("pdf-kids-cycle.pdf", "damaged", "loops back on itself");
    expect("pdf-xref-loop.pdf", "damaged", "loop back on themselves");
    expect("pdf-xref-two-billion.pdf", "corrupt", "cannot be read");
    expect("answers-huge.json", "damaged", "larger than the 4 MiB");
    expect("answers-deep.json", "damaged", "nested more than 128 levels");
    expect("docx-document-bomb.docx", "damaged", "word/document.xml");
    expect("docx-deep-xml.docx", "damaged", "more than 256 deep");
    expect("docx-many-entries.docx", "damaged", "more than the 1000 a Word file has");
    for (file, (got, _)) in &status {
        assert_ne!(got, "flattened", "{file}: a broken file is damaged, not flattened");
    }
    // The good return is exact.
    let (_, rows) = responses(&dir.path);
    let first = &packs.plan["assessment"]["rows"][0];
    let evidence = &rows[&("Gwen Good".to_string(), first["statement"].as_str().unwrap().to_string())]["evidence"];
    assert_eq!(evidence, &good[first["evidence_field"].as_str().unwrap()]);
}

#[test]
fn a_harvest_in_shards_gives_the_same_bytes_as_one_run() {
    let packs = packs();
    let dir = TempDir::new("harvest-shards");
    let inputs = dir.path.join("returned");
    std::fs::create_dir_all(&inputs).unwrap();
    for (i, (filler, name)) in
        [("pypdf", "Ann One"), ("pikepdf", "Ben Two"), ("pypdf", "Cai Three"), ("pikepdf", "Ann One")].iter().enumerate()
    {
        let date = format!("2025-0{}-01", i + 1);
        fill(filler, &packs.pdf, &inputs.join(format!("{i}.pdf")), &answers(&packs.plan, name, &date, true), &dir.path);
    }
    fill("word", &packs.docx, &inputs.join("word.docx"), &answers(&packs.plan, "Dee Word", "2025-06-01", true), &dir.path);
    std::fs::write(inputs.join("empty.pdf"), b"").unwrap();
    let source = root().join(SOURCE);
    let whole = dir.path.join("whole");
    let harvest_with = |args: &[&str]| {
        let mut all = vec!["harvest"];
        all.extend_from_slice(args);
        all.extend(["--source", source.to_str().unwrap()]);
        run_in(&root(), all)
    };
    harvest_with(&[inputs.to_str().unwrap(), "--out", whole.to_str().unwrap()]).assert_code(1);
    let parts = dir.path.join("parts");
    for k in 1..=3 {
        harvest_with(&[inputs.to_str().unwrap(), "--shard", &format!("{k}/3"), "--out", parts.to_str().unwrap()]).assert_code(0);
    }
    // A part missing is refused by name.
    let two = dir.path.join("two");
    std::fs::create_dir_all(&two).unwrap();
    for k in 1..=2 {
        std::fs::copy(parts.join(format!("shard-{k}-of-3.jsonl")), two.join(format!("shard-{k}-of-3.jsonl"))).unwrap();
    }
    let r = harvest_with(&["--combine", two.to_str().unwrap(), "--out", dir.path.join("bad").to_str().unwrap()]);
    r.assert_code(2);
    assert!(r.stderr.contains("parts 3 of 3 are missing"), "{}", r.stderr);

    let combined = dir.path.join("combined");
    harvest_with(&["--combine", parts.to_str().unwrap(), "--out", combined.to_str().unwrap()]).assert_code(1);
    let mut names: Vec<String> =
        std::fs::read_dir(&whole).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert!(names.len() >= 8 && names.contains(&"report.pdf".to_string()), "{names:?}");
    for name in &names {
        let (a, b) = (std::fs::read(whole.join(name)).unwrap(), std::fs::read(combined.join(name)).unwrap());
        assert!(a == b, "{name} differs between the whole harvest and the combined shards");
    }
}

#[test]
fn personalised_packs_of_every_role_and_level_of_every_sample_are_harvested() {
    for source in ["london-safeguarding", "school-staff-mental-health", "semh-multi-agency", "yorkshire-humber-pcf"] {
        let dir = TempDir::new("harvest-staff");
        let path = root().join(format!("sources/{source}.toml"));
        let model: Value = serde_json::from_str(&run(["dump", path.to_str().unwrap()]).stdout).unwrap();
        let band = model["bands"].as_array().and_then(|b| b.first()).map_or(String::new(), |b| b["id"].as_str().unwrap().to_string());
        let mut csv = String::from("name,role,level,band\n");
        let ids =
            |key: &str| -> Vec<String> { model[key].as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap().to_string()).collect() };
        for role in ids("roles") {
            csv.push_str(&format!("Person of role {role},{role},,{band}\n"));
        }
        for level in ids("levels") {
            csv.push_str(&format!("Person of level {level},,{level},{band}\n"));
        }
        let staff = dir.path.join("staff.csv");
        std::fs::write(&staff, &csv).unwrap();
        let out = dir.path.join("packs");
        run(["build", path.to_str().unwrap(), "--staff", staff.to_str().unwrap(), "--format", "docx", "--out", out.to_str().unwrap()])
            .assert_code(0);
        let harvested = dir.path.join("harvest");
        let r = run_in(
            &root(),
            ["harvest", out.to_str().unwrap(), "--out", harvested.to_str().unwrap(), "--source", path.to_str().unwrap(), "--no-reports"],
        );
        let json: Value = serde_json::from_slice(&std::fs::read(harvested.join("harvest.json")).unwrap()).unwrap();
        let status = statuses(&json);
        let people = csv.lines().count() - 1;
        assert_eq!(status.values().filter(|(s, _)| s == "partly_completed").count(), people, "{source}: {status:#?}\n{}", r.stderr);
    }
}

/// One person of a setting for the disclosure tests: their typed role,
/// a seed for their ratings (some rows left unrated when `complete`
/// is false), and the sign-off date typed.
struct Person {
    role: &'static str,
    seed: u64,
    complete: bool,
    signed: &'static str,
}

/// Sign-off dates for the random settings: with a 3-year refresher, due
/// in every band from a summary of March 2025 (overdue, the next 3
/// months, 3 to 6, 6 to 12, later), and one that is not a date.
const SIGNED: [&str; 7] = ["2022-01-10", "2022-04-02", "2022-07-30", "2022-12-01", "2024-06-06", "2025-03-12", "spring"];

/// A deterministic stream of numbers (a linear congruential generator).
fn next(seed: &mut u64) -> u64 {
    *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    *seed >> 33
}

/// Writes one answers file per person of `setting` into `dir`, and
/// returns what each rated: (typed role, complete, statement → met).
fn setting_answers(plan: &Value, dir: &TempDir, setting: &str, people: &[Person]) -> Vec<(String, bool, BTreeMap<String, bool>)> {
    let identity = &plan["identity"];
    let scale = plan["assessment"]["scale"].as_array().unwrap();
    let mut truth = Vec::new();
    for (i, person) in people.iter().enumerate() {
        let mut seed = person.seed;
        let mut answers = serde_json::Map::new();
        let mut rated = BTreeMap::new();
        let rows = plan["assessment"]["rows"].as_array().unwrap();
        for (r, row) in rows.iter().enumerate() {
            if !person.complete && r % 3 == 1 {
                // Asked, not answered.
                answers.insert(row["rating_field"].as_str().unwrap().into(), Value::Null);
                continue;
            }
            let point = &scale[next(&mut seed) as usize % scale.len()];
            answers.insert(row["rating_field"].as_str().unwrap().into(), point["value"].to_string().into());
            rated.insert(row["statement"].as_str().unwrap().to_string(), point["met"].as_bool().unwrap());
        }
        for field in plan["assessment"]["signoff"].as_array().unwrap() {
            let value = match field["id"].as_str().unwrap() {
                "name" => format!("{setting} person {i}"),
                "role" => person.role.to_string(),
                "setting" => setting.to_string(),
                "date" => person.signed.to_string(),
                _ => continue,
            };
            answers.insert(field["field"].as_str().unwrap().into(), value.into());
        }
        let file = json!({
            "framewright": {"framework": identity["framework_id"], "version": identity["framework_version"], "pack": identity["pack_id"], "plan": identity["plan_hash"]},
            "answers": answers,
        });
        dir.write(&format!("{setting}/person-{i}.json"), serde_json::to_vec_pretty(&file).unwrap());
        truth.push((person.role.to_string(), person.complete, rated));
    }
    truth
}

/// Harvests the answers files of `setting` (in `dir`) with `source` into
/// `out-SETTING`, and returns that folder.
fn harvest_setting(dir: &TempDir, setting: &str, source: &Path) -> PathBuf {
    let out = dir.path.join(format!("out-{setting}"));
    let inputs = dir.path.join(setting);
    run(["harvest", inputs.to_str().unwrap(), "--out", out.to_str().unwrap(), "--source", source.to_str().unwrap()]).assert_code(0);
    out
}

/// What a reader of the published tables can say about each hidden cell:
/// every value it can take that is consistent with the shown cells and
/// how the tables relate (groups, settings and refresher bands add up to
/// everyone, groups and settings to all who completed, a role's groups to
/// its people, statements to their domain, a part is at most its group,
/// a listed row has someone in it, a training option serves at most the
/// people below "met" on the statements it closes). Worked out by brute force over
/// every value up to `bound`; returns the hidden cells left with one value.
fn pinned_cells(published: &Value, bound: i64) -> (usize, Vec<String>) {
    let mut pinned = Vec::new();
    let mut hidden = 0;
    for fw in published["frameworks"].as_array().unwrap() {
        let mut problem = Problem::default();
        let everyone = problem.var(&fw["people"], "people", 1, bound);
        let complete = problem.var(&fw["complete"], "complete", 0, bound);
        // Groups and settings: people (listed: at least one) and how many
        // of them completed, adding up to everyone and all who completed.
        let mut rows = |table: &str| -> Vec<usize> {
            let rows = fw[table].as_array().unwrap();
            let cells: Vec<(usize, usize)> = (0..rows.len())
                .map(|i| {
                    let p = problem.var(&rows[i]["people"], &format!("{table} {i} people"), 1, bound);
                    let c = problem.var(&rows[i]["complete"], &format!("{table} {i} complete"), 0, bound);
                    problem.at_most(c, p);
                    problem.at_most(p, everyone);
                    (p, c)
                })
                .collect();
            problem.sum(everyone, cells.iter().map(|c| c.0).collect());
            problem.sum(complete, cells.iter().map(|c| c.1).collect());
            cells.iter().map(|c| c.0).collect()
        };
        let groups = rows("completion");
        rows("returns");
        let group_roles: Vec<(Value, usize)> =
            fw["completion"].as_array().unwrap().iter().zip(groups).map(|(g, p)| (g["role"].clone(), p)).collect();
        problem.at_most(complete, everyone);
        // The returns' total row is the framework's own.
        assert_eq!((&fw["returns_total"]["people"], &fw["returns_total"]["complete"]), (&fw["people"], &fw["complete"]));
        let statements = fw["statements"].as_array().unwrap();
        let mut below_of = BTreeMap::new();
        for d in fw["domains"].as_array().unwrap() {
            let members: Vec<&Value> = statements.iter().filter(|s| s["domain"] == d["id"]).collect();
            let n = members.len() as i64;
            let rated = problem.var(&d["rated"], &format!("domain {} rated", d["id"]), 1, bound * n);
            let below = problem.var(&d["below"], &format!("domain {} below", d["id"]), 0, bound * n);
            problem.at_most(below, rated);
            let mut rated_parts = Vec::new();
            let mut below_parts = Vec::new();
            for s in members {
                let r = problem.var(&s["rated"], &format!("statement {} rated", s["id"]), 1, bound);
                let b = problem.var(&s["below"], &format!("statement {} below", s["id"]), 0, bound);
                problem.at_most(b, r);
                problem.at_most(r, everyone);
                below_of.insert(s["id"].as_str().unwrap().to_string(), b);
                rated_parts.push(r);
                below_parts.push(b);
            }
            problem.sum(rated, rated_parts);
            problem.sum(below, below_parts);
        }
        for t in fw["training"].as_array().unwrap() {
            let v = problem.var(&t["people"], &format!("training {}", t["id"]), 1, bound);
            problem.at_most(v, everyone);
            // Everyone it serves has a gap in one of its statements.
            let closes: Vec<usize> =
                t["statements"].as_array().unwrap().iter().filter_map(|s| below_of.get(s.as_str().unwrap()).copied()).collect();
            problem.at_most_sum(v, closes);
        }
        // Gaps per role: a role's people are its completion groups', and
        // those with a gap at most them.
        for r in fw["roles"].as_array().unwrap() {
            let p = problem.var(&r["people"], &format!("role {} people", r["role"]), 1, bound);
            let g = problem.var(&r["with_gaps"], &format!("role {} with a gap", r["role"]), 0, bound);
            problem.at_most(g, p);
            problem.at_most(p, everyone);
            let groups: Vec<usize> = group_roles.iter().filter(|(role, _)| *role == r["role"]).map(|(_, v)| *v).collect();
            problem.sum(p, groups);
        }
        // Refreshers: everyone falls due in one band.
        let bands: Vec<usize> = fw["refreshers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| problem.var(&b["people"], &format!("refreshers {}", b["when"]), 0, bound))
            .collect();
        problem.sum(everyone, bands);
        hidden += problem.names.iter().filter(|n| n.is_some()).count();
        pinned.extend(problem.pinned());
    }
    (hidden, pinned)
}

/// Integer cells in [lo, hi] (a shown cell has lo = hi), sums and bounds.
#[derive(Default)]
struct Problem {
    lo: Vec<i64>,
    hi: Vec<i64>,
    /// The hidden cells' names.
    names: Vec<Option<String>>,
    sums: Vec<(usize, Vec<usize>)>,
    at_most: Vec<(usize, usize)>,
    /// (a, parts): a is at most the sum of the parts.
    at_most_sum: Vec<(usize, Vec<usize>)>,
}

impl Problem {
    fn var(&mut self, shown: &Value, name: &str, lo: i64, hi: i64) -> usize {
        match shown.as_i64() {
            Some(v) => {
                self.lo.push(v);
                self.hi.push(v);
                self.names.push(None);
            }
            None => {
                assert!(shown.is_null(), "{name} is neither a count nor hidden: {shown}");
                self.lo.push(lo);
                self.hi.push(hi);
                self.names.push(Some(name.to_string()));
            }
        }
        self.lo.len() - 1
    }

    fn sum(&mut self, total: usize, parts: Vec<usize>) {
        self.sums.push((total, parts));
    }

    fn at_most(&mut self, a: usize, b: usize) {
        self.at_most.push((a, b));
    }

    fn at_most_sum(&mut self, a: usize, parts: Vec<usize>) {
        self.at_most_sum.push((a, parts));
    }

    /// Narrows every `lo..=hi` by what the constraints allow of the
    /// others, until nothing changes; false when some range empties.
    fn narrow(&self, lo: &mut [i64], hi: &mut [i64]) -> bool {
        loop {
            let mut changed = false;
            let mut set = |v: usize, l: i64, h: i64, lo: &mut [i64], hi: &mut [i64]| {
                if l > lo[v] {
                    lo[v] = l;
                    changed = true;
                }
                if h < hi[v] {
                    hi[v] = h;
                    changed = true;
                }
            };
            for (t, parts) in &self.sums {
                let (l, h) = parts.iter().fold((0, 0), |(l, h), &p| (l + lo[p], h + hi[p]));
                set(*t, l, h, lo, hi);
                for &p in parts {
                    set(p, lo[*t] - (h - hi[p]), hi[*t] - (l - lo[p]), lo, hi);
                }
            }
            for &(a, b) in &self.at_most {
                set(a, lo[a], hi[b], lo, hi);
                set(b, lo[a], hi[b], lo, hi);
            }
            for (a, parts) in &self.at_most_sum {
                let h: i64 = parts.iter().map(|&p| hi[p]).sum();
                set(*a, lo[*a], h, lo, hi);
                for &p in parts {
                    set(p, lo[*a] - (h - hi[p]), hi[p], lo, hi);
                }
            }
            if (0..lo.len()).any(|v| lo[v] > hi[v]) {
                return false;
            }
            if !changed {
                return true;
            }
        }
    }

    /// An assignment within `lo..=hi` that meets every constraint, if there
    /// is one: narrow, then split the smallest open range in two.
    fn solve(&self, mut lo: Vec<i64>, mut hi: Vec<i64>) -> Option<Vec<i64>> {
        if !self.narrow(&mut lo, &mut hi) {
            return None;
        }
        let Some(v) = (0..lo.len()).filter(|&v| lo[v] < hi[v]).min_by_key(|&v| hi[v] - lo[v]) else { return Some(lo) };
        let mid = lo[v] + (hi[v] - lo[v]) / 2;
        let (mut low_hi, mut high_lo) = (hi.clone(), lo.clone());
        low_hi[v] = mid;
        high_lo[v] = mid + 1;
        self.solve(lo, low_hi).or_else(|| self.solve(high_lo, hi))
    }

    /// The hidden cells that only one value fits: for each, a solution,
    /// then one with that cell below or above its value.
    fn pinned(&self) -> Vec<String> {
        let first =
            self.solve(self.lo.clone(), self.hi.clone()).expect("the published tables have a solution (the test's model of them is wrong)");
        let mut out = Vec::new();
        for (v, name) in self.names.iter().enumerate() {
            let Some(name) = name else { continue };
            let value = first[v];
            let (mut below, mut above) = (self.hi.clone(), self.lo.clone());
            below[v] = value - 1;
            above[v] = value + 1;
            let other = (value > self.lo[v] && self.solve(self.lo.clone(), below).is_some())
                || (value < self.hi[v] && self.solve(above, self.hi.clone()).is_some());
            if !other {
                out.push(format!("{name} = {value}"));
            }
        }
        out
    }
}

#[test]
fn no_hidden_cell_of_a_small_setting_or_a_merge_can_be_worked_out() {
    let packs = packs();
    let dir = TempDir::new("harvest-disclosure");
    let p = |role: &'static str, seed: u64, complete: bool| Person { role, seed, complete, signed: "2025-03-12" };
    // A small primary school of 11: one caretaker (typed, not a framework
    // role: "role not given"), one Group 2 who did not finish, roles
    // written as the framework's names and ids in any case.
    let settings: [(&str, Vec<Person>); 3] = [
        (
            "Small School",
            vec![
                p("Group 2", 1, true),
                p("group-2", 2, true),
                p("GROUP 2", 3, true),
                p("Group 2", 4, false),
                p("Group 2", 20, true),
                p("Group 3", 5, true),
                p("group-3", 6, true),
                p("Group 3", 21, true),
                p("Group 3", 22, true),
                p("Group 3", 23, true),
                p("Site manager / caretaker", 24, true),
            ],
        ),
        ("Middle School", vec![p("Group 2", 7, true), p("Group 3", 8, true), p("Group 3", 9, false), p("Group 2", 10, true)]),
        (
            "Big School",
            vec![
                p("Group 2", 11, true),
                p("Group 2", 12, true),
                p("Group 2", 13, false),
                p("Group 3", 14, true),
                p("Group 3", 15, true),
                p("Group 3", 16, true),
                p("Group 3", 17, true),
                p("Teaching assistant", 18, true),
                p("Group 2", 19, true),
            ],
        ),
    ];
    let mut truth = Vec::new();
    let mut summaries = Vec::new();
    for (setting, people) in &settings {
        truth.extend(setting_answers(&packs.plan, &dir, setting, people));
        let out = harvest_setting(&dir, setting, &root().join(SOURCE));
        summaries.push(out.join("summary.json"));
        let sent = std::fs::read_to_string(out.join("summary.json")).unwrap();
        assert!(sent.contains("\"format\": \"framewright-summary/2\""), "{sent}");
        for typed in ["caretaker", "Teaching assistant", "person 0", "GROUP 2"] {
            assert!(!sent.contains(typed), "summary.json of {setting} holds `{typed}`, typed by a person");
        }
    }
    // The single small setting's published tables.
    let small: Value = serde_json::from_slice(&std::fs::read(dir.path.join("out-Small School/summary-published.json")).unwrap()).unwrap();
    let (hidden, pinned) = pinned_cells(&small, 20);
    assert!(hidden >= 2, "the small setting hides its caretaker and what would give him away: {small:#}");
    assert!(pinned.is_empty(), "hidden cells of the small setting are worked out from its tables: {pinned:?}");
    // The caretaker and the unnamed role are one group, in the strings table's words.
    let groups = small["frameworks"][0]["completion"].as_array().unwrap();
    assert!(groups.iter().any(|g| g["role"].is_null() && g["name"] == "Role not given"), "{groups:?}");

    // The council merges the three, in a folder that is not a project.
    let council = TempDir::new("harvest-council");
    let mut args = vec!["harvest".to_string(), "--merge".to_string()];
    args.extend(summaries.iter().map(|s| s.to_str().unwrap().to_string()));
    args.extend(["--out".to_string(), council.path.join("out").to_str().unwrap().to_string()]);
    let r = run_in(&council.path, &args);
    r.assert_code(0);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let merged: Value = serde_json::from_slice(&std::fs::read(council.path.join("out/summary.json")).unwrap()).unwrap();
    let fw = &merged["frameworks"][0];
    // The true totals, worked out from what each person answered.
    let role_of = |typed: &str| match typed.to_lowercase().replace(' ', "-").as_str() {
        "group-2" => Some("group-2"),
        "group-3" => Some("group-3"),
        _ => None,
    };
    assert_eq!(fw["people"], truth.len());
    for role in [Some("group-2"), Some("group-3"), None] {
        let of_role: Vec<_> = truth.iter().filter(|(typed, _, _)| role_of(typed) == role).collect();
        let group = fw["completion"].as_array().unwrap().iter().find(|g| g["role"].as_str() == role).unwrap();
        assert_eq!(
            (group["people"].as_u64().unwrap(), group["complete"].as_u64().unwrap()),
            (of_role.len() as u64, of_role.iter().filter(|t| t.1).count() as u64),
            "{role:?}"
        );
    }
    for row in packs.plan["assessment"]["rows"].as_array().unwrap() {
        let id = row["statement"].as_str().unwrap();
        let rated = truth.iter().filter(|t| t.2.contains_key(id)).count();
        let below = truth.iter().filter(|t| t.2.get(id) == Some(&false)).count();
        let s = fw["statements"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap_or_else(|| panic!("{id} is not in the merge"));
        assert_eq!((s["rated"].as_u64().unwrap(), s["below"].as_u64().unwrap()), (rated as u64, below as u64), "{id}");
    }
    // And its published tables give nothing hidden away either.
    let published: Value = serde_json::from_slice(&std::fs::read(council.path.join("out/summary-published.json")).unwrap()).unwrap();
    let (hidden, pinned) = pinned_cells(&published, 30);
    assert!(hidden >= 1, "the merge hides the small groups: {published:#}");
    assert!(pinned.is_empty(), "hidden cells of the merge are worked out from its tables: {pinned:?}");
    // Rankings only among shown cells, by people below "met".
    let rows = published["frameworks"][0]["statements"].as_array().unwrap();
    let shown: Vec<u64> = rows.iter().take_while(|s| !s["below"].is_null()).map(|s| s["below"].as_u64().unwrap()).collect();
    assert!(shown.windows(2).all(|w| w[0] >= w[1]), "{shown:?}");
    assert!(rows[shown.len()..].iter().all(|s| s["below"].is_null() && s["rank"].is_null()), "a hidden row is ranked");
    // The page and its legend use one mark.
    let text = collapse(&pdftotext(&council.path.join("out/summary.pdf")));
    assert!(text.contains("[c]: hidden to protect confidentiality"), "{text}");
    assert!(!text.contains("<5"), "another mark for hidden counts: {text}");
    // No temporary copy of the templates is left behind, nor in the folder.
    assert_eq!(std::fs::read_dir(&council.path).unwrap().count(), 1, "the council's folder holds only the output");
}

#[test]
fn a_summary_of_the_first_format_is_refused_with_what_to_do() {
    let dir = TempDir::new("harvest-old-summary");
    dir.write("old.json", r#"{"format": "framewright-summary/1", "frameworks": [{"people": null}]}"#);
    let r = run_in(&dir.path, ["harvest", "--merge", "old.json", "--out", "out"]);
    r.assert_code(2);
    assert!(r.stderr.contains("harvest its forms again"), "{}", r.stderr);
}

#[test]
fn random_settings_and_their_merges_give_no_hidden_cell_away() {
    let packs = packs();
    let dir = TempDir::new("harvest-disclosure-random");
    let roles = ["Group 2", "Group 3", "group-2", "Group 6", "Caretaker", ""];
    let mut seed = 2025;
    let source = root().join(SOURCE);
    let mut summaries = Vec::new();
    let mut hidden_seen = 0;
    for k in 0..10 {
        let size = 3 + next(&mut seed) % 14;
        let people: Vec<Person> = (0..size)
            .map(|_| Person {
                role: roles[(next(&mut seed) % roles.len() as u64) as usize],
                seed: next(&mut seed),
                complete: !next(&mut seed).is_multiple_of(4),
                // Refreshers due in every band, and some with no date.
                signed: SIGNED[(next(&mut seed) % SIGNED.len() as u64) as usize],
            })
            .collect();
        let setting = format!("Setting {k}");
        setting_answers(&packs.plan, &dir, &setting, &people);
        let out = harvest_setting(&dir, &setting, &source);
        let published: Value = serde_json::from_slice(&std::fs::read(out.join("summary-published.json")).unwrap()).unwrap();
        let (hidden, pinned) = pinned_cells(&published, 2 * size as i64);
        assert!(pinned.is_empty(), "{setting} ({size} people): hidden cells worked out: {pinned:?}\n{published:#}");
        hidden_seen += hidden;
        summaries.push(out.join("summary.json"));
    }
    assert!(hidden_seen > 10, "the settings are small enough to hide something");
    for (m, group) in [&[0usize, 1, 2][..], &[3, 4, 5], &[6, 7, 8, 9], &[0, 2, 4, 6, 8]].iter().enumerate() {
        let out = dir.path.join(format!("merged-{m}"));
        let mut args = vec!["harvest".to_string(), "--merge".to_string()];
        args.extend(group.iter().map(|&i| summaries[i].to_str().unwrap().to_string()));
        args.extend(["--out".to_string(), out.to_str().unwrap().to_string()]);
        run(&args).assert_code(0);
        let published: Value = serde_json::from_slice(&std::fs::read(out.join("summary-published.json")).unwrap()).unwrap();
        let people = published["frameworks"][0]["people"].as_i64().unwrap_or(40);
        let (_, pinned) = pinned_cells(&published, 2 * people);
        assert!(pinned.is_empty(), "merge {group:?}: hidden cells worked out: {pinned:?}\n{published:#}");
    }
}

#[test]
fn a_staff_list_names_who_to_chase_and_people_are_told_apart_by_role() {
    let dir = TempDir::new("harvest-chase");
    let staff = dir.path.join("staff.csv");
    // An HR export: the extra column is left out with a note.
    std::fs::write(
        &staff,
        "name,role,email,payroll number\nZoë Ó Briain,group-3,z@example.org,101\nSiân Llwyd,group-5,s@example.org,102\nDai Nobody,group-1,d@example.org,103\n",
    )
    .unwrap();
    let packs = dir.path.join("packs");
    let built = run(["build", SOURCE, "--staff", staff.to_str().unwrap(), "--format", "pdf", "--out", packs.to_str().unwrap()]);
    built.assert_code(0);
    assert!(built.stderr.contains("`payroll number` are not framewright's and were left out"), "{}", built.stderr);
    let pdf =
        |stem: &str| std::fs::read_dir(&packs).unwrap().map(|e| e.unwrap().path()).find(|p| p.to_string_lossy().contains(stem)).unwrap();
    let returned = dir.path.join("returned");
    std::fs::create_dir_all(&returned).unwrap();
    // Zoë's personalised pack for a role [[packs.build]] does not list, filled.
    let zoe = pdf("zoe-o-briain");
    let plan_id = {
        let manifest: Value = serde_json::from_slice(&std::fs::read(packs.join("manifest.json")).unwrap()).unwrap();
        let files = manifest["files"].as_array().unwrap().clone();
        files.iter().find(|f| f["path"].as_str().unwrap().contains("zoe-o-briain")).unwrap()["pack"].as_str().unwrap().to_string()
    };
    let mut values = BTreeMap::new();
    values.insert("signoff.name".to_string(), "Zoë Ó Briain".to_string());
    values.insert("signoff.date".to_string(), "2025-05-01".to_string());
    fill("pypdf", &zoe, &returned.join("zoe.pdf"), &values, &dir.path);
    // Siân's, printed to PDF (flattened): unusable, and named.
    tool("qpdf", &["--flatten-annotations=all", pdf("sian-llwyd").to_str().unwrap(), returned.join("scan.pdf").to_str().unwrap()]);
    // Two different people called Alex Jones on the same generic pack, one
    // a teacher and one a caretaker: two people, not a duplicate.
    let generic = packs_dir_pack(&dir);
    for (file, role) in [("alex-teacher.pdf", "Teacher"), ("alex-caretaker.pdf", "Caretaker")] {
        let mut v = BTreeMap::new();
        v.insert("signoff.name".to_string(), "Alex Jones".to_string());
        v.insert("signoff.role".to_string(), role.to_string());
        v.insert("signoff.date".to_string(), "2025-05-02".to_string());
        fill("pypdf", &generic, &returned.join(file), &v, &dir.path);
    }

    let out = dir.path.join("harvest");
    let r = run_in(
        &root(),
        [
            "harvest",
            returned.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--source",
            root().join(SOURCE).to_str().unwrap(),
            "--staff",
            staff.to_str().unwrap(),
        ],
    );
    r.assert_code(1);
    let json: Value = serde_json::from_slice(&std::fs::read(out.join("harvest.json")).unwrap()).unwrap();
    let status = statuses(&json);
    expect_status(&status, "zoe.pdf", "partly_completed", "rated");
    expect_status(&status, "scan.pdf", "flattened", "flattened");
    expect_status(&status, "alex-teacher.pdf", "partly_completed", "rated");
    expect_status(&status, "alex-caretaker.pdf", "partly_completed", "rated");
    let zoe_entry = json["files"].as_array().unwrap().iter().find(|f| f["file"].as_str().unwrap().ends_with("zoe.pdf")).unwrap();
    assert_eq!(zoe_entry["identity"]["pack"], plan_id.as_str());
    let chase: Vec<(String, String)> = json["chase"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["person"].as_str().unwrap().to_string(), c["status"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(chase, [("Siân Llwyd".to_string(), "flattened".to_string()), ("Dai Nobody".to_string(), "not_returned".to_string())]);
    let report = collapse(&pdftotext(&out.join("report.pdf")));
    for words in ["Returns to chase", "Siân Llwyd", "Dai Nobody", "not returned"] {
        assert!(report.contains(words), "report.pdf does not say {words:?}");
    }
}

/// The level-1 PDF pack of the sample, built into `dir`.
fn packs_dir_pack(dir: &TempDir) -> PathBuf {
    let out = dir.path.join("generic");
    run(["build", SOURCE, "--level", "1", "--format", "pdf", "--out", out.to_str().unwrap()]).assert_code(0);
    out.join("london-safeguarding-level-1.pdf")
}

#[test]
fn two_editions_merge_into_one_area_total_by_stable_id() {
    let packs = packs();
    let dir = TempDir::new("harvest-editions");
    // Version 0.9: the first statement of 1.0 had another id then.
    let text = std::fs::read_to_string(root().join(SOURCE)).unwrap();
    let first = packs.plan["assessment"]["rows"][0]["statement"].as_str().unwrap();
    let version = text.lines().find(|l| l.starts_with("version = ")).unwrap();
    let old = text.replacen(version, "version = \"0.9\"", 1).replace(&format!("\"{first}\""), "\"retired-statement\"");
    // A project without templates or fonts: the reports use framewright's own.
    let project = dir.path.join("old-project");
    if root().join("assets").is_dir() {
        copy_dir(&root().join("assets"), &project.join("assets"));
    }
    dir.write("old-project/sources/old.toml", &old);
    let pack = packs.plan["identity"]["pack_id"].as_str().unwrap();
    let plan = run_in(&project, ["plan", "sources/old.toml", pack]);
    plan.assert_code(0);
    let old_plan: Value = serde_json::from_str(&plan.stdout).unwrap();
    assert_eq!(old_plan["identity"]["framework_version"], "0.9");
    let p = |role: &'static str, seed: u64| Person { role, seed, complete: true, signed: "2025-03-12" };
    let a = setting_answers(&old_plan, &dir, "Old School", &[p("Group 2", 1), p("Group 3", 2), p("Group 2", 3)]);
    let b = setting_answers(&packs.plan, &dir, "New School", &[p("Group 2", 4), p("Group 3", 5), p("Group 3", 6), p("Group 2", 7)]);
    let old_source = project.join("sources/old.toml");
    let new_source = root().join(SOURCE);
    for (setting, source) in [("Old School", &old_source), ("New School", &new_source)] {
        harvest_setting(&dir, setting, source);
    }
    let council = dir.path.join("council");
    let old_summary = dir.path.join("out-Old School/summary.json");
    let new_summary = dir.path.join("out-New School/summary.json");
    run(["harvest", "--merge", old_summary.to_str().unwrap(), new_summary.to_str().unwrap(), "--out", council.to_str().unwrap()])
        .assert_code(0);
    let merged: Value = serde_json::from_slice(&std::fs::read(council.join("summary.json")).unwrap()).unwrap();
    let frameworks = merged["frameworks"].as_array().unwrap();
    assert_eq!(frameworks.len(), 1, "two editions of one framework are one area: {merged:#}");
    let fw = &frameworks[0];
    assert_eq!(fw["versions"], json!(["0.9", "1.0"]));
    assert_eq!(fw["people"], 7);
    let statement = |id: &str| fw["statements"].as_array().unwrap().iter().find(|s| s["id"] == id).cloned().unwrap_or(Value::Null);
    let truth = |answers: &[(String, bool, BTreeMap<String, bool>)], id: &str| {
        (answers.iter().filter(|t| t.2.contains_key(id)).count(), answers.iter().filter(|t| t.2.get(id) == Some(&false)).count())
    };
    for row in packs.plan["assessment"]["rows"].as_array().unwrap().iter().skip(1) {
        // Carried over: one total of both editions' forms.
        let id = row["statement"].as_str().unwrap();
        let (ra, ba) = truth(&a, id);
        let (rb, bb) = truth(&b, id);
        let s = statement(id);
        assert_eq!((s["rated"].as_u64(), s["below"].as_u64()), (Some((ra + rb) as u64), Some((ba + bb) as u64)), "{id}");
        assert_eq!(s["versions"], json!(["0.9", "1.0"]), "{id}");
    }
    // New in 1.0, and gone after 0.9: each counted in its own edition only.
    assert_eq!((statement(first)["rated"].as_u64(), &statement(first)["versions"]), (Some(4), &json!(["1.0"])));
    assert_eq!((statement("retired-statement")["rated"].as_u64(), &statement("retired-statement")["versions"]), (Some(3), &json!(["0.9"])));
}

/// The training needs analysis is laid out from one plan in the project's
/// words: entries of `[report]` changed in the project's strings table
/// change report.pdf, report.docx, report.html and analysis.xlsx alike, and the English
/// they replace is in none of them. Statements sit under their domain's
/// heading (no domain column), there is no band column in a framework
/// without bands being used, Word tables have real column widths, and a
/// refresher is dated from the last training where the form gives it,
/// else from the sign-off; a person with neither is listed, to be asked.
#[test]
fn reports_are_laid_out_from_one_plan_in_the_projects_words() {
    let source = std::fs::read_to_string(root().join(SOURCE)).unwrap();
    let source = crate::common::replace_once(
        &source,
        "[[assessment.signoff]]\nid = \"review_date\"",
        "[[assessment.signoff]]\nid = \"last_training\"\nlabel = \"Date of your last safeguarding training\"\nkind = \"date\"\n\n[[assessment.signoff]]\nid = \"review_date\"",
    );
    let dir = crate::common::temp_project("harvest-report-words", &[("london.toml", &source)]);
    let strings = std::fs::read_to_string(dir.path.join("templates/strings.toml")).unwrap();
    let welsh = [
        ("title = \"Training needs analysis\"", "title = \"Dadansoddiad o anghenion hyfforddi\""),
        ("completion = \"Completion by role\"", "completion = \"Cwblhau fesul rôl\""),
        ("statement = \"Statement\"\ncapability = \"Capability\"", "statement = \"Statement\"\ncapability = \"Gallu\""),
        ("from_training = \"last training, {{ date }}\"", "from_training = \"hyfforddiant diwethaf, {{ date }}\""),
        ("from_signoff = \"self-assessment, {{ date }}\"", "from_signoff = \"hunanasesiad, {{ date }}\""),
        ("due_unknown = \"Ask: no date to count from\"", "due_unknown = \"Gofynnwch: dim dyddiad\""),
        ("statements = \"Statements\"\n", "statements = \"Datganiadau\"\n"),
    ];
    let strings = welsh.iter().fold(strings, |s, (from, to)| crate::common::replace_once(&s, from, to));
    dir.write("templates/strings.toml", &strings);
    let plan = crate::common::plan_in(&dir.path, "sources/london.toml", "level-2");
    run_in(&dir.path, ["build", "sources/london.toml", "--level", "2", "--format", "pdf", "--out", "packs"]).assert_code(0);
    let pack = dir.path.join("packs/london-safeguarding-level-2.pdf");
    let returned = dir.path.join("returned");
    std::fs::create_dir_all(&returned).unwrap();
    let signoff = |id: &str| {
        plan["assessment"]["signoff"].as_array().unwrap().iter().find(|f| f["id"] == id).unwrap()["field"].as_str().unwrap().to_string()
    };
    let people = [("Ann Trained", "2025-03-01", "2024-06-30"), ("Ben Signed", "2025-02-01", ""), ("Cai Undated", "", "")];
    for (name, date, trained) in people {
        let mut values = answers(&plan, name, date, false);
        values.insert(signoff("last_training"), trained.to_string());
        values.insert(signoff("date"), date.to_string());
        fill("pypdf", &pack, &returned.join(format!("{name}.pdf")), &values, &dir.path);
    }
    let out = dir.path.join("harvest");
    run_in(&dir.path, ["harvest", "returned", "--out", "harvest", "--source", "sources/london.toml"]);
    let analysis: Value = serde_json::from_slice(&std::fs::read(out.join("analysis.json")).unwrap()).unwrap();
    let fw = &analysis["frameworks"][0];
    let refresher = |person: &str| fw["refreshers"].as_array().unwrap().iter().find(|r| r["person"] == person).cloned().unwrap();
    assert_eq!(
        (refresher("Ann Trained")["from"].as_str(), refresher("Ann Trained")["due"].as_str()),
        (Some("last_training"), Some("2027-06-30"))
    );
    assert_eq!(
        (refresher("Ben Signed")["from"].as_str(), refresher("Ben Signed")["due"].as_str()),
        (Some("self_assessment"), Some("2028-02-01"))
    );
    assert_eq!((refresher("Cai Undated")["from"].as_str(), &refresher("Cai Undated")["due"]), (Some("unknown"), &Value::Null));

    let pdf = collapse(&pdftotext(&out.join("report.pdf")));
    let word = collapse(&crate::common::docx_text(&out.join("report.docx")));
    let workbook = python_json([
        "-c",
        "import json, sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\n\
         print(json.dumps({'sheets': wb.sheetnames, 'title': wb.properties.title, 'refreshers': [[c for c in row] for row in wb.worksheets[4].iter_rows(values_only=True)]}, default=str))",
        out.join("analysis.xlsx").to_str().unwrap(),
    ]);
    for (name, text) in [("report.pdf", &pdf), ("report.docx", &word)] {
        for said in [
            "Dadansoddiad o anghenion hyfforddi",
            "Cwblhau fesul rôl",
            "Gallu",
            "hyfforddiant diwethaf, 30 June 2024",
            "hunanasesiad, 1 February 2025",
            "Gofynnwch: dim dyddiad",
        ] {
            assert!(text.contains(said), "{name} does not say {said:?}");
        }
        for english in ["Training needs analysis", "Completion by role", "Capability", "Ask: no date"] {
            assert!(!text.contains(english), "{name} still says {english:?}");
        }
        // One heading per domain; no band column (these packs have no band).
        let domain = fw["domains"][0]["title"].as_str().unwrap();
        assert_eq!(text.matches(domain).count(), 3, "{name}: the domain is named by the chart, its table row and one heading: {text}");
        assert!(!text.contains("Age band"), "{name} has a band column");
    }
    // The web page says the same words (its markup holds none of its own).
    let web = std::fs::read_to_string(out.join("report.html")).unwrap();
    for said in ["Dadansoddiad o anghenion hyfforddi", "Cwblhau fesul rôl", "hyfforddiant diwethaf, 30 June 2024", "Gofynnwch: dim dyddiad"]
    {
        assert!(web.contains(said), "report.html does not say {said:?}");
    }
    for english in ["Training needs analysis", "Completion by role", "Capability", "Ask: no date"] {
        assert!(!web.contains(english), "report.html still says {english:?}");
    }
    assert_eq!(workbook["title"], "Dadansoddiad o anghenion hyfforddi");
    assert_eq!(workbook["sheets"][1], "Datganiadau");
    let rows = workbook["refreshers"].as_array().unwrap();
    assert!(
        rows.iter().any(|r| r[1] == "Ann Trained" && r[3] == "hyfforddiant diwethaf, 30 June 2024" && r[5] == "2027-06-30"),
        "{rows:?}"
    );
    assert!(rows.iter().any(|r| r[1] == "Cai Undated" && r[5].is_null()), "{rows:?}");

    // Word tables have a grid of real widths filling the text width, laid out as given.
    let document = crate::common::zip_entry(&std::fs::read(out.join("report.docx")).unwrap(), "word/document.xml");
    let grids: Vec<&str> = document.split("<w:tblGrid>").skip(1).map(|g| g.split("</w:tblGrid>").next().unwrap()).collect();
    assert!(!grids.is_empty());
    for grid in grids {
        let widths: Vec<usize> = grid.split("w:w=\"").skip(1).map(|w| w.split('"').next().unwrap().parse().unwrap()).collect();
        assert!(widths.iter().all(|w| *w > 400), "a column narrower than a word: {widths:?}");
        let total: usize = widths.iter().sum();
        assert!((9000..=9700).contains(&total), "the table does not fill the text width: {widths:?}");
    }
    assert!(document.contains("w:tblLayout w:type=\"fixed\""));
}

/// The reports are typeset on the source's paper, as its packs are (and
/// with the packs' margins and type sizes, from templates/layout.toml).
#[test]
fn the_reports_are_on_the_paper_of_the_source() {
    let dir = TempDir::new("harvest-letter");
    let text = std::fs::read_to_string(root().join(SOURCE)).unwrap();
    assert!(text.contains("paper = \"a4\""), "the sample names its paper");
    let source = dir.write("sources/letter.toml", text.replace("paper = \"a4\"", "paper = \"us-letter\""));
    let stray = dir.write("note.txt", "not a form");
    let out = dir.path.join("out");
    let r = run(["harvest", stray.to_str().unwrap(), "--source", source.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    r.assert_code(1);
    for report in ["report.pdf", "summary.pdf"] {
        let size = &pdfinfo(&out.join(report))["Page size"];
        assert!(size.starts_with("612 x 792 pts"), "{report} is on {size}, not the source's US Letter");
    }
}

/// The training needs analysis and the council's summary as web pages
/// (report.html, summary.html): the headings of report.docx (the same
/// plan) in order, every table captioned by the heading it sits under,
/// typed markup shown as text, the same bytes from a second harvest, valid
/// HTML (the Nu HTML Checker); and in Debian's Chromium no WCAG 2.2 A/AA violation (light and dark), no
/// request, no script, no style attribute, every contents link landing,
/// and nothing blocked when served with a policy that allows only the
/// page's one <style> element, by its hash.
#[test]
fn the_reports_are_accessible_web_pages_of_the_same_plan() {
    let packs = packs();
    let dir = TempDir::new("harvest-web-reports");
    let typed =
        ["Ann <script>window.pwned = 1</script> Jones", "\"><img src=x onerror=\"window.pwned = 1\"> & &amp; {{ 7 * 7 }}", "Zoë Ó Briain"];
    for (i, name) in typed.iter().enumerate() {
        let mut values = answers(&packs.plan, name, &format!("2025-03-1{i}"), true);
        for (key, value) in values.iter_mut() {
            if key.ends_with(".action") || key.ends_with(".setting") {
                *value = typed[(i + 1) % typed.len()].to_string();
            }
        }
        answers_file(&dir, &format!("in/person-{i}.json"), &values);
    }
    let input = dir.path.join("in");
    let (r, _) = harvest(&dir.path, &[input.to_str().unwrap()]);
    r.assert_code(0);
    let out = dir.path.join("harvest");
    let pages = ["report.html", "summary.html"];
    let first: Vec<Vec<u8>> = pages.iter().map(|p| std::fs::read(out.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"))).collect();
    for (page, bytes) in pages.iter().zip(&first) {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for markup in ["<script", "<img", "onerror=\"", " style="] {
            assert!(!text.contains(markup), "{page} holds {markup:?}");
        }
    }
    let report = String::from_utf8_lossy(&first[0]);
    assert!(report.contains("Ann &lt;script&gt;window.pwned = 1&lt;&#x2f;script&gt; Jones"), "report.html does not escape the typed name");
    harvest(&dir.path, &[input.to_str().unwrap()]).0.assert_code(0);
    for (page, bytes) in pages.iter().zip(&first) {
        assert!(std::fs::read(out.join(page)).unwrap() == *bytes, "a second harvest wrote a different {page}");
    }

    // The Word report's headings, and the heading above each of its tables.
    let word = python_json([
        "-c",
        "import json, sys, docx\nfrom docx.text.paragraph import Paragraph\nd = docx.Document(sys.argv[1])\n\
         headings, captions, last = [], [], None\n\
         for el in d.element.body.iterchildren():\n\
         \x20   if el.tag.endswith('}p'):\n\
         \x20       p = Paragraph(el, d)\n\
         \x20       style = p.style.style_id if p.style is not None else ''\n\
         \x20       if style.startswith('Heading'):\n\
         \x20           last = p.text\n\
         \x20           headings.append([int(style[7:]), p.text])\n\
         \x20   elif el.tag.endswith('}tbl'):\n\
         \x20       captions.append(last)\n\
         print(json.dumps({'headings': headings, 'captions': captions}))",
        out.join("report.docx").to_str().unwrap(),
    ]);
    assert!(word["captions"].as_array().unwrap().len() >= 5, "report.docx has too few tables to compare: {word}");
    let analysis: Value = serde_json::from_slice(&std::fs::read(out.join("analysis.json")).unwrap()).unwrap();
    crate::html::assert_valid_html(&pages.map(|p| out.join(p)));
    let jobs: Vec<Value> = pages.iter().map(|p| json!({ "path": out.join(p), "kind": "report" })).collect();
    let seen = crate::html::browser(&jobs);
    for page in pages {
        let r = &seen[&out.join(page)];
        assert_eq!(r["axe"], json!([]), "{page}: axe-core WCAG 2.2 A/AA violations");
        assert_eq!(r["axe_dark"], json!([]), "{page}: colour contrast in dark mode");
        assert_eq!((&r["requests"], &r["errors"]), (&json!([]), &json!([])), "{page}: requests or errors");
        assert!(r["overflow_320"].as_i64().unwrap() <= 0, "{page}: scrolls sideways at 320 px by {}", r["overflow_320"]);
        assert_eq!((&r["scripts"], &r["styled"], &r["lang"]), (&json!(0), &json!(0), &analysis["lang"]), "{page}");
        assert_eq!(r["csp"], json!({ "violations": [], "styled": true, "styles": 1 }), "{page} under its Content-Security-Policy");
        let links = r["links"].as_array().unwrap();
        assert!(links.iter().all(|l| l[1] == true), "{page}: a link to nowhere: {links:?}");
    }
    let r = &seen[&out.join("report.html")];
    let text = r["text"].as_str().unwrap();
    for shown in typed {
        assert!(text.contains(shown), "report.html does not show {shown:?} as typed");
    }
    // The page's own h1 (the title) and h2 (the contents), then the plan's.
    let headings = r["headings"].as_array().unwrap();
    assert_eq!(headings[..2], [json!([1, "Training needs analysis"]), json!([2, "Contents"])]);
    assert_eq!(headings[2..], word["headings"].as_array().unwrap()[..], "report.html and report.docx have different headings");
    assert_eq!(r["captions"], word["captions"], "report.html's tables are not where report.docx's are");
    let summary = &seen[&out.join("summary.html")];
    let title = analysis["frameworks"][0]["title"].as_str().unwrap();
    assert!(summary["text"].as_str().unwrap().contains(title), "summary.html does not name {title}");
    assert!(summary["captions"].as_array().unwrap().iter().all(|c| c.as_str().is_some_and(|c| !c.is_empty())), "{summary:?}");
    // The contents: a link to each heading of levels 1 and 2, and the skip link.
    let listed = headings[2..].iter().filter(|h| h[0].as_u64() <= Some(2)).count();
    assert_eq!(r["links"].as_array().unwrap().len(), listed + 1, "{:?}", r["links"]);
}

#[test]
fn the_council_sees_returns_against_staff_expected_gaps_per_role_refreshers_due_and_who_sent_nothing() {
    let packs = packs();
    let dir = TempDir::new("harvest-council-view");
    let source = root().join(SOURCE);
    let p = |role: &'static str, seed: u64, complete: bool, signed: &'static str| Person { role, seed, complete, signed };
    // Three settings, each naming itself another way: Oak Hill by its
    // sign-offs, Elm Road by its staff list's `setting` column (its staff
    // typed "Elm Rd"), St Anne's by --setting with a number of staff
    // (--expected) and no list. A 3-year refresher: signed in 2022-01 is
    // due 2025-01, overdue in March 2025 (the latest sign-off, so the
    // date of every summary merged); "spring" is no date.
    let oak = vec![
        p("Group 2", 1, true, "2022-01-10"),
        p("Group 2", 2, true, "2022-03-01"),
        p("Group 3", 3, false, "2022-05-15"),
        p("Group 3", 4, true, "2022-06-01"),
        p("Group 2", 5, true, "2025-03-12"),
        p("Group 3", 6, true, "spring"),
    ];
    let elm = vec![p("Group 2", 7, true, "2022-08-20"), p("Group 6", 8, false, "2022-09-01")];
    let anne = vec![
        p("Group 2", 9, true, "2023-02-28"),
        p("Group 2", 10, true, "2023-03-01"),
        p("Group 3", 11, true, "2022-02-14"),
        p("Group 3", 12, false, "2022-12-01"),
        p("Group 3", 13, true, "2022-04-30"),
        p("Group 2", 14, true, "2022-06-30"),
        p("Group 2", 15, true, "2024-11-11"),
    ];
    // When each is due from March 2025: overdue (2025-01, 2025-02), the
    // next 3 months (2025-03 to 2025-05), 3 to 6 (2025-06 twice, 2025-08),
    // 6 to 12 (2025-09, 2025-12, 2026-02), later (2026-03, 2027-11,
    // 2028-03), no date.
    let bands = [2, 3, 3, 3, 3, 1];
    let mut truth = Vec::new();
    for (folder, people) in [("Oak Hill Primary", &oak), ("Elm Rd", &elm), ("St Annes", &anne)] {
        truth.extend(setting_answers(&packs.plan, &dir, folder, people));
    }
    dir.write("oak-staff.csv", "name,role\nA,group-2\nB,group-2\nC,group-2\nD,group-3\nE,group-3\nF,group-3\nG,group-3\nH,group-1\n");
    dir.write("elm-staff.csv", "name,role,setting\nI,group-2,Elm Road Nursery\nJ,group-6,Elm Road Nursery\nK,group-2,Elm Road Nursery\n");
    let harvest = |folder: &str, extra: &[&str]| {
        let out = dir.path.join(format!("out-{folder}"));
        let input = dir.path.join(folder);
        let mut args = vec!["harvest", input.to_str().unwrap(), "--out", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        args.extend(["--source", source.to_str().unwrap()]);
        let r = run(&args);
        r.assert_code(0);
        assert!(!r.stderr.contains("names no setting"), "{folder}: {}", r.stderr);
        out.join("summary.json")
    };
    let summaries = [
        harvest("Oak Hill Primary", &["--staff", dir.path.join("oak-staff.csv").to_str().unwrap()]),
        harvest("Elm Rd", &["--staff", dir.path.join("elm-staff.csv").to_str().unwrap()]),
        harvest("St Annes", &["--setting", "St Anne's Academy", "--expected", "9"]),
    ];
    // The council's list, a CSV export with more columns; Birch Lane sent nothing.
    dir.write("settings.csv", "URN,Setting,Phase\n101,Oak Hill Primary,Primary\n102,Birch Lane School,Primary\n103,elm road nursery,Nursery\n104,St Anne's Academy,Secondary\n");
    let council = dir.path.join("council");
    let mut args = vec!["harvest", "--merge"];
    args.extend(summaries.iter().map(|s| s.to_str().unwrap()));
    let list = dir.path.join("settings.csv");
    args.extend(["--settings", list.to_str().unwrap(), "--out", council.to_str().unwrap()]);
    let r = run(&args);
    r.assert_code(0);
    assert!(r.stderr.is_empty(), "every setting is on the list: {}", r.stderr);

    let merged: Value = serde_json::from_slice(&std::fs::read(council.join("summary.json")).unwrap()).unwrap();
    assert_eq!(merged["missing"], json!(["Birch Lane School"]));
    let fw = &merged["frameworks"][0];
    // One row per setting: its own denominator, its people, its completed forms.
    let complete = |people: &[Person]| people.iter().filter(|p| p.complete).count();
    let returns: Vec<Value> = fw["returns"].as_array().unwrap().clone();
    assert_eq!(
        returns,
        [
            json!({"setting": "Elm Road Nursery", "expected": 3, "people": 2, "complete": complete(&elm)}),
            json!({"setting": "Oak Hill Primary", "expected": 8, "people": 6, "complete": complete(&oak)}),
            json!({"setting": "St Anne's Academy", "expected": 9, "people": 7, "complete": complete(&anne)}),
        ]
    );
    // The true totals: people, and people with a gap per framework role.
    assert_eq!(fw["people"], 15);
    let role_of = |typed: &str| typed.to_lowercase().replace(' ', "-");
    for role in ["group-2", "group-3", "group-6"] {
        let with_gaps = truth.iter().filter(|t| role_of(&t.0) == role && t.2.values().any(|met| !met)).count();
        let row = fw["roles"].as_array().unwrap().iter().find(|r| r["role"] == role).unwrap_or_else(|| panic!("no row for {role}"));
        assert_eq!(row["with_gaps"], with_gaps, "{role}");
    }
    // Refreshers by month due, and in bands from the summary's month.
    let due: u64 = fw["refreshers"].as_array().unwrap().iter().map(|m| m["people"].as_u64().unwrap()).sum();
    assert_eq!((merged["date"].as_str(), due), (Some("2025-03-12"), 14), "everyone with a readable date has a month");
    let published: Value = serde_json::from_slice(&std::fs::read(council.join("summary-published.json")).unwrap()).unwrap();
    let shown = &published["frameworks"][0];
    let when: Vec<&str> = shown["refreshers"].as_array().unwrap().iter().map(|b| b["when"].as_str().unwrap()).collect();
    assert_eq!(when, ["overdue", "months_3", "months_6", "months_12", "later", "unknown"]);
    for (band, want) in shown["refreshers"].as_array().unwrap().iter().zip(bands) {
        assert!(band["people"].is_null() || band["people"] == want, "{band}: {want} people");
    }
    // A published cell is exact or hidden, and none can be worked out.
    for (row, sent) in shown["returns"].as_array().unwrap().iter().zip(&returns) {
        assert_eq!((&row["setting"], &row["expected"]), (&sent["setting"], &sent["expected"]), "the staff expected are shown as given");
        for key in ["people", "complete"] {
            assert!(row[key].is_null() || row[key] == sent[key], "{row}");
        }
    }
    assert_eq!(shown["returns_total"]["expected"], 20);
    let (hidden, pinned) = pinned_cells(&published, 30);
    assert!(hidden >= 2, "Elm Road's two people and Group 6's one are hidden: {published:#}");
    assert!(pinned.is_empty(), "hidden cells worked out: {pinned:?}");
    // The page says it, in the strings table's words.
    let text = collapse(&pdftotext(&council.join("summary.pdf")));
    for words in [
        "Returns by setting",
        "Staff expected",
        "Elm Road Nursery",
        "St Anne's Academy",
        "Sent nothing: Birch Lane School.",
        "Gaps per role",
        "Refreshers due",
        "In the next 3 months",
        "No date known",
    ] {
        assert!(text.contains(words), "summary.pdf does not say {words:?}: {text}");
    }
    // Five copies of each summary make every band big enough to show:
    // each is exactly five times the band worked out by hand.
    let mut args = vec!["harvest".to_string(), "--merge".to_string()];
    for _ in 0..5 {
        args.extend(summaries.iter().map(|s| s.to_str().unwrap().to_string()));
    }
    args.extend(["--out".to_string(), dir.path.join("five").to_str().unwrap().to_string()]);
    run(&args).assert_code(0);
    let five: Value = serde_json::from_slice(&std::fs::read(dir.path.join("five/summary-published.json")).unwrap()).unwrap();
    let shown: Vec<&Value> = five["frameworks"][0]["refreshers"].as_array().unwrap().iter().map(|b| &b["people"]).collect();
    assert_eq!(shown, bands.map(|n| json!(5 * n)).iter().collect::<Vec<_>>());
    // A setting whose name the list does not have is told, with its summary counted.
    dir.write("short.txt", "Oak Hill Primary\n");
    let r = run([
        "harvest",
        "--merge",
        summaries[0].to_str().unwrap(),
        summaries[2].to_str().unwrap(),
        "--settings",
        dir.path.join("short.txt").to_str().unwrap(),
        "--out",
        dir.path.join("short").to_str().unwrap(),
    ]);
    r.assert_code(0);
    assert!(r.stderr.contains("St Anne's Academy sent a summary but is not on the list"), "{}", r.stderr);
}
