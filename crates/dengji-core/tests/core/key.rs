//! The archive key: creation, unlocking, rotation, export, signed checkpoints, and
//! signatures checked both ways against OpenSSL 3.

use std::fs;
use std::path::Path;
use std::process::Command;

use base64::Engine;
use dengji_core::{Error, KeyStatus, SignatureStatus};

use crate::support::{at, Fixture};

const PASSPHRASE: &str = "县档案馆机构密钥口令2026";

fn openssl(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new("openssl").args(args).current_dir(dir).output().expect("openssl 3 installed")
}

/// `openssl pkeyutl -verify` of `sig` over `msg` with the certificate `cert`, all files in `dir`.
fn openssl_verifies(dir: &Path, cert: &str, msg: &str, sig: &str) -> bool {
    let out = openssl(
        &[
            "pkeyutl",
            "-verify",
            "-rawin",
            "-digest",
            "sm3",
            "-pkeyopt",
            "distid:1234567812345678",
            "-certin",
            "-inkey",
            cert,
            "-in",
            msg,
            "-sigfile",
            sig,
        ],
        dir,
    );
    out.status.success() && String::from_utf8_lossy(&out.stdout).contains("Signature Verified Successfully")
}

fn note_parts(text: &str) -> (String, Vec<u8>) {
    let (body, sig) = text.split_once("\n\n").unwrap();
    let b64 = sig.trim().strip_prefix("— dengji ").unwrap();
    (format!("{body}\n"), base64::engine::general_purpose::STANDARD.decode(b64).unwrap())
}

fn keyed() -> Fixture {
    let mut f = Fixture::without_key();
    f.archive.create_key(PASSPHRASE, &f.admin).unwrap();
    f
}

#[test]
fn only_an_admin_makes_the_key_once_with_a_strong_passphrase() {
    let mut f = Fixture::without_key();
    assert!(f.archive.active_key().unwrap().is_none());
    assert!(matches!(f.archive.create_key(PASSPHRASE, &f.clerk), Err(Error::Forbidden { .. })));
    assert!(matches!(f.archive.create_key("短口令", &f.admin), Err(Error::KeyPassphraseWeak(10))));
    assert!(matches!(f.archive.signed_checkpoint(&f.clerk), Err(Error::KeyMissing)));
    let key = f.archive.create_key(PASSPHRASE, &f.admin).unwrap();
    assert_eq!((key.number, key.status, key.algorithm.as_str()), (1, KeyStatus::Active, "SM2-SM3"));
    assert!(key.subject.contains("上城区档案馆") && key.subject.contains("330102"), "{}", key.subject);
    assert!(matches!(f.archive.create_key(PASSPHRASE, &f.admin), Err(Error::KeyExists)));
    let entry = f.archive.audit(&Default::default()).unwrap().into_iter().find(|e| e.action == "key.create").unwrap();
    assert!(entry.payload.contains(&key.fingerprint.to_hex()), "{}", entry.payload);
    assert!(f.archive.verify_ledger().unwrap().ok());
}

#[test]
fn signing_needs_the_key_unlocked_with_its_passphrase_and_unlocking_is_recorded() {
    let f = keyed();
    let dir = f.archive.dir().to_path_buf();
    drop(f.archive);
    let mut archive = dengji_core::Archive::open(&dir).unwrap();
    let clerk = archive.login("登记员", crate::support::PASSWORD, at()).unwrap().stamp(at());
    assert!(!archive.key_unlocked());
    assert!(matches!(archive.signed_checkpoint(&clerk), Err(Error::KeyLocked)));
    assert!(matches!(archive.unlock_key("不是这个口令不是这个口令", &clerk), Err(Error::KeyPassphrase)));
    archive.unlock_key(PASSPHRASE, &clerk).unwrap();
    let unlocks: Vec<_> = archive.audit(&Default::default()).unwrap().into_iter().filter(|e| e.action == "key.unlock").collect();
    assert_eq!(unlocks.len(), 1);
    assert_eq!(unlocks[0].operator, "登记员");
    assert!(archive.signed_checkpoint(&clerk).is_ok());
    archive.lock_key();
    assert!(matches!(archive.signed_checkpoint(&clerk), Err(Error::KeyLocked)));
}

