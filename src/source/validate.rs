//! Checks that need the whole source: unique ids, references between lists,
//! text that must not be empty, paths, packs that would be empty. Also fills
//! in the defaults that depend on other lists (a statement without `bands`
//! applies to every band), so the model downstream is fully resolved.

use std::collections::HashMap;
use std::ops::Range;

use super::diagnostic::{Diagnostic, Diagnostics};
use super::paths::ProjectPaths;
use super::previous::Gone;
use super::suggest::nearest;
use crate::model::*;

/// A help line lists at most this many ids: a framework has hundreds of statements.
const MAX_LISTED_IDS: usize = 12;

/// The ids of one list, with where each was defined.
struct Ids<'a> {
    what: &'static str,
    spans: HashMap<&'a str, Range<usize>>,
    order: Vec<&'a str>,
    /// Each item's name (in lower case) and id, to tell a reference that
    /// gives the name ("Level 2") which id it means.
    names: Vec<(String, &'a str)>,
}

impl<'a> Ids<'a> {
    /// Collects ids, reporting each malformed one, and each duplicate next
    /// to its first definition.
    fn collect(what: &'static str, ids: impl IntoIterator<Item = &'a Sp<Id>>, d: &mut Diagnostics) -> Self {
        let mut this = Ids { what, spans: HashMap::new(), order: Vec::new(), names: Vec::new() };
        for id in ids {
            check_id(id, d);
            // A reference without the stray space finds it too: one error, at the definition.
            this.spans.entry(id.as_str().trim()).or_insert_with(|| id.span.clone());
            if let Some(first) = this.spans.get(id.as_str()).filter(|first| **first != id.span) {
                d.push(
                    Diagnostic::error(id.span.clone(), format!("duplicate {what} id `{}`", id.value))
                        .with_label("defined again here")
                        .with_related(first.clone(), "first defined here")
                        .with_help(format!("give each {what} its own id; ids must stay stable once published")),
                );
            } else {
                this.spans.insert(id.as_str(), id.span.clone());
                this.order.push(id.as_str());
            }
        }
        this
    }

    /// Adds the items' names, as `(name, id)`.
    fn named(mut self, names: impl IntoIterator<Item = (&'a str, &'a Sp<Id>)>) -> Self {
        self.names = names.into_iter().map(|(name, id)| (name.trim().to_lowercase(), id.as_str())).collect();
        self
    }

    fn contains(&self, id: &str) -> bool {
        self.spans.contains_key(id)
    }

    /// The id a reference that names no id most likely meant: its own text
    /// without spaces around it, the id of the item it gives the name of,
    /// or the id at its end ("Level 2" for `2`).
    fn meant(&self, text: &str) -> Option<&'a str> {
        let known = |id: &str| self.spans.get_key_value(id).map(|(k, _)| *k);
        let text = text.trim();
        let lower = text.to_lowercase();
        let after_what = || {
            let rest = text.get(self.what.len()..).filter(|_| lower.starts_with(self.what))?;
            known(rest.trim_start_matches([' ', '-', '_']))
        };
        known(text).or_else(|| self.names.iter().find(|(name, _)| *name == lower).map(|(_, id)| *id)).or_else(after_what)
    }

    /// Reports every reference in `refs` that names no known id.
    fn check(&self, refs: impl IntoIterator<Item = &'a Sp<Id>>, d: &mut Diagnostics) {
        for r in refs {
            if !self.contains(r.as_str()) {
                d.push(self.unknown(r));
            }
        }
    }

    fn unknown(&self, r: &Sp<Id>) -> Diagnostic {
        let what = self.what;
        if let Some(id) = self.meant(r.as_str()) {
            let (message, label) = if r.as_str().trim() == id {
                (format!("{what} `{}` has a space at its start or end", r.value), "an id has no spaces around it")
            } else {
                (format!("`{}` is not a {what} id", r.value), "a name, not an id")
            };
            return Diagnostic::error(r.span.clone(), message).with_label(label).with_help(format!("write the {what}'s id: \"{id}\""));
        }
        let help = match (nearest(r.as_str(), self.order.iter().copied(), 0.75), self.order.is_empty()) {
            (Some(k), _) => format!("did you mean `{k}`?"),
            (None, true) => format!("this source defines no {what}s; add one or remove this reference"),
            (None, false) if self.order.len() <= MAX_LISTED_IDS => format!("the {what} ids are: {}", self.order.join(", ")),
            (None, false) => {
                format!("the {what} ids are: {}, … ({} more)", self.order[..MAX_LISTED_IDS].join(", "), self.order.len() - MAX_LISTED_IDS)
            }
        };
        Diagnostic::error(r.span.clone(), format!("unknown {what} `{}`", r.value))
            .with_label(format!("no {what} has this id"))
            .with_help(help)
    }
}

