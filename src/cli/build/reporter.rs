//! What `build` tells the person or script running it: a progress bar while
//! packs build (when stderr is a terminal), plain lines otherwise, one JSON
//! object per file with `--message-format json`, and a summary table.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use super::MessageFormat;
use crate::build::{self, Archived, BuildError, BuildSummary, Outcome, Progress, Status};
use crate::cli::{print_error, write_stdout};
use crate::source::Loaded;
use crate::source::staff::BadRow;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

pub struct Reporter {
    format: MessageFormat,
    verbosity: Verbosity,
    /// Colour in a source's diagnostics.
    color: bool,
    started: Instant,
    /// The source whose files are building.
    current: Mutex<Option<Current>>,
    /// A template mistake fails every pack the same way: say it once.
    errors_seen: Mutex<HashSet<String>>,
}

/// The source whose files are building, and its progress bar.
struct Current {
    source: String,
    bar: Option<ProgressBar>,
}

impl Reporter {
    pub fn new(format: MessageFormat, verbosity: Verbosity, color: bool) -> Self {
        Self { format, verbosity, color, started: Instant::now(), current: Mutex::default(), errors_seen: Mutex::default() }
    }

    fn current(&self) -> MutexGuard<'_, Option<Current>> {
        self.current.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Prints the summary table (unless quiet or JSON).
    pub fn summary(&self, t: &BuildSummary) {
        if self.verbosity == Verbosity::Quiet || self.format == MessageFormat::Json {
            return;
        }
        let size = format!("{:.1} MiB", t.bytes as f64 / 1_048_576.0);
        let time = format!("{:.1} s", self.started.elapsed().as_secs_f64());
        eprintln!(
            "\n{:>7} {:>11} {:>7} {:>7} {:>12} {:>10} {:>8}",
            "built", "up to date", "failed", "pages", "form fields", "size", "time"
        );
        eprintln!("{:>7} {:>11} {:>7} {:>7} {:>12} {:>10} {:>8}", t.built, t.up_to_date, t.failed, t.pages, t.fields, size, time);
    }

    /// The human line for `outcome`, if this verbosity shows one. Errors are
    /// always shown (even when quiet), each distinct message once.
    fn line(&self, outcome: &Outcome) -> Option<String> {
        let verbosity = self.verbosity;
        let path = outcome.path.display();
        match &outcome.result {
            Err(message) => {
                let first = self.errors_seen.lock().unwrap_or_else(|e| e.into_inner()).insert(message.clone());
                let message = if first { message.as_str() } else { "the same error as above" };
                Some(format!("error: pack `{}` ({path}): {message}", outcome.pack))
            }
            _ if self.format == MessageFormat::Json || verbosity == Verbosity::Quiet => None,
            Ok(file) if file.status == Status::UpToDate => (verbosity == Verbosity::Verbose).then(|| format!("   fresh {path}")),
            Ok(file) => {
                let mut line = format!("   built {path} ({}, {} KiB)", file.description, file.bytes / 1024);
                if verbosity == Verbosity::Verbose {
                    line += &format!(" in {:.0} ms (typeset {:.0} ms, fields {:.0} ms)", ms(file.total), ms(file.typeset), ms(file.forms));
                }
                Some(line)
            }
        }
    }
}

impl Progress for Reporter {
    fn planned(&self, files: usize) {
        if let Some(bar) = self.current().as_ref().and_then(|c| c.bar.as_ref()) {
            bar.set_length(files as u64);
        }
    }

    /// One file finished (called from the build's worker threads).
    fn done(&self, outcome: &Outcome) {
        let current = self.current();
        let bar = current.as_ref().and_then(|c| c.bar.as_ref());
        if self.format == MessageFormat::Json {
            let source = current.as_ref().map_or("", |c| c.source.as_str());
            let _ = write_stdout(format!("{}\n", json_line(source, outcome)).as_bytes());
        }
        if let Some(line) = self.line(outcome) {
            match bar {
                Some(bar) => bar.println(line),
                None => eprintln!("{line}"),
            }
        }
        if let Some(bar) = bar {
            bar.inc(1);
        }
    }

