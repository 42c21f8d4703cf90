//! The four-property check (四性检测, DA/T 70-2018) of a draft or sealed registration:
//! authenticity (真实性), integrity (完整性), usability (可用性) and security (安全性),
//! with the DA/T 31-2017 rules for paper scans. Each item's vault object is read once
//! (`pass.rs`): re-hashed against the catalog and inspected (`inspect.rs`,
//! `containers.rs`, `images.rs`); the rules of each property (`authenticity.rs` …
//! `security.rs`) turn what was found into findings, each naming its item and rule;
//! ClamAV scans the objects when installed (`clamav.rs`). A summary of every completed
//! check is kept with the registration (`checks` table) and in the ledger.
use chrono::{DateTime, Utc};

mod authenticity;
mod clamav;
mod containers;
mod gate;
mod images;
mod inspect;
mod integrity;
mod pass;
mod security;
mod store;
mod usability;

use serde::{Deserialize, Serialize};

use crate::accounts::Role;
use crate::archive::Archive;
use crate::error::Result;
use crate::ids::RegistrationId;
use crate::ledger;
use crate::progress::{CancelToken, NoProgress, Progress};
use crate::registrations::RecordKind;
use crate::stamp::Stamp;

pub use clamav::{Infection, VirusScan};
pub use gate::{AcceptScope, CheckAcceptance, CheckError, SealCheck};
pub use images::{ColourMode, Dpi, ImageInfo};
use pass::Read;
pub use usability::ACCEPTED_FORMATS;

/// Files up to this size are kept whole in memory during intake and inspected; larger
/// ones by their first `KEEP_HEAD` bytes (the 四性检测 itself inspects up to 256 MiB).
pub(crate) const KEEP_WHOLE: u64 = 64 << 20;
pub(crate) const KEEP_HEAD: usize = 1 << 20;

/// The facts of a file's content as intake keeps them with its item (`items.inspection`):
/// `bytes` is the whole content when `whole`, else its first bytes.
pub(crate) fn intake_facts(format: &str, bytes: &[u8], whole: bool) -> Option<String> {
    serde_json::to_string(&inspect::inspect(format, bytes, whole)).ok()
}

/// Where a check gets each item's facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// Every object read again from the vault: re-hashed and inspected (a clerk's or
    /// reviewer's 四性检测), and scanned by ClamAV when installed.
    Vault,
    /// The facts intake kept in its read pass; only items without them are read.
    Intake,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/", rename = "CheckProperty"))]
pub enum Property {
    Authenticity,
    Integrity,
    Usability,
    Security,
}

impl Property {
    pub const ALL: [Property; 4] = [Property::Authenticity, Property::Integrity, Property::Usability, Property::Security];

