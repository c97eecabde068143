use super::action::{ActionStatus, NewAction, UpdateInput, agree, carry_forward, update};
use super::meeting::{AgendaItem, Convening, Discussion, ItemSubject, NewMeeting, Typed, convene, discuss};
use super::*;
use crate::error::Invalid;
use crate::ids::{AgencyId, AgendaItemId, AreaId, MeetingId, PersonId};
use crate::screening::Tier;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use proptest::prelude::*;

fn at() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z").unwrap().with_timezone(&Utc)
}

fn day(offset: i64) -> NaiveDate {
    crate::uktime::uk_date(at()) + Duration::days(offset)
}

struct Agencies {
    police: AgencyId,
    council: AgencyId,
    outsider: AgencyId,
}

fn agencies() -> Agencies {
    Agencies { police: AgencyId::new(), council: AgencyId::new(), outsider: AgencyId::new() }
}

fn problems(r: Result<impl std::fmt::Debug, Invalid>) -> Vec<(String, &'static str)> {
    r.err().unwrap_or_default().0.into_iter().map(|e| (e.field, e.code)).collect()
}

fn meeting(a: &Agencies) -> super::meeting::Meeting {
    let partners = [a.council];
    let new = NewMeeting {
        starts_at: Ok(at()),
        chair: Typed { name: "DI Rhys Morgan", agency: Some(a.police) },
        attendees: vec![Typed { name: "Sara Jones", agency: Some(a.council) }],
        apologies: vec![],
    };
    let c = Convening { area_id: AreaId::new(), owner: a.police, partners: &partners, by: None, at: at() };
    convene(&new, &c).unwrap()
}

#[test]
fn a_meeting_is_of_its_agencies_and_an_attendee_from_outside_the_agreements_is_refused() {
    let a = agencies();
    let m = meeting(&a);
    let mut expected = vec![a.police, a.council];
    expected.sort();
    assert_eq!(m.agencies(), expected);
    let partners = [a.council];
    let new = NewMeeting {
        starts_at: Err("date-format"),
        chair: Typed { name: "", agency: Some(a.police) },
        attendees: vec![
            Typed { name: "Sara Jones", agency: Some(a.council) },
            Typed { name: "", agency: None },
            Typed { name: "Someone", agency: Some(a.outsider) },
            Typed { name: "Nobody", agency: None },
        ],
        apologies: vec![Typed { name: "Dr Ellis", agency: Some(a.outsider) }],
    };
    let c = Convening { area_id: AreaId::new(), owner: a.police, partners: &partners, by: None, at: at() };
    assert_eq!(
        problems(convene(&new, &c)),
        [
            ("starts_at".to_owned(), "date-format"),
            ("chair.name".to_owned(), "required"),
            ("attendees.2.agency".to_owned(), "outside-agreement"),
            ("attendees.3.agency".to_owned(), "unknown-agency"),
            ("apologies.0.agency".to_owned(), "outside-agreement"),
        ]
    );
}

fn action<'a>(owner: Option<AgencyId>, due: NaiveDate) -> NewAction<'a> {
    NewAction {
        text: "Serve a child abduction warning notice",
        owner_name: "PC Evans",
        owner_agency: owner,
        due_on: Ok(due),
        four_p: "pursue",
        item_id: None,
    }
}

#[test]
fn an_action_needs_text_an_owner_at_the_meeting_and_a_due_date_not_before_it() {
    let a = agencies();
    let m = meeting(&a);
    let ok = agree(&m, &action(Some(a.council), day(14)), 7).unwrap();
    assert_eq!(
        (ok.number, ok.status, ok.four_p, ok.current_meeting),
        (7, ActionStatus::Open, Some(FourP::Pursue), m.id)
    );
    let bad = NewAction { text: " ", owner_name: "", four_p: "persuade", ..action(Some(a.outsider), day(-1)) };
    assert_eq!(
        problems(agree(&m, &bad, 8)),
        [
            ("text".to_owned(), "required"),
            ("owner_name".to_owned(), "required"),
            ("owner_agency".to_owned(), "not-at-the-meeting"),
            ("due_on".to_owned(), "due-before-meeting"),
            ("four_p".to_owned(), "unknown-code"),
        ]
    );
    let none = NewAction { due_on: Err("required"), ..action(None, day(1)) };
    assert_eq!(
        problems(agree(&m, &none, 8)),
        [("owner_agency".to_owned(), "required"), ("due_on".to_owned(), "required")]
    );
    // Due on the day of the meeting is allowed.
    assert!(agree(&m, &action(Some(a.police), day(0)), 9).is_ok());
}

