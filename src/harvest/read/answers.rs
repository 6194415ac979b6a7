//! The answers file the HTML edition saves (documented in
//! `docs/harvest.md`):
//!
//! ```json
//! {"framewright": {"framework": "…", "version": "…", "pack": "…", "plan": "…"},
//!  "answers": {"l1-01.rating": "3", "l1-01.evidence": "…", "signoff.name": "…"}}
//! ```
//!
//! Keys are field keys ([`FieldKey`]); a rating's value is the scale value
//! (a JSON number is taken as written), every other value is text.

use serde_json::Value;

use super::{Form, Unusable, put};
use crate::plan::field::FieldKey;
use crate::plan::identity::{MARK, PackIdentity};

/// The object that holds the identity.
pub const IDENTITY_KEY: &str = MARK;
/// The object that holds the answers.
pub const ANSWERS_KEY: &str = "answers";

pub fn read(bytes: &[u8]) -> Result<Form, Unusable> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|e| Unusable::Corrupt(format!("the answers file is not UTF-8 ({e})")))?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        // serde_json stops at 128 levels; an answers file has 3.
        if e.to_string().starts_with("recursion limit exceeded") {
            Unusable::Damaged(
                "the answers file is nested more than 128 levels deep; the HTML edition did not make it: ask for the file again".into(),
            )
        } else {
            Unusable::Corrupt(format!("the answers file is not valid JSON: {e} (line {}, column {})", e.line(), e.column()))
        }
    })?;
    let mut form = Form::default();
    let Some(identity) = value.get(IDENTITY_KEY).and_then(Value::as_object) else {
        return Ok(form);
    };
    form.identity = PackIdentity::from_answers(|name| identity.get(name).and_then(scalar));
    let Some(answers) = value.get(ANSWERS_KEY).and_then(Value::as_object) else {
        form.mistakes.push(format!("the file has no `{ANSWERS_KEY}` object"));
        return Ok(form);
    };
    for (name, value) in answers {
        form.fields += 1;
        match (name.parse::<FieldKey>(), scalar(value)) {
            (Ok(key), Some(text)) => put(&mut form, key, text),
            (Ok(key), None) if value.is_null() => {
                form.present.insert(key);
            }
            (Ok(key), None) => form.mistakes.push(format!("the answer to `{key}` is not text or a number; it was left out")),
            (Err(e), _) => form.mistakes.push(format!("{e}; the answer was left out")),
        }
    }
    Ok(form)
}

/// A string as it is, a number or boolean as JSON writes it.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
