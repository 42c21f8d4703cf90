//! Certificate numbers: `<region>-<year>-Z<seq:06>`, e.g. `330102-2026-Z000001`. The
//! region is the archive's GB/T 2260 code, the year is the year of issue in China time,
//! the sequence restarts each year. The `Z` (证) keeps them apart from registration
//! numbers (`330102-2026-000001`), which a clerk reads out in the same breath.

use crate::catalog::Conn;
use chrono::{DateTime, Datelike, Utc};

use crate::error::Result;

pub(super) struct Assigned {
    pub year: i32,
    pub seq: i64,
    pub number: String,
}

pub(super) fn format(region: &str, year: i32, seq: i64) -> String {
    format!("{region}-{year}-Z{seq:06}")
}

/// The next free number; call inside the IMMEDIATE transaction that inserts it.
pub(super) fn next(conn: &Conn, region: &str, at: DateTime<Utc>) -> Result<Assigned> {
    let year = crate::stamp::local_date(at).year();
    let seq = super::store::last_seq(conn, year)? + 1;
    Ok(Assigned { year, seq, number: format(region, year, seq) })
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_differ_from_registration_numbers() {
        assert_eq!(super::format("330102", 2026, 1), "330102-2026-Z000001");
        assert_eq!(super::format("330102", 2026, 1234567), "330102-2026-Z1234567");
    }
}
