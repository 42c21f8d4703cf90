//! 工作台 (the dashboard's) counts and newest registrations, in one short read. The
//! dashboard is the first screen after sign-in: on an archive of a million items the full
//! registration list with its sizes took a quarter of a second to read and more to send.

use crate::catalog::params;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::archive::Archive;
use crate::error::Result;
use crate::registrations::{self, Registration};
use crate::stamp::format_time;

#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub units: i64,
    pub drafts: i64,
    pub sealed: i64,
    /// Applications waiting for a reviewer's decision (the dashboard's 待办).
    pub pending_applications: i64,
    /// Approved restore applications whose restore has not been run to the end yet.
    pub restores_waiting: i64,
    /// Periods of business data series not handed over (due or overdue).
    pub missing_handovers: i64,
    /// What a new archive still lacks before the desk can work (the 开始使用 card).
    pub setup: Setup,
    /// The newest registrations first, at most as many as asked for.
    pub recent: Vec<Registration>,
}

/// Which first steps are done: an active clerk and reviewer account, the archive key, a
/// registered medium.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/"))]
pub struct Setup {
    pub clerk: bool,
    pub reviewer: bool,
    pub key: bool,
    pub medium: bool,
}

impl Archive {
    /// The dashboard's counts as of `at` (an approval's validity depends on it).
    pub fn overview(&self, at: DateTime<Utc>, recent: usize) -> Result<Overview> {
        let conn = self.conn();
        let units: i64 = conn.query_row("SELECT COUNT(*) FROM units", (), |r| r.get(0))?;
        let (drafts, sealed) = registrations::store::counts(conn)?;
        let pending_applications: i64 = conn.query_row("SELECT COUNT(*) FROM applications WHERE status = 'pending'", (), |r| r.get(0))?;
        // Approved, not yet used; an expired approval waits for nothing.
        let days = self.approval_valid_days()?;
        let restores_waiting: i64 = conn.query_row(
            &format!(
                "SELECT COUNT(*) FROM applications a WHERE a.status = 'approved' AND a.kind = 'restore' AND a.used_at IS NULL
                 AND {}",
                conn.days_after("a.decided_at", "?1", "?2")
            ),
            params![days, format_time(at)],
            |r| r.get(0),
        )?;
        // Roles are a comma-separated list of fixed words (admin, clerk, reviewer).
        let has = |sql: &str| conn.query_row(sql, (), |r| r.get::<_, bool>(0));
        let setup = Setup {
            clerk: has("SELECT EXISTS (SELECT 1 FROM users WHERE disabled = 0 AND ',' || roles || ',' LIKE '%,clerk,%')")?,
            reviewer: has("SELECT EXISTS (SELECT 1 FROM users WHERE disabled = 0 AND ',' || roles || ',' LIKE '%,reviewer,%')")?,
            key: has("SELECT EXISTS (SELECT 1 FROM archive_keys)")?,
            medium: has("SELECT EXISTS (SELECT 1 FROM media)")?,
        };
        let recent = registrations::store::newest(conn, recent)?;
        let missing_handovers = self.missing_handovers(at)?.len() as i64;
        Ok(Overview { units, drafts, sealed, pending_applications, restores_waiting, missing_handovers, setup, recent })
    }
}
