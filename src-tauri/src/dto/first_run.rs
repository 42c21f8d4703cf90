//! The first-run wizard and the settings file: policies chosen (or read from a file made by
//! `dengji settings export`), the demo archive's accounts, and a rebuild's result.

use std::collections::BTreeMap;

use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ArchiveInfo;

// Tag and version of core's settings file, for the policies the wizard builds itself.
const SETTINGS_FORMAT: &str = "dengji-settings";
const SETTINGS_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Policies {
    pub four_eyes: bool,
    pub idle_lock_minutes: u32,
    pub copy_sets_required: u32,
    // Medium kind (hdd, ssd, usb, optical, tape) → months between checks.
    #[ts(type = "Record<string, number>")]
    pub check_cycle_months: BTreeMap<String, u32>,
    pub domains: Vec<String>,
}

impl Policies {
    /// A settings file for a new archive, checked as an imported file would be (so a bad
    /// value is refused before the archive is created).
    pub fn into_file(self, archive_name: &str, region_code: &str) -> core::Result<core::SettingsFile> {
        let file = core::SettingsFile {
            format: SETTINGS_FORMAT.into(),
            version: SETTINGS_VERSION,
            archive_name: archive_name.trim().into(),
            region_code: region_code.trim().into(),
            four_eyes: self.four_eyes,
            idle_lock_minutes: self.idle_lock_minutes,
            copy_sets_required: self.copy_sets_required,
            check_cycle_months: self.check_cycle_months,
            // The wizard leaves it at the default; 系统设置 changes it.
            min_sample_percent: None,
            approval_valid_days: None,
            domains: self.domains,
            exported_at: None,
            exported_from: String::new(),
        };
        core::SettingsFile::parse(file.to_json().as_bytes())
    }
}

// A settings file as the wizard prefills its fields from it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct SettingsPreview {
    pub archive_name: String,
    pub region_code: String,
    pub policies: Policies,
}

impl From<core::SettingsFile> for SettingsPreview {
    fn from(f: core::SettingsFile) -> Self {
        SettingsPreview {
            archive_name: f.archive_name,
            region_code: f.region_code,
            policies: Policies {
                four_eyes: f.four_eyes,
                idle_lock_minutes: f.idle_lock_minutes,
                copy_sets_required: f.copy_sets_required,
                check_cycle_months: f.check_cycle_months,
                domains: f.domains,
            },
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct SettingsImport {
    // Chinese lines, e.g. "备份套数：2 → 3".
    pub changed: Vec<String>,
    pub domains_added: Vec<String>,
    pub kept: Vec<String>,
}

impl From<core::SettingsImport> for SettingsImport {
    fn from(i: core::SettingsImport) -> Self {
        SettingsImport { changed: i.changed, domains_added: i.domains_added, kept: i.kept }
    }
}

// The training archive, with the accounts a trainer hands out (all share one password).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct DemoArchive {
    pub info: ArchiveInfo,
    pub accounts: Vec<String>,
    pub password: String,
}

impl DemoArchive {
    pub fn new(info: ArchiveInfo) -> Self {
        let accounts = core::demo::DEMO_ACCOUNTS.iter().map(|(name, _)| name.to_string()).collect();
        DemoArchive { info, accounts, password: core::demo::DEMO_PASSWORD.into() }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct RecoverOutcome {
    pub media: Vec<String>,
    pub registrations: u32,
    pub complete: u32,
    // One Chinese line per registration still missing files.
    pub missing: Vec<String>,
    pub drafts_dropped: Vec<String>,
    pub files_copied: u64,
    pub bytes_copied: u64,
    pub cancelled: bool,
}

impl From<core::RecoverReport> for RecoverOutcome {
    fn from(r: core::RecoverReport) -> Self {
        let missing = r
            .missing
            .iter()
            .map(|m| format!("{}（{}）{} 个文件中缺 {} 个", m.registration_number, m.unit, m.files, m.files_missing))
            .collect();
        RecoverOutcome {
            media: r.media,
            registrations: r.registrations as u32,
            complete: r.complete.len() as u32,
            missing,
            drafts_dropped: r.drafts_dropped,
            files_copied: r.files_copied,
            bytes_copied: r.bytes_copied,
            cancelled: r.cancelled,
        }
    }
}
