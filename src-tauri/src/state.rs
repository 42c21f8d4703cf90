//! What the app keeps between commands: the data dir, the archive (opened on first use,
//! or by init), the cancel tokens of running jobs, and who is operating.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chrono::Utc;
use dengji_core::{Archive, CancelToken, Stamp};

use crate::error::{IpcError, IpcResult};

pub struct AppState {
    data_dir: PathBuf,
    archive: Mutex<Option<Archive>>,
    jobs: Jobs,
}

impl AppState {
    pub fn new(data_dir: PathBuf) -> Self {
        AppState { data_dir, archive: Mutex::new(None), jobs: Jobs::default() }
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn jobs(&self) -> &Jobs {
        &self.jobs
    }

    pub fn is_initialised(&self) -> bool {
        Archive::is_initialised(&self.data_dir)
    }

    /// Runs `f` on the shared archive, opening it first if needed (fails with
    /// `not_initialised` before init). Long jobs open their own `Archive` instead.
    pub fn with_archive<T>(&self, f: impl FnOnce(&mut Archive) -> dengji_core::Result<T>) -> IpcResult<T> {
        let mut slot = lock(&self.archive)?;
        if slot.is_none() {
            *slot = Some(Archive::open(&self.data_dir)?);
        }
        Ok(f(slot.as_mut().expect("opened above"))?)
    }

    /// Initialises the data dir and keeps the new archive open.
    pub fn init(&self, name: &str, region_code: &str) -> IpcResult<dengji_core::ArchiveInfo> {
        let mut slot = lock(&self.archive)?;
        let archive = Archive::init(&self.data_dir, name, region_code, &stamp())?;
        let info = archive.info()?;
        *slot = Some(archive);
        Ok(info)
    }
}

/// Cancel tokens of running jobs, by the job id the frontend chose.
#[derive(Default)]
pub struct Jobs(Mutex<HashMap<String, CancelToken>>);

impl Jobs {
    pub fn start(&self, job_id: &str) -> IpcResult<CancelToken> {
        let mut jobs = lock(&self.0)?;
        if jobs.contains_key(job_id) {
            return Err(IpcError::bad_request(format!("任务编号 {job_id} 已在运行，请勿重复提交。")));
        }
        let token = CancelToken::new();
        jobs.insert(job_id.to_string(), token.clone());
        Ok(token)
    }

    pub fn finish(&self, job_id: &str) {
        if let Ok(mut jobs) = lock(&self.0) {
            jobs.remove(job_id);
        }
    }

    /// Asks a job to stop at its next safe point. An unknown id is not an error: the job
    /// may have just finished.
    pub fn cancel(&self, job_id: &str) -> IpcResult<()> {
        if let Some(token) = lock(&self.0)?.get(job_id) {
            token.cancel();
        }
        Ok(())
    }
}

fn lock<T>(m: &Mutex<T>) -> IpcResult<MutexGuard<'_, T>> {
    m.lock().map_err(|_| IpcError::internal("程序内部状态异常（之前的操作意外中止），请重新启动程序。"))
}

/// Who is operating: `DENGJI_USER`, else the OS user, else "unknown" (accounts come later).
pub fn operator() -> String {
    ["DENGJI_USER", "USER", "USERNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

pub fn stamp() -> Stamp {
    Stamp::new(operator(), Utc::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_lazily_and_after_init() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(dir.path().join("archive"));
        let err = state.with_archive(|a| a.info()).unwrap_err();
        assert_eq!(err.code, "not_initialised");
        let info = state.init("测试档案馆", "330102").unwrap();
        assert_eq!(info.name, "测试档案馆");
        assert_eq!(state.with_archive(|a| a.info()).unwrap().region_code, "330102");
        // A second state (a restarted app) opens the same dir lazily.
        let again = AppState::new(dir.path().join("archive"));
        assert!(again.with_archive(|a| a.domains()).is_ok());
    }

    #[test]
    fn jobs_cancel_and_finish() {
        let jobs = Jobs::default();
        let token = jobs.start("j1").unwrap();
        assert_eq!(jobs.start("j1").unwrap_err().code, "bad_request");
        jobs.cancel("j1").unwrap();
        assert!(token.is_cancelled());
        jobs.finish("j1");
        jobs.cancel("j1").unwrap();
        assert!(jobs.start("j1").is_ok());
    }
}
