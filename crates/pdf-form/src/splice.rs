//! Writes the PDF with its form fields without re-serialising what the
//! fields left alone.
//!
//! A pack's PDF has thousands of objects (text, fonts, the structure tree)
//! and adding fields changes only a few hundred of them: the catalog, the
//! pages that hold fields, the placeholder figures and the structure tree's
//! root. So every unchanged object is copied byte for byte from Typst's
//! file, changed ones are written in their place, new ones (written with
//! pdf-writer, Typst's own PDF writer) go after them, then one fresh
//! cross-reference table. The result is one ordinary file, not an
//! incremental update.
//!
//! Every stream, copied, replaced or new, passes [`stream_end_of_line`] on
//! its way out: pdf-writer (in Typst's krilla and here) writes a lone line
//! feed between a stream's data and `endstream`, so data that ends in a
//! carriage return reads as ending one byte early (CR LF is one end of
//! line), and `/Length` as one byte too long: PDF/A-2 (ISO 19005-2,
//! 6.1.7.1) rejects that. Such a stream gets CR LF there instead.

use std::collections::BTreeMap;

use pdf_writer::{Chunk, Ref, Settings};

use super::edit;
use super::original::{self, Original};

/// The file being assembled.
pub struct Output<'a> {
    original: &'a Original<'a>,
    /// New values of existing objects, by object number.
    replaced: BTreeMap<u32, Vec<u8>>,
    /// New objects, and where each starts in `chunk`.
    chunk: Chunk,
    starts: Vec<(i32, usize)>,
    next: i32,
}

impl<'a> Output<'a> {
    pub fn new(original: &'a Original<'a>) -> Self {
        // Compact, like the rest of Typst's file.
        let chunk = Chunk::with_settings(Settings { pretty: false });
        Self { original, replaced: BTreeMap::new(), chunk, starts: Vec::new(), next: original.size() as i32 }
    }

    /// A number for a new object.
    pub fn alloc(&mut self) -> Ref {
        let id = Ref::new(self.next);
        self.next += 1;
        id
    }

    /// The chunk to write the new object `id` into, next: exactly one
    /// indirect object, numbered `id` (its start is noted here).
    pub fn object(&mut self, id: Ref) -> &mut Chunk {
        self.starts.push((id.get(), self.chunk.len()));
        &mut self.chunk
    }

    /// Gives the existing object `id` the new `value` (PDF syntax).
    pub fn replace(&mut self, id: u32, value: Vec<u8>) {
        let earlier = self.replaced.insert(id, value);
        debug_assert!(earlier.is_none(), "object {id} replaced twice");
    }

    /// The whole file: the original's header and objects (replaced where
    /// asked), the new objects, a cross-reference table and the trailer.
    pub fn finish(self) -> Vec<u8> {
        debug_assert!(self.chunk.refs().eq(self.starts.iter().map(|s| Ref::new(s.0))), "one new object per `object` call");
        let original = self.original;
        let first = original.objects().first().map_or(original.body_end, |r| r.1);
        let mut out = Vec::with_capacity(original.bytes.len() + self.chunk.len() + 64 * 1024);
        out.extend_from_slice(&original.bytes[..first]);
        let mut offsets: Vec<Option<usize>> = vec![None; self.next as usize];
        for &(id, start, end) in original.objects() {
            offsets[id as usize] = Some(out.len());
            match self.replaced.get(&id) {
                Some(value) => {
                    let mut object = format!("{id} 0 obj\n").into_bytes();
                    object.extend_from_slice(value);
                    object.extend_from_slice(b"\nendobj\n");
                    push_object(&mut out, &object);
                }
                None => push_object(&mut out, &original.bytes[start..end]),
            }
        }
        let chunk = self.chunk.as_bytes();
        for (n, &(id, start)) in self.starts.iter().enumerate() {
            let end = self.starts.get(n + 1).map_or(chunk.len(), |next| next.1);
            offsets[id as usize] = Some(out.len());
            push_object(&mut out, &chunk[start..end]);
        }

        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n", offsets.len()).as_bytes());
        for (id, offset) in offsets.iter().enumerate() {
            let entry = match offset {
                Some(offset) => format!("{offset:010} 00000 n \n"),
                None => format!("0000000000 {:05} f \n", if id == 0 { 65535 } else { 0 }),
            };
            out.extend_from_slice(entry.as_bytes());
        }
        let size = format!("{}", offsets.len()).into_bytes();
        let trailer = edit::rewrite(&original.trailer, &[("Size", Some(size)), ("Prev", None)]);
        out.extend_from_slice(b"trailer\n");
        out.extend_from_slice(&trailer);
        out.extend_from_slice(format!("\nstartxref\n{xref}\n%%EOF\n").as_bytes());
        out
    }
}

