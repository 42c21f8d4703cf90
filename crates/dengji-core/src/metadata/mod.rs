//! Descriptive metadata (著录): DA/T 46-style fields of items, the unit's hand-over
//! reference of a registration, and catalogue import. Editable on drafts only; the
//! sealed-row triggers freeze them with everything else, and the seal's ledger entry
//! covers them (`fingerprint`).

mod fields;
mod import;
mod table;

use crate::catalog::{params, Conn, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::accounts::Role;
use crate::archive::Archive;
use crate::digest::Sha256;
use crate::error::{Error, Result};
use crate::ids::{ItemId, RegistrationId};
use crate::ledger;
use crate::stamp::Stamp;

pub use fields::{Field, Retention, CLASSIFICATIONS};
pub use import::{CatalogueImport, ColumnUse, ImportProblem, UnmatchedRow};

/// An item's descriptive metadata; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemMeta {
    /// 档号
    pub ref_code: Option<String>,
    /// 题名
    pub title: Option<String>,
    /// 责任者
    pub creator: Option<String>,
    /// 日期: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: Option<String>,
    /// 保管期限
    pub retention: Option<Retention>,
    /// 密级
    pub classification: Option<String>,
    /// 页数 as catalogued (the counted pages of a PDF are `Item::pages`).
    pub pages: Option<i64>,
    /// 件号
    pub piece: Option<i64>,
    /// 备注
    pub note: Option<String>,
}

pub(crate) const META_COLUMNS: &str = "ref_code, title, creator, doc_date, retention, classification, declared_pages, piece, note";

impl ItemMeta {
    pub fn is_empty(&self) -> bool {
        *self == ItemMeta::default()
    }

    /// Reads the nine META_COLUMNS starting at column `at`.
    pub(crate) fn from_row(r: &crate::catalog::Row<'_>, at: usize) -> crate::catalog::SqlResult<ItemMeta> {
        let retention: Option<String> = r.get(at + 4)?;
        Ok(ItemMeta {
            ref_code: r.get(at)?,
            title: r.get(at + 1)?,
            creator: r.get(at + 2)?,
            date: r.get(at + 3)?,
            retention: retention.as_deref().and_then(Retention::parse),
            classification: r.get(at + 5)?,
            pages: r.get(at + 6)?,
            piece: r.get(at + 7)?,
            note: r.get(at + 8)?,
        })
    }

    /// Sets `field` from a cell's text (trimmed; empty clears it), or says why it cannot.
    pub fn set(&mut self, field: Field, text: &str) -> std::result::Result<(), String> {
        let t = text.trim();
        let value = Some(t.to_string()).filter(|t| !t.is_empty());
        if t.chars().count() > fields::MAX_CELL_CHARS {
            return Err(format!("超过 {} 个字符", fields::MAX_CELL_CHARS));
        }
        let count = |what: &str| match &value {
            None => Ok(None),
            Some(v) => fields::parse_count(v).map(Some).ok_or_else(|| format!("{what}应为正整数")),
        };
        match field {
            Field::File => {}
            Field::RefCode => self.ref_code = value,
            Field::Title => self.title = value,
            Field::Creator => self.creator = value,
            Field::Note => self.note = value,
            Field::Date => {
                self.date = match &value {
                    None => None,
                    Some(v) => Some(fields::parse_date(v).ok_or("日期应为 YYYY-MM-DD、YYYY-MM 或 YYYY（如 2020-03-05、20200305）")?),
                }
            }
            Field::Retention => {
                self.retention = match &value {
                    None => None,
                    Some(v) => Some(Retention::parse(v).ok_or("保管期限可选 永久、30年、10年")?),
                }
            }
            Field::Classification => {
                if let Some(v) = &value {
                    if !CLASSIFICATIONS.contains(&v.as_str()) {
                        return Err(format!("密级可选 {}", CLASSIFICATIONS.join("、")));
                    }
                }
                self.classification = value;
            }
            Field::Pages => self.pages = count("页数")?,
            Field::Piece => self.piece = count("件号")?,
        }
        Ok(())
    }

    /// The same metadata with every value checked as a catalogue cell would be; the error
    /// names the field and why.
    pub fn validated(&self) -> Result<ItemMeta> {
        let mut out = ItemMeta { retention: self.retention, ..ItemMeta::default() };
        let texts = [
            (Field::RefCode, self.ref_code.clone()),
            (Field::Title, self.title.clone()),
            (Field::Creator, self.creator.clone()),
            (Field::Date, self.date.clone()),
            (Field::Classification, self.classification.clone()),
            (Field::Pages, self.pages.map(|n| n.to_string())),
            (Field::Piece, self.piece.map(|n| n.to_string())),
            (Field::Note, self.note.clone()),
        ];
        for (field, text) in texts {
            let text = text.unwrap_or_default();
            out.set(field, &text).map_err(|reason| Error::BadMetadata {
                field: field.label_zh(),
                value: text.chars().take(40).collect(),
                reason,
            })?;
        }
        Ok(out)
    }
}

