//! Crash consistency: intake, seal, backup, repair, restore and recover run as separate
//! `dengji` processes and are killed with SIGKILL at seeded random moments. After every
//! kill: SQLite `integrity_check` passes (embedded), `ledger verify` and `vault verify` pass, no
//! registration is half-sealed, no item carries a digest its source file does not have,
//! no bag on the medium looks complete (has its bagit.txt) unless the catalog records it,
//! every bag the catalog records is whole but for the bagit.txt the next backup writes,
//! and rerunning the operation completes it.
//!
//! The same for a centre archive (catalog in PostgreSQL, vault in a bucket), intake and seal:
//! the workstation killed, the servers going on.
//!
//! `DENGJI_CRASH_KILLS` sets how many kills (default 200; 40 on the centre archive),
//! `DENGJI_CRASH_SEED` replays a run (the seed is printed). The kill moment is drawn
//! uniformly over the time the same operation last took uninterrupted, so kills land from
//! start-up to the final commit.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use dengji_core::{Archive, Conn};

use crate::support::{pg_database, s3_cluster, vault_url, Env, ADMIN, CLERK, REVIEWER, USCC_A};

const OPS: [&str; 6] = ["intake", "seal", "backup", "repair", "restore", "recover"];

/// On a centre archive: the operations that write to the catalog server and the bucket.
const CENTRE_OPS: [&str; 2] = ["intake", "seal"];

/// xorshift64*: small, seeded, reproducible.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) % n.max(1)
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.below(256) as u8).collect()
    }
}

