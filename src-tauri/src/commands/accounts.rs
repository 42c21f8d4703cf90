//! Signing in and out, the screen lock, and account management (admin).

use chrono::Utc;
use tauri::State;

use crate::dto::{core_roles, Role, Session, User};
use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command(async)]
pub fn login(state: State<'_, AppState>, name: String, password: String) -> IpcResult<Session> {
    crate::readiness::signing_in();
    state.login(&name, &password).and_then(|_| Session::signed_in(&state))
}

#[tauri::command(async)]
pub fn logout(state: State<'_, AppState>) -> IpcResult<()> {
    state.logout()
}

#[tauri::command(async)]
pub fn session(state: State<'_, AppState>) -> IpcResult<Option<Session>> {
    Session::current(&state)
}

#[tauri::command(async)]
pub fn lock(state: State<'_, AppState>) -> IpcResult<()> {
    state.lock()
}

#[tauri::command(async)]
pub fn unlock(state: State<'_, AppState>, password: String) -> IpcResult<Session> {
    state.unlock(&password).and_then(|_| Session::signed_in(&state))
}

#[tauri::command(async)]
pub fn list_users(state: State<'_, AppState>) -> IpcResult<Vec<User>> {
    state.with_archive(|a| a.users()).map(|users| users.into_iter().map(Into::into).collect())
}

#[tauri::command(async)]
pub fn add_user(state: State<'_, AppState>, name: String, password: String, roles: Vec<Role>) -> IpcResult<User> {
    state.act(|a, s| a.add_user(&name, &password, &core_roles(&roles), s)).map(Into::into)
}

/// Changes an account's roles (admin); an admin may give themselves the clerk role.
#[tauri::command(async)]
pub fn set_user_roles(state: State<'_, AppState>, name: String, roles: Vec<Role>) -> IpcResult<User> {
    state.act(|a, s| a.set_user_roles(&name, &core_roles(&roles), s)).map(Into::into)
}

#[tauri::command(async)]
pub fn set_user_disabled(state: State<'_, AppState>, name: String, disabled: bool) -> IpcResult<User> {
    state.act(|a, s| a.set_user_disabled(&name, disabled, s)).map(Into::into)
}

/// The signed-in person's own password, after the current one (every role).
#[tauri::command(async)]
pub fn change_password(state: State<'_, AppState>, current: String, password: String) -> IpcResult<()> {
    state.act(|a, s| a.change_own_password(&current, &password, s, Utc::now()))
}

#[tauri::command(async)]
pub fn reset_password(state: State<'_, AppState>, name: String, password: String) -> IpcResult<()> {
    state.act(|a, s| a.set_password(&name, &password, s))
}
