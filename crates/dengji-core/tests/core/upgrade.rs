//! Opening data directories written by other releases: an older one is upgraded after a
//! backup of its catalog; a newer one is refused and left exactly as it was.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use dengji_core::{schema_version, Archive, CancelToken, CertQuery, CertStatus, Error, NoProgress, SearchFilter, SignatureStatus, Status};

use crate::support::{at, PASSWORD};

/// A copy of `tests/fixtures/schema-v1` (see its README) in a temp dir.
fn first_schema_copy() -> (tempfile::TempDir, PathBuf) {
    fixture_copy("schema-v1")
}

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A copy of the data directory in `tests/fixtures/<name>` (without its README and the
/// certificate PDF beside it) in a temp dir.
fn fixture_copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let from = fixture_path(name);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let to = dir.join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else if entry.file_name() != "README.md" && entry.file_name() != "certificate.pdf" {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
    (tmp, dir)
}

fn user_version(catalog: &Path) -> i64 {
    rusqlite::Connection::open(catalog).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap()
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn a_first_schema_directory_opens_upgraded_after_a_backup() {
    let (_tmp, dir) = first_schema_copy();
    assert_eq!(user_version(&dir.join("catalog.sqlite")), 1);

    let archive = Archive::open(&dir).unwrap();
    let info = archive.info().unwrap();
    assert_eq!(info.schema_version, schema_version());
    assert_eq!(info.name, "上城区档案馆");
    assert!(!info.has_accounts, "accounts came with schema 2: the first admin is still to be made");
    drop(archive);
    assert_eq!(user_version(&dir.join("catalog.sqlite")), schema_version());

    // The catalog as it was, kept before the upgrade touched it.
    let backups: Vec<_> = fs::read_dir(dir.join("backups")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(backups[0].file_name().unwrap().to_str().unwrap(), format!("catalog-v1-before-v{}.sqlite", schema_version()));
    assert_eq!(user_version(&backups[0]), 1);
    let old = rusqlite::Connection::open(&backups[0]).unwrap();
    let n: i64 = old.query_row("SELECT COUNT(*) FROM registrations", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 2);

    // Everything registered under the first schema is there and checks out.
    let mut archive = Archive::open(&dir).unwrap();
    archive.bootstrap_admin("管理员", PASSWORD, at()).unwrap();
    let ledger = archive.verify_ledger().unwrap();
    assert!(ledger.ok(), "{:?}", ledger.problems);
    let vault = archive.verify_vault(&NoProgress, &CancelToken::new()).unwrap();
    assert!(vault.problems.is_empty(), "{:?}", vault.problems);
    assert_eq!(vault.objects, 3);
    let reg = archive.find_registration("330102-2026-000001").unwrap();
    assert_eq!(reg.status, Status::Sealed);
    assert_eq!((reg.files, reg.bytes), (2, 78));
    let mut paths: Vec<String> = archive.items(reg.id).unwrap().into_iter().map(|i| i.path).collect();
    paths.sort();
    assert_eq!(paths, ["文书/2024/会议纪要.txt", "文书/2024/工作总结.txt"]);
    assert_eq!(archive.find_registration("2").unwrap().status, Status::Draft);
    assert!(archive.domains().unwrap().contains(&"文旅".to_string()));
    // Indexes that came later cover what was there before.
    let hits = archive.search("工作总结", &SearchFilter::default()).unwrap().hits;
    assert!(hits.iter().any(|h| h.path.as_deref() == Some("文书/2024/工作总结.txt")), "{hits:?}");
    drop(archive);

    // Opening an up-to-date catalog takes no further backup.
    Archive::open(&dir).unwrap();
    assert_eq!(fs::read_dir(dir.join("backups")).unwrap().count(), 1);
}

#[test]
fn a_directory_from_a_newer_release_is_refused_untouched() {
    let (_tmp, dir) = first_schema_copy();
    drop(Archive::open(&dir).unwrap());
    fs::remove_dir_all(dir.join("backups")).unwrap();
    let newer = schema_version() + 1;
    rusqlite::Connection::open(dir.join("catalog.sqlite")).unwrap().pragma_update(None, "user_version", newer).unwrap();
    let before = snapshot(&dir);

    let err = Archive::open(&dir).err().expect("a newer catalog must be refused");
    assert!(matches!(err, Error::TooNew { found, .. } if found == newer), "{err:?}");
    assert!(err.to_string().contains("更新版本"), "{err}");
    assert_eq!(snapshot(&dir), before, "nothing in the directory may change");
    assert!(!dir.join("backups").exists());
}

/// A certificate issued by the last release before archive keys (layout 1, `DJC1` in its
/// QR): after the upgrade it still verifies by number, PDF and QR text, says plainly that it
/// carries no signature, reprints byte for byte, and a reissue with the new key is signed.
#[test]
fn a_layout_1_certificate_from_the_release_before_keys_still_verifies_and_says_it_is_unsigned() {
    let (_tmp, dir) = fixture_copy("schema-v9");
    assert_eq!(user_version(&dir.join("catalog.sqlite")), 9);
    let issued_pdf = fs::read(fixture_path("schema-v9").join("certificate.pdf")).unwrap();
    const NUMBER: &str = "330102-2026-Z000001";
    const QR: &str = "DJC1|330102-2026-Z000001|330102-2026-000001|4cde1b33e7583f976521d754f5fb63f4559db125bf4f47bc9eb807c2fe8281fa|70716bcdc24c831ab9d3ad44c1e9ffc6be2de44d3c2a2fb46de81cce026e86e5|9";

    let mut archive = Archive::open(&dir).unwrap();
    assert!(archive.verify_ledger().unwrap().ok());
    assert!(archive.active_key().unwrap().is_none(), "the release before keys made none");
    for query in [CertQuery::Number(NUMBER), CertQuery::Pdf(&issued_pdf), CertQuery::Qr(QR)] {
        let verdict = archive.verify_certificate(query).unwrap();
        assert_eq!(verdict.status, CertStatus::Current, "{}", verdict.message);
        assert_eq!(verdict.signature.status, SignatureStatus::Unsigned);
        assert!(verdict.signature.message.contains("不带电子签名"), "{}", verdict.signature.message);
    }
    let old = archive.certificate(NUMBER).unwrap();
    assert_eq!(old.content.layout, 1);
    assert_eq!(archive.render_certificate(&old).unwrap(), issued_pdf, "a layout-1 certificate must reprint byte for byte");
    let evidence = tempfile::tempdir().unwrap();
    assert!(matches!(archive.certificate_evidence(NUMBER, evidence.path()), Err(Error::CertUnsigned(_))));

    // Once an admin makes the key, a reissue is signed and replaces the old one.
    let admin = archive.login("管理员", "管理员密码2025", at()).unwrap().stamp(at());
    archive.create_key("上城区档案馆的机构密钥口令", &admin).unwrap();
    let clerk = archive.login("登记员", "登记员密码2025", at()).unwrap().stamp(at());
    let (new, _) = archive.issue_certificate(old.content.registration_id, &clerk).unwrap();
    assert_eq!((new.content.layout, new.content.reissue_of.as_deref()), (dengji_core::cert::LAYOUT, Some(NUMBER)));
    let verdict = archive.verify_certificate(CertQuery::Qr(&new.qr_text())).unwrap();
    assert_eq!((verdict.status, verdict.signature.status), (CertStatus::Current, SignatureStatus::Valid), "{}", verdict.message);
    let verdict = archive.verify_certificate(CertQuery::Pdf(&issued_pdf)).unwrap();
    assert_eq!((verdict.status, verdict.signature.status), (CertStatus::Superseded, SignatureStatus::Unsigned), "{}", verdict.message);
    assert!(archive.verify_ledger().unwrap().ok());
}
