//! Personalised packs (`build --staff`): one pack per member of staff of a
//! staff list, with the person's name in the pack id and file name and the
//! sign-off pre-filled (see [`super::pack::PersonPlan`]).

use std::collections::HashSet;

use super::{Audience, PackSpec, naming, pack_id};
use crate::model::Framework;
use crate::source::staff::Person;

/// One pack per person, built in every format of the source. The pack id
/// is the person's level or role pack id followed by their name as ASCII
/// (transliterated: "Zoë Ó Briain" → `zoe-o-briain`), numbered when two
/// people's names come out the same.
pub fn pack_specs(fw: &Framework, people: &[Person]) -> Vec<PackSpec> {
    let mut used: HashSet<String> = HashSet::new();
    people
        .iter()
        .map(|p| {
            let audience = match &p.role {
                Some(role) => Audience::Role(role.clone()),
                None => Audience::Level(p.level.clone()),
            };
            let id = pack_id(&audience, p.band.as_ref(), p.additional_needs);
            // Numbered until unused, so "Ann Smith" twice and an "Ann Smith
            // 2" still get three names.
            let base = person_slug(&p.name);
            let mut slug = base.clone();
            let mut n = 1;
            while !used.insert(slug.clone()) {
                n += 1;
                slug = format!("{base}-{n}");
            }
            PackSpec {
                id: format!("{id}-{slug}"),
                audience,
                level: Some(p.level.clone()),
                band: p.band.clone(),
                additional_needs: p.additional_needs,
                assess_assumed: fw.level(&p.level).is_some_and(|l| l.assess_assumed),
                formats: fw.packs.formats.clone(),
                span: 0..0,
                file_stem: String::new(),
                person: Some(p.clone()),
            }
            .named(fw)
        })
        .collect()
}

/// Longest name part of a pack id: file names stay well inside their limit
/// (and distinct after numbering) however long a name is.
const MAX_SLUG: usize = 48;

/// `name` transliterated to lowercase ASCII words joined by `-`, at most
/// [`MAX_SLUG`] bytes. Transliterated rather than stripped of accents, so
/// that Łukasz is `lukasz`, not `ukasz`, and a name in Arabic script still
/// tells its pack apart.
fn person_slug(name: &str) -> String {
    let slug = naming::slug(name, &[]).to_lowercase();
    let mut slug = if slug.is_empty() { "person".to_string() } else { slug };
    slug.truncate(MAX_SLUG);
    slug.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::person_slug;

    #[test]
    fn names_fold_to_ascii_words() {
        assert_eq!(person_slug("Zoë Ó Briain"), "zoe-o-briain");
        assert_eq!(person_slug("  Siân   Llwyd-Jones "), "sian-llwyd-jones");
        assert_eq!(person_slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(person_slug("Łukasz Wróbel"), "lukasz-wrobel");
        assert_eq!(person_slug("Ødegård Æsa Straße"), "odegard-aesa-strasse");
        assert_eq!(person_slug("محمد"), "mhmd");
        assert_eq!(person_slug("— ·"), "person");
        assert_eq!(person_slug("CON"), "con");
        assert_eq!(person_slug(&"Anne ".repeat(100)).len(), 48);
    }
}
