//! Names on the medium (介质上的文件名): where each item of a registration lives inside
//! its bag, so that the bag can be written to FAT32, exFAT and NTFS and read on Windows.
//!
//! Use: `let layout = BagLayout::new(&items)` with the registration's WHOLE item list
//! (never a filtered one: a rename in one folder can depend on a sibling), then
//! `layout.payload_rel(&item)` is the item's path under the bag's `data/` folder, and
//! `layout.names_file()` the text of the tag file `dengji-names.txt` (none when nothing
//! was renamed). The mapping is a pure function of the item paths, so backup, verify,
//! repair, restore and recover all regenerate it from the catalog without reading the
//! medium. Ordinary names (Chinese included) are kept byte for byte, so a bag with no
//! renamed item is exactly what it was before names were mapped.
//!
//! Per path component, in this order:
//! - `< > : " \ | ? *` become their fullwidth look-alikes `＜ ＞ ： ＂ ＼ ｜ ？ ＊`, control
//!   characters 0x01–0x1F become the control pictures U+2401–U+241F, an invalid UTF-8
//!   byte `XX` becomes `‛XX` (as rclone's encoder does);
//! - a trailing space becomes `␠`, a trailing dot `．`;
//! - a Windows device name (CON, PRN, AUX, NUL, COM0–9, LPT0–9, with or without an
//!   extension, any case) gets `_` after it: `CON.txt` → `CON_.txt`;
//! - a name over 255 UTF-8 bytes (the limit of ext4; FAT's 255 UTF-16 units is never
//!   tighter) is shortened, keeping its extension, and marked `~<8 hex>` from the SHA-256
//!   of the original name;
//! - names that would be the same on a case-insensitive file system, or after Unicode
//!   NFC normalisation, get `~2`, `~3`, … before the extension. Within a folder, names
//!   kept as they were claim first, then mapped ones, each group in original byte order.

use std::collections::{BTreeMap, BTreeSet};

use unicode_normalization::UnicodeNormalization;

use crate::digest::sha256;
use crate::pathenc;
use crate::registrations::Item;

/// The tag file that records the original path of every renamed item.
pub const NAMES_FILE: &str = "dengji-names.txt";

/// The longest name, in UTF-8 bytes, the mapping writes.
const MAX_NAME_BYTES: usize = 255;

/// Where the items of one registration live inside its bag.
pub(crate) struct BagLayout {
    /// On-medium path under `data/` of every item whose path changed, by original path bytes.
    renamed: BTreeMap<Vec<u8>, Vec<u8>>,
}

impl BagLayout {
    /// The layout of a bag holding `items` (all items of the registration).
    pub(crate) fn new(items: &[Item]) -> BagLayout {
        BagLayout::from_paths(items.iter().map(|i| i.path_raw.as_slice()))
    }

    /// The same from the original relative paths alone.
    pub(crate) fn from_paths<'a>(paths: impl IntoIterator<Item = &'a [u8]>) -> BagLayout {
        let mut tree = Folder::default();
        let paths: Vec<&[u8]> = paths.into_iter().collect();
        for p in &paths {
            let mut node = &mut tree;
            for part in p.split(|b| *b == b'/') {
                node = node.children.entry(part.to_vec()).or_default();
            }
        }
        tree.assign();
        let mut renamed = BTreeMap::new();
        for p in paths {
            let mut node = &tree;
            let mut out = Vec::with_capacity(p.len());
            for part in p.split(|b| *b == b'/') {
                node = &node.children[part];
                if !out.is_empty() {
                    out.push(b'/');
                }
                out.extend_from_slice(&node.name);
            }
            if out != p {
                renamed.insert(p.to_vec(), out);
            }
        }
        BagLayout { renamed }
    }

    /// The item's path under the bag's `data/` folder on the medium.
    pub(crate) fn payload_rel<'a>(&'a self, item: &'a Item) -> &'a [u8] {
        self.renamed.get(&item.path_raw).map(Vec::as_slice).unwrap_or(&item.path_raw)
    }

    /// `data/<path on the medium>`, relative to the bag.
    pub(crate) fn payload_path(&self, item: &Item) -> Vec<u8> {
        let mut rel = b"data/".to_vec();
        rel.extend_from_slice(self.payload_rel(item));
        rel
    }

    /// Whether the item's name on the medium differs from its original path.
    pub(crate) fn is_renamed(&self, item: &Item) -> bool {
        self.renamed.contains_key(&item.path_raw)
    }

    /// `dengji-names.txt`: one line `data/<path on the medium>` TAB `<original path>` per
    /// renamed item, in original byte order, both in RFC 8493 manifest encoding (`%`, CR,
    /// LF and invalid UTF-8 bytes as `%XX`), the original with TAB as `%09` too.
    #[cfg(test)]
    pub(crate) fn names_file(&self) -> Option<String> {
        self.names_of(|_| true)
    }

    /// `names_file` for a bag holding only `items` (the rest disposed of): the lines of
    /// the renamed items it holds.
    pub(crate) fn names_file_of(&self, items: &[Item]) -> Option<String> {
        let held: std::collections::BTreeSet<&[u8]> = items.iter().map(|i| i.path_raw.as_slice()).collect();
        self.names_of(|original| held.contains(original))
    }

    fn names_of(&self, keep: impl Fn(&[u8]) -> bool) -> Option<String> {
        let kept: Vec<_> = self.renamed.iter().filter(|(original, _)| keep(original)).collect();
        if kept.is_empty() {
            return None;
        }
        let lines = kept.into_iter().map(|(original, on_medium)| {
            format!("data/{}\t{}\n", pathenc::manifest_encode(on_medium), pathenc::manifest_encode(original).replace('\t', "%09"))
        });
        Some(lines.collect())
    }
}

