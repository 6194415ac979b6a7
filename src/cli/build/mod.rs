//! `framewright build`: build packs into the output folder, skipping those
//! already up to date.

mod reporter;
mod watch;

use std::path::PathBuf;

use super::{Context, exit, load_valid, sources_or_usage};
use crate::build::{self, LockError, Options, Output, Selection};
use crate::model::Format;
use crate::plan::personal;
use crate::source::staff;
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
    let sources = match sources_or_usage(args.sources.clone()) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if let Some(csv) = &args.staff {
        if sources.len() != 1 {
            eprintln!("error: --staff builds packs of one source; name exactly one source file");
            return exit::USAGE;
        }
        if !csv.is_file() {
            eprintln!("error: the staff list {} does not exist or is not a file", csv.display());
            return exit::USAGE;
        }
    }
    let output = match Output::open(&args.out) {
        Ok(output) => output,
        Err(LockError::Busy(message)) => {
            eprintln!("error: {message}");
            return exit::BUSY;
        }
        Err(LockError::Other(message)) => {
            eprintln!("error: {message}");
            return exit::INVALID;
        }
    };
    if args.watch { watch::watch(&args, &sources, &output, cx) } else { build_all(&args, &sources, &output, cx) }
}

/// Builds every source into `output` and prints the summary.
fn build_all(args: &Args, sources: &[PathBuf], output: &Output, cx: &Context) -> i32 {
    let selection = Selection { levels: args.levels.clone(), roles: args.roles.clone(), bands: args.bands.clone() };
    let formats: Vec<Format> = args.formats.clone();
    let verbosity = match (args.quiet, args.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    let reporter = Reporter::new(args.message_format, verbosity);
    output.start_run();
    let mut code = exit::OK;
    // The download page is laid out with the first valid source's project templates.
    let mut project = None;
    for path in sources {
        let (loaded, fw) = match load_valid(path, cx) {
            Ok(ok) => ok,
            Err(c) => {
                code = code.max(c);
                continue;
            }
        };
        let packs = match &args.staff {
            Some(csv) => match staff_packs(csv, &fw, args.skip_bad_rows) {
                Ok(packs) => packs,
                Err(c) => {
                    code = code.max(c);
                    continue;
                }
            },
            None => selection.packs(&fw),
        };
        project.get_or_insert_with(|| loaded.paths.root.clone());
        let source = reporter.source(path);
        // A watch lives on between rounds: the renderers free their caches.
        let options = Options { force: args.force, release_caches: args.watch };
        let result = build::build_framework(&fw, &loaded.paths, packs, &formats, output, options, &source);
        match result {
            Ok(outcomes) => {
                if outcomes.is_empty() && !args.quiet {
                    eprintln!(
                        "warning: {}: no pack matches the selection (--level, --role, --band, --format); nothing built",
                        path.display()
                    );
                }
                code = code.max(source.finish(&outcomes));
            }
            Err(message) => {
                source.abandon();
                eprintln!("error: {}: {message}", path.display());
                code = code.max(exit::INVALID);
            }
        }
    }
    if let Some(root) = project {
        match output.write_index(&root) {
            Ok(Some(page)) if !args.quiet && args.message_format == MessageFormat::Human => {
                eprintln!("   wrote {} (the download page)", page.display())
            }
            Ok(_) => {}
            Err(message) => {
                eprintln!("error: {message}");
                code = code.max(exit::INVALID);
            }
        }
    }
    reporter.summary();
    code
}

/// The personalised packs of the people in `csv`. Bad rows are reported
/// with their line numbers; unless `skip_bad_rows`, any bad row means
/// nothing is built.
fn staff_packs(csv: &std::path::Path, fw: &crate::model::Framework, skip_bad_rows: bool) -> Result<Vec<crate::plan::PackSpec>, i32> {
    let staff::Staff { people, bad, notes } = staff::read(csv, fw).map_err(|message| {
        eprintln!("error: {message}");
        exit::INVALID
    })?;
    for note in &notes {
        eprintln!("note: {note}");
    }
    let kind = if skip_bad_rows { "warning" } else { "error" };
    for row in &bad {
        eprintln!("{kind}: {}:{}: {}{}", csv.display(), row.line, if skip_bad_rows { "skipped: " } else { "" }, row.message);
    }
    if !bad.is_empty() && !skip_bad_rows {
        eprintln!(
            "error: {} bad row{} in {}; nothing was built (fix {}, or pass --skip-bad-rows to build the other {})",
            bad.len(),
            if bad.len() == 1 { "" } else { "s" },
            csv.display(),
            if bad.len() == 1 { "it" } else { "them" },
            people.len()
        );
        return Err(exit::INVALID);
    }
    if people.is_empty() {
        eprintln!("error: {} lists nobody to build a pack for", csv.display());
        return Err(exit::INVALID);
    }
    Ok(personal::pack_specs(fw, &people))
}
