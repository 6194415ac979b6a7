//! What a pack's package says that docx-rs 0.4.22 cannot write, added to
//! the XML of `Docx::build()` (after which [`ooxml::conform`] puts it in
//! the schema's shape, as for every Word file framewright writes):
//!
//! - `w:lang` in the document defaults, so spelling and screen readers
//!   use the source's language ([`language`], for the harvest's report too),
//!   and on the runs of a bilingual pack's footer line in its second
//!   language ([`footer_language`]);
//! - the Normal style marked as the default paragraph style, as Word
//!   writes it (docx-rs leaves it unmarked, and a paragraph without a
//!   style then has none, for python-docx and others);
//! - `w:updateFields` in the settings, so Word refreshes the contents and
//!   page numbers when it opens the pack; `w:mirrorMargins`, so the wide
//!   margin is always on the binding side, as in the PDF.

use docx_rs::XMLDocx;
use ooxml::{replace_counted, take_text};

use super::wml::{self, escape};
use crate::plan::PackPlan;

const RUN_DEFAULTS_END: &str = "</w:rPr></w:rPrDefault>";
const NORMAL: &str = r#"<w:style w:type="paragraph" w:styleId="Normal">"#;
const ZOOM: &str = r#"<w:zoom w:percent="100" />"#;
const COMPAT: &str = "<w:compat>";

/// Mends the parts of `plan`'s package.
pub fn apply(parts: &mut XMLDocx, plan: &PackPlan) -> Result<(), String> {
    self::language(parts, &plan.framework.language)?;
    if let Some(alongside) = &plan.alongside {
        footer_language(parts, &alongside.plan.framework.language)?;
    }
    let styles = take_text(&mut parts.styles, "word/styles.xml")?;
    let normal = NORMAL.replace('>', r#" w:default="1">"#);
    parts.styles = replace_counted(&styles, NORMAL, 1, "Normal style", |_| normal.clone())?.into_bytes();

    let settings = take_text(&mut parts.settings, "word/settings.xml")?;
    let settings = replace_counted(&settings, ZOOM, 1, "zoom setting", |_| format!("{ZOOM}<w:mirrorMargins />"))?;
    parts.settings =
        replace_counted(&settings, COMPAT, 1, "compatibility settings", |_| format!(r#"<w:updateFields w:val="true" />{COMPAT}"#))?
            .into_bytes();
    ooxml::conform(parts)
}

/// `language` as the document's, in `w:lang` of its defaults (the packs'
/// and the harvest's Word report).
pub fn language(parts: &mut XMLDocx, language: &str) -> Result<(), String> {
    let styles = take_text(&mut parts.styles, "word/styles.xml")?;
    let lang = format!(r#"<w:lang w:val="{}" />{RUN_DEFAULTS_END}"#, escape(language));
    parts.styles = replace_counted(&styles, RUN_DEFAULTS_END, 1, "document defaults", |_| lang.clone())?.into_bytes();
    Ok(())
}

/// The runs of the footer's last paragraph (a bilingual pack's line in
/// its second language, `super::layout::footer`) in `language`.
fn footer_language(parts: &mut XMLDocx, language: &str) -> Result<(), String> {
    let footer = parts.footers.first_mut().ok_or("docx-rs output changed: a pack without a footer")?;
    let xml = take_text(footer, "word/footer1.xml")?;
    let at = xml.rfind("<w:p ").ok_or("docx-rs output changed: no paragraph in word/footer1.xml")?;
    *footer = format!("{}{}", &xml[..at], wml::in_language(&xml[at..], language)).into_bytes();
    Ok(())
}
