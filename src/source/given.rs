//! The sources a run is given: the files named, or every `.toml` in the
//! project's `sources/` folder, each loaded and valid or a [`SourceError`]
//! that says why not. `build`, `harvest` and the CLI's one-source commands
//! all start here.

use std::fmt;
use std::path::{Path, PathBuf};

use super::{Checks, Loaded, UsageError, load};
use crate::model::Framework;

/// The folder the sample and user sources live in, used when no source is named.
pub const SOURCES_DIR: &str = "sources";

/// Why a run has no valid source to work from.
#[derive(Debug)]
pub enum SourceError {
    /// No source was named and `sources/` cannot be read.
    NoFolder(std::io::Error),
    /// No source was named and `sources/` holds none.
    EmptyFolder,
    /// A named path cannot be used at all (missing, a folder).
    Unusable(UsageError),
    /// The source has mistakes; its diagnostics say which.
    Invalid { path: PathBuf, errors: usize },
    /// Two editions compared are of different frameworks (their ids).
    OtherFrameworks { old: String, new: String },
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoFolder(e) => write!(f, "no source given and {SOURCES_DIR}/ cannot be read ({e}); name a source file"),
            Self::EmptyFolder => write!(f, "no source given and {SOURCES_DIR}/ holds no .toml files"),
            Self::Unusable(e) => f.write_str(&e.0),
            Self::Invalid { path, errors } => {
                let s = if *errors == 1 { "" } else { "s" };
                write!(f, "{} has {errors} error{s}; nothing was done", path.display())
            }
            Self::OtherFrameworks { old, new } => {
                write!(f, "the editions are of two frameworks (`{old}` and `{new}`); compare two editions of one source")
            }
        }
    }
}

impl std::error::Error for SourceError {}

/// The sources named, or every `.toml` in `sources/` (sorted) when none
/// is, leaving out the sources' translations files.
pub fn named_or_default(given: Vec<PathBuf>) -> Result<Vec<PathBuf>, SourceError> {
    if !given.is_empty() {
        return Ok(given);
    }
    let entries = std::fs::read_dir(SOURCES_DIR).map_err(SourceError::NoFolder)?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && !super::translations::is_translation(p))
        .collect();
    found.sort();
    if found.is_empty() {
        return Err(SourceError::EmptyFolder);
    }
    Ok(found)
}

/// Loads the source at `path` and runs `checks` on it. `show` sees every
/// source that has diagnostics (warnings, or the errors that make it
/// invalid) before the result is known, so they print in reading order.
pub fn load_valid(path: &Path, checks: Checks, show: &mut dyn FnMut(&Loaded)) -> Result<(Loaded, Framework), SourceError> {
    valid(load(path, checks).map_err(SourceError::Unusable)?, show)
}

/// `loaded`'s framework if it is valid; `show` sees its diagnostics first.
pub(super) fn valid(mut loaded: Loaded, show: &mut dyn FnMut(&Loaded)) -> Result<(Loaded, Framework), SourceError> {
    if !loaded.diagnostics.is_empty() {
        show(&loaded);
    }
    match loaded.framework.take() {
        Some(fw) => Ok((loaded, fw)),
        None => Err(SourceError::Invalid { errors: loaded.errors(), path: loaded.path }),
    }
}
