//! The command line: one module per subcommand, sharing how sources are
//! loaded and how problems are reported. `build` and `harvest` only turn
//! their flags into the library's options and print what its reporter
//! hears; `failure` prints every error and picks its exit code.

mod build;
mod check;
mod completions;
mod diff;
mod dump;
mod export;
mod failure;
mod harvest;
mod import;
mod list;
mod man;
mod new;
mod plan;
mod schema;
mod serve;
mod translate;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::model::Framework;
use crate::source::{self, Loaded};
use failure::{Failure, fail, fail_with, print_error};

/// Exit codes, so scripts and CI can tell a bad source from a bad command.
pub mod exit {
    /// Everything worked.
    pub const OK: i32 = 0;
    /// A source (or template) has mistakes; the diagnostics say which.
    pub const INVALID: i32 = 1;
    /// The command line is wrong: unknown flag, missing file, a folder given as a file.
    pub const USAGE: i32 = 2;
    /// Another build is writing to the same output folder.
    pub const BUSY: i32 = 3;
}

#[derive(Parser)]
#[command(name = "framewright", version, about = "Compile competency frameworks into role- and age-specific packs")]
struct Cli {
    /// Colour in diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    Build(build::Args),
    Check(check::Args),
    Diff(diff::Args),
    List(list::Args),
    Dump(dump::Args),
    Plan(plan::Args),
    Harvest(harvest::Args),
    /// Reads returned files for `harvest`, one at a time, in isolation (internal).
    #[command(name = "harvest-worker", hide = true)]
    HarvestWorker {
        /// The bytes the worker may allocate.
        #[arg(long)]
        memory: u64,
    },
    Schema(schema::Args),
    Serve(serve::Args),
    Export(export::Args),
    Import(import::Args),
    Translate(translate::Args),
    New(new::Args),
    Completions(completions::Args),
    Man(man::Args),
}

/// Settings every subcommand shares.
pub struct Context {
    color: bool,
}

/// Parses the command line, runs the subcommand, and returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { exit::USAGE } else { exit::OK };
        }
    };
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let cx = Context { color };
    if matches!(cli.command, Command::Check(_) | Command::Import(_)) {
        main_thread_works_for_rayon();
    }
    match cli.command {
        Command::Build(args) => build::run(args, &cx),
        Command::Check(args) => check::run(args, &cx),
        Command::Diff(args) => diff::run(args, &cx),
        Command::List(args) => list::run(args, &cx),
        Command::Dump(args) => dump::run(args, &cx),
        Command::Plan(args) => plan::run(args, &cx),
        Command::Harvest(args) => harvest::run(args, &cx),
        Command::HarvestWorker { memory } => crate::harvest::isolate::worker_main(memory),
        Command::Schema(args) => schema::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Export(args) => export::run(args, &cx),
        Command::Import(args) => import::run(args),
        Command::Translate(args) => translate::run(args, &cx),
        Command::New(args) => new::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    }
}

/// Makes this thread one of rayon's workers, for the commands whose every
/// parallel step it starts itself (`check`, `import`: a large source is
/// parsed and decoded on both cores). mimalloc gives each thread its own
/// pages; as a worker, this thread's share of the parallel work reuses the
/// memory it freed a moment before (the package's JSON, the draft) instead
/// of a second worker taking fresh pages at 2–3 µs each: the 10,000-item
/// import has 1,300 fewer page faults and is 5–7 ms faster (median of 30,
/// `docs/performance.md`). Not for `build`: there this thread waits on the
/// pack threads, and a waiting worker would leave Typst one core.
fn main_thread_works_for_rayon() {
    // An error means a pool exists already; it is used as it is.
    let _ = rayon::ThreadPoolBuilder::new().use_current_thread().build_global();
}

/// Writes text to stdout: every command's output goes through here.
/// `println!` panics on a write error (exit 101), so this reports the
/// error instead; a closed pipe (`framewright dump … | head`,
/// `build --message-format json | head`) is not an error: the reader has
/// what it wanted, and the command ends quietly.
fn write_stdout(bytes: impl AsRef<[u8]>) -> Result<(), ()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes.as_ref()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => {
            print_error(&format_args!("cannot write to stdout: {e}"));
            Err(())
        }
    }
}

/// `n` and the noun, singular for one: "1 domain", "2 domains".
fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// Prints `value` as pretty JSON on stdout.
fn print_json(value: &impl serde::Serialize) -> i32 {
    match serde_json::to_string_pretty(value) {
        Ok(json) => write_stdout(json + "\n").map_or(exit::INVALID, |()| exit::OK),
        Err(e) => fail_with(format_args!("could not write JSON: {e}"), exit::INVALID),
    }
}

/// The sources named, or every `.toml` in `sources/`; a problem is printed
/// and its exit code returned.
fn sources_or_usage(given: Vec<PathBuf>) -> Result<Vec<PathBuf>, i32> {
    source::named_or_default(given).map_err(|e| fail(&e))
}

/// Loads one source and prints its diagnostics to stderr. Returns the
/// framework if valid, else the exit code to use.
fn load_valid(path: &Path, cx: &Context) -> Result<(Loaded, Framework), i32> {
    source::load_valid(path, crate::plan::check, &mut |loaded| eprint!("{}", loaded.render_diagnostics(cx.color))).map_err(|e| fail(&e))
}
