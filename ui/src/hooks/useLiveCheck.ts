import { useEffect, useEffectEvent, useState } from "react";
import { errorMessage } from "../errors";

export type LiveCheck<T> = { result: T | null; error: string | null; checking: boolean; checkedValue: string | null };

/**
 * Calls `check` whenever `value` changes (when `enabled(value)`); answers to stale values
 * are dropped, so the shown result always belongs to the current input.
 */
export function useLiveCheck<T>(
  value: string,
  check: (value: string) => Promise<T>,
  enabled: (value: string) => boolean = () => true,
): LiveCheck<T> {
  const [state, setState] = useState<LiveCheck<T>>({ result: null, error: null, checking: false, checkedValue: null });
  const active = enabled(value);
  const run = useEffectEvent(check);

  useEffect(() => {
    if (!active) return;
    let current = true;
    run(value)
      .then((result) => current && setState({ result, error: null, checking: false, checkedValue: value }))
      .catch((e: unknown) => current && setState({ result: null, error: errorMessage(e), checking: false, checkedValue: value }));
    return () => {
      current = false;
    };
  }, [value, active]);

  if (!active) return { result: null, error: null, checking: false, checkedValue: null };
  // The last answer stays shown while the current value is being checked.
  return { ...state, checking: state.checkedValue !== value };
}
