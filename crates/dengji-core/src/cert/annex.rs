//! The annex (附件：文件清单): every file of the registration with its size and digest,
//! as many pages as it takes. Paths wrap within their column (at most three lines; longer
//! ones keep their beginning and end around "…"); digests are never cut.
//!
//! Two versions: `V1` (layouts 1 and 2, kept as issued: path, size, SM3, and a note that
//! names commands) and `V2` (layout 3: also 档号 and 题名 under the path, the SHA-256 under
//! the SM3, and a note in words a lawyer reads without knowing any command).

use printpdf::PdfPage;

use super::draw::{Sheet, BLACK, GREY, PALE};
use super::font::Face;
use super::model::{AnnexItem, CertContent};
use super::text::{fit_path, thousands, wrap, Breaks};

const LEFT: f32 = 15.0;
const WIDTH: f32 = 180.0;
/// Column widths: number, path, size, SM3.
const COLS: [f32; 4] = [10.0, 65.0, 18.0, 87.0];
/// Layout 3: number, path with 档号 and 题名, size, SM3 over SHA-256.
const COLS_V2: [f32; 4] = [10.0, 62.0, 18.0, 90.0];
/// At most this many lines of 档号 and 题名 under a path.
const META_LINES: usize = 2;
const PAD: f32 = 1.2;
const PATH_SIZE: f32 = 7.5;
const HEX_SIZE: f32 = 6.8;
const LINE: f32 = 3.3;
const HEADER_ROW: f32 = 6.0;
const BOTTOM: f32 = 277.0;
const NOTE_SIZE: f32 = 8.5;
const NOTE_LINE: f32 = 4.4;

const NOTE: &str = "核验方法：本清单列出登记时每个文件的路径、大小（字节）和 SM3 摘要。持有文件的任何人都可以不借助本系统自行核对：\
运行 openssl dgst -sm3 文件名（OpenSSL 1.1.1 及以上版本），将输出的 64 位十六进制摘要与对应行比对，完全一致即说明该文件与登记时逐字节相同；\
文件的 SHA-256 摘要可用 sha256sum 文件名 计算，与本馆提供的清单比对。";

const NOTE_V2: &str =
    "核验方法：本清单逐一列出登记时的每个文件：路径、档号与题名、大小（字节），以及两种摘要——上行为 SM3（国家密码算法），\
下行为 SHA-256。摘要相当于文件的“指纹”：文件哪怕改动一个字节，摘要也完全不同。持有文件的任何人都可以不借助本馆、用任何能计算 SM3 或 \
SHA-256 的通用软件算出所持文件的摘要，与对应行逐位比对：完全一致，即说明该文件与登记时逐字节相同。";

/// Which annex a layout prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Version {
    V1,
    V2,
}

impl Version {
    pub(super) fn of_layout(layout: i64) -> Version {
        if layout >= 3 {
            Version::V2
        } else {
            Version::V1
        }
    }

    fn cols(self) -> [f32; 4] {
        match self {
            Version::V1 => COLS,
            Version::V2 => COLS_V2,
        }
    }

    fn note(self) -> &'static str {
        match self {
            Version::V1 => NOTE,
            Version::V2 => NOTE_V2,
        }
    }

    fn headers(self) -> [&'static str; 4] {
        match self {
            Version::V1 => ["序号", "文件路径", "大小（字节）", "SM3 摘要"],
            Version::V2 => ["序号", "文件路径、档号与题名", "大小（字节）", "SM3 摘要 / SHA-256 摘要"],
        }
    }
}

pub(super) struct Row {
    number: usize,
    path: Vec<String>,
    /// 档号 and 题名 (layout 3 only).
    meta: Vec<String>,
    size: String,
    sm3: String,
    /// Layout 3 only.
    sha256: Option<String>,
}

impl Row {
    fn height(&self) -> f32 {
        let digests = if self.sha256.is_some() { 2 } else { 1 };
        2.0 * PAD + (self.path.len() + self.meta.len()).max(digests) as f32 * LINE
    }
}

fn note_lines(face: &Face, v: Version) -> Vec<String> {
    wrap(face, v.note(), NOTE_SIZE, WIDTH, Breaks::Anywhere)
}

/// Where the table starts on an annex page: below the header, and on the first annex
/// page below the note on checking files.
fn table_top(face: &Face, first: bool, v: Version) -> f32 {
    if first {
        30.0 + note_lines(face, v).len() as f32 * NOTE_LINE
    } else {
        29.0
    }
}

/// 档号 and 题名 of an item in at most `META_LINES` lines of the path column.
fn meta_lines(face: &Face, item: &AnnexItem, width: f32) -> Vec<String> {
    let parts: Vec<String> = [("档号", &item.ref_code), ("题名", &item.title)]
        .iter()
        .filter_map(|(label, v)| v.as_deref().map(|v| format!("{label}：{}", face.printable(v))))
        .collect();
    if parts.is_empty() {
        return Vec::new();
    }
    let mut lines = wrap(face, &parts.join("　"), PATH_SIZE, width, Breaks::Anywhere);
    if lines.len() > META_LINES {
        lines.truncate(META_LINES);
        let last = lines.last_mut().expect("kept lines");
        last.pop();
        last.push('…');
    }
    lines
}

