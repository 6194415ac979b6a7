//! `framewright build`: build packs into the output folder.

use std::path::PathBuf;
use std::time::Instant;

use super::{Context, exit, load_valid, sources_or_usage};
use crate::build::{self, Selection};
use crate::model::Format;

/// Build packs (PDF and Word) from sources into the output folder.
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
    formats: Vec<FormatArg>,
    /// Output folder.
    #[arg(long, default_value = "output")]
    out: PathBuf,
    /// `human` lines on stderr, or `json`: one JSON object per file on stdout.
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum MessageFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Pdf,
    Docx,
}

pub fn run(args: Args, cx: &Context) -> i32 {
    let sources = match sources_or_usage(args.sources) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let selection = Selection {
        levels: args.levels,
        roles: args.roles,
        bands: args.bands,
        formats: args.formats.iter().map(|f| match f {
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Docx => Format::Docx,
        }).collect(),
    };
    let started = Instant::now();
    let (mut built, mut failed, mut pages, mut bytes) = (0usize, 0usize, 0usize, 0usize);
    let mut code = exit::OK;
    // A template mistake fails every pack the same way: say it once.
    let mut reported = std::collections::HashSet::new();
    for path in &sources {
        let (loaded, fw) = match load_valid(path, cx) {
            Ok(ok) => ok,
            Err(c) => {
                code = code.max(c);
                continue;
            }
        };
        let report = match build::build_framework(&fw, &loaded.paths, &selection, &args.out) {
            Ok(report) => report,
            Err(message) => {
                eprintln!("error: {}: {message}", path.display());
                code = code.max(exit::INVALID);
                continue;
            }
        };
        for outcome in &report.outcomes {
            if args.message_format == MessageFormat::Json {
                println!("{}", json_line(path, outcome));
            }
            match &outcome.result {
                Ok(file) => {
                    built += 1;
                    pages += file.pages;
                    bytes += file.bytes;
                    if args.message_format == MessageFormat::Human {
                        // Word paginates a .docx itself: say what it holds instead.
                        let what = match outcome.format {
                            Format::Pdf => format!("{} pages", file.pages),
                            Format::Docx => format!("{} content controls", file.fields),
                        };
                        eprintln!("   built {} ({what}, {} KiB)", outcome.path.display(), file.bytes / 1024);
                    }
                }
                Err(message) => {
                    failed += 1;
                    code = code.max(exit::INVALID);
                    if reported.insert(message.clone()) {
                        eprintln!("error: pack `{}` ({}): {message}", outcome.pack, outcome.path.display());
                    } else {
                        eprintln!("error: pack `{}` ({}): the same error as above", outcome.pack, outcome.path.display());
                    }
                }
            }
        }
    }
    eprintln!(
        "{built} file(s) built, {failed} failed, {pages} pages, {:.1} MiB in {:.1} s",
        bytes as f64 / 1048576.0,
        started.elapsed().as_secs_f64()
    );
    code
}

/// One file as a JSON object, for scripts, CI and the benchmark.
fn json_line(source: &std::path::Path, outcome: &build::Outcome) -> String {
    let mut value = serde_json::json!({
        "source": source.display().to_string(),
        "pack": outcome.pack,
        "format": outcome.format.extension(),
        "path": outcome.path.display().to_string(),
    });
    match &outcome.result {
        Ok(file) => {
            value["status"] = "built".into();
            value["pages"] = file.pages.into();
            value["bytes"] = file.bytes.into();
            value["typeset_ms"] = (file.typeset.as_secs_f64() * 1000.0).into();
            value["total_ms"] = (file.total.as_secs_f64() * 1000.0).into();
        }
        Err(message) => {
            value["status"] = "failed".into();
            value["error"] = message.clone().into();
        }
    }
    value.to_string()
}
