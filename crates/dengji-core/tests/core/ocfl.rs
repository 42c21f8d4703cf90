//! A series on a medium as one OCFL 1.1 object: the versions as forward deltas, valid by
//! the reference validator (ocfl-py) and by `sha256sum -c`, each version's content a bag
//! that bagit.py accepts; a flipped byte named by both the validator and `media verify`,
//! put back by `media repair`; restore, recover and a later medium read it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use dengji_core::{
    ApplicationKind, Cadence, CancelToken, IntakeTarget, ItemMeta, NewDisposal, NewSeries, NoProgress, ProblemKind, RestoreRequest,
    Retention, SeriesId,
};

use crate::media::repair;
use crate::media::{backup, medium, verify};
use crate::recover::recover;
use crate::support::{write, Fixture};

/// A dump of `rows` rows; rows in `changed` carry another amount.
fn dump(rows: usize, changed: &[usize]) -> Vec<u8> {
    let mut out = String::from("-- 公积金业务库导出\n");
    for i in 0..rows {
        let amount = if changed.contains(&i) { 9999 } else { (i * 37 % 5000) as i64 };
        out.push_str(&format!("INSERT INTO deposits VALUES ({i}, 'ACC{:08}', {amount});\n", i * 7919 % 100_000_000));
    }
    out.into_bytes()
}

fn series(f: &mut Fixture) -> SeriesId {
    let new = NewSeries { unit: f.unit, name: "公积金业务库".into(), system: None, cadence: Cadence::Monthly };
    f.archive.add_series(&new, &f.clerk).unwrap().id
}

/// Takes in and seals one hand-over: the dump and a data dictionary that never changes.
fn hand_over(f: &mut Fixture, series: SeriesId, period: &str, dump: &[u8]) -> (dengji_core::RegistrationId, String) {
    hand_over_kept(f, series, period, dump, None)
}

/// `hand_over` with every file catalogued as kept `retention` from 2010.
fn hand_over_kept(
    f: &mut Fixture,
    series: SeriesId,
    period: &str,
    dump: &[u8],
    retention: Option<Retention>,
) -> (dengji_core::RegistrationId, String) {
    // The same folder each month, as a unit's export job writes it.
    let src = f.src(&format!("{period}/公积金导出"));
    write(&src.join("deposits.sql"), dump);
    write(&src.join("说明/数据字典.txt"), "deposits: 缴存明细\n".as_bytes());
    let target = IntakeTarget::Series { series, period: Some(period.into()), title: None };
    let clerk = f.clerk.clone();
    let draft = f.archive.intake(target, &[src], &clerk, &NoProgress, &CancelToken::new()).unwrap();
    if let Some(retention) = retention {
        for item in f.archive.items(draft.id).unwrap() {
            let meta = ItemMeta { retention: Some(retention), date: Some("2010".into()), ..ItemMeta::default() };
            f.archive.set_item_meta(draft.id, item.id, &meta, &clerk).unwrap();
        }
    }
    let number = f.seal(draft.id).registration_number;
    (draft.id, number)
}

/// Runs a program, returning whether it succeeded and what it said.
fn run(cmd: &mut Command) -> (bool, String) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e} (the test command installs ocfl-py and bagit with pip)"));
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

fn ocfl_validate(object: &Path) -> (bool, String) {
    run(Command::new("ocfl-validate.py").arg(object))
}

fn object(root: &Path, s: SeriesId) -> PathBuf {
    root.join("series").join(s.0.to_string())
}

fn inventory(root: &Path, s: SeriesId) -> serde_json::Value {
    serde_json::from_slice(&fs::read(object(root, s).join("inventory.json")).unwrap()).unwrap()
}

