//! Notices of a new edition (issue 26), end to end: people register on
//! the London sample's download page at 1.0; the source moves to 2.0; the
//! council emails them from its downloads page through a real SMTP server
//! on loopback (aiosmtpd, from PyPI); each email names the editions,
//! links to the person's download page and to stopping the emails; one
//! person stops them; `serve notify` of 3.0 tells only the other.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::common::*;
use serde_json::Value;

/// aiosmtpd on a loopback port, keeping every message in a maildir.
struct Smtp {
    child: Child,
    port: u16,
    maildir: PathBuf,
}

impl Smtp {
    fn start(folder: &Path) -> Smtp {
        // A port the system says is free (aiosmtpd cannot be given port 0).
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let maildir = folder.join("maildir");
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs aiosmtpd: pip install aiosmtpd (.ci/run does this)");
        // Owned (and killed when dropped) before anything can fail.
        let smtp = Smtp { child, port, maildir };
        for _ in 0..100 {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return smtp;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("aiosmtpd did not listen on {port}: pip install aiosmtpd (.ci/run does this)");
    }

    /// `--smtp … --mail-from …` for the service.
    fn args(&self) -> [String; 4] {
        ["--smtp".into(), format!("smtp://127.0.0.1:{}", self.port), "--mail-from".into(), "framework@council.example".into()]
    }

    /// Every message received, parsed by Python's email package (which
    /// undoes the transfer encoding): to, subject, List-Unsubscribe, body.
    fn messages(&self) -> Vec<Value> {
        let script = "import email, json, mailbox, sys\n\
             out = []\n\
             for m in mailbox.Maildir(sys.argv[1], factory=None):\n\
             \x20   m = email.message_from_bytes(m.as_bytes())\n\
             \x20   out.append({'to': m['To'], 'subject': str(email.header.make_header(email.header.decode_header(m['Subject']))),\n\
             \x20       'unsubscribe': m['List-Unsubscribe'], 'one_click': m['List-Unsubscribe-Post'],\n\
             \x20       'body': m.get_payload(decode=True).decode('utf-8')})\n\
             print(json.dumps(sorted(out, key=lambda m: (m['to'], m['subject']))))";
        let out = Command::new("python3").args(["-c", script]).arg(&self.maildir).output().expect("python3 runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("JSON")
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The London sample as `version`, asking downloaders to register, HTML only.
fn london(version: &str) -> String {
    let source = std::fs::read_to_string(root().join("sources").join(SOURCE)).unwrap();
    let source = replace_once(&source, "version = \"1.0\"", &format!("version = \"{version}\""));
    let source = replace_once(&source, "formats = [\"pdf\", \"docx\", \"html\"]", "formats = [\"html\"]");
    replace_once(&source, "[packs.branding]", "[packs.registration]\nfields = [\"name\", \"email\", \"role\"]\n\n[packs.branding]")
}

/// The path and query of the first `http://…` link after `label` in `body`.
fn link_after(body: &str, label: &str, base: &str) -> String {
    let at = body.find(label).unwrap_or_else(|| panic!("no {label:?} in:\n{body}")) + label.len();
    let url = body[at..].split_whitespace().next().unwrap();
    url.strip_prefix(base).unwrap_or_else(|| panic!("{url} is not on {base}")).to_string()
}

/// `serve notify london-safeguarding` from the command line with `mail`
/// (`--smtp … --mail-from …`): what it says.
fn notify(service: &Service, mail: &[&str]) -> String {
    let public = format!("--public-url={}", service.base);
    let mut args = vec!["notify", "london-safeguarding", public.as_str()];
    args.extend(mail);
    service.cli_stdout(&args)
}

const FORM: (&str, &str) = ("content-type", "application/x-www-form-urlencoded");

#[test]
fn registrants_are_told_of_a_new_edition_and_can_stop_the_emails() {
    let mut service = Service::new("serve_notices", Database::Sqlite);
    let source = service.project.path.join("sources").join(SOURCE);
    std::fs::write(&source, london("1.0")).unwrap();
    let smtp = Smtp::start(&service.project.path);
    let mail_args = smtp.args();
    let mail: Vec<&str> = mail_args.iter().map(String::as_str).collect();
    let council = service.add_account("admin@county.example", "council", None);
    service.start(&mail);
    let nobody = Credentials::default();
    for (name, email) in [("Ann Lee", "ann@oak.example"), ("Bo Smith", "bo@elm.example")] {
        let form = format!("name={}&email={}&role=group-2&consent=yes", name.replace(' ', "+"), email.replace('@', "%40"));
        service.send("POST", "/download/london-safeguarding/", &nobody, &[FORM], form.as_bytes()).expect(200);
    }
    let council = service.sign_in("admin@county.example", &council);
    let page = service.get("/council/downloads", &council).expect(200).text();
    assert!(page.contains("Everyone registered with an email address has been told of edition 1.0."), "{page}");

    // 2.0 is published: the council tells both.
    service.kill();
    std::fs::write(&source, london("2.0")).unwrap();
    service.start(&mail);
    let page = service.get("/council/downloads", &council).expect(200).text();
    assert!(page.contains("2 people have not yet been told of edition 2.0."), "{page}");
    let said = service.send("POST", "/council/downloads/notify", &council, &[FORM], b"framework=london-safeguarding").expect(200).text();
    assert!(said.contains("Emailed 2 notices of edition 2.0."), "{said}");
    let messages = smtp.messages();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    let ann = &messages[0];
    assert_eq!(ann["to"], "ann@oak.example");
    assert!(ann["subject"].as_str().unwrap().ends_with("edition 2.0 is published"), "{ann:#}");
    let body = ann["body"].as_str().unwrap();
    assert!(body.starts_with("Hello Ann Lee,") && body.contains("edition 2.0 of") && body.contains("replaces edition 1.0"), "{body}");
    let download = link_after(body, "Download the new edition: ", &service.base);
    let unsubscribe = link_after(body, "To stop these emails: ", &service.base);
    // (A long header is folded over lines, as RFC 5322 allows.)
    let header: String = ann["unsubscribe"].as_str().unwrap().split_whitespace().collect();
    assert_eq!(header, format!("<{}{unsubscribe}>", service.base));
    assert_eq!(ann["one_click"], "List-Unsubscribe=One-Click");

    // The download link opens the page of files; a link without a secret the form.
    let files = service.get(&download, &nobody).expect(200).text();
    assert!(files.contains("/download/london-safeguarding/london-safeguarding-") && files.contains("?token="), "{files}");
    assert!(service.get("/download/london-safeguarding/?token=forged", &nobody).expect(200).text().contains("name=\"consent\""));
    // 1.0 stays published as an earlier edition, its files behind the same registration.
    assert!(files.contains("Earlier editions") && files.contains("Edition 1.0"), "{files}");
    // (Attribute values as a browser reads them: minijinja writes `/` as `&#x2f;`.)
    let old = files
        .split("href=\"")
        .filter_map(|l| l.split('"').next())
        .map(|l| l.replace("&#x2f;", "/"))
        .find(|l| l.starts_with("/download/london-safeguarding/archive/london-safeguarding/1.0/") && l.contains(".html?token="))
        .unwrap_or_else(|| panic!("no link to an archived file:\n{files}"));
    let page = service.get(&old, &nobody).expect(200).text();
    assert!(page.contains("<html"), "{page}");
    service.get(old.split('?').next().unwrap(), &nobody).expect(404);
    service.get("/download/london-safeguarding/archive/../../framewright.db", &nobody).expect(404);

    // Bo stops the emails: a page with a button, then the button.
    let bo = messages[1]["body"].as_str().unwrap();
    let stop = link_after(bo, "To stop these emails: ", &service.base);
    let page = service.get(&stop, &nobody).expect(200).text();
    assert!(page.contains("Stop these emails"), "{page}");
    service.send("POST", &stop, &nobody, &[FORM], b"List-Unsubscribe=One-Click").expect(200);
    service.get("/download/london-safeguarding/unsubscribe?token=forged", &nobody).expect(404);
    assert!(service.get(&download, &nobody).expect(200).text().contains("?token="), "Ann's links still work");

    // Nobody is told twice of one edition.
    let said = service.send("POST", "/council/downloads/notify", &council, &[FORM], b"framework=london-safeguarding").expect(200).text();
    assert!(said.contains("Emailed 0 notices of edition 2.0."), "{said}");

    // 3.0, from the command line: Ann only.
    service.kill();
    std::fs::write(&source, london("3.0")).unwrap();
    assert_eq!(notify(&service, &mail), "emailed 1 notice of london-safeguarding 3.0");
    let messages = smtp.messages();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(messages.iter().filter(|m| m["to"] == "bo@elm.example").count() == 1, "Bo unsubscribed");
    let three = messages.iter().find(|m| m["subject"].as_str().unwrap().ends_with("edition 3.0 is published")).unwrap();
    assert_eq!(three["to"], "ann@oak.example");
    assert!(three["body"].as_str().unwrap().contains("replaces edition 2.0"));

    // Without --smtp: a clear error, and nothing sent.
    let public = format!("--public-url={}", service.base);
    let run = service.cli(&["notify", "london-safeguarding", public.as_str()]);
    run.assert_code(2);
    assert!(run.stderr.contains("--smtp"), "{}", run.stderr);
    assert_eq!(smtp.messages().len(), 3);
}

/// Each registrant is told what changed in the packs of the role they
/// registered with: 2.0 names 1.0 as its previous edition and rewords
/// l2-01 (level 2, which levels 3 to 5 assume) and l3-03 (level 3). Group
/// 1's pack (level 1) has neither, Group 2's (level 2) only l2-01, Group
/// 4's (level 3) both.
#[test]
fn each_registrant_is_told_what_changed_for_their_role() {
    let mut service = Service::new("serve_notices_roles", Database::Sqlite);
    let sources = service.project.path.join("sources");
    let source = sources.join(SOURCE);
    std::fs::write(&source, london("1.0")).unwrap();
    let smtp = Smtp::start(&service.project.path);
    let mail_args = smtp.args();
    let mail: Vec<&str> = mail_args.iter().map(String::as_str).collect();
    service.start(&mail);
    let nobody = Credentials::default();
    let people = [("group-1", "one@oak.example"), ("group-2", "two@oak.example"), ("group-4", "four@oak.example")];
    for (role, email) in people {
        let form = format!("name=Sam&email={}&role={role}&consent=yes", email.replace('@', "%40"));
        service.send("POST", "/download/london-safeguarding/", &nobody, &[FORM], form.as_bytes()).expect(200);
    }
    service.kill();

    // 2.0, naming 1.0 (kept in sources/editions/) as its previous edition.
    std::fs::create_dir_all(sources.join("editions")).unwrap();
    std::fs::write(sources.join("editions/london-1.0.toml"), london("1.0")).unwrap();
    let mut v2 = replace_once(&london("2.0"), "version = \"2.0\"", "version = \"2.0\"\nprevious = \"editions/london-1.0.toml\"");
    v2 = replace_once(
        &v2,
        "Documentation and sharing of information regarding concerns.",
        "Recording and sharing information about concerns.",
    );
    v2 = replace_once(&v2, "text = \"Working with complexity.\"", "text = \"Working with complexity and uncertainty.\"");
    std::fs::write(&source, v2).unwrap();
    service.start(&mail);
    assert_eq!(notify(&service, &mail), "emailed 3 notices of london-safeguarding 2.0");

    let messages = smtp.messages();
    let body =
        |to: &str| messages.iter().find(|m| m["to"] == to).and_then(|m| m["body"].as_str()).unwrap_or_else(|| panic!("no email to {to}"));
    let l2_01 = "- Statement l2-01: Reworded. This changes the self-assessment.";
    let l3_03 = "- Statement l3-03: Reworded. This changes the self-assessment.";
    let one = body("one@oak.example");
    assert!(one.contains("Nothing in the pack for Group 1 changed.") && !one.contains("l2-01") && !one.contains("l3-03"), "{one}");
    let two = body("two@oak.example");
    assert!(two.contains("What changed for Group 2:") && two.contains(l2_01) && !two.contains("l3-03"), "{two}");
    assert!(!two.contains("Nothing in"), "{two}");
    let four = body("four@oak.example");
    assert!(four.contains("What changed for Group 4:") && four.contains(l2_01) && four.contains(l3_03), "{four}");
}
