//! Imports from the browser: `GET /imports` (the agency's jobs), `GET /imports/new` (the upload
//! form), `POST /imports` (reads the file, starts the job and runs it in the background, as `haven
//! import people` would), `GET /imports/{id}` (the job's progress, then its error rows and the way
//! to the review queue). A job that stopped part-way (the server was restarted) is resumed by
//! uploading the same file again (`POST /imports/{id}/resume`, checked by its SHA-256), and any job
//! can be rolled back (`POST /imports/{id}/rollback`). The rows are the user's agency's records; the
//! job is the same resumable, batched job as the command line's, audited in the user's name.

mod job;

use crate::error::AppError;
use crate::import_runs::Running;
use crate::session::{CurrentSession, SignedIn};
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use haven_domain::policy::Action;
use haven_import::{FileError, ImportFile, ImportOptions, Thresholds, Who};
use haven_store::ImportJob;

/// The largest file the browser may send: about 200,000 rows.
pub const UPLOAD_LIMIT: usize = 32 * 1024 * 1024;

/// How many of an agency's jobs the list shows.
const LISTED: u32 = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/imports", get(list).post(upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)))
        .route("/imports/new", get(form))
        .route("/imports/{id}", get(job::progress))
        .route("/imports/{id}/resume", post(job::resume).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)))
        .route("/imports/{id}/rollback", post(job::rollback))
}

fn allowed(session: &CurrentSession) -> Result<(), AppError> {
    Ok(haven_app::for_role(&session.actor(), Action::CreatePerson)?)
}

fn who(session: &CurrentSession, purpose: &str) -> Who {
    Who { actor: Some(session.actor()), label: session.user.username.as_str().to_owned(), purpose: purpose.into() }
}

/// The uploaded file's name (never the user's folders) and its rows, or the message to show.
async fn read_upload(
    ctx: &PageCtx,
    mut multipart: Multipart,
) -> Result<(String, ImportFile), Result<String, Response>> {
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("upload.csv").rsplit(['/', '\\']).next().unwrap_or("").to_owned();
            match field.bytes().await {
                Ok(bytes) => file = Some((name, bytes.to_vec())),
                Err(_) => return Err(Err(crate::error::error_response(crate::error::PageKind::TooLarge))),
            }
        }
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Err(Ok(ctx.t("import-no-file")));
    };
    match haven_import::read_csv(bytes.as_slice(), &name) {
        Ok(read) => Ok((name, read)),
        Err(e) => Err(Ok(file_error(ctx, &e))),
    }
}

/// Why a file cannot be imported, in the reader's language.
fn file_error(ctx: &PageCtx, e: &FileError) -> String {
    let n = |v: i64| v.to_string();
    match e {
        FileError::Open { .. } | FileError::Header { .. } => ctx.t("import-error-header"),
        FileError::MissingColumn { column, .. } => ctx.t1("import-error-missing-column", "column", column),
        FileError::LineTooLong { row: 0, .. } => ctx.t("import-error-header-too-long"),
        FileError::LineTooLong { row, .. } => ctx.t1("import-error-line-too-long", "row", &n(*row)),
        FileError::Unreadable { row, .. } => ctx.t1("import-error-unreadable", "row", &n(*row)),
    }
}

/// Runs the claimed `job` over the file's rows in the background: its progress is in the store, batch
/// by batch, and the claim ends with the run.
fn run_in_background(state: &AppState, claim: Running, job: ImportJob, read: ImportFile, who: Who) {
    let store = state.store.clone();
    tokio::spawn(async move {
        let _claim = claim;
        if let Err(e) = haven_import::run_job(&store, &job, read.rows, &ImportOptions::default(), &who).await {
            tracing::error!(job = %job.id, error = %format!("{e:#}"), "import stopped");
        }
    });
}

#[derive(Debug, Template)]
#[template(path = "imports/list.html")]
struct ListPage {
    ctx: PageCtx,
    /// Id, file, started (who, when), status, rows.
    jobs: Vec<(String, String, String, String, String)>,
}

#[tracing::instrument(skip_all)]
async fn list(State(state): State<AppState>, ctx: PageCtx, SignedIn(session): SignedIn) -> Result<Response, AppError> {
    allowed(&session)?;
    let jobs = state.store.agency_import_jobs(session.user.agency_id, LISTED).await?;
    let jobs = jobs
        .into_iter()
        .map(|j| {
            let status = job::status_label(&ctx, job::stage(&state, &j));
            let rows = format!("{} {}", job::rows_label(&ctx, &j), job::written(&ctx, &j));
            let started = format!("{} ({})", ctx.time(&j.created_at), j.created_by);
            (j.id.to_string(), j.file_name, started, status, rows)
        })
        .collect();
    render(StatusCode::OK, &ListPage { jobs, ctx })
}

#[derive(Debug, Template)]
#[template(path = "imports/new.html")]
struct FormPage {
    ctx: PageCtx,
    agency: String,
    error: Option<String>,
}

async fn agency_name(state: &AppState, session: &CurrentSession) -> Result<String, AppError> {
    Ok(state.store.agency(session.user.agency_id).await?.map(|a| a.name).unwrap_or_default())
}

#[tracing::instrument(skip_all)]
async fn form(State(state): State<AppState>, ctx: PageCtx, SignedIn(session): SignedIn) -> Result<Response, AppError> {
    allowed(&session)?;
    let agency = agency_name(&state, &session).await?;
    render(StatusCode::OK, &FormPage { agency, error: None, ctx })
}

#[tracing::instrument(skip_all)]
async fn upload(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    multipart: Multipart,
) -> Result<Response, AppError> {
    allowed(&session)?;
    let (name, read) = match read_upload(&ctx, multipart).await {
        Ok(file) => file,
        Err(Err(response)) => return Ok(response),
        Err(Ok(message)) => {
            let agency = agency_name(&state, &session).await?;
            return render(StatusCode::UNPROCESSABLE_ENTITY, &FormPage { agency, error: Some(message), ctx });
        }
    };
    let who = who(&session, "POST /imports");
    let job = haven_import::start_job(&state.store, session.user.agency_id, &name, &read, Thresholds::default(), &who)
        .await
        .map_err(AppError::Internal)?;
    let id = job.id;
    // A new job: nothing else can hold it.
    let claim = state.imports.claim(id).ok_or(AppError::BadRequest)?;
    run_in_background(&state, claim, job, read, who);
    Ok(Redirect::to(&format!("/imports/{id}")).into_response())
}
