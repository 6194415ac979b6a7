//! Earlier editions stay published. When a framework is built at another
//! version than the edition the output folder holds of it, that edition's
//! files are first moved into `archive/{framework}/{version}/` (under their
//! own names) and its listing kept in the manifest, so the download page
//! goes on linking them, newest version first.
//!
//! The edition the folder holds is the one its download-page listing
//! names, and its files are those the listing links to: personalised packs
//! (`--staff`) carry people's names, are never listed, and are left as
//! they were.
//!
//! A move is a copy (written atomically), then one manifest save that
//! records the copies, drops the originals' entries and notes them as to
//! be removed, then the originals removed: killed anywhere, every file is
//! in its place or in the archive (or both, until the next build, which
//! removes the originals noted), and the manifest describes only files on
//! disk.
//!
//! Nothing in the archive is ever overwritten or deleted by a build: a
//! different file already archived under the same version and name stops
//! the source before anything moves. A version built again after a later
//! one (2.0, then 1.0 again) archives the later one as usual and leaves
//! the earlier build of the same version in the archive as it was; the
//! build says so.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::Output;
use super::manifest::Entry;
use super::site::{file_lists, on_disk};
use crate::model::Framework;
use crate::plan::naming::safe_stem;

/// The archive's folder inside the output folder.
const FOLDER: &str = "archive";

/// What was archived before a build of a framework.
pub struct Archived {
    pub framework: String,
    /// The edition moved into the archive, if the folder held another one.
    pub moved: Option<Moved>,
    /// The archive folder holding an earlier build of the version being
    /// built, left as it was.
    pub kept: Option<PathBuf>,
}

pub struct Moved {
    pub version: String,
    pub folder: PathBuf,
    pub files: usize,
}

impl Output {
    /// Moves the edition of `fw` the folder holds into the archive, unless
    /// it is `fw`'s own version (call it before writing any of `fw`'s files).
    pub(super) fn archive_earlier(&self, fw: &Framework) -> Result<Archived, String> {
        let id = fw.framework.id.as_str();
        let version = fw.framework.version.as_str();
        let mut manifest = self.manifest.lock().map_err(|_| "a thread failed while updating the manifest".to_string())?;
        let kept =
            manifest.archive().get(id).is_some_and(|editions| editions.contains_key(version)).then(|| self.dir.join(folder(id, version)));
        let held = manifest.listings().get(id).map(|listing| on_disk(listing, &manifest));
        let Some(mut listing) = held.filter(|l| l["framework"]["version"].as_str().is_some_and(|v| v != version)) else {
            return Ok(Archived { framework: id.to_string(), moved: None, kept });
        };
        let earlier = listing["framework"]["version"].as_str().unwrap_or_default().to_string();
        let folder = folder(id, &earlier);

        // Every copy is planned first: a clash stops the build before
        // anything moves.
        let mut copies = Vec::new();
        let mut originals = Vec::new();
        for file in file_lists(&mut listing).into_iter().flatten() {
            let Some(name) = file["name"].as_str().map(String::from) else { continue };
            let Some(entry) = manifest.get(&name).filter(|e| e.framework_version == earlier).cloned() else { continue };
            let path = format!("{folder}/{name}");
            // Each language's listing names every language's files: one copy each.
            if originals.contains(&name) {
                file["name"] = Value::String(path);
                continue;
            }
            let bytes = std::fs::read(self.dir.join(&name)).map_err(|e| format!("cannot read {name} to archive it: {e}"))?;
            let target = self.dir.join(&path);
            let archived = std::fs::read(&target).ok();
            if archived.as_ref().is_some_and(|there| *there != bytes) {
                return Err(format!(
                    "{} holds another file of {id} version {earlier}; nothing was moved or built. Version {earlier}'s files in {} \
                     cannot be archived over it: move one of them out of the output folder, or give the source a new version",
                    target.display(),
                    self.dir.display()
                ));
            }
            let sha256 = crate::digest::sha256_hex(&bytes);
            file["name"] = Value::String(path.clone());
            copies.push((Entry { path, bytes: bytes.len(), sha256, ..entry }, archived.is_none().then_some(bytes)));
            originals.push(name);
        }
        if originals.is_empty() {
            // Moved already, by a build killed before its new files were listed.
            return Ok(Archived { framework: id.to_string(), moved: None, kept });
        }
        let dir = self.dir.join(&folder);
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create the archive folder {}: {e}", dir.display()))?;
        for (entry, bytes) in &copies {
            if let Some(bytes) = bytes {
                crate::files::write_atomically(&self.dir.join(&entry.path), bytes, false)?;
            }
        }
        let files = copies.len();
        manifest.record_archived(id, &earlier, listing, copies.into_iter().map(|(entry, _)| entry).collect(), &originals)?;
        manifest.remove_archived_originals(&self.dir)?;
        Ok(Archived { framework: id.to_string(), moved: Some(Moved { version: earlier, folder: dir, files }), kept })
    }
}

/// The folder of edition `version` of `framework`, inside the output folder.
fn folder(framework: &str, version: &str) -> String {
    let version = safe_stem(version);
    format!("{FOLDER}/{framework}/{}", if version.is_empty() { "_" } else { &version })
}

/// Removes temporaries left in the archive's folders by a killed build
/// (the output folder's own are removed by [`crate::files::remove_stale_temporaries`]).
pub(super) fn remove_stale_temporaries(out: &Path) {
    let frameworks = std::fs::read_dir(out.join(FOLDER)).into_iter().flatten().flatten();
    for framework in frameworks {
        for edition in std::fs::read_dir(framework.path()).into_iter().flatten().flatten() {
            crate::files::remove_stale_temporaries(&edition.path());
        }
    }
}
