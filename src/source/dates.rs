//! Dates written the way people write them ("1 December 2026",
//! "01/12/2026"), read so a message can show the `YYYY-MM-DD` form TOML
//! needs with the date the person meant.

use time::Month;

use crate::model::Date;

/// The date `text` most likely means, or `None` if it cannot be read
/// without guessing. Reads a day, a month (a number, or an English month
/// name or its first three letters, any case) and a four-digit year, in
/// any of the usual orders: "1 December 2026", "1st Dec 2026",
/// "December 1, 2026", "Tuesday 1 December 2026", "2026/12/01",
/// "01/12/2026" and "1.12.2026". Numbers alone are read day first, as in
/// the UK, unless the middle one cannot be a month ("12/31/2026").
pub fn read_loosely(text: &str) -> Option<Date> {
    let mut numbers = Vec::new();
    let mut month_name = None;
    for token in text.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()) {
        if let Some(number) = number(token) {
            numbers.push(number);
        } else if let Some(month) = month(token) {
            if month_name.replace(month).is_some() {
                return None;
            }
        } else if !is_weekday(token) {
            return None;
        }
    }
    let is_year = |(digits, _): &(usize, u32)| *digits == 4;
    let (year, month, day) = match (month_name, numbers.as_slice()) {
        (Some(month), [a, b]) if is_year(b) && !is_year(a) => (b.1, month, a.1),
        (Some(month), [a, b]) if is_year(a) && !is_year(b) => (a.1, month, b.1),
        (None, [y, m, d]) if is_year(y) => (y.1, month_number(m.1)?, d.1),
        (None, [d, m, y]) if is_year(y) && m.1 > 12 && d.1 <= 12 => (y.1, month_number(d.1)?, m.1),
        (None, [d, m, y]) if is_year(y) => (y.1, month_number(m.1)?, d.1),
        _ => return None,
    };
    let date = time::Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()?;
    Some(Date { year: u16::try_from(date.year()).ok()?, month: u8::from(date.month()), day: date.day() })
}

/// A number of up to four digits, with an ordinal ending allowed ("1st",
/// "22nd"): how many digits it has and its value.
fn number(token: &str) -> Option<(usize, u32)> {
    let digits = token.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let ending = token[digits.len()..].to_ascii_lowercase();
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !["", "st", "nd", "rd", "th"].contains(&ending.as_str()) {
        return None;
    }
    Some((digits.len(), digits.parse().ok()?))
}

/// The month named by `token`: its English name or the name's first
/// three (or more) letters, in any case.
fn month(token: &str) -> Option<Month> {
    let token = token.to_lowercase();
    let mut month = Month::January;
    for _ in 0..12 {
        let name = month.to_string().to_lowercase();
        if token.len() >= 3 && name.starts_with(&token) {
            return Some(month);
        }
        month = month.next();
    }
    None
}

fn month_number(n: u32) -> Option<Month> {
    Month::try_from(u8::try_from(n).ok()?).ok()
}

fn is_weekday(token: &str) -> bool {
    let token = token.to_lowercase();
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        .iter()
        .any(|day| token.len() >= 3 && day.starts_with(&token))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<String> {
        read_loosely(text).map(|d| d.to_string())
    }

    #[test]
    fn dates_as_people_write_them() {
        for (written, meant) in [
            ("1 December 2026", "2026-12-01"),
            ("1st Dec 2026", "2026-12-01"),
            ("December 1, 2026", "2026-12-01"),
            ("Tuesday 1 December 2026", "2026-12-01"),
            ("01/12/2026", "2026-12-01"),
            ("1.12.2026", "2026-12-01"),
            ("2026/12/01", "2026-12-01"),
            ("2026-12-1", "2026-12-01"),
            ("12/31/2026", "2026-12-31"),
            ("29 February 2028", "2028-02-29"),
            ("SEPT 3 2025", "2025-09-03"),
        ] {
            assert_eq!(read(written).as_deref(), Some(meant), "{written}");
        }
    }

    #[test]
    fn what_cannot_be_read_without_guessing_is_not() {
        for written in
            ["29 February 2027", "13/13/2026", "1 December", "01/12/26", "1 Dec Jan 2026", "soon", "2026", "1 Decembre 2026", "32/1/2026"]
        {
            assert_eq!(read(written), None, "{written}");
        }
    }
}
