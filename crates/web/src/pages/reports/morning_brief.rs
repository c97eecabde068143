//! `GET /reports/morning-brief?date=YYYY-MM-DD`: the morning brief of a date (today, UK time,
//! by default): episodes opened since yesterday's brief, children missing at high risk, return
//! home interviews due today and overdue, reviews overdue, children flagged repeat missing this
//! week. Only for roles that may see episodes, of the children the user's agency may see, each
//! episode cut to what the agency sees; an agency that sees no episodes is refused. The view is
//! audited.

use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{ErrorItem, PageCtx, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{NaiveDate, Utc};
use haven_domain::audit::{AuditAction, AuditEvent, Detail};
use haven_domain::missing::brief::{
    BriefEpisode, BriefRhi, EpisodeOf, MorningBrief, REPEAT_WEEK_DAYS, compose, history_days, window_start,
};
use haven_domain::missing::{EpisodeView, RiskGrade};
use haven_domain::policy::Action;
use haven_store::EpisodeWindow;
use serde::Deserialize;

const PURPOSE: &str = "GET /reports/morning-brief";

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BriefParams {
    date: String,
}

/// An episode as a row of the page.
#[derive(Debug)]
pub struct EpisodeRow {
    pub episode_id: String,
    pub person_id: String,
    pub name: String,
    pub reported: String,
    pub grade: String,
    pub grade_class: &'static str,
    pub last_seen_where: String,
    pub returned: String,
    pub missing_for: String,
}

#[derive(Debug)]
pub struct RhiRow {
    pub episode_id: String,
    pub person_id: String,
    pub name: String,
    pub returned: String,
    pub due: String,
}

#[derive(Debug)]
pub struct ReviewRow {
    pub episode_id: String,
    pub person_id: String,
    pub name: String,
    pub grade: String,
    pub overdue: Vec<String>,
}

#[derive(Debug)]
pub struct RepeatRow {
    pub person_id: String,
    pub name: String,
    pub episodes: usize,
    pub action: String,
}

#[derive(Debug)]
pub struct BriefView {
    pub heading: String,
    pub intro: String,
    pub opened: Vec<EpisodeRow>,
    pub high_risk: Vec<EpisodeRow>,
    pub rhi_due: Vec<RhiRow>,
    pub rhi_overdue: Vec<RhiRow>,
    pub reviews: Vec<ReviewRow>,
    pub repeat: Vec<RepeatRow>,
}

#[derive(Debug, Template)]
#[template(path = "reports/morning_brief.html")]
struct BriefPage {
    ctx: PageCtx,
    date: String,
    errors: Vec<ErrorItem>,
    error: Option<String>,
    /// Whether the agency sees grades, police enquiries and reviews.
    sees_grades: bool,
    /// Whether the agency sees return home interviews.
    sees_rhis: bool,
    window_days: i64,
    brief: Option<BriefView>,
    /// The user's own MACE actions overdue or falling due within the week, when their role
    /// works with MACE.
    mace: Option<Vec<crate::pages::mace::ActionView>>,
}

/// Minutes as a practitioner says them: "45 minutes", "5 hours 10 minutes", "2 days 3 hours".
fn duration(ctx: &PageCtx, minutes: i64) -> String {
    let minutes = minutes.max(0);
    let (hours, mins) = (minutes / 60, minutes % 60);
    let n = |v: i64| v.to_string();
    if hours == 0 {
        ctx.lang.t_args("brief-duration-minutes", &[("minutes", n(mins))])
    } else if hours < 48 {
        ctx.lang.t_args("brief-duration-hours", &[("hours", n(hours)), ("minutes", n(mins))])
    } else {
        ctx.lang.t_args("brief-duration-days", &[("days", n(hours / 24)), ("hours", n(hours % 24))])
    }
}

fn grade_class(grade: Option<RiskGrade>) -> &'static str {
    match grade {
        Some(RiskGrade::High) => "govuk-tag--red",
        Some(RiskGrade::Medium) => "govuk-tag--orange",
        Some(RiskGrade::Low) => "govuk-tag--yellow",
        _ => "govuk-tag--grey",
    }
}

fn episode_rows(ctx: &PageCtx, episodes: &[BriefEpisode]) -> Vec<EpisodeRow> {
    episodes
        .iter()
        .map(|e| EpisodeRow {
            episode_id: e.episode_id.to_string(),
            person_id: e.person_id.to_string(),
            name: e.person_name.clone(),
            reported: ctx.time(&e.reported_at),
            grade: e.grade.map(|g| ctx.label("brief-grade", g.code())).unwrap_or_default(),
            grade_class: grade_class(e.grade),
            last_seen_where: e.last_seen_where.clone(),
            returned: e.returned_at.map(|t| ctx.time(&t)).unwrap_or_else(|| ctx.t("brief-still-missing")),
            missing_for: duration(ctx, e.minutes_missing),
        })
        .collect()
}

fn rhi_rows(ctx: &PageCtx, rhis: &[BriefRhi]) -> Vec<RhiRow> {
    rhis.iter()
        .map(|r| RhiRow {
            episode_id: r.episode_id.to_string(),
            person_id: r.person_id.to_string(),
            name: r.person_name.clone(),
            returned: ctx.time(&r.returned_at),
            due: ctx.time(&r.due_at),
        })
        .collect()
}

