//! `manifest.json` in the output folder: every file framewright built there,
//! with what went into it, so a rebuild can skip what has not changed and
//! scripts can see what a folder holds.
//!
//! The manifest never claims more than is on disk: before a file is
//! replaced its entry is dropped, and only after the new file is in place
//! is the new entry written (each time atomically). A build killed at any
//! point leaves every entry true of its file; a file without an entry is
//! simply rebuilt next time.
//!
//! Earlier editions moved into `archive/` (see `archive.rs`) are entries
//! like any other, under their archive path, with the listing of their
//! edition in `archive`: a file is copied there first, and one save then
//! records the copy and drops the original's entry, so no kill loses a
//! file or leaves an entry for one that is not there.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::files::write_atomically;

/// The file name of the manifest inside the output folder.
pub const FILE_NAME: &str = "manifest.json";

/// One built file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    /// Path inside the output folder.
    pub path: String,
    pub pack: String,
    pub format: String,
    pub framework: String,
    pub framework_version: String,
    pub pages: usize,
    pub fields: usize,
    pub bytes: usize,
    /// SHA-256 of the file.
    pub sha256: String,
    /// SHA-256 of everything that went into it: see `inputs.rs`.
    pub inputs: String,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    framewright: String,
    files: Vec<Entry>,
    /// Project files the renderers read in earlier builds (a template's
    /// imports, images, data anywhere in the project), with their SHA-256.
    #[serde(default)]
    reads: BTreeMap<String, String>,
    /// What the download page says of each framework built here, by
    /// framework id (`plan::listing::Listing` as JSON), so the page covers
    /// every framework in the folder, not only those of the last run.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    listings: BTreeMap<String, serde_json::Value>,
    /// The listings of earlier editions kept in `archive/`, by framework id
    /// then version, their file names being paths inside the output folder.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    archive: Archive,
    /// Files just archived whose originals are being removed: those a
    /// killed build left are removed by the next.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    archived_originals: Vec<String>,
}

/// Earlier editions' listings, by framework id, then version.
pub type Archive = BTreeMap<String, BTreeMap<String, serde_json::Value>>;

/// The manifest of one output folder, kept in memory and written through.
pub struct Manifest {
    path: PathBuf,
    entries: BTreeMap<String, Entry>,
    reads: BTreeMap<String, String>,
    listings: BTreeMap<String, serde_json::Value>,
    archive: Archive,
    archived_originals: Vec<String>,
}

impl Manifest {
    /// Reads the manifest of `dir`; a missing or unreadable one (an older
    /// format, a hand edit) counts as empty, so everything is rebuilt.
    pub fn load(dir: &Path) -> Self {
        let path = dir.join(FILE_NAME);
        let stored = std::fs::read(&path).ok().and_then(|bytes| serde_json::from_slice::<Stored>(&bytes).ok());
        // Entries of files removed by hand are dropped: the manifest lists
        // what the folder holds.
        let (entries, reads, listings, archive, archived_originals) = match stored {
            Some(stored) => (
                stored.files.into_iter().filter(|e| dir.join(&e.path).is_file()).map(|e| (e.path.clone(), e)).collect(),
                stored.reads,
                stored.listings,
                stored.archive,
                stored.archived_originals,
            ),
            None => Default::default(),
        };
        Self { path, entries, reads, listings, archive, archived_originals }
    }

    /// Whether every file earlier builds read is still as it was. If not,
    /// no file counts as up to date: which packs read it is not recorded.
    pub fn reads_unchanged(&self) -> bool {
        self.reads.iter().all(|(path, sha)| std::fs::read(path).is_ok_and(|bytes| crate::digest::sha256_hex(&bytes) == *sha))
    }

    /// The files recorded as read by earlier builds.
    pub fn read_files(&self) -> Vec<PathBuf> {
        self.reads.keys().map(PathBuf::from).collect()
    }

    /// Records the files the renderers of a build read, as they are now.
    pub fn record_reads(&mut self, paths: &[PathBuf]) -> Result<(), String> {
        let before = self.reads.len();
        let mut changed = false;
        for path in paths {
            let Ok(bytes) = std::fs::read(path) else { continue };
            let sha = crate::digest::sha256_hex(&bytes);
            changed |= self.reads.insert(path.display().to_string(), sha.clone()).is_none_or(|old| old != sha);
        }
        if changed || self.reads.len() != before { self.save() } else { Ok(()) }
    }

    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.entries.get(path)
    }

    /// Drops the entry of `path` (before the file is replaced).
    pub fn forget(&mut self, path: &str) -> Result<(), String> {
        if self.entries.remove(path).is_some() { self.save() } else { Ok(()) }
    }

    /// Records `entry` (after its file is in place).
    pub fn record(&mut self, entry: Entry) -> Result<(), String> {
        self.entries.insert(entry.path.clone(), entry);
        self.save()
    }

    /// Records what the download page says of `framework`.
    pub fn record_listing(&mut self, framework: &str, listing: serde_json::Value) -> Result<(), String> {
        if self.listings.get(framework) == Some(&listing) {
            return Ok(());
        }
        self.listings.insert(framework.to_string(), listing);
        self.save()
    }

    /// The listings of the frameworks built here, by framework id.
    pub fn listings(&self) -> &BTreeMap<String, serde_json::Value> {
        &self.listings
    }

    /// The earlier editions kept in the folder's archive.
    pub fn archive(&self) -> &Archive {
        &self.archive
    }

    /// Records, in one save, that the edition `version` of `framework` is
    /// archived with `listing` (kept if the edition already has one: an
    /// archived edition is not rewritten), its files copied as `copies`,
    /// and that the originals at `moved` are no longer the folder's and are
    /// to be removed (see [`Self::remove_archived_originals`]).
    pub fn record_archived(
        &mut self,
        framework: &str,
        version: &str,
        listing: serde_json::Value,
        copies: Vec<Entry>,
        moved: &[String],
    ) -> Result<(), String> {
        self.archive.entry(framework.to_string()).or_default().entry(version.to_string()).or_insert(listing);
        for copy in copies {
            self.entries.insert(copy.path.clone(), copy);
        }
        for path in moved {
            self.entries.remove(path);
        }
        self.archived_originals = moved.to_vec();
        self.save()
    }

    /// Removes the originals of the files last archived from `dir` (never
    /// a file the manifest lists), and forgets them.
    pub fn remove_archived_originals(&mut self, dir: &Path) -> Result<(), String> {
        if self.archived_originals.is_empty() {
            return Ok(());
        }
        for path in std::mem::take(&mut self.archived_originals) {
            if !self.entries.contains_key(&path) {
                // Gone already is as good as removed; a file that cannot be
                // removed stays, unlisted, a copy of the archived one.
                let _ = std::fs::remove_file(dir.join(&path));
            }
        }
        self.save()
    }

    fn save(&self) -> Result<(), String> {
        let stored = Stored {
            framewright: env!("CARGO_PKG_VERSION").to_string(),
            files: self.entries.values().cloned().collect(),
            reads: self.reads.clone(),
            listings: self.listings.clone(),
            archive: self.archive.clone(),
            archived_originals: self.archived_originals.clone(),
        };
        let mut json = serde_json::to_vec_pretty(&stored).map_err(|e| e.to_string())?;
        json.push(b'\n');
        // Renamed into place, not synced: a kill cannot tear it, and after
        // a power cut a stale manifest only costs a rebuild.
        write_atomically(&self.path, &json, false)
    }
}
