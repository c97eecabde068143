//! The audit trail: who saw or changed a person's record, when and why; and what an agency's
//! own users did, for its admin.

mod agency;
mod list;

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list::person_audit)).routes(routes!(agency::agency_audit))
}
