//! `framewright schema`: the source format as a JSON Schema, for editors.

use crate::model::Framework;

/// Print the JSON Schema of the source format (for editor completion and checks).
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_: Args) -> i32 {
    super::write_stdout(schema_json() + "\n").map_or(super::exit::INVALID, |()| super::exit::OK)
}

/// The schema as pretty JSON; `docs/framewright.schema.json` holds a copy.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Framework);
    serde_json::to_string_pretty(&schema).expect("a JSON Schema always serialises")
}
