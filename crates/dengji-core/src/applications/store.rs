//! The `applications` rows, read with their registration's number and unit's name.

use crate::catalog::{params, Conn, OptionalExtension, Row, SqlResult};
use crate::error::Result;
use crate::ids::{ApplicationId, RegistrationId};
use crate::stamp::Stamp;

use super::{Application, ApplicationKind, ApplicationStatus, LowerTarget};

/// A lower archive's registration is named as the copy had it when applied for.
const APP_SELECT: &str = "SELECT a.id, a.kind, a.registration_id, COALESCE(r.registration_number, a.lower_number),
        COALESCE(u.name, a.lower_unit), a.reason, a.reference, a.status, a.applied_by, a.applied_at, a.decided_by, a.decided_at,
        a.used_at, a.peer_id, p.name
     FROM applications a LEFT JOIN registrations r ON r.id = a.registration_id LEFT JOIN units u ON u.id = r.unit_id
       LEFT JOIN peers p ON p.id = a.peer_id";

fn row_to_application(r: &Row<'_>) -> SqlResult<Application> {
    let kind: String = r.get(1)?;
    let status: String = r.get(7)?;
    Ok(Application {
        id: ApplicationId(r.get(0)?),
        kind: if kind == "handback" { ApplicationKind::Handback } else { ApplicationKind::Restore },
        registration: r.get::<_, Option<i64>>(2)?.map(RegistrationId),
        registration_number: r.get(3)?,
        unit_name: r.get(4)?,
        reason: r.get(5)?,
        reference: r.get(6)?,
        status: match status.as_str() {
            "approved" => ApplicationStatus::Approved,
            "rejected" => ApplicationStatus::Rejected,
            _ => ApplicationStatus::Pending,
        },
        applied_by: r.get(8)?,
        applied_at: r.get(9)?,
        decided_by: r.get(10)?,
        decided_at: r.get(11)?,
        used_at: r.get(12)?,
        valid_until: None,
        lower: match (r.get::<_, Option<crate::ids::PeerId>>(13)?, r.get::<_, Option<String>>(14)?) {
            (Some(peer_id), Some(archive)) => Some(LowerTarget { peer_id, archive }),
            _ => None,
        },
    })
}

pub(super) fn by_id(conn: &Conn, id: ApplicationId) -> Result<Option<Application>> {
    Ok(conn.query_row(&format!("{APP_SELECT} WHERE a.id = ?1"), [id.0], row_to_application).optional()?)
}

/// Newest first.
pub(super) fn all(conn: &Conn) -> Result<Vec<Application>> {
    let mut st = conn.prepare(&format!("{APP_SELECT} ORDER BY a.id DESC"))?;
    let rows = st.query_map((), row_to_application)?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

pub(super) fn insert(
    conn: &Conn,
    kind: ApplicationKind,
    reg: RegistrationId,
    reason: &str,
    reference: &str,
    stamp: &Stamp,
) -> Result<ApplicationId> {
    conn.execute(
        "INSERT INTO applications (kind, registration_id, reason, reference, applied_by, applied_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![kind.as_str(), reg.0, reason, reference, stamp.operator, stamp.at_text()],
    )?;
    Ok(ApplicationId(conn.last_insert_rowid()?))
}

/// A restore application for the registration `number` of the lower archive `peer`,
/// whose unit its copy names `unit`.
pub(crate) fn insert_lower(
    conn: &Conn,
    peer: crate::ids::PeerId,
    number: &str,
    unit: &str,
    reason: &str,
    reference: &str,
    stamp: &Stamp,
) -> Result<ApplicationId> {
    conn.execute(
        "INSERT INTO applications (kind, peer_id, lower_number, lower_unit, reason, reference, applied_by, applied_at)
         VALUES ('restore', ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![peer, number, unit, reason, reference, stamp.operator, stamp.at_text()],
    )?;
    Ok(ApplicationId(conn.last_insert_rowid()?))
}

/// Records the decision on a pending application.
pub(super) fn decide(conn: &Conn, id: ApplicationId, approve: bool, stamp: &Stamp) -> Result<()> {
    let status = if approve { "approved" } else { "rejected" };
    conn.execute(
        "UPDATE applications SET status = ?2, decided_by = ?3, decided_at = ?4 WHERE id = ?1 AND status = 'pending'",
        params![id.0, status, stamp.operator, stamp.at_text()],
    )?;
    Ok(())
}

/// Records the one use of an approval; `false` when a use was recorded already.
pub(crate) fn mark_used(conn: &Conn, id: ApplicationId, stamp: &Stamp) -> Result<bool> {
    let used = conn.execute(
        "UPDATE applications SET used_at = ?2, used_by = ?3 WHERE id = ?1 AND used_at IS NULL",
        params![id.0, stamp.at_text(), stamp.operator],
    )?;
    Ok(used > 0)
}
