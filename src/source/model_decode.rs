//! How each model type is read from its TOML table. The key names here are
//! the source format; `docs/source-format.md` and the JSON Schema describe
//! the same keys (a test checks the schema against the samples).

use toml::de::DeValue;

use super::diagnostic::{Diagnostic, Diagnostics};
use super::toml_decode::{Decode, Node, Parallel, Table, decode_choice, mismatch};
use crate::model::*;

impl Decode for Framework {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let mut t = Table::open(node, "the source", d)?;
        let framework = t.required("framework", d);
        let levels = t.required("levels", d);
        let schemes = t.optional("schemes", d).unwrap_or_default();
        let roles = t.optional("roles", d).unwrap_or_default();
        let bands = t.optional("bands", d).unwrap_or_default();
        let domains = t.required("domains", d).map(|Parallel(list): Parallel<Domain>| list);
        let assessment = t.required("assessment", d);
        let training = t.optional("training", d).unwrap_or_default();
        let refreshers = t.optional("refreshers", d).unwrap_or_default();
        let packs = t.required("packs", d);
        let span = t.span();
        t.finish(d);
        for (list, key, help) in [
            (levels.as_ref().map(Vec::is_empty), "levels", "add at least one [[levels]] entry"),
            (domains.as_ref().map(Vec::is_empty), "domains", "add at least one [[domains]] entry with statements"),
        ] {
            if list == Some(true) {
                d.push(Diagnostic::error(span.start..span.start, format!("the source has no {key}")).with_help(help));
            }
        }
        Some(Framework {
            framework: framework?,
            levels: levels.unwrap_or_default(),
            schemes,
            roles,
            bands,
            domains: domains.unwrap_or_default(),
            assessment: assessment?,
            training,
            refreshers,
            packs: packs?,
            wording: Default::default(),
            translated_from: None,
            untranslated: Default::default(),
            changes: None,
        })
    }
}

impl Decode for Meta {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let mut t = Table::open(node, "[framework]", d)?;
        let id = t.required("id", d);
        let title = t.required_text("title", d);
        let subtitle = t.optional("subtitle", d);
        let publisher = t.required_text("publisher", d);
        let version = t.required_text("version", d);
        let published = t.required("published", d);
        let review = t.optional("review", d);
        let language_span = t.span_of("language");
        let language = t.required_text("language", d);
        let licence = t.optional("licence", d);
        let contact = t.optional("contact", d);
        let logo = t.optional("logo", d);
        let logo_alt = t.optional("logo_alt", d);
        let introduction = t.optional("introduction", d).unwrap_or_default();
        let principles = t.optional("principles", d).unwrap_or_default();
        let acknowledgements = t.optional("acknowledgements", d).unwrap_or_default();
        let references = t.optional("references", d).unwrap_or_default();
        let previous = t.optional("previous", d);
        let case_id = t.optional("case_id", d);
        let span = t.span();
        t.finish(d);
        Some(Meta {
            id: id.unwrap_or_else(|| Sp::new(Id::default(), span.clone())),
            title,
            subtitle,
            publisher,
            version,
            published: published.unwrap_or_default(),
            review,
            language,
            language_span: language_span.unwrap_or(span.start..span.start),
            licence,
            contact,
            logo,
            logo_alt,
            introduction,
            principles,
            acknowledgements,
            references,
            previous,
            case_id,
        })
    }
}

impl Decode for Level {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let mut t = Table::open(node, "[[levels]]", d)?;
        let id = t.required("id", d);
        let name = t.required_text("name", d);
        let audience = t.optional("audience", d);
        let description = t.optional("description", d).unwrap_or_default();
        let cumulative = t.optional("cumulative", d).unwrap_or(false);
        let assess_assumed = t.optional("assess_assumed", d).unwrap_or(false);
        let crosswalk = t.optional("crosswalk", d).unwrap_or_default();
        t.finish(d);
        Some(Level { id: id?, name, audience, description, cumulative, assess_assumed, crosswalk })
    }
}

