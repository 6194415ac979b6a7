//! Reads the PDF Typst exported, lazily: the cross-reference table, and
//! only the objects adding fields needs (catalog, page tree, the pages
//! with fields and their content, the structure tree), as raw dictionary
//! entries.
//!
//! Not a general PDF parser: Typst (through krilla and pdf-writer) writes
//! one classic cross-reference table, unencrypted, generation 0, with every
//! dictionary in the body, and that is what this reads; anything else is an
//! error, never a panic. A full parse of the biggest pack with lopdf took
//! ~11 ms of a ~300 ms pack; reading what is needed here takes ~2.

/// Typst's PDF and where its objects are.
pub struct Original<'a> {
    pub bytes: &'a [u8],
    /// Every object's number and byte range (`N 0 obj` up to the next
    /// object), in file order.
    objects: Vec<(u32, usize, usize)>,
    /// Each object's index in `objects`, by object number.
    index: Vec<Option<usize>>,
    /// Where the body ends (the cross-reference table starts).
    pub body_end: usize,
    pub trailer: Dict<'a>,
}

/// A dictionary as raw entries: key (without the slash) and the value's
/// bytes exactly as written.
#[derive(Clone, Debug, Default)]
pub struct Dict<'a> {
    pub entries: Vec<(&'a [u8], &'a [u8])>,
}

impl<'a> Original<'a> {
    pub fn read(bytes: &'a [u8]) -> Result<Self, String> {
        let unreadable = |what: &str| format!("cannot add form fields: the PDF Typst wrote has {what}");
        let tail = &bytes[bytes.len().saturating_sub(64)..];
        let at = find(tail, b"startxref").ok_or_else(|| unreadable("no startxref"))?;
        let xref = token_number(tail, at + 9)
            .map(|(x, _)| x)
            .filter(|&x| x < bytes.len())
            .ok_or_else(|| unreadable("no cross-reference offset"))?;
        let mut i = skip_space(bytes, xref);
        if !bytes[i..].starts_with(b"xref") {
            return Err(unreadable("a cross-reference stream"));
        }
        i = skip_space(bytes, i + 4);
        let mut offsets: Vec<Option<usize>> = Vec::new();
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            let broken = || unreadable("a broken cross-reference table");
            let (first, next) = token_number(bytes, i).ok_or_else(broken)?;
            let (count, next) = token_number(bytes, next).ok_or_else(broken)?;
            i = skip_space(bytes, next);
            // Each entry is 20 bytes and each object at least a few: no
            // count or number can exceed what the file holds.
            if count > (bytes.len() - i) / 20 || first > bytes.len() {
                return Err(broken());
            }
            offsets.resize(offsets.len().max(first + count), None);
            for n in 0..count {
                let entry = bytes.get(i..i + 18).ok_or_else(broken)?;
                if entry[17] == b'n' {
                    if &entry[11..16] != b"00000" {
                        return Err(unreadable("objects of a generation other than 0"));
                    }
                    offsets[first + n] = Some(token_number(&entry[..10], 0).ok_or_else(broken)?.0);
                }
                i = skip_space(bytes, i + 18);
            }
        }
        if !bytes[i..].starts_with(b"trailer") {
            return Err(unreadable("no trailer"));
        }
        let start = skip_space(bytes, i + 7);
        let end = value_end(bytes, start).ok_or_else(|| unreadable("a broken trailer"))?;
        let trailer = parse_dict(&bytes[start..end]).ok_or_else(|| unreadable("a broken trailer"))?;
        for (key, what) in [(&b"Encrypt"[..], "encryption"), (b"Prev", "incremental updates"), (b"XRefStm", "a cross-reference stream")] {
            if trailer.get(key).is_some() {
                return Err(unreadable(what));
            }
        }

