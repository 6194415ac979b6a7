//! One person's returned form, matched to its pack: who they are (from the
//! sign-off and the pack), and one row per statement with their rating,
//! whether it meets the "met" line, their evidence and action.
//!
//! A form from another version of the framework is taken by stable
//! statement id: answers to statements the current pack no longer holds
//! are kept as `removed` rows, and current statements the form never asked
//! about are kept as `not_in_form` rows; nothing is dropped or invented.
//! When the form's own edition's source was given too, each answer to a
//! statement reworded since is flagged ([`Row::reworded`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::matching::Match;
use super::read::{FileFormat, Form};
use crate::model::{Date, Framework, Id, Interval, SignoffKind, dates};
use crate::plan::field::{ActionColumn, FieldKey, SignoffMeaning};
use crate::plan::identity::PackIdentity;

/// What one row is, against the current pack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    /// A statement of the current pack that the form asked about.
    Current,
    /// Answered in the form, but the current pack no longer holds it.
    Removed,
    /// In the current pack, but the form (an older version) never asked.
    NotInForm,
}

impl RowStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RowStatus::Current => "current",
            RowStatus::Removed => "removed",
            RowStatus::NotInForm => "not_in_form",
        }
    }
}

/// One statement of one person's form.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub statement: Id,
    /// The domain the statement sits in (none for a removed statement).
    pub domain: Option<Id>,
    pub status: RowStatus,
    /// The scale value chosen, as the source writes it.
    pub rating: Option<String>,
    /// Whether the rating is at or above the "met" line (`None`: not rated,
    /// or a value not on the scale).
    pub met: Option<bool>,
    pub evidence: Option<String>,
    pub action: Option<String>,
    /// Whether the form asked an earlier wording of the statement than the
    /// current edition's (`None`: a `removed` or `not_in_form` row, or the
    /// form is of an older edition whose source was not given).
    pub reworded: Option<bool>,
}

/// How much of the form was filled in.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Completion {
    /// Statements rated, of those the form asked about that the pack still holds.
    pub rated: usize,
    pub total: usize,
}

impl Completion {
    /// The share rated, 0 to 1 (1 when there was nothing to rate).
    pub fn share(&self) -> f64 {
        if self.total == 0 { 1.0 } else { self.rated as f64 / self.total as f64 }
    }
}

/// A row of the action plan with anything written in it.
#[derive(Clone, Debug, Serialize)]
pub struct ActionPlanRow {
    pub number: u32,
    pub action: Option<String>,
    pub support: Option<String>,
    pub date: Option<String>,
}

/// One person's harvested form.
#[derive(Clone, Debug, Serialize)]
pub struct Submission {
    pub file: String,
    pub format: FileFormat,
    pub identity: PackIdentity,
    pub framework_title: String,
    /// The version of the source the form was matched against.
    pub current_version: String,
    pub personalised: bool,
    /// The name signed off (for a personalised pack, pre-filled with the person's).
    pub person: String,
    /// The sign-off's `job_title` field, else (`harvest --staff`) the
    /// staff list's job title of the person ([`super::chase::name_people`]).
    pub job_title: String,
    /// The role pack's role, else the role written in the sign-off.
    pub role: String,
    pub level: Option<Id>,
    pub level_name: Option<String>,
    pub band: Option<Id>,
    pub band_name: Option<String>,
    pub setting: String,
    /// The sign-off date, when it reads as a date.
    pub signed_off: Option<Date>,
    /// Every sign-off field as written.
    pub signoff: BTreeMap<String, String>,
    pub action_plan: Vec<ActionPlanRow>,
    pub rows: Vec<Row>,
    pub completion: Completion,
    /// Statements answered in the form that the current pack no longer holds.
    pub removed: Vec<Id>,
    /// Current statements the form did not ask about.
    pub not_in_form: Vec<Id>,
    /// The training options of the person's pack that close one of their
    /// gaps (a statement rated below the "met" line).
    pub training: Vec<TrainingMatch>,
    /// How often the person's refresher rule asks for training again.
    pub refresh_every: Option<Interval>,
    pub mistakes: Vec<String>,
    pub notes: Vec<String>,
}

/// A training option and the person's gaps it closes.
#[derive(Clone, Debug, Serialize)]
pub struct TrainingMatch {
    pub id: Id,
    pub title: String,
    pub closes: Vec<Id>,
}

impl Submission {
    /// The statements of the current pack rated below the "met" line.
    pub fn gaps(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.status == RowStatus::Current && r.met == Some(false))
    }
}

/// The domain holding `statement`, directly or in one of its topics.
pub fn domain_of(fw: &Framework, statement: &Id) -> Option<Id> {
    let holds = |list: &[crate::model::Statement]| list.iter().any(|s| s.id.value == *statement);
    fw.domains.iter().find(|d| holds(&d.statements) || d.topics.iter().any(|t| holds(&t.statements))).map(|d| d.id.value.clone())
}

/// The sign-off field that dates the form: the one whose id means the
/// date, else the first date field.
fn signoff_date_id(matched: &Match<'_>) -> Option<Id> {
    let fields = &matched.plan.assessment.signoff;
    let dated = |f: &&crate::plan::pack::SignoffPlan| f.kind == SignoffKind::Date;
    fields
        .iter()
        .filter(dated)
        .find(|f| SignoffMeaning::of(f.id.as_str()) == Some(SignoffMeaning::Date))
        .or_else(|| fields.iter().find(dated))
        .map(|f| f.id.clone())
}

