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
    let t = time::OffsetDateTime::from_unix_timestamp(seconds).ok()?;
    Datetime::from_ymd_hms(t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute(), t.second())
}

#[cfg(test)]
mod tests {
    use super::from_epoch;

    #[test]
    fn converts_known_times() {
        let ymd = |s: i64| from_epoch(s).map(|d| (d.year(), d.month(), d.day(), d.hour()));
        assert_eq!(ymd(0), Some((Some(1970), Some(1), Some(1), Some(0))));
        assert_eq!(ymd(1_704_067_200 + 3 * 3600), Some((Some(2024), Some(1), Some(1), Some(3))));
        assert_eq!(ymd(951_782_400), Some((Some(2000), Some(2), Some(29), Some(0))));
        assert_eq!(ymd(-86_400), Some((Some(1969), Some(12), Some(31), Some(0))));
    }
}
