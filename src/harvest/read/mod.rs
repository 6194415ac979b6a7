//! Reading one returned file: a PDF pack, a Word pack or the answers file
//! of the HTML edition, whatever program saved it. Reading never changes
//! the input; it gives the answers by [`FieldKey`] and the identity the
//! file carries, or says why the file cannot be used.

mod answers;
mod docx;
mod nesting;
mod pdf;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use answers::{ANSWERS_KEY, IDENTITY_KEY};

use super::limits;
use crate::plan::field::FieldKey;
use crate::plan::identity::PackIdentity;

/// The kind of file, told by its content (not its name).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    Pdf,
    Docx,
    Json,
    /// Anything else (an empty file, a spreadsheet, a zip).
    Other,
}

/// What a returned form holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Form {
    pub identity: Option<PackIdentity>,
    /// Every answer, by field. A rating holds the scale value as written
    /// (the radio button's export value, the ticked Word box's value);
    /// text holds every character typed. Empty fields are absent.
    pub answers: BTreeMap<FieldKey, String>,
    /// Every field the file has, answered or not: what tells a statement
    /// left unanswered from one the form never asked about.
    pub present: BTreeSet<FieldKey>,
    /// How many fillable fields the file has (0 when flattened).
    pub fields: usize,
    /// Mistakes in the form a person should look at (two ratings ticked
    /// in one Word row, a field whose name is not a framewright key).
    pub mistakes: Vec<String>,
    /// Things worth knowing that change nothing (encrypted without a
    /// password, a damaged cross-reference table that was rebuilt).
    pub notes: Vec<String>,
    /// What is broken in the file's structure (a PDF field tree that loops,
    /// cross-reference sections that loop): with no field read, the file is
    /// damaged rather than flattened.
    pub broken: Option<String>,
}

/// What reading one file gave: its kind, the identity it carries (also
/// when it cannot be used, so the log can name its pack and person), and
/// the form or why there is none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub format: FileFormat,
    pub identity: Option<PackIdentity>,
    pub result: Result<Form, Unusable>,
}

impl Outcome {
    fn failed(format: FileFormat, why: Unusable) -> Self {
        Outcome { format, identity: None, result: Err(why) }
    }
}

/// Why a file cannot be harvested.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", content = "reason", rename_all = "lowercase")]
pub enum Unusable {
    /// Not a framewright pack (or no file of a kind framewright reads).
    Foreign(String),
    /// A file that cannot be opened: cut short, not a zip, not JSON.
    Corrupt(String),
    /// A file that opens but whose structure is broken or beyond a limit
    /// of [`limits`] (nested too deep, a stream that inflates without end,
    /// a field tree that loops): no form filler makes one.
    Damaged(String),
    /// A PDF that needs a password to open.
    Encrypted(String),
    /// A pack printed or flattened to a PDF: its identity is there but no
    /// fields are left, so it holds no answers a program can read.
    Flattened(String),
}

impl Unusable {
    /// A file that needed more than `cap` bytes to read.
    pub fn too_much_memory(cap: u64) -> Self {
        Unusable::Damaged(format!(
            "reading it needed more than the {} of memory a file may take; it was not made by a form filler: ask for the file again",
            limits::size(cap)
        ))
    }

    /// A PDF stream (`what`) that inflates past a limit.
    fn inflates_too_far(what: &str) -> Self {
        Unusable::Damaged(format!(
            "{what} of the PDF inflates to more than {} (or the whole file to more than {}); it was not made by a form filler: \
             ask for the file again",
            limits::size(limits::STREAM_INFLATED),
            limits::size(limits::FILE_INFLATED)
        ))
    }

    /// The log status: "foreign", "corrupt", "encrypted", "flattened".
    pub fn status(&self) -> &'static str {
        match self {
            Unusable::Foreign(_) => "foreign",
            Unusable::Corrupt(_) => "corrupt",
            Unusable::Damaged(_) => "damaged",
            Unusable::Encrypted(_) => "encrypted",
            Unusable::Flattened(_) => "flattened",
        }
    }

    pub fn reason(&self) -> &str {
        match self {
            Unusable::Foreign(r) | Unusable::Corrupt(r) | Unusable::Damaged(r) | Unusable::Encrypted(r) | Unusable::Flattened(r) => r,
        }
    }
}

