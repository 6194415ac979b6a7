//! One test per kind of mistake in a source: the message, the line and
//! column of the `┌─ file:LINE:COL` marker, the help, and exit code 1.
//! Every bad source is the base source of tests/common with a few
//! replacements, and expected positions are found by searching the bad text.

use crate::common::*;

/// Runs `check` on the case `name` and asserts exactly `expected` errors
/// (message, (line, column)), in that order, plus the summary line.
fn expect_errors(name: &str, expected: &[(&str, (usize, usize))]) -> Vec<Diag> {
    expect_errors_in(name, &case_source(name), expected)
}

/// [`expect_errors`] for the source `text`.
fn expect_errors_in(name: &str, text: &str, expected: &[(&str, (usize, usize))]) -> Vec<Diag> {
    let r = check_text(name, text);
    r.assert_code(1);
    assert_eq!(r.stdout, "", "an invalid source prints nothing on stdout");
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let found = diagnostics(&r.stderr);
    let got: Vec<(String, usize, usize)> = found.iter().map(|d| (d.message.clone(), d.line, d.col)).collect();
    let want: Vec<(String, usize, usize)> = expected.iter().map(|(m, (l, c))| (m.to_string(), *l, *c)).collect();
    assert_eq!(got, want, "\n--- stderr:\n{}", r.stderr);
    for d in &found {
        assert_eq!(d.file, SOURCE_NAME);
    }
    let n = expected.len();
    let summary = format!("error: {SOURCE_NAME} has {n} error{}; nothing was done", if n == 1 { "" } else { "s" });
    assert_eq!(r.stderr.lines().last(), Some(summary.as_str()), "\n--- stderr:\n{}", r.stderr);
    assert_eq!(error_lines(&r.stderr), n + 1, "one `error:` line per mistake plus the summary\n{}", r.stderr);
    found
}

#[test]
fn base_source_is_valid() {
    let r = check_text("base_source_is_valid", BASE);
    r.assert_code(0);
    assert_eq!(r.stdout, "source.toml: ok (2 levels, 1 domain, 4 statements, 6 packs)\n");
    assert_eq!(r.stderr, "");
}

#[test]
fn every_case_differs_from_the_base() {
    for case in CASES {
        assert_ne!(case_source(case.name), BASE, "case {} changes nothing", case.name);
    }
}

#[test]
fn toml_syntax_error_missing_closing_quote() {
    let text = case_source("syntax_missing_quote");
    // The parser stops at the end of the line where the quote should be.
    let at = pos_in(&text, "title = \"Test framework\n", "title = \"Test framework".len());
    assert_eq!(at, (3, 24));
    let d = expect_errors("syntax_missing_quote", &[("TOML syntax: invalid basic string, expected `\"`", at)]);
    assert_eq!(d[0].help.as_deref(), Some("see https://toml.io for the syntax; strings need quotes, tables [name], lists [a, b]"));
}

#[test]
fn toml_two_syntax_errors_are_both_reported() {
    let text = case_source("syntax_two_errors");
    let first = pos_in(&text, "title = \"Test framework\n", "title = \"Test framework".len());
    let second = pos_in(&text, "name = \"Group\n", "name = \"Group".len());
    assert_eq!((first, second), ((3, 24), (22, 14)));
    expect_errors(
        "syntax_two_errors",
        &[("TOML syntax: invalid basic string, expected `\"`", first), ("TOML syntax: invalid basic string, expected `\"`", second)],
    );
}

#[test]
fn unknown_key_suggests_the_known_one() {
    let text = case_source("unknown_key");
    let d = expect_errors(
        "unknown_key",
        &[("missing `title` in [framework]", (1, 1)), ("unknown key `titel` in [framework]", pos(&text, "titel"))],
    );
    assert_eq!(d[1].line, 3);
    assert_eq!(d[1].help.as_deref(), Some("did you mean `title`?"));
    assert_eq!(d[1].labels(true), vec![(3, 1, "not a known key".to_string())]);
}

