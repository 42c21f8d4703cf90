//! Whole-archive checks: the ledger against itself and against the catalog, and the
//! vault against the catalog's digests.

use std::collections::HashMap;
use std::time::Instant;

use serde::Serialize;

use crate::archive::Archive;
use crate::digest::{Sha256, Sm3};
use crate::error::Result;
use crate::ids::{RegistrationId, UnitId};
use crate::ledger;
use crate::progress::{CancelToken, JobProgress, NoProgress, Phase, Progress};
use crate::seal;
use crate::units::{unit_payload, UnitKind};
use crate::vault::ChunkProblem;

#[derive(Debug, Clone, Serialize)]
pub struct LedgerProblem {
    /// The ledger entry concerned, when there is one.
    pub seq: Option<i64>,
    pub subject: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LedgerReport {
    pub entries: i64,
    /// Entries in the access log (sign-ins, locks, prints, verifications, exports).
    pub access_entries: i64,
    pub checkpoint: ledger::Checkpoint,
    /// The furthest point of the ledger an upper archive signed for (its receipt).
    pub witnessed: Option<crate::upward::Witness>,
    pub problems: Vec<LedgerProblem>,
}

impl LedgerReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/"))]
pub struct VaultProblem {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub sha256: Sha256,
    /// `missing` or `changed`.
    pub kind: &'static str,
    /// Registrations and paths that refer to the object.
    pub items: Vec<String>,
    /// For a file stored as chunks: the damaged chunks, each with every file that uses it
    /// (a chunk shared by twelve monthly versions damages all twelve).
    pub chunks: Vec<ChunkProblem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VaultReport {
    pub objects: u64,
    pub bytes: u64,
    pub problems: Vec<VaultProblem>,
    pub cancelled: bool,
}

impl Archive {
    pub fn audit(&self, filter: &ledger::AuditFilter) -> Result<Vec<ledger::Entry>> {
        ledger::audit(self.conn(), filter)
    }

    pub fn verify_ledger(&self) -> Result<LedgerReport> {
        self.verify_ledger_with(&NoProgress, &CancelToken::new())
    }

    /// `verify_ledger`, reporting entries and seals checked as it goes (on a large archive
    /// the seals' package digests take a while); cancelled, it concludes nothing.
    pub fn verify_ledger_with(&self, progress: &dyn Progress, cancel: &CancelToken) -> Result<LedgerReport> {
        let conn = self.conn();
        let started = Instant::now();
        let count = |sql: &str| conn.query_row(sql, (), |r| r.get::<_, i64>(0));
        let total = count("SELECT COUNT(*) FROM ledger")?
            + count("SELECT COUNT(*) FROM access_log")?
            + count("SELECT COUNT(*) FROM ledger WHERE action = 'registration.seal'")?;
        let report = |done: i64| {
            progress.report(&JobProgress {
                phase: Phase::Hashing,
                files_done: done.max(0) as u64,
                files_total: total.max(0) as u64,
                bytes_done: 0,
                bytes_total: 0,
                current: None,
                elapsed: started.elapsed(),
            })
        };
        report(0);
        let (entries, broken) = ledger::verify_chain_watched(conn, ledger::Chain::Ledger, &mut |n| {
            report(n);
            !cancel.is_cancelled()
        })?;
        let mut problems = Vec::new();
        if let Some((seq, message)) = broken {
            problems.push(LedgerProblem { seq: Some(seq), subject: format!("ledger:{seq}"), message });
        }
        let (access_entries, broken) = ledger::verify_chain_watched(conn, ledger::Chain::Access, &mut |n| {
            report(entries + n);
            !cancel.is_cancelled()
        })?;
        if let Some((seq, message)) = broken {
            problems.push(LedgerProblem {
                seq: None,
                subject: format!("access_log:{seq}"),
                message: format!("访问日志第 {seq} 条：{message}"),
            });
        }
        // Both checks need each unit's recorded states: replayed from the ledger once.
        let units = recorded_units(conn)?;
        let mut seals = 0;
        self.check_seals(&units, &mut problems, &mut || {
            seals += 1;
            if seals % 64 == 0 {
                report(entries + access_entries + seals);
            }
            !cancel.is_cancelled()
        })?;
        self.check_units(&units, &mut problems)?;
        self.check_users(&mut problems)?;
        crate::cert::check_certificates(conn, &mut problems)?;
        crate::key::check_keys(conn, &mut problems)?;
        crate::peers::check_peers(conn, &mut problems)?;
        crate::upward::check_witnesses(conn, &self.peers()?, &mut problems)?;
        report(total);
        Ok(LedgerReport { entries, access_entries, checkpoint: ledger::checkpoint(conn)?, witnessed: self.witnessed()?, problems })
    }

