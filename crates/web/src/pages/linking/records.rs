//! `GET /people/{id}/source-records`: the agencies' own records of a person, as they sent them,
//! with unlink. `POST /source-records/{id}/unlink` moves a record to a new person of its own
//! (made from the record); `POST /source-records/{id}/link` moves it (back) to a person. Nothing
//! is deleted either way; both are audited on both people's trails.

use super::{may_change_records, may_edit};
use crate::error::AppError;
use crate::session::{CurrentSession, SignedIn};
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use haven_domain::audit::{AuditAction, AuditEvent, Detail, SubjectKind};
use haven_domain::ids::{PersonId, SourceRecordId};
use haven_domain::import::person_details_from_source;
use haven_domain::person::Person;
use haven_domain::sharing::RecordClass;
use haven_store::SourceRecord;
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

fn event(session: &CurrentSession, action: AuditAction, purpose: &str) -> AuditEvent {
    AuditEvent::by(session.actor(), session.user.username.as_str(), action, purpose, Utc::now())
}

#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    axum::extract::Query(q): axum::extract::Query<RecordsQuery>,
) -> Result<Response, AppError> {
    let purpose = "GET /people/{id}/source-records";
    let id = super::super::people::parse_id(&raw)?;
    let caller = super::super::people::caller(&state, &session).await?;
    let holders =
        super::super::people::authorise(&caller, id, haven_domain::policy::Action::ViewPerson, purpose).await?.holders;
    let person = state.store.person(id, &event(&session, AuditAction::PersonView, purpose).person(id)).await?;
    let names: HashMap<_, _> = state.store.agencies().await?.into_iter().map(|a| (a.id, a.name)).collect();
    let rows = state
        .store
        .person_source_records(id)
        .await?
        .into_iter()
        // Each agency's record as sent is that agency's: shown only where it shares identity.
        .filter(|r| caller.sharing().sees(RecordClass::Identity, r.agency_id, &holders))
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
    let can_edit = may_change_records(&session).is_ok() && may_edit(&caller, id).await?;
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

/// The source record, if the user may change the person it belongs to now.
async fn record(
    state: &AppState,
    session: &CurrentSession,
    raw: &str,
    action: AuditAction,
    purpose: &str,
) -> Result<SourceRecord, AppError> {
    may_change_records(session)?;
    let id: SourceRecordId = raw.parse().map_err(|_| AppError::NotFound)?;
    let r = state.store.source_record(id).await?.ok_or(AppError::NotFound)?;
    let caller = super::super::people::caller(state, session).await?;
    // A record whose import was rolled back belongs to no one: nothing to move.
    let Some(person) = r.person_id else { return Err(AppError::NotFound) };
    // An agency's record the user may not see is answered as one that does not exist.
    let holders = state.store.person_holders(person).await?;
    if !caller.sharing().sees(RecordClass::Identity, r.agency_id, &holders) {
        let refused = caller.event(action, purpose).person(person).detail(Detail::Denied("not-shared"));
        state.store.append_audit(&refused).await?;
        return Err(AppError::NotFound);
    }
    if may_edit(&caller, person).await? { Ok(r) } else { Err(AppError::Forbidden("not-a-holder")) }
}

#[tracing::instrument(skip_all)]
pub async fn unlink(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let purpose = "POST /source-records/{id}/unlink";
    let r = record(&state, &session, &raw, AuditAction::SourceUnlink, purpose).await?;
    let from = r.person_id.ok_or(AppError::NotFound)?;
    let details = person_details_from_source(&r.fields, super::super::today_uk()).map_err(|_| AppError::BadRequest)?;
    let person = Person::new(details, r.agency_id, None, Utc::now());
    let audit = event(&session, AuditAction::SourceUnlink, purpose).person(from).detail(Detail::Link {
        source: r.id.0,
        from: Some(from),
        to: person.id,
    });
    let audit = AuditEvent { subject_kind: SubjectKind::SourceRecord, subject_id: Some(r.id.0), ..audit };
    state.store.unlink_source_record(r.id, &person, &audit).await?;
    Ok(Redirect::to(&format!("/people/{}/source-records?from={from}&record={}", person.id, r.id)).into_response())
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
    let purpose = "POST /source-records/{id}/link";
    let r = record(&state, &session, &raw, AuditAction::SourceLink, purpose).await?;
    let to: PersonId = form.person_id.parse().map_err(|_| AppError::BadRequest)?;
    if !may_edit(&super::super::people::caller(&state, &session).await?, to).await? {
        return Err(AppError::Forbidden("no-sharing-agreement"));
    }
    let audit = event(&session, AuditAction::SourceLink, purpose).person(to).detail(Detail::Link {
        source: r.id.0,
        from: r.person_id,
        to,
    });
    let audit = AuditEvent { subject_kind: SubjectKind::SourceRecord, subject_id: Some(r.id.0), ..audit };
    state.store.link_source_record(r.id, to, &audit).await?;
    Ok(Redirect::to(&format!("/people/{to}/source-records")).into_response())
}
