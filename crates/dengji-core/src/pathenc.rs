//! Relative paths of items: original bytes kept, NFC text for display and search, and
//! the RFC 8493 manifest encoding (CR, LF and `%` percent-encoded; invalid UTF-8 bytes too).

use std::path::Path;

use unicode_normalization::UnicodeNormalization;

/// The bytes of a path component as the OS gave them.
#[cfg(unix)]
pub fn os_bytes(p: &std::ffi::OsStr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_bytes().to_vec()
}

/// Windows names are UTF-16; stored as UTF-8 (unpaired surrogates replaced).
#[cfg(not(unix))]
pub fn os_bytes(p: &std::ffi::OsStr) -> Vec<u8> {
    p.to_string_lossy().into_owned().into_bytes()
}

/// Joins the components of `rel` with `/`, whatever the platform separator.
pub fn join_components(base: &[u8], rel: &Path) -> Vec<u8> {
    let mut out = base.to_vec();
    for c in rel.components() {
        if !out.is_empty() {
            out.push(b'/');
        }
        out.extend_from_slice(&os_bytes(c.as_os_str()));
    }
    out
}

/// Display form: lossy UTF-8, NFC-normalised.
pub fn display(raw: &[u8]) -> String {
    String::from_utf8_lossy(raw).nfc().collect()
}

/// NFC-normalises a path typed or read as text (for matching checksum-file lines).
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// RFC 8493 §2.1.3 manifest form of a path.
pub fn manifest_encode(raw: &[u8]) -> String {
    let mut out = String::with_capacity(raw.len());
    for chunk in raw.utf8_chunks() {
        for ch in chunk.valid().chars() {
            match ch {
                '%' => out.push_str("%25"),
                '\r' => out.push_str("%0D"),
                '\n' => out.push_str("%0A"),
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Inverse of `manifest_encode` for the sequences it writes (and any other %XX).
pub fn manifest_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_round_trip() {
        for raw in [&b"a/b c.pdf"[..], b"100%/x\r\ny", "文书/会议纪要.pdf".as_bytes(), b"bad\xffname"] {
            assert_eq!(manifest_decode(&manifest_encode(raw)), raw);
        }
        assert_eq!(manifest_encode(b"100%\n"), "100%25%0A");
    }

    proptest::proptest! {
        #![proptest_config(crate::prop::budget(256))]

        #[test]
        fn prop_manifest_encoding_round_trips_on_one_line(raw in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let encoded = manifest_encode(&raw);
            proptest::prop_assert!(!encoded.contains(['\r', '\n']));
            proptest::prop_assert_eq!(manifest_decode(&encoded), raw);
        }

        #[test]
        fn prop_manifest_decode_takes_any_text(text in "(%|[0-9a-fA-F]|.){0,64}") {
            let _ = display(&manifest_decode(&text));
        }
    }

    #[test]
    fn nfd_displays_as_nfc() {
        let nfd = "e\u{301}.txt";
        assert_eq!(display(nfd.as_bytes()), "\u{e9}.txt");
    }
}
