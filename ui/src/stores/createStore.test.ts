import { expect, test } from "vitest";
import { createStore } from "./createStore";

test("a store tells every listener of each change until it unsubscribes", () => {
  const store = createStore(1);
  const seen: number[] = [];
  const stop = store.subscribe(() => seen.push(store.get()));
  store.set(2);
  store.set((n) => n * 10);
  stop();
  store.set(3);
  expect(seen).toEqual([2, 20]);
  expect(store.get()).toBe(3);
});
