import { useEffect } from "react";
import { lockScreen } from "../stores/session";

const ACTIVITY = ["mousemove", "mousedown", "keydown", "wheel", "touchstart"] as const;

/** Locks the screen after `seconds` without mouse or keyboard activity (while `active`). */
export function useIdleLock(seconds: number, active: boolean): void {
  useEffect(() => {
    if (!active || seconds <= 0) return;
    let timer = window.setTimeout(fire, seconds * 1000);
    function fire() {
      void lockScreen();
    }
    const reset = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(fire, seconds * 1000);
    };
    ACTIVITY.forEach((e) => window.addEventListener(e, reset, { passive: true }));
    return () => {
      window.clearTimeout(timer);
      ACTIVITY.forEach((e) => window.removeEventListener(e, reset));
    };
  }, [seconds, active]);
}
