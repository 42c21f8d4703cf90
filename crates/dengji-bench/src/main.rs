//! `dengji-bench`: the parts of the benchmark that need the core in-process (bench/run.py
//! drives everything else).
//!
//! - `catalog --data-dir D --items N [--catalog postgresql://…]`: an archive whose catalog
//!   (embedded, or in an empty PostgreSQL database) holds N synthetic items (Chinese paths,
//!   titles, 档号) in sealed registrations of 1,000 units, written with plain SQL through
//!   the catalog port (there are no files: only search, the screens and start-up read it).
//! - `search --data-dir D [--runs R]`: search latencies (p50/p95/p99) over a fixed query
//!   mix, the screens' reads, and the same queries as a full-table `LIKE` scan, as JSON on
//!   stdout.
//! - `dumps --dir D [--months 12] [--mb 1024]`: monthly dumps of a synthetic business
//!   database and the bytes of each one's chunks no earlier dump has (`dumps.rs`).

mod dumps;

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{TimeZone, Utc};
use clap::{Parser, Subcommand};
use dengji_core::{
    Archive, CancelToken, CatalogLocation, IntakeTarget, NewUnit, NoProgress, RecordKind, RegistrationQuery, Role, S3Location,
    SearchFilter, ToSql, UnitKind, VaultLocation,
};

const PASSWORD: &str = "基准测试密码123456";

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    Catalog {
        #[arg(long)]
        data_dir: PathBuf,
        #[arg(long, default_value_t = 1_000_000)]
        items: usize,
        /// `postgresql://USER@HOST[:PORT]/DB`: the catalog in this (empty) database.
        #[arg(long)]
        catalog: Option<String>,
    },
    Search {
        #[arg(long)]
        data_dir: PathBuf,
        #[arg(long, default_value_t = 20)]
        runs: usize,
        /// Rounds of the LIKE baseline (default a quarter of `runs`).
        #[arg(long)]
        like_rounds: Option<usize>,
    },
    /// Two workstations of one centre archive taking in at the same time.
    Workstations {
        #[arg(long)]
        data_dir: PathBuf,
        /// An empty PostgreSQL database.
        #[arg(long)]
        catalog: String,
        /// `s3://BUCKET/PREFIX`.
        #[arg(long)]
        vault: String,
        #[arg(long)]
        s3_endpoint: String,
        /// Small files per hand-over.
        #[arg(long, default_value_t = 2000)]
        files: usize,
    },
    /// Monthly dumps of a synthetic business database (see `dumps.rs`).
    Dumps {
        #[arg(long)]
        dir: PathBuf,
        #[arg(long, default_value_t = 12)]
        months: u32,
        /// The first month's dump, in MiB.
        #[arg(long, default_value_t = 1024)]
        mb: u64,
    },
}

const WORDS: [&str; 40] = [
    "社保",
    "名册",
    "病历",
    "合同",
    "会议",
    "纪要",
    "通知",
    "档案",
    "规划",
    "土地",
    "房管",
    "工商",
    "环保",
    "民政",
    "优抚",
    "国土",
    "药监",
    "公积金",
    "卫生",
    "医疗",
    "缴费",
    "登记",
    "审批",
    "许可",
    "验收",
    "图纸",
    "预算",
    "决算",
    "报表",
    "凭证",
    "发票",
    "台账",
    "花名册",
    "批复",
    "请示",
    "报告",
    "方案",
    "总结",
    "章程",
    "协议",
];

/// Deterministic pseudo-random numbers (xorshift), so every run builds the same catalog.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn word(&mut self) -> &'static str {
        WORDS[(self.next() % WORDS.len() as u64) as usize]
    }
}

/// An item as inserted: registration, raw path, path, size, digest, title, 档号.
type ItemRow = (i64, Vec<u8>, String, i64, String, String, String);

/// Rows per INSERT: one round trip for many rows, which is what matters on PostgreSQL.
const ROWS_PER_INSERT: usize = 500;

/// Registrations per transaction (100 items each).
const REGS_PER_COMMIT: i64 = 1000;

