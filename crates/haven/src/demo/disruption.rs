//! The demo force's disruption under the 4Ps (issue 16), so that each policing area's
//! disruption list is real in the demo: in every BCU the police have served a child abduction
//! warning notice on an adult of concern that is in force now (protecting a child screened
//! amber or red) and one that has expired; closed or visited premises of concern (a closure
//! order, a cuckooing visit); visited a hotel (Makesafe); stopped and searched or arrested an
//! adult of concern. Each is the force's, recorded by its practitioner.

use super::Gen;
use chrono::{Duration, NaiveDate};
use haven_domain::agency::{AgencyKind, AreaKind};
use haven_domain::disruption::{Disruption, DisruptionSubject, Outcome, Tactic};
use haven_domain::ids::{AgencyId, AreaId, DisruptionId, PersonId, UserId};
use haven_domain::location::LocationKind;
use haven_domain::person::PersonKind;
use haven_domain::screening::Tier;
use haven_domain::user::Role;
use haven_store::BulkLoad;
use rand::Rng;

/// Who records the demo's disruption, and where.
struct Recorder {
    police: AgencyId,
    officer: UserId,
    officer_name: String,
}

impl Recorder {
    #[expect(clippy::too_many_arguments, reason = "each argument is one fact of the disruption")]
    fn make(
        &self,
        g: &mut Gen,
        area: AreaId,
        subject: DisruptionSubject,
        child: Option<PersonId>,
        tactic: Tactic,
        done_on: NaiveDate,
        expires_on: Option<NaiveDate>,
        outcome: Outcome,
        note: &str,
    ) -> Disruption {
        let issued_on = match tactic.dates() {
            haven_domain::disruption::Dates::None => None,
            _ => Some(done_on),
        };
        Disruption {
            id: DisruptionId(g.uuid()),
            area_id: area,
            subject,
            child_id: child,
            meeting_id: None,
            action_id: None,
            four_p: tactic.usual_four_p(),
            tactic,
            done_on,
            issued_on,
            expires_on: issued_on.and(expires_on),
            outcome,
            outcome_note: format!("{note} (demo)"),
            officer_name: self.officer_name.clone(),
            officer_agency: self.police,
            owner: self.police,
            created_by: Some(self.officer),
            created_at: Gen::instant(done_on) + Duration::hours(g.rng.random_range(9..18)),
            version: 1,
        }
    }
}

pub(super) fn generate(g: &mut Gen, load: &mut BulkLoad) {
    let Some(police) = load.agencies.iter().find(|a| a.kind == AgencyKind::Police).map(|a| a.id) else { return };
    let Some(officer) =
        load.users.iter().map(|(u, _)| u).find(|u| u.agency_id == police && u.role == Role::Practitioner).cloned()
    else {
        return;
    };
    let r = Recorder { police, officer: officer.id, officer_name: officer.display_name.clone() };
    let bcus: Vec<AreaId> = load.areas.iter().filter(|a| a.kind == AreaKind::Bcu).map(|a| a.id).collect();
    let adults: Vec<PersonId> =
        load.people.iter().filter(|p| p.details.kind == PersonKind::Adult).map(|p| p.id).collect();
    let mut at_risk: Vec<PersonId> =
        load.screenings.iter().filter(|s| s.tier >= Tier::Amber).map(|s| s.person_id).collect();
    at_risk.sort();
    at_risk.dedup();
    let places =
        |kind: LocationKind| -> Vec<_> { load.locations.iter().filter(|l| l.kind == kind).map(|l| l.id).collect() };
    let (premises, hotels) = (places(LocationKind::PremisesOfConcern), places(LocationKind::AsylumHotel));
    if adults.is_empty() || at_risk.is_empty() || premises.is_empty() {
        return;
    }
    let today = g.today;
    let mut out = Vec::new();
    for area in bcus {
        let adult = *g.pick(&adults);
        let child = *g.pick(&at_risk);
        // A CAWN in force now, and one served over a year ago that has run out.
        let served = today - Duration::days(g.rng.random_range(7..60));
        out.push(r.make(
            g,
            area,
            DisruptionSubject::Person(adult),
            Some(child),
            Tactic::Cawn,
            served,
            Some(served + Duration::days(365)),
            Outcome::Ongoing,
            "Served in person; told to have no contact with the child",
        ));
        let (old_adult, old_child) = (*g.pick(&adults), *g.pick(&at_risk));
        let long_ago = today - Duration::days(g.rng.random_range(400..600));
        out.push(r.make(
            g,
            area,
            DisruptionSubject::Person(old_adult),
            Some(old_child),
            Tactic::Cawn,
            long_ago,
            Some(long_ago + Duration::days(365)),
            Outcome::Completed,
            "Served; no breach known before it expired",
        ));
        let premise = *g.pick(&premises);
        let closed = g.days_ago(120);
        out.push(r.make(
            g,
            area,
            DisruptionSubject::Location(premise),
            None,
            Tactic::ClosureOrder,
            closed,
            Some(closed + Duration::days(90)),
            Outcome::Ongoing,
            "Closure order granted at the magistrates' court",
        ));
        let (visited, visited_on) = (*g.pick(&premises), g.days_ago(90));
        out.push(r.make(
            g,
            area,
            DisruptionSubject::Location(visited),
            None,
            Tactic::CuckooingVisit,
            visited_on,
            None,
            Outcome::Completed,
            "Safe and well visit; the occupant accepted support",
        ));
        if !hotels.is_empty() {
            let (hotel, on) = (*g.pick(&hotels), g.days_ago(60));
            out.push(r.make(
                g,
                area,
                DisruptionSubject::Location(hotel),
                None,
                Tactic::PremisesVisit,
                on,
                None,
                Outcome::Completed,
                "Makesafe visit; staff briefed on the signs of exploitation",
            ));
        }
        let tactic = *g.pick(&[Tactic::StopAndSearch, Tactic::Arrest]);
        let (stopped, on) = (*g.pick(&adults), g.days_ago(45));
        let outcome = *g.pick(&[Outcome::Completed, Outcome::NoFurtherAction]);
        out.push(r.make(
            g,
            area,
            DisruptionSubject::Person(stopped),
            None,
            tactic,
            on,
            None,
            outcome,
            "Found with cash and two phones",
        ));
    }
    load.disruptions.extend(out);
}