fn env_number(key: &str, default: u64) -> u64 {
    std::env::var(key).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn command(env: &Env, data: &Path, user: &str, args: &[&str]) -> Command {
    env.process(&[], data, user, args)
}

/// Runs to the end; panics with its output unless it exits with `code`. Returns stdout.
fn run(env: &Env, data: &Path, user: &str, args: &[&str], code: i32) -> String {
    let out = command(env, data, user, args).output().expect("run dengji");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    assert_eq!(out.status.code(), Some(code), "dengji {args:?}:\n{}\n{}", text(&out.stdout), text(&out.stderr));
    text(&out.stdout)
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

struct World {
    env: Env,
    medium: PathBuf,
    /// A second medium holding the first registrations only, for the recover rounds.
    small_medium: PathBuf,
    /// Sources taken in, by draft title: relative path → SHA-256.
    sources: BTreeMap<String, (PathBuf, BTreeMap<String, String>)>,
    drafts_to_seal: Vec<i64>,
    sealed: Vec<String>,
    round: u64,
}

#[derive(Default)]
struct Tally {
    kills: BTreeMap<&'static str, u64>,
    finished_first: BTreeMap<&'static str, u64>,
    recoveries: BTreeMap<&'static str, u64>,
    /// Kills after which the medium held a bag folder the catalog did not record yet.
    unrecorded_bags: u64,
    /// Kills after which the last recorded bag still lacked its bagit.txt.
    unfinished_bags: u64,
    /// Kills after which an interrupted intake had left its draft marked running.
    intakes_running: u64,
}

impl World {
    fn new(rng: &mut Rng, env: Env) -> World {
        env.add_unit("杭州测试有限公司", USCC_A);
        let mut w = World {
            medium: env.root().join("A1"),
            small_medium: env.root().join("B1"),
            env,
            sources: BTreeMap::new(),
            drafts_to_seal: Vec::new(),
            sealed: Vec::new(),
            round: 0,
        };
        for (m, label, set) in [(&w.medium, "A1", "A"), (&w.small_medium, "B1", "B")] {
            fs::create_dir_all(m).unwrap();
            w.env.ok(["media", "add", &m.display().to_string(), "--label", label, "--set", set]);
        }
        // Two sealed registrations on both media to start from.
        for _ in 0..2 {
            let (title, src) = w.new_source(rng);
            let out =
                run(&w.env, &w.env.data, CLERK, &["intake", "--unit", USCC_A, "--title", &title, "--", &src.display().to_string()], 0);
            let id = out.trim().to_string();
            run(&w.env, &w.env.data, REVIEWER, &["check", "accept", &id, "--all", "--reason", "测试数据"], 0);
            let number = run(&w.env, &w.env.data, REVIEWER, &["seal", &id], 0).trim().to_string();
            w.sealed.push(number);
        }
        run(&w.env, &w.env.data, CLERK, &["backup", "--ignore-health", &w.small_medium.display().to_string()], 0);
        run(&w.env, &w.env.data, CLERK, &["backup", "--ignore-health", &w.medium.display().to_string()], 0);
        w
    }

    /// A new source folder: a dozen small files and one of up to 1 MB, seeded.
    fn new_source(&mut self, rng: &mut Rng) -> (String, PathBuf) {
        self.round += 1;
        let title = format!("接收 {}", self.round);
        let src = self.env.work(&format!("src{}", self.round));
        let mut digests = BTreeMap::new();
        let name = format!("src{}", self.round);
        for i in 0..12 {
            let len = if i == 0 { 300_000 + rng.below(700_000) as usize } else { rng.below(40_000) as usize };
            let rel = if i % 3 == 0 { format!("子目录/文件{i}.bin") } else { format!("文件{i}.bin") };
            let bytes = rng.bytes(len);
            let path = src.join(&rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, &bytes).unwrap();
            digests.insert(format!("{name}/{rel}"), sha256_hex(&bytes));
        }
        self.sources.insert(title.clone(), (src.clone(), digests));
        (title, src)
    }

    /// The catalog under the domain, through the port: the SQLite file or the server.
    fn catalog(&self, data: &Path) -> Conn {
        Archive::open(data).and_then(|a| a.connect_catalog()).expect("open catalog")
    }

    fn draft_titled(&self, title: &str) -> Option<i64> {
        self.catalog(&self.env.data)
            .query_row("SELECT id FROM registrations WHERE title = ?1 AND status = 'draft'", [title], |r| r.get(0))
            .ok()
    }

    /// What must hold after any kill, whatever was running.
    fn check_consistent(&self, tally: &mut Tally, data: &Path) {
        let db = self.catalog(data);
        // A killed client cannot damage a server's database; a file it was writing, it could.
        if !db.is_postgres() {
            let integrity: String = db.query_row("PRAGMA integrity_check", (), |r| r.get(0)).unwrap();
            assert_eq!(integrity, "ok");
        }
        // Half-sealed: a number without the seal's ledger entry, or a sealed row without a number.
        let half: i64 = db
            .query_row(
                "SELECT COUNT(*) FROM registrations r WHERE (r.status = 'sealed') <> (r.registration_number IS NOT NULL)
                 OR (r.status = 'sealed' AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.action = 'registration.seal'
                     AND l.subject = 'registration:' || r.id))",
                (),
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(half, 0, "half-sealed registrations");
        // Every item carries the digest its source file has.
        let mut st = db.prepare("SELECT r.title, i.path, i.sha256 FROM items i JOIN registrations r ON r.id = i.registration_id").unwrap();
        let rows: Vec<(String, String, String)> = st.query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().flatten().collect();
        for (title, path, sha) in rows {
            if let Some((_, digests)) = self.sources.get(&title) {
                assert_eq!(digests.get(&path), Some(&sha), "{title} {path}: recorded digest is not the file's");
            }
        }
        let running: i64 = db.query_row("SELECT COUNT(*) FROM registrations WHERE intake_state = 'running'", (), |r| r.get(0)).unwrap();
        tally.intakes_running += running.min(1) as u64;
        run(&self.env, data, CLERK, &["ledger", "verify"], 0);
        run(&self.env, data, CLERK, &["vault", "verify"], 0);
    }

    /// After a kill during backup or repair: recorded bags are whole; anything else on the
    /// medium is named (an unrecorded bag, a leftover, a snapshot to be rewritten).
    fn check_medium(&self, tally: &mut Tally, allowed_damage: &[String]) {
        let out =
            command(&self.env, &self.env.data, CLERK, &["media", "verify", &self.medium.display().to_string(), "--json"]).output().unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!("media verify --json: {e}\n{}", String::from_utf8_lossy(&out.stderr));
        });
        let (mut unrecorded, mut unfinished) = (false, false);
        for p in report["report"]["problems"].as_array().expect("problems") {
            let (bag, path, kind) = (p["bag"].as_str().unwrap(), p["path"].as_str().unwrap(), p["kind"].as_str().unwrap());
            let fine = match kind {
                "extra" if path.is_empty() && !bag.ends_with(".partial") => {
                    // A bag folder the catalog does not record: never a complete bag.
                    assert!(!self.medium.join("bags").join(bag).join("bagit.txt").exists(), "unrecorded bag {bag} looks complete");
                    unrecorded = true;
                    true
                }
                "extra" => true,
                // Killed between recording the bag and writing its bagit.txt: the next backup finishes it.
                _ if path == "bagit.txt" => {
                    unfinished = true;
                    true
                }
                _ => bag == "catalog" || allowed_damage.iter().any(|d| d == &format!("{bag}/{path}")),
            };
            assert!(fine, "a recorded bag is not whole after a kill: {p}");
        }
        tally.unrecorded_bags += u64::from(unrecorded);
        tally.unfinished_bags += u64::from(unfinished);
    }
}

