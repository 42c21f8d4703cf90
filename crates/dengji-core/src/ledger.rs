//! The append-only ledger: a hash chain. Each entry's hash covers its own fields, the
//! SHA-256 of its JSON payload and the previous entry's hash, so editing, deleting or
//! reordering any row breaks the chain from there on. A checkpoint (size, head hash)
//! is small enough to print on a certificate.

use crate::catalog::{params, Conn, OptionalExtension};
use serde::Serialize;

use crate::digest::{sha256, Sha256};
use crate::error::Result;
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

impl Chain {
    fn table(self) -> &'static str {
        match self {
            Chain::Ledger => "ledger",
            Chain::Access => "access_log",
        }
    }

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

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub seq: i64,
    pub at: String,
    pub operator: String,
    pub action: String,
    pub subject: String,
    pub payload: String,
    pub payload_sha256: Sha256,
    pub prev_hash: Sha256,
    pub entry_hash: Sha256,
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
    let table = chain.table();
    let last: Option<(i64, Sha256)> = conn
        .query_row(&format!("SELECT seq, entry_hash FROM {table} ORDER BY seq DESC LIMIT 1"), (), |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS),
    };
    let payload = payload.to_string();
    let payload_sha256 = sha256(payload.as_bytes());
    let hash = chain_hash(chain, seq, at, operator, action, subject, &payload_sha256, &prev);
    conn.execute(
        &format!(
            "INSERT INTO {table} (seq, at, operator, action, subject, payload, payload_sha256, prev_hash, entry_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        ),
        params![seq, at, operator, action, subject, payload, payload_sha256, prev, hash],
    )?;
    Ok(seq)
}

pub fn checkpoint(conn: &Conn) -> Result<Checkpoint> {
    let last: Option<(i64, Sha256)> =
        conn.query_row("SELECT seq, entry_hash FROM ledger ORDER BY seq DESC LIMIT 1", (), |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    Ok(last.map(|(size, head)| Checkpoint { size, head }).unwrap_or(Checkpoint { size: 0, head: GENESIS }))
}

pub(crate) fn row_to_entry(r: &crate::catalog::Row<'_>) -> crate::catalog::SqlResult<Entry> {
    Ok(Entry {
        seq: r.get(0)?,
        at: r.get(1)?,
        operator: r.get(2)?,
        action: r.get(3)?,
        subject: r.get(4)?,
        payload: r.get(5)?,
        payload_sha256: r.get(6)?,
        prev_hash: r.get(7)?,
        entry_hash: r.get(8)?,
    })
}

pub(crate) const ENTRY_COLUMNS: &str = "seq, at, operator, action, subject, payload, payload_sha256, prev_hash, entry_hash";

pub fn entries_for_subject(conn: &Conn, subject: &str) -> Result<Vec<Entry>> {
    let mut st = conn.prepare(&format!("SELECT {ENTRY_COLUMNS} FROM ledger WHERE subject = ?1 ORDER BY seq"))?;
    let rows = st.query_map([subject], row_to_entry)?;
    Ok(rows.collect::<crate::catalog::SqlResult<_>>()?)
}

pub fn entry_at(conn: &Conn, seq: i64) -> Result<Option<Entry>> {
    Ok(conn.query_row(&format!("SELECT {ENTRY_COLUMNS} FROM ledger WHERE seq = ?1"), [seq], row_to_entry).optional()?)
}

pub fn entries_with_action(conn: &Conn, action: &str) -> Result<Vec<Entry>> {
    let mut st = conn.prepare(&format!("SELECT {ENTRY_COLUMNS} FROM ledger WHERE action = ?1 ORDER BY seq"))?;
    let rows = st.query_map([action], row_to_entry)?;
    Ok(rows.collect::<crate::catalog::SqlResult<_>>()?)
}

/// Which ledger entries an audit listing shows; every field narrows it.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub operator: Option<String>,
    /// An action or an action prefix such as `registration.`.
    pub action: Option<String>,
    pub subject: Option<String>,
    /// Entries about this unit: the unit itself, its registrations and their applications.
    pub unit: Option<i64>,
    /// RFC 3339 bounds (inclusive since, exclusive until).
    pub since: Option<String>,
    pub until: Option<String>,
    pub limit: Option<u32>,
}

/// Ledger entries matching the filter, newest last.
pub fn audit(conn: &Conn, f: &AuditFilter) -> Result<Vec<Entry>> {
    let action_like = f.action.as_ref().map(|a| if a.ends_with('.') { format!("{a}%") } else { a.clone() });
    let mut st = conn.prepare(&format!(
        "SELECT {ENTRY_COLUMNS} FROM ledger
         WHERE (CAST(?1 AS TEXT) IS NULL OR operator = ?1) AND (CAST(?2 AS TEXT) IS NULL OR action LIKE ?2)
           AND (CAST(?3 AS TEXT) IS NULL OR subject = ?3)
           AND (CAST(?4 AS TEXT) IS NULL OR at >= ?4) AND (CAST(?5 AS TEXT) IS NULL OR at < ?5)
           AND (CAST(?7 AS BIGINT) IS NULL OR subject = ?8
                OR subject IN (SELECT 'registration:' || id FROM registrations WHERE unit_id = ?7)
                OR subject IN (SELECT 'application:' || a.id FROM applications a
                               JOIN registrations r ON r.id = a.registration_id WHERE r.unit_id = ?7))
         ORDER BY seq LIMIT ?6"
    ))?;
    let limit = f.limit.map(i64::from).unwrap_or(i64::MAX);
    let unit_subject = f.unit.map(|u| format!("unit:{u}"));
    let rows = st.query_map(params![f.operator, action_like, f.subject, f.since, f.until, limit, f.unit, unit_subject], row_to_entry)?;
    Ok(rows.collect::<crate::catalog::SqlResult<_>>()?)
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
    let mut st = conn.prepare(&format!("SELECT {ENTRY_COLUMNS} FROM {} ORDER BY seq", chain.table()))?;
    let mut rows = st.query(())?;
    let mut prev = GENESIS;
    let mut expected_seq = 1;
    let mut count = 0;
    while let Some(r) = rows.next()? {
        let e = match row_to_entry(&r) {
            Ok(e) => e,
            Err(err) => return Ok((count, Some((expected_seq, format!("无法读取该条记录：{err}"))))),
        };
        count += 1;
        if count % 4096 == 0 && !tick(count) {
            return Err(crate::error::Error::VerifyCancelled);
        }
        if e.seq != expected_seq {
            return Ok((count, Some((expected_seq, format!("序号不连续：期望 {expected_seq}，实际 {}（记录被删除或插入）", e.seq)))));
        }
        if sha256(e.payload.as_bytes()) != e.payload_sha256 {
            return Ok((count, Some((e.seq, "内容摘要不符：该条记录的内容被修改".to_string()))));
        }
        if e.prev_hash != prev {
            return Ok((count, Some((e.seq, "前序哈希不符：之前的记录被修改、删除或调换了顺序".to_string()))));
        }
        let h = chain_hash(chain, e.seq, &e.at, &e.operator, &e.action, &e.subject, &e.payload_sha256, &e.prev_hash);
        if h != e.entry_hash {
            return Ok((count, Some((e.seq, "记录哈希不符：时间、操作人、动作或对象被修改".to_string()))));
        }
        prev = e.entry_hash;
        expected_seq += 1;
    }
    Ok((count, None))
}
