//! Sources for the tests: a small valid base source, the bad variants derived from it, and positions (line, column) in source text.

use super::*;

/// Writes `text` as `source.toml` in a fresh temp dir named after `test`,
/// runs `check source.toml` there (so the path in messages is `source.toml`)
/// and cleans up.
pub fn check_text(test: &str, text: &str) -> Run {
    let dir = TempDir::new(test);
    dir.write("source.toml", text);
    run_in(&dir.path, ["check", "source.toml"])
}

/// The path diagnostics name for sources run through [`check_text`].
pub const SOURCE_NAME: &str = "source.toml";

/// A small valid source: 2 levels, a scheme, 1 role, 2 bands, 1 domain with a
/// topic, 4 statements, a 3-point scale, 1 training option, 1 refresher and
/// packs. The bad cases below are derived from it by string replacement.
pub const BASE: &str = r#"[framework]
id = "test-fw"
title = "Test framework"
publisher = "Test publisher"
version = "1.0"
published = 2024-01-15
review = 2026-01-15
language = "en-GB"

[[levels]]
id = "L1"
name = "Level one"
crosswalk = { group = "1" }

[[levels]]
id = "L2"
name = "Level two"
cumulative = true

[[schemes]]
id = "group"
name = "Group"

[[roles]]
id = "lead"
name = "Lead practitioner"
level = "L2"

[[bands]]
id = "young"
name = "Young children"

[[bands]]
id = "older"
name = "Older children"

[[domains]]
id = "d1"
number = "1"
title = "Domain one"
statements = [
  { id = "s1", level = "L1", text = "Knows the basics." },
  { id = "s2", level = "L1", bands = ["young"], text = "Knows the young." },
]

[[domains.topics]]
id = "d1-1"
number = "1.1"
title = "Topic one"
statements = [
  { id = "s3", level = "L2", text = "Leads the team." },
  { id = "s4", level = "L2", bands = ["older"], additional_needs = true, kind = "skill", text = "Adapts for needs." },
]

[assessment]

[[assessment.scale]]
value = 1
label = "Not yet"

[[assessment.scale]]
value = 2
label = "Partly"

[[assessment.scale]]
value = 3
label = "Fully"
met = true

[[training]]
id = "t1"
title = "Intro course"
format = "e-learning"
levels = ["L1"]
statements = ["s1"]

[[refreshers]]
applies_to = "Everyone"
every = "3 years"

[packs]
formats = ["pdf"]

[[packs.build]]
levels = "all"
bands = "all"

[[packs.build]]
roles = ["lead"]
bands = ["older"]
additional_needs = true
"#;

/// The two `[[packs.build]]` entries at the end of [`BASE`].
pub const BUILDS: &str = "[[packs.build]]\nlevels = \"all\"\nbands = \"all\"\n\n[[packs.build]]\nroles = [\"lead\"]\nbands = [\"older\"]\nadditional_needs = true\n";

/// One bad variant of [`BASE`]: replacements applied in order, each `from`
/// occurring exactly once in the text it is applied to.
pub struct Case {
    pub name: &'static str,
    pub edits: &'static [(&'static str, &'static str)],
}

