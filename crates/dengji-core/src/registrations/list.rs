//! 登记记录: the registrations list a page at a time, filtered and ordered by the catalog.
//! A centre holds a hundred thousand registrations and more; reading them all (with each
//! one's file count and size) took seconds, so only the page shown is read in full.

use serde::Serialize;

use super::store::{row_to_registration, REG_SELECT};
use super::{Registration, Status};
use crate::archive::Archive;
use crate::catalog::Value;
use crate::error::Result;
use crate::search::TextMatch;

/// The order of the list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RegistrationOrder {
    /// Newest taken in first.
    #[default]
    Newest,
    /// Latest sealed first; drafts after every sealed one.
    SealedLatest,
    /// Earliest sealed first; drafts after every sealed one.
    SealedEarliest,
}

/// Which page of which registrations.
#[derive(Debug, Clone, Default)]
pub struct RegistrationQuery {
    /// Words each found in the registration's number, title or hand-over reference, or in
    /// its unit's name, USCC or domain (any case, full- or half-width); or a draft's number.
    pub text: Option<String>,
    pub status: Option<Status>,
    pub order: RegistrationOrder,
    pub offset: usize,
    /// Rows on the page (at most 500; 20 when 0).
    pub limit: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegistrationPage {
    /// Registrations that match, on every page.
    pub total: i64,
    pub rows: Vec<Registration>,
}

/// A draft's number as the clerk may type it: `12`, `#12` or `草稿 #12`.
fn draft_number(text: &str) -> Option<i64> {
    let t = text.strip_prefix("草稿").unwrap_or(text).trim_start();
    t.strip_prefix('#').unwrap_or(t).trim().parse().ok()
}

impl Archive {
    /// One page of the registrations list and how many match in all.
    pub fn registration_page(&mut self, q: &RegistrationQuery) -> Result<RegistrationPage> {
        let text = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
        if text.is_some() {
            self.refresh_search()?;
        }
        let limit = if q.limit == 0 { 20 } else { q.limit.min(500) };
        // Nulls (drafts) last on both engines, whichever way the seal times run.
        let order = match q.order {
            RegistrationOrder::Newest => "r.created_at DESC, r.id DESC",
            RegistrationOrder::SealedLatest => "CASE WHEN r.sealed_at IS NULL THEN 1 ELSE 0 END, r.sealed_at DESC, r.id DESC",
            RegistrationOrder::SealedEarliest => "CASE WHEN r.sealed_at IS NULL THEN 1 ELSE 0 END, r.sealed_at, r.id",
        };
        let conn = self.conn();
        // The text through the search indexes (a LIKE over every registration and its
        // unit took a tenth of a second at 100,000): in the registration's own document
        // or its unit's, or the draft's number.
        let mut args: Vec<Value> = Vec::new();
        let mut filter = vec!["1 = 1".to_string()];
        if let Some(status) = q.status {
            args.push(Value::Text(status.as_str().into()));
            filter.push(format!("r.status = ?{}", args.len()));
        }
        if let Some(text) = text {
            let mut any = vec!["1 = 0".to_string()];
            if let Some(m) = TextMatch::new(conn, text) {
                args.push(Value::Text(m.find.clone()));
                let find = args.len();
                let terms = m.terms.clone().map_or(0, |t| {
                    args.push(Value::Text(t));
                    args.len()
                });
                let key = m.key();
                for (column, index) in [("r.id", "search_registrations"), ("r.unit_id", "search_units")] {
                    any.push(format!("{column} IN (SELECT {key} FROM {index} s WHERE {})", m.condition(index, find, terms)));
                }
            }
            if let Some(id) = draft_number(text) {
                args.push(Value::Integer(id));
                any.push(format!("(r.status = 'draft' AND r.id = ?{})", args.len()));
            }
            filter.push(format!("({})", any.join(" OR ")));
        }
        let filter = filter.join(" AND ");
        let (limit_at, offset_at) = (args.len() + 1, args.len() + 2);
        let mut page_args = args.clone();
        page_args.extend([Value::Integer(limit as i64), Value::Integer(q.offset as i64)]);
        let (total, ids): (i64, Vec<i64>) = if text.is_some() {
            // The matches found once, then counted and paged: each pass over them costs
            // the text's search again.
            let mut st = conn.prepare(&format!(
                "WITH m AS MATERIALIZED (SELECT r.id, r.created_at, r.sealed_at FROM registrations r WHERE {filter})
                 SELECT t.total, p.id FROM (SELECT COUNT(*) AS total FROM m) t
                 LEFT JOIN (SELECT r.id FROM m r ORDER BY {order} LIMIT ?{limit_at} OFFSET ?{offset_at}) p ON 1 = 1"
            ))?;
            let rows: Vec<(i64, Option<i64>)> =
                st.query_map(page_args, |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<crate::catalog::SqlResult<_>>()?;
            (rows.first().map_or(0, |r| r.0), rows.into_iter().filter_map(|r| r.1).collect())
        } else {
            // Counted and paged through the indexes on status and time.
            let total = conn.query_row(&format!("SELECT COUNT(*) FROM registrations r WHERE {filter}"), args, |r| r.get(0))?;
            let mut st = conn.prepare(&format!(
                "SELECT r.id FROM registrations r WHERE {filter} ORDER BY {order} LIMIT ?{limit_at} OFFSET ?{offset_at}"
            ))?;
            let ids = st.query_map(page_args, |r| r.get(0))?.collect::<crate::catalog::SqlResult<_>>()?;
            (total, ids)
        };
        if ids.is_empty() {
            return Ok(RegistrationPage { total, rows: Vec::new() });
        }
        // The page's rows with their file counts and sizes, summed for them only.
        let marks = (1..=ids.len()).map(|n| format!("?{n}")).collect::<Vec<_>>().join(", ");
        let ids: Vec<Value> = ids.into_iter().map(Value::Integer).collect();
        let mut st = conn.prepare(&format!("{REG_SELECT} WHERE r.id IN ({marks}) ORDER BY {order}"))?;
        let rows = st.query_map(ids, row_to_registration)?;
        Ok(RegistrationPage { total, rows: rows.collect::<crate::catalog::SqlResult<_>>()? })
    }
}

#[cfg(test)]
mod tests {
    use super::draft_number;

    #[test]
    fn a_draft_is_found_by_its_number_as_labelled() {
        for text in ["12", "#12", "草稿 #12", "草稿#12", " # 12 "] {
            assert_eq!(draft_number(text), Some(12), "{text}");
        }
        assert_eq!(draft_number("社保"), None);
        assert_eq!(draft_number("330102-2026-000012"), None);
    }
}
