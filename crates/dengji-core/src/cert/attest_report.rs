//! The attestation report (鉴证报告): for each presented file, its digests and whether an
//! identical file is registered (where, since when, on which verified media), or that none
//! is (and which registered files of the same name differ), with the attestation's ledger
//! record and checkpoint. A4, Chinese, the certificate's font and drawing; "第 X 页 共 Y 页".

use super::draw::{BLACK, GREY, SEAL_RED};
use super::report::Flow;
use super::text::{chinese_date, thousands};
use crate::attest::{Attestation, HeldOn, RegisteredCopy};
use crate::error::Result;

const SIZE: f32 = 9.5;
const HEX: f32 = 8.0;

fn media_text(media: &[HeldOn]) -> String {
    if media.is_empty() {
        return "尚未备份到任何介质".into();
    }
    let parts: Vec<String> = media
        .iter()
        .map(|m| {
            let check = match (&m.last_verified_at, m.last_result.as_deref()) {
                (Some(at), Some("ok")) => format!("{}核验通过", chinese_date(*at)),
                (Some(at), _) => format!("{}核验发现问题", chinese_date(*at)),
                (None, _) => "尚未核验".into(),
            };
            format!("{} 套 {}（{check}）", m.set, m.label)
        })
        .collect();
    parts.join("；")
}

fn copy_lines(flow: &mut Flow, c: &RegisteredCopy) {
    let unit = match &c.unit_uscc {
        Some(u) => format!("{}（统一社会信用代码 {u}）", c.unit_name),
        None => c.unit_name.clone(),
    };
    flow.add(8.0, SIZE, BLACK, 0.8, &format!("登记号：{}　单位：{unit}", c.registration_number));
    if let Some(h) = &c.held_by {
        flow.add(
            8.0,
            SIZE,
            BLACK,
            0.0,
            &format!("登记机构：{}（下级档案馆，本馆持其{}第 {} 次报送的目录副本）", h.archive, chinese_date(h.received_at), h.report),
        );
    }
    flow.add(8.0, SIZE, BLACK, 0.0, &format!("登记路径：{}", c.path));
    // A lower archive's media are its own, as its copy lists them.
    let held = c.held_by.as_ref().map(|h| format!("（{}）", h.archive)).unwrap_or_default();
    flow.add(8.0, SIZE, BLACK, 0.0, &format!("封存时间：{}　备份{held}：{}", chinese_date(c.sealed_at), media_text(&c.media)));
    if let Some(at) = &c.disposed_at {
        flow.add(
            8.0,
            SIZE,
            SEAL_RED,
            0.0,
            &format!("该登记文件已于{}经批准销毁：本馆保留其登记记录与摘要，不再保存其内容", chinese_date(*at)),
        );
    }
}

fn explanation(a: &Attestation) -> String {
    let scope = if a.lower.is_empty() {
        "本馆已封存登记中的全部文件".to_string()
    } else {
        let copies: Vec<String> = a.lower.iter().map(|h| format!("{}（第 {} 次报送）", h.archive, h.report)).collect();
        format!("本馆已封存登记及下级档案馆报送的目录副本（{}）中的全部文件", copies.join("、"))
    };
    format!(
        "说明：对每个提交的文件计算 SM3 与 SHA-256 摘要，并与{scope}比对；两种摘要与大小都相同，即为同一文件（逐字节一致）。\
持有文件者可用 openssl dgst -sm3 与 sha256sum 自行复核下列摘要。"
    )
}

/// The report's PDF. `archive` is the archive's name as printed.
pub fn render_attestation(a: &Attestation, archive: &str, signature_note: Option<&str>) -> Result<Vec<u8>> {
    let mut flow = Flow::new()?;
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("鉴证机构：{archive}"));
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("鉴证时间：{}　经办人：{}", chinese_date(a.at), a.operator));
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("鉴证记录：台账第 {} 条", a.seq));
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("台账检查点：共 {} 条，末条哈希", a.checkpoint.size));
    flow.add(8.0, HEX, BLACK, 0.0, &a.checkpoint.head.to_hex());
    flow.add(0.0, 8.5, GREY, 1.5, &explanation(a));
    for (i, f) in a.files.iter().enumerate() {
        let verdict = if !f.matches.is_empty() {
            ("一致：与已登记文件逐字节相同", BLACK)
        } else if !f.same_name.is_empty() {
            ("不一致：有同名的已登记文件，但内容不同", SEAL_RED)
        } else {
            ("不一致：没有内容相同的已登记文件", SEAL_RED)
        };
        flow.add(0.0, 10.5, BLACK, 5.0, &format!("{}. {}（{} 字节）", i + 1, f.name, thousands(f.size as i64)));
        flow.add(4.0, SIZE, BLACK, 0.5, "SM3：");
        flow.add(8.0, HEX, BLACK, 0.0, &f.sm3.to_hex());
        flow.add(4.0, SIZE, BLACK, 0.0, "SHA-256：");
        flow.add(8.0, HEX, BLACK, 0.0, &f.sha256.to_hex());
        flow.add(4.0, SIZE, verdict.1, 0.8, &format!("结论：{}", verdict.0));
        for c in &f.matches {
            copy_lines(&mut flow, c);
        }
        if !f.same_name.is_empty() {
            flow.add(4.0, SIZE, BLACK, 0.8, "同名的已登记文件（内容不同）：");
            for c in &f.same_name {
                copy_lines(&mut flow, c);
                flow.add(8.0, HEX, GREY, 0.0, &format!("SM3 {}", c.sm3.to_hex()));
            }
        }
    }
    flow.add(90.0, 10.5, BLACK, 16.0, "鉴证机构（盖章）：");
    flow.add(90.0, 10.5, BLACK, 10.0, "经办人（签字）：");
    flow.add(90.0, 10.5, BLACK, 10.0, &format!("日期：{}", chinese_date(a.at)));
    if let Some(note) = signature_note {
        flow.add(0.0, 8.5, GREY, 6.0, note);
    }
    flow.render("鉴证报告", &format!("{archive}　鉴证记录 台账第 {} 条", a.seq), archive)
}
