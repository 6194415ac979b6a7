//! `framewright new`, `completions` and `man`: a scaffolded project holds
//! what it should, passes `check`, builds tagged PDFs and uses every
//! construct of the format; unsafe or taken names are refused without
//! writing anything; the completion scripts and the manual page name every
//! subcommand.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::*;
use serde_json::Value;

const NAME: &str = "my-framework";

/// Runs `framewright new NAME ARGS…` in a fresh temp dir named after `test`
/// and asserts it worked.
fn scaffold(test: &str, args: &[&str]) -> TempDir {
    let dir = TempDir::new(test);
    let mut all = vec!["new", NAME];
    all.extend(args);
    let r = run_in(&dir.path, &all);
    r.assert_code(0);
    assert!(r.stdout.contains(&format!("created {NAME}/")), "{}", r.stdout);
    assert!(r.stdout.contains("framewright check") && r.stdout.contains("framewright build"), "{}", r.stdout);
    assert_eq!(r.stderr, "");
    dir
}

/// Every file below `dir`, as `/`-separated paths relative to it, sorted.
fn tree(dir: &Path) -> BTreeSet<String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap();
                out.insert(rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/"));
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn new_writes_the_project() {
    let dir = scaffold("new_writes_the_project", &[]);
    let project = dir.path.join(NAME);
    let files = tree(&project);

    // The templates and fonts the build needs, byte for byte, with the licences.
    let mut expected: BTreeSet<String> = BTreeSet::new();
    for folder in ["templates", "fonts"] {
        for rel in tree(&root().join(folder)) {
            let path = format!("{folder}/{rel}");
            let copied = std::fs::read(project.join(&path)).unwrap_or_else(|e| panic!("{path} was not copied: {e}"));
            assert!(copied == std::fs::read(root().join(&path)).unwrap(), "{path} differs from the repository's");
            expected.insert(path);
        }
    }
    for licence in
        ["fonts/atkinson-hyperlegible-next/OFL.txt", "fonts/noto-sans-arabic/OFL.txt", "fonts/noto-emoji/OFL.txt", "fonts/README.md"]
    {
        assert!(expected.contains(licence), "{licence} is not in the repository's fonts/");
    }
    for own in [
        format!("sources/{NAME}.toml"),
        "README.md".into(),
        "framewright.schema.json".into(),
        "output/.gitkeep".into(),
        "assets/logo.png".into(),
    ] {
        expected.insert(own);
    }
    assert_eq!(files, expected);
    // Nothing but the project was left in the current folder (no staging folder).
    assert_eq!(file_names(&dir.path), [NAME]);

    // The source: the schema directive first, commented, with the name's id and title.
    let source = std::fs::read_to_string(project.join(format!("sources/{NAME}.toml"))).unwrap();
    assert_eq!(source.lines().next(), Some("#:schema ../framewright.schema.json"));
    let comments = source.lines().filter(|l| l.trim_start().starts_with('#')).count();
    assert!(comments >= 40, "only {comments} comment lines: the source should explain itself");
    assert!(source.contains("id = \"my-framework\"\n") && source.contains("title = \"My framework\"\n"), "{source}");

    // The schema the directive names is `framewright schema`.
    let schema = run(["schema"]);
    schema.assert_code(0);
    assert_eq!(std::fs::read_to_string(project.join("framewright.schema.json")).unwrap(), schema.stdout);

    // The README says what to edit and gives the two commands.
    let readme = std::fs::read_to_string(project.join("README.md")).unwrap();
    assert!(readme.starts_with("# My framework\n"), "{readme}");
    for needle in ["What to edit", "`sources/my-framework.toml`", "framewright check", "framewright build"] {
        assert!(readme.contains(needle), "the README lacks `{needle}`:\n{readme}");
    }
    assert_eq!(std::fs::read(project.join("output/.gitkeep")).unwrap(), b"");
    assert!(std::fs::read(project.join("assets/logo.png")).unwrap().starts_with(b"\x89PNG\r\n"), "a PNG logo, which Word packs take");
}

#[test]
fn the_new_project_checks_and_builds_at_once() {
    let dir = scaffold("the_new_project_checks_and_builds_at_once", &[]);
    let project = dir.path.join(NAME);
    let source = format!("sources/{NAME}.toml");

    // `check` with no arguments reads sources/: zero errors, zero warnings.
    let r = run_in(&project, ["check"]);
    r.assert_code(0);
    assert_eq!(r.stdout, format!("{source}: ok (3 levels, 2 domains, 14 statements, 8 packs)\n"));
    assert_eq!(r.stderr, "", "check printed diagnostics");

    let packs = listed_packs(&project, &source);
    let ids: Vec<&str> = packs.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "level-core-early-years",
            "level-core-school-age",
            "level-enhanced-early-years",
            "level-enhanced-school-age",
            "level-specialist-early-years",
            "level-specialist-school-age",
            "role-designated-lead-school-age-additional-needs",
            "full",
        ]
    );

    // `build` with no arguments, inside the folder, writes exactly those files.
    let r = run_in(&project, ["build"]);
    r.assert_code(0);
    assert!(!r.stderr.contains("error"), "{}", r.stderr);
    let listed: BTreeSet<String> = packs.iter().flat_map(|(_, files)| files.iter().cloned()).collect();
    // Every pack in the three formats, but the role pack, whose entry asks for PDF alone.
    let count = |ext: &str| listed.iter().filter(|f| f.ends_with(ext)).count();
    assert_eq!((count(".pdf"), count(".docx"), count(".html")), (packs.len(), packs.len() - 1, packs.len() - 1), "{listed:?}");
    assert!(!listed.iter().any(|f| f.contains("role-") && !f.ends_with(".pdf")), "{listed:?}");
    // Other files the build keeps there (a manifest, the download page) are not packs.
    let on_disk: BTreeSet<String> = file_names(&project.join("output"))
        .into_iter()
        .filter(|f| [".pdf", ".docx", ".html"].iter().any(|e| f.ends_with(e)) && f != "index.html")
        .collect();
    assert_eq!(on_disk, listed);
    assert!(project.join("output/index.html").is_file(), "no download page");

    let dump = dump_in(&project, &source);
    let title = dump["framework"]["title"].as_str().unwrap();
    assert_eq!(title, "My framework");
    for file in listed.iter().filter(|f| f.ends_with(".pdf")) {
        let info = pdfinfo(&project.join("output").join(file));
        assert_eq!(info["Tagged"], "yes", "{file}");
        assert!(info["Title"].starts_with(&format!("{title} – ")), "{file}: Title `{}`", info["Title"]);
        assert_eq!(info["Author"], "Your organisation", "{file}");
    }

    // A core pack holds the core statements and not the specialist ones.
    let statements = model_statements(&dump);
    let text_of = |id: &str| statements.iter().find(|s| s["id"] == id).unwrap()["text"].as_str().unwrap().to_string();
    let pack = "level-core-early-years";
    let plan = plan_in(&project, &source, pack);
    let pdf = PdfText::read(&project.join(format!("output/{NAME}-{pack}.pdf")), &footer_of(&plan)).unwrap();
    for id in ["rel-core-01", "saf-core-02"] {
        assert!(pdf.contains(&text_of(id)), "{pack} lacks statement {id}");
    }
    assert!(!pdf.contains(&text_of("saf-spec-01")), "{pack} holds a specialist statement");
}

