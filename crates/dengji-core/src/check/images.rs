//! What an image file says about itself: size in pixels, the resolution the scanner
//! recorded, colour mode and page count. Headers only; pixels are never decoded.
//! TIFF through the `tiff` crate, PNG through `png`, JPEG through `zune-jpeg` (frame and
//! colour space) and `kamadak-exif` (EXIF resolution); the JFIF density and the JPEG 2000
//! boxes are read here because no crate exposes them.

use std::io::Cursor;

use serde::{Deserialize, Serialize};

/// One image file of a registration, as reported per file (DA/T 31-2017 asks for the
/// colour mode and resolution of every scan).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageInfo {
    /// The item's path (empty until the check places the header under its item).
    pub item: String,
    pub format: String,
    pub width: u32,
    pub height: u32,
    /// As recorded in the file; the lowest over its pages. None when the file records none.
    pub dpi: Option<Dpi>,
    pub colour: ColourMode,
    /// Bits per sample (per channel), when the header says.
    pub bits: Option<u16>,
    pub pages: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Dpi {
    pub x: f64,
    pub y: f64,
}

impl Dpi {
    fn new(x: f64, y: f64) -> Option<Dpi> {
        let round = |v: f64| (v * 100.0).round() / 100.0;
        (x.is_finite() && y.is_finite() && x > 0.0 && y > 0.0).then(|| Dpi { x: round(x), y: round(y) })
    }