/// Runs every whole-source check on `fw`, filling in resolved defaults.
/// `gone` holds the statements its previous edition had and it has not.
pub fn validate(fw: &mut Framework, paths: &ProjectPaths, gone: &Gone, d: &mut Diagnostics) {
    check_meta(&fw.framework, paths, d);
    check_logo_format(fw, d);
    let levels = Ids::collect("level", fw.levels.iter().map(|l| &l.id), d).named(fw.levels.iter().map(|l| (l.name.as_str(), &l.id)));
    let schemes = Ids::collect("scheme", fw.schemes.iter().map(|s| &s.id), d).named(fw.schemes.iter().map(|s| (s.name.as_str(), &s.id)));
    let roles = Ids::collect("role", fw.roles.iter().map(|r| &r.id), d).named(fw.roles.iter().map(|r| (r.name.as_str(), &r.id)));
    let bands = Ids::collect("band", fw.bands.iter().map(|b| &b.id), d).named(fw.bands.iter().map(|b| (b.name.as_str(), &b.id)));
    let containers = fw.domains.iter().flat_map(|dm| std::iter::once(&dm.id).chain(dm.topics.iter().map(|t| &t.id)));
    Ids::collect("domain or topic", containers, d);
    let statements = Ids::collect("statement", fw.statements().map(|s| &s.id), d);
    check_replaces(fw, &statements, d);
    Ids::collect("training option", fw.training.iter().map(|t| &t.id), d);
    Ids::collect("sign-off field", fw.assessment.signoff.iter().map(|s| &s.id), d);

    for level in &fw.levels {
        schemes.check(level.crosswalk.0.iter().map(|(k, _)| k), d);
    }
    for role in &fw.roles {
        levels.check([&role.level], d);
        schemes.check(role.crosswalk.0.iter().map(|(k, _)| k), d);
    }
    for domain in &fw.domains {
        check_container(&domain.statements, &domain.empty_levels, &domain.level_intro, &levels, &bands, d);
        for topic in &domain.topics {
            check_container(&topic.statements, &topic.empty_levels, &topic.level_intro, &levels, &bands, d);
        }
        if domain.statements.is_empty() && domain.topics.is_empty() {
            d.push(
                Diagnostic::error(domain.id.span.clone(), format!("domain `{}` has no statements and no topics", domain.id.value))
                    .with_help("add statements (or topics with statements), or remove the domain"),
            );
        }
    }
    check_assessment(&fw.assessment, d);
    for t in &fw.training {
        levels.check(&t.levels, d);
        roles.check(&t.roles, d);
        bands.check(&t.bands, d);
        check_statement_refs(&statements, &t.statements, gone, d);
        if t.levels.is_empty() && t.roles.is_empty() && t.statements.is_empty() {
            d.push(
                Diagnostic::error(t.id.span.clone(), format!("training option `{}` serves nothing", t.id.value))
                    .with_help("add `levels`, `roles` or `statements` so packs know when to offer it"),
            );
        }
        if let Some(link) = &t.link
            && !["https://", "http://", "mailto:"].iter().any(|p| link.starts_with(p))
        {
            d.push(
                Diagnostic::error(link.span.clone(), format!("`{}` is not a link", link.value))
                    .with_help("start the link with https://, http:// or mailto:"),
            );
        }
    }
    for r in &fw.refreshers {
        levels.check(&r.levels, d);
        roles.check(&r.roles, d);
    }
    let defaults: Vec<&Refresher> = fw.refreshers.iter().filter(|r| r.is_default()).collect();
    if let [first, others @ ..] = defaults.as_slice() {
        for other in others {
            d.push(
                Diagnostic::error(other.span.clone(), "a second default refresher rule (no `levels` and no `roles`)")
                    .with_label("another default rule")
                    .with_related(first.span.clone(), "the first default rule")
                    .with_help("keep one default rule (for \"everyone else\"); give the others `levels` or `roles`"),
            );
        }
    }
    check_packs(fw, &levels, &roles, &bands, paths, d);

    if !d.has_errors() {
        fill_defaults(fw);
    }
}

/// Reports `id` if it is not a well-formed id.
fn check_id(id: &Sp<Id>, d: &mut Diagnostics) {
    let Some(problem) = Id::problem(id.as_str()) else { return };
    let help = if Id::problem(id.as_str().trim()).is_none() {
        format!("write \"{}\"", id.as_str().trim())
    } else {
        "use letters, digits, `-` and `_`, e.g. \"d1-e-01\"".into()
    };
    d.push(Diagnostic::error(id.span.clone(), format!("`{}` is not a valid id", id.value)).with_label(problem).with_help(help));
}

