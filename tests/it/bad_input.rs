//! Inputs that are not sources at all, bad command lines, and hostile
//! values: the right exit code and message, and never a panic (exit 101).

use crate::common::*;

/// No run may panic: Rust's panic exit code is 101, and a panic prints "panicked".
fn assert_no_panic(what: &str, r: &Run) {
    assert_ne!(r.code, 101, "{what}: exited with the panic code\n{}", r.stderr);
    assert_ne!(r.code, -1, "{what}: killed by a signal (stack overflow?)\n{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{what}: panicked\n{}", r.stderr);
}

#[test]
fn missing_file_is_a_usage_error() {
    let dir = TempDir::new("missing_file_is_a_usage_error");
    let r = run_in(&dir.path, ["check", "nope.toml"]);
    r.assert_code(2);
    assert_eq!(r.stderr, "error: nope.toml: no such file\n");
    assert_eq!(r.stdout, "");
    let r = run_in(&dir.path, ["list", "nope.toml"]);
    r.assert_code(2);
    assert!(r.stderr.contains("no such file"), "{}", r.stderr);
    let r = run_in(&dir.path, ["dump", "nope.toml"]);
    r.assert_code(2);
    assert!(r.stderr.contains("no such file"), "{}", r.stderr);
}

#[test]
fn a_usage_error_outranks_an_invalid_source() {
    let dir = TempDir::new("a_usage_error_outranks_an_invalid_source");
    dir.write("empty.toml", "");
    dir.write("ok.toml", BASE);
    let r = run_in(&dir.path, ["check", "ok.toml", "empty.toml", "nope.toml"]);
    r.assert_code(2);
    // Every source is still checked.
    assert_eq!(r.stdout, "ok.toml: ok (2 levels, 1 domain, 4 statements, 6 packs)\n");
    assert!(r.stderr.contains("error: empty.toml has 1 error; nothing was done"), "{}", r.stderr);
    assert!(r.stderr.contains("error: nope.toml: no such file"), "{}", r.stderr);
}

#[test]
fn a_folder_is_a_usage_error() {
    let dir = TempDir::new("a_folder_is_a_usage_error");
    std::fs::create_dir(dir.path.join("sub.toml")).unwrap();
    let r = run_in(&dir.path, ["check", "sub.toml"]);
    r.assert_code(2);
    assert_eq!(r.stderr, "error: sub.toml is a folder; give a source file such as sub.toml/framework.toml\n");
}

#[test]
fn an_empty_file_is_invalid() {
    for (name, contents) in [("empty", ""), ("blank", "  \n\n\t\n")] {
        let r = check_text(&format!("an_empty_file_is_invalid-{name}"), contents);
        r.assert_code(1);
        let first = r.stderr.lines().next().unwrap_or_default();
        assert_eq!(first, "error: the file is empty", "{}", r.stderr);
        assert!(r.stderr.ends_with("error: source.toml has 1 error; nothing was done\n"), "{}", r.stderr);
        assert!(!r.stderr.contains("framewright new"), "the help must not name a command that does not exist");
    }
}

