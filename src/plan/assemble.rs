//! Assembles a [`PackPlan`] from a source and a pack's spec: filters the
//! statements, matches the training, picks the refresher rule, words the
//! document (see `document`) and signs it with its identity.

use std::collections::HashMap;

use serde_json::json;

use super::changes::{self, Concern};
use super::field::{ActionColumn, FieldKey, SignoffMeaning};
use super::identity::{PackIdentity, Signature};
use super::pack::{
    ActionRowPlan, AssessmentPlan, BandInfo, CrosswalkEntry, DomainPlan, FrameworkInfo, GroupPlan, LevelInfo, LevelRef, PackInfo, PackPlan,
    PersonPlan, RefresherPlan, RoleInfo, RowPlan, ScaleInfo, SectionPlan, SignoffPlan, StatementPlan, SubgroupPlan, TopicInfo,
    TrainingPlan,
};
use super::wording::Speaker;
use super::{Audience, PackSpec, assessed_statements, document, statement_fits};
use crate::model::{
    Blocks, Domain, Framework, Id, IdMap, Level, OneOrMany, Refresher, ScalePoint, SignoffKind, Statement, Topic, Training, TrainingFormat,
};
use crate::source::ProjectPaths;

/// Decides everything pack `spec` of `fw` contains.
pub fn build(fw: &Framework, spec: &PackSpec, paths: &ProjectPaths) -> PackPlan {
    let full = spec.audience == Audience::Full;
    let own_level = spec.level.as_ref().and_then(|id| fw.level(id));
    let assumed: Vec<&Level> = own_level.map(|level| fw.assumed_by(level)).unwrap_or_default();
    // The levels shown, in framework order, each flagged assumed or not.
    let shown: Vec<(&Level, bool)> = if full {
        fw.levels.iter().map(|l| (l, false)).collect()
    } else {
        assumed.iter().map(|l| (*l, true)).chain(own_level.map(|l| (l, false))).collect()
    };
    let role = match &spec.audience {
        Audience::Role(id) => fw.role(id),
        _ => None,
    };
    let band = spec.band.as_ref().and_then(|id| fw.band(id));
    let file_stem = spec.file_stem.clone();
    let say = document::speaker(fw, spec, &document::Reader { role, level: own_level, band, assumed: &assumed, file_stem: &file_stem });

    let fits = |s: &Statement, level: &Level| statement_fits(s, Some(&level.id.value), spec.band.as_ref(), spec.additional_needs);
    let domains = fw.domains.iter().filter_map(|d| domain_plan(d, &shown, &fits, &say)).collect();

    // The statements the reader rates, each with where it sits and, for a
    // statement assumed from an earlier level, that level.
    let assessed: HashMap<&Id, Option<&Level>> =
        if full { HashMap::new() } else { assessed_statements(fw, spec).map(|(s, from)| (&s.id.value, from)).collect() };
    let own_statements: Vec<Assessed> = fw
        .domains
        .iter()
        .flat_map(|d| {
            let direct = d.statements.iter().map(move |s| (s, context(d, None)));
            direct.chain(d.topics.iter().flat_map(move |t| t.statements.iter().map(move |s| (s, context(d, Some(t))))))
        })
        .filter_map(|(s, context)| assessed.get(&s.id.value).map(|from| Assessed { statement: s, context, from: *from }))
        .collect();
    let own_ids: Vec<&Id> = own_statements.iter().map(|a| &a.statement.id.value).collect();

    let person = spec.person.as_ref().map(|p| PersonPlan {
        name: p.name.clone(),
        email: p.email.clone(),
        job_title: p.job_title.clone(),
        role: p.role.as_ref().and_then(|id| fw.role(id)).map(|r| r.name.clone()),
        setting: p.setting.clone(),
        line_manager: p.line_manager.clone(),
    });
    let framework = framework_info(fw, full, paths);
    let assessment = assessment_plan(fw, &own_statements, full, person.as_ref(), &say);
    let concern = if full {
        Concern::Everything
    } else {
        Concern::Pack { levels: shown.iter().map(|(l, _)| &l.id.value).collect(), band: spec.band.as_ref() }
    };
    let changes = fw.changes.as_ref().and_then(|c| changes::plan(c, &concern, &say));
    let mut plan = PackPlan {
        identity: Signature {
            id: PackIdentity {
                framework: fw.framework.id.value.0.clone(),
                version: fw.framework.version.clone(),
                pack: spec.id.clone(),
                plan: None,
            },
            file_stem,
        },
        document: document::document(&say, &framework, &assessment, changes.is_some()),
        text: say.text(),
        cover: document::cover(&say, fw, spec, person.as_ref()),
        roles: document::roles_table(&say, fw),
        framework,
        branding: fw.packs.branding.clone(),
        pack: PackInfo {
            id: spec.id.clone(),
            kind: match spec.audience {
                Audience::Level(_) => "level",
                Audience::Role(_) => "role",
                Audience::Full => "full",
            },
            level: own_level.map(|l| level_info(fw, l, &say)),
            role: role.map(|r| RoleInfo {
                id: r.id.value.clone(),
                name: r.name.clone(),
                description: r.description.clone(),
                examples: r.examples.clone(),
                crosswalk: crosswalk(fw, &r.crosswalk),
                examples_text: (!r.examples.is_empty()).then(|| say.say_with("guide.examples", json!({ "examples": r.examples }))),
                crosswalk_text: crosswalk_text(fw, &r.crosswalk, &say),
            }),
            band: band.map(|b| BandInfo { id: b.id.value.clone(), name: b.name.clone(), description: b.description.clone() }),
            additional_needs: spec.additional_needs,
            assumed_levels: assumed.iter().map(|l| level_ref(l)).collect(),
        },
        levels: shown.iter().map(|(l, _)| level_info(fw, l, &say)).collect(),
        domains,
        assessment,
        training: fw.training.iter().filter_map(|t| training_plan(t, spec, role.map(|r| &r.id.value), &own_ids, full, &say)).collect(),
        refresher: if full { None } else { refresher_for(fw, spec, role.map(|r| &r.id.value)).map(|r| refresher_plan(r, &say)) },
        refreshers: fw.refreshers.iter().map(|r| refresher_plan(r, &say)).collect(),
        person,
        changes,
        alongside: None,
    };
    sign(&mut plan);
    plan
}

