//! `GET /disruption`: disruption as far as the user's agency sees it, newest first, filtered by
//! area, 4P, tactic and dates (or of one person or place, from their pages). Bad filters come
//! back on the page with each one named.

use super::Row;
use crate::error::{AppError, Outcome};
use crate::pages::people::{caller, normalise_date};
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{ErrorItem, Field, FieldKind, PageCtx, attach_errors, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use haven_app::disruption::DisruptionFilter;
use haven_domain::disruption::Tactic;
use haven_domain::mace::FourP;
use serde::Deserialize;
use std::collections::HashMap;

/// The filters as the query string carries them.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Filters {
    pub person: String,
    pub location: String,
    pub area: String,
    pub four_p: String,
    pub tactic: String,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Template)]
#[template(path = "disruption/list.html")]
struct ListPage {
    ctx: PageCtx,
    fields: Vec<Field>,
    errors: Vec<ErrorItem>,
    rows: Vec<Row>,
    /// Kept when the list is of one person or place.
    person: String,
    location: String,
    /// Where to record disruption against the person or place the list is of.
    new_href: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(f): Query<Filters>,
) -> Result<Response, AppError> {
    let caller = caller(&state, &session).await?;
    let (from, to) = (normalise_date(&f.from), normalise_date(&f.to));
    let filter = DisruptionFilter {
        person: &f.person,
        location: &f.location,
        area: &f.area,
        four_p: &f.four_p,
        tactic: &f.tactic,
        from: &from,
        to: &to,
    };
    let (rows, problems) = match Outcome::of(caller.disruptions(&filter, "GET /disruption").await)? {
        Outcome::Done(rows) => (rows, Vec::new()),
        Outcome::Invalid(e) => (Vec::new(), e.0),
        Outcome::Conflict => return Err(AppError::BadRequest),
    };
    let agencies: HashMap<_, _> = state.store.agencies().await?.into_iter().map(|a| (a.id, a.name)).collect();
    let name = |id| agencies.get(&id).cloned().unwrap_or_default();
    let rows: Vec<Row> = rows.iter().map(|r| Row::new(&ctx, r, name)).collect();

    let areas = state.store.areas().await?;
    let any = || ("", ctx.t("disruption-any"));
    let area_choices: Vec<(&str, String)> =
        std::iter::once(any()).chain(areas.iter().map(|a| (a.code.as_str(), a.name.clone()))).collect();
    let four_ps: Vec<(&str, String)> = std::iter::once(any())
        .chain(FourP::ALL.iter().map(|p| (p.code(), ctx.label("disruption-four-p", p.code()))))
        .collect();
    let tactics: Vec<(&str, String)> = std::iter::once(any())
        .chain(Tactic::ALL.iter().map(|t| (t.code(), ctx.label("disruption-tactic", t.code()))))
        .collect();
    let mut fields = vec![
        Field::choose("area", ctx.t("disruption-area"), &f.area, FieldKind::Select, &area_choices),
        Field::choose("four_p", ctx.t("disruption-four-p"), &f.four_p, FieldKind::Select, &four_ps),
        Field::choose("tactic", ctx.t("disruption-tactic"), &f.tactic, FieldKind::Select, &tactics),
        Field::text("from", ctx.t("disruption-from"), &f.from, "govuk-input--width-10")
            .hint(ctx.t("disruption-date-hint")),
        Field::text("to", ctx.t("disruption-to"), &f.to, "govuk-input--width-10").hint(ctx.t("disruption-date-hint")),
    ];
    let errors = attach_errors(ctx.lang, &mut fields, &problems);
    let new_href = match (f.person.trim(), f.location.trim()) {
        ("", "") => None,
        (p, "") => Some(format!("/disruption/new?person={p}")),
        (_, l) => Some(format!("/disruption/new?location={l}")),
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = ListPage { ctx, fields, errors, rows, person: f.person.clone(), location: f.location.clone(), new_href };
    render(status, &page)
}
