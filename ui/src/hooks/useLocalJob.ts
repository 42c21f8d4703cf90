// A job that belongs to one screen (an attestation, a ledger verification): started with a
// fresh job id and a progress channel, its latest progress drawn at most ten times a
// second, cancelled by id. The backend runs it on its own thread and archive connection,
// so other screens stay usable meanwhile.
import { Channel } from "@tauri-apps/api/core";
import { useState } from "react";
import { cancelJob } from "../api";
import type { JobEvent } from "../bindings/JobEvent";
import { newJobId } from "../stores/jobs";

export type LocalJob = { jobId: string; progress: JobEvent | null; cancelling: boolean };

export function useLocalJob() {
  const [job, setJob] = useState<LocalJob | null>(null);

  /** Runs `work` as the screen's job; resolves or rejects as it does. */
  const start = async <R>(work: (jobId: string, channel: Channel<JobEvent>) => Promise<R>): Promise<R> => {
    const jobId = newJobId();
    setJob({ jobId, progress: null, cancelling: false });
    const channel = new Channel<JobEvent>();
    let last = 0;
    channel.onmessage = (ev) => {
      const now = Date.now();
      if (now - last < 100 && ev.filesDone < ev.filesTotal) return;
      last = now;
      setJob((j) => (j && j.jobId === jobId ? { ...j, progress: ev } : j));
    };
    try {
      return await work(jobId, channel);
    } finally {
      setJob((j) => (j && j.jobId === jobId ? null : j));
    }
  };

  const cancel = async () => {
    if (!job) return;
    setJob({ ...job, cancelling: true });
    await cancelJob(job.jobId);
  };

  return { job, start, cancel };
}
