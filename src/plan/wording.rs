//! Resolving the wording (`templates/strings.toml`, see [`Wording`]) for
//! one pack: each entry is a minijinja template, rendered with the pack's
//! facts (and, for the entries about one item, that item's) into the plain
//! text the plan carries. Source text reaches a template only as a variable,
//! so nothing a source says is read as a template; the output is text, not
//! markup, and each renderer escapes it for its format.

use std::collections::BTreeMap;

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, Error};
use serde::Serialize;

use crate::model::{Date, Interval, Wording};

/// The entries about one item (a statement, a training option, a level…),
/// which the plan renders for each item into that item's plan; every other
/// entry is rendered once per pack into [`Said::text`].
const ITEM_ENTRIES: [&str; 23] = [
    "bilingual.label",
    "download.bilingual",
    "changes.intro",
    "changes.label",
    "download.news",
    "dates.date",
    "guide.examples",
    "guide.crosswalk",
    "framework.assumed_group",
    "assessment.option",
    "assessment.rating_field",
    "assessment.rating_choice",
    "assessment.column_field",
    "assessment.from_level",
    "training.cost",
    "training.every",
    "training.rule",
    "signoff.action_field",
    "signoff.signoff_field",
    "download.file",
    "summary.about",
    "summary.hidden_statements",
    "summary.missing",
];

/// The sections whose entries are all about one item: a change in the
/// part "What changed in this edition" (`super::changes`).
const ITEM_SECTIONS: [&str; 1] = ["changes.kinds"];

/// The sections worded for the download page and the harvest's reports
/// rather than for a pack: left out of a pack's text, resolved by
/// [`Speaker::section`] or entry by entry.
const PAGE_SECTIONS: [&str; 3] = ["download", "report", "summary"];

/// The word of `forms` ("1:year *:years") for `count`: the first whose
/// counts name it, else the `*` one, else the last.
fn unit_for(forms: &str, count: u32) -> &str {
    let entries: Vec<(&str, &str)> = forms.split_whitespace().filter_map(|entry| entry.split_once(':')).collect();
    let named = entries.iter().find(|(counts, _)| counts.split(',').any(|n| n.parse() == Ok(count)));
    named.or_else(|| entries.iter().find(|(counts, _)| *counts == "*")).or(entries.last()).map_or("", |(_, word)| word)
}

/// A pack's wording, ready to render.
pub struct Speaker {
    env: Environment<'static>,
    /// The pack's facts, the variables every entry can use.
    pack: Value,
}

impl Speaker {
    /// `pack` holds the variables every entry can use (see the head of
    /// `templates/strings.toml`).
    pub fn new(wording: &Wording, pack: impl Serialize) -> Self {
        let mut env = Environment::new();
        // Plain text out: each renderer escapes for its own format.
        env.set_auto_escape_callback(|_| AutoEscape::None);
        env.add_filter("andlist", and_list);
        for (key, template) in &wording.0 {
            // Entries were compiled when the source was loaded; one that
            // does not compile now (impossible) renders as its own text.
            if env.add_template_owned(key.clone(), template.clone()).is_err() {
                let _ = env.add_template_owned(key.clone(), escape_template(template));
            }
        }
        Self { env, pack: Value::from(Serde(pack)) }
    }

    /// The pack's facts from now on (dates in them are best made with
    /// [`Speaker::date`], which needs the wording first).
    pub fn set_facts(&mut self, pack: impl Serialize) {
        self.pack = Value::from(Serde(pack));
    }

    /// The pack's facts and `name`: a fact only some sections need (the
    /// download page's `bands`).
    pub fn add_fact(&mut self, name: &str, value: impl Serialize) {
        let pack = std::mem::replace(&mut self.pack, Value::UNDEFINED);
        self.pack = minijinja::context! { ..Value::from_iter([(name.to_string(), Value::from(Serde(value)))]), ..pack };
    }

    /// `date` as people write it in the wording's language ("1 December 2026").
    pub fn date(&self, date: Date) -> String {
        let months = self.say("dates.months");
        let month =
            months.split_whitespace().nth(usize::from(date.month).saturating_sub(1)).map_or_else(|| date.month.to_string(), String::from);
        self.say_with("dates.date", serde_json::json!({ "day": date.day, "month": month, "year": date.year }))
    }

