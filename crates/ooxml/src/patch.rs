//! What every Word file docx-rs 0.4.22 writes needs to meet the schema,
//! added to the XML of `Docx::build()`, and the tools to patch it.
//!
//! Each patch replaces an exact piece of docx-rs output (a fixed anchor)
//! and checks that it replaced exactly as many as expected
//! ([`replace_counted`]), so a docx-rs update that changes its output fails
//! loudly here instead of producing a broken file. Editing the XML as text
//! keeps this small: the anchors are byte-exact docx-rs output, and the
//! inserted XML is escaped by the code that made it.
//!
//! - the children of property elements in the schema's order, no
//!   attribute the schema does not declare, and no empty run properties
//!   (`<w:rPr />`, which docx-rs writes first in every paragraph's
//!   properties, where the schema has them last) (`schema_order`);
//! - a theme part (`theme`; the package writes it), with its relationship
//!   and content type, which docx-rs leaves out though a document requires
//!   it.

mod schema_order;
pub(crate) mod theme;

use docx_rs::XMLDocx;

const RELATIONSHIPS_END: &str = "</Relationships>";
const CONTENT_TYPES_END: &str = "</Types>";

/// What every Word file docx-rs writes (framewright's packs and harvest
/// report) needs to meet the schema: property children in the schema's
/// order (`schema_order`), and the theme part's relationship and content
/// type (the package adds the part).
pub fn conform(parts: &mut XMLDocx) -> Result<(), String> {
    for (part, name) in
        [(&mut parts.document, "word/document.xml"), (&mut parts.styles, "word/styles.xml"), (&mut parts.settings, "word/settings.xml")]
    {
        *part = schema_order::reorder(&take_text(part, name)?, name)?.into_bytes();
    }
    for part in parts.footers.iter_mut().chain(&mut parts.headers).chain([&mut parts.numberings]) {
        let xml = take_text(part, "a header, footer or numbering part")?;
        *part = schema_order::reorder(&xml, "a header, footer or numbering part")?.into_bytes();
    }

    let rels = take_text(&mut parts.document_rels, "word/_rels/document.xml.rels")?;
    let theme_rel =
        format!(r#"<Relationship Id="rIdTheme1" Type="{}" Target="{}" />{RELATIONSHIPS_END}"#, theme::RELATIONSHIP, theme::TARGET);
    parts.document_rels = replace_counted(&rels, RELATIONSHIPS_END, 1, "relationships", |_| theme_rel.clone())?.into_bytes();
    let types = take_text(&mut parts.content_type, "[Content_Types].xml")?;
    let theme_type = format!(r#"<Override PartName="/{}" ContentType="{}" />{CONTENT_TYPES_END}"#, theme::PART, theme::CONTENT_TYPE);
    parts.content_type = replace_counted(&types, CONTENT_TYPES_END, 1, "content types", |_| theme_type.clone())?.into_bytes();
    Ok(())
}

/// A part as text, taken out of the package (no copy).
pub fn take_text(part: &mut Vec<u8>, name: &str) -> Result<String, String> {
    String::from_utf8(std::mem::take(part)).map_err(|_| format!("docx-rs wrote {name} that is not UTF-8"))
}

/// Replaces every occurrence of `anchor` with `with(i)` (i counting from
/// 0), failing unless there are exactly `count`. One pass over the part.
pub fn replace_counted(xml: &str, anchor: &str, count: usize, what: &str, mut with: impl FnMut(usize) -> String) -> Result<String, String> {
    let mut out = String::with_capacity(xml.len() + count * 64);
    let mut rest = xml;
    let mut found = 0;
    while let Some(at) = rest.find(anchor) {
        out.push_str(&rest[..at]);
        if found < count {
            out.push_str(&with(found));
        }
        rest = &rest[at + anchor.len()..];
        found += 1;
    }
    if found != count {
        return Err(format!("docx-rs output changed: {found} {what} anchors where {count} were written"));
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_exactly_the_counted_anchors() {
        let xml = "a<x/>b<x/>c";
        assert_eq!(replace_counted(xml, "<x/>", 2, "x", |i| format!("<y{i}/>")).unwrap(), "a<y0/>b<y1/>c");
        let err = replace_counted(xml, "<x/>", 3, "x", |_| String::new()).unwrap_err();
        assert_eq!(err, "docx-rs output changed: 2 x anchors where 3 were written");
    }
}
