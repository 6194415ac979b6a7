//! A role named by a job title, as staff lists have it: the `role` column
//! of an HR export says "Head teacher", not `group-6`. The title is the role
//! whose name or one of whose examples it is ("Head teachers" is one of the
//! London sample's `group-6` examples).
//!
//! The rule (written down for users in the README, "Personalised packs"):
//! the title and each candidate are split into words at anything that is
//! not a letter or digit, and match when they have the same words in the
//! same order, ignoring case, a word and its plural counting as the same
//! (`-s`, `-es`, `-y`/`-ies`: teacher/teachers, coach/coaches,
//! secretary/secretaries). The candidates of a role are its name and its
//! examples; an example with a part in brackets ("Designated safeguarding
//! leads (DSLs)") is also matched without that part and by that part alone
//! ("DSL"). Whole titles only, so "Teacher" is `group-3` ("Teachers") and
//! not `group-6` ("Head teachers").

use crate::model::Role;

/// A role a title matched, and by what.
#[derive(Clone, Copy, Debug)]
pub struct TitleMatch<'a> {
    pub role: &'a Role,
    /// The example the title is; none when it is the role's name.
    pub example: Option<&'a str>,
}

/// Every role `title` matches (the first of its candidates that does): none,
/// one, or several when the title is ambiguous.
pub fn matches<'a>(title: &str, roles: &'a [Role]) -> Vec<TitleMatch<'a>> {
    let title = words(title);
    if title.is_empty() {
        return Vec::new();
    }
    let same = |candidate: &str| {
        let candidate = words(candidate);
        candidate.len() == title.len() && candidate.iter().zip(&title).all(|(a, b)| same_word(a, b))
    };
    roles
        .iter()
        .filter_map(|role| {
            if same(&role.name) {
                return Some(TitleMatch { role, example: None });
            }
            let example = role.examples.iter().find(|e| forms(e).iter().any(|form| same(form)))?;
            Some(TitleMatch { role, example: Some(example) })
        })
        .collect()
}

/// Lowercase words, split at anything not a letter or digit.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// The same word, or one the plural of the other.
fn same_word(a: &str, b: &str) -> bool {
    a == b || plural_of(a, b) || plural_of(b, a)
}

fn plural_of(one: &str, many: &str) -> bool {
    let stem = |ending: &str| many.strip_suffix(ending);
    stem("s") == Some(one) || stem("es") == Some(one) || one.strip_suffix('y').is_some_and(|root| stem("ies") == Some(root))
}

/// An example as written, without its bracketed parts, and each bracketed
/// part alone: "Deputy DSLs (designated safeguarding leads)" is all three.
fn forms(example: &str) -> Vec<String> {
    let mut outside = String::new();
    let mut inside = vec![String::new()];
    let mut depth = 0usize;
    for c in example.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    inside.push(String::new());
                }
            }
            _ if depth > 0 => inside.last_mut().expect("starts with one part").push(c),
            _ => outside.push(c),
        }
    }
    let mut forms = vec![example.to_string()];
    forms.extend(std::iter::once(outside).chain(inside).filter(|f| !f.trim().is_empty() && f != example));
    forms
}

#[cfg(test)]
mod tests {
    use super::{forms, same_word};

    #[test]
    fn plurals_and_case_are_the_same_word() {
        for (a, b) in [("teacher", "teachers"), ("coach", "coaches"), ("secretary", "secretaries"), ("staff", "staff")] {
            assert!(same_word(a, b) && same_word(b, a), "{a} {b}");
        }
        for (a, b) in [("teacher", "teach"), ("head", "heads-up"), ("lead", "leader"), ("man", "men")] {
            assert!(!same_word(a, b), "{a} {b}");
        }
    }

    #[test]
    fn an_example_matches_with_and_without_its_brackets() {
        assert_eq!(
            forms("Designated safeguarding leads (DSLs)"),
            ["Designated safeguarding leads (DSLs)", "Designated safeguarding leads ", "DSLs"]
        );
        assert_eq!(forms("Head teachers"), ["Head teachers"]);
    }
}