/// References to statements: one to a statement the previous edition had
/// and this one dropped says so, instead of a "did you mean" that would
/// offer a neighbour's id.
fn check_statement_refs(statements: &Ids, refs: &[Sp<Id>], gone: &Gone, d: &mut Diagnostics) {
    for r in refs.iter().filter(|r| !statements.contains(r.as_str())) {
        let Some(by) = gone.ids.get(r.as_str()) else {
            d.push(statements.unknown(r));
            continue;
        };
        let help = match by.as_slice() {
            [] => "remove the reference, or refer to a statement of this edition".to_string(),
            by => format!("refer to what replaces it: {}", by.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ")),
        };
        d.push(
            Diagnostic::error(r.span.clone(), format!("statement `{}` is gone from this edition", r.value))
                .with_label(format!("a statement of version {} only", gone.version))
                .with_help(help),
        );
    }
}

/// `replaces` names statements of the previous edition, gone from this
/// one, so its ids are not looked up here; one this edition still has
/// would be both kept and replaced.
fn check_replaces(fw: &Framework, statements: &Ids, d: &mut Diagnostics) {
    for s in fw.statements() {
        for r in &s.replaces {
            check_id(r, d);
            if let Some(kept) = statements.spans.get(r.as_str()) {
                d.push(
                    Diagnostic::error(r.span.clone(), format!("statement `{}` replaces `{}`, which this edition still has", s.id.value, r.value))
                        .with_label("replaced here")
                        .with_related(kept.clone(), "still defined here")
                        .with_help("`replaces` names ids of the previous edition that are gone from this one: take the id out of `replaces`, or remove that statement"),
                );
            }
        }
    }
}

fn check_meta(meta: &Meta, paths: &ProjectPaths, d: &mut Diagnostics) {
    check_id(&meta.id, d);
    let id = meta.id.as_str();
    if id.chars().any(|c| c.is_ascii_uppercase()) {
        d.push(
            Diagnostic::error(meta.id.span.clone(), format!("framework id `{id}` has capital letters"))
                .with_help(format!("use lower case, e.g. \"{}\": the id goes into file names", id.to_ascii_lowercase())),
        );
    }
    if !meta.language.is_empty() && !is_language_tag(&meta.language) {
        d.push(
            Diagnostic::error(meta.language_span.clone(), format!("`{}` is not a language tag", meta.language))
                .with_label("not a BCP 47 tag")
                .with_help("use a BCP 47 tag such as \"en-GB\" or \"cy-GB\""),
        );
    }
    if let Some(review) = meta.review
        && review < meta.published
    {
        d.push(
            Diagnostic::warning(meta.id.span.clone(), format!("review date {review} is before the publication date {}", meta.published))
                .with_help("check the `review` and `published` dates"),
        );
    }
    if let Some(logo) = &meta.logo {
        paths.check_file(logo, "logo", d);
        if meta.logo_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
            d.push(
                Diagnostic::error(logo.span.clone(), "the logo has no alternative text")
                    .with_help("add `logo_alt = \"…\"` describing the logo: screen readers and PDF/UA need it"),
            );
        }
    }
}

/// Word cannot show an SVG logo (the PDF can): refuse the combination at
/// check time rather than failing every Word pack at build time.
fn check_logo_format(fw: &Framework, d: &mut Diagnostics) {
    let Some(logo) = &fw.framework.logo else { return };
    let builds_word = fw.packs.formats.contains(&Format::Docx)
        || fw.packs.build.iter().any(|b| b.formats.as_ref().is_some_and(|f| f.contains(&Format::Docx)));
    if builds_word && logo.value.to_ascii_lowercase().ends_with(".svg") {
        d.push(
            Diagnostic::error(logo.span.clone(), "Word packs cannot show an SVG logo")
                .with_label("SVG")
                .with_help("use a PNG, JPEG or GIF logo, or build only PDF (`formats = [\"pdf\"]` in [packs])"),
        );
    }
}

/// Whether `tag` looks like a BCP 47 language tag (`en-GB`, `cy`); also
/// the language part of a translations file's name.
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Checks the statements of one domain or topic.
fn check_container(
    statements: &[Statement],
    empty_levels: &[Sp<Id>],
    level_intro: &IdMap<Blocks>,
    levels: &Ids,
    bands: &Ids,
    d: &mut Diagnostics,
) {
    levels.check(empty_levels, d);
    levels.check(level_intro.0.iter().map(|(k, _)| k), d);
    for s in statements {
        if s.text.trim().is_empty() {
            d.push(
                Diagnostic::error(s.text.span.clone(), format!("statement `{}` has no text", s.id.value))
                    .with_label("empty text")
                    .with_help("write the competency, or remove the statement"),
            );
        }
        levels.check(s.level.iter(), d);
        bands.check(&s.bands, d);
        for lv in s.level.iter() {
            if let Some(empty) = empty_levels.iter().find(|e| e.value == lv.value) {
                d.push(
                    Diagnostic::error(
                        lv.span.clone(),
                        format!("level `{}` is declared empty here but statement `{}` uses it", lv.value, s.id.value),
                    )
                    .with_related(empty.span.clone(), "declared empty here")
                    .with_help("remove the level from `empty_levels`, or move the statement"),
                );
            }
        }
    }
}

