//! Roles, the session, user accounts and the settings an admin changes.

use chrono::{DateTime, Utc};
use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::IpcResult;
use crate::state::{AppState, SignIn};

pub use core::Role;

pub fn core_roles(roles: &[Role]) -> Vec<core::Role> {
    roles.to_vec()
}

// The signed-in user. While `locked`, nothing but `unlock` (this user's password) or
// `logout` works.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Session {
    pub name: String,
    pub roles: Vec<Role>,
    pub idle_lock_minutes: u32,
    // What the UI uses: the setting in seconds, or DENGJI_IDLE_LOCK_SECONDS when set.
    pub idle_lock_seconds: u32,
    pub four_eyes: bool,
    pub locked: bool,
}

impl Session {
    /// The session of whoever is signed in (locked or not); `None` when nobody is.
    pub fn current(state: &AppState) -> IpcResult<Option<Session>> {
        let (actor, locked) = match state.sign_in()? {
            SignIn::Out => return Ok(None),
            SignIn::In(actor) => (actor, false),
            SignIn::Locked(actor) => (actor, true),
        };
        let (four_eyes, idle_lock_minutes) = state.settings()?;
        // The roles as they are now (an admin may have changed them since the sign-in): the
        // core checks these, so the screens offer these.
        let roles = state.with_archive(|a| Ok(a.user(actor.name())?.roles)).unwrap_or_else(|_| actor.roles().to_vec());
        Ok(Some(Session {
            name: actor.name().to_string(),
            roles,
            idle_lock_minutes,
            idle_lock_seconds: state.idle_lock_seconds().unwrap_or(idle_lock_minutes.saturating_mul(60)),
            four_eyes,
            locked,
        }))
    }

    /// After a successful sign-in (login, unlock, init) there is always a session.
    pub fn signed_in(state: &AppState) -> IpcResult<Session> {
        Session::current(state)?.ok_or_else(crate::state::not_signed_in)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct User {
    pub id: i64,
    pub name: String,
    pub roles: Vec<Role>,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
}

impl From<core::User> for User {
    fn from(u: core::User) -> Self {
        User { id: u.id.0, name: u.name, roles: u.roles, disabled: u.disabled, created_at: u.created_at }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Settings {
    pub four_eyes: bool,
    pub idle_lock_minutes: u32,
    pub copy_sets_required: u32,
    // Medium kind (hdd, ssd, usb, optical, tape) → months between checks.
    #[ts(type = "Record<string, number>")]
    pub check_cycle_months: std::collections::BTreeMap<String, u32>,
    pub min_sample_percent: u8,
    // How many days an approval allows its restore or hand-back (used once).
    pub approval_valid_days: u32,
}

impl Settings {
    pub fn load(archive: &core::Archive) -> core::Result<Self> {
        Ok(Settings {
            four_eyes: archive.four_eyes()?,
            idle_lock_minutes: archive.idle_lock_minutes()?,
            copy_sets_required: archive.copy_sets_required()?,
            check_cycle_months: core::MediumKind::ALL
                .into_iter()
                .map(|k| Ok((k.as_str().to_string(), archive.check_cycle_months(k)?)))
                .collect::<core::Result<_>>()?,
            min_sample_percent: archive.min_sample_percent()?,
            approval_valid_days: archive.approval_valid_days()?,
        })
    }
}