fn view(ctx: &PageCtx, b: &MorningBrief) -> BriefView {
    BriefView {
        heading: ctx.t1("brief-heading", "date", &ctx.date(&b.date)),
        intro: ctx.lang.t_args("brief-intro", &[("since", ctx.time(&b.since)), ("asat", ctx.time(&b.as_at))]),
        opened: episode_rows(ctx, &b.opened),
        high_risk: episode_rows(ctx, &b.open_high_risk),
        rhi_due: rhi_rows(ctx, &b.rhis_due_today),
        rhi_overdue: rhi_rows(ctx, &b.rhis_overdue),
        reviews: b
            .reviews_overdue
            .iter()
            .map(|r| ReviewRow {
                episode_id: r.episode_id.to_string(),
                person_id: r.person_id.to_string(),
                name: r.person_name.clone(),
                grade: r.grade.map(|g| ctx.label("brief-grade", g.code())).unwrap_or_default(),
                overdue: r
                    .overdue
                    .iter()
                    .map(|d| ctx.t1(&format!("brief-review-{}", d.kind.code()), "when", &ctx.time(&d.due_at)))
                    .collect(),
            })
            .collect(),
        repeat: b
            .repeat_missing
            .iter()
            .map(|r| RepeatRow {
                person_id: r.person_id.to_string(),
                name: r.person_name.clone(),
                episodes: r.episodes.len(),
                action: r.action.as_deref().map(|a| ctx.label("brief-action", a)).unwrap_or_default(),
            })
            .collect(),
    }
}

/// The date asked for: today (UK) when none is given; never after today.
fn parse_date(raw: &str, today: NaiveDate) -> Result<NaiveDate, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(today);
    }
    // As typed on every page (dd/mm/yyyy), or as links carry it (yyyy-mm-dd).
    let iso = super::super::people::normalise_date(raw);
    let date = NaiveDate::parse_from_str(&iso, "%Y-%m-%d").map_err(|_| "date-format")?;
    if date > today { Err("in-future") } else { Ok(date) }
}

#[tracing::instrument(skip_all)]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(params): Query<BriefParams>,
) -> Result<Response, AppError> {
    let actor = session.actor();
    haven_app::for_role(&actor, Action::ViewEpisodes)?;
    let caller = super::super::people::caller(&state, &session).await?;
    let Some(mut view_of) = EpisodeView::for_agency(caller.sharing().kind()) else {
        return Err(AppError::Forbidden("agency-not-permitted"));
    };
    let rules = state.rules_book().await?;
    let today = super::super::today_uk();
    let mut page = BriefPage {
        date: params.date.trim().to_owned(),
        errors: Vec::new(),
        error: None,
        sees_grades: view_of == EpisodeView::Full,
        sees_rhis: view_of.records_rhi(),
        window_days: history_days(&rules) - REPEAT_WEEK_DAYS,
        brief: None,
        mace: None,
        ctx,
    };
    let date = match parse_date(&params.date, today) {
        Ok(date) => date,
        Err(code) => {
            let message = page.ctx.t(&format!("brief-error-{code}"));
            page.errors.push(ErrorItem { field: "date".into(), message: message.clone() });
            page.error = Some(message);
            return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    if page.date.is_empty() {
        page.date = date.format("%Y-%m-%d").to_string();
    }

    let now = Utc::now();
    let audit = AuditEvent::by(actor, session.user.username.as_str(), AuditAction::ReportView, PURPOSE, now)
        .detail(Detail::Brief { date, every_agency: false });
    let window = EpisodeWindow { since: window_start(date, &rules) };
    let listed = caller.sharing().listing_filter();
    // The store lists only children the agencies that could share hold; the policy decides
    // again, row by row, and the brief is composed at the narrowest view among its episodes.
    let rows = caller.visible_rows(state.store.episodes_in_window(window, &listed, &audit).await?);
    for (_, v) in &rows {
        view_of = view_of.narrower(*v);
    }
    page.sees_grades = view_of == EpisodeView::Full;
    page.sees_rhis = view_of.records_rhi();
    let rows: Vec<EpisodeOf> = rows
        .into_iter()
        .map(|(r, _)| EpisodeOf {
            person_name: format!("{} {}", r.person.given_name, r.person.family_name),
            // A school's cut removes the interview too; the brief shows such a reader no
            // interview sections, so none can read as owed.
            episode: view_of.redact(r.episode),
        })
        .collect();
    let brief = compose(&rows, date, view_of, &rules, now);
    page.brief = Some(view(&page.ctx, &brief));
    page.mace = mace_reminders(&caller, &page.ctx, date).await?;
    render(StatusCode::OK, &page)
}

/// The user's own live MACE actions that the brief of `date` reminds them of; `None` for a role
/// that does not work with MACE.
async fn mace_reminders(
    caller: &haven_app::Caller<'_>,
    ctx: &PageCtx,
    date: NaiveDate,
) -> Result<Option<Vec<crate::pages::mace::ActionView>>, AppError> {
    use haven_domain::mace::access::{Right, decide};
    if decide(&caller.actor(), &[caller.sharing().agency()], Right::See) != haven_domain::policy::Decision::Allow {
        return Ok(None);
    }
    let mine = caller.mace_register(haven_app::mace::Register::Mine, PURPOSE).await?;
    let agencies = caller.store().agencies().await?;
    let name = |id| agencies.iter().find(|a| a.id == id).map(|a| a.name.clone()).unwrap_or_default();
    Ok(Some(
        mine.iter().filter(|a| a.is_reminded(date)).map(|a| crate::pages::mace::action_view(ctx, &name, a)).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_defaults_to_today_and_may_not_be_in_the_future() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(parse_date("", today), Ok(today));
        assert_eq!(parse_date(" 2026-11-20 ", today), NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("x"));
        assert_eq!(parse_date("2026-11-24", today), Err("in-future"));
        assert_eq!(parse_date("20/11/2026", today), NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("x"));
        assert_eq!(parse_date("20.11.2026", today), Err("date-format"));
    }
}
