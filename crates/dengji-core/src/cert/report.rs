//! A flowing report (鉴证报告, 四性检测报告): a title, then lines of wrapped text run over A4
//! pages with a running head and "第 X 页 共 Y 页", in the certificate's font.

use printpdf::{FontId, PdfDocument, PdfSaveOptions};

use super::draw::{Ink, Sheet, BLACK, GREY};
use super::font::{self, Face};
use super::text::{wrap, Breaks};
use crate::error::{Error, Result};

pub(super) const LEFT: f32 = 18.0;
pub(super) const WIDTH: f32 = 174.0;
const TOP: f32 = 30.0;
const BOTTOM: f32 = 276.0;
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

/// The text of a report, wrapped to the page width as it is added.
pub(super) struct Flow {
    face: &'static Face,
    lines: Vec<Line>,
}

impl Flow {
    pub(super) fn new() -> Result<Flow> {
        Ok(Flow { face: font::face()?, lines: Vec::new() })
    }

    /// Adds `text` indented `indent` mm, `before` mm below what precedes it.
    pub(super) fn add(&mut self, indent: f32, size: f32, ink: Ink, before: f32, text: &str) {
        let text = self.face.printable(text);
        for (i, t) in wrap(self.face, &text, size, WIDTH - indent, Breaks::Anywhere).into_iter().enumerate() {
            self.lines.push(Line { indent, size, ink, text: t, before: if i == 0 { before } else { 0.0 } });
        }
    }

    /// Lays the lines out on pages between TOP and BOTTOM (the first page below the title).
    fn paginate(self) -> Vec<Vec<(f32, Line)>> {
        let mut pages = vec![Vec::new()];
        let mut y = TOP + 12.0;
        for line in self.lines {
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

    /// The PDF: `title` on page one, `head` at the top of every page.
    /// One numbered line per item with its size, then its SM3 and SHA-256 (records handed
    /// to a unit, whose clerk checks them with openssl and sha256sum).
    pub(super) fn items(&mut self, items: &[crate::registrations::Item], size: f32, hex: f32) {
        for (n, item) in items.iter().enumerate() {
            self.add(0.0, size, BLACK, 3.0, &format!("{}. {}（{} 字节）", n + 1, item.path, super::text::thousands(item.size)));
            self.add(4.0, hex, BLACK, 0.0, &format!("SM3 {}", item.sm3.to_hex()));
            self.add(4.0, hex, BLACK, 0.0, &format!("SHA-256 {}", item.sha256.to_hex()));
        }
    }

    pub(super) fn render(self, title: &str, head: &str, author: &str) -> Result<Vec<u8>> {
        let face = self.face;
        let font_id = FontId("REPORT".into());
        let pages = self.paginate();
        let total = pages.len();
        let mut out_pages = Vec::with_capacity(total);
        for (n, page) in pages.into_iter().enumerate() {
            let mut s = Sheet::new(face, &font_id);
            s.ink(GREY);
            s.text(LEFT, 16.0, 8.0, head);
            s.line_width(0.4);
            s.line(LEFT, 19.0, LEFT + WIDTH, 19.0);
            if n == 0 {
                s.ink(BLACK);
                s.heavy(0.4, |s| s.text_centered(LEFT + WIDTH / 2.0, TOP + 4.0, 18.0, title));
            }
            for (baseline, line) in page {
                s.ink(line.ink);
                s.text(LEFT + line.indent, baseline, line.size, &line.text);
            }
            s.ink(GREY);
            s.text_centered(LEFT + WIDTH / 2.0, 287.0, 8.5, &format!("第 {} 页 共 {total} 页", n + 1));
            out_pages.push(s.into_page());
        }
        let mut doc = PdfDocument::new(title);
        doc.metadata.info.author = author.to_string();
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
}
