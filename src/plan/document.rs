//! What a pack's document is, beyond its content: its title and keywords,
//! its parts in order with their headings, the footer and the cover's
//! table, all in the words of the wording file (see [`super::wording`]).

use serde::Serialize;
use serde_json::json;

use super::pack::{
    AssessmentPlan, CoverPlan, CoverRow, DocumentPlan, FooterPlan, FrameworkInfo, PartKind, PartPlan, PersonPlan, TablePlan,
};
use super::wording::{Speaker, pieces};
use super::{Audience, PackSpec};
use crate::model::{Band, Framework, Id, Level, Role};

/// Whom a pack is for, as the wording names them.
pub struct Reader<'a> {
    pub role: Option<&'a Role>,
    pub level: Option<&'a Level>,
    pub band: Option<&'a Band>,
    /// The levels a cumulative level assumes.
    pub assumed: &'a [&'a Level],
    pub file_stem: &'a str,
}

/// The variables every entry of the wording can use (listed at the head of
/// `templates/strings.toml`).
#[derive(Serialize)]
struct PackFacts<'a> {
    full: bool,
    role: Option<&'a str>,
    level: Option<&'a str>,
    band: Option<&'a str>,
    additional_needs: bool,
    assumed: Vec<&'a str>,
    assess_assumed: bool,
    title: &'a str,
    publisher: &'a str,
    version: &'a str,
    published: String,
    review: Option<String>,
    contact: Option<&'a str>,
    licence: Option<&'a str>,
    pack: &'a str,
    file: &'a str,
    /// The rating scale, for the legend.
    scale: Vec<serde_json::Value>,
}

/// The wording of pack `spec`, ready to render.
pub fn speaker(fw: &Framework, spec: &PackSpec, reader: &Reader) -> Speaker {
    let meta = &fw.framework;
    let mut say = Speaker::new(&fw.wording, json!({}));
    let facts = PackFacts {
        full: spec.audience == Audience::Full,
        role: reader.role.map(|r| r.name.as_str()),
        level: reader.level.map(|l| l.name.as_str()),
        band: reader.band.map(|b| b.name.as_str()),
        additional_needs: spec.additional_needs,
        assumed: reader.assumed.iter().map(|l| l.name.as_str()).collect(),
        assess_assumed: spec.assess_assumed,
        title: &meta.title,
        publisher: &meta.publisher,
        version: &meta.version,
        published: say.date(meta.published),
        review: meta.review.map(|d| say.date(d)),
        contact: meta.contact.as_deref(),
        licence: meta.licence.as_deref(),
        pack: &spec.id,
        file: reader.file_stem,
        scale: fw.assessment.scale.iter().map(|p| json!({ "value": p.value.value, "label": p.label })).collect(),
    };
    say.set_facts(facts);
    say
}

/// A pack rating at most this many statements is short: its first parts
/// share pages.
const COMPACT_ROWS: usize = 15;

/// The document: title, keywords (the identity is added once the plan is
/// hashed),
/// parts with their headings, footer.
pub fn document(say: &Speaker, framework: &FrameworkInfo, assessment: &AssessmentPlan, changes: bool) -> DocumentPlan {
    let pack_title = say.say("pack.title");
    let compact = !assessment.rows.is_empty() && assessment.rows.len() <= COMPACT_ROWS;
    let part = |kind: PartKind, heading: &str| {
        let runs_on = compact && matches!(kind, PartKind::HowToUse | PartKind::About | PartKind::Changes);
        PartPlan { kind, heading: Some(say.say(heading)), new_page: !runs_on }
    };
    let mut parts = vec![
        PartPlan { kind: PartKind::Cover, heading: None, new_page: true },
        part(PartKind::Contents, "headings.contents"),
        part(PartKind::HowToUse, "headings.how_to_use"),
        part(PartKind::About, "headings.about"),
    ];
    if changes {
        parts.push(part(PartKind::Changes, "headings.changes"));
    }
    parts.push(part(PartKind::Framework, "headings.framework"));
    if !assessment.rows.is_empty() {
        parts.push(part(PartKind::Assessment, "headings.assessment"));
    }
    parts.push(part(PartKind::Training, "headings.training"));
    if !assessment.action_plan.is_empty() || !assessment.signoff.is_empty() {
        parts.push(part(PartKind::Signoff, "headings.signoff_part"));
    }
    if !framework.acknowledgements.is_empty() {
        parts.push(part(PartKind::Acknowledgements, "headings.acknowledgements"));
    }
    if !framework.references.is_empty() {
        parts.push(part(PartKind::References, "headings.references"));
    }
    let keywords = say.say("pack.keywords").split(';').map(str::trim).filter(|k| !k.is_empty()).map(String::from).collect();
    DocumentPlan {
        title: format!("{} – {pack_title}", framework.title),
        pack_title,
        keywords,
        parts,
        footer: FooterPlan { version: say.say("footer.version"), page: pieces(say, "footer.page", &["page", "pages"]) },
    }
}