fn catalog(dir: &Path, items: usize, on: Option<&str>) -> Result<(), Box<dyn std::error::Error>> {
    let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let location = match on {
        Some(url) => CatalogLocation::Postgres { url: url.to_string() },
        None => CatalogLocation::Embedded,
    };
    let (archive, _) = Archive::init_in(dir, &location, &VaultLocation::Local, "基准测试档案馆", "330102", "管理员", PASSWORD, at)?;
    let mut conn = archive.connect_catalog()?;
    drop(archive);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let units: i64 = 1000;
    let tx = conn.transaction()?;
    for u in 1..=units {
        tx.execute(
            "INSERT INTO units (id, name, kind, domain, created_at) VALUES (?1, ?2, 'agency', ?3, '2026-01-01T00:00:00Z')",
            &[&u as &dyn ToSql, &format!("{}{}局{u}", rng.word(), rng.word()), &rng.word()][..],
        )?;
    }
    tx.commit()?;
    let per_reg = 100;
    let regs = items.div_ceil(per_reg) as i64;
    let mut n = 0;
    let mut r = 1;
    while r <= regs {
        let tx = conn.transaction()?;
        let last = (r + REGS_PER_COMMIT - 1).min(regs);
        let mut rows: Vec<ItemRow> = Vec::new();
        let mut sealed = Vec::new();
        for r in r..=last {
            let year = 2020 + (r % 7);
            tx.execute(
                "INSERT INTO registrations (id, unit_id, title, kind, intake_state, created_at, created_by)
                 VALUES (?1, ?2, ?3, 'electronic', 'complete', ?4, '管理员')",
                &[
                    &r as &dyn ToSql,
                    &(1 + r % units),
                    &format!("{}{}{}", rng.word(), rng.word(), rng.word()),
                    &format!("{year}-03-01T00:00:00Z"),
                ][..],
            )?;
            for i in 0..per_reg.min(items - n) {
                let i = i as i64;
                let path = format!("{}/{}年/第{}卷/{}{}_{i:04}.pdf", rng.word(), year, r % 30, rng.word(), rng.word());
                let digest = format!("{:064x}", n as u128 * 0x9E37_79B9_7F4A_7C15_u128);
                let title = format!("关于{}{}的{}", rng.word(), rng.word(), rng.word());
                let ref_code = format!("Z{:03}-WS-{year}-Y-{:04}", r % 1000, i + 1);
                rows.push((r, path.as_bytes().to_vec(), path, 1000 + (n % 5000) as i64, digest, title, ref_code));
                n += 1;
            }
            sealed.push((r, year));
        }
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let mut sql = String::from(
                "INSERT INTO items (registration_id, path_raw, path, size, sha256, sm3, format, added_at, title, ref_code) VALUES ",
            );
            let mut args: Vec<&dyn ToSql> = Vec::new();
            for (k, (reg, path_raw, path, size, digest, title, ref_code)) in chunk.iter().enumerate() {
                let p = k * 7;
                sql.push_str(&format!(
                    "{}(?{}, ?{}, ?{}, ?{}, ?{}, ?{}, 'pdf', '2026-01-01T00:00:00Z', ?{}, ?{})",
                    if k == 0 { "" } else { ", " },
                    p + 1,
                    p + 2,
                    p + 3,
                    p + 4,
                    p + 5,
                    p + 5,
                    p + 6,
                    p + 7
                ));
                args.extend([reg as &dyn ToSql, path_raw, path, size, digest, title, ref_code]);
            }
            tx.execute(&sql, &args[..])?;
        }
        for (r, year) in sealed {
            tx.execute(
                "UPDATE registrations SET status = 'sealed', registration_number = ?2, seq_year = ?3, seq = ?1, sealed_at = ?4,
                     sealed_by = '管理员', package_sha256 = ?5, package_sm3 = ?5 WHERE id = ?1",
                &[&r as &dyn ToSql, &format!("330102-{year}-{r:06}"), &year, &format!("{year}-03-02T00:00:00Z"), &format!("{:064x}", r)][..],
            )?;
        }
        tx.commit()?;
        r = last + 1;
        if r % 10_000 == 1 {
            eprintln!("{n} items");
        }
    }
    if on.is_some() {
        // Explicit ids bypassed the identity columns; later inserts continue after them.
        conn.execute_batch(
            "SELECT setval(pg_get_serial_sequence('units', 'id'), (SELECT MAX(id) FROM units));
             SELECT setval(pg_get_serial_sequence('registrations', 'id'), (SELECT MAX(id) FROM registrations));
             ANALYZE;",
        )?;
    }
    Ok(())
}

