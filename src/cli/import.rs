//! `framewright import case|sheet`: a commented source from a CASE package
//! or a spreadsheet, checked before it is written.

use std::path::{Path, PathBuf};

use super::{exit, fail_with, print_error};
use crate::interop::{self, Failed, Report, draft::Draft};

/// Make a framewright source from another format.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand)]
enum What {
    /// A CASE package (CFPackage JSON, CASE 1.0 or 1.1) becomes a source.
    Case(CaseArgs),
    /// A first draft from a spreadsheet: framewright's template (see --template) or OpenSALT-style sheets or CSV.
    Sheet(SheetArgs),
}

#[derive(clap::Args)]
struct CaseArgs {
    /// The package (.json).
    package: PathBuf,
    #[command(flatten)]
    output: Output,
}

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("input").required(true).args(["sheet", "template"])))]
struct SheetArgs {
    /// The workbook (.xlsx) or CSV file.
    sheet: Option<PathBuf>,
    /// Write framewright's blank template workbook here instead (with instructions and drop-downs).
    #[arg(long, conflicts_with_all = ["sheet", "out", "report"])]
    template: Option<PathBuf>,
    #[command(flatten)]
    output: Output,
}

#[derive(clap::Args)]
struct Output {
    /// Write the source here (through a temporary file) instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Also write the import report (warnings, what was not kept) here.
    #[arg(long)]
    report: Option<PathBuf>,
}

pub fn run(args: Args) -> i32 {
    match args.what {
        What::Case(args) => {
            if let Some(code) = usable_input(&args.package) {
                return code;
            }
            write(interop::case::import_file(&args.package), &args.output)
        }
        What::Sheet(args) => match (args.template, args.sheet) {
            (Some(template), _) => match interop::sheet::template::write(&template) {
                Ok(()) => {
                    eprintln!("wrote {}: fill it in, then run `framewright import sheet {}`", template.display(), template.display());
                    exit::OK
                }
                Err(e) => fail_with(e, exit::INVALID),
            },
            (None, Some(sheet)) => {
                if let Some(code) = usable_input(&sheet) {
                    return code;
                }
                write(interop::sheet::import_file(&sheet), &args.output)
            }
            (None, None) => exit::USAGE,
        },
    }
}

/// A missing file or a folder is a usage error (exit 2), as for sources
/// (also for `translate import`).
pub(super) fn usable_input(path: &Path) -> Option<i32> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Some(fail_with(format_args!("{} is a folder; give a file", path.display()), exit::USAGE)),
        Ok(_) => None,
        Err(e) => {
            let why = if e.kind() == std::io::ErrorKind::NotFound { "no such file".to_string() } else { e.to_string() };
            Some(fail_with(format_args!("{}: {why}", path.display()), exit::USAGE))
        }
    }
}

fn write(imported: Result<(Draft, Report), Failed>, output: &Output) -> i32 {
    let (draft, report) = match imported {
        Ok(v) => v,
        Err(Failed(errors)) => return fail(&errors),
    };
    let text = match interop::finish(draft, output.out.as_deref()) {
        Ok(text) => text,
        Err(Failed(errors)) => return fail(&errors),
    };
    let report_text = report.text();
    eprint!("{report_text}");
    if let Some(path) = &output.report
        && let Err(e) = interop::write_output(Some(path), report_text.as_bytes())
    {
        return fail(&[e]);
    }
    if let Err(e) = interop::write_output(output.out.as_deref(), text.as_bytes()) {
        return fail(&[e]);
    }
    if let Some(out) = &output.out {
        let (w, l) = (report.warnings.len(), report.lost.len());
        eprintln!(
            "wrote {} ({w} warning{}, {l} kind{} of content not kept); it passes `framewright check`",
            out.display(),
            if w == 1 { "" } else { "s" },
            if l == 1 { "" } else { "s" }
        );
    }
    exit::OK
}

fn fail(errors: &[String]) -> i32 {
    for e in errors {
        print_error(e);
    }
    fail_with("nothing was written", exit::INVALID)
}
