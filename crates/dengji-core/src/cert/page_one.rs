//! The certificate itself (page 1): double red frame, title, the fields in a bordered
//! table, the QR code and the blank area for the archive's seal.

use printpdf::PdfPage;

use super::draw::{Sheet, BLACK, GREY, PAGE_W, SEAL_RED};
use super::model::CertContent;
use super::qr;
use super::render::Qr;
use super::text::{chinese_date, human_size, thousands, wrap, Breaks};
use crate::error::Result;

const LEFT: f32 = 24.0;
const WIDTH: f32 = PAGE_W - 2.0 * LEFT;
const LABEL_W: f32 = 42.0;
/// Cell padding above and below the text: this much when the table has room...
const PAD: f32 = 2.1;
/// ...down to this for long names and titles, so the table always ends above the block.
const PAD_MIN: f32 = 1.0;
/// Layout 4 may print one more row (上级见证): its rows go this close.
const PAD_MIN_4: f32 = 0.6;
/// The QR code and seal block starts 6 mm below the table, and no lower than this.
const BLOCK_LOWEST: f32 = 228.0;
const BODY: f32 = 10.5;
const HEX: f32 = 9.0;
const LINE: f32 = 5.0;

/// One row of the field table: a label and value lines, each with its own size.
struct Row {
    label: &'static str,
    lines: Vec<(String, f32)>,
}

fn row(sheet: &Sheet<'_>, label: &'static str, value: &str, size: f32) -> Row {
    let face = sheet.face();
    let lines =
        wrap(face, &face.printable(value), size, WIDTH - LABEL_W - 2.0 * PAD, Breaks::Anywhere).into_iter().map(|l| (l, size)).collect();
    Row { label, lines }
}

fn rows(sheet: &Sheet<'_>, c: &CertContent, qr: &Qr<'_>) -> Vec<Row> {
    let gb = c.bytes as f64 / 1_000_000_000.0;
    // Layout 1 printed sizes in GB whatever the size; layout 2 in the unit that fits.
    let total = match qr {
        Qr::Unsigned => format!("{gb:.3} GB（{} 字节）", thousands(c.bytes)),
        Qr::Signed { .. } if c.bytes < 1024 => human_size(c.bytes),
        Qr::Signed { .. } => format!("{}（{} 字节）", human_size(c.bytes), thousands(c.bytes)),
    };
    let mut rows = vec![
        row(sheet, "登记号", &c.registration_number, BODY),
        row(sheet, "登记单位", &c.unit_name, BODY),
        row(sheet, "统一社会信用代码", c.unit_uscc.as_deref().unwrap_or("—"), BODY),
        row(sheet, "登记题名", &c.title, BODY),
        row(sheet, "档案类型", c.kind.label_zh(), BODY),
    ];
    if let Some(s) = c.series.as_ref().filter(|_| c.layout >= 5) {
        rows.push(row(sheet, "业务数据系列", &format!("{} 第 {} 版（{}）", s.name, s.version, s.period), BODY));
    }
    rows.extend([
        row(sheet, "登记（封存）日期", &chinese_date(c.sealed_at), BODY),
        row(sheet, "文件数量", &format!("{} 个", thousands(c.files)), BODY),
        row(sheet, "数据总量", &total, BODY),
        row(sheet, "登记机构", &c.archive_name, BODY),
        row(sheet, "所在地区", &format!("{}（{}）", c.region_name, c.region_code), BODY),
        row(sheet, "摘要算法", "SM3（GB/T 32905-2016）；SHA-256（FIPS 180-4）", BODY),
        row(sheet, "数据包 SM3 摘要", &c.package_sm3.to_hex(), HEX),
        row(sheet, "数据包 SHA-256 摘要", &c.package_sha256.to_hex(), HEX),
    ]);
    let mut checkpoint = row(sheet, "台账检查点", &format!("签发时台账共 {} 条记录，末条记录哈希（SHA-256）：", c.checkpoint.size), BODY);
    checkpoint.lines.push((c.checkpoint.head.to_hex(), HEX));
    rows.push(checkpoint);
    if let Some(w) = c.witnessed.as_ref().filter(|_| c.layout >= 4) {
        let text =
            format!("本馆台账第 {} 条已由{}于 {} 签收见证，头哈希：", thousands(w.checkpoint.size), w.archive, chinese_date(w.received_at));
        let mut witness = row(sheet, "上级见证", &text, BODY);
        witness.lines.push((w.checkpoint.head.to_hex(), HEX));
        rows.push(witness);
    }
    if let Qr::Signed { fingerprint, .. } = qr {
        let mut key = row(sheet, "机构密钥指纹", "本证明二维码由本馆 SM2 机构密钥签名，该密钥公钥的 SM3 指纹：", BODY);
        key.lines.push((fingerprint.to_hex(), HEX));
        rows.push(key);
    }
    rows.push(row(sheet, "经办人", &c.issued_by, BODY));
    rows.push(row(sheet, "签发日期", &chinese_date(c.issued_at), BODY));
    if let Some(old) = &c.reissue_of {
        rows.push(row(sheet, "补发说明", &format!("本证明为补发证明，原证明 {old} 自本证明签发之日起作废。"), BODY));
    }
    rows
}

