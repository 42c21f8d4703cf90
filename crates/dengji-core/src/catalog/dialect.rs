//! The few expressions SQLite and PostgreSQL spell differently, for the statements that
//! need them; everything else is written once in the SQL both share.

use super::Conn;

/// How much of a China-time date to keep.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Part {
    /// `YYYY`
    Year,
    /// `YYYY-MM`
    Month,
}

impl Conn {
    /// The year or month, in China time (UTC+8), of the RFC 3339 UTC text `expr`.
    pub(crate) fn china_date(&self, expr: &str, part: Part) -> String {
        match (self.is_postgres(), part) {
            (false, Part::Year) => format!("strftime('%Y', {expr}, '+8 hours')"),
            (false, Part::Month) => format!("strftime('%Y-%m', {expr}, '+8 hours')"),
            (true, Part::Year) => format!("to_char(CAST({expr} AS TIMESTAMPTZ) AT TIME ZONE 'UTC' + INTERVAL '8 hours', 'YYYY')"),
            (true, Part::Month) => format!("to_char(CAST({expr} AS TIMESTAMPTZ) AT TIME ZONE 'UTC' + INTERVAL '8 hours', 'YYYY-MM')"),
        }
    }

    /// True when the RFC 3339 time `expr` plus `days` (an integer expression) is after `than`.
    pub(crate) fn days_after(&self, expr: &str, days: &str, than: &str) -> String {
        if self.is_postgres() {
            // Parameters are cast to text and integer first, so the server does not take
            // them for timestamps (which the port cannot bind).
            format!(
                "CAST({expr} AS TIMESTAMPTZ) + make_interval(days => CAST({days} AS INTEGER)) > CAST(CAST({than} AS TEXT) AS TIMESTAMPTZ)"
            )
        } else {
            format!("julianday({expr}) + {days} > julianday({than})")
        }
    }

    /// The values of `expr` in a group joined by `sep` (a SQL string literal).
    pub(crate) fn group_concat(&self, expr: &str, sep: &str) -> String {
        if self.is_postgres() {
            format!("string_agg({expr}, {sep})")
        } else {
            format!("GROUP_CONCAT({expr}, {sep})")
        }
    }
}
