//! An area's figures for boards (`GET /api/v1/figures?area=&from=&to=`): the same application
//! call as the page and the board pack, so the same numbers, with each figure's title and
//! definition in English (or Welsh with `lang=cy`).

use crate::AppState;
use crate::api::access::caller;
use crate::api::auth::ApiUser;
use crate::api::error::{ApiError, ApiResult, FieldProblem, Problem};
use crate::api::query::QueryParams;
use crate::figures_words as words;
use crate::i18n::Lang;
use axum::Json;
use axum::extract::State;
use haven_app::figures::{AreaFigures, FiguresAsk};
use haven_domain::figures::{Cell, Pair, Unit};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(figures))
}

/// One number as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CellResponse {
    /// `count`, `number`, `suppressed` (fewer than the threshold), `hidden` (not small itself,
    /// hidden so that a small number beside it cannot be worked out) or `none` (nothing to take
    /// a median or mean of).
    pub kind: &'static str,
    /// The number; `null` unless `kind` is `count` or `number`.
    pub value: Option<f64>,
    /// As the page shows it: `7`, `fewer than 5`, `not shown`, `none`.
    pub text: String,
}

fn cell(lang: Lang, c: Cell, unit: Unit, threshold: Option<u64>) -> CellResponse {
    let kind = match c {
        Cell::Count(_) => "count",
        Cell::Number(_) => "number",
        Cell::Suppressed => "suppressed",
        Cell::Hidden => "hidden",
        Cell::None => "none",
    };
    CellResponse { kind, value: c.number(), text: words::cell(lang, c, unit, threshold) }
}

/// One part of a figure's breakdown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartResponse {
    /// The part's code (`high`, `childrens_home`, `13_to_15`…).
    pub key: &'static str,
    pub label: String,
    pub value: CellResponse,
    pub previous: CellResponse,
    /// The area's children of this group (aged 0–17), where the area's child population is set
    /// and gives the group; `null` otherwise.
    pub population: Option<u64>,
    /// The part per 1,000 of `population`, now and before; `null` where there is no population.
    /// Each is `hidden` wherever its count is not shown.
    pub rate: Option<RateResponse>,
}

/// A rate per 1,000 children, now and in the period before (against the same population).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RateResponse {
    /// `number` (to one decimal place), `hidden` (its count is not shown) or `none` (no children
    /// in the group to take it over).
    pub value: CellResponse,
    pub previous: CellResponse,
}

/// Where the rates' population comes from.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PopulationNoteResponse {
    #[schema(example = "ONS mid-2024 population estimates")]
    pub source: String,
    /// The date the population is as of, `YYYY-MM-DD`.
    pub as_of: String,
}

/// One month of a figure's series.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MonthResponse {
    /// `2026-03`.
    pub month: String,
    pub value: CellResponse,
}

/// One figure.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FigureResponse {
    /// The figure's stable id (`missing-episodes`, `rhi-offered-in-time`…).
    pub id: &'static str,
    /// `missing`, `children`, `grading`, `rhi`, `exploitation`, `mace` or `grading_week`.
    pub section: &'static str,
    /// `count`, `ratio`, `hours`, `days` or `score`.
    pub unit: &'static str,
    pub title: String,
    pub definition: String,
    pub value: CellResponse,
    /// The same figure over the period before (for `grading_week`, the week before).
    pub previous: CellResponse,
    /// `value − previous`; `null` when either is not shown.
    pub change: Option<f64>,
    pub parts: Vec<PartResponse>,
    /// Whether a record may be in more than one part (the parts need not add up to the total).
    pub parts_overlap: bool,
    pub months: Vec<MonthResponse>,
    /// For the children by sex, age band and ethnic group and the markers by age band, where the
    /// area's child population is set: all its children aged 0–17; `null` otherwise.
    pub population: Option<u64>,
    /// The total per 1,000 of `population`, now and before; `null` where there is none.
    pub rate: Option<RateResponse>,
}

/// An area's figures.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FiguresResponse {
    /// The area's code and name.
    pub area: String,
    pub area_name: String,
    /// The range asked for, both days included, and the one before it.
    pub from: String,
    pub to: String,
    pub previous_from: String,
    pub previous_to: String,
    /// The week of the grading scrutiny: the seven days that end on `to`.
    pub week_from: String,
    pub week_to: String,
    /// `OFFICIAL` (small numbers hidden) or `OFFICIAL-SENSITIVE` (exact).
    pub marking: &'static str,
    /// Counts above zero and under this are `suppressed`; `null` when the figures are exact.
    pub suppressed_below: Option<u64>,
    /// The child population the rates are taken against; `null` where the area has none set,
    /// when no figure carries a rate.
    pub population: Option<PopulationNoteResponse>,
    pub figures: Vec<FigureResponse>,
}

fn rate(lang: Lang, r: Option<Pair>, threshold: Option<u64>) -> Option<RateResponse> {
    r.map(|r| RateResponse {
        value: rate_cell(lang, r.value, threshold),
        previous: rate_cell(lang, r.previous, threshold),
    })
}