#[test]
fn missing_required_field_points_at_the_table_header() {
    let d = expect_errors("missing_title", &[("missing `title` in [framework]", (1, 1))]);
    assert_eq!(d[0].help.as_deref(), Some("add `title = …` to [framework]"));
    assert_eq!(d[0].labels(true), vec![(1, 1, "[framework] starts here".to_string())]);

    let text = case_source("missing_level_name");
    let second_level = nth_pos(&text, "[[levels]]", 1);
    assert_eq!(second_level, (15, 1));
    let d = expect_errors("missing_level_name", &[("missing `name` in [[levels]]", second_level)]);
    assert_eq!(d[0].help.as_deref(), Some("add `name = …` to [[levels]]"));
}

#[test]
fn duplicate_statement_id_names_both_places() {
    let text = case_source("duplicate_statement");
    let first = nth_pos(&text, "\"s1\"", 0);
    let again = nth_pos(&text, "\"s1\"", 1);
    assert_eq!((first, again), ((42, 10), (51, 10)));
    let d = expect_errors("duplicate_statement", &[("duplicate statement id `s1`", again)]);
    assert_eq!(d[0].labels(true), vec![(again.0, again.1, "defined again here".to_string())]);
    assert_eq!(d[0].labels(false), vec![(first.0, first.1, "first defined here".to_string())]);
    assert_eq!(d[0].help.as_deref(), Some("give each statement its own id; ids must stay stable once published"));
}

#[test]
fn duplicate_level_id_names_both_places() {
    let text = case_source("duplicate_level");
    let first = pos_in(&text, "id = \"L1\"\nname = \"Level one\"\n", 5);
    let again = pos_in(&text, "id = \"L1\"\nname = \"Level one again\"", 5);
    let d = expect_errors("duplicate_level", &[("duplicate level id `L1`", again)]);
    assert_eq!(d[0].labels(true), vec![(again.0, again.1, "defined again here".to_string())]);
    assert_eq!(d[0].labels(false), vec![(first.0, first.1, "first defined here".to_string())]);
    assert_eq!(first, (11, 6));
}

#[test]
fn unknown_level_lists_the_levels() {
    let text = case_source("unknown_level");
    let d = expect_errors("unknown_level", &[("unknown level `L9`", pos(&text, "\"L9\""))]);
    assert_eq!(d[0].line, 27);
    assert_eq!(d[0].help.as_deref(), Some("the level ids are: L1, L2"));
    assert_eq!(d[0].labels(true), vec![(27, 9, "no level has this id".to_string())]);
}

#[test]
fn unknown_band_suggests_the_nearest() {
    let text = case_source("unknown_band");
    let d = expect_errors("unknown_band", &[("unknown band `yuong`", pos(&text, "\"yuong\""))]);
    assert_eq!(d[0].help.as_deref(), Some("did you mean `young`?"));
}

#[test]
fn unknown_role_in_packs_suggests_the_nearest() {
    let text = case_source("unknown_role");
    let d = expect_errors("unknown_role", &[("unknown role `leed`", pos(&text, "\"leed\""))]);
    assert_eq!(d[0].help.as_deref(), Some("did you mean `lead`?"));
}

#[test]
fn unknown_statement_in_training() {
    let text = case_source("unknown_statement_in_training");
    let d = expect_errors("unknown_statement_in_training", &[("unknown statement `s9`", pos(&text, "\"s9\""))]);
    assert_eq!(d[0].help.as_deref(), Some("the statement ids are: s1, s2, s3, s4"));
}

#[test]
fn unknown_scheme_in_crosswalk() {
    let text = case_source("unknown_scheme");
    let d = expect_errors("unknown_scheme", &[("unknown scheme `grp`", pos(&text, "grp"))]);
    assert_eq!((d[0].line, d[0].col), (13, 15));
    assert_eq!(d[0].help.as_deref(), Some("the scheme ids are: group"));
}

#[test]
fn empty_statement_text() {
    let text = case_source("empty_statement_text");
    let d = expect_errors("empty_statement_text", &[("statement `s3` has no text", pos(&text, "\"  \""))]);
    assert_eq!(d[0].labels(true), vec![(d[0].line, d[0].col, "empty text".to_string())]);
}

#[test]
fn a_pack_without_statements_is_an_error() {
    let text = case_source("empty_pack");
    let d = expect_errors("empty_pack", &[("pack `level-L2-young` would be empty", nth_pos(&text, "[[packs.build]]", 0))]);
    assert_eq!(d[0].labels(true)[0].2, "no statements for level `L2` and band `young`");
}