    /// Said even with JSON lines (on stderr, as notes are): files moved
    /// matter to whoever publishes the folder.
    fn archived(&self, archived: &Archived) {
        if self.verbosity == Verbosity::Quiet {
            return;
        }
        let mut lines = Vec::new();
        if let Some(moved) = &archived.moved {
            lines.push(format!(
                "archived {} version {} ({} files) in {}: earlier editions stay on the download page",
                archived.framework,
                moved.version,
                moved.files,
                moved.folder.display()
            ));
        }
        if let Some(kept) = &archived.kept {
            lines.push(format!(
                "{} holds an earlier build of this version of {}; it is left as it was, and the files built now are the current ones",
                kept.display(),
                archived.framework
            ));
        }
        let current = self.current();
        for line in lines {
            let line = format!("note: {line}");
            match current.as_ref().and_then(|c| c.bar.as_ref()) {
                Some(bar) => bar.println(line),
                None => eprintln!("{line}"),
            }
        }
    }
}

impl build::Reporter for Reporter {
    fn diagnostics(&self, loaded: &Loaded) {
        eprint!("{}", loaded.render_diagnostics(self.color));
    }

    /// The progress bar appears only for people: stderr is a terminal and
    /// the output is not JSON or quiet.
    fn source_started(&self, source: &Path) {
        let show_bar = self.format == MessageFormat::Human && self.verbosity != Verbosity::Quiet && std::io::stderr().is_terminal();
        let bar = show_bar.then(|| {
            let bar = ProgressBar::new(0).with_message(source.display().to_string());
            let style = ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} files  {msg}  {elapsed}")
                .map(|s| s.progress_chars("=> "))
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        *self.current() = Some(Current { source: source.display().to_string(), bar });
    }

    fn source_finished(&self) {
        if let Some(bar) = self.current().take().and_then(|c| c.bar) {
            bar.finish_and_clear();
        }
    }

    fn nothing_selected(&self, source: &Path) {
        if self.verbosity != Verbosity::Quiet {
            eprintln!("warning: {}: no pack matches the selection (--level, --role, --band, --format); nothing built", source.display());
        }
    }

    fn note(&self, note: &str) {
        eprintln!("note: {note}");
    }

    fn bad_row(&self, csv: &Path, row: &BadRow, skipped: bool) {
        let (kind, skip) = if skipped { ("warning", "skipped: ") } else { ("error", "") };
        eprintln!("{kind}: {}:{}: {skip}{}", csv.display(), row.line, row.message);
    }

    fn error(&self, error: &BuildError) {
        print_error(error);
    }

    fn wrote_index(&self, page: &Path) {
        if self.verbosity != Verbosity::Quiet && self.format == MessageFormat::Human {
            eprintln!("   wrote {} (the download page)", page.display());
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// One file as a JSON object, for scripts, CI and the benchmark.
fn json_line(source: &str, outcome: &Outcome) -> String {
    let mut value = serde_json::json!({
        "source": source,
        "pack": outcome.pack,
        "format": outcome.format.extension(),
        "path": outcome.path.display().to_string(),
    });
    match &outcome.result {
        Ok(file) => {
            value["status"] = match file.status {
                Status::Built => "built",
                Status::UpToDate => "up-to-date",
            }
            .into();
            value["pages"] = file.pages.into();
            value["fields"] = file.fields.into();
            value["bytes"] = file.bytes.into();
            value["sha256"] = file.sha256.clone().into();
            value["typeset_ms"] = ms(file.typeset).into();
            value["forms_ms"] = ms(file.forms).into();
            value["total_ms"] = ms(file.total).into();
        }
        Err(message) => {
            value["status"] = "failed".into();
            value["error"] = message.clone().into();
        }
    }
    value.to_string()
}
