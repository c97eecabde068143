//! `/admin/locations`: the install's locations, found by name, address or postcode, and added;
//! `/admin/placements/new`: a child placed at a location (reached from a location's row, which
//! fills in the location). For the install's administrator: a placement decides flags that
//! every agency sees. The forms are `haven_app::places`' actions, as the API's and the command
//! line's.

use super::install::Added;
use super::table::{Cell, Link, SearchBox, TablePage};
use super::{form, not_a_form, operator, posted};
use crate::error::AppError;
use crate::pages::people::normalise_date;
use crate::session::{CurrentSession, SignedIn};
use crate::state::AppState;
use crate::views::{Field, FieldKind, FormPage, PageCtx, render};
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use haven_app::places::{NewLocation, NewPlacement};
use haven_domain::FieldError;
use haven_domain::agency::AgencyKind;
use haven_domain::location::{LocationKind, PlacementKind};
use std::collections::HashMap;

/// The most locations one page lists: the search narrows the rest.
const PAGE: u32 = 200;

#[derive(Debug, serde::Deserialize)]
pub struct LocationQuery {
    #[serde(default)]
    q: String,
    #[serde(flatten)]
    added: Added,
}

#[tracing::instrument(skip_all)]
pub async fn locations(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(query): Query<LocationQuery>,
) -> Result<Response, AppError> {
    let op = operator(&state, &session);
    let found = op.locations(&query.q, PAGE).await.map_err(not_a_form)?;
    let areas: HashMap<_, _> = op.areas().await.map_err(not_a_form)?.into_iter().map(|a| (a.id, a.name)).collect();
    let notice = query
        .added
        .added
        .as_deref()
        .filter(|id| found.iter().any(|l| l.id.to_string() == *id))
        .map(|_| ctx.t("admin-location-added"));
    let rows = found
        .iter()
        .map(|l| {
            vec![
                Cell::text(l.name.clone().unwrap_or_default()),
                Cell::text(l.address.clone()),
                Cell::text(l.postcode.as_ref().map(ToString::to_string).unwrap_or_default()),
                Cell::text(ctx.label("location-kind", l.kind.code())),
                Cell::text(l.area_id.and_then(|a| areas.get(&a).cloned()).unwrap_or_default()),
                Cell::link(ctx.t("admin-place-here"), format!("/admin/placements/new?location={}", l.id)),
            ]
        })
        .collect();
    let headers = ["admin-name", "admin-address", "admin-postcode", "admin-kind", "admin-area", "admin-placements"]
        .iter()
        .map(|k| ctx.t(k))
        .collect();
    let search = SearchBox { action: "/admin/locations".into(), label: ctx.t("admin-location-search"), value: query.q };
    let title = ctx.t("admin-locations-title");
    let button = ctx.t("admin-new-location-title");
    let intro = Some(ctx.t("admin-locations-text"));
    let links = vec![Link { href: "/admin/places/import".into(), label: ctx.t("admin-places-import-link") }];
    let page = TablePage {
        notice,
        intro,
        links,
        search: Some(search),
        ..TablePage::new(ctx, title, "locations", headers, rows)
    };
    render(StatusCode::OK, &page.add_button("/admin/locations/new", button))
}

async fn location_form(
    state: &AppState,
    ctx: PageCtx,
    session: &CurrentSession,
    posted: &HashMap<String, String>,
    errors: &[FieldError],
) -> Result<FormPage, AppError> {
    let v = |name: &str| posted.get(name).cloned().unwrap_or_default();
    let kinds: Vec<(&str, String)> =
        LocationKind::ALL.iter().map(|k| (k.code(), ctx.label("location-kind", k.code()))).collect();
    let area = super::area_select(state, &ctx, session, &v("area")).await?;
    let fields = vec![
        Field::choose("kind", ctx.t("admin-kind"), &v("kind"), FieldKind::Radios, &kinds),
        Field::text("name", ctx.t("admin-location-name"), &v("name"), "govuk-!-width-one-half")
            .hint(ctx.t("admin-location-name-hint")),
        Field::textarea("address", ctx.t("admin-address"), &v("address")),
        Field::text("postcode", ctx.t("admin-postcode"), &v("postcode"), "govuk-input--width-10"),
        area,
        Field::text("latitude", ctx.t("admin-latitude"), &v("latitude"), "govuk-input--width-10")
            .hint(ctx.t("admin-latitude-hint")),
        Field::text("longitude", ctx.t("admin-longitude"), &v("longitude"), "govuk-input--width-10")
            .hint(ctx.t("admin-longitude-hint")),
    ];
    Ok(form(ctx, "admin-new-location-title", "/admin/locations/new", "/admin/locations", fields, errors))
}