/// Gives `plan` its plan hash and ends its keywords with its identity
/// (again, for a plan changed after it was signed: a bilingual pair).
pub(super) fn sign(plan: &mut PackPlan) {
    let signed = plan.identity.id.keywords();
    plan.document.keywords.retain(|k| !signed.contains(k));
    // The hash is taken with no plan hash (an empty `plan_hash`), and the
    // identity is added to the keywords once it is known: a returned form
    // is matched by these.
    plan.identity.id.plan = None;
    plan.identity.id.plan = Some(hash(plan));
    plan.document.keywords.extend(plan.identity.id.keywords());
}

/// SHA-256 (hex) of the plan's JSON with an empty `plan_hash` (and so an
/// empty `framewright:plan=` keyword).
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

fn level_info(fw: &Framework, level: &Level, say: &Speaker) -> LevelInfo {
    LevelInfo {
        crosswalk_text: crosswalk_text(fw, &level.crosswalk, say),
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

/// "Equivalent to: …" for a cross-walk, if it has entries.
pub(super) fn crosswalk_text(fw: &Framework, map: &IdMap<OneOrMany<String>>, say: &Speaker) -> Option<String> {
    let entries = crosswalk(fw, map);
    (!entries.is_empty()).then(|| say.say_with("guide.crosswalk", json!({ "crosswalk": entries })))
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

fn domain_plan(d: &Domain, shown: &[(&Level, bool)], fits: &impl Fn(&Statement, &Level) -> bool, say: &Speaker) -> Option<DomainPlan> {
    let direct = section_plan(None, &d.statements, &d.empty_levels, &d.level_intro, shown, fits, say);
    let topics = d.topics.iter().filter_map(|t| {
        let info = TopicInfo { id: t.id.value.clone(), number: t.number.clone(), title: t.title.clone(), intro: t.intro.clone() };
        section_plan(Some(info), &t.statements, &t.empty_levels, &t.level_intro, shown, fits, say)
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
    say: &Speaker,
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
                title: if *assumed { say.say_with("framework.assumed_group", json!({ "level": level.name })) } else { level.name.clone() },
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

/// A statement the reader rates.
struct Assessed<'a> {
    statement: &'a Statement,
    /// Where it sits, e.g. "5.1 Safeguarding".
    context: String,
    /// The earlier level it is assumed from, when the pack rates those too.
    from: Option<&'a Level>,
}

fn assessment_plan(fw: &Framework, own: &[Assessed], full: bool, person: Option<&PersonPlan>, say: &Speaker) -> AssessmentPlan {
    let a = &fw.assessment;
    let scale: Vec<ScaleInfo> = a.scale.iter().map(|p| scale_info(p, say)).collect();
    let rows = own
        .iter()
        .map(|Assessed { statement: s, context, from }| {
            let id = &s.id.value;
            let text = &s.text.value;
            let column = |name: &str| say.say_with("assessment.column_field", json!({ "statement": id, "text": text, "column": name }));
            RowPlan {
                statement: id.clone(),
                text: s.text.value.clone(),
                context: context.clone(),
                additional_needs: s.additional_needs,
                from_level: from.map(|l| say.say_with("assessment.from_level", json!({ "level": l.name }))),
                untranslated: fw.untranslated.contains(&format!("statement.{id}")),
                rating_field: FieldKey::Rating(id.clone()),
                evidence_field: FieldKey::Evidence(id.clone()),
                action_field: FieldKey::Action(id.clone()),
                rating_label: say.say_with("assessment.rating_field", json!({ "statement": id, "text": text })),
                rating_choices: scale
                    .iter()
                    .map(|p| say.say_with("assessment.rating_choice", json!({ "statement": id, "text": text, "option": p.option })))
                    .collect(),
                evidence_label: column(&a.columns.evidence),
                action_label: column(&a.columns.action),
            }
        })
        .collect();
    let signoff = a.signoff.iter().map(|f| SignoffPlan {
        id: f.id.value.clone(),
        label: f.label.clone(),
        kind: f.kind,
        field: FieldKey::Signoff(f.id.value.clone()),
        field_label: say.say_with("signoff.signoff_field", json!({ "label": f.label, "date": f.kind == SignoffKind::Date })),
        value: person.and_then(|p| match SignoffMeaning::of(f.id.value.as_str())? {
            SignoffMeaning::Name => Some(p.name.clone()),
            SignoffMeaning::Email => p.email.clone(),
            SignoffMeaning::JobTitle => p.job_title.clone(),
            SignoffMeaning::Role => p.role.clone(),
            SignoffMeaning::Setting => p.setting.clone(),
            SignoffMeaning::LineManager => p.line_manager.clone(),
            SignoffMeaning::Date | SignoffMeaning::LastTraining => None,
        }),
    });
    let action_row = |n: u32| {
        let label = |column: &str| say.say_with("signoff.action_field", json!({ "column": say.say(column), "number": n }));
        ActionRowPlan {
            number: n,
            action_field: FieldKey::ActionPlan(n, ActionColumn::Action),
            support_field: FieldKey::ActionPlan(n, ActionColumn::Support),
            date_field: FieldKey::ActionPlan(n, ActionColumn::Date),
            action_label: label("signoff.action"),
            support_label: label("signoff.support"),
            date_label: label("signoff.date"),
        }
    };
    AssessmentPlan {
        instructions: a.instructions.clone(),
        scale,
        columns: a.columns.clone(),
        rows,
        signoff: if full { Vec::new() } else { signoff.collect() },
        action_plan: if full { Vec::new() } else { (1..=a.action_plan_rows).map(action_row).collect() },
    }
}

fn scale_info(p: &ScalePoint, say: &Speaker) -> ScaleInfo {
    ScaleInfo {
        value: p.value.value,
        label: p.label.clone(),
        description: p.description.clone(),
        met: p.met,
        option: say.say_with("assessment.option", json!({ "value": p.value.value, "label": p.label })),
    }
}

/// A training option serves a pack when it closes one of the pack's
/// statements or names the pack's level or role, and covers its band.
fn training_plan(t: &Training, spec: &PackSpec, role: Option<&Id>, own: &[&Id], full: bool, say: &Speaker) -> Option<TrainingPlan> {
    let closes: Vec<Id> = if full {
        t.statements.iter().map(|s| s.value.clone()).collect()
    } else {
        t.statements.iter().map(|s| s.value.clone()).filter(|s| own.contains(&s)).collect()
    };
    let band_ok = spec.band.as_ref().is_none_or(|b| t.bands.iter().any(|tb| tb.value == *b));
    let names_level = spec.level.as_ref().is_some_and(|l| t.levels.iter().any(|tl| tl.value == *l));
    let names_role = role.is_some_and(|r| t.roles.iter().any(|tr| tr.value == *r));
    let serves = full || (band_ok && (!closes.is_empty() || names_level || names_role));
    let format = TrainingFormat::ALL.iter().find(|(_, f)| *f == t.format).map_or("other", |(name, _)| name);
    serves.then(|| TrainingPlan {
        id: t.id.value.clone(),
        title: t.title.clone(),
        provider: t.provider.clone(),
        format: t.format,
        format_label: say.say(&format!("training.formats.{format}")),
        duration: t.duration.clone(),
        cost: t.cost.clone(),
        link: t.link.as_ref().map(|l| l.value.clone()),
        description: t.description.clone(),
        refresh_every: t.refresh_every,
        cost_text: t.cost.as_ref().map(|cost| say.say_with("training.cost", json!({ "cost": cost }))),
        refresh_text: t.refresh_every.map(|every| say.say_with("training.every", json!({ "every": say.interval(every) }))),
        closes,
    })
}

/// The first rule naming the pack's role, else its level, else the default.
fn refresher_for<'a>(fw: &'a Framework, spec: &PackSpec, role: Option<&Id>) -> Option<&'a Refresher> {
    let by_role = role.and_then(|r| fw.refreshers.iter().find(|rule| rule.roles.iter().any(|x| x.value == *r)));
    let by_level = || spec.level.as_ref().and_then(|l| fw.refreshers.iter().find(|rule| rule.levels.iter().any(|x| x.value == *l)));
    by_role.or_else(by_level).or_else(|| fw.refreshers.iter().find(|r| r.is_default()))
}

fn refresher_plan(r: &Refresher, say: &Speaker) -> RefresherPlan {
    let facts = json!({ "applies_to": r.applies_to, "every": say.interval(r.every), "note": r.note });
    RefresherPlan {
        applies_to: r.applies_to.clone(),
        every: r.every,
        note: r.note.clone(),
        every_text: say.say_with("training.every", &facts),
        text: say.say_with("training.rule", &facts),
    }
}