#[test]
fn logo_that_does_not_exist() {
    let text = case_source("logo_missing");
    let d = expect_errors("logo_missing", &[("the logo file `images/logo.png` does not exist", pos(&text, "\"images/logo.png\""))]);
    let label = &d[0].labels(true)[0].2;
    assert!(label.starts_with("looked for ") && label.ends_with("logo.png"), "{label}");
}

#[test]
fn logo_that_exists_is_accepted() {
    let dir = TempDir::new("logo_that_exists_is_accepted");
    dir.write("source.toml", case_source("logo_missing"));
    dir.write("images/logo.png", b"\x89PNG\r\n\x1a\n");
    let r = run_in(&dir.path, ["check", "source.toml"]);
    r.assert_code(0);
    assert_eq!(r.stdout, "source.toml: ok (2 levels, 1 domain, 4 statements, 6 packs)\n");
}

#[test]
fn logo_path_that_leaves_the_project() {
    let text = case_source("logo_outside");
    let d = expect_errors("logo_outside", &[("the logo path `../../etc/passwd` leaves the project", pos(&text, "\"../../etc/passwd\""))]);
    assert_eq!(d[0].labels(true)[0].2, "a path outside the project folder");
}

#[test]
fn template_that_does_not_exist() {
    let text = case_source("template_missing");
    expect_errors("template_missing", &[("the template file `templates/pack.typ` does not exist", pos(&text, "\"templates/pack.typ\""))]);
}

#[test]
fn invalid_id() {
    let text = case_source("invalid_id");
    let d = expect_errors("invalid_id", &[("`s.2` is not a valid id", pos(&text, "\"s.2\""))]);
    assert_eq!(d[0].labels(true)[0].2, "an id may only hold the letters A–Z and a–z, digits, `-` and `_`");
    assert_eq!(d[0].help.as_deref(), Some("use letters, digits, `-` and `_`, e.g. \"d1-e-01\""));
}

#[test]
fn wrong_enum_value_suggests_the_nearest() {
    let text = case_source("wrong_enum");
    let d = expect_errors(
        "wrong_enum",
        &[(
            "`elearning` is not one of: e-learning, face-to-face, blended, webinar, shadowing, presentation, shared-expertise, reading, coaching, other",
            pos(&text, "\"elearning\""),
        )],
    );
    assert_eq!(d[0].help.as_deref(), Some("did you mean \"e-learning\"?"));
}

#[test]
fn string_where_a_date_is_expected() {
    let text = case_source("string_for_date");
    let d = expect_errors("string_for_date", &[("expected a date, found a string", pos(&text, "\"2024-01-15\""))]);
    assert_eq!((d[0].line, d[0].col), (6, 13));
    assert_eq!(d[0].help.as_deref(), Some("write the date without quotes: 2024-01-15"));
}

#[test]
fn bad_language_tag_points_at_the_language() {
    let text = case_source("bad_language");
    let d = expect_errors("bad_language", &[("`english` is not a language tag", pos(&text, "\"english\""))]);
    assert_eq!(d[0].help.as_deref(), Some("use a BCP 47 tag such as \"en-GB\" or \"cy-GB\""));
}

#[test]
fn many_mistakes_are_all_reported_in_one_run() {
    let text = case_source("many_mistakes");
    let at = |needle: &str| pos(&text, needle);
    let skip = |needle: &str, n: usize| pos_in(&text, needle, n);
    let d = expect_errors(
        "many_mistakes",
        &[
            ("expected a date, found a string", at("\"2024-01-15\"")),
            ("unknown key `nmae` in [[levels]]", at("nmae")),
            ("unknown scheme `grp`", at("grp")),
            ("unknown level `L9`", at("\"L9\"")),
            ("`s.2` is not a valid id", at("\"s.2\"")),
            ("statement `s3` has no text", skip("text = \"\"", 7)),
            ("unknown band `oldre`", at("\"oldre\"")),
            ("`skil` is not one of: knowledge, skill, value", at("\"skil\"")),
            ("duplicate scale value 1", pos_in(&text, "value = 1\nlabel = \"Partly\"", 8)),
            (
                "`elearning` is not one of: e-learning, face-to-face, blended, webinar, shadowing, presentation, shared-expertise, reading, coaching, other",
                at("\"elearning\""),
            ),
            ("unknown statement `s9`", at("\"s9\"")),
            ("`3 yrs` is not an interval", at("\"3 yrs\"")),
            ("unknown role `leed`", at("\"leed\"")),
        ],
    );
    assert_eq!(d.len(), 13);
    // Each on its own line except the two mistakes of statement s4.
    let lines: std::collections::BTreeSet<usize> = d.iter().map(|d| d.line).collect();
    assert_eq!(lines.len(), 12);
}