/// The kind of `bytes`, by their first bytes.
pub fn sniff(bytes: &[u8]) -> FileFormat {
    let head = &bytes[..bytes.len().min(1024)];
    if memchr::memmem::find(head, b"%PDF-").is_some() {
        FileFormat::Pdf
    } else if bytes.starts_with(b"PK\x03\x04") {
        FileFormat::Docx
    } else if bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes).trim_ascii_start().starts_with(b"{") {
        FileFormat::Json
    } else {
        FileFormat::Other
    }
}

/// The largest file of `format` read, and its name in messages.
fn largest(format: FileFormat) -> u64 {
    match format {
        FileFormat::Pdf => limits::PDF_BYTES,
        FileFormat::Docx => limits::DOCX_BYTES,
        FileFormat::Json => limits::ANSWERS_BYTES,
        // Enough to tell what it is, no more.
        FileFormat::Other => 1024,
    }
}

/// Whether `len` bytes is too much for a file of `format`, and what to say.
fn too_big(format: FileFormat, len: u64) -> Option<Unusable> {
    let limit = largest(format);
    (format != FileFormat::Other && len > limit).then(|| {
        Unusable::Damaged(format!(
            "a {} file of {}, larger than the {} a returned pack can be; it was not made by a form filler: ask for the file again",
            kind_name(format),
            limits::size(len),
            limits::size(limit)
        ))
    })
}

/// Reads the returned file at `path`, never more of it than a file of its
/// kind can hold: the first bytes tell the kind, the kind the limit.
pub fn read_file(path: &Path) -> Outcome {
    let cannot = |e: std::io::Error| {
        let why = if e.kind() == std::io::ErrorKind::OutOfMemory {
            Unusable::too_much_memory(crate::memory::current_cap() as u64)
        } else {
            Unusable::Corrupt(format!("cannot read the file: {e}"))
        };
        Outcome::failed(FileFormat::Other, why)
    };
    // A pipe or a device named among the inputs would block or never end.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Outcome::failed(
            FileFormat::Other,
            Unusable::Foreign("not a regular file (a pipe, socket or device); nobody sent it".into()),
        );
    }
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) => return cannot(e),
    };
    let mut bytes = Vec::new();
    if let Err(e) = (&mut file).take(1024).read_to_end(&mut bytes) {
        return cannot(e);
    }
    let format = sniff(&bytes);
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if let Some(why) = too_big(format, len) {
        return Outcome::failed(format, why);
    }
    // A file that grows while it is read (or a pipe) still stops one byte
    // past the limit, which `read` then refuses.
    if let Err(e) = file.take(largest(format) + 1 - bytes.len() as u64).read_to_end(&mut bytes) {
        return cannot(e);
    }
    read(&bytes)
}

/// Reads a returned file. `Err` says why it cannot be used.
pub fn read(bytes: &[u8]) -> Outcome {
    let format = sniff(bytes);
    if let Some(why) = too_big(format, bytes.len() as u64) {
        return Outcome::failed(format, why);
    }
    let form = match format {
        FileFormat::Pdf => pdf::read(bytes),
        FileFormat::Docx => docx::read(bytes),
        FileFormat::Json => answers::read(bytes),
        FileFormat::Other if bytes.is_empty() => Err(Unusable::Foreign("the file is empty".into())),
        FileFormat::Other => Err(Unusable::Foreign("not a PDF, Word (.docx) or answers (.json) file".into())),
    };
    let identity = form.as_ref().ok().and_then(|f| f.identity.clone());
    let result = form.and_then(|form| match (&form.identity, form.fields, &form.broken) {
        (None, _, _) => Err(Unusable::Foreign(format!(
            "a {} file without a framewright pack's identity (framework, version, pack); it was not made by framewright",
            kind_name(format)
        ))),
        (Some(_), 0, Some(what)) => Err(Unusable::Damaged(format!(
            "the form is damaged ({what}); no answers could be read: ask the person to save the filled-in form again and send it"
        ))),
        (Some(_), 0, None) if format == FileFormat::Pdf => Err(Unusable::Flattened(
            "no answers, flattened: the pack's identity is there but it has no form fields left (printed to PDF or flattened); \
             ask for the filled-in file itself"
                .into(),
        )),
        _ => Ok(form),
    });
    Outcome { format, identity, result }
}

fn kind_name(format: FileFormat) -> &'static str {
    match format {
        FileFormat::Pdf => "PDF",
        FileFormat::Docx => "Word",
        FileFormat::Json => "JSON",
        FileFormat::Other => "",
    }
}

/// Records a field and its answer unless it is empty; text is kept exactly as typed.
fn put(form: &mut Form, key: FieldKey, value: String) {
    form.present.insert(key.clone());
    if !value.trim().is_empty() {
        form.answers.insert(key, value);
    }
}
