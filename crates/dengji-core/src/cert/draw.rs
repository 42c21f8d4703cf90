//! A page being drawn: text and rules placed in millimetres from the top-left corner
//! (as a layout is designed), turned into printpdf operations (origin bottom-left).

use printpdf::{
    Color, DictItem, FontId, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode, PdfFontHandle, PdfPage, Point, Pt, Rect, Rgb, TextItem,
    TextMatrix, TextRenderingMode,
};

use super::font::{Face, MM_PER_PT};

pub(super) const PAGE_W: f32 = 210.0;
pub(super) const PAGE_H: f32 = 297.0;

#[derive(Clone, Copy, PartialEq)]
pub(super) struct Ink(pub f32, pub f32, pub f32);

pub(super) const BLACK: Ink = Ink(0.0, 0.0, 0.0);
pub(super) const GREY: Ink = Ink(0.45, 0.45, 0.45);
pub(super) const PALE: Ink = Ink(0.92, 0.92, 0.92);
/// The dark red of official frames and marks.
pub(super) const SEAL_RED: Ink = Ink(0.66, 0.08, 0.08);

impl Ink {
    fn color(self) -> Color {
        Color::Rgb(Rgb { r: self.0, g: self.1, b: self.2, icc_profile: None })
    }
}

fn pt(mm: f32) -> Pt {
    Pt(mm / MM_PER_PT)
}

pub(super) struct Sheet<'f> {
    face: &'f Face,
    font: FontId,
    ops: Vec<Op>,
    /// Font size of the open text section, if one is open (consecutive texts share one).
    text_size: Option<f32>,
}

impl<'f> Sheet<'f> {
    pub(super) fn new(face: &'f Face, font: &FontId) -> Self {
        Sheet { face, font: font.clone(), ops: Vec::new(), text_size: None }
    }

    pub(super) fn face(&self) -> &'f Face {
        self.face
    }

    fn end_text(&mut self) {
        if self.text_size.take().is_some() {
            self.ops.push(Op::EndTextSection);
        }
    }

    /// Left-aligned text with its baseline `baseline` mm below the top of the page.
    pub(super) fn text(&mut self, x: f32, baseline: f32, size: f32, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.text_size.is_none() {
            self.ops.push(Op::StartTextSection);
        }
        if self.text_size != Some(size) {
            self.ops.push(Op::SetFont { font: PdfFontHandle::External(self.font.clone()), size: Pt(size) });
            self.text_size = Some(size);
        }
        self.ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(pt(x), pt(PAGE_H - baseline)) });
        self.ops.push(Op::ShowText { items: vec![TextItem::Text(text.to_string())] });
    }

    pub(super) fn text_centered(&mut self, centre: f32, baseline: f32, size: f32, text: &str) {
        let w = self.face.width(text, size);
        self.text(centre - w / 2.0, baseline, size, text);
    }

    pub(super) fn text_right(&mut self, right: f32, baseline: f32, size: f32, text: &str) {
        let w = self.face.width(text, size);
        self.text(right - w, baseline, size, text);
    }

    /// Text drawn filled and outlined, for headings: one Regular face, visibly heavier.
    pub(super) fn heavy(&mut self, weight_pt: f32, draw: impl FnOnce(&mut Self)) {
        self.end_text();
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetOutlineThickness { pt: Pt(weight_pt) });
        self.ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::FillStroke });
        draw(self);
        self.end_text();
        self.ops.push(Op::RestoreGraphicsState);
    }

    /// Draws with `draw` what reads as `text` when copied or extracted (PDF ActualText):
    /// a letter-spaced title still reads "档案登记证明", not "档 案 登 记 证 明".
    pub(super) fn reads_as(&mut self, text: &str, draw: impl FnOnce(&mut Self)) {
        self.end_text();
        let utf16: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        let properties = DictItem::Dict { map: [("ActualText".to_string(), DictItem::String { data: utf16, literal: false })].into() };
        self.ops.push(Op::BeginMarkedContentWithProperties { tag: "Span".into(), properties });
        draw(self);
        self.end_text();
        self.ops.push(Op::EndMarkedContentWithProperties);
    }

    /// Fill and stroke colour of what follows.
    pub(super) fn ink(&mut self, ink: Ink) {
        self.end_text();
        self.ops.push(Op::SetFillColor { col: ink.color() });
        self.ops.push(Op::SetOutlineColor { col: ink.color() });
    }

    pub(super) fn line_width(&mut self, width_pt: f32) {
        self.end_text();
        self.ops.push(Op::SetOutlineThickness { pt: Pt(width_pt) });
    }

    pub(super) fn dashed(&mut self, dashed: bool) {
        self.end_text();
        let dash = if dashed { LineDashPattern::new(0.0, &[3.0, 2.0]) } else { LineDashPattern::solid() };
        self.ops.push(Op::SetLineDashPattern { dash });
    }

    pub(super) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.end_text();
        let point = |x: f32, y: f32| LinePoint { p: Point { x: pt(x), y: pt(PAGE_H - y) }, bezier: false };
        self.ops.push(Op::DrawLine { line: Line { points: vec![point(x1, y1), point(x2, y2)], is_closed: false } });
    }

    fn rectangle(&mut self, x: f32, top: f32, w: f32, h: f32, mode: PaintMode) {
        self.end_text();
        let mut r = Rect::from_xywh(pt(x), pt(PAGE_H - top - h), pt(w), pt(h));
        r.mode = Some(mode);
        self.ops.push(Op::DrawRectangle { rectangle: r });
    }

    /// An outlined rectangle whose top-left corner is (`x`, `top`).
    pub(super) fn frame(&mut self, x: f32, top: f32, w: f32, h: f32) {
        self.rectangle(x, top, w, h, PaintMode::Stroke);
    }

    pub(super) fn fill(&mut self, x: f32, top: f32, w: f32, h: f32) {
        self.rectangle(x, top, w, h, PaintMode::Fill);
    }

    pub(super) fn into_page(mut self) -> PdfPage {
        self.end_text();
        PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), self.ops)
    }
}
