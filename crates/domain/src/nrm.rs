//! National Referral Mechanism (NRM) referrals of children who may be victims of modern
//! slavery (`../shared/DOMAIN.md` §6): who referred them (a first responder organisation), when,
//! for what exploitation, and the two decisions that follow: reasonable grounds (RG: positive or
//! negative) and, after a positive RG, conclusive grounds (CG), each with its date and the days
//! it took.
//!
//! The rules, fixed in code because they are the order of events and not local practice:
//! - a referral is for a child: under 18 on the day referred, or recorded as a child without a
//!   date of birth (an age-disputed person is a child until assessed, DOMAIN §6 ICTG guidance);
//! - no decision is dated before the referral, nor after today;
//! - a CG decision follows a positive RG decision and is not dated before it.
//!
//! Time limits are not validation: the Single Competent Authority makes RG "within 5 working days
//! of referral, where possible", and the devolved child decision-making pilot's panels make it
//! "no later than 45 days from referral" (DOMAIN §6, gov.uk pilot guidance v6.0). haven shows the
//! days each decision took and flags an RG still awaited after [`PILOT_RG_DAYS`].

use crate::code_enum;
use crate::error::Invalid;
use crate::ids::{AgencyId, NrmId, PersonId, UserId};
use crate::marker::SubjectFacts;
use crate::text::clean_optional;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The devolved child decision-making pilot's limit for the RG decision: no later than 45 days
/// from referral (DOMAIN §6 ✅).
pub const PILOT_RG_DAYS: i64 = 45;

code_enum!(
    /// First responder organisations (DOMAIN §6 ✅: Medway SCP, West Midlands Anti-Slavery).
    FirstResponder {
        Police => "police",
        LocalAuthority => "local_authority",
        HomeOffice => "home_office",
        NationalCrimeAgency => "national_crime_agency",
        Glaa => "glaa",
        SalvationArmy => "salvation_army",
        MigrantHelp => "migrant_help",
        MedailleTrust => "medaille_trust",
        Kalayaan => "kalayaan",
        Barnardos => "barnardos",
        Unseen => "unseen",
        Nspcc => "nspcc",
        Bawso => "bawso",
        NewPathways => "new_pathways",
        RefugeeCouncil => "refugee_council",
    }
);

code_enum!(
    /// The exploitation the referral is for.
    ExploitationType {
        Cce => "cce",
        Cse => "cse",
        Labour => "labour",
        Other => "other",
    }
);

code_enum!(
    /// A decision's outcome.
    DecisionOutcome {
        Positive => "positive",
        Negative => "negative",
    }
);

/// One decision (RG or CG).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NrmDecision {
    pub outcome: DecisionOutcome,
    pub decided_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NrmReferral {
    pub id: NrmId,
    pub person_id: PersonId,
    pub first_responder: FirstResponder,
    /// The referring organisation's name or the officer's team, where useful (optional).
    pub first_responder_note: Option<String>,
    pub referred_on: NaiveDate,
    pub exploitation: ExploitationType,
    pub reasonable_grounds: Option<NrmDecision>,
    pub conclusive_grounds: Option<NrmDecision>,
    /// The agency whose user recorded it: the owner of the fact, for sharing (`nrm`).
    pub owner: AgencyId,
    pub recorded_by: Option<UserId>,
    pub recorded_at: DateTime<Utc>,
    pub version: i64,
}

/// How long each step took, in calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NrmTimes {
    /// From referral to the RG decision.
    pub rg_days: Option<i64>,
    /// From referral to the CG decision.
    pub cg_days: Option<i64>,
    /// From the RG decision to the CG decision.
    pub cg_after_rg_days: Option<i64>,
    /// Days since referral while the RG decision is awaited.
    pub awaiting_rg_days: Option<i64>,
    /// Whether the RG decision is still awaited after [`PILOT_RG_DAYS`].
    pub rg_overdue: bool,
}

impl NrmReferral {
    pub fn times(&self, today: NaiveDate) -> NrmTimes {
        let rg = self.reasonable_grounds.map(|d| d.decided_on);
        let cg = self.conclusive_grounds.map(|d| d.decided_on);
        let awaiting = rg.is_none().then(|| (today - self.referred_on).num_days());
        NrmTimes {
            rg_days: rg.map(|d| (d - self.referred_on).num_days()),
            cg_days: cg.map(|d| (d - self.referred_on).num_days()),
            cg_after_rg_days: rg.zip(cg).map(|(r, c)| (c - r).num_days()),
            awaiting_rg_days: awaiting,
            rg_overdue: awaiting.is_some_and(|d| d > PILOT_RG_DAYS),
        }
    }
}

