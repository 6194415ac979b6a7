//! Fuzzing on stable Rust: every reader of outside files is fed mutants of
//! real files, through the command line as a user's files would reach it,
//! and must end each in a clear answer (an exit code of 0, 1 or 2, every
//! returned file accounted for in `harvest.json`), never a panic (101), an
//! abort, a crash of a harvest worker or a hang.
//!
//! This is mutation fuzzing without coverage feedback (the package
//! registries give no nightly toolchain for cargo-fuzz, and AFL++'s
//! instrumentation of Rust needs more than CI's time). The mutators know
//! the formats' weak points: bit flips, bytes that open nesting, runs of
//! `[` and `<<` and `{`, numbers made huge, cut and repeated ranges,
//! splices of two seeds, and for Word files, mutations of the XML inside a
//! valid zip (a mutated zip mostly fails its checksum and tests nothing).
//!
//! Seeds are real files: packs built by framewright and filled by pypdf and
//! pikepdf (`tests/clients/harvest_fill.py`), the HTML edition's answers
//! file, the sample sources, the CASE fixtures and the template workbook.
//! Every file in `tests/fixtures/fuzz/regressions/` (a crash once found)
//! is tried first, each run.
//!
//! `FUZZ_SECONDS` sets the time per target (default 20, what `.ci/run`
//! gives it); `FUZZ_SEED` the first random seed (default: fixed, so a CI
//! run is repeatable). For hours: `FUZZ_SECONDS=3600 cargo test --release
//! --test it fuzz:: -- --test-threads 1`. A finding is written to
//! `target/fuzz-findings/` with the command that failed on it; commit it to
//! `tests/fixtures/fuzz/regressions/` once fixed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{TempDir, root, run, run_in};
use serde_json::Value;

/// A small, fast, seedable generator (xorshift64*): the same seed gives
/// the same mutants.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

fn seconds() -> Duration {
    Duration::from_secs(std::env::var("FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(20))
}

fn first_seed() -> u64 {
    std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5EED_F00D)
}

const NESTING: [&[u8]; 6] = [b"[", b"<<", b"{", b"(", b"<w:p>", b"[["];

/// One mutation of `bytes`, chosen at random; `other` is a second seed to
/// splice from.
fn mutate(bytes: &mut Vec<u8>, other: &[u8], rng: &mut Rng) {
    let len = bytes.len().max(1);
    match rng.below(9) {
        0 => {
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(bytes.len());
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= 1 << rng.below(8);
                }
            }
        }
        1 => {
            let at = rng.below(bytes.len());
            let run = NESTING[rng.below(NESTING.len())].repeat(1 + rng.below(5000));
            bytes.splice(at..at, run);
        }
        2 => {
            // A number made huge or negative.
            if let Some(at) = (0..64).map(|_| rng.below(bytes.len())).find(|&i| bytes.get(i).is_some_and(u8::is_ascii_digit)) {
                let huge: &[u8] = [b"2147483648".as_slice(), b"99999999999999999999", b"-1", b"0"][rng.below(4)];
                bytes.splice(at..at + 1, huge.iter().copied());
            }
        }
        3 => bytes.truncate(rng.below(len)),
        4 => {
            let (a, b) = (rng.below(len), rng.below(len));
            let (from, to) = (a.min(b), a.max(b).min(bytes.len()));
            bytes.drain(from..to.min(from + 4096));
        }
        5 => {
            let from = rng.below(bytes.len());
            let to = (from + 1 + rng.below(256)).min(bytes.len());
            let piece: Vec<u8> = bytes[from..to].to_vec();
            for _ in 0..1 + rng.below(64) {
                let at = rng.below(bytes.len());
                bytes.splice(at..at, piece.iter().copied());
            }
        }
        6 if !other.is_empty() => {
            let cut = rng.below(bytes.len());
            let from = rng.below(other.len());
            bytes.truncate(cut);
            bytes.extend_from_slice(&other[from..]);
        }
        7 => {
            let at = rng.below(bytes.len());
            let special: &[u8] = [b"\x00".as_slice(), b"\xff\xfe", b"\"", b"\\", b"%", b")", b"endobj", b"stream\n", b"]]>"][rng.below(9)];
            bytes.splice(at..at, special.iter().copied());
        }
        _ => {
            let at = rng.below(bytes.len());
            if let Some(b) = bytes.get_mut(at) {
                *b = [0u8, 0xff, b'(', b'[', b'<', b'{', b'/', b'\n'][rng.below(8)];
            }
        }
    }
}