#[tracing::instrument(skip_all)]
pub async fn new_location(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
) -> Result<Response, AppError> {
    render(StatusCode::OK, &location_form(&state, ctx, &session, &HashMap::new(), &[]).await?)
}

#[tracing::instrument(skip_all)]
pub async fn create_location(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Form(values): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let v = |name: &str| values.get(name).map(String::as_str).unwrap_or("");
    let new = NewLocation {
        kind: v("kind"),
        name: v("name"),
        address: v("address"),
        postcode: v("postcode"),
        area: v("area"),
        latitude: v("latitude"),
        longitude: v("longitude"),
    };
    let made = operator(&state, &session).create_location(&new, "POST /admin/locations/new").await;
    match posted(made, |l| format!("/admin/locations?q={}&added={}", search_term(l), l.id))? {
        Ok(next) => Ok(next),
        Err(problems) => {
            render(StatusCode::UNPROCESSABLE_ENTITY, &location_form(&state, ctx, &session, &values, &problems.0).await?)
        }
    }
}

/// The new location's postcode (or, without one, nothing), for the list to open on it.
fn search_term(l: &haven_domain::location::Location) -> String {
    l.postcode.as_ref().map(|p| p.to_string().replace(' ', "+")).unwrap_or_default()
}

async fn placement_form(
    state: &AppState,
    ctx: PageCtx,
    session: &CurrentSession,
    posted: &HashMap<String, String>,
    errors: &[FieldError],
) -> Result<FormPage, AppError> {
    let v = |name: &str| posted.get(name).cloned().unwrap_or_default();
    let kinds: Vec<(&str, String)> =
        PlacementKind::ALL.iter().map(|k| (k.code(), ctx.label("placement-kind", k.code()))).collect();
    let authorities: Vec<(String, String)> = operator(state, session)
        .agencies()
        .await
        .map_err(not_a_form)?
        .into_iter()
        .filter(|a| a.kind == AgencyKind::LocalAuthority)
        .map(|a| (a.code.to_string(), a.name))
        .collect();
    let mut placing: Vec<(&str, String)> = vec![("", ctx.t("admin-no-placing-authority"))];
    placing.extend(authorities.iter().map(|(c, n)| (c.as_str(), n.clone())));
    let fields = vec![
        Field::text("person_id", ctx.t("admin-placement-person"), &v("person_id"), "govuk-!-width-two-thirds")
            .hint(ctx.t("admin-placement-person-hint")),
        Field::text("location_id", ctx.t("admin-placement-location"), &v("location_id"), "govuk-!-width-two-thirds")
            .hint(ctx.t("admin-placement-location-hint")),
        Field::choose("kind", ctx.t("admin-kind"), &v("kind"), FieldKind::Radios, &kinds),
        Field::text("started_on", ctx.t("admin-placement-starts"), &v("started_on"), "govuk-input--width-10")
            .hint(ctx.t("admin-date-hint")),
        Field::text("ended_on", ctx.t("admin-placement-ends"), &v("ended_on"), "govuk-input--width-10")
            .hint(ctx.t("admin-placement-ends-hint")),
        Field::choose(
            "placing_authority",
            ctx.t("admin-placing-authority"),
            &v("placing_authority"),
            FieldKind::Select,
            &placing,
        ),
    ];
    Ok(form(ctx, "admin-new-placement-title", "/admin/placements/new", "/admin/locations", fields, errors))
}

#[derive(Debug, serde::Deserialize)]
pub struct PlaceAt {
    #[serde(default)]
    location: String,
}

