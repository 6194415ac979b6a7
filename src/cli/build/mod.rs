//! `framewright build`: build packs into the output folder, skipping those
//! already up to date.

mod reporter;
mod watch;

use std::path::PathBuf;

use super::{Context, Failure, exit, fail};
use crate::build::{self, BuildOptions, BuildSummary, Output, Selection, StaffOptions};
use crate::model::Format;
use crate::source::{SourceError, named_or_default};
use reporter::{Reporter, Verbosity};

/// Build packs from sources into the output folder.
#[derive(clap::Args)]
pub struct Args {
    /// Source files (default: every .toml in sources/).
    sources: Vec<PathBuf>,
    /// Only packs for these levels (repeatable).
    #[arg(long = "level", value_name = "ID")]
    levels: Vec<String>,
    /// Only packs for these roles (repeatable).
    #[arg(long = "role", value_name = "ID")]
    roles: Vec<String>,
    /// Only packs for these age bands (repeatable).
    #[arg(long = "band", value_name = "ID")]
    bands: Vec<String>,
    /// Only these formats (default: each pack's formats from the source).
    #[arg(long = "format", value_enum, value_name = "FORMAT")]
    formats: Vec<Format>,
    /// Build the packs in this language (repeatable; e.g. `cy`, from the
    /// translations kept beside the source as NAME.cy.toml), or bilingual
    /// packs in two (`cy+en`: Welsh first, laid out as `[packs]
    /// bilingual_layout` says); default: the source's `[packs] languages`,
    /// else its own language.
    #[arg(long = "lang", value_name = "LANG")]
    languages: Vec<String>,
    /// Output folder.
    #[arg(long, default_value = "output")]
    out: PathBuf,
    /// Rebuild every file, even those whose inputs have not changed.
    #[arg(long)]
    force: bool,
    /// Build one personalised pack per person in this CSV file (columns:
    /// name, role (an id, or a job title among the roles' examples) or
    /// level, band, email, job_title, setting, line_manager,
    /// additional_needs) instead of the source's packs.
    #[arg(long, value_name = "CSV", conflicts_with_all = ["levels", "roles", "bands"])]
    staff: Option<PathBuf>,
    /// With --staff: build the good rows and skip the bad ones (default:
    /// a bad row stops the build before anything is written).
    #[arg(long, requires = "staff")]
    skip_bad_rows: bool,
    /// `human` lines on stderr, or `json`: one JSON object per file on stdout.
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    /// After building, keep watching the sources, templates and fonts and
    /// rebuild what a change affects, until stopped with Ctrl-C.
    #[arg(long)]
    watch: bool,
    /// Print only errors.
    #[arg(long, short, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print files that were up to date, and per-file timings.
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MessageFormat {
    Human,
    Json,
}

pub fn run(args: Args, cx: &Context) -> i32 {
    let options = match options(&args) {
        Ok(options) => options,
        Err(e) => return fail(&e),
    };
    if args.watch {
        return match build::open(&options) {
            Ok(output) => watch::watch(&args, options, &output, cx),
            Err(e) => fail(&e),
        };
    }
    let reporter = reporter(&args, cx);
    match build::run(&options, &reporter) {
        Ok(summary) => finish(&reporter, &summary),
        Err(e) => fail(&e),
    }
}

/// The library's options for what the command line asks.
fn options(args: &Args) -> Result<BuildOptions, SourceError> {
    Ok(BuildOptions {
        sources: named_or_default(args.sources.clone())?,
        out: args.out.clone(),
        selection: Selection { levels: args.levels.clone(), roles: args.roles.clone(), bands: args.bands.clone() },
        formats: args.formats.clone(),
        languages: args.languages.clone(),
        force: args.force,
        staff: args.staff.clone().map(|csv| StaffOptions { csv, skip_bad_rows: args.skip_bad_rows }),
        // A watch lives on between rounds: the renderers free their caches.
        release_caches: args.watch,
    })
}

fn reporter(args: &Args, cx: &Context) -> Reporter {
    let verbosity = match (args.quiet, args.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    Reporter::new(args.message_format, verbosity, cx.color)
}

/// One round of a watch: builds every source into `output`, prints the
/// summary, and returns the exit code.
fn build_all(args: &Args, options: &BuildOptions, output: &Output, cx: &Context) -> i32 {
    let reporter = reporter(args, cx);
    finish(&reporter, &build::build_into(output, options, &reporter))
}

/// Prints the summary of a build and returns its exit code: the worst of
/// its errors', and a failed file's.
fn finish(reporter: &Reporter, summary: &BuildSummary) -> i32 {
    reporter.summary(summary);
    let failed_files = if summary.failed > 0 { exit::INVALID } else { exit::OK };
    summary.errors.iter().map(Failure::exit_code).fold(failed_files, i32::max)
}
