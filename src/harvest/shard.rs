//! A harvest in parts, for more returns than one machine reads in good
//! time: `harvest --shard K/N` reads the K-th of N parts of the inputs and
//! keeps what it read in `shard-K-of-N.jsonl`; `harvest --combine` takes
//! the N parts and goes on exactly as one run over every input would, so
//! the outputs are the same bytes (`docs/harvest.md` runs it as a
//! Kubernetes Indexed Job and with GNU parallel).
//!
//! Reading is what costs (matching, the analysis and the reports take a
//! second for a hundred thousand forms), so it is the part split up. The
//! parts are cut from the sorted list of inputs, file `i` going to part
//! `i mod N`, so every shard that lists the same inputs cuts the same way
//! and the parts come out even; each part records a digest of the whole
//! list, so parts of different lists are never combined.
//!
//! The file: a first line naming the format, the shard and the list, then
//! one line per file read: its place in the whole list and the
//! [`ReadFile`] the worker gave.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use std::io::Write;

use super::isolate::{self, Isolation, ReadFile};

/// Names the format of a shard file (and its version).
pub const FORMAT: &str = "framewright-harvest-shard/1";

/// The K-th of N parts (K counted from 1, as `JOB_COMPLETION_INDEX + 1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub of: usize,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let fail = || format!("`{text}` is not a shard: write K/N, the K-th of N parts, with 1 ≤ K ≤ N (e.g. 2/8)");
        let (k, n) = text.split_once('/').ok_or_else(fail)?;
        let (index, of): (usize, usize) = (k.trim().parse().map_err(|_| fail())?, n.trim().parse().map_err(|_| fail())?);
        if index == 0 || index > of {
            return Err(fail());
        }
        Ok(Shard { index, of })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.of)
    }
}

impl Shard {
    /// This part's files of the whole sorted list, with their places in it.
    fn pick<'a>(&self, files: &'a [PathBuf]) -> Vec<(usize, &'a PathBuf)> {
        files.iter().enumerate().filter(|(i, _)| i % self.of == self.index - 1).collect()
    }

    /// The file a shard writes into its output folder.
    pub fn file_name(&self) -> String {
        format!("shard-{}-of-{}.jsonl", self.index, self.of)
    }
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: String,
    shard: usize,
    of: usize,
    /// How many inputs the whole list has, and its digest.
    inputs: usize,
    list: String,
}

#[derive(Serialize, Deserialize)]
struct Line {
    index: usize,
    #[serde(flatten)]
    read: ReadFile,
}

/// The digest of the whole list of inputs: the same list, the same cut.
fn list_digest(files: &[PathBuf]) -> String {
    crate::digest::sha256_parts(files.iter().map(|f| f.as_os_str().as_encoded_bytes()))
}

/// How many files a shard reads before writing their lines out: what it
/// holds in memory at once, however many files it has.
const BATCH: usize = 256;

/// Reads this shard's part of `files` (the whole sorted list) into `out`,
/// a batch at a time; gives how many files it read and how many of them
/// could not be used.
pub fn read_into(out: &mut impl Write, shard: Shard, files: &[PathBuf], isolation: &Isolation) -> std::io::Result<(usize, usize)> {
    let header = Header { format: FORMAT.into(), shard: shard.index, of: shard.of, inputs: files.len(), list: list_digest(files) };
    serde_json::to_writer(&mut *out, &header)?;
    out.write_all(b"\n")?;
    let picked = shard.pick(files);
    let mut unusable = 0;
    for batch in picked.chunks(BATCH) {
        let paths: Vec<PathBuf> = batch.iter().map(|(_, p)| (*p).clone()).collect();
        for (&(index, _), read) in batch.iter().zip(isolate::read_all(&paths, isolation)) {
            unusable += usize::from(read.outcome.result.is_err());
            serde_json::to_writer(&mut *out, &Line { index, read })?;
            out.write_all(b"\n")?;
        }
    }
    Ok((picked.len(), unusable))
}

