//! Missing episodes: report, read, regrade, notes, return, return home interview, and a child's
//! missing summary, one file per action.
//!
//! The rules are the domain's (`haven_domain::missing::input` checks every submission,
//! `EpisodeView::redact` cuts an episode to what the caller's kind of agency may see, `summarise`
//! makes the summary); this module parses times (RFC 3339) and ids at the edge, asks the one
//! policy function, calls the store and renders. The rules in force are
//! the rules of each episode's area ([`AppState::rules_for`]), the install's default where an
//! area has none.

mod access;
pub use access::EpisodePath;
mod attempt;
mod grade;
mod note;
mod read;
mod report;
mod returned;
mod rhi;
mod summary;

use super::access::now;
use crate::AppState;
use chrono::{DateTime, SubsecRound, Utc};
use haven_domain::agency::AgencyCode;
use haven_domain::ids::AgencyId;
use haven_domain::missing::clocks::rhi_clock;
use haven_domain::missing::input::TimeField;
use haven_domain::missing::record::{EpisodeNote, ReturnRecord, RhiRecord};
use haven_domain::missing::{EpisodeView, MissingEpisode, MissingRules};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(report::report_episode))
        .routes(routes!(read::get_episode))
        .routes(routes!(grade::regrade_episode))
        .routes(routes!(note::add_note))
        .routes(routes!(returned::record_return))
        .routes(routes!(rhi::record_rhi))
        .routes(routes!(attempt::add_attempt))
        .routes(routes!(summary::missing_summary))
}

/// A time sent as RFC 3339 (`2026-11-23T21:40:00Z`, or with an offset such as `+01:00`), kept
/// in UTC to the microsecond as the stores keep it. Absent or blank is `required`; anything
/// else that does not parse is `not-a-time`.
fn time(raw: Option<&str>) -> TimeField {
    match raw.map(str::trim) {
        None | Some("") => Err("required"),
        Some(raw) => {
            DateTime::parse_from_rfc3339(raw).map(|t| t.with_timezone(&Utc).trunc_subsecs(6)).map_err(|_| "not-a-time")
        }
    }
}

/// A text field as sent, empty when absent or `null` (the domain says whether it is required).
fn text(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}

/// An optional time: `None` when absent or blank, otherwise as [`time`].
fn optional_time(raw: Option<&str>) -> Option<TimeField> {
    raw.filter(|r| !r.trim().is_empty()).map(|r| time(Some(r)))
}

