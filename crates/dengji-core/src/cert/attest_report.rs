//! The attestation report (鉴证报告): for each presented file, its digests and whether an
//! identical file is registered (where, since when, on which verified media), or that none
//! is (and which registered files of the same name differ), with the attestation's ledger
//! record and checkpoint. A4, Chinese, the certificate's font and drawing; "第 X 页 共 Y 页".

use printpdf::{FontId, PdfDocument, PdfSaveOptions};

use super::draw::{Ink, Sheet, BLACK, GREY, SEAL_RED};
use super::font::{self, Face};
use super::text::{chinese_date, thousands, wrap, Breaks};
use crate::attest::{Attestation, HeldOn, RegisteredCopy};
use crate::error::{Error, Result};

const LEFT: f32 = 18.0;
const WIDTH: f32 = 174.0;
const TOP: f32 = 30.0;
const BOTTOM: f32 = 276.0;
const SIZE: f32 = 9.5;
const HEX: f32 = 8.0;
const GAP: f32 = 1.6;

/// One line of the report's flowing text.
struct Line {
    indent: f32,
    size: f32,
    ink: Ink,
    text: String,
    /// Space above it, in mm.
    before: f32,
}

impl Line {
    fn height(&self) -> f32 {
        self.before + self.size * 0.3528 * 1.45
    }
}

struct Flow<'f> {
    face: &'f Face,
    lines: Vec<Line>,
}

impl Flow<'_> {
    fn add(&mut self, indent: f32, size: f32, ink: Ink, before: f32, text: &str) {
        let text = self.face.printable(text);
        for (i, t) in wrap(self.face, &text, size, WIDTH - indent, Breaks::Anywhere).into_iter().enumerate() {
            self.lines.push(Line { indent, size, ink, text: t, before: if i == 0 { before } else { 0.0 } });
        }
    }
}

fn media_text(media: &[HeldOn]) -> String {
    if media.is_empty() {
        return "尚未备份到任何介质".into();
    }
    let parts: Vec<String> = media
        .iter()
        .map(|m| {
            let check = match (&m.last_verified_at, m.last_result.as_deref()) {
                (Some(at), Some("ok")) => format!("{}核验通过", chinese_date(at)),
                (Some(at), _) => format!("{}核验发现问题", chinese_date(at)),
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
    flow.add(8.0, SIZE, BLACK, 0.0, &format!("登记路径：{}", c.path));
    flow.add(8.0, SIZE, BLACK, 0.0, &format!("封存时间：{}　备份：{}", chinese_date(&c.sealed_at), media_text(&c.media)));
}

fn lines(face: &Face, a: &Attestation, archive: &str) -> Vec<Line> {
    let mut flow = Flow { face, lines: Vec::new() };
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("鉴证机构：{archive}"));
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("鉴证时间：{}　经办人：{}", chinese_date(&a.at), a.operator));
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("鉴证记录：台账第 {} 条", a.seq));
    flow.add(0.0, SIZE, BLACK, 0.0, &format!("台账检查点：共 {} 条，末条哈希", a.checkpoint.size));
    flow.add(8.0, HEX, BLACK, 0.0, &a.checkpoint.head.to_hex());
    flow.add(
        0.0,
        8.5,
        GREY,
        1.5,
        "说明：对每个提交的文件计算 SM3 与 SHA-256 摘要，并与本馆已封存登记中的全部文件比对；两种摘要与大小都相同，即为同一文件（逐字节一致）。\
持有文件者可用 openssl dgst -sm3 与 sha256sum 自行复核下列摘要。",
    );
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
    flow.add(90.0, 10.5, BLACK, 10.0, &format!("日期：{}", chinese_date(&a.at)));
    flow.lines
}

/// Lays `lines` out on pages between TOP and BOTTOM.
fn paginate(lines: Vec<Line>) -> Vec<Vec<(f32, Line)>> {
    let mut pages = vec![Vec::new()];
    let mut y = TOP + 12.0;
    for line in lines {
        let h = line.height();
        if y + h > BOTTOM && !pages.last().is_some_and(|p: &Vec<(f32, Line)>| p.is_empty()) {
            pages.push(Vec::new());
            y = TOP;
        }
        y += h;
        pages.last_mut().expect("a page").push((y - GAP, line));
    }
    pages
}

/// The report's PDF. `archive` is the archive's name as printed.
pub fn render_attestation(a: &Attestation, archive: &str) -> Result<Vec<u8>> {
    let face = font::face()?;
    let font_id = FontId("ATTEST".into());
    let pages = paginate(lines(face, a, archive));
    let total = pages.len();
    let mut out_pages = Vec::with_capacity(total);
    for (n, page) in pages.into_iter().enumerate() {
        let mut s = Sheet::new(face, &font_id);
        s.ink(GREY);
        s.text(LEFT, 16.0, 8.0, &format!("{archive}　鉴证记录 台账第 {} 条", a.seq));
        s.line_width(0.4);
        s.line(LEFT, 19.0, LEFT + WIDTH, 19.0);
        if n == 0 {
            s.ink(BLACK);
            s.heavy(0.4, |s| s.text_centered(LEFT + WIDTH / 2.0, TOP + 4.0, 18.0, "鉴证报告"));
        }
        for (baseline, line) in page {
            s.ink(line.ink);
            s.text(LEFT + line.indent, baseline, line.size, &line.text);
        }
        s.ink(GREY);
        s.text_centered(LEFT + WIDTH / 2.0, 287.0, 8.5, &format!("第 {} 页 共 {total} 页", n + 1));
        out_pages.push(s.into_page());
    }
    let mut doc = PdfDocument::new(&format!("鉴证报告 台账第 {} 条", a.seq));
    doc.metadata.info.author = archive.to_string();
    doc.metadata.info.creator = "Dengji 档案登记备份工作站".into();
    doc.resources.fonts.map.insert(font_id, printpdf::PdfFont::new(face.font.clone()));
    doc.pages = out_pages;
    let opts = PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
    let mut lo = doc.to_lopdf_document(&opts, &mut Vec::new());
    super::render::compress(&mut lo);
    let mut out = Vec::new();
    lo.save_to(&mut out).map_err(|e| Error::CertRender(format!("写出 PDF 失败：{e}")))?;
    Ok(out)
}
