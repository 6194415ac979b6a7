//! `framewright harvest`: read completed packs back (see `docs/harvest.md`).

use std::path::{Path, PathBuf};

use super::{Context, exit, load_valid, sources_or_usage};
use crate::files::{prepare_dir, write_atomically, write_atomically_with};
use crate::harvest::chase::{self, StaffList};
use crate::harvest::isolate::{self, Isolation};
use crate::harvest::shard::{self, Shard};
use crate::harvest::{self, Harvest, analysis, inputs, matching, report, summary};
use crate::model::Wording;
use crate::source::{Diagnostics, ProjectFolder, ProjectPaths, built_in_wording, load_wording, staff};

/// Read completed packs (PDF, Word, answers files) back into responses and a training needs analysis.
#[derive(clap::Args)]
pub struct Args {
    /// Completed packs, or folders holding them (read recursively).
    #[arg(required_unless_present_any = ["merge", "combine"], conflicts_with = "combine")]
    inputs: Vec<PathBuf>,
    /// The folder to write responses.csv, harvest.json and the reports into.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The sources the packs were built from (default: every .toml in sources/).
    #[arg(long = "source", value_name = "FILE", num_args = 1..)]
    sources: Vec<PathBuf>,
    /// Summaries (summary.json) of other settings to combine with this
    /// harvest's into one summary for the council.
    #[arg(long, value_name = "SUMMARY", num_args = 1..)]
    merge: Vec<PathBuf>,
    /// The setting's staff list (CSV, as for `build --staff`): the reports
    /// then list who has not returned, and the log names each person.
    #[arg(long, value_name = "CSV", conflicts_with_all = ["shard", "merge"])]
    staff: Option<PathBuf>,
    /// The setting's name, as the council lists it, for the summary sent.
    #[arg(long, value_name = "NAME")]
    setting: Option<String>,
    /// How many staff are expected to return a form (instead of --staff).
    #[arg(long, value_name = "N", conflicts_with = "staff")]
    expected: Option<u64>,
    /// With --merge: the settings the council expects (one name a line, or
    /// a CSV with a `setting` column); those that sent nothing are listed.
    #[arg(long, value_name = "FILE", requires = "merge")]
    settings: Option<PathBuf>,
    /// Write only responses.csv and harvest.json (no analysis, reports or summary).
    #[arg(long, conflicts_with = "merge")]
    no_reports: bool,
    /// Read only the K-th of N parts of the inputs into DIR/shard-K-of-N.jsonl
    /// (for many machines; combine the parts with --combine).
    #[arg(long, value_name = "K/N", conflicts_with_all = ["merge", "no_reports"])]
    shard: Option<Shard>,
    /// Harvest from the shard files (or folders of them) of a `--shard` run
    /// instead of reading inputs: the same outputs as one run over them all.
    #[arg(long, value_name = "SHARDS", num_args = 1.., conflicts_with = "shard")]
    combine: Vec<PathBuf>,
}