/// A referral as typed.
#[derive(Debug, Clone)]
pub struct NewReferral<'a> {
    pub first_responder: &'a str,
    pub first_responder_note: &'a str,
    pub referred_on: Result<NaiveDate, &'static str>,
    pub exploitation: &'a str,
}

/// Checks a new referral of the person described by `facts`, every field at once.
pub fn refer(
    person_id: PersonId,
    facts: SubjectFacts,
    new: &NewReferral<'_>,
    owner: AgencyId,
    by: Option<UserId>,
    at: DateTime<Utc>,
    today: NaiveDate,
) -> Result<NrmReferral, Invalid> {
    let mut e = Invalid::default();
    let first_responder = e.check("first_responder", FirstResponder::parse(new.first_responder));
    let note = e.check("first_responder_note", clean_optional(new.first_responder_note, 200));
    let referred_on = e.check("referred_on", new.referred_on);
    let exploitation = e.check("exploitation", ExploitationType::parse(new.exploitation));
    if let Some(day) = referred_on {
        if day > today {
            e.push("referred_on", "date-in-future");
        } else if !facts.is_child_on(day) {
            e.push("person_id", "not-a-child");
        }
    }
    let (Some(first_responder), Some(first_responder_note), Some(referred_on), Some(exploitation)) =
        (first_responder, note, referred_on, exploitation)
    else {
        return Err(e);
    };
    e.into_result()?;
    Ok(NrmReferral {
        id: NrmId::new(),
        person_id,
        first_responder,
        first_responder_note,
        referred_on,
        exploitation,
        reasonable_grounds: None,
        conclusive_grounds: None,
        owner,
        recorded_by: by,
        recorded_at: at,
        version: 1,
    })
}

code_enum!(
    /// Which decision.
    Stage {
        ReasonableGrounds => "reasonable_grounds",
        ConclusiveGrounds => "conclusive_grounds",
    }
);

/// A decision as typed.
#[derive(Debug, Clone)]
pub struct DecisionInput<'a> {
    pub stage: &'a str,
    pub outcome: &'a str,
    pub decided_on: Result<NaiveDate, &'static str>,
}