/// One folder of the original paths: its children by original component bytes, and the
/// name this node gets on the medium.
#[derive(Default)]
struct Folder {
    name: Vec<u8>,
    children: BTreeMap<Vec<u8>, Folder>,
}

impl Folder {
    /// Names every child (and, recursively, their children) on the medium.
    fn assign(&mut self) {
        let mut taken: BTreeSet<String> = BTreeSet::new();
        let mut names: BTreeMap<&[u8], String> = BTreeMap::new();
        let mut later = Vec::new();
        let portable: Vec<(&[u8], String)> = self.children.keys().map(|k| (k.as_slice(), portable(k))).collect();
        // Names kept as they were claim first, so an ordinary name never moves aside.
        for keep in [true, false] {
            for (original, p) in portable.iter().filter(|(o, p)| (*o == p.as_bytes()) == keep) {
                if taken.insert(fold(p)) {
                    names.insert(original, p.clone());
                } else {
                    later.push((*original, p.clone()));
                }
            }
        }
        for (original, p) in later {
            let (stem, ext) = split_ext(&p);
            let name = (2..)
                .map(|n| fit(stem, &format!("~{n}"), ext))
                .find(|candidate| taken.insert(fold(candidate)))
                .expect("some number is free");
            names.insert(original, name);
        }
        let names: BTreeMap<Vec<u8>, Vec<u8>> = names.into_iter().map(|(k, v)| (k.to_vec(), v.into_bytes())).collect();
        for (original, child) in &mut self.children {
            child.name = names[original.as_slice()].clone();
            child.assign();
        }
    }
}

/// One original name component as FAT, exFAT, NTFS and Windows can hold it.
fn portable(original: &[u8]) -> String {
    let mut s = String::with_capacity(original.len());
    for chunk in original.utf8_chunks() {
        for c in chunk.valid().chars() {
            s.push(match c {
                '<' => '＜',
                '>' => '＞',
                ':' => '：',
                '"' => '＂',
                '\\' => '＼',
                '|' => '｜',
                '?' => '？',
                '*' => '＊',
                '\u{1}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).expect("control pictures"),
                c => c,
            });
        }
        for b in chunk.invalid() {
            s.push_str(&format!("‛{b:02X}"));
        }
    }
    match s.pop() {
        Some(' ') => s.push('␠'),
        Some('.') => s.push('．'),
        Some(c) => s.push(c),
        None => {}
    }
    if let Some(base) = reserved_base(&s) {
        s.insert(base, '_');
    }
    if s.len() > MAX_NAME_BYTES {
        let mark = format!("~{}", &sha256(original).to_hex()[..8]);
        let (stem, ext) = split_ext(&s);
        s = fit(stem, &mark, ext);
    }
    s
}

/// The byte length of the device name a name starts with, if Windows reserves it.
fn reserved_base(name: &str) -> Option<usize> {
    let base = name.split('.').next().unwrap_or_default().trim_end_matches(' ');
    let upper = base.to_ascii_uppercase();
    let reserved = match upper.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" => true,
        _ => {
            let (head, tail) = (upper.get(..3).unwrap_or_default(), upper.get(3..).unwrap_or_default());
            (head == "COM" || head == "LPT")
                && tail.chars().count() == 1
                && tail.chars().all(|c| c.is_ascii_digit() || matches!(c, '¹' | '²' | '³'))
        }
    };
    reserved.then_some(base.len())
}

