//! Dates as people write them, the one place framewright reads them:
//! in a source ("1 December 2026", "01/12/2026", read by [`read_loosely`]
//! so a message can show the `YYYY-MM-DD` form TOML needs with the date the
//! person meant) and in a returned form's sign-off box (read by [`parse`]).
//! Both know the months by their English names and the first three (or
//! more) letters of them.

use time::Month;

use super::Date;

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
    calendar(year, month, day)
}

/// The date typed into a sign-off box, if it is one of the forms date
/// pickers and people write there: `2025-03-12` (with a time after it or
/// not), `12/03/2025` and `12.03.2025` (day first, as in the UK),
/// `12 March 2025`, `12 Mar 25` (a two-digit year is this century's), a
/// year from 1900 to 2999. Anything else stays text. Stricter than
/// [`read_loosely`] about order (no month-first guess), looser about the
/// year, as forms are.
pub fn parse(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text.trim().split(['-', '/', '.', ' ', ',', 'T']).filter(|p| !p.is_empty()).collect();
    let digits = |s: &str| s.parse::<u32>().ok().filter(|_| s.bytes().all(|b| b.is_ascii_digit()));
    let year = |s: &str| {
        digits(s).and_then(|y| match s.len() {
            4 => Some(y),
            2 => Some(2000 + y),
            _ => None,
        })
    };
    let (y, m, d) = match parts.as_slice() {
        [y, m, d, ..] if y.len() == 4 => (digits(y)?, month_number(digits(m)?)?, digits(d)?),
        [d, m, y, ..] => (year(y)?, digits(m).map_or_else(|| month(m), month_number)?, digits(d)?),
        _ => return None,
    };
    if !(1900..=2999).contains(&y) {
        return None;
    }
    calendar(y, m, d)
}

/// `date` moved on by `months` (the last day of the month when the day
/// does not exist there: 31 January + 1 month is 28 or 29 February).
pub fn add_months(date: Date, months: u32) -> Date {
    let total = u32::from(date.year) * 12 + u32::from(date.month) - 1 + months;
    let (year, month) = ((total / 12) as u16, (total % 12) as u8 + 1);
    let last = Month::try_from(month).map_or(28, |m| time::util::days_in_month(m, i32::from(year)));
    Date { year, month, day: date.day.min(last) }
}

/// The date of that day, if the calendar has it.
fn calendar(year: u32, month: Month, day: u32) -> Option<Date> {
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

    fn d(y: u16, m: u8, day: u8) -> Option<Date> {
        Some(Date { year: y, month: m, day })
    }

    #[test]
    fn typed_dates() {
        assert_eq!(parse("2025-03-12"), d(2025, 3, 12));
        assert_eq!(parse("2025-03-12T00:00:00Z"), d(2025, 3, 12));
        assert_eq!(parse("12/03/2025"), d(2025, 3, 12));
        assert_eq!(parse(" 1.2.2024 "), d(2024, 2, 1));
        assert_eq!(parse("12 March 2025"), d(2025, 3, 12));
        assert_eq!(parse("12 Mar 25"), d(2025, 3, 12));
        assert_eq!(parse("29/02/2024"), d(2024, 2, 29));
        for bad in ["", "soon", "29/02/2023", "12/13/2025", "2025-3", "12 Marsh 2025", "32/01/2025"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn months_added() {
        assert_eq!(Some(add_months(Date { year: 2024, month: 1, day: 31 }, 1)), d(2024, 2, 29));
        assert_eq!(Some(add_months(Date { year: 2024, month: 11, day: 5 }, 36)), d(2027, 11, 5));
    }
}
