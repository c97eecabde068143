//! One import job's page: its progress while it runs, then the rows that could not be imported and
//! the way to the review queue; resuming a job that stopped part-way from the same file, and rolling
//! a job back.

use super::{allowed, read_upload, run_in_background, who};
use crate::error::AppError;
use crate::import_runs::Running;
use crate::session::{CurrentSession, SignedIn};
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_domain::ids::ImportJobId;
use haven_domain::import::ImportStatus;
use haven_import::ResumeRefused;
use haven_store::ImportJob;

/// Where a job stands as its page shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Running in this process.
    Running,
    /// Held as running, not running here, but writing batches lately: the command line (or another
    /// server) runs it.
    Elsewhere,
    /// Held as running, but nothing has run it for a while: it stopped part-way.
    Stopped,
    Finished,
    RolledBack,
}

pub fn stage(state: &AppState, job: &ImportJob) -> Stage {
    let heartbeat = job.last_batch_at.unwrap_or(job.created_at);
    let quiet = chrono::Duration::minutes(state.config.import_stalled_after_minutes);
    match job.status {
        ImportStatus::Running if state.imports.is_running(job.id) => Stage::Running,
        ImportStatus::Running if crate::clock::now() - heartbeat < quiet => Stage::Elsewhere,
        ImportStatus::Running => Stage::Stopped,
        ImportStatus::Finished => Stage::Finished,
        ImportStatus::RolledBack => Stage::RolledBack,
    }
}

/// Claims the job for a run (a resume or a rollback) here, unless it runs here or elsewhere already.
fn claim_unless_elsewhere(state: &AppState, job: &ImportJob) -> Option<Running> {
    // The stage first: once claimed, the job runs here.
    if stage(state, job) == Stage::Elsewhere {
        return None;
    }
    state.imports.claim(job.id)
}

pub fn status_label(ctx: &PageCtx, stage: Stage) -> String {
    let code = match stage {
        Stage::Running | Stage::Elsewhere => "running",
        Stage::Stopped => "stopped",
        Stage::Finished => "finished",
        Stage::RolledBack => "rolled-back",
    };
    ctx.t(&format!("import-status-{code}"))
}

/// How many of a job's rows are written, in words.
pub fn rows_label(ctx: &PageCtx, job: &ImportJob) -> String {
    ctx.lang.t_args("import-rows-done", &[("done", job.rows_done.to_string()), ("total", job.total_rows.to_string())])
}

/// What a job's rows became so far, in words.
pub fn written(ctx: &PageCtx, job: &ImportJob) -> String {
    let w = job.written;
    ctx.lang.t_args(
        "import-written",
        &[
            ("linked", w.linked.to_string()),
            ("created", w.created.to_string()),
            ("queued", w.queued.to_string()),
            ("errors", w.errors.to_string()),
        ],
    )
}