#[tracing::instrument(skip_all)]
pub async fn new_placement(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(at): Query<PlaceAt>,
) -> Result<Response, AppError> {
    let start = HashMap::from([
        ("location_id".to_owned(), at.location),
        ("kind".to_owned(), PlacementKind::CarePlacement.code().to_owned()),
    ]);
    render(StatusCode::OK, &placement_form(&state, ctx, &session, &start, &[]).await?)
}

#[tracing::instrument(skip_all)]
pub async fn create_placement(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Form(values): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let v = |name: &str| values.get(name).map(String::as_str).unwrap_or("");
    let new = NewPlacement {
        person: v("person_id"),
        location: v("location_id"),
        kind: v("kind"),
        started_on: &normalise_date(v("started_on")),
        ended_on: &normalise_date(v("ended_on")),
        placing_authority: v("placing_authority"),
    };
    let made = operator(&state, &session).add_placement(&new, "POST /admin/placements/new").await;
    match made {
        Ok(p) => {
            let rows = vec![vec![
                Cell::text(p.id.to_string()),
                Cell::text(ctx.label("placement-kind", p.kind.code())),
                Cell::text(ctx.date(&p.started_on)),
                Cell::text(p.ended_on.map(|d| ctx.date(&d)).unwrap_or_default()),
            ]];
            let headers = ["admin-placement-id", "admin-kind", "admin-placement-starts", "admin-placement-ends"]
                .iter()
                .map(|k| ctx.t(k))
                .collect();
            let title = ctx.t("admin-placement-added");
            let page = TablePage {
                intro: Some(ctx.t("admin-placement-added-text")),
                ..TablePage::new(ctx, title, "placement", headers, rows)
            };
            render(StatusCode::CREATED, &page)
        }
        Err(f) => {
            let problems = super::form_problems(f)?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &placement_form(&state, ctx, &session, &values, &problems.0).await?,
            )
        }
    }
}

#[derive(Debug, Template)]
#[template(path = "admin/places_import.html")]
struct ImportPage {
    ctx: PageCtx,
    /// Why the file was refused, for the error summary.
    error: Option<String>,
    /// Each refused row's place (`row 3: postcode`) and its problem.
    problems: Vec<(String, String)>,
    /// What an import wrote.
    done: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn import_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
) -> Result<Response, AppError> {
    operator(&state, &session).areas().await.map_err(not_a_form)?;
    render(StatusCode::OK, &ImportPage { ctx, error: None, problems: Vec::new(), done: None })
}

/// Reads the file, then `haven_app::places`' import: every row or none. Refused rows are listed
/// by row and column, with what is wrong; nothing is written then.
#[tracing::instrument(skip_all)]
pub async fn import(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let op = operator(&state, &session);
    // Only the install's administrator gets as far as reading the file.
    op.areas().await.map_err(not_a_form)?;
    let mut bytes = Vec::new();
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("file") {
            bytes = field.bytes().await.map_err(|_| AppError::BadRequest)?.to_vec();
        }
    }
    if bytes.is_empty() {
        let error = Some(ctx.t("import-no-file"));
        return render(StatusCode::UNPROCESSABLE_ENTITY, &ImportPage { ctx, error, problems: Vec::new(), done: None });
    }
    match op.import_places(&bytes, "POST /admin/places/import").await {
        Ok(done) => {
            let text = ctx.lang.t_args(
                "admin-places-imported",
                &[("locations", done.locations.to_string()), ("placements", done.placements.to_string())],
            );
            render(StatusCode::CREATED, &ImportPage { ctx, error: None, problems: Vec::new(), done: Some(text) })
        }
        Err(f) => {
            let invalid = super::form_problems(f)?;
            let problems: Vec<(String, String)> = invalid
                .0
                .iter()
                .map(|p| {
                    let column = p.field.rsplit(": ").next().unwrap_or(&p.field);
                    (p.field.clone(), ctx.lang.field_error(column, p.code))
                })
                .collect();
            let error = Some(ctx.count("admin-places-import-refused", "count", problems.len()));
            render(StatusCode::UNPROCESSABLE_ENTITY, &ImportPage { ctx, error, problems, done: None })
        }
    }
}
