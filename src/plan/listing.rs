//! [`Listing`]: what the download page (`output/index.html`) says about one
//! framework: the framework in brief, its levels, roles and age bands, and
//! every pack with the files built of it, in every language they are built
//! in, bilingual packs too ([`Files`]). Worded like the packs, from the
//! `[download]` section of the wording of the framework in one language,
//! so the page holds no word of its own.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;

use super::document::{Reader, speaker};
use super::pack::{BandInfo, LevelRef};
use super::wording::Speaker;
use super::{Audience, Edition, FULL_EDITION_ID, PackSpec, expand};
use crate::editions::{ChangeKind, Changes};
use crate::model::{Block, Blocks, Colour, Date, Format, Framework, Id, RegistrationField};

/// One framework on the download page.
#[derive(Clone, Debug, Serialize)]
pub struct Listing {
    pub framework: Brief,
    pub levels: Vec<LevelEntry>,
    pub roles: Vec<RoleEntry>,
    pub bands: Vec<BandInfo>,
    /// The `[download]` words, worded for this framework.
    pub text: BTreeMap<String, serde_json::Value>,
    /// What "find your pack" offers: the levels and roles that have a pack
    /// (`value` is `level:<id>` or `role:<id>`, as in [`PackEntry::who`]).
    pub choices: Vec<Choice>,
    /// The languages files are built in (this listing's first; a bilingual
    /// file is in both of its): more than one, and the page says each
    /// file's language and offers itself in each.
    pub languages: Vec<Language>,
    /// The level and role packs with at least one file built, in source order.
    pub packs: Vec<PackEntry>,
    /// The full edition, if a file of it is built.
    pub full: Option<PackEntry>,
    /// What is new since the previous edition, when the source names one.
    pub news: Option<String>,
    /// What `framewright serve`'s download page asks before it gives the
    /// files (`[packs.registration]`); empty: it asks nothing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub registration: Vec<RegistrationField>,
}

/// The framework in brief. (The listing is kept in the output folder's
/// manifest, so it holds only what the page shows.)
#[derive(Clone, Debug, Serialize)]
pub struct Brief {
    pub id: Id,
    pub title: String,
    pub subtitle: Option<String>,
    pub publisher: String,
    pub version: String,
    pub published: Date,
    pub review: Option<Date>,
    /// The source's language tag ("en-GB"), for the framework's `lang`.
    pub language: String,
    pub licence: Option<String>,
    pub contact: Option<String>,
    /// The first paragraph of the framework's introduction.
    pub summary: Blocks,
    /// The framework's colours (`[packs.branding]`), which its part of
    /// the page (and, for the first framework, the page) is drawn in.
    pub primary: Colour,
    pub accent: Colour,
}

#[derive(Clone, Debug, Serialize)]
pub struct LevelEntry {
    pub id: Id,
    pub name: String,
    pub audience: Option<String>,
    /// "Equivalent to: …", when the level is cross-walked to other schemes.
    pub crosswalk_text: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RoleEntry {
    pub id: Id,
    pub name: String,
    pub level: LevelRef,
    /// "Typical roles: …", when the role lists examples.
    pub examples_text: Option<String>,
}

/// A level or role the reader can pick.
#[derive(Clone, Debug, Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
    /// "level" or "role".
    pub kind: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct PackEntry {
    pub id: String,
    /// The pack's title, as on its cover ("Level 2 · Primary").
    pub title: String,
    /// `level:<id>` or `role:<id>` (empty for the full edition).
    pub who: String,
    pub band: Option<Id>,
    pub additional_needs: bool,
    pub files: Vec<FileEntry>,
}

/// A language files are built in, or a bilingual file's two.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Language {
    /// Its tag, as the build was asked for it (`cy`), or the source's; a
    /// bilingual file's first language's (Welsh, printed first).
    pub tag: String,
    /// Its name in itself ("Cymraeg"): `download.language_name` of its
    /// wording. A bilingual file's two languages are named in the
    /// listing's language instead ("Welsh and English", `download.bilingual`).
    pub name: String,
    /// A bilingual file's second language (its tag).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub second: Option<String>,
}

impl Language {
    /// Whether a file in `self` is in language `tag`.
    fn includes(&self, tag: &str) -> bool {
        self.tag == tag || self.second.as_deref() == Some(tag)
    }
}

/// The files of the framework in one language, or in two (a bilingual
/// pack's), as the build names them.
#[derive(Clone, Copy)]
pub struct Files<'a> {
    pub edition: Edition<'a>,
    /// What their names say of their language (`cy`, `cy-en`; `None`: the
    /// source's own), as [`PackSpec::named_in`] is given it.
    pub named: Option<&'a str>,
}