/// Appends one indirect object (`N 0 obj … endobj`, maybe followed by
/// white space), its stream's end of line made unambiguous.
fn push_object(out: &mut Vec<u8>, object: &[u8]) {
    match stream_end_of_line(object) {
        Some(at) => {
            out.extend_from_slice(&object[..at]);
            out.push(b'\r');
            out.extend_from_slice(&object[at..]);
        }
        None => out.extend_from_slice(object),
    }
}

/// Where a carriage return must go in `object` so that its stream data,
/// which ends in a carriage return, is followed by CR LF, not a lone LF,
/// before `endstream`; `None` when the object needs nothing (no stream, a
/// different end of line, or a `/Length` that is not a plain number: then
/// it is left as written).
fn stream_end_of_line(object: &[u8]) -> Option<usize> {
    // Cheap first: only a stream ending in CR, LF, `endstream` can need it.
    let tail = &object[object.len().saturating_sub(48)..];
    original::find(tail, b"\r\nendstream")?;
    let begin = original::find(object, b"obj")? + 3;
    let dict_start = original::skip_space(object, begin);
    let dict_end = original::value_end(object, dict_start)?;
    let length = original::integer(original::parse_dict(&object[dict_start..dict_end])?.get(b"Length")?)?;
    let keyword = original::skip_space(object, dict_end);
    let rest = object.get(keyword..)?.strip_prefix(b"stream")?;
    let after = keyword + b"stream".len();
    let data = after + if rest.starts_with(b"\r\n") { 2 } else { usize::from(rest.starts_with(b"\n")) };
    let end = data.checked_add(usize::try_from(length).ok()?)?;
    (end > data && object.get(end - 1) == Some(&b'\r') && object.get(end) == Some(&b'\n')).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_ending_in_a_carriage_return_gets_crlf_before_endstream() {
        let fixed = |object: &[u8]| {
            let mut out = Vec::new();
            push_object(&mut out, object);
            out
        };
        // pdf-writer's lone LF after data ending in CR becomes CR LF.
        let mut chunk = Chunk::with_settings(Settings { pretty: false });
        chunk.stream(Ref::new(7), b"q\r");
        let written = chunk.as_bytes();
        assert!(written.ends_with(b"q\r\nendstream\nendobj\n"), "{}", String::from_utf8_lossy(written));
        assert_eq!(fixed(written), b"7 0 obj\n<</Length 2>>\nstream\nq\r\r\nendstream\nendobj\n");
        // Everything else is copied as it is.
        for object in [
            &b"7 0 obj\n<</Length 2>>\nstream\nq\n\nendstream\nendobj\n"[..],
            b"7 0 obj\n<</Length 1>>\nstream\r\nq\r\nendstream\nendobj\n",
            b"7 0 obj\n<</Length 2>>\nstream\r\nq\r\r\nendstream\nendobj\n",
            b"7 0 obj\n<</Length 8 0 R>>\nstream\nq\r\nendstream\nendobj\n",
            b"7 0 obj\n<</Length 0>>\nstream\n\r\nendstream\nendobj\n",
            b"7 0 obj\n<</Type/Catalog>>\nendobj\n",
            b"7 0 obj\n(a string with \r\nendstream in it)\nendobj\n",
            b"7 0 obj\n<</Length 99>>\nstream\nq\r\nendstream\nendobj\n",
        ] {
            assert_eq!(fixed(object), object, "{}", String::from_utf8_lossy(object));
        }
    }
}
