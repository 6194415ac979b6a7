//! The files a harvest reads: the files named, and every file inside the
//! folders named (recursively, hidden files and folders left out; a pipe
//! or device is listed, and the log says what it is:
//! [`crate::files::under`]), sorted
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
            let is_output = |dir: &Path| skip.as_deref().is_some_and(|s| dir.canonicalize().is_ok_and(|d| d == s));
            files.extend(
                crate::files::under(input, &is_output, crate::files::Listing::Everything)
                    .map_err(|e| format!("cannot read the folder {}: {e}", input.display()))?,
            );
        } else {
            files.push(input.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}
