//! Large files of business data stored as chunks: each monthly dump costs the vault what
//! changed, every version reads back whole, a damaged chunk is named with every file that
//! uses it and comes back from a medium, and a discarded draft leaves the shared chunks.

use std::fs;

use dengji_core::{
    Cadence, CancelToken, IntakeTarget, ItemMeta, NewDisposal, NewSeries, NoProgress, RecordKind, RestoreRequest, Retention, SeriesId,
    Tamper,
};

use crate::media::backup;
use crate::support::{content, write, Fixture};

/// A dump of `rows` rows (about 85 bytes each); rows in `changed` carry another amount.
fn dump(rows: usize, changed: &[usize]) -> Vec<u8> {
    let mut out = String::from("-- 公积金业务库导出\n");
    for i in 0..rows {
        let amount = if changed.contains(&i) { 9999 } else { (i * 37 % 5000) as i64 };
        out.push_str(&format!("INSERT INTO deposits VALUES ({i}, 'ACC{:08}', {amount}, '缴存{}');\n", i * 7919 % 100_000_000, i % 97));
    }
    out.into_bytes()
}

fn series(f: &mut Fixture) -> SeriesId {
    let new = NewSeries { unit: f.unit, name: "公积金业务库".into(), system: None, cadence: Cadence::Monthly };
    f.archive.add_series(&new, &f.clerk).unwrap().id
}

fn take(f: &mut Fixture, series: SeriesId, period: &str, bytes: &[u8], seal: bool) -> dengji_core::RegistrationId {
    let src = f.src(&format!("移交-{period}"));
    write(&src.join("deposits.sql"), bytes);
    let target = IntakeTarget::Series { series, period: Some(period.into()), title: None };
    let draft = f.archive.intake(target, &[src], &f.clerk.clone(), &NoProgress, &CancelToken::new()).unwrap();
    if seal {
        f.seal(draft.id);
    }
    draft.id
}

fn restored(f: &mut Fixture, id: dengji_core::RegistrationId, name: &str) -> Vec<u8> {
    let app = f.approved(dengji_core::ApplicationKind::Restore, id);
    let to = f.tmp.path().join(name);
    let req = RestoreRequest { registration: id, application: app, to: to.clone(), file: None, overwrite: false, from: None };
    f.archive.restore(&req, &f.clerk.clone(), &NoProgress, &CancelToken::new()).unwrap();
    let dir = fs::read_dir(&to).unwrap().next().unwrap().unwrap().path();
    fs::read(dir.join("deposits.sql")).unwrap()
}

#[test]
fn each_hand_over_costs_the_vault_what_changed_and_reads_back_whole() {
    let mut f = Fixture::new();
    let s = series(&mut f);
    let (v1_bytes, v2_bytes) = (dump(120_000, &[]), dump(122_000, &[5, 60_000, 119_000]));
    assert!(v1_bytes.len() as u64 > dengji_core::CHUNKED_FROM);
    let v1 = take(&mut f, s, "2026-09", &v1_bytes, true);
    let after_v1 = f.archive.vault().usage().unwrap();
    assert_eq!(after_v1.whole.count, 0, "the dump is stored as chunks, not whole");
    assert_eq!((after_v1.recipes.count, after_v1.chunks.bytes), (1, v1_bytes.len() as u64));
    assert_eq!(after_v1.chunk_objects.count, 1, "{} chunks in one pack, not an object each", after_v1.chunks.count);

    let v2 = take(&mut f, s, "2026-10", &v2_bytes, true);
    let after_v2 = f.archive.vault().usage().unwrap();
    let diff = f.archive.series_diff(s, 1, 2).unwrap();
    let changed = diff.changed[0].changed_bytes.unwrap();
    let growth = after_v2.chunks.bytes - after_v1.chunks.bytes;
    assert_eq!(growth, changed, "the vault grew by the chunks the diff names new, and no more");
    assert!(growth < v2_bytes.len() as u64 / 4, "{growth} of {}", v2_bytes.len());

    let item = &f.archive.items(v2).unwrap()[0];
    let chunks = f.archive.vault().chunks_of(&item.sha256).unwrap().expect("stored as chunks");
    assert_eq!(chunks.iter().map(|c| c.len).sum::<u64>(), v2_bytes.len() as u64);
    assert_eq!(f.archive.vault().rehash(&item.sha256).unwrap().unwrap().0.sm3, item.sm3);

    // Each version reads back whole, the earlier one after the later exists.
    assert_eq!(restored(&mut f, v1, "第1版"), v1_bytes);
    assert_eq!(restored(&mut f, v2, "第2版"), v2_bytes);
    assert!(f.archive.verify_vault(&NoProgress, &CancelToken::new()).unwrap().problems.is_empty());
}

#[test]
fn only_large_files_of_business_data_are_chunked() {
    let mut f = Fixture::new();
    let big = content(7, 5 << 20);
    let src = f.src("扫描件");
    write(&src.join("大图.tif"), &big);
    let scan = f.intake("扫描件", &[src]).id;
    assert_eq!(f.archive.registration(scan).unwrap().kind, RecordKind::PaperScan);
    let s = series(&mut f);
    let small = take(&mut f, s, "2026-09", &dump(1000, &[]), false);
    let vault = f.archive.vault();
    for id in [scan, small] {
        let sha = f.archive.items(id).unwrap()[0].sha256;
        assert_eq!(vault.chunks_of(&sha).unwrap(), None);
    }
    assert_eq!(vault.usage().unwrap().chunks.count, 0);
}

