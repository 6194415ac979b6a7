//! Writing into the output folder safely.

use std::io::Write;
use std::path::Path;

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
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("pack");
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
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