#[test]
fn a_signed_checkpoint_verifies_with_openssl_and_any_change_fails_in_both() {
    let f = keyed();
    let note = f.archive.signed_checkpoint(&f.clerk).unwrap();
    assert_eq!(note.checkpoint, f.archive.checkpoint().unwrap());
    let dir = f.tmp.path().join("third-party");
    f.archive.export_keys(&dir).unwrap();
    let (body, sig) = note_parts(&note.text);
    assert_eq!(body.lines().count(), 7);
    fs::write(dir.join("body.txt"), &body).unwrap();
    fs::write(dir.join("body.sig"), &sig).unwrap();
    assert!(openssl_verifies(&dir, "archive-key-1.pem", "body.txt", "body.sig"));
    let (check, on_ledger) = f.archive.check_checkpoint_note(&note.text).unwrap();
    assert_eq!(check.status, SignatureStatus::Valid);
    assert!(on_ledger);

    // One changed byte anywhere in the signed text.
    for i in [0, body.len() / 2, body.len() - 2] {
        let mut changed = body.clone().into_bytes();
        changed[i] ^= 0x01;
        fs::write(dir.join("changed.txt"), &changed).unwrap();
        assert!(!openssl_verifies(&dir, "archive-key-1.pem", "changed.txt", "body.sig"), "byte {i}");
        if let Ok(text) = String::from_utf8(changed) {
            let forged = note.text.replacen(&body, &text, 1);
            match f.archive.check_checkpoint_note(&forged) {
                Ok((c, _)) => assert_ne!(c.status, SignatureStatus::Valid, "byte {i}"),
                Err(e) => assert!(matches!(e, Error::BadStatement(_)), "{e:?}"),
            }
        }
    }
    // A truncated signature.
    fs::write(dir.join("short.sig"), &sig[..sig.len() - 3]).unwrap();
    assert!(!openssl_verifies(&dir, "archive-key-1.pem", "body.txt", "short.sig"));
    let b64 = base64::engine::general_purpose::STANDARD.encode(&sig[..sig.len() - 3]);
    let truncated = format!("{body}\n— dengji {b64}\n");
    assert_eq!(f.archive.check_checkpoint_note(&truncated).unwrap().0.status, SignatureStatus::Invalid);
    // A signature by another key (OpenSSL's own), over the same text.
    openssl(&["genpkey", "-algorithm", "SM2", "-out", "other.pem"], &dir);
    openssl(
        &[
            "pkeyutl",
            "-sign",
            "-rawin",
            "-digest",
            "sm3",
            "-pkeyopt",
            "distid:1234567812345678",
            "-inkey",
            "other.pem",
            "-in",
            "body.txt",
            "-out",
            "other.sig",
        ],
        &dir,
    );
    assert!(!openssl_verifies(&dir, "archive-key-1.pem", "body.txt", "other.sig"));
    let other = base64::engine::general_purpose::STANDARD.encode(fs::read(dir.join("other.sig")).unwrap());
    assert_eq!(f.archive.check_checkpoint_note(&format!("{body}\n— dengji {other}\n")).unwrap().0.status, SignatureStatus::Invalid);
}

#[test]
fn openssl_signatures_with_the_archive_key_verify_in_dengji() {
    let f = keyed();
    let dir = f.tmp.path().join("openssl");
    fs::create_dir_all(&dir).unwrap();
    let pem: String = f.catalog().query_row("SELECT encrypted_key FROM archive_keys", (), |r| r.get(0)).unwrap();
    fs::write(dir.join("key.pem"), &pem).unwrap();
    fs::write(dir.join("msg.txt"), "登记证明 DJC2 测试").unwrap();
    let pass = format!("pass:{PASSPHRASE}");
    let out = openssl(
        &[
            "pkeyutl",
            "-sign",
            "-rawin",
            "-digest",
            "sm3",
            "-pkeyopt",
            "distid:1234567812345678",
            "-inkey",
            "key.pem",
            "-passin",
            &pass,
            "-in",
            "msg.txt",
            "-out",
            "msg.sig",
        ],
        &dir,
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let sig = fs::read(dir.join("msg.sig")).unwrap();
    let check = f.archive.check_signature("登记证明 DJC2 测试".as_bytes(), &sig, None).unwrap();
    assert_eq!(check.status, SignatureStatus::Valid, "{}", check.message);
    assert_eq!(f.archive.check_signature("登记证明 DJC2 测验".as_bytes(), &sig, None).unwrap().status, SignatureStatus::Invalid);
}

#[test]
fn the_private_key_is_never_stored_in_the_clear() {
    let f = keyed();
    let pem: String = f.catalog().query_row("SELECT encrypted_key FROM archive_keys", (), |r| r.get(0)).unwrap();
    assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    let dir = f.tmp.path().join("probe");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("key.pem"), &pem).unwrap();
    // Not readable as key material without the passphrase.
    assert!(!openssl(&["pkey", "-in", "key.pem", "-passin", "pass:", "-noout"], &dir).status.success());
    assert!(!openssl(&["pkey", "-in", "key.pem", "-passin", "pass:错误的口令错误的口令", "-noout"], &dir).status.success());
    // Nothing in the data directory holds an unencrypted private key.
    drop(f.archive);
    for entry in walkdir(f.tmp.path()) {
        let bytes = fs::read(&entry).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("BEGIN PRIVATE KEY") && !text.contains("BEGIN EC PRIVATE KEY"), "{}", entry.display());
    }
}

