//! The document library as `framewright serve` sees it ([`serve::Library`]):
//! each of its calls is one of the library's own sequences, given what
//! the CLI would give it, so the service makes the same files as the
//! commands (`build` of the HTML editions, `harvest`, `harvest --merge`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serve::library::{Catalogue, EditionChanges, HarvestJob, Listing, PersonalPack};

use crate::build::{self, BuildError, BuildOptions, Outcome, StaffOptions};
use crate::harvest::{self, Harvest, HarvestOptions};
use crate::model::Format;
use crate::plan::changes::{self, Concern};
use crate::plan::personal;
use crate::plan::wording::Speaker;
use crate::source::staff::BadRow;
use crate::source::{Loaded, load_valid, named_or_default, staff};

/// The project in the current folder, as `build` and `harvest` read it.
#[derive(Default)]
pub struct Project {
    /// Each framework's source file, by framework id (known after a build).
    sources: Mutex<BTreeMap<String, PathBuf>>,
}

impl serve::Library for Project {
    fn build(&self, site: &Path) -> Result<Catalogue, String> {
        let sources = named_or_default(Vec::new()).map_err(|e| e.to_string())?;
        let mut ids = BTreeMap::new();
        let mut registered = Vec::new();
        for path in &sources {
            let (_, fw) =
                load_valid(path, crate::plan::check, &mut |l| eprint!("{}", l.render_diagnostics(false))).map_err(|e| e.to_string())?;
            ids.insert(fw.framework.id.value.to_string(), path.clone());
            if fw.packs.registration.is_some() {
                registered.push(path.clone());
            }
        }
        // Every source's HTML editions (what share links open); then, for
        // the sources whose download page registers downloaders, the rest
        // of their formats (PDF, Word), which people take away from it.
        // Only those: PDF packs take seconds each to build at first start.
        let runs = [(sources, vec![Format::Html]), (registered, Vec::new())];
        for (sources, formats) in runs.into_iter().filter(|(sources, _)| !sources.is_empty()) {
            let options = BuildOptions { sources, out: site.to_path_buf(), formats, release_caches: true, ..BuildOptions::default() };
            let summary = build::run(&options, &Quiet).map_err(|e| e.to_string())?;
            if let Some(error) = summary.errors.first() {
                return Err(error.to_string());
            }
        }
        *self.sources.lock().map_err(|_| "a thread failed")? = ids;
        let manifest = build::manifest::Manifest::load(site);
        let frameworks = build::site::shown(&manifest)
            .into_iter()
            .map(|l| serde_json::from_value::<Listing>(l).map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?;
        Ok(Catalogue { frameworks })
    }

    fn build_people(&self, framework: &str, csv: &Path, site: &Path) -> Result<Vec<PersonalPack>, String> {
        let source = self.source(framework)?;
        let (_, fw) = load_valid(&source, crate::plan::check, &mut |_| {}).map_err(|e| e.to_string())?;
        let staff::Staff { people, bad, .. } = staff::read(csv, &fw)?;
        if !bad.is_empty() {
            let rows: Vec<String> = bad.iter().map(|row| format!("line {}: {}", row.line, row.message)).collect();
            return Err(format!("the staff list has rows that cannot be used: {}", rows.join("; ")));
        }
        let staff = Some(StaffOptions { csv: csv.to_path_buf(), skip_bad_rows: false });
        let options = BuildOptions {
            sources: vec![source],
            out: site.to_path_buf(),
            formats: vec![Format::Html],
            staff,
            release_caches: true,
            ..BuildOptions::default()
        };
        let summary = build::run(&options, &Quiet).map_err(|e| e.to_string())?;
        if let Some(error) = summary.errors.first() {
            return Err(error.to_string());
        }
        // The specs the build made, in the same order as the people.
        let specs = personal::pack_specs(&fw, &people);
        Ok(people
            .into_iter()
            .zip(specs)
            .map(|(p, spec)| PersonalPack {
                file: spec.file_name(Format::Html),
                pack: spec.id,
                name: p.name,
                email: p.email,
                job_title: p.job_title,
            })
            .collect())
    }

    fn harvest(&self, job: &HarvestJob) -> Result<(), String> {
        let source = self.source(&job.framework)?;
        let options = HarvestOptions {
            inputs: vec![job.inputs.clone()],
            out: job.out.clone(),
            sources: vec![source],
            staff: job.staff.clone(),
            setting: Some(job.setting.clone()),
            expected: job.expected,
            names_within: Some(job.inputs.clone()),
            ..HarvestOptions::default()
        };
        harvest::run(&options, &mut Quiet).map(drop).map_err(|e| e.to_string())
    }

    fn merge(&self, summaries: &[PathBuf], settings: Option<&Path>, out: &Path) -> Result<(), String> {
        let options = HarvestOptions {
            merge: summaries.to_vec(),
            settings: settings.map(Path::to_path_buf),
            out: out.to_path_buf(),
            ..HarvestOptions::default()
        };
        harvest::run(&options, &mut Quiet).map(drop).map_err(|e| e.to_string())
    }

    fn edition_changes(&self, framework: &str) -> Result<Option<EditionChanges>, String> {
        let source = self.source(framework)?;
        let (_, fw) = load_valid(&source, crate::plan::check, &mut |_| {}).map_err(|e| e.to_string())?;
        let Some(changes) = &fw.changes else { return Ok(None) };
        let say = Speaker::new(&fw.wording, serde_json::json!({}));
        let roles = fw
            .roles
            .iter()
            .filter_map(|r| Some((r.id.value.to_string(), changes::lines(changes, &Concern::level(&fw, fw.level(&r.level.value)?), &say))))
            .collect();
        Ok(Some(EditionChanges { since: changes.old_version.clone(), all: changes::lines(changes, &Concern::Everything, &say), roles }))
    }

    fn words(&self) -> serde_json::Map<String, serde_json::Value> {
        let root = crate::render::report::root::ReportRoot::new(Path::new("."));
        let wording = root.map(|r| r.wording(&mut |note| eprintln!("note: {note}"))).unwrap_or_else(|_| crate::source::built_in_wording());
        // The service's own words; those of its download page are each
        // listing's (`[download]`, as `build`'s download page has them).
        wording.0.iter().filter_map(|(key, text)| Some((key.strip_prefix("serve.")?.to_string(), text.clone().into()))).collect()
    }

    fn answers_limit(&self) -> usize {
        harvest::limits::ANSWERS_BYTES as usize
    }

    fn file_limit(&self) -> usize {
        harvest::limits::PDF_BYTES as usize
    }
}

impl Project {
    /// The source file of framework `id`.
    fn source(&self, id: &str) -> Result<PathBuf, String> {
        let source = self.sources.lock().map_err(|_| "a thread failed")?.get(id).cloned();
        source.ok_or_else(|| format!("framework {id} is no longer among the sources"))
    }
}

/// The service's builds and harvests say nothing at the terminal but
/// their problems: the service's pages show what they made.
struct Quiet;

impl build::Progress for Quiet {
    fn planned(&self, _: usize) {}
    fn done(&self, outcome: &Outcome) {
        if let Err(e) = &outcome.result {
            eprintln!("framewright serve: {e}");
        }
    }
    fn archived(&self, _: &build::Archived) {}
}

impl build::Reporter for Quiet {
    fn diagnostics(&self, loaded: &Loaded) {
        eprint!("{}", loaded.render_diagnostics(false));
    }
    fn source_started(&self, _: &Path) {}
    fn source_finished(&self) {}
    fn nothing_selected(&self, _: &Path) {}
    fn note(&self, _: &str) {}
    fn bad_row(&self, _: &Path, _: &BadRow, _: bool) {}
    fn error(&self, error: &BuildError) {
        eprintln!("framewright serve: {error}");
    }
    fn wrote_index(&self, _: &Path) {}
}

impl harvest::Reporter for Quiet {
    fn diagnostics(&mut self, loaded: &Loaded) {
        eprint!("{}", loaded.render_diagnostics(false));
    }
    fn note(&mut self, _: &str) {}
    fn left_out(&mut self, _: &Path, _: &BadRow) {}
    fn harvested(&mut self, _: &Harvest) {}
    fn wrote(&mut self, _: &Path) {}
}
