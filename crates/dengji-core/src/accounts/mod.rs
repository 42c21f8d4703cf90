//! Accounts and roles (账户与角色). `Archive::login` is the only way to obtain an `Actor`,
//! and only an `Actor` makes the `Stamp` that state-changing operations require, so every
//! permission check happens in the core, whatever face (CLI, app) called it. The rows
//! themselves are `store.rs`'s.

mod store;

use std::fmt;
use std::str::FromStr;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Utc};
use rand_core::OsRng;
use serde::Serialize;

use crate::access_log::AccessEvent;
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::ids::UserId;
use crate::ledger;
use crate::stamp::Stamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/"))]
pub enum Role {
    Admin,
    Clerk,
    Reviewer,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Clerk, Role::Reviewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Clerk => "clerk",
            Role::Reviewer => "reviewer",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Admin => "管理员",
            Role::Clerk => "登记员",
            Role::Reviewer => "审核员",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        Role::ALL.into_iter().find(|r| r.as_str().eq_ignore_ascii_case(s) || r.label_zh() == s).ok_or_else(|| Error::BadRole(s.to_string()))
    }
}

fn roles_text(roles: &[Role]) -> String {
    Role::ALL.iter().filter(|r| roles.contains(r)).map(|r| r.as_str()).collect::<Vec<_>>().join(",")
}

fn parse_roles(text: &str) -> Vec<Role> {
    text.split(',').filter_map(|r| r.parse().ok()).collect()
}

fn roles_zh(roles: &[Role]) -> String {
    roles.iter().map(|r| r.label_zh()).collect::<Vec<_>>().join("或")
}

#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub roles: Vec<Role>,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
}

/// A signed-in user. Only `Archive::login` (and init, for the first admin) makes one.
#[derive(Debug, Clone)]
pub struct Actor {
    id: UserId,
    name: String,
    roles: Vec<Role>,
}

impl Actor {
    pub fn id(&self) -> UserId {
        self.id
    }
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Roles at sign-in (the core re-reads them from the catalog on every operation).
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }
    pub fn stamp(&self, at: DateTime<Utc>) -> Stamp {
        Stamp::for_user(self.id, &self.name, at)
    }
}

pub const MIN_PASSWORD_CHARS: usize = 8;
/// Failures allowed before answers slow down; then each further failure doubles the wait.
const FREE_FAILURES: i64 = 3;
const MAX_WAIT_SECS: i64 = 300;

pub(crate) fn check_idle_lock(minutes: u32) -> Result<()> {
    if !(1..=480).contains(&minutes) {
        return Err(Error::BadSetting(format!("空闲锁定时间应为 1 到 480 分钟，而不是 {minutes}")));
    }
    Ok(())
}

fn hash_password(password: &str) -> Result<String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Error::WeakPassword(MIN_PASSWORD_CHARS));
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Integrity(format!("密码哈希失败：{e}")))
}

fn password_matches(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok()).unwrap_or(false)
}

/// Seconds to wait before the next attempt after `failures` consecutive failures.
fn wait_after(failures: i64) -> i64 {
    if failures < FREE_FAILURES {
        0
    } else {
        (1i64 << (failures - FREE_FAILURES).min(10)).min(MAX_WAIT_SECS)
    }
}

fn valid_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::Empty { what: "用户名" });
    }
    if name.chars().any(|c| c.is_control() || c == ',') {
        return Err(Error::BadUserName(name.to_string()));
    }
    Ok(name.to_string())
}

/// Validates the first admin's name and password and hashes the password, before init
/// writes anything.
pub(crate) struct FirstAdmin {
    name: String,
    hash: String,
}

pub(crate) fn first_admin_hash(name: &str, password: &str) -> Result<FirstAdmin> {
    Ok(FirstAdmin { name: valid_name(name)?, hash: hash_password(password)? })
}