/// A Word file with its XML parts mutated inside a valid zip.
fn mutate_docx(docx: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a seed is a zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let target = ["word/document.xml", "docProps/custom.xml"][rng.below(2)];
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut data).unwrap();
        if name == target {
            for _ in 0..1 + rng.below(4) {
                mutate(&mut data, b"", rng);
            }
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Keeps the mutants that broke a reader (a file, or a folder of them when
/// the whole run failed), with what broke, and fails.
fn finding(target: &str, found: &Path, what: &str) -> ! {
    let dir = root().join("target/fuzz-findings").join(target);
    std::fs::create_dir_all(&dir).unwrap();
    let files: Vec<PathBuf> =
        if found.is_dir() { std::fs::read_dir(found).unwrap().map(|e| e.unwrap().path()).collect() } else { vec![found.to_path_buf()] };
    for file in &files {
        std::fs::copy(file, dir.join(file.file_name().unwrap())).unwrap();
    }
    panic!("fuzz target {target}: {what}\nthe file(s) are kept in {}", dir.display());
}

/// An exit that is an answer: 0, 1 or 2 (never 101, a signal or another).
fn answered(code: i32) -> bool {
    matches!(code, 0..=2)
}

/// Seeds of returned files, by kind.
struct Returns {
    pdfs: Vec<Vec<u8>>,
    docx: Vec<u8>,
    answers: Vec<u8>,
}

/// A pack filled by two programs, its Word twin, and an answers file.
fn return_seeds(dir: &Path) -> Returns {
    let out = dir.join("packs");
    run(["build", "sources/london-safeguarding.toml", "--level", "1", "--out", out.to_str().unwrap(), "-q"]).assert_code(0);
    let pdf = out.join("london-safeguarding-level-1.pdf");
    let plan: Value = serde_json::from_str(&run(["plan", "sources/london-safeguarding.toml", "level-1"]).stdout).unwrap();
    let mut values = serde_json::Map::new();
    for (i, row) in plan["assessment"]["rows"].as_array().unwrap().iter().enumerate() {
        values.insert(row["rating_field"].as_str().unwrap().into(), Value::String(((i % 4) + 1).to_string()));
        values.insert(row["evidence_field"].as_str().unwrap().into(), Value::String("Evidence ✅ (with [brackets])".into()));
    }
    values.insert("signoff.name".into(), Value::String("Fuzz Person".into()));
    let values_path = dir.join("values.json");
    std::fs::write(&values_path, Value::Object(values.clone()).to_string()).unwrap();
    let mut pdfs = Vec::new();
    for filler in ["pypdf", "pikepdf"] {
        let filled = dir.join(format!("{filler}.pdf"));
        let status = Command::new("python3")
            .args([root().join("tests/clients/harvest_fill.py").to_str().unwrap(), filler, pdf.to_str().unwrap()])
            .args([filled.to_str().unwrap(), values_path.to_str().unwrap()])
            .status()
            .expect("python3 runs; .ci/run installs pypdf and pikepdf");
        assert!(status.success(), "{filler} could not fill the seed pack");
        pdfs.push(std::fs::read(&filled).unwrap());
    }
    let docx = std::fs::read(out.join("london-safeguarding-level-1.docx")).unwrap();
    let identity = &plan["identity"];
    let answers = serde_json::json!({
        "framewright": {"framework": identity["framework_id"], "version": identity["framework_version"], "pack": identity["pack_id"]},
        "answers": values,
    });
    Returns { pdfs, docx, answers: answers.to_string().into_bytes() }
}

#[test]
fn returned_files_never_take_harvest_down() {
    let dir = TempDir::new("fuzz-returns");
    let Returns { pdfs, docx, answers } = return_seeds(&dir.path);
    let mut rng = Rng::new(first_seed());
    let regressions = root().join("tests/fixtures/fuzz/regressions");
    let deadline = Instant::now() + seconds();
    let mut round = 0;
    let mut tried = 0;
    while round == 0 || Instant::now() < deadline {
        let batch = dir.path.join(format!("batch-{round}"));
        std::fs::create_dir_all(&batch).unwrap();
        if round == 0 {
            for entry in std::fs::read_dir(&regressions).into_iter().flatten().flatten() {
                if !entry.file_name().to_string_lossy().starts_with('.') {
                    std::fs::copy(entry.path(), batch.join(entry.file_name())).unwrap();
                }
            }
        }
        for i in 0..48 {
            let (bytes, ext) = match i % 4 {
                0 | 1 => {
                    let mut b = pdfs[rng.below(pdfs.len())].clone();
                    for _ in 0..1 + rng.below(3) {
                        mutate(&mut b, &pdfs[rng.below(pdfs.len())], &mut rng);
                    }
                    (b, "pdf")
                }
                2 => (mutate_docx(&docx, &mut rng), "docx"),
                _ => {
                    let mut b = answers.clone();
                    mutate(&mut b, b"", &mut rng);
                    (b, "json")
                }
            };
            std::fs::write(batch.join(format!("m{round}-{i}.{ext}")), bytes).unwrap();
        }
        let out = dir.path.join(format!("out-{round}"));
        let started = Instant::now();
        let r = run_in(
            &root(),
            [
                "harvest",
                batch.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--source",
                "sources/london-safeguarding.toml",
                "--no-reports",
            ],
        );
        let inputs: Vec<PathBuf> = std::fs::read_dir(&batch).unwrap().map(|e| e.unwrap().path()).collect();
        if !answered(r.code) || started.elapsed() > Duration::from_secs(60) {
            finding("harvest", &batch, &format!("exit {} after {:?}\n{}", r.code, started.elapsed(), r.stderr));
        }
        let log: Value = serde_json::from_slice(&std::fs::read(out.join("harvest.json")).unwrap()).unwrap();
        let files = log["files"].as_array().unwrap();
        assert_eq!(files.len(), inputs.len(), "every mutant is accounted for");
        for f in files {
            let reason = f["reason"].as_str().unwrap_or_default();
            if reason.contains("a bug") || reason.contains("crashed framewright's reader") || reason.contains("reader stopped on it") {
                finding("harvest", Path::new(f["file"].as_str().unwrap()), reason);
            }
        }
        tried += inputs.len();
        std::fs::remove_dir_all(&batch).unwrap();
        std::fs::remove_dir_all(&out).unwrap();
        round += 1;
    }
    eprintln!("fuzz harvest: {tried} returned files in {round} rounds");
}

/// Runs `args` (with `{}` for the mutant) on mutants of `seeds` until the
/// time is up; every run must answer, within a minute.
fn fuzz_command(target: &str, seeds: &[Vec<u8>], ext: &str, args: &[&str]) {
    let dir = TempDir::new(&format!("fuzz-{target}"));
    let mut rng = Rng::new(first_seed() ^ target.len() as u64);
    let deadline = Instant::now() + seconds();
    let mut tried = 0;
    while tried == 0 || Instant::now() < deadline {
        let mut bytes = seeds[rng.below(seeds.len())].clone();
        for _ in 0..1 + rng.below(3) {
            mutate(&mut bytes, &seeds[rng.below(seeds.len())], &mut rng);
        }
        let file = dir.path.join(format!("{target}-{tried}.{ext}"));
        std::fs::write(&file, &bytes).unwrap();
        let out = dir.path.join("out");
        let args: Vec<String> =
            args.iter().map(|a| a.replace("{}", file.to_str().unwrap()).replace("{out}", out.to_str().unwrap())).collect();
        let started = Instant::now();
        let r = run_in(&root(), &args);
        if !answered(r.code) || started.elapsed() > Duration::from_secs(60) {
            finding(target, &file, &format!("{args:?}: exit {} after {:?}\n{}", r.code, started.elapsed(), r.stderr));
        }
        std::fs::remove_file(&file).unwrap();
        tried += 1;
    }
    eprintln!("fuzz {target}: {tried} files");
}

fn read_all(dir: &str, ext: &str) -> Vec<Vec<u8>> {
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    seeds.sort();
    seeds.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

#[test]
fn sources_never_take_check_down() {
    fuzz_command("source", &read_all("sources", "toml"), "toml", &["check", "{}"]);
}

#[test]
fn staff_lists_never_take_build_down() {
    let seeds = vec![
        "name,role,band,email\nZoë Ó Briain,group-3,,z@example.org\nSiân Llwyd,group-5,,s@example.org\n".as_bytes().to_vec(),
        "Name,Level,Setting,Additional needs\n\"Ann, Smith\",2,Ysgol,yes\nمحمد,3,School,no\n".as_bytes().to_vec(),
    ];
    fuzz_command(
        "staff",
        &seeds,
        "csv",
        &["build", "sources/london-safeguarding.toml", "--staff", "{}", "--skip-bad-rows", "--format", "html", "--out", "{out}", "-q"],
    );
}

#[test]
fn case_packages_never_take_import_down() {
    let mut seeds = read_all("tests/fixtures/case", "json");
    let real = root().join("tests/fixtures/case/real");
    if real.is_dir() {
        seeds.extend(read_all("tests/fixtures/case/real", "json"));
    }
    fuzz_command("case", &seeds, "json", &["import", "case", "{}", "--out", "{out}.toml"]);
}

#[test]
fn spreadsheets_never_take_import_down() {
    let dir = TempDir::new("fuzz-sheet-seed");
    let template = dir.path.join("template.xlsx");
    run(["import", "sheet", "--template", template.to_str().unwrap()]).assert_code(0);
    fuzz_command("sheet-xlsx", &[std::fs::read(&template).unwrap()], "xlsx", &["import", "sheet", "{}", "--out", "{out}.toml"]);
    fuzz_command("sheet-csv", &read_all("tests/fixtures/case", "csv"), "csv", &["import", "sheet", "{}", "--out", "{out}.toml"]);
}
