//! `framewright diff`: what changed between two editions of a source, for
//! a person (grouped by what changed and how, the changed words marked as
//! `git diff --word-diff` marks them), with `--format json` for a script
//! (`framewright schema diff` describes it), or with `--out FILE` as a
//! changes document (PDF, Word or web page: `plan::changes_document`, laid
//! out by `render::report`). The editions are read and compared by the
//! library (`source::edition::diff`); this prints or writes.

use std::path::{Path, PathBuf};

use super::{Context, count, exit, fail, fail_with, print_json, write_stdout};
use crate::editions::{Change, ChangeKind, Changes, Item, SegmentKind};
use crate::model::Format;
use crate::render::report::root::ReportRoot;
use crate::source::edition::{self, Compared, Edition};

/// Show what changed between two editions of a source, by stable id.
#[derive(clap::Args)]
pub struct Args {
    /// The older edition: a source file, or REV:PATH for the file as git holds it at a revision (HEAD~1:sources/x.toml; PATH from the repository's top, or ./PATH from here).
    old: String,
    /// The newer edition: a source file, or REV:PATH.
    new: String,
    /// text: for people; json: for scripts (its JSON Schema: `framewright schema diff`).
    #[arg(long, value_enum, default_value = "text")]
    format: Output,
    /// Write the changes as a document in the house style instead: FILE.pdf (tagged PDF), FILE.docx (Word) or FILE.html (a web page), worded from the newer edition's strings table.
    #[arg(long, value_name = "FILE", conflicts_with = "format")]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Output {
    Text,
    Json,
}

pub fn run(args: Args, cx: &Context) -> i32 {
    let document = match args.out.as_deref().map(document_format).transpose() {
        Ok(document) => document,
        Err(e) => return fail_with(e, exit::USAGE),
    };
    let (old, new) = (Edition::parse(&args.old), Edition::parse(&args.new));
    let compared = match edition::diff(&old, &new, crate::plan::check, &mut |loaded| eprint!("{}", loaded.render_diagnostics(cx.color))) {
        Ok(compared) => compared,
        Err(e) => return fail(&e),
    };
    if let (Some(out), Some(format)) = (&args.out, document) {
        return match write_document(&compared, out, format) {
            Ok(()) => write_stdout(format!("wrote {}: {}\n", out.display(), count(compared.changes.changes.len(), "change")))
                .map_or(exit::INVALID, |()| exit::OK),
            Err(e) => fail_with(e, exit::INVALID),
        };
    }
    match args.format {
        Output::Json => print_json(&compared.changes),
        Output::Text => write_stdout(text(&compared.changes)).map_or(exit::INVALID, |()| exit::OK),
    }
}

/// The document's format, by `out`'s extension.
fn document_format(out: &Path) -> Result<Format, String> {
    let extension = out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    Format::ALL.iter().find(|(name, _)| Some(*name) == extension.as_deref()).map(|(_, format)| *format).ok_or_else(|| {
        format!("--out {}: give a file name ending in .pdf (a tagged PDF), .docx (Word) or .html (a web page)", out.display())
    })
}

/// The changes document of `compared` in `format`, written to `out` whole
/// or not at all.
fn write_document(compared: &Compared, out: &Path, format: Format) -> Result<(), String> {
    let root = ReportRoot::new(&compared.root)?;
    let plan = crate::plan::changes_document::plan(&compared.new, &compared.changes);
    let c = &compared.changes;
    let ident = format!("framewright/changes/{}/{}/{}", c.framework, c.old_version, c.new_version);
    let bytes = crate::render::report::document(&plan, &root.path, format, &ident)?;
    crate::files::write_atomically(out, &bytes, false)
}

/// The changes as a person reads them: a summary line, then one group per
/// kind of item and kind of change, in the list's order.
fn text(changes: &Changes) -> String {
    let list = &changes.changes;
    let affecting = list.iter().filter(|c| c.affects_assessment).count();
    let mut out = format!(
        "{}: {} → {}: {}{}\n",
        changes.framework,
        changes.old_version,
        changes.new_version,
        if list.is_empty() { "no changes".to_string() } else { count(list.len(), "change") },
        if affecting > 0 { format!(", {affecting} affecting the self-assessment") } else { String::new() },
    );
    let mut items: Vec<Item> = list.iter().map(|c| c.item).collect();
    items.dedup();
    for item in items {
        for kind in ChangeKind::ALL {
            let group: Vec<&Change> = list.iter().filter(|c| c.item == item && c.kind == kind).collect();
            if group.is_empty() {
                continue;
            }
            let noun = item.noun();
            out += &format!("\n{}{}s {} ({}):\n", noun[..1].to_uppercase(), &noun[1..], kind.name(), group.len());
            for c in group {
                out += &line(c);
            }
        }
    }
    out
}

/// One change: its id and what it touches, then what changed.
fn line(c: &Change) -> String {
    let mut about = vec![c.id.clone()];
    if let Some(field) = &c.field {
        about.push(format!("`{field}`"));
    }
    let ids = |what: &str, list: &[crate::model::Id]| format!("{what} {}", list.iter().map(|i| i.as_str()).collect::<Vec<_>>().join(", "));
    if !c.levels.is_empty() {
        about.push(ids(if c.levels.len() == 1 { "level" } else { "levels" }, &c.levels));
    }
    if !c.bands.is_empty() {
        about.push(ids(if c.bands.len() == 1 { "band" } else { "bands" }, &c.bands));
    }
    if c.affects_assessment {
        about.push("affects the self-assessment".into());
    }
    let (before, after) = (c.before.as_deref().unwrap_or(""), c.after.as_deref().unwrap_or(""));
    let what = match c.kind {
        ChangeKind::Added if !c.replaces.is_empty() => format!("{after} (replaces {})", joined(&c.replaces)),
        ChangeKind::Added => after.to_string(),
        ChangeKind::Removed => before.to_string(),
        ChangeKind::Replaced => format!("replaced by {}: {before}", joined(&c.replaced_by)),
        ChangeKind::Reworded => c
            .words
            .iter()
            .map(|s| match s.kind {
                SegmentKind::Kept => s.text.clone(),
                SegmentKind::Removed => format!("[-{}-]", s.text),
                SegmentKind::Inserted => format!("{{+{}+}}", s.text),
            })
            .collect::<Vec<_>>()
            .join(" "),
        _ => format!("{} → {}", shown(before), shown(after)),
    };
    format!("  {}\n      {what}\n", about.join(" · "))
}

fn joined(ids: &[crate::model::Id]) -> String {
    ids.iter().map(|i| i.as_str()).collect::<Vec<_>>().join(", ")
}

/// A value that is empty still shows.
fn shown(value: &str) -> &str {
    if value.is_empty() { "(none)" } else { value }
}
