//! Report packages (上报) from a county to its city: what travels, what the city checks
//! before it believes any of it, the receipt back, and the county's ledger witnessed.

use std::fs;
use std::path::{Path, PathBuf};

use dengji_core::digest::Sha256;
use dengji_core::ledger::{self, entry_hash};
use dengji_core::{
    read_peer_certificate, CancelToken, Error, ExportOptions, LowerRestoreRequest, NoProgress, RegistrationId, Relation, ReportExported,
    ReportImported, Result,
};

use crate::support::{at, content, write, Fixture, KEY_PASSPHRASE, PASSWORD};

fn certificate(f: &Fixture) -> String {
    let dir = f.tmp.path().join("exported-key");
    f.archive.export_keys(&dir).unwrap();
    fs::read_to_string(dir.join("archive-key-1.pem")).unwrap()
}

/// `lower` registers `upper` as its upper archive and `upper` it as a lower one.
fn register(lower: &mut Fixture, upper: &mut Fixture) {
    let pem = certificate(lower);
    let fp = read_peer_certificate(&pem).unwrap().fingerprint;
    upper.archive.add_peer(&pem, Relation::Lower, Some(&fp), &upper.admin).unwrap();
    let pem = certificate(upper);
    let fp = read_peer_certificate(&pem).unwrap().fingerprint;
    lower.archive.add_peer(&pem, Relation::Upper, Some(&fp), &lower.admin).unwrap();
}

/// The county (上城区) and its city (杭州市), each registered with the other.
pub fn pair() -> (Fixture, Fixture) {
    let mut county = Fixture::new();
    let mut city = Fixture::named("杭州市档案馆", "330100");
    register(&mut county, &mut city);
    (county, city)
}

/// A sealed registration of two files; returns it and their SHA-256.
fn sealed(f: &mut Fixture, title: &str, seed: u64) -> (RegistrationId, Vec<Sha256>) {
    let src = f.src(title);
    write(&src.join("a.pdf"), &content(seed, 3000));
    write(&src.join("b.txt"), &content(seed + 100, 500));
    let r = f.intake(title, &[src]);
    f.seal(r.id);
    let shas = f.archive.items(r.id).unwrap().iter().map(|i| i.sha256).collect();
    (r.id, shas)
}

/// A county, its city and their province, each registered with the next.
fn three_levels() -> (Fixture, Fixture, Fixture) {
    let (county, mut city) = pair();
    let mut province = Fixture::named("浙江省档案馆", "330000");
    register(&mut city, &mut province);
    (county, city, province)
}

pub fn export(f: &mut Fixture, to: &Path, catalog_only: bool) -> ReportExported {
    let options = ExportOptions { to: None, catalog_only };
    f.archive.export_report(to, &options, &f.admin, &NoProgress, &CancelToken::new()).unwrap()
}

