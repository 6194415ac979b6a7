//! What docx-rs 0.4.22 cannot write, added to the XML of `Docx::build()`.
//!
//! Each patch replaces an exact piece of docx-rs output (a placeholder the
//! document builder wrote on purpose, or a fixed anchor) and checks how
//! many it replaced against what the builder counted, so a docx-rs update
//! that changes its output fails loudly here instead of producing a pack
//! without its form controls. Editing the XML as text keeps this small:
//! the anchors are byte-exact docx-rs output, and the inserted XML is
//! escaped by the code that made it.
//!
//! - content controls and the contents container: placeholder `w:sdtPr`
//!   (alias `framewright-sdt-N`) → the real `w:sdtPr` (`controls`);
//! - header rows: a placeholder 1-twip row height → `w:tblHeader`, so
//!   Word and LibreOffice repeat the row on every page;
//! - images: `wp:docPr` gets the alt text (`descr`) and a unique id;
//! - `w:lang` in the document defaults, so spelling and screen readers
//!   use the source's language;
//! - the Normal style marked as the default paragraph style, as Word
//!   writes it (docx-rs leaves it unmarked, and a paragraph without a
//!   style then has none, for python-docx and others);
//! - `w:updateFields` in the settings, so Word refreshes the contents and
//!   page numbers when it opens the pack; `w:mirrorMargins`, so the wide
//!   margin is always on the binding side, as in the PDF;
//! - hyperlink relationships in a fixed order (docx-rs collects them in a
//!   `HashMap`, whose order changes from run to run);
//! - the children of property elements in the schema's order, no
//!   attribute the schema does not declare, and no empty run properties
//!   (`<w:rPr />`, which docx-rs writes first in every paragraph's
//!   properties, where the schema has them last) (`schema_order`);
//! - a theme part (`theme`; `package` writes it), with its relationship and
//!   content type, which docx-rs leaves out though a document requires it.

mod schema_order;
pub mod theme;

use docx_rs::XMLDocx;

use super::controls::MARKER;
use super::doc::Patches;
use super::text::escape;

/// The `w:sdtPr` docx-rs writes for a structured data tag with an alias.
const SDT_PR_OPEN: &str = "<w:sdtPr><w:rPr /><w:alias w:val=\"";
const SDT_PR_CLOSE: &str = "\" /></w:sdtPr>";
/// A header row's placeholder row properties, and what replaces them.
const HEADER_ROW: &str = r#"<w:trPr><w:cantSplit /><w:trHeight w:val="1" w:hRule="atLeast" /></w:trPr>"#;
const HEADER_ROW_PATCHED: &str = "<w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>";
/// How docx-rs names every image (always id 1).
const DOC_PR: &str = r#"<wp:docPr id="1" name="Figure" />"#;
const RUN_DEFAULTS_END: &str = "</w:rPr></w:rPrDefault>";
const NORMAL: &str = r#"<w:style w:type="paragraph" w:styleId="Normal">"#;
const ZOOM: &str = r#"<w:zoom w:percent="100" />"#;
const COMPAT: &str = "<w:compat>";
const RELATIONSHIPS_END: &str = "</Relationships>";
const CONTENT_TYPES_END: &str = "</Types>";

