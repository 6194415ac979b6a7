//! Registration on download (issue 25, item 7), end to end on the real
//! binary: a source that asks downloaders to register, `framewright serve`
//! on a loopback port, a person registering and downloading, and the
//! council's counts and CSV of registrants, over HTTP (tests/common/serve.rs),
//! on SQLite and on PostgreSQL.

use crate::common::*;
use crate::on_each_database;

on_each_database!(a_downloader_registers_gets_the_files_and_the_council_counts_and_exports_them);

/// The base test source with a second role (so that a role nobody chose
/// is counted at zero), PDF and HTML packs, and `extra` at the end.
pub(crate) fn source(id: &str, extra: &str) -> String {
    let two_roles = replace_once(
        BASE,
        "[[bands]]\nid = \"young\"",
        "[[roles]]\nid = \"helper\"\nname = \"Helper\"\nlevel = \"L1\"\n\n[[bands]]\nid = \"young\"",
    );
    let formats = replace_once(&two_roles, "formats = [\"pdf\"]", "formats = [\"pdf\", \"html\"]");
    format!("{}\n{extra}", replace_once(&formats, "id = \"test-fw\"", &format!("id = \"{id}\"")))
}

/// An account's API token, made with the command line.
fn account(service: &Service, email: &str, role: &str, setting: Option<&str>) -> Credentials {
    service.add_account(email, role, setting);
    Credentials::bearer(service.token(email))
}

/// The links of a download page, `&amp;` read back as `&`.
pub(crate) fn links(page: &str) -> Vec<String> {
    page.split("href=\"").skip(1).filter_map(|rest| rest.split('"').next()).map(|href| href.replace("&amp;", "&")).collect()
}

const HOSTILE_NAME: &str = "=HYPERLINK(\"http://evil.example\",\"Open\")";
const HOSTILE_ORGANISATION: &str = "<script>alert(1)</script> Oak School";

fn a_downloader_registers_gets_the_files_and_the_council_counts_and_exports_them(database: Database) {
    let asks = source("asks-fw", "[packs.registration]\nfields = [\"name\", \"role\", \"organisation\", \"email\"]\n");
    let free = source("free-fw", "");
    let mut server = Service::with_sources("serve_register", database, &[("asks.toml", &asks), ("free.toml", &free)]);
    let council = account(&server, "council@example.org", "council", None);
    let lead = account(&server, "lead@example.org", "lead", Some("Oak School"));
    server.start(&[]);
    let anyone = Credentials::default();
    let get = |path: &str| server.get(path, &anyone);
    let post = |path: &str, who: &Credentials, fields: &[(&str, &str)]| server.post_form(path, who, fields);

    // The page asks the source's fields, with the consent text, before any link.
    let page = get("/download/asks-fw/").expect(200).text();
    for asked in ["name=\"name\"", "name=\"role\"", "name=\"organisation\"", "name=\"email\"", "name=\"consent\" type=\"checkbox\""] {
        assert!(page.contains(asked), "the form lacks {asked}:\n{page}");
    }
    assert!(page.contains("Test publisher keeps these details to see who uses the framework"), "{page}");
    assert!(page.contains("<option value=\"lead\">Lead practitioner</option>"), "roles are chosen from the framework's:\n{page}");
    assert!(!page.contains(".pdf"), "no file is linked before registering:\n{page}");

    // Without ticking the consent box: asked again, what was typed shown escaped.
    let register = |path: &str, name: &str, consent: bool| {
        let mut fields = vec![("name", name), ("role", "lead"), ("organisation", HOSTILE_ORGANISATION), ("email", "reader@example.org")];
        fields.extend(consent.then_some(("consent", "yes")));
        post(path, &anyone, &fields)
    };
    let page = register("/download/asks-fw/", HOSTILE_NAME, false).expect(400).text();
    assert!(page.contains("role=\"alert\""), "{page}");
    assert!(page.contains("value=\"&lt;script&gt;alert(1)") && !page.contains("<script>"), "{page}");

    // Registering: the page of links, each carrying the registration's secret.
    let page = register("/download/asks-fw/", HOSTILE_NAME, true).expect(200).text();
    let files: Vec<String> = links(&page).into_iter().filter(|l| l.starts_with("/download/asks-fw/")).collect();
    let pdf = files.iter().find(|l| l.contains(".pdf?token=")).unwrap_or_else(|| panic!("no PDF link:\n{page}"));
    assert!(files.iter().any(|l| l.contains(".html?token=")), "{page}");
    let reply = get(pdf);
    assert_eq!(reply.status, 200);
    assert!(reply.body.starts_with(b"%PDF-"), "the PDF pack as built");
    let bare = pdf.split('?').next().unwrap();
    assert_eq!(get(bare).status, 404, "no file without a registration");
    assert_eq!(get(&format!("{bare}?token=not-a-registration")).status, 404);
    assert_eq!(get(&pdf.replace("asks-fw", "free-fw")).status, 404, "a file of one framework only");

    // A source that asks nothing: links at once, files free.
    let reply = get("/download/free-fw/");
    assert_eq!(reply.status, 200);
    let page = reply.text();
    assert!(!page.contains("<form method=\"post\" action=\"/download"), "{page}");
    let html = links(&page).into_iter().find(|l| l.starts_with("/download/free-fw/") && l.ends_with(".html")).expect("an HTML edition");
    assert_eq!(get(&html).status, 200);
    assert_eq!(register("/download/free-fw/", HOSTILE_NAME, true).status, 404, "nobody registers where nothing is asked");

    // A second registrant, of the same role and organisation.
    assert_eq!(register("/download/asks-fw/", "Second Reader", true).status, 200);

    // The council's counts: every role, the one nobody chose at zero; organisations escaped.
    let page = server.get("/council/downloads", &council).expect(200).text();
    assert!(page.contains("2 people have registered to download it."), "{page}");
    assert!(page.contains("<th scope=\"row\">Lead practitioner</th><td>2</td>"), "{page}");
    assert!(page.contains("<th scope=\"row\">Helper</th><td>0</td>"), "a role nobody chose is counted at zero:\n{page}");
    assert!(page.contains("<th scope=\"row\">&lt;script&gt;alert(1)") && page.contains(" Oak School</th><td>2</td>"), "{page}");
    assert!(!page.contains("<script>"), "{page}");

    // The CSV: a header, one row a registrant, the formula made inert.
    let csv = server.get("/council/downloads.csv", &council).expect(200).text();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().expect("a header").iter().map(str::to_string).collect();
    assert_eq!(header, ["consented", "framework", "name", "email", "organisation", "role", "job_title", "setting_type"]);
    let rows: Vec<Vec<String>> = reader.records().map(|r| r.expect("a row").iter().map(str::to_string).collect()).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert_eq!(rows[0][1..], ["asks-fw", &format!("'{HOSTILE_NAME}"), "reader@example.org", HOSTILE_ORGANISATION, "lead", "", ""]);
    assert_eq!(rows[1][2], "Second Reader");
    assert!(rows.iter().flatten().all(|cell| !cell.starts_with(['=', '+', '-', '@'])), "{csv}");

    // The council's only: a lead and nobody get nothing.
    assert_eq!(server.get("/council/downloads.csv", &lead).status, 404);
    assert_eq!(server.get("/council/downloads", &lead).status, 404);
    assert_eq!(get("/council/downloads.csv").status, 303, "sent to sign in");

    // Erasing at the person's request: only the council; every registration
    // with the address (case aside) goes, and so do its download links.
    let erase = |who: &Credentials| post("/council/downloads/erase", who, &[("email", "Reader@Example.org")]);
    assert_eq!(erase(&lead).status, 404);
    assert_eq!(erase(&anyone).status, 303, "sent to sign in");
    assert_eq!(get(pdf).status, 200, "nothing erased yet");
    let page = erase(&council).expect(200).text();
    assert!(page.contains("Erased 2 registrations."), "{page}");
    let csv = server.get("/council/downloads.csv", &council).text();
    assert_eq!(csv.lines().count(), 1, "only the header is left:\n{csv}");
    assert_eq!(get(pdf).status, 404, "an erased registrant's links stop working");
    let page = server.get("/council/downloads", &council).text();
    assert!(page.contains("0 people have registered"), "{page}");
}

