//! One child across agencies: the review queue of possible links that an import could not
//! decide (`/link/reviews`), each shown side by side with every field's part in the match, and
//! the agencies' own records of a person (`/people/{id}/source-records`) with unlink. Linking,
//! rejecting and unlinking are edits of the people concerned: the policy decides them as such,
//! and every one is audited and can be undone (a source record is never deleted).

mod records;
mod reviews;
mod waterfall;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/link/reviews", get(reviews::list))
        .route("/link/reviews/{id}", get(reviews::show).post(reviews::decide))
        .route("/people/{id}/source-records", get(records::list))
        .route("/source-records/{id}/unlink", post(records::unlink))
        .route("/source-records/{id}/link", post(records::link))
}