pub fn import(f: &mut Fixture, dir: &Path) -> Result<ReportImported> {
    f.archive.import_report(dir, &f.admin, &NoProgress, &CancelToken::new())
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn a_county_reports_to_its_city_and_takes_the_receipt_back() {
    let (mut county, mut city) = pair();
    let drive = tempfile::tempdir().unwrap();
    let (_, first) = sealed(&mut county, "第一批", 1);
    let src = county.src("草稿");
    write(&src.join("c.txt"), b"draft");
    county.intake("未封存的草稿", &[src]);

    let r1 = export(&mut county, drive.path(), false);
    assert_eq!(r1.path.file_name().unwrap(), "dengji-report-330102-330100-0001");
    assert_eq!((r1.number, r1.ledger_from, r1.objects, r1.cancelled), (1, 0, 2, false));
    for f in ["bagit.txt", "bag-info.txt", "manifest-sm3.txt", "tagmanifest-sm3.txt.sig", "data/ledger.jsonl", "data/catalog.sqlite"] {
        assert!(r1.path.join(f).is_file(), "{f}");
    }
    // The statistics come as the annual report's tables too.
    let annual = fs::read_to_string(r1.path.join("data/annual-report.csv")).unwrap();
    assert!(annual.starts_with('\u{feff}') && annual.contains("按领域") && annual.contains("已封存登记,1"), "{annual}");
    // Drafts do not travel. The copy is the county's off-site copy: its key goes only
    // encrypted, as on its own media.
    let copy =
        rusqlite::Connection::open_with_flags(r1.path.join("data/catalog.sqlite"), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let count = |sql: &str| copy.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(count("SELECT COUNT(*) FROM registrations WHERE status = 'draft'"), 0);
    assert_eq!(count("SELECT COUNT(*) FROM registrations WHERE status = 'sealed'"), 1);
    assert_eq!(count("SELECT COUNT(*) FROM archive_keys WHERE encrypted_key LIKE '%BEGIN ENCRYPTED PRIVATE KEY%'"), 1);
    assert_eq!(count("SELECT COUNT(*) FROM archive_keys WHERE encrypted_key LIKE '%BEGIN PRIVATE KEY%'"), 0);
    drop(copy);

    let got = import(&mut city, &r1.path).unwrap();
    assert_eq!((got.from.as_str(), got.number, got.registrations, got.objects, got.objects_held), ("上城区档案馆", 1, 1, 2, 0));
    assert_eq!(got.checkpoint, r1.checkpoint);
    assert!(got.receipt_path.is_file());
    for sha in &first {
        assert!(city.archive.vault().contains(sha).unwrap());
    }
    let received = city.archive.received_reports().unwrap();
    assert_eq!(received.len(), 1);
    assert!(city.archive.vault().contains(&received[0].catalog_sha256).unwrap());
    assert_eq!(ledger::entries_with_action(&city.catalog(), "upward.import").unwrap().len(), 1);
    assert!(city.archive.verify_ledger().unwrap().ok());
    // The same package again is a replay.
    assert!(matches!(import(&mut city, &r1.path), Err(Error::ReportReplayed { number: 1, last: 1, .. })));

    // Back at the county: the receipt is checked and recorded; the ledger is witnessed.
    assert!(county.archive.verify_ledger().unwrap().witnessed.is_none());
    let acked = county.archive.ack_report(&r1.path, &county.admin).unwrap();
    assert_eq!((acked.number, acked.witnessed.archive.as_str(), acked.witnessed.checkpoint), (1, "杭州市档案馆", r1.checkpoint));
    let verified = county.archive.verify_ledger().unwrap();
    assert!(verified.ok(), "{:?}", verified.problems);
    assert_eq!(verified.witnessed.unwrap().checkpoint, r1.checkpoint);
    assert!(matches!(county.archive.ack_report(&r1.path, &county.admin), Err(Error::ReceiptRecorded { number: 1, .. })));

    // The next report carries only what is new: the ledger since the receipt, the files
    // of the registration sealed since.
    let (_, second) = sealed(&mut county, "第二批", 2);
    let r2 = export(&mut county, drive.path(), false);
    assert_eq!((r2.number, r2.ledger_from, r2.objects), (2, r1.checkpoint.size, 2));
    let objects: Vec<String> =
        fs::read_dir(r2.path.join("data/objects")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert!(second.iter().all(|s| objects.contains(&s.to_hex())) && first.iter().all(|s| !objects.contains(&s.to_hex())));
    assert_eq!((import(&mut city, &r2.path).unwrap().registrations), 2);
    county.archive.ack_report(&r2.path, &county.admin).unwrap();

    // A catalog-only report carries no files; the next full one carries what it left out.
    let (_, third) = sealed(&mut county, "第三批", 3);
    let r3 = export(&mut county, drive.path(), true);
    assert_eq!((r3.objects, r3.catalog_only), (0, true));
    import(&mut city, &r3.path).unwrap();
    county.archive.ack_report(&r3.path, &county.admin).unwrap();
    assert!(!city.archive.vault().contains(&third[0]).unwrap());
    let r4 = export(&mut county, drive.path(), false);
    assert_eq!((r4.number, r4.ledger_from, r4.objects), (4, r3.checkpoint.size, 2));
    import(&mut city, &r4.path).unwrap();
    assert!(third.iter().all(|s| city.archive.vault().contains(s).unwrap()));
    county.archive.ack_report(&r4.path, &county.admin).unwrap();
    assert!(county.archive.verify_ledger().unwrap().ok());
    assert!(city.archive.verify_ledger().unwrap().ok());
    assert_eq!(county.archive.sent_reports().unwrap().iter().filter(|r| r.receipt.is_some()).count(), 4);
}

#[test]
fn one_changed_byte_anywhere_refuses_the_whole_package() {
    let (mut county, mut city) = pair();
    let drive = tempfile::tempdir().unwrap();
    let (_, files) = sealed(&mut county, "第一批", 1);
    let good = export(&mut county, drive.path(), false).path;
    let bad = tempfile::tempdir().unwrap();
    let damaged = |name: &str, how: &dyn Fn(&Path)| -> PathBuf {
        let dir = bad.path().join(name).join(good.file_name().unwrap());
        copy_dir(&good, &dir);
        how(&dir);
        dir
    };
    let flip = |p: PathBuf| {
        let mut b = fs::read(&p).unwrap();
        b[10] ^= 1;
        fs::write(&p, b).unwrap();
    };
    let object = |d: &Path| d.join("data/objects").join(files[0].to_hex());
    let ledger_lines = |d: &Path| fs::read_to_string(d.join("data/ledger.jsonl")).unwrap();
    let cases: Vec<(PathBuf, &str)> = vec![
        (damaged("flipped", &|d| flip(object(d))), "report_invalid"),
        (
            damaged("entry-removed", &|d| {
                let text = ledger_lines(d);
                let kept: Vec<&str> = text.lines().filter(|l| !l.contains("\"seq\":2,")).collect();
                fs::write(d.join("data/ledger.jsonl"), kept.join("\n") + "\n").unwrap();
            }),
            "report_invalid",
        ),
        (damaged("row-added", &|d| fs::write(d.join("data/objects/extra"), b"x").unwrap()), "report_invalid"),
        (
            damaged("bag-info", &|d| {
                let info = fs::read_to_string(d.join("bag-info.txt")).unwrap();
                fs::write(d.join("bag-info.txt"), info.replace("Dengji-Payload-From: 0", "Dengji-Payload-From: 1")).unwrap()
            }),
            "report_invalid",
        ),
        (
            // Manifests recomputed to match a changed file: only the signature is left to tell.
            damaged("re-manifested", &|d| {
                let p = object(d);
                flip(p.clone());
                let new = dengji_core::digest::dual(&fs::read(&p).unwrap());
                let m256 = fs::read_to_string(d.join("manifest-sha256.txt")).unwrap();
                let m256 = m256.replacen(&format!("{}  ", files[0]), &format!("{}  ", new.sha256), 1);
                fs::write(d.join("manifest-sha256.txt"), m256).unwrap();
                let msm3 = fs::read_to_string(d.join("manifest-sm3.txt")).unwrap();
                let line = msm3.lines().find(|l| l.ends_with(&files[0].to_hex())).unwrap().to_string();
                fs::write(d.join("manifest-sm3.txt"), msm3.replace(&line, &format!("{}  {}", new.sm3, &line[66..]))).unwrap();
                let tags: String = ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sm3.txt"]
                    .iter()
                    .map(|n| format!("{}  {n}\n", dengji_core::digest::sm3(&fs::read(d.join(n)).unwrap())))
                    .collect();
                fs::write(d.join("tagmanifest-sm3.txt"), tags).unwrap();
            }),
            "report_signer",
        ),
        (damaged("unsigned", &|d| fs::remove_file(d.join("tagmanifest-sm3.txt.sig")).unwrap()), "report_incomplete"),
    ];
    for (dir, code) in &cases {
        match import(&mut city, dir) {
            Err(e) => assert_eq!(e.code(), *code, "{}: {e}", dir.display()),
            Ok(_) => panic!("{} was imported", dir.display()),
        }
    }
    // A half-written package.
    let partial = bad.path().join("dengji-report-330102-330100-0001.partial");
    copy_dir(&good, &partial);
    assert!(matches!(import(&mut city, &partial), Err(Error::ReportIncomplete { .. })));
    // Signed by an archive the city never registered.
    let mut stranger = Fixture::named("西湖区档案馆", "330106");
    let pem = certificate(&city);
    let fp = read_peer_certificate(&pem).unwrap().fingerprint;
    stranger.archive.add_peer(&pem, Relation::Upper, Some(&fp), &stranger.admin).unwrap();
    sealed(&mut stranger, "西湖", 9);
    let foreign = export(&mut stranger, bad.path(), false).path;
    assert!(matches!(import(&mut city, &foreign), Err(Error::ReportSigner(_))));

    // Nothing of any of them was taken in.
    assert!(city.archive.received_reports().unwrap().is_empty());
    assert!(!city.archive.vault().contains(&files[0]).unwrap());
    assert!(ledger::entries_with_action(&city.catalog(), "upward.import").unwrap().is_empty());
    // The package as written is fine.
    import(&mut city, &good).unwrap();
}

/// Rewrites the archive's ledger from entry `from` on as an insider with the database
/// could: the operator of that entry changed, every hash after it recomputed.
fn rewrite_ledger(f: &Fixture, from: i64) {
    f.drop_trigger("ledger_append_only_update", "ledger");
    let db = f.catalog();
    let entries = ledger::entries_after(&db, 0).unwrap();
    let mut prev = entries[(from - 2) as usize].entry_hash;
    for e in entries.iter().filter(|e| e.seq >= from) {
        let operator = if e.seq == from { "改写者".to_string() } else { e.operator.clone() };
        let hash = entry_hash(e.seq, &e.at, &operator, &e.action, &e.subject, &e.payload_sha256, &prev);
        db.execute(
            "UPDATE ledger SET operator = ?1, prev_hash = ?2, entry_hash = ?3 WHERE seq = ?4",
            &[&operator as &dyn dengji_core::ToSql, &prev, &hash, &e.seq][..],
        )
        .unwrap();
        prev = hash;
    }
}

#[test]
fn gaps_and_rewritten_ledgers_are_refused_with_the_evidence_kept() {
    let (mut county, mut city) = pair();
    let drive = tempfile::tempdir().unwrap();
    sealed(&mut county, "第一批", 1);
    let r1 = export(&mut county, drive.path(), false);
    import(&mut city, &r1.path).unwrap();
    county.archive.ack_report(&r1.path, &county.admin).unwrap();
    sealed(&mut county, "第二批", 2);
    let r2 = export(&mut county, drive.path(), false);

    // Another workstation of the city's name that never took report 1: report 2 starts
    // where report 1 ended, so it cannot be taken alone.
    let mut other = Fixture::named("杭州市档案馆", "330100");
    let pem = certificate(&county);
    let fp = read_peer_certificate(&pem).unwrap().fingerprint;
    other.archive.add_peer(&pem, Relation::Lower, Some(&fp), &other.admin).unwrap();
    match import(&mut other, &r2.path) {
        Err(Error::ReportOutOfOrder { number: 2, ledger_from, held: 0, .. }) => assert_eq!(ledger_from, r1.checkpoint.size),
        other => panic!("{other:?}"),
    }
    assert!(other.archive.received_reports().unwrap().is_empty());

    // The county's ledger rewritten behind the witness: its own verify says so, and it
    // cannot report any more.
    rewrite_ledger(&county, 3);
    let verified = county.archive.verify_ledger().unwrap();
    assert!(verified.problems.iter().any(|p| p.message.contains("见证")), "{:?}", verified.problems);
    assert!(matches!(
        county.archive.export_report(drive.path(), &ExportOptions::default(), &county.admin, &NoProgress, &CancelToken::new()),
        Err(Error::Integrity(_))
    ));
}

#[test]
fn a_fork_of_what_the_city_holds_is_refused_and_both_heads_are_kept() {
    let (mut county, mut city) = pair();
    let drive = tempfile::tempdir().unwrap();
    sealed(&mut county, "第一批", 1);
    let r1 = export(&mut county, drive.path(), false);
    import(&mut city, &r1.path).unwrap();
    // The receipt never reaches the county; meanwhile its ledger is rewritten.
    rewrite_ledger(&county, 3);
    let r2 = export(&mut county, drive.path(), false);
    assert_eq!((r2.number, r2.ledger_from), (2, 0));
    match import(&mut city, &r2.path) {
        Err(Error::LedgerForked { size, held, theirs, .. }) => {
            assert_eq!((size, held.as_str()), (r1.checkpoint.size, r1.checkpoint.head.to_hex().as_str()));
            assert_ne!(theirs, held);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(city.archive.received_reports().unwrap().len(), 1);
    let evidence = ledger::entries_with_action(&city.catalog(), "upward.fork").unwrap();
    assert_eq!(evidence.len(), 1);
    assert!(evidence[0].payload.contains(&r1.checkpoint.head.to_hex()));
    assert!(city.archive.verify_ledger().unwrap().ok());
}

#[test]
fn an_interrupted_export_resumes_and_keeps_what_it_wrote() {
    let (mut county, mut city) = pair();
    let drive = tempfile::tempdir().unwrap();
    let (_, files) = sealed(&mut county, "第一批", 1);
    let cancel = CancelToken::new();
    cancel.cancel();
    let stopped = county.archive.export_report(drive.path(), &ExportOptions::default(), &county.admin, &NoProgress, &cancel).unwrap();
    assert!(stopped.cancelled);
    assert!(stopped.path.to_string_lossy().ends_with(".partial"));
    assert!(matches!(import(&mut city, &stopped.path), Err(Error::ReportIncomplete { .. })));
    assert!(county.archive.sent_reports().unwrap().is_empty());
    // One file written before the interruption is kept, a damaged one written again.
    let objects = stopped.path.join("data/objects");
    let mut good = Vec::new();
    std::io::copy(&mut county.archive.vault().open(&files[1]).unwrap().unwrap(), &mut good).unwrap();
    fs::write(objects.join(files[1].to_hex()), good).unwrap();
    fs::write(objects.join(files[0].to_hex()), b"half a file").unwrap();
    let r = export(&mut county, drive.path(), false);
    assert_eq!((r.number, r.objects, r.objects_kept, r.cancelled), (1, 2, 1, false));
    assert!(!stopped.path.exists());
    import(&mut city, &r.path).unwrap();
}

#[test]
fn only_a_registered_upper_archive_is_reported_to() {
    let mut county = Fixture::new();
    let drive = tempfile::tempdir().unwrap();
    let err = county.archive.export_report(drive.path(), &ExportOptions::default(), &county.admin, &NoProgress, &CancelToken::new());
    assert!(matches!(err, Err(Error::NoUpperPeer)));
    let mut city = Fixture::named("杭州市档案馆", "330100");
    register(&mut county, &mut city);
    let err = county.archive.export_report(drive.path(), &ExportOptions::default(), &county.clerk, &NoProgress, &CancelToken::new());
    assert!(matches!(err, Err(Error::Forbidden { .. })));
    let to = ExportOptions { to: Some("浙江省档案馆".into()), catalog_only: false };
    let err = county.archive.export_report(drive.path(), &to, &county.admin, &NoProgress, &CancelToken::new());
    assert!(matches!(err, Err(Error::UpperPeerUnknown(_))));
    // A package addressed to the city is no package for the province.
    let r = export(&mut county, drive.path(), true);
    let mut province = Fixture::named("浙江省档案馆", "330000");
    register(&mut county, &mut province);
    assert!(matches!(import(&mut province, &r.path), Err(Error::ReportInvalid(_))));
}

#[test]
fn a_county_s_registrations_travel_up_two_levels_through_its_city() {
    let (mut county, mut city, mut province) = three_levels();
    let drive = tempfile::tempdir().unwrap();
    let (_, county_files) = sealed(&mut county, "县里的第一批", 1);
    let (_, city_files) = sealed(&mut city, "市里的第一批", 2);

    let c1 = export(&mut county, drive.path(), false);
    import(&mut city, &c1.path).unwrap();
    county.archive.ack_report(&c1.path, &county.admin).unwrap();
    let m1 = export(&mut city, drive.path(), false);
    assert_eq!(m1.forwarded, ["dengji-report-330102-330100-0001"]);
    assert!(m1.path.join("data/forwarded/dengji-report-330102-330100-0001/tagmanifest-sm3.txt.sig").is_file());

    // The province checks the county's own package inside the city's, and knows the county
    // through the city from then on.
    let got = import(&mut province, &m1.path).unwrap();
    assert_eq!((got.from.as_str(), got.registrations, got.forwarded.len()), ("杭州市档案馆", 1, 1));
    let f = &got.forwarded[0];
    assert_eq!((f.from.as_str(), f.number, f.registrations, f.objects, f.known), ("上城区档案馆", 1, 1, 2, false));
    let peers = province.archive.peers().unwrap();
    let city_peer = peers.iter().find(|p| p.name == "杭州市档案馆").unwrap();
    let county_peer = peers.iter().find(|p| p.name == "上城区档案馆").unwrap();
    assert_eq!((county_peer.relation, county_peer.via), (Relation::Lower, Some(city_peer.id)));
    for sha in county_files.iter().chain(&city_files) {
        assert!(province.archive.vault().contains(sha).unwrap());
    }
    let received = province.archive.received_reports().unwrap();
    assert_eq!(received.len(), 2);
    let forwarded_row = received.iter().find(|r| r.peer_id == county_peer.id).unwrap();
    assert_eq!((forwarded_row.forwarded_by, forwarded_row.forwarded_in, forwarded_row.receipt.as_str()), (Some(city_peer.id), Some(1), ""));
    let verified = province.archive.verify_ledger().unwrap();
    assert!(verified.ok(), "{:?}", verified.problems);
    city.archive.ack_report(&m1.path, &city.admin).unwrap();

    // The province finds the county's registration and counts it, naming where it is.
    let found = province.archive.search_lower("县里的第一批", &Default::default()).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].archive, "上城区档案馆");
    assert!(found[0].results.hits.iter().any(|h| h.title.as_deref() == Some("县里的第一批")));
    assert!(province.archive.search("县里的第一批", &Default::default()).unwrap().hits.is_empty());
    let by_source = province.archive.statistics_by_source(crate::support::at()).unwrap();
    let counted: Vec<(&str, bool, i64)> =
        by_source.iter().map(|s| (s.archive.as_str(), s.lower, s.statistics.totals.registrations)).collect();
    assert_eq!(counted, [("浙江省档案馆", false, 0), ("杭州市档案馆", true, 1), ("上城区档案馆", true, 1)]);
    let lower = province.archive.lower_archives().unwrap();
    assert_eq!(
        lower.iter().map(|l| (l.peer.name.as_str(), l.via.as_deref(), l.reports)).collect::<Vec<_>>(),
        [("杭州市档案馆", None, 1), ("上城区档案馆", Some("杭州市档案馆"), 1)]
    );

    // Round two: only the county's new package goes up with the city's.
    let (_, second) = sealed(&mut county, "县里的第二批", 3);
    let c2 = export(&mut county, drive.path(), false);
    import(&mut city, &c2.path).unwrap();
    county.archive.ack_report(&c2.path, &county.admin).unwrap();
    let m2 = export(&mut city, drive.path(), false);
    assert_eq!(m2.forwarded, ["dengji-report-330102-330100-0002"]);
    // Taken in without its receipt reaching the city, it goes up again in the next one,
    // and the province takes the rest and passes over what it holds.
    let got = import(&mut province, &m2.path).unwrap();
    assert_eq!((got.forwarded[0].number, got.forwarded[0].known), (2, false));
    assert!(second.iter().all(|s| province.archive.vault().contains(s).unwrap()));
    let m3 = export(&mut city, drive.path(), false);
    assert_eq!(m3.forwarded, ["dengji-report-330102-330100-0002"]);
    let got = import(&mut province, &m3.path).unwrap();
    assert_eq!((got.forwarded[0].number, got.forwarded[0].known), (2, true));
    assert_eq!(province.archive.received_reports().unwrap().len(), 5);
    assert!(province.archive.verify_ledger().unwrap().ok());

    // The city's package is checked whole: a byte of the county's package inside it changed
    // is refused at the province like one of the city's own.
    let bad = tempfile::tempdir().unwrap();
    let m4 = export(&mut city, drive.path(), false);
    let tampered = bad.path().join(m4.path.file_name().unwrap());
    copy_dir(&m4.path, &tampered);
    let inner = tampered.join("data/forwarded/dengji-report-330102-330100-0002/data/statistics.json");
    fs::write(&inner, fs::read_to_string(&inner).unwrap().replacen('1', "2", 1)).unwrap();
    assert!(matches!(import(&mut province, &tampered), Err(Error::ReportInvalid(_))));
    assert_eq!(province.archive.received_reports().unwrap().len(), 5);

    // The province's annual report sums every archive's, with a table by archive.
    let combined = province.archive.combined_statistics(crate::support::at()).unwrap();
    assert_eq!((combined.totals.registrations, combined.totals.files), (3, 6));
    let shares: Vec<(&str, i64)> = combined.by_source.iter().map(|b| (b.key.as_str(), b.registrations)).collect();
    assert_eq!(shares, [("浙江省档案馆（330000）", 0), ("杭州市档案馆（330100）", 1), ("上城区档案馆（330102）", 2)]);
    assert!(combined.tables().iter().any(|t| t.key == "source" && t.rows.len() == 3));
    assert!(!province.archive.statistics(crate::support::at()).unwrap().tables().iter().any(|t| t.key == "source"));

    // A file presented at the province is attested against the county's copy, naming it;
    // the copies searched are part of the record.
    let presented = bad.path().join("出示的文件.pdf");
    write(&presented, &content(1, 3000));
    let attested = province.archive.attest(&[presented], &province.clerk).unwrap();
    assert!(attested.all_registered());
    let held = attested.files[0].matches[0].held_by.as_ref().expect("found in a lower archive's copy");
    assert_eq!((held.archive.as_str(), held.report), ("上城区档案馆", 2));
    assert_eq!(attested.lower.iter().map(|h| h.archive.as_str()).collect::<Vec<_>>(), ["杭州市档案馆", "上城区档案馆"]);
    let entry = ledger::entries_with_action(&province.catalog(), "attestation").unwrap().pop().unwrap();
    assert!(entry.payload.contains("上城区档案馆"), "{}", entry.payload);
    let pdf = province.archive.attestation_report(&attested).unwrap();
    assert!(pdf.len() > 1000);

    // vault verify at the province re-hashes what it holds for its lower archives, and
    // names a damaged file by the package that brought it.
    let clean = province.archive.verify_vault(&NoProgress, &CancelToken::new()).unwrap();
    assert!(clean.problems.is_empty() && clean.objects > 10, "{clean:?}");
    province.archive.vault().tamper(&county_files[0], dengji_core::Tamper::Replace(b"flipped".to_vec())).unwrap();
    let report = province.archive.verify_vault(&NoProgress, &CancelToken::new()).unwrap();
    assert_eq!(report.problems.len(), 1, "{report:?}");
    let named = &report.problems[0].items;
    assert!(named.iter().any(|i| i == &format!("上城区档案馆 第 1 次报送 data/objects/{}", county_files[0])), "{named:?}");
}

#[test]
fn an_interrupted_import_takes_nothing_in_and_runs_again_whole() {
    let (mut county, mut city) = pair();
    let drive = tempfile::tempdir().unwrap();
    let (_, files) = sealed(&mut county, "第一批", 1);
    let r = export(&mut county, drive.path(), false);
    let cancel = CancelToken::new();
    cancel.cancel();
    assert!(matches!(city.archive.import_report(&r.path, &city.admin, &NoProgress, &cancel), Err(Error::ReportImportCancelled)));
    assert!(city.archive.received_reports().unwrap().is_empty());
    assert!(!r.path.join("receipt.txt").exists());
    assert!(ledger::entries_with_action(&city.catalog(), "upward.import").unwrap().is_empty());
    let got = import(&mut city, &r.path).unwrap();
    assert_eq!(got.objects, 2);
    assert!(files.iter().all(|s| city.archive.vault().contains(s).unwrap()));
}

#[test]
fn a_certificate_issued_after_a_receipt_prints_the_witness_and_reprints_the_same() {
    let (mut county, mut city) = pair();
    let drive = tempfile::tempdir().unwrap();
    let (reg, _) = sealed(&mut county, "第一批", 1);
    let clerk = county.clerk.clone();
    let (before, _) = county.archive.issue_certificate(reg, &clerk).unwrap();
    assert!(before.content.witnessed.is_none());

    let r = export(&mut county, drive.path(), false);
    import(&mut city, &r.path).unwrap();
    county.archive.ack_report(&r.path, &county.admin).unwrap();
    let (after, pdf) = county.archive.issue_certificate(reg, &clerk).unwrap();
    let w = after.content.witnessed.clone().expect("the receipt is before the certificate's checkpoint");
    assert_eq!((w.archive.as_str(), w.number, w.checkpoint), ("杭州市档案馆", 1, r.checkpoint));
    let path = county.tmp.path().join("证明.pdf");
    fs::write(&path, &pdf).unwrap();
    let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output().unwrap();
    let text: String = String::from_utf8(out.stdout).unwrap().split_whitespace().collect();
    assert!(text.contains("上级见证") && text.contains("杭州市档案馆") && text.contains(&r.checkpoint.head.to_hex()), "{text}");
    // Rendered again from the catalog, both are the files handed out.
    for c in [&before, &after] {
        let again = county.archive.certificate(c.number()).unwrap();
        county.archive.render_certificate(&again).unwrap();
    }
    assert!(county.archive.verify_ledger().unwrap().ok());
}

#[test]
fn a_county_that_lost_everything_is_rebuilt_from_its_city_s_copy() {
    let (mut county, mut city) = pair();
    let drive = tempfile::tempdir().unwrap();
    let (_, first) = sealed(&mut county, "第一批", 1);
    let r1 = export(&mut county, drive.path(), false);
    import(&mut city, &r1.path).unwrap();
    county.archive.ack_report(&r1.path, &county.admin).unwrap();
    let (_, second) = sealed(&mut county, "第二批", 2);
    let r2 = export(&mut county, drive.path(), false);
    import(&mut city, &r2.path).unwrap();
    // The county's workstation and media are lost before the second receipt comes back.
    drop(county);

    // The city writes a recovery medium from its copy of the county (admins only).
    let site = tempfile::tempdir().unwrap();
    let medium = site.path().join("恢复盘");
    let clerk = city.clerk.clone();
    assert!(matches!(
        city.archive.write_lower_recovery("上城区档案馆", &medium, &clerk, &NoProgress, &CancelToken::new()),
        Err(Error::Forbidden { .. })
    ));
    assert!(matches!(
        city.archive.write_lower_recovery("西湖区档案馆", &medium, &city.admin, &NoProgress, &CancelToken::new()),
        Err(Error::LowerUnknown(_))
    ));
    let made = city.archive.write_lower_recovery("上城区档案馆", &medium, &city.admin, &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!((made.number, made.registrations, made.files, made.missing.len(), made.cancelled), (2, 2, 4, 0, false));
    assert_eq!(made.checkpoint, r2.checkpoint);
    assert_eq!(ledger::entries_with_action(&city.catalog(), "upward.recovery_medium").unwrap().len(), 1);

    // At the county, a new workstation is rebuilt from it as from a medium of its own.
    let dir = site.path().join("data");
    let recovered =
        dengji_core::Archive::recover(&dir, std::slice::from_ref(&medium), "管理员", PASSWORD, at(), &NoProgress, &CancelToken::new())
            .unwrap();
    assert!(recovered.is_complete(), "{:?}", recovered.missing);
    assert_eq!((recovered.registrations, recovered.complete.len()), (2, 2));
    let mut rebuilt = dengji_core::Archive::open(&dir).unwrap();
    let admin = rebuilt.login("管理员", PASSWORD, at()).unwrap().stamp(at());
    for sha in first.iter().chain(&second) {
        assert!(rebuilt.vault().contains(sha).unwrap());
    }
    let verified = rebuilt.verify_ledger().unwrap();
    assert!(verified.ok(), "{:?}", verified.problems);
    assert_eq!(verified.witnessed.unwrap().checkpoint, r1.checkpoint);

    // The last receipt, which never came back, is on the medium: recorded, it witnesses
    // the copy the county was rebuilt from, and the county reports on from there.
    let acked = rebuilt.ack_report(&made.receipt.unwrap(), &admin).unwrap();
    assert_eq!((acked.number, acked.witnessed.checkpoint), (2, r2.checkpoint));
    assert!(rebuilt.verify_ledger().unwrap().ok());
    rebuilt.unlock_key(KEY_PASSPHRASE, &admin).unwrap();
    let r3 = rebuilt.export_report(drive.path(), &ExportOptions::default(), &admin, &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!((r3.number, r3.ledger_from), (3, r2.checkpoint.size));
    assert_eq!(import(&mut city, &r3.path).unwrap().number, 3);
}

#[test]
fn the_city_restores_a_county_registration_from_its_copy_under_an_approved_application() {
    let (mut county, mut city) = pair();
    let drive = tempfile::tempdir().unwrap();
    let (id, _) = sealed(&mut county, "县里的登记", 1);
    let number = county.archive.registration(id).unwrap().registration_number.unwrap();
    let (other, _) = sealed(&mut county, "县里的另一个登记", 2);
    let other = county.archive.registration(other).unwrap().registration_number.unwrap();
    let r1 = export(&mut county, drive.path(), false);
    import(&mut city, &r1.path).unwrap();
    county.archive.ack_report(&r1.path, &county.admin).unwrap();

    // The unit's written request is recorded at the city against the county's registration.
    let app = city.archive.apply_for_lower(&number, "县馆服务器损坏", "杭档〔2026〕9号", &city.clerk).unwrap();
    assert_eq!((app.registration, app.registration_number.as_deref()), (None, Some(number.as_str())));
    assert_eq!(app.lower.as_ref().map(|l| l.archive.as_str()), Some("上城区档案馆"));
    let to = tempfile::tempdir().unwrap();
    let req = |application, file: Option<&str>| LowerRestoreRequest {
        number: number.clone(),
        application,
        to: to.path().join("恢复"),
        file: file.map(str::to_string),
        overwrite: false,
    };
    let restore = |f: &mut Fixture, r: &LowerRestoreRequest| f.archive.restore_lower(r, &f.clerk.clone(), &NoProgress, &CancelToken::new());
    // Not before it is approved, and never by the one who applied.
    assert!(matches!(restore(&mut city, &req(app.id, None)), Err(Error::NoApprovedApplication(_))));
    assert!(matches!(city.archive.decide(app.id, true, &city.clerk), Err(Error::Forbidden { .. } | Error::SelfApproval)));
    city.archive.decide(app.id, true, &city.reviewer).unwrap();
    // An approval for one registration restores no other.
    let wrong = LowerRestoreRequest { number: other.clone(), ..req(app.id, None) };
    assert!(matches!(restore(&mut city, &wrong), Err(Error::NoApprovedApplication(_))));

    let done = restore(&mut city, &req(app.id, None)).unwrap();
    assert_eq!((done.files, done.cancelled), (2, false));
    for item in county.archive.items(id).unwrap() {
        let restored = fs::read(to.path().join("恢复").join(&item.path)).unwrap();
        assert_eq!(dengji_core::digest::sha256(&restored), item.sha256, "{}", item.path);
    }
    // Used once, recorded in the city's ledger.
    assert!(matches!(restore(&mut city, &req(app.id, Some("a.pdf"))), Err(Error::ApplicationUsed { .. })));
    let entries = ledger::entries_with_action(&city.catalog(), "upward.restore").unwrap();
    assert_eq!(entries.len(), 1);
    assert!(entries[0].payload.contains(&number) && entries[0].payload.contains("上城区档案馆"), "{}", entries[0].payload);
    assert!(city.archive.verify_ledger().unwrap().ok());
    assert!(city.archive.applications().unwrap()[0].used_at.is_some());

    // A registration reported catalog-only cannot be restored here: its files are not held.
    let (later, _) = sealed(&mut county, "只报送目录的登记", 3);
    let later = county.archive.registration(later).unwrap().registration_number.unwrap();
    let r2 = export(&mut county, drive.path(), true);
    import(&mut city, &r2.path).unwrap();
    assert!(matches!(
        city.archive.apply_for_lower(&later, "县馆服务器损坏", "杭档〔2026〕10号", &city.clerk),
        Err(Error::LowerFilesNotHeld { .. })
    ));
    // A damaged object is refused on the way out, and nothing appears under its name.
    let app2 = city.archive.apply_for_lower(&other, "县馆服务器损坏", "杭档〔2026〕11号", &city.clerk).unwrap();
    city.archive.decide(app2.id, true, &city.reviewer).unwrap();
    let other_items = county.archive.items(county.archive.find_registration(&other).unwrap().id).unwrap();
    city.archive.vault().tamper(&other_items[0].sha256, dengji_core::Tamper::Replace(b"flipped".to_vec())).unwrap();
    let to2 = tempfile::tempdir().unwrap();
    let bad =
        LowerRestoreRequest { number: other.clone(), application: app2.id, to: to2.path().to_path_buf(), file: None, overwrite: false };
    assert!(restore(&mut city, &bad).is_err());
    assert!(!to2.path().join(&other_items[0].path).exists());
    assert!(city.archive.application(app2.id).unwrap().used_at.is_none(), "a failed restore does not use the approval");
}

/// Recomputes every line of a bag's manifests and tag manifests from the files they name,
/// as someone holding the bag but not its signing key could.
fn redigest(bag: &Path) {
    for (name, sm3) in
        [("manifest-sha256.txt", false), ("manifest-sm3.txt", true), ("tagmanifest-sha256.txt", false), ("tagmanifest-sm3.txt", true)]
    {
        let text = fs::read_to_string(bag.join(name)).unwrap();
        let lines: String = text
            .lines()
            .map(|l| {
                let (_, path) = l.split_once("  ").unwrap();
                let d = dengji_core::digest::dual(&fs::read(bag.join(path)).unwrap());
                format!("{}  {path}\n", if sm3 { d.sm3.to_hex() } else { d.sha256.to_hex() })
            })
            .collect();
        fs::write(bag.join(name), lines).unwrap();
    }
}

#[test]
fn a_city_cannot_change_what_its_county_reported() {
    let (mut county, mut city, mut province) = three_levels();
    let drive = tempfile::tempdir().unwrap();
    sealed(&mut county, "县里的第一批", 1);
    let c1 = export(&mut county, drive.path(), false);
    import(&mut city, &c1.path).unwrap();
    let m1 = export(&mut city, drive.path(), false);

    // The city changes the county's statistics inside its own package, recomputes the
    // county's manifests (it cannot sign as the county), then its own, and signs them with
    // its own key: its package is sound, the county's inside it is not.
    let bad = tempfile::tempdir().unwrap();
    let forged = bad.path().join(m1.path.file_name().unwrap());
    copy_dir(&m1.path, &forged);
    let inner = forged.join("data/forwarded").join(c1.path.file_name().unwrap());
    let stats = inner.join("data/statistics.json");
    fs::write(&stats, fs::read_to_string(&stats).unwrap().replacen('1', "2", 1)).unwrap();
    redigest(&inner);
    redigest(&forged);
    let signed = fs::read(forged.join("tagmanifest-sm3.txt")).unwrap();
    fs::write(forged.join("tagmanifest-sm3.txt.sig"), city.archive.report_signature(&signed).expect("the city's key is unlocked")).unwrap();

    let refused = import(&mut province, &forged).unwrap_err();
    assert_eq!(refused.code(), "report_signer", "{refused}");
    assert!(refused.to_string().contains("上城区档案馆"), "{refused}");
    assert!(province.archive.received_reports().unwrap().is_empty());
    assert!(province.archive.peers().unwrap().iter().all(|p| p.name != "上城区档案馆"));
    // The package as the city wrote it is taken in.
    assert_eq!(import(&mut province, &m1.path).unwrap().forwarded.len(), 1);
}

#[test]
fn a_county_s_new_key_reaches_the_province_through_its_city() {
    let (mut county, mut city, mut province) = three_levels();
    let drive = tempfile::tempdir().unwrap();
    sealed(&mut county, "县里的第一批", 1);
    let c1 = export(&mut county, drive.path(), false);
    import(&mut city, &c1.path).unwrap();
    county.archive.ack_report(&c1.path, &county.admin).unwrap();
    let m1 = export(&mut city, drive.path(), false);
    import(&mut province, &m1.path).unwrap();
    city.archive.ack_report(&m1.path, &city.admin).unwrap();

    // The county moves to a new key; the city registers the certificate its old key signed.
    county.archive.rotate_key(KEY_PASSPHRASE, "县馆的新机构密钥口令2027", &county.admin).unwrap();
    let dir = county.tmp.path().join("rotated");
    county.archive.export_keys(&dir).unwrap();
    let pem = fs::read_to_string(dir.join("archive-key-2-signed-by-key-1.pem")).unwrap();
    assert!(city.archive.add_peer(&pem, Relation::Lower, None, &city.admin).unwrap().rotation);
    sealed(&mut county, "县里的第二批", 2);
    let c2 = export(&mut county, drive.path(), false);
    import(&mut city, &c2.path).unwrap();
    let m2 = export(&mut city, drive.path(), false);

    // The province checks the new certificate against the county key it holds itself, and
    // registers it (a peer.rotate entry naming the city).
    let got = import(&mut province, &m2.path).unwrap();
    assert_eq!((got.forwarded[0].from.as_str(), got.forwarded[0].number), ("上城区档案馆", 2));
    let county_at_province = province.archive.peers().unwrap().into_iter().find(|p| p.name == "上城区档案馆").unwrap();
    assert_eq!(county_at_province.keys.len(), 2);
    let rotated = ledger::entries_with_action(&province.catalog(), "peer.rotate").unwrap();
    assert!(rotated.len() == 1 && rotated[0].payload.contains("杭州市档案馆"), "{rotated:?}");
    let verified = province.archive.verify_ledger().unwrap();
    assert!(verified.ok(), "{:?}", verified.problems);
}

#[test]
fn a_city_draft_sharing_a_file_with_a_county_copy_goes_without_taking_the_copy_along() {
    let (mut county, mut city) = pair();
    let drive = tempfile::tempdir().unwrap();
    let (county_reg, files) = sealed(&mut county, "合同", 7);
    // The city happened to take the same contract in as a draft of its own.
    let src = city.src("同一份合同");
    write(&src.join("a.pdf"), &content(7, 3000));
    let draft = city.intake("同一份合同", &[src]).id;
    let r = export(&mut county, drive.path(), false);
    let got = import(&mut city, &r.path).unwrap();
    assert_eq!(got.objects, 2);
    // The draft is discarded: the county's copy of the contract stays.
    city.archive.discard_draft(draft, "重复移交", &city.clerk.clone()).unwrap();
    assert!(files.iter().all(|s| city.archive.vault().contains(s).unwrap()), "the county's files are still held");
    let vault = city.archive.verify_vault(&NoProgress, &CancelToken::new()).unwrap();
    assert!(vault.problems.is_empty(), "{:?}", vault.problems);
    let _ = county_reg;
}

#[test]
fn a_package_changed_on_its_carrier_after_the_check_is_not_stored() {
    let (mut county, mut city) = pair();
    let drive = tempfile::tempdir().unwrap();
    let (_, files) = sealed(&mut county, "第一批", 1);
    let r = export(&mut county, drive.path(), false);
    // What the import copies is hashed again: a file changed on the carrier after the
    // check read it (here: once the check has moved on to the next file) is refused.
    let mut objects: Vec<PathBuf> =
        walk(&r.path.join("data")).into_iter().filter(|p| files.iter().any(|s| p.to_string_lossy().contains(&s.to_hex()))).collect();
    objects.sort();
    let first = objects[0].strip_prefix(&r.path).unwrap().to_string_lossy().into_owned();
    let progress = ChangeAfterCheck { file: objects[0].clone(), rel: first, done: std::sync::atomic::AtomicBool::new(false) };
    let refused = city.archive.import_report(&r.path, &city.admin, &progress, &CancelToken::new());
    assert!(progress.done.load(std::sync::atomic::Ordering::SeqCst), "the file was changed after its check");
    assert!(matches!(refused, Err(Error::ReportInvalid(ref why)) if why.contains("核验之后被改动")), "{refused:?}");
    assert!(files.iter().all(|s| !city.archive.vault().contains(s).unwrap()), "nothing of it is stored");
    assert!(city.archive.received_reports().unwrap().is_empty());
}

/// Changes `file` once the package check reports a file after it (so it was checked intact).
struct ChangeAfterCheck {
    file: PathBuf,
    rel: String,
    done: std::sync::atomic::AtomicBool,
}

impl dengji_core::Progress for ChangeAfterCheck {
    fn report(&self, p: &dengji_core::JobProgress) {
        if p.current.as_deref().is_some_and(|c| c > self.rel.as_str()) && !self.done.swap(true, std::sync::atomic::Ordering::SeqCst) {
            let mut bytes = fs::read(&self.file).unwrap();
            bytes[0] ^= 1;
            fs::write(&self.file, bytes).unwrap();
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
