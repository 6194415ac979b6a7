//! Group commit: every send and upload is stored by one task, which takes
//! all those waiting, writes them in one transaction, and acknowledges
//! each only once that transaction has committed.
//!
//! Why: a commit is durable only once the disk has it (`synchronous =
//! FULL` on SQLite, PostgreSQL's commit), which takes a flush; SQLite lets
//! one connection write at a time. With a commit per send, 50 clients
//! sending at once queued behind 50 flushes, one after the other (p99 of
//! 170–190 ms, bench/serve.py). One commit for all that are waiting costs
//! one flush and stores them all: a send waits for the commit in progress
//! and its own, whatever the crowd. Nothing is acknowledged early: a
//! commit that fails is tried again for each send on its own, so one that
//! cannot be stored fails alone and the others are stored.
//!
//! A send's share link is looked up here too, on the writer's connection
//! (each link once per round, however many sends name it): on SQLite, a
//! read beside a busy writer now and then finds the database busy and
//! waits in SQLite's busy handler, which sleeps 1, 2, 5, 10 ms and up.

use std::collections::HashMap;

use sqlx::AnyPool;
use tokio::sync::{mpsc, oneshot};

use super::collections::{Opened, open_link_in};
use super::{Result, now};
use crate::secret;

/// The most sends and uploads stored in one transaction: a round's
/// commit stays short, so the sends behind it wait little.
const ROUND: usize = 128;
/// The most requests waiting for the writer; more wait to be queued.
const QUEUE: usize = 1024;

/// Something sent or uploaded, to be stored.
pub struct NewSubmission {
    pub collection: i64,
    pub person: Option<i64>,
    pub kind: String,
    pub file_name: String,
    pub body: Vec<u8>,
}

/// A stored submission's reference and when it was received.
pub type Receipt = (String, i64);

pub enum Job {
    Open(String, oneshot::Sender<Result<Option<Opened>>>),
    Store(NewSubmission, oneshot::Sender<Result<Receipt>>),
}

/// Starts the writer on `pool`; the queue to it. It stops when every
/// sender is dropped.
pub fn start(pool: AnyPool) -> mpsc::Sender<Job> {
    let (queue, jobs) = mpsc::channel(QUEUE);
    tokio::spawn(write(pool, jobs));
    queue
}

/// Asks the writer and waits for its answer.
pub async fn ask<T>(queue: &mpsc::Sender<Job>, job: impl FnOnce(oneshot::Sender<Result<T>>) -> Job) -> Result<T> {
    let (reply, answer) = oneshot::channel();
    queue.send(job(reply)).await.map_err(|_| sqlx::Error::WorkerCrashed)?;
    answer.await.map_err(|_| sqlx::Error::WorkerCrashed)?
}

async fn write(pool: AnyPool, mut jobs: mpsc::Receiver<Job>) {
    let mut round = Vec::with_capacity(ROUND);
    while jobs.recv_many(&mut round, ROUND).await > 0 {
        let mut opened: HashMap<String, Option<Opened>> = HashMap::new();
        let mut stores = Vec::new();
        for job in round.drain(..) {
            match job {
                Job::Open(link, reply) => {
                    let found = match opened.get(&link) {
                        Some(known) => Ok(known.clone()),
                        None => open_link_in(&pool, &link).await.inspect(|found| drop(opened.insert(link, found.clone()))),
                    };
                    // A requester gone (its client hung up) needs no answer.
                    let _ = reply.send(found);
                }
                Job::Store(new, reply) => stores.push((new, reply)),
            }
        }
        if stores.is_empty() {
            continue;
        }
        let (news, replies): (Vec<_>, Vec<_>) = stores.into_iter().unzip();
        match insert(&pool, &news).await {
            Ok(receipts) => {
                for (reply, receipt) in replies.into_iter().zip(receipts) {
                    let _ = reply.send(Ok(receipt));
                }
            }
            // One that cannot be stored (its person erased meanwhile)
            // must not cost the others theirs: each on its own.
            Err(_) => {
                for (new, reply) in news.iter().zip(replies) {
                    let _ = reply.send(insert(&pool, std::slice::from_ref(new)).await.map(|mut one| one.remove(0)));
                }
            }
        }
    }
}

