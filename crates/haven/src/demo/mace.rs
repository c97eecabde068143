//! The demo force's year of MACE meetings: each BCU meets monthly (the police convene and chair,
//! the councils, youth justice, health and the RHI provider attend, someone sends apologies), with
//! an agenda of children screened amber or red, the odd cuckooed address and a theme, each item
//! minuted with the risk after discussion; actions agreed at each, most done or closed by now,
//! some still open and past their due date, carried onto the latest meeting's register as a
//! chair's "carry open actions" does. Next month's meeting is arranged, its agenda not yet set.

use super::Gen;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use haven_domain::agency::{AgencyKind, AreaKind};
use haven_domain::ids::{AgencyId, AgendaItemId, MaceActionId, MeetingId, PersonId, UserId};
use haven_domain::mace::FourP;
use haven_domain::mace::action::{ActionStatus, ActionUpdate, MaceAction};
use haven_domain::mace::meeting::{AgendaItem, Attendee, ItemSubject, Meeting};
use haven_domain::marker::{MarkerSubject, MarkerType};
use haven_domain::screening::Tier;
use haven_domain::uktime::from_uk_naive;
use haven_domain::user::Role;
use haven_store::{BulkLoad, MeetingRecord};
use rand::Rng;

const THEMES: &[&str] = &[
    "County lines activity around the bus station",
    "Children seen at the retail park after dark",
    "Hotels on the ring road: Makesafe visits",
    "Older males offering lifts outside the college",
    "Knife carrying among Year 10 pupils",
    "Social media accounts recruiting runners",
];

/// An action's text, its 4P and the kind of agency that owns it.
const ACTIONS: &[(&str, FourP, AgencyKind)] = &[
    ("Safe and well visit with the child and carer", FourP::Protect, AgencyKind::LocalAuthority),
    ("Strategy discussion under section 47", FourP::Protect, AgencyKind::LocalAuthority),
    (
        "Share the child's return home interview themes with the exploitation team",
        FourP::Prepare,
        AgencyKind::RhiProvider,
    ),
    ("Child abduction warning notice to the adult seen with the child", FourP::Pursue, AgencyKind::Police),
    ("Cuckooing visit to the address with housing", FourP::Pursue, AgencyKind::Police),
    ("Referral to the NRM as first responder", FourP::Protect, AgencyKind::LocalAuthority),
    ("Youth worker to offer diversionary activity", FourP::Prevent, AgencyKind::YouthJustice),
    ("Makesafe awareness visit to the hotels named", FourP::Prevent, AgencyKind::Police),
    ("Update the grab pack with the new associates and photographs", FourP::Prepare, AgencyKind::Police),
    ("Health assessment and sexual health clinic referral", FourP::Protect, AgencyKind::Health),
];

/// What the meeting made of a child, and the risk after discussion.
const DISCUSSIONS: &[(&str, &str, Tier)] = &[
    (
        "Missing three times this month, found each time in the town centre with older males.",
        "Joint visit; CAWN to be considered; screening to be repeated.",
        Tier::Red,
    ),
    (
        "Engaging with the RHI worker; school attendance improving; no episodes since the last meeting.",
        "Keep on the agenda for one more month.",
        Tier::Amber,
    ),
    (
        "New phone and clothes the carer cannot account for; seen in a car registered in another force.",
        "Intelligence to be shared with the neighbouring force; NRM referral.",
        Tier::Red,
    ),
    ("Placement stable; the child says she feels safer.", "Step down to the exploitation team's review.", Tier::Green),
];