    /// The lower of the two axes: what a resolution rule has to go by.
    pub fn least(&self) -> f64 {
        self.x.min(self.y)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColourMode {
    /// 1 bit per pixel, black and white.
    Bilevel,
    Grey,
    Colour,
    /// Colours from a palette.
    Indexed,
    Unknown,
}

impl ColourMode {
    pub fn label_zh(self) -> &'static str {
        match self {
            ColourMode::Bilevel => "黑白二值",
            ColourMode::Grey => "灰度",
            ColourMode::Colour => "彩色",
            ColourMode::Indexed => "索引色",
            ColourMode::Unknown => "未知",
        }
    }
}

const INCH_PER_CM: f64 = 2.54;
const INCH_PER_METRE: f64 = 39.370_078_740_157_48;

/// The header of an image in `format` (the catalog's label), or why it cannot be read.
/// None for formats that are not images.
pub(crate) fn header(format: &str, bytes: &[u8]) -> Option<Result<ImageInfo, String>> {
    let header = match format {
        "TIFF" => tiff_header(bytes),
        "PNG" => png_header(bytes),
        "JPEG" => jpeg_header(bytes),
        "JPEG2000" => jp2_header(bytes),
        _ => return None,
    };
    Some(header.map(|h| ImageInfo { format: format.to_string(), ..h }))
}

/// An image's header facts, format and item filled in by the caller.
fn info(width: u32, height: u32, dpi: Option<Dpi>, colour: ColourMode, bits: Option<u16>) -> ImageInfo {
    ImageInfo { item: String::new(), format: String::new(), width, height, dpi, colour, bits, pages: 1 }
}

fn tiff_header(bytes: &[u8]) -> Result<ImageInfo, String> {
    use tiff::decoder::Decoder;
    use tiff::tags::Tag;
    let mut d = Decoder::new(Cursor::new(bytes)).map_err(|e| format!("TIFF 文件头无法解析：{e}"))?;
    let mut first: Option<ImageInfo> = None;
    let mut pages = 0u32;
    loop {
        pages += 1;
        let (width, height) = d.dimensions().map_err(|e| format!("TIFF 第 {pages} 页尺寸无法读取：{e}"))?;
        let (colour, bits) = match d.colortype() {
            Ok(c) => tiff_colour(c),
            Err(_) => (ColourMode::Unknown, None),
        };
        let x = d.find_tag(Tag::XResolution).ok().flatten().and_then(tiff_number);
        let y = d.find_tag(Tag::YResolution).ok().flatten().and_then(tiff_number);
        // ResolutionUnit: 1 none (aspect ratio only), 2 inch (the default), 3 centimetre.
        let unit = d.find_tag_unsigned::<u16>(Tag::ResolutionUnit).ok().flatten().unwrap_or(2);
        let dpi = match (x, y, unit) {
            (Some(x), Some(y), 2) => Dpi::new(x, y),
            (Some(x), Some(y), 3) => Dpi::new(x * INCH_PER_CM, y * INCH_PER_CM),
            _ => None,
        };
        match &mut first {
            None => first = Some(info(width, height, dpi, colour, bits)),
            Some(h) => {
                // The worst page decides whether the scan meets the resolution rule.
                h.dpi = match (h.dpi, dpi) {
                    (Some(a), Some(b)) => Dpi::new(a.x.min(b.x), a.y.min(b.y)),
                    _ => None,
                };
            }
        }
        if !d.more_images() {
            break;
        }
        d.next_image().map_err(|e| format!("TIFF 第 {} 页无法读取：{e}", pages + 1))?;
    }
    let mut h = first.expect("a TIFF decoder starts on its first page");
    h.pages = pages;
    Ok(h)
}

/// A TIFF tag's number: resolutions are RATIONAL, but some writers use other types.
fn tiff_number(v: tiff::decoder::ifd::Value) -> Option<f64> {
    use tiff::decoder::ifd::Value as V;
    match v {
        V::Rational(n, d) if d != 0 => Some(n as f64 / d as f64),
        V::SRational(n, d) if d != 0 => Some(n as f64 / d as f64),
        V::Double(x) => Some(x),
        V::Float(x) => Some(x.into()),
        V::Unsigned(x) => Some(x.into()),
        V::Short(x) => Some(x.into()),
        V::List(list) => list.into_iter().next().and_then(tiff_number),
        _ => None,
    }
}

fn tiff_colour(c: tiff::ColorType) -> (ColourMode, Option<u16>) {
    use tiff::ColorType as C;
    match c {
        C::Gray(1) => (ColourMode::Bilevel, Some(1)),
        C::Gray(b) | C::GrayA(b) => (ColourMode::Grey, Some(b.into())),
        C::Palette(b) => (ColourMode::Indexed, Some(b.into())),
        C::RGB(b) | C::RGBA(b) | C::CMYK(b) | C::CMYKA(b) | C::YCbCr(b) | C::Lab(b) => (ColourMode::Colour, Some(b.into())),
        C::Multiband { bit_depth, .. } => (ColourMode::Unknown, Some(bit_depth.into())),
        _ => (ColourMode::Unknown, None),
    }
}

fn png_header(bytes: &[u8]) -> Result<ImageInfo, String> {
    use png::ColorType as C;
    let reader = png::Decoder::new(Cursor::new(bytes)).read_info().map_err(|e| format!("PNG 文件头无法解析：{e}"))?;
    let png = reader.info();
    let bits = png.bit_depth as u16;
    let colour = match png.color_type {
        C::Grayscale if bits == 1 => ColourMode::Bilevel,
        C::Grayscale | C::GrayscaleAlpha => ColourMode::Grey,
        C::Indexed => ColourMode::Indexed,
        C::Rgb | C::Rgba => ColourMode::Colour,
    };
    let dpi = png
        .pixel_dims
        .filter(|p| p.unit == png::Unit::Meter)
        .and_then(|p| Dpi::new(p.xppu as f64 / INCH_PER_METRE, p.yppu as f64 / INCH_PER_METRE));
    Ok(info(png.width, png.height, dpi, colour, Some(bits)))
}

fn jpeg_header(bytes: &[u8]) -> Result<ImageInfo, String> {
    use zune_jpeg::zune_core::colorspace::ColorSpace as C;
    let mut d = zune_jpeg::JpegDecoder::new(Cursor::new(bytes));
    d.decode_headers().map_err(|e| format!("JPEG 文件头无法解析：{e:?}"))?;
    let frame = d.info().ok_or("JPEG 文件头无法解析")?;
    let colour = match d.input_colorspace() {
        Some(C::Luma | C::LumaA) => ColourMode::Grey,
        Some(C::YCbCr | C::RGB | C::RGBA | C::CMYK | C::YCCK | C::BGR | C::BGRA | C::ARGB) => ColourMode::Colour,
        _ => ColourMode::Unknown,
    };
    let dpi = jfif_density(bytes).or_else(|| exif_dpi(bytes));
    Ok(info(frame.width.into(), frame.height.into(), dpi, colour, Some(frame.pixel_density.into())))
}

/// The density of a JFIF APP0 segment. It is a fixed header (JFIF 1.02: `JFIF\0`, version,
/// units, Xdensity, Ydensity) that the JPEG crates skip, so it is read here directly:
/// the segments before the first scan are walked by their length fields.
fn jfif_density(bytes: &[u8]) -> Option<Dpi> {
    let mut at = 2; // after SOI
    while at + 4 <= bytes.len() && bytes[at] == 0xFF {
        let marker = bytes[at + 1];
        let len = u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
        if marker == 0xDA || len < 2 {
            return None; // start of scan: no APP0 came before it
        }
        let body = bytes.get(at + 4..at + 2 + len)?;
        if marker == 0xE0 && body.len() >= 12 && body.starts_with(b"JFIF\0") {
            let x = u16::from_be_bytes([body[8], body[9]]) as f64;
            let y = u16::from_be_bytes([body[10], body[11]]) as f64;
            // Units: 0 aspect ratio only, 1 dots per inch, 2 dots per centimetre.
            return match body[7] {
                1 => Dpi::new(x, y),
                2 => Dpi::new(x * INCH_PER_CM, y * INCH_PER_CM),
                _ => None,
            };
        }
        at += 2 + len;
    }
    None
}

fn exif_dpi(bytes: &[u8]) -> Option<Dpi> {
    use exif::{In, Tag, Value};
    let exif = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)).ok()?;
    let rational = |tag| match &exif.get_field(tag, In::PRIMARY)?.value {
        Value::Rational(v) => v.first().map(|r| r.to_f64()),
        _ => None,
    };
    let (x, y) = (rational(Tag::XResolution)?, rational(Tag::YResolution)?);
    match exif.get_field(Tag::ResolutionUnit, In::PRIMARY).and_then(|f| f.value.get_uint(0)).unwrap_or(2) {
        2 => Dpi::new(x, y),
        3 => Dpi::new(x * INCH_PER_CM, y * INCH_PER_CM),
        _ => None,
    }
}