fn text_height(r: &Row) -> f32 {
    r.lines.len() as f32 * LINE - 1.0
}

/// The padding that lets a table starting at `top` end 6 mm above the lowest block.
fn padding(rows: &[Row], top: f32, layout: i64) -> f32 {
    let text: f32 = rows.iter().map(text_height).sum();
    let room = BLOCK_LOWEST - 6.0 - top - text;
    let least = if layout >= 4 { PAD_MIN_4 } else { PAD_MIN };
    (room / (2.0 * rows.len() as f32)).clamp(least, PAD)
}

/// Draws the table with its top at `top`; returns its bottom.
fn table(sheet: &mut Sheet<'_>, rows: &[Row], top: f32, layout: i64) -> f32 {
    let pad = padding(rows, top, layout);
    let mut y = top;
    sheet.ink(BLACK);
    for r in rows {
        let h = 2.0 * pad + text_height(r);
        sheet.text(LEFT + PAD, y + pad + 3.6, BODY, r.label);
        for (i, (line, size)) in r.lines.iter().enumerate() {
            sheet.text(LEFT + LABEL_W + PAD, y + pad + 3.6 + i as f32 * LINE, *size, line);
        }
        y += h;
        sheet.line_width(0.4);
        sheet.line(LEFT, y, LEFT + WIDTH, y);
    }
    sheet.line_width(0.8);
    sheet.frame(LEFT, top, WIDTH, y - top);
    sheet.line_width(0.4);
    sheet.line(LEFT + LABEL_W, top, LEFT + LABEL_W, y);
    y
}

