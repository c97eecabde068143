//! Warning markers and NRM referrals: `/people/{id}/markers/new` (raise one on a person),
//! `/markers/{id}/approve` (a supervisor's approval), `/markers/overdue` (reviews overdue) and
//! `/people/{id}/nrm/new` (record a referral). A person's markers and referrals are shown on
//! their page (`people/show.rs`). Who may do what is `haven_app::markers`'s to decide.

mod approve;
mod new;
mod nrm;
mod overdue;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/people/{id}/markers/new", get(new::form).post(new::raise))
        .route("/markers/{id}/approve", post(approve::approve))
        .route("/markers/overdue", get(overdue::list))
        .route("/people/{id}/nrm/new", get(nrm::form).post(nrm::refer))
}