/// Inserts the first admin inside init's transaction; returns the admin's stamp.
pub(crate) fn insert_first_admin(tx: &crate::catalog::Conn, admin: &FirstAdmin, at: DateTime<Utc>) -> Result<Stamp> {
    let id = store::insert(tx, &admin.name, &admin.hash, &[Role::Admin], at)?;
    Ok(Stamp::for_user(id, &admin.name, at))
}

pub(crate) fn record_first_admin(tx: &crate::catalog::Conn, stamp: &Stamp) -> Result<()> {
    let id = stamp.user().expect("first admin stamp has a user");
    let hash = store::password_hash(tx, id)?;
    ledger::append(
        tx,
        stamp,
        "user.add",
        &id.subject(),
        &serde_json::json!({"name": stamp.operator, "roles": ["admin"], "first_admin": true, "hash_sha256": hash_fingerprint(&hash)}),
    )?;
    Ok(())
}

/// The ledger keeps a digest of each password hash (never the password), so a hash
/// swapped in by editing the catalog shows up in `ledger verify`.
pub(crate) fn hash_fingerprint(hash: &str) -> String {
    crate::digest::sha256(hash.as_bytes()).to_hex()
}

impl Archive {
    /// Creates the first admin of an archive that has no accounts yet (at init, or after
    /// upgrading a data directory from before accounts existed).
    pub fn bootstrap_admin(&mut self, name: &str, password: &str, at: DateTime<Utc>) -> Result<Actor> {
        let admin = first_admin_hash(name, password)?;
        let tx = self.conn_mut().transaction()?;
        if store::count(&tx)? > 0 {
            return Err(Error::AccountsExist);
        }
        let stamp = insert_first_admin(&tx, &admin, at)?;
        record_first_admin(&tx, &stamp)?;
        tx.commit()?;
        Ok(Actor { id: stamp.user().expect("set above"), name: admin.name, roles: vec![Role::Admin] })
    }

    pub fn has_accounts(&self) -> Result<bool> {
        Ok(store::count(self.conn())? > 0)
    }

    /// Checks a name and password. Failures are counted per account and answered more
    /// slowly (a growing wait), never with a lockout, so the last admin can always get in.
    /// Every sign-in and every refused one is in the access log.
    pub fn login(&mut self, name: &str, password: &str, at: DateTime<Utc>) -> Result<Actor> {
        self.authenticate(name, password, at, AccessEvent::SignIn, AccessEvent::SignInFailed)
    }

    /// `login` to unlock a locked screen: the same check, logged as an unlock.
    pub fn unlock(&mut self, name: &str, password: &str, at: DateTime<Utc>) -> Result<Actor> {
        self.authenticate(name, password, at, AccessEvent::Unlock, AccessEvent::UnlockFailed)
    }

    fn authenticate(&mut self, name: &str, password: &str, at: DateTime<Utc>, ok: AccessEvent, failed: AccessEvent) -> Result<Actor> {
        let result = self.check_password(name, password, at);
        let at_text = crate::stamp::format_time(at);
        match &result {
            Ok(actor) => self.log_access(&actor.name, ok, &format!("user:{}", actor.id.0), &serde_json::json!({}), &at_text)?,
            Err(e @ (Error::BadCredentials | Error::LoginThrottled(_) | Error::AccountDisabled(_))) => {
                let id = store::id_of(self.conn(), name.trim())?;
                let subject = id.map_or_else(|| "unknown_user".to_string(), |id| id.subject());
                self.log_access(name, failed, &subject, &serde_json::json!({ "why": e.code() }), &at_text)?
            }
            Err(_) => {}
        }
        result
    }

