//! Information-sharing agreements (in Wales, WASPI information sharing protocols): which
//! agencies share their records of people with which, and for how long.

use crate::ids::{AgencyId, AgreementId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An agreement among several agencies: each member may see the people the other members hold
/// records of, while the agreement is in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub id: AgreementId,
    pub name: String,
    pub purpose: String,
    pub members: Vec<AgencyId>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

impl Agreement {
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.starts_on <= day && self.ends_on.is_none_or(|end| day <= end)
    }

    pub fn check_dates(starts_on: NaiveDate, ends_on: Option<NaiveDate>) -> Result<(), &'static str> {
        match ends_on {
            Some(end) if end < starts_on => Err("ends-before-start"),
            _ => Ok(()),
        }
    }
}

/// The agencies whose records of people `agency` may see on `day`: itself, and every member of
/// an agreement in force that it belongs to. Sorted and without repeats, so a store can use it
/// directly as a filter.
pub fn partners(agency: AgencyId, agreements: &[Agreement], day: NaiveDate) -> Vec<AgencyId> {
    let mut out: Vec<AgencyId> = agreements
        .iter()
        .filter(|a| a.in_force_on(day) && a.members.contains(&agency))
        .flat_map(|a| a.members.iter().copied())
        .chain(std::iter::once(agency))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn partners_come_only_from_agreements_in_force_that_include_the_agency() {
        let (police, council, school, other) = (AgencyId::new(), AgencyId::new(), AgencyId::new(), AgencyId::new());
        let agreements = vec![
            Agreement {
                id: AgreementId::new(),
                name: "Missing children ISP".into(),
                purpose: "safeguarding".into(),
                members: vec![police, council],
                starts_on: day(1),
                ends_on: Some(day(20)),
            },
            Agreement {
                id: AgreementId::new(),
                name: "Schools".into(),
                purpose: "safeguarding".into(),
                members: vec![council, school],
                starts_on: day(1),
                ends_on: None,
            },
        ];
        let mut expect = vec![police, council];
        expect.sort();
        assert_eq!(partners(police, &agreements, day(10)), expect);
        assert_eq!(partners(police, &agreements, day(21)), vec![police]);
        assert_eq!(partners(council, &agreements, day(10)).len(), 3);
        assert_eq!(partners(other, &agreements, day(10)), vec![other]);
    }
}
