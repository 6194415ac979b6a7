//! Every PDF framewright writes passes an independent validator for the
//! two standards it claims, PDF/UA-1 and PDF/A-2a: every pack and full
//! edition of every sample, a personalised pack (`build --staff`), and a
//! harvest's `report.pdf` and `summary.pdf` (also as `harvest --merge`
//! writes it). The validator is page-validation (PyPI, `import page`), a
//! Rust checker that passes the veraPDF corpus and Isartor, driven by
//! `tests/clients/pdf_standards.py`; the test fails when it is missing.
//! A second test breaks a pack on purpose and sees the validator catch it,
//! so the first cannot pass for want of checking.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::*;

/// The validator, pinned as `.ci/run` installs it.
const VALIDATOR: &str = "page-validation==0.11.0";
/// page's names for PDF/UA-1 and PDF/A-2a.
const PROFILES: [&str; 2] = ["ua1", "2a"];
const LONDON: &str = "sources/london-safeguarding.toml";

/// page-validation's verdicts on `files`: per file, the problems found
/// (empty when it conforms to both profiles).
pub(crate) fn validate(files: &[PathBuf]) -> BTreeMap<PathBuf, Vec<String>> {
    require_python_module("page", VALIDATOR);
    let script = root().join("tests/clients/pdf_standards.py");
    let mut args = vec![script.into_os_string(), PROFILES.join(",").into()];
    args.extend(files.iter().map(|f| f.clone().into_os_string()));
    let results = python_json(args);
    let mut verdicts: BTreeMap<PathBuf, Vec<String>> = files.iter().map(|f| (f.clone(), Vec::new())).collect();
    let mut seen = BTreeMap::new();
    for r in results.as_array().expect("a list of results") {
        let file = PathBuf::from(r["file"].as_str().unwrap());
        let profile = r["profile"].as_str().unwrap().to_string();
        *seen.entry(file.clone()).or_insert(0) += 1;
        let problems = verdicts.get_mut(&file).unwrap_or_else(|| panic!("a verdict on a file not asked about: {r}"));
        assert!(r["rules"].as_u64().unwrap() > 0, "{profile} checked no rule of {}", file.display());
        for f in r["failures"].as_array().unwrap() {
            problems.push(format!(
                "{profile} {} (object {}): {}",
                f["rule"].as_str().unwrap(),
                f["object"],
                f["message"].as_str().unwrap()
            ));
        }
        if r["compliant"] != true && problems.is_empty() {
            problems.push(format!("{profile}: not compliant, with no failure named"));
        }
    }
    for file in files {
        assert_eq!(seen.get(file), Some(&PROFILES.len()), "{} was not checked against every profile", file.display());
    }
    verdicts
}

/// The PDFs in `dir`, sorted.
fn pdfs_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "pdf")).collect();
    files.sort();
    files
}

