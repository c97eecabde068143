//! `haven import`: an agency's file of people into the store (the work is `haven_import`'s, shared
//! with the web pages). Each row becomes that agency's source record, linked to an existing person
//! when the match probability is at least `--upper`, queued for a practitioner's review between
//! `--lower` and `--upper`, or a new person below. `haven import resume --job ID` continues a
//! killed import where it stopped; `haven import rollback --job ID` undoes one.

use anyhow::bail;
use haven_domain::agency::AgencyCode;
use haven_domain::ids::ImportJobId;
pub use haven_import::{ImportOptions, ImportReport, Thresholds, Who};
use haven_store::{RollbackSummary, Store};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// Import an agency's CSV of people (columns record_id,source,first_name,surname,dob,sex,postcode;
    /// dob as YYYY-MM-DD; source and extra columns ignored).
    People {
        /// The agency whose records these are (its code).
        #[arg(long, value_parser = agency_code)]
        agency: AgencyCode,
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        thresholds: ThresholdArgs,
    },
    /// Continue a job that stopped part-way: the same file (checked by its SHA-256), decided by the
    /// thresholds the job started with.
    Resume {
        #[arg(long, value_parser = job_id)]
        job: ImportJobId,
        /// The file, if it has moved since the job started.
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Undo a job: its source records are detached (kept), and the people it made that hold nothing
    /// else are removed.
    Rollback {
        #[arg(long, value_parser = job_id)]
        job: ImportJobId,
    },
}

/// When a row links, waits for review, or becomes a new person.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct ThresholdArgs {
    /// Link to the existing person at or above this match probability.
    #[arg(long, value_name = "P", default_value_t = 0.95, value_parser = probability)]
    pub upper: f64,
    /// Queue for review at or above this (and below --upper); a new person below.
    #[arg(long, value_name = "P", default_value_t = 0.60, value_parser = probability)]
    pub lower: f64,
}

impl From<ThresholdArgs> for Thresholds {
    fn from(t: ThresholdArgs) -> Self {
        Thresholds { upper: t.upper, lower: t.lower }
    }
}

fn probability(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(p) if p.is_finite() && p > 0.0 && p < 1.0 => Ok(p),
        _ => Err(format!("`{s}` is not a probability strictly between 0 and 1")),
    }
}

fn agency_code(s: &str) -> Result<AgencyCode, String> {
    AgencyCode::parse(s).map_err(|c| format!("`{s}` is not an agency code ({c})"))
}

fn job_id(s: &str) -> Result<ImportJobId, String> {
    s.parse::<ImportJobId>().map_err(|_| format!("`{s}` is not a job id"))
}

pub async fn run(store: &Arc<dyn Store>, cmd: ImportCommand) -> anyhow::Result<()> {
    match cmd {
        ImportCommand::People { agency, file, thresholds } => {
            let opts = ImportOptions { thresholds: thresholds.into(), ..ImportOptions::default() };
            let started = std::time::Instant::now();
            let report = import_people(store, &agency, &file, &opts).await?;
            print_report(&report, started.elapsed());
            Ok(())
        }
        ImportCommand::Resume { job, file } => {
            let opts = ImportOptions::default();
            let started = std::time::Instant::now();
            let report = resume(store, job, file.as_deref(), &opts).await?;
            print_report(&report, started.elapsed());
            Ok(())
        }
        ImportCommand::Rollback { job } => {
            let undone = rollback(store, job).await?;
            println!(
                "job {job} rolled back: {} source records detached (kept), {} people removed",
                undone.detached, undone.people_removed
            );
            Ok(())
        }
    }
}

fn print_report(r: &ImportReport, took: std::time::Duration) {
    for e in &r.errors {
        eprintln!("row {}: {}", e.row, e.reason);
    }
    let job = r.job.map(|j| j.to_string()).unwrap_or_default();
    let secs = took.as_secs_f64().max(1e-6);
    println!(
        "job {job}: {} rows in {:.1}s ({:.0} rows/s): {} linked, {} new people, {} for review, {} errors{}{}",
        r.rows,
        secs,
        r.rows as f64 / secs,
        r.linked,
        r.created,
        r.queued,
        r.errors.len(),
        if r.skipped > 0 { format!(", {} already written", r.skipped) } else { String::new() },
        if r.finished { "" } else { " (stopped part-way: resume it with haven import resume --job ID)" }
    );
}

/// Starts a job for the agency with code `agency` and imports `file` into it.
pub async fn import_people(
    store: &Arc<dyn Store>,
    agency: &AgencyCode,
    file: &Path,
    opts: &ImportOptions,
) -> anyhow::Result<ImportReport> {
    let Some(agency) = store.agency_by_code(agency).await? else {
        bail!("--agency: no agency has the code {}", agency.as_str());
    };
    let read = haven_import::read_file(file)?;
    let path = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_owned());
    let who = Who::cli("haven import people");
    haven_import::import_rows(store, agency.id, &path.display().to_string(), read, opts, &who).await
}

/// Continues a job from the row after the last one written (the file it started from, unless moved).
pub async fn resume(
    store: &Arc<dyn Store>,
    job: ImportJobId,
    file: Option<&Path>,
    opts: &ImportOptions,
) -> anyhow::Result<ImportReport> {
    let Some(j) = store.import_job(job).await? else { bail!("--job: there is no import job {job}") };
    let path = file.map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from(&j.file_name));
    let read = haven_import::read_file(&path)?;
    haven_import::resume_rows(store, job, read, opts, &Who::cli("haven import resume")).await
}

pub async fn rollback(store: &Arc<dyn Store>, job: ImportJobId) -> anyhow::Result<RollbackSummary> {
    haven_import::rollback(store, job, &Who::cli("haven import rollback")).await
}
