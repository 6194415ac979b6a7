//! Where a source's translations are kept: `NAME.LANG.toml` beside
//! `NAME.toml` (`london-safeguarding.cy.toml`), one file per language, so
//! a translation moves, is copied and is versioned with its source. The
//! one place the name is made; `crate::translate` reads and writes the
//! files, and the list of sources leaves them out ([`is_translation`]).

use std::path::{Path, PathBuf};

use super::is_language_tag;

/// The translations file of `source` into `language`.
pub fn file_for(source: &Path, language: &str) -> PathBuf {
    let stem = source.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    source.with_file_name(format!("{stem}.{language}.toml"))
}

/// The languages `source` has a translations file for, with the files,
/// sorted by language.
pub fn beside(source: &Path) -> Vec<(String, PathBuf)> {
    let stem = source.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let dir = match source.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut found: Vec<(String, PathBuf)> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let language = name.strip_prefix(&stem)?.strip_prefix('.')?.strip_suffix(".toml")?;
            is_language_tag(language).then(|| (language.to_string(), source.with_file_name(&name)))
        })
        .collect();
    found.sort();
    found
}

/// Whether `path` is a translations file: `NAME.LANG.toml` with `NAME.toml`
/// beside it. Such a file is not a source of its own.
pub fn is_translation(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else { return false };
    let Some((stem, language)) = name.strip_suffix(".toml").and_then(|n| n.rsplit_once('.')) else { return false };
    is_language_tag(language) && path.with_file_name(format!("{stem}.toml")).is_file()
}
