//! `GET /people/{id}`: one view of a person: details, other names, each agency's record and
//! reference, addresses and placements over time, and, for supervisors, who has recently
//! seen or changed the record. The read is audited by the store in the same transaction.

use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use haven_domain::ids::AgencyId;
use haven_domain::person::{Person, PersonKind, age_on};
use haven_domain::policy::{Action, Target, can};
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

#[derive(Debug, Template)]
#[template(path = "people/show.html")]
struct PersonPage {
    ctx: PageCtx,
    person: Person,
    age: Option<u32>,
    version_note: String,
    can_edit: bool,
    can_screen: bool,
    placing_authority: Option<String>,
    host_authority: Option<String>,
    /// Agency name, reference, when recorded.
    records: Vec<(String, String, String)>,
    placements: Vec<PlacementRow>,
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
        placing_authority: authority(&person.details.placing_authority),
        host_authority: authority(&person.details.host_authority),
        records,
        placements,
        access,
        person,
        ctx,
    };
    render(StatusCode::OK, &page)
}
