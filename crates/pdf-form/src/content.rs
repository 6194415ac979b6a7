//! Takes the placeholders' descriptions out of the page content.
//!
//! Typst writes an image's alt text twice: on its structure element, which
//! [`super::structure`] turns into the field's `/Form` element, and on the
//! marked content that draws the image (`/Span <</MCID 7 /Alt (FIELD:…)>>
//! BDC`). A screen reader could read that second copy aloud, a string of
//! JSON, so on every page with fields each such `/Alt` entry is dropped:
//! the content stream is inflated, edited and deflated again. The
//! structure element, with the field's accessible name on its widget, is
//! what assistive technology should meet.

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;

use super::edit;
use super::field::PREFIX;
use super::original::{self, Original};
use super::splice::Output;

/// Drops the field descriptions from the content streams of `page`.
pub fn strip_descriptions(pdf: &Original, out: &mut Output, page: &original::Dict) -> Result<(), String> {
    let Some(contents) = page.get(b"Contents") else { return Ok(()) };
    let unreadable = || "the page content of the PDF is unreadable".to_string();
    // One content stream, or an array of them.
    let stream = |id: u32| {
        pdf.stream(id).map(|(dict, data)| (id, dict, data)).ok_or_else(|| format!("the page content {id} of the PDF is unreadable"))
    };
    let streams = match original::reference(contents).and_then(|id| stream(id).ok()) {
        Some(one) => vec![one],
        None => pdf
            .resolve_array(contents)
            .ok_or_else(unreadable)?
            .into_iter()
            .map(|r| stream(original::reference(r).ok_or_else(unreadable)?))
            .collect::<Result<Vec<_>, _>>()?,
    };
    for (id, dict, data) in streams {
        let deflated = match dict.get(b"Filter") {
            None => false,
            Some(b"/FlateDecode" | b"[/FlateDecode]") if dict.get(b"DecodeParms").is_none() => true,
            // A filter or predictor Typst does not use for page content:
            // nothing of ours is in there.
            Some(_) => continue,
        };
        let content = if deflated {
            let mut inflated = Vec::with_capacity(data.len() * 4);
            ZlibDecoder::new(data)
                .read_to_end(&mut inflated)
                .map_err(|e| format!("the page content {id} of the PDF does not inflate: {e}"))?;
            inflated
        } else {
            data.to_vec()
        };
        let Some(edited) = without_descriptions(&content) else { continue };
        // The fastest level: every pack re-deflates its pages with fields,
        // and the default level cost the biggest pack ~4 ms more for a file
        // 3 % smaller.
        let data = if deflated {
            let mut encoder = ZlibEncoder::new(Vec::with_capacity(data.len()), Compression::fast());
            encoder.write_all(&edited).and_then(|()| encoder.finish()).map_err(|e| e.to_string())?
        } else {
            edited
        };
        let mut value = edit::rewrite(&dict, &[("Length", Some(data.len().to_string().into_bytes())), ("DL", None)]);
        value.extend_from_slice(b"\nstream\n");
        value.extend_from_slice(&data);
        value.extend_from_slice(b"\nendstream");
        out.replace(id, value);
    }
    Ok(())
}

/// `content` without `/Alt` entries holding a field description, or
/// `None` if it has none.
fn without_descriptions(content: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(content.len());
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = original::find(&content[at..], b"/Alt") {
        let key = at + found;
        at = key + 4;
        let value = original::skip_space(content, at);
        // Only a string value can be a description; anything else (another
        // key such as /AltText, a name, damaged bytes) is left as it is.
        let Some(end) = original::value_end(content, value).filter(|_| matches!(content.get(value), Some(b'(' | b'<'))) else { continue };
        if original::text(&content[value..end]).is_some_and(|alt| alt.starts_with(PREFIX)) {
            out.extend_from_slice(&content[copied..key]);
            copied = end;
            at = end;
        }
    }
    if copied == 0 {
        return None;
    }
    out.extend_from_slice(&content[copied..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_field_descriptions_go() {
        let content = b"/Span<</MCID 3/Alt(FIELD:{\"name\":\"a\\)b\"})>>BDC q Q EMC /Figure<</MCID 4/Alt(A logo)>>BDC EMC";
        let edited = without_descriptions(content).unwrap();
        assert_eq!(edited, b"/Span<</MCID 3>>BDC q Q EMC /Figure<</MCID 4/Alt(A logo)>>BDC EMC");
        assert_eq!(without_descriptions(b"/Figure<</MCID 4/Alt(A logo)>>BDC EMC"), None);
    }

    #[test]
    fn hex_descriptions_go_and_odd_values_stay() {
        let hex = b"/Span<</MCID 1/Alt<FEFF004600490045004C0044003A007B00A0007D>>>BDC EMC";
        assert_eq!(without_descriptions(hex).unwrap(), b"/Span<</MCID 1>>BDC EMC");
        for odd in [&b"/Span<</MCID 1/Alt/Name>>BDC EMC"[..], b"(a string ending in /Alt) Tj", b"q Q /Alt", b"/AltText(x)"] {
            assert_eq!(without_descriptions(odd), None, "{}", String::from_utf8_lossy(odd));
        }
    }
}
