// One typed wrapper per Tauri command. All reject with an ApiError ({ code, message }).
import { Channel, invoke } from "@tauri-apps/api/core";
import type { Application } from "./bindings/Application";
import type { LowerRegistration } from "./bindings/LowerRegistration";
import type { MissingHandover } from "./bindings/MissingHandover";
import type { NewSeries } from "./bindings/NewSeries";
import type { SeriesChange } from "./bindings/SeriesChange";
import type { Series } from "./bindings/Series";
import type { SeriesDetail } from "./bindings/SeriesDetail";
import type { ApplicationKind } from "./bindings/ApplicationKind";
import type { ArchiveInfo } from "./bindings/ArchiveInfo";
import type { AuditFilter } from "./bindings/AuditFilter";
import type { JobEvent } from "./bindings/JobEvent";
import type { IntakeOutcome } from "./bindings/IntakeOutcome";
import type { IntakeRequest } from "./bindings/IntakeRequest";
import type { LedgerEntry } from "./bindings/LedgerEntry";
import type { LedgerReport } from "./bindings/LedgerReport";
import type { DiscardReport } from "./bindings/DiscardReport";
import type { RetireReason } from "./bindings/RetireReason";
import type { Shipment } from "./bindings/Shipment";
import type { VaultRepairOutcome } from "./bindings/VaultRepairOutcome";
import type { VaultVerifyOutcome } from "./bindings/VaultVerifyOutcome";
import type { Domain } from "./bindings/Domain";
import type { PemSource } from "./bindings/PemSource";
import type { Peer } from "./bindings/Peer";
import type { PeerAdded } from "./bindings/PeerAdded";
import type { PeerCertificate } from "./bindings/PeerCertificate";
import type { RecoveryMedium } from "./bindings/RecoveryMedium";
import type { ReportAcked } from "./bindings/ReportAcked";
import type { ReportExportRequest } from "./bindings/ReportExportRequest";
import type { ReportExported } from "./bindings/ReportExported";
import type { ReportImported } from "./bindings/ReportImported";
import type { ReportsOverview } from "./bindings/ReportsOverview";
import type { MediumKind } from "./bindings/MediumKind";
import type { NewUnit } from "./bindings/NewUnit";
import type { UnitEdit } from "./bindings/UnitEdit";
import type { UnitEdited } from "./bindings/UnitEdited";
import type { RegionCheck } from "./bindings/RegionCheck";
import type { RegistrationDetail } from "./bindings/RegistrationDetail";
import type { RegistrationPage } from "./bindings/RegistrationPage";
import type { RegistrationQuery } from "./bindings/RegistrationQuery";
import type { RegistrationSummary } from "./bindings/RegistrationSummary";
import type { Overview } from "./bindings/Overview";
import type { Role } from "./bindings/Role";
import type { SealOutcome } from "./bindings/SealOutcome";
import type { Session } from "./bindings/Session";
import type { Settings } from "./bindings/Settings";
import type { DemoArchive } from "./bindings/DemoArchive";
import type { Policies } from "./bindings/Policies";
import type { RecoverOutcome } from "./bindings/RecoverOutcome";
import type { SettingsImport } from "./bindings/SettingsImport";
import type { SettingsPreview } from "./bindings/SettingsPreview";
import type { Unit } from "./bindings/Unit";
import type { User } from "./bindings/User";
import type { UsccCheck } from "./bindings/UsccCheck";
import type { BackupOutcome } from "./bindings/BackupOutcome";
import type { BackupStatus } from "./bindings/BackupStatus";
import type { DriveHealth } from "./bindings/DriveHealth";
import type { Medium } from "./bindings/Medium";
import type { NewMedium } from "./bindings/NewMedium";
import type { RepairOutcome } from "./bindings/RepairOutcome";
import type { RestoreOutcome } from "./bindings/RestoreOutcome";
import type { RestoreRequest } from "./bindings/RestoreRequest";
import type { HandbackRequest } from "./bindings/HandbackRequest";
import type { DueRegistration } from "./bindings/DueRegistration";
import type { Disposal } from "./bindings/Disposal";
import type { Hold } from "./bindings/Hold";
import type { NewDisposal } from "./bindings/NewDisposal";
import type { NewHold } from "./bindings/NewHold";
import type { VerifyOutcome } from "./bindings/VerifyOutcome";
import type { SearchFilter } from "./bindings/SearchFilter";
import type { CertificateSummary } from "./bindings/CertificateSummary";
import type { Attestation } from "./bindings/Attestation";
import type { Statistics } from "./bindings/Statistics";
import type { CertQuery } from "./bindings/CertQuery";
import type { CheckRecord } from "./bindings/CheckRecord";
import type { CheckAcceptance } from "./bindings/CheckAcceptance";
import type { CheckError } from "./bindings/CheckError";
import type { ItemMeta } from "./bindings/ItemMeta";
import type { CatalogueColumn } from "./bindings/CatalogueColumn";
import type { CatalogueImport } from "./bindings/CatalogueImport";
import type { CheckReport } from "./bindings/CheckReport";
import type { CertVerdict } from "./bindings/CertVerdict";
import type { KeyState } from "./bindings/KeyState";
import type { SearchResults } from "./bindings/SearchResults";
import type { ReadyScreen } from "./bindings/ReadyScreen";
import type { ReadyTimes } from "./bindings/ReadyTimes";
import type { PathKind } from "./bindings/PathKind";

