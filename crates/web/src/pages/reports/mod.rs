//! Reports: `/reports/morning-brief`, the brief of the 08:00 meeting, for the children the
//! user's agency may see and cut to what the agency sees of an episode.

mod morning_brief;

use crate::state::AppState;
use axum::Router;
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new().route("/reports/morning-brief", get(morning_brief::show))
}
