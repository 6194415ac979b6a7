//! The Chromium clients of `tests/clients/` (`html_check.mjs`,
//! `serve_check.mjs`): run with Node over a job file, their JSON report read back.

use std::path::Path;
use std::process::Command;
use std::sync::Mutex;

use super::*;

/// Seconds a browser client may run: about four times the longest,
/// `html_check.mjs` over every pack (250 s alone on two cores).
const BROWSER_LIMIT: u32 = 1200;

/// One browser client at a time. Two at once on CI's two cores left a
/// page's stored answers unseen by the next page of its origin for over
/// 20 s (twice in one run, in both clients); each alone, never.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs `tests/clients/SCRIPT` over `job` (written to a JSON file of its
/// own: tests calling this run in parallel in one process) and returns
/// what it printed. `packages` are the npm packages it needs.
pub fn chromium_client(script: &str, packages: &[&str], job: &serde_json::Value) -> serde_json::Value {
    let clients = root().join("tests/clients");
    for package in packages {
        assert!(
            clients.join("node_modules").join(package).is_dir(),
            "{package} is not installed: run `npm ci --prefix tests/clients` (.ci/run does this)"
        );
    }
    assert!(Path::new("/usr/bin/chromium").is_file(), "Chromium is missing: apt-get install chromium (.ci/run does this)");
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let folder = TempDir::new("browser-job");
    let file = folder.write("job.json", serde_json::to_vec(job).unwrap());
    // A browser that hangs (it has, once in many runs, in a send job)
    // fails its test after BROWSER_LIMIT rather than the whole run at CI's limit.
    let out = Command::new("timeout")
        .args(["--kill-after=10", &BROWSER_LIMIT.to_string(), "node"])
        .arg(clients.join(script))
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node ({e}): install Node.js 20+ (apt-get install nodejs npm; .ci/run does this)"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.code() != Some(124), "{script} still ran after {BROWSER_LIMIT} s and was stopped: {stderr}");
    assert!(out.status.success(), "{script} failed: {stderr}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{script} printed no JSON ({e}): {stderr}"))
}
