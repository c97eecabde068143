//! An area's child population, for rates: the children aged 0–17 who live there, in all and by
//! sex, by age band and by ethnic group (the same groups as the figures' own breakdowns), with
//! where the numbers come from ("ONS mid-2024 estimates") and the date they are as of.
//!
//! Where an area has one, the figures of children by sex, age band and ethnic group, and the
//! markers by age band, carry the population of each part and a rate per 1,000 children of that
//! group ([`super::compute`]); where it has none, no rate is made up. A part the population does
//! not describe (sex not known, 18 and over, age or ethnicity not known or not stated) has no rate.
//!
//! The population is set as typed ([`Population::parse`]): each group's count by its name
//! (`total`, `sex.female`, `age.13_to_15`, `ethnicity.white`), every problem named by that name.

use crate::Invalid;
use crate::ids::{AreaId, UserId};
use crate::priority::bias::AgeBand;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The largest count accepted for one group: far above any area's children (the largest
/// council in England has fewer than 300,000), so a typing slip of a few extra digits is caught.
pub const MAX_COUNT: u64 = 5_000_000;

/// The longest source accepted.
pub const MAX_SOURCE: usize = 200;

/// The breakdowns a population is given by: each the same groups as one of the figures'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Sex,
    Age,
    Ethnicity,
}

impl Dimension {
    pub const ALL: &'static [Dimension] = &[Dimension::Sex, Dimension::Age, Dimension::Ethnicity];

    pub fn code(self) -> &'static str {
        match self {
            Dimension::Sex => "sex",
            Dimension::Age => "age",
            Dimension::Ethnicity => "ethnicity",
        }
    }

    /// The groups a population gives for this breakdown: the figures' parts less those that
    /// describe no child of a population estimate (sex not known, 18 and over, not known, not
    /// stated).
    pub fn keys(self) -> Vec<&'static str> {
        match self {
            Dimension::Sex => super::compute::SEXES.iter().copied().filter(|k| *k != "unknown").collect(),
            Dimension::Age => AgeBand::ALL
                .iter()
                .filter(|a| !matches!(a, AgeBand::Adult | AgeBand::NotKnown))
                .map(|a| a.code())
                .collect(),
            Dimension::Ethnicity => {
                super::compute::ETHNIC_GROUPS.iter().copied().filter(|k| *k != "not_stated").collect()
            }
        }
    }

    /// The breakdown a figure's parts are taken against, for the figures that have rates.
    pub fn of_figure(id: &str) -> Option<Self> {
        match id {
            "children-by-sex" => Some(Dimension::Sex),
            "children-by-age" | "markers-by-age" => Some(Dimension::Age),
            "children-by-ethnicity" => Some(Dimension::Ethnicity),
            _ => None,
        }
    }
}

/// An area's children aged 0–17: in all, and by group where given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Population {
    /// Where the numbers come from: "ONS mid-2024 population estimates".
    pub source: String,
    /// The date they are as of (30 June for the ONS's mid-year estimates).
    pub as_of: NaiveDate,
    /// Every child aged 0–17.
    pub total: u64,
    /// By group of each breakdown ([`Dimension::keys`]); a group left out has no rate.
    #[serde(default)]
    pub sex: BTreeMap<String, u64>,
    #[serde(default)]
    pub age: BTreeMap<String, u64>,
    #[serde(default)]
    pub ethnicity: BTreeMap<String, u64>,
}

/// The name of the total among the counts as typed.
pub const TOTAL: &str = "total";

impl Population {
    /// The groups of one breakdown.
    pub fn groups(&self, d: Dimension) -> &BTreeMap<String, u64> {
        match d {
            Dimension::Sex => &self.sex,
            Dimension::Age => &self.age,
            Dimension::Ethnicity => &self.ethnicity,
        }
    }

    fn groups_mut(&mut self, d: Dimension) -> &mut BTreeMap<String, u64> {
        match d {
            Dimension::Sex => &mut self.sex,
            Dimension::Age => &mut self.age,
            Dimension::Ethnicity => &mut self.ethnicity,
        }
    }

    /// The children of group `key` of breakdown `d`, where given.
    pub fn of(&self, d: Dimension, key: &str) -> Option<u64> {
        self.groups(d).get(key).copied()
    }

