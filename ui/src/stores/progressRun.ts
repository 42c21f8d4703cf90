// The part both job stores share: a progress Channel whose events are coalesced to about
// ten screen updates a second and folded into the job (latest event + a speed window),
// and the job's end as done or failed.
import { Channel } from "@tauri-apps/api/core";
import { cancelJob } from "../api";
import type { JobEvent } from "../bindings/JobEvent";
import { errorMessage } from "../errors";
import type { Store } from "./createStore";
import type { JobStatus, Sample } from "./jobs";

const SPEED_WINDOW_MS = 5000;
const FLUSH_MS = 100;

type Tracked = { progress: JobEvent | null; samples: Sample[] };

export function runWithProgress<J extends Tracked, R>(
  patch: (f: (job: J) => Partial<J>) => void,
  run: (channel: Channel<JobEvent>) => Promise<R>,
  done: (result: R) => Partial<J>,
  failed: (error: string) => Partial<J>,
): void {
  let pending: JobEvent | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let finished = false;
  const flush = () => {
    timer = null;
    const ev = pending;
    pending = null;
    if (!ev || finished) return;
    patch(
      (job) =>
        ({
          progress: ev,
          samples: [...job.samples, { ms: ev.elapsedMs, bytes: ev.bytesDone }].filter((s) => ev.elapsedMs - s.ms <= SPEED_WINDOW_MS),
        }) as Partial<J>,
    );
  };
  const channel = new Channel<JobEvent>();
  channel.onmessage = (ev) => {
    pending = ev;
    if (timer === null) timer = setTimeout(flush, FLUSH_MS);
  };
  run(channel)
    .then((result) => {
      flush();
      finished = true;
      patch(() => done(result));
    })
    .catch((e: unknown) => {
      flush();
      finished = true;
      patch(() => failed(errorMessage(e)));
    });
}

type Cancellable = { jobId: string; status: JobStatus; cancelError: string | null };

/** Asks the backend to stop the store's job while it runs; if the request fails, the job
 *  runs on and shows why. */
export async function cancelStoreJob<J extends Cancellable>(store: Store<J | null>): Promise<void> {
  const job = store.get();
  if (!job || job.status !== "running") return;
  const patch = (f: (j: J) => Partial<J>) => store.set((j) => (j && j.jobId === job.jobId ? { ...j, ...f(j) } : j));
  patch(() => ({ status: "cancelling", cancelError: null }) as Partial<J>);
  try {
    await cancelJob(job.jobId);
  } catch (e) {
    patch((j) => (j.status === "cancelling" ? ({ status: "running", cancelError: errorMessage(e) } as Partial<J>) : {}));
  }
}
