//! Backslash escapes in double-quoted strings, as C wrote them and the
//! text formats framewright writes borrowed them: TOML (a draft source,
//! the translations files) and gettext PO. The quote, the backslash and
//! the three white-space controls are written alike; the formats differ
//! only in how they write any other control character, which the caller
//! says.

/// Appends `s` to `out` escaped: `\"`, `\\`, `\n`, `\t`, `\r`, and
/// `control` for every other control character.
pub fn backslashed(out: &mut String, s: &str, control: fn(&mut String, char)) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => control(out, c),
            c => out.push(c),
        }
    }
}
