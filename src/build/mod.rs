//! `build`: from sources to pack files. Plans every selected pack, skips
//! those whose inputs and file are unchanged, renders the rest in parallel
//! and writes each file atomically, so a failed or interrupted build never
//! leaves a half-written file and never removes the last good one.
//!
//! One [`Output`] (the folder, its lock and its manifest) serves every
//! source of a run; [`build_framework`] builds one source into it.
//!
//! [`run`] is the whole command for any front end: sources loaded, packs
//! (or a staff list's personalised packs) picked and built, the download
//! page written, progress told to a [`Reporter`], failures as [`BuildError`].
//!
//! - `run`: the sequence of a build, its options, reporter, errors and summary
//! - `inputs`, `manifest`: what a file was built from, so an unchanged one is skipped
//! - `lock`: one build at a time per output folder
//! - `parallel`: the files rendered on every core
//! - `site`: the download page
//! - `archive`: earlier editions kept in `archive/` when a new one is built
//! - `date`: the date the packs carry
//! - `languages`: the languages a source's packs are built in, and the framework in each
//!   (two for a bilingual pack: [`Edition`])

mod archive;
mod date;
mod inputs;
mod languages;
mod lock;
pub mod manifest;
mod parallel;
mod run;
pub(crate) mod site;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::model::{Format, Framework, Id};
use crate::plan::{self, Audience, Edition, PackPlan, PackSpec};
use crate::render::pdf::DEFAULT_TEMPLATE;
use crate::render::{self, RenderError, Renderer};
use crate::source::ProjectPaths;

pub use archive::{Archived, Moved};
pub use date::build_date;
pub use lock::LockError;
pub use run::{BuildError, BuildOptions, BuildSummary, Reporter, StaffOptions, build_into, open, run};

use inputs::ProjectDigest;
use lock::OutputLock;
use manifest::{Entry, Manifest};

/// Which of a source's packs to build (`--level`, `--role`, `--band`).
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub levels: Vec<String>,
    pub roles: Vec<String>,
    pub bands: Vec<String>,
}

impl Selection {
    /// The source's packs this selection picks.
    pub fn packs(&self, fw: &Framework) -> Vec<PackSpec> {
        plan::expand(fw).into_iter().filter(|s| self.wants(s)).collect()
    }

    /// Whether `spec` is selected. The full edition is selected when no
    /// level, role or band is asked for.
    pub fn wants(&self, spec: &PackSpec) -> bool {
        let matches = |wanted: &[String], id: Option<&Id>| wanted.is_empty() || id.is_some_and(|i| wanted.iter().any(|w| w == i.as_str()));
        match &spec.audience {
            Audience::Full => self.levels.is_empty() && self.roles.is_empty() && self.bands.is_empty(),
            Audience::Level(l) => self.roles.is_empty() && matches(&self.levels, Some(l)) && matches(&self.bands, spec.band.as_ref()),
            Audience::Role(r) => self.levels.is_empty() && matches(&self.roles, Some(r)) && matches(&self.bands, spec.band.as_ref()),
        }
    }
}

/// The output folder of a run: locked against other builds, with its
/// manifest.
pub struct Output {
    dir: PathBuf,
    manifest: Mutex<Manifest>,
    /// The files this run has planned, with the framework that writes them:
    /// two sources must not write one file.
    claimed: Mutex<HashMap<String, String>>,
    /// Whether the files earlier builds read were unchanged when this run
    /// started. Taken once per run: the first source's build records what
    /// it read as it is now, which must not make a later source's packs
    /// look up to date when they read the same changed file.
    reads_unchanged: AtomicBool,
    _lock: OutputLock,
}

