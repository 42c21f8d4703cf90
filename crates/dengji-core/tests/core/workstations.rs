//! Several workstations on one archive: on an embedded archive, two programs on the same
//! data directory; on a centre archive (the PostgreSQL conformance run), a second
//! workstation that attached with a data directory of its own. Either way one ledger, and
//! a draft that one of them is writing into is busy for the other.

use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Mutex;

use dengji_core::{Archive, CancelToken, CatalogLocation, Error, IntakeTarget, JobProgress, Phase, Progress, SearchFilter};

use crate::support::{at, write, Fixture, PASSWORD};

/// The same archive from another workstation.
fn second_workstation(f: &Fixture) -> Archive {
    match f.archive.catalog_location() {
        CatalogLocation::Embedded => Archive::open(f.archive.dir()).unwrap(),
        catalog => Archive::attach(&f.tmp.path().join("workstation-2"), catalog, f.archive.vault().location()).unwrap(),
    }
}

/// Stops an intake once it holds its draft, until told to go on.
struct Pause {
    holding: Mutex<Option<Sender<()>>>,
    go: Mutex<Receiver<()>>,
}

impl Progress for Pause {
    fn report(&self, p: &JobProgress) {
        if p.phase == Phase::Hashing {
            if let Some(tx) = self.holding.lock().unwrap().take() {
                tx.send(()).unwrap();
                self.go.lock().unwrap().recv().unwrap();
            }
        }
    }
}

#[test]
fn a_draft_being_written_is_busy_for_the_other_workstation() {
    let mut f = Fixture::new();
    let src = f.src("第一批");
    write(&src.join("a.txt"), b"a");
    let draft = f.intake("两台工作站", &[src]).id;
    let more = f.src("第二批");
    write(&more.join("b.txt"), b"b");

    let mut other = second_workstation(&f);
    let clerk = other.login("登记员", PASSWORD, at()).unwrap().stamp(at());
    let (holding_tx, holding_rx) = channel();
    let (go_tx, go_rx) = channel();
    let pause = Pause { holding: Mutex::new(Some(holding_tx)), go: Mutex::new(go_rx) };
    let here_clerk = f.clerk.clone();
    let mut here = f.archive;
    let intake = std::thread::scope(|s| {
        let running = s.spawn(|| here.intake(IntakeTarget::Draft(draft), &[more], &here_clerk, &pause, &CancelToken::new()));
        holding_rx.recv().unwrap();
        // Meanwhile, at the other workstation: the draft is busy, whatever one tries.
        let other_src = f.tmp.path().join("sources/另一台");
        write(&other_src.join("c.txt"), b"c");
        let busy = other.intake(IntakeTarget::Draft(draft), &[other_src], &clerk, &dengji_core::NoProgress, &CancelToken::new());
        assert!(matches!(busy, Err(Error::DraftBusy(id)) if id == draft.0), "{busy:?}");
        go_tx.send(()).unwrap();
        running.join().unwrap()
    });
    assert_eq!(intake.unwrap().files, 1);
    // Both see the one ledger, whole.
    assert_eq!(other.checkpoint().unwrap(), here.checkpoint().unwrap());
    assert!(other.verify_ledger().unwrap().ok());
}

/// On a centre archive a write transaction waits for another workstation's to end, and the
/// wait is counted (the benchmark's measure of what workstations cost each other); every
/// statement is planned for its values. The embedded catalog has neither (one file, one
/// writer by SQLite's own lock): nothing to check there.
#[test]
fn centre_writers_wait_for_each_other_and_the_wait_is_counted() {
    let f = Fixture::new();
    let mut holder = f.catalog();
    if !holder.is_postgres() {
        return;
    }
    let mut waiter = f.catalog();
    let probe = f.catalog();
    let mode: String = probe.query_row("SHOW plan_cache_mode", (), |r| r.get(0)).unwrap();
    assert_eq!(mode, "force_custom_plan");
    let before = dengji_core::writer_lock_waited();
    let held = holder.transaction().unwrap();
    std::thread::scope(|s| {
        let waiting = s.spawn(move || waiter.transaction().unwrap().commit().unwrap());
        // Until the server shows the other transaction waiting for the writers' lock here.
        loop {
            let n: i64 = probe
                .query_row(
                    "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
                     AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                    (),
                    |r| r.get(0),
                )
                .unwrap();
            if n > 0 {
                break;
            }
            std::thread::yield_now();
        }
        held.commit().unwrap();
        waiting.join().unwrap();
    });
    assert!(dengji_core::writer_lock_waited() > before);
}

