//! `framewright check`: validate sources and report every mistake.

use std::path::PathBuf;

use super::{Context, count, exit, load_valid, sources_or_usage, write_stdout};
use crate::plan;

/// Check sources for mistakes; report all of them with file, line and column,
/// and how complete each translation kept beside a source is.
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
            Ok((loaded, fw)) => {
                let counts = [
                    count(fw.levels.len(), "level"),
                    count(fw.domains.len(), "domain"),
                    count(fw.statements().count(), "statement"),
                    count(plan::expand(&fw).len(), "pack"),
                ];
                if write_stdout(format!("{}: ok ({})\n", path.display(), counts.join(", "))).is_err() {
                    code = code.max(exit::INVALID);
                }
                code = code.max(super::translate::report(path, &fw, &loaded.paths, cx));
            }
            // A usage problem outranks an invalid source in the exit code.
            Err(c) => code = code.max(c),
        }
    }
    code
}
