//! The priority list of an area (`/priority`): its children in order with each score's reasons
//! in words, filtered by area, team (the agency holding the child's record) and tier; and the
//! list's make-up against the cohort (`/priority/make-up`). The application layer reads,
//! scores, cuts by sharing and audits; these pages translate. Bad filters come back on the page
//! with each one named.

use crate::error::{AppError, Outcome};
use crate::i18n::Lang;
use crate::pages::people::caller;
use crate::priority_words::words;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{ErrorItem, Field, FieldKind, PageCtx, attach_errors, render};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use haven_app::failure::Failure;
use haven_app::priority::{PriorityAsk, PriorityList};
use haven_domain::priority::bias::Line;
use haven_domain::priority::{Factor, Weights};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/priority", get(list)).route("/priority/make-up", get(make_up))
}

/// The filters as the query string carries them.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Filters {
    pub area: String,
    pub agency: String,
    pub tier: String,
    pub shown: String,
    pub top: String,
}

impl Filters {
    fn ask(&self) -> PriorityAsk<'_> {
        PriorityAsk { area: &self.area, agency: &self.agency, tier: &self.tier, shown: &self.shown, top: &self.top }
    }

    /// The query string that keeps these filters (for the link between the two pages).
    fn query(&self) -> String {
        serde_urlencoded::to_string([
            ("area", &self.area),
            ("agency", &self.agency),
            ("tier", &self.tier),
            ("top", &self.top),
        ])
        .unwrap_or_default()
    }
}

#[derive(Debug)]
pub struct Reason {
    pub words: String,
    pub points: u32,
}

#[derive(Debug)]
pub struct Row {
    pub rank: usize,
    pub href: String,
    pub name: String,
    pub age: String,
    pub tier: Option<(String, &'static str)>,
    pub score: u32,
    pub reasons: Vec<Reason>,
}

#[derive(Debug)]
pub struct WeightRow {
    pub label: String,
    pub points: u32,
}

#[derive(Debug, Template)]
#[template(path = "priority/list.html")]
struct ListPage {
    ctx: PageCtx,
    title: String,
    fields: Vec<Field>,
    errors: Vec<ErrorItem>,
    summary: Option<String>,
    rows: Vec<Row>,
    weights: Vec<WeightRow>,
    make_up_href: String,
}

/// The filter fields: area, team and tier.
async fn filter_fields(
    state: &AppState,
    ctx: &PageCtx,
    f: &Filters,
    list: Option<&PriorityList>,
) -> Result<Vec<Field>, AppError> {
    let area = list.map_or(f.area.clone(), |l| l.area.code.to_string());
    let areas: Vec<(String, String)> =
        state.store.areas().await?.into_iter().map(|a| (a.code.to_string(), a.name)).collect();
    let mut area_choices: Vec<(&str, String)> = vec![("", ctx.t("priority-area-own"))];
    area_choices.extend(areas.iter().map(|(c, n)| (c.as_str(), n.clone())));
    let agencies: Vec<(String, String)> =
        state.store.agencies().await?.into_iter().map(|a| (a.code.to_string(), a.name)).collect();
    let mut agency_choices: Vec<(&str, String)> = vec![("", ctx.t("priority-agency-any"))];
    agency_choices.extend(agencies.iter().map(|(c, n)| (c.as_str(), n.clone())));
    let mut tiers: Vec<(&str, String)> = vec![("", ctx.t("priority-tier-any"))];
    tiers.extend(["red", "amber", "green"].iter().map(|t| (*t, ctx.label("screening-tier", t))));
    tiers.push(("none", ctx.t("priority-tier-none")));
    Ok(vec![
        Field::choose("area", ctx.t("priority-area"), &area, FieldKind::Select, &area_choices),
        Field::choose("agency", ctx.t("priority-agency"), &f.agency, FieldKind::Select, &agency_choices)
            .hint(ctx.t("priority-agency-hint")),
        Field::choose("tier", ctx.t("priority-tier"), &f.tier, FieldKind::Select, &tiers),
    ])
}

fn tier_tag(lang: Lang, t: haven_domain::screening::Tier) -> (String, &'static str) {
    (lang.label("screening-tier", t.code()), crate::pages::screening::tier_class(t))
}

/// The list, or the filters refused (shown on the page with each named).
fn invalid(r: Result<PriorityList, Failure>) -> Result<Result<PriorityList, Vec<haven_domain::FieldError>>, AppError> {
    match Outcome::of(r)? {
        Outcome::Done(list) => Ok(Ok(list)),
        Outcome::Invalid(e) => Ok(Err(e.0)),
        Outcome::Conflict => Err(AppError::BadRequest),
    }
}

#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(f): Query<Filters>,
) -> Result<Response, AppError> {
    let caller = caller(&state, &session).await?;
    let got = invalid(caller.priority_list(&f.ask(), state.install_rules(), "GET /priority").await)?;
    let mut fields = filter_fields(&state, &ctx, &f, got.as_ref().ok()).await?;
    // No area asked for, and the user's agency serves none (a force covers several): ask
    // which, without calling it a mistake.
    let first_visit = f.area.trim().is_empty()
        && matches!(&got, Err(e) if e.len() == 1 && e[0].field == "area" && e[0].code == "required");
    let (list, errors) = match got {
        Ok(list) => (Some(list), Vec::new()),
        Err(_) if first_visit => (None, Vec::new()),
        Err(e) => (None, attach_errors(ctx.lang, &mut fields, &e)),
    };
    let Some(list) = list else {
        let status = if first_visit { StatusCode::OK } else { StatusCode::BAD_REQUEST };
        let title = ctx.t("priority-title");
        let page = ListPage {
            ctx,
            title,
            fields,
            errors,
            summary: None,
            rows: vec![],
            weights: vec![],
            make_up_href: String::new(),
        };
        return render(status, &page);
    };
    let rows = list
        .children
        .iter()
        .enumerate()
        .map(|(i, r)| Row {
            rank: i + 1,
            href: format!("/people/{}", r.child.id),
            name: r.child.name.clone(),
            age: r.child.age.map_or_else(|| ctx.t("person-not-known"), |a| a.to_string()),
            tier: r.priority.tier.map(|t| tier_tag(ctx.lang, t)),
            score: r.priority.score,
            reasons: r
                .priority
                .contributions
                .iter()
                .map(|c| Reason { words: words(ctx.lang, c), points: c.points })
                .collect(),
        })
        .collect();
    let weights = weight_rows(ctx.lang, &list.weights);
    let summary = Some(ctx.lang.t_args(
        "priority-summary",
        &[
            ("shown", list.children.len().to_string()),
            ("matching", list.matching.to_string()),
            ("cohort", list.cohort.to_string()),
        ],
    ));
    let title = ctx.t1("priority-title-area", "area", &list.area.name);
    let filters = Filters { area: list.area.code.to_string(), ..f };
    let page = ListPage {
        title,
        fields,
        errors,
        summary,
        rows,
        weights,
        make_up_href: format!("/priority/make-up?{}", filters.query()),
        ctx,
    };
    render(StatusCode::OK, &page)
}

