//! CASE packages: the serde types framewright writes (`model`), export
//! from a validated source, lenient reading (`read`) and import.

pub mod export;
pub mod import;
pub mod model;
pub mod read;

use std::path::Path;

pub use model::CaseVersion;

use super::{Failed, Report, draft::Draft};

/// Packages larger than this are refused before reading (a 10,000-item
/// package is about 6 MB).
pub const MAX_PACKAGE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads the CASE package at `path` into a draft source and its report.
pub fn import_file(path: &Path) -> Result<(Draft, Report), Failed> {
    let shown = path.display();
    let size = std::fs::metadata(path).map_err(|e| Failed(vec![format!("{shown}: {e}")]))?.len();
    if size > MAX_PACKAGE_BYTES {
        return Err(Failed(vec![format!(
            "{shown}: the file is {:.1} MiB; framewright reads CASE packages up to {} MiB",
            size as f64 / 1048576.0,
            MAX_PACKAGE_BYTES / 1048576
        )]));
    }
    let bytes = Bytes::read(path).map_err(|e| Failed(vec![format!("{shown}: {e}")]))?;
    let mut notes = read::Notes::default();
    let text = read::decode_bytes(bytes.as_slice(), &mut notes);
    let imported =
        import::import(text, notes).map_err(|errors| Failed(errors.into_iter().map(|e| place(&shown.to_string(), &e)).collect()))?;
    let report = Report { warnings: imported.warnings.iter().map(|w| place(&shown.to_string(), w)).collect(), lost: imported.lost };
    let mut draft = imported.draft;
    draft.header = report.header(&format!("the CASE package {} ({} items)", file_name(path), imported.items));
    Ok((draft, report))
}

/// A package's bytes: the file mapped into memory where it can be (the
/// kernel hands over its cached pages: no copy, and none of the 1,600 fresh
/// pages a 6.6 MB read costs at 2–3 µs each on this machine), else read.
/// The price, as for every program that maps its input (ripgrep does the
/// same for a single file): another program cutting the file short while
/// it is mapped stops the process (SIGBUS), and one rewriting it in place
/// changes text the import is reading (undefined behaviour in Rust's
/// terms). An import holds its package for the tenth of a second it takes;
/// a package being rewritten meanwhile could not be imported correctly
/// either way.
enum Bytes {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl Bytes {
    fn read(path: &Path) -> std::io::Result<Self> {
        let file = std::fs::File::open(path)?;
        // SAFETY: the map is only read, and lives no longer than `Bytes`.
        match unsafe { memmap2::MmapOptions::new().populate().map(&file) } {
            Ok(map) => Ok(Bytes::Mapped(map)),
            // Pipes, empty files and file systems without mapping are read,
            // from the file already open (a named pipe opened twice would
            // wait for a second writer).
            Err(_) => {
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut &file, &mut bytes)?;
                Ok(Bytes::Read(bytes))
            }
        }
    }

    fn as_slice(&self) -> &[u8] {
        match self {
            Bytes::Mapped(map) => map,
            Bytes::Read(bytes) => bytes,
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// `FILE:3:14: …` for a line and column, `FILE: CFItems[2]: …` otherwise.
fn place(file: &str, message: &str) -> String {
    if message.starts_with(|c: char| c.is_ascii_digit()) { format!("{file}:{message}") } else { format!("{file}: {message}") }
}
