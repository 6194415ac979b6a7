//! [`PackPlan`]: everything one pack contains, decided once. Both renderers
//! (and the stock Typst CLI, through `framewright plan`) read this data; none
//! of them filters statements, matches training or picks a refresher rule.

use serde::Serialize;

use super::{Audience, PackSpec, naming, statement_fits};
use crate::model::{
    Assessment, Blocks, Branding, Columns, Date, Domain, Framework, Id, IdMap, Interval, Kind, Level, OneOrMany,
    Refresher, ScalePoint, SignoffKind, Statement, Topic, Training, TrainingFormat,
};
use crate::source::ProjectPaths;

/// One pack, fully decided.
#[derive(Clone, Debug, Serialize)]
pub struct PackPlan {
    /// What identifies the pack when a completed form comes back.
    pub identity: Identity,
    pub framework: FrameworkInfo,
    pub branding: Branding,
    pub pack: PackInfo,
    /// The levels the pack talks about: all of them in the full edition,
    /// else its own level and the levels it assumes.
    pub levels: Vec<LevelInfo>,
    pub domains: Vec<DomainPlan>,
    pub assessment: AssessmentPlan,
    /// Training options matched to this pack.
    pub training: Vec<TrainingPlan>,
    /// The refresher rule for this pack's reader (none in the full edition,
    /// which lists every rule in `refreshers`).
    pub refresher: Option<RefresherPlan>,
    pub refreshers: Vec<RefresherPlan>,
    /// The member of staff a personalised pack is for (`build --staff`).
    pub person: Option<PersonPlan>,
}

