//! `GET /people/{id}`: one view of a person: details, other names, each agency's record and
//! reference, addresses and placements over time, warning markers and NRM referrals as far as
//! the user's agency is shared them, and, for supervisors, who has recently
//! seen or changed the record. The read is audited by the store in the same transaction.

use crate::child_summary::child_summary;
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use haven_app::{ChildEpisodes, Refusal};
use haven_domain::ids::AgencyId;
use haven_domain::marker::MarkerStatus;
use haven_domain::person::{CareStatus, Person, PersonKind, age_on};
use haven_domain::policy::{Action, Target, can};
use haven_domain::sharing::RecordClass;
use std::collections::HashMap;

/// How many audit events the "recent access" table shows.
const RECENT_ACCESS: u32 = 20;

#[derive(Debug)]
pub struct PlacementRow {
    pub kind: String,
    pub place: String,
    pub from: String,
    pub to: String,
}

/// A warning marker on the person's page.
#[derive(Debug)]
pub struct MarkerRow {
    pub id: String,
    pub version: i64,
    pub marker_type: String,
    pub offending: bool,
    pub status: String,
    pub pending: bool,
    pub reason: String,
    pub source: String,
    pub starts_on: String,
    pub review_on: String,
    pub overdue: bool,
    /// The caller may approve it: a supervisor of an agency that sees it, not its raiser.
    pub can_approve: bool,
    /// The caller may review it (keep or end): an open marker of their own agency's.
    pub can_review: bool,
}

/// An NRM referral on the person's page.
#[derive(Debug)]
pub struct NrmRow {
    pub id: String,
    /// The caller may record its decisions, and one is still to come.
    pub can_decide: bool,
    pub referred_on: String,
    pub first_responder: String,
    pub exploitation: String,
    pub rg: String,
    pub cg: String,
    pub rg_overdue: bool,
}

#[derive(Debug, Template)]
#[template(path = "people/show.html")]
struct PersonPage {
    ctx: PageCtx,
    person: Person,
    age: Option<u32>,
    version_note: String,
    can_edit: bool,
    can_screen: bool,
    /// "Report missing" as a button: for a child (or a care leaver, whom an area may keep
    /// episodes of) where the policy lets the user report.
    can_report_missing: bool,
    /// The child's current missing flags (repeat missing, missing now…), as their missing
    /// history shows them to the caller; and the open markers' warnings, with their tags.
    flags: Vec<String>,
    warnings: Vec<String>,
    placing_authority: Option<String>,
    host_authority: Option<String>,
    /// Agency name, reference, when recorded.
    records: Vec<(String, String, String)>,
    placements: Vec<PlacementRow>,
    markers: Vec<MarkerRow>,
    can_raise_marker: bool,
    nrm: Vec<NrmRow>,
    can_refer_nrm: bool,
    /// Disruption against or protecting them: a link to the list, and to record one.
    can_view_disruption: bool,
    can_record_disruption: bool,
    access: Option<Vec<super::audit::AccessRow>>,
}

