// The running four-property check: like the other long jobs it lives in a top-level store,
// so it keeps going (and its result stays) while the clerk looks at other screens.
import { startCheck } from "../api";
import type { CheckReport } from "../bindings/CheckReport";
import type { JobEvent } from "../bindings/JobEvent";
import { createStore } from "./createStore";
import { newJobId, type JobStatus, type Sample } from "./jobs";
import { cancelStoreJob, runWithProgress } from "./progressRun";

export type CheckJob = {
  jobId: string;
  registrationId: number;
  status: JobStatus;
  progress: JobEvent | null;
  samples: Sample[];
  report: CheckReport | null;
  error: string | null;
  cancelError: string | null;
};

export const checkJob = createStore<CheckJob | null>(null);

export const isCheckActive = (job: CheckJob | null) => job !== null && (job.status === "running" || job.status === "cancelling");

function patch(jobId: string, f: (job: CheckJob) => Partial<CheckJob>): void {
  checkJob.set((job) => (job && job.jobId === jobId ? { ...job, ...f(job) } : job));
}

/** Starts a check of the registration; `onDone` runs when it ends (to reload its summary). */
export function startCheckJob(registrationId: number, onDone: () => void): void {
  if (isCheckActive(checkJob.get())) return;
  const jobId = newJobId();
  checkJob.set({ jobId, registrationId, status: "running", progress: null, samples: [], report: null, error: null, cancelError: null });
  runWithProgress<CheckJob, CheckReport>(
    (f) => patch(jobId, f),
    (channel) => startCheck(jobId, registrationId, channel),
    (report) => {
      onDone();
      return { status: "done", report };
    },
    (error) => ({ status: "failed", error }),
  );
}

export const cancelCheckJob = () => cancelStoreJob(checkJob);