pub fn apply(parts: &mut XMLDocx, expected: &Patches) -> Result<(), String> {
    let mut document = text(&mut parts.document, "word/document.xml")?;
    document = content_controls(&document, &expected.sdts)?;
    document = replace_counted(&document, HEADER_ROW, expected.header_rows, "header row", |_| HEADER_ROW_PATCHED.into())?;
    document = replace_counted(&document, DOC_PR, expected.alt_texts.len(), "image", |i| {
        format!(r#"<wp:docPr id="{}" name="Picture {}" descr="{}" />"#, i + 1, i + 1, escape(&expected.alt_texts[i]))
    })?;
    parts.document = document.into_bytes();

    let styles = text(&mut parts.styles, "word/styles.xml")?;
    let lang = format!(r#"<w:lang w:val="{}" />{RUN_DEFAULTS_END}"#, escape(&expected.language));
    let styles = replace_counted(&styles, RUN_DEFAULTS_END, 1, "document defaults", |_| lang.clone())?;
    let normal = NORMAL.replace('>', r#" w:default="1">"#);
    parts.styles = replace_counted(&styles, NORMAL, 1, "Normal style", |_| normal.clone())?.into_bytes();

    let settings = text(&mut parts.settings, "word/settings.xml")?;
    let settings = replace_counted(&settings, ZOOM, 1, "zoom setting", |_| format!("{ZOOM}<w:mirrorMargins />"))?;
    parts.settings =
        replace_counted(&settings, COMPAT, 1, "compatibility settings", |_| format!(r#"<w:updateFields w:val="true" />{COMPAT}"#))?
            .into_bytes();
    schema(parts)
}

/// What every Word file framewright writes (packs and the harvest's
/// report) needs to meet the schema: property children in the schema's
/// order (`schema_order`), hyperlink relationships in a fixed order, and
/// the theme part's relationship and content type.
pub fn schema(parts: &mut XMLDocx) -> Result<(), String> {
    for (part, name) in
        [(&mut parts.document, "word/document.xml"), (&mut parts.styles, "word/styles.xml"), (&mut parts.settings, "word/settings.xml")]
    {
        *part = schema_order::reorder(&text(part, name)?, name)?.into_bytes();
    }
    for part in parts.footers.iter_mut().chain(&mut parts.headers).chain([&mut parts.numberings]) {
        let xml = text(part, "a header, footer or numbering part")?;
        *part = schema_order::reorder(&xml, "a header, footer or numbering part")?.into_bytes();
    }

    let rels = sort_links(&text(&mut parts.document_rels, "word/_rels/document.xml.rels")?);
    let theme_rel =
        format!(r#"<Relationship Id="rIdTheme1" Type="{}" Target="{}" />{RELATIONSHIPS_END}"#, theme::RELATIONSHIP, theme::TARGET);
    parts.document_rels = replace_counted(&rels, RELATIONSHIPS_END, 1, "relationships", |_| theme_rel.clone())?.into_bytes();
    let types = text(&mut parts.content_type, "[Content_Types].xml")?;
    let theme_type = format!(r#"<Override PartName="/{}" ContentType="{}" />{CONTENT_TYPES_END}"#, theme::PART, theme::CONTENT_TYPE);
    parts.content_type = replace_counted(&types, CONTENT_TYPES_END, 1, "content types", |_| theme_type.clone())?.into_bytes();
    Ok(())
}

/// A part as text, taken out of the package (no copy).
pub fn text(part: &mut Vec<u8>, name: &str) -> Result<String, String> {
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

/// Swaps each placeholder `w:sdtPr` for the real one, in one pass; every
/// placeholder must be found exactly once.
fn content_controls(xml: &str, props: &[String]) -> Result<String, String> {
    let prefix = format!("{SDT_PR_OPEN}{MARKER}");
    let mut seen = vec![false; props.len()];
    let mut out = String::with_capacity(xml.len() + props.iter().map(String::len).sum::<usize>());
    let mut rest = xml;
    while let Some(at) = rest.find(&prefix) {
        out.push_str(&rest[..at]);
        let after = &rest[at + prefix.len()..];
        let end = after.find(SDT_PR_CLOSE).ok_or("docx-rs output changed: an unterminated content control")?;
        let n: usize = after[..end].parse().map_err(|_| format!("docx-rs output changed: content control `{}`", &after[..end]))?;
        match seen.get_mut(n) {
            Some(s) if !*s => *s = true,
            _ => return Err(format!("content control {n} is unknown or written twice")),
        }
        out.push_str(&props[n]);
        rest = &after[end + SDT_PR_CLOSE.len()..];
    }
    out.push_str(rest);
    match seen.iter().position(|s| !s) {
        Some(n) => Err(format!("content control {n} was not found in the document")),
        None => Ok(out),
    }
}

/// The relationships with the hyperlinks (`rIdLinkN`) sorted by N after
/// the others, which keep their order.
fn sort_links(rels: &str) -> String {
    let (Some(start), Some(end)) = (rels.find("<Relationship "), rels.rfind("</Relationships>")) else {
        return rels.to_string();
    };
    let mut items: Vec<&str> = rels[start..end].split_inclusive("/>").collect();
    let link_number = |item: &str| -> Option<usize> {
        let id = item.split_once("Id=\"rIdLink")?.1;
        id[..id.find('"')?].parse().ok()
    };
    items.sort_by_key(|item| link_number(item));
    format!("{}{}{}", &rels[..start], items.concat(), &rels[end..])
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

    #[test]
    fn swaps_every_placeholder_once() {
        let sdt = |n: usize| format!("<w:sdt>{SDT_PR_OPEN}{MARKER}{n}{SDT_PR_CLOSE}<w:sdtContent/></w:sdt>");
        let xml = format!("{}{}", sdt(1), sdt(0));
        let props = vec!["<w:sdtPr>zero</w:sdtPr>".to_string(), "<w:sdtPr>one</w:sdtPr>".to_string()];
        assert_eq!(
            content_controls(&xml, &props).unwrap(),
            "<w:sdt><w:sdtPr>one</w:sdtPr><w:sdtContent/></w:sdt><w:sdt><w:sdtPr>zero</w:sdtPr><w:sdtContent/></w:sdt>"
        );
        assert_eq!(content_controls(&sdt(0), &props).unwrap_err(), "content control 1 was not found in the document");
        assert_eq!(
            content_controls(&format!("{}{}", sdt(0), sdt(0)), &props[..1]).unwrap_err(),
            "content control 0 is unknown or written twice"
        );
        assert!(content_controls(&sdt(2), &props).is_err());
    }

    #[test]
    fn sorts_hyperlinks_and_keeps_the_rest_in_place() {
        let rel = |id: &str| format!(r#"<Relationship Id="{id}" Target="t" />"#);
        let rels =
            format!("<?xml?><Relationships>{}{}{}{}</Relationships>", rel("rId1"), rel("rIdLink10"), rel("rIdLink2"), rel("rIdFooter1"));
        assert_eq!(
            sort_links(&rels),
            format!("<?xml?><Relationships>{}{}{}{}</Relationships>", rel("rId1"), rel("rIdFooter1"), rel("rIdLink2"), rel("rIdLink10"))
        );
    }
}