    /// Each seal entry must match the catalog as it is now, and each sealed registration
    /// must have a seal entry.
    fn check_seals(&self, units: &RecordedUnits, problems: &mut Vec<LedgerProblem>, tick: &mut dyn FnMut() -> bool) -> Result<()> {
        let conn = self.conn();
        let mut sealed_in_ledger = Vec::new();
        for e in ledger::entries_with_action(conn, "registration.seal")? {
            if !tick() {
                return Err(crate::error::Error::VerifyCancelled);
            }
            let Some(id) = e.subject.strip_prefix("registration:").and_then(|s| s.parse::<i64>().ok()).map(RegistrationId) else {
                problems.push(LedgerProblem {
                    seq: Some(e.seq), subject: e.subject.clone(), message: "封存记录的对象无法识别".into()
                });
                continue;
            };
            sealed_in_ledger.push(id.0);
            let recorded: serde_json::Value = serde_json::from_str(&e.payload).unwrap_or_default();
            let (Ok(reg), Some((now, digests))) = (self.registration(id), seal::seal_record(conn, id)?) else {
                problems.push(LedgerProblem {
                    seq: Some(e.seq),
                    subject: e.subject.clone(),
                    message: "已封存的登记在目录中不存在（被删除）".into(),
                });
                continue;
            };
            // A unit's later USCC change is its own ledger entry; the seal keeps the code of its
            // day. A code changed behind the ledger's back is compared as it stands, so both
            // this check and the unit check name it.
            let mut now = now;
            let history = units.get(&reg.unit.id.subject());
            if history.and_then(|h| h.last()).map(|(_, state)| &state["uscc"]) == Some(&now["unit_uscc"]) {
                now["unit_uscc"] = uscc_at(history, e.seq);
            }
            let stored_digests_ok = reg.package_sha256 == Some(digests.sha256) && reg.package_sm3 == Some(digests.sm3);
            if now != recorded || !stored_digests_ok {
                let fields: Vec<&str> = [
                    "registration_number",
                    "unit_uscc",
                    "title",
                    "kind",
                    "sealed_at",
                    "package_sm3",
                    "package_sha256",
                    "files",
                    "bytes",
                    "items_fingerprint",
                    "metadata_fingerprint",
                    "check",
                ]
                .into_iter()
                .filter(|k| now.get(k) != recorded.get(k))
                .collect();
                let what = if fields.is_empty() { "登记表中保存的包摘要".to_string() } else { fields.join(", ") };
                problems.push(LedgerProblem {
                    seq: Some(e.seq),
                    subject: e.subject.clone(),
                    message: format!("登记 {} 封存后被改动：{what} 与封存记录不符", reg.label()),
                });
            }
        }
        let mut st = conn.prepare("SELECT id, registration_number FROM registrations WHERE status = 'sealed'")?;
        let rows = st.query_map((), |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?)))?;
        for row in rows {
            let (id, number) = row?;
            if !sealed_in_ledger.contains(&id) {
                problems.push(LedgerProblem {
                    seq: None,
                    subject: RegistrationId(id).subject(),
                    message: format!("登记 {} 标记为已封存，但台账中没有封存记录", number.unwrap_or_default()),
                });
            }
        }
        Ok(())
    }