impl<'a> Files<'a> {
    /// The frameworks of its languages, the first first.
    pub fn frameworks(&self) -> impl Iterator<Item = &'a Framework> {
        std::iter::once(self.edition.fw).chain(self.edition.alongside)
    }
}

/// One built file of a pack.
#[derive(Clone, Debug, Serialize)]
pub struct FileEntry {
    pub format: Format,
    /// The language of the file: its tag (for `hreflang`) and name.
    pub language: Language,
    /// The file's name in the output folder.
    pub name: String,
    pub bytes: usize,
    /// Pages (PDF); 0 for formats without pages of their own.
    pub pages: usize,
    pub sha256: String,
    /// The link's words: "PDF, 12 pages, 340 KB".
    pub text: String,
}

/// What the build knows of a file in the output folder.
pub struct Built {
    pub bytes: usize,
    pub pages: usize,
    pub sha256: String,
}

/// The listing of `fw`, worded in its language, with the files `built`
/// knows of (by file name) of each pack in each of `in_languages` (the
/// same framework in each language and pair of languages it may be built
/// in), those in `fw`'s language alone first.
pub fn build(fw: &Framework, in_languages: &[Files], built: &dyn Fn(&str) -> Option<Built>) -> Listing {
    let full_spec = PackSpec {
        id: FULL_EDITION_ID.into(),
        audience: Audience::Full,
        level: None,
        band: None,
        additional_needs: true,
        assess_assumed: false,
        formats: Vec::new(),
        span: 0..0,
        file_stem: String::new(),
        person: None,
    }
    .named(fw);
    let mut say = speaker(fw, &full_spec, &Reader { role: None, level: None, band: None, assumed: &[], file_stem: &full_spec.file_stem });
    // A framework without age bands asks nobody for their age group.
    say.add_fact("bands", !fw.bands.is_empty());
    let own = |files: &Files| files.edition.alongside.is_none() && files.edition.fw.framework.language == fw.framework.language;
    let in_languages: Vec<(Files, Language)> = in_languages
        .iter()
        .filter(|files| own(files))
        .chain(in_languages.iter().filter(|files| !own(files)))
        .map(|files| (*files, files_language(fw, files, &say)))
        .collect();
    let mut packs = Vec::new();
    let mut full = None;
    for spec in expand(fw) {
        let entry = pack_entry(fw, &spec, &in_languages, &say, built);
        match (&spec.audience, entry) {
            (_, None) => {}
            (Audience::Full, Some(entry)) => full = Some(entry),
            (_, Some(entry)) => packs.push(entry),
        }
    }
    let has_pack = |who: &str| packs.iter().any(|p: &PackEntry| p.who == who);
    let levels = fw.levels.iter().map(|l| (format!("level:{}", l.id.value), l.name.clone(), "level"));
    let roles = fw.roles.iter().map(|r| (format!("role:{}", r.id.value), r.name.clone(), "role"));
    let choices =
        levels.chain(roles).filter(|(value, ..)| has_pack(value)).map(|(value, label, kind)| Choice { value, label, kind }).collect();
    let mut languages: Vec<Language> = Vec::new();
    for language in std::iter::once(fw).chain(in_languages.iter().flat_map(|(files, _)| files.frameworks())).map(language) {
        let has_files = packs.iter().chain(&full).flat_map(|p| &p.files).any(|f| f.language.includes(&language.tag));
        if has_files && !languages.contains(&language) {
            languages.push(language);
        }
    }
    let meta = &fw.framework;
    let first_paragraph = meta.introduction.0.iter().find(|b| matches!(b, Block::Paragraph { .. })).cloned();
    Listing {
        framework: Brief {
            id: meta.id.value.clone(),
            title: meta.title.clone(),
            subtitle: meta.subtitle.clone(),
            publisher: meta.publisher.clone(),
            version: meta.version.clone(),
            published: meta.published,
            review: meta.review,
            language: meta.language.clone(),
            licence: meta.licence.clone(),
            contact: meta.contact.clone(),
            summary: Blocks(first_paragraph.into_iter().collect()),
            primary: fw.packs.branding.primary.clone(),
            accent: fw.packs.branding.accent.clone(),
        },
        levels: fw
            .levels
            .iter()
            .map(|l| LevelEntry {
                id: l.id.value.clone(),
                name: l.name.clone(),
                audience: l.audience.clone(),
                crosswalk_text: super::assemble::crosswalk_text(fw, &l.crosswalk, &say),
            })
            .collect(),
        roles: fw
            .roles
            .iter()
            .map(|r| RoleEntry {
                id: r.id.value.clone(),
                name: r.name.clone(),
                level: LevelRef {
                    id: r.level.value.clone(),
                    name: fw.level(&r.level.value).map_or_else(|| r.level.value.to_string(), |l| l.name.clone()),
                },
                examples_text: (!r.examples.is_empty()).then(|| say.say_with("guide.examples", json!({ "examples": r.examples }))),
            })
            .collect(),
        bands: fw
            .bands
            .iter()
            .map(|b| BandInfo { id: b.id.value.clone(), name: b.name.clone(), description: b.description.clone() })
            .collect(),
        text: say.section("download"),
        choices,
        languages,
        packs,
        full,
        news: fw.changes.as_ref().map(|c| news(c, &say)),
        registration: fw.packs.registration.iter().flat_map(|r| r.fields.iter().map(|f| f.value)).collect(),
    }
}