pub fn run(args: Args, cx: &Context) -> i32 {
    let listed = match args.settings.as_deref().map(summary::read_settings).transpose() {
        Ok(listed) => listed,
        Err(message) => {
            eprintln!("error: {message}");
            return exit::USAGE;
        }
    };
    let mut merged = Vec::new();
    for path in &args.merge {
        match summary::read(path) {
            Ok(s) => merged.push(s),
            Err(message) => {
                eprintln!("error: {message}");
                return exit::USAGE;
            }
        }
    }
    if args.inputs.is_empty() && args.combine.is_empty() {
        return write_summary(merged, listed.as_deref(), &args.out);
    }
    let isolation = match Isolation::this_executable() {
        Ok(isolation) => isolation,
        Err(message) => {
            eprintln!("error: {message}");
            return exit::INVALID;
        }
    };
    if let Some(shard) = args.shard {
        return read_shard(shard, &args.inputs, &args.out, &isolation);
    }
    let paths = match sources_or_usage(args.sources) {
        Ok(paths) => paths,
        Err(code) => return code,
    };
    let mut sources = Vec::new();
    for path in &paths {
        match load_valid(path, cx) {
            Ok((loaded, fw)) => sources.push(matching::Source::new(path, fw, loaded.paths)),
            Err(code) => return code,
        }
    }
    let sources = match matching::Sources::new(sources) {
        Ok(sources) => sources,
        Err(message) => {
            eprintln!("error: {message}");
            return exit::USAGE;
        }
    };
    if args.expected.is_some() && sources.sources.len() != 1 {
        eprintln!("error: --expected counts the staff of one framework; name its source with --source (exactly one)");
        return exit::USAGE;
    }
    let read = if args.combine.is_empty() {
        match inputs::collect(&args.inputs, &args.out) {
            Ok(files) => isolate::read_all(&files, &isolation),
            Err(message) => {
                eprintln!("error: {message}");
                return exit::USAGE;
            }
        }
    } else {
        match shard::combine(&args.combine) {
            Ok(read) => read,
            Err(message) => {
                eprintln!("error: {message}");
                return exit::USAGE;
            }
        }
    };
    let staff = match &args.staff {
        Some(csv) => match staff_list(csv, &sources) {
            Ok(staff) => Some(staff),
            Err(code) => return code,
        },
        None => None,
    };
    let sender = summary::Sender::new(args.setting, args.expected, staff.as_ref());
    let mut harvest = harvest::harvest(read, &sources);
    chase::name_people(&mut harvest, staff.as_ref());
    harvest.chase = chase::chase(&harvest, staff.as_ref());
    report(&harvest);
    // The responses first: a report that fails to typeset must not cost them.
    let core = harvest::output::responses_csv(&harvest.submissions)
        .and_then(|csv| Ok(vec![("responses.csv", csv), ("harvest.json", harvest::output::harvest_json(&harvest)?)]));
    let reports = || -> Result<report::Files, String> {
        let analysis = analysis::analyse(&harvest, &sources, analysis::report_date(&harvest, &sources));
        let first = sources.sources.first();
        let root = ReportRoot::new(&first.map_or_else(|| PathBuf::from("."), |s| s.paths.root.clone()))?;
        let wording = first.map_or_else(|| root.wording(), |s| s.fw.wording.clone());
        let mut files = report::analysis_files(&root.path, &analysis, &wording)?;
        let own = summary::summarise(&analysis, &sources, &sender);
        if let Some(note) = summary::unnamed_note(&own) {
            eprintln!("note: {note}");
        }
        if let Some(combined) = combine(std::iter::once(own).chain(merged).collect(), listed.as_deref()) {
            files.extend(report::summary_files(&root.path, &combined, &wording)?);
        }
        Ok(files)
    };
    let written = core.and_then(|files| write(&files, &args.out));
    if let Err(message) =
        written.and_then(|()| if args.no_reports { Ok(Vec::new()) } else { reports() }).and_then(|files| write(&files, &args.out))
    {
        eprintln!("error: {message}");
        return exit::INVALID;
    }
    if harvest.any_unusable() { exit::INVALID } else { exit::OK }
}

/// `--staff`: the staff list of the one framework harvested against (its
/// current edition, when older ones are given too).
fn staff_list(csv: &Path, sources: &matching::Sources) -> Result<StaffList, i32> {
    let first = sources.sources.first().map(|s| s.fw.framework.id.value.as_str());
    let one = first.filter(|id| sources.sources.iter().all(|s| s.fw.framework.id.value.as_str() == *id));
    let Some(source) = one.and_then(|id| sources.current(id)) else {
        eprintln!("error: --staff lists the people of one framework; name its source with --source (one framework, its editions)");
        return Err(exit::USAGE);
    };
    let staff::Staff { people, bad, notes } = staff::read(csv, &source.fw).map_err(|message| {
        eprintln!("error: {message}");
        exit::INVALID
    })?;
    for note in &notes {
        eprintln!("note: {note}");
    }
    for row in &bad {
        eprintln!("warning: {}:{}: left out of the returns to chase: {}", csv.display(), row.line, row.message);
    }
    Ok(StaffList::new(&source.fw, people))
}

/// `--shard K/N`: reads this part of the inputs into its shard file.
fn read_shard(shard: Shard, inputs: &[PathBuf], out: &Path, isolation: &Isolation) -> i32 {
    let files = match inputs::collect(inputs, out) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return exit::USAGE;
        }
    };
    let path = out.join(shard.file_name());
    let mut counts = (0, 0);
    let written = prepare_dir(out).and_then(|()| {
        write_atomically_with(&path, false, |file| {
            counts = shard::read_into(file, shard, &files, isolation)?;
            Ok(())
        })
    });
    match written {
        Ok(()) => {
            println!("wrote {}", path.display());
            println!("shard {shard}: read {} of {} files ({} unusable; see the combined harvest.json)", counts.0, files.len(), counts.1);
            exit::OK
        }
        Err(message) => {
            eprintln!("error: {message}");
            exit::INVALID
        }
    }
}

