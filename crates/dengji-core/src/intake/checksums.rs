//! Depositor-supplied checksum files: `sha256sum`/`md5sum`/`sha1sum` output (`SHA256SUMS`,
//! `*.sha256`, `*.md5`, `MD5SUMS`, `*.sha1`, `SHA1SUMS`), SM3 lists (`*.sm3`) and BagIt
//! manifests (`manifest-sha256.txt`, `manifest-md5.txt`, `manifest-sha1.txt`,
//! `manifest-sm3.txt`).

use crate::pathenc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Sha256,
    Md5,
    Sm3,
    Sha1,
}

impl Algorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sha256 => "sha256",
            Algorithm::Md5 => "md5",
            Algorithm::Sm3 => "sm3",
            Algorithm::Sha1 => "sha1",
        }
    }
    fn hex_len(self) -> usize {
        match self {
            Algorithm::Md5 => 32,
            Algorithm::Sha1 => 40,
            Algorithm::Sha256 | Algorithm::Sm3 => 64,
        }
    }
}

/// Which algorithm a file of this name lists, or None when it is not a checksum file.
pub fn algorithm_of(file_name: &str) -> Option<Algorithm> {
    let n = file_name.to_ascii_lowercase();
    let is = |exts: &[&str], names: &[&str]| exts.iter().any(|e| n.ends_with(e)) || names.contains(&n.as_str());
    if is(&[".sha256", ".sha256sum"], &["sha256sums", "sha256sums.txt", "manifest-sha256.txt", "checksums.sha256"]) {
        Some(Algorithm::Sha256)
    } else if is(&[".md5", ".md5sum"], &["md5sums", "md5sums.txt", "manifest-md5.txt"]) {
        Some(Algorithm::Md5)
    } else if is(&[".sha1", ".sha1sum"], &["sha1sums", "sha1sums.txt", "manifest-sha1.txt"]) {
        Some(Algorithm::Sha1)
    } else if is(&[".sm3"], &["sm3sums", "sm3sums.txt", "manifest-sm3.txt"]) {
        Some(Algorithm::Sm3)
    } else {
        None
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub line: usize,
    /// Path relative to the checksum file's directory, NFC, `/` separated.
    pub path: String,
    pub expected: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub line: usize,
    pub text: String,
}

/// Parses one checksum file. A line holding only a digest (the `file.pdf.sha256` style)
/// applies to the file named like the checksum file without its extension.
pub fn parse(content: &[u8], file_name: &str, algorithm: Algorithm) -> (Vec<Line>, Vec<BadLine>) {
    let text = String::from_utf8_lossy(content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(content));
    let bagit = file_name.to_ascii_lowercase().starts_with("manifest-");
    let mut lines = Vec::new();
    let mut bad = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let l = raw.trim_end_matches('\r');
        if l.trim().is_empty() || l.starts_with('#') {
            continue;
        }
        let (digest, rest, text_mode) = match l.find(char::is_whitespace) {
            // sha256sum writes exactly "  " (or " *" in binary mode) before the name, which
            // may itself start with a space or a star; BagIt allows any run of blanks.
            Some(p) => match l[p..].strip_prefix("  ") {
                Some(name) if !bagit => (&l[..p], name, true),
                _ => (&l[..p], l[p..].trim_start_matches([' ', '\t']), false),
            },
            None => (l, "", false),
        };
        let digest = digest.trim_start_matches('\\').to_ascii_lowercase();
        if digest.len() != algorithm.hex_len() || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
            bad.push(BadLine { line: i + 1, text: l.chars().take(200).collect() });
            continue;
        }
        // sha256sum marks binary mode with '*'; BagIt percent-encodes CR, LF and '%'.
        let mut path = if text_mode { rest } else { rest.strip_prefix('*').unwrap_or(rest) }.to_string();
        if bagit {
            path = String::from_utf8_lossy(&pathenc::manifest_decode(&path)).into_owned();
        }
        if path.is_empty() {
            match file_name.rfind('.') {
                Some(dot) => path = file_name[..dot].to_string(),
                None => {
                    bad.push(BadLine { line: i + 1, text: l.to_string() });
                    continue;
                }
            }
        }
        let path = path.replace('\\', "/");
        let path = path.strip_prefix("./").unwrap_or(&path);
        lines.push(Line { line: i + 1, path: pathenc::nfc(path), expected: digest });
    }
    (lines, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256sum_output() {
        let d = "a".repeat(64);
        let content = format!("{d}  ./文书/一.pdf\n{d} *b c.pdf\n\nnot a line\n");
        let (lines, bad) = parse(content.as_bytes(), "SHA256SUMS", Algorithm::Sha256);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].path, "文书/一.pdf");
        assert_eq!(lines[1].path, "b c.pdf");
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].line, 4);
    }

    #[test]
    fn names_starting_with_a_space_or_a_star_keep_them() {
        let d = "e".repeat(64);
        let (lines, _) = parse(format!("{d}   lead.pdf\n{d}  *star.pdf\n{d} * both.pdf\n").as_bytes(), "SHA256SUMS", Algorithm::Sha256);
        let paths: Vec<&str> = lines.iter().map(|l| l.path.as_str()).collect();
        assert_eq!(paths, [" lead.pdf", "*star.pdf", " both.pdf"]);
    }

    #[test]
    fn single_digest_file_names_its_sibling() {
        let d = "B".repeat(32);
        let (lines, _) = parse(d.as_bytes(), "report.pdf.md5", Algorithm::Md5);
        assert_eq!(lines[0].path, "report.pdf");
        assert_eq!(lines[0].expected, "b".repeat(32));
    }

    #[test]
    fn bagit_manifest_is_percent_decoded() {
        let d = "c".repeat(64);
        let (lines, _) = parse(format!("{d}  data/100%25.txt\n").as_bytes(), "manifest-sha256.txt", Algorithm::Sha256);
        assert_eq!(lines[0].path, "data/100%.txt");
    }

    use proptest::prelude::*;

    const ALGORITHMS: [Algorithm; 4] = [Algorithm::Sha256, Algorithm::Md5, Algorithm::Sm3, Algorithm::Sha1];

    /// A file name as a depositor might write one: letters, Chinese, spaces (leading ones
    /// too), `%`, dots, a leading `*`.
    const NAME: &str = "[a-zA-Z0-9档案文书%_() *-][a-zA-Z0-9档案文书%. _()-]{0,12}";

    proptest! {
        #![proptest_config(crate::prop::budget(256))]

        #[test]
        fn prop_any_bytes_parse_without_panic(
            content in proptest::collection::vec(any::<u8>(), 0..2000),
            name in "(SHA256SUMS|MD5SUMS|manifest-sha256.txt|manifest-sm3.txt|x\\.pdf\\.md5|.{0,12})",
            alg in 0usize..4,
        ) {
            let alg = ALGORITHMS[alg];
            let (lines, bad) = parse(&content, &name, alg);
            for l in &lines {
                prop_assert_eq!(l.expected.len(), alg.hex_len());
                prop_assert!(l.expected.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
                prop_assert!(l.line >= 1);
            }
            for b in &bad {
                prop_assert!(b.line >= 1);
            }
        }

        #[test]
        fn prop_sha256sum_lines_round_trip(
            entries in proptest::collection::vec((proptest::collection::vec(NAME, 1..4), any::<[u8; 32]>(), any::<bool>()), 1..20),
        ) {
            let mut text = String::new();
            for (parts, digest, binary) in &entries {
                text.push_str(&format!("{}{}{}\n", hex::encode(digest), if *binary { " *" } else { "  " }, parts.join("/")));
            }
            let (lines, bad) = parse(text.as_bytes(), "SHA256SUMS", Algorithm::Sha256);
            prop_assert!(bad.is_empty());
            prop_assert_eq!(lines.len(), entries.len());
            for (line, (parts, digest, _)) in lines.iter().zip(&entries) {
                prop_assert_eq!(&line.path, &pathenc::nfc(&parts.join("/")));
                prop_assert_eq!(&line.expected, &hex::encode(digest));
            }
        }

        /// BagIt manifests percent-encode CR, LF and `%`, so any name survives.
        #[test]
        fn prop_bagit_manifest_lines_round_trip(
            entries in proptest::collection::vec((proptest::collection::vec("[^/\\\\]{1,12}", 1..4), any::<[u8; 32]>()), 1..20),
        ) {
            let mut text = String::new();
            for (parts, digest) in &entries {
                let path = format!("data/{}", parts.join("/"));
                text.push_str(&format!("{}  {}\n", hex::encode(digest), pathenc::manifest_encode(path.as_bytes())));
            }
            let (lines, _) = parse(text.as_bytes(), "manifest-sha256.txt", Algorithm::Sha256);
            prop_assert_eq!(lines.len(), entries.len());
            for (line, (parts, _)) in lines.iter().zip(&entries) {
                let want = format!("data/{}", parts.join("/")).replace('\\', "/");
                prop_assert_eq!(&line.path, &pathenc::nfc(&want));
            }
        }
    }

    #[test]
    fn names() {
        assert_eq!(algorithm_of("SHA256SUMS"), Some(Algorithm::Sha256));
        assert_eq!(algorithm_of("x.pdf.md5"), Some(Algorithm::Md5));
        assert_eq!(algorithm_of("manifest-sm3.txt"), Some(Algorithm::Sm3));
        assert_eq!(algorithm_of("SHA1SUMS"), Some(Algorithm::Sha1));
        assert_eq!(algorithm_of("manifest-sha1.txt"), Some(Algorithm::Sha1));
        assert_eq!(algorithm_of("报告.pdf.sha1"), Some(Algorithm::Sha1));
        assert_eq!(algorithm_of("readme.txt"), None);
    }
}