        let mut starts: Vec<(usize, u32)> = offsets.iter().enumerate().filter_map(|(id, o)| o.map(|o| (o, id as u32))).collect();
        starts.sort_unstable();
        let mut objects = Vec::with_capacity(starts.len());
        let mut index = vec![None; offsets.len()];
        for (n, &(start, id)) in starts.iter().enumerate() {
            let end = starts.get(n + 1).map_or(xref, |next| next.0);
            let header = format!("{id} 0 obj");
            if start >= end || end > xref || !bytes[start..end].starts_with(header.as_bytes()) {
                return Err(unreadable(&format!("a cross-reference entry that does not point at object {id}")));
            }
            index[id as usize] = Some(objects.len());
            objects.push((id, start, end));
        }
        Ok(Self { bytes, objects, index, body_end: xref, trailer })
    }

    /// The number of the last object plus one.
    pub fn size(&self) -> usize {
        self.index.len()
    }

    /// Every object's number and byte range, in file order.
    pub fn objects(&self) -> &[(u32, usize, usize)] {
        &self.objects
    }

    /// Object `id`'s bytes after `N 0 obj`, up to the next object.
    fn body(&self, id: u32) -> Option<&'a [u8]> {
        let &(_, start, end) = self.objects.get((*self.index.get(id as usize)?)?)?;
        let object = &self.bytes[start..end];
        let begin = find(object, b"obj")? + 3;
        Some(&object[skip_space(object, begin)..])
    }

    /// The value of object `id` (for a stream, its dictionary).
    pub fn object(&self, id: u32) -> Option<&'a [u8]> {
        let body = self.body(id)?;
        Some(&body[..value_end(body, 0)?])
    }

    /// Object `id` as a dictionary.
    pub fn dict(&self, id: u32) -> Option<Dict<'a>> {
        parse_dict(self.object(id)?)
    }

    /// Object `id` as a stream: its dictionary and its data as stored.
    pub fn stream(&self, id: u32) -> Option<(Dict<'a>, &'a [u8])> {
        let body = self.body(id)?;
        let dict_end = value_end(body, 0)?;
        let dict = parse_dict(&body[..dict_end])?;
        let keyword = skip_space(body, dict_end);
        let rest = body.get(keyword..)?.strip_prefix(b"stream")?;
        let data = rest.strip_prefix(b"\r\n").or_else(|| rest.strip_prefix(b"\n"))?;
        let length = dict.get(b"Length")?;
        let length = integer(length).or_else(|| integer(self.object(reference(length)?)?))?;
        Some((dict, data.get(..usize::try_from(length).ok()?)?))
    }

    /// `value` as a dictionary: inline, or the object it refers to.
    pub fn resolve_dict(&self, value: &'a [u8]) -> Option<Dict<'a>> {
        match reference(value) {
            Some(id) => self.dict(id),
            None => parse_dict(value),
        }
    }

    /// `value` as array items: inline, or the object it refers to.
    pub fn resolve_array(&self, value: &'a [u8]) -> Option<Vec<&'a [u8]>> {
        match reference(value) {
            Some(id) => array_items(self.object(id)?),
            None => array_items(value),
        }
    }
}

impl<'a> Dict<'a> {
    pub fn get(&self, key: &[u8]) -> Option<&'a [u8]> {
        self.entries.iter().find(|(k, _)| *k == key).map(|&(_, v)| v)
    }

    pub fn reference(&self, key: &[u8]) -> Option<u32> {
        reference(self.get(key)?)
    }

    pub fn is(&self, key: &[u8], name: &[u8]) -> bool {
        self.get(key).is_some_and(|v| v.strip_prefix(b"/") == Some(name))
    }
}

/// `raw` (`<< … >>`) as entries.
pub fn parse_dict(raw: &[u8]) -> Option<Dict<'_>> {
    let inner = raw.strip_prefix(b"<<")?.strip_suffix(b">>")?;
    let mut entries = Vec::new();
    let mut i = skip_space(inner, 0);
    while i < inner.len() {
        if inner[i] != b'/' {
            return None;
        }
        let key_end = value_end(inner, i)?;
        let start = skip_space(inner, key_end);
        let end = value_end(inner, start)?;
        entries.push((&inner[i + 1..key_end], &inner[start..end]));
        i = skip_space(inner, end);
    }
    Some(Dict { entries })
}

