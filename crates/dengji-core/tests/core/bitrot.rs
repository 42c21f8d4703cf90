//! Bit rot: single bits flipped at seeded random places in vault objects, bag payloads,
//! tag files (manifests, bag-info, tag manifest, bagit.txt, names file) and the catalog
//! snapshot on a medium. Every flip is detected and named by `vault verify` / `media
//! verify`, and repaired from a good copy: a medium's files from the vault, the vault's
//! objects from a medium (`recover` into the existing data directory). The seed is printed;
//! `DENGJI_BITROT_SEED` replays a run, `DENGJI_BITROT_FLIPS` runs more flips.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use dengji_core::{Archive, CancelToken, NoProgress, ProblemKind, Tamper};

use crate::media::{backup, medium, repair, sealed, verify};
use crate::support::{at, content, Fixture, PASSWORD};

/// xorshift64*: small, seeded, reproducible.
struct Rng(u64);

impl Rng {
    fn from_env() -> Rng {
        let seed = std::env::var("DENGJI_BITROT_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x05EE_DB17_2026);
        eprintln!("bit rot seed: DENGJI_BITROT_SEED={seed}");
        Rng(seed.max(1))
    }

    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as usize % n
    }
}

fn flips() -> usize {
    std::env::var("DENGJI_BITROT_FLIPS").ok().and_then(|s| s.parse().ok()).unwrap_or(24)
}

/// Flips bit `bit` of byte `at` (making the file writable first, as vault objects are not).
fn flip_bit(path: &Path, at: usize, bit: u32) {
    let mut perms = fs::metadata(path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    fs::set_permissions(path, perms).unwrap();
    let mut bytes = fs::read(path).unwrap();
    bytes[at] ^= 1 << bit;
    fs::write(path, bytes).unwrap();
}

/// Every file of the medium that verification must vouch for: bags and the catalog snapshot.
fn medium_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["bags", "catalog"]
        .iter()
        .flat_map(|d| walkdir::WalkDir::new(root.join(d)).sort_by_file_name())
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// Three registrations, one with names FAT cannot hold (so the bag has `dengji-names.txt`).
fn archive_on_a_medium() -> (Fixture, PathBuf) {
    let mut f = Fixture::new();
    let root = medium(&mut f, "A1");
    sealed(&mut f, "文书", &[("一.bin", content(1, 9_000)), ("sub/二.bin", content(2, 3_000)), ("空.txt", Vec::new())]);
    sealed(&mut f, "照片", &[("a:b?.jpg", content(3, 5_000)), ("CON.txt", b"con".to_vec())]);
    sealed(&mut f, "账簿", &[("100%.csv", content(4, 700))]);
    backup(&mut f, &root);
    assert!(verify(&mut f, &root).ok());
    (f, root)
}

#[test]
fn every_flipped_bit_on_a_medium_is_named_and_repaired_from_the_vault() {
    let (mut f, root) = archive_on_a_medium();
    let mut rng = Rng::from_env();
    let mut named = std::collections::BTreeMap::<String, usize>::new();
    for round in 0..flips() {
        let files: Vec<PathBuf> = medium_files(&root).into_iter().filter(|p| fs::metadata(p).unwrap().len() > 0).collect();
        let file = &files[rng.below(files.len())];
        let before = fs::read(file).unwrap();
        let (offset, bit) = (rng.below(before.len()), rng.below(8) as u32);
        flip_bit(file, offset, bit);
        let rel = file.strip_prefix(&root).unwrap();
        let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
        let top = parts.next().unwrap();
        let (bag, path) = if top == "bags" {
            (parts.next().unwrap(), parts.collect::<Vec<_>>().join("/"))
        } else {
            (top, parts.collect::<Vec<_>>().join("/"))
        };
        let report = verify(&mut f, &root);
        let ctx = format!("round {round}: bit {bit} of byte {offset} in {}", rel.display());
        assert_eq!(report.problems.len(), 1, "{ctx}: {:?}", report.problems);
        let p = &report.problems[0];
        assert_eq!((p.bag.as_str(), p.kind), (bag.as_str(), ProblemKind::Changed), "{ctx}: {p:?}");
        // A flip in CHECKPOINT.txt's digest line cannot tell which of the two changed.
        let snapshot_pair = bag == "catalog" && path == "CHECKPOINT.txt" && p.path == "catalog.sqlite";
        assert!(p.path == path || snapshot_pair, "{ctx}: named {p:?}");
        *named.entry(if bag == "catalog" { path.clone() } else { path.rsplit('/').next().unwrap().to_string() }).or_default() += 1;

        let fixed = repair(&mut f, &root, None);
        assert!(fixed.ok(), "{ctx}: {:?} / {:?}", fixed.unrepaired, fixed.after.problems);
        if bag != "catalog" {
            assert_eq!(fs::read(file).unwrap(), before, "{ctx}: restored byte for byte");
        }
    }
    eprintln!("bit rot on a medium, flips per file: {named:?}");
    assert!(verify(&mut f, &root).ok());
}

#[test]
fn every_flipped_bit_in_the_vault_is_named_and_restored_from_a_medium() {
    let (f, root) = archive_on_a_medium();
    let mut rng = Rng::from_env();
    let dir = f.archive.dir().to_path_buf();
    let vault = f.archive.vault().clone();
    let read = |sha| {
        let mut bytes = Vec::new();
        vault.open(&sha).unwrap().unwrap().read_to_end(&mut bytes).unwrap();
        bytes
    };
    let mut all: Vec<_> = vault.list().unwrap().into_iter().filter(|&sha| !read(sha).is_empty()).collect();
    all.sort_by_key(|sha| sha.to_hex());
    for round in 0..flips().div_ceil(3) {
        let object = all[rng.below(all.len())];
        let before = read(object);
        let (offset, bit) = (rng.below(before.len()), rng.below(8) as u32);
        let mut flipped = before.clone();
        flipped[offset] ^= 1 << bit;
        vault.tamper(&object, Tamper::Replace(flipped)).unwrap();
        let ctx = format!("round {round}: bit {bit} of byte {offset} in {object}");

        let report = f.archive.verify_vault(&NoProgress, &CancelToken::new()).unwrap();
        assert_eq!(report.problems.len(), 1, "{ctx}: {:?}", report.problems);
        let p = &report.problems[0];
        assert_eq!((p.sha256, p.kind), (object, "changed"), "{ctx}");
        assert!(!p.items.is_empty(), "{ctx}: the object's registrations and paths are named");

        let rec = Archive::recover(&dir, std::slice::from_ref(&root), "管理员", PASSWORD, at(), &NoProgress, &CancelToken::new()).unwrap();
        assert!(rec.is_complete(), "{ctx}: {rec:?}");
        assert_eq!(rec.quarantined.len(), 1, "{ctx}: {rec:?}");
        assert_eq!(read(object), before, "{ctx}: restored byte for byte");
        let kept = vault.quarantined().unwrap();
        let hex = object.to_hex();
        assert!(rec.quarantined[0].ends_with(&hex), "{ctx}: {rec:?}");
        assert!(kept.iter().any(|(name, len)| name.ends_with(&hex) && *len == before.len() as u64), "{ctx}: the damaged copy is kept");
        assert!(f.archive.verify_vault(&NoProgress, &CancelToken::new()).unwrap().problems.is_empty(), "{ctx}");
    }
    assert!(f.archive.verify_ledger().unwrap().problems.is_empty());
}
