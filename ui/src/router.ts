// A tiny router: the current screen lives in a module-level store, mirrored in the URL
// hash (#/users, #/registration/3) so a route can also be opened directly.
import { useSyncExternalStore } from "react";

export type Route =
  | { name: "dashboard" }
  | { name: "units" }
  | { name: "intake"; draftId?: number; seriesId?: number }
  | { name: "registrations" }
  | { name: "registration"; id: number }
  | { name: "users" }
  | { name: "approvals" }
  | { name: "media" }
  | { name: "audit" }
  | { name: "disposal" }
  | { name: "settings" }
  | { name: "search"; q?: string }
  | { name: "attest" }
  | { name: "certVerify" }
  | { name: "statistics" }
  | { name: "reports" }
  | { name: "series"; id?: number };

const SIMPLE = ["dashboard", "units", "intake", "registrations", "users", "approvals", "media", "audit", "disposal", "settings", "search", "attest", "certVerify", "statistics", "reports", "series"] as const;

export function parseHash(hash: string): Route {
  const [name, arg, more] = hash.replace(/^#\/?/, "").split("/");
  if (name === "search" && arg) return { name, q: decodeURIComponent(arg) };
  if (name === "intake" && arg === "series" && Number.isInteger(Number(more)) && more) return { name, seriesId: Number(more) };
  const id = Number(arg);
  if (name === "series" && Number.isInteger(id) && arg) return { name, id };
  if (name === "registration" && Number.isInteger(id)) return { name, id };
  if (name === "intake" && Number.isInteger(id) && arg) return { name, draftId: id };
  return (SIMPLE as readonly string[]).includes(name) ? ({ name } as Route) : { name: "dashboard" };
}

export function formatHash(route: Route): string {
  if (route.name === "registration") return `#/registration/${route.id}`;
  if (route.name === "intake" && route.draftId !== undefined) return `#/intake/${route.draftId}`;
  if (route.name === "intake" && route.seriesId !== undefined) return `#/intake/series/${route.seriesId}`;
  if (route.name === "series" && route.id !== undefined) return `#/series/${route.id}`;
  if (route.name === "search" && route.q) return `#/search/${encodeURIComponent(route.q)}`;
  return `#/${route.name}`;
}

let current: Route = parseHash(window.location.hash);
const listeners = new Set<() => void>();

function set(route: Route): void {
  current = route;
  listeners.forEach((l) => l());
}

window.addEventListener("hashchange", () => {
  if (window.location.hash !== formatHash(current)) set(parseHash(window.location.hash));
});

export function getRoute(): Route {
  return current;
}

export function navigate(route: Route): void {
  set(route);
  const hash = formatHash(route);
  if (window.location.hash !== hash) window.location.hash = hash;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, getRoute);
}