#[tracing::instrument(skip_all, fields(person_id = %id))]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = super::parse_id(&id)?;
    let purpose = "GET /people/{id}";
    let caller = super::caller(&state, &session).await?;
    let (person, access) = caller.read_person(id, purpose).await?;
    let holders = access.holders;
    let actor = session.actor();
    let store = &state.store;

    let agencies: HashMap<AgencyId, String> = store.agencies().await?.into_iter().map(|a| (a.id, a.name)).collect();
    let agency_name = |id: &AgencyId| agencies.get(id).cloned().unwrap_or_else(|| id.to_string());
    let authority = |id: &Option<AgencyId>| id.as_ref().map(agency_name);

    let records = person
        .records
        .iter()
        .map(|r| {
            (
                agency_name(&r.agency_id),
                r.reference.as_ref().map(|r| r.to_string()).unwrap_or_else(|| ctx.t("person-no-reference")),
                ctx.time(&r.recorded_at),
            )
        })
        .collect();
    let today = super::super::today_uk();
    let placements = store
        .placements(id)
        .await?
        .into_iter()
        .map(|p| {
            let l = &p.location;
            let place = [l.name.clone(), Some(l.address.clone()), l.postcode.as_ref().map(|p| p.to_string())]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            PlacementRow {
                kind: ctx.label("placement-kind", p.placement.kind.code()),
                place,
                from: ctx.date(&p.placement.started_on),
                to: match p.placement.ended_on {
                    Some(end) => ctx.date(&end),
                    None if p.placement.is_current_on(today) => ctx.t("person-placement-current"),
                    None => String::new(),
                },
            }
        })
        .collect();

    // The missing flags, where the caller may see the child's episodes (the read audited). Asked
    // of the policy first, so that a user who may not is not recorded as refused on every visit.
    let episodes_target = Target::Episode { holders: &holders, owner: None, sharing: caller.sharing() };
    let may_see_episodes = can(&actor, Action::ViewEpisodes, episodes_target).is_allowed();
    let episodes = if may_see_episodes { caller.child_episodes(id, purpose).await } else { Err(Refusal::NotFound) };
    let flags = match episodes {
        Ok(ChildEpisodes { episodes, view, .. }) => {
            let book = state.rules_book().await?;
            let summary = child_summary(store.as_ref(), id, &episodes, view, &book, crate::clock::now()).await?;
            summary.flags.iter().map(|f| ctx.label("flag", f.code)).collect()
        }
        Err(Refusal::Forbidden(_) | Refusal::NotFound) => Vec::new(),
        Err(Refusal::Store(e)) => return Err(e.into()),
    };

    let found = caller.person_markers(id, purpose).await?;
    let warnings: Vec<String> =
        found.markers.iter().filter(|m| m.is_open()).map(|m| ctx.label("marker-type", m.marker_type.code())).collect();
    let me = actor.user_id;
    let markers = found
        .markers
        .into_iter()
        .map(|m| {
            let marker_target = Target::Owned {
                class: RecordClass::WarningMarker,
                owner: m.owner,
                holders: Some(&holders),
                sharing: caller.sharing(),
            };
            let pending = m.status() == MarkerStatus::Pending;
            MarkerRow {
                id: m.id.to_string(),
                version: m.version,
                marker_type: ctx.label("marker-type", m.marker_type.code()),
                offending: m.marker_type.is_offending(),
                status: ctx.label("marker-status", m.status().code()),
                pending,
                source: [agency_name(&m.source_agency), m.source_note.clone()].join(": "),
                reason: m.reason.clone(),
                starts_on: ctx.date(&m.starts_on),
                review_on: ctx.date(&m.review_on),
                overdue: m.is_overdue(today),
                can_review: m.is_open() && can(&actor, Action::ReviewMarker, marker_target).is_allowed(),
                can_approve: pending
                    && m.raised_by != Some(me)
                    && can(&actor, Action::ApproveMarker, marker_target).is_allowed(),
            }
        })
        .collect();
    let (referrals, can_refer_nrm) = caller.person_nrm(id, purpose).await?;
    let decision = |d: Option<haven_domain::nrm::NrmDecision>, days: Option<i64>, awaiting: Option<i64>| match d {
        Some(d) => format!(
            "{}, {} ({})",
            ctx.label("decision", d.outcome.code()),
            ctx.date(&d.decided_on),
            ctx.count("nrm-days", "days", usize::try_from(days.unwrap_or(0)).unwrap_or(0))
        ),
        None => match awaiting {
            Some(n) => {
                format!("{} ({})", ctx.t("nrm-awaited"), ctx.count("nrm-days", "days", usize::try_from(n).unwrap_or(0)))
            }
            None => ctx.t("nrm-awaited"),
        },
    };
    let nrm = referrals
        .into_iter()
        .map(|r| {
            let t = r.times(today);
            let nrm_target = Target::Owned {
                class: RecordClass::Nrm,
                owner: r.owner,
                holders: Some(&holders),
                sharing: caller.sharing(),
            };
            NrmRow {
                id: r.id.to_string(),
                can_decide: r.conclusive_grounds.is_none() && can(&actor, Action::RecordNrm, nrm_target).is_allowed(),
                referred_on: ctx.date(&r.referred_on),
                first_responder: match &r.first_responder_note {
                    Some(note) => format!("{} ({note})", ctx.label("first-responder", r.first_responder.code())),
                    None => ctx.label("first-responder", r.first_responder.code()),
                },
                exploitation: ctx.label("exploitation", r.exploitation.code()),
                rg: decision(r.reasonable_grounds, t.rg_days, t.awaiting_rg_days),
                cg: decision(r.conclusive_grounds, t.cg_days, None),
                rg_overdue: t.rg_overdue,
            }
        })
        .collect();

    let target = Target::Person { holders: &holders, sharing: caller.sharing() };
    let access = if can(&actor, Action::ViewPersonAudit, target).is_allowed() {
        let trail = caller.person_trail(id, RECENT_ACCESS, purpose).await?;
        Some(super::audit::rows(&ctx, &trail, &agencies))
    } else {
        None
    };

    let page = PersonPage {
        age: person.details.date_of_birth.map(|d| age_on(d, today)),
        version_note: ctx.lang.t_args(
            "person-version",
            &[("version", person.version.to_string()), ("when", ctx.time(&person.updated_at))],
        ),
        can_edit: can(&actor, Action::EditPerson, target).is_allowed(),
        can_screen: can(&actor, Action::ScreenChild, target).is_allowed() && person.details.kind == PersonKind::Child,
        can_report_missing: can(
            &actor,
            Action::ReportMissing,
            Target::Episode { holders: &holders, owner: None, sharing: caller.sharing() },
        )
        .is_allowed()
            && (person.details.kind == PersonKind::Child || person.details.care_status == CareStatus::CareLeaver),
        flags,
        warnings,
        placing_authority: authority(&person.details.placing_authority),
        host_authority: authority(&person.details.host_authority),
        records,
        placements,
        markers,
        can_raise_marker: found.may_raise,
        nrm,
        can_refer_nrm,
        can_view_disruption: can(&actor, Action::ViewDisruption, target).is_allowed(),
        can_record_disruption: can(&actor, Action::RecordDisruption, target).is_allowed(),
        access,
        person,
        ctx,
    };
    render(StatusCode::OK, &page)
}