/// A centre archive made by the release before goes up to this one's schema when opened,
/// in one transaction: its search grams then carry the statistics the planner needs, the
/// dashboard its indexes, and the search indexes the ids' ranges.
#[test]
fn an_older_centre_catalog_is_upgraded_when_opened() {
    let f = Fixture::new();
    let db = f.catalog();
    if !db.is_postgres() {
        return;
    }
    let target = "SELECT attstattarget FROM pg_attribute WHERE attrelid = 'search_items'::regclass AND attname = 'grams'";
    // The schema as the release before left it.
    db.execute_batch(
        "ALTER TABLE search_items ALTER COLUMN grams SET STATISTICS -1; DROP INDEX registrations_created;
         DROP INDEX registrations_status;
         DROP INDEX search_items_keys; DROP INDEX search_registrations_keys; DROP INDEX search_units_keys;
         DROP FUNCTION search_keys;
         ALTER TABLE media_bags DROP COLUMN form, DROP COLUMN ocfl_message;
         ALTER TABLE registrations DROP COLUMN series_id, DROP COLUMN series_period, DROP COLUMN series_version;
         DROP TABLE series; DROP FUNCTION series_no_delete;
         ALTER TABLE applications DROP CONSTRAINT applications_one_target, DROP CONSTRAINT applications_lower_restore,
             DROP COLUMN peer_id, DROP COLUMN lower_number, DROP COLUMN lower_unit, ALTER COLUMN registration_id SET NOT NULL;
         DROP TABLE peer_reports; DROP TABLE upward_reports; DROP FUNCTION upward_reports_ack_once;
         DROP TABLE peer_keys; DROP TABLE peers; DROP FUNCTION peers_immutable;
         CREATE INDEX search_items_grams ON search_items USING GIN (grams);
         CREATE INDEX search_registrations_grams ON search_registrations USING GIN (grams);
         CREATE INDEX search_units_grams ON search_units USING GIN (grams);
         UPDATE dengji_schema SET version = 1",
    )
    .unwrap();
    drop(db);
    let mut reopened = Archive::open(f.archive.dir()).unwrap();
    let db = reopened.connect_catalog().unwrap();
    assert_eq!(db.query_row("SELECT version FROM dengji_schema", (), |r| r.get::<_, i64>(0)).unwrap(), 9);
    let form = "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'media_bags' AND column_name = 'form'";
    assert_eq!(db.query_row(form, (), |r| r.get::<_, i64>(0)).unwrap(), 1, "a medium's row says bag or OCFL object");
    let reports = "SELECT to_regclass('peer_reports') IS NOT NULL AND to_regclass('upward_reports') IS NOT NULL";
    assert!(db.query_row(reports, (), |r| r.get::<_, bool>(0)).unwrap(), "the report tables are there");
    let lower = "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'applications' AND column_name = 'peer_id'";
    assert_eq!(db.query_row(lower, (), |r| r.get::<_, i64>(0)).unwrap(), 1, "applications may name a lower archive's registration");
    assert_eq!(db.query_row(target, (), |r| r.get::<_, i64>(0)).unwrap(), 1000);
    let index = db.query_row("SELECT to_regclass('registrations_created') IS NOT NULL", (), |r| r.get::<_, bool>(0)).unwrap();
    assert!(index, "the dashboard's index is there");
    let indexes = "SELECT string_agg(indexname, ' ' ORDER BY indexname) FROM pg_indexes WHERE indexname LIKE 'search_%_grams' OR indexname LIKE 'search_%_keys'";
    assert_eq!(
        db.query_row(indexes, (), |r| r.get::<_, String>(0)).unwrap(),
        "search_items_keys search_registrations_keys search_units_keys"
    );
    assert_eq!(reopened.search("某某科技", &SearchFilter::default()).unwrap().hits.len(), 1, "the unit found");
    assert!(reopened.peers().unwrap().is_empty(), "the peers' tables are there");
}
