//! `GET /link/reviews`: possible links an import could not decide, oldest first, for the agencies
//! whose records the user may see. `GET|POST /link/reviews/{id}`: the agency's record and the
//! person it may be, side by side, with the waterfall of the match; link or reject.

use super::waterfall::{Chart, Explanation, WIDTH, chart};
use crate::error::{AppError, Outcome};
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_domain::ids::{AgencyId, LinkReviewId};
use haven_domain::import::ReviewStatus;
use haven_store::{LinkReview, ReviewDecision};
use std::collections::HashMap;

/// How many reviews the queue shows at once.
const QUEUE: u32 = 200;

#[derive(Debug)]
pub struct QueueRow {
    pub id: String,
    pub agency: String,
    pub record: String,
    pub candidate: String,
    pub probability: String,
    pub waiting_since: String,
}

#[derive(Debug, Template)]
#[template(path = "linking/reviews.html")]
struct QueuePage {
    ctx: PageCtx,
    rows: Vec<QueueRow>,
}

fn percent(p: f64) -> String {
    format!("{:.1}%", p * 100.0)
}

async fn agency_names(state: &AppState) -> Result<HashMap<AgencyId, String>, AppError> {
    Ok(state.store.agencies().await?.into_iter().map(|a| (a.id, a.name)).collect())
}

#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
) -> Result<Response, AppError> {
    let caller = super::super::people::caller(&state, &session).await?;
    let reviews = caller.pending_reviews(QUEUE, "GET /link/reviews").await?;
    let names = agency_names(&state).await?;
    let rows = reviews
        .into_iter()
        .map(|r| QueueRow {
            id: r.id.to_string(),
            agency: names.get(&r.source.agency_id).cloned().unwrap_or_default(),
            record: format!("{} {} ({})", r.source.fields.first_name, r.source.fields.surname, r.source.fields.dob),
            candidate: format!("{} {}", r.candidate.given_name, r.candidate.family_name),
            probability: percent(r.probability),
            waiting_since: ctx.time(&r.created_at),
        })
        .collect();
    render(StatusCode::OK, &QueuePage { rows, ctx })
}

#[derive(Debug, Template)]
#[template(path = "linking/review.html")]
struct ReviewPage {
    ctx: PageCtx,
    id: String,
    agency: String,
    pending: bool,
    status: String,
    candidate_id: String,
    /// Field label, the agency's record, the candidate.
    sides: Vec<(String, String, String)>,
    probability: String,
    chart: Chart,
    width: i64,
    conflict: bool,
}

fn review_id(raw: &str) -> Result<LinkReviewId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

async fn page(state: &AppState, ctx: PageCtx, r: LinkReview, conflict: bool) -> Result<ReviewPage, AppError> {
    let names = agency_names(state).await?;
    let explanation: Explanation = serde_json::from_value(r.explanation.clone()).unwrap_or_default();
    let matched = r.explanation.get("matched");
    let other = |key: &str| matched.and_then(|m| m.get(key)).and_then(|v| v.as_str()).unwrap_or("").to_owned();
    let f = &r.source.fields;
    let sides = vec![
        (ctx.t("link-field-first-name"), f.first_name.clone(), other("first_name")),
        (ctx.t("link-field-surname"), f.surname.clone(), other("surname")),
        (ctx.t("link-field-dob"), f.dob.clone(), other("dob")),
        (ctx.t("link-field-sex"), f.sex.clone(), other("sex")),
        (ctx.t("link-field-postcode"), f.postcode.clone(), other("postcode")),
        (ctx.t("link-field-record-id"), f.record_id.clone(), other("record_id")),
    ];
    let label = |field: &str| ctx.t(&format!("link-field-{}", field.replace('_', "-")));
    let chart = chart(&explanation, &label);
    Ok(ReviewPage {
        id: r.id.to_string(),
        agency: names.get(&r.source.agency_id).cloned().unwrap_or_default(),
        pending: r.status == ReviewStatus::Pending,
        status: ctx.label("review-status", r.status.code()),
        candidate_id: r.candidate.id.to_string(),
        sides,
        probability: percent(r.probability),
        chart,
        width: WIDTH,
        conflict,
        ctx,
    })
}

#[tracing::instrument(skip_all)]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let caller = super::super::people::caller(&state, &session).await?;
    let r = caller.link_review(review_id(&raw)?, "GET /link/reviews/{id}").await?;
    render(StatusCode::OK, &page(&state, ctx, r, false).await?)
}

#[derive(Debug, serde::Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
}

#[tracing::instrument(skip_all)]
pub async fn decide(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, AppError> {
    let purpose = "POST /link/reviews/{id}";
    let id = review_id(&raw)?;
    let decision = match form.decision.as_str() {
        "link" => ReviewDecision::Link,
        "reject" => ReviewDecision::Reject,
        _ => return Err(AppError::BadRequest),
    };
    let caller = super::super::people::caller(&state, &session).await?;
    match Outcome::of(caller.decide_review(id, decision, purpose).await)? {
        Outcome::Done(r) if decision == ReviewDecision::Link => {
            Ok(Redirect::to(&format!("/people/{}/source-records", r.candidate.id)).into_response())
        }
        Outcome::Done(_) => Ok(Redirect::to("/link/reviews").into_response()),
        Outcome::Conflict => {
            // Someone decided first: the review as it is now.
            let fresh = caller.link_review(id, purpose).await?;
            render(StatusCode::CONFLICT, &page(&state, ctx, fresh, true).await?)
        }
        Outcome::Invalid(_) => Err(AppError::BadRequest),
    }
}