#[test]
fn closing_needs_a_reason_and_a_closed_action_takes_no_more() {
    let a = agencies();
    let m = meeting(&a);
    let act = agree(&m, &action(Some(a.police), day(7)), 1).unwrap();
    let input = |status, note| UpdateInput { status, note };
    assert_eq!(
        problems(update(&act, &input("closed", " "), None, at())),
        [("note".to_owned(), "closed-without-reason")]
    );
    assert_eq!(problems(update(&act, &input("", ""), None, at())), [("note".to_owned(), "required")]);
    assert_eq!(problems(update(&act, &input("finished", ""), None, at())), [("status".to_owned(), "unknown-code")]);
    let going = update(&act, &input("in_progress", ""), None, at()).unwrap();
    let noted = update(&going, &input("", "Visited the address"), None, at()).unwrap();
    assert_eq!(noted.status, ActionStatus::InProgress);
    let closed = update(&noted, &input("closed", "Child moved out of area"), None, at()).unwrap();
    assert_eq!(closed.closed_reason.as_deref(), Some("Child moved out of area"));
    assert_eq!(
        closed.updates.iter().map(|u| u.status).collect::<Vec<_>>(),
        [ActionStatus::InProgress, ActionStatus::InProgress, ActionStatus::Closed]
    );
    assert_eq!(
        problems(update(&closed, &input("open", "again"), None, at())),
        [("status".to_owned(), "action-closed")]
    );
}

#[test]
fn live_actions_past_due_are_overdue_and_are_carried_to_the_next_meeting() {
    let a = agencies();
    let m = meeting(&a);
    let late = agree(&m, &action(Some(a.police), day(3)), 1).unwrap();
    let done = update(
        &agree(&m, &action(Some(a.police), day(3)), 2).unwrap(),
        &UpdateInput { status: "done", note: "" },
        None,
        at(),
    )
    .unwrap();
    assert!(late.is_overdue(day(4)) && !late.is_overdue(day(3)));
    assert!(!done.is_overdue(day(4)));
    // The owner is reminded from a week before it falls due, and while it is overdue; not of a
    // done one.
    assert!(!late.is_reminded(day(3 - action::REMIND_DAYS - 1)));
    assert!(late.is_reminded(day(3 - action::REMIND_DAYS)) && late.is_reminded(day(30)));
    assert!(!done.is_reminded(day(3)));
    let next = MeetingId::new();
    let carried = carry_forward(&[late.clone(), done], next);
    assert_eq!(carried.len(), 1);
    assert_eq!((carried[0].id, carried[0].meeting_id, carried[0].current_meeting), (late.id, m.id, next));
    assert!(carry_forward(&carried, next).is_empty(), "carrying twice changes nothing");
}

#[test]
fn an_item_records_its_discussion_and_the_risk_after_it() {
    let item = AgendaItem {
        id: AgendaItemId::new(),
        meeting_id: MeetingId::new(),
        position: 1,
        subject: ItemSubject::Child(PersonId::new()),
        reason: String::new(),
        summary: String::new(),
        decisions: String::new(),
        risk_after: None,
        version: 1,
    };
    let d = Discussion { summary: "Missing three times", decisions: "Refer to NRM", risk_after: "red" };
    let got = discuss(&item, &d).unwrap();
    assert_eq!((got.summary.as_str(), got.risk_after), ("Missing three times", Some(Tier::Red)));
    let bad = Discussion { risk_after: "purple", ..d };
    assert_eq!(problems(discuss(&item, &bad)), [("risk_after".to_owned(), "unknown-code")]);
}

proptest! {
    #[test]
    fn an_action_is_agreed_exactly_when_due_on_or_after_the_meeting(offset in -30i64..60) {
        let a = agencies();
        let m = meeting(&a);
        let got = agree(&m, &action(Some(a.council), day(offset)), 1);
        prop_assert_eq!(got.is_ok(), offset >= 0);
    }

    #[test]
    fn any_update_of_a_live_action_keeps_its_history_and_adds_one(
        steps in proptest::collection::vec((proptest::sample::select(vec!["", "open", "in_progress", "done", "closed"]), "[a-z ]{0,12}"), 1..8)
    ) {
        let a = agencies();
        let m = meeting(&a);
        let mut act = agree(&m, &action(Some(a.police), day(7)), 1).unwrap();
        for (status, note) in steps {
            let before = act.updates.len();
            match update(&act, &UpdateInput { status, note: &note }, None, at()) {
                Ok(next) => {
                    prop_assert_eq!(next.updates.len(), before + 1);
                    prop_assert_eq!(&next.updates[..before], &act.updates[..]);
                    prop_assert!(next.status != ActionStatus::Closed || next.closed_reason.is_some());
                    act = next;
                }
                Err(_) => prop_assert_eq!(act.updates.len(), before),
            }
        }
    }
}
