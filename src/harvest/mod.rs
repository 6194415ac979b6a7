//! Harvest: reading completed forms back (`framewright harvest`). Packs go
//! out, people fill them in whatever program they have, the files come
//! back; this reads them, matches each to the framework and pack it came
//! from, and writes the responses, a log of every file and the training
//! needs analysis.
//!
//! - [`read`]: one file (PDF, Word, the HTML edition's answers) → answers by field key
//! - [`matching`]: the sources, and the pack plan a form's identity names
//! - [`submission`]: a matched form → one person's rows
//! - [`dedupe`]: the same person twice
//! - [`output`]: `responses.csv` and `harvest.json`
//! - [`summary`]: the exact counts a setting sends the council, and their merge
//! - [`publish`], [`disclosure`]: what is published of them, small counts hidden

pub mod analysis;
pub mod dates;
pub mod dedupe;
pub mod disclosure;
pub mod inputs;
pub mod log;
pub mod matching;
pub mod output;
pub mod publish;
pub mod read;
pub mod report;
pub mod submission;
pub mod summary;

use std::path::PathBuf;

use rayon::prelude::*;

use log::Entry;
use matching::Sources;
use read::{FileFormat, Unusable};
use submission::Submission;

/// Everything a harvest found.
pub struct Harvest {
    /// One entry per input, in input order.
    pub log: Vec<Entry>,
    /// The forms kept, in input order.
    pub submissions: Vec<Submission>,
    /// Forms left out as duplicates of a kept one.
    pub duplicates: Vec<Submission>,
}

impl Harvest {
    /// Whether any input could not be used.
    pub fn any_unusable(&self) -> bool {
        self.log.iter().any(|e| e.status.unusable())
    }
}

/// Reads every file (in parallel), matches and dedupes the forms.
pub fn harvest(files: &[PathBuf], sources: &Sources) -> Harvest {
    let read: Vec<(String, FileFormat, Result<read::Form, Unusable>)> = files
        .par_iter()
        .map(|path| {
            let name = path.display().to_string();
            match std::fs::read(path) {
                Ok(bytes) => {
                    let (format, form) = std::panic::catch_unwind(|| read::read(&bytes)).unwrap_or_else(|_| {
                        (
                            read::sniff(&bytes),
                            Err(Unusable::Corrupt("framewright failed while reading this file (a bug: please report it)".into())),
                        )
                    });
                    (name, format, form)
                }
                Err(e) => (name, FileFormat::Other, Err(Unusable::Corrupt(format!("cannot read the file: {e}")))),
            }
        })
        .collect();

    let mut slots: Vec<Option<Entry>> = Vec::with_capacity(read.len());
    let mut found = Vec::new();
    for (file, format, form) in read {
        let identity = form.as_ref().ok().and_then(|f| f.identity.clone());
        let matched = form.and_then(|form| {
            let id = form.identity.as_ref().expect("read gives forms with an identity");
            match sources.find(id) {
                Ok(m) => Ok(submission::build(file.clone(), format, form, &m)),
                Err(reason) => Err(Unusable::Foreign(reason)),
            }
        });
        match matched {
            Ok(s) => {
                found.push((slots.len(), s));
                slots.push(None);
            }
            Err(why) => slots.push(Some(Entry::unusable(file, format, identity, &why))),
        }
    }
    let by_file: std::collections::HashMap<String, usize> = found.iter().map(|(slot, s)| (s.file.clone(), *slot)).collect();
    let (submissions, duplicates) = dedupe::dedupe(found.into_iter().map(|(_, s)| s).collect());
    for s in &submissions {
        slots[by_file[&s.file]] = Some(Entry::harvested(s));
    }
    let mut dropped = Vec::new();
    for (s, entry) in duplicates {
        slots[by_file[&s.file]] = Some(entry);
        dropped.push(s);
    }
    Harvest { log: slots.into_iter().flatten().collect(), submissions, duplicates: dropped }
}
