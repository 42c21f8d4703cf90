//! `dumps --dir D --months 12 --mb 1024`: monthly dumps of a synthetic business database
//! (a housing fund's deposits), uncompressed SQL text as `pg_dump --inserts` writes it,
//! changing as business tables do: each month rows are appended, the most recent rows
//! updated (late corrections), and a few old rows here and there (back-dated fixes).
//! `D/2026-MM/deposits.sql` for each month, and on stdout as JSON each dump's size and the
//! bytes of its chunks that no earlier dump has: what a deduplicating store must add.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;

use dengji_core::chunks::chunks_of;

/// About how long a row's INSERT line is.
const ROW_BYTES: u64 = 110;
/// Each month: rows appended (1.5 % of the first month's), recent rows updated (the last
/// 0.5 %), and old rows updated anywhere.
const APPENDED: f64 = 0.015;
const RECENT: f64 = 0.005;
const SCATTERED: u64 = 200;

/// A row's content, fixed by its id and how many times it was updated.
fn row(out: &mut impl Write, id: u64, version: u8) -> std::io::Result<()> {
    let h = mix(id * 31 + u64::from(version));
    let amount = h % 2_000_000;
    let (month, day) = (1 + (id / 900_000) % 12, 1 + h % 28);
    writeln!(
        out,
        "INSERT INTO deposits VALUES ({id}, 'ACC{:010}', '{}', {}.{:02}, '2025-{month:02}-{day:02}', 'v{version} 单位缴存 {}');",
        mix(id) % 10_000_000_000,
        ["汇缴", "补缴", "转入", "提取", "结息"][(h >> 20) as usize % 5],
        amount / 100,
        amount % 100,
        h >> 40
    )
}

fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

pub fn dumps(dir: &Path, months: u32, mb: u64) -> Result<(), Box<dyn std::error::Error>> {
    let first = (mb << 20) / ROW_BYTES;
    let appended = (first as f64 * APPENDED) as u64;
    let recent = (first as f64 * RECENT) as u64;
    let mut versions: Vec<u8> = vec![0; first as usize];
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for m in 1..=months {
        if m > 1 {
            let rows = versions.len() as u64;
            for id in rows.saturating_sub(recent)..rows {
                versions[id as usize] = versions[id as usize].wrapping_add(1);
            }
            for k in 0..SCATTERED {
                let id = mix(u64::from(m) * 1_000_003 + k) % rows;
                versions[id as usize] = versions[id as usize].wrapping_add(1);
            }
            versions.resize((rows + appended) as usize, 0);
        }
        let folder = dir.join(format!("2026-{m:02}"));
        fs::create_dir_all(&folder)?;
        let path = folder.join("deposits.sql");
        let mut w = BufWriter::with_capacity(1 << 20, File::create(&path)?);
        writeln!(w, "-- 住房公积金管理系统 业务库导出 2026-{m:02}\nCREATE TABLE deposits (id bigint, account text, kind text, amount numeric, day date, memo text);")?;
        for (id, v) in versions.iter().enumerate() {
            row(&mut w, id as u64, *v)?;
        }
        w.into_inner()?.sync_all()?;
        let chunks = chunks_of(File::open(&path)?)?;
        let size: u64 = chunks.iter().map(|c| c.len).sum();
        let mut new_bytes = 0;
        for c in &chunks {
            if seen.insert(c.sha256) {
                new_bytes += c.len;
            }
        }
        out.push(serde_json::json!({"period": format!("2026-{m:02}"), "path": path, "bytes": size, "new_chunk_bytes": new_bytes}));
    }
    println!("{}", serde_json::Value::Array(out));
    Ok(())
}
