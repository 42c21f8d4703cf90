// Report packages (上报 / 接收) and lower archives as the 上下级报送 screen shows them.

use chrono::{DateTime, Utc};
use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct ReportExportRequest {
    pub job_id: String,
    // The folder (a drive) the package folder is written under.
    pub to: String,
    pub catalog_only: bool,
    // The upper archive's name, when more than one is registered.
    pub upper: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct ReportExported {
    pub path: String,
    pub to: String,
    pub number: i64,
    pub ledger_from: i64,
    pub ledger_size: i64,
    pub catalog_only: bool,
    pub objects: u64,
    pub bytes: u64,
    pub objects_kept: u64,
    pub forwarded: Vec<String>,
    pub cancelled: bool,
}

impl From<core::ReportExported> for ReportExported {
    fn from(r: core::ReportExported) -> Self {
        ReportExported {
            path: r.path.display().to_string(),
            to: r.to,
            number: r.number,
            ledger_from: r.ledger_from,
            ledger_size: r.checkpoint.size,
            catalog_only: r.catalog_only,
            objects: r.objects,
            bytes: r.bytes,
            objects_kept: r.objects_kept,
            forwarded: r.forwarded,
            cancelled: r.cancelled,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct ForwardedReport {
    pub from: String,
    pub number: i64,
    pub registrations: i64,
    pub objects: u64,
    // Taken in before: forwarded again, nothing new.
    pub known: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct ReportImported {
    pub from: String,
    pub number: i64,
    pub ledger_from: i64,
    pub ledger_size: i64,
    pub registrations: i64,
    pub objects: u64,
    pub objects_held: u64,
    pub bytes: u64,
    pub receipt_path: String,
    pub forwarded: Vec<ForwardedReport>,
}

impl From<core::ReportImported> for ReportImported {
    fn from(r: core::ReportImported) -> Self {
        ReportImported {
            from: r.from,
            number: r.number,
            ledger_from: r.ledger_from,
            ledger_size: r.checkpoint.size,
            registrations: r.registrations,
            objects: r.objects,
            objects_held: r.objects_held,
            bytes: r.bytes,
            receipt_path: r.receipt_path.display().to_string(),
            forwarded: r
                .forwarded
                .into_iter()
                .map(|f| ForwardedReport {
                    from: f.from,
                    number: f.number,
                    registrations: f.registrations,
                    objects: f.objects,
                    known: f.known,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Witness {
    pub archive: String,
    pub number: i64,
    pub ledger_size: i64,
    pub ledger_head: String,
    pub received_at: DateTime<Utc>,
}

impl From<core::Witness> for Witness {
    fn from(w: core::Witness) -> Self {
        Witness {
            archive: w.archive,
            number: w.number,
            ledger_size: w.checkpoint.size,
            ledger_head: w.checkpoint.head.to_hex(),
            received_at: w.received_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct ReportAcked {
    pub to: String,
    pub number: i64,
    pub witnessed: Witness,
}

impl From<core::ReportAcked> for ReportAcked {
    fn from(r: core::ReportAcked) -> Self {
        ReportAcked { to: r.to, number: r.number, witnessed: r.witnessed.into() }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct SentReport {
    pub to: String,
    pub number: i64,
    pub ledger_from: i64,
    pub ledger_size: i64,
    pub catalog_only: bool,
    pub objects: i64,
    pub bytes: i64,
    pub exported_at: DateTime<Utc>,
    pub exported_by: String,
    pub acked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct LowerArchive {
    pub name: String,
    pub region_code: String,
    // The lower archive whose packages carried its reports (a county at the province).
    pub via: Option<String>,
    pub reports: usize,
    pub last_number: Option<i64>,
    pub last_received_at: Option<DateTime<Utc>>,
    pub ledger_size: Option<i64>,
    pub ledger_head: Option<String>,
    pub registrations: Option<i64>,
}

impl From<core::LowerArchive> for LowerArchive {
    fn from(l: core::LowerArchive) -> Self {
        LowerArchive {
            name: l.peer.name,
            region_code: l.peer.region_code,
            via: l.via,
            reports: l.reports,
            last_number: l.last.as_ref().map(|r| r.number),
            last_received_at: l.last.as_ref().map(|r| r.received_at),
            ledger_size: l.last.as_ref().map(|r| r.checkpoint.size),
            ledger_head: l.last.as_ref().map(|r| r.checkpoint.head.to_hex()),
            registrations: l.last.as_ref().map(|r| r.registrations),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct RefusedFork {
    pub from: String,
    pub number: i64,
    pub ledger_size: i64,
    pub held_head: String,
    pub package_head: String,
    pub at: DateTime<Utc>,
    pub by: String,
}

impl From<core::RefusedFork> for RefusedFork {
    fn from(f: core::RefusedFork) -> Self {
        RefusedFork {
            from: f.from,
            number: f.number,
            ledger_size: f.ledger_size,
            held_head: f.held_head,
            package_head: f.package_head,
            at: f.at,
            by: f.by,
        }
    }
}

// Everything the 上下级报送 screen shows.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct ReportsOverview {
    pub uppers: Vec<String>,
    pub sent: Vec<SentReport>,
    pub witnessed: Option<Witness>,
    pub lower: Vec<LowerArchive>,
    pub refused: Vec<RefusedFork>,
}

impl ReportsOverview {
    pub fn of(a: &core::Archive) -> core::Result<ReportsOverview> {
        let peers = a.peers()?;
        let name = |id: core::PeerId| peers.iter().find(|p| p.id == id).map(|p| p.name.clone()).unwrap_or_default();
        Ok(ReportsOverview {
            uppers: peers.iter().filter(|p| p.relation == core::Relation::Upper).map(|p| p.name.clone()).collect(),
            sent: a
                .sent_reports()?
                .into_iter()
                .rev()
                .map(|r| SentReport {
                    to: name(r.peer_id),
                    number: r.number,
                    ledger_from: r.ledger_from,
                    ledger_size: r.checkpoint.size,
                    catalog_only: r.catalog_only,
                    objects: r.objects,
                    bytes: r.bytes,
                    exported_at: r.exported_at,
                    exported_by: r.exported_by,
                    acked_at: r.acked_at,
                })
                .collect(),
            witnessed: a.witnessed()?.map(Into::into),
            lower: a.lower_archives()?.into_iter().map(Into::into).collect(),
            refused: a.refused_forks()?.into_iter().map(Into::into).collect(),
        })
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct RecoveryMedium {
    pub path: String,
    pub archive: String,
    pub number: i64,
    pub ledger_size: i64,
    pub registrations: usize,
    pub files: u64,
    pub bytes: u64,
    // Registrations whose files were reported catalog-only: not on the medium.
    pub missing: Vec<String>,
    pub receipt: Option<String>,
    pub cancelled: bool,
}

impl From<core::RecoveryMedium> for RecoveryMedium {
    fn from(r: core::RecoveryMedium) -> Self {
        RecoveryMedium {
            path: r.path.display().to_string(),
            archive: r.archive,
            number: r.number,
            ledger_size: r.checkpoint.size,
            registrations: r.registrations,
            files: r.files,
            bytes: r.bytes,
            missing: r.missing,
            receipt: r.receipt.map(|p| p.display().to_string()),
            cancelled: r.cancelled,
        }
    }
}

/// A lower archive's registration as its newest reported copy holds it: the registration
/// page's detail, read from the copy, with whose it is.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct LowerRegistration {
    pub archive: String,
    pub region_code: String,
    // The report that brought the copy, and when it was taken in.
    pub report: i64,
    pub received_at: DateTime<Utc>,
    pub detail: super::RegistrationDetail,
}

impl LowerRegistration {
    pub fn load(archive: &core::Archive, number: &str) -> core::Result<Self> {
        let Some((lower, copy)) = archive.lower_holding(number)? else {
            return Err(core::Error::RegistrationNotFound(number.trim().to_string()));
        };
        let reg = copy.find_registration(number)?;
        let report = lower.last.expect("a lower archive holding a registration has reported");
        Ok(LowerRegistration {
            archive: lower.peer.name,
            region_code: lower.peer.region_code,
            report: report.number,
            received_at: report.received_at,
            detail: super::RegistrationDetail::load(&copy, reg.id.0)?,
        })
    }
}
