//! The append-only ledger: a hash chain. Each entry's hash covers its own fields, the
//! SHA-256 of its JSON payload and the previous entry's hash, so editing, deleting or
//! reordering any row breaks the chain from there on. A checkpoint (size, head hash)
//! is small enough to print on a certificate.
use chrono::{DateTime, Utc};

mod store;

use crate::catalog::Conn;
use serde::{Deserialize, Serialize};

use crate::digest::{sha256, Sha256};
use crate::error::{Error, Result};
use crate::stamp::Stamp;

pub const GENESIS: Sha256 = Sha256([0u8; 32]);

/// The two hash chains of an archive: the ledger of what was done to the archive, and the
/// access log of who came and went (sign-ins, locks, prints, verifications, exports),
/// kept apart so the ledger's numbering, printed on certificates, is the archive's alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Chain {
    Ledger,
    Access,
}

pub(crate) use store::access as access_entries;

impl Chain {
    /// Hashed into every entry, so an entry of one chain never verifies in the other.
    fn tag(self) -> &'static str {
        match self {
            Chain::Ledger => "dengji-ledger-v1",
            Chain::Access => "dengji-access-v1",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Checkpoint {
    pub size: i64,
    pub head: Sha256,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub seq: i64,
    /// Kept as the text it was hashed with (`entry_hash`): the chain is evidence of those
    /// bytes; `time()` reads it.
    pub at: String,
    pub operator: String,
    pub action: String,
    pub subject: String,
    pub payload: String,
    pub payload_sha256: Sha256,
    pub prev_hash: Sha256,
    pub entry_hash: Sha256,
}

impl Entry {
    /// When it was written; an entry whose time is unreadable is a damaged ledger.
    pub fn time(&self) -> Result<DateTime<Utc>> {
        crate::stamp::parse_time(&self.at).map_err(|_| Error::Integrity(format!("台账第 {} 条的时间 “{}” 不可读", self.seq, self.at)))
    }
}

/// The hash of an entry: SHA-256 over a JSON array of its fields, which is unambiguous
/// whatever characters the operator or subject contain.
pub fn entry_hash(seq: i64, at: &str, operator: &str, action: &str, subject: &str, payload_sha256: &Sha256, prev: &Sha256) -> Sha256 {
    chain_hash(Chain::Ledger, seq, at, operator, action, subject, payload_sha256, prev)
}

#[allow(clippy::too_many_arguments)] // the fields of an entry, hashed in one order
fn chain_hash(
    chain: Chain,
    seq: i64,
    at: &str,
    operator: &str,
    action: &str,
    subject: &str,
    payload_sha256: &Sha256,
    prev: &Sha256,
) -> Sha256 {
    let canonical = serde_json::to_string(&(chain.tag(), seq, at, operator, action, subject, payload_sha256.to_hex(), prev.to_hex()))
        .expect("tuple of strings serialises");
    sha256(canonical.as_bytes())
}

/// Appends one entry. Call inside an IMMEDIATE transaction together with the change it records.
pub fn append(conn: &Conn, stamp: &Stamp, action: &str, subject: &str, payload: &serde_json::Value) -> Result<i64> {
    append_to(conn, Chain::Ledger, &stamp.at_text(), &stamp.operator, action, subject, payload)
}

/// Appends to `chain`; `operator` is whoever acted (for a failed sign-in, the name tried).
pub(crate) fn append_to(
    conn: &Conn,
    chain: Chain,
    at: &str,
    operator: &str,
    action: &str,
    subject: &str,
    payload: &serde_json::Value,
) -> Result<i64> {
    let (seq, prev) = match store::head(conn, chain)? {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS),
    };
    let payload = payload.to_string();
    let payload_sha256 = sha256(payload.as_bytes());
    let entry_hash = chain_hash(chain, seq, at, operator, action, subject, &payload_sha256, &prev);
    let entry = Entry {
        seq,
        at: at.into(),
        operator: operator.into(),
        action: action.into(),
        subject: subject.into(),
        payload,
        payload_sha256,
        prev_hash: prev,
        entry_hash,
    };
    store::insert(conn, chain, &entry)?;
    Ok(seq)
}

pub fn checkpoint(conn: &Conn) -> Result<Checkpoint> {
    Ok(store::head(conn, Chain::Ledger)?.map(|(size, head)| Checkpoint { size, head }).unwrap_or(Checkpoint { size: 0, head: GENESIS }))
}

pub fn entries_for_subject(conn: &Conn, subject: &str) -> Result<Vec<Entry>> {
    store::by_subject(conn, subject)
}

pub fn entry_at(conn: &Conn, seq: i64) -> Result<Option<Entry>> {
    store::at(conn, seq)
}

/// The entries after `after`, oldest first.
pub fn entries_after(conn: &Conn, after: i64) -> Result<Vec<Entry>> {
    store::after(conn, after)
}

pub fn entries_with_action(conn: &Conn, action: &str) -> Result<Vec<Entry>> {
    store::with_action(conn, action)
}

/// Which ledger entries an audit listing shows; every field narrows it.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub operator: Option<String>,
    /// An action or an action prefix such as `registration.`.
    pub action: Option<String>,
    pub subject: Option<String>,
    /// Entries about this unit: the unit itself, its registrations and their applications.
    pub unit: Option<crate::ids::UnitId>,
    /// RFC 3339 bounds (inclusive since, exclusive until).
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub limit: Option<u32>,
}

