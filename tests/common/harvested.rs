//! What `framewright harvest` read back, from its `harvest.json`, in the
//! field keys the forms use, so a test compares it with what was typed.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

/// The submission of `person` in harvest.json, as field key → value.
pub fn harvested(json: &Value, person: &str) -> BTreeMap<String, String> {
    let s = json["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["person"] == person)
        .unwrap_or_else(|| panic!("{person} not harvested: {json:#}"));
    submission_values(s)
}

/// A submission of harvest.json as field key → value: what was read back.
pub fn submission_values(s: &Value) -> BTreeMap<String, String> {
    let mut values = BTreeMap::new();
    for row in s["rows"].as_array().unwrap() {
        let id = row["statement"].as_str().unwrap();
        for (column, key) in [("rating", "rating"), ("evidence", "evidence"), ("action", "action")] {
            if let Some(v) = row[column].as_str() {
                values.insert(format!("{id}.{key}"), v.to_string());
            }
        }
    }
    for (k, v) in s["signoff"].as_object().unwrap() {
        values.insert(format!("signoff.{k}"), v.as_str().unwrap().to_string());
    }
    for row in s["action_plan"].as_array().unwrap() {
        for column in ["action", "support", "date"] {
            if let Some(v) = row[column].as_str() {
                values.insert(format!("actionplan.{}.{column}", row["number"]), v.to_string());
            }
        }
    }
    values
}

/// The rows of responses.csv (column → value) keyed by (person, statement).
pub type ResponseRows = BTreeMap<(String, String), BTreeMap<String, String>>;

/// responses.csv at `path`: its header, and its rows.
pub fn responses_csv(path: &Path) -> (Vec<String>, ResponseRows) {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let mut rows = BTreeMap::new();
    for record in reader.records() {
        let row: BTreeMap<String, String> = header.iter().cloned().zip(record.unwrap().iter().map(str::to_string)).collect();
        rows.insert((row["person"].clone(), row["statement"].clone()), row);
    }
    (header, rows)
}