/// Stores `news` in one transaction; their receipts once it has committed.
async fn insert(pool: &AnyPool, news: &[NewSubmission]) -> Result<Vec<Receipt>> {
    let mut tx = pool.begin().await?;
    let mut receipts = Vec::with_capacity(news.len());
    for new in news {
        let (reference, received) = (reference(), now());
        sqlx::query(
            "INSERT INTO submissions (collection, person, reference, received, kind, file_name, body) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new.collection)
        .bind(new.person)
        .bind(&reference)
        .bind(received)
        .bind(&new.kind)
        .bind(&new.file_name)
        .bind(&new.body[..])
        .execute(&mut *tx)
        .await?;
        receipts.push((reference, received));
    }
    tx.commit().await?;
    Ok(receipts)
}

/// A submission's reference, for the person's receipt: unguessable, so a
/// reference says nothing of anyone else's.
fn reference() -> String {
    let secret = secret::new();
    format!("FW-{}", &secret[..16])
}

#[cfg(test)]
mod tests {
    use super::super::Db;
    use super::super::accounts::Role;
    use super::super::collections::NewCollection;
    use super::now;

    /// A SQLite database in a fresh folder with one collection open.
    async fn collection() -> (tempfile::TempDir, Db, i64) {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let db = Db::open(None, folder.path()).await.expect("the database opens");
        let lead = db.add_user("lead@oak.example", Role::Lead, Some("Oak")).await.expect("added").expect("new");
        let new = NewCollection {
            title: "Autumn".into(),
            framework: "f".into(),
            packs: vec!["p".into()],
            opens: now() - 60,
            closes: now() + 3600,
            retention_days: 30,
            expected: None,
            staff: None,
        };
        let id = db.create_collection(lead.id, "Oak", &new).await.expect("created").id;
        (folder, db, id)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn many_sends_at_once_are_each_acknowledged_and_all_stored() {
        let (_folder, db, id) = collection().await;
        let sends: Vec<_> = (0..300)
            .map(|n| {
                let db = db.clone();
                tokio::spawn(async move { db.add_submission(id, None, "send", "answers.json", format!("{{\"n\": {n}}}").as_bytes()).await })
            })
            .collect();
        let mut acknowledged = Vec::new();
        for send in sends {
            acknowledged.push(send.await.expect("the task ran").expect("stored").0);
        }
        let stored: Vec<String> = db.submissions(id).await.expect("listed").into_iter().map(|s| s.reference).collect();
        assert_eq!(stored.len(), 300);
        acknowledged.sort();
        acknowledged.dedup();
        assert_eq!(acknowledged.len(), 300, "two sends got one reference");
        assert!(acknowledged.iter().all(|r| stored.contains(r)), "an acknowledged send is not stored");
        let bodies = db.submission_bodies(id).await.expect("read");
        let mut numbers: Vec<i64> = bodies
            .iter()
            .map(|(_, _, body)| serde_json::from_slice::<serde_json::Value>(body).expect("JSON")["n"].as_i64().expect("n"))
            .collect();
        numbers.sort_unstable();
        assert_eq!(numbers, (0..300).collect::<Vec<_>>(), "each send's own body");
    }

    #[tokio::test]
    async fn a_send_that_cannot_be_stored_fails_alone() {
        let (_folder, db, id) = collection().await;
        // Queued together (this runtime runs the writer only once all
        // wait), so they share a round: the one naming a person who does
        // not exist breaks its commit, and the others are stored anyway.
        let sends: Vec<_> = [None, Some(999_999), None]
            .into_iter()
            .map(|person| {
                let db = db.clone();
                tokio::spawn(async move { db.add_submission(id, person, "send", "answers.json", b"{}").await })
            })
            .collect();
        let mut outcomes = Vec::new();
        for send in sends {
            outcomes.push(send.await.expect("the task ran"));
        }
        assert!(outcomes[0].is_ok() && outcomes[1].is_err() && outcomes[2].is_ok(), "{outcomes:?}");
        let stored: Vec<String> = db.submissions(id).await.expect("listed").into_iter().map(|s| s.reference).collect();
        let acknowledged: Vec<&String> = outcomes.iter().filter_map(|o| o.as_ref().ok()).map(|(r, _)| r).collect();
        assert_eq!(stored.iter().collect::<Vec<_>>(), acknowledged);
    }
}