/// Checks a decision on `referral`, every field at once, and returns the referral with it.
pub fn decide(referral: &NrmReferral, input: &DecisionInput<'_>, today: NaiveDate) -> Result<NrmReferral, Invalid> {
    let mut e = Invalid::default();
    let stage = e.check("stage", Stage::parse(input.stage));
    let outcome = e.check("outcome", DecisionOutcome::parse(input.outcome));
    let day = e.check("decided_on", input.decided_on);
    if let Some(day) = day {
        if day > today {
            e.push("decided_on", "date-in-future");
        } else if day < referral.referred_on {
            e.push("decided_on", "decision-before-referral");
        }
    }
    match stage {
        Some(Stage::ReasonableGrounds) if referral.reasonable_grounds.is_some() => e.push("stage", "already-decided"),
        Some(Stage::ConclusiveGrounds) => match referral.reasonable_grounds {
            _ if referral.conclusive_grounds.is_some() => e.push("stage", "already-decided"),
            None => e.push("stage", "needs-reasonable-grounds"),
            Some(rg) if rg.outcome == DecisionOutcome::Negative => e.push("stage", "reasonable-grounds-negative"),
            Some(rg) => {
                if day.is_some_and(|d| d >= referral.referred_on && d < rg.decided_on) {
                    e.push("decided_on", "conclusive-before-reasonable");
                }
            }
        },
        _ => {}
    }
    let (Some(stage), Some(outcome), Some(decided_on)) = (stage, outcome, day) else { return Err(e) };
    e.into_result()?;
    let decision = Some(NrmDecision { outcome, decided_on });
    let mut out = referral.clone();
    match stage {
        Stage::ReasonableGrounds => out.reasonable_grounds = decision,
        Stage::ConclusiveGrounds => out.conclusive_grounds = decision,
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::person::PersonKind;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn child() -> SubjectFacts {
        SubjectFacts::Person { kind: PersonKind::Child, date_of_birth: Some(d(2011, 3, 3)) }
    }

    fn referral(on: NaiveDate) -> NrmReferral {
        let new = NewReferral {
            first_responder: "police",
            first_responder_note: "",
            referred_on: Ok(on),
            exploitation: "cce",
        };
        refer(PersonId::new(), child(), &new, AgencyId::new(), None, Utc::now(), d(2026, 12, 3)).unwrap()
    }

    fn fields(r: Result<impl std::fmt::Debug, Invalid>) -> Vec<(String, &'static str)> {
        r.unwrap_err().0.into_iter().map(|e| (e.field, e.code)).collect()
    }

    fn input(stage: &'static str, outcome: &'static str, on: NaiveDate) -> DecisionInput<'static> {
        DecisionInput { stage, outcome, decided_on: Ok(on) }
    }

    #[test]
    fn a_referral_is_for_a_child_and_named_by_field() {
        let today = d(2026, 12, 3);
        let adult = SubjectFacts::Person { kind: PersonKind::Adult, date_of_birth: Some(d(2000, 1, 1)) };
        let new = NewReferral {
            first_responder: "police",
            first_responder_note: "",
            referred_on: Ok(today),
            exploitation: "cse",
        };
        assert_eq!(
            fields(refer(PersonId::new(), adult, &new, AgencyId::new(), None, Utc::now(), today)),
            [("person_id".to_owned(), "not-a-child")]
        );
        let bad = NewReferral {
            first_responder: "the vicar",
            first_responder_note: "",
            referred_on: Ok(d(2027, 1, 1)),
            exploitation: "",
        };
        assert_eq!(
            fields(refer(PersonId::new(), child(), &bad, AgencyId::new(), None, Utc::now(), today)),
            [("first_responder", "unknown-code"), ("exploitation", "required"), ("referred_on", "date-in-future")]
                .map(|(f, c)| (f.to_owned(), c))
        );
    }

    #[test]
    fn decisions_follow_the_referral_and_each_other() {
        let today = d(2026, 12, 3);
        let r = referral(d(2026, 9, 1));
        assert_eq!(
            fields(decide(&r, &input("reasonable_grounds", "positive", d(2026, 8, 31)), today)),
            [("decided_on".to_owned(), "decision-before-referral")]
        );
        assert_eq!(
            fields(decide(&r, &input("conclusive_grounds", "positive", d(2026, 10, 1)), today)),
            [("stage".to_owned(), "needs-reasonable-grounds")]
        );
        let rg = decide(&r, &input("reasonable_grounds", "positive", d(2026, 10, 6)), today).unwrap();
        assert_eq!(rg.times(today).rg_days, Some(35));
        assert_eq!(
            fields(decide(&rg, &input("reasonable_grounds", "positive", d(2026, 10, 6)), today)),
            [("stage".to_owned(), "already-decided")]
        );
        assert_eq!(
            fields(decide(&rg, &input("conclusive_grounds", "positive", d(2026, 10, 5)), today)),
            [("decided_on".to_owned(), "conclusive-before-reasonable")]
        );
        // The devolved panels often decide both at the same meeting.
        let cg = decide(&rg, &input("conclusive_grounds", "positive", d(2026, 10, 6)), today).unwrap();
        let t = cg.times(today);
        assert_eq!((t.cg_days, t.cg_after_rg_days, t.rg_overdue), (Some(35), Some(0), false));
        let negative = decide(&r, &input("reasonable_grounds", "negative", d(2026, 9, 5)), today).unwrap();
        assert_eq!(
            fields(decide(&negative, &input("conclusive_grounds", "positive", d(2026, 10, 6)), today)),
            [("stage".to_owned(), "reasonable-grounds-negative")]
        );
    }

    #[test]
    fn an_rg_awaited_beyond_the_pilots_45_days_is_flagged() {
        let r = referral(d(2026, 10, 1));
        assert!(!r.times(d(2026, 11, 15)).rg_overdue, "45 days");
        let t = r.times(d(2026, 11, 16));
        assert_eq!((t.awaiting_rg_days, t.rg_overdue), (Some(46), true));
    }

    proptest! {
        /// Whatever the dates, a referral's recorded decisions are never dated before the
        /// referral, after today, and a CG never before its RG.
        #[test]
        fn decisions_are_always_in_order(ref_back in 0i64..400, rg_off in -50i64..400, cg_off in -50i64..400) {
            let today = d(2026, 12, 3);
            let r = referral(today - chrono::Duration::days(ref_back));
            let rg_day = r.referred_on + chrono::Duration::days(rg_off);
            let Ok(rg) = decide(&r, &input("reasonable_grounds", "positive", rg_day), today) else { return Ok(()) };
            let cg_day = rg_day + chrono::Duration::days(cg_off);
            if let Ok(cg) = decide(&rg, &input("conclusive_grounds", "positive", cg_day), today) {
                let (rg, cg) = (cg.reasonable_grounds.unwrap().decided_on, cg.conclusive_grounds.unwrap().decided_on);
                prop_assert!(r.referred_on <= rg && rg <= cg && cg <= today);
            } else {
                prop_assert!(rg_day <= today && rg_day >= r.referred_on);
            }
        }
    }
}
