//! Settings export and import (设置导出/导入): what a second workstation of the same
//! centre should share with the first — archive name and region, policies, the domain
//! list — as one JSON file an IT person carries over on a USB stick. Accounts, units and
//! registrations never travel this way.
use chrono::{DateTime, Utc};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::accounts::{check_idle_lock, Role};
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::media::status::{check_copy_sets, check_cycle, check_min_sample, KINDS};
use crate::media::MediumKind;
use crate::region;
use crate::stamp::Stamp;

const FORMAT: &str = "dengji-settings";
/// 2 added `min_sample_percent`, 3 `approval_valid_days`; earlier files are still read.
const VERSION: u32 = 3;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsFile {
    pub format: String,
    pub version: u32,
    pub archive_name: String,
    pub region_code: String,
    pub four_eyes: bool,
    pub idle_lock_minutes: u32,
    pub copy_sets_required: u32,
    /// Medium kind (`hdd`, `ssd`, `usb`, `optical`, `tape`) → months between checks.
    pub check_cycle_months: BTreeMap<String, u32>,
    /// Absent in files of version 1 (the setting is then left as it is).
    #[serde(default)]
    pub min_sample_percent: Option<u8>,
    /// Absent before version 3 (the setting is then left as it is).
    #[serde(default)]
    pub approval_valid_days: Option<u32>,
    /// In the order the lists show them.
    pub domains: Vec<String>,
    /// None only in the settings the first-run wizard fills in (never exported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exported_at: Option<DateTime<Utc>>,
    /// Instance id of the workstation it came from.
    pub exported_from: String,
}

/// What an import did, in words a clerk reads.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SettingsImport {
    /// Settings changed, e.g. "备份套数：2 → 3".
    pub changed: Vec<String>,
    pub domains_added: Vec<String>,
    /// Settings left as they were, with the reason.
    pub kept: Vec<String>,
}

impl SettingsFile {
    /// Reads an exported file; refuses anything else before a setting is touched.
    pub fn parse(bytes: &[u8]) -> Result<SettingsFile> {
        let bad = |why: String| Error::BadSettingsFile(why);
        let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| bad(format!("不是 JSON 文件（{e}）")))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(bad("不是 Dengji 导出的设置文件".into()));
        }
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(v) if (1..=u64::from(VERSION)).contains(&v) => {}
            Some(v) if v > u64::from(VERSION) => return Err(bad(format!("由更新版本的 Dengji 导出（格式版本 {v}），请先升级本程序"))),
            _ => return Err(bad("格式版本缺失或无效".into())),
        }
        let file: SettingsFile = serde_json::from_value(value).map_err(|e| bad(format!("内容不完整或有误（{e}）")))?;
        file.validate()?;
        Ok(file)
    }

    /// Every value checked as the setters would, so a bad file changes nothing.
    fn validate(&self) -> Result<()> {
        if self.archive_name.trim().is_empty() {
            return Err(Error::Empty { what: "档案馆名称" });
        }
        if region::lookup(self.region_code.trim()).is_none() {
            return Err(Error::BadRegion(self.region_code.clone()));
        }
        check_idle_lock(self.idle_lock_minutes)?;
        check_copy_sets(self.copy_sets_required)?;
        if let Some(p) = self.min_sample_percent {
            check_min_sample(p)?;
        }
        if let Some(d) = self.approval_valid_days {
            crate::applications::check_approval_days(d)?;
        }
        for (kind, months) in &self.check_cycle_months {
            kind.parse::<MediumKind>()?;
            check_cycle(*months)?;
        }
        if self.domains.iter().any(|d| d.trim().is_empty()) {
            return Err(Error::Empty { what: "领域名称" });
        }
        Ok(())
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("settings serialise");
        text.push('\n');
        text
    }
}

