//! Integrity (完整性): nothing is missing. Every file of the hand-over was taken in, every
//! record has its required metadata (题名; 档号 for paper scans), 件号 and the sequence
//! number at the end of 档号 run without gaps or duplicates, and no file is empty.

use std::collections::{BTreeMap, BTreeSet};

use super::authenticity::from_intake;
use super::{is_checksum_file, CheckFinding, Property, Severity};
use crate::registrations::{Finding, FindingKind, Item, RecordKind};

fn finding(rule: &'static str, severity: Severity, item: Option<&str>, message: String) -> CheckFinding {
    CheckFinding::new(Property::Integrity, rule, severity, item, message)
}

/// Files of the hand-over that intake could not take in.
pub(super) fn not_taken(intake: &[Finding], out: &mut Vec<CheckFinding>) {
    for f in intake.iter().filter(|f| FindingKind::READ.contains(&f.kind)) {
        out.push(from_intake(Property::Integrity, "integrity.not_taken", f, "移交的文件未能接收"));
    }
}

pub(super) fn empty(item: &Item, out: &mut Vec<CheckFinding>) {
    if item.size == 0 {
        out.push(finding("integrity.empty_file", Severity::Error, Some(&item.path), "文件为空（0 字节），没有内容。".into()));
    }
}

/// Required metadata: 题名 for every record (a warning only for business data, whose
/// exports describe themselves), and 档号 for paper scans.
pub(super) fn metadata(kind: RecordKind, items: &[Item], out: &mut Vec<CheckFinding>) {
    let records: Vec<&Item> = items.iter().filter(|i| !is_checksum_file(i)).collect();
    let title = if kind == RecordKind::BusinessData { Severity::Warning } else { Severity::Error };
    required(&records, "题名", |i| i.meta.title.is_some(), "integrity.missing_title", title, out);
    if kind == RecordKind::PaperScan {
        required(&records, "档号", |i| i.meta.ref_code.is_some(), "integrity.missing_ref_code", Severity::Error, out);
    }
}

/// One finding per item lacking the field, or one for the whole registration when none
/// of its records has it (a catalogue was never imported).
fn required(
    records: &[&Item],
    label: &str,
    has: impl Fn(&Item) -> bool,
    rule: &'static str,
    severity: Severity,
    out: &mut Vec<CheckFinding>,
) {
    let missing: Vec<&Item> = records.iter().copied().filter(|i| !has(i)).collect();
    if missing.len() == records.len() && records.len() > 1 {
        out.push(finding(rule, severity, None, format!("全部 {} 个文件都未著录{label}：请导入移交目录或逐个著录。", records.len())));
        return;
    }
    for item in missing {
        out.push(finding(rule, severity, Some(&item.path), format!("未著录{label}。")));
    }
}

/// 档号 as (prefix, trailing number): `Z001-WS·2020-Y-0012` → (`Z001-WS·2020-Y-`, 12).
fn split_ref(code: &str) -> Option<(&str, u64)> {
    let digits = code.len() - code.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 18 {
        return None;
    }
    let (prefix, number) = code.split_at(code.len() - digits);
    Some((prefix, number.parse().ok()?))
}

/// Gaps and duplicates in 件号 (within one 档号 prefix, or the whole registration for
/// items without 档号) and gaps in the trailing number of 档号 per prefix. Items sharing
/// a number and the same 档号 (or, without one, the same 题名) are pages of one piece,
/// not duplicates.
pub(super) fn sequences(items: &[Item], out: &mut Vec<CheckFinding>) {
    let mut pieces: BTreeMap<&str, BTreeMap<i64, Vec<&Item>>> = BTreeMap::new();
    let mut refs: BTreeMap<&str, BTreeSet<u64>> = BTreeMap::new();
    for item in items {
        let split = item.meta.ref_code.as_deref().and_then(split_ref);
        if let Some((prefix, n)) = split {
            refs.entry(prefix).or_default().insert(n);
        }
        if let Some(piece) = item.meta.piece {
            pieces.entry(split.map_or("", |(p, _)| p)).or_default().entry(piece).or_default().push(item);
        }
    }
    for (prefix, numbers) in &pieces {
        let scope = if prefix.is_empty() { String::new() } else { format!("档号 {prefix}… 中") };
        for (n, holders) in numbers {
            let identity = |i: &Item| i.meta.ref_code.clone().or_else(|| i.meta.title.clone()).unwrap_or_else(|| i.path.clone());
            let first = holders[0];
            for other in holders.iter().skip(1).filter(|o| identity(o) != identity(first)) {
                out.push(finding(
                    "integrity.piece_duplicate",
                    Severity::Error,
                    Some(&other.path),
                    format!("{scope}件号 {n} 重复：与 {} 相同。", first.path),
                ));
            }
        }
        let positive: BTreeSet<u64> = numbers.keys().filter_map(|n| u64::try_from(*n).ok()).collect();
        if let Some(text) = gaps(&positive) {
            out.push(finding("integrity.piece_gap", Severity::Error, None, format!("{scope}件号不连续，缺少 {text}。")));
        }
    }
    for (prefix, numbers) in &refs {
        if let Some(text) = gaps(numbers) {
            out.push(finding("integrity.ref_code_gap", Severity::Error, None, format!("档号 {prefix}… 的顺序号不连续，缺少 {text}。")));
        }
    }
}

/// The numbers missing between the smallest and the largest, as `3、7–9`; None when none.
fn gaps(numbers: &BTreeSet<u64>) -> Option<String> {
    const SHOWN: usize = 10;
    let mut ranges = Vec::new();
    let mut total = 0u64;
    for (a, b) in numbers.iter().zip(numbers.iter().skip(1)) {
        if b - a > 1 {
            ranges.push((a + 1, b - 1));
            total += b - a - 1;
        }
    }
    if ranges.is_empty() {
        return None;
    }
    let mut text: Vec<String> = ranges.iter().take(SHOWN).map(|(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") }).collect();
    if ranges.len() > SHOWN {
        text.push("…".into());
    }
    Some(format!("{}（共 {total} 个）", text.join("、")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_codes_split_at_their_trailing_number() {
        assert_eq!(split_ref("Z001-WS·2020-Y-0012"), Some(("Z001-WS·2020-Y-", 12)));
        assert_eq!(split_ref("0007"), Some(("", 7)));
        assert_eq!(split_ref("ABC-"), None);
        assert_eq!(split_ref("X-1234567890123456789"), None);
    }

    #[test]
    fn gaps_are_ranges() {
        let set = |v: &[u64]| v.iter().copied().collect::<BTreeSet<u64>>();
        assert_eq!(gaps(&set(&[1, 2, 3])), None);
        assert_eq!(gaps(&set(&[1, 2, 4, 8])).as_deref(), Some("3、5–7（共 4 个）"));
        let sparse: Vec<u64> = (0..30).map(|i| i * 2).collect();
        assert!(gaps(&set(&sparse)).unwrap().ends_with("…（共 29 个）"));
    }
}