#[test]
fn every_pdf_framewright_writes_passes_pdf_ua_1_and_pdf_a_2a() {
    let dir = TempDir::new("conformance-all");
    let mut files = Vec::new();

    // Every pack and full edition of every sample.
    let samples = dir.path.join("samples");
    let built = build_json(&root(), &["--format", "pdf", "--out", samples.to_str().unwrap()], &[]);
    let planned: usize = sample_sources()
        .iter()
        .map(|s| planned_files(&dump(&format!("sources/{}", s.file_name().unwrap().to_string_lossy())), "pdf").len())
        .sum();
    assert_eq!(built.len(), planned, "every planned PDF of every sample was built");
    assert!(built.iter().any(|f| f.pack == "full"), "the full editions are among them");
    files.extend(built.iter().map(|f| f.path.clone()));

    // A personalised pack, with the sign-off filled in.
    let list = dir.write("staff.csv", "Name,Level,Setting,Line Manager\nSiân Llwyd-Jones,2,Ysgol y Graig,Alex Head\n");
    let staff = dir.path.join("staff");
    run(["build", LONDON, "--format", "pdf", "--staff", list.to_str().unwrap(), "--out", staff.to_str().unwrap()]).assert_code(0);
    let personal = pdfs_in(&staff);
    assert_eq!(personal.len(), 1, "one personalised pack");
    files.extend(personal);

    // A harvest of that pack, filled by pypdf, and a merge of its summary.
    let filled = dir.path.join("returned/filled.pdf");
    std::fs::create_dir_all(filled.parent().unwrap()).unwrap();
    let values = dir.write("values.json", r#"{"signoff.role": "Teaching assistant", "signoff.date": "2025-03-12"}"#);
    let filler = root().join("tests/clients/harvest_fill.py");
    let pack = &files.last().unwrap().clone();
    tool_stdout("python3", [filler.as_os_str(), "pypdf".as_ref(), pack.as_os_str(), filled.as_os_str(), values.as_os_str()]);
    let harvest = dir.path.join("harvest");
    let returned = filled.parent().unwrap();
    run(["harvest", returned.to_str().unwrap(), "--source", LONDON, "--out", harvest.to_str().unwrap()]).assert_code(0);
    let merged = dir.path.join("merged");
    let summary = harvest.join("summary.json");
    run(["harvest", "--merge", summary.to_str().unwrap(), "--out", merged.to_str().unwrap()]).assert_code(0);
    for report in [harvest.join("report.pdf"), harvest.join("summary.pdf"), merged.join("summary.pdf")] {
        assert!(report.is_file(), "{} was not written", report.display());
        files.push(report);
    }

    let verdicts = validate(&files);
    let failing: Vec<String> = verdicts
        .iter()
        .filter(|(_, problems)| !problems.is_empty())
        .map(|(file, problems)| format!("{}:\n  {}", file.display(), problems.join("\n  ")))
        .collect();
    eprintln!(
        "page-validation {}: {} PDFs ({} sample packs and editions, 1 personalised pack, 3 harvest reports) against {:?}; {} fail",
        require_python_module("page", VALIDATOR),
        files.len(),
        built.len(),
        PROFILES,
        failing.len()
    );
    assert!(failing.is_empty(), "{} of {} PDFs fail PDF/UA-1 or PDF/A-2a:\n{}", failing.len(), files.len(), failing.join("\n"));
}

/// The check above can fail: a pack whose stream `/Length` is one byte off
/// (what the lone LF before `endstream` looked like) fails PDF/A-2a, and
/// one without its document language fails PDF/UA-1.
#[test]
fn the_validator_catches_a_broken_pack() {
    let dir = TempDir::new("conformance-broken");
    let out = dir.path.join("out");
    run(["build", LONDON, "--level", "1", "--format", "pdf", "--out", out.to_str().unwrap()]).assert_code(0);
    let good = pdfs_in(&out).pop().expect("the level-1 pack");
    let bytes = std::fs::read(&good).unwrap();

    // The first stream's length, one byte longer (same number of digits
    // where possible, so no offset in the cross-reference table moves).
    let at = find(&bytes, b"/Length ").expect("a stream") + 8;
    let digits = bytes[at..].iter().take_while(|b| b.is_ascii_digit()).count();
    let length: usize = std::str::from_utf8(&bytes[at..at + digits]).unwrap().parse().unwrap();
    let longer = format!("{:0width$}", length + 1, width = digits);
    assert_eq!(longer.len(), digits, "a length of {digits} digits stays {digits} digits");
    let mut long = bytes.clone();
    long[at..at + digits].copy_from_slice(longer.as_bytes());
    let long_path = dir.write("length.pdf", &long);

    // No document language: the catalog's /Lang renamed to an unknown key
    // of the same length.
    let lang = find(&bytes, b"/Lang").expect("a document language");
    let mut no_lang = bytes.clone();
    no_lang[lang..lang + 5].copy_from_slice(b"/Lanx");
    let lang_path = dir.write("lang.pdf", &no_lang);

    let verdicts = validate(&[good.clone(), long_path.clone(), lang_path.clone()]);
    assert_eq!(verdicts[&good], Vec::<String>::new(), "the pack as built conforms");
    let length_problems = &verdicts[&long_path];
    assert!(length_problems.iter().any(|p| p.starts_with("2a ")), "a wrong stream length passes PDF/A-2a: {length_problems:?}");
    let lang_problems = &verdicts[&lang_path];
    assert!(lang_problems.iter().any(|p| p.starts_with("ua1 ")), "a pack without a language passes PDF/UA-1: {lang_problems:?}");
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