#[test]
fn invalid_utf8_names_the_line() {
    let mut bytes = b"[framework]\nid = \"x\"\ntitle = \"ab".to_vec();
    bytes.extend_from_slice(b"\xff\xfe\"\n");
    let dir = TempDir::new("invalid_utf8_names_the_line");
    dir.write("source.toml", &bytes);
    let r = run_in(&dir.path, ["check", "source.toml"]);
    r.assert_code(1);
    assert_eq!(
        r.stderr.lines().next(),
        Some("error: the file is not UTF-8 text (first bad byte at line 3, column 12); save it as UTF-8"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_50_mb_file_is_refused_without_reading_it() {
    let dir = TempDir::new("a_50_mb_file_is_refused_without_reading_it");
    let path = dir.path.join("huge.toml");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap(); // sparse: no disk space used
    drop(file);
    let r = run_in(&dir.path, ["check", "huge.toml"]);
    r.assert_code(1);
    assert_eq!(r.stderr.lines().next(), Some("error: the file is 50.0 MiB; framewright reads sources up to 16 MiB"), "{}", r.stderr);
}

#[test]
fn a_file_just_over_the_limit_is_refused_and_one_under_is_read() {
    let dir = TempDir::new("a_file_just_over_the_limit");
    let limit = 16 * 1024 * 1024u64;
    let over = std::fs::File::create(dir.path.join("over.toml")).unwrap();
    over.set_len(limit + 1).unwrap();
    let r = run_in(&dir.path, ["check", "over.toml"]);
    r.assert_code(1);
    assert!(r.stderr.contains("framewright reads sources up to 16 MiB"), "{}", r.stderr);
    // Exactly at the limit: read, and (being NUL bytes) rejected by the TOML parser instead.
    let at = std::fs::File::create(dir.path.join("at.toml")).unwrap();
    at.set_len(limit).unwrap();
    let r = run_in(&dir.path, ["check", "at.toml"]);
    assert_no_panic("16 MiB of NULs", &r);
    r.assert_code(1);
    assert!(!r.stderr.contains("up to 16 MiB"), "{}", r.stderr);
}

#[test]
fn bad_command_lines_are_usage_errors() {
    let cases: &[&[&str]] = &[
        &["frobnicate"],
        &["check", "--frobnicate"],
        &["list"],
        &["dump"],
        &["list", "a.toml", "b.toml"],
        &["--color", "sometimes", "check"],
        &[],
    ];
    for args in cases {
        let r = run(*args);
        assert_eq!(r.code, 2, "{args:?}\n{}", r.stderr);
        assert!(r.stderr.contains("Usage:") || r.stderr.contains("For more information"), "{args:?}\n{}", r.stderr);
        assert_eq!(r.stdout, "", "{args:?}");
    }
    let r = run(["list"]);
    assert!(r.stderr.contains("<SOURCE>"), "{}", r.stderr);
}

#[test]
fn help_and_version_exit_zero() {
    let r = run(["--help"]);
    r.assert_code(0);
    assert!(r.stdout.contains("check") && r.stdout.contains("schema"), "{}", r.stdout);
    let r = run(["--version"]);
    r.assert_code(0);
    assert_eq!(r.stdout, format!("framewright {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn no_error_case_panics() {
    assert!(CASES.len() >= 20);
    for case in CASES {
        let text = case_source(case.name);
        for cmd in ["check", "list", "dump"] {
            let dir = TempDir::new(&format!("no_error_case_panics-{}-{cmd}", case.name));
            dir.write("source.toml", &text);
            let r = run_in(&dir.path, [cmd, "source.toml"]);
            assert_no_panic(case.name, &r);
            assert_eq!(r.code, 1, "{} ({cmd})\n{}", case.name, r.stderr);
            assert_eq!(r.stdout, "", "{} ({cmd})", case.name);
        }
    }
}

/// Checks a hostile variant of the base source: no panic, exit 0 or 1.
fn hostile(name: &str, text: &str) -> Run {
    let r = check_text(name, text);
    assert_no_panic(name, &r);
    assert!(r.code == 0 || r.code == 1, "{name}: exit {}\n{}", r.code, r.stderr);
    r
}

#[test]
fn deeply_nested_arrays() {
    let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
    let text = replace_once(BASE, "version = \"1.0\"\n", &format!("version = \"1.0\"\nnested = {deep}\n"));
    let r = hostile("deeply_nested_arrays", &text);
    r.assert_code(1);
    assert!(r.stderr.contains("error: TOML syntax: cannot recurse further"), "{}", r.stderr);

    let deep = format!("{}1{}", "{ a = ".repeat(1000), " }".repeat(1000));
    let text = replace_once(BASE, "version = \"1.0\"\n", &format!("version = \"1.0\"\nnested = {deep}\n"));
    hostile("deeply_nested_tables", &text).assert_code(1);

    let dotted = vec!["a"; 5000].join(".");
    let text = replace_once(BASE, "version = \"1.0\"\n", &format!("version = \"1.0\"\n{dotted} = 1\n"));
    hostile("deeply_dotted_key", &text).assert_code(1);

    let text = format!("{BASE}\n[{}]\nx = 1\n", vec!["b"; 5000].join("."));
    hostile("deeply_dotted_header", &text).assert_code(1);
}

#[test]
fn a_one_megabyte_single_line_string() {
    let long = "x".repeat(1024 * 1024);
    let text = replace_once(BASE, "Knows the basics.", &long);
    let r = hostile("a_one_megabyte_single_line_string", &text);
    r.assert_code(0);
    assert_eq!(r.stdout, "source.toml: ok (2 levels, 1 domain, 4 statements, 6 packs)\n");
    // A 1 MB line in a diagnostic is rendered, not choked on.
    let text = replace_once(BASE, "title = \"Test framework\"", &format!("titel = \"{long}\""));
    let r = hostile("a_one_megabyte_single_line_string-bad", &text);
    r.assert_code(1);
    assert_eq!(triples(&r.stderr)[1], ("unknown key `titel` in [framework]".to_string(), 3, 1));
}

#[test]
fn nul_characters_via_escapes() {
    let text = replace_once(BASE, "Knows the basics.", "Knows\\u0000the\\u0000basics.");
    hostile("nul_characters_via_escapes", &text);
    let text = replace_once(BASE, "id = \"s1\"", "id = \"s\\u00001\"");
    let r = hostile("nul_in_an_id", &text);
    r.assert_code(1);
    assert_eq!(triples(&r.stderr)[0].0, "`s\u{0}1` is not a valid id");
    // A raw NUL byte in the file (not an escape) is a syntax error.
    let text = replace_once(BASE, "Knows the basics.", "Knows\0the basics.");
    hostile("raw_nul_byte", &text).assert_code(1);
}

#[test]
fn unicode_keys_and_values() {
    let text = replace_once(BASE, "title = \"Test framework\"\n", "title = \"Test framework\"\n\"tïtle✓\" = \"x\"\n");
    let r = hostile("unicode_keys_and_values", &text);
    r.assert_code(1);
    let d = diagnostics(&r.stderr);
    assert_eq!(d.len(), 1, "{}", r.stderr);
    assert_eq!((d[0].message.as_str(), d[0].line, d[0].col), ("unknown key `tïtle✓` in [framework]", 4, 1));

    let text = replace_once(BASE, "Knows the basics.", "Kennt die Grundlagen – ✓ 日本語 🙂 \\u202e");
    hostile("unicode_values", &text).assert_code(0);

    let text = replace_once(BASE, "id = \"s1\"", "id = \"s1é\"");
    let r = hostile("unicode_id", &text);
    r.assert_code(1);
    assert_eq!(triples(&r.stderr)[0].0, "`s1é` is not a valid id");
}

#[test]
fn wrong_types_everywhere_do_not_panic() {
    // Each top-level list or table replaced by a value of the wrong shape.
    let variants = [
        ("levels_string", "[[levels]]\nid = \"L1\"", "levels = \"L1\"\n[[levelz]]\nid = \"L1\""),
        ("framework_scalar", "[framework]\n", "framework = 3\n[frameworkx]\n"),
        ("statement_scalar", "{ id = \"s1\", level = \"L1\", text = \"Knows the basics.\" }", "\"s1\""),
        ("level_list_empty", "{ id = \"s3\", level = \"L2\"", "{ id = \"s3\", level = []"),
        ("huge_integer", "value = 3", "value = 99999999999999999999"),
        ("negative_rows", "[assessment]\n", "[assessment]\naction_plan_rows = -1\n"),
        ("float_value", "value = 3", "value = 3.5"),
        ("build_string", "[[packs.build]]\nlevels = \"all\"\nbands = \"all\"\n", "build = \"all\"\n[[packs.buildx]]\n"),
        ("datetime_not_date", "published = 2024-01-15", "published = 2024-01-15T10:00:00Z"),
        ("bands_all_no_bands", "[[bands]]\nid = \"young\"\nname = \"Young children\"\n", ""),
    ];
    for (name, from, to) in variants {
        let text = replace_once(BASE, from, to);
        let r = hostile(name, &text);
        r.assert_code(1);
        assert!(!diagnostics(&r.stderr).is_empty(), "{name}: no located error\n{}", r.stderr);
    }
}

#[test]
fn syntax_errors_at_the_end_of_the_file() {
    for (name, text, message, at) in [
        ("eof_array", "[framework]\nx = [", "TOML syntax: unclosed array, expected `]`", (2, 6)),
        ("eof_string", "[framework]\nx = \"é", "TOML syntax: invalid basic string, expected `\"`", (2, 7)),
        ("eof_multiline", "x = \"\"\"\n", "TOML syntax: invalid multi-line basic string, expected `\"`", (2, 1)),
    ] {
        let r = hostile(name, text);
        r.assert_code(1);
        assert_eq!(triples(&r.stderr), vec![(message.to_string(), at.0, at.1)], "{name}\n{}", r.stderr);
    }
}

#[test]
fn crlf_line_endings_and_a_byte_order_mark_are_accepted() {
    let crlf = BASE.replace('\n', "\r\n");
    let r = hostile("crlf", &crlf);
    r.assert_code(0);
    let bom = format!("\u{feff}{BASE}");
    hostile("bom", &bom).assert_code(0);
    // Positions are still right with CRLF.
    let bad = replace_once(&crlf, "id = \"s2\"", "id = \"s.2\"");
    let r = hostile("crlf_bad", &bad);
    r.assert_code(1);
    assert_eq!(triples(&r.stderr), vec![("`s.2` is not a valid id".to_string(), 43, 10)]);
}

/// `framewright dump … | head` and the like: the reader closes the pipe
/// before the command has written. Every command that prints to stdout
/// ends quietly with 0, never with a panic (exit 101) or an error message.
#[test]
fn a_closed_stdout_ends_every_command_quietly() {
    let source = "sources/london-safeguarding.toml";
    let commands: &[&[&str]] = &[
        &["dump", source],
        &["plan", source, "level-1"],
        &["schema"],
        &["list", source],
        &["check", source, "sources/semh-multi-agency.toml"],
        &["man"],
        &["completions", "bash"],
        &["--help"],
    ];
    for args in commands {
        let (reader, writer) = std::io::pipe().unwrap();
        // No one will read: every write to stdout fails with a broken pipe.
        drop(reader);
        let out =
            std::process::Command::new(env!("CARGO_BIN_EXE_framewright")).current_dir(root()).args(*args).stdout(writer).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?} prints nothing on stderr");
    }
}