/// `raw` (`[ … ]`) as its items.
pub fn array_items(raw: &[u8]) -> Option<Vec<&[u8]>> {
    let inner = raw.strip_prefix(b"[")?.strip_suffix(b"]")?;
    let mut items = Vec::new();
    let mut i = skip_space(inner, 0);
    while i < inner.len() {
        let end = value_end(inner, i)?;
        items.push(&inner[i..end]);
        i = skip_space(inner, end);
    }
    Some(items)
}

/// The object number `raw` (`N G R`) refers to.
pub fn reference(raw: &[u8]) -> Option<u32> {
    let text = std::str::from_utf8(raw.strip_suffix(b"R")?).ok()?;
    let mut parts = text.split_ascii_whitespace();
    let id = parts.next()?.parse().ok()?;
    parts.next()?.parse::<u16>().ok()?;
    parts.next().is_none().then_some(id)
}

pub fn integer(raw: &[u8]) -> Option<i64> {
    std::str::from_utf8(raw).ok()?.parse().ok()
}

/// A text string (literal or hex; UTF-16BE with a byte-order mark, else
/// read as Latin-1: Typst writes printable ASCII or UTF-16BE, where Latin-1
/// and PDFDocEncoding agree) as Rust text.
pub fn text(raw: &[u8]) -> Option<String> {
    let bytes = if let Some(inner) = raw.strip_prefix(b"(").and_then(|r| r.strip_suffix(b")")) {
        decode_literal(inner)?
    } else {
        decode_hex(raw.strip_prefix(b"<")?.strip_suffix(b">")?)?
    };
    match bytes.as_slice() {
        [0xFE, 0xFF, rest @ ..] => {
            String::from_utf16(&rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect::<Vec<_>>()).ok()
        }
        _ => Some(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

fn decode_literal(inner: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        let b = inner[i];
        i += 1;
        if b != b'\\' {
            out.push(b);
            continue;
        }
        let escaped = *inner.get(i)?;
        i += 1;
        match escaped {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'\r' | b'\n' => {
                if escaped == b'\r' && inner.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'0'..=b'7' => {
                let mut value = u32::from(escaped - b'0');
                for _ in 0..2 {
                    match inner.get(i) {
                        Some(d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(value as u8);
            }
            other => out.push(other),
        }
    }
    Some(out)
}

fn decode_hex(inner: &[u8]) -> Option<Vec<u8>> {
    let digits: Vec<u8> =
        inner.iter().filter(|b| !b.is_ascii_whitespace()).map(|&b| (b as char).to_digit(16).map(|d| d as u8)).collect::<Option<_>>()?;
    Some(digits.chunks(2).map(|pair| pair[0] << 4 | pair.get(1).copied().unwrap_or(0)).collect())
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// The first index at or after `i` that is not white space or a comment.
pub fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while let Some(&b) = bytes.get(i) {
        if is_space(b) {
            i += 1;
        } else if b == b'%' {
            while bytes.get(i).is_some_and(|&b| b != b'\n' && b != b'\r') {
                i += 1;
            }
        } else {
            break;
        }
    }
    i
}

/// The end of the value starting at `i`; an `N G R` reference counts as
/// one value.
pub fn value_end(bytes: &[u8], i: usize) -> Option<usize> {
    value_end_within(bytes, i, 0)
}

/// How deep arrays and dictionaries may nest: Typst's nest a few levels;
/// a damaged file could nest until the stack ran out.
const MAX_DEPTH: usize = 64;

fn value_end_within(bytes: &[u8], i: usize, depth: usize) -> Option<usize> {
    if depth > MAX_DEPTH {
        return None;
    }
    match *bytes.get(i)? {
        b'/' => Some(word_end(bytes, i + 1)),
        b'(' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match *bytes.get(j)? {
                    b'\\' => j += 1,
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        b'<' if bytes.get(i + 1) == Some(&b'<') => nested(bytes, i + 2, b">>", depth),
        b'<' => Some(i + find(&bytes[i..], b">")? + 1),
        b'[' => nested(bytes, i + 1, b"]", depth),
        _ => {
            let end = word_end(bytes, i);
            if end == i {
                return None;
            }
            // `N G R`: two integers and an R.
            if bytes[i..end].iter().all(u8::is_ascii_digit) {
                let g = skip_space(bytes, end);
                let g_end = word_end(bytes, g);
                if g_end > g && bytes[g..g_end].iter().all(u8::is_ascii_digit) {
                    let r = skip_space(bytes, g_end);
                    if bytes.get(r) == Some(&b'R') && word_end(bytes, r) == r + 1 {
                        return Some(r + 1);
                    }
                }
            }
            Some(end)
        }
    }
}

/// The end of a `<< >>` or `[ ]` whose contents start at `i`.
fn nested(bytes: &[u8], mut i: usize, close: &[u8], depth: usize) -> Option<usize> {
    loop {
        i = skip_space(bytes, i);
        if bytes.get(i..)?.starts_with(close) {
            return Some(i + close.len());
        }
        i = value_end_within(bytes, i, depth + 1)?;
    }
}

fn word_end(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(|&b| !is_space(b) && !is_delimiter(b)) {
        i += 1;
    }
    i
}

/// Where `needle` first occurs in `haystack` (memchr's SIMD search: page
/// content is scanned for every pack with fields).
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// The unsigned integer token at or after `i`, and where it ends.
fn token_number(bytes: &[u8], i: usize) -> Option<(usize, usize)> {
    let start = skip_space(bytes, i);
    let end = word_end(bytes, start);
    Some((std::str::from_utf8(&bytes[start..end]).ok()?.parse().ok()?, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionaries_split_into_raw_entries() {
        let d = parse_dict(b"<</Type/StructElem/S/Figure/P 12 0 R/K[3<</Type/MCR/MCID 4>>]/Alt(a \\) b)/A<</BBox[1 2.5 3 4]>>>>").unwrap();
        let keys: Vec<&[u8]> = d.entries.iter().map(|e| e.0).collect();
        assert_eq!(keys, [&b"Type"[..], b"S", b"P", b"K", b"Alt", b"A"]);
        assert_eq!(d.reference(b"P"), Some(12));
        assert!(d.is(b"S", b"Figure"));
        assert_eq!(text(d.get(b"Alt").unwrap()).as_deref(), Some("a ) b"));
        assert_eq!(array_items(d.get(b"K").unwrap()).unwrap(), [&b"3"[..], b"<</Type/MCR/MCID 4>>"]);
        assert_eq!(array_items(b"[1 0 R 2 0 R 7]").unwrap(), [&b"1 0 R"[..], b"2 0 R", b"7"]);
    }

    #[test]
    fn damaged_files_are_errors_not_panics() {
        let mut pdf = pdf_writer::Pdf::new();
        let (catalog, pages) = (pdf_writer::Ref::new(1), pdf_writer::Ref::new(2));
        pdf.catalog(catalog).pages(pages);
        pdf.pages(pages).count(0);
        let bytes = pdf.finish();
        let read = Original::read(&bytes).unwrap();
        assert!(read.dict(1).unwrap().is(b"Type", b"Catalog"));
        assert_eq!(read.trailer.reference(b"Root"), Some(1));
        let touch = |bytes: &[u8]| {
            if let Ok(pdf) = Original::read(bytes) {
                for id in 0..pdf.size() as u32 {
                    let _ = (pdf.dict(id), pdf.stream(id));
                }
            }
        };
        for end in 0..bytes.len() {
            touch(&bytes[..end]);
        }
        // Nesting deep enough to exhaust the stack is refused.
        assert_eq!(value_end(&[b'['; 100_000], 0), None);
        assert_eq!(value_end(b"[[[1]] 2]", 0), Some(9));
        for i in 0..bytes.len() {
            for b in [b'9', b' ', b'(', b'<', b'[', b'/'] {
                let mut damaged = bytes.clone();
                damaged[i] = b;
                touch(&damaged);
            }
        }
    }

    #[test]
    fn text_strings_decode_both_forms() {
        assert_eq!(text(b"<FEFF00570065006C0073006800200177>").as_deref(), Some("Welsh ŷ"));
        assert_eq!(text(b"(line\\nbreak \\050x\\051)").as_deref(), Some("line\nbreak (x)"));
    }
}