impl Decode for Scheme {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let mut t = Table::open(node, "[[schemes]]", d)?;
        let id = t.required("id", d);
        let name = t.required_text("name", d);
        let description = t.optional("description", d);
        t.finish(d);
        Some(Scheme { id: id?, name, description })
    }
}

impl Decode for Role {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let mut t = Table::open(node, "[[roles]]", d)?;
        let id = t.required("id", d);
        let name = t.required_text("name", d);
        let level = t.required("level", d);
        let description = t.optional("description", d).unwrap_or_default();
        let examples = t.optional("examples", d).unwrap_or_default();
        let crosswalk = t.optional("crosswalk", d).unwrap_or_default();
        t.finish(d);
        Some(Role { id: id?, name, level: level?, description, examples, crosswalk })
    }
}

impl Decode for Band {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let mut t = Table::open(node, "[[bands]]", d)?;
        let id = t.required("id", d);
        let name = t.required_text("name", d);
        let description = t.optional("description", d);
        t.finish(d);
        Some(Band { id: id?, name, description })
    }
}

impl Decode for Domain {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let mut t = Table::open(node, "[[domains]]", d)?;
        let id = t.required("id", d);
        let number = t.optional("number", d);
        let title = t.required_text("title", d);
        let intro = t.optional("intro", d).unwrap_or_default();
        let empty_levels = t.optional("empty_levels", d).unwrap_or_default();
        let level_intro = t.optional("level_intro", d).unwrap_or_default();
        let statements = t.optional("statements", d).unwrap_or_default();
        let topics = t.optional("topics", d).unwrap_or_default();
        let case_id = t.optional("case_id", d);
        t.finish(d);
        Some(Domain { id: id?, number, title, intro, empty_levels, level_intro, statements, topics, case_id })
    }
}

impl Decode for Topic {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let mut t = Table::open(node, "[[domains.topics]]", d)?;
        let id = t.required("id", d);
        let number = t.optional("number", d);
        let title = t.required_text("title", d);
        let intro = t.optional("intro", d).unwrap_or_default();
        let empty_levels = t.optional("empty_levels", d).unwrap_or_default();
        let level_intro = t.optional("level_intro", d).unwrap_or_default();
        let statements = t.optional("statements", d).unwrap_or_default();
        let case_id = t.optional("case_id", d);
        t.finish(d);
        Some(Topic { id: id?, number, title, intro, empty_levels, level_intro, statements, case_id })
    }
}

impl Decode for Statement {
    /// A statement without a usable id or text is dropped (after reporting),
    /// since nothing could refer to it; other mistakes keep it for the checks.
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let mut t = Table::open(node, "a statement", d)?;
        let id = t.required("id", d);
        let text = t.required("text", d);
        let level = t.required("level", d);
        let bands = t.optional("bands", d).unwrap_or_default();
        let additional_needs = t.optional("additional_needs", d).unwrap_or(false);
        let subheading = t.optional("subheading", d);
        let kind = t.optional("kind", d);
        let tags = t.optional("tags", d).unwrap_or_default();
        let replaces = t.optional("replaces", d).unwrap_or_default();
        let case_id = t.optional("case_id", d);
        t.finish(d);
        Some(Statement {
            id: id?,
            text: text?,
            level: level.unwrap_or_default(),
            bands,
            additional_needs,
            subheading,
            kind,
            tags,
            replaces,
            case_id,
        })
    }
}

impl Decode for CaseId {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let text = String::decode(node, d)?;
        let id = CaseId::parse(&text);
        if id.is_none() {
            d.push(
                Diagnostic::error(node.span(), format!("`{text}` is not a CASE identifier"))
                    .with_label("expected a UUID")
                    .with_help("write the identifier of the CASE item as 8-4-4-4-12 hexadecimal digits, or remove `case_id`"),
            );
        }
        id
    }
}

impl Decode for Kind {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        decode_choice(node, &Kind::ALL, d)
    }
}