pub(super) fn generate(g: &mut Gen, load: &mut BulkLoad) {
    let kind_of = |id: AgencyId| load.agencies.iter().find(|a| a.id == id).map(|a| a.kind);
    let Some(police) = load.agencies.iter().find(|a| a.kind == AgencyKind::Police).map(|a| a.id) else { return };
    let users = |agency: AgencyId, role: Role| {
        load.users.iter().map(|(u, _)| u).find(|u| u.agency_id == agency && u.role == role).cloned()
    };
    let Some(chair) = users(police, Role::MaceChair) else { return };
    let partners: Vec<AgencyId> = load
        .agencies
        .iter()
        .filter(|a| {
            matches!(
                a.kind,
                AgencyKind::LocalAuthority | AgencyKind::YouthJustice | AgencyKind::Health | AgencyKind::RhiProvider
            )
        })
        .map(|a| a.id)
        .collect();
    let person = |agency: AgencyId| -> Option<Attendee> {
        let u = users(agency, Role::Supervisor).or_else(|| users(agency, Role::Practitioner))?;
        Some(Attendee { name: u.display_name, agency })
    };
    let mut children: Vec<PersonId> =
        load.screenings.iter().filter(|s| s.tier >= Tier::Amber).map(|s| s.person_id).collect();
    children.sort();
    children.dedup();
    let cuckooed: Vec<_> = load
        .markers
        .iter()
        .filter(|m| m.marker_type == MarkerType::CuckooedAddress)
        .filter_map(|m| match m.subject {
            MarkerSubject::Location(l) => Some(l),
            MarkerSubject::Person(_) => None,
        })
        .collect();
    let areas: Vec<_> = load.areas.iter().filter(|a| a.kind == AreaKind::Bcu).map(|a| a.id).collect();
    let mut records = Vec::new();
    for (n, area) in areas.into_iter().enumerate() {
        let mut number = 0_i64;
        let mut area_records: Vec<MeetingRecord> = Vec::new();
        // Twelve past months and next month's, on the second Tuesday-ish of each, 10:00.
        for months_ago in (-1..12_i64).rev() {
            let first = g.today - Duration::days(30 * months_ago);
            let day = NaiveDate::from_ymd_opt(first.year(), first.month(), 8 + u32::try_from(n).unwrap_or(0))
                .unwrap_or(first);
            let Ok(starts_at) = from_uk_naive(day.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default()))
            else {
                continue;
            };
            let mut attendees: Vec<Attendee> = Vec::new();
            let mut apologies = Vec::new();
            for p in partners.iter().copied().filter_map(person) {
                if g.chance(0.15) {
                    apologies.push(p)
                } else if g.chance(0.7) {
                    attendees.push(p)
                }
            }
            attendees.extend(person(police));
            let meeting = Meeting {
                id: MeetingId(g.uuid()),
                area_id: area,
                starts_at,
                chair: Attendee { name: chair.display_name.clone(), agency: police },
                attendees,
                apologies,
                owner: police,
                created_by: Some(chair.id),
                created_at: starts_at - Duration::days(21),
                version: 1,
            };
            let held = day < g.today;
            let mut items = Vec::new();
            if held {
                let mut subjects: Vec<ItemSubject> = Vec::new();
                for _ in 0..g.rng.random_range(3..=6) {
                    if children.is_empty() {
                        break;
                    }
                    let c = ItemSubject::Child(*g.pick(&children));
                    if !subjects.contains(&c) {
                        subjects.push(c);
                    }
                }
                if !cuckooed.is_empty() && g.chance(0.3) {
                    subjects.push(ItemSubject::Location(*g.pick(&cuckooed)));
                }
                if g.chance(0.6) {
                    subjects.push(ItemSubject::Theme((*g.pick(THEMES)).to_owned()));
                }
                for (position, subject) in (1_i64..).zip(subjects) {
                    let (summary, decisions, risk) = *g.pick(DISCUSSIONS);
                    let child = matches!(subject, ItemSubject::Child(_));
                    items.push(AgendaItem {
                        id: AgendaItemId(g.uuid()),
                        meeting_id: meeting.id,
                        position,
                        reason: if child { "priority list (demo)".into() } else { String::new() },
                        summary: summary.into(),
                        decisions: decisions.into(),
                        risk_after: child.then_some(risk),
                        subject,
                        version: 2,
                    });
                }
            }
            let mut actions = Vec::new();
            for item in &items {
                if !g.chance(0.6) {
                    continue;
                }
                let (text, four_p, kind) = *g.pick(ACTIONS);
                let owner = std::iter::once(police)
                    .chain(partners.iter().copied())
                    .find(|a| kind_of(*a) == Some(kind))
                    .unwrap_or(police);
                let Some(who) = person(owner) else { continue };
                number += 1;
                let due_on = day + Duration::days(g.rng.random_range(14..=42));
                let mut a = MaceAction {
                    id: MaceActionId(g.uuid()),
                    meeting_id: meeting.id,
                    current_meeting: meeting.id,
                    item_id: Some(item.id),
                    number,
                    text: text.into(),
                    owner_name: who.name,
                    owner_agency: owner,
                    due_on,
                    four_p: Some(four_p),
                    status: ActionStatus::Open,
                    closed_reason: None,
                    updates: Vec::new(),
                    version: 1,
                };
                settle(g, &mut a, chair.id);
                actions.push(a);
            }
            area_records.push(MeetingRecord { meeting, items, actions });
        }
        carry_to_latest_held(&mut area_records, g.today);
        records.extend(area_records);
    }
    load.meetings = records;
}