/// The image header box (`ihdr`), colour specification (`colr`) and resolution boxes
/// (`resc` capture, `resd` display) of a JP2 file (ISO/IEC 15444-1 Annex I). No Rust crate
/// reads these without linking OpenJPEG, and they are fixed-layout boxes, so they are read
/// here.
fn jp2_header(bytes: &[u8]) -> Result<ImageInfo, String> {
    let bad = || "JPEG 2000 文件头无法解析（缺少 jp2h/ihdr 信息盒）".to_string();
    let jp2h = boxes(bytes).find(|(t, _)| t == b"jp2h").map(|(_, b)| b).ok_or_else(bad)?;
    let ihdr = boxes(jp2h).find(|(t, _)| t == b"ihdr").map(|(_, b)| b).filter(|b| b.len() >= 14).ok_or_else(bad)?;
    let height = u32::from_be_bytes(ihdr[0..4].try_into().expect("4 bytes"));
    let width = u32::from_be_bytes(ihdr[4..8].try_into().expect("4 bytes"));
    let components = u16::from_be_bytes([ihdr[8], ihdr[9]]);
    // BPC: bits minus one in the low 7 bits; 255 means it varies by component.
    let bits = (ihdr[10] != 255).then_some((ihdr[10] & 0x7F) as u16 + 1);
    // colr with method 1 names an enumerated colour space: 16 sRGB, 17 greyscale, 18 sYCC.
    let enumerated = boxes(jp2h)
        .find(|(t, b)| t == b"colr" && b.len() >= 7 && b[0] == 1)
        .map(|(_, b)| u32::from_be_bytes(b[3..7].try_into().expect("4 bytes")));
    let colour = match (enumerated, components) {
        (Some(17), _) if bits == Some(1) => ColourMode::Bilevel,
        (Some(17), _) => ColourMode::Grey,
        (Some(16 | 18), _) => ColourMode::Colour,
        (None, 1) => ColourMode::Grey,
        (None, 3 | 4) => ColourMode::Colour,
        _ => ColourMode::Unknown,
    };
    let res = boxes(jp2h).find(|(t, _)| t == b"res ").map(|(_, b)| b);
    let dpi = res.and_then(|res| {
        let of = |kind: &[u8; 4]| boxes(res).find(|(t, b)| t == kind && b.len() >= 10).map(|(_, b)| jp2_resolution(b));
        of(b"resc").or_else(|| of(b"resd")).flatten()
    });
    Ok(info(width, height, dpi, colour, bits))
}

