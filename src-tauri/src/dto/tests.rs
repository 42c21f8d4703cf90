//! The IPC contract, pinned: these are the TypeScript declarations the frontend was written
//! against. Changing a DTO's shape fails here first; change the frontend with it.

use dengji_core as core;
use ts_rs::{Config, TS};

use super::*;
use crate::error::IpcError;
use crate::state::AppState;

// ts-rs 12 writes a trailing comma in object types (`{ a: string, }`) and copies the
// core types' `///` docs as `/** … */` before fields; the contract pins the shape alone.
fn decl<T: TS>() -> String {
    let mut text = format!("export {}", T::decl(&Config::from_env()));
    while let Some(start) = text.find("\n/**") {
        let end = text[start..].find("*/\n").map_or(text.len(), |e| start + e + 3);
        text.replace_range(start..end, "");
    }
    text.replace(", \n", ", ").replace(", }", " }")
}

#[test]
fn contract() {
    let expected = [
        (decl::<IpcError>(), r#"export type ApiError = { code: string, message: string };"#),
        (
            decl::<ArchiveInfo>(),
            r#"export type ArchiveInfo = { initialized: boolean, dataDir: string, archiveName: string | null, regionCode: string | null, regionName: string | null, hasAccounts: boolean, demo: boolean, catalog: string | null, vault: string | null };"#,
        ),
        (decl::<RegionCheck>(), r#"export type RegionCheck = { valid: boolean, name: string | null, message: string | null };"#),
        (decl::<ReadyScreen>(), r#"export type ReadyScreen = "login" | "dashboard";"#),
        (decl::<PathKind>(), r#"export type PathKind = "file" | "folder" | "missing";"#),
        (
            decl::<Overview>(),
            r#"export type Overview = { units: number, drafts: number, sealed: number, pendingApplications: number, restoresWaiting: number, missingHandovers: number, setup: Setup, recent: Array<RegistrationSummary> };"#,
        ),
        (decl::<Setup>(), r#"export type Setup = { clerk: boolean, reviewer: boolean, key: boolean, medium: boolean };"#),
        (decl::<ReadyTimes>(), r#"export type ReadyTimes = { sinceStartMs: number, sinceSignInMs: number | null };"#),
        (
            decl::<UnitKind>(),
            r#"export type UnitKind = "agency" | "institution" | "enterprise" | "project" | "organization" | "individual";"#,
        ),
        (decl::<UsccStatus>(), r#"export type UsccStatus = "valid" | "empty" | "malformed" | "badCheck";"#),
        (
            decl::<UsccCheck>(),
            r#"export type UsccCheck = { status: UsccStatus, expected: string | null, message: string, regionWarning: string | null };"#,
        ),
        (
            decl::<UnitEdit>(),
            r#"export type UnitEdit = { name: string, kind: UnitKind, uscc: string | null, domain: string | null, reason: string | null, force: boolean };"#,
        ),
        (decl::<UnitEdited>(), r#"export type UnitEdited = { unit: Unit, changed: Array<string>, warnings: Array<string> };"#),
        (
            decl::<VaultProblem>(),
            r#"export type VaultProblem = { sha256: string, kind: string, items: Array<string>, chunks: Array<ChunkProblem> };"#,
        ),
        (decl::<ChunkProblem>(), r#"export type ChunkProblem = { sha256: string, kind: string, items: Array<string> };"#),
        (
            decl::<VaultVerifyOutcome>(),
            r#"export type VaultVerifyOutcome = { objects: number, bytes: number, problems: Array<VaultProblem>, ok: boolean, cancelled: boolean };"#,
        ),
        (
            decl::<VaultRepairOutcome>(),
            r#"export type VaultRepairOutcome = { medium: string, objects: number, found: number, repaired: number, quarantined: number, unrepaired: Array<VaultProblem>, ok: boolean, cancelled: boolean };"#,
        ),
        (decl::<Domain>(), r#"export type Domain = { name: string, retiredAt: string | null, units: number };"#),
        (
            decl::<DiscardReport>(),
            r#"export type DiscardReport = { id: number, title: string, files: number, bytes: number, objectsRemoved: number };"#,
        ),
        (
            decl::<Unit>(),
            r#"export type Unit = { id: number, name: string, kind: UnitKind, uscc: string | null, domain: string | null, createdAt: string, registrations: number };"#,
        ),
        (
            decl::<NewUnit>(),
            r#"export type NewUnit = { name: string, kind: UnitKind, uscc: string | null, domain: string | null, force: boolean };"#,
        ),
        (decl::<RecordKind>(), r#"export type RecordKind = "paperScan" | "electronic" | "businessData";"#),
        (
            decl::<IntakeRequest>(),
            r#"export type IntakeRequest = { jobId: string, draftId: number | null, unitId: number | null, title: string | null, kind: RecordKind | null, seriesId: number | null, period: string | null, paths: Array<string> };"#,
        ),
        (decl::<JobPhase>(), r#"export type JobPhase = "scanning" | "hashing" | "finishing";"#),
        (
            decl::<JobEvent>(),
            r#"export type JobEvent = { phase: JobPhase, filesDone: number, filesTotal: number, bytesDone: number, bytesTotal: number, currentPath: string | null, elapsedMs: number };"#,
        ),
        (
            decl::<IntakeOutcome>(),
            r#"export type IntakeOutcome = { draftId: number, files: number, bytes: number, cancelled: boolean, findings: number, check: CheckSummary | null };"#,
        ),
        (decl::<RegistrationStatus>(), r#"export type RegistrationStatus = "draft" | "sealed";"#),
        (decl::<RegistrationOrder>(), r#"export type RegistrationOrder = "newest" | "sealedLatest" | "sealedEarliest";"#),
        (
            decl::<RegistrationQuery>(),
            r#"export type RegistrationQuery = { text: string | null, status: RegistrationStatus | null, order: RegistrationOrder, offset: number, limit: number };"#,
        ),
        (decl::<RegistrationPage>(), r#"export type RegistrationPage = { total: number, rows: Array<RegistrationSummary> };"#),
        (
            decl::<RegistrationSummary>(),
            r#"export type RegistrationSummary = { id: number, registrationNumber: string | null, status: RegistrationStatus, title: string, kind: RecordKind, unitName: string, unitUscc: string | null, files: number, bytes: number, createdAt: string, sealedAt: string | null, intakeComplete: boolean, handoverRef: string | null };"#,
        ),
        (
            decl::<Item>(),
            r#"export type Item = { id: number, path: string, size: number, mtime: string | null, sha256: string, sm3: string, format: string, pages: number | null, disposedAt: string | null, meta: ItemMeta };"#,
        ),
        (
            decl::<Finding>(),
            r#"export type Finding = { id: number, kind: string, path: string, detail: string, blocking: boolean, acknowledged: boolean };"#,
        ),
        (
            decl::<LedgerEntry>(),
            r#"export type LedgerEntry = { seq: number, at: string, operator: string, action: string, subject: string };"#,
        ),
        (
            decl::<RegistrationDetail>(),
            r#"export type RegistrationDetail = { summary: RegistrationSummary, packageSm3: string | null, packageSha256: string | null, items: Array<Item>, findings: Array<Finding>, ledger: Array<LedgerEntry>, sealBlockers: Array<string>, preparers: Array<string>, checkAcceptances: Array<CheckAcceptance>, sealCheck: SealCheck | null };"#,
        ),
        (
            decl::<SealOutcome>(),
            r#"export type SealOutcome = { registrationNumber: string, packageSm3: string, packageSha256: string, sealedAt: string };"#,
        ),
        (decl::<LedgerReport>(), r#"export type LedgerReport = { ok: boolean, entries: number, message: string };"#),
        (decl::<Role>(), r#"export type Role = "admin" | "clerk" | "reviewer";"#),
        (
            decl::<Session>(),
            r#"export type Session = { name: string, roles: Array<Role>, idleLockMinutes: number, idleLockSeconds: number, fourEyes: boolean, locked: boolean };"#,
        ),
        (decl::<User>(), r#"export type User = { id: number, name: string, roles: Array<Role>, disabled: boolean, createdAt: string };"#),
        (
            decl::<Settings>(),
            r#"export type Settings = { fourEyes: boolean, idleLockMinutes: number, copySetsRequired: number, checkCycleMonths: Record<string, number>, minSamplePercent: number, approvalValidDays: number };"#,
        ),
        (
            decl::<Policies>(),
            r#"export type Policies = { fourEyes: boolean, idleLockMinutes: number, copySetsRequired: number, checkCycleMonths: Record<string, number>, domains: Array<string> };"#,
        ),
        (decl::<SettingsPreview>(), r#"export type SettingsPreview = { archiveName: string, regionCode: string, policies: Policies };"#),
        (
            decl::<SettingsImport>(),
            r#"export type SettingsImport = { changed: Array<string>, domainsAdded: Array<string>, kept: Array<string> };"#,
        ),
        (decl::<DemoArchive>(), r#"export type DemoArchive = { info: ArchiveInfo, accounts: Array<string>, password: string };"#),
        (
            decl::<RecoverOutcome>(),
            r#"export type RecoverOutcome = { media: Array<string>, registrations: number, complete: number, missing: Array<string>, draftsDropped: Array<string>, filesCopied: number, bytesCopied: number, cancelled: boolean };"#,
        ),
        (decl::<ApplicationKind>(), r#"export type ApplicationKind = "restore" | "handback";"#),
        (decl::<ApplicationStatus>(), r#"export type ApplicationStatus = "pending" | "approved" | "rejected";"#),
        (
            decl::<Application>(),
            r#"export type Application = { id: number, kind: ApplicationKind, registrationId: number | null, registrationNumber: string | null, unitName: string, reason: string, reference: string, status: ApplicationStatus, appliedBy: string, appliedAt: string, decidedBy: string | null, decidedAt: string | null, usedAt: string | null, validUntil: string | null, lowerArchive: string | null };"#,
        ),
        (
            decl::<AuditFilter>(),
            r#"export type AuditFilter = { operator: string | null, action: string | null, unitId: number | null, since: string | null, until: string | null };"#,
        ),
        (decl::<MediumKind>(), r#"export type MediumKind = "hdd" | "ssd" | "usb" | "optical" | "tape";"#),
        (
            decl::<Medium>(),
            r#"export type Medium = { id: string, label: string, set: string, kind: MediumKind, location: string | null, path: string, capacityBytes: number | null, freeBytes: number | null, createdAt: string, registrations: number, bytesUsed: number, lastBackupAt: string | null, lastVerifiedAt: string | null, lastResult: string | null, retired: Retirement | null, out: Outing | null };"#,
        ),
        (decl::<DriveHealth>(), r#"export type DriveHealth = { passed: boolean | null, summary: string };"#),
        (decl::<RetireReason>(), r#"export type RetireReason = "lost" | "destroyed" | "failed" | "migrated";"#),
        (decl::<Retirement>(), r#"export type Retirement = { at: string, reason: RetireReason, note: string | null };"#),
        (decl::<Outing>(), r#"export type Outing = { shipment: number, destination: string, reference: string | null, since: string };"#),
        (
            decl::<Shipment>(),
            r#"export type Shipment = { id: number, destination: string, reference: string | null, shippedAt: string, media: Array<string>, returned: Array<string>, outstanding: Array<string> };"#,
        ),
        (
            decl::<NewMedium>(),
            r#"export type NewMedium = { path: string, label: string, set: string, kind: MediumKind, location: string | null };"#,
        ),
        (
            decl::<BackupOutcome>(),
            r#"export type BackupOutcome = { medium: string, written: Array<string>, files: number, bytes: number, alreadyHeld: number, elapsedMs: number, cancelled: boolean, signed: boolean, readBack: boolean };"#,
        ),
        (decl::<ProblemKind>(), r#"export type ProblemKind = "missing" | "changed" | "extra";"#),
        (decl::<MediumProblem>(), r#"export type MediumProblem = { bag: string, path: string, kind: ProblemKind, detail: string };"#),
        (
            decl::<VerifyOutcome>(),
            r#"export type VerifyOutcome = { medium: string, bagsHeld: number, bagsChecked: number, samplePercent: number | null, sha256Only: boolean, files: number, bytes: number, problems: Array<MediumProblem>, ok: boolean, cancelled: boolean, elapsedMs: number };"#,
        ),
        (
            decl::<RestoreRequest>(),
            r#"export type RestoreRequest = { jobId: string, applicationId: number, registrationId: number | null, to: string, file: string | null, overwrite: boolean, from: string | null };"#,
        ),
        (
            decl::<RestoreOutcome>(),
            r#"export type RestoreOutcome = { source: string | null, files: number, bytes: number, elapsedMs: number, cancelled: boolean, record: string | null, signed: boolean, disposed: number };"#,
        ),
        (decl::<MediumFile>(), r#"export type MediumFile = { bag: string, path: string };"#),
        (
            decl::<RepairOutcome>(),
            r#"export type RepairOutcome = { medium: string, source: string | null, found: Array<MediumProblem>, rewritten: Array<MediumFile>, quarantine: string | null, quarantined: Array<string>, partialsRemoved: Array<string>, unrepaired: Array<MediumProblem>, after: VerifyOutcome };"#,
        ),
        (
            decl::<UnderCopied>(),
            r#"export type UnderCopied = { registrationId: number, registrationNumber: string, unit: string, sets: Array<string> };"#,
        ),
        (
            decl::<CheckDue>(),
            r#"export type CheckDue = { label: string, set: string, kind: MediumKind, lastCheck: string, verified: boolean, due: string };"#,
        ),
        (
            decl::<BackupStatus>(),
            r#"export type BackupStatus = { at: string, copySetsRequired: number, underCopiedTotal: number, underCopied: Array<UnderCopied>, checksDue: Array<CheckDue>, notCounted: Array<NotCounted> };"#,
        ),
        (
            decl::<NotCounted>(),
            r#"export type NotCounted = { label: string, set: string, registrations: number, retired: RetireReason | null, failedAt: string | null };"#,
        ),
        (
            decl::<SearchFilter>(),
            r#"export type SearchFilter = { unitId: number | null, kind: RecordKind | null, domain: string | null, year: number | null, status: RegistrationStatus | null, mediaSet: string | null, limit: number | null };"#,
        ),
        (decl::<SearchHitKind>(), r#"export type SearchHitKind = "unit" | "registration" | "item";"#),
        (
            decl::<SearchHit>(),
            r#"export type SearchHit = { kind: SearchHitKind, unitId: number, unitName: string, uscc: string | null, registrationId: number | null, registrationLabel: string | null, status: RegistrationStatus | null, title: string | null, path: string | null, refCode: string | null };"#,
        ),
        (
            decl::<SearchResults>(),
            r#"export type SearchResults = { query: string, hits: Array<SearchHit>, truncated: boolean, lower: Array<LowerHits> };"#,
        ),
        (
            decl::<CertificateSummary>(),
            r#"export type CertificateSummary = { number: string, reissueOf: string | null, registrationNumber: string, issuedAt: string, issuedBy: string, pdfSha256: string, pdfBytes: number, supersededBy: string | null, checkpointSize: number, checkpointHead: string, title: string, unitName: string, unitUscc: string | null, sealedAt: string, files: number, bytes: number, packageSm3: string, packageSha256: string, archiveName: string, qrText: string };"#,
        ),
        (
            decl::<CertQuery>(),
            r#"export type CertQuery = { "by": "number", "value": string } | { "by": "qr", "value": string } | { "by": "pdf", "value": string };"#,
        ),
        (
            decl::<CertStatus>(),
            r#"export type CertStatus = "current" | "superseded" | "notIssued" | "digestMismatch" | "checkpointMismatch" | "signatureInvalid";"#,
        ),
        (
            decl::<CertVerdict>(),
            r#"export type CertVerdict = { status: CertStatus, message: string, certificate: CertificateSummary | null, problems: Array<string>, signature: SignatureSummary };"#,
        ),
        (
            decl::<Attestation>(),
            r#"export type Attestation = { seq: number, at: string, operator: string, files: Array<AttestedFile>, lower: Array<HeldBy>, checkpointSize: number, checkpointHead: string };"#,
        ),
        (
            decl::<AttestedFile>(),
            r#"export type AttestedFile = { name: string, size: number, sha256: string, sm3: string, matches: Array<RegisteredCopy>, sameName: Array<RegisteredCopy> };"#,
        ),
        (
            decl::<RegisteredCopy>(),
            r#"export type RegisteredCopy = { registrationNumber: string, unitName: string, unitUscc: string | null, path: string, size: number, sha256: string, sm3: string, sealedAt: string, disposedAt: string | null, media: Array<HeldOn>, heldBy: HeldBy | null };"#,
        ),
        (
            decl::<Series>(),
            r#"export type Series = { id: number, unitId: number, unitName: string, name: string, system: string | null, cadence: Cadence, versions: number, lastPeriod: string | null, createdAt: string };"#,
        ),
        (
            decl::<VersionDiff>(),
            r#"export type VersionDiff = { from: number, to: number, added: Array<FileChange>, removed: Array<FileChange>, changed: Array<FileChange>, unchanged: number, newBytes: number };"#,
        ),
        (
            decl::<FileChange>(),
            r#"export type FileChange = { path: string, sizeBefore: number | null, sizeAfter: number | null, changedBytes: number | null };"#,
        ),
        (
            decl::<MissingHandover>(),
            r#"export type MissingHandover = { seriesId: number, name: string, unit: string, period: string, overdue: boolean };"#,
        ),
        (
            decl::<HeldOn>(),
            r#"export type HeldOn = { label: string, set: string, kind: string, lastVerifiedAt: string | null, lastResult: string | null };"#,
        ),
        (decl::<StatBucket>(), r#"export type StatBucket = { key: string, registrations: number, files: number, bytes: number };"#),
        (
            decl::<StatTotals>(),
            r#"export type StatTotals = { units: number, registrations: number, drafts: number, files: number, bytes: number, vaultBytes: number, media: number };"#,
        ),
        (
            decl::<MediumStat>(),
            r#"export type MediumStat = { label: string, set: string, kind: string, registrations: number, bytesUsed: number, freeBytes: number | null, lastVerifiedAt: string | null, lastResult: string | null, checkDue: boolean };"#,
        ),
        (
            decl::<Statistics>(),
            r#"export type Statistics = { at: string, totals: StatTotals, byDomain: Array<StatBucket>, byUnitKind: Array<StatBucket>, byUnit: Array<StatBucket>, byYear: Array<StatBucket>, byRecordKind: Array<StatBucket>, byMediaSet: Array<StatBucket>, byMonth: Array<StatBucket>, media: Array<MediumStat>, bySource: Array<StatBucket>, lowerArchives: number };"#,
        ),
        (decl::<CheckProperty>(), r#"export type CheckProperty = "authenticity" | "integrity" | "usability" | "security";"#),
        (decl::<CheckSeverity>(), r#"export type CheckSeverity = "error" | "warning" | "info";"#),
        (
            decl::<CheckFinding>(),
            r#"export type CheckFinding = { item: string | null, property: CheckProperty, rule: string, severity: CheckSeverity, message: string };"#,
        ),
        (decl::<CheckCounts>(), r#"export type CheckCounts = { error: number, warning: number, info: number };"#),
        (
            decl::<CheckSummary>(),
            r#"export type CheckSummary = { authenticity: CheckCounts, integrity: CheckCounts, usability: CheckCounts, security: CheckCounts };"#,
        ),
        (decl::<VirusScanState>(), r#"export type VirusScanState = "clean" | "infected" | "notScanned";"#),
        (decl::<VirusScan>(), r#"export type VirusScan = { state: VirusScanState, detail: string };"#),
        (
            decl::<CheckReport>(),
            r#"export type CheckReport = { record: number | null, registrationId: number, label: string, at: string, operator: string, files: number, bytes: number, findings: Array<CheckFinding>, summary: CheckSummary, virusScan: VirusScan, cancelled: boolean, passed: boolean };"#,
        ),
        (
            decl::<CheckRecord>(),
            r#"export type CheckRecord = { id: number, at: string, operator: string, files: number, bytes: number, summary: CheckSummary, virusScan: VirusScan, passed: boolean, atIntake: boolean };"#,
        ),
        (
            decl::<CheckAcceptance>(),
            r#"export type CheckAcceptance = { rule: string, item: string | null, message: string, reason: string, acceptedBy: string, acceptedAt: string };"#,
        ),
        (decl::<CheckError>(), r#"export type CheckError = { finding: CheckFinding, accepted: CheckAcceptance | null };"#),
        (decl::<SealCheck>(), r#"export type SealCheck = { summary: CheckSummary, accepted: Array<CheckAcceptance> };"#),
        (decl::<Retention>(), r#"export type Retention = "永久" | "30年" | "10年";"#),
        (
            decl::<ItemMeta>(),
            r#"export type ItemMeta = { refCode: string | null, title: string | null, creator: string | null, date: string | null, retention: Retention | null, classification: string | null, pages: number | null, piece: number | null, note: string | null };"#,
        ),
        (
            decl::<CatalogueField>(),
            r#"export type CatalogueField = "file" | "refCode" | "title" | "creator" | "date" | "retention" | "classification" | "pages" | "piece" | "note";"#,
        ),
        (decl::<CatalogueColumn>(), r#"export type CatalogueColumn = { header: string, field: CatalogueField | null };"#),
        (decl::<UnmatchedRow>(), r#"export type UnmatchedRow = { row: number, key: string, reason: string };"#),
        (decl::<InvalidValue>(), r#"export type InvalidValue = { row: number, column: string, value: string, reason: string };"#),
        (
            decl::<CatalogueImport>(),
            r#"export type CatalogueImport = { file: string, fileSha256: string, format: string, encoding: string | null, headerRow: number, columns: Array<CatalogueColumn>, rows: number, matched: number, unmatchedRows: Array<UnmatchedRow>, invalid: Array<InvalidValue>, filesWithoutRow: Array<string>, applied: boolean, itemsUpdated: number };"#,
        ),
    ];
    for (got, want) in expected {
        assert_eq!(got, want);
    }
}

/// The core's types the IPC carries as they are (no DTO of their own): written into
/// ui/src/bindings/ here, as the DTOs are by their own export tests, whether or not a
/// DTO names them.
#[test]
fn core_types_are_written_as_bindings() {
    let cfg = Config::from_env();
    for export in [
        core::Role::export_all,
        core::ApplicationKind::export_all,
        core::ApplicationStatus::export_all,
        core::Property::export_all,
        core::Severity::export_all,
        core::Phase::export_all,
        core::MediumKind::export_all,
        core::RetireReason::export_all,
        core::ProblemKind::export_all,
        core::Status::export_all,
        core::Cadence::export_all,
        core::Retention::export_all,
        core::UnmatchedRow::export_all,
        core::ImportProblem::export_all,
        core::Bucket::export_all,
        core::Setup::export_all,
        core::Retirement::export_all,
        core::Outing::export_all,
        core::Counts::export_all,
        core::CheckSummary::export_all,
        core::CheckFinding::export_all,
        core::VaultProblem::export_all,
        core::ChunkProblem::export_all,
    ] {
        export(&cfg).unwrap();
    }
}

#[test]
fn json_matches_the_declarations() {
    let request: IntakeRequest = serde_json::from_value(serde_json::json!({
        "jobId": "j1", "draftId": null, "unitId": 3, "title": "2025 年社保名册", "kind": "paperScan", "paths": ["/media/usb/a"]
    }))
    .unwrap();
    match request.target().unwrap() {
        core::IntakeTarget::New { unit, title, kind } => {
            assert_eq!(unit.0, 3);
            assert_eq!(title, "2025 年社保名册");
            assert_eq!(kind, core::RecordKind::PaperScan);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(serde_json::to_value(UsccStatus::BadCheck).unwrap(), "badCheck");
    assert_eq!(serde_json::to_value(RecordKind::BusinessData).unwrap(), "businessData");
    let filter: core::SearchFilter = serde_json::from_value::<SearchFilter>(serde_json::json!({
        "unitId": 2, "kind": "electronic", "domain": "", "year": 2025, "status": "sealed", "mediaSet": "A", "limit": 8
    }))
    .unwrap()
    .into();
    assert_eq!(filter.unit, Some(core::UnitId(2)));
    assert_eq!(filter.kind, Some(core::RecordKind::Electronic));
    assert_eq!(filter.domain, None, "an empty domain is no filter");
    assert_eq!(
        (filter.year, filter.status, filter.media_set.as_deref(), filter.limit),
        (Some(2025), Some(core::Status::Sealed), Some("A"), Some(8))
    );
}

#[test]
fn incomplete_new_draft_is_a_bad_request() {
    let request = IntakeRequest {
        job_id: "j".into(),
        draft_id: None,
        unit_id: Some(1),
        title: None,
        kind: None,
        series_id: None,
        period: None,
        paths: vec![],
    };
    let err = request.target().unwrap_err();
    assert_eq!(err.code, "bad_request");
    assert!(err.message.contains("题名") && err.message.contains("档案类型"), "{}", err.message);
    let resume = IntakeRequest { draft_id: Some(7), ..request };
    assert!(matches!(resume.target().unwrap(), core::IntakeTarget::Draft(id) if id.0 == 7));
    // A series' hand-over: a blank period or title means the default.
    let next = IntakeRequest { draft_id: None, series_id: Some(3), period: Some(" ".into()), title: Some("九月".into()), ..resume };
    assert!(
        matches!(next.target().unwrap(), core::IntakeTarget::Series { series, period: None, title: Some(t) } if series.0 == 3 && t == "九月")
    );
}

#[test]
fn uscc_checks() {
    assert_eq!(UsccCheck::of("  ").status, UsccStatus::Empty);
    assert!(UsccCheck::of("").message.contains("个人"));
    assert_eq!(UsccCheck::of("91110000802100433b").status, UsccStatus::Valid);
    assert_eq!(UsccCheck::of("91110000802100433b").region_warning, None);
    assert!(UsccCheck::of("91330103MA27U0TT7T").region_warning.is_some_and(|w| w.contains("330103")));
    assert_eq!(UsccCheck::of("123").status, UsccStatus::Malformed);
    let bad = UsccCheck::of("91110000802100433C");
    assert_eq!(bad.status, UsccStatus::BadCheck);
    assert_eq!(bad.expected.as_deref(), Some("B"));
}

#[test]
fn region_checks() {
    let ok = RegionCheck::of("330102");
    assert!(ok.valid);
    assert_eq!(ok.name.as_deref(), Some("浙江省 杭州市 上城区"));
    let bad = RegionCheck::of("330103");
    assert!(!bad.valid && bad.message.unwrap().contains("330103"));
    assert!(!RegionCheck::of("").valid);
}

#[test]
fn audit_filter_normalises_times_and_blanks() {
    let f: AuditFilter = serde_json::from_value(serde_json::json!({ "operator": "  ", "since": "2025-03-01T00:00:00.000+08:00" })).unwrap();
    let core: core::AuditFilter = f.try_into().unwrap();
    assert_eq!(core.operator, None);
    assert_eq!(core.since.map(core::format_time).as_deref(), Some("2025-02-28T16:00:00Z"));
    assert_eq!(core.until, None);
    let bad = AuditFilter { until: Some("昨天".into()), ..AuditFilter::default() };
    assert_eq!(core::AuditFilter::try_from(bad).unwrap_err().code, "bad_request");
}

#[test]
fn session_follows_the_sign_in_and_the_idle_override() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::new(dir.path().join("archive")).with_idle_lock_seconds(Some(3));
    state.init("测试档案馆", "330102", "管理员", "管理员密码1234").unwrap();
    let s = Session::current(&state).unwrap().unwrap();
    assert_eq!((s.name.as_str(), s.roles.as_slice(), s.idle_lock_minutes, s.idle_lock_seconds), ("管理员", &[Role::Admin][..], 10, 3));
    assert!(s.four_eyes && !s.locked);
    state.lock().unwrap();
    assert!(Session::current(&state).unwrap().unwrap().locked);
    state.logout().unwrap();
    assert!(Session::current(&state).unwrap().is_none());
    let plain = AppState::new(dir.path().join("archive"));
    plain.login("管理员", "管理员密码1234").unwrap();
    assert_eq!(Session::signed_in(&plain).unwrap().idle_lock_seconds, 600);
}
