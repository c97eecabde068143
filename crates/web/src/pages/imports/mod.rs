//! Imports from the browser: `GET /imports/new` (the upload form), `POST /imports` (reads the
//! file, starts the job and runs it in the background, as `haven import people` would), and
//! `GET /imports/{id}` (the job's progress, then its error rows and the way to the review queue).
//! The rows are the user's agency's records; the job is the same resumable, batched job as the
//! command line's, audited in the user's name.

use crate::error::AppError;
use crate::session::{CurrentSession, SignedIn};
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use haven_domain::ids::ImportJobId;
use haven_domain::import::ImportStatus;
use haven_domain::policy::{Action, Decision, Target, can};
use haven_import::{ImportOptions, Who};

/// The largest file the browser may send: about 200,000 rows.
pub const UPLOAD_LIMIT: usize = 32 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/imports/new", get(form))
        .route("/imports", axum::routing::post(upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)))
        .route("/imports/{id}", get(progress))
}

fn allowed(session: &CurrentSession) -> Result<(), AppError> {
    match can(&session.actor(), Action::CreatePerson, Target::Service) {
        Decision::Allow => Ok(()),
        Decision::Deny(reason) => Err(AppError::Forbidden(reason)),
    }
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

async fn refused(
    state: &AppState,
    ctx: PageCtx,
    session: &CurrentSession,
    error: String,
) -> Result<Response, AppError> {
    let agency = agency_name(state, session).await?;
    render(StatusCode::UNPROCESSABLE_ENTITY, &FormPage { agency, error: Some(error), ctx })
}

#[tracing::instrument(skip_all)]
async fn upload(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    allowed(&session)?;
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("upload.csv").rsplit(['/', '\\']).next().unwrap_or("").to_owned();
            match field.bytes().await {
                Ok(bytes) => file = Some((name, bytes.to_vec())),
                Err(_) => return Ok(crate::error::error_response(crate::error::PageKind::TooLarge)),
            }
        }
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        let message = ctx.t("import-no-file");
        return refused(&state, ctx, &session, message).await;
    };
    let rows = match haven_import::read_csv(bytes.as_slice(), &name) {
        Ok(rows) => rows,
        Err(e) => {
            let message = format!("{e:#}");
            return refused(&state, ctx, &session, message).await;
        }
    };
    let who = Who {
        actor: Some(session.actor()),
        label: session.user.username.as_str().to_owned(),
        purpose: "POST /imports".into(),
    };
    let job = haven_import::start_job(&state.store, session.user.agency_id, &name, &rows, &who)
        .await
        .map_err(AppError::Internal)?;
    let store = state.store.clone();
    let running = job.clone();
    // The job runs on after this response: its progress is in the store, batch by batch.
    tokio::spawn(async move {
        if let Err(e) = haven_import::run_job(&store, &running, rows, &ImportOptions::default(), &who).await {
            tracing::error!(job = %running.id, error = %format!("{e:#}"), "import stopped");
        }
    });
    Ok(Redirect::to(&format!("/imports/{}", job.id)).into_response())
}

#[derive(Debug, Template)]
#[template(path = "imports/progress.html")]
struct ProgressPage {
    ctx: PageCtx,
    file_name: String,
    done: i64,
    total: i64,
    status: String,
    running: bool,
    rows_label: String,
    errors: Vec<(i64, String)>,
}

#[tracing::instrument(skip_all)]
async fn progress(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    allowed(&session)?;
    let id: ImportJobId = raw.parse().map_err(|_| AppError::NotFound)?;
    let job = state.store.import_job(id).await?.ok_or(AppError::NotFound)?;
    // A job is its agency's: others are told nothing, not even that it exists.
    if job.agency_id != session.user.agency_id {
        return Err(AppError::NotFound);
    }
    let errors = if job.status == ImportStatus::Running {
        Vec::new()
    } else {
        state.store.import_errors(id).await?.into_iter().map(|e| (e.row, e.reason)).collect()
    };
    let page = ProgressPage {
        file_name: job.file_name,
        done: job.rows_done,
        total: job.total_rows,
        status: ctx.label("import-status", job.status.code()),
        running: job.status == ImportStatus::Running,
        rows_label: ctx
            .lang
            .t_args("import-rows-done", &[("done", job.rows_done.to_string()), ("total", job.total_rows.to_string())]),
        errors,
        ctx,
    };
    render(StatusCode::OK, &page)
}