pub fn build(file: String, format: FileFormat, form: Form, matched: &Match<'_>) -> Submission {
    let plan = matched.plan;
    let identity = form.identity.clone().expect("a matched form has an identity");
    let mut mistakes = form.mistakes;
    let answer = |key: &FieldKey| form.answers.get(key).cloned();
    let scale = &plan.assessment.scale;
    let met_of = |rating: &Option<String>, statement: &Id, mistakes: &mut Vec<String>| {
        let rating = rating.as_ref()?;
        let point = scale.iter().find(|p| p.value.to_string() == rating.trim());
        if point.is_none() {
            mistakes.push(format!("{statement}: the rating `{rating}` is not on the scale; it counts as not rated"));
        }
        point.map(|p| p.met)
    };

    let mut rows = Vec::new();
    let mut not_in_form = Vec::new();
    let mut rated = 0;
    let mut total = 0;
    for row in &plan.assessment.rows {
        // The keys are made from the statement id, as the packs make them.
        let (rating_key, evidence_key, action_key) =
            (FieldKey::Rating(row.statement.clone()), FieldKey::Evidence(row.statement.clone()), FieldKey::Action(row.statement.clone()));
        let asked = [&rating_key, &evidence_key, &action_key].iter().any(|k| form.present.contains(k));
        let status = if asked { RowStatus::Current } else { RowStatus::NotInForm };
        let reworded = match matched.edition {
            _ if !asked => None,
            Some(older) => Some(crate::editions::reworded_between(&older.fw, &matched.source.fw, &row.statement)),
            // The form's own edition: the wording it asked is the current one.
            None if !matched.other_version && !matched.plan_changed => Some(false),
            None => None,
        };
        if !asked {
            not_in_form.push(row.statement.clone());
        }
        let rating = answer(&rating_key);
        let met = met_of(&rating, &row.statement, &mut mistakes);
        if asked {
            total += 1;
            rated += usize::from(met.is_some());
        }
        rows.push(Row {
            statement: row.statement.clone(),
            domain: domain_of(&matched.source.fw, &row.statement),
            status,
            rating,
            met,
            evidence: answer(&evidence_key),
            action: answer(&action_key),
            reworded,
        });
    }
    // Statements the form holds that the pack does not (an older version).
    let removed: BTreeSet<Id> = form
        .present
        .iter()
        .filter_map(FieldKey::statement)
        .filter(|id| !plan.assessment.rows.iter().any(|r| &r.statement == *id))
        .cloned()
        .collect();
    let removed: Vec<Id> = removed.into_iter().collect();
    for statement in &removed {
        let rating = answer(&FieldKey::Rating(statement.clone()));
        let met = met_of(&rating, statement, &mut mistakes);
        let evidence = answer(&FieldKey::Evidence(statement.clone()));
        let action = answer(&FieldKey::Action(statement.clone()));
        let domain = domain_of(&matched.source.fw, statement);
        let status = RowStatus::Removed;
        rows.push(Row { statement: statement.clone(), domain, status, rating, met, evidence, action, reworded: None });
    }

    let signoff: BTreeMap<String, String> = form
        .answers
        .iter()
        .filter_map(|(k, v)| if let FieldKey::Signoff(id) = k { Some((id.0.clone(), v.clone())) } else { None })
        .collect();
    let typed = |id: &str| signoff.get(id).map(|v| v.trim().to_string()).unwrap_or_default();
    let date_id = signoff_date_id(matched);
    let signed_off = date_id.as_ref().and_then(|id| signoff.get(id.as_str())).and_then(|v| dates::parse(v));
    if let Some(id) = &date_id
        && let Some(text) = signoff.get(id.as_str())
        && signed_off.is_none()
    {
        mistakes.push(format!("signoff.{id}: `{text}` is not a date (write it as 2025-03-12 or 12/03/2025)"));
    }
    let action_plan = plan
        .assessment
        .action_plan
        .iter()
        .filter_map(|r| {
            let cell = |c: ActionColumn| answer(&FieldKey::ActionPlan(r.number, c));
            let row = ActionPlanRow {
                number: r.number,
                action: cell(ActionColumn::Action),
                support: cell(ActionColumn::Support),
                date: cell(ActionColumn::Date),
            };
            (row.action.is_some() || row.support.is_some() || row.date.is_some()).then_some(row)
        })
        .collect();
    let gaps: Vec<&Id> = rows.iter().filter(|r| r.status == RowStatus::Current && r.met == Some(false)).map(|r| &r.statement).collect();
    let training = plan
        .training
        .iter()
        .filter_map(|t| {
            let closes: Vec<Id> = t.closes.iter().filter(|s| gaps.contains(s)).cloned().collect();
            (!closes.is_empty()).then(|| TrainingMatch { id: t.id.clone(), title: t.title.clone(), closes })
        })
        .collect();
    let pack = &plan.pack;
    Submission {
        training,
        refresh_every: plan.refresher.as_ref().map(|r| r.every),
        file,
        format,
        framework_title: plan.framework.title.clone(),
        current_version: plan.framework.version.clone(),
        personalised: matched.personalised,
        person: typed(SignoffMeaning::Name.id()),
        job_title: typed(SignoffMeaning::JobTitle.id()),
        role: pack.role.as_ref().map(|r| r.name.clone()).unwrap_or_else(|| typed(SignoffMeaning::Role.id())),
        level: pack.level.as_ref().map(|l| l.id.clone()),
        level_name: pack.level.as_ref().map(|l| l.name.clone()),
        band: pack.band.as_ref().map(|b| b.id.clone()),
        band_name: pack.band.as_ref().map(|b| b.name.clone()),
        setting: typed(SignoffMeaning::Setting.id()),
        signed_off,
        signoff,
        action_plan,
        rows,
        completion: Completion { rated, total },
        removed,
        not_in_form,
        identity,
        mistakes,
        notes: form.notes,
    }
}
