//! `dengji-bench`: the parts of the benchmark that need the core in-process (bench/run.py
//! drives everything else).
//!
//! - `catalog --data-dir D --items N`: an archive whose catalog holds N synthetic items
//!   (Chinese paths, titles, 档号) in sealed registrations of 1,000 units, written with
//!   plain SQL (there are no files: only search and start-up read it).
//! - `search --data-dir D [--runs R]`: search latencies (p50/p95/p99) over a fixed query
//!   mix, and the same queries as a full-table `LIKE` scan, as JSON on stdout.

use std::path::PathBuf;
use std::time::Instant;

use chrono::{TimeZone, Utc};
use clap::{Parser, Subcommand};
use dengji_core::{Archive, SearchFilter};
use rusqlite::params;

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
    },
    Search {
        #[arg(long)]
        data_dir: PathBuf,
        #[arg(long, default_value_t = 20)]
        runs: usize,
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

fn catalog(dir: &std::path::Path, items: usize) -> rusqlite::Result<()> {
    let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let (archive, _) = Archive::init(dir, "基准测试档案馆", "330102", "管理员", "基准测试密码123456", at).expect("init");
    drop(archive);
    let mut conn = rusqlite::Connection::open(dir.join("catalog.sqlite"))?;
    let tx = conn.transaction()?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let units: i64 = 1000;
    for u in 1..=units {
        tx.execute(
            "INSERT INTO units (id, name, kind, domain, created_at) VALUES (?1, ?2, 'agency', ?3, '2026-01-01T00:00:00Z')",
            params![u, format!("{}{}局{u}", rng.word(), rng.word()), rng.word()],
        )?;
    }
    let per_reg = 100;
    let regs = items.div_ceil(per_reg) as i64;
    let mut item_st = tx.prepare(
        "INSERT INTO items (registration_id, path_raw, path, size, sha256, sm3, format, added_at, title, ref_code)
         VALUES (?1, ?2, ?2, ?3, ?4, ?4, 'pdf', '2026-01-01T00:00:00Z', ?5, ?6)",
    )?;
    let mut n = 0;
    for r in 1..=regs {
        let year = 2020 + (r % 7);
        tx.execute(
            "INSERT INTO registrations (id, unit_id, title, kind, intake_state, created_at, created_by)
             VALUES (?1, ?2, ?3, 'electronic', 'complete', ?4, '管理员')",
            params![r, 1 + r % units, format!("{}{}{}", rng.word(), rng.word(), rng.word()), format!("{year}-03-01T00:00:00Z")],
        )?;
        for i in 0..per_reg.min(items - n) {
            let i = i as i64;
            let path = format!("{}/{}年/第{}卷/{}{}_{i:04}.pdf", rng.word(), year, r % 30, rng.word(), rng.word());
            let digest = format!("{:064x}", n as u128 * 0x9E37_79B9_7F4A_7C15_u128);
            let title = format!("关于{}{}的{}", rng.word(), rng.word(), rng.word());
            let ref_code = format!("Z{:03}-WS-{year}-Y-{:04}", r % 1000, i + 1);
            item_st.execute(params![r, path, 1000 + (n % 5000) as i64, digest, title, ref_code])?;
            n += 1;
        }
        tx.execute(
            "UPDATE registrations SET status = 'sealed', registration_number = ?2, seq_year = ?3, seq = ?1, sealed_at = ?4,
                 sealed_by = '管理员', package_sha256 = ?5, package_sm3 = ?5 WHERE id = ?1",
            params![r, format!("330102-{year}-{r:06}"), year, format!("{year}-03-02T00:00:00Z"), format!("{:064x}", r)],
        )?;
    }
    drop(item_st);
    tx.commit()?;
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

fn search(dir: &std::path::Path, runs: usize) -> Result<(), Box<dyn std::error::Error>> {
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
    // The baseline: the same terms as a LIKE scan over every searchable column.
    let conn = rusqlite::Connection::open(dir.join("catalog.sqlite"))?;
    let mut like = Vec::new();
    for _ in 0..runs.div_ceil(4) {
        for q in QUERIES {
            let t = Instant::now();
            let mut sql = String::from("SELECT i.id FROM items i WHERE 1");
            let terms: Vec<String> = q.split_whitespace().map(|w| format!("%{w}%")).collect();
            for k in 1..=terms.len() {
                sql.push_str(&format!(" AND (i.path LIKE ?{k} OR i.title LIKE ?{k} OR i.ref_code LIKE ?{k})"));
            }
            let mut st = conn.prepare_cached(&sql)?;
            let n = st.query_map(rusqlite::params_from_iter(terms.iter()), |r| r.get::<_, i64>(0))?.count();
            like.push(t.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(n);
        }
    }
    let items: i64 = conn.query_row("SELECT COUNT(*) FROM items", [], |r| r.get(0))?;
    let out = serde_json::json!({
        "items": items, "refreshed_documents": refreshed, "refresh_ms": refresh_ms,
        "queries": QUERIES, "search_ms": stats(ours), "like_ms": stats(like), "slowest_ms_by_query": slowest,
    });
    println!("{out}");
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    match Cli::parse().command {
        Cmd::Catalog { data_dir, items } => catalog(&data_dir, items)?,
        Cmd::Search { data_dir, runs } => search(&data_dir, runs)?,
    }
    Ok(())
}
