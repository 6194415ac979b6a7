//! A collection's results, made by the library's harvest from what was
//! sent and uploaded, exactly as `framewright harvest` makes them from the
//! same files: each submission is written to a folder as a file named by
//! its arrival (`000000042.json`), so the harvest's rule for the same
//! person twice (the one signed off last, then the later file) keeps the
//! latest send, and every earlier one stays stored.
//!
//! Results are kept in the data folder under the state of the
//! collection's submissions (the newest's number, how many, how many
//! erased), so they are made once per change (a send, an upload, an
//! erasure). They are made before they are asked for: a harvest of 1,000
//! people takes seconds, a page read from its files milliseconds. After a
//! change ([`Stale::changed`]) the server's [`keep_ready`] makes them once
//! the collection has been quiet for [`QUIET`], so the lead's pages and
//! downloads find them finished. Asked for before that (a send in the
//! last moments), they are made then, or the harvest in progress is
//! waited for: results are never served for an older set of submissions
//! than the one stored when they were asked for.
//!
//! One harvest at a time per process: each is a pool of worker processes
//! already. The background one rests as long as its harvest took before
//! the next, so sends and pages keep at least half the machine.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

use crate::App;
use crate::library::HarvestJob;
use crate::store::collections::Collection;
use crate::web::failure::Failure;

/// How long a collection is left without a change before its results
/// are made again in the background: sends come in bursts (a staff
/// meeting), and a harvest per send of a burst would be wasted.
pub const QUIET: Duration = Duration::from_secs(2);

/// The files of a results folder the lead may download.
pub const DOWNLOADS: &[&str] = &["responses.csv", "report.pdf", "report.docx", "analysis.xlsx", "summary.json", "harvest.json"];

/// The folder of `collection`'s results as of now, made if need be.
pub async fn results(app: &Arc<App>, collection: &Collection) -> Result<PathBuf, Failure> {
    let (last, count, erased) = app.db.submissions_state(collection.id).await?;
    let folder = folder_of(app, collection.id).join(format!("{last}-{count}-{erased}"));
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
    if let Err(e) = prune(app, collection.id) {
        eprintln!("framewright serve: collection {}'s older results (deleted next time): {e}", collection.id);
    }
    Ok(folder)
}

/// Deletes a collection's results but the two newest: a request may
/// still be reading the one before the newest (it was current a moment
/// ago); older ones are of no use, and would fill the disk.
fn prune(app: &App, collection: i64) -> std::io::Result<()> {
    let mut states = Vec::new();
    let mut old = Vec::new();
    for entry in std::fs::read_dir(folder_of(app, collection))? {
        let path = entry?.path();
        match state_of(&path) {
            Some(state) => states.push((state, path)),
            None => old.push(path),
        }
    }
    states.sort();
    old.extend(states.into_iter().rev().skip(2).map(|(_, path)| path));
    old.iter().try_for_each(std::fs::remove_dir_all)
}

/// The state of the submissions a results folder was made from, from its
/// name; each number only grows, so a newer state sorts after an older.
fn state_of(folder: &Path) -> Option<(i64, i64, i64)> {
    let name = folder.file_name()?.to_str()?;
    let mut numbers = name.split('-').map(|n| n.parse::<i64>().ok());
    let state = (numbers.next()??, numbers.next()??, numbers.next()??);
    numbers.next().is_none().then_some(state)
}

/// Where a collection's results are kept, one folder per state of its
/// submissions.
fn folder_of(app: &App, collection: i64) -> PathBuf {
    app.data.join("results").join(collection.to_string())
}

/// Deletes every results folder of `collection`: after an erasure they
/// hold what was erased. They are made again from what is left.
pub async fn forget(app: &Arc<App>, collection: i64) -> Result<(), Failure> {
    {
        let _one_at_a_time = app.harvesting.lock().await;
        match std::fs::remove_dir_all(folder_of(app, collection)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Failure::internal(e)),
            _ => {}
        }
    }
    app.stale.changed(collection);
    Ok(())
}

/// The collections changed since their results were made, each with the
/// moment it will have been quiet for [`QUIET`]. One entry a collection,
/// however many sends: it holds no more than there are collections.
#[derive(Default)]
pub struct Stale {
    due: Mutex<HashMap<i64, Instant>>,
    wake: Notify,
}

impl Stale {
    /// `collection` changed (a send committed, an erasure): its results
    /// are made again once it has been quiet for [`QUIET`].
    pub fn changed(&self, collection: i64) {
        let first = self.due.lock().unwrap_or_else(PoisonError::into_inner).insert(collection, Instant::now() + QUIET).is_none();
        // A later moment for a collection already waiting needs no
        // wake-up: [`keep_ready`] wakes at the earlier one and sees it.
        if first {
            self.wake.notify_one();
        }
    }

    /// The collections quiet long enough by now, taken off the list; and
    /// when the next will be.
    fn take_due(&self) -> (Vec<i64>, Option<Instant>) {
        let mut due = self.due.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let ready: Vec<i64> = due.iter().filter(|(_, at)| **at <= now).map(|(id, _)| *id).collect();
        for id in &ready {
            due.remove(id);
        }
        (ready, due.values().min().copied())
    }
}

/// The server's task keeping results ready: each changed collection's,
/// once it has been quiet for [`QUIET`], one at a time (so never two for
/// one collection), until the server stops.
pub async fn keep_ready(app: Arc<App>) {
    loop {
        let (ready, next) = app.stale.take_due();
        if ready.is_empty() {
            match next {
                Some(at) => tokio::select! {
                    () = tokio::time::sleep_until(at) => {}
                    () = app.stale.wake.notified() => {}
                },
                None => app.stale.wake.notified().await,
            }
            continue;
        }
        for id in ready {
            let started = Instant::now();
            if let Err(e) = remake(&app, id).await {
                eprintln!("framewright serve: collection {id}'s results (made when next asked for instead): {e:?}");
            }
            tokio::time::sleep(started.elapsed()).await;
        }
    }
}

/// Makes collection `id`'s results as of now, unless its typed text is
/// deleted (it has no results then, only the counts kept).
async fn remake(app: &Arc<App>, id: i64) -> Result<(), Failure> {
    match app.db.collection(id).await? {
        Some(collection) if collection.erased.is_none() => results(app, &collection).await.map(drop),
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
    fn a_results_folder_is_named_by_its_state_and_newer_states_sort_after() {
        assert_eq!(state_of(Path::new("results/3/120-118-2")), Some((120, 118, 2)));
        assert_eq!(state_of(Path::new("results/3/120-2")), None, "a folder of another naming is deleted");
        assert_eq!(state_of(Path::new("results/3/120-118-2-1")), None);
        assert!(state_of(Path::new("9-9-0")) < state_of(Path::new("10-10-0")));
    }

    #[test]
    fn inputs_sort_in_arrival_order_and_keep_their_kind() {
        assert_eq!(input_name(42, "Return.PDF"), "000000042.pdf");
        assert_eq!(input_name(7, "answers"), "000000007.json");
        assert!(input_name(9, "a.docx") < input_name(10, "a.docx"));
    }
}
