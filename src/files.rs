//! Every file under a folder, the one way framewright walks folders: the
//! project's templates and fonts (for the up-to-date check), the HTML
//! templates, and the folders of returned forms `harvest` is given.
//!
//! Hidden files and folders (`.DS_Store`, an editor's `.swp`, `.git`) are
//! left out: nobody means them, and a template engine would choke on them.
//! Linked folders are followed, to a fixed depth so a loop of links ends.

use std::path::{Path, PathBuf};

/// How deep folders are followed.
const MAX_DEPTH: usize = 64;

/// The files under `dir`, sorted by path, leaving out hidden ones and any
/// folder for which `skip` is true.
pub fn under(dir: &Path, skip: &dyn Fn(&Path) -> bool) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    walk(dir, skip, &mut files, 0)?;
    files.sort();
    Ok(files)
}

fn walk(dir: &Path, skip: &dyn Fn(&Path) -> bool, files: &mut Vec<PathBuf>, depth: usize) -> std::io::Result<()> {
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
            walk(&path, skip, files, depth + 1)?;
        } else if path.is_file() {
            files.push(path);
        }
    }
    Ok(())
}
