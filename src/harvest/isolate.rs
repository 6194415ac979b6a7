//! Every returned file is read in a worker process, so that whatever one
//! file does costs only that file.
//!
//! The readers guard against what is known ([`super::limits`]), but a file
//! made to hurt may find what no guard foresaw, inside a dependency: a
//! stack overflow aborts the whole process and cannot be caught inside
//! it, and memory or time spent without end is no better. So `harvest`
//! starts one worker per core (`framewright harvest-worker`, the same
//! binary), hands each a file at a time and waits for its answer with a
//! deadline ([`limits::FILE_SECONDS`]); a worker runs with a memory cap
//! (its share of [`limits::WORKERS_MEMORY`], counted by the allocator:
//! [`crate::memory`]). A worker that dies or overruns is
//! killed, its file gets a "damaged" entry saying what happened, and a
//! fresh worker takes the next file. Workers live for the whole run, so
//! the cost is two process starts, not one per file (measured in
//! `docs/performance.md`).
//!
//! The worker's protocol: the parent writes a path and a NUL byte (a path
//! cannot hold NUL); the worker answers with one line of JSON, a
//! [`Outcome`]. The same JSON is what a shard of a harvest keeps
//! ([`super::shard`]).

use std::io::{BufRead, BufReader, Read as _, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::limits;
use super::read::{self, FileFormat, Outcome, Unusable};

/// The subcommand that makes the binary a worker.
pub const WORKER_COMMAND: &str = "harvest-worker";

/// One input, as the log names it, and what reading it gave.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReadFile {
    pub file: String,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// Where files are read.
#[derive(Clone, Debug)]
pub enum Isolation {
    /// In worker processes of this executable (what the CLI does).
    Process(PathBuf),
    /// In this process: for the library's own tests and callers that
    /// trust their files. A stack overflow here takes the process down.
    InProcess,
}

impl Isolation {
    /// Workers of the running executable, which must be framewright's.
    pub fn this_executable() -> Result<Self, String> {
        std::env::current_exe()
            .map(Isolation::Process)
            .map_err(|e| format!("cannot find framewright's own executable to start workers: {e}"))
    }
}

/// Reads every file, in order, each in isolation.
pub fn read_all(files: &[PathBuf], isolation: &Isolation) -> Vec<ReadFile> {
    let outcomes = match isolation {
        Isolation::InProcess => {
            use rayon::prelude::*;
            files.par_iter().map(|path| read_here(path)).collect()
        }
        Isolation::Process(exe) => in_workers(files, exe),
    };
    files.iter().zip(outcomes).map(|(path, outcome)| ReadFile { file: path.display().to_string(), outcome }).collect()
}

/// Reads one file in this process; a panic in a reader is that file's.
fn read_here(path: &Path) -> Outcome {
    std::panic::catch_unwind(|| read::read_file(path)).unwrap_or_else(|_| Outcome {
        format: FileFormat::Other,
        identity: None,
        result: Err(Unusable::Damaged("framewright failed while reading this file (a bug: please report it)".into())),
    })
}

fn in_workers(files: &[PathBuf], exe: &Path) -> Vec<Outcome> {
    let slots: Vec<Mutex<Option<Outcome>>> = files.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len().max(1));
    let cap = limits::worker_memory(workers);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                let mut worker: Option<Worker> = None;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    let read = match worker.take().map_or_else(|| Worker::start(exe, cap), Ok) {
                        Ok(mut w) => w.read(path).map(|outcome| (outcome, w)),
                        Err(e) => Err(e),
                    };
                    // A worker that failed on a file is gone: the next file starts a fresh one.
                    let outcome = match read {
                        Ok((outcome, w)) => {
                            worker = Some(w);
                            outcome
                        }
                        Err(failure) => Outcome { format: sniff(path), identity: None, result: Err(failure) },
                    };
                    *slots[i].lock().expect("no reader panics holding a slot") = Some(outcome);
                }
                if let Some(w) = worker {
                    w.finish();
                }
            });
        }
    });
    slots.into_iter().map(|s| s.into_inner().expect("no reader panics holding a slot").expect("every file read")).collect()
}

/// The kind of a file a worker could not read, by its first bytes; only
/// a regular file is opened (a pipe would wait for a writer for ever).
fn sniff(path: &Path) -> FileFormat {
    let mut head = Vec::new();
    if std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        let _ = std::fs::File::open(path).map(|f| f.take(1024).read_to_end(&mut head));
    }
    read::sniff(&head)
}

/// One worker process and the threads that listen to it.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
    /// What the worker wrote to stderr (the first 64 KiB): how it died.
    stderr: Arc<Mutex<Vec<u8>>>,
    /// Its memory cap in bytes.
    cap: u64,
}