/// What has become of an action by today: done or closed (with its reason) for most whose due
/// date has passed, some in progress, and some left open past their due date.
fn settle(g: &mut Gen, a: &mut MaceAction, by: UserId) {
    let today = g.today;
    let at = |d: NaiveDate| super::Gen::instant(d.min(today)) + Duration::hours(14);
    if a.due_on < today {
        let r: f64 = g.rng.random();
        let (status, note) = if r < 0.6 {
            (ActionStatus::Done, "Done as agreed (demo).")
        } else if r < 0.72 {
            (ActionStatus::Closed, "No longer needed: the child moved out of the area (demo).")
        } else if r < 0.85 {
            (ActionStatus::InProgress, "Started; waiting on a partner (demo).")
        } else {
            return; // Open and overdue.
        };
        a.updates.push(ActionUpdate { status, note: note.into(), by: Some(by), at: at(a.due_on - Duration::days(2)) });
        a.status = status;
        a.closed_reason = (status == ActionStatus::Closed).then(|| note.to_owned());
        a.version = 2;
    } else if g.chance(0.3) {
        a.updates.push(ActionUpdate {
            status: ActionStatus::InProgress,
            note: "Visit booked (demo).".into(),
            by: Some(by),
            at: at(today - Duration::days(1)),
        });
        a.status = ActionStatus::InProgress;
        a.version = 2;
    }
}

/// The live actions of earlier meetings onto the register of the latest meeting held, as each
/// meeting's chair carries them.
fn carry_to_latest_held(records: &mut [MeetingRecord], today: NaiveDate) {
    let Some(latest) =
        records.iter().rev().find(|r| haven_domain::uktime::uk_date(r.meeting.starts_at) < today).map(|r| r.meeting.id)
    else {
        return;
    };
    for r in records.iter_mut() {
        for a in r.actions.iter_mut().filter(|a| a.status.is_live()) {
            a.current_meeting = latest;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DemoOptions, generate};
    use haven_domain::mace::action::ActionStatus;

    #[test]
    fn a_year_of_meetings_with_some_actions_overdue_on_the_latest_register() {
        let today = haven_domain::uktime::uk_date(chrono::Utc::now());
        let force = generate(DemoOptions { seed: 7, scale: 1, today }, "hash").load;
        assert_eq!(force.meetings.len(), 3 * 13, "each BCU: twelve months and the next");
        let actions: Vec<_> = force.meetings.iter().flat_map(|r| &r.actions).collect();
        assert!(actions.len() > 50, "{}", actions.len());
        let overdue = actions.iter().filter(|a| a.is_overdue(today)).count();
        assert!(overdue > 0 && overdue < actions.len() / 3, "{overdue} of {}", actions.len());
        assert!(actions.iter().any(|a| a.status == ActionStatus::Closed && a.closed_reason.is_some()));
        // Every live action is on its area's latest register; none on a meeting yet to be held.
        for r in &force.meetings {
            let held = haven_domain::uktime::uk_date(r.meeting.starts_at) < today;
            assert!(held || (r.items.is_empty() && r.actions.is_empty()));
            for a in r.actions.iter().filter(|a| a.status.is_live()) {
                let on = force.meetings.iter().find(|m| m.meeting.id == a.current_meeting).unwrap();
                assert_eq!(on.meeting.area_id, r.meeting.area_id);
            }
        }
        // Numbers run in turn within each area's register.
        for area in force.areas.iter() {
            let mut numbers: Vec<_> = force
                .meetings
                .iter()
                .filter(|r| r.meeting.area_id == area.id)
                .flat_map(|r| r.actions.iter().map(|a| a.number))
                .collect();
            numbers.sort_unstable();
            assert!(numbers.iter().copied().eq(1..=numbers.len() as i64));
        }
    }
}
