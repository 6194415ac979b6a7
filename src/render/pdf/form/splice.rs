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

use std::collections::BTreeMap;

use pdf_writer::{Chunk, Ref, Settings};

use super::edit;
use super::original::Original;

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
                    out.extend_from_slice(format!("{id} 0 obj\n").as_bytes());
                    out.extend_from_slice(value);
                    out.extend_from_slice(b"\nendobj\n");
                }
                None => out.extend_from_slice(&original.bytes[start..end]),
            }
        }
        let base = out.len();
        out.extend_from_slice(self.chunk.as_bytes());
        for (id, start) in self.starts {
            offsets[id as usize] = Some(base + start);
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