/// `(stem, extension with its dot)`; a leading dot (`.profile`) or a long tail is no extension.
fn split_ext(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 && name[i..].chars().count() <= 16 => name.split_at(i),
        _ => (name, ""),
    }
}

/// `stem + mark + ext`, the stem shortened (at a character boundary) to stay within the limit.
fn fit(stem: &str, mark: &str, ext: &str) -> String {
    let room = MAX_NAME_BYTES.saturating_sub(mark.len() + ext.len());
    let mut end = stem.len().min(room);
    while !stem.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{mark}{ext}", &stem[..end])
}

/// What a case-insensitive, normalisation-insensitive file system compares: NFC, then
/// each character's simple upper case (as exFAT's up-case table does).
fn fold(name: &str) -> String {
    name.nfc()
        .map(|c| {
            let mut up = c.to_uppercase();
            match (up.next(), up.next()) {
                (Some(u), None) => u,
                _ => c,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(paths: &[&[u8]]) -> Vec<String> {
        let layout = BagLayout::from_paths(paths.iter().copied());
        paths
            .iter()
            .map(|p| String::from_utf8(layout.renamed.get(*p).cloned().unwrap_or_else(|| p.to_vec())).expect("portable names are UTF-8"))
            .collect()
    }

    #[test]
    fn ordinary_names_are_kept() {
        let paths: [&[u8]; 5] = ["文书/会议纪要.pdf".as_bytes(), b"a/b c.txt", b"100% done.txt", b".profile", "e\u{301}.txt".as_bytes()];
        let layout = BagLayout::from_paths(paths);
        assert!(layout.renamed.is_empty());
        assert_eq!(layout.names_file(), None);
    }

    #[test]
    fn hostile_characters_become_look_alikes() {
        assert_eq!(
            map(&[b"a<b>c:d\"e\\f|g?h*i.txt", b"tab\there", b"bell\x07", b"bad\xffname", b"dot.", b"space ", b"dots.. "]),
            ["a＜b＞c：d＂e＼f｜g？h＊i.txt", "tab␉here", "bell␇", "bad‛FFname", "dot．", "space␠", "dots..␠"]
        );
    }

    #[test]
    fn device_names_get_a_suffix() {
        assert_eq!(
            map(&[
                b"CON",
                b"con.txt",
                b"Aux.tar.gz",
                b"COM1",
                b"lpt9.log",
                "COM¹".as_bytes(),
                b"CONSOLE",
                b"COM10",
                b"NUL .txt",
                "a档".as_bytes()
            ]),
            ["CON_", "con_.txt", "Aux_.tar.gz", "COM1_", "lpt9_.log", "COM¹_", "CONSOLE", "COM10", "NUL_ .txt", "a档"]
        );
    }

    #[test]
    fn case_and_normalisation_collisions_are_told_apart() {
        let nfc = "\u{e9}.txt".as_bytes();
        let nfd = "e\u{301}.txt".as_bytes();
        assert_eq!(map(&[b"A.txt", b"a.txt", b"a~2.txt"]), ["A.txt", "a~3.txt", "a~2.txt"]);
        assert_eq!(map(&[nfc, nfd]), ["\u{e9}~2.txt", "e\u{301}.txt"]);
        // An ordinary fullwidth name keeps its name; the mapped one moves aside.
        assert_eq!(map(&["a：b".as_bytes(), b"a:b"]), ["a：b", "a：b~2"]);
        // Folders too, and everything under a renamed folder follows it.
        assert_eq!(map(&[b"Docs/x", b"docs/y", b"docs/Y"]), ["Docs/x", "docs~2/y~2", "docs~2/Y"]);
    }

    #[test]
    fn long_names_are_shortened_with_a_digest_and_keep_their_extension() {
        let long = format!("{}.pdf", "档".repeat(90));
        let longer = format!("{}.pdf", "档".repeat(91));
        let out = map(&[long.as_bytes(), longer.as_bytes()]);
        for name in &out {
            assert!(name.len() <= MAX_NAME_BYTES && name.ends_with(".pdf"), "{name}");
        }
        assert!(out[0].contains('~') && out[1].contains('~'));
        assert_ne!(out[0], out[1]);
        let fits = format!("{}.pdf", "档".repeat(83));
        assert_eq!(map(&[fits.as_bytes()]), [fits]);
    }

    #[test]
    fn the_names_file_records_the_original_of_every_renamed_item() {
        let layout = BagLayout::from_paths([&b"ok.txt"[..], b"a:b/c?.txt", b"t\tab%\n"]);
        assert_eq!(layout.names_file().unwrap(), "data/a：b/c？.txt\ta:b/c?.txt\ndata/t␉ab%25␊\tt%09ab%25%0A\n");
    }

    #[test]
    fn every_mapped_path_is_portable_and_unique() {
        let paths: Vec<Vec<u8>> = (0u32..600)
            .map(|i| {
                let pick = |k: u32| ["A", "a", ":", "CON", ".", " ", "\u{e9}", "e\u{301}", "\x01", "x"][((i / k) % 10) as usize];
                format!("{}{}/{}{}{}", pick(1), pick(7), pick(3), pick(11), pick(13)).into_bytes()
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let layout = BagLayout::from_paths(paths.iter().map(Vec::as_slice));
        let mut seen = BTreeSet::new();
        for p in &paths {
            let on = layout.renamed.get(p).unwrap_or(p);
            let text = std::str::from_utf8(on).expect("UTF-8");
            for part in text.split('/') {
                assert!(!part.is_empty() && !part.ends_with([' ', '.']), "{text:?}");
                assert!(!part.chars().any(|c| "<>:\"\\|?*".contains(c) || (c as u32) < 0x20), "{text:?}");
                assert!(reserved_base(part).is_none(), "{text:?}");
            }
            assert!(seen.insert(fold(text)), "two items share {text:?}");
        }
        // The same list gives the same layout.
        assert_eq!(BagLayout::from_paths(paths.iter().rev().map(Vec::as_slice)).renamed, layout.renamed);
    }

    use proptest::prelude::*;

    /// A name component as hostile as a depositor's disk can make it.
    fn component() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            Just(b"..".to_vec()),
            Just(b".".to_vec()),
            Just(b"C:".to_vec()),
            Just(b"CON".to_vec()),
            Just(b"lpt1.txt".to_vec()),
            Just(b"%2F".to_vec()),
            Just(b"\r\n".to_vec()),
            Just("\u{e9}".as_bytes().to_vec()),
            Just("e\u{301}".as_bytes().to_vec()),
            Just("档".repeat(86).into_bytes()),
            Just(b"a".repeat(255)),
            "[a-zA-Z .:*?<>|\\\\\"~]{1,6}".prop_map(String::into_bytes),
            proptest::collection::vec(any::<u8>().prop_filter("no separator or NUL", |b| *b != b'/' && *b != 0), 1..6),
        ];
        proptest::collection::vec(piece, 1..4).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(crate::prop::budget(128))]

        /// Every original path gets one name on the medium that is portable, unique under
        /// case and normalisation folding, and lands inside the bag's `data/` folder.
        #[test]
        fn prop_hostile_paths_map_inside_the_bag_portably_and_uniquely(
            paths in proptest::collection::btree_set(proptest::collection::vec(component(), 1..4).prop_map(|c| c.join(&b'/')), 1..24),
        ) {
            use proptest::prop_assert;
            // A folder and a file of the same name cannot both exist on the source disk.
            let paths: Vec<Vec<u8>> = paths.iter().filter(|p| !paths.iter().any(|q| q.len() > p.len() && q.starts_with(p) && q[p.len()] == b'/')).cloned().collect();
            let layout = BagLayout::from_paths(paths.iter().map(Vec::as_slice));
            let data = std::path::Path::new("/medium/bags/x/data");
            let mut seen = BTreeSet::new();
            for p in &paths {
                let on = layout.renamed.get(p).unwrap_or(p);
                let text = std::str::from_utf8(on).expect("names on the medium are UTF-8");
                for part in text.split('/') {
                    prop_assert!(!part.is_empty() && part != "." && part != ".." && !part.ends_with([' ', '.']), "{text:?}");
                    prop_assert!(!part.chars().any(|c| "<>:\"\\|?*".contains(c) || (c as u32) < 0x20), "{text:?}");
                    prop_assert!(part.len() <= MAX_NAME_BYTES && reserved_base(part).is_none(), "{text:?}");
                }
                prop_assert!(seen.insert(fold(text)), "two items share {text:?}");
                let dest = crate::restore::safe_destination(data, on).expect("a mapped path is a safe destination");
                prop_assert!(dest.starts_with(data));
            }
        }
    }
}
