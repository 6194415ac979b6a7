//! Matching a returned form to the framework and pack it came from: the
//! sources are loaded and planned as `build` does, and each form's identity
//! (framework id, version, pack id, plan hash) picks its pack plan.
//!
//! A personalised pack's id is its level or role pack's id followed by the
//! person's name (`level-2-zoe-o-briain`, see `build --staff`); it is
//! matched to that pack, which `[[packs.build]]` need not list: every
//! level and role pack the source can make is a candidate
//! ([`plan::personal::every_pack`]). A form of another version of the framework, or
//! whose plan hash differs, is still matched by its pack id: its answers
//! are then taken by stable statement id (see [`super::submission`]).
//!
//! Several editions of one framework may be given (`--source v2.toml
//! v1.toml`): every form is matched against the current edition, the
//! highest version given, so all answers count against one set of
//! statements; an older edition's source is what tells which statements
//! were reworded, added or removed since (see [`super::editions`]).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::model::Framework;
use crate::plan::{self, Edition, PackPlan, PackSpec};
use crate::source::ProjectPaths;

use crate::model::version_key;
use crate::plan::identity::PackIdentity;

/// One source, loaded and valid, with its packs planned on demand.
pub struct Source {
    pub path: PathBuf,
    pub fw: Framework,
    pub paths: ProjectPaths,
    specs: Vec<PackSpec>,
    plans: Vec<OnceLock<PackPlan>>,
}

impl Source {
    pub fn new(path: &Path, fw: Framework, paths: ProjectPaths) -> Self {
        let specs = plan::personal::every_pack(&fw);
        let plans = specs.iter().map(|_| OnceLock::new()).collect();
        Self { path: path.to_path_buf(), fw, paths, specs, plans }
    }

    fn plan(&self, index: usize) -> &PackPlan {
        self.plans[index].get_or_init(|| plan::assemble::build(&self.fw, &self.specs[index], &self.paths))
    }

    /// Whether `hash` is the plan hash of pack `index` in a language the
    /// source is translated into (`build --lang`), alone or in a bilingual
    /// pack with the source's own, either first: a Welsh or bilingual pack
    /// of an unchanged source and translation is as current as the English one.
    fn is_translated_plan(&self, index: usize, hash: &str) -> bool {
        let own = self.fw.framework.language.split('-').next().unwrap_or_default();
        crate::source::translations::beside(&self.path).into_iter().any(|(language, _)| {
            let Ok((fw, _)) = crate::translate::edition::load(&self.fw, &self.path, &self.paths, &language) else { return false };
            let editions = [
                (Edition { fw: &fw, alongside: None }, language.clone()),
                (Edition { fw: &fw, alongside: Some(&self.fw) }, format!("{language}-{own}")),
                (Edition { fw: &self.fw, alongside: Some(&fw) }, format!("{own}-{language}")),
            ];
            editions.iter().any(|(edition, named)| {
                let spec = self.specs[index].clone().named_in(edition.fw, Some(named));
                edition.plan(&spec, &self.paths).is_ok_and(|plan| plan.identity.plan_hash() == hash)
            })
        })
    }

    /// The pack whose id is `pack`, else the level or role pack a
    /// personalised pack id starts with (the longest such id).
    fn find_pack(&self, pack: &str) -> Option<(usize, bool)> {
        if let Some(i) = self.specs.iter().position(|s| s.id == pack) {
            return Some((i, false));
        }
        self.specs
            .iter()
            .enumerate()
            .filter(|(_, s)| pack.strip_prefix(s.id.as_str()).is_some_and(|rest| rest.len() > 1 && rest.starts_with('-')))
            .max_by_key(|(_, s)| s.id.len())
            .map(|(i, _)| (i, true))
    }
}

/// The sources a harvest matches forms against.
pub struct Sources {
    pub sources: Vec<Source>,
}

/// A form's pack.
pub struct Match<'s> {
    pub source: &'s Source,
    pub plan: &'s PackPlan,
    /// The pack was made for one person (`build --staff`).
    pub personalised: bool,
    /// The form was built from another version of the framework.
    pub other_version: bool,
    /// Same version, but the pack's content has changed since (a source
    /// edited without a new version number).
    pub plan_changed: bool,
    /// The source of the form's own edition, when it is an older edition
    /// than `source` and was given: what the form asked, word for word.
    pub edition: Option<&'s Source>,
}

impl Sources {
    /// The sources given, refused when two are the same edition of one
    /// framework (which of them the forms were built from cannot be told).
    pub fn new(sources: Vec<Source>) -> Result<Self, String> {
        for (i, a) in sources.iter().enumerate() {
            let (id, version) = (&a.fw.framework.id.value, &a.fw.framework.version);
            if let Some(b) = sources[..i].iter().find(|b| b.fw.framework.id.value == *id && b.fw.framework.version == *version) {
                return Err(format!(
                    "{} and {} are both version {version} of the framework `{id}`; give one (an older edition needs its own version number)",
                    b.path.display(),
                    a.path.display()
                ));
            }
        }
        Ok(Self { sources })
    }

    /// The editions given of the framework `id`.
    pub fn editions(&self, id: &str) -> Vec<&Source> {
        self.sources.iter().filter(|s| s.fw.framework.id.value.0 == id).collect()
    }

    /// The current edition of the framework `id`: the highest version given
    /// (numbered as people number them, "1.10" after "1.9").
    pub fn current(&self, id: &str) -> Option<&Source> {
        // `max_by_key` keeps the last of equals; versions are distinct (see `new`).
        self.editions(id).into_iter().max_by_key(|s| version_key(&s.fw.framework.version))
    }

    /// The pack `identity` names, or why there is none.
    pub fn find(&self, identity: &PackIdentity) -> Result<Match<'_>, String> {
        let candidates = self.editions(&identity.framework);
        if candidates.is_empty() {
            let known: Vec<String> = self.sources.iter().map(|s| format!("`{}`", s.fw.framework.id.value)).collect();
            return Err(format!(
                "a framewright pack of the framework `{}`, which none of the sources given defines ({}); pass its source with --source",
                identity.framework,
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            ));
        }
        let source = self.current(&identity.framework).expect("a framework given has a current edition");
        let edition = candidates.into_iter().find(|s| s.fw.framework.version == identity.version && !std::ptr::eq(*s, source));
        let Some((index, personalised)) = source.find_pack(&identity.pack) else {
            let what_to_do = if edition.is_some() {
                "its answers cannot be counted against the current edition's statements"
            } else {
                "pass the source it was built from with --source"
            };
            return Err(format!(
                "a pack `{}` of `{}` version {}, but {} (version {}) defines no such pack; {what_to_do}",
                identity.pack,
                identity.framework,
                identity.version,
                source.path.display(),
                source.fw.framework.version
            ));
        };
        let plan = source.plan(index);
        let other_version = source.fw.framework.version != identity.version;
        let plan_changed = !other_version
            && !personalised
            && identity.plan.as_ref().is_some_and(|h| h != plan.identity.plan_hash() && !source.is_translated_plan(index, h));
        Ok(Match { source, plan, personalised, other_version, plan_changed, edition })
    }
}
