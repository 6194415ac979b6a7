//! What the plan asks of a source before it can make its packs: a
//! file-name pattern that works, statement ids that cannot be mistaken for
//! the other field keys, and packs that are neither built twice, nor empty,
//! nor written to one file. The source loader runs these checks (it is given
//! [`check`]), so every mistake of a source is still reported in one run.

use std::collections::HashMap;
use std::ops::Range;

use super::field::RESERVED_IDS;
use super::{assessed_statements, expand, naming};
use crate::model::Framework;
use crate::source::{Diagnostic, Diagnostics};

/// Reports what stops the plan from making the packs of `fw`, a source
/// that is otherwise valid.
pub fn check(fw: &Framework, d: &mut Diagnostics) {
    if let Err(problem) = naming::check_pattern(&fw.packs.file_name) {
        d.push(
            Diagnostic::error(fw.packs.file_name.span.clone(), "the file-name pattern does not work")
                .with_label(problem)
                .with_help("use variables such as {{ framework }}, {{ pack }}, {{ band }}, {{ version }}"),
        );
    }
    for s in fw.statements().filter(|s| RESERVED_IDS.contains(&s.id.value.as_str())) {
        d.push(
            Diagnostic::error(s.id.span.clone(), format!("`{}` cannot be a statement id", s.id.value))
                .with_label("a form field of every pack starts with this word")
                .with_help(format!("choose another id; {} are taken", RESERVED_IDS.join(" and "))),
        );
    }
    if !d.has_errors() {
        check_packs(fw, d);
    }
}

/// Reports duplicate packs and packs that would hold no statements.
fn check_packs(fw: &Framework, d: &mut Diagnostics) {
    let specs = expand(fw);
    let mut seen: HashMap<&str, Range<usize>> = HashMap::new();
    // File stems compared without case: on Windows and macOS `level-E` and
    // `level-e` are the same file.
    let mut stems: HashMap<String, &str> = HashMap::new();
    for spec in &specs {
        if let Some(first) = seen.insert(&spec.id, spec.span.clone()) {
            d.push(
                Diagnostic::error(spec.span.clone(), format!("pack `{}` is built twice", spec.id))
                    .with_related(first, "first built by this entry")
                    .with_help("remove the repeated level, role or band from one of the entries"),
            );
        }
        if assessed_statements(fw, spec).next().is_none() {
            d.push(
                Diagnostic::error(spec.span.clone(), format!("pack `{}` would be empty", spec.id))
                    .with_label(format!("no statements for {}", spec.describe(fw)))
                    .with_help("add statements for this level and band, leave this combination out of [[packs.build]], or (for a cumulative level) set `assess_assumed = true` to self-assess what it assumes"),
            );
        }
        match naming::file_stem(fw, spec) {
            Ok(stem) => match stems.get(&stem.to_lowercase()) {
                Some(other) if *other != spec.id => d.push(
                    Diagnostic::error(
                        fw.packs.file_name.span.clone(),
                        format!("packs `{other}` and `{}` would both be written to `{stem}`", spec.id),
                    )
                    .with_label("this pattern gives two packs the same file name")
                    .with_help("put {{ pack }} (or every variable that tells the packs apart) into `file_name`"),
                ),
                Some(_) => {}
                None => {
                    stems.insert(stem.to_lowercase(), &spec.id);
                }
            },
            Err(problem) => d.push(
                Diagnostic::error(fw.packs.file_name.span.clone(), format!("the file name of pack `{}` cannot be made", spec.id))
                    .with_label(problem),
            ),
        }
    }
}