/// The cover's table (who the pack is for, publisher, version, dates) and
/// its small print (licence, contact, the pack's id and file).
pub fn cover(say: &Speaker, fw: &Framework, spec: &PackSpec, person: Option<&PersonPlan>) -> CoverPlan {
    let meta = &fw.framework;
    let mut rows = Vec::new();
    let mut row = |label: &str, value: String| rows.push(CoverRow { label: say.say(label), value });
    if let Some(person) = person {
        row("cover.prepared_for", person.name.clone());
        if let Some(title) = &person.job_title {
            row("cover.job_title", title.clone());
        }
    }
    let full = spec.audience == Audience::Full;
    if full {
        row("cover.edition", say.say("cover.edition_full"));
    }
    if let Audience::Role(id) = &spec.audience
        && let Some(role) = fw.role(id)
    {
        row("cover.role", role.name.clone());
    }
    if let Some(level) = spec.level.as_ref().and_then(|id| fw.level(id)) {
        row("cover.level", level.name.clone());
    }
    if let Some(band) = spec.band.as_ref().and_then(|id| fw.band(id)) {
        row("cover.band", band.name.clone());
    }
    if spec.additional_needs && !full {
        row("cover.includes", say.say("cover.includes_additional_needs"));
    }
    row("cover.published_by", meta.publisher.clone());
    row("cover.version", say.say("cover.version_value"));
    if let Some(review) = meta.review {
        row("cover.review", say.date(review));
    }
    // The pack's id and file are in the document's metadata, not the cover.
    let mut notes: Vec<String> = meta.licence.iter().cloned().collect();
    if meta.contact.is_some() {
        notes.push(say.say("cover.contact"));
    }
    CoverPlan { rows, notes }
}

/// "Which pack is mine?": every role with its level, example staff and the
/// cross-walks to the schemes any role or its level names (a role's own
/// cross-walk first, else its level's). None when the source has no roles.
pub fn roles_table(say: &Speaker, fw: &Framework) -> Option<TablePlan> {
    if fw.roles.is_empty() {
        return None;
    }
    let level_of = |role: &Role| fw.level(&role.level.value);
    let values = |role: &Role, scheme: &Id| {
        role.crosswalk.get(scheme).or_else(|| level_of(role).and_then(|l| l.crosswalk.get(scheme))).map(|v| v.0.join(", "))
    };
    let schemes: Vec<_> = fw.schemes.iter().filter(|s| fw.roles.iter().any(|r| values(r, &s.id.value).is_some())).collect();
    let examples = fw.roles.iter().any(|r| !r.examples.is_empty());
    let mut headers = vec![say.say("roles.role"), say.say("roles.level")];
    if examples {
        headers.push(say.say("roles.examples"));
    }
    headers.extend(schemes.iter().map(|s| s.name.clone()));
    let rows = fw
        .roles
        .iter()
        .map(|role| {
            let mut row = vec![role.name.clone(), level_of(role).map_or_else(|| role.level.value.to_string(), |l| l.name.clone())];
            if examples {
                row.push(role.examples.join(", "));
            }
            row.extend(schemes.iter().map(|s| values(role, &s.id.value).unwrap_or_else(|| say.say("training.blank"))));
            row
        })
        .collect();
    Some(TablePlan { headers, rows })
}