    /// Every count by its name (`total` first, then `sex.female`…), in the order of the groups:
    /// what the command line's file and the API's body hold.
    pub fn counts(&self) -> Vec<(String, u64)> {
        let mut out = vec![(TOTAL.to_owned(), self.total)];
        for d in Dimension::ALL {
            for k in d.keys() {
                if let Some(n) = self.of(*d, k) {
                    out.push((format!("{}.{k}", d.code()), n));
                }
            }
        }
        out
    }

    /// A population as typed: its source, the date it is as of (`YYYY-MM-DD`, not after
    /// `today`), and each count by its name. Refused, every problem named by its field:
    /// - `source`: `required`, `too-long`, `control-characters`; `as_of`: `required`,
    ///   `date-format`, `date-in-future`;
    /// - a count: `number-format` (not a number), `whole-number`, `negative`, `too-large` (over
    ///   [`MAX_COUNT`]), `duplicate` (named twice); `total: required` or `out-of-range` (zero);
    /// - a name that is no group (`sex.nonbinary`, `age.18_and_over`, `households`):
    ///   `unknown-code`;
    /// - a group larger than the total, or a breakdown whose groups add up to more than it
    ///   (`sex`, `age`, `ethnicity`): `more-than-total`.
    pub fn parse(source: &str, as_of: &str, today: NaiveDate, counts: &[(String, String)]) -> Result<Self, Invalid> {
        let mut e = Invalid::default();
        let source = e.check("source", crate::text::clean(source, MAX_SOURCE, false));
        let as_of = e.check(
            "as_of",
            match as_of.trim() {
                "" => Err("required"),
                raw => NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                    .map_err(|_| "date-format")
                    .and_then(|d| if d > today { Err("date-in-future") } else { Ok(d) }),
            },
        );
        let mut p = Population {
            source: String::new(),
            as_of: NaiveDate::MIN,
            total: 0,
            sex: BTreeMap::new(),
            age: BTreeMap::new(),
            ethnicity: BTreeMap::new(),
        };
        let mut total = None;
        let mut seen: Vec<&str> = Vec::new();
        for (name, raw) in counts {
            let name = name.trim();
            let place = if name == TOTAL {
                None
            } else {
                let found = name.split_once('.').and_then(|(d, k)| {
                    let d = *Dimension::ALL.iter().find(|x| x.code() == d)?;
                    d.keys().contains(&k).then_some((d, k))
                });
                let Some(found) = found else {
                    e.push(name, "unknown-code");
                    continue;
                };
                Some(found)
            };
            if seen.contains(&name) {
                e.push(name, "duplicate");
                continue;
            }
            seen.push(name);
            let Some(n) = e.check(name, count(raw)) else { continue };
            match place {
                None => total = Some(n),
                Some((d, k)) => {
                    p.groups_mut(d).insert(k.to_owned(), n);
                }
            }
        }
        match total {
            Some(0) => e.push(TOTAL, "out-of-range"),
            Some(t) => {
                p.total = t;
                for d in Dimension::ALL {
                    let groups = p.groups(*d);
                    for (k, n) in groups {
                        if *n > t {
                            e.push(format!("{}.{k}", d.code()), "more-than-total");
                        }
                    }
                    if groups.values().all(|n| *n <= t) && groups.values().sum::<u64>() > t {
                        e.push(d.code(), "more-than-total");
                    }
                }
            }
            None if !seen.contains(&TOTAL) => e.push(TOTAL, "required"),
            None => {}
        }
        e.into_result()?;
        match (source, as_of) {
            (Some(source), Some(as_of)) => Ok(Population { source, as_of, ..p }),
            _ => Err(Invalid::one("source", "required")),
        }
    }

    /// Per 1,000 children of `population`, to one decimal place; none over no children.
    pub fn rate(count: u64, population: u64) -> Option<f64> {
        #[expect(clippy::cast_precision_loss, reason = "counts of children are far below 2^52")]
        let r = (population > 0).then(|| count as f64 * 1000.0 / population as f64);
        r.map(|x| (x * 10.0).round() / 10.0)
    }
}