/// The dump's list `key` of `v`, which must not be empty.
fn non_empty<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    let list = v[key].as_array().unwrap_or_else(|| panic!("`{key}` is not a list"));
    assert!(!list.is_empty(), "`{key}` is empty");
    list
}

fn block_kinds(blocks: &Value) -> BTreeSet<String> {
    blocks.as_array().unwrap().iter().map(|b| b["kind"].as_str().unwrap().to_string()).collect()
}

#[test]
fn every_construct_of_the_format_is_in_the_new_source() {
    let dir = scaffold("every_construct_of_the_format_is_in_the_new_source", &[]);
    let project = dir.path.join(NAME);
    let dump = dump_in(&project, &format!("sources/{NAME}.toml"));

    // Framework metadata and narrative: every block kind and both emphases.
    let fw = &dump["framework"];
    for key in
        ["id", "title", "subtitle", "publisher", "version", "published", "review", "language", "licence", "contact", "logo", "logo_alt"]
    {
        assert!(fw[key].is_string(), "framework `{key}` is missing");
    }
    assert_eq!(block_kinds(&fw["introduction"]), ["heading", "list", "paragraph", "quote"].map(String::from).into());
    let intro = fw["introduction"].to_string();
    assert!(intro.contains("\"strong\"") && intro.contains("\"ordered\":true") && intro.contains("\"source\""), "{intro}");
    for key in ["principles", "acknowledgements", "references"] {
        non_empty(fw, key);
    }

    // Levels in order, cumulative after the first, cross-walked to a scheme.
    let levels = non_empty(&dump, "levels");
    assert!(levels.len() >= 3);
    assert_eq!(levels[0]["cumulative"], false);
    assert!(levels[1..].iter().all(|l| l["cumulative"] == true));
    assert!(levels.iter().all(|l| l["crosswalk"]["group"].is_string() || l["crosswalk"]["group"].is_array()));
    assert!(levels.iter().any(|l| l["description"].to_string().contains("\"em\"")));
    let scheme = &non_empty(&dump, "schemes")[0];
    assert_eq!(scheme["id"], "group");

    let roles = non_empty(&dump, "roles");
    assert!(roles.iter().all(|r| !r["examples"].as_array().unwrap().is_empty() && !r["crosswalk"].as_object().unwrap().is_empty()));
    assert!(non_empty(&dump, "bands").len() >= 2);

    // Domains, topics and statements with every optional key.
    let domains = non_empty(&dump, "domains");
    assert!(domains.iter().any(|d| !d["statements"].as_array().unwrap().is_empty()), "a domain with its own statements");
    let topics: Vec<&Value> = domains.iter().flat_map(|d| d["topics"].as_array().unwrap()).collect();
    assert!(topics.len() >= 2);
    assert!(topics.iter().any(|t| !t["empty_levels"].as_array().unwrap().is_empty()), "a topic with an empty level");
    assert!(domains.iter().chain(topics.iter().copied()).filter(|c| !c["level_intro"].as_object().unwrap().is_empty()).count() >= 2);
    assert!(domains.iter().all(|d| !d["intro"].as_array().unwrap().is_empty()));
    let statements = model_statements(&dump);
    let band_count = dump["bands"].as_array().unwrap().len();
    let has = |what: &str, f: &dyn Fn(&Value) -> bool| assert!(statements.iter().any(|s| f(s)), "no statement with {what}");
    has("additional_needs", &|s| s["additional_needs"] == true);
    has("a subheading", &|s| s["subheading"].is_string());
    has("two levels", &|s| s["level"].as_array().unwrap().len() >= 2);
    has("fewer bands than all", &|s| s["bands"].as_array().unwrap().len() < band_count);
    let kinds: BTreeSet<&str> = statements.iter().filter_map(|s| s["kind"].as_str()).collect();
    assert_eq!(kinds, ["knowledge", "skill", "value"].into());
    assert!(statements.iter().all(|s| !s["tags"].as_array().unwrap().is_empty()));

    // The self-assessment.
    let a = &dump["assessment"];
    assert!(!a["instructions"].as_array().unwrap().is_empty());
    let scale = non_empty(a, "scale");
    assert!(scale.len() >= 2 && scale.iter().any(|p| p["met"] == true) && scale.iter().any(|p| p["met"] == false));
    assert!(a["columns"]["evidence"].is_string() && a["columns"]["action"].is_string());
    let signoff = non_empty(a, "signoff");
    assert!(signoff.iter().any(|f| f["kind"] == "date") && signoff.iter().any(|f| f["kind"] == "text"));

    // Training of several formats, with refresher intervals, serving levels, roles and statements.
    let training = non_empty(&dump, "training");
    let formats: BTreeSet<&str> = training.iter().map(|t| t["format"].as_str().unwrap()).collect();
    assert!(formats.len() >= 4, "training formats: {formats:?}");
    assert!(training.iter().all(|t| t["refresh_every"]["months"].as_u64().is_some_and(|m| m > 0)));
    for key in ["levels", "roles", "statements"] {
        assert!(training.iter().any(|t| !t[key].as_array().unwrap().is_empty()), "no training option serves {key}");
    }
    assert!(training.iter().any(|t| t["link"].as_str().is_some_and(|l| l.starts_with("mailto:"))));

    // Refresher rules: one for a role and the default one.
    let refreshers = non_empty(&dump, "refreshers");
    assert!(refreshers.iter().any(|r| !r["roles"].as_array().unwrap().is_empty() && r["note"].is_string()));
    assert!(refreshers.iter().any(|r| r["roles"].as_array().unwrap().is_empty() && r["levels"].as_array().unwrap().is_empty()));

    // Packs: file names, formats, branding, levels × bands and a role pack with enhancements.
    let packs = &dump["packs"];
    assert_eq!(packs["file_name"], "{{ framework }}-{{ pack }}");
    assert_eq!(packs["formats"], serde_json::json!(["pdf", "docx", "html"]));
    assert_eq!(packs["full_edition"], true);
    for key in ["primary", "accent", "font", "paper"] {
        assert!(packs["branding"][key].is_string(), "branding `{key}`");
    }
    let build = non_empty(packs, "build");
    assert!(build.iter().any(|b| b["levels"] == "all" && b["bands"] == "all"));
    assert!(build.iter().any(|b| b["roles"].is_array() && b["additional_needs"] == true && b["formats"].is_array()));
}