fn rate_cell(lang: Lang, c: Cell, threshold: Option<u64>) -> CellResponse {
    CellResponse { text: words::rate(lang, Some(c), threshold), ..cell(lang, c, Unit::Count, threshold) }
}

fn unit_code(u: Unit) -> &'static str {
    match u {
        Unit::Count => "count",
        Unit::Ratio => "ratio",
        Unit::Hours => "hours",
        Unit::Days => "days",
        Unit::Score => "score",
    }
}

/// The figures as the API (and the board pack's JSON) gives them.
pub fn response(lang: Lang, af: &AreaFigures) -> FiguresResponse {
    let f = &af.figures;
    let t = f.suppressed_below;
    FiguresResponse {
        area: af.area.code.to_string(),
        area_name: af.area.name.clone(),
        from: f.period.from.to_string(),
        to: f.period.to.to_string(),
        previous_from: f.previous.from.to_string(),
        previous_to: f.previous.to.to_string(),
        week_from: f.week.from.to_string(),
        week_to: f.week.to.to_string(),
        marking: af.marking.label(),
        suppressed_below: t,
        population: f
            .population
            .as_ref()
            .map(|p| PopulationNoteResponse { source: p.source.clone(), as_of: p.as_of.to_string() }),
        figures: f
            .figures
            .iter()
            .map(|fig| FigureResponse {
                id: fig.id,
                section: fig.section.code(),
                unit: unit_code(fig.unit),
                title: words::title(lang, fig.id),
                definition: words::definition(lang, fig.id),
                value: cell(lang, fig.pair.value, fig.unit, t),
                previous: cell(lang, fig.pair.previous, fig.unit, t),
                change: fig.pair.change(),
                parts: fig
                    .parts
                    .iter()
                    .map(|p| PartResponse {
                        key: p.key,
                        label: words::part_label(lang, fig.id, p.key),
                        value: cell(lang, p.pair.value, fig.unit, t),
                        previous: cell(lang, p.pair.previous, fig.unit, t),
                        population: p.population,
                        rate: rate(lang, p.rate, t),
                    })
                    .collect(),
                parts_overlap: fig.parts_overlap,
                months: fig
                    .months
                    .iter()
                    .map(|m| MonthResponse { month: m.month.clone(), value: cell(lang, m.value, fig.unit, t) })
                    .collect(),
                population: fig.population,
                rate: rate(lang, fig.rate, t),
            })
            .collect(),
    }
}

const KNOWN: &[&str] = &["area", "from", "to", "exact", "lang"];

/// An area's figures for boards over a range of dates (`from` and `to` included, at most ten
/// years, not after today), each with the period before it for the trend: the same numbers as
/// the page and the board pack. Roles that see aggregates only; `scrutiny` always gets small
/// numbers hidden, and `exact=true` is refused to it. Audited (`figures.view`).
#[utoipa::path(
    get,
    path = "/api/v1/figures",
    tag = "figures",
    params(
        ("area" = String, Query, description = "The area's code"),
        ("from" = String, Query, description = "The first day, YYYY-MM-DD"),
        ("to" = String, Query, description = "The last day, YYYY-MM-DD"),
        ("exact" = Option<bool>, Query, description = "`true` for exact figures (not for scrutiny); small numbers are hidden otherwise"),
        ("lang" = Option<String>, Query, description = "`en` (default) or `cy`: the language of titles, definitions and texts"),
    ),
    responses(
        (status = 200, description = "The figures", body = FiguresResponse),
        (status = 400, description = "A parameter refused, by name (`area: unknown-area`, `to: before-from`, `to: range-too-long`, `to: date-in-future`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all)]
pub async fn figures(State(state): State<AppState>, user: ApiUser, q: QueryParams) -> ApiResult<Json<FiguresResponse>> {
    q.only(KNOWN)?;
    let lang = match q.get("lang") {
        None => Lang::En,
        Some(raw) => Lang::parse(raw).ok_or_else(|| ApiError::bad_field("lang", "unknown-code"))?,
    };
    let exact = match q.get("exact") {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(ApiError::bad_field("exact", "unknown-code")),
    };
    let get = |name| q.get(name).unwrap_or_default();
    let ask = FiguresAsk { area: get("area"), from: get("from"), to: get("to"), exact, export: None };
    let caller = caller(state.store.as_ref(), &user).await?;
    let af = match caller.figures(&ask, state.install_rules(), state.config.figures, "GET /api/v1/figures").await {
        Ok(af) => af,
        // A query refused is a bad request (nothing was to be saved), each parameter named.
        Err(haven_app::Failure::Invalid(e)) => {
            let problems = e.0.into_iter().map(|p| FieldProblem::field(p.field, p.code)).collect();
            return Err(ApiError::BadRequest(problems));
        }
        Err(other) => return Err(other.into()),
    };
    Ok(Json(response(lang, &af)))
}
