//! What goes into a built file, as one hash: if it is unchanged and the file
//! on disk is the one we wrote, rebuilding would give the same bytes, so
//! the build skips it.
//!
//! A file depends on its pack plan (all the source text it prints; the plan
//! carries its own hash), its format, the build date (`SOURCE_DATE_EPOCH`),
//! the framewright version and build (a hash of its sources, from
//! `build.rs`), and the project files renderers read: everything under
//! `templates/` and `fonts/`, the source's own template if it lives
//! elsewhere, and the logo. Files a template reads from anywhere else in the
//! project are recorded in the manifest after each build and checked before
//! the next (`Manifest::reads_unchanged`).

use std::path::{Path, PathBuf};

use crate::digest::sha256_parts;
use crate::source::ProjectFolder;

/// The hash of the project files every pack of a build reads.
pub struct ProjectDigest(String);

impl ProjectDigest {
    /// Hashes `templates/` and `fonts/` under `root` and the `extra` files
    /// (a template or logo outside those folders), by path and content.
    pub fn new(root: &Path, extra: &[PathBuf]) -> Result<Self, String> {
        let mut files = Vec::new();
        for dir in ProjectFolder::ALL.map(|f| f.under(root)).into_iter().filter(|d| d.is_dir()) {
            files.extend(
                crate::files::under(&dir, &|_| false, crate::files::Listing::Files)
                    .map_err(|e| format!("cannot read {}: {e}", dir.display()))?,
            );
        }
        files.extend(extra.iter().cloned());
        files.sort();
        files.dedup();
        let mut parts = Vec::new();
        for file in &files {
            let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            parts.push(file.strip_prefix(root).unwrap_or(file).to_string_lossy().into_owned().into_bytes());
            parts.push(bytes);
        }
        Ok(Self(sha256_parts(parts.iter().map(Vec::as_slice))))
    }

    /// The input hash of one file: its plan (by the plan's own hash),
    /// format and build date on top of the project files.
    pub fn file_inputs(&self, plan_hash: &str, format: &str, date: &str) -> String {
        let parts = [env!("CARGO_PKG_VERSION"), env!("FRAMEWRIGHT_BUILD_ID"), &self.0, plan_hash, format, date];
        sha256_parts(parts.iter().map(|p| p.as_bytes()))
    }
}
