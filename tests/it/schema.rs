//! The JSON Schema of the source format: the committed copy is current, and
//! every key the sample sources use is a property the schema lists.

use crate::common::*;
use serde_json::{Map, Value};

const COMMITTED: &str = "docs/framewright.schema.json";

fn schema() -> Value {
    let text = std::fs::read_to_string(root().join(COMMITTED)).expect("the committed schema");
    serde_json::from_str(&text).expect("the committed schema is JSON")
}

/// TOML → JSON, with dates and times as strings (as an editor sees them).
fn to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(dt) => Value::String(dt.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
    }
}

fn sample_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    to_json(&value)
}

/// Follows `$ref` (only local `#/$defs/…` ones) until a schema without one.
fn resolve<'a>(schema: &'a Value, node: &'a Value) -> &'a Value {
    let mut node = node;
    while let Some(r) = node.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/$defs/").unwrap_or_else(|| panic!("non-local $ref {r}"));
        node = &schema["$defs"][name];
        assert!(!node.is_null(), "$ref {r} names no definition");
    }
    node
}

/// The schema of the items of array property `key` of object schema `node`.
fn items<'a>(schema: &'a Value, node: &'a Value, key: &str) -> &'a Value {
    let prop = resolve(schema, &node["properties"][key]);
    assert_eq!(prop["type"], "array", "`{key}` is a list in the schema");
    resolve(schema, &prop["items"])
}

fn property<'a>(schema: &'a Value, node: &'a Value, key: &str) -> &'a Value {
    let prop = &node["properties"][key];
    assert!(!prop.is_null(), "no property `{key}`");
    resolve(schema, prop)
}

/// The keys of `table` that are not properties of `def`, and the required
/// properties of `def` that `table` lacks.
fn problems(def: &Value, table: &Value) -> (Vec<String>, Vec<String>) {
    let props: &Map<String, Value> = def["properties"].as_object().expect("an object schema with properties");
    let table = table.as_object().expect("a table");
    let unknown = table.keys().filter(|k| !props.contains_key(*k)).cloned().collect();
    let missing = def["required"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| r.as_str().unwrap().to_string())
        .filter(|r| !table.contains_key(r))
        .collect();
    (unknown, missing)
}

