//! The download page of an output folder (`index.html`): every framework
//! whose files are in the folder, with links to them, their sizes and page
//! counts. Made after each run from what the manifest records: each
//! framework's listing (kept from the run that last built it, so a build
//! of one source keeps the others on the page) and the files as they are.
//! Under each framework, its earlier editions kept in the folder's archive
//! (`archive.rs`), newest first. Written atomically, and only when it
//! changes, so the same folder always gives the same bytes.
//!
//! A framework built in several languages lists each pack once with its
//! files in every language (a bilingual pack's files too, in both of
//! theirs), and has a listing worded in each (under
//! `translations`, by language tag, in the listing of its own language):
//! the page is written in each language the frameworks are listed in,
//! `index.html` in the first framework's own and `index.LANG.html` in the
//! others, each linking to the others.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::Output;
use super::manifest::Manifest;
use crate::model::Framework;
use crate::plan::listing::{self, Built, Files};
use crate::plan::naming::safe_stem;
use crate::render::html::site;

/// The page's file name inside the output folder.
pub const FILE_NAME: &str = "index.html";

/// Whether `name` is a file the download page is written to: `index.html`
/// or `index.LANG.html`. No pack may be.
pub(super) fn is_page(name: &str) -> bool {
    name == FILE_NAME || name.strip_prefix("index.").and_then(|rest| rest.strip_suffix(".html")).is_some_and(|tag| !tag.contains('.'))
}

/// The key of a listing's listings in other languages, by language tag.
const TRANSLATIONS: &str = "translations";

impl Output {
    /// Records what the download page says of a framework, with its files
    /// in the folder now (call it after building them) in each of
    /// `in_languages` (its own language first, then the other languages
    /// and pairs of languages it may be built in): worded in each language
    /// of them.
    pub(super) fn record_listing(&self, in_languages: &[Files]) -> Result<(), String> {
        let built = |name: &str| {
            let manifest = self.manifest.lock().ok()?;
            manifest.get(name).map(|e| Built { bytes: e.bytes, pages: e.pages, sha256: e.sha256.clone() })
        };
        let listing_in = |fw: &Framework| serde_json::to_value(listing::build(fw, in_languages, &built)).map_err(|e| e.to_string());
        let mut worded: Vec<&Framework> = Vec::new();
        for fw in in_languages.iter().flat_map(Files::frameworks) {
            if !worded.iter().any(|w| w.framework.language == fw.framework.language) {
                worded.push(fw);
            }
        }
        let Some((fw, others)) = worded.split_first() else { return Ok(()) };
        let mut listing = listing_in(fw)?;
        let mut translations = serde_json::Map::new();
        for other in others {
            translations.insert(other.framework.language.clone(), listing_in(other)?);
        }
        if !translations.is_empty() {
            listing[TRANSLATIONS] = Value::Object(translations);
        }
        self.update_manifest(|m| m.record_listing(fw.framework.id.as_str(), listing))
    }

    /// Writes the download page, in each language, with the HTML templates
    /// of the project at `root`. Returns the paths of the pages that
    /// changed: none when they were up to date or there is nothing to list.
    pub fn write_index(&self, root: &Path) -> Result<Vec<PathBuf>, String> {
        let pages = {
            let manifest = self.manifest.lock().map_err(|_| "a thread failed while updating the manifest".to_string())?;
            pages(&manifest)
        };
        let languages: Vec<site::Language> = pages.iter().map(|p| p.language.clone()).collect();
        let mut written = Vec::new();
        for page in &pages {
            let bytes = site::index(root, &page.frameworks, &page.language, &languages).map_err(|e| format!("the download page: {e}"))?;
            let path = self.dir.join(&page.language.file);
            if std::fs::read(&path).is_ok_and(|old| old == bytes) {
                continue;
            }
            crate::files::write_atomically(&path, &bytes, false)?;
            written.push(path);
        }
        Ok(written)
    }
}

/// The download page in one language.
pub(crate) struct Page {
    pub language: site::Language,
    /// Each framework as the page shows it in that language.
    pub frameworks: Vec<Value>,
}

