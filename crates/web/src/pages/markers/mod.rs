//! Warning markers and NRM referrals: `/people/{id}/markers/new` (raise one on a person),
//! `/markers/{id}/approve` (a supervisor's approval), `/markers/{id}/review` (keep or end), `/markers/overdue` (reviews overdue) and
//! `/people/{id}/nrm/new` (record a referral), `/nrm/{id}/decision` (its RG or CG decision). A person's markers and referrals are shown on
//! their page (`people/show.rs`). Who may do what is `haven_app::markers`'s to decide.

mod approve;
mod decide;
mod new;
mod nrm;
mod overdue;
mod review;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/people/{id}/markers/new", get(new::form).post(new::raise))
        .route("/markers/{id}/approve", post(approve::approve))
        .route("/markers/{id}/review", get(review::form).post(review::review))
        .route("/nrm/{id}/decision", get(decide::form).post(decide::decide))
        .route("/markers/overdue", get(overdue::list))
        .route("/people/{id}/nrm/new", get(nrm::form).post(nrm::refer))
}