fn weight_rows(lang: Lang, w: &Weights) -> Vec<WeightRow> {
    Factor::ALL
        .iter()
        .map(|f| WeightRow { label: lang.label("priority-factor", f.code()), points: w.points(*f) })
        .collect()
}

#[derive(Debug)]
pub struct MakeUpRow {
    pub group: String,
    pub listed: u32,
    pub listed_share: String,
    pub cohort: u32,
    pub cohort_share: String,
    pub ratio: String,
    pub marked: bool,
}

#[derive(Debug)]
pub struct MakeUpTable {
    pub id: &'static str,
    pub caption: String,
    pub rows: Vec<MakeUpRow>,
}

#[derive(Debug, Template)]
#[template(path = "priority/make_up.html")]
struct MakeUpPage {
    ctx: PageCtx,
    title: String,
    intro: String,
    tables: Vec<MakeUpTable>,
    back: String,
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn table<G>(
    lang: Lang,
    id: &'static str,
    caption: &str,
    lines: &[Line<G>],
    label: impl Fn(&G) -> String,
) -> MakeUpTable {
    MakeUpTable {
        id,
        caption: lang.t(caption),
        rows: lines
            .iter()
            .map(|l| MakeUpRow {
                group: label(&l.group),
                listed: l.listed,
                listed_share: percent(l.listed_share),
                cohort: l.cohort,
                cohort_share: percent(l.cohort_share),
                ratio: l.ratio.map_or_else(|| "–".to_owned(), |r| format!("{r:.2}")),
                marked: l.marked,
            })
            .collect(),
    }
}

#[tracing::instrument(skip_all)]
pub async fn make_up(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(f): Query<Filters>,
) -> Result<Response, AppError> {
    let caller = caller(&state, &session).await?;
    let ask = PriorityAsk { agency: "", tier: "", shown: "", ..f.ask() };
    // Bad filters are shown, each named, on the list's page that links here.
    let Ok(list) = invalid(caller.priority_list(&ask, state.install_rules(), "GET /priority/make-up").await)? else {
        return Err(AppError::BadRequest);
    };
    let m = &list.make_up;
    let lang = ctx.lang;
    let tables = vec![
        table(lang, "ethnicity", "priority-make-up-ethnicity", &m.ethnicity, |g| lang.label("ethnicity", g.code())),
        table(lang, "sex", "priority-make-up-sex", &m.sex, |g| lang.label("sex", g.code())),
        table(lang, "age", "priority-make-up-age", &m.age, |g| lang.label("priority-age", g.code())),
    ];
    let page = MakeUpPage {
        title: ctx.t1("priority-make-up-title", "area", &list.area.name),
        intro: lang
            .t_args("priority-make-up-intro", &[("top", list.top.to_string()), ("cohort", list.cohort.to_string())]),
        tables,
        back: format!("/priority?{}", Filters { area: list.area.code.to_string(), ..f }.query()),
        ctx,
    };
    render(StatusCode::OK, &page)
}
