//! The IPC contract: every type the frontend sends or receives, and its mapping from
//! dengji-core's types. `cargo test -p dengji-app` writes these as TypeScript into
//! ui/src/bindings/ (ts-rs); `tests::contract` pins their exact shape.
//!
//! Integers are i64/u64 in Rust but `number` in TypeScript (ids, sizes and counts stay far
//! below 2^53), hence the `#[ts(type = ...)]` overrides. Comments on the DTOs are plain
//! `//` on purpose: ts-rs would copy `///` docs into the generated TypeScript.

use std::path::PathBuf;

use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{IpcError, IpcResult};
use crate::state::{AppState, SignIn};

// ---------------------------------------------------------------- archive

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct ArchiveInfo {
    pub initialized: bool,
    pub data_dir: String,
    pub archive_name: Option<String>,
    pub region_code: Option<String>,
    pub region_name: Option<String>,
    pub has_accounts: bool,
}

impl ArchiveInfo {
    /// A data dir with no archive yet: the UI shows its first-run screen.
    pub fn uninitialised(dir: &std::path::Path) -> Self {
        ArchiveInfo {
            initialized: false,
            data_dir: dir.display().to_string(),
            archive_name: None,
            region_code: None,
            region_name: None,
            has_accounts: false,
        }
    }
}

