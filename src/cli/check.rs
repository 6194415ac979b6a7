//! `framewright check`: validate sources and report every mistake.

use std::path::PathBuf;

use super::{Context, exit, load_valid, sources_or_usage};
use crate::plan;

/// Check sources for mistakes; report all of them with file, line and column.
#[derive(clap::Args)]
pub struct Args {
    /// Source files (default: every .toml in sources/).
    sources: Vec<PathBuf>,
}

pub fn run(args: Args, cx: &Context) -> i32 {
    let sources = match sources_or_usage(args.sources) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut code = exit::OK;
    for path in &sources {
        match load_valid(path, cx) {
            Ok((_, fw)) => println!(
                "{}: ok ({} levels, {} domains, {} statements, {} packs)",
                path.display(),
                fw.levels.len(),
                fw.domains.len(),
                fw.statements().count(),
                plan::expand(&fw).len()
            ),
            // A usage problem outranks an invalid source in the exit code.
            Err(c) => code = code.max(c),
        }
    }
    code
}
