//! Writing into the output folder safely.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Creates the output folder, or says why it cannot be used.
pub fn prepare_dir(out: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create the output folder {}: {e}", out.display()))?;
    if !out.is_dir() {
        return Err(format!("{} is not a folder", out.display()));
    }
    Ok(())
}

/// Refuses a build in which two packs would write the same file.
pub fn check_unique<'a>(paths: impl Iterator<Item = (&'a PathBuf, &'a str)>) -> Result<(), String> {
    let mut seen: HashMap<&PathBuf, &str> = HashMap::new();
    for (path, pack) in paths {
        if let Some(other) = seen.insert(path, pack) {
            return Err(format!(
                "packs `{other}` and `{pack}` would both be written to {}; change [packs] file_name so names differ \
                 (e.g. include {{{{ pack }}}})",
                path.display()
            ));
        }
    }
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk,
/// then renames it over `path`: readers see the old file or the new one,
/// never a partial one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("pack");
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        format!("cannot write {}: {e}", path.display())
    })
}
