//! A collection's results, made by the library's harvest from what was
//! sent and uploaded, exactly as `framewright harvest` makes them from the
//! same files: each submission is written to a folder as a file named by
//! its arrival (`000000042.json`), so the harvest's rule for the same
//! person twice (the one signed off last, then the later file) keeps the
//! latest send, and every earlier one stays stored.
//!
//! Results are kept in the data folder under the newest submission's
//! number and the number erased, so they are made once per change (a
//! send, an upload, an erasure), and a page view after that reads files. One harvest at a time per process: each is a pool of
//! worker processes already.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::App;
use crate::library::HarvestJob;
use crate::store::collections::Collection;
use crate::web::failure::Failure;

/// The files of a results folder the lead may download.
pub const DOWNLOADS: &[&str] = &["responses.csv", "report.pdf", "report.docx", "analysis.xlsx", "summary.json", "harvest.json"];

/// The folder of `collection`'s results as of now, made if need be.
pub async fn results(app: &Arc<App>, collection: &Collection) -> Result<PathBuf, Failure> {
    let last = app.db.last_submission(collection.id).await?;
    let erased = app.db.erased_count(collection.id).await?;
    let folder = folder_of(app, collection.id).join(format!("{last}-{erased}"));
    if folder.join("harvest.json").is_file() {
        return Ok(folder);
    }
    let _one_at_a_time = app.harvesting.lock().await;
    if folder.join("harvest.json").is_file() {
        return Ok(folder);
    }
    let work = tempfile::Builder::new().prefix(".harvest-").tempdir_in(&app.data).map_err(Failure::internal)?;
    let inputs = work.path().join("inputs");
    std::fs::create_dir_all(&inputs).map_err(Failure::internal)?;
    for (id, file_name, body) in app.db.submission_bodies(collection.id).await? {
        std::fs::write(inputs.join(input_name(id, &file_name)), body).map_err(Failure::internal)?;
    }
    let staff = match app.db.staff_list(collection.id).await? {
        Some(csv) => {
            let path = work.path().join("staff.csv");
            std::fs::write(&path, csv).map_err(Failure::internal)?;
            Some(path)
        }
        None => None,
    };
    let out = work.path().join("out");
    let job = HarvestJob {
        inputs,
        out: out.clone(),
        framework: collection.framework.clone(),
        setting: collection.setting.clone(),
        staff,
        expected: collection.expected.and_then(|n| u64::try_from(n).ok()),
    };
    let library = app.library.clone();
    tokio::task::spawn_blocking(move || library.harvest(&job)).await.map_err(Failure::internal)?.map_err(Failure::Internal)?;
    std::fs::create_dir_all(folder.parent().unwrap_or(Path::new("."))).map_err(Failure::internal)?;
    std::fs::rename(&out, &folder).map_err(Failure::internal)?;
    Ok(folder)
}

/// Where a collection's results are kept, one folder per state of its
/// submissions.
fn folder_of(app: &App, collection: i64) -> PathBuf {
    app.data.join("results").join(collection.to_string())
}

/// Deletes every results folder of `collection`: after an erasure they
/// hold what was erased. The next [`results`] makes them again from what
/// is left.
pub async fn forget(app: &Arc<App>, collection: i64) -> Result<(), Failure> {
    let _one_at_a_time = app.harvesting.lock().await;
    match std::fs::remove_dir_all(folder_of(app, collection)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Failure::internal(e)),
        _ => Ok(()),
    }
}

/// A submission's file in the harvest's input folder: its number, then the
/// kind of file it is (the harvest's readers go by the extension).
pub fn input_name(id: i64, file_name: &str) -> String {
    let extension = Path::new(file_name).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let extension = extension.as_deref().filter(|e| matches!(*e, "pdf" | "docx")).unwrap_or("json");
    format!("{id:09}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_sort_in_arrival_order_and_keep_their_kind() {
        assert_eq!(input_name(42, "Return.PDF"), "000000042.pdf");
        assert_eq!(input_name(7, "answers"), "000000007.json");
        assert!(input_name(9, "a.docx") < input_name(10, "a.docx"));
    }
}
