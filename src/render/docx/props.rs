//! The document properties, written from scratch: docx-rs 0.4.22 keeps
//! the core title, subject and keywords private and writes custom property
//! values without escaping them.
//!
//! Core: title, subject, creator (the publisher), keywords, language and
//! dates, as in the PDF's metadata. Custom: the pack's identity, which a
//! returned form is matched by ([`properties`](crate::plan::identity::PackIdentity::properties)), and the
//! same in the keywords, as in the PDF.

use ooxml::Stamp;

use super::wml::escape;
use crate::plan::PackPlan;

/// `docProps/core.xml`.
pub fn core(plan: &PackPlan, date: &Stamp) -> Vec<u8> {
    let fw = &plan.framework;
    let title = &plan.document.title;
    let keywords = &plan.document.keywords;
    let when = date.w3c();
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject><dc:creator>{creator}</dc:creator>",
            "<cp:keywords>{keywords}</cp:keywords><dc:language>{language}</dc:language>",
            "<cp:lastModifiedBy>framewright {version}</cp:lastModifiedBy><cp:revision>1</cp:revision>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>"#,
            "</cp:coreProperties>"
        ),
        title = escape(title),
        subject = escape(fw.subtitle.as_deref().unwrap_or(&fw.title)),
        creator = escape(&fw.publisher),
        keywords = escape(&keywords.join(", ")),
        language = escape(&fw.language),
        version = env!("CARGO_PKG_VERSION"),
        when = when,
    )
    .into_bytes()
}

/// `docProps/custom.xml`: the identity as text properties.
pub fn custom(plan: &PackPlan) -> Vec<u8> {
    let mut xml = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" "#,
        r#"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#
    ));
    for (i, (name, value)) in plan.identity.id.properties().iter().enumerate() {
        // pid 0 and 1 are reserved; fmtid is the one for user properties.
        xml.push_str(&format!(
            r#"<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{}" name="{name}"><vt:lpwstr>{}</vt:lpwstr></property>"#,
            i + 2,
            escape(value)
        ));
    }
    xml.push_str("</Properties>");
    xml.into_bytes()
}