export const archiveInfo = () => invoke<ArchiveInfo>("archive_info");

export const reportReady = (screen: ReadyScreen) => invoke<ReadyTimes>("report_ready", { screen });

export const initArchive = (
  archiveName: string,
  regionCode: string,
  adminName: string,
  adminPassword: string,
  policies: Policies,
  keyPassphrase: string,
) => invoke<ArchiveInfo>("init_archive", { archiveName, regionCode, adminName, adminPassword, policies, keyPassphrase });

export const pathKinds = (paths: string[]) => invoke<PathKind[]>("path_kinds", { paths });

export const readSettingsFile = (path: string) => invoke<SettingsPreview>("read_settings_file", { path });

export const initDemo = () => invoke<DemoArchive>("init_demo");

export const discardDemo = () => invoke<null>("discard_demo");

export const startRecover = (jobId: string, from: string[], adminName: string, adminPassword: string, onProgress: Channel<JobEvent>) =>
  invoke<RecoverOutcome>("start_recover", { jobId, from, adminName, adminPassword, onProgress });

export const cancelRecover = (jobId: string) => invoke<null>("cancel_recover", { jobId });

export const bootstrapAdmin = (adminName: string, adminPassword: string) =>
  invoke<ArchiveInfo>("bootstrap_admin", { adminName, adminPassword });

export const checkRegion = (code: string) => invoke<RegionCheck>("check_region", { code });

export const checkUscc = (code: string) => invoke<UsccCheck>("check_uscc", { code });

export const listDomains = () => invoke<string[]>("list_domains");

export const listUnits = () => invoke<Unit[]>("list_units");

export const addUnit = (unit: NewUnit) => invoke<Unit>("add_unit", { unit });

export const editUnit = (unitId: number, edit: UnitEdit) => invoke<UnitEdited>("edit_unit", { unitId, edit });

export const domainList = () => invoke<Domain[]>("domain_list");

export const addDomain = (name: string) => invoke<boolean>("add_domain", { name });

export const renameDomain = (from: string, to: string) => invoke<Domain>("rename_domain", { from, to });

export const retireDomain = (name: string) => invoke<Domain>("retire_domain", { name });

export const peerCertificate = (source: PemSource) => invoke<PeerCertificate>("peer_certificate", { source });

export const listPeers = () => invoke<Peer[]>("list_peers");

export const addPeer = (pem: string, relation: "upper" | "lower", fingerprint: string | null) =>
  invoke<PeerAdded>("add_peer", { pem, relation, fingerprint });

export const listSeries = () => invoke<Series[]>("list_series");

