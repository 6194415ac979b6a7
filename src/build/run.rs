//! The sequence of a build, for any front end (the CLI today, a service
//! next): check the options, lock the output folder, then for each source
//! load it, pick its packs (or read the staff list), build them, and
//! finally write the download page. What happens is told to a
//! [`Reporter`] as it happens; what stops a step is a [`BuildError`].
//!
//! A bad source or staff list stops only its own source: the others are
//! still built, and the error is in [`BuildSummary::errors`].

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use std::borrow::Cow;

use super::{Archived, LockError, Options, Outcome, Output, Progress, Selection, Status, build_framework, languages};
use crate::model::{Format, Framework, Packs};
use crate::plan::listing::Files;
use crate::plan::{Edition, PackSpec, personal};
use crate::source::staff::{self, BadRow};
use crate::source::{Loaded, SourceError, load_valid};

/// What to build, as a front end was asked.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// The source files, already resolved (see [`crate::source::named_or_default`]).
    pub sources: Vec<PathBuf>,
    /// The output folder.
    pub out: PathBuf,
    pub selection: Selection,
    /// Only these formats (empty: each pack's formats from the source).
    pub formats: Vec<Format>,
    /// Build the packs in these languages (empty: the source's `[packs]
    /// languages`, else its own language).
    pub languages: Vec<String>,
    /// Rebuild every file, even those that are up to date.
    pub force: bool,
    /// Build one personalised pack per person in this staff list instead
    /// of the source's packs.
    pub staff: Option<StaffOptions>,
    /// The process lives on after the build (a watch, a service): the
    /// renderers free their caches.
    pub release_caches: bool,
}

/// `--staff`: the personalised packs of the people in a CSV file.
#[derive(Clone, Debug)]
pub struct StaffOptions {
    pub csv: PathBuf,
    /// Build the good rows and skip the bad ones (else a bad row stops the
    /// source before anything is written).
    pub skip_bad_rows: bool,
}

/// Hears how a build goes. [`Progress`] is called from the build's worker
/// threads; the rest from the thread that called [`run`].
pub trait Reporter: Progress {
    /// A source has diagnostics: warnings, or the errors that stop it.
    fn diagnostics(&self, loaded: &Loaded);
    /// The packs of `source` start building.
    fn source_started(&self, source: &Path);
    /// The packs of the source started last are finished, or it stopped.
    fn source_finished(&self);
    /// No pack of `source` matches the selection: nothing was built.
    fn nothing_selected(&self, source: &Path);
    /// Something the build wants said: an ignored column of the staff
    /// list, how complete a language's translation is.
    fn note(&self, note: &str);
    /// A row of the staff list `csv` that cannot be built; `skipped` when
    /// the build goes on without it.
    fn bad_row(&self, csv: &Path, row: &BadRow, skipped: bool);
    /// A step failed; the build goes on with what does not depend on it.
    fn error(&self, error: &BuildError);
    /// The download page was written to `page`.
    fn wrote_index(&self, page: &Path);
}

/// Why a build, or one source of it, stopped.
#[derive(Debug)]
pub enum BuildError {
    /// No source to build, or a source unusable or invalid.
    Source(SourceError),
    /// `--staff` with more (or fewer) than one source.
    StaffNeedsOneSource,
    /// The staff list named is not a file.
    NoStaffList(PathBuf),
    /// The output folder cannot be made or locked.
    Output(LockError),
    /// The staff list cannot be read.
    StaffList(String),
    /// Rows of the staff list are wrong and `skip_bad_rows` is off.
    BadRows { csv: PathBuf, bad: usize, good: usize },
    /// The staff list names nobody.
    Nobody(PathBuf),
    /// A source's packs could not be planned or started.
    Framework { source: PathBuf, message: String },
    /// The download page could not be written.
    DownloadPage(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Source(e) => e.fmt(f),
            Self::StaffNeedsOneSource => f.write_str("--staff builds packs of one source; name exactly one source file"),
            Self::NoStaffList(csv) => write!(f, "the staff list {} does not exist or is not a file", csv.display()),
            Self::Output(LockError::Busy(message) | LockError::Other(message)) => f.write_str(message),
            Self::StaffList(message) | Self::DownloadPage(message) => f.write_str(message),
            Self::BadRows { csv, bad, good } => {
                let (s, them) = if *bad == 1 { ("", "it") } else { ("s", "them") };
                write!(
                    f,
                    "{bad} bad row{s} in {}; nothing was built (fix {them}, or pass --skip-bad-rows to build the other {good})",
                    csv.display()
                )
            }
            Self::Nobody(csv) => write!(f, "{} lists nobody to build a pack for", csv.display()),
            Self::Framework { source, message } => write!(f, "{}: {message}", source.display()),
        }
    }
}

