//! The parts of a text a translation must keep as they are: minijinja's
//! `{{ … }}` and `{% … %}` in wording entries (a renamed variable would
//! fail the build, or print nothing where a statement's id belongs) and
//! the `<em>`/`<strong>` tags that carry a narrative's emphasis. Their
//! order may change, as word order does between languages; their set not.

/// The placeholders and tags of `text`, sorted, with the white space
/// inside `{{ … }}` made uniform (`{{name}}` and `{{ name }}` are the same
/// placeholder to minijinja, and to a translator).
pub fn of(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(['{', '<']) {
        let tail = &rest[start..];
        let taken = template_tag(tail).or_else(|| emphasis_tag(tail));
        match taken {
            Some((placeholder, len)) => {
                found.push(placeholder);
                rest = &tail[len..];
            }
            None => rest = &tail[1..],
        }
    }
    found.sort();
    found
}

/// `{{ … }}` or `{% … %}` at the start of `text`, and its length.
fn template_tag(text: &str) -> Option<(String, usize)> {
    let close = match text.get(..2)? {
        "{{" => "}}",
        "{%" => "%}",
        _ => return None,
    };
    let end = text[2..].find(close)? + 2;
    let inner = text[2..end].trim_matches(['-', '+']).split_whitespace().collect::<Vec<_>>().join(" ");
    Some((format!("{} {} {close}", &text[..2], without_words(&inner)), end + 2))
}

/// `tag` with the text of its string literals left out: they are words the
/// template prints (`andlist("and")`, `join(", ")`), which a translation
/// changes (`andlist("a")`), not names it must keep.
fn without_words(tag: &str) -> String {
    let mut out = String::new();
    let mut quote = None;
    for c in tag.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                out.push(c);
            }
            Some(_) => {}
            None => {
                if c == '"' || c == '\'' {
                    quote = Some(c);
                }
                out.push(c);
            }
        }
    }
    out
}

/// An emphasis tag at the start of `text`, and its length.
fn emphasis_tag(text: &str) -> Option<(String, usize)> {
    ["<em>", "</em>", "<strong>", "</strong>"].iter().find(|tag| text.starts_with(**tag)).map(|tag| (tag.to_string(), tag.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_in_any_order_and_spacing() {
        assert_eq!(of("Sgôr {{statement}} a {{ column }}"), of("{{ column }}: {{ statement }}"));
        assert_ne!(of("Rating {{ statement }}"), of("Sgôr {{ datganiad }}"));
        assert_eq!(of("{% if full %}a <em>b</em>{% endif %}"), vec!["</em>", "<em>", "{% endif %}", "{% if full %}"]);
        assert!(of("a { b } < c").is_empty());
        assert_eq!(of("{{ names | andlist(\"a\") }}"), of("{{ names | andlist(\"and\") }}"));
        assert_ne!(of("{{ names | andlist(\"a\") }}"), of("{{ enwau | andlist(\"and\") }}"));
    }
}