/// Lays the files out on pages (always at least one page, so the annex exists even
/// when empty).
pub(super) fn paginate(face: &Face, items: &[AnnexItem], v: Version) -> Vec<Vec<Row>> {
    let cols = v.cols();
    let mut pages = vec![Vec::new()];
    let mut y = table_top(face, true, v) + HEADER_ROW;
    for (i, item) in items.iter().enumerate() {
        let width = cols[1] - 2.0 * PAD;
        let row = Row {
            number: i + 1,
            path: fit_path(face, &face.printable(&item.path), PATH_SIZE, width, 3),
            meta: if v == Version::V2 { meta_lines(face, item, width) } else { Vec::new() },
            size: thousands(item.size),
            sm3: item.sm3.to_hex(),
            sha256: (v == Version::V2).then(|| item.sha256.to_hex()),
        };
        if y + row.height() > BOTTOM && !pages.last().is_some_and(|p| p.is_empty()) {
            pages.push(Vec::new());
            y = table_top(face, false, v) + HEADER_ROW;
        }
        y += row.height();
        pages.last_mut().expect("at least one page").push(row);
    }
    pages
}

/// The largest size up to `size` at which `text` fits in `width` mm.
fn fitting(face: &Face, text: &str, size: f32, width: f32) -> f32 {
    let w = face.width(text, size);
    if w <= width {
        size
    } else {
        size * width / w
    }
}

pub(super) fn draw(mut sheet: Sheet<'_>, c: &CertContent, rows: &[Row], page: usize, total_pages: usize, v: Version) -> PdfPage {
    let cols = v.cols();
    let face = sheet.face();
    let first = page == 2;
    sheet.ink(BLACK);
    sheet.heavy(0.3, |s| s.text(LEFT, 20.0, 13.0, "附件：文件清单"));
    sheet.ink(GREY);
    sheet.text_right(
        LEFT + WIDTH,
        20.0,
        8.5,
        &format!("证明编号 {}　登记号 {}　共 {} 个文件", c.certificate_number, c.registration_number, thousands(c.files)),
    );
    sheet.line_width(0.6);
    sheet.line(LEFT, 23.0, LEFT + WIDTH, 23.0);
    sheet.ink(BLACK);
    if first {
        for (i, line) in note_lines(face, v).iter().enumerate() {
            sheet.text(LEFT, 28.5 + i as f32 * NOTE_LINE, NOTE_SIZE, line);
        }
    }

    let top = table_top(face, first, v);
    let x: Vec<f32> = cols.iter().scan(LEFT, |x, w| Some(std::mem::replace(x, *x + w))).collect();
    sheet.ink(PALE);
    sheet.fill(LEFT, top, WIDTH, HEADER_ROW);
    sheet.ink(BLACK);
    for (i, label) in v.headers().iter().enumerate() {
        sheet.text_centered(x[i] + cols[i] / 2.0, top + 4.2, 7.5, label);
    }
    let mut y = top + HEADER_ROW;
    sheet.line_width(0.25);
    for row in rows {
        let base = y + PAD + 2.5;
        sheet.text_right(x[0] + COLS[0] - PAD, base, PATH_SIZE, &row.number.to_string());
        for (i, line) in row.path.iter().enumerate() {
            sheet.text(x[1] + PAD, base + i as f32 * LINE, PATH_SIZE, line);
        }
        if !row.meta.is_empty() {
            sheet.ink(GREY);
            for (i, line) in row.meta.iter().enumerate() {
                sheet.text(x[1] + PAD, base + (row.path.len() + i) as f32 * LINE, PATH_SIZE, line);
            }
            sheet.ink(BLACK);
        }
        let size_pt = fitting(face, &row.size, PATH_SIZE, cols[2] - 2.0 * PAD);
        sheet.text_right(x[2] + cols[2] - PAD, base, size_pt, &row.size);
        let hex_pt = fitting(face, &row.sm3, HEX_SIZE, cols[3] - 2.0 * PAD);
        sheet.text(x[3] + PAD, base, hex_pt, &row.sm3);
        if let Some(sha256) = &row.sha256 {
            sheet.ink(GREY);
            sheet.text(x[3] + PAD, base + LINE, hex_pt, sha256);
            sheet.ink(BLACK);
        }
        y += row.height();
        sheet.line(LEFT, y, LEFT + WIDTH, y);
    }
    sheet.line_width(0.6);
    sheet.frame(LEFT, top, WIDTH, y - top);
    sheet.line_width(0.25);
    for col in &x[1..] {
        sheet.line(*col, top, *col, y);
    }

    sheet.ink(GREY);
    sheet.text_centered(LEFT + WIDTH / 2.0, 287.0, 8.5, &format!("第 {page} 页 共 {total_pages} 页"));
    sheet.into_page()
}
