//! Peer archives (上下级档案馆): registered by certificate once an admin confirmed the key's
//! fingerprint, a later key taken on the signature of one registered, and nothing changed
//! or slipped in unnoticed.

use std::fs;

use dengji_core::digest::sm3;
use dengji_core::{read_peer_certificate, Error, Relation};

use crate::support::{Fixture, KEY_PASSPHRASE};

/// The certificates `dengji key export` writes for `f`, by file name.
fn exported(f: &Fixture, file: &str) -> String {
    let dir = f.tmp.path().join("exported");
    f.archive.export_keys(&dir).unwrap();
    fs::read_to_string(dir.join(file)).unwrap()
}

#[test]
fn a_peer_is_registered_by_its_certificate_once_its_fingerprint_is_confirmed() {
    let mut city = Fixture::named("杭州市档案馆", "330100");
    let mut county = Fixture::new();
    let pem = exported(&county, "archive-key-1.pem");
    let seen = read_peer_certificate(&pem).unwrap();
    assert_eq!((seen.name.as_str(), seen.region_code.as_str()), ("上城区档案馆", "330102"));
    assert_eq!(seen.fingerprint, county.archive.active_key().unwrap().unwrap().fingerprint);

    // Not confirmed, confirmed wrongly, by a clerk, or our own key: refused, nothing written.
    match city.archive.add_peer(&pem, Relation::Lower, None, &city.admin) {
        Err(Error::PeerUnconfirmed { fingerprint, .. }) => assert_eq!(fingerprint, seen.fingerprint.to_hex()),
        other => panic!("{other:?}"),
    }
    let wrong = sm3(b"another key");
    assert!(matches!(city.archive.add_peer(&pem, Relation::Lower, Some(&wrong), &city.admin), Err(Error::PeerFingerprintMismatch { .. })));
    assert!(matches!(city.archive.add_peer(&pem, Relation::Lower, Some(&seen.fingerprint), &city.clerk), Err(Error::Forbidden { .. })));
    let own = exported(&city, "archive-key-1.pem");
    let own_fingerprint = read_peer_certificate(&own).unwrap().fingerprint;
    assert!(matches!(city.archive.add_peer(&own, Relation::Lower, Some(&own_fingerprint), &city.admin), Err(Error::PeerOwnKey)));
    assert!(matches!(read_peer_certificate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), Err(Error::KeyMaterial(_))));
    assert!(city.archive.peers().unwrap().is_empty());

    // Confirmed: the county is the city's lower archive, on the ledger.
    let added = city.archive.add_peer(&pem, Relation::Lower, Some(&seen.fingerprint), &city.admin).unwrap();
    assert!(!added.rotation);
    assert_eq!((added.peer.name.as_str(), added.peer.relation, added.peer.keys.len()), ("上城区档案馆", Relation::Lower, 1));
    assert!(matches!(city.archive.add_peer(&pem, Relation::Lower, Some(&seen.fingerprint), &city.admin), Err(Error::PeerKnown { .. })));
    assert_eq!(dengji_core::ledger::entries_with_action(&city.catalog(), "peer.add").unwrap().len(), 1);
    assert!(city.archive.verify_ledger().unwrap().ok());

    // The county rotates its key. Its new self-signed certificate is refused (anyone could
    // make one with that name); the one its old key signed is the county's next key.
    county.archive.rotate_key(KEY_PASSPHRASE, "上城区档案馆新的机构密钥口令", &county.admin).unwrap();
    let fresh = exported(&county, "archive-key-2.pem");
    let fresh_fingerprint = read_peer_certificate(&fresh).unwrap().fingerprint;
    assert!(matches!(
        city.archive.add_peer(&fresh, Relation::Lower, Some(&fresh_fingerprint), &city.admin),
        Err(Error::PeerNeedsRotation(_))
    ));
    let cross = exported(&county, "archive-key-2-signed-by-key-1.pem");
    assert!(matches!(city.archive.add_peer(&cross, Relation::Upper, None, &city.admin), Err(Error::PeerRelation { .. })));
    let next = city.archive.add_peer(&cross, Relation::Lower, None, &city.admin).unwrap();
    assert!(next.rotation);
    assert_eq!(next.peer.keys.len(), 2);
    assert_eq!(next.peer.current_key().unwrap().fingerprint, fresh_fingerprint);
    assert_eq!(next.peer.current_key().unwrap().signed_by, Some(seen.fingerprint));
    assert!(city.archive.verify_ledger().unwrap().ok());

    // A third archive's successor certificate is signed by no key the city knows.
    let mut other = Fixture::named("西湖区档案馆", "330106");
    other.archive.rotate_key(KEY_PASSPHRASE, "西湖区档案馆新的机构密钥口令", &other.admin).unwrap();
    let stranger = exported(&other, "archive-key-2-signed-by-key-1.pem");
    assert!(matches!(city.archive.add_peer(&stranger, Relation::Lower, None, &city.admin), Err(Error::PeerCertificate(_))));
    // The province: the city's upper archive.
    let province = Fixture::named("浙江省档案馆", "330000");
    let up = exported(&province, "archive-key-1.pem");
    let up_fingerprint = read_peer_certificate(&up).unwrap().fingerprint;
    city.archive.add_peer(&up, Relation::Upper, Some(&up_fingerprint), &city.admin).unwrap();
    let peers = city.archive.peers().unwrap();
    let listed: Vec<(&str, Relation, usize)> = peers.iter().map(|p| (p.name.as_str(), p.relation, p.keys.len())).collect();
    assert_eq!(listed, [("上城区档案馆", Relation::Lower, 2), ("浙江省档案馆", Relation::Upper, 1)]);
}

#[test]
fn a_registered_peer_never_changes_and_a_key_slipped_in_by_hand_is_found() {
    let mut city = Fixture::named("杭州市档案馆", "330100");
    let county = Fixture::new();
    let pem = exported(&county, "archive-key-1.pem");
    let fingerprint = read_peer_certificate(&pem).unwrap().fingerprint;
    city.archive.add_peer(&pem, Relation::Lower, Some(&fingerprint), &city.admin).unwrap();
    let db = city.catalog();
    for sql in
        ["UPDATE peers SET relation = 'upper'", "DELETE FROM peers", "UPDATE peer_keys SET certificate = 'x'", "DELETE FROM peer_keys"]
    {
        assert!(db.execute(sql, ()).is_err(), "{sql} was allowed");
    }
    // A forger adds a key of their own to the county, to pass reports off as its.
    let forged = exported(&Fixture::named("上城区档案馆", "330102"), "archive-key-1.pem");
    let forged_fingerprint = read_peer_certificate(&forged).unwrap().fingerprint;
    db.execute(
        "INSERT INTO peer_keys (peer_id, fingerprint, subject, certificate, added_at, added_by)
         VALUES (1, ?1, 'CN=上城区档案馆', ?2, '2026-11-25T02:00:00Z', '管理员')",
        [forged_fingerprint.to_hex(), forged.clone()],
    )
    .unwrap();
    let report = city.archive.verify_ledger().unwrap();
    assert!(!report.ok());
    assert!(report.problems.iter().any(|p| p.subject == "peer:1" && p.message.contains("台账")), "{:?}", report.problems);
}
