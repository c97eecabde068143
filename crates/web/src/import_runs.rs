//! The import jobs running in this process. A job the store holds as running but that is not running
//! here stopped part-way (the server was stopped or restarted): its page offers to resume it from the
//! same file or to roll it back, and neither may start while it runs.

use haven_domain::ids::ImportJobId;
use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

#[derive(Debug, Clone, Default)]
pub struct ImportRuns(Arc<Mutex<HashSet<ImportJobId>>>);

/// Held while a job runs; dropping it (when the run ends, however it ends) frees the job.
#[derive(Debug)]
pub struct Running {
    runs: ImportRuns,
    job: ImportJobId,
}

impl ImportRuns {
    /// Claims `job` for a run, or `None` when it is running already.
    pub fn claim(&self, job: ImportJobId) -> Option<Running> {
        let mut set = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        set.insert(job).then(|| Running { runs: self.clone(), job })
    }

    pub fn is_running(&self, job: ImportJobId) -> bool {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).contains(&job)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.runs.0.lock().unwrap_or_else(PoisonError::into_inner).remove(&self.job);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_is_claimed_once_and_freed_when_its_run_ends() {
        let runs = ImportRuns::default();
        let job = ImportJobId::new();
        let first = runs.claim(job);
        assert!(first.is_some() && runs.is_running(job));
        assert!(runs.claim(job).is_none(), "not twice at once");
        drop(first);
        assert!(!runs.is_running(job));
        assert!(runs.claim(job).is_some());
    }
}
