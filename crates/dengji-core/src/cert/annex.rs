//! The annex (附件：文件清单): every file of the registration with its size and SM3
//! digest, as many pages as it takes. Paths wrap within their column (at most three
//! lines; longer ones keep their beginning and end around "…"); digests are never cut.

use printpdf::PdfPage;

use super::draw::{Sheet, BLACK, GREY, PALE};
use super::font::Face;
use super::model::{AnnexItem, CertContent};
use super::text::{fit_path, thousands, wrap, Breaks};

const LEFT: f32 = 15.0;
const WIDTH: f32 = 180.0;
/// Column widths: number, path, size, SM3.
const COLS: [f32; 4] = [10.0, 65.0, 18.0, 87.0];
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

pub(super) struct Row {
    number: usize,
    path: Vec<String>,
    size: String,
    sm3: String,
}

impl Row {
    fn height(&self) -> f32 {
        2.0 * PAD + self.path.len() as f32 * LINE
    }
}

fn note_lines(face: &Face) -> Vec<String> {
    wrap(face, NOTE, NOTE_SIZE, WIDTH, Breaks::Anywhere)
}

/// Where the table starts on an annex page: below the header, and on the first annex
/// page below the note on checking files.
fn table_top(face: &Face, first: bool) -> f32 {
    if first {
        30.0 + note_lines(face).len() as f32 * NOTE_LINE
    } else {
        29.0
    }
}

/// Lays the files out on pages (always at least one page, so the annex exists even
/// when empty).
pub(super) fn paginate(face: &Face, items: &[AnnexItem]) -> Vec<Vec<Row>> {
    let mut pages = vec![Vec::new()];
    let mut y = table_top(face, true) + HEADER_ROW;
    for (i, item) in items.iter().enumerate() {
        let row = Row {
            number: i + 1,
            path: fit_path(face, &face.printable(&item.path), PATH_SIZE, COLS[1] - 2.0 * PAD, 3),
            size: thousands(item.size),
            sm3: item.sm3.to_hex(),
        };
        if y + row.height() > BOTTOM && !pages.last().is_some_and(|p| p.is_empty()) {
            pages.push(Vec::new());
            y = table_top(face, false) + HEADER_ROW;
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

pub(super) fn draw(mut sheet: Sheet, c: &CertContent, rows: &[Row], page: usize, total_pages: usize) -> PdfPage {
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
        for (i, line) in note_lines(face).iter().enumerate() {
            sheet.text(LEFT, 28.5 + i as f32 * NOTE_LINE, NOTE_SIZE, line);
        }
    }

    let top = table_top(face, first);
    let x: Vec<f32> = COLS.iter().scan(LEFT, |x, w| Some(std::mem::replace(x, *x + w))).collect();
    sheet.ink(PALE);
    sheet.fill(LEFT, top, WIDTH, HEADER_ROW);
    sheet.ink(BLACK);
    for (i, label) in ["序号", "文件路径", "大小（字节）", "SM3 摘要"].iter().enumerate() {
        sheet.text_centered(x[i] + COLS[i] / 2.0, top + 4.2, 7.5, label);
    }
    let mut y = top + HEADER_ROW;
    sheet.line_width(0.25);
    for row in rows {
        let base = y + PAD + 2.5;
        sheet.text_right(x[0] + COLS[0] - PAD, base, PATH_SIZE, &row.number.to_string());
        for (i, line) in row.path.iter().enumerate() {
            sheet.text(x[1] + PAD, base + i as f32 * LINE, PATH_SIZE, line);
        }
        let size_pt = fitting(face, &row.size, PATH_SIZE, COLS[2] - 2.0 * PAD);
        sheet.text_right(x[2] + COLS[2] - PAD, base, size_pt, &row.size);
        let hex_pt = fitting(face, &row.sm3, HEX_SIZE, COLS[3] - 2.0 * PAD);
        sheet.text(x[3] + PAD, base, hex_pt, &row.sm3);
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