/// Ledger entries matching the filter, newest last.
pub fn audit(conn: &Conn, f: &AuditFilter) -> Result<Vec<Entry>> {
    let action_like = f.action.as_ref().map(|a| if a.ends_with('.') { format!("{a}%") } else { a.clone() });
    store::audit(conn, f, action_like)
}

/// Walks the whole chain in order; returns the first broken entry and why.
/// Rows are read by rowid order too, so a reordering (swapped seq values) shows up.
pub fn verify_chain(conn: &Conn) -> Result<(i64, Option<(i64, String)>)> {
    verify_chain_of(conn, Chain::Ledger)
}

pub(crate) fn verify_chain_of(conn: &Conn, chain: Chain) -> Result<(i64, Option<(i64, String)>)> {
    verify_chain_watched(conn, chain, &mut |_| true)
}

/// `verify_chain_of`, telling `tick` how many entries it has checked every 4096 entries;
/// `false` from `tick` stops it (`Error::VerifyCancelled`).
pub(crate) fn verify_chain_watched(conn: &Conn, chain: Chain, tick: &mut dyn FnMut(i64) -> bool) -> Result<(i64, Option<(i64, String)>)> {
    let mut prev = GENESIS;
    let mut expected_seq = 1;
    let mut count = 0;
    let mut broken = None;
    store::each(conn, chain, &mut |e| {
        let e = match e {
            Ok(e) => e,
            Err(err) => {
                broken = Some((expected_seq, format!("无法读取该条记录：{err}")));
                return Ok(false);
            }
        };
        count += 1;
        if count % 4096 == 0 && !tick(count) {
            return Err(crate::error::Error::VerifyCancelled);
        }
        broken = if e.seq != expected_seq {
            Some((expected_seq, format!("序号不连续：期望 {expected_seq}，实际 {}（记录被删除或插入）", e.seq)))
        } else if sha256(e.payload.as_bytes()) != e.payload_sha256 {
            Some((e.seq, "内容摘要不符：该条记录的内容被修改".to_string()))
        } else if e.prev_hash != prev {
            Some((e.seq, "前序哈希不符：之前的记录被修改、删除或调换了顺序".to_string()))
        } else if chain_hash(chain, e.seq, &e.at, &e.operator, &e.action, &e.subject, &e.payload_sha256, &e.prev_hash) != e.entry_hash {
            Some((e.seq, "记录哈希不符：时间、操作人、动作或对象被修改".to_string()))
        } else {
            None
        };
        prev = e.entry_hash;
        expected_seq += 1;
        Ok(broken.is_none())
    })?;
    Ok((count, broken))
}