impl Worker {
    fn start(exe: &Path, cap: u64) -> Result<Worker, Unusable> {
        let mut child = Command::new(exe)
            .args([WORKER_COMMAND, "--memory", &cap.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                Unusable::Damaged(format!("framewright could not start a worker to read this file ({e}); run the harvest again"))
            })?;
        let stdin = child.stdin.take().expect("piped");
        let stdout = child.stdout.take().expect("piped");
        let mut err = child.stderr.take().expect("piped");
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = err.read(&mut buf) {
                let mut kept = kept.lock().expect("no panics holding stderr");
                let room = (64 * 1024usize).saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
            }
        });
        Ok(Worker { child, stdin, lines, stderr, cap })
    }

    /// Reads `path`; `Err` is the file's failure when the worker died on it.
    fn read(&mut self, path: &Path) -> Result<Outcome, Unusable> {
        let mut request = path.as_os_str().as_encoded_bytes().to_vec();
        request.push(0);
        if self.stdin.write_all(&request).and_then(|()| self.stdin.flush()).is_err() {
            return Err(self.died());
        }
        match self.lines.recv_timeout(Duration::from_secs(limits::FILE_SECONDS)) {
            Ok(line) => serde_json::from_str(&line).map_err(|e| {
                Unusable::Damaged(format!("framewright's worker gave an answer it cannot read ({e}); a bug: please report it"))
            }),
            Err(RecvTimeoutError::Timeout) => {
                self.stop();
                Err(Unusable::Damaged(format!(
                    "reading it took longer than {} seconds (a pack takes milliseconds); it was not made by a form filler: \
                     ask for the file again",
                    limits::FILE_SECONDS
                )))
            }
            Err(RecvTimeoutError::Disconnected) => Err(self.died()),
        }
    }

    /// Why the worker ended, as the file's failure.
    fn died(&mut self) -> Unusable {
        let status = self.child.wait().ok();
        // The stderr thread may still be copying the last words.
        std::thread::sleep(Duration::from_millis(20));
        let said = String::from_utf8_lossy(&self.stderr.lock().expect("no panics holding stderr")).into_owned();
        let signal = status.as_ref().and_then(signal);
        Unusable::Damaged(if said.contains("overflowed its stack") || signal == Some(SIGSEGV) {
            // Rust reports an overflow of the main thread's stack as a
            // segmentation fault when the guard page is not its own.
            "reading it crashed framewright's reader (a stack overflow or a segmentation fault: something in it is nested far \
             deeper than any form); it was not made by a form filler: ask for the file again"
                .into()
        } else if said.contains("memory allocation") || said.contains("out of memory") || said.contains("capacity overflow") {
            return Unusable::too_much_memory(self.cap);
        } else {
            let how = status.map_or_else(|| "an unknown way".to_string(), |s| s.to_string());
            format!(
                "framewright's reader stopped on it ({how}); it was not made by a form filler: ask for the file again \
                 (if it was, please report it)"
            )
        })
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Closes the worker's input, which ends it.
    fn finish(self) {
        let Worker { mut child, stdin, .. } = self;
        drop(stdin);
        let _ = child.wait();
    }
}

const SIGSEGV: i32 = 11;

/// The signal that ended a process, where the platform has signals.
fn signal(status: &std::process::ExitStatus) -> Option<i32> {
    #[cfg(unix)]
    {
        std::os::unix::process::ExitStatusExt::signal(status)
    }
    #[cfg(not(unix))]
    {
        let _ = status;
        None
    }
}

/// The worker's side: reads NUL-ended paths from stdin and answers each
/// with one line of JSON on stdout, allocating at most `memory` bytes.
pub fn worker_main(memory: u64) -> i32 {
    crate::memory::cap(usize::try_from(memory).unwrap_or(usize::MAX));
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut path = Vec::new();
    loop {
        path.clear();
        match input.read_until(0, &mut path) {
            Ok(0) | Err(_) => return 0,
            Ok(_) => {}
        }
        if path.pop() != Some(0) {
            return 0;
        }
        // SAFETY of the encoding: the bytes came from `as_encoded_bytes`
        // of an OsStr in the parent, the same binary on the same platform.
        let os = unsafe { std::ffi::OsStr::from_encoded_bytes_unchecked(&path) };
        let outcome = read_here(Path::new(os));
        let line = serde_json::to_string(&outcome).expect("an outcome serialises");
        if writeln!(out, "{line}").and_then(|()| out.flush()).is_err() {
            return 0;
        }
    }
}
