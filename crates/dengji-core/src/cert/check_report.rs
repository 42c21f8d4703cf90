//! The four-property check report (四性检测报告): the registration, the verdict, counts per
//! property, the virus scan, every finding grouped by property, and each image's size,
//! resolution and colour mode (DA/T 31), as a PDF in Chinese.

use super::draw::{BLACK, GREY, SEAL_RED};
use super::report::Flow;
use super::text::{chinese_date, thousands};
use crate::check::{CheckReport, Property, Severity, VirusScan};
use crate::error::Result;

const SIZE: f32 = 9.5;

/// The report's PDF; `unit` and `archive` are printed as given.
pub fn render_check(r: &CheckReport, unit: &str, archive: &str, signature_note: Option<&str>) -> Result<Vec<u8>> {
    let mut flow = Flow::new()?;
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("登记：{}（{}）　单位：{unit}", r.label, r.kind.label_zh()));
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("文件：{} 个，{} 字节", thousands(r.files as i64), thousands(r.bytes as i64)));
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("检测时间：{}　检测人：{}　依据：DA/T 70-2018、DA/T 31-2017", chinese_date(r.at), r.operator));
    let errors = r.summary.errors();
    let (verdict, ink) = match (r.cancelled, errors) {
        (true, _) => ("未完成：检测被取消，结果不完整".to_string(), SEAL_RED),
        (false, 0) => ("通过：没有错误级别的问题".to_string(), BLACK),
        (false, n) => (format!("未通过：{n} 项错误"), SEAL_RED),
    };
    flow.add(0.0, 11.0, ink, 3.0, &format!("结论：{verdict}"));
    for p in Property::ALL {
        let c = r.summary.counts(p);
        flow.add(4.0, SIZE, BLACK, 0.6, &format!("{}：错误 {}，警告 {}，提示 {}", p.label_zh(), c.error, c.warning, c.info));
    }
    let scan = match &r.virus_scan {
        VirusScan::Clean { engine } => format!("病毒扫描：未发现病毒（{engine}）"),
        VirusScan::Infected { engine, infections } => format!("病毒扫描：发现 {} 个感染文件（{engine}）", infections.len()),
        VirusScan::NotScanned { why } => format!("病毒扫描：{why}"),
    };
    flow.add(0.0, SIZE, BLACK, 2.0, &scan);
    for p in Property::ALL {
        let findings: Vec<_> = r.findings.iter().filter(|f| f.property == p).collect();
        flow.add(0.0, 11.0, BLACK, 4.0, &format!("{}（{} 项）", p.label_zh(), findings.len()));
        if findings.is_empty() {
            flow.add(4.0, SIZE, GREY, 0.6, "未发现问题。");
        }
        for f in findings {
            let ink = if f.severity == Severity::Error { SEAL_RED } else { BLACK };
            let item = f.item.as_deref().unwrap_or("整个登记");
            flow.add(4.0, SIZE, ink, 0.8, &format!("[{}] {item}", f.severity.label_zh()));
            flow.add(10.0, SIZE, BLACK, 0.0, &f.message);
            flow.add(10.0, 7.5, GREY, 0.0, &format!("规则 {}", f.rule));
        }
    }
    if !r.images.is_empty() {
        flow.add(0.0, 11.0, BLACK, 4.0, &format!("图像（{} 个）：尺寸、分辨率与色彩模式", r.images.len()));
        for i in &r.images {
            let dpi = i.dpi.as_ref().map(|d| format!("{}×{} dpi", d.x, d.y)).unwrap_or_else(|| "未记录分辨率".into());
            flow.add(
                4.0,
                8.5,
                BLACK,
                0.4,
                &format!("{}　{}　{}×{} 像素　{dpi}　{}　{} 页", i.item, i.format, i.width, i.height, i.colour.label_zh(), i.pages),
            );
        }
    }
    flow.add(90.0, 10.5, BLACK, 16.0, "检测人（签字）：");
    flow.add(90.0, 10.5, BLACK, 10.0, &format!("日期：{}", chinese_date(r.at)));
    if let Some(note) = signature_note {
        flow.add(0.0, 8.5, GREY, 6.0, note);
    }
    flow.render("四性检测报告", &format!("{archive}　四性检测报告　{}", r.label), archive)
}
