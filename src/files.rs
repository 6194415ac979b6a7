//! Files and folders, the one place framewright walks folders and writes
//! files: every file under a folder (the project's templates and fonts for
//! the up-to-date check, the HTML templates, the folders of returned forms
//! `harvest` is given), and every output written atomically.
//!
//! Hidden files and folders (`.DS_Store`, an editor's `.swp`, `.git`) are
//! left out: nobody means them, and a template engine would choke on them.
//! Linked folders are followed, to a fixed depth so a loop of links ends.

use std::io::Write;
use std::path::{Path, PathBuf};

/// How deep folders are followed.
const MAX_DEPTH: usize = 64;

/// What a walk lists besides folders.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// Regular files only: what a build reads (a pipe would block it).
    Files,
    /// Everything that is not a folder (pipes, devices, dangling links
    /// too): what `harvest` must account for, never skip in silence.
    Everything,
}

/// The entries under `dir` that `listing` asks for, sorted by path,
/// leaving out hidden ones and any folder for which `skip` is true.
pub fn under(dir: &Path, skip: &dyn Fn(&Path) -> bool, listing: Listing) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    walk(dir, skip, listing, &mut files, 0)?;
    files.sort();
    Ok(files)
}

fn walk(dir: &Path, skip: &dyn Fn(&Path) -> bool, listing: Listing, files: &mut Vec<PathBuf>, depth: usize) -> std::io::Result<()> {
    if depth > MAX_DEPTH || skip(dir) {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            walk(&path, skip, listing, files, depth + 1)?;
        } else if listing == Listing::Everything || path.is_file() {
            files.push(path);
        }
    }
    Ok(())
}

/// Creates the output folder, or says why it cannot be used.
pub fn prepare_dir(out: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create the output folder {}: {e}", out.display()))?;
    if !out.is_dir() {
        return Err(format!("{} is not a folder", out.display()));
    }
    Ok(())
}

/// Removes the temporary files of an earlier build that was killed while
/// writing (`.NAME.PID.tmp`, as [`write_atomically`] names them). Called
/// with the folder locked, so no other build is writing them.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let pid = name.strip_suffix(".tmp").and_then(|rest| rest.rsplit_once('.')).map(|(_, pid)| pid);
        if name.starts_with('.') && pid.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes `bytes` to a temporary file beside `path` (flushed to disk first
/// when `durable`), then renames it over `path`: readers, and a build killed
/// at any moment, see the old file or the new one, never a partial one.
pub fn write_atomically(path: &Path, bytes: &[u8], durable: bool) -> Result<(), String> {
    write_atomically_with(path, durable, |file| file.write_all(bytes))
}

/// [`write_atomically`] for a file written in pieces by `write` (a file
/// too big to hold in memory first).
pub fn write_atomically_with(
    path: &Path,
    durable: bool,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("pack");
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&temp)?);
        write(&mut file)?;
        let file = file.into_inner().map_err(|e| e.into_error())?;
        if durable {
            file.sync_all()?;
        }
        std::fs::rename(&temp, path)
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        format!("cannot write {}: {e}", path.display())
    })
}
