//! `GET /people/{id}/source-records`: the agencies' own records of a person, as they sent them,
//! with unlink. `POST /source-records/{id}/unlink` moves a record to a new person of its own
//! (made from the record); `POST /source-records/{id}/link` moves it (back) to a person. Nothing
//! is deleted either way; both are audited on both people's trails.

use crate::error::{AppError, Outcome};
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::Unlinked;
use haven_domain::ids::{PersonId, SourceRecordId};
use std::collections::HashMap;

#[derive(Debug)]
pub struct RecordRow {
    pub id: String,
    pub agency: String,
    pub record_id: String,
    pub name: String,
    pub dob: String,
    pub sex: String,
    pub postcode: String,
}

#[derive(Debug, Template)]
#[template(path = "linking/records.html")]
struct RecordsPage {
    ctx: PageCtx,
    person_id: String,
    person_name: String,
    rows: Vec<RecordRow>,
    can_edit: bool,
    /// After an unlink: the person the record came from, to link it back in one step.
    linked_back_from: Option<(String, String)>,
}

#[derive(Debug, serde::Deserialize, Default)]
pub struct RecordsQuery {
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    record: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    axum::extract::Query(q): axum::extract::Query<RecordsQuery>,
) -> Result<Response, AppError> {
    let id = super::super::people::parse_id(&raw)?;
    let caller = super::super::people::caller(&state, &session).await?;
    let (person, records, can_edit) = caller.source_records(id, "GET /people/{id}/source-records").await?;
    let names: HashMap<_, _> = state.store.agencies().await?.into_iter().map(|a| (a.id, a.name)).collect();
    let rows = records
        .into_iter()
        .map(|r| RecordRow {
            id: r.id.to_string(),
            agency: names.get(&r.agency_id).cloned().unwrap_or_default(),
            record_id: r.fields.record_id,
            name: format!("{} {}", r.fields.first_name, r.fields.surname),
            dob: r.fields.dob,
            sex: r.fields.sex,
            postcode: r.fields.postcode,
        })
        .collect();
    let linked_back_from = match (q.from, q.record) {
        (Some(from), Some(record)) if from.parse::<PersonId>().is_ok() && record.parse::<SourceRecordId>().is_ok() => {
            Some((from, record))
        }
        _ => None,
    };
    let page = RecordsPage {
        person_id: id.to_string(),
        person_name: person.details.full_name(),
        rows,
        can_edit,
        linked_back_from,
        ctx,
    };
    render(StatusCode::OK, &page)
}

#[tracing::instrument(skip_all)]
pub async fn unlink(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id: SourceRecordId = raw.parse().map_err(|_| AppError::NotFound)?;
    let caller = super::super::people::caller(&state, &session).await?;
    let Unlinked { record, from, to } =
        match Outcome::of(caller.unlink_source_record(id, "POST /source-records/{id}/unlink").await)? {
            Outcome::Done(done) => done,
            Outcome::Invalid(_) | Outcome::Conflict => return Err(AppError::BadRequest),
        };
    Ok(Redirect::to(&format!("/people/{to}/source-records?from={from}&record={record}")).into_response())
}

#[derive(Debug, serde::Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    person_id: String,
}

#[tracing::instrument(skip_all)]
pub async fn link(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(form): Form<LinkForm>,
) -> Result<Response, AppError> {
    let id: SourceRecordId = raw.parse().map_err(|_| AppError::NotFound)?;
    let to: PersonId = form.person_id.parse().map_err(|_| AppError::BadRequest)?;
    let caller = super::super::people::caller(&state, &session).await?;
    match Outcome::of(caller.link_source_record(id, to, "POST /source-records/{id}/link").await)? {
        Outcome::Done(()) => Ok(Redirect::to(&format!("/people/{to}/source-records")).into_response()),
        Outcome::Invalid(_) | Outcome::Conflict => Err(AppError::BadRequest),
    }
}