#[test]
fn a_pack_built_twice_names_both_entries() {
    let text = case_source("pack_built_twice");
    let first = nth_pos(&text, "[[packs.build]]", 0);
    let again = nth_pos(&text, "[[packs.build]]", 2);
    let d = expect_errors("pack_built_twice", &[("pack `level-L1-young` is built twice", again)]);
    assert_eq!(d[0].labels(false), vec![(first.0, first.1, "first built by this entry".to_string())]);
}

#[test]
fn a_file_name_pattern_that_gives_two_packs_one_file() {
    let text = case_source("file_name_collision");
    let at = pos(&text, "\"{{ framework }}-{{ level }}\"");
    let d = expect_errors(
        "file_name_collision",
        &[
            ("packs `level-L1-young` and `level-L1-older` would both be written to `test-fw-L1`", at),
            ("packs `level-L2-young` and `level-L2-older` would both be written to `test-fw-L2`", at),
            ("packs `level-L2-young` and `role-lead-older-additional-needs` would both be written to `test-fw-L2`", at),
        ],
    );
    assert_eq!(d[0].labels(true)[0].2, "this pattern gives two packs the same file name");
}

#[test]
fn unknown_id_help_lists_at_most_twelve_ids() {
    // The Yorkshire framework has 802 statements: the help must not list them all.
    let ids: Vec<String> = dump("sources/yorkshire-humber-pcf.toml")["domains"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| {
            let own = d["statements"].as_array().unwrap().iter();
            let topics = d["topics"].as_array().unwrap().iter().flat_map(|t| t["statements"].as_array().unwrap().iter());
            own.chain(topics).map(|s| s["id"].as_str().unwrap().to_string()).collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(ids.len(), 802);
    let source = std::fs::read_to_string(root().join("sources/yorkshire-humber-pcf.toml")).unwrap();
    let text = format!("{source}\n[[training]]\nid = \"extra\"\ntitle = \"Extra\"\nformat = \"reading\"\nstatements = [\"qqqq\"]\n");
    let r = check_text("unknown_id_help_lists_at_most_twelve_ids", &text);
    r.assert_code(1);
    let d = diagnostics(&r.stderr);
    assert_eq!(triples(&r.stderr), vec![("unknown statement `qqqq`".to_string(), pos(&text, "\"qqqq\"").0, pos(&text, "\"qqqq\"").1)]);
    assert_eq!(d[0].help, Some(format!("the statement ids are: {}, … (790 more)", ids[..12].join(", "))));
}

#[test]
fn a_date_with_a_time_where_a_date_is_expected() {
    let text = case_source("datetime_for_date");
    let d = expect_errors("datetime_for_date", &[("expected a date, found a date and time with an offset", pos(&text, "2024-01-15T"))]);
    assert_eq!(d[0].help.as_deref(), Some("write only the date, without a time: 2024-01-15"));
}

#[test]
fn too_many_action_plan_rows_points_at_the_value() {
    let text = case_source("too_many_action_plan_rows");
    expect_errors("too_many_action_plan_rows", &[("51 action-plan rows is more than 50", pos_in(&text, "action_plan_rows = 51", 19))]);
}

#[test]
fn a_second_default_refresher_names_both_rules() {
    let text = case_source("two_default_refreshers");
    let first = nth_pos(&text, "[[refreshers]]", 0);
    let second = nth_pos(&text, "[[refreshers]]", 1);
    let d = expect_errors("two_default_refreshers", &[("a second default refresher rule (no `levels` and no `roles`)", second)]);
    assert_eq!(d[0].labels(false), vec![(first.0, first.1, "the first default rule".to_string())]);
}

#[test]
fn an_empty_or_missing_build_list() {
    let text = case_source("empty_build");
    expect_errors("empty_build", &[("[packs] `build` is empty: no packs would be built", pos_in(&text, "build = []", 8))]);
    let text = case_source("missing_build");
    // Reported once, at the [packs] header.
    expect_errors("missing_build", &[("missing `build` in [packs]", pos(&text, "[packs]"))]);
}

#[test]
fn an_empty_band_list_in_a_build_entry_is_an_error() {
    // It used to build no packs for the entry, silently.
    let text = case_source("empty_selection");
    let d = expect_errors("empty_selection", &[("this list is empty", pos_in(&text, "bands = []", 8))]);
    assert_eq!(d[0].help.as_deref(), Some("name at least one id, or write \"all\""));
}

#[test]
fn an_svg_logo_with_word_packs_is_refused_at_check_time() {
    let text = replace_once(&case_source("logo_missing"), "\"images/logo.png\"", "\"images/logo.svg\"");
    let text = replace_once(&text, "formats = [\"pdf\"]", "formats = [\"pdf\", \"docx\"]");
    let dir = TempDir::new("svg_logo_word");
    dir.write("source.toml", &text);
    dir.write("images/logo.svg", "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>");
    let r = run_in(&dir.path, ["check", "source.toml"]);
    r.assert_code(1);
    let (line, col) = pos(&text, "\"images/logo.svg\"");
    assert!(r.stderr.contains(&format!("source.toml:{line}:{col}")), "{}", r.stderr);
    assert!(r.stderr.contains("Word packs cannot show an SVG logo"), "{}", r.stderr);

    // PDF only: the same logo is fine.
    dir.write("source.toml", replace_once(&text, "formats = [\"pdf\", \"docx\"]", "formats = [\"pdf\"]"));
    run_in(&dir.path, ["check", "source.toml"]).assert_code(0);
}

// Mistakes a new user makes, each reported once in their terms, with the
// form to write instead.

/// [`BASE`] with `edits` applied in order, each `from` occurring once.
fn edited(edits: &[(&str, &str)]) -> String {
    edits.iter().fold(BASE.to_string(), |text, (from, to)| replace_once(&text, from, to))
}

#[test]
fn curly_quotes_pasted_from_word_show_the_straight_form() {
    let text = edited(&[
        ("title = \"Test framework\"", "title = “Test framework”"),
        ("text = \"Knows the basics.\"", "text = ‘Knows the basics.’"),
        ("name = \"Group\"", "name = \"Group”"),
    ]);
    let d = expect_errors_in(
        "curly_quotes",
        &text,
        &[
            ("curly quotes are not TOML quotes", pos(&text, "“")),
            ("this string ends with a curly quote", pos_in(&text, "Group”", 5)),
            ("curly quotes are not TOML quotes", pos(&text, "‘")),
        ],
    );
    assert_eq!((d[0].line, d[0].col), (3, 9));
    assert_eq!(d[0].labels(true), vec![(3, 9, "a curly quote, as Word types it".to_string())]);
    assert_eq!(d[0].help.as_deref(), Some("use straight quotes (\" or '): title = \"Test framework\""));
    assert_eq!(d[1].help.as_deref(), Some("end the string with a straight quote: name = \"Group\""));
    assert_eq!(d[2].help.as_deref(), Some("use straight quotes (\" or '): text = \"Knows the basics.\""));
}

#[test]
fn a_windows_path_says_use_slashes() {
    let logo = |value: &str| edited(&[("language = \"en-GB\"\n", &format!("language = \"en-GB\"\nlogo = {value}\nlogo_alt = \"Logo\"\n"))]);
    // In a "…" string a backslash starts an escape: the parser stops at it.
    let text = logo("\"assets\\logo.png\"");
    let d = expect_errors_in("windows_path_basic", &text, &[("a path with backslashes", pos(&text, "\\"))]);
    assert_eq!((d[0].line, d[0].col), (9, 15));
    assert_eq!(d[0].help.as_deref(), Some("use / between folders: logo = \"assets/logo.png\""));
    // A whole Windows path: one error, not one per backslash.
    let text = logo("\"C:\\Users\\jo\\logo.png\"");
    let d = expect_errors_in("windows_path_absolute", &text, &[("a path with backslashes", nth_pos(&text, "\\", 0))]);
    assert_eq!(
        d[0].help.as_deref(),
        Some("use / between folders, and write the path from the source file's folder, e.g. logo = \"logo.png\"")
    );
    // In a '…' string the text is taken as written, and the path check says it.
    let text = logo("'assets\\logo.png'");
    let d = expect_errors_in("windows_path_literal", &text, &[("the logo path `assets\\logo.png` has backslashes", pos(&text, "'assets"))]);
    assert_eq!(d[0].help.as_deref(), Some("use / between folders: 'assets/logo.png'"));
    // A backslash that is not in a path is explained as an escape.
    let text = edited(&[("title = \"Test framework\"", "title = \"Test \\d framework\"")]);
    let d = expect_errors_in("backslash_not_a_path", &text, &[("`\\d` is not an escape TOML knows", pos(&text, "\\d"))]);
    assert_eq!(
        d[0].help.as_deref(),
        Some("write \\\\ for a backslash, or use single quotes, which take text as written: 'Test \\d framework'")
    );
}

#[test]
fn a_date_in_another_form_shows_the_date_meant() {
    let text = edited(&[("published = 2024-01-15", "published = 15 January 2024"), ("review = 2026-01-15", "review = 15/01/2026")]);
    let d = expect_errors_in(
        "date_forms",
        &text,
        &[("`15 January 2024` is not written as a TOML date", (6, 13)), ("`15/01/2026` is not written as a TOML date", (7, 10))],
    );
    assert_eq!(pos(&text, "15 January"), (6, 13));
    assert_eq!(d[0].help.as_deref(), Some("write published = 2024-01-15"));
    assert_eq!(d[1].help.as_deref(), Some("write review = 2026-01-15"));
    assert_eq!(d[0].labels(true), vec![(6, 13, "a date is written YYYY-MM-DD".to_string())]);
    // In quotes, the model says it, with the same date.
    let text = edited(&[("published = 2024-01-15", "published = \"1 December 2023\"")]);
    let d = expect_errors_in("date_quoted", &text, &[("expected a date, found a string", pos(&text, "\"1 December"))]);
    assert_eq!(d[0].help.as_deref(), Some("write the date as YYYY-MM-DD, without quotes: 2023-12-01"));
}

#[test]
fn a_quote_inside_a_string_is_one_error() {
    // In an inline table the parser reports five errors on three lines.
    let text = edited(&[("text = \"Knows the basics.\"", "text = \"Knows the \"basics\".\"")]);
    let d = expect_errors_in("quote_inside", &text, &[("a `\"` inside a string ends it early", pos_in(&text, "the \"basics", 4))]);
    assert_eq!((d[0].line, d[0].col), (42, 48));
    assert_eq!(
        d[0].help.as_deref(),
        Some("write \\\" for a quote inside a string: text = \"Knows the \\\"basics\\\".\", or use single quotes: 'Knows the \"basics\".'")
    );
}

#[test]
fn single_brackets_for_a_list_of_tables_is_one_error() {
    let text = edited(&[("[[levels]]\nid = \"L1\"", "[levels]\nid = \"L1\""), ("[[levels]]\nid = \"L2\"", "[levels]\nid = \"L2\"")]);
    let d = expect_errors_in("levels_single_brackets", &text, &[("a list of tables needs `[[levels]]`, not `[levels]`", (10, 1))]);
    assert_eq!(d[0].labels(false), vec![(15, 1, "and here".to_string())]);
    assert_eq!(d[0].help.as_deref(), Some("write [[levels]] (double brackets) before each entry"));
    // One `[levels]` among `[[levels]]`.
    let text = edited(&[("[[levels]]\nid = \"L2\"", "[levels]\nid = \"L2\"")]);
    expect_errors_in("levels_one_single", &text, &[("a list of tables needs `[[levels]]`, not `[levels]`", (15, 1))]);
    // The only scheme under `[schemes]`: a table where a list is expected,
    // and the cross-walk that names it is not reported as well.
    let text = edited(&[("[[schemes]]", "[schemes]")]);
    let d = expect_errors_in("schemes_one_table", &text, &[("expected a list, found a table", pos(&text, "[schemes]"))]);
    assert_eq!(d[0].help.as_deref(), Some("write the header with double brackets, [[…]], before each entry of the list"));
}

#[test]
fn an_id_with_a_stray_space_is_one_error() {
    let text = edited(&[("id = \"L1\"\nname = \"Level one\"", "id = \"L1 \"\nname = \"Level one\"")]);
    // The references to `L1` still find the level: no second error.
    let d = expect_errors_in("id_trailing_space", &text, &[("`L1 ` is not a valid id", pos(&text, "\"L1 \""))]);
    assert_eq!(d[0].labels(true)[0].2, "a space at the start or end of an id");
    assert_eq!(d[0].help.as_deref(), Some("write \"L1\""));
    let text = edited(&[("{ id = \"s1\", level = \"L1\"", "{ id = \"s1\", level = \"L1 \"")]);
    let d = expect_errors_in("reference_trailing_space", &text, &[("level `L1 ` has a space at its start or end", pos(&text, "\"L1 \""))]);
    assert_eq!(d[0].help.as_deref(), Some("write the level's id: \"L1\""));
}

#[test]
fn a_name_where_an_id_is_expected_names_the_id() {
    let source = std::fs::read_to_string(root().join("sources/london-safeguarding.toml")).unwrap();
    let text = replace_once(&source, "name = \"Group 2\"\nlevel = \"2\"", "name = \"Group 2\"\nlevel = \"Level 2\"");
    let text =
        replace_once(&text, "levels = [\"2\", \"3\"]\nstatements = [\"l2-01\"", "levels = [\"2\", \"level-3\"]\nstatements = [\"l2-01\"");
    // The role stays in the source, so nothing that names it is reported.
    let d = expect_errors_in(
        "name_for_id",
        &text,
        &[
            ("`Level 2` is not a level id", pos_in(&text, "level = \"Level 2\"", 8)),
            ("`level-3` is not a level id", pos(&text, "\"level-3\"")),
        ],
    );
    assert_eq!(d[0].labels(true)[0].2, "a name, not an id");
    assert_eq!(d[0].help.as_deref(), Some("write the level's id: \"2\""));
    assert_eq!(d[1].help.as_deref(), Some("write the level's id: \"3\""));
}

/// Every `warning:` of `output` with its (line, column).
fn warnings(output: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = output.lines().collect();
    lines
        .windows(2)
        .filter_map(|pair| {
            let message = pair[0].strip_prefix("warning: ")?;
            let marker = pair[1].trim().strip_prefix("┌─ ")?;
            let mut parts = marker.rsplitn(3, ':');
            let col = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            Some((message.to_string(), line, col))
        })
        .collect()
}

#[test]
fn tab_indented_multi_line_strings_lose_their_indent() {
    let intro = "title = \"Domain one\"\nintro = \"\"\"\n\tWho this domain is for,\n\tand what it covers.\n\t\"\"\"";
    let text = edited(&[("title = \"Domain one\"", intro)]);
    let dir = TempDir::new("tab_indented_strings");
    dir.write("source.toml", &text);
    let r = run_in(&dir.path, ["dump", "source.toml"]);
    r.assert_code(0);
    assert_eq!(r.stderr, "");
    let dump: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(dump["domains"][0]["intro"][0]["text"][0]["text"], "Who this domain is for,\nand what it covers.");
    // Lines indented in different ways keep their tabs, with a warning.
    let mixed = "title = \"Domain one\"\nintro = \"\"\"\n\tWho this domain is for,\n    and what it covers.\"\"\"";
    let text = edited(&[("title = \"Domain one\"", mixed)]);
    let r = check_text("tab_indented_mixed", &text);
    r.assert_code(0);
    let at = pos(&text, "\"\"\"\n\tWho");
    assert_eq!(at, (41, 9));
    assert_eq!(warnings(&r.stderr), vec![("a line of this text starts with a tab, which prints as a gap".to_string(), at.0, at.1)]);
}

/// A source large enough to be parsed in parts and decoded on both cores
/// (40 domains, 420 KB, as an import writes them) reports each mistake at
/// its own line and column, in the order of the file.
#[test]
fn a_large_source_reports_every_mistake_at_its_place() {
    let domains: Vec<String> = (0..40)
        .map(|k| {
            let statements: Vec<String> = (0..80)
                .map(|i| {
                    let level = if (k, i) == (7, 40) { "levle" } else { "level" };
                    format!("  {{ id = \"d{k}-s{i}\", {level} = \"L1\", text = \"Statement {i} of domain {k}, long enough to make the source as large as an imported one.\" }},")
                })
                .collect();
            let title = if k == 33 { "titel" } else { "title" };
            format!("[[domains]]\nid = \"big{k}\"\n{title} = \"Domain {k}\"\nstatements = [\n{}\n]\n", statements.join("\n"))
        })
        .collect();
    let text = BASE.replace("[assessment]", &format!("{}\n[assessment]", domains.join("\n")));
    assert!(text.len() > 400_000);
    let statement = "{ id = \"d7-s40\"";
    let domain = "[[domains]]\nid = \"big33\"";
    expect_errors_in(
        "a_large_source",
        &text,
        &[
            ("missing `level` in a statement", pos(&text, statement)),
            ("unknown key `levle` in a statement", pos(&text, "levle")),
            ("missing `title` in [[domains]]", pos(&text, domain)),
            ("unknown key `titel` in [[domains]]", pos(&text, "titel")),
        ],
    );
}

/// `[packs.registration]`: what `framewright serve`'s download page asks.
fn with_registration(table: &str) -> String {
    format!("{BASE}\n[packs.registration]\n{table}\n")
}

#[test]
fn a_registration_table_is_read_and_dumped() {
    let text = with_registration("fields = [\"name\", \"role\", \"organisation\", \"email\"]");
    check_text("registration_valid", &text).assert_code(0);
    let dir = TempDir::new("registration_dump");
    let dump = |text: &str| {
        dir.write("source.toml", text);
        let r = run_in(&dir.path, ["dump", "source.toml"]);
        r.assert_code(0);
        serde_json::from_str::<serde_json::Value>(&r.stdout).expect("dump prints JSON")
    };
    assert_eq!(dump(&text)["packs"]["registration"]["fields"], serde_json::json!(["name", "role", "organisation", "email"]));
    // A source that asks nothing says nothing of it.
    assert!(dump(BASE)["packs"].get("registration").is_none());
}

#[test]
fn a_registration_field_the_page_cannot_ask_is_named() {
    let text = with_registration("fields = [\"name\", \"organisaton\"]");
    let d = expect_errors_in(
        "registration_unknown_field",
        &text,
        &[("`organisaton` is not one of: name, email, organisation, role, job_title, setting_type", pos(&text, "\"organisaton\""))],
    );
    assert_eq!(d[0].help.as_deref(), Some("did you mean \"organisation\"?"));
}

#[test]
fn a_registration_table_with_an_unknown_key_or_nothing_to_ask_is_an_error() {
    let text = with_registration("fields = [\"name\"]\nconsent = \"We keep it\"");
    expect_errors_in("registration_unknown_key", &text, &[("unknown key `consent` in [packs.registration]", pos(&text, "consent ="))]);
    let text = with_registration("fields = []");
    expect_errors_in(
        "registration_empty",
        &text,
        &[("[packs.registration] `fields` is empty: the download page would ask nothing", pos(&text, "[]"))],
    );
    let text = with_registration("");
    expect_errors_in("registration_no_fields", &text, &[("missing `fields` in [packs.registration]", pos(&text, "[packs.registration]"))]);
}

#[test]
fn a_registration_field_asked_twice_or_a_role_without_roles_is_an_error() {
    let text = with_registration("fields = [\"email\", \"name\", \"email\"]");
    expect_errors_in("registration_twice", &text, &[("this field is asked twice", nth_pos(&text, "\"email\"", 1))]);
    let roleless = replace_once(
        &replace_once(BASE, "[[roles]]\nid = \"lead\"\nname = \"Lead practitioner\"\nlevel = \"L2\"\n", ""),
        BUILDS,
        "[[packs.build]]\nlevels = \"all\"\n",
    );
    let text = format!("{roleless}\n[packs.registration]\nfields = [\"name\", \"role\"]\n");
    expect_errors_in(
        "registration_role_without_roles",
        &text,
        &[("the download page would ask for a role, but the source defines no [[roles]]", pos(&text, "\"role\""))],
    );
}
