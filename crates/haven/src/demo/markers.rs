//! The demo force's warning markers and NRM referrals, so that the priority list's marker and
//! protective-work factors, the overdue reviews and the NRM decision times are real in the demo.
//!
//! Children screened red or amber by the police: some carry an exploitation marker (county lines,
//! CCE or CSE: vulnerability markers, never offending ones on a child), raised by a police
//! practitioner and approved by a supervisor a day or two later, reviewed within 12 months of its
//! start, some reviews now overdue; a few still wait for approval. Some red children have an NRM
//! referral: some awaiting reasonable grounds (a few beyond the 45 days), some decided, a few
//! with conclusive grounds too. Premises of concern sometimes carry a cuckooed-address marker.

use super::Gen;
use chrono::{Duration, Months, NaiveDate};
use haven_domain::agency::AgencyKind;
use haven_domain::ids::{MarkerId, NrmId};
use haven_domain::location::LocationKind;
use haven_domain::marker::{Approval, CHILD_REVIEW_MONTHS, Marker, MarkerSubject, MarkerType};
use haven_domain::nrm::{DecisionOutcome, ExploitationType, FirstResponder, NrmDecision, NrmReferral};
use haven_domain::screening::Tier;
use haven_domain::user::Role;
use haven_store::BulkLoad;
use rand::Rng;

pub(super) fn generate(g: &mut Gen, load: &mut BulkLoad) {
    let Some(police) = load.agencies.iter().find(|a| a.kind == AgencyKind::Police).map(|a| a.id) else { return };
    let user =
        |role: Role| load.users.iter().map(|(u, _)| u).find(|u| u.agency_id == police && u.role == role).cloned();
    let (Some(officer), Some(supervisor)) = (user(Role::Practitioner), user(Role::Supervisor)) else { return };
    let mut screened: Vec<_> =
        load.screenings.iter().filter(|s| s.tier >= Tier::Amber).map(|s| (s.person_id, s.tier)).collect();
    screened.sort();
    screened.dedup_by_key(|(p, _)| *p);
    for (person, tier) in screened {
        if g.chance(if tier == Tier::Red { 0.6 } else { 0.25 }) {
            let marker_type = *g.pick(&[MarkerType::CountyLines, MarkerType::AtRiskOfCce, MarkerType::AtRiskOfCse]);
            let starts_on = g.days_ago(330);
            // Reviewed within 12 months of the start; a marker started long ago is often overdue.
            let latest = starts_on + Months::new(CHILD_REVIEW_MONTHS);
            let review_on = (starts_on + Duration::days(g.rng.random_range(60..=330))).min(latest);
            let raised_at = Gen::instant(starts_on) + Duration::hours(g.rng.random_range(9..17));
            let approved = g.chance(0.9);
            load.markers.push(Marker {
                id: MarkerId(g.uuid()),
                subject: MarkerSubject::Person(person),
                marker_type,
                reason: "Intelligence and the child's account point to exploitation (demo).".into(),
                source_agency: police,
                source_note: "MACE and police intelligence (demo)".into(),
                starts_on,
                review_on,
                owner: police,
                raised_by: Some(officer.id),
                raised_at,
                needs_approval: true,
                approval: approved.then(|| Approval {
                    by: supervisor.id,
                    agency: police,
                    at: raised_at + Duration::hours(g.rng.random_range(4..48)),
                }),
                reviews: Vec::new(),
                ended_on: None,
                version: 1,
            });
        }
        if tier == Tier::Red && g.chance(0.35) {
            let referred_on = g.days_ago(150);
            let exploitation = *g.pick(&[ExploitationType::Cce, ExploitationType::Cse]);
            let decided = |g: &mut Gen, from: NaiveDate, days: i64| {
                let on = from + Duration::days(g.rng.random_range(2..=days));
                (on <= g.today).then_some(on)
            };
            let rg = if g.chance(0.7) { decided(g, referred_on, 60) } else { None };
            let rg = rg.map(|on| NrmDecision { outcome: DecisionOutcome::Positive, decided_on: on });
            let cg = match rg {
                Some(rg) if g.chance(0.4) => decided(g, rg.decided_on, 90).map(|on| NrmDecision {
                    outcome: if g.chance(0.8) { DecisionOutcome::Positive } else { DecisionOutcome::Negative },
                    decided_on: on,
                }),
                _ => None,
            };
            load.nrm.push(NrmReferral {
                id: NrmId(g.uuid()),
                person_id: person,
                first_responder: FirstResponder::Police,
                first_responder_note: Some("Exploitation team (demo)".into()),
                referred_on,
                exploitation,
                reasonable_grounds: rg,
                conclusive_grounds: cg,
                owner: police,
                recorded_by: Some(officer.id),
                recorded_at: Gen::instant(referred_on) + Duration::hours(12),
                version: 1,
            });
        }
    }
    let premises: Vec<_> =
        load.locations.iter().filter(|l| l.kind == LocationKind::PremisesOfConcern).map(|l| l.id).collect();
    for location in premises {
        if !g.chance(0.3) {
            continue;
        }
        let starts_on = g.days_ago(200);
        load.markers.push(Marker {
            id: MarkerId(g.uuid()),
            subject: MarkerSubject::Location(location),
            marker_type: MarkerType::CuckooedAddress,
            reason: "Occupant's home taken over to deal drugs (demo).".into(),
            source_agency: police,
            source_note: "Neighbourhood policing team (demo)".into(),
            starts_on,
            review_on: starts_on + Duration::days(180),
            owner: police,
            raised_by: Some(officer.id),
            raised_at: Gen::instant(starts_on) + Duration::hours(10),
            needs_approval: false,
            approval: None,
            reviews: Vec::new(),
            ended_on: None,
            version: 1,
        });
    }
}
