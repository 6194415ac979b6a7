//! The download page of an output folder (`index.html`): every framework
//! whose files are in the folder, with links to them, their sizes and page
//! counts. Made after each run from what the manifest records: each
//! framework's listing (kept from the run that last built it, so a build
//! of one source keeps the others on the page) and the files as they are.
//! Written atomically, and only when it changes, so the same folder always
//! gives the same bytes.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::Output;
use super::manifest::Manifest;
use crate::model::Framework;
use crate::plan::listing::{self, Built};
use crate::render::html::site;

/// The page's file name inside the output folder.
pub const FILE_NAME: &str = "index.html";

impl Output {
    /// Records what the download page says of `fw`, with its files in the
    /// folder now (call it after building them).
    pub(super) fn record_listing(&self, fw: &Framework) -> Result<(), String> {
        let built = |name: &str| {
            let manifest = self.manifest.lock().ok()?;
            manifest.get(name).map(|e| Built { bytes: e.bytes, pages: e.pages, sha256: e.sha256.clone() })
        };
        let listing = serde_json::to_value(listing::build(fw, &built)).map_err(|e| e.to_string())?;
        self.update_manifest(|m| m.record_listing(fw.framework.id.as_str(), listing))
    }

    /// Writes the download page with the HTML templates of the project at
    /// `root`. Returns its path when it changed; `None` when it was already
    /// up to date or there is nothing to list.
    pub fn write_index(&self, root: &Path) -> Result<Option<PathBuf>, String> {
        let frameworks: Vec<Value> = {
            let manifest = self.manifest.lock().map_err(|_| "a thread failed while updating the manifest".to_string())?;
            manifest.listings().values().filter_map(|listing| present(listing, &manifest)).collect()
        };
        if frameworks.is_empty() {
            return Ok(None);
        }
        let bytes = site::index(root, &frameworks).map_err(|e| format!("the download page: {e}"))?;
        let path = self.dir.join(FILE_NAME);
        if std::fs::read(&path).is_ok_and(|old| old == bytes) {
            return Ok(None);
        }
        crate::files::write_atomically(&path, &bytes, false)?;
        Ok(Some(path))
    }
}

/// `listing` with only the files still in the folder as it recorded them
/// (same SHA-256, so sizes and page counts are true); `None` when no file
/// of the framework is left.
fn present(listing: &Value, manifest: &Manifest) -> Option<Value> {
    let mut listing = listing.clone();
    let keep_files = |pack: &mut Value| -> bool {
        let Some(Value::Array(files)) = pack.get_mut("files") else { return false };
        files.retain(|f| {
            let entry = f["name"].as_str().and_then(|name| manifest.get(name));
            entry.is_some_and(|e| f["sha256"].as_str() == Some(e.sha256.as_str()))
        });
        !files.is_empty()
    };
    if let Some(Value::Array(packs)) = listing.get_mut("packs") {
        packs.retain_mut(keep_files);
    }
    if let Some(full) = listing.get_mut("full").filter(|f| !f.is_null())
        && !keep_files(full)
    {
        *full = Value::Null;
    }
    let any = listing["packs"].as_array().is_some_and(|p| !p.is_empty()) || !listing["full"].is_null();
    any.then_some(listing)
}
