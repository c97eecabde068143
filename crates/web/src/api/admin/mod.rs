//! Administration over the API, for scripting an install: users and their tokens (an agency's
//! admin, for their own agency), and areas, agencies, sharing agreements, locations,
//! placements, each area's missing-episode rules and its child population (the install's
//! administrator). Each call
//! is `haven_app::admin`'s (or `haven_app::places`', `haven_app::rules`') action, as the
//! command line's.

mod install;
mod places;
mod population;
mod rules;
mod tokens;
mod users;

use crate::AppState;
use crate::api::auth::ApiUser;
use haven_app::admin::Operator;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(users::list_users, users::create_user))
        .routes(routes!(users::change_user))
        .routes(routes!(users::reset_password))
        .routes(routes!(tokens::list_tokens, tokens::issue_token))
        .routes(routes!(tokens::revoke_token))
        .routes(routes!(install::create_area))
        .routes(routes!(install::create_agency))
        .routes(routes!(install::list_agreements, install::create_agreement))
        .routes(routes!(places::list_locations, places::create_location))
        .routes(routes!(places::add_placement))
        .routes(routes!(places::end_placement))
        .routes(routes!(places::import_places))
        .routes(routes!(rules::show_rules, rules::set_rules))
        .routes(routes!(rules::list_rules_versions))
        .routes(routes!(population::show_population, population::set_population))
}

fn operator<'a>(state: &'a AppState, user: &ApiUser) -> Operator<'a> {
    Operator::user(state.store.as_ref(), &user.0)
}
