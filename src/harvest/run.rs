//! The sequence of a harvest, for any front end (the CLI today, a service
//! next). [`run`] does what [`HarvestOptions`] ask, one of three:
//!
//! - harvest: load the sources, read the inputs (each in a worker process)
//!   or combine the shard files of earlier runs, read the staff list, match
//!   and dedupe the forms, name who to chase, then write `responses.csv` and
//!   `harvest.json` before the analysis, the reports and the summary (merged
//!   with other settings' summaries when given), so a report that fails to
//!   typeset does not cost the responses;
//! - [`merge`]: other settings' summaries alone into the council's summary;
//! - [`read_shard`]: one part of the inputs into its shard file.
//!
//! What happens is told to a [`Reporter`]; what stops the run is a
//! [`HarvestError`].

use std::fmt;
use std::path::{Path, PathBuf};

use super::chase::{self, StaffList};
use super::isolate::{self, Isolation};
use super::language::Language;
use super::shard::{self, Shard};
use super::summary::{self, Summary};
use super::{Harvest, analysis, harvest, inputs, matching, output, report};
use crate::files::{prepare_dir, write_atomically, write_atomically_with};
use crate::render::report::root::ReportRoot;
use crate::source::staff::{self, BadRow};
use crate::source::{Loaded, SourceError, load_valid, named_or_default};

/// What to harvest, as a front end was asked (the flags of `harvest`).
#[derive(Clone, Debug, Default)]
pub struct HarvestOptions {
    /// Completed packs, or folders holding them (read recursively).
    pub inputs: Vec<PathBuf>,
    /// The folder to write into.
    pub out: PathBuf,
    /// The sources the packs were built from (empty: every .toml in sources/).
    pub sources: Vec<PathBuf>,
    /// Other settings' summaries to merge with this harvest's (or, with no
    /// inputs, alone).
    pub merge: Vec<PathBuf>,
    /// The setting's staff list: who has not returned, and names in the log.
    pub staff: Option<PathBuf>,
    /// The setting's name in the summary it sends (`--setting`).
    pub setting: Option<String>,
    /// Staff expected to return a form, when there is no staff list (`--expected`).
    pub expected: Option<u64>,
    /// With a merge: the council's list of the settings it expects (`--settings`).
    pub settings: Option<PathBuf>,
    /// Write only responses.csv and harvest.json.
    pub no_reports: bool,
    /// Read only this part of the inputs into its shard file.
    pub shard: Option<Shard>,
    /// Harvest from these shard files (or folders of them) instead of inputs.
    pub combine: Vec<PathBuf>,
    /// The language of the reports and the summary (`--lang`); `None`: the
    /// sources' own. What is kept and sent (analysis.json, summary.json) is
    /// in the sources' language whatever this is (see [`super::language`]).
    pub lang: Option<String>,
    /// Name each input by its path inside this folder rather than as given
    /// (the service's work folder is nobody's business, and changes).
    pub names_within: Option<PathBuf>,
}

/// Hears how a harvest goes.
pub trait Reporter {
    /// A source has diagnostics: warnings, or the errors that stop it.
    fn diagnostics(&mut self, loaded: &Loaded);
    /// Something worth saying that stops nothing.
    fn note(&mut self, note: &str);
    /// A row of the staff list `csv` is left out of the returns to chase.
    fn left_out(&mut self, csv: &Path, row: &BadRow);
    /// Every input is matched and deduped; nothing is written yet.
    fn harvested(&mut self, harvest: &Harvest);
    /// A file was written.
    fn wrote(&mut self, path: &Path);
}

/// Why a harvest stopped.
#[derive(Debug)]
pub enum HarvestError {
    /// No source to match against, or a source unusable or invalid.
    Source(SourceError),
    /// A summary given to merge cannot be read.
    Summary(String),
    /// Nothing to merge: no summary was given.
    NothingToMerge,
    /// The worker processes that read the inputs cannot be started.
    Isolation(String),
    /// The inputs cannot be listed.
    Inputs(String),
    /// The shard files cannot be combined.
    Shards(String),
    /// A staff list with sources of more (or fewer) than one framework.
    StaffNeedsOneSource,
    /// A number of staff expected with more (or fewer) than one source.
    ExpectedNeedsOneSource,
    /// Two sources of one framework's edition, or the like.
    Editions(String),
    /// The council's list of settings cannot be read.
    Settings(String),
    /// The reports cannot be made in the language asked.
    Language(String),
    /// The staff list cannot be read.
    StaffList(String),
    /// An output could not be made or written.
    Write(String),
}

