//! Text the renderers share: how dates and numbers read, and the guard against formula injection.

use chrono::{Datelike, NaiveDate};

use crate::Cell;

pub(crate) fn is_welsh(language: &str) -> bool {
    let primary = language.split(['-', '_']).next().unwrap_or_default();
    primary.eq_ignore_ascii_case("cy")
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_CY: [&str; 12] = [
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
];

/// "3 December 2026" / "3 Rhagfyr 2026", as GOV.UK writes dates.
pub(crate) fn long_date(d: NaiveDate, welsh: bool) -> String {
    let months = if welsh { &MONTHS_CY } else { &MONTHS_EN };
    let month = months.get(d.month0() as usize).copied().unwrap_or_default();
    format!("{} {} {}", d.day(), month, d.year())
}

/// A number for reading: thousands grouped with commas, at most two decimal places.
pub(crate) fn display_number(n: f64) -> String {
    let rounded = (n * 100.0).round() / 100.0;
    let plain = format!("{}", rounded.abs());
    let (int, frac) = match plain.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (plain.as_str(), None),
    };
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A cell as a person reads it (PDF).
pub(crate) fn display_cell(cell: &Cell, welsh: bool) -> String {
    match cell {
        Cell::Text(t) => t.clone(),
        Cell::Number(n) => display_number(*n),
        Cell::Date(d) => long_date(*d, welsh),
    }
}

/// Whether a spreadsheet would read this text as the start of a formula (CSV/formula injection):
/// it starts with `=`, `+`, `-`, `@`, a tab or a carriage return.
pub(crate) fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welsh_is_recognised_by_its_primary_subtag() {
        assert!(is_welsh("cy"));
        assert!(is_welsh("cy-GB"));
        assert!(!is_welsh("en-GB"));
        assert!(!is_welsh("cyr"));
    }

    #[test]
    fn dates_read_in_the_documents_language() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default();
        assert_eq!(long_date(d, false), "3 December 2026");
        assert_eq!(long_date(d, true), "3 Rhagfyr 2026");
    }

    #[test]
    fn numbers_are_grouped_and_rounded_for_reading() {
        assert_eq!(display_number(1234567.0), "1,234,567");
        assert_eq!(display_number(-1234.5), "-1,234.5");
        assert_eq!(display_number(0.125), "0.13");
        assert_eq!(display_number(12.0), "12");
    }

    #[test]
    fn formula_starters_are_recognised() {
        for hostile in ["=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(looks_like_formula(hostile), "{hostile:?}");
        }
        assert!(!looks_like_formula("Visit the child"));
        assert!(!looks_like_formula(""));
    }
}
