//! The theme part docx-rs 0.4.22 does not write. A WordprocessingML
//! document's relationships must include a theme (ECMA-376 Part 1 §11.3.8;
//! Word's validator reports the missing relationship), and a theme must
//! hold a colour scheme, a font scheme and a format scheme with at least
//! three fill, line, effect and background styles (§20.1.6.10, §20.1.4.1.14).
//!
//! This one is minimal: its fonts are the document's default fonts, so
//! Word's font list names the pack's typeface as "(Body)" and "(Headings)";
//! its colours are Office's default palette, so Word's colour picker looks
//! as people know it. The text never uses theme fonts or colours, so the
//! theme changes nothing in how a pack looks.

/// Where the part goes (in the package, and from the document), its
/// content type and the relationship type that names it.
pub const PART: &str = "word/theme/theme1.xml";
pub const TARGET: &str = "theme/theme1.xml";
pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.theme+xml";
pub const RELATIONSHIP: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme";

const HEAD: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="framewright"><a:themeElements>"#,
    r#"<a:clrScheme name="Office">"#,
    r#"<a:dk1><a:srgbClr val="000000"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1>"#,
    r#"<a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2>"#,
    r#"<a:accent1><a:srgbClr val="4472C4"/></a:accent1><a:accent2><a:srgbClr val="ED7D31"/></a:accent2>"#,
    r#"<a:accent3><a:srgbClr val="A5A5A5"/></a:accent3><a:accent4><a:srgbClr val="FFC000"/></a:accent4>"#,
    r#"<a:accent5><a:srgbClr val="5B9BD5"/></a:accent5><a:accent6><a:srgbClr val="70AD47"/></a:accent6>"#,
    r#"<a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink>"#,
    r#"</a:clrScheme><a:fontScheme name="framewright">"#,
);

const FORMATS: &str = concat!(
    r#"</a:fontScheme><a:fmtScheme name="framewright">"#,
    r#"<a:fillStyleLst>"#,
    r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#,
    r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#,
    r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#,
    r#"</a:fillStyleLst><a:lnStyleLst>"#,
    r#"<a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>"#,
    r#"<a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>"#,
    r#"<a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>"#,
    r#"</a:lnStyleLst><a:effectStyleLst>"#,
    r#"<a:effectStyle><a:effectLst/></a:effectStyle>"#,
    r#"<a:effectStyle><a:effectLst/></a:effectStyle>"#,
    r#"<a:effectStyle><a:effectLst/></a:effectStyle>"#,
    r#"</a:effectStyleLst><a:bgFillStyleLst>"#,
    r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#,
    r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#,
    r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#,
    r#"</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>"#,
);

/// The theme for a document whose styles part is `styles`: its fonts are
/// those of the styles' run defaults (`w:rFonts` in `w:rPrDefault`).
pub fn part(styles: &[u8]) -> Vec<u8> {
    let styles = String::from_utf8_lossy(styles);
    let fonts = default_fonts(&styles);
    let font = |slot: &str| {
        let latin = fonts.and_then(|f| attribute(f, "w:ascii")).unwrap_or_default();
        let ea = fonts.and_then(|f| attribute(f, "w:eastAsia")).unwrap_or_default();
        let cs = fonts.and_then(|f| attribute(f, "w:cs")).unwrap_or_default();
        format!(r#"<a:{slot}><a:latin typeface="{latin}"/><a:ea typeface="{ea}"/><a:cs typeface="{cs}"/></a:{slot}>"#)
    };
    format!("{HEAD}{}{}{FORMATS}", font("majorFont"), font("minorFont")).into_bytes()
}

/// The `w:rFonts` tag of the run defaults.
fn default_fonts(styles: &str) -> Option<&str> {
    let defaults = &styles[styles.find("<w:rPrDefault>")?..];
    let defaults = &defaults[..defaults.find("</w:rPrDefault>")?];
    let fonts = &defaults[defaults.find("<w:rFonts ")?..];
    Some(&fonts[..fonts.find('>')?])
}

/// An attribute's value as written (still escaped, so it can be written
/// into another attribute as it is).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let value = &tag[tag.find(&format!(" {name}=\""))? + name.len() + 3..];
    Some(&value[..value.find('"')?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_fonts_of_the_run_defaults() {
        let styles = r#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Brand &amp; Co" w:hAnsi="Brand &amp; Co" w:eastAsia="Brand &amp; Co" w:cs="Noto Sans Arabic" /></w:rPr></w:rPrDefault></w:docDefaults><w:style><w:rPr><w:rFonts w:ascii="Other" /></w:rPr></w:style></w:styles>"#;
        let theme = String::from_utf8(part(styles.as_bytes())).unwrap();
        let minor = r#"<a:minorFont><a:latin typeface="Brand &amp; Co"/><a:ea typeface="Brand &amp; Co"/><a:cs typeface="Noto Sans Arabic"/></a:minorFont>"#;
        assert!(theme.contains(minor), "{theme}");
        assert!(theme.contains(&minor.replace("minorFont", "majorFont")));
        assert!(!theme.contains("Other"));
    }

    #[test]
    fn without_run_defaults_the_fonts_are_left_to_the_reader() {
        let theme = String::from_utf8(part(b"<w:styles />")).unwrap();
        assert!(theme.contains(r#"<a:minorFont><a:latin typeface=""/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont>"#));
        assert!(theme.ends_with("</a:theme>"));
    }
}