/// One-, two-, three- and four-character Chinese terms, a phrase of two words, a 档号
/// fragment and a registration number fragment: what clerks type.
const QUERIES: [&str; 12] =
    ["社", "病历", "花名册", "会议纪要", "社保 缴费", "合同", "Z007-WS", "330102-2024", "公积金", "验收", "局12", "第7卷"];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn stats(mut ms: Vec<f64>) -> serde_json::Value {
    ms.sort_by(|a, b| a.total_cmp(b));
    serde_json::json!({"p50": percentile(&ms, 0.5), "p95": percentile(&ms, 0.95), "p99": percentile(&ms, 0.99), "samples": ms.len()})
}

fn search(dir: &Path, runs: usize, like_rounds: usize) -> Result<(), Box<dyn std::error::Error>> {
    let mut archive = Archive::open(dir)?;
    let t = Instant::now();
    let refreshed = archive.refresh_search()?;
    let refresh_ms = t.elapsed().as_secs_f64() * 1000.0;
    let mut ours = Vec::new();
    let mut slowest = serde_json::Map::new();
    for _ in 0..runs {
        for q in QUERIES {
            let t = Instant::now();
            let r = archive.search(q, &SearchFilter::default())?;
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            ours.push(ms);
            let worst = slowest.entry(q).or_insert(serde_json::json!(0.0));
            if ms > worst.as_f64().unwrap_or(0.0) {
                *worst = serde_json::json!(ms);
            }
            std::hint::black_box(r);
        }
    }
    let pages = pages(&mut archive, runs)?;
    // The baseline: the same terms as a LIKE scan over every searchable column (fewer
    // rounds: each scans the whole table).
    let conn = archive.connect_catalog()?;
    let mut like = Vec::new();
    for _ in 0..like_rounds {
        for q in QUERIES {
            let t = Instant::now();
            let mut sql = String::from("SELECT i.id FROM items i WHERE 1 = 1");
            let terms: Vec<String> = q.split_whitespace().map(|w| format!("%{w}%")).collect();
            for k in 1..=terms.len() {
                sql.push_str(&format!(" AND (i.path LIKE ?{k} OR i.title LIKE ?{k} OR i.ref_code LIKE ?{k})"));
            }
            let args: Vec<&dyn ToSql> = terms.iter().map(|t| t as &dyn ToSql).collect();
            let mut st = conn.prepare_cached(&sql)?;
            let n = st.query_map(&args[..], |r| r.get::<_, i64>(0))?.count();
            like.push(t.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(n);
        }
    }
    let items: i64 = conn.query_row("SELECT COUNT(*) FROM items", (), |r| r.get(0))?;
    let out = serde_json::json!({
        "items": items, "refreshed_documents": refreshed, "refresh_ms": refresh_ms,
        "queries": QUERIES, "search_ms": stats(ours), "like_ms": stats(like), "slowest_ms_by_query": slowest,
        "pages_ms": pages,
    });
    println!("{out}");
    Ok(())
}

/// What the screens read when opened: the dashboard (工作台), the units list, the first page
/// of the registrations list (and one filtered; and the whole list, as the CLI reads it), one
/// registration's items (登记详情), the newest ledger entries of a unit (审计), each
/// `runs` times.
fn pages(archive: &mut Archive, runs: usize) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let at = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let newest = archive.overview(at, 1)?.recent.first().map(|r| r.id);
    let mut out = serde_json::Map::new();
    let mut time = |name: &str, f: &mut dyn FnMut() -> dengji_core::Result<usize>| -> dengji_core::Result<()> {
        let mut ms = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            std::hint::black_box(f()?);
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        out.insert(name.to_string(), stats(ms));
        Ok(())
    };
    time("dashboard", &mut || archive.overview(at, 10).map(|o| o.recent.len()))?;
    time("units", &mut || archive.units().map(|u| u.len()))?;
    time("registrations page", &mut || archive.registration_page(&RegistrationQuery::default()).map(|p| p.rows.len()))?;
    let text = RegistrationQuery { text: Some("合同".into()), ..Default::default() };
    time("registrations page, filtered", &mut || archive.registration_page(&text).map(|p| p.rows.len()))?;
    time("all registrations (CLI list)", &mut || archive.registrations().map(|r| r.len()))?;
    if let Some(id) = newest {
        time("registration_items", &mut || archive.items(id).map(|i| i.len()))?;
        time("registration_ledger", &mut || archive.ledger_entries(id).map(|e| e.len()))?;
    }
    Ok(serde_json::Value::Object(out))
}

