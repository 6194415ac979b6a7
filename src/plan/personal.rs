//! Personalised packs (`build --staff`): one pack per member of staff of a
//! staff list, with the person's name in the pack id and file name and the
//! sign-off pre-filled (see [`super::pack::PersonPlan`]).
//!
//! A person's pack is the pack of their level or role and band, whether or
//! not `[[packs.build]]` lists it: [`pack_for`] makes it, and `harvest`
//! matches returned forms against [`every_pack`], the same packs, so any
//! pack that builds is a pack that harvests.

use std::collections::HashSet;

use super::{Audience, PackSpec, expand, naming, pack_id};
use crate::model::{Framework, Id};
use crate::source::staff::Person;

/// The pack for `audience` (at `level`), `band` and additional needs: the
/// one `[[packs.build]]` defines under that id if it does (with its
/// settings, such as `assess_assumed`), else the pack as the level has it.
pub fn pack_for(
    fw: &Framework,
    defined: &[PackSpec],
    audience: Audience,
    level: &Id,
    band: Option<&Id>,
    additional_needs: bool,
) -> PackSpec {
    let id = pack_id(&audience, band, additional_needs);
    if let Some(spec) = defined.iter().find(|s| s.id == id) {
        return spec.clone();
    }
    PackSpec {
        id,
        audience,
        level: Some(level.clone()),
        band: band.cloned(),
        additional_needs,
        assess_assumed: fw.level(level).is_some_and(|l| l.assess_assumed),
        formats: fw.packs.formats.clone(),
        span: 0..0,
        file_stem: String::new(),
        person: None,
    }
    .named(fw)
}

/// Every level and role pack a source can make, for any band, with and
/// without the additional-needs enhancements: the packs it defines first,
/// in order, then the rest (built only for people, by `build --staff`).
pub fn every_pack(fw: &Framework) -> Vec<PackSpec> {
    let mut specs: Vec<PackSpec> = expand(fw).into_iter().filter(|s| s.audience != Audience::Full).collect();
    let defined = specs.clone();
    let bands: Vec<Option<&Id>> = if fw.bands.is_empty() { vec![None] } else { fw.bands.iter().map(|b| Some(&b.id.value)).collect() };
    let audiences = fw
        .levels
        .iter()
        .map(|l| (Audience::Level(l.id.value.clone()), &l.id.value))
        .chain(fw.roles.iter().map(|r| (Audience::Role(r.id.value.clone()), &r.level.value)));
    for (audience, level) in audiences {
        for band in &bands {
            for additional_needs in [false, true] {
                if !specs.iter().any(|s| s.id == pack_id(&audience, *band, additional_needs)) {
                    specs.push(pack_for(fw, &defined, audience.clone(), level, *band, additional_needs));
                }
            }
        }
    }
    specs
}

/// One pack per person, built in every format of the source. The pack id
/// is the person's level or role pack id followed by their name as ASCII
/// (transliterated: "Zoë Ó Briain" → `zoe-o-briain`), numbered when two
/// people's names come out the same.
pub fn pack_specs(fw: &Framework, people: &[Person]) -> Vec<PackSpec> {
    let mut used: HashSet<String> = HashSet::new();
    let defined = expand(fw);
    people
        .iter()
        .map(|p| {
            let audience = match &p.role {
                Some(role) => Audience::Role(role.clone()),
                None => Audience::Level(p.level.clone()),
            };
            let pack = pack_for(fw, &defined, audience, &p.level, p.band.as_ref(), p.additional_needs);
            // Numbered until unused, so "Ann Smith" twice and an "Ann Smith
            // 2" still get three names.
            let base = person_slug(&p.name);
            let mut slug = base.clone();
            let mut n = 1;
            while !used.insert(slug.clone()) {
                n += 1;
                slug = format!("{base}-{n}");
            }
            // In every format of the source, whatever the pack's own entry says.
            PackSpec { id: format!("{}-{slug}", pack.id), formats: fw.packs.formats.clone(), span: 0..0, person: Some(p.clone()), ..pack }
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
