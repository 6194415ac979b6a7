//! The reports in the language asked (`harvest --lang`; issue 27, part 5).
//!
//! Everything is counted on the sources as they are, so no figure depends
//! on the language. The reports' words are then taken, by id, from each
//! source translated as `build --lang` translates it
//! ([`crate::translate::edition::load`]: a text not translated, or
//! translated from an English that has changed since, stays English, and
//! the harvest says how much of each source is translated), and their
//! fixed words from the wording table in that language (Welsh dates with
//! it). What a setting keeps and sends, `analysis.json` and
//! `summary.json`, stays in the sources' own language: the same files
//! whatever language the reports are in, so summaries merge whatever
//! language each setting reads its reports in.

use std::path::Path;

use super::analysis::{Analysis, FrameworkAnalysis};
use super::matching::Sources;
use super::summary::Summary;
use crate::model::{Framework, Wording, primary_language, version_key};
use crate::source::{Diagnostics, ProjectPaths};
use crate::translate::edition::{self, is_source_language};

/// The language of the reports, when it is not the sources' own.
pub struct Language {
    /// The language tag asked (`cy`).
    pub tag: String,
    /// The reports' fixed words in that language.
    pub wording: Wording,
    /// Each source as written and in the language, in the order given.
    editions: Vec<(Framework, Framework)>,
}

impl Language {
    /// The reports in `asked`; `None` when nothing is asked or every
    /// source is already in that language (the reports are then the
    /// sources' own, unchanged). With no source (a merge of summaries
    /// alone), the wording of the project at `root` in that language:
    /// the titles and names are then as the summaries give them.
    pub fn new(asked: Option<&str>, sources: &Sources, root: &Path, note: &mut dyn FnMut(&str)) -> Result<Option<Self>, String> {
        let Some(tag) = asked else { return Ok(None) };
        if !sources.sources.is_empty() && sources.sources.iter().all(|s| is_source_language(tag, &s.fw)) {
            return Ok(None);
        }
        let mut editions = Vec::new();
        for s in &sources.sources {
            let words = if is_source_language(tag, &s.fw) {
                s.fw.clone()
            } else {
                let (words, status) = edition::load(&s.fw, &s.path, &s.paths, tag).map_err(|e| format!("{}: {e}", s.path.display()))?;
                note(&format!("{}: the reports' texts of the source: {}", s.path.display(), status.describe(tag)));
                words
            };
            editions.push((s.fw.clone(), words));
        }
        let wording = match editions.first() {
            Some((_, words)) => words.wording.clone(),
            None => {
                note(&format!(
                    "no source given: the titles and names in the summary are in the language the summaries give them, the rest in `{tag}`"
                ));
                let paths = ProjectPaths { source_dir: root.to_path_buf(), root: root.to_path_buf() };
                let mut d = Diagnostics::default();
                let wording = crate::source::load_wording_in(tag, &paths, None, &mut d).ok_or_else(|| edition::no_wording(tag))?;
                if d.has_errors() {
                    return Err(format!("the project's wording in `{tag}` has mistakes; `framewright check` shows them"));
                }
                wording
            }
        };
        Ok(Some(Self { tag: tag.to_string(), wording, editions }))
    }

    /// The edition `version` of the framework `id`, as written and in the language.
    fn edition(&self, id: &str, version: &str) -> Option<Words<'_>> {
        self.editions.iter().find(|(e, _)| e.framework.id.value.0 == id && e.framework.version == version).map(Words::of)
    }

    /// The latest edition given of the framework `id`.
    fn latest(&self, id: &str) -> Option<Words<'_>> {
        self.editions
            .iter()
            .filter(|(e, _)| e.framework.id.value.0 == id)
            .max_by_key(|(e, _)| version_key(&e.framework.version))
            .map(Words::of)
    }

    /// `analysis` with its words in the language: the same figures.
    pub fn analysis(&self, analysis: &Analysis) -> Analysis {
        let mut analysis = analysis.clone();
        analysis.lang = primary_language(&self.tag);
        if let Some(first) = analysis.frameworks.first().and_then(|fw| self.edition(&fw.id, &fw.version)) {
            analysis.publisher = first.words.framework.publisher.clone();
        }
        for fw in &mut analysis.frameworks {
            let id = fw.id.clone();
            if let Some(now) = self.edition(&id, &fw.version) {
                framework(fw, &now, &|version| self.edition(&id, version));
            }
        }
        analysis
    }

    /// `summary` with its words in the language: the same counts.
    pub fn summary(&self, summary: &Summary) -> Summary {
        let mut summary = summary.clone();
        summary.lang = primary_language(&self.tag);
        for fw in &mut summary.frameworks {
            let Some(now) = self.latest(&fw.id) else { continue };
            set(&mut fw.title, Some(&now.words.framework.title));
            for g in &mut fw.completion {
                set_some(&mut g.role_name, g.role.as_deref().and_then(|id| now.role(id)));
                set_some(&mut g.band_name, g.band.as_deref().and_then(|id| now.band(id)));
            }
            for r in &mut fw.roles {
                set_some(&mut r.role_name, r.role.as_deref().and_then(|id| now.role(id)));
            }
            for d in &mut fw.domains {
                set(&mut d.title, now.domain(&d.id));
            }
            for s in &mut fw.statements {
                set(&mut s.text, now.statement(s.id.as_str()));
            }
            for t in &mut fw.training {
                set(&mut t.title, now.training(&t.id).map(|o| o.title.as_str()));
            }
        }
        summary
    }
}

