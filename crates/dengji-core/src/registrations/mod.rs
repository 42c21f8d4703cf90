//! Registrations (登记): reading them, and the draft-only edits. The rows are `store.rs`'s.

use chrono::{DateTime, Utc};
mod detail;
pub(crate) mod items_store;
pub(crate) mod list;
pub(crate) mod store;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::accounts::Role;
use crate::archive::Archive;
use crate::digest::{Sha256, Sm3};
use crate::error::{Error, Result};
use crate::ids::{ItemId, RegistrationId, UnitId};
use crate::ledger;
use crate::stamp::Stamp;

pub use detail::{RegistrationDetail, SeriesPlace};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecordKind {
    PaperScan,
    Electronic,
    BusinessData,
}

impl RecordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::PaperScan => "paper-scan",
            RecordKind::Electronic => "electronic",
            RecordKind::BusinessData => "business-data",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            RecordKind::PaperScan => "纸质档案数字化副本",
            RecordKind::Electronic => "电子文件",
            RecordKind::BusinessData => "电子业务数据",
        }
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RecordKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        [RecordKind::PaperScan, RecordKind::Electronic, RecordKind::BusinessData]
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s) || k.label_zh() == s)
            .ok_or_else(|| Error::BadRecordKind(s.to_string()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/", rename = "RegistrationStatus"))]
pub enum Status {
    Draft,
    Sealed,
}

impl Status {
    /// As the catalog's `status` column holds it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Sealed => "sealed",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitRef {
    pub id: UnitId,
    pub name: String,
    pub uscc: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Registration {
    pub id: RegistrationId,
    pub registration_number: Option<String>,
    pub status: Status,
    pub unit: UnitRef,
    pub title: String,
    pub kind: RecordKind,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub intake_complete: bool,
    pub sealed_at: Option<DateTime<Utc>>,
    pub sealed_by: Option<String>,
    pub package_sm3: Option<Sm3>,
    pub package_sha256: Option<Sha256>,
    pub files: i64,
    pub bytes: i64,
    /// The unit's hand-over reference (移交单号).
    pub handover_ref: Option<String>,
}

impl Registration {
    /// The number a clerk uses: the registration number once sealed, else `草稿 #id`.
    pub fn label(&self) -> String {
        self.registration_number.clone().unwrap_or_else(|| format!("草稿 #{}", self.id.0))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: ItemId,
    pub path: String,
    #[serde(skip)]
    pub path_raw: Vec<u8>,
    pub size: i64,
    pub mtime: Option<String>,
    pub sha256: Sha256,
    pub sm3: Sm3,
    pub format: String,
    pub pages: Option<i64>,
    /// When the item was disposed of (销毁): its record stays, its content is gone.
    pub disposed_at: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub meta: crate::metadata::ItemMeta,
}

impl Item {
    pub fn is_disposed(&self) -> bool {
        self.disposed_at.is_some()
    }
}

/// What an intake found wrong with a file of a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FindingKind {
    /// A file or folder that could not be read.
    Unreadable,
    /// A file gone between the scan and the read.
    Vanished,
    /// A file whose size or time changed while it was read.
    ChangedDuringRead,
    /// The vault's disk was full while the file was read.
    NoSpace,
    /// A device, pipe or socket: not a regular file.
    SpecialFile,
    /// A symbolic link pointing outside the chosen folder.
    SymlinkOutside,
    /// A symbolic link to a folder (not followed).
    SymlinkDir,
    /// A file whose digest differs from the unit's checksum file.
    ChecksumMismatch,
    /// A file the unit's checksum file lists but the hand-over lacks.
    ChecksumMissingFile,
    /// A checksum file line (or file) that cannot be checked.
    ChecksumBadLine,
}

impl FindingKind {
    /// What the walk and the read find; a later successful read of the path clears them.
    pub const READ: &'static [FindingKind] = &[
        FindingKind::Unreadable,
        FindingKind::Vanished,
        FindingKind::ChangedDuringRead,
        FindingKind::NoSpace,
        FindingKind::SpecialFile,
        FindingKind::SymlinkOutside,
        FindingKind::SymlinkDir,
    ];
    /// What the unit's own checksum files say; checked again whole at each intake.
    pub const CHECKSUM: &'static [FindingKind] =
        &[FindingKind::ChecksumMismatch, FindingKind::ChecksumMissingFile, FindingKind::ChecksumBadLine];

    pub fn all() -> impl Iterator<Item = FindingKind> {
        FindingKind::READ.iter().chain(FindingKind::CHECKSUM).copied()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Unreadable => "unreadable",
            FindingKind::Vanished => "vanished",
            FindingKind::ChangedDuringRead => "changedDuringRead",
            FindingKind::NoSpace => "noSpace",
            FindingKind::SpecialFile => "specialFile",
            FindingKind::SymlinkOutside => "symlinkOutside",
            FindingKind::SymlinkDir => "symlinkDir",
            FindingKind::ChecksumMismatch => "checksumMismatch",
            FindingKind::ChecksumMissingFile => "checksumMissingFile",
            FindingKind::ChecksumBadLine => "checksumBadLine",
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for FindingKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl FromStr for FindingKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        FindingKind::all().find(|k| k.as_str() == s).ok_or_else(|| Error::Integrity(format!("未知的问题类型 “{s}”")))
    }
}

impl crate::catalog::ToSql for FindingKind {
    fn to_sql(&self) -> crate::catalog::SqlResult<crate::catalog::Value> {
        Ok(crate::catalog::Value::Text(self.as_str().to_string()))
    }
}

impl crate::catalog::FromSql for FindingKind {
    fn column_result(v: crate::catalog::ValueRef<'_>) -> std::result::Result<Self, crate::catalog::FromSqlError> {
        v.as_str()?.parse().map_err(|e: Error| crate::catalog::FromSqlError::Other(Box::new(e)))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub id: crate::ids::FindingId,
    pub kind: FindingKind,
    pub path: String,
    pub detail: String,
    pub blocking: bool,
    pub acknowledged: bool,
}

impl Archive {
    pub fn registration(&self, id: RegistrationId) -> Result<Registration> {
        store::by_id(self.conn(), id)?.ok_or_else(|| Error::RegistrationNotFound(id.0.to_string()))
    }

    /// Finds a registration by registration number (`330102-2026-000001`) or draft id (`7` or `#7`).
    pub fn find_registration(&self, key: &str) -> Result<Registration> {
        let key = key.trim();
        if let Some(r) = store::by_number(self.conn(), key)? {
            return Ok(r);
        }
        match key.trim_start_matches('#').parse::<i64>() {
            Ok(id) => self.registration(RegistrationId(id)).map_err(|_| Error::RegistrationNotFound(key.to_string())),
            Err(_) => Err(Error::RegistrationNotFound(key.to_string())),
        }
    }

    pub fn registrations(&self) -> Result<Vec<Registration>> {
        store::all(self.conn())
    }

    pub fn items(&self, id: RegistrationId) -> Result<Vec<Item>> {
        store::items(self.conn(), id)
    }

    /// The items whose content the archive still holds (all but the disposed ones).
    pub fn live_items(&self, id: RegistrationId) -> Result<Vec<Item>> {
        Ok(self.items(id)?.into_iter().filter(|i| !i.is_disposed()).collect())
    }

    pub fn findings(&self, id: RegistrationId) -> Result<Vec<Finding>> {
        store::findings(self.conn(), id)
    }

    pub fn ledger_entries(&self, id: RegistrationId) -> Result<Vec<ledger::Entry>> {
        ledger::entries_for_subject(self.conn(), &id.subject())
    }

    /// Why this draft cannot be sealed yet; empty when it can.
    pub fn seal_blockers(&self, id: RegistrationId) -> Result<Vec<String>> {
        let reg = self.registration(id)?;
        let mut out = Vec::new();
        if reg.status == Status::Sealed {
            out.push("已封存".to_string());
            return Ok(out);
        }
        if !reg.intake_complete {
            out.push("接收未完成（被取消或中断）：请再次添加相同文件夹以继续接收".to_string());
        }
        if reg.files == 0 {
            out.push("草稿中没有文件".to_string());
        }
        let open = store::open_blocking_findings(self.conn(), id)?;
        if open > 0 {
            out.push(format!("有 {open} 项问题待处理（校验值不符、无法读取等）：请处理后重新接收，或确认接受"));
        }
        Ok(out)
    }

    pub(crate) fn draft_for_edit(&self, id: RegistrationId) -> Result<Registration> {
        let reg = self.registration(id)?;
        if reg.status == Status::Sealed {
            return Err(Error::Sealed(reg.label()));
        }
        Ok(reg)
    }

    /// Removes items from a draft. Their vault objects stay (they may be shared).
    pub fn remove_items(&mut self, id: RegistrationId, items: &[ItemId], stamp: &Stamp) -> Result<usize> {
        self.authorize(stamp, &[Role::Clerk], "修改草稿")?;
        self.draft_for_edit(id)?;
        let tx = self.conn_mut().transaction()?;
        let mut removed = Vec::new();
        for item in items {
            if let Some(p) = store::item_path(&tx, id, *item)? {
                items_store::delete_item(&tx, *item)?;
                removed.push(p);
            }
        }
        if !removed.is_empty() {
            ledger::append(&tx, stamp, "registration.remove_items", &id.subject(), &serde_json::json!({"paths": removed}))?;
        }
        tx.commit()?;
        Ok(removed.len())
    }

    /// The clerk's decision to seal despite the open findings, with the reason on record.
    pub fn accept_findings(&mut self, id: RegistrationId, reason: &str, stamp: &Stamp) -> Result<usize> {
        self.authorize(stamp, &[Role::Clerk, Role::Reviewer], "接受草稿中的问题")?;
        self.draft_for_edit(id)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::Empty { what: "接受理由" });
        }
        let tx = self.conn_mut().transaction()?;
        let n = items_store::acknowledge_findings(&tx, id, reason, stamp)?;
        if n > 0 {
            ledger::append(&tx, stamp, "registration.accept_findings", &id.subject(), &serde_json::json!({"count": n, "reason": reason}))?;
        }
        tx.commit()?;
        Ok(n)
    }
}
