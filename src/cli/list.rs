//! `framewright list`: what a source defines and the packs it would build.

use std::fmt::Write;
use std::path::PathBuf;

use super::{Context, count, exit, load_valid, write_stdout};
use crate::model::Framework;
use crate::plan;

/// List a source's levels, bands, roles and the packs it would build.
#[derive(clap::Args)]
pub struct Args {
    /// The source file.
    source: PathBuf,
}

pub fn run(args: Args, cx: &Context) -> i32 {
    match load_valid(&args.source, cx) {
        Ok((_, fw)) => write_stdout(listing(&fw)).map_or(exit::INVALID, |()| exit::OK),
        Err(code) => code,
    }
}

fn listing(fw: &Framework) -> String {
    let mut out = String::new();
    let meta = &fw.framework;
    let _ = writeln!(out, "{} (version {}, {})", meta.title, meta.version, meta.publisher);
    let _ = writeln!(out, "\nLevels:");
    for level in &fw.levels {
        let assumed = if level.cumulative { " (earlier levels assumed)" } else { "" };
        let n = fw.statements().filter(|s| s.level.iter().any(|l| l.value == level.id.value)).count();
        let _ = writeln!(out, "  {:<12} {}{assumed}: {}", level.id.value, level.name, count(n, "statement"));
    }
    let _ = writeln!(out, "\nBands:");
    if fw.bands.is_empty() {
        let _ = writeln!(out, "  (none: packs cover all ages)");
    }
    for band in &fw.bands {
        let _ = writeln!(out, "  {:<12} {}", band.id.value, band.name);
    }
    let _ = writeln!(out, "\nRoles:");
    if fw.roles.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for role in &fw.roles {
        let _ = writeln!(out, "  {:<12} {} → level {}", role.id.value, role.name, role.level.value);
    }
    let specs = plan::expand(fw);
    let _ = writeln!(out, "\nPacks ({}):", specs.len());
    for spec in &specs {
        let files: Vec<String> = spec.formats.iter().map(|f| spec.file_name(*f)).collect();
        let n = plan::assessed_statements(fw, spec).count();
        let _ = writeln!(out, "  {:<40} {:>15}  {}", spec.id, count(n, "statement"), files.join(", "));
    }
    out
}
