//! The range a board asks figures for: two UK dates, both included, checked once at the edge.

use crate::error::Invalid;
use crate::uktime::from_uk_naive;
use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

/// The longest range one request may cover.
pub const MAX_YEARS: u32 = 10;

/// A range of UK dates, `from` and `to` both included. Built only by [`Period::parse`] or
/// [`Period::new`], so it is never backwards and never longer than [`MAX_YEARS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// One calendar month of a period, cut to the period at either end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Month {
    /// `2026-03`.
    pub label: MonthLabel,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct MonthLabel {
    pub year: i32,
    pub month: u32,
}

impl std::fmt::Display for MonthLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

fn date(raw: &str) -> Result<NaiveDate, &'static str> {
    match raw.trim() {
        "" => Err("required"),
        s => NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| "date-format"),
    }
}

impl Period {
    /// A checked period: `to` not before `from` (`to: before-from`), at most ten years
    /// (`to: range-too-long`), and not ending after `today` (`to: date-in-future`), so that figures
    /// never stand for days that have not happened.
    pub fn new(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Result<Self, Invalid> {
        let mut e = Invalid::default();
        if to < from {
            e.push("to", "before-from");
        } else if from.checked_add_months(Months::new(12 * MAX_YEARS)).is_none_or(|limit| to >= limit) {
            e.push("to", "range-too-long");
        } else if to > today {
            e.push("to", "date-in-future");
        }
        e.into_result().map(|()| Self { from, to })
    }

    /// Parses `YYYY-MM-DD` dates as typed, every problem named by field.
    pub fn parse(from: &str, to: &str, today: NaiveDate) -> Result<Self, Invalid> {
        let mut e = Invalid::default();
        let from = e.check("from", date(from));
        let to = e.check("to", date(to));
        e.into_result()?;
        match (from, to) {
            (Some(from), Some(to)) => Self::new(from, to, today),
            _ => Err(Invalid::one("from", "required")),
        }
    }

    /// Days covered, both ends included.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The period of the same length that ends the day before this one starts: the trend's
    /// comparison.
    pub fn previous(&self) -> Self {
        let to = self.from - Duration::days(1);
        Self { from: to - Duration::days(self.days() - 1), to }
    }

    /// The seven days that end on `to`: the weekly scrutiny's week.
    pub fn week_to(to: NaiveDate) -> Self {
        Self { from: to - Duration::days(6), to }
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// Whether an instant falls in the period by its UK date.
    pub fn holds(&self, at: DateTime<Utc>) -> bool {
        self.contains(crate::uktime::uk_date(at))
    }

    /// The first instant of the period (UK midnight of `from`).
    pub fn start(&self) -> DateTime<Utc> {
        uk_midnight(self.from)
    }

    /// The first instant after the period (UK midnight after `to`).
    pub fn end(&self) -> DateTime<Utc> {
        uk_midnight(self.to + Duration::days(1))
    }

    /// The calendar months the period touches, each cut to the period.
    pub fn months(&self) -> Vec<Month> {
        let mut out = Vec::new();
        let mut start = self.from;
        while start <= self.to {
            let first_next = NaiveDate::from_ymd_opt(start.year(), start.month(), 1)
                .and_then(|d| d.checked_add_months(Months::new(1)))
                .unwrap_or(NaiveDate::MAX);
            let end = (first_next - Duration::days(1)).min(self.to);
            out.push(Month { label: MonthLabel { year: start.year(), month: start.month() }, from: start, to: end });
            start = first_next;
        }
        out
    }
}

/// UK midnight at the start of `d` (midnight is never skipped by the UK's clock changes).
pub fn uk_midnight(d: NaiveDate) -> DateTime<Utc> {
    from_uk_naive(d.and_time(NaiveTime::MIN)).unwrap_or_else(|_| d.and_time(NaiveTime::MIN).and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    const TODAY: &str = "2026-12-03";

    fn codes(r: Result<Period, Invalid>) -> Vec<(String, &'static str)> {
        r.unwrap_err().0.into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn bad_ranges_are_named_by_field() {
        let today = d(TODAY);
        assert_eq!(codes(Period::parse("", "2026-01-01", today)), vec![("from".into(), "required")]);
        assert_eq!(
            codes(Period::parse("2026-13-01", "x", today)),
            vec![("from".into(), "date-format"), ("to".into(), "date-format")]
        );
        assert_eq!(codes(Period::parse("2026-03-01", "2026-02-28", today)), vec![("to".into(), "before-from")]);
        assert_eq!(codes(Period::parse("2016-03-01", "2026-03-01", today)), vec![("to".into(), "range-too-long")]);
        assert_eq!(codes(Period::parse("2026-11-01", "2026-12-04", today)), vec![("to".into(), "date-in-future")]);
        // Ten years less a day is allowed; one day is allowed.
        assert!(Period::parse("2016-03-01", "2026-02-28", today).is_ok());
        assert_eq!(Period::parse("2026-03-01", "2026-03-01", today).unwrap().days(), 1);
    }

    #[test]
    fn the_previous_period_is_as_long_and_ends_the_day_before() {
        let p = Period::parse("2026-03-01", "2026-03-31", d(TODAY)).unwrap();
        assert_eq!(p.previous(), Period { from: d("2026-01-29"), to: d("2026-02-28") });
        assert_eq!(p.previous().days(), 31);
    }

    #[test]
    fn months_are_cut_to_the_period_and_instants_fall_by_uk_date() {
        let p = Period { from: d("2026-01-15"), to: d("2026-03-10") };
        let labels: Vec<String> = p.months().iter().map(|m| m.label.to_string()).collect();
        assert_eq!(labels, ["2026-01", "2026-02", "2026-03"]);
        assert_eq!((p.months()[0].from, p.months()[2].to), (d("2026-01-15"), d("2026-03-10")));
        // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
        let summer = Period { from: d("2026-07-01"), to: d("2026-07-31") };
        assert!(summer.holds("2026-06-30T23:30:00Z".parse().unwrap()));
        assert_eq!(summer.start(), "2026-06-30T23:00:00Z".parse::<DateTime<Utc>>().unwrap());
    }
}
