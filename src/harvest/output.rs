//! `responses.csv` and `harvest.json`, the harvest's raw outputs (see
//! `docs/harvest.md` for their columns and fields). Both come out the same
//! byte for byte for the same inputs.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Harvest;
use super::log::{Entry, Status};
use super::submission::Submission;

/// The columns of `responses.csv`, in order (new columns go at the end, so
/// scripts reading an older harvest's columns keep working).
pub const COLUMNS: [&str; 19] = [
    "file",
    "person",
    "role",
    "level",
    "band",
    "setting",
    "framework",
    "version",
    "pack",
    "domain",
    "statement",
    "status",
    "rating",
    "met",
    "evidence",
    "action",
    "signed_off",
    "reworded",
    "job_title",
];

/// One row per person and statement, RFC 4180 (CRLF line ends, fields
/// quoted when they hold a comma, quote or line break), UTF-8 without a
/// byte order mark.
pub fn responses_csv(submissions: &[Submission]) -> Result<Vec<u8>, String> {
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let fail = |e: csv::Error| format!("cannot write responses.csv: {e}");
    out.write_record(COLUMNS).map_err(fail)?;
    for s in submissions {
        let signed_off = s.signed_off.map(|d| d.to_string()).unwrap_or_default();
        for row in &s.rows {
            let id = |v: &Option<crate::model::Id>| v.as_ref().map(|i| i.0.clone()).unwrap_or_default();
            let yes_no = |flag: Option<bool>| match flag {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            };
            out.write_record([
                s.file.as_str(),
                &s.person,
                &s.role,
                &id(&s.level),
                &id(&s.band),
                &s.setting,
                &s.identity.framework,
                &s.identity.version,
                &s.identity.pack,
                &id(&row.domain),
                row.statement.as_str(),
                row.status.as_str(),
                row.rating.as_deref().unwrap_or(""),
                yes_no(row.met),
                row.evidence.as_deref().unwrap_or(""),
                row.action.as_deref().unwrap_or(""),
                &signed_off,
                yes_no(row.reworded),
                &s.job_title,
            ])
            .map_err(fail)?;
        }
    }
    out.into_inner().map_err(|e| format!("cannot write responses.csv: {e}"))
}

#[derive(Serialize)]
struct HarvestJson<'a> {
    framewright: &'static str,
    /// How many files had each status (every status listed, zeros too).
    counts: BTreeMap<&'static str, usize>,
    files: &'a [Entry],
    submissions: &'a [Submission],
    duplicates: &'a [Submission],
    chase: &'a [super::chase::Chase],
}

const STATUSES: [Status; 10] = [
    Status::Read,
    Status::PartlyCompleted,
    Status::OlderVersion,
    Status::Duplicate,
    Status::Superseded,
    Status::Foreign,
    Status::Corrupt,
    Status::Damaged,
    Status::Encrypted,
    Status::Flattened,
];

/// Everything the harvest found, with the per-file log.
pub fn harvest_json(harvest: &Harvest) -> Result<Vec<u8>, String> {
    let mut counts: BTreeMap<&'static str, usize> =
        STATUSES.iter().map(|s| (s.as_str(), harvest.log.iter().filter(|e| e.status == *s).count())).collect();
    counts.insert("files", harvest.log.len());
    let json = HarvestJson {
        framewright: env!("CARGO_PKG_VERSION"),
        counts,
        files: &harvest.log,
        submissions: &harvest.submissions,
        duplicates: &harvest.duplicates,
        chase: &harvest.chase,
    };
    let mut bytes = serde_json::to_vec_pretty(&json).map_err(|e| format!("cannot write harvest.json: {e}"))?;
    bytes.push(b'\n');
    Ok(bytes)
}