#[test]
fn new_takes_a_title_and_an_id_as_data() {
    let title = "Fframwaith \"cymhwysedd\" #1 \\ [test] {{ x }} ŵ";
    let dir = scaffold("new_takes_a_title_and_an_id_as_data", &["--title", title, "--id", "ff-2025"]);
    let project = dir.path.join(NAME);
    run_in(&project, ["check"]).assert_code(0);
    let dump = dump_in(&project, &format!("sources/{NAME}.toml"));
    assert_eq!(dump["framework"]["title"], title);
    assert_eq!(dump["framework"]["id"], "ff-2025");
    let readme = std::fs::read_to_string(project.join("README.md")).unwrap();
    assert!(readme.starts_with(&format!("# {title}\n")), "{readme}");
}

#[test]
fn new_refuses_a_folder_that_is_not_empty() {
    let dir = TempDir::new("new_refuses_a_folder_that_is_not_empty");
    dir.write(&format!("{NAME}/notes.txt"), "keep me");
    let r = run_in(&dir.path, ["new", NAME]);
    r.assert_code(2);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains(&format!("the folder `{NAME}` already exists and is not empty; nothing was written")), "{}", r.stderr);
    assert_eq!(tree(&dir.path), [format!("{NAME}/notes.txt")].into());
    assert_eq!(std::fs::read_to_string(dir.path.join(NAME).join("notes.txt")).unwrap(), "keep me");

    // A file of that name is refused too; an empty folder is filled.
    dir.write("taken", "a file");
    let r = run_in(&dir.path, ["new", "taken"]);
    r.assert_code(2);
    assert!(r.stderr.contains("`taken` already exists and is not a folder"), "{}", r.stderr);
    std::fs::create_dir(dir.path.join("empty")).unwrap();
    run_in(&dir.path, ["new", "empty"]).assert_code(0);
    assert!(dir.path.join("empty/sources/empty.toml").is_file());
    assert_eq!(file_names(&dir.path), ["empty", NAME, "taken"]);
}

