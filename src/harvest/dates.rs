//! Dates as people type them into a sign-off box: `2025-03-12` (what the
//! date pickers write), `12/03/2025` and `12.03.2025` (day first, as in
//! the UK), `12 March 2025`, `12 Mar 25`. Anything else stays text.

use crate::model::Date;

const MONTHS: [&str; 12] =
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/// The date `text` names, if it is one of the forms above.
pub fn parse(text: &str) -> Option<Date> {
    let text = text.trim();
    let parts: Vec<&str> = text.split(['-', '/', '.', ' ', ',', 'T']).filter(|p| !p.is_empty()).collect();
    let number = |s: &str| s.parse::<u16>().ok().filter(|_| s.bytes().all(|b| b.is_ascii_digit()));
    let month_name = |s: &str| {
        let s = s.to_lowercase();
        let s = if s == "sept" { "sep".to_string() } else { s };
        MONTHS.iter().position(|m| s.len() >= 3 && m.starts_with(s.as_str())).map(|i| i as u16 + 1)
    };
    let year = |s: &str| {
        number(s).and_then(|y| match s.len() {
            4 => Some(y),
            2 => Some(2000 + y),
            _ => None,
        })
    };
    let (y, m, d) = match parts.as_slice() {
        [y, m, d, ..] if y.len() == 4 => (number(y)?, number(m)?, number(d)?),
        [d, m, y, ..] => (year(y)?, number(m).or_else(|| month_name(m))?, number(d)?),
        _ => return None,
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (d >= 1 && d <= days && (1900..=2999).contains(&y)).then_some(Date { year: y, month: m as u8, day: d as u8 })
}

/// `date` moved on by `months` (the last day of the month when the day
/// does not exist there: 31 January + 1 month is 28 or 29 February).
pub fn add_months(date: Date, months: u32) -> Date {
    let total = u32::from(date.year) * 12 + u32::from(date.month) - 1 + months;
    let (year, month) = ((total / 12) as u16, (total % 12) as u8 + 1);
    let last = (28..=31).rev().find(|d| parse(&format!("{year:04}-{month:02}-{d:02}")).is_some()).unwrap_or(28);
    Date { year, month, day: date.day.min(last) }
}

#[cfg(test)]
mod tests {
    use super::*;

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