/// A row's reason in the reader's language where it is made of `column: code` parts the messages know
/// (`dob: date-format; sex: unknown-code`), with the person form's message for the field the column
/// fills; as written otherwise.
fn reason_text(ctx: &PageCtx, reason: &str) -> String {
    reason
        .split("; ")
        .map(|part| match part.split_once(": ") {
            Some((column, code)) if ctx.lang.has(&format!("error-{code}")) => {
                let field = match column {
                    "first_name" => "given_name",
                    "surname" => "family_name",
                    "dob" => "date_of_birth",
                    other => other,
                };
                format!("{column}: {}", ctx.lang.field_error(field, code))
            }
            _ => part.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[derive(Debug, Template)]
#[template(path = "imports/progress.html")]
struct ProgressPage {
    ctx: PageCtx,
    id: String,
    file_name: String,
    sha256: String,
    thresholds: String,
    done: i64,
    total: i64,
    status: String,
    stage: Stage,
    rows_label: String,
    /// What the rows written became.
    written: String,
    errors: Vec<(i64, String)>,
    /// Why a resume was refused.
    error: Option<String>,
    /// What a job running elsewhere is doing (when it last wrote a batch).
    elsewhere: String,
}

/// The job, if it is the user's agency's: others are told nothing, not even that it exists.
async fn own_job(state: &AppState, session: &CurrentSession, raw: &str) -> Result<ImportJob, AppError> {
    allowed(session)?;
    let id: ImportJobId = raw.parse().map_err(|_| AppError::NotFound)?;
    let job = state.store.import_job(id).await?.ok_or(AppError::NotFound)?;
    if job.agency_id != session.user.agency_id {
        return Err(AppError::NotFound);
    }
    Ok(job)
}

async fn page(
    state: &AppState,
    ctx: PageCtx,
    job: ImportJob,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, AppError> {
    let stage = stage(state, &job);
    let errors = if matches!(stage, Stage::Running | Stage::Elsewhere) {
        Vec::new()
    } else {
        state.store.import_errors(job.id).await?.into_iter().map(|e| (e.row, reason_text(&ctx, &e.reason))).collect()
    };
    let percent = |p: f64| format!("{:.0}%", p * 100.0);
    let page = ProgressPage {
        id: job.id.to_string(),
        status: status_label(&ctx, stage),
        thresholds: ctx.lang.t_args(
            "import-thresholds",
            &[("upper", percent(job.thresholds.upper)), ("lower", percent(job.thresholds.lower))],
        ),
        rows_label: rows_label(&ctx, &job),
        written: written(&ctx, &job),
        file_name: job.file_name,
        sha256: job.file_sha256,
        done: job.rows_done,
        total: job.total_rows,
        stage,
        errors,
        error,
        elsewhere: ctx.lang.t_args(
            "import-running-elsewhere",
            &[
                ("at", ctx.time(&job.last_batch_at.unwrap_or(job.created_at))),
                ("minutes", state.config.import_stalled_after_minutes.to_string()),
            ],
        ),
        ctx,
    };
    render(status, &page)
}

#[tracing::instrument(skip_all)]
pub async fn progress(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let job = own_job(&state, &session, &raw).await?;
    page(&state, ctx, job, StatusCode::OK, None).await
}

/// Resumes a job that stopped part-way, from the same file uploaded again.
#[tracing::instrument(skip_all)]
pub async fn resume(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let job = own_job(&state, &session, &raw).await?;
    let Some(claim) = claim_unless_elsewhere(&state, &job) else {
        return page(&state, ctx, job, StatusCode::CONFLICT, None).await;
    };
    let read = match read_upload(&ctx, multipart).await {
        Ok((_, read)) => read,
        Err(Err(response)) => return Ok(response),
        Err(Ok(message)) => {
            drop(claim);
            return page(&state, ctx, job, StatusCode::UNPROCESSABLE_ENTITY, Some(message)).await;
        }
    };
    let job = match haven_import::resumable(&state.store, job.id, &read).await {
        Ok(job) => job,
        Err(e) => {
            drop(claim);
            let message = match e.downcast_ref::<ResumeRefused>() {
                Some(ResumeRefused::NoJob(_)) => return Err(AppError::NotFound),
                Some(ResumeRefused::NotRunning { .. }) => ctx.t("import-resume-not-running"),
                Some(ResumeRefused::OtherFile(_)) => ctx.t("import-resume-other-file"),
                Some(ResumeRefused::OtherRows { rows, started, .. }) => ctx.lang.t_args(
                    "import-resume-other-rows",
                    &[("rows", rows.to_string()), ("started", started.to_string())],
                ),
                None => return Err(AppError::Internal(e)),
            };
            return page(&state, ctx, job, StatusCode::UNPROCESSABLE_ENTITY, Some(message)).await;
        }
    };
    let id = job.id;
    run_in_background(&state, claim, job, read, who(&session, "POST /imports/{id}/resume"));
    Ok(Redirect::to(&format!("/imports/{id}")).into_response())
}

/// Rolls a job back: its records are detached (kept) and the people it made that hold nothing else go.
#[tracing::instrument(skip_all)]
pub async fn rollback(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let job = own_job(&state, &session, &raw).await?;
    // Not while it runs, here or elsewhere: the run would write on after the rollback.
    let Some(claim) = claim_unless_elsewhere(&state, &job) else {
        return page(&state, ctx, job, StatusCode::CONFLICT, None).await;
    };
    let done = haven_import::rollback(&state.store, job.id, &who(&session, "POST /imports/{id}/rollback")).await;
    drop(claim);
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/imports/{}", job.id)).into_response()),
        Err(e) => {
            // Rolled back already (by someone else, or the command line, since the page was opened)?
            let fresh = state.store.import_job(job.id).await?.ok_or(AppError::NotFound)?;
            if fresh.status != ImportStatus::RolledBack {
                return Err(AppError::Internal(e));
            }
            let message = ctx.t("import-rollback-done-already");
            page(&state, ctx, fresh, StatusCode::CONFLICT, Some(message)).await
        }
    }
}
