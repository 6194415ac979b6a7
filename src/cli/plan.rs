//! `framewright plan`: one pack's plan as JSON, the exact data the templates
//! read, so designers can run the stock Typst CLI on the same templates.

use std::path::PathBuf;

use super::{Context, exit, fail_with, load_valid, print_json};
use crate::plan;

/// Print the plan of one pack as JSON (the data the Typst templates read).
#[derive(clap::Args)]
pub struct Args {
    /// The source file.
    source: PathBuf,
    /// The pack id, as shown by `framewright list` (e.g. level-1, full).
    pack: String,
}

pub fn run(args: Args, cx: &Context) -> i32 {
    let (loaded, fw) = match load_valid(&args.source, cx) {
        Ok(ok) => ok,
        Err(code) => return code,
    };
    let specs = plan::expand(&fw);
    let Some(spec) = specs.iter().find(|s| s.id == args.pack) else {
        let ids: Vec<&str> = specs.iter().map(|s| s.id.as_str()).collect();
        let message = format!("{} defines no pack `{}`; its packs are: {}", args.source.display(), args.pack, ids.join(", "));
        return fail_with(message, exit::USAGE);
    };
    let plan = plan::assemble::build(&fw, spec, &loaded.paths);
    print_json(&plan)
}