impl Decode for Assessment {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let mut t = Table::open(node, "[assessment]", d)?;
        let instructions = t.optional("instructions", d).unwrap_or_default();
        let scale = t.required("scale", d);
        let columns = t.optional("columns", d).unwrap_or_default();
        let signoff = t.optional("signoff", d).unwrap_or_default();
        let rows_span = t.span_of("action_plan_rows");
        let action_plan_rows = t.optional("action_plan_rows", d).unwrap_or(Assessment::DEFAULT_ACTION_PLAN_ROWS);
        if let (Some(span), true) = (rows_span, action_plan_rows > Assessment::MAX_ACTION_PLAN_ROWS) {
            d.push(
                Diagnostic::error(span, format!("{action_plan_rows} action-plan rows is more than {}", Assessment::MAX_ACTION_PLAN_ROWS))
                    .with_label("too many rows"),
            );
        }
        t.finish(d);
        Some(Assessment { instructions, scale: scale.unwrap_or_default(), columns, signoff, action_plan_rows })
    }
}

impl Decode for ScalePoint {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let mut t = Table::open(node, "[[assessment.scale]]", d)?;
        let value = t.required("value", d);
        let label = t.required_text("label", d);
        let description = t.optional("description", d);
        let met = t.optional("met", d).unwrap_or(false);
        t.finish(d);
        Some(ScalePoint { value: value.unwrap_or_default(), label, description, met })
    }
}

impl Decode for Columns {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let mut t = Table::open(node, "[assessment.columns]", d)?;
        let defaults = Columns::default();
        let evidence = t.optional("evidence", d).unwrap_or(defaults.evidence);
        let action = t.optional("action", d).unwrap_or(defaults.action);
        t.finish(d);
        Some(Columns { evidence, action })
    }
}

impl Decode for SignoffField {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let mut t = Table::open(node, "[[assessment.signoff]]", d)?;
        let id = t.required("id", d);
        let label = t.required_text("label", d);
        let kind = t.optional("kind", d).unwrap_or_default();
        t.finish(d);
        Some(SignoffField { id: id?, label, kind })
    }
}

impl Decode for SignoffKind {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        decode_choice(node, &[("text", SignoffKind::Text), ("date", SignoffKind::Date)], d)
    }
}

impl Decode for Training {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let mut t = Table::open(node, "[[training]]", d)?;
        let id = t.required("id", d);
        let title = t.required_text("title", d);
        let provider = t.optional("provider", d);
        let format = t.required("format", d);
        let duration = t.optional("duration", d);
        let cost = t.optional("cost", d);
        let link = t.optional("link", d);
        let description = t.optional("description", d).unwrap_or_default();
        let levels = t.optional("levels", d).unwrap_or_default();
        let roles = t.optional("roles", d).unwrap_or_default();
        let bands = t.optional("bands", d).unwrap_or_default();
        let statements = t.optional("statements", d).unwrap_or_default();
        let refresh_every = t.optional("refresh_every", d);
        t.finish(d);
        Some(Training {
            id: id?,
            title,
            provider,
            format: format.unwrap_or_default(),
            duration,
            cost,
            link,
            description,
            levels,
            roles,
            bands,
            statements,
            refresh_every,
        })
    }
}

impl Decode for TrainingFormat {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        decode_choice(node, &TrainingFormat::ALL, d)
    }
}

impl Decode for Refresher {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let mut t = Table::open(node, "[[refreshers]]", d)?;
        let applies_to = t.required_text("applies_to", d);
        let levels = t.optional("levels", d).unwrap_or_default();
        let roles = t.optional("roles", d).unwrap_or_default();
        let every = t.required("every", d);
        let note = t.optional("note", d);
        let span = t.span();
        t.finish(d);
        Some(Refresher { applies_to, levels, roles, every: every.unwrap_or_default(), note, span })
    }
}

