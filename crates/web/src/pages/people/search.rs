//! `GET /people?name=&date_of_birth=&reference=`: finds people among the records the user's
//! agency holds or may see under an agreement in force. The search is audited by the store
//! (which fields were used, never their values).

use super::form::normalise_date;
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{ErrorItem, Field, PageCtx, attach_errors, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use haven_domain::Invalid;
use haven_domain::audit::{AuditAction, AuditEvent, Detail};
use haven_domain::person::parse_dob;
use haven_domain::policy::Action;
use haven_domain::text::{Reference, clean_optional};
use haven_store::{PersonQuery, PersonSummary};
use serde::Deserialize;

/// The most results shown at once.
pub const LIMIT: usize = 50;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchParams {
    name: String,
    date_of_birth: String,
    reference: String,
}

#[derive(Debug, Template)]
#[template(path = "people/search.html")]
struct SearchPage {
    ctx: PageCtx,
    fields: Vec<Field>,
    errors: Vec<ErrorItem>,
    results: Option<Vec<PersonSummary>>,
    limit: usize,
}

/// The query, or every problem with it.
fn parse(params: &SearchParams) -> Result<PersonQuery, Invalid> {
    let mut errors = Invalid::default();
    let name = errors.check("name", clean_optional(&params.name, 100)).flatten();
    let dob_raw = normalise_date(&params.date_of_birth);
    let date_of_birth = if dob_raw.trim().is_empty() {
        None
    } else {
        errors.check("date_of_birth", parse_dob(&dob_raw, super::super::today_uk()))
    };
    let reference = match clean_optional(&params.reference, Reference::MAX) {
        Ok(Some(r)) => errors.check("reference", Reference::parse(&r)).map(|r| r.as_str().to_owned()),
        Ok(None) => None,
        Err(code) => {
            errors.push("reference", code);
            None
        }
    };
    errors.into_result().map(|()| PersonQuery { name, date_of_birth, reference })
}

#[tracing::instrument(skip_all)]
pub async fn search(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(params): Query<SearchParams>,
) -> Result<Response, AppError> {
    let actor = session.actor();
    haven_app::for_role(&actor, Action::SearchPeople)?;
    let mut fields = vec![
        Field::text("name", ctx.t("search-name"), &params.name, "govuk-!-width-one-half")
            .hint(ctx.t("search-name-hint")),
        Field::text("date_of_birth", ctx.t("search-date-of-birth"), &params.date_of_birth, "govuk-input--width-10")
            .hint(ctx.t("search-date-of-birth-hint")),
        Field::text("reference", ctx.t("search-reference"), &params.reference, "govuk-input--width-20")
            .hint(ctx.t("search-reference-hint")),
    ];
    let asked = [&params.name, &params.date_of_birth, &params.reference].iter().any(|v| !v.trim().is_empty());
    if !asked {
        let page = SearchPage { ctx, fields, errors: Vec::new(), results: None, limit: LIMIT };
        return render(StatusCode::OK, &page);
    }
    let query = match parse(&params) {
        Ok(q) => q,
        Err(invalid) => {
            let errors = attach_errors(ctx.lang, &mut fields, &invalid.0);
            let page = SearchPage { ctx, fields, errors, results: None, limit: LIMIT };
            return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let caller = super::caller(&state, &session).await?;
    let used: Vec<&'static str> = [
        ("name", query.name.is_some()),
        ("date_of_birth", query.date_of_birth.is_some()),
        ("reference", query.reference.is_some()),
    ]
    .iter()
    .filter(|(_, used)| *used)
    .map(|(f, _)| *f)
    .collect();
    let event =
        AuditEvent::by(actor, session.user.username.as_str(), AuditAction::PersonSearch, "GET /people", Utc::now())
            .detail(Detail::Fields(used));
    let limit = u32::try_from(LIMIT).unwrap_or(50);
    let results = caller.search_people(&query, limit, &event).await?;
    let page = SearchPage { ctx, fields, errors: Vec::new(), results: Some(results), limit: LIMIT };
    render(StatusCode::OK, &page)
}
