//! Harvest: reading completed forms back (`framewright harvest`). Packs go
//! out, people fill them in whatever program they have, the files come
//! back; this reads them, matches each to the framework and pack it came
//! from, and writes the responses, a log of every file and the training
//! needs analysis.
//!
//! [`run`] is the whole command for any front end (a harvest, a merge of
//! summaries, one shard of the inputs): steps in order, progress told to a
//! [`Reporter`], what stops it a [`HarvestError`].
//!
//! - `run`: the sequence of a harvest, its options, reporter and errors
//! - [`read`]: one file (PDF, Word, the HTML edition's answers) → answers by field key
//! - [`limits`]: how big, deep and slow a returned file may be
//! - [`isolate`]: every file read in a worker process, so one file's failure is its own
//! - [`shard`]: a K-th part of the inputs read on its own, the parts combined
//! - [`matching`]: the sources, and the pack plan a form's identity names
//! - [`submission`]: a matched form → one person's rows
//! - [`dedupe`]: the same person twice
//! - [`editions`]: returns on older editions, and what changed since
//! - [`chase`]: unusable files and, with a staff list, who has not returned
//! - [`output`]: `responses.csv` and `harvest.json`
//! - [`summary`]: the exact counts a setting sends the council, and their merge
//! - [`publish`], [`disclosure`]: what is published of them, small counts hidden
//! - [`language`]: the reports in another language than the sources' (`--lang`)

pub mod analysis;
pub mod chase;
pub mod dedupe;
pub mod disclosure;
pub mod editions;
pub mod inputs;
pub mod isolate;
pub mod language;
pub mod limits;
pub mod log;
pub mod matching;
pub mod output;
pub mod publish;
pub mod read;
pub mod report;
mod run;
pub mod shard;
pub mod submission;
pub mod summary;

pub use run::{Finished, HarvestError, HarvestOptions, Reporter, ShardRead, merge, read_shard, run};

use isolate::ReadFile;
use log::Entry;
use matching::Sources;
use read::Unusable;
use submission::Submission;

/// Everything a harvest found.
pub struct Harvest {
    /// One entry per input, in input order.
    pub log: Vec<Entry>,
    /// The forms kept, in input order.
    pub submissions: Vec<Submission>,
    /// Forms left out as duplicates of a kept one.
    pub duplicates: Vec<Submission>,
    /// Returns to chase: unusable files, and who has not returned ([`chase`]).
    pub chase: Vec<chase::Chase>,
}

impl Harvest {
    /// Whether any input could not be used.
    pub fn any_unusable(&self) -> bool {
        self.log.iter().any(|e| e.status.unusable())
    }
}

/// Matches the forms read (in input order) to their packs and dedupes them.
pub fn harvest(read: Vec<ReadFile>, sources: &Sources) -> Harvest {
    let mut slots: Vec<Option<Entry>> = Vec::with_capacity(read.len());
    let mut found = Vec::new();
    for ReadFile { file, outcome } in read {
        let (format, identity, form) = (outcome.format, outcome.identity, outcome.result);
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
    Harvest { log: slots.into_iter().flatten().collect(), submissions, duplicates: dropped, chase: Vec::new() }
}