#[test]
fn a_series_on_a_medium_is_one_ocfl_object_of_forward_deltas() {
    let mut f = Fixture::new();
    let s = series(&mut f);
    let v1_dump = dump(20_000, &[]);
    let v2_dump = dump(20_400, &[7, 19_990]);
    let (_, n1) = hand_over(&mut f, s, "2026-09", &v1_dump);
    let (v2, n2) = hand_over(&mut f, s, "2026-10", &v2_dump);
    let root = medium(&mut f, "A-01");
    let report = backup(&mut f, &root);
    assert_eq!(report.written, [n1.clone(), n2.clone()]);
    let obj = object(&root, s);
    assert!(!root.join("bags").join(&n1).exists(), "a series' version is no bag of its own");
    assert_eq!(fs::read_to_string(obj.join("0=ocfl_object_1.1")).unwrap(), "ocfl_object_1.1\n");

    // Version 1 is a whole bag; version 2 brings only what changed.
    assert!(obj.join("v1/content/data/公积金导出/说明/数据字典.txt").is_file());
    assert!(obj.join("v2/content/data/公积金导出/deposits.sql").is_file());
    assert!(!obj.join("v2/content/data/公积金导出/说明").exists(), "an unchanged file is not written again");
    let inv = inventory(&root, s);
    assert_eq!((inv["head"].as_str(), inv["digestAlgorithm"].as_str()), (Some("v2"), Some("sha256")));
    let dictionary = dengji_core::digest::sha256("deposits: 缴存明细\n".as_bytes()).to_hex();
    assert_eq!(inv["manifest"][&dictionary], serde_json::json!(["v1/content/data/公积金导出/说明/数据字典.txt"]));
    assert_eq!(inv["versions"]["v2"]["state"][&dictionary], serde_json::json!(["data/公积金导出/说明/数据字典.txt"]));
    assert!(inv["versions"]["v2"]["message"].as_str().unwrap().contains(&n2));

    // The reference validator, sha256sum and bagit.py (on version 1, a whole bag) agree.
    let (ok, said) = ocfl_validate(&obj);
    assert!(ok, "ocfl-validate.py: {said}");
    let (ok, said) =
        run(Command::new("sha256sum").arg("--quiet").arg("-c").arg(format!("{}.sha256", s.0)).current_dir(root.join("series")));
    assert!(ok, "sha256sum -c: {said}");
    let (ok, said) = run(Command::new("python3").args(["-m", "bagit", "--validate"]).arg(obj.join("v1/content")));
    assert!(ok, "bagit.py: {said}");
    assert!(verify(&mut f, &root).ok());

    // A third version next month extends the same object.
    let v3_dump = dump(20_800, &[3]);
    let (_, n3) = hand_over(&mut f, s, "2026-11", &v3_dump);
    assert_eq!(backup(&mut f, &root).written, std::slice::from_ref(&n3));
    assert_eq!(inventory(&root, s)["head"], "v3");
    assert!(ocfl_validate(&obj).0);
    let report = verify(&mut f, &root);
    assert!(report.ok(), "{:?}", report.problems);
    assert_eq!(report.bags_checked, 3);

    // A flipped byte in the data dictionary, which all three versions use: the validator
    // names the content path, media verify the same path, the file and all three numbers.
    let shared = obj.join("v1/content/data/公积金导出/说明/数据字典.txt");
    let mut bytes = fs::read(&shared).unwrap();
    bytes[0] ^= 1;
    fs::write(&shared, &bytes).unwrap();
    let (ok, said) = ocfl_validate(&obj);
    assert!(!ok && said.contains("v1/content/data/公积金导出/说明/数据字典.txt"), "ocfl-validate.py: {said}");
    let report = verify(&mut f, &root);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    let p = &report.problems[0];
    assert_eq!(
        (p.bag.as_str(), p.path.as_str(), p.kind),
        (format!("series/{}", s.0).as_str(), "v1/content/data/公积金导出/说明/数据字典.txt", ProblemKind::Changed)
    );
    assert_eq!(p.original.as_deref(), Some("公积金导出/说明/数据字典.txt"));
    for n in [&n1, &n2, &n3] {
        assert!(p.detail.contains(n.as_str()), "{}", p.detail);
    }

    // A stranger in the object and a lost head inventory: repair puts everything back.
    fs::write(obj.join("v2/content/stray.txt"), b"?").unwrap();
    fs::remove_file(obj.join("inventory.json")).unwrap();
    let repaired = repair(&mut f, &root, None);
    assert!(repaired.ok(), "{:?}", repaired.after.problems);
    assert!(repaired.rewritten.iter().any(|r| r.ends_with("v1/content/data/公积金导出/说明/数据字典.txt")), "{:?}", repaired.rewritten);
    assert_eq!(repaired.quarantined.len(), 1, "{:?}", repaired.quarantined);
    assert!(ocfl_validate(&obj).0);

    // Version 2 restored from the medium is byte for byte what was handed over.
    let app = f.approved(ApplicationKind::Restore, v2);
    let to = f.tmp.path().join("恢复");
    let req = RestoreRequest { registration: v2, application: app, to: to.clone(), file: None, overwrite: false, from: Some(root.clone()) };
    let done = f.archive.restore(&req, &f.clerk.clone(), &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!(done.files, 2);
    let dir = fs::read_dir(&to).unwrap().next().unwrap().unwrap().path();
    assert_eq!(fs::read(dir.join("deposits.sql")).unwrap(), v2_dump);
    assert_eq!(fs::read(dir.join("说明/数据字典.txt")).unwrap(), "deposits: 缴存明细\n".as_bytes());

    // The whole archive rebuilt from this medium alone has every version again.
    let rebuilt = f.tmp.path().join("rebuilt");
    let report = recover(&rebuilt, &[&root], "管理员").unwrap();
    assert!(report.is_complete(), "{report:?}");
    assert_eq!(report.files_copied, 4, "v1's two files, v2's and v3's dumps, each once");
}

#[test]
fn a_disposed_version_leaves_the_object_and_a_later_medium_names_the_earlier_one() {
    let mut f = Fixture::new();
    let s = series(&mut f);
    let (v1, n1) = hand_over_kept(&mut f, s, "2026-09", &dump(5_000, &[]), Some(Retention::Years10));
    let (_, n2) = hand_over(&mut f, s, "2026-10", &dump(5_100, &[1]));
    let a = medium(&mut f, "A-01");
    backup(&mut f, &a);
    let obj = object(&a, s);
    assert!(obj.join("v1/content/data/公积金导出/说明/数据字典.txt").is_file());

    // Version 1 is disposed of whole once past its retention.
    let clerk = f.clerk.clone();
    let new = NewDisposal {
        registration: v1, paths: vec![], reason: "保管期限已满".into(), consent_reference: "同意书〔2026〕1号".into()
    };
    let pending = f.archive.apply_disposal(&new, &clerk).unwrap();
    f.archive.decide_disposal(pending.id, true, "监销：审核员", &f.reviewer.clone()).unwrap();
    // Until the medium is next written, the object is as written and still verifies.
    assert!(verify(&mut f, &a).ok());
    let report = backup(&mut f, &a);
    assert!(report.written.is_empty());
    // Written again without version 1's files: the dictionary version 2 shares is now its content.
    assert!(!obj.join("v1/content/data").exists());
    assert!(obj.join("v2/content/data/公积金导出/说明/数据字典.txt").is_file());
    let (ok, said) = ocfl_validate(&obj);
    assert!(ok, "ocfl-validate.py: {said}");
    let report = verify(&mut f, &a);
    assert!(report.ok(), "{:?}", report.problems);

    // A medium registered now holds version 2 onward, and says where version 1 was.
    let b = medium(&mut f, "B-01");
    assert_eq!(backup(&mut f, &b).written, std::slice::from_ref(&n2));
    let inv = inventory(&b, s);
    assert_eq!(inv["head"], "v1");
    let message = inv["versions"]["v1"]["message"].as_str().unwrap();
    assert!(message.contains(&n2) && message.contains("第 1 至 1 版见介质 A-01"), "{message}");
    assert!(object(&b, s).join("v1/content/data/公积金导出/deposits.sql").is_file(), "a medium's first version is whole");
    assert!(ocfl_validate(&object(&b, s)).0);
    let _ = n1;
}
