//! Copy policy and checks (备份状态): sealed registrations held on fewer distinct copy
//! sets than required, and media whose last verification (or registration, if never
//! verified) is older than their kind's check cycle.

use chrono::{DateTime, Months, Utc};
use serde::Serialize;

use super::{MediumKind, RetireReason};
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::ids::RegistrationId;
use crate::stamp::Stamp;

pub(crate) const KINDS: [MediumKind; 5] = MediumKind::ALL;

impl MediumKind {
    /// Months between checks unless an admin set otherwise.
    pub fn default_check_months(self) -> u32 {
        match self {
            MediumKind::Optical => 48,
            MediumKind::Tape => 24,
            MediumKind::Hdd | MediumKind::Ssd | MediumKind::Usb => 12,
        }
    }
}

/// A sealed registration on too few copy sets.
#[derive(Debug, Clone, Serialize)]
pub struct UnderCopied {
    pub registration: RegistrationId,
    pub registration_number: String,
    pub unit: String,
    /// The distinct sets it is on, sorted.
    pub sets: Vec<String>,
}

/// A medium whose check is due.
#[derive(Debug, Clone, Serialize)]
pub struct CheckDue {
    pub label: String,
    pub set: String,
    pub kind: MediumKind,
    /// Last verification, or registration if never verified.
    pub last_check: DateTime<Utc>,
    pub verified: bool,
    pub due: DateTime<Utc>,
}

/// A medium whose copies do not count toward the copy policy: retired, or its last
/// verification found problems that no repair has cleared.
#[derive(Debug, Clone, Serialize)]
pub struct NotCounted {
    pub label: String,
    pub set: String,
    /// Registrations it holds.
    pub registrations: i64,
    pub retired: Option<RetireReason>,
    /// When the failing verification ran (for a medium in service).
    pub failed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BackupStatus {
    pub at: DateTime<Utc>,
    pub copy_sets_required: u32,
    /// Months between checks, per kind.
    pub check_cycles: Vec<(MediumKind, u32)>,
    pub under_copied: Vec<UnderCopied>,
    pub checks_due: Vec<CheckDue>,
    pub not_counted: Vec<NotCounted>,
}

pub(crate) fn check_copy_sets(sets: u32) -> Result<()> {
    if !(1..=9).contains(&sets) {
        return Err(Error::BadSetting(format!("要求的备份套数应为 1 到 9，而不是 {sets}")));
    }
    Ok(())
}

pub(crate) const DEFAULT_MIN_SAMPLE: u8 = 10;

pub(crate) fn check_min_sample(percent: u8) -> Result<()> {
    if !(1..=100).contains(&percent) {
        return Err(Error::BadSetting(format!("最低抽查比例应为 1% 到 100%，而不是 {percent}%")));
    }
    Ok(())
}

pub(crate) fn check_cycle(months: u32) -> Result<()> {
    if !(1..=240).contains(&months) {
        return Err(Error::BadSetting(format!("核验周期应为 1 到 240 个月，而不是 {months}")));
    }
    Ok(())
}

impl Archive {
    pub fn copy_sets_required(&self) -> Result<u32> {
        Ok(self.setting("copy_sets_required")?.and_then(|v| v.parse().ok()).unwrap_or(2))
    }

    /// Admin only (like every setting).
    pub fn set_copy_sets_required(&mut self, sets: u32, stamp: &Stamp) -> Result<()> {
        check_copy_sets(sets)?;
        self.put_setting("copy_sets_required", &sets.to_string(), stamp)
    }

    /// The smallest share of a medium's bags a sampled check may read (default 10%).
    pub fn min_sample_percent(&self) -> Result<u8> {
        Ok(self.setting("min_sample_percent")?.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_MIN_SAMPLE))
    }

    /// Admin only (like every setting).
    pub fn set_min_sample_percent(&mut self, percent: u8, stamp: &Stamp) -> Result<()> {
        check_min_sample(percent)?;
        self.put_setting("min_sample_percent", &percent.to_string(), stamp)
    }

    pub fn check_cycle_months(&self, kind: MediumKind) -> Result<u32> {
        let key = format!("check_cycle_months.{}", kind.as_str());
        Ok(self.setting(&key)?.and_then(|v| v.parse().ok()).unwrap_or_else(|| kind.default_check_months()))
    }

    /// Admin only (like every setting).
    pub fn set_check_cycle_months(&mut self, kind: MediumKind, months: u32, stamp: &Stamp) -> Result<()> {
        check_cycle(months)?;
        self.put_setting(&format!("check_cycle_months.{}", kind.as_str()), &months.to_string(), stamp)
    }

    /// What the copy policy and check cycles ask for, as of `at`.
    pub fn status(&self, at: DateTime<Utc>) -> Result<BackupStatus> {
        let required = self.copy_sets_required()?;
        let copies = super::store::copy_sets(self.conn())?;
        let mut under_copied = Vec::new();
        for super::store::Copies { registration, number, unit, sets } in copies {
            let sets: Vec<String> = sets.map(|s| s.split('\n').map(str::to_string).collect()).unwrap_or_default();
            if (sets.len() as u32) < required {
                under_copied.push(UnderCopied { registration, registration_number: number, unit, sets });
            }
        }
        let mut check_cycles = Vec::with_capacity(KINDS.len());
        for kind in KINDS {
            check_cycles.push((kind, self.check_cycle_months(kind)?));
        }
        let mut checks_due = Vec::new();
        let mut not_counted = Vec::new();
        for m in self.media()? {
            let failed = m.last_result.as_deref() == Some("problems");
            if m.retired.is_some() || failed {
                not_counted.push(NotCounted {
                    label: m.label.clone(),
                    set: m.set.clone(),
                    registrations: m.registrations,
                    retired: m.retired.as_ref().map(|r| r.reason),
                    failed_at: m.last_verified_at.filter(|_| failed && m.retired.is_none()),
                });
            }
            if m.retired.is_some() {
                continue;
            }
            let (last, verified) = match &m.last_verified_at {
                Some(v) => (*v, true),
                None => (m.created_at, false),
            };
            let months = check_cycles.iter().find(|(k, _)| *k == m.kind).map(|(_, n)| *n).unwrap_or(12);
            let due = last.checked_add_months(Months::new(months)).unwrap_or(last);
            if due <= at {
                checks_due.push(CheckDue { label: m.label, set: m.set, kind: m.kind, last_check: last, verified, due });
            }
        }
        Ok(BackupStatus { at, copy_sets_required: required, check_cycles, under_copied, checks_due, not_counted })
    }
}