    fn check_password(&mut self, name: &str, password: &str, at: DateTime<Utc>) -> Result<Actor> {
        let name = name.trim();
        let Some(found) = store::credentials(self.conn(), name)? else {
            // Same work as a real check, so timing does not reveal which names exist.
            let _ =
                password_matches(password, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$0000000000000000000000000000000000000000000");
            return Err(Error::BadCredentials);
        };
        let wait = wait_after(found.failures);
        if let Some(last) = found.last_failed_at {
            let remaining = wait - (at - last).num_seconds();
            if remaining > 0 {
                return Err(Error::LoginThrottled(remaining));
            }
        }
        if !password_matches(password, &found.hash) {
            store::record_failure(self.conn(), found.id, at)?;
            return Err(Error::BadCredentials);
        }
        if found.disabled {
            return Err(Error::AccountDisabled(name.to_string()));
        }
        if found.failures > 0 {
            store::clear_failures(self.conn(), found.id)?;
        }
        Ok(Actor { id: found.id, name: name.to_string(), roles: found.roles })
    }

    /// The permission check every state-changing operation makes: the stamp's user must
    /// exist, be enabled and hold one of `roles` now (not merely at sign-in).
    pub(crate) fn authorize(&self, stamp: &Stamp, roles: &[Role], what: &'static str) -> Result<()> {
        let Some(id) = stamp.user() else { return Err(Error::NotSignedIn) };
        let Some((held, disabled)) = store::standing(self.conn(), id)? else { return Err(Error::NotSignedIn) };
        if disabled {
            return Err(Error::AccountDisabled(stamp.operator.clone()));
        }
        if roles.iter().any(|r| held.contains(r)) {
            Ok(())
        } else {
            Err(Error::Forbidden { what, roles: roles_zh(roles) })
        }
    }

    pub fn users(&self) -> Result<Vec<User>> {
        store::all(self.conn())
    }

    pub fn user(&self, name: &str) -> Result<User> {
        store::by_name(self.conn(), name.trim())?.ok_or_else(|| Error::UserNotFound(name.to_string()))
    }

    pub fn add_user(&mut self, name: &str, password: &str, roles: &[Role], stamp: &Stamp) -> Result<User> {
        self.authorize(stamp, &[Role::Admin], "管理账户")?;
        let name = valid_name(name)?;
        if roles.is_empty() {
            return Err(Error::Empty { what: "角色" });
        }
        let hash = hash_password(password)?;
        let tx = self.conn_mut().transaction()?;
        if store::id_of(&tx, &name)?.is_some() {
            return Err(Error::UserExists(name));
        }
        let id = store::insert(&tx, &name, &hash, roles, stamp.at)?;
        let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        ledger::append(
            &tx,
            stamp,
            "user.add",
            &id.subject(),
            &serde_json::json!({"name": name, "roles": names, "hash_sha256": hash_fingerprint(&hash)}),
        )?;
        tx.commit()?;
        self.user(&name)
    }

    /// Changes an account's roles (admin): a ledger entry with the roles before and after.
    /// The last enabled admin keeps the admin role; an admin may give themselves another
    /// role, which counts from their next action on.
    pub fn set_user_roles(&mut self, name: &str, roles: &[Role], stamp: &Stamp) -> Result<User> {
        self.authorize(stamp, &[Role::Admin], "管理账户")?;
        if roles.is_empty() {
            return Err(Error::Empty { what: "角色" });
        }
        let user = self.user(name)?;
        let tx = self.conn_mut().transaction()?;
        if user.roles.contains(&Role::Admin) && !roles.contains(&Role::Admin) && !user.disabled && store::enabled_admins(&tx)? <= 1 {
            return Err(Error::LastAdmin);
        }
        store::set_roles(&tx, user.id, roles)?;
        let names = |rs: &[Role]| -> Vec<&'static str> { Role::ALL.iter().filter(|r| rs.contains(r)).map(|r| r.as_str()).collect() };
        ledger::append(
            &tx,
            stamp,
            "user.roles",
            &user.id.subject(),
            &serde_json::json!({"name": user.name, "roles": names(roles), "before": names(&user.roles)}),
        )?;
        tx.commit()?;
        self.user(name)
    }

    /// Enables or disables an account. The last enabled admin cannot be disabled.
    pub fn set_user_disabled(&mut self, name: &str, disabled: bool, stamp: &Stamp) -> Result<User> {
        self.authorize(stamp, &[Role::Admin], "管理账户")?;
        let user = self.user(name)?;
        let tx = self.conn_mut().transaction()?;
        if disabled && user.roles.contains(&Role::Admin) && !user.disabled && store::enabled_admins(&tx)? <= 1 {
            return Err(Error::LastAdmin);
        }
        store::set_disabled(&tx, user.id, disabled)?;
        let action = if disabled { "user.disable" } else { "user.enable" };
        ledger::append(&tx, stamp, action, &user.id.subject(), &serde_json::json!({"name": user.name}))?;
        tx.commit()?;
        self.user(name)
    }

    /// Changes the signed-in person's own password once the current one is given again
    /// (someone at an unlocked desk must not take the account over). A wrong current
    /// password counts as a failed sign-in.
    pub fn change_own_password(&mut self, current: &str, new_password: &str, stamp: &Stamp, at: DateTime<Utc>) -> Result<()> {
        let name = stamp.operator.clone();
        self.login(&name, current, at)?;
        self.set_password(&name, new_password, stamp)
    }

    /// Sets a password: an admin may reset anyone's, everyone may change their own.
    /// The password itself never reaches the ledger.
    pub fn set_password(&mut self, name: &str, new_password: &str, stamp: &Stamp) -> Result<()> {
        let user = self.user(name)?;
        if stamp.user() != Some(user.id) {
            self.authorize(stamp, &[Role::Admin], "重置他人密码")?;
        } else {
            self.authorize(stamp, &Role::ALL, "修改密码")?;
        }
        let hash = hash_password(new_password)?;
        let tx = self.conn_mut().transaction()?;
        store::set_password_hash(&tx, user.id, &hash)?;
        ledger::append(
            &tx,
            stamp,
            "user.password",
            &user.id.subject(),
            &serde_json::json!({"name": user.name, "hash_sha256": hash_fingerprint(&hash)}),
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn four_eyes(&self) -> Result<bool> {
        Ok(self.setting("four_eyes")?.as_deref() != Some("off"))
    }

    pub fn idle_lock_minutes(&self) -> Result<u32> {
        Ok(self.setting("idle_lock_minutes")?.and_then(|v| v.parse().ok()).unwrap_or(10))
    }

    pub fn set_four_eyes(&mut self, on: bool, stamp: &Stamp) -> Result<()> {
        self.put_setting("four_eyes", if on { "on" } else { "off" }, stamp)
    }

    pub fn set_idle_lock_minutes(&mut self, minutes: u32, stamp: &Stamp) -> Result<()> {
        check_idle_lock(minutes)?;
        self.put_setting("idle_lock_minutes", &minutes.to_string(), stamp)
    }

    pub(crate) fn setting(&self, key: &str) -> Result<Option<String>> {
        store::setting(self.conn(), key)
    }

    pub(crate) fn put_setting(&mut self, key: &str, value: &str, stamp: &Stamp) -> Result<()> {
        self.authorize(stamp, &[Role::Admin], "修改系统设置")?;
        let tx = self.conn_mut().transaction()?;
        store::put_setting(&tx, key, value)?;
        ledger::append(&tx, stamp, "settings.set", &format!("setting:{key}"), &serde_json::json!({"key": key, "value": value}))?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_after_free_failures() {
        assert_eq!([0, 1, 2, 3, 4, 5, 6].map(wait_after), [0, 0, 0, 1, 2, 4, 8]);
        assert_eq!(wait_after(100), MAX_WAIT_SECS);
    }

    #[test]
    fn password_hash_round_trip() {
        let h = hash_password("正确的密码123").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(password_matches("正确的密码123", &h));
        assert!(!password_matches("错误的密码123", &h));
        assert!(matches!(hash_password("short"), Err(Error::WeakPassword(_))));
    }

    #[test]
    fn roles_round_trip() {
        assert_eq!(parse_roles(&roles_text(&[Role::Reviewer, Role::Admin])), vec![Role::Admin, Role::Reviewer]);
        assert_eq!("审核员".parse::<Role>().unwrap(), Role::Reviewer);
    }
}
