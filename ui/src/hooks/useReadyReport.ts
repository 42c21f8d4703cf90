import { useEffect } from "react";
import type { ReadyScreen } from "../bindings/ReadyScreen";
import { reportReady } from "../api";

// Once per app start: later visits to the screen say nothing about start-up.
const reported = new Set<ReadyScreen>();

/** Tells the app (one stderr line, read by bench/startup.mjs) that `screen` is interactive:
 *  `ready` is true once its data is shown, and the report waits for that frame to paint. */
export function useReadyReport(screen: ReadyScreen, ready: boolean) {
  useEffect(() => {
    if (!ready || reported.has(screen)) return;
    reported.add(screen);
    requestAnimationFrame(() => requestAnimationFrame(() => void reportReady(screen).catch(() => undefined)));
  }, [screen, ready]);
}
