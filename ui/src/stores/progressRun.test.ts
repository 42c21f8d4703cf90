import { afterEach, beforeEach, expect, test, vi } from "vitest";

// The Channel the backend streams progress through, as a plain object a test can post to.
vi.mock("@tauri-apps/api/core", () => ({
  Channel: class {
    onmessage: (ev: unknown) => void = () => undefined;
  },
}));
const cancelJob = vi.fn();
vi.mock("../api", () => ({ cancelJob: (id: string) => cancelJob(id) }));

import type { Channel } from "@tauri-apps/api/core";
import type { JobEvent } from "../bindings/JobEvent";
import { createStore } from "./createStore";
import type { JobStatus, Sample } from "./jobs";
import { cancelStoreJob, runWithProgress } from "./progressRun";

type Job = { progress: JobEvent | null; samples: Sample[]; outcome?: string; error?: string };

const event = (elapsedMs: number, bytesDone: number): JobEvent => ({
  phase: "hashing",
  filesDone: 0,
  filesTotal: 1,
  bytesDone,
  bytesTotal: 100,
  currentPath: null,
  elapsedMs,
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

test("events are folded into about ten updates a second, the last one kept, then the outcome", async () => {
  let job: Job = { progress: null, samples: [] };
  const patches: Partial<Job>[] = [];
  const patch = (f: (j: Job) => Partial<Job>) => {
    const p = f(job);
    patches.push(p);
    job = { ...job, ...p };
  };
  let channel: Channel<JobEvent> | null = null;
  let finish: (r: string) => void = () => undefined;
  runWithProgress<Job, string>(
    patch,
    (c) => {
      channel = c;
      return new Promise<string>((resolve) => (finish = resolve));
    },
    (outcome) => ({ outcome }),
    (error) => ({ error }),
  );
  const post = (ev: JobEvent) => channel!.onmessage(ev);
  post(event(0, 0));
  post(event(50, 10));
  post(event(90, 20));
  expect(patches).toHaveLength(0);
  vi.advanceTimersByTime(100);
  expect(patches).toHaveLength(1);
  expect(job.progress?.bytesDone).toBe(20);
  // Samples older than the speed window drop out.
  post(event(7000, 90));
  vi.advanceTimersByTime(100);
  expect(job.samples).toEqual([{ ms: 7000, bytes: 90 }]);
  finish("完成");
  await vi.runAllTimersAsync();
  expect(job.outcome).toBe("完成");
});

test("a failed run ends with its message", async () => {
  let job: Job = { progress: null, samples: [] };
  const patch = (f: (j: Job) => Partial<Job>) => (job = { ...job, ...f(job) });
  runWithProgress<Job, string>(patch, () => Promise.reject(new Error("介质已拔出")), (outcome) => ({ outcome }), (error) => ({ error }));
  await vi.runAllTimersAsync();
  expect(job.error).toContain("介质已拔出");
});

test("a cancel the backend refuses leaves the job running and says why", async () => {
  type Running = { jobId: string; status: JobStatus; cancelError: string | null };
  const store = createStore<Running | null>({ jobId: "j1", status: "running", cancelError: null });
  cancelJob.mockRejectedValueOnce(new Error("没有这个作业"));
  await cancelStoreJob(store);
  expect(store.get()).toMatchObject({ status: "running", cancelError: expect.stringContaining("没有这个作业") });
  cancelJob.mockResolvedValueOnce(undefined);
  await cancelStoreJob(store);
  expect(store.get()?.status).toBe("cancelling");
  expect(cancelJob).toHaveBeenLastCalledWith("j1");
});
