// One typed wrapper per Tauri command. All reject with an ApiError ({ code, message }).
import { Channel, invoke } from "@tauri-apps/api/core";
import type { ArchiveInfo } from "./bindings/ArchiveInfo";
import type { IntakeEvent } from "./bindings/IntakeEvent";
import type { IntakeOutcome } from "./bindings/IntakeOutcome";
import type { IntakeRequest } from "./bindings/IntakeRequest";
import type { LedgerReport } from "./bindings/LedgerReport";
import type { NewUnit } from "./bindings/NewUnit";
import type { RegionCheck } from "./bindings/RegionCheck";
import type { RegistrationDetail } from "./bindings/RegistrationDetail";
import type { RegistrationSummary } from "./bindings/RegistrationSummary";
import type { SealOutcome } from "./bindings/SealOutcome";
import type { Unit } from "./bindings/Unit";
import type { UsccCheck } from "./bindings/UsccCheck";

export const archiveInfo = () => invoke<ArchiveInfo>("archive_info");

export const initArchive = (archiveName: string, regionCode: string) =>
  invoke<ArchiveInfo>("init_archive", { archiveName, regionCode });

export const checkRegion = (code: string) => invoke<RegionCheck>("check_region", { code });

export const checkUscc = (code: string) => invoke<UsccCheck>("check_uscc", { code });

export const listDomains = () => invoke<string[]>("list_domains");

export const listUnits = () => invoke<Unit[]>("list_units");

export const addUnit = (unit: NewUnit) => invoke<Unit>("add_unit", { unit });

export const startIntake = (request: IntakeRequest, onProgress: Channel<IntakeEvent>) =>
  invoke<IntakeOutcome>("start_intake", { request, onProgress });

export const cancelJob = (jobId: string) => invoke<null>("cancel_job", { jobId });

export const listRegistrations = () => invoke<RegistrationSummary[]>("list_registrations");

export const getRegistration = (id: number) => invoke<RegistrationDetail>("get_registration", { id });

export const removeItems = (draftId: number, itemIds: number[]) =>
  invoke<number>("remove_items", { draftId, itemIds });

export const acceptFindings = (draftId: number, reason: string) =>
  invoke<number>("accept_findings", { draftId, reason });

export const sealRegistration = (draftId: number, confirmTitle: string) =>
  invoke<SealOutcome>("seal_registration", { draftId, confirmTitle });

export const verifyLedger = () => invoke<LedgerReport>("verify_ledger");
