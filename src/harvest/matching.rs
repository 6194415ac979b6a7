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

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::model::Framework;
use crate::plan::{self, PackPlan, PackSpec};
use crate::source::ProjectPaths;

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
}

impl Sources {
    /// The pack `identity` names, or why there is none.
    pub fn find(&self, identity: &PackIdentity) -> Result<Match<'_>, String> {
        let candidates: Vec<&Source> = self.sources.iter().filter(|s| s.fw.framework.id.value.0 == identity.framework).collect();
        if candidates.is_empty() {
            let known: Vec<String> = self.sources.iter().map(|s| format!("`{}`", s.fw.framework.id.value)).collect();
            return Err(format!(
                "a framewright pack of the framework `{}`, which none of the sources given defines ({}); pass its source with --source",
                identity.framework,
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            ));
        }
        // The source of the form's own version if one was given, else the first.
        let source = candidates.iter().find(|s| s.fw.framework.version == identity.version).unwrap_or(&candidates[0]);
        let Some((index, personalised)) = source.find_pack(&identity.pack) else {
            return Err(format!(
                "a pack `{}` of `{}` version {}, but {} (version {}) defines no such pack; pass the source it was built from with --source",
                identity.pack,
                identity.framework,
                identity.version,
                source.path.display(),
                source.fw.framework.version
            ));
        };
        let plan = source.plan(index);
        let other_version = source.fw.framework.version != identity.version;
        let plan_changed = !other_version && !personalised && identity.plan.as_ref().is_some_and(|h| h != plan.identity.plan_hash());
        Ok(Match { source, plan, personalised, other_version, plan_changed })
    }
}
