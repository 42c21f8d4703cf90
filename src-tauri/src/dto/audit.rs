//! The audit log filter (操作日志).

use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::IpcError;

// Every field optional; `since`/`until` are RFC 3339 times (inclusive / exclusive).
// `action` may be a prefix ending in "." (e.g. "registration.").
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct AuditFilter {
    pub operator: Option<String>,
    pub action: Option<String>,
    pub unit_id: Option<i64>,
    pub since: Option<String>,
    pub until: Option<String>,
}

impl TryFrom<AuditFilter> for core::AuditFilter {
    type Error = IpcError;
    fn try_from(f: AuditFilter) -> Result<Self, IpcError> {
        let text = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        // Read here rather than by serde, so a bad time gets the clerk's message.
        let time = |v: Option<String>, what: &str| -> Result<Option<chrono::DateTime<chrono::Utc>>, IpcError> {
            text(v).map(|s| core::parse_time(&s).map_err(|_| IpcError::bad_request(format!("{what}“{s}”不是有效的时间。")))).transpose()
        };
        Ok(core::AuditFilter {
            operator: text(f.operator),
            action: text(f.action),
            subject: None,
            unit: f.unit_id.map(core::UnitId),
            since: time(f.since, "起始时间")?,
            until: time(f.until, "截止时间")?,
            limit: None,
        })
    }
}
