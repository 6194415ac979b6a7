//! `framewright dump`: the validated, fully resolved model as JSON, the
//! same data the Typst templates read.

use std::path::PathBuf;

use serde::Serialize;

use super::{Context, load_valid, print_json};
use crate::model::{Format, Framework};
use crate::plan::{self, PackSpec};

/// Print the validated, resolved framework as JSON on stdout.
#[derive(clap::Args)]
pub struct Args {
    /// The source file.
    source: PathBuf,
}

#[derive(Serialize)]
struct Dump<'a> {
    framewright_version: &'static str,
    #[serde(flatten)]
    framework: &'a Framework,
    /// The packs the source defines, with their file names.
    pack_list: Vec<PackListing<'a>>,
}

#[derive(Serialize)]
struct PackListing<'a> {
    #[serde(flatten)]
    spec: &'a PackSpec,
    files: Vec<String>,
}

pub fn run(args: Args, cx: &Context) -> i32 {
    let fw = match load_valid(&args.source, cx) {
        Ok((_, fw)) => fw,
        Err(code) => return code,
    };
    let specs = plan::expand(&fw);
    let pack_list = specs
        .iter()
        .map(|spec| {
            let files = spec.formats.iter().map(|f: &Format| spec.file_name(*f)).collect();
            PackListing { spec, files }
        })
        .collect();
    let dump = Dump { framewright_version: env!("CARGO_PKG_VERSION"), framework: &fw, pack_list };
    print_json(&dump)
}