export const addSeries = (series: NewSeries) => invoke<Series>("add_series", { new: series });
export const editSeries = (edit: SeriesChange) => invoke<Series>("edit_series", { edit });

// A series with its versions and what changed between them (chunk-level bytes: it reads the
// changed files, so it takes a moment for big dumps).
export const seriesDetail = (id: number) => invoke<SeriesDetail>("series_detail", { id });

// The periods a series is missing, as of now.
export const missingHandovers = () => invoke<MissingHandover[]>("missing_handovers");

export const reportsOverview = () => invoke<ReportsOverview>("reports_overview");

export const startReportExport = (request: ReportExportRequest, onProgress: Channel<JobEvent>) =>
  invoke<ReportExported>("start_report_export", { request, onProgress });

export const startReportImport = (jobId: string, dir: string, onProgress: Channel<JobEvent>) =>
  invoke<ReportImported>("start_report_import", { jobId, dir, onProgress });

// A lower archive's registration from its newest reported copy, read-only.
export const lowerRegistration = (number: string) => invoke<LowerRegistration>("lower_registration", { number });

export const ackReport = (dir: string) => invoke<ReportAcked>("ack_report", { dir });

export const startLowerRecovery = (jobId: string, lower: string, to: string, onProgress: Channel<JobEvent>) =>
  invoke<RecoveryMedium>("start_lower_recovery", { jobId, lower, to, onProgress });

export const discardDraft = (draftId: number, reason: string) => invoke<DiscardReport>("discard_draft", { draftId, reason });

export const startIntake = (request: IntakeRequest, onProgress: Channel<JobEvent>) =>
  invoke<IntakeOutcome>("start_intake", { request, onProgress });

export const cancelJob = (jobId: string) => invoke<null>("cancel_job", { jobId });

export const listRegistrations = () => invoke<RegistrationSummary[]>("list_registrations");
export const registrationPage = (query: RegistrationQuery) => invoke<RegistrationPage>("registration_page", { query });
export const dashboardOverview = () => invoke<Overview>("dashboard_overview");

export const getRegistration = (id: number) => invoke<RegistrationDetail>("get_registration", { id });

export const removeItems = (draftId: number, itemIds: number[]) =>
  invoke<number>("remove_items", { draftId, itemIds });

export const acceptFindings = (draftId: number, reason: string) =>
  invoke<number>("accept_findings", { draftId, reason });

export const sealRegistration = (draftId: number, confirmDraft: number) =>
  invoke<SealOutcome>("seal_registration", { draftId, confirmDraft });

export const startVerifyLedger = (jobId: string, onProgress: Channel<JobEvent>) => invoke<LedgerReport>("start_verify_ledger", { jobId, onProgress });

export const login = (name: string, password: string) => invoke<Session>("login", { name, password });

export const logout = () => invoke<null>("logout");

export const session = () => invoke<Session | null>("session");

export const lock = () => invoke<null>("lock");

export const unlock = (password: string) => invoke<Session>("unlock", { password });

export const listUsers = () => invoke<User[]>("list_users");

export const addUser = (name: string, password: string, roles: Role[]) => invoke<User>("add_user", { name, password, roles });

export const setUserDisabled = (name: string, disabled: boolean) => invoke<User>("set_user_disabled", { name, disabled });

export const changePassword = (current: string, password: string) => invoke<null>("change_password", { current, password });

export const setUserRoles = (name: string, roles: Role[]) => invoke<User>("set_user_roles", { name, roles });

export const resetPassword = (name: string, password: string) => invoke<null>("reset_password", { name, password });

export const getSettings = () => invoke<Settings>("get_settings");

export const setFourEyes = (on: boolean) => invoke<Settings>("set_four_eyes", { on });

export const setIdleLockMinutes = (minutes: number) => invoke<Settings>("set_idle_lock_minutes", { minutes });

export const setCopySets = (sets: number) => invoke<Settings>("set_copy_sets", { sets });

export const setCheckCycle = (kind: MediumKind, months: number) => invoke<Settings>("set_check_cycle", { kind, months });

