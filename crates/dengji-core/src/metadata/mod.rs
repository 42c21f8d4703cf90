//! Descriptive metadata (著录): DA/T 46-style fields of items, the unit's hand-over
//! reference of a registration, and catalogue import. Editable on drafts only; the
//! sealed-row triggers freeze them with everything else, and the seal's ledger entry
//! covers them (`fingerprint`).

mod fields;
mod import;
pub(crate) mod store;
mod table;

use crate::catalog::Conn;
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

impl ItemMeta {
    pub fn is_empty(&self) -> bool {
        *self == ItemMeta::default()
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

/// Digest of the registration's metadata (hand-over reference and every item's fields),
/// or None when it has none: seals made before metadata existed keep their ledger entry.
pub(crate) fn fingerprint(conn: &Conn, id: RegistrationId) -> Result<Option<Sha256>> {
    let handover = crate::registrations::store::handover_ref(conn, id)?;
    let mut text = serde_json::to_string(&handover).expect("serialises") + "\n";
    let mut any = handover.is_some();
    store::each_by_original_path(conn, id, &mut |raw, meta| {
        if !meta.is_empty() {
            any = true;
            text.push_str(&serde_json::to_string(&(hex::encode(raw), meta)).expect("serialises"));
            text.push('\n');
        }
    })?;
    Ok(any.then(|| crate::digest::sha256(text.as_bytes())))
}

impl Archive {
    /// The metadata of every item of a registration, by item id.
    pub fn item_meta(&self, id: RegistrationId) -> Result<Vec<(ItemId, ItemMeta)>> {
        store::of_items(self.conn(), id)
    }

    /// Sets one item's metadata on a draft (replacing what it had).
    pub fn set_item_meta(&mut self, id: RegistrationId, item: ItemId, meta: &ItemMeta, stamp: &Stamp) -> Result<ItemMeta> {
        self.authorize(stamp, &[Role::Clerk], "著录")?;
        self.draft_for_edit(id)?;
        let meta = meta.validated()?;
        let tx = self.conn_mut().transaction()?;
        let Some(path) = crate::registrations::store::item_path(&tx, id, item)? else {
            return Err(Error::ItemNotFound(format!("#{}", item.0), format!("草稿 #{}", id.0)));
        };
        store::put(&tx, item, &meta)?;
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
        crate::registrations::store::set_handover_ref(&tx, id, reference)?;
        ledger::append(&tx, stamp, "registration.handover_ref", &id.subject(), &serde_json::json!({"handover_ref": reference}))?;
        tx.commit()?;
        Ok(())
    }
}
