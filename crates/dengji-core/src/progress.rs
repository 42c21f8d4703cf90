//! The progress port and cancel token every long job takes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/", rename = "JobPhase"))]
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

impl JobProgress {
    /// Progress of a job that counts steps (rows, items laid out, entries), not bytes.
    pub fn steps(phase: Phase, done: usize, total: usize, started: std::time::Instant) -> JobProgress {
        JobProgress {
            phase,
            files_done: done as u64,
            files_total: total as u64,
            bytes_done: 0,
            bytes_total: 0,
            current: None,
            elapsed: started.elapsed(),
        }
    }
}

/// Receives progress reports from the job's thread: on every file and on a ~100 ms tick.
/// A port that redraws a screen wraps itself in `Throttled`.
pub trait Progress: Sync {
    fn report(&self, progress: &JobProgress);
}

/// Passes on at most one report per interval, plus every phase change.
pub struct Throttled<'a> {
    inner: &'a dyn Progress,
    every: Duration,
    last: std::sync::Mutex<Option<(std::time::Instant, Phase)>>,
}

impl<'a> Throttled<'a> {
    pub fn new(inner: &'a dyn Progress, every: Duration) -> Self {
        Throttled { inner, every, last: std::sync::Mutex::new(None) }
    }
}

impl Progress for Throttled<'_> {
    fn report(&self, p: &JobProgress) {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let due = match *last {
            None => true,
            Some((at, phase)) => phase != p.phase || at.elapsed() >= self.every,
        };
        if due {
            *last = Some((std::time::Instant::now(), p.phase));
            drop(last);
            self.inner.report(p);
        }
    }
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