    pub fn label_zh(self) -> &'static str {
        match self {
            Property::Authenticity => "真实性",
            Property::Integrity => "完整性",
            Property::Usability => "可用性",
            Property::Security => "安全性",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/", rename = "CheckSeverity"))]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn label_zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

/// One thing the check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/"))]
pub struct CheckFinding {
    /// The item's path; None for a finding about the whole registration.
    pub item: Option<String>,
    pub property: Property,
    /// Stable code, `<property>.<rule>`, e.g. `integrity.empty_file`.
    pub rule: &'static str,
    pub severity: Severity,
    /// What was found, in Chinese, and what to do.
    pub message: String,
}

impl CheckFinding {
    fn new(property: Property, rule: &'static str, severity: Severity, item: Option<&str>, message: String) -> CheckFinding {
        CheckFinding { item: item.map(str::to_string), property, rule, severity, message }
    }
}

/// A depositor's checksum list (SHA256SUMS, *.md5, manifest-*.txt …): part of the
/// package, but not a record that needs a title or an archival format.
fn is_checksum_file(item: &crate::registrations::Item) -> bool {
    crate::intake::checksums::algorithm_of(item.path.rsplit('/').next().unwrap_or_default()).is_some()
}

/// Findings of one property by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/", rename = "CheckCounts"))]
pub struct Counts {
    pub error: u32,
    pub warning: u32,
    pub info: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/"))]
pub struct CheckSummary {
    pub authenticity: Counts,
    pub integrity: Counts,
    pub usability: Counts,
    pub security: Counts,
}

impl CheckSummary {
    fn of(findings: &[CheckFinding]) -> CheckSummary {
        let mut s = CheckSummary::default();
        for f in findings {
            let c = s.counts_mut(f.property);
            match f.severity {
                Severity::Error => c.error += 1,
                Severity::Warning => c.warning += 1,
                Severity::Info => c.info += 1,
            }
        }
        s
    }

    fn counts_mut(&mut self, p: Property) -> &mut Counts {
        match p {
            Property::Authenticity => &mut self.authenticity,
            Property::Integrity => &mut self.integrity,
            Property::Usability => &mut self.usability,
            Property::Security => &mut self.security,
        }
    }

    pub fn counts(&self, p: Property) -> Counts {
        match p {
            Property::Authenticity => self.authenticity,
            Property::Integrity => self.integrity,
            Property::Usability => self.usability,
            Property::Security => self.security,
        }
    }

    pub fn errors(&self) -> u32 {
        Property::ALL.iter().map(|p| self.counts(*p).error).sum()
    }

    pub fn warnings(&self) -> u32 {
        Property::ALL.iter().map(|p| self.counts(*p).warning).sum()
    }
}

/// The result of one check.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub registration: RegistrationId,
    /// Registration number, or `草稿 #id`.
    pub label: String,
    pub kind: RecordKind,
    pub at: DateTime<Utc>,
    pub operator: String,
    pub files: u64,
    pub bytes: u64,
    /// By property, then severity, then item.
    pub findings: Vec<CheckFinding>,
    /// Every image file with its size, resolution, colour mode and pages.
    pub images: Vec<ImageInfo>,
    pub summary: CheckSummary,
    pub virus_scan: VirusScan,
    /// Stopped before every file was read: the findings are incomplete and nothing was kept.
    pub cancelled: bool,
    /// The stored summary's id (`checks`); None when cancelled.
    pub record: Option<crate::ids::CheckId>,
}

impl CheckReport {
    /// Complete and without an error-severity finding.
    pub fn passed(&self) -> bool {
        !self.cancelled && self.summary.errors() == 0
    }
}

/// A completed check as kept with the registration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckRecord {
    pub id: crate::ids::CheckId,
    pub registration: RegistrationId,
    pub at: DateTime<Utc>,
    pub operator: String,
    pub files: u64,
    pub bytes: u64,
    pub summary: CheckSummary,
    pub virus_scan: VirusScan,
    pub passed: bool,
    /// Run by an intake on the facts of its read pass (no virus scan), not by a clerk.
    pub at_intake: bool,
}

impl Archive {
    /// The check report (四性检测报告) as a PDF.
    pub fn check_report(&self, report: &CheckReport) -> Result<Vec<u8>> {
        let unit = self.registration(report.registration)?.unit.name;
        crate::cert::render_check(report, &unit, &self.info()?.name, self.report_signature_note().as_deref())
    }

    /// Runs the four-property check on a draft or sealed registration and keeps its
    /// summary (unless cancelled). Clerks check before sealing, reviewers before and after.
    pub fn check(&mut self, id: RegistrationId, stamp: &Stamp, progress: &dyn Progress, cancel: &CancelToken) -> Result<CheckReport> {
        self.authorize(stamp, &[Role::Clerk, Role::Reviewer], "做四性检测")?;
        self.run_check(id, Source::Vault, true, stamp, progress, cancel)
    }

    /// The check that closes every intake (DA/T 70: checked at receipt): the
    /// registration's rules over its current content, and each item's rules on the facts
    /// intake found in its read pass, so nothing is read twice (items taken before intake
    /// kept facts are read). No virus scan (the 四性检测 does that). Kept like any check.
    pub fn check_content(&mut self, id: RegistrationId, stamp: &Stamp) -> Result<CheckReport> {
        self.authorize(stamp, &[Role::Clerk, Role::Reviewer], "做四性检测")?;
        self.check_at_intake(id, stamp)
    }

    pub(crate) fn check_at_intake(&mut self, id: RegistrationId, stamp: &Stamp) -> Result<CheckReport> {
        self.run_check(id, Source::Intake, true, stamp, &NoProgress, &CancelToken::new())
    }

