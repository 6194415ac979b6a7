//! The identity a pack carries, written when it was built: the PDF's
//! keywords and XMP (`framewright:framework=…`, `framewright:version=…`,
//! `framewright:pack=…`, `framewright:plan=…`, from
//! `templates/parts/style.typ`), the Word custom properties
//! (`framewright.framework`, …) and the answers file's `framewright` object.

use serde::{Deserialize, Serialize};

/// Which framework, version and pack a returned form belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormIdentity {
    pub framework: String,
    pub version: String,
    pub pack: String,
    /// SHA-256 of the pack's plan when it was built.
    pub plan: Option<String>,
}

impl FormIdentity {
    /// Builds an identity from a lookup of the four parts by name
    /// (`framework`, `version`, `pack`, `plan`); the first three are needed.
    pub fn from_parts(get: impl Fn(&str) -> Option<String>) -> Option<Self> {
        let part = |name: &str| get(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        Some(Self { framework: part("framework")?, version: part("version")?, pack: part("pack")?, plan: part("plan") })
    }

    /// Finds `framewright:NAME=VALUE` items in text: the PDF keywords
    /// ("competency framework, framewright:framework=…, …") or the XMP
    /// packet, where they stand in `pdf:Keywords` or a `dc:subject` list.
    pub fn from_keywords(text: &str) -> Option<Self> {
        // Entities first, so the `;` of `&amp;` does not end a value.
        let text = xml_unescape(text);
        Self::from_parts(|name| {
            let marker = format!("framewright:{name}=");
            let start = text.find(&marker)? + marker.len();
            let rest = &text[start..];
            let end = rest.find([',', ';', '<', '"', '\n', '\r']).unwrap_or(rest.len());
            Some(rest[..end].to_string())
        })
    }
}

/// The five predefined XML entities, for values read out of raw XMP.
fn xml_unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_and_xmp_give_the_identity() {
        let keywords = "competency framework, self-assessment, framewright:framework=london-safeguarding, \
                        framewright:version=2.1, framewright:pack=level-2-zoe-o-briain, framewright:plan=ab12";
        let id = FormIdentity::from_keywords(keywords).unwrap();
        assert_eq!(
            id,
            FormIdentity {
                framework: "london-safeguarding".into(),
                version: "2.1".into(),
                pack: "level-2-zoe-o-briain".into(),
                plan: Some("ab12".into())
            }
        );
        let xmp = "<rdf:li>framewright:framework=a&amp;b</rdf:li><rdf:li>framewright:version=1</rdf:li>\
                   <rdf:li>framewright:pack=level-1</rdf:li>";
        let id = FormIdentity::from_keywords(xmp).unwrap();
        assert_eq!((id.framework.as_str(), id.version.as_str(), id.pack.as_str(), id.plan), ("a&b", "1", "level-1", None));
        assert_eq!(FormIdentity::from_keywords("framewright:framework=x, framewright:pack=y"), None);
    }
}
