//! `build`: from sources to pack files. Loads and validates each source,
//! plans every selected pack, renders them in parallel, and writes each
//! file atomically, so a failed or interrupted build never leaves a
//! half-written file and never removes the last good one.

mod output;
mod date;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::model::{Format, Framework, Id};
use crate::plan::{self, Audience, PackSpec};
use crate::render::Renderer;
use crate::render::docx::DocxRenderer;
use crate::render::pdf::{DEFAULT_TEMPLATE, PdfRenderer};
use crate::source::ProjectPaths;

pub use date::build_date;

/// Which packs to build.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub levels: Vec<String>,
    pub roles: Vec<String>,
    pub bands: Vec<String>,
    /// Formats to build; empty means each pack's own formats.
    pub formats: Vec<Format>,
}

impl Selection {
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

    fn formats_for(&self, spec: &PackSpec) -> Vec<Format> {
        spec.formats.iter().copied().filter(|f| self.formats.is_empty() || self.formats.contains(f)).collect()
    }
}

/// One file the build wrote (or failed to write).
#[derive(Debug)]
pub struct Outcome {
    pub pack: String,
    pub format: Format,
    pub path: PathBuf,
    pub result: Result<FileReport, String>,
}

#[derive(Debug)]
pub struct FileReport {
    pub pages: usize,
    /// Fillable form fields in the file.
    pub fields: usize,
    pub bytes: usize,
    /// Time in the typesetter (compile and export).
    pub typeset: Duration,
    /// Time for the whole pack: plan, typeset, write.
    pub total: Duration,
}

/// One job: a pack of a source in one format.
struct Job<'a> {
    fw: &'a Framework,
    paths: &'a ProjectPaths,
    spec: PackSpec,
    format: Format,
    path: PathBuf,
}

/// What a build of one framework did.
#[derive(Debug, Default)]
pub struct Report {
    pub outcomes: Vec<Outcome>,
}

/// Builds the selected packs of a validated framework into `out`.
pub fn build_framework(fw: &Framework, paths: &ProjectPaths, selection: &Selection, out: &Path) -> Result<Report, String> {
    output::prepare_dir(out)?;
    let specs: Vec<PackSpec> = plan::expand(fw).into_iter().filter(|s| selection.wants(s)).collect();
    let mut jobs = Vec::new();
    for spec in specs {
        let stem = plan::naming::file_stem(fw, &spec)?;
        for format in selection.formats_for(&spec) {
            let path = out.join(format!("{stem}.{}", format.extension()));
            jobs.push(Job { fw, paths, spec: spec.clone(), format, path });
        }
    }
    output::check_unique(jobs.iter().map(|j| (&j.path, j.spec.id.as_str())))?;
    let formats: Vec<Format> = jobs.iter().map(|j| j.format).collect();
    let renderers = start_renderers(fw, paths, &formats)?;
    let outcomes = jobs.par_iter().map(|job| run(job, &renderers)).collect();
    Ok(Report { outcomes })
}

/// Starts one renderer per format the build needs (each loads its fonts and
/// templates once, for every pack).
fn start_renderers(fw: &Framework, paths: &ProjectPaths, formats: &[Format]) -> Result<Vec<Box<dyn Renderer>>, String> {
    let mut renderers: Vec<Box<dyn Renderer>> = Vec::new();
    if formats.contains(&Format::Pdf) {
        let template = match &fw.packs.template {
            Some(t) => paths.project_relative(t).ok_or_else(|| format!("the template {} is outside the project", t.value))?,
            None => DEFAULT_TEMPLATE.to_string(),
        };
        renderers.push(Box::new(PdfRenderer::new(&paths.root, &template, build_date(fw))?));
    }
    if formats.contains(&Format::Docx) {
        renderers.push(Box::new(DocxRenderer::new(&paths.root, build_date(fw))));
    }
    Ok(renderers)
}

fn run(job: &Job<'_>, renderers: &[Box<dyn Renderer>]) -> Outcome {
    let started = Instant::now();
    let plan = plan::pack::build(job.fw, &job.spec, job.paths);
    let rendered = match renderers.iter().find(|r| r.format() == job.format) {
        Some(renderer) => renderer.render(&plan).map_err(|e| e.to_string()),
        None => Err(format!("no renderer for {} was started", job.format.extension())),
    };
    let result = rendered.and_then(|rendered| {
        output::write_atomically(&job.path, &rendered.bytes)
            .map(|()| FileReport {
                pages: rendered.pages,
                fields: rendered.fields,
                bytes: rendered.bytes.len(),
                typeset: rendered.typeset,
                total: started.elapsed(),
            })
    });
    Outcome { pack: job.spec.id.clone(), format: job.format, path: job.path.clone(), result }
}