    /// `keep`: record the summary (`checks`) and the ledger entry.
    fn run_check(
        &mut self,
        id: RegistrationId,
        source: Source,
        keep: bool,
        stamp: &Stamp,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<CheckReport> {
        let reg = self.registration(id)?;
        let items = self.items(id)?;
        let intake = self.findings(id)?;
        let mut findings = Vec::new();
        authenticity::package(&reg, &items, &intake, &mut findings);
        integrity::not_taken(&intake, &mut findings);
        integrity::metadata(reg.kind, &items, &mut findings);
        integrity::sequences(&items, &mut findings);

        // Disposed content is gone from the vault; the rules above judged the record.
        let items: Vec<_> = items.into_iter().filter(|i| !i.is_disposed()).collect();
        let reads = match source {
            Source::Vault => pass::read_all(self.vault(), &items, progress, cancel),
            Source::Intake => {
                let mut kept = self.kept_facts(id)?;
                let unread: Vec<_> = items.iter().filter(|i| !kept.contains_key(&i.id.0)).cloned().collect();
                let mut read = pass::read_all(self.vault(), &unread, progress, cancel).into_iter();
                items
                    .iter()
                    .map(|i| kept.remove(&i.id.0).map(|f| Some(Read::Intact(Box::new(f)))).unwrap_or_else(|| read.next().flatten()))
                    .collect()
            }
        };
        let mut images = Vec::new();
        let mut cancelled = cancel.is_cancelled();
        for (item, read) in items.iter().zip(&reads) {
            integrity::empty(item, &mut findings);
            match read {
                None | Some(Read::Cancelled) => cancelled = true,
                Some(Read::Intact(facts)) => {
                    authenticity::pages(item, facts, &mut findings);
                    usability::file(reg.kind, item, facts, &mut findings);
                    security::file(item, facts, &mut findings);
                    if let Some(image) = &facts.image {
                        images.push(ImageInfo { item: item.path.clone(), ..image.clone() });
                    }
                }
                Some(other) => authenticity::object(item, other, &mut findings),
            }
        }
        let virus_scan = if cancelled {
            VirusScan::NotScanned { why: "检测已取消".into() }
        } else if source == Source::Intake {
            VirusScan::NotScanned { why: "接收时不扫描病毒：做四性检测时用 ClamAV 扫描".into() }
        } else {
            clamav::scan(self.vault(), &items, cancel, &mut findings)
        };
        cancelled |= cancel.is_cancelled();
        findings.sort_by(|a, b| (a.property, a.severity, &a.item, a.rule).cmp(&(b.property, b.severity, &b.item, b.rule)));
        let summary = CheckSummary::of(&findings);
        let mut report = CheckReport {
            registration: id,
            label: reg.label(),
            kind: reg.kind,
            at: stamp.at,
            operator: stamp.operator.clone(),
            files: items.len() as u64,
            bytes: items.iter().map(|i| i.size.max(0) as u64).sum(),
            findings,
            images,
            summary,
            virus_scan,
            cancelled,
            record: None,
        };
        if keep && !cancelled {
            report.record = Some(crate::ids::CheckId(self.record_check(&report, source, stamp)?));
        }
        Ok(report)
    }

    /// The facts intake kept, by item id (items taken before it kept them have none).
    fn kept_facts(&self, id: RegistrationId) -> Result<std::collections::HashMap<i64, inspect::Facts>> {
        let mut out = std::collections::HashMap::new();
        for (item, text) in store::inspections(self.conn(), id)? {
            // Unreadable JSON (a later release's shape): the item is read instead.
            if let Ok(facts) = serde_json::from_str(&text) {
                out.insert(item, facts);
            }
        }
        Ok(out)
    }

    fn record_check(&mut self, report: &CheckReport, source: Source, stamp: &Stamp) -> Result<i64> {
        let mut summary = serde_json::json!({
            "files": report.files,
            "bytes": report.bytes,
            "summary": report.summary,
            "virus_scan": report.virus_scan,
            "passed": report.passed(),
        });
        if source == Source::Intake {
            summary["at_intake"] = true.into();
        }
        let tx = self.conn_mut().transaction()?;
        let id = store::insert_check(&tx, report.registration, report.at, &report.operator, &summary.to_string())?;
        let mut payload = summary;
        payload["check"] = id.into();
        ledger::append(&tx, stamp, "registration.check", &report.registration.subject(), &payload)?;
        tx.commit()?;
        Ok(id)
    }

    /// The kept check summaries of a registration, oldest first.
    pub fn checks(&self, id: RegistrationId) -> Result<Vec<CheckRecord>> {
        self.registration(id)?;
        let mut out = Vec::new();
        for (check, at, operator, text) in store::checks(self.conn(), id)? {
            let stored: StoredSummary =
                serde_json::from_str(&text).map_err(|e| crate::error::Error::Integrity(format!("检测记录 {check} 的摘要无法读取：{e}")))?;
            out.push(CheckRecord {
                id: crate::ids::CheckId(check),
                registration: id,
                at,
                operator,
                files: stored.files,
                bytes: stored.bytes,
                summary: stored.summary,
                virus_scan: stored.virus_scan,
                passed: stored.passed,
                at_intake: stored.at_intake,
            });
        }
        Ok(out)
    }
}

/// The `summary` column of `checks`.
#[derive(Deserialize)]
struct StoredSummary {
    files: u64,
    bytes: u64,
    summary: CheckSummary,
    virus_scan: VirusScan,
    passed: bool,
    #[serde(default)]
    at_intake: bool,
}
