//! [`PackIdentity`]: which framework, version and pack a pack is, and the
//! plan it was built from. Every pack carries it in each of its formats,
//! and a returned form is matched to its pack by it; this module writes it
//! and reads it back, for every format, and nothing else does:
//!
//! | format | where | written by | read by |
//! |---|---|---|---|
//! | PDF | the keywords of the document information and of the XMP packet: `framewright:framework=…`, `framewright:version=…`, `framewright:pack=…`, `framewright:plan=…` | [`PackIdentity::keywords`] (the plan's keywords, which `templates/parts/style.typ` sets) | [`PackIdentity::from_keywords`] |
//! | Word | the custom properties `framewright.framework`, `.version`, `.pack`, `.plan` (and the keywords, as in the PDF) | [`PackIdentity::properties`] | [`PackIdentity::from_properties`] |
//! | HTML | the answers file's `framewright` object: `{"framework", "version", "pack", "plan"}` | the page's `data-framework`, `data-version`, `data-pack`, `data-plan` (from the plan), which `templates/html/script.js` saves as that object | [`PackIdentity::from_answers`] |
//!
//! The names are the same in all three, and in the harvest's log: the
//! identity's serde form is the answers file's object.

use serde::{Deserialize, Serialize, Serializer};

/// The word every identity keyword and property name starts with, and the
/// answers file's key for the identity object.
pub const MARK: &str = "framewright";

/// The four parts, by the names every format gives them.
const FRAMEWORK: &str = "framework";
const VERSION: &str = "version";
const PACK: &str = "pack";
const PLAN: &str = "plan";

/// Which framework, version and pack a pack (or a returned form) is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackIdentity {
    pub framework: String,
    pub version: String,
    pub pack: String,
    /// SHA-256 of the pack's plan when it was built; a form may not say.
    pub plan: Option<String>,
}

impl PackIdentity {
    /// The parts as (name, value), in the order every format writes them.
    fn parts(&self) -> Vec<(&'static str, &str)> {
        let mut parts = vec![(FRAMEWORK, self.framework.as_str()), (VERSION, &self.version), (PACK, &self.pack)];
        parts.extend(self.plan.as_deref().map(|plan| (PLAN, plan)));
        parts
    }

    /// An identity from a lookup of its parts by name; the first three are
    /// needed, and a part of only spaces is no part.
    fn from_parts(get: impl Fn(&str) -> Option<String>) -> Option<Self> {
        let part = |name: &str| get(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        Some(Self { framework: part(FRAMEWORK)?, version: part(VERSION)?, pack: part(PACK)?, plan: part(PLAN) })
    }

    /// The PDF's (and the Word core properties') keywords:
    /// `framewright:framework=…` and so on.
    pub fn keywords(&self) -> Vec<String> {
        self.parts().into_iter().map(|(name, value)| format!("{MARK}:{name}={value}")).collect()
    }

    /// Finds `framewright:NAME=VALUE` items in text: the PDF keywords
    /// ("competency framework, framewright:framework=…, …") or the XMP
    /// packet, where they stand in `pdf:Keywords` or a `dc:subject` list.
    pub fn from_keywords(text: &str) -> Option<Self> {
        // Entities first, so the `;` of `&amp;` does not end a value.
        let text = xml_unescape(text);
        Self::from_parts(|name| {
            let marker = format!("{MARK}:{name}=");
            let start = text.find(&marker)? + marker.len();
            let rest = &text[start..];
            let end = rest.find([',', ';', '<', '"', '\n', '\r']).unwrap_or(rest.len());
            Some(rest[..end].to_string())
        })
    }

    /// The Word custom properties, as (name, value): `framewright.framework`
    /// and so on.
    pub fn properties(&self) -> Vec<(String, &str)> {
        self.parts().into_iter().map(|(name, value)| (format!("{MARK}.{name}"), value)).collect()
    }

    /// The identity from the custom properties, looked up by full name.
    pub fn from_properties(get: impl Fn(&str) -> Option<String>) -> Option<Self> {
        Self::from_parts(|name| get(&format!("{MARK}.{name}")))
    }

    /// The identity from an answers file's `framewright` object, by a
    /// lookup of its members as text.
    pub fn from_answers(get: impl Fn(&str) -> Option<String>) -> Option<Self> {
        Self::from_parts(get)
    }
}

/// The identity as a pack's plan holds it, with what the plan hash covers
/// besides: the framewright version that made the plan and the pack's file
/// name. Serialised under the names the templates read
/// (`plan.identity.framework_id`, `framework_version`, `pack_id`,
/// `plan_hash`, `framewright_version`, `file_stem`), which the plan hash of
/// every pack built so far was taken over.
#[derive(Clone, Debug)]
pub struct Signature {
    pub id: PackIdentity,
    /// The file name without extension.
    pub file_stem: String,
}

impl Signature {
    /// The plan hash (empty only while it is being taken).
    pub fn plan_hash(&self) -> &str {
        self.id.plan.as_deref().unwrap_or_default()
    }
}

impl Serialize for Signature {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Planned<'a> {
            framework_id: &'a str,
            framework_version: &'a str,
            pack_id: &'a str,
            /// Empty while the hash is being taken.
            plan_hash: &'a str,
            framewright_version: &'a str,
            file_stem: &'a str,
        }
        Planned {
            framework_id: &self.id.framework,
            framework_version: &self.id.version,
            pack_id: &self.id.pack,
            plan_hash: self.plan_hash(),
            framewright_version: env!("CARGO_PKG_VERSION"),
            file_stem: &self.file_stem,
        }
        .serialize(serializer)
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

    fn identity(plan: Option<&str>) -> PackIdentity {
        PackIdentity {
            framework: "london-safeguarding".into(),
            version: "2.1".into(),
            pack: "level-2-zoe-o-briain".into(),
            plan: plan.map(String::from),
        }
    }

    #[test]
    fn keywords_and_xmp_give_the_identity() {
        let keywords = "competency framework, self-assessment, framewright:framework=london-safeguarding, \
                        framewright:version=2.1, framewright:pack=level-2-zoe-o-briain, framewright:plan=ab12";
        assert_eq!(PackIdentity::from_keywords(keywords), Some(identity(Some("ab12"))));
        let xmp = "<rdf:li>framewright:framework=a&amp;b</rdf:li><rdf:li>framewright:version=1</rdf:li>\
                   <rdf:li>framewright:pack=level-1</rdf:li>";
        let id = PackIdentity::from_keywords(xmp).unwrap();
        assert_eq!((id.framework.as_str(), id.version.as_str(), id.pack.as_str(), id.plan), ("a&b", "1", "level-1", None));
        assert_eq!(PackIdentity::from_keywords("framewright:framework=x, framewright:pack=y"), None);
    }

    #[test]
    fn every_format_reads_back_what_it_wrote() {
        for id in [identity(Some("ab12")), identity(None)] {
            assert_eq!(PackIdentity::from_keywords(&id.keywords().join(", ")), Some(id.clone()));
            let properties = id.properties();
            let get = |name: &str| properties.iter().find(|(n, _)| n == name).map(|(_, v)| v.to_string());
            assert_eq!(PackIdentity::from_properties(get), Some(id.clone()));
            let answers = serde_json::to_value(&id).unwrap();
            assert_eq!(PackIdentity::from_answers(|name| answers[name].as_str().map(String::from)), Some(id.clone()));
        }
        assert_eq!(identity(Some("ab12")).properties()[0], ("framewright.framework".to_string(), "london-safeguarding"));
    }
}