export const setMinSample = (percent: number) => invoke<Settings>("set_min_sample", { percent });
export const setApprovalDays = (days: number) => invoke<Settings>("set_approval_days", { days });

export const exportSettings = (path: string) => invoke<null>("export_settings", { path });

export const importSettings = (path: string) => invoke<SettingsImport>("import_settings", { path });

export const listApplications = () => invoke<Application[]>("list_applications");

// A restore application for a lower archive's registration, by its number.
export const applyLowerRestore = (number: string, reason: string, reference: string) =>
  invoke<Application>("apply_lower_restore", { number, reason, reference });

export const applyRestore = (registrationId: number, kind: ApplicationKind, reason: string, reference: string) =>
  invoke<Application>("apply_restore", { registrationId, kind, reason, reference });

export const decideApplication = (id: number, approve: boolean) => invoke<Application>("decide_application", { id, approve });

export const disposalDue = () => invoke<DueRegistration[]>("disposal_due");
export const listHolds = () => invoke<Hold[]>("list_holds");
export const placeHold = (hold: NewHold) => invoke<Hold>("place_hold", { hold });
export const releaseHold = (id: number, reason: string) => invoke<Hold>("release_hold", { id, reason });
export const listDisposals = () => invoke<Disposal[]>("list_disposals");
export const applyDisposal = (disposal: NewDisposal) => invoke<Disposal>("apply_disposal", { disposal });
export const decideDisposal = (id: number, approve: boolean, note: string) => invoke<Disposal>("decide_disposal", { id, approve, note });
export const saveDisposalRecord = (id: number, path: string) => invoke<null>("save_disposal_record", { id, path });

export const audit = (filter: AuditFilter) => invoke<LedgerEntry[]>("audit", { filter });

export const accessLog = (filter: AuditFilter) => invoke<LedgerEntry[]>("access_log", { filter });

export const startExportAuditCsv = (jobId: string, filter: AuditFilter, path: string, onProgress: Channel<JobEvent>) =>
  invoke<number>("start_export_audit_csv", { jobId, filter, path, onProgress });

export const listMedia = () => invoke<Medium[]>("list_media");
/** The SMART health of the drive holding `path` (the app runs smartctl: a call of its own). */
export const mediumHealth = (path: string) => invoke<DriveHealth>("medium_health", { path });

export const setMediumLocation = (label: string, location: string | null) => invoke<Medium>("set_medium_location", { label, location });

export const checkoutMedia = (labels: string[], destination: string, reference: string | null) =>
  invoke<Shipment>("checkout_media", { labels, destination, reference });

export const checkinMedia = (labels: string[], location: string | null) => invoke<Shipment[]>("checkin_media", { labels, location });

export const retireMedium = (label: string, reason: RetireReason, note: string | null) => invoke<Medium>("retire_medium", { label, reason, note });

export const addMedium = (medium: NewMedium) => invoke<Medium>("add_medium", { medium });

export const startBackup = (jobId: string, path: string, readBack: boolean, confirmHealth: boolean, onProgress: Channel<JobEvent>) =>
  invoke<BackupOutcome>("start_backup", { jobId, path, readBack, confirmHealth, onProgress });

export const startVerifyMedium = (
  jobId: string,
  path: string,
  samplePercent: number | null,
  sha256Only: boolean,
  onProgress: Channel<JobEvent>,
) => invoke<VerifyOutcome>("start_verify_medium", { jobId, path, samplePercent, sha256Only, onProgress });

export const startVerifyVault = (jobId: string, onProgress: Channel<JobEvent>) =>
  invoke<VaultVerifyOutcome>("start_verify_vault", { jobId, onProgress });

export const startRepairVault = (jobId: string, from: string, onProgress: Channel<JobEvent>) =>
  invoke<VaultRepairOutcome>("start_repair_vault", { jobId, from, onProgress });

export const startRestore = (request: RestoreRequest, onProgress: Channel<JobEvent>) =>
  invoke<RestoreOutcome>("start_restore", { request, onProgress });