#[test]
fn new_refuses_unsafe_names_and_writes_nothing() {
    let dir = TempDir::new("new_refuses_unsafe_names_and_writes_nothing");
    let work = dir.path.join("work");
    std::fs::create_dir(&work).unwrap();
    let absolute = dir.path.join("absolute").display().to_string();
    let cases: &[(&str, &str)] = &[
        ("..", "it names the current or the parent folder"),
        (".", "it names the current or the parent folder"),
        ("../escape", "it holds a path separator"),
        ("a/b", "it holds a path separator"),
        (&absolute, "it is an absolute path"),
        ("", "it is empty"),
        ("two words", "` ` is not allowed"),
        (".hidden", "it must start with a letter or a digit"),
        ("tab\there", "it holds a control character"),
        ("CON", "a device name Windows reserves"),
        ("lpt1.txt", "a device name Windows reserves"),
        ("name.", "it ends with a dot"),
        (&"x".repeat(65), "longer than 64 characters"),
    ];
    for (name, why) in cases {
        let r = run_in(&work, ["new", name]);
        r.assert_code(2);
        assert!(r.stderr.contains("cannot be the name of a new framework folder"), "{name}: {}", r.stderr);
        assert!(r.stderr.contains(why), "{name}: expected `{why}` in\n{}", r.stderr);
        assert_eq!(r.stdout, "");
    }
    let r = run_in(&work, ["new", "ok", "--id", "Not.An.Id"]);
    r.assert_code(2);
    assert!(r.stderr.contains("`--id Not.An.Id` is not a valid id"), "{}", r.stderr);

    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let r = run_in(&work, [std::ffi::OsStr::new("new"), std::ffi::OsStr::from_bytes(b"bad\xffname")]);
        r.assert_code(2);
        assert!(r.stderr.contains("is not valid UTF-8"), "{}", r.stderr);
    }
    assert_eq!(tree(&dir.path), BTreeSet::new(), "a refused name wrote something");
    assert_eq!(file_names(&dir.path), ["work"]);
}

/// The subcommands `framewright --help` lists (without `help`).
fn subcommands() -> Vec<String> {
    let r = run(["--help"]);
    r.assert_code(0);
    let (_, rest) = r.stdout.split_once("Commands:\n").expect("a Commands section");
    let names: Vec<String> = rest
        .lines()
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .filter(|n| n != "help")
        .collect();
    for expected in ["build", "check", "list", "dump", "plan", "schema", "new", "completions", "man"] {
        assert!(names.iter().any(|n| n == expected), "--help does not list `{expected}`: {names:?}");
    }
    names
}

