//! Model and plan JSON: dumps, plans and what they hold.

use std::path::Path;

use super::*;

/// An inline: a non-empty list of `{ "text", "style" }` objects.
fn is_inline(list: &[serde_json::Value]) -> bool {
    !list.is_empty()
        && list.iter().all(|v| {
            v.as_object().is_some_and(|o| {
                o.len() == 2
                    && o.get("text").is_some_and(serde_json::Value::is_string)
                    && o.get("style").is_some_and(serde_json::Value::is_string)
            })
        })
}

/// Every string of a JSON value (dump or plan), with each inline joined
/// into one string.
pub fn all_strings(v: &serde_json::Value) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        use serde_json::Value;
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(items) if is_inline(items) => out.push(items.iter().map(|s| s["text"].as_str().unwrap()).collect()),
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            Value::Object(map) => map.values().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut out);
    out
}

/// Every statement of a `dump`, in source order.
pub fn model_statements(dump: &serde_json::Value) -> Vec<&serde_json::Value> {
    let mut out = Vec::new();
    for d in dump["domains"].as_array().unwrap() {
        out.extend(d["statements"].as_array().unwrap());
        for t in d["topics"].as_array().unwrap() {
            out.extend(t["statements"].as_array().unwrap());
        }
    }
    out
}

/// The statements a plan prints in its framework text (`domains`).
pub fn plan_statements(plan: &serde_json::Value) -> Vec<&serde_json::Value> {
    let mut out = Vec::new();
    for d in plan["domains"].as_array().unwrap() {
        for s in d["sections"].as_array().unwrap() {
            for g in s["groups"].as_array().unwrap() {
                for sub in g["subgroups"].as_array().unwrap() {
                    out.extend(sub["statements"].as_array().unwrap());
                }
            }
        }
    }
    out
}

/// `framewright plan SOURCE PACK` parsed as JSON (run in `dir`).
pub fn plan_in(dir: &Path, source: &str, pack: &str) -> serde_json::Value {
    let r = run_in(dir, ["plan", source, pack]);
    r.assert_code(0);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("plan of {source} {pack} is not JSON: {e}"))
}

/// The files of a dump's `pack_list` whose names end with `.EXTENSION`.
pub fn planned_files(dump: &serde_json::Value, extension: &str) -> std::collections::BTreeSet<String> {
    let suffix = format!(".{extension}");
    dump["pack_list"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["files"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_string()))
        .filter(|f| f.ends_with(&suffix))
        .collect()
}

/// `framewright dump SOURCE` parsed as JSON (run in `dir`).
pub fn dump_in(dir: &Path, source: &str) -> serde_json::Value {
    let r = run_in(dir, ["dump", source]);
    r.assert_code(0);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("dump of {source} is not JSON: {e}"))
}