/// One operation's command line, and what to run again after a kill.
struct Op {
    user: &'static str,
    data: PathBuf,
    args: Vec<String>,
}

/// Starts `op`, kills it after a random part of `expected`; returns whether it was still
/// running when killed (else it had finished: not a kill).
fn start_and_kill(w: &World, op: &Op, expected: Duration, rng: &mut Rng) -> bool {
    let args: Vec<&str> = op.args.iter().map(String::as_str).collect();
    let mut child: Child = command(&w.env, &op.data, op.user, &args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    // The kill moment itself is what is drawn at random; nothing waits on this sleep.
    std::thread::sleep(Duration::from_micros(rng.below(expected.as_micros() as u64 + 1)));
    if child.try_wait().unwrap().is_some() {
        return false;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    true
}

#[test]
fn operations_killed_at_random_moments_leave_the_archive_consistent_and_resumable() {
    harness(Env::init(), &OPS, 200);
}

#[test]
fn on_a_centre_archive_intake_and_seal_killed_at_random_moments_leave_it_consistent_and_resumable() {
    let Some((endpoint, bucket)) = s3_cluster() else { return };
    let probe = Env::new();
    let Some(catalog) = pg_database(&probe) else { return };
    let vault = vault_url(&probe, &bucket);
    harness(Env::init_with(&["--catalog", &catalog, "--vault", &vault, "--s3-endpoint", &endpoint]), &CENTRE_OPS, 40);
}

fn harness(env: Env, ops: &[&'static str], default_kills: u64) {
    let seed = env_number("DENGJI_CRASH_SEED", 0x00C0_FFEE_2026);
    let kills_wanted = env_number("DENGJI_CRASH_KILLS", default_kills);
    eprintln!("crash harness: DENGJI_CRASH_SEED={seed} DENGJI_CRASH_KILLS={kills_wanted} operations {ops:?}");
    let mut rng = Rng(seed.max(1));
    let started = Instant::now();
    let mut w = World::new(&mut rng, env);
    let mut tally = Tally::default();
    let mut expected: BTreeMap<&str, Duration> = ops.iter().map(|o| (*o, Duration::from_millis(400))).collect();
    let per_op = kills_wanted.div_ceil(ops.len() as u64);
    while ops.iter().any(|o| tally.kills.get(o).copied().unwrap_or(0) < per_op) {
        for &name in ops {
            if tally.kills.get(name).copied().unwrap_or(0) >= per_op {
                continue;
            }
            let kills = round(&mut w, name, &mut rng, &mut tally, &mut expected);
            *tally.kills.entry(name).or_default() += kills;
        }
    }
    let total: u64 = tally.kills.values().sum();
    eprintln!(
        "crash harness: {total} kills in {:.0?}; kills {:?}; finished before the kill {:?}; reruns completed {:?}; \
         kills leaving an unrecorded (incomplete) bag folder {}; kills leaving a recorded bag without bagit.txt {}; \
         kills leaving an intake marked running {}",
        started.elapsed(),
        tally.kills,
        tally.finished_first,
        tally.recoveries,
        tally.unrecorded_bags,
        tally.unfinished_bags,
        tally.intakes_running
    );
    assert!(total >= kills_wanted);
}

/// One round of `name`: prepare work, kill it once or twice, check, rerun it to the end and
/// check the result. Returns the number of kills.
fn round(w: &mut World, name: &'static str, rng: &mut Rng, tally: &mut Tally, expected: &mut BTreeMap<&str, Duration>) -> u64 {
    let data = w.env.data.clone();
    let medium = w.medium.display().to_string();
    let mut damage = Vec::new();
    let mut title = String::new();
    let mut restore_to = PathBuf::new();
    let mut recover_to = PathBuf::new();
    let mut op = match name {
        "intake" => {
            let (t, src) = w.new_source(rng);
            title = t;
            Op {
                user: CLERK,
                data: data.clone(),
                args: ["intake", "--unit", USCC_A, "--title", &title, "--", &src.display().to_string()].map(String::from).to_vec(),
            }
        }
        "seal" => {
            let id = match w.drafts_to_seal.pop() {
                Some(id) => id,
                None => {
                    // Intake has had its kills: take a draft in without one.
                    let (t, src) = w.new_source(rng);
                    let out = run(&w.env, &data, CLERK, &["intake", "--unit", USCC_A, "--title", &t, "--", &src.display().to_string()], 0);
                    out.trim().parse().expect("draft id")
                }
            };
            // The seal's check gate is not what is killed here: its errors are accepted first.
            run(&w.env, &data, REVIEWER, &["check", "accept", &id.to_string(), "--all", "--reason", "测试数据"], 0);
            Op { user: REVIEWER, data: data.clone(), args: vec!["seal".into(), id.to_string()] }
        }
        "backup" => Op { user: CLERK, data: data.clone(), args: vec!["backup".into(), "--ignore-health".into(), medium.clone()] },
        "repair" => {
            // Damage two payload files of random bags: one changed, one removed.
            let files: Vec<PathBuf> =
                walkdir_files(&w.medium.join("bags")).into_iter().filter(|p| p.to_string_lossy().contains("/data/")).collect();
            for (i, f) in [rng.below(files.len() as u64), rng.below(files.len() as u64)].into_iter().enumerate() {
                let f = &files[f as usize];
                let rel = f.strip_prefix(w.medium.join("bags")).unwrap().display().to_string();
                if damage.contains(&rel) || !f.exists() {
                    continue;
                }
                if i == 0 && fs::metadata(f).unwrap().len() > 0 {
                    let mut bytes = fs::read(f).unwrap();
                    let at = rng.below(bytes.len() as u64) as usize;
                    bytes[at] ^= 0x20;
                    fs::write(f, bytes).unwrap();
                } else {
                    fs::remove_file(f).unwrap();
                }
                damage.push(rel);
            }
            Op { user: CLERK, data: data.clone(), args: vec!["media".into(), "repair".into(), medium.clone()] }
        }
        "restore" => {
            let number = w.sealed[rng.below(w.sealed.len() as u64) as usize].clone();
            let app = approved_restore(w, &data, &number);
            w.round += 1;
            restore_to = w.env.work(&format!("restored{}", w.round));
            let to = restore_to.display().to_string();
            Op {
                user: CLERK,
                data: data.clone(),
                args: ["restore", &number, "--to", &to, "--application", &app, "--overwrite"].map(String::from).to_vec(),
            }
        }
        "recover" => {
            w.round += 1;
            recover_to = w.env.root().join(format!("recovered{}", w.round));
            Op {
                user: ADMIN,
                data: recover_to.clone(),
                args: vec!["recover".into(), "--from".into(), w.small_medium.display().to_string()],
            }
        }
        _ => unreachable!(),
    };
    let mut kills = 0;
    for _ in 0..1 + rng.below(2) {
        let est = expected[name];
        if !start_and_kill(w, &op, est, rng) {
            *tally.finished_first.entry(name).or_default() += 1;
            break;
        }
        kills += 1;
        if name == "recover" {
            // An interrupted recover leaves no archive, or a whole one.
            if recover_to.join("catalog.sqlite").exists() {
                run(&w.env, &recover_to, ADMIN, &["ledger", "verify"], 0);
            }
        } else {
            w.check_consistent(tally, &data);
        }
        if matches!(name, "backup" | "repair") {
            w.check_medium(tally, &damage);
        }
        if name == "restore" {
            check_restored(w, &restore_to, false);
        }
        // What a clerk runs again after the crash.
        if name == "intake" {
            if let Some(id) = w.draft_titled(&title) {
                let src = w.sources[&title].0.display().to_string();
                op.args = ["intake", "--draft", &id.to_string(), "--", &src].map(String::from).to_vec();
            }
        }
    }
    // A restore that ended (killed after it recorded its use of the approval, or not
    // killed at all) used its approval: the rerun needs a new one, as a clerk's would.
    if name == "restore" {
        let app: i64 = op.args[5].parse().unwrap();
        let used: Option<String> =
            w.catalog(&data).query_row("SELECT used_at FROM applications WHERE id = ?1", [app], |r| r.get(0)).unwrap();
        if used.is_some() {
            op.args[5] = approved_restore(w, &data, &op.args[1].clone());
        }
    }
    // Rerun to the end.
    let args: Vec<&str> = op.args.iter().map(String::as_str).collect();
    let began = Instant::now();
    let already_sealed = name == "seal" && {
        let id: i64 = op.args[1].parse().unwrap();
        w.catalog(&data).query_row("SELECT status FROM registrations WHERE id = ?1", [id], |r| r.get::<_, String>(0)).unwrap() == "sealed"
    };
    if !already_sealed {
        let out = run(&w.env, &op.data, op.user, &args, 0);
        if name == "seal" {
            w.sealed.push(out.trim().to_string());
        }
    } else {
        let id: i64 = op.args[1].parse().unwrap();
        let number: String =
            w.catalog(&data).query_row("SELECT registration_number FROM registrations WHERE id = ?1", [id], |r| r.get(0)).unwrap();
        w.sealed.push(number);
    }
    // The next kill is drawn over this uninterrupted run (process start-up included).
    expected.insert(name, began.elapsed().max(Duration::from_millis(20)));
    if kills > 0 {
        *tally.recoveries.entry(name).or_default() += 1;
    }
    match name {
        "intake" => {
            let id = w.draft_titled(&title).expect("the intake's draft");
            let n: i64 = w.catalog(&data).query_row("SELECT COUNT(*) FROM items WHERE registration_id = ?1", [id], |r| r.get(0)).unwrap();
            assert_eq!(n as usize, w.sources[&title].1.len(), "the rerun takes every file");
            w.drafts_to_seal.push(id);
            w.check_consistent(tally, &data);
        }
        "backup" | "repair" => {
            run(&w.env, &data, CLERK, &["media", "verify", &medium], 0);
        }
        "restore" => check_restored(w, &restore_to, true),
        "recover" => {
            run(&w.env, &recover_to, ADMIN, &["ledger", "verify"], 0);
            run(&w.env, &recover_to, ADMIN, &["vault", "verify"], 0);
            fs::remove_dir_all(&recover_to).unwrap();
        }
        _ => w.check_consistent(tally, &data),
    }
    kills
}

/// A restore application for `number`, filed and approved: each restore uses one.
fn approved_restore(w: &World, data: &Path, number: &str) -> String {
    let app = run(&w.env, data, CLERK, &["apply", "restore", number, "--reason", "演练", "--reference", "上档〔2026〕8号"], 0);
    let app = app.trim().to_string();
    run(&w.env, data, REVIEWER, &["approve", &app], 0);
    app
}

/// Every file under the restore target is whole and identical to its source; with
/// `complete`, every file is there and nothing else (no temp file left behind).
fn check_restored(w: &World, to: &Path, complete: bool) {
    let all: BTreeMap<&String, &String> = w.sources.values().flat_map(|(_, d)| d.iter()).collect();
    let found = walkdir_files(to);
    for f in &found {
        let rel = f.strip_prefix(to).unwrap().display().to_string();
        let name = f.file_name().unwrap().to_string_lossy();
        if name.ends_with(".dengji-part") {
            assert!(!complete, "a temp file was left after the rerun: {rel}");
            continue;
        }
        let want = all.get(&rel).unwrap_or_else(|| panic!("restored a file that is no item: {rel}"));
        assert_eq!(&sha256_hex(&fs::read(f).unwrap()), *want, "{rel} restored with other content");
    }
    if complete {
        let top = found.first().map(|f| f.strip_prefix(to).unwrap().components().next().unwrap().as_os_str().to_owned());
        let expected = all.keys().filter(|k| top.as_ref().is_some_and(|t| k.starts_with(&format!("{}/", t.to_string_lossy())))).count();
        assert!(expected > 0 && found.len() == expected, "{} files restored, {expected} expected", found.len());
    }
}

fn walkdir_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let ft = e.file_type().unwrap();
            if ft.is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}