/// `fw`'s words from `now` (its edition in the language), and the
/// wordings of older editions from `older` (by version), where given.
fn framework<'e>(fw: &mut FrameworkAnalysis, now: &Words<'e>, older: &dyn Fn(&str) -> Option<Words<'e>>) {
    set(&mut fw.title, Some(&now.words.framework.title));
    set(&mut fw.publisher, Some(&now.words.framework.publisher));
    for g in &mut fw.completion {
        set(&mut g.role_name, g.role_id.as_ref().and_then(|id| now.role(id.as_str())));
        set(&mut g.band, g.band_id.as_ref().and_then(|id| now.band(id.as_str())));
    }
    for s in &mut fw.statements {
        set(&mut s.text, now.statement(s.id.as_str()));
        set(&mut s.domain, s.domain_id.as_ref().and_then(|id| now.domain(id.as_str())));
    }
    for d in &mut fw.domains {
        set(&mut d.title, now.domain(d.id.as_str()));
    }
    for t in &mut fw.training {
        if let Some(option) = now.training(t.id.as_str()) {
            set(&mut t.title, Some(&option.title));
            t.provider.clone_from(&option.provider);
        }
    }
    for r in &mut fw.refreshers {
        now.role_named(&mut r.role);
    }
    for p in &mut fw.plans {
        now.role_named(&mut p.role);
        now.band_named(&mut p.band);
        for g in &mut p.gaps {
            set(&mut g.text, now.statement(g.statement.as_str()));
        }
        for t in &mut p.training {
            set(&mut t.title, now.training(t.id.as_str()).map(|o| o.title.as_str()));
        }
    }
    let e = &mut fw.editions;
    for r in &mut e.reworded {
        set(&mut r.current, now.statement(r.statement.as_str()));
        set(&mut r.earlier, older(&r.version).as_ref().and_then(|then| then.statement(r.statement.as_str())));
        r.answers.iter_mut().for_each(|a| now.role_named(&mut a.role));
    }
    for a in &mut e.added {
        set(&mut a.text, now.statement(a.statement.as_str()));
        a.to_rate.iter_mut().for_each(|p| now.role_named(&mut p.role));
    }
    for r in &mut e.removed {
        set(&mut r.text, older(&r.version).as_ref().and_then(|then| then.statement(r.statement.as_str())));
        r.answers.iter_mut().for_each(|a| now.role_named(&mut a.role));
    }
}

/// `slot` becomes `text`, when there is one (a text the edition in the
/// language lacks leaves what is there).
fn set(slot: &mut String, text: Option<&str>) {
    if let Some(text) = text {
        text.clone_into(slot);
    }
}

fn set_some(slot: &mut Option<String>, text: Option<&str>) {
    if let Some(text) = text {
        *slot = Some(text.to_string());
    }
}

/// One edition as written and in the language: its texts by id.
struct Words<'e> {
    written: &'e Framework,
    words: &'e Framework,
}

impl<'e> Words<'e> {
    fn of((written, words): &'e (Framework, Framework)) -> Self {
        Self { written, words }
    }

    fn statement(&self, id: &str) -> Option<&'e str> {
        self.words.statements().find(|s| s.id.value.0 == id).map(|s| s.text.value.as_str())
    }

    fn domain(&self, id: &str) -> Option<&'e str> {
        self.words.domains.iter().find(|d| d.id.value.0 == id).map(|d| d.title.as_str())
    }

    fn role(&self, id: &str) -> Option<&'e str> {
        self.words.roles.iter().find(|r| r.id.value.0 == id).map(|r| r.name.as_str())
    }

    fn band(&self, id: &str) -> Option<&'e str> {
        self.words.bands.iter().find(|b| b.id.value.0 == id).map(|b| b.name.as_str())
    }

    fn training(&self, id: &str) -> Option<&'e crate::model::Training> {
        self.words.training.iter().find(|o| o.id.value.0 == id)
    }

    /// A role written as the source names it (a role pack's role) in the
    /// language; anything else someone wrote stays as written.
    fn role_named(&self, role: &mut String) {
        let named = self.written.roles.iter().zip(&self.words.roles).find(|(r, _)| r.name == *role);
        set(role, named.map(|(_, r)| r.name.as_str()));
    }

    /// A band as the source names it, in the language.
    fn band_named(&self, band: &mut String) {
        let named = self.written.bands.iter().zip(&self.words.bands).find(|(b, _)| b.name == *band);
        set(band, named.map(|(_, b)| b.name.as_str()));
    }
}