    /// `every` in the wording's language ("2 years", "2 flynedd"): its
    /// unit the word `dates.years` or `dates.month_units` gives for its
    /// count (a language's numerals change the noun after them).
    pub fn interval(&self, every: Interval) -> String {
        let (count, years) = every.as_written();
        let forms = self.say(if years { "dates.years" } else { "dates.month_units" });
        let unit = unit_for(&forms, count);
        self.say_with("dates.interval", serde_json::json!({ "count": count, "unit": unit }))
    }

    /// Entry `key` rendered with the pack's facts.
    pub fn say(&self, key: &str) -> String {
        self.render(key, self.pack.clone())
    }

    /// Entry `key` rendered with the pack's facts and `item`'s.
    pub fn say_with(&self, key: &str, item: impl Serialize) -> String {
        let item = Value::from(Serde(item));
        let ctx = minijinja::context! { ..item, ..self.pack.clone() };
        self.render(key, ctx)
    }

    fn render(&self, key: &str, ctx: Value) -> String {
        match self.env.get_template(key).and_then(|t| t.render(ctx)) {
            Ok(text) => text,
            // A template that fails on this pack's data (a filter given a
            // number, say) prints its error rather than stopping the build.
            Err(e) => format!("[{key}: {e}]"),
        }
    }

    /// Every pack-level entry, rendered, nested by section as in the file:
    /// what templates read as `plan.text.<section>.<key>`.
    pub fn text(&self) -> BTreeMap<String, serde_json::Value> {
        self.nested(|name| !PAGE_SECTIONS.iter().any(|section| in_section(name, section)))
    }

    /// The entries of one page section (`download`), rendered and nested
    /// as in the file, without the section's own name.
    pub fn section(&self, section: &str) -> BTreeMap<String, serde_json::Value> {
        match self.nested(|name| in_section(name, section)).remove(section) {
            Some(serde_json::Value::Object(entries)) => entries.into_iter().collect(),
            _ => BTreeMap::new(),
        }
    }

    /// The entries `wanted` picks (item entries never), rendered and nested.
    fn nested(&self, wanted: impl Fn(&str) -> bool) -> BTreeMap<String, serde_json::Value> {
        let mut root = serde_json::Map::new();
        for name in self.env.templates().map(|(name, _)| name.to_string()).collect::<Vec<_>>() {
            let item = ITEM_ENTRIES.contains(&name.as_str()) || ITEM_SECTIONS.iter().any(|section| in_section(&name, section));
            if item || !wanted(&name) {
                continue;
            }
            let text = self.say(&name);
            let mut parts: Vec<&str> = name.split('.').collect();
            let last = parts.pop().unwrap_or_default();
            let mut table = &mut root;
            for part in parts {
                let entry = table.entry(part.to_string()).or_insert_with(|| serde_json::Value::Object(Default::default()));
                // A key that is both a section and an entry cannot come from
                // a TOML file, so every section is an object.
                let serde_json::Value::Object(inner) = entry else { unreachable!("`{name}` is under an entry") };
                table = inner;
            }
            table.insert(last.to_string(), serde_json::Value::String(text));
        }
        root.into_iter().collect()
    }
}

/// Whether entry `name` is in `section`.
fn in_section(name: &str, section: &str) -> bool {
    name.strip_prefix(section).is_some_and(|rest| rest.starts_with('.'))
}

/// A template that prints `text` as it is.
fn escape_template(text: &str) -> String {
    format!("{{% raw %}}{text}{{% endraw %}}")
}

/// `["A", "B", "C"] | andlist("and")` → "A, B and C".
fn and_list(items: Vec<Value>, word: String) -> Result<String, Error> {
    let items: Vec<String> = items.iter().map(ToString::to_string).collect();
    Ok(match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {word} {last}", rest.join(", ")),
    })
}

/// A piece of a line whose parts only the typesetter knows (a page number).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Piece {
    Text { text: String },
    Slot { slot: String },
}

