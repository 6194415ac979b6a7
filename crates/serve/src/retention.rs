//! The retention period: `retention_days` after a collection closes, what
//! people typed is deleted and the counts kept. The sweep first makes
//! the collection's results (the library's harvest) and keeps their
//! `summary.json` (counts by the framework's ids, no names, no typed
//! text), then deletes in one transaction the bodies of its submissions,
//! its staff list and its people, then the results folders and the
//! personalised packs that held typed text and names. The server sweeps at start and every hour;
//! `framewright serve sweep` sweeps once, for cron.

use std::sync::Arc;
use std::time::Duration;

use crate::App;
use crate::results;
use crate::store::audit::Actor;
use crate::store::collections::Collection;
use crate::store::now;
use crate::web::failure::Failure;

/// What the audit log calls the sweep.
const SWEEP: &str = "retention sweep";

/// Sweeps every collection past its retention period; a line for each.
/// One that cannot be swept (its framework gone from the sources) keeps
/// its text until the next sweep, and does not hold up the others.
pub async fn sweep(app: &Arc<App>) -> Result<Vec<String>, String> {
    let (mut said, mut failed) = (Vec::new(), Vec::new());
    for id in app.db.due_for_erasure(now()).await.map_err(|e| e.to_string())? {
        let Some(collection) = app.db.collection(id).await.map_err(|e| e.to_string())? else { continue };
        match retire(app, &collection).await {
            Ok(bodies) => said.push(format!("collection {id}: deleted what was typed in {bodies} submissions, kept the counts")),
            Err(e) => failed.push(format!("collection {id} kept its text: {}", why(e))),
        }
    }
    let outcome = format!("{} collections past their retention period erased, {} failed", said.len(), failed.len());
    app.db.audit(SWEEP, "sweep", &outcome).await.map_err(|e| e.to_string())?;
    if failed.is_empty() { Ok(said) } else { Err(failed.join("\n")) }
}

/// What went wrong, for the log and the person at the terminal.
fn why(failure: Failure) -> String {
    match failure {
        Failure::Internal(why) | Failure::Bad(why) | Failure::Closed(why) | Failure::TooLarge(why) => why,
        other => format!("{other:?}"),
    }
}

/// Deletes one collection's typed text, keeping its counts; how many
/// submissions' bodies went.
async fn retire(app: &Arc<App>, collection: &Collection) -> Result<u64, Failure> {
    let folder = results::results(app, collection).await?;
    let summary = std::fs::read_to_string(folder.join("summary.json")).map_err(Failure::internal)?;
    let bodies = app.db.erase_collection(collection.id, &summary).await?;
    results::forget(app, collection.id).await?;
    // The personalised packs carry their people's names.
    match std::fs::remove_dir_all(app.people_site(collection.id)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Failure::internal(e)),
        _ => {}
    }
    let actor = Actor { name: SWEEP.into(), setting: Some(collection.setting.clone()) };
    app.db.audit(&actor, "erase typed text, keep counts", &format!("collection {}: {bodies} submissions", collection.id)).await?;
    Ok(bodies)
}

/// The server's sweep: now, then every hour, until the server stops.
pub async fn every_hour(app: Arc<App>) {
    let mut hours = tokio::time::interval(Duration::from_secs(3600));
    loop {
        hours.tick().await;
        if let Err(e) = sweep(&app).await {
            eprintln!("framewright serve: the retention sweep (again in an hour): {e}");
        }
    }
}