impl Output {
    /// Creates and locks `dir` and reads its manifest.
    pub fn open(dir: &Path) -> Result<Self, LockError> {
        crate::files::prepare_dir(dir).map_err(LockError::Other)?;
        let lock = OutputLock::acquire(dir)?;
        crate::files::remove_stale_temporaries(dir);
        archive::remove_stale_temporaries(dir);
        let mut manifest = Manifest::load(dir);
        // What a build killed while archiving left (see `archive.rs`).
        manifest.remove_archived_originals(dir).map_err(LockError::Other)?;
        Ok(Self {
            dir: dir.to_path_buf(),
            manifest: Mutex::new(manifest),
            claimed: Mutex::default(),
            reads_unchanged: AtomicBool::new(false),
            _lock: lock,
        })
    }

    /// The project files the renderers read in this folder's builds (a
    /// custom template's imports, images): `--watch` watches them too.
    pub fn files_read(&self) -> Vec<PathBuf> {
        self.manifest.lock().map(|m| m.read_files()).unwrap_or_default()
    }

    /// Starts a run (a build of every source; `--watch` makes one per
    /// change): no file is claimed yet, and the files earlier builds read
    /// are checked once for all its sources.
    pub fn start_run(&self) {
        self.claimed.lock().unwrap_or_else(|e| e.into_inner()).clear();
        let unchanged = self.manifest.lock().is_ok_and(|m| m.reads_unchanged());
        self.reads_unchanged.store(unchanged, Ordering::Relaxed);
    }

    /// Claims the file `names` of one source's packs (`(name, pack id)`)
    /// for `framework`: no two of its packs, and no other source of this
    /// run, may write the same file.
    fn claim<'a>(&self, names: impl Iterator<Item = (&'a str, &'a str)>, framework: &str) -> Result<(), String> {
        let names: Vec<(&str, &str)> = names.collect();
        let mut mine: HashMap<&str, &str> = HashMap::new();
        for &(name, pack) in &names {
            if site::is_page(name) {
                return Err(format!("pack `{pack}` would be written to {name}, the download page; change [packs] file_name"));
            }
            if let Some(other) = mine.insert(name, pack) {
                return Err(format!(
                    "packs `{other}` and `{pack}` would both be written to {name}; change [packs] file_name so names differ \
                     (e.g. include {{{{ pack }}}})"
                ));
            }
        }
        let mut claimed = self.claimed.lock().map_err(|_| "a thread failed while planning".to_string())?;
        if let Some((name, other)) = names.iter().find_map(|(name, _)| claimed.get(*name).map(|other| (*name, other))) {
            return Err(format!(
                "{name} is also built by the framework `{other}` in this run; give the sources different framework ids or file-name patterns"
            ));
        }
        claimed.extend(names.iter().map(|(name, _)| (name.to_string(), framework.to_string())));
        Ok(())
    }

    fn update_manifest(&self, change: impl FnOnce(&mut Manifest) -> Result<(), String>) -> Result<(), String> {
        change(&mut *self.manifest.lock().map_err(|_| "a thread failed while updating the manifest".to_string())?)
    }
}

/// What happened to one file.
#[derive(Debug)]
pub struct Outcome {
    pub pack: String,
    pub format: Format,
    pub path: PathBuf,
    pub result: Result<FileReport, String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Built,
    /// Inputs and file unchanged since the last build: not rebuilt.
    UpToDate,
}

#[derive(Debug)]
pub struct FileReport {
    pub status: Status,
    pub pages: usize,
    /// Fillable form fields in the file.
    pub fields: usize,
    pub bytes: usize,
    pub sha256: String,
    /// Time in the typesetter (compile and export); zero when up to date.
    pub typeset: Duration,
    /// Time adding form fields.
    pub forms: Duration,
    /// Time for the whole file: plan, check, typeset, write.
    pub total: Duration,
    /// What the file holds, as its renderer says (empty when up to date).
    pub description: String,
}

