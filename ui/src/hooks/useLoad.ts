import { useCallback, useEffect, useEffectEvent, useState } from "react";
import { errorMessage } from "../errors";

export type Loaded<T> = { data: T | null; error: string | null; loading: boolean; reload: () => void };

type Settled<T> = { data: T | null; error: string | null; for: unknown[] | null };

/** Whether two dependency lists hold the same values (as React compares them). */
function same(a: unknown[] | null, b: unknown[]): boolean {
  return a !== null && a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

/** Runs an async loader on mount (and when deps change); keeps the last data while reloading. */
export function useLoad<T>(loader: () => Promise<T>, deps: unknown[] = []): Loaded<T> {
  const [tick, setTick] = useState(0);
  const [settled, setSettled] = useState<Settled<T>>({ data: null, error: null, for: null });
  const load = useEffectEvent(loader);
  const key = [tick, ...deps];

  useEffect(() => {
    let alive = true;
    load()
      .then((data) => alive && setSettled({ data, error: null, for: key }))
      .catch((e: unknown) => alive && setSettled((s) => ({ ...s, error: errorMessage(e), for: key })));
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps, spread: the list is its to keep
  }, key);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  // Loading until an answer for exactly these deps came in.
  return { data: settled.data, error: settled.error, loading: !same(settled.for, key), reload };
}