fn walkdir(root: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(root).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn after_a_rotation_what_the_old_key_signed_still_verifies() {
    let mut f = keyed();
    let before = f.archive.signed_checkpoint(&f.clerk).unwrap();
    let old = f.archive.active_key().unwrap().unwrap();
    assert!(matches!(f.archive.rotate_key("错误的口令错误的口令", "新的机构密钥口令2027", &f.admin), Err(Error::KeyPassphrase)));
    assert!(matches!(f.archive.rotate_key(PASSPHRASE, "新的机构密钥口令2027", &f.clerk), Err(Error::Forbidden { .. })));
    let new = f.archive.rotate_key(PASSPHRASE, "新的机构密钥口令2027", &f.admin).unwrap();
    assert_eq!(new.number, 2);
    assert_ne!(new.fingerprint, old.fingerprint);
    let keys = f.archive.keys().unwrap();
    assert_eq!((keys[0].status, keys[1].status), (KeyStatus::Retired, KeyStatus::Active));

    let (check, on_ledger) = f.archive.check_checkpoint_note(&before.text).unwrap();
    assert_eq!(check.status, SignatureStatus::Valid, "{}", check.message);
    assert_eq!(check.key.unwrap().number, 1);
    assert!(on_ledger);
    let after = f.archive.signed_checkpoint(&f.clerk).unwrap();
    assert_eq!(after.fingerprint, new.fingerprint);

    let dir = f.tmp.path().join("export");
    let files = f.archive.export_keys(&dir).unwrap();
    let names: Vec<String> = files.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(
        names,
        ["archive-key-1.pem", "archive-key-2.pem", "archive-key-2-signed-by-key-1.pem", "rotation-1-to-2.txt", "rotation-1-to-2.txt.sig"]
    );
    // The rotation statement and the successor's certificate verify with the old key.
    assert!(openssl_verifies(&dir, "archive-key-1.pem", "rotation-1-to-2.txt", "rotation-1-to-2.txt.sig"));
    let statement = fs::read_to_string(dir.join("rotation-1-to-2.txt")).unwrap();
    assert!(statement.contains(&old.fingerprint.to_hex()) && statement.contains(&new.fingerprint.to_hex()));
    // (`openssl verify` of OpenSSL 3.0 fails every SM2 certificate signature, its own
    // included: error 7. The link certificate is checked by `ledger verify` below.)
    // The old checkpoint with the exported old certificate, by OpenSSL alone.
    let (body, sig) = note_parts(&before.text);
    fs::write(dir.join("before.txt"), body).unwrap();
    fs::write(dir.join("before.sig"), sig).unwrap();
    assert!(openssl_verifies(&dir, "archive-key-1.pem", "before.txt", "before.sig"));
    assert!(!openssl_verifies(&dir, "archive-key-2.pem", "before.txt", "before.sig"));
    assert!(f.archive.verify_ledger().unwrap().ok());
}

#[test]
fn ledger_verify_catches_a_key_slipped_into_the_catalog_or_retired_by_hand() {
    let f = keyed();
    let db = f.catalog();
    assert!(db.execute("UPDATE archive_keys SET encrypted_key = 'x'", ()).is_err());
    assert!(db.execute("DELETE FROM archive_keys", ()).is_err());
    // A forged extra key: a copy of the real row under another fingerprint (its first byte
    // changed: a key whose fingerprint began with 00 made a copy under 00… a duplicate).
    db.execute(
        "INSERT INTO archive_keys (fingerprint, algorithm, subject, certificate, encrypted_key, created_at, created_by)
         SELECT CASE WHEN substr(fingerprint, 1, 2) = '00' THEN 'ff' ELSE '00' END || substr(fingerprint, 3),
                algorithm, subject, certificate, encrypted_key, created_at, created_by FROM archive_keys",
        (),
    )
    .unwrap();
    let report = f.archive.verify_ledger().unwrap();
    assert!(report.problems.iter().any(|p| p.subject == "key:2"), "{:?}", report.problems);
}