pub(super) fn draw(mut sheet: Sheet<'_>, c: &CertContent, total_pages: usize, qr: &Qr<'_>) -> Result<PdfPage> {
    // The frame: a heavy and a fine rule in seal red.
    sheet.ink(SEAL_RED);
    sheet.line_width(1.8);
    sheet.frame(12.0, 12.0, PAGE_W - 24.0, 273.0);
    sheet.line_width(0.5);
    sheet.frame(14.5, 14.5, PAGE_W - 29.0, 268.0);

    // Title, letter-spaced and heavy, as on printed certificates.
    sheet.ink(BLACK);
    let title: Vec<char> = "档案登记证明".chars().collect();
    let (size, gap) = (26.0, 4.5);
    let widths: Vec<f32> = title.iter().map(|&ch| sheet.face().char_width(ch, size)).collect();
    let total = widths.iter().sum::<f32>() + gap * (title.len() - 1) as f32;
    sheet.heavy(0.6, |s| {
        s.reads_as("档案登记证明", |s| {
            let mut x = PAGE_W / 2.0 - total / 2.0;
            for (ch, w) in title.iter().zip(&widths) {
                s.text(x, 38.0, size, &ch.to_string());
                x += w + gap;
            }
        })
    });
    if c.reissue_of.is_some() {
        sheet.ink(SEAL_RED);
        sheet.line_width(1.2);
        sheet.frame(160.0, 27.5, 22.0, 13.0);
        sheet.heavy(0.4, |s| s.text_centered(171.0, 37.0, 15.0, "补发"));
        sheet.ink(BLACK);
    }
    sheet.text_centered(PAGE_W / 2.0, 48.5, 11.0, &format!("证明编号：{}", c.certificate_number));

    // The statement.
    let face = sheet.face();
    let annex_pages = if total_pages > 2 { format!("第 2 至 {total_pages} 页") } else { "第 2 页".to_string() };
    let uscc = c.unit_uscc.as_deref().map(|u| format!("（统一社会信用代码 {u}）")).unwrap_or_default();
    let statement = format!(
        "　　兹证明{}{uscc}移交的档案数据已于{}在{}完成登记备份并封存，封存后不可更改。数据内容以本证明所载数据包摘要为准，附件《文件清单》列出全部 {} 个文件（{annex_pages}）。",
        c.unit_name,
        chinese_date(c.sealed_at),
        c.archive_name,
        thousands(c.files),
    );
    let mut y = 60.0;
    for line in wrap(face, &face.printable(&statement), 11.0, WIDTH, Breaks::Anywhere) {
        sheet.text(LEFT, y, 11.0, &line);
        y += 6.2;
    }

    let rows = rows(&sheet, c, qr);
    let bottom = table(&mut sheet, &rows, y - 1.5, c.layout);

    // QR code with its legend, and the seal area.
    let block = bottom + 6.0;
    // The signed statement is three times as long: a larger code keeps its modules
    // ~0.6 mm, several printer dots at 300 dpi.
    let (text, size, legend, legend_x, legend_w) = match qr {
        Qr::Unsigned => (
            super::qr::QrPayload::of(c).text(),
            32.0,
            "扫码核验：二维码内容为 DJC1|证明编号|登记号|数据包 SM3|数据包 SHA-256|台账记录数。本馆可用 dengji cert verify 核验本证明是否真实有效。",
            LEFT + 40.0,
            62.0,
        ),
        Qr::Signed { text, .. } => (
            text.to_string(),
            44.0,
            "扫码核验：二维码载有本证明的要点（证明编号、登记号、单位代码、封存时间、数据包摘要、台账检查点、机构密钥指纹）和本馆的 SM2 电子签名。任何人都可以用本馆公布的机构证书离线核验：签名有效，说明这些内容确由本馆签发且未被改动；再把所持文件的摘要与本馆提供的文件清单比对，即可确认文件是否就是登记的那一份。",
            LEFT + 50.0,
            56.0,
        ),
    };
    qr::draw(&mut sheet, &text, LEFT + 1.0, block, size)?;
    sheet.ink(GREY);
    let mut ly = block + 4.0;
    for line in wrap(face, legend, 8.0, legend_w, Breaks::Anywhere) {
        sheet.text(legend_x, ly, 8.0, &line);
        ly += 4.2;
    }
    let (sx, sw, sh) = (LEFT + WIDTH - 52.0, 52.0, 28.0);
    sheet.line_width(0.6);
    sheet.dashed(true);
    sheet.frame(sx, block, sw, sh);
    sheet.dashed(false);
    sheet.text_centered(sx + sw / 2.0, block + sh / 2.0 + 1.5, 10.0, "盖章处");
    sheet.ink(BLACK);
    // The issuer's name and the date under the seal area, centred on it, kept inside
    // the frame when the name is long.
    let mut y = block + sh + 6.5;
    for line in wrap(face, &face.printable(&c.archive_name), 11.0, 88.0, Breaks::Anywhere).iter().chain([&chinese_date(c.issued_at)]) {
        let w = face.width(line, 11.0);
        let x = (sx + sw / 2.0 - w / 2.0).min(LEFT + WIDTH - w);
        sheet.text(x, y, 11.0, line);
        y += 5.6;
    }

    sheet.ink(GREY);
    sheet.text(LEFT, 278.5, 8.0, &format!("证明编号 {}", c.certificate_number));
    sheet.text_right(LEFT + WIDTH, 278.5, 8.0, &format!("第 1 页 共 {total_pages} 页"));
    Ok(sheet.into_page())
}

