//! Records for the domain's own tests, built the one way.

use crate::ids::{AgencyId, EpisodeId, MarkerId, PersonId, UserId};
use crate::marker::{Approval, Marker, MarkerSubject, MarkerType};
use crate::missing::MissingEpisode;
use crate::missing::episode::ReporterKind;
use crate::missing::record::ReturnRecord;
use chrono::{DateTime, Duration, Utc};

/// An episode reported `days_ago` days before `now`, back after `hours_away` hours (`None`:
/// missing still), ungraded and with nothing else recorded.
pub fn episode(now: DateTime<Utc>, days_ago: i64, hours_away: Option<i64>) -> MissingEpisode {
    let reported = now - Duration::days(days_ago);
    MissingEpisode {
        id: EpisodeId::new(),
        person_id: PersonId::new(),
        reported_at: reported,
        last_seen_at: reported,
        last_seen_where: "Home".into(),
        reporter: ReporterKind::Parent,
        from_location: None,
        area_id: None,
        circumstances: String::new(),
        police_reference: None,
        officer_in_charge: String::new(),
        out_of_area: false,
        gradings: vec![],
        notes: vec![],
        found: hours_away.map(|h| ReturnRecord {
            returned_at: reported + Duration::hours(h),
            found_where: "Town".into(),
            found_by: String::new(),
            with_whom: String::new(),
            harm_seen: String::new(),
            disclosed: false,
            found_in_other_force_area: false,
            prevention_interview_at: None,
            prevention_interview_notes: String::new(),
            recorded_by: None,
            recorded_at: reported,
        }),
        rhi: None,
        recorded_by: None,
        owner: AgencyId::new(),
        imported: false,
        version: 1,
    }
}

/// A marker of type `t` on a child, started on `now`'s day and reviewed in 90 days, approved or
/// still pending.
pub fn marker(t: MarkerType, approved: bool, now: DateTime<Utc>) -> Marker {
    let today = crate::uktime::uk_date(now);
    Marker {
        id: MarkerId::new(),
        subject: MarkerSubject::Person(PersonId::new()),
        marker_type: t,
        reason: "r".into(),
        source_agency: AgencyId::new(),
        source_note: "s".into(),
        starts_on: today,
        review_on: today + Duration::days(90),
        owner: AgencyId::new(),
        raised_by: None,
        raised_at: now,
        needs_approval: true,
        approval: approved.then(|| Approval { by: UserId::new(), agency: AgencyId::new(), at: now }),
        reviews: vec![],
        ended_on: None,
        version: 1,
    }
}