/// A framework built in English and Welsh (`[packs] languages`; no
/// translations file: the source's texts stay English, the wording is
/// framewright's Welsh table): its download page lists each pack once with
/// both languages' files, each link saying its language, and is offered in
/// each language (`?lang=cy`), worded from that language's table.
#[test]
fn a_download_page_is_offered_in_each_language_built() {
    let bilingual =
        replace_once(&source("both-fw", ""), "formats = [\"pdf\", \"html\"]", "formats = [\"html\"]\nlanguages = [\"en\", \"cy\"]");
    let mut server = Service::with_sources("serve_languages", Database::Sqlite, &[("both.toml", &bilingual)]);
    server.start(&[]);
    let anyone = Credentials::default();
    let page = server.get("/download/both-fw/", &anyone).expect(200).text();
    let files: Vec<String> = links(&page).into_iter().filter(|l| l.ends_with(".html")).collect();
    assert!(!files.is_empty() && files.len().is_multiple_of(2), "{page}");
    for file in &files {
        let tag = if file.ends_with("-cy.html") { "cy" } else { "en-GB" };
        assert!(page.contains(&format!("<a href=\"{file}\" hreflang=\"{tag}\">")), "{file} says its language:\n{page}");
    }
    assert_eq!(files.iter().filter(|f| f.ends_with("-cy.html")).count(), files.len() / 2, "each pack in both languages");
    assert!(page.contains("<span lang=\"cy\">Cymraeg</span>") && page.contains("<span lang=\"en-GB\">English</span>"), "{page}");
    assert!(page.contains("<h2>Your downloads</h2>"), "{page}");
    assert!(page.contains("<a href=\"/download/both-fw/?lang=cy\" hreflang=\"cy\" lang=\"cy\">Cymraeg</a>"), "{page}");

    let welsh = server.get("/download/both-fw/?lang=cy", &anyone).expect(200).text();
    assert!(welsh.contains("<div lang=\"cy\">") && welsh.contains("<h2>Eich lawrlwythiadau</h2>"), "worded in Welsh:\n{welsh}");
    assert!(welsh.contains("<a href=\"/download/both-fw/?lang=en-GB\" hreflang=\"en-GB\" lang=\"en-GB\">English</a>"), "{welsh}");
    let welsh_files: Vec<String> = links(&welsh).into_iter().filter(|l| l.ends_with(".html")).collect();
    assert_eq!(welsh_files.len(), files.len(), "the same files:\n{welsh}");
    assert!(welsh_files[0].ends_with("-cy.html"), "the Welsh files first on the Welsh page");
    assert_eq!(server.get(&welsh_files[0], &anyone).status, 200);
    // A language it is not built in shows the page in its own.
    let other = server.get("/download/both-fw/?lang=%3Cb%3E", &anyone).expect(200).text();
    assert!(other.contains("<h2>Your downloads</h2>") && !other.contains("<b>"), "{other}");
}
