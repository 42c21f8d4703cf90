//! The archive itself: what the first-run and login screens show, region and ledger checks.

use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct ArchiveInfo {
    pub initialized: bool,
    pub data_dir: String,
    pub archive_name: Option<String>,
    pub region_code: Option<String>,
    pub region_name: Option<String>,
    pub has_accounts: bool,
    // The training archive: every screen shows a 演示数据 banner.
    pub demo: bool,
    // A centre archive's PostgreSQL database, e.g. "postgresql://dengji@db/archive";
    // null when the catalog is the data directory's SQLite file.
    pub catalog: Option<String>,
    // A centre archive's bucket, e.g. "s3://dengji/hangzhou（https://oss.example.gov.cn）";
    // null when the vault is the data directory's folder.
    pub vault: Option<String>,
}

impl ArchiveInfo {
    /// A data dir with no archive yet: the UI shows its first-run screen.
    pub fn uninitialised(dir: &std::path::Path) -> Self {
        ArchiveInfo {
            initialized: false,
            data_dir: dir.display().to_string(),
            archive_name: None,
            region_code: None,
            region_name: None,
            has_accounts: false,
            demo: false,
            catalog: None,
            vault: None,
        }
    }
}

impl From<core::ArchiveInfo> for ArchiveInfo {
    fn from(i: core::ArchiveInfo) -> Self {
        ArchiveInfo {
            initialized: true,
            data_dir: i.data_dir.display().to_string(),
            archive_name: Some(i.name),
            region_code: Some(i.region_code),
            region_name: i.region_name,
            has_accounts: i.has_accounts,
            demo: i.demo,
            catalog: match i.catalog {
                core::CatalogLocation::Embedded => None,
                core::CatalogLocation::Postgres { url } => Some(url),
            },
            vault: match i.vault {
                core::VaultLocation::Local => None,
                core::VaultLocation::S3(s3) => Some(format!("{}（{}）", s3.url(), s3.endpoint)),
            },
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct RegionCheck {
    pub valid: bool,
    // Full name from the province down, e.g. 浙江省 杭州市 上城区.
    pub name: Option<String>,
    pub message: Option<String>,
}

impl RegionCheck {
    pub fn of(code: &str) -> Self {
        let code = code.trim();
        match core::region::full_name(code) {
            Some(name) => RegionCheck { valid: true, name: Some(name), message: None },
            None if code.is_empty() => RegionCheck {
                valid: false,
                name: None,
                message: Some("请输入 6 位行政区划代码（GB/T 2260，例如 330102 上城区）。".to_string()),
            },
            None => RegionCheck { valid: false, name: None, message: Some(core::Error::BadRegion(code.to_string()).to_string()) },
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct LedgerReport {
    pub ok: bool,
    pub entries: i64,
    // Chinese summary; when not ok it names the first problem.
    pub message: String,
}

impl From<core::LedgerReport> for LedgerReport {
    fn from(r: core::LedgerReport) -> Self {
        let message = match r.problems.first() {
            None => format!("台账完整：共 {} 条记录，哈希链完好，与目录一致。", r.entries),
            Some(p) => {
                let at = match p.seq {
                    Some(seq) => format!("第 {seq} 条记录（{}）", p.subject),
                    None => p.subject.clone(),
                };
                format!("台账校验发现 {} 处问题（共 {} 条记录）。第一处：{at}：{}", r.problems.len(), r.entries, p.message)
            }
        };
        LedgerReport { ok: r.ok(), entries: r.entries, message }
    }
}