/// Entry `key` split around the variables `slots`, which the typesetter
/// fills in ("Page {{ page }} of {{ pages }}" → text, slot, text, slot).
pub fn pieces(speaker: &Speaker, key: &str, slots: &[&str]) -> Vec<Piece> {
    // Each slot renders as a private-use character the text cannot hold.
    let marks: BTreeMap<String, String> = slots
        .iter()
        .enumerate()
        .map(|(i, s)| (s.to_string(), char::from_u32(0xF0000 + i as u32).unwrap_or('\u{FFFD}').to_string()))
        .collect();
    let text = speaker.say_with(key, &marks);
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        match slots.iter().enumerate().find(|(i, _)| c as u32 == 0xF0000 + *i as u32) {
            Some((_, slot)) => {
                if !current.is_empty() {
                    out.push(Piece::Text { text: std::mem::take(&mut current) });
                }
                out.push(Piece::Slot { slot: slot.to_string() });
            }
            None => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(Piece::Text { text: current });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn wording(entries: &[(&str, &str)]) -> Wording {
        Wording(entries.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    /// Intervals in each built-in table, Welsh with the mutation its
    /// numeral causes.
    #[test]
    fn intervals_are_worded_in_each_language() {
        let intervals = ["1 year", "2 years", "3 years", "5 years", "10 years", "1 month", "2 months", "18 months"];
        for (language, expected) in [
            ("en", ["1 year", "2 years", "3 years", "5 years", "10 years", "1 month", "2 months", "18 months"]),
            ("cy", ["1 flwyddyn", "2 flynedd", "3 blynedd", "5 mlynedd", "10 mlynedd", "1 mis", "2 fis", "18 mis"]),
        ] {
            let table: toml::Table = toml::from_str(Wording::built_in_in(language).unwrap()).unwrap();
            let dates: Vec<(String, &str)> = ["interval", "years", "month_units"]
                .iter()
                .map(|key| (format!("dates.{key}"), table["dates"][key].as_str().unwrap()))
                .collect();
            let entries: Vec<(&str, &str)> = dates.iter().map(|(k, v)| (k.as_str(), *v)).collect();
            let speaker = Speaker::new(&wording(&entries), json!({}));
            let said: Vec<String> = intervals.iter().map(|i| speaker.interval(Interval::parse(i).unwrap())).collect();
            assert_eq!(said, expected, "{language}");
        }
    }

    #[test]
    fn entries_render_with_the_pack_and_the_item() {
        let w = wording(&[
            ("a.title", "{{ role or level }}{% if band %} · {{ band }}{% endif %}"),
            ("guide.crosswalk", "{{ names | andlist(\"and\") }} for {{ level }}"),
        ]);
        let speaker = Speaker::new(&w, json!({ "level": "Level 2", "band": null, "role": null }));
        assert_eq!(speaker.say("a.title"), "Level 2");
        assert_eq!(speaker.say_with("guide.crosswalk", json!({ "names": ["A", "B", "C"] })), "A, B and C for Level 2");
        // Item entries stay out of the pack's text.
        let text = speaker.text();
        assert_eq!(serde_json::to_value(&text).unwrap(), json!({ "a": { "title": "Level 2" } }));
    }

    #[test]
    fn page_sections_stay_out_of_a_packs_text() {
        let w = wording(&[("a.b", "pack"), ("download.title", "Frameworks by {{ publisher }}"), ("download.file", "{{ format }}")]);
        let speaker = Speaker::new(&w, json!({ "publisher": "Leeds" }));
        assert_eq!(serde_json::to_value(speaker.text()).unwrap(), json!({ "a": { "b": "pack" } }));
        assert_eq!(serde_json::to_value(speaker.section("download")).unwrap(), json!({ "title": "Frameworks by Leeds" }));
        assert_eq!(speaker.say_with("download.file", json!({ "format": "PDF" })), "PDF");
    }

    #[test]
    fn source_text_is_never_a_template() {
        let w = wording(&[("a.b", "Hello {{ name }}")]);
        let speaker = Speaker::new(&w, json!({ "name": "{{ 7 * 7 }} {% raw %}" }));
        assert_eq!(speaker.say("a.b"), "Hello {{ 7 * 7 }} {% raw %}");
    }

    #[test]
    fn slots_split_a_line() {
        let w = wording(&[("footer.page", "Page {{ page }} of {{ pages }}")]);
        let speaker = Speaker::new(&w, json!({}));
        let text = |t: &str| Piece::Text { text: t.into() };
        let slot = |s: &str| Piece::Slot { slot: s.into() };
        assert_eq!(pieces(&speaker, "footer.page", &["page", "pages"]), [text("Page "), slot("page"), text(" of "), slot("pages")]);
    }
}
