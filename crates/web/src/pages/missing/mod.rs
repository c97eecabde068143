//! Missing episodes: the "missing now" board (`/missing`), an episode's page with its whole
//! timeline (`/missing/{id}`) and what is done on it (regrade, notes, return, RHI), a child's
//! missing history (`/people/{id}/missing`), reporting a child missing, and the return home
//! interview worklist (`/rhi`), and a looked-after child's grab pack (`/people/{id}/grab-pack`).
//!
//! Every page asks the one policy function first, with the person's holders and what the
//! user's kind of agency sees of an episode ([`EpisodeView`]); what a view may not see is cut
//! from the episode by the domain before anything is drawn.

mod attempts;
mod board;
mod episode;
mod found;
mod grab_pack;
mod history;
mod notes;
mod regrade;
mod report;
mod rhi;
mod worklist;

use crate::error::AppError;
use crate::session::CurrentSession;
use crate::state::AppState;
use crate::views::PageCtx;
use axum::Router;
use axum::routing::{get, post};
use chrono::{DateTime, Duration, Utc};
use haven_app::Caller;
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::ids::{AgencyId, PersonId};
use haven_domain::missing::input::TimeField;
use haven_domain::missing::{EpisodeView, MissingEpisode, RiskGrade};
use haven_domain::policy::{Action, Target, can};
use haven_domain::sharing::Sharing;
use haven_domain::uktime::parse_uk;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/missing", get(board::show))
        .route("/missing/{id}", get(episode::show))
        .route("/missing/{id}/grade", post(regrade::regrade))
        .route("/missing/{id}/notes", post(notes::add))
        .route("/missing/{id}/return", get(found::form).post(found::record))
        .route("/missing/{id}/rhi", get(rhi::form).post(rhi::record))
        .route("/missing/{id}/rhi/attempts", get(attempts::form).post(attempts::record))
        .route("/rhi", get(worklist::show))
        .route("/people/{id}/missing", get(history::show))
        .route("/people/{id}/missing/new", get(report::form).post(report::create))
        .route("/people/{id}/grab-pack", get(grab_pack::form).post(grab_pack::save))
}

pub use crate::clock::now;

/// What an access check found: what the user sees of the child's episodes, and what the policy
/// needs to decide further actions on the same child without asking the store again.
#[derive(Debug, Clone)]
pub struct Access {
    /// How much of the episode the user sees (for a child's episodes as a whole, the most the
    /// user's kind of agency ever sees: each episode is then cut on its own).
    pub view: EpisodeView,
    pub holders: Vec<AgencyId>,
    owner: Option<AgencyId>,
    sharing: Sharing,
}

impl Access {
    /// What the caller's check found on a child (`owner: None`) or one of their episodes.
    pub fn of(caller: &Caller<'_>, view: EpisodeView, holders: Vec<AgencyId>, owner: Option<AgencyId>) -> Self {
        Self { view, holders, owner, sharing: caller.sharing().clone() }
    }

    /// Whether the user may also do `action` here (to offer its form).
    pub fn may(&self, session: &CurrentSession, action: Action) -> bool {
        let target = Target::Episode { holders: &self.holders, owner: self.owner, sharing: &self.sharing };
        can(&session.actor(), action, target).is_allowed()
    }

    /// The child's episodes as the user sees them, and the narrowest view among them.
    pub fn visible(&self, episodes: Vec<MissingEpisode>) -> (Vec<MissingEpisode>, EpisodeView) {
        self.sharing.visible_episodes(&self.holders, episodes)
    }
}

/// Decides `action` on a child's episodes as a whole: an unknown child and one the user may not
/// see are a page that does not exist (the second audited); a refusal otherwise a 403.
pub async fn authorise(
    state: &AppState,
    session: &CurrentSession,
    person: PersonId,
    action: Action,
    purpose: &str,
) -> Result<Access, AppError> {
    let caller = super::people::caller(state, session).await?;
    let child = caller.child(person, action, purpose).await?;
    let view = EpisodeView::for_agency(caller.sharing().kind()).ok_or(AppError::Forbidden("agency-not-permitted"))?;
    Ok(Access::of(&caller, view, child.holders, None))
}

/// An audit event by the signed-in user.
pub fn event(session: &CurrentSession, action: AuditAction, purpose: &str) -> AuditEvent {
    AuditEvent::by(session.actor(), session.user.username.as_str(), action, purpose, now())
}

/// A time as practitioners type it, in UK local time: `26/11/2026 21:30` or `2026-11-26 21:30`.
pub fn parse_time(raw: &str) -> TimeField {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("required");
    }
    let mut parts = raw.split_whitespace();
    match (parts.next(), parts.next(), parts.next()) {
        (Some(date), Some(time), None) => parse_uk(&crate::pages::people::normalise_date(date), time),
        _ => Err("time-format"),
    }
}

/// A time for a form field: UK local time as `parse_time` reads it back.
pub fn time_value(at: DateTime<Utc>) -> String {
    haven_domain::uktime::format_uk(at)
}

/// "3 d 4 h", "5 h 20 min", "12 min": how long, in the user's language.
pub fn duration(ctx: &PageCtx, d: Duration) -> String {
    let minutes = d.num_minutes().max(0);
    let (days, hours, mins) = (minutes / 1440, (minutes % 1440) / 60, minutes % 60);
    let args = [("d", days.to_string()), ("h", hours.to_string()), ("m", mins.to_string())];
    let key = if days > 0 {
        "duration-days-hours"
    } else if hours > 0 {
        "duration-hours-minutes"
    } else {
        "duration-minutes"
    };
    ctx.lang.t_args(key, &args)
}

/// The GOV.UK tag colour of a grade.
pub fn grade_class(grade: Option<RiskGrade>) -> &'static str {
    match grade {
        Some(RiskGrade::High) => "govuk-tag--red",
        Some(RiskGrade::Medium) => "govuk-tag--orange",
        Some(RiskGrade::Low) => "govuk-tag--yellow",
        Some(RiskGrade::Naira) => "govuk-tag--purple",
        _ => "govuk-tag--grey",
    }
}

/// The version a form was made from (a hidden field); a form without one was not made by haven.
pub fn form_version(posted: &std::collections::HashMap<String, String>) -> Result<i64, AppError> {
    posted.get("version").and_then(|v| v.trim().parse::<i64>().ok()).ok_or(AppError::BadRequest)
}

/// A form's yes/no checkbox as posted (absent when not ticked).
pub fn ticked(raw: &str) -> bool {
    matches!(raw.trim(), "yes" | "on" | "true")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_as_uk_local_time_in_either_date_form() {
        let winter = parse_time("26/11/2026 21:30").unwrap();
        assert_eq!(winter.to_rfc3339(), "2026-11-26T21:30:00+00:00");
        let summer = parse_time("2026-07-01 09:00").unwrap();
        assert_eq!(summer.to_rfc3339(), "2026-07-01T08:00:00+00:00");
        assert_eq!(parse_time(""), Err("required"));
        assert_eq!(parse_time("yesterday"), Err("time-format"));
        assert_eq!(parse_time("29/03/2026 01:30"), Err("time-skipped-by-clock-change"));
        assert_eq!(parse_time(&time_value(summer)), Ok(summer));
    }
}
