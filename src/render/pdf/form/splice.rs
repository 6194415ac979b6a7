//! Writes the PDF with its form fields without re-serialising what the
//! fields left alone.
//!
//! A pack's PDF has thousands of objects (text, fonts, the structure tree)
//! and adding fields changes only a few hundred of them: the catalog, the
//! pages that hold fields, the placeholder figures and the parent tree. So
//! every unchanged object is copied byte for byte from Typst's file, in its
//! place, and only changed and new objects are written; then one fresh
//! cross-reference table. That is a few milliseconds instead of the ~10 ms
//! a full rewrite of the biggest pack takes (`docs/performance.md`). The
//! result is one ordinary file, not an incremental update.

use std::collections::BTreeSet;
use std::io::Write;

use lopdf::xref::XrefEntry;
use lopdf::{Document, Object, ObjectId, Writer};

/// `doc` (loaded from `original`, then changed in the objects `changed`
/// and by adding objects) as a file. Falls back to writing every object
/// when `original` is not laid out as Typst writes it (one classic
/// cross-reference table, no object streams).
pub fn save(original: &[u8], doc: &mut Document, changed: &BTreeSet<ObjectId>) -> Result<Vec<u8>, String> {
    match spliced(original, doc, changed) {
        Some(bytes) => Ok(bytes),
        None => {
            let mut out = Vec::with_capacity(original.len() + 64 * 1024);
            doc.save_to(&mut out).map_err(|e| format!("cannot write the PDF with form fields: {e}"))?;
            Ok(out)
        }
    }
}

/// The original objects' byte ranges, in file order, if every entry of the
/// cross-reference table is an object in the body that starts where the
/// table says.
fn object_ranges(original: &[u8], doc: &Document) -> Option<Vec<(ObjectId, usize, usize)>> {
    let mut starts = Vec::with_capacity(doc.reference_table.entries.len());
    for (&id, entry) in &doc.reference_table.entries {
        match *entry {
            XrefEntry::Normal { offset, generation } => starts.push((offset as usize, (id, generation))),
            XrefEntry::Compressed { .. } => return None,
            XrefEntry::Free | XrefEntry::UnusableFree => {}
        }
    }
    starts.sort_unstable();
    let body_end = doc.xref_start;
    let mut ranges = Vec::with_capacity(starts.len());
    for (i, &(start, id)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(body_end, |next| next.0);
        let header = format!("{} {} obj", id.0, id.1);
        if start >= end || end > original.len() || !original[start..end].starts_with(header.as_bytes()) {
            return None;
        }
        ranges.push((id, start, end));
    }
    Some(ranges)
}

fn spliced(original: &[u8], doc: &Document, changed: &BTreeSet<ObjectId>) -> Option<Vec<u8>> {
    let ranges = object_ranges(original, doc)?;
    let first = ranges.first().map_or(doc.xref_start, |r| r.1);
    let mut out = Vec::with_capacity(original.len() + 256 * 1024);
    out.extend_from_slice(original.get(..first)?);
    let mut offsets = vec![None; doc.max_id as usize + 1];
    for &(id, start, end) in &ranges {
        match doc.objects.get(&id) {
            Some(object) if changed.contains(&id) => put(&mut out, &mut offsets, id, object)?,
            Some(_) => {
                *offsets.get_mut(id.0 as usize)? = Some((out.len(), id.1));
                out.extend_from_slice(&original[start..end]);
            }
            None => {}
        }
    }
    for (&id, object) in doc.objects.range((doc.reference_table.max_id() + 1, 0)..) {
        put(&mut out, &mut offsets, id, object)?;
    }

    let xref = out.len();
    write!(out, "xref\n0 {}\n", offsets.len()).ok()?;
    for (id, entry) in offsets.iter().enumerate() {
        match entry {
            Some((offset, generation)) => write!(out, "{offset:010} {generation:05} n \n").ok()?,
            None => write!(out, "0000000000 {:05} f \n", if id == 0 { 65535 } else { 0 }).ok()?,
        }
    }
    let mut trailer = doc.trailer.clone();
    trailer.set("Size", Object::Integer(offsets.len() as i64));
    trailer.remove(b"Prev");
    trailer.remove(b"XRefStm");
    out.extend_from_slice(b"trailer\n");
    Writer::write_object(&mut out, &Object::Dictionary(trailer)).ok()?;
    write!(out, "\nstartxref\n{xref}\n%%EOF\n").ok()?;
    Some(out)
}

/// Writes `object` as object `id` and notes where it starts.
fn put(out: &mut Vec<u8>, offsets: &mut [Option<(usize, u16)>], id: ObjectId, object: &Object) -> Option<()> {
    *offsets.get_mut(id.0 as usize)? = Some((out.len(), id.1));
    write!(out, "{} {} obj\n", id.0, id.1).ok()?;
    Writer::write_object(out, object).ok()?;
    out.extend_from_slice(b"\nendobj\n");
    Some(())
}
