//! How deep a PDF's arrays and dictionaries nest, found by scanning its
//! bytes before the parser sees them. hayro-syntax parses nested objects
//! by recursion, so an array nested a few hundred thousand levels deep
//! (half a megabyte of `[`) overflows the stack and takes the process with
//! it. The scan skips what cannot nest (comments, strings, stream data)
//! and looks inside object streams (inflated within the file's budget),
//! where a rewritten PDF keeps its dictionaries.
//!
//! The worker process behind every read ([`crate::harvest::isolate`])
//! still catches whatever this scan misses; this gives the message.

use std::io::Read;

use super::Unusable;
use crate::harvest::limits::{self, Budget};

/// `Err` when anything in `bytes` nests deeper than [`limits::PDF_NESTING`].
pub fn check(bytes: &[u8], budget: &Budget) -> Result<(), Unusable> {
    scan(bytes, budget, 0)
}

fn too_deep() -> Unusable {
    Unusable::Damaged(format!(
        "the PDF's objects are nested deeper than {} levels; it was not made by a form filler: ask for the file again",
        limits::PDF_NESTING
    ))
}

/// Object streams inside object streams are not allowed by the standard;
/// one level is all a real file has.
const MAX_STREAM_LEVEL: usize = 1;

fn scan(bytes: &[u8], budget: &Budget, level: usize) -> Result<(), Unusable> {
    let mut depth = 0usize;
    // Where the dictionary now open at the outermost level began, so a
    // stream's dictionary can be looked at when its data starts.
    let mut dict_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => i = line_end(bytes, i),
            b'(' => i = string_end(bytes, i),
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                if depth == 0 {
                    dict_start = i;
                }
                depth += 1;
                i += 2;
            }
            // A hex string.
            b'<' => i = memchr::memchr(b'>', &bytes[i..]).map_or(bytes.len(), |at| i + at + 1),
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 2;
            }
            b'[' => {
                depth += 1;
                i += 1;
            }
            b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b's' if bytes[i..].starts_with(b"stream") && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) => {
                let data = i + b"stream".len();
                let end = memchr::memmem::find(&bytes[data..], b"endstream").map_or(bytes.len(), |at| data + at);
                if level < MAX_STREAM_LEVEL && depth == 0 {
                    object_stream(&bytes[dict_start..i], &bytes[data..end], budget, level)?;
                }
                i = end + b"endstream".len();
            }
            _ => i += 1,
        }
        if depth > limits::PDF_NESTING {
            return Err(too_deep());
        }
    }
    Ok(())
}

/// Scans an object stream's objects, inflated (FlateDecode, what every
/// writer uses for them) up to what is left of the file's budget.
fn object_stream(dict: &[u8], data: &[u8], budget: &Budget, level: usize) -> Result<(), Unusable> {
    let has = |name: &[u8]| memchr::memmem::find(dict, name).is_some();
    if !has(b"/ObjStm") || !has(b"/FlateDecode") {
        return Ok(());
    }
    let data = data.strip_prefix(b"\r").unwrap_or(data);
    let data = data.strip_prefix(b"\n").unwrap_or(data);
    let cap = budget.left().min(limits::STREAM_INFLATED);
    let mut inflated = Vec::new();
    // A stream that does not inflate is left to the parser, which says so.
    let _ = flate2::read::ZlibDecoder::new(data).take(cap + 1).read_to_end(&mut inflated);
    if inflated.len() as u64 > cap || !budget.take(inflated.len() as u64) {
        return Err(Unusable::inflates_too_far("an object stream"));
    }
    scan(&inflated, budget, level + 1)
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    memchr::memchr2(b'\r', b'\n', &bytes[from..]).map_or(bytes.len(), |at| from + at + 1)
}

/// The end of the literal string opening at `from`: balanced parentheses,
/// a backslash escaping the next byte.
fn string_end(bytes: &[u8], from: usize) -> usize {
    let mut open = 0usize;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'(' => open += 1,
            b')' => {
                open -= 1;
                if open == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn deep(open: &str, n: usize) -> Vec<u8> {
        format!("%PDF-1.7\n1 0 obj\n<< /V {} >>\nendobj\n", open.repeat(n)).into_bytes()
    }

    #[test]
    fn deep_arrays_and_dictionaries_are_refused_and_what_cannot_nest_is_skipped() {
        let budget = Budget::default();
        assert!(check(&deep("[", 40), &budget).is_ok());
        assert!(matches!(check(&deep("[", 100_000), &budget), Err(Unusable::Damaged(_))));
        assert!(matches!(check(&deep("<</A ", 70), &budget), Err(Unusable::Damaged(_))));
        // Brackets in strings, comments and stream data are not nesting.
        let quiet = format!(
            "1 0 obj\n<< /T ({}\\)) /Length 3 >>\nstream\n{}\nendstream\n% {}\n<{}>",
            "[".repeat(200),
            "[".repeat(200),
            "<<".repeat(200),
            "ab".repeat(10)
        );
        assert!(check(quiet.as_bytes(), &budget).is_ok());
    }

    #[test]
    fn object_streams_are_looked_inside() {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all("[".repeat(1000).as_bytes()).unwrap();
        let data = z.finish().unwrap();
        let mut pdf = b"5 0 obj\n<< /Type /ObjStm /Filter /FlateDecode /N 1 /First 4 >>\nstream\n".to_vec();
        pdf.extend(&data);
        pdf.extend(b"\nendstream\nendobj\n");
        assert!(matches!(check(&pdf, &Budget::default()), Err(Unusable::Damaged(_))));
    }
}
