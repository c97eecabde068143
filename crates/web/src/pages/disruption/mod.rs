//! Disruption under the 4Ps (issue 16): `/disruption` (the list, with filters by area, 4P,
//! tactic and dates, or of one person or place), `/disruption/new?person=…` or `?location=…`
//! (record it against them), `/disruption/{id}` (one, with the form to change its outcome for
//! the agency that recorded it). Who may do what is `haven_app::disruption`'s to decide.

mod list;
mod new;
mod show;

use crate::state::AppState;
use crate::views::PageCtx;
use axum::Router;
use axum::routing::{get, post};
use haven_domain::disruption::{Disruption, DisruptionSubject};
use haven_store::DisruptionListed;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/disruption", get(list::list))
        .route("/disruption/new", get(new::form).post(new::record))
        .route("/disruption/{id}", get(show::show))
        .route("/disruption/{id}/outcome", post(show::update))
}

/// One disruption as a table row or a summary shows it.
#[derive(Debug)]
pub struct Row {
    pub href: String,
    pub subject: String,
    /// The person's page, for disruption against a person.
    pub subject_href: Option<String>,
    pub child: Option<String>,
    pub child_href: Option<String>,
    pub tactic: String,
    pub four_p: String,
    pub done_on: String,
    /// `20 Nov 2026 to 20 Nov 2027`, or blank.
    pub dates: String,
    /// In force, or expired, where it has dates.
    pub state: Option<(String, &'static str)>,
    pub outcome: String,
    pub outcome_note: String,
    pub officer: String,
}

impl Row {
    pub fn new(
        ctx: &PageCtx,
        row: &DisruptionListed,
        agency_name: impl Fn(haven_domain::ids::AgencyId) -> String,
    ) -> Self {
        let d: &Disruption = &row.disruption;
        let today = crate::pages::today_uk();
        let dates = match (d.issued_on, d.expires_on) {
            (Some(i), Some(x)) => format!("{} – {}", ctx.date(&i), ctx.date(&x)),
            (Some(i), None) => ctx.date(&i),
            _ => String::new(),
        };
        let state = if d.in_force_on(today) {
            Some((ctx.t("disruption-in-force"), "govuk-tag--green"))
        } else if d.expired_on(today) {
            Some((ctx.t("disruption-expired"), "govuk-tag--grey"))
        } else {
            None
        };
        Self {
            href: format!("/disruption/{}", d.id),
            subject: row.label.clone(),
            subject_href: match d.subject {
                DisruptionSubject::Person(p) => Some(format!("/people/{p}")),
                DisruptionSubject::Location(_) => None,
            },
            child: row.child_label.clone(),
            child_href: d.child_id.map(|c| format!("/people/{c}")),
            tactic: ctx.label("disruption-tactic", d.tactic.code()),
            four_p: ctx.label("disruption-four-p", d.four_p.code()),
            done_on: ctx.date(&d.done_on),
            dates,
            state,
            outcome: ctx.label("disruption-outcome", d.outcome.code()),
            outcome_note: d.outcome_note.clone(),
            officer: ctx.lang.t_args(
                "disruption-officer-of",
                &[("name", d.officer_name.clone()), ("agency", agency_name(d.officer_agency))],
            ),
        }
    }
}