/// `--merge` alone: the combined summary of other settings' summaries,
/// with the current folder's templates, fonts and wording when it is a
/// project, else framewright's own (a council officer holding only
/// summary files has no project).
fn write_summary(parts: Vec<summary::Summary>, listed: Option<&[String]>, out: &Path) -> i32 {
    let Some(combined) = combine(parts, listed) else { return exit::USAGE };
    let files = ReportRoot::new(Path::new(".")).and_then(|root| report::summary_files(&root.path, &combined, &root.wording()));
    match files.and_then(|files| write(&files, out)) {
        Ok(()) => exit::OK,
        Err(message) => {
            eprintln!("error: {message}");
            exit::INVALID
        }
    }
}

/// The summaries merged, and the settings `listed` that sent nothing
/// named (with a note for each setting counted that the list lacks).
fn combine(parts: Vec<summary::Summary>, listed: Option<&[String]>) -> Option<summary::Summary> {
    let mut combined = summary::merge(parts)?;
    for name in listed.map(|l| summary::expect(&mut combined, l)).unwrap_or_default() {
        eprintln!("note: {name} sent a summary but is not on the list of settings: check how the list writes its name");
    }
    Some(combined)
}

/// One line per file that needs a look, then the totals.
fn report(harvest: &Harvest) {
    for entry in &harvest.log {
        let problems = entry.mistakes.iter().chain(&entry.notes);
        if entry.status.unusable() || matches!(entry.status, harvest::log::Status::Duplicate | harvest::log::Status::Superseded) {
            eprintln!("{}: {}: {}", entry.file, entry.status.as_str().replace('_', " "), entry.reason);
        }
        for problem in problems {
            eprintln!("{}: note: {problem}", entry.file);
        }
    }
    let count = |status: harvest::log::Status| harvest.log.iter().filter(|e| e.status == status).count();
    use harvest::log::Status::*;
    println!(
        "{} files: {} read, {} partly completed, {} older version, {} duplicate, {} superseded, {} foreign, {} corrupt, {} damaged, {} encrypted, {} flattened; {} people harvested",
        harvest.log.len(),
        count(Read),
        count(PartlyCompleted),
        count(OlderVersion),
        count(Duplicate),
        count(Superseded),
        count(Foreign),
        count(Corrupt),
        count(Damaged),
        count(Encrypted),
        count(Flattened),
        harvest.submissions.len()
    );
}

/// Writes every file, each to a temporary file renamed into place.
fn write(files: &report::Files, out: &Path) -> Result<(), String> {
    prepare_dir(out)?;
    for (name, bytes) in files {
        let path = out.join(name);
        write_atomically(&path, bytes, false)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// Where the reports' templates and fonts are read: a project that has
/// them, else a temporary copy of the ones built into framewright (removed
/// when done).
struct ReportRoot {
    path: PathBuf,
    temporary: bool,
}

/// The files a project needs in its templates folder to typeset the
/// harvest's reports.
const REPORT_FILES: [&str; 4] = ["report.typ", "summary.typ", "report/style.typ", "layout.toml"];

impl ReportRoot {
    fn new(project: &Path) -> Result<Self, String> {
        let templates = ProjectFolder::Templates.under(project);
        if REPORT_FILES.iter().all(|f| templates.join(f).is_file()) && ProjectFolder::Fonts.under(project).is_dir() {
            return Ok(Self { path: project.to_path_buf(), temporary: false });
        }
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let path = std::env::temp_dir().join(format!("framewright-reports-{}-{nanos}", std::process::id()));
        // A new folder of its own (not one that is already there).
        std::fs::create_dir(&path).map_err(|e| format!("cannot make {}: {e}", path.display()))?;
        let root = Self { path, temporary: true };
        for (name, bytes) in super::new::EMBEDDED.iter().filter(|(p, _)| ProjectFolder::ALL.iter().any(|folder| folder.holds(p))) {
            let target = root.path.join(name);
            let fail = |e: std::io::Error| format!("cannot write {}: {e}", target.display());
            std::fs::create_dir_all(target.parent().expect("a file in a folder")).map_err(fail)?;
            std::fs::write(&target, bytes).map_err(fail)?;
        }
        Ok(root)
    }

    /// The wording of the project's templates/strings.toml (framewright's
    /// own when it has none, or when it has mistakes: `check` shows them).
    fn wording(&self) -> Wording {
        let paths = ProjectPaths { source_dir: self.path.clone(), root: self.path.clone() };
        let mut diagnostics = Diagnostics::default();
        let wording = load_wording(&paths, None, &mut diagnostics);
        if !diagnostics.has_errors() {
            return wording;
        }
        eprintln!("note: templates/strings.toml has mistakes (`framewright check` shows them); framewright's own wording is used");
        built_in_wording()
    }
}

impl Drop for ReportRoot {
    fn drop(&mut self) {
        if self.temporary {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}
