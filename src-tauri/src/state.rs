//! What the app keeps between commands: the data dir, the archive (opened on first use,
//! or by init), the cancel tokens of running jobs, and who is signed in.
//!
//! Every command that reads or changes the archive goes through `with_archive`, `with_session`
//! or `act`, which all start with `actor()`: no signed-in, unlocked user, no access
//! (`not_signed_in`). Only the commands that sign in (or show the first-run screen) use
//! the unguarded `open_archive`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chrono::Utc;
use dengji_core::{AccessEvent, Actor, Archive, CancelToken, Stamp};

use crate::error::{IpcError, IpcResult};
use crate::recent::Recent;

/// Who is at the keyboard. A locked session keeps its user (so only that user's password
/// unlocks it) but hands out no stamps until unlocked.
#[derive(Debug, Clone, Default)]
pub enum SignIn {
    #[default]
    Out,
    In(Actor),
    Locked(Actor),
}

pub struct AppState {
    data_dir: PathBuf,
    archive: Mutex<Option<Archive>>,
    sign_in: Mutex<SignIn>,
    jobs: Jobs,
    idle_lock_seconds: Option<u32>,
    attestations: Recent<dengji_core::Attestation>,
    checks: Recent<dengji_core::CheckReport>,
}

impl AppState {
    pub fn new(data_dir: PathBuf) -> Self {
        AppState {
            data_dir,
            archive: Mutex::new(None),
            sign_in: Mutex::new(SignIn::Out),
            jobs: Jobs::default(),
            idle_lock_seconds: None,
            attestations: Recent::new("鉴证记录"),
            checks: Recent::new("四性检测记录"),
        }
    }

    /// Overrides the archive's idle-lock setting (`DENGJI_IDLE_LOCK_SECONDS`, for tests).
    pub fn with_idle_lock_seconds(mut self, seconds: Option<u32>) -> Self {
        self.idle_lock_seconds = seconds;
        self
    }