/// Writes an item's metadata (already validated).
pub(crate) fn store(conn: &Conn, item: ItemId, m: &ItemMeta) -> Result<()> {
    conn.execute(
        "UPDATE items SET ref_code = ?2, title = ?3, creator = ?4, doc_date = ?5, retention = ?6, classification = ?7,
             declared_pages = ?8, piece = ?9, note = ?10 WHERE id = ?1",
        params![
            item.0,
            m.ref_code,
            m.title,
            m.creator,
            m.date,
            m.retention.map(Retention::as_str),
            m.classification,
            m.pages,
            m.piece,
            m.note
        ],
    )?;
    Ok(())
}

/// Digest of the registration's metadata (hand-over reference and every item's fields),
/// or None when it has none: seals made before metadata existed keep their ledger entry.
pub(crate) fn fingerprint(conn: &Conn, id: RegistrationId) -> Result<Option<Sha256>> {
    let handover: Option<String> = conn.query_row("SELECT handover_ref FROM registrations WHERE id = ?1", [id.0], |r| r.get(0))?;
    let mut st = conn.prepare(&format!("SELECT path_raw, {META_COLUMNS} FROM items WHERE registration_id = ?1 ORDER BY path_raw"))?;
    let mut rows = st.query([id.0])?;
    let mut text = serde_json::to_string(&handover).expect("serialises") + "\n";
    let mut any = handover.is_some();
    while let Some(r) = rows.next()? {
        let meta = ItemMeta::from_row(&r, 1)?;
        if !meta.is_empty() {
            any = true;
            let raw: Vec<u8> = r.get(0)?;
            text.push_str(&serde_json::to_string(&(hex::encode(raw), meta)).expect("serialises"));
            text.push('\n');
        }
    }
    Ok(any.then(|| crate::digest::sha256(text.as_bytes())))
}

impl Archive {
    /// The metadata of every item of a registration, by item id.
    pub fn item_meta(&self, id: RegistrationId) -> Result<Vec<(ItemId, ItemMeta)>> {
        let mut st = self.conn().prepare(&format!("SELECT id, {META_COLUMNS} FROM items WHERE registration_id = ?1 ORDER BY path"))?;
        let rows = st.query_map([id.0], |r| Ok((ItemId(r.get(0)?), ItemMeta::from_row(r, 1)?)))?;
        Ok(rows.collect::<crate::catalog::SqlResult<_>>()?)
    }

    /// Sets one item's metadata on a draft (replacing what it had).
    pub fn set_item_meta(&mut self, id: RegistrationId, item: ItemId, meta: &ItemMeta, stamp: &Stamp) -> Result<ItemMeta> {
        self.authorize(stamp, &[Role::Clerk], "著录")?;
        self.draft_for_edit(id)?;
        let meta = meta.validated()?;
        let tx = self.conn_mut().transaction()?;
        let path: Option<String> = tx
            .query_row("SELECT path FROM items WHERE id = ?1 AND registration_id = ?2", params![item.0, id.0], |r| r.get(0))
            .optional()?;
        let Some(path) = path else { return Err(Error::ItemNotFound(format!("#{}", item.0), format!("草稿 #{}", id.0))) };
        store(&tx, item, &meta)?;
        ledger::append(&tx, stamp, "registration.item_meta", &id.subject(), &serde_json::json!({"path": path, "meta": meta}))?;
        tx.commit()?;
        Ok(meta)
    }

    /// The unit's hand-over reference (移交单号) of a draft; empty clears it.
    pub fn set_handover_ref(&mut self, id: RegistrationId, reference: &str, stamp: &Stamp) -> Result<()> {
        self.authorize(stamp, &[Role::Clerk], "著录")?;
        self.draft_for_edit(id)?;
        let reference = Some(reference.trim()).filter(|r| !r.is_empty());
        let tx = self.conn_mut().transaction()?;
        tx.execute("UPDATE registrations SET handover_ref = ?2 WHERE id = ?1", params![id.0, reference])?;
        ledger::append(&tx, stamp, "registration.handover_ref", &id.subject(), &serde_json::json!({"handover_ref": reference}))?;
        tx.commit()?;
        Ok(())
    }
}