impl std::error::Error for BuildError {}

/// What a build did: the files (over every source) and the steps that failed.
#[derive(Debug, Default)]
pub struct BuildSummary {
    pub built: usize,
    pub up_to_date: usize,
    pub failed: usize,
    pub pages: usize,
    /// Fillable form fields in the files.
    pub fields: usize,
    pub bytes: usize,
    /// The steps that failed, each told to [`Reporter::error`] when it did.
    pub errors: Vec<BuildError>,
}

impl BuildSummary {
    fn count(&mut self, outcome: &Outcome) {
        match &outcome.result {
            Ok(file) => {
                match file.status {
                    Status::Built => self.built += 1,
                    Status::UpToDate => self.up_to_date += 1,
                }
                self.pages += file.pages;
                self.fields += file.fields;
                self.bytes += file.bytes;
            }
            Err(_) => self.failed += 1,
        }
    }
}

/// Counts each file as it finishes, then tells the reporter: a source
/// that fails after some of its files are done (the renderers would not
/// start, the manifest could not be written) still counts them.
struct Counting<'a> {
    reporter: &'a dyn Reporter,
    summary: Mutex<BuildSummary>,
}

impl Counting<'_> {
    fn summary(&self) -> MutexGuard<'_, BuildSummary> {
        self.summary.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn fail(&self, error: BuildError) {
        self.reporter.error(&error);
        self.summary().errors.push(error);
    }
}

impl Progress for Counting<'_> {
    fn planned(&self, files: usize) {
        self.reporter.planned(files);
    }

    fn done(&self, outcome: &Outcome) {
        self.summary().count(outcome);
        self.reporter.done(outcome);
    }

    fn archived(&self, archived: &Archived) {
        self.reporter.archived(archived);
    }
}

/// Checks `options` and locks their output folder, for one [`build_into`] or
/// many (a watch builds again after every change).
pub fn open(options: &BuildOptions) -> Result<Output, BuildError> {
    if let Some(staff) = &options.staff {
        if options.sources.len() != 1 {
            return Err(BuildError::StaffNeedsOneSource);
        }
        if !staff.csv.is_file() {
            return Err(BuildError::NoStaffList(staff.csv.clone()));
        }
    }
    Output::open(&options.out).map_err(BuildError::Output)
}

/// Builds as `options` ask: [`open`], then [`build_into`].
pub fn run(options: &BuildOptions, reporter: &dyn Reporter) -> Result<BuildSummary, BuildError> {
    let output = open(options)?;
    Ok(build_into(&output, options, reporter))
}

