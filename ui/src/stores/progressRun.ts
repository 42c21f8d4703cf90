// The part both job stores share: a progress Channel whose events are coalesced to about
// ten screen updates a second and folded into the job (latest event + a speed window),
// and the job's end as done or failed.
import { Channel } from "@tauri-apps/api/core";
import type { IntakeEvent } from "../bindings/IntakeEvent";
import { errorMessage } from "../errors";
import type { Sample } from "./jobs";

const SPEED_WINDOW_MS = 5000;
const FLUSH_MS = 100;

type Tracked = { progress: IntakeEvent | null; samples: Sample[] };

export function runWithProgress<J extends Tracked, R>(
  patch: (f: (job: J) => Partial<J>) => void,
  run: (channel: Channel<IntakeEvent>) => Promise<R>,
  done: (result: R) => Partial<J>,
  failed: (error: string) => Partial<J>,
): void {
  let pending: IntakeEvent | null = null;
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
  const channel = new Channel<IntakeEvent>();
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
