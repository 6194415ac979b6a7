//! Names: the one way framewright turns text into a name ([`slug`]), and
//! the file names of packs, from the source's minijinja pattern, reduced to
//! a safe file name so no pattern or value can reach outside the output
//! folder.

use minijinja::{Environment, UndefinedBehavior, context};

use super::{Audience, PackSpec};
use crate::model::Framework;

/// Longest file stem we produce: well under every file system's limit,
/// leaving room for the extension and a temporary suffix.
const MAX_STEM: usize = 120;

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env
}

/// Checks that a pattern parses; returns the parser's complaint if not.
pub fn check_pattern(pattern: &str) -> Result<(), String> {
    environment().template_from_str(pattern).map(|_| ()).map_err(|e| e.to_string())
}

/// The file name (without extension) of `spec`. A pack in another
/// language than the source's has it in its name: the pattern's
/// `{{ language }}`, or `-LANG` after the name when the pattern does not
/// say where it goes, so English names stay as they were.
pub fn file_stem(fw: &Framework, spec: &PackSpec) -> Result<String, String> {
    file_stem_in(fw, spec, language(fw))
}

/// The language `fw`'s pack names say: none for the source's own.
pub fn language(fw: &Framework) -> Option<&str> {
    fw.translated_from.as_ref().map(|_| fw.framework.language.as_str())
}

/// The file name of `spec` as a pack in `language` (`"cy"`, `"cy-en"`;
/// `None` for the source's own language).
pub fn file_stem_in(fw: &Framework, spec: &PackSpec, language: Option<&str>) -> Result<String, String> {
    let env = environment();
    let template = env.template_from_str(&fw.packs.file_name).map_err(|e| e.to_string())?;
    let (level, role) = match &spec.audience {
        Audience::Level(l) => (Some(l.as_str()), None),
        Audience::Role(r) => (spec.level.as_ref().map(|l| l.as_str()), Some(r.as_str())),
        Audience::Full => (None, None),
    };
    let rendered = template
        .render(context! {
            framework => fw.framework.id.as_str(),
            version => &fw.framework.version,
            pack => &spec.id,
            level => level,
            role => role,
            band => spec.band.as_ref().map(|b| b.as_str()),
            additional_needs => spec.additional_needs,
            language => language.unwrap_or_default(),
        })
        .map_err(|e| e.to_string())?;
    let rendered = match language {
        Some(language) if !template.undeclared_variables(false).contains("language") => format!("{rendered}-{language}"),
        _ => rendered,
    };
    let stem = safe_stem(&rendered);
    if stem.is_empty() { Err(format!("the pattern gives an empty name for pack `{}`", spec.id)) } else { Ok(stem) }
}

/// `text` as a name: transliterated to ASCII ("Zoë" → "Zoe", "Łukasz" →
/// "Lukasz", "Straße" → "Strasse", Arabic script to Latin letters), then
/// every run of characters other than ASCII letters, digits and those in
/// `keep` turned into one `-`, with `-` and `.` trimmed from both ends.
/// Case is kept; callers that want lower case fold it.
pub fn slug(text: &str, keep: &[char]) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(text).chars() {
        let c = if c.is_ascii_alphanumeric() || keep.contains(&c) { c } else { '-' };
        // One separator for a run, and never `..`.
        if !((c == '-' || c == '.') && out.ends_with(c)) {
            out.push(c);
        }
    }
    out.trim_matches(['-', '.']).to_string()
}

/// Reduces `name` to a file stem: a [`slug`] keeping `.`, `-` and `_` (so
/// no separators, no `..`, no leading dot), not a Windows device name, at
/// most [`MAX_STEM`] bytes.
pub fn safe_stem(name: &str) -> String {
    let mut out = slug(name, &['-', '_', '.']);
    out.truncate(MAX_STEM);
    let out = out.trim_end_matches(['-', '.']).to_string();
    if is_windows_device(&out) { format!("_{out}") } else { out }
}

/// Whether Windows reserves `name` for a device (`CON`, `nul.txt`, `COM1`…),
/// whatever its case and extension: such a file cannot be opened there.
pub fn is_windows_device(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default().to_ascii_uppercase();
    let numbered = |prefix: &str| stem.strip_prefix(prefix).is_some_and(|n| n.len() == 1 && matches!(n.as_bytes()[0], b'1'..=b'9'));
    ["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str()) || numbered("COM") || numbered("LPT")
}

#[cfg(test)]
mod tests {
    use super::{safe_stem, slug};

    #[test]
    fn names_cannot_escape_or_collide_with_devices() {
        assert_eq!(safe_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(safe_stem("/abs/path"), "abs-path");
        assert_eq!(safe_stem("a\0b"), "a-b");
        assert_eq!(safe_stem("CON"), "_CON");
        assert_eq!(safe_stem("con.pdf"), "_con.pdf");
        assert_eq!(safe_stem("Zoë Ó Briain"), "Zoe-O-Briain");
        assert_eq!(safe_stem("a..b--c"), "a.b-c");
        assert_eq!(safe_stem(&"x".repeat(500)).len(), 120);
        assert_eq!(safe_stem("..."), "");
    }

    #[test]
    fn slugs_transliterate() {
        assert_eq!(slug("Łukasz Wróbel", &[]), "Lukasz-Wrobel");
        assert_eq!(slug("Ødegård Æsa Straße", &[]), "Odegard-AEsa-Strasse");
        assert_eq!(slug("محمد", &[]), "mHmd");
        assert_eq!(slug("my_framework v2.1", &['_']), "my_framework-v2-1");
        assert_eq!(slug("— ·", &[]), "");
    }
}