impl Decode for Packs {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let mut t = Table::open(node, "[packs]", d)?;
        let file_name = t.optional("file_name", d).unwrap_or_else(Packs::default_file_name);
        let formats = t.optional("formats", d).unwrap_or_else(Format::all);
        let full_edition = t.optional("full_edition", d).unwrap_or(true);
        let template = t.optional("template", d);
        let strings = t.optional("strings", d);
        let branding = t.optional("branding", d).unwrap_or_default();
        let languages = t.optional("languages", d).unwrap_or_default();
        let bilingual_layout = t.optional("bilingual_layout", d).unwrap_or_default();
        let registration = t.optional("registration", d);
        let build_node = t.node_of("build");
        let build = t.required("build", d);
        if let Some(node) = build_node.filter(|n| matches!(n.get_ref(), DeValue::Array(items) if items.is_empty())) {
            d.push(
                Diagnostic::error(node.span(), "[packs] `build` is empty: no packs would be built")
                    .with_label("no entries")
                    .with_help("add a [[packs.build]] entry"),
            );
        }
        t.finish(d);
        Some(Packs {
            file_name,
            formats,
            full_edition,
            template,
            strings,
            branding,
            languages,
            bilingual_layout,
            build: build.unwrap_or_default(),
            registration,
        })
    }
}

impl Decode for Format {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        decode_choice(node, &Format::ALL, d)
    }
}

impl Decode for BilingualLayout {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        decode_choice(node, &BilingualLayout::ALL, d)
    }
}

impl Decode for Paper {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        decode_choice(node, &Paper::ALL, d)
    }
}

impl Decode for Orientation {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        decode_choice(node, &Orientation::ALL, d)
    }
}

impl Decode for Colour {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let text = String::decode(node, d)?;
        let colour = Colour::parse(&text);
        if colour.is_none() {
            d.push(
                Diagnostic::error(node.span(), format!("`{text}` is not a colour"))
                    .with_label("expected #rrggbb")
                    .with_help("write a colour as # and six hexadecimal digits, e.g. \"#1d4f91\""),
            );
        }
        colour
    }
}

impl Decode for Branding {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let mut t = Table::open(node, "[packs.branding]", d)?;
        let defaults = Branding::default();
        let primary = t.optional("primary", d).unwrap_or(defaults.primary);
        let accent = t.optional("accent", d).unwrap_or(defaults.accent);
        let font = t.optional("font", d).unwrap_or(defaults.font);
        let paper = t.optional("paper", d).unwrap_or(defaults.paper);
        let grid = t.optional("grid", d).unwrap_or(defaults.grid);
        t.finish(d);
        Some(Branding { primary, accent, font, paper, grid })
    }
}

impl Decode for Registration {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let mut t = Table::open(node, "[packs.registration]", d)?;
        let fields_node = t.node_of("fields");
        let fields: Option<Vec<Sp<RegistrationField>>> = t.required("fields", d);
        t.finish(d);
        let fields = fields?;
        if fields.is_empty() {
            let span = fields_node.map_or(node.span(), |n| n.span());
            d.push(Diagnostic::error(span, "[packs.registration] `fields` is empty: the download page would ask nothing").with_help(
                "name the fields to ask, e.g. fields = [\"name\", \"role\", \"organisation\", \"email\"], or remove [packs.registration]",
            ));
            return None;
        }
        for (i, field) in fields.iter().enumerate() {
            if let Some(first) = fields[..i].iter().find(|f| f.value == field.value) {
                d.push(
                    Diagnostic::error(field.span.clone(), "this field is asked twice")
                        .with_label("listed again here")
                        .with_related(first.span.clone(), "first listed here")
                        .with_help("list each field once"),
                );
            }
        }
        Some(Registration { fields })
    }
}

impl Decode for RegistrationField {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        decode_choice(node, &RegistrationField::ALL, d)
    }
}

impl Decode for PackBuild {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let mut t = Table::open(node, "[[packs.build]]", d)?;
        let levels = t.optional("levels", d);
        let roles = t.optional("roles", d);
        let bands = t.optional("bands", d);
        let additional_needs = t.optional("additional_needs", d).unwrap_or(false);
        let assess_assumed = t.optional("assess_assumed", d).unwrap_or(false);
        let formats = t.optional("formats", d);
        let span = t.span();
        t.finish(d);
        Some(PackBuild { levels, roles, bands, additional_needs, assess_assumed, formats, span })
    }
}

