//! Reading a source file from disk, with the refusals that protect the
//! rest of the pipeline: not a file, too large, not UTF-8.

use std::fs;
use std::io::Read;
use std::path::Path;

/// Sources larger than this are refused before reading: the largest real
/// framework (~150 KB) is far below it, and it keeps a stray 50 MB file from
/// stalling a build.
pub const MAX_SOURCE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a path given on the command line could not be used at all: a usage
/// error (exit code 2), as opposed to a source with mistakes in it.
#[derive(Debug)]
pub struct UsageError(pub String);

/// Why a file could be opened but not read as a source (exit code 1).
#[derive(Debug)]
pub enum Unreadable {
    TooLarge(u64),
    NotUtf8 { line: usize, column: usize },
    Io(std::io::Error),
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::TooLarge(bytes) => write!(
                f,
                "the file is {:.1} MiB; framewright reads sources up to {} MiB",
                *bytes as f64 / 1048576.0,
                MAX_SOURCE_BYTES / 1048576
            ),
            Unreadable::NotUtf8 { line, column } => {
                write!(f, "the file is not UTF-8 text (first bad byte at line {line}, column {column}); save it as UTF-8")
            }
            Unreadable::Io(e) => write!(f, "the file could not be read: {e}"),
        }
    }
}

/// Reads `path` as UTF-8 text.
pub fn read_source(path: &Path) -> Result<Result<String, Unreadable>, UsageError> {
    let shown = path.display();
    let meta = fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => UsageError(format!("{shown}: no such file")),
        _ => UsageError(format!("{shown}: {e}")),
    })?;
    if meta.is_dir() {
        return Err(UsageError(format!("{shown} is a folder; give a source file such as {shown}/framework.toml")));
    }
    if meta.len() > MAX_SOURCE_BYTES {
        return Ok(Err(Unreadable::TooLarge(meta.len())));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    let file = fs::File::open(path).map_err(|e| UsageError(format!("{shown}: {e}")))?;
    // Read at most one byte past the limit, in case the file grew since `metadata`.
    if let Err(e) = file.take(MAX_SOURCE_BYTES + 1).read_to_end(&mut bytes) {
        return Ok(Err(Unreadable::Io(e)));
    }
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Ok(Err(Unreadable::TooLarge(bytes.len() as u64)));
    }
    Ok(String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
        Unreadable::NotUtf8 { line, column }
    }))
}
