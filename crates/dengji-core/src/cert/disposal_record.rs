//! The disposal record (销毁清单): which files of which registration were disposed of,
//! under whose application and approval, with the unit's consent; each file with its size
//! and digests, as its tombstone keeps them; signature lines for the archive's
//! supervisors (监销人) and the unit.

use super::draw::{BLACK, GREY};
use super::report::Flow;
use super::text::{chinese_date, thousands};
use crate::disposal::Disposal;

const SIZE: f32 = 9.5;
const HEX: f32 = 8.0;

pub fn render_disposal(archive: &str, d: &Disposal, signature_note: Option<&str>) -> crate::error::Result<Vec<u8>> {
    let mut flow = Flow::new()?;
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("档案馆：{archive}"));
    let unit = match &d.unit_uscc {
        Some(u) => format!("{}（统一社会信用代码 {u}）", d.unit_name),
        None => d.unit_name.clone(),
    };
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("登记单位：{unit}"));
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("登记号：{}　题名：{}", d.registration_number, d.title));
    let scope = if d.whole { "登记的全部文件" } else { "登记中的部分文件" };
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("销毁申请：第 {} 号（{scope}），理由：{}", d.id.0, d.reason));
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("单位同意销毁的文号：{}", d.consent_reference));
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("申请人：{}（{}）", d.applied_by, chinese_date(d.applied_at)));
    if let (Some(by), Some(at)) = (&d.decided_by, &d.decided_at) {
        flow.add(0.0, SIZE, BLACK, 0.0, &format!("批准人：{by}（{}），批准即执行销毁", chinese_date(*at)));
    }
    if let Some(note) = &d.decision_note {
        flow.add(0.0, SIZE, BLACK, 0.0, &format!("审批意见：{note}"));
    }
    let bytes: i64 = d.items.iter().map(|i| i.size).sum();
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("销毁内容：{} 个文件，共 {} 字节", d.items.len(), thousands(bytes)));
    if !d.media.is_empty() {
        let media = d.media.iter().map(|m| m.label.as_str()).collect::<Vec<_>>().join("、");
        flow.add(0.0, SIZE, BLACK, 0.0, &format!("存有这些文件的备份介质：{media}（下次写入或修复时清除并记入台账）"));
    }
    flow.add(
        0.0,
        8.5,
        GREY,
        1.5,
        "说明：销毁不改变登记与封存记录。下列文件的内容已从本馆保管库移除，其摘要、销毁人和时间作为销毁记录永久保存并记入台账；\
此后核验证明或鉴证与之相同的文件时，均会说明该文件已于何时销毁。",
    );
    flow.items(&d.items, SIZE, HEX);
    flow.add(0.0, 10.5, BLACK, 16.0, "档案馆（盖章）：　　　　　　　　　　　登记单位（盖章）：");
    flow.add(0.0, 10.5, BLACK, 10.0, "监销人（签字）：　　　　　　　　　　　销毁人（签字）：");
    let day = d.decided_at.map(chinese_date).unwrap_or_default();
    flow.add(0.0, 10.5, BLACK, 10.0, &format!("日期：{day}"));
    if let Some(note) = signature_note {
        flow.add(0.0, 8.5, GREY, 6.0, note);
    }
    flow.render("销毁清单", &format!("{archive}　销毁 登记号 {}", d.registration_number), archive)
}
