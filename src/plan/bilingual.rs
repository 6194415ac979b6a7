//! A bilingual pack's plan (issue 27, part 4): the pack planned in each
//! language, the first language's plan carrying the second's
//! ([`Alongside`], in [`super::pack`]). The two are plans of one spec from two translations of
//! one validated model, so they have the same parts, rows and field keys;
//! [`pair`] checks that, names every form field in both languages (the
//! form is there once) and signs the pair with its own plan hash. Each
//! renderer lays the pair out as [`Alongside::layout`] says, tagging every
//! text with its plan's language.

use serde_json::json;

use super::assemble::{self, sign};
use super::field::FieldKey;
use super::pack::Alongside;
use super::wording::Speaker;
use super::{PackPlan, PackSpec};
use crate::model::Framework;
use crate::source::ProjectPaths;

/// The framework packs are planned from: a validated source in one
/// language, and for bilingual packs the same in a second language.
#[derive(Clone, Copy)]
pub struct Edition<'a> {
    pub fw: &'a Framework,
    /// The second language of bilingual packs.
    pub alongside: Option<&'a Framework>,
}

impl Edition<'_> {
    /// The plan of pack `spec`: the pack in one language, or in both.
    pub fn plan(&self, spec: &PackSpec, paths: &ProjectPaths) -> Result<PackPlan, String> {
        let plan = assemble::build(self.fw, spec, paths);
        match self.alongside {
            Some(second) => pair(self.fw, plan, assemble::build(second, spec, paths)),
            None => Ok(plan),
        }
    }
}

/// The bilingual pack of `first` (planned from `fw`, the first language)
/// and `second`: `first` with every field's accessible name in both
/// languages (the wording's `bilingual.label`), its title too, and
/// `second` alongside, laid out as `fw` asks.
pub fn pair(fw: &Framework, mut first: PackPlan, second: PackPlan) -> Result<PackPlan, String> {
    if field_keys(&first) != field_keys(&second) || kinds(&first) != kinds(&second) {
        // Both come from one model and one spec; differing would be a bug.
        return Err(format!("the two languages of pack `{}` are planned differently (a bug: please report it)", first.pack.id));
    }
    let say = Speaker::new(&fw.wording, ());
    let both = |a: &mut String, b: &str| *a = say.say_with("bilingual.label", json!({ "first": a, "second": b }));
    both(&mut first.document.title, &second.document.title);
    let (a, b) = (&mut first.assessment, &second.assessment);
    for (r, s) in a.rows.iter_mut().zip(&b.rows) {
        both(&mut r.rating_label, &s.rating_label);
        both(&mut r.evidence_label, &s.evidence_label);
        both(&mut r.action_label, &s.action_label);
        r.rating_choices.iter_mut().zip(&s.rating_choices).for_each(|(x, y)| both(x, y));
    }
    for (r, s) in a.signoff.iter_mut().zip(&b.signoff) {
        both(&mut r.field_label, &s.field_label);
    }
    for (r, s) in a.action_plan.iter_mut().zip(&b.action_plan) {
        both(&mut r.action_label, &s.action_label);
        both(&mut r.support_label, &s.support_label);
        both(&mut r.date_label, &s.date_label);
    }
    first.alongside = Some(Box::new(Alongside { layout: fw.packs.bilingual_layout, plan: second }));
    sign(&mut first);
    Ok(first)
}

/// Every field key of `plan`, in order: what a returned form is read by.
fn field_keys(plan: &PackPlan) -> Vec<&FieldKey> {
    let a = &plan.assessment;
    let rows = a.rows.iter().flat_map(|r| [&r.rating_field, &r.evidence_field, &r.action_field]);
    let actions = a.action_plan.iter().flat_map(|r| [&r.action_field, &r.support_field, &r.date_field]);
    rows.chain(actions).chain(a.signoff.iter().map(|s| &s.field)).collect()
}

/// The kinds of `plan`'s parts, in order.
fn kinds(plan: &PackPlan) -> Vec<super::pack::PartKind> {
    plan.document.parts.iter().map(|p| p.kind).collect()
}