/// A `resc`/`resd` box: VR_N, VR_D, HR_N, HR_D (u16) and VR_E, HR_E (i8), in grid points
/// per metre.
fn jp2_resolution(b: &[u8]) -> Option<Dpi> {
    let u = |i: usize| u16::from_be_bytes([b[i], b[i + 1]]) as f64;
    let (vn, vd, hn, hd) = (u(0), u(2), u(4), u(6));
    let (ve, he) = (b[8] as i8 as i32, b[9] as i8 as i32);
    if vd == 0.0 || hd == 0.0 {
        return None;
    }
    let per_metre = |n: f64, d: f64, e: i32| n / d * 10f64.powi(e);
    Dpi::new(per_metre(hn, hd, he) / INCH_PER_METRE, per_metre(vn, vd, ve) / INCH_PER_METRE)
}

/// The boxes of an ISO base-media style container: (type, body).
fn boxes(mut bytes: &[u8]) -> impl Iterator<Item = ([u8; 4], &[u8])> {
    std::iter::from_fn(move || {
        if bytes.len() < 8 {
            return None;
        }
        let len = u32::from_be_bytes(bytes[0..4].try_into().expect("4 bytes")) as u64;
        let kind: [u8; 4] = bytes[4..8].try_into().expect("4 bytes");
        let (header, len) = match len {
            0 => (8, bytes.len() as u64),
            1 if bytes.len() >= 16 => (16, u64::from_be_bytes(bytes[8..16].try_into().expect("8 bytes"))),
            n => (8, n),
        };
        if len < header || len > bytes.len() as u64 {
            return None;
        }
        let body = &bytes[header as usize..len as usize];
        bytes = &bytes[len as usize..];
        Some((kind, body))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jp2(res: Option<[u8; 10]>, enumerated: u32, components: u16) -> Vec<u8> {
        fn bx(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
            let mut out = ((body.len() + 8) as u32).to_be_bytes().to_vec();
            out.extend_from_slice(kind);
            out.extend_from_slice(body);
            out
        }
        let mut ihdr = 3508u32.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&2480u32.to_be_bytes());
        ihdr.extend_from_slice(&components.to_be_bytes());
        ihdr.extend_from_slice(&[7, 7, 0, 0]);
        let mut colr = vec![1, 0, 0];
        colr.extend_from_slice(&enumerated.to_be_bytes());
        let mut jp2h = bx(b"ihdr", &ihdr);
        jp2h.extend(bx(b"colr", &colr));
        if let Some(r) = res {
            jp2h.extend(bx(b"res ", &bx(b"resc", &r)));
        }
        let mut out = bx(b"jP  ", &[0x0D, 0x0A, 0x87, 0x0A]);
        out.extend(bx(b"ftyp", b"jp2 \0\0\0\0jp2 "));
        out.extend(bx(b"jp2h", &jp2h));
        out.extend(bx(b"jp2c", &[0xFF, 0x4F]));
        out
    }

    #[test]
    fn jpeg_2000_boxes_give_size_colour_and_capture_resolution() {
        // 11811 grid points per metre = 300 dpi: 11811/1 * 10^0.
        let r = 11811u16.to_be_bytes();
        let h = jp2_header(&jp2(Some([r[0], r[1], 0, 1, r[0], r[1], 0, 1, 0, 0]), 16, 3)).unwrap();
        assert_eq!((h.width, h.height, h.colour, h.bits), (2480, 3508, ColourMode::Colour, Some(8)));
        let dpi = h.dpi.unwrap();
        assert!((dpi.x - 300.0).abs() < 0.05 && (dpi.y - 300.0).abs() < 0.05, "{dpi:?}");
        let grey = jp2_header(&jp2(None, 17, 1)).unwrap();
        assert_eq!((grey.colour, grey.dpi), (ColourMode::Grey, None));
        assert!(jp2_header(b"\0\0\0\x0cjP  \r\n\x87\n").is_err());
    }

    #[test]
    fn jfif_density_in_dots_per_inch_or_centimetre() {
        let seg = |units: u8, x: u16, y: u16| {
            let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
            v.extend_from_slice(b"JFIF\0\x01\x02");
            v.push(units);
            v.extend_from_slice(&x.to_be_bytes());
            v.extend_from_slice(&y.to_be_bytes());
            v.extend_from_slice(&[0, 0, 0xFF, 0xDA]);
            v
        };
        assert_eq!(jfif_density(&seg(1, 300, 300)), Some(Dpi { x: 300.0, y: 300.0 }));
        assert_eq!(jfif_density(&seg(2, 118, 118)).map(|d| d.x.round()), Some(300.0));
        assert_eq!(jfif_density(&seg(0, 1, 1)), None);
        assert_eq!(jfif_density(&[0xFF, 0xD8, 0xFF, 0xDA, 0, 2]), None);
    }
}
