//! `build --watch`: rebuilds what a change to a source or template affects,
//! survives an invalid source (diagnostics, last good files kept) and goes
//! on watching.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::common::*;
use serde_json::Value;

/// A running `build --watch` whose stdout (JSON lines) and stderr arrive
/// line by line.
struct Watch {
    child: Child,
    lines: Receiver<(bool, String)>,
    seen: Vec<String>,
}

impl Watch {
    fn start(dir: &std::path::Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_framewright"))
            .current_dir(dir)
            .args(["build", "--watch", "--format", "pdf", "--message-format", "json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = channel();
        for (is_json, stream) in [
            (true, Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>),
            (false, Box::new(child.stderr.take().unwrap())),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = tx.send((is_json, line));
                }
            });
        }
        Self { child, lines, seen: Vec::new() }
    }

    /// Collects lines until the watcher says it is watching again; returns
    /// the JSON objects (files) of that round and the stderr text.
    fn round(&mut self) -> (Vec<Value>, String) {
        let deadline = Instant::now() + Duration::from_secs(60);
        let (mut files, mut stderr) = (Vec::new(), String::new());
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (is_json, line) =
                self.lines.recv_timeout(left).unwrap_or_else(|_| panic!("no rebuild within 60 s; so far:\n{}", self.seen.join("\n")));
            self.seen.push(line.clone());
            if is_json {
                files.push(serde_json::from_str(&line).unwrap());
            } else if line.starts_with("watching ") {
                // stdout and stderr are separate pipes read by separate
                // threads: the round's last JSON lines may still be on
                // their way. The next round needs a change from us.
                while let Ok((is_json, line)) = self.lines.recv_timeout(Duration::from_millis(500)) {
                    assert!(is_json, "unexpected line after the round: {line}");
                    files.push(serde_json::from_str(&line).unwrap());
                }
                return (files, stderr);
            } else {
                stderr.push_str(&line);
                stderr.push('\n');
            }
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn built(files: &[Value]) -> Vec<String> {
    let mut names: Vec<String> = files.iter().filter(|f| f["status"] == "built").map(|f| f["pack"].as_str().unwrap().to_string()).collect();
    names.sort();
    names
}

#[test]
fn watch_rebuilds_what_changed_and_survives_mistakes() {
    let source = std::fs::read_to_string(root().join("sources/london-safeguarding.toml")).unwrap();
    let dir = temp_project("watch", &[("london.toml", &source)]);
    let mut watch = Watch::start(&dir.path);

    let (files, _) = watch.round();
    assert_eq!(built(&files).len(), 7, "the first round builds everything");

    // A statement of level 2 and above: only those packs and the full edition.
    let edited = replace_once(&source, "Documentation and sharing of information regarding concerns.", "Recording and sharing concerns.");
    dir.write("sources/london.toml", &edited);
    let (files, _) = watch.round();
    let rebuilt = built(&files);
    assert!(rebuilt.contains(&"level-2".to_string()) && rebuilt.contains(&"full".to_string()), "{rebuilt:?}");
    assert!(!rebuilt.contains(&"level-1".to_string()), "{rebuilt:?}");
    let good = std::fs::read(dir.path.join("output/london-safeguarding-level-2.pdf")).unwrap();

    // An invalid source: diagnostics, no files touched, still watching.
    dir.write("sources/london.toml", format!("{edited}\nthis is not toml = = =\n"));
    let (files, stderr) = watch.round();
    assert!(files.is_empty(), "{files:?}");
    assert!(stderr.contains("sources/london.toml:") && stderr.contains("TOML syntax"), "{stderr}");
    assert_eq!(std::fs::read(dir.path.join("output/london-safeguarding-level-2.pdf")).unwrap(), good, "the last good file stays");

    // Fixed again: nothing needs rebuilding.
    dir.write("sources/london.toml", &edited);
    let (files, _) = watch.round();
    assert_eq!(built(&files), Vec::<String>::new());
    assert_eq!(files.len(), 7);

    // A template change rebuilds every pack.
    let cover = dir.path.join("templates/parts/cover.typ");
    let text = std::fs::read_to_string(&cover).unwrap();
    std::fs::write(&cover, text + "\n// edited\n").unwrap();
    let (files, stderr) = watch.round();
    assert_eq!(built(&files).len(), 7, "{files:?}\n{stderr}");

    // A new source in sources/ joins the watch.
    dir.write("sources/second.toml", replace_once(&source, "id = \"london-safeguarding\"", "id = \"second-framework\""));
    let (files, stderr) = watch.round();
    let new: Vec<&Value> = files.iter().filter(|f| f["status"] == "built").collect();
    assert_eq!(new.len(), 7, "{files:?}\n{stderr}");
    assert!(new.iter().all(|f| f["path"].as_str().unwrap().contains("second-framework")), "{new:?}");
}

/// A template outside `templates/`: once built, the folders it read from
/// are watched too.
#[test]
fn watch_follows_a_custom_templates_imports() {
    let dir = custom_template_project("watch-custom");
    let mut watch = Watch::start(&dir.path);
    let (files, _) = watch.round();
    assert_eq!(built(&files).len(), 7);
    let guide = dir.path.join("custom/parts/guide.typ");
    let text = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(&guide, text + "\n// edited\n").unwrap();
    let (files, stderr) = watch.round();
    assert_eq!(built(&files).len(), 7, "{files:?}\n{stderr}");
}