/// Builds every source of `options` into `output` (opened by [`open`]),
/// then its download page.
pub fn build_into(output: &Output, options: &BuildOptions, reporter: &dyn Reporter) -> BuildSummary {
    output.start_run();
    let counting = Counting { reporter, summary: Mutex::default() };
    // The download page is laid out with the first valid source's project templates.
    let mut project = None;
    for path in &options.sources {
        let (loaded, fw) = match load_valid(path, crate::plan::check, &mut |loaded| reporter.diagnostics(loaded)) {
            Ok(ok) => ok,
            Err(e) => {
                counting.fail(BuildError::Source(e));
                continue;
            }
        };
        let packs = match &options.staff {
            Some(staff) => match staff_packs(staff, &fw, reporter) {
                Ok(packs) => packs,
                Err(e) => {
                    counting.fail(e);
                    continue;
                }
            },
            None => options.selection.packs(&fw),
        };
        project.get_or_insert_with(|| loaded.paths.root.clone());
        // The framework in each language and pair built (the languages asked
        // and the frameworks), for the download page.
        let wanted = languages::wanted(&options.languages, &fw);
        let mut in_languages: Vec<(Vec<&str>, Vec<Cow<Framework>>)> = Vec::new();
        let mut failed = false;
        for entry in &wanted {
            let (asked, frameworks) = match languages::frameworks(&fw, path, &loaded.paths, entry, Some(reporter)) {
                Ok(ok) => ok,
                Err(message) => {
                    counting.fail(BuildError::Framework { source: path.clone(), message });
                    continue;
                }
            };
            let edition = languages::edition(&frameworks);
            // The same packs, named for the language (`cy-en`: both).
            let language = languages::named(&asked, &frameworks);
            let packs = packs.iter().cloned().map(|spec| spec.named_in(edition.fw, language.as_deref())).collect();
            reporter.source_started(path);
            let build_options = Options { force: options.force, release_caches: options.release_caches };
            let result = build_framework(edition, &loaded.paths, packs, &options.formats, output, build_options, &counting);
            reporter.source_finished();
            match result {
                Ok(outcomes) if outcomes.is_empty() => reporter.nothing_selected(path),
                Ok(_) => {}
                Err(message) => {
                    failed = true;
                    counting.fail(BuildError::Framework { source: path.clone(), message });
                }
            }
            in_languages.push((asked, frameworks));
        }
        if !failed {
            // Languages and pairs built before and not now stay listed while their files are there.
            let kept = languages::listed(&options.languages, &fw);
            for entry in &kept {
                let built = |asked: &[&str]| in_languages.iter().any(|(built, _)| built == asked);
                if Packs::edition_languages(entry).is_ok_and(|asked| !built(&asked))
                    && let Ok(frameworks) = languages::frameworks(&fw, path, &loaded.paths, entry, None)
                {
                    in_languages.push(frameworks);
                }
            }
            // The source's own language first, then each other language and pair once.
            let mut listed = vec![Files { edition: Edition { fw: &fw, alongside: None }, named: None }];
            let named: Vec<Option<String>> = in_languages.iter().map(|(asked, frameworks)| languages::named(asked, frameworks)).collect();
            for ((_, frameworks), named) in in_languages.iter().zip(&named) {
                if named.is_some() && !listed.iter().any(|files| files.named == named.as_deref()) {
                    listed.push(Files { edition: languages::edition(frameworks), named: named.as_deref() });
                }
            }
            if let Err(message) = output.record_listing(&listed) {
                counting.fail(BuildError::Framework { source: path.clone(), message });
            }
        }
    }
    if let Some(root) = project {
        match output.write_index(&root) {
            Ok(pages) => pages.iter().for_each(|page| reporter.wrote_index(page)),
            Err(message) => counting.fail(BuildError::DownloadPage(message)),
        }
    }
    counting.summary.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// The personalised packs of the people in the staff list. Bad rows are
/// told to the reporter; unless they are to be skipped, any bad row means
/// nothing is built.
fn staff_packs(options: &StaffOptions, fw: &Framework, reporter: &dyn Reporter) -> Result<Vec<PackSpec>, BuildError> {
    let csv = &options.csv;
    let staff::Staff { people, bad, notes } = staff::read(csv, fw).map_err(BuildError::StaffList)?;
    for note in &notes {
        reporter.note(note);
    }
    for row in &bad {
        reporter.bad_row(csv, row, options.skip_bad_rows);
    }
    if !bad.is_empty() && !options.skip_bad_rows {
        return Err(BuildError::BadRows { csv: csv.clone(), bad: bad.len(), good: people.len() });
    }
    if people.is_empty() {
        return Err(BuildError::Nobody(csv.clone()));
    }
    Ok(personal::pack_specs(fw, &people))
}