/// Hears how a build goes, from any of its threads (progress bars, JSON
/// lines).
pub trait Progress: Sync {
    /// The build knows how many files it will check or build.
    fn planned(&self, files: usize);
    /// One file is finished (built, up to date or failed).
    fn done(&self, outcome: &Outcome);
    /// The framework's earlier edition was archived, or an earlier build of
    /// the version being built was found in the archive (before its files
    /// are written).
    fn archived(&self, archived: &Archived);
}

/// How to build.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Rebuild every file, even those that are up to date.
    pub force: bool,
    /// Let renderers free their caches when done (the process lives on).
    pub release_caches: bool,
}

/// One job: a pack of a source in one format, planned.
struct Job {
    spec_id: String,
    format: Format,
    path: PathBuf,
    /// The path inside the output folder: the manifest key.
    key: String,
    plan: PackPlan,
    inputs: String,
    /// Time spent planning it and checking whether it is up to date.
    planned_in: Duration,
}

/// Builds `packs` of a validated framework into `output`, each in its own
/// formats that are among `formats` (all of them when `formats` is empty).
/// `progress` hears about every file as soon as it is finished.
pub fn build_framework(
    edition: Edition<'_>,
    paths: &ProjectPaths,
    packs: Vec<PackSpec>,
    formats: &[Format],
    output: &Output,
    options: Options,
    progress: &dyn Progress,
) -> Result<Vec<Outcome>, String> {
    let fw = edition.fw;
    let template = match &fw.packs.template {
        Some(t) => paths.project_relative(t).ok_or_else(|| format!("the template {} is outside the project", t.value))?,
        None => DEFAULT_TEMPLATE.to_string(),
    };
    let mut extra = vec![paths.root.join(template.trim_start_matches('/'))];
    extra.extend(fw.framework.logo.as_ref().and_then(|logo| paths.resolve(&logo.value).ok()));
    let digest = ProjectDigest::new(&paths.root, &extra)?;
    let date = build_date(fw);
    let date_key = format!("{date:?}");

    let mut specs = Vec::new();
    for spec in packs {
        let wanted: Vec<Format> = spec.formats.iter().copied().filter(|f| formats.is_empty() || formats.contains(f)).collect();
        for format in wanted {
            specs.push((spec.clone(), format, spec.file_name(format)));
        }
    }
    output.claim(specs.iter().map(|(spec, _, name)| (name.as_str(), spec.id.as_str())), fw.framework.id.as_str())?;
    progress.planned(specs.len());

    // Plan every file and set aside those already up to date.
    let reads_unchanged = output.reads_unchanged.load(Ordering::Relaxed);
    let (fresh, stale): (Vec<_>, Vec<_>) = specs
        .into_par_iter()
        .map(|(spec, format, name)| {
            let started = Instant::now();
            let plan = match edition.plan(&spec, paths) {
                Ok(plan) => plan,
                Err(message) => {
                    let outcome = Outcome { pack: spec.id, format, path: output.dir.join(&name), result: Err(message) };
                    progress.done(&outcome);
                    return Err(Box::new(outcome));
                }
            };
            let inputs = digest.file_inputs(plan.identity.plan_hash(), format.extension(), &date_key);
            let mut job =
                Job { spec_id: spec.id, format, path: output.dir.join(&name), key: name, plan, inputs, planned_in: Duration::ZERO };
            let fresh = if options.force || !reads_unchanged { None } else { up_to_date(&job, output) };
            job.planned_in = started.elapsed();
            match fresh {
                Some(entry) => {
                    let outcome = fresh_outcome(&job, entry);
                    progress.done(&outcome);
                    Err(Box::new(outcome))
                }
                None => Ok(job),
            }
        })
        .partition_map(|r| match r {
            Err(outcome) => rayon::iter::Either::Left(*outcome),
            Ok(job) => rayon::iter::Either::Right(job),
        });

    let mut outcomes: Vec<Outcome> = fresh;
    if !stale.is_empty() {
        let formats: Vec<Format> = stale.iter().map(|j| j.format).collect();
        let setup = render::Setup { root: &paths.root, template: &template, date, font: &fw.packs.branding.font };
        let renderers = render::start(&formats, &setup)?;
        // Only now that the new edition can be written: a build that
        // cannot start leaves the folder's edition where it was.
        let archived = output.archive_earlier(fw)?;
        progress.archived(&archived);
        outcomes.extend(parallel::map(&stale, |job| {
            let outcome = write_file(job, fw, &renderers, output);
            progress.done(&outcome);
            outcome
        }));
        let read: Vec<PathBuf> = renderers.iter().flat_map(|r| r.files_read()).collect();
        output.update_manifest(|m| m.record_reads(&read))?;
        if options.release_caches {
            renderers.iter().for_each(|r| r.release_caches());
        }
    }
    Ok(outcomes)
}

