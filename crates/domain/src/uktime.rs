//! UK local time. Practitioners enter and read times on the clock on the wall (GMT in winter,
//! BST in summer); haven stores UTC. The two clock changes make some local times ambiguous
//! (01:30 on the last Sunday of October happens twice) and some impossible (01:30 on the last
//! Sunday of March never happens): both are handled explicitly here, never guessed silently.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::London;
use chrono_tz::Tz;

/// The date in the UK at an instant: what "today" means to a practitioner.
pub fn uk_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&London).date_naive()
}

/// An instant shown in UK local time.
pub fn to_uk(at: DateTime<Utc>) -> DateTime<Tz> {
    at.with_timezone(&London)
}

/// `23/11/2026 03:15` style, as practitioners write it.
pub fn format_uk(at: DateTime<Utc>) -> String {
    to_uk(at).format("%d/%m/%Y %H:%M").to_string()
}

/// Parses a UK local date (`YYYY-MM-DD`) and time (`HH:MM`) into UTC. In the repeated hour of
/// October the earlier (BST) instant is taken, as a practitioner recording an event "at 01:30"
/// that night almost always means the first; a time in the skipped hour of March is refused
/// with `time-skipped-by-clock-change`.
pub fn parse_uk(date: &str, time: &str) -> Result<DateTime<Utc>, &'static str> {
    let date = date.trim();
    let time = time.trim();
    if date.is_empty() || time.is_empty() {
        return Err("required");
    }
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| "date-format")?;
    let t = NaiveTime::parse_from_str(time, "%H:%M").map_err(|_| "time-format")?;
    from_uk_naive(NaiveDateTime::new(d, t))
}

pub fn from_uk_naive(local: NaiveDateTime) -> Result<DateTime<Utc>, &'static str> {
    match London.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(earlier, _) => Ok(earlier.with_timezone(&Utc)),
        LocalResult::None => Err("time-skipped-by-clock-change"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn winter_times_are_gmt_and_summer_times_bst() {
        assert_eq!(parse_uk("2026-01-10", "03:15").map(|t| t.to_rfc3339()), Ok("2026-01-10T03:15:00+00:00".into()));
        assert_eq!(parse_uk("2026-07-10", "03:15").map(|t| t.to_rfc3339()), Ok("2026-07-10T02:15:00+00:00".into()));
    }

    #[test]
    fn the_skipped_hour_in_march_is_refused_and_the_repeated_hour_in_october_takes_the_first() {
        // 2026: clocks go forward on 29 March, back on 25 October.
        assert_eq!(parse_uk("2026-03-29", "01:30"), Err("time-skipped-by-clock-change"));
        assert_eq!(parse_uk("2026-10-25", "01:30").map(|t| t.to_rfc3339()), Ok("2026-10-25T00:30:00+00:00".into()));
    }

    #[test]
    fn shown_times_follow_the_clock_change() {
        let summer = DateTime::parse_from_rfc3339("2026-10-24T23:30:00Z").unwrap().with_timezone(&Utc);
        let winter = DateTime::parse_from_rfc3339("2026-10-26T23:30:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(format_uk(summer), "25/10/2026 00:30");
        assert_eq!(format_uk(winter), "26/10/2026 23:30");
        assert_eq!(uk_date(summer), NaiveDate::from_ymd_opt(2026, 10, 25).unwrap());
    }

    #[test]
    fn malformed_values_name_their_problem() {
        assert_eq!(parse_uk("", "03:00"), Err("required"));
        assert_eq!(parse_uk("10/01/2026", "03:00"), Err("date-format"));
        assert_eq!(parse_uk("2026-01-10", "25:00"), Err("time-format"));
    }
}
