//! Authenticity (真实性): the content is what was handed over and registered. The
//! depositor's own digests match (unresolved checksum findings of the intake), each vault
//! object still has the digests the catalog recorded, the catalogued page count agrees
//! with the content, and the package is well-formed (files, complete intake, safe paths).

use std::path::Path;

use super::inspect::Facts;
use super::pass::Read;
use super::{is_checksum_file, CheckFinding, Property, Severity};
use crate::registrations::{Finding, FindingKind, Item, Registration};

fn finding(rule: &'static str, severity: Severity, item: Option<&str>, message: String) -> CheckFinding {
    CheckFinding::new(Property::Authenticity, rule, severity, item, message)
}

/// Intake finding kinds that come from the depositor's checksum files.
const CHECKSUM_KINDS: [(FindingKind, &str); 3] = [
    (FindingKind::ChecksumMismatch, "authenticity.checksum_mismatch"),
    (FindingKind::ChecksumMissingFile, "authenticity.checksum_missing_file"),
    (FindingKind::ChecksumBadLine, "authenticity.checksum_bad_line"),
];

/// An intake finding as a check finding: an error while it blocks sealing and nobody
/// accepted it, else a warning (a clerk accepted it with a reason on record).
pub(super) fn from_intake(property: Property, rule: &'static str, f: &Finding, what: &str) -> CheckFinding {
    let open = f.blocking && !f.acknowledged;
    let severity = if open { Severity::Error } else { Severity::Warning };
    let note = if f.acknowledged { "（已由登记员确认接受，理由见台账）" } else { "" };
    CheckFinding::new(property, rule, severity, Some(&f.path), format!("{what}：{}{note}", f.detail))
}

pub(super) fn package(reg: &Registration, items: &[Item], intake: &[Finding], out: &mut Vec<CheckFinding>) {
    if items.is_empty() {
        out.push(finding("authenticity.empty_registration", Severity::Error, None, "登记中没有任何文件：移交包为空。".into()));
    }
    if !reg.intake_complete {
        out.push(finding(
            "authenticity.intake_incomplete",
            Severity::Error,
            None,
            "接收未完成（被取消或中断）：移交包可能不全，请再次添加相同文件夹以继续接收。".into(),
        ));
    }
    for item in items {
        if crate::restore::safe_destination(Path::new("."), &item.path_raw).is_err() {
            out.push(finding(
                "authenticity.unsafe_path",
                Severity::Error,
                Some(&item.path),
                "路径不安全（绝对路径、含 .. 或盘符），不符合移交包结构要求。".into(),
            ));
        }
    }
    for f in intake {
        if let Some((_, rule)) = CHECKSUM_KINDS.iter().find(|(k, _)| *k == f.kind) {
            out.push(from_intake(Property::Authenticity, rule, f, "与移交方提供的校验值不符"));
        }
    }
    if !items.is_empty() && !items.iter().any(is_checksum_file) {
        out.push(finding(
            "authenticity.no_supplied_digests",
            Severity::Info,
            None,
            "移交方未提供校验文件（如 SHA256SUMS、*.md5、*.sm3）：无法与移交方的校验值核对，只能核对接收时计算的 SM3/SHA-256。".into(),
        ));
    }
}

/// An object that is missing, unreadable or changed since intake.
pub(super) fn object(item: &Item, read: &Read, out: &mut Vec<CheckFinding>) {
    let (rule, message) = match read {
        Read::Missing => ("authenticity.object_missing", "保管库中缺少此文件：请核验保管库，再从备份介质修复。".to_string()),
        Read::Failed(why) => ("authenticity.object_unreadable", format!("保管库中的此文件无法读取：{why}")),
        Read::Changed { size, sha256, sm3 } => (
            "authenticity.object_changed",
            format!(
                "保管库中的此文件与登记时不同：登记时 {} 字节、SM3 {}、SHA-256 {}；现为 {size} 字节、SM3 {sm3}、SHA-256 {sha256}。内容已被改动或损坏，请从备份介质修复。",
                item.size, item.sm3, item.sha256
            ),
        ),
        Read::Intact(_) | Read::Cancelled => return,
    };
    out.push(finding(rule, Severity::Error, Some(&item.path), message));
}

/// The catalogued 页数 against the pages counted in the content.
pub(super) fn pages(item: &Item, facts: &Facts, out: &mut Vec<CheckFinding>) {
    if let (Some(declared), Some(counted)) = (item.meta.pages, facts.pages) {
        if declared != counted as i64 {
            out.push(finding(
                "authenticity.page_count",
                Severity::Error,
                Some(&item.path),
                format!("著录页数为 {declared} 页，文件实际为 {counted} 页：请核对目录或文件是否完整。"),
            ));
        }
    }
}
