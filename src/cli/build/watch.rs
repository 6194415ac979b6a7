//! `build --watch`: build, then rebuild whenever a source, template or font
//! changes. Each rebuild is an ordinary incremental build, so only the packs
//! a change affects are typeset again; an invalid source or template prints
//! its diagnostics, leaves the last good files in place and keeps watching.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

use super::{Args, build_all};
use crate::build::{BuildOptions, Output};
use crate::cli::{Context, exit, fail_with};
use crate::source::{ProjectFolder, ProjectPaths, named_or_default};

/// Changes closer together than this are one edit (editors write a file in
/// several steps; a checkout touches many files).
const DEBOUNCE: Duration = Duration::from_millis(300);

/// Builds as `options` ask into `output`, then again after every change,
/// until the process is stopped.
pub fn watch(args: &Args, mut options: BuildOptions, output: &Output, cx: &Context) -> i32 {
    let (tx, rx) = channel();
    let mut watcher = match notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    }) {
        Ok(w) => w,
        Err(e) => return fail_with(format_args!("cannot watch for changes: {e}"), exit::INVALID),
    };
    let mut folders = watched(&options.sources, args.staff.as_deref());
    for (dir, mode) in &folders {
        if let Err(e) = watcher.watch(dir, *mode) {
            return fail_with(format_args!("cannot watch {}: {e}", dir.display()), exit::INVALID);
        }
    }
    build_all(args, &options, output, cx);
    let first = options.sources.clone();
    loop {
        // Files the templates read outside those folders (a custom
        // template's imports, a logo) are known once they have been read.
        for file in output.files_read() {
            let Some(dir) = file.parent().map(Path::to_path_buf) else { continue };
            if !folders.iter().any(|(d, mode)| dir == *d || (*mode == RecursiveMode::Recursive && dir.starts_with(d)))
                && watcher.watch(&dir, RecursiveMode::NonRecursive).is_ok()
            {
                folders.push((dir, RecursiveMode::NonRecursive));
            }
        }
        eprintln!("watching sources, templates and fonts for changes (Ctrl-C to stop)");
        // Wait for a change that edits something, then for a quiet moment.
        loop {
            match rx.recv() {
                Ok(Ok(event)) if matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)) => break,
                Ok(_) => continue,
                Err(_) => return exit::OK,
            }
        }
        loop {
            match rx.recv_timeout(DEBOUNCE) {
                Ok(_) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return exit::OK,
            }
        }
        eprintln!("change seen: rebuilding");
        // With no source named, a source added to (or removed from)
        // sources/ joins (or leaves) the next round.
        if args.sources.is_empty() {
            options.sources = named_or_default(Vec::new()).unwrap_or_else(|_| first.clone());
        }
        build_all(args, &options, output, cx);
    }
}

/// The folders whose changes matter: each source's folder (only the files
/// in it, so an output folder inside it does not wake the watch), its
/// project's `templates/` and `fonts/` with their sub-folders, and the
/// staff list's folder.
fn watched(sources: &[PathBuf], staff: Option<&Path>) -> Vec<(PathBuf, RecursiveMode)> {
    let mut dirs = Vec::new();
    if let Some(dir) = staff.and_then(|csv| csv.canonicalize().ok()).and_then(|csv| csv.parent().map(Path::to_path_buf)) {
        dirs.push((dir, RecursiveMode::NonRecursive));
    }
    for source in sources {
        let paths = ProjectPaths::for_source(source);
        dirs.push((paths.source_dir.clone(), RecursiveMode::NonRecursive));
        for folder in ProjectFolder::ALL {
            let dir = folder.under(&paths.root);
            if dir.is_dir() {
                dirs.push((dir, RecursiveMode::Recursive));
            }
        }
    }
    dirs.sort_by(|a, b| a.0.cmp(&b.0));
    dirs.dedup_by(|a, b| a.0 == b.0);
    dirs
}
