//! Statistics (统计): counts and volumes of sealed registrations by domain, unit kind,
//! unit, year, record kind and media set; registrations per month; storage used; media
//! and their check status. What a centre reports each year and is assessed by.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::archive::Archive;
use crate::catalog::Part;
use crate::error::Result;

/// One row of a breakdown: sealed registrations, their files and bytes.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/", rename = "StatBucket"))]
pub struct Bucket {
    pub key: String,
    pub registrations: i64,
    pub files: i64,
    pub bytes: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub units: i64,
    pub registrations: i64,
    pub drafts: i64,
    pub files: i64,
    pub bytes: i64,
    /// Bytes the vault holds (each distinct object once).
    pub vault_bytes: i64,
    pub media: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct MediumStat {
    pub label: String,
    pub set: String,
    pub kind: String,
    pub registrations: i64,
    pub bytes_used: i64,
    pub free_bytes: Option<i64>,
    pub last_verified_at: Option<DateTime<Utc>>,
    pub last_result: Option<String>,
    /// Its check is due (per the kind's cycle) as of the statistics' time.
    pub check_due: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Statistics {
    pub at: DateTime<Utc>,
    pub totals: Totals,
    /// Units per unit kind (all units, with or without registrations).
    pub units_by_kind: Vec<(String, i64)>,
    pub by_domain: Vec<Bucket>,
    pub by_unit_kind: Vec<Bucket>,
    pub by_unit: Vec<Bucket>,
    /// Year sealed, China time.
    pub by_year: Vec<Bucket>,
    pub by_record_kind: Vec<Bucket>,
    /// Registrations held on at least one medium of the set (a registration counts in
    /// every set it is on).
    pub by_media_set: Vec<Bucket>,
    /// `YYYY-MM` sealed, China time.
    pub by_month: Vec<Bucket>,
    pub media: Vec<MediumStat>,
    /// Summed over lower archives (`combined_statistics`): each archive's share. Empty for
    /// one archive's own statistics.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by_source: Vec<Bucket>,
}

/// Sealed registrations with their file count and bytes, as a subquery.
const SEALED: &str = "SELECT r.id, r.unit_id, r.kind, r.sealed_at,
        (SELECT COUNT(*) FROM items i WHERE i.registration_id = r.id) AS files,
        (SELECT COALESCE(SUM(size), 0) FROM items i WHERE i.registration_id = r.id) AS bytes
     FROM registrations r WHERE r.status = 'sealed'";

impl Archive {
    pub fn statistics(&self, at: DateTime<Utc>) -> Result<Statistics> {
        let conn = self.conn();
        let one = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, (), |r| r.get(0))?) };
        let totals = Totals {
            units: one("SELECT COUNT(*) FROM units")?,
            registrations: one("SELECT COUNT(*) FROM registrations WHERE status = 'sealed'")?,
            drafts: one("SELECT COUNT(*) FROM registrations WHERE status = 'draft'")?,
            files: one(&format!("SELECT COALESCE(SUM(files), 0) FROM ({SEALED}) AS s"))?,
            bytes: one(&format!("SELECT COALESCE(SUM(bytes), 0) FROM ({SEALED}) AS s"))?,
            vault_bytes: one("SELECT COALESCE(SUM(size), 0) FROM (SELECT MAX(size) AS size FROM items GROUP BY sha256) AS objects")?,
            media: one("SELECT COUNT(*) FROM media")?,
        };
        let buckets = |key: &str, join: &str| -> Result<Vec<Bucket>> {
            let sql = format!(
                "SELECT {key} AS k, COUNT(*), SUM(s.files), SUM(s.bytes) FROM ({SEALED}) s JOIN units u ON u.id = s.unit_id {join}
                 GROUP BY k ORDER BY k"
            );
            let mut st = conn.prepare(&sql)?;
            let rows = st.query_map((), |r| Ok(Bucket { key: r.get(0)?, registrations: r.get(1)?, files: r.get(2)?, bytes: r.get(3)? }))?;
            Ok(rows.collect::<crate::catalog::SqlResult<_>>()?)
        };
        let mut units_by_kind = Vec::new();
        {
            let mut st = conn.prepare("SELECT kind, COUNT(*) FROM units GROUP BY kind ORDER BY kind")?;
            for row in st.query_map((), |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
                units_by_kind.push(row?);
            }
        }
        let status = self.status(at)?;
        let media = self
            .media()?
            .into_iter()
            .map(|m| MediumStat {
                check_due: status.checks_due.iter().any(|d| d.label == m.label),
                label: m.label,
                set: m.set,
                kind: m.kind.as_str().to_string(),
                registrations: m.registrations,
                bytes_used: m.bytes_used,
                free_bytes: m.free_bytes,
                last_verified_at: m.last_verified_at,
                last_result: m.last_result,
            })
            .collect();
        Ok(Statistics {
            at,
            totals,
            units_by_kind,
            by_domain: buckets("COALESCE(u.domain, '未填领域')", "")?,
            by_unit_kind: buckets("u.kind", "")?,
            by_unit: buckets("u.name || '（' || COALESCE(u.uscc, '无信用代码') || '）'", "")?,
            by_year: buckets(&conn.china_date("s.sealed_at", Part::Year), "")?,
            by_record_kind: buckets("s.kind", "")?,
            by_media_set: buckets(
                "m.set_name",
                "JOIN (SELECT DISTINCT b.registration_id, md.set_name FROM media_bags b JOIN media md ON md.id = b.medium_id) m
                   ON m.registration_id = s.id",
            )?,
            by_month: buckets(&conn.china_date("s.sealed_at", Part::Month), "")?,
            media,
            by_source: Vec::new(),
        })
    }
}
