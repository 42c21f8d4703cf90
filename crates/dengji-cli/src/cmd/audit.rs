//! `dengji audit`: who did what, when, from the ledger.

use std::process::ExitCode;

use chrono::{DateTime, Utc};
use dengji_core::{archive_offset, AuditFilter};

use super::Ctx;
use crate::args::AuditArgs;
use crate::error::{CliError, Result};
use crate::output;

/// A `--since`/`--until` value as the ledger's RFC 3339 UTC bound. A bare day is a day in
/// China time; as `--until` it includes that whole day (the bound is the next midnight).
pub fn bound(text: &str, until: bool) -> Result<DateTime<Utc>> {
    let t = text.trim();
    let bad = || CliError::BadDate(t.to_string());
    if let Ok(day) = dengji_core::parse_date(t) {
        let day = if until { day.succ_opt().ok_or_else(bad)? } else { day };
        let midnight = day.and_hms_opt(0, 0, 0).ok_or_else(bad)?.and_local_timezone(archive_offset()).single().ok_or_else(bad)?;
        return Ok(midnight.with_timezone(&Utc));
    }
    dengji_core::parse_time(t).map_err(|_| bad())
}

pub fn run(ctx: &Ctx, a: AuditArgs) -> Result<ExitCode> {
    let (archive, actor) = ctx.login()?;
    let filter = AuditFilter {
        operator: a.operator.map(|o| o.trim().to_string()),
        action: a.action.map(|o| o.trim().to_string()),
        subject: a.subject.map(|o| o.trim().to_string()),
        unit: a.unit.as_deref().map(|u| archive.find_unit(u).map(|u| u.id)).transpose()?,
        since: a.since.as_deref().map(|s| bound(s, false)).transpose()?,
        until: a.until.as_deref().map(|s| bound(s, true)).transpose()?,
        limit: a.limit,
    };
    let entries = if a.access { archive.access_log(&filter, &super::stamp(&actor))? } else { archive.audit(&filter)? };
    if a.json {
        output::json(&entries);
    } else {
        for e in &entries {
            println!("{}\t{}\t{}\t{}\t{}", e.seq, dengji_core::local_text(&e.at), e.operator, e.action, e.subject);
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::bound;

    #[test]
    fn days_are_china_time() {
        assert_eq!(dengji_core::format_time(bound("2026-11-25", false).unwrap()), "2026-11-24T16:00:00Z");
        assert_eq!(dengji_core::format_time(bound("2026-11-25", true).unwrap()), "2026-11-25T16:00:00Z");
        assert_eq!(dengji_core::format_time(bound(" 2026-12-31 ", true).unwrap()), "2026-12-31T16:00:00Z");
        assert_eq!(dengji_core::format_time(bound("2026-11-25T08:30:00+08:00", false).unwrap()), "2026-11-25T00:30:00Z");
        assert_eq!(dengji_core::format_time(bound("2026-11-25T08:30:00Z", true).unwrap()), "2026-11-25T08:30:00Z");
        for bad in ["2026-13-01", "25.11.2026", "", "2026-11-25 08:00"] {
            assert!(bound(bad, false).is_err(), "{bad}");
        }
    }
}