/// What is new in this edition, in a sentence.
fn news(changes: &Changes, say: &Speaker) -> String {
    let count = |kinds: &[ChangeKind]| kinds.iter().map(|&k| changes.statements(k).count()).sum::<usize>();
    say.say_with(
        "download.news",
        json!({
            "old_version": changes.old_version,
            "count": changes.changes.len(),
            "affects": changes.changes.iter().filter(|c| c.affects_assessment).count(),
            "added": count(&[ChangeKind::Added]),
            "removed": count(&[ChangeKind::Removed, ChangeKind::Replaced]),
            "reworded": count(&[ChangeKind::Reworded]),
        }),
    )
}

/// `fw`'s language: the tag its packs are built in, and its name from its
/// wording.
fn language(fw: &Framework) -> Language {
    let name = fw.wording.0.get("download.language_name").cloned().unwrap_or_else(|| fw.framework.language.clone());
    Language { tag: fw.framework.language.clone(), name, second: None }
}

/// The language of `files`, said in the listing of `fw` (`say`): a single
/// language in itself; a bilingual pair in `fw`'s language, each named by
/// its `download.language_LANG` (LANG its primary tag, `cy`), else in
/// itself.
fn files_language(fw: &Framework, files: &Files, say: &Speaker) -> Language {
    let Some(second) = files.edition.alongside else { return language(files.edition.fw) };
    let name = |other: &Framework| {
        let primary = other.framework.language.split('-').next().unwrap_or_default().to_ascii_lowercase();
        let key = format!("download.language_{primary}");
        if fw.wording.0.contains_key(&key) { say.say(&key) } else { language(other).name }
    };
    let both = json!({ "first": name(files.edition.fw), "second": name(second) });
    Language {
        tag: files.edition.fw.framework.language.clone(),
        name: say.say_with("download.bilingual", both),
        second: Some(second.framework.language.clone()),
    }
}

/// The entry of pack `spec`, if a file of it is built: its files in each
/// of `in_languages` (named as the build names them), a language's
/// formats together.
fn pack_entry(
    fw: &Framework,
    spec: &PackSpec,
    in_languages: &[(Files, Language)],
    say: &Speaker,
    built: &dyn Fn(&str) -> Option<Built>,
) -> Option<PackEntry> {
    let files: Vec<FileEntry> = in_languages
        .iter()
        .flat_map(|(files, language)| {
            let named = spec.clone().named_in(files.edition.fw, files.named);
            spec.formats.iter().map(move |&format| (named.file_name(format), format, language))
        })
        .filter_map(|(name, format, language)| {
            let b = built(&name)?;
            let kb = b.bytes.div_ceil(1000);
            let facts = json!({
                "format": say.say(&format!("download.format_{}", format.extension())),
                "pages": (b.pages > 0).then_some(b.pages),
                "kb": kb,
                "mb": format!("{:.1}", b.bytes as f64 / 1_000_000.0),
            });
            let text = say.say_with("download.file", facts);
            Some(FileEntry { format, language: language.clone(), text, name, bytes: b.bytes, pages: b.pages, sha256: b.sha256 })
        })
        .collect();
    if files.is_empty() {
        return None;
    }
    let (who, role, level) = match &spec.audience {
        Audience::Level(id) => (format!("level:{id}"), None, fw.level(id)),
        Audience::Role(id) => (format!("role:{id}"), fw.role(id), spec.level.as_ref().and_then(|l| fw.level(l))),
        Audience::Full => (String::new(), None, None),
    };
    let facts = json!({
        "full": spec.audience == Audience::Full,
        "role": role.map(|r| &r.name),
        "level": level.map(|l| &l.name),
        "band": spec.band.as_ref().and_then(|b| fw.band(b)).map(|b| &b.name),
        "additional_needs": spec.additional_needs,
    });
    Some(PackEntry {
        id: spec.id.clone(),
        title: say.say_with("pack.title", facts),
        who,
        band: spec.band.clone(),
        additional_needs: spec.additional_needs && spec.audience != Audience::Full,
        files,
    })
}
