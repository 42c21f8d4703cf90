// The running intake job lives in this top-level store, not in a page, so it keeps going
// (and keeps reporting progress) while the clerk works on other screens.
import { startIntake } from "../api";
import type { JobEvent } from "../bindings/JobEvent";
import type { IntakeOutcome } from "../bindings/IntakeOutcome";
import type { IntakeRequest } from "../bindings/IntakeRequest";
import { percent } from "../format";
import { createStore } from "./createStore";
import { cancelStoreJob, runWithProgress } from "./progressRun";

export type JobStatus = "running" | "cancelling" | "done" | "failed";

export type Sample = { ms: number; bytes: number };

export type IntakeJob = {
  jobId: string;
  request: IntakeRequest;
  status: JobStatus;
  progress: JobEvent | null;
  /** Recent (elapsedMs, bytesDone) pairs for the speed estimate. */
  samples: Sample[];
  outcome: IntakeOutcome | null;
  error: string | null;
  cancelError: string | null;
};

export const intakeJob = createStore<IntakeJob | null>(null);

export function newJobId(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function patchJob(jobId: string, patch: (job: IntakeJob) => Partial<IntakeJob>): void {
  intakeJob.set((job) => (job && job.jobId === jobId ? { ...job, ...patch(job) } : job));
}

export function isJobActive(job: IntakeJob | null): boolean {
  return job !== null && (job.status === "running" || job.status === "cancelling");
}

/** Starts an intake job; progress arrives over a Channel and is coalesced to ~10 updates/s. */
export function startIntakeJob(req: Omit<IntakeRequest, "jobId">): string {
  if (isJobActive(intakeJob.get())) throw new Error("busy");
  const jobId = newJobId();
  const request: IntakeRequest = { ...req, jobId };
  intakeJob.set({ jobId, request, status: "running", progress: null, samples: [], outcome: null, error: null, cancelError: null });

  runWithProgress<IntakeJob, IntakeOutcome>(
    (f) => patchJob(jobId, f),
    (channel) => startIntake(request, channel),
    (outcome) => ({ status: "done", outcome }),
    (error) => ({ status: "failed", error }),
  );
  return jobId;
}

export const cancelIntakeJob = () => cancelStoreJob(intakeJob);

export function clearIntakeJob(): void {
  if (!isJobActive(intakeJob.get())) intakeJob.set(null);
}

/** Percent done by bytes (by files when there are no bytes to read). */
export function progressPercent(p: JobEvent | null): number {
  if (!p) return 0;
  if (p.phase === "finishing") return 100;
  return p.bytesTotal > 0 ? percent(p.bytesDone, p.bytesTotal) : percent(p.filesDone, p.filesTotal);
}

/** Bytes per second over the recent window, falling back to the whole-job average. */
export function jobSpeed(job: Pick<IntakeJob, "progress" | "samples">): number {
  const p = job.progress;
  if (!p) return 0;
  const first = job.samples[0];
  const last = job.samples[job.samples.length - 1];
  if (first && last && last.ms - first.ms >= 1000) return ((last.bytes - first.bytes) * 1000) / (last.ms - first.ms);
  return p.elapsedMs > 0 ? (p.bytesDone * 1000) / p.elapsedMs : 0;
}

/** Seconds left, or null while unknown (scanning, no speed yet). */
export function jobEtaSeconds(job: Pick<IntakeJob, "progress" | "samples">): number | null {
  const p = job.progress;
  if (!p || p.phase === "scanning") return null;
  const speed = jobSpeed(job);
  if (speed <= 0) return null;
  return Math.max(0, (p.bytesTotal - p.bytesDone) / speed);
}
