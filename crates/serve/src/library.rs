//! What the service asks of the document library. The service holds no
//! second copy of the plan, the HTML edition, the harvest's readers, the
//! analysis or the reports: it stores what people send and hands it to
//! the library as files, exactly as `framewright harvest` would be given
//! them, so the same answers give the same bytes either way.
//!
//! The library is a trait because the `framewright` binary, which holds
//! the library, is the one that runs the service (`framewright serve`):
//! this crate cannot depend on it, so it implements this trait for it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub trait Library: Send + Sync + 'static {
    /// Builds the HTML edition of every pack of the project's sources into
    /// `site` (the download page's listing of each framework beside them).
    fn build(&self, site: &Path) -> Result<Catalogue, String>;
    /// Builds the personalised HTML edition of each person on the staff
    /// list `csv` (as `build --staff` does) into `site`: each person's
    /// pack and file, in the list's order; a bad row is an error naming it.
    fn build_people(&self, framework: &str, csv: &Path, site: &Path) -> Result<Vec<PersonalPack>, String>;
    /// Harvests the answers files and returned forms in `job.inputs` into
    /// `job.out` as `framewright harvest` does.
    fn harvest(&self, job: &HarvestJob) -> Result<(), String>;
    /// Merges settings' `summary.json` files into `out` as
    /// `framewright harvest --merge … [--settings FILE]` does.
    fn merge(&self, summaries: &[PathBuf], settings: Option<&Path>, out: &Path) -> Result<(), String>;
    /// What changed in the edition of `framework` now built since the one
    /// before it (the edition its source names as `previous`), worded for
    /// the notices of a new edition; `None` when the source names none.
    fn edition_changes(&self, framework: &str) -> Result<Option<EditionChanges>, String>;
    /// The words of the service's own pages: the `[serve]` table of the
    /// project's strings, worded for nobody in particular.
    fn words(&self) -> serde_json::Map<String, serde_json::Value>;
    /// The largest answers file `harvest` reads: the most a send may hold.
    fn answers_limit(&self) -> usize;
    /// The largest returned file `harvest` reads: the most an upload may hold.
    fn file_limit(&self) -> usize;
}

/// What changed since the edition before, a line of plain text per change
/// ("Statement l2-01: Reworded. This changes the self-assessment."), in
/// the framework's language.
#[derive(Clone, Debug, Default)]
pub struct EditionChanges {
    /// The version of the edition before.
    pub since: String,
    /// Every change (the full edition's list).
    pub all: Vec<String>,
    /// The changes that concern the packs of each role, by role id: those
    /// touching its level and the levels it assumes.
    pub roles: BTreeMap<String, Vec<String>>,
}

/// A harvest of one collection.
#[derive(Clone, Debug)]
pub struct HarvestJob {
    /// A folder of the collection's submissions, one file each, named so
    /// that their order is the order they arrived in.
    pub inputs: PathBuf,
    pub out: PathBuf,
    /// The framework harvested against (`--source` of its source).
    pub framework: String,
    /// The setting's name (`--setting`).
    pub setting: String,
    /// The staff list, when the collection has one (`--staff`).
    pub staff: Option<PathBuf>,
    /// Staff expected, when there is no list (`--expected`).
    pub expected: Option<u64>,
}

/// One person's personalised pack.
#[derive(Clone, Debug)]
pub struct PersonalPack {
    pub name: String,
    pub email: Option<String>,
    pub job_title: Option<String>,
    /// The pack's id (the role or level pack's, then the person's name).
    pub pack: String,
    /// Its HTML edition's file name in the site folder.
    pub file: String,
}

/// The frameworks built, as the download page lists them.
#[derive(Clone, Debug, Default)]
pub struct Catalogue {
    pub frameworks: Vec<Listing>,
}

impl Catalogue {
    pub fn framework(&self, id: &str) -> Option<&Listing> {
        self.frameworks.iter().find(|f| f.framework.id == id)
    }
}

/// The part of a framework's download-page listing (`plan::listing` of
/// the library, as the manifest keeps it) that the service shows.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Listing {
    pub framework: Brief,
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub levels: Vec<Level>,
    #[serde(default)]
    pub packs: Vec<Pack>,
    /// The full edition, when a file of it is built.
    #[serde(default)]
    pub full: Option<Pack>,
    /// The fields the download page asks before it gives the files
    /// (`name`, `email`, `organisation`, `role`, `job_title`,
    /// `setting_type`); empty: the files are free to download.
    #[serde(default)]
    pub registration: Vec<String>,
    /// The earlier editions the site's archive keeps, newest first, each
    /// with its files (named by their path in the site: `archive/…`).
    #[serde(default)]
    pub earlier: Vec<Listing>,
    /// The download page's words (the `[download]` table of the library's
    /// wording, the page `build` writes reads the same), worded for this
    /// framework and edition in its language.
    #[serde(default)]
    pub text: BTreeMap<String, serde_json::Value>,
    /// The languages the files are built in, the listing's own first.
    #[serde(default)]
    pub languages: Vec<Language>,
    /// The listing worded in each other language it is built in, by
    /// language tag: the same packs and files.
    #[serde(default)]
    pub translations: BTreeMap<String, Listing>,
}

/// A language files are built in, or a bilingual file's two.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Language {
    /// Its tag (`cy`), for `hreflang` and `?lang=`; a bilingual file's
    /// first language's.
    pub tag: String,
    /// Its name in itself ("Cymraeg"); a bilingual file's two languages
    /// named in the listing's language ("Welsh and English").
    pub name: String,
    /// A bilingual file's second language (its tag).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Brief {
    pub id: String,
    pub title: String,
    pub version: String,
    pub language: String,
    /// Who publishes it: the consent text names them.
    #[serde(default)]
    pub publisher: String,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Role {
    pub id: String,
    pub name: String,
    /// "Typical roles: …": the job titles the role covers.
    pub examples_text: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Level {
    pub id: String,
    pub name: String,
    pub audience: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Pack {
    pub id: String,
    pub title: String,
    /// `level:<id>` or `role:<id>`.
    pub who: String,
    pub files: Vec<PackFile>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct PackFile {
    pub format: String,
    pub name: String,
    /// The link's words: "PDF, 12 pages, 340 KB".
    #[serde(default)]
    pub text: String,
    /// The file's language.
    #[serde(default)]
    pub language: Option<Language>,
}

impl Listing {
    /// Every pack with a file built, the full edition last.
    pub fn all_packs(&self) -> impl Iterator<Item = &Pack> {
        self.packs.iter().chain(&self.full)
    }

    /// The listing worded in language `tag` where it is built in it, else itself.
    pub fn in_language(&self, tag: Option<&str>) -> &Listing {
        tag.and_then(|tag| self.translations.get(tag)).unwrap_or(self)
    }

    /// One of its download-page words, with `fallback` where it has none
    /// (a listing kept from an older build).
    pub fn word(&self, key: &str, fallback: &str) -> String {
        self.text.get(key).and_then(|w| w.as_str()).unwrap_or(fallback).to_string()
    }
}

impl Pack {
    /// The HTML edition's file name in the site folder.
    pub fn html(&self) -> Option<&str> {
        self.files.iter().find(|f| f.format == "html").map(|f| f.name.as_str())
    }
}
