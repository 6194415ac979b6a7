//! What `build` tells the person or script running it: a progress bar while
//! packs build (when stderr is a terminal), plain lines otherwise, one JSON
//! object per file with `--message-format json`, and a summary table.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use super::MessageFormat;
use crate::build::{Outcome, Progress, Status};
use crate::cli::{exit, write_stdout};

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// Totals over every source of a run.
#[derive(Default)]
struct Totals {
    built: usize,
    fresh: usize,
    failed: usize,
    pages: usize,
    fields: usize,
    bytes: usize,
}

pub struct Reporter {
    format: MessageFormat,
    verbosity: Verbosity,
    started: Instant,
    totals: Mutex<Totals>,
    /// A template mistake fails every pack the same way: say it once.
    errors_seen: Mutex<HashSet<String>>,
}

/// Reports the files of one source as they finish.
pub struct SourceReporter<'a> {
    run: &'a Reporter,
    source: String,
    bar: Option<ProgressBar>,
}

impl Reporter {
    pub fn new(format: MessageFormat, verbosity: Verbosity) -> Self {
        Self { format, verbosity, started: Instant::now(), totals: Mutex::default(), errors_seen: Mutex::default() }
    }

    /// Starts reporting the files of `source`. The progress bar appears only
    /// for people: stderr is a terminal and the output is not JSON or quiet.
    pub fn source(&self, source: &Path) -> SourceReporter<'_> {
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
        SourceReporter { run: self, source: source.display().to_string(), bar }
    }

    /// Prints the summary table (unless quiet or JSON).
    pub fn summary(&self) {
        if self.verbosity == Verbosity::Quiet || self.format == MessageFormat::Json {
            return;
        }
        let t = self.totals.lock().unwrap_or_else(|e| e.into_inner());
        let size = format!("{:.1} MiB", t.bytes as f64 / 1_048_576.0);
        let time = format!("{:.1} s", self.started.elapsed().as_secs_f64());
        eprintln!(
            "\n{:>7} {:>11} {:>7} {:>7} {:>12} {:>10} {:>8}",
            "built", "up to date", "failed", "pages", "form fields", "size", "time"
        );
        eprintln!("{:>7} {:>11} {:>7} {:>7} {:>12} {:>10} {:>8}", t.built, t.fresh, t.failed, t.pages, t.fields, size, time);
    }
}

impl Progress for SourceReporter<'_> {
    fn planned(&self, files: usize) {
        if let Some(bar) = &self.bar {
            bar.set_length(files as u64);
        }
    }

    /// One file finished (called from the build's worker threads).
    fn done(&self, outcome: &Outcome) {
        if self.run.format == MessageFormat::Json {
            let _ = write_stdout(format!("{}\n", json_line(&self.source, outcome)).as_bytes());
        }
        let line = self.line(outcome);
        if let Some(line) = line {
            match &self.bar {
                Some(bar) => bar.println(line),
                None => eprintln!("{line}"),
            }
        }
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
        let mut t = self.run.totals.lock().unwrap_or_else(|e| e.into_inner());
        match &outcome.result {
            Ok(file) => {
                match file.status {
                    Status::Built => t.built += 1,
                    Status::UpToDate => t.fresh += 1,
                }
                t.pages += file.pages;
                t.fields += file.fields;
                t.bytes += file.bytes;
            }
            Err(_) => t.failed += 1,
        }
    }
}

impl SourceReporter<'_> {
    /// The human line for `outcome`, if this verbosity shows one. Errors are
    /// always shown (even when quiet), each distinct message once.
    fn line(&self, outcome: &Outcome) -> Option<String> {
        let verbosity = self.run.verbosity;
        let path = outcome.path.display();
        match &outcome.result {
            Err(message) => {
                let first = self.run.errors_seen.lock().unwrap_or_else(|e| e.into_inner()).insert(message.clone());
                let message = if first { message.as_str() } else { "the same error as above" };
                Some(format!("error: pack `{}` ({path}): {message}", outcome.pack))
            }
            _ if self.run.format == MessageFormat::Json || verbosity == Verbosity::Quiet => None,
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

    /// All files of the source are done: the exit code they call for.
    pub fn finish(self, outcomes: &[Outcome]) -> i32 {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if outcomes.iter().any(|o| o.result.is_err()) { exit::INVALID } else { exit::OK }
    }

    /// The source could not be built at all.
    pub fn abandon(self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
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
