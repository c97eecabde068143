//! `GET /directory?area=`: an area's teams and services grouped by kind, each with what it does
//! and how to refer, and who refers to whom: a chart (server-drawn SVG, `role="img"` with a
//! title and description) and the same pathways as a table, which is the accessible version.
//! An unknown area is named on the page with the areas to choose from.

use super::chart::{self, Chart, ChartTeam};
use crate::error::AppError;
use crate::pages::people::caller;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{ErrorItem, PageCtx, named_error, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use haven_app::Failure;
use haven_app::directory::Directory;
use haven_domain::directory::TeamKind;
use std::collections::HashMap;

#[derive(Debug)]
pub struct AreaChoice {
    pub code: String,
    pub name: String,
    pub selected: bool,
}

#[derive(Debug)]
pub struct TeamView {
    pub id: String,
    pub name: String,
    pub agency: String,
    pub what: String,
    pub how_to_refer: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub active: bool,
    pub editable: bool,
}

#[derive(Debug)]
pub struct KindGroup {
    pub id: String,
    pub heading: String,
    pub teams: Vec<TeamView>,
}

#[derive(Debug)]
pub struct PathwayView {
    pub id: String,
    pub from: String,
    pub to: String,
    pub when: String,
    pub how: String,
    pub removable: bool,
}

#[derive(Debug, Template)]
#[template(path = "directory/show.html")]
struct DirectoryPage {
    ctx: PageCtx,
    title: String,
    area_code: String,
    areas: Vec<AreaChoice>,
    errors: Vec<ErrorItem>,
    area_error: Option<String>,
    groups: Vec<KindGroup>,
    pathways: Vec<PathwayView>,
    chart: Chart,
    chart_desc: String,
    may_add_team: bool,
    may_add_pathway: bool,
    found: bool,
}

fn page(ctx: PageCtx, d: &Directory) -> DirectoryPage {
    let mut groups: Vec<KindGroup> = Vec::new();
    for kind in TeamKind::ALL {
        let teams: Vec<TeamView> = d
            .teams
            .iter()
            .filter(|t| t.details.kind == *kind)
            .map(|t| TeamView {
                id: t.id.to_string(),
                name: t.details.name.clone(),
                agency: d.agency_name(t).to_owned(),
                what: t.details.what.clone(),
                how_to_refer: t.details.how_to_refer.clone(),
                email: t.details.email.clone(),
                phone: t.details.phone.clone(),
                active: t.details.active,
                editable: d.may_edit(t),
            })
            .collect();
        if !teams.is_empty() {
            groups.push(KindGroup {
                id: format!("kind-{}", kind.code().replace('_', "-")),
                heading: ctx.label("team-kind", kind.code()),
                teams,
            });
        }
    }
    let name = |id| d.team(id).map(|t| t.details.name.clone()).unwrap_or_default();
    let pathways: Vec<PathwayView> = d
        .pathways
        .iter()
        .map(|p| PathwayView {
            id: p.id.to_string(),
            from: name(p.from_team),
            to: name(p.to_team),
            when: p.when.clone(),
            how: p.how.clone(),
            removable: d.may_remove(p),
        })
        .collect();
    let shown: Vec<ChartTeam> = d
        .teams
        .iter()
        .map(|t| ChartTeam {
            id: t.id,
            name: t.details.name.clone(),
            kind: ctx.label("team-kind", t.details.kind.code()),
            active: t.details.active,
        })
        .collect();
    let links: Vec<_> = d.pathways.iter().map(|p| (p.from_team, p.to_team)).collect();
    let chart = chart::layout(&shown, &links);
    let chart_desc = ctx.lang.t_args(
        "directory-chart-desc",
        &[("teams", d.teams.len().to_string()), ("pathways", d.pathways.len().to_string())],
    );
    DirectoryPage {
        title: ctx.t1("directory-title", "area", &d.area.name),
        area_code: d.area.code.to_string(),
        areas: d
            .areas
            .iter()
            .map(|a| AreaChoice { code: a.code.to_string(), name: a.name.clone(), selected: a.id == d.area.id })
            .collect(),
        errors: Vec::new(),
        area_error: None,
        groups,
        pathways,
        chart,
        chart_desc,
        may_add_team: d.may_add_team(),
        may_add_pathway: d.may_add_pathway(),
        found: true,
        ctx,
    }
}

#[tracing::instrument(skip_all)]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let caller = caller(&state, &session).await?;
    match caller.directory(query.get("area").map(String::as_str)).await {
        Ok(d) => render(StatusCode::OK, &page(ctx, &d)),
        Err(Failure::Invalid(invalid)) => {
            // An unknown area: say so, and offer the caller's own areas.
            let areas = caller.directory(None).await.map(|d| d.areas).unwrap_or_default();
            let label = ctx.t("directory-area");
            let errors: Vec<ErrorItem> = invalid
                .0
                .iter()
                .map(|e| ErrorItem { field: e.field.clone(), message: named_error(ctx.lang, &label, &e.field, e.code) })
                .collect();
            let chart_desc = String::new();
            let template = DirectoryPage {
                title: ctx.t("directory-title-none"),
                area_code: String::new(),
                areas: areas
                    .iter()
                    .map(|a| AreaChoice { code: a.code.to_string(), name: a.name.clone(), selected: false })
                    .collect(),
                area_error: errors.first().map(|e| e.message.clone()),
                errors,
                groups: Vec::new(),
                pathways: Vec::new(),
                chart: Chart::default(),
                chart_desc,
                may_add_team: false,
                may_add_pathway: false,
                found: false,
                ctx,
            };
            render(StatusCode::UNPROCESSABLE_ENTITY, &template)
        }
        Err(Failure::Forbidden(reason)) => Err(AppError::Forbidden(reason)),
        Err(Failure::NotFound) => Err(AppError::NotFound),
        Err(Failure::Conflict) => Err(AppError::BadRequest),
        Err(Failure::Store(e)) => Err(e.into()),
    }
}
