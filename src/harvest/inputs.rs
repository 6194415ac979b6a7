//! The files a harvest reads: the files named, and every file inside the
//! folders named (recursively, hidden files and folders left out), sorted
//! by path so the same inputs always give the same outputs.

use std::path::{Path, PathBuf};

/// Every file under `inputs`, sorted, each once; `skip` (the output
/// folder) is left out when it lies inside an input folder. A path that
/// does not exist is an error.
pub fn collect(inputs: &[PathBuf], skip: &Path) -> Result<Vec<PathBuf>, String> {
    let skip = skip.canonicalize().ok();
    let mut files = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| format!("cannot read {}: {e}", input.display()))?;
        if meta.is_dir() {
            walk(input, skip.as_deref(), &mut files, 0).map_err(|e| format!("cannot read the folder {}: {e}", input.display()))?;
        } else {
            files.push(input.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// How deep folders are followed (a loop of links stops here).
const MAX_DEPTH: usize = 64;

fn walk(dir: &Path, skip: Option<&Path>, files: &mut Vec<PathBuf>, depth: usize) -> std::io::Result<()> {
    if depth > MAX_DEPTH || skip.is_some_and(|s| dir.canonicalize().is_ok_and(|d| d == s)) {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            walk(&path, skip, files, depth + 1)?;
        } else if path.is_file() {
            files.push(path);
        }
    }
    Ok(())
}
