//! The audit events of reads, committed together (a group commit).
//!
//! A read's event must be on disk before its answer leaves the store: no read without its
//! trail. Committed one by one, each read would wait for the write lock and for its own sync of
//! the write-ahead log (`synchronous=FULL`), and under load the reads queue behind each other's
//! syncs. Here each caller puts its event in a queue and waits for the writer's turn; whoever
//! gets the turn takes every event queued so far and commits them in one transaction (one
//! sync), then tells each caller how its event fared. While one batch syncs, the next gathers.
//!
//! Durability is as before: an event is reported written only after the transaction that holds
//! it has committed with a full sync, so a read that returned has its event on disk, through a
//! `kill -9` or a power cut. A batch that fails (an event whose id is taken, a full disk) is
//! retried event by event, so that one bad event fails only its own read.

use crate::{backend, commit, insert_audit};
use haven_domain::audit::AuditEvent;
use haven_store::{StoreError, StoreResult};
use sqlx::SqlitePool;
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

/// An event waiting to be written, and its caller waiting to hear how that went.
type Waiting = (AuditEvent, oneshot::Sender<StoreResult<()>>);

/// The most events in one transaction: a bound on how long the write lock is held.
const MOST_IN_A_BATCH: usize = 512;

#[derive(Debug)]
pub(crate) struct AuditLog {
    pool: SqlitePool,
    queue: Mutex<Vec<Waiting>>,
    /// The writer's turn: fair (first come, first served), held while a batch commits.
    turn: Arc<tokio::sync::Mutex<()>>,
}

impl AuditLog {
    pub(crate) fn new(pool: SqlitePool) -> AuditLog {
        AuditLog { pool, queue: Mutex::new(Vec::new()), turn: Arc::new(tokio::sync::Mutex::new(())) }
    }

    /// Writes `event` durably, with whatever other events are waiting; returns once the
    /// transaction holding it has committed (or failed).
    pub(crate) async fn write(&self, event: &AuditEvent) -> StoreResult<()> {
        let (done, mut outcome) = oneshot::channel();
        self.queue.lock().map_err(|_| stopped())?.push((event.clone(), done));
        // Wait for the writer's turn, unless a batch already in hand (taken while this caller
        // waited) writes this event first: then its outcome is all there is to wait for.
        let turn = tokio::select! {
            written = &mut outcome => return written.map_err(|_| stopped())?,
            turn = Arc::clone(&self.turn).lock_owned() => turn,
        };
        let batch = {
            let mut queue = self.queue.lock().map_err(|_| stopped())?;
            let first = queue.len().min(MOST_IN_A_BATCH);
            let rest = queue.split_off(first);
            std::mem::replace(&mut *queue, rest)
        };
        if batch.is_empty() {
            // An earlier turn took this event: it is written, or being written.
            drop(turn);
        } else {
            // The commit runs on its own task, holding the turn: a caller that goes away (a
            // client that hangs up) must not cut short the batch it was carrying for others.
            let pool = self.pool.clone();
            let task = tokio::spawn(async move {
                write_batch(&pool, batch).await;
                drop(turn);
            });
            if let Err(e) = task.await {
                tracing::error!(error = %e, "the audit writer's task failed");
            }
        }
        outcome.await.map_err(|_| stopped())?
    }
}

fn stopped() -> StoreError {
    tracing::error!("an audit event's write was abandoned");
    StoreError::Backend("the audit event was not written".into())
}

async fn write_batch(pool: &SqlitePool, batch: Vec<Waiting>) {
    if batch.len() > 1 {
        let events: Vec<&AuditEvent> = batch.iter().map(|(e, _)| e).collect();
        if write_all(pool, &events).await.is_ok() {
            for (_, done) in batch {
                // The caller may have gone: its event is written all the same.
                let _ = done.send(Ok(()));
            }
            return;
        }
    }
    // One at a time: each event's own outcome goes to its own caller.
    for (event, done) in batch {
        let _ = done.send(write_all(pool, &[&event]).await);
    }
}

async fn write_all(pool: &SqlitePool, events: &[&AuditEvent]) -> StoreResult<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
    for event in events {
        insert_audit(&mut tx, event).await?;
    }
    commit(tx).await
}