    /// Each unit row must equal what the ledger last recorded for it.
    fn check_units(&self, units: &RecordedUnits, problems: &mut Vec<LedgerProblem>) -> Result<()> {
        let conn = self.conn();
        let mut last: HashMap<&str, &(i64, serde_json::Value)> =
            units.iter().filter_map(|(subject, history)| Some((subject.as_str(), history.last()?))).collect();
        let mut st = conn.prepare("SELECT id, name, kind, uscc, domain FROM units")?;
        let rows = st.query_map((), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        for row in rows {
            let (id, name, kind, uscc, domain) = row?;
            let subject = UnitId(id).subject();
            let kind = kind.parse::<UnitKind>().ok();
            match (last.remove(subject.as_str()), kind) {
                (Some((seq, recorded)), Some(kind)) => {
                    if unit_payload(&name, kind, uscc.as_deref(), domain.as_deref()) != *recorded {
                        problems.push(LedgerProblem {
                            seq: Some(*seq),
                            subject,
                            message: format!("单位 “{name}” 的信息与台账记录不符（被改动）"),
                        });
                    }
                }
                _ => {
                    problems.push(LedgerProblem { seq: None, subject, message: format!("单位 “{name}” 没有对应的台账记录") })
                }
            }
        }
        for (subject, (seq, _)) in last {
            problems.push(LedgerProblem {
                seq: Some(*seq),
                subject: subject.to_string(),
                message: "台账记录的单位在目录中不存在（被删除）".into(),
            });
        }
        Ok(())
    }

    /// Each account must match what the ledger last recorded: name, roles, enabled state
    /// and the digest of its password hash (a swapped hash would let someone in).
    fn check_users(&self, problems: &mut Vec<LedgerProblem>) -> Result<()> {
        let conn = self.conn();
        let mut expected: HashMap<String, (i64, String, Vec<String>, bool, String)> = HashMap::new();
        let mut st = conn.prepare("SELECT seq, action, subject, payload FROM ledger WHERE action LIKE 'user.%' ORDER BY seq")?;
        let rows =
            st.query_map((), |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)))?;
        for row in rows {
            let (seq, action, subject, payload) = row?;
            let v: serde_json::Value = serde_json::from_str(&payload).unwrap_or_default();
            let text = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or_default().to_string();
            match action.as_str() {
                "user.add" => {
                    let roles = v
                        .get("roles")
                        .and_then(|r| r.as_array())
                        .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                        .unwrap_or_default();
                    expected.insert(subject, (seq, text("name"), roles, false, text("hash_sha256")));
                }
                "user.disable" | "user.enable" | "user.password" | "user.roles" => {
                    if let Some(e) = expected.get_mut(&subject) {
                        e.0 = seq;
                        match action.as_str() {
                            "user.disable" => e.3 = true,
                            "user.enable" => e.3 = false,
                            "user.roles" => {
                                e.2 = v
                                    .get("roles")
                                    .and_then(|r| r.as_array())
                                    .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                                    .unwrap_or_default()
                            }
                            _ => e.4 = text("hash_sha256"),
                        }
                    }
                }
                _ => {}
            }
        }
        let mut st = conn.prepare("SELECT id, name, roles, disabled, password_hash FROM users")?;
        let rows = st.query_map((), |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, bool>(3)?, r.get::<_, String>(4)?))
        })?;
        for row in rows {
            let (id, name, roles, disabled, hash) = row?;
            let subject = crate::ids::UserId(id).subject();
            let Some((seq, e_name, e_roles, e_disabled, e_hash)) = expected.remove(&subject) else {
                problems.push(LedgerProblem {
                    seq: None, subject, message: format!("账户 “{name}” 没有对应的台账记录（被插入）")
                });
                continue;
            };
            let mut roles: Vec<String> = roles.split(',').map(str::to_string).collect();
            let mut e_roles = e_roles;
            roles.sort();
            e_roles.sort();
            let hash_ok = crate::accounts::hash_fingerprint(&hash) == e_hash;
            if name != e_name || roles != e_roles || disabled != e_disabled || !hash_ok {
                let what = if !hash_ok { "密码哈希" } else { "名称、角色或启用状态" };
                problems.push(LedgerProblem {
                    seq: Some(seq),
                    subject,
                    message: format!("账户 “{name}” 的{what}与台账记录不符（被改动）"),
                });
            }
        }
        for (subject, (seq, name, ..)) in expected {
            problems.push(LedgerProblem {
                seq: Some(seq), subject, message: format!("台账记录的账户 “{name}” 在目录中不存在（被删除）")
            });
        }
        Ok(())
    }

    /// Re-hashes every object the catalog refers to, and every file of the packages taken
    /// from lower archives (their catalog copies and the files they carried).
    pub fn verify_vault(&self, progress: &dyn Progress, cancel: &CancelToken) -> Result<VaultReport> {
        let start = std::time::Instant::now();
        let own = live_objects(self.conn())?;
        let mut lower = crate::upward::lower_objects(self.conn())?;
        let held: std::collections::HashSet<Sha256> = own.iter().map(|o| o.0).collect();
        lower.retain(|sha, _| !held.contains(sha));
        let objects: Vec<(Sha256, Option<Sm3>, u64)> = own
            .iter()
            .map(|(sha, sm3, size, _)| (*sha, Some(*sm3), *size as u64))
            .chain(lower.iter().map(|(sha, (size, _))| (*sha, None, *size)))
            .collect();
        let bytes_total: u64 = objects.iter().map(|o| o.2).sum();
        let mut report = VaultReport { objects: 0, bytes: 0, problems: Vec::new(), cancelled: false };
        for (i, (sha, sm3, size)) in objects.iter().enumerate() {
            if cancel.is_cancelled() {
                report.cancelled = true;
                break;
            }
            // A package file has no SM3 of its own on record: its SHA-256 and size are what
            // the package's manifest and signature vouched for.
            let kind = match self.vault().rehash(sha)? {
                None => Some("missing"),
                Some((d, n)) if d.sha256 != *sha || sm3.is_some_and(|s| d.sm3 != s) || n != *size => Some("changed"),
                Some(_) => None,
            };
            report.objects += 1;
            report.bytes += *size;
            if let Some(kind) = kind {
                let items = match lower.get(sha) {
                    Some((_, users)) => users.clone(),
                    None => self.items_with_object(sha)?,
                };
                let chunks = self.damaged_chunks(sha)?;
                report.problems.push(VaultProblem { sha256: *sha, kind, items, chunks });
            }
            progress.report(&JobProgress {
                phase: Phase::Hashing,
                files_done: i as u64 + 1,
                files_total: objects.len() as u64,
                bytes_done: report.bytes,
                bytes_total,
                current: None,
                elapsed: start.elapsed(),
            });
        }
        Ok(report)
    }

    /// A chunked file's chunks that are missing or no longer match their names, each with
    /// the files that use it.
    fn damaged_chunks(&self, sha: &Sha256) -> Result<Vec<ChunkProblem>> {
        let Some(crate::vault::Diagnosis::Chunks(bad)) = self.vault().diagnose(sha)? else { return Ok(Vec::new()) };
        let names: std::collections::HashSet<Sha256> = bad.iter().map(|b| b.0).collect();
        let users = self.vault().files_using(&names)?;
        let mut problems = Vec::new();
        for (chunk, kind) in bad {
            let mut items = Vec::new();
            for file in users.get(&chunk).into_iter().flatten() {
                items.extend(self.items_with_object(file)?);
            }
            problems.push(ChunkProblem { sha256: chunk, kind, items });
        }
        Ok(problems)
    }

    fn items_with_object(&self, sha: &Sha256) -> Result<Vec<String>> {
        let mut st = self.conn().prepare(
            "SELECT COALESCE(r.registration_number, '草稿 #' || r.id), i.path FROM items i
             JOIN registrations r ON r.id = i.registration_id WHERE i.sha256 = ?1 ORDER BY r.id, i.path",
        )?;
        let rows = st.query_map([sha], |r| Ok(format!("{} {}", r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        Ok(rows.collect::<crate::catalog::SqlResult<_>>()?)
    }
}

/// Every object a catalog's live items refer to (disposed content is gone on purpose):
/// digests, size, and how many items hold it.
pub(crate) fn live_objects(conn: &crate::catalog::Conn) -> Result<Vec<(Sha256, Sm3, i64, i64)>> {
    let mut st = conn.prepare(
        "SELECT i.sha256, i.sm3, MAX(i.size), COUNT(*) FROM items i WHERE i.id NOT IN (SELECT item_id FROM disposed_items)
         GROUP BY i.sha256, i.sm3 ORDER BY i.sha256",
    )?;
    let objects = st.query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<crate::catalog::SqlResult<_>>()?;
    Ok(objects)
}

/// Each unit's recorded states (with the sequence number of the entry that set each), by subject.
type RecordedUnits = HashMap<String, Vec<(i64, serde_json::Value)>>;

/// Each unit's recorded states in ledger order: `unit.add` and `unit.edit` set one, a
/// `domain.rename` moves every unit filed under the old name.
fn recorded_units(conn: &crate::catalog::Conn) -> Result<RecordedUnits> {
    let mut units: HashMap<String, Vec<(i64, serde_json::Value)>> = HashMap::new();
    let mut st = conn.prepare(
        "SELECT seq, action, subject, payload FROM ledger WHERE action IN ('unit.add', 'unit.edit', 'domain.rename') ORDER BY seq",
    )?;
    let rows = st.query_map((), |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)))?;
    for row in rows {
        let (seq, action, subject, payload) = row?;
        if action == "domain.rename" {
            let v: serde_json::Value = serde_json::from_str(&payload).unwrap_or_default();
            let (from, to) = (&v["from"], &v["to"]);
            for history in units.values_mut() {
                let Some((_, state)) = history.last() else { continue };
                if &state["domain"] == from {
                    let mut moved = state.clone();
                    moved["domain"] = to.clone();
                    history.push((seq, moved));
                }
            }
        } else {
            units.entry(subject).or_default().push((seq, crate::units::recorded_state(&payload)));
        }
    }
    Ok(units)
}

/// The USCC a unit had when the entry `seq` was written, by its recorded history.
fn uscc_at(history: Option<&Vec<(i64, serde_json::Value)>>, seq: i64) -> serde_json::Value {
    history
        .and_then(|h| h.iter().take_while(|(at, _)| *at < seq).last())
        .map(|(_, state)| state["uscc"].clone())
        .unwrap_or(serde_json::Value::Null)
}
