//! The date a build stamps into its files: `SOURCE_DATE_EPOCH` when set
//! (reproducible-builds.org), else the framework's publication date, never
//! the clock, so the same input always gives the same bytes.

use typst::foundations::Datetime;

use crate::model::Framework;

pub fn build_date(fw: &Framework) -> Datetime {
    let from_env = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok()).and_then(from_epoch);
    from_env.unwrap_or_else(|| {
        let p = fw.framework.published;
        Datetime::from_ymd_hms(i32::from(p.year), p.month, p.day, 0, 0, 0).unwrap_or_else(epoch)
    })
}

fn epoch() -> Datetime {
    Datetime::from_ymd_hms(1970, 1, 1, 0, 0, 0).expect("1970-01-01 is a date")
}

/// Seconds since 1970 (UTC) to a date and time.
fn from_epoch(seconds: i64) -> Option<Datetime> {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    Datetime::from_ymd_hms(
        i32::try_from(y).ok()?,
        m,
        d,
        (secs / 3600) as u8,
        (secs % 3600 / 60) as u8,
        (secs % 60) as u8,
    )
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
fn civil_from_days(z: i64) -> (i64, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn converts_known_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