/// The shard files named, or found in the folders named.
fn shard_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|e| format!("cannot read the folder {}: {e}", path.display()))?;
            for entry in entries {
                let entry = entry.map_err(|e| format!("cannot read the folder {}: {e}", path.display()))?;
                let name = entry.file_name();
                let name = name.to_string_lossy();
                if name.starts_with("shard-") && name.ends_with(".jsonl") {
                    found.push(entry.path());
                }
            }
        } else {
            found.push(path.clone());
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

/// Every file of every shard, in the order of the whole list; `Err` when a
/// part is missing, repeated, damaged or cut from another list.
pub fn combine(paths: &[PathBuf]) -> Result<Vec<ReadFile>, String> {
    let files = shard_files(paths)?;
    let mut first: Option<(Header, PathBuf)> = None;
    let mut parts: Vec<Option<PathBuf>> = Vec::new();
    let mut places: Vec<Option<ReadFile>> = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut lines = text.lines().enumerate();
        let not_a_shard = |line: usize, e: &dyn fmt::Display| {
            format!("{}:{}: not a framewright harvest shard ({e}); run `harvest --shard` for that part again", path.display(), line + 1)
        };
        let header: Header = lines
            .next()
            .ok_or_else(|| not_a_shard(0, &"it is empty"))
            .and_then(|(n, l)| serde_json::from_str(l).map_err(|e| not_a_shard(n, &e)))?;
        if header.format != FORMAT {
            return Err(format!("{}: a shard in the format `{}`; this framewright reads `{FORMAT}`", path.display(), header.format));
        }
        match &first {
            None => {
                parts = vec![None; header.of];
                places = vec![None; header.inputs];
            }
            Some((h, other)) if (h.of, h.inputs, &h.list) != (header.of, header.inputs, &header.list) => {
                return Err(format!(
                    "{} and {} are parts of different harvests (another number of parts, or another list of inputs); \
                     combine the parts of one `harvest --shard K/N` run over the same inputs",
                    other.display(),
                    path.display()
                ));
            }
            Some(_) => {}
        }
        let slot = parts.get_mut(header.shard.wrapping_sub(1)).ok_or_else(|| not_a_shard(0, &"its shard number is out of range"))?;
        if let Some(other) = slot.replace(path.clone()) {
            return Err(format!("{} and {} are both part {} of {}; keep one", other.display(), path.display(), header.shard, header.of));
        }
        for (n, line) in lines {
            let line: Line = serde_json::from_str(line).map_err(|e| not_a_shard(n, &e))?;
            let place = places.get_mut(line.index).ok_or_else(|| not_a_shard(n, &"a file's place is out of range"))?;
            *place = Some(line.read);
        }
        first.get_or_insert((header, path.clone()));
    }
    if first.is_none() {
        return Err("no shard files (shard-K-of-N.jsonl) found in what --combine names".into());
    }
    let missing: Vec<String> = parts.iter().enumerate().filter(|(_, p)| p.is_none()).map(|(k, _)| (k + 1).to_string()).collect();
    if !missing.is_empty() {
        return Err(format!(
            "parts {} of {} are missing; run `harvest --shard K/{}` for each",
            missing.join(", "),
            parts.len(),
            parts.len()
        ));
    }
    let cut = places.iter().filter(|p| p.is_none()).count();
    if cut > 0 {
        return Err(format!("{cut} file(s) of the list are in no part: a shard file was cut short; run its `harvest --shard` again"));
    }
    Ok(places.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_cut_the_list_evenly() {
        assert_eq!("2/8".parse::<Shard>(), Ok(Shard { index: 2, of: 8 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let files: Vec<PathBuf> = (0..7).map(|i| PathBuf::from(format!("{i}.pdf"))).collect();
        let cut: Vec<Vec<usize>> = (1..=3).map(|k| Shard { index: k, of: 3 }.pick(&files).into_iter().map(|(i, _)| i).collect()).collect();
        assert_eq!(cut, [vec![0, 3, 6], vec![1, 4], vec![2, 5]]);
    }
}