impl fmt::Display for HarvestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Source(e) => e.fmt(f),
            Self::NothingToMerge => f.write_str("no summary to merge; name the summaries with --merge"),
            Self::StaffNeedsOneSource => {
                f.write_str("--staff lists the people of one framework; name its source with --source (one framework, its editions)")
            }
            Self::ExpectedNeedsOneSource => {
                f.write_str("--expected counts the staff of one framework; name its source with --source (exactly one)")
            }
            Self::Summary(message)
            | Self::Isolation(message)
            | Self::Inputs(message)
            | Self::Shards(message)
            | Self::Editions(message)
            | Self::Settings(message)
            | Self::Language(message)
            | Self::StaffList(message)
            | Self::Write(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for HarvestError {}

impl From<SourceError> for HarvestError {
    fn from(e: SourceError) -> Self {
        Self::Source(e)
    }
}

/// What a run did.
pub enum Finished {
    /// The inputs (or shards) were harvested and everything written.
    Harvest(Harvest),
    /// Only summaries were merged.
    Merge,
    /// One part of the inputs was read into its shard file.
    Shard(ShardRead),
}

/// What [`read_shard`] read.
pub struct ShardRead {
    pub shard: Shard,
    /// Files read, and of them unusable.
    pub read: usize,
    pub unusable: usize,
    /// Input files over every shard.
    pub total: usize,
}

/// Does what `options` ask: a harvest, a merge of summaries alone (no
/// inputs), or one shard of the inputs.
pub fn run(options: &HarvestOptions, reporter: &mut dyn Reporter) -> Result<Finished, HarvestError> {
    let listed = options.settings.as_deref().map(summary::read_settings).transpose().map_err(HarvestError::Settings)?;
    let merged = options.merge.iter().map(|path| summary::read(path).map_err(HarvestError::Summary)).collect::<Result<Vec<_>, _>>()?;
    if options.inputs.is_empty() && options.combine.is_empty() {
        return merge(merged, listed.as_deref(), options.lang.as_deref(), &options.out, reporter).map(|()| Finished::Merge);
    }
    let isolation = Isolation::this_executable().map_err(HarvestError::Isolation)?;
    if let Some(shard) = options.shard {
        return read_shard(shard, &options.inputs, &options.out, &isolation, reporter).map(Finished::Shard);
    }
    harvest_all(options, merged, listed.as_deref(), &isolation, reporter).map(Finished::Harvest)
}

/// The harvest proper (see the module's header).
fn harvest_all(
    options: &HarvestOptions,
    merged: Vec<Summary>,
    listed: Option<&[String]>,
    isolation: &Isolation,
    reporter: &mut dyn Reporter,
) -> Result<Harvest, HarvestError> {
    let mut sources = Vec::new();
    for path in &named_or_default(options.sources.clone())? {
        let (loaded, fw) = load_valid(path, crate::plan::check, &mut |loaded| reporter.diagnostics(loaded))?;
        sources.push(matching::Source::new(path, fw, loaded.paths));
    }
    let sources = matching::Sources::new(sources).map_err(HarvestError::Editions)?;
    // Before any file is read: a language the reports cannot be made in stops the run.
    let root = sources.sources.first().map_or_else(|| PathBuf::from("."), |s| s.paths.root.clone());
    let language = Language::new(options.lang.as_deref(), &sources, &root, &mut |n| reporter.note(n)).map_err(HarvestError::Language)?;
    if options.expected.is_some() && sources.sources.len() != 1 {
        return Err(HarvestError::ExpectedNeedsOneSource);
    }
    let read = if options.combine.is_empty() {
        let files = inputs::collect(&options.inputs, &options.out).map_err(HarvestError::Inputs)?;
        let mut read = isolate::read_all(&files, isolation);
        if let Some(folder) = &options.names_within {
            for (file, path) in read.iter_mut().zip(&files) {
                file.file = path.strip_prefix(folder).unwrap_or(path).display().to_string();
            }
        }
        read
    } else {
        shard::combine(&options.combine).map_err(HarvestError::Shards)?
    };
    let staff = options.staff.as_deref().map(|csv| staff_list(csv, &sources, reporter)).transpose()?;
    let sender = summary::Sender::new(options.setting.clone(), options.expected, staff.as_ref());
    let mut harvest = harvest(read, &sources);
    chase::name_people(&mut harvest, staff.as_ref());
    harvest.chase = chase::chase(&harvest, staff.as_ref());
    reporter.harvested(&harvest);
    // The responses first: a report that fails to typeset must not cost them.
    let responses = output::responses_csv(&harvest.submissions).map_err(HarvestError::Write)?;
    let core = vec![("responses.csv", responses), ("harvest.json", output::harvest_json(&harvest).map_err(HarvestError::Write)?)];
    write(&core, &options.out, reporter)?;
    if !options.no_reports {
        let files = reports(&harvest, &sources, language.as_ref(), &sender, merged, listed, reporter).map_err(HarvestError::Write)?;
        write(&files, &options.out, reporter)?;
    }
    Ok(harvest)
}

/// The analysis and its reports, and the summary (merged with `merged`),
/// the reports in `language` when it is not the sources' own.
fn reports(
    harvest: &Harvest,
    sources: &matching::Sources,
    language: Option<&Language>,
    sender: &summary::Sender,
    merged: Vec<Summary>,
    listed: Option<&[String]>,
    reporter: &mut dyn Reporter,
) -> Result<report::Files, String> {
    let analysis = analysis::analyse(harvest, sources, analysis::report_date(harvest, sources));
    let first = sources.sources.first();
    let root = ReportRoot::new(&first.map_or_else(|| PathBuf::from("."), |s| s.paths.root.clone()))?;
    let wording = match language {
        Some(language) => language.wording.clone(),
        None => first.map_or_else(|| root.wording(&mut |n| reporter.note(n)), |s| s.fw.wording.clone()),
    };
    let mut files = report::analysis_files(&root.path, &analysis, language.map(|l| l.analysis(&analysis)).as_ref(), &wording)?;
    let own = summary::summarise(&analysis, sources, sender);
    if let Some(note) = summary::unnamed_note(&own) {
        reporter.note(&note);
    }
    if let Some(combined) = combine(std::iter::once(own).chain(merged).collect(), listed, reporter) {
        files.extend(report::summary_files(&root.path, &combined, language.map(|l| l.summary(&combined)).as_ref(), &wording)?);
    }
    Ok(files)
}

/// `--staff`: the staff list of the one source harvested against.
fn staff_list(csv: &Path, sources: &matching::Sources, reporter: &mut dyn Reporter) -> Result<StaffList, HarvestError> {
    // One framework: its current edition when older ones are given too.
    let first = sources.sources.first().map(|s| s.fw.framework.id.value.as_str());
    let one = first.filter(|id| sources.sources.iter().all(|s| s.fw.framework.id.value.as_str() == *id));
    let Some(source) = one.and_then(|id| sources.current(id)) else {
        return Err(HarvestError::StaffNeedsOneSource);
    };
    let staff::Staff { people, bad, notes } = staff::read(csv, &source.fw).map_err(HarvestError::StaffList)?;
    for note in &notes {
        reporter.note(note);
    }
    for row in &bad {
        reporter.left_out(csv, row);
    }
    Ok(StaffList::new(&source.fw, people))
}

/// Reads the `shard`-th part of `inputs` into its shard file in `out`.
pub fn read_shard(
    shard: Shard,
    inputs: &[PathBuf],
    out: &Path,
    isolation: &Isolation,
    reporter: &mut dyn Reporter,
) -> Result<ShardRead, HarvestError> {
    let files = inputs::collect(inputs, out).map_err(HarvestError::Inputs)?;
    let path = out.join(shard.file_name());
    let mut counts = (0, 0);
    prepare_dir(out)
        .and_then(|()| {
            write_atomically_with(&path, false, |file| {
                counts = shard::read_into(file, shard, &files, isolation)?;
                Ok(())
            })
        })
        .map_err(HarvestError::Write)?;
    reporter.wrote(&path);
    Ok(ShardRead { shard, read: counts.0, unusable: counts.1, total: files.len() })
}

/// The combined summary of other settings' summaries, typeset with the
/// current folder's templates, fonts and wording when it is a project,
/// else framewright's own (a council officer holding only summary files
/// has no project), in `lang` when asked.
pub fn merge(
    parts: Vec<Summary>,
    listed: Option<&[String]>,
    lang: Option<&str>,
    out: &Path,
    reporter: &mut dyn Reporter,
) -> Result<(), HarvestError> {
    let combined = combine(parts, listed, reporter).ok_or(HarvestError::NothingToMerge)?;
    let language = Language::new(lang, &matching::Sources { sources: Vec::new() }, Path::new("."), &mut |n| reporter.note(n))
        .map_err(HarvestError::Language)?;
    let root = ReportRoot::new(Path::new(".")).map_err(HarvestError::Write)?;
    let wording = language.as_ref().map_or_else(|| root.wording(&mut |n| reporter.note(n)), |l| l.wording.clone());
    let worded = language.map(|l| l.summary(&combined));
    let files = report::summary_files(&root.path, &combined, worded.as_ref(), &wording).map_err(HarvestError::Write)?;
    write(&files, out, reporter)
}

/// The summaries merged, and the settings `listed` that sent nothing
/// named (with a note for each setting counted that the list lacks).
fn combine(parts: Vec<Summary>, listed: Option<&[String]>, reporter: &mut dyn Reporter) -> Option<Summary> {
    let mut combined = summary::merge(parts)?;
    for name in listed.map(|l| summary::expect(&mut combined, l)).unwrap_or_default() {
        reporter.note(&format!("{name} sent a summary but is not on the list of settings: check how the list writes its name"));
    }
    Some(combined)
}

/// Writes every file, each to a temporary file renamed into place.
fn write(files: &report::Files, out: &Path, reporter: &mut dyn Reporter) -> Result<(), HarvestError> {
    prepare_dir(out).map_err(HarvestError::Write)?;
    for (name, bytes) in files {
        let path = out.join(name);
        write_atomically(&path, bytes, false).map_err(HarvestError::Write)?;
        reporter.wrote(&path);
    }
    Ok(())
}
