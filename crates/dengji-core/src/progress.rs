//! The progress port and cancel token every long job takes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Scanning,
    Hashing,
    Finishing,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct JobProgress {
    pub phase: Phase,
    pub files_done: u64,
    pub files_total: u64,
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub current: Option<String>,
    pub elapsed: Duration,
}

/// Receives progress reports. Called from the job's thread, at most every ~100 ms.
pub trait Progress: Sync {
    fn report(&self, progress: &JobProgress);
}

/// Discards reports (tests, scripts).
pub struct NoProgress;

impl Progress for NoProgress {
    fn report(&self, _: &JobProgress) {}
}

impl<F: Fn(&JobProgress) + Sync> Progress for F {
    fn report(&self, progress: &JobProgress) {
        self(progress)
    }
}

/// Shared flag a UI or signal handler flips to stop a job at its next safe point.
#[derive(Clone, Default, Debug)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}