/// Asserts every key of `table` is a property of `def`, and every required
/// property is present. Returns how many keys were checked.
fn keys_listed(what: &str, def: &Value, table: &Value) -> usize {
    let (unknown, missing) = problems(def, table);
    assert!(unknown.is_empty(), "{what}: keys {unknown:?} are not in the schema");
    assert!(missing.is_empty(), "{what}: required {missing:?} missing");
    table.as_object().unwrap().len()
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

#[test]
fn the_committed_schema_is_current() {
    let r = run(["schema"]);
    r.assert_code(0);
    let committed = std::fs::read_to_string(root().join(COMMITTED)).unwrap();
    assert!(r.stdout == committed, "{COMMITTED} is stale: regenerate it with `cargo run -- schema > {COMMITTED}` and commit it");
    let parsed: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(parsed["title"], "framewright source");
    assert_eq!(parsed["$schema"], "https://json-schema.org/draft/2020-12/schema");
}

#[test]
fn closed_definitions_reject_unknown_keys() {
    let schema = schema();
    assert_eq!(schema["additionalProperties"], false, "the top level");
    for name in [
        "Meta",
        "Level",
        "Scheme",
        "Role",
        "Band",
        "Domain",
        "Topic",
        "Statement",
        "Assessment",
        "ScalePoint",
        "Training",
        "Refresher",
        "Packs",
        "Branding",
        "PackBuild",
    ] {
        let def = &schema["$defs"][name];
        assert!(def.is_object(), "no definition {name}");
        assert_eq!(def["additionalProperties"], false, "{name} must have additionalProperties: false");
    }
    // No skipped (internal) field leaks into the format.
    let build: Vec<&String> = schema["$defs"]["PackBuild"]["properties"].as_object().unwrap().keys().collect();
    assert_eq!(build, ["additional_needs", "assess_assumed", "bands", "formats", "levels", "roles"]);
    let meta = schema["$defs"]["Meta"]["properties"].as_object().unwrap();
    assert!(!meta.contains_key("language_span"));
    assert!(!schema["$defs"]["Refresher"]["properties"].as_object().unwrap().contains_key("span"));
    let statement: Vec<&String> = schema["$defs"]["Statement"]["properties"].as_object().unwrap().keys().collect();
    assert_eq!(statement, ["additional_needs", "bands", "case_id", "id", "kind", "level", "replaces", "subheading", "tags", "text"]);
    let required: Vec<&str> = schema["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(required, ["framework", "levels", "domains", "assessment", "packs"]);
}

#[test]
fn every_key_of_every_sample_is_in_the_schema() {
    let schema = schema();
    for path in sample_sources() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let src = sample_json(&path);
        let mut checked = keys_listed(&format!("{name}: the top level"), &schema, &src);

        checked += keys_listed(&format!("{name}: [framework]"), property(&schema, &schema, "framework"), &src["framework"]);

        let level = items(&schema, &schema, "levels");
        for (i, l) in list(&src, "levels").iter().enumerate() {
            checked += keys_listed(&format!("{name}: levels[{i}]"), level, l);
        }
        for (key, what) in [("schemes", "schemes"), ("roles", "roles"), ("bands", "bands"), ("refreshers", "refreshers")] {
            let def = items(&schema, &schema, key);
            for (i, v) in list(&src, key).iter().enumerate() {
                checked += keys_listed(&format!("{name}: {what}[{i}]"), def, v);
            }
        }

        let domain = items(&schema, &schema, "domains");
        let statement = items(&schema, domain, "statements");
        let topic = items(&schema, domain, "topics");
        assert!(std::ptr::eq(statement, items(&schema, topic, "statements")), "domains and topics hold the same statements");
        let mut statements = 0;
        for (i, d) in list(&src, "domains").iter().enumerate() {
            checked += keys_listed(&format!("{name}: domains[{i}]"), domain, d);
            for (j, s) in list(d, "statements").iter().enumerate() {
                checked += keys_listed(&format!("{name}: domains[{i}].statements[{j}]"), statement, s);
                statements += 1;
            }
            for (j, t) in list(d, "topics").iter().enumerate() {
                checked += keys_listed(&format!("{name}: domains[{i}].topics[{j}]"), topic, t);
                for (k, s) in list(t, "statements").iter().enumerate() {
                    checked += keys_listed(&format!("{name}: domains[{i}].topics[{j}].statements[{k}]"), statement, s);
                    statements += 1;
                }
            }
        }
        assert!(statements >= 24, "{name}: only {statements} statements seen");

        let assessment = property(&schema, &schema, "assessment");
        checked += keys_listed(&format!("{name}: [assessment]"), assessment, &src["assessment"]);
        let scale = items(&schema, assessment, "scale");
        for (i, p) in list(&src["assessment"], "scale").iter().enumerate() {
            checked += keys_listed(&format!("{name}: assessment.scale[{i}]"), scale, p);
        }

        let training = items(&schema, &schema, "training");
        for (i, t) in list(&src, "training").iter().enumerate() {
            checked += keys_listed(&format!("{name}: training[{i}]"), training, t);
        }

        let packs = property(&schema, &schema, "packs");
        checked += keys_listed(&format!("{name}: [packs]"), packs, &src["packs"]);
        if let Some(branding) = src["packs"].get("branding") {
            checked += keys_listed(&format!("{name}: [packs.branding]"), property(&schema, packs, "branding"), branding);
        }
        let build = items(&schema, packs, "build");
        for (i, b) in list(&src["packs"], "build").iter().enumerate() {
            checked += keys_listed(&format!("{name}: packs.build[{i}]"), build, b);
        }
        assert!(checked > 100, "{name}: only {checked} keys checked");
    }
}

#[test]
fn the_key_check_can_fail() {
    let schema = schema();
    let meta = property(&schema, &schema, "framework");
    let bad = serde_json::json!({ "id": "x", "publisher": "p", "version": "1", "published": "2024-01-01", "language": "en", "titel": "t" });
    assert_eq!(problems(meta, &bad), (vec!["titel".to_string()], vec!["title".to_string()]));
}

/// The smallest source that has one of every table, each holding only its
/// required keys, so every other key takes its default.
const MINIMAL: &str = r#"
[framework]
id = "minimal"
title = "Minimal"
publisher = "Tests"
version = "1"
published = 2025-01-01
language = "en-GB"

[[levels]]
id = "one"
name = "One"

[[schemes]]
id = "groups"
name = "Groups"

[[roles]]
id = "teacher"
name = "Teachers"
level = "one"

[[bands]]
id = "primary"
name = "Primary"

[[domains]]
id = "d"
title = "Domain"
statements = [{ id = "s1", level = "one", text = "A statement." }]

[[domains.topics]]
id = "t"
title = "Topic"
statements = [{ id = "s2", level = "one", text = "Another." }]

[assessment]
scale = [{ value = 1, label = "No" }, { value = 2, label = "Yes", met = true }]

[[assessment.signoff]]
id = "name"
label = "Name"

[[training]]
id = "course"
title = "A course"
format = "e-learning"
levels = ["one"]

[[refreshers]]
applies_to = "Everyone"
every = "3 years"

[packs]

[[packs.build]]
levels = "all"
"#;

/// Walks the schema beside the source and the dumped model: every property
/// the source leaves out that has a `default` must come out of the decoder
/// as that default. Returns the places where they differ.
fn default_drift(schema: &Value, node: &Value, source: &Value, model: &Value, path: &str, out: &mut Vec<String>) {
    let node = resolve(schema, node);
    let Some(props) = node.get("properties").and_then(Value::as_object) else { return };
    for (key, prop) in props {
        let here = format!("{path}.{key}");
        let (given, decoded) = (&source[key], &model[key]);
        if given.is_null() {
            if let Some(default) = prop.get("default")
                && decoded != default
            {
                out.push(format!("{here}: schema default {default}, decoder gives {decoded}"));
            }
            continue;
        }
        let prop = resolve(schema, prop);
        match (given, decoded) {
            (Value::Array(items), Value::Array(decoded)) if prop["items"].is_object() => {
                for (i, (item, d)) in items.iter().zip(decoded).enumerate() {
                    default_drift(schema, &prop["items"], item, d, &format!("{here}[{i}]"), out);
                }
            }
            (Value::Object(_), Value::Object(_)) => default_drift(schema, prop, given, decoded, &here, out),
            _ => {}
        }
    }
}

/// Defaults that the decoder fills in from other lists, which a schema
/// cannot say: the schema's default is the empty list, read as "all".
const FILLED_FROM_OTHER_LISTS: [&str; 2] = [".domains[0].statements[0].bands", ".domains[0].topics[0].statements[0].bands"];

#[test]
fn the_schemas_defaults_are_the_decoders() {
    let dir = TempDir::new("schema-defaults");
    let path = dir.path.join("minimal.toml");
    std::fs::write(&path, MINIMAL).unwrap();
    let model = dump(path.to_str().unwrap());
    let source = to_json(&toml::from_str(MINIMAL).unwrap());
    let schema = schema();
    let mut drift = Vec::new();
    default_drift(&schema, &schema, &source, &model, "", &mut drift);
    drift.retain(|d| !FILLED_FROM_OTHER_LISTS.iter().any(|p| d.starts_with(&format!("{p}:"))) && !d.starts_with(".training[0].bands:"));
    assert_eq!(drift, Vec::<String>::new());
    // The walk can fail: a decoder that filled in another value is caught,
    // at the top and deep inside lists.
    let mut drifted = model.clone();
    drifted["packs"]["full_edition"] = Value::Bool(false);
    drifted["assessment"]["scale"][0]["met"] = Value::Bool(true);
    let mut found = Vec::new();
    default_drift(&schema, &schema, &source, &drifted, "", &mut found);
    let places: Vec<&str> = found.iter().filter_map(|d| d.split(':').next()).collect();
    assert!(places.contains(&".packs.full_edition") && places.contains(&".assessment.scale[0].met"), "{found:?}");
}