/// A hand-over of `files` small files (1–16 KB, distinct for every `seed`) under Chinese
/// folders.
fn hand_over(dir: &Path, files: usize, seed: u64) -> std::io::Result<()> {
    let mut rng = Rng(seed);
    for f in 0..files {
        let folder = dir.join(format!("第{}卷/{}{}", f % 20, rng.word(), f % 7));
        std::fs::create_dir_all(&folder)?;
        let len = 1024 + (rng.next() % (15 * 1024)) as usize;
        let bytes: Vec<u8> = (0..len.div_ceil(8)).flat_map(|_| rng.next().to_le_bytes()).take(len).collect();
        std::fs::write(folder.join(format!("{}_{f:05}.pdf", rng.word())), bytes)?;
    }
    Ok(())
}

/// Two workstations of a centre archive (PostgreSQL + bucket) each take a hand-over in,
/// first one after the other, then both at once; reports the times and how long write
/// transactions waited for the other workstation's. On a 2-core machine the CPUs, not the
/// catalog, bound the total, so the waits are the figure that speaks for the catalog.
fn workstations(dir: &Path, url: &str, vault: &str, endpoint: &str, files: usize) -> Result<(), Box<dyn std::error::Error>> {
    let at = Utc::now();
    let catalog = CatalogLocation::Postgres { url: url.to_string() };
    let vault = VaultLocation::S3(S3Location::parse(vault, endpoint, None)?);
    let (mut first, admin) = Archive::init_in(&dir.join("ws1"), &catalog, &vault, "基准测试中心", "330100", "管理员", PASSWORD, at)?;
    let admin = admin.stamp(at);
    first.add_user("登记员", PASSWORD, &[Role::Clerk], &admin)?;
    let clerk = first.login("登记员", PASSWORD, at)?.stamp(at);
    let unit = first.add_unit(
        NewUnit {
            name: "杭州某某科技有限公司".into(),
            kind: UnitKind::Enterprise,
            uscc: Some("91330000MA27U0TT7T".into()),
            domain: Some("工商".into()),
            force: false,
        },
        &clerk,
    )?;
    let second = Archive::attach(&dir.join("ws2"), &catalog, &vault)?;
    let mut desks = Vec::new();
    for (n, mut archive) in [first, second].into_iter().enumerate() {
        let clerk = archive.login("登记员", PASSWORD, at)?.stamp(at);
        let sources: Vec<PathBuf> = ["alone", "together"].iter().map(|k| dir.join(format!("src-{}-{k}", n + 1))).collect();
        for (k, src) in sources.iter().enumerate() {
            hand_over(src, files, 0x5EED_0000 + (n * 2 + k) as u64 + 1)?;
        }
        desks.push((archive, clerk, sources));
    }
    let take = |archive: &mut Archive, clerk: &dengji_core::Stamp, src: &Path| -> dengji_core::Result<f64> {
        let target = IntakeTarget::New { unit: unit.id, title: "业务数据".into(), kind: RecordKind::Electronic };
        let t = Instant::now();
        archive.intake(target, &[src.to_path_buf()], clerk, &NoProgress, &CancelToken::new())?;
        Ok(t.elapsed().as_secs_f64())
    };
    let mut alone = Vec::new();
    for (archive, clerk, sources) in &mut desks {
        alone.push(take(archive, clerk, &sources[0])?);
    }
    let waited_before = dengji_core::writer_lock_waited();
    let together: Vec<f64> = std::thread::scope(|s| {
        let running: Vec<_> = desks.iter_mut().map(|(archive, clerk, sources)| s.spawn(|| take(archive, clerk, &sources[1]))).collect();
        running.into_iter().map(|h| h.join().expect("intake thread")).collect::<dengji_core::Result<Vec<f64>>>()
    })?;
    let waited = (dengji_core::writer_lock_waited() - waited_before).as_secs_f64();
    let busy: f64 = together.iter().sum();
    let out = serde_json::json!({
        "files_per_intake": files, "alone_s": alone, "together_s": together,
        "writer_lock_waited_s": waited, "wait_share": waited / busy,
    });
    println!("{out}");
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    match Cli::parse().command {
        Cmd::Catalog { data_dir, items, catalog: on } => catalog(&data_dir, items, on.as_deref())?,
        Cmd::Workstations { data_dir, catalog, vault, s3_endpoint, files } => {
            workstations(&data_dir, &catalog, &vault, &s3_endpoint, files)?
        }
        Cmd::Search { data_dir, runs, like_rounds } => search(&data_dir, runs, like_rounds.unwrap_or(runs.div_ceil(4)))?,
        Cmd::Dumps { dir, months, mb } => dumps::dumps(&dir, months, mb)?,
    }
    Ok(())
}
