//! `GET|POST /mace/meetings/{id}/items/{item}/links`: the people and places a meeting linked to
//! an agenda item's subject (an adult, another child or a place linked to a child; a child
//! linked to a person of concern or a place), each an edge of the network for the meeting's
//! agencies. Picked from haven's own records as an association is. Who may link what is
//! `haven_app::mace`'s to decide.

use super::parse;
use crate::error::{AppError, Outcome};
use crate::pages::network::pick::{PickPage, Search, choices};
use crate::pages::people::caller;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, attach_errors, form_values, render};
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::Caller;
use haven_app::network::NodeLabel;
use haven_domain::FieldError;
use haven_domain::ids::{AgendaItemId, MeetingId};
use haven_domain::mace::meeting::ItemKind;
use haven_domain::network::MaceLinkInput;

fn href(id: MeetingId, item: AgendaItemId) -> String {
    format!("/mace/meetings/{id}/items/{item}/links")
}

#[expect(clippy::too_many_arguments, reason = "the page's parts, each needed to draw it again after a refusal")]
async fn page(
    state: &AppState,
    caller: &Caller<'_>,
    ctx: PageCtx,
    (id, item): (MeetingId, AgendaItemId),
    search: &Search,
    chosen: (&str, &str),
    problems: &[FieldError],
    purpose: &str,
) -> Result<Response, AppError> {
    let (found, runs, labels) = caller.item_links(id, item, purpose).await?;
    let kind = found.item.subject.kind();
    if kind == ItemKind::Theme {
        return Err(AppError::NotFound);
    }
    let recorded = labels
        .into_iter()
        .map(|label| match label {
            NodeLabel::Person { name, kind } => format!("{name} ({})", ctx.label("kind", kind.code())),
            NodeLabel::Hidden => ctx.t("network-hidden-person"),
            NodeLabel::Place { label, .. } => label,
        })
        .collect();
    let mut fields = if runs {
        choices(state, caller, &ctx, search, found.subject.person, chosen, purpose).await?
    } else {
        Vec::new()
    };
    let nothing_found = runs && !search.is_empty() && fields.is_empty();
    let errors = attach_errors(ctx.lang, &mut fields, problems);
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let intro = if kind == ItemKind::Child { "mace-links-intro-child" } else { "mace-links-intro-other" };
    let page = PickPage {
        title: ctx.t1("mace-links-title", "subject", &found.subject.label),
        intro: ctx.t(intro),
        back_href: format!("/mace/meetings/{id}#agenda"),
        action: href(id, item),
        button: ctx.t("mace-links-record"),
        q: search.q.clone(),
        place: search.place.clone(),
        fields,
        errors,
        nothing_found,
        recorded_heading: ctx.t("mace-links-recorded"),
        recorded,
        runs,
        ctx,
    };
    render(status, &page)
}

#[tracing::instrument(skip_all)]
pub async fn form(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path((raw, raw_item)): Path<(String, String)>,
    Query(search): Query<Search>,
) -> Result<Response, AppError> {
    let ids = (parse(&raw)?, parse(&raw_item)?);
    let caller = caller(&state, &session).await?;
    let purpose = "GET /mace/meetings/{id}/items/{item}/links";
    page(&state, &caller, ctx, ids, &search, ("", ""), &[], purpose).await
}

#[tracing::instrument(skip_all)]
pub async fn record(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path((raw, raw_item)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (id, item): (MeetingId, AgendaItemId) = (parse(&raw)?, parse(&raw_item)?);
    let caller = caller(&state, &session).await?;
    let purpose = "POST /mace/meetings/{id}/items/{item}/links";
    let v = form_values(pairs);
    let get = |k: &str| v.get(k).cloned().unwrap_or_default();
    let (person, location) = (get("person_id"), get("location_id"));
    let input = MaceLinkInput { person: &person, location: &location };
    let problems = match Outcome::of(caller.link_item(id, item, &input, purpose).await)? {
        Outcome::Done(_) => return Ok(Redirect::to(&href(id, item)).into_response()),
        Outcome::Invalid(e) => e.0,
        Outcome::Conflict => return Err(AppError::BadRequest),
    };
    let search = Search { q: get("q"), place: get("place") };
    page(&state, &caller, ctx, (id, item), &search, (&person, &location), &problems, purpose).await
}
