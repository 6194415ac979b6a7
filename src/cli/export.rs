//! `framewright export case`: a source as a CASE package (JSON).

use std::path::PathBuf;

use super::{Context, exit, fail_with, load_valid, print_error};
use crate::interop::{self, case::CaseVersion};
use crate::translate::edition;

/// Export a framework for other systems.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand)]
enum What {
    /// A 1EdTech CASE package (CFPackage JSON): items, the isChildOf tree, the rating scale as a rubric.
    Case(CaseArgs),
}

#[derive(clap::Args)]
struct CaseArgs {
    /// The source file.
    source: PathBuf,
    /// CASE version: 1.1 carries everything else in `extensions`; 1.0 leaves it out and lists it.
    #[arg(long, value_enum, default_value = "1.1")]
    case_version: CaseVersion,
    /// Write the package here (through a temporary file) instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Export the edition in this language (`cy`), as `build --lang` makes
    /// it: the document's and items' texts from the translation beside the
    /// source, `language` on the document and every item; the extensions
    /// keep the source's tables as written. Default: the source's own.
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
}

pub fn run(args: Args, cx: &Context) -> i32 {
    let What::Case(args) = args.what;
    let (loaded, fw) = match load_valid(&args.source, cx) {
        Ok(v) => v,
        Err(code) => return code,
    };
    let fw = match args.lang.as_deref().filter(|lang| !edition::is_source_language(lang, &fw)) {
        None => fw,
        Some(lang) => match edition::load(&fw, &args.source, &loaded.paths, lang) {
            Ok((translated, status)) => {
                eprintln!("note: {}: {}", args.source.display(), status.describe(lang));
                eprintln!(
                    "note: the extensions (levels, roles, bands, training, narrative) keep the source's tables as written, in `{}`",
                    fw.framework.language
                );
                translated
            }
            Err(message) => return fail_with(format!("{}: {message}", args.source.display()), exit::INVALID),
        },
    };
    let exported = match interop::case::export::export(&fw, &loaded.text, args.case_version) {
        Ok(e) => e,
        Err(errors) => {
            for e in errors {
                print_error(&format_args!("{}: {e}", args.source.display()));
            }
            return exit::INVALID;
        }
    };
    for dropped in &exported.dropped {
        eprintln!("note: CASE 1.0 has no extensions; left out: {dropped}");
    }
    match interop::write_output(args.out.as_deref(), exported.json.as_bytes()) {
        Ok(()) => {
            if let Some(out) = &args.out {
                eprintln!("wrote {}", out.display());
            }
            exit::OK
        }
        Err(e) => fail_with(e, exit::INVALID),
    }
}