impl From<core::ArchiveInfo> for ArchiveInfo {
    fn from(i: core::ArchiveInfo) -> Self {
        ArchiveInfo {
            initialized: true,
            data_dir: i.data_dir.display().to_string(),
            archive_name: Some(i.name),
            region_code: Some(i.region_code),
            region_name: i.region_name,
            has_accounts: i.has_accounts,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct RegionCheck {
    pub valid: bool,
    // Full name from the province down, e.g. 浙江省 杭州市 上城区.
    pub name: Option<String>,
    pub message: Option<String>,
}

impl RegionCheck {
    pub fn of(code: &str) -> Self {
        let code = code.trim();
        match core::region::full_name(code) {
            Some(name) => RegionCheck { valid: true, name: Some(name), message: None },
            None if code.is_empty() => RegionCheck {
                valid: false,
                name: None,
                message: Some("请输入 6 位行政区划代码（GB/T 2260，例如 330102 上城区）。".to_string()),
            },
            None => RegionCheck { valid: false, name: None, message: Some(core::Error::BadRegion(code.to_string()).to_string()) },
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct LedgerReport {
    pub ok: bool,
    #[ts(type = "number")]
    pub entries: i64,
    // Chinese summary; when not ok it names the first problem.
    pub message: String,
}

impl From<core::LedgerReport> for LedgerReport {
    fn from(r: core::LedgerReport) -> Self {
        let message = match r.problems.first() {
            None => format!("台账完整：共 {} 条记录，哈希链完好，与目录一致。", r.entries),
            Some(p) => {
                let at = match p.seq {
                    Some(seq) => format!("第 {seq} 条记录（{}）", p.subject),
                    None => p.subject.clone(),
                };
                format!("台账校验发现 {} 处问题（共 {} 条记录）。第一处：{at}：{}", r.problems.len(), r.entries, p.message)
            }
        };
        LedgerReport { ok: r.ok(), entries: r.entries, message }
    }
}

// ---------------------------------------------------------------- units

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum UnitKind {
    Agency,
    Institution,
    Enterprise,
    Project,
    Organization,
    Individual,
}

impl From<core::UnitKind> for UnitKind {
    fn from(k: core::UnitKind) -> Self {
        match k {
            core::UnitKind::Agency => UnitKind::Agency,
            core::UnitKind::Institution => UnitKind::Institution,
            core::UnitKind::Enterprise => UnitKind::Enterprise,
            core::UnitKind::Project => UnitKind::Project,
            core::UnitKind::Organization => UnitKind::Organization,
            core::UnitKind::Individual => UnitKind::Individual,
        }
    }
}

impl From<UnitKind> for core::UnitKind {
    fn from(k: UnitKind) -> Self {
        match k {
            UnitKind::Agency => core::UnitKind::Agency,
            UnitKind::Institution => core::UnitKind::Institution,
            UnitKind::Enterprise => core::UnitKind::Enterprise,
            UnitKind::Project => core::UnitKind::Project,
            UnitKind::Organization => core::UnitKind::Organization,
            UnitKind::Individual => core::UnitKind::Individual,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum UsccStatus {
    Valid,
    Empty,
    Malformed,
    BadCheck,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct UsccCheck {
    pub status: UsccStatus,
    // The computed check character, when the given one is wrong.
    pub expected: Option<String>,
    pub message: String,
}

impl UsccCheck {
    pub fn of(code: &str) -> Self {
        let code = core::uscc::normalise(code);
        let (status, expected, message) = if code.is_empty() {
            (UsccStatus::Empty, None, "未填写统一社会信用代码：只有“个人”可以不填。".to_string())
        } else {
            match core::uscc::check(&code) {
                core::uscc::UsccCheck::Valid => (UsccStatus::Valid, None, "统一社会信用代码格式和校验位正确。".to_string()),
                core::uscc::UsccCheck::Malformed { reason } => {
                    (UsccStatus::Malformed, None, core::Error::UsccMalformed { code, reason }.to_string())
                }
                core::uscc::UsccCheck::BadCheck { expected } => {
                    (UsccStatus::BadCheck, Some(expected.to_string()), core::Error::UsccCheckDigit { code, expected }.to_string())
                }
            }
        };
        UsccCheck { status, expected, message }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Unit {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub kind: UnitKind,
    pub uscc: Option<String>,
    pub domain: Option<String>,
    pub created_at: String,
    // How many registrations (drafts included) this unit has.
    #[ts(type = "number")]
    pub registrations: i64,
}

impl From<core::Unit> for Unit {
    fn from(u: core::Unit) -> Self {
        Unit {
            id: u.id.0,
            name: u.name,
            kind: u.kind.into(),
            uscc: u.uscc,
            domain: u.domain,
            created_at: u.created_at,
            registrations: u.registrations,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct NewUnit {
    pub name: String,
    pub kind: UnitKind,
    pub uscc: Option<String>,
    pub domain: Option<String>,
    // The clerk confirmed a well-formed code with a wrong check character.
    pub force: bool,
}

impl From<NewUnit> for core::NewUnit {
    fn from(u: NewUnit) -> Self {
        core::NewUnit { name: u.name, kind: u.kind.into(), uscc: u.uscc, domain: u.domain, force: u.force }
    }
}

// ---------------------------------------------------------------- intake

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum RecordKind {
    PaperScan,
    Electronic,
    BusinessData,
}

impl From<core::RecordKind> for RecordKind {
    fn from(k: core::RecordKind) -> Self {
        match k {
            core::RecordKind::PaperScan => RecordKind::PaperScan,
            core::RecordKind::Electronic => RecordKind::Electronic,
            core::RecordKind::BusinessData => RecordKind::BusinessData,
        }
    }
}

impl From<RecordKind> for core::RecordKind {
    fn from(k: RecordKind) -> Self {
        match k {
            RecordKind::PaperScan => core::RecordKind::PaperScan,
            RecordKind::Electronic => core::RecordKind::Electronic,
            RecordKind::BusinessData => core::RecordKind::BusinessData,
        }
    }
}

// Either `draftId` (add to / resume a draft) or `unitId` + `title` + `kind` (new draft).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct IntakeRequest {
    // Chosen by the frontend; `cancel_job` takes it.
    pub job_id: String,
    #[ts(type = "number | null")]
    pub draft_id: Option<i64>,
    #[ts(type = "number | null")]
    pub unit_id: Option<i64>,
    pub title: Option<String>,
    pub kind: Option<RecordKind>,
    pub paths: Vec<String>,
}

impl IntakeRequest {
    pub fn target(&self) -> Result<core::IntakeTarget, IpcError> {
        if let Some(id) = self.draft_id {
            return Ok(core::IntakeTarget::Draft(core::RegistrationId(id)));
        }
        match (self.unit_id, &self.title, self.kind) {
            (Some(unit), Some(title), Some(kind)) => {
                Ok(core::IntakeTarget::New { unit: core::UnitId(unit), title: title.clone(), kind: kind.into() })
            }
            (unit, title, kind) => {
                let missing: Vec<&str> = [(unit.is_none(), "登记单位"), (title.is_none(), "题名"), (kind.is_none(), "档案类型")]
                    .into_iter()
                    .filter_map(|(m, what)| m.then_some(what))
                    .collect();
                Err(IpcError::bad_request(format!("新建登记缺少{}：请补全后再接收。", missing.join("、"))))
            }
        }
    }

    pub fn sources(&self) -> Vec<PathBuf> {
        self.paths.iter().map(PathBuf::from).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum IntakePhase {
    Scanning,
    Hashing,
    Finishing,
}

impl From<core::Phase> for IntakePhase {
    fn from(p: core::Phase) -> Self {
        match p {
            core::Phase::Scanning => IntakePhase::Scanning,
            core::Phase::Hashing => IntakePhase::Hashing,
            core::Phase::Finishing => IntakePhase::Finishing,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct IntakeEvent {
    pub phase: IntakePhase,
    #[ts(type = "number")]
    pub files_done: u64,
    #[ts(type = "number")]
    pub files_total: u64,
    #[ts(type = "number")]
    pub bytes_done: u64,
    #[ts(type = "number")]
    pub bytes_total: u64,
    pub current_path: Option<String>,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
}

impl From<&core::JobProgress> for IntakeEvent {
    fn from(p: &core::JobProgress) -> Self {
        IntakeEvent {
            phase: p.phase.into(),
            files_done: p.files_done,
            files_total: p.files_total,
            bytes_done: p.bytes_done,
            bytes_total: p.bytes_total,
            current_path: p.current.clone(),
            elapsed_ms: u64::try_from(p.elapsed.as_millis()).unwrap_or(u64::MAX),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct IntakeOutcome {
    #[ts(type = "number")]
    pub draft_id: i64,
    // Files read and catalogued by this run (not counting unchanged ones from earlier runs).
    #[ts(type = "number")]
    pub files: u64,
    #[ts(type = "number")]
    pub bytes: u64,
    pub cancelled: bool,
    // Open blocking findings on the draft after this run.
    pub findings: usize,
}

impl From<core::IntakeReport> for IntakeOutcome {
    fn from(r: core::IntakeReport) -> Self {
        IntakeOutcome { draft_id: r.id.0, files: r.files, bytes: r.bytes, cancelled: r.cancelled, findings: r.findings }
    }
}

// ---------------------------------------------------------------- registrations

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum RegistrationStatus {
    Draft,
    Sealed,
}

impl From<core::Status> for RegistrationStatus {
    fn from(s: core::Status) -> Self {
        match s {
            core::Status::Draft => RegistrationStatus::Draft,
            core::Status::Sealed => RegistrationStatus::Sealed,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct RegistrationSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub registration_number: Option<String>,
    pub status: RegistrationStatus,
    pub title: String,
    pub kind: RecordKind,
    pub unit_name: String,
    pub unit_uscc: Option<String>,
    #[ts(type = "number")]
    pub files: i64,
    #[ts(type = "number")]
    pub bytes: i64,
    pub created_at: String,
    pub sealed_at: Option<String>,
    pub intake_complete: bool,
}

impl From<&core::Registration> for RegistrationSummary {
    fn from(r: &core::Registration) -> Self {
        RegistrationSummary {
            id: r.id.0,
            registration_number: r.registration_number.clone(),
            status: r.status.into(),
            title: r.title.clone(),
            kind: r.kind.into(),
            unit_name: r.unit.name.clone(),
            unit_uscc: r.unit.uscc.clone(),
            files: r.files,
            bytes: r.bytes,
            created_at: r.created_at.clone(),
            sealed_at: r.sealed_at.clone(),
            intake_complete: r.intake_complete,
        }
    }
}

impl From<core::Registration> for RegistrationSummary {
    fn from(r: core::Registration) -> Self {
        (&r).into()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Item {
    #[ts(type = "number")]
    pub id: i64,
    pub path: String,
    #[ts(type = "number")]
    pub size: i64,
    pub mtime: Option<String>,
    pub sha256: String,
    pub sm3: String,
    pub format: String,
    #[ts(type = "number | null")]
    pub pages: Option<i64>,
}

impl From<core::Item> for Item {
    fn from(i: core::Item) -> Self {
        Item {
            id: i.id.0,
            path: i.path,
            size: i.size,
            mtime: i.mtime,
            sha256: i.sha256.to_hex(),
            sm3: i.sm3.to_hex(),
            format: i.format,
            pages: i.pages,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Finding {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: String,
    pub path: String,
    pub detail: String,
    pub blocking: bool,
    pub acknowledged: bool,
}

impl From<core::Finding> for Finding {
    fn from(f: core::Finding) -> Self {
        Finding { id: f.id, kind: f.kind, path: f.path, detail: f.detail, blocking: f.blocking, acknowledged: f.acknowledged }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct LedgerEntry {
    #[ts(type = "number")]
    pub seq: i64,
    pub at: String,
    pub operator: String,
    pub action: String,
    pub subject: String,
}

impl From<core::ledger::Entry> for LedgerEntry {
    fn from(e: core::ledger::Entry) -> Self {
        LedgerEntry { seq: e.seq, at: e.at, operator: e.operator, action: e.action, subject: e.subject }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct RegistrationDetail {
    pub summary: RegistrationSummary,
    pub package_sm3: Option<String>,
    pub package_sha256: Option<String>,
    pub items: Vec<Item>,
    pub findings: Vec<Finding>,
    // The ledger entries about this registration, oldest first.
    pub ledger: Vec<LedgerEntry>,
    // Why it cannot be sealed yet; empty when it can.
    pub seal_blockers: Vec<String>,
}

impl RegistrationDetail {
    pub fn load(archive: &core::Archive, id: i64) -> core::Result<Self> {
        let id = core::RegistrationId(id);
        let reg = archive.registration(id)?;
        Ok(RegistrationDetail {
            summary: (&reg).into(),
            package_sm3: reg.package_sm3.map(|d| d.to_hex()),
            package_sha256: reg.package_sha256.map(|d| d.to_hex()),
            items: archive.items(id)?.into_iter().map(Into::into).collect(),
            findings: archive.findings(id)?.into_iter().map(Into::into).collect(),
            ledger: archive.ledger_entries(id)?.into_iter().map(Into::into).collect(),
            seal_blockers: archive.seal_blockers(id)?,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct SealOutcome {
    pub registration_number: String,
    pub package_sm3: String,
    pub package_sha256: String,
    pub sealed_at: String,
}

impl From<core::SealReport> for SealOutcome {
    fn from(r: core::SealReport) -> Self {
        SealOutcome {
            registration_number: r.registration_number,
            package_sm3: r.package_sm3.to_hex(),
            package_sha256: r.package_sha256.to_hex(),
            sealed_at: r.sealed_at,
        }
    }
}

// ---------------------------------------------------------------- accounts

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum Role {
    Admin,
    Clerk,
    Reviewer,
}

impl From<core::Role> for Role {
    fn from(r: core::Role) -> Self {
        match r {
            core::Role::Admin => Role::Admin,
            core::Role::Clerk => Role::Clerk,
            core::Role::Reviewer => Role::Reviewer,
        }
    }
}

impl From<Role> for core::Role {
    fn from(r: Role) -> Self {
        match r {
            Role::Admin => core::Role::Admin,
            Role::Clerk => core::Role::Clerk,
            Role::Reviewer => core::Role::Reviewer,
        }
    }
}

pub fn core_roles(roles: &[Role]) -> Vec<core::Role> {
    roles.iter().copied().map(Into::into).collect()
}

// The signed-in user. While `locked`, nothing but `unlock` (this user's password) or
// `logout` works.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Session {
    pub name: String,
    pub roles: Vec<Role>,
    pub idle_lock_minutes: u32,
    // What the UI uses: the setting in seconds, or DENGJI_IDLE_LOCK_SECONDS when set.
    pub idle_lock_seconds: u32,
    pub four_eyes: bool,
    pub locked: bool,
}

impl Session {
    /// The session of whoever is signed in (locked or not); `None` when nobody is.
    pub fn current(state: &AppState) -> IpcResult<Option<Session>> {
        let (actor, locked) = match state.sign_in()? {
            SignIn::Out => return Ok(None),
            SignIn::In(actor) => (actor, false),
            SignIn::Locked(actor) => (actor, true),
        };
        let (four_eyes, idle_lock_minutes) = state.settings()?;
        Ok(Some(Session {
            name: actor.name().to_string(),
            roles: actor.roles().iter().copied().map(Into::into).collect(),
            idle_lock_minutes,
            idle_lock_seconds: state.idle_lock_seconds().unwrap_or(idle_lock_minutes.saturating_mul(60)),
            four_eyes,
            locked,
        }))
    }

    /// After a successful sign-in (login, unlock, init) there is always a session.
    pub fn signed_in(state: &AppState) -> IpcResult<Session> {
        Session::current(state)?.ok_or_else(crate::state::not_signed_in)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct User {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub roles: Vec<Role>,
    pub disabled: bool,
    pub created_at: String,
}

impl From<core::User> for User {
    fn from(u: core::User) -> Self {
        User {
            id: u.id.0,
            name: u.name,
            roles: u.roles.into_iter().map(Into::into).collect(),
            disabled: u.disabled,
            created_at: u.created_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Settings {
    pub four_eyes: bool,
    pub idle_lock_minutes: u32,
}

impl Settings {
    pub fn load(archive: &core::Archive) -> core::Result<Self> {
        Ok(Settings { four_eyes: archive.four_eyes()?, idle_lock_minutes: archive.idle_lock_minutes()? })
    }
}

// ---------------------------------------------------------------- applications

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum ApplicationKind {
    Restore,
    Handback,
}

impl From<ApplicationKind> for core::ApplicationKind {
    fn from(k: ApplicationKind) -> Self {
        match k {
            ApplicationKind::Restore => core::ApplicationKind::Restore,
            ApplicationKind::Handback => core::ApplicationKind::Handback,
        }
    }
}

impl From<core::ApplicationKind> for ApplicationKind {
    fn from(k: core::ApplicationKind) -> Self {
        match k {
            core::ApplicationKind::Restore => ApplicationKind::Restore,
            core::ApplicationKind::Handback => ApplicationKind::Handback,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum ApplicationStatus {
    Pending,
    Approved,
    Rejected,
}

impl From<core::ApplicationStatus> for ApplicationStatus {
    fn from(s: core::ApplicationStatus) -> Self {
        match s {
            core::ApplicationStatus::Pending => ApplicationStatus::Pending,
            core::ApplicationStatus::Approved => ApplicationStatus::Approved,
            core::ApplicationStatus::Rejected => ApplicationStatus::Rejected,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Application {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: ApplicationKind,
    #[ts(type = "number")]
    pub registration_id: i64,
    pub registration_number: Option<String>,
    pub unit_name: String,
    pub reason: String,
    // The number of the unit's signed written request.
    pub reference: String,
    pub status: ApplicationStatus,
    pub applied_by: String,
    pub applied_at: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
}

impl From<core::Application> for Application {
    fn from(a: core::Application) -> Self {
        Application {
            id: a.id.0,
            kind: a.kind.into(),
            registration_id: a.registration.0,
            registration_number: a.registration_number,
            unit_name: a.unit_name,
            reason: a.reason,
            reference: a.reference,
            status: a.status.into(),
            applied_by: a.applied_by,
            applied_at: a.applied_at,
            decided_by: a.decided_by,
            decided_at: a.decided_at,
        }
    }
}

impl Application {
    /// Reviewers and admins see every application; anyone else only their own.
    pub fn visible_to(apps: Vec<core::Application>, actor: &core::Actor) -> Vec<Application> {
        let sees_all = actor.roles().iter().any(|r| matches!(r, core::Role::Reviewer | core::Role::Admin));
        apps.into_iter().filter(|a| sees_all || a.applied_by == actor.name()).map(Into::into).collect()
    }
}

// ---------------------------------------------------------------- audit

// Every field optional; `since`/`until` are RFC 3339 times (inclusive / exclusive).
// `action` may be a prefix ending in "." (e.g. "registration.").
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct AuditFilter {
    pub operator: Option<String>,
    pub action: Option<String>,
    #[ts(type = "number | null")]
    pub unit_id: Option<i64>,
    pub since: Option<String>,
    pub until: Option<String>,
}

impl TryFrom<AuditFilter> for core::AuditFilter {
    type Error = IpcError;
    fn try_from(f: AuditFilter) -> Result<Self, IpcError> {
        let text = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        // Stored times are whole-second UTC RFC 3339, compared as text: normalise to that.
        let time = |v: Option<String>, what: &str| -> Result<Option<String>, IpcError> {
            text(v)
                .map(|s| {
                    chrono::DateTime::parse_from_rfc3339(&s)
                        .map(|t| core::format_time(t.with_timezone(&chrono::Utc)))
                        .map_err(|_| IpcError::bad_request(format!("{what}“{s}”不是有效的时间。")))
                })
                .transpose()
        };
        Ok(core::AuditFilter {
            operator: text(f.operator),
            action: text(f.action),
            subject: None,
            unit: f.unit_id,
            since: time(f.since, "起始时间")?,
            until: time(f.until, "截止时间")?,
            limit: None,
        })
    }
}

#[cfg(test)]
mod tests;

// ---------------------------------------------------------------- media, backup, restore

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum MediumKind {
    Hdd,
    Ssd,
    Usb,
    Optical,
    Tape,
}

impl From<MediumKind> for core::MediumKind {
    fn from(k: MediumKind) -> Self {
        match k {
            MediumKind::Hdd => core::MediumKind::Hdd,
            MediumKind::Ssd => core::MediumKind::Ssd,
            MediumKind::Usb => core::MediumKind::Usb,
            MediumKind::Optical => core::MediumKind::Optical,
            MediumKind::Tape => core::MediumKind::Tape,
        }
    }
}

impl From<core::MediumKind> for MediumKind {
    fn from(k: core::MediumKind) -> Self {
        match k {
            core::MediumKind::Hdd => MediumKind::Hdd,
            core::MediumKind::Ssd => MediumKind::Ssd,
            core::MediumKind::Usb => MediumKind::Usb,
            core::MediumKind::Optical => MediumKind::Optical,
            core::MediumKind::Tape => MediumKind::Tape,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Medium {
    pub id: String,
    pub label: String,
    pub set: String,
    pub kind: MediumKind,
    pub location: Option<String>,
    // Where it was mounted when registered or last written.
    pub path: String,
    #[ts(type = "number | null")]
    pub capacity_bytes: Option<i64>,
    #[ts(type = "number | null")]
    pub free_bytes: Option<i64>,
    pub created_at: String,
    #[ts(type = "number")]
    pub registrations: i64,
    #[ts(type = "number")]
    pub bytes_used: i64,
    pub last_backup_at: Option<String>,
    pub last_verified_at: Option<String>,
    // "ok" or "problems".
    pub last_result: Option<String>,
}

impl From<core::Medium> for Medium {
    fn from(m: core::Medium) -> Self {
        Medium {
            id: m.id,
            label: m.label,
            set: m.set,
            kind: m.kind.into(),
            location: m.location,
            path: m.path,
            capacity_bytes: m.capacity_bytes,
            free_bytes: m.free_bytes,
            created_at: m.created_at,
            registrations: m.registrations,
            bytes_used: m.bytes_used,
            last_backup_at: m.last_backup_at,
            last_verified_at: m.last_verified_at,
            last_result: m.last_result,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct NewMedium {
    pub path: String,
    pub label: String,
    pub set: String,
    pub kind: MediumKind,
    pub location: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct BackupOutcome {
    pub medium: String,
    // Registration numbers written as bags by this run.
    pub written: Vec<String>,
    #[ts(type = "number")]
    pub files: u64,
    #[ts(type = "number")]
    pub bytes: u64,
    // Sealed registrations the medium already held.
    pub already_held: usize,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
    pub cancelled: bool,
}

impl From<core::BackupReport> for BackupOutcome {
    fn from(r: core::BackupReport) -> Self {
        BackupOutcome {
            medium: r.medium,
            written: r.written,
            files: r.files,
            bytes: r.bytes,
            already_held: r.already_held,
            elapsed_ms: r.elapsed_ms,
            cancelled: r.cancelled,
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum ProblemKind {
    Missing,
    Changed,
    Extra,
}

impl From<core::ProblemKind> for ProblemKind {
    fn from(k: core::ProblemKind) -> Self {
        match k {
            core::ProblemKind::Missing => ProblemKind::Missing,
            core::ProblemKind::Changed => ProblemKind::Changed,
            core::ProblemKind::Extra => ProblemKind::Extra,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct MediumProblem {
    pub bag: String,
    // Relative to the bag; empty: the whole bag.
    pub path: String,
    pub kind: ProblemKind,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct VerifyOutcome {
    pub medium: String,
    pub bags_held: usize,
    pub bags_checked: usize,
    pub sample_percent: Option<u8>,
    #[ts(type = "number")]
    pub files: u64,
    #[ts(type = "number")]
    pub bytes: u64,
    pub problems: Vec<MediumProblem>,
    pub ok: bool,
    pub cancelled: bool,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
}

impl From<core::MediumReport> for VerifyOutcome {
    fn from(r: core::MediumReport) -> Self {
        let ok = r.ok();
        VerifyOutcome {
            medium: r.medium,
            bags_held: r.bags_held,
            bags_checked: r.bags_checked,
            sample_percent: r.sample_percent,
            files: r.files,
            bytes: r.bytes,
            problems: r
                .problems
                .into_iter()
                .map(|p| MediumProblem { bag: p.bag, path: p.path, kind: p.kind.into(), detail: p.detail })
                .collect(),
            ok,
            cancelled: r.cancelled,
            elapsed_ms: r.elapsed_ms,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct RestoreRequest {
    pub job_id: String,
    #[ts(type = "number")]
    pub application_id: i64,
    #[ts(type = "number")]
    pub registration_id: i64,
    pub to: String,
    // One item (its path as displayed) instead of the whole registration.
    pub file: Option<String>,
    pub overwrite: bool,
}

impl RestoreRequest {
    pub fn into_core(self) -> core::RestoreRequest {
        core::RestoreRequest {
            registration: core::RegistrationId(self.registration_id),
            application: core::ApplicationId(self.application_id),
            to: PathBuf::from(self.to),
            file: self.file.map(|f| f.trim().to_string()).filter(|f| !f.is_empty()),
            overwrite: self.overwrite,
            // The app restores from the vault; restoring from a medium is the CLI's `--from` for now.
            from: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct RestoreOutcome {
    #[ts(type = "number")]
    pub files: u64,
    #[ts(type = "number")]
    pub bytes: u64,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
    pub cancelled: bool,
}

impl From<core::RestoreReport> for RestoreOutcome {
    fn from(r: core::RestoreReport) -> Self {
        RestoreOutcome { files: r.files, bytes: r.bytes, elapsed_ms: r.elapsed_ms, cancelled: r.cancelled }
    }
}
