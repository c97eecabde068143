//! `GET /`: the home page. Each role lands on its own work (`haven_app::work`): a practitioner
//! on the children whose episodes they recorded, a supervisor or inspector on the high-risk
//! children missing now and the overdue reviews, an agency that holds return home interviews on
//! the interviews due, an admin on users (and, for the install, its set-up); then what the role
//! may do. Others go to the sign-in page.

use crate::AppState;
use crate::error::AppError;
use crate::session::SignedIn;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use haven_app::work::WorkItem;
use haven_domain::user::Role;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(show))
}

/// One child's line in a list of work.
#[derive(Debug)]
pub struct WorkRow {
    pub episode: String,
    pub name: String,
    pub grade: String,
    pub grade_class: &'static str,
    pub since: String,
    pub due: String,
    pub overdue: bool,
}

/// A list of work under its heading; `link` goes to the page that holds all of it.
#[derive(Debug)]
pub struct WorkList {
    pub key: &'static str,
    pub title: String,
    /// The link's text.
    pub all: String,
    pub link: &'static str,
    pub rows: Vec<WorkRow>,
}

#[derive(Debug, Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageCtx,
    name: String,
    role: String,
    password_changed: bool,
    /// How many children are missing now, where the user sees episodes.
    missing_now: Option<String>,
    lists: Vec<WorkList>,
    scrutiny: bool,
    /// Whether the user's role may see an area's priority list.
    priority: bool,
    /// Whether the user's role works with MACE meetings.
    mace: bool,
    /// Whether the user's role may see disruption under the 4Ps.
    disruption: bool,
    /// Whether the user's role sees an area's figures for boards.
    figures: bool,
}

#[derive(Debug, serde::Deserialize)]
struct HomeQuery {
    #[serde(default)]
    password_changed: Option<String>,
}

/// The most lines a list shows on the home page; its link leads to the rest.
const SHOWN: usize = 10;

fn rows(ctx: &PageCtx, items: Vec<WorkItem>) -> Vec<WorkRow> {
    items
        .into_iter()
        .take(SHOWN)
        .map(|i| WorkRow {
            episode: i.episode.to_string(),
            name: i.name,
            grade: i.grade.map(|g| ctx.label("grade", g.code())).unwrap_or_default(),
            grade_class: super::missing::grade_class(i.grade),
            since: ctx.time(&i.since),
            due: i.due_at.map(|d| ctx.time(&d)).unwrap_or_default(),
            overdue: i.overdue,
        })
        .collect()
}

#[tracing::instrument(skip_all)]
async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(q): Query<HomeQuery>,
) -> Result<Response, AppError> {
    let caller = super::people::caller(&state, &session).await?;
    let book = state.rules_book().await?;
    let work = caller.work(&book, crate::clock::now(), "GET /").await?;
    let role = session.user.role;
    let lists = [
        ("home-mine", "/missing", work.mine),
        ("home-high-risk", "/missing", work.high_risk),
        ("home-reviews-overdue", "/missing", work.reviews_overdue),
        ("home-interviews-due", "/rhi", work.interviews_due),
    ];
    let lists = lists
        .into_iter()
        .filter(|(key, _, items)| !items.is_empty() || shows_when_empty(key, role, work.sees_episodes))
        .map(|(key, link, items)| WorkList {
            key,
            title: ctx.t(key),
            all: ctx.t(&format!("{key}-all")),
            link,
            rows: rows(&ctx, items),
        })
        .collect();
    let page = HomePage {
        name: session.user.display_name.clone(),
        role: ctx.label("role", role.code()),
        password_changed: q.password_changed.is_some(),
        missing_now: work.sees_episodes.then(|| ctx.count("home-missing-now", "count", work.missing_now)),
        lists,
        scrutiny: role == Role::Scrutiny,
        priority: caller.may(haven_domain::policy::Action::ViewPriority, haven_domain::policy::Target::Service),
        mace: haven_domain::mace::access::decide(
            &caller.actor(),
            &[session.user.agency_id],
            haven_domain::mace::access::Right::See,
        ) == haven_domain::policy::Decision::Allow,
        disruption: caller.may(haven_domain::policy::Action::ViewDisruption, haven_domain::policy::Target::Service),
        figures: caller.may(haven_domain::policy::Action::ViewAggregates, haven_domain::policy::Target::Service),
        ctx,
    };
    render(StatusCode::OK, &page)
}

/// The lists a role always sees, so that "none" is said rather than left to be guessed.
fn shows_when_empty(key: &str, role: Role, sees_episodes: bool) -> bool {
    sees_episodes
        && match key {
            "home-mine" => role == Role::Practitioner,
            "home-high-risk" | "home-reviews-overdue" => matches!(role, Role::Supervisor | Role::Inspector),
            _ => false,
        }
}
