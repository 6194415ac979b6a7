//! Rewrites dictionaries Typst wrote: every entry stays exactly as written
//! except those replaced, removed or added. Also the few PDF primitives
//! those new values need.

use super::original::Dict;

/// `dict` with `changes` applied: `(key, Some(value))` replaces or adds an
/// entry, `(key, None)` removes it. Values are PDF syntax.
pub fn rewrite(dict: &Dict, changes: &[(&str, Option<Vec<u8>>)]) -> Vec<u8> {
    let mut out = b"<<".to_vec();
    for &(key, value) in &dict.entries {
        if !changes.iter().any(|(k, _)| k.as_bytes() == key) {
            entry(&mut out, key, value);
        }
    }
    for (key, value) in changes {
        if let Some(value) = value {
            entry(&mut out, key.as_bytes(), value);
        }
    }
    out.extend_from_slice(b">>");
    out
}

fn entry(out: &mut Vec<u8>, key: &[u8], value: &[u8]) {
    out.push(b'/');
    out.extend_from_slice(key);
    if !matches!(value.first(), Some(b'/' | b'<' | b'[' | b'(')) {
        out.push(b' ');
    }
    out.extend_from_slice(value);
}

/// An array of raw values.
pub fn array<'v>(items: impl IntoIterator<Item = &'v [u8]>) -> Vec<u8> {
    let mut out = vec![b'['];
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        out.extend_from_slice(item);
    }
    out.push(b']');
    out
}

pub fn reference(id: i32) -> Vec<u8> {
    format!("{id} 0 R").into_bytes()
}

/// A name of ASCII letters and digits (all this module writes).
pub fn name(text: &str) -> Vec<u8> {
    debug_assert!(text.bytes().all(|b| b.is_ascii_alphanumeric()));
    format!("/{text}").into_bytes()
}

pub fn rect(r: [f32; 4]) -> Vec<u8> {
    format!("[{} {} {} {}]", r[0], r[1], r[2], r[3]).into_bytes()
}

/// A text string: literal when printable ASCII, else UTF-16BE with a
/// byte-order mark, so Welsh, Arabic and emoji survive.
pub fn text(text: &str) -> Vec<u8> {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        literal(text.as_bytes())
    } else {
        let mut out = b"<FEFF".to_vec();
        for unit in text.encode_utf16() {
            out.extend_from_slice(format!("{unit:04X}").as_bytes());
        }
        out.push(b'>');
        out
    }
}

/// A literal string of `bytes`, with the characters that need it escaped.
/// Control bytes are written as octal escapes: a raw carriage return in a
/// string reads as a line feed (ISO 32000-1, 7.3.4.2), and a pack's field
/// font puts characters on codes 1–31.
pub fn literal(bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![b'('];
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => out.extend([b'\\', b]),
            0..=0x1F => out.extend(format!("\\{b:03o}").bytes()),
            _ => out.push(b),
        }
    }
    out.push(b')');
    out
}

#[cfg(test)]
mod tests {
    use super::super::original::{parse_dict, text as decode};
    use super::*;

    #[test]
    fn rewriting_keeps_other_entries_as_written() {
        let dict = parse_dict(b"<</Type/StructElem/S/Figure/Alt(FIELD:x)/K[1 2]>>").unwrap();
        let out = rewrite(&dict, &[("S", Some(name("Form"))), ("Alt", None), ("Pg", Some(reference(7)))]);
        assert_eq!(out, b"<</Type/StructElem/K[1 2]/S/Form/Pg 7 0 R>>");
    }

    #[test]
    fn literal_strings_escape_control_bytes_and_round_trip() {
        let all: Vec<u8> = (0..=255).collect();
        let written = literal(&all);
        let inner = &written[1..written.len() - 1];
        assert!(inner.iter().all(|&b| b >= 0x20), "no raw control byte in {written:?}");
        let read: Vec<u8> = decode(&written).unwrap().chars().map(|c| u32::from(c) as u8).collect();
        assert_eq!(read, all);
    }

    #[test]
    fn text_strings_round_trip() {
        for s in ["plain (with) \\ slash", "Cymraeg: ŵ ŷ", "عربي", "emoji 🙂"] {
            assert_eq!(decode(&text(s)).as_deref(), Some(s));
        }
    }
}
