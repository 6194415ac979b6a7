//! Narrative text: paragraphs, headings, lists and quotations, with emphasis
//! expressed as data (spans), never as markup characters. A `*` in the source
//! is a star on the page.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;

/// A run of text with one style.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    pub style: Style,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    Plain,
    Em,
    Strong,
}

/// Text that may carry emphasis: a string, or a list of spans.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Inline(pub Vec<Span>);

impl Inline {
    pub fn plain(text: impl Into<String>) -> Self {
        Self(vec![Span { text: text.into(), style: Style::Plain }])
    }

    /// The text without its styling, for searching and plain-text outputs.
    pub fn to_plain(&self) -> String {
        self.0.iter().map(|s| s.text.as_str()).collect()
    }
}

impl JsonSchema for Inline {
    fn schema_name() -> Cow<'static, str> {
        "Inline".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Text: a string, or a list of spans (a string, { em = \"…\" } or { strong = \"…\" })",
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "anyOf": [
                    { "type": "string" },
                    { "type": "object", "properties": { "em": { "type": "string" } }, "required": ["em"], "additionalProperties": false },
                    { "type": "object", "properties": { "strong": { "type": "string" } }, "required": ["strong"], "additionalProperties": false }
                ] } }
            ]
        })
    }
}

/// One block of narrative.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    Paragraph { text: Inline },
    Heading { text: String },
    List { items: Vec<Inline>, ordered: bool },
    Quote { text: Inline, source: Option<String> },
}

/// Narrative: one string (a paragraph) or a list of blocks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Blocks(pub Vec<Block>);

impl Blocks {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl JsonSchema for Blocks {
    fn schema_name() -> Cow<'static, str> {
        "Blocks".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let inline = generator.subschema_for::<Inline>();
        json_schema!({
            "description": "Narrative: one string (a paragraph) or a list of blocks, each with exactly one of p, heading, list, quote",
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "anyOf": [
                    { "type": "object", "properties": { "p": inline }, "required": ["p"], "additionalProperties": false },
                    { "type": "object", "properties": { "heading": { "type": "string" } }, "required": ["heading"], "additionalProperties": false },
                    { "type": "object", "properties": { "list": { "type": "array", "items": inline }, "ordered": { "type": "boolean" } }, "required": ["list"], "additionalProperties": false },
                    { "type": "object", "properties": { "quote": inline, "source": { "type": "string" } }, "required": ["quote"], "additionalProperties": false }
                ] } }
            ]
        })
    }
}
