//! A signed-in user's own work, for the home page they land on: what their role does first.
//! A practitioner sees the children whose episodes they recorded or graded; a supervisor or
//! inspector the high-risk children missing now and the reviews overdue; an agency that holds
//! return home interviews the interviews due. One listing of the episodes the caller may see
//! (audited as the board's is), cut to each episode's view.

use crate::access::{Caller, Refusal, for_role};
use chrono::{DateTime, Duration, Utc};
use haven_domain::audit::{AuditAction, Detail};
use haven_domain::ids::{EpisodeId, PersonId};
use haven_domain::missing::clocks::{RhiState, rhi_clock};
use haven_domain::missing::rules::RulesBook;
use haven_domain::missing::{EpisodeView, RiskGrade};
use haven_domain::policy::Action;
use haven_domain::user::Role;
use haven_store::EpisodeWindow;

/// How far back returns are looked at for interviews still due, and for a practitioner's own
/// children who came back.
pub const RECENT_DAYS: i64 = 28;

/// One child's episode on the home page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkItem {
    pub episode: EpisodeId,
    pub person: PersonId,
    pub name: String,
    pub grade: Option<RiskGrade>,
    /// When the child was last seen (missing now) or returned.
    pub since: DateTime<Utc>,
    /// The next review or the interview's due time, where one is owed.
    pub due_at: Option<DateTime<Utc>>,
    pub overdue: bool,
}

/// What the caller's home page lists, each part only for the roles and agencies it is for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Work {
    /// Whether the caller sees episodes at all: the other parts are empty when not.
    pub sees_episodes: bool,
    pub missing_now: usize,
    /// A practitioner's: open episodes they recorded or graded, and their returns of the last weeks.
    pub mine: Vec<WorkItem>,
    /// A supervisor's or inspector's: high-risk children missing now, longest missing first.
    pub high_risk: Vec<WorkItem>,
    /// A supervisor's or inspector's: open episodes whose next review is overdue.
    pub reviews_overdue: Vec<WorkItem>,
    /// For an agency that records interviews: returns whose interview is due or overdue.
    pub interviews_due: Vec<WorkItem>,
}

impl Caller<'_> {
    /// The caller's own work now, each episode under its area's rules (`book`).
    pub async fn work(&self, book: &RulesBook, now: DateTime<Utc>, purpose: &str) -> Result<Work, Refusal> {
        if for_role(&self.actor(), Action::ViewEpisodes).is_err() {
            return Ok(Work::default());
        }
        let audit = self.event(AuditAction::EpisodeList, purpose).detail(Detail::Code("home"));
        let since = now - Duration::days(RECENT_DAYS);
        let listed = self.sharing().listing_filter();
        let rows = self.visible_rows(self.store().episodes_in_window(EpisodeWindow { since }, &listed, &audit).await?);
        let me = self.actor().user_id;
        let role = self.actor().role;
        let supervises = matches!(role, Role::Supervisor | Role::Inspector);
        let interviews = EpisodeView::for_agency(self.sharing().kind()).is_some_and(EpisodeView::records_rhi);
        let mut work = Work { sees_episodes: true, ..Work::default() };
        for (row, view) in rows {
            let e = view.redact(row.episode);
            let rules = book.of(e.area_id);
            let name = format!("{} {}", row.person.given_name, row.person.family_name);
            let item = |since, due_at: Option<DateTime<Utc>>, overdue| WorkItem {
                episode: e.id,
                person: e.person_id,
                name: name.clone(),
                grade: e.grade(),
                since,
                due_at,
                overdue,
            };
            let mine = e.recorded_by == Some(me) || e.gradings.iter().any(|g| g.graded_by == Some(me));
            if e.is_open() {
                work.missing_now += 1;
                let next = e.reviews_due(rules, now).into_iter().min_by_key(|r| r.due_at);
                let open = item(e.last_seen_at, next.map(|r| r.due_at), next.is_some_and(|r| r.overdue));
                if role == Role::Practitioner && mine {
                    work.mine.push(open.clone());
                }
                if supervises && e.grade() == Some(RiskGrade::High) {
                    work.high_risk.push(open.clone());
                }
                if supervises && open.overdue {
                    work.reviews_overdue.push(open);
                }
            } else if let Some(returned) = e.returned_at().filter(|t| *t >= since) {
                let clock = rhi_clock(returned, e.rhi.as_ref().map(|r| r.held_at), rules, now);
                let owed = matches!(clock.state, RhiState::Due | RhiState::Overdue);
                let back = item(returned, owed.then_some(clock.due_at), clock.state == RhiState::Overdue);
                if role == Role::Practitioner && mine {
                    work.mine.push(back.clone());
                }
                if owed && interviews && view.records_rhi() {
                    work.interviews_due.push(back);
                }
            }
        }
        work.mine.sort_by_key(|i| i.since);
        work.high_risk.sort_by_key(|i| i.since);
        work.reviews_overdue.sort_by_key(|i| i.due_at);
        work.interviews_due.sort_by_key(|i| i.due_at);
        Ok(work)
    }
}
