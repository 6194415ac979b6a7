//! Runs packs on all cores, one pack per thread at a time.
//!
//! Not on rayon's pool: Typst uses that pool inside every compile, and a
//! rayon worker that waits for Typst's work steals other jobs meanwhile, so
//! with hundreds of packs one thread's stack would hold compile inside
//! compile inside compile until it overflowed. Plain threads pulling from a
//! shared counter only wait; Typst's own parallelism still uses rayon.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Typst's layout recurses deeply; give each pack thread room.
const STACK: usize = 64 << 20;

/// `f` applied to every item, on as many threads as rayon would use
/// (`RAYON_NUM_THREADS` is honoured); results in item order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = rayon::current_num_threads().clamp(1, items.len().max(1));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new(items.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let work = || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let result = f(item);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(result);
                }
            };
            std::thread::Builder::new().stack_size(STACK).spawn_scoped(scope, work).expect("a build thread can be started");
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner()).into_iter().map(|r| r.expect("every item was run")).collect()
}
