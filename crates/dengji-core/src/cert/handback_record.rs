//! The hand-over record (移交清单) of a hand-back (交还): which registration's files went
//! back to the unit, under which approved application, each file with its size and
//! digests so the unit can check what it received; signature lines for both sides.

use super::draw::{BLACK, GREY};
use super::report::Flow;
use super::text::{chinese_date, thousands};
use crate::applications::Application;
use crate::registrations::{Item, Registration};

const SIZE: f32 = 9.5;
const HEX: f32 = 8.0;

/// What the record prints.
pub struct HandbackRecord<'a> {
    pub archive: &'a str,
    pub registration: &'a Registration,
    pub application: &'a Application,
    pub items: &'a [Item],
    /// When and by whom the files were handed back.
    pub at: chrono::DateTime<chrono::Utc>,
    pub operator: &'a str,
    /// The medium the files were read from; none: the archive's vault.
    pub source: Option<&'a str>,
}

pub fn render_handback(r: &HandbackRecord<'_>, signature_note: Option<&str>) -> crate::error::Result<Vec<u8>> {
    let reg = r.registration;
    let app = r.application;
    let number = reg.registration_number.as_deref().unwrap_or_default();
    let mut flow = Flow::new()?;
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("移交方：{}", r.archive));
    let unit = match &reg.unit.uscc {
        Some(u) => format!("{}（统一社会信用代码 {u}）", reg.unit.name),
        None => reg.unit.name.clone(),
    };
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("接收方：{unit}"));
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("登记号：{number}　题名：{}", reg.title));
    if let Some(sealed) = &reg.sealed_at {
        flow.add(0.0, SIZE, BLACK, 0.0, &format!("封存时间：{}", chinese_date(*sealed)));
    }
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("交还申请：第 {} 号，文号 {}，理由：{}", app.id.0, app.reference, app.reason));
    let decided = match (&app.decided_by, &app.decided_at) {
        (Some(by), Some(at)) => format!("{by}于{}批准", chinese_date(*at)),
        _ => "已批准".into(),
    };
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("申请人：{}　{decided}", app.applied_by));
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("交还时间：{}　经办人：{}", chinese_date(r.at), r.operator));
    let bytes: i64 = r.items.iter().map(|i| i.size).sum();
    flow.add(
        0.0,
        SIZE,
        BLACK,
        0.0,
        &format!(
            "交还内容：{} 个文件，共 {} 字节，读自{}，每个文件写出时均已按登记的摘要逐字节核对",
            r.items.len(),
            thousands(bytes),
            r.source.map(|s| format!("备份介质 {s}")).unwrap_or_else(|| "本馆保管库".into())
        ),
    );
    flow.add(
        0.0,
        8.5,
        GREY,
        1.5,
        "说明：交还不改变本馆的登记与封存，本馆继续保管登记时的副本。接收方可用 openssl dgst -sm3 与 sha256sum 自行复核下列摘要，\
与本清单一致即为登记时的原件。",
    );
    flow.items(r.items, SIZE, HEX);
    flow.add(0.0, 10.5, BLACK, 16.0, "移交方（盖章）：　　　　　　　　　　　接收方（盖章）：");
    flow.add(0.0, 10.5, BLACK, 10.0, "经办人（签字）：　　　　　　　　　　　接收人（签字）：");
    flow.add(0.0, 10.5, BLACK, 10.0, &format!("日期：{}　　　　　　　　　　日期：", chinese_date(r.at)));
    if let Some(note) = signature_note {
        flow.add(0.0, 8.5, GREY, 6.0, note);
    }
    flow.render("移交清单", &format!("{}　交还 登记号 {number}", r.archive), r.archive)
}
