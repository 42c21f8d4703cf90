//! 登记记录: the registrations list a page at a time, filtered and ordered by the catalog.
//! A centre holds a hundred thousand registrations and more; reading them all (with each
//! one's file count and size) took seconds, so only the page shown is read in full.

use serde::Serialize;

use crate::archive::Archive;
use crate::catalog::params;
use crate::error::Result;
use crate::registrations::{row_to_registration, Registration, Status, REG_SELECT};

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
    /// Part of the registration number, draft id, title, unit name or USCC (any case).
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

/// `text` as a LIKE pattern that matches it anywhere, its own `%`, `_` and `\` taken literally.
fn contains_pattern(text: &str) -> String {
    let mut p = String::from("%");
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// The filter on `r` and `u`: ?1 the pattern, ?2 the status.
const FILTER: &str = "(CAST(?1 AS TEXT) IS NULL
       OR LOWER(COALESCE(r.registration_number, '')) LIKE ?1 ESCAPE '\\' OR CAST(r.id AS TEXT) LIKE ?1 ESCAPE '\\'
       OR LOWER(r.title) LIKE ?1 ESCAPE '\\' OR LOWER(u.name) LIKE ?1 ESCAPE '\\' OR LOWER(COALESCE(u.uscc, '')) LIKE ?1 ESCAPE '\\')
     AND (CAST(?2 AS TEXT) IS NULL OR r.status = ?2)";

impl Archive {
    /// One page of the registrations list and how many match in all.
    pub fn registration_page(&self, q: &RegistrationQuery) -> Result<RegistrationPage> {
        let pattern = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(contains_pattern);
        let status = q.status.map(|s| match s {
            Status::Draft => "draft",
            Status::Sealed => "sealed",
        });
        let limit = if q.limit == 0 { 20 } else { q.limit.min(500) };
        // Nulls (drafts) last on both engines, whichever way the seal times run.
        let order = match q.order {
            RegistrationOrder::Newest => "r.created_at DESC, r.id DESC",
            RegistrationOrder::SealedLatest => "CASE WHEN r.sealed_at IS NULL THEN 1 ELSE 0 END, r.sealed_at DESC, r.id DESC",
            RegistrationOrder::SealedEarliest => "CASE WHEN r.sealed_at IS NULL THEN 1 ELSE 0 END, r.sealed_at, r.id",
        };
        let conn = self.conn();
        let total: i64 = conn.query_row(
            &format!("SELECT COUNT(*) FROM registrations r JOIN units u ON u.id = r.unit_id WHERE {FILTER}"),
            params![pattern, status],
            |r| r.get(0),
        )?;
        // The page's ids first, so file counts and sizes are summed for its rows only.
        let mut st = conn.prepare(&format!(
            "{REG_SELECT} WHERE r.id IN (SELECT r.id FROM registrations r JOIN units u ON u.id = r.unit_id WHERE {FILTER}
                                         ORDER BY {order} LIMIT ?3 OFFSET ?4)
             ORDER BY {order}"
        ))?;
        let rows = st.query_map(params![pattern, status, limit as i64, q.offset as i64], row_to_registration)?;
        Ok(RegistrationPage { total, rows: rows.collect::<crate::catalog::SqlResult<_>>()? })
    }
}

#[cfg(test)]
mod tests {
    use super::contains_pattern;

    #[test]
    fn patterns_take_wildcards_literally() {
        assert_eq!(contains_pattern("Ab_1%"), "%ab\\_1\\%%");
        assert_eq!(contains_pattern("社保"), "%社保%");
    }
}