/// Every error case errors.rs checks in detail (bad_input.rs runs all of
/// them again to check that none panics).
pub const CASES: &[Case] = &[
    Case { name: "syntax_missing_quote", edits: &[("title = \"Test framework\"", "title = \"Test framework")] },
    Case {
        name: "syntax_two_errors",
        edits: &[("title = \"Test framework\"", "title = \"Test framework"), ("name = \"Group\"", "name = \"Group")],
    },
    Case { name: "unknown_key", edits: &[("title = \"Test framework\"", "titel = \"Test framework\"")] },
    Case { name: "missing_title", edits: &[("title = \"Test framework\"\n", "")] },
    Case { name: "missing_level_name", edits: &[("name = \"Level two\"\n", "")] },
    Case { name: "duplicate_statement", edits: &[("{ id = \"s3\"", "{ id = \"s1\"")] },
    Case {
        name: "duplicate_level",
        edits: &[("cumulative = true\n", "cumulative = true\n\n[[levels]]\nid = \"L1\"\nname = \"Level one again\"\n")],
    },
    Case {
        name: "unknown_level",
        edits: &[("name = \"Lead practitioner\"\nlevel = \"L2\"", "name = \"Lead practitioner\"\nlevel = \"L9\"")],
    },
    Case { name: "unknown_band", edits: &[("bands = [\"young\"], text", "bands = [\"yuong\"], text")] },
    Case { name: "unknown_role", edits: &[("roles = [\"lead\"]", "roles = [\"leed\"]")] },
    Case { name: "unknown_statement_in_training", edits: &[("statements = [\"s1\"]", "statements = [\"s9\"]")] },
    Case { name: "unknown_scheme", edits: &[("crosswalk = { group = \"1\" }", "crosswalk = { grp = \"1\" }")] },
    Case { name: "empty_statement_text", edits: &[("text = \"Leads the team.\"", "text = \"  \"")] },
    Case {
        name: "empty_pack",
        edits: &[("{ id = \"s3\", level = \"L2\", text", "{ id = \"s3\", level = \"L2\", bands = [\"older\"], text")],
    },
    Case {
        name: "logo_missing",
        edits: &[("language = \"en-GB\"\n", "language = \"en-GB\"\nlogo = \"images/logo.png\"\nlogo_alt = \"Test logo\"\n")],
    },
    Case {
        name: "logo_outside",
        edits: &[("language = \"en-GB\"\n", "language = \"en-GB\"\nlogo = \"../../etc/passwd\"\nlogo_alt = \"Test logo\"\n")],
    },
    Case { name: "template_missing", edits: &[("formats = [\"pdf\"]\n", "formats = [\"pdf\"]\ntemplate = \"templates/pack.typ\"\n")] },
    Case { name: "invalid_id", edits: &[("id = \"s2\"", "id = \"s.2\"")] },
    Case { name: "wrong_enum", edits: &[("format = \"e-learning\"", "format = \"elearning\"")] },
    Case { name: "string_for_date", edits: &[("published = 2024-01-15", "published = \"2024-01-15\"")] },
    Case {
        name: "pack_built_twice",
        edits: &[(
            "bands = [\"older\"]\nadditional_needs = true\n",
            "bands = [\"older\"]\nadditional_needs = true\n\n[[packs.build]]\nlevels = [\"L1\"]\nbands = [\"young\"]\n",
        )],
    },
    Case {
        name: "file_name_collision",
        edits: &[("formats = [\"pdf\"]\n", "formats = [\"pdf\"]\nfile_name = \"{{ framework }}-{{ level }}\"\n")],
    },
    Case { name: "datetime_for_date", edits: &[("published = 2024-01-15", "published = 2024-01-15T10:00:00Z")] },
    Case { name: "too_many_action_plan_rows", edits: &[("[assessment]\n", "[assessment]\naction_plan_rows = 51\n")] },
    Case {
        name: "two_default_refreshers",
        edits: &[("[[refreshers]]\n", "[[refreshers]]\napplies_to = \"Everyone else\"\nevery = \"1 year\"\n\n[[refreshers]]\n")],
    },
    Case { name: "empty_build", edits: &[(BUILDS, "build = []\n")] },
    Case { name: "missing_build", edits: &[(BUILDS, "")] },
    Case { name: "empty_selection", edits: &[("levels = \"all\"\nbands = \"all\"", "levels = \"all\"\nbands = []")] },
    Case { name: "bad_language", edits: &[("language = \"en-GB\"", "language = \"english\"")] },
    Case {
        name: "many_mistakes",
        edits: &[
            ("published = 2024-01-15", "published = \"2024-01-15\""),
            ("name = \"Level one\"\n", "name = \"Level one\"\nnmae = \"Level one\"\n"),
            ("crosswalk = { group = \"1\" }", "crosswalk = { grp = \"1\" }"),
            ("name = \"Lead practitioner\"\nlevel = \"L2\"", "name = \"Lead practitioner\"\nlevel = \"L9\""),
            ("{ id = \"s2\"", "{ id = \"s.2\""),
            ("text = \"Leads the team.\"", "text = \"\""),
            ("bands = [\"older\"], additional_needs", "bands = [\"oldre\"], additional_needs"),
            ("kind = \"skill\"", "kind = \"skil\""),
            ("value = 2", "value = 1"),
            ("format = \"e-learning\"", "format = \"elearning\""),
            ("statements = [\"s1\"]", "statements = [\"s9\"]"),
            ("every = \"3 years\"", "every = \"3 yrs\""),
            ("roles = [\"lead\"]", "roles = [\"leed\"]"),
        ],
    },
];

/// The source text of the case called `name`.
pub fn case_source(name: &str) -> String {
    let case = CASES.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no case `{name}`"));
    let mut text = BASE.to_string();
    for (from, to) in case.edits {
        text = replace_once(&text, from, to);
    }
    text
}

/// Replaces the single occurrence of `from`; fails if it occurs 0 or 2+ times.
pub fn replace_once(text: &str, from: &str, to: &str) -> String {
    let n = text.matches(from).count();
    assert_eq!(n, 1, "`{from}` occurs {n} times; a case must name a unique snippet");
    text.replacen(from, to, 1)
}

/// The 1-based (line, column) of the `nth` (0-based) occurrence of `needle`
/// in `text`; the column counts characters, as the diagnostics do.
pub fn nth_pos(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let (offset, _) = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("`{needle}` occurs fewer than {} times", nth + 1));
    pos_of_offset(text, offset)
}

/// The 1-based (line, column) of the only occurrence of `needle`.
pub fn pos(text: &str, needle: &str) -> (usize, usize) {
    let n = text.matches(needle).count();
    assert_eq!(n, 1, "`{needle}` occurs {n} times; name a unique snippet");
    nth_pos(text, needle, 0)
}

/// The 1-based (line, column) of the only occurrence of `needle`, moved
/// `skip` characters to the right (to point inside a snippet).
pub fn pos_in(text: &str, needle: &str, skip: usize) -> (usize, usize) {
    let (line, col) = pos(text, needle);
    (line, col + skip)
}

pub fn pos_of_offset(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}
