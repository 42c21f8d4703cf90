// The running backup, medium verification, repair or restore: like the intake job, it lives
// in a top-level store so it keeps going (and reporting) while the clerk visits other screens.
import { Channel } from "@tauri-apps/api/core";
import { startBackup, startHandback, startRepairMedium, startRepairVault, startRestore, startVerifyMedium, startVerifyVault } from "../api";
import type { HandbackRequest } from "../bindings/HandbackRequest";
import type { BackupOutcome } from "../bindings/BackupOutcome";
import type { JobEvent } from "../bindings/JobEvent";
import type { RepairOutcome } from "../bindings/RepairOutcome";
import type { RestoreOutcome } from "../bindings/RestoreOutcome";
import type { RestoreRequest } from "../bindings/RestoreRequest";
import type { VaultRepairOutcome } from "../bindings/VaultRepairOutcome";
import type { VaultVerifyOutcome } from "../bindings/VaultVerifyOutcome";
import type { VerifyOutcome } from "../bindings/VerifyOutcome";
import type { Route } from "../router";
import { createStore } from "./createStore";
import { cancelStoreJob, runWithProgress } from "./progressRun";
import { newJobId, type JobStatus, type Sample } from "./jobs";

export type MediaResult =
  | { kind: "backup"; outcome: BackupOutcome }
  | { kind: "verify"; outcome: VerifyOutcome }
  | { kind: "repair"; outcome: RepairOutcome }
  | { kind: "restore"; outcome: RestoreOutcome }
  | { kind: "handback"; outcome: RestoreOutcome }
  | { kind: "vaultVerify"; outcome: VaultVerifyOutcome }
  | { kind: "vaultRepair"; outcome: VaultRepairOutcome };

export type MediaJobKind = MediaResult["kind"];

export type MediaJob = {
  jobId: string;
  kind: MediaJobKind;
  /** What it works on: the medium's label, or the registration number. */
  subject: string;
  /** The medium's folder (backup, verify, repair); null for a restore. */
  path: string | null;
  status: JobStatus;
  progress: JobEvent | null;
  samples: Sample[];
  result: MediaResult | null;
  error: string | null;
  cancelError: string | null;
};

export const mediaJob = createStore<MediaJob | null>(null);

function patch(jobId: string, f: (job: MediaJob) => Partial<MediaJob>): void {
  mediaJob.set((job) => (job && job.jobId === jobId ? { ...job, ...f(job) } : job));
}

export function isMediaJobActive(job: MediaJob | null): boolean {
  return job !== null && (job.status === "running" || job.status === "cancelling");
}

/** The screen that shows this kind of job's progress and result. */
export function mediaJobHome(kind: MediaJobKind): Route {
  return kind === "restore" || kind === "handback" ? { name: "approvals" } : { name: "media" };
}

function start(
  kind: MediaJobKind,
  subject: string,
  path: string | null,
  run: (jobId: string, channel: Channel<JobEvent>) => Promise<MediaResult>,
): string {
  if (isMediaJobActive(mediaJob.get())) throw new Error("busy");
  const jobId = newJobId();
  mediaJob.set({ jobId, kind, subject, path, status: "running", progress: null, samples: [], result: null, error: null, cancelError: null });
  runWithProgress<MediaJob, MediaResult>(
    (f) => patch(jobId, f),
    (channel) => run(jobId, channel),
    (result) => ({ status: "done", result }),
    (error) => ({ status: "failed", error }),
  );
  return jobId;
}

/** With `readBack`, every file is read back from the device against both digests before
 *  its bag counts (twice the medium's I/O). A drive whose health is failing or unknown is
 *  written to only with `confirmHealth` (the clerk said so; recorded in the ledger). */
export const startBackupJob = (label: string, path: string, readBack = false, confirmHealth = false) =>
  start("backup", label, path, async (id, ch) => ({ kind: "backup", outcome: await startBackup(id, path, readBack, confirmHealth, ch) }));

/** With `sha256Only`, the SHA-256 manifest alone is checked (as bagit.py does), at a quarter of the CPU. */
export const startVerifyJob = (label: string, path: string, samplePercent: number | null, sha256Only = false) =>
  start("verify", label, path, async (id, ch) => ({
    kind: "verify",
    outcome: await startVerifyMedium(id, path, samplePercent, sha256Only, ch),
  }));

/** Repairs the medium at `path` from the vault, or from the registered medium at `from`. */
export const startRepairJob = (label: string, path: string, from: string | null) =>
  start("repair", label, path, async (id, ch) => ({ kind: "repair", outcome: await startRepairMedium(id, path, from, ch) }));

export const startRestoreJob = (subject: string, req: Omit<RestoreRequest, "jobId">) =>
  start("restore", subject, null, async (id, ch) => ({ kind: "restore", outcome: await startRestore({ ...req, jobId: id }, ch) }));

/** A hand-back (交还) of a whole registration, with its hand-over record. */
export const startHandbackJob = (subject: string, req: Omit<HandbackRequest, "jobId">) =>
  start("handback", subject, null, async (id, ch) => ({ kind: "handback", outcome: await startHandback({ ...req, jobId: id }, ch) }));

/** Re-hashes every object in the vault. */
export const startVaultVerifyJob = (subject: string) =>
  start("vaultVerify", subject, null, async (id, ch) => ({ kind: "vaultVerify", outcome: await startVerifyVault(id, ch) }));

/** Copies missing or changed vault objects back from the registered medium at `path`. */
export const startVaultRepairJob = (subject: string, path: string) =>
  start("vaultRepair", subject, path, async (id, ch) => ({ kind: "vaultRepair", outcome: await startRepairVault(id, path, ch) }));

export const cancelMediaJob = () => cancelStoreJob(mediaJob);

export function clearMediaJob(): void {
  if (!isMediaJobActive(mediaJob.get())) mediaJob.set(null);
}