/// The download page in each language the frameworks are listed in: first
/// the first framework's own (`index.html`), then the others by tag.
pub(crate) fn pages(manifest: &Manifest) -> Vec<Page> {
    let shown = shown(manifest);
    let Some(first) = shown.first() else { return Vec::new() };
    let own = first["framework"]["language"].as_str().unwrap_or_default().to_string();
    let mut others: BTreeSet<&String> =
        shown.iter().flat_map(|fw| fw[TRANSLATIONS].as_object().into_iter().flat_map(|t| t.keys())).collect();
    others.remove(&own);
    std::iter::once(&own)
        .chain(others)
        .map(|tag| {
            let frameworks: Vec<Value> = shown.iter().map(|fw| in_language(fw, tag)).collect();
            let file = if *tag == own { FILE_NAME.to_string() } else { format!("index.{}.html", safe_stem(tag)) };
            let name = site::words(&frameworks, tag).and_then(|w| w["language_name"].as_str()).unwrap_or(tag).to_string();
            Page { language: site::Language { tag: tag.clone(), name, file }, frameworks }
        })
        .collect()
}

/// Framework `fw` (as [`shown`]) as the page in `language` shows it: its
/// listing worded in that language where it has one, else its own, and its
/// earlier editions likewise.
fn in_language(fw: &Value, language: &str) -> Value {
    let worded = |listing: &Value| {
        let mut worded = listing[TRANSLATIONS].get(language).unwrap_or(listing).clone();
        if let Some(listing) = worded.as_object_mut() {
            listing.remove(TRANSLATIONS);
        }
        worded
    };
    let mut shown = worded(fw);
    shown["earlier"] = Value::Array(fw["earlier"].as_array().into_iter().flatten().map(worded).collect());
    shown
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
/// with a file left; its listings in other languages likewise.
pub(super) fn on_disk(listing: &Value, manifest: &Manifest) -> Value {
    let mut listing = listing.clone();
    keep_on_disk(&mut listing, manifest);
    listing
}

fn keep_on_disk(listing: &mut Value, manifest: &Manifest) {
    for files in file_lists(listing) {
        files.retain(|f| {
            let entry = f["name"].as_str().and_then(|name| manifest.get(name));
            entry.is_some_and(|e| f["sha256"].as_str() == Some(e.sha256.as_str()))
        });
    }
    without_empty_packs(listing);
}

/// `listing` (and its listings in other languages) without the packs that
/// have no file left.
fn without_empty_packs(listing: &mut Value) {
    if let Some(Value::Object(translations)) = listing.get_mut(TRANSLATIONS) {
        translations.values_mut().for_each(without_empty_packs);
    }
    if let Some(Value::Array(packs)) = listing.get_mut("packs") {
        packs.retain(|pack| !pack["files"].as_array().is_none_or(Vec::is_empty));
    }
    if listing["full"]["files"].as_array().is_none_or(Vec::is_empty) {
        listing["full"] = Value::Null;
    }
}

fn has_files(listing: &Value) -> bool {
    listing["packs"].as_array().is_some_and(|p| !p.is_empty()) || !listing["full"].is_null()
}

/// The lists of files of a listing: each pack's and the full edition's,
/// and those of its listings in other languages.
pub(super) fn file_lists(listing: &mut Value) -> Vec<&mut Vec<Value>> {
    let mut packs: Vec<&mut Value> = Vec::new();
    let mut translated = Vec::new();
    for (key, value) in listing.as_object_mut().into_iter().flatten() {
        match (key.as_str(), value) {
            ("packs", Value::Array(list)) => packs.extend(list.iter_mut()),
            ("full", full @ Value::Object(_)) => packs.push(full),
            (TRANSLATIONS, Value::Object(others)) => translated.extend(others.values_mut().flat_map(file_lists)),
            _ => {}
        }
    }
    let mut lists: Vec<&mut Vec<Value>> = packs
        .into_iter()
        .filter_map(|pack| match pack.get_mut("files") {
            Some(Value::Array(files)) => Some(files),
            _ => None,
        })
        .collect();
    lists.extend(translated);
    lists
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
    use super::{is_page, newest_first};

    #[test]
    fn the_download_page_in_any_language_is_no_packs_file() {
        assert!(is_page("index.html") && is_page("index.cy.html"));
        assert!(!is_page("index-cy.html") && !is_page("level-1.index.html") && !is_page("index.level-1.cy.html"));
    }

    #[test]
    fn versions_order_newest_first() {
        let mut versions = vec!["1.9", "1.10", "2.0", "10", "1.0", "1.0-draft", "2019", "007"];
        versions.sort_by(|a, b| newest_first(a, b));
        assert_eq!(versions, ["2019", "10", "007", "2.0", "1.10", "1.9", "1.0-draft", "1.0"]);
    }
}
