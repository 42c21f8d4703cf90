import { expect, test, vi } from "vitest";

vi.mock("../api", () => ({ cancelJob: vi.fn(), startIntake: vi.fn() }));

import type { JobEvent } from "../bindings/JobEvent";
import { jobEtaSeconds, jobSpeed, progressPercent } from "./jobs";

const event = (over: Partial<JobEvent>): JobEvent => ({
  phase: "hashing",
  filesDone: 0,
  filesTotal: 10,
  bytesDone: 0,
  bytesTotal: 1000,
  currentPath: null,
  elapsedMs: 0,
  ...over,
});

test("progress counts bytes, files when there are none, and is full while finishing", () => {
  expect(progressPercent(null)).toBe(0);
  expect(progressPercent(event({ bytesDone: 250 }))).toBe(25);
  expect(progressPercent(event({ bytesTotal: 0, filesDone: 3 }))).toBe(30);
  expect(progressPercent(event({ phase: "finishing", bytesDone: 10 }))).toBe(100);
});

test("speed comes from the recent window once it spans a second, else the whole job", () => {
  const progress = event({ bytesDone: 600, elapsedMs: 3000 });
  // Half a second of samples is too little: 600 bytes over 3 s.
  expect(jobSpeed({ progress, samples: [{ ms: 2500, bytes: 500 }, { ms: 3000, bytes: 600 }] })).toBe(200);
  // Two seconds of samples: (600 - 200) bytes over 2 s.
  expect(jobSpeed({ progress, samples: [{ ms: 1000, bytes: 200 }, { ms: 3000, bytes: 600 }] })).toBe(200);
  expect(jobSpeed({ progress, samples: [{ ms: 1000, bytes: 0 }, { ms: 3000, bytes: 600 }] })).toBe(300);
  // 400 bytes left at 300 bytes a second.
  expect(jobEtaSeconds({ progress, samples: [{ ms: 1000, bytes: 0 }, { ms: 3000, bytes: 600 }] })).toBeCloseTo(4 / 3);
  expect(jobEtaSeconds({ progress: event({ phase: "scanning" }), samples: [] })).toBeNull();
  expect(jobEtaSeconds({ progress: null, samples: [] })).toBeNull();
});
