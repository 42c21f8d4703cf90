//! The `users` and `settings` rows: every statement accounts make, taking and giving
//! domain types. Roles are stored as a comma-separated list of their fixed words.

use chrono::{DateTime, Utc};

use super::{parse_roles, roles_text, Role, User};
use crate::catalog::{params, Conn, OptionalExtension, Row, SqlResult};
use crate::error::Result;
use crate::ids::UserId;
use crate::stamp::format_time;

const USER_SELECT: &str = "SELECT id, name, roles, disabled, created_at FROM users";

fn row_to_user(r: &Row<'_>) -> SqlResult<User> {
    Ok(User {
        id: UserId(r.get(0)?),
        name: r.get(1)?,
        roles: parse_roles(&r.get::<_, String>(2)?),
        disabled: r.get(3)?,
        created_at: r.get(4)?,
    })
}

/// What signing in checks: the account, its password hash and the recent failures.
pub(super) struct Credentials {
    pub id: UserId,
    pub hash: String,
    pub roles: Vec<Role>,
    pub disabled: bool,
    pub failures: i64,
    pub last_failed_at: Option<DateTime<Utc>>,
}

pub(super) fn count(conn: &Conn) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM users", (), |r| r.get(0))?)
}

pub(super) fn all(conn: &Conn) -> Result<Vec<User>> {
    let mut st = conn.prepare(&format!("{USER_SELECT} ORDER BY id"))?;
    let rows = st.query_map((), row_to_user)?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

pub(super) fn by_name(conn: &Conn, name: &str) -> Result<Option<User>> {
    Ok(conn.query_row(&format!("{USER_SELECT} WHERE name = ?1"), [name], row_to_user).optional()?)
}

pub(super) fn id_of(conn: &Conn, name: &str) -> Result<Option<UserId>> {
    Ok(conn.query_row("SELECT id FROM users WHERE name = ?1", [name], |r| r.get(0)).optional()?.map(UserId))
}

pub(super) fn credentials(conn: &Conn, name: &str) -> Result<Option<Credentials>> {
    Ok(conn
        .query_row("SELECT id, password_hash, roles, disabled, failed_logins, last_failed_at FROM users WHERE name = ?1", [name], |r| {
            Ok(Credentials {
                id: UserId(r.get(0)?),
                hash: r.get(1)?,
                roles: parse_roles(&r.get::<_, String>(2)?),
                disabled: r.get(3)?,
                failures: r.get(4)?,
                last_failed_at: r.get(5)?,
            })
        })
        .optional()?)
}

/// The account's roles and whether it is disabled, as they are now.
pub(super) fn standing(conn: &Conn, id: UserId) -> Result<Option<(Vec<Role>, bool)>> {
    let row: Option<(String, bool)> =
        conn.query_row("SELECT roles, disabled FROM users WHERE id = ?1", [id.0], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    Ok(row.map(|(roles, disabled)| (parse_roles(&roles), disabled)))
}

pub(super) fn password_hash(conn: &Conn, id: UserId) -> Result<String> {
    Ok(conn.query_row("SELECT password_hash FROM users WHERE id = ?1", [id.0], |r| r.get(0))?)
}

pub(super) fn insert(conn: &Conn, name: &str, hash: &str, roles: &[Role], at: DateTime<Utc>) -> Result<UserId> {
    conn.execute(
        "INSERT INTO users (name, password_hash, roles, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![name, hash, roles_text(roles), format_time(at)],
    )?;
    Ok(UserId(conn.last_insert_rowid()?))
}

pub(super) fn record_failure(conn: &Conn, id: UserId, at: DateTime<Utc>) -> Result<()> {
    conn.execute("UPDATE users SET failed_logins = failed_logins + 1, last_failed_at = ?2 WHERE id = ?1", params![id.0, format_time(at)])?;
    Ok(())
}

pub(super) fn clear_failures(conn: &Conn, id: UserId) -> Result<()> {
    conn.execute("UPDATE users SET failed_logins = 0, last_failed_at = NULL WHERE id = ?1", [id.0])?;
    Ok(())
}

/// Enabled accounts that hold the admin role.
pub(super) fn enabled_admins(conn: &Conn) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM users WHERE disabled = 0 AND (',' || roles || ',') LIKE '%,admin,%'", (), |r| r.get(0))?)
}

pub(super) fn set_roles(conn: &Conn, id: UserId, roles: &[Role]) -> Result<()> {
    conn.execute("UPDATE users SET roles = ?2 WHERE id = ?1", params![id.0, roles_text(roles)])?;
    Ok(())
}

pub(super) fn set_disabled(conn: &Conn, id: UserId, disabled: bool) -> Result<()> {
    conn.execute("UPDATE users SET disabled = ?2 WHERE id = ?1", params![id.0, disabled])?;
    Ok(())
}

/// A new password hash; the failures counted against the old one are forgotten.
pub(super) fn set_password_hash(conn: &Conn, id: UserId, hash: &str) -> Result<()> {
    conn.execute("UPDATE users SET password_hash = ?2, failed_logins = 0, last_failed_at = NULL WHERE id = ?1", params![id.0, hash])?;
    Ok(())
}

pub(super) fn setting(conn: &Conn, key: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

pub(super) fn put_setting(conn: &Conn, key: &str, value: &str) -> Result<()> {
    conn.execute("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])?;
    Ok(())
}