#[cfg(test)]
mod tests {
    use super::super::font::face;
    use super::*;
    use crate::digest::{sha256, sm3};
    use crate::ids::RegistrationId;
    use crate::ledger::Checkpoint;
    use crate::registrations::RecordKind;

    #[test]
    fn long_names_titles_and_a_reissue_still_end_above_the_seal_block() {
        let face = face().unwrap();
        let font = printpdf::FontId("TESTFT".into());
        let sheet = Sheet::new(face, &font);
        let c = CertContent {
            certificate_number: "330102-2026-Z000002".into(),
            reissue_of: Some("330102-2026-Z000001".into()),
            registration_id: RegistrationId(1),
            registration_number: "330102-2026-000001".into(),
            title: "关于某某重点建设项目（第二期）竣工验收阶段全部电子文件及纸质档案数字化副本的移交登记（第三批次，补充材料）".into(),
            kind: RecordKind::PaperScan,
            unit_name: "中国某某集团有限公司浙江省杭州市上城区分公司第二事业部档案管理与信息化建设服务中心（筹）".into(),
            unit_uscc: Some("91330000MA27U0TT7T".into()),
            sealed_at: "2026-11-25T02:00:00Z".parse().unwrap(),
            files: 123_456,
            bytes: 1_234_567_890_123,
            package_sm3: sm3(b"p"),
            package_sha256: sha256(b"p"),
            archive_name: "杭州市上城区档案馆（杭州市上城区档案与电子文件登记备份中心）".into(),
            region_code: "330102".into(),
            region_name: "浙江省 杭州市 上城区".into(),
            checkpoint: Checkpoint { size: 123_456, head: sha256(b"h") },
            issued_at: "2026-11-25T03:00:00Z".parse().unwrap(),
            issued_by: "登记员".into(),
            layout: 1,
            witnessed: None,
            series: None,
        };
        let drawn = rows(&sheet, &c, &Qr::Unsigned);
        assert!(drawn.iter().filter(|r| r.lines.len() > 1).count() >= 4, "the long fields wrap");
        let top = 80.0;
        let pad = padding(&drawn, top, 1);
        let bottom = top + drawn.iter().map(|r| 2.0 * pad + text_height(r)).sum::<f32>();
        assert!(bottom + 6.0 <= BLOCK_LOWEST + 0.01, "table ends at {bottom} mm");
        let short = &drawn[..6];
        assert_eq!(padding(short, top, 1), PAD, "a short table keeps its full padding");

        // Layout 4, signed, with the longest witness: a province's full name, a
        // seven-figure ledger. The row is there, and the table still ends above the block.
        let fp = sm3(b"k");
        let signed = Qr::Signed { text: "DJC2|x", fingerprint: &fp };
        let w = crate::upward::Witness {
            archive: "浙江省档案馆（浙江省电子政务灾备中心、浙江省档案与电子文件登记备份中心）".into(),
            region_code: "330000".into(),
            number: 12,
            checkpoint: Checkpoint { size: 1_234_567, head: sha256(b"w") },
            received_at: "2026-12-07T01:00:00Z".parse().unwrap(),
        };
        let c4 = CertContent { layout: 4, witnessed: Some(w.clone()), ..c.clone() };
        let rows4 = rows(&sheet, &c4, &signed);
        assert!(rows4.iter().any(|r| r.label == "上级见证"));
        let pad = padding(&rows4, top, 4);
        let bottom = top + rows4.iter().map(|r| 2.0 * pad + text_height(r)).sum::<f32>();
        assert!(bottom + 6.0 <= BLOCK_LOWEST + 0.01, "layout 4's table ends at {bottom} mm");
        // A layout-3 certificate never gets the row, whatever the ledger says now.
        let c3 = CertContent { layout: 3, witnessed: Some(w), ..c };
        assert!(!rows(&sheet, &c3, &signed).iter().any(|r| r.label == "上级见证"));
    }
}