/// The manifest entry of `job` if its inputs are unchanged and the file on
/// disk is still the one that entry describes.
fn up_to_date(job: &Job, output: &Output) -> Option<Entry> {
    let entry = output.manifest.lock().ok()?.get(&job.key).cloned()?;
    if entry.inputs != job.inputs {
        return None;
    }
    let bytes = std::fs::read(&job.path).ok()?;
    (bytes.len() == entry.bytes && crate::digest::sha256_hex(&bytes) == entry.sha256).then_some(entry)
}

fn fresh_outcome(job: &Job, entry: Entry) -> Outcome {
    let report = FileReport {
        status: Status::UpToDate,
        pages: entry.pages,
        fields: entry.fields,
        bytes: entry.bytes,
        sha256: entry.sha256,
        typeset: Duration::ZERO,
        forms: Duration::ZERO,
        total: job.planned_in,
        description: String::new(),
    };
    Outcome { pack: job.spec_id.clone(), format: job.format, path: job.path.clone(), result: Ok(report) }
}

/// Renders and writes one file, keeping the manifest true at every step.
fn write_file(job: &Job, fw: &Framework, renderers: &[Box<dyn Renderer>], output: &Output) -> Outcome {
    let started = Instant::now();
    let rendered = match renderers.iter().find(|r| r.format() == job.format) {
        // A panic in a renderer (ours, Typst, docx-rs) fails this
        // file, not the whole build.
        Some(renderer) => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| renderer.render(&job.plan)))
            .unwrap_or_else(|_| Err(RenderError::Other("framewright failed while rendering this file (a bug: please report it)".into())))
            .map_err(|e| e.to_string()),
        None => Err(format!("framewright cannot write .{} files yet", job.format.extension())),
    };
    let result = rendered.and_then(|rendered| {
        let sha256 = crate::digest::sha256_hex(&rendered.bytes);
        let entry = Entry {
            path: job.key.clone(),
            pack: job.spec_id.clone(),
            format: job.format.extension().to_string(),
            framework: fw.framework.id.as_str().to_string(),
            framework_version: fw.framework.version.clone(),
            pages: rendered.pages,
            fields: rendered.fields,
            bytes: rendered.bytes.len(),
            sha256: sha256.clone(),
            inputs: job.inputs.clone(),
        };
        // Drop the old entry, replace the file, then record the new entry:
        // killed anywhere in between, no entry describes a file it is not.
        output.update_manifest(|m| m.forget(&job.key))?;
        // Not synced to disk: renaming is what makes a kill safe, and a sync
        // per file made 500 personalised packs take twice as long.
        crate::files::write_atomically(&job.path, &rendered.bytes, false)?;
        output.update_manifest(|m| m.record(entry))?;
        Ok(FileReport {
            status: Status::Built,
            pages: rendered.pages,
            fields: rendered.fields,
            bytes: rendered.bytes.len(),
            sha256,
            typeset: rendered.typeset,
            forms: rendered.forms,
            total: job.planned_in + started.elapsed(),
            description: rendered.description,
        })
    });
    Outcome { pack: job.spec_id.clone(), format: job.format, path: job.path.clone(), result }
}