fn check_assessment(a: &Assessment, d: &mut Diagnostics) {
    let mut seen: HashMap<i64, Range<usize>> = HashMap::new();
    for point in &a.scale {
        if let Some(first) = seen.insert(point.value.value, point.value.span.clone()) {
            d.push(
                Diagnostic::error(point.value.span.clone(), format!("duplicate scale value {}", point.value.value))
                    .with_related(first, "first used here")
                    .with_help("give each point of the scale its own value"),
            );
        }
    }
    let span = a.scale.first().map_or(0..0, |p| p.value.span.clone());
    if a.scale.len() < 2 {
        d.push(Diagnostic::error(span.clone(), "the rating scale needs at least two points").with_help("add [[assessment.scale]] entries"));
    } else if !a.scale.iter().any(|p| p.met) {
        d.push(
            Diagnostic::error(span, "no point of the rating scale counts as met")
                .with_help("add `met = true` to the ratings that mean the competency is met"),
        );
    }
}

fn check_packs(fw: &Framework, levels: &Ids, roles: &Ids, bands: &Ids, paths: &ProjectPaths, d: &mut Diagnostics) {
    for entry in &fw.packs.languages {
        let languages = match Packs::edition_languages(&entry.value) {
            Ok(languages) => languages,
            Err(message) => {
                d.push(Diagnostic::error(entry.span.clone(), message).with_label("not one language, nor two"));
                continue;
            }
        };
        if let Some(language) = languages.iter().find(|l| crate::model::Wording::built_in_in(l).is_none()) {
            d.push(
                Diagnostic::error(entry.span.clone(), format!("framewright has no wording in `{language}`"))
                    .with_label("no wording table in this language")
                    .with_help(format!("the languages framewright can build packs in: {}", crate::model::Wording::languages())),
            );
        }
    }
    let packs = &fw.packs;
    if let Some(template) = &packs.template {
        paths.check_file(template, "template", d);
    }
    if let Some(strings) = &packs.strings {
        paths.check_file(strings, "wording", d);
    }
    let asks_role = packs.registration.iter().flat_map(|r| &r.fields).find(|f| f.value == RegistrationField::Role);
    if let (Some(field), true) = (asks_role, fw.roles.is_empty()) {
        d.push(
            Diagnostic::error(field.span.clone(), "the download page would ask for a role, but the source defines no [[roles]]")
                .with_label("chosen from the framework's roles")
                .with_help("define the roles with [[roles]], or ask `job_title` instead"),
        );
    }
    for build in &packs.build {
        let header = build.span.clone();
        match (&build.levels, &build.roles) {
            (Some(_), Some(_)) => d.push(
                Diagnostic::error(header.clone(), "a [[packs.build]] entry names both `levels` and `roles`")
                    .with_help("split it into two entries: one with `levels`, one with `roles`"),
            ),
            (None, None) => d.push(
                Diagnostic::error(header.clone(), "a [[packs.build]] entry names neither `levels` nor `roles`")
                    .with_help("add `levels = \"all\"` or `roles = [\"…\"]`"),
            ),
            _ => {}
        }
        if let Some(Selection::Some(ids)) = &build.levels {
            levels.check(ids, d);
        }
        if let Some(Selection::Some(ids)) = &build.roles {
            roles.check(ids, d);
        }
        match &build.bands {
            Some(Selection::Some(ids)) => bands.check(ids, d),
            Some(Selection::All) | None => {}
        }
        if build.bands.is_some() && fw.bands.is_empty() {
            d.push(
                Diagnostic::error(header, "this pack names `bands` but the source defines no [[bands]]")
                    .with_help("remove `bands`, or define the bands with [[bands]]"),
            );
        }
    }
}

/// Fills the defaults that depend on other lists.
fn fill_defaults(fw: &mut Framework) {
    let all_bands: Vec<Sp<Id>> = fw.bands.iter().map(|b| b.id.clone()).collect();
    for domain in &mut fw.domains {
        let topics = domain.topics.iter_mut().flat_map(|t| t.statements.iter_mut());
        for s in domain.statements.iter_mut().chain(topics) {
            if s.bands.is_empty() {
                s.bands = all_bands.clone();
            }
        }
    }
    for t in &mut fw.training {
        if t.bands.is_empty() {
            t.bands = all_bands.clone();
        }
    }
}