/// A count as typed: a whole number from 0 to [`MAX_COUNT`] (thousands separators allowed:
/// `61,234`).
fn count(raw: &str) -> Result<u64, &'static str> {
    let s: String = raw.trim().chars().filter(|c| *c != ',' && *c != '_').collect();
    if s.is_empty() {
        return Err("required");
    }
    if let Ok(n) = s.parse::<u64>() {
        return if n > MAX_COUNT { Err("too-large") } else { Ok(n) };
    }
    if s.parse::<i64>().is_ok() {
        return Err("negative");
    }
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x < 0.0 => Err("negative"),
        Ok(x) if x.is_finite() && x > 0.0 && x.fract() == 0.0 => Err("too-large"),
        Ok(x) if x.is_finite() => Err("whole-number"),
        _ => Err("number-format"),
    }
}

/// One saved version of an area's population: versions are only ever added, the newest is
/// the one the figures use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PopulationVersion {
    pub area_id: AreaId,
    pub number: i64,
    pub saved_at: DateTime<Utc>,
    pub saved_by: Option<UserId>,
    /// Who saved it as shown: a username, or `cli`.
    pub saved_by_label: String,
    pub population: Population,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    fn rows(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
    }

    fn problems(r: Result<Population, Invalid>) -> Vec<(String, &'static str)> {
        r.err().map(|e| e.0.into_iter().map(|p| (p.field, p.code)).collect()).unwrap_or_default()
    }

    #[test]
    fn a_population_is_read_by_group() {
        let p = Population::parse(
            "ONS mid-2024 estimates",
            "2024-06-30",
            today(),
            &rows(&[
                ("total", "61,234"),
                ("sex.female", "29800"),
                ("sex.male", "31434"),
                ("age.13_to_15", "10000"),
                ("ethnicity.white", "50000"),
            ]),
        )
        .unwrap();
        assert_eq!(p.total, 61_234);
        assert_eq!(p.of(Dimension::Sex, "female"), Some(29_800));
        assert_eq!(p.of(Dimension::Age, "13_to_15"), Some(10_000));
        assert_eq!(p.of(Dimension::Age, "under_10"), None);
        assert_eq!(p.as_of, NaiveDate::from_ymd_opt(2024, 6, 30).unwrap());
        assert_eq!(p.counts()[0], ("total".to_owned(), 61_234));
        assert_eq!(p.counts().len(), 5);
    }

    #[test]
    fn bad_counts_are_refused_by_field() {
        let got = problems(Population::parse(
            "",
            "30/06/2024",
            today(),
            &rows(&[
                ("total", "1000"),
                ("sex.female", "-3"),
                ("sex.male", "many"),
                ("age.under_10", "2.5"),
                ("age.10_to_12", "99999999"),
                ("age.18_and_over", "10"),
                ("sex.unknown", "1"),
                ("households", "400"),
                ("ethnicity.white", "1001"),
                ("ethnicity.white", "5"),
            ]),
        ));
        let want = [
            ("source", "required"),
            ("as_of", "date-format"),
            ("sex.female", "negative"),
            ("sex.male", "number-format"),
            ("age.under_10", "whole-number"),
            ("age.10_to_12", "too-large"),
            ("age.18_and_over", "unknown-code"),
            ("sex.unknown", "unknown-code"),
            ("households", "unknown-code"),
            ("ethnicity.white", "duplicate"),
            ("ethnicity.white", "more-than-total"),
        ];
        let want: Vec<(String, &str)> = want.iter().map(|(f, c)| ((*f).to_owned(), *c)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn groups_adding_up_to_more_than_the_total_are_refused() {
        let got = problems(Population::parse(
            "ONS",
            "2024-06-30",
            today(),
            &rows(&[("total", "100"), ("sex.female", "60"), ("sex.male", "41"), ("age.under_10", "100")]),
        ));
        assert_eq!(got, [("sex".to_owned(), "more-than-total")]);
        let got = problems(Population::parse("ONS", "2024-06-30", today(), &rows(&[("sex.female", "60")])));
        assert_eq!(got, [("total".to_owned(), "required")]);
        let got = problems(Population::parse("ONS", "2027-01-01", today(), &rows(&[("total", "0")])));
        assert_eq!(got, [("as_of".to_owned(), "date-in-future"), ("total".to_owned(), "out-of-range")]);
    }

    #[test]
    fn a_rate_is_per_thousand_to_one_place() {
        assert_eq!(Population::rate(3, 2000), Some(1.5));
        assert_eq!(Population::rate(1, 3000), Some(0.3));
        assert_eq!(Population::rate(0, 10), Some(0.0));
        assert_eq!(Population::rate(4, 0), None);
    }
}
