//! An edition of a source as `framewright diff` is given it: a file, or a
//! file as git holds it at a revision, `REV:PATH` (`HEAD~1:sources/x.toml`,
//! `v1.0:./x.toml`), read with `git show` in the current folder; PATH is
//! git's: from the repository's top, or from the current folder when it
//! starts with `./`. An argument that names an existing file is that file,
//! so a file name with a colon still works. An edition read from git is
//! parsed and validated as a file would be, and its diagnostics name it as
//! `REV:PATH`.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::given::valid;
use super::read::MAX_SOURCE_BYTES;
use super::{Checks, Loaded, ProjectPaths, SourceError, UsageError, load, parse};
use crate::editions::{Changes, compare};
use crate::model::Framework;

/// Where an edition is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edition {
    File(PathBuf),
    /// `rev:path`, as `git show` takes it.
    Revision {
        rev: String,
        path: String,
    },
}

impl Edition {
    /// `arg` as a file when one is there, else as `REV:PATH` when it has a
    /// colon after something, else as a file (reported missing on loading).
    pub fn parse(arg: &str) -> Self {
        match arg.split_once(':') {
            Some((rev, path)) if !rev.is_empty() && !path.is_empty() && !Path::new(arg).exists() => {
                Edition::Revision { rev: rev.to_string(), path: path.to_string() }
            }
            _ => Edition::File(PathBuf::from(arg)),
        }
    }

    /// Loads and validates the edition, then runs `checks`; `show` sees
    /// its diagnostics.
    pub fn load_valid(&self, checks: Checks, show: &mut dyn FnMut(&Loaded)) -> Result<(Loaded, Framework), SourceError> {
        let loaded = match self {
            Edition::File(path) => load(path, checks),
            Edition::Revision { rev, path } => from_git(rev, path, checks),
        };
        valid(loaded.map_err(SourceError::Unusable)?, show)
    }
}

/// The source at `rev:path`, read with `git show`: a revision or path git
/// does not know is a usage error carrying git's words.
fn from_git(rev: &str, path: &str, checks: Checks) -> Result<Loaded, UsageError> {
    let named = format!("{rev}:{path}");
    let output = Command::new("git")
        .args(["show", "--no-textconv", &named])
        .output()
        .map_err(|e| UsageError(format!("{named}: git could not be run ({e}); give the old edition as a file")))?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        let said = said.lines().find(|l| !l.trim().is_empty()).unwrap_or("no message").trim().trim_start_matches("fatal: ");
        return Err(UsageError(format!("{named}: git cannot show it ({said})")));
    }
    if output.stdout.len() as u64 > MAX_SOURCE_BYTES {
        return Err(UsageError(format!("{named}: larger than the {} MiB framewright reads", MAX_SOURCE_BYTES / 1048576)));
    }
    let text = String::from_utf8(output.stdout).map_err(|_| UsageError(format!("{named}: not UTF-8 text")))?;
    // The revision's paths (logo, wording) resolve as the file's do now.
    let paths = ProjectPaths::for_source(Path::new(path.trim_start_matches("./")));
    let (framework, diagnostics) = parse(&text, &paths, checks);
    Ok(Loaded { path: PathBuf::from(named), text, paths, diagnostics, framework })
}

/// Two editions compared.
pub struct Compared {
    /// The newer edition: its wording and look word and dress the changes document.
    pub new: Framework,
    /// The newer edition's project folder (its templates and fonts).
    pub root: PathBuf,
    pub changes: Changes,
}

/// `framewright diff`: loads the editions `old` and `new` (each valid, its
/// diagnostics shown), and compares them. Two frameworks are not two editions.
pub fn diff(old: &Edition, new: &Edition, checks: Checks, show: &mut dyn FnMut(&Loaded)) -> Result<Compared, SourceError> {
    let (_, old) = old.load_valid(checks, show)?;
    let (loaded, new) = new.load_valid(checks, show)?;
    let (a, b) = (&old.framework.id.value, &new.framework.id.value);
    if a != b {
        return Err(SourceError::OtherFrameworks { old: a.to_string(), new: b.to_string() });
    }
    let changes = compare(&old, &new);
    Ok(Compared { new, root: loaded.paths.root, changes })
}