impl Archive {
    /// This workstation's settings as a file for another one (admin only).
    pub fn export_settings(&self, stamp: &Stamp) -> Result<SettingsFile> {
        self.authorize(stamp, &[Role::Admin], "导出系统设置")?;
        let info = self.info()?;
        let mut cycles = BTreeMap::new();
        for kind in KINDS {
            cycles.insert(kind.as_str().to_string(), self.check_cycle_months(kind)?);
        }
        Ok(SettingsFile {
            format: FORMAT.into(),
            version: VERSION,
            archive_name: info.name,
            region_code: info.region_code,
            four_eyes: self.four_eyes()?,
            idle_lock_minutes: self.idle_lock_minutes()?,
            copy_sets_required: self.copy_sets_required()?,
            check_cycle_months: cycles,
            min_sample_percent: Some(self.min_sample_percent()?),
            approval_valid_days: Some(self.approval_valid_days()?),
            domains: self.domains()?,
            exported_at: Some(stamp.at),
            exported_from: info.instance_id,
        })
    }

    /// Applies an exported file (admin only): each changed setting through its setter,
    /// so each is a ledger entry; domains missing here are added. The archive's name and
    /// region only change while nothing is sealed: registration numbers carry the region.
    pub fn import_settings(&mut self, file: &SettingsFile, stamp: &Stamp) -> Result<SettingsImport> {
        self.authorize(stamp, &[Role::Admin], "导入系统设置")?;
        file.validate()?;
        let mut out = SettingsImport::default();
        let info = self.info()?;
        let (name, region) = (file.archive_name.trim(), file.region_code.trim());
        if name != info.name || region != info.region_code {
            if self.sealed_count()? > 0 {
                out.kept.push(format!(
                    "档案馆名称与行政区划（{} {}）：本机已有封存登记，登记号含行政区划代码，故未更改",
                    info.name, info.region_code
                ));
            } else {
                self.rename_archive(name, region, stamp)?;
                out.changed.push(format!("档案馆：{} {} → {name} {region}", info.name, info.region_code));
            }
        }
        let four_eyes = self.four_eyes()?;
        if four_eyes != file.four_eyes {
            self.set_four_eyes(file.four_eyes, stamp)?;
            let word = |on: bool| if on { "开启" } else { "关闭" };
            out.changed.push(format!("双人封存：{} → {}", word(four_eyes), word(file.four_eyes)));
        }
        let idle = self.idle_lock_minutes()?;
        if idle != file.idle_lock_minutes {
            self.set_idle_lock_minutes(file.idle_lock_minutes, stamp)?;
            out.changed.push(format!("空闲锁定：{idle} → {} 分钟", file.idle_lock_minutes));
        }
        let sets = self.copy_sets_required()?;
        if sets != file.copy_sets_required {
            self.set_copy_sets_required(file.copy_sets_required, stamp)?;
            out.changed.push(format!("备份套数：{sets} → {}", file.copy_sets_required));
        }
        for (kind, months) in &file.check_cycle_months {
            let kind: MediumKind = kind.parse()?;
            let now = self.check_cycle_months(kind)?;
            if now != *months {
                self.set_check_cycle_months(kind, *months, stamp)?;
                out.changed.push(format!("{}核验周期：{now} → {months} 个月", kind.label_zh()));
            }
        }
        if let Some(p) = file.min_sample_percent {
            let now = self.min_sample_percent()?;
            if now != p {
                self.set_min_sample_percent(p, stamp)?;
                out.changed.push(format!("最低抽查比例：{now}% → {p}%"));
            }
        }
        if let Some(d) = file.approval_valid_days {
            let now = self.approval_valid_days()?;
            if now != d {
                self.set_approval_valid_days(d, stamp)?;
                out.changed.push(format!("批准有效期：{now} → {d} 天"));
            }
        }
        for domain in &file.domains {
            if self.add_domain(domain, stamp)? {
                out.domains_added.push(domain.trim().to_string());
            }
        }
        Ok(out)
    }
}