#[test]
fn completions_cover_every_subcommand() {
    let commands = subcommands();
    let bash = run(["completions", "bash"]);
    bash.assert_code(0);
    assert!(bash.stdout.contains("_framewright() {"), "no _framewright function");
    assert!(bash.stdout.contains("complete -F _framewright"), "the function is not registered");
    for c in &commands {
        assert!(bash.stdout.contains(&format!("framewright,{c})")), "bash completion lacks `{c}`");
    }
    // The flags of subcommands are offered too.
    for flag in ["--level", "--title", "--out", "--color"] {
        assert!(bash.stdout.contains(flag), "bash completion lacks {flag}");
    }
    for (shell, marker) in [
        ("zsh", "#compdef framewright"),
        ("fish", "complete -c framewright"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "set edit:completion:arg-completer[framewright]"),
    ] {
        let r = run(["completions", shell]);
        r.assert_code(0);
        assert!(r.stdout.contains(marker), "{shell}: no `{marker}`");
        for c in &commands {
            assert!(r.stdout.contains(c.as_str()), "{shell} completion lacks `{c}`");
        }
    }
    let r = run(["completions", "tcsh"]);
    r.assert_code(2);
    assert!(r.stderr.contains("invalid value 'tcsh'") && r.stderr.contains("bash, elvish, fish, powershell, zsh"), "{}", r.stderr);
}

/// The macro lines of a roff page after the apostrophe preamble
/// (`.ie \n(.g .ds Aq \(aq` / `.el .ds Aq '`) roff generators put first.
fn after_preamble(page: &str) -> Vec<&str> {
    page.lines().skip_while(|l| l.starts_with(".ie ") || l.starts_with(".el ")).collect()
}

/// Renders a page with `man -l`, if `man` is installed; `None` otherwise.
fn render_with_man(path: &Path) -> Option<String> {
    let out = std::process::Command::new("man")
        .args(["--warnings", "-l"])
        .arg(path)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "100")
        .env("LC_ALL", "C.UTF-8")
        .output()
        .ok()?;
    assert!(out.status.success(), "man -l {} failed: {}", path.display(), String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "man warned about {}", path.display());
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn the_manual_page_names_every_subcommand() {
    let commands = subcommands();
    let r = run(["man"]);
    r.assert_code(0);
    assert_eq!(r.stderr, "");
    let lines = after_preamble(&r.stdout);
    assert_eq!(lines.first().map(|l| l.split_whitespace().take(3).collect::<Vec<_>>()), Some(vec![".TH", "framewright", "1"]));
    assert!(lines[0].contains(&format!("framewright {}", env!("CARGO_PKG_VERSION"))), "{}", lines[0]);
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS", ".SH \"EXIT STATUS\""] {
        assert!(lines.contains(&section), "no `{section}`");
    }
    for c in &commands {
        assert!(r.stdout.contains(&format!("framewright\\-{c}(1)")), "the page does not name `{c}`");
    }
    assert!(!r.stdout.contains("framewright\\-help(1)"), "a page for `help` is named but never written");

    // One page per subcommand with --out, each with its own title.
    let dir = TempDir::new("the_manual_page_names_every_subcommand");
    let out = dir.path.join("man1");
    let w = run(["man", "--out", out.to_str().unwrap()]);
    w.assert_code(0);
    let mut expected: Vec<String> = commands.iter().map(|c| format!("framewright-{c}.1")).collect();
    expected.push("framewright.1".into());
    expected.sort();
    assert_eq!(file_names(&out), expected);
    assert_eq!(std::fs::read_to_string(out.join("framewright.1")).unwrap(), r.stdout, "--out writes the same top page");
    let new_page = std::fs::read_to_string(out.join("framewright-new.1")).unwrap();
    assert!(after_preamble(&new_page)[0].starts_with(".TH framewright-new 1"), "{new_page}");
    assert!(new_page.contains("\\-\\-title") && new_page.contains("NAME"), "{new_page}");

    // `man` itself renders every page without a warning, where it is installed.
    if let Some(text) = render_with_man(&out.join("framewright.1")) {
        for c in &commands {
            assert!(text.contains(&format!("framewright-{c}(1)")), "man's rendering lacks `{c}`");
        }
        assert!(text.contains("EXIT STATUS"));
        for page in &expected {
            render_with_man(&out.join(page));
        }
    }
}