impl<V: Decode> Decode for IdMap<V> {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let DeValue::Table(entries) = node.get_ref() else {
            mismatch(node, "a table keyed by ids", d);
            return None;
        };
        // The keys refer to ids defined elsewhere; `validate` checks them.
        let mut map = Vec::new();
        let mut ok = true;
        for (key, value) in entries.iter() {
            match V::decode(value, d) {
                Some(value) => map.push((Sp::new(Id(key.get_ref().to_string()), key.span()), value)),
                None => ok = false,
            }
        }
        ok.then_some(IdMap(map))
    }
}

impl Decode for Inline {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        match node.get_ref() {
            DeValue::String(_) => String::decode(node, d).map(Inline::plain),
            DeValue::Array(items) => {
                let spans: Vec<Option<Span>> = items.iter().map(|item| decode_span(item, d)).collect();
                spans.into_iter().collect::<Option<Vec<_>>>().map(Inline)
            }
            _ => {
                mismatch(node, "text (a string or a list of spans)", d);
                None
            }
        }
    }
}

/// A span: a plain string, `{ em = "…" }` or `{ strong = "…" }`.
fn decode_span(node: Node<'_>, d: &mut Diagnostics) -> Option<Span> {
    if let DeValue::String(_) = node.get_ref() {
        return String::decode(node, d).map(|text| Span { text, style: Style::Plain });
    }
    let mut t = Table::open(node, "a text span", d)?;
    let em = t.optional::<String>("em", d);
    let strong = t.optional::<String>("strong", d);
    t.finish(d);
    match (em, strong) {
        (Some(text), None) => Some(Span { text, style: Style::Em }),
        (None, Some(text)) => Some(Span { text, style: Style::Strong }),
        _ => {
            d.push(
                Diagnostic::error(node.span(), "a text span needs exactly one of `em` and `strong`")
                    .with_help("write { em = \"…\" } for emphasis or { strong = \"…\" } for bold"),
            );
            None
        }
    }
}

impl Decode for Blocks {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        match node.get_ref() {
            DeValue::String(_) => String::decode(node, d).map(|text| Blocks(vec![Block::Paragraph { text: Inline::plain(text) }])),
            _ => Vec::<Block>::decode(node, d).map(Blocks),
        }
    }
}

impl Decode for Block {
    fn decode(node: Node<'_>, d: &mut Diagnostics) -> Option<Self> {
        let mut t = Table::open(node, "a narrative block", d)?;
        let given: Vec<&str> = ["p", "heading", "list", "quote"].into_iter().filter(|k| t.has(k)).collect();
        let p = t.optional::<Inline>("p", d);
        let heading = t.optional::<String>("heading", d);
        let list = t.optional::<Vec<Inline>>("list", d);
        let quote = t.optional::<Inline>("quote", d);
        let has_source = t.has("source");
        let source = t.optional::<String>("source", d);
        let has_ordered = t.has("ordered");
        let ordered = t.optional::<bool>("ordered", d).unwrap_or(false);
        t.finish(d);
        if given.len() != 1 {
            let found = if given.is_empty() { "none".to_string() } else { given.join(" and ") };
            d.push(
                Diagnostic::error(node.span(), format!("a narrative block needs exactly one of p, heading, list, quote (found {found})"))
                    .with_help("split it into one block per paragraph, heading, list or quote"),
            );
            return None;
        }
        if has_source && quote.is_none() {
            d.push(Diagnostic::error(node.span(), "`source` (an attribution) belongs to a `quote` block"));
        }
        if has_ordered && list.is_none() {
            d.push(Diagnostic::error(node.span(), "`ordered` belongs to a `list` block"));
        }
        if let Some(text) = p {
            Some(Block::Paragraph { text })
        } else if let Some(text) = heading {
            Some(Block::Heading { text })
        } else if let Some(items) = list {
            Some(Block::List { items, ordered })
        } else {
            quote.map(|text| Block::Quote { text, source })
        }
    }
}