    pub fn idle_lock_seconds(&self) -> Option<u32> {
        self.idle_lock_seconds
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn jobs(&self) -> &Jobs {
        &self.jobs
    }

    /// This sign-in's attestations, by ledger seq, for their report.
    pub fn attestations(&self) -> &Recent<dengji_core::Attestation> {
        &self.attestations
    }

    /// This sign-in's completed checks, by check record id, for their report.
    pub fn checks(&self) -> &Recent<dengji_core::CheckReport> {
        &self.checks
    }

    pub fn is_initialised(&self) -> bool {
        Archive::is_initialised(&self.data_dir)
    }

    /// The signed-in, unlocked user; `not_signed_in` otherwise. The one gate of every command.
    pub fn actor(&self) -> IpcResult<Actor> {
        match &*lock(&self.sign_in)? {
            SignIn::In(actor) => Ok(actor.clone()),
            SignIn::Out | SignIn::Locked(_) => Err(not_signed_in()),
        }
    }

    /// The signed-in user's stamp for a state change made now.
    pub fn stamp(&self) -> IpcResult<Stamp> {
        Ok(self.actor()?.stamp(Utc::now()))
    }

    pub fn sign_in(&self) -> IpcResult<SignIn> {
        Ok(lock(&self.sign_in)?.clone())
    }

    /// Runs `f` on the shared archive for the signed-in user.
    pub fn with_archive<T>(&self, f: impl FnOnce(&mut Archive) -> dengji_core::Result<T>) -> IpcResult<T> {
        self.actor()?;
        self.open_archive(f)
    }

    /// Like `with_archive`, and tells `f` who is signed in.
    pub fn with_session<T>(&self, f: impl FnOnce(&mut Archive, &Actor) -> dengji_core::Result<T>) -> IpcResult<T> {
        let actor = self.actor()?;
        self.open_archive(|a| f(a, &actor))
    }

    /// Records in the access log what the signed-in user printed, verified or exported.
    pub fn record(&self, event: AccessEvent, subject: &str, detail: serde_json::Value) -> IpcResult<()> {
        self.act(|a, s| a.record_access(event, subject, &detail, s))
    }

    /// A state change by the signed-in user, stamped now.
    pub fn act<T>(&self, f: impl FnOnce(&mut Archive, &Stamp) -> dengji_core::Result<T>) -> IpcResult<T> {
        let stamp = self.stamp()?;
        self.open_archive(|a| f(a, &stamp))
    }

    /// Runs `f` on the shared archive, opening it first if needed (fails with
    /// `not_initialised` before init), whoever is signed in. Long jobs open their own.
    fn open_archive<T>(&self, f: impl FnOnce(&mut Archive) -> dengji_core::Result<T>) -> IpcResult<T> {
        let mut slot = lock(&self.archive)?;
        if slot.is_none() {
            *slot = Some(Archive::open(&self.data_dir)?);
        }
        Ok(f(slot.as_mut().expect("opened above"))?)
    }

    /// What the first-run and login screens show, whoever is signed in.
    pub fn info(&self) -> IpcResult<dengji_core::ArchiveInfo> {
        self.open_archive(|a| a.info())
    }

    /// Initialises the data dir with its first admin, keeps the new archive open and signs
    /// the admin in.
    pub fn init(&self, name: &str, region_code: &str, admin: &str, password: &str) -> IpcResult<dengji_core::ArchiveInfo> {
        self.adopt(|dir| Archive::init(dir, name, region_code, admin, password, Utc::now()))
    }

    /// Creates the training archive in the data dir and signs its admin in.
    pub fn init_demo(&self) -> IpcResult<dengji_core::ArchiveInfo> {
        self.adopt(|dir| Archive::init_demo(dir, Utc::now()))
    }

    /// Keeps the archive `make` created in the data dir open, with its user signed in.
    fn adopt(&self, make: impl FnOnce(&Path) -> dengji_core::Result<(Archive, Actor)>) -> IpcResult<dengji_core::ArchiveInfo> {
        let mut slot = lock(&self.archive)?;
        let (archive, actor) = make(&self.data_dir)?;
        let info = archive.info()?;
        *slot = Some(archive);
        *lock(&self.sign_in)? = SignIn::In(actor);
        Ok(info)
    }

    /// Deletes the training archive (admin only, refused for a real one) and signs out: the
    /// app shows its first-run wizard again.
    pub fn discard_demo(&self) -> IpcResult<()> {
        let stamp = self.stamp()?;
        {
            let mut slot = lock(&self.archive)?;
            let archive = match slot.take() {
                Some(archive) => archive,
                None => Archive::open(&self.data_dir)?,
            };
            archive.discard_demo(&stamp)?;
        }
        // The archive, its access log with it, is gone: nothing to record the sign-out in.
        self.forget_sign_in()
    }

    /// Creates the first admin of an archive from before accounts existed, and signs them in.
    pub fn bootstrap(&self, admin: &str, password: &str) -> IpcResult<dengji_core::ArchiveInfo> {
        let actor = self.open_archive(|a| a.bootstrap_admin(admin, password, Utc::now()))?;
        *lock(&self.sign_in)? = SignIn::In(actor);
        self.info()
    }

    /// Checks name and password and signs that user in (replacing any earlier sign-in).
    pub fn login(&self, name: &str, password: &str) -> IpcResult<Actor> {
        let actor = self.open_archive(|a| a.login(name, password, Utc::now()))?;
        *lock(&self.sign_in)? = SignIn::In(actor.clone());
        Ok(actor)
    }

    /// The archive key this sign-in unlocked, for a job's own `Archive`.
    pub fn session_key(&self) -> IpcResult<Option<dengji_core::key::SessionKey>> {
        Ok(lock(&self.archive)?.as_ref().and_then(|a| a.session_key()))
    }

    pub fn logout(&self) -> IpcResult<()> {
        if let SignIn::In(actor) | SignIn::Locked(actor) = self.sign_in()? {
            self.open_archive(|a| {
                a.record_access(AccessEvent::SignOut, &user_subject(&actor), &serde_json::json!({}), &actor.stamp(Utc::now()))
            })?;
        }
        self.forget_sign_in()
    }

    fn forget_sign_in(&self) -> IpcResult<()> {
        *lock(&self.sign_in)? = SignIn::Out;
        // Nobody at the desk: the decrypted archive key goes too.
        if let Some(archive) = lock(&self.archive)?.as_mut() {
            archive.lock_key();
        }
        self.attestations.clear()?;
        self.checks.clear()
    }

    /// Locks the screen: the user stays known, but nothing works until `unlock`.
    pub fn lock(&self) -> IpcResult<()> {
        let locked = {
            let mut sign_in = lock(&self.sign_in)?;
            match &*sign_in {
                SignIn::In(actor) => {
                    let actor = actor.clone();
                    *sign_in = SignIn::Locked(actor.clone());
                    Some(actor)
                }
                _ => None,
            }
        };
        if let Some(actor) = locked {
            self.open_archive(|a| {
                a.record_access(AccessEvent::Lock, &user_subject(&actor), &serde_json::json!({}), &actor.stamp(Utc::now()))
            })?;
        }
        Ok(())
    }

    /// Unlocks with the locked user's own password (a fresh login as that user).
    pub fn unlock(&self, password: &str) -> IpcResult<Actor> {
        let name = match self.sign_in()? {
            SignIn::Locked(actor) | SignIn::In(actor) => actor.name().to_string(),
            SignIn::Out => return Err(not_signed_in()),
        };
        let actor = self.open_archive(|a| a.unlock(&name, password, Utc::now()))?;
        *lock(&self.sign_in)? = SignIn::In(actor.clone());
        Ok(actor)
    }

    /// Reads archive settings whoever is signed in (the session DTO needs them while locked).
    pub fn settings(&self) -> IpcResult<(bool, u32)> {
        self.open_archive(|a| Ok((a.four_eyes()?, a.idle_lock_minutes()?)))
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

/// The core's `not_signed_in` text speaks to CLI users; the app's points at its own screens.
pub fn not_signed_in() -> IpcError {
    IpcError::worded(dengji_core::ErrorCode::NotSignedIn, "请先登录；屏幕已锁定时，请输入密码解锁。")
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> IpcResult<MutexGuard<'_, T>> {
    m.lock().map_err(|_| IpcError::internal("程序内部状态异常（之前的操作意外中止），请重新启动程序。"))
}

/// The access log's subject for a user.
fn user_subject(actor: &Actor) -> String {
    format!("user:{}", actor.id().0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PW: &str = "管理员密码1234";

    #[test]
    fn opens_lazily_and_after_init() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(dir.path().join("archive"));
        assert_eq!(state.info().unwrap_err().code, "not_initialised");
        let info = state.init("测试档案馆", "330102", "管理员", PW).unwrap();
        assert_eq!(info.name, "测试档案馆");
        assert_eq!(state.with_archive(|a| a.info()).unwrap().region_code, "330102");
        assert_eq!(state.actor().unwrap().name(), "管理员");
        // A second state (a restarted app) opens the same dir lazily, but nobody is signed in.
        let again = AppState::new(dir.path().join("archive"));
        assert_eq!(again.with_archive(|a| a.domains()).unwrap_err().code, "not_signed_in");
        assert_eq!(again.info().unwrap().name, "测试档案馆", "the login screen names the archive");
        again.login("管理员", PW).unwrap();
        assert!(again.with_archive(|a| a.domains()).is_ok());
    }

    #[test]
    fn every_guarded_call_needs_an_unlocked_sign_in() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(dir.path().join("archive"));
        state.init("测试档案馆", "330102", "管理员", PW).unwrap();
        state.lock().unwrap();
        assert!(matches!(state.sign_in().unwrap(), SignIn::Locked(_)));
        assert_eq!(state.with_archive(|a| a.units()).unwrap_err().code, "not_signed_in");
        assert_eq!(state.act(|a, s| a.set_four_eyes(false, s)).unwrap_err().code, "not_signed_in");
        assert_eq!(state.stamp().unwrap_err().code, "not_signed_in");
        assert_eq!(state.unlock("错误的密码1234").unwrap_err().code, "bad_credentials");
        assert_eq!(state.unlock(PW).unwrap().name(), "管理员");
        assert!(state.act(|a, s| a.set_four_eyes(false, s)).is_ok());
        state.logout().unwrap();
        assert!(matches!(state.sign_in().unwrap(), SignIn::Out));
        assert_eq!(state.unlock(PW).unwrap_err().code, "not_signed_in");
        assert_eq!(state.with_session(|a, _| a.users()).unwrap_err().code, "not_signed_in");
        // The access log has the lock, the wrong and the right password, the sign-out.
        state.login("管理员", PW).unwrap();
        let log: Vec<String> = state.act(|a, s| a.access_log(&Default::default(), s)).unwrap().into_iter().map(|e| e.action).collect();
        assert_eq!(log, ["sign_in", "lock", "unlock_failed", "unlock", "sign_out", "sign_in"], "init signs the admin in");
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
