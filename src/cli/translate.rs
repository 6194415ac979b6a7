//! `framewright translate extract|import`: a source's texts out to
//! translators as XLIFF or PO, and their translations back into the
//! translations file beside the source (`crate::translate`).

use std::path::{Path, PathBuf};

use super::{Context, exit, fail_with, load_valid, print_error, write_stdout};
use crate::model::Framework;
use crate::source::{Diagnostics, ProjectPaths, diagnostic, translations};
use crate::translate::{self, Format, Header, Outgoing, Translations};

/// Exchange a source's texts with translators (XLIFF 2.1 or gettext PO).
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand)]
enum What {
    /// Write every text of a source, with its translation so far, for translators.
    Extract(ExtractArgs),
    /// Bring a translated XLIFF or PO file back beside its source.
    Import(ImportArgs),
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// The source file.
    source: PathBuf,
    /// The language to translate into, a BCP 47 tag (`cy`).
    #[arg(long)]
    lang: String,
    #[arg(long, value_enum)]
    format: Format,
    /// The file to write.
    #[arg(long)]
    out: PathBuf,
}

#[derive(clap::Args)]
struct ImportArgs {
    /// The translated XLIFF or PO file.
    file: PathBuf,
    /// The source it translates (default: the one the file names).
    #[arg(long)]
    source: Option<PathBuf>,
}

pub fn run(args: Args, cx: &Context) -> i32 {
    match args.what {
        What::Extract(args) => extract(args, cx),
        What::Import(args) => import(args, cx),
    }
}

fn extract(args: ExtractArgs, cx: &Context) -> i32 {
    if !crate::source::is_language_tag(&args.lang) {
        return fail_with(format_args!("--lang {:?} is not a language tag; use one such as `cy`", args.lang), exit::USAGE);
    }
    let fw = match load_valid(&args.source, cx) {
        Ok((_, fw)) => fw,
        Err(code) => return code,
    };
    let store = match read_store(&args.source, &args.lang, cx) {
        Ok(store) => store,
        Err(code) => return code,
    };
    let units = translate::units(&fw);
    let outgoing = Outgoing::all(&units, &store);
    let header = Header {
        language: args.lang.clone(),
        source_language: fw.framework.language.clone(),
        source: args.source.display().to_string(),
        project: format!("{} {}", fw.framework.id.value, fw.framework.version),
    };
    let text = translate::write(args.format, &header, &outgoing);
    if let Err(e) = crate::files::write_atomically(&args.out, text.as_bytes(), false) {
        return fail_with(e, exit::INVALID);
    }
    let done = outgoing.iter().filter(|o| o.translation.is_some()).count();
    let line = format!("wrote {}: {} units, {done} of them translated into {} already\n", args.out.display(), units.len(), args.lang);
    write_stdout(line).map_or(exit::INVALID, |()| exit::OK)
}

fn import(args: ImportArgs, cx: &Context) -> i32 {
    if let Some(code) = super::import::usable_input(&args.file) {
        return code;
    }
    let incoming = match translate::read(&args.file) {
        Ok(incoming) => incoming,
        Err(e) => return fail_with(e, exit::INVALID),
    };
    let file = args.file.display().to_string();
    let Some(language) = incoming.language.clone().filter(|l| crate::source::is_language_tag(l)) else {
        return fail_with(
            format_args!("{file} does not say which language it is in (`Language:` of a PO header, `trgLang` of XLIFF)"),
            exit::INVALID,
        );
    };
    let Some(source) = args.source.clone().or_else(|| incoming.source.as_ref().map(|s| named_source(s, &args.file))) else {
        return fail_with(format_args!("{file} does not name its source; give it with --source"), exit::USAGE);
    };
    let fw = match load_valid(&source, cx) {
        Ok((_, fw)) => fw,
        Err(code) => return code,
    };
    let mut store = match read_store(&source, &language, cx) {
        Ok(store) => store,
        Err(code) => return code,
    };
    let units = translate::units(&fw);
    let imported = match translate::import::merge(&units, &incoming, &mut store, &file) {
        Ok(imported) => imported,
        Err(problems) => {
            for problem in &problems {
                print_error(problem);
            }
            return fail_with(format_args!("{file}: nothing was imported"), exit::INVALID);
        }
    };
    let name = source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let text = store.render(&name, &language, &units);
    if let Err(e) = crate::files::write_atomically(&store.path, text.as_bytes(), true) {
        return fail_with(e, exit::INVALID);
    }
    let mut line = format!(
        "imported {} translated units of {file} into {} ({} left untranslated)\n",
        imported.taken,
        store.path.display(),
        imported.untranslated
    );
    if !imported.outdated.is_empty() {
        line.push_str(&format!(
            "{} of them translate English that has changed since; `framewright check` reports them: {}\n",
            imported.outdated.len(),
            imported.outdated.join(", ")
        ));
    }
    write_stdout(line).map_or(exit::INVALID, |()| exit::OK)
}

/// The source a file names: as named, from where the command runs, or
/// beside the file when the file was moved with it.
fn named_source(named: &str, file: &Path) -> PathBuf {
    let named = PathBuf::from(named);
    match file.parent().map(|dir| dir.join(&named)) {
        Some(beside) if !named.exists() && beside.exists() => beside,
        _ => named,
    }
}

/// The translations of `source` into `language`, their mistakes printed;
/// a file with mistakes is the exit code to end with.
pub(super) fn read_store(source: &Path, language: &str, cx: &Context) -> Result<Translations, i32> {
    let path = translations::file_for(source, language);
    let (store, problems) = Translations::read(&path).map_err(|e| fail_with(e, exit::INVALID))?;
    if problems.is_empty() {
        return Ok(store);
    }
    eprint!("{}", diagnostic::render(&path.display().to_string(), &store.text, &problems, cx.color));
    Err(fail_with(format_args!("{} has mistakes; fix them first", path.display()), exit::INVALID))
}

/// For `check`: each language `source` has a translations file for,
/// compared with the source (`fw`, its project at `paths`) as a build in
/// that language counts it; warnings (missing, out of date) on stderr,
/// how complete each language is on stdout. The exit code to end with.
pub(super) fn report(source: &Path, fw: &Framework, paths: &ProjectPaths, cx: &Context) -> i32 {
    let units = translate::units(fw);
    let mut code = exit::OK;
    for (language, path) in translations::beside(source) {
        let store = match read_store(source, &language, cx) {
            Ok(store) => store,
            Err(c) => {
                code = code.max(c);
                continue;
            }
        };
        // The wording's own mistakes are the build's to report.
        let table = crate::source::load_wording_in(&language, paths, fw.packs.strings.as_ref(), &mut Diagnostics::default());
        let mut d = Diagnostics::default();
        let status = translate::status::compare(&units, &language, &store, table.as_ref(), &mut d);
        let d = d.into_sorted();
        if d.iter().any(|d| d.is_error()) {
            code = code.max(exit::INVALID);
        }
        eprint!("{}", diagnostic::render(&path.display().to_string(), &store.text, &d, cx.color));
        let line = format!(
            "{}: `{language}` {}% translated ({} of {} units; {} missing, {} out of date)\n",
            path.display(),
            status.percent(),
            status.current,
            status.total,
            status.missing.len(),
            status.outdated.len()
        );
        if write_stdout(line).is_err() {
            code = code.max(exit::INVALID);
        }
    }
    code
}
