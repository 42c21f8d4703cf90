//! Registrations (登记): reading them, and the draft-only edits.

use std::fmt;
use std::str::FromStr;

use crate::catalog::{params, OptionalExtension};
use serde::Serialize;

use crate::accounts::Role;
use crate::archive::Archive;
use crate::digest::{Sha256, Sm3};
use crate::error::{Error, Result};
use crate::ids::{ItemId, RegistrationId, UnitId};
use crate::ledger;
use crate::metadata::META_COLUMNS;
use crate::stamp::Stamp;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Sealed,
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
    pub created_at: String,
    pub created_by: String,
    pub intake_complete: bool,
    pub sealed_at: Option<String>,
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
    pub disposed_at: Option<String>,
    #[serde(flatten)]
    pub meta: crate::metadata::ItemMeta,
}

impl Item {
    pub fn is_disposed(&self) -> bool {
        self.disposed_at.is_some()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub id: i64,
    pub kind: String,
    pub path: String,
    pub detail: String,
    pub blocking: bool,
    pub acknowledged: bool,
}

pub(crate) const REG_SELECT: &str = "SELECT r.id, r.registration_number, r.status, r.unit_id, u.name, u.uscc, r.title, r.kind,
        r.created_at, r.created_by, r.intake_state, r.sealed_at, r.sealed_by, r.package_sm3, r.package_sha256,
        (SELECT COUNT(*) FROM items i WHERE i.registration_id = r.id),
        (SELECT COALESCE(SUM(size), 0) FROM items i WHERE i.registration_id = r.id), r.handover_ref
     FROM registrations r JOIN units u ON u.id = r.unit_id";

fn conversion(i: usize, e: Error) -> crate::catalog::CatalogError {
    crate::catalog::bad_column(i, e)
}

pub(crate) fn row_to_registration(r: &crate::catalog::Row<'_>) -> crate::catalog::SqlResult<Registration> {
    let status: String = r.get(2)?;
    let kind: String = r.get(7)?;
    let intake: String = r.get(10)?;
    Ok(Registration {
        id: RegistrationId(r.get(0)?),
        registration_number: r.get(1)?,
        status: if status == "sealed" { Status::Sealed } else { Status::Draft },
        unit: UnitRef { id: UnitId(r.get(3)?), name: r.get(4)?, uscc: r.get(5)? },
        title: r.get(6)?,
        kind: kind.parse().map_err(|e| conversion(7, e))?,
        created_at: r.get(8)?,
        created_by: r.get(9)?,
        intake_complete: intake == "complete",
        sealed_at: r.get(11)?,
        sealed_by: r.get(12)?,
        package_sm3: r.get(13)?,
        package_sha256: r.get(14)?,
        files: r.get(15)?,
        bytes: r.get(16)?,
        handover_ref: r.get(17)?,
    })
}

pub(crate) fn row_to_item(r: &crate::catalog::Row<'_>) -> crate::catalog::SqlResult<Item> {
    Ok(Item {
        id: ItemId(r.get(0)?),
        path: r.get(1)?,
        path_raw: r.get(2)?,
        size: r.get(3)?,
        mtime: r.get(4)?,
        sha256: r.get(5)?,
        sm3: r.get(6)?,
        format: r.get(7)?,
        pages: r.get(8)?,
        disposed_at: r.get(9)?,
        meta: crate::metadata::ItemMeta::from_row(r, 10)?,
    })
}

/// The columns `row_to_item` reads, then `META_COLUMNS`.
pub(crate) const ITEM_COLUMNS: &str = "id, path, path_raw, size, mtime, sha256, sm3, format, pages,
    (SELECT d.disposed_at FROM disposed_items d WHERE d.item_id = items.id)";

impl Archive {
    pub fn registration(&self, id: RegistrationId) -> Result<Registration> {
        self.conn()
            .query_row(&format!("{REG_SELECT} WHERE r.id = ?1"), [id.0], row_to_registration)
            .optional()?
            .ok_or_else(|| Error::RegistrationNotFound(id.0.to_string()))
    }

    /// Finds a registration by registration number (`330102-2026-000001`) or draft id (`7` or `#7`).
    pub fn find_registration(&self, key: &str) -> Result<Registration> {
        let key = key.trim();
        if let Some(r) =
            self.conn().query_row(&format!("{REG_SELECT} WHERE r.registration_number = ?1"), [key], row_to_registration).optional()?
        {
            return Ok(r);
        }
        match key.trim_start_matches('#').parse::<i64>() {
            Ok(id) => self.registration(RegistrationId(id)).map_err(|_| Error::RegistrationNotFound(key.to_string())),
            Err(_) => Err(Error::RegistrationNotFound(key.to_string())),
        }
    }

    pub fn registrations(&self) -> Result<Vec<Registration>> {
        let mut st = self.conn().prepare(&format!("{REG_SELECT} ORDER BY r.id DESC"))?;
        let rows = st.query_map((), row_to_registration)?;
        Ok(rows.collect::<crate::catalog::SqlResult<_>>()?)
    }

    pub fn items(&self, id: RegistrationId) -> Result<Vec<Item>> {
        let mut st =
            self.conn().prepare(&format!("SELECT {ITEM_COLUMNS}, {META_COLUMNS} FROM items WHERE registration_id = ?1 ORDER BY path"))?;
        let rows = st.query_map([id.0], row_to_item)?;
        Ok(rows.collect::<crate::catalog::SqlResult<_>>()?)
    }

    /// The items whose content the archive still holds (all but the disposed ones).
    pub fn live_items(&self, id: RegistrationId) -> Result<Vec<Item>> {
        Ok(self.items(id)?.into_iter().filter(|i| !i.is_disposed()).collect())
    }

    pub fn findings(&self, id: RegistrationId) -> Result<Vec<Finding>> {
        let mut st = self.conn().prepare(
            "SELECT id, kind, path, detail, blocking, acknowledged_at IS NOT NULL FROM findings
             WHERE registration_id = ?1 ORDER BY blocking DESC, kind, path",
        )?;
        let rows = st.query_map([id.0], |r| {
            Ok(Finding { id: r.get(0)?, kind: r.get(1)?, path: r.get(2)?, detail: r.get(3)?, blocking: r.get(4)?, acknowledged: r.get(5)? })
        })?;
        Ok(rows.collect::<crate::catalog::SqlResult<_>>()?)
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
        let open: i64 = self.conn().query_row(
            "SELECT COUNT(*) FROM findings WHERE registration_id = ?1 AND blocking = 1 AND acknowledged_at IS NULL",
            [id.0],
            |r| r.get(0),
        )?;
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
            let path: Option<String> = tx
                .query_row("SELECT path FROM items WHERE id = ?1 AND registration_id = ?2", params![item.0, id.0], |r| r.get(0))
                .optional()?;
            if let Some(p) = path {
                tx.execute("DELETE FROM items WHERE id = ?1", [item.0])?;
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
        let n = tx.execute(
            "UPDATE findings SET acknowledged_at = ?2, acknowledged_by = ?3, ack_reason = ?4
             WHERE registration_id = ?1 AND acknowledged_at IS NULL",
            params![id.0, stamp.at_text(), stamp.operator, reason],
        )?;
        if n > 0 {
            ledger::append(&tx, stamp, "registration.accept_findings", &id.subject(), &serde_json::json!({"count": n, "reason": reason}))?;
        }
        tx.commit()?;
        Ok(n)
    }
}
