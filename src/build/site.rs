//! The download page of an output folder (`index.html`): every framework
//! whose files are in the folder, with links to them, their sizes and page
//! counts. Made after each run from what the manifest records: each
//! framework's listing (kept from the run that last built it, so a build
//! of one source keeps the others on the page) and the files as they are.
//! Under each framework, its earlier editions kept in the folder's archive
//! (`archive.rs`), newest first. Written atomically, and only when it
//! changes, so the same folder always gives the same bytes.

use std::cmp::Ordering;
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
            shown(&manifest)
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

/// What the download page shows: each framework's listing with its
/// earlier editions (`framewright serve`'s download page shows the same).
pub(crate) fn shown(manifest: &Manifest) -> Vec<Value> {
    manifest.listings().iter().filter_map(|(id, listing)| with_earlier(id, listing, manifest)).collect()
}

/// What the page shows of framework `id`: its listing with the files in
/// the folder, and `earlier`, its archived editions of other versions
/// (newest first) with theirs; `None` when it has no file left.
fn with_earlier(id: &str, listing: &Value, manifest: &Manifest) -> Option<Value> {
    let version = listing["framework"]["version"].as_str();
    let mut editions: Vec<(&String, &Value)> =
        manifest.archive().get(id).into_iter().flatten().filter(|(v, _)| Some(v.as_str()) != version).collect();
    editions.sort_by(|(a, _), (b, _)| newest_first(a, b));
    let earlier: Vec<Value> = editions.into_iter().map(|(_, l)| on_disk(l, manifest)).filter(has_files).collect();
    let mut shown = on_disk(listing, manifest);
    if !has_files(&shown) && earlier.is_empty() {
        return None;
    }
    shown["earlier"] = Value::Array(earlier);
    Some(shown)
}

/// `listing` with only the files still in the folder as it recorded them
/// (same SHA-256, so sizes and page counts are true), and only the packs
/// with a file left.
pub(super) fn on_disk(listing: &Value, manifest: &Manifest) -> Value {
    let mut listing = listing.clone();
    for files in file_lists(&mut listing) {
        files.retain(|f| {
            let entry = f["name"].as_str().and_then(|name| manifest.get(name));
            entry.is_some_and(|e| f["sha256"].as_str() == Some(e.sha256.as_str()))
        });
    }
    if let Some(Value::Array(packs)) = listing.get_mut("packs") {
        packs.retain(|pack| !pack["files"].as_array().is_none_or(Vec::is_empty));
    }
    if listing["full"]["files"].as_array().is_none_or(Vec::is_empty) {
        listing["full"] = Value::Null;
    }
    listing
}

fn has_files(listing: &Value) -> bool {
    listing["packs"].as_array().is_some_and(|p| !p.is_empty()) || !listing["full"].is_null()
}

/// The lists of files of a listing: each pack's and the full edition's.
pub(super) fn file_lists(listing: &mut Value) -> Vec<&mut Vec<Value>> {
    let mut packs: Vec<&mut Value> = Vec::new();
    for (key, value) in listing.as_object_mut().into_iter().flatten() {
        match (key.as_str(), value) {
            ("packs", Value::Array(list)) => packs.extend(list.iter_mut()),
            ("full", full @ Value::Object(_)) => packs.push(full),
            _ => {}
        }
    }
    packs
        .into_iter()
        .filter_map(|pack| match pack.get_mut("files") {
            Some(Value::Array(files)) => Some(files),
            _ => None,
        })
        .collect()
}

/// Orders versions newest first: runs of digits compare as numbers
/// ("1.10" after "1.9", "10" after "2"), the rest as text.
fn newest_first(a: &str, b: &str) -> Ordering {
    parts(b).cmp(&parts(a)).then_with(|| b.cmp(a))
}

/// A version in runs: a run of digits as (length without leading zeros,
/// digits), which orders numbers of any size; any other run as text.
fn parts(version: &str) -> Vec<(bool, usize, &str)> {
    let mut parts = Vec::new();
    let mut rest = version;
    while let Some(first) = rest.chars().next() {
        let digits = first.is_ascii_digit();
        let end = rest.find(|c: char| c.is_ascii_digit() != digits).unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        let run = if digits { run.trim_start_matches('0') } else { run };
        parts.push((digits, if digits { run.len() } else { 0 }, run));
        rest = tail;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::newest_first;

    #[test]
    fn versions_order_newest_first() {
        let mut versions = vec!["1.9", "1.10", "2.0", "10", "1.0", "1.0-draft", "2019", "007"];
        versions.sort_by(|a, b| newest_first(a, b));
        assert_eq!(versions, ["2019", "10", "007", "2.0", "1.10", "1.9", "1.0-draft", "1.0"]);
    }
}
