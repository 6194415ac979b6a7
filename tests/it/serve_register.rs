//! Registration on download (issue 25, item 7), end to end on the real
//! binary: a source that asks downloaders to register, `framewright serve`
//! on a loopback port, a person registering and downloading, and the
//! council's counts and CSV of registrants, spoken to with curl.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::common::*;

/// A running `framewright serve`, stopped when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    /// Starts the service of `project` on a free loopback port and waits
    /// until it says where it listens.
    fn start(project: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_framewright"))
            .args(["serve", "--data", "data", "--listen", "127.0.0.1:0"])
            .current_dir(project)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("framewright serve starts");
        let mut lines = BufReader::new(child.stderr.take().expect("stderr is piped")).lines();
        let mut said = Vec::new();
        let address = loop {
            let Some(Ok(line)) = lines.next() else {
                let _ = child.kill();
                panic!("framewright serve stopped before listening:\n{}", said.join("\n"));
            };
            if let Some(address) = line.strip_prefix("framewright serve: listening on ") {
                break address.to_string();
            }
            said.push(line);
        };
        // Keep reading what it says, so that it never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Server { child, base: format!("http://{address}") }
    }

    /// `curl ARGS… URL`: the status and the body.
    fn request(&self, path: &str, args: &[&str]) -> (u16, Vec<u8>) {
        let out = Command::new("curl")
            .args(["-sS", "-w", "\n%{http_code}"])
            .args(args)
            .arg(format!("{}{path}", self.base))
            .output()
            .expect("curl runs");
        assert!(out.status.success(), "curl {path}: {}", String::from_utf8_lossy(&out.stderr));
        let at = out.stdout.iter().rposition(|b| *b == b'\n').expect("curl wrote the status");
        let status = std::str::from_utf8(&out.stdout[at + 1..]).ok().and_then(|s| s.parse().ok()).expect("a status");
        (status, out.stdout[..at].to_vec())
    }

    fn text(&self, path: &str, args: &[&str]) -> (u16, String) {
        let (status, body) = self.request(path, args);
        (status, String::from_utf8(body).expect("a text response"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The base test source with a second role (so that a role nobody chose
/// is counted at zero), PDF and HTML packs, and `extra` at the end.
fn source(id: &str, extra: &str) -> String {
    let two_roles = replace_once(
        BASE,
        "[[bands]]\nid = \"young\"",
        "[[roles]]\nid = \"helper\"\nname = \"Helper\"\nlevel = \"L1\"\n\n[[bands]]\nid = \"young\"",
    );
    let formats = replace_once(&two_roles, "formats = [\"pdf\"]", "formats = [\"pdf\", \"html\"]");
    format!("{}\n{extra}", replace_once(&formats, "id = \"test-fw\"", &format!("id = \"{id}\"")))
}

/// An account's API token, made with the command line.
fn account(project: &Path, email: &str, role: &[&str]) -> String {
    run_in(project, [&["serve", "user", "add", email, "--role"][..], role, &["--data", "data"]].concat()).assert_code(0);
    let made = run_in(project, ["serve", "token", "create", email, "--data", "data"]);
    made.assert_code(0);
    made.stdout.trim().lines().last().expect("the token").trim().to_string()
}

fn args(given: &[String]) -> Vec<&str> {
    given.iter().map(String::as_str).collect()
}

/// The links of a download page, `&amp;` read back as `&`.
fn links(page: &str) -> Vec<String> {
    page.split("href=\"").skip(1).filter_map(|rest| rest.split('"').next()).map(|href| href.replace("&amp;", "&")).collect()
}

const HOSTILE_NAME: &str = "=HYPERLINK(\"http://evil.example\",\"Open\")";
const HOSTILE_ORGANISATION: &str = "<script>alert(1)</script> Oak School";

#[test]
fn a_downloader_registers_gets_the_files_and_the_council_counts_and_exports_them() {
    let asks = source("asks-fw", "[packs.registration]\nfields = [\"name\", \"role\", \"organisation\", \"email\"]\n");
    let free = source("free-fw", "");
    let project = temp_project("serve_register", &[("asks.toml", &asks), ("free.toml", &free)]);
    let council = account(&project.path, "council@example.org", &["council"]);
    let lead = account(&project.path, "lead@example.org", &["lead", "--setting", "Oak School"]);
    let server = Server::start(&project.path);

    // The page asks the source's fields, with the consent text, before any link.
    let (status, page) = server.text("/download/asks-fw/", &[]);
    assert_eq!(status, 200, "{page}");
    for asked in ["name=\"name\"", "name=\"role\"", "name=\"organisation\"", "name=\"email\"", "name=\"consent\" type=\"checkbox\""] {
        assert!(page.contains(asked), "the form lacks {asked}:\n{page}");
    }
    assert!(page.contains("Test publisher keeps these details to see who uses the framework"), "{page}");
    assert!(page.contains("<option value=\"lead\">Lead practitioner</option>"), "roles are chosen from the framework's:\n{page}");
    assert!(!page.contains(".pdf"), "no file is linked before registering:\n{page}");

    // Without ticking the consent box: asked again, what was typed shown escaped.
    let form = |name: &str, consent: bool| -> Vec<String> {
        let mut fields = vec![
            format!("name={name}"),
            "role=lead".into(),
            format!("organisation={HOSTILE_ORGANISATION}"),
            "email=reader@example.org".into(),
        ];
        fields.extend(consent.then(|| "consent=yes".to_string()));
        fields.into_iter().flat_map(|f| ["--data-urlencode".to_string(), f]).collect()
    };
    let unticked = form(HOSTILE_NAME, false);
    let (status, page) = server.text("/download/asks-fw/", &args(&unticked));
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("role=\"alert\""), "{page}");
    assert!(page.contains("value=\"&lt;script&gt;alert(1)") && !page.contains("<script>"), "{page}");

    // Registering: the page of links, each carrying the registration's secret.
    let ticked = form(HOSTILE_NAME, true);
    let (status, page) = server.text("/download/asks-fw/", &args(&ticked));
    assert_eq!(status, 200, "{page}");
    let files: Vec<String> = links(&page).into_iter().filter(|l| l.starts_with("/download/asks-fw/")).collect();
    let pdf = files.iter().find(|l| l.contains(".pdf?token=")).unwrap_or_else(|| panic!("no PDF link:\n{page}"));
    assert!(files.iter().any(|l| l.contains(".html?token=")), "{page}");
    let (status, bytes) = server.request(pdf, &[]);
    assert_eq!(status, 200);
    assert!(bytes.starts_with(b"%PDF-"), "the PDF pack as built");
    let bare = pdf.split('?').next().unwrap();
    assert_eq!(server.request(bare, &[]).0, 404, "no file without a registration");
    assert_eq!(server.request(&format!("{bare}?token=not-a-registration"), &[]).0, 404);
    assert_eq!(server.request(&pdf.replace("asks-fw", "free-fw"), &[]).0, 404, "a file of one framework only");

    // A source that asks nothing: links at once, files free.
    let (status, page) = server.text("/download/free-fw/", &[]);
    assert_eq!(status, 200);
    assert!(!page.contains("<form method=\"post\" action=\"/download"), "{page}");
    let html = links(&page).into_iter().find(|l| l.starts_with("/download/free-fw/") && l.ends_with(".html")).expect("an HTML edition");
    assert_eq!(server.request(&html, &[]).0, 200);
    assert_eq!(server.text("/download/free-fw/", &args(&ticked)).0, 404, "nobody registers where nothing is asked");

    // A second registrant, of the same role and organisation.
    let (status, _) = server.text("/download/asks-fw/", &args(&form("Second Reader", true)));
    assert_eq!(status, 200);

    // The council's counts: every role, the one nobody chose at zero; organisations escaped.
    let bearer = |token: &str| vec!["-H".to_string(), format!("Authorization: Bearer {token}")];
    let (status, page) = server.text("/council/downloads", &args(&bearer(&council)));
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("2 people have registered to download it."), "{page}");
    assert!(page.contains("<th scope=\"row\">Lead practitioner</th><td>2</td>"), "{page}");
    assert!(page.contains("<th scope=\"row\">Helper</th><td>0</td>"), "a role nobody chose is counted at zero:\n{page}");
    assert!(page.contains("<th scope=\"row\">&lt;script&gt;alert(1)") && page.contains(" Oak School</th><td>2</td>"), "{page}");
    assert!(!page.contains("<script>"), "{page}");

    // The CSV: a header, one row a registrant, the formula made inert.
    let (status, csv) = server.text("/council/downloads.csv", &args(&bearer(&council)));
    assert_eq!(status, 200, "{csv}");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().expect("a header").iter().map(str::to_string).collect();
    assert_eq!(header, ["consented", "framework", "name", "email", "organisation", "role", "job_title", "setting_type"]);
    let rows: Vec<Vec<String>> = reader.records().map(|r| r.expect("a row").iter().map(str::to_string).collect()).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert_eq!(rows[0][1..], ["asks-fw", &format!("'{HOSTILE_NAME}"), "reader@example.org", HOSTILE_ORGANISATION, "lead", "", ""]);
    assert_eq!(rows[1][2], "Second Reader");
    assert!(rows.iter().flatten().all(|cell| !cell.starts_with(['=', '+', '-', '@'])), "{csv}");

    // The council's only: a lead and nobody get nothing.
    assert_eq!(server.text("/council/downloads.csv", &args(&bearer(&lead))).0, 404);
    assert_eq!(server.text("/council/downloads", &args(&bearer(&lead))).0, 404);
    assert_eq!(server.text("/council/downloads.csv", &[]).0, 303, "sent to sign in");

    // Erasing at the person's request: only the council; every registration
    // with the address (case aside) goes, and so do its download links.
    let erase = |who: &[String]| {
        let mut given = who.to_vec();
        given.extend(["--data-urlencode".to_string(), "email=Reader@Example.org".to_string()]);
        server.text("/council/downloads/erase", &args(&given))
    };
    assert_eq!(erase(&bearer(&lead)).0, 404);
    assert_eq!(erase(&[]).0, 303, "sent to sign in");
    assert_eq!(server.request(pdf, &[]).0, 200, "nothing erased yet");
    let (status, page) = erase(&bearer(&council));
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Erased 2 registrations."), "{page}");
    let (_, csv) = server.text("/council/downloads.csv", &args(&bearer(&council)));
    assert_eq!(csv.lines().count(), 1, "only the header is left:\n{csv}");
    assert_eq!(server.request(pdf, &[]).0, 404, "an erased registrant's links stop working");
    let (_, page) = server.text("/council/downloads", &args(&bearer(&council)));
    assert!(page.contains("0 people have registered"), "{page}");
}