#[test]
fn a_damaged_chunk_is_named_with_every_file_that_uses_it_and_repaired_from_a_medium() {
    let mut f = Fixture::new();
    let s = series(&mut f);
    let v1 = take(&mut f, s, "2026-09", &dump(120_000, &[]), true);
    let v2 = take(&mut f, s, "2026-10", &dump(120_000, &[110_000]), true);
    let medium = f.tmp.path().join("A1");
    fs::create_dir_all(&medium).unwrap();
    f.archive.add_medium(&medium, "A1", "A", dengji_core::MediumKind::Hdd, None, &f.clerk).unwrap();
    backup(&mut f, &medium);

    let (one, two) = (f.archive.items(v1).unwrap()[0].sha256, f.archive.items(v2).unwrap()[0].sha256);
    let vault = f.archive.vault().clone();
    let (c1, c2) = (vault.chunks_of(&one).unwrap().unwrap(), vault.chunks_of(&two).unwrap().unwrap());
    let shared = c1[3].sha256;
    assert!(c2.iter().any(|c| c.sha256 == shared), "an early chunk is in both versions");
    let only_v1 = c1.iter().find(|c| !c2.contains(c)).unwrap().sha256;
    vault.tamper_chunk(&shared, Tamper::Flip(100)).unwrap();
    vault.tamper_chunk(&only_v1, Tamper::Remove).unwrap();

    let check = f.archive.verify_vault(&NoProgress, &CancelToken::new()).unwrap();
    let mut damaged: Vec<_> = check.problems.iter().map(|p| p.sha256).collect();
    damaged.sort();
    let mut both = vec![one, two];
    both.sort();
    assert_eq!(damaged, both, "both versions use the flipped chunk");
    let p1 = check.problems.iter().find(|p| p.sha256 == one).unwrap();
    let kinds: Vec<(_, &str, usize)> = p1.chunks.iter().map(|c| (c.sha256, c.kind, c.items.len())).collect();
    assert!(kinds.contains(&(shared, "changed", 2)) && kinds.contains(&(only_v1, "missing", 1)), "{kinds:?}");
    let users = &p1.chunks.iter().find(|c| c.sha256 == shared).unwrap().items;
    assert!(users.iter().any(|u| u.contains("移交-2026-09")) && users.iter().any(|u| u.contains("移交-2026-10")), "{users:?}");

    let clerk = f.clerk.clone();
    let report = f.archive.repair_vault(&medium, &clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert!(report.ok(), "{:?}", report.unrepaired);
    assert_eq!((report.found, report.repaired.len(), report.quarantined.len()), (2, 2, 1), "one chunk kept aside");
    // Kept aside: the pack the flipped chunk was in (its good chunks went into a new
    // one first), its bytes no longer those its name is the digest of.
    let kept = &report.quarantined[0];
    let name = kept.file_name().unwrap().to_string_lossy().to_string();
    let pack = name.strip_prefix("pack-").unwrap_or_else(|| panic!("{name}"));
    if !kept.to_string_lossy().starts_with("s3://") {
        assert_ne!(dengji_core::digest::sha256(&fs::read(kept).unwrap()).to_hex(), pack);
    }
    assert!(f.archive.verify_vault(&NoProgress, &CancelToken::new()).unwrap().problems.is_empty());
    assert_eq!(restored(&mut f, v1, "修复后"), dump(120_000, &[]));
}

#[test]
fn a_discarded_draft_takes_only_the_chunks_no_other_file_uses() {
    let mut f = Fixture::new();
    let s = series(&mut f);
    let v1_bytes = dump(120_000, &[]);
    take(&mut f, s, "2026-09", &v1_bytes, true);
    let before = f.archive.vault().usage().unwrap();
    let draft = take(&mut f, s, "2026-10", &dump(125_000, &[50_000]), false);
    assert!(f.archive.vault().usage().unwrap().chunks.count > before.chunks.count);
    f.archive.discard_draft(draft, "移交有误，退回重报", &f.clerk.clone()).unwrap();
    assert_eq!(f.archive.vault().usage().unwrap(), before, "the draft's own chunks and recipe are gone, the shared ones stay");
    assert!(f.archive.verify_vault(&NoProgress, &CancelToken::new()).unwrap().problems.is_empty());
}

#[test]
fn a_move_and_a_recovery_from_media_keep_versions_as_chunks() {
    let mut f = Fixture::new();
    let s = series(&mut f);
    let v1 = take(&mut f, s, "2026-09", &dump(120_000, &[]), true);
    take(&mut f, s, "2026-10", &dump(121_000, &[9]), true);
    let held = f.archive.vault().usage().unwrap();

    // A move to new storage (a centre's database and bucket in the conformance run).
    let place = tempfile::tempdir().unwrap();
    let to = place.path().join("新数据目录");
    let (catalog, vault) = (crate::support::test_catalog(&place), crate::support::test_vault(&place));
    let report = f.archive.migrate_store(&to, &catalog, &vault, &f.admin, &NoProgress, &CancelToken::new()).unwrap();
    assert!(report.ok(), "{report:?}");
    let moved = dengji_core::Archive::open(&to).unwrap();
    assert_eq!(moved.vault().usage().unwrap(), held, "the same chunks and recipes, nothing stored whole");

    // A recovery from a medium cuts the versions again and shares their chunks.
    let medium = f.tmp.path().join("A1");
    fs::create_dir_all(&medium).unwrap();
    f.archive.add_medium(&medium, "A1", "A", dengji_core::MediumKind::Hdd, None, &f.clerk).unwrap();
    backup(&mut f, &medium);
    let dir = f.tmp.path().join("重建");
    let rebuilt = crate::recover::recover(&dir, &[&medium], "管理员").unwrap();
    assert!(rebuilt.missing.is_empty(), "{rebuilt:?}");
    let again = dengji_core::Archive::open(&dir).unwrap();
    assert_eq!(again.vault().usage().unwrap(), held);
    let sha = f.archive.items(v1).unwrap()[0].sha256;
    assert_eq!(again.vault().rehash(&sha).unwrap().unwrap().0.sha256, sha);
}

#[test]
fn the_city_stores_a_county_s_versions_as_chunks_too() {
    let (mut county, mut city) = crate::upward::pair();
    let s = series(&mut county);
    take(&mut county, s, "2026-09", &dump(120_000, &[]), true);
    let v2 = take(&mut county, s, "2026-10", &dump(121_000, &[7]), true);
    let held = county.archive.vault().usage().unwrap();
    let to = county.tmp.path().join("上报");
    let package = crate::upward::export(&mut county, &to, false);
    crate::upward::import(&mut city, &package.path).unwrap();
    let there = city.archive.vault().usage().unwrap();
    assert_eq!((there.chunks, there.recipes), (held.chunks, held.recipes), "the same chunks, each stored once");
    let sha = county.archive.items(v2).unwrap()[0].sha256;
    assert!(city.archive.vault().chunks_of(&sha).unwrap().is_some());
    assert!(city.archive.verify_vault(&NoProgress, &CancelToken::new()).unwrap().problems.is_empty());
}

#[test]
fn a_disposed_version_leaves_no_chunk_only_it_had_and_its_successor_whole() {
    let mut f = Fixture::new();
    let s = series(&mut f);
    let src = f.src("移交-2026-09");
    write(&src.join("deposits.sql"), &dump(120_000, &[]));
    let target = IntakeTarget::Series { series: s, period: Some("2026-09".into()), title: None };
    let clerk = f.clerk.clone();
    let v1 = f.archive.intake(target, &[src], &clerk, &NoProgress, &CancelToken::new()).unwrap().id;
    let item = f.archive.items(v1).unwrap()[0].id;
    let meta = ItemMeta { retention: Some(Retention::Years10), date: Some("2010".into()), ..ItemMeta::default() };
    f.archive.set_item_meta(v1, item, &meta, &clerk).unwrap();
    f.seal(v1);
    let v2_bytes = dump(120_000, &[3, 70_000]);
    let v2 = take(&mut f, s, "2026-10", &v2_bytes, true);
    let vault = f.archive.vault().clone();
    let (one, two) = (f.archive.items(v1).unwrap()[0].sha256, f.archive.items(v2).unwrap()[0].sha256);
    let v2_chunks = vault.chunks_of(&two).unwrap().unwrap();
    assert!(vault.chunks_of(&one).unwrap().unwrap().iter().any(|c| !v2_chunks.contains(c)), "version 1 has chunks of its own");
    let before = vault.usage().unwrap();
    assert_eq!(before.chunk_objects.count, 2, "version 1's pack, and version 2's of what changed");

    let new = NewDisposal {
        registration: v1, paths: vec![], reason: "保管期限已满".into(), consent_reference: "同意书〔2026〕1号".into()
    };
    let pending = f.archive.apply_disposal(&new, &clerk).unwrap();
    f.archive.decide_disposal(pending.id, true, "监销：审核员", &f.reviewer.clone()).unwrap();

    // The pack that held version 1's chunks was written again with only those version 2 uses.
    let after = vault.usage().unwrap();
    let mut distinct = v2_chunks.clone();
    distinct.sort_by_key(|c| c.sha256);
    distinct.dedup();
    let held = (distinct.len() as u64, distinct.iter().map(|c| c.len).sum::<u64>());
    assert_eq!((after.chunks.count, after.chunks.bytes), held, "no chunk only version 1 had is held");
    assert!(after.chunk_objects.bytes < held.1 + 2 * (64 << 10), "no pack keeps their bytes: {after:?}");
    assert_eq!((after.recipes.count, after.whole.count), (1, 0));
    assert!(f.archive.verify_vault(&NoProgress, &CancelToken::new()).unwrap().problems.is_empty());
    assert_eq!(restored(&mut f, v2, "第2版"), v2_bytes);
}
