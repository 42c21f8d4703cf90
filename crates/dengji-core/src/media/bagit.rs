//! The text of a bag's tag files (RFC 8493, BagIt 1.0). Every tag file is determined by
//! the catalog (plus the bagging date and the bag-info digest recorded when written), so
//! verification regenerates them and compares bytes.

use super::layout::{BagLayout, NAMES_FILE};
use crate::digest::{sha256, Sha256};
use crate::pathenc;
use crate::registrations::Item;

pub const BAGIT_TXT: &str = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
pub const BAG_INFO: &str = "bag-info.txt";
pub const MANIFEST_SHA256: &str = "manifest-sha256.txt";
pub const MANIFEST_SM3: &str = "manifest-sm3.txt";
pub const TAGMANIFEST_SHA256: &str = "tagmanifest-sha256.txt";

/// What bag-info.txt says about a registration.
pub struct BagInfo<'a> {
    pub organization: &'a str,
    pub number: &'a str,
    pub date: &'a str,
    pub bytes: i64,
    pub files: i64,
    pub unit_uscc: Option<&'a str>,
    pub unit_name: &'a str,
    pub title: &'a str,
    pub package_sm3: String,
    pub package_sha256: String,
    /// Items of the registration disposed of and so not in the bag.
    pub disposed_files: usize,
}

/// A tag value on one line: CR, LF and other control characters become spaces.
pub(crate) fn one_line(v: &str) -> String {
    v.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>().trim().to_string()
}

pub fn bag_info(i: &BagInfo<'_>) -> String {
    let mut lines = vec![
        ("Source-Organization", one_line(i.organization)),
        ("External-Identifier", one_line(i.number)),
        ("External-Description", one_line(i.title)),
        ("Bagging-Date", i.date.to_string()),
        ("Payload-Oxum", format!("{}.{}", i.bytes, i.files)),
    ];
    if let Some(uscc) = i.unit_uscc {
        lines.push(("Bag-Group-Identifier", one_line(uscc)));
    }
    lines.push(("Bag-Software-Agent", format!("Dengji {}", env!("CARGO_PKG_VERSION"))));
    lines.push(("Dengji-Unit-Name", one_line(i.unit_name)));
    lines.push(("Dengji-Package-SM3", i.package_sm3.clone()));
    lines.push(("Dengji-Package-SHA256", i.package_sha256.clone()));
    if i.disposed_files > 0 {
        // The package digests cover every registered item; these are no longer here.
        lines.push(("Dengji-Disposed-Files", i.disposed_files.to_string()));
    }
    lines.into_iter().map(|(k, v)| format!("{k}: {v}\n")).collect()
}

/// `data/<path on the medium>` as a manifest writes it (RFC 8493 §2.1.3 encoding).
pub fn payload_entry(layout: &BagLayout, item: &Item) -> String {
    format!("data/{}", pathenc::manifest_encode(layout.payload_rel(item)))
}

/// A payload manifest: one `<digest>  data/<path on the medium>` line per item, sorted by
/// original path bytes.
pub fn manifest(items: &[Item], layout: &BagLayout, digest: impl Fn(&Item) -> String) -> String {
    let mut sorted: Vec<&Item> = items.iter().collect();
    sorted.sort_by(|a, b| a.path_raw.cmp(&b.path_raw));
    sorted.into_iter().map(|i| format!("{}  {}\n", digest(i), payload_entry(layout, i))).collect()
}

/// The tag files of a bag other than bag-info.txt, and the tag manifest over all of them.
pub struct TagFiles {
    pub files: Vec<(&'static str, Vec<u8>)>,
}

impl TagFiles {
    /// `bag_info_sha256` is the digest of bag-info.txt (as written, or as recorded).
    /// `dengji-names.txt` is there only when the layout renamed an item.
    pub fn new(items: &[Item], layout: &BagLayout, bag_info: Option<&str>, bag_info_sha256: &Sha256) -> TagFiles {
        let m256 = manifest(items, layout, |i| i.sha256.to_hex());
        let msm3 = manifest(items, layout, |i| i.sm3.to_hex());
        let names = layout.names_file_of(items);
        let mut tag = format!(
            "{}  {BAG_INFO}\n{}  bagit.txt\n{}  {MANIFEST_SHA256}\n{}  {MANIFEST_SM3}\n",
            bag_info_sha256,
            sha256(BAGIT_TXT.as_bytes()),
            sha256(m256.as_bytes()),
            sha256(msm3.as_bytes()),
        );
        if let Some(names) = &names {
            tag.push_str(&format!("{}  {NAMES_FILE}\n", sha256(names.as_bytes())));
        }
        let mut files: Vec<(&'static str, Vec<u8>)> = vec![("bagit.txt", BAGIT_TXT.as_bytes().to_vec())];
        if let Some(info) = bag_info {
            files.push((BAG_INFO, info.as_bytes().to_vec()));
        }
        files.push((MANIFEST_SHA256, m256.into_bytes()));
        files.push((MANIFEST_SM3, msm3.into_bytes()));
        if let Some(names) = names {
            files.push((NAMES_FILE, names.into_bytes()));
        }
        files.push((TAGMANIFEST_SHA256, tag.into_bytes()));
        TagFiles { files }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(crate::prop::budget(256))]

        /// Names typed by clerks (CR, LF, tabs, colons, any script) never add, split or
        /// reorder a bag-info.txt tag: one `Label: value` line per tag, always the same labels.
        #[test]
        fn prop_bag_info_keeps_one_line_per_tag(
            organization in "\\PC{0,20}|.*[\r\n\t:].*", number in ".{0,20}", title in "(\\PC|[\r\n\u{85}\u{2028}]){0,40}",
            uscc in proptest::option::of(".{0,20}"), unit_name in "(\\PC|[\r\n]){0,30}", bytes in any::<i64>(), files in any::<i64>(),
        ) {
            let info = BagInfo {
                organization: &organization, number: &number, date: "2026-11-25", bytes, files,
                unit_uscc: uscc.as_deref(), unit_name: &unit_name, title: &title,
                package_sm3: "0".repeat(64), package_sha256: "1".repeat(64), disposed_files: 0,
            };
            let text = bag_info(&info);
            let labels: Vec<&str> = text.split_terminator('\n').map(|l| l.split_once(": ").map(|(k, _)| k).unwrap_or("?")).collect();
            let mut want = vec!["Source-Organization", "External-Identifier", "External-Description", "Bagging-Date", "Payload-Oxum"];
            if uscc.is_some() {
                want.push("Bag-Group-Identifier");
            }
            want.extend(["Bag-Software-Agent", "Dengji-Unit-Name", "Dengji-Package-SM3", "Dengji-Package-SHA256"]);
            prop_assert_eq!(labels, want);
            prop_assert!(!text.contains('\r') && text.ends_with('\n'));
            prop_assert!(text.lines().all(|l| !l.chars().any(|c| c.is_control())));
        }
    }
}
