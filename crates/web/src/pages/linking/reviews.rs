//! `GET /link/reviews`: possible links an import could not decide, oldest first, for the agencies
//! whose records the user may see. `GET|POST /link/reviews/{id}`: the agency's record and the
//! person it may be, side by side, with the waterfall of the match; link or reject.

use super::waterfall::{Chart, Explanation, WIDTH, chart};
use super::{may_change_records, may_edit_both};
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use haven_domain::audit::{AuditAction, AuditEvent, Detail, SubjectKind};
use haven_domain::ids::{AgencyId, LinkReviewId};
use haven_domain::import::ReviewStatus;
use haven_store::{LinkReview, ReviewDecision, StoreError};
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
    may_change_records(&session)?;
    let caller = super::super::people::caller(&state, &session).await?;
    let mut reviews = Vec::new();
    // The store keeps to agencies that could share; each review is then shown only if the user
    // may change both people it concerns.
    for r in state.store.pending_reviews(&caller.sharing().listing_filter(), QUEUE).await? {
        if may_edit_both(&caller, &r).await?.is_none() {
            reviews.push(r);
        }
    }
    let event = AuditEvent::by(
        session.actor(),
        session.user.username.as_str(),
        AuditAction::ReviewList,
        "GET /link/reviews",
        Utc::now(),
    )
    .detail(Detail::Count { n: reviews.len(), of: "pending" });
    state.store.append_audit(&event).await?;
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

async fn review(state: &AppState, raw: &str) -> Result<LinkReview, AppError> {
    let id: LinkReviewId = raw.parse().map_err(|_| AppError::NotFound)?;
    state.store.link_review(id).await?.ok_or(AppError::NotFound)
}

/// The review, if the user may change both people it concerns; a refusal is audited.
async fn allowed(
    state: &AppState,
    session: &crate::session::CurrentSession,
    raw: &str,
    purpose: &str,
) -> Result<LinkReview, AppError> {
    may_change_records(session)?;
    let r = review(state, raw).await?;
    let caller = super::super::people::caller(state, session).await?;
    if let Some(person) = may_edit_both(&caller, &r).await? {
        let event = caller.event(AuditAction::ReviewLink, purpose).person(person).detail(Detail::Denied("not-shared"));
        state.store.append_audit(&event).await?;
        return Err(AppError::NotFound);
    }
    Ok(r)
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
    let r = allowed(&state, &session, &raw, "GET /link/reviews/{id}").await?;
    let event = AuditEvent::by(
        session.actor(),
        session.user.username.as_str(),
        AuditAction::PersonView,
        "GET /link/reviews/{id}",
        Utc::now(),
    )
    .person(r.candidate.id)
    .detail(Detail::Review { review: r.id.0, source: r.source.id.0, probability: r.probability });
    state.store.append_audit(&event).await?;
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
    let r = allowed(&state, &session, &raw, purpose).await?;
    let (decision, action) = match form.decision.as_str() {
        "link" => (ReviewDecision::Link, AuditAction::ReviewLink),
        "reject" => (ReviewDecision::Reject, AuditAction::ReviewReject),
        _ => return Err(AppError::BadRequest),
    };
    let event = AuditEvent::by(session.actor(), session.user.username.as_str(), action, purpose, Utc::now())
        .person(r.candidate.id)
        .detail(Detail::Review { review: r.id.0, source: r.source.id.0, probability: r.probability });
    let event = AuditEvent { subject_kind: SubjectKind::LinkReview, subject_id: Some(r.id.0), ..event };
    match state.store.decide_review(r.id, decision, Some(session.user.id), &event).await {
        Ok(()) if decision == ReviewDecision::Link => {
            Ok(Redirect::to(&format!("/people/{}/source-records", r.candidate.id)).into_response())
        }
        Ok(()) => Ok(Redirect::to("/link/reviews").into_response()),
        Err(StoreError::Conflict) => {
            let fresh = review(&state, &raw).await?;
            render(StatusCode::CONFLICT, &page(&state, ctx, fresh, true).await?)
        }
        Err(e) => Err(e.into()),
    }
}