/// Who a personalised pack is for; the sign-off fields are pre-filled from
/// it (see [`SignoffPlan::value`]).
#[derive(Clone, Debug, Serialize)]
pub struct PersonPlan {
    pub name: String,
    pub email: Option<String>,
    /// The role's name, for people listed by role.
    pub role: Option<String>,
    pub setting: Option<String>,
    pub line_manager: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Identity {
    pub framework_id: String,
    pub framework_version: String,
    pub pack_id: String,
    /// SHA-256 of the plan (with this field empty): two packs with the same
    /// hash hold the same content.
    pub plan_hash: String,
    pub framewright_version: String,
    /// The file name without extension.
    pub file_stem: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct FrameworkInfo {
    pub title: String,
    pub subtitle: Option<String>,
    pub publisher: String,
    pub version: String,
    pub published: Date,
    pub review: Option<Date>,
    pub language: String,
    /// The language part of `language` ("en"), as Typst's `text(lang:)` wants it.
    pub lang: String,
    /// The region part ("GB"), if any.
    pub region: Option<String>,
    pub licence: Option<String>,
    pub contact: Option<String>,
    /// The logo as a path from the project root ("/assets/logo.png").
    pub logo: Option<String>,
    pub logo_alt: Option<String>,
    /// The framework's own narrative: only in the full edition, so that
    /// a member of staff gets a short pack.
    pub introduction: Blocks,
    pub principles: Blocks,
    pub acknowledgements: Blocks,
    pub references: Blocks,
}

#[derive(Clone, Debug, Serialize)]
pub struct PackInfo {
    pub id: String,
    /// "level", "role" or "full".
    pub kind: &'static str,
    /// The reader's level (a role's level for role packs).
    pub level: Option<LevelInfo>,
    pub role: Option<RoleInfo>,
    pub band: Option<BandInfo>,
    pub additional_needs: bool,
    /// Levels whose capabilities this pack assumes (cumulative levels).
    pub assumed_levels: Vec<LevelRef>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LevelRef {
    pub id: Id,
    pub name: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct LevelInfo {
    pub id: Id,
    pub name: String,
    pub audience: Option<String>,
    pub description: Blocks,
    pub cumulative: bool,
    pub crosswalk: Vec<CrosswalkEntry>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RoleInfo {
    pub id: Id,
    pub name: String,
    pub description: Blocks,
    pub examples: Vec<String>,
    pub crosswalk: Vec<CrosswalkEntry>,
}

/// One cross-walk value, with the scheme's name resolved.
#[derive(Clone, Debug, Serialize)]
pub struct CrosswalkEntry {
    pub scheme: String,
    pub values: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct BandInfo {
    pub id: Id,
    pub name: String,
    pub description: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DomainPlan {
    pub id: Id,
    pub number: Option<String>,
    pub title: String,
    pub intro: Blocks,
    /// The domain's own statements (topic `None`) and then its topics.
    pub sections: Vec<SectionPlan>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SectionPlan {
    pub topic: Option<TopicInfo>,
    /// One group per level, in level order: assumed levels first.
    pub groups: Vec<GroupPlan>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TopicInfo {
    pub id: Id,
    pub number: Option<String>,
    pub title: String,
    pub intro: Blocks,
}

/// The statements of one level within a domain or topic.
#[derive(Clone, Debug, Serialize)]
pub struct GroupPlan {
    pub level: LevelRef,
    pub audience: Option<String>,
    /// True when these are capabilities assumed from an earlier level.
    pub assumed: bool,
    /// True when the source declares this level deliberately empty here.
    pub empty: bool,
    pub intro: Blocks,
    pub subgroups: Vec<SubgroupPlan>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SubgroupPlan {
    pub subheading: Option<String>,
    pub statements: Vec<StatementPlan>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StatementPlan {
    pub id: Id,
    pub text: String,
    pub kind: Option<Kind>,
    pub tags: Vec<String>,
    pub additional_needs: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct AssessmentPlan {
    pub instructions: Blocks,
    pub scale: Vec<ScaleInfo>,
    pub columns: Columns,
    /// One row per statement the reader rates (none in the full edition).
    pub rows: Vec<RowPlan>,
    pub signoff: Vec<SignoffPlan>,
    pub action_plan: Vec<ActionRowPlan>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ScaleInfo {
    pub value: i64,
    pub label: String,
    pub description: Option<String>,
    pub met: bool,
}

/// A self-assessment row and the names of its form fields.
#[derive(Clone, Debug, Serialize)]
pub struct RowPlan {
    pub statement: Id,
    pub text: String,
    /// Where the statement sits, e.g. "5.1 Safeguarding".
    pub context: String,
    pub additional_needs: bool,
    pub rating_field: String,
    pub evidence_field: String,
    pub action_field: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct SignoffPlan {
    pub id: Id,
    pub label: String,
    pub kind: SignoffKind,
    pub field: String,
    /// Pre-filled in personalised packs: the sign-off fields with the ids
    /// `name`, `email`, `role`, `setting` and `line_manager` take the
    /// person's details.
    pub value: Option<String>,
}

/// One row of the action plan; its fields are named `actionplan.<n>.<column>`.
#[derive(Clone, Debug, Serialize)]
pub struct ActionRowPlan {
    pub number: u32,
    pub action_field: String,
    pub support_field: String,
    pub date_field: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct TrainingPlan {
    pub id: Id,
    pub title: String,
    pub provider: Option<String>,
    pub format: TrainingFormat,
    /// The format as printed ("Face-to-face").
    pub format_label: &'static str,
    pub duration: Option<String>,
    pub cost: Option<String>,
    pub link: Option<String>,
    pub description: Blocks,
    pub refresh_every: Option<Interval>,
    /// The pack's statements this option closes.
    pub closes: Vec<Id>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RefresherPlan {
    pub applies_to: String,
    pub every: Interval,
    pub note: Option<String>,
}

/// Decides everything pack `spec` of `fw` contains.
pub fn build(fw: &Framework, spec: &PackSpec, paths: &ProjectPaths) -> PackPlan {
    let full = spec.audience == Audience::Full;
    let own_level = spec.level.as_ref().and_then(|id| fw.level(id));
    let assumed: Vec<&Level> = match own_level {
        Some(level) if level.cumulative => fw.levels.iter().take_while(|l| l.id.value != level.id.value).collect(),
        _ => Vec::new(),
    };
    // The levels shown, in framework order, each flagged assumed or not.
    let shown: Vec<(&Level, bool)> = if full {
        fw.levels.iter().map(|l| (l, false)).collect()
    } else {
        assumed.iter().map(|l| (*l, true)).chain(own_level.map(|l| (l, false))).collect()
    };
    let fits = |s: &Statement, level: &Level| {
        statement_fits(s, Some(&level.id.value), spec.band.as_ref(), spec.additional_needs)
    };
    let domains = fw
        .domains
        .iter()
        .filter_map(|d| domain_plan(d, &shown, &fits))
        .collect();

    let own_statements: Vec<(&Statement, String)> = if full {
        Vec::new()
    } else {
        fw.domains
            .iter()
            .flat_map(|d| {
                let direct = d.statements.iter().map(move |s| (s, context(d, None)));
                direct.chain(d.topics.iter().flat_map(move |t| t.statements.iter().map(move |s| (s, context(d, Some(t))))))
            })
            .filter(|(s, _)| own_level.is_some_and(|l| fits(s, l)))
            .collect()
    };
    let own_ids: Vec<&Id> = own_statements.iter().map(|(s, _)| &s.id.value).collect();
    let role = match &spec.audience {
        Audience::Role(id) => fw.role(id),
        _ => None,
    };

    let person = spec.person.as_ref().map(|p| PersonPlan {
        name: p.name.clone(),
        email: p.email.clone(),
        role: p.role.as_ref().and_then(|id| fw.role(id)).map(|r| r.name.clone()),
        setting: p.setting.clone(),
        line_manager: p.line_manager.clone(),
    });
    let mut plan = PackPlan {
        identity: Identity {
            framework_id: fw.framework.id.value.0.clone(),
            framework_version: fw.framework.version.clone(),
            pack_id: spec.id.clone(),
            plan_hash: String::new(),
            framewright_version: env!("CARGO_PKG_VERSION").into(),
            file_stem: naming::file_stem(fw, spec).unwrap_or_else(|_| spec.id.clone()),
        },
        framework: framework_info(fw, full, paths),
        branding: fw.packs.branding.clone(),
        pack: PackInfo {
            id: spec.id.clone(),
            kind: match spec.audience {
                Audience::Level(_) => "level",
                Audience::Role(_) => "role",
                Audience::Full => "full",
            },
            level: own_level.map(|l| level_info(fw, l)),
            role: role.map(|r| RoleInfo {
                id: r.id.value.clone(),
                name: r.name.clone(),
                description: r.description.clone(),
                examples: r.examples.clone(),
                crosswalk: crosswalk(fw, &r.crosswalk),
            }),
            band: spec.band.as_ref().and_then(|id| fw.band(id)).map(|b| BandInfo {
                id: b.id.value.clone(),
                name: b.name.clone(),
                description: b.description.clone(),
            }),
            additional_needs: spec.additional_needs,
            assumed_levels: assumed.iter().map(|l| level_ref(l)).collect(),
        },
        levels: shown.iter().map(|(l, _)| level_info(fw, l)).collect(),
        domains,
        assessment: assessment_plan(&fw.assessment, &own_statements, full, person.as_ref()),
        training: fw
            .training
            .iter()
            .filter_map(|t| training_plan(t, spec, role.map(|r| &r.id.value), &own_ids, full))
            .collect(),
        refresher: if full { None } else { refresher_for(fw, spec, role.map(|r| &r.id.value)).map(refresher_plan) },
        refreshers: fw.refreshers.iter().map(refresher_plan).collect(),
        person,
    };
    plan.identity.plan_hash = hash(&plan);
    plan
}

/// SHA-256 (hex) of the plan's JSON with an empty `plan_hash`.
fn hash(plan: &PackPlan) -> String {
    crate::digest::sha256_hex(&serde_json::to_vec(plan).expect("a plan always serialises"))
}

fn framework_info(fw: &Framework, full: bool, paths: &ProjectPaths) -> FrameworkInfo {
    let meta = &fw.framework;
    let mut parts = meta.language.split('-');
    let lang = parts.next().unwrap_or("en").to_ascii_lowercase();
    let region = parts.find(|p| p.len() == 2).map(str::to_ascii_uppercase);
    let narrative = |b: &Blocks| if full { b.clone() } else { Blocks::default() };
    FrameworkInfo {
        title: meta.title.clone(),
        subtitle: meta.subtitle.clone(),
        publisher: meta.publisher.clone(),
        version: meta.version.clone(),
        published: meta.published,
        review: meta.review,
        language: meta.language.clone(),
        lang,
        region,
        licence: meta.licence.clone(),
        contact: meta.contact.clone(),
        logo: meta.logo.as_ref().and_then(|logo| paths.project_relative(logo)),
        logo_alt: meta.logo_alt.clone(),
        introduction: narrative(&meta.introduction),
        principles: narrative(&meta.principles),
        acknowledgements: narrative(&meta.acknowledgements),
        references: narrative(&meta.references),
    }
}

fn level_ref(level: &Level) -> LevelRef {
    LevelRef { id: level.id.value.clone(), name: level.name.clone() }
}

fn level_info(fw: &Framework, level: &Level) -> LevelInfo {
    LevelInfo {
        id: level.id.value.clone(),
        name: level.name.clone(),
        audience: level.audience.clone(),
        description: level.description.clone(),
        cumulative: level.cumulative,
        crosswalk: crosswalk(fw, &level.crosswalk),
    }
}

fn crosswalk(fw: &Framework, map: &IdMap<OneOrMany<String>>) -> Vec<CrosswalkEntry> {
    map.0
        .iter()
        .map(|(scheme, values)| CrosswalkEntry {
            scheme: fw.schemes.iter().find(|s| s.id.value == scheme.value).map_or_else(|| scheme.to_string(), |s| s.name.clone()),
            values: values.0.clone(),
        })
        .collect()
}

/// "5.1 Safeguarding" or "1 You as a Professional".
fn context(domain: &Domain, topic: Option<&Topic>) -> String {
    let (number, title) = match topic {
        Some(t) => (&t.number, &t.title),
        None => (&domain.number, &domain.title),
    };
    match number {
        Some(n) => format!("{n} {title}"),
        None => title.clone(),
    }
}

fn domain_plan(d: &Domain, shown: &[(&Level, bool)], fits: &impl Fn(&Statement, &Level) -> bool) -> Option<DomainPlan> {
    let direct = section_plan(None, &d.statements, &d.empty_levels, &d.level_intro, shown, fits);
    let topics = d.topics.iter().filter_map(|t| {
        let info = TopicInfo { id: t.id.value.clone(), number: t.number.clone(), title: t.title.clone(), intro: t.intro.clone() };
        section_plan(Some(info), &t.statements, &t.empty_levels, &t.level_intro, shown, fits)
    });
    let sections: Vec<SectionPlan> = direct.into_iter().chain(topics).collect();
    (!sections.is_empty()).then(|| DomainPlan {
        id: d.id.value.clone(),
        number: d.number.clone(),
        title: d.title.clone(),
        intro: d.intro.clone(),
        sections,
    })
}

/// The groups of one domain or topic; `None` when it has nothing for the pack.
fn section_plan(
    topic: Option<TopicInfo>,
    statements: &[Statement],
    empty_levels: &[crate::model::Sp<Id>],
    level_intro: &IdMap<Blocks>,
    shown: &[(&Level, bool)],
    fits: &impl Fn(&Statement, &Level) -> bool,
) -> Option<SectionPlan> {
    let groups: Vec<GroupPlan> = shown
        .iter()
        .filter_map(|(level, assumed)| {
            let empty = empty_levels.iter().any(|e| e.value == level.id.value);
            let subgroups = subgroups(statements.iter().filter(|s| fits(s, level)));
            // An assumed level that is empty here says nothing worth printing.
            let keep = !subgroups.is_empty() || (empty && !assumed);
            keep.then(|| GroupPlan {
                level: level_ref(level),
                audience: level.audience.clone(),
                assumed: *assumed,
                empty,
                intro: level_intro.get(&level.id.value).cloned().unwrap_or_default(),
                subgroups,
            })
        })
        .collect();
    (!groups.is_empty()).then_some(SectionPlan { topic, groups })
}

/// Groups consecutive statements by sub-heading, keeping source order.
fn subgroups<'a>(statements: impl Iterator<Item = &'a Statement>) -> Vec<SubgroupPlan> {
    let mut out: Vec<SubgroupPlan> = Vec::new();
    for s in statements {
        let plan = StatementPlan {
            id: s.id.value.clone(),
            text: s.text.value.clone(),
            kind: s.kind,
            tags: s.tags.clone(),
            additional_needs: s.additional_needs,
        };
        match out.last_mut() {
            Some(last) if last.subheading == s.subheading => last.statements.push(plan),
            _ => out.push(SubgroupPlan { subheading: s.subheading.clone(), statements: vec![plan] }),
        }
    }
    out
}

fn assessment_plan(a: &Assessment, own: &[(&Statement, String)], full: bool, person: Option<&PersonPlan>) -> AssessmentPlan {
    let rows = own
        .iter()
        .map(|(s, context)| {
            let id = &s.id.value;
            RowPlan {
                statement: id.clone(),
                text: s.text.value.clone(),
                context: context.clone(),
                additional_needs: s.additional_needs,
                rating_field: format!("{id}.rating"),
                evidence_field: format!("{id}.evidence"),
                action_field: format!("{id}.action"),
            }
        })
        .collect();
    AssessmentPlan {
        instructions: a.instructions.clone(),
        scale: a.scale.iter().map(scale_info).collect(),
        columns: a.columns.clone(),
        rows,
        signoff: if full {
            Vec::new()
        } else {
            a.signoff
                .iter()
                .map(|f| SignoffPlan {
                    id: f.id.value.clone(),
                    label: f.label.clone(),
                    kind: f.kind,
                    field: format!("signoff.{}", f.id.value),
                    value: person.and_then(|p| match f.id.value.as_str() {
                        "name" => Some(p.name.clone()),
                        "email" => p.email.clone(),
                        "role" => p.role.clone(),
                        "setting" => p.setting.clone(),
                        "line_manager" => p.line_manager.clone(),
                        _ => None,
                    }),
                })
                .collect()
        },
        action_plan: if full {
            Vec::new()
        } else {
            (1..=a.action_plan_rows)
                .map(|n| ActionRowPlan {
                    number: n,
                    action_field: format!("actionplan.{n}.action"),
                    support_field: format!("actionplan.{n}.support"),
                    date_field: format!("actionplan.{n}.date"),
                })
                .collect()
        },
    }
}

fn scale_info(p: &ScalePoint) -> ScaleInfo {
    ScaleInfo { value: p.value.value, label: p.label.clone(), description: p.description.clone(), met: p.met }
}

/// A training option serves a pack when it closes one of the pack's
/// statements or names the pack's level or role, and covers its band.
fn training_plan(t: &Training, spec: &PackSpec, role: Option<&Id>, own: &[&Id], full: bool) -> Option<TrainingPlan> {
    let closes: Vec<Id> = if full {
        t.statements.iter().map(|s| s.value.clone()).collect()
    } else {
        t.statements.iter().map(|s| s.value.clone()).filter(|s| own.contains(&s)).collect()
    };
    let band_ok = spec.band.as_ref().is_none_or(|b| t.bands.iter().any(|tb| tb.value == *b));
    let names_level = spec.level.as_ref().is_some_and(|l| t.levels.iter().any(|tl| tl.value == *l));
    let names_role = role.is_some_and(|r| t.roles.iter().any(|tr| tr.value == *r));
    let serves = full || (band_ok && (!closes.is_empty() || names_level || names_role));
    serves.then(|| TrainingPlan {
        id: t.id.value.clone(),
        title: t.title.clone(),
        provider: t.provider.clone(),
        format: t.format,
        format_label: format_label(t.format),
        duration: t.duration.clone(),
        cost: t.cost.clone(),
        link: t.link.as_ref().map(|l| l.value.clone()),
        description: t.description.clone(),
        refresh_every: t.refresh_every,
        closes,
    })
}

fn format_label(format: TrainingFormat) -> &'static str {
    match format {
        TrainingFormat::ELearning => "E-learning",
        TrainingFormat::FaceToFace => "Face-to-face",
        TrainingFormat::Blended => "Blended",
        TrainingFormat::Webinar => "Webinar",
        TrainingFormat::Shadowing => "Shadowing",
        TrainingFormat::Presentation => "Presentation",
        TrainingFormat::SharedExpertise => "Shared expertise",
        TrainingFormat::Reading => "Reading",
        TrainingFormat::Coaching => "Coaching",
        TrainingFormat::Other => "Other",
    }
}

/// The first rule naming the pack's role, else its level, else the default.
fn refresher_for<'a>(fw: &'a Framework, spec: &PackSpec, role: Option<&Id>) -> Option<&'a Refresher> {
    let by_role = role.and_then(|r| fw.refreshers.iter().find(|rule| rule.roles.iter().any(|x| x.value == *r)));
    let by_level = || {
        spec.level.as_ref().and_then(|l| fw.refreshers.iter().find(|rule| rule.levels.iter().any(|x| x.value == *l)))
    };
    by_role.or_else(by_level).or_else(|| fw.refreshers.iter().find(|r| r.is_default()))
}

fn refresher_plan(r: &Refresher) -> RefresherPlan {
    RefresherPlan { applies_to: r.applies_to.clone(), every: r.every, note: r.note.clone() }
}
