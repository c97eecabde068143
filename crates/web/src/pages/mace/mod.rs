//! MACE pages: `/mace` (the agency's meetings), `/mace/new` (convene one), `/mace/meetings/{id}`
//! (the meeting: agenda, minutes, actions, and its exports), the item, theme and action forms,
//! and `/mace/actions` (the register: mine, my agency's, overdue) with `/mace/actions/{id}` (one
//! action, its history and its update). Who may do what is `haven_app::mace`'s to decide.

mod action;
mod convene;
pub mod export;
mod item;
mod links;
mod list;
mod meeting;
mod register;

use crate::error::AppError;
use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};
use haven_domain::agency::Agency;

pub use meeting::{ActionView, action_view};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/mace", get(list::page))
        .route("/mace/new", get(convene::form).post(convene::convene))
        .route("/mace/meetings/{id}", get(meeting::page))
        .route("/mace/meetings/{id}/minutes.pdf", get(export::pdf))
        .route("/mace/meetings/{id}/minutes.xlsx", get(export::xlsx))
        .route("/mace/meetings/{id}/actions.csv", get(export::csv))
        .route("/mace/meetings/{id}/draft", post(meeting::draft))
        .route("/mace/meetings/{id}/carry", post(meeting::carry))
        .route("/mace/meetings/{id}/themes/new", get(item::theme_form).post(item::add_theme))
        .route("/mace/meetings/{id}/items/{item}", get(item::form).post(item::discuss))
        .route("/mace/meetings/{id}/items/{item}/remove", post(item::remove))
        .route("/mace/meetings/{id}/items/{item}/links", get(links::form).post(links::record))
        .route("/mace/meetings/{id}/actions/new", get(action::form).post(action::agree))
        .route("/mace/actions", get(register::page))
        .route("/mace/actions/{id}", get(action::show).post(action::update))
}

/// An id from the path; anything that is not an id is a page that does not exist.
fn parse<T: std::str::FromStr>(raw: &str) -> Result<T, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// An agency as the forms show it: "Morlais Police (MOR-POL)".
fn agency_label(a: &Agency) -> String {
    format!("{} ({})", a.name, a.code)
}

/// The agency typed as a code or a name (either case), as its code; as typed when unknown, so
/// that the application names it `unknown-agency`.
fn agency_code(agencies: &[Agency], typed: &str) -> String {
    let t = typed.trim();
    agencies
        .iter()
        .find(|a| a.code.to_string().eq_ignore_ascii_case(t) || a.name.eq_ignore_ascii_case(t) || agency_label(a) == t)
        .map_or_else(|| t.to_owned(), |a| a.code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use haven_domain::agency::AgencyKind;
    use haven_domain::ids::AgencyId;

    #[test]
    fn an_agency_is_typed_by_code_name_or_label_in_any_case() {
        let a = Agency {
            id: AgencyId::new(),
            code: haven_domain::agency::AgencyCode::parse("MOR-POL").unwrap(),
            name: "Morlais Police".into(),
            kind: AgencyKind::Police,
            area_id: None,
        };
        let all = [a];
        for typed in ["MOR-POL", "mor-pol", "morlais police", "Morlais Police (MOR-POL)", " MOR-POL "] {
            assert_eq!(agency_code(&all, typed), "MOR-POL", "{typed}");
        }
        assert_eq!(agency_code(&all, "Gwent Police"), "Gwent Police");
    }
}
