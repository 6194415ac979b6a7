//! The limits a returned file must keep within, each written once.
//!
//! `harvest` reads whatever people send back, and `serve` will read
//! uploads from the internet; a file made to hurt (nested a million levels
//! deep, a stream that inflates to gigabytes) must cost only itself. These
//! limits sit far above anything a form filler writes (the biggest sample
//! pack is a 1.2 MB PDF whose fields nest 2 levels deep, or a 3 MB
//! `document.xml`) and far below what would hurt the run. Each one has its
//! own message saying what to do; `docs/harvest.md` has the table, and a
//! test checks that every limit here is in it.
//!
//! In-process guards come first, so that each limit has its own message;
//! behind them, every file is read in a worker process with a memory and a
//! time limit ([`super::isolate`]), which catches what no guard foresaw (a
//! stack overflow cannot be caught inside a process).

const MIB: u64 = 1024 * 1024;

/// The largest PDF read (the biggest sample pack is 1.2 MB).
pub const PDF_BYTES: u64 = 64 * MIB;
/// The largest Word file read (the biggest sample pack is 0.3 MB).
pub const DOCX_BYTES: u64 = 32 * MIB;
/// The largest answers file read (the biggest pack's answers, every box
/// filled with a long paragraph, are about 200 KB).
pub const ANSWERS_BYTES: u64 = 4 * MIB;
/// The largest `summary.json` a council reads with `--merge` (a summary of
/// the biggest sample framework is about 60 KB).
pub const SUMMARY_BYTES: u64 = 16 * MIB;
/// How deep arrays and dictionaries of a PDF may nest (a pack's nest 5).
pub const PDF_NESTING: usize = 64;
/// The most one PDF stream may inflate to when harvest needs its content
/// (a text value, the XMP packet, an object stream).
pub const STREAM_INFLATED: u64 = 16 * MIB;
/// The most all the streams and parts of one file may inflate to.
pub const FILE_INFLATED: u64 = 128 * MIB;
/// The most entries a Word file's zip may have (a pack has 16).
pub const ZIP_ENTRIES: usize = 1_000;
/// The largest XML part of a Word file, unpacked.
pub const XML_PART: u64 = 64 * MIB;
/// The highest compression ratio of a zip entry over 1 MiB unpacked (XML
/// compresses 5–20 times; a zip bomb thousands of times).
pub const ZIP_RATIO: u64 = 200;
/// The size above which [`ZIP_RATIO`] applies.
pub const ZIP_RATIO_FROM: u64 = MIB;
/// How deep the XML elements of a Word part may nest (a pack's nest 12).
pub const XML_DEPTH: usize = 256;
/// The most XML nodes in one part (a pack's document has about 120,000).
pub const XML_NODES: u32 = 4_000_000;
/// The memory a harvest's workers may allocate together
/// ([`crate::memory`]), shared out among them: with the parent's own
/// (~100 MB for a thousand returns) a harvest stays under 1 GiB.
pub const WORKERS_MEMORY: u64 = 768 * MIB;
/// The least a worker gets, however many cores share [`WORKERS_MEMORY`]
/// (reading the biggest pack takes about 40 MiB).
pub const WORKER_MEMORY_MIN: u64 = 128 * MIB;
/// The time one file may take to read (a pack takes a few milliseconds).
pub const FILE_SECONDS: u64 = 10;

/// `bytes` as a person reads a size: "64 MiB", "4 MiB", "200 KiB".
pub fn size(bytes: u64) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 {
        format!("{} KiB", bytes.div_ceil(1024))
    } else {
        format!("{bytes} bytes")
    }
}

/// What each of `workers` workers may allocate.
pub fn worker_memory(workers: usize) -> u64 {
    (WORKERS_MEMORY / workers.max(1) as u64).max(WORKER_MEMORY_MIN)
}

/// Counts the bytes inflated for one file against [`FILE_INFLATED`].
/// A cell, so the readers' small helpers can share one without threading
/// a `&mut` through every call.
#[derive(Debug, Default)]
pub struct Budget {
    used: std::cell::Cell<u64>,
}

impl Budget {
    /// Takes `bytes` from the budget; `false` when the file has used it up.
    pub fn take(&self, bytes: u64) -> bool {
        self.used.set(self.used.get().saturating_add(bytes));
        self.used.get() <= FILE_INFLATED
    }

    /// What is left, for a reader that stops at it.
    pub fn left(&self) -> u64 {
        FILE_INFLATED.saturating_sub(self.used.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(PDF_BYTES), "64 MiB");
        assert_eq!(size(200 * 1024), "200 KiB");
        assert_eq!(size(12), "12 bytes");
        let budget = Budget::default();
        assert!(budget.take(FILE_INFLATED));
        assert_eq!(budget.left(), 0);
        assert!(!budget.take(1));
    }
}
