//! `framewright schema`: the source format as a JSON Schema, for editors;
//! `schema diff`: the JSON `framewright diff --format json` writes.

use crate::editions::Changes;
use crate::model::Framework;

/// Print the JSON Schema of the source format (for editor completion and checks), or of `diff`'s JSON.
#[derive(clap::Args)]
pub struct Args {
    /// Which: the source format, or `diff --format json`.
    #[arg(value_enum, default_value = "source")]
    of: Of,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Of {
    Source,
    Diff,
}

pub fn run(args: Args) -> i32 {
    let schema = match args.of {
        Of::Source => schema_json(),
        Of::Diff => diff_schema_json(),
    };
    super::write_stdout(schema + "\n").map_or(super::exit::INVALID, |()| super::exit::OK)
}

/// The schema as pretty JSON; `docs/framewright.schema.json` holds a copy.
pub fn schema_json() -> String {
    pretty(schemars::schema_for!(Framework))
}

/// The schema of `diff --format json`; `docs/diff.schema.json` holds a copy.
pub fn diff_schema_json() -> String {
    pretty(schemars::schema_for!(Changes))
}

fn pretty(schema: schemars::Schema) -> String {
    serde_json::to_string_pretty(&schema).expect("a JSON Schema always serialises")
}
