// A tiny state-based router: the current screen lives in a module-level store.
import { useSyncExternalStore } from "react";

export type Route =
  | { name: "dashboard" }
  | { name: "units" }
  | { name: "intake"; draftId?: number }
  | { name: "registrations" }
  | { name: "registration"; id: number };

let current: Route = { name: "dashboard" };
const listeners = new Set<() => void>();

export function getRoute(): Route {
  return current;
}

export function navigate(route: Route): void {
  current = route;
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, getRoute);
}