/// A missing episode as the API returns it, cut to what the caller's agency may see (`view`).
/// Times are RFC 3339 in UTC.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EpisodeResponse {
    pub id: Uuid,
    /// Send this back as `version` on a regrade (and optionally on a return or an RHI); it goes
    /// up by one with every change.
    pub version: i64,
    pub person_id: Uuid,
    /// How much of the episode the caller's agency sees: `full`; `rhi_work` (the return home
    /// interview provider: no grading, notes, circumstances or police intelligence); or
    /// `notice_only` (a school: only that the pupil was reported missing and returned). What a
    /// view may not see is empty or `null`.
    #[schema(example = "full")]
    pub view: String,
    /// `missing` or `returned`.
    #[schema(example = "missing")]
    pub status: String,
    pub reported_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub last_seen_where: String,
    /// `parent`, `foster_carer`, `childrens_home_staff`, `school`, `hospital` or `other`.
    #[schema(example = "childrens_home_staff")]
    pub reporter: String,
    pub from_location_id: Option<Uuid>,
    pub area_id: Option<Uuid>,
    pub circumstances: String,
    pub police_reference: Option<String>,
    /// The officer in charge of the investigation; empty when not named.
    pub officer_in_charge: String,
    pub out_of_area: bool,
    /// The current grade (the latest grading): `high`, `medium`, `low`, `naira`, or a legacy
    /// grade on imported history; `null` when the view does not show gradings.
    #[schema(example = "high")]
    pub risk_grade: Option<String>,
    /// Every grading, oldest first: who, when and why.
    pub gradings: Vec<GradingResponse>,
    /// Reviews due on the open episode by its current grade.
    pub reviews_due: Vec<ReviewDueResponse>,
    /// Actions, enquiries, sightings, linked people and places, notifications; oldest first.
    pub notes: Vec<NoteResponse>,
    /// Found and returned; `null` while the child is missing.
    #[serde(rename = "return")]
    pub found: Option<ReturnResponse>,
    /// When the return home interview is due (72 hours from return by default), while none is
    /// recorded; `null` for a view that does not see RHIs.
    pub rhi_due_at: Option<DateTime<Utc>>,
    pub rhi: Option<RhiResponse>,
    /// Imported history rather than a report made in haven.
    pub imported: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct GradingResponse {
    #[schema(example = "high")]
    pub grade: String,
    pub rationale: String,
    /// Risk questionnaire answers: question code → `yes`, `no` or `not_known`.
    pub answers: BTreeMap<String, String>,
    pub graded_at: DateTime<Utc>,
    /// The user who graded; `null` when the system did (a NAIRA hold expiring).
    pub graded_by: Option<Uuid>,
    /// The version of the rules the grading was made under.
    pub rules_version: String,
    /// Why a NAIRA grade was safe for a child with concerns; `null` otherwise.
    pub naira_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReviewDueResponse {
    /// `supervisor` or `inspector`.
    pub kind: String,
    pub due_at: DateTime<Utc>,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NoteResponse {
    pub id: Uuid,
    /// `action`, `enquiry`, `sighting`, `linked_person`, `linked_place`, `notification`,
    /// `supervisor_review` or `inspector_review`.
    pub kind: String,
    pub at: DateTime<Utc>,
    pub text: String,
    pub person_id: Option<Uuid>,
    pub location_id: Option<Uuid>,
    /// For a notification: `childrens_services`, `placing_authority`, `host_authority` or
    /// `school`.
    pub recipient: Option<String>,
    /// On a review: when its reviewer set the next review of its kind; `null` when not set.
    pub next_review_at: Option<DateTime<Utc>>,
    pub recorded_by: Option<Uuid>,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReturnResponse {
    pub returned_at: DateTime<Utc>,
    pub found_where: String,
    pub found_by: String,
    pub with_whom: String,
    pub harm_seen: String,
    pub disclosed: bool,
    pub found_in_other_force_area: bool,
    pub prevention_interview_at: Option<DateTime<Utc>>,
    pub prevention_interview_notes: String,
    pub recorded_by: Option<Uuid>,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RhiResponse {
    /// `held`, `declined` or `not_possible`.
    #[schema(example = "held")]
    pub outcome: String,
    /// Who offered it.
    pub offered_by: String,
    /// Whether the interviewer was independent of the child's care and of the police; `null`
    /// when not recorded.
    pub interviewer_independent: Option<bool>,
    /// `given`, `refused` or `not_asked`; `null` when not recorded.
    pub consent_to_share: Option<String>,
    pub reason: String,
    pub held_at: DateTime<Utc>,
    /// The code of the agency that held it.
    pub held_by: Option<String>,
    pub in_person: bool,
    pub non_uniformed_officer_present: bool,
    pub where_and_with_whom: String,
    pub push_factors: String,
    pub pull_factors: String,
    pub disclosures: String,
    pub harm: String,
    pub exploitation_indicators: String,
    pub child_wants: String,
    pub information_shared_at: Option<DateTime<Utc>>,
    pub follow_up_actions: String,
    pub recorded_by: Option<Uuid>,
    pub recorded_at: DateTime<Utc>,
}

/// The code a view goes by in responses.
impl EpisodeResponse {
    /// The episode as `view` sees it: redacted by the domain here, so that no response can
    /// carry what the view may not see.
    pub fn new(
        episode: MissingEpisode,
        view: EpisodeView,
        codes: &HashMap<AgencyId, AgencyCode>,
        rules: &MissingRules,
    ) -> Self {
        let e = view.redact(episode);
        let at = now();
        let rhi_due_at = match (&e.found, &e.rhi) {
            (Some(found), None) if view.records_rhi() => Some(rhi_clock(found.returned_at, None, rules, at).due_at),
            _ => None,
        };
        let reviews_due = e
            .reviews_due(rules, at)
            .into_iter()
            .map(|r| ReviewDueResponse { kind: r.kind.code().to_owned(), due_at: r.due_at, overdue: r.overdue })
            .collect();
        Self {
            id: e.id.0,
            version: e.version,
            person_id: e.person_id.0,
            view: view.code().to_owned(),
            status: if e.is_open() { "missing" } else { "returned" }.to_owned(),
            reported_at: e.reported_at,
            last_seen_at: e.last_seen_at,
            risk_grade: e.grade().map(|g| g.code().to_owned()),
            reviews_due,
            gradings: e
                .gradings
                .into_iter()
                .map(|g| GradingResponse {
                    grade: g.grade.code().to_owned(),
                    rationale: g.rationale,
                    answers: g.answers.into_iter().map(|a| (a.question, a.answer.code().to_owned())).collect(),
                    graded_at: g.graded_at,
                    graded_by: g.graded_by.map(|u| u.0),
                    rules_version: g.rules_version,
                    naira_reason: g.naira_reason,
                })
                .collect(),
            last_seen_where: e.last_seen_where,
            reporter: e.reporter.code().to_owned(),
            from_location_id: e.from_location.map(|l| l.0),
            area_id: e.area_id.map(|a| a.0),
            circumstances: e.circumstances,
            police_reference: e.police_reference,
            officer_in_charge: e.officer_in_charge,
            out_of_area: e.out_of_area,
            notes: e.notes.into_iter().map(NoteResponse::from).collect(),
            found: e.found.map(ReturnResponse::from),
            rhi_due_at,
            rhi: e.rhi.map(|r| RhiResponse::new(r, codes)),
            imported: e.imported,
        }
    }
}

impl From<EpisodeNote> for NoteResponse {
    fn from(n: EpisodeNote) -> Self {
        Self {
            id: n.id.0,
            kind: n.kind.code().to_owned(),
            at: n.at,
            text: n.text,
            person_id: n.person_id.map(|p| p.0),
            location_id: n.location_id.map(|l| l.0),
            recipient: n.recipient.map(|r| r.code().to_owned()),
            next_review_at: n.next_review_at,
            recorded_by: n.recorded_by.map(|u| u.0),
            recorded_at: n.recorded_at,
        }
    }
}

impl From<ReturnRecord> for ReturnResponse {
    fn from(f: ReturnRecord) -> Self {
        Self {
            returned_at: f.returned_at,
            found_where: f.found_where,
            found_by: f.found_by,
            with_whom: f.with_whom,
            harm_seen: f.harm_seen,
            disclosed: f.disclosed,
            found_in_other_force_area: f.found_in_other_force_area,
            prevention_interview_at: f.prevention_interview_at,
            prevention_interview_notes: f.prevention_interview_notes,
            recorded_by: f.recorded_by.map(|u| u.0),
            recorded_at: f.recorded_at,
        }
    }
}

impl RhiResponse {
    fn new(r: RhiRecord, codes: &HashMap<AgencyId, AgencyCode>) -> Self {
        Self {
            outcome: r.outcome.code().to_owned(),
            offered_by: r.offered_by,
            interviewer_independent: r.interviewer_independent,
            consent_to_share: r.consent_to_share.map(|c| c.code().to_owned()),
            reason: r.reason,
            held_at: r.held_at,
            held_by: r.held_by.map(|a| codes.get(&a).map_or_else(|| a.to_string(), |c| c.as_str().to_owned())),
            in_person: r.in_person,
            non_uniformed_officer_present: r.non_uniformed_officer_present,
            where_and_with_whom: r.where_and_with_whom,
            push_factors: r.push_factors,
            pull_factors: r.pull_factors,
            disclosures: r.disclosures,
            harm: r.harm,
            exploitation_indicators: r.exploitation_indicators,
            child_wants: r.child_wants,
            information_shared_at: r.information_shared_at,
            follow_up_actions: r.follow_up_actions,
            recorded_by: r.recorded_by.map(|u| u.0),
            recorded_at: r.recorded_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc_3339_kept_in_utc_to_the_microsecond() {
        let t = time(Some("2026-10-25T01:30:00.1234567+01:00")).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-10-25T00:30:00.123456+00:00");
        assert_eq!(time(None), Err("required"));
        assert_eq!(time(Some("  ")), Err("required"));
        for bad in ["2026-10-25", "2026-10-25 01:30", "yesterday", "2026-13-01T00:00:00Z"] {
            assert_eq!(time(Some(bad)), Err("not-a-time"), "{bad}");
        }
        assert_eq!(optional_time(Some("")), None);
        assert_eq!(optional_time(Some("x")), Some(Err("not-a-time")));
    }
}