export const startHandback = (request: HandbackRequest, onProgress: Channel<JobEvent>) =>
  invoke<RestoreOutcome>("start_handback", { request, onProgress });

export const startRepairMedium = (jobId: string, path: string, from: string | null, onProgress: Channel<JobEvent>) =>
  invoke<RepairOutcome>("start_repair_medium", { jobId, path, from, onProgress });

/** `limit`: keep only the first so many under-copied registrations (0: just their count). */
export const backupStatus = (limit?: number) => invoke<BackupStatus>("backup_status", { limit: limit ?? null });

export const search = (query: string, filter: SearchFilter) => invoke<SearchResults>("search", { query, filter });

export const listCertificates = (registrationId: number) => invoke<CertificateSummary[]>("list_certificates", { registrationId });

export const startIssueCertificate = (jobId: string, registrationId: number, onProgress: Channel<JobEvent>) =>
  invoke<CertificateSummary>("start_issue_certificate", { jobId, registrationId, onProgress });

// The issued PDF's bytes (sent raw, not as JSON).
export const certificatePdf = (number: string) => invoke<ArrayBuffer>("certificate_pdf", { number });

export const saveCertificate = (number: string, path: string) => invoke<null>("save_certificate", { number, path });

export const verifyCertificate = (query: CertQuery) => invoke<CertVerdict>("verify_certificate", { query });

export const keyState = () => invoke<KeyState>("key_state");

// Unlocks the archive key until sign-out (a ledger entry).
export const unlockKey = (passphrase: string) => invoke<null>("unlock_key", { passphrase });

// Makes the archive key (admin), for an archive that has none.
export const createKey = (passphrase: string) => invoke<null>("create_key", { passphrase });

export const startAttest = (jobId: string, paths: string[], onProgress: Channel<JobEvent>) =>
  invoke<Attestation>("start_attest", { jobId, paths, onProgress });

// The report (鉴证报告) of an attestation made in this sign-in, written to `path`.
export const saveAttestationReport = (seq: number, path: string) => invoke<null>("save_attestation_report", { seq, path });

export const statistics = (withLower = false) => invoke<Statistics>("statistics", { withLower });

// The statistics as of now for the annual report (年报), to an .xlsx or .csv `path`.
export const exportStatistics = (path: string, withLower = false) => invoke<null>("export_statistics", { path, withLower });

export const startCheck = (jobId: string, registrationId: number, onProgress: Channel<JobEvent>) =>
  invoke<CheckReport>("start_check", { jobId, registrationId, onProgress });

// The report (四性检测报告) of a check run in this sign-in, written to `path`.
export const saveCheckReport = (record: number, path: string) => invoke<null>("save_check_report", { record, path });

export const listChecks = (registrationId: number) => invoke<CheckRecord[]>("list_checks", { registrationId });
/** The error findings of a draft's current content the seal waits on (looked at, not kept). */
export const checkErrors = (draftId: number) => invoke<CheckError[]>("check_errors", { draftId });
/** A reviewer accepts one rule's error findings (of one file when `item` is given), or
 *  every open one when `rule` is null. */
export const acceptCheckErrors = (draftId: number, rule: string | null, item: string | null, reason: string) =>
  invoke<CheckAcceptance[]>("accept_check_errors", { draftId, rule, item, reason });

export const setItemMeta = (draftId: number, itemId: number, meta: ItemMeta) => invoke<ItemMeta>("set_item_meta", { draftId, itemId, meta });

export const setHandoverRef = (draftId: number, reference: string) => invoke<null>("set_handover_ref", { draftId, reference });

export const listClassifications = () => invoke<string[]>("list_classifications");

// The catalogue's report against the draft; written only with `apply` (the clerk confirmed).
export const startImportCatalogue = (
  jobId: string,
  draftId: number,
  path: string,
  mapping: CatalogueColumn[],
  apply: boolean,
  onProgress: Channel<JobEvent>,
) => invoke<CatalogueImport>("start_import_catalogue", { jobId, draftId, path, mapping, apply, onProgress });
